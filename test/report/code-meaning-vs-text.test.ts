// "Top reply codes" rows whose category came from the reply text, not from the code. Found in a user
// review: hMailServer's greylisting reply "451 Please try again later." was listed as
// "451 ... greylisting" and explained by 451 alone, "a problem on its own side" (server_error), which
// contradicts the category on the same row; and the text report explained each code only once, so a
// second row of the same code in another category took the first row's explanation; and "550 relay"
// was explained only as "a permanent refusal; on its own the code does not say why".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { run } from '../helpers/cli.js';

let log: AnalyzedLog;
const now = new Date('2024-11-27T12:00:00Z');
const env = { TZ: 'UTC', NO_COLOR: '1' };
const defer = (i: number, reply: string) =>
  `2024-11-26 10:00:0${i} 1tAbCd-00000${i}-Ef == user${i}@remote.example R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<user${i}@remote.example>: host mx.remote.example [192.0.2.7]: ${reply}`;
beforeAll(async () => {
  log = await analyzedLog('mainlog', [
      defer(1, '451 Please try again later.'),
      defer(2, '451 Please try again later.'),
      defer(3, '451 Temporary local problem - please try later'),
      '2024-11-26 10:00:04 H=(bad.example) [203.0.113.1] F=<s@spam.example> rejected RCPT <u@ours.example>: relay not permitted',
    ], { now, env });
});
afterAll(() => log.remove());

describe('report: a code whose text decided another category', () => {
  it('explains the row by what the text said, then by the code', async () => {
    const r = await run(['report', '--db', log.db, '--since', '2024-11-26', '--until', '2024-11-27', '--format', 'json'], { now, env });
    const codes = JSON.parse(r.stdout).codes as Array<{ code: number | null; category: string; meaning: string; action: string }>;
    const grey = codes.find((c) => c.category === 'greylisting')!;
    expect(grey).toMatchObject({ code: 451, action: '' });
    expect(grey.meaning).toMatch(/^The reply text says: deferred on purpose so that a genuine sender comes back later\. \(The code alone: /);
    const server = codes.find((c) => c.category === 'server_error')!;
    expect(server.meaning).toMatch(/^The server aborted the command/);
    // a code that says too little alone: the text's category explains the row, the code's generic advice stays
    const relay = codes.find((c) => c.category === 'relay')!;
    expect(relay.meaning).toBe('The reply text says: the server will not relay mail for this client.');
    expect(relay.action).toMatch(/^Read the text/);
  });

  it('the text report explains both rows of the same code', async () => {
    const r = await run(['report', '--db', log.db, '--since', '2024-11-26', '--until', '2024-11-27'], { now, env });
    const section = r.stdout.slice(r.stdout.indexOf('Top reply codes'));
    expect(section).toMatch(/451 +2 .*greylisting\n +The reply text says: deferred on purpose/);
    expect(section).toMatch(/451 +1 .*server_error\n +The server aborted the command/);
  });
});
