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
// prefix: other debug lines (SMTP dialogue, routing traces) are not log entries. log_write() hands the
// `LOG:` line and its entry to one debug_printf(), one write(), so nothing of the same process comes
// between them; `docker compose logs` of several services, though, prints each container's lines as
// they come, and another service's line can land between the two: only a line with the same prefix
// ends the wait for an entry.
//
// With the `timestamp` debug selector (`-d+timestamp`, or `-d+all`) debug_printf() writes the time of
// day (`HH:MM:SS `, `HH:MM:SS.mmm ` with log_selector +millisec) before the pid: read and set aside
// (no date, so no time for the entry).
//
// With `-d` (its `receive` selector) receive.c prints the headers of each message as received, after
// `>>Headers received:`, each with debug_printf() (which puts the prefix before every line of a folded
// header), then an empty line. A sender's folded header `LOG: MAIN REJECT` + a line starting with two
// spaces would read as a `LOG:` line and its entry: such a block is content up to its empty line.

/** Characters of a `LOG:` line after its prefix: `LOG:` then space-separated selector and log names. */
const MAX_HEADER = 120;

/** What comes before `LOG:` or before an entry's two spaces. */
interface Lead {
  /** The service name and the pid, as written: the same on a `LOG:` line and on its entry. */
  key: string;
  /** Whether the key has a pid (else lines of the same service carry no pid, continuation lines neither). */
  pid: boolean;
  /** Index after the service name and the docker time: where Exim's own output starts. */
  exim: number;
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
  return lead ? headerKey(text, lead) : null;
}

/** debugLogHeader() for a line whose lead is read already. */
function headerKey(text: string, lead: Lead): string | null {
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
  return lead && lead.key === prefix ? entryOf(text, lead) : null;
}

/**
 * The entry on a line whose lead is read already (and matches its `LOG:` line's), else null. `next`:
 * the line comes right after its `LOG:` line, where a copy that collapsed runs of spaces (a web archive
 * of a mailing list: `9084 LOG: MAIN REJECT` + `9084 lookup_login authenticator failed for ...`, exim
 * 4.60 on exim-users, lists.gt.net/exim/users/57020) is read too: log_write() prints the `LOG:` line and
 * its entry with one debug_printf(), so the next line of the same prefix is that entry.
 */
function entryOf(text: string, lead: Lead, next = false): DebugEntry | null {
  const at = lead.end;
  if (text.charCodeAt(at) !== 32 || text.charCodeAt(at + 1) !== 32) {
    if (!next || !lead.pid || text.charCodeAt(at - 1) !== 32) return null;
    const c = text.charCodeAt(at);
    return Number.isNaN(c) || c === 32 ? null : { body: at, time: lead.time };
  }
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
  const exim = i;
  i = debugTimeEnd(text, i);
  const pidFrom = i;
  while (text.charCodeAt(i) === 32) i++;
  const digitsFrom = i;
  while (isDigit(text.charCodeAt(i))) i++;
  let pid = false;
  if (i > digitsFrom) {
    // a pid: at most 10 digits, then one space (gone at the end of a line a copy trimmed)
    if (i - digitsFrom > 10) return null;
    if (text.charCodeAt(i) === 32) i++;
    else if (i !== text.length) return null;
    pid = true;
  } else i = pidFrom; // no pid: the spaces belong to what follows
  return { key: text.slice(0, composeEnd) + text.slice(pidFrom, i).trimEnd(), pid, exim, time, end: i };
}

