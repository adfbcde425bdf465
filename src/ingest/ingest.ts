import type { Readable } from 'node:stream';
import { parserFor } from '../../parsers/index.js';
import type { LineVerdict, LogLine, LogParser, ParseLookup } from '../../parsers/types.js';
import { classify } from '../classify/classify.js';
import type { ReplyEvent } from '../model/event.js';
import type { Direction, LogFormat } from '../model/labels.js';
import type { Db } from '../store/open.js';
import { createSource, findSource, rewindSource, widenFingerprint, type SourceRow } from '../store/sources.js';
import type { BatchWriter } from '../store/batch-writer.js';
import { InlineBatchWriter } from '../store/inline-batch-writer.js';
import { ThreadBatchWriter } from '../store/thread-batch-writer.js';
import { hourOf } from '../store/writer.js';
import { UserError, describeError } from '../util/errors.js';
import { hash53, hash53OfKey } from '../util/hash53.js';
import { detectFormat } from './detect-format.js';
import { FINGERPRINT_BYTES, SAMPLE_BYTES, fingerprint, identifyInput, openContentStream, peek, reasonOf, type InputIdentity } from './open-input.js';
import { LineSplitter } from './read-lines.js';
import { resolveInputs, type InputSpec } from './resolve-inputs.js';

export interface IngestOptions {
  /**
   * Store events from a writer thread, so SQLite works while the next lines are parsed (default: yes
   * for a database file, when the compiled worker exists). The contents are the same either way.
   */
  writerThread?: boolean;
  host: string;
  /** Skip detection and read every input as this format. */
  format?: LogFormat;
  /** Forget saved offsets: read everything again (stored events are not duplicated). */
  rescan?: boolean;
  stdin: Readable;
  cwd: string;
  now(): number;
  signal?: AbortSignal;
  onProgress?(progress: IngestProgress): void;
  /** Commit a batch after this many events (default 20 000) or this many lines (default 200 000). */
  batchEvents?: number;
  batchLines?: number;
}

export interface IngestProgress {
  input: string;
  bytesDone: number;
  bytesTotal: number | null;
}

export type InputStatus = 'read' | 'unchanged' | 'empty' | 'unrecognised' | 'failed';

export interface InputResult {
  given: string;
  path: string;
  status: InputStatus;
  format: LogFormat | null;
  message: string | null;
  /** Where reading started (a resumed file) and ended, in content bytes. */
  startOffset: number;
  endOffset: number;
  lines: number;
  matched: number;
  skipped: number;
  oversized: number;
  events: number;
  duplicates: number;
  /** The file continues a source last read under another name (logrotate). */
  continuedFrom: string | null;
}

export interface IngestResult {
  runId: number;
  status: 'ok' | 'partial' | 'failed' | 'interrupted';
  inputs: InputResult[];
}

const VERDICTS: readonly LineVerdict[] = ['reply', 'success', 'context', 'ignored', 'skipped'];
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3}$/;

/**
 * bytes → lines → events → classification → rows. Reads each input from where the last run stopped,
 * parses it with the parser of its format, classifies every event and stores events, aggregates and
 * the new resume offset batch by batch, each batch in one transaction.
 *
 * The caller holds the run lock (src/store/lock.ts).
 */
