// What the sample files cannot show for the Exim parser: twin keys across the two logs, the memory
// of deferrals behind "retry timeout exceeded", line endings, hostile input, detection, and a run over
// every line of the real corpus checked against an independent count of refusal lines.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import exim from '../../parsers/exim.js';
import type { LineVerdict, LogLine, ParseLookup } from '../../parsers/types.js';
import { classify } from '../../src/classify/classify.js';
import { detectFormat } from '../../src/ingest/detect-format.js';
import { LineSplitter } from '../../src/ingest/read-lines.js';
import type { ReplyEvent } from '../../src/model/event.js';
import { projectRoot } from '../../src/util/paths.js';

// the corpus copied into the repository (fixtures/corpus, from ../shared/corpus)
const CORPUS = join(projectRoot(), 'fixtures', 'corpus');

interface Run {
  events: ReplyEvent[];
  verdicts: LineVerdict[];
  successes: number;
  lines: LogLine[];
}

/** Splits bytes the way the ingest reader does (LF, CRLF or CR; UTF-8 else Windows-1252). */
function splitBytes(bytes: Buffer): LogLine[] {
  const lines: LogLine[] = [];
  const splitter = new LineSplitter((l) => lines.push(l));
  splitter.push(bytes);
  splitter.end(true);
  return lines;
}

function toLines(texts: readonly string[]): LogLine[] {
  let offset = 0;
  return texts.map((text, i) => {
    const line = { text, offset, number: i + 1 };
    offset += Buffer.byteLength(text) + 1;
    return line;
  });
}

function run(lines: readonly LogLine[], lookup?: ParseLookup): Run {
  const events: ReplyEvent[] = [];
  let successes = 0;
  const parser = exim.create({ sink: { event: (e) => events.push(e), success: () => successes++ }, lookup });
  const verdicts = lines.map((l) => parser.push(l));
  parser.finish();
  return { events, verdicts, successes, lines: [...lines] };
}

const runTexts = (texts: readonly string[], lookup?: ParseLookup) => run(toLines(texts), lookup);

const corpusBytes = readFileSync(join(CORPUS, 'exim-real.log'));

describe('exim twin keys', () => {
  const rejection =
    '2013-06-15 16:36:49 H=altmx.marsukov.com [111.67.203.116] F=<kadrofutcheti@mail.ru> rejected RCPT <oksana@birzhatm.ua>: Unknown user';
  const dataRejection =
    '2022-06-01 13:48:42 1nwNm8-0006NL-F0 H=(mail.kittycaller.com) [23.171.176.140] F=<caskassetsmail@mail.cushcoins.com> rejected after DATA: Your message scored 22.8 SpamAssassin points. Report follows:';

  it('gives a rejection the same key in the mainlog and in the rejectlog', () => {
    const mainlog = runTexts([
      '2013-06-15 16:36:40 1aQrOE-0004A7-TL <= someone@example.org H=mx.example.org [192.0.2.1] P=esmtp S=3098',
      rejection,
      '2022-06-01 13:48:40 SMTP connection from (mail.kittycaller.com) [23.171.176.140] (TCP/IP connection count = 3)',
      dataRejection,
      '2022-06-01 13:48:43 1nwNm8-0006NL-F0 Completed',
    ]);
    const rejectlog = runTexts([
      rejection,
      dataRejection,
      'Envelope-from: <caskassetsmail@mail.cushcoins.com>',
      'Envelope-to: <info@example.net>',
      '  Subject: 550 5.7.1 urgent',
    ]);
    const keys = (r: Run) => r.events.map((e) => `${e.twinKey}#${e.twinRepeat}`);
    expect(keys(mainlog)).toHaveLength(2);
    expect(mainlog.events.every((e) => Number.isSafeInteger(e.twinKey) && e.twinKey! >= 0)).toBe(true);
    expect(keys(rejectlog)).toEqual(keys(mainlog));
    expect(new Set(keys(mainlog)).size).toBe(2);
  });

  it('gives the same key to a syslog-wrapped copy of the line', () => {
    const plain = runTexts([rejection]);
    const wrapped = runTexts([`Jun 15 16:36:49 mx exim[2249]: ${rejection}`]);
    expect(wrapped.events[0]!.twinKey).toBe(plain.events[0]!.twinKey);
    expect(plain.events[0]!.twinKey).not.toBeNull();
  });

  it('keeps two identical lines of one log in the same second apart', () => {
    const r = runTexts([rejection, rejection, rejection.replace('16:36:49', '16:36:50')]);
    const [a, b, c] = r.events;
    expect(a!.twinKey).not.toBeNull();
    expect(a!.twinKey).toBe(b!.twinKey);
    expect([a!.twinRepeat, b!.twinRepeat]).toEqual([0, 1]);
    expect(c!.twinRepeat).toBe(0); // a new second starts counting again
  });

  it('leaves deliveries without a key (they exist only in the mainlog)', () => {
    const r = runTexts([
      '2016-06-03 11:03:18 [13879] 1b8lwj-0003bo-6W == authority@example.com R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<authority@example.com>: host eu-smtp-inbound-1.mimecast.com [195.130.217.211]: 451 Internal resource temporarily unavailable',
      '2016-06-03 01:21:52 [22942] 1b8cs4-0005xz-6g ** invalid@example.com F=<x@example.net>: Unrouteable address',
    ]);
    expect(r.events.map((e) => e.twinKey)).toEqual([null, null]);
  });
});

describe('exim prefixes and hosts seen in real logs (second review)', () => {
  // drlight17/mta-log-parser#22 (exim 4.98 via syslog): syslog splits an entry into pieces [n/m]
  const purge = 'Feb 14 18:12:33 192.168.55.51 exim[46483]: [1\\2] 2025-02-14 18:12:33 Warning: purging the environment.';
  const purge2 = 'Feb 14 18:12:33 192.168.55.51 exim[46483]: [2/2]  Suggested action: use keep_environment.';
  // public file 4375894768 quotes the message part `[1\4] 2017-...`; the syslog prefix is ours
  const authPlain =
    '2017-04-24 00:06:31 fixed_login authenticator failed for (User) [91.200.12.165]: 435 Unable to authenticate at present (set_id=scanner)';
  const authPiece = `Apr 24 00:06:31 bayamo exim[1234]: [1\\4] ${authPlain}`;

  it('reads syslog pieces: the first one is the entry (Exim time, same twin key), later ones continue it', () => {
    const r = runTexts([purge, purge2, authPiece, 'Apr 24 00:06:31 bayamo exim[1234]: [2\\4] Envelope-from: <x@example.org>']);
    expect(r.verdicts).toEqual(['ignored', 'context', 'reply', 'context']);
    const plain = runTexts([authPlain]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ code: 435, clientIp: '91.200.12.165', time: plain.events[0]!.time, twinKey: plain.events[0]!.twinKey });
    expect(r.events[0]!.time).not.toBeNull();
  });

  it('takes the time and zone of an RFC 3339 syslog stamp when Exim wrote none', () => {
    // fail2ban/fail2ban#3060 (syslog-ng); the +02:00 and journalctl +0200 variants are COMPOSED from it
    const line =
      '2024-03-24T02:04:32.363+00:00 info exim[8001]: [8001] SMTP protocol error in "AUTH LOGIN" H=(User) [194.33.191.29]:20042 I=[65.109.230.99]:25 Ci=8001 LOGIN authentication mechanism not supported';
    const r = runTexts([line, line.replace('+00:00', '+02:00'), line.replace('.363+00:00', '+0200')]);
    expect(r.events.map((e) => e.time)).toEqual([
      Date.UTC(2024, 2, 24, 2, 4, 32, 363),
      Date.UTC(2024, 2, 24, 0, 4, 32, 363),
      Date.UTC(2024, 2, 24, 0, 4, 32),
    ]);
    expect(r.events[0]).toMatchObject({ stage: 'auth', code: 504, clientIp: '194.33.191.29', helo: 'User' });
  });

  it('reads `exim[pid]: ` lines that lost their syslog stamp and host (OSSEC samples)', () => {
    const r = runTexts([
      'exim[14706]: 2006-11-21 15:01:39 1Gmary-0002iA-00 ** xxxxxxxx@some-domain.com R=dnslookup T=remote_smtp: SMTP error from remote mailer after RCPT TO:<xxxxxxxx@some-domain.com>: host mx.some-domain.com [1.1.1.1]: 550 Mailbox unavailable <xxxxxxxxxxx@some-domain.com>',
    ]);
    expect(r.verdicts).toEqual(['reply']);
    expect(r.events[0]).toMatchObject({ messageId: '1Gmary-0002iA-00', code: 550, server: 'mx.some-domain.com [1.1.1.1]', time: new Date(2006, 10, 21, 15, 1, 39).getTime() });
  });

  it('finds the client address behind a HELO that holds bracket groups (COMPOSED hostile HELOs)', () => {
    const r = runTexts([
      // the form the bench generator writes for junk HELOs: `[c]` is no address
      '2025-03-03 01:28:35 H=(a (b) [c]) [222.1.155.94] rejected EHLO or HELO a (b) [c]: Your HELO name is not a fully qualified domain name',
      // a HELO that imitates the address group Exim writes after it
      '2025-03-03 01:28:36 H=(x) [192.0.2.1]) [203.0.113.9] F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted',
      '2025-03-03 01:28:37 login authenticator failed for (x) [192.0.2.1]) [203.0.113.9]:4456: 535 Incorrect authentication data',
    ]);
    expect(r.verdicts).toEqual(['reply', 'reply', 'reply']);
    expect(r.events.map((e) => [e.clientIp, e.helo])).toEqual([
      ['222.1.155.94', 'a (b) [c]'],
      ['203.0.113.9', 'x) [192.0.2.1]'],
      ['203.0.113.9', 'x) [192.0.2.1]'],
    ]);
  });

  it('skips key=value fields it does not know between the identity and "rejected" (COMPOSED, defensive)', () => {
    const r = runTexts([
      '2025-03-03 01:28:35 H=mx.example.net [192.0.2.7] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no F=<a@example.net> spf=fail dmarc=reject rejected RCPT <b@example.org>: DMARC policy',
    ]);
    expect(r.events[0]).toMatchObject({ stage: 'rcpt', code: 550, clientIp: '192.0.2.7', sender: 'a@example.net', recipient: 'b@example.org', text: 'DMARC policy' });
  });
});

describe('exim retry timeout', () => {
  const deferral =
    '2012-02-13 14:39:22 1RookS-000Pg8-VO == user@london.com R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<user@london.com>: host mx0.gmx.com [74.208.5.90]: 450 4.3.2 Too many mails (mail bomb), try again in 1 hour(s)';
  const expiry = '2012-02-17 14:39:22 1RookS-000Pg8-VO ** user@london.com: retry timeout exceeded';

  it('takes code, stage and server from the last deferral it saw for that message and address', () => {
    const r = runTexts([deferral, expiry]);
    expect(r.events).toHaveLength(2);
    expect(r.events[1]).toMatchObject({
      direction: 'outbound',
      stage: 'rcpt',
      code: 450,
      enhanced: '4.3.2',
      codeSource: 'seen',
      server: 'mx0.gmx.com [74.208.5.90]',
      recipient: 'user@london.com',
      text: 'retry timeout exceeded',
    });
  });

  it('asks the lookup when the deferral is not in this input, and survives a failing lookup', () => {
    const asked: string[] = [];
    const lookup: ParseLookup = {
      lastDeferral(messageId, recipient) {
        asked.push(`${messageId} ${recipient}`);
        return { code: 451, enhanced: '4.7.1', server: 'mx.example.net [192.0.2.7]', codeSource: 'seen' };
      },
    };
    const r = runTexts([expiry], lookup);
    expect(asked).toEqual(['1RookS-000Pg8-VO user@london.com']);
    expect(r.events[0]).toMatchObject({ code: 451, enhanced: '4.7.1', codeSource: 'seen', server: 'mx.example.net [192.0.2.7]' });

    const broken: ParseLookup = {
      lastDeferral() {
        throw new Error('database is locked');
      },
    };
    const r2 = runTexts([expiry], broken);
    expect(r2.events[0]).toMatchObject({ code: null, codeSource: 'none', text: 'retry timeout exceeded' });
  });

  it('does not use a deferral of another recipient', () => {
    const r = runTexts([deferral, expiry.replace('user@london.com', 'other@london.com')]);
    expect(r.events[1]).toMatchObject({ code: null, codeSource: 'none' });
  });
});

