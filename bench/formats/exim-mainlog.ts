// An Exim mainlog: arrivals `<=`, deliveries `=>`, `Completed`, failures `**` and deferrals `==` with
// the remote server's reply (formats.md 1.6, deliver.c failure_log/deferral_log, transports/smtp.c), a
// queue of deferred messages that later go through or time out (`retry timeout exceeded`), the same
// rejection first lines as the rejectlog, and connection chatter.
import { logTimeAt } from '../log-clock.js';
import { replyLines } from '../remote-replies.js';
import { Weighted } from '../rng.js';
import type { RemoteHost } from '../population.js';
import { EximLines } from './exim-lines.js';
import { bump, type FormatGenerator, type GenContext, type GenStats } from './context.js';

type Action = 'inbound' | 'outbound-ok' | 'outbound-fail' | 'defer' | 'retry' | 'rejection' | 'noise';
const ACTIONS = new Weighted<Action>([
  ['inbound', 38], ['outbound-ok', 18], ['outbound-fail', 5], ['defer', 6], ['retry', 6], ['rejection', 16], ['noise', 11],
]);

interface Queued {
  id: string;
  sender: string;
  rcpt: string;
  mx: RemoteHost;
}

const TLS = ['X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes', 'X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=no', 'X=TLS1.3:TLS_AES_128_GCM_SHA256:128 CV=yes'];

