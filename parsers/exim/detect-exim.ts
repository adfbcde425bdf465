// How much the first lines of an input look like an Exim mainlog or rejectlog: a timestamp followed
// by something only Exim writes (a message id, a log flag, `H=`/`U=`/`F=` fields, its fixed phrases),
// or a syslog line tagged exim[pid], or the `LOG:` line of Exim's debug output. Header lines of
// rejectlog entries neither count for nor against.
import { debugLogHeader } from './debug-output.js';
import { isBlockShaped } from './is-block-shaped.js';
import { parsePrefix } from './parse-prefix.js';

const FLAGS = ['<= ', '=> ', '-> ', '** ', '== ', '*> ', '>> ', '(= '];
const STARTS = [
  'H=',
  'U=',
  'F=',
  'DS H=',
  'SMTP connection ',
  'SMTP call from ',
  'SMTP protocol ',
  'SMTP syntax error',
  'SMTP command timeout',
  'SMTP data timeout',
  'Start queue run',
  'End queue run',
  'no MAIL in ',
  'no host name found',
  'no IP address found',
  'rejected ',
  'temporarily rejected ',
  'refused connection from',
  'Connection from ',
  'TLS error on connection',
  'exim ',
  'Completed',
  'too many recipients',
  // the daemon's own lines (exim src/src/daemon.c, exim.c): a mainlog or paniclog can hold nothing
  // else when the daemon fails to start or starts on a host without IPv6
  'socket bind() to port ',
  'IPv6 socket creation failed',
  'IPv4 socket creation failed',
  'listen() failed on interface ',
  'Warning: purging the environment',
];

function looksLikeExim(t: string): boolean {
  for (const f of FLAGS) if (t.startsWith(f)) return true;
  for (const s of STARTS) if (t.startsWith(s)) return true;
  if (t.includes(' authenticator failed') || t.includes('SMTP protocol synchronization error')) return true;
  // a message log (`exim -Mvl`, spool/msglog/<id>): it opens with the arrival, and its deferrals carry
  // no `==` flag (read-inbound.ts readMessageLog)
  if (t.startsWith('Received from ')) return t.includes(' P=');
  if (t.startsWith('routing failed for ')) return true;
  const defer = t.indexOf(' defer (');
  return defer > 0 && (t.lastIndexOf(' T=', defer) > 0 || t.lastIndexOf(' R=', defer) > 0);
}

export function detectExim(firstLines: readonly string[]): number {
  let considered = 0;
  let strong = 0;
  for (const raw of firstLines) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim().length === 0) continue;
    // Exim's debug output (`docker logs` of an Exim image run with -v): its `LOG:` lines are Exim's
    // alone; the entries after them are indented, so they count neither way (debug-output.ts)
    if (text.includes('LOG: ') && debugLogHeader(text) !== null) {
      considered++;
      strong++;
      continue;
    }
    const prefix = parsePrefix(text);
    if (!prefix) {
      if (!isBlockShaped(text)) considered++;
      continue;
    }
    considered++;
    // PHPMailer debug output also starts with "YYYY-MM-DD HH:MM:SS", its label right after the stamp;
    // the label further on is text others chose (a HELO argument, a remote reply) in an Exim line
    if (labelAt(text, prefix.body)) continue;
    if (prefix.messageId !== null || prefix.unwrapped > 0 || looksLikeExim(text.slice(prefix.body))) strong++;
  }
  if (considered === 0 || strong === 0) return 0;
  return Math.min(1, 0.3 + 0.7 * (strong / considered));
}

/** PHPMailer's `SERVER -> CLIENT` / `CLIENT -> SERVER` label at `at` (after blanks). */
function labelAt(text: string, at: number): boolean {
  let i = at;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return text.startsWith('SERVER -> CLIENT', i) || text.startsWith('CLIENT -> SERVER', i);
}
