// The writer inserts a reply text it knows is not stored yet without looking it up first
// (src/store/stored-text-hashes.ts, issue 7). Knowing must never be wrong: a text stored by an earlier run,
// or earlier in this one, is always found again, never stored twice.
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { openDatabase } from '../../src/store/open.js';
import { StoredTextHashes } from '../../src/store/stored-text-hashes.js';
import { EventWriter, textHash } from '../../src/store/writer.js';

/** Reply texts as a busy rejectlog has them: one template, an address and an IP that vary. */
const reply = (i: number) => `550 5.1.1 <user${i}@example.org>: Recipient address rejected: User unknown in virtual mailbox table [192.0.2.${i % 250}]`;

function newRun(db: ReturnType<typeof openDatabase>) {
  return Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx', 'running')").run().lastInsertRowid);
}

describe('StoredTextHashes', () => {
  it('answers "may hold" for every stored hash, before and after it reads the table, and "not stored" for most others', () => {
    const db = openDatabase(':memory:');
    const insert = db.prepare('INSERT INTO reply_texts (hash, text) VALUES (?, ?)');
    // stored hashes: real ones, and odd ones a table could hold (0, 2^53 - 1, beyond 32 bits, negative)
    const stored = [...Array.from({ length: 3000 }, (_, i) => textHash(reply(i))), 0, 2 ** 53 - 1, 2 ** 40 + 12345, -77];
    db.exec('BEGIN');
    for (const h of stored) insert.run(h, `text ${h}`);
    const hashes = new StoredTextHashes(db, 5);
    // before its fifth question it has not read the table: every hash may be held
    for (let i = 0; i < 4; i++) expect(hashes.mayHold(textHash(`absent ${i}`))).toBe(true);
    // from then on it knows the table, rows of the open transaction included
    for (const h of stored) expect(hashes.mayHold(h)).toBe(true);
    const absent = Array.from({ length: 2000 }, (_, i) => textHash(`never stored ${i}`));
    expect(absent.filter((h) => !hashes.mayHold(h)).length).toBeGreaterThan(1990);
    // what is stored afterwards is known too
    for (const h of absent.slice(0, 100)) hashes.add(h);
    for (const h of absent.slice(0, 100)) expect(hashes.mayHold(h)).toBe(true);
    db.exec('ROLLBACK');
    db.close();
  });

  it('a writer finds every text an earlier run stored, and each new one once, after it stops looking new texts up', () => {
    const db = openDatabase(':memory:');
    const classifier = createClassifier(defaultCatalog());
    const first = new EventWriter(db, newRun(db), classifier);
    first.begin();
    const earlier = new Map<string, number>();
    for (let i = 0; i < 15_000; i++) earlier.set(reply(i), first.textId(reply(i)));
    first.commit(null, 0);

    // The next run meets the earlier texts among 40,000 new ones (the table is read after 20,000 lookups),
    // each text twice, far apart.
    const second = new EventWriter(db, newRun(db), classifier);
    second.begin();
    const ids = new Map<string, number>();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 55_000; i++) {
        const text = reply(i % 3 === 0 ? i / 3 : 15_000 + i);
        const id = second.textId(text);
        if (ids.has(text)) expect(id).toBe(ids.get(text));
        else ids.set(text, id);
      }
    }
    second.commit(null, 0);
    for (const [text, id] of earlier) if (ids.has(text)) expect(ids.get(text)).toBe(id);
    const { rows, texts } = db.prepare('SELECT count(*) AS rows, count(DISTINCT text) AS texts FROM reply_texts').get() as { rows: number; texts: number };
    expect(texts).toBe(rows);
    expect(rows).toBe(new Set([...earlier.keys(), ...ids.keys()]).size);
    db.close();
  });
});
