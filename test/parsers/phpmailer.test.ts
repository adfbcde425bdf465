// The PHPMailer parser on what parsers/phpmailer.samples.log cannot show: whole files split by the real
// line reader (CRLF, chunk boundaries), echo mode with its real indentation, html mode, an error_log with
// unrelated PHP messages, credential masking, errno traps, times, detection and hostile input.
// Fixtures and their expected counts: fixtures/phpmailer/README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import parser from '../../parsers/phpmailer.js';
import { PhpMailerParser } from '../../parsers/phpmailer/transcript-parser.js';
import { SUMMARY_PHRASES } from '../../parsers/phpmailer/summary-phrases.js';
import type { LineVerdict, LogLine, LogParser } from '../../parsers/types.js';
import { detectFormat } from '../../src/ingest/detect-format.js';
import { LineSplitter } from '../../src/ingest/read-lines.js';
import { classify } from '../../src/classify/classify.js';
import type { ReplyEvent } from '../../src/model/event.js';
import { corpusFile, projectRoot } from '../../src/util/paths.js';

const root = projectRoot();
const CORPUS = corpusFile('phpmailer-real.log');
const corpusPath = (() => {
  try {
    readFileSync(CORPUS);
    return CORPUS;
  } catch {
    return null;
  }
})();

interface Run {
  events: ReplyEvent[];
  verdicts: LineVerdict[];
  successes: { line: number; time: number | null }[];
  lines: LogLine[];
  parser: LogParser;
}

function runLines(texts: readonly string[]): Run {
  let offset = 0;
  const lines = texts.map((text, i) => {
    const line = { text, offset, number: i + 1 };
    offset += Buffer.byteLength(text) + 1;
    return line;
  });
  return runLogLines(lines);
}

function runLogLines(lines: LogLine[]): Run {
  const events: ReplyEvent[] = [];
  const successes: Run['successes'] = [];
  let current = 0;
  const p = parser.create({ sink: { event: (e) => events.push(e), success: (time) => successes.push({ line: current, time }) } });
  const verdicts = lines.map((l) => {
    current = l.number;
    return p.push(l);
  });
  p.finish();
  return { events, verdicts, successes, lines, parser: p };
}

/** A whole file through the project's line reader, optionally in random chunks. */
function runBytes(bytes: Buffer, chunks?: number[]): Run {
  const lines: LogLine[] = [];
  const splitter = new LineSplitter((l) => lines.push(l));
  if (chunks) {
    let at = 0;
    for (const size of chunks) {
      if (at >= bytes.length) break;
      splitter.push(bytes.subarray(at, at + size));
      at += size;
    }
    if (at < bytes.length) splitter.push(bytes.subarray(at));
  } else {
    splitter.push(bytes);
  }
  splitter.end(true);
  return runLogLines(lines);
}

const fixture = (name: string) => readFileSync(join(root, 'fixtures', 'phpmailer', name));

function tally(verdicts: LineVerdict[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const v of verdicts) t[v] = (t[v] ?? 0) + 1;
  return t;
}

/** The facts of an event without its position, for comparing runs of the same text cut differently. */
function facts(e: ReplyEvent) {
  const { offset: _o, ...rest } = e;
  return rest;
}

function pick(e: ReplyEvent, keys: (keyof ReplyEvent)[]) {
  return Object.fromEntries(keys.map((k) => [k, e[k]]));
}

const IND = ' '.repeat(19) + '\t' + ' '.repeat(18);

describe('phpmailer: the corpus', () => {
  it.runIf(corpusPath)('reads every real line without a "skipped" verdict, 19 events and 1 success', () => {
    const texts = readFileSync(corpusPath!, 'utf8').split('\n');
    if (texts[texts.length - 1] === '') texts.pop();
    const run = runLines(texts);
    expect(texts).toHaveLength(166);
    expect(run.verdicts).toHaveLength(166);
    expect(tally(run.verdicts)).toEqual({ context: 146, reply: 19, success: 1 });
    expect(run.events).toHaveLength(19);
    expect(run.successes).toEqual([{ line: 151, time: Date.UTC(2018, 11, 18, 9, 57, 39) }]);
    // Every event line has verdict reply and every reply line has an event.
    const eventLines = new Set(run.events.map((e) => e.line));
    run.verdicts.forEach((v, i) => expect(v === 'reply', `line ${i + 1}`).toBe(eventLines.has(i + 1)));
    for (const e of run.events) expect(e.direction).toBe('outbound');
  });

  it.runIf(corpusPath)('gives the same events and verdicts with CRLF line ends and through the line reader in random chunks', () => {
    const lf = readFileSync(corpusPath!);
    const crlf = Buffer.from(lf.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    const base = runBytes(lf);
    // Lines handed over with their CR still on (a reader that only splits on LF).
    const withCr = runLogLines(base.lines.map((l) => ({ ...l, text: l.text + '\r' })));
    expect(withCr.events.map(facts)).toEqual(base.events.map(facts));
    expect(withCr.verdicts).toEqual(base.verdicts);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 97 + 1;
    const chunked = runBytes(crlf, Array.from({ length: 2000 }, rnd));
    expect(chunked.events.map(facts)).toEqual(base.events.map(facts));
    expect(chunked.verdicts).toEqual(base.verdicts);
    expect(chunked.successes).toEqual(base.successes);
  });

  it.runIf(corpusPath)('never lets the base64 credentials of lines 27-45 (issue #1394) into an event', () => {
    const texts = readFileSync(corpusPath!, 'utf8').split('\n').slice(26, 45);
    const secrets: string[] = [];
    for (const t of texts) {
      const m = /CLIENT -> SERVER: ([A-Za-z0-9+/]{8,}={0,2})$/.exec(t);
      if (m) secrets.push(m[1]!, Buffer.from(m[1]!, 'base64').toString('utf8'));
    }
    expect(secrets).toHaveLength(4); // user and password, each encoded and decoded
    const run = runLines(texts);
    expect(run.events).toHaveLength(1); // the 535: the test is about a real event's content
    const all = JSON.stringify(run.events);
    for (const s of secrets) expect(all.includes(s), s.slice(0, 3)).toBe(false);
    // The credential lines themselves are context, never replies.
    expect(run.verdicts[42 - 27]).toBe('context');
    expect(run.verdicts[44 - 27]).toBe('context');
  });
});

describe('phpmailer: echo mode (echo-level3.log)', () => {
  const run = runBytes(fixture('echo-level3.log'));

  it('states each of the five failures once, and the one sent message as a success', () => {
    expect(run.lines).toHaveLength(158);
    expect(tally(run.verdicts)).toEqual({ context: 152, reply: 5, success: 1 });
    const keys: (keyof ReplyEvent)[] = ['line', 'stage', 'code', 'enhanced', 'codeSource', 'recipient', 'sender', 'server'];
    expect(run.events.map((e) => pick(e, keys))).toEqual([
      { line: 33, stage: 'auth', code: 535, enhanced: '5.7.8', codeSource: 'seen', recipient: null, sender: null, server: 'smtp.gmail.com' },
      { line: 64, stage: 'rcpt', code: 550, enhanced: '5.1.1', codeSource: 'seen', recipient: 'nobody.here@gmail.com', sender: 'shop@example.org', server: 'smtp.gmail.com' },
      { line: 109, stage: 'rcpt', code: 450, enhanced: '4.2.0', codeSource: 'seen', recipient: 'friend@example.net', sender: 'shop@example.org', server: 'mail.example.net' },
      { line: 137, stage: 'data', code: 550, enhanced: '5.7.26', codeSource: 'seen', recipient: null, sender: 'news@example.org', server: 'smtp.gmail.com' },
      { line: 155, stage: 'connect', code: null, enhanced: null, codeSource: 'none', recipient: null, sender: null, server: 'mx.example.com' },
    ]);
    expect(run.successes).toEqual([{ line: 85, time: Date.UTC(2024, 2, 4, 9, 16, 12) }]);
  });

  it('joins the indented continuation lines of a multi-line reply into one text', () => {
    const [auth, rcpt, , dmarc] = run.events;
    expect(auth!.text).toBe('535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials a1-20020a170906b6c1sm1234567ejb.12 - gsmtp');
    expect(rcpt!.text).toBe(
      "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser a1-20020a170906b6c1sm1234567ejb.12 - gsmtp",
    );
    expect(dmarc!.text).toContain("not accepted due to domain's DMARC policy. Please contact the administrator");
    expect(dmarc!.text.endsWith('DmarcRejection a1-20020a170906b6c1sm1234567ejb.12 - gsmtp')).toBe(true);
    // The lines really are indented with 19 spaces, TAB, 18 spaces in the fixture.
    expect(run.lines[33]!.text.startsWith(IND + '535 5.7.8')).toBe(true);
    expect(run.verdicts[33]).toBe('context');
  });

  it('takes PHPMailer timestamps as UTC whatever the local zone', () => {
    expect(run.events[0]!.time).toBe(Date.UTC(2024, 2, 4, 9, 15, 2));
    expect(run.parser.lastTime).toBe(Date.UTC(2024, 2, 4, 9, 55, 30));
  });
});

describe('phpmailer: level 4 (level4-inbound.log)', () => {
  const run = runBytes(fixture('level4-inbound.log'));

  it('reports the reply on its first SMTP INBOUND line and not again for the assembled reply', () => {
    expect(tally(run.verdicts)).toEqual({ context: 48, reply: 1 });
    expect(run.events).toHaveLength(1);
    const e = run.events[0]!;
    expect(run.lines[e.line - 1]!.text).toContain('SMTP INBOUND: "550-Callout verification failed:"');
    expect(pick(e, ['stage', 'code', 'enhanced', 'recipient', 'server'])).toEqual({
      stage: 'rcpt',
      code: 550,
      enhanced: null,
      recipient: 'gone@example.net',
      server: 'mail.example.com',
    });
    expect(e.text).toBe('550 Callout verification failed: 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in local recipient table');
  });

  it('keeps the clear base64 login out of every event (the login name only as the MAIL FROM sender)', () => {
    const user64 = 'd2Vic2hvcEBleGFtcGxlLmNvbQ==';
    const pass64 = 'Q29ycmVjdC1Ib3JzZS1CYXR0ZXJ5';
    const text = fixture('level4-inbound.log').toString('utf8');
    expect(text).toContain(user64);
    expect(text).toContain(pass64);
    const all = JSON.stringify(run.events);
    for (const s of [user64, pass64, Buffer.from(pass64, 'base64').toString()]) expect(all).not.toContain(s);
    const user = Buffer.from(user64, 'base64').toString();
    expect(run.events[0]!.sender).toBe(user);
    expect(run.events.some((e) => e.text.includes(user))).toBe(false);
  });
});

describe('phpmailer: html mode (html-mode.log)', () => {
  const run = runBytes(fixture('html-mode.log'));

  it('decodes entities, drops <br>, splits glued replies and glued entries', () => {
    expect(tally(run.verdicts)).toEqual({ context: 24, reply: 4 });
    const keys: (keyof ReplyEvent)[] = ['line', 'seq', 'stage', 'code', 'enhanced', 'recipient', 'text'];
    expect(run.events.map((e) => pick(e, keys))).toEqual([
      { line: 7, seq: 0, stage: 'rcpt', code: 554, enhanced: '5.7.1', recipient: 'someone@example.net', text: '554 5.7.1 <someone@example.net>: Relay access denied' },
      {
        line: 21,
        seq: 0,
        stage: 'auth',
        code: 535,
        enhanced: '5.7.8',
        recipient: null,
        text: '535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials a1-20020a170906b6c1sm1234567ejb.12 - gsmtp',
      },
      { line: 27, seq: 0, stage: 'rcpt', code: 550, enhanced: '5.1.1', recipient: 'old@example.net', text: '550 5.1.1 <old@example.net>: Recipient address rejected: User unknown in local recipient table' },
      {
        line: 27,
        seq: 1,
        stage: 'rcpt',
        code: 450,
        enhanced: '4.2.0',
        recipient: 'new@example.net',
        text: '450 4.2.0 <new@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html',
      },
      { line: 28, seq: 0, stage: 'rcpt', code: 550, enhanced: '5.1.1', recipient: 'old@example.net', text: '550 5.1.1 <old@example.net>: Recipient address rejected: User unknown in local recipient table' },
      {
        line: 28,
        seq: 1,
        stage: 'rcpt',
        code: 450,
        enhanced: '4.2.0',
        recipient: 'new@example.net',
        text: '450 4.2.0 <new@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html',
      },
    ]);
    // Events on one line share its line and offset; the two seq values keep them apart.
    const [, , a, b] = run.events;
    expect(a!.offset).toBe(b!.offset);
    expect(a!.time).toBe(Date.UTC(2024, 2, 6, 11, 20, 1));
  });
});

describe('phpmailer: an error_log with unrelated PHP messages (error-log-mixed.log)', () => {
  const run = runBytes(fixture('error-log-mixed.log'));

  it('finds the four failures and one success among warnings, notices and a stack trace', () => {
    expect(run.lines).toHaveLength(124);
    expect(tally(run.verdicts)).toEqual({ ignored: 49, context: 70, reply: 4, success: 1 });
    const keys: (keyof ReplyEvent)[] = ['line', 'stage', 'code', 'enhanced', 'codeSource', 'recipient', 'time'];
    expect(run.events.map((e) => pick(e, keys))).toEqual([
      { line: 35, stage: 'rcpt', code: 550, enhanced: '5.1.1', codeSource: 'seen', recipient: 'nobody.here@gmail.com', time: Date.UTC(2024, 2, 4, 10, 2, 13) },
      { line: 111, stage: 'data', code: 550, enhanced: '5.7.26', codeSource: 'seen', recipient: null, time: Date.UTC(2024, 2, 4, 10, 31, 2) },
      { line: 116, stage: 'connect', code: null, enhanced: null, codeSource: 'none', recipient: null, time: Date.UTC(2024, 2, 4, 10, 31, 3) },
      { line: 118, stage: 'auth', code: null, enhanced: null, codeSource: 'none', recipient: null, time: Date.UTC(2024, 2, 4, 10, 48, 30) },
    ]);
    expect(run.events[0]!.text).toContain("typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser");
    expect(run.events[2]!.text).toBe('Failed to connect to server: Connection refused (111)');
    expect(run.events[3]!.text).toBe('SMTP Error: Could not authenticate.');
    expect(run.successes).toEqual([{ line: 100, time: Date.UTC(2024, 2, 4, 10, 3, 41) }]);
  });

  it('calls unrelated PHP lines and their continuation lines ignored, PHPMailer continuations context', () => {
    const verdictOf = (needle: string) => run.verdicts[run.lines.findIndex((l) => l.text.includes(needle))];
    expect(verdictOf('PHP Warning:  Undefined array key')).toBe('ignored');
    expect(verdictOf('PHP Deprecated:')).toBe('ignored');
    expect(verdictOf('PHP Fatal error:  Uncaught TypeError')).toBe('ignored');
    expect(verdictOf('#0 /var/www/html/cart.php(12)')).toBe('ignored');
    expect(verdictOf('  thrown in /var/www/html/lib/Cart.php')).toBe('ignored');
    expect(verdictOf('250-ENHANCEDSTATUSCODES')).toBe('context');
    expect(verdictOf("550-5.1.1 double-checking")).toBe('context');
    expect(verdictOf(' SMTP code: 550 Additional SMTP info: 5.7.26')).toBe('context');
    // The exception's own stack trace is not part of the failure text.
    expect(verdictOf('#0 /var/www/html/vendor/phpmailer')).toBe('context');
  });
});

describe('phpmailer: one failure, one event', () => {
  it('counts a refusal shown as reply, SMTP ERROR, recipients-failed and ErrorInfo once', () => {
    const run = runLines([
      '2025-04-05 17:38:02\tCLIENT -> SERVER: MAIL FROM:<a@example.org>',
      '2025-04-05 17:38:02\tSERVER -> CLIENT: 250 2.1.0 Ok',
      '2025-04-05 17:38:02\tCLIENT -> SERVER: RCPT TO:<b@example.net>',
      '2025-04-05 17:38:02\tSERVER -> CLIENT: 554 5.7.1 <b@example.net>: Relay access denied',
      '2025-04-05 17:38:02\tSMTP ERROR: RCPT TO command failed: 554 5.7.1 <b@example.net>: Relay access denied',
      '2025-04-05 17:38:02\tSMTP Error: The following recipients failed: b@example.net: <b@example.net>: Relay access denied',
      'Mailer Error: SMTP Error: The following recipients failed: b@example.net: <b@example.net>: Relay access denied',
    ]);
    expect(run.events).toHaveLength(1);
    expect(run.verdicts).toEqual(['context', 'context', 'context', 'reply', 'context', 'context', 'context']);
  });

  it('takes the event from the SMTP ERROR line at debug level 1, with the stage its command names', () => {
    const run = runLines([
      '2025-04-05 17:38:02\tCLIENT -> SERVER: MAIL FROM:<a@example.org>',
      '2025-04-05 17:38:02\tCLIENT -> SERVER: RCPT TO:<b@example.net>',
      '2025-04-05 17:38:02\tSMTP ERROR: RCPT TO command failed: 550 5.1.1 <b@example.net>: Recipient address rejected: User unknown in local recipient table',
      '2025-04-05 17:38:02\tCLIENT -> SERVER: QUIT',
      '2025-04-05 17:38:02\tSMTP Error: The following recipients failed: b@example.net: <b@example.net>: Recipient address rejected: User unknown in local recipient table',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced', 'recipient', 'sender']))).toEqual([
      { line: 3, stage: 'rcpt', code: 550, enhanced: '5.1.1', recipient: 'b@example.net', sender: 'a@example.org' },
    ]);
  });

  // PHPMailer#1059, #1917 (probe-php-4 t17, t19): smtpConnect() prints the exception it caught, says QUIT,
  // closes; send() prints it again with a record of its own. Only the closing lies between the two.
  it('takes the second print of a failure after QUIT and "Connection: closed" for a repeat, stamped or not', () => {
    const echo = runLines([
      '2017-05-25 18:16:58\tCLIENT -> SERVER: STARTTLS',
      '2017-05-25 18:16:58\tSERVER -> CLIENT: 220 2.0.0 SMTP server ready',
      '2017-05-25 18:16:58\tSMTP Error: Could not connect to SMTP host.',
      '2017-05-25 18:16:58\tCLIENT -> SERVER: QUIT',
      '2017-05-25 18:16:58\tSERVER -> CLIENT:',
      '2017-05-25 18:16:58\tSMTP ERROR: QUIT command failed:',
      '2017-05-25 18:16:58\tConnection: closed',
      '2017-05-25 18:16:58\tSMTP Error: Could not connect to SMTP host.',
    ]);
    expect(echo.events.map((e) => pick(e, ['line', 'stage', 'text']))).toEqual([{ line: 3, stage: 'tls', text: 'STARTTLS failed: the TLS session could not be started' }]);
    expect(classify(echo.events[0]!).category).toBe('tls');
    const html = runLines([
      '2019-12-13 10:23:23 CLIENT -&gt; SERVER: EHLO client.example.org<br>',
      'SMTP Error: Could not authenticate.<br>',
      '2019-12-13 10:23:23 CLIENT -&gt; SERVER: QUIT<br>',
      '2019-12-13 10:23:23 SERVER -&gt; CLIENT: 221 2.0.0 Bye<br>',
      'SMTP Error: Could not authenticate.<br>',
    ]);
    expect(html.events.map((e) => e.line)).toEqual([2]);
  });

  it('still counts the same message of the next send, after a new command, as a failure of its own', () => {
    const run = runLines([
      '2019-12-13 10:23:23 CLIENT -> SERVER: EHLO client.example.org',
      '2019-12-13 10:23:23 SMTP Error: Could not authenticate.',
      '2019-12-13 10:23:23 CLIENT -> SERVER: QUIT',
      '2019-12-13 10:23:24 CLIENT -> SERVER: EHLO client.example.org',
      '2019-12-13 10:23:24 SMTP Error: Could not authenticate.',
    ]);
    expect(run.events.map((e) => e.line)).toEqual([2, 5]);
  });

  it('counts separate ErrorInfo lines of an application log separately (no debug output to repeat)', () => {
    const run = runLines([
      '[22-Nov-2024 11:19:00 UTC] Mailer Error: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      '[22-Nov-2024 11:20:00 UTC] Mailer Error: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      '[22-Nov-2024 11:21:00 UTC] Mailer Error: SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: Message rejected as spam SMTP code: 554',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'codeSource', 'text']))).toEqual([
      { stage: 'connect', code: null, codeSource: 'none', text: 'SMTP connect() failed.' },
      { stage: 'connect', code: null, codeSource: 'none', text: 'SMTP connect() failed.' },
      { stage: 'data', code: 554, codeSource: 'seen', text: '554 Message rejected as spam' },
    ]);
  });

  it('reads "Could not authenticate" as the auth failure only when no reply said it first', () => {
    const alone = runLines(['2024-01-01 10:00:00\tSMTP Error: Could not authenticate.']);
    expect(alone.events.map((e) => pick(e, ['stage', 'code', 'codeSource']))).toEqual([{ stage: 'auth', code: null, codeSource: 'none' }]);
    const after = runLines([
      '2024-01-01 10:00:00\tCLIENT -> SERVER: AUTH LOGIN',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 334 VXNlcm5hbWU6',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: [credentials hidden]',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 334 UGFzc3dvcmQ6',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: [credentials hidden]',
      '2024-01-01 10:00:01\tSERVER -> CLIENT: 535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6',
      '2024-01-01 10:00:01\tSMTP Error: Could not authenticate.',
    ]);
    expect(after.events).toHaveLength(1);
    expect(after.events[0]!.stage).toBe('auth');
    expect(after.verdicts[6]).toBe('context');
  });

  it('reports a 4xx/5xx reply even when the transcript stops right after it', () => {
    const run = runLines(['2024-01-01 10:00:00\tCLIENT -> SERVER: RCPT TO:<x@example.net>', '2024-01-01 10:00:00\tSERVER -> CLIENT: 452 4.5.3 Too many recipients']);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced']))).toEqual([{ line: 2, stage: 'rcpt', code: 452, enhanced: '4.5.3' }]);
  });

  it('reads the pre-5.2.8 form with the reply on the line after its label, staged by the ERROR line', () => {
    // Shape of PHPMailer 5.0 output as quoted in a 2009 forum post (no client echo at that version).
    const run = runLines([
      'SMTP -> FROM SERVER:',
      '250 2.1.0 Ok',
      'SMTP -> FROM SERVER:',
      '554 5.7.1 <x@example.net>: Relay access denied',
      'SMTP -> ERROR: RCPT not accepted from server: 554 5.7.1 <x@example.net>: Relay access denied',
    ]);
    expect(run.verdicts).toEqual(['context', 'context', 'context', 'reply', 'context']);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced']))).toEqual([{ line: 4, stage: 'rcpt', code: 554, enhanced: '5.7.1' }]);
  });
});

