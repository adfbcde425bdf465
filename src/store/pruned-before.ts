import type Database from 'better-sqlite3';

// `maillens prune` deletes old events but keeps their hourly counts. A later `analyze --rescan` (or a
// rotated file read again from its start) re-reads those lines; their events are no longer in the table,
// so the UNIQUE constraints that normally drop re-read events cannot, and the hourly counts would
// double. The prune horizon is kept in `meta` ('pruned_before', unix ms): an event older than it, on a
// line an earlier run already read (below the source's high-water mark), was stored and counted then.

const KEY = 'pruned_before';

/** Moves the horizon to `cutoff` (unix ms) unless it is already later. */
export function recordPrunedBefore(db: Database.Database, cutoff: number): void {
  db.prepare(
    `INSERT INTO meta (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)`,
  ).run(KEY, String(Math.floor(cutoff)));
}

/** The horizon (unix ms), or null when nothing was ever pruned. */
export function prunedBefore(db: Database.Database): number | null {
  const value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : null;
}
