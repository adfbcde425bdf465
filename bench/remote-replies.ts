// Replies that remote servers give us: what Exim's mainlog quotes after `SMTP error from remote mail
// server`, what hMailServer's SMTPC lines receive, what PHPMailer prints after `SERVER -> CLIENT:`.
// Drawn from ../shared/corpus/labeled-replies.tsv (888 real replies with a category), weighted towards the
// categories a mail host sees most, plus a few built-in texts in the shape of the big providers' replies
// (formats.md section 4), so that the generator also works where the corpus is not at hand.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Rng } from './rng.js';
import { Weighted } from './rng.js';

export interface RemoteReply {
  code: number;
  /** The whole reply, starting with its code: `550 5.1.1 <a@b>: Recipient address rejected: ...`. */
  text: string;
  category: string;
}

type Fill = { ip: string; rcpt: string; domain: string };

/** Built-in texts; `{ip}`, `{rcpt}`, `{domain}`, `{id}` are filled in per use. */
const BUILT_IN: readonly [category: string, text: string][] = [
  ['unknown_user', "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser {id} - gsmtp"],
  ['unknown_user', '550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table'],
  ['unknown_user', '550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table'],
  ['unknown_user', '550 5.5.0 Requested action not taken: mailbox unavailable'],
  ['unknown_user', '550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [{id}.prod.protection.outlook.com]'],
  ['unknown_user', '550 No Such User Here'],
  ['quota', '552 5.2.2 <{rcpt}>: Recipient address rejected: Mailbox full'],
  ['quota', '452 4.2.2 The recipient\'s inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp {id} - gsmtp'],
  ['mailbox_disabled', '550 5.2.1 The email account that you tried to reach is disabled. {id} - gsmtp'],
  ['greylisting', '450 4.2.0 <{rcpt}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{domain}.html'],
  ['greylisting', '451 4.7.1 Greylisting in action, please come back later'],
  ['greylisting', '451 4.7.1 Please try again later'],
  ['rate_limit', '421 4.7.0 [TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes'],
  ['rate_limit', '421 4.7.28 Gmail has detected an unusual rate of mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. {id} - gsmtp'],
  ['rate_limit', '452 4.5.3 Too many recipients'],
  ['rbl', '554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/{ip}'],
  ['rbl', "550 5.7.1 Unfortunately, messages from [{ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150)."],
  ['rbl', '451 4.7.650 The mail server [{ip}] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)'],
  ['rbl', "553 5.7.1 [BL21] Connections will not be accepted from {ip}, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes"],
  ['policy', "550 5.7.26 Unauthenticated email from {domain} is not accepted due to domain's DMARC policy. Please contact the administrator of {domain} domain if this was a legitimate mail. {id} - gsmtp"],
  ['policy', '550 5.7.1 <{rcpt}>: Sender address rejected: Access denied'],
  ['relay', '554 5.7.1 <{rcpt}>: Relay access denied'],
  ['reverse_dns_helo', '450 4.7.1 Client host rejected: cannot find your hostname, [{ip}]'],
  ['content', '550 5.7.1 Message rejected as spam by Content Filtering.'],
  ['server_error', '451 4.3.0 Temporary local problem - please try later'],
  ['connection', '421 4.3.2 Service not available, closing transmission channel'],
];

const PERMANENT_WEIGHTS: Record<string, number> = {
  unknown_user: 35, rbl: 10, policy: 10, quota: 8, content: 6, mailbox_disabled: 4, dns: 4, relay: 3, reverse_dns_helo: 3,
  rate_limit: 3, size: 2, auth: 1, bad_address: 1, tls: 1, protocol: 1, server_error: 1, other: 1, loop: 0.5, virus: 0.5,
};
const TRANSIENT_WEIGHTS: Record<string, number> = {
  greylisting: 30, rate_limit: 20, rbl: 15, quota: 8, server_error: 8, policy: 5, reverse_dns_helo: 5, connection: 5, dns: 4, other: 2,
};

interface Entry {
  code: number;
  text: string;
  category: string;
}

export class RemoteReplies {
  private readonly permanent: Weighted<Entry[]>;
  private readonly transient: Weighted<Entry[]>;

  constructor(entries: readonly Entry[]) {
    this.permanent = byCategory(entries.filter((e) => e.code >= 500), PERMANENT_WEIGHTS);
    this.transient = byCategory(entries.filter((e) => e.code >= 400 && e.code < 500), TRANSIENT_WEIGHTS);
  }

