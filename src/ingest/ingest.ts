import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import type { LogFormat } from '../model/labels.js';
import type { BatchWriter } from '../store/batch-writer.js';
import { InlineBatchWriter } from '../store/inline-batch-writer.js';
import type { Db } from '../store/open.js';
import { PortBatchWriter } from '../store/port-batch-writer.js';
import { prunedBefore } from '../store/pruned-before.js';
import { WriterThread } from '../store/writer-thread.js';
import { UserError, describeError } from '../util/errors.js';
import { chainInputs, type Chain } from './chains.js';
import { makeLookup } from './lookup.js';
import { ParseWorker } from './parse-pool.js';
import { UnrecognisedInput, planFile, planStdin, type ReadPlan } from './plan-input.js';
import type { ReadJob } from './read-input.js';
import { resolveInputs, type InputSpec } from './resolve-inputs.js';
import { FINGERPRINT_BYTES } from './open-input.js';

export interface IngestOptions {
  /**
   * Store events from a writer thread, so SQLite works while the next lines are parsed (default: yes
   * for a database file, when the compiled worker exists). The contents are the same either way.
   */
  writerThread?: boolean;
  /**
   * Parse workers: inputs that do not depend on each other (src/ingest/chains.ts) are read by up to
   * this many threads at once. 0 reads in this thread. Default: one per core but one (the writer's),
   * at least one, and never more than there are chains. Needs the writer thread.
   */
  jobs?: number;
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
  /**
   * Commit a batch after this many events (default 12 000) or this many lines (default 200 000). The
   * rows of about one batch wait for the writer thread as serialized copies: 12,000 rather than 20,000
   * lowers a 1 GB rejectlog's peak by ~3 MB, at no cost measurable on the bench (issue 7).
   */
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


/**
 * bytes → lines → events → classification → rows. Reads each input from where the last run stopped,
 * parses it with the parser of its format, classifies every event and stores events, aggregates and
 * the new resume offset batch by batch, each batch in one transaction (src/ingest/read-input.ts).
 *
 * Who does what: this thread plans every input (which source, from where) on its connection; parse
 * workers read them, and a writer thread stores the rows. Independent inputs are read at the same
 * time, inputs of one chain one after the other (src/ingest/chains.ts), so the stored rows are the
 * same with one parse worker, several, or none (test/ingest/parallel.test.ts).
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
  const resolved = resolveInputs(files, options.cwd);
  // A pattern that matches nothing beside inputs that exist is not a failure: Exim creates its rejectlog
  // at the first rejection, so on a quiet host the README's nightly `'rejectlog*' 'mainlog*'` would exit
  // 3 every night and stop the `&& maillens report` after it. It is listed in the summary as empty; alone,
  // it is still an error (a typo in a crontab must not pass in silence).
  const othersGiven = resolved.inputs.length > 0;
  const results: InputResult[] = resolved.missing.map((m) => ({
    ...emptyResult({ path: m.given, given: m.given }),
    status: othersGiven ? 'empty' : 'failed',
    message: `${m.given}: ${m.reason}`,
  }));
  // The database and its companions are never logs: a glob over the directory that holds them (or the
  // database named by mistake) would otherwise have maillens read itself.
  const own = ownFiles(db);
  const inputs = resolved.inputs.filter((input) => {
    if (!own.has(input.path)) return true;
    if (input.given === input.path || resolve(options.cwd, input.given) === input.path) {
      results.push({ ...emptyResult(input), status: 'failed', message: `${input.given}: this is the maillens database (or one of its files), not a log` });
    }
    return false;
  });
  const store = new Store(db, runId, options);
  const byInput: (InputResult | null)[] = inputs.map(() => null);
  let interrupted = false;
  try {
    const chains = chainInputs(inputs, options.format, shortestFingerprint(db, options.host));
    const queue = chains.filter((c) => !c.inline);
    const runChain = async (chain: Chain, reader: Reader) => {
      for (const i of chain.inputs) {
        if (options.signal?.aborted) return;
        byInput[i] = await readOne(db, store, reader, runId, inputs[i]!, options);
        if (options.signal?.aborted) interrupted = true;
      }
    };
    // Standard input first, in this thread (it cannot be handed to a worker).
    for (const chain of chains.filter((c) => c.inline)) await runChain(chain, store.inlineReader(inputs));
    const workers = Math.min(queue.length, store.parseWorkers(inputs));
    const lanes = Array.from({ length: Math.max(workers, queue.length > 0 ? 1 : 0) }, async (_, lane) => {
      const reader = workers > 0 ? store.workerReader(lane) : store.inlineReader(inputs);
      for (let chain = queue.shift(); chain && !options.signal?.aborted; chain = queue.shift()) await runChain(chain, reader);
    });
    await Promise.all(lanes);
    if (options.signal?.aborted) interrupted = true;
  } finally {
    await store.close();
  }
  results.push(...byInput.filter((r): r is InputResult => r !== null));

  const failed = results.filter((r) => r.status === 'failed' || r.status === 'unrecognised').length;
  // An input that failed after part of it was stored (a truncated .gz: what was read before the break
  // is committed) was partly processed: the run is partial, not a failure where nothing could be done.
  const someRead = results.some((r) => r.endOffset > r.startOffset);
  const status: IngestResult['status'] = interrupted
    ? 'interrupted'
    : failed === 0
      ? 'ok'
      : failed === results.length && !someRead
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

/** Something that reads a planned input: this thread, or a parse worker. */
interface Reader {
  read(job: ReadJob, stdin: Readable | null, onProgress?: (bytes: number) => void): Promise<InputResult>;
}

/** Plans one input here, then has it read. */
async function readOne(db: Db, store: Store, reader: Reader, runId: number, input: InputSpec, options: IngestOptions): Promise<InputResult> {
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
  const { source, identity } = plan;
  const job: ReadJob = {
    result,
    sourceId: source.id,
    format: source.format!,
    offset: source.offset,
    line: source.line,
    highWater: source.high_water,
    prunedBefore: prunedBefore(db),
    compressed: identity?.compressed ?? false,
    final: plan.final,
    sizeSeen: identity?.size ?? 0,
    progressTotal: identity && !identity.compressed ? identity.size : null,
    fallbackTime: identity?.mtimeMs ?? null,
    host: options.host,
    batchEvents: options.batchEvents ?? 12_000,
    batchLines: options.batchLines ?? 200_000,
  };
  const onProgress = options.onProgress && ((bytesDone: number) => options.onProgress!({ input: name, bytesDone, bytesTotal: job.progressTotal }));
  try {
    return await reader.read(job, plan.stdin, onProgress);
  } catch (err) {
    // The parse worker died (out of memory, a bug): this input fails, the others go on.
    return { ...result, format: job.format, startOffset: job.offset, endOffset: job.offset, status: 'failed', message: `${name}: reading stopped (${describeError(err)}); the next run continues from the last stored point` };
  }
}

/** The store of a run and the readers that feed it, started when first needed. */
class Store {
  private writerThread: WriterThread | null = null;
  private inline: { writer(): Promise<BatchWriter> | null; reader: Reader } | null = null;
  private readonly workers = new Map<number, ParseWorker>();
  private readonly abortListener: () => void;

