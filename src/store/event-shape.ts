// What an event is before it is classified, as one number: format, direction, stage, how its codes
// were found, the codes themselves and the class its line states. Ingest packs this number with each
// row (src/store/row-packer.ts); the store makes the event's kind of it and classifies the rows ingest
// left unclassified (src/store/writer.ts), so the parse thread does no hashing or lookup per event for
// it: the encoding is arithmetic, and decoding it gives back exactly the strings encoded (an enhanced
// code's leading zeros included: "5.7.01" stays "5.7.01").
import { CODE_SOURCES, DIRECTIONS, FORMATS, REPLY_CLASSES, STAGES, type ReplyClass } from '../model/labels.js';

export interface EventShape {
  format: string;
  direction: string;
  stage: string;
  codeSource: string;
  /** Validated basic code (100-599) or null. */
  code: number | null;
  /** Validated enhanced code (src/util/enhanced-shape.ts) or null. */
  enhanced: string | null;
  classHint: ReplyClass | null;
}

// The closed vocabularies of src/model/labels.ts (the ones event_kinds CHECKs), imported rather than
// copied so that a value added there is encoded too; the radixes below are their lengths. Their order
// gives the numbers, which live only for one run: never stored. (labels.ts imports nothing, and both
// threads load it anyway through the classifier.)
const HINTS: readonly (ReplyClass | null)[] = [null, ...REPLY_CLASSES];
const indexIn = (values: readonly (string | null)[], value: string | null): number => values.indexOf(value);

/** Values of one part of an enhanced code: the strings of 1 to 3 digits ("0".."9", "00".."99", "000".."999"). */
const PART_VALUES = 1110;
const CLASS_DIGITS = [50, 52, 53]; // '2', '4', '5'
/** Basic codes take 0 (none) or the code itself. */
const CODE_VALUES = 600;
const ENHANCED_VALUES = 1 + CLASS_DIGITS.length * PART_VALUES * PART_VALUES;

/**
 * The shape as a non-negative safe integer, or -1 when some value is outside the vocabularies (a parser
 * bug: the row then carries its shape spelled out). The store's CHECKs refuse an odd format, direction,
 * stage or code source (ingest checks the codes before: src/ingest/read-input.ts); a class hint is not
 * stored and the classifier heeds only `permanent` and `transient`, so an odd hint is taken as none.
 */
export function encodeShape(
  format: string,
  direction: string,
  stage: string,
  codeSource: string,
  code: number | null,
  enhanced: string | null,
  classHint: ReplyClass | null,
): number {
  const f = indexIn(FORMATS, format);
  const d = indexIn(DIRECTIONS, direction);
  const s = indexIn(STAGES, stage);
  const c = indexIn(CODE_SOURCES, codeSource);
  const h = HINTS.indexOf(classHint);
  if ((f | d | s | c | h) < 0) return -1;
  let codeNo = 0;
  if (code !== null) {
    if (!Number.isInteger(code) || code < 100 || code >= CODE_VALUES) return -1;
    codeNo = code;
  }
  const e = enhanced === null ? 0 : enhancedNo(enhanced);
  if (e < 0) return -1;
  return (((((f * DIRECTIONS.length + d) * STAGES.length + s) * CODE_SOURCES.length + c) * HINTS.length + h) * CODE_VALUES + codeNo) * ENHANCED_VALUES + e;
}

/** The shape a number from encodeShape stands for. */
export function decodeShape(n: number): EventShape {
  const e = n % ENHANCED_VALUES;
  let rest = (n - e) / ENHANCED_VALUES;
  const codeNo = rest % CODE_VALUES;
  rest = (rest - codeNo) / CODE_VALUES;
  const h = rest % HINTS.length;
  rest = (rest - h) / HINTS.length;
  const c = rest % CODE_SOURCES.length;
  rest = (rest - c) / CODE_SOURCES.length;
  const s = rest % STAGES.length;
  rest = (rest - s) / STAGES.length;
  const d = rest % DIRECTIONS.length;
  const f = (rest - d) / DIRECTIONS.length;
  return {
    format: FORMATS[f]!,
    direction: DIRECTIONS[d]!,
    stage: STAGES[s]!,
    codeSource: CODE_SOURCES[c]!,
    code: codeNo === 0 ? null : codeNo,
    enhanced: e === 0 ? null : enhancedText(e - 1),
    classHint: HINTS[h]!,
  };
}

/** 1 + the number of a `c.s.d` enhanced code, or -1 when it has another form. */
function enhancedNo(text: string): number {
  const cls = CLASS_DIGITS.indexOf(text.charCodeAt(0));
  if (cls < 0 || text.charCodeAt(1) !== 46) return -1;
  const dot = text.indexOf('.', 2);
  if (dot < 0) return -1;
  const subject = partNo(text, 2, dot);
  const detail = partNo(text, dot + 1, text.length);
  if (subject < 0 || detail < 0) return -1;
  return 1 + (cls * PART_VALUES + subject) * PART_VALUES + detail;
}

/** Number of the 1-3 digit string text[from, to): "0".."9" → 0..9, "00".."99" → 10..109, "000".."999" → 110..1109. */
function partNo(text: string, from: number, to: number): number {
  const len = to - from;
  if (len < 1 || len > 3) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return len === 1 ? value : len === 2 ? 10 + value : 110 + value;
}

function partText(no: number): string {
  if (no < 10) return String(no);
  if (no < 110) return String(no - 10).padStart(2, '0');
  return String(no - 110).padStart(3, '0');
}

function enhancedText(no: number): string {
  const detail = no % PART_VALUES;
  const rest = (no - detail) / PART_VALUES;
  const subject = rest % PART_VALUES;
  const cls = (rest - subject) / PART_VALUES;
  return `${String.fromCharCode(CLASS_DIGITS[cls]!)}.${partText(subject)}.${partText(detail)}`;
}
