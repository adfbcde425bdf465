// Follows PHPMailer SMTP debug transcripts line by line and states each failure once.
//
// One send attempt = one transcript: it starts at `Connection: opening to`, at a 220 banner after a
// finished dialogue, at a connect failure, when the output style changes (old/new labels, with/without
// timestamps: one PHPMailer version and Debugoutput write one style) or when time jumps. The same
// refusal usually appears 2-4 times (formats.md §3.3): `SERVER -> CLIENT: 554 ...`, `SMTP ERROR: RCPT TO
// command failed: 554 ...`, `SMTP Error: The following recipients failed: ...`, an ErrorInfo printed by
// the application. The first line that carries it yields the event (verdict `reply`); the others are
// `context`. A restatement (language string, ErrorInfo) absorbs into a failure the debug output showed
// in the same transcript; with no such failure (debug level 0 or 1, an application log of ErrorInfo
// lines) it is the event itself, so separate failed sends in an application log still count separately.
import { blankEvent, type ReplyEvent } from '../../src/model/event.js';
import type { Stage } from '../../src/model/labels.js';
import { flat } from '../../src/util/flat.js';
import type { LineVerdict, LogLine, LogParser, ParseSink } from '../types.js';
import { CredentialMask } from './credential-mask.js';
import { startsWithMarker, startsWithStamp, SUMMARY_MARKERS } from './markers.js';
import { stripOuterPrefix } from './outer-prefix.js';
import { hostOf, readEntry, type Entry, type SummaryKind } from './read-entry.js';
import { looksLikeRecipientLine, readSummary, recipientsOf } from './read-summary.js';
import { clean, enhancedAt, findOrphanReply, parseReply, replyCode } from './reply-text.js';
import { htmlPieces, splitEntries } from './split-entries.js';
import { commandOfFailure, commandOfLine, stageOfCommand, type Command } from './stages.js';

const RANK: Record<LineVerdict, number> = { skipped: 0, ignored: 1, context: 2, success: 3, reply: 4 };

/** Longer lines are cut before parsing (an html page pasted as one line is long, but not this long). */
const MAX_LINE = 256 * 1024;
/** Caps on what one multi-line reply may buffer. */
const MAX_DRAFT_LINES = 60;
const MAX_DRAFT_CHARS = 8000;
/** Failures a transcript remembers for restatements to absorb, and how many each may absorb. */
const MAX_FAILURES = 16;
const MAX_ABSORB = 6;
/** A transcript lasts seconds (PHPMailer's Timeout is 300 s): a larger jump means another one. */
const GAP_FORWARD = 15 * 60_000;
const GAP_BACK = 60_000;
/** PHPMailer stamps are UTC, error-log stamps local: across the two only jumps beyond any zone count. */
const ZONE_SLACK = 14 * 3_600_000;
const BINARY = /[\u0000-\u0008\u000e-\u001f\ufffd]/;

interface Draft {
  event: ReplyEvent;
  kind: 'reply' | 'summary';
  summary: SummaryKind | null;
  lines: string[];
  chars: number;
  head: LogLine;
  /** Still takes continuation lines: a reply always; an ErrorInfo until its `SMTP code:` part. */
  open: boolean;
}

interface Failure {
  event: ReplyEvent;
  absorbed: number;
}

/** The entry the previous line ended with: continuation lines belong to it. */
interface Last {
  kind: Entry['kind'] | 'none';
  /** Verdict of its continuation lines. */
  verdict: 'context' | 'ignored';
  /** Takes bare reply-shaped lines (`250-SIZE ...` after `SERVER -> CLIENT: 250-...`, paste lost the indent). */
  replyLines: boolean;
  /** `SMTP -> FROM SERVER:` with the reply on the next line (old versions wrote CRLF before the reply). */
  emptyReply: boolean;
  old: boolean;
  stamped: boolean;
  time: number | null;
  draft: Draft | null;
  rcpt: boolean;
}