describe('exim line pairs that are one fact', () => {
  it('merges a per-host error with the deferral that repeats it, keeping the first line', () => {
    const r = runTexts([
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 H=localhost4.test.ex [127.0.0.1]: SMTP error from remote mail server after initial connection: 450 I\'m busy',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 == userx@domain1 R=others T=smtp defer (0) H=localhost4.test.ex [127.0.0.1]: SMTP error from remote mail server after initial connection: 450 I\'m busy',
    ]);
    expect(r.verdicts).toEqual(['reply', 'context']);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ line: 1, stage: 'connect', code: 450, recipient: 'userx@domain1', server: 'localhost4.test.ex [127.0.0.1]' });
  });

  it('keeps a per-host error on its own when another host then took the message', () => {
    const r = runTexts([
      '2024-01-01 10:00:00 1rPABC-0001Ab-Cd H=mx1.example.net [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<a@example.net>: 451 4.7.1 try later',
      '2024-01-01 10:00:01 1rPABC-0001Ab-Cd => a@example.net R=dnslookup T=remote_smtp H=mx2.example.net [192.0.2.2] C="250 OK"',
    ]);
    expect(r.verdicts).toEqual(['reply', 'success']);
    expect(r.events).toHaveLength(1);
    // the recipient comes from the RCPT TO the per-host line names
    expect(r.events[0]).toMatchObject({ code: 451, enhanced: '4.7.1', server: 'mx1.example.net [192.0.2.1]', recipient: 'a@example.net' });
  });

  it('merges a sender verify line into the rejection that follows it, not into an unrelated one', () => {
    const r = runTexts([
      '2013-06-10 10:10:59 H=mx.example.com [192.0.2.5] sender verify fail for <user@example.com>: Unrouteable address',
      '2013-06-10 10:10:59 H=mx.example.com [192.0.2.5] F=<user@example.com> rejected RCPT <info@example.org>: Sender verify failed',
      '2013-06-10 10:11:05 H=other.example.com [192.0.2.6] sender verify fail for <a@example.com>: Unknown user',
      '2013-06-10 10:11:06 H=other.example.com [192.0.2.6] F=<b@example.com> rejected RCPT <c@example.org>: relay not permitted',
    ]);
    expect(r.verdicts).toEqual(['reply', 'context', 'reply', 'reply']);
    expect(r.events).toHaveLength(3);
    expect(r.events[0]).toMatchObject({ line: 1, stage: 'rcpt', recipient: 'info@example.org', text: 'Sender verify failed: Unrouteable address' });
    expect(r.events.find((e) => e.line === 3)).toMatchObject({ stage: 'other', sender: 'a@example.com', code: 550 });
    expect(r.events.find((e) => e.line === 4)).toMatchObject({ text: 'relay not permitted', recipient: 'c@example.org' });
  });

  it('tells ingest which line is held (pendingLine) and the time of the last stamped line', () => {
    const parser = exim.create({ sink: { event: () => {}, success: () => {} } });
    const lines = toLines([
      '2024-01-01 10:00:00 1rPABC-0001Ab-Cd H=mx1.example.net [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<a@example.net>: 451 later',
      '2024-01-01 10:00:05 H=[192.0.2.9] F=<x@y.z> rejected after DATA: spam',
      '  Subject: 550 5.7.1 not a line of its own',
      '2024-01-01 10:00:09 1rPABC-0001Ab-Cd == a@example.net R=dnslookup T=remote_smtp defer (-44) H=mx1.example.net [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<a@example.net>: 451 later',
    ]);
    expect(parser.pendingLine!()).toBeNull();
    parser.push(lines[0]!);
    expect(parser.pendingLine!()).toMatchObject({ offset: 0, number: 1 });
    parser.push(lines[1]!);
    parser.push(lines[2]!);
    expect(parser.pendingLine!()).toMatchObject({ offset: 0, number: 1 });
    expect(parser.lastTime).toBe(new Date(2024, 0, 1, 10, 0, 5).getTime());
    expect(parser.push(lines[3]!)).toBe('context');
    expect(parser.pendingLine!()).toBeNull();
    expect(parser.lastTime).toBe(new Date(2024, 0, 1, 10, 0, 9).getTime());
  });

  it('flushes every held line at the end, and holds no more than its window', () => {
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const id = `1rPA${String(i).padStart(2, '0').slice(-2)}-${String(i).padStart(6, '0')}-Cd`;
      texts.push(`2024-01-01 10:00:00 ${id} H=mx.example.net [192.0.2.1]: SMTP error from remote mail server after MAIL FROM:<a@b.c> SIZE=10: 421 4.7.0 later`);
    }
    const events: number[] = [];
    const parser = exim.create({ sink: { event: (e) => events.push(e.line), success: () => {} } });
    toLines(texts).forEach((l) => parser.push(l));
    expect(events.length).toBeGreaterThan(2000); // emitted as the window moves on
    parser.finish();
    expect(events.length).toBe(3000);
    expect(new Set(events).size).toBe(3000);
  });
});

describe('exim robustness', () => {
  it('never keeps the data of an AUTH command we sent: failures without a code, and a server echoing it', () => {
    // Found in a hostile-input review: the whole message became the text, "AUTH PLAIN <base64 of
    // \0user\0password>" with it (README: credentials found in transcripts are never stored).
    const secret = Buffer.from('\0alice@example.com\0Hunter2Passw0rd').toString('base64');
    const head = '2024-03-05 10:00:00 1abcde-00001X-AB == u@example.net R=smarthost T=remote_smtp defer (-46) H=smtp.example.net [192.0.2.7]: ';
    const r = runTexts([
      `${head}SMTP timeout after AUTH PLAIN ${secret}`,
      `${head}Remote host closed connection in response to pipelined AUTH PLAIN ${secret}`,
      `${head}SMTP error from remote mail server after AUTH PLAIN ${secret}: no code here`,
      `${head}SMTP error from remote mail server after AUTH PLAIN ${secret}: 535 5.7.8 Error: authentication failed: ${secret}`,
    ].map((l, i) => l.replace('00001X', `00001${i}`)));
    expect(r.events.map((e) => [e.stage, e.code, e.text])).toEqual([
      ['auth', null, 'SMTP timeout after AUTH PLAIN [credentials hidden]'],
      ['auth', null, 'Remote host closed connection in response to pipelined AUTH PLAIN [credentials hidden]'],
      ['auth', null, 'SMTP error from remote mail server after AUTH PLAIN [credentials hidden]: no code here'],
      ['auth', 535, 'Error: authentication failed: [credentials hidden]'],
    ]);
  });

  it('hides an echoed AUTH credential before the text is cut to its 2,000 characters (review rev4)', () => {
    // Before: the reply text was cut first, so a credential echoed across the cut kept its start.
    const secret = Buffer.from('\0alice@example.com\0Hunter2Passw0rd').toString('base64');
    const head = '2024-03-05 10:00:00 1abcde-00002X-AB == u@example.net R=smarthost T=remote_smtp defer (-46) H=smtp.example.net [192.0.2.7]: ';
    const r = runTexts([`${head}SMTP error from remote mail server after AUTH PLAIN ${secret}: 535 5.7.8 ${'x'.repeat(1990)} ${secret}`]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.code).toBe(535);
    expect(r.events[0]!.text).not.toContain(secret.slice(0, 6));
    expect(r.events[0]!.text.length).toBeLessThanOrEqual(2000);
  });

  it('gives the same events for LF and CRLF input', () => {
    const lf = run(splitBytes(corpusBytes));
    const crlf = run(splitBytes(Buffer.from(corpusBytes.toString('latin1').replaceAll('\n', '\r\n'), 'latin1')));
    const strip = (r: Run) => r.events.map(({ offset, ...rest }) => rest);
    expect(crlf.verdicts).toEqual(lf.verdicts);
    expect(strip(crlf)).toEqual(strip(lf));
    // a CR left at the end of a line by another reader changes nothing either
    const withCr = run(toLines(lf.lines.map((l) => l.text + '\r')));
    expect(strip(withCr).map((e) => e.text)).toEqual(strip(lf).map((e) => e.text));
  });

  it('reads 100 kB hostile HELOs, addresses and commands quickly, without throwing, with capped fields', () => {
    const junk = 'A'.repeat(100_000);
    const brackets = ') ['.repeat(30_000) + 'x';
    const texts = [
      `2024-01-01 10:00:00 H=(${junk}) [192.0.2.9] F=<a@b.c> rejected RCPT <d@e.f>: relay not permitted`,
      `2024-01-01 10:00:00 H=(${brackets}) [192.0.2.9] F=<a@b.c> rejected RCPT <d@e.f>: relay not permitted`,
      `2024-01-01 10:00:00 H=(x) [192.0.2.9] F=<${junk}@b.c> rejected RCPT <${junk}: relay not permitted`,
      `2024-01-01 10:00:00 rejected EHLO from (x) [192.0.2.9]: syntactically invalid argument(s): ${junk}`,
      `2024-01-01 10:00:00 SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "EHLO ${junk}" H=[192.0.2.9] next input="${'" H=(evil) [6.6.6.6]'.repeat(3000)}"`,
      `2024-01-01 10:00:00 SMTP protocol error in "AUTH PLAIN ${junk}" H=(x) [192.0.2.9] AUTH command used when not advertised`,
      `2024-01-01 10:00:00 login authenticator failed for (${junk}) [192.0.2.9]: 535 Incorrect authentication data (set_id=${junk})`,
      `2024-01-01 10:00:00 1rPABC-0001Ab-Cd ** ${junk}@x.y <${'<'.repeat(50_000)}> R=r T=t : ${'"'.repeat(50_000)}`,
      `2024-01-01 10:00:00 1rPABC-0001Ab-Cd == ${junk}@x.y R=r T=t defer (-44) H=${junk} [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<${junk}>: 550-5.1.1 ${'x\\n550-5.1.1 '.repeat(5000)}end`,
      `2024-01-01 10:00:00 ${'[1] '.repeat(20_000)}`,
      `${' '.repeat(100_000)}`,
    ];
    const started = performance.now();
    let r: Run | undefined;
    for (let i = 0; i < 20; i++) r = runTexts(texts);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(5000); // linear scans: ~milliseconds; a backtracking regex would take minutes
    expect(r!.events.length).toBeGreaterThanOrEqual(8);
    for (const e of r!.events) {
      expect((e.helo ?? '').length).toBeLessThanOrEqual(255);
      expect((e.sender ?? '').length).toBeLessThanOrEqual(512);
      expect((e.recipient ?? '').length).toBeLessThanOrEqual(512);
      expect(e.text.length).toBeLessThanOrEqual(2000);
    }
    expect(r!.events.find((e) => e.line === 1)).toMatchObject({ clientIp: '192.0.2.9', recipient: 'd@e.f' });
    expect(r!.events.find((e) => e.line === 5)).toMatchObject({ clientIp: '192.0.2.9', stage: 'helo', code: 554 });
  });

  it('reads a non-UTF-8 HELO (decoded as Windows-1252 by the reader)', () => {
    const bytes = Buffer.concat([
      Buffer.from('2015-07-09 15:41:40 H=(\xe9\xe8\x80\x94) [91.183.116.119] rejected EHLO or HELO \xe9\xe8\x80\x94: bad helo\n', 'latin1'),
      Buffer.from('2015-07-09 15:41:41 rejected EHLO from [91.183.116.119]: syntactically invalid argument(s): 0\xff]C\xa7\n', 'latin1'),
    ]);
    const r = run(splitBytes(bytes));
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({ stage: 'helo', clientIp: '91.183.116.119', helo: 'éè€”', code: 550, text: 'bad helo' });
    expect(r.events[1]).toMatchObject({ stage: 'helo', clientIp: '91.183.116.119', helo: '0ÿ]C§', code: 501 });
  });

  it('survives random cuts and splices of real lines: no throw, valid verdicts, well-formed events', () => {
    const real = splitBytes(corpusBytes).map((l) => l.text);
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const texts: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const a = real[rnd(real.length)]!;
      const b = real[rnd(real.length)]!;
      const cut = rnd(a.length + 1);
      const from = rnd(b.length + 1);
      // keep a real prefix (timestamp, fields) most of the time so the readers get past the prefix
      texts.push(rnd(4) === 0 ? b.slice(from) : a.slice(0, cut) + b.slice(from));
    }
    const r = runTexts(texts);
    const verdicts = new Set(['reply', 'success', 'context', 'ignored', 'skipped']);
    expect(r.verdicts.every((v) => verdicts.has(v))).toBe(true);
    expect(r.events.length).toBe(r.verdicts.filter((v) => v === 'reply').length);
    // an entry is never 'skipped': that verdict on a stamped line would mean a reader threw
    const stampedSkipped = texts.filter((t, i) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /.test(t) && r.verdicts[i] === 'skipped');
    expect(stampedSkipped).toEqual([]);
    const stages = new Set(['connect', 'helo', 'auth', 'mail', 'rcpt', 'data', 'tls', 'other']);
    for (const e of r.events) {
      expect(stages.has(e.stage)).toBe(true);
      expect(e.code === null || (e.code >= 200 && e.code <= 599)).toBe(true);
      expect(e.codeSource === 'none' ? e.code === null : e.code !== null).toBe(true);
      expect(e.enhanced === null || /^[245]\.\d{1,3}\.\d{1,3}$/.test(e.enhanced)).toBe(true);
      expect(typeof e.text).toBe('string');
      expect(e.direction === 'inbound' || e.direction === 'outbound' || e.direction === 'local').toBe(true);
    }
  });

  it('never copies AUTH payloads or set_id logins into an event', () => {
    const r = run(splitBytes(corpusBytes));
    const all = JSON.stringify(r.events);
    for (const secret of ['aW5mb0BtYW5iYXQub3Jn', 'AHVzZXJ4AHNlY3JldA==', 'c2VydmVyMi5leGFtcGxlLm9yZw==', 'set_id', 'rx secret', 'uaf589']) {
      expect(all.includes(secret), secret).toBe(false);
    }
  });
});

