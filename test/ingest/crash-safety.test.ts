// A run killed at any moment and run again gives exactly the totals of one clean run; two runs at
// once never double count (issue 5). These run the built CLI (npm test builds it first) as real
// processes, because SIGKILL and a second process are the point.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { rejectionLine, mainlogTraffic } from '../helpers/exim-lines.js';

const bin = join(projectRoot(), 'dist', 'src', 'bin.js');
const N = 40_000;
let dir: string;
let log: string;

beforeAll(() => {
  if (!existsSync(bin)) spawnSync('npx', ['tsc', '-p', projectRoot()], { stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'maillens-crash-'));
  log = join(dir, 'mainlog');
  const out: string[] = [];
  for (let i = 0; i < N; i++) {
    out.push(rejectionLine(i));
    if (i % 4 === 0) out.push(...mainlogTraffic(i));
  }
  writeFileSync(log, `${out.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function analyze(db: string, env: Record<string, string> = {}) {
  return spawn(process.execPath, [bin, 'analyze', log, '--db', db, '--host', 'mx1', '--quiet'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exit(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

function totals(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    return {
      events: conn.prepare('SELECT count(*) FROM events').pluck().get(),
      refusals: conn.prepare("SELECT sum(count) FROM hourly WHERE class <> 'success'").pluck().get(),
      successes: conn.prepare("SELECT sum(count) FROM hourly WHERE class = 'success'").pluck().get(),
      lines: conn.prepare('SELECT sum(lines_read) FROM hourly_lines').pluck().get(),
    };
  } finally {
    conn.close();
  }
}

describe('crash and concurrency safety', () => {
  it('a clean run stores every line once', async () => {
    const db = join(dir, 'clean.db');
    const r = await exit(analyze(db));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(totals(db)).toEqual({ events: N, refusals: N, successes: N / 2, lines: N + N * 3 / 4 });
  });

  it('a run killed with SIGKILL in the middle, run again, ends with the totals of one clean run', async () => {
    const db = join(dir, 'killed.db');
    const child = analyze(db, { MAILLENS_BATCH_LINES: '500' });
    const done = exit(child);
    // Wait until at least one batch is committed, then kill without warning.
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 10));
      if (!existsSync(db)) continue;
      try {
        const conn = new Database(db, { readonly: true });
        const n = conn.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'events'").pluck().get() ? (conn.prepare('SELECT count(*) FROM events').pluck().get() as number) : 0;
        conn.close();
        if (n > 0) break;
      } catch {
        // schema being created
      }
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const partial = totals(db);
    expect(partial.events).toBeGreaterThan(0);
    expect(partial.events).toBeLessThan(N);
    const rerun = await exit(analyze(db));
    expect(rerun.code).toBe(0);
    expect(totals(db)).toEqual({ events: N, refusals: N, successes: N / 2, lines: N + N * 3 / 4 });
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT status FROM runs ORDER BY id').pluck().all()).toEqual(['interrupted', 'ok']);
    conn.close();
  });

  it('two runs at once never double count; the second is told why it stopped', async () => {
    const db = join(dir, 'concurrent.db');
    // Create the schema first so both start on equal terms.
    spawnSync(process.execPath, [bin, 'analyze', '--db', db, '--quiet', join(dir, 'missing-on-purpose')]);
    const [a, b] = await Promise.all([exit(analyze(db, { MAILLENS_BATCH_LINES: '2000' })), exit(analyze(db, { MAILLENS_BATCH_LINES: '2000' }))]);
    const codes = [a.code, b.code].sort();
    const why = `exit codes ${a.code}/${b.code}; stderr: ${JSON.stringify(a.stderr)} / ${JSON.stringify(b.stderr)}`;
    expect(codes[0], why).toBe(0);
    expect([0, 5], why).toContain(codes[1]);
    const loser = [a, b].find((r) => r.code === 5);
    if (loser) expect(loser.stderr).toMatch(/another maillens run is writing to .*concurrent\.db/);
    expect(totals(db)).toEqual({ events: N, refusals: N, successes: N / 2, lines: N + N * 3 / 4 });
  });
});
