// Turning the timestamps logs write into unix milliseconds, fast (called for every line).
//
// Mail logs write wall-clock time without a zone (Exim by default, hMailServer always): it is read as
// the local time of the machine running maillens (set TZ to read another zone's logs). A zone written
// in the line (Exim log_timezone "+0100") or implied by the format (PHPMailer's gmdate() is UTC) is
// honoured by the caller through `localMsFromParts(..., offsetMinutes)`.

import { flat } from './flat.js';

const minuteCache = new Map<string, number>();

/**
 * `YYYY-MM-DD HH:MM:SS[.mmm]` at the start of `text` (also accepts `T` between date and time) →
 * unix ms, read as local time; NaN when the text is not such a timestamp.
 */
export function parseLocalTimestamp(text: string, start = 0): number {
  return parseTimestamp(text, start, null);
}

/** As parseLocalTimestamp, with a fixed offset east of UTC in minutes (0 for UTC). */
export function parseTimestampWithOffset(text: string, start: number, offsetMinutes: number): number {
  return parseTimestamp(text, start, offsetMinutes);
}

function parseTimestamp(text: string, start: number, offsetMinutes: number | null): number {
  if (text.length < start + 19) return NaN;
  const c = text.charCodeAt.bind(text);
  if (c(start + 4) !== 45 || c(start + 7) !== 45 || c(start + 13) !== 58 || c(start + 16) !== 58) return NaN;
  const sep = c(start + 10);
  if (sep !== 32 && sep !== 84) return NaN;
  const minuteKey = text.slice(start, start + 16);
  let base = offsetMinutes === null ? minuteCache.get(minuteKey) : undefined;
  if (base === undefined) {
    const y = digits(text, start, 4);
    const mo = digits(text, start + 5, 2);
    const d = digits(text, start + 8, 2);
    const h = digits(text, start + 11, 2);
    const mi = digits(text, start + 14, 2);
    if (Number.isNaN(y + mo + d + h + mi) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return NaN;
    if (offsetMinutes === null) {
      base = new Date(y, mo - 1, d, h, mi, 0, 0).getTime();
      if (minuteCache.size > 100_000) minuteCache.clear();
      // A copy: a slice would keep the whole chunk of log it was cut from alive for as long as the cache.
      minuteCache.set(flat(minuteKey), base);
    } else {
      base = Date.UTC(y, mo - 1, d, h, mi, 0, 0) - offsetMinutes * 60_000;
    }
  }
  const s = digits(text, start + 17, 2);
  if (Number.isNaN(s) || s > 60) return NaN;
  let ms = 0;
  if (c(start + 19) === 46) {
    const frac = digits(text, start + 20, 3);
    if (!Number.isNaN(frac)) ms = frac;
  }
  return base + s * 1000 + ms;
}

function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** "+0100" / "-0530" → minutes east of UTC, or null. */
export function parseZoneOffset(zone: string): number | null {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}
