/**
 * Which strings came by before, approximately: one bit per hash in a fixed bitmap (the "doorkeeper"
 * of TinyLFU caches). Caches of reply texts ask it before keeping a text, so a text is kept only from
 * its second sighting on. Real logs are full of texts seen once (an IP address or an address in the
 * reply: 113 k distinct texts in 694 k rejections of the bench rejectlog), and keeping those filled the
 * caches of a run with strings that never come back (issue 7: ~30 MB of the parse worker's heap).
 *
 * A collision only makes a text look seen: it is kept one sighting early, never answered wrongly (the
 * caches key on the whole text). The bitmap is cleared once a quarter of its bits have been set, so
 * "before" means "recently" and collisions stay rare; its size is fixed whatever the input.
 */
export class SeenBefore {
  private readonly bits: Uint32Array;
  private readonly shift: number;
  private readonly clearAfter: number;
  private marked = 0;

  /** `log2Bits`: the bitmap has 2^log2Bits bits (default 2^20: 128 KiB). */
  constructor(log2Bits = 20) {
    this.bits = new Uint32Array(Math.max(1, 2 ** (log2Bits - 5)));
    this.shift = 32 - log2Bits;
    this.clearAfter = 2 ** (log2Bits - 2);
  }

  /** True when a string of this 32-bit hash was offered since the last clearing; else marks it and says false. */
  offer(hash32: number): boolean {
    const h = (hash32 >>> this.shift) >>> 0;
    const word = h >>> 5;
    const bit = 1 << (h & 31);
    if ((this.bits[word]! & bit) !== 0) return true;
    this.bits[word]! |= bit;
    if (++this.marked >= this.clearAfter) {
      this.bits.fill(0);
      this.marked = 0;
    }
    return false;
  }
}

/** A quick, well-mixed 32-bit hash of a string (FNV-1a steps, then a murmur3 finaliser). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
