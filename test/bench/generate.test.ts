// The bench log generator (bench/generate.ts): same seed, same bytes; and files that look like the real
// logs of ../shared/corpus (formats.md): the checks here are about the shape of what is written, never
// about time.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_FORMATS, cachedLog, cacheName, generateLog, parseSize, type BenchFormat, type GeneratedLog } from '../../bench/generate.js';
import { defaultCorpusPath } from '../../bench/paths.js';
import { loadReplyCorpus, parseLabeledReplies, replyLines } from '../../bench/remote-replies.js';
import { Rng, Weighted } from '../../bench/rng.js';

const SIZE = 400 * 1024;
const corpusPath = defaultCorpusPath();
const corpus = loadReplyCorpus(corpusPath);
let dir: string;
const logs = {} as Record<BenchFormat, Omit<GeneratedLog, 'lines'> & { text: string; lines: string[]; lineCount: number }>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-gen-test-'));
  for (const format of BENCH_FORMATS) {
    const log = generateLog(format, join(dir, `${format}.log`), { bytes: SIZE, seed: 7, corpus });
    const text = readFileSync(log.path, 'latin1');
    const eol = format === 'hmailserver' ? '\r\n' : '\n';
    logs[format] = { ...log, text, lines: text.slice(0, -eol.length).split(eol), lineCount: log.lines };
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sha1 = (path: string) => createHash('sha1').update(readFileSync(path)).digest('hex');
const EXIM_TS = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /;

describe('determinism and size', () => {
  it.each(BENCH_FORMATS)('%s: the same seed gives the same bytes, another seed other bytes', (format) => {
    const again = generateLog(format, join(dir, `${format}-again.log`), { bytes: SIZE, seed: 7, corpus });
    const other = generateLog(format, join(dir, `${format}-other.log`), { bytes: SIZE, seed: 8, corpus });
    expect(sha1(again.path)).toBe(sha1(logs[format].path));
    expect(again.stats).toEqual(logs[format].stats);
    expect(sha1(other.path)).not.toBe(sha1(logs[format].path));
  });

  it.each(BENCH_FORMATS)('%s: at least the size asked for, ending on a complete line', (format) => {
    const log = logs[format];
    expect(log.bytes).toBeGreaterThanOrEqual(SIZE);
    expect(log.bytes).toBeLessThan(SIZE + 16 * 1024);
    expect(log.text.endsWith('\n')).toBe(true);
    expect(log.lines.length).toBe(log.lineCount);
  });

  it('caches by format, size, seed, generator version and corpus', () => {
    const cache = join(dir, 'cache');
    const first = cachedLog('phpmailer', { bytes: 50_000, seed: 3, corpus }, cache);
    const second = cachedLog('phpmailer', { bytes: 50_000, seed: 3, corpus }, cache);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.path).toBe(first.path);
    expect(second.bytes).toBe(first.bytes);
    expect(cacheName('phpmailer', { bytes: 50_000, seed: 3, corpus })).toMatch(/^phpmailer-50000-s3-g\d+-c\w+\.log$/);
    expect(cacheName('phpmailer', { bytes: 50_000, seed: 4, corpus })).not.toBe(cacheName('phpmailer', { bytes: 50_000, seed: 3, corpus }));
  });
});

