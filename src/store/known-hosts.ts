import type Database from 'better-sqlite3';
import { EXIT, UserError } from '../util/errors.js';
import { safeJson } from '../util/sanitize.js';

// `--host` names the mail host a source was analyzed as (`analyze --host`, default the machine's name).
// A misspelt name matches nothing, and a report of nothing reads like a quiet night: a cron job mailing
// "0 refused" would hide the typo for ever. So a name the database has never heard of is an error,
// with the names it does hold.

/** The mail hosts the database holds data for (sources, and hourly counts a merge or prune left). */
export function knownHosts(db: Database.Database): string[] {
  return db.prepare('SELECT host FROM sources UNION SELECT DISTINCT host FROM hourly ORDER BY 1').pluck().all() as string[];
}

/**
 * Throws a usage error when `host` is given and the database holds data for other hosts only. An
 * empty database passes: there is nothing to be wrong about yet, and the report says nothing is stored.
 */
export function checkHostKnown(db: Database.Database, host: string | null): void {
  if (host === null) return;
  // The sources table is tiny; hourly is scanned only when the name is not there (a merge can bring
  // counts without their sources), and listed in full only on the way to the error.
  if (db.prepare('SELECT 1 FROM sources WHERE host = ?').pluck().get(host) !== undefined) return;
  if (db.prepare('SELECT 1 FROM hourly WHERE host = ? LIMIT 1').pluck().get(host) !== undefined) return;
  const hosts = knownHosts(db);
  if (hosts.length === 0) return;
  const shown = hosts.slice(0, 10).map((h) => safeJson(h)).join(', ');
  const more = hosts.length > 10 ? ` and ${hosts.length - 10} more` : '';
  throw new UserError(`--host ${safeJson(host)}: no data for this host in the database (it holds ${shown}${more})`, EXIT.usage);
}
