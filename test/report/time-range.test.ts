// --since / --until: crontab words, durations, dates and date-times, read in local time.
process.env.TZ = 'Europe/Berlin';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { NO_END, parseTimeRange } from '../../src/util/time-range.js';

const now = new Date(2024, 2, 6, 0, 30, 0); // 2024-03-06 00:30 local (+01:00)
const local = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(y, m - 1, d, h, mi).getTime();
const range = (since?: string, until?: string, at = now) => parseTimeRange({ since, until }, at);

describe('parseTimeRange', () => {
  it('defaults to the last 24 hours', () => {
    expect(range()).toEqual({ since: now.getTime() - 86_400_000, until: now.getTime() });
  });
  it('--since yesterday alone is all of yesterday', () => {
    expect(range('yesterday')).toEqual({ since: local(2024, 3, 5), until: local(2024, 3, 6) });
  });
  it('--since today alone runs from midnight to now', () => {
    expect(range('today')).toEqual({ since: local(2024, 3, 6), until: now.getTime() });
  });
  it('durations count back from now', () => {
    expect(range('24h')).toEqual({ since: local(2024, 3, 5, 0, 30), until: now.getTime() });
    expect(range('7d').since).toBe(local(2024, 2, 28, 0, 30));
    expect(range('90m').since).toBe(local(2024, 3, 5, 23, 0));
    expect(range('2w').since).toBe(local(2024, 2, 21, 0, 30));
  });
  it('a day names its midnight, as journalctl reads it', () => {
    expect(range('2024-03-01', '2024-03-02')).toEqual({ since: local(2024, 3, 1), until: local(2024, 3, 2) });
    expect(range('yesterday', 'today')).toEqual({ since: local(2024, 3, 5), until: local(2024, 3, 6) });
    expect(range('7d', 'today')).toEqual({ since: local(2024, 2, 28, 0, 30), until: local(2024, 3, 6) });
  });
  it('reads date-times in local time, or in the zone they name', () => {
    expect(range('2024-03-05 14:00', '2024-03-05T15:30:10')).toEqual({ since: local(2024, 3, 5, 14), until: local(2024, 3, 5, 15, 30) + 10_000 });
    expect(range('2024-03-05T14:00Z', 'now').since).toBe(Date.UTC(2024, 2, 5, 14));
    expect(range('2024-03-05 14:00+05:30', 'now').since).toBe(Date.UTC(2024, 2, 5, 8, 30));
  });
  it('uses calendar days across a DST change (Europe/Berlin, 2024-03-31 has 23 hours)', () => {
    const r = range('2024-03-31', '2024-04-01', new Date(2024, 3, 2));
    expect(r.until - r.since).toBe(23 * 3_600_000);
    expect(range('yesterday', undefined, new Date(2024, 3, 1, 12)).until - range('yesterday', undefined, new Date(2024, 3, 1, 12)).since).toBe(23 * 3_600_000);
  });
  it('the events export has no end unless asked (future-stamped events from a fast clock still show)', () => {
    const open = (since?: string, until?: string) => parseTimeRange({ since, until }, now, { openEnd: true });
    expect(open('2024-03-01')).toEqual({ since: local(2024, 3, 1), until: NO_END });
    expect(open()).toEqual({ since: now.getTime() - 86_400_000, until: NO_END });
    expect(open('yesterday')).toEqual({ since: local(2024, 3, 5), until: local(2024, 3, 6) });
    expect(open('today')).toEqual({ since: local(2024, 3, 6), until: local(2024, 3, 7) });
    expect(open('2024-03-01', '2024-03-02')).toEqual({ since: local(2024, 3, 1), until: local(2024, 3, 2) });
  });
  it('--until alone covers the 24 hours before it', () => {
    expect(range(undefined, '2024-03-05')).toEqual({ since: local(2024, 3, 4), until: local(2024, 3, 5) });
  });
  it('refuses what it cannot read with a usage error naming the option', () => {
    for (const bad of ['last week', '2024-3-5', '2024-02-30', '2024-03-05 25:00', '7x', '', '20240305']) {
      let err: unknown;
      try {
        range(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(UserError);
      expect((err as UserError).exitCode).toBe(2);
      expect((err as UserError).message).toMatch(/^--since /);
    }
  });
  it('refuses an empty or reversed range', () => {
    expect(() => range('2024-03-05', '2024-03-01')).toThrow(/not before --until/);
    expect(() => range('2024-03-05', '2024-03-05')).toThrow(/not before --until/);
    expect(() => range('2030-01-01')).toThrow(/--since 2030-01-01 is not in the past/);
  });
});
