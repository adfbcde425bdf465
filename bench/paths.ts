import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this module with maillens' package.json. Works from
 * bench/*.ts (vitest) and from dist/bench/*.js (npm run bench) alike.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"maillens"/.test(readFileSync(pkg, 'utf8'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the maillens repository root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Where generated logs are cached between runs (git-ignored). */
export function cacheDir(): string {
  return join(repoRoot(), 'bench', '.cache');
}

/** The labeled replies the generator draws remote replies from: $MAILLENS_CORPUS, else fixtures/corpus (a copy of ../shared/corpus). */
export function defaultCorpusPath(): string {
  return process.env.MAILLENS_CORPUS ? resolve(process.env.MAILLENS_CORPUS) : resolve(repoRoot(), 'fixtures', 'corpus', 'labeled-replies.tsv');
}
