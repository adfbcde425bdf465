// Before an input is read: which source it is (a file read before, perhaps under another name after
// logrotate, or a new one), whether there is anything new in it, and from where to read. Runs in the
// ingest thread, which owns the database connection; the reading itself may happen in a parse worker.
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { LogFormat } from '../model/labels.js';
import type { Db } from '../store/open.js';
import { createSource, findSource, rewindSource, widenFingerprint, type SourceRow } from '../store/sources.js';
import { UserError, describeError } from '../util/errors.js';
import { detectFormat } from './detect-format.js';
import { isOtherFile } from './other-file.js';
import { tailHash } from './tail-hash.js';
import { FINGERPRINT_BYTES, SAMPLE_BYTES, fingerprint, identifyInput, peek, type InputIdentity } from './open-input.js';
import type { InputResult } from './ingest.js';

export interface PlanOptions {
  host: string;
  format?: LogFormat;
  rescan?: boolean;
  stdin: Readable;
  now(): number;
}

export type ReadPlan =
  | { kind: 'skip'; result: Partial<InputResult> }
  | { kind: 'read'; source: SourceRow; final: boolean; identity: InputIdentity | null; stdin: Readable | null };

export class UnrecognisedInput extends UserError {}

/** The plan for a file: `result.continuedFrom` is set when it continues a source read under another name. */
export function planFile(db: Db, runId: number, path: string, options: PlanOptions, result: InputResult): ReadPlan {
  const identity = identifyInput(path);
  if (identity.size === 0 || identity.head.length === 0) return { kind: 'skip', result: { status: 'empty', message: `${path}: empty file` } };
  const now = options.now();
  const fpLen = Math.min(identity.head.length, FINGERPRINT_BYTES);
  const fpHash = fingerprint(identity.head, fpLen);
  const sourceId = { host: options.host, path, device: identity.device, inode: identity.inode, head: identity.head };
  // A candidate with the same first bytes is continued only when the bytes before its resume point agree:
  // another file that starts the same way, or this one rewritten in place, is a new source.
  let source = findSource(
    db,
    sourceId,
    fingerprint,
    (c) => !isOtherFile(c, path, identity) && (options.rescan === true || !rewrittenBefore(c, path, identity)),
  );

  if (source && options.format && source.format !== options.format) source = null; // read as another format: a new source
  if (source) {
    if (source.path !== path) result.continuedFrom = source.path;
    if (source.fp_len < fpLen) widenFingerprint(db, source.id, fpLen, fpHash, identity.inode, identity.device);
    if (options.rescan) {
      rewindSource(db, source.id);
      source = { ...source, offset: 0, line: 0 };
    } else if (!identity.compressed && identity.size < source.offset) {
      // Same first bytes but shorter than what we read: replaced in place. Start a fresh source.
      source = null;
    } else if (!identity.compressed && identity.size === source.offset) {
      return { kind: 'skip', result: { status: 'unchanged', format: source.format, startOffset: source.offset, endOffset: source.offset } };
    } else if (
      identity.compressed &&
      ((identity.size === source.size_seen && source.path === path) ||
        (source.offset > 0 && identity.gzipContentSize === source.offset % 2 ** 32))
    ) {
      // A compressed file does not grow: read to its end already (or its plain self was, before logrotate compressed it).
      return { kind: 'skip', result: { status: 'unchanged', format: source.format, startOffset: source.offset, endOffset: source.offset } };
    }
  }
  if (!source) {
    const format = options.format ?? detect(path, identity.sample);
    source = createSource(db, sourceId, format, fpLen, fpHash, runId, now);
  }
  // A compressed file is complete by construction: its last line counts even without a newline.
  return { kind: 'read', source, final: identity.compressed, identity, stdin: null };
}

/**
 * stdin has no identity and no offsets: each run is a new source read from its start. Exim twins are
 * still recognised by their key; re-feeding the same stream otherwise counts it again. Detection needs
 * the first bytes before the parser exists: peek, then hand them on with the rest.
 */
export async function planStdin(db: Db, runId: number, options: PlanOptions): Promise<ReadPlan> {
  let { head, stream } = await peek(options.stdin, SAMPLE_BYTES);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // `maillens analyze - < rejectlog.2.gz`: decompressed, as a named .gz file is (found in a user review: it was
    // read as text). A damaged stream breaks off with gunzip's error, like any input that fails mid-way.
    ({ head, stream } = await peek(stream.pipe(createGunzip()), SAMPLE_BYTES).catch((err: unknown) => {
      throw new UserError(`standard input: looks gzip-compressed but cannot be decompressed (${describeError(err)})`);
    }));
  }
  if (head.length === 0) return { kind: 'skip', result: { status: 'empty', message: 'standard input: empty' } };
  const format = options.format ?? detect('standard input', head);
  const source = createSource(db, { host: options.host, path: '-', device: null, inode: null, head }, format, 0, null, runId, options.now());
  return { kind: 'read', source, final: true, identity: null, stdin: stream };
}

function detect(path: string, sample: Buffer): LogFormat {
  const detection = detectFormat(sample);
  if (detection.parser) return detection.parser.format;
  const best = detection.scores[0];
  const hint = best && best.score > 0 ? ` (closest: ${best.format}, ${Math.round(best.score * 100)}%)` : '';
  throw new UnrecognisedInput(`${path}: does not look like an Exim, hMailServer or PHPMailer log${hint}; name the format with --format`);
}

/**
 * Whether the bytes before the source's resume point are no longer those it saved: the file was
 * rewritten in place (same inode and beginning, other content) rather than appended to, so the saved
 * offset points into other lines (QA: resumed mid-line, 33 of 48 events lost). Plain files only.
 */
function rewrittenBefore(source: SourceRow, path: string, identity: InputIdentity): boolean {
  if (identity.compressed || source.tail_hash === null || source.offset === 0 || identity.size < source.offset) return false;
  return tailHash(path, source.offset) !== source.tail_hash;
}
