import { recordPrunedBefore } from '../store/pruned-before.js';
import { groupDigits } from '../util/group-digits.js';
import { defineCommand } from '../cli/command.js';
import { acquireRunLock } from '../store/lock.js';
import { openDatabase } from '../store/open.js';
import { EXIT, UserError } from '../util/errors.js';
import { defaultDbPath } from '../util/paths.js';
import { parseTimePoint } from '../util/time-range.js';

interface PruneArgs {
  keepEvents: string;
  quiet: boolean;
  dryRun: boolean;
}

export default defineCommand<PruneArgs>({
  command: 'prune',
  describe: 'delete event rows older than a retention period (hourly counts are kept)',
  builder: (y) =>
    y
      .option('keep-events', { type: 'string', demandOption: true, describe: 'keep this much history, e.g. 30d, 12w, 48h' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'say what would be deleted, delete nothing' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .example('$0 prune --keep-events 30d', 'keep a month of events; reports over older periods use the hourly counts') as never,
  handler(argv, ctx) {
    if (!/^\s*\d+\s*(m|min|h|d|w)\s*$/i.test(argv.keepEvents)) {
      throw new UserError(`--keep-events ${JSON.stringify(argv.keepEvents)}: expected a duration such as 30d, 12w or 48h`, EXIT.usage);
    }
    const cutoff = parseTimePoint('keep-events', argv.keepEvents, ctx.now()).start;
    const dbPath = argv.db ?? defaultDbPath(ctx.env);
    const db = openDatabase(dbPath, { createDirectory: argv.db === undefined });
    const lock = acquireRunLock(dbPath);
    try {
      const doomed = db.prepare('SELECT count(*) FROM events WHERE ts < ?').pluck().get(cutoff) as number;
      if (!argv.dryRun && doomed > 0) {
        db.transaction(() => {
          db.prepare('DELETE FROM events WHERE ts < ?').run(cutoff);
          // Remembered so that a later --rescan does not store (and count in hourly) these events again:
          // the UNIQUE constraint that drops re-read events cannot see rows that are gone.
          recordPrunedBefore(db, cutoff);
          // Reply texts no event refers to any more.
          db.prepare('DELETE FROM reply_texts WHERE id NOT IN (SELECT DISTINCT text_id FROM events)').run();
        }).immediate();
      }
      if (!argv.quiet) {
        const when = new Date(cutoff).toISOString().replace('T', ' ').slice(0, 19);
        ctx.stdout.write(
          `${argv.dryRun ? 'would delete' : 'deleted'} ${groupDigits(doomed)} events older than ${when} UTC; hourly counts kept\n`,
        );
      }
      return EXIT.ok;
    } finally {
      lock.release();
      db.close();
    }
  },
});