describe('phpmailer: errno is never an SMTP code', () => {
  const cases: [string, string][] = [
    ['2024-01-01 10:00:00\tSMTP ERROR: Failed to connect to server: Connection refused (111)', 'Failed to connect to server: Connection refused (111)'],
    ['2024-01-01 10:00:00\tSMTP ERROR: Failed to connect to server: Connection timed out (110)', 'Failed to connect to server: Connection timed out (110)'],
    ['2024-01-01 10:00:00\tSMTP ERROR: Failed to connect to server: No route to host (113)', 'Failed to connect to server: No route to host (113)'],
    ['2024-01-01 10:00:00\tSMTP ERROR: Failed to connect to server: A connection attempt failed because the connected party did not properly respond (10060)', ''],
    ['2024-01-01 10:00:00\tSMTP ERROR: Failed to connect to server:  (0)', 'Failed to connect to server: (0)'],
    ['Message could not be sent. Mailer Error: SMTP Error: Could not connect to SMTP host. Failed to connect to serverSMTP server error: Failed to connect to server SMTP code: 111 Additional SMTP info: Connection refused', 'Failed to connect to server: Connection refused (111)'],
    ['2024-01-01 10:00:00\tConnection failed. Error #2: stream_socket_client(): unable to connect to mx.example.net:25 (Connection refused) [/var/www/vendor/phpmailer/phpmailer/src/SMTP.php line 409]', ''],
  ];
  for (const [line, text] of cases) {
    it(line.slice(20, 90), () => {
      const run = runLines([line]);
      expect(run.events).toHaveLength(1);
      expect(pick(run.events[0]!, ['stage', 'code', 'enhanced', 'codeSource'])).toEqual({ stage: 'connect', code: null, enhanced: null, codeSource: 'none' });
      if (text) expect(run.events[0]!.text).toBe(text);
    });
  }

  it('puts certificate and crypto failures at the tls stage', () => {
    const run = runLines([
      '2020-01-01 05:42:41\tConnection: opening to ssl://smtp.example.com:465, timeout=300, options=array()',
      '2020-01-01 05:42:41\tConnection failed. Error #2: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed [/srv/SMTP.php line 349]',
      '2020-01-01 05:42:41\tConnection failed. Error #2: stream_socket_client(): unable to connect to ssl://smtp.example.com:465 (Unknown error) [/srv/SMTP.php line 349]',
      '2020-01-01 05:42:41\tSMTP ERROR: Failed to connect to server:  (0)',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'server']))).toEqual([{ line: 2, stage: 'tls', code: null, server: 'smtp.example.com' }]);
  });
});

describe('phpmailer: credentials', () => {
  it('masks AUTH PLAIN, XOAUTH2 and LOGIN values that a server or a glued line would carry into a text', () => {
    const plain = Buffer.from('\0mailer@example.org\0Tr0ub4dor&3').toString('base64');
    const user = Buffer.from('mailer@example.org').toString('base64');
    const pass = Buffer.from('Tr0ub4dor&3').toString('base64');
    const token = Buffer.from('user=mailer@example.org\x01auth=Bearer ya29.a0AfH6SMBxYz\x01\x01').toString('base64');
    const run = runLines([
      '2024-01-01 10:00:00\tCLIENT -> SERVER: AUTH PLAIN ' + plain,
      // A (made-up) server that echoes what it got: its reply text is stored, the secret must not be.
      `2024-01-01 10:00:00\tSERVER -> CLIENT: 535 5.7.8 Authentication failed for ${plain}`,
      '2024-01-01 10:01:00\tCLIENT -> SERVER: AUTH LOGIN',
      '2024-01-01 10:01:00\tSERVER -> CLIENT: 334 VXNlcm5hbWU6',
      '2024-01-01 10:01:00\tCLIENT -> SERVER: ' + user,
      '2024-01-01 10:01:00\tSERVER -> CLIENT: 334 UGFzc3dvcmQ6',
      '2024-01-01 10:01:00\tCLIENT -> SERVER: ' + pass,
      '2024-01-01 10:01:00\tSERVER -> CLIENT: 535 5.7.8 Bad password Tr0ub4dor&3 for mailer@example.org',
      '2024-01-01 10:02:00\tCLIENT -> SERVER: AUTH XOAUTH2 ' + token,
      '2024-01-01 10:02:00\tSERVER -> CLIENT: 535 5.7.8 Rejected token ya29.a0AfH6SMBxYz (AUTH XOAUTH2 ' + token + ')',
    ]);
    expect(run.events).toHaveLength(3);
    const all = JSON.stringify(run.events);
    for (const s of [plain, user, pass, token, 'Tr0ub4dor&3', 'mailer@example.org', 'ya29.a0AfH6SMBxYz']) expect(all).not.toContain(s);
    for (const e of run.events) expect(e.text).toContain('[credentials hidden]');
    expect(run.events.every((e) => e.stage === 'auth' && e.code === 535)).toBe(true);
  });

  it('never turns a credential line into a command: a password that reads "MAIL FROM:<x>" sets no sender', () => {
    const run = runLines([
      '2024-01-01 10:00:00\tCLIENT -> SERVER: AUTH LOGIN',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: RCPT TO:<not-a-recipient@example.net>',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: MAIL FROM:<not-a-sender@example.net>',
      '2024-01-01 10:00:00\tSMTP ERROR: Password command failed: 535 5.7.8 Authentication credentials invalid',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'sender', 'recipient', 'text']))).toEqual([
      { stage: 'auth', code: 535, sender: null, recipient: null, text: '535 5.7.8 Authentication credentials invalid' },
    ]);
  });
});

describe('phpmailer: times', () => {
  const timeOf = (line: string) => runLines([line]).events[0]!.time;
  const refused = 'SMTP ERROR: Failed to connect to server: Connection refused (111)';

  it('reads PHP error_log prefixes in the zone they name', () => {
    expect(timeOf(`[22-Nov-2024 11:19:00 UTC] ${refused}`)).toBe(Date.UTC(2024, 10, 22, 11, 19, 0));
    expect(timeOf(`[22-Nov-2024 12:19:00 Europe/Berlin] ${refused}`)).toBe(Date.UTC(2024, 10, 22, 11, 19, 0));
    expect(timeOf(`[22-Jul-2024 13:19:00 Europe/Berlin] ${refused}`)).toBe(Date.UTC(2024, 6, 22, 11, 19, 0));
    expect(timeOf(`[22-Nov-2024 06:19:00 America/New_York] ${refused}`)).toBe(Date.UTC(2024, 10, 22, 11, 19, 0));
  });

  it('reads zone-less web-server prefixes as local time', () => {
    expect(timeOf(`[Fri Oct 29 16:59:27.243554 2021] [php7:notice] [pid 1723664] [client 10.8.1.6:60850] ${refused}, referer: https://example.org/x`)).toBe(
      new Date(2021, 9, 29, 16, 59, 27, 243).getTime(),
    );
    expect(timeOf(`[Fri Oct 29 16:59:27 2021] [error] [client 10.8.1.6] ${refused}`)).toBe(new Date(2021, 9, 29, 16, 59, 27).getTime());
    expect(timeOf(`2024/11/22 11:19:00 [error] 1234#0: *5 ${refused}`)).toBe(new Date(2024, 10, 22, 11, 19, 0).getTime());
    expect(timeOf(`[2015-10-27 17:14:16](ERROR @ /index.php) ${refused}`)).toBe(new Date(2015, 9, 27, 17, 14, 16).getTime());
    expect(timeOf(`[2024-11-22T11:19:00.123456+02:00] app.DEBUG: ${refused} [] []`)).toBe(Date.UTC(2024, 10, 22, 9, 19, 0, 123));
  });

  it('prefers PHPMailer\'s own UTC stamp and leaves time null when there is none', () => {
    expect(timeOf(`2024-11-22 11:19:00\t${refused}`)).toBe(Date.UTC(2024, 10, 22, 11, 19, 0));
    expect(timeOf(`[22-Nov-2024 12:19:00 Europe/Berlin] 2024-11-22 11:19:00\t${refused}`)).toBe(Date.UTC(2024, 10, 22, 11, 19, 0));
    expect(timeOf(refused)).toBeNull();
  });

  it('unwraps PHP-FPM stderr relayed by nginx', () => {
    const run = runLines([
      '2024/11/22 11:19:00 [error] 1234#1234: *5 FastCGI sent in stderr: "PHP message: SMTP ERROR: RCPT TO command failed: 550 5.1.1 <x@example.net>: Recipient address rejected: User unknown in local recipient table" while reading response header from upstream, client: 198.51.100.7, server: www.example.org, request: "POST /contact HTTP/1.1"',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'text']))).toEqual([
      { stage: 'rcpt', code: 550, text: '550 5.1.1 <x@example.net>: Recipient address rejected: User unknown in local recipient table' },
    ]);
  });

  it('drops the referer tail of a line without an Apache prefix too', () => {
    // error_log() through php-fpm/Apache keeps the tail on the stamped line itself.
    const run = runLines([
      '2024-01-01 10:00:00\tCLIENT -> SERVER: RCPT TO:<gone@example.net>',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown, referer: https://example.org/form',
    ]);
    expect(run.events.map((e) => e.text)).toEqual(['550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown']);
  });

  it('drops the Apache referer tail from the text', () => {
    const run = runLines([`[Fri Oct 29 16:59:27 2021] [php:error] [pid 1] [client 10.8.1.6:1] Mailer Error: SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: Spam SMTP code: 550, referer: https://example.org/form`]);
    expect(run.events[0]!.text).toBe('550 Spam');
  });
});

describe('phpmailer: detection', () => {
  const score = (lines: string[]) => parser.detect(lines);

  it.runIf(corpusPath)('is sure of the corpus', () => {
    expect(score(readFileSync(corpusPath!, 'utf8').split('\n').slice(0, 200))).toBeGreaterThan(0.9);
  });

  it('is sure of a PHP error log where PHPMailer lines are a small minority', () => {
    const lines = Array.from({ length: 197 }, (_, i) => `[22-Nov-2024 11:19:${String(i % 60).padStart(2, '0')} UTC] PHP Warning:  Undefined variable $x${i} in /var/www/a.php on line ${i}`);
    lines.splice(120, 0, '[22-Nov-2024 11:20:00 UTC] SERVER -> CLIENT: 220 mail.example.net ESMTP', '[22-Nov-2024 11:20:00 UTC] CLIENT -> SERVER: EHLO www.example.org');
    expect(score(lines)).toBeGreaterThan(0.85);
    expect(score(lines.slice(0, 100))).toBe(0);
  });

  // https://github.com/meeting-room-booking-system/mrbs-code/issues/3367 (probe-php-4 t10): a web server's
  // error log holding only SMTP::errorHandler's warning.
  it("accepts a log of SMTP::errorHandler's connection warnings alone, 6.x and 5.2.x wording", () => {
    expect(score(['Connection failed. Error #2: stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:\\nerror:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed [/var/www/html/web/lib/PHPMailer/src/SMTP.php line 469], referer: '])).toBeGreaterThan(0.5);
    expect(score(['2018-02-22 14:28:22\tConnection: Failed to connect to server. Error number 2. "Error notice: stream_socket_client(): Failed to enable crypto'])).toBeGreaterThan(0.5);
    // The referer was cut away when the line was copied: the bare label is no part of the text either.
    const run = runLines(['Connection failed. Error #2: stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages: error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed [/var/www/html/web/lib/PHPMailer/src/SMTP.php line 469], referer: ']);
    expect(run.events.map((e) => pick(e, ['stage', 'text']))).toEqual([
      { stage: 'tls', text: 'Connection failed. Error #2: stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages: error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed' },
    ]);
  });

  it('accepts an application log of ErrorInfo lines, refuses other mail logs', () => {
    expect(score(['[2024-01-01 10:00:00] Mailer Error: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting', 'something else'])).toBeGreaterThan(0.5);
    expect(score(['2024-01-01 10:00:00 1rPABC-0001Ab-Cd ** x@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<x@example.net>: 550 5.1.1 User unknown'])).toBe(0);
    expect(score(['"SMTPC"\t4428\t59\t"2024-01-01 10:00:00.123"\t"192.0.2.1"\t"RECEIVED: 550 5.1.1 User unknown"'])).toBe(0);
    expect(score([])).toBe(0);
  });

  it('is not fooled by its labels inside the lines of a real Exim log (a HELO argument, a spam header)', () => {
    // Found in a hostile-input review: either prefix made the whole real corpus log read as PHPMailer,
    // its 792 refusals lost without a word (three lines a sender controls were enough).
    const exim = readFileSync(join(projectRoot(), 'fixtures', 'corpus', 'exim-real.log'));
    const helo = [1, 2, 3].map((i) => `2013-01-04 17:0${i}:00 rejected EHLO from [203.0.113.5]: syntactically invalid argument(s): SERVER -> CLIENT: ${i}`);
    const spam = [
      '2013-01-04 17:00:00 1rAbCd-000001-AB H=(evil) [203.0.113.5] F=<a@evil.example> rejected after DATA: Your message scored 22.8 SpamAssassin points.',
      'Envelope-from: <a@evil.example>',
      'Envelope-to: <victim@example.com>',
      '  Subject: SERVER -> CLIENT: 1',
      '  X-A: SERVER -> CLIENT: 2',
      '  X-B: CLIENT -> SERVER: 3',
      'F From: <a@evil.example>',
      '',
    ];
    // (a review of the fix) a folded header's continuation lines keep their leading blank in the
    // rejectlog, so the label stands first on its line
    const folded = [
      spam[0]!,
      'Envelope-from: <a@evil.example>',
      '  Subject: hello',
      '\tSERVER -> CLIENT: 1',
      '\tSERVER -> CLIENT: 2',
      '\tCLIENT -> SERVER: 3',
      '',
    ];
    for (const head of [helo, spam, folded]) {
      const d = detectFormat(Buffer.concat([Buffer.from(head.join('\n') + '\n'), exim]).subarray(0, 64 * 1024));
      expect(d.parser?.format).toBe('exim');
    }
    // PHPMailer's own lines stay decisive: after its stamp, behind an error-log prefix
    expect(score(['2019-12-30 16:22:42 SERVER -> CLIENT: 220 smtp.example.com ESMTP'])).toBeGreaterThan(0.85);
    expect(score(['2018-03-28 07:28:15\tCLIENT -> SERVER: EHLO localhost'])).toBeGreaterThan(0.85);
    expect(score(['[2024-11-22 11:19:00] app.DEBUG: SERVER -> CLIENT: 220 smtp.example.com ESMTP [] []'])).toBeGreaterThan(0.85);
    // a transcript pasted as a Markdown code block (indented), with no Exim line around it
    expect(score(['    SERVER -> CLIENT: 220 smtp.example.com ESMTP', '    CLIENT -> SERVER: EHLO localhost', '    SERVER -> CLIENT: 250-smtp.example.com'])).toBeGreaterThan(0.85);
  });
});

describe('phpmailer: verdicts and streaming', () => {
  it('ignores application output, skips binary and cut labels', () => {
    const run = runLines(['Message has been sent', 'Not Sent', '\u0015\u0003\u0001\u0000\u0002\u0002', 'CLIENT -> SMT', '']);
    expect(run.verdicts).toEqual(['ignored', 'ignored', 'skipped', 'skipped', 'ignored']);
    expect(run.events).toHaveLength(0);
  });

  it('holds the resume point at the head of a reply still being assembled', () => {
    const events: ReplyEvent[] = [];
    const p = parser.create({ sink: { event: (e) => events.push(e), success: () => {} } });
    p.push({ text: '2024-01-01 10:00:00\tCLIENT -> SERVER: RCPT TO:<x@example.net>', offset: 0, number: 1 });
    p.push({ text: '2024-01-01 10:00:00\tSERVER -> CLIENT: 550-5.1.1 first line', offset: 70, number: 2 });
    p.push({ text: IND + '550 5.1.1 second line', offset: 130, number: 3 });
    expect(events).toHaveLength(0);
    expect(p.pendingLine?.()).toMatchObject({ offset: 70, number: 2 });
    p.finish();
    expect(p.pendingLine?.()).toBeNull();
    expect(events.map((e) => pick(e, ['line', 'offset', 'text']))).toEqual([{ line: 2, offset: 70, text: '550 5.1.1 first line second line' }]);
  });

  it('stays linear on hostile lines (glued codes, labels, timestamps, entities)', () => {
    const hostile = [
      'SERVER -> CLIENT: 550-5.1.1 x' + '550-5.1.1 x'.repeat(20_000),
      'x'.repeat(10) + '550-5.1.1 '.repeat(20_000),
      ' SERVER -> CLIENT: 5'.repeat(10_000),
      '2024-01-01 10:00:00 SMTP ERROR: '.repeat(5_000),
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 550 ' + '&amp;'.repeat(30_000) + '<br>'.repeat(5_000),
      'Mailer Error: SMTP server error: ' + ' Detail: SMTP code: '.repeat(10_000),
      '[' + '1'.repeat(100_000),
      'The following From address failed: ' + 'a : ,'.repeat(30_000),
    ];
    const started = performance.now();
    const run = runLines(hostile);
    // A generous bound: linear work here is a few milliseconds; a quadratic pattern would take minutes.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(run.verdicts).toHaveLength(hostile.length);
    for (const e of run.events) expect(e.text.length).toBeLessThanOrEqual(2000);
  });

  it('keeps the start of a refusal longer than a reply may buffer, never an empty text', () => {
    // Found in a hostile-input review: a reply line over 8,000 characters was dropped whole and the
    // event stored with text ''.
    for (const n of [5_000, 20_000, 60_000]) {
      const run = runLines([
        '2019-12-30 16:22:42 SERVER -> CLIENT: 220 smtp.example.com ESMTP',
        '2019-12-30 16:22:42 CLIENT -> SERVER: RCPT TO:<a@example.com>',
        `2019-12-30 16:22:42 SERVER -> CLIENT: 550 5.1.1 no such user ${'x'.repeat(n)}`,
      ]);
      expect(run.events).toHaveLength(1);
      expect(run.events[0]!.text.startsWith('550 5.1.1 no such user xxx')).toBe(true);
      expect(run.events[0]!.text.length).toBe(2000);
    }
  });
});

