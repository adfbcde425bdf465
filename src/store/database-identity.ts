import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';

// A maillens database names itself by `meta.database_id` so that `maillens merge` recognises what it
// has folded in before. A file copy (a cloned VM, a database started from another host's) carries the
// same id, and merging the two then filed one host's sources and events under the other's (QA). So the
// file's identity (device and inode) is recorded too: a database that finds itself in another file is
// a copy and takes an id of its own, and the sources it shares with the original keep the original's
// identity (their `origin`), so a merge still recognises them as the same and counts them once.

/** Records the file's identity; a copy of another database gets an id of its own. Writable databases only. */
export function claimFileIdentity(db: Database.Database, path: string): void {
  let fileId: string;
  try {
    const st = statSync(path);
    fileId = `${st.dev}:${st.ino}`;
  } catch {
    return; // nothing to compare with (a special path): the database keeps its id
  }
  const recorded = () => db.prepare("SELECT value FROM meta WHERE key = 'file_id'").pluck().get() as string | undefined;
  if (recorded() === fileId) return;
  db.transaction(() => {
    const before = recorded();
    if (before === fileId) return; // another process got here first
    if (before !== undefined) {
      const originalId = db.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get() as string;
      db.prepare("UPDATE sources SET origin = ? || ':' || id WHERE origin IS NULL").run(originalId);
      db.prepare("UPDATE meta SET value = lower(hex(randomblob(16))) WHERE key = 'database_id'").run();
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('file_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(fileId);
  }).immediate();
}
