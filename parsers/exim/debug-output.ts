// Exim's log lines as its debug output shows them: what `docker logs` gives for the many Exim images
// that run the daemon in the foreground with `-v` or `-d` (appwrite/docker-smtp#9, namshi/docker-smtp#70).
//
// With any debugging on, log_write() (src/src/log.c) first prints each entry through debug_printf():
// `LOG:`, the names of a log selector that was passed (` lost_incoming_connection`, ` queue_run`...),
// the logs written to (` MAIN`, ` PANIC`, ` DIE`, ` REJECT`), a newline, two spaces and the entry's
// text. That copy has no timestamp, no pid field and no message id (log.c adds those only for the real
// log line), and never the rejectlog's header lines. debug_printf() puts the same prefix before each
// line, the process id right-aligned in five columns when the `pid` debug selector is on:
//
//       9 LOG: MAIN REJECT
//       9   H=(localhost) [172.22.0.1] F=<a@example.com> rejected RCPT <b@example.net>: relay not permitted
//
// Docker may add its own lead before each line: `docker compose logs` the service name
// (`mail_1        | `), `docker logs -t` an RFC 3339 time (`2021-05-07T10:00:00.123456789Z `), which then
// is the entry's time. An entry is read only as the line right after its own `LOG:` line with the same
// prefix: other debug lines (SMTP dialogue, routing traces) are not log entries.

/** Characters of a `LOG:` line after its prefix: `LOG:` then space-separated selector and log names. */
const MAX_HEADER = 120;

/** What comes before `LOG:` or before an entry's two spaces. */
interface Lead {
  /** The service name and the pid, as written: the same on a `LOG:` line and on its entry. */
  key: string;
  /** Unix ms of a `docker logs -t` time, or null. */
  time: number | null;
  /** Index after the lead. */
  end: number;
}

/**
 * The debug prefix (the pid, with docker-compose's `service_1  | ` before it if there is one; `""`
 * without either) when `text` is the `LOG:` line that debug output writes before an entry, else null.
 */
export function debugLogHeader(text: string): string | null {
  const lead = readLead(text);
  if (!lead) return null;
  const i = lead.end;
  if (!text.startsWith('LOG: ', i) || text.length - i > MAX_HEADER) return null;
  let logs = 0;
  for (const word of text.slice(i + 5).split(' ')) {
    if (word === 'MAIN' || word === 'PANIC' || word === 'DIE' || word === 'REJECT') logs++;
    else if (!/^[a-z_]+$/.test(word)) return null;
  }
  // every entry goes to at least one log (log_write refuses a call without one)
  return logs > 0 ? lead.key : null;
}

/** Where an entry's text starts, and its docker time, when `text` is the entry after a `LOG:` line. */
export interface DebugEntry {
  body: number;
  time: number | null;
}

/** The entry on `text` when it is `prefix` (what debugLogHeader gave) + two spaces + a text, else null. */
export function debugLogBody(text: string, prefix: string): DebugEntry | null {
  const lead = readLead(text);
  if (!lead || lead.key !== prefix) return null;
  const at = lead.end;
  if (text.charCodeAt(at) !== 32 || text.charCodeAt(at + 1) !== 32) return null;
  const c = text.charCodeAt(at + 2);
  return Number.isNaN(c) || c === 32 ? null : { body: at + 2, time: lead.time };
}

/** Reads `[service | ][RFC 3339 time ][spaces pid ]` from the start of a line; null when malformed. */
function readLead(text: string): Lead | null {
  const composeEnd = composePrefixEnd(text);
  let i = composeEnd;
  let time: number | null = null;
  const stampEnd = dockerStampEnd(text, i);
  if (stampEnd > 0) {
    time = Date.parse(text.slice(i, stampEnd - 1));
    if (Number.isNaN(time)) return null;
    i = stampEnd;
  }
  const pidFrom = i;
  while (text.charCodeAt(i) === 32) i++;
  const digitsFrom = i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i > digitsFrom) {
    // a pid: at most 10 digits, then one space
    if (i - digitsFrom > 10 || text.charCodeAt(i) !== 32) return null;
    i++;
  } else i = pidFrom; // no pid: the spaces belong to what follows
  return { key: text.slice(0, composeEnd) + text.slice(pidFrom, i), time, end: i };
}

/**
 * Length of the `service_1    | ` that `docker-compose logs` puts before each line of a container's
 * output (tianon/dockerfiles#116: `mail_1        |   273 LOG: MAIN`), or 0.
 */
function composePrefixEnd(text: string): number {
  const bar = text.indexOf(' | ');
  if (bar <= 0 || bar > 80) return 0;
  let i = 0;
  while (i < bar && isNameChar(text.charCodeAt(i))) i++;
  if (i === 0) return 0;
  while (i < bar && text.charCodeAt(i) === 32) i++;
  return i === bar ? bar + 3 : 0;
}

/**
 * Index after `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM) ` at `at` (the time `docker logs -t` writes),
 * or -1.
 */
function dockerStampEnd(text: string, at: number): number {
  if (!isDigit(text.charCodeAt(at)) || text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 10) !== 84) return -1;
  for (const k of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!isDigit(text.charCodeAt(at + k))) return -1;
  if (text.charCodeAt(at + 7) !== 45 || text.charCodeAt(at + 13) !== 58 || text.charCodeAt(at + 16) !== 58) return -1;
  let i = at + 19;
  if (text.charCodeAt(i) === 46) {
    i++;
    const from = i;
    while (isDigit(text.charCodeAt(i))) i++;
    if (i === from || i - from > 9) return -1;
  }
  if (text.charCodeAt(i) === 90) i++;
  else if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) {
    if (!isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2)) || text.charCodeAt(i + 3) !== 58) return -1;
    i += 6;
  } else return -1;
  return text.charCodeAt(i) === 32 ? i + 1 : -1;
}

function isNameChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
