// `maillens events`: NDJSON and CSV export with the exact key order, filters, CSV neutralisation,
// terminal safety, and streaming in chunks that respect back-pressure.
process.env.TZ = 'Europe/Berlin';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_KEYS } from '../../src/commands/events.js';
import { createFixtureDb, HOSTILE, type Fixture, type FixtureEvent } from '../helpers/fixture-db.js';
import { parseCsv } from '../report/csv-parse.js';
import { runCli } from '../../src/cli/run.js';
import { fakeContext, run, type FakeContextOptions } from '../helpers/cli.js';

const KEYS = ['time', 'host', 'format', 'file', 'line', 'direction', 'clientIp', 'helo', 'sender', 'recipient', 'stage', 'code', 'enhanced', 'codeSource', 'class', 'category', 'rule', 'text', 'server', 'blocklist', 'messageId'];
const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/;
const now = new Date(2024, 2, 6, 0, 30);

let fixture: Fixture;
let day2Events: FixtureEvent[];

beforeAll(() => {
  fixture = createFixtureDb({ hostile: true });
  const day2 = fixture.days[1]!;
  day2Events = fixture.events.filter((e) => e.ts >= day2.since && e.ts < day2.until);
});
afterAll(() => fixture?.cleanup());

const events = (args: string[], options: FakeContextOptions = {}) =>
  run(['events', '--db', fixture.path, '--since', 'yesterday', ...args], { now, ...options });

