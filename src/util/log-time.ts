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
  // Unrolled (this runs on every line of an Exim log; the loop with its five skips cost about a
  // third more on mainlog lines), and no branch per digit: `bad` collects the sign bit of (d | 9 - d), negative when d is
  // not 0-9.
  const y0 = text.charCodeAt(start) - 48;
  const y1 = text.charCodeAt(start + 1) - 48;
  const y2 = text.charCodeAt(start + 2) - 48;
  const y3 = text.charCodeAt(start + 3) - 48;
  const mo0 = text.charCodeAt(start + 5) - 48;
  const mo1 = text.charCodeAt(start + 6) - 48;
  const d0 = text.charCodeAt(start + 8) - 48;
  const d1 = text.charCodeAt(start + 9) - 48;
  const h0 = text.charCodeAt(start + 11) - 48;
  const h1 = text.charCodeAt(start + 12) - 48;
  const mi0 = text.charCodeAt(start + 14) - 48;
  const mi1 = text.charCodeAt(start + 15) - 48;
  const s0 = text.charCodeAt(start + 17) - 48;
  const s1 = text.charCodeAt(start + 18) - 48;
  const bad =
    y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | mo0 | (9 - mo0) | mo1 | (9 - mo1) | d0 | (9 - d0) |
    d1 | (9 - d1) | h0 | (9 - h0) | h1 | (9 - h1) | mi0 | (9 - mi0) | mi1 | (9 - mi1) | s0 | (9 - s0) | s1 | (9 - s1);
  if (bad < 0) return -1;
  // YYYYMMDD and HHMMSS each fit in 31 bits; the whole 14 digits (< 2^47) are exact in a double
  const date = ((((((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 10 + mo0) * 10 + mo1) * 10 + d0) * 10 + d1;
  const time = ((((h0 * 10 + h1) * 10 + mi0) * 10 + mi1) * 10 + s0) * 10 + s1;
  return date * 1_000_000 + time;
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

const BSD_MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/**
 * A BSD syslog stamp `Mmm dd HH:MM:SS` (RFC 3164 4.1.2: local time, no year; the day is space-padded)
 * at `start` → unix ms, or NaN when there is no such stamp. The year is the one that puts the time no
 * later than a day after `referenceMs` (the file's modification time): a December line in a file
 * written in January belongs to the year before.
 */
export function bsdStampMs(text: string, start: number, referenceMs: number): number {
  if (text.length < start + 15) return NaN;
  const month = BSD_MONTHS.indexOf(text.slice(start, start + 3));
  if (month < 0 || month % 3 !== 0 || text.charCodeAt(start + 3) !== 32) return NaN;
  const d0 = text.charCodeAt(start + 4) === 32 ? 0 : text.charCodeAt(start + 4) - 48;
  const day = d0 * 10 + text.charCodeAt(start + 5) - 48;
  const h = twoDigits(text, start + 7);
  const mi = twoDigits(text, start + 10);
  const s = twoDigits(text, start + 13);
  if (d0 < 0 || d0 > 3 || day < 1 || day > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return NaN;
  if (text.charCodeAt(start + 9) !== 58 || text.charCodeAt(start + 12) !== 58) return NaN;
  const year = new Date(referenceMs).getFullYear();
  const ms = new Date(year, month / 3, day, h, mi, s).getTime();
  return ms > referenceMs + 86_400_000 ? new Date(year - 1, month / 3, day, h, mi, s).getTime() : ms;
}

/** Two digits at `at` → their value, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}
