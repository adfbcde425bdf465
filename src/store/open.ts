import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError, describeError } from '../util/errors.js';
import { claimFileIdentity } from './database-identity.js';
import { migrate } from './migrate.js';

export type Db = Database.Database;

const PAGE_SIZE = 16384;

export interface OpenOptions {
  /** Open without writing (reports, events export): no migration, no directory creation. */
  readonly?: boolean;
  /** How long to wait for another writer before giving up (ms). */
  busyTimeoutMs?: number;
  /**
   * Create the database's directory when it is missing (default: yes). Commands turn it off for a
   * path the user typed (--db): a mistyped directory is an error, not a new tree.
   */
  createDirectory?: boolean;
}

/**
 * Opens (and, unless read-only, creates and migrates) a maillens database. Every failure a user can
 * cause (bad path, read-only place, a file that is not SQLite, a newer schema) becomes one UserError
 * sentence that names the file; the existing data is never touched on the way out.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if (path !== ':memory:') checkPath(path, readonly, options.createDirectory ?? true);

  let db: Db;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw new UserError(`cannot open database ${path}: ${describeError(err)}`);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    // Reading the schema version is the first real read: it fails on files that are not SQLite.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (!readonly) {
      // A new database gets 16 KiB pages: event indexes grow by appending, and bigger pages mean
      // fewer page splits and a shallower tree (set before WAL, which fixes the page size).
      if (version === 0 && (db.pragma('page_count', { simple: true }) as number) === 0) db.pragma(`page_size = ${PAGE_SIZE}`);
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
      if (path !== ':memory:') claimFileIdentity(db, path);
    } else {
      migrate(db, path, { checkOnly: true, version });
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof UserError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new UserError(`${path} is not a SQLite database (was it written by something else?)`);
    if (code === 'SQLITE_READONLY') throw new UserError(`database ${path} is read-only: check the permissions of the file and its directory`);
    if (code === 'SQLITE_FULL') throw new UserError(`disk full while opening database ${path}: nothing was changed`);
    // Another analyze meets the run lock (exit 5), usually after opening; SQLite's own lock is mostly held
    // by another program, such as a sqlite3 shell with a transaction open (found in a user review: the message
    // blamed "another maillens run" only).
    if (code === 'SQLITE_BUSY') {
      throw new UserError(`database ${path} is locked by another program (a sqlite3 shell with a transaction open?) or maillens run: try again when it has finished`);
    }
    throw new UserError(`cannot use database ${path}: ${describeError(err)}`);
  }
}

function checkPath(path: string, readonly: boolean, createDirectory: boolean): void {
  if (existsSync(path)) {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UserError(`database path ${path} is a directory: give a file name, e.g. ${path}/maillens.db`);
    if (!readonly) {
      try {
        accessSync(path, constants.R_OK | constants.W_OK);
      } catch {
        throw new UserError(`database ${path} is not writable: check its permissions (reading commands such as report still work)`);
      }
      // WAL needs to create -wal and -shm next to the file.
      try {
        accessSync(dirname(path), constants.W_OK);
      } catch {
        throw new UserError(`the directory of database ${path} is not writable: SQLite needs to create its journal files there`);
      }
    }
    return;
  }
  if (readonly) throw new UserError(`no database at ${path}: run "maillens analyze <log>" first, or pass --db`);
  const dir = dirname(path);
  if (!createDirectory && !existsSync(dir)) {
    throw new UserError(`cannot create database ${path}: directory ${dir} does not exist (check the --db path, or create the directory)`);
  }
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UserError(`cannot create database ${path}: directory ${dir} is not writable`);
  }
}
