// The autumn clock change: an Exim log in local time (no offsets) writes 02:00-02:59 twice. Run in a
// child process with TZ=Europe/Berlin (the time zone of the process decides how local times read).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';

const bin = join(projectRoot(), 'dist', 'src', 'bin.js');
let dir: string;
beforeAll(() => {
  if (!existsSync(bin)) spawnSync('npx', ['tsc', '-p', projectRoot()], { stdio: 'inherit' });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-dst-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (time: string, n: number) =>
  `2026-10-25 ${time} H=(helo${n}) [203.0.113.${n}] F=<s${n}@example.net> rejected RCPT <u${n}@example.com>: relay not permitted`;

describe('the repeated hour of the autumn clock change', () => {
  it('puts the second 02:00-02:59 an hour after the first', () => {
    const log = join(dir, 'rejectlog');
    const times = ['01:30:00', '02:00:00', '02:30:00', '02:59:59', '02:00:00', '02:30:00', '02:59:59', '03:00:00'];
    writeFileSync(log, times.map((t, i) => line(t, i + 1)).join('\n') + '\n');
    const db = join(dir, 'm.db');
    const r = spawnSync(process.execPath, [bin, 'analyze', log, '--db', db, '--quiet'], { env: { ...process.env, TZ: 'Europe/Berlin' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const conn = new Database(db, { readonly: true });
    const utc = conn.prepare('SELECT ts FROM events ORDER BY line').pluck().all() as number[];
    conn.close();
    const at = (hhmmss: string) => Date.parse(`2026-10-25T${hhmmss}Z`);
    expect(utc).toEqual([at('23:30:00') - 86_400_000, at('00:00:00'), at('00:30:00'), at('00:59:59'), at('01:00:00'), at('01:30:00'), at('01:59:59'), at('02:00:00')]);
  });
});
