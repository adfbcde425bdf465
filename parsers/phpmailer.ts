// PHPMailer SMTP debug transcripts (SMTPDebug 1-4) in every Debugoutput mode: echo (`Y-m-d H:i:s<TAB>`),
// html (`Y-m-d H:i:s ` + entities + `<br>`), error_log (behind PHP's or the web server's error-log
// prefix), with or without PHPMailer's timestamp, and the pre-5.2.8 `SMTP -> FROM SERVER:` form
// (formats.md §3). Every event is outbound: PHPMailer is the client. The line forms are read in
// phpmailer/read-entry.ts, the transcripts followed in phpmailer/transcript-parser.ts.
import { skipBlanks } from './phpmailer/code-at.js';
import { startsWithMarker, startsWithStamp } from './phpmailer/markers.js';
import { stripOuterPrefix } from './phpmailer/outer-prefix.js';
import { findPhrase } from './phpmailer/summary-phrases.js';
import { PhpMailerParser } from './phpmailer/transcript-parser.js';
import type { ParserModule } from './types.js';

/** Labels only PHPMailer's SMTP class writes (html-escaped too: html output saved as text). */
const STRONG = [
  'SERVER -> CLIENT:',
  'CLIENT -> SERVER:',
  'SMTP ERROR:',
  'SMTP -> FROM SERVER:',
  'CLIENT -> SMTP:',
  'SMTP -> ERROR:',
  'SMTP INBOUND:',
  'SMTP -> get_lines()',
  'SERVER -&gt; CLIENT:',
  'CLIENT -&gt; SERVER:',
];

/** PHPMailer's connection messages (SMTP.php connect() and errorHandler()). */
const WEAK = ['Connection: opening to ', 'Connection failed. Error #', 'Connection: Failed to connect to server. Error number '];

/**
 * Whether a line's label is where PHPMailer puts it: first, after its own `Y-m-d H:i:s` stamp if any
 * (echo and html modes), or anywhere behind a known error-log wrapper (error_log mode, Monolog,
 * Apache, nginx). Elsewhere it is text others chose inside another log's line, and counts as weak
 * evidence only: found in a hostile-input review, three `rejected EHLO ... SERVER -> CLIENT:` lines (a
 * HELO argument) or three header lines of a spam (`  Subject: SERVER -> CLIENT: ...`, which Exim's
 * rejectlog copies) at the top of a real Exim log had it read as PHPMailer and its 792 refusals lost.
 */
function labelAtEntry(line: string): 'entry' | 'indented' | null {
  if (stripOuterPrefix(line) !== null) return 'entry';
  const first = skipBlanks(line, 0);
  let at = first;
  if (startsWithStamp(line, at)) at = skipBlanks(line, at + 19);
  const label = startsWithMarker(line, at) || line.startsWith('SERVER -&gt; CLIENT:', at) || line.startsWith('CLIENT -&gt; SERVER:', at) || line.startsWith('SMTP -&gt; ', at);
  if (!label) return null;
  // Indented with nothing before the label: a transcript pasted as a Markdown code block, or the
  // continuation of a folded header that Exim's rejectlog copies with its leading blank (a review: three
  // folded `\tSERVER -> CLIENT: 2` lines of a spam still had a real Exim log read as PHPMailer).
  return first > 0 && at === first ? 'indented' : 'entry';
}

/**
 * An Exim log line: its stamp, then a message id (`1totE7-Bqp4GIq2jta-74sH`, `1aQrOE-0004A7-TL`), a
 * process id `[1234]` or a host `H=`: what PHPMailer never writes after its own stamp.
 */
const EXIM_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3})? (?:\[\d+\] |[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} |H=)/;

const parser: ParserModule = {
  format: 'phpmailer',
  describe: 'PHPMailer SMTP debug output (SMTPDebug 1-4; echo, html or error_log mode; ErrorInfo lines)',

  /**
   * Any line with a debug label is decisive, however few: in a PHP error log PHPMailer's lines are
   * usually a minority among warnings and notices, so all given lines are looked at, not a ratio.
   */
  detect(firstLines: readonly string[]): number {
    let strong = 0;
    let weak = 0;
    let indented = 0;
    let eximLines = 0;
    for (const line of firstLines) {
      if (EXIM_LINE.test(line)) eximLines++;
      if ((line.includes('->') || line.includes('SMTP')) && STRONG.some((m) => line.includes(m))) {
        const where = labelAtEntry(line);
        if (where === 'entry') strong++;
        else if (where === 'indented') indented++;
        else weak++;
      }
      // PHPMailer-class messages and ErrorInfo in any language PHPMailer ships: an application log of
      // failed sends (phpmailer/summary-phrases.ts).
      // SMTP::errorHandler's PHP warnings (`Connection failed. Error #2: ...`, 5.2.x `Connection: Failed to
      // connect to server. Error number 2.`): a web server's error log behind a Debugoutput callable may
      // hold nothing else (https://github.com/meeting-room-booking-system/mrbs-code/issues/3367).
      else if (WEAK.some((m) => line.includes(m)) || findPhrase(line) !== null) weak++;
    }
    // indented labels are PHPMailer's only where no Exim line says whose log this is
    if (eximLines === 0) strong += indented;
    else weak += indented;
    if (strong >= 3) return 0.98;
    if (strong > 0) return 0.9;
    if (weak >= 2) return 0.75;
    return weak > 0 ? 0.6 : 0;
  },

  create({ sink }) {
    return new PhpMailerParser(sink);
  },
};
export default parser;