class Transcript {
  server: string | null = null;
  sender: string | null = null;
  recipient: string | null = null;
  command: Command | null = null;
  /** Client lines after AUTH that are credentials, not commands. */
  credentialLines = 0;
  inData = false;
  replies = 0;
  /** `Connection: opening` seen and nothing after it yet. */
  fresh = false;
  connectFailure: 'none' | 'warning' | 'error' = 'none';
  /** The reply to the current command already yielded an event / a success. */
  cycleEvent = false;
  cycleSuccess = false;
  failures: Failure[] = [];
  closed = false;
  family: 'old' | 'new' | null = null;
  stamped: boolean | null = null;
  /** A level-4 raw reply (`SMTP INBOUND:` lines) is being read, and its event if it is a failure. */
  rawOpen = false;
  rawDraft: Draft | null = null;
}

function noLast(): Last {
  return { kind: 'none', verdict: 'ignored', replyLines: false, emptyReply: false, old: false, stamped: false, time: null, draft: null, rcpt: false };
}

export class PhpMailerParser implements LogParser {
  lastTime: number | null = null;
  private t = new Transcript();
  private last: Last = noLast();
  private line: LogLine = { text: '', offset: 0, number: 0 };
  private outerTime: number | null = null;
  private errorLogMode = false;
  private lastOwnTime: number | null = null;
  private lastOuterTime: number | null = null;
  private emitLine = -1;
  private emitSeq = 0;
  private readonly mask = new CredentialMask();

  constructor(private readonly sink: ParseSink) {}

  push(line: LogLine): LineVerdict {
    this.line = line;
    try {
      return this.read(line.text);
    } catch {
      // Hostile or broken input must never stop the file; the line is counted as not understood.
      this.last = noLast();
      return 'skipped';
    }
  }

  finish(): void {
    this.settle(null);
    this.flushRaw();
  }

  pendingLine(): LogLine | null {
    const a = this.last.draft?.head ?? null;
    const b = this.t.rawDraft?.head ?? null;
    if (a === null) return b;
    if (b === null) return a;
    return a.offset <= b.offset ? a : b;
  }

  private read(raw: string): LineVerdict {
    let text = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    text = text.trimEnd();
    if (text === '') return 'ignored';
    const prefix = stripOuterPrefix(text);
    let body: string;
    if (prefix) {
      body = prefix.rest;
      this.outerTime = prefix.time;
      this.errorLogMode = true;
      if (body.trim() === '') return 'ignored';
    } else {
      const continued = this.continuation(text);
      if (continued !== null) return continued;
      body = text;
      this.outerTime = null;
    }
    let verdict: LineVerdict | null = null;
    for (const piece of htmlPieces(body)) {
      for (const entry of splitEntries(piece)) {
        if (entry.body === '') continue;
        const v = this.handle(readEntry(entry.body), entry.time, entry.body);
        if (verdict === null || RANK[v] > RANK[verdict]) verdict = v;
      }
    }
    return verdict ?? 'ignored';
  }

  /** The verdict of `text` as a continuation of the previous entry, or null when it starts a new one. */
  private continuation(text: string): LineVerdict | null {
    const last = this.last;
    if (last.kind === 'none') return null;
    const c0 = text.charCodeAt(0);
    const indented = c0 === 32 || c0 === 9;
    const s = indented ? text.trimStart() : text;
    if (startsWithStamp(s) || startsWithMarker(s)) {
      this.errorLogMode = false;
      return null;
    }
    if (last.emptyReply && replyCode(s) !== null) {
      return this.handle({ kind: 'reply', payload: s, old: last.old }, last.stamped ? last.time : null, s);
    }
    let yes = indented;
    // In an error log only the first line of a message has the prefix; a bare line restating a
    // failure is someone else's output, and ends error-log reading.
    if (!yes && this.errorLogMode) {
      if (hasSummaryHint(s)) this.errorLogMode = false;
      else yes = true;
    }
    if (!yes && last.replyLines && replyCode(s) !== null) yes = true;
    if (!yes && last.kind === 'opening') yes = !s.includes(' -> '); // var_export() of the options
    if (!yes && last.kind === 'summary') {
      yes = s.startsWith('SMTP code:') || s.startsWith('Additional SMTP info:') || s.startsWith('Detail:') || (last.rcpt && looksLikeRecipientLine(s));
    }
    if (!yes) return null;
    if (last.rcpt && looksLikeRecipientLine(s)) {
      const [recipient] = recipientsOf(s);
      return recipient ? this.recipientFailure(recipient, last.time) : 'context';
    }
    if (last.draft) append(last.draft, s);
    return last.verdict;
  }

