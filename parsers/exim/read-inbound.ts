// Lines about a client our server refused (direction inbound): ACL rejections and the other refusals
// smtp_in.c, receive.c and daemon.c write. Each reader gets the log text after the prefix and says
// what the line is; none of them throws, and every search is an indexOf or a bounded scan.
//
// Which SMTP code went out when the line shows none (formats.md 1.3/1.4, exim src/src/globals.c
// acl_wherecodes, smtp_in.c): deny → 550 for most ACLs, 503 AUTH, 458 ETRN, 450 ATRN, 252 VRFY;
// defer → 451 always; a `message` that starts with a code of the right class overrides it (and then
// the code is in the log line too, so it is "seen").
import type { Stage } from '../../src/model/labels.js';
import { identityKey, parseFullHost, parseHostFields, readAddress, type HostFields } from './parse-host-fields.js';
import { IGNORED, draft, type Draft, type LineFact } from './line-fact.js';
import { cap, codeAt, flattenText, isReplyCode, leadingCode, MAX_ADDRESS, MAX_HELO, MAX_TEXT, parseReply, stageOfCommand } from './parse-reply.js';
import { readDeferral, readFailure, readPerHost, serverOf } from './read-delivery.js';

/** Exim's reply texts when an ACL gave no message (smtp_in.c smtp_handle_acl_fail). */
export const DEFAULT_DENY_TEXT = 'Administrative prohibition';
export const DEFAULT_DEFER_TEXT = 'Temporary local problem - please try later';

function inbound(stage: Stage, host: HostFields | null): Draft {
  const d = draft('inbound', stage);
  if (host) {
    d.clientIp = host.ip;
    d.helo = host.helo === null ? null : cap(host.helo, MAX_HELO);
    d.sender = host.sender === null ? null : cap(host.sender, MAX_ADDRESS);
  }
  return d;
}

function inferred(d: Draft, code: number, text: string): Draft {
  d.code = code;
  d.codeSource = 'inferred';
  d.text = cap(text, MAX_TEXT);
  return d;
}

/** An optional code at the start of a logged message, else the default. */
function codeOrDefault(d: Draft, message: string, defaultCode: number | null, defaultText: string): Draft {
  const expect = defaultCode === null ? 0 : defaultCode === 252 ? 0 : Math.floor(defaultCode / 100);
  const lead = message ? leadingCode(message, expect) : null;
  if (lead) {
    d.code = lead.code;
    d.enhanced = lead.enhanced;
    d.codeSource = 'seen';
    d.text = lead.text;
    return d;
  }
  d.text = message ? cap(flattenText(message), MAX_TEXT) : defaultText;
  if (defaultCode !== null) {
    d.code = defaultCode;
    d.codeSource = 'inferred';
  }
  return d;
}

/** Host identity in the `host_and_ident(FALSE)` form (no `H=`), possibly followed by fields. */
function readIdent(t: string, at: number): HostFields {
  if (t.startsWith('H=', at) || t.startsWith('U=', at)) return parseHostFields(t, at);
  const host = parseFullHost(t, at);
  let fields: HostFields = { name: host.name, helo: host.helo, ip: host.ip, user: null, sender: null, protocol: null, end: host.end };
  if (t.charCodeAt(host.end) === 32) {
    const more = parseHostFields(t, host.end + 1);
    if (more.end > host.end + 1) fields = { ...more, name: host.name, helo: host.helo, ip: host.ip ?? more.ip };
  }
  // a bare word is a local login (`SMTP call from CALLER dropped`): keep it as the user
  if (fields.ip === null && fields.helo === null && fields.user === null && host.name) fields.user = host.name;
  return fields;
}

function who(h: HostFields): string {
  return identityKey(h.ip, h.user, h.name);
}

/**
 * The client, with its port when the line shows one (`[ip]:port`, +incoming_port): the key of one
 * connection rather than of every connection from that address (tls/lost pairs).
 */
function connectionOf(t: string, h: HostFields): string {
  const key = who(h);
  if (!h.ip) return key;
  const at = t.indexOf(`[${h.ip}]:`);
  if (at < 0) return key;
  let end = at + h.ip.length + 3;
  while (end < t.length && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) end++;
  return `${key}${t.slice(at + h.ip.length + 2, end)}`;
}

/** The RCPT/MAIL argument as logged (`<a@b>`, `a@b`, `<a@b> NOTIFY=...`, cut at 100 chars). */
function readCommandAddress(t: string, at: number): [string, number] {
  if (t.charCodeAt(at) === 60) {
    if (t.charCodeAt(at + 1) === 34) return readAddress(t, at); // quoted local part
    let close = t.indexOf('>', at);
    // a placeholder in a shared log nests the brackets (fail2ban's `<<EMAIL>>`): the argument ends
    // at the '>' that closes the last '<' of the opening run, so a stray '>' after `<a@b>` stays out
    let opened = 1;
    while (t.charCodeAt(at + opened) === 60) opened++;
    for (let extra = 1; extra < opened && close > 0 && t.charCodeAt(close + 1) === 62; extra++) close++;
    const colon = t.indexOf(': ', at);
    if (close > 0 && (colon < 0 || close < colon)) {
      const end = colon < 0 ? t.length : colon;
      return [t.slice(at + 1, close), end];
    }
    const end = colon < 0 ? t.length : colon;
    return [t.slice(at + 1, end), end];
  }
  const colon = t.indexOf(': ', at);
  const end = colon < 0 ? t.length : colon;
  const space = t.indexOf(' ', at);
  return [t.slice(at, space > 0 && space < end ? space : end), end];
}

