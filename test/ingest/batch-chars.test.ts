// Rows wait for the writer as serialized copies outside any heap limit: a log of long replies must be
// committed in smaller batches than the event count alone would give, so memory stays flat (issue 7).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { readInput } from '../../src/ingest/read-input.js';
import { InlineBatchWriter } from '../../src/store/inline-batch-writer.js';
import { eximReadJob } from '../helpers/read-job.js';
import { openDatabase } from '../../src/store/open.js';
import type { BatchResult, SourceProgress } from '../../src/store/writer.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-batch-chars-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class CountingWriter extends InlineBatchWriter {
  commits = 0;
  override async commit(progress: SourceProgress | null): Promise<BatchResult> {
    if (progress) this.commits++;
    return super.commit(progress);
  }
}

async function commitsFor(name: string, replyChars: number, events: number): Promise<{ commits: number; stored: number }> {
  const lines: string[] = [];
  for (let i = 0; i < events; i++) {
    const t = `2024-11-26 ${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const words = `policy ${i} `.padEnd(replyChars, 'x');
    lines.push(`${t} H=(client${i}.example) [203.0.113.${(i % 250) + 1}] F=<a${i}@example.org> rejected RCPT <b@example.net>: ${words}`);
  }
  const file = join(dir, `${name}.log`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const db = openDatabase(join(dir, `${name}.db`));
  const runId = Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx', 'running')").run().lastInsertRowid);
  const sourceId = Number(db.prepare("INSERT INTO sources (host, path, format, updated_at) VALUES ('mx', 'x', 'exim', 0)").run().lastInsertRowid);
  const writer = new CountingWriter(db, runId, () => 0, createClassifier(defaultCatalog()));
  const job = eximReadJob(file, sourceId, 20_000, 200_000);
  const result = await readInput(job, null, writer, { now: () => 0, aborted: () => false });
  db.close();
  return { commits: writer.commits, stored: result.events };
}

describe('batch size', () => {
  it('commits a batch of long replies before its event count is reached, and stores every event', async () => {
    // 3,000 replies of 1,900 characters: 5.7 M characters, over the 4 M a batch may hold
    const long = await commitsFor('long', 1900, 3000);
    expect(long.stored).toBe(3000);
    expect(long.commits).toBeGreaterThanOrEqual(2);
    // the same number of short replies: one batch
    const short = await commitsFor('short', 80, 3000);
    expect(short.stored).toBe(3000);
    expect(short.commits).toBe(1);
  });
});
