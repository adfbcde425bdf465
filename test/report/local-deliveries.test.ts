// Deliveries on this host that failed (Exim's local transports, Dovecot LMTP at 127.0.0.1) are
// direction local: listed in a section of their own with the recipients whose delivery failed, never
// under "Remote servers refusing our mail", and in no rejection rate (only their failures are logged
// as such). migrations/004 added the direction.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { FIXED_NOW, run } from '../helpers/cli.js';

// One day of a small Exim host, real-shaped (the corpus's forms; addresses and hosts made up).
const MAINLOG = [
  '2024-06-01 09:00:00 1sDLoc-000001-AB <= alice@remote.example H=mx.remote.example [198.51.100.7] P=esmtps S=2048 id=a1@remote.example',
  '2024-06-01 09:00:01 1sDLoc-000001-AB ** bob@example.org R=local_user T=mail_spool: mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/bob)',
  '2024-06-01 09:00:02 1sDLoc-000001-AB Completed',
  '2024-06-01 09:10:00 1sDLoc-000002-AB <= alice@remote.example H=mx.remote.example [198.51.100.7] P=esmtps S=2048 id=a2@remote.example',
  '2024-06-01 09:10:01 1sDLoc-000002-AB == bob@example.org R=local_user T=mail_spool defer (-22): mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/bob)',
  '2024-06-01 09:20:00 1sDLoc-000003-AB <= carol@example.org H=(laptop) [192.0.2.20] P=esmtpsa A=dovecot_plain:carol S=900 id=c1@example.org',
  '2024-06-01 09:20:01 1sDLoc-000003-AB ** dave@example.org R=dovecot T=dovecot_lmtp H=127.0.0.1 [127.0.0.1]: LMTP error after RCPT TO:<dave@example.org>: 550 5.1.1 <dave@example.org> User doesn\'t exist: dave@example.org',
  '2024-06-01 09:20:02 1sDLoc-000003-AB => erin@far.example R=dnslookup T=remote_smtp H=mx.far.example [203.0.113.9] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C="250 2.0.0 OK"',
  '2024-06-01 09:20:03 1sDLoc-000003-AB ** frank@far.example R=dnslookup T=remote_smtp H=mx.far.example [203.0.113.9]: SMTP error from remote mail server after RCPT TO:<frank@far.example>: 550 5.1.1 <frank@far.example>: Recipient address rejected: User unknown',
  '2024-06-01 09:20:04 1sDLoc-000003-AB Completed',
  '2024-06-01 09:30:00 H=(spam.example) [203.0.113.66] F=<x@spam.example> rejected RCPT <bob@example.org>: 203.0.113.66 is listed at zen.spamhaus.org',
];

let log: AnalyzedLog;
let model: ReportModel;
const report = (args: string[] = []) => run(['report', '--db', log.db, '--since', '2024-06-01', '--until', '2024-06-02', ...args], { now: FIXED_NOW });

beforeAll(async () => {
  log = await analyzedLog('mainlog', MAINLOG, { now: FIXED_NOW });
  model = JSON.parse((await report(['--format', 'json'])).stdout) as ReportModel;
});
afterAll(() => log.remove());

describe('deliveries on this host that failed (direction local)', () => {
  it('are stored as local, the remote refusal and our own refusal as before', () => {
    const db = new Database(log.db, { readonly: true });
    const rows = db.prepare('SELECT direction, category, recipient FROM v_events ORDER BY id').all();
    db.close();
    expect(rows).toEqual([
      { direction: 'local', category: 'quota', recipient: 'bob@example.org' },
      { direction: 'local', category: 'quota', recipient: 'bob@example.org' },
      { direction: 'local', category: 'unknown_user', recipient: 'dave@example.org' },
      { direction: 'outbound', category: 'unknown_user', recipient: 'frank@far.example' },
      { direction: 'inbound', category: 'rbl', recipient: 'bob@example.org' },
    ]);
  });

  it('count in "all" and in no rate: the outbound rate is the remote delivery that failed against the one that went', () => {
    const t = (d: string) => model.totals.find((r) => r.direction === d)!;
    expect(model.totals.map((r) => r.direction)).toEqual(['inbound', 'outbound', 'local', 'all']);
    expect(t('outbound')).toMatchObject({ refusals: 1, successes: 1, rejectionRate: 0.5 });
    expect(t('local')).toMatchObject({ refusals: 3, successes: null, rejectionRate: null });
    expect(t('inbound')).toMatchObject({ refusals: 1, successes: 3, rejectionRate: 0.25 });
    // all: every refusal; its rate, that of inbound and outbound together (2 of 6)
    expect(t('all')).toMatchObject({ refusals: 5, successes: 4 });
    expect(t('all').rejectionRate).toBeCloseTo(2 / 6, 12);
    expect(model.categories.find((c) => c.category === 'quota')).toMatchObject({ count: 2, inbound: 0, outbound: 0, local: 2 });
  });

  it('have their own section, with the recipients, apart from the remote servers refusing our mail', async () => {
    expect(model.outbound.problems.map((p) => [p.category, p.count])).toEqual([['unknown_user', 1]]);
    // the advice is the admin's own (the catalog's speaks to a sender: "nothing is wrong on the sending side")
    const quota = model.local.problems.find((p) => p.category === 'quota')!;
    expect(quota.action).toMatch(/mailbox on this host is full/);
    expect(quota.action).not.toMatch(/sending side|another channel/);
    expect(model.local.problems.find((p) => p.category === 'unknown_user')!.action).toMatch(/Dovecot/);
    expect(model.outbound.problems[0]!.action).not.toMatch(/this host/);
    expect(model.local.refusals).toBe(3);
    expect(model.local.problems.map((p) => [p.category, p.count, p.attention, p.recipients])).toEqual([
      ['quota', 2, false, [{ value: 'bob@example.org', count: 2 }]],
      ['unknown_user', 1, false, [{ value: 'dave@example.org', count: 1 }]],
    ]);
    const text = (await report()).stdout;
    const remote = text.indexOf('Remote servers refusing our mail (outbound)');
    const local = text.indexOf('Deliveries on this host that failed (local)');
    expect(remote).toBeGreaterThanOrEqual(0);
    expect(local).toBeGreaterThan(remote);
    expect(text.slice(remote, local)).not.toContain('bob@example.org');
    expect(text.slice(local)).toMatch(/Recipients +bob@example\.org \(2\)/);
    expect(text).toMatch(/\n {2}local +3 /);
    for (const format of ['markdown', 'html']) {
      const out = (await report(['--format', format])).stdout;
      expect(out).toContain('Deliveries on this host that failed (local)');
      expect(out).toContain('bob@example.org (2)');
    }
    const csv = (await report(['--format', 'csv'])).stdout;
    expect(csv).toContain('local,quota,local,,quota,2,');
    expect(csv).toContain('local_recipient,bob@example.org,local,,quota,2,');
  });

  it('answer --fail-on local.*, and say why a local rate is never checked', async () => {
    expect((await report(['--quiet', '--fail-on', 'local.quota>1'])).code).toBe(4);
    expect((await report(['--quiet', '--fail-on', 'local.quota>2'])).code).toBe(0);
    const rate = await report(['--quiet', '--fail-on', 'local.rate>1%']);
    expect(rate.code).toBe(0);
    expect(rate.stderr).toContain('only when they fail');
    const events = await run(['events', '--db', log.db, '--since', '2024-06-01', '--direction', 'local'], { now: FIXED_NOW });
    expect(events.stdout.trim().split('\n')).toHaveLength(3);
  });
});