// Lines shaped from PHPMailer's language files (language/phpmailer.lang-XX.php: the message texts and the
// ErrorInfo labels as setError() joins them; untranslated keys fall back to English). No real log in a
// language other than English and Russian/Portuguese application text was found in public issues, so
// these are built, not quoted; the real transcripts of the second review are in the samples file.
describe('phpmailer: other languages', () => {
  it('reads ErrorInfo restatements in German, Spanish, Polish and Russian, with translated labels', () => {
    const run = runLines([
      '[04-Mar-2024 10:02:11 Europe/Berlin] Mailer Error: SMTP Fehler: Daten werden nicht akzeptiert.Fehler vom SMTP Server: DATA END command failed Detail: Message rejected as spam SMTP code: 554',
      '[04-Mar-2024 10:03:11 UTC] Mailer Error: Error SMTP: Datos no aceptados.Error del servidor SMTP: DATA END command failed Detalle: 5.7.1 spam detected Código del servidor SMTP: 550 Información adicional del servidor SMTP: 5.7.1',
      // Polish writes "Błąd SMTP: " for the message and for the smtp_error label: the label is the one followed by SMTP.php's error
      '[04-Mar-2024 10:04:11 UTC] Mailer Error: Błąd SMTP: Dane nie zostały przyjęte.Błąd SMTP: DATA END command failed Detail: 5.7.1 spam SMTP code: 550 Additional SMTP info: 5.7.1',
      '[04-Mar-2024 10:05:11 UTC] Неверный адрес отправителя: a@example.ru : MAIL FROM command failed,Sender address rejected: not owned by user,553,5.7.1Ошибка SMTP-сервера: MAIL FROM command failed Detail: Sender address rejected: not owned by user SMTP code: 553 Additional SMTP info: 5.7.1',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'enhanced', 'sender', 'text']))).toEqual([
      { stage: 'data', code: 554, enhanced: null, sender: null, text: '554 Message rejected as spam' },
      { stage: 'data', code: 550, enhanced: '5.7.1', sender: null, text: '550 5.7.1 spam detected' },
      { stage: 'data', code: 550, enhanced: '5.7.1', sender: null, text: '550 5.7.1 spam' },
      { stage: 'mail', code: 553, enhanced: '5.7.1', sender: 'a@example.ru', text: '553 5.7.1 Sender address rejected: not owned by user' },
    ]);
  });

  it('reads the French strings with their narrow no-break space, and recipients failed in German', () => {
    const run = runLines([
      "2024-03-04 10:02:11\tErreur SMTP\u202f: échec de l'authentification.",
      '2024-03-04 11:02:11\tSMTP Fehler: Die folgenden Empfänger sind nicht korrekt: a@example.de: <a@example.de>: Recipient address rejected: User unknown in local recipient table',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'recipient', 'text']))).toEqual([
      { stage: 'auth', code: null, recipient: null, text: "Erreur SMTP : échec de l'authentification." },
      { stage: 'rcpt', code: null, recipient: 'a@example.de', text: '<a@example.de>: Recipient address rejected: User unknown in local recipient table' },
    ]);
  });

  it('knows smtp_connect_failed in any language by the troubleshooting link PHPMailer always appends', () => {
    const run = runLines(['[04-Mar-2024 10:02:11 UTC] Eroare: Conectarea la serverul SMTP a eșuat. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting']);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'text']))).toEqual([{ stage: 'connect', code: null, text: 'Conectarea la serverul SMTP a eșuat.' }]);
    expect(parser.detect(['[04-Mar-2024 10:02:11 UTC] Mailer Error: SMTP Fehler: Authentifizierung fehlgeschlagen.'])).toBeGreaterThan(0.5);
  });

  it('takes translated restatements after the debug output as repeats', () => {
    const run = runLines([
      '2024-03-04 10:02:11\tSERVER -> CLIENT: 535 5.7.8 Error: authentication failed',
      '2024-03-04 10:02:11\tSMTP ERROR: Password command failed: 535 5.7.8 Error: authentication failed',
      '2024-03-04 10:02:11\tErro de SMTP: Não foi possível autenticar.',
      '2024-03-04 10:02:11\tCLIENT -> SERVER: QUIT',
      '2024-03-04 10:02:11\tSMTP Connect() falhou. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      'Mailer Error: SMTP Connect() falhou. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events).toHaveLength(1);
    expect(run.verdicts).toEqual(['reply', 'context', 'context', 'context', 'context', 'context']);
  });
});

describe('phpmailer: second review of real transcripts', () => {
  it('counts a restatement-only failure once however often the application repeats it, and separate records separately', () => {
    // FluentSMTP lists the ErrorInfo in "message" and again in "errors" (issue fluent-smtp#52).
    const json = runLines(['SMTP Error: data not accepted.', '', '{', '  "code": 423,', '  "message": "SMTP Error: data not accepted.",', '  "errors": [', '    "SMTP Error: data not accepted."', '  ]', '}']);
    expect(json.events.map((e) => pick(e, ['line', 'stage', 'text']))).toEqual([{ line: 1, stage: 'data', text: 'SMTP Error: data not accepted.' }]);
    // One record per failed send: each counts, even with the same text.
    const log = runLines([
      '[04-Mar-2024 10:02:11 UTC] Mailer Error: SMTP Error: data not accepted.',
      '[04-Mar-2024 10:02:12 UTC] Mailer Error: SMTP Error: data not accepted.',
    ]);
    expect(log.events).toHaveLength(2);
  });

  it('takes "SMTP connect() failed" after a restated authentication failure as PHPMailer\'s own follow-up', () => {
    const run = runLines([
      '[04-Mar-2024 10:02:11 UTC] SMTP Error: Could not authenticate.',
      '[04-Mar-2024 10:02:11 UTC] CLIENT -> SERVER: QUIT',
      '[04-Mar-2024 10:02:11 UTC] SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      '[04-Mar-2024 10:05:00 UTC] SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage']))).toEqual([
      { line: 1, stage: 'auth' },
      { line: 4, stage: 'connect' },
    ]);
  });

  it('splits a reply whose CRLFs an Apache error log escaped, and drops the referer', () => {
    const run = runLines([
      '[Tue Mar 23 03:29:36.824114 2021] [:error] [pid 22] [client 10.164.44.140:33650]  SMTP (level 1): CLIENT -> SERVER: RCPT TO:<gone@example.net>\\r\\n, referer: https://example.com/account_manager/new_user.php',
      '[Tue Mar 23 03:29:36.924114 2021] [:error] [pid 22] [client 10.164.44.140:33650]  SMTP (level 2): SERVER -> CLIENT: 550-5.1.1 The email account that you tried to reach does not exist.\\r\\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser x1 - gsmtp\\r\\n, referer: https://example.com/account_manager/new_user.php',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'enhanced', 'recipient', 'text']))).toEqual([
      {
        stage: 'rcpt',
        code: 550,
        enhanced: '5.1.1',
        recipient: 'gone@example.net',
        text: '550 5.1.1 The email account that you tried to reach does not exist. https://support.google.com/mail/?p=NoSuchUser x1 - gsmtp',
      },
    ]);
  });

  it('puts a socket warning whose command is unknown at the command the next line names', () => {
    const run = runLines([
      'PHP Warning:  fwrite(): SSL: Broken pipe in /var/www/x/phpmailer/class.smtp.php on line 826',
      '2014-11-02 12:09:38\tSMTP ERROR: RCPT TO command failed: ',
      'SMTP Error: The following recipients failed: a@example.net',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'text']))).toEqual([{ line: 1, stage: 'rcpt', code: null, text: 'fwrite(): SSL: Broken pipe' }]);
    // The same notice with no connection seen opening is a fragment's fallout, not a greeting failure.
    expect(runLines(['2014-11-02 12:09:38\tSMTP NOTICE: EOF caught while checking if connected']).events).toHaveLength(0);
  });

  it('reports a server that hangs up before its greeting at the connect stage, not as the authentication PHPMailer blames', () => {
    const run = runLines([
      '2020-04-14 14:19:54\tConnection: opening to smtp.example.net:587, timeout=300, options=array()',
      '2020-04-14 14:19:54\tConnection: opened',
      '2020-04-14 14:22:39\tSERVER -> CLIENT: ',
      '2020-04-14 14:22:39\tSMTP NOTICE: EOF caught while checking if connected',
      '2020-04-14 14:22:39\tConnection: closed',
      'SMTP Error: Could not authenticate.',
      'SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'server']))).toEqual([{ line: 4, stage: 'connect', code: null, server: 'smtp.example.net' }]);
  });

  it('does not stage a fragment\'s first refusal as the greeting unless a greeting could say it', () => {
    const fragment = runLines(['SERVER -> CLIENT: 550 5.7.1 <x@example.net>: Relay access denied']);
    expect(fragment.events[0]!.stage).toBe('other');
    const greeting = runLines(['SERVER -> CLIENT: 554 mx.example.net ESMTP not accepting messages']);
    expect(greeting.events[0]!.stage).toBe('connect');
  });

  it('reads a PSR-3 logger\'s lines (newlines made spaces, empty context arrays) as one reply', () => {
    const run = runLines([
      '[2024-01-01T10:00:00.123456+00:00] app.DEBUG: CLIENT -> SERVER: RCPT TO:<nobody@example.com> [] []',
      "[2024-01-01T10:00:00.223456+00:00] app.DEBUG: SERVER -> CLIENT: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550 5.1.1 double-checking the recipient's email address. x1 - gsmtp [] []",
      "[2024-01-01T10:00:00.223456+00:00] app.DEBUG: SMTP ERROR: RCPT TO command failed: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550 5.1.1 double-checking the recipient's email address. x1 - gsmtp [] []",
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced', 'recipient', 'time']))).toEqual([
      { line: 2, stage: 'rcpt', code: 550, enhanced: '5.1.1', recipient: 'nobody@example.com', time: Date.UTC(2024, 0, 1, 10, 0, 0, 223) },
    ]);
  });
});

describe('phpmailer: fallout after a failure, and the pre-5.2.8 ErrorInfo (probe-php-3)', () => {
  // PHPMailer says QUIT even on a connection that just failed; writing it raises a socket warning
  // (errorHandler at level 3 since v6, PHP's own notice before client_send() had a handler).
  it('takes a warning about writing the QUIT after a failure of the same connection as fallout, in any wording', () => {
    const errorHandler = runLines([
      '2021-03-01 10:00:00\tCLIENT -> SERVER: AUTH LOGIN',
      '2021-03-01 10:00:00\tSERVER -> CLIENT: 535 5.7.8 Error: authentication failed',
      '2021-03-01 10:00:00\tSMTP ERROR: Password command failed: 535 5.7.8 Error: authentication failed',
      '2021-03-01 10:00:00\tSMTP Error: Could not authenticate.',
      '2021-03-01 10:00:00\tCLIENT -> SERVER: QUIT',
      '2021-03-01 10:00:00\tConnection failed. Error #2: fwrite(): Send of 6 bytes failed with errno=32 Broken pipe [/var/www/vendor/phpmailer/phpmailer/src/SMTP.php line 1145]',
      '2021-03-01 10:00:00\tSERVER -> CLIENT: ',
      '2021-03-01 10:00:00\tSMTP ERROR: QUIT command failed: ',
    ]);
    expect(errorHandler.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 2, stage: 'auth', code: 535 }]);
    expect(errorHandler.verdicts[5]).toBe('context');

    const phpNotice = runLines([
      'SMTP -> ERROR: MAIL not accepted from server: 550 Sender rejected',
      'The following From address failed: a@example.com',
      'CLIENT -> SMTP: QUIT',
      'PHP Notice:  fwrite(): send of 6 bytes failed with errno=32 Broken pipe in /var/www/x/class.smtp.php on line 1024',
    ]);
    expect(phpNotice.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 1, stage: 'mail', code: 550 }]);
    expect(phpNotice.verdicts[3]).toBe('context');
  });

  it('still reports a socket warning of a command other than the QUIT after a failure', () => {
    // The failure is at RCPT; the DATA that follows (SMTPKeepAlive off, another recipient accepted) dies.
    const run = runLines([
      '2021-03-01 10:00:00\tCLIENT -> SERVER: RCPT TO:<gone@example.net>',
      '2021-03-01 10:00:00\tSERVER -> CLIENT: 550 5.1.1 User unknown',
      '2021-03-01 10:00:00\tCLIENT -> SERVER: RCPT TO:<here@example.net>',
      '2021-03-01 10:00:00\tSERVER -> CLIENT: 250 OK',
      '2021-03-01 10:00:00\tCLIENT -> SERVER: DATA',
      '2021-03-01 10:00:00\tConnection failed. Error #2: fwrite(): SSL: Broken pipe [/var/www/src/SMTP.php line 1145]',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage']))).toEqual([
      { line: 2, stage: 'rcpt' },
      { line: 6, stage: 'data' },
    ]);
  });

  // https://github.com/PHPMailer/PHPMailer/issues/304 (the poster's XXX mask): 5.1-5.2.7 setError()
  // appended `<p>SMTP server error: <reply without its code></p>`; rendered as html it is a line of its own.
  const T23 = [
    'SMTP server error: You are not allowed to use the domain hotmail.com as a sender domain.',
    'The following From address failed: XXX@hotmail.com PHPMailer error: The following From address failed: XXX@hotmail.com',
    '',
    'SMTP server error: You are not allowed to use the domain hotmail.com as a sender domain. ',
  ];
  const refusal = {
    stage: 'mail',
    code: null,
    codeSource: 'none',
    sender: 'XXX@hotmail.com',
    text: 'You are not allowed to use the domain hotmail.com as a sender domain.',
  };

  it('reads the server-error paragraph and the from_failed message as one refusal at MAIL FROM, in either order', () => {
    const paragraphFirst = runLines(T23);
    expect(paragraphFirst.events.map((e) => pick(e, ['line', 'stage', 'code', 'codeSource', 'sender', 'text']))).toEqual([{ line: 1, ...refusal }]);
    expect(paragraphFirst.verdicts).toEqual(['reply', 'context', 'ignored', 'context']);
    // The label was what made "server error" classify as a server fault; the server's words say policy.
    expect(classify(paragraphFirst.events[0]!).category).toBe('policy');

    const messageFirst = runLines(T23.slice(1));
    expect(messageFirst.events.map((e) => pick(e, ['line', 'stage', 'code', 'codeSource', 'sender', 'text']))).toEqual([{ line: 1, ...refusal }]);
    expect(messageFirst.verdicts).toEqual(['reply', 'ignored', 'context']);
  });

  it('reads the same ErrorInfo kept on one line (a log file: raw tags; html copied without its breaks)', () => {
    const raw = runLines(['Mailer Error: The following From address failed: a@example.net<p>SMTP server error: Sender address rejected: not owned by user a@example.net</p>']);
    const glued = runLines(['Mailer Error: SMTP Error: Could not authenticate.SMTP server error: 5.7.8 Username and Password not accepted.']);
    expect([...raw.events, ...glued.events].map((e) => pick(e, ['stage', 'code', 'enhanced', 'sender', 'text']))).toEqual([
      { stage: 'mail', code: null, enhanced: null, sender: 'a@example.net', text: 'Sender address rejected: not owned by user a@example.net' },
      { stage: 'auth', code: null, enhanced: '5.7.8', sender: null, text: '5.7.8 Username and Password not accepted.' },
    ]);
  });

  it('keeps the two apart when each begins a log record of its own', () => {
    const run = runLines([
      '[01-Mar-2014 10:00:00 UTC] SMTP server error: You are not allowed to use the domain example.net as a sender domain.',
      '[01-Mar-2014 10:05:00 UTC] The following From address failed: a@example.net',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'sender']))).toEqual([
      { line: 1, stage: 'other', sender: null },
      { line: 2, stage: 'mail', sender: 'a@example.net' },
    ]);
  });

  it('states an SMTP-class error without PHPMailer\'s "SMTP server error:" label', () => {
    const run = runLines(['Mailer Error: SMTP server error: Called MAIL FROM without being connected']);
    expect(run.events.map((e) => e.text)).toEqual(['Called MAIL FROM without being connected']);
    expect(classify(run.events[0]!).category).not.toBe('server_error');
  });

  it('takes a pre-5.2.8 ErrorInfo pair printed again (in either order) as one failure', () => {
    const messageFirst = runLines([
      'SMTP Error: Could not authenticate.',
      'SMTP server error: 5.7.8 Username and Password not accepted',
      'SMTP Error: Could not authenticate.',
      'SMTP server error: 5.7.8 Username and Password not accepted',
    ]);
    expect(messageFirst.events.map((e) => pick(e, ['line', 'stage', 'text']))).toEqual([
      { line: 1, stage: 'auth', text: '5.7.8 Username and Password not accepted' },
    ]);
    const paragraphFirst = runLines([
      'SMTP server error: You are not allowed to use the domain hotmail.com as a sender domain.',
      'The following From address failed: XXX@hotmail.com',
      'SMTP server error: You are not allowed to use the domain hotmail.com as a sender domain.',
      'The following From address failed: XXX@hotmail.com',
    ]);
    expect(paragraphFirst.events.map((e) => pick(e, ['line', 'stage', 'sender']))).toEqual([{ line: 1, stage: 'mail', sender: 'XXX@hotmail.com' }]);
  });

  it('reads a from_failed ErrorInfo whose detail kept the reply\'s CRLF: code and extra on the echo-indented next lines', () => {
    // PHPMailer/PHPMailer#1190: implode(',', getError()) puts the detail (reply with its CRLF) before ",<code>,<ex>".
    const ind = ' '.repeat(19) + '\t' + ' '.repeat(18);
    const run = runLines([
      'The following From address failed: a@example.com : MAIL FROM command failed,Invalid Sender[515]',
      `${ind},550,5.1.0SMTP server error: MAIL FROM command failed Detail: Invalid Sender[515]`,
      `${ind} SMTP code: 550 Additional SMTP info: 5.1.0`,
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced', 'sender', 'text']))).toEqual([
      { line: 1, stage: 'mail', code: 550, enhanced: '5.1.0', sender: 'a@example.com', text: '550 5.1.0 Invalid Sender[515]' },
    ]);
  });

  it('classifies "Called MAIL FROM without being connected" in a from_failed ErrorInfo as a lost connection', () => {
    // PHPMailer/PHPMailer#1593: SMTP.php sendCommand() on a connection the server already closed.
    const run = runLines([
      'The following From address failed: a@example.com : Called MAIL FROM without being connected,,,SMTP server error: Called MAIL FROM without being connected',
    ]);
    expect(run.events).toHaveLength(1);
    expect(classify(run.events[0]!).category).toBe('connection');
  });

  it('cuts an empty referer after an Apache prefix too', () => {
    const run = runLines(['[Mon Jan 01 10:00:00.123456 2018] [php7:notice] [pid 1] [client 192.0.2.4:5] SMTP Error: Could not authenticate., referer:']);
    expect(run.events.map((e) => e.text)).toEqual(['SMTP Error: Could not authenticate.']);
  });
});

