// The pieces of Exim log lines shared by the rejectlog and mainlog generators: the line prefix, message
// ids, the H= host field and the rejection first lines (formats.md 1.1-1.5; shapes from
// ../shared/corpus/exim-real.log). The ACL messages are the kind of text Exim configurations put in
// `message =`/`log_message =`: written here in our own words, after the corpus lines.
import { isoSeconds, rfc5322 } from '../log-clock.js';
import type { Client, Population } from '../population.js';
import { Weighted, type Rng } from '../rng.js';

/** Log selectors of the generated host (one host keeps its selectors for the whole file). */
export interface EximStyle {
  /** `+pid`: `[12345] ` after the time. */
  pid: boolean;
  /** `+incoming_port`: `[ip]:port`. */
  port: boolean;
  /** `+incoming_interface`: ` I=[ip]:25`. */
  iface: boolean;
}

/** A rejection as Exim logs it: the first line, the lines before it (sender verify), the header block after it. */
export interface Rejection {
  lines: string[];
  /** Lines hold raw Latin-1 bytes (a hostile HELO): write them byte for byte. */
  raw: boolean;
  kind: RejectionKind;
}

export type RejectionKind = 'rcpt' | 'auth' | 'after-data' | 'sync' | 'connect' | 'helo' | 'dropped' | 'mail' | 'protocol';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const AUTHENTICATORS = ['login', 'plain', 'dovecot_login', 'dovecot_plain', 'auth_plain', 'fixed_login', 'plain_server'];
const SET_IDS = ['admin', 'test', 'info', 'user', 'webmaster', 'scanner', 'root', 'postmaster', 'sales', 'backup'];
const VIRUSES = ['Sanesecurity.Junk.39934.UNOFFICIAL', 'Win.Trojan.Agent-1234567', 'Doc.Dropper.Agent-6392781', 'Html.Phishing.Bank-1093', 'Eicar-Signature'];
const SUBJECTS = [
  'Your invoice #{n} is ready', 'RE: order {n}', 'Urgent: account verification required', 'Meeting on Thursday',
  'Ihre Rechnung Nr. {n}', 'Ваш заказ {n} отправлен', '=?UTF-8?B?8J+OgSBZb3UgaGF2ZSB3b24h?=', 'Last chance: 70% off',
  'Delivery Status Notification (Failure)', 'Fw: 550 5.1.1 offer inside', 'payment confirmation', '【重要】アカウント確認',
];
const MAILERS = ['Microsoft Outlook 16.0', 'PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)', 'Apple Mail (2.3731.500.231)', 'Mozilla Thunderbird', 'Sendinblue'];

type RcptCase = 'unknown_user' | 'relay' | 'rbl' | 'greylisting' | 'sender_verify' | 'spf' | 'rate_limit' | 'rdns' | 'dns_defer' | 'bare' | 'coded';
const RCPT_CASES = new Weighted<RcptCase>([
  ['unknown_user', 30], ['relay', 14], ['rbl', 20], ['greylisting', 12], ['sender_verify', 6], ['spf', 4],
  ['rate_limit', 3], ['rdns', 4], ['dns_defer', 2], ['bare', 2], ['coded', 6],
]);

export const REJECTION_KINDS = new Weighted<RejectionKind>([
  ['rcpt', 47], ['auth', 13], ['after-data', 20], ['sync', 4], ['connect', 5], ['helo', 4], ['dropped', 2], ['mail', 3], ['protocol', 2],
]);

export class EximLines {
  private pidNow: number;

  constructor(
    private readonly rng: Rng,
    private readonly pop: Population,
    private readonly style: EximStyle,
  ) {
    this.pidNow = rng.between(1000, 30000);
  }

  /** `2025-03-03 00:00:07 [1234] 1tAbCd-... ` */
  prefix(ms: number, messageId?: string): string {
    let s = `${isoSeconds(ms)} `;
    if (this.style.pid) {
      // Each SMTP connection is its own process: pids climb and wrap.
      if (this.rng.chance(0.7)) this.pidNow = this.pidNow >= 4_190_000 ? 1000 : this.pidNow + this.rng.between(1, 40);
      s += `[${this.pidNow}] `;
    }
    if (messageId) s += `${messageId} `;
    return s;
  }

  /** Exim 4.97+ id (6-11-4 base 62), or now and then a pre-4.97 id (6-6-2) still in the spool. */
  messageId(ms: number): string {
    let t = Math.floor(ms / 1000);
    let head = '';
    for (let i = 0; i < 6; i++) {
      head = B62[t % 62] + head;
      t = Math.floor(t / 62);
    }
    if (this.rng.chance(0.05)) return `${head}-${this.rng.chars(B62, 6)}-${this.rng.chars(B62, 2)}`;
    return `${head}-${this.rng.chars(B62, 11)}-${this.rng.chars(B62, 4)}`;
  }

