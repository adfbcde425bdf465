import type Database from 'better-sqlite3';
import type { LogFormat } from '../model/labels.js';

export interface SourceRow {
  id: number;
  host: string;
  path: string;
  format: LogFormat | null;
  device: number | null;
  inode: number | null;
  fp_len: number;
  fp_hash: string | null;
  offset: number;
  line: number;
  high_water: number;
  size_seen: number;
  tail_hash: string | null;
}

export interface SourceIdentity {
  host: string;
  path: string;
  device: number | null;
  inode: number | null;
  head: Buffer;
}

type Hasher = (head: Buffer, length: number) => string;

/**
 * Finds the source a file continues: the same first bytes (fingerprint) on the same host. A file
 * renamed by logrotate (rejectlog → rejectlog.1), or compressed (→ rejectlog.2.gz), keeps its first
 * bytes and so its source and offset; a new or copytruncate'd file starts with other bytes and is a new
 * source. Fingerprints of files that were shorter than FINGERPRINT_BYTES when first seen cover fewer
 * bytes: each stored length is tried.
 */
export function findSource(
  db: Database.Database,
  id: SourceIdentity,
  hash: Hasher,
  /** Whether the file really continues this candidate (its content checks, src/ingest/plan-input.ts). */
  accept: (candidate: SourceRow) => boolean = () => true,
): SourceRow | null {
  const lengths = db
    .prepare('SELECT DISTINCT fp_len FROM sources WHERE host = ? AND fp_hash IS NOT NULL AND fp_len <= ? ORDER BY fp_len DESC')
    .pluck()
    .all(id.host, id.head.length) as number[];
  const byHash = db.prepare('SELECT * FROM sources WHERE host = ? AND fp_len = ? AND fp_hash = ? ORDER BY updated_at DESC, id DESC');
  for (const length of lengths) {
    if (length === 0) continue;
    const candidates = byHash.all(id.host, length, hash(id.head, length)) as SourceRow[];
    if (candidates.length === 0) continue;
    // Several sources can share a fingerprint (tiny files, copies, a file rewritten in place): the same
    // inode first, then the newest, and the first the file really continues.
    const sameFile = (c: SourceRow) => c.inode === id.inode && c.device === id.device;
    const ordered = [...candidates.filter(sameFile), ...candidates.filter((c) => !sameFile(c))];
    return ordered.find(accept) ?? null;
  }
  return null;
}

export function createSource(
  db: Database.Database,
  id: SourceIdentity,
  format: LogFormat,
  fpLen: number,
  fpHash: string | null,
  runId: number,
  now: number,
): SourceRow {
  const info = db
    .prepare(
      `INSERT INTO sources (host, path, format, device, inode, fp_len, fp_hash, first_run_id, last_run_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id.host, id.path, format, id.device, id.inode, fpLen, fpHash, runId, runId, now);
  return db.prepare('SELECT * FROM sources WHERE id = ?').get(info.lastInsertRowid) as SourceRow;
}

/** A file that was short when first seen has grown: its fingerprint now covers more bytes. */
export function widenFingerprint(db: Database.Database, sourceId: number, fpLen: number, fpHash: string, inode: number | null, device: number | null): void {
  db.prepare('UPDATE sources SET fp_len = ?, fp_hash = ?, inode = ?, device = ? WHERE id = ?').run(fpLen, fpHash, inode, device, sourceId);
}

/** --rescan: read from the start again. high_water stays, so lines and successes are not counted twice. */
export function rewindSource(db: Database.Database, sourceId: number): void {
  db.prepare('UPDATE sources SET offset = 0, line = 0 WHERE id = ?').run(sourceId);
}
