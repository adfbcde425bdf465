// Follows PHPMailer SMTP debug transcripts line by line and states each failure once.
//
// One send attempt = one transcript: it starts at `Connection: opening to`, at a 220 banner after a
// finished dialogue, at a connect failure, at a failed command after QUIT, when the output style changes
// (old/new labels, with/without timestamps: one PHPMailer version and Debugoutput write one style) or
// when time jumps. The same refusal usually appears 2-4 times (formats.md §3.3): `SERVER -> CLIENT: 554
// ...`, `SMTP ERROR: RCPT TO command failed: 554 ...`, `SMTP Error: The following recipients failed:
// ...`, an ErrorInfo printed by the application. The first line that carries it yields the event
// (verdict `reply`); the others are `context`. A restatement (language string in any shipped language,
// ErrorInfo) absorbs into a failure the debug output showed shortly before in the same transcript; with
// no such failure (debug level 0 or 1, an application log of ErrorInfo lines) it is the event itself,
// and only its own repeats without a log record of their own (and PHPMailer's "SMTP connect() failed"
// after an authentication failure) count as the same failure: separate failed sends in an application
// log still count separately (absorb()).
// When the command is unknown (a transcript copied from its middle, a socket warning mid-dialogue), the
// event waits a few lines for the `SMTP ERROR: X command failed` or restatement that names it (release()).
// The other way round, a report that prints the ErrorInfo before the debug output it captured (WP Mail
// SMTP's debug report) holds the ErrorInfo's event until that output's failure states it (failureEvent()).
import { blankEvent, type ReplyEvent } from '../../src/model/event.js';
import type { Stage } from '../../src/model/labels.js';
import { flat } from '../../src/util/flat.js';
import type { LineVerdict, LogLine, LogParser, ParseSink } from '../types.js';
import { codeAt, skipBlanks } from './code-at.js';
import { CredentialMask } from './credential-mask.js';
import { startsAt, startsWithMarker, startsWithStamp } from './markers.js';
import { stripOuterPrefix, type OuterPrefix } from './outer-prefix.js';
import { hostOf, isBareSocketMessage, readEntry, withoutSourceRef, type Entry, type SummaryKind } from './read-entry.js';
import { looksLikeRecipientLine, readSummary, recipientsOf } from './read-summary.js';
import { clean, enhancedAt, findOrphanReply, parseReply, replyCode } from './reply-text.js';
import { hasGluedEntry, hasHtmlBreak, htmlPieces, lineStartsWithStamp, singleStampTime, splitEntries, stampTime, withoutGluedRecordStamp } from './split-entries.js';
import { commandOfFailure, commandOfLine, stageOfCommand, type Command } from './stages.js';
import { CODE_LABELS, DETAIL_LABELS, ERROR_LABELS, EXTRA_LABELS, findPhrase, mayHoldPhrase, TLS_KEY_MISSING } from './summary-phrases.js';
import { asciiArrows } from './typographic-arrows.js';

const RANK: Record<LineVerdict, number> = { skipped: 0, ignored: 1, context: 2, success: 3, reply: 4 };

/** Longer lines are cut before parsing (an html page pasted as one line is long, but not this long). */
const MAX_LINE = 256 * 1024;
/** Caps on what one multi-line reply may buffer. */
const MAX_DRAFT_LINES = 60;
const MAX_DRAFT_CHARS = 8000;
/** Failures a transcript remembers for restatements to absorb, and how many each may absorb. */
const MAX_FAILURES = 16;
const MAX_ABSORB = 6;
/** How far (in lines) a restatement may follow the message it repeats. */
const REPEAT_LINES = 40;
const REPEAT_MS = 60_000;
/** How many lines an ErrorInfo broken after a label (splitAtLabel()) takes before its code. */
const MAX_SPLIT_LINES = 6;
/** How many unlabelled lines an event whose command is unknown waits for the line that names it. */
const MAX_WAIT = 8;
/** How far (in lines) the debug failure may follow the summary that was printed before it (failureEvent()). */
const AHEAD_LINES = 100;
/** How long a var_dump()/print_r() of the mailer may run (a 5.x object with its SMTP object and language table: 150-400 lines). */
const MAX_DUMP_LINES = 1000;
/** A transcript lasts seconds (PHPMailer's Timeout is 300 s): a larger jump means another one. */
const GAP_FORWARD = 15 * 60_000;
const GAP_BACK = 60_000;
/** PHPMailer stamps are UTC, error-log stamps local: across the two only jumps beyond any zone count. */
const ZONE_SLACK = 14 * 3_600_000;
const BINARY = /[\u0000-\u0008\u000e-\u001f\ufffd]/;
/** What settle() is told the next entry is on the paths that do not build it (settle() reads only its kind). */
const COMMAND_ENTRY: Entry = { kind: 'command', payload: '', old: false };
const REPLY_ENTRY: Entry = { kind: 'reply', payload: '', old: false };

interface Draft {
  event: ReplyEvent;
  /** reply: text from `lines` (a reply); summary: facts from `lines` (an ErrorInfo); fixed: text already set. */
  kind: 'reply' | 'summary' | 'fixed';
  summary: SummaryKind | null;
  /** Summary: where the text after the language string starts in lines[0]. */
  payloadAt: number;
  /** Its stage was guessed (the command was not seen): a following `SMTP ERROR: X command failed` or restatement names it. */
  guessed: boolean;
  /** Unlabelled lines (application output, a hard-wrapped paste) it waited across for the line naming its command. */
  waited: number;
  lines: string[];
  chars: number;
  head: LogLine;
  /** Still takes continuation lines: a reply always; an ErrorInfo until its `SMTP code:` part. */
  open: boolean;
  /** An ErrorInfo broken after one of its labels (splitAtLabel()): its unlabelled further lines are its own. */
  split: boolean;
  /** A summary that may have been printed before the debug output it summarises: its line count, else -1. */
  ahead: number;
  /** How many lines after it that output's failure may come (failureEvent()). */
  aheadWithin: number;
  /** Built from level-4 `SMTP INBOUND:` lines: the assembled `SERVER -> CLIENT:` copy of the same reply comes next. */
  assembled: boolean;
  /** A `SMTP ERROR: X command failed` without reply text: a refusal on the very next entry is its reply (adopt()). */
  noReply: boolean;
}

/** A summary printed before the debug output it summarises, waiting for that output's failure (failureEvent()). */
interface Ahead {
  event: ReplyEvent;
  kind: SummaryKind;
  head: LogLine;
  /** Parser line count of the summary, and the transcript it was read in. */
  line: number;
  t: Transcript;
  /** How many lines after the summary the failure may come. */
  within: number;
}

interface Failure {
  event: ReplyEvent;
  absorbed: number;
  /** Debug output (null) or a PHPMailer-class restatement standing alone: its language string. */
  phrase: string | null;
  kind: SummaryKind | null;
  /** Parser line count and record count when it was stated. */
  line: number;
  record: number;
  /** The kind of the restatement on the next line that release() found to be the other half of its ErrorInfo (pairParagraph()). */
  partner: SummaryKind | null;
  /** The kind of that other half, kept once it was read: the application may print the pair again. */
  paired: SummaryKind | null;
  /** The command the transcript was at when it was stated (null: no dialogue shown, an application log). */
  command: Command | null;
  /** A copy of PHP's socket message gave its reason already (reasonGiven()). */
  explained: boolean;
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
  /** The restatement line began a log record of its own. */
  recorded: boolean;
  /** Parser line count of the entry's first line (its continuation lines come after it). */
  line: number;
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
  /** Coded replies (or SMTP ERROR lines carrying one) read since the last client line. */
  cycleReplies = 0;
  /** Old family level 4: the `get_lines(): $str is` lines of a reply were read, its `FROM SERVER:` copy is due. */
  rawCopyDue = false;
  failures: Failure[] = [];
  closed = false;
  /** The EOF notice was read: connected() found the socket closed, so no later command was sent. */
  lost = false;
  /** A `SERVER -> CLIENT:` with nothing after it was read (get_lines() got EOF or timed out). */
  emptyReply = false;
  /**
   * That empty reply stood where the greeting belongs (no reply read, no command sent): SMTP::connect()
   * prints whatever get_lines() returned and reports success, so the first command's failure with no
   * reply is the missing greeting's.
   */
  noGreeting = false;
  /**
   * The last reply was the 354 go-ahead and no command came since: the next reply answers the end of
   * the message even when the client lines are not shown (PHPMailer before 5.2 printed only `SMTP ->
   * FROM SERVER:`, and a level-2 paste may skip the body and its ".").
   */
  afterGoAhead = false;
  /**
   * The count of `replies` when the last 220 after the greeting came: the STARTTLS go-ahead, known without
   * the client lines (level 2 of PHPMailer <= 5.2.7 prints only the server's); -1: none.
   */
  tlsAt = -1;
  /** An entry with a time (PHPMailer's or a log prefix's) was read in this transcript. */
  timed = false;
  /**
   * A stamp alone on its line was read in this transcript: among unstamped entries that is an application's
   * layout (a date line above each entry it lists), not html mode's emptied entry of another output.
   */
  loneStamps = false;
  /** Debug entries read since the last such stamp: one under each in that layout, more under a run's date line. */
  sinceLoneStamp = 0;
  family: 'old' | 'new' | null = null;
  stamped: boolean | null = null;
  /** A level-4 raw reply (`SMTP INBOUND:` lines) is being read, and its event if it is a failure. */
  rawOpen = false;
  rawDraft: Draft | null = null;

  /** Begun but nothing read into it yet (a time jump ends the old one, and the entry's own kind ends this). */
  get untouched(): boolean {
    return this.stamped === null && this.family === null && this.server === null && this.command === null && this.replies === 0 && this.failures.length === 0 && !this.fresh && !this.emptyReply && !this.closed;
  }
}

