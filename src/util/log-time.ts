// Turning the timestamps logs write into unix milliseconds, fast (called for every line).
//
// Mail logs write wall-clock time without a zone (Exim by default, hMailServer always): it is read as
// the local time of the machine running maillens (set TZ to read another zone's logs). A zone written
// in the line (Exim log_timezone "+0100") or implied by the format (PHPMailer's gmdate() is UTC) is
// honoured by the caller through `parseTimestampWithOffset(..., offsetMinutes)`.

// Start of a wall-clock minute (its digits read as one number, YYYYMMDDHHMM) → unix ms, read as
// local time. The values never change, the caches only save the Date call.
const minuteCache = new Map<number, number>();
// The minute looked up last: consecutive log lines nearly always share their minute, and comparing one
// number is much cheaper than cutting a key out of the line and hashing it into the map.
let lastMinuteKey = -1;
let lastMinuteBase = 0;

/**
 * `YYYY-MM-DD HH:MM:SS[.mmm]` at the start of `text` (also accepts `T` between date and time) →
 * unix ms, read as local time; NaN when the text is not such a timestamp.
 */
export function parseLocalTimestamp(text: string, start = 0): number {
  const digits = stampDigits(text, start);
  return digits < 0 ? NaN : stampMs(text, start, digits, null);
}

/** As parseLocalTimestamp, with a fixed offset east of UTC in minutes (0 for UTC). */
export function parseTimestampWithOffset(text: string, start: number, offsetMinutes: number): number {
  const digits = stampDigits(text, start);
  return digits < 0 ? NaN : stampMs(text, start, digits, offsetMinutes);
}

/**
 * The shape check and the reading in one pass, for parsers that test for a timestamp on every line
 * and then want its time (the Exim prefix): when `YYYY-MM-DD HH:MM:SS` (or `T` between date and time)
 * starts at `start`, its 14 digits as one number YYYYMMDDHHMMSS, else -1. The fields are not
 * range-checked here (stampMs does that).
 */
export function stampDigits(text: string, start: number): number {
  if (text.length < start + 19) return -1;
  const sep = text.charCodeAt(start + 10);
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45 || text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) return -1;
  if (sep !== 32 && sep !== 84) return -1;
  // No branch per digit: `bad` collects the sign bit of (d | 9 - d), negative when d is not 0-9.
  let value = 0;
  let bad = 0;
  for (let i = start; i < start + 19; i++) {
    if (i === start + 4 || i === start + 7 || i === start + 10 || i === start + 13 || i === start + 16) continue;
    const d = text.charCodeAt(i) - 48;
    bad |= d | (9 - d);
    value = value * 10 + d;
  }
  return bad < 0 ? -1 : value;
}

/**
 * Unix ms of the timestamp at `start` whose digits stampDigits read (plus `.mmm` when the text has it
 * right after the seconds), local time when `offsetMinutes` is null; NaN when a field is out of range.
 */
export function stampMs(text: string, start: number, digits: number, offsetMinutes: number | null): number {
  const minute = Math.floor(digits / 100);
  const s = digits - minute * 100;
  let base: number;
  if (offsetMinutes === null && minute === lastMinuteKey) base = lastMinuteBase; // checked when it was first read
  else {
    const y = Math.floor(minute / 1e8);
    const mo = Math.floor(minute / 1e6) % 100;
    const d = Math.floor(minute / 1e4) % 100;
    const h = Math.floor(minute / 100) % 100;
    const mi = minute % 100;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return NaN;
    base = offsetMinutes === null ? localMinute(minute, y, mo, d, h, mi) : Date.UTC(y, mo - 1, d, h, mi, 0, 0) - offsetMinutes * 60_000;
  }
  if (s > 60) return NaN;
  let ms = 0;
  if (text.charCodeAt(start + 19) === 46) {
    const frac = threeDigits(text, start + 20);
    if (frac >= 0) ms = frac;
  }
  return base + s * 1000 + ms;
}

/** Unix ms of the start of a local wall-clock minute (`key` = YYYYMMDDHHMM, fields range-checked). */
function localMinute(key: number, y: number, mo: number, d: number, h: number, mi: number): number {
  let base = minuteCache.get(key);
  if (base === undefined) {
    base = new Date(y, mo - 1, d, h, mi, 0, 0).getTime();
    if (minuteCache.size > 100_000) minuteCache.clear();
    minuteCache.set(key, base);
  }
  lastMinuteKey = key;
  lastMinuteBase = base;
  return base;
}

/** Three digits at `at` → their value, or -1. */
function threeDigits(text: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 3; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
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
