// The PHPMailer parser on real transcripts pasted in public that the probe of /tmp/probe-php (report §2-§4,
// §6) found misread: lines cut to what matters, each block with its URL. Every test checks the events
// and the verdict of every line: nothing lost, nothing counted twice.
import { describe, expect, it } from 'vitest';
import parser from '../../parsers/phpmailer.js';
import { splitGlued } from '../../parsers/phpmailer/reply-text.js';
import type { LineVerdict, LogLine } from '../../parsers/types.js';
import type { ReplyEvent } from '../../src/model/event.js';

interface Run {
  events: ReplyEvent[];
  verdicts: LineVerdict[];
  /** The resume point the parser asked for after each line (pendingLine()), as a line number. */
  pending: (number | null)[];
}

function run(texts: readonly string[]): Run {
  const events: ReplyEvent[] = [];
  const p = parser.create({ sink: { event: (e) => events.push(e), success: () => undefined } });
  let offset = 0;
  const pending: (number | null)[] = [];
  const verdicts = texts.map((text, i) => {
    const line: LogLine = { text, offset, number: i + 1 };
    offset += Buffer.byteLength(text) + 1;
    const v = p.push(line);
    pending.push(p.pendingLine?.()?.number ?? null);
    return v;
  });
  p.finish();
  return { events, verdicts, pending };
}

/** Verdicts of the lines that are not blank, by line number. */
function verdictsOf(r: Run, texts: readonly string[]): Record<number, LineVerdict> {
  const out: Record<number, LineVerdict> = {};
  texts.forEach((t, i) => {
    if (t.trim() !== '') out[i + 1] = r.verdicts[i]!;
  });
  return out;
}

const IND = ' '.repeat(19) + '\t' + ' '.repeat(18);

// https://github.com/php/doc-en/issues/4713 (WP Mail SMTP 4.4.0 debug report, PHPMailer 6.x, Gmail on
// port 25, STARTTLS certificate check failed; the debug block is cut after EHLO in the issue).
const DOC_EN_4713 = [
  'Params:',
  'Mailer: smtp',
  'ErrorInfo: SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:',
  'error:0A000086:SSL routines::certificate verify failedSMTP server error: QUIT command failed',
  'Host: smtp.gmail.com',
  'Port: 25',
  '',
  'Debug:',
  'Mailer: SMTP Khác',
  'SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:',
  'error:0A000086:SSL routines::certificate verify failedSMTP server error: QUIT command failed',
  '',
  'SMTP Debug:',
  '2025-05-31 00:51:48 Connection: opening to smtp.gmail.com:25, timeout=30, options=array()',
  '',
  '2025-05-31 00:51:48 Connection: opened',
  '',
  '2025-05-31 00:51:49 SERVER -> CLIENT: 220 smtp.gmail.com ESMTP d9443c01a7336-23506bdc5f2sm33879235ad.96 - gsmtp',
  '',
  '2025-05-31 00:51:49 CLIENT -> SERVER: EHLO localhost',
];

// https://github.com/awesomemotive/WP-Mail-SMTP/issues/131 (WP Mail SMTP 3.11.1, html Debugoutput:
// ssl:// to the STARTTLS port 587). The report prints ErrorInfo before the debug output it captured.
const WPMS_131 = [
  'Params:',
  'Mailer: smtp',
  'Constants: No',
  'ErrorInfo: SMTP Error: Could not connect to SMTP host. Failed to connect to serverSMTP server error: Failed to connect to server',
  'Host: smtp.mailersend.net',
  'Port: 587',
  'SMTPSecure: ssl',
  '',
  'Debug:',
  'Email Source: WP Mail SMTP',
  'Mailer: Other SMTP',
  'SMTP Error: Could not connect to SMTP host. Failed to connect to serverSMTP server error: Failed to connect to server',
  '',
  'SMTP Debug:',
  '2024-02-11 07:10:03 Connection: opening to ssl://smtp.mailersend.net:587, timeout=300, options=array()',
  '',
  '2024-02-11 07:10:04 Connection failed. Error #2: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:error:1408F10B:SSL routines:ssl3_get_record:wrong version number [/home/u331504278/domains/tripleshades.com/public_html/wp-includes/PHPMailer/SMTP.php line 397]',
  '',
  '2024-02-11 07:10:04 Connection failed. Error #2: stream_socket_client(): Failed to enable crypto [/home/u331504278/domains/tripleshades.com/public_html/wp-includes/PHPMailer/SMTP.php line 397]',
  '',
  '2024-02-11 07:10:04 Connection failed. Error #2: stream_socket_client(): unable to connect to ssl://smtp.mailersend.net:587 (Unknown error) [/home/u331504278/domains/tripleshades.com/public_html/wp-includes/PHPMailer/SMTP.php line 397]',
];