/** Message after `: ` at `at` (or '' when the line ends there). */
function messageAt(t: string, at: number): string {
  const colon = t.indexOf(': ', at);
  return colon < 0 ? '' : t.slice(colon + 2);
}

interface WhatInfo {
  stage: Stage;
  deny: number | null;
  /** Length of the fixed part; `arg` means a command argument follows. */
  len: number;
  arg: 'none' | 'address' | 'word';
}

const WHATS: [string, WhatInfo][] = [
  ['connection in "connect" ACL', { stage: 'connect', deny: 550, len: 27, arg: 'none' }],
  ['EHLO or HELO ', { stage: 'helo', deny: 550, len: 13, arg: 'word' }],
  ['MAIL ', { stage: 'mail', deny: 550, len: 5, arg: 'address' }],
  ['RCPT ', { stage: 'rcpt', deny: 550, len: 5, arg: 'address' }],
  ['after DATA PRDR', { stage: 'data', deny: 550, len: 15, arg: 'none' }],
  ['after DATA', { stage: 'data', deny: 550, len: 10, arg: 'none' }],
  ['DATA', { stage: 'data', deny: 550, len: 4, arg: 'none' }],
  ['during MIME ACL checks', { stage: 'data', deny: 550, len: 22, arg: 'none' }],
  ['DKIM', { stage: 'data', deny: 550, len: 4, arg: 'word' }],
  ['AUTH ', { stage: 'auth', deny: 503, len: 5, arg: 'word' }],
  ['STARTTLS', { stage: 'tls', deny: 550, len: 8, arg: 'word' }],
  ['ETRN ', { stage: 'other', deny: 458, len: 5, arg: 'word' }],
  ['ATRN', { stage: 'other', deny: 450, len: 4, arg: 'word' }],
  ['EXPN ', { stage: 'other', deny: 550, len: 5, arg: 'word' }],
  ['VRFY ', { stage: 'other', deny: 252, len: 5, arg: 'word' }],
  ['WELLKNOWN ', { stage: 'other', deny: 550, len: 10, arg: 'word' }],
  ['MAILAUTH', { stage: 'mail', deny: 550, len: 8, arg: 'word' }],
];

/** A refused command WHATS does not name. */
const OTHER_WHAT: WhatInfo = { stage: 'other', deny: 550, len: 0, arg: 'word' };

/**
 * WHATS split by first character (same order within), so a rejection tries the one or two entries
 * that can match instead of all of them: every ACL rejection line goes through here.
 */
const WHATS_BY_FIRST: [string, WhatInfo][][] = [];
for (const entry of WHATS) (WHATS_BY_FIRST[entry[0].charCodeAt(0)] ??= []).push(entry);

/** `[temporarily ]rejected <what>[: message]` after the identity fields (smtp_in.c:3258-3268). */
function readAclRejection(t: string, at: number, host: HostFields): LineFact {
  const temporary = t.startsWith('temporarily ', at);
  const w = at + (temporary ? 21 : 9); // after "rejected "
  const byWhom = t.charCodeAt(w) === 98; // 'b': "by ...", checked first as it is rare
  if (byWhom && t.startsWith('by local_scan()', w)) return readLocalScan(t, w, host, temporary);
  if (byWhom && t.startsWith('by non-SMTP ACL', w)) {
    // receive.c: a non-SMTP message has no SMTP reply (acl_wherecodes "0 not relevant")
    const d = inbound('data', host);
    codeOrDefault(d, messageAt(t, w), null, DEFAULT_DENY_TEXT);
    return { kind: 'reply', draft: d, role: 'plain', twin: true, block: true };
  }
  let info = OTHER_WHAT;
  const candidates = WHATS_BY_FIRST[t.charCodeAt(w)];
  if (candidates !== undefined) {
    for (const [name, i] of candidates) {
      if (t.startsWith(name, w)) {
        info = i;
        break;
      }
    }
  }
  const d = inbound(info.stage, host);
  let p = w + info.len;
  if (info.arg === 'address') {
    const [address, end] = readCommandAddress(t, p);
    if (info.stage === 'rcpt') d.recipient = cap(address, MAX_ADDRESS);
    else d.sender = cap(address === '<>' ? '' : address, MAX_ADDRESS);
    p = end;
  } else if (info.arg === 'word') {
    const colon = t.indexOf(': ', p);
    const end = colon < 0 ? t.length : colon;
    if (info.stage === 'helo') d.helo = cap(t.slice(p, end), MAX_HELO);
    p = end;
  }
  const message = t.startsWith(': ', p) ? t.slice(p + 2) : info.arg === 'none' ? messageAt(t, p) : '';
  if (temporary) codeOrDefault(d, message, 451, DEFAULT_DEFER_TEXT);
  else codeOrDefault(d, message, info.deny, DEFAULT_DENY_TEXT);
  // A VRFY refused with Exim's default 252 ("cannot VRFY user, but will accept message") refused no
  // mail, and its 2xx code would count as accepted mail: not an event (QA). One refused with a message
  // of its own (a 550) stays one.
  if (d.code !== null && d.code < 300) return IGNORED;
  return { kind: 'reply', draft: d, role: 'reject', twin: true, who: who(host), block: true };
}