describe('phpmailer: level 4 cut, typeset arrows, old paragraphs, a repeat after QUIT (probe-php-7)', () => {
  it('stages a level-4 refusal whose command was cut at the command the SMTP ERROR line names, once', () => {
    // Mailtrap's debugging example as quoted in a public PHP file (probe-php-7 t03): the dialogue cut
    // with "...", then the raw 535, its assembled copy and "Username command failed".
    const run = runLines([
      '2018-12-12 14:49:26    SERVER -> CLIENT: 220 mailtrap.io ESMTP ready',
      '...',
      '2018-12-12 14:49:30    SMTP INBOUND: "535 5.7.0 Invalid login or password"',
      '2018-12-12 14:49:30    SERVER -> CLIENT: 535 5.7.0 Invalid login or password',
      '2018-12-12 14:49:30    SMTP ERROR: Username command failed: 535 5.7.0 Invalid login or password',
      '2018-12-12 14:49:30    SMTP Error: Could not authenticate.',
      '2018-12-12 14:49:30    CLIENT -> SERVER: QUIT',
      '2018-12-12 14:49:30    SMTP INBOUND: "221 2.0.0 Bye"',
      '2018-12-12 14:49:30    SERVER -> CLIENT: 221 2.0.0 Bye',
      '2018-12-12 14:49:30    SMTP connect() failed.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced', 'text']))).toEqual([
      { line: 3, stage: 'auth', code: 535, enhanced: '5.7.0', text: '535 5.7.0 Invalid login or password' },
    ]);
    // With the command seen the raw reply is staged at once, as before.
    const seen = runLines([
      '2018-12-12 14:49:30\tCLIENT -> SERVER: MAIL FROM:<a@example.org>',
      '2018-12-12 14:49:30\tSMTP INBOUND: "550 5.7.1 Sender rejected"',
      '2018-12-12 14:49:30\tSERVER -> CLIENT: 550 5.7.1 Sender rejected',
      '2018-12-12 14:49:30\tSMTP ERROR: MAIL FROM command failed: 550 5.7.1 Sender rejected',
    ]);
    expect(seen.events.map((e) => pick(e, ['line', 'stage', 'sender']))).toEqual([{ line: 2, stage: 'mail', sender: 'a@example.org' }]);
  });

  it('reads PHPMailer labels whose arrow a forum typeset as "\u2192" (SuiteCRM#9371)', () => {
    const run = runLines([
      '1: CLIENT \u2192 SERVER: AUTH LOGIN',
      '2: SERVER \u2192 CLIENT: 334 VXNlcm5hbWU6',
      '1: CLIENT \u2192 SERVER: \u2014obfuscated\u2014',
      '2: SERVER \u2192 CLIENT: 334 UGFzc3dvcmQ6',
      '1: CLIENT \u2192 SERVER: \u2014obfuscated\u2014',
      '2: SERVER \u2192 CLIENT: 535 5.7.139 Authentication unsuccessful, the user credentials were incorrect.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced']))).toEqual([{ line: 6, stage: 'auth', code: 535, enhanced: '5.7.139' }]);
    expect(classify(run.events[0]!).category).toBe('auth');
    expect(JSON.stringify(run.events)).not.toContain('obfuscated');
    // An arrow anywhere else is text.
    expect(runLines(['Status \u2192 CLIENT: 550 not a PHPMailer line']).events).toEqual([]);
  });

  it('ends a pre-5.2.8 ErrorInfo at its closing </p>: the application\'s indented next line is not part of it', () => {
    const run = runLines([
      '[ERROR]: /api/user/create/ Failed to send mail: SMTP Error: Data not accepted.<p>SMTP server error: 5.4.5 Daily user sending        quota exceeded. (ALAN: EDITADO)</p>',
      '   (/opt/omegaup/frontend/server/controllers/UserController.php:240)~',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'enhanced', 'text']))).toEqual([
      { stage: 'data', code: null, enhanced: '5.4.5', text: '5.4.5 Daily user sending quota exceeded. (ALAN: EDITADO)' },
    ]);
    expect(classify(run.events[0]!).category).toBe('quota');
  });

  it('takes an SMTP ERROR line after a QUIT as the repeat of the refusal just above it, not a second failure', () => {
    // Two pasted fragments: a level-1 dialogue ending in QUIT, then a 535 and its SMTP ERROR line.
    const run = runLines([
      'CLIENT -> SERVER: AUTH LOGIN',
      'SMTP ERROR: AUTH command failed: 502 5.5.2 Error: command not recognized',
      'CLIENT -> SERVER: QUIT',
      'SERVER -> CLIENT: 535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6',
      'SMTP ERROR: Password command failed: 535 5.7.8 Error: authentication failed',
      'SMTP Error: Could not authenticate.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([
      { line: 2, stage: 'auth', code: 502 },
      { line: 4, stage: 'auth', code: 535 },
    ]);
    // A failure of another command after QUIT without the reply above is still the next send's.
    const next = runLines(['CLIENT -> SERVER: QUIT', 'SMTP ERROR: MAIL FROM command failed: 550 5.7.1 Sender rejected']);
    expect(next.events.map((e) => pick(e, ['line', 'stage']))).toEqual([{ line: 2, stage: 'mail' }]);
  });

  it('classifies a 6.6+ "Could not connect to SMTP host" whose detail is a certificate failure as TLS', () => {
    // WP Mail SMTP 4.4 debug report's ErrorInfo (probe-php-7 t04), as an application would log it alone.
    const run = runLines([
      "[24-Mar-2025 17:21:25 UTC] SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): Peer certificate CN=*.uni5.net' did not match expected CN=smtpi.example.com.br'SMTP server error: QUIT command failed",
    ]);
    expect(run.events).toHaveLength(1);
    expect(pick(run.events[0]!, ['stage', 'code'])).toEqual({ stage: 'tls', code: null });
    expect(classify(run.events[0]!).category).toBe('tls');
    // Without TLS words it stays a connection failure.
    const plain = runLines(['[24-Mar-2025 17:21:25 UTC] SMTP Error: Could not connect to SMTP host. Failed to connect to server']);
    expect(classify(plain.events[0]!).category).toBe('connection');
  });

  it('takes an SMTP ERROR line after a QUIT as the repeat of a multi-line refusal just above it', () => {
    // COMPOSED from the test above with Gmail's two-line 535 (formats.md 3.4), echo mode's indentation:
    // the failure was stated on the reply's first line, its continuation line sits in between.
    const run = runLines([
      '2020-01-01 10:00:00\tCLIENT -> SERVER: QUIT',
      '2020-01-01 10:00:01\tSERVER -> CLIENT: 535-5.7.8 Username and Password not accepted. Learn more at',
      '                   \t                  535 5.7.8 https://support.google.com/mail/?p=BadCredentials x',
      '2020-01-01 10:00:01\tSMTP ERROR: Password command failed: 535-5.7.8 Username and Password not accepted. Learn more at',
      '                   \t                  535 5.7.8 https://support.google.com/mail/?p=BadCredentials x',
      '2020-01-01 10:00:01\tSMTP Error: Could not authenticate.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 2, stage: 'auth', code: 535 }]);
  });

  it('does not give a refusal read after a QUIT the addresses of the send that QUIT ended', () => {
    // COMPOSED like the test above, at RCPT: the previous send's RCPT TO named another address, so the
    // recipients-failed restatement was not absorbed (two events) and the event named b@y.org.
    const run = runLines([
      'CLIENT -> SERVER: MAIL FROM:<a@x.org>',
      'SERVER -> CLIENT: 250 OK',
      'CLIENT -> SERVER: RCPT TO:<b@y.org>',
      'SERVER -> CLIENT: 250 OK',
      'CLIENT -> SERVER: QUIT',
      'SERVER -> CLIENT: 550 5.1.1 <c@z.org> unknown',
      'SMTP ERROR: RCPT TO command failed: 550 5.1.1 <c@z.org> unknown',
      'SMTP Error: The following recipients failed: c@z.org: <c@z.org> unknown',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'sender']))).toEqual([{ line: 6, stage: 'rcpt', code: 550, sender: null }]);
    expect(run.events[0]!.recipient).not.toBe('b@y.org');
  });

  it('stores a level-4 raw refusal whose command was not seen when the input ends inside it', () => {
    // COMPOSED from the Mailtrap example above, cut after the first of two raw reply lines: the
    // event waits for the line naming its command, and the end of the input must still emit it.
    const run = runLines([
      '2018-12-12 14:49:26\tSERVER -> CLIENT: 220 mailtrap.io ESMTP ready',
      '...',
      '2018-12-12 14:49:30\tSMTP INBOUND: "535-5.7.0 Invalid login or password"',
    ]);
    expect(run.verdicts[2]).toBe('reply');
    expect(run.events.map((e) => pick(e, ['line', 'code', 'enhanced']))).toEqual([{ line: 3, code: 535, enhanced: '5.7.0' }]);
  });
});

describe('phpmailer: the fast path for message body lines', () => {
  // PhpMailerParser.bodyLine() reads `<stamp> CLIENT -> SERVER: <body line>` during DATA without the
  // general path's cutting; switching it off must change nothing.
  const bodyLine = (PhpMailerParser.prototype as unknown as { bodyLine: unknown }).bodyLine;
  const both = (lines: LogLine[]) => {
    const fast = runLogLines(lines);
    (PhpMailerParser.prototype as unknown as { bodyLine: unknown }).bodyLine = () => null;
    try {
      return { fast, general: runLogLines(lines) };
    } finally {
      (PhpMailerParser.prototype as unknown as { bodyLine: unknown }).bodyLine = bodyLine;
    }
  };
  const asLines = (texts: string[]) => texts.map((text, i) => ({ text, offset: i * 200, number: i + 1 }));

  it('gives the same events, successes and verdicts on every fixture and the samples', () => {
    const files = [...['echo-level3.log', 'error-log-mixed.log', 'html-mode.log', 'level4-inbound.log'].map((f) => join(root, 'fixtures', 'phpmailer', f)), join(root, 'parsers', 'phpmailer.samples.log')];
    for (const file of files) {
      const lines: LogLine[] = [];
      const splitter = new LineSplitter((l) => lines.push(l));
      splitter.push(readFileSync(file));
      splitter.end(true);
      const { fast, general } = both(lines);
      expect(fast.events, file).toEqual(general.events);
      expect(fast.verdicts, file).toEqual(general.verdicts);
      expect(fast.successes, file).toEqual(general.successes);
    }
  });

  it('leaves to the general path what it would read otherwise', () => {
    const { fast, general } = both(
      asLines([
        '2024-01-01 10:00:00\tCLIENT -> SERVER: DATA',
        '2024-01-01 10:00:00\tSERVER -> CLIENT: 354 Go ahead',
        '2024-01-01 10:00:00\tCLIENT -> SERVER: Subject: a body line quoting 2024-01-01 10:00:00 SERVER -> CLIENT: 550 not a reply',
        '2024-01-01 10:00:00\tCLIENT -> SERVER: &#46;',
        '2024-01-01 10:00:00\tCLIENT -> SERVER: ., referer: https://example.org/form',
        '2024-01-01 10:00:01\tSERVER -> CLIENT: 250 OK queued',
      ]),
    );
    expect(fast.verdicts).toEqual(general.verdicts);
    expect(fast.events).toEqual(general.events);
    expect(fast.successes).toEqual(general.successes);
  });
});

describe('phpmailer: Joomla\'s language strings, a failed connection then another host, an empty Host (probe-php-8)', () => {
  it('reads Joomla\'s wording of PHPMailer\'s summary strings ("SMTP Error! ...") as the failure it states', () => {
    // Joomla 3 gives PHPMailer its own language table (libraries/joomla/mail/language/
    // phpmailer.lang-joomla.php maps each key to a PHPMAILER_* string; en-GB.ini: "SMTP Error! Could not
    // authenticate.", "SMTP Error! The following recipients failed:", "SMTP Error! Data not accepted.",
    // "SMTP Error! Could not connect to SMTP host.", "The following from address failed:"). A log of
    // ErrorInfo alone (no debug output) then holds only these.
    const auth = runLines(['2020-11-26T10:53:57+00:00\tERROR 192.0.2.7\tmail\tError in Mail API: SMTP Error! Could not authenticate.']);
    expect(auth.events.map((e) => pick(e, ['stage', 'code', 'text']))).toEqual([{ stage: 'auth', code: null, text: 'SMTP Error! Could not authenticate.' }]);
    expect(classify(auth.events[0]!).category).toBe('auth');
    const rcpt = runLines(['SMTP Error! The following recipients failed: a@example.com: <a@example.com>: Relay access denied']);
    expect(rcpt.events.map((e) => pick(e, ['stage', 'recipient', 'text']))).toEqual([
      { stage: 'rcpt', recipient: 'a@example.com', text: '<a@example.com>: Relay access denied' },
    ]);
    expect(classify(rcpt.events[0]!).category).toBe('relay');
    // The ini string has no trailing space: PHPMailer glues the address to it.
    const glued = runLines(['SMTP Error! The following recipients failed:a@example.com: <a@example.com>: Relay access denied']);
    expect(glued.events.map((e) => pick(e, ['stage', 'recipient']))).toEqual([{ stage: 'rcpt', recipient: 'a@example.com' }]);
    expect(runLines(['SMTP Error! Data not accepted.']).events.map((e) => e.stage)).toEqual(['data']);
    expect(runLines(['SMTP Error! Could not connect to SMTP host.']).events.map((e) => e.stage)).toEqual(['connect']);
    const from = runLines(['The following from address failed:a@example.com : MAIL FROM command failed,Sender rejected,550,5.7.1']);
    expect(from.events.map((e) => pick(e, ['stage', 'code', 'enhanced', 'sender']))).toEqual([{ stage: 'mail', code: 550, enhanced: '5.7.1', sender: 'a@example.com' }]);
  });

  it('takes Joomla\'s "SMTP Error! Could not authenticate." after the SMTP ERROR line as its restatement', () => {
    // joomla/joomla-cms#31499 (probe-php-8 t01), Joomla's log prefix shortened to its message part.
    const run = runLines([
      'Error in Mail API: SERVER -> CLIENT: 535 5.7.8 Error: authentication failed: Invalid format.',
      'Error in Mail API: SMTP ERROR: Password command failed: 535 5.7.8 Error: authentication failed: Invalid format.',
      'Error in Mail API: SMTP Error! Could not authenticate.',
      'Error in Mail API: CLIENT -> SERVER: QUIT',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 1, stage: 'auth', code: 535 }]);
  });

  it('takes a server speaking after a failed connection, before any command, for another connection', () => {
    // COMPOSED from PHPMailer's host list (Host = 'a;b': smtpConnect() tries each; at level 2 no
    // "Connection: opening" line separates them) with the errno line of PHPMailer#1340 and Gmail's 535
    // (formats.md 3.4): the second host's refusal is a failure of its own, not the first one's.
    const run = runLines([
      '2024-01-01 10:00:00\tSMTP ERROR: Failed to connect to server: Connection refused (111)',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 220 smtp.example.org ESMTP',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: EHLO localhost',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 250 smtp.example.org',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: AUTH LOGIN',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 334 VXNlcm5hbWU6',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: [credentials hidden]',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 334 UGFzc3dvcmQ6',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: [credentials hidden]',
      '2024-01-01 10:00:01\tSERVER -> CLIENT: 535 5.7.8 Username and Password not accepted.',
      '2024-01-01 10:00:01\tSMTP ERROR: Password command failed: 535 5.7.8 Username and Password not accepted.',
      '2024-01-01 10:00:01\tSMTP Error: Could not authenticate.',
      '2024-01-01 10:00:01\tCLIENT -> SERVER: QUIT',
      '2024-01-01 10:00:01\tSERVER -> CLIENT: 221 2.0.0 closing connection',
      '2024-01-01 10:00:01\tSMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([
      { line: 1, stage: 'connect', code: null },
      { line: 10, stage: 'auth', code: 535 },
    ]);
    // A refusal whose command the excerpt does not show, pasted after a stamp-less connection failure
    // (probe-php-8 t02 then t03 in the samples): its own failure too.
    const pasted = runLines([
      'SMTP ERROR: Failed to connect to server: php_network_getaddresses: getaddrinfo failed: Name or service not known (0)',
      '2016-02-19 04:42:38     SERVER -> CLIENT: 504 5.7.4 Unrecognized authentication type',
      '2016-02-19 04:42:38     SMTP ERROR: AUTH command failed: 504 5.7.4 Unrecognized authentication type',
    ]);
    expect(pasted.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([
      { line: 1, stage: 'connect', code: null },
      { line: 2, stage: 'auth', code: 504 },
    ]);
  });

  it('names no server when the application left Host empty ("opening to :25", "unable to connect to :25")', () => {
    // e107inc/e107#4117 (probe-php-8 t02): PHPMailer 5.2.x connecting to an empty host name.
    const run = runLines([
      'Connection: opening to :25, timeout=30, options=array (',
      '                   \t                  )',
      'Connection failed. Error #2: stream_socket_client(): unable to connect to :25 (php_network_getaddresses: getaddrinfo failed: Name or service not known) [/opt/lampp/htdocs/e107_handlers/phpmailer/class.smtp.php line 298]',
      'SMTP ERROR: Failed to connect to server: php_network_getaddresses: getaddrinfo failed: Name or service not known (0)',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'server']))).toEqual([{ stage: 'connect', server: null }]);
    const ssl = runLines(['2020-01-01 10:00:00 Connection: opening to ssl://:465, timeout=300, options=array()', '2020-01-01 10:00:00 SMTP ERROR: Failed to connect to server:  (0)']);
    expect(ssl.events.map((e) => e.server)).toEqual([null]);
  });
});

