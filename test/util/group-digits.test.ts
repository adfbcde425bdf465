import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/util/group-digits.js';

describe('groupDigits', () => {
  it('spells counts as en-US does', () => {
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1000)).toBe('1,000');
    expect(groupDigits(115230)).toBe('115,230');
    expect(groupDigits(-1234567)).toBe('-1,234,567');
    expect(groupDigits(1234.5)).toBe('1,234.5');
  });

  it('agrees with toLocaleString("en-US") on integers and fractions of every size', () => {
    // a fixed walk over magnitudes (not random): 0.001 .. 1e15, both signs, with and without fractions
    const values: number[] = [];
    for (let digits = 0; digits <= 15; digits++) {
      for (const lead of [1, 4, 9]) {
        const whole = lead * 10 ** digits + (digits > 2 ? 7 * 10 ** (digits - 2) : 0);
        for (const frac of [0, 0.5, 0.125, 0.0004, 0.9996]) {
          if (whole + frac > Number.MAX_SAFE_INTEGER / 1000) continue;
          values.push(whole + frac, -(whole + frac));
        }
      }
    }
    const wrong = values.filter((v) => groupDigits(v) !== v.toLocaleString('en-US'));
    expect(wrong).toEqual([]);
  });
});