/** `F=<s> [H=..] P=proto [temporarily ]rejected by local_scan(): msg` (receive.c). */
function readLocalScan(t: string, w: number, host: HostFields, temporary: boolean): LineFact {
  const d = inbound('data', host);
  const message = messageAt(t, w);
  // P=local is a message handed to Exim on the command line: no SMTP reply goes out
  if (host.protocol === 'local') codeOrDefault(d, message, null, temporary ? DEFAULT_DEFER_TEXT : DEFAULT_DENY_TEXT);
  else codeOrDefault(d, message, temporary ? 451 : 550, temporary ? DEFAULT_DEFER_TEXT : DEFAULT_DENY_TEXT);
  return { kind: 'reply', draft: d, role: 'plain', twin: true, block: true };
}

/** `<ident> sender verify fail|defer for <addr>[: reason]` (smtp_in.c smtp_handle_acl_fail). */
function readSenderVerify(t: string, at: number, host: HostFields): LineFact {
  const defer = t.startsWith('sender verify defer', at);
  const d = inbound('other', host);
  const addrAt = t.indexOf('<', at);
  let reason = '';
  if (addrAt > 0) {
    const [address, end] = readAddress(t, addrAt);
    d.sender = cap(address, MAX_ADDRESS);
    if (t.startsWith(': ', end)) reason = cap(flattenText(t.slice(end + 2)), MAX_TEXT);
  }
  const verb = defer ? 'deferred' : 'failed';
  inferred(d, defer ? 451 : 550, reason ? `Sender verify ${verb}: ${reason}` : `Sender verify ${verb}`);
  return { kind: 'reply', draft: d, role: 'verify', twin: true, who: who(host), detail: reason };
}

/** Reply code of a synprot_error() call, by its message (smtp_in.c). */
function synprotCode(message: string, syntax: boolean): number {
  if (message.startsWith('unrecognized command')) return 500;
  if (message.includes('authentication mechanism not supported')) return 504;
  if (
    message.startsWith('AUTH command used when not advertised') ||
    message.startsWith('already authenticated') ||
    message.startsWith('not permitted in mail transaction') ||
    message.startsWith('sender already given') ||
    message.startsWith('sender not yet given') ||
    message.startsWith('valid RCPT command must precede') ||
    message.startsWith('BDAT command used when CHUNKING not advertised') ||
    message.startsWith('STARTTLS command used when not advertised') ||
    message.startsWith('ETRN is not permitted inside a transaction')
  )
    return 503;
  return syntax ? 501 : message.startsWith('MAIL must have') || message.startsWith('missing size') ? 501 : 503;
}

/** Stage of a client command as Exim quotes it (`"AUTH LOGIN ..."`, `"rcpt to:<a@b>"`). */
function stageOfClientCommand(command: string): Stage {
  const head = command.slice(0, 10).toUpperCase();
  if (head.startsWith('MAIL')) return 'mail';
  if (head.startsWith('RCPT')) return 'rcpt';
  if (head.startsWith('DATA') || head.startsWith('BDAT')) return 'data';
  if (head.startsWith('EHLO') || head.startsWith('HELO')) return 'helo';
  if (head.startsWith('AUTH')) return 'auth';
  if (head.startsWith('STARTTLS')) return 'tls';
  return 'other';
}

/**
 * `SMTP protocol|syntax error in "<cmd>" <H=...|U=...> <message>`. The quoted command is the
 * client's raw input (it can hold quotes, a fake `" H=`, or AUTH credentials): the real host part is
 * the last `" H=` / `" U=`, and the command itself is never copied into the event.
 */
function readSynprot(t: string): LineFact {
  const syntax = t.startsWith('SMTP syntax');
  const cmdAt = t.indexOf('"') + 1;
  let hostAt = t.lastIndexOf('" H=');
  if (hostAt < cmdAt) hostAt = t.lastIndexOf('" U=');
  if (hostAt < cmdAt) return IGNORED;
  const host = parseHostFields(t, hostAt + 2);
  const message = t.slice(host.end).trim();
  const d = inbound(stageOfClientCommand(t.slice(cmdAt, Math.min(hostAt, cmdAt + 12))), host);
  inferred(d, synprotCode(message, syntax), flattenText(message) || (syntax ? 'SMTP syntax error' : 'SMTP protocol error'));
  return { kind: 'reply', draft: d, role: 'synprot', twin: false, who: who(host) };
}

/**
 * `SMTP protocol synchronization error (...): rejected connection from H=... input="..."` or
 * `...: rejected "CMD" H=... next input="..."` (smtp_in.c; 554 SMTP synchronization error).
 */
