import type { Db } from '../store/open.js';
import { groupDigits } from '../util/group-digits.js';
import type { IngestResult, InputResult } from './ingest.js';
import { NO_MATCH } from './resolve-inputs.js';

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
    /** Deliveries on this host that failed (Exim). */
    local: number;
  };
}

/** What one analyze run read and added, per input; the run's report (src/report) says what the events mean. */
export function summarizeRun(db: Db, result: IngestResult, host: string, database: string, options: { directions?: boolean } = {}): RunSummary {
  const sum = (k: 'lines' | 'matched' | 'skipped' | 'oversized' | 'events' | 'duplicates') =>
    result.inputs.reduce((n, r) => n + r[k], 0);
  // The split by direction costs a pass over the run's events: only when somebody reads it.
  const directions = options.directions === false
    ? []
    : db
    .prepare('SELECT k.direction, count(*) AS n FROM events e JOIN event_kinds k ON k.id = e.kind_id WHERE e.run_id = ? GROUP BY k.direction')
    .all(result.runId) as { direction: string; n: number }[];
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
      events: sum('events'),
      duplicates: sum('duplicates'),
      inbound: directions.find((d) => d.direction === 'inbound')?.n ?? 0,
      outbound: directions.find((d) => d.direction === 'outbound')?.n ?? 0,
      local: directions.find((d) => d.direction === 'local')?.n ?? 0,
    },
  };
}

const n = groupDigits;
/** `1 line`, `2 lines` (the summary goes to people, often in cron mail). */
const count = (v: number, one: string, many = `${one}s`) => `${n(v)} ${v === 1 ? one : many}`;

/** Files with nothing new listed one by one, at most; more are counted on one line. */
const MAX_UNCHANGED_LISTED = 10;

/** The plain-text summary `analyze` prints (no colour: it often ends up in cron mail). */
export function renderRunSummary(s: RunSummary, clean: (v: string) => string): string {
  const out: string[] = [];
  out.push(`maillens analyze: host ${clean(s.host)}, run ${s.runId}, database ${clean(s.database)}`);
  out.push('');
  // A run over a long rotation history (a year of daily hMailServer logs) would list hundreds of files
  // with nothing new: past a few, they are one line, and the files read or failed stay in view.
  const unchanged = s.inputs.filter((i) => i.status === 'unchanged').length;
  const listed = unchanged > MAX_UNCHANGED_LISTED ? s.inputs.filter((i) => i.status !== 'unchanged') : s.inputs;
  const width = Math.min(60, Math.max(...listed.map((i) => displayName(i).length), 5));
  for (const input of listed) {
    const name = clean(displayName(input)).padEnd(width);
    const format = (input.format ?? '-').padEnd(11);
    let what: string;
    switch (input.status) {
      case 'read':
        what =
          `${count(input.lines, 'line')}, ${count(input.events, 'new event')}` +
          (input.duplicates ? `, ${n(input.duplicates)} already stored` : '') +
          (input.skipped ? `, ${n(input.skipped)} skipped` : '') +
          (input.oversized ? `, ${n(input.oversized)} oversized` : '') +
          (input.startOffset > 0 ? ` (resumed at byte ${n(input.startOffset)}${input.continuedFrom ? ` of ${clean(input.continuedFrom)}` : ''})` : '');
        break;
      case 'unchanged':
        what = 'nothing new since the last run';
        break;
      case 'empty':
        // a pattern that matched nothing beside other inputs is listed so (src/ingest/ingest.ts)
        what = input.message?.endsWith(NO_MATCH) ? NO_MATCH : 'empty';
        break;
      default:
        what = input.status === 'unrecognised' ? 'not a recognised log format' : `FAILED: ${clean(input.message ?? '')}`;
    }
    out.push(`  ${name}  ${format} ${what}`);
  }
  if (listed !== s.inputs) out.push(`  ${count(unchanged, 'other file')} with nothing new since the last run`);
  const t = s.totals;
  out.push('');
  // The line counts add up: every line read is a refusal or a success (mail accepted from a client or
  // delivered to a remote server), part of one (header lines after a rejection, continuation lines),
  // other log chatter (local deliveries included), or not understood.
  const other = Math.max(0, t.lines - t.matched - t.skipped);
  out.push(
    `${count(t.lines, 'line')} read: ${n(t.matched)} with a refusal or a success, ${n(other)} other, ${n(t.skipped)} not understood` +
      (t.oversized ? `, ${n(t.oversized)} cut as oversized` : '') +
      `; ${count(t.events, 'event')} stored (${n(t.inbound)} inbound, ${n(t.outbound)} outbound${t.local ? `, ${n(t.local)} local` : ''})` +
      (t.duplicates ? `, ${count(t.duplicates, 'duplicate')} ignored` : ''),
  );
  if (s.status === 'interrupted') {
    out.push('Interrupted before every input was read: what is listed above is stored, and the next run continues from there.');
  }
  return `${out.join('\n')}\n`;
}

function displayName(input: InputResult): string {
  if (input.path === '-') return '(stdin)';
  // a glob names several files: each row names its own (the cron line quotes one: 'mainlog*')
  return /[*?[{]/.test(input.given) ? input.path : input.given;
}
