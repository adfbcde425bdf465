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
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * hash53(`${key}#${repeat}`, seed) without building the string (the store's twin column: ingest calls
 * this for every Exim rejection). `key` and `repeat` are whole numbers, 0 <= key < 2^53.
 */
export function hash53OfKey(key: number, repeat: number, seed = 0): number {
  h1 = 0xdeadbeef ^ seed;
  h2 = 0x41c6ce57 ^ seed;
  const high = Math.floor(key / 1e8);
  if (high > 0) {
    feedDigits(high, 1);
    feedDigits(key - high * 1e8, 8);
  } else feedDigits(key, 1);
  feed(35); // '#'
  const repeatHigh = Math.floor(repeat / 1e8);
  if (repeatHigh > 0) {
    feedDigits(repeatHigh, 1);
    feedDigits(repeat - repeatHigh * 1e8, 8);
  } else feedDigits(repeat, 1);
  let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  a = a >>> 0;
  return 4294967296 * (2097151 & b) + a;
}

let h1 = 0;
let h2 = 0;
const digits = new Uint8Array(16);

function feed(c: number): void {
  h1 = Math.imul(h1 ^ c, 2654435761);
  h2 = Math.imul(h2 ^ c, 1597334677);
}

/** Feeds the decimal digits of 0 <= n < 1e8, left-padded with zeros to `width`. */
function feedDigits(n: number, width: number): void {
  let count = 0;
  do {
    digits[count++] = n % 10;
    n = Math.floor(n / 10);
  } while (n > 0);
  while (count < width) digits[count++] = 0;
  while (count > 0) feed(48 + digits[--count]!);
}