function readSyncError(t: string, at: number): LineFact {
  const close = t.indexOf('): ', at);
  if (close < 0) return IGNORED;
  const what = t.slice(at, close + 1);
  let stage: Stage = 'connect';
  let host: HostFields;
  const rest = close + 3;
  if (t.startsWith('rejected connection from ', rest)) {
    host = readIdent(t, rest + 25);
  } else {
    // the command and the next input are both client text: take the last `" H=` before the last
    // ` next input="`
    const next = t.lastIndexOf(' next input="');
    const limit = next > rest ? next : t.length;
    const hostAt = t.lastIndexOf('" H=', limit);
    if (hostAt < rest) return IGNORED;
    host = parseHostFields(t, hostAt + 2);
    if (t.startsWith('rejected "', rest)) stage = stageOfClientCommand(t.slice(rest + 10, Math.min(hostAt, rest + 22)));
  }
  const d = inbound(stage, host);
  inferred(d, 554, what);
  return { kind: 'reply', draft: d, role: 'plain', twin: true };
}

/** `SMTP call from <host> dropped: too many ... (last was "...")` (smtp_in.c). */
function readDropped(t: string): LineFact {
  const dropped = t.indexOf(' dropped: ');
  const host = readIdent(t, 15);
  const reasonEnd = t.indexOf(' (last', dropped);
  const reason = t.slice(dropped + 10, reasonEnd < 0 ? t.length : reasonEnd);
  const lastAt = t.indexOf('"', dropped);
  const last = lastAt < 0 ? '' : t.slice(lastAt + 1, lastAt + 13);
  let code = 554; // too many nonmail commands: "554 Too many nonmail commands"
  let stage: Stage = 'other';
  let role: 'plain' | 'dropped' = 'plain';
  if (reason.startsWith('too many unrecognized')) {
    code = 500;
    role = 'dropped';
  } else if (reason.startsWith('too many syntax or protocol')) {
    // the code of the last error, repeated with "Too many syntax or protocol errors"
    stage = stageOfClientCommand(last);
    code = stage === 'auth' || stage === 'data' ? 503 : stage === 'other' ? 500 : 501;
    role = 'dropped';
  }
  const d = inbound(stage, host);
  inferred(d, code, reason);
  return { kind: 'reply', draft: d, role, twin: true, who: who(host) };
}

/**
 * `<name> authenticator failed for <host>: 535 Incorrect authentication data (set_id=...)`
 * (smtp_in.c, LOG_MAIN|LOG_REJECT), and the client side `<id> <name> authenticator failed H=<host>
 * 535 ...` (transports/smtp.c, during a delivery). The code is in the text. `set_id=` holds the
 * login the client tried: it is cut from the text (it is not part of the reply the client saw, and
 * clients sometimes type a password there).
 */
function readAuthFailure(t: string, at: number, messageId: string | null): LineFact {
  const rest = at + 21; // after " authenticator failed"
  let host: HostFields;
  let outbound = false;
  if (t.startsWith(' for ', rest)) host = readIdent(t, rest + 5);
  else if (t.startsWith(' H=', rest)) {
    host = parseHostFields(t, rest + 1);
    outbound = messageId !== null;
  } else return IGNORED;
  // the code: the first three digits standing alone after the host part
  let codeAt3 = -1;
  for (let i = host.end; i < Math.min(t.length, host.end + 64); i++) {
    const prev = t.charCodeAt(i - 1);
    if ((prev === 32 || prev === 58) && isReplyCode(codeAt(t, i))) {
      codeAt3 = i;
      break;
    }
  }
  let d: Draft;
  if (outbound) {
    d = draft('outbound', 'auth');
    d.server = serverOf(host.name, host.ip);
  } else d = inbound('auth', host);
  if (codeAt3 < 0) {
    d.text = 'authenticator failed';
  } else {
    let reply = t.slice(codeAt3);
    const setId = reply.indexOf(' (set_id=');
    if (setId >= 0) reply = reply.slice(0, setId);
    const parsed = parseReply(reply);
    d.code = parsed.code;
    d.enhanced = parsed.enhanced;
    d.codeSource = 'seen';
    d.text = parsed.text;
  }
  return { kind: 'reply', draft: d, role: 'plain', twin: !outbound };
}

/** Reads a line whose text starts with a host identity or field run (`H=`, `U=`, `F=`, `DS`). */
function readIdentLed(t: string, messageId: string | null): LineFact {
  const host = parseHostFields(t, 0);
  const p = host.end;
  if (t.startsWith('rejected ', p) || t.startsWith('temporarily rejected ', p)) return readAclRejection(t, p, host);
  if (t.startsWith('sender verify fail', p) || t.startsWith('sender verify defer', p)) return readSenderVerify(t, p, host);
  if (t.startsWith("dropped by 'connect' ACL", p)) {
    // daemon-side connect ACL drop (4.98+; corpus line 984): deny and drop both send 550
    const d = inbound('connect', host);
    codeOrDefault(d, messageAt(t, p), 550, DEFAULT_DENY_TEXT);
    return { kind: 'reply', draft: d, role: 'plain', twin: true };
  }
  if (messageId && t.includes('reject from cutthrough after ')) return readCutthrough(t);
  if (t.startsWith('H=') && host.helo === null && host.ip !== null) {
    // outbound per-host line: `<id> H=name [ip]: SMTP error ...` / `H=name [ip] Connection refused`
    const per = readPerHost(t, host, messageId);
    if (per) return per;
  }
  return IGNORED;
}

