// The example reply of an outbound problem is shown with its codes. Found in a user review: Exim's parser
// stores a remote reply's text without the "550 5.7.1" the server sent (the codes are columns of their
// own) while hMailServer's and PHPMailer's texts keep them, so the report's "Reply" line read
// "Service unavailable; Client host [...] blocked using zen.spamhaus.org" for Exim, with no code to tell
// a permanent refusal from a deferral, and "535 5.7.8 Username and Password not accepted" for PHPMailer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyWithCodes } from '../../src/report/format.js';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { run } from '../helpers/cli.js';

let log: AnalyzedLog;
const now = new Date('2024-11-27T12:00:00Z');
const env = { TZ: 'UTC', NO_COLOR: '1' };
const period = ['--since', '2024-11-26', '--until', '2024-11-27'];
beforeAll(async () => {
  log = await analyzedLog('mainlog', ['2024-11-26 10:00:01 1tAbCd-000001-Ef ** user1@remote.example R=dnslookup T=remote_smtp H=mx.remote.example [192.0.2.7]: ' +
      'SMTP error from remote mail server after RCPT TO:<user1@remote.example>: 550 5.7.1 Service unavailable; Client host [198.51.100.1] blocked using zen.spamhaus.org'], { now, env });
});
afterAll(() => log.remove());

describe('outbound problems: the example reply', () => {
  it('carries its codes in every human-readable format', async () => {
    const text = await run(['report', '--db', log.db, ...period], { now, env });
    expect(text.stdout).toMatch(/Reply {6}550 5\.7\.1 Service unavailable; Client host/);
    for (const format of ['markdown', 'html']) {
      const out = await run(['report', '--db', log.db, ...period, '--format', format], { now, env });
      expect(out.stdout).toContain('550 5.7.1 Service unavailable; Client host');
    }
    // the json model and the csv keep the stored text (v_events.text) and its codes apart
    const json = JSON.parse((await run(['report', '--db', log.db, ...period, '--format', 'json'], { now, env })).stdout);
    expect(json.outbound.problems[0].example).toMatchObject({ code: 550, enhanced: '5.7.1', text: expect.stringMatching(/^Service unavailable/) });
  });

  it('never shows the codes twice, and shows a reply without codes as it is', () => {
    expect(replyWithCodes({ code: 535, enhanced: '5.7.8', text: '535 5.7.8 Username and Password not accepted' })).toBe('535 5.7.8 Username and Password not accepted');
    expect(replyWithCodes({ code: 451, enhanced: null, text: 'Internal resource temporarily unavailable' })).toBe('451 Internal resource temporarily unavailable');
    expect(replyWithCodes({ code: null, enhanced: null, text: 'Connection refused' })).toBe('Connection refused');
    expect(replyWithCodes({ code: null, enhanced: '5.1.1', text: '5.1.1 no such user' })).toBe('5.1.1 no such user');
  });
});
