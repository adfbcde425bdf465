import type { ReplyEvent } from '../src/model/event.js';
import type { Direction, LogFormat } from '../src/model/labels.js';

/** One physical line of input, already decoded, without its line terminator (LF, CRLF or CR). */
export interface LogLine {
  text: string;
  /** Byte offset of the first byte of the line in the (decompressed) input. */
  offset: number;
  /** 1-based line number. */
  number: number;
}

/**
 * What a line turned out to be; every line read gets exactly one verdict so that nothing is lost or
 * counted twice:
 * - reply: it carries (the start of) a reply that becomes an event (a deferred emit is fine);
 * - success: a successful delivery or acceptance, counted for rejection rates but not stored as an event;
 * - context: belongs to something else (a header block, a continuation, a command a later reply needs);
 * - ignored: well-formed but of no interest (banners, statistics, IMAP);
 * - skipped: not understood: malformed for this format; counted and reported.
 */
export type LineVerdict = 'reply' | 'success' | 'context' | 'ignored' | 'skipped';

export interface ParseSink {
  event(event: ReplyEvent): void;
  /** A successful delivery/acceptance at `time` (unix ms, or null when unknown). */
  success(time: number | null, direction: Direction): void;
}

/** Earlier facts a parser may ask the store for when its own memory does not reach back far enough. */
export interface ParseLookup {
  /** The last deferral recorded for this message and address (Exim "retry timeout exceeded"). */
  // direction: where that deferral was (outbound or local); a lookup that does not say leaves the expiry outbound
  lastDeferral(messageId: string, recipient: string): (Pick<ReplyEvent, 'code' | 'enhanced' | 'server' | 'codeSource'> & { direction?: ReplyEvent['direction'] }) | null;
}

export interface ParserOptions {
  sink: ParseSink;
  lookup?: ParseLookup;
  /**
   * A time at or shortly after the input's last line (the file's modification time, or now for a
   * stream): stamps that carry no year (BSD syslog's `Oct 22 03:39:17`) are put in the year that
   * places them at or before it. Without it such lines have no time of their own.
   */
  referenceTime?: number;
}

/** A streaming, stateful parser for one input. Lines arrive in order; `finish` flushes pending state. */
export interface LogParser {
  push(line: LogLine): LineVerdict;
  finish(): void;
  /**
   * Optional: the time (unix ms) of the last line pushed that carried one. Ingest uses it to put lines
   * and time-less events (header blocks, continuation lines) in the right hour.
   */
  readonly lastTime?: number | null;
  /**
   * Optional, for parsers that emit an event only after later lines arrive (a multi-line reply): the
   * earliest line whose event is still pending, or null. A batch commits its resume point no further
   * than this line, so a run killed in between re-reads those lines instead of losing the event.
   */
  pendingLine?(): LogLine | null;
}

export interface ParserModule {
  format: LogFormat;
  /** One line for `--help` and error messages. */
  describe: string;
  /**
   * How sure we are that these first lines of an input are in this format: 0 (no) to 1 (certain).
   * Detection picks the highest score above 0.5.
   */
  detect(firstLines: readonly string[]): number;
  create(options: ParserOptions): LogParser;
}
