// Runs the stages of `npm run bench` as child processes and collects their figures.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LogFormat } from '../src/model/labels.js';
import type { BenchFormat } from './generate.js';
import type { StageReport } from './stage-report.js';

export interface Measured {
  stage: string;
  /** Seconds the stage took: in-process time for read..classify, wall time (start-up included) for analyze/rerun. */
  seconds: number;
  /** Wall time of the whole child process, start-up included. */
  wallSeconds: number;
  bytes: number;
  lines: number;
  events: number;
  maxRssKiB: number;
  /**
   * The read+split2 baseline's time divided by this stage's, median over the rounds of a --repeat run
   * (each ratio from one round: bench/run.ts combineRounds); absent when the stages did not run in rounds.
   */
  vsBaseline?: number;
  detail?: Record<string, unknown>;
}

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
}

function runChild(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, wallSeconds: (performance.now() - started) / 1000 }));
  });
}

/** Reads the file once so that every stage finds it in the page cache (issue 7: "page cache warm"). */
export function warmPageCache(path: string): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Asks the kernel to write dirty pages out (`sync`, where there is one). Analyze leaves hundreds of MB
 * of freshly written database behind; a rerun started at once would wait for that write-back in its
 * own fsync, which a cron run an hour later never does.
 */
export function settleWrites(): void {
  try {
    spawnSync('sync', { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // no sync(1): measure as is
  }
}

function profileArgs(profileDir: string | null): string[] {
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
}

export async function runStage(distBench: string, stage: string, format: BenchFormat, file: string, profileDir: string | null = null): Promise<Measured> {
  const res = await runChild([...profileArgs(profileDir), join(distBench, 'stage.js'), stage, format, file]);
  if (res.code !== 0) throw new Error(`stage ${stage} on ${file} failed (exit ${res.code}): ${res.stderr.trim()}`);
  const report = JSON.parse(res.stdout.trim().split('\n').pop()!) as StageReport;
  const { verdicts, categories, successes } = report;
  return {
    stage,
    seconds: report.seconds,
    wallSeconds: res.wallSeconds,
    bytes: report.bytes,
    lines: report.lines,
    events: report.events,
    maxRssKiB: report.maxRssKiB,
    detail: { successes, ...(verdicts ? { verdicts } : {}), ...(categories ? { categories } : {}) },
  };
}

export interface AnalyzeOptions {
  root: string;
  file: string;
  db: string;
  format: LogFormat;
  stage: 'analyze' | 'rerun';
  profileDir?: string | null;
}

/**
 * The real `maillens analyze` as a user (or cron) runs it: `node dist/src/bin.js analyze <file> --db
 * <db> --host bench --quiet`, timed from spawn to exit. The RSS probe is preloaded to report the peak RSS.
 */
export async function runAnalyze(opts: AnalyzeOptions): Promise<Measured> {
  const probe = `${opts.db}.probe-${opts.stage}.json`;
  rmSync(probe, { force: true });
  const args = [
    ...profileArgs(opts.profileDir ?? null),
    `--import=${pathToFileURL(join(opts.root, 'dist', 'bench', 'rss-probe.js')).href}`,
    join(opts.root, 'dist', 'src', 'bin.js'),
    'analyze',
    opts.file,
    '--db',
    opts.db,
    '--host',
    'bench',
    '--format',
    opts.format,
    '--quiet',
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, MAILLENS_BENCH_PROBE: probe };
  delete env.MAILLENS_BATCH_LINES;
  const res = await runChild(args, env);
  const usage = existsSync(probe) ? (JSON.parse(readFileSync(probe, 'utf8')) as { maxRssKiB: number; uptimeMs: number; userCpuMs: number; systemCpuMs: number }) : null;
  rmSync(probe, { force: true });
  if (res.code !== 0) throw new Error(`maillens analyze ${opts.file} failed (exit ${res.code}): ${res.stderr.trim()}`);
  const stats = dbStats(opts.db);
  const bytes = statSync(opts.file).size;
  const rerun = opts.stage === 'rerun';
  return {
    stage: opts.stage,
    seconds: res.wallSeconds,
    wallSeconds: res.wallSeconds,
    // A rerun with nothing new reads nothing: its throughput is not a figure worth printing.
    bytes: rerun ? stats.lastRun.bytesRead : bytes,
    lines: stats.lastRun.linesRead,
    events: rerun ? stats.lastRun.eventsAdded : stats.events,
    maxRssKiB: usage?.maxRssKiB ?? 0,
    detail: {
      runStatus: stats.lastRun.status,
      eventsInDb: stats.events,
      linesMatched: stats.lastRun.linesMatched,
      linesSkipped: stats.lastRun.linesSkipped,
      dbBytes: stats.dbBytes,
      ...(usage ? { cpuSeconds: (usage.userCpuMs + usage.systemCpuMs) / 1000, processSeconds: usage.uptimeMs / 1000 } : {}),
    },
  };
}

/**
 * `maillens report` over everything the analyze stage stored (the period from the first to the last
 * event, text to stdout), timed from spawn to exit: what the nightly report costs on that much data, and
 * roughly what `analyze` adds when it prints its summary (it builds the same model for its run).
 */
export async function runReport(opts: { root: string; db: string }): Promise<Measured> {
  const span = eventSpan(opts.db);
  const probe = `${opts.db}.probe-report.json`;
  rmSync(probe, { force: true });
  const args = [
    `--import=${pathToFileURL(join(opts.root, 'dist', 'bench', 'rss-probe.js')).href}`,
    join(opts.root, 'dist', 'src', 'bin.js'),
    'report',
    '--db',
    opts.db,
    '--host',
    'bench',
    '--since',
    reportRange(span).since,
    '--until',
    reportRange(span).until,
  ];
  const res = await runChild(args, { ...process.env, MAILLENS_BENCH_PROBE: probe });
  const usage = existsSync(probe) ? (JSON.parse(readFileSync(probe, 'utf8')) as { maxRssKiB: number }) : null;
  rmSync(probe, { force: true });
  if (res.code !== 0) throw new Error(`maillens report --db ${opts.db} failed (exit ${res.code}): ${res.stderr.trim()}`);
  return { stage: 'report', seconds: res.wallSeconds, wallSeconds: res.wallSeconds, bytes: 0, lines: 0, events: span.events, maxRssKiB: usage?.maxRssKiB ?? 0 };
}

/**
 * The --since/--until that cover every event from `first` to `last` (unix ms). A report counts whole
 * hours and rounds --since up to the next one (src/report/build-report-model.ts), so --since is the
 * start of the first event's hour: the first event's own time would leave that hour out (a seventh of
 * the events of the tenth-size files, whose times span about seven hours).
 */
export function reportRange(span: { first: number; last: number }): { since: string; until: string } {
  return { since: new Date(Math.floor(span.first / 3_600_000) * 3_600_000).toISOString(), until: new Date(span.last + 1).toISOString() };
}

/** The first and last event time (unix ms) and the number of events of a database. */
function eventSpan(path: string): { first: number; last: number; events: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT min(ts) AS first, max(ts) AS last, count(*) AS events FROM events').get() as { first: number | null; last: number | null; events: number };
    const now = Date.now();
    return { first: row.first ?? now, last: row.last ?? now, events: row.events };
  } finally {
    db.close();
  }
}

interface DbStats {
  events: number;
  dbBytes: number;
  lastRun: { status: string; bytesRead: number; linesRead: number; linesMatched: number; linesSkipped: number; eventsAdded: number };
}

function dbStats(path: string): DbStats {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    const run = db
      .prepare('SELECT id, status, bytes_read AS bytesRead, lines_read AS linesRead, lines_matched AS linesMatched, lines_skipped AS linesSkipped FROM runs ORDER BY id DESC LIMIT 1')
      .get() as { id: number; status: string; bytesRead: number; linesRead: number; linesMatched: number; linesSkipped: number };
    const added = (db.prepare('SELECT count(*) AS n FROM events WHERE run_id = ?').get(run.id) as { n: number }).n;
    const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
    return { events, dbBytes: size(path) + size(`${path}-wal`), lastRun: { ...run, eventsAdded: added } };
  } finally {
    db.close();
  }
}
