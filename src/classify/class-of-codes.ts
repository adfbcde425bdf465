// The class of a reply from its codes (LABELS.md "Class"): the basic code decides; without one, the
// enhanced code's class digit (RFC 3463 section 3.1: 2 success, 4 persistent transient, 5 permanent).
import type { ReplyClass } from '../model/labels.js';

export interface CodeClass {
  class: ReplyClass;
  /** Set when the two codes disagree on the class ("550 4.2.2"). */
  note: string | null;
  /** The class digit that decided (1-5), or null when there is no code at all. */
  digit: number | null;
}

export function classOfDigit(digit: number): ReplyClass {
  switch (digit) {
    case 5:
      return 'permanent';
    case 4:
      return 'transient';
    case 2:
      return 'success';
    case 1:
    case 3:
      // RFC 5321 4.2.1: 1yz positive preliminary, 3yz positive intermediate (354 after DATA, 334 in AUTH).
      return 'info';
    default:
      return 'unknown';
  }
}

export function classOfCodes(code: number | null, enhanced: string | null): CodeClass {
  const enhancedDigit = enhanced ? Number(enhanced[0]) : null;
  if (code !== null) {
    const digit = Math.floor(code / 100);
    const cls = classOfDigit(digit);
    let note: string | null = null;
    if (enhancedDigit !== null && enhancedDigit !== digit) {
      note = `basic code ${code} (${cls}) and enhanced code ${enhanced} (${classOfDigit(enhancedDigit)}) disagree: the basic code decides`;
    }
    return { class: cls, note, digit };
  }
  if (enhancedDigit !== null) return { class: classOfDigit(enhancedDigit), note: null, digit: enhancedDigit };
  return { class: 'unknown', note: null, digit: null };
}
