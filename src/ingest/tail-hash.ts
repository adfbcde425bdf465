import { createHash } from 'node:crypto';
import { readBytesAt } from '../util/read-bytes-at.js';

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
  const buf = readBytesAt(path, from, offset - from);
  if (buf === null) return null;
  return createHash('sha1').update(buf).digest('hex');
}
