// The streaming hMailServer parser: follows every SMTP session by its id and turns each refusal into a
// ReplyEvent with the command it answered, the client/server, HELO, sender and recipient.
//
// Which lines say what (formats.md §2.3; hmailserver SMTP/SMTPConnection.cpp, SMTPClientConnection.cpp):
//   SMTPD  RECEIVED: <client command>   SENT: <our reply>         → our refusals are inbound events
//   SMTPC  SENT: <our command>          RECEIVED: <remote reply>  → remote refusals are outbound events
// Every line gets one verdict (parsers/types.ts):
//   reply    a 4xx/5xx reply, or a reply without code (`SENT: Too many invalid commands. Bye!`)
//   success  the 2xx answering the end of message data: one message accepted (SMTPD) / delivered (SMTPC)
//   context  commands, other replies (they feed the session state), continuation lines (see below)
//   ignored  greetings, IMAPD/POP3D/POP3C/TCPIP/DEBUG/APPLICATION/ERROR lines, hMailServer's own remarks
//            in SMTPD lines (`Archiving..`, `Size: ... DROP!!`)
//   skipped  anything that is not a well-formed hMailServer line
//
// Credentials: hMailServer writes AUTH payloads into the log (`RECEIVED: AUTH PLAIN <b64 user> ***`, the
// base64 user name after `334 VXNlcm5hbWU6`; builds before 5.7 wrote the whole AUTH PLAIN string). An
// event only ever gets the reply text and the addresses of MAIL/RCPT; client commands never reach
// `text`, and a line following a 334 is not even read.
//
// Bare LF: hMailServer escapes CRLF as `[nl]` but not a lone LF, so a message can go on over several
// physical lines; the first has no closing quote. Lines that follow it and are not hMailServer lines
// themselves are its continuation (verdict `context`, at most MAX_CONTINUATION_LINES of them) and, when
// the message is a refusal, their text is appended to it with a space, like a `[nl]`. The event is sent
// once the message is complete (`pendingLine` tells ingest not to commit past it meanwhile).
import { blankEvent, type ReplyEvent } from '../../src/model/event.js';
import type { Direction, Stage } from '../../src/model/labels.js';
import type { LineVerdict, LogLine, LogParser, ParseSink } from '../types.js';
import {
  addressIn,
  CMD_AUTH,
  CMD_DATA,
  CMD_HELO,
  CMD_MAIL,
  CMD_NONE,
  CMD_RCPT,
  CMD_RSET,
  CMD_TLS,
  commandAt,
  heloName,
  STAGE_OF_COMMAND,
} from './command.js';
import { flatSlice } from './flat.js';
import { parseReply, replyCode } from './reply.js';
import { resetTransaction, type Session, sessionKey, SessionTable } from './sessions.js';
import { newLineFields, splitLine } from './split-line.js';
import { hasAt } from '../../src/util/text-at.js';
import { hideSecrets } from '../../src/util/hide-secrets.js';

/** Open sessions kept at most (a busy server has a few hundred at a time). */
export const MAX_SESSIONS = 10_000;
/** Physical lines one message may continue over after a bare LF, and the text kept from them. */
export const MAX_CONTINUATION_LINES = 200;
const MAX_CONTINUATION_CHARS = 8192;
const MAX_IP = 64;
/** Characters of reply text kept, as the Exim and PHPMailer parsers keep (a 60 KB reply was stored whole). */
const MAX_TEXT = 2000;

const QUOTE = 34;

interface Pending {
  event: ReplyEvent;
  parts: string[];
  chars: number;
  secrets: string[] | null;
}

export class HmailParser implements LogParser {
  /** The time of the last well-formed line (lastTime), when `timed`. */
  private lastTimeMs = 0;
  private timed = false;
  private readonly fields = newLineFields();
  private readonly sessions: SessionTable;
  /** The last well-formed line had no closing quote: lines that are not hMailServer lines continue it. */
  private continuing = false;
  private continuationLines = 0;
  /** A refusal whose text goes on in continuation lines. */
  private pending: Pending | null = null;

  constructor(
    private readonly sink: ParseSink,
    maxSessions = MAX_SESSIONS,
  ) {
    this.sessions = new SessionTable(maxSessions);
  }

