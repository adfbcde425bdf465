// The bench's --repeat figures (bench/rounds.ts): a stage's ratio to the baseline pairs the two
// measurements of one round, so a host that slows down between rounds does not skew it.
import { describe, expect, it } from 'vitest';
import type { Measured } from '../../bench/measure.js';
import { combineRounds } from '../../bench/rounds.js';
import { checkTargets } from '../../bench/targets.js';

const m = (stage: string, seconds: number, maxRssKiB = 1000): Measured => ({ stage, seconds, wallSeconds: seconds, bytes: 1, lines: 1, events: 1, maxRssKiB });

describe('combineRounds', () => {
  it('pairs the baseline and a stage of the same round, not the medians of each', () => {
    // The host runs at full speed in round 1, at half speed in round 2 and a third in round 3: in every
    // round analyze takes twice the baseline.
    const rounds = [1, 2, 3].map((slow) => [m('split2', 2 * slow), m('analyze', 4 * slow)]);
    // A slow round for the baseline and a fast one for analyze would give the medians' ratio anything.
    rounds[1] = [m('split2', 9), m('analyze', 18)];
    const [split2, analyze] = combineRounds(rounds);
    expect(split2!.seconds).toBe(6); // median of 2, 9, 6
    expect(analyze!.seconds).toBe(12); // median of 4, 18, 12
    expect(analyze!.vsBaseline).toBe(0.5);
    expect(split2!.vsBaseline).toBe(1);
  });

  it('takes the lower of the two middle ratios for an even count, and the highest peak RSS', () => {
    const rounds = [
      [m('split2', 2, 10), m('analyze', 4, 500)],
      [m('split2', 3, 10), m('analyze', 4, 700)],
    ];
    const [, analyze] = combineRounds(rounds);
    expect(analyze!.vsBaseline).toBe(0.5);
    expect(analyze!.maxRssKiB).toBe(700);
  });

  it('refuses rounds whose stages are not in the same order', () => {
    expect(() => combineRounds([[m('split2', 1), m('analyze', 2)], [m('analyze', 2), m('split2', 1)]])).toThrow(/round 2/);
  });

  it('is what the target check judges', () => {
    // The medians (split2 3 s, analyze 5 s) would pass at 0.60×; the rounds' own ratios are 0.60, 0.20
    // and 0.43: the median 0.43 fails.
    const rounds = [
      [m('split2', 3), m('analyze', 5)],
      [m('split2', 1), m('analyze', 5)],
      [m('split2', 3), m('analyze', 7)],
    ];
    const stages = combineRounds(rounds);
    const checks = checkTargets([{ format: 'hmailserver', noEvents: false, runs: [{ label: 'full', file: 'x', bytes: 1, stages }] }]);
    const speed = checks.find((c) => c.target.startsWith('analyze vs'))!;
    expect(speed.value).toBe('0.43×');
    expect(speed.status).toBe('FAIL');
  });
});