describe('phpmailer: review of probe-php-8 (a second reader)', () => {
  it('keeps the transcript (and its server) when a warning PHPMailer recovers from comes before the greeting', () => {
    // get_lines() runs stream_select() under errorHandler, which prints the interrupted select at level 3
    // ("Connection failed. Error #2: stream_select(): Unable to select [4]: ...", PHPMailer#3183, #1227),
    // then retries it (PHPMailer#2074, v6.1.7+): the greeting and the dialogue that follow are the same
    // connection's. Only "SMTP ERROR: Failed to connect to server" ends a connection before its greeting;
    // a greeting after a warning alone must not start a transcript without the host of its opening line.
    // The warning is PHPMailer#3183's with the English strerror; the dialogue around it is COMPOSED.
    const run = runLines([
      '2025-07-25 08:00:00\tConnection: opening to smtp.example.org:587, timeout=300, options=array()',
      '2025-07-25 08:00:00\tConnection: opened',
      '2025-07-25 08:00:00\tConnection failed. Error #2: stream_select(): Unable to select [4]: Interrupted system call (max_fd=17) [/var/www/vendor/phpmailer/phpmailer/src/SMTP.php line 1299]',
      '2025-07-25 08:00:00\tSERVER -> CLIENT: 220 smtp.example.org ESMTP Postfix',
      '2025-07-25 08:00:00\tCLIENT -> SERVER: EHLO web1.example.com',
      '2025-07-25 08:00:00\tSERVER -> CLIENT: 250 smtp.example.org',
      '2025-07-25 08:00:00\tCLIENT -> SERVER: MAIL FROM:<a@example.com>',
      '2025-07-25 08:00:00\tSERVER -> CLIENT: 250 2.1.0 Ok',
      '2025-07-25 08:00:00\tCLIENT -> SERVER: RCPT TO:<b@example.net>',
      '2025-07-25 08:00:00\tSERVER -> CLIENT: 550 5.1.1 <b@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
      '2025-07-25 08:00:00\tSMTP ERROR: RCPT TO command failed: 550 5.1.1 <b@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
    ]);
    const refusal = run.events.filter((e) => e.stage === 'rcpt');
    expect(refusal.map((e) => pick(e, ['line', 'code', 'server', 'sender', 'recipient']))).toEqual([
      { line: 10, code: 550, server: 'smtp.example.org', sender: 'a@example.com', recipient: 'b@example.net' },
    ]);
    // the same at level 4, where the raw `SMTP INBOUND:` line comes first
    const raw = runLines([
      ...run.lines.slice(0, 3).map((l) => l.text),
      '2025-07-25 08:00:00\tSMTP -> get_lines(): select failed (stream_select(): Unable to select [4]: Interrupted system call (max_fd=17))',
      '2025-07-25 08:00:00\tSMTP -> get_lines(): retrying stream_select',
      '2025-07-25 08:00:00\tSMTP INBOUND: "220 smtp.example.org ESMTP Postfix"',
      ...run.lines.slice(3).map((l) => l.text),
    ]);
    expect(raw.events.filter((e) => e.stage === 'rcpt').map((e) => e.server)).toEqual(['smtp.example.org']);
    // and the interrupted select itself refused nothing: the 550 is the only event, at both levels
    expect(run.events.map((e) => e.stage)).toEqual(['rcpt']);
    expect(raw.events.map((e) => e.stage)).toEqual(['rcpt']);
  });

  // probe-php-9 (SuiteCRM/SuiteCRM#5604): a Debugoutput callable prints every level with the same
  // "<level>: " prefix; the level-3 opening line names the server the refusal came from.
  it('reads the server from a callable-prefixed "Connection: opening to" line', () => {
    const run = runLines([
      '3: Connection: opening to ssl://smtp.gmail.com:465, timeout=300, options=array (',
      ')',
      '3: Connection: opened',
      '2: SERVER -> CLIENT: 220 smtp.gmail.com ESMTP u133sm541382ywu.46 - gsmtp',
      '',
      '1: CLIENT -> SERVER: EHLO http://66.76.123.XXX:9090',
      '',
      '2: SERVER -> CLIENT: 501-5.5.4 HELO/EHLO argument "http://66.76.123.XXX:9090" invalid, closing',
      '501-5.5.4 connection.',
      '501 5.5.4  https://support.google.com/mail/?p=helo u133sm541382ywu.46 - gsmtp',
      '',
      '1: SMTP ERROR: EHLO command failed: 501-5.5.4 HELO/EHLO argument "http://66.76.123.XXX:9090" invalid, closing',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'enhanced', 'server']))).toEqual([
      { stage: 'helo', code: 501, enhanced: '5.5.4', server: 'smtp.gmail.com' },
    ]);
    // the same callable prefix in front of another label still reads as before
    expect(runLines(['3: Connection: opening to mail.example.net:587, timeout=300, options=array()', '2: SERVER -> CLIENT: 554 5.7.1 go away']).events.map((e) => e.server)).toEqual(['mail.example.net']);
  });

  // probe-php-9 (luolongfei/freenom#123: "邮件发送失败：SMTP 错误：登录失败。"): the parser read every
  // translated authenticate / connect_host / smtp_connect_failed string, but the classifier knew only a
  // few languages, so most were stored as category "other".
  it('classifies every translated auth and connect restatement the parser reads', () => {
    const wrong: string[] = [];
    for (const [phrase, kind] of SUMMARY_PHRASES) {
      if (kind !== 'auth' && kind !== 'connect') continue;
      const run = runLines([`[2022-07-20 17:04:51] ${phrase.trim()}.`]);
      // the untranslated 'tls' key is the STARTTLS failure (a connect kind that names TLS)
      const want = kind === 'auth' ? 'auth/auth' : phrase.endsWith(': tls') ? 'tls/tls' : 'connect/connection';
      const got = run.events.map((e) => `${e.stage}/${classify(e).category}`);
      if (got.length !== 1 || got[0] !== want) wrong.push(`${phrase} -> ${got.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('phpmailer: review of probe-php-10', () => {
  // ZENLIX/hd.rustem#181 (2014-08-14): echo output put in a URL, which drops TABs and newlines, so
  // each stamp touches its label and the previous entry's text: two failed sends, not one.
  it('cuts an entry whose stamp touches its label (TAB and newline stripped), even glued to the previous text', () => {
    const run = runLines([
      'create/?ok&h=2014-08-14 14:34:04SMTP ERROR: Failed to connect to server:  (0)SMTP connect() failed.2014-08-14 14:34:04SMTP ERROR: Failed to connect to server:  (0)SMTP connect() failed.Mailer Error: SMTP connect() failed.1acd2eee77b9618c760ba5fa4c2ffa1d',
    ]);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'text']))).toEqual([
      { stage: 'connect', code: null, text: 'Failed to connect to server: (0)' },
      { stage: 'connect', code: null, text: 'Failed to connect to server: (0)' },
    ]);
    // a stamp inside a reply text that no label follows still cuts nothing
    expect(runLines(['2014-08-14 14:34:04 SERVER -> CLIENT: 554 5.7.1 blocked at 2014-08-14 14:34:04by policy']).events.length).toBe(1);
  });

  // PHPMailer/PHPMailer#1384 (2018-03-21): the paste starts at smtpConnect()'s "Could not authenticate";
  // QUIT and its 221 follow, then send() prints the same message: one failure, as when the dialogue shows.
  it('takes the restatement after QUIT as a repeat when the excerpt opens with the failure', () => {
    const run = runLines([
      'SMTP Error: Could not authenticate.',
      '2018-03-21 00:07:18 CLIENT -> SERVER: QUIT',
      '2018-03-21 00:07:18 SERVER -> CLIENT: 221 2.0.0 closing connection i68sm1118036ywg.75 - gsmtp',
      'SMTP Error: Could not authenticate.',
      'Message could not be sent. Mailer Error: SMTP Error: Could not authenticate.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage']))).toEqual([{ line: 1, stage: 'auth' }]);
  });

  // A public forum post of 2010 quoting an SMTP test tool built on PHPMailer 1.x/2.x class.smtp.php,
  // which printed "SMTP -> FROM SERVER:" and a CRLF before each reply and no client line at all: the
  // reply after the 354 go-ahead answers the end of the message.
  it('counts the reply after a 354 as the end of the message when the client lines are not shown', () => {
    const lines = [
      'SMTP -> FROM SERVER:',
      '250 2.1.5 Ok',
      'SMTP -> FROM SERVER:',
      '354 End data with .',
      'SMTP -> FROM SERVER:',
      '250 2.0.0 Ok: queued as F0AC31C0576',
    ];
    const run = runLines(lines);
    expect(run.successes.map((s) => s.line)).toEqual([6]);
    expect(run.events).toEqual([]);
    // and a refusal there is staged at the data, not "other"
    const refused = runLines([...lines.slice(0, 5), '554 5.7.1 Message rejected as spam']);
    expect(refused.events.map((e) => pick(e, ['stage', 'code']))).toEqual([{ stage: 'data', code: 554 }]);
  });
});

describe('phpmailer: review of probe-php-11', () => {
  // A Moodle administrator's note on SMTP OAuth2 with Gmail (public Markdown, 2026-08-07): the author
  // shortened the dialogue, so "SMTP ERROR: AUTH command failed" has no reply text and the refusal comes
  // on the next line. PHPMailer itself always prints ": " and the reply; an empty one means EOF or a
  // timeout (get_lines()), and then the next line is PHPMailer's or the client's, never a server reply.
  // A 4xx/5xx reply straight after the SMTP ERROR line is therefore the reply it was about: one failure
  // with that code, not a lost connection.
  it('takes a refusal right after a SMTP ERROR line without reply text as that line\'s reply', () => {
    const run = runLines([
      'CLIENT -> SERVER: AUTH XOAUTH2 <token base64>',
      'SERVER -> CLIENT: 334 {"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}',
      'SMTP ERROR: AUTH command failed',
      'SERVER -> CLIENT: 535-5.7.8 Username and Password not accepted.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced', 'codeSource', 'text']))).toEqual([
      { line: 3, stage: 'auth', code: 535, enhanced: '5.7.8', codeSource: 'seen', text: '535 5.7.8 Username and Password not accepted.' },
    ]);
    // the same with PHPMailer's stamps (the stamped-line fast path) and a two-line reply
    const stamped = runLines([
      '2026-08-07 10:00:00 CLIENT -> SERVER: AUTH XOAUTH2 <token base64>',
      '2026-08-07 10:00:00 SMTP ERROR: AUTH command failed:',
      '2026-08-07 10:00:00 SERVER -> CLIENT: 535-5.7.8 Username and Password not accepted. Learn more at',
      '                   \t                  535 5.7.8  https://support.google.com/mail/?p=BadCredentials x - gsmtp',
      'SMTP Error: Could not authenticate.',
    ]);
    expect(stamped.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced']))).toEqual([{ line: 2, stage: 'auth', code: 535, enhanced: '5.7.8' }]);
    expect(stamped.events[0]!.text).toContain('BadCredentials');
    // an empty reply followed by the client's next command stays what PHPMailer means by it
    const lost = runLines([
      '2017-06-13 01:46:26\tCLIENT -> SERVER: .',
      '2017-06-13 01:46:36\tSERVER -> CLIENT:',
      '2017-06-13 01:46:36\tSMTP ERROR: DATA END command failed:',
      'SMTP Error: data not accepted.',
      '2017-06-13 01:46:36\tCLIENT -> SERVER: QUIT',
      '2017-06-13 01:46:39\tSERVER -> CLIENT: 250 OK id=1dKauY-0006oj-4k',
    ]);
    expect(lost.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 3, stage: 'data', code: null }]);
  });
});

// Review of probe 12 (PHPMailer <= 5.2.7's cleanup after a failed STARTTLS): the 220 go-ahead, then RSET or
// QUIT with no SMTP reply, is a TLS failure; only there does that old cleanup state a failure.
describe('phpmailer: the old cleanup after the STARTTLS go-ahead', () => {
  const greeting = [
    'SMTP -> FROM SERVER:220 smtp.googlemail.com ESMTP m62sm4902317qte.5 - gsmtp',
    'SMTP -> FROM SERVER: 250-smtp.googlemail.com at your service, [189.61.226.25]',
    '250-STARTTLS',
    '250 SMTPUTF8',
  ];
  const stages = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'code']));

  it('reads a QUIT with no reply after the go-ahead (5.2.7 closes "nicely") as the TLS failure, once', () => {
    const run = runLines([
      ...greeting,
      'SMTP -> FROM SERVER:220 2.0.0 Ready to start TLS',
      'SMTP -> FROM SERVER:',
      'SMTP -> ERROR: SMTP server rejected quit command: ',
      'Mailer Error: SMTP Error: Could not connect to SMTP host.',
    ]);
    expect(stages(run)).toEqual([{ line: 7, stage: 'tls', code: null }]);
  });

  it('reads stray code-less bytes as no reply: the RSET after them still follows the go-ahead (PHPMailer#550 shape)', () => {
    const run = runLines([...greeting, 'SMTP -> FROM SERVER:220 2.0.0 Ready to start TLS', 'SMTP -> FROM SERVER:F', 'SMTP -> ERROR: RSET failed: F']);
    expect(stages(run)).toEqual([{ line: 7, stage: 'tls', code: null }]);
    expect(run.events[0]!.text).not.toBe('F');
  });

  it('absorbs the From failure that 5.2.x before 5.2.7 reports next ("Called Mail() without being connected")', () => {
    // SmtpConnect() caught its own exception, sent RSET and returned true: Mail() found no connection.
    const tls = runLines([
      ...greeting,
      'SMTP -> FROM SERVER:220 2.0.0 Ready to start TLS',
      'SMTP -> FROM SERVER:',
      'SMTP -> ERROR: RSET failed: ',
      'SMTP -> NOTICE:',
      'EOF caught while checking if connected',
      'Mailer Error: The following From address failed: ivan@example.com.br : Called Mail() without being connected',
    ]);
    expect(stages(tls)).toEqual([{ line: 7, stage: 'tls', code: null }]);
    // the same after a failed connection: one send, its host kept
    const connect = runLines([
      'Warning: fsockopen(): unable to connect to ssl://smtp.gmail.com:465 (Connection timed out) in /var/www/html/phpmailer/class.smtp.php on line 122',
      'SMTP -> ERROR: Failed to connect to server: Connection timed out (110)',
      'The following From address failed: monitor@example.com : Called Mail() without being connected',
    ]);
    expect(connect.events.map((e) => pick(e, ['line', 'stage', 'server']))).toEqual([{ line: 1, stage: 'connect', server: 'smtp.gmail.com' }]);
  });

  it('makes no event of the old cleanup without a reply elsewhere: after a delivered message, or before the restatement at level 1', () => {
    const delivered = runLines([
      'SMTP -> FROM SERVER:220 mail.example.org ESMTP Postfix',
      'SMTP -> FROM SERVER:250 mail.example.org',
      'SMTP -> FROM SERVER:250 2.1.0 Ok',
      'SMTP -> FROM SERVER:250 2.1.5 Ok',
      'SMTP -> FROM SERVER:354 End data with <CR><LF>.<CR><LF>',
      'SMTP -> FROM SERVER:250 2.0.0 Ok: queued as 3F1A2C',
      'SMTP -> FROM SERVER:',
      'SMTP -> ERROR: SMTP server rejected quit command: ',
    ]);
    expect(delivered.events).toEqual([]);
    const level1 = runLines(['SMTP -> ERROR: RSET failed: ', 'Mailer Error: SMTP Error: Could not connect to SMTP host.']);
    expect(level1.events.map((e) => pick(e, ['line', 'stage']))).toEqual([{ line: 2, stage: 'connect' }]);
    // a coded refusal of RSET stays an event
    const coded = runLines(['SMTP -> FROM SERVER:421 4.4.2 mail.example.org Error: timeout exceeded', 'SMTP -> ERROR: RSET failed: 421 4.4.2 mail.example.org Error: timeout exceeded']);
    expect(coded.events).toHaveLength(1);
    expect(coded.events[0]!.code).toBe(421);
  });

  it('starts another connection at a refusal after PHPMailer gave one up with no command sent (a report printing ErrorInfo first)', () => {
    const run = runLines([
      'ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      'SMTP Debug:',
      '2021-04-01 09:00:00\tSERVER -> CLIENT: 554 5.7.1 mx.example.net: Client host rejected: blocked using zen.spamhaus.org',
      '2021-04-01 09:00:00\tCLIENT -> SERVER: QUIT',
      '2021-04-01 09:00:00\tSERVER -> CLIENT: 221 2.0.0 Bye',
      '2021-04-01 09:00:00\tSMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 1, stage: 'connect', code: 554 }]);
  });
});

describe('phpmailer: probe-php-13 (applications wrapping PHPMailer)', () => {
  // Real excerpts that read right alone but cannot follow the other blocks of phpmailer.samples.log:
  // ErrorInfo lines without a stamp or a known log prefix, which the parser (by design) takes for
  // repeats of an authentication or connection failure stated shortly before. Each is run alone here.
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'code', 'codeSource', 'server']));

  it('reads FluentSMTP\'s JSON view: "code": 422 is the plugin\'s number, not a reply', () => {
    // https://github.com/WPManageNinja/fluent-smtp/issues/355 (2025-12-15)
    const run = runLines(['{', '  "code": 422,', '  "message": "SMTP Error: Could not authenticate.",', '  "errors": null', '}']);
    expect(facts(run)).toEqual([{ line: 3, stage: 'auth', code: null, codeSource: 'none', server: null }]);
  });

  it('reads suitecrm.log lines of SugarPHPMailer::setError() as one failed send each', () => {
    // https://github.com/SuiteCRM/SuiteCRM/issues/1123 (2016-03-18): SuiteCRM's own "not configured"
    // message when smtpConnect() failed, then smtp_connect_failed from send(): one failed connection.
    const connect = runLines([
      'Fri Mar 18 01:43:46 2016 [13347][1][FATAL] SugarPHPMailer encountered an error: An outgoing mail server is not configured to send emails. Please configure an outgoing mail server or select an outgoing mail server for the mail account that you are using in Settings >> Mail Account.',
      'Fri Mar 18 01:43:46 2016 [13347][1][FATAL] SugarPHPMailer encountered an error: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(facts(connect)).toEqual([{ line: 2, stage: 'connect', code: null, codeSource: 'none', server: null }]);
    // https://github.com/SuiteCRM/SuiteCRM/issues/5522 (2018-03-16): with exceptions on, postSend() and
    // send() both call setError() with the authenticate message, then SuiteCRM logs the exception: one send.
    const auth = runLines([
      'Fri Mar 16 15:45:38 2018 [941][1][FATAL] SugarPHPMailer encountered an error: SMTP Error: Could not authenticate.',
      'Fri Mar 16 15:45:38 2018 [941][1][FATAL] SugarPHPMailer encountered an error: SMTP Error: Could not authenticate.',
      'Fri Mar 16 15:45:38 2018 [941][1][ERROR] send: PHPMailer Exception: { <strong>SMTP Error: Could not authenticate.</strong><br />',
    ]);
    expect(facts(auth)).toEqual([{ line: 1, stage: 'auth', code: null, codeSource: 'none', server: null }]);
  });

  it('reads ErrorInfo behind Joomla, InvoicePlane, Chamilo and Moodle wrappers', () => {
    // https://github.com/joomla/joomla-cms/issues/31981 (2021-01-10): Joomla's own "SMTP Error!" string
    expect(facts(runLines(['Error message: SMTP Error! Could not authenticate.']))).toEqual([
      { line: 1, stage: 'auth', code: null, codeSource: 'none', server: null },
    ]);
    // https://github.com/InvoicePlane/InvoicePlane/issues/124 (2014-12-10): CodeIgniter's PHP error block
    // after it names class.phpmailer.php but states no failure
    const invoiceplane = runLines([
      'SMTP Error: Could not authenticate.',
      'A PHP Error was encountered',
      '',
      'Severity: Warning',
      '',
      'Message: Cannot modify header information - headers already sent by (output started at /home/rhyshay1/public_html/invoiceplane.pickle-it.co.uk/application/modules/mailer/helpers/phpmailer/class.phpmailer.php:586)',
      '',
      'Filename: libraries/Session.php',
      '',
      'Line Number: 688',
    ]);
    expect(facts(invoiceplane)).toEqual([{ line: 1, stage: 'auth', code: null, codeSource: 'none', server: null }]);
    // https://github.com/chamilo/chamilo-lms/issues/3465 (2020-08-21)
    expect(facts(runLines(['ERROR: mail not sent to (xxx@yyy.com) because of SMTP connect() failed']))).toEqual([
      { line: 1, stage: 'connect', code: null, codeSource: 'none', server: null },
    ]);
    // https://github.com/hrimhari/moodle-auth_emailadmin/issues/12 (2016-12-09): Moodle's email_to_user() debugging line
    const moodle = runLines([
      `'Failed to send an email from the user with id '5' to the user with id '2' due to the following error: "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting'`,
    ]);
    expect(facts(moodle)).toEqual([{ line: 1, stage: 'connect', code: null, codeSource: 'none', server: null }]);
  });
});

// Lang() of 5.x returns "Language string failed to load: <key>" for a key its table lacks (6.x returns the
// bare key): a language file that could not be found, or the 'tls' key 5.2.x's English table lacked (#521).
describe('phpmailer: "Language string failed to load: <key>" restatements', () => {
  const facts = (run: Run) => run.events.map((e) => ({ ...pick(e, ['line', 'stage', 'recipient']), category: classify(e).category }));

  it('reads the tls key as the STARTTLS failure, once (PHPMailer#1296, html output and the application\'s ErrorInfo)', () => {
    // https://github.com/PHPMailer/PHPMailer/issues/1296 (2017-12-19), verbatim
    const run = runLines([
      '<br />SMTP -> FROM SERVER:',
      '<br />SMTP -> ERROR: RSET failed: ',
      '<br />Language string failed to load: tls',
      'Descrição do erro: Language string failed to load: tls<p>SMTP server error: </p>',
    ]);
    expect(facts(run)).toEqual([{ line: 3, stage: 'tls', category: 'tls', recipient: null }]);
  });

  it('lets the no-reply cleanup after the go-ahead state the TLS failure, and absorbs the restatement', () => {
    const run = runLines([
      'SMTP -> FROM SERVER:220 mail.example.com.br Microsoft ESMTP MAIL Service ready at Tue, 19 Dec 2017 08:59:58 -0200',
      'SMTP -> FROM SERVER: 250-mail.example.com.br Hello [192.0.2.10]',
      '250-STARTTLS',
      '250 OK',
      'SMTP -> FROM SERVER:220 2.0.0 SMTP server ready',
      'SMTP -> FROM SERVER:',
      'SMTP -> ERROR: RSET failed: ',
      'Language string failed to load: tls',
    ]);
    expect(facts(run)).toEqual([{ line: 7, stage: 'tls', category: 'tls', recipient: null }]);
    // Read as the restatement it is, and absorbed (an unknown line would be 'ignored': the event alone
    // would pass without the phrase).
    expect(run.verdicts[7]).toBe('context');
  });

  it('reads the other keys as the failures they name (a language file PHPMailer could not find)', () => {
    expect(facts(runLines(['Mailer Error: Language string failed to load: connect_host']))).toEqual([
      { line: 1, stage: 'connect', category: 'connection', recipient: null },
    ]);
    expect(facts(runLines(['Mailer Error: Language string failed to load: authenticate']))).toEqual([
      { line: 1, stage: 'auth', category: 'auth', recipient: null },
    ]);
    // recipients_failed is followed by the address with no space (lang('recipients_failed') . $address)
    expect(facts(runLines(['Mailer Error: Language string failed to load: recipients_failedbob@example.com']))).toEqual([
      { line: 1, stage: 'rcpt', category: 'other', recipient: 'bob@example.com' },
    ]);
  });
});

describe('phpmailer: probe-php-14 (pastes outside issue trackers)', () => {
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'code', 'codeSource']));

  it('reads a transcript that opens with an empty greeting after an application log of ErrorInfo lines', () => {
    // The ErrorInfo lines of https://github.com/PHPMailer/PHPMailer/issues/588 (two separate sends), then
    // the debug output of https://pastebin.com/N3y6xuEQ (2018-02-27): no greeting, EHLO and HELO get
    // nothing. The dialogue begins with a reply, not a command: the ErrorInfo failures before it are other
    // sends, so the EHLO failure is no fallout of theirs; with no greeting it is a failed connection.
    const run = runLines([
      'SMTP Error: The following recipients failed: info@mydomain.com',
      'SMTP Error: The following recipients failed: memberservices@mydomain.com',
      '2018-02-27 11:05:59 SERVER -> CLIENT:',
      '2018-02-27 11:05:59 CLIENT -> SERVER: EHLO mydomain.com',
      '2018-02-27 11:05:59 SERVER -> CLIENT:',
      '2018-02-27 11:05:59 SMTP ERROR: EHLO command failed:',
      '2018-02-27 11:05:59 CLIENT -> SERVER: HELO mydomain.com',
      '2018-02-27 11:05:59 SERVER -> CLIENT:',
      '2018-02-27 11:05:59 SMTP ERROR: HELO command failed:',
      'SMTP Error: Could not authenticate.',
    ]);
    expect(facts(run)).toEqual([
      { line: 1, stage: 'rcpt', code: null, codeSource: 'none' },
      { line: 2, stage: 'rcpt', code: null, codeSource: 'none' },
      { line: 6, stage: 'connect', code: null, codeSource: 'none' },
    ]);
  });
});

describe('phpmailer: failures before and after smtpConnect() (probe 15)', () => {
  // smtpSend() sends MAIL, RCPT and DATA only once smtpConnect() got through EHLO, STARTTLS and AUTH.
  it('reads a transaction failure after an authentication failure as its own (level 1, no client lines)', () => {
    const run = runLines(['SMTP ERROR: Password command failed: 535 Login incorrect -ERR', 'SMTP ERROR: DATA END command failed: 550 spam']);
    expect(run.events.map((e) => [e.line, e.stage, e.code])).toEqual([
      [1, 'auth', 535],
      [2, 'data', 550],
    ]);
  });

  it('still absorbs the restatements of an authentication failure', () => {
    const run = runLines([
      'SMTP ERROR: Password command failed: 535 Login incorrect -ERR',
      'SMTP Error: Could not authenticate.',
      'SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events.map((e) => [e.line, e.stage])).toEqual([[1, 'auth']]);
  });

  it('lets a connect_host naming STARTTLS (6.6+) restate a STARTTLS failure only (PHPMailer#3021)', () => {
    const title = "SMTP Error: Could not connect to SMTP host. STARTTLS command failed Unrecognized command 'STARTTLS'";
    const afterAuth = runLines(['SMTP ERROR: Password command failed: 535 5.7.8 Authentication failed', title]);
    expect(afterAuth.events.map((e) => [e.line, e.stage])).toEqual([
      [1, 'auth'],
      [2, 'tls'],
    ]);
    const afterTls = runLines(["SMTP ERROR: STARTTLS command failed: 500 5.3.3 Unrecognized command 'STARTTLS'", title]);
    expect(afterTls.events.map((e) => [e.line, e.stage, e.code])).toEqual([[1, 'tls', 500]]);
  });

  it('never lets smtp_connect_failed restate a failure in the message transaction', () => {
    const run = runLines(['SMTP ERROR: DATA END command failed: 554 5.7.1 rejected', 'SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting']);
    expect(run.events.map((e) => [e.line, e.stage])).toEqual([
      [1, 'data'],
      [2, 'connect'],
    ]);
  });
});

describe('phpmailer: review of probe-php-13 (callable logs, cleanup after a restatement)', () => {
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'code', 'server', 'text']));

  it("reads a refused connection in GLPI's mail-debug.log (options=array() glued to the next stamp)", () => {
    // The opening line took every unindented line after it as var_export() of its options: the failure was lost.
    const run = runLines([
      '2023-01-24 15:30:23 [500@s-web]',
      '3 - Connection: opening to smtp.example.net:25, timeout=300, options=array()2023-01-24 15:30:23 [500@s-web]',
      '3 - Connection failed. Error #2: stream_socket_client(): Unable to connect to smtp.example.net:25 (Connection refused) [/var/www/glpi/vendor/phpmailer/phpmailer/src/SMTP.php line 397]2023-01-24 15:30:23 [500@s-web]',
      '1 - SMTP ERROR: Failed to connect to server: Connection refused (111)2023-01-24 15:30:23 [500@s-web]',
      '3 - SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting2023-01-24 15:30:23 [500@s-web]',
    ]);
    // The next record's stamp glued to the message is not part of the event's text either.
    expect(facts(run)).toEqual([{ line: 4, stage: 'connect', code: null, server: 'smtp.example.net', text: 'Failed to connect to server: Connection refused (111)' }]);
  });

  it('ends the var_export() of the options at its closing ")" in a callable\'s log', () => {
    const run = runLines([
      '3: Connection: opening to ssl://smtp.example.com:465, timeout=300, options=array (',
      "  'ssl' => ",
      '  array (',
      "    'verify_peer' => false,",
      '  ),',
      ')',
      '3: Connection failed. Error #2: stream_socket_client(): unable to connect to ssl://smtp.example.com:465 (Connection refused) [/var/www/vendor/phpmailer/phpmailer/src/SMTP.php line 388]',
      '1: SMTP ERROR: Failed to connect to server: Connection refused (111)',
      '1: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(facts(run)).toEqual([{ line: 8, stage: 'connect', code: null, server: 'smtp.example.com', text: 'Failed to connect to server: Connection refused (111)' }]);
  });

  it('reads a pre-5.2.8 recipients ErrorInfo with its server paragraph, also with no language file', () => {
    // setError() appended `<p>` + lang('smtp_error') + the last RCPT reply without its code + `</p>`; the
    // address list ran into the paragraph and no recipient was read (no event at all).
    const reply = '5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table';
    for (const line of [
      `Mailer Error: SMTP Error: The following recipients failed: bob@example.com<p>SMTP server error: ${reply}</p>`,
      `Mailer Error: Language string failed to load: recipients_failedbob@example.com<p>Language string failed to load: smtp_error${reply}</p>`,
    ]) {
      expect(runLines([line]).events.map((e) => pick(e, ['stage', 'recipient', 'text']))).toEqual([{ stage: 'rcpt', recipient: 'bob@example.com', text: reply }]);
    }
    // The paragraph is the reply to the last RCPT: the last address of the list.
    const two = runLines([`Mailer Error: SMTP Error: The following recipients failed: a@example.com, bob@example.com<p>SMTP server error: ${reply}</p>`]);
    expect(two.events.map((e) => pick(e, ['recipient', 'text']))).toEqual([
      { recipient: 'a@example.com', text: 'SMTP Error: The following recipients failed: a@example.com' },
      { recipient: 'bob@example.com', text: reply },
    ]);
  });

  it('keeps the transcript across the RSET postSend() sends after printing a failure (SMTPKeepAlive)', () => {
    // postSend(): setError(), edebug() of the message, then smtp->reset() with SMTPKeepAlive; the
    // application's ErrorInfo after it repeats the same failure (as after the QUIT of smtpConnect()).
    const run = runLines([
      'SMTP Error: data not accepted.',
      'CLIENT -> SERVER: RSET',
      'SERVER -> CLIENT: 250 2.0.0 Ok',
      'SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: 5.7.1 Message rejected as spam SMTP code: 554',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage']))).toEqual([{ line: 1, stage: 'data' }]);
  });
});

describe('phpmailer: probe-php-16 (pastebin pastes)', () => {
  it('takes a stamp alone on its line (an entry htmlentities() emptied) as a stamped entry: a new transcript after unstamped output', () => {
    // pastebin.com/YErcQV5k after pastebin.com/NUTrmkyj: the opened host is not the restatement's.
    const run = runLines([
      'Connection: opening to smtp.gmail.com:587, timeout=300, options=array ()<br>',
      'Connection: opened<br>',
      'SMTP -> get_lines(): $data is ""<br>',
      'SMTP -> get_lines(): $str is "220-myaccount.arvixeshared.com ESMTP Exim 4.87 #1 Sun, 19 Mar 2017 00:57:26 -0400 "<br>',
      '2017-11-30 16:47:51',
      'SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      'Mailer Error: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events.map((e) => [e.line, e.stage, e.code, e.server])).toEqual([[6, 'connect', null, null]]);
  });

  it('keeps an empty stamped entry inside a stamped transcript without effect (PHPMailer#1349)', () => {
    const run = runLines([
      '2018-02-01 10:31:02 Connection: opening to smtp.gmail.com:587, timeout=300, options=array()',
      '2018-02-01 10:31:03 SERVER -> CLIENT: 220 2.0.0 Ready to start TLS',
      '2018-02-01 10:31:03 ',
      'SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(run.events.map((e) => e.server)).toEqual(['smtp.gmail.com']);
  });

  it('ends a dialogue that shows no failure at a var_dump() or print_r() of the PHPMailer object', () => {
    for (const opening of ['object(PHPMailer)#615 (69) {', 'PHPMailer Object', 'object(PHPMailer\\PHPMailer\\PHPMailer)#12 (80) {']) {
      const run = runLines([
        '2025-03-12 06:22:49 Connection: opening to ssl://synevo-rezultate.md:465, timeout=5, options=array ()',
        '2025-03-12 06:22:49 SERVER -> CLIENT: 220 k.host.md ESMTP Postfix',
        '2025-03-12 06:22:49 Auth method requested: UNSPECIFIED',
        opening,
        '["ErrorInfo"]=>',
        'string(22) "SMTP connect() failed."',
      ]);
      expect(run.events.map((e) => [e.line, e.stage, e.server])).toEqual([[6, 'connect', null]]);
    }
  });

  it('keeps a dump after a failure with that failure: its ErrorInfo restates it', () => {
    const run = runLines([
      '2016-05-21 21:39:01 Connection: opening to mail.example.com:25, timeout=300, options=array ()',
      '2016-05-21 21:39:01 SERVER -> CLIENT: 220 mail.example.com ESMTP',
      '2016-05-21 21:39:01 CLIENT -> SERVER: EHLO www.example.fr',
      '2016-05-21 21:39:01 SERVER -> CLIENT: 421 4.7.0 Try again later',
      '2016-05-21 21:39:01 SMTP ERROR: EHLO command failed: 421 4.7.0 Try again later',
      'object(PHPMailer)#615 (69) {',
      '["ErrorInfo"]=>',
      'string(22) "SMTP connect() failed."',
    ]);
    expect(run.events.map((e) => [e.line, e.code])).toEqual([[4, 421]]);
  });
});

describe('phpmailer: review of probes 14-15 (dead sockets, stack traces)', () => {
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'code']));

  it('reads an excerpt that starts at an empty reply to DATA END as a data failure, not a missing greeting', () => {
    // The tail of a send whose "." got no reply (PHPMailer/PHPMailer#3142's shape): the empty reply is no
    // greeting, only EHLO is the first command; "data not accepted" restates the same failure.
    const run = runLines(['2025-02-27 09:41:12 SERVER -> CLIENT: ', '2025-02-27 09:41:12 SMTP ERROR: DATA END command failed: ', '2025-02-27 09:41:12 SMTP Error: data not accepted.']);
    expect(facts(run)).toEqual([{ line: 2, stage: 'data', code: null }]);
  });

  it('lets a connect_host naming STARTTLS without a reply restate the dead socket shown before it', () => {
    // 6.6+ getSmtpErrorMessage() with an empty detail: EHLO, HELO and STARTTLS all timed out on one connection.
    const run = runLines([
      '2024-03-05 10:12:01\tConnection: opening to smtp.example.org:587, timeout=300, options=array()',
      '2024-03-05 10:12:01\tSERVER -> CLIENT: 220 smtp.example.org ESMTP Postfix',
      '2024-03-05 10:12:01\tCLIENT -> SERVER: EHLO www.example.com',
      '2024-03-05 10:17:01\tSERVER -> CLIENT:',
      '2024-03-05 10:17:01\tSMTP ERROR: EHLO command failed:',
      '2024-03-05 10:17:01\tCLIENT -> SERVER: HELO www.example.com',
      '2024-03-05 10:22:01\tSERVER -> CLIENT:',
      '2024-03-05 10:22:01\tSMTP ERROR: HELO command failed:',
      '2024-03-05 10:22:01\tCLIENT -> SERVER: STARTTLS',
      '2024-03-05 10:27:01\tSERVER -> CLIENT:',
      '2024-03-05 10:27:01\tSMTP ERROR: STARTTLS command failed:',
      '2024-03-05 10:27:01\tSMTP Error: Could not connect to SMTP host. STARTTLS command failed',
      '2024-03-05 10:27:01\tSMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ]);
    expect(facts(run)).toEqual([{ line: 5, stage: 'helo', code: null }]);
  });

  it('does not hold an uncaught exception whose stack trace follows on the next lines for a later transcript', () => {
    // PHP's own layout (display_errors, CLI): the ErrorInfo was thrown after send() gave up, so the debug
    // output after it is another run's: two failures, as with the trace on the same line.
    const run = runLines([
      'Fatal error: Uncaught PHPMailer\\PHPMailer\\Exception: SMTP Error: Could not authenticate. in /var/www/html/vendor/phpmailer/phpmailer/src/PHPMailer.php:2247',
      'Stack trace:',
      "#0 /var/www/html/vendor/phpmailer/phpmailer/src/PHPMailer.php(2045): PHPMailer\\PHPMailer\\PHPMailer->smtpConnect(Array)",
      '#1 {main}',
      '  thrown in /var/www/html/vendor/phpmailer/phpmailer/src/PHPMailer.php on line 2247',
      '2019-03-04 10:20:01 SERVER -> CLIENT: 220 mail.other-host.net ESMTP Exim 4.91',
      '2019-03-04 10:20:01 CLIENT -> SERVER: AUTH LOGIN',
      '2019-03-04 10:20:01 SERVER -> CLIENT: 334 VXNlcm5hbWU6',
      '2019-03-04 10:20:01 CLIENT -> SERVER: [credentials hidden]',
      '2019-03-04 10:20:01 SERVER -> CLIENT: 334 UGFzc3dvcmQ6',
      '2019-03-04 10:20:01 CLIENT -> SERVER: [credentials hidden]',
      '2019-03-04 10:20:03 SERVER -> CLIENT: 535 Incorrect authentication data',
      '2019-03-04 10:20:03 SMTP ERROR: Password command failed: 535 Incorrect authentication data',
      '2019-03-04 10:20:03 SMTP Error: Could not authenticate.',
    ]);
    expect(facts(run)).toEqual([
      { line: 1, stage: 'auth', code: null },
      { line: 12, stage: 'auth', code: 535 },
    ]);
  });

  it('reads a MAIL failure with no reply after a failed EHLO as its fallout (smtpConnect() ignores hello())', () => {
    // Error lines only: 6.x without TLS or AUTH goes on to MAIL after hello() failed; <= 5.2.6 resets and
    // goes on after any failure of its SmtpConnect().
    const newer = runLines(['2023-11-02 10:05:00 SMTP ERROR: EHLO command failed: ', '2023-11-02 10:10:00 SMTP ERROR: HELO command failed: ', '2023-11-02 10:15:00 SMTP ERROR: MAIL FROM command failed: ']);
    expect(facts(newer)).toEqual([{ line: 1, stage: 'helo', code: null }]);
    const older = runLines([
      'SMTP -> FROM SERVER:220 mail.example.net ESMTP',
      'SMTP -> FROM SERVER:',
      'SMTP -> ERROR: EHLO not accepted from server:',
      'SMTP -> ERROR: HELO not accepted from server:',
      'SMTP -> ERROR: AUTH not accepted from server:',
      'SMTP -> FROM SERVER:',
      'SMTP -> ERROR: RSET failed:',
      'SMTP -> FROM SERVER:',
      'SMTP -> ERROR: MAIL not accepted from server:',
    ]);
    expect(facts(older)).toEqual([{ line: 3, stage: 'helo', code: null }]);
  });
});

describe('phpmailer: review of probe-php-16 (date lines, whole mailer dumps)', () => {
  it('keeps an unstamped dialogue whose log view puts each entry under a date line of its own as one transcript', () => {
    // pastebin.com/PSEMct0L's layout with the date in the ISO form of PHPMailer's stamp, oldest first.
    const run = runLines([
      '2022-03-19 21:45:10',
      'SMTP Debug: CLIENT -> SERVER: MAIL FROM:<shop@nextnode.example>',
      '2022-03-19 21:45:10',
      'SMTP Debug: SERVER -> CLIENT: 250 2.1.0 OK',
      '2022-03-19 21:45:10',
      'SMTP Debug: CLIENT -> SERVER: RCPT TO:<kunde@dest.example>',
      '2022-03-19 21:45:11',
      'SMTP Debug: SERVER -> CLIENT: 550 5.1.1 <kunde@dest.example>: Recipient address rejected: User unknown',
      '2022-03-19 21:45:11',
      'SMTP Debug: SMTP ERROR: RCPT TO command failed: 550 5.1.1 <kunde@dest.example>: Recipient address rejected: User unknown',
    ]);
    expect(run.events.map((e) => [e.line, e.stage, e.code, e.recipient])).toEqual([[8, 'rcpt', 550, 'kunde@dest.example']]);
  });

  it("reads WP Mail SMTP's whole test page as one failure: the dump's language table is no failure, its debug output comes after a long dump", () => {
    const language = [
      ['authenticate', 'SMTP Error: Could not authenticate.'],
      ['connect_host', 'SMTP Error: Could not connect to SMTP host.'],
      ['data_not_accepted', 'SMTP Error: data not accepted.'],
      ['from_failed', 'The following From address failed: '],
      ['recipients_failed', 'SMTP Error: The following recipients failed: '],
      ['smtp_connect_failed', 'SMTP connect() failed.'],
      ['smtp_error', 'SMTP server error: '],
      ['variable_set', 'Cannot set or reset variable: '],
    ];
    const fields = Array.from({ length: 50 }, (_, i) => [`  ["Field${i}"]=>`, `  string(1) "${i % 10}"`]).flat();
    const debug = [
      '2017-12-10 20:22:25\tSERVER -> CLIENT: 220 smtp.gmail.com ESMTP u17sm8981445ljk.62 - gsmtp',
      '2017-12-10 20:22:25\tCLIENT -> SERVER: EHLO fldr.org',
      '2017-12-10 20:22:25\tSERVER -> CLIENT: 250-smtp.gmail.com at your service',
      '2017-12-10 20:22:25\tCLIENT -> SERVER: AUTH LOGIN',
      '2017-12-10 20:22:25\tSERVER -> CLIENT: 334 VXNlcm5hbWU6',
      '2017-12-10 20:22:25\tCLIENT -> SERVER: xxxxxxxx',
      '2017-12-10 20:22:25\tSERVER -> CLIENT: 334 UGFzc3dvcmQ6',
      '2017-12-10 20:22:25\tCLIENT -> SERVER: xxxxxxxx',
      '2017-12-10 20:22:26\tSERVER -> CLIENT: 535 5.7.8 Username and Password not accepted.',
      '2017-12-10 20:22:26\tSMTP ERROR: Password command failed: 535 5.7.8 Username and Password not accepted.',
      '2017-12-10 20:22:26\tSMTP Error: Could not authenticate.',
      '2017-12-10 20:22:26\tCLIENT -> SERVER: QUIT',
      '2017-12-10 20:22:26\tSERVER -> CLIENT: 221 2.0.0 closing connection',
      '2017-12-10 20:22:26\tSMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    ];
    const varDump = [
      'object(PHPMailer)#615 (69) {',
      '  ["Version"]=>',
      '  string(6) "5.2.22"',
      '  ["ErrorInfo"]=>',
      '  string(35) "SMTP Error: Could not authenticate."',
      ...fields,
      '  ["language":protected]=>',
      '  array(8) {',
      ...language.map(([k, v]) => [`    ["${k}"]=>`, `    string(${v!.length}) "${v}"`]).flat(),
      '  }',
      '  ["error_count":protected]=>',
      '  int(1)',
      '}',
    ];
    const printR = ['PHPMailer Object', '(', '[Version] => 5.2.22', '[ErrorInfo] => SMTP Error: Could not authenticate.', ...fields.filter((_, i) => i % 2 === 0).map((f) => `[${f.slice(4, -3)}] => 1`), ...fields.filter((_, i) => i % 2 === 0).map((f) => `[x${f.slice(4, -3)}] => 2`), '[language:protected] => Array', '(', ...language.map(([k, v]) => `[${k}] => ${v}`), ')', '', '[error_count:protected] => 1', ')'];
    for (const dump of [varDump, printR]) {
      const run = runLines(['bool(false)', 'The full debugging output is shown below:', ...dump, 'The SMTP debugging output is shown below:', ...debug]);
      expect(run.events.map((e) => [e.stage, e.code])).toEqual([['auth', 535]]);
    }
    // The page's source: the dump in <pre>, the heading in <p>.
    const source = runLines(['<pre>bool(false)', '</pre>', `<pre>${varDump[0]}`, ...varDump.slice(1, -1), '}', '</pre><p>The SMTP debugging output is shown below:</p>', ...debug]);
    expect(source.events.map((e) => [e.stage, e.code])).toEqual([['auth', 535]]);
  });
});

describe('phpmailer: review of probe-php-18 (empty From address, glued repeats)', () => {
  it("reads from_failed with an empty From address as PHPMailer writes it, its Detail's CRLF putting `,<code>,<ex>` on the next line", () => {
    // PHPMailer.php: lang('from_failed') . $smtp_from . ' : ' . implode(',', getError()); the Detail keeps the reply's CRLF.
    for (const head of ['The following From address failed:  : MAIL FROM command failed,Sender not allowed', 'The following From address failed:: MAIL FROM command failed, Sender not allowed']) {
      const run = runLines([head, ',553,5.7.1SMTP server error: MAIL FROM command failed Detail: Sender not allowed', 'SMTP code: 553 Additional SMTP info: 5.7.1']);
      expect(run.events.map((e) => [e.line, e.stage, e.code, e.enhanced, e.sender])).toEqual([[1, 'mail', 553, '5.7.1', null]]);
      expect(run.verdicts).toEqual(['reply', 'context', 'context']);
    }
    const named = runLines(['The following From address failed: a@example.com : MAIL FROM command failed,Sender not allowed', ',553,5.7.1SMTP server error: MAIL FROM command failed Detail: Sender not allowed', 'SMTP code: 553 Additional SMTP info: 5.7.1']);
    expect(named.events.map((e) => [e.line, e.code, e.sender])).toEqual([[1, 553, 'a@example.com']]);
  });

  it("ends an application's message where the same message starts again on its line", () => {
    const run = runLines(['Mailer Error: SMTP Error: The following recipients failed: a@example.comMailer Error: SMTP Error: The following recipients failed: a@example.com']);
    expect(run.events.map((e) => [e.stage, e.recipient])).toEqual([['rcpt', 'a@example.com']]);
  });
});

describe('phpmailer: review of probe-php-17 (unnamed RCPTs, PHP SSL warnings)', () => {
  it('gives a second unnamed RCPT refusal of <= 5.2.7 level 2 its own address from the recipients list, not the first', () => {
    const run = runLines([
      'SMTP -> FROM SERVER:220 mail.example.net ESMTP Postfix',
      'SMTP -> FROM SERVER: 250-mail.example.net',
      '250 8BITMIME',
      'SMTP -> FROM SERVER:250 2.1.0 Ok',
      'SMTP -> FROM SERVER:550 5.1.1 User unknown',
      'SMTP -> ERROR: RCPT not accepted from server: 550 5.1.1 User unknown',
      'SMTP -> FROM SERVER:550 5.1.1 User unknown',
      'SMTP -> ERROR: RCPT not accepted from server: 550 5.1.1 User unknown',
      'SMTP Error: The following recipients failed: alice@example.org, bob@example.org',
    ]);
    const rcpt = run.events.filter((e) => e.stage === 'rcpt');
    expect(rcpt.map((e) => e.line)).toEqual([5, 7]);
    expect(rcpt[0]!.recipient).not.toBe('bob@example.org');
    expect(rcpt[1]!.recipient).toBe('bob@example.org');
  });

  it('reads a <= 5.2.7 level-4 refusal once: its get_lines() lines, then its FROM SERVER copy, then the ERROR line', () => {
    const raw = (reply: string) => ['SMTP -> get_lines(): $data was ""', `SMTP -> get_lines(): $str is "${reply}`, '"', `SMTP -> get_lines(): $data is "${reply}`, '"'];
    const run = runLines([
      ...raw('220 mail.example.net ESMTP Postfix'),
      'SMTP -> FROM SERVER:220 mail.example.net ESMTP Postfix',
      ...raw('250 mail.example.net'),
      'SMTP -> FROM SERVER: 250 mail.example.net',
      ...raw('250 2.1.0 Ok'),
      'SMTP -> FROM SERVER:250 2.1.0 Ok',
      ...raw('550 5.1.1 User unknown'),
      'SMTP -> FROM SERVER:550 5.1.1 User unknown',
      'SMTP -> ERROR: RCPT not accepted from server: 550 5.1.1 User unknown',
      'SMTP Error: The following recipients failed: alice@example.org',
    ]);
    expect(run.events.map((e) => [e.line, e.stage, e.code, e.recipient])).toEqual([[20, 'rcpt', 550, 'alice@example.org']]);
  });

  it("keeps two runs apart when a job's log puts a date line over each run's output, not over each entry", () => {
    const run = runLines([
      '2021-06-01 02:00:01',
      'SMTP ERROR: Password command failed: 535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6',
      'SMTP Error: Could not authenticate.',
      '2021-06-01 02:00:40',
      'SMTP ERROR: Password command failed: 535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6',
      'SMTP Error: Could not authenticate.',
    ]);
    expect(run.events.map((e) => [e.line, e.stage, e.code])).toEqual([
      [2, 'auth', 535],
      [5, 'auth', 535],
    ]);
  });

  it("does not call a bare 'SSL operation failed' on a socket write during DATA a TLS handshake failure", () => {
    const run = runLines([
      '2021-03-04 10:00:01 SERVER -> CLIENT: 220 smtp.example.net ESMTP',
      '2021-03-04 10:00:01 CLIENT -> SERVER: EHLO web.example.com',
      '2021-03-04 10:00:01 SERVER -> CLIENT: 250 smtp.example.net',
      '2021-03-04 10:00:01 CLIENT -> SERVER: MAIL FROM:<web@example.com>',
      '2021-03-04 10:00:01 SERVER -> CLIENT: 250 OK',
      '2021-03-04 10:00:01 CLIENT -> SERVER: RCPT TO:<bob@example.org>',
      '2021-03-04 10:00:01 SERVER -> CLIENT: 250 Accepted',
      '2021-03-04 10:00:01 CLIENT -> SERVER: DATA',
      '2021-03-04 10:00:01 SERVER -> CLIENT: 354 Enter message, ending with "." on a line by itself',
      '2021-03-04 10:00:01 CLIENT -> SERVER: Subject: hello',
      '2021-03-04 10:00:31 Connection failed. Error #2: fwrite(): SSL operation failed with code 1. [/var/www/vendor/phpmailer/phpmailer/src/SMTP.php line 1187]',
      '2021-03-04 10:00:31 SMTP ERROR: DATA END command failed: ',
    ]);
    expect(run.events.map((e) => e.stage)).toEqual(['data']);
    expect(classify(run.events[0]!).category).not.toBe('tls');
    // The handshake's own warning, code alone, stays a TLS failure.
    const handshake = runLines([
      '2018-01-21 08:31:10 CLIENT -> SERVER: STARTTLS',
      '2018-01-21 08:31:10 SERVER -> CLIENT: 220 2.0.0 Ready to start TLS',
      '2018-01-21 08:31:10 Connection failed. Error #2: stream_socket_enable_crypto(): SSL operation failed with code 1. [/var/www/SMTP.php line 406]',
    ]);
    expect(handshake.events.map((e) => classify(e).category)).toEqual(['tls']);
  });
});

