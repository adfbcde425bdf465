import type { Classification } from '../classify/types.js';
import type { ReplyEvent } from '../model/event.js';
import type { BatchWriter, LinesCount, SuccessCount } from './batch-writer.js';
import { RowPacker } from './row-packer.js';
import type { BatchResult, SourceProgress } from './writer.js';

/**
 * What both BatchWriters share: events are packed (src/store/row-packer.ts) and each full pack is
 * handed to `store`, in this thread (InlineBatchWriter) or over a port (PortBatchWriter).
 */
export abstract class PackingBatchWriter implements BatchWriter {
  protected readonly packer: RowPacker;

  constructor(rowsPerPack: number) {
    this.packer = new RowPacker(rowsPerPack);
  }

  add(
    sourceId: number,
    format: string,
    event: ReplyEvent,
    ts: number,
    code: number | null,
    enhanced: string | null,
    codeSource: string,
    c: Classification | null,
    twin: number | null,
  ): void {
    if (this.packer.add(sourceId, format, event, ts, code, enhanced, codeSource, c, twin)) this.store();
  }

  abstract readonly behind: boolean;
  /** Hands on the packed rows, if any; never throws (its caller is in the middle of a line). */
  protected abstract store(): void;
  abstract success(count: SuccessCount): void;
  abstract lines(count: LinesCount): void;
  abstract commit(progress: SourceProgress | null): Promise<BatchResult>;
  abstract reset(): Promise<void>;
  abstract close(): Promise<void>;
}
