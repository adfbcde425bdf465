// A ReadJob for tests that call readInput directly: an Exim file read from its start, in one run.
import type { ReadJob } from '../../src/ingest/read-input.js';

export function eximReadJob(file: string, sourceId: number, batchEvents: number, batchLines: number): ReadJob {
  return {
    result: { given: file, path: file, status: 'read', format: null, message: null, startOffset: 0, endOffset: 0, lines: 0, matched: 0, skipped: 0, oversized: 0, events: 0, duplicates: 0, continuedFrom: null },
    sourceId,
    format: 'exim',
    offset: 0,
    line: 0,
    highWater: 0,
    prunedBefore: null,
    compressed: false,
    final: true,
    sizeSeen: 0,
    progressTotal: null,
    fallbackTime: 0,
    host: 'mx',
    batchEvents,
    batchLines,
  };
}
