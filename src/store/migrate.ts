import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { UserError } from '../util/errors.js';
import { projectRoot } from '../util/paths.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered files of migrations/ (`001_initial.sql` is version 1), in order, with no gaps. */
export function loadMigrations(dir = join(projectRoot(), 'migrations')): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name, sql: readFileSync(join(dir, name), 'utf8') }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations/${m.name}: expected version ${i + 1} (numbers must follow each other)`);
  });
  return migrations;
}

export function latestSchemaVersion(): number {
  return loadMigrations().length;
}

/**
 * Brings the schema to the latest version: each pending migration in its own transaction, followed
 * by `PRAGMA user_version`. A database newer than this maillens is refused, untouched.
 */
export function migrate(
  db: Database.Database,
  path: string,
  options: { checkOnly?: boolean; version?: number } = {},
): void {
  const migrations = loadMigrations();
  const latest = migrations.length;
  const current = options.version ?? (db.pragma('user_version', { simple: true }) as number);
  if (current > latest) {
    throw new UserError(
      `database ${path} has schema version ${current}, newer than this maillens understands (${latest}): upgrade maillens`,
    );
  }
  if (current === 0 && !isEmpty(db)) {
    throw new UserError(`${path} is a SQLite database, but not a maillens one (it has tables and no maillens schema version)`);
  }
  // Other programs set user_version too, and an unreleased maillens wrote other tables under the same
  // numbers: without this, such a file failed later with "no such table" as an internal error.
  const missing = current > 0 ? missingTable(db) : null;
  if (missing !== null) {
    throw new UserError(`${path} is not a maillens database (schema version ${current}, but no table ${missing}): give another --db`);
  }
  if (options.checkOnly) {
    if (current < latest) throw new UserError(`database ${path} has an older schema (version ${current}): run "maillens analyze" once to upgrade it`);
    return;
  }
  // A migration that rebuilds a table (004: a CHECK cannot change in place) drops the old table while
  // rows of others still refer to its ids: SQLite's documented procedure runs it with foreign-key
  // enforcement off (which cannot be switched inside a transaction) and checks every key before the
  // commit instead.
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enforced) db.pragma('foreign_keys = OFF');
  // The views are a public interface (README): a user's own view over v_events or event_kinds must not
  // block an upgrade. Since SQLite 3.26 a table RENAME re-parses every view of the schema and fails on
  // one naming a view the migration has dropped for a moment (004 drops v_events before its rename,
  // then makes it again); the legacy rename touches the renamed table alone, which is all 004 needs.
  const legacyRename = db.pragma('legacy_alter_table', { simple: true }) === 1;
  if (!legacyRename) db.pragma('legacy_alter_table = ON');
  try {
    for (const migration of migrations.slice(current)) {
      db.transaction(() => {
        // Another process may have migrated while we waited for the write lock: look again inside it.
        if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migrations/${migration.name}: ${broken.length} rows would break a foreign key`);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    }
  } finally {
    if (!legacyRename) db.pragma('legacy_alter_table = OFF');
    if (enforced) db.pragma('foreign_keys = ON');
  }
}

/**
 * Tables every maillens schema has had since version 1 (migrations/001_initial.sql; none is ever
 * dropped): the first one missing, or null.
 */
const CORE_TABLES = ['meta', 'runs', 'sources', 'reply_texts', 'event_kinds', 'events', 'hourly', 'hourly_lines'];

function missingTable(db: Database.Database): string | null {
  const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  return CORE_TABLES.find((t) => !present.has(t)) ?? null;
}

function isEmpty(db: Database.Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  return row.n === 0;
}
