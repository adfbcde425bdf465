import { statSync } from 'node:fs';
import { readBytesAt } from '../util/read-bytes-at.js';
import type { SourceRow } from '../store/sources.js';
import { fingerprint, type InputIdentity } from './open-input.js';

/** Bytes compared just before the resume offset. */
const TAIL_BYTES = 256;

/**
 * Whether `path` is another file than the one `source` was read from, although they start with the same
 * bytes (the fingerprint findSource matched). A file that logrotate renamed or compressed carries its
 * source's first bytes and its source is gone from where it was; but when the source's own file is still
 * in place, unrotated, a second file with the same beginning is either a copy (same bytes up to the
 * resume point: it continues the source, nothing is read twice) or a different log that happens to start
 * the same way (the bytes before the resume point differ: it must be read from its start, or its lines
 * would be skipped). Found by QA: a different file was read from the known file's offset, losing 428 lines.
 * Compressed files are not compared (a rotated .gz is the usual case, and reading into it costs a
 * decompression): they keep the fingerprint's verdict.
 */
export function isOtherFile(source: SourceRow, path: string, identity: InputIdentity): boolean {
  if (identity.compressed || source.offset === 0 || source.path === path) return false;
  if (source.inode !== null && source.inode === identity.inode && source.device === identity.device) return false;
  let original;
  try {
    original = statSync(source.path);
  } catch {
    return false; // the source's file is gone: renamed or deleted by a rotation
  }
  const inPlace =
    original.isFile() && original.ino === source.inode && original.dev === source.device && original.size >= source.offset && startsAsSource(source);
  if (!inPlace || identity.size < source.offset) return inPlace;
  const from = Math.max(0, source.offset - TAIL_BYTES);
  const a = readBytesAt(source.path, from, source.offset - from);
  const b = readBytesAt(path, from, source.offset - from);
  return a === null || b === null || !a.equals(b);
}

/**
 * Whether the file at the source's path still starts with the source's first bytes. After copytruncate
 * the truncated file keeps its inode and, on a busy log, grows past the old offset before the next run:
 * it is then another file under the old name, and the copy (same first bytes) is what continues the
 * source. Found in a user review: the copy was read from 0 and its lines before the offset counted twice.
 */
function startsAsSource(source: SourceRow): boolean {
  if (source.fp_hash === null || source.fp_len === 0) return true;
  const head = readBytesAt(source.path, 0, source.fp_len);
  return head !== null && fingerprint(head, source.fp_len) === source.fp_hash;
}