describe('exim detect()', () => {
  const first = (file: string, from = 0) =>
    readFileSync(join(CORPUS, file), 'latin1').split(/\r?\n/).slice(from, from + 200);

  it('is sure about Exim logs: the whole corpus, its rejectlog part, its mainlog part', () => {
    expect(exim.detect(first('exim-real.log'))).toBeGreaterThan(0.9);
    expect(exim.detect(first('exim-real.log', 88))).toBeGreaterThan(0.9); // rejectlog with header blocks
    expect(exim.detect(first('exim-real.log', 1123))).toBeGreaterThan(0.9); // mainlog
  });

  it('knows a log the daemon alone wrote (a failed bind, a host without IPv6): real Debian mainlogs and paniclogs', () => {
    // cschil/WD-385-debian, volumio/RootFS and axray/dataware.dreamplug: var/log/exim4/{mainlog,paniclog}
    const bind = [
      '2016-11-24 07:13:23 socket bind() to port 25 for address 127.0.0.1 failed: Address already in use: waiting 30s before trying again (9 more tries)',
      '2016-11-24 07:13:53 socket bind() to port 25 for address 127.0.0.1 failed: Address already in use: waiting 30s before trying again (8 more tries)',
    ];
    const ipv6 = [
      '2013-12-02 01:23:52 IPv6 socket creation failed: No such file or directory',
      '1970-01-01 00:00:23 IPv6 socket creation failed: Address family not supported by protocol',
    ];
    const abandoned = ['2009-08-08 09:34:32 socket bind() to port 25 for address 127.0.0.1 failed: Address already in use: daemon abandoned'];
    const purge = ['2016-09-10 06:06:35 Warning: purging the environment.', ' Suggested action: use keep_environment.'];
    for (const lines of [bind, ipv6, abandoned, purge]) {
      expect(detectFormat(Buffer.from(`${lines.join('\n')}\n`)).parser?.format).toBe('exim');
    }
    const run1 = run(toLines([...bind, ...ipv6, ...abandoned, ...purge]));
    expect(run1.events).toHaveLength(0);
  });

  it('stays below the detection threshold for the other formats and for nothing', () => {
    expect(exim.detect(first('hmailserver-real.log'))).toBeLessThan(0.5);
    expect(exim.detect(first('phpmailer-real.log'))).toBeLessThan(0.5);
    expect(exim.detect([])).toBe(0);
    expect(exim.detect(['', 'hello world'])).toBe(0);
  });
});

/**
 * An independent count of the corpus lines that state a refusal or a failed delivery: written as
 * plain regular expressions over whole lines, without the parser's readers. Every such line is either
 * an event line (verdict reply) or the second line of a pair merged into one event (verdict context
 * on a line that has a timestamp); every other line is neither.
 */
function refusalLines(lines: readonly LogLine[]): Set<number> {
  const prefix =
    /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ exim\[\d+\]: |\S+ exim\[\d+\]: )?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3})?(?: [+-]\d{4})? (?:\S+ exim\[\d+\]: )?(?:\[\d+\] )?(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} )?/;
  const refusal = [
    / rejected[: ]|^rejected |^temporarily rejected |\btemporarily rejected$|rejected (?:DATA|after DATA|STARTTLS|DKIM)\s*$|rejected (?:RCPT|MAIL|VRFY|EXPN|ATRN|WELLKNOWN|EHLO or HELO|connection in "connect" ACL)\b/,
    /authenticator failed/,
    / sender verify (?:fail|defer) for /,
    /^SMTP call from .* dropped: too many /,
    /^SMTP (?:protocol|syntax) error in "/,
    /^SMTP (?:command|data) timeout /,
    / lost while reading message data/,
    /^(?:temporarily )?refused connection from |^Connection from .* refused|dropped by 'connect' ACL/,
    /^TLS error on connection /,
    /^H=\S+ \[[0-9a-fA-F.:]+\](?::\d+)?:? (?:SMTP error|SMTP timeout|Remote host closed|Malformed SMTP reply|Connection refused|Connection timed out)/,
    /^SMTP error from remote mail server/,
    /^VRFY failed for /,
    /reject from cutthrough after /,
    /^(?:\*\*|==) /,
  ];
  const notRefusal = [
    /Warning: |discarded by \w+ ACL|^Error while reading message|^ignoring AUTH=|^\. |^event |acl condition: |^SA: /,
    /^== .*(?:retry time not (?:yet )?reached|explicitly queued|first-pass only routing|domain is in queue_domains|domain is held|skips previous routing defer|concurrency limit reached|connection limit reached)/i,
    // a VRFY refused with Exim's default answer, 252: no mail was refused
    /rejected VRFY \S+$/,
  ];
  const out = new Set<number>();
  for (const line of lines) {
    const m = prefix.exec(line.text);
    if (!m) continue;
    let rest = line.text.slice(m[0].length);
    if (rest.startsWith('foi+request-1234@example.com ')) rest = rest.slice(29); // token alaveteli inserted (sources.md)
    if (notRefusal.some((re) => re.test(rest))) continue;
    if (refusal.some((re) => re.test(rest))) out.add(line.number);
  }
  return out;
}

describe('exim over the whole real corpus', () => {
  const lines = splitBytes(corpusBytes);
  const r = run(lines);

  it('gives every line a verdict, with plausible totals', () => {
    expect(lines).toHaveLength(1890);
    expect(r.verdicts).toHaveLength(1890);
    const count = (v: LineVerdict) => r.verdicts.filter((x) => x === v).length;
    // Header blocks of the rejectlog part are most of the context lines; no line is garbage.
    expect(count('skipped')).toBe(0);
    // 85 arrival and delivery lines; 9 are successes: the 8 arrivals from a client (`H=`) and the
    // delivery to a remote server (line 64). The others are local submissions, bounces and deliveries to
    // mailboxes or to 127.0.0.1 (Exim's test suite delivers there), `ignored` (success-lines.ts); so are
    // lines 1193 and 1195, `T=dev_null H=myhost.test.ex`: a local transport given its router's host
    // list writes `H=name` without an address (deliver.c delivery_log).
    expect(count('success')).toBe(9);
    expect(count('context')).toBeGreaterThan(800);
    expect(count('reply')).toBe(r.events.length);
    expect(new Set(r.events.map((e) => e.line)).size).toBe(r.events.length);
  });

  it('finds exactly the refusal lines an independent count finds', () => {
    const expected = refusalLines(lines);
    const stamped = /^(?:\d{4}-\d\d-\d\d |[A-Z][a-z]{2} [ \d]\d |\S+ exim\[\d+\]: )/;
    const got = new Set<number>();
    r.verdicts.forEach((v, i) => {
      if (v === 'reply' || (v === 'context' && stamped.test(lines[i]!.text))) got.add(i + 1);
    });
    const missing = [...expected].filter((n) => !got.has(n)).map((n) => `${n}: ${lines[n - 1]!.text.slice(0, 100)}`);
    const extra = [...got].filter((n) => !expected.has(n)).map((n) => `${n}: ${lines[n - 1]!.text.slice(0, 100)}`);
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
    const merged = got.size - r.events.length;
    expect(merged).toBeGreaterThan(20); // per-host + deferral, verify + rejection, HELO + dropped pairs
  });

  it('reads the fields of a few real lines exactly', () => {
    const at = (n: number) => r.events.find((e) => e.line === n);
    // corpus 17: F= without brackets, RCPT argument without brackets, [pid], port and I=
    expect(at(17)).toMatchObject({ clientIp: '202.132.70.178', helo: 'yakult.com.tw', sender: 'menacedsj04@listserv.eurasia.org', recipient: 'dir@ml3.ru', code: 550, codeSource: 'inferred' });
    // corpus 46: a fake `" H=` injected into the quoted command
    expect(at(46)).toMatchObject({ clientIp: '192.0.2.6', helo: 'roxzgj', code: 503, stage: 'auth' });
    // corpus 85: log_timezone "+0100"
    expect(at(85)!.time).toBe(Date.UTC(2021, 4, 4, 12, 37, 0));
    // corpus 66: pre-4.85 host inside the message, (-44) is not a code
    expect(at(66)).toMatchObject({ code: 451, server: 'eu-smtp-inbound-1.mimecast.com [195.130.217.211]', stage: 'rcpt', direction: 'outbound' });
    // corpus 1652: a multi-line reply joined by Exim with a literal \n
    expect(at(1652)).toMatchObject({ code: 550, enhanced: null, stage: 'rcpt' });
    expect(at(1652)!.text.startsWith('no mate 123456789 100       123456789 a really long line')).toBe(true);
    expect(at(1652)!.text.includes('\\n')).toBe(false);
  });
});

// Real lines a probe found mishandled (issue 7 session): hestiacp/hestiacp#3781 (GnuTLS on Debian),
// a 2012 FreeBSD mainlog quoted in public repositories, hestiacp/hestiacp#2837.
describe('real per-host and deferral lines', () => {
  const tlsClose =
    '2024-10-09 20:17:31 1sybFa-003Els-1p H=smtp.google.com [2a00:1450:4025:402::1a] TLS error on connection (recv): The TLS connection was non-properly terminated.';
  const delivered =
    '2024-10-09 20:17:31 1sybFa-003Els-1p => user@gmail.com R=dnslookup T=remote_smtp H=smtp.google.com [2a00:1450:4025:402::1a] X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=yes C="250 2.0.0 OK  1728497851 ffacd0b85a97d-37d4b1f8c1dsi1021565f8f.475 - gsmtp"';

  it('drops a TLS error the message got past (the server closed without close_notify after the transaction)', () => {
    const r = runTexts([tlsClose, delivered]);
    expect(r.events).toEqual([]);
    expect(r.successes).toBe(1);
  });

  it('drops the unclean TLS close after a refusal the same server gave with a reply: one refusal, one event', () => {
    // imthenachoman/How-To-Secure-A-Linux-Server#107 (probe-exim-4): Gmail answers 530, closes without close_notify
    const close = '2023-11-02 20:55:11 1qyjOm-0000Jc-1Z H=smtp.gmail.com [172.253.63.109] TLS error on connection (recv): The TLS connection was non-properly terminated.';
    const refused =
      '2023-11-02 20:55:11 1qyjOm-0000Jc-1Z ** myemailhere R=smarthost T=remote_smtp_smarthost H=smtp.gmail.com [172.253.63.109] X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=yes DN="CN=smtp.gmail.com": SMTP error from remote mail server after pipelined end of data: 530-5.7.0 Authentication Required. Learn more at\\n530 5.7.0  https://support.google.com/mail/?p=WantAuthError m13-20020a05620a220d00b0076ceb5eb309sm281788qkh.74 - gsmtp';
    const r = runTexts([close, refused]);
    expect(r.events).toMatchObject([{ line: 2, stage: 'data', code: 530, enhanced: '5.7.0', server: 'smtp.gmail.com [172.253.63.109]' }]);
    // another server's refusal, or a deferral with no reply of its own, leaves the TLS error standing
    const elsewhere = refused.replace(/smtp\.gmail\.com \[172\.253\.63\.109\]/, 'alt1.gmail-smtp-in.l.google.com [192.0.2.9]');
    expect(runTexts([close, elsewhere]).events.map((e) => e.stage)).toEqual(['tls', 'data']);
    const timedOut = '2023-11-02 20:55:11 1qyjOm-0000Jc-1Z == x@example.com R=dnslookup T=remote_smtp defer (110): Connection timed out';
    expect(runTexts([close, timedOut]).events.map((e) => e.stage)).toEqual(['tls', 'connect']);
  });

  it('keeps a TLS error that was not followed by a delivery, and a per-host refusal with a reply even when another host took the message', () => {
    expect(runTexts([tlsClose]).events).toMatchObject([{ direction: 'outbound', stage: 'tls', server: 'smtp.google.com [2a00:1450:4025:402::1a]' }]);
    const greylisted =
      '2024-10-09 20:17:31 1sybFa-003Els-1p H=mx1.example.net [192.0.2.7]: SMTP error from remote mail server after RCPT TO:<user@example.net>: 451 4.7.1 Greylisted, please try again later';
    expect(runTexts([greylisted, delivered]).events).toMatchObject([{ code: 451, enhanced: '4.7.1', server: 'mx1.example.net [192.0.2.7]' }]);
  });

  it('takes the server from a pre-4.85 "Remote host NAME [IP] closed connection" deferral', () => {
    // exigrep output quoted in a public README (an MCollective Exim plugin)
    const r = runTexts([
      '2011-09-24 07:41:17 1R7DXr-0006vV-Pa == foo.org.uk.606774.david@host117.enginereliable.com R=dnslookup T=remote_smtp defer (-18): Remote host host117.enginereliable.com [205.204.86.119] closed connection in response to end of data',
    ]);
    expect(r.events).toMatchObject([{ stage: 'data', code: null, server: 'host117.enginereliable.com [205.204.86.119]', classHint: 'transient' }]);
  });

  it('reads pre-4.85 per-host lines whose message names the host (check_response, written as is by write_logs)', () => {
    // COMPOSED from transports/smtp.c check_response()'s format strings (the real "Remote host" lines of
    // pastebin.com/RdnkQ3GM are in exim-mainlog.samples.log, probe-exim-14)
    const r = runTexts([
      '2012-02-13 14:45:32 1RwclY-00082W-N9 <= a@example.org U=a P=local S=100',
      '2012-02-13 14:45:32 1RwclY-00082W-N9 Remote host mx1.example.com [192.0.2.1] closed connection in response to initial connection',
      '2012-02-13 14:46:32 1RwclY-00082W-N9 SMTP timeout while connected to mx2.example.com [192.0.2.2] after end of data (812 bytes written): Connection timed out',
      '2012-02-13 14:46:32 1RwclY-00082W-N9 == x@example.com R=dnslookup T=remote_smtp defer (110): Connection timed out: SMTP timeout while connected to mx2.example.com [192.0.2.2] after end of data (812 bytes written)',
    ]);
    expect(r.events).toMatchObject([
      { direction: 'outbound', stage: 'connect', code: null, server: 'mx1.example.com [192.0.2.1]', sender: 'a@example.org', recipient: null },
      { direction: 'outbound', stage: 'data', code: null, server: 'mx2.example.com [192.0.2.2]', recipient: 'x@example.com', line: 3 },
    ]);
    expect(r.verdicts).toEqual(['ignored', 'reply', 'reply', 'context']);
  });

  it('hides the AUTH data a pre-4.85 timeout names, and reads a loopback host inside the message as local (review of probe-exim-14)', () => {
    // COMPOSED from transports/smtp.c check_response()'s pre-4.85 format strings. Before: the per-host
    // line kept "AUTH PLAIN <base64 of \0user\0password>" in its text (the 4.85+ "SMTP timeout after AUTH
    // PLAIN x" hides it), and a content filter on 127.0.0.1 (amavis) was outbound in these two forms while
    // the same era's `localhost [127.0.0.1] Connection refused` is local.
    const secret = Buffer.from('\0alice@example.com\0Hunter2Passw0rd').toString('base64');
    const r = runTexts([
      `2012-02-13 14:47:32 1Rwcm0-00082W-N9 SMTP timeout while connected to mx3.example.com [192.0.2.3] after AUTH PLAIN ${secret}: Connection timed out`,
      `2012-02-13 14:47:32 1Rwcm0-00082W-N9 == z@example.com R=dnslookup T=remote_smtp defer (110): Connection timed out: SMTP timeout while connected to mx3.example.com [192.0.2.3] after AUTH PLAIN ${secret}`,
      '2014-03-10 09:05:00 1WMu0A-0001aB-Cd SMTP timeout while connected to 127.0.0.1 [127.0.0.1] after end of data (2048 bytes written): Connection timed out',
      '2014-03-10 09:05:00 1WMu0A-0001aB-Cd == u@example.net R=amavis T=amavis defer (110): Connection timed out: SMTP timeout while connected to 127.0.0.1 [127.0.0.1] after end of data (2048 bytes written)',
      '2014-03-10 09:15:01 1WMu0C-0001aB-Cd Remote host localhost [127.0.0.1] closed connection in response to end of data',
      '2014-03-10 09:15:01 1WMu0C-0001aB-Cd == w@example.net R=amavis T=amavis defer (-18): Remote host localhost [127.0.0.1] closed connection in response to end of data',
    ]);
    expect(r.events.map((e) => [e.direction, e.stage, e.server, e.recipient, e.text])).toEqual([
      ['outbound', 'auth', 'mx3.example.com [192.0.2.3]', 'z@example.com', 'SMTP timeout while connected to mx3.example.com [192.0.2.3] after AUTH PLAIN [credentials hidden]: Connection timed out'],
      ['local', 'data', '127.0.0.1 [127.0.0.1]', 'u@example.net', 'SMTP timeout while connected to 127.0.0.1 [127.0.0.1] after end of data (2048 bytes written): Connection timed out'],
      ['local', 'data', 'localhost [127.0.0.1]', 'w@example.net', 'Remote host localhost [127.0.0.1] closed connection in response to end of data'],
    ]);
    expect(r.verdicts).toEqual(['reply', 'context', 'reply', 'context', 'reply', 'context']);
  });

  it('ignores messages queued by configuration (queue_smtp_domains, -odqs): nothing was tried', () => {
    const r = runTexts(['2012-02-13 14:59:15 1Rwtcp-0000Ac-BW == pmtzjnyta@brightconsult.ru R=dnslookup T=remote_smtp defer (-1): domain matches queue_smtp_domains, or -odqs set']);
    expect(r.events).toEqual([]);
    expect(r.verdicts).toEqual(['ignored']);
  });

  it('reads the BSD wording of a connection timeout on a pre-4.85 per-host line, and keeps its host for the deferral', () => {
    const r = runTexts([
      '2012-02-13 14:45:32 1RwclY-00082W-N9 glenic.com [109.70.26.36] Operation timed out',
      '2012-02-13 14:46:32 1RwclY-00082W-N9 == x@glenic.com R=dnslookup T=remote_smtp defer (60): Operation timed out',
    ]);
    expect(r.events).toMatchObject([{ direction: 'outbound', stage: 'connect', server: 'glenic.com [109.70.26.36]', recipient: 'x@glenic.com', text: 'Operation timed out' }]);
  });

  it('reads a failed VRFY as the 550 Exim answered, whatever the client sent as argument', () => {
    // AIT log data set via logdata-anomaly-miner (probe-exim-5); smtp_in.c: "550 <addr> is not deliverable"
    const r = runTexts(['2020-03-04 19:21:48 VRFY failed for boyce@cup.com H=(x) [192.168.10.238]']);
    expect(r.events).toMatchObject([
      { direction: 'inbound', stage: 'other', code: 550, codeSource: 'inferred', recipient: 'boyce@cup.com', clientIp: '192.168.10.238', helo: 'x', text: '<boyce@cup.com> is not deliverable' },
    ]);
    // COMPOSED: a bracketed argument with spaces, and a client known by name
    const r2 = runTexts(['2020-03-04 19:21:48 VRFY failed for <a b@example.com> H=mx.example.net [192.0.2.5]:4711']);
    expect(r2.events).toMatchObject([{ code: 550, recipient: 'a b@example.com', clientIp: '192.0.2.5' }]);
    // COMPOSED: an empty argument with one space before the host (Exim writes two): the host stays the client's
    const r3 = runTexts(['2020-03-04 19:21:48 VRFY failed for H=(y) [192.0.2.1]']);
    expect(r3.events).toMatchObject([{ code: 550, clientIp: '192.0.2.1', helo: 'y' }]);
  });

  it('infers the 454 Exim answers when its own certificate or key cannot be loaded', () => {
    const r = runTexts([
      '2022-08-13 14:01:11 TLS error on connection from mail-oi1-f173.google.com [209.85.167.173] (cert/key setup: cert=/usr/local/hestia/ssl/certificate.crt key =/usr/local/hestia/ssl/certificate.key): Error while reading file.',
    ]);
    expect(r.events).toMatchObject([{ direction: 'inbound', stage: 'tls', code: 454, codeSource: 'inferred', clientIp: '209.85.167.173' }]);
    // a handshake that failed after the 220 carries no reply
    const r2 = runTexts(['2022-08-13 14:01:11 TLS error on connection from [192.0.2.9] (SSL_accept): timed out']);
    expect(r2.events).toMatchObject([{ stage: 'tls', code: null }]);
  });
});

