// The bench's "report, all stored" stage (bench/measure.ts runReport) must report every stored event:
// a report counts whole hours and rounds --since up, so the range it passes has to start at the first
// event's hour, not at the first event.
process.env.TZ = 'UTC';
import { describe, expect, it } from 'vitest';
import { reportRange } from '../../bench/measure.js';
import { buildReportModel } from '../../src/report/build-report-model.js';
import { openDatabase } from '../../src/store/open.js';
import { parseTimeRange } from '../../src/util/time-range.js';
import { createFixtureDb } from '../helpers/fixture-db.js';

describe('bench reportRange', () => {
  it('covers every stored event when the first one is not on the hour', () => {
    const start = new Date(2024, 2, 4);
    // the first event at 23:30 the evening before: half an hour into its hour
    const fixture = createFixtureDb({ start, days: 1, scale: 0.2, events: [{ ts: start.getTime() - 30 * 60_000 }, { ts: start.getTime() - 20 * 60_000 }] });
    const db = openDatabase(fixture.path, { readonly: true });
    try {
      const span = db.prepare('SELECT min(ts) AS first, max(ts) AS last, count(*) AS events FROM events').get() as { first: number; last: number; events: number };
      expect(span.first % 3_600_000).not.toBe(0);
      const { since, until } = reportRange(span);
      const range = parseTimeRange({ since, until }, new Date(span.last + 3_600_000));
      const model = buildReportModel(db, { since: range.since, until: range.until, host: null });
      expect(model.totals.find((t) => t.direction === 'all')!.refusals).toBe(span.events);
      // what runReport passed before: the first event's own time, which leaves its hour out
      const naive = parseTimeRange({ since: new Date(span.first).toISOString(), until }, new Date(span.last + 3_600_000));
      expect(buildReportModel(db, { since: naive.since, until: naive.until, host: null }).totals.find((t) => t.direction === 'all')!.refusals).toBe(span.events - 2);
    } finally {
      db.close();
      fixture.cleanup();
    }
  });
});
