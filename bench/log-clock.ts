// Time in the generated logs. It advances with the bytes written, so a file of a tenth of the size covers
// a tenth of the time at the same traffic (like the first hours of the same host), and the per-hour
// aggregates maillens keeps grow in proportion to the input, as they would on a real log.

/** Monday 3 March 2025, 00:00:07: a fixed start, so the files do not depend on when they were made. */
export const LOG_START_MS = Date.UTC(2025, 2, 3, 0, 0, 7);

/** A busy host: 200 MiB of each log every three days. */
const MS_PER_BYTE = (3 * 24 * 3600 * 1000) / (200 * 1024 * 1024);

export function logTimeAt(bytesWritten: number): number {
  return LOG_START_MS + Math.floor(bytesWritten * MS_PER_BYTE);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const p2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const p3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

// The times are written as the host's wall clock; we compute them in UTC fields so that the bytes do
// not depend on the time zone of the machine that generates them.

/** Exim (tod.c tod_log_bare): `2025-03-03 00:00:07`. PHPMailer echo mode (gmdate('Y-m-d H:i:s')) is the same. */
export function isoSeconds(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** hMailServer (Time::GetCurrentDateTimeWithMilliseconds): `2025-03-03 00:00:07.123`. */
export function isoMillis(ms: number): string {
  return `${isoSeconds(ms)}.${p3(((ms % 1000) + 1000) % 1000)}`;
}

/** PHP's error_log prefix date: `03-Mar-2025 00:00:07 UTC`. */
export function phpErrorLogTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`;
}

/** RFC 5322 Date header: `Mon, 3 Mar 2025 00:00:07 +0000`. */
export function rfc5322(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}
