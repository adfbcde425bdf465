// hMailServer (Windows) daily logs `hmailserver_YYYY-MM-DD.log`: TAB-separated, quoted columns, CRLF,
// ANSI code page or UTF-8 text (formats.md §2). The line layout is in hmailserver/split-line.ts, the
// session following in hmailserver/hmail-parser.ts.
import { HmailParser } from './hmailserver/hmail-parser.js';
import { looksLikeHmailLine } from './hmailserver/split-line.js';
import type { ParserModule } from './types.js';

const parser: ParserModule = {
  format: 'hmailserver',
  describe: 'hMailServer logs (hmailserver_YYYY-MM-DD.log: SMTPD/SMTPC sessions, TAB-separated quoted columns)',

  /**
   * `"SMTPD"<TAB>thread<TAB>session<TAB>"time"...` is unlike any other log: a quoted known kind, TAB,
   * a numeric thread id and a parseable time. Near 1 when most non-empty lines are like that (a bare-LF
   * continuation line or two do not matter), 0 when none is.
   */
  detect(firstLines: readonly string[]): number {
    let lines = 0;
    let good = 0;
    for (let text of firstLines) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (text === '') continue;
      lines++;
      if (looksLikeHmailLine(text)) good++;
    }
    if (good === 0) return 0;
    const ratio = good / lines;
    return ratio >= 0.5 ? 0.9 + 0.1 * ratio : 0.8 * ratio;
  },

  create({ sink }) {
    return new HmailParser(sink);
  },
};
export default parser;
