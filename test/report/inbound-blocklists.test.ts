// Which DNS blocklist does the work: an admin reading "rbl: 4 refused" asks which list refused them
// (one that blocks too much, one that stopped answering). Our own refusals name the list
// ("rejected because 203.0.113.5 is in a black list at zen.spamhaus.org"); found in a review: the
// section of a leading category listed client IPs, HELOs and domains, never the lists, which only
// the outbound section (lists that refuse our mail) named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { run } from '../helpers/cli.js';
import { parseCsv } from './csv-parse.js';

let log: AnalyzedLog;
const now = new Date('2024-11-27T12:00:00Z');
const env = { TZ: 'UTC', NO_COLOR: '1' };
const period = ['--since', '2024-11-26', '--until', '2024-11-27'];
const rbl = (second: number, ip: string, list: string) =>
  `2024-11-26 10:00:${String(second).padStart(2, '0')} H=(desktop) [${ip}] F=<a@example.net> rejected RCPT <bob@example.org>: rejected because ${ip} is in a black list at ${list}`;

beforeAll(async () => {
  log = await analyzedLog('rejectlog', [
    rbl(1, '203.0.113.5', 'zen.spamhaus.org'),
    rbl(2, '203.0.113.6', 'zen.spamhaus.org'),
    rbl(3, '203.0.113.7', 'zen.spamhaus.org'),
    rbl(4, '198.51.100.9', 'bl.spamcop.net'),
    '2024-11-26 10:00:05 H=(desktop) [192.0.2.1] F=<c@example.net> rejected RCPT <carol@example.org>: Unknown user',
  ], { now, env });
});
afterAll(() => log.remove());

describe('inbound blocklists in the leading categories', () => {
  it('names the lists our refusals named, most used first, in every format', async () => {
    const model = JSON.parse((await run(['report', '--db', log.db, ...period, '--format', 'json'], { now, env })).stdout) as ReportModel;
    const lead = model.leading.find((l) => l.category === 'rbl')!;
    expect(lead.blocklists).toEqual([
      { value: 'zen.spamhaus.org', count: 3 },
      { value: 'bl.spamcop.net', count: 1 },
    ]);
    expect(model.leading.find((l) => l.category === 'unknown_user')!.blocklists).toEqual([]);

    const text = (await run(['report', '--db', log.db, ...period], { now, env })).stdout;
    // (labelled as ours: the section's counts mix both directions, the list is of our own refusals)
    expect(text).toMatch(/ {2}Blocklist \(our refusals\) {2}Count\n {2}zen\.spamhaus\.org {14}3\n {2}bl\.spamcop\.net {16}1\n/);
    const markdown = (await run(['report', '--db', log.db, ...period, '--format', 'markdown'], { now, env })).stdout;
    expect(markdown).toMatch(/\| Blocklist \(our refusals\) +\| Count \|[\s\S]*\| zen\.spamhaus\.org +\| +3 \|/);
    const html = (await run(['report', '--db', log.db, ...period, '--format', 'html'], { now, env })).stdout;
    expect(html).toContain('<th>Blocklist (our refusals)</th>');
    const csv = parseCsv((await run(['report', '--db', log.db, ...period, '--format', 'csv'], { now, env })).stdout);
    const header = csv[0]!;
    const rows = csv.slice(1).filter((r) => r[header.indexOf('section')] === 'blocklist');
    expect(rows.map((r) => [r[header.indexOf('key')], r[header.indexOf('category')], r[header.indexOf('count')]])).toEqual([
      ['zen.spamhaus.org', 'rbl', '3'],
      ['bl.spamcop.net', 'rbl', '1'],
    ]);
  });
});
