import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder holding package.json, catalog/ and migrations/. Code runs from src/ (tests) or from
 * dist/src/ (the built CLI), so walk up instead of assuming a depth.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'maillens') return (root = dir);
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the maillens package root (package.json)');
    dir = parent;
  }
}

/**
 * maillens' own version, from its package.json. Given to yargs, which would otherwise look for a
 * package.json from the working directory up and print another project's version, or "unknown".
 */
export function packageVersion(): string {
  return String(JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).version);
}

/** `--db` default: $MAILLENS_DB, else $XDG_DATA_HOME/maillens/maillens.db (XDG base directory spec). */
export function defaultDbPath(env: Record<string, string | undefined>): string {
  if (env.MAILLENS_DB) return env.MAILLENS_DB;
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'maillens', 'maillens.db');
}

/**
 * The real log lines, labeled replies and format notes the tests and tools are built on: copies of
 * ../shared/corpus kept in fixtures/corpus (provenance in fixtures/README.md), so a clean clone is
 * self-contained.
 */
export function corpusFile(name: string): string {
  return join(projectRoot(), 'fixtures', 'corpus', name);
}

/** The seed documents the catalog was made from (copies in fixtures/seeds). */
export function seedsDir(): string {
  return join(projectRoot(), 'fixtures', 'seeds');
}