  /** The address part of H= (host.c host_build_sender_fullhost): `name (helo) [ip]:port`. */
  hostAndIp(c: Client): string {
    const ip = `[${c.ip}]${this.style.port ? `:${c.port}` : ''}`;
    const helo = c.helo !== null && c.helo !== c.rdns && c.helo !== c.ip && c.helo !== `[${c.ip}]` ? `(${c.helo})` : null;
    return [c.rdns, helo, ip].filter((x) => x !== null).join(' ');
  }

  /** `H=... I=[ours]:25` */
  hostField(c: Client): string {
    return `H=${this.hostAndIp(c)}${this.style.iface ? ` I=[${this.pop.ourIp}]:25` : ''}`;
  }

  /** One rejection entry; `withHeaders` adds the rejectlog header block after DATA rejections. */
  rejection(ms: number, withHeaders: boolean, kind: RejectionKind = REJECTION_KINDS.draw(this.rng)): Rejection {
    const r = this.rng;
    const c = this.pop.client();
    const sender = r.chance(0.05) ? '' : this.pop.remoteAddress();
    const F = r.chance(0.03) ? `F=${sender}` : `F=<${sender}>`;
    const lines: string[] = [];
    switch (kind) {
      case 'rcpt': {
        const rcptCase = RCPT_CASES.draw(r);
        const rcpt = rcptCase === 'relay' ? this.pop.remoteAddress() : rcptCase === 'unknown_user' ? this.pop.guessedLocalAddress() : this.pop.localAddress();
        // The raw RCPT argument: brackets are the rule, not a promise (formats.md 1.3).
        const arg = r.chance(0.04) ? rcpt : `<${rcpt}>`;
        const { temporary, message } = this.rcptMessage(rcptCase, c, sender, rcpt);
        if (rcptCase === 'sender_verify') {
          lines.push(`${this.prefix(ms)}${this.hostField(c)} sender verify fail for <${sender}>: ${r.pick(['Unrouteable address', 'Unknown user', 'all relevant MX records point to non-existent hosts', `Unrouteable mail domain "${sender.split('@')[1]}"`, 'response to "RCPT TO:<' + sender + '>" was: 550 5.1.1 User unknown'])}`);
        }
        lines.push(`${this.prefix(ms)}${this.hostField(c)} ${F} ${temporary ? 'temporarily ' : ''}rejected RCPT ${arg}${message === null ? '' : `: ${message}`}`);
        break;
      }
      case 'auth': {
        // host.c host_and_ident(): the same `name (helo) [ip]:port` as H=, without the `H=`.
        const hostPart = this.hostAndIp(c);
        const setId = r.chance(0.7) ? ` (set_id=${r.chance(0.5) ? r.pick(SET_IDS) : this.pop.localAddress()})` : r.chance(0.5) ? ': 1 Time(s)' : '';
        lines.push(`${this.prefix(ms)}${r.pick(AUTHENTICATORS)} authenticator failed for ${hostPart}${this.style.iface ? ` I=[${this.pop.ourIp}]:${r.pick([25, 465, 587])}` : ''}: 535 Incorrect authentication data${setId}`);
        break;
      }
      case 'protocol':
        lines.push(`${this.prefix(ms)}SMTP protocol error in "AUTH LOGIN${r.chance(0.3) ? ' ' + r.chars(B62, 16) + '=' : ''}" ${this.hostField(c)} AUTH command used when not advertised`);
        break;
      case 'after-data': {
        const id = this.messageId(ms);
        const rcpts = Array.from({ length: r.chance(0.8) ? 1 : r.between(2, 4) }, () => this.pop.localAddress());
        lines.push(`${this.prefix(ms, id)}${this.hostField(c)}${r.chance(0.4) ? ` X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no` : ''} ${F} rejected after DATA: ${this.afterDataMessage(sender)}`);
        if (withHeaders) lines.push(...this.headerBlock(ms, id, c, sender, rcpts));
        break;
      }
      case 'sync':
        lines.push(
          r.chance(0.5)
            ? `${this.prefix(ms)}SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[${c.ip}]:${c.port}${this.style.iface ? ` I=[${this.pop.ourIp}]:25` : ''} input="${r.pick(['GET / HTTP/1.1\\r\\n\\r\\n', 'EHLO ' + (c.helo ?? 'x') + '\\r\\n', '\\026\\003\\001\\002\\000\\001\\000\\001\\374\\003\\003', 'QUIT\\r\\n'])}"`
            : `${this.prefix(ms)}SMTP protocol synchronization error (next input sent too soon: pipelining was not advertised): rejected "${r.pick(['RSET', 'EHLO ' + (c.helo ?? 'x'), 'MAIL FROM:<' + sender + '>', 'DATA'])}" ${this.hostField(c)} next input="${r.pick(['QUIT\\r\\n', 'RCPT TO:<' + this.pop.localAddress() + '>\\r\\n'])}"${r.chance(0.3) ? ` (${r.between(6, 900)} bytes)` : ''}`,
        );
        break;
      case 'connect':
        lines.push(`${this.prefix(ms)}H=[${c.ip}]${this.style.port ? `:${c.port}` : ''}${this.style.iface ? ` I=[${this.pop.ourIp}]:25` : ''} rejected connection in "connect" ACL${r.chance(0.85) ? `: ${this.rblMessage(c)}` : ''}`);
        break;
      case 'helo': {
        const helo = c.helo ?? 'x';
        lines.push(
          r.chance(0.7)
            ? `${this.prefix(ms)}${this.hostField(c)} rejected EHLO or HELO ${helo}: ${r.pick(['Invalid HELO name (See RFC5321 4.1.1.1)', 'HELO name is an IP literal of another host', 'Your HELO name is not a fully qualified domain name', `Fake HELO ${helo}: you are not me`])}`
            : `${this.prefix(ms)}rejected ${r.pick(['EHLO', 'HELO'])} from [${c.ip}]: syntactically invalid argument(s): ${helo}`,
        );
        break;
      }
      case 'dropped':
        lines.push(`${this.prefix(ms)}SMTP call from ${this.hostAndIp(c)}${this.style.iface ? ` I=[${this.pop.ourIp}]:25` : ''} dropped: ${r.pick(['too many syntax or protocol errors (last command was "AUTH LOGIN")', 'too many nonmail commands (last was "RSET")', 'too many unrecognized commands (last was "\\033%-12345X")'])}`);
        break;
      case 'mail':
        lines.push(
          r.chance(0.5)
            ? `${this.prefix(ms)}${this.hostField(c)} rejected MAIL <${sender}>: ${r.pick(['Sender address is blacklisted', 'Your domain has no MX record', 'Access denied - sender domain on local blacklist'])}`
            : r.chance(0.5)
              ? `${this.prefix(ms)}rejected MAIL FROM:<${sender}> ${this.hostField(c)}: message too big: size=${r.between(52_428_801, 90_000_000)} max=52428800`
              : `${this.prefix(ms)}rejected MAIL from [${c.ip}]: no HELO/EHLO given`,
        );
        break;
    }
    return { lines, raw: c.rawHelo, kind };
  }

