import { describe, expect, it } from 'vitest';
import { maskAddresses } from '../../src/classify/mask-addresses.js';
import { classify } from '../../src/classify/classify.js';

describe('maskAddresses', () => {
  it('blanks addresses wherever they stand', () => {
    expect(maskAddresses('550 <spam@example.org>: Recipient address rejected')).toBe('550 < >: Recipient address rejected');
    expect(maskAddresses('to bob@example.org, from "alice@example.com"')).toBe('to  , from " "');
    expect(maskAddresses('MAIL FROM:quota@example.net SIZE=10')).toBe('MAIL FROM:  SIZE=10');
  });
  it('ends an address at "..." (sendmail\'s "addr... User unknown", written without the space too)', () => {
    expect(maskAddresses('550 bob@example.net...User unknown')).toBe('550  ...User unknown');
    expect(maskAddresses('550 5.1.1 <bob@example.net>... User unknown')).toBe('550 5.1.1 < >... User unknown');
    expect(classify({ code: 550, enhanced: null, text: '550 bob@example.net...User unknown' }).category).toBe('unknown_user');
  });
  it('ends an address at full-width and CJK punctuation (Chinese and Japanese notices, held-out batch AN)', () => {
    expect(maskAddresses('收件人邮件地址（jane@example.org）不存在，邮件无法送达。')).toBe('收件人邮件地址（ ）不存在，邮件无法送达。');
    expect(maskAddresses('宛先【bob@example.jp】、ユーザー不明')).toBe('宛先【 】、ユーザー不明');
  });
  it('leaves texts without a full address alone', () => {
    for (const t of ['no address here', 'a lone @ sign', 'user@ and @host', '']) expect(maskAddresses(t)).toBe(t);
  });
  it('is linear on hostile input', () => {
    const t0 = performance.now();
    maskAddresses('a'.repeat(200_000) + '@'.repeat(200_000) + 'b'.repeat(200_000));
    maskAddresses('a@'.repeat(200_000));
    expect(performance.now() - t0).toBeLessThan(1000);
  });
  it('keeps an address from deciding the category', () => {
    expect(classify({ code: 550, enhanced: null, text: '550 <spam-reports@example.org> Rejected' }).category).toBe('other');
    expect(classify({ code: 550, enhanced: null, text: '550 <bob@example.org> mailbox full' }).category).toBe('quota');
  });
});
