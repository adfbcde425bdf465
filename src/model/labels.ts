// The closed vocabularies of maillens: reply classes, categories, SMTP stages, directions, log formats.
// Ids and meanings follow ../shared/corpus/LABELS.md so that our output, the labeled corpus and the
// SQL CHECK constraints in migrations/ all speak the same language. Change them only with a migration.

export const REPLY_CLASSES = ['permanent', 'transient', 'success', 'info', 'unknown'] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];

export const CLASS_MEANINGS: Record<ReplyClass, string> = {
  permanent: 'refused for good (5xx): retrying the same thing will fail again',
  transient: 'refused for now (4xx), or a failure without reply that a retry may cure',
  success: 'the reply reports success (2xx)',
  info: 'an intermediate reply (1xx, 3xx such as 354): the dialogue goes on',
  unknown: 'no reply code and nothing else that says which',
};

export const CATEGORIES = [
  'greylisting',
  'rbl',
  'auth',
  'quota',
  'relay',
  'unknown_user',
  'mailbox_disabled',
  'bad_address',
  'dns',
  'size',
  'content',
  'virus',
  'policy',
  'reverse_dns_helo',
  'rate_limit',
  'protocol',
  'tls',
  'connection',
  'server_error',
  'loop',
  'expired',
  'success',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_MEANINGS: Record<Category, string> = {
  greylisting: 'deferred on purpose so that a genuine sender comes back later',
  rbl: 'the client IP or sender domain is on a DNS blocklist, or has a poor reputation at the receiver',
  auth: 'SMTP authentication was required, refused or failed',
  quota: 'the recipient mailbox is full or over quota, or a sending quota is used up',
  relay: 'the server will not relay mail for this client',
  unknown_user: 'the recipient does not exist',
  mailbox_disabled: 'the mailbox exists but is disabled, suspended or inactive',
  bad_address: 'an address is syntactically invalid or missing',
  dns: 'a domain or host does not resolve, or has no usable MX',
  size: 'the message is too large',
  content: 'refused for what the message contains: spam score, content filter, malformed message',
  virus: 'a virus or other malware was found',
  policy: 'local policy or sender authentication (SPF, DKIM, DMARC) refused the mail or the sender',
  reverse_dns_helo: "the client's reverse DNS or HELO/EHLO name is missing, invalid or forged",
  rate_limit: 'too many connections, messages or recipients for now',
  protocol: 'the SMTP dialogue itself went wrong (unknown command, bad syntax, bad sequence)',
  tls: 'TLS was required, unavailable or failed',
  connection: 'the connection could not be made or was lost',
  server_error: 'a fault on the server side: local processing error, full disk, configuration error',
  loop: 'a mail loop or too many hops',
  expired: 'delivery gave up after retrying, without a reply code of its own',
  success: 'the reply reports success',
  other: 'nothing more specific fits, or the text is too generic to tell',
};

// Where in the SMTP dialogue the reply was given (RFC 5321 section 4.1 command order).
export const STAGES = ['connect', 'helo', 'auth', 'mail', 'rcpt', 'data', 'tls', 'other'] as const;
export type Stage = (typeof STAGES)[number];

// inbound: our server refused a client; outbound: a remote server refused our mail (or our mail could
// not reach one); local: this host's own delivery of mail it had accepted failed (a mailbox, file or
// pipe, or an LMTP/LDA server on this host: a full mailbox, a failing command). Local is Exim's alone
// (parsers/exim/read-delivery.ts); migrations/004 added it.
export const DIRECTIONS = ['inbound', 'outbound', 'local'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const FORMATS = ['exim', 'hmailserver', 'phpmailer'] as const;
export type LogFormat = (typeof FORMATS)[number];

// seen: the code is written in the log line; inferred: the log has no code and we record the one the
// software sends by default (see parsers/exim.ts); none: no SMTP code applies (errno, lost connection).
export const CODE_SOURCES = ['seen', 'inferred', 'none'] as const;
export type CodeSource = (typeof CODE_SOURCES)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isReplyClass(value: string): value is ReplyClass {
  return (REPLY_CLASSES as readonly string[]).includes(value);
}
