// The labels PHPMailer puts in front of its debug messages (formats.md §3.1-3.3; PHPMailer src/SMTP.php
// edebug() callers, and class.smtp.php of v5.2.0-5.2.7 for the old `SMTP -> ...` / `CLIENT -> SMTP:`
// forms). Used to cut glued lines into entries and to tell a new entry from a continuation line.

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
  const c = text.charCodeAt(at);
  // First letters of all markers: S, C, A, R, T — a cheap gate before the list.
  if (c !== 83 && c !== 67 && c !== 65 && c !== 82 && c !== 84) return false;
  for (const m of ALL) if (text.startsWith(m, at)) return true;
  return false;
}

/** PHPMailer's own `Y-m-d H:i:s` (gmdate) at `at`: digit/dash/colon positions only, no regex. */
export function startsWithStamp(text: string, at = 0): boolean {
  if (text.length < at + 19) return false;
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(at + i);
    if (i === 4 || i === 7) {
      if (c !== 45) return false;
    } else if (i === 10) {
      if (c !== 32 && c !== 84) return false;
    } else if (i === 13 || i === 16) {
      if (c !== 58) return false;
    } else if (c < 48 || c > 57) return false;
  }
  return true;
}
