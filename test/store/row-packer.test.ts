// Rows travel packed to the store (src/store/row-packer.ts): a classification and its text are named
// once per packer. The store keeps a table of those names per packer, so the packer numbers afresh
// after 65,536 of them: a long input must not grow the table without end, and no row may then be
// stored with another row's text or kind.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { blankEvent } from '../../src/model/event.js';
import { openDatabase } from '../../src/store/open.js';
import { RowPacker } from '../../src/store/row-packer.js';
import { EventWriter, PackedNames } from '../../src/store/writer.js';

describe('RowPacker names', () => {
  it('numbers afresh between batches after 65,536 names, and the store follows', () => {
    const db = openDatabase(':memory:');
    const runId = Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx', 'running')").run().lastInsertRowid);
    const sourceId = Number(db.prepare("INSERT INTO sources (host, path, format, updated_at) VALUES ('mx', 'x', 'exim', 0)").run().lastInsertRowid);
    const classifier = createClassifier(defaultCatalog());
    const writer = new EventWriter(db, runId, classifier);
    const names = new PackedNames();
    const packer = new RowPacker(200);
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
});
