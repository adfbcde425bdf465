// The common prefix of every Exim log line, read with character checks only (it runs on every line).
//
// Layout (exim src/src/log.c, formats.md 1.1): `YYYY-MM-DD HH:MM:SS[.mmm][ +hhmm] [[pid] ][<msgid> ]text`.
// The message id is either the pre-4.97 form 6-6-2 (`1rPABC-0001Ab-Cd`) or the 4.97+ form 6-11-4
// (`16VDhn-000000001bo-D342`); lines about a connection rather than a message have none.
// Exim logging through syslog arrives wrapped (corpus exim-real.log lines 8, 15, 37, 74):
//   `Apr 28 15:53:37 server exim[12105]: 2016-04-28 15:53:37 [12105] 1avnJx-00039F-Hs <= ...`
//   `2019-10-22 03:39:17 mx1.fqdn.local exim[29786]: dovecot_login authenticator failed ...`
//   `mail.example.com exim[3751842]: 2021-07-17 23:20:49 plain_server authenticator failed ...`
//   `exim[14700]: 2006-11-21 15:01:33 1Glsgv-0002wv-00 SMTP error ...` (program + message only, as
//   OSSEC and some syslog templates print it; exim-mainlog.samples.log)
//   `Mar 25 19:55:13 matrix matrix-exim-relay[12883]: 2026-03-25 18:55:13 1w5TNp-...` (a packaged Exim
//   logs under its unit's or container's identifier: any tag whose name contains `exim`)
//   `Dec  3 14:31:07 pegasus splogger[32130]: 1VnnFx-0008Lk-Gt => ...` (Exim's log piped into qmail's
//   splogger: no Exim stamp; only lines with a message id are taken, as splogger carries qmail's too)
// The wrapper is stripped; Exim's own timestamp wins when both are present.
// Exim splits what it sends to syslog (log.c, spec "Logging to syslog"): a line longer than 870
// characters, or a rejectlog entry with its header lines, goes out in pieces each led by `[n/m] `
// (length split) or `[n\m] ` (newline split). The first piece starts the entry; the others are its
// continuation (`piece` > 1).
import { flat } from '../../src/util/flat.js';
import { bsdStampMs, parseZoneOffset, stampDigits, stampMs } from '../../src/util/log-time.js';

export interface EximPrefix {
  /** Unix ms, or null when no usable timestamp is on the line. */
  time: number | null;
  /** Index of Exim's timestamp in the line (the start of the text both logs share), or -1. */
  stampAt: number;
  /**
   * Index of the `YYYY-MM-DD HH:MM:SS` that gives the line its time (twin keys count per second), or
   * -1. An index, not a slice: only rejections need the text, and most lines are no rejection.
   */
  secondAt: number;
  /**
   * The same second as a number, for comparing seconds without cutting text: the stamp's 14 digits
   * read as one number (YYYYMMDDHHMMSS) times two, plus one when a `T` separates date and time, so
   * two keys are equal exactly when the two stamps' 19 characters are; -1 when there is no stamp.
   */
  secondKey: number;
  messageId: string | null;
  /** Index where the log text proper starts (after timestamp, pid and message id). */
  body: number;
  /** Index right after the syslog wrapper (0 when there is none). */
  unwrapped: number;
  /** Syslog piece number `[n/m]` (1 = first piece), or 0 when the line is not split. */
  piece: number;
}

