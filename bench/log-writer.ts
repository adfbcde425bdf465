import { closeSync, openSync, writeSync } from 'node:fs';

/** How much text is gathered before one write(2): large enough to be cheap, small enough to never matter. */
const FLUSH_CHARS = 1 << 20;

/**
 * Writes a generated log line by line without ever holding more than about 1 MiB of it: the bench files
 * are hundreds of megabytes. Lines are UTF-8 unless written with `raw` (Latin-1 bytes, for the invalid
 * UTF-8 that hostile HELO names and Windows code-page logs put in real files).
 */
export class LogWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pendingChars = 0;
  private flushed = 0;
  lines = 0;

  constructor(
    path: string,
    /** Line terminator: "\n" for Exim and PHP, "\r\n" for hMailServer. */
    private readonly eol = '\n',
  ) {
    this.fd = openSync(path, 'w');
  }

  /** Bytes written so far (pending text counted by characters: exact for ASCII, which nearly all of it is). */
  get size(): number {
    return this.flushed + this.pendingChars;
  }

  line(text: string): void {
    const withEol = text + this.eol;
    this.parts.push(withEol);
    this.pendingChars += withEol.length;
    this.lines++;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** A line whose characters are written as single bytes (U+0000-U+00FF): not valid UTF-8 when it has any above 0x7F. */
  raw(text: string): void {
    // Characters beyond Latin-1 cannot be single bytes: such a line is written as UTF-8 after all.
    if (/[^\u0000-\u00ff]/.test(text)) return this.line(text);
    this.flush();
    const bytes = Buffer.from(text + this.eol, 'latin1');
    writeSync(this.fd, bytes);
    this.flushed += bytes.length;
    this.lines++;
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.from(this.parts.join(''), 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off);
    this.flushed += bytes.length;
    this.parts = [];
    this.pendingChars = 0;
  }

  /** Flushes and closes; returns the exact size in bytes. */
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.flushed;
  }
}