describe('phpmailer: probe-php-19 (Q&A pages, blogs and forums)', () => {
  it('classifies a 6.6+ "Could not connect to SMTP host" that names a refused STARTTLS as TLS', () => {
    // https://github.com/soup-bowl/simple-smtp/issues/148 (probe-php-19 t07): getSmtpErrorMessage() appends
    // the SMTP class error, "STARTTLS command failed" and the reply text: the connection was open.
    const run = runLines(['SMTP Error: Could not connect to SMTP host. STARTTLS command failed TLS not available due to local problem']);
    expect(run.events.map((e) => pick(e, ['stage', 'code']))).toEqual([{ stage: 'tls', code: null }]);
    expect(classify(run.events[0]!).category).toBe('tls');
    // In another language the appended SMTP class error stays English.
    const de = runLines(["SMTP Fehler: Konnte keine Verbindung zum SMTP-Host herstellen. STARTTLS command failed Unrecognized command 'STARTTLS'"]);
    expect(classify(de.events[0]!).category).toBe('tls');
  });

  it('reads an ErrorInfo broken after one of its labels as one message, its code on a later line', () => {
    // qiita.com/pike3 (probe-php-19 t02): the article broke a 6.x data_not_accepted ErrorInfo after
    // "SMTP server error:"; the parts it introduces follow unlabelled and unindented, up to "SMTP code:".
    const run = runLines([
      'SMTP Error: data not accepted.SMTP server error:',
      'DATA END command failed Detail: Message rejected: Email address is not verified.',
      'The following identities failed the check in [x].',
      'SMTP code: 554',
      'Message could not be sent.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code', 'codeSource']))).toEqual([{ line: 1, stage: 'data', code: 554, codeSource: 'seen' }]);
    expect(run.events[0]!.text).toBe('554 Message rejected: Email address is not verified. The following identities failed the check in [x].');
    expect(run.verdicts).toEqual(['reply', 'context', 'context', 'context', 'ignored']);
    // Not broken after a label: an unindented line after the ErrorInfo is the application's own.
    const whole = runLines(['SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: Spam SMTP code: 554', 'Message could not be sent.']);
    expect(whole.verdicts[1]).not.toBe('context');
  });

  it("takes PHP's bare socket message after a connect ErrorInfo as the reason that connection failed", () => {
    // www.m-shokai.jp (probe-php-19 t01): connect_host, then the warning without PHP's "Warning:" label on
    // a line of its own: the certificate names another host, a TLS failure, one event.
    const run = runLines([
      'SMTP Error: Could not connect to SMTP host.',
      "stream_socket_client(): Peer certificate CN=`*.conoha.ne.jp' did not match expected CN=`mail.example.com`",
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 1, stage: 'tls', code: null }]);
    expect(classify(run.events[0]!).category).toBe('tls');
    expect(run.verdicts).toEqual(['reply', 'context']);
  });

  it("reads PHP's socket message alone as a failed connection only when it names an SMTP port", () => {
    // blog.youkuaiyun.com gitblog_00933 (probe-php-19 t03): the message as error_get_last() or an exception
    // hands it on, no "Warning:" label, no source reference, no PHPMailer line around it.
    const run = runLines(['stream_socket_client(): unable to connect to smtp-hve.office365.com:587 (Connection refused)']);
    expect(run.events.map((e) => pick(e, ['stage', 'code', 'server']))).toEqual([{ stage: 'connect', code: null, server: 'smtp-hve.office365.com' }]);
    expect(classify(run.events[0]!).category).toBe('connection');
    // A PHP error log holds other clients' socket warnings too (a cache, a queue): not mail.
    const other = runLines(['PHP Warning:  stream_socket_client(): unable to connect to tcp://127.0.0.1:6379 (Connection refused) in /var/www/lib/Redis.php on line 12', 'stream_socket_client(): unable to connect to 127.0.0.1:11211 (Connection refused)']);
    expect(other.events).toEqual([]);
  });
});

