// The wrappers other software puts around PHPMailer's lines when they land in a log file instead of a
// web page: Debugoutput 'error_log' (formats.md §3.2: no PHPMailer timestamp, PHP adds its own prefix),
// or an application logging $mail->ErrorInfo. We take the time from the wrapper and hand back the rest.
//
// Recognised (each anchored at the start of the line, linear-time patterns only):
// - PHP's own error_log file: `[22-Nov-2024 11:19:00 UTC] ` (php main.c writes "d-M-Y H:i:s e"; the
//   zone is the configured date.timezone: `UTC`, an IANA name like `Europe/Berlin`; none in old PHP);
// - Apache httpd 2.4: `[Fri Oct 29 16:59:27.243554 2021] [php7:notice] [pid 1723664] [client 10.8.1.6:60850] `
//   (corpus phpmailer-real.log line 96) and 2.2: `[Fri Oct 29 16:59:27 2021] [error] [client 10.8.1.6] `;
//   Apache appends `, referer: <url>` to messages of a request that had one;
// - nginx: `2024/11/22 11:19:00 [error] 1234#0: *5 FastCGI sent in stderr: "PHP message: ..." while ...`;
// - bracketed ISO stamps: `[2015-10-27 17:14:16]` (MODX, corpus line 97), Monolog/Laravel
//   `[2024-11-22 11:19:00] app.ERROR: ` or `[2024-11-22T11:19:00.123456+00:00] app.DEBUG: ... [] []`
//   (a PSR-3 logger given to PHPMailer as Debugoutput).
// - a row of an SQL dump of the application's own log table (mysqldump/phpMyAdmin write one row per line
//   of an INSERT: `(196, 1, 95, 'send_email', 'failed', '<ErrorInfo>', '2026-01-10 07:55:03'),`): each row
//   is a record of its own, its time the last `'YYYY-MM-DD HH:MM:SS'` value (the row's created_at);
//   dumps with one INSERT a row (mysqldump --skip-extended-insert, PHP dumpers) start each row with
//   `INSERT INTO `table` VALUES(` or `INSERT INTO `table` SET `id` = '10' ,`, which is the same record.
// Zone-less wall-clock times are read as local time like every other log (src/util/log-time.ts).
import { parseLocalTimestamp, parseTimestampWithOffset } from '../../src/util/log-time.js';
import { codeAt } from './code-at.js';

export interface OuterPrefix {
  /** Unix ms, or null when the stamp could not be read. */
  time: number | null;
  /** The message after the prefix. */
  rest: string;
  /** Further records on the same line, after this one (the other rows of a multi-row SQL INSERT). */
  more?: OuterPrefix[];
}

const MONTHS: Record<string, string> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06',
  Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

