// Issue 7: the parse thread classifies replies it has seen before and leaves a text's first sighting to
// the store's thread, unless the store is behind; both must store exactly the same rows. And a row
// whose facts fall outside the vocabularies must still reach the store's CHECKs, never be dropped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { defaultClassifier } from '../../src/classify/classify.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { readInput } from '../../src/ingest/read-input.js';
import { blankEvent } from '../../src/model/event.js';
import { InlineBatchWriter } from '../../src/store/inline-batch-writer.js';
import { eximReadJob } from '../helpers/read-job.js';
import { openDatabase, type Db } from '../../src/store/open.js';
import { RowPacker } from '../../src/store/row-packer.js';
import { EventWriter, PackedNames } from '../../src/store/writer.js';
import { projectRoot } from '../../src/util/paths.js';
import { rejectionLine } from '../helpers/exim-lines.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-who-classifies-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An InlineBatchWriter that says the store is always behind: ingest then classifies every event. */
class BehindWriter extends InlineBatchWriter {
  override readonly behind = true;
}

function setUp(name: string): { db: Db; runId: number; sourceId: number } {
  const db = openDatabase(join(dir, `${name}.db`));
  const runId = Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx', 'running')").run().lastInsertRowid);
  const sourceId = Number(db.prepare("INSERT INTO sources (host, path, format, updated_at) VALUES ('mx', 'x', 'exim', 0)").run().lastInsertRowid);
  return { db, runId, sourceId };
}

function dump(db: Db) {
  return db
    .prepare(
      `SELECT e.byte_offset, e.seq, e.line, e.ts, k.format, k.direction, k.stage, k.code, k.enhanced, k.code_source, k.class,
              k.category, k.rule, k.blocklist, e.client_ip, e.helo, e.sender, e.recipient, e.server, e.message_id, t.text, e.twin
       FROM events e JOIN event_kinds k ON k.id = e.kind_id JOIN reply_texts t ON t.id = e.text_id ORDER BY e.byte_offset, e.seq`,
    )
    .raw()
    .all();
}

describe('who classifies', () => {
  it('stores the same rows whether first sightings are classified by the store or by ingest', async () => {
    // Real rejectlog entries and mainlog lines (texts seen once), generated refusals (one text, many times), and the real
    // entries again one day later (second sightings: classified by ingest from the cache).
    const real = ['fixtures/exim/rejectlog', 'parsers/exim-mainlog.samples.log'].map((f) => readFileSync(join(projectRoot(), f), 'utf8')).join('');
    const generated = Array.from({ length: 300 }, (_, i) => rejectionLine(i, '2024-11-27')).join('\n');
    const file = join(dir, 'rejectlog');
    writeFileSync(file, `${real}${generated}\n${real.replace(/^(\d{4}-\d\d-)(\d\d)/gm, (_, ym, d) => `${ym}${String(Number(d) + 1).padStart(2, '0')}`)}`);
    const dumps = [];
    for (const [name, Writer] of [
      ['store', InlineBatchWriter],
      ['ingest', BehindWriter],
    ] as const) {
      const { db, runId, sourceId } = setUp(name);
      const writer = new Writer(db, runId, () => 0, createClassifier(defaultCatalog()));
      const job = eximReadJob(file, sourceId, 50, 500);
      const result = await readInput(job, null, writer, { now: () => 0, aborted: () => false });
      expect(result.status).toBe('read');
      expect(result.events).toBeGreaterThan(400);
      dumps.push(dump(db));
      db.close();
    }
    expect(dumps[0]!.length).toBeGreaterThan(400);
    expect(dumps[1]).toEqual(dumps[0]);
  });

  it('a text seen twice is classified by ingest from its second sighting on; the first is left to the store', () => {
    const classifier = createClassifier(defaultCatalog());
    const reply = { code: 550, enhanced: '5.7.1', text: 'Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org' };
    expect(classifier.classifySeen(reply)).toBeNull();
    const second = classifier.classifySeen(reply);
    expect(second).toEqual(classifier.classifyFresh(reply));
    expect(second?.category).toBe('rbl');
    // from the cache now: the very object, so the row packer names it without hashing the text
    expect(classifier.classifySeen(reply)).toBe(second);
    // the same text with other codes has been seen: classified at once, with its own codes
    const deferred = classifier.classifySeen({ ...reply, code: 451, enhanced: '4.7.1' });
    expect(deferred?.class).toBe('transient');
    // a text too long for the cache is never classified by ingest
    const long = { code: 550, enhanced: null, text: `mailbox unavailable ${'x'.repeat(3000)}` };
    expect(classifier.classifySeen(long)).toBeNull();
    expect(classifier.classifySeen(long)).toBeNull();
  });

  it('hands a row with a stage outside the vocabularies to the store, whose CHECK refuses it', () => {
    const { db, runId, sourceId } = setUp('odd');
    const writer = new EventWriter(db, runId, defaultClassifier());
    const packer = new RowPacker(10);
    const event = { ...blankEvent(1, 0), stage: 'bogus' as never, code: 550, codeSource: 'seen' as const, text: '550 no' };
    packer.add(sourceId, 'exim', event, 1000, 550, null, 'seen', null, null);
    expect(() => writer.addPacked(packer.take(), new PackedNames())).toThrow(/CHECK constraint/);
    writer.rollback();
    db.close();
  });
});