describe('Exim through syslog without its own time stamp (syslog_timestamp = false)', () => {
  // fail2ban/fail2ban#2553: the BSD syslog stamp is the only time on the line, and it has no year
  const line = 'Oct 22 03:39:17 mx1 exim[29786]: dovecot_login authenticator failed for (User) [92.118.38.37]: 535 Incorrect authentication data (set_id=takeuchi@domain.com)';
  const parse = (texts: string[], referenceTime: number) => {
    const events: ReplyEvent[] = [];
    const parser = exim.create({ sink: { event: (e) => events.push(e), success: () => {} }, referenceTime });
    texts.forEach((text, i) => parser.push({ text, offset: i * 200, number: i + 1 }));
    parser.finish();
    return events;
  };

  it("takes syslog's stamp as the time, in the year of the file", () => {
    const events = parse([line], new Date(2019, 10, 2, 8, 0, 0).getTime());
    expect(events).toMatchObject([{ stage: 'auth', code: 535, clientIp: '92.118.38.37', time: new Date(2019, 9, 22, 3, 39, 17).getTime() }]);
  });

  it('puts a December line of a file written in January in the year before', () => {
    const events = parse([line.replace('Oct 22', 'Dec 31')], new Date(2020, 0, 1, 0, 10, 0).getTime());
    expect(events[0]!.time).toBe(new Date(2019, 11, 31, 3, 39, 17).getTime());
  });

  it('gives the same line in two logs the same time and twin key, and two copies in one second two repeats', () => {
    const ref = new Date(2019, 10, 2).getTime();
    const a = parse([line], ref);
    const b = parse([line, line], ref);
    expect(b[0]!.time).toBe(a[0]!.time);
    expect(b[0]!.twinKey).toBe(a[0]!.twinKey);
    expect([b[0]!.twinRepeat, b[1]!.twinRepeat]).toEqual([0, 1]);
  });

  it("keeps Exim's own stamp when the line has both", () => {
    const both = 'Apr 28 15:53:37 server exim[12105]: 2016-04-28 15:53:38 [12105] H=(x) [192.0.2.1] rejected EHLO or HELO x: bad name';
    const events = parse([both], new Date(2016, 4, 1).getTime());
    expect(events[0]!.time).toBe(new Date(2016, 3, 28, 15, 53, 38).getTime());
  });
});

describe('what Exim delivery lines state about their class', () => {
  it('marks a deferral transient and a failure permanent, also when a per-host line carries the reply', () => {
    const r = runTexts([
      '2021-08-25 20:26:49 1mIxbt-0001eM-09 == me@example.org R=dnslookup T=remote_smtp defer (-1): failed to expand "interface" option for remote_smtp transport: lookup failed',
      '2016-12-19 11:23:35 1cImOh-0001OM-8j ** nwanna615@hotmail.com: Unrouteable address',
      '2012-02-13 14:45:32 1RwclY-00082W-N9 glenic.com [109.70.26.36] Operation timed out',
      '2012-02-13 14:46:32 1RwclY-00082W-N9 == x@glenic.com R=dnslookup T=remote_smtp defer (60): Operation timed out',
    ]);
    expect(r.events.map((e) => e.classHint)).toEqual(['transient', 'permanent', 'transient']);
  });
});

describe('twin keys of lines out of time order', () => {
  // Exim processes write concurrently: a line of a second seen a moment ago can come after a later one
  const line = (t: string) => `2026-11-20 ${t} H=(bot) [198.51.100.7] F=<x@example.net> rejected RCPT <info@example.com>: relay not permitted`;
  it('continues the count of a recent second, so a genuine repeat is not taken for a twin', () => {
    const r = runTexts([line('10:00:00'), line('10:00:01'), line('10:00:02'), line('10:00:01')]);
    const keys = r.events.map((e) => `${e.time}:${e.twinKey}#${e.twinRepeat}`);
    expect(new Set(keys).size).toBe(4);
    expect(r.events.map((e) => e.twinRepeat)).toEqual([0, 0, 0, 1]);
  });
});

// Real lines of the sixth probe (probe-exim-6) that showed a gap.
describe('sixth probe: a message tail on a line of its own, the submission port refusal of cPanel', () => {
  it("reads the `: <strerror>` line after a journal failure as the tail of that entry, not as a line nobody understood", () => {
    // mozfr/besogne#205 (2019 exim4 paniclog, disk full): deliver.c logs "failed to update journal for %s: %s"
    // with the journal buffer, which ends in a newline, so the error lands on the next line
    const r = runTexts([
      '2019-01-06 03:09:00 1gfhBW-0006xH-3H failed to write journal for ljouanneau@gmail.com',
      ': No space left on device',
      '2019-01-06 03:09:00 1gfhBW-0006xH-3H spool file write error while delivering: No space left on device',
    ]);
    expect(r.events).toEqual([]);
    expect(r.verdicts).toEqual(['ignored', 'context', 'ignored']);
    // with no entry above it, the same text is not understood
    expect(runTexts([': No space left on device']).verdicts).toEqual(['skipped']);
  });

  it('classifies the cPanel refusal of unauthenticated mail on the submission port as an authentication refusal', () => {
    // crowdsecurity/hub .tests/exim-logs/exim-logs.log (cPanel ACL message)
    const r = runTexts([
      '2022-06-29 13:54:29 H=(smtpclient.test) [1.136.28.14]:17125 X=TLS1.3:TLS_AES_128_GCM_SHA256:128 CV=no F=<info@toto.com.au> rejected RCPT <tutu@titi.com.au>: SMTP AUTH is required for message submission on port 587',
    ]);
    expect(r.events).toMatchObject([{ direction: 'inbound', stage: 'rcpt', code: 550, codeSource: 'inferred', clientIp: '1.136.28.14', helo: 'smtpclient.test' }]);
    expect(classify(r.events[0]!)).toMatchObject({ class: 'permanent', category: 'auth', rule: 'text.auth.required' });
  });
});

describe('seventh probe: addresses masked with placeholders, a null-sender policy text', () => {
  it('keeps the refusal of a line whose client address the poster replaced by a placeholder', () => {
    // fail2ban/fail2ban#3263 (Debian 10 exim4 4.92): fail2ban's notation `[<HOST>]` and `<<EMAIL>>`
    const r = runTexts([
      '2022-04-22 06:40:33 H=(pmhtcr) [<HOST>] F=<<EMAIL>> rejected RCPT <<EMAIL>>: relay not permitted',
      '2022-04-22 00:23:03 H=(3E64W6mP) [<HOST>] X=TLS1.2:ECDHE_ECDSA_AES_256_GCM_SHA384:256 CV=no F=<<EMAIL>> rejected RCPT <<EMAIL>>: relay not permitted',
    ]);
    expect(r.events).toMatchObject([
      { stage: 'rcpt', code: 550, clientIp: null, helo: 'pmhtcr', sender: '<EMAIL>', recipient: '<EMAIL>', text: 'relay not permitted' },
      { stage: 'rcpt', code: 550, clientIp: null, helo: '3E64W6mP', sender: '<EMAIL>', recipient: '<EMAIL>', text: 'relay not permitted' },
    ]);
    expect(classify(r.events[0]!)).toMatchObject({ class: 'permanent', category: 'relay' });
  });

  it('reads a placeholder after a host name or alone, but not a bracket group the line does not go on from', () => {
    // COMPOSED from the line above: the other two shapes host_build_sender_fullhost() writes
    const named = runTexts(['2022-04-22 06:40:33 H=mx.example.net [<HOST>]:25 F=<a@example.net> rejected RCPT <b@example.org>: relay not permitted']);
    expect(named.events).toMatchObject([{ clientIp: null, helo: null, sender: 'a@example.net', recipient: 'b@example.org' }]);
    const bare = runTexts(['2022-04-22 06:40:33 H=[REDACTED] rejected connection in "connect" ACL']);
    expect(bare.events).toMatchObject([{ stage: 'connect', code: 550, clientIp: null }]);
    // a HELO that holds a bracket group and a real address after it: the address still wins
    const junk = runTexts(['2022-04-22 06:40:33 H=(x) [y] z) [192.0.2.7] F=<a@example.net> rejected RCPT <b@example.org>: relay not permitted']);
    expect(junk.events).toMatchObject([{ clientIp: '192.0.2.7', helo: 'x) [y] z' }]);
  });

  it('closes a placeholder argument at the bracket matching its opening run, not past it', () => {
    // COMPOSED: `<<EMAIL>>` keeps its inner brackets, a stray '>' after a plain `<a@b>` is not the address's
    const r = runTexts([
      '2022-04-22 06:40:33 H=(pmhtcr) [192.0.2.1] F=<a@example.net> rejected RCPT <b@example.org>>: relay not permitted',
      '2022-04-22 06:40:33 H=(pmhtcr) [192.0.2.1] F=<a@example.net> rejected RCPT <<EMAIL>>>: relay not permitted',
    ]);
    expect(r.events).toMatchObject([
      { stage: 'rcpt', recipient: 'b@example.org', text: 'relay not permitted' },
      { stage: 'rcpt', recipient: '<EMAIL>', text: 'relay not permitted' },
    ]);
  });

  it('classifies "Faked bounce" (a null sender refused by local policy) as policy', () => {
    // netdev post by Russell King, 2022-10-19 (public file 13678720455)
    const r = runTexts([
      '2022-10-19 09:51:17 H=relmlor1.renesas.com (relmlie5.idc.renesas.com) [210.160.252.171]:58218 I=[78.32.30.218]:25 F=<> rejected RCPT <linux@armlinux.org.uk>: Faked bounce',
    ]);
    expect(r.events).toMatchObject([{ stage: 'rcpt', code: 550, sender: '', clientIp: '210.160.252.171', helo: 'relmlie5.idc.renesas.com' }]);
    expect(classify(r.events[0]!)).toMatchObject({ class: 'permanent', category: 'policy', rule: 'text.policy.refused' });
  });
});

