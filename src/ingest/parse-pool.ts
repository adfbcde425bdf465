import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';
import { projectRoot } from '../util/paths.js';
import type { InputResult } from './ingest.js';
import type { FromParseWorker, ParseWorkerData, ToParseWorker } from './parse-worker.js';
import type { ReadJob } from './read-input.js';

/**
 * Heap limits of a parse worker. Its live data is small and bounded (the classifier's cache, bounded
 * in texts and characters, the parser's pending state, a few batches in flight: 18 MB after the 200 MB
 * bench rejectlog); a small young generation keeps short-lived line strings from piling up. 12 MB (4 MB
 * semi-spaces) rather than 8 (2 MB): half the young collections, a few percent faster on the 200 MB
 * Exim logs, and no peak RSS measurably higher (three runs each, 140-147 MB against 143-150 MB).
 * The old generation is capped at a few times what it holds: V8 lets a heap grow far above its live
 * data before it collects, and with a cap of 128 MB the worker's heap reached 55 MB on a 1 GB
 * rejectlog, where the whole run peaked at 192-200 MB (issue 7: ≤ 150 MB whatever the input size).
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 48 };

/** One parse worker (src/ingest/parse-worker.ts), reading one input at a time. */
export class ParseWorker {
  private readonly worker: Worker;
  private pending: { resolve(r: InputResult): void; reject(e: Error): void; onProgress?: (bytes: number) => void } | null = null;
  private dead: Error | null = null;
  private readonly ready: Promise<void>;

  /** The compiled worker script, or null when there is none (running from TypeScript sources). */
  static script(): string | null {
    const path = join(projectRoot(), 'dist', 'src', 'ingest', 'parse-worker.js');
    return existsSync(path) ? path : null;
  }

  /**
   * Starts the worker at once; `writerPort` (to the writer thread, which may still be starting) is
   * handed over when it comes, so the two threads start at the same time. A port that never comes (the
   * writer could not start) fails every read with the reason.
   */
  constructor(script: string, dbPath: string, writerPort: Promise<MessagePort>) {
    this.worker = new Worker(script, {
      workerData: { dbPath } satisfies ParseWorkerData,
      resourceLimits: RESOURCE_LIMITS,
    });
    this.ready = writerPort.then((port) => {
      if (!this.dead) this.worker.postMessage({ type: 'port', port } satisfies ToParseWorker, [port]);
    });
    this.ready.catch((err: Error) => {
      this.die(err);
      void this.worker.terminate();
    });
    this.worker.on('message', (msg: FromParseWorker) => {
      if (msg.type === 'progress') this.pending?.onProgress?.(msg.bytesDone);
      else if (msg.type === 'result') {
        const p = this.pending;
        this.pending = null;
        p?.resolve(msg.result);
      }
    });
    this.worker.on('error', (err) => this.die(err));
    this.worker.on('exit', (code) => this.die(new Error(`exited with code ${code}`)));
  }

  async read(job: ReadJob, now: number, onProgress?: (bytes: number) => void): Promise<InputResult> {
    await this.ready;
    if (this.dead) throw this.dead;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, onProgress };
      this.worker.postMessage({ type: 'read', job, now } satisfies ToParseWorker);
    });
  }

  abort(): void {
    if (!this.dead) this.worker.postMessage({ type: 'abort' } satisfies ToParseWorker);
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies ToParseWorker);
    const timeout = setTimeout(() => void this.worker.terminate(), 10_000);
    await exited;
    clearTimeout(timeout);
  }

  private die(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    const p = this.pending;
    this.pending = null;
    p?.reject(err);
  }
}
