import type { BatchWriter, LinesCount, SuccessCount, WireRow } from './batch-writer.js';
import type { Db } from './open.js';
import { EventWriter, type BatchResult, type SourceProgress } from './writer.js';

/** The store in the ingest thread itself: for :memory: databases, tests, and hosts without worker threads. */
export class InlineBatchWriter implements BatchWriter {
  private readonly writer: EventWriter;

  constructor(
    db: Db,
    runId: number,
    private readonly now: () => number,
  ) {
    this.writer = new EventWriter(db, runId);
  }

  add(row: WireRow): void {
    this.writer.addWire(row);
  }

  success(c: SuccessCount): void {
    if (!this.writer.inBatch) this.writer.begin();
    this.writer.success(c.hour, c.host, c.format, c.direction, c.count);
  }

  lines(c: LinesCount): void {
    if (!this.writer.inBatch) this.writer.begin();
    this.writer.lines(c.hour, c.host, c.format, c);
  }

  async commit(progress: SourceProgress | null): Promise<BatchResult> {
    if (!this.writer.inBatch) this.writer.begin();
    return this.writer.commit(progress, this.now());
  }

  async reset(): Promise<void> {
    this.writer.rollback();
  }

  async close(): Promise<void> {
    this.writer.rollback();
  }
}