  private rcptMessage(kind: RcptCase, c: Client, sender: string, rcpt: string): { temporary: boolean; message: string | null } {
    const r = this.rng;
    const senderDomain = sender.split('@')[1] ?? 'example';
    switch (kind) {
      case 'unknown_user':
        return { temporary: false, message: r.pick(['Unknown user', 'unknown user', 'Unrouteable address', 'No Such User Here', 'User unknown', 'Recipient unknown']) };
      case 'relay':
        return { temporary: false, message: r.pick(['relay not permitted', 'relay not permitted', 'Relay not permitted', 'relaying denied']) };
      case 'rbl':
        return { temporary: r.chance(0.05), message: this.rblMessage(c) };
      case 'greylisting':
        return {
          temporary: true,
          message: r.pick([
            'GreyListed: please try again later',
            `Deferred due to greylisting. Host: '${c.ip}' From: '${sender}' To: '${rcpt}' SPF: '${r.pick(['none', 'pass', 'softfail'])}'`,
            'greylisted, please try again later',
            '451 4.7.1 Greylisting in action, please come back later',
          ]),
        };
      case 'sender_verify':
        return { temporary: false, message: 'Sender verify failed' };
      case 'spf':
        return { temporary: false, message: r.pick([`SPF check failed: ${senderDomain} does not designate ${c.ip} as a permitted sender`, `Rejected by SPF policy of ${senderDomain}`]) };
      case 'rate_limit':
        return { temporary: true, message: r.pick([`Sender rate overlimit - ${(r.next() * 80 + 20).toFixed(1)} / 1h / per_rcpt`, `Too many connections from ${c.ip}, try later`, '452 4.5.3 Too many recipients']) };
      case 'rdns':
        return { temporary: r.chance(0.3), message: r.pick([`Reverse DNS lookup failed for host ${c.ip}.`, `Client host rejected: cannot find your reverse hostname, [${c.ip}]`]) };
      case 'dns_defer':
        return { temporary: true, message: r.pick([`DNS lookup of "${senderDomain}" deferred`, 'Could not complete sender verify']) };
      case 'bare':
        return { temporary: false, message: null };
      case 'coded':
        return {
          temporary: false,
          message: r.pick([`550 5.7.1 Client host [${c.ip}] blocked using dnsbl.sorbs.net`, '550 5.1.1 Mailbox does not exist', '554 5.7.1 Access denied', `550 5.7.23 SPF validation failed for ${senderDomain}`]),
        };
    }
  }

