// One physical line → the PHPMailer debug entries on it.
//
// Usually a line is one entry: `2019-12-30 16:22:42 SERVER -> CLIENT: ...` (echo: TAB after the stamp,
// html: SPACE; pastes turn the TAB into several spaces, corpus lines 85-92). But html output
// (Debugoutput 'html': `<br>` after each entry, text through htmlentities) is often copied from a
// browser so that several entries share one line: corpus line 57 and 134 have timestamped entries
// glued with a space, line 133 has pre-5.2.8 entries glued with no timestamp at all. We split those
// on an embedded timestamp followed by a known label, or (only when the line has no timestamp at all)
// on the labels themselves.
import { flat } from '../../src/util/flat.js';
import { parseTimestampWithOffset } from '../../src/util/log-time.js';
import { codeAt, skipBlanks } from './code-at.js';
import { BARE_SPLIT_MARKERS, MIN_MARKER, startsAt, startsWithMarker, startsWithStamp } from './markers.js';

export interface RawEntry {
  /** PHPMailer's own timestamp (gmdate, so UTC), or null. */
  time: number | null;
  body: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };
const ENTITY = /&(?:(lt|gt|amp|quot|apos|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
const BR = /<br\s{0,8}\/?>/i;

/**
 * Html-mode text back to what PHPMailer printed: split on `<br>` (one entry each), then decode the
 * entities htmlentities() wrote (`SERVER -&gt; CLIENT:`, `&lt;credentials hidden&gt;`, `&amp;`).
 * One pass, so `&amp;lt;` correctly becomes the literal text `&lt;`.
 */
export function htmlPieces(text: string): string[] {
  const pieces = hasHtmlBreak(text) ? text.split(BR) : [text];
  const out: string[] = [];
  for (const piece of pieces) {
    const decoded = piece.includes('&') ? decodeEntities(piece) : piece;
    if (decoded.trim() !== '') out.push(decoded);
  }
  return out;
}

/** Whether `text` may hold an html `<br>` (htmlPieces() splits it only then). */
export function hasHtmlBreak(text: string): boolean {
  // `<br` or `<BR` at one of the `<`s: a line holds few (`MAIL FROM:<a@b>`), and looking at the two
  // characters after each costs less than searching the rest of the line twice.
  for (let lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
    const b = codeAt(text, lt + 1);
    const r = codeAt(text, lt + 2);
    if ((b === 98 && r === 114) || (b === 66 && r === 82)) return true;
  }
  return false;
}

export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return ENTITIES[name]!;
    const n = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
  });
}

/** The entries of one (html-decoded) piece of a line, in order. */
export function splitEntries(text: string): RawEntry[] {
  const start = skipBlanks(text, 0);
  let stamped = startsWithStamp(text, start);
  if (looksSingle(text, start, stamped)) return [entry(text, start)];
  const cuts: number[] = [start];
  for (let at = nextStamp(text, start + (stamped ? 19 : 1)); at >= 0; at = nextStamp(text, at + 19)) {
    const end = skipBlanks(text, at + 19);
    if (startsWithMarker(text, end)) {
      cuts.push(at);
      stamped = true;
    }
  }
  if (!stamped && startsWithMarker(text, start)) {
    for (const marker of BARE_SPLIT_MARKERS) {
      for (let at = text.indexOf(marker, start + 1); at >= 0; at = text.indexOf(marker, at + marker.length)) cuts.push(at + 1);
    }
    cuts.sort((a, b) => a - b);
  }
  if (cuts.length === 1) return [entry(text, start)];
  const entries: RawEntry[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const piece = text.slice(cuts[i], i + 1 < cuts.length ? cuts[i + 1] : text.length);
    entries.push(entry(piece, 0));
  }
  return entries;
}

/**
 * Cheap gates: true when the text at `start` is one entry for sure. A stamped line holds another entry
 * only behind another stamp, which (but across New Year's midnight) starts with the same "YYYY-";
 * otherwise a second entry needs a second label, and every label holds one of these.
 */
function looksSingle(text: string, start: number, stamped: boolean): boolean {
  if (stamped && lastYear !== '' && startsAt(text, lastYear, start) && !text.includes(lastYear, start + 19)) return true;
  return noLabelAfter(text, start + (stamped ? 19 : 0) + 12);
}

function noLabelAfter(text: string, after: number): boolean {
  return text.length - after <= 20 || !(text.includes(' -> ', after) || text.includes('SMTP', after) || text.includes('Connection', after));
}

/**
 * For a piece with PHPMailer's stamp at 0 (checked by the caller): its stampTime() when splitEntries()
 * would give it as one entry, undefined (and the stamp not read) when it holds glued entries. The same
 * gates in the same order as splitEntries() then entry(), asking the stamp cache once for both: the
 * cached stamp starts with lastYear, so a hit answers the year gate too.
 */
export function singleStampTime(text: string): number | undefined {
  const cached = startsWithLastStamp(text, 0);
  // The gates are pure, so the cheapest goes first: a short line has no room for a second entry.
  if (text.length - 31 > 20) {
    const sameYear = cached || (lastYear !== '' && startsAt(text, lastYear, 0));
    if (!(sameYear && !text.includes(lastYear, 19)) && !noLabelAfter(text, 31) && hasGluedEntry(text, 19)) return undefined;
  }
  return cached && codeAt(text, 19) !== 46 ? lastStampTime : readStamp(text, 0);
}

