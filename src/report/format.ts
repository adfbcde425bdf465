// How numbers and times look in the human-readable renderers (text, markdown, html). Presentation only:
// every number arrives computed in the model; these functions only spell it.

import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { groupDigits } from '../util/group-digits.js';

/** 12345 → "12,345" */
export function formatCount(n: number | null): string {
  return n === null ? '-' : groupDigits(n);
}

/** 0.2554 → "25.5%"; a share too small to show as 0.1 % says so instead of "0.0%". */
export function formatShare(fraction: number | null): string {
  if (fraction === null) return '-';
  if (fraction > 0 && fraction < 0.0005) return '<0.1%';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Change against the previous period: "+12 (+8%)", "-5 (-20%)", "+4 (new)", "0"; "" when not compared. */
export function formatChange(change: number | null, ratio: number | null): string {
  if (change === null) return '';
  if (change === 0) return '0';
  const sign = change > 0 ? '+' : '-';
  const abs = groupDigits(Math.abs(change));
  if (ratio === null) return `${sign}${abs}${change > 0 ? ' (new)' : ''}`;
  const pct = Math.abs(ratio * 100);
  return `${sign}${abs} (${sign}${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%)`;
}

/** "550 5.7.1", "550", "5.7.1", or "(no code)". */
export function formatCode(code: number | null, enhanced: string | null): string {
  return [code, enhanced].filter((v) => v !== null && v !== '').join(' ') || '(no code)';
}

/** Local ISO time from the model → "2024-03-05 14:00" (or only the date for whole-day buckets). */
export function formatTime(iso: string, dateOnly = false): string {
  return dateOnly ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

/** The zone the model's times are written in, "+01:00", for a "(local time +01:00)" note. */
export function zoneOf(iso: string): string {
  const m = /([+-]\d\d:\d\d|Z)$/.exec(iso);
  return m ? (m[1] === 'Z' ? 'UTC' : `UTC${m[1]}`) : '';
}

/** Cut long log values for fixed-width layouts; the full value stays in json/csv/html. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Bucket label for a histogram row/bar. */
export function bucketLabel(iso: string, bucketHours: number): string {
  return bucketHours >= 24 && bucketHours % 24 === 0 ? formatTime(iso, true) : formatTime(iso).slice(5);
}

/**
 * Said when a shown rate is "-" because refusals came with no accepted mail at all (see
 * build-report-model.ts rejectionRate): most often a host read through its Exim rejectlog alone, but
 * also a period that accepted nothing though the mainlog was read (a host that only turned away
 * brute-force and relay attempts), so the note names both causes instead of asserting the first.
 */
export function rateUnknownNote(model: { totals: readonly { direction: string; refusals: number; successes: number | null; rejectionRate: number | null }[] }): string | null {
  // local deliveries never have a rate (LOCAL_NOTE says why)
  const unknown = model.totals.some((t) => t.direction !== 'local' && t.successes !== null && t.refusals > 0 && t.rejectionRate === null);
  return unknown
    ? 'A rate of "-": no accepted mail was counted beside those refusals, so the rate is not known: none was accepted in the period, or only an Exim rejectlog was read (it records refusals only: analyze the mainlog too).'
    : null;
}

/**
 * The period's length: hours up to two days, then days (and the hours left over: a run summary's period
 * runs from its first to its last event, and an old log's may span years: "9,151 days 11 hours", not
 * "219,635 hours").
 */
export function HOURS_NOTE(hours: number): string {
  const plural = (n: number, unit: string) => `${groupDigits(n)} ${unit}${n === 1 ? '' : 's'}`;
  if (hours < 48) return plural(hours, 'hour');
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(hours % 24, 'hour')}`;
}

/**
 * Said when the period shown is not the one asked for: counts are kept per hour of UTC (table hourly),
 * so a bound inside an hour moves to the hour's end, and in a zone with a half-hour offset "yesterday"
 * starts at :30.
 */
export const ROUNDING_NOTE = (p: { since: string; until: string; requestedSince: string; requestedUntil: string }) =>
  p.since !== p.requestedSince || p.until !== p.requestedUntil ? '; whole hours, as counts are kept per hour' : '';

/**
 * Said when `maillens prune` deleted the events of the start of the period: the counts come from the hourly
 * table and cover the whole period, the lists drawn from events only its later part.
 */
export const PRUNED_NOTE = (time: string): string =>
  `Events before ${time} were pruned: the lists of servers, replies, client IPs, HELOs and domains count only later events; all counts cover the whole period.`;

/**
 * Said when the period holds nothing at all (ReportModel.elsewhere): where the data is, and the options
 * that show it. `show` makes a host name safe for the output format (hosts come from logs and merges).
 */
export function emptyPeriodNote(
  e: { refusals: number; successes: number; lines: number; first: string | null; last: string | null },
  host: string | null,
  show: (value: string) => string,
): string {
  if (e.first === null || e.last === null) return 'Nothing is stored yet: run maillens analyze on a log first.';
  const since = formatTime(e.first, true);
  const until = format(addDays(Date.parse(e.last) - 1, 1), 'yyyy-MM-dd');
  const what = `${formatCount(e.refusals)} refused, ${formatCount(e.successes)} accepted and ${formatCount(e.lines)} log line${e.lines === 1 ? '' : 's'}`;
  return `Nothing was logged in this period. The database holds ${what}${host !== null ? ` for host ${show(host)}` : ''} from ${formatTime(e.first)} to ${formatTime(e.last)}: try --since ${since} --until ${until}.`;
}

/** The histogram's bucket length, as every renderer says it: "hour", "6 hours", "day", "2 days", "281 days". */
export const BUCKET_NOTE = (bucketHours: number): string =>
  bucketHours === 1 ? 'hour' : bucketHours === 24 ? 'day' : bucketHours % 24 === 0 ? `${formatCount(bucketHours / 24)} days` : `${bucketHours} hours`;

/**
 * An example reply as the admin reads it, with its codes in front: Exim's parser stores a remote reply's
 * text without the "550 5.7.1" it was sent with (the codes are columns of their own), hMailServer's and
 * PHPMailer's keep it in the text; the report shows both the same way, and never shows the codes twice.
 */
export function replyWithCodes(example: { text: string; code: number | null; enhanced: string | null }): string {
  const codes = [example.code, example.enhanced].filter((v) => v !== null && v !== '').join(' ');
  const text = example.text.trimStart();
  if (!codes) return example.text;
  if (example.code !== null && text.startsWith(String(example.code))) return example.text;
  if (example.code === null && example.enhanced && text.startsWith(example.enhanced)) return example.text;
  return `${codes} ${example.text}`;
}

/**
 * The rows of the totals table a report shows: the local row only when this host's own deliveries
 * failed in the period or the one before (most hosts never have any, and hMailServer and PHPMailer
 * logs none).
 */
export function shownTotals<T extends { direction: string; refusals: number; previousRefusals: number | null }>(totals: readonly T[]): T[] {
  return totals.filter((t) => t.direction !== 'local' || t.refusals > 0 || (t.previousRefusals ?? 0) > 0);
}

/** Whether the report has local delivery failures: a Local column, the local section and LOCAL_NOTE. */
export function hasLocal(model: { totals: readonly { direction: string; refusals: number; previousRefusals: number | null }[] }): boolean {
  return shownTotals(model.totals).some((t) => t.direction === 'local');
}

export const LOCAL_NOTE =
  'Local = deliveries on this host (mailboxes, files, pipes, a local LMTP server) that failed. Only their failures are logged as such, so they have no rate: they count in the refusals of "all", whose accepted mail and rate are those of inbound and outbound.';

export const LOCAL_TITLE = 'Deliveries on this host that failed (local)';
