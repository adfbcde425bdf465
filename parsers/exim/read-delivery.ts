// Mainlog lines about our own deliveries: failures `**`, deferrals `==`, and the flagless per-host
// lines the smtp transport writes for each host that gave a temporary error. A delivery that was to
// leave this host is outbound; one on this host (a mailbox, file or pipe, an LMTP server on a loopback
// address) is local (isLocalDelivery below).
//
//   ** addr[ <top>][ F=<s>][ P=<rp>] R=r T=t[ H=name [ip]:port[*]][ X=.. CV=..] : message
//      (exim src/src/deliver.c failure_log; before 4.9x the separator is ": " without the space)
//   == addr[ <top>] R=r T=t defer (errno)[: strerror][ H=name [ip]][ DT=..][: message]
//      (deliver.c deferral_log; `(errno)` is an errno or Exim-internal number, never a reply code)
//   <id> H=name [ip][:port]: SMTP error from remote mail server after RCPT TO:<x>: 451 ...
//   <id> H=name [ip] Connection refused          (transports/smtp.c write_logs)
// Exim releases before 4.85 put the host inside the message: "...: host NAME [IP]: 451 ..."
// (formats.md 1.6, corpus lines 66 and 86), "Remote host NAME [IP] closed connection in response to
// EHLO x", "SMTP timeout while connected to NAME [IP] after ..." (transports/smtp.c check_response).
import { parseFullHost, readAddress, type HostFields } from './parse-host-fields.js';
import { IGNORED, draft, type Draft, type LineFact } from './line-fact.js';
import { cap, MAX_ADDRESS, parseRemoteFailure } from './parse-reply.js';

/** A `**` (failed) or `==` (deferred) delivery line; `t` starts at the flag. */
export function readDelivery(t: string): LineFact {
  return t.charCodeAt(0) === 42 ? readFailure(t) : readDeferral(t);
}

/** Deferrals that report no attempt (a retry time not yet reached, delivery queued by config). */
const NOT_AN_ATTEMPT = [
  'retry time not reached',
  'retry time not yet reached',
  'delivery explicitly queued',
  'first-pass only routing',
  'domain is in queue_domains',
  'domain is held',
  'reusing smtp connection skips previous routing defer',
  'concurrency limit reached for transport',
  'connection limit reached for all hosts',
  // deliver.c: the message was queued by configuration (queue_smtp_domains, or -odqs), not tried
  'domain matches queue_smtp_domains',
];

/** Failures that say the retry period ran out; they carry no reply of their own. */
function isExpiry(message: string): boolean {
  return message.startsWith('retry timeout exceeded') || (message.startsWith('all hosts for ') && message.includes('have been failing for a long time'));
}

/** Messages a per-host line can carry (transports/smtp.c); anything else is not a per-host line. */
const PER_HOST_STARTS = [
  'SMTP error from remote mail',
  'SMTP timeout after',
  'SMTP protocol error',
  'LMTP error after',
  'LMTP timeout after',
  'PRDR error after',
  'Remote host closed connection',
  // before 4.85 (transports/smtp.c check_response) these two name the host inside the message, and
  // write_logs() logs the message as it is: `<id> Remote host mx.example.com [192.0.2.1] closed
  // connection in response to EHLO x`, `<id> SMTP timeout while connected to mx.example.com
  // [192.0.2.1] after end of data (812 bytes written): Connection timed out`
  'Remote host ',
  'SMTP timeout while connected to ',
  'Malformed SMTP reply',
  'Connection refused',
  'Connection timed out',
  // the BSD/macOS strerror texts of ETIMEDOUT and EHOSTDOWN (an Exim on FreeBSD logs these)
  'Operation timed out',
  'Host is down',
  'Connection reset',
  'Network',
  'No route to host',
  // EADDRNOTAVAIL: no local address of the host's family, typically an AAAA host tried from a machine
  // or container without IPv6 (Linux and BSD wording; tianon/dockerfiles#116, probe-exim-8)
  'Cannot assign requested address',
  "Can't assign requested address",
  'TLS session',
  'TLS error',
  'a TLS session is required',
];

