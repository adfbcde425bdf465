// The store's twin column is hash53OfKey(key, repeat, seed), which must equal the hash of the text
// `key#repeat` that earlier versions stored: otherwise a rejection stored before an upgrade and its
// copy read after it would both be counted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash53, hash53OfKey } from '../../src/util/hash53.js';

describe('hash53OfKey', () => {
  it('equals hash53 of `key#repeat` at the edges of its digit groups', () => {
    const keys = [0, 1, 9, 10, 99_999_999, 100_000_000, 100_000_001, 1_000_000_007, 2 ** 32, 2 ** 53 - 1];
    for (const key of keys) {
      for (const repeat of [0, 1, 10, 99_999_999, 100_000_000, 123_456_789_012]) {
        for (const seed of [0, 1, 0xfffffffe]) expect(hash53OfKey(key, repeat, seed)).toBe(hash53(`${key}#${repeat}`, seed));
      }
    }
  });

  it('equals hash53 of `key#repeat` for any 53-bit key, repeat and 32-bit seed', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.nat({ max: 1e12 }), fc.nat({ max: 0xfffffffe }), (key, repeat, seed) => {
        expect(hash53OfKey(key, repeat, seed)).toBe(hash53(`${key}#${repeat}`, seed));
      }),
      { numRuns: 2000, seed: 53 },
    );
  });

  it('tells different repeats of one key apart', () => {
    expect(hash53OfKey(123_456_789, 0)).not.toBe(hash53OfKey(123_456_789, 1));
  });
});
