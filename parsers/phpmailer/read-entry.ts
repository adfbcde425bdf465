// What one PHPMailer debug entry (timestamp and output wrapper already removed) says.
// Message forms from formats.md §3 (PHPMailer src/SMTP.php, src/PHPMailer.php; class.smtp.php of
// v5.2.x for the old `SMTP -> ...` spellings); the corpus line numbers are phpmailer-real.log.

import { codeAt } from './code-at.js';
import { startsAt } from './markers.js';
import { findPhrase } from './summary-phrases.js';

export type SummaryKind = 'auth' | 'connect' | 'data' | 'rcpt' | 'from' | 'server-error';

export type Entry =
  /** `SERVER -> CLIENT: <reply>` (5.2.8+) or `SMTP -> FROM SERVER:<reply>` (old). */
  | { kind: 'reply'; payload: string; old: boolean }
  /** One raw reply line read from the socket: level 4 `SMTP INBOUND: "..."`, old `get_lines(): $str is "..."`. */
  | { kind: 'raw'; payload: string; old: boolean }
  /** `CLIENT -> SERVER: <command>` (5.2.8+) or `CLIENT -> SMTP: <command>` (old). */
  | { kind: 'command'; payload: string; old: boolean }
  /** `SMTP ERROR: <COMMAND> command failed: <reply>`, old `SMTP -> ERROR: <CMD> not accepted from server: <reply>`. */
  | { kind: 'failed'; command: string; payload: string; old: boolean }
  /** `SMTP ERROR: Failed to connect to server: <errstr> (<errno>)` (also old spelling). */
  | { kind: 'connect-failed'; text: string }
  /**
   * A PHP warning about the socket: `Connection failed. Error #2: ...`, 5.2.x `Connection: Failed to connect...`,
   * raw `Warning: stream_socket_...` or its bare message. `copy`: the message handed on (its bare form as
   * error_get_last() gives it, an exception's message) rather than PHP's warning raised by the failing call.
   */
  | { kind: 'warning'; text: string; raw: boolean; smtpFile: boolean; copy: boolean }
  /** `Connection: opening to host:port, timeout=..., options=...`; `open`: var_export() of the options goes on on the next lines. */
  | { kind: 'opening'; host: string | null; open: boolean }
  | { kind: 'closed' }
  /** `SMTP NOTICE: EOF caught while checking if connected` (SMTP.php connected()): the server hung up. */
  | { kind: 'eof' }
  /** Any other debug line: `Connection: opened`, `Auth method selected`, `SMTP NOTICE`, get_lines noise. */
  | { kind: 'status' }
  /**
   * A PHPMailer-class error message or ErrorInfo, possibly behind the application's own words; `afterEof`:
   * glued to the second line of PHPMailer 5.0-5.2.x's EOF notice (eofNoticeBefore()); `clock`: the time of
   * day those words start with (clockBefore()).
   */
  | { kind: 'summary'; summary: SummaryKind; text: string; payloadAt: number; afterEof: boolean; clock: string | null }
  /** A PHP error message that is not PHPMailer's (error_log files are full of them). */
  | { kind: 'php' }
  /** Anything else: application output such as `Message has been sent`. */
  | { kind: 'other'; text: string }
  /** Holds a PHPMailer label but is cut or garbled (`CLIENT -> SMT`, corpus line 133). */
  | { kind: 'broken' };

/**
 * Labels that may sit behind an application prefix (`app.DEBUG: `, `debug level 2; message: `, a
 * callable's `3: `). `Connection: opening to` is level 3 (DEBUG_CONNECTION) and names the server; a
 * callable prints it with the same prefix as the dialogue (SuiteCRM/SuiteCRM#5604).
 */
const EMBEDDED = ['SERVER -> CLIENT:', 'CLIENT -> SERVER:', 'SMTP ERROR:', 'SMTP INBOUND:', 'SMTP -> FROM SERVER:', 'SMTP -> ERROR:', 'CLIENT -> SMTP:', 'Connection: opening to '];

export function readEntry(body: string): Entry {
  const direct = readLabelled(body);
  if (direct) return direct;
  const summary = findSummary(body);
  if (summary) return summary;
  if (isPhpMessage(body)) return phpMessage(body);
  if (isBareSocketMessage(body)) return { kind: 'warning', text: withoutSourceRef(body), raw: true, smtpFile: false, copy: true };
  // A debug line handed to a logger or a callable: `app.DEBUG: SERVER -> CLIENT: ...`,
  // PHPMailer's README example `debug level 2; message: SERVER -> CLIENT: ...`.
  if (body.includes(' -> ') || body.includes('SMTP ') || body.includes('Connection: opening to ')) {
    let best = -1;
    for (const label of EMBEDDED) {
      const at = body.indexOf(label);
      if (at > 0 && at <= 120 && (best < 0 || at < best)) best = at;
    }
    if (best > 0) {
      const inner = readLabelled(body.slice(best));
      if (inner) return inner;
    }
    if (body.includes(' -> ') && (body.includes('SMTP') || body.includes('CLIENT') || body.includes('SERVER'))) return { kind: 'broken' };
  }
  return { kind: 'other', text: body };
}

