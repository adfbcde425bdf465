// One physical line → the PHPMailer debug entries on it.
//
// Usually a line is one entry: `2019-12-30 16:22:42 SERVER -> CLIENT: ...` (echo: TAB after the stamp,
// html: SPACE; pastes turn the TAB into several spaces, corpus lines 85-92). But html output
// (Debugoutput 'html': `<br>` after each entry, text through htmlentities) is often copied from a
// browser so that several entries share one line: corpus line 57 and 134 have timestamped entries
// glued with a space, line 133 has pre-5.2.8 entries glued with no timestamp at all. We split those
// on an embedded timestamp followed by a known label, or (only when the line has no timestamp at all)
// on the labels themselves.
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
const EMBEDDED_STAMP = /(?<!\d)\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[\t ]+/g;

/**
 * Html-mode text back to what PHPMailer printed: split on `<br>` (one entry each), then decode the
 * entities htmlentities() wrote (`SERVER -&gt; CLIENT:`, `&lt;credentials hidden&gt;`, `&amp;`).
 * One pass, so `&amp;lt;` correctly becomes the literal text `&lt;`.
 */
export function htmlPieces(text: string): string[] {
  const pieces = text.includes('<br') || text.includes('<BR') ? text.split(BR) : [text];
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
  const cuts: number[] = [start];
  let stamped = startsWithStamp(text, start);
  // Cheap gate: a second entry needs a second label, and every label holds one of these.
  if (text.length - start > 40 && (text.includes(' -> ') || text.includes('SMTP') || text.includes('Connection'))) {
    EMBEDDED_STAMP.lastIndex = start + (stamped ? 19 : 0);
    for (let m = EMBEDDED_STAMP.exec(text); m; m = EMBEDDED_STAMP.exec(text)) {
      if (startsWithMarker(text, m.index + m[0].length)) {
        cuts.push(m.index);
        stamped = true;
      }
    }
    if (!stamped && startsWithMarker(text, start)) {
      for (const marker of BARE_SPLIT_MARKERS) {
        for (let at = text.indexOf(marker, start + 1); at >= 0; at = text.indexOf(marker, at + marker.length)) cuts.push(at + 1);
      }
      cuts.sort((a, b) => a - b);
    }
  }
  const entries: RawEntry[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const piece = text.slice(cuts[i], i + 1 < cuts.length ? cuts[i + 1] : text.length);
    entries.push(entry(piece));
  }
  return entries;
}

function entry(piece: string): RawEntry {
  if (!startsWithStamp(piece, 0)) return { time: null, body: piece.trim() };
  const time = parseTimestampWithOffset(piece, 0, 0);
  let at = 19;
  while (at < piece.length && (piece.charCodeAt(at) === 32 || piece.charCodeAt(at) === 9)) at++;
  return { time: Number.isNaN(time) ? null : time, body: piece.slice(at).trim() };
}
