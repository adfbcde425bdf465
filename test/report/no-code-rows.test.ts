// "Top reply codes" rows without a code (Exim deferrals such as `defer (111): Connection refused`).
// Found in a user review: such a row of category connection was explained as "no reply code and nothing else
// that says which" with the action "the text carries ... nothing maillens recognises", although the
// text had been recognised (that is where the category comes from).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzedLog, type AnalyzedLog } from '../helpers/analyzed-log.js';
import { run } from '../helpers/cli.js';

let log: AnalyzedLog;
const now = new Date('2024-11-27T12:00:00Z');
beforeAll(async () => {
  log = await analyzedLog('mainlog', [
      '2024-11-26 10:00:01 1tAbCd-000001-Ef == user1@remote.example R=dnslookup T=remote_smtp defer (111): Connection refused',
      '2024-11-26 10:00:02 1tAbCd-000002-Ef == user2@remote.example R=dnslookup T=remote_smtp defer (111): Connection refused',
      '2024-11-26 10:00:03 1tAbCd-000003-Ef == user3@remote.example R=force_defer defer (-1): forced defer',
    ], { now });
});
afterAll(() => log.remove());

describe('report: rows without a reply code', () => {
  it('explain a recognised category by that category, not as "nothing recognised"', async () => {
    const r = await run(['report', '--db', log.db, '--since', '2024-11-26', '--until', '2024-11-27', '--format', 'json'], { now });
    const codes = JSON.parse(r.stdout).codes as Array<{ code: number | null; category: string; meaning: string; action: string }>;
    const connection = codes.find((c) => c.category === 'connection')!;
    expect(connection).toMatchObject({ code: null, action: '' });
    expect(connection.meaning).toMatch(/^No reply code in the log; the text says: the connection could not be made/);
    // a code-less reply nothing recognised keeps the catalog's advice
    const other = codes.find((c) => c.category === 'other')!;
    expect(other.meaning).toMatch(/nothing else/);
  });

  it('the text report explains each code-less category once', async () => {
    const r = await run(['report', '--db', log.db, '--since', '2024-11-26', '--until', '2024-11-27'], { now });
    const section = r.stdout.slice(r.stdout.indexOf('Top reply codes'));
    expect(section).toMatch(/\(no code\) +2 .*connection\n +No reply code in the log; the text says: the connection/);
    expect(section).toMatch(/\(no code\) +1 .*other\n +no reply code and nothing else/);
  });
});
