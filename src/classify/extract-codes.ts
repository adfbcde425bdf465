// Finds the SMTP reply code (RFC 5321 section 4.2) and the enhanced status code (RFC 3463 section 2)
// in a free reply text, as quoted by logs and bounce messages.
//
// Real texts put the code in many places: at the start (`550 5.7.1 ...`, `550-5.1.1 ...` multi-line
// form, `#550 5.1.1 ...`), after a wrapper (`host mx.example.com[192.0.2.1] said: 550 ...`, Exim's
// `SMTP error from remote mail server after RCPT TO:<x>: 550 ...`, `did not like our RCPT TO:550 ...`,
// Exchange's `Remote Server returned '550 5.1.10 ...'`, `ERROR_CODE :550`), or only as an enhanced code
// (`Sorry, no mailbox here by that name. (#5.1.1)`). They are also full of numbers that are not codes
// (formats.md 1.6, 3.3; LABELS.md): errno values `Connection refused (111)`, Exim's `defer (-44)`,
// addresses `[127.0.0.2]`, ports `smtp.example.com:587`, sizes `Size: 500 KB`, dates, queue ids,
// provider reference numbers `OFR_416 [416]`. The rules below accept a 3-digit number only where a
// reply code can stand, and read a 1xx only at the very start of the text (101/110/111/113 elsewhere
// are errno values).
//
// No regex here can backtrack: each one is a fixed-width token with bounded repeats, and the context
// is checked by hand around each hit. Linear in the text length.

export interface ExtractedCodes {
  /** Basic reply code 200-599, or null. */
  code: number | null;
  /** Enhanced status code "c.s.d" with c in 2/4/5, or null. */
  enhanced: string | null;
}

const BASIC = /[1-5]\d\d/g;
// Subject is a single digit 0-7 in RFC 3463/5248 and in every vendor extension seen (5.7.606, 5.4.312).
const ENHANCED = /[245]\.[0-7]\.\d{1,3}/g;
const ENHANCED_AT = /[245]\.[0-7]\.\d{1,3}/y;

