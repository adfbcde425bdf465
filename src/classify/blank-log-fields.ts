// Blanks the bookkeeping fields of an MTA's delivery log line before a reply text is matched against the
// catalog's phrases.
//
// Admins paste whole delivery lines into `maillens classify` and into bounces they quote:
//   to=<jane@example.org>, relay=none, delay=3, dsn=4.3.0, status=deferred (mail transport unavailable)
// The fields before the reason say where and when (recipient, next hop, delays, the DSN status already
// read as a code), never why; but their names are words, and "to=<…>, relay=…" normalises to "to
// relay", which read as a relay refusal. Only fields whose value is never a reason are blanked (Postfix's
// to, orig_to, relay, delay, delays, dsn, conn_use; sendmail's xdelay, mailer, pri, ctladdr); `status=`
// and sendmail's and OpenSMTPD's `stat=` stay, as do the words in parentheses. A field counts only at the
// start of the text or after a space, comma or semicolon, so `reply=`-like words inside a sentence stay.
const FIELDS = new Set(['to', 'orig_to', 'relay', 'delay', 'delays', 'dsn', 'conn_use', 'xdelay', 'mailer', 'pri', 'ctladdr']);
const FIELD = /(^|[\s,;])([a-z_]+)=(<[^<>]*>|[^\s,;()<>]*)/g;

/** `text` with the bookkeeping fields of a delivery log line replaced by a space (the same string when none). */
export function blankLogFields(text: string): string {
  if (!text.includes('=')) return text;
  return text.replace(FIELD, (all, before: string, name: string) => (FIELDS.has(name) ? `${before} ` : all));
}