  private handle(e: Entry, ownTime: number | null, body: string): LineVerdict {
    this.settle(e);
    this.checkGap(ownTime, this.outerTime);
    const time = ownTime ?? this.outerTime;
    if (time !== null) this.lastTime = time;
    const stamped = ownTime !== null;
    switch (e.kind) {
      case 'reply':
        return this.reply(e.payload, e.old, stamped, time);
      case 'raw':
        return this.raw(e.payload, e.old, stamped, time);
      case 'command':
        return this.command(e.payload, e.old, stamped);
      case 'failed':
        return this.failed(e.command, e.payload, e.old, stamped, time);
      case 'connect-failed':
        return this.connectFailed(e.text, time);
      case 'warning':
        return this.warning(e.text, e.raw, e.smtpFile, time);
      case 'opening':
        this.reset();
        this.t.server = flat(e.host);
        this.t.fresh = true;
        this.setLast('opening', 'context');
        return 'context';
      case 'closed':
        this.t.closed = true;
        this.setLast('closed', 'context');
        return 'context';
      case 'status':
        this.setLast('status', 'context');
        return 'context';
      case 'summary':
        return this.summary(e.summary, e.text, time);
      case 'php':
        this.setLast('php', 'ignored');
        return 'ignored';
      case 'broken':
        this.setLast('broken', 'ignored');
        return 'skipped';
      case 'other':
        return this.other(body, time);
    }
  }

  // --- the dialogue ---------------------------------------------------------------------------

  private reply(payloadText: string, old: boolean, stamped: boolean, time: number | null): LineVerdict {
    this.checkFamily(old, stamped);
    const payload = payloadText.trim();
    const last = this.setLast('reply', 'context');
    last.replyLines = true;
    last.old = old;
    last.stamped = stamped;
    last.time = time;
    if (payload === '') {
      last.emptyReply = true;
      return 'context';
    }
    const code = replyCode(payload);
    if (code === 220) this.maybeNewConnection(old, stamped);
    const t = this.t;
    const stage = this.replyStage();
    t.fresh = false;
    t.replies++;
    if (code !== 334) t.credentialLines = 0;
    if (t.command === 'DATA' && code !== 354) t.inData = false;
    if (code === null) return 'context';
    if (code >= 400) {
      if (t.cycleEvent) return 'context';
      const ev = this.newEvent(time, stage);
      ev.code = code;
      ev.codeSource = 'seen';
      ev.enhanced = enhancedAt(payload, 4);
      last.draft = this.draft(ev, 'reply', null, payload);
      this.fail(ev);
      return 'reply';
    }
    return this.successIf(code, time) ?? 'context';
  }

  /** Level 4 shows each reply line as read (`SMTP INBOUND:`) before the assembled reply: the first wins. */
  private raw(payloadText: string, old: boolean, stamped: boolean, time: number | null): LineVerdict {
    this.checkFamily(old, stamped);
    const payload = payloadText.trim();
    this.setLast('raw', 'context');
    const code = replyCode(payload);
    const more = payload.charCodeAt(3) === 45;
    if (this.t.rawOpen) {
      if (this.t.rawDraft) append(this.t.rawDraft, payload);
      if (!more) {
        this.t.rawOpen = false;
        this.flushRaw();
      }
      return 'context';
    }
    if (code === 220) this.maybeNewConnection(old, stamped);
    const t = this.t;
    t.rawOpen = more;
    t.fresh = false;
    if (code === null) return 'context';
    if (code >= 400 && !t.cycleEvent) {
      const ev = this.newEvent(time, this.replyStage());
      ev.code = code;
      ev.codeSource = 'seen';
      ev.enhanced = enhancedAt(payload, 4);
      t.rawDraft = this.draft(ev, 'reply', null, payload);
      this.fail(ev);
      if (!more) this.flushRaw();
      return 'reply';
    }
    return this.successIf(code, time) ?? 'context';
  }

