// A parse worker: reads inputs (src/ingest/read-input.ts) in a thread of its own and sends their rows
// straight to the writer thread over the port it is given. The ingest thread plans each input and
// sends it here as a ReadJob; the answer is the input's result. Its heap is capped (resourceLimits in
// parse-pool.ts), which keeps the memory of a run flat whatever the size of the input (issue 7).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { PortBatchWriter } from '../store/port-batch-writer.js';
import { makeLookup } from './lookup.js';
import type { InputResult } from './ingest.js';
import { readInput, type ReadJob } from './read-input.js';

export interface ParseWorkerData {
  dbPath: string;
}

/** `port` (to the writer thread, src/store/write-worker.ts) comes first, once the writer holds its other end. */
export type ToParseWorker = { type: 'port'; port: MessagePort } | { type: 'read'; job: ReadJob; now: number } | { type: 'abort' } | { type: 'close' };
export type FromParseWorker = { type: 'progress'; bytesDone: number } | { type: 'result'; result: InputResult };

/** Progress messages at most this often. */
const PROGRESS_MS = 100;

if (parentPort) {
  const parent = parentPort;
  const { dbPath } = workerData as ParseWorkerData;
  let aborted = false;
  let clockBase = { at: performance.now(), now: Date.now() };
  // Times (resume-point updates, lines without a time on stdin) follow the ingest thread's clock.
  const now = () => Math.round(clockBase.now + (performance.now() - clockBase.at));
  let writer: PortBatchWriter | null = null;
  let reader: Database.Database | null = null;
  const lookupFor = (host: string) => {
    if (!reader) {
      reader = new Database(dbPath, { readonly: true, fileMustExist: true });
      // a deferral lookup reads a few pages of one index: 1 MB of cache, not SQLite's default 2
      reader.pragma('cache_size = -1000');
    }
    return makeLookup(reader, host);
  };

  parent.on('message', async (msg: ToParseWorker) => {
    if (msg.type === 'abort') {
      aborted = true;
      return;
    }
    if (msg.type === 'port') {
      writer = new PortBatchWriter(msg.port, now);
      return;
    }
    if (msg.type === 'close') {
      await writer?.close();
      reader?.close();
      parent.close();
      return;
    }
    clockBase = { at: performance.now(), now: msg.now };
    const job = msg.job;
    let lastProgress = 0;
    if (!writer) throw new Error('parse worker: a read before the port to the writer'); // ParseWorker sends the port first
    const w = writer;
    const result = await readInput(job, null, w, {
      now,
      aborted: () => aborted,
      onProgress: (bytesDone) => {
        const t = performance.now();
        if (t - lastProgress < PROGRESS_MS) return;
        lastProgress = t;
        parent.postMessage({ type: 'progress', bytesDone } satisfies FromParseWorker);
      },
      lookup: job.format === 'exim' ? lookupFor(job.host) : undefined,
    });
    // A failed input leaves the writer dropping this worker's rows: start clean for the next one.
    if (result.status === 'failed') await w.reset().catch(() => {});
    parent.postMessage({ type: 'result', result } satisfies FromParseWorker);
  });
}
