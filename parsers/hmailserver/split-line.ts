// Cutting one hMailServer log line into its columns, without regexes and without allocating.
//
// Layout (formats.md §2.2, hmailserver Common/Application/Logger.cpp:62-197):
//   6 columns  "SMTPD"|"SMTPC"|"POP3D"|"POP3C"|"IMAPD" TAB thread TAB session TAB "time" TAB "remote ip" TAB "message"
//   4 columns  "APPLICATION"|"DEBUG"|"ERROR"|"TCPIP"   TAB thread TAB "time" TAB "message"
// Quotes inside a field are not escaped (`"RECEIVED: A001 LOGIN "user" ***"`), so this is not CSV: we
// cut at the first 5 (or 3) TABs and strip one quote at each end of a field. A TAB inside the message
// stays in the message. The time is local time without zone, `%d-%02d-%02d %02d:%02d:%02d.%03d`
// (Common/Util/Time.cpp:37-46).
import { parseLocalTimestamp } from '../../src/util/log-time.js';
import { hasAt } from '../../src/util/text-at.js';
import { MASKED_SESSION, maskedColumnEnd } from './masked-session.js';

export type Kind = 'SMTPD' | 'SMTPC' | 'POP3D' | 'POP3C' | 'IMAPD' | 'APPLICATION' | 'DEBUG' | 'ERROR' | 'TCPIP';

/** The columns of one line, as positions into the line text (filled in place, reused line after line). */
export interface LineFields {
  kind: Kind;
  /**
   * Session id (6-column kinds); -1 for the 4-column kinds, which have none; MASKED_SESSION when the
   * person who pasted the log hid it (masked-session.ts).
   */
  session: number;
  /** Unix ms of the time column. */
  time: number;
  /** Remote address inside its quotes: [ipStart, ipEnd); empty for 4-column kinds. */
  ipStart: number;
  ipEnd: number;
  /** Message inside its quotes: [msgStart, msgEnd). */
  msgStart: number;
  msgEnd: number;
  /**
   * False when the message has no closing quote. hMailServer replaces CRLF in a message by `[nl]` but
   * leaves a bare LF (or CR) alone (Logger.cpp:217-223), so such a message goes on in the next physical
   * line(s); a line cut by the reader's length limit looks the same.
   */
  terminated: boolean;
}

export function newLineFields(): LineFields {
  return { kind: 'SMTPD', session: -1, time: 0, ipStart: 0, ipEnd: 0, msgStart: 0, msgEnd: 0, terminated: true };
}

const QUOTE = 34;

/**
 * Fills `out` and returns true when `text` is a well-formed hMailServer line: known kind, numeric thread
 * (and session, or a masked one), a parseable time, quoted fields. Anything else returns false and leaves `out` undefined.
 */
export function splitLine(text: string, out: LineFields): boolean {
  if (text.charCodeAt(0) !== QUOTE) return false;
  const kind = kindAt(text);
  if (kind === null) return false;
  const sixColumns = hasSessionColumn(kind);
  let pos = kind.length + 3; // after `"KIND"<TAB>`

  const threadEnd = digitColumn(text, pos);
  if (threadEnd < 0) return false;
  pos = threadEnd + 1;

  let session = -1;
  if (sixColumns) {
    let sessionEnd = digitColumn(text, pos);
    if (sessionEnd >= 0) session = columnValue;
    else {
      // Only tried once the digits failed: real logs never get here.
      sessionEnd = maskedColumnEnd(text, pos);
      if (sessionEnd < 0) return false;
      session = MASKED_SESSION;
    }
    pos = sessionEnd + 1;
  }

  const timeEnd = text.indexOf('\t', pos);
  if (timeEnd < 0 || timeEnd - pos < 21 || text.charCodeAt(pos) !== QUOTE || text.charCodeAt(timeEnd - 1) !== QUOTE) return false;
  if (!timeAt(text, pos + 1)) return false;
  const time = timeRead[0]!;
  pos = timeEnd + 1;

  let ipStart = pos;
  let ipEnd = pos;
  if (sixColumns) {
    const ipFieldEnd = text.indexOf('\t', pos);
    if (ipFieldEnd < 0 || ipFieldEnd - pos < 2 || text.charCodeAt(pos) !== QUOTE || text.charCodeAt(ipFieldEnd - 1) !== QUOTE) return false;
    ipStart = pos + 1;
    ipEnd = ipFieldEnd - 1;
    pos = ipFieldEnd + 1;
  }

  if (text.charCodeAt(pos) !== QUOTE) return false;
  const len = text.length;
  const terminated = len - pos >= 2 && text.charCodeAt(len - 1) === QUOTE;
  out.kind = kind;
  out.session = session;
  out.time = time;
  out.ipStart = ipStart;
  out.ipEnd = ipEnd;
  out.msgStart = pos + 1;
  out.msgEnd = terminated ? len - 1 : len;
  out.terminated = terminated;
  return true;
}

