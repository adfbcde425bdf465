// Credentials are never stored (README): every reader that meets one in a text it keeps replaces it by
// one marker, PHPMailer's own (v6.1.4+), so a stored text reads the same whatever log it came from.

/** What a credential becomes in a stored text. */
export const HIDDEN_CREDENTIALS = '[credentials hidden]';

/** `text` with every occurrence of each secret replaced by the marker (longest secrets first, if it matters). */
export function hideSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(HIDDEN_CREDENTIALS);
  return out;
}

/** What a blocklist query key becomes in a stored text. */
export const HIDDEN_KEY = '[key hidden]';

// Two blocklist services put the subscriber's key in the query name, as its first label: Spamhaus's Data
// Query Service (`<key>.zen.dq.spamhaus.net`) and Abusix Mail Intelligence
// (`<key>.combined.mail.abusix.zone`, also `mail-beta`). Postfix and Exim write the zone they queried into
// their refusals, key included: a key of whoever runs the server, which anyone holding it can query
// with. Bounded runs: linear.
const QUERY_KEY =
  /(?<![a-z0-9_-])[a-z0-9_]{8,64}(?=\.(?:(?:[a-z0-9-]{1,20}\.){1,3}dq\.spamhaus\.(?:net|com)|[a-z0-9-]{1,20}\.mail(?:-beta)?\.abusix\.zone)(?![a-z0-9-]))/gi;

const KEYED_ZONE_ANY_CASE = /dq\.spamhaus\.|abusix\.zone/i;

/** `text` with every blocklist query key in it (Spamhaus DQS, Abusix) replaced by HIDDEN_KEY; the list's zone stays. */
export function hideQueryKeys(text: string): string {
  // (zones are written as configured, mostly in lower case, but DNS names are case-insensitive and a
  // configuration may spell one `Zen.DQ.Spamhaus.net`; the prefilter keeps this off every other reply)
  // (one case-insensitive regex scan: 40 ms for 700 k rejectlog texts, against 140 ms with two
  // includes() before it)
  if (!KEYED_ZONE_ANY_CASE.test(text)) return text;
  return text.replace(QUERY_KEY, HIDDEN_KEY);
}