describe('eighth probe: connect() failing with EADDRNOTAVAIL, every host address lookup failing', () => {
  it('reads the per-host "Cannot assign requested address" line as a failed connection, one event with its deferral', () => {
    // tianon/dockerfiles#116 (2021-03-25): the container's debug output echoes the main-log entries
    // "H=alt1.aspmx.l.google.com [2a00:1450:4010:c03::1b] Cannot assign requested address" between two
    // "Connection timed out" ones (transports/smtp.c writes the host and strerror(errno) when connect()
    // fails). The bodies are the issue's; the time stamp and message id a main log puts before them,
    // and the deferral after the last host, are COMPOSED here in Exim's format.
    const id = '1lPPnR-0000A4-Qm';
    const r = runTexts([
      `2021-03-25 10:00:01 ${id} H=aspmx.l.google.com [172.217.218.27] Connection timed out`,
      `2021-03-25 10:00:01 ${id} H=alt1.aspmx.l.google.com [2a00:1450:4010:c03::1b] Cannot assign requested address`,
      `2021-03-25 10:00:01 ${id} H=alt2.aspmx.l.google.com [2404:6800:4003:c06::1b] Cannot assign requested address`,
      `2021-03-25 10:00:01 ${id} == someone@example.com R=dnslookup T=remote_smtp defer (99): Cannot assign requested address`,
    ]);
    expect(r.verdicts).toEqual(['reply', 'reply', 'reply', 'context']);
    expect(r.events).toMatchObject([
      { direction: 'outbound', stage: 'connect', code: null, text: 'Connection timed out', server: 'aspmx.l.google.com [172.217.218.27]', recipient: null },
      { direction: 'outbound', stage: 'connect', code: null, text: 'Cannot assign requested address', server: 'alt1.aspmx.l.google.com [2a00:1450:4010:c03::1b]', recipient: null },
      { direction: 'outbound', stage: 'connect', code: null, text: 'Cannot assign requested address', server: 'alt2.aspmx.l.google.com [2404:6800:4003:c06::1b]', recipient: 'someone@example.com' },
    ]);
    for (const e of r.events.slice(1)) expect(classify(e)).toMatchObject({ class: 'transient', category: 'connection', rule: 'text.connection.failed' });
  });

  it('reads the BSD wording of the same errno, and a deferral that names it without a per-host line', () => {
    // COMPOSED: FreeBSD's strerror(EADDRNOTAVAIL) is "Can't assign requested address" (its errno table;
    // an Exim there logs it as it logs "Operation timed out"), and a deferral line alone
    const bsd = runTexts(['2021-03-25 10:00:01 1lPPnR-0000A4-Qm H=mx.example.net [2001:db8::25] Can\'t assign requested address']);
    expect(bsd.events).toMatchObject([{ stage: 'connect', text: "Can't assign requested address", server: 'mx.example.net [2001:db8::25]' }]);
    expect(classify(bsd.events[0]!)).toMatchObject({ class: 'transient', category: 'connection' });
    const alone = runTexts(['2021-03-25 10:00:01 1lPPnR-0000A4-Qm == a@example.net R=dnslookup T=remote_smtp defer (99): Cannot assign requested address']);
    expect(alone.events).toMatchObject([{ stage: 'connect', text: 'Cannot assign requested address', recipient: 'a@example.net' }]);
    expect(classify(alone.events[0]!)).toMatchObject({ class: 'transient', category: 'connection' });
  });

  it('classifies "all host address lookups failed" (transports/smtp.c) as dns, permanent or transient as Exim decided', () => {
    // COMPOSED lines around the fixed messages Exim's smtp transport sets when no host of the list could
    // be tried because their address lookups failed (transports/smtp.c; Sisimai reads the first as
    // hostunknown)
    const r = runTexts([
      '2024-05-01 10:00:12 1sAAAL-0000Ab-Cd ** l@example.org R=dnslookup T=remote_smtp: all host address lookups failed permanently',
      '2024-05-01 10:00:19 1sAAAS-0000Ab-Cd == s@example.org R=lookuphost T=remote_smtp defer (-1): all host address lookups failed temporarily',
    ]);
    expect(r.events).toMatchObject([
      { stage: 'other', code: null, recipient: 'l@example.org', text: 'all host address lookups failed permanently' },
      { stage: 'other', code: null, recipient: 's@example.org', text: 'all host address lookups failed temporarily' },
    ]);
    expect(classify(r.events[0]!)).toMatchObject({ class: 'permanent', category: 'dns', rule: 'text.dns.not-found' });
    expect(classify(r.events[1]!)).toMatchObject({ class: 'transient', category: 'dns', rule: 'text.dns.not-found' });
    // the mixed case that also waits for retry times reports no attempt (deliver.c writes it while waiting)
    expect(runTexts(['1999-03-02 09:44:33 10HmaX-000000005vi-0000 == userx@test.ex R=my_main_router T=my_smtp defer (-54): some host address lookups failed and retry time not reached for other hosts or connection limit reached for \'test.ex\'']).events).toEqual([]);
  });
});

describe('Exim ninth review (probe-exim-9)', () => {
  it('reads journal lines whose syslog identifier names a packaged Exim (`matrix-exim-relay[pid]: `)', () => {
    // spantaleev/matrix-docker-ansible-deploy#5085 (exim 4.99 in the exim-relay container, `journalctl -fu
    // matrix-exim-relay`); the rejection after the same prefix is COMPOSED from hestiacp/hestiacp#2666
    const journal =
      "Mar 25 19:55:13 matrix matrix-exim-relay[12883]: 2026-03-25 18:55:13 1w5TNp-0000000000K-3O6L bad protocol option in transport: '${if eq{${env{SMARTHOST_PROTOCOL}{$value}{}}}{}{smtp}{${env{SMARTHOST_PROTOCOL}{$value}{}}}}'";
    const refusal =
      'Mar 25 19:56:02 matrix matrix-exim-relay[12890]: 2026-03-25 18:56:02 H=(server-mta) [203.0.113.69] F=<noreply@example.com> rejected RCPT <trobinson@example.com>: relay not permitted';
    const r = runTexts([journal, refusal]);
    expect(r.verdicts).toEqual(['ignored', 'reply']);
    expect(r.events).toMatchObject([{ stage: 'rcpt', code: 550, clientIp: '203.0.113.69', recipient: 'trobinson@example.com', time: new Date(2026, 2, 25, 18, 56, 2).getTime() }]);
    // a program name without "exim" is no Exim tag, and a tag needs its `: `
    expect(runTexts([refusal.replace('matrix-exim-relay', 'matrix-mailer')]).verdicts).toEqual(['skipped']);
    expect(runTexts([refusal.replace('[12890]: ', '[12890] ')]).verdicts).toEqual(['skipped']);
  });

  it('keeps a header line whose second word is a tag naming exim as message content', () => {
    // the looser tag (any name containing "exim", after a host) must not turn a header block's line into
    // a syslog-wrapped entry ('Subject:' read as the host, 'exim4-config:' as the tag), which ended the
    // header block and left the lines after it 'skipped'
    const r = runTexts([
      '2024-03-01 10:00:00 1rZZZZ-000ABC-12 H=(helo.example) [192.0.2.7] F=<a@example.org> rejected after DATA: Your message scored 12.3 SpamAssassin points',
      'Envelope-from: <a@example.org>',
      'Subject: exim4-config: 550 5.7.1 this is only a subject',
      'From: someone <a@example.org>',
    ]);
    expect(r.verdicts).toEqual(['reply', 'context', 'context', 'context']);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ stage: 'data', clientIp: '192.0.2.7' });
  });

  it('takes GnuTLS push/pull errors on an inbound connection as a broken connection (transient)', () => {
    // MicrosoftDocs/microsoft-365-docs#912 (exim 2019): Outlook's delisting mail is refused after DATA,
    // then the TLS write fails; GnuTLS lib/errors.c GNUTLS_E_PUSH_ERROR / GNUTLS_E_PULL_ERROR
    const r = runTexts([
      '2019-12-10 09:42:16 TLS error on connection from mail-mw2nam10on2080.outbound.protection.outlook.com (NAM10-MW2-obe.outbound.protection.outlook.com) [40.107.94.80] (send): Error in the push function.',
      '2019-12-10 09:42:17 TLS error on connection from (x.example) [192.0.2.7] (recv): Error in the pull function.',
    ]);
    expect(r.events).toMatchObject([
      { stage: 'tls', code: null, text: 'TLS error (send): Error in the push function.', clientIp: '40.107.94.80', helo: 'NAM10-MW2-obe.outbound.protection.outlook.com' },
      { stage: 'tls', code: null, text: 'TLS error (recv): Error in the pull function.', clientIp: '192.0.2.7' },
    ]);
    for (const e of r.events) expect(classify(e)).toMatchObject({ class: 'transient', category: 'tls' });
  });
});

