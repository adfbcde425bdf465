import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { projectRoot } from '../util/paths.js';
import type { ToWriterThread, WriterData } from './write-worker.js';

/**
 * The store in a thread of its own (src/store/write-worker.ts): SQLite inserts overlap with reading
 * and parsing. Readers connect with `connect()` and talk to it through a PortBatchWriter each.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  /** The compiled worker script, or null when there is none (running from TypeScript sources). */
  static script(): string | null {
    const path = join(projectRoot(), 'dist', 'src', 'store', 'write-worker.js');
    return existsSync(path) ? path : null;
  }

  constructor(script: string, data: WriterData) {
    // The writer's heap holds a batch and its caches: a small young generation keeps its memory flat.
    this.worker = new Worker(script, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    // Its death closes every reader's port, and each reader then fails its pending commits.
    this.exited = new Promise((resolve) => {
      this.worker.on('error', () => {});
      this.worker.on('exit', () => resolve());
    });
  }

  /** A new port to the writer, for one reader (this thread or a parse worker, to which it can be transferred). */
  connect(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ type: 'connect', port: port2 } satisfies ToWriterThread, [port2]);
    return port1;
  }

  /** Rolls back what nobody committed, closes the database and ends the thread. */
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies ToWriterThread);
    const timeout = setTimeout(() => void this.worker.terminate(), 10_000);
    await this.exited;
    clearTimeout(timeout);
  }
}
