// A report over a period that holds nothing at all says where the data is. Found by running the README's
// quick start and then `maillens report`: the shipped rejectlog is years old, the default period is the
// last 24 hours, and the report showed only zeros, as it would for a host that refused nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { run } from '../helpers/cli.js';

let log: AnalyzedLog;
const now = new Date('2024-11-27T12:00:00Z');
const env = { TZ: 'UTC', NO_COLOR: '1' };
beforeAll(async () => {
  const line = (time: string, i: number) =>
    `${time} H=(bad${i}.example) [203.0.113.${i}] F=<s${i}@spam.example> rejected RCPT <u${i}@ours.example>: relay not permitted`;
  log = await analyzedLog('rejectlog', [line('2023-03-05 02:10:00', 1), line('2023-03-05 02:20:00', 2), line('2023-06-30 23:30:00', 3)], {
    now,
    env,
    args: ['--host', 'mx<1>.example'],
  });
});
afterAll(() => log.remove());

describe('report over an empty period', () => {
  it('names what the database holds and the options that show it', async () => {
    const r = await run(['report', '--db', log.db], { now, env });
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'Nothing was logged in this period. The database holds 3 refused, 0 accepted and 3 log lines from 2023-03-05 02:00 to 2023-07-01 00:00: try --since 2023-03-05 --until 2023-07-01.',
    );
    const json = JSON.parse((await run(['report', '--db', log.db, '--format', 'json'], { now, env })).stdout);
    expect(json.elsewhere).toEqual({ refusals: 3, successes: 0, lines: 3, first: '2023-03-05T02:00:00+00:00', last: '2023-07-01T00:00:00+00:00' });
    // the suggested options do show the data
    const shown = JSON.parse((await run(['report', '--db', log.db, '--format', 'json', '--since', '2023-03-05', '--until', '2023-07-01'], { now, env })).stdout);
    expect(shown.totals.find((t: { direction: string }) => t.direction === 'all').refusals).toBe(3);
    expect(shown.elsewhere).toBeNull();
  });

  it('escapes the host it names in every format', async () => {
    const args = ['report', '--db', log.db, '--host', 'mx<1>.example', '--since', '2024-01-01'];
    const html = (await run([...args, '--format', 'html'], { now, env })).stdout;
    expect(html).toContain('for host mx&lt;1&gt;.example from 2023-03-05 02:00');
    expect(html).not.toContain('mx<1>');
    const md = (await run([...args, '--format', 'markdown'], { now, env })).stdout;
    expect(md).toMatch(/\*\*Note:\*\* Nothing was logged in this period\..* for host mx&lt;1&gt;\.example from/);
    const csv = (await run([...args, '--format', 'csv'], { now, env })).stdout;
    expect(csv).toMatch(/stored_since.*2023-03-05T02:00:00\+00:00/);
  });

  it('says when nothing is stored at all', async () => {
    const empty = await analyzedLog('rejectlog', [], { now, env });
    try {
      const r = await run(['report', '--db', empty.db], { now, env });
      expect(r.stdout.replace(/\s+/g, ' ')).toContain('Nothing is stored yet: run maillens analyze on a log first.');
    } finally {
      empty.remove();
    }
  });

  it('says nothing when the period has data', async () => {
    const r = await run(['report', '--db', log.db, '--since', '2023-06-30', '--until', '2023-07-01'], { now, env });
    expect(r.stdout).not.toMatch(/Nothing was logged/);
  });
});
