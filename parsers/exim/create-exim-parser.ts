// The Exim parser: one pass per line, prefix first, then a dispatch on the first characters of the
// log text; the regex-free readers live in read-inbound.ts and read-delivery.ts.
//
// Four pairs of lines describe one fact each, so the first line's event waits for the second one
// (a short window, keyed by client or message) and the second line becomes `context`:
// - `sender verify fail for <x>: reason` + the ACL rejection Exim writes right after it
//   (smtp_in.c smtp_handle_acl_fail logs both for one refused command);
// - `SMTP protocol|syntax error in ...` + `SMTP call from ... dropped: too many ...` when that error
//   was the last straw (smtp_in.c synprot_error logs both for one reply);
// - the flagless per-host line `<id> H=mx [ip]: SMTP error ... 451 ...` + the `== addr ... defer`
//   line repeating it for the same message (transports/smtp.c write_logs, deliver.c deferral_log);
// - a client's `TLS error on connection from ... (recv): ...` + the `unexpected disconnection` (or,
//   during DATA, the connection `lost while reading message data`) that the same process logs right
//   after it (tls-gnu.c tls_refill logs the failed read and gives smtp_in an EOF): same client, port and
//   pid where the lines show them, at most TLS_LOST_MS later.
// The merged event keeps the first line's number and offset (the line that says why).
//
// Memory: pending pairs, the senders of recent arrivals and the last deferral per (message,
// recipient) are bounded maps whose keys and values are flat copies, never slices that would pin
// whole log lines (src/util/flat.ts).
import type { ReplyEvent } from '../../src/model/event.js';
import type { Direction } from '../../src/model/labels.js';
import { flat } from '../../src/util/flat.js';
import type { LineVerdict, LogLine, LogParser, ParserOptions } from '../types.js';
import { BoundedMemo } from './bounded-memo.js';
import { isBlockShaped } from './is-block-shaped.js';
import { DebugOutputReader } from './debug-output.js';
import { IGNORED, type Draft, type LineFact } from './line-fact.js';
import { PrefixReader, type EximPrefix } from './parse-prefix.js';
import { readDelivery } from './read-delivery.js';
import { readInbound, readMessageLog } from './read-inbound.js';
import { arrivedFromHost, closingQuote, deliveredToRemoteHost } from './success-lines.js';
import { cap, MAX_TEXT } from './parse-reply.js';
import { TwinKeys } from './twin-keys.js';

/** Lines a verify / synprot / per-host line waits for its partner. */
const VERIFY_WINDOW = 20;
const SYNPROT_WINDOW = 20;
const PER_HOST_WINDOW = 500;
const TLS_LOST_WINDOW = 20;
/**
 * Milliseconds between a failed TLS read and the hang-up it causes: one process logs both back to back
 * (only the not-QUIT ACL runs between them), so a later hang-up of that client is another connection.
 */
const TLS_LOST_MS = 2000;
const MAX_PENDING = 1000;
const MAX_SENDERS = 20_000;
const MAX_DEFERRALS = 20_000;
/** The key a message log's lines pair by (they carry no message id); no real id has a space. */
const MESSAGE_LOG_KEY = 'message log';

interface Pending {
  event: ReplyEvent;
  expires: number;
  detail?: string;
}

// What a `retry timeout exceeded` line takes from the message's last deferral: its codes, server and
// stage, never its text (the expiry keeps its own words), so the text is not kept.
type DeferralMemo = Pick<ReplyEvent, 'code' | 'enhanced' | 'server' | 'codeSource' | 'stage' | 'direction'>;

/** Facts that carry nothing of their line, shared: deliveries and completions are most of a mainlog. */
const INBOUND_SUCCESS: LineFact = { kind: 'success', direction: 'inbound' };
const OUTBOUND_SUCCESS: LineFact = { kind: 'success', direction: 'outbound' };

/** What following non-timestamp lines are: header lines of a rejection, or continuation lines. */
type BlockState = 'none' | 'entry' | 'rejection';