describe("Exim's debug output (docker logs of an image run with -v)", () => {
  // appwrite/docker-smtp#9 (exim 4.93): each entry follows its `LOG:` line, pid first, no time stamp
  const appwrite = [
    '    1 LOG: MAIN',
    '    1   exim 4.93 daemon started: pid=1, -q15m, listening for SMTP on port 25 (IPv6 and IPv4)',
    '',
    '    9 LOG: MAIN REJECT',
    '    9   H=(localhost) [172.22.0.1] F=<no-reply@saocloud.com> rejected RCPT <admin11@test.com>: relay not permitted',
  ];

  it('is detected as Exim and its entries are read', () => {
    expect(detectFormat(Buffer.from(`${appwrite.join('\n')}\n`)).parser?.format).toBe('exim');
    const r = runTexts(appwrite);
    expect(r.events).toMatchObject([{ stage: 'rcpt', code: 550, clientIp: '172.22.0.1', helo: 'localhost', recipient: 'admin11@test.com', messageId: null, time: null }]);
  });

  it('reads the form without pids and with docker-compose service names', () => {
    const plain = runTexts(['LOG: MAIN REJECT', '  H=(x) [192.0.2.9] F=<a@example.org> rejected RCPT <b@example.net>: Unrouteable address']);
    expect(plain.verdicts).toEqual(['context', 'reply']);
    const compose = runTexts(['mail_1        |   273 LOG: MAIN REJECT', 'mail_1        |   273   H=(x) [192.0.2.9] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted']);
    expect(compose.events).toMatchObject([{ stage: 'rcpt', clientIp: '192.0.2.9', recipient: 'b@example.net' }]);
  });

  it('takes the time `docker logs -t` writes before each line', () => {
    const texts = [
      'mail_1  | 2021-05-07T10:00:00.123456789Z     9 LOG: MAIN REJECT',
      'mail_1  | 2021-05-07T10:00:00.124000000Z     9   H=(localhost) [172.22.0.1] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted',
      '2021-05-07T08:00:05.000000000Z    10 LOG: MAIN REJECT',
      '2021-05-07T08:00:05.000000000Z    10   H=(localhost) [172.22.0.1] F=<a@example.org> rejected RCPT <c@example.net>: relay not permitted',
    ];
    const r = runTexts(texts);
    // plain `docker logs -t`: the time reads like rsyslog's RFC 3339 stamp, the LOG: line still decides
    expect(detectFormat(Buffer.from(`${texts.slice(2).join('\n')}\n`)).parser?.format).toBe('exim');
    expect(r.events).toMatchObject([
      { recipient: 'b@example.net', time: Date.UTC(2021, 4, 7, 10, 0, 0, 124) },
      { recipient: 'c@example.net', time: Date.UTC(2021, 4, 7, 8, 0, 5) },
    ]);
  });

  it('takes an entry only right after its own LOG: line', () => {
    const body = '    9   H=(localhost) [172.22.0.1] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted';
    // no LOG: line, another pid's LOG: line, or a debug trace line between them: no entry
    expect(runTexts([body]).events).toHaveLength(0);
    expect(runTexts(['   12 LOG: MAIN', body]).events).toHaveLength(0);
    expect(runTexts(['    9 LOG: MAIN', '    9 SMTP>> 550 relay not permitted', body]).events).toHaveLength(0);
    // a LOG: line that names no log is not one of Exim's
    expect(runTexts(['    9 LOG: something else', body]).events).toHaveLength(0);
  });

  it('does not let a rejectlog header block forge entries in that shape', () => {
    // header lines are the sender's text: a folded Subject made to look like debug output stays content
    const r = runTexts([
      '2024-03-01 10:00:00 1rZZZZ-000ABC-12 H=(helo.example) [192.0.2.7] F=<a@example.org> rejected after DATA: Your message scored 12.3 SpamAssassin points',
      'Subject: hello',
      '    9 LOG: MAIN REJECT',
      '    9   H=(x) [198.51.100.1] F=<c@example.org> rejected RCPT <d@example.net>: relay not permitted',
    ]);
    expect(r.verdicts).toEqual(['reply', 'context', 'context', 'context']);
    expect(r.events).toHaveLength(1);
  });

  it('opens no header block after a refusal after DATA: the next LOG: line is still read', () => {
    const r = runTexts([
      '   31 LOG: MAIN REJECT',
      '   31   H=(spam.example) [203.0.113.5] F=<x@spam.example> rejected after DATA: Your message scored 22.8 SpamAssassin points',
      '   31 LOG: MAIN REJECT',
      '   31   H=(spam.example) [203.0.113.5] F=<x@spam.example> rejected RCPT <y@example.net>: relay not permitted',
    ]);
    expect(r.events).toMatchObject([{ stage: 'data' }, { stage: 'rcpt', recipient: 'y@example.net' }]);
  });

  it("keeps waiting for an entry when another compose service's line comes between it and its LOG: line", () => {
    // `docker compose logs` prints each container's lines as they come, so a line of another service
    // can land between the two lines Exim wrote together (tianon/dockerfiles#116 shows the mail
    // service's form); a line of the same service and pid still ends the wait
    const r = runTexts([
      'mail_1        |   273 LOG: MAIN REJECT',
      'web_1         | 172.18.0.1 - - [25/Mar/2021:10:00:00 +0000] "POST /contact HTTP/1.1" 200 512',
      'mail_1        |   273   H=(x) [192.0.2.9] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted',
    ]);
    expect(r.verdicts).toEqual(['context', 'skipped', 'reply']);
    expect(r.events).toMatchObject([{ stage: 'rcpt', clientIp: '192.0.2.9', recipient: 'b@example.net' }]);
    const same = runTexts([
      'mail_1        |   273 LOG: MAIN',
      'mail_1        |   273 SMTP>> 550 relay not permitted',
      'mail_1        |   273   H=(x) [192.0.2.9] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted',
    ]);
    expect(same.events).toHaveLength(0);
  });

  it('does not let the header lines `-d` prints forge entries', () => {
    // receive.c prints each header as received (`>>Headers received:`) through debug_printf, which puts
    // the pid before every line of a folded header: a sender's header `LOG: MAIN REJECT` folded onto a
    // line starting with two spaces reads like a LOG: line and its entry
    const r = runTexts([
      '  417 >>Headers received:',
      '  417 LOG: MAIN REJECT',
      '  417   H=(x) [198.51.100.1] F=<c@example.org> rejected RCPT <d@example.net>: relay not permitted',
      '  417 Subject: hello',
      '  417 ',
      '  417 LOG: MAIN REJECT',
      '  417   H=(spam.example) [203.0.113.5] F=<x@spam.example> rejected after DATA: Your message scored 22.8 SpamAssassin points',
    ]);
    expect(r.events).toMatchObject([{ stage: 'data', clientIp: '203.0.113.5' }]);
    // another process's entry between the header lines is still read; a folded line of white space
    // only does not end the block; without a pid (no prefix on folded lines) any lead is header text
    const mixed = runTexts([
      '  417 >>Headers received:',
      '  417 X-A: a',
      '  417  ',
      '  418 LOG: MAIN REJECT',
      '  418   H=(y) [192.0.2.44] F=<e@example.org> rejected RCPT <f@example.net>: relay not permitted',
      '  417 LOG: MAIN REJECT',
      '  417   H=(x) [198.51.100.1] F=<c@example.org> rejected RCPT <d@example.net>: relay not permitted',
      '  417 ',
    ]);
    expect(mixed.events).toMatchObject([{ clientIp: '192.0.2.44', recipient: 'f@example.net' }]);
    const pidless = runTexts([
      '>>Headers received:',
      'X-A: a',
      '  999 LOG: MAIN REJECT',
      '  999   H=(x) [198.51.100.1] F=<c@example.org> rejected RCPT <d@example.net>: relay not permitted',
      '',
      'LOG: MAIN REJECT',
      '  H=(spam.example) [203.0.113.5] F=<x@spam.example> rejected after DATA: Your message scored 22.8 SpamAssassin points',
    ]);
    expect(pidless.events).toMatchObject([{ stage: 'data', clientIp: '203.0.113.5' }]);
  });

  it('reads the lines of -d+all or -d+timestamp, with the time debug_printf puts before the pid', () => {
    // debug.c: with the timestamp debug selector each line starts with `HH:MM:SS ` (`HH:MM:SS.mmm `
    // with log_selector +millisec), then the pid
    const texts = [
      '10:00:05     9 LOG: MAIN REJECT',
      '10:00:05     9   H=(localhost) [172.22.0.1] F=<a@example.org> rejected RCPT <b@example.net>: relay not permitted',
      '10:00:06.123    10 LOG: MAIN REJECT',
      '10:00:06.123    10   H=(localhost) [172.22.0.1] F=<a@example.org> rejected RCPT <c@example.net>: relay not permitted',
    ];
    const r = runTexts(texts);
    expect(r.events).toMatchObject([{ recipient: 'b@example.net', time: null }, { recipient: 'c@example.net', time: null }]);
    expect(detectFormat(Buffer.from(`${texts.join('\n')}\n`)).parser?.format).toBe('exim');
  });
});

describe('Exim syslog tags naming a packaged Exim: review (a second reader)', () => {
  it('reads the syslog pieces `[n/m]` of an Exim whose syslog name contains "exim" but is not exim[pid]', () => {
    // Exim opens syslog with syslog_processname (log.c write_syslog(): openlog(syslog_processname, ...)),
    // which a configuration may set (two instances on one host: `exim-in`, `exim-out`). The looser tag of
    // probe 9 is taken only before Exim's own timestamp; a split entry (spec "Logging to syslog") has the
    // piece marker first, then the stamp, and its later pieces have no stamp at all. The pieces are those
    // of the second review's test (drlight17/mta-log-parser#22, public file 4375894768) under a COMPOSED name.
    const authPlain =
      '2017-04-24 00:06:31 fixed_login authenticator failed for (User) [91.200.12.165]: 435 Unable to authenticate at present (set_id=scanner)';
    const r = runTexts([
      `Apr 24 00:06:31 bayamo exim-in[1234]: [1\\4] ${authPlain}`,
      'Apr 24 00:06:31 bayamo exim-in[1234]: [2\\4] Envelope-from: <x@example.org>',
      'Feb 14 18:12:33 192.168.55.51 exim-out[46483]: [1\\2] 2025-02-14 18:12:33 Warning: purging the environment.',
      'Feb 14 18:12:33 192.168.55.51 exim-out[46483]: [2/2]  Suggested action: use keep_environment.',
    ]);
    const plain = runTexts([authPlain]);
    expect(r.verdicts).toEqual(['reply', 'context', 'ignored', 'context']);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ code: 435, clientIp: '91.200.12.165', time: plain.events[0]!.time, twinKey: plain.events[0]!.twinKey });
    // a first piece must still carry Exim's stamp after the marker: a header line shaped like a tag
    // and a marker stays message content of the rejection above it
    const forged = runTexts([
      '2024-03-01 10:00:00 1rZZZZ-000ABC-12 H=(helo.example) [192.0.2.7] F=<a@example.org> rejected after DATA: Your message scored 12.3 SpamAssassin points',
      'Subject: exim4-config: [1/2] 550 5.7.1 this is only a subject',
      'From: someone <a@example.org>',
    ]);
    expect(forged.verdicts).toEqual(['reply', 'context', 'context']);
    expect(forged.events).toHaveLength(1);
  });
});

describe('Exim tenth review (probe-exim-10)', () => {
  it('reads debug output whose runs of spaces a web archive collapsed, only on the line right after its LOG: line', () => {
    // exim-users post of 2006 (exim 4.60, lists.gt.net/exim/users/57020): the archive's HTML dropped the
    // pid's right-alignment and the two spaces before the entry. log_write() prints the `LOG:` line and
    // its entry with one debug_printf(), so the next line of the same pid is the entry.
    const r = runTexts([
      '9084 SMTP>> 501 Invalid base64 data',
      '9084 LOG: MAIN REJECT',
      '9084 lookup_login authenticator failed for 124.253.202.62.cust.bluewin.ch [62.202.253.124]: 501 Invalid base64 data',
      '9084 SMTP<< QUIT',
    ]);
    expect(r.verdicts).toEqual(['skipped', 'context', 'reply', 'skipped']);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ direction: 'inbound', stage: 'auth', code: 501, codeSource: 'seen', clientIp: '62.202.253.124', text: 'Invalid base64 data' });
    // one space only right after the LOG: line: a trace line between them, or another pid, gives nothing
    const entry = '9084 lookup_login authenticator failed for x.example [192.0.2.4]: 501 Invalid base64 data';
    expect(runTexts(['9084 LOG: MAIN REJECT', '9084 SMTP<< AUTH LOGIN', entry]).events).toHaveLength(0);
    expect(runTexts(['9085 LOG: MAIN REJECT', entry]).events).toHaveLength(0);
    // without a pid there is no prefix to tell an entry from any other line: two spaces still needed
    expect(runTexts(['LOG: MAIN REJECT', 'lookup_login authenticator failed for x.example [192.0.2.4]: 501 Invalid base64 data']).events).toHaveLength(0);
  });
});

describe('exim successes: what the rates count as accepted or delivered', () => {
  // A host that receives mail for its mailboxes, runs a web app and bounces what it cannot deliver:
  // only the client's arrival and the delivery that left the host are the other side of a refusal.
  const lines = [
    '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH <= vs@visollo.com H=(intranet) [16.211.230.168] P=esmtpsa A=dovecot_login:vs@visollo.com S=48564',
    '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH => tina@netal.com R=dnslookup T=remote_smtp H=mx2.netal.com [183.57.76.207] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C="250 2.6.0 Queued mail for delivery"',
    '2025-03-03 00:00:07 1totE7-Bqp4GIq2jta-74sH -> karl@netal.com R=dnslookup T=remote_smtp H=mx2.netal.com [2001:db8::25] C="250 OK"',
    '2025-03-03 00:00:08 1totE8-15MYkDXP76v-qbfu <= paul@visollo.com U=www-data P=local S=65870 id=b36f8044@visollo.com',
    '2025-03-03 00:00:08 1totE9-BxTTkTdU4qi-pW5I <= <> R=1totE9-uR90UGTICs5-MzXj U=Debian-exim P=local S=5162',
    '2025-03-03 00:00:09 1totE9-BxTTkTdU4qi-pW5I => mia <mia@rodia.cn> R=local_user T=mail_spool',
    '2025-03-03 00:00:09 1totE9-TpHLExPCbkQ-shdK => support@rodia.cn R=virtual_user T=dovecot_lmtp H=localhost [127.0.0.1] C="250 2.0.0 <support@rodia.cn> Saved"',
    '2025-03-03 00:00:09 1totE9-TpHLExPCbkQ-shdK => scan@rodia.cn R=amavis T=amavis_smtp H=localhost6 [::1]:10024 C="250 2.0.0 Ok"',
    '2025-03-03 00:00:10 1totEA-s3Xtic5wH76-qvcv >> ann@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [142.250.102.27]:25 C="250 2.0.0 OK"',
  ];

  it('counts a client\'s arrival and a delivery to a remote server; not local submissions, bounces or local deliveries', () => {
    const successes: string[] = [];
    const parser = exim.create({ sink: { event: () => {}, success: (_t, direction) => successes.push(direction) } });
    const verdicts = toLines(lines).map((l) => parser.push(l));
    parser.finish();
    expect(verdicts).toEqual(['success', 'success', 'success', 'ignored', 'ignored', 'ignored', 'ignored', 'ignored', 'success']);
    expect(successes).toEqual(['inbound', 'outbound', 'outbound', 'outbound']);
  });

  it('keeps a quoted sender with a space whole for the failures of its message', () => {
    const r = runTexts([
      '2025-03-03 00:00:10 1totEA-s3Xtic5wH76-qvcw <= "john smith"@visollo.com H=(intranet) [16.211.230.168] P=esmtp S=4856',
      '2025-03-03 00:00:11 1totEA-s3Xtic5wH76-qvcw ** folsen@sanmu.info R=dnslookup T=remote_smtp H=smtp.sanmu.info [30.100.136.171] : SMTP error from remote mail server after RCPT TO:<folsen@sanmu.info>: 550 5.1.1 No such user',
    ]);
    expect(r.events[0]).toMatchObject({ sender: '"john smith"@visollo.com', code: 550 });
  });

  it('still takes the sender of a failure from a local submission\'s arrival', () => {
    const r = runTexts([
      lines[3]!,
      '2025-03-03 00:00:11 1totE8-15MYkDXP76v-qbfu ** folsen@sanmu.info R=dnslookup T=remote_smtp H=smtp.sanmu.info [30.100.136.171] : SMTP error from remote mail server after RCPT TO:<folsen@sanmu.info>: 552 5.2.2 Mailbox full',
    ]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ direction: 'outbound', sender: 'paul@visollo.com', code: 552 });
  });
});

