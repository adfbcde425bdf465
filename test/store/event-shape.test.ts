// The shape number carries an event's unclassified facts from ingest to the store (issue 7): decoding
// must give back exactly what was encoded, or events would be stored with other codes than they had.
import { describe, expect, it } from 'vitest';
import { decodeShape, encodeShape } from '../../src/store/event-shape.js';

describe('encodeShape / decodeShape', () => {
  it('round-trips every vocabulary value and the codes real logs carry', () => {
    const cases = [
      ['exim', 'inbound', 'rcpt', 'seen', 550, '5.7.1', null],
      ['exim', 'outbound', 'data', 'inferred', 451, '4.7.1', 'transient'],
      ['hmailserver', 'inbound', 'connect', 'none', null, null, null],
      ['phpmailer', 'outbound', 'auth', 'seen', 535, '5.7.8', 'permanent'],
      ['phpmailer', 'outbound', 'tls', 'seen', 599, '2.999.999', 'unknown'],
      ['exim', 'outbound', 'other', 'seen', 100, '4.0.0', 'info'],
      ['hmailserver', 'outbound', 'helo', 'seen', 421, null, 'success'],
      ['exim', 'inbound', 'mail', 'seen', null, '5.1.10', null],
    ] as const;
    const numbers = new Set<number>();
    for (const [format, direction, stage, codeSource, code, enhanced, classHint] of cases) {
      const n = encodeShape(format, direction, stage, codeSource, code, enhanced, classHint);
      expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
      expect(decodeShape(n)).toEqual({ format, direction, stage, codeSource, code, enhanced, classHint });
      numbers.add(n);
    }
    expect(numbers.size).toBe(cases.length);
  });

  it('keeps the exact spelling of an enhanced code: leading zeros are part of it', () => {
    const spellings = ['5.7.1', '5.7.01', '5.7.001', '5.07.1', '5.007.001', '4.0.0', '4.00.000', '2.999.999'];
    const numbers = spellings.map((e) => encodeShape('exim', 'inbound', 'rcpt', 'seen', 550, e, null));
    expect(new Set(numbers).size).toBe(spellings.length);
    expect(numbers.map((n) => decodeShape(n).enhanced)).toEqual(spellings);
  });

  it('says -1 for what it cannot stand for (the row then carries its shape spelled out)', () => {
    expect(encodeShape('postfix', 'inbound', 'rcpt', 'seen', 550, null, null)).toBe(-1);
    expect(encodeShape('exim', 'sideways', 'rcpt', 'seen', 550, null, null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'bogus', 'seen', 550, null, null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'guessed', 550, null, null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 600, null, null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 99, null, null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 550.5, null, null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 550, '3.1.1', null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 550, '5.1', null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 550, '5.1.1000', null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 550, '5.a.1', null)).toBe(-1);
    expect(encodeShape('exim', 'inbound', 'rcpt', 'seen', 550, null, 'maybe' as never)).toBe(-1);
  });
});
