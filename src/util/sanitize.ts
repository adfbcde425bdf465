// Escaping at the edges (issue 6). Everything a log contains is written by whoever talks to the mail
// server: a HELO name, a sender address, a remote server's reply text. The store keeps those values as
// they were; each output format makes them harmless on the way out, with the escaping that format needs.
//
// - terminals and plain text: no control character may reach the screen (an ESC starts a sequence that
//   can clear the screen, move the cursor, retitle the window or, in some terminals, answer back);
// - HTML/SVG: the five markup characters become entities, in text and in attribute values alike;
// - CSV: a spreadsheet runs a cell that starts with = + - @ (or TAB/CR, which some strip first) as a
//   formula, so such cells get a leading apostrophe (OWASP "CSV Injection"), then RFC 4180 quoting;
// - JSON: JSON.stringify escapes C0 controls; DEL, C1 controls and bidi overrides are escaped too.

/**
 * Characters that are never printed as they are: C0 controls, DEL, C1 controls (0x9B is an 8-bit CSI
 * on some terminals), and the Unicode bidi embedding/override/isolate marks that can reorder what a
 * terminal shows ("Trojan Source", CVE-2021-42574). Line separators U+2028/U+2029 break lines.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function hex(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * For terminals and plain-text mail: every unprintable character is shown as a visible `\xHH`
 * (`\u202e` for bidi marks), so an ESC byte never reaches the terminal and the admin still sees that
 * the client sent one. Exim itself writes such bytes as `\033` in its logs; those arrive here as
 * plain backslash text and stay as they are.
 */
export function forTerminal(value: string): string {
  return value.replace(UNPRINTABLE, hex);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * For HTML and SVG, in element text and in quoted attribute values. Unprintable characters become
 * visible `\xHH` first (a NUL or a form feed inside XML/SVG is not even well-formed).
 */
export function escapeHtml(value: string): string {
  return forTerminal(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * For Markdown: the text may be shown raw (a mail) or rendered (a wiki), so both must be safe. Markup
 * characters become entities (renderers pass raw HTML through, so `<script>` must not survive) and the
 * characters that mean something to Markdown inside a line get a backslash (a `|` would break a table
 * row, `*` `_` `~` emphasise, `[` `]` make links). Values are never written at the start of a line, so
 * the line-start markers (# - + 1.) need nothing.
 */
export function escapeMarkdown(value: string): string {
  return forTerminal(value)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** Cells a spreadsheet would evaluate as a formula (OWASP: = + - @, and TAB / CR which are stripped first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180). Numbers and null are written as they are (a negative change must stay a
 * number); a string that starts like a formula gets a leading `'`; a cell with a comma, quote or line
 * break is quoted with inner quotes doubled. `terminal` additionally makes control characters visible,
 * for CSV printed to a terminal.
 */
export function csvCell(value: string | number | null | undefined, terminal = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = FORMULA_START.test(value) ? `'${value}` : value;
  if (terminal) text = forTerminal(text);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 section 2 asks. */
export function csvRow(values: ReadonlyArray<string | number | null | undefined>, terminal = false): string {
  return `${values.map((v) => csvCell(v, terminal)).join(',')}\r\n`;
}

const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON.stringify, with the characters it leaves raw but a terminal or a JavaScript embedder would act
 * on (DEL, C1 controls, bidi marks, U+2028/9) written as \uXXXX escapes: same value, safe bytes.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