const CONNECTION_REFUSALS: [string, number, string][] = [
  // daemon.c: LOG_MAIN only; the texts are the replies daemon.c sends before it logs the line, whole
  // (smtp_accept_max_per_host, smtp_accept_max, smtp_load_reserve)
  [': too many connections from that IP address', 421, 'Too many concurrent SMTP connections from this IP address; please try again later.'],
  [': too many connections', 421, 'Too many concurrent SMTP connections; please try again later.'],
  [': load average', 421, 'Too much load; please try again later.'],
];

/**
 * A line of a message log (`exim -Mvl <id>`, spool/msglog/<id>): deliver.c and transports/smtp.c
 * write each attempt there as well (deliver_msglog), with the main log's texts but no message id (the
 * file is the message's) and no flag on a deferral (Exim's test/msglog/0099.*, 0198.*, 5000.*):
 *   H=name [ip] Connection refused           (before 4.85: `name [ip] Connection refused`)
 *   addr R=r T=t defer (errno): message      (the `==` line's text)
 *   routing failed for addr: message         (failure_log for a routing failure)
 * Only asked about a line with no message id that no other reader took, outside debug output.
 */
export function readMessageLog(t: string): LineFact | null {
  if (t.startsWith('H=')) {
    const host = parseHostFields(t, 0);
    if (host.helo !== null || host.ip === null) return null;
    return readPerHost(t, host, MESSAGE_LOG);
  }
  if (t.startsWith('routing failed for ')) {
    const fact = readFailure(`** ${t.slice(19)}`);
    return fact.kind === 'reply' ? fact : null;
  }
  const space = t.indexOf(' ');
  if (space > 0 && space < 520) {
    const token = t.slice(0, space);
    const c0 = token.charCodeAt(0);
    // the deferral: an address (or a pipe/file item) then the router and transport, then `defer (n)`
    if ((token.includes('@') || c0 === 124 || c0 === 47) && (t.startsWith(' R=', space) || t.startsWith(' T=', space) || t.startsWith(' <', space))) {
      const defer = t.indexOf(' defer (', space);
      const colon = t.indexOf(': ', space);
      if (defer > 0 && (colon < 0 || defer < colon)) {
        const fact = readDeferral(`== ${t}`);
        return fact.kind === 'reply' ? fact : IGNORED;
      }
    }
  }
  const bare = readBareHost(t, MESSAGE_LOG);
  return bare.kind === 'reply' ? bare : null;
}

/** Stands for the message id a message log's lines do not carry (only its presence is looked at). */
const MESSAGE_LOG = 'msglog';

