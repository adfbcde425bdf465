// What a report's numbers mean must be readable in the format an admin gets. Found by an Exim admin's
// review (eyes5): the CSV's `blocklist` section (our own refusals' lists, added with the leading
// categories' blocklists) and its `filter` section were missing from the section table at the top of
// src/report/render-csv.ts, which the README sends CSV readers to, and the blocklist rows had no
// direction while outbound_blocklist rows say outbound; the markdown report, alone of the human
// formats, did not say what the rejection rate divides nor what "before" is.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { parseCsv } from './csv-parse.js';

const now = new Date('2024-11-27T12:00:00Z');
const env = { TZ: 'UTC', NO_COLOR: '1' };
const period = ['--since', '2024-11-26', '--until', '2024-11-27', '--host', 'mx1'];
let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-explained-'));
  db = join(dir, 'm.db');
  const log = join(dir, 'mainlog');
  writeFileSync(
    log,
    [
      '2024-11-26 10:00:00 1tAb01-000001-AA <= bob@example.net H=mx.example.net [198.51.100.20]:40000 I=[192.0.2.5]:25 P=esmtps S=4000 from <bob@example.net> for alice@example.org',
      '2024-11-26 10:00:01 1tAb01-000001-AA => alice <alice@example.org> R=local_user T=mail_spool',
      '2024-11-26 10:00:02 1tAb02-000001-AA <= alice@example.org H=localhost (webmail) [127.0.0.1]:41234 I=[127.0.0.1]:587 P=esmtpsa S=3000 from <alice@example.org> for carol@example.com',
      '2024-11-26 10:00:03 1tAb02-000001-AA => carol@example.com R=dnslookup T=remote_smtp H=mx.example.com [198.51.100.7] C="250 OK"',
      '2024-11-26 10:00:04 1tAb03-000001-AA ** dave@example.com R=dnslookup T=remote_smtp H=mx.example.com [198.51.100.7]: SMTP error from remote mail server after RCPT TO:<dave@example.com>: 550 5.7.1 Client host [192.0.2.5] blocked using bl.spamcop.net',
      '2024-11-26 10:00:05 H=(desktop) [203.0.113.5] F=<a@example.net> rejected RCPT <bob@example.org>: rejected because 203.0.113.5 is in a black list at zen.spamhaus.org',
    ]
      .map((l) => `${l}\n`)
      .join(''),
  );
  expect((await run(['analyze', '-q', '--db', db, '--host', 'mx1', log], { now, env })).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a report explains its numbers in every format', () => {
  it('CSV: every section it writes is in the section table at the top of render-csv.ts', async () => {
    const csv = parseCsv((await run(['report', '--db', db, ...period, '--format', 'csv'], { now, env })).stdout);
    const header = csv[0]!;
    const column = (name: string) => header.indexOf(name);
    const sections = [...new Set(csv.slice(1).map((r) => r[column('section')]!))];
    expect(sections).toEqual(expect.arrayContaining(['filter', 'blocklist', 'outbound_blocklist', 'client_ip']));
    const source = readFileSync(new URL('../../src/report/render-csv.ts', import.meta.url), 'utf8');
    const table = source.slice(0, source.indexOf('\nimport '));
    for (const section of sections) expect(table, section).toMatch(new RegExp(`^// {3}(?:[a-z_]+, )*${section}(?:,| )`, 'm'));
    const blocklists = csv.slice(1).filter((r) => r[column('section')] === 'blocklist');
    expect(blocklists.map((r) => [r[column('key')], r[column('direction')]])).toEqual([['zen.spamhaus.org', 'inbound']]);
    const outbound = csv.slice(1).filter((r) => r[column('section')] === 'outbound_blocklist');
    expect(outbound.map((r) => [r[column('key')], r[column('direction')]])).toEqual([['bl.spamcop.net', 'outbound']]);
  });

  it('markdown: says what the rejection rate divides and what "before" is, as text and HTML do', async () => {
    const text = (await run(['report', '--db', db, ...period], { now, env })).stdout;
    const html = (await run(['report', '--db', db, ...period, '--format', 'html'], { now, env })).stdout;
    const markdown = (await run(['report', '--db', db, ...period, '--format', 'markdown'], { now, env })).stdout;
    expect(text).toContain('Rate = refused / (refused + accepted).');
    expect(html).toContain('Rejection rate = refused / (refused + accepted).');
    expect(markdown).toMatch(/\| inbound +\| +1 \| +2 \| +33\.3% \|/);
    expect(markdown).toContain('Rejection rate = refused / (refused + accepted).');
    expect(markdown).toContain('"Before" = the period of the same length just before this one.');
  });
});
