/**
 * Whether `s` is exactly an enhanced status code, class.subject.detail (RFC 3463): 2, 4 or 5, a dot,
 * one to three digits, a dot, one to three digits; nothing before or after. The same test as
 * /^[245]\.\d{1,3}\.\d{1,3}$/, by hand: ingest and the classifier both check every event's code, and
 * the expression was a measurable part of classifying a cached reply (issue 7).
 */
export function isEnhancedShape(s: string): boolean {
  const n = s.length;
  if (n < 5 || n > 9) return false;
  const c = s.charCodeAt(0);
  if ((c !== 50 && c !== 52 && c !== 53) || s.charCodeAt(1) !== 46) return false;
  const subjectEnd = digitsEnd(s, 2);
  if (subjectEnd < 0 || subjectEnd >= n || s.charCodeAt(subjectEnd) !== 46) return false;
  return digitsEnd(s, subjectEnd + 1) === n;
}

/** End of the run of one to three ASCII digits starting at `from`; -1 when there is none. */
function digitsEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && i - from < 3) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i === from) return -1;
  // a fourth digit makes the run too long
  if (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return -1;
  }
  return i;
}