/**
 * Where the next `Y-m-d H:i:s` followed by a TAB or space starts, at or after `from`, or -1. Found by its
 * first colon (13 characters in) rather than a regex: lines hold few colons, and most are not stamps.
 */
function nextStamp(text: string, from: number): number {
  for (let colon = text.indexOf(':', from + 13); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    const at = colon - 13;
    // The stamp's second colon first: most colons in a line are not a stamp's.
    if (codeAt(text, colon + 3) !== 58 || !startsWithStamp(text, at)) continue;
    const prev = at > 0 ? text.charCodeAt(at - 1) : 32;
    if (prev >= 48 && prev <= 57) continue;
    const sep = codeAt(text, at + 19);
    if (sep === 32 || sep === 9) return at;
    // Echo output whose TABs and newlines were stripped (pasted through a URL, which drops both:
    // https://github.com/ZENLIX/hd.rustem/issues/181 `...failed.2014-08-14 14:34:04SMTP ERROR: ...`):
    // the stamp touches the next entry's label. A label right after it is as sure as a separator.
    if (startsWithMarker(text, at + 19)) return at;
  }
  return -1;
}

/** The stamp last read and its time: a transcript repeats the same second on line after line. */
let lastStamp = '';
let lastStampTime = NaN;
let lastYear = '';
/**
 * The last line found to start with lastStamp (cleared when that changes): asked again about the same
 * line, the cache answers by identity. It pins one read chunk at most.
 */
let lastStampLine = '';

/**
 * Whether the line starts with PHPMailer's stamp: usually the stamp last read (one compare, and then
 * the stamp cache answers this line by identity), else by its shape. lastStamp is always stamp-shaped:
 * stampTime() is only asked about a stamp its caller checked.
 */
export function lineStartsWithStamp(text: string): boolean {
  if (lastStamp !== '' && startsAt(text, lastStamp, 0)) {
    lastStampLine = text;
    return true;
  }
  return startsWithStamp(text);
}

function startsWithLastStamp(piece: string, from: number): boolean {
  return lastStamp !== '' && ((from === 0 && piece === lastStampLine) || startsAt(piece, lastStamp, from));
}

/** PHPMailer's stamp at `from` (checked by the caller) as unix ms (gmdate: UTC), or NaN. */
export function stampTime(piece: string, from: number): number {
  if (startsWithLastStamp(piece, from) && codeAt(piece, from + 19) !== 46) return lastStampTime;
  return readStamp(piece, from);
}

/** stampTime() past its cache: reads the stamp and caches it. */
function readStamp(piece: string, from: number): number {
  const time = parseTimestampWithOffset(piece, from, 0);
  lastStamp = flat(piece.slice(from, from + 19));
  lastStampLine = '';
  lastStampTime = time;
  lastYear = lastStamp.slice(0, 5);
  return time;
}

/** Whether another timestamped entry is glued on after `from` (what splitEntries would cut). */
export function hasGluedEntry(text: string, from: number): boolean {
  // Room for a stamp at `from` or later, a space and the shortest label?
  if (text.length < from + 20 + MIN_MARKER) return false;
  for (let at = nextStamp(text, from); at >= 0; at = nextStamp(text, at + 19)) {
    const end = skipBlanks(text, at + 19);
    if (startsWithMarker(text, end)) return true;
  }
  return false;
}

/**
 * A line of GLPI's files/_log/mail-debug.log without the next record's stamp. GLPI's Debugoutput callable
 * writes each record as `<stamp> [<pid>@<host>]`, a newline, then `<level> - <message>`, and adds no
 * newline after a message that has none, so the next record's stamp follows on the same line: right
 * after the message (`1 - SMTP ERROR: Failed to connect to server: Connection refused (111)2023-01-24
 * 15:30:23 [500@s-web]`, which would be the event's text, and hides the `[<file> line <n>]` of a socket
 * warning), or after its label where the message ends with one (an empty reply, `SMTP ERROR: EHLO command
 * failed: ` with no reply text), where it would be read as the reply (glpi-project/glpi#4608). It
 * belongs to the next record. Only a line ending in `]` is looked at further.
 */
export function withoutGluedRecordStamp(text: string): string {
  if (codeAt(text, text.length - 1) !== 93 /* ] */) return text;
  const open = text.lastIndexOf(' [');
  const at = open - 19;
  if (at < 2 || !startsWithStamp(text, at) || text.indexOf('@', open) < 0) return text;
  // After a label's ": ", or glued to the message's last character (not a digit: a longer number).
  const prev = codeAt(text, at - 1);
  if (prev === 32 ? codeAt(text, at - 2) !== 58 /* ": " */ : prev < 32 || (prev >= 48 && prev <= 57)) return text;
  return text.slice(0, at);
}

function entry(piece: string, from: number): RawEntry {
  if (!startsWithStamp(piece, from)) return { time: null, body: from === 0 ? piece.trim() : piece.slice(from).trim() };
  const time = stampTime(piece, from);
  const at = skipBlanks(piece, from + 19);
  return { time: Number.isNaN(time) ? null : time, body: piece.slice(at).trim() };
}
