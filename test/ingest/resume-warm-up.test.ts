// A run that continues a file re-reads the lines just before its resume point, so the parser has the
// state it had there (src/ingest/read-input.ts warmUpStart): wherever a cron run falls between two lines,
// the two runs store what one run over the whole file stores, and count every line once.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/ingest.js';
import { warmUpStart } from '../../src/ingest/read-input.js';
import { openDatabase, type Db } from '../../src/store/open.js';

let dir: string;
const dbs: Db[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-warm-'));
});
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
const open = (name: string) => {
  const db = openDatabase(join(dir, name));
  dbs.push(db);
  return db;
};
const run = (db: Db, file: string) =>
  ingest(db, [file], { host: 'mx1', stdin: Readable.from([]), cwd: dir, now: () => Date.parse('2024-11-27T02:00:00Z') });

/** Every stored field of every event, in file order (the run id aside). */
const rows = (db: Db) =>
  db
    .prepare(
      `SELECT e.line, e.byte_offset, e.seq, e.ts, k.stage, k.code, k.enhanced, k.class, k.category, k.rule, e.client_ip, e.helo, e.sender,
              e.recipient, e.server, e.message_id, t.text
       FROM events e JOIN event_kinds k ON k.id = e.kind_id JOIN reply_texts t ON t.id = e.text_id ORDER BY e.byte_offset, e.seq`,
    )
    .all();
const linesRead = (db: Db) => db.prepare('SELECT coalesce(sum(lines_read), 0) FROM hourly_lines').pluck().get();

/** The file's lines, each with its terminator (LF, CRLF or a lone CR, as maillens cuts them). */
const linesOf = (text: string) => text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];

/** Stores `text` in one run, and in two runs split after each of `splits` lines: the results must agree. */
async function expectSplitsAgree(name: string, text: string, splits: number[]): Promise<void> {
  const whole = open(`${name}-whole.db`);
  const file = join(dir, name);
  writeFileSync(file, text);
  await run(whole, file);
  const expected = rows(whole);
  expect(expected.length).toBeGreaterThan(0);
  const lines = linesOf(text);
  for (const k of splits) {
    const db = open(`${name}-${k}.db`);
    const part = join(dir, `${name}.${k}`);
    writeFileSync(part, lines.slice(0, k).join(''));
    await run(db, part);
    appendFileSync(part, lines.slice(k).join(''));
    const second = await run(db, part);
    expect(rows(db), `${name} split after line ${k}`).toEqual(expected);
    // the re-read lines are neither counted again nor reported as read by the second run
    expect(second.inputs[0]!.lines, `${name} split after line ${k}`).toBe(lines.length - k);
    expect(linesRead(db)).toBe(lines.length);
  }
}

