// Twin keys: Exim writes every rejection to the mainlog and to the rejectlog (log_reject_target
// defaults to main:reject, formats.md 1.1) with the very same text. Hashing the line from its
// timestamp on gives both copies the same key, in one run or in two, so the store keeps one event.
// `#n` counts earlier identical lines in the same second of this input: two genuine repeats in one
// log (a client retrying within the second) stay two events.
import { createHash } from 'node:crypto';

const MAX_COUNTED = 10_000;

export class TwinKeys {
  private second = '';
  private readonly seen = new Map<string, number>();

  key(core: string, second: string): string {
    const hash = createHash('sha1').update(core).digest('base64url');
    if (second !== this.second) {
      this.second = second;
      this.seen.clear();
    }
    const n = this.seen.get(hash) ?? 0;
    // hashes are fresh strings (no parent line to pin); the map is bounded per second anyway
    if (n > 0 || this.seen.size < MAX_COUNTED) this.seen.set(hash, n + 1);
    return `${hash}#${n}`;
  }
}