/** Reads the log text of an Exim line that is not a delivery (`**`, `==`, `=>`...) line. */
export function readInbound(t: string, messageId: string | null): LineFact {
  const c0 = t.charCodeAt(0);
  // Lines led by a host identity or fields: H=, U=, F=, DS
  if ((c0 === 72 || c0 === 85 || c0 === 70) && t.charCodeAt(1) === 61) return readIdentLed(t, messageId);
  if (t.startsWith('DS H=')) return readIdentLed(t, messageId);

  // Both can sit behind a few words (an authenticator name, corpus line 72's inserted token), so they
  // are looked for in the head of the line only: a long line is not scanned twice to its end.
  const head = t.length > 160 ? t.slice(0, 160) : t;
  const sync = head.indexOf('SMTP protocol synchronization error');
  if (sync >= 0 && sync < 120) return readSyncError(t, sync);

  // (a TAB before "authenticator" is seen in pasted syslog lines, fail2ban#2553)
  const auth = head.indexOf('authenticator failed') - 1;
  if (auth >= 0 && auth < 120 && (head.charCodeAt(auth) === 32 || head.charCodeAt(auth) === 9)) return readAuthFailure(t, auth, messageId);

  if (t.startsWith('SMTP ')) {
    if (t.startsWith('SMTP call from ') && t.includes(' dropped: ')) return readDropped(t);
    if (t.startsWith('SMTP protocol error in "') || t.startsWith('SMTP syntax error in "')) return readSynprot(t);
    if (t.startsWith('SMTP command timeout on ')) {
      // smtp_in.c command_timeout_handler: "421 <host>: SMTP command timeout - closing connection"
      const from = t.indexOf('connection from ');
      const host = from < 0 ? null : readIdent(t, from + 16);
      return { kind: 'reply', draft: inferred(inbound('other', host), 421, 'SMTP command timeout'), role: 'plain', twin: false };
    }
    if (t.startsWith('SMTP data timeout ')) {
      // receive.c data_timeout_handler: 421, message abandoned
      const from = t.indexOf('connection from ');
      const host = from < 0 ? null : readIdent(t, from + 16);
      return { kind: 'reply', draft: inferred(inbound('data', host), 421, 'SMTP data timeout (message abandoned)'), role: 'plain', twin: false };
    }
    if (t.startsWith('SMTP connection ') && t.includes(' lost while reading message data')) {
      // receive.c: the client went away during DATA; no reply
      const from = t.indexOf('from ');
      const host = from < 0 ? null : readIdent(t, from + 5);
      const d = inbound('data', host);
      d.text = 'connection lost while reading message data';
      // (the hang-up of a failed TLS read during DATA: see the TLS error below)
      return { kind: 'reply', draft: d, role: 'lost', twin: false, who: host ? connectionOf(t, host) : '' };
    }
    if (messageId && (t.startsWith('SMTP error from remote mail') || t.startsWith('SMTP timeout while connected to '))) {
      return readPerHost(t, null, messageId) ?? IGNORED;
    }
    return IGNORED;
  }

  if (t.startsWith('rejected ') || t.startsWith('temporarily rejected "')) return readOtherRejection(t);

  if (t.startsWith('VRFY failed for ')) return readVrfyFailed(t);

  if (t.startsWith('too many recipients: ')) {
    // smtp_in.c: 452 (excess temporarily rejected) or 552 (message rejected)
    const senderAt = t.indexOf('sender=');
    const [sender, end] = senderAt < 0 ? ['', -1] : readAddress(t, senderAt + 7);
    const host = end < 0 ? null : readIdent(t, end + 1);
    const d = inbound('rcpt', host);
    if (senderAt >= 0) d.sender = cap(sender, MAX_ADDRESS);
    const excess = t.startsWith('too many recipients: excess');
    inferred(d, excess ? 452 : 552, excess ? 'too many recipients: excess temporarily rejected' : 'too many recipients: message rejected');
    return { kind: 'reply', draft: d, role: 'plain', twin: true };
  }

  if (t.startsWith('unqualified ') && t.includes(' rejected: <')) {
    // smtp_in.c: 501 "<x>: sender|recipient address must contain a domain"
    const kind = t.slice(12, t.indexOf(' rejected'));
    const addrAt = t.indexOf('<');
    const [address, end] = readAddress(t, addrAt);
    const host = readIdent(t, end + 1);
    const d = inbound(kind === 'sender' ? 'mail' : kind === 'recipient' ? 'rcpt' : 'other', host);
    if (kind === 'sender') d.sender = cap(address, MAX_ADDRESS);
    else if (kind === 'recipient') d.recipient = cap(address, MAX_ADDRESS);
    inferred(d, 501, `unqualified ${kind} address`);
    return { kind: 'reply', draft: d, role: 'plain', twin: true };
  }

  if (t.startsWith('Connection from ') && t.includes(' refused')) {
    const host = readIdent(t, 16);
    for (const [marker, code, text] of CONNECTION_REFUSALS) {
      if (t.includes(marker)) return { kind: 'reply', draft: inferred(inbound('connect', host), code, text), role: 'plain', twin: false };
    }
    return IGNORED;
  }
  if (t.startsWith('refused connection from ')) {
    // host_reject_connection or tcp wrappers: "554 SMTP service not available"
    const host = readIdent(t, 24);
    const why = t.indexOf(' (');
    return {
      kind: 'reply',
      draft: inferred(inbound('connect', host), 554, `SMTP service not available${why > 0 ? t.slice(why) : ''}`),
      role: 'plain',
      twin: true,
    };
  }
  if (t.startsWith('temporarily refused connection from ')) {
    const host = readIdent(t, 36);
    const wrappers = t.includes('(tcp wrappers');
    return {
      kind: 'reply',
      draft: inferred(inbound('connect', host), wrappers ? 451 : 421, wrappers ? DEFAULT_DEFER_TEXT : 'Too many concurrent SMTP connections; please try again later'),
      role: 'plain',
      twin: wrappers,
    };
  }
  if (t.startsWith('connection from ') && t.includes(' refused (IP options)')) {
    return { kind: 'reply', draft: inferred(inbound('connect', readIdent(t, 16)), 554, 'SMTP service not available (IP options)'), role: 'plain', twin: true };
  }
  if (t.startsWith('unexpected disconnection while reading SMTP ')) {
    // L_lost_incoming_connection: the client vanished in the middle of a transaction; no reply
    const from = t.indexOf(' from ');
    const host = from < 0 ? null : readIdent(t, from + 6);
    const d = inbound(t.startsWith('unexpected disconnection while reading SMTP data') ? 'data' : 'other', host);
    d.text = 'connection lost';
    return { kind: 'reply', draft: d, role: 'lost', twin: false, who: host ? connectionOf(t, host) : '' };
  }
  if (t.startsWith('TLS error on connection ')) {
    // smtp_in.c smtp_log_tls_fail / tls-*.c: the handshake failed, no SMTP reply
    const fromAt = tlsErrorPeerAt(t);
    if (fromAt < 0) return IGNORED;
    const host = readIdent(t, fromAt);
    // the detail follows the host: `(SSL_accept): timed out`, or without parentheses in 4.96+
    // (`SSL_accept: TCP connection closed by peer`)
    const detail = flattenText(t.slice(host.end));
    const inboundError = t.charCodeAt(fromAt - 2) === 109; // `from ` (a client), else `to ` (a server we called)
    const d = inboundError ? inbound('tls', host) : draft('outbound', 'tls');
    if (!inboundError) d.server = serverOf(host.name, host.ip);
    d.text = cap(detail ? `TLS error ${detail}` : 'TLS error', MAX_TEXT);
    // Our certificate or key could not be loaded: the handshake never started and Exim answered the
    // STARTTLS with 454 (smtp_in.c: "454 TLS currently unavailable" when tls_server_start defers).
    if (inboundError && detail.startsWith('(cert/key setup')) {
      d.code = 454;
      d.codeSource = 'inferred';
    }
    // A failed read of a client's TLS session is where that session ends: GnuTLS's tls_refill logs it as
    // `(recv)` and hands an EOF on, which smtp_in logs at once as the `unexpected disconnection` (in a
    // transaction) or receive.c as the connection `lost while reading message data`. No other TLS error
    // is followed by those: after a failed handshake (`(gnutls_handshake)`, `(SSL_accept)`) smtp_in only
    // waits for QUIT or EOF ("closed by EOF"), after `(cert/key setup ...)` it answers 454 and the session
    // goes on in clear; OpenSSL's failed read (`TLS error (SSL_read): ...`) names no client.
    if (inboundError && detail.startsWith('(recv)')) return { kind: 'reply', draft: d, role: 'tls', twin: false, who: connectionOf(t, host) };
    return { kind: 'reply', draft: d, role: 'plain', twin: false };
  }
  if (t.startsWith('local_scan() function ') && t.includes('temporarily rejected')) {
    // receive.c: local_scan timed out or crashed → 451
    const what = t.slice(0, t.indexOf(' - '));
    return { kind: 'reply', draft: inferred(inbound('data', null), 451, what), role: 'plain', twin: true, block: true };
  }
  if (messageId && t.includes('reject from cutthrough after ')) return readCutthrough(t);
  if (messageId) {
    // a per-host line before 4.85 with the host inside the message (read-delivery.ts PER_HOST_STARTS)
    if (c0 === 82 && t.startsWith('Remote host ')) return readPerHost(t, null, messageId) ?? IGNORED;
    return readBareHost(t, messageId);
  }
  return IGNORED;
}