  /**
   * The time of the last well-formed line. Kept in a field that only ever holds numbers: V8 updates such
   * a field in place, while a field that may hold null boxes every time stored in it (beyond the
   * small-integer range) as a new heap number, one allocation per line for a value read now and then.
   */
  get lastTime(): number | null {
    return this.timed ? this.lastTimeMs : null;
  }

  /** Open sessions and how many were forgotten for lack of room (for tests and diagnostics). */
  get openSessions(): number {
    return this.sessions.size;
  }
  get evictedSessions(): number {
    return this.sessions.evicted;
  }

  push(line: LogLine): LineVerdict {
    let text = line.text;
    // The reader strips CR/LF; tolerate a CR left by a naive splitter and a BOM opening a file.
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

    const f = this.fields;
    if (!splitLine(text, f)) return this.continuing ? this.continuation(text) : 'skipped';
    this.endContinuation();
    this.lastTimeMs = f.time;
    this.timed = true;
    if (!f.terminated) {
      this.continuing = true;
      this.continuationLines = 0;
    }

    switch (f.kind) {
      case 'SMTPD':
        if (hasAt(text, 'SENT: ', f.msgStart)) return this.smtpdReply(text, line, f.msgStart + 6);
        if (hasAt(text, 'RECEIVED: ', f.msgStart)) return this.command(text, f.msgStart + 10, false);
        return 'ignored';
      case 'SMTPC':
        if (hasAt(text, 'RECEIVED: ', f.msgStart)) return this.smtpcReply(text, line, f.msgStart + 10);
        if (hasAt(text, 'SENT: ', f.msgStart)) return this.command(text, f.msgStart + 6, true);
        return 'ignored';
      case 'DEBUG':
        this.debug(text);
        return 'ignored';
      case 'APPLICATION':
        // A (re)start: every session is gone and ids start again (formats.md §2.2, giacobeville block).
        if (hasAt(text, 'Starting servers', f.msgStart) || hasAt(text, 'Servers started', f.msgStart)) this.sessions.clear();
        return 'ignored';
      default:
        // IMAPD/POP3D/POP3C: other protocols, counted as read. TCPIP, ERROR (`Severity: 2 (High), Code:
        // HM5xxx, ...`, ErrorManager.cpp:169): server internals, no SMTP reply.
        return 'ignored';
    }
  }

  finish(): void {
    this.endContinuation();
    this.sessions.clear();
  }

  pendingLine(): LogLine | null {
    return this.pending ? { text: '', offset: this.pending.event.offset, number: this.pending.event.line } : null;
  }

  // ---- SMTPD: a client talking to us -------------------------------------------------------------

  private smtpdReply(text: string, line: LogLine, start: number): LineVerdict {
    const f = this.fields;
    const key = sessionKey(f.session, false);
    const code = replyCode(text, start, f.msgEnd);
    let s = this.sessions.get(key);
    if (isGreeting(code, s)) {
      // `SENT: 220 <host> ESMTP`: a new connection under this id.
      this.sessions.open(key, true);
      return 'ignored';
    }
    // A reply for a session we never saw start: the log began in its middle.
    if (!s) s = this.sessions.open(key, false);
    return this.reply(s, key, code, text, line, start, 'inbound');
  }

  // ---- SMTPC: us delivering to a remote server ----------------------------------------------------

  private smtpcReply(text: string, line: LogLine, start: number): LineVerdict {
    const f = this.fields;
    const key = sessionKey(f.session, true);
    const code = replyCode(text, start, f.msgEnd);
    let s = this.sessions.get(key);
    if (isGreeting(code, s)) {
      this.sessions.open(key, true);
      return 'ignored';
    }
    // hMailServer logs a delivery from its first byte, so a reply in a session not seen yet is the
    // remote greeting (here a refusing one: `RECEIVED: 554 ... not accepting connections`).
    if (!s) s = this.sessions.open(key, true);
    return this.reply(s, key, code, text, line, start, 'outbound');
  }

  // ---- commands (RECEIVED in SMTPD, SENT in SMTPC) ------------------------------------------------

