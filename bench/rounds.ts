// Turning repeated measurements into one figure per stage (bench/run.ts).
import type { Measured } from './measure.js';

/** The run with the median time (the faster of the middle two for an even count), with the highest peak RSS of all. */
export function medianOf(all: readonly Measured[]): Measured {
  const sorted = [...all].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { ...median, maxRssKiB: Math.max(...all.map((m) => m.maxRssKiB)) };
}

/**
 * One figure per stage from rounds of the same stages, each round in the same order: the median run
 * (medianOf), and `vsBaseline`, the median over rounds of the read+split2 baseline's time divided by
 * the stage's time in the same round. The host's speed drifts by tens of percent within minutes
 * (bench/README.md): a ratio of two measurements taken seconds apart is what survives that drift.
 */
export function combineRounds(rounds: readonly (readonly Measured[])[]): Measured[] {
  const first = rounds[0] ?? [];
  return first.map((stage, i) => {
    const runs = rounds.map((r) => {
      const m = r[i];
      if (!m || m.stage !== stage.stage) throw new Error(`bench: round ${rounds.indexOf(r) + 1} does not have ${stage.stage} at place ${i + 1}`);
      return m;
    });
    const ratios = rounds.flatMap((r) => {
      const baseline = r.find((m) => m.stage === 'split2');
      return baseline ? [baseline.seconds / r[i]!.seconds] : [];
    });
    const combined = medianOf(runs);
    if (ratios.length === 0) return combined;
    // the lower middle of an even count: never the more flattering of the two
    const sorted = ratios.sort((a, b) => a - b);
    return { ...combined, vsBaseline: sorted[Math.floor((sorted.length - 1) / 2)]! };
  });
}
