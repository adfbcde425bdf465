// A log written to a temporary directory and analyzed into a fresh database there, through the CLI as a
// user runs it: for report tests that need the analyzer's real rows from a few lines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { run } from './cli.js';

export interface AnalyzedLog {
  dir: string;
  db: string;
  remove(): void;
}

/**
 * Writes `lines` (a newline after each) to `dir/<name>` and runs `maillens analyze -q` on it (with `args`,
 * such as `--host`); fails the test if analyze does.
 */
export async function analyzedLog(
  name: string,
  lines: readonly string[],
  options: { now: Date; env?: Record<string, string>; args?: readonly string[] },
): Promise<AnalyzedLog> {
  const dir = mkdtempSync(join(tmpdir(), `maillens-${name}-`));
  const db = join(dir, 'm.db');
  const log = join(dir, name);
  writeFileSync(log, lines.map((l) => `${l}\n`).join(''));
  expect((await run(['analyze', '-q', '--db', db, ...(options.args ?? []), log], options)).code).toBe(0);
  return { dir, db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
