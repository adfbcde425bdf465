// An hMailServer daily log (hmailserver_YYYY-MM-DD.log, formats.md section 2): TAB-separated quoted
// columns, CRLF, Windows code page. SMTPD/SMTPC/IMAPD/POP3D sessions run side by side, so their lines
// interleave, each line on whichever worker thread took it; TCPIP/DEBUG/APPLICATION/ERROR lines come in
// between. Refusals use the reply texts of hMailServer's own source (formats.md 2.4); our own deliveries
// (SMTPC) meet the remote replies of the labeled corpus, multi-line ones joined with `[nl]` (Logger.cpp
// CleanLogMessage_).
import { isoMillis, logTimeAt } from '../log-clock.js';
import type { Client } from '../population.js';
import { replyLines } from '../remote-replies.js';
import { Weighted } from '../rng.js';
import { bump, type FormatGenerator, type GenContext, type GenStats } from './context.js';

type Kind = 'SMTPD' | 'SMTPC' | 'IMAPD' | 'POP3D' | 'TCPIP' | 'DEBUG' | 'APPLICATION' | 'ERROR';
interface Step {
  kind: Kind;
  /** Remote address column of 6-column kinds. */
  ip?: string;
  message: string;
  /** Stats key when this line carries a refusal. */
  refusal?: string;
}

type SessionKind = 'smtpd-ok' | 'smtpd-refused' | 'smtpd-auth' | 'smtpc' | 'imap' | 'pop3';
const SESSIONS = new Weighted<SessionKind>([
  ['smtpd-ok', 30], ['smtpd-refused', 28], ['smtpd-auth', 8], ['smtpc', 14], ['imap', 16], ['pop3', 4],
]);

type Refusal = readonly [stage: 'helo' | 'mail' | 'rcpt' | 'data', reply: string, key: string];
const REFUSALS = new Weighted<Refusal>([
  [['rcpt', '550 Unknown user', 'unknown_user'], 30],
  [['rcpt', '451 Please try again later.', 'greylisting'], 18],
  [['rcpt', '550 Delivery is not allowed to this address.', 'relay'], 12],
  [['rcpt', '530 SMTP authentication is required.', 'auth'], 8],
  [['rcpt', '550 The host name specified in HELO does not match IP address.', 'reverse_dns_helo'], 3],
  [['rcpt', '550 Sender domain does not have any MX records.', 'dns'], 2],
  [['rcpt', '550 No valid rDNS/PTR record found.', 'reverse_dns_helo'], 2],
  [['rcpt', '550 Blocked by SPF.', 'policy'], 3],
  [['rcpt', '550 Rejected by Spamhaus.', 'rbl'], 4],
  [['data', '554 Tagged as Spam by SpamAssassin', 'content'], 3],
  [['data', '554 Rejected - Message containing bare LF\'s.', 'content'], 1],
  [['helo', '501 EHLO Invalid domain address.', 'reverse_dns_helo'], 4],
  [['rcpt', '550 Account is not active.', 'mailbox_disabled'], 3],
  [['mail', '552 Message size exceeds fixed maximum message size. Size: {kb} KB, Max size: 20480 KB', 'size'], 2],
  [['mail', '550 Sender address must be specified.', 'bad_address'], 1],
  [['rcpt', '550 A valid address is required.', 'bad_address'], 1],
  [['rcpt', '503 Bad sequence of commands', 'protocol'], 3],
  [['rcpt', 'Too many invalid commands. Bye!', 'protocol'], 1],
  [['rcpt', '421 Connection timeout.', 'connection'], 2],
]);

