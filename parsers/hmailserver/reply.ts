// Reading an SMTP reply out of an hMailServer message column (`SENT: ...` in SMTPD, `RECEIVED: ...` in
// SMTPC). hMailServer logs a multi-line reply as one line with `[nl]` where the CRLFs were
// (Logger.cpp:217-223; SMTPClientConnection.cpp ParseData buffers the `NNN-` lines of a remote reply and
// logs them once), e.g. `550-5.1.1 The email account ...[nl]550-5.1.1 double-checking ...[nl]550 5.1.1 ...`.
// RFC 5321 §4.2.1: the code of a multi-line reply is the one on its last line (`NNN<SP>`).

/** The `[nl]` token hMailServer writes for a CRLF inside a logged message. */
export const NL = '[nl]';

/**
 * The basic reply code written at `at` (`550 `, `550-` or a bare `550` ending the text), or -1. Only
 * 1xx-5xx count: `Too many invalid commands. Bye!` (SMTPConnection.cpp:2218) has no code at all.
 */
export function codeAt(text: string, at: number, end: number): number {
  if (end - at < 3) return -1;
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  const c = text.charCodeAt(at + 2) - 48;
  if (a < 1 || a > 5 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  if (end > at + 3) {
    const sep = text.charCodeAt(at + 3);
    if (sep !== 32 && sep !== 45) return -1; // space or '-'
  }
  return a * 100 + b * 10 + c;
}

/**
 * The code of the reply in text[start, end): from the last `[nl]` line when the first line is a
 * continuation line (`NNN-`), else from the first line. Cheap: single-line replies never search.
 */
export function replyCode(text: string, start: number, end: number): number {
  if (end - start > 4 && text.charCodeAt(start + 3) === 45) {
    const nl = text.lastIndexOf(NL, end - NL.length);
    if (nl >= start) {
      const last = codeAt(text, nl + NL.length, end);
      if (last >= 0) return last;
    }
  }
  return codeAt(text, start, end);
}

export interface ParsedReply {
  code: number | null;
  /** RFC 3463 enhanced status code (`5.1.1`) right after the basic code of the last line, or null. */
  enhanced: string | null;
  /** The reply as one line (see below). */
  text: string;
}

/**
 * Code, enhanced code and one-line text of a logged reply (`body` = the message after `SENT: ` or
 * `RECEIVED: `). Called for refusals only, so it may allocate.
 *
 * Text, our choice: a single-line reply is kept as written (trimmed): `550 Unknown user`. A multi-line
 * reply is rebuilt as the one line a reader expects: the final code and enhanced code once, then the
 * text of every line without its repeated `NNN-`/`NNN ` and enhanced-code prefix, joined with single
 * spaces: `550 5.1.1 The email account ... Please try double-checking ... - gsmtp`. That keeps phrases
 * that wrap across lines matchable as substrings. A line whose prefix differs from the final code keeps
 * its prefix, so nothing is lost. TABs and stray CR/LF become spaces (the text is one line).
 */
export function parseReply(body: string): ParsedReply {
  const lines = body.split(NL);
  const last = lines[lines.length - 1]!.trim();
  let code = codeAt(last, 0, last.length);
  let codeLine = last;
  if (code < 0 && lines.length > 1) {
    codeLine = lines[0]!.trim();
    code = codeAt(codeLine, 0, codeLine.length);
  }
  if (code < 0) {
    return { code: null, enhanced: null, text: oneLine(lines.map((l) => l.trim()).filter((l) => l !== '').join(' ')) };
  }
  const enhanced = enhancedAt(codeLine, 4);
  if (lines.length === 1) return { code, enhanced, text: oneLine(last) };

  const parts: string[] = [enhanced ? `${code} ${enhanced}` : String(code)];
  for (const raw of lines) {
    let line = raw.trim();
    if (codeAt(line, 0, line.length) === code) {
      line = line.slice(4).trim();
      if (enhanced && line.startsWith(enhanced) && (line.length === enhanced.length || line.charCodeAt(enhanced.length) === 32)) {
        line = line.slice(enhanced.length).trim();
      }
    }
    if (line !== '') parts.push(line);
  }
  return { code, enhanced, text: oneLine(parts.join(' ')) };
}

/** `c.sss.ddd` (RFC 3463: class 2/4/5, subject and detail 1-3 digits) at `at`, followed by a space or the end. */
export function enhancedAt(text: string, at: number): string | null {
  const cls = text.charCodeAt(at);
  if ((cls !== 50 && cls !== 52 && cls !== 53) || text.charCodeAt(at + 1) !== 46) return null;
  let i = at + 2;
  const subjectEnd = digitRun(text, i);
  if (subjectEnd === i || subjectEnd - i > 3 || text.charCodeAt(subjectEnd) !== 46) return null;
  i = subjectEnd + 1;
  const detailEnd = digitRun(text, i);
  if (detailEnd === i || detailEnd - i > 3) return null;
  if (detailEnd < text.length && text.charCodeAt(detailEnd) !== 32) return null;
  return text.slice(at, detailEnd);
}

function digitRun(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    i++;
  }
  return i;
}

function oneLine(text: string): string {
  return text.replace(/[\t\r\n]/g, ' ');
}
