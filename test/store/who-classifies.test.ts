// Issue 7: the parse thread classifies replies it has seen before and leaves a text's first sighting to
// the store's thread, unless the store is behind; both must store exactly the same rows. And a row
// whose facts fall outside the vocabularies must still reach the store's CHECKs, never be dropped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, type Classifier } from '../../src/classify/create-classifier.js';
import { defaultClassifier } from '../../src/classify/classify.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { readInput } from '../../src/ingest/read-input.js';
import { blankEvent } from '../../src/model/event.js';
import type { LogFormat } from '../../src/model/labels.js';
import { InlineBatchWriter } from '../../src/store/inline-batch-writer.js';
import { eximReadJob } from '../helpers/read-job.js';
import { openDatabase, type Db } from '../../src/store/open.js';
import { RowPacker } from '../../src/store/row-packer.js';
import { EventWriter, PackedNames } from '../../src/store/writer.js';
import { projectRoot } from '../../src/util/paths.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-who-classifies-'));
  writeFileSync(join(dir, 'spelled.log'), SPELLED);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An InlineBatchWriter that says the store is always behind: ingest then classifies first sightings too. */
class BehindWriter extends InlineBatchWriter {
  override readonly behind = true;
}

/** A classifier that counts what is asked of it; its answers are the inner classifier's own objects. */
function counting(inner: Classifier) {
  const calls = { classify: 0, seen: 0, seenHits: 0, fresh: 0 };
  const classifier: Classifier = {
    catalog: inner.catalog,
    classify: (input) => (calls.classify++, inner.classify(input)),
    classifySeen: (input) => {
      calls.seen++;
      const c = inner.classifySeen(input);
      if (c) calls.seenHits++;
      return c;
    },
    classifyFresh: (input) => (calls.fresh++, inner.classifyFresh(input)),
  };
  return { classifier, calls };
}

function setUp(name: string): { db: Db; runId: number; sourceId: number } {
  const db = openDatabase(join(dir, `${name}.db`));
  const runId = Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx', 'running')").run().lastInsertRowid);
  const sourceId = Number(db.prepare("INSERT INTO sources (host, path, format, updated_at) VALUES ('mx', 'x', 'exim', 0)").run().lastInsertRowid);
  return { db, runId, sourceId };
}

/** Every stored row and aggregate, with the kind and text spelled out (ids may differ, contents may not). */
function dump(db: Db) {
  const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
  return {
    events: all(
      `SELECT e.source_id, e.byte_offset, e.seq, e.line, e.ts, k.format, k.direction, k.stage, k.code, k.enhanced, k.code_source, k.class,
              k.category, k.rule, k.blocklist, e.client_ip, e.helo, e.sender, e.recipient, e.server, e.message_id, t.text, e.twin
       FROM events e JOIN event_kinds k ON k.id = e.kind_id JOIN reply_texts t ON t.id = e.text_id ORDER BY e.source_id, e.byte_offset, e.seq`,
    ),
    hourly: all('SELECT * FROM hourly ORDER BY hour, host, format, direction, class, category, code, enhanced'),
    lines: all('SELECT * FROM hourly_lines ORDER BY hour, host, format'),
  };
}

/**
 * Real and real-shaped logs of the three formats. The Exim corpus (mainlog and rejectlog lines, with
 * deferrals and bounces whose class only the line states) is read again as a second host's log: the
 * same texts, now second sightings, which the parse side classifies from its cache; its twins differ
 * (the host is part of the twin hash), so those rows are stored, not dropped as duplicates.
 */
const INPUTS: { path: string; format: LogFormat; host: string }[] = [
  { path: 'fixtures/corpus/exim-real.log', format: 'exim', host: 'mx1' },
  { path: 'spelled.log', format: 'exim', host: 'mx1' },
  { path: 'parsers/exim-mainlog.samples.log', format: 'exim', host: 'mx1' },
  { path: 'fixtures/hmailserver/hmailserver_2024-11-22.log', format: 'hmailserver', host: 'mx1' },
  { path: 'fixtures/phpmailer/echo-level3.log', format: 'phpmailer', host: 'web1' },
  { path: 'fixtures/phpmailer/error-log-mixed.log', format: 'phpmailer', host: 'web1' },
  { path: 'fixtures/phpmailer/html-mode.log', format: 'phpmailer', host: 'web1' },
  { path: 'fixtures/phpmailer/level4-inbound.log', format: 'phpmailer', host: 'web1' },
  { path: 'fixtures/corpus/exim-real.log', format: 'exim', host: 'mx2' },
];