  private command(text: string, start: number, outbound: boolean): LineVerdict {
    const f = this.fields;
    const end = f.msgEnd;
    const key = sessionKey(f.session, outbound);
    const s = this.sessions.get(key) ?? this.sessions.open(key, false);
    s.awaiting = true;
    if (s.authExchange) {
      // The answer to a 334: a base64 user name, `<b64 user> ***` or `***`. Never read, only
      // remembered (SMTPC: what we sent) to be masked in a reply that echoes it.
      s.cmd = CMD_AUTH;
      if (outbound) rememberSecret(s, text.slice(start, end));
      return 'context';
    }
    if (outbound && hasAt(text, '[nl].', start)) {
      // SMTPC ends the message data with `SENT: [nl].` (SMTPClientConnection.cpp ReadAndSend_ sends "\r\n.").
      s.cmd = CMD_DATA;
      s.endOfData = true;
      return 'context';
    }
    s.endOfData = false;
    const cmd = commandAt(text, start, end);
    s.cmd = cmd;
    s.arg = null;
    if (cmd === CMD_MAIL || cmd === CMD_RCPT) s.arg = addressIn(text, start + 4, end);
    else if (cmd === CMD_HELO && !outbound) s.helo = heloName(text, start, end);
    else if (cmd === CMD_RSET) resetTransaction(s);
    else if (cmd === CMD_AUTH && outbound) rememberSecret(s, text.slice(start, end).split(' ')[2] ?? ''); // AUTH <mech> <initial response>
    return 'context';
  }

  // ---- replies, both directions -------------------------------------------------------------------

  private reply(s: Session, key: number, code: number, text: string, line: LogLine, start: number, direction: Direction): LineVerdict {
    const f = this.fields;
    if (code >= 100 && code < 400) {
      if (code === 334) {
        s.authExchange = true;
        return 'context';
      }
      s.authExchange = false;
      if (code === 354) {
        // After a 354 the client sends nothing but the message data, so the next reply answers the end
        // of data (RFC 5321 §4.1.1.4). SMTPD: the body is not logged. SMTPC: we send the body and mark
        // its end with `SENT: [nl].`, but a log cut down to its RECEIVED lines (pastebin.com/dgmb7AmD)
        // has no such line: the 354 alone must set the data stage.
        s.endOfData = true;
        if (direction === 'outbound') s.awaiting = false;
        return 'context';
      }
      if (s.endOfData && code < 300) {
        this.sink.success(f.time, direction);
        resetTransaction(s);
        s.awaiting = false;
        return 'success';
      }
      if (s.awaiting && code < 300) {
        if (s.cmd === CMD_MAIL) {
          resetTransaction(s);
          s.sender = s.arg;
        } else if (s.cmd === CMD_RCPT) {
          if (++s.accepted === 1) s.firstAccepted = s.arg;
        }
      }
      s.awaiting = false;
      if (code === 221) this.sessions.drop(key);
      return 'context';
    }
    if (code < 0 && f.msgEnd <= start) return 'context'; // an empty SENT:/RECEIVED:, nothing said

    const event = this.newEvent(s, text, line, direction);
    const ended = s.endOfData;
    s.authExchange = false;
    s.awaiting = false;
    if (ended) resetTransaction(s);
    // 421 closes the connection (RFC 5321 §3.8), and so does the code-less `Too many invalid commands. Bye!`.
    if (code === 421 || (code < 0 && direction === 'inbound')) this.sessions.drop(key);

    const secrets = direction === 'outbound' ? s.secrets : null;
    if (!f.terminated) {
      this.pending = { event, parts: [flatSlice(text, start, f.msgEnd, MAX_CONTINUATION_CHARS)], chars: f.msgEnd - start, secrets };
      return 'reply';
    }
    fillReply(event, text.slice(start, f.msgEnd), secrets);
    this.sink.event(event);
    return 'reply';
  }

  /** An event with everything but the reply itself, from the session as it stands now. */
  private newEvent(s: Session, text: string, line: LogLine, direction: Direction): ReplyEvent {
    const f = this.fields;
    const e = blankEvent(line.number, line.offset);
    e.time = f.time;
    e.direction = direction;
    const stage = stageOf(s);
    e.stage = stage;
    const ip = f.ipEnd > f.ipStart ? flatSlice(text, f.ipStart, f.ipEnd, MAX_IP) : null;
    if (direction === 'inbound') {
      e.clientIp = ip;
      e.helo = s.helo;
    } else {
      // For SMTPC the address column is the remote server (SMTPClientConnection.cpp LogReceivedResponse_).
      e.server = ip;
    }
    if (stage === 'mail') {
      e.sender = s.arg;
    } else {
      e.sender = s.sender;
      if (stage === 'rcpt') e.recipient = s.arg;
      else if (stage === 'data' && s.accepted === 1) e.recipient = s.firstAccepted;
    }
    return e;
  }