/** startsAt(), not startsWith(): see markers.ts (every labelled line passes here). */
function readLabelled(body: string): Entry | null {
  switch (body.charCodeAt(0)) {
    case 83: // S
      if (startsAt(body, 'SERVER -> CLIENT:', 0)) return { kind: 'reply', payload: body.slice(17), old: false };
      if (startsAt(body, 'SMTP INBOUND:', 0)) return { kind: 'raw', payload: quoted(body.slice(13)), old: false };
      if (startsAt(body, 'SMTP ERROR: ', 0)) return smtpError(body.slice(12), false);
      if (startsAt(body, 'SMTP -> ', 0)) return oldSmtp(body);
      if (startsAt(body, 'SMTP NOTICE:', 0)) return body.startsWith('EOF caught', 13) ? { kind: 'eof' } : { kind: 'status' };
      return null;
    case 67: // C
      if (startsAt(body, 'CLIENT -> SERVER:', 0)) return { kind: 'command', payload: body.slice(17), old: false };
      if (startsAt(body, 'CLIENT -> SMTP:', 0)) return { kind: 'command', payload: body.slice(15), old: true };
      if (startsAt(body, 'Connection', 0)) return connection(body);
      return null;
    case 65: // A
      return startsAt(body, 'Auth method', 0) ? { kind: 'status' } : null;
    case 82: // R
      return startsAt(body, 'Requested auth method', 0) ? { kind: 'status' } : null;
    default:
      return null;
  }
}

function smtpError(rest: string, old: boolean): Entry {
  if (rest.startsWith('Failed to connect to server')) return { kind: 'connect-failed', text: rest };
  // SMTP.php sendCommand(): "$command command failed" + ': ' + the reply; the name is short.
  const failed = rest.indexOf(' command failed');
  if (failed > 0 && failed <= 40) {
    return { kind: 'failed', command: rest.slice(0, failed), payload: afterColon(rest, failed + 15), old };
  }
  // v5.2.0-5.2.7: "RCPT not accepted from server: 550 ...", "DATA command not accepted from server: ...".
  const notAccepted = rest.indexOf(' not accepted from server');
  if (notAccepted > 0 && notAccepted <= 40) {
    let command = rest.slice(0, notAccepted);
    if (command.endsWith(' command')) command = command.slice(0, -8);
    return { kind: 'failed', command, payload: afterColon(rest, notAccepted + 25), old };
  }
  // v5.0-5.2.7 Reset() and Quit() name no command: "RSET failed: <reply>", "SMTP server rejected quit
  // command: <reply>" (an empty reply after the connection broke, PHPMailer#1027).
  if (rest.startsWith('RSET failed')) return { kind: 'failed', command: 'RSET', payload: afterColon(rest, 11), old };
  if (rest.startsWith('SMTP server rejected quit command')) return { kind: 'failed', command: 'QUIT', payload: afterColon(rest, 33), old };
  return { kind: 'status' };
}

function oldSmtp(body: string): Entry {
  if (body.startsWith('SMTP -> FROM SERVER:')) return { kind: 'reply', payload: body.slice(20), old: true };
  if (body.startsWith('SMTP -> ERROR: ')) return smtpError(body.slice(15), true);
  if (body.startsWith('SMTP -> get_lines(): $str is ')) return { kind: 'raw', payload: quoted(body.slice(29)), old: true };
  if (body.startsWith('SMTP -> NOTICE: EOF caught')) return { kind: 'eof' };
  return { kind: 'status' }; // NOTICE, other get_lines() noise
}

function connection(body: string): Entry {
  if (startsAt(body, 'Connection: opening to ', 0)) return { kind: 'opening', host: hostOf(body.slice(23)), open: body.trimEnd().endsWith('(') };
  if (startsAt(body, 'Connection failed. ', 0)) return { kind: 'warning', text: withoutSourceRef(body), raw: false, smtpFile: true, copy: false };
  // v5.2.2x errorHandler: `Connection: Failed to connect to server. Error number 2. "Error notice: ...` (corpus line 54).
  if (startsAt(body, 'Connection: Failed to connect', 0)) return { kind: 'warning', text: withoutSourceRef(body.slice(12)), raw: false, smtpFile: true, copy: false };
  if (startsAt(body, 'Connection: closed', 0)) return { kind: 'closed' };
  if (startsAt(body, 'Connection: ', 0)) return { kind: 'status' };
  return { kind: 'other', text: body };
}

