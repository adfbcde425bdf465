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
// An entry is read only as the line right after its own `LOG:` line with the same prefix: other debug
// lines (SMTP dialogue, routing traces) are not log entries.

/** Characters of a `LOG:` line after its prefix: `LOG:` then space-separated selector and log names. */
const MAX_HEADER = 120;

/**
 * The debug prefix (`"    9 "`, `""` without the pid, with docker-compose's `service_1  | ` before
 * it if there is one) when `text` is the `LOG:` line that debug output writes before an entry, else null.
 */
export function debugLogHeader(text: string): string | null {
  let i = composePrefixEnd(text);
  const lead = i;
  while (text.charCodeAt(i) === 32) i++;
  const digitsFrom = i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i > digitsFrom) {
    // a pid: at most 10 digits, then one space
    if (i - digitsFrom > 10 || text.charCodeAt(i) !== 32) return null;
    i++;
  } else if (i > lead) return null; // spaces with no pid after them
  if (!text.startsWith('LOG:', i)) return null;
  const rest = text.length - (i + 4);
  if (rest > MAX_HEADER) return null;
  let logs = 0;
  for (const word of text.slice(i + 4).split(' ').slice(1)) {
    if (word === 'MAIN' || word === 'PANIC' || word === 'DIE' || word === 'REJECT') logs++;
    else if (!/^[a-z_]+$/.test(word)) return null;
  }
  // every entry goes to at least one log (log_write refuses a call without one)
  if (logs === 0 || text.charCodeAt(i + 4) !== 32) return null;
  return text.slice(0, i);
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

function isNameChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95;
}

/** Index where the entry's text starts when `text` is `prefix` + two spaces + a text, else -1. */
export function debugLogBody(text: string, prefix: string): number {
  const at = prefix.length;
  if (!text.startsWith(prefix) || text.charCodeAt(at) !== 32 || text.charCodeAt(at + 1) !== 32) return -1;
  const c = text.charCodeAt(at + 2);
  return Number.isNaN(c) || c === 32 ? -1 : at + 2;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