/**
 * The kind named by the first column (`"SMTPD"<TAB>`...), or null. Told apart by the first letter and,
 * within S and P, by the fifth (D or C), so one literal is compared per line (hasAt: lines are slices).
 */
function kindAt(text: string): Kind | null {
  switch (text.charCodeAt(1)) {
    case 83: // S
      return text.charCodeAt(5) === 68 ? (hasAt(text, 'SMTPD"\t', 1) ? 'SMTPD' : null) : hasAt(text, 'SMTPC"\t', 1) ? 'SMTPC' : null;
    case 73: // I
      return hasAt(text, 'IMAPD"\t', 1) ? 'IMAPD' : null;
    case 80: // P
      return text.charCodeAt(5) === 68 ? (hasAt(text, 'POP3D"\t', 1) ? 'POP3D' : null) : hasAt(text, 'POP3C"\t', 1) ? 'POP3C' : null;
    case 65: // A
      return hasAt(text, 'APPLICATION"\t', 1) ? 'APPLICATION' : null;
    case 68: // D
      return hasAt(text, 'DEBUG"\t', 1) ? 'DEBUG' : null;
    case 69: // E
      return hasAt(text, 'ERROR"\t', 1) ? 'ERROR' : null;
    case 84: // T
      return hasAt(text, 'TCPIP"\t', 1) ? 'TCPIP' : null;
    default:
      return null;
  }
}

// Consecutive lines nearly always share their minute: compare the `YYYY-MM-DD HH:MM` prefix with the
// last one read and only add seconds and milliseconds, instead of slicing and looking it up every line.
// The compare is indexOf, after the minute's last digit (the character that changes when the minute
// does): on a slice of the read chunk, startsWith would cut a substring every line (text-at.ts).
let lastMinute = '';
let lastMinuteMs = 0;
let lastMinuteEnd = -1;

/**
 * The time read by the last timeAt() call. A function that returns a time (a number beyond the
 * small-integer range) hands it over as a new heap number when it is not inlined, one allocation per
 * line; a typed array slot holds it unboxed.
 */
const timeRead = new Float64Array(1);

/** Reads `YYYY-MM-DD HH:MM:SS.mmm` at `at` as unix ms (local time) into timeRead; false (NaN there) when it is none. */
function timeAt(text: string, at: number): boolean {
  if (text.charCodeAt(at + 15) === lastMinuteEnd && text.indexOf(lastMinute, at) === at && text.charCodeAt(at + 16) === 58 /* : */) {
    const s = twoDigits(text, at + 17);
    if (s >= 0 && s <= 60) {
      if (text.charCodeAt(at + 19) !== 46 /* . */) {
        timeRead[0] = lastMinuteMs + s * 1000;
        return true;
      }
      const a = text.charCodeAt(at + 20) - 48;
      const b = text.charCodeAt(at + 21) - 48;
      const c = text.charCodeAt(at + 22) - 48;
      if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9) {
        timeRead[0] = lastMinuteMs + s * 1000 + a * 100 + b * 10 + c;
        return true;
      }
    }
  }
  const ms = parseLocalTimestamp(text, at);
  timeRead[0] = ms;
  if (Number.isNaN(ms)) return false;
  lastMinute = (' ' + text.slice(at, at + 16)).slice(1); // a copy: a slice would pin the chunk of log
  lastMinuteMs = parseLocalTimestamp(lastMinute + ':00', 0);
  lastMinuteEnd = lastMinute.charCodeAt(15);
  return true;
}

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The value of the digits the last digitColumn() call read. */
let columnValue = 0;

/**
 * Where the TAB ending a column of 1-15 digits that starts at `pos` is, or -1 when anything else comes
 * before the first TAB. One pass that checks, reads (into columnValue) and finds the end.
 */
function digitColumn(text: string, pos: number): number {
  const len = text.length;
  let n = 0;
  let i = pos;
  while (i < len && i - pos <= 15) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    i++;
  }
  if (i === pos || i - pos > 15 || i >= len || text.charCodeAt(i) !== 9) return -1;
  columnValue = n;
  return i;
}

/** The protocol kinds carry a session id and the remote address; the others do not (Logger.cpp). */
export function hasSessionColumn(kind: Kind): boolean {
  return kind === 'SMTPD' || kind === 'SMTPC' || kind === 'IMAPD' || kind === 'POP3D' || kind === 'POP3C';
}

const scratch = newLineFields();

/** Is this text a well-formed hMailServer line (for format detection)? */
export function looksLikeHmailLine(text: string): boolean {
  return splitLine(text, scratch);
}
