/**
 * A fast, well-mixed 53-bit string hash (cyrb53, public domain idea by bryc): a safe integer for
 * SQLite lookup keys where a collision only costs a second comparison, never a wrong answer. Not for
 * anything an attacker could exploit: callers always confirm a match on the full value.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return finish53(h1, h2);
}

/**
 * hash53(`${key}#${repeat}`, seed) without building the string (the store's twin column: ingest calls
 * this for every Exim rejection). `key` and `repeat` are whole numbers, 0 <= key < 2^53.
 * The digits go to a scratch array and the state stays in locals: this runs once per rejection, and
 * module-level state made it cost as much as hashing the whole line (issue 7).
 */
export function hash53OfKey(key: number, repeat: number, seed = 0): number {
  let n = putDigits(key, 0);
  DIGITS[n++] = 35; // '#'
  n = putDigits(repeat, n);
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < n; i++) {
    const c = DIGITS[i]!;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return finish53(h1, h2);
}

/** Character codes of `${key}#${repeat}`: 16 digits at most for each number below 2^53. */
const DIGITS = new Uint8Array(40);

/** Writes the decimal digits of 0 <= value < 2^53 (character codes) at `at`; returns the end. */
function putDigits(value: number, at: number): number {
  const high = Math.floor(value / 1e8);
  // both halves are below 1e8 < 2^31, so integer arithmetic is exact
  const low = value - high * 1e8;
  if (high > 0) {
    at = putSmall(high, at, 1);
    return putSmall(low, at, 8);
  }
  return putSmall(low, at, 1);
}

/** Decimal digits of 0 <= v < 1e8, left-padded with zeros to at least `width` digits. */
function putSmall(v: number, at: number, width: number): number {
  v = v | 0; // an int32 from here on: % and / stay integer operations
  let count = 1;
  for (let x = v; x >= 10; x = (x / 10) | 0) count++;
  if (count < width) count = width;
  const end = at + count;
  for (let i = end - 1; i >= at; i--) {
    DIGITS[i] = 48 + (v % 10);
    v = (v / 10) | 0;
  }
  return end;
}

/**
 * The final mixing of the two 32-bit lanes into a 53-bit safe integer, shared by every hash53 variant
 * (here and parsers/exim/twin-keys.ts): the stored twin keys depend on it staying exactly this.
 */
export function finish53(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