export async function ingest(db: Db, files: readonly string[], options: IngestOptions): Promise<IngestResult> {
  const now = options.now;
  // A run still marked 'running' now is one that died (we hold the lock): say so in its row.
  db.prepare("UPDATE runs SET status = 'interrupted' WHERE status = 'running'").run();
  const runId = Number(
    db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (?, 'analyze', ?, 'running')").run(now(), options.host)
      .lastInsertRowid,
  );
  const { inputs, missing } = resolveInputs(files, options.cwd);
  const results: InputResult[] = missing.map((m) => ({ ...emptyResult({ path: m.given, given: m.given }), status: 'failed', message: `${m.given}: ${m.reason}` }));
  const writer = createBatchWriter(db, runId, options);
  let interrupted = false;
  try {
    for (const input of inputs) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const result = await ingestOne(db, writer, runId, input, options);
      results.push(result);
      if (result.status === 'failed') await writer.reset();
      if (options.signal?.aborted) interrupted = true;
    }
  } finally {
    await writer.close();
  }

  const failed = results.filter((r) => r.status === 'failed' || r.status === 'unrecognised').length;
  const status: IngestResult['status'] = interrupted
    ? 'interrupted'
    : failed === 0
      ? 'ok'
      : failed === results.length
        ? 'failed'
        : 'partial';
  const sum = (k: 'lines' | 'matched' | 'skipped' | 'oversized') => results.reduce((n, r) => n + r[k], 0);
  db.prepare(
    `UPDATE runs SET finished_at = ?, status = ?, inputs = ?, bytes_read = ?, lines_read = ?, lines_matched = ?,
       lines_skipped = ?, lines_oversized = ?, message = ? WHERE id = ?`,
  ).run(
    now(),
    status,
    results.length,
    results.reduce((n, r) => n + (r.endOffset - r.startOffset), 0),
    sum('lines'),
    sum('matched'),
    sum('skipped'),
    sum('oversized'),
    results.filter((r) => r.message && (r.status === 'failed' || r.status === 'unrecognised')).map((r) => r.message).join('; ') || null,
    runId,
  );
  return { runId, status, inputs: results };
}

function emptyResult(input: InputSpec): InputResult {
  return {
    given: input.given,
    path: input.path,
    status: 'read',
    format: null,
    message: null,
    startOffset: 0,
    endOffset: 0,
    lines: 0,
    matched: 0,
    skipped: 0,
    oversized: 0,
    events: 0,
    duplicates: 0,
    continuedFrom: null,
  };
}

