// migrations/004 rebuilds event_kinds to allow the direction 'local' (a CHECK cannot change in place).
// A database of version 3 with events must come through whole: the same kinds and ids, the events
// still joined to them in every view, foreign keys enforced again afterwards.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database as maillens with schema version 3 left it, with one outbound event (and `extra` SQL run on it). */
function version3Database(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'maillens-v3-'));
  dirs.push(dir);
  const path = join(dir, 'old.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  for (const m of loadMigrations().slice(0, 3)) db.exec(m.sql);
  db.pragma('user_version = 3');
  db.exec(`
    INSERT INTO runs (id, started_at, command, host) VALUES (1, 0, 'analyze', 'mx1');
    INSERT INTO sources (id, host, path, format, updated_at) VALUES (1, 'mx1', '/var/log/exim4/mainlog', 'exim', 0);
    INSERT INTO reply_texts (id, hash, text) VALUES (7, 1, 'mailbox is full');
    INSERT INTO event_kinds (id, format, direction, stage, code, enhanced, code_source, class, category, rule, blocklist)
      VALUES (5, 'exim', 'outbound', 'other', NULL, NULL, 'none', 'permanent', 'quota', 'text.quota.mailbox-full', NULL);
    INSERT INTO events (id, source_id, byte_offset, seq, line, run_id, ts, kind_id, recipient, text_id)
      VALUES (9, 1, 120, 0, 2, 1, 1700000000000, 5, 'bob@example.org', 7);`);
  if (extra) db.exec(extra);
  expect(() => db.prepare("INSERT INTO event_kinds (format, direction, stage, code_source, class, category, rule) VALUES ('exim', 'local', 'other', 'none', 'permanent', 'quota', 'x')").run()).toThrow(/CHECK/);
  db.close();
  return path;
}

describe('migration 004 (direction local)', () => {
  it('keeps every kind, event and view of a version 3 database, and then accepts local kinds', () => {
    const path = version3Database();
    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.prepare('SELECT id, direction, category, rule FROM event_kinds').all()).toEqual([
        { id: 5, direction: 'outbound', category: 'quota', rule: 'text.quota.mailbox-full' },
      ]);
      expect(db.prepare('SELECT id, direction, category, recipient, text FROM v_events').all()).toEqual([
        { id: 9, direction: 'outbound', category: 'quota', recipient: 'bob@example.org', text: 'mailbox is full' },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM v_codes').get()).toEqual({ n: 1 });
      db.prepare("INSERT INTO event_kinds (format, direction, stage, code_source, class, category, rule) VALUES ('exim', 'local', 'other', 'none', 'permanent', 'quota', 'x')").run();
      expect(() => db.prepare("INSERT INTO event_kinds (format, direction, stage, code_source, class, category, rule) VALUES ('exim', 'sideways', 'other', 'none', 'permanent', 'quota', 'x')").run()).toThrow(/CHECK/);
      // the key is enforced again: an event naming a kind that does not exist is refused
      expect(() => db.prepare('INSERT INTO events (source_id, byte_offset, line, run_id, ts, kind_id, text_id) VALUES (1, 500, 3, 1, 0, 999, 7)').run()).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });

  it("upgrades a database that holds the user's own views over v_events and event_kinds, which work again after", () => {
    // the views are a public interface (README): a saved query must not make the upgrade fail for ever
    const path = version3Database(`
      CREATE VIEW my_refusals AS SELECT time, recipient, category FROM v_events WHERE direction = 'outbound';
      CREATE VIEW my_kinds AS SELECT direction, count(*) AS n FROM event_kinds GROUP BY direction;`);
    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      expect(db.pragma('legacy_alter_table', { simple: true })).toBe(0);
      expect(db.prepare('SELECT recipient, category FROM my_refusals').all()).toEqual([{ recipient: 'bob@example.org', category: 'quota' }]);
      expect(db.prepare('SELECT direction, n FROM my_kinds').all()).toEqual([{ direction: 'outbound', n: 1 }]);
    } finally {
      db.close();
    }
  });
});
