// `npm run accuracy [-- <labeled.tsv>] [--misses] [--text]`: scores the classifier with the shipped
// catalog against a labeled reply set (default: ../shared/corpus/labeled-replies.tsv next to the
// project) and prints accuracy, per-category recall and the confusion matrices. Exits 1 when below the
// thresholds the test suite enforces (test/classify/accuracy.test.ts), so CI can call it too.
import { defaultClassifier } from '../classify/classify.js';
import { readLabeledSet } from '../classify/labeled-set.js';
import { ACCURACY_THRESHOLDS, formatAccuracyReport, measureAccuracy } from '../classify/measure-accuracy.js';
import { corpusFile } from '../util/paths.js';

const { class: CLASS_THRESHOLD, category: CATEGORY_THRESHOLD } = ACCURACY_THRESHOLDS;
// `npm run accuracy | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--')) ?? corpusFile('labeled-replies.tsv');
const rows = readLabeledSet(path);
const classifier = defaultClassifier();
const report = measureAccuracy(rows, classifier, 'labeled');
process.stdout.write(`labeled set: ${path}\n`);
process.stdout.write(formatAccuracyReport(report, { misses: args.includes('--misses') }));
// The same set read as `maillens classify` reads lines: codes from the text alone. Rows whose text
// does not carry the code the labeler used (quoted without it) cannot be classed the same way.
const textOnly = measureAccuracy(rows, classifier, 'text');
process.stdout.write(
  `\nfrom the text alone: class ${(textOnly.classAccuracy * 100).toFixed(2)}%, category ${(textOnly.categoryAccuracy * 100).toFixed(2)}%\n`,
);
if (args.includes('--text')) process.stdout.write(formatAccuracyReport(textOnly, { misses: args.includes('--misses') }));
const pass = report.classAccuracy >= CLASS_THRESHOLD && report.categoryAccuracy >= CATEGORY_THRESHOLD;
process.stdout.write(`thresholds: class >= ${CLASS_THRESHOLD * 100}%, category >= ${CATEGORY_THRESHOLD * 100}%: ${pass ? 'met' : 'NOT met'}\n`);
process.exitCode = pass ? 0 : 1;
