// The writer thread: owns the database connection that stores events, so SQLite's work overlaps with
// reading and parsing (issue 7). Each reader (the ingest thread, a parse worker) talks to it over a
// MessagePort of its own; messages are handled in order, one at a time. All readers share one
// transaction: a reader's `commit` makes durable every row added so far (its own and the others'),
// with that reader's resume point. When a transaction fails, every reader is told so on its next
// commit and its rows are dropped until it sends `reset`: nobody moves a resume point past rows that
// were lost, and nobody keeps using classification or text numbers resolved inside the lost transaction.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { LinesCount, SuccessCount } from './batch-writer.js';
import type { PackedRows } from './row-packer.js';
import { EventWriter, PackedNames, type SourceProgress } from './writer.js';
import { defaultCatalog } from '../catalog/default-catalog.js';
import { createClassifier } from '../classify/create-classifier.js';

/** From a reader, on its port. */
export type ToWriter =
  | { type: 'rows'; packed: PackedRows }
  | { type: 'commit'; id: number; progress: SourceProgress | null; successes: SuccessCount[]; lines: LinesCount[]; now: number }
  | { type: 'reset'; id: number };

export type FromWriter =
  | { type: 'committed'; id: number; added: number; duplicates: number }
  | { type: 'failed'; id: number; message: string; code: string | null }
  | { type: 'done'; id: number };

/** From the thread that started the writer, on the worker's own port. */
export type ToWriterThread = { type: 'connect'; id: number; port: MessagePort } | { type: 'close' };
/** The writer holds the port of `connect` number `id`: its death now closes it. */
export type FromWriterThread = { type: 'connected'; id: number };

export interface WriterData {
  dbPath: string;
  runId: number;
  busyTimeoutMs: number;
}

interface Reader {
  port: MessagePort;
  /** Why this reader's rows are being dropped (a transaction with its rows failed); null when fine. */
  failure: { message: string; code: string | null } | null;
  /** This reader's classification and text numbers (each reader's RowPacker numbers its own). */
  names: PackedNames;
}

if (parentPort) {
  const parent = parentPort;
  const { dbPath, runId, busyTimeoutMs } = workerData as WriterData;
  const db = new Database(dbPath);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('synchronous = NORMAL');
  // 2 MB of page cache: the event indexes grow at their right edge, so their hot pages are few; the
  // reply-text index is the one read at random. 16 MB cost 12 MB more peak RSS and no time measurable
  // on a shared VM (200 MB Exim logs, 8 and 4 MB two runs each: issue 7); 2 MB against 4 MB, the
  // 200 MB mainlog peaked at 143-146 MB against 146-154 MB, in the same time within noise.
  db.pragma('cache_size = -2000');
  // No foreign-key checks on this connection: every id it writes (source, run, kind, text) was
  // looked up or inserted by this writer in the same transaction, and the four parent lookups per
  // event cost a quarter of the insert time (issue 7). The schema still declares the keys.
  db.pragma('foreign_keys = OFF');
  // Checkpoint the WAL into the database less often than every 1000 pages: each checkpoint rewrites
  // the hot index pages, so fewer, larger checkpoints write less in all.
  db.pragma('wal_autocheckpoint = 2000');
  // The writer classifies first sightings only (src/ingest/read-input.ts): a cache would keep texts that
  // are rarely asked for again, in a heap capped at 32 MB (src/store/writer-thread.ts).
  const writer = new EventWriter(db, runId, createClassifier(defaultCatalog(), { cacheSize: 2_000 }));
  const readers = new Set<Reader>();

  /** The open transaction failed: roll it back; every reader learns it on its next commit. */
  const fail = (err: unknown) => {
    writer.rollback();
    const failure = { message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code ?? null };
    for (const r of readers) r.failure ??= failure;
  };

  const serve = (port: MessagePort) => {
    const reader: Reader = { port, failure: null, names: new PackedNames() };
    readers.add(reader);
    port.on('close', () => readers.delete(reader));
    port.on('message', (msg: ToWriter) => {
      switch (msg.type) {
        case 'rows':
          if (reader.failure) return;
          try {
            writer.addPacked(msg.packed, reader.names);
          } catch (err) {
            fail(err);
          }
          return;
        case 'commit': {
          if (!reader.failure) {
            try {
              if (!writer.inBatch) writer.begin();
              for (const s of msg.successes) writer.success(s.hour, s.host, s.format, s.direction, s.count);
              for (const l of msg.lines) writer.lines(l.hour, l.host, l.format, l);
              const result = writer.commit(msg.progress, msg.now);
              port.postMessage({ type: 'committed', id: msg.id, ...result } satisfies FromWriter);
              return;
            } catch (err) {
              fail(err);
            }
          }
          port.postMessage({ type: 'failed', id: msg.id, ...reader.failure! } satisfies FromWriter);
          return;
        }
        case 'reset':
          // Only this reader's state: another reader's rows in the open transaction stay. Its packer
          // starts numbering afresh, and so do we.
          reader.failure = null;
          reader.names = new PackedNames();
          port.postMessage({ type: 'done', id: msg.id } satisfies FromWriter);
          return;
      }
    });
  };

  parent.on('message', (msg: ToWriterThread) => {
    if (msg.type === 'connect') {
      serve(msg.port);
      parent.postMessage({ type: 'connected', id: msg.id } satisfies FromWriterThread);
    }
    else if (msg.type === 'close') {
      // Rows nobody committed belong to readers that stopped without committing: they are dropped.
      writer.rollback();
      db.close();
      for (const r of readers) r.port.close();
      parent.close();
    }
  });
}