/** True when `YYYY-MM-DD HH:MM:SS` (digits and separators) starts at `at`. */
export function isStampAt(text: string, at: number): boolean {
  return stampDigits(text, at) >= 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Negative when `c` is not the code of 0-9, else >= 0 (c must be a character code, not NaN). */
function notDigit(c: number): number {
  return (c - 48) | (57 - c);
}

/**
 * Negative when `c` is not the code of a letter or digit, else >= 0 (c must be a character code).
 * Branch-free: message ids mix digits and letters at random, and a branch per character mispredicts
 * (this was the costliest part of the prefix on a mainlog). `c | 32` maps A-Z onto a-z.
 */
function notAlnum(c: number): number {
  const lower = c | 32;
  return ((lower - 97) | (122 - lower)) & notDigit(c);
}

/** Length of an Exim message id starting at `at` (followed by a space or the end), or 0. */
export function messageIdLength(text: string, at: number): number {
  // pre-4.97: 6-6-2; 4.97+: 6-11-4 (spec.xfpt "Message identification", ChangeLog 4.97 JH/29).
  // The dashes first: they turn away lines without an id at once and tell the two forms apart.
  if (text.charCodeAt(at + 6) !== 45) return 0;
  let len: number;
  if (text.charCodeAt(at + 13) === 45) len = 16;
  else if (text.charCodeAt(at + 18) === 45) len = 23;
  else return 0;
  if (text.length < at + len) return 0;
  const dash2 = len === 16 ? 13 : 18;
  let bad = 0;
  for (let i = 0; i < len; i++) if (i !== 6 && i !== dash2) bad |= notAlnum(text.charCodeAt(at + i));
  if (bad < 0) return 0;
  const after = text.charCodeAt(at + len);
  return Number.isNaN(after) || after === 32 ? len : 0;
}

/**
 * Index right after a syslog tag `exim[pid]: ` (also `exim4[pid]:`, `exim:`) whose `exim` starts at
 * `at`, or -1.
 */
function afterEximTag(text: string, at: number): number {
  if (text.charCodeAt(at) !== 101 || text.charCodeAt(at + 1) !== 120 || text.charCodeAt(at + 2) !== 105 || text.charCodeAt(at + 3) !== 109) return -1; // exim
  let i = at + 4;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 91) {
    // [pid]
    const close = text.indexOf(']', i);
    if (close < 0 || close - i > 12) return -1;
    for (let j = i + 1; j < close; j++) if (!isDigit(text.charCodeAt(j))) return -1;
    i = close + 1;
  }
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return -1;
  return i + 2;
}

/**
 * Index right after a syslog tag naming an Exim service, `<name>[pid]: ` or `<name>: `, whose name
 * starts at `at`, or -1. The name is `exim`, `exim4`, or any program name that contains `exim` when
 * Exim's timestamp follows the tag, or a syslog piece marker `[n/m] ` (the first piece's with the stamp
 * after it): a
 * packaged Exim logs under its unit's or container's identifier, e.g. `matrix-exim-relay[12883]: `
 * (journal of the matrix-docker-ansible-deploy exim-relay service, spantaleev/matrix-docker-ansible-deploy#5085).
 */
function afterSyslogTag(text: string, at: number): number {
  const plain = afterEximTag(text, at);
  if (plain >= 0) return plain;
  let i = at;
  let named = false;
  // program name: letters, digits and . _ - / (syslog TAG characters); at most 64 of them
  for (let c = text.charCodeAt(i); isTagChar(c); c = text.charCodeAt(++i)) {
    if (i - at >= 64) return -1;
    if (c === 101 && !named && text.charCodeAt(i + 1) === 120 && text.charCodeAt(i + 2) === 105 && text.charCodeAt(i + 3) === 109) named = true; // exim
  }
  const forwarder = !named && isLogForwarder(text, at, i);
  if (!named && !forwarder) return -1;
  if (text.charCodeAt(i) === 91) {
    // [pid]
    const close = text.indexOf(']', i);
    if (close < 0 || close - i > 12 || close === i + 1) return -1;
    for (let j = i + 1; j < close; j++) if (!isDigit(text.charCodeAt(j))) return -1;
    i = close + 1;
  }
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return -1;
  // Only with Exim's own timestamp right after it: a header line of a rejection such as
  // `Subject: exim4-config: question` has the same shape (a word, then a name holding "exim" and `: `)
  // and must stay message content. A syslog piece marker may come first (Exim splits long and multi-line
  // entries): the first piece has the stamp after it, a later piece none (it only continues an entry).
  const end = i + 2;
  if (isStampAt(text, end)) return end;
  // a forwarder carries other programs' lines too: only one that goes on with an Exim message id is Exim's
  if (forwarder) return messageIdLength(text, end) > 0 ? end : -1;
  if (text.charCodeAt(end) !== 91) return -1;
  const marker = pieceMarker(text, end);
  return marker !== null && (marker[0] > 1 || isStampAt(text, marker[1])) ? end : -1;
}