  private command(payloadText: string, old: boolean, stamped: boolean): LineVerdict {
    this.checkFamily(old, stamped);
    if (this.t.closed) {
      this.reset();
      this.checkFamily(old, stamped);
    }
    const t = this.t;
    const payload = payloadText.trim();
    this.setLast('command', 'context');
    t.fresh = false;
    if (t.inData) {
      // Message body lines are echoed as CLIENT -> SERVER too (corpus lines 148-150); "." ends them.
      if (payload === '.') this.newCommand('DATA END');
      return 'context';
    }
    if (t.credentialLines > 0) {
      t.credentialLines--;
      this.mask.remember(payload);
      return 'context';
    }
    if (payload === '.') {
      this.newCommand('DATA END');
      return 'context';
    }
    const command = commandOfLine(payload);
    this.newCommand(command);
    switch (command) {
      case 'AUTH':
        this.startAuth(payload);
        break;
      case 'MAIL':
        t.sender = addressAfter(payload, 'FROM:');
        t.recipient = null;
        break;
      case 'RCPT':
        t.recipient = addressAfter(payload, 'TO:');
        break;
      case 'DATA':
        t.inData = true;
        break;
      case 'QUIT':
        t.closed = true;
        break;
      default:
        break;
    }
    return 'context';
  }

  /** `SMTP ERROR: <COMMAND> command failed: <reply>`: a repeat of the reply just shown, or (level 1) the only record. */
  private failed(name: string, payloadText: string, old: boolean, stamped: boolean, time: number | null): LineVerdict {
    this.checkFamily(old, stamped);
    const t = this.t;
    const payload = payloadText.trim();
    const last = this.setLast('failed', 'context');
    last.replyLines = true;
    const command = commandOfFailure(name);
    if (t.command === null) t.command = command;
    t.fresh = false;
    if (command === 'DATA' || command === 'DATA END') t.inData = false;
    if (command === 'AUTH') t.credentialLines = 0;
    if (t.cycleEvent) return 'context';
    const code = replyCode(payload);
    // A "failure" with a 2xx/3xx reply is a confused dialogue, not a refusal (old versions read the
    // 220 banner as the EHLO reply); a code-less one after a failure is its fallout (closed socket, TLS bytes).
    if (code !== null && code < 400) return 'context';
    if (code === null && t.failures.length > 0) return 'context';
    const ev = this.newEvent(time, stageOfCommand(command));
    if (code !== null) {
      ev.code = code;
      ev.codeSource = 'seen';
      ev.enhanced = enhancedAt(payload, 4);
    }
    last.draft = this.draft(ev, 'reply', null, payload === '' ? `${name.trim()} command failed (no reply)` : payload);
    this.fail(ev);
    return 'reply';
  }

  /** `SMTP ERROR: Failed to connect to server: Connection refused (111)`: errno, never an SMTP code. */
  private connectFailed(text: string, time: number | null): LineVerdict {
    this.setLast('connect-failed', 'context');
    if (this.t.connectFailure === 'warning') {
      this.t.connectFailure = 'error';
      return 'context';
    }
    if (!(this.t.fresh && this.t.connectFailure === 'none')) this.reset();
    const t = this.t;
    t.connectFailure = 'error';
    t.fresh = false;
    const ev = this.newEvent(time, isTls(text) ? 'tls' : 'connect');
    ev.text = clean(text);
    this.fail(ev);
    this.emit(ev);
    return 'reply';
  }

  /**
   * A PHP warning on the socket, forwarded by PHPMailer's errorHandler (`Connection failed. Error #2:
   * ...`, level 3) or printed by PHP itself. Before the server spoke it is the connection failure (TLS
   * when it is about certificates or crypto); later, a failure of the current command.
   */
  private warning(text: string, raw: boolean, smtpFile: boolean, time: number | null): LineVerdict {
    let t = this.t;
    if (raw && !(smtpFile || t.fresh || (t.command === 'STARTTLS' && t.replies > 0))) {
      this.setLast('php', 'ignored');
      return 'ignored';
    }
    this.setLast('warning', 'context');
    if (t.connectFailure === 'error') {
      this.reset();
      t = this.t;
    }
    const tls = isTls(text);
    let stage: Stage;
    if (t.replies === 0) {
      if (t.connectFailure === 'warning') return 'context';
      t.connectFailure = 'warning';
      stage = tls ? 'tls' : 'connect';
    } else {
      if (t.cycleEvent) return 'context';
      stage = tls || t.command === 'STARTTLS' ? 'tls' : t.command ? stageOfCommand(t.command) : 'connect';
    }
    t.fresh = false;
    if (t.server === null) t.server = hostInWarning(text);
    const ev = this.newEvent(time, stage);
    ev.text = clean(text);
    this.fail(ev);
    this.emit(ev);
    return 'reply';
  }