  constructor(
    private readonly db: Db,
    private readonly runId: number,
    private readonly options: IngestOptions,
  ) {
    this.abortListener = () => {
      for (const w of this.workers.values()) w.abort();
    };
    options.signal?.addEventListener('abort', this.abortListener);
  }

  /**
   * How many parse workers to use (0: read in this thread). Unless --jobs says, a run with little to
   * read (a nightly run on a quiet host) is read here: starting a worker costs ~0.2 s, more than it saves.
   */
  parseWorkers(inputs: readonly InputSpec[]): number {
    if (!this.threaded() || !ParseWorker.script()) return 0;
    if (this.options.jobs !== undefined) return Math.max(0, Math.floor(this.options.jobs));
    if (totalSize(inputs) < SMALL_RUN_BYTES) return 0;
    return Math.max(1, availableParallelism() - 1);
  }

  /** A parse worker per lane, each connected to the writer thread. */
  workerReader(lane: number): Reader {
    return {
      read: async (job, _stdin, onProgress) => {
        let worker = this.workers.get(lane);
        if (!worker) {
          worker = new ParseWorker(ParseWorker.script()!, this.db.name, this.thread().connect());
          this.workers.set(lane, worker);
        }
        const w = worker;
        return w.read(job, this.options.now(), onProgress).catch((err) => {
          this.workers.delete(lane); // a dead worker is replaced for the next input
          throw err;
        });
      },
    };
  }

