import Database from 'better-sqlite3';
import { UserError, EXIT } from '../util/errors.js';

export interface RunLock {
  release(): void;
}

/**
 * One writer at a time: `analyze`, `merge` and `prune` hold an exclusive SQLite lock on a small
 * companion file (<db>.lock) for the whole run. The kernel drops the lock when the process dies, so a
 * run killed with SIGKILL never leaves a stale lock behind (a pid file would). A second run is told
 * at once, with exit code 5, instead of interleaving its batches with the first one's.
 */
export function acquireRunLock(dbPath: string, waitMs = 0): RunLock {
  if (dbPath === ':memory:') return { release() {} };
  const lockPath = `${dbPath}.lock`;
  let lockDb: Database.Database;
  try {
    // A fresh SQLite file uses the rollback journal, where EXCLUSIVE locks the whole file at once.
    lockDb = new Database(lockPath);
    lockDb.pragma(`busy_timeout = ${waitMs}`);
  } catch (err) {
    throw new UserError(`cannot create lock file ${lockPath}: ${(err as Error).message}`);
  }
  try {
    lockDb.exec('BEGIN EXCLUSIVE');
    // Touch the file so the exclusive lock is really taken (SQLite locks lazily).
    lockDb.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER)');
    lockDb.exec('DELETE FROM holder');
  } catch (err) {
    lockDb.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new UserError(`another maillens run is writing to ${dbPath}; try again when it has finished`, EXIT.busy);
    }
    throw new UserError(`cannot lock ${lockPath}: ${(err as Error).message}`);
  }
  return {
    release() {
      try {
        lockDb.exec('ROLLBACK');
      } catch {
        // already gone
      }
      lockDb.close();
    },
  };
}
