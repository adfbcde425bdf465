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
