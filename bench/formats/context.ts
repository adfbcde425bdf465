import type { LogWriter } from '../log-writer.js';
import type { Population } from '../population.js';
import type { RemoteReplies } from '../remote-replies.js';
import type { Rng } from '../rng.js';

/** What every format generator draws from. */
export interface GenContext {
  rng: Rng;
  pop: Population;
  replies: RemoteReplies;
}

/** Counts a generator keeps about what it wrote (checked by test/bench/generate.test.ts, shown by run.ts). */
export type GenStats = Record<string, number>;

/** Writes lines until the file holds at least `bytes` bytes, ending on a complete entry or session line. */
export type FormatGenerator = (w: LogWriter, ctx: GenContext, bytes: number) => GenStats;

export function bump(stats: GenStats, key: string, by = 1): void {
  stats[key] = (stats[key] ?? 0) + by;
}
