// End to end (issue 2 and 4): the CLI, in-process, on the shipped fixtures; then the rows in SQLite,
// the report's numbers and the events export must all tell the same story.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { run } from '../helpers/cli.js';

const root = projectRoot();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-e2e-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVENT_KEYS = ['time', 'host', 'format', 'file', 'line', 'direction', 'clientIp', 'helo', 'sender', 'recipient', 'stage', 'code', 'enhanced', 'codeSource', 'class', 'category', 'rule', 'text', 'server', 'blocklist', 'messageId'];

describe('analyze the Exim quick-start fixture', () => {
  let db: string;
  let analyzeOut: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    db = join(dir, 'exim.db');
    analyzeOut = await run(['analyze', join(root, 'fixtures/exim/rejectlog'), '--db', db, '--host', 'mx1']);
  });

  it('prints a readable summary and exits 0', () => {
    expect(analyzeOut.code).toBe(0);
    expect(analyzeOut.stderr).toBe('');
    expect(analyzeOut.stdout).toContain('76 lines, 55 new events');
    expect(analyzeOut.stdout).toMatch(/By category\n/);
    expect(analyzeOut.stdout).toMatch(/\n  auth\s+13 /);
  });

  it('stores one row per rejection with the right facts', () => {
    const conn = new Database(db, { readonly: true });
    try {
      expect(conn.prepare('SELECT count(*) FROM events').pluck().get()).toBe(55);
      expect(conn.prepare("SELECT count(*) FROM v_events WHERE direction = 'outbound'").pluck().get()).toBe(0);
      // corpus line 47: relay refusal with every host field form (port, I=, Ci=, CV=, SNI=)
      const relay = conn
        .prepare("SELECT client_ip, helo, sender, recipient, stage, code, code_source, class, category FROM v_events WHERE recipient = 'locus@leone.tld'")
        .get();
      expect(relay).toEqual({
        client_ip: '9.12.1.21',
        helo: null,
        sender: 'user@example.tld',
        recipient: 'locus@leone.tld',
        stage: 'rcpt',
        code: 550,
        code_source: 'inferred',
        class: 'permanent',
        category: 'relay',
      });
      // corpus line 1: the authenticator writes its 535 itself: seen, not inferred
      const auth = conn.prepare("SELECT code, code_source, stage, category, client_ip FROM v_events WHERE client_ip = '24.106.174.74'").get();
      expect(auth).toEqual({ code: 535, code_source: 'seen', stage: 'auth', category: 'auth', client_ip: '24.106.174.74' });
      // greylisting is temporary: 451 inferred from "temporarily rejected"
      const grey = conn.prepare("SELECT code, class, category FROM v_events WHERE client_ip = '76.119.39.200'").get();
      expect(grey).toEqual({ code: 451, class: 'transient', category: 'greylisting' });
      // the header blocks after the two DATA rejections yielded nothing
      expect(conn.prepare("SELECT count(*) FROM v_events WHERE stage = 'data' AND message_id LIKE '10Hma%'").pluck().get()).toBe(2);
      // aggregates agree with the rows
      expect(conn.prepare("SELECT sum(count) FROM hourly WHERE class <> 'success'").pluck().get()).toBe(55);
      expect(conn.prepare('SELECT sum(lines_read) FROM hourly_lines').pluck().get()).toBe(76);
    } finally {
      conn.close();
    }
  });

  it('the report counts the same events', async () => {
    const r = await run(['report', '--db', db, '--since', '1999-01-01', '--until', '2025-01-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    const json = JSON.stringify(model);
    expect(json).toContain('"relay"');
    const categories = (model.categories ?? model.byCategory ?? []) as { category: string; count: number }[];
    const total = categories.reduce((n, c) => n + c.count, 0);
    expect(total).toBe(55);
    expect(categories.find((c) => c.category === 'auth')?.count).toBe(13);
  });

  it('the events export has one line per event with the documented keys', async () => {
    const r = await run(['events', '--db', db, '--since', '1999-01-01', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(55);
    for (const line of lines) expect(Object.keys(JSON.parse(line))).toEqual(EVENT_KEYS);
    const csv = await run(['events', '--db', db, '--since', '1999-01-01', '--format', 'csv', '--category', 'relay']);
    expect(csv.stdout.split(/\r?\n/)[0]).toBe(EVENT_KEYS.join(','));
    expect(csv.stdout.trim().split(/\r?\n/)).toHaveLength(1 + 5);
  });

  it('a second run reads nothing new', async () => {
    const again = await run(['analyze', join(root, 'fixtures/exim/rejectlog'), '--db', db, '--host', 'mx1', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).inputs[0]).toMatchObject({ status: 'unchanged', events: 0 });
  });
});

describe('analyze hMailServer and PHPMailer fixtures into the same tables', () => {
  it('detects each format, shows both directions, stores every event', async () => {
    const db = join(dir, 'mixed.db');
    const files = [
      'fixtures/hmailserver/hmailserver_2024-11-22.log',
      'fixtures/phpmailer/echo-level3.log',
      'fixtures/phpmailer/html-mode.log',
      'fixtures/phpmailer/error-log-mixed.log',
    ].map((f) => join(root, f));
    const r = await run(['analyze', ...files, '--db', db, '--host', 'web1', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.inputs.map((i: { format: string }) => i.format)).toEqual(['hmailserver', 'phpmailer', 'phpmailer', 'phpmailer']);
    // PHPMailer expected counts: fixtures/phpmailer/README.md
    expect(summary.inputs.slice(1).map((i: { events: number }) => i.events)).toEqual([5, 6, 4]);
    const conn = new Database(db, { readonly: true });
    try {
      const byFormat = conn.prepare('SELECT format, direction, count(*) AS n FROM v_events GROUP BY format, direction ORDER BY format, direction').all();
      expect(byFormat.filter((r: any) => r.format === 'phpmailer')).toEqual([{ format: 'phpmailer', direction: 'outbound', n: 15 }]);
      const hmail = byFormat.filter((r: any) => r.format === 'hmailserver').map((r: any) => r.direction);
      expect(hmail).toEqual(['inbound', 'outbound']);
      // credentials never stored: no base64 AUTH payload from the fixtures appears anywhere
      const texts = conn.prepare('SELECT text FROM reply_texts').pluck().all() as string[];
      expect(texts.some((t) => /VXNlcm5hbWU6|UGFzc3dvcmQ6/.test(t))).toBe(false);
    } finally {
      conn.close();
    }
    const text = await run(['analyze', files[0]!, '--db', join(dir, 'hmail-only.db'), '--host', 'mx2']);
    expect(text.stdout).toMatch(/Direction\s+Refused/);
    expect(text.stdout).toMatch(/\n  inbound\s+\d+/);
    expect(text.stdout).toMatch(/\n  outbound\s+\d+/);
  });
});
