// Blanks the reply's own codes where they repeat inside its text, before the text is matched against
// the catalog's phrases.
//
// A multi-line SMTP reply repeats its code on every line (RFC 5321 4.2.1: `550-5.7.1 ...` then
// `550 5.7.1 ...`). Our parsers drop those prefixes when they join the lines, but replies reach the
// classifier joined by other hands too (a Postfix `said:` line, a bounce pasted into `maillens
// classify`, an MTA that joins with spaces), and then a prefix lands in the middle of a sentence:
//   421-4.7.28 Gmail has detected an unusual rate of unsolicited email 421-4.7.28 originating from ...
// which breaks the phrase "unsolicited email originating from" and lets a generic word decide. Gmail
// even wraps inside a phrase with a bare enhanced code ("an unusual amount of 4.7.0 unsolicited mail").
//
// Only the reply's own codes are blanked, and only as whole tokens: `NNN-` (with the enhanced code
// after it, if any), `NNN X.Y.Z` with the reply's enhanced code, and the bare enhanced code. Other
// numbers in the text ("exceeds 552 bytes", "see RFC 5321") stay. No catalog phrase contains a code
// (checked by test/classify/blank-reply-codes.test.ts). Linear, no regular expression.
import { enhancedCodeEnd, endsToken } from '../util/enhanced-shape.js';

/** `text` with every repetition of the reply's codes replaced by a space (the same string when none). */
export function blankReplyCodes(text: string, code: number | null, enhanced: string | null): string {
  const codeText = code === null ? null : String(code);
  // Fast path: texts from our parsers have their codes cut off already.
  const hasCode = codeText !== null && text.includes(codeText);
  const hasEnhanced = enhanced !== null && text.includes(enhanced);
  if (!hasCode && !hasEnhanced) return text;

  let out = '';
  let copied = 0;
  let i = 0;
  // after a `NNN-` continuation, a bare `NNN ` is the last line's prefix
  const state = { continued: false };
  while (i < text.length) {
    if (i > 0 && !isSpace(text.charCodeAt(i - 1))) {
      i++;
      continue;
    }
    const end = codeTokenEnd(text, i, codeText, enhanced, state);
    if (end > i) {
      out += `${text.slice(copied, i)} `;
      copied = end;
      i = end;
    } else i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** End of a code token starting at `at` (a word start), or `at` when there is none. */
function codeTokenEnd(text: string, at: number, codeText: string | null, enhanced: string | null, state: { continued: boolean }): number {
  if (codeText !== null && text.startsWith(codeText, at)) {
    const after = at + codeText.length;
    const sep = text.charCodeAt(after);
    if (sep === 45 /* - */) {
      // `550-` starts a continuation line; its enhanced code, whichever it is, goes with it
      state.continued = true;
      const e = enhancedCodeEnd(text, after + 1);
      return e > 0 ? e : after + 1;
    }
    if (isSpace(sep)) {
      if (enhanced !== null && text.startsWith(enhanced, after + 1) && endsToken(text, after + 1 + enhanced.length)) return after + 1 + enhanced.length;
      const e = enhancedCodeEnd(text, after + 1);
      if (state.continued) return e > 0 ? e : after;
    }
    return at;
  }
  if (enhanced !== null && text.startsWith(enhanced, at) && endsToken(text, at + enhanced.length)) return at + enhanced.length;
  return at;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
