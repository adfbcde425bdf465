// copytruncate when the truncated log has already grown past the old resume offset by the next run
// (a busy mainlog: logrotate at 06:25, maillens at 00:10). The copy must still be finished from the
// saved offset: the file at the source's path is no longer the source's file (other first bytes), so
// it says nothing about whether the copy continues the source. Found in a user review: the copy was read from 0,
// counting every line before the offset twice (deliveries, line counts; PHPMailer failures too).
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/ingest.js';
import { openDatabase, type Db } from '../../src/store/open.js';
import { mainlogTraffic, rejectionLine } from '../helpers/exim-lines.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-ct-'));
  db = openDatabase(join(dir, 'test.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const block = (from: number, to: number) => {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(rejectionLine(i), ...mainlogTraffic(i));
  return `${out.join('\n')}\n`;
};
const run = (files: string[]) =>
  ingest(db, files, { host: 'mx1', stdin: Readable.from([]), cwd: dir, now: () => Date.parse('2024-11-27T02:00:00Z') });
const one = (sql: string) => db.prepare(sql).pluck().get() as number;

describe('copytruncate, truncated file refilled past the old offset', () => {
  it('finishes the copy from the saved offset: nothing counted twice', async () => {
    const log = join(dir, 'mainlog');
    writeFileSync(log, block(0, 10));
    await run([log]);
    appendFileSync(log, block(10, 15));
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, block(100, 140)); // longer than what was read before
    const result = await run([`${log}.1`, log]);
    expect(result.inputs.map((i) => [i.path.replace(dir, ''), i.lines, i.startOffset > 0])).toEqual([
      ['/mainlog.1', 20, true],
      ['/mainlog', 160, false],
    ]);
    expect(one('SELECT count(*) FROM events')).toBe(55);
    expect(one("SELECT sum(count) FROM hourly WHERE class = 'success'")).toBe(110);
    expect(one('SELECT sum(lines_read) FROM hourly_lines')).toBe(55 * 4);
  });
});
