import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { projectRoot } from '../util/paths.js';
import type { FromWriterThread, ToWriterThread, WriterData } from './write-worker.js';

/**
 * The store in a thread of its own (src/store/write-worker.ts): SQLite inserts overlap with reading
 * and parsing. Readers connect with `connect()` and talk to it through a PortBatchWriter each.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly connecting = new Map<number, { resolve(): void; reject(err: Error): void }>();
  private nextId = 1;
  private death: Error | null = null;

  /** The compiled worker script, or null when there is none (running from TypeScript sources). */
  static script(): string | null {
    const path = join(projectRoot(), 'dist', 'src', 'store', 'write-worker.js');
    return existsSync(path) ? path : null;
  }

  constructor(script: string, data: WriterData) {
    // The writer's heap holds a batch and its caches (~10 MB live): a small young generation and a capped
    // old one keep its memory flat (uncapped, its heap reached 38 MB on a 1 GB rejectlog).
    this.worker = new Worker(script, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 } });
    // Its death closes the ports it was serving, and each reader then fails its pending commits; a
    // port still on its way to it is not closed by its death, so connect() waits for the writer to take it.
    this.exited = new Promise((resolve) => {
      this.worker.on('error', (err) => {
        this.death ??= err;
      });
      this.worker.on('exit', (code) => {
        this.death ??= new Error(`exited with code ${code}`);
        for (const w of this.connecting.values()) w.reject(this.deathError());
        this.connecting.clear();
        resolve();
      });
    });
    this.worker.on('message', (msg: FromWriterThread) => {
      const w = this.connecting.get(msg.id);
      this.connecting.delete(msg.id);
      w?.resolve();
    });
  }

  /**
   * A new port to the writer, for one reader (this thread or a parse worker, to which it can be
   * transferred), once the writer holds the other end. Rejects when the writer cannot start (its
   * database cannot be opened) or has stopped.
   */
  async connect(): Promise<MessagePort> {
    if (this.death) throw this.deathError();
    const { port1, port2 } = new MessageChannel();
    const id = this.nextId++;
    const taken = new Promise<void>((resolve, reject) => this.connecting.set(id, { resolve, reject }));
    this.worker.postMessage({ type: 'connect', id, port: port2 } satisfies ToWriterThread, [port2]);
    await taken;
    return port1;
  }

  /** Rolls back what nobody committed, closes the database and ends the thread. */
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies ToWriterThread);
    const timeout = setTimeout(() => void this.worker.terminate(), 10_000);
    await this.exited;
    clearTimeout(timeout);
  }

  private deathError(): Error {
    return new Error(`the writer thread stopped (${this.death?.message ?? 'unknown reason'})`);
  }
}