  // ---- DEBUG / continuation -----------------------------------------------------------------------

  private debug(text: string): void {
    const f = this.fields;
    // TCPConnection.cpp: `Creating session N` (constructor, also for connections still waiting to be
    // accepted) and `Ending session N` (destructor). Either way no earlier state belongs to N any more.
    let at = -1;
    if (hasAt(text, 'Creating session ', f.msgStart)) at = f.msgStart + 17;
    else if (hasAt(text, 'Ending session ', f.msgStart)) at = f.msgStart + 15;
    if (at < 0) return;
    let id = 0;
    let i = at;
    for (; i < f.msgEnd && i - at < 15; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      id = id * 10 + d;
    }
    if (i === at) return;
    this.sessions.drop(sessionKey(id, false));
    this.sessions.drop(sessionKey(id, true));
  }

  private continuation(text: string): LineVerdict {
    if (++this.continuationLines > MAX_CONTINUATION_LINES) {
      // Not a message with a stray LF any more: whatever this is, it is not ours.
      this.endContinuation();
      return 'skipped';
    }
    const closes = text.length > 0 && text.charCodeAt(text.length - 1) === QUOTE;
    const p = this.pending;
    if (p && p.chars < MAX_CONTINUATION_CHARS) {
      const end = closes ? text.length - 1 : text.length;
      p.parts.push(flatSlice(text, 0, end, MAX_CONTINUATION_CHARS - p.chars));
      p.chars += end;
    }
    if (closes) this.endContinuation();
    return 'context';
  }

  private endContinuation(): void {
    this.continuing = false;
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    fillReply(p.event, p.parts.join(' '), p.secrets);
    this.sink.event(p.event);
  }
}

/**
 * `220` is the greeting, which starts a session, unless it answers our/the client's STARTTLS
 * (`220 Ready to start TLS`, SMTPConnection.cpp:1993; `220 2.0.0 Ready to start TLS` from remotes).
 */
function isGreeting(code: number, s: Session | undefined): boolean {
  return code === 220 && !(s && s.cmd === CMD_TLS && s.awaiting);
}

/** The stage of a reply: from the command it answers (formats.md §2.3; RFC 5321 §4.1). */
function stageOf(s: Session): Stage {
  if (s.endOfData) return 'data';
  if (s.authExchange) return 'auth';
  if (s.awaiting) return STAGE_OF_COMMAND[s.cmd]!;
  // Nothing pending: before any command it is a connect-time reply (when we saw the connection start);
  // after answered commands it answers none (`421 Connection timeout.` to an idle client).
  return s.cmd === CMD_NONE && s.known ? 'connect' : 'other';
}

function fillReply(e: ReplyEvent, body: string, secrets: string[] | null): void {
  const r = parseReply(body);
  e.code = r.code;
  e.enhanced = r.enhanced;
  e.codeSource = r.code === null ? 'none' : 'seen';
  let text = r.text;
  // A remote server may echo what we sent to authenticate (sendmail's `500 5.5.1 Command unrecognized:
  // "AUTH PLAIN <base64>"`): credentials are never stored (README).
  if (secrets !== null) text = hideSecrets(text, secrets);
  e.text = flatSlice(text, 0, text.length, MAX_TEXT);
}

/** Remembers a credential we sent (hMailServer writes the password as `***`: nothing to remember then). */
function rememberSecret(s: Session, value: string): void {
  const v = value.trim();
  if (v.length < 4 || v === '***') return;
  const secret = v.endsWith(' ***') ? v.slice(0, -4) : v;
  if (secret.length < 4) return;
  if (s.secrets === null) s.secrets = [];
  if (s.secrets.length >= 4) s.secrets.shift();
  s.secrets.push(flatSlice(secret, 0, secret.length, 1024));
}
