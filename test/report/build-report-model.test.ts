// The report model against the fixture database: every number is checked against a tally of the rows
// the fixture inserted (plain JS over the fixture's own list, not SQL), so a wrong query fails.
process.env.TZ = 'Europe/Berlin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '../../src/report/build-report-model.js';
import type { ReportModel, TopItem } from '../../src/report/model.js';
import { openDatabase, type Db } from '../../src/store/open.js';
import { createFixtureDb, expectedCounts, type Fixture, type FixtureEvent } from '../helpers/fixture-db.js';

let fixture: Fixture;
let db: Db;
let day1: { since: number; until: number };
let day2: { since: number; until: number };
let model: ReportModel;

beforeAll(() => {
  fixture = createFixtureDb();
  db = openDatabase(fixture.path, { readonly: true });
  [day1, day2] = fixture.days as [typeof day1, typeof day2];
  model = buildReportModel(db, day2, { top: 5, now: new Date(day2.until + 1800_000) });
});
afterAll(() => {
  db?.close();
  fixture?.cleanup();
});

/** Top list computed from the inserted rows: count desc, then value. */
function topOf(events: FixtureEvent[], pick: (e: FixtureEvent) => string | null, n: number): TopItem[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    const v = pick(e);
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, n);
}
const domain = (address: string | null) => (address && address.includes('@') ? address.slice(address.indexOf('@') + 1).toLowerCase() : null);

/** The model's top lists and example replies are those of exactly `events` (n long). */
function expectListsOf(m: ReportModel, events: FixtureEvent[], n: number): void {
  for (const lead of m.leading) {
    const mine = events.filter((e) => e.category === lead.category);
    expect(lead.clientIps).toEqual(topOf(mine, (e) => e.clientIp, n));
    expect(lead.helos).toEqual(topOf(mine, (e) => e.helo, n));
    expect(lead.senderDomains).toEqual(topOf(mine, (e) => domain(e.sender), n));
    expect(lead.recipientDomains).toEqual(topOf(mine, (e) => domain(e.recipient), n));
  }
  const outbound = events.filter((e) => e.direction === 'outbound');
  expect(m.outbound.problems.map((p) => p.category).sort()).toEqual([...new Set(outbound.map((e) => e.category))].sort());
  for (const problem of m.outbound.problems) {
    const mine = outbound.filter((e) => e.category === problem.category);
    expect(problem.servers).toEqual(topOf(mine, (e) => e.server, n));
    expect(problem.blocklists).toEqual(topOf(mine, (e) => e.blocklist, n));
    const replies = topOf(mine, (e) => e.text, Infinity);
    expect(problem.example?.count).toBe(replies[0]!.count);
    expect(replies.filter((r) => r.count === replies[0]!.count).map((r) => r.value)).toContain(problem.example?.text);
  }
}

