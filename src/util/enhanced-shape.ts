// Reading enhanced status codes (RFC 3463 class.subject.detail: 2, 4 or 5, a dot, one to three digits,
// a dot, one to three digits) by hand: ingest and the classifier check every event's code, and the
// regular expression was a measurable part of classifying a cached reply (issue 7).

/**
 * Whether `s` is exactly an enhanced status code, nothing before or after: the same test as
 * /^[245]\.\d{1,3}\.\d{1,3}$/.
 */
export function isEnhancedShape(s: string): boolean {
  return s.length >= 5 && s.length <= 9 && enhancedCodeEnd(s, 0) === s.length;
}

/**
 * End of an enhanced status code starting at `at` and followed by the end of the text, white space or
 * punctuation other than a dot or a digit (`5.7.1;` `(5.7.1)`); 0 when there is none there.
 */
export function enhancedCodeEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if ((c !== 50 && c !== 52 && c !== 53) || text.charCodeAt(at + 1) !== 46) return 0;
  const subjectEnd = digitsEnd(text, at + 2);
  if (subjectEnd < 0 || text.charCodeAt(subjectEnd) !== 46) return 0;
  const detailEnd = digitsEnd(text, subjectEnd + 1);
  if (detailEnd < 0 || !endsToken(text, detailEnd)) return 0;
  return detailEnd;
}

/** End of a run of one to three ASCII digits at `from`; -1 when there is none or it is longer. */
function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i - from < 3 && isDigit(text.charCodeAt(i))) i++;
  if (i === from || isDigit(text.charCodeAt(i))) return -1;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The end of the text, white space, or punctuation that cannot continue a code. */
export function endsToken(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const c = text.charCodeAt(at);
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 59 || c === 58 || c === 41 || c === 93;
}