async function ingestOne(db: Db, writer: BatchWriter, runId: number, input: InputSpec, options: IngestOptions): Promise<InputResult> {
  const result = emptyResult(input);
  const name = input.path === '-' ? 'standard input' : input.path;
  let plan: ReadPlan;
  try {
    plan = input.path === '-' ? await planStdin(db, runId, options) : planFile(db, runId, input.path, options, result);
  } catch (err) {
    const status: InputStatus = err instanceof UnrecognisedInput ? 'unrecognised' : 'failed';
    return { ...result, status, message: err instanceof UserError ? err.message : `${name}: ${describeError(err)}` };
  }
  if (plan.kind === 'skip') return { ...result, ...plan.result };

  const { source, stream, final, identity } = plan;
  result.format = source.format;
  result.startOffset = source.offset;
  result.endOffset = source.offset;

  const format = source.format!;
  const parserModule = parserFor(format);
  const highWaterAtStart = source.high_water;
  const fallbackTime = identity?.mtimeMs ?? options.now();
  const batchEvents = options.batchEvents ?? 20_000;
  const batchLines = options.batchLines ?? 200_000;

  let lastTime: number | null = null;
  let currentLine: LogLine | null = null;
  let eventsInBatch = 0;
  let linesInBatch = 0;
  const lineCounts = { read: 0, matched: 0, skipped: 0, oversized: 0, hour: -1 };

  const sourceId = source.id;
  const hostSeed = twinSeed(options.host);
  // An event's codes are checked before it is classified and stored (a parser must not be able to
  // put a malformed code in the database).
  const store = (event: ReplyEvent, ts: number) => {
    const code = event.code !== null && Number.isInteger(event.code) && event.code >= 100 && event.code <= 599 ? event.code : null;
    const enhanced = event.enhanced !== null && ENHANCED.test(event.enhanced) ? event.enhanced : null;
    const c = classify(code === event.code && enhanced === event.enhanced ? event : { ...event, code, enhanced });
    const codeSource = code === null && enhanced === null ? 'none' : event.codeSource;
    writer.add(sourceId, format, event, ts, code, enhanced, codeSource, c, event.twinKey === null ? null : hash53OfKey(event.twinKey, event.twinRepeat, hostSeed));
  };

  const successes = new Map<number, number>();
  const lookup: ParseLookup = makeLookup(db, options.host);
  const host = options.host;
  const sink = {
    event(event: ReplyEvent) {
      const ts = event.time ?? parser.lastTime ?? lastTime ?? fallbackTime;
      if (event.time !== null) lastTime = event.time;
      store(event, ts);
      eventsInBatch++;
    },
    success(time: number | null, direction: Direction) {
      // A success on a line already counted by an earlier run (--rescan, a crash re-read) is not recounted.
      if (!currentLine || currentLine.offset < highWaterAtStart) return;
      if (time !== null) lastTime = time;
      // Counted here and handed over per batch: a busy mainlog has a success on every other line.
      const key = hourOf(time ?? lastTime ?? fallbackTime) * 2 + (direction === 'inbound' ? 0 : 1);
      successes.set(key, (successes.get(key) ?? 0) + 1);
    },
  };
  const parser: LogParser = parserModule.create({ sink, lookup });

  const flushLineCounts = () => {
    if (lineCounts.read === 0) return;
    writer.lines({ hour: lineCounts.hour, host, format, read: lineCounts.read, matched: lineCounts.matched, skipped: lineCounts.skipped, oversized: lineCounts.oversized });
    lineCounts.read = lineCounts.matched = lineCounts.skipped = lineCounts.oversized = 0;
  };

  const splitter = new LineSplitter((line, oversized) => {
    currentLine = line;
    let verdict: LineVerdict;
    try {
      verdict = parser.push(line);
    } catch {
      // A parser bug must not lose the rest of the file: the line is counted as skipped.
      verdict = 'skipped';
    }
    if (!VERDICTS.includes(verdict)) verdict = 'skipped';
    result.lines++;
    if (verdict === 'reply' || verdict === 'success') result.matched++;
    else if (verdict === 'skipped') result.skipped++;
    if (oversized) result.oversized++;
    linesInBatch++;
    if (line.offset >= highWaterAtStart) {
      const t = parser.lastTime ?? lastTime ?? fallbackTime;
      const hour = hourOf(t);
      if (hour !== lineCounts.hour) {
        flushLineCounts();
        lineCounts.hour = hour;
      }
      lineCounts.read++;
      if (verdict === 'reply' || verdict === 'success') lineCounts.matched++;
      else if (verdict === 'skipped') lineCounts.skipped++;
      if (oversized) lineCounts.oversized++;
    }
  }, source.offset, source.line);

  // Batches are committed by the writer while the next one is parsed; at most two wait at a time, so
  // memory stays bounded when the disk is slower than the parser.
  let storeError: unknown = null;
  const inFlight: Promise<void>[] = [];
  const commit = () => {
    flushLineCounts();
    for (const [key, count] of successes) {
      writer.success({ hour: Math.floor(key / 2), host, format, direction: key % 2 === 0 ? 'inbound' : 'outbound', count });
    }
    successes.clear();
    // A multi-line event still being assembled holds the resume point back to its first line.
    const pending = parser.pendingLine?.() ?? null;
    const complete = splitter.completeOffset;
    const held = pending !== null && pending.offset < complete;
    const offset = held ? pending.offset : complete;
    const line = held ? pending.number - 1 : splitter.lineCount;
    const progress = { sourceId: source.id, offset, line, highWater: complete, sizeSeen: identity?.size ?? 0, path: input.path };
    eventsInBatch = 0;
    linesInBatch = 0;
    inFlight.push(
      writer.commit(progress).then(
        (batch) => {
          result.events += batch.added;
          result.duplicates += batch.duplicates;
          result.endOffset = complete;
        },
        (err) => {
          storeError ??= err;
        },
      ),
    );
  };
  let failure: string | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      splitter.push(chunk);
      if (eventsInBatch >= batchEvents || linesInBatch >= batchLines) {
        commit();
        while (inFlight.length > 2) await inFlight.shift();
        if (storeError) break;
      }
      options.onProgress?.({ input: name, bytesDone: splitter.completeOffset, bytesTotal: identity && !identity.compressed ? identity.size : null });
      if (options.signal?.aborted) break;
    }
    if (!options.signal?.aborted && !storeError) {
      splitter.end(final);
      parser.finish();
    }
  } catch (err) {
    failure = `${name}: read failed after ${splitter.completeOffset} bytes: ${reasonOf(err)}`;
    try {
      parser.finish();
    } catch {
      // keep what we have
    }
  }
  if (!storeError) commit();
  await Promise.all(inFlight);
  if (storeError) {
    const code = (storeError as { code?: string }).code;
    const why = code === 'SQLITE_FULL' ? 'disk full' : describeError(storeError);
    return { ...result, status: 'failed', message: `${name}: could not store results (${why}); what was stored before is intact, the next run continues from there` };
  }
  if (failure) return { ...result, status: 'failed', message: failure };
  return result;
}