export const generateEximMainlog: FormatGenerator = (w, ctx, bytes) => {
  const { rng: r, pop } = ctx;
  const exim = new EximLines(r, pop, { pid: false, port: false, iface: false });
  const stats: GenStats = { lines: 0 };
  const queue: Queued[] = [];
  const out = (line: string, key: string, raw = false) => {
    if (raw) w.raw(line);
    else w.line(line);
    bump(stats, key);
  };

  while (w.size < bytes) {
    const ms = logTimeAt(w.size);
    const action = ACTIONS.draw(r);
    switch (action) {
      case 'inbound': {
        const id = exim.messageId(ms);
        const c = pop.client();
        const sender = r.chance(0.04) ? '<>' : pop.remoteAddress();
        out(`${exim.prefix(ms, id)}<= ${sender} ${exim.hostField(c)} P=${r.chance(0.6) ? 'esmtps' : 'esmtp'}${r.chance(0.6) ? ` ${r.pick(TLS)}` : ''} S=${r.between(900, 250_000)} id=${r.hex(20)}@${sender.split('@')[1] ?? 'localhost'}`, 'arrival', c.rawHelo);
        for (let i = r.chance(0.85) ? 1 : r.between(2, 3); i > 0; i--) {
          const rcpt = pop.localAddress();
          out(
            r.chance(0.5)
              ? `${exim.prefix(ms, id)}=> ${rcpt.split('@')[0]} <${rcpt}> R=local_user T=mail_spool`
              : `${exim.prefix(ms, id)}=> ${rcpt} R=virtual_user T=dovecot_lmtp H=localhost [127.0.0.1] C="250 2.0.0 <${rcpt}> ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 22)} Saved"`,
            'delivery',
          );
        }
        out(`${exim.prefix(ms, id)}Completed`, 'completed');
        break;
      }
      case 'outbound-ok': {
        const id = exim.messageId(ms);
        const sender = pop.localAddress();
        const rcpt = pop.remoteAddress();
        out(submission(exim, ctx, ms, id, sender), 'arrival');
        out(remoteDelivery(exim, ctx, ms, id, rcpt, pop.remoteMx(rcpt.split('@')[1]!)), 'delivery');
        out(`${exim.prefix(ms, id)}Completed`, 'completed');
        break;
      }
      case 'outbound-fail': {
        const id = exim.messageId(ms);
        const sender = pop.localAddress();
        const rcpt = pop.remoteAddress();
        const mx = pop.remoteMx(rcpt.split('@')[1]!);
        out(submission(exim, ctx, ms, id, sender), 'arrival');
        if (r.chance(0.1)) {
          // A routing failure: no remote server was asked.
          out(`${exim.prefix(ms, id)}** ${rcpt}${r.chance(0.5) ? ` F=<${sender}>` : ''}: ${r.pick(['Unrouteable address', 'all relevant MX records point to non-existent hosts', 'an MX or SRV record indicated no SMTP service'])}`, 'failure');
        } else {
          const reply = ctx.replies.draw(r, 'permanent', { ip: pop.ourIp, rcpt, domain: sender.split('@')[1]! });
          const error = smtpError(ctx, rcpt, sender, mx, reply.text, reply.category);
          // 4.85+ names the host in H= and puts ` : ` before the message; older Exim named it inside the message.
          out(
            error.old
              ? `${exim.prefix(ms, id)}** ${rcpt} R=dnslookup T=remote_smtp: ${error.text}`
              : `${exim.prefix(ms, id)}** ${rcpt} R=dnslookup T=remote_smtp H=${mx.name} [${mx.ip}]${r.chance(0.5) ? ` ${r.pick(TLS)}` : ''} : ${error.text}`,
            'failure',
          );
        }
        bounce(exim, ctx, ms, id, sender, out);
        out(`${exim.prefix(ms, id)}Completed`, 'completed');
        break;
      }
      case 'defer': {
        const id = exim.messageId(ms);
        const sender = pop.localAddress();
        const rcpt = pop.remoteAddress();
        const mx = pop.remoteMx(rcpt.split('@')[1]!);
        out(submission(exim, ctx, ms, id, sender), 'arrival');
        out(deferral(exim, ctx, ms, id, sender, rcpt, mx), 'deferral');
        if (queue.length < 5000) queue.push({ id, sender, rcpt, mx });
        break;
      }
      case 'retry': {
        if (queue.length === 0) break;
        const i = r.int(queue.length);
        const q = queue[i]!;
        const roll = r.next();
        if (roll < 0.5) {
          out(deferral(exim, ctx, ms, q.id, q.sender, q.rcpt, q.mx), 'deferral');
          break;
        }
        queue[i] = queue[queue.length - 1]!;
        queue.pop();
        if (roll < 0.8) {
          out(remoteDelivery(exim, ctx, ms, q.id, q.rcpt, q.mx), 'delivery');
        } else {
          // Gave up: Exim writes no reply of its own here; the last deferral is what the admin needs.
          out(`${exim.prefix(ms, q.id)}** ${q.rcpt}${r.chance(0.5) ? '' : ' R=dnslookup T=remote_smtp'}: retry timeout exceeded`, 'failure');
          bounce(exim, ctx, ms, q.id, q.sender, out);
        }
        out(`${exim.prefix(ms, q.id)}Completed`, 'completed');
        break;
      }
      case 'rejection': {
        const rej = exim.rejection(ms, false);
        for (const line of rej.lines) out(line, 'rejection', rej.raw);
        break;
      }
      case 'noise': {
        const c = pop.client();
        const line = r.pick([
          () => `${exim.prefix(ms)}SMTP connection from ${exim.hostAndIp(c)} (TCP/IP connection count = ${r.between(1, 30)})`,
          () => `${exim.prefix(ms)}no MAIL in SMTP connection from ${exim.hostAndIp(c)} D=${r.between(0, 40)}s C=${r.pick(['EHLO,QUIT', 'EHLO,STARTTLS', 'EHLO,AUTH', 'QUIT'])}`,
          () => `${exim.prefix(ms)}SMTP connection from ${exim.hostAndIp(c)} lost D=${r.between(0, 300)}s`,
          () => `${exim.prefix(ms)}TLS error on connection from ${exim.hostAndIp(c)} (SSL_accept): error:0A000126:SSL routines::unexpected eof while reading`,
          () => `${exim.prefix(ms)}Start queue run: pid=${r.between(1000, 99999)}`,
          () => `${exim.prefix(ms)}End queue run: pid=${r.between(1000, 99999)}`,
          () => `${exim.prefix(ms)}no host name found for IP address ${c.ip}`,
        ])();
        out(line, 'noise', c.rawHelo);
        break;
      }
    }
  }
  stats.lines = w.lines;
  stats.queuedAtEnd = queue.length;
  return stats;
};

function submission(exim: EximLines, ctx: GenContext, ms: number, id: string, sender: string): string {
  const r = ctx.rng;
  return r.chance(0.6)
    ? `${exim.prefix(ms, id)}<= ${sender} U=${r.pick(['www-data', 'apache', 'nobody', sender.split('@')[0]])} P=local S=${r.between(600, 80_000)} id=${r.hex(24)}@${sender.split('@')[1]}`
    : `${exim.prefix(ms, id)}<= ${sender} H=(${r.pick(['localhost', 'webapp', 'intranet'])}) [${ctx.pop.ourIp}] P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no A=dovecot_login:${sender} S=${r.between(600, 80_000)} id=${r.hex(24)}@${sender.split('@')[1]}`;
}