  // --- restatements ---------------------------------------------------------------------------

  private summary(kind: SummaryKind, text: string, time: number | null): LineVerdict {
    const last = this.setLast('summary', 'context');
    last.time = time;
    if (kind === 'rcpt') {
      last.rcpt = true;
      let verdict: LineVerdict = 'context';
      for (const r of recipientsOf(text.slice(text.indexOf('failed: ') + 8))) {
        const v = this.recipientFailure(r, time);
        if (RANK[v] > RANK[verdict]) verdict = v;
      }
      return verdict;
    }
    const facts = readSummary(kind, text);
    const stage = this.summaryStage(kind, facts.error);
    if (this.absorb(kind, stage, null)) return 'context';
    const ev = this.newEvent(time, stage);
    last.draft = this.draft(ev, 'summary', kind, text);
    return 'reply';
  }

  private recipientFailure(r: { address: string; detail: string | null }, time: number | null): LineVerdict {
    if (this.absorb('rcpt', 'rcpt', r.address)) return 'context';
    const ev = this.newEvent(time, 'rcpt');
    ev.recipient = flat(r.address);
    ev.text = clean(r.detail ?? `SMTP Error: The following recipients failed: ${r.address}`);
    this.emit(ev);
    return 'reply';
  }

  private summaryStage(kind: SummaryKind, error: string | null): Stage {
    if (error !== null) {
      if (error.startsWith('Failed to connect')) return 'connect';
      const at = error.indexOf(' command failed');
      if (at > 0) return stageOfCommand(commandOfFailure(error.slice(0, at)));
    }
    switch (kind) {
      case 'auth':
        return 'auth';
      case 'data':
        return 'data';
      case 'from':
        return 'mail';
      case 'rcpt':
        return 'rcpt';
      case 'connect':
        return this.t.command === 'STARTTLS' ? 'tls' : 'connect';
      default:
        return 'other';
    }
  }

  /** Whether a failure this transcript already reported is what the restatement repeats. */
  private absorb(kind: SummaryKind, stage: Stage, recipient: string | null): boolean {
    const failures = this.t.failures;
    for (let i = failures.length - 1; i >= 0; i--) {
      const f = failures[i]!;
      if (f.absorbed >= MAX_ABSORB) continue;
      const s = f.event.stage;
      const match =
        kind === 'connect'
          ? true
          : kind === 'rcpt'
            ? s === 'rcpt' && sameAddress(f.event.recipient, recipient)
            : stage === 'connect' || stage === 'tls'
              ? s === 'connect' || s === 'tls'
              : s === stage;
      if (match) {
        f.absorbed++;
        return true;
      }
    }
    return false;
  }

  // --- everything else ------------------------------------------------------------------------

  private other(text: string, time: number | null): LineVerdict {
    const last = this.setLast('other', 'ignored');
    if (BINARY.test(text)) return 'skipped';
    const orphan = text.includes('-') ? findOrphanReply(text) : null;
    if (orphan === null) return 'ignored';
    const t = this.t;
    const ev = this.newEvent(time, t.command ? stageOfCommand(t.command) : 'other');
    const reply = parseReply([`${orphan.code}-${orphan.enhanced} ${text}`]);
    ev.code = orphan.code;
    ev.codeSource = 'seen';
    ev.enhanced = orphan.enhanced;
    ev.text = reply.text;
    t.cycleEvent = true;
    last.verdict = 'context';
    this.emit(ev);
    return 'reply';
  }

  // --- transcript bookkeeping -----------------------------------------------------------------

