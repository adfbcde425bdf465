// Reading SMTP replies out of Exim log text: the basic code, the enhanced code (RFC 3463), the
// reply text, and the SMTP stage a command name stands for.
//
// Exim passes remote responses through string_printing(), so a multi-line reply arrives as one log
// line with the lines joined by a literal backslash-n (formats.md 1.6):
//   550-5.1.1 The email account ...\n550-5.1.1 try double-checking ...\n550 5.1.1 https://...
// Our event text keeps it on one line: the code prefix of each continuation line is dropped and the
// pieces are joined with a space (the code and enhanced code live in their own fields).
import type { Stage } from '../../src/model/labels.js';
import { hideSecrets } from '../../src/util/hide-secrets.js';

/** Longest text we keep in an event field; log lines can carry kilobytes of attacker text. */
export const MAX_TEXT = 2000;
export const MAX_ADDRESS = 512;
export const MAX_HELO = 255;

export function cap(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface ParsedReply {
  code: number | null;
  enhanced: string | null;
  /** The reply text without its leading code(s). */
  text: string;
}

/** Three digits at `at` followed by a space, '-' or the end → the number, else null. */
export function codeAt(text: string, at: number): number | null {
  if (!isDigit(text.charCodeAt(at)) || !isDigit(text.charCodeAt(at + 1)) || !isDigit(text.charCodeAt(at + 2))) return null;
  const after = text.charCodeAt(at + 3);
  if (!(Number.isNaN(after) || after === 32 || after === 45)) return null;
  return (text.charCodeAt(at) - 48) * 100 + (text.charCodeAt(at + 1) - 48) * 10 + (text.charCodeAt(at + 2) - 48);
}

/** Enhanced status code `c.s.d` at `at` (class 2, 4 or 5; 1-3 digit parts) → its length, or 0. */
export function enhancedLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c !== 50 && c !== 52 && c !== 53) return 0;
  if (text.charCodeAt(at + 1) !== 46) return 0;
  let i = at + 2;
  let n = 0;
  while (isDigit(text.charCodeAt(i)) && n < 3) {
    i++;
    n++;
  }
  if (n === 0 || text.charCodeAt(i) !== 46) return 0;
  i++;
  n = 0;
  while (isDigit(text.charCodeAt(i)) && n < 3) {
    i++;
    n++;
  }
  if (n === 0) return 0;
  const after = text.charCodeAt(i);
  return Number.isNaN(after) || after === 32 ? i - at : 0;
}

/**
 * True when the enhanced code at `at` is written after a `#`, as qmail and Cisco Secure Email
 * (IronPort, `*.iphmx.com`) write it: `421 #4.4.5 Too many connections to this listener.`,
 * `550 #5.1.0 Address rejected.` The `#` is no part of the text; the classifier reads the same form.
 */
function hashedEnhanced(text: string, at: number): boolean {
  return text.charCodeAt(at) === 35 && enhancedLength(text, at + 1) > 0;
}

/** A real SMTP reply code (RFC 5321 section 4.2: first digit 2 to 5). */
export function isReplyCode(code: number | null): code is number {
  return code !== null && code >= 200 && code <= 599;
}

/**
 * Turns literal `\n` joins into spaces (and trims), the way event text is stored. Exim writes a
 * newline inside a logged string as the two characters backslash and n.
 */
export function flattenText(text: string): string {
  if (!text.includes('\\n')) return text.trim();
  return text
    .split('\\n')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(' ');
}

/**
 * Parses `550 5.1.1 text` / `550-5.1.1 line\n550 5.1.1 line` at the start of `reply`. When no valid
 * code starts the text, code and enhanced are null and the text is returned flattened.
 */
export function parseReply(reply: string): ParsedReply {
  const code = codeAt(reply, 0);
  if (!isReplyCode(code)) return { code: null, enhanced: null, text: cap(flattenText(reply), MAX_TEXT) };
  let p = 4;
  const hashed = hashedEnhanced(reply, p);
  if (hashed) p++;
  const enLen = enhancedLength(reply, p);
  const enhanced = enLen > 0 ? reply.slice(p, p + enLen) : null;
  if (enLen > 0) p += enLen + 1;
  const first = reply.slice(Math.min(p, reply.length));
  if (!first.includes('\\n')) return { code, enhanced, text: cap(first.trim(), MAX_TEXT) };
  const parts = first.split('\\n');
  const pieces: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i]!.trim();
    if (i > 0 && codeAt(part, 0) === code) {
      part = part.slice(4);
      if (hashed && part.startsWith('#')) part = part.slice(1);
      if (enhanced && part.startsWith(enhanced + ' ')) part = part.slice(enhanced.length + 1);
      else if (enhanced && part === enhanced) part = '';
      // Gmail writes "550 5.1.1  https://..." (two spaces): no double space in the joined text
      part = part.trimStart();
    }
    if (part.length > 0) pieces.push(part);
  }
  return { code, enhanced, text: cap(pieces.join(' '), MAX_TEXT) };
}

