// The histogram's bucket length is said the same way in every format. Found in a user review: a long
// period read "Refused per 281 day(s)" in the text and HTML reports but "Refused per 6744 hours" in markdown
// (and "per 1 day(s)" reads poorly: "per day", "per 2 days").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { run } from '../helpers/cli.js';

let log: AnalyzedLog;
const now = new Date('2024-11-27T12:00:00Z');
const env = { TZ: 'UTC', NO_COLOR: '1' };
beforeAll(async () => {
  log = await analyzedLog('rejectlog', ['2024-11-20 10:00:00 H=(bad.example) [203.0.113.1] F=<s@spam.example> rejected RCPT <u@ours.example>: relay not permitted'], { now, env });
});
afterAll(() => log.remove());

describe('histogram bucket label', () => {
  it('is the same in text, markdown and html', async () => {
    const args = ['report', '--db', log.db, '--since', '2024-10-01', '--until', '2024-11-27'];
    const text = await run([...args], { now, env });
    const markdown = await run([...args, '--format', 'markdown'], { now, env });
    const html = await run([...args, '--format', 'html'], { now, env });
    expect(text.stdout).toMatch(/Refused per 2 days/);
    expect(markdown.stdout).toMatch(/## Refused per 2 days/);
    expect(html.stdout).toMatch(/<h2>Refused per 2 days<\/h2>/);
  });

  it('says "per day" for daily bars', async () => {
    const markdown = await run(['report', '--db', log.db, '--since', '2024-10-20', '--until', '2024-11-27', '--format', 'markdown'], { now, env });
    expect(markdown.stdout).toMatch(/## Refused per day\n/);
  });
});
