// A report over a period whose first part was pruned (`maillens prune`): the counts come from the hourly
// table and cover the whole period, the lists drawn from events (client IPs, HELOs, domains, servers,
// example replies) only the part after the prune horizon. Found in a user review: after
// `prune --keep-events 1d`, `report --since yesterday` showed "relay: 10 refused, by source" over lists
// that summed to 6, and nothing said why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { run } from '../helpers/cli.js';

let log: AnalyzedLog;
const now = new Date('2024-11-27T12:00:00Z');
const env = { TZ: 'UTC', NO_COLOR: '1' };
beforeAll(async () => {
  const line = (time: string, i: number) =>
    `2024-11-26 ${time} H=(bad${i}.example) [203.0.113.${i}] F=<s${i}@spam.example> rejected RCPT <u${i}@ours.example>: relay not permitted`;
  log = await analyzedLog('rejectlog', [line('02:00:00', 1), line('03:00:00', 2), line('04:00:00', 3), line('20:00:00', 4)], { now, env });
  // keep 1 day: the events before 2024-11-26 12:00 go, their hourly counts stay
  expect((await run(['prune', '-q', '--db', log.db, '--keep-events', '1d'], { now, env })).code).toBe(0);
});
afterAll(() => log.remove());

describe('report after a prune inside the period', () => {
  it('keeps the counts and says that the lists count only the later events', async () => {
    const r = await run(['report', '--db', log.db, '--since', '2024-11-26', '--until', '2024-11-27', '--format', 'json'], { now, env });
    const model = JSON.parse(r.stdout);
    expect(model.totals.find((t: { direction: string }) => t.direction === 'all').refusals).toBe(4);
    expect(model.leading[0].clientIps).toEqual([{ value: '203.0.113.4', count: 1 }]);
    expect(model.eventsPrunedBefore).toBe('2024-11-26T12:00:00+00:00');
    const text = await run(['report', '--db', log.db, '--since', '2024-11-26', '--until', '2024-11-27'], { now, env });
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('Events before 2024-11-26 12:00 were pruned: the lists of servers, replies, client IPs, HELOs and domains count only later events');
    for (const format of ['markdown', 'html', 'csv']) {
      const out = await run(['report', '--db', log.db, '--since', '2024-11-26', '--until', '2024-11-27', '--format', format], { now, env });
      expect(out.stdout).toMatch(/pruned/);
    }
  });

  it('says nothing for a period after the horizon', async () => {
    const r = await run(['report', '--db', log.db, '--since', '2024-11-26 13:00', '--until', '2024-11-27', '--format', 'json'], { now, env });
    expect(JSON.parse(r.stdout).eventsPrunedBefore).toBeNull();
    const text = await run(['report', '--db', log.db, '--since', '2024-11-26 13:00', '--until', '2024-11-27'], { now, env });
    expect(text.stdout).not.toMatch(/pruned/);
  });
});
