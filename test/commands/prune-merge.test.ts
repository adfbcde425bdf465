// Retention and fleets (issue 5): prune removes old event rows and keeps hourly counts; merge folds
// other hosts' databases in, idempotently.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { rejectionLine, mainlogTraffic } from '../helpers/exim-lines.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-pm-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
function query<T = unknown>(db: string, sql: string): T {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).pluck().get() as T;
  } finally {
    conn.close();
  }
}

describe('prune', () => {
  it('a --rescan after a prune stores the pruned events no second time, and counts them no second time', async () => {
    // (found by QA: prune then analyze --rescan doubled the hourly counts of the pruned period)
    const db = join(dir, 'm.db');
    const log = write('rejectlog', [rejectionLine(1, '2024-01-10'), rejectionLine(2, '2024-01-10'), rejectionLine(3, '2024-05-30')]);
    expect((await run(['analyze', log, '--db', db, '--quiet'])).code).toBe(0);
    const refusals = "SELECT sum(count) FROM hourly WHERE class <> 'success'";
    expect(query(db, refusals)).toBe(3);
    expect((await run(['prune', '--keep-events', '30d', '--db', db, '--quiet'])).code).toBe(0);
    expect(query(db, 'SELECT count(*) FROM events')).toBe(1);
    expect((await run(['analyze', log, '--rescan', '--db', db, '--quiet'])).code).toBe(0);
    expect(query(db, refusals)).toBe(3);
    expect(query(db, 'SELECT count(*) FROM events')).toBe(1);
    // a log never read before is new data, whatever its age
    const other = write('rejectlog.other', [rejectionLine(7, '2024-01-11')]);
    expect((await run(['analyze', other, '--db', db, '--quiet'])).code).toBe(0);
    expect(query(db, refusals)).toBe(4);
  });

  it('deletes events older than the retention, keeps hourly counts and unreferenced texts go', async () => {
    const db = join(dir, 'm.db');
    const old = write('old', [rejectionLine(1, '2024-01-10'), rejectionLine(2, '2024-01-10')]);
    const recent = write('recent', [rejectionLine(3, '2024-05-30')]);
    expect((await run(['analyze', old, recent, '--db', db, '--quiet'])).code).toBe(0);
    const dry = await run(['prune', '--keep-events', '30d', '--dry-run', '--db', db]);
    expect(dry.stdout).toMatch(/^would delete 2 events older than 2024-05-02 12:00:00 UTC/);
    expect(query(db, 'SELECT count(*) FROM events')).toBe(3);
    const r = await run(['prune', '--keep-events', '30d', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^deleted 2 events older than/);
    expect(query(db, 'SELECT count(*) FROM events')).toBe(1);
    expect(query(db, "SELECT sum(count) FROM hourly WHERE class <> 'success'")).toBe(3);
    // the report over the old period still has its numbers (from the hourly table)
    const report = await run(['report', '--db', db, '--since', '2024-01-10', '--until', '2024-01-11', '--format', 'json']);
    expect(JSON.stringify(JSON.parse(report.stdout))).toContain('"relay"');
  });

  it('refuses a retention that is not a duration', async () => {
    const r = await run(['prune', '--keep-events', 'forever', '--db', join(dir, 'm.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('maillens: --keep-events "forever": expected a duration such as 30d, 12w or 48h\n');
  });
});

describe('merge', () => {
  it('keeps two databases apart when one began as a file copy of the other (a cloned VM)', async () => {
    // (found by QA: the copy's sources and events were filed under the original's host)
    const vm1 = join(dir, 'vm1.db');
    const vm2 = join(dir, 'vm2.db');
    const fleet = join(dir, 'fleet.db');
    const shared = write('shared', [rejectionLine(1, '2024-05-30'), rejectionLine(2, '2024-05-30')]);
    expect((await run(['analyze', shared, '--host', 'mx1', '--db', vm1, '--quiet'])).code).toBe(0);
    copyFileSync(vm1, vm2);
    const own1 = write('own1', [rejectionLine(3, '2024-05-31')]);
    const own2 = write('own2', [rejectionLine(4, '2024-05-31'), rejectionLine(5, '2024-05-31'), rejectionLine(6, '2024-05-31')]);
    expect((await run(['analyze', own1, '--host', 'mx1', '--db', vm1, '--quiet'])).code).toBe(0);
    expect((await run(['analyze', own2, '--host', 'mx2', '--db', vm2, '--quiet'])).code).toBe(0);
    expect(query(vm1, "SELECT value FROM meta WHERE key = 'database_id'")).not.toBe(query(vm2, "SELECT value FROM meta WHERE key = 'database_id'"));
    expect((await run(['merge', vm1, vm2, '--db', fleet, '--quiet'])).code).toBe(0);
    const perHost = (host: string) => query<number>(fleet, `SELECT count(*) FROM events_expanded WHERE host = '${host}'`);
    expect([perHost('mx1'), perHost('mx2')]).toEqual([3, 3]); // the shared two once, under mx1
    expect(query(fleet, 'SELECT count(*) FROM sources')).toBe(3);
    // merging both again changes nothing
    expect((await run(['merge', vm1, vm2, '--db', fleet, '--quiet'])).code).toBe(0);
    expect([perHost('mx1'), perHost('mx2')]).toEqual([3, 3]);
  });

  it('folds other hosts in; merging the same file twice, or a newer copy, never counts twice', async () => {
    const mx1 = join(dir, 'mx1.db');
    const mx2 = join(dir, 'mx2.db');
    const fleet = join(dir, 'fleet.db');
    const log1 = write('mx1-mainlog', [rejectionLine(1), ...mainlogTraffic(2), rejectionLine(3)]);
    const log2 = write('mx2-rejectlog', [rejectionLine(10), rejectionLine(11), rejectionLine(12)]);
    await run(['analyze', log1, '--db', mx1, '--host', 'mx1', '--quiet']);
    await run(['analyze', log2, '--db', mx2, '--host', 'mx2', '--quiet']);

    const first = await run(['merge', mx1, mx2, '--db', fleet]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 events added, 0 already present; 1 source (1 new)');
    expect(first.stdout).toContain('3 events added, 0 already present; 1 source (1 new)');
    const totals = () => ({
      events: query(fleet, 'SELECT count(*) FROM events'),
      hosts: query(fleet, "SELECT group_concat(host) FROM (SELECT DISTINCT host FROM v_events ORDER BY host)"),
      hourly: query(fleet, 'SELECT sum(count) FROM hourly'),
      lines: query(fleet, 'SELECT sum(lines_read) FROM hourly_lines'),
    });
    const after = totals();
    expect(after).toEqual({ events: 5, hosts: 'mx1,mx2', hourly: 5 + 2, lines: 5 + 3 });

    const again = await run(['merge', mx1, mx2, '--db', fleet]);
    expect(again.stdout).toContain('0 events added, 2 already present; 1 source (0 new)');
    expect(totals()).toEqual(after);

    // mx2 reads more; merging its newer database adds only what is new
    writeFileSync(log2, `${[rejectionLine(10), rejectionLine(11), rejectionLine(12), rejectionLine(13)].join('\n')}\n`);
    await run(['analyze', log2, '--db', mx2, '--host', 'mx2', '--quiet']);
    const newer = await run(['merge', mx2, '--db', fleet]);
    expect(newer.stdout).toContain('1 events added, 3 already present');
    expect(totals()).toEqual({ events: 6, hosts: 'mx1,mx2', hourly: 8, lines: 9 });
  });

  it('carries the prune horizon of a merged database, so the report says its lists miss the pruned events', async () => {
    const mx1 = join(dir, 'mx1.db');
    const fleet = join(dir, 'fleet.db');
    const log = write('rejectlog', [rejectionLine(1, '2024-01-10'), rejectionLine(2, '2024-01-10'), rejectionLine(3, '2024-05-30')]);
    await run(['analyze', log, '--db', mx1, '--host', 'mx1', '--quiet']);
    expect((await run(['prune', '--keep-events', '30d', '--db', mx1, '--quiet'], { now: new Date('2024-06-01T00:00:00Z') })).code).toBe(0);
    const horizon = query<string>(mx1, "SELECT value FROM meta WHERE key = 'pruned_before'");
    expect(Number(horizon)).toBe(Date.parse('2024-05-02T00:00:00Z'));
    expect((await run(['merge', mx1, '--db', fleet])).code).toBe(0);
    expect(query(fleet, "SELECT value FROM meta WHERE key = 'pruned_before'")).toBe(horizon);
    expect(query(fleet, "SELECT sum(count) FROM hourly WHERE class <> 'success'")).toBe(3);
    expect(query(fleet, 'SELECT count(*) FROM events')).toBe(1);
    const report = await run(['report', '--db', fleet, '--since', '2024-01-01', '--until', '2024-06-01', '--format', 'json'], { now: new Date('2024-06-01T00:00:00Z') });
    expect(JSON.parse(report.stdout).eventsPrunedBefore).not.toBeNull();
  });

  it('warns when two databases bring the same host, whose hourly counts are then not added up', async () => {
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    const c = join(dir, 'c.db');
    const fleet = join(dir, 'fleet.db');
    await run(['analyze', write('a-rejectlog', [rejectionLine(1), rejectionLine(2)]), '--db', a, '--host', 'mx1', '--quiet']);
    await run(['analyze', write('b-rejectlog', [rejectionLine(3), rejectionLine(4), rejectionLine(5)]), '--db', b, '--host', 'mx1', '--quiet']);
    await run(['analyze', write('c-rejectlog', [rejectionLine(6)]), '--db', c, '--host', 'mx2', '--quiet']);
    const first = await run(['merge', a, c, '--db', fleet]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    // the same database again: nothing new, nothing to warn about
    expect((await run(['merge', a, '--db', fleet])).stderr).toBe('');
    const second = await run(['merge', b, '--db', fleet]);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(`maillens: ${b}: host mx1 also has data from another database; its hourly counts are not added up across databases, so reports undercount it (analyze each database with its own --host)\n`);
  });

  it('refuses to merge a database into itself, and names a file that is not a maillens database', async () => {
    const db = join(dir, 'a.db');
    await run(['analyze', write('l', [rejectionLine(1)]), '--db', db, '--quiet']);
    const self = await run(['merge', db, '--db', db]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('is this database itself (or a copy of it): nothing to merge');
    const junk = write('junk.db', ['not a database at all']);
    const bad = await run(['merge', junk, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`maillens: ${junk} is not a SQLite database\n`);
  });
});
