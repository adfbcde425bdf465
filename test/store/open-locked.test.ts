// A database another program holds locked (an admin's sqlite3 shell inside BEGIN EXCLUSIVE): one
// sentence that says so. Found in a user review: it said "another maillens run is using it" only, but analyze runs
// exclude each other with the run lock (exit 5): what holds SQLite's lock is mostly another program.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-locked-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase on a database locked by another program', () => {
  it('names the other program as the likely holder', () => {
    const path = join(dir, 'm.db');
    // a database maillens must still write to on opening (here: a new one to migrate); an existing WAL
    // database opens under another writer's lock and meets it at its first write instead
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      let message = '';
      try {
        openDatabase(path, { busyTimeoutMs: 50 }).close();
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^database .*m\.db is locked by another program/);
      expect(message).toMatch(/sqlite3 shell/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});
