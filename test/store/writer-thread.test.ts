// The writer thread must never leave a run waiting forever: a writer that cannot start (its database
// cannot be opened) or that stops makes connect() and every pending commit fail with the reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open.js';
import { PortBatchWriter } from '../../src/store/port-batch-writer.js';
import { WriterThread } from '../../src/store/writer-thread.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-writer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WriterThread', () => {
  const script = WriterThread.script();

  it('is compiled (npm test builds it)', () => {
    expect(script).not.toBeNull();
  });

  it('rejects connect() when its database cannot be opened, instead of leaving the reader waiting', async () => {
    const thread = new WriterThread(script!, { dbPath: join(dir, 'no-such-dir', 'x.db'), runId: 1, busyTimeoutMs: 100 });
    await expect(thread.connect()).rejects.toThrow(/the writer thread stopped \(.*(directory|open).*\)/i);
    await expect(thread.connect()).rejects.toThrow(/the writer thread stopped/);
    await thread.close();
  });

  it('commits through a connected port, and fails pending commits once it is closed', async () => {
    const path = join(dir, 'ok.db');
    const db = openDatabase(path);
    const runId = Number(db.prepare("INSERT INTO runs (started_at, command, host, status) VALUES (0, 'analyze', 'mx', 'running')").run().lastInsertRowid);
    db.close();
    const thread = new WriterThread(script!, { dbPath: path, runId, busyTimeoutMs: 1000 });
    const writer = new PortBatchWriter(await thread.connect(), () => 0);
    await expect(writer.commit(null)).resolves.toEqual({ added: 0, duplicates: 0 });
    await thread.close();
    await expect(writer.commit(null)).rejects.toThrow(/writer thread stopped/);
  });
});
