// A host read through its Exim rejectlog alone: the rejectlog records refusals only, so the report has
// refusals and no accepted mail. The rejection rate must then be unknown ("-", null), not 100 %, and the
// report must say why; once the mainlog's arrivals are read too, the rate is a number again.
process.env.TZ = 'UTC';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { run } from '../helpers/cli.js';

let dir: string;
let db: string;
const now = new Date(Date.UTC(2024, 2, 6, 0, 30)); // the morning after: --since yesterday = 2024-03-05

const REJECTLOG = [
  '2024-03-05 10:00:01 H=(desktop) [192.0.2.10] F=<a@example.net> rejected RCPT <bob@example.org>: Unknown user',
  '2024-03-05 11:30:00 H=(ylmf-pc) [192.0.2.11] F=<b@example.net> rejected RCPT <carol@example.org>: relay not permitted',
  '2024-03-05 12:00:00 login authenticator failed for (ylmf-pc) [192.0.2.12]: 535 Incorrect authentication data',
].join('\n');
const MAINLOG = [
  '2024-03-05 10:05:00 1tAbCd-000001-Ab <= alice@example.net H=mx.example.net [192.0.2.20] P=esmtps S=2345 id=one@example.net',
  '2024-03-05 10:05:01 1tAbCd-000001-Ab => dave <dave@example.org> R=local_user T=mail_spool',
  '2024-03-05 10:05:01 1tAbCd-000001-Ab Completed',
].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-rate-'));
  db = join(dir, 'm.db');
  writeFileSync(join(dir, 'rejectlog'), `${REJECTLOG}\n`);
  writeFileSync(join(dir, 'mainlog'), `${MAINLOG}\n`);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const report = async (format: 'json' | 'text') => run(['report', '--db', db, '--since', 'yesterday', '--format', format], { now });

describe('report: the rejection rate of refusals without accepted mail', () => {
  it('is unknown after reading a rejectlog alone, and the text says why', async () => {
    expect((await run(['analyze', join(dir, 'rejectlog'), '--db', db, '--format', 'exim', '--quiet'], { now })).code).toBe(0);
    const model = JSON.parse((await report('json')).stdout) as ReportModel;
    const inbound = model.totals.find((t) => t.direction === 'inbound')!;
    expect(inbound).toMatchObject({ refusals: 3, successes: 0, rejectionRate: null });
    expect(model.totals.find((t) => t.direction === 'all')).toMatchObject({ refusals: 3, rejectionRate: null });
    const text = (await report('text')).stdout;
    expect(text).toMatch(/^ {2}inbound +3 +0 +- /m);
    expect(text).toContain('only an Exim rejectlog was read (it records refusals only');
    // A cron job's rate threshold cannot fire: it says so on stderr instead of staying silent for ever.
    const quiet = await run(['report', '--db', db, '--since', 'yesterday', '--fail-on', 'rate>5%,rbl>100', '--quiet'], { now });
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
    expect(quiet.stderr).toBe('maillens: --fail-on rate: not checked, no accepted mail was counted beside the refusals (none was accepted, or only an Exim rejectlog was read, which records refusals only: analyze the mainlog too)\n');
  });

  it('is a number again once the mainlog has counted accepted mail', async () => {
    expect((await run(['analyze', join(dir, 'mainlog'), '--db', db, '--format', 'exim', '--quiet'], { now })).code).toBe(0);
    const model = JSON.parse((await report('json')).stdout) as ReportModel;
    const inbound = model.totals.find((t) => t.direction === 'inbound')!;
    expect(inbound.successes).toBeGreaterThan(0);
    expect(inbound.rejectionRate).toBeCloseTo(3 / (3 + inbound.successes!), 12);
    const text = (await report('text')).stdout;
    expect(text).not.toContain('records refusals only');
    // 3 refusals, 1 accepted: the arrival. Its delivery to a local mailbox left nothing with this
    // host, so it is no outbound success (before, it was, and the rate read 60 %): 75 %.
    expect(model.totals.find((t) => t.direction === 'outbound')!.successes ?? 0).toBe(0);
    const checked = await run(['report', '--db', db, '--since', 'yesterday', '--fail-on', 'rate>5%', '--quiet'], { now });
    expect(checked.code).toBe(4);
    expect(checked.stderr).toMatch(/^maillens: threshold crossed: rate = 75\.0% > 5%\n$/);
  });
});

// A host that accepted nothing although its mainlog was read too (heavybrain101/youtube var/log/exim4, a
// brute-forced exim4 of 2024: a day of AUTH and relay attempts, the only arrivals local submissions):
// the rate stays "-", and the note must not tell the admin that the mainlog is missing.
describe('report: the rejection rate of a host that accepted nothing', () => {
  it('names both causes of "-" when mainlog and rejectlog were read', async () => {
    const db2 = join(dir, 'nothing-accepted.db');
    const refusal = '2024-03-05 00:01:21 auth_login authenticator failed for (User) [192.0.2.30]: 535 Incorrect authentication data';
    writeFileSync(join(dir, 'rejectlog2'), `${refusal}\n`);
    writeFileSync(join(dir, 'mainlog2'), [
      refusal,
      '2024-03-05 00:02:34 TLS error on connection from (User) [192.0.2.30] (recv): The TLS connection was non-properly terminated.',
      '2024-03-05 05:01:51 1rkwtK-000lm1-QQ <= www-data@host.example.org U=www-data P=local S=823 from <www-data@host.example.org> for www-data',
    ].join('\n') + '\n');
    const analyzed = await run(['analyze', join(dir, 'rejectlog2'), join(dir, 'mainlog2'), '--db', db2, '--quiet'], { now });
    expect(analyzed.code).toBe(0);
    const json = await run(['report', '--db', db2, '--since', 'yesterday', '--format', 'json'], { now });
    const model = JSON.parse(json.stdout) as ReportModel;
    expect(model.totals.find((t) => t.direction === 'inbound')).toMatchObject({ refusals: 2, successes: 0, rejectionRate: null });
    const text = (await run(['report', '--db', db2, '--since', 'yesterday'], { now })).stdout;
    expect(text).toContain('so the rate is not known: none was accepted in the period, or only an Exim rejectlog was read');
  });
});