describe('phpmailer real transcripts: an ErrorInfo continued on a line of its own (report §2)', () => {
  it('joins PHP\'s OpenSSL message line to the ErrorInfo and makes no event of the QUIT left over', () => {
    const r = run(DOC_EN_4713);
    expect(r.events).toHaveLength(1);
    const [e] = r.events;
    expect(e).toMatchObject({ line: 3, stage: 'tls', code: null, enhanced: null, codeSource: 'none', direction: 'outbound' });
    expect(e!.text).toContain('error:0A000086:SSL routines::certificate verify failed');
    expect(e!.text).not.toContain('QUIT');
    expect(verdictsOf(r, DOC_EN_4713)).toEqual({
      1: 'ignored', 2: 'ignored', 3: 'reply', 4: 'context', 5: 'ignored', 6: 'ignored',
      8: 'ignored', 9: 'ignored', 10: 'context', 11: 'context',
      13: 'ignored', 14: 'context', 16: 'context', 18: 'context', 20: 'context',
    });
  });

  it('takes only OpenSSL error lines, and only right after the line that announces them', () => {
    const [head, openssl] = [DOC_EN_4713[2]!, DOC_EN_4713[3]!];
    // A line that is no OpenSSL error, or one that does not follow the announcement, starts a record.
    const r = run([head, 'Host: smtp.gmail.com', openssl]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.text).not.toContain('certificate verify failed');
    expect(r.verdicts).toEqual(['reply', 'ignored', 'context']);
  });

  it('makes no event of a lone "SMTP server error: QUIT command failed", but keeps a QUIT refusal with its code', () => {
    const lone = run(['SMTP server error: QUIT command failed']);
    expect(lone.events).toHaveLength(0);
    expect(lone.verdicts).toEqual(['context']);
    const refused = run(['SMTP server error: QUIT command failed Detail: 421 closing SMTP code: 421']);
    expect(refused.events).toHaveLength(1);
    expect(refused.events[0]).toMatchObject({ code: 421, stage: 'other' });
  });
});