function findSummary(body: string): Entry | null {
  const hit = findPhrase(body);
  if (hit === null) return null;
  let text = body.slice(hit.at);
  // The application's whole message printed again with nothing between (`Mailer Error: SMTP Error: The
  // following recipients failed: a@xMailer Error: SMTP Error: The following recipients failed: a@x`,
  // ZENLIX/hd.rustem#87): the text ends where its own words start again; the copy adds nothing.
  if (hit.at > 0) {
    const again = body.indexOf(body.slice(0, hit.end), hit.end);
    if (again > 0) text = body.slice(hit.at, again);
  }
  // An uncaught exception in a PHP error log: "... Exception: SMTP Error: ... in /path/PHPMailer.php:2233";
  // an application's own "... on class_email_handler.php line 451" (WeBid error log).
  const inFile = / (?:in (?:\/|[A-Za-z]:\\)\S*\.php(?::\d+| on line \d+)|on \S+\.php line \d+)$/.exec(text);
  if (inFile) text = text.slice(0, inFile.index);
  // Quoted by the application: a JSON string (`"message": "SMTP Error: ...",`) or a PHP string.
  const quote = hit.at > 0 ? body.charCodeAt(hit.at - 1) : 0;
  if (quote === 34 || quote === 39) text = unquoteTail(text, quote);
  return { kind: 'summary', summary: hit.kind, text, payloadAt: hit.end - hit.at, afterEof: eofNoticeBefore(body, hit.at), clock: clockBefore(body, hit.at) };
}

/**
 * The time of day the application's words before a message start with (`H:MM`, `HH:MM` or `HH:MM:SS` in
 * their first 40 characters, not the end of an address like `10.0.0.1:25`), else null: the stamp of a log
 * outer-prefix.ts does not know (syslog's `Jun 16 14:57:01 web1 php: `, MantisBT's `16. Jun 2016, 14:57
 * CEST MAIL ...`).
 */
function clockBefore(body: string, end: number): string | null {
  const stop = Math.min(end, 40) - 2;
  for (let i = 1; i < stop; i++) {
    if (body.charCodeAt(i) !== 58 || !isDigit(body, i - 1) || !isDigit(body, i + 1) || !isDigit(body, i + 2)) continue;
    const start = isDigit(body, i - 2) ? i - 2 : i - 1;
    const c = start > 0 ? body.charCodeAt(start - 1) : 32;
    if (c === 46 || c === 58 || (c >= 48 && c <= 57)) continue; // `.`, `:` or a third digit: not an hour
    const seconds = body.charCodeAt(i + 3) === 58 && isDigit(body, i + 4) && isDigit(body, i + 5);
    return body.slice(start, seconds ? i + 6 : i + 3);
  }
  return null;
}

function isDigit(s: string, at: number): boolean {
  const c = s.charCodeAt(at);
  return c >= 48 && c <= 57;
}

const EOF_NOTICE = 'EOF caught while checking if connected';

/**
 * Whether the text before a message ends with the EOF notice of PHPMailer 5.0-5.2.x: connected() echoes
 * `SMTP -> NOTICE:` CRLF `EOF caught while checking if connected` with no line end, so what send() echoes
 * next (the exception it caught) is glued to the notice's second line (fusionpbx/fusionpbx#1931).
 */
function eofNoticeBefore(body: string, at: number): boolean {
  return at >= EOF_NOTICE.length && body.startsWith(EOF_NOTICE, at - EOF_NOTICE.length);
}