  private setLast(kind: Last['kind'], verdict: Last['verdict']): Last {
    const last = noLast();
    last.kind = kind;
    last.verdict = verdict;
    this.last = last;
    return last;
  }

  /** Emits the event the previous entry was assembling; a `SMTP ERROR: X command failed` names its command. */
  private settle(next: Entry | null): void {
    const draft = this.last.draft;
    if (draft) {
      if (next && next.kind === 'failed' && draft.kind === 'reply' && replyCode(next.payload.trim()) === draft.event.code) {
        this.restage(draft.event, stageOfCommand(commandOfFailure(next.command)));
      }
      this.last.draft = null;
      this.emitDraft(draft);
    }
    if (next === null || next.kind !== 'raw') {
      this.t.rawOpen = false;
      this.flushRaw();
    }
  }

  private flushRaw(): void {
    const draft = this.t.rawDraft;
    if (draft) {
      this.t.rawDraft = null;
      this.emitDraft(draft);
    }
  }

  private reset(): void {
    this.flushRaw();
    this.t = new Transcript();
  }

  /** One PHPMailer version and output mode write one style; a change means another transcript. */
  private checkFamily(old: boolean, stamped: boolean): void {
    const family = old ? 'old' : 'new';
    const t = this.t;
    if ((t.family !== null && t.family !== family) || (t.stamped !== null && t.stamped !== stamped)) this.reset();
    this.t.family = family;
    this.t.stamped = stamped;
  }

  private checkGap(own: number | null, outer: number | null): void {
    const time = own ?? outer;
    if (time === null) return;
    const same = own !== null ? this.lastOwnTime : this.lastOuterTime;
    const other = own !== null ? this.lastOuterTime : this.lastOwnTime;
    let gap = false;
    if (same !== null) gap = time - same > GAP_FORWARD || same - time > GAP_BACK;
    else if (other !== null) gap = Math.abs(time - other) > ZONE_SLACK + GAP_FORWARD;
    if (gap) this.reset();
    if (own !== null) this.lastOwnTime = own;
    else this.lastOuterTime = outer;
  }

  /** A 220 greeting after the dialogue began (other than the STARTTLS go-ahead) is a new connection. */
  private maybeNewConnection(old: boolean, stamped: boolean): void {
    const command = this.t.command;
    if (command !== null && command !== 'STARTTLS') {
      this.reset();
      this.checkFamily(old, stamped);
    }
  }

  private replyStage(): Stage {
    const t = this.t;
    if (t.command !== null) return stageOfCommand(t.command);
    return t.replies === 0 ? 'connect' : 'other';
  }

  private newCommand(command: Command): void {
    const t = this.t;
    t.command = command;
    t.cycleEvent = false;
    t.cycleSuccess = false;
    if (command === 'DATA END') t.inData = false;
  }

  /** Which following client lines are credentials (SMTP.php authenticate(); RFC 4954 initial responses). */
  private startAuth(payload: string): void {
    const parts = payload.split(/\s+/, 3);
    const mechanism = (parts[1] ?? '').toUpperCase();
    const initial = parts.length > 2 ? payload.slice(payload.indexOf(parts[2]!)).trim() : '';
    if (initial !== '') this.mask.remember(initial);
    let lines: number;
    if (mechanism === 'LOGIN') lines = initial ? 1 : 2;
    else if (mechanism === 'PLAIN' || mechanism === 'CRAM-MD5' || mechanism === 'XOAUTH2' || mechanism === 'OAUTHBEARER') lines = initial ? 0 : 1;
    else lines = 2;
    this.t.credentialLines = lines;
  }

  private successIf(code: number, time: number | null): LineVerdict | null {
    const t = this.t;
    if (code < 200 || code > 299 || t.command !== 'DATA END' || t.cycleSuccess) return null;
    t.cycleSuccess = true;
    this.sink.success(time, 'outbound');
    return 'success';
  }

  private fail(event: ReplyEvent): void {
    const t = this.t;
    t.cycleEvent = true;
    t.failures.push({ event, absorbed: 0 });
    if (t.failures.length > MAX_FAILURES) t.failures.shift();
  }