describe('phpmailer: probe-php-20 (application logs of other PHP projects)', () => {
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'code', 'text']));

  it('reads an ErrorInfo that names a command with no Detail and no code as a command that got no reply', () => {
    // mantisbt/mantisbt#790: setError() writes only the parts that are set, and sendCommand() takes both
    // from the reply, so an empty reply leaves the command named alone (the server was not responding).
    const mantis = runLines([
      '16. Jun 2016, 14:57 CEST MAIL email_api.php:1206 email_send() ERROR: Message could not be sent - SMTP Error: data not accepted.SMTP server error: DATA END command failed',
    ]);
    expect(facts(mantis)).toEqual([{ line: 1, stage: 'data', code: null, text: 'DATA END command failed: no reply (connection closed or timed out)' }]);
    expect(classify(mantis.events[0]!).category).toBe('connection');
    // 5.2.8-5.2.9 from_failed, implode() of the same empty fields.
    const from = runLines(['Mailer Error: The following From address failed: web@example.com : MAIL FROM command failed,,']);
    expect(facts(from)).toEqual([{ line: 1, stage: 'mail', code: null, text: 'MAIL FROM command failed: no reply (connection closed or timed out)' }]);
    // With the reply's words or code the failure is the server's answer, as before.
    const refused = runLines(['Message could not be sent. Mailer Error: SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: Message rejected SMTP code: 554']);
    expect(facts(refused)).toEqual([{ line: 1, stage: 'data', code: 554, text: '554 Message rejected' }]);
  });

  it('reads the From-address failure glued to the old EOF notice after a failed STARTTLS as its fallout', () => {
    // fusionpbx/fusionpbx#1931 (5.2.x before 5.2.7, level 2): SmtpConnect() caught its own exception, sent
    // RSET (its reply: the server's TLS alert) and returned true; Mail() found the socket closed, and the
    // notice's second line carries the exception send() echoed. The application's copy follows.
    const run = runLines([
      'SMTP -> FROM SERVER:220 smtp.example.com ESMTP ready',
      'SMTP -> FROM SERVER: 250-smtp.example.com at your service',
      '250 STARTTLS',
      'SMTP -> FROM SERVER:220 2.0.0 Ready to start TLS',
      'SMTP -> FROM SERVER:^U^C^A^@^B^BF',
      'SMTP -> ERROR: RSET failed: ^U^C^A^@^B^BF',
      'SMTP -> NOTICE:',
      'EOF caught while checking if connectedThe following From address failed: pbx@example.com',
      'Mailer Error: The following From address failed: pbx@example.com',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 6, stage: 'tls', code: null }]);
    // Without the notice, a From-address failure on a working connection is still its own.
    const refused = runLines(['SMTP -> FROM SERVER:220 smtp.example.com ESMTP ready', 'SMTP -> ERROR: MAIL not accepted from server: 553 sender rejected', 'The following From address failed: pbx@example.com']);
    expect(refused.events.map((e) => pick(e, ['line', 'stage', 'code']))).toEqual([{ line: 2, stage: 'mail', code: 553 }]);
  });
});

describe('phpmailer: review of probe-php-19/20 (socket messages on SMTP ports, broken ErrorInfo)', () => {
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'server']));

  it('reads a socket warning that could not connect, in a transcript that is talking, as another connection', () => {
    // Another script's socket on port 25 in the PHP error log, while a PHPMailer send is at MAIL: not a
    // failure of that MAIL, nor to be charged to that send.
    const other = runLines([
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 220 smtp.example.com ESMTP',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: EHLO web1',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 250 smtp.example.com',
      '2024-01-01 10:00:00\tCLIENT -> SERVER: MAIL FROM:<app@example.com>',
      '2024-01-01 10:00:00\tSERVER -> CLIENT: 250 OK',
      '[01-Jan-2024 10:00:00 UTC] PHP Warning:  stream_socket_client(): unable to connect to tcp://mx.example.net:25 (Connection refused) in /var/www/check.php on line 3',
    ]);
    expect(facts(other)).toEqual([{ line: 6, stage: 'connect', server: 'mx.example.net' }]);
    // The next send of a level-2 error_log (no `Connection: opening`): PHPMailer 5.2's own warning.
    const next = runLines([
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 220 smtp.example.com ESMTP',
      '[01-Jan-2024 10:00:00 UTC] CLIENT -> SERVER: QUIT',
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 221 Bye',
      '[01-Jan-2024 10:00:30 UTC] PHP Warning:  stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused) in /var/www/PHPMailer/class.smtp.php on line 222',
    ]);
    expect(facts(next)).toEqual([{ line: 4, stage: 'connect', server: 'smtp.example.com' }]);
  });

  it("reads PHP's socket message an application logs after a failed connection PHPMailer reported as its reason, not a second failure", () => {
    // error_log debug output, the ErrorInfo, then the application's error_get_last()['message'].
    const copy = runLines([
      '[01-Jan-2024 10:00:00 UTC] SMTP ERROR: Failed to connect to server: Connection refused (111)',
      '[01-Jan-2024 10:00:00 UTC] SMTP Error: Could not connect to SMTP host. Failed to connect to server',
      '[01-Jan-2024 10:00:00 UTC] Mailer Error: SMTP Error: Could not connect to SMTP host. Failed to connect to server',
      '[01-Jan-2024 10:00:00 UTC] stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused)',
    ]);
    expect(facts(copy)).toEqual([{ line: 1, stage: 'connect', server: null }]);
    expect(copy.verdicts[3]).toBe('context');
    const level3 = runLines([
      '2024-01-01 10:00:00\tConnection: opening to smtp.example.com:587, timeout=300, options=array()',
      '2024-01-01 10:00:00\tConnection failed. Error #2: stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused) [/var/www/vendor/phpmailer/phpmailer/src/SMTP.php line 388]',
      '2024-01-01 10:00:00\tSMTP ERROR: Failed to connect to server: Connection refused (111)',
      '2024-01-01 10:00:00\tSMTP Error: Could not connect to SMTP host. Failed to connect to server',
      'stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused)',
    ]);
    expect(facts(level3)).toEqual([{ line: 2, stage: 'connect', server: 'smtp.example.com' }]);
    // Another host, or a refused connection after a refused STARTTLS (that connection was open): not that
    // failure's reason, another attempt.
    const elsewhere = runLines([...level3.lines.slice(0, 4).map((l) => l.text), 'stream_socket_client(): unable to connect to smtp2.example.com:587 (Connection refused)']);
    expect(facts(elsewhere)).toEqual([
      { line: 2, stage: 'connect', server: 'smtp.example.com' },
      { line: 5, stage: 'connect', server: 'smtp2.example.com' },
    ]);
    const tls = runLines([
      'SMTP Error: Could not connect to SMTP host. STARTTLS command failed TLS not available due to local problem',
      'Message could not be sent.',
      'stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused)',
    ]);
    expect(tls.events.map((e) => pick(e, ['line', 'stage']))).toEqual([
      { line: 1, stage: 'tls' },
      { line: 3, stage: 'connect' },
    ]);
  });

  it("reads PHP 8's capitalised socket message (\"Unable to connect to\") like PHP 7's", () => {
    // RainLoop/rainloop-webmail#2241, mageplaza/magento-2-smtp#397 (PHP 8.1): the same message, capital U.
    const alone = runLines(['stream_socket_client(): Unable to connect to tcp://smtp.example.com:587 (Connection timed out)']);
    expect(facts(alone)).toEqual([{ line: 1, stage: 'connect', server: 'smtp.example.com' }]);
    const other = runLines(['stream_socket_client(): Unable to connect to tcp://127.0.0.1:6379 (Connection refused)']);
    expect(other.events).toEqual([]);
    // PHPMailer's own, with no `Connection: opening` line before it: its host is the event's server.
    const own = runLines(['2024-01-01 10:00:00\tConnection failed. Error #2: stream_socket_client(): Unable to connect to ssl://smtp.example.com:465 (Connection refused) [/var/www/vendor/phpmailer/phpmailer/src/SMTP.php line 409]']);
    expect(facts(own)).toEqual([{ line: 1, stage: 'connect', server: 'smtp.example.com' }]);
  });

  it('takes no line into an ErrorInfo broken after its label that states a message of its own, nor any after a command that got no reply', () => {
    // The part after "SMTP server error:" ends at its command: no reply, nothing unlabelled follows.
    const silent = runLines(['SMTP Error: data not accepted.SMTP server error:', 'DATA END command failed', 'Message could not be sent.']);
    expect(silent.events.map((e) => pick(e, ['line', 'stage', 'text']))).toEqual([
      { line: 1, stage: 'data', text: 'DATA END command failed: no reply (connection closed or timed out)' },
    ]);
    expect(silent.verdicts).toEqual(['reply', 'context', 'ignored']);
    // Another failure in the application's words is read as one.
    const next = runLines([
      'SMTP Error: data not accepted.SMTP server error:',
      'DATA END command failed Detail: Mailbox unavailable',
      'Mailer Error: SMTP Error: The following recipients failed: x@example.net: User unknown',
    ]);
    expect(next.events.map((e) => pick(e, ['line', 'stage', 'recipient']))).toEqual([
      { line: 1, stage: 'data', recipient: null },
      { line: 3, stage: 'rcpt', recipient: 'x@example.net' },
    ]);
  });
});

