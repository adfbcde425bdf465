// `report --fail-on`: alert thresholds for cron. A threshold names a number of the report model and a
// limit; when the number crosses the limit the command exits with EXIT.threshold (4) and says which.
//
//   rbl>100            refusals of category rbl (any category id of LABELS.md)
//   permanent>500      refusals of class permanent (permanent, transient, info, unknown)
//   refusals>1000      all refusals
//   rate>5%            rejection rate, refused / (refused + accepted), in percent
//   success<100        accepted messages (mail stopped flowing?)
//   outbound.rbl>0     any of the above for one direction (inbound. / outbound. / local.; local
//                      deliveries have no rate and no success count)
// Operators > >= < <=. Several thresholds: comma-separated or the option repeated.
// In a shell, quote them: --fail-on 'rbl>100' (an unquoted > is a redirection).

import { CATEGORIES, DIRECTIONS, REPLY_CLASSES, type Direction } from '../model/labels.js';
import { EXIT, UserError } from '../util/errors.js';
import type { ReportModel } from './model.js';

export type Operator = '>' | '>=' | '<' | '<=';

export interface Threshold {
  /** As written (for messages). */
  text: string;
  direction: Direction | null;
  /** category id, class id, 'refusals', 'success' or 'rate' */
  name: string;
  op: Operator;
  /** a count, or a fraction for rate (5% → 0.05) */
  limit: number;
}

const SHAPE = /^(?:([a-z]+)\.)?([a-z_]+)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(%?)$/;
const COUNTED = new Set<string>([...CATEGORIES.filter((c) => c !== 'success'), ...REPLY_CLASSES.filter((c) => c !== 'success'), 'refusals', 'success']);
const HELP = 'expected NAME>LIMIT such as rbl>100, permanent>500, rate>5% or outbound.auth>0';

export function parseThresholds(values: ReadonlyArray<string>): Threshold[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map(parseThreshold);
}

function parseThreshold(text: string): Threshold {
  const fail = (why: string): never => {
    throw new UserError(`--fail-on ${JSON.stringify(text)}: ${why}`, EXIT.usage);
  };
  const m = SHAPE.exec(text.toLowerCase());
  if (!m) return fail(HELP);
  const [, dir, name, op, number, percent] = m as unknown as [string, string | undefined, string, Operator, string, string];
  if (dir !== undefined && !(DIRECTIONS as readonly string[]).includes(dir)) fail(`unknown direction "${dir}" (inbound, outbound or local)`);
  if (name === 'rate') {
    if (!percent) fail('the rejection rate is a percentage: write it as rate>5%');
    if (Number(number) > 100) fail('a rate cannot be over 100%');
    return { text, direction: (dir as Direction | undefined) ?? null, name, op, limit: Number(number) / 100 };
  }
  if (!COUNTED.has(name)) {
    fail(`unknown name "${name}": a category (${CATEGORIES.filter((c) => c !== 'success').join(', ')}), a class (permanent, transient, info, unknown), refusals, success or rate`);
  }
  if (percent) fail(`only rate takes a percentage; ${name} is a count`);
  return { text, direction: (dir as Direction | undefined) ?? null, name, op, limit: Number(number) };
}

/** The model's number a threshold looks at; null when the model does not know it (a run's successes). */
export function thresholdValue(model: ReportModel, t: Threshold): number | null {
  const totals = model.totals.find((row) => row.direction === (t.direction ?? 'all'))!;
  if (t.name === 'rate') return totals.rejectionRate;
  if (t.name === 'refusals') return totals.refusals;
  if (t.name === 'success') return totals.successes;
  const row = model.categories.find((c) => c.category === t.name) ?? model.classes.find((c) => c.class === t.name);
  if (!row) return 0;
  return t.direction === null ? row.count : row[t.direction];
}

export interface Crossing {
  threshold: Threshold;
  value: number;
  /** "rbl = 154 > 100" */
  message: string;
}

const crosses = (value: number, op: Operator, limit: number) =>
  op === '>' ? value > limit : op === '>=' ? value >= limit : op === '<' ? value < limit : value <= limit;

export function checkThresholds(model: ReportModel, thresholds: ReadonlyArray<Threshold>): Crossing[] {
  const out: Crossing[] = [];
  for (const t of thresholds) {
    const value = thresholdValue(model, t);
    if (value === null || !crosses(value, t.op, t.limit)) continue;
    const name = t.direction ? `${t.direction}.${t.name}` : t.name;
    const shown = t.name === 'rate' ? `${formatRate(value * 100, t.limit * 100)}% ${t.op} ${formatLimit(t.limit * 100)}%` : `${value} ${t.op} ${formatLimit(t.limit)}`;
    out.push({ threshold: t, value, message: `${name} = ${shown}` });
  }
  return out;
}

/**
 * Thresholds the model has no number for, each as a one-line notice: a rate where no accepted mail was
 * counted (a host read through its Exim rejectlog alone, or a period that accepted nothing). Said, not
 * silently skipped: a cron job set to `rate>5%` would otherwise never fire and never say why.
 */
export function uncheckedThresholds(model: ReportModel, thresholds: ReadonlyArray<Threshold>): string[] {
  return thresholds
    .filter((t) => thresholdValue(model, t) === null)
    .map((t) => {
      const name = t.direction ? `${t.direction}.${t.name}` : t.name;
      const why = t.direction === 'local' && (t.name === 'rate' || t.name === 'success')
        ? `deliveries on this host are logged as such only when they fail, so they have no ${t.name === 'rate' ? 'rate' : 'count of successes'}`
        : t.name === 'rate' ? 'no accepted mail was counted beside the refusals (none was accepted, or only an Exim rejectlog was read, which records refusals only: analyze the mainlog too)' : 'the period has no such count';
      return `--fail-on ${name}: not checked, ${why}`;
    });
}

const formatLimit = (n: number) => String(Number(n.toFixed(4)));

/** The rate with one decimal, or as many more as it takes to differ from the limit it crossed (45.42 > 45.4, not 45.4 > 45.4). */
function formatRate(percent: number, limit: number): string {
  for (let digits = 1; digits < 6; digits++) {
    const shown = percent.toFixed(digits);
    if (Number(shown) !== Number(limit.toFixed(digits))) return shown;
  }
  return String(percent);
}
