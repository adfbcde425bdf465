// PHPMailer writes its direction labels with an ASCII arrow (`SERVER -> CLIENT:`, `CLIENT -> SERVER:`,
// old `SMTP -> FROM SERVER:`). Forums that typeset pasted text outside code blocks turn `->` into `→`
// (Discourse's typographer, used by the SuiteCRM community forum among others), so debug output copied
// from such a post reads `2: SERVER → CLIENT: 535 5.7.139 ...` (SuiteCRM/SuiteCRM#9371). The labels are
// PHPMailer's all the same: they are given back their ASCII arrow before the line is read.

const ARROW = '\u2192';
const TYPESET_LABEL = /\b(SERVER|CLIENT|SMTP) \u2192 (?=CLIENT:|SERVER:|SMTP:|FROM SERVER:|ERROR:|NOTICE:|get_lines\(\))/g;

/** `text` with PHPMailer's typeset direction labels written as PHPMailer writes them. */
export function asciiArrows(text: string): string {
  // Nearly every line has no arrow at all: it is returned as it is, without running the pattern.
  if (!text.includes(ARROW)) return text;
  return text.replace(TYPESET_LABEL, '$1 -> ');
}
