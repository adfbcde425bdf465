// --fail-on: parsing (clear one-line usage errors) and crossing, on a hand-made model.
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { checkThresholds, parseThresholds } from '../../src/report/thresholds.js';
import { UserError } from '../../src/util/errors.js';

function model(): ReportModel {
  const totals = (direction: 'inbound' | 'outbound' | 'all', refusals: number, successes: number) => ({
    direction,
    refusals,
    successes,
    rejectionRate: refusals / (refusals + successes),
    previousRefusals: null,
    previousSuccesses: null,
    previousRejectionRate: null,
    change: null,
    changeRatio: null,
  });
  const row = { share: null, previous: null, change: null, changeRatio: null };
  return {
    totals: [totals('inbound', 190, 600), totals('outbound', 10, 200), totals('all', 200, 800)],
    categories: [
      { category: 'rbl', meaning: '', count: 154, inbound: 150, outbound: 4, ...row },
      { category: 'auth', meaning: '', count: 46, inbound: 46, outbound: 0, ...row },
    ],
    classes: [{ class: 'permanent', count: 200, inbound: 190, outbound: 10, ...row }],
  } as unknown as ReportModel;
}

const messages = (spec: string[]) => checkThresholds(model(), parseThresholds(spec)).map((c) => c.message);

describe('--fail-on', () => {
  it('reports each crossed threshold in the documented wording', () => {
    expect(messages(['rbl>100'])).toEqual(['rbl = 154 > 100']);
    expect(messages(['rbl>154'])).toEqual([]);
    expect(messages(['rbl>=154'])).toEqual(['rbl = 154 >= 154']);
    expect(messages(['permanent>150,auth>50', 'rate>15%'])).toEqual(['permanent = 200 > 150', 'rate = 20.0% > 15%']);
    expect(messages(['outbound.rbl>0', 'inbound.rate>25%', 'outbound.rate>1%'])).toEqual(['outbound.rbl = 4 > 0', 'outbound.rate = 4.8% > 1%']);
    expect(messages(['success<1000', 'refusals>199'])).toEqual(['success = 800 < 1000', 'refusals = 200 > 199']);
  });
  it('counts a category that did not occur as 0', () => {
    expect(messages(['virus>0'])).toEqual([]);
    expect(messages(['virus<1'])).toEqual(['virus = 0 < 1']);
  });
  it('accepts spaces and upper case', () => {
    expect(messages([' RBL > 100 '])).toEqual(['rbl = 154 > 100']);
  });
  it.each([
    ['rbl', /expected NAME>LIMIT/],
    ['rbl>', /expected NAME>LIMIT/],
    ['rbl=>5', /expected NAME>LIMIT/],
    ['rbll>5', /unknown name "rbll"/],
    ['rate>5', /rate>5%/],
    ['rate>150%', /over 100%/],
    ['rbl>5%', /only rate takes a percentage/],
    ['sideways.rbl>5', /unknown direction/],
  ])('%s is a usage error with a one-line message', (spec, message) => {
    let err: unknown;
    try {
      parseThresholds([spec]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).toMatch(message);
    expect((err as UserError).message).not.toContain('\n');
  });
});
