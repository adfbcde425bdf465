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
import { finish53, hash53 } from '../../src/util/hash53.js';

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
  return finish53(h1, h2);
}

/** The counts of the lines of one second (EximPrefix.secondKey). */
interface SecondTally {
  second: number;
  /** Hashes seen in this second and how often, while there are at most SMALL of them. */
  hashes: number[];
  counts: number[];
  /** All hashes of a busy second (null while the arrays suffice). */
  seen: Map<number, number> | null;
}

/**
 * Seconds whose counts are kept. Lines are not always in time order (Exim processes write to the log
 * concurrently, and a clock can step back): a line of a second seen a moment ago must continue that
 * second's count, or it gets the key of an earlier identical line and is dropped as already stored (QA:
 * 10:00:01, :02, then :01 again stored 3 events of 4). A few seconds cover that; the clock going back
 * an hour (the autumn change of a local-time log) is not covered.
 */
const RECENT_SECONDS = 8;

export class TwinKeys {
  /** Tallies of the last seconds seen, reused in turn (`next` is the oldest). */
  private readonly tallies: SecondTally[] = [];
  private next = 0;
  private current: SecondTally | null = null;

  /**
   * Sets the event's twin key and repeat number from the line's core (from its timestamp on) and its
   * second (EximPrefix.secondKey: equal numbers for equal `YYYY-MM-DD HH:MM:SS` texts).
   */
  assign(event: ReplyEvent, core: string, second: number): void {
    const hash = lineHash(core);
    let t = this.current;
    if (t === null || t.second !== second) t = this.tallyOf(second);
    event.twinKey = hash;
    event.twinRepeat = t.seen === null ? this.countSmall(t, hash) : this.countBig(t.seen, hash);
  }

  /** The tally of `second`: a recent one, else the oldest one reset for it. */
  private tallyOf(second: number): SecondTally {
    let t: SecondTally | undefined;
    for (let i = 0; i < this.tallies.length; i++) {
      if (this.tallies[i]!.second === second) {
        t = this.tallies[i]!;
        break;
      }
    }
    if (t === undefined) {
      if (this.tallies.length < RECENT_SECONDS) {
        t = { second, hashes: [], counts: [], seen: null };
        this.tallies.push(t);
      } else {
        t = this.tallies[this.next]!;
        this.next = (this.next + 1) % RECENT_SECONDS;
        t.second = second;
        t.hashes.length = 0;
        t.counts.length = 0;
        t.seen = null;
      }
    }
    this.current = t;
    return t;
  }

  /** Earlier lines with this hash in this second; records this one. */
  private countSmall(t: SecondTally, hash: number): number {
    const hashes = t.hashes;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] === hash) return t.counts[i]!++;
    }
    if (hashes.length < SMALL) {
      hashes.push(hash);
      t.counts.push(1);
      return 0;
    }
    const seen = new Map<number, number>();
    for (let i = 0; i < hashes.length; i++) seen.set(hashes[i]!, t.counts[i]!);
    t.seen = seen;
    return this.countBig(seen, hash);
  }

  private countBig(seen: Map<number, number>, hash: number): number {
    const n = seen.get(hash) ?? 0;
    // past MAX_COUNTED distinct lines in one second, new lines are no longer counted
    if (n > 0 || seen.size < MAX_COUNTED) seen.set(hash, n + 1);
    return n;
  }
}