describe('phpmailer: probe-php-21 (ErrorInfo rows of SQL dumps, glued output, summaries before their debug line)', () => {
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'code', 'enhanced']));

  it('reads each row of an SQL dump of an application log as a record of its own, at the time the row holds', () => {
    // Two mails of one workflow, both refused, then two failed logins: the same ErrorInfo twice is two sends.
    const rows = runLines([
      'INSERT INTO `workflow_activity_log` (`id`, `workflow_id`, `status`, `details`, `created_at`) VALUES',
      "(196, 1, 'failed', 'Message could not be sent. Mailer Error: SMTP Error: data not accepted. SMTP server error: DATA END command failed Detail: Disabled by user\\r\\n SMTP code: 554 Additional SMTP info: 5.7.1', '2026-01-10 07:55:03'),",
      "(197, 2, 'failed', 'Message could not be sent. Mailer Error: SMTP Error: data not accepted. SMTP server error: DATA END command failed Detail: Disabled by user\\r\\n SMTP code: 554 Additional SMTP info: 5.7.1', '2026-01-10 07:55:04'),",
      "(200, 1, 'failed', 'Message could not be sent. Mailer Error: SMTP Error: Could not authenticate.', '2026-02-01 06:36:22'),",
      "(201, 2, 'failed', 'Message could not be sent. Mailer Error: SMTP Error: Could not authenticate.', '2026-02-01 06:36:24'),",
    ]);
    expect(facts(rows)).toEqual([
      { line: 2, stage: 'data', code: 554, enhanced: '5.7.1' },
      { line: 3, stage: 'data', code: 554, enhanced: '5.7.1' },
      { line: 4, stage: 'auth', code: null, enhanced: null },
      { line: 5, stage: 'auth', code: null, enhanced: null },
    ]);
    expect(rows.events[2]!.time).toBe(new Date(2026, 1, 1, 6, 36, 22).getTime());
  });

  it('takes the enhanced code of "Additional SMTP info" before the quote that closes the string holding the ErrorInfo', () => {
    const json = runLines(['{"status":"failed","error":"SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: Sending limit exceeded SMTP code: 550 Additional SMTP info: 5.4.5"}']);
    expect(facts(json)).toEqual([{ line: 1, stage: 'data', code: 550, enhanced: '5.4.5' }]);
  });

  it('ends the SMTP-class error at "command failed": what an echo glued to it (a counter, the next output) is no reply code', () => {
    const glued = runLines(['Message could not be sent.Mailer Error: SMTP Error: data not accepted.SMTP server error: DATA command failed502 sendDaum()....start']);
    expect(glued.events.map((e) => pick(e, ['stage', 'code', 'codeSource', 'text']))).toEqual([
      { stage: 'data', code: null, codeSource: 'none', text: 'DATA command failed: no reply (connection closed or timed out)' },
    ]);
    expect(classify(glued.events[0]!).category).toBe('connection');
  });

  it("absorbs the connection ErrorInfo's tail broken onto a line of its own into the failure the debug line showed", () => {
    const run = runLines([
      '2024-09-14 14:57:04 SMTP ERROR: Failed to connect to server: No connection could be made because the target machine actively refused it (10061)',
      'SMTP Error: Could not connect to SMTP host. Failed to connect to server',
      'Message could not be sent. Mailer Error: SMTP Error: Could not connect to SMTP host. ',
      'Failed to connect to serverSMTP server error: Failed to connect to server SMTP code: 10061 Additional SMTP info: No connection could be made because the target machine actively refused it',
    ]);
    expect(facts(run)).toEqual([{ line: 1, stage: 'connect', code: null, enhanced: null }]);
    expect(run.verdicts).toEqual(['reply', 'context', 'context', 'context']);
  });

  it('gives a summary printed right before its debug line the facts of that line, also after another send failed', () => {
    const run = runLines([
      '2015-04-08 15:35:54\tCLIENT -> SERVER: MAIL FROM:<a@127.0.0.1>',
      '2015-04-08 15:35:54\tSERVER -> CLIENT: 501 5.1.7 Bad sender address syntax',
      'Message could not be sent.Mailer Error: SMTP Error: data not accepted.SMTP server error: DATA command failed',
      '    SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      '    2022-09-23 21:59:14 SMTP ERROR: Failed to connect to server: Connection timed out (110)',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'text']))).toEqual([
      { line: 2, stage: 'mail', text: '501 5.1.7 Bad sender address syntax' },
      { line: 3, stage: 'data', text: 'DATA command failed: no reply (connection closed or timed out)' },
      { line: 4, stage: 'connect', text: 'Failed to connect to server: Connection timed out (110)' },
    ]);
    expect(run.verdicts.slice(3)).toEqual(['reply', 'context']);
  });

  it('reads a PHP without its ssl:// transport as TLS unavailable on the client, not a host out of reach', () => {
    const run = runLines(['SMTP -> ERROR: Failed to connect to server: Unable to find the socket transport "ssl" - did you forget to enable it when you configured PHP? (32690)']);
    expect(run.events.map((e) => ({ ...pick(e, ['stage', 'code']), category: classify(e).category }))).toEqual([{ stage: 'tls', code: null, category: 'tls' }]);
  });
});

describe('phpmailer: re-review of probe-php-19/20 (socket warnings of other clients, repeated failures)', () => {
  const facts = (run: Run) => run.events.map((e) => pick(e, ['line', 'stage', 'server', 'sender']));

  it("reads each SMTP-port warning PHP raised as an attempt of its own: a cron job's every run, a retry", () => {
    // halojoy/PHP-SMTP-Mailer#2 ("I got this always"): a mailer of its own on fsockopen(), one warning per
    // send. PHP raises `unable to connect to` once per failed call, and before anything reports it.
    const warning = (at: string) => `[01-Jan-2024 ${at} UTC] PHP Warning:  fsockopen(): unable to connect to tcp://in-v3.mailjet.com:587 (Connection refused) in /home/site/class/SMTPMailer.php on line 170`;
    const cron = runLines([warning('10:00:01'), warning('10:01:01'), warning('10:01:05'), warning('10:02:00')]);
    expect(cron.events.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(cron.events.every((e) => e.stage === 'connect' && e.server === 'in-v3.mailjet.com')).toBe(true);
    // The application's copy gives the reason of the failure just reported once; the same copy on the next
    // run is that run's failure.
    const copy = '[01-Jan-2024 10:00:00 UTC] stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused)';
    const runs = runLines([
      '[01-Jan-2024 10:00:00 UTC] Mailer Error: SMTP Error: Could not connect to SMTP host. Failed to connect to server',
      copy,
      copy.replace('10:00:00', '10:00:40'),
      copy.replace('10:00:00', '10:00:50'),
    ]);
    expect(runs.events.map((e) => e.line)).toEqual([1, 3, 4]);
    // PHP's own warning after a reported failure is another call's, not that failure's reason.
    const own = runLines([
      '[01-Jan-2024 10:00:00 UTC] Mailer Error: SMTP Error: Could not connect to SMTP host. Failed to connect to server',
      '[01-Jan-2024 10:00:20 UTC] PHP Warning:  stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused) in /var/www/cron/notify.php on line 9',
    ]);
    expect(own.events.map((e) => e.line)).toEqual([1, 2]);
  });

  it("keeps another client's socket warning out of the transcript: the send under way goes on, later ErrorInfo lines are their own", () => {
    // A PHP error log interleaves requests: a port-25 check between a send's MAIL and its RCPT.
    const between = runLines([
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 220 smtp.example.com ESMTP',
      '[01-Jan-2024 10:00:00 UTC] CLIENT -> SERVER: EHLO web1',
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 250 smtp.example.com',
      '[01-Jan-2024 10:00:00 UTC] CLIENT -> SERVER: MAIL FROM:<app@example.com>',
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 250 OK',
      '[01-Jan-2024 10:00:00 UTC] PHP Warning:  fsockopen(): unable to connect to mx.example.net:25 (Connection refused) in /var/www/check.php on line 3',
      '[01-Jan-2024 10:00:00 UTC] CLIENT -> SERVER: RCPT TO:<bad@example.net>',
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 550 5.1.1 User unknown',
      '[01-Jan-2024 10:00:00 UTC] SMTP ERROR: RCPT TO command failed: 550 5.1.1 User unknown',
    ]);
    expect(facts(between)).toEqual([
      { line: 6, stage: 'connect', server: 'mx.example.net', sender: null },
      { line: 8, stage: 'rcpt', server: null, sender: 'app@example.com' },
    ]);
    // Another application's ErrorInfo after such a warning is its own failure, not a restatement of it.
    const after = runLines([
      '[01-Jan-2024 10:01:01 UTC] PHP Warning:  fsockopen(): unable to connect to tcp://in-v3.mailjet.com:587 (Connection refused) in /home/site/class/SMTPMailer.php on line 170',
      '[01-Jan-2024 10:01:01 UTC] SMTPMailer: could not send newsletter #12',
      '[01-Jan-2024 10:01:40 UTC] Mailer Error: SMTP Error: Could not connect to SMTP host. Failed to connect to server',
    ]);
    expect(after.events.map((e) => pick(e, ['line', 'server']))).toEqual([
      { line: 1, server: 'in-v3.mailjet.com' },
      { line: 3, server: null },
    ]);
  });

  it("reads 'unable to connect to ssl://...:465 (Unknown error)' as the TLS handshake that failed, and its copy as that failure's reason", () => {
    // PHPMailer/PHPMailer#1932: PHP's three warnings of a failed implicit-TLS handshake; the last one, which
    // alone names the port, has no errno because the TCP connection was made.
    const level3 = [
      '2020-01-01 05:42:40\tConnection: opening to ssl://smtp.gmail.com:465, timeout=300, options=array()',
      '2020-01-01 05:42:41\tConnection failed. Error #2: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed [C:\\wamp64\\www\\vendor\\phpmailer\\phpmailer\\src\\SMTP.php line 349]',
      '2020-01-01 05:42:41\tConnection failed. Error #2: stream_socket_client(): Failed to enable crypto [C:\\wamp64\\www\\vendor\\phpmailer\\phpmailer\\src\\SMTP.php line 349]',
      '2020-01-01 05:42:41\tConnection failed. Error #2: stream_socket_client(): unable to connect to ssl://smtp.gmail.com:465 (Unknown error) [C:\\wamp64\\www\\vendor\\phpmailer\\phpmailer\\src\\SMTP.php line 349]',
      '2020-01-01 05:42:41\tSMTP ERROR: Failed to connect to server: (0)',
      'SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
      'stream_socket_client(): unable to connect to ssl://smtp.gmail.com:465 (Unknown error)',
    ];
    const copy = runLines(level3);
    expect(copy.events.map((e) => pick(e, ['line', 'stage']))).toEqual([{ line: 2, stage: 'tls' }]);
    expect(copy.verdicts[6]).toBe('context');
    // Another client's: only the last warning names the port.
    const other = runLines([
      '[01-Jan-2024 10:00:01 UTC] PHP Warning:  fsockopen(): Failed to enable crypto in /home/site/class/SMTPMailer.php on line 170',
      '[01-Jan-2024 10:00:01 UTC] PHP Warning:  fsockopen(): unable to connect to ssl://smtp.gmail.com:465 (Unknown error) in /home/site/class/SMTPMailer.php on line 170',
      '[01-Jan-2024 10:00:02 UTC] PHP Warning:  fsockopen(): unable to connect to ssl://smtp.gmail.com:465 (Connection timed out) in /home/site/class/SMTPMailer.php on line 170',
    ]);
    expect(other.events.map((e) => pick(e, ['line', 'stage']))).toEqual([
      { line: 2, stage: 'tls' },
      { line: 3, stage: 'connect' },
    ]);
    expect(classify(other.events[0]!).category).toBe('tls');
  });

  it('counts the same ErrorInfo of each run of a cron job in a log whose stamp is not read (syslog, MantisBT)', () => {
    // mantisbt/mantisbt#790's log line, as send_emails.php run by cron each minute writes it.
    const mantis = (at: string) => `16. Jun 2016, ${at} CEST MAIL email_api.php:1206 email_send() ERROR: Message could not be sent - SMTP Error: data not accepted.SMTP server error: DATA END command failed`;
    expect(runLines([mantis('14:57'), mantis('14:58'), mantis('14:59')]).events.map((e) => e.line)).toEqual([1, 2, 3]);
    // PHP's error_log = syslog.
    const syslog = runLines([
      'Jun 16 14:57:01 web1 php: Mailer Error: SMTP Error: Could not connect to SMTP host.',
      'Jun 16 14:58:01 web1 php: Mailer Error: SMTP Error: Could not connect to SMTP host.',
      'Jun 16 14:58:01 web1 php: Mailer Error: SMTP Error: The following recipients failed: a@example.net: User unknown',
      'Jun 16 14:59:01 web1 php: Mailer Error: SMTP Error: The following recipients failed: a@example.net: User unknown',
    ]);
    expect(syslog.events.map((e) => pick(e, ['line', 'stage']))).toEqual([
      { line: 1, stage: 'connect' },
      { line: 2, stage: 'connect' },
      { line: 3, stage: 'rcpt' },
      { line: 4, stage: 'rcpt' },
    ]);
    // The same message at the same time of day may be one send's logged twice (SuiteCRM, above); an
    // address's port is no time of day.
    const port = runLines(['relay 10.0.0.1:25 said: SMTP Error: Could not authenticate.', 'relay 10.0.0.1:25 said: SMTP Error: Could not authenticate.']);
    expect(port.events.map((e) => e.line)).toEqual([1]);
  });

  it('counts each run of a cron job at level 1 of PHPMailer <= 5.2.7 (its errors only, no client line between runs)', () => {
    const run = [
      'SMTP -> ERROR: RCPT not accepted from server: 550 5.1.1 <a@example.net>: Recipient address rejected: User unknown',
      'SMTP Error: The following recipients failed: a@example.net',
      'Mailer Error: SMTP Error: The following recipients failed: a@example.net',
    ];
    const cron = runLines([...run, ...run, ...run]);
    expect(cron.events.map((e) => pick(e, ['line', 'stage', 'recipient']))).toEqual([
      { line: 1, stage: 'rcpt', recipient: 'a@example.net' },
      { line: 4, stage: 'rcpt', recipient: 'a@example.net' },
      { line: 7, stage: 'rcpt', recipient: 'a@example.net' },
    ]);
    // With the client lines (5.2.8+) each run began with its own; that reading stays.
    const named = runLines(['2024-01-01 10:00:00\tCLIENT -> SERVER: RCPT TO:<a@example.net>', '2024-01-01 10:00:00\tSMTP ERROR: RCPT TO command failed: 550 5.1.1 User unknown', '2024-01-01 10:00:00\tSMTP Error: The following recipients failed: a@example.net: User unknown']);
    expect(named.events.map((e) => pick(e, ['line', 'recipient']))).toEqual([{ line: 2, recipient: 'a@example.net' }]);
  });

  it("reads PHPMailer's own warning of the next send after a failed send's QUIT as that send's failed connection", () => {
    // Level 2 in the error log: the first send's RCPT refused, QUIT; 30 s later the next send cannot
    // connect (5.2's PHP warning from class.smtp.php). Not the fallout of the first send's failure.
    const run = runLines([
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 220 smtp.example.com ESMTP',
      '[01-Jan-2024 10:00:00 UTC] CLIENT -> SERVER: RCPT TO:<bad@example.net>',
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 550 5.1.1 User unknown',
      '[01-Jan-2024 10:00:00 UTC] SMTP ERROR: RCPT TO command failed: 550 5.1.1 User unknown',
      '[01-Jan-2024 10:00:00 UTC] CLIENT -> SERVER: QUIT',
      '[01-Jan-2024 10:00:00 UTC] SERVER -> CLIENT: 221 Bye',
      '[01-Jan-2024 10:00:30 UTC] PHP Warning:  stream_socket_client(): unable to connect to smtp.example.com:587 (Connection refused) in /var/www/PHPMailer/class.smtp.php on line 222',
      '[01-Jan-2024 10:00:30 UTC] Mailer Error: SMTP Error: Could not connect to SMTP host.',
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'server']))).toEqual([
      { line: 3, stage: 'rcpt', server: null },
      { line: 7, stage: 'connect', server: 'smtp.example.com' },
    ]);
    expect(run.verdicts[7]).toBe('context');
  });
});

describe('phpmailer: probe-php-22 (SQL dumps of YiifCMS, a French smtp_connect_failed)', () => {
  it('reads each row of an SQL dump with one INSERT a row (VALUES or SET form) as a record of its own', () => {
    // Two identical from_failed rows are two refused sends, not a restatement (YiifCMS's mail log dumps).
    const values = runLines([
      "INSERT INTO `t_mail_log` VALUES('10','a@example.net','s','m','1405057700','failed','3','1','发送地址错误：Shop<p>SMTP server error: Invalid User",
      '</p>',
      "');",
      "INSERT INTO `t_mail_log` VALUES('11','a@example.net','s','m','1405057900','failed','3','1','发送地址错误：Shop<p>SMTP server error: Invalid User",
      '</p>',
      "');",
    ]);
    expect(values.events.map((e) => pick(e, ['line', 'stage']))).toEqual([
      { line: 1, stage: 'mail' },
      { line: 4, stage: 'mail' },
    ]);
    const set = runLines([
      "INSERT INTO `t_mail_log` SET `id` = '10' ,`error` = '发送地址错误：Shop<p>SMTP server error: Invalid User' ;",
      "INSERT INTO `t_mail_log` SET `id` = '11' ,`error` = '发送地址错误：Shop<p>SMTP server error: Invalid User' ;",
    ]);
    expect(set.events.map((e) => e.line)).toEqual([1, 2]);
  });

  it("takes the From before a pre-5.2.8 '<p>' paragraph as the sender, address or not, and ends the paragraph at '</p>'", () => {
    const row = runLines(["(10, 'a@example.net', 'failed', '发送地址错误：YiifCMS官方<p>SMTP server error: Invalid User\\r\\n</p>\\r\\n'),"]);
    expect(row.events.map((e) => pick(e, ['stage', 'sender', 'text']))).toEqual([{ stage: 'mail', sender: 'YiifCMS官方', text: 'Invalid User' }]);
    const plain = runLines(['The following From address failed: ROOT<p>SMTP server error: Invalid User</p>']);
    expect(plain.events.map((e) => pick(e, ['stage', 'sender', 'text']))).toEqual([{ stage: 'mail', sender: 'ROOT', text: 'Invalid User' }]);
  });

  it("reads an unlisted translation of smtp_connect_failed ending in ' :' before the link as a failed connection, without the application's label", () => {
    const run = runLines(['Mailer Error : Echec de la connexion SMTP : https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting']);
    expect(run.events.map((e) => pick(e, ['stage', 'text']))).toEqual([{ stage: 'connect', text: 'Echec de la connexion SMTP :' }]);
    expect(classify(run.events[0]!).category).toBe('connection');
  });
});

describe('phpmailer: translated connect_host of the current Russian language file', () => {
  // language/phpmailer.lang-ru.php: 'Ошибка SMTP: не удается подключиться к серверу SMTP.' (older files
  // and the 5.x ones said "к SMTP-серверу"); probe-php-22 found only the older wording in real logs.
  it('reads the current wording as a failed connection', () => {
    const run = runLines(['[2023-02-01 10:00:00] Mailer Error: Ошибка SMTP: не удается подключиться к серверу SMTP.']);
    expect(run.events.map((e) => `${e.stage}/${classify(e).category}`)).toEqual(['connect/connection']);
  });
});

describe('phpmailer: re-review of probe-php-21/22 (SQL dump rows)', () => {
  it("ends a dump row's message at the quote closing its value, and reads the dump's escapes as the text it stored", () => {
    // The row's bookkeeping after the ErrorInfo (a stamp, numbers, NULL, `col` = value) and its `),` or
    // `);` are no part of the text, and the reply's CRLF the dump wrote as `\r\n` is a line break.
    const run = runLines([
      'INSERT INTO `mail_log` (`id`, `error`, `created_at`) VALUES',
      "(1, 'SMTP Error: Could not authenticate.', '2026-01-10 07:55:03'),",
      "(2, 'SMTP Error: Could not authenticate.', '2026-01-10 07:56:40');",
      "INSERT INTO `mail_log` VALUES (7,'SMTP Error: The following recipients failed: x@y.example: <x@y.example>: Recipient address rejected: User unknown',NULL,'2026-01-10 08:00:00',0);",
      "INSERT INTO `t_mail_log` SET `id` = '10' ,`error` = '发送地址错误：Shop<p>SMTP server error: Invalid User' ,`time` = '1405057700';",
      "(196, 1, 'failed', 'Message could not be sent. Mailer Error: SMTP Error: data not accepted. SMTP server error: DATA END command failed Detail: Disabled by user\\r\\n SMTP code: 554 Additional SMTP info: 5.7.1', '2026-01-10 08:05:03'),",
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'text']))).toEqual([
      { line: 2, stage: 'auth', text: 'SMTP Error: Could not authenticate.' },
      { line: 3, stage: 'auth', text: 'SMTP Error: Could not authenticate.' },
      { line: 4, stage: 'rcpt', text: '<x@y.example>: Recipient address rejected: User unknown' },
      { line: 5, stage: 'mail', text: 'Invalid User' },
      { line: 6, stage: 'data', text: '554 5.7.1 Disabled by user' },
    ]);
  });
});

describe('phpmailer: re-review of probe-php-21/22 (one-line extended INSERT)', () => {
  it("reads each row of mysqldump's one-line INSERT (all rows of the table on one line) as a record of its own, at its own time", () => {
    const run = runLines([
      "INSERT INTO `mail_log` VALUES (1,'a@x.example','success','','2026-01-10 07:50:00'),(2,'a@x.example','failed','SMTP Error: Could not authenticate.','2026-01-10 07:55:03'),(3,'b@x.example','failed','SMTP Error: Could not authenticate.','2026-01-10 08:10:00'),(4,'c@x.example','failed','It\\'s down: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting','2026-01-10 09:00:00');",
    ]);
    expect(run.events.map((e) => pick(e, ['line', 'stage', 'text', 'time']))).toEqual([
      { line: 1, stage: 'auth', text: 'SMTP Error: Could not authenticate.', time: new Date(2026, 0, 10, 7, 55, 3).getTime() },
      { line: 1, stage: 'auth', text: 'SMTP Error: Could not authenticate.', time: new Date(2026, 0, 10, 8, 10, 0).getTime() },
      { line: 1, stage: 'connect', text: 'SMTP connect() failed.', time: new Date(2026, 0, 10, 9, 0, 0).getTime() },
    ]);
    expect(run.verdicts).toEqual(['reply']);
  });
});
