// Issue 6: broken and hostile input files. Each case ends with a clear one-line message naming the file
// (or counted, skipped lines), the other inputs still processed, and an exit code that tells success
// from partial failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/ingest.js';
import { openDatabase } from '../../src/store/open.js';
import { run } from '../helpers/cli.js';
import { rejectionLine } from '../helpers/exim-lines.js';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-bad-'));
  db = join(dir, 'x.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const good = () => {
  const path = join(dir, 'rejectlog');
  writeFileSync(path, `${rejectionLine(1)}\n${rejectionLine(2)}\n`);
  return path;
};
const analyze = (...files: string[]) => run(['analyze', '--db', db, '--host', 'mx1', '--json', ...files], { cwd: dir });
const summary = (stdout: string) => JSON.parse(stdout) as { totals: Record<string, number>; inputs: Record<string, unknown>[] };

describe('bad input files', () => {
  it('a directory given as a file: one clear line, the other inputs still read, exit 3', async () => {
    mkdirSync(join(dir, 'exim4'));
    const r = await analyze(join(dir, 'exim4'), good());
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`maillens: ${join(dir, 'exim4')}: is a directory, not a log file (use a glob such as ${join(dir, 'exim4')}/*.log)\n`);
    expect(summary(r.stdout).totals.events).toBe(2);
  });

  it('a FIFO given as a file is refused by name, not read forever', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = await analyze(fifo, good());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^maillens: .*pipe: not a regular file \(a FIFO or device\): pipe it to "maillens analyze -" instead\n$/);
    expect(summary(r.stdout).totals.events).toBe(2);
  });

  it('a missing file is named; a pattern that matches nothing beside it is listed as empty', async () => {
    const r = await analyze(join(dir, 'nope.log'), join(dir, 'mainlog*'), good());
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([`maillens: ${join(dir, 'nope.log')}: no such file`]);
    expect(summary(r.stdout).inputs.find((i) => i.path === join(dir, 'mainlog*'))).toMatchObject({ status: 'empty' });
  });

  it("a pattern that matches nothing beside files that exist is no failure (no rejectlog yet on a quiet host)", async () => {
    // Exim creates its rejectlog at the first rejection: the README's cron line names `'rejectlog*'`
    // and `'mainlog*'`, and must not exit 3 (stopping the `&& maillens report` after it) every night.
    const r = await analyze(join(dir, 'rejectlog*'), good());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(summary(r.stdout).totals.events).toBe(2);
  });

  it('a pattern that matches nothing, alone, is an error', async () => {
    const r = await analyze(join(dir, 'rejectlog*'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`maillens: ${join(dir, 'rejectlog*')}: no file matches this pattern\n`);
  });

  it('only bad inputs: exit 1', async () => {
    const r = await analyze(join(dir, 'nope.log'));
    expect(r.code).toBe(1);
  });

  it('an empty file is fine: nothing to read, exit 0', async () => {
    writeFileSync(join(dir, 'empty.log'), '');
    const r = await analyze(join(dir, 'empty.log'));
    expect(r.code).toBe(0);
    expect(summary(r.stdout).inputs[0]).toMatchObject({ status: 'empty' });
  });

  it('a file that vanishes between listing and reading is named; the run goes on', async () => {
    const first = good();
    const second = join(dir, 'rejectlog.1');
    writeFileSync(second, `${rejectionLine(3)}\n`);
    const conn = openDatabase(db);
    const result = await ingest(conn, [join(dir, 'rejectlog*')], {
      host: 'mx1',
      stdin: Readable.from([]),
      cwd: dir,
      now: () => Date.now(),
      // rejectlog.1 is read first (oldest first); rejectlog disappears meanwhile.
      onProgress: () => {
        try {
          unlinkSync(first);
        } catch {
          // already gone
        }
      },
    });
    conn.close();
    expect(result.status).toBe('partial');
    expect(result.inputs.map((i) => [i.status, i.events])).toEqual([
      ['read', 1],
      ['failed', 0],
    ]);
    expect(result.inputs[1]!.message).toBe(`${first}: no such file`);
  });

  it('NUL bytes, invalid UTF-8, Windows-1252, CRLF and lone CR: every line read, none lost', async () => {
    const path = join(dir, 'mixed');
    const parts = [
      // A run of NULs (what a crash leaves where the file system had allocated but not written) is
      // noise: read and counted, but nothing to understand, like a blank line.
      Buffer.from('\u0000\u0000\u0000\n'),
      Buffer.from(`${rejectionLine(1)}\r\n`),
      Buffer.from(`${rejectionLine(2)}\r`),
      Buffer.from(rejectionLine(3).replace('client3.example', 'caf\u00e9\u0000\u0000')),
      Buffer.from('\n'),
      Buffer.concat([Buffer.from(rejectionLine(4).replace('client4.example', 'm')), Buffer.from([0xe9, 0xff, 0xfe])]),
      Buffer.from('\n'),
    ];
    writeFileSync(path, Buffer.concat(parts));
    const r = await analyze(path);
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect(s.totals).toMatchObject({ lines: 5, events: 4, skipped: 0 });
    const events = await run(['events', '--db', db, '--since', '2000-01-01', '--format', 'ndjson'], { cwd: dir });
    const helos = events.stdout.trim().split('\n').map((l) => JSON.parse(l).helo);
    expect(helos).toContain('café\u0000\u0000');
  });

  it('a 50 MB "line" without newline is cut, counted as oversized, and the next lines are intact', async () => {
    const path = join(dir, 'huge');
    const fd = openSync(path, 'w');
    writeSync(fd, `${rejectionLine(1)}\n`);
    const block = Buffer.alloc(1024 * 1024, 0x41);
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    writeSync(fd, `\n${rejectionLine(2)}\n`);
    closeSync(fd);
    const r = await analyze(path);
    expect(r.code).toBe(0);
    expect(summary(r.stdout).totals).toMatchObject({ lines: 3, events: 2, oversized: 1 });
  });
});