/**
 * True when the tag name from `at` to `end` is `splogger`, qmail's program that sends the lines other
 * programs write on their standard output to syslog under its own name: hosts that run Exim with
 * `log_file_path` on stderr pipe it there (`Dec  3 14:31:07 pegasus splogger[32130]: 1VnnFx-0008Lk-Gt => ...`,
 * a Russian shared host's help page on reading its mail log), with no Exim timestamp.
 */
function isLogForwarder(text: string, at: number, end: number): boolean {
  return end - at === 8 && text.startsWith('splogger', at);
}

function isTagChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 45 || c === 46 || c === 95 || c === 47; // a-z A-Z 0-9 - . _ /
}

/** `host exim[pid]: ` starting at `at` (one host token, then the tag), or -1. */
function afterHostAndTag(text: string, at: number): number {
  const space = text.indexOf(' ', at);
  if (space <= at || space - at > 255) return -1;
  return afterSyslogTag(text, space + 1);
}

/**
 * A syslog piece marker `[n/m] ` or `[n\m] ` at `at` → [n, index after the marker], or null.
 * n and m are small numbers (a line is at most a few pieces).
 */
function pieceMarker(text: string, at: number): [number, number] | null {
  if (text.charCodeAt(at) !== 91) return null; // [
  let i = at + 1;
  let n = 0;
  while (isDigit(text.charCodeAt(i)) && i - at < 6) n = n * 10 + text.charCodeAt(i++) - 48;
  if (i === at + 1) return null;
  const sep = text.charCodeAt(i);
  if (sep !== 47 && sep !== 92) return null; // / or \
  const start = ++i;
  while (isDigit(text.charCodeAt(i)) && i - start < 5) i++;
  if (i === start || text.charCodeAt(i) !== 93 || text.charCodeAt(i + 1) !== 32) return null;
  return [n, i + 2];
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** BSD syslog `Mmm dd HH:MM:SS ` at the start of the line. */
function isBsdStamp(text: string): boolean {
  if (text.length < 16 || text.charCodeAt(3) !== 32 || text.charCodeAt(9) !== 58 || text.charCodeAt(12) !== 58) return false;
  if (text.charCodeAt(15) !== 32) return false;
  return MONTHS.includes(text.slice(0, 3)) && isDigit(text.charCodeAt(5));
}

/**
 * The same stamp with a one-digit day after a single blank, `Dec 3 14:31:05 `: syslog pads the day to
 * two places (`Dec  3`), but a log copied out of a web page loses the second blank (HTML collapses runs
 * of blanks). Only asked about a line that is no other prefix.
 */
function isCollapsedBsdStamp(text: string): boolean {
  if (text.length < 15 || text.charCodeAt(3) !== 32 || !isDigit(text.charCodeAt(4)) || text.charCodeAt(5) !== 32) return false;
  if (text.charCodeAt(8) !== 58 || text.charCodeAt(11) !== 58 || text.charCodeAt(14) !== 32) return false;
  return MONTHS.includes(text.slice(0, 3)) && text.charCodeAt(4) !== 48;
}

/** A prefix with nothing read yet (PrefixReader fills one in again for every line). */
function blankPrefix(): EximPrefix {
  return { time: null, stampAt: -1, secondAt: -1, secondKey: -1, messageId: null, body: 0, unwrapped: 0, piece: 0 };
}

/**
 * Parses the prefix of a line. Returns null when the line does not start an Exim log entry (a
 * continuation line of a rejectlog header block, or garbage).
 */
export function parsePrefix(text: string): EximPrefix | null {
  const out = blankPrefix();
  return readPrefix(text, out, null) ? out : null;
}

/**
 * The message id of the last line that had one, as a flat copy (src/util/flat.ts) and as character
 * codes: the lines of one message mostly come one after another (arrival, deliveries, `Completed`).
 * The id is checked character by character anyway; comparing each character with the last id's in
 * the same pass costs next to nothing and, when they match, gives the line that very string instead
 * of a new slice, and a string kept in a map (or looked up there again) keeps its hash.
 */
class LastId {
  id: string | null = null;
  readonly codes = new Uint16Array(23);
}

/**
 * Reads the prefixes of one input's lines in order (one per Exim parser). It returns the same
 * EximPrefix object for every line, refilled: the caller reads it before the next line. Message ids
 * are flat copies (they can be kept in maps as they are), and the same string for consecutive lines
 * of one message.
 */
export class PrefixReader {
  private readonly out = blankPrefix();
  private readonly last = new LastId();

  /** `referenceTime`: see ParserOptions (the year of BSD syslog stamps). */
  constructor(private readonly referenceTime: number | null = null) {}

  read(text: string): EximPrefix | null {
    return readPrefix(text, this.out, this.last, this.referenceTime) ? this.out : null;
  }
}

/**
 * The message id at `at` (as messageIdLength finds it): `last.id` when it is the same id, else a flat
 * copy that becomes `last`; null when there is none.
 */
function readMessageId(text: string, at: number, last: LastId): string | null {
  if (text.charCodeAt(at + 6) !== 45) return null;
  let len: number;
  if (text.charCodeAt(at + 13) === 45) len = 16;
  else if (text.charCodeAt(at + 18) === 45) len = 23;
  else return null;
  if (text.length < at + len) return null;
  const dash2 = len === 16 ? 13 : 18;
  const codes = last.codes;
  let bad = 0;
  let diff = last.id === null || last.id.length !== len ? 1 : 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(at + i);
    diff |= c ^ codes[i]!;
    if (i !== 6 && i !== dash2) bad |= notAlnum(c);
  }
  if (bad < 0) return null;
  const after = text.charCodeAt(at + len);
  if (!(Number.isNaN(after) || after === 32)) return null;
  if (diff === 0) return last.id;
  const id = flat(text.slice(at, at + len));
  for (let i = 0; i < len; i++) codes[i] = text.charCodeAt(at + i);
  last.id = id;
  return id;
}

