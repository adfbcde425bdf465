// Rows travel packed to the store (src/store/row-packer.ts): a classification and its text are named
// once per packer. The store keeps a table of those names per packer, so the packer numbers afresh
// after 65,536 of them: a long input must not grow the table without end, and no row may then be
// stored with another row's text or kind.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { blankEvent } from '../../src/model/event.js';
import { openDatabase } from '../../src/store/open.js';
import { RowPacker, type NamedOutcome } from '../../src/store/row-packer.js';
import { EventWriter, PackedNames } from '../../src/store/writer.js';

/** A database with one run and one source, a store writing to it, and a packer of 200-row batches. */
function setUp() {
  const db = openDatabase(':memory:');
  const runId = Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx', 'running')").run().lastInsertRowid);
  const sourceId = Number(db.prepare("INSERT INTO sources (host, path, format, updated_at) VALUES ('mx', 'x', 'exim', 0)").run().lastInsertRowid);
  const classifier = createClassifier(defaultCatalog());
  return { db, sourceId, classifier, writer: new EventWriter(db, runId, classifier), names: new PackedNames(), packer: new RowPacker(200) };
}

describe('RowPacker names', () => {
  it('numbers afresh between batches after 65,536 names, and the store follows', () => {
    const { db, sourceId, classifier, writer, names, packer } = setUp();
    const total = 80_000;
    const fresh: number[] = [];
    let batches = 0;
    const send = () => {
      const batch = packer.take();
      if (batch.fresh) fresh.push(batches);
      batches++;
      writer.addPacked(batch, names);
    };
    for (let i = 0; i < total; i++) {
      // every event its own text, classified by ingest (a classification object of its own: a new name),
      // but for every tenth, which comes unclassified (the store classifies it)
      const text = i % 2 === 0 ? `550 5.1.1 <user${i}@example.org>: Recipient address rejected: User unknown` : `451 4.7.1 Greylisted, try again in ${i} seconds`;
      const code = i % 2 === 0 ? 550 : 451;
      const enhanced = i % 2 === 0 ? '5.1.1' : '4.7.1';
      const event = { ...blankEvent(i + 1, i * 100), stage: 'rcpt' as const, code, enhanced, codeSource: 'seen' as const, text };
      const c = i % 10 === 9 ? null : classifier.classifyFresh(event);
      if (packer.add(sourceId, 'exim', event, 1_700_000_000_000 + i, code, enhanced, 'seen', c, null)) send();
    }
    send();
    writer.commit(null, 0);
    expect(fresh.length).toBe(1);
    expect(fresh[0]).toBeGreaterThan(300); // 65,536 names at 180 per batch of 200 rows
    expect(names.textIds.length).toBeLessThan(10_000);
    const rows = db
      .prepare('SELECT e.line, t.text, k.code, k.category FROM events e JOIN reply_texts t ON t.id = e.text_id JOIN event_kinds k ON k.id = e.kind_id ORDER BY e.line')
      .all() as { line: number; text: string; code: number; category: string }[];
    expect(rows.length).toBe(total);
    for (const r of rows) {
      const i = r.line - 1;
      expect(r.text).toBe(i % 2 === 0 ? `550 5.1.1 <user${i}@example.org>: Recipient address rejected: User unknown` : `451 4.7.1 Greylisted, try again in ${i} seconds`);
      expect([r.code, r.category]).toEqual(i % 2 === 0 ? [550, 'unknown_user'] : [451, 'greylisting']);
    }
    db.close();
  });

  it('sends a cached classification again by its text after numbering afresh, never by its old number', () => {
    const { db, sourceId, classifier, writer, names, packer } = setUp();
    // A reply the parse side has cached: from its second sighting on, classifySeen answers with one object.
    const blocked = '550 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org';
    const reply = { code: 550, enhanced: '5.7.1', text: blocked };
    expect(classifier.classifySeen(reply)).toBeNull();
    const cached = classifier.classifySeen(reply)!;
    expect(cached.category).toBe('rbl');
    const unknownUser = (i: number) => `550 5.1.1 <user${i}@example.org>: Recipient address rejected: User unknown`;
    // Rows 1 and 101 of each batch of 200 are the cached reply; every other row is a text of its own with
    // a classification object of its own, so each takes a new name and the packer soon numbers afresh.
    // The cached object was named early in the first series (number 1), and in the batch that starts the
    // next series it comes right after a new name: under its stale number it would be stored with
    // another row's text and kind.
    const total = 70_000;
    const isCached = (i: number) => i % 100 === 1;
    let freshBatch: { names: (number | NamedOutcome)[] } | null = null;
    const send = () => {
      const batch = packer.take();
      if (batch.fresh) freshBatch ??= batch;
      writer.addPacked(batch, names);
    };
    for (let i = 0; i < total; i++) {
      const event = { ...blankEvent(i + 1, i * 100), stage: 'rcpt' as const, code: 550, enhanced: isCached(i) ? '5.7.1' : '5.1.1', codeSource: 'seen' as const };
      const text = isCached(i) ? blocked : unknownUser(i);
      const c = isCached(i) ? classifier.classifySeen({ ...reply, text }) : classifier.classifyFresh({ ...event, text });
      if (isCached(i)) expect(c).toBe(cached);
      if (packer.add(sourceId, 'exim', { ...event, text }, 1_700_000_000_000 + i, 550, event.enhanced, 'seen', c, null)) send();
    }
    send();
    writer.commit(null, 0);
    const rows = db
      .prepare('SELECT e.line, t.text, k.category, k.enhanced, k.blocklist FROM events e JOIN reply_texts t ON t.id = e.text_id JOIN event_kinds k ON k.id = e.kind_id ORDER BY e.line')
      .all() as { line: number; text: string; category: string; enhanced: string; blocklist: string | null }[];
    expect(rows.length).toBe(total);
    const wrong = rows.filter((r) => {
      const i = r.line - 1;
      const want = isCached(i) ? [blocked, 'rbl', '5.7.1', 'zen.spamhaus.org'] : [unknownUser(i), 'unknown_user', '5.1.1', null];
      return JSON.stringify([r.text, r.category, r.enhanced, r.blocklist]) !== JSON.stringify(want);
    });
    expect(wrong).toEqual([]);
    // The first batch of the new series names the cached classification again, with its text.
    expect(freshBatch).not.toBeNull();
    const named = freshBatch!.names.filter((x): x is NamedOutcome => typeof x !== 'number');
    expect(named.filter((n) => n.text === blocked)).toEqual([{ class: 'permanent', category: 'rbl', rule: cached.rule, blocklist: 'zen.spamhaus.org', text: blocked }]);
    db.close();
  });
});
