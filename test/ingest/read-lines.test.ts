import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/ingest/read-lines.js';

interface Got {
  text: string;
  offset: number;
  number: number;
  oversized: boolean;
}

function split(input: Buffer, cuts: number[], final = true, max?: number, start = 0): { lines: Got[]; complete: number; oversized: number } {
  const lines: Got[] = [];
  const splitter = new LineSplitter((l, oversized) => lines.push({ ...l, oversized }), start, 0, max);
  let prev = 0;
  for (const cut of [...cuts, input.length]) {
    splitter.push(input.subarray(prev, cut));
    prev = cut;
  }
  splitter.end(final);
  return { lines, complete: splitter.completeOffset, oversized: splitter.oversized };
}

function randomCuts(len: number, seed: number): number[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const cuts = new Set<number>();
  const n = Math.floor(rnd() * 12);
  for (let i = 0; i < n; i++) cuts.add(Math.floor(rnd() * len));
  return [...cuts].sort((a, b) => a - b);
}

const exim = Buffer.from(
  '2024-03-21 09:18:51 H=m05.horp.tld [9.12.1.21] F=<a@b> rejected RCPT <c@d>: relay not permitted\n' +
    'Envelope-from: <a@b>\n' +
    '  Date: Thu, 21 Mar 2024 09:18:50 +0000\n' +
    '2024-03-21 09:18:52 H=(caf\xc3\xa9) [9.12.1.22] rejected EHLO or HELO caf\xc3\xa9\n',
  'latin1',
);

describe('LineSplitter', () => {
  it('gives every line with its byte offset and number', () => {
    const { lines, complete } = split(exim, []);
    expect(lines.map((l) => l.number)).toEqual([1, 2, 3, 4]);
    expect(lines[1]!.text).toBe('Envelope-from: <a@b>');
    expect(lines[3]!.text).toContain('café');
    for (const l of lines) expect(exim.subarray(l.offset).toString('utf8').startsWith(l.text.slice(0, 10))).toBe(true);
    expect(complete).toBe(exim.length);
  });

  it('does not depend on where chunks are cut, nor on LF vs CRLF vs CR', () => {
    const reference = split(exim, []).lines.map((l) => l.text);
    for (const ending of ['\n', '\r\n', '\r']) {
      const input = Buffer.from(exim.toString('latin1').replaceAll('\n', ending), 'latin1');
      for (let seed = 1; seed < 200; seed++) {
        const { lines, complete } = split(input, randomCuts(input.length, seed));
        expect(lines.map((l) => l.text)).toEqual(reference);
        expect(complete).toBe(input.length);
        for (const l of lines) expect(input.subarray(l.offset, l.offset + 4).toString('latin1')).toBe(Buffer.from(l.text).subarray(0, 4).toString('latin1'));
      }
    }
  });

  it('gives the same lines from one chunk of several hundred KiB (decoded a piece at a time) as from small chunks', () => {
    // Lines of every ending and encoding, cut at every position relative to the 64 KiB decoding pieces.
    const parts: Buffer[] = [];
    for (let i = 0; parts.reduce((n, p) => n + p.length, 0) < 600 * 1024; i++) {
      const body = `2024-11-20 10:00:${String(i % 60).padStart(2, '0')} H=host${i} [192.0.2.${i % 250}] rejected ${'x'.repeat(i % 97)}`;
      const ending = ['\n', '\r\n', '\r'][i % 3]!;
      parts.push(i % 11 === 0 ? Buffer.concat([Buffer.from(body), Buffer.from([0xe9, 0x93]), Buffer.from(ending)]) : Buffer.from(body + ending));
      if (i % 29 === 0) parts.push(Buffer.from('\u00e9t\u00e9 ok\n'));
    }
    const input = Buffer.concat(parts);
    const whole = split(input, []);
    const small = split(input, Array.from({ length: Math.floor(input.length / 4093) }, (_, k) => (k + 1) * 4093));
    expect(whole.lines.length).toBeGreaterThan(5000);
    expect(whole.lines).toEqual(small.lines);
    expect(whole.complete).toBe(small.complete);
    expect(whole.lines.some((l) => l.text.includes('\u00e9\u201c'))).toBe(true); // Windows-1252 lines
    expect(whole.lines.some((l) => l.text === '\u00e9t\u00e9 ok')).toBe(true); // UTF-8 lines
  });

  it('holds back a final line without terminator unless the input is final', () => {
    const input = Buffer.from('one\ntwo\nthr');
    const live = split(input, [5], false);
    expect(live.lines.map((l) => l.text)).toEqual(['one', 'two']);
    expect(live.complete).toBe(8);
    const done = split(input, [5], true);
    expect(done.lines.map((l) => l.text)).toEqual(['one', 'two', 'thr']);
  });

  it('resumes at a saved offset and line number', () => {
    const lines: Got[] = [];
    const s = new LineSplitter((l, o) => lines.push({ ...l, oversized: o }), 1000, 41);
    s.push(Buffer.from('a\nbb\n'));
    expect(lines.map((l) => [l.offset, l.number])).toEqual([
      [1000, 42],
      [1002, 43],
    ]);
    expect(s.completeOffset).toBe(1005);
  });

  it('cuts an over-long line at the maximum, counts it, and keeps the following lines intact', () => {
    const long = 'x'.repeat(5000);
    const input = Buffer.from(`short\n${long}\nafter\n`);
    for (const cuts of [[], [10, 700, 2000, 4999], randomCuts(input.length, 7)]) {
      const { lines, oversized } = split(input, cuts, true, 1024);
      expect(lines.map((l) => l.text.length)).toEqual([5, 1024, 5]);
      expect(lines[1]!.oversized).toBe(true);
      expect(lines[2]).toMatchObject({ text: 'after', offset: 6 + 5001 });
      expect(oversized).toBe(1);
    }
  });

  it('never buffers a huge line without newline (bounded memory)', () => {
    const lines: Got[] = [];
    const s = new LineSplitter((l, o) => lines.push({ ...l, oversized: o }), 0, 0, 1024);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 800; i++) s.push(chunk); // 50 MB
    s.end(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.text.length).toBe(1024);
    expect(lines[0]!.oversized).toBe(true);
    expect(s.completeOffset).toBe(800 * 64 * 1024);
  });

  it('decodes invalid UTF-8 as Windows-1252 and keeps NUL bytes visible to the parser', () => {
    const input = Buffer.concat([Buffer.from('"SMTPD"\t1\t2\t"x"\t"1.2.3.4"\t"SENT: 550 Empf'), Buffer.from([0xe4]), Buffer.from('nger unbekannt"\r\n\0\0\n')]);
    const { lines } = split(input, []);
    expect(lines[0]!.text).toContain('Empfänger');
    // 0x80-0x9F are letters and punctuation in Windows-1252, not C1 controls.
    const smart = split(Buffer.from([0x93, 0x51, 0x94, 0x20, 0x80, 0x35, 0x0a]), []).lines[0]!.text;
    expect(smart).toBe('\u201cQ\u201d \u20ac5');
    expect(lines[1]!.text).toBe('\0\0');
  });
});
