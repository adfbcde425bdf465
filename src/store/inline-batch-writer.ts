import type { LinesCount, SuccessCount } from './batch-writer.js';
import type { Db } from './open.js';
import { PackingBatchWriter } from './packing-batch-writer.js';
import type { Classifier } from '../classify/create-classifier.js';
import { EventWriter, PackedNames, type BatchResult, type SourceProgress } from './writer.js';

/** Rows packed before they go to the store: as many as one multi-row INSERT takes. */
const ROWS_PER_PACK = 200;

/**
 * The store in the ingest thread itself: for :memory: databases, tests, and hosts without worker
 * threads. Rows go through the same packing as to the writer thread, so both store the same.
 */
export class InlineBatchWriter extends PackingBatchWriter {
  private readonly writer: EventWriter;
  private names = new PackedNames();
  /**
   * Why the batch failed: rows are then dropped until reset (as the writer thread does), and the next
   * commit reports it. `add` never throws: its caller is in the middle of parsing a line.
   */
  private failure: unknown = null;

  /** The store is this thread: it classifies what is left to it at once. */
  readonly behind: boolean = false;

  constructor(
    db: Db,
    runId: number,
    private readonly now: () => number,
    classifier: Classifier,
  ) {
    super(ROWS_PER_PACK);
    this.writer = new EventWriter(db, runId, classifier);
  }

  success(c: SuccessCount): void {
    if (this.failure) return;
    if (!this.writer.inBatch) this.writer.begin();
    this.writer.success(c.hour, c.host, c.format, c.direction, c.count);
  }

  lines(c: LinesCount): void {
    if (this.failure) return;
    if (!this.writer.inBatch) this.writer.begin();
    this.writer.lines(c.hour, c.host, c.format, c);
  }

  async commit(progress: SourceProgress | null): Promise<BatchResult> {
    if (this.failure) throw this.failure;
    try {
      this.send();
      if (!this.writer.inBatch) this.writer.begin();
      return this.writer.commit(progress, this.now());
    } catch (err) {
      this.fail(err);
      throw err;
    }
  }

  async reset(): Promise<void> {
    this.writer.rollback();
    this.packer.reset();
    this.names = new PackedNames();
    this.failure = null;
  }

  async close(): Promise<void> {
    this.writer.rollback();
  }

  protected store(): void {
    if (this.failure) {
      this.packer.take(); // dropped until reset
      return;
    }
    try {
      this.send();
    } catch (err) {
      this.fail(err);
    }
  }

  private send(): void {
    if (this.packer.size > 0) this.writer.addPacked(this.packer.take(), this.names);
  }

  private fail(err: unknown): void {
    this.writer.rollback();
    this.failure = err;
  }
}
