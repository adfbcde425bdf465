// `maillens report` end to end, in-process: every format on the fixture database, the comparison with
// the previous period, --fail-on exit codes and messages, --quiet, --output, colour rules.
process.env.TZ = 'Europe/Berlin';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { createFixtureDb, type Fixture } from '../helpers/fixture-db.js';
import { parseCsv } from '../report/csv-parse.js';
import { run, type FakeContextOptions } from '../helpers/cli.js';

let fixture: Fixture;
let out: string;
const now = new Date(2024, 2, 6, 0, 30); // the morning after day 2: `--since yesterday` = day 2

beforeAll(() => {
  fixture = createFixtureDb();
  out = mkdtempSync(join(tmpdir(), 'maillens-report-'));
});
afterAll(() => {
  fixture?.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

const report = (args: string[], options: FakeContextOptions = {}) =>
  run(['report', '--db', fixture.path, '--since', 'yesterday', ...args], { now, ...options });

describe('maillens report formats', () => {
  it('text: yesterday against the day before', async () => {
    const r = await report([]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Period    2024-03-05 00:00 to 2024-03-06 00:00 (24 hours, local time UTC+01:00)');
    expect(r.stdout).toContain('Compared  2024-03-04 00:00 to 2024-03-05 00:00');
    expect(r.stdout).toMatch(/^ {2}rbl +162 +53\.3% +154 +8 +102 +\+60 \(\+59%\)$/m);
    expect(r.stdout).toMatch(/^ {2}auth +48 .* 60 +-12 \(-20%\)$/m);
    expect(r.stdout).not.toContain('\x1b');
  });

  it('json: the model, previous period included', async () => {
    const r = await report(['--format', 'json', '--top', '3']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout) as ReportModel;
    expect(model.period.since).toBe('2024-03-05T00:00:00+01:00');
    expect(model.previous!.since).toBe('2024-03-04T00:00:00+01:00');
    expect(model.codes).toHaveLength(3);
    expect(model.categories.find((c) => c.category === 'rbl')).toMatchObject({ count: 162, previous: 102, change: 60 });
    expect(model.totals.find((t) => t.direction === 'all')).toMatchObject({ direction: 'all', refusals: 304, previousRefusals: 251 });
  });

  it('markdown, csv and html', async () => {
    const md = await report(['--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^\| `rbl` \| 162 \| 53\.3% \| 154 \| 8 \| 102 \| \+60 \(\+59%\) \|/m);
    const csv = await report(['--format', 'csv']);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows.find((row) => row[0] === 'category' && row[1] === 'rbl' && row[2] === 'all')!.slice(5, 9)).toEqual(['162', '0.5329', '102', '60']);
    const html = await report(['--format', 'html']);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).toContain('<td>rbl</td><td class="n">162</td><td class="n">53.3%</td>');
  });

  it('--host naming no host of the database is an error listing the hosts, not an empty report', async () => {
    const r = await report(['--host', 'mx1.exmaple.net']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    const names = [fixture.hosts.hm, fixture.hosts.mx, fixture.hosts.web].sort().map((h) => `"${h}"`).join(', ');
    expect(r.stderr).toBe(`maillens: --host "mx1.exmaple.net": no data for this host in the database (it holds ${names})\n`);
  });

  it('--host reports one host', async () => {
    const r = await report(['--format', 'json', '--host', fixture.hosts.web]);
    const model = JSON.parse(r.stdout) as ReportModel;
    expect(model.hosts).toEqual([fixture.hosts.web]);
    expect(model.categories.map((c) => [c.category, c.count])).toEqual([
      ['auth', 3],
      ['connection', 2],
    ]);
  });
});

describe('maillens report --fail-on', () => {
  it('exits 4 and names each crossed threshold on stderr', async () => {
    const r = await report(['--fail-on', 'rbl>100', '--fail-on', 'auth>100,rate>10%,outbound.auth>0']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^maillens: threshold crossed: rbl = 162 > 100\nmaillens: threshold crossed: rate = \d+\.\d% > 10%\nmaillens: threshold crossed: outbound\.auth = 3 > 0\n$/);
    expect(r.stdout).toContain('maillens report');
  });

  it('exits 0 when nothing is crossed; --quiet then prints nothing', async () => {
    const r = await report(['--fail-on', 'rbl>500', '--quiet']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const loud = await report(['--fail-on', 'rbl>500']);
    expect(loud.code).toBe(0);
    expect(loud.stdout).toContain('maillens report');
  });

  it('--quiet still prints the report when a threshold is crossed (cron mails it)', async () => {
    const r = await report(['--fail-on', 'rbl>100', '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('By category');
    expect(r.stderr).toBe('maillens: threshold crossed: rbl = 162 > 100\n');
  });

  it('compares counts of the period only, not of the previous one', async () => {
    // 102 rbl refusals the day before: crossing `rbl>100` then, not now with rbl>200.
    const r = await report(['--fail-on', 'rbl>200']);
    expect(r.code).toBe(0);
    const before = await run(['report', '--db', fixture.path, '--since', '2024-03-04', '--until', '2024-03-05', '--fail-on', 'rbl>100', '-q'], { now });
    expect(before).toMatchObject({ code: 4, stderr: 'maillens: threshold crossed: rbl = 102 > 100\n' });
  });

  it('a malformed threshold is a one-line usage error', async () => {
    const r = await report(['--fail-on', 'rbl>>100']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('maillens: --fail-on "rbl>>100": expected NAME>LIMIT such as rbl>100, permanent>500, rate>5% or outbound.auth>0\n');
    const unknown = await report(['--fail-on', 'spam>1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^maillens: --fail-on "spam>1": unknown name "spam": a category \(greylisting, rbl, .*\n$/);
  });
});

describe('maillens report output and colour', () => {
  it('colours text only for a terminal, and never with NO_COLOR', async () => {
    expect((await report([], { tty: { columns: 100 } })).stdout).toContain('\x1b[1m');
    expect((await report([], { tty: { columns: 100 }, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b');
    expect((await report([], { tty: { columns: 100 }, env: { TERM: 'dumb' } })).stdout).not.toContain('\x1b');
    expect((await report(['--format', 'markdown'], { tty: { columns: 100 } })).stdout).not.toContain('\x1b');
  });

  it('--output writes the file (never coloured) and nothing to stdout', async () => {
    const file = join(out, 'daily.txt');
    const r = await report(['--output', file], { tty: { columns: 100 } });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('By category');
    expect(text).not.toContain('\x1b');
    const html = await report(['-o', 'daily.html', '--format', 'html'], { cwd: out });
    expect(html.code).toBe(0);
    expect(readFileSync(join(out, 'daily.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('--output into a missing folder fails with one line', async () => {
    const r = await report(['--output', join(out, 'no', 'such', 'dir', 'r.txt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`maillens: cannot write the report to ${join(out, 'no', 'such', 'dir', 'r.txt')}: no directory ${join(out, 'no', 'such', 'dir')}\n`);
    expect(existsSync(join(out, 'no'))).toBe(false);
  });

  it('--output naming a directory says so, not the temporary file beside it', async () => {
    const r = await report(['--output', out]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(`maillens: cannot write the report to ${out}: it is a directory (give a file name)\n`);
    expect(r.stderr).not.toContain('.tmp');
  });
});

describe('maillens report errors', () => {
  it('bad --since, bad --top, missing database', async () => {
    const since = await run(['report', '--db', fixture.path, '--since', 'last tuesday'], { now });
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/^maillens: --since "last tuesday": expected today, yesterday/);
    const top = await report(['--top', '0']);
    expect(top).toMatchObject({ code: 2, stderr: 'maillens: --top 0: expected a whole number of at least 1\n' });
    const word = await report(['--top', 'ten']);
    expect(word).toMatchObject({ code: 2, stderr: 'maillens: --top: expected a whole number of at least 1\n' });
    const missing = await run(['report', '--db', join(out, 'nothing.db')], { now });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^maillens: no database at .*nothing\.db/);
    const format = await report(['--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stdout).toBe('');
    expect(format.stderr).toMatch(/^maillens: Invalid values:\n {2}Argument: format, Given: "pdf"/);
  });

  it('finds the database through MAILLENS_DB when --db is not given', async () => {
    const r = await run(['report', '--since', 'yesterday', '--format', 'json'], { now, env: { MAILLENS_DB: fixture.path } });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ReportModel).totals.find((t) => t.direction === 'all')!.refusals).toBe(304);
  });
});