/** Index after the `HH:MM:SS ` or `HH:MM:SS.mmm ` of the timestamp debug selector at `at`, else `at`. */
function debugTimeEnd(text: string, at: number): number {
  if (text.charCodeAt(at + 2) !== 58 || text.charCodeAt(at + 5) !== 58) return at;
  for (const k of [0, 1, 3, 4, 6, 7]) if (!isDigit(text.charCodeAt(at + k))) return at;
  let i = at + 8;
  if (text.charCodeAt(i) === 46) {
    for (const k of [1, 2, 3]) if (!isDigit(text.charCodeAt(i + k))) return at;
    i += 4;
  }
  return text.charCodeAt(i) === 32 ? i + 1 : at;
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

/** Lines a `LOG:` line waits for its entry while other services' lines come between them. */
const ENTRY_WINDOW = 20;
/** Processes followed at once (LOG: lines awaiting their entry, header blocks open). */
const MAX_KEYS = 256;

/** What a line of debug output is: a `LOG:` line, an entry, a line of header text, or none of those. */
export type DebugLine = 'log' | 'content' | DebugEntry | null;

/**
 * Follows debug output line by line: which `LOG:` lines await their entry, and which processes are
 * printing the header lines of a message (`>>Headers received:` up to an empty line), per prefix.
 */
export class DebugOutputReader {
  /** Prefix → line number of its `LOG:` line. */
  private readonly pending = new Map<string, number>();
  /** Prefix → whether it has a pid, for each process printing received header lines. */
  private readonly headers = new Map<string, boolean>();

  /** Whether some line's meaning depends on the lines before it. */
  get active(): boolean {
    return this.pending.size > 0 || this.headers.size > 0;
  }

  /** Forgets everything: a line with Exim's own time stamp is no debug output. */
  reset(): void {
    if (this.pending.size > 0) this.pending.clear();
    if (this.headers.size > 0) this.headers.clear();
  }

  /**
   * Whether `text`, which reads as a timed Exim line, may be a line of debug output instead (`docker
   * logs -t` times look like rsyslog's RFC 3339 stamps). Cheap for a line that is neither.
   */
  claims(text: string): boolean {
    if (!this.active) {
      if (text.includes(' LOG: ')) return debugLogHeader(text) !== null;
      return isHeadersReceived(text);
    }
    const lead = readLead(text);
    return lead !== null && lead.time !== null;
  }

  /** What line `number`, `text`, is in the debug output. */
  read(text: string, number: number): DebugLine {
    if (!this.active && !text.includes('LOG:') && !text.includes('>>Headers received:')) return null;
    const lead = readLead(text);
    if (!lead) return null;
    if (this.headers.size > 0) {
      const content = this.headerLine(text, lead);
      if (content) return 'content';
    }
    const at = this.pending.get(lead.key);
    if (at !== undefined) {
      this.pending.delete(lead.key);
      if (number - at <= ENTRY_WINDOW) {
        const entry = entryOf(text, lead, number - at === 1);
        if (entry) return entry;
      }
    }
    if (text.startsWith('LOG: ', lead.end) && headerKey(text, lead) !== null) {
      remember(this.pending, lead.key, number);
      return 'log';
    }
    if (text.length === lead.end + 19 && text.startsWith('>>Headers received:', lead.end)) {
      remember(this.headers, lead.key, lead.pid);
      return 'content';
    }
    return null;
  }

  /** Whether the line is header text of a block its process opened (the empty line closing it too). */
  private headerLine(text: string, lead: Lead): boolean {
    let key = lead.key;
    let from = lead.end;
    if (this.headers.get(key) !== true) {
      // without a pid the lines of a folded header carry no prefix of Exim's: all of the service's lines
      key = text.slice(0, composePrefixEnd(text));
      if (this.headers.get(key) !== false) return false;
      from = debugTimeEnd(text, lead.exim);
    }
    if (from === text.length) {
      this.headers.delete(key); // the empty line after the headers
      return true;
    }
    if (isHeaderText(text, from)) return true;
    this.headers.delete(key); // some other debug line: the block has ended
    return false;
  }
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  if (map.size >= MAX_KEYS) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

function isHeadersReceived(text: string): boolean {
  const lead = text.includes('>>Headers received:') ? readLead(text) : null;
  return lead !== null && text.length === lead.end + 19 && text.startsWith('>>Headers received:', lead.end);
}

/** A header's first line (`Name:`, the name printable without spaces) or a folded line (leading white space). */
function isHeaderText(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 32 || c === 9) return true;
  let i = at;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === 58) return i > at;
    if (d <= 32 || d > 126) return false;
    i++;
  }
  return false;
}