/** `SMTP Error: ...",` → `SMTP Error: ...`, with JSON's `\r\n` / `\"` escapes undone. */
function unquoteTail(text: string, quote: number): string {
  let t = text.trimEnd();
  if (t.endsWith(',')) t = t.slice(0, -1);
  if (codeAt(t, t.length - 1) === quote) t = t.slice(0, -1);
  if (quote === 34 && t.includes('\\')) t = t.replace(/\\[rnt]/g, ' ').replace(/\\(["\\/])/g, '$1');
  return t;
}

const PHP_PREFIXES = ['PHP ', 'Warning: ', 'Notice: ', 'Fatal error: ', 'Deprecated: ', 'Parse error: ', 'Strict Standards: ', 'Stack trace:', 'Catchable fatal error: '];

function isPhpMessage(body: string): boolean {
  for (const p of PHP_PREFIXES) if (startsAt(body, p, 0)) return true;
  return body.charCodeAt(0) === 35 /* # */ && /^#\d+ /.test(body); // stack frame "#0 /path..."
}

/**
 * PHP's own warning about the SMTP socket (PHPMailer before errorHandler, v5.2.x with display_errors:
 * corpus line 135 `Warning: stream_socket_enable_crypto(): SSL operation failed ... in ...class.smtp.php
 * on line 299`) is a failure of the transcript; any other PHP message is not ours.
 */
function phpMessage(body: string): Entry {
  if (body.includes('stream_socket_') || body.includes('fsockopen') || body.includes('fwrite()') || body.includes('fgets()')) {
    const lower = body.toLowerCase();
    let text = body.startsWith('PHP ') ? body.slice(4) : body;
    // PHP raises a socket call's warning (or notice) as the call fails; the message in a fatal error or
    // after a stack frame is one an exception carried on, written after the failure.
    const own = startsAt(text, 'Warning: ', 0) || startsAt(text, 'Notice: ', 0);
    const colon = text.indexOf(': ');
    if (colon > 0 && colon < 30) text = text.slice(colon + 2).trimStart();
    return { kind: 'warning', text: withoutSourceRef(text), raw: true, smtpFile: lower.includes('smtp.php'), copy: !own };
  }
  return { kind: 'php' };
}

/**
 * PHP's warning about a socket without PHP's own `Warning: ` label and source reference: the message as
 * error_get_last() or an exception that wraps it hands it on, which an application or a report prints
 * (`stream_socket_client(): unable to connect to smtp-hve.office365.com:587 (Connection refused)`). PHP
 * names the function first, then `(): `.
 */
const SOCKET_FUNCTIONS = ['stream_socket_client(): ', 'stream_socket_enable_crypto(): ', 'fsockopen(): '];

export function isBareSocketMessage(body: string): boolean {
  if (body.charCodeAt(0) !== 115 && body.charCodeAt(0) !== 102) return false; // s, f
  for (const f of SOCKET_FUNCTIONS) if (startsAt(body, f, 0)) return true;
  return false;
}

/** Drops PHP's `[/path/SMTP.php line 349]` (errorHandler) or ` in /path/file.php on line 299`. */
export function withoutSourceRef(text: string): string {
  let t = text.trimEnd();
  if (t.endsWith(']')) {
    const open = t.lastIndexOf(' [');
    if (open > 0 && t.includes(' line ', open)) t = t.slice(0, open);
  }
  const onLine = t.lastIndexOf(' on line ');
  if (onLine > 0) {
    const inAt = t.lastIndexOf(' in ', onLine);
    if (inAt > 0) t = t.slice(0, inAt);
  }
  return t;
}

function afterColon(rest: string, at: number): string {
  return codeAt(rest, at) === 58 ? rest.slice(at + 1).trim() : rest.slice(at).trim();
}

/** `"220 mail.example.com "` → the text between the quotes (the closing one may be cut off). */
function quoted(s: string): string {
  const t = s.trim();
  const open = codeAt(t, 0);
  if (open === 34) {
    const end = t.lastIndexOf('"');
    return end > 0 ? t.slice(1, end) : t.slice(1);
  }
  // A paste published through a tool that typesets "smart quotes" (a blog, a pastebin's rendering:
  // pastebin.com/CJM6LjP9 shows `SMTP INBOUND: “535-5.7.8 ...”`): the quotes are still PHPMailer's.
  if (open === 0x201c || open === 0x201e) {
    const end = t.lastIndexOf(open === 0x201c ? '\u201d' : '\u201c');
    return end > 0 ? t.slice(1, end) : t.slice(1);
  }
  return t;
}

/** `ssl://smtp.gmail.com:465, timeout=300, ...` → `smtp.gmail.com`. */
export function hostOf(s: string): string | null {
  let end = s.indexOf(',');
  if (end < 0) end = s.length;
  let host = s.slice(0, end).trim();
  const scheme = host.indexOf('://');
  if (scheme >= 0 && scheme < 8) host = host.slice(scheme + 3);
  const colon = host.lastIndexOf(':');
  // colon 0: an empty Host (`opening to :25`, `unable to connect to ssl://:465`) names no server.
  if (colon >= 0 && /^\d{1,5}$/.test(host.slice(colon + 1)) && (host.indexOf(':') === colon || host.charCodeAt(colon - 1) === 93)) {
    host = host.slice(0, colon);
  }
  if (host === '' || host.length > 255 || host.includes(' ')) return null;
  return host;
}