describe('Exim twelfth review (probe-exim-12): message logs (`exim -Mvl`, spool/msglog/<id>)', () => {
  // deliver.c and transports/smtp.c write each delivery attempt to the message's own log too
  // (deliver_msglog): the same texts as the main log, but with no message id (the file is the
  // message's) and no `==` flag on deferrals; Exim's test suite keeps such files (test/msglog/0099.*:
  // "H=thishost.test.ex [127.0.0.1] Connection refused" then "userx@simple R=all T=smtp defer (dd):
  // Connection refused"). Real: an ubuntuforums.org post of 2013-05-07 pasting `exim -Mvl` (exim4
  // before 4.85, host without H=; the poster masked the addresses as xxx.xxx.xxx.4).
  const msglog = [
    '2013-05-07 14:10:36 Received from user@linux-box.int.mycompany.com U=batch P=local S=687',
    '2013-05-07 14:10:36 mail2.mycompany.com [xxx.xxx.xxx.4] Connection refused',
    '2013-05-07 14:10:36 mail4.mycompany.com [yyy.yyy.yyy.157] Connection refused',
    '2013-05-07 14:10:36 mail.mycompany.com [xxx.xxx.xxx.5] Connection refused',
    '2013-05-07 14:10:36 me@mycompany.com R=dnslookup T=remote_smtp defer (111): Connection refused',
  ];

  it('reads each host that refused the connection as one failed attempt, the unflagged deferral as its repetition', () => {
    const r = runTexts(msglog);
    expect(r.verdicts).toEqual(['ignored', 'reply', 'reply', 'reply', 'context']);
    expect(r.events).toMatchObject([
      { direction: 'outbound', stage: 'connect', code: null, text: 'Connection refused', server: 'mail2.mycompany.com [xxx.xxx.xxx.4]', recipient: null, messageId: null },
      { direction: 'outbound', stage: 'connect', code: null, text: 'Connection refused', server: 'mail4.mycompany.com', recipient: null },
      { direction: 'outbound', stage: 'connect', code: null, text: 'Connection refused', server: 'mail.mycompany.com [xxx.xxx.xxx.5]', recipient: 'me@mycompany.com' },
    ]);
    for (const e of r.events) expect(classify(e)).toMatchObject({ class: 'transient', category: 'connection' });
  });

  it('reads the current form (H=) and a deferral that has no per-host line before it; a retry-time deferral stays ignored', () => {
    // COMPOSED in the shape of Exim's test/msglog/0099.* and 5000.10HmbA-* (bodies as Exim writes them)
    const r = runTexts([
      '1999-03-02 09:44:33 H=thishost.test.ex [127.0.0.1] Connection refused',
      '1999-03-02 09:44:33 userx@simple R=all T=smtp defer (111): Connection refused',
      '1999-03-02 09:44:34 userx@myhost.test.ex R=localuser T=maildir_appendfile defer (-22): mailbox is full (MTA-imposed quota exceeded while writing to tmp/MAILDIR.myhost.test.ex)',
      "1999-03-02 09:44:35 usery@test.ex R=dnslookup T=remote_smtp defer (-53): retry time not reached for any host for 'test.ex'",
    ]);
    expect(r.verdicts).toEqual(['reply', 'context', 'reply', 'ignored']);
    expect(r.events).toMatchObject([
      // a service on this host refused (127.0.0.1), and appendfile's quota: both deliveries on this host
      { direction: 'local', stage: 'connect', text: 'Connection refused', server: 'thishost.test.ex [127.0.0.1]', recipient: 'userx@simple' },
      { direction: 'local', code: null, recipient: 'userx@myhost.test.ex' },
    ]);
    expect(classify(r.events[1]!)).toMatchObject({ class: 'transient', category: 'quota' });
  });

  it('is detected as Exim (the arrival line every message log starts with, the unflagged deferrals)', () => {
    expect(detectFormat(Buffer.from(`${msglog.join('\n')}\n`)).parser?.format).toBe('exim');
  });

  it('still takes nothing from id-less lines of other shapes (an address then words, a client line)', () => {
    const r = runTexts([
      '2013-05-07 14:10:36 me@mycompany.com has been frozen',
      '2013-05-07 14:10:36 me@mycompany.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1] C="250 OK"',
      '2013-05-07 14:10:36 SMTP connection from [192.0.2.9] (TCP/IP connection count = 1)',
    ]);
    expect(r.events).toHaveLength(0);
  });
});

describe('Exim twelfth review (probe-exim-12): a masked address before a per-host strerror', () => {
  it('reads the per-host line whose host address the poster replaced by letters (main log form too)', () => {
    // the ubuntuforums.org post of 2013-05-07 masked two of the hosts as [yyy.yyy.yyy.157]; the main
    // log line is COMPOSED with the post's message id (its `exim -Mvl 1UZmLU-000CDr-HW` argument)
    const r = runTexts(['2013-05-07 14:10:36 1UZmLU-000CDr-HW mail4.mycompany.com [yyy.yyy.yyy.157] Connection refused']);
    // (as with other placeholders, the address is unknown: the server is the host name alone)
    expect(r.events).toMatchObject([{ direction: 'outbound', stage: 'connect', text: 'Connection refused', server: 'mail4.mycompany.com' }]);
  });
});

describe('exim successes: text others chose, and the other forms of H= (review rev4)', () => {
  // Before: ` H=` was looked for anywhere in the line, and anything after it that was not ` [` counted
  // as a remote server.
  const cases: Array<[string, 'success' | 'ignored']> = [
    // a local submission whose subject (+subject, after P=) has " H=" in it
    ['2025-03-03 00:00:08 1totE8-15MYkDXP76v-qbfu <= paul@visollo.com U=www-data P=local S=658 id=b3@visollo.com T="Set H=1 [203.0.113.9] now" for a@b.example', 'ignored'],
    // a local delivery whose parent address is a quoted local part a remote sender chose (catch-all)
    ['2025-03-03 00:00:09 1totE9-BxTTkTdU4qi-pW5I => mia <"x H=y [203.0.113.9]"@rodia.cn> R=catchall T=mail_spool', 'ignored'],
    // +sender_on_delivery: the envelope sender, chosen by whoever sent the mail
    ['2025-03-03 00:00:09 1totE9-BxTTkTdU4qi-pW5J => mia <mia@rodia.cn> F=<"a H=b"@evil.example> R=local_user T=mail_spool', 'ignored'],
    // a local transport with its router's host list: `H=name`, no address (deliver.c delivery_log)
    ['2025-03-03 00:00:09 1totE9-BxTTkTdU4qi-pW5K => bob@uucp.example R=uucphost T=uucp H=uucp-neighbour', 'ignored'],
    // +dnssec: `H=name DS [ip]`, loopback or not
    ['2025-03-03 00:00:09 1totE9-BxTTkTdU4qi-pW5L => s@rodia.cn R=virtual_user T=dovecot_lmtp H=localhost DS [127.0.0.1] C="250 2.0.0 Saved"', 'ignored'],
    ['2025-03-03 00:00:09 1totE9-BxTTkTdU4qi-pW5M => t@netal.com R=dnslookup T=remote_smtp H=mx2.netal.com DS [183.57.76.207] C="250 OK"', 'success'],
    // quoted local parts with spaces, the real H= after them
    ['2025-03-03 00:00:10 1totEA-s3Xtic5wH76-qvcv => "john doe"@netal.com R=dnslookup T=remote_smtp H=mx2.netal.com [183.57.76.207] C="250 \\"OK\\" H=x"', 'success'],
    ['2025-03-03 00:00:10 1totEA-s3Xtic5wH76-qvcw <= "john smith"@visollo.com H=(intranet) [16.211.230.168] P=esmtp S=4856', 'success'],
    // fakereject is written as an arrival is: no client, no success
    ['2025-03-03 00:00:11 1totEB-s3Xtic5wH76-qvcx (= paul@visollo.com U=paul P=local-smtp S=120', 'ignored'],
    ['2025-03-03 00:00:11 1totEB-s3Xtic5wH76-qvcy (= spam@evil.example H=(x) [203.0.113.7] P=esmtp S=120', 'success'],
  ];

  it.each(cases)('%s -> %s', (line, verdict) => {
    const parser = exim.create({ sink: { event: () => {}, success: () => {} } });
    const got = toLines([line]).map((l) => parser.push(l));
    parser.finish();
    expect(got).toEqual([verdict]);
  });
});

describe('exim: deliveries on this host are local, remote ones outbound', () => {
  // Exim's appendfile, pipe and lmtp transports write no H= (or a loopback one when the smtp transport
  // speaks LMTP to Dovecot at 127.0.0.1); their texts are Exim's own (transports/appendfile.c, pipe.c).
  const cases: Array<[string, 'local' | 'outbound']> = [
    ['2024-11-20 10:00:02 1vLocA-000001-AB ** bob@example.org R=local_user T=mail_spool: mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/bob)', 'local'],
    ['2024-11-20 10:00:03 1vLocA-000001-AB == carol@example.org R=local_user T=maildir_home defer (-22): mailbox is full (MTA-imposed quota exceeded while writing to /home/carol/Maildir/tmp/1.H1P2.mx)', 'local'],
    ['2024-11-20 10:00:04 1vLocA-000001-AB ** dave@example.org R=virtual_user T=dovecot_virtual_delivery: LMTP error after end of data: 552 5.2.2 <dave@example.org> Quota exceeded (mailbox for user is full)', 'local'],
    ['2024-11-20 10:00:05 1vLocA-000001-AB ** |/usr/bin/procmail <erin@example.org> R=userforward T=address_pipe: Child process of address_pipe transport returned 75 (could mean temporary error) from command: /usr/bin/procmail', 'local'],
    ['2024-11-20 10:00:06 1vLocA-000001-AB == frank@example.org R=local_user T=mail_spool defer (13): Permission denied: creating lock file hitching post /var/mail/frank.lock (euid=1001 egid=8)', 'local'],
    ['2024-11-20 10:00:07 1vLocA-000001-AB ** gina@example.org R=dovecot T=dovecot_lmtp H=127.0.0.1 [127.0.0.1]: LMTP error after RCPT TO:<gina@example.org>: 550 5.1.1 <gina@example.org> User doesn\'t exist: gina@example.org', 'local'],
    ['2024-11-20 10:00:08 1vLocA-000001-AB ** kim@example.org R=local_user T=maildir_home: retry timeout exceeded', 'local'],
    // remote: an address, a host in the message (before 4.85), a routing failure, a remote transport's expiry
    ['2024-11-20 10:00:09 1vLocA-000002-AB ** lee@remote.example R=dnslookup T=remote_smtp H=mx.remote.example [198.51.100.7]: SMTP error from remote mail server after RCPT TO:<lee@remote.example>: 552 5.2.2 mailbox is full', 'outbound'],
    ['2024-11-20 10:00:10 1vLocA-000002-AB ** mo@remote.example R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:<mo@remote.example>: host mx.remote.example [198.51.100.7]: 550 mailbox unavailable', 'outbound'],
    ['2024-11-20 10:00:11 1vLocA-000002-AB ** nat@nowhere.example: Unrouteable address', 'outbound'],
    ['2024-11-20 10:00:12 1vLocA-000002-AB ** oz@remote.example R=dnslookup T=remote_smtp: retry timeout exceeded', 'outbound'],
    ['2024-11-20 10:00:13 1vLocA-000002-AB == pat@remote.example R=dnslookup T=remote_smtp defer (111): Connection refused H=mx.remote.example [198.51.100.7]', 'outbound'],
    // the smtp transport failing on this host before it reached one (hestiacp#2087, its own words),
    // or EPIPE without H=: mail that was to leave, whatever local-sounding words the error has
    ['2021-08-25 20:26:49 1mIxbt-0001eM-09 == me@remote.example R=dnslookup T=remote_smtp defer (-1): failed to expand "interface" option for remote_smtp transport: failed to open /etc/exim4/domains/example.org/ip: Permission denied (euid=108 egid=115)', 'outbound'],
    ['2024-11-20 10:00:14 1vLocA-000002-AB == quay@remote.example R=dnslookup T=remote_smtp defer (32): Broken pipe', 'outbound'],
  ];
  it.each(cases)('%s -> %s', (line, direction) => {
    const { events } = run(toLines([line]));
    expect(events).toHaveLength(1);
    expect(events[0]!.direction).toBe(direction);
  });

  it('an expiry takes the direction of the deferrals before it, here or in the database', () => {
    const lines = [
      '2024-11-20 10:00:00 1vLocA-000003-AB == quinn@example.org R=local_user T=local_delivery_custom defer (-22): mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/quinn)',
      '2024-11-24 10:00:00 1vLocA-000003-AB ** quinn@example.org R=local_user T=local_delivery_custom: retry timeout exceeded',
    ];
    expect(run(toLines(lines)).events.map((e) => e.direction)).toEqual(['local', 'local']);
    const lookup: ParseLookup = { lastDeferral: () => ({ code: null, enhanced: null, server: null, codeSource: 'none', direction: 'local' }) };
    expect(run(toLines(['2024-11-24 10:00:00 1vLocA-000004-AB ** ron@example.org R=custom T=custom: retry timeout exceeded']), lookup).events[0]!.direction).toBe('local');
  });
});

