import type { Classification } from '../classify/types.js';
import type { ReplyEvent } from '../model/event.js';
import type { Direction } from '../model/labels.js';
import type { BatchResult, LineCounts, SourceProgress } from './writer.js';

/**
 * One event as ingest hands it to the store (packed by RowPacker.add): the source, the format, the
 * event, its time, its validated codes, how the codes were found, its classification (null: the store
 * classifies it), and the twin hash or null.
 */
export type AddEvent = (
  sourceId: number,
  format: string,
  event: ReplyEvent,
  ts: number,
  code: number | null,
  enhanced: string | null,
  codeSource: string,
  c: Classification | null,
  twin: number | null,
) => void;

export interface SuccessCount {
  hour: number;
  host: string;
  format: string;
  direction: Direction;
  count: number;
}

export interface LinesCount extends LineCounts {
  hour: number;
  host: string;
  format: string;
}

/**
 * Where ingest puts events: a batch collects rows, success and line counts, and `commit` makes them
 * durable together with the source's resume point. Commits are asynchronous (the writer thread works
 * while the next batch is parsed) but happen in order; a failed batch rejects its promise and leaves
 * nothing of itself behind.
 */
export interface BatchWriter {
  add: AddEvent;
  /**
   * True while the store is behind (a request not answered yet): ingest then classifies first sightings
   * of a text itself, which it otherwise leaves to the store (src/ingest/read-input.ts).
   */
  readonly behind: boolean;
  success(count: SuccessCount): void;
  lines(count: LinesCount): void;
  commit(progress: SourceProgress | null): Promise<BatchResult>;
  /** Forget a failed input's state so the next input starts clean. */
  reset(): Promise<void>;
  close(): Promise<void>;
}
