// `maillens report`: what was refused in a period, why, by whom, compared with the period before;
// `--fail-on` turns it into a cron alert (exit 4). Counting lives in src/report/build-report-model.ts,
// layout in the renderers next to it; this module only wires options, files and exit codes.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { defineCommand } from '../cli/command.js';
import { wantsColor } from '../cli/context.js';
import { buildReportModel } from '../report/build-report-model.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render-report.js';
import { checkThresholds, uncheckedThresholds, parseThresholds } from '../report/thresholds.js';
import { checkHostKnown } from '../store/known-hosts.js';
import { openDatabase } from '../store/open.js';
import { EXIT, UserError, describeError } from '../util/errors.js';
import { defaultDbPath } from '../util/paths.js';
import { parseTimeRange } from '../util/time-range.js';

interface ReportArgs {
  since?: string;
  until?: string;
  format: ReportFormat;
  host?: string | string[];
  'fail-on'?: string | string[];
  quiet?: boolean;
  top: number;
  output?: string;
}


const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export default defineCommand<ReportArgs>({
  command: 'report',
  describe: 'summarise refusals over a period: totals, rates, categories, codes, sources; --fail-on for cron alerts',
  builder: (y) =>
    y
      .option('since', {
        type: 'string',
        describe: 'start: today, yesterday, 24h, 7d, 2024-03-05, "2024-03-05 14:00" (local time; default: 24 hours ago; "yesterday" alone = all of yesterday)',
      })
      .option('until', { type: 'string', describe: 'end (excluded), same forms: a day means its midnight, so --since yesterday --until today = yesterday (default: now)' })
      .option('format', { type: 'string', choices: REPORT_FORMATS, default: 'text' as ReportFormat, describe: 'output format' })
      .option('host', { type: 'string', describe: 'only this mail host' })
      .option('fail-on', {
        type: 'string',
        describe: "exit 4 when a threshold is crossed: 'rbl>100', 'permanent>500', 'rate>5%', 'outbound.auth>0', 'success<10' (comma-separated or repeated; quote it in a shell)",
      })
      .option('quiet', { type: 'boolean', alias: 'q', describe: 'print nothing unless a --fail-on threshold is crossed' })
      .option('top', { type: 'number', default: 10, describe: 'length of the top lists (codes, IPs, HELOs, domains)' })
      .option('output', { type: 'string', alias: 'o', describe: 'write the report to this file instead of stdout' }) as never,
  handler: (argv, ctx) => {
    // Every usage error before the database is touched. (yargs checks `choices` too, but its failure
    // does not stop the handler in every version: check again rather than render "undefined".)
    if (!(REPORT_FORMATS as readonly string[]).includes(argv.format)) {
      throw new UserError(`--format ${argv.format}: expected one of ${REPORT_FORMATS.join(', ')}`, EXIT.usage);
    }
    const range = parseTimeRange({ since: argv.since, until: argv.until }, ctx.now());
    const thresholds = parseThresholds(list(argv['fail-on']));
    const hosts = list(argv.host);
    if (hosts.length > 1) throw new UserError('give --host once (one mail host per report)', EXIT.usage);
    if (!Number.isInteger(argv.top) || argv.top < 1) {
      // yargs turns a word into NaN: say what is expected rather than echo "NaN"
      throw new UserError(`--top${Number.isNaN(argv.top) ? '' : ` ${argv.top}`}: expected a whole number of at least 1`, EXIT.usage);
    }

    const dbPath = resolve(ctx.cwd, argv.db ?? defaultDbPath(ctx.env));
    const db = openDatabase(dbPath, { readonly: true });
    let model;
    try {
      checkHostKnown(db, hosts[0] ?? null);
      model = buildReportModel(db, { since: range.since, until: range.until, host: hosts[0] ?? null }, { top: argv.top, now: ctx.now() });
    } finally {
      db.close();
    }

    const crossings = checkThresholds(model, thresholds);
    const toTerminal = argv.output === undefined && ctx.stdout.isTTY === true;
    const text = renderReport(model, argv.format, { color: toTerminal && wantsColor(ctx), terminal: toTerminal });
    if (argv.output !== undefined) writeAtomically(resolve(ctx.cwd, argv.output), text);
    else if (!argv.quiet || crossings.length > 0) ctx.stdout.write(text);
    for (const c of crossings) ctx.stderr.write(`maillens: threshold crossed: ${c.message}\n`);
    for (const notice of uncheckedThresholds(model, thresholds)) ctx.stderr.write(`maillens: ${notice}\n`);
    return crossings.length > 0 ? EXIT.threshold : EXIT.ok;
  },
});

/** A reader of the file (a web server, a mailer) never sees half a report: write aside, then rename. */
function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new UserError(`cannot write the report to ${path}: ${whyNotWritten(err, path)}`);
  }
}

/**
 * Why the report could not be written, about the path the user gave: Node's own message names the
 * temporary file next to it (`rename '/tmp/.r.txt.0c33f2c3.tmp' -> ...`), which the user never asked for.
 */
function whyNotWritten(err: unknown, path: string): string {
  switch ((err as NodeJS.ErrnoException | null)?.code) {
    case 'EISDIR':
      return 'it is a directory (give a file name)';
    case 'ENOENT':
    case 'ENOTDIR':
      return `no directory ${dirname(path)}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied in ${dirname(path)}`;
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return describeError(err);
  }
}
