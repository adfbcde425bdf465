// Nightly operation (issue 5): every scenario ends with exactly the expected counts in the database.
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, utimesSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest, type IngestOptions } from '../../src/ingest/ingest.js';
import { openDatabase, type Db } from '../../src/store/open.js';
import { rejectionLine, rejectlogEntry, mainlogTraffic } from '../helpers/exim-lines.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-incr-'));
  db = openDatabase(join(dir, 'test.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `${rejectionLine(from + k)}\n`).join('');
const options = (extra: Partial<IngestOptions> = {}): IngestOptions => ({
  host: 'mx1',
  stdin: Readable.from([]),
  cwd: dir,
  now: () => Date.parse('2024-11-27T02:00:00Z'),
  ...extra,
});
const run = (files: string[], extra?: Partial<IngestOptions>) => ingest(db, files, options(extra));
const count = (where = '1') => (db.prepare(`SELECT count(*) FROM events WHERE ${where}`).pluck().get() as number);
const hourlyRefusals = () => db.prepare("SELECT coalesce(sum(count), 0) FROM hourly WHERE class <> 'success'").pluck().get() as number;
const recipients = () => (db.prepare('SELECT recipient FROM events ORDER BY recipient').pluck().all() as string[]);

describe('incremental ingest', () => {
  it('reads only what is new, and a rerun with no new data adds nothing', async () => {
    const log = join(dir, 'rejectlog');
    writeFileSync(log, lines(0, 3));
    const first = await run([log]);
    expect(first.inputs[0]).toMatchObject({ status: 'read', format: 'exim', lines: 3, events: 3 });
    appendFileSync(log, lines(3, 5));
    const second = await run([log]);
    expect(second.inputs[0]).toMatchObject({ status: 'read', lines: 2, events: 2, startOffset: Buffer.byteLength(lines(0, 3)) });
    const third = await run([log]);
    expect(third.inputs[0]).toMatchObject({ status: 'unchanged', lines: 0, events: 0 });
    expect(count()).toBe(5);
    expect(hourlyRefusals()).toBe(5);
    const lineTotal = db.prepare('SELECT sum(lines_read) FROM hourly_lines').pluck().get();
    expect(lineTotal).toBe(5);
  });

  it('counts blank lines as read, never as not understood; a garbage line still is', async () => {
    const log = join(dir, 'mainlog');
    // (the garbage comes first: after a rejection, lines without a stamp are its header lines)
    writeFileSync(log, `this is not an Exim line\n\n${rejectionLine(0)}\n\n   \n\t\n${rejectionLine(1)}\n`);
    const result = await run([log]);
    expect(result.inputs[0]).toMatchObject({ status: 'read', format: 'exim', lines: 7, events: 2, skipped: 1 });
    expect(db.prepare('SELECT sum(lines_read), sum(lines_skipped) FROM hourly_lines').raw().get()).toEqual([7, 1]);
  });

  it('leaves a final line without newline for the next run', async () => {
    const log = join(dir, 'rejectlog');
    const full = rejectionLine(2);
    writeFileSync(log, lines(0, 2) + full.slice(0, 40));
    await run([log]);
    expect(count()).toBe(2);
    appendFileSync(log, `${full.slice(40)}\n${rejectionLine(3)}\n`);
    const second = await run([log]);
    expect(second.inputs[0]).toMatchObject({ lines: 2, events: 2 });
    expect(recipients()).toEqual(['user0@example.net', 'user1@example.net', 'user2@example.net', 'user3@example.net']);
  });

  it('finishes a renamed file from its saved offset and starts the new one at 0 (create rotation)', async () => {
    const log = join(dir, 'rejectlog');
    writeFileSync(log, lines(0, 3));
    await run([log]);
    appendFileSync(log, lines(3, 4)); // written after our run, before logrotate
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(4, 6));
    const result = await run([join(dir, 'rejectlog*')]);
    expect(result.inputs.map((i) => [i.path.replace(dir, ''), i.events])).toEqual([
      ['/rejectlog.1', 1],
      ['/rejectlog', 2],
    ]);
    expect(result.inputs[0]!.continuedFrom).toBe(log);
    expect(count()).toBe(6);
    // Next night: rejectlog.1 is compressed to rejectlog.2.gz; nothing is read twice.
    writeFileSync(`${log}.2.gz`, gzipSync(readFileSync(`${log}.1`)));
    rmSync(`${log}.1`);
    renameSync(log, `${log}.1`);
    writeFileSync(log, lines(6, 7));
    const next = await run([join(dir, 'rejectlog*')]);
    expect(next.inputs.map((i) => [i.path.replace(dir, ''), i.status, i.events])).toEqual([
      ['/rejectlog.2.gz', 'unchanged', 0],
      ['/rejectlog.1', 'unchanged', 0],
      ['/rejectlog', 'read', 1],
    ]);
    expect(count()).toBe(7);
    expect(hourlyRefusals()).toBe(7);
  });

  it('finishes a rotated file that was compressed before we saw its end (gzip of the rotated file)', async () => {
    const log = join(dir, 'rejectlog');
    writeFileSync(log, lines(0, 3));
    await run([log]);
    appendFileSync(log, lines(3, 5));
    writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(log)));
    rmSync(log);
    writeFileSync(log, lines(5, 6));
    const result = await run([log, `${log}.1.gz`]);
    expect(result.inputs.map((i) => [i.path.replace(dir, ''), i.events, i.startOffset])).toEqual([
      ['/rejectlog.1.gz', 2, Buffer.byteLength(lines(0, 3))],
      ['/rejectlog', 1, 0],
    ]);
    expect(count()).toBe(6);
  });

  it('handles copytruncate: the copy is finished, the truncated file starts again at 0', async () => {
    const log = join(dir, 'rejectlog');
    writeFileSync(log, lines(0, 3));
    await run([log]);
    appendFileSync(log, lines(3, 4));
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, lines(4, 6));
    await run([log, `${log}.1`]);
    expect(count()).toBe(6);
    expect(recipients()).toHaveLength(6);
  });

  it('starts again at 0 when a file was truncated and rewritten', async () => {
    const log = join(dir, 'rejectlog');
    writeFileSync(log, lines(0, 4));
    await run([log]);
    writeFileSync(log, lines(10, 12));
    const result = await run([log]);
    expect(result.inputs[0]).toMatchObject({ startOffset: 0, events: 2 });
    expect(count()).toBe(6);
  });

  it('never counts a line twice with --rescan (events, aggregates and line counts)', async () => {
    const log = join(dir, 'mainlog');
    writeFileSync(log, [rejectionLine(0), ...mainlogTraffic(1), rejectionLine(2)].join('\n') + '\n');
    await run([log]);
    const before = {
      events: count(),
      hourly: db.prepare('SELECT sum(count) FROM hourly').pluck().get(),
      lines: db.prepare('SELECT sum(lines_read) FROM hourly_lines').pluck().get(),
    };
    const again = await run([log], { rescan: true });
    expect(again.inputs[0]).toMatchObject({ status: 'read', events: 0, duplicates: 2 });
    expect({
      events: count(),
      hourly: db.prepare('SELECT sum(count) FROM hourly').pluck().get(),
      lines: db.prepare('SELECT sum(lines_read) FROM hourly_lines').pluck().get(),
    }).toEqual(before);
    expect(before.events).toBe(2);
  });

  it('stores a rejection written to both mainlog and rejectlog once, in one run or in two', async () => {
    const mainlog = join(dir, 'mainlog');
    const rejectlog = join(dir, 'rejectlog');
    writeFileSync(mainlog, [rejectionLine(0), ...mainlogTraffic(1), rejectlogEntry(2)[0], rejectionLine(3)].join('\n') + '\n');
    writeFileSync(rejectlog, [rejectionLine(0), ...rejectlogEntry(2), rejectionLine(3)].join('\n') + '\n');
    await run([rejectlog]);
    expect(count()).toBe(3);
    const second = await run([mainlog]);
    expect(second.inputs[0]).toMatchObject({ events: 0, duplicates: 3 });
    expect(count()).toBe(3);
    expect(hourlyRefusals()).toBe(3);
    // The header block (with 550 and 5.1.1 in its headers) yielded nothing.
    expect(db.prepare("SELECT count(*) FROM v_events WHERE text LIKE '%offers%'").pluck().get()).toBe(0);
  });

  it('counts successes for the rejection rate without storing them as events', async () => {
    const log = join(dir, 'mainlog');
    writeFileSync(log, [...mainlogTraffic(1), ...mainlogTraffic(2), rejectionLine(3)].join('\n') + '\n');
    await run([log]);
    expect(count()).toBe(1);
    const successes = db.prepare("SELECT direction, sum(count) AS n FROM hourly WHERE class = 'success' GROUP BY direction ORDER BY direction").all();
    expect(successes).toEqual([
      { direction: 'inbound', n: 2 },
      { direction: 'outbound', n: 2 },
    ]);
  });

  it('reads stdin without offsets, detecting the format', async () => {
    const result = await run(['-'], { stdin: Readable.from([Buffer.from(lines(0, 2))]) });
    expect(result.inputs[0]).toMatchObject({ status: 'read', format: 'exim', events: 2 });
  });

  it('reports an input it cannot recognise by name and goes on with the others', async () => {
    const junk = join(dir, 'notes.txt');
    writeFileSync(junk, 'shopping list\nmilk\n');
    const log = join(dir, 'rejectlog');
    writeFileSync(log, lines(0, 2));
    const result = await run([junk, log]);
    expect(result.status).toBe('partial');
    expect(result.inputs[0]).toMatchObject({ status: 'unrecognised' });
    expect(result.inputs[0]!.message).toMatch(/notes\.txt: does not look like an Exim, hMailServer or PHPMailer log/);
    expect(result.inputs[1]).toMatchObject({ status: 'read', events: 2 });
  });
});