describe('Exim sixteenth probe (probe-exim-16): a client whose TLS read failed, then the hang-up', () => {
  it("reads a client's TLS error and its `unexpected disconnection` right after it as one event, on the TLS line", () => {
    // heavybrain101/youtube var/log/exim4/mainlog.1 (exim4 4.9x with GnuTLS, 2024): tls_refill logs the
    // failed read, then smtp_in reads the EOF it was given and logs the lost connection
    const r = runTexts([
      '2024-03-14 08:48:31 H=058.3j5.paz-cima-c57.garfo.sistemaenviando.pro (mail.fesor.ru) [146.185.239.148] X=TLS1.2:ECDHE_SECP256R1__RSA_SHA512__AES_256_GCM:256 CV=no F=<larisa@fesor.ru> rejected RCPT <sales@rucreditcard.ru>: relay not permitted',
      '2024-03-14 08:48:33 TLS error on connection from 058.3j5.paz-cima-c57.garfo.sistemaenviando.pro (mail.fesor.ru) [146.185.239.148] (recv): The TLS connection was non-properly terminated.',
      '2024-03-14 08:48:33 unexpected disconnection while reading SMTP command from 058.3j5.paz-cima-c57.garfo.sistemaenviando.pro (mail.fesor.ru) [146.185.239.148] D=5s',
    ]);
    expect(r.verdicts).toEqual(['reply', 'reply', 'context']);
    expect(r.events.map((e) => [e.line, e.stage, e.clientIp])).toEqual([
      [1, 'rcpt', '146.185.239.148'],
      [2, 'tls', '146.185.239.148'],
    ]);
  });

  it("keeps another client's disconnection, a later one, and a TLS error with no hang-up after it, as events of their own", () => {
    const r = runTexts([
      '2024-03-15 00:18:47 TLS error on connection from (User) [194.169.175.17] (recv): The TLS connection was non-properly terminated.',
      '2024-03-15 00:18:48 unexpected disconnection while reading SMTP command from (x.example) [192.0.2.7] D=2s',
      '2024-03-15 00:19:10 TLS error on connection from (User) [194.169.175.18] (recv): Error in the pull function.',
      ...Array.from({ length: 25 }, (_, i) => `2024-03-15 00:20:${String(i).padStart(2, '0')} no host name found for IP address 192.0.2.9`),
      '2024-03-15 00:21:00 unexpected disconnection while reading SMTP command from (User) [194.169.175.18] D=2m',
    ]);
    expect(r.events.map((e) => [e.line, e.stage, e.clientIp]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 'tls', '194.169.175.17'],
      [2, 'other', '192.0.2.7'],
      [3, 'tls', '194.169.175.18'],
      [29, 'other', '194.169.175.18'],
    ]);
  });
});

describe('Exim: a TLS error and a hang-up are one event only when they are one connection ending', () => {
  const lines = (r: Run) => r.events.map((e) => [e.line, e.stage, e.clientIp]).sort((a, b) => Number(a[0]) - Number(b[0]));

  it("keeps a failed handshake's or certificate setup's client apart from a later hang-up of that address", () => {
    // smtp_in.c STARTTLS: after a failed tls_server_start the session only waits for QUIT or EOF and logs
    // "closed by EOF" (smtp_connection selector); after a deferred one (cert/key setup) it answers 454 and
    // goes on in clear. tls_on_connect: smtp_start_session returns. No "unexpected disconnection" follows.
    const r = runTexts([
      '2024-03-15 00:19:16 TLS error on connection from (User) [194.169.175.18] (gnutls_handshake): The TLS connection was non-properly terminated.',
      '2024-03-15 00:19:17 unexpected disconnection while reading SMTP command from (User) [194.169.175.18] D=3s',
      '2023-04-23 04:12:07 TLS error on connection from (User) [205.210.31.185] (SSL_accept): error:0A000126:SSL routines::unexpected eof while reading',
      '2023-04-23 04:12:08 unexpected disconnection while reading SMTP command from (User) [205.210.31.185] D=1s',
      '2022-08-13 14:01:11 TLS error on connection from mail-oi1-f173.google.com [209.85.167.173] (cert/key setup: cert=/etc/c.crt key=/etc/c.key): Error while reading file.',
      '2022-08-13 14:01:12 unexpected disconnection while reading SMTP command from mail-oi1-f173.google.com [209.85.167.173] D=1s',
    ]);
    expect(r.verdicts).toEqual(['reply', 'reply', 'reply', 'reply', 'reply', 'reply']);
    expect(lines(r)).toEqual([
      [1, 'tls', '194.169.175.18'],
      [2, 'other', '194.169.175.18'],
      [3, 'tls', '205.210.31.185'],
      [4, 'other', '205.210.31.185'],
      [5, 'tls', '209.85.167.173'],
      [6, 'other', '209.85.167.173'],
    ]);
  });

  it('keeps a hang-up seconds after a failed read apart: smtp_in logs the hang-up of that read at once', () => {
    // outside a transaction the failed read is followed by no "unexpected disconnection" at all (smtp_in.c
    // EOF_CMD logs it only with a sender or recipients); the client's next connection can be
    const r = runTexts([
      '2024-03-15 00:19:10 TLS error on connection from (User) [194.169.175.18] (recv): The TLS connection was non-properly terminated.',
      '2024-03-15 00:19:25 H=(User) [194.169.175.18] F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted',
      '2024-03-15 00:19:40 unexpected disconnection while reading SMTP command from (User) [194.169.175.18] D=30s',
    ]);
    expect(r.verdicts).toEqual(['reply', 'reply', 'reply']);
    expect(lines(r)).toEqual([
      [1, 'tls', '194.169.175.18'],
      [2, 'rcpt', '194.169.175.18'],
      [3, 'other', '194.169.175.18'],
    ]);
  });

  it('pairs a failed read with the hang-up of its own process or port, not of another connection of that client', () => {
    const interleaved = (tag: (pid: number) => string, port = (_: number) => '') => [
      `${tag(1001)}TLS error on connection from (User) [194.169.175.18]${port(40001)} (recv): Error in the pull function.`,
      `${tag(1002)}unexpected disconnection while reading SMTP command from (User) [194.169.175.18]${port(40002)} D=2s`,
      `${tag(1001)}unexpected disconnection while reading SMTP command from (User) [194.169.175.18]${port(40001)} D=9s`,
    ];
    for (const texts of [
      interleaved((pid) => `2024-03-15 00:19:10 [${pid}] `),
      interleaved((pid) => `Mar 15 00:19:10 mx exim[${pid}]: 2024-03-15 00:19:10 `),
      interleaved(() => '2024-03-15 00:19:10 ', (port) => `:${port}`),
    ]) {
      const r = runTexts(texts);
      expect(r.verdicts, texts[0]).toEqual(['reply', 'reply', 'context']);
      expect(lines(r), texts[0]).toEqual([
        [1, 'tls', '194.169.175.18'],
        [2, 'other', '194.169.175.18'],
      ]);
    }
  });

  it('reads a failed read during DATA and the connection lost while reading message data as one event', () => {
    // receive.c: the EOF tls_refill hands over ends the message; handle_lost_connection logs it
    const r = runTexts([
      '2024-03-15 00:19:10 TLS error on connection from (User) [194.169.175.18] (recv): The TLS connection was non-properly terminated.',
      '2024-03-15 00:19:10 SMTP connection from (User) [194.169.175.18] lost while reading message data',
    ]);
    expect(r.verdicts).toEqual(['reply', 'context']);
    expect(lines(r)).toEqual([[1, 'tls', '194.169.175.18']]);
    // held until then: a run killed between the two lines resumes at the TLS line
    const parser = exim.create({ sink: { event: () => {}, success: () => {} } });
    const [tls, lost] = toLines([
      '2024-03-15 00:19:09 H=(x.example) [192.0.2.7] F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted',
      '2024-03-15 00:19:10 TLS error on connection from (User) [194.169.175.18] (recv): Error in the pull function.',
      '2024-03-15 00:19:10 unexpected disconnection while reading SMTP command from (User) [194.169.175.18] D=2s',
    ]).slice(1);
    parser.push(tls!);
    expect(parser.pendingLine!()).toMatchObject({ offset: tls!.offset, number: 2 });
    expect(parser.push(lost!)).toBe('context');
    expect(parser.pendingLine!()).toBeNull();
  });

  it('reads the 4.97+ form with the connection_id selector (`TLS error on connection Ci=<id> from ...`)', () => {
    // smtp_in.c smtp_log_tls_fail / tls-gnu.c: "TLS error on %s" with the connection info, which names the
    // connection id before "from" when +connection_id is on (as in `SMTP connection Ci=<id> from ... lost`)
    const r = runTexts([
      '2025-02-14 18:12:33.470 [46483] TLS error on connection Ci=46483 from (User) [198.51.100.4]:42050 I=[192.0.2.1]:465 (gnutls_handshake): The TLS connection was non-properly terminated.',
      '2025-02-14 18:12:40.101 [46490] TLS error on connection Ci=46490 from (User) [198.51.100.5]:42051 I=[192.0.2.1]:587 (recv): Error in the pull function.',
      '2025-02-14 18:12:40.102 [46490] unexpected disconnection while reading SMTP command from (User) [198.51.100.5]:42051 I=[192.0.2.1]:587 D=3s',
    ]);
    expect(r.verdicts).toEqual(['reply', 'reply', 'context']);
    expect(lines(r)).toEqual([
      [1, 'tls', '198.51.100.4'],
      [2, 'tls', '198.51.100.5'],
    ]);
    expect(r.events[0]!.text).toBe('TLS error (gnutls_handshake): The TLS connection was non-properly terminated.');
    // and what is not a peer stays ignored
    expect(runTexts(['2025-02-14 18:12:33 TLS error on connection Ci=46483 (gnutls_handshake): x']).events).toEqual([]);
  });
});

describe('Exim seventeenth probe (probe-exim-17): outbound replies, the daemon\'s refusals, splogger', () => {
  it('reads an enhanced code written after a "#" (qmail, Cisco Secure Email) as the enhanced code, not as text', () => {
    const { events } = runTexts([
      '2026-08-07 16:49:33 1wsKx0-00000009ez3-3TZz H=mx2.hc2362-53.eu.iphmx.com [23.90.116.161]: SMTP error from remote mail server after initial connection: 421 #4.4.5 Too many connections from your host.',
      '2026-08-07 16:50:00 1wsKx1-00000009ez3-3TZz ** a@example.org R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.7] : SMTP error from remote mail server after RCPT TO:<a@example.org>: 550-#5.1.1 No such user\\n550 #5.1.1 here',
    ]);
    // the per-host line's event waits for a `==` line that would repeat it, so it comes out last
    expect(events.sort((a, b) => a.line - b.line).map((e) => [e.code, e.enhanced, e.text])).toEqual([
      [421, '4.4.5', 'Too many connections from your host.'],
      [550, '5.1.1', 'No such user here'],
    ]);
    // a '#' before anything else stays text
    const other = runTexts([
      '2026-08-07 16:51:00 1wsKx2-00000009ez3-3TZz H=mx.example.org [192.0.2.7]: SMTP error from remote mail server after initial connection: 421 #busy, come back later',
    ]);
    expect(other.events.map((e) => [e.enhanced, e.text])).toEqual([[null, '#busy, come back later']]);
  });

  it("gives the daemon's connection refusals the whole reply daemon.c sends", () => {
    const { events } = runTexts([
      '2026-08-14 17:16:07 Connection from [51.89.47.4]:24244 refused: too many connections',
      '2026-08-14 17:16:08 Connection from [192.0.2.9]:4000 refused: too many connections from that IP address',
      '2026-08-14 17:16:09 Connection from [192.0.2.10] refused: load average = 12.50',
    ]);
    expect(events.map((e) => [e.direction, e.stage, e.code, e.codeSource, e.clientIp, e.text])).toEqual([
      ['inbound', 'connect', 421, 'inferred', '51.89.47.4', 'Too many concurrent SMTP connections; please try again later.'],
      ['inbound', 'connect', 421, 'inferred', '192.0.2.9', 'Too many concurrent SMTP connections from this IP address; please try again later.'],
      ['inbound', 'connect', 421, 'inferred', '192.0.2.10', 'Too much load; please try again later.'],
    ]);
  });

  it("reads Exim's lines forwarded by qmail's splogger (no Exim stamp), also with the day's padding blank lost", () => {
    const lines = [
      'Dec  3 14:31:05 pegasus splogger[32100]: 1VnnFx-0008Lk-Gt <= mail@example.ru U=site P=local S=380',
      'Dec 3 14:31:07 pegasus splogger[32130]: 1VnnFx-0008Lk-Gt ** user@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.5] : SMTP error from remote mail server after RCPT TO:<user@example.com>: 550 5.1.1 No such user',
      'Dec 3 14:31:08 pegasus splogger[32130]: 1VnnFy-0008Lk-Gt => other@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.5]',
    ];
    const { events, verdicts } = runTexts(lines);
    expect(verdicts).toEqual(['ignored', 'reply', 'success']);
    expect(events.map((e) => [e.code, e.sender, e.recipient, e.messageId])).toEqual([[550, 'mail@example.ru', 'user@example.com', '1VnnFx-0008Lk-Gt']]);
    expect(detectFormat(Buffer.from(`${lines.join('\n')}\n`)).parser?.format).toBe('exim');
  });

  it("leaves splogger's lines alone when no Exim message id follows (qmail's own lines go through it too)", () => {
    const { events, verdicts } = runTexts([
      'Dec  3 14:31:05 pegasus splogger[32100]: 1386070265.123456 delivery 42: failure: 550 5.1.1 No such user',
      'Dec  3 14:31:06 pegasus splogger[32100]: status: local 0/10 remote 1/20',
    ]);
    expect(events).toEqual([]);
    expect(verdicts).toEqual(['skipped', 'skipped']);
  });
});
