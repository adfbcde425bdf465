// Issue 7: storing from a writer thread must not change a single row. The same inputs, analyzed once
// with the store in the ingest thread and once with the writer thread, give identical databases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/ingest.js';
import { openDatabase, type Db } from '../../src/store/open.js';
import { ThreadBatchWriter } from '../../src/store/thread-batch-writer.js';
import { projectRoot } from '../../src/util/paths.js';
import { mainlogTraffic, rejectionLine, rejectlogEntry } from '../helpers/exim-lines.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-writer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dump(db: Db) {
  const all = (sql: string) => db.prepare(sql).raw().all();
  return {
    events: all(`SELECT file, line, ts, host, format, direction, stage, code, enhanced, code_source, class,
                 category, rule, blocklist, client_ip, helo, sender, recipient, server, message_id, text FROM v_events ORDER BY file, line, text`),
    hourly: all('SELECT * FROM hourly ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'),
    lines: all('SELECT * FROM hourly_lines ORDER BY 1, 2, 3'),
    sources: all('SELECT path, format, offset, line, high_water FROM sources ORDER BY path'),
    runs: all('SELECT status, lines_read, lines_matched, lines_skipped, events_added, events_duplicate FROM runs ORDER BY id'),
  };
}

describe('writer thread', () => {
  it('gives the same database as storing in the ingest thread (several inputs, twins, small batches)', async () => {
    expect(ThreadBatchWriter.script(), 'the compiled worker (npm test builds it)').not.toBeNull();
    const root = projectRoot();
    const mainlog = join(dir, 'mainlog');
    const rejectlog = join(dir, 'rejectlog');
    const main: string[] = [];
    const reject: string[] = [];
    for (let i = 0; i < 3000; i++) {
      main.push(rejectionLine(i), ...mainlogTraffic(i));
      reject.push(...(i % 7 === 0 ? rejectlogEntry(i) : [rejectionLine(i)]));
    }
    writeFileSync(mainlog, `${main.join('\n')}\n`);
    writeFileSync(rejectlog, `${reject.join('\n')}\n`);
    const files = [rejectlog, mainlog, join(root, 'fixtures/hmailserver/hmailserver_2024-11-22.log'), join(root, 'fixtures/phpmailer/echo-level3.log')];

    const results = [];
    for (const writerThread of [false, true]) {
      const db = openDatabase(join(dir, `${writerThread}.db`));
      const r = await ingest(db, files, {
        host: 'mx1',
        stdin: Readable.from([]),
        cwd: dir,
        now: () => Date.parse('2024-11-27T00:00:00Z'),
        writerThread,
        batchEvents: 500,
        batchLines: 2000,
      });
      expect(r.status).toBe('ok');
      results.push(dump(db));
      db.close();
    }
    const [inline, thread] = results;
    expect(inline!.events.length).toBeGreaterThan(3000);
    expect(thread).toEqual(inline);
  });
});
