import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync, type Stats } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { UserError, describeError } from '../util/errors.js';

/** How many leading bytes identify a file across renames and compression (logrotate). */
export const FINGERPRINT_BYTES = 1024;

export interface InputIdentity {
  device: number | null;
  inode: number | null;
  /** Size in bytes of the stored file (compressed size for .gz). */
  size: number;
  mtimeMs: number;
  compressed: boolean;
  /** The first (up to FINGERPRINT_BYTES) bytes of the content, decompressed. */
  head: Buffer;
  /** The first (up to SAMPLE_BYTES) bytes of the content, decompressed: what format detection reads. */
  sample: Buffer;
  /**
   * For .gz: the content size modulo 2^32 that the gzip trailer records (ISIZE, RFC 1952 section 2.3.1),
   * so an already finished rotated file is recognised without decompressing it. Null otherwise.
   */
  gzipContentSize: number | null;
}

/** How much of an input format detection looks at. */
export const SAMPLE_BYTES = 64 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Looks at an input without reading it all: what it is, and its first bytes. Everything a user can get
 * wrong (missing, a directory, a FIFO, no permission) becomes a UserError naming the file.
 */
export function identifyInput(path: string): InputIdentity {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new UserError(`${path}: ${reasonOf(err)}`);
  }
  if (stat.isDirectory()) throw new UserError(`${path}: is a directory, not a log file (use a glob such as ${path}/*.log)`);
  if (!stat.isFile()) throw new UserError(`${path}: not a regular file (a FIFO or device): pipe it to "maillens analyze -" instead`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new UserError(`${path}: ${reasonOf(err)}`);
  }
  try {
    const probe = Buffer.alloc(Math.min(stat.size, 64 * 1024));
    const got = probe.length ? readSync(fd, probe, 0, probe.length, 0) : 0;
    const raw = probe.subarray(0, got);
    const compressed = raw.length >= 2 && raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1];
    const sample = Buffer.from(compressed ? gunzipHead(path, raw) : raw);
    let gzipContentSize: number | null = null;
    if (compressed && stat.size >= 18) {
      const trailer = Buffer.alloc(4);
      if (readSync(fd, trailer, 0, 4, stat.size - 4) === 4) gzipContentSize = trailer.readUInt32LE(0);
    }
    return {
      device: stat.dev,
      inode: stat.ino,
      size: stat.size,
      // whole milliseconds: the time of lines without their own becomes a stored ts (an INTEGER column)
      mtimeMs: Math.floor(stat.mtimeMs),
      compressed,
      head: sample.subarray(0, FINGERPRINT_BYTES),
      sample,
      gzipContentSize,
    };
  } finally {
    closeSync(fd);
  }
}

function gunzipHead(path: string, raw: Buffer): Buffer {
  try {
    // A truncated stream is fine here: we only want the first bytes.
    return gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH */ }).subarray(0, SAMPLE_BYTES);
  } catch (err) {
    throw new UserError(`${path}: looks gzip-compressed but cannot be decompressed (${describeError(err)})`);
  }
}

export function fingerprint(head: Buffer, length: number): string {
  return createHash('sha1').update(head.subarray(0, length)).digest('hex');
}

/**
 * The content of a file from byte `offset` of its (decompressed) content. For .gz the skipped prefix
 * is decompressed and dropped: offsets always count content bytes, so a log keeps its offsets when
 * logrotate compresses it.
 */
export function openContentStream(path: string, offset: number, compressed: boolean): Readable {
  if (!compressed) return createReadStream(path, { start: offset, highWaterMark: 256 * 1024 });
  const gunzip = createGunzip();
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  file.on('error', (err) => gunzip.destroy(err));
  const stream = file.pipe(gunzip);
  if (offset === 0) return stream;
  return skipBytes(stream, offset);
}

function skipBytes(source: Readable, count: number): Readable {
  let toSkip = count;
  async function* skip() {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (toSkip >= chunk.length) {
        toSkip -= chunk.length;
        continue;
      }
      const rest = toSkip > 0 ? chunk.subarray(toSkip) : chunk;
      toSkip = 0;
      yield rest;
    }
  }
  // Readable.from keeps backpressure and error propagation of the generator.
  return Readable.from(skip(), { objectMode: false });
}

export function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'EIO':
      return 'input/output error';
    default:
      return describeError(err);
  }
}

/**
 * Reads up to `bytes` from the start of a stream (for format detection) and returns them with a
 * stream that yields everything, those bytes included.
 */
export async function peek(source: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    taken.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(taken, size);
  async function* all() {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head: head.subarray(0, bytes), stream: Readable.from(all(), { objectMode: false }) };
}
