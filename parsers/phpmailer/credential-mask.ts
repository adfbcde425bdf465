// Credentials seen in a transcript never leave the parser (issue 4: "Credentials never stored").
//
// PHPMailer prints what it sends: after `AUTH LOGIN` the base64 user name and password, after `AUTH
// PLAIN` one base64 "\0user\0password", `AUTH XOAUTH2 <token>` inline (SMTP.php authenticate()). From
// v6.0.1 it writes `<credentials hidden>` / `[credentials hidden]` instead, except at level 4 (formats.md
// §3.1); older versions and level 4 show them (corpus lines 42 and 44). Events are built only from reply
// text, MAIL/RCPT addresses and the server name, so those lines never reach an event; this mask is the
// second wall: any remembered secret (and its decoded form) that turns up in an event's text — a
// server echoing the login, a glued line we could not cut — is replaced before the event leaves.

import { HIDDEN_CREDENTIALS as HIDDEN, hideSecrets } from '../../src/util/hide-secrets.js';

/** How many secrets are kept (the latest win): a log holds a few logins, not thousands. */
const MAX_SECRETS = 16;
/** Shorter decoded values are not masked everywhere: "mail" or "1234" would shred ordinary text. */
const MIN_DECODED = 5;
const BASE64 = /^[A-Za-z0-9+/]{4,}={0,2}$/;
// An AUTH command with its initial response, should one ever be inside a text (RFC 4954 §4).
const AUTH_INLINE = /\bAUTH (PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5|NTLM) +[^\s]+/gi;

export class CredentialMask {
  private secrets: string[] = [];

  /** A value the client sent during authentication (the whole payload of the CLIENT line). */
  remember(payload: string): void {
    const value = payload.trim();
    if (value === '' || isHiddenMarker(value)) return;
    this.add(value);
    if (BASE64.test(value) && value.length % 4 === 0) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      // AUTH PLAIN is authzid \0 authcid \0 password (RFC 4616); XOAUTH2 is "user=..\x01auth=Bearer ..".
      for (const part of decoded.split(/[\0\x01]/)) {
        const p = part.startsWith('auth=Bearer ') ? part.slice(12) : part.startsWith('user=') ? part.slice(5) : part;
        if (p.length >= MIN_DECODED) this.add(p);
      }
    }
  }

  /** `text` with every remembered secret and any inline AUTH argument replaced by the hidden marker. */
  mask(text: string): string {
    let out = hideSecrets(text, this.secrets);
    if (out.includes('AUTH ') || out.includes('auth ')) out = out.replace(AUTH_INLINE, (_, mech: string) => `AUTH ${mech} ${HIDDEN}`);
    return out;
  }

  private add(secret: string): void {
    if (secret.length < 4 || this.secrets.includes(secret)) return;
    // A flat copy: the secret must not pin the log chunk it was cut from.
    this.secrets.push((' ' + secret).slice(1));
    if (this.secrets.length > MAX_SECRETS) this.secrets.shift();
    // Longest first, so a password that contains the user name is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }
}

/** PHPMailer's own placeholders: `[credentials hidden]` (v6.1.4+), `<credentials hidden>` (v6.0.1-6.1.3). */
export function isHiddenMarker(value: string): boolean {
  return value === '[credentials hidden]' || value === '<credentials hidden>';
}