export function createEximParser(options: ParserOptions): LogParser {
  const { sink, lookup } = options;
  const twins = new TwinKeys();
  const prefixes = new PrefixReader(options.referenceTime ?? null);
  const verifies = new Map<string, Pending>();
  const synprots = new Map<string, Pending>();
  const perHosts = new Map<string, Pending>();
  /** Inbound TLS errors awaiting the client's `unexpected disconnection` line. */
  const tlsErrors = new Map<string, Pending>();
  const senders = new BoundedMemo<string>(MAX_SENDERS);
  const deferrals = new BoundedMemo<DeferralMemo>(MAX_DEFERRALS);
  let block: BlockState = 'none';
  /** Debug output's `LOG:` lines awaiting their entry, and header blocks (debug-output.ts). */
  const debug = new DebugOutputReader();
  /** The prefix given to an entry read from debug output: no message id, a time only from `docker logs -t` (debug-output.ts). */
  const debugPrefix: EximPrefix = { time: null, stampAt: -1, secondAt: -1, secondKey: -1, messageId: null, body: 0, unwrapped: 0, piece: 0 };
  function debugEntryPrefix(body: number, time: number | null): EximPrefix {
    debugPrefix.time = time;
    debugPrefix.body = body;
    debugPrefix.unwrapped = body;
    return debugPrefix;
  }
  let lastTime: number | null = null;

  function emit(event: ReplyEvent): void {
    sink.event(event);
  }

  function expire(map: Map<string, Pending>, now: number): void {
    for (const [key, pending] of map) {
      if (pending.expires >= now && map.size <= MAX_PENDING) break;
      map.delete(key);
      emit(pending.event);
    }
  }

  function hold(map: Map<string, Pending>, key: string, pending: Pending): void {
    const old = map.get(key);
    if (old) {
      map.delete(key);
      emit(old.event);
    }
    map.set(flat(key), pending);
  }

  function deferralKey(messageId: string, recipient: string): string {
    return `${messageId}\n${recipient}`;
  }

  function rememberDeferral(event: ReplyEvent): void {
    if (!event.messageId || !event.recipient) return;
    deferrals.set(flat(deferralKey(event.messageId, event.recipient)), {
      code: event.code,
      enhanced: event.enhanced,
      codeSource: event.codeSource,
      stage: event.stage,
      server: flat(event.server),
      direction: event.direction,
    });
  }

  function lastDeferral(messageId: string, recipient: string): Partial<DeferralMemo> | null {
    const memo = deferrals.get(deferralKey(messageId, recipient));
    if (memo) return memo;
    if (!lookup) return null;
    try {
      return lookup.lastDeferral(messageId, recipient);
    } catch {
      return null; // the store's trouble must not stop the parse
    }
  }

  /** Completes a reader's draft (a blank event with the line's fields filled in) into the event. */
  function toEvent(line: LogLine, text: string, prefix: EximPrefix, e: Draft, twin: boolean): ReplyEvent {
    e.line = line.number;
    e.offset = line.offset;
    e.time = prefix.time;
    e.messageId = prefix.messageId;
    if (e.direction !== 'inbound' && e.sender === null && prefix.messageId) e.sender = senders.get(prefix.messageId) ?? null;
    if (twin) {
      let core: string;
      if (prefix.stampAt >= 0) core = text.slice(prefix.stampAt);
      else {
        // only syslog's own stamp: that second, then the text after the wrapper
        const second = prefix.secondAt < 0 ? '' : text.slice(prefix.secondAt, prefix.secondAt + 19);
        core = `${second} ${text.slice(prefix.unwrapped)}`;
      }
      twins.assign(e, core, prefix.secondKey);
    }
    return e;
  }

  /**
   * What the log text of a line (from `body` on) says. The flags most lines carry (arrivals,
   * deliveries, `Completed`) are told from the line itself, without cutting its text out; an arrival
   * records its sender here and counts as an inbound success.
   */
  function dispatch(text: string, body: number, messageId: string | null, debugEntry: boolean): LineFact {
    const c0 = text.charCodeAt(body);
    const c1 = text.charCodeAt(body + 1);
    if (text.charCodeAt(body + 2) === 32) {
      // two-character log flags (spec "Log line flags")
      if (c0 === 60 && c1 === 61) {
        // <= : the sender is what a later delivery failure of this message reports
        if (messageId) senders.set(messageId, flat(cap(arrivalSender(text, body + 3), 512)));
        return arrivedFromHost(text, body + 3) ? INBOUND_SUCCESS : IGNORED; // a local submission or a bounce: no client
      }
      if (c0 === 40 && c1 === 61) return arrivedFromHost(text, body + 3) ? INBOUND_SUCCESS : IGNORED; // (= fakereject: accepted, written as <= is
      // => -> >>: only a delivery that left this host is an outbound success (success-lines.ts)
      if (c1 === 62 && (c0 === 61 || c0 === 45 || c0 === 62)) return deliveredToRemoteHost(text, body + 3) ? OUTBOUND_SUCCESS : IGNORED;
      if (c0 === 42 && c1 === 62) return IGNORED; // *> delivery suppressed by -N
      if ((c0 === 42 && c1 === 42) || (c0 === 61 && c1 === 61)) return readDelivery(text.slice(body)); // ** and ==
    }
    // `Completed` (with +queue_time_overall: `Completed QT=1m3s`)
    if (c0 === 67 && text.startsWith('Completed', body) && (text.length === body + 9 || text.charCodeAt(body + 9) === 32)) {
      if (messageId) senders.delete(messageId);
      return IGNORED;
    }
    const t = body === 0 ? text : text.slice(body);
    const fact = readInbound(t, messageId);
    if (fact.kind !== 'ignored' || messageId !== null || debugEntry) return fact;
    // a message log's line (no id, no flag): read-inbound.ts readMessageLog
    const logged = readMessageLog(t);
    if (logged === null || logged.kind !== 'reply') return logged ?? fact;
    logged.msglog = true;
    return logged;
  }

  /** The envelope sender of a `<=` line, its address starting at `at` ('' for `<>`). */
  function arrivalSender(text: string, at: number): string {
    let end = text.indexOf(' ', at);
    // a quoted local part may hold spaces (`"john smith"@example.org`): the address ends after its quote
    if (text.charCodeAt(at) === 34) {
      const close = closingQuote(text, at);
      if (close >= 0) end = text.indexOf(' ', close);
    }
    const s = text.slice(at, end < 0 ? text.length : end);
    return s === '<>' ? '' : s;
  }

  function success(time: number | null, direction: Direction): LineVerdict {
    sink.success(time, direction);
    return 'success';
  }

  function push(line: LogLine): LineVerdict {
    let text = line.text;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    let prefix = prefixes.read(text);
    // `docker logs -t` puts an RFC 3339 time before debug output, which reads like a time stamp of
    // rsyslog's: the debug lines are told apart here (only lines with a `T` after the date get this far)
    if (prefix !== null && text.charCodeAt(10) === 84 && prefix.unwrapped === 0 && debug.claims(text)) prefix = null;
    if (!prefix) {
      // Only a full timestamp starts an entry; anything else belongs to the entry above it.
      if (block === 'rejection') return 'context';
      // Debug output (debug-output.ts): an entry is the line after its `LOG:` line. Never inside a
      // rejectlog's header block (above), so header lines cannot pass for entries; nor inside the
      // header lines debug output itself prints.
      const seen = debug.read(text, line.number);
      if (seen === 'log' || seen === 'content') {
        block = 'entry';
        return 'context';
      }
      if (seen !== null) prefix = debugEntryPrefix(seen.body, seen.time);
    } else debug.reset();
    if (!prefix) {
      if (isBlockShaped(text)) return 'context';
      // The tail of an entry whose message carried a newline: deliver.c journals each delivered
      // address as "%.500s\n" and, when that write fails, logs LOG_MAIN|LOG_PANIC "failed to update
      // journal for %s: %s" with that buffer, so the strerror lands on a line of its own
      // (`<id> failed to write journal for a@b.example` + `: No space left on device`, a 2019 exim4
      // paniclog quoted in mozfr/besogne#205). Only right after an entry: such a line on its own is
      // not understood.
      return block === 'entry' && text.charCodeAt(0) === 58 && text.charCodeAt(1) === 32 ? 'context' : 'skipped';
    }
    // a later syslog piece of a split entry continues the line above it (parse-prefix.ts)
    if (prefix.piece > 1) return 'context';
    if (prefix.time !== null) lastTime = prefix.time;
    const now = line.number;
    if (verifies.size > 0) expire(verifies, now);
    if (synprots.size > 0) expire(synprots, now);
    if (perHosts.size > 0) expire(perHosts, now);
    if (tlsErrors.size > 0) expire(tlsErrors, now);

    let fact: LineFact;
    try {
      fact = dispatch(text, prefix.body, prefix.messageId, prefix === debugPrefix);
    } catch {
      // A reader tripping over hostile text must not stop the run; the line is counted as skipped.
      block = 'entry';
      return 'skipped';
    }
    // a line Exim also writes to the rejectlog gets the message's header lines after it there (debug
    // output never shows them)
    block = fact.kind === 'reply' && (fact.block === true || fact.twin) && prefix !== debugPrefix ? 'rejection' : 'entry';

    if (fact.kind === 'ignored') return 'ignored';
    if (fact.kind === 'success') {
      if (fact.direction === 'outbound' && prefix.messageId && perHosts.size > 0) {
        const pending = perHosts.get(prefix.messageId);
        if (pending) {
          perHosts.delete(prefix.messageId);
          // A TLS error that the message got past refused nothing: GnuTLS logs `TLS error on connection
          // (recv): The TLS connection was non-properly terminated.` when a server (Gmail) closes without
          // close_notify after the transaction. A per-host refusal with a reply (a 451 from the first MX)
          // stays an event.
          if (!(pending.event.stage === 'tls' && pending.event.code === null)) emit(pending.event);
        }
      }
      return success(prefix.time, fact.direction);
    }

    const event = toEvent(line, text, prefix, fact.draft, fact.twin);
    // a message log's lines are all about one message: its per-host line and deferral pair by the file
    const messageKey = prefix.messageId ?? (fact.msglog ? MESSAGE_LOG_KEY : null);
    switch (fact.role) {
      case 'verify':
        hold(verifies, fact.who ?? '', { event, expires: now + VERIFY_WINDOW, detail: fact.detail ?? '' });
        return 'reply';
      case 'reject': {
        const key = fact.who ?? '';
        const verify = verifies.size > 0 ? verifies.get(key) : undefined; // (no hashing of the key when empty)
        if (!verify) break;
        verifies.delete(key);
        if (!pairsWithVerify(verify, event)) {
          // the next refusal of this client is not about its sender: the verify line stands alone
          emit(verify.event);
          break;
        }
        emit(mergeVerify(verify, event));
        return 'context';
      }
      case 'synprot':
        hold(synprots, fact.who ?? '', { event, expires: now + SYNPROT_WINDOW });
        return 'reply';
      case 'dropped': {
        const key = fact.who ?? '';
        const synprot = synprots.size > 0 ? synprots.get(key) : undefined;
        if (!synprot) break;
        synprots.delete(key);
        const merged = synprot.event;
        // a protocol error line is mainlog-only: the dropped line (in both logs) gives the key
        if (merged.twinKey === null) {
          merged.twinKey = event.twinKey;
          merged.twinRepeat = event.twinRepeat;
        }
        merged.text = cap(`${merged.text} (connection dropped: ${event.text})`, MAX_TEXT);
        emit(merged);
        return 'context';
      }
      case 'tls':
        if (!fact.who) break;
        hold(tlsErrors, processKey(fact.who, text, prefix.body), { event, expires: now + TLS_LOST_WINDOW });
        return 'reply';
      case 'lost': {
        // the hang-up the TLS error already reported: one event, on the line that says why
        if (!fact.who || tlsErrors.size === 0) break;
        const key = processKey(fact.who, text, prefix.body);
        const tls = tlsErrors.get(key);
        if (!tls) break;
        if (tls.event.time !== null && event.time !== null && event.time - tls.event.time > TLS_LOST_MS) break;
        tlsErrors.delete(key);
        emit(tls.event);
        return 'context';
      }
      case 'perhost':
        if (!messageKey) break;
        hold(perHosts, messageKey, { event, expires: now + PER_HOST_WINDOW });
        return 'reply';
      case 'delivery': {
        const pending = messageKey && perHosts.size > 0 ? perHosts.get(messageKey) : undefined;
        if (pending && messageKey) {
          perHosts.delete(messageKey);
          const p = pending.event;
          if ((event.server === null || event.server === p.server) && sameReply(event, p)) {
            // the == / ** line repeats the per-host line: one attempt, one event
            p.recipient = event.recipient;
            if (p.sender === null) p.sender = event.sender;
            p.classHint = event.classHint;
            emit(p);
            if (fact.deferral) rememberDeferral(p);
            return 'context';
          }
          // The same fallout when the server refused with a reply: Gmail answers `530 5.7.0 Authentication
          // Required`, then closes without close_notify, and GnuTLS logs the unclean close before the `**`
          // line (How-To-Secure-A-Linux-Server#107, Exim PR#94). The refusal is the event, not its aftermath.
          if (!isUncleanTlsClose(p) || event.codeSource !== 'seen' || (event.server !== null && event.server !== p.server)) {
            emit(p);
          }
        }
        if (fact.deferral) rememberDeferral(event);
        break;
      }
      case 'expired': {
        if (event.messageId && event.recipient) {
          const memo = lastDeferral(event.messageId, event.recipient);
          if (memo) {
            event.code = memo.code ?? null;
            event.enhanced = memo.enhanced ?? null;
            event.codeSource = memo.codeSource ?? 'none';
            if (event.server === null) event.server = memo.server ?? null;
            if (memo.stage) event.stage = memo.stage;
            // a mailbox full for days expires like a remote server that never answered: the deferrals say which
            if (memo.direction === 'local') event.direction = 'local';
          }
        }
        break;
      }
      case 'plain':
        break;
    }
    emit(event);
    return 'reply';
  }

  function finish(): void {
    for (const map of [verifies, synprots, perHosts, tlsErrors]) {
      for (const pending of map.values()) emit(pending.event);
      map.clear();
    }
  }

  /** The earliest line whose event is still held (each map keeps its entries in line order). */
  function pendingLine(): LogLine | null {
    let first: ReplyEvent | null = null;
    for (const map of [verifies, synprots, perHosts, tlsErrors]) {
      const oldest = map.size > 0 ? map.values().next().value : undefined;
      if (oldest && (first === null || oldest.event.offset < first.offset)) first = oldest.event;
    }
    return first === null ? null : { text: '', offset: first.offset, number: first.line };
  }

  return {
    push,
    finish,
    pendingLine,
    get lastTime() {
      return lastTime;
    },
  };
}

