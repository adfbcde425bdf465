import type Database from 'better-sqlite3';

/**
 * Which reply-text hashes the reply_texts table may hold: one bit per hash (its low 24 bits) in a
 * 2 MiB bitmap. A text whose bit is clear is not stored yet, so the writer inserts it without first
 * looking it up; a set bit (a stored hash, or another one sharing its bit) only sends it to the lookup,
 * so the answer is always the table's.
 *
 * Why: a busy log's reply texts are mostly new (an address or an IP in the reply), and the lookup that
 * finds them missing was the writer's costliest statement after the event inserts: 1.06 s for 138 k
 * lookups on the 200 MB bench rejectlog, against 0.30 s for the inserts themselves (issue 7; wall time
 * inside the writer thread, which shares 2 cores with the parse thread: the whole run was not measurably
 * faster in three interleaved runs on a machine this noisy). The bitmap
 * is filled from the table (one pass over its hash index) only once a run has made `buildAfter` lookups,
 * so a small run on a large database never pays for the pass; a rolled-back insert leaves its bit set,
 * which costs a lookup, never a wrong answer. Only one process writes at a time (src/store/lock.ts).
 */
export class StoredTextHashes {
  private bits: Uint32Array | null = null;
  private lookups = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly buildAfter = 20_000,
  ) {}

  /** False when no stored text has this hash (it need not be looked up); true when one may have. */
  mayHold(hash: number): boolean {
    const bits = this.bits ?? this.buildWhenDue();
    if (!bits) return true;
    const bit = bitOf(hash);
    return (bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** A text with this hash was stored (or may have been). */
  add(hash: number): void {
    if (this.bits) mark(this.bits, hash);
  }

  private buildWhenDue(): Uint32Array | null {
    if (++this.lookups < this.buildAfter) return null;
    const bits = new Uint32Array(BITS / 32);
    // The rows this connection inserted in its open transaction are read too.
    for (const hash of this.db.prepare('SELECT hash FROM reply_texts').pluck().iterate() as IterableIterator<number>) mark(bits, hash);
    this.bits = bits;
    return bits;
  }
}

/** Bits of the bitmap (2^24: 2 MiB). Hashes are safe integers whose low bits are well mixed (src/util/hash53.ts). */
const BITS = 2 ** 24;

function bitOf(hash: number): number {
  const bit = hash % BITS;
  return bit < 0 ? bit + BITS : bit;
}

function mark(bits: Uint32Array, hash: number): void {
  const bit = bitOf(hash);
  bits[bit >>> 5] = bits[bit >>> 5]! | (1 << (bit & 31));
}