/**
 * COMPOSED (no real log at hand spells an enhanced code with a leading zero, which RFC 3463's 1*3digit
 * allows): Gmail's rate refusal with its code repeated inside a phrase (test/classify/blank-reply-codes.test.ts).
 * Only the code as the reply spells it is blanked from the text (src/classify/blank-reply-codes.ts):
 * classified with another spelling, the phrase stays broken and another rule decides.
 */
const SPELLED =
  '2024-11-28 09:00:00 1tGm0a-000Abc-7Q ** user@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [142.250.102.27]: ' +
  'SMTP error from remote mail server after end of data: 421-4.7.00 [192.0.2.10] Our system has detected an unusual rate of 4.7.00 unsolicited mail originating from your IP address.\n';

/**
 * One run over INPUTS with cold classifiers: `parse` classifies on the parse side, `store` in the
 * store; `behind` says whether the store is always behind (the parse side then classifies first
 * sightings with classifyFresh) or never.
 */
async function ingestAll(name: string, behind: boolean, parse: Classifier, store: Classifier) {
  const db = openDatabase(join(dir, `${name}.db`));
  const runId = Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx1', 'running')").run().lastInsertRowid);
  const writer = new (behind ? BehindWriter : InlineBatchWriter)(db, runId, () => 0, store);
  expect(writer.behind).toBe(behind);
  for (const input of INPUTS) {
    const file = input.path === 'spelled.log' ? join(dir, input.path) : join(projectRoot(), input.path);
    const sourceId = Number(
      db.prepare('INSERT INTO sources (host, path, format, updated_at) VALUES (?, ?, ?, 0)').run(input.host, file, input.format).lastInsertRowid,
    );
    const job = { ...eximReadJob(file, sourceId, 50, 500), format: input.format, host: input.host };
    const result = await readInput(job, null, writer, { now: () => 0, aborted: () => false, classifier: parse });
    expect(result.status, input.path).toBe('read');
    expect(result.events, input.path).toBeGreaterThan(0);
  }
  const stored = dump(db);
  db.close();
  return stored;
}

describe('who classifies', () => {
  it('stores the same events and aggregates whether first sightings are classified by the store or by ingest', async () => {
    const catalog = defaultCatalog();
    // The store classifies first sightings: with a classifier of its own, as the writer thread does...
    const threadParse = counting(createClassifier(catalog));
    const threadStore = counting(createClassifier(catalog, { cacheSize: 2_000 }));
    const byThread = await ingestAll('store-thread', false, threadParse.classifier, threadStore.classifier);
    // ...or with the very classifier of the parse side, as the store in the ingest thread does.
    const shared = counting(createClassifier(catalog));
    const byInline = await ingestAll('store-inline', false, shared.classifier, shared.classifier);
    // The store is behind: the parse side classifies first sightings itself (classifyFresh).
    const behindParse = counting(createClassifier(catalog));
    const behindStore = counting(createClassifier(catalog));
    const byIngest = await ingestAll('ingest', true, behindParse.classifier, behindStore.classifier);

    // Each path went the way it says: every event asked the parse side; what it had not seen before was
    // classified by the store, or by the parse side afresh, and never by both.
    for (const { calls } of [threadParse, shared, behindParse]) {
      expect(calls.seen).toBe(behindParse.calls.seen);
      expect(calls.seenHits).toBeGreaterThan(1_000); // second sightings: the second host's log, repeated replies
      expect(calls.seen - calls.seenHits).toBeGreaterThan(400); // first sightings
    }
    expect(threadParse.calls.fresh).toBe(0);
    expect(threadStore.calls.classify).toBe(threadParse.calls.seen - threadParse.calls.seenHits);
    expect(shared.calls.fresh).toBe(0);
    expect(shared.calls.classify).toBe(shared.calls.seen - shared.calls.seenHits);
    expect(behindParse.calls.fresh).toBe(behindParse.calls.seen - behindParse.calls.seenHits);
    expect(behindStore.calls.classify + behindStore.calls.seen + behindStore.calls.fresh).toBe(0);

    expect(byThread.events.length).toBeGreaterThan(1_500);
    expect(byThread.events.filter((e) => e.enhanced === '4.7.00').map((e) => e.rule)).toEqual(['vendor.gmail.unusual-rate']);
    expect(byThread.hourly.length).toBeGreaterThan(300);
    expect(byThread.lines.length).toBeGreaterThan(100);
    expect(byInline).toEqual(byThread);
    expect(byIngest).toEqual(byThread);
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
    // a text too long for the cache is never classified this way (ingest leaves it to the store, or
    // classifies it afresh while the store is behind)
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