describe('phpmailer real transcripts: a socket warning continued on an echo-indented line (report §3)', () => {
  // https://github.com/PHPMailer/PHPMailer/issues/1351 (PHPMailer 5.2.2x, echo mode, ssl:// to a POP3 port).
  const LINES = [
    'SMTP Debug:',
    '2018-02-05 21:24:27\tConnection: opening to ssl://pop.secureserver.net:110, timeout=300, options=array (',
    `${IND})`,
    '2018-02-05 21:24:27\tConnection: Failed to connect to server. Error number 2. "Error notice: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:',
    `${IND}error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol`,
    '2018-02-05 21:24:27\tConnection: Failed to connect to server. Error number 2. "Error notice: stream_socket_client(): Failed to enable crypto',
    '2018-02-05 21:24:27\tConnection: Failed to connect to server. Error number 2. "Error notice: stream_socket_client(): unable to connect to ssl://pop.secureserver.net:110 (Unknown error)',
    '2018-02-05 21:24:27\tSMTP ERROR: Failed to connect to server:  (0)',
    '2018-02-05 21:24:27\tSMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
  ];

  it('takes the OpenSSL line into the warning\'s text, at the tls stage', () => {
    const r = run(LINES);
    expect(r.events).toHaveLength(1);
    const [e] = r.events;
    expect(e).toMatchObject({ line: 4, stage: 'tls', code: null, codeSource: 'none', server: 'pop.secureserver.net', time: Date.UTC(2018, 1, 5, 21, 24, 27) });
    expect(e!.text).toMatch(/OpenSSL Error messages: error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol$/);
    expect(r.verdicts).toEqual(['ignored', 'context', 'context', 'reply', 'context', 'context', 'context', 'context', 'context']);
    // The warning waits for its further lines: the resume point stays on it until the next entry.
    expect(r.pending.slice(3, 6)).toEqual([4, 4, null]);
  });

  it('emits the warning as before when nothing follows it', () => {
    const r = run(LINES.slice(0, 4));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.text).toMatch(/OpenSSL Error messages:$/);
  });
});

describe('phpmailer real transcripts: ErrorInfo printed before the debug output (report §4)', () => {
  it('counts the report\'s ErrorInfo and the debug failure after it once, with the debug output\'s facts', () => {
    const r = run(WPMS_131);
    expect(r.events).toHaveLength(1);
    const [e] = r.events;
    // The event stays on the summary's line (the line whose verdict is reply); the facts are the debug line's.
    expect(e).toMatchObject({ line: 4, stage: 'tls', code: null, server: 'smtp.mailersend.net', time: Date.UTC(2024, 1, 11, 7, 10, 4) });
    expect(e!.text).toContain('ssl3_get_record:wrong version number');
    expect(e!.text).not.toContain('SMTP.php line');
    expect(verdictsOf(r, WPMS_131)).toEqual({
      1: 'ignored', 2: 'ignored', 3: 'ignored', 4: 'reply', 5: 'ignored', 6: 'ignored', 7: 'ignored',
      9: 'ignored', 10: 'ignored', 11: 'ignored', 12: 'context', 14: 'ignored', 15: 'context', 17: 'context', 19: 'context', 21: 'context',
    });
    // Held until the debug output states it: the resume point stays on the summary meanwhile.
    expect(r.pending[14]).toBe(4);
  });

  it('keeps the summary as the event when the debug output shows no failure (cut after EHLO)', () => {
    const r = run(DOC_EN_4713);
    expect(r.events.map((e) => e.line)).toEqual([3]);
    expect(r.pending[19]).toBe(3);
  });

  // The same real lines arranged as two sends: the bounds of the window.
  const AUTH_FAILURE = [
    '2020-11-06 14:23:47     CLIENT -> SERVER: MAIL FROM:<a@example.com>',
    '2020-11-06 14:23:47     SERVER -> CLIENT: 250 OK',
    '2020-11-06 14:23:47     CLIENT -> SERVER: RCPT TO:<b@example.org>',
    '2020-11-06 14:23:47     SERVER -> CLIENT: 550 5.1.1 User unknown',
  ];

  it('does not merge a failure the summary cannot state (a connect summary, then a refused recipient)', () => {
    const lines = [...WPMS_131.slice(0, 14), '2024-02-11 07:10:03 Connection: opening to smtp.example.com:587, timeout=300, options=array()', ...AUTH_FAILURE];
    const r = run(lines);
    expect(r.events.map((e) => [e.line, e.stage, e.code])).toEqual([
      [4, 'connect', null],
      [19, 'rcpt', 550],
    ]);
    expect(r.verdicts[18]).toBe('reply');
  });

  it('does not merge into a summary that has a log record of its own, nor across a send that went through', () => {
    const stamped = ['2024-02-11 07:10:00 SMTP Error: Could not connect to SMTP host. Failed to connect to serverSMTP server error: Failed to connect to server', ...WPMS_131.slice(14)];
    expect(run(stamped).events.map((e) => e.line)).toEqual([1, 4]);
    const sent = [
      WPMS_131[3]!,
      '2024-02-11 07:10:03 Connection: opening to smtp.example.com:587, timeout=300, options=array()',
      '2024-02-11 07:10:03 SERVER -> CLIENT: 220 smtp.example.com ESMTP',
      '2024-02-11 07:10:03 CLIENT -> SERVER: EHLO localhost',
      '2024-02-11 07:10:03 SERVER -> CLIENT: 250 smtp.example.com',
      '2024-02-11 07:10:03 CLIENT -> SERVER: .',
      '2024-02-11 07:10:03 SERVER -> CLIENT: 250 2.0.0 Ok: queued',
      '2024-02-11 07:10:04 CLIENT -> SERVER: QUIT',
      '2024-02-11 07:10:04 SERVER -> CLIENT: 221 Bye',
      ...WPMS_131.slice(14),
    ];
    const r = run(sent);
    expect(r.events.map((e) => [e.line, e.stage])).toEqual([
      [1, 'connect'],
      [12, 'tls'],
    ]);
  });

  it('does not hold a summary beyond its window', () => {
    const filler = Array.from({ length: 120 }, (_, i) => `Mailer: line ${i}`);
    const r = run([WPMS_131[3]!, ...filler, ...WPMS_131.slice(14)]);
    expect(r.events.map((e) => e.line)).toEqual([1, 124]);
    expect(r.pending[110]).toBeNull();
  });
});

