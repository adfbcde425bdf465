// The summary analyze prints (src/ingest/summary.ts): readable in a cron mail whatever the number of files.
import { describe, expect, it } from 'vitest';
import type { InputResult } from '../../src/ingest/ingest.js';
import { renderRunSummary, type RunSummary } from '../../src/ingest/summary.js';

const input = (path: string, extra: Partial<InputResult>): InputResult =>
  ({ path, given: path, status: 'unchanged', format: 'hmailserver', lines: 0, matched: 0, skipped: 0, oversized: 0, events: 0, duplicates: 0, startOffset: 0, endOffset: 0, ...extra }) as InputResult;

const summary = (inputs: InputResult[]): RunSummary => ({
  runId: 7,
  status: 'ok',
  host: 'mx1',
  database: '/var/lib/maillens/maillens.db',
  inputs,
  totals: { lines: 120, matched: 40, skipped: 0, oversized: 0, events: 3, duplicates: 0, inbound: 3, outbound: 0, local: 0 },
});

const days = (n: number) => Array.from({ length: n }, (_, i) => input(`/logs/hmailserver_2024-01-${String(i + 1).padStart(2, '0')}.log`, {}));
const today = input('/logs/hmailserver_2024-02-01.log', { status: 'read', lines: 120, matched: 40, events: 3, endOffset: 9000 });

describe('renderRunSummary', () => {
  it('lists a few unchanged files one by one', () => {
    const text = renderRunSummary(summary([...days(3), today]), (v) => v);
    expect(text.match(/nothing new since the last run/g)).toHaveLength(3);
    expect(text).toContain('hmailserver_2024-02-01.log  hmailserver 120 lines, 3 new events');
  });

  it('counts many unchanged files on one line and keeps the files read in view (a year of daily logs)', () => {
    const text = renderRunSummary(summary([...days(31), today]), (v) => v);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.includes('hmailserver_2024-01-'))).toEqual([]);
    expect(text).toContain('  31 other files with nothing new since the last run');
    expect(text).toContain('hmailserver_2024-02-01.log');
  });

  it('names a pattern that matched nothing beside other inputs', () => {
    const pattern = input('/var/log/exim4/rejectlog*', { status: 'empty', format: null, message: '/var/log/exim4/rejectlog*: no file matches this pattern' });
    const text = renderRunSummary(summary([pattern, today]), (v) => v);
    expect(text).toMatch(/rejectlog\*\s+-\s+no file matches this pattern/);
  });
});