describe('exim rejectlog', () => {
  it('has a rejection on about a third of its lines, the rest header blocks (issue 7: 11 M lines, 3.8 M rejections)', () => {
    const { lines } = logs['exim-rejectlog'];
    const first = lines.filter((l) => EXIM_TS.test(l)).length;
    expect(first / lines.length).toBeGreaterThan(0.28);
    expect(first / lines.length).toBeLessThan(0.4);
  });

  it('writes header lines only in the shapes of log.c, and none that starts like a new entry', () => {
    const header = /^(Envelope-from: <|Envelope-to: <| {4}<|[ FTCBIRPS*] \S|\t|\*\*\* truncated \*\*\*$)/;
    const bad = logs['exim-rejectlog'].lines.filter((l) => !EXIM_TS.test(l) && !header.test(l));
    expect(bad).toEqual([]);
  });

  it('follows every DATA-time rejection with 5 to 15 header lines, and RCPT-time ones with none', () => {
    const { lines } = logs['exim-rejectlog'];
    let afterData = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!EXIM_TS.test(lines[i]!)) continue;
      let n = 0;
      while (i + 1 + n < lines.length && !EXIM_TS.test(lines[i + 1 + n]!)) n++;
      if (lines[i]!.includes(' rejected after DATA: ')) {
        afterData++;
        expect(n).toBeGreaterThanOrEqual(5);
        expect(n).toBeLessThanOrEqual(16); // 15 + a rare "*** truncated ***"
        expect(lines[i + 1]).toMatch(/^Envelope-from: </);
      } else expect(n).toBe(0);
    }
    expect(afterData).toBeGreaterThan(100);
  });

  it('mixes the kinds of rejection of a busy host, with times that never go back', () => {
    const { text, lines, stats } = logs['exim-rejectlog'];
    for (const needle of [' rejected RCPT <', ' temporarily rejected RCPT ', 'relay not permitted', ' authenticator failed for ', ': 535 Incorrect authentication data',
      'SMTP protocol synchronization error', 'rejected connection in "connect" ACL', ' sender verify fail for <', 'rejected EHLO or HELO', '\\n']) {
      expect(text, needle).toContain(needle);
    }
    const share = (k: string) => (stats[`kind:${k}`] ?? 0) / stats.entries!;
    expect(share('rcpt')).toBeGreaterThan(0.4);
    expect(share('after-data')).toBeGreaterThan(0.15);
    expect(share('auth')).toBeGreaterThan(0.08);
    const times = lines.filter((l) => EXIM_TS.test(l)).map((l) => l.slice(0, 19));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(times.at(-1)! > times[0]!).toBe(true);
  });

  it('spreads clients over many IPv4 and some IPv6 addresses, with hostile and non-UTF-8 HELO names', () => {
    const { lines, path } = logs['exim-rejectlog'];
    const ips = new Set(lines.map((l) => /\[([0-9a-f:.]+)\](?::\d+)? (?:I=|F=|rejected|sender|AUTH|next)/.exec(l)?.[1]).filter(Boolean));
    expect(ips.size).toBeGreaterThan(300);
    expect([...ips].some((ip) => ip!.includes(':'))).toBe(true);
    const raw = readFileSync(path);
    expect(isUtf8(raw)).toBe(false); // Latin-1 bytes of a hostile HELO somewhere
    expect(lines.some((l) => /H=\S*.*\((?:[^)]*[ "'<\[]|[^)]*%s)/.test(l))).toBe(true);
  });
});

describe('exim mainlog', () => {
  it('has arrivals, deliveries, completions, bounces with the remote reply, deferrals and rejections', () => {
    const { text, stats } = logs['exim-mainlog'];
    for (const needle of [' <= ', ' => ', ' Completed', ' ** ', ' : SMTP error from remote mail server after RCPT TO:<', ' == ', ' defer (-44) H=', 'defer (111): Connection refused',
      ': retry timeout exceeded', ' rejected RCPT ', 'Start queue run: pid=']) {
      expect(text, needle).toContain(needle);
    }
    // Multi-line remote replies joined with a literal \n (transports/smtp.c string_printing).
    expect(text).toMatch(/SMTP error from remote mail server after [^\n]*: [245]\d\d-[^\n]*\\n[245]\d\d /);
    expect(stats.rejection! / stats.lines!).toBeGreaterThan(0.04);
    expect(stats.failure! + stats.deferral!).toBeGreaterThan(50);
  });

  it('puts every line of a message under one id, arrival first', () => {
    const { lines } = logs['exim-mainlog'];
    const firstFlag = new Map<string, string>();
    for (const l of lines) {
      const m = /^\S+ \S+ ([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) (\S+)/.exec(l);
      if (m && !firstFlag.has(m[1]!)) firstFlag.set(m[1]!, m[2]!);
    }
    const arrivalsFirst = [...firstFlag.values()].filter((f) => f === '<=').length;
    // Only rejections after DATA, which have an id but no arrival, start otherwise.
    expect(arrivalsFirst / firstFlag.size).toBeGreaterThan(0.95);
  });
});

describe('hmailserver', () => {
  it('writes tab-separated quoted columns ending in CRLF', () => {
    const { lines } = logs.hmailserver;
    const six = /^"(SMTPD|SMTPC|IMAPD|POP3D)"\t\d+\t\d+\t"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}"\t"[0-9a-f:.]+"\t".*"$/;
    const four = /^"(DEBUG|TCPIP|APPLICATION|ERROR)"\t\d+\t"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}"\t".*"$/;
    const ok = lines.filter((l) => six.test(l) || four.test(l)).length;
    // A bare LF inside a message (formats.md 2.2) may break one line in many thousands.
    expect(ok / lines.length).toBeGreaterThan(0.999);
  });

  it('interleaves sessions and has hMailServer refusals and remote refusals with [nl]', () => {
    const { text, lines } = logs.hmailserver;
    for (const needle of ['"SENT: 550 Unknown user"', '"SENT: 451 Please try again later."', '"SENT: 530 SMTP authentication is required."', '"SENT: 535 Authentication failed.',
      '"SENT: 550 Delivery is not allowed to this address."', '"SMTPC"', '"IMAPD"', '[nl]250 HELP', 'RECEIVED: ***', 'SMTPDeliverer - Message ']) {
      expect(text, needle).toContain(needle);
    }
    expect(lines.some((l) => /^"SMTPC".*"RECEIVED: [45]\d\d/.test(l))).toBe(true);
    const sessions = lines.map((l) => /^"SMTPD"\t\d+\t(\d+)\t/.exec(l)?.[1]).filter(Boolean);
    let switches = 0;
    for (let i = 1; i < sessions.length; i++) if (sessions[i] !== sessions[i - 1]) switches++;
    expect(switches / sessions.length).toBeGreaterThan(0.3);
  });
});

describe('phpmailer', () => {
  it('has echo-mode transcripts with continuation lines inside a PHP error_log', () => {
    const { text, lines } = logs.phpmailer;
    expect(lines.some((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\tSERVER -> CLIENT: 250-/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {19}\t {18}250[ -]/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d UTC\] PHP (Warning|Notice|Deprecated|Fatal error): /.test(l))).toBe(true);
    for (const needle of ['SMTP ERROR: Password command failed: 535', 'Relay access denied', 'SMTP ERROR: RCPT TO command failed: 5', 'SMTP ERROR: Failed to connect to server: Connection refused (111)',
      'SMTP Error: Could not authenticate.', 'SMTP Error: data not accepted.', 'Message has been sent', '[credentials hidden]']) {
      expect(text, needle).toContain(needle);
    }
  });

  it('fails about a quarter of the sends', () => {
    const { stats } = logs.phpmailer;
    const failed = stats.transcripts! - (stats['outcome:sent'] ?? 0);
    expect(failed / stats.transcripts!).toBeGreaterThan(0.15);
    expect(failed / stats.transcripts!).toBeLessThan(0.35);
  });
});

describe('remote replies', () => {
  it.skipIf(!existsSync(corpusPath))('takes the reply itself out of the labeled corpus rows, code first', () => {
    const entries = parseLabeledReplies(readFileSync(corpusPath, 'utf8'));
    expect(entries.length).toBeGreaterThan(400);
    for (const e of entries) {
      expect(e.text).toMatch(/^[245]\d\d[ -]/);
      expect(e.text).not.toMatch(/ said: | \(in reply to /);
      expect(e.code).toBe(Number(e.text.slice(0, 3)));
    }
    expect(new Set(entries.map((e) => e.category)).size).toBeGreaterThan(15);
  });

  it('breaks a long reply into NNN- lines and a last NNN line, losing no word', () => {
    const text = `550 5.1.1 ${'word '.repeat(40)}end`;
    const lines = replyLines(text);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).every((l) => l.startsWith('550-5.1.1 '))).toBe(true);
    expect(lines.at(-1)!.startsWith('550 5.1.1 ')).toBe(true);
    expect(lines.map((l) => l.slice(10)).join(' ')).toBe(text.slice(10));
    expect(replyLines('250 OK')).toEqual(['250 OK']);
  });

  it('draws the common categories most', () => {
    const rng = new Rng(5);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4000; i++) {
      const r = corpus.replies.draw(rng, 'permanent', { ip: '192.0.2.1', rcpt: 'a@example.org', domain: 'example.org' });
      expect(r.code).toBeGreaterThanOrEqual(500);
      counts[r.category] = (counts[r.category] ?? 0) + 1;
    }
    expect(counts.unknown_user!).toBeGreaterThan(counts.virus ?? 0);
    expect(counts.unknown_user! / 4000).toBeGreaterThan(0.2);
  });
});

describe('helpers', () => {
  it('reads sizes in binary units', () => {
    expect(parseSize('200MB')).toBe(200 * 1024 * 1024);
    expect(parseSize('20 MiB')).toBe(20 * 1024 * 1024);
    expect(parseSize('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1000')).toBe(1000);
    expect(() => parseSize('lots')).toThrow(/not a size/);
  });

  it('draws the same numbers for the same seed, and by weight', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(new Rng(43).next()).not.toBe(seqA[0]);
    const w = new Weighted([['a', 3], ['b', 1]] as const);
    const r = new Rng(1);
    let n = 0;
    for (let i = 0; i < 10_000; i++) if (w.draw(r) === 'a') n++;
    expect(n / 10_000).toBeGreaterThan(0.72);
    expect(n / 10_000).toBeLessThan(0.78);
  });
});