describe('phpmailer real transcripts: html-glued reply lines after a digit (report §6)', () => {
  // https://github.com/PHPMailer/PHPMailer/issues/667 (html mode before 5.2.24: no timestamps, no <br>).
  const LINES = [
    'CLIENT -> SERVER: AUTH LOGIN',
    'SERVER -> CLIENT: 534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbuI534-5.7.14 28ynf6cEicb_mHeCS8pnax0ijtXQRr10IitCv4AaxEfBvW71KwctSvosEKFhcCHXuL9p03534-5.7.14 Q16-5NGasKSwT3ywIXWMITPFibvrqOMLJOJ8zti2qo1ooIjIhpnAfZ1PRtNchh2f5h4JWG534-5.7.14 TdK3ubf9T3KwKZUQrWirYDpGcvxXEQPWY4UiavV_1KIoGx1UvDDrfyqd0Sj5zJNXYa_VvW534-5.7.14 C_L00pY8zahyh2U4NZ2TM12QZuq_w> Please log in via your web browser and534-5.7.14 then try again.534-5.7.14 Learn more at534 5.7.14 https://support.google.com/mail/answer/78754 s87sm12973072pfa.89 - gsmtp',
  ];

  it('cuts the glued 534-5.7.14 lines apart, also after a digit', () => {
    const r = run(LINES);
    expect(r.verdicts).toEqual(['context', 'reply']);
    expect(r.events).toHaveLength(1);
    const [e] = r.events;
    expect(e).toMatchObject({ stage: 'auth', code: 534, enhanced: '5.7.14' });
    expect(e!.text).toContain('L9p03 Q16-5NG');
    expect(e!.text.slice(4)).not.toContain('534');
  });

  it('still leaves a number glued to a code without an enhanced code whole (EHLO SIZE)', () => {
    expect(splitGlued('250-smtp.gmail.com at your service250-SIZE 35882577250-8BITMIME250 SMTPUTF8', '250', null)).toEqual([
      '250-smtp.gmail.com at your service',
      '250-SIZE 35882577250-8BITMIME',
      '250 SMTPUTF8',
    ]);
    // Digits before the code are cut off only when the same enhanced code follows it.
    expect(splitGlued('550-5.7.1 listed at 1550 5.7.2 x', '550', '5.7.1')).toEqual(['550-5.7.1 listed at 1550 5.7.2 x']);
  });
});