describe('a run continuing a file first re-reads the lines before its resume point', () => {
  it('PHPMailer: a failure is stored once wherever the run ends (html-mode fixture, every line)', async () => {
    // Before: a run ending between a failed command and PHPMailer's restatement of it stored the failure
    // twice (13 of 27 split points differed from one run).
    const text = fixture('phpmailer/html-mode.log');
    await expectSplitsAgree('html-mode.log', text, Array.from({ length: linesOf(text).length - 1 }, (_, i) => i + 1));
  });

  it("hMailServer: a refusal keeps its session's HELO, sender, recipient and command (fixture, every 7th of its first 200 lines)", async () => {
    const text = fixture('hmailserver/hmailserver_2024-11-22.log');
    const n = linesOf(text).length;
    await expectSplitsAgree('hmailserver_2024-11-22.log', text, Array.from({ length: Math.floor(n / 7) }, (_, i) => i * 7 + 1).filter((k) => k < 200));
  });

  it('hMailServer: a run ending right after RCPT TO still stores the 550 as a refusal of that recipient', async () => {
    const text = [
      '"SMTPD"\t5120\t4097\t"2024-11-22 00:00:01.100"\t"203.0.113.9"\t"SENT: 220 mx.example.com ESMTP"',
      '"SMTPD"\t5120\t4097\t"2024-11-22 00:00:01.150"\t"203.0.113.9"\t"RECEIVED: EHLO client.example.org"',
      '"SMTPD"\t5120\t4097\t"2024-11-22 00:00:01.170"\t"203.0.113.9"\t"RECEIVED: MAIL FROM:<a@example.org>"',
      '"SMTPD"\t5120\t4097\t"2024-11-22 00:00:01.180"\t"203.0.113.9"\t"SENT: 250 OK"',
      '"SMTPD"\t5120\t4097\t"2024-11-22 00:00:01.204"\t"203.0.113.9"\t"RECEIVED: RCPT TO:<old.staff@example.com>"',
      '"SMTPD"\t2216\t4097\t"2024-11-22 00:00:01.208"\t"203.0.113.9"\t"SENT: 550 Unknown user"',
      '',
    ].join('\r\n');
    await expectSplitsAgree('hmailserver_2024-11-22.log', text, [5]);
    const db = open('check.db');
    const file = join(dir, 'check.log');
    writeFileSync(file, linesOf(text).slice(0, 5).join(''));
    await run(db, file);
    writeFileSync(file, text);
    await run(db, file);
    expect(rows(db)).toMatchObject([{ stage: 'rcpt', recipient: 'old.staff@example.com', sender: 'a@example.org', helo: 'client.example.org' }]);
  });

  it('Exim: a line repeating an earlier one in the same second is a second event, in one run or two', async () => {
    // Before: the second run counted repeats from zero again, so the repeat got the first line's twin key
    // and was dropped as already stored (the corpus split at line 306: 752 of its 792 events).
    const line = '2024-11-26 10:00:01 H=(client.example) [203.0.113.5] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted\n';
    await expectSplitsAgree('rejectlog', `${line}${line}${line}`, [1, 2]);
  });

  it("Exim: a client's failed TLS read and the hang-up after it are one event wherever the run ends", async () => {
    // heavybrain101/youtube mainlog.1 (probe-exim-16), with another connection's refusal between the two
    const text = [
      '2024-03-14 08:48:31 H=058.3j5.paz-cima-c57.garfo.sistemaenviando.pro (mail.fesor.ru) [146.185.239.148] X=TLS1.2:ECDHE_SECP256R1__RSA_SHA512__AES_256_GCM:256 CV=no F=<larisa@fesor.ru> rejected RCPT <sales@rucreditcard.ru>: relay not permitted',
      '2024-03-14 08:48:33 TLS error on connection from 058.3j5.paz-cima-c57.garfo.sistemaenviando.pro (mail.fesor.ru) [146.185.239.148] (recv): The TLS connection was non-properly terminated.',
      '2024-03-14 08:48:33 H=(User) [194.169.175.17] F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted',
      '2024-03-14 08:48:33 unexpected disconnection while reading SMTP command from 058.3j5.paz-cima-c57.garfo.sistemaenviando.pro (mail.fesor.ru) [146.185.239.148] D=5s',
      '',
    ].join('\n');
    await expectSplitsAgree('mainlog', text, [1, 2, 3]);
    const db = open('tls.db');
    const file = join(dir, 'tls.log');
    writeFileSync(file, text);
    await run(db, file);
    expect(rows(db)).toMatchObject([{ stage: 'rcpt' }, { stage: 'tls', line: 2 }, { stage: 'rcpt' }]);
  });

  it('continues the line numbers where the first run left them, across CRLF and lone CR line ends', async () => {
    const line = (i: number) => `2024-11-26 10:00:0${i} H=(c${i}.example) [203.0.113.${i}] F=<a${i}@example.org> rejected RCPT <b${i}@example.net>: relay not permitted`;
    await expectSplitsAgree('rejectlog', `${line(1)}\r\n${line(2)}\r${line(3)}\n${line(4)}\r\n${line(5)}\n`, [1, 2, 3, 4]);
  });
});

describe('warmUpStart', () => {
  const file = (content: string | Buffer) => {
    const path = join(dir, 'w.log');
    writeFileSync(path, content);
    return path;
  };

  it('starts at the beginning of the file when the window reaches it, with the line count before it', () => {
    const path = file('a\r\nb\rc\nd\n');
    // resume after "c\n" (offset 7, 3 lines read): re-read from 0, the line before is number 0
    expect(warmUpStart(path, 7, 3)).toEqual({ offset: 0, line: 0 });
    expect(warmUpStart(path, 0, 0)).toBeNull();
  });

  it('starts after the first line end inside a window that begins within a line', () => {
    const long = 'x'.repeat(300 * 1024);
    const path = file(`${long}\nline 2\nline 3\n`);
    const resume = long.length + 1 + 'line 2\n'.length;
    // the window begins inside the long first line: the warm-up starts at line 2 (after line 1)
    expect(warmUpStart(path, resume, 2)).toEqual({ offset: long.length + 1, line: 1 });
  });

  it('re-reads nothing when the window holds no line start, or the file cannot be read', () => {
    const long = 'x'.repeat(300 * 1024);
    const path = file(`${long}\n`);
    expect(warmUpStart(path, long.length + 1, 1)).toBeNull();
    expect(warmUpStart(join(dir, 'gone.log'), 100, 3)).toBeNull();
  });
});