describe('buildReportModel over one day', () => {
  it('covers exactly the requested local day and the day before', () => {
    expect(model.period).toMatchObject({ since: '2024-03-05T00:00:00+01:00', until: '2024-03-06T00:00:00+01:00', hours: 24 });
    expect(model.previous).toEqual({ since: '2024-03-04T00:00:00+01:00', until: '2024-03-05T00:00:00+01:00' });
    expect(model.hosts).toEqual(['mail.example.org', 'mx1.example.net', 'web1.example.net']);
  });

  it('totals and rejection rates per direction match the inserted rows', () => {
    const now = expectedCounts(fixture, day2.since, day2.until);
    const before = expectedCounts(fixture, day1.since, day1.until);
    expect(now.refusals.all).toBeGreaterThan(250); // the fixture is what the test thinks it is
    for (const direction of ['inbound', 'outbound'] as const) {
      const row = model.totals.find((t) => t.direction === direction)!;
      expect(row.refusals).toBe(now.refusals[direction]);
      expect(row.successes).toBe(now.successes[direction]);
      expect(row.rejectionRate).toBeCloseTo(now.refusals[direction] / (now.refusals[direction] + now.successes[direction]), 12);
      expect(row.previousRefusals).toBe(before.refusals[direction]);
      expect(row.change).toBe(now.refusals[direction] - before.refusals[direction]);
    }
    const all = model.totals.find((t) => t.direction === 'all')!;
    expect(all.refusals).toBe(now.refusals.all);
    expect(all.successes).toBe(now.successes.inbound + now.successes.outbound);
    expect(all.changeRatio).toBeCloseTo((now.refusals.all - before.refusals.all) / before.refusals.all, 12);
    expect(model.totals.map((t) => t.direction)).toEqual(['inbound', 'outbound', 'local', 'all']);
  });

  it('compares every category with the previous period, including ones that appeared or vanished', () => {
    const now = expectedCounts(fixture, day2.since, day2.until).categories;
    const before = expectedCounts(fixture, day1.since, day1.until).categories;
    const ids = new Set([...Object.keys(now), ...Object.keys(before)]);
    expect(model.categories.map((c) => c.category).sort()).toEqual([...ids].sort());
    for (const row of model.categories) {
      const n = now[row.category] ?? 0;
      const p = before[row.category] ?? 0;
      expect([row.category, row.count, row.previous, row.change]).toEqual([row.category, n, p, n - p]);
      expect(row.changeRatio).toEqual(p === 0 ? null : (n - p) / p);
    }
    // The fixture's scenario: rbl 100 → 154 inbound (+2 → +8 outbound), greylisting vanished from the Exim MX,
    // HELO refusals are new on day 2.
    const rbl = model.categories.find((c) => c.category === 'rbl')!;
    expect([rbl.inbound, rbl.outbound, rbl.previous]).toEqual([154, 8, 102]);
    expect(model.categories.find((c) => c.category === 'reverse_dns_helo')).toMatchObject({ count: 12, previous: 0, changeRatio: null });
    expect(model.categories.find((c) => c.category === 'greylisting')).toMatchObject({ count: 5, previous: 25, change: -20 });
    // Sorted by count; shares add up to 1.
    expect(model.categories.map((c) => c.count)).toEqual([...model.categories.map((c) => c.count)].sort((a, b) => b - a));
    expect(model.categories.reduce((s, c) => s + (c.share ?? 0), 0)).toBeCloseTo(1, 12);
  });

  it('counts classes with their direction split', () => {
    const now = expectedCounts(fixture, day2.since, day2.until);
    for (const row of model.classes) {
      expect(row.count).toBe(now.classes[row.class]);
      expect(row.inbound + row.outbound).toBe(row.count);
    }
    expect(model.classes.map((c) => c.class)).toEqual(['permanent', 'transient', 'unknown']);
  });

  it('lists the top codes with the catalog meaning, "no code" as null', () => {
    expect(model.codes).toHaveLength(5);
    expect(model.codes[0]).toMatchObject({ code: 550, enhanced: null, category: 'rbl', count: 154 });
    const counts = model.codes.map((c) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const all = buildReportModel(db, day2, { top: 50 }).codes;
    const protocol = all.find((c) => c.category === 'protocol')!;
    expect(protocol).toMatchObject({ code: null, enhanced: null, class: 'unknown', count: 10 });
    expect(all.reduce((s, c) => s + c.count, 0)).toBe(expectedCounts(fixture, day2.since, day2.until).refusals.all);
    for (const c of all) {
      expect(typeof c.meaning).toBe('string');
      expect(typeof c.action).toBe('string');
    }
  });

  it('names the leading categories and who is behind them', () => {
    const events = expectedCounts(fixture, day2.since, day2.until).events;
    expect(model.leading.map((l) => l.category)).toEqual(model.categories.slice(0, 3).map((c) => c.category));
    for (const lead of model.leading) {
      const mine = events.filter((e) => e.category === lead.category);
      expect(lead.clientIps).toEqual(topOf(mine, (e) => e.clientIp, 5));
      expect(lead.helos).toEqual(topOf(mine, (e) => e.helo, 5));
      expect(lead.senderDomains).toEqual(topOf(mine, (e) => domain(e.sender), 5));
      expect(lead.recipientDomains).toEqual(topOf(mine, (e) => domain(e.recipient), 5));
    }
  });

  it('puts outbound problems that need our action first (our IP listed, our credentials)', () => {
    const outbound = expectedCounts(fixture, day2.since, day2.until).events.filter((e) => e.direction === 'outbound');
    const problems = model.outbound.problems;
    expect(problems.map((p) => p.category)).toEqual(['rbl', 'auth', 'unknown_user', 'rate_limit', 'connection']);
    expect(problems.map((p) => p.attention)).toEqual([true, true, false, false, false]);
    expect(model.outbound.refusals).toBe(outbound.length);
    const rbl = problems[0]!;
    expect(rbl).toMatchObject({ count: 8, previous: 2 });
    expect(rbl.blocklists).toEqual([{ value: 'Spamhaus', count: 8 }]);
    expect(rbl.servers).toEqual(topOf(outbound.filter((e) => e.category === 'rbl'), (e) => e.server, 5));
    expect(rbl.example?.text).toContain('blocked using Spamhaus');
    expect(rbl.example).toMatchObject({ code: 550, enhanced: '5.7.1', count: 8 });
    expect(rbl.meaning || rbl.categoryMeaning).not.toBe('');
  });

  it('has an hourly histogram whose bars add up to the totals', () => {
    const h = model.histogram;
    expect(h.bucketHours).toBe(1);
    expect(h.buckets).toHaveLength(24);
    expect(h.buckets[0]!.start).toBe('2024-03-05T00:00:00+01:00');
    expect(h.buckets[23]!.start).toBe('2024-03-05T23:00:00+01:00');
    const all = model.totals.find((t) => t.direction === 'all')!;
    expect(h.buckets.reduce((s, b) => s + b.refusals, 0)).toBe(all.refusals);
    expect(h.buckets.reduce((s, b) => s + (b.successes ?? 0), 0)).toBe(all.successes);
    for (const b of h.buckets) expect(b.counts.reduce((s, n) => s + n, 0)).toBe(b.refusals);
    // Largest categories drawn separately, the others summed as "rest".
    expect(h.series.slice(0, 6)).toEqual(model.categories.slice(0, 6).map((c) => c.category));
    expect(h.series[6]).toBe('rest');
    h.series.slice(0, 6).forEach((key, i) => {
      expect(h.buckets.reduce((s, b) => s + b.counts[i]!, 0)).toBe(model.categories.find((c) => c.category === key)!.count);
    });
    // The rbl burst between 02:00 and 05:00 on day 2 shows.
    const rblAt = (hour: number) => h.buckets[hour]!.counts[0]!;
    expect(rblAt(3)).toBeGreaterThan(rblAt(12));
  });

  it('reads lines from hourly_lines', () => {
    const from = day2.since / 1000;
    const to = day2.until / 1000;
    const rows = fixture.lines.filter((l) => l.hour >= from && l.hour < to);
    expect(model.lines).toEqual({
      read: rows.reduce((s, l) => s + l.read, 0),
      matched: rows.reduce((s, l) => s + l.matched, 0),
      skipped: rows.reduce((s, l) => s + l.skipped, 0),
      oversized: rows.reduce((s, l) => s + l.oversized, 0),
    });
    expect(model.lines.skipped).toBeGreaterThan(0);
  });
});

describe('buildReportModel filters', () => {
  it('--host keeps one host', () => {
    const host = fixture.hosts.hm;
    const m = buildReportModel(db, { ...day2, host });
    const now = expectedCounts(fixture, day2.since, day2.until, host);
    expect(m.hosts).toEqual([host]);
    expect(m.totals.find((t) => t.direction === 'all')).toMatchObject({ refusals: now.refusals.all, successes: now.successes.inbound });
    expect(m.categories.map((c) => [c.category, c.count, c.previous])).toEqual([
      ['reverse_dns_helo', 12, 0],
      ['greylisting', 5, 10],
    ]);
    expect(m.outbound.problems).toEqual([]);
    expect(m.lines.read).toBe(fixture.lines.filter((l) => l.host === host && l.hour * 1000 >= day2.since && l.hour * 1000 < day2.until).reduce((s, l) => s + l.read, 0));
  });

  it('--host narrows the top lists and example replies to that host', () => {
    const host = fixture.hosts.web;
    const m = buildReportModel(db, { ...day2, host }, { top: 5 });
    expect(m.leading.map((l) => l.category)).toEqual(['auth', 'connection']); // the MX has 45 auth refusals of its own
    expectListsOf(m, expectedCounts(fixture, day2.since, day2.until, host).events, 5);
  });

  it('a run summary lists only its own events, also when another run has events in the same hours', () => {
    // Two runs over the same hours, as when two logs of one day are read in two runs: here the first
    // run holds, besides day 1, day 2's events from the busiest client IP and from the web server.
    const other = createFixtureDb();
    const ip = '185.220.101.4';
    const moved = (e: FixtureEvent) => e.ts >= other.days[1]!.since && (e.clientIp === ip || e.host === other.hosts.web);
    try {
      const write = openDatabase(other.path);
      write
        .prepare('UPDATE events SET run_id = ? WHERE ts >= ? AND (client_ip = ? OR source_id IN (SELECT id FROM sources WHERE host = ?))')
        .run(other.runIds[0], other.days[1]!.since, ip, other.hosts.web);
      write.close();
      const read = openDatabase(other.path, { readonly: true });
      const m = buildReportModel(read, { runId: other.runIds[1]! }, { top: 5 });
      const mine = expectedCounts(other, other.days[1]!.since, other.days[1]!.until).events.filter((e) => !moved(e));
      expect(m.totals.find((t) => t.direction === 'all')!.refusals).toBe(mine.length);
      expect(m.leading.find((l) => l.category === 'rbl')!.clientIps.map((i) => i.value)).not.toContain(ip);
      expectListsOf(m, mine, 5);
      const first = buildReportModel(read, { runId: other.runIds[0]! }, { top: 5 });
      expect(first.totals.find((t) => t.direction === 'all')!.refusals).toBe(other.events.filter((e) => e.ts < other.days[1]!.since || moved(e)).length);
      expect(first.leading.find((l) => l.category === 'rbl')!.clientIps[0]!.value).toBe(ip);
      expect(first.outbound.problems.find((p) => p.category === 'auth')).toMatchObject({ count: 3, servers: [{ value: 'smtp.gmail.com', count: 3 }] });
      read.close();
    } finally {
      other.cleanup();
    }
  });

  it('a run summary counts that run, takes its line counters and knows no successes', () => {
    const run = fixture.runIds[1]!;
    const m = buildReportModel(db, { runId: run });
    const now = expectedCounts(fixture, day2.since, day2.until);
    expect(m.filters.runId).toBe(run);
    expect(m.previous).toBeNull();
    expect(m.totals.find((t) => t.direction === 'all')).toMatchObject({ refusals: now.refusals.all, successes: null, rejectionRate: null, previousRefusals: null });
    expect(m.categories.find((c) => c.category === 'rbl')).toMatchObject({ count: 162, previous: null, change: null });
    expect(m.histogram.buckets.reduce((s, b) => s + b.refusals, 0)).toBe(now.refusals.all);
    expect(m.histogram.buckets.every((b) => b.successes === null)).toBe(true);
    const linesOfDay = fixture.lines.filter((l) => l.hour * 1000 >= day2.since && l.hour * 1000 < day2.until);
    expect(m.lines.read).toBe(linesOfDay.reduce((s, l) => s + l.read, 0));
    // With a host, that host's share of the run.
    const one = buildReportModel(db, { runId: run, host: fixture.hosts.web });
    expect(one.totals.find((t) => t.direction === 'all')!.refusals).toBe(5); // PHPMailer: 3 auth + 2 connection
  });

  it('snaps a range to the whole hours whose start lies in it', () => {
    const m = buildReportModel(db, { since: day2.since + 30 * 60_000, until: day2.since + 3 * 3_600_000 + 60_000 });
    expect(m.period).toMatchObject({
      since: '2024-03-05T01:00:00+01:00',
      until: '2024-03-05T04:00:00+01:00',
      hours: 3,
      requestedSince: '2024-03-05T00:30:00+01:00',
      requestedUntil: '2024-03-05T03:01:00+01:00',
    });
    expect(m.previous).toEqual({ since: '2024-03-04T22:00:00+01:00', until: '2024-03-05T01:00:00+01:00' });
    const now = expectedCounts(fixture, day2.since + 30 * 60_000, day2.since + 3 * 3_600_000 + 60_000);
    expect(m.totals.find((t) => t.direction === 'all')!.refusals).toBe(now.refusals.all);
    // A range inside one hour reports that hour.
    const inside = buildReportModel(db, { since: day2.since + 10 * 60_000, until: day2.since + 50 * 60_000 });
    expect(inside.period.hours).toBe(1);
    expect(inside.period.since).toBe('2024-03-05T00:00:00+01:00');
  });

  it('keeps long periods to a readable number of bars', () => {
    const m = buildReportModel(db, { since: day2.until - 7 * 86_400_000, until: day2.until });
    expect(m.histogram.bucketHours).toBe(6);
    expect(m.histogram.buckets).toHaveLength(28);
    expect(m.histogram.buckets.reduce((s, b) => s + b.refusals, 0)).toBe(m.totals.find((t) => t.direction === 'all')!.refusals);
    const month = buildReportModel(db, { since: day2.until - 30 * 86_400_000, until: day2.until });
    expect(month.histogram.bucketHours).toBe(24);
    expect(month.histogram.buckets).toHaveLength(30);
  });

  it('an empty period gives zeros and unknown rates, not errors', () => {
    const m = buildReportModel(db, { since: day1.since - 5 * 86_400_000, until: day1.since - 4 * 86_400_000 });
    expect(m.totals.every((t) => t.refusals === 0 && t.rejectionRate === null)).toBe(true);
    expect(m.categories).toEqual([]);
    expect(m.codes).toEqual([]);
    expect(m.leading).toEqual([]);
    expect(m.histogram.buckets).toHaveLength(24);
    expect(m.hosts).toEqual([]);
  });
});
