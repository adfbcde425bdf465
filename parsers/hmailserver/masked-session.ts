// A session column blanked out by whoever pasted the log.
//
// hMailServer always writes a number in the session column (Logger.cpp:62-106). People who post their
// log in an issue sometimes hide it along with the address: deltachat/deltachat-android#67 (2017-04-10)
// shows `"SMTPD"<TAB>2808<TAB>****<TAB>"2017-04-10 20:56:55.044"<TAB>"**.**.**.**"<TAB>"SENT: 220 ..."`.
// Such a line is still an hMailServer line, every other column intact; skipping it would lose any
// refusal it carries. A column made only of one masking character (`*`, `x` or `X`, 1-15 of them, the
// width a real id has) reads as the masked session.
//
// All masked lines share one session: the ids that told sessions apart are gone, so the best we can
// do is follow them in file order (a greeting still starts a new session, 221/QUIT still ends it).
// That is exact for the usual paste of one session; interleaved masked sessions may lend each other
// HELO, sender or recipient, which is still better than reading none of their replies.

/** The session id given to lines whose session column was masked; real ids are never negative. */
export const MASKED_SESSION = -2;

const STAR = 42;
const LOWER_X = 120;
const UPPER_X = 88;
const TAB = 9;

/**
 * Where the TAB ending a masked session column that starts at `pos` is, or -1 when the column is not
 * one masking character repeated 1-15 times.
 */
export function maskedColumnEnd(text: string, pos: number): number {
  const mask = text.charCodeAt(pos);
  if (mask !== STAR && mask !== LOWER_X && mask !== UPPER_X) return -1;
  let i = pos + 1;
  while (i < text.length && i - pos <= 15 && text.charCodeAt(i) === mask) i++;
  if (i - pos > 15 || text.charCodeAt(i) !== TAB) return -1;
  return i;
}
