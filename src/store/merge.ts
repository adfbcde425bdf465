import { existsSync } from 'node:fs';
import type { Db } from './open.js';
import { latestSchemaVersion } from './migrate.js';
import { recordPrunedBefore } from './pruned-before.js';
import { UserError } from '../util/errors.js';

export interface MergeResult {
  path: string;
  sources: number;
  newSources: number;
  events: number;
  duplicates: number;
  /**
   * Hosts of the merged database that this one now holds from more than one database (two
   * databases analyzed with the same --host): their hourly counts take the larger value, not the sum,
   * so they undercount.
   */
  sharedHosts: string[];
}

/**
 * Folds another maillens database (typically another mail host's) into this one. Idempotent: sources
 * are matched by their origin ('<database_id>:<source id>'), events by (source, offset, seq) and twin
 * key, and hourly counts take the larger of the two values, so merging the same file twice, or a newer
 * copy of it, never counts anything twice.
 */
export function mergeDatabase(db: Db, otherPath: string, runId: number, now: number): MergeResult {
  if (!existsSync(otherPath)) throw new UserError(`${otherPath}: no such file`);
  const notADatabase = (err: unknown) => (err as { code?: string }).code === 'SQLITE_NOTADB';
  try {
    db.prepare('ATTACH DATABASE ? AS other').run(otherPath);
  } catch (err) {
    if (notADatabase(err)) throw new UserError(`${otherPath} is not a SQLite database`);
    throw new UserError(`cannot open ${otherPath}: ${(err as Error).message}`);
  }
  try {
    let version: number;
    try {
      version = db.prepare('PRAGMA other.user_version').pluck().get() as number;
    } catch (err) {
      if (notADatabase(err)) throw new UserError(`${otherPath} is not a SQLite database`);
      throw err;
    }
    const latest = latestSchemaVersion();
    if (version === 0) throw new UserError(`${otherPath} is not a maillens database`);
    if (version !== latest) {
      throw new UserError(
        version > latest
          ? `${otherPath} has schema version ${version}, newer than this maillens (${latest}): upgrade maillens`
          : `${otherPath} has an older schema (version ${version}): let this maillens write to it once (e.g. "maillens prune --keep-events 520w --db ${otherPath}") to upgrade it`,
      );
    }
    const ourId = db.prepare("SELECT value FROM main.meta WHERE key = 'database_id'").pluck().get() as string;
    const theirId = db.prepare("SELECT value FROM other.meta WHERE key = 'database_id'").pluck().get() as string;
    if (ourId === theirId) throw new UserError(`${otherPath} is this database itself (or a copy of it): nothing to merge`);

    return db.transaction((): MergeResult => {
      db.exec('CREATE TEMP TABLE IF NOT EXISTS merge_map (other_id INTEGER PRIMARY KEY, local_id INTEGER NOT NULL)');
      db.exec('DELETE FROM merge_map');
      const sources = db.prepare('SELECT * FROM other.sources').all() as Record<string, unknown>[];
      const byOrigin = db.prepare('SELECT id FROM main.sources WHERE origin = ?').pluck();
      const insertSource = db.prepare(`
        INSERT INTO main.sources (host, path, format, device, inode, fp_len, fp_hash, offset, line, high_water, size_seen,
                                  first_run_id, last_run_id, updated_at, origin)
        VALUES (@host, @path, @format, @device, @inode, @fp_len, @fp_hash, @offset, @line, @high_water, @size_seen,
                @run, @run, @now, @origin)`);
      const updateSource = db.prepare(
        'UPDATE main.sources SET path = @path, offset = @offset, line = @line, high_water = max(high_water, @high_water), size_seen = @size_seen, last_run_id = @run, updated_at = @now WHERE id = @id',
      );
      const map = db.prepare('INSERT INTO merge_map (other_id, local_id) VALUES (?, ?)');
      let newSources = 0;
      for (const s of sources) {
        const origin = (s.origin as string | null) ?? `${theirId}:${s.id}`;
        let localId: number | undefined;
        if (origin.startsWith(`${ourId}:`)) localId = Number(origin.slice(ourId.length + 1)); // our own, merged back
        else localId = byOrigin.get(origin) as number | undefined;
        if (localId === undefined) {
          localId = Number(insertSource.run({ ...pick(s), run: runId, now, origin }).lastInsertRowid);
          newSources++;
        } else if (!origin.startsWith(`${ourId}:`)) {
          updateSource.run({ ...pick(s), run: runId, now, id: localId });
        }
        map.run(s.id, localId);
      }
      // Reply texts and event kinds are matched by value: their ids differ between databases.
      db.exec(`
        INSERT INTO main.reply_texts (hash, text)
        SELECT o.hash, o.text FROM other.reply_texts o
        WHERE NOT EXISTS (SELECT 1 FROM main.reply_texts m WHERE m.hash = o.hash AND m.text = o.text)`);
      db.exec('CREATE TEMP TABLE IF NOT EXISTS text_map (other_id INTEGER PRIMARY KEY, local_id INTEGER NOT NULL)');
      db.exec('DELETE FROM text_map');
      db.exec(`
        INSERT INTO text_map (other_id, local_id)
        SELECT o.id, min(m.id) FROM other.reply_texts o JOIN main.reply_texts m ON m.hash = o.hash AND m.text = o.text GROUP BY o.id`);
      const sameKind = `m.format = o.format AND m.direction = o.direction AND m.stage = o.stage AND m.code IS o.code
        AND m.enhanced IS o.enhanced AND m.code_source = o.code_source AND m.class = o.class AND m.category = o.category
        AND m.rule = o.rule AND m.blocklist IS o.blocklist`;
      db.exec(`
        INSERT INTO main.event_kinds (format, direction, stage, code, enhanced, code_source, class, category, rule, blocklist)
        SELECT o.format, o.direction, o.stage, o.code, o.enhanced, o.code_source, o.class, o.category, o.rule, o.blocklist
        FROM other.event_kinds o WHERE NOT EXISTS (SELECT 1 FROM main.event_kinds m WHERE ${sameKind})`);
      db.exec('CREATE TEMP TABLE IF NOT EXISTS kind_map (other_id INTEGER PRIMARY KEY, local_id INTEGER NOT NULL)');
      db.exec('DELETE FROM kind_map');
      db.exec(`INSERT INTO kind_map (other_id, local_id) SELECT o.id, min(m.id) FROM other.event_kinds o JOIN main.event_kinds m ON ${sameKind} GROUP BY o.id`);
      const offered = db.prepare('SELECT count(*) FROM other.events').pluck().get() as number;
      const inserted = db
        .prepare(`
          INSERT INTO main.events (source_id, byte_offset, seq, line, run_id, ts, kind_id, client_ip, helo, sender, recipient,
            server, message_id, text_id, twin)
          SELECT m.local_id, e.byte_offset, e.seq, e.line, ?, e.ts, km.local_id, e.client_ip, e.helo, e.sender, e.recipient,
            e.server, e.message_id, tm.local_id, e.twin
          FROM other.events e
          JOIN merge_map m ON m.other_id = e.source_id
          JOIN kind_map km ON km.other_id = e.kind_id
          JOIN text_map tm ON tm.other_id = e.text_id
          WHERE true
          ON CONFLICT DO NOTHING`)
        .run(runId).changes;
      // Hourly counts of a host come from the database that read its logs: the larger value is the
      // newer one, and taking it (rather than adding) keeps a second merge from counting twice.
      db.exec(`
        INSERT INTO main.hourly SELECT * FROM other.hourly WHERE true
        ON CONFLICT (hour, host, format, direction, class, category, code, enhanced) DO UPDATE SET count = max(count, excluded.count)`);
      db.exec(`
        INSERT INTO main.hourly_lines SELECT * FROM other.hourly_lines WHERE true
        ON CONFLICT (hour, host, format) DO UPDATE SET
          lines_read = max(lines_read, excluded.lines_read), lines_matched = max(lines_matched, excluded.lines_matched),
          lines_skipped = max(lines_skipped, excluded.lines_skipped), lines_oversized = max(lines_oversized, excluded.lines_oversized)`);
      // Events the other database pruned are missing here too, while its hourly counts came along: the
      // horizon comes with them, so a report over that period says its lists count only later events.
      const horizon = db.prepare("SELECT value FROM other.meta WHERE key = 'pruned_before'").pluck().get() as string | undefined;
      if (horizon !== undefined && Number.isFinite(Number(horizon))) recordPrunedBefore(db, Number(horizon));
      db.prepare('UPDATE runs SET events_added = events_added + ?, events_duplicate = events_duplicate + ? WHERE id = ?').run(
        inserted,
        offered - inserted,
        runId,
      );
      // A host's hourly counts come from one database (the larger value wins, so a second merge of the
      // same file counts nothing twice): a host fed by two databases is undercounted, and says so.
      const sharedHosts = db
        .prepare(
          `SELECT host FROM (SELECT DISTINCT host, coalesce(substr(origin, 1, instr(origin, ':') - 1), @ours) AS origin_db FROM main.sources)
           WHERE host IN (SELECT host FROM other.sources) GROUP BY host HAVING count(*) > 1 ORDER BY host`,
        )
        .pluck()
        .all({ ours: ourId }) as string[];
      return { path: otherPath, sources: sources.length, newSources, events: inserted, duplicates: offered - inserted, sharedHosts };
    }).immediate();
  } finally {
    db.exec('DETACH DATABASE other');
  }
}

function pick(s: Record<string, unknown>) {
  const { host, path, format, device, inode, fp_len, fp_hash, offset, line, high_water, size_seen } = s;
  return { host, path, format, device, inode, fp_len, fp_hash, offset, line, high_water, size_seen };
}