describe('lines without a time of their own', () => {
  it('are stored at the file time even when the file system gives it with a fraction of a millisecond', async () => {
    // PHPMailer before 5.2.9 prints no time stamps: every event takes the file's mtime, which Linux
    // gives in nanoseconds (mtimeMs 1732672800123.4567); a fractional ts used to fail the whole file.
    const log = join(dir, 'phpmailer.log');
    writeFileSync(
      log,
      'SMTP -> FROM SERVER:220 mail.example.com ESMTP\nSMTP -> ERROR: Failed to connect to server: Connection refused (111)\nSMTP Error: Could not connect to SMTP host.\n',
    );
    utimesSync(log, 1_732_672_800.1234567, 1_732_672_800.1234567);
    const result = await run([log], { format: 'phpmailer' });
    expect(result.inputs[0]).toMatchObject({ status: 'read', format: 'phpmailer' });
    expect(result.inputs[0]!.events).toBeGreaterThan(0);
    const ts = db.prepare('SELECT DISTINCT ts FROM events').pluck().all();
    expect(ts).toEqual([1_732_672_800_123]);
  });
});

describe('a second file that starts like a known one', () => {
  it('is read from its own start when it is another log, and not at all when it is a copy', async () => {
    // (found by QA: another file with the same first kilobyte was read from the known file's offset)
    const first = join(dir, 'a.log');
    const head = lines(0, 20);
    writeFileSync(first, head + lines(20, 30));
    expect((await run([first])).inputs[0]).toMatchObject({ status: 'read', lines: 30, events: 30 });

    const other = join(dir, 'b.log');
    writeFileSync(other, head + lines(100, 140)); // same 20 first lines, then other ones
    const r = await run([other]);
    expect(r.inputs[0]).toMatchObject({ status: 'read', startOffset: 0, lines: 60, continuedFrom: null });
    expect(r.inputs[0]!.events + r.inputs[0]!.duplicates).toBe(60);
    expect(count()).toBe(70); // 30 + the 40 lines b.log does not share with a.log

    const copy = join(dir, 'a-copy.log');
    copyFileSync(first, copy);
    expect((await run([copy])).inputs[0]).toMatchObject({ status: 'unchanged', events: 0 });
    expect(count()).toBe(70);
  });

  it('still continues the rotated file (renamed, the original path now holds a new log)', async () => {
    const log = join(dir, 'rejectlog');
    writeFileSync(log, lines(0, 10));
    await run([log]);
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, lines(10, 12));
    writeFileSync(log, lines(50, 53));
    const r = await run([`${log}.1`, log]);
    expect(r.inputs.map((i) => [i.status, i.lines])).toEqual([
      ['read', 2],
      ['read', 3],
    ]);
    expect(count()).toBe(15);
  });
});