/**
 * A code a server may have set at the start of an ACL message (`message = 550 5.7.1 ...`). Exim only
 * honours it when its first digit matches the default's (smtp_in.c smtp_message_code, formats.md
 * 1.4); otherwise it is plain text. `expectDigit` 0 accepts any class (VRFY).
 */
export function leadingCode(message: string, expectDigit: number): ParsedReply | null {
  const code = codeAt(message, 0);
  if (!isReplyCode(code) || message.charCodeAt(3) !== 32) return null;
  if (expectDigit !== 0 && Math.floor(code / 100) !== expectDigit) return null;
  return parseReply(message);
}

/**
 * The stage an SMTP command (as Exim writes it in "after <cmd>" / "in response to <cmd>") belongs
 * to. Exim's transport names: initial connection, HELO/EHLO/LHLO x, STARTTLS, AUTH x, MAIL FROM:<x>,
 * RCPT TO:<x>, DATA, BDAT, end of data, sending data block, each optionally "pipelined ".
 */
export function stageOfCommand(command: string): Stage {
  let c = command;
  if (c.startsWith('pipelined ')) c = c.slice(10);
  const head = c.slice(0, 18).toUpperCase();
  if (head.startsWith('RCPT')) return 'rcpt';
  if (head.startsWith('MAIL')) return 'mail';
  if (head.startsWith('DATA') || head.startsWith('BDAT') || head.startsWith('END OF DATA') || head.startsWith('SENDING DATA')) return 'data';
  if (head.startsWith('INITIAL CONNECTION')) return 'connect';
  if (head.startsWith('EHLO') || head.startsWith('HELO') || head.startsWith('LHLO')) return 'helo';
  if (head.startsWith('STARTTLS')) return 'tls';
  if (head.startsWith('AUTH')) return 'auth';
  return 'other';
}

const TIMEOUT_WHILE_CONNECTED = 'SMTP timeout while connected to ';

/** Markers after which Exim names the command a remote reply or failure answered. */
const COMMAND_MARKERS = [
  'SMTP error from remote mail server after ',
  'SMTP error from remote mailer after ',
  'LMTP error after ',
  'PRDR error after ',
  'SMTP timeout after ',
  'LMTP timeout after ',
  'in response to ',
];

export interface RemoteFailure {
  stage: Stage;
  code: number | null;
  enhanced: string | null;
  /** The reply text, or the failure message when there is no reply. */
  text: string;
  /** `name [ip]` from the pre-4.85 `host NAME [IP]:` part inside the message, else null. */
  server: string | null;
  /** True when the stage came from a named SMTP command. */
  hasCommand: boolean;
}

/** End of the command name that follows a marker: the ": " that is not inside `<...>`. */
function commandEnd(message: string, at: number): number {
  let from = at;
  const rest = message.startsWith('pipelined ', at) ? at + 10 : at;
  if (message.startsWith('RCPT TO:', rest) || message.startsWith('MAIL FROM:', rest) || message.startsWith('rcpt to:', rest) || message.startsWith('mail from:', rest)) {
    const close = message.indexOf('>', rest);
    if (close > 0) from = close;
  }
  return message.indexOf(': ', from);
}

/**
 * Reads a delivery failure message (the text after the `**`/`==` fields, or of a per-host line):
 * the SMTP command it happened at, the remote reply if there was one, the old-style host part.
 */
