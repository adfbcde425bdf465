import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../util/paths.js';
import type { Classification } from '../classify/types.js';
import type { ReplyEvent } from '../model/event.js';
import type { BatchWriter, LinesCount, SuccessCount } from './batch-writer.js';
import { RowPacker } from './row-packer.js';
import type { FromWriter, ToWriter, WriterData } from './write-worker.js';
import type { BatchResult, SourceProgress } from './writer.js';

/**
 * Rows sent to the writer thread per message. Small messages: rows waiting to be sent are short-lived,
 * so they die young instead of filling the old generation (2000 rows per message cost 60 MB more peak
 * RSS on a 200 MB rejectlog, and were no faster).
 */
const ROWS_PER_MESSAGE = 256;

export class WriteError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/**
 * The store in a thread of its own (src/store/write-worker.ts): SQLite inserts overlap with reading
 * and parsing. Same contract as InlineBatchWriter; the database contents are identical
 * (test/ingest/writer-thread.test.ts).
 */
export class ThreadBatchWriter implements BatchWriter {
  private readonly worker: Worker;
  /** Rows packed for the trip (src/store/row-packer.ts): numbers move without a copy, strings as one. */
  private readonly packer = new RowPacker(ROWS_PER_MESSAGE);
  private successes: SuccessCount[] = [];
  private lineCounts: LinesCount[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: FromWriter): void; reject(err: Error): void }>();
  private dead: Error | null = null;

  /** The compiled worker script, or null when there is none (running from TypeScript sources). */
  static script(): string | null {
    const path = join(projectRoot(), 'dist', 'src', 'store', 'write-worker.js');
    return existsSync(path) ? path : null;
  }

  constructor(script: string, data: WriterData, private readonly now: () => number) {
    // The writer's heap holds a batch and its caches: a small young generation keeps its memory flat.
    this.worker = new Worker(script, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker.on('message', (msg: FromWriter) => {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      w.resolve(msg);
    });
    this.worker.on('error', (err) => this.die(err));
    this.worker.on('exit', (code) => this.die(new Error(`writer thread exited (${code})`)));
  }

  add(
    sourceId: number,
    format: string,
    event: ReplyEvent,
    ts: number,
    code: number | null,
    enhanced: string | null,
    codeSource: string,
    c: Classification,
    twin: number | null,
  ): void {
    if (this.packer.add(sourceId, format, event, ts, code, enhanced, codeSource, c, twin)) this.flush();
  }

  success(count: SuccessCount): void {
    this.successes.push(count);
  }

  lines(count: LinesCount): void {
    this.lineCounts.push(count);
  }

  async commit(progress: SourceProgress | null): Promise<BatchResult> {
    this.flush();
    const pending = this.request({
      type: 'commit',
      id: 0,
      progress,
      successes: this.successes,
      lines: this.lineCounts,
      now: this.now(),
    });
    this.successes = [];
    this.lineCounts = [];
    const reply = await pending;
    if (reply.type === 'failed') throw new WriteError(reply.message, reply.code);
    if (reply.type !== 'committed') throw new Error('writer thread: unexpected reply');
    return { added: reply.added, duplicates: reply.duplicates };
  }

  async reset(): Promise<void> {
    this.packer.reset();
    this.successes = [];
    this.lineCounts = [];
    await this.request({ type: 'reset', id: 0 });
  }

  async close(): Promise<void> {
    if (!this.dead) {
      try {
        await this.request({ type: 'close', id: 0 });
      } catch {
        // already gone
      }
    }
    this.dead ??= new Error('writer closed');
    await this.worker.terminate();
  }

  private flush(): void {
    if (this.packer.size === 0) return;
    const packed = this.packer.take();
    if (this.dead) return;
    this.worker.postMessage({ type: 'rows', packed } satisfies ToWriter, [packed.nums.buffer as ArrayBuffer]);
  }

  private request(msg: ToWriter & { id: number }): Promise<FromWriter> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<FromWriter>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private die(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