const PHP_ERROR_LOG = /^\[(\d{1,2})-([A-Z][a-z]{2})-(\d{4}) (\d\d:\d\d:\d\d)(?: ([A-Za-z][\w/+-]{0,40}))?\] ?/;
const APACHE = /^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d)(\.\d{1,6})? (\d{4})\] ?/;
// Apache 2.4 `[module:level]`, `[pid N:tid N]`, `[client ip:port]`, `[remote ...]`; 2.2 `[error]`.
const APACHE_FIELD = /^\[(?:[\w-]*:\w+|pid [\w: ]{1,40}|client [^\]]{1,80}|remote [^\]]{1,80}|emerg|alert|crit|error|warn|notice|info|debug)\] ?/;
const APACHE_AH = /^AH\d{5}: /;
const NGINX = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d) \[\w+\] \d+#\d+: (?:\*\d+ )?/;
const BRACKET_ISO = /^\[(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)(\.\d{1,6})?(Z|[+-]\d\d:?\d\d)?\] ?/;
const MONOLOG_LEVEL = /^[\w.-]{1,40}\.(?:DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY): /;
// The row's first value is its numeric id, the next a number or a quoted string.
const SQL_ROW = /^\(\d{1,19}, (?=['\d])/;
// The same row as a statement of its own, its values quoted or not (`INSERT INTO `t` VALUES('10','a@x',`),
// or MySQL's SET form that some PHP dumpers write (`INSERT INTO `t` SET `id` = '10' ,`).
const SQL_INSERT_ROW = /^INSERT INTO [`"]?\w{1,64}[`"]?(?: \([^)]{0,2000}\))? (?:VALUES ?\('?\d{1,19}'?, ?(?=['\d])|SET [`"]?\w{1,64}[`"]? = '?\d{1,19}'? ?,)/;
const SQL_STAMP = "'dddd-dd-dd dd:dd:dd'";

/** The wrapper at the start of `line`, or null when the line has none of the known prefixes. */
export function stripOuterPrefix(line: string): OuterPrefix | null {
  const c0 = line.charCodeAt(0);
  if (c0 === 91 /* [ */) {
    const c1 = codeAt(line, 1);
    if (c1 >= 48 && c1 <= 57) {
      if (codeAt(line, 3) === 45 || codeAt(line, 2) === 45) return phpErrorLog(line);
      return bracketIso(line);
    }
    return apache(line);
  }
  if (c0 >= 48 && c0 <= 57 && codeAt(line, 4) === 47 /* / */) return nginx(line);
  if (c0 === 40 /* ( */) return sqlRow(line, SQL_ROW);
  if (c0 === 73 /* I */) return sqlRow(line, SQL_INSERT_ROW);
  return null;
}

function sqlRow(line: string, row: RegExp): OuterPrefix | null {
  const m = row.exec(line);
  if (!m) return null;
  const start = m[0].length;
  // mysqldump's default (extended insert) writes all rows of a table on one line, `VALUES (1,...),(2,...);`:
  // each row is still a record of its own.
  if (!line.includes('),(', start) && !line.includes('), (', start)) return rowRecord(line.slice(start));
  const rows = splitRows(line, start);
  const first = rowRecord(rows[0]!);
  if (rows.length > 1) first.more = rows.slice(1).map(rowRecord);
  return first;
}

/** A row's message and time, `row` starting at its first value read. */
function rowRecord(row: string): OuterPrefix {
  const rest = unescapeRow(row.slice(0, rowEnd(row)));
  // The last stamp of the row, found from its end: a row holds a few values after the message at most.
  for (let at = row.lastIndexOf("'"); at >= SQL_STAMP.length - 1; at = row.lastIndexOf("'", at - 1)) {
    const from = at - SQL_STAMP.length + 1;
    if (isSqlStamp(row, from)) {
      const time = parseLocalTimestamp(row.slice(from + 1, at));
      return { time: Number.isNaN(time) ? null : time, rest };
    }
  }
  return { time: null, rest };
}

/**
 * The rows of a multi-row INSERT line, each up to its `),` and the next from after its `(`: a `)` followed
 * by `,` and `(` outside the quoted values (a backslash escapes the next character inside them; a doubled
 * quote leaves and re-enters the value).
 */
function splitRows(line: string, start: number): string[] {
  const rows: string[] = [];
  let from = start;
  let quoted = false;
  for (let i = start; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quoted) {
      if (c === 92 /* \ */) i++;
      else if (c === 39 /* ' */) quoted = false;
    } else if (c === 39) {
      quoted = true;
    } else if (c === 41 /* ) */ && line.charCodeAt(i + 1) === 44 /* , */) {
      const next = line.charCodeAt(i + 2) === 32 ? i + 3 : i + 2;
      if (line.charCodeAt(next) === 40 /* ( */) {
        rows.push(line.slice(from, i + 2));
        from = next + 1;
        i = next;
      }
    }
  }
  rows.push(line.slice(from));
  return rows;
}

/**
 * Where the message of a row ends: at the quote closing its string value when only the row's bookkeeping
 * follows it (stamps, numbers, NULL, as values or `col` = value, then the row's `)`, `),`, `);` or `;`).
 * Left on, that tail would become the end of the event's text (`Could not authenticate.', '2026-01-10
 * 07:55:03'),`), different in every row. A row whose string goes on to the next line keeps its end.
 */
const SQL_ROW_TAIL = /'(?: ?, ?(?:[`"]\w{1,64}[`"] ?= ?)?(?:'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'|'-?\d{1,19}'|-?\d{1,19}|NULL))* ?(?:\) ?[;,]?|;)$/;

function rowEnd(row: string): number {
  // The tail is short: a look at the row's last characters only.
  const from = Math.max(0, row.length - 400);
  const m = SQL_ROW_TAIL.exec(from === 0 ? row : row.slice(from));
  return m !== null ? from + m.index : row.length;
}

/**
 * The row's values as the application stored them: the dump writes a line break of the ErrorInfo (the
 * CRLF ending a reply) as the two characters `\r\n`, a quote as `\'`. A break reads as a space,
 * like a reply's line break anywhere else on one line; left escaped it ended the event's text
 * (`Disabled by user\r\n`).
 */
const SQL_ESCAPE = /\\(?:[rnt]|(['"\\]))/g;

function unescapeRow(rest: string): string {
  return rest.includes('\\') ? rest.replace(SQL_ESCAPE, (_, kept: string | undefined) => kept ?? ' ') : rest;
}

/** `'YYYY-MM-DD HH:MM:SS'` at `at` (SQL_STAMP's shape, d for a digit). */
function isSqlStamp(line: string, at: number): boolean {
  if (at < 0) return false;
  for (let i = 0; i < SQL_STAMP.length; i++) {
    const want = SQL_STAMP.charCodeAt(i);
    const c = line.charCodeAt(at + i);
    if (want === 100 /* d */ ? !(c >= 48 && c <= 57) : c !== want) return false;
  }
  return true;
}

function phpErrorLog(line: string): OuterPrefix | null {
  const m = PHP_ERROR_LOG.exec(line);
  if (!m) return null;
  const month = MONTHS[m[2]!];
  if (!month) return null;
  const stamp = `${m[3]}-${month}-${m[1]!.padStart(2, '0')} ${m[4]}`;
  return { time: zonedTime(stamp, m[5] ?? null), rest: line.slice(m[0].length) };
}

function apache(line: string): OuterPrefix | null {
  const m = APACHE.exec(line);
  if (!m) return null;
  const month = MONTHS[m[1]!];
  if (!month) return null;
  const ms = m[4] ? `.${m[4].slice(1, 4).padEnd(3, '0')}` : '';
  const time = parseLocalTimestamp(`${m[5]}-${month}-${m[2]!.padStart(2, '0')} ${m[3]}${ms}`);
  let rest = line.slice(m[0].length);
  for (let i = 0; i < 6; i++) {
    const f = APACHE_FIELD.exec(rest);
    if (!f) break;
    rest = rest.slice(f[0].length);
  }
  const ah = APACHE_AH.exec(rest);
  if (ah) rest = rest.slice(ah[0].length);
  const referer = rest.lastIndexOf(', referer: ');
  if (referer > 0) rest = rest.slice(0, referer);
  // an empty referer (the URL cut away when the line was copied) leaves the bare label at the end
  else if (rest.trimEnd().endsWith(', referer:')) rest = rest.trimEnd().slice(0, -10);
  return { time: Number.isNaN(time) ? null : time, rest };
}

function nginx(line: string): OuterPrefix | null {
  const m = NGINX.exec(line);
  if (!m) return null;
  const time = parseLocalTimestamp(`${m[1]}-${m[2]}-${m[3]} ${m[4]}`);
  let rest = line.slice(m[0].length);
  // PHP-FPM's stderr relayed by nginx: `FastCGI sent in stderr: "PHP message: <msg>" while reading
  // response header from upstream, client: ...`; the message is what is between the quotes.
  const stderr = 'FastCGI sent in stderr: "';
  if (rest.startsWith(stderr)) {
    rest = rest.slice(stderr.length);
    const end = rest.lastIndexOf('" while ');
    if (end >= 0) rest = rest.slice(0, end);
    if (rest.startsWith('PHP message: ')) rest = rest.slice(13);
  }
  return { time: Number.isNaN(time) ? null : time, rest };
}

function bracketIso(line: string): OuterPrefix | null {
  const m = BRACKET_ISO.exec(line);
  if (!m) return null;
  const stamp = m[1]! + (m[2] ? m[2].slice(0, 4) : '');
  let time: number;
  if (m[3]) {
    const offset = m[3] === 'Z' ? 0 : isoOffsetMinutes(m[3]);
    time = parseTimestampWithOffset(stamp, 0, offset);
  } else {
    time = parseLocalTimestamp(stamp);
  }
  let rest = line.slice(m[0].length);
  const level = MONOLOG_LEVEL.exec(rest);
  if (level) {
    rest = rest.slice(level[0].length);
    // Monolog's LineFormatter writes the (empty) context and extra arrays after the message.
    if (rest.endsWith(' [] []')) rest = rest.slice(0, -6);
  }
  return { time: Number.isNaN(time) ? null : time, rest };
}

function isoOffsetMinutes(zone: string): number {
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** `YYYY-MM-DD HH:MM:SS` in the PHP zone `zone` (null: local time) → unix ms, or null. */
function zonedTime(stamp: string, zone: string | null): number | null {
  if (zone === null) return finite(parseLocalTimestamp(stamp));
  if (zone === 'UTC' || zone === 'GMT' || zone === 'Z' || zone === 'Etc/UTC' || zone === 'Universal') {
    return finite(parseTimestampWithOffset(stamp, 0, 0));
  }
  const asUtc = parseTimestampWithOffset(stamp, 0, 0);
  if (Number.isNaN(asUtc)) return null;
  // The offset at the guessed instant, then once more at the corrected one (DST changes in between).
  const first = zoneOffsetMinutes(zone, asUtc);
  if (first === null) return finite(parseLocalTimestamp(stamp)); // an abbreviation like CET: best effort
  const guess = asUtc - first * 60_000;
  const second = zoneOffsetMinutes(zone, guess) ?? first;
  return asUtc - second * 60_000;
}

function finite(n: number): number | null {
  return Number.isNaN(n) ? null : n;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const offsets = new Map<string, number>();

/** Minutes east of UTC of the IANA zone at `instant`, or null when the name is not a zone Intl knows. */
function zoneOffsetMinutes(zone: string, instant: number): number | null {
  const hourKey = `${zone}@${Math.floor(instant / 3_600_000)}`;
  const cached = offsets.get(hourKey);
  if (cached !== undefined) return cached;
  let fmt = formatters.get(zone);
  if (fmt === undefined) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      fmt = null; // not a zone name (RangeError)
    }
    if (formatters.size > 64) formatters.clear();
    formatters.set(zone, fmt);
  }
  if (fmt === null) return null;
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const minutes = Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
  if (offsets.size > 4096) offsets.clear();
  offsets.set(hourKey, minutes);
  return minutes;
}
