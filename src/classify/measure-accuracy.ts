// Scores a classifier against a labeled reply set: class and category accuracy, per-category recall
// and precision, confusion matrices, and the rows it got wrong (for `npm run accuracy` and the test
// that enforces the thresholds).
import { CATEGORIES, REPLY_CLASSES, type Category, type ReplyClass } from '../model/labels.js';
import type { Classifier } from './create-classifier.js';
import { extractCodes } from './extract-codes.js';
import type { LabeledReply } from './labeled-set.js';
import type { Classification } from './types.js';

/** What the labeled sets must reach (issue 3); test/classify/accuracy.test.ts enforces them. */
export const ACCURACY_THRESHOLDS = { class: 0.99, category: 0.95 } as const;

/**
 * Where the codes come from:
 * - `labeled`: the set's basic_code/enhanced_code columns, as a log parser would report them, each
 *   falling back to what extract-codes finds in the text when the column is empty;
 * - `text`: the text alone, exactly as `maillens classify` sees a line.
 */
export type CodeMode = 'labeled' | 'text';

export interface CategoryScore {
  category: Category;
  /** Rows labeled with this category. */
  total: number;
  correct: number;
  /** Rows the classifier put in this category. */
  predicted: number;
  recall: number;
  precision: number;
}

export interface Miss {
  row: LabeledReply;
  code: number | null;
  enhanced: string | null;
  got: Classification;
}

export interface AccuracyReport {
  mode: CodeMode;
  rows: number;
  classCorrect: number;
  categoryCorrect: number;
  classAccuracy: number;
  categoryAccuracy: number;
  perCategory: CategoryScore[];
  /** confusion[label][predicted] = rows. */
  categoryConfusion: Record<string, Record<string, number>>;
  classConfusion: Record<string, Record<string, number>>;
  misses: Miss[];
}

export function measureAccuracy(rows: readonly LabeledReply[], classifier: Classifier, mode: CodeMode = 'labeled'): AccuracyReport {
  let classCorrect = 0;
  let categoryCorrect = 0;
  const categoryConfusion: Record<string, Record<string, number>> = {};
  const classConfusion: Record<string, Record<string, number>> = {};
  const misses: Miss[] = [];
  const bump = (m: Record<string, Record<string, number>>, a: string, b: string) => {
    const row = (m[a] ??= {});
    row[b] = (row[b] ?? 0) + 1;
  };
  for (const row of rows) {
    const found = extractCodes(row.text);
    const code = mode === 'labeled' ? (row.code ?? found.code) : found.code;
    const enhanced = mode === 'labeled' ? (row.enhanced ?? found.enhanced) : found.enhanced;
    const got = classifier.classify({ code, enhanced, text: row.text });
    const classOk = got.class === row.class;
    const categoryOk = got.category === row.category;
    if (classOk) classCorrect++;
    if (categoryOk) categoryCorrect++;
    if (!classOk || !categoryOk) misses.push({ row, code, enhanced, got });
    bump(categoryConfusion, row.category, got.category);
    bump(classConfusion, row.class, got.class);
  }
  const perCategory: CategoryScore[] = [];
  for (const category of CATEGORIES) {
    const total = sum(Object.values(categoryConfusion[category] ?? {}));
    const predicted = sum(Object.values(categoryConfusion).map((r) => r[category] ?? 0));
    if (!total && !predicted) continue;
    const correct = categoryConfusion[category]?.[category] ?? 0;
    perCategory.push({ category, total, correct, predicted, recall: total ? correct / total : 0, precision: predicted ? correct / predicted : 0 });
  }
  const n = rows.length || 1;
  return {
    mode,
    rows: rows.length,
    classCorrect,
    categoryCorrect,
    classAccuracy: classCorrect / n,
    categoryAccuracy: categoryCorrect / n,
    perCategory,
    categoryConfusion,
    classConfusion,
    misses,
  };
}

// Short column heads so the 23 x 23 matrix fits a terminal.
const SHORT: Record<Category, string> = {
  greylisting: 'grey',
  rbl: 'rbl',
  auth: 'auth',
  quota: 'quot',
  relay: 'rely',
  unknown_user: 'user',
  mailbox_disabled: 'disa',
  bad_address: 'badr',
  dns: 'dns',
  size: 'size',
  content: 'cont',
  virus: 'viru',
  policy: 'poli',
  reverse_dns_helo: 'rdns',
  rate_limit: 'rate',
  protocol: 'prot',
  tls: 'tls',
  connection: 'conn',
  server_error: 'serv',
  loop: 'loop',
  expired: 'expi',
  success: 'succ',
  other: 'othr',
};

export function formatAccuracyReport(report: AccuracyReport, opts: { misses?: boolean } = {}): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const out: string[] = [];
  out.push(`rows: ${report.rows}   codes: ${report.mode === 'labeled' ? 'labeled columns (text when empty)' : 'extracted from the text'}`);
  out.push(`class accuracy:    ${pct(report.classAccuracy)} (${report.classCorrect}/${report.rows})`);
  out.push(`category accuracy: ${pct(report.categoryAccuracy)} (${report.categoryCorrect}/${report.rows})`);
  out.push('');
  out.push('per category            rows  recall   precision');
  for (const s of report.perCategory) {
    out.push(`  ${s.category.padEnd(20)} ${String(s.total).padStart(5)}  ${pct(s.recall).padStart(7)}  ${pct(s.precision).padStart(9)}`);
  }
  out.push('');
  const cats = report.perCategory.map((s) => s.category);
  out.push('category confusion (rows: label, columns: predicted)');
  out.push(`  ${''.padEnd(17)}${cats.map((c) => SHORT[c].padStart(5)).join('')}`);
  for (const label of cats) {
    const row = report.categoryConfusion[label] ?? {};
    if (!sum(Object.values(row))) continue;
    out.push(`  ${label.padEnd(17)}${cats.map((c) => (row[c] ? String(row[c]) : '.').padStart(5)).join('')}`);
  }
  out.push('');
  const classes = REPLY_CLASSES.filter((c) => report.classConfusion[c] || Object.values(report.classConfusion).some((r) => r[c]));
  out.push('class confusion (rows: label, columns: predicted)');
  out.push(`  ${''.padEnd(11)}${classes.map((c) => c.slice(0, 9).padStart(11)).join('')}`);
  for (const label of classes as ReplyClass[]) {
    const row = report.classConfusion[label] ?? {};
    out.push(`  ${label.padEnd(11)}${classes.map((c) => (row[c] ? String(row[c]) : '.').padStart(11)).join('')}`);
  }
  if (opts.misses) {
    out.push('');
    out.push(`misses (${report.misses.length}):`);
    for (const m of report.misses) {
      const want = `${m.row.class}/${m.row.category}`;
      const got = `${m.got.class}/${m.got.category}`;
      out.push(`  ${m.row.id}  want ${want}  got ${got}  by ${m.got.rule} [${m.got.tier}]  codes ${m.code ?? '-'} ${m.enhanced ?? '-'}`);
      out.push(`      ${m.row.text.slice(0, 220)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
