// Twin keys: Exim writes every rejection to the mainlog and to the rejectlog (log_reject_target
// defaults to main:reject, formats.md 1.1) with the very same text. Hashing the line from its
// timestamp on gives both copies the same key, in one run or in two, so the store keeps one event.
// `#n` counts earlier identical lines in the same second of this input: two genuine repeats in one
// log (a client retrying within the second) stay two events.
//
// The store keeps keys unique per (time, host), so the hash only has to tell apart the lines of one
// second: 53 bits make a collision between two different lines of the same second a 1 in 10^13 event
// even at thousands of rejections a second, at a fraction of the cost of a digest.
//
// Speed (issue 7): this runs on every rejection and the hash walks the whole line, so it was a fifth
// of the parse time on a rejectlog. Two things make it cheaper without changing a single key:
// - ASCII lines (nearly all) are copied into a scratch buffer in one native call and hashed from its
//   bytes, which is about a third cheaper than charCodeAt on every character; the arithmetic is the
//   one of src/util/hash53.ts, and other lines go to hash53 itself;
// - a second holds a handful of rejections, so the lines seen in it are counted in two small arrays
//   (a Map, cleared every second, cost more than the scan); a busy second moves to a Map.
import type { ReplyEvent } from '../../src/model/event.js';
import { hash53 } from '../../src/util/hash53.js';

const MAX_COUNTED = 10_000;
/** Distinct lines of one second counted in the arrays before they move to a Map. */
const SMALL = 32;

/** Lines longer than this go to hash53 (Exim lines stay under 8 KiB; the buffer holds 3 bytes a character). */
const MAX_SCRATCH_CHARS = 8192;
const scratch = Buffer.allocUnsafe(MAX_SCRATCH_CHARS * 3);

/** hash53(text), seed 0. Must give exactly hash53's value: the keys are stored and compared across runs. */
export function lineHash(text: string): number {
  const n = text.length;
  // write() (UTF-8) puts one byte per character exactly when every character is ASCII, and then the
  // bytes are the character codes hash53 reads
  if (n > MAX_SCRATCH_CHARS || scratch.write(text) !== n) return hash53(text);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < n; i++) {
    const c = scratch[i]!;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class TwinKeys {
  /** The second being counted (EximPrefix.secondKey). */
  private second = -1;
  /** Hashes seen in this second and how often, while there are at most SMALL of them. */
  private readonly hashes: number[] = [];
  private readonly counts: number[] = [];
  /** All hashes of a busy second (null while the arrays suffice). */
  private seen: Map<number, number> | null = null;

  /**
   * Sets the event's twin key and repeat number from the line's core (from its timestamp on) and its
   * second (EximPrefix.secondKey: equal numbers for equal `YYYY-MM-DD HH:MM:SS` texts).
   */
  assign(event: ReplyEvent, core: string, second: number): void {
    const hash = lineHash(core);
    if (second !== this.second) {
      this.second = second;
      this.hashes.length = 0;
      this.counts.length = 0;
      this.seen = null;
    }
    event.twinKey = hash;
    event.twinRepeat = this.seen === null ? this.countSmall(hash) : this.countBig(this.seen, hash);
  }

  /** Earlier lines with this hash in this second; records this one. */
  private countSmall(hash: number): number {
    const hashes = this.hashes;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] === hash) return this.counts[i]!++;
    }
    if (hashes.length < SMALL) {
      hashes.push(hash);
      this.counts.push(1);
      return 0;
    }
    const seen = new Map<number, number>();
    for (let i = 0; i < hashes.length; i++) seen.set(hashes[i]!, this.counts[i]!);
    this.seen = seen;
    return this.countBig(seen, hash);
  }

  private countBig(seen: Map<number, number>, hash: number): number {
    const n = seen.get(hash) ?? 0;
    // past MAX_COUNTED distinct lines in one second, new lines are no longer counted
    if (n > 0 || seen.size < MAX_COUNTED) seen.set(hash, n + 1);
    return n;
  }
}
