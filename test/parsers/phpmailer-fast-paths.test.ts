// hasHtmlBreak() looks at the characters after each `<` instead of searching the line for `<br` and
// `<BR`: the same answer on real-shaped lines (html mode, addresses in brackets, both cases, a `<` at
// the very end), on slices of a chunk as the reader hands them over and on flat strings.
import { describe, expect, it } from 'vitest';
import { hasHtmlBreak } from '../../parsers/phpmailer/split-entries.js';

/** What hasHtmlBreak() answered before (split-entries.ts up to issue 7). */
function bySearch(text: string): boolean {
  const lt = text.indexOf('<');
  return lt >= 0 && (text.includes('<br', lt) || text.includes('<BR', lt));
}

describe('phpmailer fast paths: hasHtmlBreak', () => {
  it('finds <br / <BR after any of the < of a line, nothing else', () => {
    const texts = [
      '2019-12-30 16:22:42 SERVER -&gt; CLIENT: 220 smtp.example.com ESMTP<br>',
      '2019-12-30 16:22:42 CLIENT -&gt; SERVER: MAIL FROM:&lt;a@example.com&gt;<br />2019-12-30 16:22:42 SERVER -&gt; CLIENT: 250 OK<BR>',
      '2025-03-03 00:00:07\tCLIENT -> SERVER: MAIL FROM:<carla99@fagaga.net>',
      '2025-03-03 00:00:07\tCLIENT -> SERVER: From: No Reply <carla99@fagaga.net> <br',
      '2025-03-03 00:00:07\tCLIENT -> SERVER: <b>bold</b> <bR> <Br> <',
      '2025-03-03 00:00:07\tCLIENT -> SERVER: <<<br',
      '2025-03-03 00:00:07\tCLIENT -> SERVER: a < b',
      '<',
      '<b',
      '<BR',
      '',
    ];
    const chunk = Buffer.from(texts.join('\n'), 'latin1').toString('latin1');
    const slices = chunk.split('\n').map((_, i, all) => {
      const from = all.slice(0, i).reduce((n, t) => n + t.length + 1, 0);
      return chunk.slice(from, from + all[i]!.length);
    });
    for (const text of [...texts, ...slices]) expect(hasHtmlBreak(text), text).toBe(bySearch(text));
    expect(texts.map(hasHtmlBreak)).toEqual([true, true, false, true, false, true, false, false, false, true, false]);
  });
});
