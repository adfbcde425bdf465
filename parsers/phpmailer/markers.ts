// The labels PHPMailer puts in front of its debug messages (formats.md §3.1-3.3; PHPMailer src/SMTP.php
// edebug() callers, and class.smtp.php of v5.2.0-5.2.7 for the old `SMTP -> ...` / `CLIENT -> SMTP:`
// forms). Used to cut glued lines into entries and to tell a new entry from a continuation line.
import { codeAt } from './code-at.js';
import { hasAt } from '../../src/util/text-at.js';

/** Messages the SMTP class writes (any debug level), new and pre-5.2.8 spellings. */
export const DEBUG_MARKERS = [
  'SERVER -> CLIENT:',
  'CLIENT -> SERVER:',
  'SMTP ERROR:',
  'SMTP INBOUND:',
  'SMTP NOTICE:',
  'SMTP -> FROM SERVER:',
  'SMTP -> ERROR:',
  'SMTP -> NOTICE:',
  'SMTP -> get_lines()',
  'CLIENT -> SMTP:',
  'Connection: ',
  'Connection failed.',
  'Auth method',
  'Requested auth method',
] as const;

/** PHPMailer-class messages (language strings, ErrorInfo) that may follow a timestamp too. */
export const SUMMARY_MARKERS = ['SMTP Error:', 'SMTP connect() failed', 'SMTP server error:', 'The following From address failed'] as const;

const ALL = [...DEBUG_MARKERS, ...SUMMARY_MARKERS];
/** The length of the shortest label: no label fits in less. */
export const MIN_MARKER = Math.min(...ALL.map((m) => m.length));

/** Markers that may start an entry glued to the previous one without any timestamp (pre-5.2.24 html). */
export const BARE_SPLIT_MARKERS = [
  ' SERVER -> CLIENT:',
  ' CLIENT -> SERVER:',
  ' SMTP ERROR:',
  ' SMTP -> FROM SERVER:',
  ' SMTP -> ERROR:',
  ' SMTP -> NOTICE:',
  ' CLIENT -> SMTP:',
] as const;

/** Whether `text` has a PHPMailer message label at `at`. */
export function startsWithMarker(text: string, at = 0): boolean {
  const c = codeAt(text, at);
  // First letters of all markers: S, C, A, R, T — a cheap gate before the list.
  if (c !== 83 && c !== 67 && c !== 65 && c !== 82 && c !== 84) return false;
  // startsWith, not startsAt(): this is asked at many places of one line (hasGluedEntry()), and its
  // cost must stay bounded by the label's length there.
  for (const m of ALL) if (text.startsWith(m, at)) return true;
  return false;
}

/**
 * PHPMailer's own `Y-m-d H:i:s` (gmdate) at `at`: digit/dash/colon positions only (a `T` is taken for
 * the space). An anchored pattern rather than a loop of charCodeAt: lines are slices of the read chunk,
 * which irregexp reads directly, and it is about twice as fast as the loop on them (measured).
 */
export function startsWithStamp(text: string, at = 0): boolean {
  if (at < 0) return false;
  STAMP.lastIndex = at;
  return STAMP.test(text);
}
const STAMP = /\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/y;

/** `text.startsWith(literal, at)` without allocating on a sliced line (src/util/text-at.ts). */
export const startsAt = hasAt;