type ReadPlan =
  | { kind: 'skip'; result: Partial<InputResult> }
  | { kind: 'read'; source: SourceRow; stream: Readable; final: boolean; identity: InputIdentity | null };

function planFile(db: Db, runId: number, path: string, options: IngestOptions, result: InputResult): ReadPlan {
  const identity = identifyInput(path);
  if (identity.size === 0 || identity.head.length === 0) return { kind: 'skip', result: { status: 'empty', message: `${path}: empty file` } };
  const now = options.now();
  const fpLen = Math.min(identity.head.length, FINGERPRINT_BYTES);
  const fpHash = fingerprint(identity.head, fpLen);
  const sourceId = { host: options.host, path, device: identity.device, inode: identity.inode, head: identity.head };
  let source = findSource(db, sourceId, fingerprint);

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
  let stream: Readable;
  try {
    stream = openContentStream(path, source.offset, identity.compressed);
  } catch (err) {
    throw new UserError(`${path}: ${reasonOf(err)}`);
  }
  // A compressed file is complete by construction: its last line counts even without a newline.
  return { kind: 'read', source, stream, final: identity.compressed, identity };
}

async function planStdin(db: Db, runId: number, options: IngestOptions): Promise<ReadPlan> {
  // stdin has no identity and no offsets: each run is a new source read from its start. Exim twins are
  // still recognised by their key; re-feeding the same stream otherwise counts it again.
  // Detection needs the first bytes before the parser exists: peek, then hand them on with the rest.
  const { head, stream } = await peek(options.stdin, SAMPLE_BYTES);
  if (head.length === 0) return { kind: 'skip', result: { status: 'empty', message: 'standard input: empty' } };
  const format = options.format ?? detect('standard input', head);
  const source = createSource(db, { host: options.host, path: '-', device: null, inode: null, head }, format, 0, null, runId, options.now());
  return { kind: 'read', source, stream, final: true, identity: null };
}

function detect(path: string, sample: Buffer): LogFormat {
  const detection = detectFormat(sample);
  if (detection.parser) return detection.parser.format;
  const best = detection.scores[0];
  const hint = best && best.score > 0 ? ` (closest: ${best.format}, ${Math.round(best.score * 100)}%)` : '';
  throw new UnrecognisedInput(`${path}: does not look like an Exim, hMailServer or PHPMailer log${hint}; name the format with --format`);
}

class UnrecognisedInput extends UserError {}

/**
 * The twin column is hash53OfKey(key, repeat, twinSeed(host)): the same line written to two logs of one
 * host has the same time and the same twin. A 53-bit hash of host, the parser's key (itself a hash of
 * the line) and the repeat number: a safe integer, so the unique index (ts, twin) stays small; two
 * different lines of one host in the same millisecond colliding is a 1 in 2^53 event. (Equal to the
 * hash of the text `key#repeat`, as maillens computed it before.)
 */
function twinSeed(host: string): number {
  return hash53(host) % 0xffffffff;
}

function makeLookup(db: Db, host: string): ParseLookup {
  const stmt = db.prepare(`
    SELECT k.code, k.enhanced, k.code_source AS codeSource, e.server, t.text
    FROM events e
    JOIN event_kinds k ON k.id = e.kind_id
    JOIN sources s ON s.id = e.source_id
    JOIN reply_texts t ON t.id = e.text_id
    WHERE e.message_id = ? AND e.recipient = ? AND k.class = 'transient' AND s.host = ?
    ORDER BY e.ts DESC, e.id DESC LIMIT 1`);
  return {
    lastDeferral(messageId, recipient) {
      const row = stmt.get(messageId, recipient, host) as
        | { code: number | null; enhanced: string | null; codeSource: 'seen' | 'inferred' | 'none'; server: string | null; text: string }
        | undefined;
      return row ?? null;
    },
  };
}

function createBatchWriter(db: Db, runId: number, options: IngestOptions): BatchWriter {
  const script = options.writerThread === false || db.memory ? null : ThreadBatchWriter.script();
  if (!script) return new InlineBatchWriter(db, runId, options.now);
  return new ThreadBatchWriter(script, { dbPath: db.name, runId, busyTimeoutMs: 10_000 }, options.now);
}
