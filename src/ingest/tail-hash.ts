import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes hashed just before a resume point. */
const TAIL_BYTES = 256;

/**
 * A hash of the (up to 256) bytes of a plain file just before `offset`: saved with a source's resume
 * point, it tells a file that only grew since from one rewritten in place with the same beginning
 * (migrations/003_sources_tail_hash.sql). Null when the bytes cannot be read.
 */
export function tailHash(path: string, offset: number): string | null {
  if (offset <= 0) return null;
  const from = Math.max(0, offset - TAIL_BYTES);
  const buf = Buffer.alloc(offset - from);
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    if (readSync(fd, buf, 0, buf.length, from) !== buf.length) return null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
  return createHash('sha1').update(buf).digest('hex');
}
