import { defineCommand } from '../cli/command.js';
import { ProgressBar } from '../cli/progress.js';
import { ingest } from '../ingest/ingest.js';
import { renderRunSummary, summarizeRun } from '../ingest/summary.js';
import { FORMATS, type LogFormat } from '../model/labels.js';
import { acquireRunLock } from '../store/lock.js';
import { openDatabase } from '../store/open.js';
import { EXIT, UserError } from '../util/errors.js';
import { defaultDbPath } from '../util/paths.js';
import { forTerminal } from '../util/sanitize.js';
import { restoreStdinArgs } from '../cli/stdin-arg.js';
import { wantsColor } from '../cli/context.js';

interface AnalyzeArgs {
  files: string[];
  host?: string;
  format?: LogFormat;
  rescan: boolean;
  jobs?: number;
  quiet: boolean;
  json: boolean;
}

export default defineCommand<AnalyzeArgs>({
  command: 'analyze <files..>',
  describe: 'read mail logs (files, globs, .gz, or - for stdin), classify every reply, store the events, print a summary',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'log files, globs or - (stdin)' })
      .option('host', { type: 'string', describe: 'mail host the logs come from (default: this machine\'s name)' })
      .option('format', { choices: FORMATS, describe: 'skip detection and read every input as this format' })
      .option('rescan', { type: 'boolean', default: false, describe: 'forget saved offsets and read inputs from the start (nothing is stored twice)' })
      .option('jobs', {
        alias: 'j',
        type: 'number',
        describe: 'parse workers: independent inputs (not Exim logs, which depend on each other) are read this many at a time; 0 = in the main thread (default: cores - 1, at least 1; under 4 MB of input in all: 0)',
      })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success (for cron); errors still go to stderr' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .example('$0 analyze /var/log/exim4/rejectlog', 'read what is new in the rejectlog')
      .example("$0 analyze '/var/log/exim4/mainlog*' --host mx1", 'a rotation set, oldest first')
      .example('zcat old.log.gz | $0 analyze - --format exim', 'from a pipe') as never,
  async handler(argv, ctx) {
    const dbPath = argv.db ?? defaultDbPath(ctx.env);
    const host = argv.host ?? ctx.hostname;
    if (!host.trim()) throw new UserError('--host must not be empty', EXIT.usage);
    if (argv.jobs !== undefined && (!Number.isInteger(argv.jobs) || argv.jobs < 0 || argv.jobs > 64)) {
      throw new UserError(`--jobs ${argv.jobs}: expected a whole number from 0 to 64`, EXIT.usage);
    }
    const db = openDatabase(dbPath, { createDirectory: argv.db === undefined });
    let lock;
    try {
      lock = acquireRunLock(dbPath);
    } catch (err) {
      db.close();
      throw err;
    }
    const progress = ProgressBar.enabled(ctx.stderr, argv.quiet || argv.json) ? new ProgressBar(ctx.stderr) : null;
    try {
      const result = await ingest(db, restoreStdinArgs(argv.files), {
        host,
        format: argv.format,
        rescan: argv.rescan,
        jobs: argv.jobs,
        stdin: ctx.stdin,
        cwd: ctx.cwd,
        now: () => ctx.now().getTime(),
        signal: ctx.signal,
        onProgress: progress ? (p) => progress.update(p.input, p.bytesDone, p.bytesTotal) : undefined,
        // Smaller batches make crash tests quick to reach a commit; not worth a documented flag.
        batchLines: Number(ctx.env.MAILLENS_BATCH_LINES) || undefined,
      });
      progress?.done();
      const summary = summarizeRun(db, result, host, dbPath, { directions: !argv.quiet || argv.json });
      for (const input of result.inputs) {
        if (input.message && (input.status === 'failed' || input.status === 'unrecognised')) {
          ctx.stderr.write(`maillens: ${forTerminal(input.message)}\n`);
        }
      }
      if (result.status === 'interrupted') ctx.stderr.write('maillens: interrupted; what was read so far is stored, the next run continues from there\n');
      // What the run's events mean: the report, restricted to this run.
      // (Loaded only when printed: a quiet cron run does not pay for the report's modules.)
      const report =
        summary.totals.events > 0 && (argv.json || !argv.quiet)
          ? (await import('../report/build-report-model.js')).buildReportModel(db, { runId: result.runId }, { top: 5 })
          : null;
      if (argv.json) {
        ctx.stdout.write(`${JSON.stringify({ ...summary, report }, null, 2)}\n`);
      } else if (!argv.quiet) {
        ctx.stdout.write(renderRunSummary(summary, forTerminal));
        if (report) {
          const { renderReport } = await import('../report/render-report.js');
          ctx.stdout.write(`\n${renderReport(report, 'text', { color: wantsColor(ctx) })}`);
        }
      }
      switch (result.status) {
        case 'ok':
          return EXIT.ok;
        case 'partial':
          return EXIT.partial;
        case 'interrupted':
          return 130;
        default:
          return EXIT.failure;
      }
    } finally {
      progress?.done();
      lock.release();
      db.close();
    }
  },
});
