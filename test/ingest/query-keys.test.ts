// A receiving server that queries Spamhaus through its Data Query Service writes the zone it queried,
// its secret key first (`<key>.zen.dq.spamhaus.net`), into its refusals: Postfix's reject_rbl_client
// and an Exim ACL's $dnslist_domain do (mailcow/mailcow-dockerized#5353, heldout:ho-2017). The key is
// never stored, shown or exported; the list stays named by the zone after it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultClassifier } from '../../src/classify/classify.js';
import { hideQueryKeys, HIDDEN_KEY } from '../../src/util/hide-secrets.js';
import { analyzedLog } from '../helpers/analyzed-log.js';
import { FIXED_NOW, run } from '../helpers/cli.js';

const KEY = 'abcdefghijklmnopqrstuvwxyz';
const KEY2 = 'q2w3e4r5t6y7u8i9o0p1a2s3d4';

describe('Spamhaus DQS query keys', () => {
  it('are hidden in a text, and only they: the zone, other host names and a plain zone stay', () => {
    expect(hideQueryKeys(`blocked using ${KEY}.zen.dq.spamhaus.net; see https://check.spamhaus.org/`)).toBe(
      `blocked using ${HIDDEN_KEY}.zen.dq.spamhaus.net; see https://check.spamhaus.org/`,
    );
    expect(hideQueryKeys(`listed at ${KEY2}.dbl.dq.spamhaus.com`)).toBe(`listed at ${HIDDEN_KEY}.dbl.dq.spamhaus.com`);
    // Abusix Mail Intelligence: the key is the first label too (`<key>.combined.mail.abusix.zone`)
    expect(hideQueryKeys(`host 192.0.2.9 is listed at ${KEY2}.combined.mail.abusix.zone (127.0.0.12)`)).toBe(
      `host 192.0.2.9 is listed at ${HIDDEN_KEY}.combined.mail.abusix.zone (127.0.0.12)`,
    );
    // DNS names are case-insensitive: a zone configured in mixed case hides its key too
    expect(hideQueryKeys(`blocked using ${KEY.toUpperCase()}.zen.Dq.Spamhaus.net`)).toBe(`blocked using ${HIDDEN_KEY}.zen.Dq.Spamhaus.net`);
    expect(hideQueryKeys(`listed at ${KEY2}.combined.mail.Abusix.Zone`)).toBe(`listed at ${HIDDEN_KEY}.combined.mail.Abusix.Zone`);
    for (const text of [
      'blocked using zen.spamhaus.org',
      'blocked using sbl.dq.spamhaus.net',
      `mx.${KEY}.example.org said: 550 no`,
      'host 23.129.64.216 is listed at combined.mail.abusix.zone (127.0.0.12)',
    ]) {
      expect(hideQueryKeys(text)).toBe(text);
    }
  });

  it('name the list by the zone after the key, hidden or not', () => {
    const c = defaultClassifier();
    const list = (text: string) => c.classify({ code: 554, enhanced: '5.7.1', text }).blocklist;
    expect(list(`Service unavailable; Client host [192.0.2.1] blocked using ${KEY}.sbl.dq.spamhaus.net`)).toBe('sbl.dq.spamhaus.net');
    expect(list(`Service unavailable; Client host [192.0.2.1] blocked using ${HIDDEN_KEY}.xbl.dq.spamhaus.net`)).toBe('xbl.dq.spamhaus.net');
    expect(list(`Service unavailable; Client host [192.0.2.1] blocked using ${KEY}.zen.dq.spamhaus.net`)).toBe('Spamhaus ZEN');
  });

  it('never reach the database, a report or an export from an Exim log', async () => {
    const log = await analyzedLog(
      'mainlog',
      [
        `2024-06-01 10:00:01 1vDqsA-000001-AB H=(bad.example) [192.0.2.55] F=<a@bad.example> rejected RCPT <bob@example.org>: rejected because 192.0.2.55 is in a black list at ${KEY}.zen.dq.spamhaus.net`,
        `2024-06-01 10:00:02 H=(bad2.example) [192.0.2.56] F=<a@bad2.example> rejected RCPT <bob@example.org>: 192.0.2.56 is listed at ${KEY}.sbl.dq.spamhaus.net`,
        `2024-06-01 10:00:03 1vDqsA-000002-AB ** carol@remote.example R=dnslookup T=remote_smtp H=mx.remote.example [198.51.100.9]: SMTP error from remote mail server after RCPT TO:<carol@remote.example>: 554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using ${KEY2}.xbl.dq.spamhaus.net`,
      ],
      { now: FIXED_NOW },
    );
    try {
      const db = new Database(log.db, { readonly: true });
      const rows = db.prepare('SELECT category, blocklist, text FROM v_events ORDER BY id').all() as { category: string; blocklist: string; text: string }[];
      db.close();
      expect(rows.map((r) => [r.category, r.blocklist])).toEqual([
        ['rbl', 'Spamhaus ZEN'],
        ['rbl', 'sbl.dq.spamhaus.net'],
        ['rbl', 'xbl.dq.spamhaus.net'],
      ]);
      for (const r of rows) expect(r.text).toContain(`${HIDDEN_KEY}.`);
      const all = new Database(log.db, { readonly: true });
      const dump = JSON.stringify(all.prepare('SELECT * FROM reply_texts').all()) + JSON.stringify(all.prepare('SELECT * FROM event_kinds').all());
      all.close();
      const out = [
        dump,
        (await run(['report', '--db', log.db, '--since', '2024-06-01', '--until', '2024-06-02'], { now: FIXED_NOW })).stdout,
        (await run(['events', '--db', log.db, '--since', '2024-06-01', '--format', 'csv'], { now: FIXED_NOW })).stdout,
      ].join('\n');
      expect(out).not.toContain(KEY);
      expect(out).not.toContain(KEY2);
    } finally {
      log.remove();
    }
  });
});