  private newEvent(time: number | null, stage: Stage): ReplyEvent {
    const ev = blankEvent(this.line.number, this.line.offset);
    ev.direction = 'outbound';
    ev.time = time;
    ev.server = this.t.server;
    this.restage(ev, stage);
    return ev;
  }

  private restage(ev: ReplyEvent, stage: Stage): void {
    ev.stage = stage;
    ev.sender = stage === 'mail' || stage === 'rcpt' || stage === 'data' ? this.t.sender : null;
    ev.recipient = stage === 'rcpt' ? this.t.recipient : null;
  }

  private draft(event: ReplyEvent, kind: Draft['kind'], summary: SummaryKind | null, first: string): Draft {
    const head: LogLine = { text: '', offset: this.line.offset, number: this.line.number };
    // A restatement continues only as an ErrorInfo whose Detail (a multi-line reply) spans lines
    // (corpus lines 97-98); an exception's stack trace after it is not part of the message.
    const open = kind === 'reply' || (first.includes('SMTP server error: ') && !first.includes('SMTP code: '));
    return { event, kind, summary, lines: [flat(first)], chars: first.length, head, open };
  }

  private emitDraft(draft: Draft): void {
    const ev = draft.event;
    if (draft.kind === 'reply') {
      ev.text = parseReply(draft.lines).text;
    } else {
      const facts = readSummary(draft.summary!, draft.lines.join(' '));
      ev.code = facts.code;
      ev.enhanced = facts.enhanced;
      ev.codeSource = facts.codeSource;
      ev.text = facts.text;
      if (facts.sender !== null && ev.stage === 'mail') ev.sender = flat(facts.sender);
    }
    this.emit(ev);
  }

  private emit(ev: ReplyEvent): void {
    ev.text = flat(this.mask.mask(ev.text));
    if (ev.line === this.emitLine) {
      ev.seq = ++this.emitSeq;
    } else {
      this.emitLine = ev.line;
      this.emitSeq = 0;
      ev.seq = 0;
    }
    this.sink.event(ev);
  }
}

function append(draft: Draft, line: string): void {
  if (!draft.open || draft.lines.length >= MAX_DRAFT_LINES || draft.chars + line.length > MAX_DRAFT_CHARS) return;
  draft.lines.push(flat(line));
  draft.chars += line.length;
  if (draft.kind === 'summary' && line.includes('SMTP code: ')) draft.open = false;
}

function hasSummaryHint(s: string): boolean {
  if (!(s.includes('SMTP') || s.includes('From address'))) return false;
  for (const hint of SUMMARY_MARKERS) if (s.includes(hint)) return true;
  return false;
}

/** TLS trouble rather than a plain TCP failure: certificates, crypto, SSL (not the `ssl://` scheme). */
function isTls(text: string): boolean {
  const lower = text.toLowerCase().replaceAll('ssl://', '').replaceAll('tls://', '');
  return lower.includes('ssl') || lower.includes('crypto') || lower.includes('certificate') || lower.includes('tls');
}

/** `... unable to connect to ssl://smtp.gmail.com:465 (Unknown error)` → `smtp.gmail.com`. */
function hostInWarning(text: string): string | null {
  const at = text.indexOf('unable to connect to ');
  if (at < 0) return null;
  const rest = text.slice(at + 21);
  const end = rest.search(/[\s(]/);
  return flat(hostOf(end < 0 ? rest : rest.slice(0, end)));
}

/** `MAIL FROM:<a@b> SIZE=1` → `a@b`; `MAIL FROM: ` (address lost in an html paste) → null. */
function addressAfter(payload: string, label: string): string | null {
  const at = payload.toUpperCase().indexOf(label);
  if (at < 0) return null;
  let rest = payload.slice(at + label.length).trim();
  if (rest.startsWith('<')) {
    const close = rest.indexOf('>');
    rest = close > 0 ? rest.slice(1, close) : rest.slice(1);
  } else {
    const space = rest.indexOf(' ');
    if (space > 0) rest = rest.slice(0, space);
  }
  rest = rest.trim();
  if (rest === '' || rest.length > 320) return null;
  return flat(rest);
}

function sameAddress(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}
