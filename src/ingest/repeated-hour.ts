const HOUR = 3_600_000;

/**
 * The autumn clock change repeats an hour of local time (02:00-02:59 twice in central Europe). A log
 * written in local time without an offset (Exim's default, hMailServer) reads both passes as the first,
 * so the second hour's lines landed an hour early (QA). Logs are written in time order: a time that
 * falls back by about an hour, into an hour the local clock repeats, belongs to the second pass.
 * Only times read from the log are fed in; everything else passes through unchanged.
 */
export class RepeatedHour {
  private latest = -Infinity;

  adjust(t: number): number {
    let out = t;
    const latest = this.latest;
    // behind the log's clock, in an hour the local clock repeats, and in order again an hour later
    if (t < latest - SLACK && t + HOUR >= latest - SLACK && repeatedLocally(t)) {
      // the second pass has begun (the log's clock is past the change), or this line begins it: a jump
      // back of most of an hour (a line held back by a parser is late by less)
      if (!repeatedLocally(latest) || latest - t >= START_JUMP) out = t + HOUR;
    }
    if (out > latest) this.latest = out;
    return out;
  }
}

/** Lines a little out of order (concurrent writers) are not a clock change. */
const SLACK = 2 * 60_000;
/** How far back the first line of the repeated hour jumps, at least. */
const START_JUMP = 45 * 60_000;

/** Whether the local wall-clock time of `t` comes again an hour later (the clocks go back within the hour). */
function repeatedLocally(t: number): boolean {
  // getTimezoneOffset is minutes behind UTC: it grows when the clocks go back (CEST -120 → CET -60)
  return new Date(t + HOUR).getTimezoneOffset() > new Date(t).getTimezoneOffset();
}