describe('maillens events --format ndjson', () => {
  it('writes one object per event, keys exactly in the documented order, oldest first', async () => {
    expect([...EVENT_KEYS]).toEqual(KEYS);
    const r = await events([]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(day2Events.length);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const rec of records) {
      expect(Object.keys(rec)).toEqual(KEYS);
      expect(rec.time).toMatch(ISO_WITH_OFFSET);
    }
    const times = records.map((rec) => Date.parse(rec.time as string));
    expect(times).toEqual(day2Events.map((e) => e.ts));
    // One full record, field by field.
    const first = day2Events[0]!;
    expect(records[0]).toEqual({
      time: '2024-03-05T00:01:03+01:00',
      host: first.host,
      format: first.format,
      file: '/var/log/exim4/mainlog',
      line: expect.any(Number),
      direction: first.direction,
      clientIp: first.clientIp,
      helo: first.helo,
      sender: first.sender,
      recipient: first.recipient,
      stage: first.stage,
      code: first.code,
      enhanced: first.enhanced,
      codeSource: first.codeSource,
      class: first.class,
      category: first.category,
      rule: first.rule,
      text: first.text,
      server: first.server,
      blocklist: first.blocklist,
      messageId: first.messageId,
    });
    // The remote server and the blocklist of an outbound refusal are exported too.
    const outbound = records.filter((rec) => rec.direction === 'outbound' && rec.server !== null);
    expect(outbound.length).toBeGreaterThan(0);
    expect(outbound.map((rec) => rec.server)).toEqual(day2Events.filter((e) => e.direction === 'outbound' && e.server !== null).map((e) => e.server));
    expect(records.some((rec) => rec.blocklist !== null)).toBe(true);
  });

  it('keeps hostile values intact and leaves no control byte in the output', async () => {
    const r = await events(['--category', 'rbl'], { tty: { columns: 100 } });
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    const helos = r.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { helo: string }).helo);
    expect(helos).toContain(HOSTILE.escapeHelo);
    expect(helos).toContain(HOSTILE.helo);
  });

  it('filters by category (comma-separated or repeated), host and limit', async () => {
    const r = await events(['--category', 'rbl,auth', '--category', 'relay']);
    const got = r.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { category: string }).category);
    expect(got.length).toBe(day2Events.filter((e) => ['rbl', 'auth', 'relay'].includes(e.category)).length);
    expect(new Set(got)).toEqual(new Set(['rbl', 'auth', 'relay']));
    const host = await events(['--host', fixture.hosts.web]);
    expect(host.stdout.split('\n').filter(Boolean)).toHaveLength(day2Events.filter((e) => e.host === fixture.hosts.web).length);
    const limited = await events(['--limit', '5']);
    expect(limited.stdout.split('\n').filter(Boolean).map((l) => Date.parse((JSON.parse(l) as { time: string }).time))).toEqual(day2Events.slice(0, 5).map((e) => e.ts));
  });

  it('filters by direction and class, and names the hosts when --host matches none', async () => {
    const outbound = await events(['--direction', 'outbound']);
    const outRecords = outbound.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { direction: string; class: string });
    expect(outRecords.length).toBe(day2Events.filter((e) => e.direction === 'outbound').length);
    expect(outRecords.length).toBeGreaterThan(0);
    expect(outRecords.length).toBeLessThan(day2Events.length);
    const transient = await events(['--class', 'transient', '--direction', 'inbound']);
    const trRecords = transient.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { direction: string; class: string });
    expect(trRecords.length).toBe(day2Events.filter((e) => e.direction === 'inbound' && e.class === 'transient').length);
    expect(trRecords.length).toBeGreaterThan(0);
    const both = await events(['--class', 'permanent,transient']);
    expect(both.stdout.split('\n').filter(Boolean)).toHaveLength(day2Events.filter((e) => e.class === 'permanent' || e.class === 'transient').length);
    expect(await events(['--direction', 'out'])).toMatchObject({ code: 2, stdout: '', stderr: 'maillens: --direction "out": expected inbound, outbound or local\n' });
    expect((await events(['--class', 'fatal'])).stderr).toMatch(/^maillens: --class "fatal": unknown class \(one of permanent, transient, info, unknown\)/);
    // successes are never events: an error that says where they are, not an empty list
    expect(await events(['--class', 'success'])).toMatchObject({ code: 2, stdout: '' });
    expect((await events(['--class', 'success'])).stderr).toMatch(/^maillens: --class success: accepted and delivered mail is counted per hour, not stored as events/);
    const typo = await events(['--host', 'nosuch.example']);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toMatch(/^maillens: --host "nosuch.example": no data for this host in the database \(it holds ".*"\)\n$/);
    expect(typo.stderr).toContain(`"${fixture.hosts.web}"`);
  });

  it('honours --since/--until to the millisecond, and defaults to the last 24 hours', async () => {
    const r = await run(['events', '--db', fixture.path, '--since', '2024-03-05 09:00', '--until', '2024-03-05 09:30'], { now });
    const expected = fixture.events.filter((e) => e.ts >= new Date(2024, 2, 5, 9).getTime() && e.ts < new Date(2024, 2, 5, 9, 30).getTime());
    expect(expected.length).toBeGreaterThan(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(expected.length);
    // No options: the last 24 hours, and anything stamped later (a host whose clock runs fast).
    const recent = await run(['events', '--db', fixture.path], { now: new Date(2024, 2, 5, 12) });
    const last24 = fixture.events.filter((e) => e.ts >= new Date(2024, 2, 4, 12).getTime());
    expect(last24.some((e) => e.ts > new Date(2024, 2, 5, 12).getTime())).toBe(true);
    expect(recent.stdout.split('\n').filter(Boolean)).toHaveLength(last24.length);
  });

  it('says on stderr, to a terminal only, where the events are when none is listed', async () => {
    const tty = { columns: 100 };
    const later = new Date(2025, 0, 10, 12);
    const first = Math.min(...fixture.events.map((e) => e.ts));
    const firstDay = `${new Date(first).getFullYear()}-${String(new Date(first).getMonth() + 1).padStart(2, '0')}-${String(new Date(first).getDate()).padStart(2, '0')}`;
    const none = await run(['events', '--db', fixture.path], { now: later, tty });
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toMatch(new RegExp(`^maillens: events: none in this period; the database holds ${fixture.events.length.toLocaleString('en-US')} events from .*: try --since ${firstDay}\n$`));
    // the suggested --since lists them
    const shown = await run(['events', '--db', fixture.path, '--since', firstDay], { now: later });
    expect(shown.stdout.split('\n').filter(Boolean)).toHaveLength(fixture.events.length);
    // filters that exclude everything in a period that has events
    const filtered = await run(['events', '--db', fixture.path, '--since', firstDay, '--category', 'virus', '--direction', 'local'], { now: later, tty });
    expect(filtered.stderr).toMatch(/^maillens: events: no event matches these filters in this period \(the database holds /);
    // a script reading the output gets nothing on stderr
    expect((await run(['events', '--db', fixture.path], { now: later })).stderr).toBe('');
  });

  it('usage errors: unknown category, bad limit', async () => {
    const c = await events(['--category', 'spam']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^maillens: --category "spam": unknown category \(one of greylisting, rbl, /);
    const l = await events(['--limit', '0']);
    expect(l).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('maillens events --format csv', () => {
  it('has a header row with the same keys and one row per event', async () => {
    const r = await events(['--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual(KEYS);
    expect(rows).toHaveLength(day2Events.length + 1);
    for (const row of rows) expect(row).toHaveLength(KEYS.length);
    expect(rows[1]![0]).toMatch(ISO_WITH_OFFSET);
  });

  it('neutralises cells that start like a formula; numbers and plain values stay as they are', async () => {
    const rows = parseCsv((await events(['--format', 'csv', '--category', 'rbl'])).stdout);
    const col = (name: string) => KEYS.indexOf(name);
    const recipients = rows.slice(1).map((r) => r[col('recipient')]!);
    expect(recipients).toContain(HOSTILE.formulaRecipient); // victim@-2+3... starts with a letter: harmless
    const texts = rows.slice(1).map((r) => r[col('text')]!);
    expect(texts).toContain(`'${HOSTILE.outboundText}`);
    expect(texts).not.toContain(HOSTILE.outboundText);
    for (const row of rows.slice(1)) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.slice(1).every((r) => /^\d+$/.test(r[col('line')]!))).toBe(true);
  });

  it('keeps control bytes for files, shows them visibly for a terminal', async () => {
    const file = (await events(['--format', 'csv', '--category', 'rbl'])).stdout;
    expect(file).toContain(HOSTILE.escapeHelo);
    const tty = (await events(['--format', 'csv', '--category', 'rbl'], { tty: { columns: 100 } })).stdout;
    expect(tty.replace(/\r\n/g, '\n')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(tty).toContain('\\x1b[2J\\x1b]0;pwned\\x07evil.example');
  });
});

describe('maillens events streaming', () => {
  it('writes in bounded chunks and waits for a slow reader to drain', async () => {
    const big = createFixtureDb({ scale: 20, successes: false }); // about 11,000 events over two days
    try {
      let received = '';
      let writes = 0;
      let largest = 0;
      let drains = 0;
      let buffered = 0;
      const slow: Writable = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _enc, done) {
          writes++;
          largest = Math.max(largest, chunk.length);
          buffered = Math.max(buffered, slow.writableLength);
          received += chunk.toString('utf8');
          setImmediate(done); // a reader slower than the producer
        },
      });
      slow.on('drain', () => drains++);
      const { ctx } = fakeContext({ now });
      ctx.stdout = slow;
      const code = await runCli(['events', '--db', big.path, '--since', '2024-03-04', '--until', '2024-03-06'], ctx);
      expect(code).toBe(0);
      const lines = received.split('\n').filter(Boolean);
      expect(lines).toHaveLength(big.events.length); // both days
      expect(lines.length).toBeGreaterThan(10_000);
      expect(writes).toBeGreaterThan(20);
      expect(largest).toBeLessThan(64 * 1024 + 4096);
      expect(drains).toBeGreaterThan(0);
      // Had the export not waited for 'drain', the whole output (megabytes) would pile up in the stream.
      expect(received.length).toBeGreaterThan(3_000_000);
      expect(buffered).toBeLessThan(200 * 1024);
    } finally {
      big.cleanup();
    }
  });
});