function noLast(): Last {
  return { kind: 'none', verdict: 'ignored', replyLines: false, emptyReply: false, old: false, stamped: false, time: null, draft: null, rcpt: false, recorded: false, line: 0 };
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
  /** Lines read, and lines that began a log record of their own (a timestamp or a log prefix). */
  private lines = 0;
  private records = 0;
  /** A reply or warning whose command is unknown, held across unlabelled lines until a line names it. */
  private held: Draft | null = null;
  private ahead: Ahead | null = null;
  /** The last failure event came from ahead (its line was already the event's). */
  private merged = false;
  /** Lines of a var_dump()/print_r() of the mailer are being read (mailerDump()): a held ErrorInfo of it waits on. */
  private inDump = false;
  /** Inside the dump's `language` array (inDumpLanguage()). */
  private dumpLanguage = false;
  /** Line count of the dump's first line. */
  private dumpAt = 0;
  /** Line count of the last line that ends with PHP's `OpenSSL Error messages:` or holds one of them. */
  private opensslLine = -1;
  /** A `SMTP ERROR` line's event without reply text, handed by settle() to the refusal that follows it (adopt()). */
  private orphan: Draft | null = null;
  private readonly mask = new CredentialMask();
  /** The time of day the application's words before the last such message started with (clockRecord()). */
  private lastClock: string | null = null;

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
    // settle() may have just handed an unfinished level-4 raw reply to `held` (flushRaw()): emit it.
    if (this.held) this.release(null);
    this.releaseAhead();
  }

  pendingLine(): LogLine | null {
    let first: LogLine | null = this.ahead?.head ?? null;
    for (const d of [this.last.draft, this.t.rawDraft, this.held]) {
      if (d && (first === null || d.head.offset < first.offset)) first = d.head;
    }
    return first;
  }

  private read(raw: string): LineVerdict {
    let text = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    if (codeAt(text, 0) === 0xfeff) text = text.slice(1);
    text = asciiArrows(text);
    // Most lines end in a visible ASCII character, which trimEnd() would keep: the call is spared.
    const end = codeAt(text, text.length - 1);
    if (!(end > 32 && end < 127)) text = text.trimEnd();
    if (text === '') return 'ignored';
    this.lines++;
    // Most lines of a debug log start with PHPMailer's own stamp: they have their own path.
    const c0 = text.charCodeAt(0);
    if (c0 >= 48 && c0 <= 57 && lineStartsWithStamp(text)) return this.stampedLine(text);
    const prefix = stripOuterPrefix(text);
    let body: string;
    if (prefix) {
      body = prefix.rest;
      this.outerTime = prefix.time;
      this.errorLogMode = true;
      this.records++;
      if (body.trim() === '') return prefix.more === undefined ? 'ignored' : this.moreRecords(prefix.more, 'ignored');
    } else {
      const continued = this.continuation(text);
      if (continued !== null) return continued;
      body = withoutGluedRecordStamp(withoutReferer(text));
      this.outerTime = null;
    }
    const verdict = this.entries(body, prefix !== null);
    if (prefix?.more === undefined) return verdict;
    return this.moreRecords(prefix.more, verdict);
  }

  /** The records after the first on one line (an SQL INSERT's further rows), each read as its own line. */
  private moreRecords(more: readonly OuterPrefix[], first: LineVerdict): LineVerdict {
    let verdict = first;
    for (const r of more) {
      this.outerTime = r.time;
      this.records++;
      if (r.rest.trim() === '') continue;
      const v = this.entries(r.rest, true);
      if (RANK[v] > RANK[verdict]) verdict = v;
    }
    return verdict;
  }

  /**
   * A line that starts with PHPMailer's stamp (checked by the caller). It has no outer prefix (those
   * start with `[` or `YYYY/`) and is never a continuation line, and it is usually one entry without
   * html: that case is read here without the pieces and entries arrays of entries(), with the same
   * checks in the same order (the stamp cache in split-entries.ts is state).
   */
  private stampedLine(text: string): LineVerdict {
    // What continuation() does with a stamped line: it begins an entry, so error-log reading is over.
    const kind = this.last.kind;
    if (kind !== 'none' && kind !== 'other' && kind !== 'php' && kind !== 'broken') this.errorLogMode = false;
    const fast = this.bodyLine(text);
    if (fast !== null) return fast;
    const body = withoutReferer(text);
    this.outerTime = null;
    if (body.includes('&') || hasHtmlBreak(body)) return this.entries(body, false);
    // entries() → splitEntries() → entry() for this one piece, when it is one entry.
    const stamp = singleStampTime(body);
    if (stamp === undefined) return this.entries(body, false);
    const time = Number.isNaN(stamp) ? null : stamp;
    if (time !== null) this.records++;
    const at = skipBlanks(body, 19);
    // The two labels most lines carry, read in place: the entry would be the rest of the line as it is
    // (it starts with the label, and the line was trimmed at its end), and readEntry() would take the
    // payload after the label.
    if (body === text) {
      const reply = startsAt(text, 'SERVER -> CLIENT:', at);
      if (reply || startsAt(text, 'CLIENT -> SERVER:', at)) {
        // handle() of that entry. The payload is cut at its first visible character when there is one:
        // what reply() and command() trim it to (the line has no whitespace at its end).
        const from = skipBlanks(text, at + 17);
        const c = codeAt(text, from);
        const payload = text.slice(c > 32 && c < 127 ? from : at + 17);
        this.enter(reply ? (this.last.draft?.noReply ? { kind: 'reply', payload, old: false } : REPLY_ENTRY) : COMMAND_ENTRY, time);
        return reply ? this.reply(payload, false, time !== null, time) : this.command(payload, false, time !== null);
      }
    }
    const entry = body.slice(at).trim();
    if (entry === '') return this.emptyEntry(time);
    return this.handle(readEntry(entry), time);
  }

  /**
   * A stamp with no message: html mode writes `htmlentities()` of the message, which is '' when the
   * message holds bytes invalid in UTF-8 (binary debris as a reply, PHPMailer#1349; an errstr in a Windows
   * code page), so the entry is its stamp alone. No event; but the stamp is still one of this output's
   * entries: where the transcript's entries had none, or after a time jump, it begins another transcript
   * (as checkFamily() and checkGap() do for any entry), and a restatement after it is not read against the
   * dialogue before (its host, its failures). Rare lines only: the common paths never get here.
   */
  private emptyEntry(time: number | null): LineVerdict {
    if (time === null) return 'ignored';
    // Not once such stamps stood among this transcript's unstamped entries: a log view that puts each
    // entry's date on a line of its own (an application's, in the ISO form of PHPMailer's stamp).
    // A date line over several entries is a run's (a cron job echoing the date before each send): the
    // next one starts another send, as before.
    const layout = this.t.loneStamps && this.t.sinceLoneStamp <= 1;
    if ((this.t.stamped === false && !layout) || (this.t.timed && this.isGap(time, null))) {
      this.settle(null);
      this.reset();
    }
    this.checkGap(time, null);
    this.t.loneStamps = true;
    this.t.sinceLoneStamp = 0;
    this.lastTime = time;
    return 'ignored';
  }

  /** Reads `body` (a line without its outer prefix) as html pieces, each cut into entries. */
  private entries(body: string, counted: boolean): LineVerdict {
    let verdict: LineVerdict | null = null;
    for (const piece of htmlPieces(body)) {
      const entries = splitEntries(piece);
      // A line that starts with PHPMailer's own timestamp begins a record of its own.
      if (!counted && entries.length > 0 && entries[0]!.time !== null) {
        this.records++;
        counted = true;
      }
      for (const entry of entries) {
        if (entry.body === '') {
          if (entry.time !== null) this.emptyEntry(entry.time);
          continue;
        }
        const v = this.handle(readEntry(entry.body), entry.time);
        if (verdict === null || RANK[v] > RANK[verdict]) verdict = v;
      }
    }
    return verdict ?? 'ignored';
  }

  /**
   * The bulk of a debug log at level >= 1: a message body line echoed during DATA,
   * `<stamp><TAB or spaces>CLIENT -> SERVER: <line>` (the stamp checked by the caller). Same outcome as
   * the general path (one entry, a client line inside DATA: context; "." ends the data) without reading
   * the entry; null when anything could make the general path read it otherwise (html breaks or
   * entities, a glued entry, another transcript style, a time jump).
   */
  private bodyLine(text: string): LineVerdict | null {
    const t = this.t;
    if (!t.inData || t.closed || t.stamped !== true || t.family !== 'new') return null;
    let at = skipBlanks(text, 19);
    if (!startsAt(text, 'CLIENT -> SERVER:', at)) return null;
    if (hasHtmlBreak(text) || text.includes('&') || hasGluedEntry(text, 19)) return null;
    const time = stampTime(text, 0);
    if (Number.isNaN(time) || this.isGap(time, null)) return null;
    this.records++;
    this.settle(COMMAND_ENTRY);
    if (this.t !== t) return null; // cannot happen (settle() never starts a transcript); kept as a guard
    this.checkGap(time, null);
    this.lastTime = time;
    this.setLast('command', 'context');
    t.fresh = false;
    at = skipBlanks(text, at + 17);
    // "." alone ends the data (a referer tail the general path would cut is allowed after it).
    if (codeAt(text, at) === 46 && (at + 1 === text.length || withoutReferer(text).trimEnd().length === at + 1)) this.newCommand('DATA END');
    return 'context';
  }

  /** The verdict of `text` as a continuation of the previous entry, or null when it starts a new one. */
  private continuation(text: string): LineVerdict | null {
    const last = this.last;
    // Application output, PHP messages and cut labels take no continuation lines: an indented line after
    // them (pretty-printed JSON holding an ErrorInfo, FluentSMTP's log view) is read on its own.
    if (last.kind === 'none' || last.kind === 'other' || last.kind === 'php' || last.kind === 'broken') return null;
    const c0 = text.charCodeAt(0);
    const indented = c0 === 32 || c0 === 9;
    const s = indented ? text.trimStart() : text;
    // (A stamp has its first dash at 4: most lines here are reply lines, `250-SIZE ...`.)
    if ((codeAt(s, 4) === 45 && startsWithStamp(s)) || startsWithMarker(s)) {
      this.errorLogMode = false;
      return null;
    }
    if (last.emptyReply && replyCode(s) !== null) {
      return this.handle({ kind: 'reply', payload: s, old: last.old }, last.stamped ? last.time : null);
    }
    // A restatement continues only with its own ErrorInfo parts (" SMTP code: 550" after a Detail that
    // ended in CRLF, corpus line 98), further recipients, or lines of a Detail still open; an indented
    // line after a closed one is the application's (pretty-printed JSON listing it again).
    // from_failed's implode(',', getError()) goes on after the Detail's CRLF with `,<code>,<ex>` (draft()).
    let yes =
      last.kind === 'summary'
        ? startsWithSummaryLabel(s) ||
          (last.rcpt && looksLikeRecipientLine(s)) ||
          (indented && (echoIndent(text) || (last.draft !== null && last.draft.open))) ||
          (c0 === 44 && last.draft !== null && last.draft.open && last.draft.summary === 'from') ||
          (last.draft !== null && last.draft.open && last.draft.split && last.draft.lines.length < MAX_SPLIT_LINES && !hasSummaryHint(s))
        : indented;
    // In an error log only the first line of a message has the prefix; a bare line restating a
    // failure is someone else's output, and ends error-log reading.
    if (!yes && this.errorLogMode) {
      if (hasSummaryHint(s)) this.errorLogMode = false;
      else yes = true;
    }
    // 6.6+ connect_host ends with the SMTP class error, PHP's warning about the socket (getSmtpErrorMessage():
    // `Could not connect to SMTP host. Connection failed. stream_socket_client(): ...`); printed by a report
    // or a page on a line of its own (www.m-shokai.jp), it still says why that connection failed.
    if (!yes && last.kind === 'summary' && last.draft !== null && last.draft.summary === 'connect' && last.draft.lines.length === 1 && isBareSocketMessage(s)) {
      last.draft.open = true;
      yes = true;
    }
    if (!yes && last.replyLines && replyCode(s) !== null) yes = true;
    if (!yes && last.kind === 'opening') {
      yes = !s.includes(' -> '); // var_export() of the options
      // It ends with `)` at the start of a line (a nested array's is `),`): the lines after it are entries
      // again, unindented in a callable's log (`3 - Connection failed. ...`, `1: SMTP ERROR: ...`).
      if (yes && codeAt(s, 0) === 41 && codeAt(s, 1) !== 44) last.kind = 'status';
    }
    // PHP's OpenSSL messages after `OpenSSL Error messages:` are further lines of the same message (a real
    // newline: ErrorInfo printed by an application, PHP's own warning); echo mode indents them (above).
    if (this.opensslLine === this.lines - 1 && isOpenSslError(s)) {
      this.opensslLine = this.lines;
      yes = true;
    }
    if (!yes) return null;
    if (last.rcpt && looksLikeRecipientLine(s)) {
      const [recipient] = recipientsOf(s);
      return recipient ? this.recipientFailure(recipient, last.time, false) : 'context';
    }
    if (last.draft) append(last.draft, s);
    return last.verdict;
  }

  private handle(e: Entry, ownTime: number | null): LineVerdict {
    const time = this.enter(e, ownTime);
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
        return this.warning(e.text, e.raw, e.smtpFile, e.copy, time);
      case 'opening':
        this.reset();
        this.t.server = flat(e.host);
        this.t.fresh = true;
        // Only an open var_export() (`options=array (`) takes unindented lines: after `options=array()`
        // (PHPMailer 6 with no options) a callable's next entries are unindented (GLPI's mail-debug.log).
        this.setLast(e.open ? 'opening' : 'status', 'context');
        return 'context';
      case 'closed':
        this.t.closed = true;
        this.setLast('closed', 'context');
        return 'context';
      case 'status':
        this.setLast('status', 'context');
        return 'context';
      case 'eof':
        return this.eof(time);
      case 'summary':
        return this.summary(e.summary, e.text, e.payloadAt, time, stamped || this.outerTime !== null || this.clockRecord(e.clock), e.afterEof);
      case 'php':
        // PHP's own layout of an uncaught exception puts its stack trace on the next lines: the ErrorInfo
        // just held (summary()) was logged after send() gave up, like one with the trace inline.
        if (this.ahead !== null && this.ahead.line === this.lines - 1 && this.line.text.trimStart().startsWith('Stack trace:')) this.releaseAhead();
        this.setLast('php', 'ignored');
        return 'ignored';
      case 'broken':
        this.setLast('broken', 'ignored');
        return 'skipped';
      case 'other':
        return this.other(e.text, time);
    }
  }

  /**
   * Whether a message whose line has no stamp that is read (outer-prefix.ts) began a log record of its own:
   * the application's words before it start with another time of day than the last such message's (a log
   * whose stamp is not read: syslog, MantisBT), so the same message again is another send's (a cron job's
   * next run). At the same time of day it may be the same send's message logged twice (SugarPHPMailer's
   * setError() for postSend() and send(): SuiteCRM/SuiteCRM#5522).
   */
  private clockRecord(clock: string | null): boolean {
    if (clock === null || this.outerTime !== null) return false;
    const other = clock !== this.lastClock;
    this.lastClock = clock;
    if (other) this.records++;
    return other;
  }

  /** What every entry starts with: the previous one is settled, the time followed; the entry's time. */
  private enter(e: Entry, ownTime: number | null): number | null {
    this.settle(e);
    if (e.kind !== 'other') this.t.sinceLoneStamp++;
    this.checkGap(ownTime, this.outerTime);
    const time = ownTime ?? this.outerTime;
    if (time !== null) this.lastTime = time;
    return time;
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
      this.t.emptyReply = true;
      if (this.t.replies === 0 && this.t.command === null) this.t.noGreeting = true;
      return 'context';
    }
    const code = replyCode(payload);
    const orphan = this.orphan;
    this.orphan = null;
    if (orphan !== null) return this.adopt(orphan, payload, code, last);
    this.newConnectionIfAny(code, old, stamped);
    const t = this.t;
    // PHPMailer <= 5.2.7 at level 2 prints the server's lines and its errors, never the client's: each
    // coded `FROM SERVER:` line answers a command of its own (class.smtp.php reads one reply a command),
    // so a second one in a cycle is the next command, unnamed until an error line names it (FusionPBX's
    // log, pastebin.com/p5hpxjsX: AUTH refused, then MAIL and RCPT answered on the same connection).
    // At level 4 the `get_lines()` lines of the reply came first (raw()): this is their copy.
    if (old && code !== null && t.cycleReplies > 0 && !t.rawCopyDue) this.unnamedCommand();
    t.rawCopyDue = false;
    if (code !== null) t.cycleReplies++;
    const stage = this.replyStage(code);
    const goAhead = t.afterGoAhead;
    t.afterGoAhead = code === 354;
    if (code === 220 && t.replies > 0) t.tlsAt = t.replies + 1;
    // Code-less bytes right after the go-ahead (a TLS record read as text: "F", PHPMailer#550) are no reply:
    // the cleanup after them still follows the go-ahead.
    else if (code === null && t.tlsAt === t.replies) t.tlsAt++;
    t.fresh = false;
    t.replies++;
    if (code !== 334) t.credentialLines = 0;
    if (t.command === 'DATA' && code !== 354) t.inData = false;
    if (code === null) return 'context';
    if (code >= 400) {
      if (t.cycleEvent) return 'context';
      const ev = this.failureEvent(time, stage, code);
      ev.code = code;
      ev.codeSource = 'seen';
      ev.enhanced = enhancedAt(payload, 4);
      const draft = this.draft(ev, 'reply', null, 0, '');
      for (const l of escapedLines(payload)) append(draft, l);
      draft.guessed = t.command === null && stage !== 'connect';
      last.draft = draft;
      this.fail(ev);
      return this.merged ? 'context' : 'reply';
    }
    return this.successIf(code, time, goAhead) ?? 'context';
  }

  /**
   * The refusal right after a `SMTP ERROR` line that had no reply text (settle() checked the code): that
   * line's event takes it as its reply, and its further lines as this reply's. The event stays on the
   * SMTP ERROR line, which named the command.
   */
  private adopt(draft: Draft, payload: string, code: number | null, last: Last): LineVerdict {
    const t = this.t;
    t.afterGoAhead = false;
    t.fresh = false;
    t.replies++;
    t.credentialLines = 0;
    const ev = draft.event;
    ev.code = code;
    ev.codeSource = 'seen';
    ev.enhanced = enhancedAt(payload, 4);
    draft.noReply = false;
    draft.lines = [];
    draft.chars = 0;
    for (const l of escapedLines(payload)) append(draft, l);
    last.draft = draft;
    return 'context';
  }

  /** Level 4 shows each reply line as read (`SMTP INBOUND:`) before the assembled reply: the first wins. */
  private raw(payloadText: string, old: boolean, stamped: boolean, time: number | null): LineVerdict {
    this.checkFamily(old, stamped, old);
    const payload = payloadText.trim();
    this.setLast('raw', 'context');
    const code = replyCode(payload);
    const more = codeAt(payload, 3) === 45;
    if (this.t.rawOpen) {
      if (this.t.rawDraft) append(this.t.rawDraft, payload);
      if (!more) {
        this.t.rawOpen = false;
        this.flushRaw();
      }
      return 'context';
    }
    this.newConnectionIfAny(code, old, stamped);
    const t = this.t;
    // As in reply(): in the old family a second coded reply in a cycle answers a command not shown
    // (not 5.2.10+'s get_lines() lines, which stand between client lines: the family is the replies').
    if (t.family === 'old' && code !== null) {
      if (t.cycleReplies > 0 && !t.rawCopyDue) this.unnamedCommand();
      t.cycleReplies++;
      t.rawCopyDue = true;
    }
    t.rawOpen = more;
    t.fresh = false;
    if (code === null) return 'context';
    if (code >= 400 && !t.cycleEvent) {
      const ev = this.failureEvent(time, this.replyStage(code), code);
      ev.code = code;
      ev.codeSource = 'seen';
      ev.enhanced = enhancedAt(payload, 4);
      const draft = this.draft(ev, 'reply', null, 0, payload);
      // As for an assembled reply (reply()): with the command not seen (a transcript copied from its
      // middle, or cut with "..."), the `SMTP ERROR: <COMMAND> command failed` after the assembled copy
      // names it. Level 4 prints the raw lines, then that copy, then the SMTP ERROR line.
      draft.guessed = t.command === null && ev.stage !== 'connect';
      draft.assembled = true;
      t.rawDraft = draft;
      this.fail(ev);
      const merged = this.merged;
      if (!more) this.flushRaw();
      return merged ? 'context' : 'reply';
    }
    return this.successIf(code, time) ?? 'context';
  }

  private command(payloadText: string, old: boolean, stamped: boolean): LineVerdict {
    // A dialogue after ErrorInfo lines that stood alone (an application's log of failed sends, a cut
    // transcript after them: glpi-project/glpi#4608) is another send's; its code-less failures are not
    // their fallout. Not the QUIT that smtpConnect() sends after the failure it just printed, nor the RSET
    // postSend() sends after it with SMTPKeepAlive (it prints the exception, then resets the connection).
    if (this.t.family === null && this.t.stamped === null && restatedOnly(this.t.failures) && !isCleanup(payloadText)) this.reset();
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
    const command = commandOfFailure(name);
    // After QUIT the dialogue is over: a failure of another command belongs to the next send
    // (SMTPKeepAlive, or a second transcript without "Connection: opening" at debug level 1-2). When it
    // repeats the refusal on the line just above, that reply was the next send's already: sendCommand()
    // prints the reply, then the SMTP ERROR line about that same reply (SMTP.php), one failure.
    if (this.t.closed && command !== 'QUIT') {
      const above = this.replyFailureAbove(payloadText);
      this.reset();
      this.checkFamily(old, stamped);
      if (above !== null) {
        this.t.failures.push(above);
        this.t.cycleEvent = true;
      }
    }
    // The restatement of this command's failure came since (the recipients list, the ErrorInfo the
    // application prints once send() returned): the same command failing again is another send's, which
    // level 1 of <= 5.2.7 shows with no client line or greeting before it (a cron job's every run).
    const before = this.t.failures[this.t.failures.length - 1];
    if (this.t.cycleEvent && before !== undefined && before.absorbed > 0 && before.command === command && !isCleanupOrOther(command)) {
      this.reset();
      this.checkFamily(old, stamped);
    }
    const t = this.t;
    const payload = payloadText.trim();
    const last = this.setLast('failed', 'context');
    last.replyLines = true;
    // MAIL, RCPT and DATA come only once smtpConnect() got through STARTTLS and AUTH (PHPMailer.php
    // smtpSend(); 5.2.8+ throws at those two): a failure of theirs after the dialogue was last seen there is a
    // command cycle of its own, never the fallout of a failure shown at those steps (an excerpt at level 1,
    // or one that skips client lines: PHPMailer/PHPMailer#3142 quotes a DATA END timeout). Not after EHLO/HELO:
    // smtpConnect() never looks at what hello() returned and goes on to MAIL on the same dead socket when it
    // has no TLS or AUTH to do; nor with <= 5.2.7, whose SmtpConnect() caught its own exception, reset and
    // returned true (5.2.2-5.2.6): a MAIL with no reply after a failure there is the same dead connection.
    const onward = !old && (t.command === 'STARTTLS' || t.command === 'AUTH') && !isSetup(command) && stageOfCommand(command) !== 'other';
    // Level 1 of PHPMailer <= 5.2.7 prints only the errors (no client lines), each naming its command: a
    // failure at another stage than the command before is the next command's own, not a repeat of that
    // one's refusal (pastebin.com/Kgsees7M: AUTH refused, then RCPT refused on the same connection).
    const current = t.command;
    if (current !== null && current !== command && !isCleanupOrOther(current) && !isCleanupOrOther(command) && stageOfCommand(current) !== stageOfCommand(command)) {
      this.newCommand(command);
    }
    if (t.command === null) t.command = command;
    t.fresh = false;
    // The error line carries the reply of its command (printed or not before it).
    t.cycleReplies++;
    if (command === 'DATA' || command === 'DATA END') t.inData = false;
    if (command === 'AUTH') t.credentialLines = 0;
    if (t.cycleEvent) return 'context';
    const code = replyCode(payload);
    // A "failure" with a 2xx/3xx reply is a confused dialogue, not a refusal (old versions read the
    // 220 banner as the EHLO reply); a code-less one after a failure is its fallout (closed socket, TLS bytes).
    if (code !== null && code < 400) return 'context';
    if (code === null && this.dialogueFailed() && !onward) return 'context';
    // No reply to the cleanup PHPMailer sends (RSET, QUIT) right after the STARTTLS go-ahead, with no failure
    // shown: the TLS handshake failed and broke the connection, which PHPMailer <= 5.2.7 does not print at
    // level 2 (smtpConnect() catches its own connect_host exception and resets: PHPMailer#1027).
    const cleanup = isCleanupCommand(command, name);
    const afterTls = code === null && t.tlsAt === t.replies && cleanup;
    // Elsewhere the missing reply to that old cleanup (`SMTP -> ERROR: RSET failed: `, `... rejected quit command: `)
    // refuses nothing: the server hung up after a delivered message, or (level 1, no server lines) after a
    // failure that the restatement following it names.
    if (old && code === null && cleanup && !afterTls) return 'context';
    // No reply yet on this connection, not even the greeting (its line was empty): the server closed or
    // never spoke, and the first command's failure is that of the connection (SMTP.php connect() returns
    // true whatever the greeting; hello() then fails on the dead socket).
    // Only the first command PHPMailer sends (hello(): EHLO, then HELO): an empty reply before another
    // command's failure is an excerpt that starts at that command's empty reply (a DATA END timeout).
    const noGreeting = code === null && payload === '' && t.noGreeting && t.replies === 0 && command === 'EHLO';
    const ev = this.failureEvent(time, afterTls ? 'tls' : noGreeting ? 'connect' : stageOfCommand(command), code);
    if (code !== null) {
      ev.code = code;
      ev.codeSource = 'seen';
      ev.enhanced = enhancedAt(payload, 4);
    }
    const draft = this.draft(ev, 'reply', null, 0, '');
    // get_lines() returns nothing only when the socket hit EOF or timed out (SMTP.php get_lines()).
    if (afterTls) {
      append(draft, `STARTTLS failed: the TLS session could not be started (${name.trim()} command failed: no reply)`);
      draft.noReply = true;
    } else if (noGreeting) {
      append(draft, `No greeting from the server (connection closed or timed out): ${name.trim()} command failed: no reply`);
      draft.noReply = true;
    } else if (payload === '') {
      append(draft, `${name.trim()} command failed: no reply (connection closed or timed out)`);
      draft.noReply = true;
    } else for (const l of escapedLines(payload)) append(draft, l);
    last.draft = draft;
    this.fail(ev);
    return this.merged ? 'context' : 'reply';
  }

  /**
   * Whether a failure of this connection was shown: one its dialogue showed, or a restatement read while
   * it was under way. ErrorInfo lines of an application log before any dialogue (no command, not a
   * failure the debug output showed) are other sends: a dead socket that follows is no fallout of theirs.
   */
  private dialogueFailed(): boolean {
    const failures = this.t.failures;
    for (let i = 0; i < failures.length; i++) {
      const f = failures[i]!;
      if (f.kind === null || f.command !== null) return true;
    }
    return false;
  }

  /** The failure the reply on the previous entry made, when it has the code `payloadText` starts with. */
  private replyFailureAbove(payloadText: string): Failure | null {
    const failures = this.t.failures;
    const lastFailure = failures[failures.length - 1];
    const code = replyCode(payloadText.trim());
    if (this.last.kind !== 'reply' || code === null || lastFailure === undefined) return null;
    // The reply may span lines (`535-5.7.8 ...` then `535 5.7.8 ...`): its failure was stated on its first.
    return lastFailure.line >= this.last.line && lastFailure.event.code === code ? lastFailure : null;
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
    const ev = this.failureEvent(time, isTls(text) ? 'tls' : 'connect', null);
    ev.text = clean(upToErrno(text));
    this.fail(ev);
    const merged = this.merged;
    this.emit(ev);
    return merged ? 'context' : 'reply';
  }

  /**
   * The server hung up (SMTP.php connected() found EOF before the next command). After a refusal that is
   * its fallout; before any greeting it is the failure itself — an empty greeting, typically implicit TLS
   * spoken to a STARTTLS port — which PHPMailer goes on to report as "Could not authenticate" or
   * "SMTP connect() failed".
   */
  private eof(time: number | null): LineVerdict {
    this.setLast('eof', 'context');
    const t = this.t;
    t.lost = true;
    if (t.failures.length > 0 || t.replies > 0 || t.command !== null || !(t.fresh || t.emptyReply)) return 'context';
    t.fresh = false;
    const ev = this.failureEvent(time, 'connect', null);
    ev.text = 'Connection closed by the server before its greeting (EOF caught while checking if connected)';
    this.fail(ev);
    const merged = this.merged;
    this.emit(ev);
    return merged ? 'context' : 'reply';
  }

  /**
   * A PHP warning on the socket, forwarded by PHPMailer's errorHandler (`Connection failed. Error #2:
   * ...`, level 3) or printed by PHP itself. Before the server spoke it is the connection failure (TLS
   * when it is about certificates or crypto); later, a failure of the current command.
   */
  private warning(text: string, raw: boolean, smtpFile: boolean, copy: boolean, time: number | null): LineVerdict {
    // An interrupted stream_select() (a signal during get_lines()) refuses nothing: PHPMailer 6.1.7+
    // retries it on the same connection (level 4 says "retrying stream_select"; PHPMailer#2074, #3183).
    // Only the English strerror is recognised, as PHPMailer itself does; a select that fails for good
    // still ends in the SMTP ERROR or restatement of the command it broke, which is the event.
    if (text.includes('Interrupted system call') && text.includes('stream_select')) {
      this.setLast('warning', 'context');
      return 'context';
    }
    let t = this.t;
    if (raw && !(smtpFile || t.fresh || (t.command === 'STARTTLS' && t.replies > 0))) {
      // Not PHPMailer's socket code, nor a transcript that was opening: another client's socket (a cache,
      // a queue) unless it names a port SMTP has to itself. Then it is a mail connection that failed, or,
      // as a copy (an application's error_get_last() after PHPMailer's lines and ErrorInfo), the reason for
      // one this transcript just reported: no second event for that one. PHP's own warning is raised as
      // the call fails, before anything can report that failure: never such a reason.
      if (!namesSmtpPort(text)) {
        this.setLast('php', 'ignored');
        return 'ignored';
      }
      this.setLast('warning', 'context');
      const stage = isTls(text) ? 'tls' : 'connect';
      const host = hostInWarning(text);
      if (copy && this.reasonGiven(stage, host, time)) return 'context';
      // Otherwise an attempt of its own, not PHPMailer's (PHP raises `unable to connect to` once per failed
      // call: each run of a cron job, each retry), outside the transcript: the send under way goes on (a
      // PHP error log interleaves requests), and PHPMailer's restatements after it are not about this one.
      const ev = this.newEvent(time, stage);
      ev.server = host;
      ev.text = warningText(text);
      this.emit(ev);
      return 'reply';
    }
    const last = this.setLast('warning', 'context');
    // A connection that did not open is never the command under way: in a transcript that is talking it
    // is another connection (PHPMailer's next send in a level-2 log, which shows no `Connection: opening`),
    // not a failure of that transcript's last command, nor the fallout of its failure below.
    if (t.connectFailure === 'error' || ((t.replies > 0 || t.command !== null) && unableToConnectAt(text) >= 0)) {
      this.reset();
      t = this.t;
    }
    // After a failure PHPMailer still says QUIT (smtpConnect()/smtpSend() close "nicely"), and writing it
    // on the dead socket raises a warning of its own: errorHandler's `Connection failed. Error #8: fwrite():
    // send of 6 bytes failed with errno=32 Broken pipe` (SMTP.php client_send(); 6 bytes: "QUIT\r\n"), or
    // PHP's own warning before client_send() had an error handler. Fallout of that failure, like the empty
    // QUIT reply and `SMTP ERROR: QUIT command failed:` after it.
    if (t.command === 'QUIT' && t.failures.length > 0) return 'context';
    const talking = isTalkingWarning(text);
    let stage: Stage;
    let guessed = false;
    if (t.replies === 0 && !(talking && !t.fresh)) {
      if (t.connectFailure === 'warning') return 'context';
      t.connectFailure = 'warning';
      stage = isTls(text) ? 'tls' : 'connect';
    } else {
      if (t.cycleEvent) return 'context';
      // Reading or writing the socket mid-dialogue ("fwrite(): SSL: Broken pipe"): the command that was
      // under way failed; TLS only when it was STARTTLS or the warning is about certificates or crypto.
      const tls = t.command === 'STARTTLS' || isCryptoTrouble(text);
      stage = tls ? 'tls' : t.command ? stageOfCommand(t.command) : 'other';
      guessed = !tls && t.command === null;
    }
    t.fresh = false;
    if (t.server === null) t.server = hostInWarning(text);
    const ev = this.failureEvent(time, stage, null);
    const merged = this.merged;
    ev.text = warningText(text);
    this.fail(ev);
    const openssl = endsWithOpenSslLead(text);
    if (guessed || openssl) {
      // The SMTP ERROR line or the restatement that follows names the command: wait for it. PHP's
      // OpenSSL messages follow on lines of their own (echo mode indents them): wait for those too
      // (https://github.com/PHPMailer/PHPMailer/issues/1351).
      const draft = this.draft(ev, 'fixed', null, 0, '');
      draft.guessed = guessed;
      if (openssl) {
        draft.open = true;
        this.opensslLine = this.lines;
      }
      last.draft = draft;
    } else {
      this.emit(ev);
    }
    return merged ? 'context' : 'reply';
  }

  // --- restatements ---------------------------------------------------------------------------

  /**
   * A PHPMailer-class message or an ErrorInfo. `recorded`: the line began a log record of its own (a
   * timestamp or a log prefix), so it may be another send's message rather than a repeat of this one.
   */
  private summary(kind: SummaryKind, text: string, payloadAt: number, time: number | null, recorded: boolean, afterEof: boolean): LineVerdict {
    if (this.inDump && this.inDumpLanguage(text)) {
      this.setLast('other', 'ignored');
      return 'ignored';
    }
    // Glued to the EOF notice (5.0-5.2.x): connected() had just found the socket closed.
    if (afterEof) this.t.lost = true;
    const last = this.setLast('summary', 'context');
    last.time = time;
    const phrase = text.slice(0, payloadAt);
    if (kind === 'rcpt') {
      last.rcpt = true;
      last.recorded = recorded;
      let verdict: LineVerdict = 'context';
      for (const r of recipientsOf(text.slice(payloadAt))) {
        const v = this.recipientFailure(r, time, recorded);
        if (RANK[v] > RANK[verdict]) verdict = v;
      }
      return verdict;
    }
    // An ErrorInfo holding PHP's OpenSSL message goes on with its next physical line (the message has a
    // real newline: https://github.com/php/doc-en/issues/4713).
    const openssl = endsWithOpenSslLead(text);
    if (openssl) this.opensslLine = this.lines;
    const facts = readSummary(kind, text, payloadAt);
    // What is left of an ErrorInfo after the application dropped its message, naming only the QUIT that
    // PHPMailer sends after a failed connection, TLS or authentication (smtpConnect() closes "nicely"):
    // the fallout of a failure, never one of its own.
    if (kind === 'server-error' && isQuit(facts.error) && facts.code === null && !hasLabel(text, DETAIL_LABELS)) return 'context';
    let stage = this.summaryStage(kind, facts.error, facts.text, text);
    const neverConnected = kind === 'connect' && text.includes('Failed to connect to server', payloadAt);
    // setError()'s `SMTP server error: <CMD> command failed` and 6.6+ connect_host's own tail (getSmtpErrorMessage():
    // `<message> STARTTLS command failed <detail>`) name the command that failed: the restatement repeats a
    // failure at that command only, whatever came before (PHPMailer/PHPMailer#3021).
    // Only with the server's reply in it: a command named with nothing after it got no reply (a dead or
    // silent socket), the fallout of the failure that connection showed before, like the code-less
    // `SMTP ERROR` line of the same command (failed()).
    let named = facts.error !== null && !isQuit(facts.error) && facts.error.includes(' command failed') && (facts.code !== null || hasLabel(text, DETAIL_LABELS));
    if (!named && kind === 'connect' && facts.error === null) {
      const command = commandAfterMessage(text, payloadAt);
      if (command !== null) {
        named = true;
        stage = stageOfCommand(command);
      }
    }
    if (this.absorb(kind, stage, null, phrase, recorded, time, neverConnected, named)) return 'context';
    if (this.notConnectedFallout(text, stage === 'mail' && this.t.lost)) return 'context';
    this.anotherSendIf(stage);
    const ev = this.newEvent(time, stage);
    const draft = this.draft(ev, 'summary', kind, payloadAt, text);
    if (openssl) draft.open = true;
    // Printed before any debug output, as a record of no log of its own (a report's `ErrorInfo:` line):
    // the debug output may follow and show the same failure (failureEvent()).
    const t = this.t;
    // Another send's summary (nothing absorbed it): one still held for its debug output got none before it.
    if (this.ahead !== null) this.releaseAhead();
    // Not once the debug output of this transcript began to show (an empty reply, a closed connection:
    // the GLPI log of PHPMailer/PHPMailer#2867, whose empty greeting has no reply count), nor when it
    // comes with the exception's stack trace: that was logged after send() gave up, so the debug output
    // of its send came before it (pastebin.com/SDSeD36a, then an unrelated transcript).
    if (!recorded && this.ahead === null && t.replies === 0 && t.command === null && t.failures.length === 0 && !t.emptyReply && !t.closed && !text.includes(' #0 ')) {
      draft.ahead = this.lines;
    } else if (!recorded && this.ahead === null && !text.includes(' #0 ')) {
      // Another send's summary (no failure here absorbed it) whose own debug line comes right after it: an
      // application that printed ErrorInfo before the debug output, pasted after other output (a README
      // quoting "SMTP connect() failed." above its "SMTP ERROR: Failed to connect ..."). Only the very next
      // line: further on, the debug output of a send is no longer told from the next send's.
      draft.ahead = this.lines;
      draft.aheadWithin = 1;
    }
    last.draft = draft;
    this.fail(ev, phrase, kind);
    return 'reply';
  }

  private recipientFailure(r: { address: string; detail: string | null }, time: number | null, recorded: boolean): LineVerdict {
    if (this.absorb('rcpt', 'rcpt', r.address, 'rcpt', recorded, time)) return 'context';
    this.anotherSendIf('rcpt');
    const ev = this.newEvent(time, 'rcpt');
    ev.recipient = flat(r.address);
    ev.text = clean(r.detail ?? `SMTP Error: The following recipients failed: ${r.address}`);
    this.fail(ev, 'rcpt', 'rcpt');
    this.emit(ev);
    return 'reply';
  }

  /**
   * A restatement of a refusal in the mail transaction (MAIL, RCPT, DATA) that no failure absorbed, in a
   * transcript whose connection failed to open or to start TLS with no command since: that connection never
   * got so far, so it is another send (an application log of ErrorInfo lines after the debug output of a
   * failed connection), and not to the failed connection's host.
   */
  private anotherSendIf(stage: Stage): void {
    if (stage !== 'mail' && stage !== 'rcpt' && stage !== 'data') return;
    const t = this.t;
    if (t.command !== null || t.failures.length === 0) return;
    const first = t.failures[0]!.event.stage;
    if (first === 'connect' || first === 'tls') this.reset();
  }

  /**
   * PHPMailer 5.2.x before 5.2.7 went on after a failed connection or STARTTLS (SmtpConnect() caught its own
   * exception, sent RSET and returned true): Mail() then found no connection, and the ErrorInfo reads "The
   * following From address failed: <addr> : Called Mail() without being connected". That is the same send,
   * and the failure this transcript just showed: absorbed by it (not another send, not a refusal of the sender).
   * Older versions name no cause in the ErrorInfo (`The following From address failed: <addr>`); their
   * EOF notice before it says so (`lost`: connected() found the socket closed, fusionpbx/fusionpbx#1931),
   * for the application's copy of that ErrorInfo too.
   */
  private notConnectedFallout(text: string, lost: boolean): boolean {
    if (!lost && !text.includes('without being connected')) return false;
    const failures = this.t.failures;
    for (let i = failures.length - 1; i >= 0; i--) {
      const f = failures[i]!;
      const s = f.event.stage;
      if ((s === 'connect' || s === 'tls') && f.absorbed < MAX_ABSORB && this.lines - f.line <= REPEAT_LINES) {
        f.absorbed++;
        return true;
      }
    }
    return false;
  }

  /**
   * `text`: what the summary states (SummaryFacts.text); TLS words in it make a connection failure a TLS one.
   * `said`: the summary as written, from its phrase on: lang('tls') with its key missing names the STARTTLS
   * failure even when what follows is the server's bytes (`...load: tls<p>SMTP server error: Kx0c`).
   */
  private summaryStage(kind: SummaryKind, error: string | null, text: string, said: string): Stage {
    // The QUIT an ErrorInfo names is the one PHPMailer sent after the failure: the message part says which.
    if (error !== null && !isQuit(error)) {
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
        return this.t.command === 'STARTTLS' || isTls(text) || said.startsWith(TLS_KEY_MISSING) ? 'tls' : 'connect';
      default:
        return 'other';
    }
  }

  /**
   * Whether a failure this transcript already reported is what the restatement repeats.
   * - A failure the debug output showed absorbs the restatements of its stage (any for "connect() failed").
   * - A failure stated only by a restatement (debug level 0-1, an application log) absorbs:
   *   the same message again when nothing marks a new record (PHPMailer's edebug line, then the
   *   application printing ErrorInfo; FluentSMTP's JSON listing it twice), and the "SMTP connect()
   *   failed" that PHPMailer always adds after an authentication or connection failure (smtpConnect()
   *   returns false, send() throws smtp_connect_failed). Anything else is another send: an application
   *   log of one ErrorInfo per failed send counts each (GLPI, cron jobs).
   * - In a transcript that showed the dialogue, a restatement stated again once the connection was shut
   *   (QUIT, "Connection: closed") and nothing else happened: send() printing what smtpConnect() printed.
   */
  private absorb(kind: SummaryKind, stage: Stage, recipient: string | null, phrase: string, recorded: boolean, time: number | null, neverConnected = false, named = false): boolean {
    const failures = this.t.failures;
    for (let i = failures.length - 1; i >= 0; i--) {
      const f = failures[i]!;
      if (f.absorbed >= MAX_ABSORB) continue;
      const s = f.event.stage;
      // smtpConnect() is behind a failure in the message transaction (smtpSend() sends MAIL only once it
      // succeeded): nothing before it is what a connect_host or smtp_connect_failed restates; another
      // send's (pastebin.com/Ay7GrHi7 after e25g8b3J).
      if (kind === 'connect' && (s === 'mail' || s === 'rcpt' || s === 'data')) return false;
      if (named && s !== stage) continue;
      let match: boolean;
      if (f.phrase === null) {
        // Nothing is tried after the connection failed: "Could not authenticate" and "SMTP connect()
        // failed" that PHPMailer prints next are about that failure (smtpConnect() goes on to
        // authenticate() on a dead socket). So after a failed EHLO/HELO: smtpConnect() never looks at what
        // hello() returned, before or after STARTTLS, and authenticates anyway (glpi-project/glpi#4608:
        // the EHLO after the TLS handshake got no reply; pastebin.com/ZZJ6uu1c, 5.2.x). Restatements
        // follow their failure closely.
        if (this.lines - f.line > REPEAT_LINES) continue;
        match =
          kind === 'connect' || ((s === 'connect' || s === 'helo') && kind === 'auth')
            ? true
            : kind === 'rcpt'
              ? s === 'rcpt' && (f.event.recipient === null || sameAddress(f.event.recipient, recipient))
              : stage === 'tls'
                ? s === 'tls'
                : // an ErrorInfo's `SMTP server error: Failed to connect to server ...` whose message part
                  // the reader's paste left on the line before (connect_host broken after "SMTP host. ")
                  stage === 'connect'
                  ? s === 'tls' || s === 'connect'
                  : s === stage;
      } else {
        // PHPMailer's messages and the application's ErrorInfo come within the same second or so.
        const recent = this.lines - f.line <= REPEAT_LINES && (time === null || f.event.time === null || Math.abs(time - f.event.time) <= REPEAT_MS);
        const repeat =
          recent &&
          !recorded &&
          this.records === f.record &&
          f.kind === kind &&
          (kind === 'rcpt' ? sameAddress(f.event.recipient, recipient) : f.phrase === phrase || s === stage);
        // PHPMailer's own second print of a failure it stated only by a restatement in a debug transcript:
        // smtpConnect() prints the exception it caught, says QUIT and closes ("Connection: closed"), then
        // send() prints the same message again, with a record of its own (a stamp in echo mode, or after
        // stamped QUIT lines in html mode). Only the closing of that connection lies between them: any
        // other command after QUIT starts another transcript (command()), which has no failures yet.
        // The failure may also open the excerpt (no command of its own yet: the reporter's paste starts at
        // it, https://github.com/PHPMailer/PHPMailer/issues/1384); the QUIT after it is still PHPMailer's.
        const closing =
          recent &&
          (f.command !== null || this.t.command === 'QUIT') &&
          f.kind === kind &&
          f.phrase === phrase &&
          this.t.closed &&
          (this.t.command === f.command || this.t.command === 'QUIT');
        // Not a connection that was never made (6.6+ connect_host with its "Failed to connect to server"
        // detail): smtpConnect() throws that only when no attempt got as far as an exception, so never
        // after an authentication failure, which it throws again instead; it is another send
        // (joomla/joomla-cms#45334: two tests, the host changed between them).
        const aftermath =
          recent && kind === 'connect' && (f.kind === 'connect' || (f.kind === 'auth' && !neverConnected)) && f.phrase !== phrase && i === failures.length - 1;
        // The other half of a pre-5.2.8 ErrorInfo, joined to this failure when it was read (pairParagraph()).
        const half = f.partner === kind && !recorded && this.records === f.record;
        if (half) f.partner = null;
        // The pair printed again (an application echoing ErrorInfo twice): its other half is a repeat too.
        const pairedRepeat = recent && !recorded && this.records === f.record && f.paired === kind;
        match = repeat || closing || aftermath || half || pairedRepeat;
      }
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
    const c0 = text.charCodeAt(0);
    if (this.inDump) this.inDumpLanguage(text);
    // (The page's source has the dump in <pre>, the heading in <p>.)
    if (((c0 === 111 || c0 === 80) && opensMailerDump(text)) || (c0 === 60 && text.startsWith('<pre>') && opensMailerDump(text.slice(5)))) this.mailerDump();
    // WP Mail SMTP's test page (and its clones) prints the dump, its ErrorInfo near the top, then this
    // heading and the debug output it captured: the wait for that output's failure counts from here.
    else if ((c0 === 84 || c0 === 60) && this.inDump && text.replace(/^(?:<\/pre>)?(?:<p>)?/, '').startsWith('The SMTP debugging output is shown below')) {
      this.inDump = false;
      if (this.ahead !== null) this.ahead.line = this.lines;
    }
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

  /**
   * PHP's var_dump() or print_r() of the PHPMailer object (`object(PHPMailer)#615 (69) {`, `PHPMailer
   * Object`): an application printing the mailer after send() returned, ErrorInfo among its fields (the
   * test pages of WP Mail SMTP and other WordPress plugins). send() returns after a failure or after the
   * end of the message, both of which the debug output shows: a dialogue that shows neither is not the
   * send the dump describes (another send, or output cut before it), so it is over and its host is not
   * the dump's. After a failure the dump stays with it, its ErrorInfo restating it (absorb()).
   */
  private mailerDump(): void {
    this.inDump = true;
    this.dumpAt = this.lines;
    this.dumpLanguage = false;
    const t = this.t;
    if (this.held === null && t.failures.length === 0 && !t.cycleEvent && !t.cycleSuccess) this.reset();
  }

  /**
   * Whether `text`, a line of a mailer dump, is in its `language` property: 5.x keeps the language table
   * in the object once lang() loaded it (after any failure), so a dump lists every message PHPMailer has
   * (`[authenticate] => SMTP Error: Could not authenticate.`, `string(22) "SMTP connect() failed."`), none
   * of them a failure. The array holds no other array: its first closing line ends it (var_dump `}`,
   * print_r `)`); xdebug's layout has none, its next property ends it.
   */
  private inDumpLanguage(text: string): boolean {
    const s = text.trim();
    if (this.dumpLanguage) {
      if (s === '}' || s === ')' || /^(?:public|protected|private) '/.test(s)) this.dumpLanguage = false;
      return true;
    }
    if (s.startsWith('["language"') || s.startsWith('[language:') || s.startsWith('[language]') || s.startsWith("protected 'language'")) {
      this.dumpLanguage = true;
      return true;
    }
    return false;
  }

  // --- transcript bookkeeping -----------------------------------------------------------------

  /** Starts the record of the entry being read. Reused in place: one allocation per parser, not per line. */
  private setLast(kind: Last['kind'], verdict: Last['verdict']): Last {
    const last = this.last;
    last.kind = kind;
    last.verdict = verdict;
    last.replyLines = false;
    last.emptyReply = false;
    last.old = false;
    last.stamped = false;
    last.time = null;
    last.draft = null;
    last.rcpt = false;
    last.recorded = false;
    last.line = this.lines;
    return last;
  }

  /**
   * Emits the event the previous entry was assembling. A `SMTP ERROR: X command failed` with the same
   * code names its command; when the command was not seen at all (a transcript copied from its middle, a
   * socket warning), the event waits across unlabelled lines for the line that names it.
   */
  private settle(next: Entry | null): void {
    // A dump of the mailer runs for a hundred lines or more past its ErrorInfo: the wait ends with it.
    if (this.inDump && (next === null || (next.kind !== 'other' && next.kind !== 'summary') || this.lines - this.dumpAt > MAX_DUMP_LINES)) {
      this.inDump = false;
      this.dumpLanguage = false;
    }
    if (this.ahead !== null && !this.inDump && this.lines - this.ahead.line > this.ahead.within) this.releaseAhead();
    // `SMTP ERROR: X command failed` with no reply text, then at once a server refusal: PHPMailer never
    // writes that order (an empty reply is EOF or a timeout, and what follows is its restatement or the
    // client's next command); a shortened excerpt does ("SMTP ERROR: AUTH command failed" / "SERVER ->
    // CLIENT: 535-5.7.8 ..."). The refusal is the reply the line was about: reply() gives it to that event.
    const waiting = this.last.draft;
    if (waiting !== null && waiting.noReply && this.last.kind === 'failed' && next !== null && next.kind === 'reply') {
      const code = replyCode(next.payload.trim());
      if (code !== null && code >= 400) {
        this.last.draft = null;
        this.orphan = waiting;
      }
    }
    const draft = this.last.draft;
    if (draft) {
      this.last.draft = null;
      if (this.held) this.release(null);
      this.held = draft;
    }
    if (this.held) this.release(next);
    if (next === null || next.kind !== 'raw') {
      // The reply ending the raw lines is their assembled copy: a held raw draft need not wait for it.
      if (this.t.rawDraft && next !== null && next.kind === 'reply') this.t.rawDraft.assembled = false;
      this.t.rawOpen = false;
      this.flushRaw();
    }
  }

  /** Emits the held draft, restaged by `next` when that names its command, or keeps holding it. */
  private release(next: Entry | null): void {
    const draft = this.held!;
    // A raw (level 4) reply is shown again, assembled, before the SMTP ERROR line: wait across that copy.
    if (draft.assembled && next !== null && next.kind === 'reply') {
      draft.assembled = false;
      return;
    }
    // The old family's level 4 writes `get_lines(): $data is "<reply>` (and the quote ending the
    // line read) between the raw line and that copy.
    if (draft.assembled && next !== null && (next.kind === 'status' || next.kind === 'other') && this.t.family === 'old' && draft.waited++ < MAX_WAIT) return;
    if (draft.guessed && next !== null) {
      if (next.kind === 'other' || next.kind === 'php') {
        if (draft.waited++ < MAX_WAIT) return;
      } else if (next.kind === 'failed') {
        const code = replyCode(next.payload.trim());
        if (draft.kind === 'fixed' || code === draft.event.code) {
          this.restage(draft.event, stageOfCommand(commandOfFailure(next.command)));
          // No RCPT TO line in this log (server lines only): the error line names the command, the
          // recipients_failed restatement after it names the address (class.phpmailer.php of <= 5.2.7).
          if (draft.event.stage === 'rcpt' && draft.event.recipient === null && draft.waited++ < MAX_WAIT) return;
        }
      } else if (next.kind === 'summary' && draft.kind === 'fixed' && next.summary !== 'connect' && next.summary !== 'server-error') {
        const facts = readSummary(next.summary, next.text, next.payloadAt);
        this.restage(draft.event, this.summaryStage(next.summary, facts.error, facts.text, next.text));
      }
    } else if (next !== null && next.kind === 'failed' && draft.kind === 'reply' && replyCode(next.payload.trim()) === draft.event.code) {
      const command = commandOfFailure(next.command);
      this.restage(draft.event, stageOfCommand(command));
      // After QUIT the reply was the next send's (failed() carries its failure over): the addresses of
      // the send that QUIT ended are not its own.
      if (this.t.closed && command !== 'QUIT') {
        draft.event.sender = null;
        draft.event.recipient = null;
      }
    }
    if (next !== null && next.kind === 'summary' && draft.kind === 'summary') this.pairParagraph(draft, next);
    // The RCPT TO line was not in the log (debug level 1 copied from its middle): the recipients-failed
    // restatement right after names the address.
    if (next !== null && next.kind === 'summary' && next.summary === 'rcpt' && draft.event.stage === 'rcpt' && draft.event.recipient === null) {
      // The list names the bad addresses in the order their RCPTs failed (<= 5.2.7 level 2 shows each
      // refusal, unnamed, before the list): this failure's address is the one at its place among them.
      let place = 0;
      for (const f of this.t.failures) {
        if (f.event === draft.event) break;
        if (f.event.stage === 'rcpt') place++;
      }
      const address = recipientsOf(next.text.slice(next.payloadAt))[place];
      if (address) draft.event.recipient = flat(address.address);
    }
    this.held = null;
    this.emitDraft(draft);
  }

  /**
   * Before v5.2.8 an ErrorInfo was `<message><p>SMTP server error: <reply text></p>`: setError() added
   * the reply the SMTP class kept (`smtp_msg`, the reply without its code). Shown as html the paragraph is
   * a line of its own, after the message or, as an application printed it, before
   * (https://github.com/PHPMailer/PHPMailer/issues/304: `SMTP server error: You are not allowed to use the
   * domain ... as a sender domain.`, then `The following From address failed: ...`). Within one log
   * record the two lines are one failure: the message names the command, the paragraph what the server
   * said. The held draft takes what it lacks from `next`, and its failure absorbs `next` (absorb()).
   */
  private pairParagraph(draft: Draft, next: Extract<Entry, { kind: 'summary' }>): void {
    const own = draft.summary;
    const other = next.summary;
    const paragraphFirst = own === 'server-error' && PARAGRAPH_STAGE.has(other);
    const messageFirst = other === 'server-error' && own !== null && PARAGRAPH_STAGE.has(own);
    if (!paragraphFirst && !messageFirst) return;
    const failure = this.failureOf(draft.event);
    if (failure === null || failure.record !== this.records || failure.partner !== null) return;
    if (paragraphFirst) {
      if (draft.event.stage !== 'other' || !readSummary('server-error', draft.lines.join(' '), draft.payloadAt).paragraph) return;
      this.restage(draft.event, PARAGRAPH_STAGE.get(other)!);
      const sender = other === 'from' ? readSummary('from', next.text, next.payloadAt).sender : null;
      if (sender !== null) draft.event.sender = flat(sender);
    } else {
      if (hasLabel(draft.lines.join(' '), ERROR_LABELS) || !readSummary('server-error', next.text, next.payloadAt).paragraph) return;
      // emitDraft() reads the two as one ErrorInfo: the message's command, the paragraph's reply text.
      draft.lines.push(flat(next.text));
    }
    failure.partner = other;
    failure.paired = other;
  }

  private failureOf(event: ReplyEvent): Failure | null {
    const failures = this.t.failures;
    for (let i = failures.length - 1; i >= 0; i--) if (failures[i]!.event === event) return failures[i]!;
    return null;
  }

  private flushRaw(): void {
    const draft = this.t.rawDraft;
    if (draft) {
      this.t.rawDraft = null;
      if (draft.guessed) {
        // Its stage waits for the line naming the command, like any held reply (release()).
        if (this.held) this.release(null);
        this.held = draft;
      } else {
        this.emitDraft(draft);
      }
    }
  }

  private reset(): void {
    this.flushRaw();
    if (this.held) this.release(null);
    // The transcript after the one a held summary was read in ended without showing its failure; one
    // ended before anything was read into it (two cuts on one line) was none.
    if (this.ahead !== null && this.ahead.t !== this.t && !this.t.untouched) this.releaseAhead();
    this.t = new Transcript();
  }

  /**
   * The event of a failure the debug output shows: a new one, or the event of a summary printed before
   * that output (WP Mail SMTP's debug report puts `ErrorInfo:` above the captured `SMTP Debug:` block:
   * https://github.com/awesomemotive/WP-Mail-SMTP/issues/131, https://github.com/php/doc-en/issues/4713),
   * which then takes the facts of the debug output, the closer record. Only the summary's own transcript
   * or the one right after it, within AHEAD_LINES, and only a failure the summary can state: two sends
   * stay two events. Sets `merged`: the line then carries no event of its own.
   */
  private failureEvent(time: number | null, stage: Stage, code: number | null): ReplyEvent {
    const a = this.ahead;
    this.merged = a !== null && this.lines - a.line <= a.within && summarises(a.kind, a.event, stage, code);
    if (!this.merged) return this.newEvent(time, stage);
    this.ahead = null;
    const ev = a!.event;
    const { sender, recipient } = ev;
    if (time !== null) ev.time = time;
    ev.server = this.t.server ?? ev.server;
    ev.code = null;
    ev.enhanced = null;
    ev.codeSource = 'none';
    ev.text = '';
    this.restage(ev, stage);
    ev.sender ??= stage === 'mail' || stage === 'rcpt' || stage === 'data' ? sender : null;
    ev.recipient ??= stage === 'rcpt' ? recipient : null;
    return ev;
  }

  private releaseAhead(): void {
    const a = this.ahead;
    if (a !== null) {
      this.ahead = null;
      this.emit(a.event);
    }
  }

  /** One PHPMailer version and output mode write one style; a change means another transcript. */
  /** `neutral`: the entry is written alike by both families (level 4 `SMTP -> get_lines()` lines, 5.1-5.2.27). */
  private checkFamily(old: boolean, stamped: boolean, neutral = false): void {
    const family = neutral ? null : old ? 'old' : 'new';
    const t = this.t;
    if ((family !== null && t.family !== null && t.family !== family) || (t.stamped !== null && t.stamped !== stamped)) this.reset();
    if (family !== null) this.t.family = family;
    this.t.stamped = stamped;
  }

  /** Whether the time of an entry jumps far enough from the last one to mean another transcript. */
  private isGap(own: number | null, outer: number | null): boolean {
    const time = own ?? outer;
    if (time === null) return false;
    const same = own !== null ? this.lastOwnTime : this.lastOuterTime;
    const other = own !== null ? this.lastOuterTime : this.lastOwnTime;
    if (same !== null) return time - same > GAP_FORWARD || same - time > GAP_BACK;
    if (other !== null) return Math.abs(time - other) > ZONE_SLACK + GAP_FORWARD;
    return false;
  }

  private checkGap(own: number | null, outer: number | null): void {
    const time = own ?? outer;
    if (time === null) return;
    const gap = this.isGap(own, outer);
    // A transcript that began without times (an unstamped SMTP ERROR line before the stamped restatement,
    // corpus-like 5.2.x output) is not cut by its first time: the jump is from an older transcript.
    if (gap && this.t.timed) this.reset();
    this.t.timed = true;
    if (own !== null) this.lastOwnTime = own;
    else this.lastOuterTime = outer;
  }

  /** A reply (assembled or raw) may open another connection: after a failed one, or a fresh greeting. */
  private newConnectionIfAny(code: number | null, old: boolean, stamped: boolean): void {
    this.afterFailedConnect(code, old, stamped);
    if (code === 220) this.maybeNewConnection(old, stamped);
  }

  /**
   * A server speaking after this transcript's connection failed, with no command sent since, speaks on
   * another connection: PHPMailer trying the next of several hosts (`Host = 'a;b'`: at level 2 no
   * `Connection: opening` line separates them), or another transcript pasted after the failed one. A
   * greeting or a refusal then starts a transcript, so its failure is not taken for the failed
   * connection's (which allows one event). Only after `SMTP ERROR: Failed to connect to server`
   * (connectFailure 'error'): a socket warning alone may be one PHPMailer recovers from on the same
   * connection (errorHandler prints an interrupted stream_select() at level 3, get_lines() retries it:
   * PHPMailer#3183, #2074), whose greeting must keep the transcript and the host it was opened to. Or
   * after PHPMailer gave the connection up ("SMTP connect() failed", "Could not connect to SMTP host" with
   * no command sent: an empty greeting, a callable's log whose "Connection: closed" is not read).
   */
  private afterFailedConnect(code: number | null, old: boolean, stamped: boolean): void {
    const t = this.t;
    if (t.command !== null || code === null || (code !== 220 && code < 400)) return;
    if (t.connectFailure !== 'error' && !this.connectGivenUp()) return;
    this.reset();
    this.checkFamily(old, stamped);
  }

  /**
   * Whether the last failure this transcript reported, within a restatement's reach of now, is one at
   * `stage` (connect or tls) that a socket warning about `host` may give the reason for: not one to
   * another host, and a refused TCP connection is never why a TLS handshake failed. Only the last: the
   * application prints the reason right after PHPMailer's lines and ErrorInfo for that failure, and once:
   * the failure is marked, so the same copy again (the next run of a cron job) is another attempt.
   */
  private reasonGiven(stage: Stage, host: string | null, time: number | null): boolean {
    const f = this.t.failures.at(-1);
    // A summary held for the debug output after it takes the warning's facts instead (failureEvent()).
    if (f === undefined || f.explained || f.event === this.ahead?.event || f.event.stage !== stage || this.lines - f.line > REPEAT_LINES) return false;
    if (host !== null && f.event.server !== null && host !== f.event.server) return false;
    if (time !== null && f.event.time !== null && Math.abs(time - f.event.time) > REPEAT_MS) return false;
    f.explained = true;
    return true;
  }

  private connectGivenUp(): boolean {
    const failures = this.t.failures;
    for (let i = 0; i < failures.length; i++) if (failures[i]!.kind === 'connect') return true;
    return false;
  }

  /** A 220 greeting after the dialogue began (other than the STARTTLS go-ahead) is a new connection. */
  private maybeNewConnection(old: boolean, stamped: boolean): void {
    const command = this.t.command;
    if (command !== null && command !== 'STARTTLS') {
      this.reset();
      this.checkFamily(old, stamped);
    }
  }

  /**
   * The stage of a reply to the current command. Before any command: the greeting (connect) when the
   * connection was seen opening or the code is one a greeting refusal has (RFC 5321 §3.1: 554, or 421
   * at the greeting); otherwise a transcript copied from its middle, whose command is unknown.
   */
  private replyStage(code: number | null): Stage {
    const t = this.t;
    if (t.command !== null) return stageOfCommand(t.command);
    if (t.afterGoAhead) return 'data';
    if (t.replies === 0 && (t.fresh || code === null || code === 220 || code === 421 || code === 554)) return 'connect';
    return 'other';
  }

  private newCommand(command: Command): void {
    const t = this.t;
    t.command = command;
    if (command !== 'DATA END') t.afterGoAhead = false;
    t.cycleEvent = false;
    t.cycleSuccess = false;
    t.cycleReplies = 0;
    t.rawCopyDue = false;
    if (command === 'DATA END') t.inData = false;
  }

  /** A command the transcript does not show (no client lines): a new cycle whose command is unknown. */
  private unnamedCommand(): void {
    const t = this.t;
    t.command = null;
    t.cycleEvent = false;
    t.cycleSuccess = false;
    t.cycleReplies = 0;
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

  private successIf(code: number, time: number | null, goAhead = false): LineVerdict | null {
    const t = this.t;
    if (code < 200 || code > 299 || (t.command !== 'DATA END' && !goAhead) || t.cycleSuccess) return null;
    t.cycleSuccess = true;
    // A send that went through is not the failure a summary printed before it states.
    if (this.ahead !== null) this.releaseAhead();
    this.sink.success(time, 'outbound');
    return 'success';
  }

  private fail(event: ReplyEvent, phrase: string | null = null, kind: SummaryKind | null = null): void {
    const t = this.t;
    t.cycleEvent = true;
    t.failures.push({ event, absorbed: 0, phrase, kind, line: this.lines, record: this.records, partner: null, paired: null, command: t.command, explained: false });
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

  private draft(event: ReplyEvent, kind: Draft['kind'], summary: SummaryKind | null, payloadAt: number, first: string): Draft {
    // The event's line: this one, or a summary's printed before it (failureEvent()).
    const head: LogLine = { text: '', offset: event.offset, number: event.line };
    // A restatement continues only as an ErrorInfo whose Detail (a multi-line reply) spans lines
    // (corpus lines 97-98); an exception's stack trace after it is not part of the message. from_failed
    // implodes getError() ("MAIL FROM command failed,<detail>,<code>,<ex>") and the detail keeps the reply's
    // CRLF (SMTP.php sendCommand()), so its first line ends with the detail: code and ex are on the next.
    const open =
      kind === 'reply' ||
      (kind === 'summary' &&
        !hasLabel(first, CODE_LABELS) &&
        !closesParagraph(first) &&
        (hasLabel(first, ERROR_LABELS) || splitAtLabel(first) || (summary === 'from' && first.includes(' command failed,', payloadAt))));
    const lines = first === '' ? [] : [flat(first)];
    const split = open && kind === 'summary' && splitAtLabel(first);
    return { event, kind, summary, payloadAt, guessed: false, waited: 0, lines, chars: first.length, head, open, split, ahead: -1, aheadWithin: AHEAD_LINES, assembled: false, noReply: false };
  }

  private emitDraft(draft: Draft): void {
    const ev = draft.event;
    if (draft.kind === 'reply') {
      ev.text = parseReply(draft.lines).text;
    } else if (draft.kind === 'summary') {
      const facts = readSummary(draft.summary!, draft.lines.join(' '), draft.payloadAt);
      ev.code = facts.code;
      ev.enhanced = facts.enhanced;
      ev.codeSource = facts.codeSource;
      ev.text = facts.text;
      if (facts.sender !== null && ev.stage === 'mail') ev.sender = flat(facts.sender);
      // Lines joined after the first (PHP's OpenSSL messages) may name the TLS trouble.
      if (draft.lines.length > 1 && ev.stage === 'connect' && draft.summary === 'connect' && isTls(facts.text)) this.restage(ev, 'tls');
      // "Could not connect to SMTP host" right after STARTTLS, with no word about TLS: startTLS() failed
      // (the server refused STARTTLS, or it gave the go-ahead and the handshake failed: a certificate
      // PHP could not verify, PHPMailer.php smtpConnect() throws connect_host). The fact is TLS, not a
      // connection that could not be opened: the text says so (PHPMailer#1059, #1347, #1917).
      else if (ev.stage === 'tls' && draft.summary === 'connect' && !isTls(facts.text)) ev.text = 'STARTTLS failed: the TLS session could not be started';
      if (draft.ahead >= 0 && this.ahead === null) {
        this.ahead = { event: ev, kind: draft.summary!, head: draft.head, line: draft.ahead, t: this.t, within: draft.aheadWithin };
        return;
      }
    } else if (draft.lines.length > 0) {
      // A socket warning's further lines: PHP's OpenSSL messages, the source reference after the last.
      ev.text = clean(`${ev.text} ${withoutSourceRef(draft.lines.join(' '))}`);
      if (ev.stage === 'connect' && isTls(ev.text)) this.restage(ev, 'tls');
    }
    this.emit(ev);
  }

  private emit(ev: ReplyEvent): void {
    // Events go out in the order of their lines: a held summary first.
    if (this.ahead !== null && this.ahead.event !== ev) this.releaseAhead();
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
  if (!draft.open || draft.lines.length >= MAX_DRAFT_LINES) return;
  const room = MAX_DRAFT_CHARS - draft.chars;
  if (room <= 0 || (line.length > room && draft.lines.length > 0)) return;
  // A first line longer than the draft holds is cut, not dropped: dropping it left a 20 KB refusal
  // stored with an empty text (the text is capped at 2,000 characters anyway).
  const kept = line.length > room ? line.slice(0, room) : line;
  draft.lines.push(flat(kept));
  draft.chars += kept.length;
  // The part after `SMTP server error:` that ends the line at its command (`DATA END command failed`) is
  // whole: the command got no reply (readSummary()), so no Detail or code follows that is not labelled.
  if (draft.kind === 'summary') draft.split = splitAtLabel(line) || (draft.split && !line.trimEnd().endsWith(' command failed'));
  if (draft.kind === 'summary' && (hasLabel(line, CODE_LABELS) || closesParagraph(line))) draft.open = false;
}

/**
 * Before v5.2.8 setError() wrapped the server's words in `<p>SMTP server error: ...</p>`, with nothing
 * after the paragraph: an ErrorInfo whose line ends in `</p>` is complete, and what an application logs
 * on the next, indented line (omegaUp's `   (<file>:<line>)~`, omegaup/omegaup#711) is not part of it.
 */
function closesParagraph(line: string): boolean {
  return line.trimEnd().endsWith('</p>');
}

/**
 * SMTP::edebug()'s echo-mode indentation of a message's further lines: 19 spaces and a TAB (formats.md
 * §3.2), or the 42 spaces a paste makes of it.
 */
function echoIndent(text: string): boolean {
  let n = 0;
  while (n < 42 && codeAt(text, n) === 32) n++;
  return n >= 19 || (n < 20 && codeAt(text, n) === 9);
}

/**
 * An ErrorInfo line that ends with one of setError()'s labels and nothing after it (`SMTP Error: data not
 * accepted.SMTP server error:`): the text was broken there on its way to the reader (an article's or a
 * page's rendering, a re-wrapped paste), so the lines after it, unlabelled and unindented, are the parts
 * the label introduces, up to its `SMTP code:` (pastebin.com/8rVXyb5J, qiita.com/pike3).
 */
function splitAtLabel(line: string): boolean {
  const t = line.trimEnd();
  if (!t.endsWith(':')) return false;
  for (const labels of [ERROR_LABELS, DETAIL_LABELS, EXTRA_LABELS]) {
    for (const l of labels) if (t.endsWith(l.trimEnd())) return true;
  }
  return false;
}

/** `SMTP code: 550`, `Additional SMTP info: ...`, `Detail: ...` (or a translation) at the start of a line. */
function startsWithSummaryLabel(s: string): boolean {
  for (const labels of [CODE_LABELS, EXTRA_LABELS, DETAIL_LABELS]) {
    for (const l of labels) if (s.startsWith(l.trimStart())) return true;
  }
  return false;
}

/**
 * PHP's OpenSSL failures end their first line with `OpenSSL Error messages:` and put each OpenSSL error
 * (`error:0A000086:SSL routines::certificate verify failed`) on a line of its own (PHP ext/openssl
 * xp_ssl.c joins them with newlines). html mode removes the newlines, gluing them on.
 */
const OPENSSL_LEAD = 'OpenSSL Error messages:';

function endsWithOpenSslLead(text: string): boolean {
  return text.endsWith(OPENSSL_LEAD) || text.trimEnd().endsWith(OPENSSL_LEAD);
}

/** `error:` and OpenSSL's 8-digit hex error code, then `:`. */
function isOpenSslError(s: string): boolean {
  if (!s.startsWith('error:') || codeAt(s, 14) !== 58) return false;
  for (let i = 6; i < 14; i++) {
    const c = s.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Messages a pre-5.2.8 `SMTP server error:` paragraph may belong to, and the stage each names (pairParagraph()). */
const PARAGRAPH_STAGE: ReadonlyMap<SummaryKind, Stage> = new Map<SummaryKind, Stage>([
  ['from', 'mail'],
  ['auth', 'auth'],
  ['data', 'data'],
]);

/** The commands smtpConnect() sends before the message transaction (EHLO/HELO, STARTTLS, AUTH and its steps). */
function isSetup(command: Command): boolean {
  return command === 'EHLO' || command === 'STARTTLS' || command === 'AUTH';
}

/** `<CMD>` of a message followed by `<CMD> command failed` (6.6+ getSmtpErrorMessage()), else null. */
function commandAfterMessage(text: string, payloadAt: number): Command | null {
  // The language string may be matched without its final full stop.
  let at = skipBlanks(text, payloadAt);
  if (text.charCodeAt(at) === 46) at = skipBlanks(text, at + 1);
  const end = text.indexOf(' command failed', at);
  if (end <= at || end - at > 24) return null;
  // getSmtpErrorMessage() adds the detail (the reply text) only when there is one: none, no reply.
  if (text.slice(end + 15).trim() === '') return null;
  const command = commandOfFailure(text.slice(at, end));
  return command === 'OTHER' || command === 'QUIT' ? null : command;
}

/** The SMTP-class error of the QUIT PHPMailer sends to close (SMTP.php quit()). */
function isQuit(error: string | null): boolean {
  return error !== null && error.startsWith('QUIT command failed');
}

/**
 * Whether a failure the debug output shows at `stage` (with `code`) is the one `summary` (of `kind`),
 * printed before that output, states. connect_host and smtp_connect_failed are what smtpConnect()
 * reports: a failure to connect, greet, say EHLO, start TLS or authenticate; "Could not authenticate"
 * also follows a server that closed the connection before its greeting (absorb()).
 */
function summarises(kind: SummaryKind, summary: ReplyEvent, stage: Stage, code: number | null): boolean {
  if (summary.code !== null && code !== summary.code) return false;
  switch (kind) {
    case 'connect':
      // One that says TLS failed (a refused STARTTLS, a certificate) had its connection open: a connection
      // that did not open is another attempt's.
      if (summary.stage === 'tls' && stage === 'connect') return false;
      return stage === 'connect' || stage === 'tls' || stage === 'helo' || stage === 'auth';
    case 'auth':
      return stage === 'auth' || stage === 'connect';
    default:
      return stage === summary.stage;
  }
}

function isCleanupOrOther(command: Command): boolean {
  return command === 'QUIT' || command === 'OTHER';
}

function hasLabel(s: string, labels: readonly string[]): boolean {
  for (const l of labels) if (s.includes(l)) return true;
  return false;
}

/**
 * A reply (or the reply in a SMTP ERROR line) as its lines. A log that escapes control characters
 * (Apache's error log behind a Debugoutput callable: `250-a\r\n250 b\r\n, referer: ...`) shows the
 * reply's CRLFs as the four characters `\r\n`; a reply never holds those itself.
 */
function escapedLines(payload: string): string[] {
  if (!payload.includes('\\r\\n') && !payload.includes('\\n')) return [payload];
  const out: string[] = [];
  for (const part of payload.split(/\\r\\n|\\n/)) {
    const p = part.trim();
    if (p !== '' && p !== ',') out.push(p);
  }
  return out.length > 0 ? out : [payload];
}

/** `QUIT` or `RSET`: what PHPMailer sends on its own right after printing a failure. */
function isCleanup(payloadText: string): boolean {
  return isCleanupCommand(commandOfLine(payloadText.trim()), payloadText);
}

/** QUIT or RSET (`written`: the command as the line names it; RSET has no Command of its own): PHPMailer's cleanup. */
function isCleanupCommand(command: Command, written: string): boolean {
  return command === 'QUIT' || (command === 'OTHER' && written.trim().toUpperCase() === 'RSET');
}

/** Whether there are failures and every one was stated by a restatement standing alone, none by debug output. */
function restatedOnly(failures: readonly Failure[]): boolean {
  for (let i = 0; i < failures.length; i++) if (failures[i]!.phrase === null) return false;
  return failures.length > 0;
}

/** Apache appends `, referer: <url>` to a request's messages; a paste may have lost the prefix before. */
function withoutReferer(text: string): string {
  // The URL has no space, so the tail starts right before the last space: a short look from the end,
  // once the line is known to hold the label at all (indexOf is fast, lastIndexOf is not).
  if (!text.includes(', referer:')) return text;
  // An empty referer (the URL cut away when the line was copied) ends the line with the bare label.
  if (text.endsWith(', referer:')) return text.slice(0, -10);
  const space = text.lastIndexOf(' ');
  // `, referer:` is 10 characters and ends right at that space.
  if (space < 10 || !text.startsWith(', referer:', space - 10) || !text.startsWith('http', space + 1)) return text;
  return text.slice(0, space - 10);
}

/**
 * `Failed to connect to server: Connection refused (111)` ends at the errno; html output copied without
 * its `<br>` glues the next message on (`... (0)SMTP connect() failed. https://...`).
 */
function upToErrno(text: string): string {
  ERRNO.lastIndex = 0;
  const m = ERRNO.exec(text);
  if (m === null) return text;
  const end = m.index + m[0].length;
  return end < text.length && mayHoldPhrase(text.slice(end)) ? text.slice(0, end) : text;
}
const ERRNO = /\(-?\d{1,5}\)/g;

/** A warning raised while reading or writing an open connection, not while opening it. */
function isTalkingWarning(text: string): boolean {
  return text.includes('fwrite(') || text.includes('fgets(') || text.includes('fread(') || text.includes('Broken pipe') || text.includes('stream_get_');
}

/** Certificates or the TLS handshake, as opposed to a plain read or write error on an SSL socket. */
function isCryptoTrouble(text: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes('certificate') || lower.includes('crypto') || lower.includes('handshake');
}

function hasSummaryHint(s: string): boolean {
  return findPhrase(s) !== null;
}

/** TLS trouble rather than a plain TCP failure: certificates, crypto, SSL (not the `ssl://` scheme). */
function isTls(text: string): boolean {
  const lower = text.toLowerCase();
  if (implicitTlsFailed(lower)) return true;
  const plain = lower.replaceAll('ssl://', '').replaceAll('tls://', '');
  return SSL_WORD.test(plain) || plain.includes('crypto') || plain.includes('certificate') || plain.includes('tls');
}

/**
 * 'ssl' starting a word (`SSL routines`, `SSL3_GET_RECORD`, `mod_ssl`) or in `openssl`, not inside another
 * word: Swedish smtp_connect_failed is `SMTP Connect() misslyckades`, a failed connection, not TLS.
 */
const SSL_WORD = /(?:^|[^\p{L}]|open)ssl/u;

/**
 * PHP's last warning of an implicit-TLS connection whose handshake failed: the TCP connection was made, so
 * there is no errno (`unable to connect to ssl://smtp.gmail.com:465 (Unknown error)` after `Failed to enable
 * crypto`, PHPMailer/PHPMailer#1932); all a log keeps of that failure when the warnings before it name no port.
 */
function implicitTlsFailed(text: string): boolean {
  if (!text.includes('(Unknown error)') && !text.includes('(unknown error)')) return false;
  return text.includes(' to ssl://') || text.includes(' to tls://');
}

/** A socket warning's text for its event: one that names no TLS trouble in its words says what failed. */
function warningText(text: string): string {
  return implicitTlsFailed(text) ? `TLS handshake failed: ${clean(text)}` : clean(text);
}

/**
 * Where PHP's `unable to connect to <target>` starts in a socket warning, else -1. PHP 8 capitalised its
 * messages (`stream_socket_client(): Unable to connect to tcp://smtp.example.com:587 (Connection refused)`).
 */
function unableToConnectAt(text: string): number {
  const at = text.indexOf('nable to connect to ');
  if (at < 1) return -1;
  const c = text.charCodeAt(at - 1);
  return c === 117 || c === 85 ? at - 1 : -1; // u, U
}

const SMTP_PORT_TARGET = /(?:[a-z]+:\/\/)?\S+:(?:25|465|587|2525) \(/y;

/**
 * A socket warning about a port SMTP has to itself (25 relay, 465 submissions, 587 submission, 2525 the
 * providers' alternative): a mail connection whoever opened it, even with no PHPMailer line around it.
 */
function namesSmtpPort(text: string): boolean {
  const at = unableToConnectAt(text);
  if (at < 0) return false;
  SMTP_PORT_TARGET.lastIndex = at + 21;
  return SMTP_PORT_TARGET.test(text);
}

/** `... unable to connect to ssl://smtp.gmail.com:465 (Unknown error)` → `smtp.gmail.com`. */
function hostInWarning(text: string): string | null {
  const at = unableToConnectAt(text);
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

/** The first line of PHP's var_dump() or print_r() of a PHPMailer object (5.x class name or 6.x namespaced). */
function opensMailerDump(text: string): boolean {
  return text.startsWith('object(PHPMailer') || text.startsWith('PHPMailer Object') || text.startsWith('PHPMailer\\PHPMailer\\PHPMailer Object');
}
