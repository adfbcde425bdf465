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
import { BARE_SPLIT_MARKERS, startsWithMarker, startsWithStamp } from './markers.js';

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
  const lt = text.indexOf('<');
  const pieces = lt >= 0 && (text.includes('<br', lt) || text.includes('<BR', lt)) ? text.split(BR) : [text];
  const out: string[] = [];
  for (const piece of pieces) {
    const decoded = piece.includes('&') ? decodeEntities(piece) : piece;
    if (decoded.trim() !== '') out.push(decoded);
  }
  return out;
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
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  let stamped = startsWithStamp(text, start);
  // Cheap gates. A stamped line holds another entry only behind another stamp, which (but across New
  // Year's midnight) starts with the same "YYYY-"; otherwise a second entry needs a second label, and
  // every label holds one of these.
  if (stamped && lastYear !== '' && text.startsWith(lastYear, start) && !text.includes(lastYear, start + 19)) return [entry(text, start)];
  const after = start + (stamped ? 19 : 0) + 12;
  if (text.length - after <= 20 || !(text.includes(' -> ', after) || text.includes('SMTP', after) || text.includes('Connection', after))) {
    return [entry(text, start)];
  }
  const cuts: number[] = [start];
  for (let at = nextStamp(text, start + (stamped ? 19 : 1)); at >= 0; at = nextStamp(text, at + 19)) {
    let end = at + 19;
    while (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9) end++;
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
 * Where the next `Y-m-d H:i:s` followed by a TAB or space starts, at or after `from`, or -1. Found by its
 * first colon (13 characters in) rather than a regex: lines hold few colons, and most are not stamps.
 */
function nextStamp(text: string, from: number): number {
  for (let colon = text.indexOf(':', from + 13); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    const at = colon - 13;
    if (!startsWithStamp(text, at)) continue;
    const prev = at > 0 ? text.charCodeAt(at - 1) : 32;
    if (prev >= 48 && prev <= 57) continue;
    const sep = text.charCodeAt(at + 19);
    if (sep === 32 || sep === 9) return at;
  }
  return -1;
}

/** The stamp last read and its time: a transcript repeats the same second on line after line. */
let lastStamp = '';
let lastStampTime = NaN;
let lastYear = '';

/** PHPMailer's stamp at `from` (checked by the caller) as unix ms (gmdate: UTC), or NaN. */
export function stampTime(piece: string, from: number): number {
  if (lastStamp !== '' && piece.startsWith(lastStamp, from) && piece.charCodeAt(from + 19) !== 46) return lastStampTime;
  const time = parseTimestampWithOffset(piece, from, 0);
  lastStamp = flat(piece.slice(from, from + 19));
  lastStampTime = time;
  lastYear = lastStamp.slice(0, 5);
  return time;
}

/** Whether another timestamped entry is glued on after `from` (what splitEntries would cut). */
export function hasGluedEntry(text: string, from: number): boolean {
  for (let at = nextStamp(text, from); at >= 0; at = nextStamp(text, at + 19)) {
    let end = at + 19;
    while (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9) end++;
    if (startsWithMarker(text, end)) return true;
  }
  return false;
}

function entry(piece: string, from: number): RawEntry {
  if (!startsWithStamp(piece, from)) return { time: null, body: from === 0 ? piece.trim() : piece.slice(from).trim() };
  const time = stampTime(piece, from);
  let at = from + 19;
  while (at < piece.length && (piece.charCodeAt(at) === 32 || piece.charCodeAt(at) === 9)) at++;
  return { time: Number.isNaN(time) ? null : time, body: piece.slice(at).trim() };
}