  draw(rng: Rng, kind: 'permanent' | 'transient', fill: Fill): RemoteReply {
    const group = (kind === 'permanent' ? this.permanent : this.transient).draw(rng);
    const entry = group[rng.skewed(group.length, 1.6)]!;
    const text = entry.text.includes('{')
      ? entry.text.replaceAll('{ip}', fill.ip).replaceAll('{rcpt}', fill.rcpt).replaceAll('{domain}', fill.domain).replaceAll('{id}', rng.hex(12))
      : entry.text;
    return { code: entry.code, text, category: entry.category };
  }
}

function byCategory(entries: readonly Entry[], weights: Record<string, number>): Weighted<Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const list = groups.get(e.category) ?? [];
    list.push(e);
    groups.set(e.category, list);
  }
  return new Weighted([...groups].map(([category, list]) => [list, weights[category] ?? 0.3] as const));
}

export interface ReplyCorpus {
  replies: RemoteReplies;
  /** Short hash of the corpus file (part of the cache key), or 'builtin' when it was not found. */
  version: string;
  rows: number;
}

/** Reads the labeled replies (or falls back to the built-in texts alone). */
export function loadReplyCorpus(tsvPath: string | null): ReplyCorpus {
  const builtIn: Entry[] = BUILT_IN.map(([category, text]) => ({ category, text, code: Number(text.slice(0, 3)) }));
  if (!tsvPath || !existsSync(tsvPath)) return { replies: new RemoteReplies(builtIn), version: 'builtin', rows: 0 };
  const raw = readFileSync(tsvPath, 'utf8');
  const rows = parseLabeledReplies(raw);
  return {
    replies: new RemoteReplies([...builtIn, ...rows]),
    version: createHash('sha1').update(raw).digest('hex').slice(0, 8),
    rows: rows.length,
  };
}

/**
 * The reply itself out of a labeled row. Many rows are bounce diagnostics that wrap the reply
 * (`host mx.example[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO command)`): we keep the part a
 * log line would show. A row without a code gets its labeled code in front; rows with no code at all
 * (connection failures, retry timeouts) are not replies and are left out.
 */
export function parseLabeledReplies(tsv: string): Entry[] {
  const out: Entry[] = [];
  const lines = tsv.split('\n');
  const header = lines[0]?.split('\t') ?? [];
  const col = (name: string) => header.indexOf(name);
  const [iText, iBasic, iEnh, iCat] = [col('text'), col('basic_code'), col('enhanced_code'), col('category')];
  if (iText < 0 || iBasic < 0 || iCat < 0) return out;
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    if (f.length <= iCat) continue;
    let text = f[iText]!.trim();
    const wrapped = / said: (.+?)(?: \(in reply to [^)]*\))?$/.exec(text) ?? / refused to talk to me: (.+)$/.exec(text) ?? /: host \S+ \[[^\]]+\]: (.+)$/.exec(text);
    if (wrapped) text = wrapped[1]!;
    // Postfix's bounce note on where the reply came, not part of it.
    text = text.replace(/\s*\(in reply to [^)]*\)/g, '').trim();
    // ... and the closing parenthesis of a `status=deferred (host ... said: ...)` wrapper around it.
    if (text.endsWith(')') && text.split(')').length > text.split('(').length) text = text.slice(0, -1);
    if (/status=|following address\(es\) failed|^\s*$/.test(text) || text.length > 500) continue;
    const basic = f[iBasic]!.trim();
    const enh = iEnh >= 0 ? f[iEnh]!.trim() : '';
    if (!/^[245]\d\d[ -]/.test(text)) {
      if (!/^[245]\d\d$/.test(basic)) continue;
      text = `${basic} ${enh ? `${enh} ` : ''}${text}`;
    }
    out.push({ code: Number(text.slice(0, 3)), text, category: f[iCat]!.trim() });
  }
  return out;
}

/**
 * A long reply as the server sent it, in several lines (`550-5.1.1 first part`, ..., `550 5.1.1 last`),
 * the way Gmail and others answer. One line when it is short or does not start with a code.
 */
export function replyLines(text: string, width = 72): string[] {
  const m = /^([245]\d\d)[ -](?:([245]\.\d{1,3}\.\d{1,3}) )?/.exec(text);
  if (!m || text.length <= width + 10) return [text];
  const code = m[1]!;
  const enh = m[2] ? `${m[2]} ` : '';
  const words = text.slice(m[0].length).split(' ');
  const lines: string[] = [];
  let current = '';
  for (const w of words) {
    if (current && current.length + w.length + 1 > width) {
      lines.push(current);
      current = w;
    } else current = current ? `${current} ${w}` : w;
  }
  if (current) lines.push(current);
  return lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${enh}${l}`);
}