/**
 * Where the peer starts in a `TLS error on connection ...` line: after `from ` (a client: smtp_in's
 * connection info, `connection Ci=<id> from ...` with the 4.97+ connection_id selector) or after `to `
 * (a server we called, tls_error with a host); -1 for any other form.
 */
function tlsErrorPeerAt(t: string): number {
  let at = 24; // 'TLS error on connection '.length
  if (t.startsWith('Ci=', at)) {
    const space = t.indexOf(' ', at);
    if (space < 0) return -1;
    at = space + 1;
  }
  if (t.startsWith('from ', at)) return at + 5;
  if (at === 24 && t.startsWith('to ', at)) return at + 3;
  return -1;
}

/**
 * `VRFY failed for <argument> H=<host>` (smtp_in.c, VRFY_CMD): the VRFY ACL accepted, the address
 * did not verify and Exim answered `550 <address> is not deliverable` (or `550 <address> <message>`
 * when a router gave one, which the line does not show). LOG_MAIN only. Real line: the AIT log data
 * set as quoted in logdata-anomaly-miner's test script (`VRFY failed for boyce@cup.com H=(x) [ip]`).
 * The argument is the client's raw text: the host part is the last ` H=`/` U=` field.
 */
function readVrfyFailed(t: string): LineFact {
  // `VRFY failed for ` is 16 characters, its last a space: a host field may start right there
  // (an empty argument), so ` H=` is looked for from that space on.
  let at = t.lastIndexOf(' H=');
  if (at < 15) at = t.lastIndexOf(' U=');
  const host = at < 15 ? null : parseHostFields(t, at + 1);
  const argument = (at < 15 ? t.slice(16) : t.slice(16, Math.max(16, at))).trim();
  const address = argument.startsWith('<') && argument.endsWith('>') ? argument.slice(1, -1) : argument;
  const d = inbound('other', host);
  d.recipient = address ? cap(address, MAX_ADDRESS) : null;
  inferred(d, 550, `<${address}> is not deliverable`);
  return { kind: 'reply', draft: d, role: 'plain', twin: false };
}

/**
 * Exim before 4.85 wrote the per-host failure without `H=`: `<id> mx.example.com [192.0.2.1]
 * Connection refused` (Debian 8 exim4 4.84 mainlog, exim-mainlog.samples.log). Only a host name
 * followed by an address group and a per-host message counts.
 */
