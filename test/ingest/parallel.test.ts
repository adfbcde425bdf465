// Issue 7: where the work happens must not change a single stored row. The same inputs, analyzed with
// the store in the ingest thread, with a writer thread, and with one, two or three parse workers
// (independent inputs read at the same time, src/ingest/chains.ts), give the same database.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainInputs } from '../../src/ingest/chains.js';
import { ingest } from '../../src/ingest/ingest.js';
import { ParseWorker } from '../../src/ingest/parse-pool.js';
import { openDatabase, type Db } from '../../src/store/open.js';
import { WriterThread } from '../../src/store/writer-thread.js';
import { projectRoot } from '../../src/util/paths.js';
import { mainlogTraffic, rejectionLine, rejectlogEntry } from '../helpers/exim-lines.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-parallel-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The database's contents, with the surrogate ids (of events, texts, kinds, sources) replaced by what
 * they stand for: readers working at the same time number new rows in the order they come.
 */
function dump(db: Db) {
  const all = (sql: string) => db.prepare(sql).raw().all();
  return {
    events: all(`SELECT file, line, ts, host, format, direction, stage, code, enhanced, code_source, class,
                 category, rule, blocklist, client_ip, helo, sender, recipient, server, message_id, text FROM v_events ORDER BY file, line, text`),
    twins: all('SELECT s.path, e.byte_offset, e.seq, e.twin, e.run_id FROM events e JOIN sources s ON s.id = e.source_id ORDER BY 1, 2, 3'),
    texts: all('SELECT hash, text FROM reply_texts ORDER BY text'),
    kinds: all('SELECT format, direction, stage, code, enhanced, code_source, class, category, rule, blocklist FROM event_kinds ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10'),
    hourly: all('SELECT * FROM hourly ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'),
    lines: all('SELECT * FROM hourly_lines ORDER BY 1, 2, 3'),
    sources: all('SELECT host, path, format, device, inode, fp_len, fp_hash, offset, line, high_water, size_seen, first_run_id, last_run_id FROM sources ORDER BY path'),
    runs: all('SELECT status, inputs, bytes_read, lines_read, lines_matched, lines_skipped, events_added, events_duplicate FROM runs ORDER BY id'),
  };
}

describe('one reader or several', () => {
  it('gives the same database with the store inline, a writer thread, and 0-3 parse workers (two runs, twins, small batches)', async () => {
    expect(WriterThread.script(), 'the compiled writer (npm test builds it)').not.toBeNull();
    expect(ParseWorker.script(), 'the compiled parse worker (npm test builds it)').not.toBeNull();
    const root = projectRoot();
    const mainlog = join(dir, 'mainlog');
    const rejectlog = join(dir, 'rejectlog');
    const main: string[] = [];
    const reject: string[] = [];
    for (let i = 0; i < 3000; i++) {
      main.push(rejectionLine(i), ...mainlogTraffic(i));
      reject.push(...(i % 7 === 0 ? rejectlogEntry(i) : [rejectionLine(i)]));
    }
    const half = (lines: string[], upTo: number) => `${lines.slice(0, upTo).join('\n')}\n`;
    const php = ['echo-level3.log', 'error-log-mixed.log', 'html-mode.log', 'level4-inbound.log'].map((f) => join(root, 'fixtures/phpmailer', f));
    const files = [rejectlog, mainlog, join(dir, 'hmailserver_2024-11-22.log'), ...php];

    const setups = [
      { name: 'inline', writerThread: false },
      { name: 'writer thread, read here', writerThread: true, jobs: 0 },
      { name: 'one parse worker', jobs: 1 },
      { name: 'two parse workers', jobs: 2 },
      { name: 'three parse workers', jobs: 3 },
    ];
    const dumps = [];
    for (const setup of setups) {
      // The same files, growing between the two runs (a nightly run reads what is new).
      writeFileSync(mainlog, half(main, main.length / 2));
      writeFileSync(rejectlog, half(reject, reject.length / 3));
      copyFileSync(join(root, 'fixtures/hmailserver/hmailserver_2024-11-22.log'), join(dir, 'hmailserver_2024-11-22.log'));
      // The inputs are really spread: the Exim logs are one chain, every other file one of its own.
      expect(chainInputs(files.map((path) => ({ path, given: path })), undefined, 1024).map((c) => c.inputs)).toEqual([[0, 1], [2], [3], [4], [5], [6]]);
      const db = openDatabase(join(dir, `${setup.name}.db`));
      for (let run = 0; run < 2; run++) {
        if (run === 1) {
          writeFileSync(mainlog, half(main, main.length));
          writeFileSync(rejectlog, half(reject, reject.length));
        }
        const r = await ingest(db, files, {
          host: 'mx1',
          stdin: Readable.from([]),
          cwd: dir,
          now: () => Date.parse('2024-11-27T00:00:00Z'),
          writerThread: setup.writerThread,
          jobs: setup.jobs,
          batchEvents: 500,
          batchLines: 2000,
        });
        expect(r.status, `${setup.name}: ${r.inputs.map((i) => i.message).filter(Boolean).join('; ')}`).toBe('ok');
        expect(r.inputs.map((i) => i.path)).toEqual(files);
      }
      dumps.push({ name: setup.name, dump: dump(db) });
      db.close();
    }
    const [first, ...others] = dumps;
    expect(first!.dump.events.length).toBeGreaterThan(3000);
    expect((first!.dump.twins as unknown[][]).filter((t) => t[3] !== null).length).toBeGreaterThan(1000);
    for (const other of others) expect(other.dump, `${other.name} vs ${first!.name}`).toEqual(first!.dump);
  });
});
