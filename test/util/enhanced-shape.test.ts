// isEnhancedShape decides which enhanced codes ingest stores and the classifier looks up: it must
// accept and refuse exactly what /^[245]\.\d{1,3}\.\d{1,3}$/ (RFC 3463's class.subject.detail) does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEnhancedShape } from '../../src/util/enhanced-shape.js';

const SHAPE = /^[245]\.\d{1,3}\.\d{1,3}$/;

describe('isEnhancedShape', () => {
  it('accepts the codes servers write', () => {
    for (const code of ['5.7.1', '4.7.0', '2.0.0', '5.1.1', '5.7.606', '4.4.7', '5.7.26', '5.999.999']) expect(isEnhancedShape(code)).toBe(true);
  });

  it('refuses near misses: other classes, missing or extra digits, padding, other separators', () => {
    for (const text of ['3.1.1', '6.0.0', '5.7', '5.7.', '5..1', '.7.1', '5.7.1234', '5.1000.1', '5.7.1 ', ' 5.7.1', '5,7,1', '5.7.1.', '5.7.1\n', '55.7.1', '', '5.x.1', '５.7.1']) {
      expect(isEnhancedShape(text)).toBe(false);
    }
  });

  it('agrees with the regular expression on any string of digits, dots and noise', () => {
    const char = fc.constantFrom('0', '1', '2', '4', '5', '7', '9', '.', ' ', 'x', '\n');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')), (text) => {
        expect(isEnhancedShape(text)).toBe(SHAPE.test(text));
      }),
      { numRuns: 20_000, seed: 3463 },
    );
  });
});
