// bytes → lines → events, for one input: reads it from its resume point, parses it with the parser of
// its format and hands its events, line and success counts and the new resume point to the store
// batch by batch. Events are classified here, but for a text's first sighting, which the store's thread
// classifies while it keeps up (src/store/writer.ts).
// The same code runs in the ingest thread and in a parse worker (src/ingest/parse-worker.ts); it never
// touches the database itself.
import type { Readable } from 'node:stream';
import { defaultClassifier } from '../classify/classify.js';
import type { Classifier } from '../classify/create-classifier.js';
import { parserFor } from '../../parsers/index.js';
import type { LineVerdict, LogLine, LogParser, ParseLookup } from '../../parsers/types.js';
import type { ReplyEvent } from '../model/event.js';
import type { Direction, LogFormat } from '../model/labels.js';
import type { BatchWriter } from '../store/batch-writer.js';
import { hourOf } from '../store/writer.js';
import { describeError } from '../util/errors.js';
import { isEnhancedShape } from '../util/enhanced-shape.js';
import { hideQueryKeys } from '../util/hide-secrets.js';
import { hash53, hash53OfKey } from '../util/hash53.js';
import { readBytesAt } from '../util/read-bytes-at.js';
import { openContentStream, reasonOf } from './open-input.js';
import { LineSplitter } from './read-lines.js';
import { RepeatedHour } from './repeated-hour.js';
import { tailHash } from './tail-hash.js';
import type { InputResult } from './ingest.js';

/** What reading one input needs to know: plain data, so that it can be sent to a parse worker. */
export interface ReadJob {
  /** The result so far (given, path, continuedFrom...): completed by reading. */
  result: InputResult;
  sourceId: number;
  format: LogFormat;
  /** Resume point: content byte offset and lines before it. */
  offset: number;
  line: number;
  /** Largest offset ever consumed: lines before it were counted by an earlier run. */
  highWater: number;
  /** Events older than this (unix ms) were pruned after being stored (src/store/pruned-before.ts); null: never pruned. */
  prunedBefore: number | null;
  compressed: boolean;
  /** The input is complete (stdin, a compressed file): a last line without newline counts. */
  final: boolean;
  /** Size of the file now (0 for stdin), and of the content for progress (null when unknown). */
  sizeSeen: number;
  progressTotal: number | null;
  /** Time for lines before the first one that carries a time: the file's mtime, else now. */
  fallbackTime: number | null;
  host: string;
  /** Commit after this many events or lines. */
  batchEvents: number;
  batchLines: number;
}

export interface ReadHooks {
  now(): number;
  /** Checked between chunks: stop reading, store what was read. */
  aborted(): boolean;
  onProgress?(bytesDone: number): void;
  /** Earlier events of this host (Exim deferrals); only some formats ask. */
  lookup?: ParseLookup;
  /**
   * The classifier of this side (its cache is what makes a text "seen before"); default: the one the
   * process shares (src/classify/classify.ts). test/store/who-classifies.test.ts gives cold ones, so both
   * ways of classifying a first sighting run from scratch.
   */
  classifier?: Classifier;
}

const LEADING_NUL = /^\0+/;

/** Nothing but spaces and tabs (line ends are already cut off). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * Characters of reply text after which a batch is committed, however few its events: rows wait for the
 * writer as serialized copies outside any heap limit, and a log of long replies (a hostile one: 1,800
 * characters each) made 20,000 events 36 MB of them (issue 7: peak RSS <= 150 MB). Real replies
 * average ~100 characters, so the event count decides on real logs.
 */
const BATCH_CHARS = 4_000_000;