/**
 * Words of the failures Exim's local transports and redirect router write (transports/appendfile.c,
 * pipe.c, transport.c, routers/redirect.c): a mailbox, file, directory or lock, a pipe command, a
 * user's .forward or filter. Remote failures name a host or a remote reply instead.
 */
const LOCAL_FAILURE =
  /mailbox|quota exceeded|maildir|mbx |lock ?file|failed to lock|regular file|no such file or directory|permission denied|no space left on device|error while writing to|while (?:creating|opening|renaming)|is not a directory|directory|child process of|transport returned|command not found for|\bpipe\b|(?:unable|failed) to exec|return message generated|tainted|redirect data|filter file|forward file|\.forward|absolute path|(?:file|pipe) forbidden|never_users|\blmtp\b/i;

/**
 * What says a delivery failure came from a remote server even without `H=`: pre-4.85 lines name the
 * host in the message (`host mx.example.com [192.0.2.1]: 550 ...`); the lmtp transport, which talks
 * to a socket or command on this host, writes no host.
 */
const REMOTE_FAILURE = /remote mail server|SMTP (?:error|timeout|protocol)|host [^ ]+ \[|have been failing/i;

/**
 * Transport names of local deliveries in Exim's default and distribution configurations (mail_spool,
 * maildir_home, address_pipe, address_file, local_delivery, dovecot_lmtp, procmail_pipe...), for a
 * failure whose words say nothing of where it was (`retry timeout exceeded`). A name that mentions
 * smtp or remote is the smtp transport's.
 */
const LOCAL_TRANSPORT = /spool|maildir|mailbox|pipe|file|lmtp|dovecot|procmail|maildrop|local|virtual_delivery|directory|address_reply/i;
const REMOTE_TRANSPORT = /smtp|remote/i;

/**
 * Whether a failed or deferred delivery was one on this host: a loopback (or socket) address in its
 * `H=`, or no `H=` and a message in the words of the local transports (a full mailbox, a lock, a
 * pipe command). A delivery with a remote address, a routing failure (`Unrouteable address`) and
 * anything unsure stay outbound: they are mail that was to leave this host.
 */
export function isLocalDelivery(host: { name: string | null; ip: string | null } | null, transport: string | null, message: string): boolean {
  if (host !== null) {
    if (host.ip !== null) return isLoopbackIp(host.ip) || host.ip.startsWith('/');
    return host.name === 'localhost';
  }
  if (REMOTE_FAILURE.test(message)) return false;
  // the smtp transport failing before it reached a host (a file its options name: `failed to expand
  // "interface" option for remote_smtp transport: failed to open ...: Permission denied`, hestiacp#2087;
  // EPIPE's "Broken pipe") is mail that was to leave this host, whatever its words
  if (transport !== null && REMOTE_TRANSPORT.test(transport)) return false;
  if (LOCAL_FAILURE.test(message)) return true;
  return transport !== null && LOCAL_TRANSPORT.test(transport);
}

/** The transport a delivery line names (` T=name`) between `from` and `to`, or null. */
function transportOf(t: string, from: number, to: number): string | null {
  const at = t.indexOf(' T=', from);
  if (at < 0 || at >= to) return null;
  let end = at + 3;
  while (end < to && t.charCodeAt(end) !== 32 && t.charCodeAt(end) !== 58) end++;
  return t.slice(at + 3, end);
}

/** 127.0.0.0/8, ::1 or ::ffff:127.x (Dovecot LMTP, an LDA or a filter proxy on this host). */
export function isLoopbackIp(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

export function serverOf(name: string | null, ip: string | null): string | null {
  if (ip === null) return name;
  return `${name ?? ip} [${ip}]`;
}

/** The address a delivery line is about, and where its token ends. */
function readDeliveryAddress(t: string, at: number): { recipient: string | null; end: number } {
  let end = t.indexOf(' ', at);
  if (end < 0) end = t.length;
  let token = t.slice(at, end);
  if (token.endsWith(':') && token.includes('@')) {
    // "** addr: retry timeout exceeded"
    token = token.slice(0, -1);
    end--;
  }
  const c = token.charCodeAt(0);
  const plain = token.includes('@') && c !== 124 && c !== 47 && c !== 58 && c !== 34 && c !== 62;
  if (plain) return { recipient: cap(token, MAX_ADDRESS), end };
  // a pipe, file, :fail: or other local item: use the original address that follows in <...>
  const lt = t.indexOf(' <', at);
  if (lt >= 0) {
    const [top] = readAddress(t, lt + 1);
    if (top.includes('@')) return { recipient: cap(top, MAX_ADDRESS), end };
  }
  return { recipient: token.includes('@') ? cap(token, MAX_ADDRESS) : null, end };
}

/** First ": " at or after `from`, not inside <...> or "..." (addresses may hold ": "). */
function findSeparator(t: string, from: number): number {
  for (let i = from; i < t.length - 1; i++) {
    const c = t.charCodeAt(i);
    if (c === 60 || c === 34) {
      const close = t.indexOf(c === 60 ? '>' : '"', i + 1);
      if (close < 0) return t.indexOf(': ', i);
      i = close;
    } else if (c === 58 && t.charCodeAt(i + 1) === 32) return i;
  }
  return -1;
}

function outboundFrom(message: string, server: string | null): Draft {
  const r = parseRemoteFailure(message);
  const d = draft('outbound', r.stage);
  d.code = r.code;
  d.enhanced = r.enhanced;
  d.codeSource = r.code === null ? 'none' : 'seen';
  d.text = r.text;
  d.server = server ?? r.server;
  return d;
}

/** `** ...` (text starts at the flag). */
export function readFailure(t: string): LineFact {
  const addr = readDeliveryAddress(t, 3);
  const sep = findSeparator(t, addr.end);
  const fieldsEnd = sep < 0 ? t.length : sep;
  let message = sep < 0 ? t.slice(addr.recipient === null ? 3 : addr.end).trim() : t.slice(sep + 2).trim();
  // +deliver_time puts ` DT=<duration>` after the message (4.98 log, mta-log-parser#22)
  const dt = message.lastIndexOf(' DT=');
  if (dt > 0 && message.indexOf(' ', dt + 4) < 0) message = message.slice(0, dt);
  let server: string | null = null;
  let sender: string | null = null;
  let host: ReturnType<typeof parseFullHost> | null = null;
  const hAt = t.indexOf(' H=', addr.end);
  if (hAt >= 0 && hAt < fieldsEnd) {
    const h = parseFullHost(t, hAt + 3);
    server = serverOf(h.name, h.ip);
    host = h;
  }
  const fAt = t.indexOf(' F=<', addr.end);
  if (fAt >= 0 && fAt < fieldsEnd) sender = cap(readAddress(t, fAt + 3)[0], MAX_ADDRESS);
  if (message.length === 0) message = 'delivery failed';
  const d = outboundFrom(message, server);
  if (isLocalDelivery(host, transportOf(t, addr.end, fieldsEnd), message)) d.direction = 'local';
  d.recipient = addr.recipient;
  d.sender = sender;
  d.classHint = 'permanent'; // Exim gave up on this address (a bounce follows)
  return { kind: 'reply', draft: d, role: isExpiry(message) ? 'expired' : 'delivery', twin: false };
}

function hasStrerror(errno: string): boolean {
  const n = Number(errno);
  // test-suite logs write "(dd)"/"(EEE)" for positive system errnos
  return Number.isNaN(n) || n > 0;
}

/** `== ...` (text starts at the flag). */
export function readDeferral(t: string): LineFact {
  const addr = readDeliveryAddress(t, 3);
  const deferAt = t.indexOf(' defer (', addr.end - 1);
  if (deferAt < 0) return IGNORED;
  const close = t.indexOf(')', deferAt + 8);
  if (close < 0) return IGNORED;
  const errno = t.slice(deferAt + 8, close);
  let p = close + 1;
  let strerror = '';
  if (t.startsWith(': ', p) && hasStrerror(errno)) {
    const s = p + 2;
    let end = t.length;
    for (const stop of [' H=', ': ', ' DT=']) {
      const i = t.indexOf(stop, s);
      if (i >= 0 && i < end) end = i;
    }
    strerror = t.slice(s, end);
    p = end;
  }
  let server: string | null = null;
  let host: ReturnType<typeof parseFullHost> | null = null;
  if (t.startsWith(' H=', p)) {
    const h = parseFullHost(t, p + 3);
    server = serverOf(h.name, h.ip);
    p = h.end;
    host = h;
  }
  if (t.startsWith(' DT=', p)) {
    const sp = t.indexOf(' ', p + 4);
    const colon = t.indexOf(': ', p + 4);
    p = colon >= 0 && (sp < 0 || colon < sp) ? colon : sp < 0 ? t.length : sp;
  }
  let message = t.startsWith(': ', p) ? t.slice(p + 2).trim() : '';
  // a connect failure's message is just the host again (`defer (113): No route to host
  // H=mx [ip]: mx [ip]`, hestiacp#3381): the strerror is the whole story
  if (server !== null && message === server && strerror) message = '';
  const composite =
    message && strerror && !message.endsWith(strerror) ? `${message}: ${strerror}` : message || strerror || `defer (${errno})`;
  const lower = composite.slice(0, 200).toLowerCase();
  for (const phrase of NOT_AN_ATTEMPT) if (lower.includes(phrase)) return IGNORED;
  const d = outboundFrom(composite, server);
  if (isLocalDelivery(host, transportOf(t, addr.end, deferAt + 1), composite)) d.direction = 'local';
  d.classHint = 'transient'; // a deferral: Exim tries again later
  d.recipient = addr.recipient;
  return { kind: 'reply', draft: d, role: 'delivery', twin: false, deferral: true };
}

/**
 * A per-host line (no flag, with a message id): `H=name [ip]: message` / `H=name [ip] strerror`,
 * or just `SMTP error from remote mail server after ...` when the host part is missing. Returns
 * null when the text after the host is not a delivery failure.
 */
export function readPerHost(t: string, host: HostFields | null, messageId: string | null): LineFact | null {
  let message: string;
  if (host) {
    const p = host.end;
    message = t.startsWith(': ', p) ? t.slice(p + 2) : t.slice(p);
  } else message = t;
  let known = false;
  for (const start of PER_HOST_STARTS) {
    if (message.startsWith(start)) {
      known = true;
      break;
    }
  }
  if (!known || messageId === null) return null;
  const d = outboundFrom(message.trim(), host ? serverOf(host.name, host.ip) : null);
  // the smtp transport speaking LMTP (or SMTP) to a server on this host: Dovecot, an LDA, a filter
  if (host && isLocalDelivery(host, null, message)) d.direction = 'local';
  // before 4.85 the host can be inside the message (`Remote host localhost [127.0.0.1] closed connection
  // ...`, `SMTP timeout while connected to 127.0.0.1 [127.0.0.1] after ...`, `...: host 127.0.0.1
  // [127.0.0.1]: 451 ...`): a loopback one is on this host too, as the same era's `localhost [127.0.0.1]
  // Connection refused` is (readBareHost). (A `==`/`**` line alone still reads such a host as outbound.)
  else if (!host && d.server !== null && d.server.endsWith(']') && isLoopbackIp(d.server.slice(d.server.lastIndexOf('[') + 1, -1))) {
    d.direction = 'local';
  }
  // a RCPT failure names its recipient (`after RCPT TO:<a@b>:`); the `==` line, if one follows, agrees
  if (d.stage === 'rcpt') {
    const at = message.indexOf('RCPT TO:<');
    if (at >= 0) {
      const close = message.indexOf('>', at + 9);
      if (close > at + 9) d.recipient = cap(message.slice(at + 9, close), MAX_ADDRESS);
    }
  }
  return { kind: 'reply', draft: d, role: 'perhost', twin: false };
}