describe('an input that breaks off', () => {
  it('a truncated .gz keeps what was read and makes the run partial, not failed', async () => {
    const full = gzipSync(Buffer.from(lines(0, 4000)));
    const log = join(dir, 'rejectlog.2.gz');
    writeFileSync(log, full.subarray(0, Math.floor(full.length / 2)));
    const r = await run([log]);
    expect(r.inputs[0]!.status).toBe('failed');
    expect(r.inputs[0]!.message).toMatch(/read failed after \d+ bytes/);
    expect(r.inputs[0]!.events).toBeGreaterThan(0);
    expect(r.status).toBe('partial');
    expect(count()).toBe(r.inputs[0]!.events);
  });
});

describe('a log a crash left NUL bytes in', () => {
  it('reads the line written right after the NUL run (the NULs are noise)', async () => {
    const log = join(dir, 'rejectlog');
    writeFileSync(log, Buffer.concat([Buffer.from(lines(0, 3)), Buffer.alloc(4096), Buffer.from(lines(3, 6))]));
    const r = await run([log]);
    expect(r.inputs[0]).toMatchObject({ status: 'read', format: 'exim', lines: 6, events: 6, skipped: 0 });
    // detection too, when the file starts with the NULs
    const other = join(dir, 'rejectlog.0');
    writeFileSync(other, Buffer.concat([Buffer.alloc(512), Buffer.from(lines(20, 23))]));
    expect((await run([other])).inputs[0]).toMatchObject({ status: 'read', format: 'exim', events: 3 });
  });
});

