// The allocation-free paths of the hMailServer parser (issue 7) give what the plain string operations
// they replace give: literals compared with indexOf instead of startsWith, digit columns read in one
// pass, the minute cache compared by indexOf, verbs read as numbers instead of upper-cased slices.
// Lines are cut out of one chunk here, as the reader hands them over (slices, not flat strings).
import { describe, expect, it } from 'vitest';
import { CMD_AUTH, CMD_DATA, CMD_HELO, CMD_MAIL, CMD_OTHER, CMD_QUIT, CMD_RCPT, CMD_RSET, CMD_TLS, commandAt, upperAscii4 } from '../../parsers/hmailserver/command.js';
import { HmailParser } from '../../parsers/hmailserver/hmail-parser.js';
import { newLineFields, splitLine } from '../../parsers/hmailserver/split-line.js';
import { hasAt } from '../../src/util/text-at.js';
import { parseLocalTimestamp } from '../../src/util/log-time.js';

/** The texts as slices of one Latin-1 string, like src/ingest/read-lines.ts makes them. */
function sliced(texts: readonly string[]): string[] {
  const chunk = Buffer.from(texts.join('\n') + '\n', 'latin1').toString('latin1');
  const out: string[] = [];
  let from = 0;
  for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
    out.push(chunk.slice(from, nl));
    from = nl + 1;
  }
  return out;
}

const D = (session: string, time: string, msg: string, thread = '4412') => `"SMTPD"\t${thread}\t${session}\t"${time}"\t"192.0.2.10"\t"${msg}"`;

describe('hmailserver fast paths: hasAt', () => {
  it('is startsWith at a position, on slices and flat strings, near the end and past it', () => {
    const texts = [
      '"SMTPD"\t4412\t37\t"2024-11-22 10:00:01.000"\t"192.0.2.10"\t"SENT: 550 5.1.1 Unknown user"',
      '"SMTPC"\t5120\t8\t"2024-11-22 10:00:01.000"\t"198.51.100.7"\t"RECEIVED: 250 OK SENT: later"',
      'SENT',
      '',
    ];
    const literals = ['SENT: ', 'RECEIVED: ', 'SMTPD"\t', 'SMTPC"\t', '"', 'S', 'SENT', 'later"'];
    for (const text of [...texts, ...sliced(texts)]) {
      for (const literal of literals) {
        for (let at = -1; at <= text.length + 1; at++) {
          expect(hasAt(text, literal, at), `${JSON.stringify(text)} ${literal} @${at}`).toBe(at >= 0 && text.startsWith(literal, at));
        }
      }
    }
  });
});

describe('hmailserver fast paths: columns', () => {
  it('thread and session columns: 1-15 digits ending at a TAB, the session read exactly', () => {
    const t = '2024-11-22 10:00:01.000';
    const cases: [string, number | null][] = [
      [D('37', t, 'SENT: 250 OK'), 37],
      [D('0', t, 'SENT: 250 OK'), 0],
      [D('999999999999999', t, 'SENT: 250 OK'), 999999999999999],
      [D('1000000000000000', t, 'SENT: 250 OK'), null], // 16 digits
      [D('', t, 'SENT: 250 OK'), null],
      [D('3a7', t, 'SENT: 250 OK'), null],
      [D('-37', t, 'SENT: 250 OK'), null],
      [D('37 ', t, 'SENT: 250 OK'), null],
      [D('37', t, 'SENT: 250 OK', '1234567890123456'), null], // thread of 16 digits
      [D('37', t, 'SENT: 250 OK', ''), null],
      [D('37', t, 'SENT: 250 OK', '44x2'), null],
      ['"SMTPD"\t4412\t37', null], // the line ends after the digits
      ['"SMTPD"\t4412', null],
      ['"DEBUG"\t99', null],
    ];
    const f = newLineFields();
    const texts = cases.map(([text]) => text);
    for (const [i, text] of sliced(texts).entries()) {
      const want = cases[i]![1];
      expect(splitLine(text, f), text).toBe(want !== null);
      if (want !== null) expect(f.session, text).toBe(want);
    }
  });

  it('kinds that differ from a known one in one character, or lack its TAB, are refused', () => {
    const rest = '\t1\t2\t"2024-11-22 10:00:01.000"\t"192.0.2.1"\t"SENT: 250 OK"';
    const rest4 = '\t1\t"2024-11-22 10:00:01.000"\t"x"';
    const good = ['"SMTPD"' + rest, '"SMTPC"' + rest, '"POP3D"' + rest, '"POP3C"' + rest, '"IMAPD"' + rest, '"DEBUG"' + rest4, '"TCPIP"' + rest4, '"ERROR"' + rest4, '"APPLICATION"' + rest4];
    const bad = ['"SMTPE"' + rest, '"SMTP"' + rest, '"SMTPDD"' + rest, '"SMTPD" ' + rest.slice(1), '"SMTPD' + rest, '"POP3X"' + rest, '"POPSD"' + rest, '"IMAPC"' + rest, '"DEBUGS"' + rest4, '"smtpd"' + rest, '"S', '"P'];
    const f = newLineFields();
    const lines = sliced([...good, ...bad]);
    lines.forEach((text, i) => expect(splitLine(text, f), text).toBe(i < good.length));
  });

  it('the minute cache is used only when the whole minute matches (same last digit, other month or hour)', () => {
    const times = ['2024-11-22 10:05:01.000', '2024-12-22 10:05:02.000', '2024-12-22 11:05:03.000', '2025-12-22 11:05:04.500', '2025-12-22 11:05:05', '2025-12-22 11:15:05.001', '2025-12-22 11:15:5x.001'];
    const f = newLineFields();
    for (const [i, text] of sliced(times.map((t) => D('1', t, 'SENT: 250 OK'))).entries()) {
      const want = parseLocalTimestamp(times[i]!);
      expect(splitLine(text, f), times[i]).toBe(!Number.isNaN(want));
      if (!Number.isNaN(want)) expect(f.time, times[i]).toBe(want);
    }
  });
});

