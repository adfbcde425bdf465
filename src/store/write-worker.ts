// The writer thread: owns the database connection that stores events, so SQLite's work overlaps with
// reading and parsing in the main thread (issue 7). Messages are handled in order, one at a time;
// each `commit` is one transaction (events, aggregates, counts and resume point together) and is
// answered with its result or its error. After an error the thread drops rows until `reset`.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { LinesCount, SuccessCount } from './batch-writer.js';
import type { PackedRows } from './row-packer.js';
import { EventWriter, type SourceProgress } from './writer.js';

export type ToWriter =
  | { type: 'rows'; packed: PackedRows }
  | { type: 'commit'; id: number; progress: SourceProgress | null; successes: SuccessCount[]; lines: LinesCount[]; now: number }
  | { type: 'reset'; id: number }
  | { type: 'close'; id: number };

export type FromWriter =
  | { type: 'committed'; id: number; added: number; duplicates: number }
  | { type: 'failed'; id: number; message: string; code: string | null }
  | { type: 'done'; id: number };

export interface WriterData {
  dbPath: string;
  runId: number;
  busyTimeoutMs: number;
}

if (parentPort) {
  const port = parentPort;
  const { dbPath, runId, busyTimeoutMs } = workerData as WriterData;
  const db = new Database(dbPath);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -16000');
  // No foreign-key checks on this connection: every id it writes (source, run, kind, text) was
  // looked up or inserted by this writer in the same transaction, and the four parent lookups per
  // event cost a quarter of the insert time (issue 7). The schema still declares the keys.
  db.pragma('foreign_keys = OFF');
  // Checkpoint the WAL into the database less often than every 1000 pages: each checkpoint rewrites
  // the hot index pages, so fewer, larger checkpoints write less in all.
  db.pragma('wal_autocheckpoint = 2000');
  const writer = new EventWriter(db, runId);
  let failure: { message: string; code: string | null } | null = null;

  port.on('message', (msg: ToWriter) => {
    switch (msg.type) {
      case 'rows':
        if (failure) return;
        try {
          writer.addPacked(msg.packed);
        } catch (err) {
          fail(err);
        }
        return;
      case 'commit': {
        if (failure) {
          port.postMessage({ type: 'failed', id: msg.id, ...failure } satisfies FromWriter);
          return;
        }
        try {
          if (!writer.inBatch) writer.begin();
          for (const s of msg.successes) writer.success(s.hour, s.host, s.format, s.direction, s.count);
          for (const l of msg.lines) writer.lines(l.hour, l.host, l.format, l);
          const result = writer.commit(msg.progress, msg.now);
          port.postMessage({ type: 'committed', id: msg.id, ...result } satisfies FromWriter);
        } catch (err) {
          fail(err);
          port.postMessage({ type: 'failed', id: msg.id, ...failure! } satisfies FromWriter);
        }
        return;
      }
      case 'reset':
        writer.rollback();
        failure = null;
        port.postMessage({ type: 'done', id: msg.id } satisfies FromWriter);
        return;
      case 'close':
        writer.rollback();
        db.close();
        port.postMessage({ type: 'done', id: msg.id } satisfies FromWriter);
        return;
    }
  });

  function fail(err: unknown): void {
    writer.rollback();
    failure = { message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code ?? null };
  }
}
