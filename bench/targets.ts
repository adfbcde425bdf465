// The targets of issue 7, checked against the figures of one `npm run bench`.
import type { BenchFormat } from './generate.js';
import type { Measured } from './measure.js';

export interface SizeRun {
  label: 'full' | 'tenth';
  file: string;
  bytes: number;
  stages: Measured[];
}

export interface FormatRun {
  format: BenchFormat;
  runs: SizeRun[];
  /** The parser emitted no event on the full-size file: a stub, or a parser that does not read this shape. */
  noEvents: boolean;
}

export interface TargetCheck {
  target: string;
  format: BenchFormat | null;
  value: string;
  limit: string;
  status: 'PASS' | 'FAIL' | 'n/a';
  note?: string;
}

/** Issue 7: full analyze at ≥ 0.5× the read+split2 throughput, ≥ 0.3× on the rejectlog (a third of its lines are rejections). */
export const BASELINE_RATIO: Record<BenchFormat, number> = { 'exim-rejectlog': 0.3, 'exim-mainlog': 0.5, hmailserver: 0.5, phpmailer: 0.5 };
export const EVENTS_PER_SECOND = 250_000;
export const PEAK_RSS_MIB = 150;
export const LINEARITY = 10.5;
export const RERUN_SECONDS = 0.5;

/** Throughput as a multiple of the baseline's: paired per round when the stages ran in rounds (bench/run.ts). */
export function ratioToBaseline(stage: Measured, baseline: Measured): number {
  return stage.vsBaseline ?? baseline.seconds / stage.seconds;
}

export function stageOf(run: SizeRun | undefined, stage: string): Measured | undefined {
  return run?.stages.find((s) => s.stage === stage);
}

export function checkTargets(formats: readonly FormatRun[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const noEventsNote = 'the parser emitted no event (stub?): throughput says nothing yet';
  for (const f of formats) {
    const full = f.runs.find((r) => r.label === 'full');
    const tenth = f.runs.find((r) => r.label === 'tenth');
    const baseline = stageOf(full, 'split2');
    const analyze = stageOf(full, 'analyze');
    if (baseline && analyze) {
      const ratio = ratioToBaseline(analyze, baseline);
      checks.push({
        target: 'analyze vs read+split2 throughput',
        format: f.format,
        value: `${ratio.toFixed(2)}×`,
        limit: `≥ ${BASELINE_RATIO[f.format]}×`,
        status: f.noEvents ? 'n/a' : ratio >= BASELINE_RATIO[f.format] ? 'PASS' : 'FAIL',
        ...(f.noEvents ? { note: noEventsNote } : {}),
      });
    }
    // Events stored per second is the store's figure: it is judged where events are dense (the rejectlog).
    if (f.format === 'exim-rejectlog' && analyze) {
      const rate = analyze.events / analyze.seconds;
      checks.push({
        target: 'events stored per second',
        format: f.format,
        value: `${Math.round(rate / 1000)}k/s`,
        limit: `≥ ${EVENTS_PER_SECOND / 1000}k/s`,
        status: f.noEvents ? 'n/a' : rate >= EVENTS_PER_SECOND ? 'PASS' : 'FAIL',
        ...(f.noEvents ? { note: noEventsNote } : {}),
      });
    }
    const peak = Math.max(0, ...f.runs.flatMap((r) => r.stages.filter((s) => s.stage === 'analyze' || s.stage === 'rerun').map((s) => s.maxRssKiB)));
    if (peak > 0) {
      checks.push({ target: 'peak RSS of analyze (both sizes)', format: f.format, value: `${(peak / 1024).toFixed(0)} MB`, limit: `≤ ${PEAK_RSS_MIB} MB`, status: peak / 1024 <= PEAK_RSS_MIB ? 'PASS' : 'FAIL' });
    }
    const tenthAnalyze = stageOf(tenth, 'analyze');
    if (analyze && tenthAnalyze) {
      const ratio = analyze.seconds / tenthAnalyze.seconds;
      checks.push({
        target: 'linear: full analyze / tenth analyze',
        format: f.format,
        value: `${ratio.toFixed(2)}×`,
        limit: `≤ ${LINEARITY}×`,
        status: f.noEvents ? 'n/a' : ratio <= LINEARITY ? 'PASS' : 'FAIL',
        ...(f.noEvents ? { note: noEventsNote } : {}),
      });
    }
    const rerun = stageOf(full, 'rerun');
    if (rerun) {
      checks.push({ target: 'cron rerun, no new data (wall)', format: f.format, value: `${rerun.seconds.toFixed(2)} s`, limit: `≤ ${RERUN_SECONDS} s`, status: rerun.seconds <= RERUN_SECONDS ? 'PASS' : 'FAIL' });
    }
  }
  return checks;
}
