import { isAscii, isUtf8 } from 'node:buffer';
import type { LogLine } from '../../parsers/types.js';
import { decodeWindows1252 } from '../util/windows-1252.js';

/**
 * The longest line we keep, in bytes. Longer lines are cut here (the rest of the line is skipped, never
 * buffered) and counted as oversized: a 50 MB "line" costs 64 KiB of memory, not 50 MB. Real mail log
 * lines are far shorter: Exim cuts its own lines near 8 KiB (LOG_BUFFER_SIZE), hMailServer's default
 * MaxLogLineLen is 500, syslog splits at 870-2048.
 */
export const MAX_LINE_BYTES = 64 * 1024;

export type LineHandler = (line: LogLine, oversized: boolean) => void;

/**
 * Cuts a byte stream into lines, with the byte offset of every line (the resume point of incremental
 * reads, and the event's identity in its source). Line ends: LF, CRLF, and a lone CR: all three end a
 * line; a CR immediately followed by LF is one terminator, also across chunk boundaries. A final line
 * without terminator is held back: `end(true)` delivers it (a stream that is really finished: stdin, a
 * compressed file); for a live log it is left for the next run, because the writer may be in the middle
 * of it, and `completeOffset` points at its start.
 *
 * Decoding: UTF-8 when the line is valid UTF-8, otherwise Windows-1252 (hMailServer writes the ANSI code
 * page; Exim logs the raw bytes of hostile HELO names). Pure-ASCII chunks, the common case, are decoded
 * once per chunk. Results do not depend on where chunks are cut (test/ingest/read-lines.test.ts).
 */
export class LineSplitter {
  /** Stream offset of the next byte to arrive. */
  private streamPos: number;
  /** Stream offset of the first byte of the line being assembled. */
  private lineStart: number;
  private lineNumber: number;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private carryCut = false;
  /** The previous chunk ended with CR: a LF at the start of the next one belongs to it. */
  private pendingCR = false;

  lines = 0;
  oversized = 0;

  constructor(
    private readonly onLine: LineHandler,
    startOffset = 0,
    startLine = 0,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    this.streamPos = startOffset;
    this.lineStart = startOffset;
    this.lineNumber = startLine;
  }

  /** Offset just after the last complete line delivered: where the next run resumes. */
  get completeOffset(): number {
    return this.lineStart;
  }

  /** Number of the last line delivered. */
  get lineCount(): number {
    return this.lineNumber;
  }

  push(chunk: Buffer): void {
    // Decoded a piece at a time: a piece's Latin-1 string stays an ordinary young object (V8 puts
    // strings over 128 KiB in large-object space, where one still being read when the young
    // generation is collected is promoted whole and lingers until a full collection: ~9 MB of a parse
    // worker's peak heap with 256 KiB pieces, issue 7). A line across two pieces is carried, as across chunks.
    for (let at = 0; at < chunk.length; at += DECODE_PIECE) {
      this.pushPiece(at === 0 && chunk.length <= DECODE_PIECE ? chunk : chunk.subarray(at, Math.min(chunk.length, at + DECODE_PIECE)));
    }
  }

  private pushPiece(chunk: Buffer): void {
    const base = this.streamPos;
    this.streamPos += chunk.length;
    let pos = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk.length > 0 && chunk[0] === 0x0a) {
        pos = 1;
        this.lineStart = base + 1;
      }
    }
    // The chunk decoded once as Latin-1: one character per byte, so string indices are byte offsets.
    // Lines without a byte >= 0x80 (nearly all) are slices of it; the others are decoded from their bytes.
    const text = chunk.toString('latin1');
    let nextLF = -2;
    let nextCR = -2;
    let nextHigh = -2;

    while (pos < chunk.length) {
      if (nextLF !== -1 && nextLF < pos) nextLF = text.indexOf('\n', pos);
      if (nextCR !== -1 && nextCR < pos) nextCR = text.indexOf('\r', pos);
      const end = nextCR === -1 ? nextLF : nextLF === -1 ? nextCR : Math.min(nextLF, nextCR);
      if (end === -1) {
        this.hold(chunk, pos, chunk.length);
        return;
      }
      let next = end + 1;
      if (chunk[end] === 0x0d) {
        if (end + 1 < chunk.length) {
          if (chunk[end + 1] === 0x0a) next = end + 2;
        } else {
          this.pendingCR = true;
        }
      }
      if (this.carryBytes > 0 || this.carryCut) {
        this.hold(chunk, pos, end);
        this.emitCarried();
      } else if (end - pos > this.maxLineBytes) {
        this.emit(decode(chunk.subarray(pos, pos + this.maxLineBytes)), true);
      } else {
        if (nextHigh !== -1 && nextHigh < pos) nextHigh = firstHighByte(chunk, text, pos);
        this.emit(nextHigh === -1 || nextHigh >= end ? text.slice(pos, end) : decode(chunk.subarray(pos, end)), false);
      }
      this.lineStart = base + next;
      pos = next;
    }
  }

  /** End of input; with `final`, a last line without terminator is delivered too. */
  end(final: boolean): void {
    if (!final) return;
    if (this.carryBytes > 0 || this.carryCut) {
      this.emitCarried();
      this.lineStart = this.streamPos;
    }
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const take = Math.min(this.maxLineBytes - this.carryBytes, to - from);
    if (take > 0) {
      // Copy: a view would keep the whole chunk alive while the line is assembled.
      this.carry.push(Buffer.from(chunk.subarray(from, from + take)));
      this.carryBytes += take;
    }
    if (take < to - from) this.carryCut = true;
  }

  private emitCarried(): void {
    const buf = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes);
    const cut = this.carryCut;
    this.carry = [];
    this.carryBytes = 0;
    this.carryCut = false;
    this.emit(decode(buf), cut);
  }

  private emit(text: string, oversized: boolean): void {
    this.lineNumber++;
    this.lines++;
    if (oversized) this.oversized++;
    this.onLine({ text, offset: this.lineStart, number: this.lineNumber }, oversized);
  }
}

const HIGH_BYTE = /[\x80-\xff]/g;
/** Bytes checked at once by isAscii before the regular expression looks inside them. */
const ASCII_BLOCK = 1024;

/**
 * Index of the first byte >= 0x80 at or after `from` (-1: none), `text` being `bytes` as Latin-1.
 * Whole blocks are ruled out by isAscii (native, vectorised), so the regular expression only scans
 * the few blocks that have such a byte: a log has tens to thousands of them per MB, and scanning every
 * byte with the expression cost 7 % of a PHPMailer parse (issue 7).
 */
function firstHighByte(bytes: Buffer, text: string, from: number): number {
  for (let at = from; at < bytes.length; ) {
    const end = Math.min(bytes.length, at - (at % ASCII_BLOCK) + ASCII_BLOCK);
    if (!isAscii(bytes.subarray(at, end))) {
      HIGH_BYTE.lastIndex = at;
      return HIGH_BYTE.exec(text)!.index;
    }
    at = end;
  }
  return -1;
}

/** Bytes decoded into one string at a time (see push). */
const DECODE_PIECE = 64 * 1024;

/** UTF-8 when valid, else Windows-1252 (never throws, never loses a byte to U+FFFD silently). */
export function decodeLineBytes(bytes: Buffer): string {
  return decode(bytes);
}

function decode(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return decodeWindows1252(bytes);
}
