import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Why a pattern named nothing (the run summary lists such a pattern by it: src/ingest/summary.ts). */
export const NO_MATCH = 'no file matches this pattern';

export interface InputSpec {
  /** '-' for stdin, else an absolute path. */
  path: string;
  /** What the user typed (for messages). */
  given: string;
}

export interface ResolvedInputs {
  inputs: InputSpec[];
  /** Patterns or paths that named nothing, with the reason (reported, not fatal for the others). */
  missing: { given: string; reason: string }[];
}

/**
 * Expands the command line's inputs: `-` (stdin), plain paths, and glob patterns the shell did not
 * expand (quoted in a crontab: `'/var/log/exim4/rejectlog*'`). Files of one rotation set are ordered
 * oldest first (`rejectlog.2.gz`, `rejectlog.1`, `rejectlog`) so that state carried from line to line
 * (Exim deferrals before a "retry timeout exceeded") flows in time order. Each file is named once.
 */
export function resolveInputs(given: readonly string[], cwd: string): ResolvedInputs {
  const inputs: InputSpec[] = [];
  const missing: ResolvedInputs['missing'] = [];
  const seen = new Set<string>();
  const add = (path: string, from: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    inputs.push({ path, given: from });
  };
  const plain: InputSpec[] = [];
  for (const item of given) {
    if (item === '-') {
      add('-', '-');
      continue;
    }
    const abs = resolve(cwd, item);
    if (hasGlob(basename(item))) {
      const matches = expandGlob(abs);
      if (matches.length === 0) missing.push({ given: item, reason: NO_MATCH });
      for (const m of sortRotation(matches)) add(m, item);
    } else {
      plain.push({ path: abs, given: item });
    }
  }
  // Plain paths keep the user's order, except that a rotation set the shell expanded
  // alphabetically (rejectlog rejectlog.1 rejectlog.2.gz) is read oldest first.
  const order = sortRotation(plain.map((p) => p.path));
  for (const path of order) add(path, plain.find((p) => p.path === path)!.given);
  return { inputs, missing };
}

function hasGlob(name: string): boolean {
  return /[*?[]/.test(name);
}

function expandGlob(absPattern: string): string[] {
  const dir = dirname(absPattern);
  const re = globToRegExp(basename(absPattern));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n))
    .map((n) => join(dir, n))
    .filter((p) => {
      try {
        return !statSync(p).isDirectory();
      } catch {
        return false;
      }
    });
}

function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`${re}$`);
}

/**
 * logrotate names: `name`, `name.1`, `name.2.gz`, `name-20241122`, `name-20241122.gz`. Within one base
 * name the oldest comes first: the highest number, or the earliest date, then the live file last.
 * Other files keep their relative order.
 */
export function sortRotation(paths: readonly string[]): string[] {
  const keyed = paths.map((path, index) => ({ path, index, ...rotationKey(path) }));
  const firstIndexOfBase = new Map<string, number>();
  for (const k of keyed) if (!firstIndexOfBase.has(k.base)) firstIndexOfBase.set(k.base, k.index);
  keyed.sort((a, b) => {
    const ga = firstIndexOfBase.get(a.base)!;
    const gb = firstIndexOfBase.get(b.base)!;
    if (ga !== gb) return ga - gb;
    return b.age - a.age || a.index - b.index;
  });
  return keyed.map((k) => k.path);
}

function rotationKey(path: string): { base: string; age: number } {
  const noGz = path.replace(/\.(gz|z)$/i, '');
  const numbered = /^(.*)\.(\d{1,4})$/.exec(noGz);
  if (numbered) return { base: numbered[1]!, age: Number(numbered[2]) };
  const dated = /^(.*)-(\d{8})$/.exec(noGz);
  // Dated rotations: older date = older file; the live file (no suffix) is the newest (age 0).
  if (dated) return { base: dated[1]!, age: 1e9 - Number(dated[2]) / 100 };
  return { base: noGz, age: 0 };
}
