// What a stage process (bench/stage.ts) measures and reports; shared with the orchestrator (run.ts),
// which must not import stage.ts itself: that module runs its stage as soon as it is loaded.

export const IN_PROCESS_STAGES = ['read', 'split2', 'lines', 'parse', 'classify'] as const;
export type InProcessStage = (typeof IN_PROCESS_STAGES)[number];

export interface StageReport {
  stage: string;
  bytes: number;
  lines: number;
  events: number;
  /** Lines the parser called a success (accepted or delivered mail). */
  successes: number;
  /** Lines by verdict (parse and classify stages). */
  verdicts?: Record<string, number>;
  /** Events by category (classify stage): a glance at what the generated file holds. */
  categories?: Record<string, number>;
  /** Time from opening the file to the last line, in this process (start-up excluded). */
  seconds: number;
  /** process.resourceUsage().maxRSS at the end, in KiB. */
  maxRssKiB: number;
}
