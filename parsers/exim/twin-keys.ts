// Twin keys: Exim writes every rejection to the mainlog and to the rejectlog (log_reject_target
// defaults to main:reject, formats.md 1.1) with the very same text. Hashing the line from its
// timestamp on gives both copies the same key, in one run or in two, so the store keeps one event.
// `#n` counts earlier identical lines in the same second of this input: two genuine repeats in one
// log (a client retrying within the second) stay two events.
//
// The store keeps keys unique per (time, host), so the hash only has to tell apart the lines of one
// second: 53 bits make a collision between two different lines of the same second a 1 in 10^13 event
// even at thousands of rejections a second, at a fraction of the cost of a digest.
import type { ReplyEvent } from '../../src/model/event.js';
import { hash53 } from '../../src/util/hash53.js';

const MAX_COUNTED = 10_000;

export class TwinKeys {
  private second = '';
  private readonly seen = new Map<number, number>();

  /** Sets the event's twin key and repeat number from the line's core (from its timestamp on). */
  assign(event: ReplyEvent, core: string, second: string): void {
    const hash = hash53(core);
    if (second !== this.second) {
      this.second = second;
      this.seen.clear();
    }
    const n = this.seen.get(hash) ?? 0;
    if (n > 0 || this.seen.size < MAX_COUNTED) this.seen.set(hash, n + 1);
    event.twinKey = hash;
    event.twinRepeat = n;
  }
}
