// `--since` / `--until` for report and events: words an admin types into a crontab, read in local time.
//
//   today, yesterday        midnight (00:00) starting that day
//   now                     the present moment
//   24h, 7d, 90m, 2w        that long before now (days and weeks are calendar days: DST-safe)
//   2024-03-05              midnight starting that day
//   2024-03-05 14:00[:ss]   a moment, local time; `T` instead of the space and a zone (Z, +01:00) are accepted
//
// Every value names one moment, as journalctl reads them: `--since yesterday --until today` is all of
// yesterday, `--since 2024-03-01 --until 2024-03-02` is March 1st. One convenience on top:
// `--since today|yesterday` alone covers that one day (cron at 00:05: `maillens report --since
// yesterday`); any other --since alone runs until now (for `events`: without end). --until alone, or
// neither option, covers the 24 hours before the end. Ranges are half-open: [since, until).
// One module per function: the date-fns index loads hundreds of files (100 ms of start-up).
import { addDays } from 'date-fns/addDays';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { startOfDay } from 'date-fns/startOfDay';
import { sub } from 'date-fns/sub';
import { EXIT, UserError } from './errors.js';

export interface TimeRange {
  /** unix ms, inclusive */
  since: number;
  /** unix ms, exclusive */
  until: number;
}

export interface Point {
  /** The moment the value names (src/commands/prune.ts reads it too). */
  start: number;
  /** For today / yesterday: the end of that day (alone as --since it means just that day). */
  dayEnd: number | null;
}

const DURATION = /^(\d{1,6})\s*(m|min|h|d|w)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const EXPECTED =
  'expected today, yesterday, now, a duration such as 24h or 7d, a date (2024-03-05) or a date and time (2024-03-05 14:00)';

/** Reads one --since/--until value; throws a usage UserError naming the option otherwise. */
export function parseTimePoint(option: string, value: string, now: Date): Point {
  const text = value.trim().toLowerCase();
  const fail = (why = EXPECTED): never => {
    throw new UserError(`--${option} ${JSON.stringify(value)}: ${why}`, EXIT.usage);
  };
  if (text === 'now') return { start: now.getTime(), dayEnd: null };
  if (text === 'today' || text === 'yesterday') {
    const day = startOfDay(text === 'today' ? now : addDays(now, -1));
    return { start: day.getTime(), dayEnd: addDays(day, 1).getTime() };
  }
  const duration = DURATION.exec(text);
  if (duration) {
    const n = Number(duration[1]);
    const unit = duration[2]!.toLowerCase();
    const ago = sub(now, unit === 'w' ? { weeks: n } : unit === 'd' ? { days: n } : unit === 'h' ? { hours: n } : { minutes: n });
    return { start: ago.getTime(), dayEnd: null };
  }
  if (DATE.test(text)) {
    const day = parseISO(text);
    if (!isValid(day) || !sameCalendarDate(day, text)) fail(`no such date`);
    return { start: day.getTime(), dayEnd: null };
  }
  if (DATE_TIME.test(text)) {
    const moment = parseISO(text.toUpperCase());
    if (!isValid(moment)) fail(`no such date and time`);
    return { start: moment.getTime(), dayEnd: null };
  }
  return fail();
}

/** parseISO rolls 2024-02-30 over to March on some inputs; insist that the date read back the same. */
function sameCalendarDate(day: Date, text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  return day.getFullYear() === y && day.getMonth() + 1 === m && day.getDate() === d;
}

const DAY_MS = 24 * 3600 * 1000;
/** "No end" for open ranges: a bound SQLite compares like any other integer. */
export const NO_END = Number.MAX_SAFE_INTEGER;

/**
 * The range meant by --since/--until (either may be absent), checked to be non-empty. With `openEnd`
 * (the events export) a missing --until means no end at all rather than now, so that events stamped
 * in the future by a host with a fast clock are not silently left out.
 */
export function parseTimeRange(
  options: { since?: string | undefined; until?: string | undefined },
  now: Date,
  { openEnd = false }: { openEnd?: boolean } = {},
): TimeRange {
  const since = options.since !== undefined ? parseTimePoint('since', options.since, now) : undefined;
  const until = options.until !== undefined ? parseTimePoint('until', options.until, now) : undefined;
  let range: TimeRange;
  if (since && until) range = { since: since.start, until: until.start };
  else if (since && since.dayEnd !== null) range = { since: since.start, until: openEnd ? since.dayEnd : Math.min(since.dayEnd, now.getTime()) };
  else if (since) range = { since: since.start, until: openEnd ? NO_END : now.getTime() };
  else if (until) range = { since: until.start - DAY_MS, until: until.start };
  else range = { since: now.getTime() - DAY_MS, until: openEnd ? NO_END : now.getTime() };
  if (!(range.since < range.until)) {
    const what = since && until ? `--since ${options.since} is not before --until ${options.until}` : `--since ${options.since} is not in the past`;
    throw new UserError(`empty time range: ${what}`, EXIT.usage);
  }
  return range;
}
