// `maillens explain` prints a reply pasted from a log or a bounce: text written by strangers. Found by
// eyes: its control characters went to the terminal as they were (ESC [2J cleared the screen, ESC ]0;
// retitled the window), where every other text output shows them as visible \xHH.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const hostile = '550 5.7.1 \x1b[2J\x1b]0;pwned\x07 blocked using zen.spamhaus.org \u202e';

describe('maillens explain with control characters in the reply', () => {
  it('shows them as \\xHH in the text output', async () => {
    const r = await run(['explain', hostile], { tty: { columns: 100 } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(r.stdout).toContain('Reply:      550 5.7.1 \\x1b[2J\\x1b]0;pwned\\x07 blocked using zen.spamhaus.org \\u202e');
    expect(r.stdout).toContain('Category:   rbl');
  });

  it('escapes them in --json (the value itself unchanged)', async () => {
    const r = await run(['explain', '--json', hostile]);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(JSON.parse(r.stdout).text).toBe(hostile);
  });
});
