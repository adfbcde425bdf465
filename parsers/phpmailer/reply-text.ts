// An SMTP reply as PHPMailer printed it → code, enhanced code and one clean line of text.
//
// A multi-line reply (RFC 5321 §4.2.1: `535-...` lines, then `535 ...`) reaches the log in one of
// three shapes (formats.md §3.2):
// - echo / error_log: one physical line per reply line (continuations indented or bare);
// - html: CR/LF removed, so the lines are glued: `...not accepted. Learn more at535 5.7.8 https://...`
//   (corpus lines 13, 26) — the boundary is the same code (and enhanced code) again;
// - a reporter's copy that turned the CRLFs into spaces (corpus line 78).
// The text keeps the code and enhanced code once, then each line's own text, joined by one space:
// `535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/...`.
// Only indexOf and anchored sticky patterns: reply text is written by the remote server.
import { codeAt } from './code-at.js';

export interface ParsedReply {
  code: number | null;
  enhanced: string | null;
  text: string;
}

/** Replies longer than this are cut: a reply is a few lines, anything longer is noise or an attack. */
const MAX_TEXT = 2000;
const ENHANCED = /[245]\.\d{1,3}\.\d{1,3}(?=[ \t]|$)/y;
const SPACES = /\s+/g;

/** The basic reply code at the start of `s` (three digits, then space, dash or the end), or null. */
export function replyCode(s: string, at = 0): number | null {
  const a = codeAt(s, at) - 48;
  const b = codeAt(s, at + 1) - 48;
  const c = codeAt(s, at + 2) - 48;
  if (!(a >= 1 && a <= 5 && b >= 0 && b <= 9 && c >= 0 && c <= 9)) return null;
  const next = codeAt(s, at + 3);
  if (!(next === -1 || next === 32 || next === 45 || next === 9 || next === 13)) return null; // -1: the end
  return a * 100 + b * 10 + c;
}

/** An RFC 3463 enhanced code `c.s.d` at `at` followed by a space or the end, or null. */
export function enhancedAt(s: string, at: number): string | null {
  ENHANCED.lastIndex = at;
  const m = ENHANCED.exec(s);
  return m ? m[0] : null;
}

/** Code, enhanced code and text of the reply whose lines (or glued segments) are `lines`. */
export function parseReply(lines: readonly string[]): ParsedReply {
  const first = (lines[0] ?? '').trim();
  const code = replyCode(first);
  if (code === null) return { code: null, enhanced: null, text: clean(lines.join(' ')) };
  const enhanced = enhancedAt(first, 4);
  const codeText = String(code);
  const parts: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    // Glued html segments exist only in a multi-line reply, which starts with "NNN-".
    const segments = codeAt(first, 3) === 45 ? splitGlued(line, codeText, enhanced) : [line];
    for (const segment of segments) parts.push(stripPrefix(segment, codeText, enhanced));
  }
  const head = enhanced ? `${codeText} ${enhanced}` : codeText;
  return { code, enhanced, text: clean(`${head} ${parts.join(' ')}`) };
}

/**
 * Cuts `...Learn more at535 5.7.8 https://...` at each repeat of the reply's code. When the reply has an
 * enhanced code, the repeat must be followed by that same enhanced code. Right after a digit the code is
 * taken only with that enhanced code: `SIZE 35882577250-8BITMIME` (an EHLO reply, which has none) is
 * ambiguous, but Gmail's 534 wraps a token that may end in a digit, and `...L9p03534-5.7.14 Q16...`
 * (https://github.com/PHPMailer/PHPMailer/issues/667) can only be a new `534-5.7.14 ` line: text of the
 * reply itself never holds its own code and enhanced code back to back.
 */
export function splitGlued(line: string, code: string, enhanced: string | null): string[] {
  const out: string[] = [];
  let from = 0;
  for (let at = line.indexOf(code, 1); at > 0 && out.length < 100; at = line.indexOf(code, at + 3)) {
    // Right after a segment's own `NNN-` the same code is text: Exim quoting a callout answer,
    // `550 550 5.1.1 <x>: Recipient address rejected`.
    if (at <= contentStart(line, from, enhanced)) continue;
    const prev = line.charCodeAt(at - 1);
    const sep = codeAt(line, at + 3);
    if (enhanced === null && prev >= 48 && prev <= 57) continue;
    if (sep !== 45 && sep !== 32) continue;
    if (enhanced !== null) {
      if (!line.startsWith(enhanced, at + 4)) continue;
      const after = codeAt(line, at + 4 + enhanced.length);
      if (!(after === -1 || after === 32)) continue; // -1: the end
    }
    if (at > from) out.push(line.slice(from, at));
    from = at;
  }
  out.push(line.slice(from));
  return out;
}

/** Where the text of the segment starting at `from` begins, after its code and enhanced code. */
function contentStart(line: string, from: number, enhanced: string | null): number {
  let at = from + 4;
  while (codeAt(line, at) === 32) at++;
  if (enhanced !== null && line.startsWith(enhanced, at)) {
    at += enhanced.length;
    while (codeAt(line, at) === 32) at++;
  }
  return at;
}

function stripPrefix(segment: string, code: string, enhanced: string | null): string {
  let s = segment.trim();
  if (s.startsWith(code) && (codeAt(s, 3) === 45 || codeAt(s, 3) === 32 || s.length === 3)) {
    s = s.slice(4).trimStart();
    if (enhanced !== null && s.startsWith(enhanced) && (s.length === enhanced.length || codeAt(s, enhanced.length) === 32)) {
      s = s.slice(enhanced.length).trimStart();
    }
  }
  return s;
}

/** One line: whitespace runs (CR, TAB, the echo-mode indentation) become one space; capped. */
export function clean(text: string): string {
  const one = text.replace(SPACES, ' ').trim();
  return one.length > MAX_TEXT ? one.slice(0, MAX_TEXT) : one;
}

/**
 * A reply fragment whose first line was lost (corpus line 100: html output copied from the middle of
 * a Gmail `534-5.7.14 ... 534 5.7.14 ...` reply). Recognised only by the multi-line signature: a
 * `NNN-c.s.d ` segment and later a final `NNN c.s.d ` segment, same 4xx/5xx code, same enhanced code.
 */
export function findOrphanReply(text: string): { code: number; enhanced: string; start: number } | null {
  // Each distinct code/enhanced pair is searched for once, and only a few pairs: hostile text full of
  // `550-5.1.1 ` must not make this quadratic.
  const tried = new Set<string>();
  for (let at = text.indexOf('-', 3); at >= 3 && tried.size < 8; at = text.indexOf('-', at + 1)) {
    const start = at - 3;
    if (start > 0) {
      const prev = codeAt(text, start - 1);
      if (prev >= 48 && prev <= 57) continue;
    }
    const code = replyCode(text, start);
    if (code === null || code < 400) continue;
    const enhanced = enhancedAt(text, at + 1);
    if (enhanced === null) continue;
    const final = `${code} ${enhanced}`;
    if (tried.has(final)) continue;
    tried.add(final);
    if (text.indexOf(final, at) > at) return { code, enhanced, start };
  }
  return null;
}