export function parseRemoteFailure(message: string): RemoteFailure {
  // The last "SMTP error from remote mail server after" wins (formats.md 1.7); otherwise the first
  // of the other markers.
  let marker = COMMAND_MARKERS[0]!;
  let markerAt = message.lastIndexOf(marker);
  if (markerAt < 0) {
    for (let k = 1; k < COMMAND_MARKERS.length; k++) {
      const i = message.indexOf(COMMAND_MARKERS[k]!);
      if (i >= 0 && (markerAt < 0 || i < markerAt)) {
        markerAt = i;
        marker = COMMAND_MARKERS[k]!;
      }
    }
  }
  if (markerAt < 0) {
    // Before 4.85 (transports/smtp.c check_response) a timeout named the host inside the message:
    // "SMTP timeout while connected to mx.example.com [192.0.2.1] after RCPT TO:<a@b>", on the
    // per-host line with ": Connection timed out" after it, on the `==` line after that strerror.
    const tw = message.indexOf(TIMEOUT_WHILE_CONNECTED);
    if (tw >= 0) {
      const from = tw + TIMEOUT_WHILE_CONNECTED.length;
      const close = message.indexOf('] after ', from);
      const open = close < 0 ? -1 : message.lastIndexOf(' [', close);
      if (open > from) {
        const end = commandEnd(message, close + 8);
        const command = end < 0 ? message.slice(close + 8) : message.slice(close + 8, end);
        const stage = stageOfCommand(command);
        // "after AUTH PLAIN <initial response>": the credentials never stored, as after "SMTP timeout after"
        const secret = stage === 'auth' ? authData(command) : null;
        return { stage, code: null, enhanced: null, text: cap(flattenText(hide(message, secret)), MAX_TEXT), server: message.slice(from, close + 1), hasCommand: true };
      }
    }
    // A reply code at the very start (router :fail: messages such as "590 5.4.3 text").
    const lead = leadingCode(message, 0);
    if (lead) return { stage: 'other', ...lead, server: null, hasCommand: false };
    return { stage: stageOfText(message), code: null, enhanced: null, text: cap(flattenText(message), MAX_TEXT), server: null, hasCommand: false };
  }
  const cmdStart = markerAt + marker.length;
  const end = commandEnd(message, cmdStart);
  const command = end < 0 ? message.slice(cmdStart) : message.slice(cmdStart, end);
  const stage = stageOfCommand(command);
  const secret = stage === 'auth' ? authData(command) : null;
  const isTimeout = marker.includes('timeout');
  const isClosed = marker === 'in response to ' && message.includes('closed connection');
  let response = end < 0 ? '' : message.slice(end + 2);
  let server: string | null = null;
  if (response.startsWith('host ')) {
    // pre-4.85: "...: host mx.example.com [192.0.2.1]: 451 ..." (corpus lines 66, 86)
    const close = response.indexOf(']: ');
    const open = response.lastIndexOf(' [', close);
    if (close > 0 && open > 5) {
      server = response.slice(5, close + 1);
      response = response.slice(close + 3);
    }
  } else if (isClosed && message.startsWith('Remote host ')) {
    // pre-4.85 (transports/smtp.c): the host inside the message, "Remote host mx.example.com
    // [192.0.2.1] closed connection in response to end of data" (exigrep output quoted in public files)
    const close = message.indexOf('] ', 12);
    const open = message.lastIndexOf(' [', close);
    if (close > 0 && open > 12 && close < markerAt) server = message.slice(12, close + 1);
  }
  // hidden before the text is cut to MAX_TEXT: a cut through an echoed credential would keep its start
  if (!isTimeout && !isClosed) {
    const reply = parseReply(hide(response, secret));
    if (reply.code !== null) return { stage, code: reply.code, enhanced: reply.enhanced, text: reply.text, server, hasCommand: true };
  }
  // "Remote host closed connection in response to HELO x (EHLO response was: 550 You are banned)"
  const was = message.indexOf('response was: ');
  if (was >= 0) {
    const reply = parseReply(hide(message.slice(was + 14).replace(/\)$/, ''), secret));
    if (reply.code !== null) return { stage, code: reply.code, enhanced: reply.enhanced, text: reply.text, server, hasCommand: true };
  }
  const text = server ? message.replace(`host ${server}: `, '') : message;
  return { stage, code: null, enhanced: null, text: cap(flattenText(hide(text, secret)), MAX_TEXT), server, hasCommand: true };
}


/**
 * The initial response of an `AUTH <mechanism> <initial-response>` command (RFC 4954 §4: base64 of
 * "\0user\0password" for PLAIN, a bearer token for XOAUTH2), or null. A failure with no reply code
 * ("SMTP timeout after AUTH PLAIN ...", "Remote host closed connection in response to AUTH PLAIN ...")
 * keeps its whole message as text, and a server may echo what it was sent: the credentials never stored.
 */
function authData(command: string): string | null {
  const c = command.startsWith('pipelined ') ? command.slice(10) : command;
  if (!/^AUTH /i.test(c)) return null;
  const data = c.slice(5).trim().split(' ')[1];
  return data !== undefined && data.length >= 4 ? data : null;
}

function hide(text: string, secret: string | null): string {
  return secret === null ? text : hideSecrets(text, [secret]);
}

/** Stage for a failure message that names no SMTP command. */
export function stageOfText(message: string): Stage {
  if (message.includes('TLS') || message.includes('DANE error') || message.includes('certificate')) return 'tls';
  if (message.includes('authentication')) return 'auth';
  const lower = message.slice(0, 80).toLowerCase();
  if (
    lower.startsWith('connection refused') ||
    lower.startsWith('connection timed out') ||
    lower.startsWith('operation timed out') || // ETIMEDOUT on the BSDs and macOS
    lower.startsWith('host is down') ||
    lower.startsWith('network error') ||
    lower.startsWith('network is unreachable') ||
    lower.startsWith('no route to host') ||
    lower.startsWith('connection reset') ||
    // EADDRNOTAVAIL from connect(): the attempt never left this host (Linux, then BSD wording)
    lower.startsWith('cannot assign requested address') ||
    lower.startsWith("can't assign requested address")
  )
    return 'connect';
  return 'other';
}