function remoteDelivery(exim: EximLines, ctx: GenContext, ms: number, id: string, rcpt: string, mx: RemoteHost): string {
  const r = ctx.rng;
  return `${exim.prefix(ms, id)}=> ${rcpt} R=dnslookup T=remote_smtp H=${mx.name} [${mx.ip}] ${r.pick(TLS)} C="250 ${r.pick(['2.0.0 OK  ' + Math.floor(ms / 1000) + ' ' + r.hex(12) + ' - gsmtp', 'OK id=' + r.hex(16), '2.6.0 <' + r.hex(20) + '@x> [InternalId=' + r.between(1e9, 9e9) + '] Queued mail for delivery'])}"`;
}

/** The remote reply as transports/smtp.c words it; multi-line replies joined with a literal `\n` half the time. */
function smtpError(ctx: GenContext, rcpt: string, sender: string, mx: RemoteHost, reply: string, category: string): { text: string; old: boolean } {
  const r = ctx.rng;
  const after = category === 'content' || (category === 'policy' && r.chance(0.5))
    ? 'end of data'
    : category === 'rbl' && r.chance(0.4)
      ? `MAIL FROM:<${sender}> SIZE=${r.between(900, 80_000)}`
      : `RCPT TO:<${rcpt}>`;
  const lines = replyLines(reply);
  const text = lines.length > 1 && r.chance(0.5) ? lines.join('\\n') : lines.length > 1 ? lines[lines.length - 1]! : reply;
  // Before 4.85 the host was named inside the message (formats.md 1.6, "Pre-4.85 form").
  return r.chance(0.15)
    ? { old: true, text: `SMTP error from remote mail server after ${after}: host ${mx.name} [${mx.ip}]: ${text}` }
    : { old: false, text: `SMTP error from remote mail server after ${after}: ${text}` };
}

function deferral(exim: EximLines, ctx: GenContext, ms: number, id: string, sender: string, rcpt: string, mx: RemoteHost): string {
  const r = ctx.rng;
  const head = `${exim.prefix(ms, id)}== ${rcpt} R=dnslookup T=remote_smtp`;
  const roll = r.next();
  if (roll < 0.08) return `${head} defer (111): Connection refused`;
  if (roll < 0.13) return `${head} defer (110): Connection timed out H=${mx.name} [${mx.ip}]`;
  if (roll < 0.18) return `${head} defer (-53): retry time not reached for any host for '${rcpt.split('@')[1]}'`;
  const reply = ctx.replies.draw(r, 'transient', { ip: ctx.pop.ourIp, rcpt, domain: sender.split('@')[1]! });
  const lines = replyLines(reply.text);
  const text = lines.length > 1 && r.chance(0.5) ? lines.join('\\n') : lines[lines.length - 1]!;
  if (roll < 0.3) return `${head} defer (-44): SMTP error from remote mail server after RCPT TO:<${rcpt}>: host ${mx.name} [${mx.ip}]: ${text}`;
  if (roll < 0.38) return `${head} defer (-46) H=${mx.name} [${mx.ip}]: SMTP error from remote mail server after MAIL FROM:<${sender}> SIZE=${r.between(900, 80_000)}: ${text}`;
  return `${head} defer (-44) H=${mx.name} [${mx.ip}]: SMTP error from remote mail server after RCPT TO:<${rcpt}>: ${text}`;
}

/** The bounce Exim sends back to our local sender: a message of its own, with its own id. */
function bounce(exim: EximLines, ctx: GenContext, ms: number, origId: string, sender: string, out: (line: string, key: string) => void): void {
  const r = ctx.rng;
  const id = exim.messageId(ms);
  out(`${exim.prefix(ms, id)}<= <> R=${origId} U=Debian-exim P=local S=${r.between(2000, 90_000)}`, 'arrival');
  out(`${exim.prefix(ms, id)}=> ${sender.split('@')[0]} <${sender}> R=local_user T=mail_spool`, 'delivery');
  out(`${exim.prefix(ms, id)}Completed`, 'completed');
}