describe('the database next to the logs', () => {
  it('a glob over the directory never reads the database or its companions; naming it is an error', async () => {
    writeFileSync(join(dir, 'rejectlog'), lines(0, 2));
    const r = await run([join(dir, '*')], { format: 'exim' });
    expect(r.inputs.map((i) => i.path)).toEqual([join(dir, 'rejectlog')]);
    expect(count()).toBe(2);
    const named = await run([join(dir, 'test.db')]);
    expect(named.inputs).toMatchObject([{ status: 'failed', message: expect.stringMatching(/is the maillens database/) }]);
  });
});

describe('a file rewritten in place', () => {
  it('is read again from its start when the bytes before the resume point changed, not resumed mid-line', async () => {
    // (found by QA: same inode and first kilobyte, longer than before: resumed at the old offset)
    const log = join(dir, 'rejectlog');
    const head = lines(0, 20);
    writeFileSync(log, head + lines(20, 25));
    expect((await run([log])).inputs[0]).toMatchObject({ status: 'read', lines: 25 });
    writeFileSync(log, head + lines(60, 90)); // same file (inode), same beginning, other content after it
    const r = await run([log]);
    expect(r.inputs[0]).toMatchObject({ status: 'read', startOffset: 0, lines: 50 });
    expect(count()).toBe(25 + 30);
    // and a file that only grew is still resumed where it was left
    appendFileSync(log, lines(90, 92));
    expect((await run([log])).inputs[0]).toMatchObject({ status: 'read', lines: 2, events: 2 });
  });
});
