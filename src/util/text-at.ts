// Comparing a literal with the text at a position of a log line, without allocating.
//
// Lines come from the reader as slices of the chunk they were read from (src/ingest/read-lines.ts), and
// Node 20's `startsWith(literal, at)` has a fast path only for flat strings: on a slice it cuts a
// substring and compares that (V8 string-startswith.tq, TryFastStringCompareSequence → SubString), one
// allocation per call, several per line. indexOf unwraps the slice once and compares at memcmp speed
// (measured on hMailServer-shaped slices: startsWith 35 ns for a 7-character kind column and 68 ns for a
// 16-character time prefix, a charCodeAt loop 31/67 ns, this 24/29 ns).

/**
 * `text.startsWith(literal, at)` for a literal of 1+ characters. The first and the last character are
 * compared here, so indexOf runs only when both match (a PHPMailer stamp of the previous second differs
 * in its last digit: without that check every such line was searched to its end); a miss after that
 * searches the rest of the line once, so this is for a check made a few times per line, never for a loop
 * over the positions of one line.
 */
export function hasAt(text: string, literal: string, at: number): boolean {
  return (
    at >= 0 &&
    at < text.length &&
    text.charCodeAt(at) === literal.charCodeAt(0) &&
    text.charCodeAt(at + literal.length - 1) === literal.charCodeAt(literal.length - 1) &&
    text.indexOf(literal, at) === at
  );
}