export const generateHmailserver: FormatGenerator = (w, ctx, bytes) => {
  const { rng: r } = ctx;
  const stats: GenStats = { sessions: 0, refusals: 0 };
  const threads = Array.from({ length: 16 }, () => r.between(1000, 12000));
  let sessionId = r.between(1, 5000);
  let messageId = r.between(100_000, 900_000);
  const active: Session[] = [];
  const cursor: number[] = [];

  const newSession = (): Session => {
    const kind = SESSIONS.draw(r);
    stats.sessions!++;
    bump(stats, `session:${kind}`);
    const id = ++sessionId;
    switch (kind) {
      case 'smtpd-ok':
        return smtpd(ctx, id, null, false);
      case 'smtpd-refused':
        return smtpd(ctx, id, REFUSALS.draw(r), false);
      case 'smtpd-auth':
        return smtpd(ctx, id, null, true);
      case 'smtpc':
        return smtpc(ctx, id, ++messageId);
      case 'imap':
        return imap(ctx, id);
      case 'pop3':
        return pop3(ctx, id);
    }
  };

  const width = r.between(6, 10);
  for (let i = 0; i < width; i++) {
    active.push(newSession());
    cursor.push(0);
  }

  let lastMs = 0;
  while (w.size < bytes) {
    // Worker threads write as things happen: times climb, a few milliseconds apart at most out of step.
    const ms = (lastMs = Math.max(lastMs, logTimeAt(w.size)) + r.int(40));
    const i = r.int(active.length);
    const session = active[i]!;
    const step = session.steps[cursor[i]!]!;
    if (++cursor[i]! >= session.steps.length) {
      active[i] = newSession();
      cursor[i] = 0;
    }
    const thread = threads[r.skewed(threads.length, 1.3)]!;
    let message = step.message;
    // A bare LF inside a message is not escaped by hMailServer (formats.md 2.2): rare, and it breaks the line.
    if (r.chance(0.00002)) message = message.replace(' ', '\n');
    const time = isoMillis(ms);
    const line =
      step.kind === 'SMTPD' || step.kind === 'SMTPC' || step.kind === 'IMAPD' || step.kind === 'POP3D'
        ? `"${step.kind}"\t${thread}\t${session.id}\t"${time}"\t"${step.ip}"\t"${message}"`
        : `"${step.kind}"\t${thread}\t"${time}"\t"${message}"`;
    // The file is in the Windows code page: what it cannot hold becomes '?', the rest are single bytes.
    if (/[^\x00-\x7f]/.test(line)) w.raw(line.replace(/[^\x00-\xff]/g, '?'));
    else w.line(line);
    if (step.refusal) {
      stats.refusals!++;
      bump(stats, `refusal:${step.refusal}`);
    }
    // A daily restart now and then resets nothing we model; ERROR lines are copied into the normal log.
    if (r.chance(0.0005)) {
      w.line(`"ERROR"\t${thread}\t"${time}"\t"Severity: 2 (High), Code: HM5101, Source: SMTPDeliverer::DeliverMessage, Description: ${r.pick(['Could not connect to DNS server.', 'Message could not be delivered: the file was not found.', 'The mail server could not read the message file.'])}"`);
      bump(stats, 'errorLines');
    }
  }
  stats.lines = w.lines;
  return stats;
};

interface Session {
  id: number;
  steps: Step[];
}

function make(id: number, steps: Step[]): Session {
  return { id, steps };
}

