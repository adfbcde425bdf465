// One measured stage of `npm run bench`, in a process of its own so that its peak RSS is its own:
//   node dist/bench/stage.js <stage> <format> <file>
// stages: read (bytes only), split2 (read + split2: the baseline), lines (read + maillens' LineSplitter),
// parse (+ the format's parser, events counted), classify (+ classify() on every event).
// Prints one JSON object (StageReport) on stdout. The analyze stage is the real CLI: see run.ts.
import { statSync } from 'node:fs';
import split2 from 'split2';
import { parserFor } from '../parsers/index.js';
import type { LineVerdict, LogLine } from '../parsers/types.js';
import { classify } from '../src/classify/classify.js';
import { openContentStream } from '../src/ingest/open-input.js';
import { LineSplitter } from '../src/ingest/read-lines.js';
import type { ReplyEvent } from '../src/model/event.js';
import { isBenchFormat, logFormatOf } from './generate.js';
import { IN_PROCESS_STAGES, type StageReport } from './stage-report.js';

async function main(argv: string[]): Promise<StageReport> {
  const [stage, format, file] = argv;
  if (!stage || !(IN_PROCESS_STAGES as readonly string[]).includes(stage) || !format || !isBenchFormat(format) || !file) {
    throw new Error(`usage: node dist/bench/stage.js <${IN_PROCESS_STAGES.join('|')}> <format> <file>`);
  }
  const bytes = statSync(file).size;
  let lines = 0;
  let events = 0;
  let successes = 0;
  const verdicts: Record<string, number> = {};
  const categories: Record<string, number> = {};
  const started = performance.now();
  // The same stream ingest reads (src/ingest/open-input.ts: 256 KiB chunks), so stages differ only in what they do with it.
  const stream = openContentStream(file, 0, false);

  if (stage === 'read') {
    await new Promise<void>((resolve, reject) => {
      // The floor: what reading alone costs (issue 7 measured `cat` at 0.13 s per GB).
      stream.on('data', () => {}).on('end', resolve).on('error', reject);
    });
  } else if (stage === 'split2') {
    await new Promise<void>((resolve, reject) => {
      stream
        .on('error', reject)
        .pipe(split2())
        .on('data', () => void lines++)
        .on('end', resolve)
        .on('error', reject);
    });
  } else if (stage === 'lines') {
    const splitter = new LineSplitter(() => void lines++);
    for await (const chunk of stream as AsyncIterable<Buffer>) splitter.push(chunk);
    splitter.end(false);
  } else {
    const withClassify = stage === 'classify';
    const parser = parserFor(logFormatOf(format)).create({
      sink: {
        event(event: ReplyEvent) {
          events++;
          if (withClassify) {
            // As ingest's toRow does: codes outside the valid ranges are not handed to the classifier.
            const code = event.code !== null && Number.isInteger(event.code) && event.code >= 100 && event.code <= 599 ? event.code : null;
            const enhanced = event.enhanced !== null && /^[245]\.\d{1,3}\.\d{1,3}$/.test(event.enhanced) ? event.enhanced : null;
            const c = classify({ ...event, code, enhanced });
            categories[c.category] = (categories[c.category] ?? 0) + 1;
          }
        },
        success() {
          successes++;
        },
      },
      lookup: { lastDeferral: () => null },
    });
    const splitter = new LineSplitter((line: LogLine) => {
      lines++;
      let verdict: LineVerdict;
      try {
        verdict = parser.push(line);
      } catch {
        verdict = 'skipped';
      }
      verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
    });
    for await (const chunk of stream as AsyncIterable<Buffer>) splitter.push(chunk);
    splitter.end(false);
    parser.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  const report: StageReport = { stage, bytes, lines, events, successes, seconds, maxRssKiB: process.resourceUsage().maxRSS };
  if (stage === 'parse' || stage === 'classify') report.verdicts = verdicts;
  if (stage === 'classify') report.categories = categories;
  return report;
}

main(process.argv.slice(2)).then(
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
  (err: unknown) => {
    process.stderr.write(`bench stage: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
