// Issue 6: a bad database is a clear one-line message, never a stack trace, and existing data is never
// touched. Permission cases run the built CLI as an unprivileged user when the tests run as root
// (root ignores file modes); the full-disk case needs a tiny tmpfs, which only root can mount.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { run } from '../helpers/cli.js';
import { rejectionLine } from '../helpers/exim-lines.js';

const bin = join(projectRoot(), 'dist', 'src', 'bin.js');
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
let dir: string;
let log: string;

beforeAll(() => {
  if (!existsSync(bin)) spawnSync('npx', ['tsc', '-p', projectRoot()], { stdio: 'inherit' });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-baddb-'));
  chmodSync(dir, 0o777);
  log = join(dir, 'rejectlog');
  writeFileSync(log, `${rejectionLine(1)}\n${rejectionLine(2)}\n`);
  chmodSync(log, 0o644);
});
afterEach(() => {
  try {
    execFileSync('umount', [join(dir, 'tiny')], { stdio: 'ignore' });
  } catch {
    // not mounted
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a user file modes apply to. */
function cliUnprivileged(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir },
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  return lines[0]!;
}

describe('bad database', () => {
  it('a --db in a directory that does not exist is refused, not created (a typo must not make a new tree)', async () => {
    const db = join(dir, 'no-such-dir', 'deeper', 'maillens.db');
    const r = await run(['analyze', '--db', db, log]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/directory .*no-such-dir.deeper does not exist/);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });

  it('a path in a read-only directory', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = cliUnprivileged(['analyze', '--db', join(ro, 'maillens.db'), log]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(`maillens: cannot create database ${join(ro, 'maillens.db')}: directory ${ro} is not writable`);
  });

  it('a read-only database file: analyze refuses, report still reads it, data untouched', async () => {
    const db = join(dir, 'ro.db');
    expect((await run(['analyze', '--db', db, '--quiet', log])).code).toBe(0);
    if (isRoot) chownSync(db, 0, 0);
    chmodSync(db, 0o444);
    const before = readFileSync(db);
    const r = cliUnprivileged(['analyze', '--db', db, log]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(
      `maillens: database ${db} is not writable: check its permissions (reading commands such as report still work)`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a file that is not SQLite', async () => {
    const db = join(dir, 'notes.db');
    writeFileSync(db, 'this is my shopping list, not a database\n'.repeat(200));
    const before = readFileSync(db);
    const r = await run(['analyze', '--db', db, log]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(`maillens: ${db} is not a SQLite database (was it written by something else?)`);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a SQLite database that is not maillens', async () => {
    const db = join(dir, 'other.db');
    const conn = new Database(db);
    conn.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts (name) VALUES (\'x\')');
    conn.close();
    const r = await run(['analyze', '--db', db, log]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(`maillens: ${db} is a SQLite database, but not a maillens one (it has tables and no maillens schema version)`);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT name FROM accounts').pluck().all()).toEqual(['x']);
    check.close();
  });

  it('a database of another program (or an unreleased maillens) that sets the same schema version', async () => {
    const db = join(dir, 'lookalike.db');
    const conn = new Database(db);
    conn.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE events (id INTEGER PRIMARY KEY, category TEXT); INSERT INTO events (category) VALUES ('rbl')");
    conn.pragma('user_version = 3');
    conn.close();
    for (const args of [['analyze', log], ['report'], ['events']]) {
      const r = await run([...args, '--db', db]);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toBe(`maillens: ${db} is not a maillens database (schema version 3, but no table runs): give another --db`);
    }
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT category FROM events').pluck().all()).toEqual(['rbl']);
    check.close();
  });

  it('a database from a newer maillens', async () => {
    const db = join(dir, 'future.db');
    expect((await run(['analyze', '--db', db, '--quiet', log])).code).toBe(0);
    const conn = new Database(db);
    conn.pragma('user_version = 99');
    conn.close();
    for (const args of [['analyze', log], ['report'], ['events']]) {
      const r = await run([...args, '--db', db]);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toMatch(/has schema version 99, newer than this maillens understands \(\d+\): upgrade maillens$/);
    }
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    check.close();
  });

  it.runIf(isRoot)('a full disk: a clear message, and what was stored before is intact', async () => {
    const tiny = join(dir, 'tiny');
    mkdirSync(tiny);
    // 2 MB: the database of two events (~300 KB, and its write-ahead log after four migrations) fits, and
    // the big log's first batch does not.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', tiny]);
    const db = join(tiny, 'maillens.db');
    expect((await run(['analyze', '--db', db, '--quiet', log])).code).toBe(0);
    // A log far bigger than the disk.
    const big = join(dir, 'mainlog');
    writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => rejectionLine(i + 10)).join('\n') + '\n');
    const r = await run(['analyze', '--db', db, big]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/disk full|database or disk is full/);
    expect(r.stderr).toContain(big);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM events WHERE source_id = 1').pluck().get()).toBe(2);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});

describe('unreadable input', () => {
  it('a log file we may not read is named with the reason; the other inputs are still read', () => {
    const secret = join(dir, 'mainlog');
    writeFileSync(secret, `${rejectionLine(5)}\n`);
    chmodSync(secret, 0o600);
    if (isRoot) chownSync(secret, 0, 0);
    const r = cliUnprivileged(['analyze', '--db', join(dir, 'm.db'), '--quiet', secret, log]);
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toBe(`maillens: ${secret}: permission denied`);
    const check = new Database(join(dir, 'm.db'), { readonly: true });
    expect(check.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    check.close();
  });
});