function ehloReply(ctx: GenContext): string {
  return `250-${ctx.pop.hostname}[nl]250-SIZE 20480000[nl]${ctx.rng.chance(0.6) ? '250-STARTTLS[nl]' : ''}250-AUTH LOGIN PLAIN[nl]250 HELP`;
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** An inbound SMTP session: ends with a refusal when `refusal` is given, else delivers one message. */
function smtpd(ctx: GenContext, id: number, refusal: Refusal | null, auth: boolean): Session {
  const { rng: r, pop } = ctx;
  const c: Client = pop.client();
  const ip = c.ip;
  const helo = c.helo ?? pop.hostname;
  const sender = auth ? pop.localAddress() : pop.remoteAddress();
  const rcpt = refusal?.[2] === 'relay' ? pop.remoteAddress() : refusal?.[2] === 'unknown_user' ? pop.guessedLocalAddress() : pop.localAddress();
  const s: Step[] = [
    { kind: 'DEBUG', message: `Creating session ${id}` },
    { kind: 'TCPIP', message: `TCP - ${ip} connected to ${pop.ourIp}:${auth ? 587 : 25}.` },
    { kind: 'DEBUG', message: `TCP connection started for session ${id}` },
    { kind: 'SMTPD', ip, message: `SENT: 220 ${pop.hostname} ESMTP` },
    { kind: 'SMTPD', ip, message: `RECEIVED: EHLO ${helo}` },
  ];
  const end = () => {
    s.push({ kind: 'SMTPD', ip, message: 'RECEIVED: QUIT' }, { kind: 'SMTPD', ip, message: 'SENT: 221 goodbye' }, { kind: 'DEBUG', message: `Ending session ${id}` });
    return make(id, s);
  };
  const refuse = (stage: Refusal[0]) => {
    if (!refusal || refusal[0] !== stage) return false;
    const reply = refusal[1].replace('{kb}', String(r.between(20481, 60000)));
    s.push({ kind: 'SMTPD', ip, message: `SENT: ${reply}`, refusal: refusal[2] });
    if (refusal[2] === 'rbl' || refusal[2] === 'policy') {
      s.push({ kind: 'APPLICATION', message: `hMailServer SpamProtection rejected RCPT (Sender: ${sender}, IP:${ip}, Reason: ${reply.slice(4)})` });
    }
    return true;
  };
  if (refuse('helo')) return end();
  s.push({ kind: 'SMTPD', ip, message: `SENT: ${ehloReply(ctx)}` });
  if (r.chance(0.4)) {
    s.push(
      { kind: 'SMTPD', ip, message: 'RECEIVED: STARTTLS' },
      { kind: 'SMTPD', ip, message: 'SENT: 220 Ready to start TLS' },
      { kind: 'SMTPD', ip, message: `RECEIVED: EHLO ${helo}` },
      { kind: 'SMTPD', ip, message: `SENT: ${ehloReply(ctx)}` },
    );
  }
  if (auth) {
    // AUTH LOGIN: the user name goes by in base64, the password is masked as *** (SMTPConnection.cpp:264-296).
    const tries = r.chance(0.5) ? r.between(1, 4) : 0;
    s.push({ kind: 'SMTPD', ip, message: 'RECEIVED: AUTH LOGIN' });
    for (let i = 0; i <= tries; i++) {
      const last = i === tries;
      s.push(
        { kind: 'SMTPD', ip, message: 'SENT: 334 VXNlcm5hbWU6' },
        { kind: 'SMTPD', ip, message: `RECEIVED: ${base64(last ? sender : pop.localAddress())}` },
        { kind: 'SMTPD', ip, message: 'SENT: 334 UGFzc3dvcmQ6' },
        { kind: 'SMTPD', ip, message: 'RECEIVED: ***' },
      );
      if (!last) s.push({ kind: 'SMTPD', ip, message: 'SENT: 535 Authentication failed. Restarting authentication process.', refusal: 'auth' });
    }
    if (tries > 2 && r.chance(0.5)) {
      s.push({ kind: 'SMTPD', ip, message: 'SENT: 535 Authentication failed. Too many invalid logon attempts.', refusal: 'auth' });
      return end();
    }
    s.push({ kind: 'SMTPD', ip, message: 'SENT: 235 authenticated.' });
  }
  s.push({ kind: 'SMTPD', ip, message: `RECEIVED: MAIL FROM:<${sender}>${r.chance(0.6) ? ` SIZE=${r.between(900, 300_000)}` : ''}` });
  if (refuse('mail')) return end();
  s.push({ kind: 'DEBUG', message: `Total spam score: ${r.chance(0.8) ? 0 : r.between(1, 9)}` }, { kind: 'SMTPD', ip, message: 'SENT: 250 OK' });
  s.push({ kind: 'SMTPD', ip, message: `RECEIVED: RCPT TO:<${rcpt}>` });
  if (refuse('rcpt')) return end();
  s.push({ kind: 'SMTPD', ip, message: 'SENT: 250 OK' }, { kind: 'SMTPD', ip, message: 'RECEIVED: DATA' }, { kind: 'SMTPD', ip, message: 'SENT: 354 OK, send.' });
  if (refuse('data')) return end();
  s.push({ kind: 'SMTPD', ip, message: `SENT: 250 Queued (${(r.next() * 2).toFixed(3)} seconds)` });
  return end();
}

/** One of our deliveries: a remote server accepts, defers or refuses it. */
function smtpc(ctx: GenContext, id: number, msg: number): Session {
  const { rng: r, pop } = ctx;
  const sender = pop.localAddress();
  const rcpt = pop.remoteAddress();
  const mx = pop.remoteMx(rcpt.split('@')[1]!);
  const ip = mx.ip;
  const outcome = r.next();
  const s: Step[] = [
    { kind: 'APPLICATION', message: `SMTPDeliverer - Message ${msg}: Delivering message from ${sender} to ${rcpt}. File: C:\\Program Files (x86)\\hMailServer\\Data\\{${r.hex(8).toUpperCase()}-${r.hex(4).toUpperCase()}-${r.hex(4).toUpperCase()}-${r.hex(4).toUpperCase()}-${r.hex(12).toUpperCase()}}.eml` },
    { kind: 'DEBUG', message: `Creating session ${id}` },
    { kind: 'TCPIP', message: `Connecting to ${ip}:25...` },
  ];
  if (outcome < 0.03) {
    s.push({ kind: 'APPLICATION', message: `SMTPDeliverer - Message ${msg}: Message could not be delivered. Scheduling it for later delivery in 60 minutes.` });
    return make(id, s);
  }
  s.push(
    { kind: 'SMTPC', ip, message: `RECEIVED: 220 ${mx.name} ESMTP ${r.pick(['Postfix', 'ready', 'Service ready', r.hex(12) + ' - gsmtp'])}` },
    { kind: 'SMTPC', ip, message: `SENT: EHLO ${pop.hostname}` },
    { kind: 'SMTPC', ip, message: `RECEIVED: 250-${mx.name} Hello ${pop.hostname} [${pop.ourIp}][nl]250-SIZE 35882577[nl]250-8BITMIME[nl]250-STARTTLS[nl]250-ENHANCEDSTATUSCODES[nl]250 SMTPUTF8` },
    { kind: 'SMTPC', ip, message: `SENT: MAIL FROM:<${sender}>` },
    { kind: 'SMTPC', ip, message: 'RECEIVED: 250 2.1.0 OK' },
    { kind: 'SMTPC', ip, message: `SENT: RCPT TO:<${rcpt}>` },
  );
  let result: string;
  if (outcome < 0.3) {
    const kind = outcome < 0.2 ? 'permanent' : 'transient';
    const reply = ctx.replies.draw(r, kind, { ip: pop.ourIp, rcpt, domain: sender.split('@')[1]! });
    s.push({ kind: 'SMTPC', ip, message: `RECEIVED: ${replyLines(reply.text).join('[nl]')}`, refusal: `remote:${reply.category}` });
    result = kind === 'permanent' ? 'Message could not be delivered. Returning error log to sender.' : 'Message could not be delivered. Scheduling it for later delivery in 60 minutes.';
  } else {
    s.push(
      { kind: 'SMTPC', ip, message: 'RECEIVED: 250 2.1.5 OK' },
      { kind: 'SMTPC', ip, message: 'SENT: DATA' },
      { kind: 'SMTPC', ip, message: 'RECEIVED: 354 Go ahead' },
      { kind: 'SMTPC', ip, message: 'SENT: [nl].' },
      { kind: 'SMTPC', ip, message: `RECEIVED: 250 2.0.0 OK ${r.between(1_000_000_000, 1_999_999_999)} ${r.hex(10)}` },
    );
    result = 'Message delivery thread completed.';
  }
  s.push({ kind: 'SMTPC', ip, message: 'SENT: QUIT' }, { kind: 'SMTPC', ip, message: 'RECEIVED: 221 2.0.0 closing connection' });
  s.push({ kind: 'APPLICATION', message: `SMTPDeliverer - Message ${msg}: ${result}` }, { kind: 'DEBUG', message: `Ending session ${id}` });
  return make(id, s);
}

function imap(ctx: GenContext, id: number): Session {
  const { rng: r, pop } = ctx;
  const ip = r.chance(0.5) ? `192.168.${r.int(4)}.${r.between(2, 60)}` : pop.clientIp();
  const user = pop.localAddress();
  const ok = r.chance(0.85);
  const s: Step[] = [
    { kind: 'DEBUG', message: `Creating session ${id}` },
    { kind: 'TCPIP', message: `TCP - ${ip} connected to ${pop.ourIp}:143.` },
    { kind: 'IMAPD', ip, message: 'SENT: * OK IMAPrev1' },
    // Embedded quotes are not escaped (formats.md 2.2): "RECEIVED: A001 LOGIN "user@x" ***".
    { kind: 'IMAPD', ip, message: `RECEIVED: A001 LOGIN "${user}" ***` },
    { kind: 'IMAPD', ip, message: ok ? 'SENT: A001 OK LOGIN completed' : 'SENT: A001 NO Invalid user name or password.' },
  ];
  if (ok) {
    const n = r.between(0, 400);
    s.push(
      { kind: 'IMAPD', ip, message: 'RECEIVED: A002 SELECT "INBOX"' },
      { kind: 'IMAPD', ip, message: `SENT: * ${n} EXISTS[nl]* 0 RECENT[nl]* FLAGS (\\Deleted \\Seen \\Draft \\Answered \\Flagged)[nl]* OK [UIDVALIDITY 1475504890] current uidvalidity[nl]A002 OK [READ-WRITE] SELECT completed` },
      { kind: 'IMAPD', ip, message: `RECEIVED: A003 UID FETCH ${r.between(1, 9000)}:* (FLAGS)` },
      { kind: 'IMAPD', ip, message: 'SENT: A003 OK UID completed' },
      { kind: 'IMAPD', ip, message: 'RECEIVED: A004 LOGOUT' },
      { kind: 'IMAPD', ip, message: 'SENT: * BYE Have a nice day[nl]A004 OK Logout completed' },
    );
  }
  s.push({ kind: 'DEBUG', message: `Ending session ${id}` });
  return make(id, s);
}

function pop3(ctx: GenContext, id: number): Session {
  const { rng: r, pop } = ctx;
  const ip = pop.clientIp();
  return make(id, [
    { kind: 'TCPIP', message: `TCP - ${ip} connected to ${pop.ourIp}:110.` },
    { kind: 'POP3D', ip, message: 'SENT: +OK POP3' },
    { kind: 'POP3D', ip, message: `RECEIVED: USER ${pop.localAddress()}` },
    { kind: 'POP3D', ip, message: 'SENT: +OK Send your password' },
    { kind: 'POP3D', ip, message: 'RECEIVED: PASS ***' },
    { kind: 'POP3D', ip, message: r.chance(0.8) ? 'SENT: +OK Mailbox locked and ready' : 'SENT: -ERR Invalid user name or password.' },
    { kind: 'POP3D', ip, message: 'RECEIVED: QUIT' },
    { kind: 'POP3D', ip, message: 'SENT: +OK POP3 server saying goodbye...' },
  ]);
}