/**
 * A client key narrowed to the process that wrote the line, when the line names it (`[pid] ` of the +pid
 * selector, or syslog's `exim[pid]: `, before `body`): connections of one client run in processes of
 * their own, so a busy server's lines of another connection from the same address do not pair.
 */
function processKey(who: string, text: string, body: number): string {
  for (let open = text.lastIndexOf('[', body - 1); open >= 0; open = text.lastIndexOf('[', open - 1)) {
    let i = open + 1;
    while (i < body && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i > open + 1 && text.charCodeAt(i) === 93) return `${who}#${text.slice(open + 1, i)}`;
  }
  return who;
}

/**
 * Whether a rejection is the one a `sender verify` line announced: Exim writes the two back to back,
 * but other processes' lines (or a cut log) can come between, so the rejection must also be about
 * the sender: its text speaks of sender verification, or it names the same sender.
 */
function pairsWithVerify(verify: Pending, rejection: ReplyEvent): boolean {
  if (/sender verif/i.test(rejection.text.slice(0, 200))) return true;
  const a = verify.event.sender;
  return a !== null && a !== '' && rejection.sender !== null && a.toLowerCase() === rejection.sender.toLowerCase();
}

/** A per-host `TLS error on connection (recv): The TLS connection was non-properly terminated.`: GnuTLS
 *  (GNUTLS_E_PREMATURE_TERMINATION) reporting that the server closed without close_notify. */
function isUncleanTlsClose(e: ReplyEvent): boolean {
  return e.stage === 'tls' && e.code === null && e.text.includes('non-properly terminated');
}

/**
 * The deferral line repeats the per-host line's reply (Exim cuts long replies at slightly different
 * lengths in the two lines, so one text may be a prefix of the other).
 */
function sameReply(a: ReplyEvent, b: ReplyEvent): boolean {
  if (a.code !== b.code || a.stage !== b.stage) return false;
  if (a.text === b.text) return true;
  const [short, long] = a.text.length < b.text.length ? [a.text, b.text] : [b.text, a.text];
  return short.length >= 20 && long.startsWith(short);
}

/** One event for `sender verify fail` + the rejection that follows it. */
function mergeVerify(verify: Pending, rejection: ReplyEvent): ReplyEvent {
  const merged: ReplyEvent = { ...rejection, line: verify.event.line, offset: verify.event.offset, seq: 0 };
  if (merged.sender === null) merged.sender = verify.event.sender;
  const reason = verify.detail ?? '';
  if (reason && !rejection.text.includes(reason)) {
    merged.text = cap(reason.startsWith(rejection.text) ? reason : `${rejection.text}: ${reason}`, MAX_TEXT);
  }
  return merged;
}
