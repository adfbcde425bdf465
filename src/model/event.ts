import type { CodeSource, Direction, ReplyClass, Stage } from './labels.js';

// A fact stated by a log: one SMTP reply (or a failure standing in for one) and its circumstances.
// Parsers produce these; they never interpret the reply (that is classify's job).
export interface ReplyEvent {
  /** 1-based number of the line the event starts on, in the (decompressed) input. */
  line: number;
  /** Byte offset of the start of that line: with `seq`, the event's identity inside its source. */
  offset: number;
  /** 0 unless one line yields several events (PHPMailer html output pasted as one line). */
  seq: number;
  /** Unix milliseconds; null when the line carries no time (ingest then uses the last time seen). */
  time: number | null;
  direction: Direction;
  stage: Stage;
  /** Basic reply code (100-599), or null. */
  code: number | null;
  /** Enhanced status code "c.s.d" (RFC 3463), or null. */
  enhanced: string | null;
  codeSource: CodeSource;
  /** The reply (or the log's message standing in for it), credentials masked, one line. */
  text: string;
  /** Inbound: the IP of the client we refused. Outbound: our side is the client, so null. */
  clientIp: string | null;
  /** The name the client gave in HELO/EHLO (inbound), as written. */
  helo: string | null;
  sender: string | null;
  recipient: string | null;
  /** Outbound: the remote server that answered ("mx.example.com [192.0.2.1]" or an IP). */
  server: string | null;
  /** The mail software's own message id when the line has one (Exim 1rPABC-0001Ab-Cd). */
  messageId: string | null;
  /**
   * Identity of the event across the logs of one host: Exim writes every rejection to the mainlog and
   * the rejectlog; both copies get the same key and repeat number, and the store keeps one. The key is
   * a 53-bit hash of the line; null when not applicable.
   */
  twinKey: number | null;
  /** How many identical lines (same key) came before this one in the same second of this input. */
  twinRepeat: number;
  /**
   * The class the log line itself states when the reply carries no code (LABELS.md: a delivery
   * deferred is transient): Exim's `==` is a deferral, its `**` a failure it gave up on. null when the
   * line says nothing beyond its text.
   */
  classHint: ReplyClass | null;
}

export type EventFacts = Omit<ReplyEvent, 'line' | 'offset' | 'seq'>;

export function blankEvent(line: number, offset: number): ReplyEvent {
  return {
    line,
    offset,
    seq: 0,
    time: null,
    direction: 'inbound',
    stage: 'other',
    code: null,
    enhanced: null,
    codeSource: 'none',
    text: '',
    clientIp: null,
    helo: null,
    sender: null,
    recipient: null,
    server: null,
    messageId: null,
    twinKey: null,
    twinRepeat: 0,
    classHint: null,
  };
}
