import { defineCommand } from '../cli/command.js';
import { groupDigits } from '../util/group-digits.js';
import { acquireRunLock } from '../store/lock.js';
import { mergeDatabase } from '../store/merge.js';
import { openDatabase } from '../store/open.js';
import { EXIT, UserError } from '../util/errors.js';
import { defaultDbPath } from '../util/paths.js';
import { resolve } from 'node:path';
import { forTerminal } from '../util/sanitize.js';

interface MergeArgs {
  databases: string[];
  quiet: boolean;
}

export default defineCommand<MergeArgs>({
  command: 'merge <databases..>',
  describe: "fold other hosts' maillens databases into this one (merging the same file twice changes nothing)",
  builder: (y) =>
    y
      .positional('databases', { type: 'string', array: true, demandOption: true, describe: 'maillens databases of other hosts' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .example('$0 merge /srv/maillens/mx2.db /srv/maillens/mx3.db --db /srv/maillens/all.db', 'one database for the fleet') as never,
  handler(argv, ctx) {
    const dbPath = argv.db ?? defaultDbPath(ctx.env);
    const db = openDatabase(dbPath, { createDirectory: argv.db === undefined });
    const lock = acquireRunLock(dbPath);
    let failures = 0;
    try {
      const runId = Number(
        db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (?, 'merge', ?, 'running')").run(ctx.now().getTime(), ctx.hostname)
          .lastInsertRowid,
      );
      for (const given of argv.databases) {
        const path = resolve(ctx.cwd, given);
        try {
          const r = mergeDatabase(db, path, runId, ctx.now().getTime());
          for (const host of r.sharedHosts) {
            ctx.stderr.write(
              `maillens: ${forTerminal(given)}: host ${forTerminal(host)} also has data from another database; its hourly counts are not added up across databases, so reports undercount it (analyze each database with its own --host)\n`,
            );
          }
          if (!argv.quiet) {
            ctx.stdout.write(
              `${forTerminal(given)}: ${groupDigits(r.events)} events added, ${groupDigits(r.duplicates)} already present; ${r.sources} ${r.sources === 1 ? 'source' : 'sources'} (${r.newSources} new)\n`,
            );
          }
        } catch (err) {
          failures++;
          ctx.stderr.write(`maillens: ${err instanceof UserError ? err.message : `${given}: ${(err as Error).message}`}\n`);
        }
      }
      const status = failures === 0 ? 'ok' : failures === argv.databases.length ? 'failed' : 'partial';
      db.prepare('UPDATE runs SET finished_at = ?, status = ?, inputs = ? WHERE id = ?').run(ctx.now().getTime(), status, argv.databases.length, runId);
      return failures === 0 ? EXIT.ok : failures === argv.databases.length ? EXIT.failure : EXIT.partial;
    } finally {
      lock.release();
      db.close();
    }
  },
});