  /**
   * This thread as a reader. Its store, made at the first input that has something to read (a cron
   * run with nothing new starts no thread): the writer thread, unless the run is small (see
   * parseWorkers), where starting a thread would cost more than it saves.
   */
  inlineReader(inputs: readonly InputSpec[]): Reader {
    if (!this.inline) {
      let writer: Promise<BatchWriter> | null = null;
      const small = !inputs.some((i) => i.path === '-') && totalSize(inputs) < SMALL_RUN_BYTES;
      // The classifier is loaded only when this thread stores: a run with nothing new never needs it
      // (the classifier and its catalog are ~4 MB and ~15 ms of start-up).
      // In this thread the store shares the parse side's classifier (readInput's default), so a text is
      // cached from its first sighting, not its second: classifySeen marks it seen, and the store's
      // classify() then takes it for a second sighting. Same results (test/store/who-classifies.test.ts),
      // and the cache is bounded as ever. Left so: waiting for the second sighting spares the capped heaps
      // of the worker threads, and this thread's heap is not capped; a classifier of the store's own, as
      // the writer thread has, would be a second build (~5 ms, ~1 MB) on every small run.
      const makeWriter = async (): Promise<BatchWriter> =>
        this.threaded() && !small
          ? new PortBatchWriter(await this.thread().connect(), this.options.now)
          : new InlineBatchWriter(this.db, this.runId, this.options.now, (await import('../classify/classify.js')).defaultClassifier());
      const lookup = makeLookup(this.db, this.options.host);
      const reader: Reader = {
        read: async (job, stdin, onProgress) => {
          // A writer thread that cannot start fails every input this thread reads, with the reason.
          const w = await (writer ??= makeWriter());
          // Loaded here: a run read by parse workers never parses in this thread.
          const { readInput } = await import('./read-input.js');
          const result = await readInput(job, stdin, w, { now: this.options.now, aborted: () => this.options.signal?.aborted ?? false, onProgress, lookup });
          if (result.status === 'failed') await w.reset();
          return result;
        },
      };
      this.inline = { writer: () => writer, reader };
    }
    return this.inline.reader;
  }

  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.abortListener);
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    const inline = this.inline?.writer();
    if (inline) await (await inline.catch(() => null))?.close();
    await this.writerThread?.close();
  }

  private threaded(): boolean {
    return this.options.writerThread !== false && !this.db.memory && WriterThread.script() !== null;
  }

  private thread(): WriterThread {
    this.writerThread ??= new WriterThread(WriterThread.script()!, { dbPath: this.db.name, runId: this.runId, busyTimeoutMs: 10_000 });
    return this.writerThread;
  }
}

/** The database file and the files SQLite and the run lock keep next to it. */
function ownFiles(db: Db): Set<string> {
  if (db.memory) return new Set();
  const path = resolve(db.name);
  const companions = ['-wal', '-shm', '-journal', '.lock', '.lock-journal', '.lock-wal', '.lock-shm'];
  return new Set([path, ...companions.map((c) => `${path}${c}`)]);
}

/** Below this many bytes of input in all, files are read in the ingest thread (see parseWorkers). */
const SMALL_RUN_BYTES = 4 * 1024 * 1024;

/** Bytes of the named files (compressed ones count ten times: about what they hold). */
function totalSize(inputs: readonly InputSpec[]): number {
  let total = 0;
  for (const input of inputs) {
    if (input.path === '-') continue;
    try {
      const size = statSync(input.path).size;
      total += input.path.endsWith('.gz') ? size * 10 : size;
    } catch {
      // planning reports it
    }
  }
  return total;
}

/** The fewest leading bytes any stored source of this host is known by (see chains.ts). */
function shortestFingerprint(db: Db, host: string): number {
  const n = db.prepare('SELECT min(fp_len) FROM sources WHERE host = ? AND fp_len > 0').pluck().get(host) as number | null;
  return Math.min(n ?? FINGERPRINT_BYTES, FINGERPRINT_BYTES);
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