/** Reads one input; `stream` is given for stdin, files are opened here. Never throws. */
export async function readInput(job: ReadJob, stream: Readable | null, writer: BatchWriter, hooks: ReadHooks): Promise<InputResult> {
  const result: InputResult = { ...job.result, format: job.format, startOffset: job.offset, endOffset: job.offset };
  const path = result.path;
  const name = path === '-' ? 'standard input' : path;
  // A run that resumes a plain file re-reads the lines just before its resume point first, to give the
  // parser back the state it had there (see warmUpStart): what those lines yield is dropped below.
  const resumeAt = job.offset;
  const warm = stream || job.compressed ? null : warmUpStart(path, job.offset, job.line);
  if (!stream) {
    try {
      stream = openContentStream(path, warm?.offset ?? job.offset, job.compressed);
    } catch (err) {
      return { ...result, status: 'failed', message: `${path}: ${reasonOf(err)}` };
    }
  }

  const { sourceId, format, host, highWater: highWaterAtStart, prunedBefore, batchEvents, batchLines } = job;
  const fallbackTime = job.fallbackTime ?? hooks.now();
  const parserModule = parserFor(format);

  let lastTime: number | null = null;
  let currentLine: LogLine | null = null;
  let eventsInBatch = 0;
  let charsInBatch = 0;
  let linesInBatch = 0;
  const lineCounts = { read: 0, matched: 0, skipped: 0, oversized: 0, hour: -1 };
  let countedTime = NaN;

  const hostSeed = twinSeed(host);
  // An event's codes are checked before it is classified and stored: a parser must not be able to put a
  // malformed code in the database. A reply seen before is classified here (mostly a cache hit). The
  // first sighting of a text, the costly case (and most texts of a busy log come once), is left to the
  // store's thread unless the store is behind (BatchWriter.behind): the work goes to whichever thread
  // has time for it, and the result is the same.
  const classifier = hooks.classifier ?? defaultClassifier();
  const store = (event: ReplyEvent, time: number) => {
    // ts is an INTEGER column (STRICT): a time with a fraction (a parser reading microseconds, a file
    // time) would fail the whole batch, so it is cut to the millisecond here, at the one way in.
    const ts = Math.floor(time);
    // stored and counted by the run that first read this line, then pruned: not again
    if (prunedBefore !== null && ts < prunedBefore && event.offset < highWaterAtStart) {
      result.duplicates++;
      return;
    }
    // A receiving server's Spamhaus DQS key, written into its refusals with the zone, is never stored.
    event.text = hideQueryKeys(event.text);
    const code = event.code !== null && Number.isInteger(event.code) && event.code >= 100 && event.code <= 599 ? event.code : null;
    const enhanced = event.enhanced !== null && isEnhancedShape(event.enhanced) ? event.enhanced : null;
    const codeSource = code === null && enhanced === null ? 'none' : event.codeSource;
    const input = code === event.code && enhanced === event.enhanced ? event : { ...event, code, enhanced };
    const c = classifier.classifySeen(input) ?? (writer.behind ? classifier.classifyFresh(input) : null);
    writer.add(sourceId, format, event, ts, code, enhanced, codeSource, c, event.twinKey === null ? null : hash53OfKey(event.twinKey, event.twinRepeat, hostSeed));
  };

  const successes = new Map<number, number>();
  const clock = new RepeatedHour();
  /** A time read from the log, with the repeated hour of the autumn clock change told apart. */
  const logTime = (t: number | null): number => (t === null ? fallbackTime : clock.adjust(t));
  const sink = {
    event(event: ReplyEvent) {
      const ts = logTime(event.time ?? parser.lastTime ?? lastTime);
      if (event.time !== null) lastTime = event.time;
      // an event of a line before the resume point: the run that read that line decided about it
      if (event.offset < resumeAt) return;
      store(event, ts);
      eventsInBatch++;
      charsInBatch += event.text.length;
    },
    success(time: number | null, direction: Direction) {
      // A success on a line already counted by an earlier run (--rescan, a crash re-read) is not recounted.
      if (!currentLine || currentLine.offset < highWaterAtStart) return;
      if (time !== null) lastTime = time;
      // Counted here and handed over per batch: a busy mainlog has a success on every other line.
      const key = hourOf(logTime(time ?? lastTime)) * 2 + (direction === 'inbound' ? 0 : 1);
      successes.set(key, (successes.get(key) ?? 0) + 1);
    },
  };
  const parser: LogParser = parserModule.create({ sink, lookup: hooks.lookup, referenceTime: fallbackTime });

  const flushLineCounts = () => {
    if (lineCounts.read === 0) return;
    writer.lines({ hour: lineCounts.hour, host, format, read: lineCounts.read, matched: lineCounts.matched, skipped: lineCounts.skipped, oversized: lineCounts.oversized });
    lineCounts.read = lineCounts.matched = lineCounts.skipped = lineCounts.oversized = 0;
  };

  const splitter = new LineSplitter((read, oversized) => {
    // A crash leaves a run of NUL bytes where the file system had allocated but not yet written
    // (ext4, XFS); the next line is written right after it. The NULs are noise, the line is real.
    const line = read.text.charCodeAt(0) === 0 ? { ...read, text: read.text.replace(LEADING_NUL, '') } : read;
    currentLine = line;
    if (line.offset < resumeAt) {
      // warm-up: the parser reads the line for its state; it was counted by the run that first read it
      try {
        parser.push(line);
      } catch {
        // counted, if at all, by that run
      }
      return;
    }
    let verdict: LineVerdict;
    try {
      verdict = parser.push(line);
    } catch {
      // A parser bug must not lose the rest of the file: the line is counted as skipped.
      verdict = 'skipped';
    }
    // matched: a reply or a success; a verdict no parser should give counts as skipped. A blank line
    // holds nothing to understand: it is never counted as not understood (30 M blank lines read as
    // "30,000,000 not understood" in a hostile-input review).
    const matched = verdict === 'reply' || verdict === 'success';
    const skipped = !matched && verdict !== 'context' && verdict !== 'ignored' && !isBlank(line.text);
    result.lines++;
    if (matched) result.matched++;
    else if (skipped) result.skipped++;
    if (oversized) result.oversized++;
    linesInBatch++;
    if (line.offset >= highWaterAtStart) {
      const t = logTime(parser.lastTime ?? lastTime);
      // (most lines share the time of the line before: the hour is worked out when it changes)
      if (t !== countedTime) {
        countedTime = t;
        const hour = hourOf(t);
        if (hour !== lineCounts.hour) {
          flushLineCounts();
          lineCounts.hour = hour;
        }
      }
      lineCounts.read++;
      if (matched) lineCounts.matched++;
      else if (skipped) lineCounts.skipped++;
      if (oversized) lineCounts.oversized++;
    }
  }, warm?.offset ?? job.offset, warm?.line ?? job.line);

  // Batches are committed by the writer while the next one is parsed; at most one waits at a time, so
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
    // (an event begun during the warm-up was decided by an earlier run: it never holds the point back)
    const held = pending !== null && pending.offset < complete && pending.offset >= resumeAt;
    const offset = held ? pending.offset : complete;
    const line = held ? pending.number - 1 : splitter.lineCount;
    // plain files only: a compressed file's offsets are in its content, stdin cannot be read again
    const tail = job.compressed || path === '-' ? null : tailHash(path, offset);
    const progress = { sourceId, offset, line, highWater: complete, sizeSeen: job.sizeSeen, path, tailHash: tail };
    eventsInBatch = 0;
    charsInBatch = 0;
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
      if (eventsInBatch >= batchEvents || linesInBatch >= batchLines || charsInBatch >= BATCH_CHARS) {
        commit();
        // One batch committing and one waiting at most: rows sent ahead wait in the writer's queue as
        // serialized copies, outside any heap limit.
        while (inFlight.length > 1) await inFlight.shift();
        if (storeError) break;
      }
      hooks.onProgress?.(splitter.completeOffset);
      if (hooks.aborted()) break;
    }
    if (!hooks.aborted() && !storeError) {
      splitter.end(job.final);
      parser.finish();
    }
  } catch (err) {
    failure = `${name}: read failed after ${splitter.completeOffset} bytes: ${reasonOf(err)}`;
    try {
      parser.finish();
    } catch {
      // keep what we have
    }
  } finally {
    stream.destroy();
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

/**
 * Bytes before the resume point read again when a run continues a plain file. Parsers carry state from
 * line to line (an Exim rejection's repeat number within its second, the pair of a sender-verify line,
 * a PHPMailer transcript whose failure was already counted, an hMailServer session's HELO, sender and
 * command), and a run that began at the resume point lost it: a cron run that fell between two lines of
 * one exchange counted a PHPMailer failure twice, stored an hMailServer refusal without its command, and
 * dropped an Exim line that repeated an earlier one in the same second as already stored (a user review:
 * the Exim corpus read in two runs split at line 306 kept 752 of its 792 events). 256 KiB holds seconds
 * to minutes of a busy log and costs a few milliseconds per changed file; a cron run with nothing new
 * reads nothing at all.
 */
const WARM_UP_BYTES = 256 * 1024;

/**
 * Where the warm-up before `offset` starts: the first line start in the WARM_UP_BYTES before it, with the
 * number of the line before it (`line` is the number of the last line before `offset`). Null when there
 * is nothing to re-read (a read from the start) or the file cannot be read here (the stream reports that).
 * Line ends are counted as the LineSplitter cuts lines: LF, CRLF and a lone CR end one line each.
 */
export function warmUpStart(path: string, offset: number, line: number): { offset: number; line: number } | null {
  if (offset <= 0 || path === '-') return null;
  const from = Math.max(0, offset - WARM_UP_BYTES);
  const bytes = readBytesAt(path, from, offset - from);
  if (bytes === null) return null;
  let start = 0;
  if (from > 0) {
    // the window may begin inside a line: start after its first line end
    start = -1;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x0a || b === 0x0d) {
        start = b === 0x0d && bytes[i + 1] === 0x0a ? i + 2 : i + 1;
        break;
      }
    }
    if (start < 0 || start >= bytes.length) return null;
  }
  let lines = 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) lines++;
    else if (b === 0x0d) {
      lines++;
      if (bytes[i + 1] === 0x0a) i++;
    }
  }
  return lines > line ? null : { offset: from + start, line: line - lines };
}

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
