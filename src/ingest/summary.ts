import { classify } from '../classify/classify.js';
import type { Db } from '../store/open.js';
import type { IngestResult, InputResult } from './ingest.js';

export interface RunSummary {
  runId: number;
  status: IngestResult['status'];
  host: string;
  database: string;
  inputs: InputResult[];
  totals: {
    lines: number;
    matched: number;
    skipped: number;
    oversized: number;
    events: number;
    duplicates: number;
    inbound: number;
    outbound: number;
  };
  classes: { class: string; count: number }[];
  categories: { category: string; count: number; share: number }[];
  codes: { code: number | null; enhanced: string | null; category: string; count: number; meaning: string }[];
}

/** What one analyze run added, from the rows it stored (so the summary and SQL always agree). */
export function summarizeRun(db: Db, result: IngestResult, host: string, database: string): RunSummary {
  const sum = (k: 'lines' | 'matched' | 'skipped' | 'oversized' | 'events' | 'duplicates') =>
    result.inputs.reduce((n, r) => n + r[k], 0);
  const directions = db
    .prepare('SELECT direction, count(*) AS n FROM events WHERE run_id = ? GROUP BY direction')
    .all(result.runId) as { direction: string; n: number }[];
  const classes = db
    .prepare('SELECT class, count(*) AS count FROM events WHERE run_id = ? GROUP BY class ORDER BY count DESC, class')
    .all(result.runId) as RunSummary['classes'];
  const events = sum('events');
  const categories = (
    db
      .prepare('SELECT category, count(*) AS count FROM events WHERE run_id = ? GROUP BY category ORDER BY count DESC, category')
      .all(result.runId) as { category: string; count: number }[]
  ).map((c) => ({ ...c, share: events ? c.count / events : 0 }));
  const codes = (
    db
      .prepare(
        `SELECT code, enhanced, category, count(*) AS count FROM events WHERE run_id = ?
         GROUP BY code, enhanced, category ORDER BY count DESC, code LIMIT 10`,
      )
      .all(result.runId) as { code: number | null; enhanced: string | null; category: string; count: number }[]
  ).map((c) => ({ ...c, meaning: classify({ code: c.code, enhanced: c.enhanced, text: '' }).meaning }));
  return {
    runId: result.runId,
    status: result.status,
    host,
    database,
    inputs: result.inputs,
    totals: {
      lines: sum('lines'),
      matched: sum('matched'),
      skipped: sum('skipped'),
      oversized: sum('oversized'),
      events,
      duplicates: sum('duplicates'),
      inbound: directions.find((d) => d.direction === 'inbound')?.n ?? 0,
      outbound: directions.find((d) => d.direction === 'outbound')?.n ?? 0,
    },
    classes,
    categories,
    codes,
  };
}

const n = (v: number) => v.toLocaleString('en-US');

/** The plain-text summary `analyze` prints (no colour: it often ends up in cron mail). */
export function renderRunSummary(s: RunSummary, clean: (v: string) => string): string {
  const out: string[] = [];
  out.push(`maillens analyze: host ${clean(s.host)}, run ${s.runId}, database ${clean(s.database)}`);
  out.push('');
  const width = Math.min(60, Math.max(...s.inputs.map((i) => displayName(i).length), 5));
  for (const input of s.inputs) {
    const name = clean(displayName(input)).padEnd(width);
    const format = (input.format ?? '-').padEnd(11);
    let what: string;
    switch (input.status) {
      case 'read':
        what =
          `${n(input.lines)} lines, ${n(input.events)} new events` +
          (input.duplicates ? `, ${n(input.duplicates)} already stored` : '') +
          (input.skipped ? `, ${n(input.skipped)} skipped` : '') +
          (input.oversized ? `, ${n(input.oversized)} oversized` : '') +
          (input.startOffset > 0 ? ` (resumed at byte ${n(input.startOffset)}${input.continuedFrom ? ` of ${clean(input.continuedFrom)}` : ''})` : '');
        break;
      case 'unchanged':
        what = 'nothing new since the last run';
        break;
      case 'empty':
        what = 'empty';
        break;
      default:
        what = input.status === 'unrecognised' ? 'not a recognised log format' : `FAILED: ${clean(input.message ?? '')}`;
    }
    out.push(`  ${name}  ${format}${what}`);
  }
  const t = s.totals;
  out.push('');
  out.push(
    `${n(t.lines)} lines read, ${n(t.matched)} matched, ${n(t.skipped)} skipped` +
      (t.oversized ? `, ${n(t.oversized)} oversized` : '') +
      `; ${n(t.events)} events stored (${n(t.inbound)} inbound, ${n(t.outbound)} outbound)` +
      (t.duplicates ? `, ${n(t.duplicates)} duplicates ignored` : ''),
  );
  if (t.events === 0) return `${out.join('\n')}\n`;

  out.push('');
  out.push('By class:     ' + s.classes.map((c) => `${c.class} ${n(c.count)}`).join(', '));
  out.push('');
  out.push('By category:');
  const catWidth = Math.max(...s.categories.map((c) => c.category.length));
  const countWidth = Math.max(...s.categories.map((c) => n(c.count).length));
  for (const c of s.categories) {
    out.push(`  ${c.category.padEnd(catWidth)}  ${n(c.count).padStart(countWidth)}  ${(c.share * 100).toFixed(1).padStart(5)}%`);
  }
  out.push('');
  out.push('Top codes:');
  for (const c of s.codes) {
    const code = `${c.code ?? '---'}${c.enhanced ? ` ${c.enhanced}` : ''}`.padEnd(11);
    out.push(`  ${code} ${n(c.count).padStart(countWidth)}  ${c.category.padEnd(catWidth)}  ${c.meaning}`);
  }
  out.push('');
  out.push('See "maillens report" for the full picture, "maillens events" for the rows.');
  return `${out.join('\n')}\n`;
}

function displayName(input: InputResult): string {
  return input.path === '-' ? '(stdin)' : input.given;
}
