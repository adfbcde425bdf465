// The one table `npm run bench` prints, and the target list under it.
import { formatSize } from './generate.js';
import type { Measured } from './measure.js';
import type { FormatRun, TargetCheck } from './targets.js';
import { ratioToBaseline, stageOf } from './targets.js';

export const STAGE_LABELS: Record<string, string> = {
  read: 'read',
  split2: 'read+split2 (baseline)',
  lines: 'read+LineSplitter',
  parse: '+parse',
  classify: '+classify',
  analyze: 'maillens analyze',
  rerun: 'rerun, nothing new',
  report: 'report, all stored',
};

const MiB = 1024 * 1024;

function rate(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return n.toFixed(0);
}

export interface Row {
  format: string;
  size: string;
  stage: string;
  seconds: string;
  mbps: string;
  lps: string;
  eps: string;
  rss: string;
  x: string;
}

export function rowsOf(formats: readonly FormatRun[]): Row[] {
  const rows: Row[] = [];
  for (const f of formats) {
    for (const run of f.runs) {
      const baseline = stageOf(run, 'split2');
      for (const s of run.stages) rows.push(rowOf(f.format, formatSize(run.bytes), s, baseline));
    }
  }
  return rows;
}

function rowOf(format: string, size: string, s: Measured, baseline: Measured | undefined): Row {
  // A rerun reads nothing new, a report reads the database: no throughput of the log to show.
  const rerun = s.stage === 'rerun' || s.stage === 'report';
  const withEvents = s.stage === 'parse' || s.stage === 'classify' || s.stage === 'analyze';
  return {
    format,
    size,
    stage: STAGE_LABELS[s.stage] ?? s.stage,
    seconds: s.seconds.toFixed(2),
    mbps: rerun ? '-' : (s.bytes / MiB / s.seconds).toFixed(1),
    lps: rerun || s.stage === 'read' ? '-' : rate(s.lines / s.seconds),
    eps: withEvents ? rate(s.events / s.seconds) : '-',
    rss: (s.maxRssKiB / 1024).toFixed(0),
    x: baseline && !rerun ? `${ratioToBaseline(s, baseline).toFixed(2)}×` : '-',
  };
}

const HEAD: Row = { format: 'format', size: 'size', stage: 'stage', seconds: 'seconds', mbps: 'MB/s', lps: 'lines/s', eps: 'events/s', rss: 'peak RSS MB', x: '×baseline' };
const RIGHT: (keyof Row)[] = ['seconds', 'mbps', 'lps', 'eps', 'rss', 'x'];

/** A Markdown-compatible table (pipes), so the README can show it as it was printed. */
export function renderTable(rows: readonly Row[]): string {
  const keys = Object.keys(HEAD) as (keyof Row)[];
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(HEAD[k].length, ...rows.map((r) => r[k].length))])) as Record<keyof Row, number>;
  const cell = (r: Row, k: keyof Row) => (RIGHT.includes(k) ? r[k].padStart(width[k]) : r[k].padEnd(width[k]));
  const line = (r: Row) => `| ${keys.map((k) => cell(r, k)).join(' | ')} |`;
  const rule = `| ${keys.map((k) => (RIGHT.includes(k) ? `${'-'.repeat(width[k] - 1)}:` : '-'.repeat(width[k]))).join(' | ')} |`;
  return [line(HEAD), rule, ...rows.map(line)].join('\n');
}

export function renderLinearity(formats: readonly FormatRun[]): string {
  const lines = ['Linearity (full / tenth, maillens analyze): '];
  const parts: string[] = [];
  for (const f of formats) {
    const full = f.runs.find((r) => r.label === 'full');
    const tenth = f.runs.find((r) => r.label === 'tenth');
    const a = stageOf(full, 'analyze');
    const b = stageOf(tenth, 'analyze');
    if (a && b && full && tenth) parts.push(`${f.format} ${(a.seconds / b.seconds).toFixed(2)}× time for ${(full.bytes / tenth.bytes).toFixed(2)}× bytes`);
  }
  return lines[0] + (parts.length ? parts.join('; ') : 'n/a');
}

export function renderTargets(checks: readonly TargetCheck[]): string {
  const out = ['Targets (issue 7):'];
  for (const c of checks) {
    out.push(`  ${c.status === 'PASS' ? 'PASS' : c.status === 'FAIL' ? 'FAIL' : 'n/a '}  ${c.target} — ${c.format ?? 'all'}: ${c.value} (${c.limit})${c.note ? ` — ${c.note}` : ''}`);
  }
  return out.join('\n');
}