export function readBareHost(t: string, messageId: string): LineFact {
  const c0 = t.charCodeAt(0);
  if (!((c0 >= 48 && c0 <= 57) || (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return IGNORED;
  const space = t.indexOf(' ', 1);
  if (space < 0 || space > 255 || t.charCodeAt(space + 1) !== 91) return IGNORED;
  const host = parseFullHost(t, 0);
  // an address the poster masked (`[yyy.yyy.yyy.157]`, parse-host-fields.ts maskedGroupEnd) still
  // closes the host: the failure is real, only the address is unknown
  const masked = host.ip === null && host.end > space + 1 && t.charCodeAt(host.end - 1) === 93;
  if ((host.ip === null && !masked) || t.charCodeAt(host.end) !== 32) return IGNORED;
  const fields: HostFields = { name: host.name, helo: null, ip: host.ip, user: null, sender: null, protocol: null, end: host.end + 1 };
  return readPerHost(t, fields, messageId) ?? IGNORED;
}

/** `rejected ...` lines that are not ACL rejections (smtp_in.c, receive.c, xclient.c). */
function readOtherRejection(t: string): LineFact {
  if (t.startsWith('rejected HELO from ') || t.startsWith('rejected EHLO from ')) {
    // "501 Syntactically invalid HELO argument(s)"
    const host = readIdent(t, 19);
    const d = inbound('helo', host);
    const argAt = t.indexOf('syntactically invalid argument(s): ', host.end);
    if (argAt >= 0 && !t.startsWith("(no argument given)", argAt + 35)) {
      // the client's argument as Exim printed it; nothing (or only the white space a copy leaves at the
      // end of a line) after the colon names no HELO (ix-ai/smtp#6, probe-exim-13)
      const arg = t.slice(argAt + 35).trimEnd();
      if (arg !== '') d.helo = cap(arg, MAX_HELO);
    }
    inferred(d, 501, `Syntactically invalid ${t.slice(9, 13)} argument(s)`);
    // counts as a syntax error: it can be the last straw before "dropped: too many syntax errors"
    return { kind: 'reply', draft: d, role: 'synprot', twin: true, who: who(host) };
  }
  if (t.startsWith('rejected "') || t.startsWith('temporarily rejected "')) {
    // helo_verify_hosts: `[temporarily ]rejected "EHLO x" from <host>` → 550 / 451
    const temporary = t.startsWith('temporarily');
    const q = t.indexOf('"') + 1;
    const fromAt = t.lastIndexOf('" from ');
    if (fromAt < q) return IGNORED;
    const host = readIdent(t, fromAt + 7);
    const d = inbound('helo', host);
    d.helo = cap(t.slice(q + 5, fromAt), MAX_HELO);
    inferred(d, temporary ? 451 : 550, `${t.slice(q, q + 4)} argument does not match calling host`);
    return { kind: 'reply', draft: d, role: 'plain', twin: true };
  }
  if (t.startsWith('rejected MAIL from ')) {
    // helo_required: "503 HELO or EHLO required"
    const host = readIdent(t, 19);
    return { kind: 'reply', draft: inferred(inbound('mail', host), 503, 'no HELO/EHLO given'), role: 'plain', twin: true };
  }
  if (t.startsWith('rejected MAIL command ')) {
    // smtp_accept_max_per_connection: "421 too many messages in this connection"
    const host = readIdent(t, 22);
    return { kind: 'reply', draft: inferred(inbound('mail', host), 421, 'too many messages in one connection'), role: 'plain', twin: true };
  }
  if (t.startsWith('rejected MAIL FROM:')) {
    // message_size_limit vs SIZE=: "552 Message size exceeds maximum permitted"
    const [sender, end] = readAddress(t, 19);
    const host = readIdent(t, end + 1);
    const d = inbound('mail', host);
    d.sender = cap(sender, MAX_ADDRESS);
    inferred(d, 552, flattenText(messageAt(t, host.end)) || 'message too big');
    return { kind: 'reply', draft: d, role: 'plain', twin: true };
  }
  if (t.startsWith('rejected from <')) {
    // receive.c: data too big / non-CRLF header under CHUNKING, both "552 ..."
    const [sender, end] = readAddress(t, 14);
    const host = readIdent(t, end + 1);
    const d = inbound('data', host);
    d.sender = cap(sender, MAX_ADDRESS);
    inferred(d, 552, flattenText(messageAt(t, Math.max(end, host.end))) || 'message too big');
    return { kind: 'reply', draft: d, role: 'plain', twin: true, block: true };
  }
  if (t.startsWith('rejected XCLIENT from ')) {
    const host = readIdent(t, 22);
    const message = messageAt(t, host.end);
    const code = message.includes('in progress') ? 503 : 501;
    return { kind: 'reply', draft: inferred(inbound('other', host), code, flattenText(message) || 'XCLIENT rejected'), role: 'plain', twin: true };
  }
  return IGNORED;
}

/** `<id> U=.. addr F=<s> P=<s> tmp-reject from cutthrough after DATA: R=.. T=.. H=.. C="459 ..."`. */
function readCutthrough(t: string): LineFact {
  const after = t.indexOf('reject from cutthrough after ');
  const colon = t.indexOf(': ', after);
  const command = t.slice(after + 29, colon < 0 ? t.length : colon);
  const d = draft('outbound', stageOfCommand(command));
  const hAt = t.indexOf(' H=', after);
  if (hAt > 0) {
    const host = parseFullHost(t, hAt + 3);
    d.server = serverOf(host.name, host.ip);
  }
  const fAt = t.indexOf(' F=<');
  if (fAt > 0) {
    const [sender] = readAddress(t, fAt + 3);
    d.sender = cap(sender, MAX_ADDRESS);
    const before = t.lastIndexOf(' ', fAt - 1);
    d.recipient = cap(t.slice(before + 1, fAt), MAX_ADDRESS);
  }
  const cAt = t.indexOf(' C="', after);
  if (cAt > 0) {
    const end = t.lastIndexOf('"');
    const reply = parseReply(t.slice(cAt + 4, end > cAt + 4 ? end : t.length));
    d.code = reply.code;
    d.enhanced = reply.enhanced;
    d.codeSource = reply.code === null ? 'none' : 'seen';
    d.text = reply.text;
  }
  return { kind: 'reply', draft: d, role: 'plain', twin: false };
}