/** Characters after which a reply code may start ("said: 550", "TO:550", "'550", "[550 ...]", "#550"). */
const CODE_PRECEDERS = new Set([' ', '\t', '\r', '\n', ':', '[', '(', "'", '"', '#', '<', '>', ',', ';', '|', ']', '{', '*']);
/** Characters that may follow a reply code ("550 ", "550-", "550:", "550,", end of text). */
const CODE_FOLLOWERS = new Set([' ', '\t', '\r', '\n', '-', ':', ',', ';', ')', ']', "'", '"', '.', '}', '<']);
// Words that make a number a quantity, never a code ("Max size: 500 KB", "after 421 seconds",
// "limit of 400 rcpts per 24 hours").
const UNITS = new Set(['kb', 'k', 'kib', 'mb', 'mib', 'gb', 'byte', 'bytes', 'octets', 'sec', 'secs', 'second', 'seconds', 'ms', 'min', 'mins', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', '%', 'percent', 'rcpts']);
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

interface Candidate {
  code: number;
  index: number;
  strong: boolean;
  /** Enhanced code written right after it ("550 5.1.1", "550-5.1.1", "550: 5.1.1", "550 #5.1.0"). */
  enhanced: string | null;
}

export function extractCodes(text: string): ExtractedCodes {
  if (!text) return { code: null, enhanced: null };
  // Bound the work on absurd inputs: a reply code sits near the start of any real reply text.
  const t = text.length > 8192 ? text.slice(0, 8192) : text;
  const candidates = basicCandidates(t);
  const chosen = choose(candidates);
  // Exchange chains the replies of a failed delivery with "->": "5.4.300 Message expired -> 452 4.2.2
  // The recipient's inbox is out of storage space." Tools that drop the outer basic code leave the
  // outer enhanced code first; a code after the arrow is the quoted earlier reply, not this one.
  const leading = leadingEnhanced(t);
  if (chosen && leading && t.lastIndexOf('->', chosen.index) > 0) return { code: null, enhanced: leading };
  if (chosen) {
    if (chosen.enhanced) return { code: chosen.code, enhanced: chosen.enhanced };
    // "550 sorry, no mailbox here by that name (#5.1.1 - chkusr)": an enhanced code elsewhere counts
    // when it is of the same class; one of another class belongs to some other reply in the text.
    const digit = String(Math.floor(chosen.code / 100));
    const other = standaloneEnhanced(t).find((e) => e[0] === digit) ?? null;
    return { code: chosen.code, enhanced: other };
  }
  const enhanced = standaloneEnhanced(t);
  return { code: null, enhanced: enhanced.find((e) => e[0] !== '2') ?? enhanced[0] ?? null };
}

function basicCandidates(t: string): Candidate[] {
  const out: Candidate[] = [];
  const start = firstContentIndex(t);
  BASIC.lastIndex = 0;
  for (let m = BASIC.exec(t); m; m = BASIC.exec(t)) {
    const i = m.index;
    const end = i + 3;
    const prev = precedingChar(t, i);
    const next = end < t.length ? t[end]! : '';
    if (next >= '0' && next <= '9') continue; // part of a longer number (sizes, years, ids)
    if (prev !== '' && !CODE_PRECEDERS.has(prev)) continue; // glued to a word, a dot, a dash, a slash
    if (next !== '' && !CODE_FOLLOWERS.has(next)) continue;
    if (next === '.' && isDigit(t[end + 1])) continue; // "192.0.2.1", "(554.30)"
    // "(111)", "[416]": errno values and provider reference numbers, not replies.
    if (prev in CLOSERS && next === CLOSERS[prev]) continue;
    if (prev === ':' && isPortOrAddress(t, i - 1)) continue;
    // "https://community.mimecast.com/docs/DOC-1369#550": a URL fragment, not a reply ("#550 5.1.1"
    // and "(#5.7.1)" have a blank or bracket before the '#').
    if (prev === '#' && i >= 2 && isUrlChar(t[i - 2])) continue;
    if (followedByUnit(t, end)) continue;
    const atStart = i === start;
    // 1xx only as the very first thing ("101 Error opening connection" in the seed tables): anywhere
    // else a 101/110/111/113 is an errno value ("SMTP code: 111", "Error #111").
    if (t[i] === '1' && !atStart) continue;
    const enhanced = adjacentEnhanced(t, end);
    const strong = atStart || enhanced !== null || (prev !== '' && prev !== ' ' && prev !== '\t') || afterWrapperWord(t, i);
    out.push({ code: Number(m[0]), index: i, strong, enhanced });
  }
  return out;
}

/**
 * Which candidate is the reply: the first 4xx/5xx with strong context, else the first 4xx/5xx at all,
 * else the first 2xx/3xx. Intermediate replies glued before the real one (`354 End data with ...
 * 451 4.3.0 Error: queue file write error`, `220-laposte 421 4.2.1 ...`) do not hide it.
 */
function choose(candidates: Candidate[]): Candidate | null {
  let weakFailure: Candidate | null = null;
  let other: Candidate | null = null;
  for (const c of candidates) {
    const failure = c.code >= 400;
    if (failure && c.strong) return c;
    if (failure && !weakFailure) weakFailure = c;
    if (!failure && !other && (c.strong || c.enhanced)) other = c;
  }
  return weakFailure ?? other;
}

function adjacentEnhanced(t: string, end: number): string | null {
  let j = end;
  if (t[j] === ':') j++;
  if (t[j] === ' ' || t[j] === '-') j++;
  while (t[j] === ' ') j++;
  if (t[j] === '#') j++;
  return enhancedAt(t, j);
}

/** An enhanced code that is the very first thing in the text ("5.4.300 Message expired -> ..."), or null. */
function leadingEnhanced(t: string): string | null {
  return enhancedAt(t, firstContentIndex(t));
}

/** The enhanced code that starts exactly at `at` and is not the start of a longer number, or null. */
function enhancedAt(t: string, at: number): string | null {
  ENHANCED_AT.lastIndex = at;
  const m = ENHANCED_AT.exec(t);
  if (!m) return null;
  const after = at + m[0].length;
  if (isDigit(t[after]) || (t[after] === '.' && isDigit(t[after + 1]))) return null;
  return m[0];
}

function standaloneEnhanced(t: string): string[] {
  const out: string[] = [];
  ENHANCED.lastIndex = 0;
  for (let m = ENHANCED.exec(t); m; m = ENHANCED.exec(t)) {
    const i = m.index;
    const after = i + m[0].length;
    const prev = i > 0 ? t[i - 1]! : '';
    // Versions and addresses: "Exim 4.92.3" has a 2-digit subject (excluded by the pattern),
    // "4.16.55.1" and IPs go on with more dotted numbers.
    if (prev && (isDigit(prev) || isLetter(prev) || prev === '.' || prev === '-' || prev === '_')) continue;
    if (isDigit(t[after]) || (t[after] === '.' && isDigit(t[after + 1]))) continue;
    if (afterSectionReference(t, i)) continue;
    out.push(m[0]);
  }
  return out;
}

/**
 * "(See RFC2821 4.1.3)", "RFC 5321, section 4.5.3", "§ 2.4.1": a section number of a standard, not a
 * status code. Exim's example ACLs and many sites' cite sections after the RFC number; such a number
 * alone would otherwise be read as an enhanced code of its own (4.1.3: a bad address, transient).
 */
function afterSectionReference(t: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (t[j] === ' ' || t[j] === ',')) j--;
  if (t[j] === '§') return true;
  let k = j;
  while (k >= 0 && (isLetter(t[k]) || t[k] === '.')) k--;
  const word = t.slice(k + 1, j + 1).toLowerCase();
  if (word === 'section' || word === 'sect.' || word === 'sec.' || word === 'sect' || word === 'sec') return true;
  // "RFC2821 4.1.3", "RFC 5321 4.1.1": an RFC number right before
  let d = j;
  while (d >= 0 && isDigit(t[d])) d--;
  if (d === j || j - d > 4) return false;
  while (d >= 0 && t[d] === ' ') d--;
  return d >= 2 && t.slice(d - 2, d + 1).toLowerCase() === 'rfc';
}

/** The character before position i, reading Exim's literal "\n" (two characters) as a line break. */
function precedingChar(t: string, i: number): string {
  if (i === 0) return '';
  if (i >= 2 && t[i - 1] === 'n' && t[i - 2] === '\\') return '\n';
  return t[i - 1]!;
}

/** Where the text proper starts, after blanks and markers: "550 ...", "  #550 5.1.1 ...", "<<< 550 ...". */
function firstContentIndex(t: string): number {
  let j = 0;
  while (j < t.length && (t[j] === ' ' || t[j] === '\t' || t[j] === '#' || t[j] === '<' || t[j] === '>' || t[j] === '"' || t[j] === "'")) j++;
  return j;
}

/** "host mx.example.com:587", "[192.0.2.1]:465", "2a01:111:f200::240": the number is a port or part of an address. */
function isPortOrAddress(t: string, colon: number): boolean {
  let j = colon - 1;
  if (j < 0) return false;
  if (t[j] === ']' || t[j] === ':') return true;
  let hexOnly = true;
  let hasDigit = false;
  while (j >= 0 && /[0-9A-Za-z.\-_]/.test(t[j]!)) {
    const c = t[j]!;
    if (c === '.') return true; // a host name or IPv4 address before the colon
    if (isDigit(c)) hasDigit = true;
    else if (!/[a-fA-F]/.test(c)) hexOnly = false;
    j--;
  }
  if (j >= 0 && t[j] === ':' && hexOnly) return true; // IPv6 group
  return hexOnly && hasDigit;
}

function followedByUnit(t: string, end: number): boolean {
  let j = end;
  while (t[j] === ' ') j++;
  if (t[j] === '%') return true;
  let k = j;
  while (k < t.length && k - j < 8 && isLetter(t[k])) k++;
  if (k === j || isLetter(t[k])) return false;
  return UNITS.has(t.slice(j, k).toLowerCase());
}

const WRAPPER_WORDS = ['said', 'returned', 'replied', 'reason', 'response', 'responded', 'error', 'code', 'status', 'failure', 'reply', 'answer'];

/** "... ResponseCode 421", "Remote host said 550", "SMTP error 554": a code after a word that announces one. */
function afterWrapperWord(t: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && t[j] === ' ') j--;
  let k = j;
  while (k >= 0 && isLetter(t[k])) k--;
  if (k === j) return false;
  const word = t.slice(k + 1, j + 1).toLowerCase();
  return WRAPPER_WORDS.some((w) => word.endsWith(w));
}

function isUrlChar(c: string | undefined): boolean {
  return isDigit(c) || isLetter(c) || c === '/' || c === '-' || c === '_' || c === '.';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}