describe('hmailserver fast paths: verbs', () => {
  /** What commandAt() answered before: the first word upper-cased by toUpperCase(). */
  function byUpperCase(word: string): number {
    const upper = word.toUpperCase();
    if (word.length === 8) return upper === 'STARTTLS' ? CMD_TLS : CMD_OTHER;
    if (word.length !== 4) return CMD_OTHER;
    const verbs: Record<string, number> = { EHLO: CMD_HELO, HELO: CMD_HELO, AUTH: CMD_AUTH, MAIL: CMD_MAIL, RCPT: CMD_RCPT, DATA: CMD_DATA, RSET: CMD_RSET, QUIT: CMD_QUIT };
    return verbs[upper] ?? CMD_OTHER;
  }

  it('reads every verb case-insensitively, non-ASCII letters as toUpperCase() reads them', () => {
    const words = [
      'EHLO', 'ehlo', 'HeLo', 'AUTH', 'auth', 'MAIL', 'mail', 'RCPT', 'rcpt', 'DATA', 'data', 'RSET', 'rset', 'QUIT', 'quit',
      'STARTTLS', 'starttls', 'StartTls', 'NOOP', 'VRFY', 'EHL0', 'MAI', 'MAILS', 'EHLO\t', '@UTH', '`UTH', '[nl]', '{}|~',
      'MAıL', 'maıl', 'QUıT', 'RſET', 'ſtarttls', 'ßAIL', 'ﬆARTTLS', 'MAİL', 'rcpé', 'STARTTLſ', 'STARTTLÄ',
    ];
    for (const word of words) {
      for (const text of [`RECEIVED: ${word} FROM:<a@b>`, `RECEIVED: ${word}`]) {
        const [line] = sliced([text]);
        // (sliced() goes through Latin-1: words with letters beyond it are checked on the flat text only)
        for (const t of Buffer.from(text, 'latin1').toString('latin1') === text ? [text, line!] : [text]) {
          const end = t.length;
          let wordEnd = t.indexOf(' ', 10);
          if (wordEnd < 0 || wordEnd > end) wordEnd = end;
          expect(commandAt(t, 10, end), JSON.stringify(t)).toBe(byUpperCase(t.slice(10, wordEnd)));
        }
      }
    }
  });

  it('upperAscii4: four ASCII characters as one number, a-z upper-cased; -1 with any other', () => {
    expect(upperAscii4('mail', 0)).toBe(upperAscii4('MAIL', 0));
    expect(upperAscii4('xMaIl', 1)).toBe(0x4d41494c);
    expect(upperAscii4('@UTH', 0)).not.toBe(upperAscii4('`UTH', 0));
    expect(upperAscii4('MAıL', 0)).toBe(-1);
    expect(upperAscii4('MAé!', 0)).toBe(-1);
  });
});

describe('hmailserver fast paths: lastTime', () => {
  it('is null before any well-formed line, then the time of the last one; other lines leave it', () => {
    const p = new HmailParser({ event: () => {}, success: () => {} });
    expect(p.lastTime).toBeNull();
    const texts = sliced([
      'not a line',
      D('1', '2024-11-22 10:00:01.250', 'SENT: 220 mail.example.com ESMTP'),
      D('1', '2024-11-22 10:00:02.500', 'RECEIVED: EHLO client.example.org'),
      'junk between',
      '"SMTPD"\t1\t1\t"2024-11-22 25:00:00.000"\t"192.0.2.10"\t"SENT: 250 OK"',
    ]);
    const seen: (number | null)[] = [];
    texts.forEach((text, i) => {
      p.push({ text, offset: i * 100, number: i + 1 });
      seen.push(p.lastTime);
    });
    const t1 = parseLocalTimestamp('2024-11-22 10:00:01.250');
    const t2 = parseLocalTimestamp('2024-11-22 10:00:02.500');
    expect(seen).toEqual([null, t1, t2, t2, t2]);
  });
});
