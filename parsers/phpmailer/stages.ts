// Which SMTP stage a PHPMailer command belongs to (RFC 5321 §4.1 order; names from SMTP.php).
import type { Stage } from '../../src/model/labels.js';
import { codeAt } from './code-at.js';
import { startsAt } from './markers.js';

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
  // Clients write the verb in capitals: then it is known without copying it (the same answer as below).
  const capital = capitalVerb(codeAt(payload, 0));
  if (capital !== null && startsAt(payload, capital, 0)) {
    const c = codeAt(payload, capital.length);
    if (c === -1 || c === 32 || c === 58 || c === 9) return commandOfVerb(capital);
  }
  let end = 0;
  while (end < payload.length && end < 12) {
    const c = payload.charCodeAt(end);
    if (c === 32 || c === 58 || c === 9) break;
    end++;
  }
  return commandOfVerb(payload.slice(0, end).toUpperCase());
}

/** The verb that a command starting with the letter `c` would have, in capitals (only SAML is left out). */
function capitalVerb(c: number): string | null {
  switch (c) {
    case 69: // E
      return 'EHLO';
    case 72: // H
      return 'HELO';
    case 83: // S
      return 'STARTTLS';
    case 65: // A
      return 'AUTH';
    case 77: // M
      return 'MAIL';
    case 82: // R
      return 'RCPT';
    case 68: // D
      return 'DATA';
    case 81: // Q
      return 'QUIT';
    default:
      return null;
  }
}

function commandOfVerb(verb: string): Command {
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
