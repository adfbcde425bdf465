import { describe, expect, it } from 'vitest';
import { SeenBefore, hash32 } from '../../src/util/seen-before.js';

describe('SeenBefore', () => {
  it('says no on the first offer of a text and yes on the next ones', () => {
    const seen = new SeenBefore();
    const texts = ['550 5.1.1 <a@example.com>: Recipient address rejected: User unknown', 'Sender verify failed', ''];
    for (const t of texts) expect(seen.offer(hash32(t))).toBe(false);
    for (const t of texts) expect(seen.offer(hash32(t))).toBe(true);
  });
  it('rarely takes a new text for a seen one, and forgets everything once a quarter of its bits are set', () => {
    const seen = new SeenBefore(16); // 65,536 bits: cleared after 16,384 marks
    let falseYes = 0;
    for (let i = 0; i < 10_000; i++) if (seen.offer(hash32(`Client host [203.0.${i >> 8}.${i & 255}] blocked`))) falseYes++;
    // up to a sixth of the bits set: each new text collides with probability < 1/6, on average ~1/12
    expect(falseYes).toBeLessThan(1_200);
    expect(seen.offer(hash32('Client host [203.0.0.7] blocked'))).toBe(true);
    for (let i = 10_000; i < 30_000; i++) seen.offer(hash32(`other text ${i}`));
    // the bitmap was cleared on the way: an early text is new again (or set again by the later ones, rarely)
    let remembered = 0;
    for (let i = 0; i < 1000; i++) if (seen.offer(hash32(`Client host [203.0.${i >> 8}.${i & 255}] blocked`))) remembered++;
    expect(remembered).toBeLessThan(300);
  });
  it('hash32 spreads texts that differ in one character', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 50_000; i++) hashes.add(hash32(`451 4.7.1 Greylisted, try again in ${i} seconds`) >>> 12);
    expect(hashes.size).toBeGreaterThan(45_000); // 2^20 buckets: ~1,200 collisions expected
  });
});
