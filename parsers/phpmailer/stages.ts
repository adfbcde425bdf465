// Which SMTP stage a PHPMailer command belongs to (RFC 5321 §4.1 order; names from SMTP.php).
import type { Stage } from '../../src/model/labels.js';

/** The commands a transcript follows; body lines and credentials are not commands. */
export type Command = 'EHLO' | 'STARTTLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA' | 'DATA END' | 'QUIT' | 'OTHER';

export function stageOfCommand(command: Command): Stage {
  switch (command) {
    case 'EHLO':
      return 'helo';
    case 'STARTTLS':
      return 'tls';
    case 'AUTH':
      return 'auth';
    case 'MAIL':
      return 'mail';
    case 'RCPT':
      return 'rcpt';
    case 'DATA':
    case 'DATA END':
      return 'data';
    default:
      return 'other';
  }
}

/**
 * The `<COMMAND>` of `SMTP ERROR: <COMMAND> command failed` (SMTP.php sendCommand() callers: EHLO,
 * HELO, STARTTLS, AUTH, Username, Password, User & Password, AUTH CRAM-MD5, OAuth TOKEN, MAIL FROM,
 * RCPT TO, DATA, DATA END, RSET, QUIT, NOOP, VRFY, XCLIENT, SAML) and the v5.2.x `<CMD> not accepted
 * from server` names (RCPT, MAIL, DATA, EHLO, HELO, AUTH, Username, Password, STARTTLS).
 */
export function commandOfFailure(name: string): Command {
  const n = name.trim().toUpperCase();
  if (n === 'EHLO' || n === 'HELO') return 'EHLO';
  if (n === 'STARTTLS') return 'STARTTLS';
  if (n.startsWith('AUTH') || n === 'USERNAME' || n === 'PASSWORD' || n === 'USER & PASSWORD' || n.startsWith('OAUTH')) return 'AUTH';
  if (n.startsWith('MAIL') || n === 'SAML') return 'MAIL';
  if (n.startsWith('RCPT')) return 'RCPT';
  if (n === 'DATA END') return 'DATA END';
  if (n.startsWith('DATA')) return 'DATA';
  if (n === 'QUIT') return 'QUIT';
  return 'OTHER';
}

/** The verb of a `CLIENT -> SERVER:` command line. */
export function commandOfLine(payload: string): Command {
  let end = 0;
  while (end < payload.length && end < 12) {
    const c = payload.charCodeAt(end);
    if (c === 32 || c === 58 || c === 9) break;
    end++;
  }
  const verb = payload.slice(0, end).toUpperCase();
  switch (verb) {
    case 'EHLO':
    case 'HELO':
      return 'EHLO';
    case 'STARTTLS':
      return 'STARTTLS';
    case 'AUTH':
      return 'AUTH';
    case 'MAIL':
    case 'SAML':
      return 'MAIL';
    case 'RCPT':
      return 'RCPT';
    case 'DATA':
      return 'DATA';
    case 'QUIT':
      return 'QUIT';
    default:
      return 'OTHER';
  }
}
