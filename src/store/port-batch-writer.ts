import type { MessagePort } from 'node:worker_threads';
import type { LinesCount, SuccessCount } from './batch-writer.js';
import { PackingBatchWriter } from './packing-batch-writer.js';
import type { FromWriter, ToWriter } from './write-worker.js';
import type { BatchResult, SourceProgress } from './writer.js';

/**
 * Rows sent to the writer thread per message: as many as one multi-row INSERT takes (writer.ts), so
 * rows of two readers never share a statement. Small messages: rows waiting to be sent are
 * short-lived, so they die young instead of filling the old generation.
 */
const ROWS_PER_MESSAGE = 200;

export class WriteError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/**
 * A BatchWriter that talks to the writer thread (src/store/write-worker.ts) over a MessagePort, from
 * the ingest thread or from a parse worker. Same contract as InlineBatchWriter; the database contents
 * are identical (test/ingest/writer-thread.test.ts).
 */
export class PortBatchWriter extends PackingBatchWriter {
  private successes: SuccessCount[] = [];
  private lineCounts: LinesCount[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: FromWriter): void; reject(err: Error): void }>();
  private dead: Error | null = null;

  constructor(
    private readonly port: MessagePort,
    private readonly now: () => number,
  ) {
    // Packed for the trip (src/store/row-packer.ts): numbers move without a copy, strings as one.
    super(ROWS_PER_MESSAGE);
    port.on('message', (msg: FromWriter) => {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      w.resolve(msg);
    });
    port.on('close', () => this.die(new Error('the writer thread stopped')));
  }

  get behind(): boolean {
    return this.waiting.size > 0;
  }

  success(count: SuccessCount): void {
    this.successes.push(count);
  }

  lines(count: LinesCount): void {
    this.lineCounts.push(count);
  }

  async commit(progress: SourceProgress | null): Promise<BatchResult> {
    this.store();
    const pending = this.request({ type: 'commit', id: 0, progress, successes: this.successes, lines: this.lineCounts, now: this.now() });
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

  /** Stops talking to the writer; rows not committed are dropped by it. */
  async close(): Promise<void> {
    this.dead ??= new Error('writer closed');
    this.port.close();
  }

  protected store(): void {
    if (this.packer.size === 0) return;
    const packed = this.packer.take();
    if (this.dead) return;
    this.port.postMessage({ type: 'rows', packed } satisfies ToWriter, [packed.nums.buffer as ArrayBuffer]);
  }

  private request(msg: ToWriter & { id: number }): Promise<FromWriter> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<FromWriter>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ ...msg, id });
    });
  }

  private die(err: Error): void {
    if (this.dead && this.waiting.size === 0) return;
    this.dead ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