/** Fills `out` with the prefix of `text`; false when the line does not start an Exim log entry. */
function readPrefix(text: string, out: EximPrefix, last: LastId | null, referenceTime: number | null = null): boolean {
  // prefilter: no prefix starts with a space, and on a rejectlog most lines are header lines, many of
  // them indented (`    <rcpt2>`, `  Subject: ...`)
  if (text.charCodeAt(0) === 32) return false;
  let unwrapped = 0;
  let stampAt = -1;
  let wrapperStamp = -1; // an ISO timestamp written by syslog rather than by Exim
  let bsdStamp = false; // a BSD syslog stamp (no year) at the start of the line
  let collapsedDay = false; // that stamp's one-digit day lost its padding blank (`Dec 3`)
  // the digits of a timestamp at the start of the line, read once for the test and for the time
  const digits0 = stampDigits(text, 0);
  if (digits0 >= 0) {
    // rsyslog may write RFC 3339 stamps (`2019-10-22T03:39:17.123456+02:00`): the host starts after
    // the first space, wherever the stamp ends
    const space = text.charCodeAt(19) === 32 ? 19 : text.indexOf(' ', 19);
    const tagEnd = space > 0 && space < 48 ? afterHostAndTag(text, space + 1) : -1;
    if (tagEnd > 0) {
      // rsyslog ISO stamp + host + exim[pid]: (fail2ban sample, corpus line 8)
      unwrapped = tagEnd;
      if (isStampAt(text, tagEnd)) stampAt = tagEnd;
      else wrapperStamp = 0;
    } else stampAt = 0;
  } else {
    let tagEnd = -1;
    if (isBsdStamp(text)) {
      tagEnd = afterHostAndTag(text, 16);
      bsdStamp = true;
    } else if (isCollapsedBsdStamp(text)) {
      tagEnd = afterHostAndTag(text, 15);
      bsdStamp = tagEnd > 0;
      collapsedDay = bsdStamp;
    }
    else if (text.length > 30) {
      tagEnd = afterHostAndTag(text, 0); // journal: host exim[pid]: ...
      if (tagEnd < 0 && text.charCodeAt(0) === 101) tagEnd = afterEximTag(text, 0); // exim[pid]: ...
    }
    if (tagEnd < 0) return false;
    unwrapped = tagEnd;
    if (isStampAt(text, tagEnd)) stampAt = tagEnd;
  }

  let piece = 0;
  if (unwrapped > 0 && text.charCodeAt(unwrapped) === 91) {
    const marker = pieceMarker(text, unwrapped);
    if (marker) {
      piece = marker[0];
      unwrapped = marker[1];
      if (piece > 1) {
        out.time = null;
        out.stampAt = -1;
        out.secondAt = -1;
        out.secondKey = -1;
        out.messageId = null;
        out.body = unwrapped;
        out.unwrapped = unwrapped;
        out.piece = piece;
        return true;
      }
      if (stampAt < 0 && isStampAt(text, unwrapped)) {
        stampAt = unwrapped;
        wrapperStamp = -1;
      }
    }
  }

  let time: number | null = null;
  let body = unwrapped;
  let secondAt = -1;
  let secondKey = -1;
  const at = stampAt >= 0 ? stampAt : wrapperStamp;
  if (at >= 0) {
    let i = at + 19;
    let offset: number | null = null;
    if (at === wrapperStamp && text.charCodeAt(at + 10) === 84) {
      // RFC 3339 syslog stamp (no Exim stamp inside): any fraction, then Z or ±hh:mm
      if (text.charCodeAt(i) === 46) while (isDigit(text.charCodeAt(++i)));
      const z = text.charCodeAt(i);
      if (z === 90) offset = 0;
      else if ((z === 43 || z === 45) && text.charCodeAt(i + 3) === 58)
        offset = parseZoneOffset(text.slice(i, i + 3) + text.slice(i + 4, i + 6));
      else if (z === 43 || z === 45) offset = parseZoneOffset(text.slice(i, i + 5)); // journalctl short-iso +hhmm
    } else if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) i += 4; // .mmm (+millisec)
    const sign = text.charCodeAt(i + 1);
    if (text.charCodeAt(i) === 32 && (sign === 43 || sign === 45) && isDigit(text.charCodeAt(i + 2))) {
      // log_timezone: " +hhmm" (exim tod.c; corpus line 85)
      offset = parseZoneOffset(text.slice(i + 1, i + 6));
      if (offset !== null) i += 6;
    }
    // `at` passed the stamp test above (at 0, or where it was found after the wrapper)
    const digits = at === 0 ? digits0 : stampDigits(text, at);
    const ms = stampMs(text, at, digits, offset);
    time = Number.isNaN(ms) ? null : ms;
    secondAt = at;
    secondKey = digits * 2 + (text.charCodeAt(at + 10) === 84 ? 1 : 0);
    if (at === stampAt) body = text.charCodeAt(i) === 32 ? i + 1 : i;
  } else if (bsdStamp && referenceTime !== null) {
    // Exim's own stamp is off (syslog_timestamp = false): syslog's stamp is the line's time
    // (fail2ban/fail2ban#2553: `Oct 22 03:39:17 mx1 exim[29786]: dovecot_login authenticator failed ...`)
    const ms = collapsedDay ? bsdStampMs(`${text.slice(0, 4)} ${text.slice(4, 14)}`, 0, referenceTime) : bsdStampMs(text, 0, referenceTime);
    if (!Number.isNaN(ms)) {
      time = ms;
      secondKey = Math.floor(ms / 1000) * 2;
    }
  }

  // [pid] (log_selector +pid)
  if (text.charCodeAt(body) === 91 && isDigit(text.charCodeAt(body + 1))) {
    const close = text.indexOf(']', body);
    if (close > 0 && close - body <= 12 && text.charCodeAt(close + 1) === 32) {
      let digits = true;
      for (let j = body + 1; j < close; j++) if (!isDigit(text.charCodeAt(j))) digits = false;
      if (digits) body = close + 2;
    }
  }

  let messageId: string | null = null;
  if (last !== null) messageId = readMessageId(text, body, last);
  else {
    const idLen = messageIdLength(text, body);
    if (idLen > 0) messageId = text.slice(body, body + idLen);
  }
  if (messageId !== null) body += messageId.length + 1;
  out.time = time;
  out.stampAt = stampAt;
  out.secondAt = secondAt;
  out.secondKey = secondKey;
  out.messageId = messageId;
  out.body = Math.min(body, text.length);
  out.unwrapped = unwrapped;
  out.piece = piece;
  return true;
}
