import type { Direction } from '../model/labels.js';
import type { BatchResult, LineCounts, SourceProgress } from './writer.js';

/**
 * One event as ingest hands it to the store: kind and reply text spelled out (the store interns them),
 * every string a plain value (it may cross to the writer thread). Order of WIRE_FIELDS.
 */
export type WireRow = [
  sourceId: number,
  byteOffset: number,
  seq: number,
  line: number,
  runId: number,
  ts: number,
  format: string,
  direction: string,
  stage: string,
  code: number | null,
  enhanced: string | null,
  codeSource: string,
  klass: string,
  category: string,
  rule: string,
  blocklist: string | null,
  clientIp: string | null,
  helo: string | null,
  sender: string | null,
  recipient: string | null,
  server: string | null,
  messageId: string | null,
  text: string,
  twin: number | null,
];

/** Values per WireRow (rows cross to the writer thread laid end to end in one flat array). */
export const WIRE_WIDTH = 24;

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
  add(row: WireRow): void;
  success(count: SuccessCount): void;
  lines(count: LinesCount): void;
  commit(progress: SourceProgress | null): Promise<BatchResult>;
  /** Forget a failed input's state so the next input starts clean. */
  reset(): Promise<void>;
  close(): Promise<void>;
}