  /** DNSBL texts; a literal `\n` joins the lines of multi-line messages (formats.md 1.3). */
  rblMessage(c: Client): string {
    const r = this.rng;
    const ip = c.ip;
    switch (r.int(5)) {
      case 0:
        return `rejected because ${ip} is in a black list at zen.spamhaus.org\\n${ip} is listed, see https://www.spamhaus.org/query/ip/${ip}`;
      case 1:
        return `JunkMail rejected - ${this.hostAndIp(c)} is in an RBL: https://www.spamhaus.org/query/ip/${ip}`;
      case 2:
        return `Rejected because ${ip} is in a black list at bl.spamcop.net\\nBlocked - see https://www.spamcop.net/bl.shtml?${ip}`;
      case 3:
        return `Your IP ${ip} is listed at b.barracudacentral.org`;
      default:
        return `${ip} is listed in dnsbl.sorbs.net (127.0.0.${r.between(2, 12)})`;
    }
  }

  private afterDataMessage(sender: string): string {
    const r = this.rng;
    const domain = sender.split('@')[1] ?? 'example';
    const score = (r.next() * 30 + 5).toFixed(1);
    switch (r.int(9)) {
      case 0:
      case 1:
      case 2:
        return `Your message scored ${score} SpamAssassin points. Report follows:`;
      case 3:
        return `This message scored ${score} spam points.`;
      case 4:
        return `This message contains a virus (${r.pick(VIRUSES)}).`;
      case 5:
        return `Rejected by DMARC policy for ${domain}`;
      case 6:
        return 'Message contains a forbidden attachment type (.exe)';
      case 7:
        return 'domain missing or malformed: failing address in "From:" header is: @';
      default:
        return 'message rejected as spam';
    }
  }

  /**
   * The rejectlog header block (log.c: Envelope-from, Envelope-to with 4-space continuations, then each
   * header with a one-character flag and its own continuation lines), 5 to 15 lines. No line starts with
   * a digit: that is what keeps entries apart (formats.md 1.5).
   */
  headerBlock(ms: number, id: string, c: Client, sender: string, rcpts: readonly string[]): string[] {
    const r = this.rng;
    const target = r.between(5, 15);
    const envelope = [`Envelope-from: <${sender}>`, `Envelope-to: <${rcpts[0]}>`, ...rcpts.slice(1).map((a) => `    <${a}>`)];
    const senderDomain = sender.split('@')[1] ?? 'example';
    const n = r.between(1000, 99999);
    const groups: string[][] = [
      [
        `P Received: from ${c.rdns ?? `[${c.ip}]`} (${c.helo !== null && !c.rawHelo ? c.helo : 'unknown'} [${c.ip}])`,
        `\tby ${this.pop.hostname} with esmtp (Exim 4.96)`,
        `\t(envelope-from <${sender}>)`,
        `\tid ${id}`,
        `\tfor ${rcpts[0]}; ${rfc5322(ms)}`,
      ],
      [`F From: "${r.pick(['Support', 'Billing', 'Newsletter', 'Anna', 'Service Client', 'Администратор'])}" <${sender}>`],
      [`  Subject: ${r.pick(SUBJECTS).replace('{n}', String(n))}`],
      [`T To: ${rcpts.join(', ')}`],
      [`I Message-Id: <${r.hex(16)}@${senderDomain}>`],
      [`  Date: ${rfc5322(ms - r.between(0, 600_000))}`],
      ['  MIME-Version: 1.0'],
      [`  Content-Type: multipart/alternative;`, `\tboundary="----=_Part_${r.between(1, 999999)}_${r.hex(8)}"`],
      [`  X-Mailer: ${r.pick(MAILERS)}`],
      [`R Reply-To: <${this.pop.remoteAddress()}>`],
      [`  List-Unsubscribe: <https://${senderDomain}/u/${r.hex(24)}>`],
      [`  X-Spam-Score: ${(r.next() * 30).toFixed(1)}`],
    ];
    const out = [...envelope];
    for (const g of groups) {
      if (out.length + g.length > target) {
        if (out.length >= 5) break;
        out.push(...g.slice(0, target - out.length));
        break;
      }
      out.push(...g);
    }
    if (r.chance(0.002)) out.push('*** truncated ***');
    return out;
  }
}
