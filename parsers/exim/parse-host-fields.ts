// The host identity Exim writes for a connection, and the `X=value` fields that follow it.
//
// host_build_sender_fullhost() (exim src/src/host.c, formats.md 1.2) writes one of
//   [ip]   (helo) [ip]   name [ip]   name (helo) [ip]
// optionally followed by `:port`; outbound lines write `name [ip]:port` and a `*` when the host was
// tried before. The HELO is whatever the client sent (it can hold brackets, parentheses, spaces and
// raw bytes when helo_accept_junk_hosts lets it through), so the address is taken from the bracket
// group that closes the HELO, as the spec says ("only the final address in square brackets can be
// relied on"), never by splitting on spaces. Every search here is a bounded indexOf scan: HELOs and
// addresses are attacker-controlled and can be huge.

export interface HostFields {
  /** Verified reverse name (inbound) or the remote host's name (outbound). */
  name: string | null;
  helo: string | null;
  ip: string | null;
  /** Login name from `U=` (ident, or the local user for non-TCP input). */
  user: string | null;
  /** `F=` value with the angle brackets removed (`<>` gives ''). */
  sender: string | null;
  /** `P=` received protocol (`esmtp`, `local`...). */
  protocol: string | null;
  /** Index after the last field read. */
  end: number;
}

/**
 * Characters of an address group: hex digits, '.', ':', '%' (IPv6 zone) and 'x'/'X', which admins
 * use to mask addresses in logs they share (`[XXX.XXX.125.141]`, `[192.168.x.x]`, clamav#1189).
 * A table by character code (ASCII only): IP_CHAR for any of them, IP_SEPARATOR added for '.' and
 * ':', IP_CLOSE for ']'. Digits and dots alternate at random in an address, so a chain of range
 * tests per character mispredicts; one lookup does not (this runs on every host of every line).
 */
const IP_CHAR = 1;
const IP_SEPARATOR = 2;
const IP_CLOSE = 4;
const IP_CLASS = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF%xX') IP_CLASS[ch.charCodeAt(0)] = IP_CHAR;
IP_CLASS[46] = IP_CHAR | IP_SEPARATOR; // .
IP_CLASS[58] = IP_CHAR | IP_SEPARATOR; // :
IP_CLASS[93] = IP_CLOSE; // ]

/** `[ip]` at `at` → index of the closing bracket, or -1 when the group is not an address. */
function ipGroupEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 91) return -1;
  const limit = Math.min(text.length, at + 64);
  let seen = 0;
  for (let i = at + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? IP_CLASS[c]! : 0;
    if (k === IP_CLOSE) return (seen & IP_SEPARATOR) !== 0 ? i : -1;
    if (k === 0) return -1;
    seen |= k;
  }
  return -1;
}

/**
 * `[token]` at `at` that is no address but the placeholder a poster put in its place when sharing a
 * log: fail2ban's own notation `[<HOST>]` (fail2ban#3263 pastes real lines that way), `[REDACTED]`,
 * `[IP]`. Only a short run without spaces or brackets, and only where the line then goes on as Exim
 * writes after a host (end, `:`, a field, a known word), so a HELO holding brackets is not taken for
 * it. Returns the index of the closing bracket, or -1. The refusal on such a line is still real; only
 * its address is unknown.
 */
function maskedGroupEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 91) return -1;
  const limit = Math.min(text.length, at + 40);
  for (let i = at + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 93) {
      if (i === at + 1) return -1;
      const after = skipPort(text, i + 1);
      const next = text.charCodeAt(after);
      if (Number.isNaN(next) || next === 58 || (next === 32 && continuesHost(text, after + 1))) return i;
      return -1;
    }
    if (c <= 32 || c === 91 || c === 40 || c === 41 || c >= 127) return -1;
  }
  return -1;
}

/** Skips `:port` and a trailing `*` after an address group. */
function skipPort(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === 58) {
    let j = i + 1;
    while (text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (j > i + 1) i = j;
  }
  if (text.charCodeAt(i) === 42) i++;
  return i;
}

/**
 * Words Exim writes right after a host identity (the start of the next field or of the message),
 * including the strerror texts of a per-host line after a failed connect() (transports/smtp.c
 * write_logs: `mx [ip] Connection refused`; a poster masked that address as [yyy.yyy.yyy.157]).
 */
const AFTER_HOST = [
  'rejected ', 'temporarily ', 'sender verify ', 'dropped', 'lost', 'closed ', 'incomplete ', 'Warning: ', '(', 'input=', 'next input=', 'D=', 'refused',
  'Connection refused', 'Connection timed out', 'Connection reset', 'No route to host', 'Network is unreachable',
];

function continuesHost(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  // an uppercase field key: `X=`, `Ci=`, `SNI=`
  if (c >= 65 && c <= 90 && (text.charCodeAt(at + 1) === 61 || text.charCodeAt(at + 2) === 61 || text.charCodeAt(at + 3) === 61)) return true;
  for (const w of AFTER_HOST) if (text.startsWith(w, at)) return true;
  return false;
}

export interface FullHost {
  name: string | null;
  helo: string | null;
  ip: string | null;
  end: number;
}

/**
 * Reads a full host at `at` (the text after `H=`, or after "SMTP call from " and friends, which use
 * the same form without `H=`). A bare word (a local login such as `CALLER`) gives only `name`.
 */
export function parseFullHost(text: string, at: number): FullHost {
  let p = at;
  let name: string | null = null;
  let helo: string | null = null;
  let ip: string | null = null;
  if (text.charCodeAt(p) !== 91 && text.charCodeAt(p) !== 40) {
    let end = text.indexOf(' ', p);
    if (end < 0) end = text.length;
    let nameEnd = end;
    if (text.charCodeAt(nameEnd - 1) === 58) nameEnd--; // "from CALLER: ..."
    name = text.slice(p, nameEnd);
    p = end;
    const next = text.charCodeAt(p + 1);
    if (text.charCodeAt(p) === 32 && (next === 40 || (next === 91 && (ipGroupEnd(text, p + 1) > 0 || maskedGroupEnd(text, p + 1) > 0)))) p++;
    else return { name, helo, ip, end: nameEnd };
  }
  if (text.charCodeAt(p) === 40) {
    // (helo) [ip]: the first ") [" whose bracket holds an address closes the HELO.
    // A HELO can itself hold `) [addr]` (helo_accept_junk_hosts lets anything through): the real
    // group is the one after which the line goes on as Exim writes it (end, ':', a field, a known
    // word); failing that, the first group followed by a space.
    let search = p + 1;
    let found = -1;
    let foundEnd = -1;
    let loose = -1;
    let looseEnd = -1;
    for (let tries = 0; tries < 16; tries++) {
      const q = text.indexOf(') [', search);
      if (q < 0) break;
      const close = ipGroupEnd(text, q + 2);
      if (close > 0) {
        const at = skipPort(text, close + 1);
        const after = text.charCodeAt(at);
        if (Number.isNaN(after) || after === 58 || (after === 32 && continuesHost(text, at + 1))) {
          found = q;
          foundEnd = close;
          break;
        }
        if (after === 32 && loose < 0) {
          loose = q;
          looseEnd = close;
        }
      }
      search = q + 1;
    }
    if (found < 0) {
      found = loose;
      foundEnd = looseEnd;
    }
    if (found < 0) {
      // no address group: a placeholder in its place still ends the HELO
      const q = text.indexOf(') [', p + 1);
      const masked = q < 0 ? -1 : maskedGroupEnd(text, q + 2);
      if (masked > 0) return { name, helo: text.slice(p + 1, q), ip, end: skipPort(text, masked + 1) };
    }
    if (found < 0) {
      const close = text.indexOf(')', p);
      const end = close < 0 ? text.length : close + 1;
      return { name, helo: text.slice(p + 1, close < 0 ? text.length : close), ip, end };
    }
    helo = text.slice(p + 1, found);
    ip = text.slice(found + 3, foundEnd);
    return { name, helo, ip, end: skipPort(text, foundEnd + 1) };
  }
  const close = ipGroupEnd(text, p);
  if (close > 0) {
    ip = text.slice(p + 1, close);
    p = skipPort(text, close + 1);
  } else {
    const masked = maskedGroupEnd(text, p);
    if (masked > 0) p = skipPort(text, masked + 1);
  }
  return { name, helo, ip, end: p };
}

/** End of a plain field value (up to a space; a value ending in ':' before a space stops there). */
function valueEnd(text: string, at: number): number {
  let end = text.indexOf(' ', at);
  if (end < 0) end = text.length;
  if (end > at && text.charCodeAt(end - 1) === 58) end--;
  return end;
}

/** `<addr>` or `addr` at `at` → [value without brackets, end index]. */
export function readAddress(text: string, at: number): [string, number] {
  if (text.charCodeAt(at) === 60) {
    // up to the first '>' that ends the token (a quoted local part may hold spaces)
    let search = at + 1;
    for (let tries = 0; tries < 16; tries++) {
      const close = text.indexOf('>', search);
      if (close < 0) break;
      const after = text.charCodeAt(close + 1);
      if (Number.isNaN(after) || after === 32 || after === 58 || after === 44) return [text.slice(at + 1, close), close + 1];
      search = close + 1;
    }
    const end = valueEnd(text, at);
    return [text.slice(at + 1, end), end];
  }
  const end = valueEnd(text, at);
  return [text.slice(at, end), end];
}

/**
 * Fields read past without keeping their value: `I=`, `Ci=`, `X=`, `CV=`, `SNI=`, `A=`, `S=`, `PRX=`,
 * `R=`, `T=`, `Q=`, and the flags `TFO`, `DS`, `L`, `K` (whole words). Returns the index after the
 * field, or -1 when none starts at `p`. Character tests rather than a list of startsWith calls: this
 * runs for every field of every inbound line.
 */
function skippedFieldEnd(text: string, p: number, c0: number, c1: number): number {
  if (c1 === 61) {
    // one-letter keys: I X A S R T Q
    if (c0 === 73 || c0 === 88 || c0 === 65 || c0 === 83 || c0 === 82 || c0 === 84 || c0 === 81) return valueEnd(text, p + 2);
    return -1;
  }
  const c2 = text.charCodeAt(p + 2);
  if (c0 === 67 && (c1 === 105 || c1 === 86) && c2 === 61) return valueEnd(text, p + 3); // Ci= CV=
  const c3 = text.charCodeAt(p + 3);
  if (c3 === 61 && ((c0 === 83 && c1 === 78 && c2 === 73) || (c0 === 80 && c1 === 82 && c2 === 88))) return valueEnd(text, p + 4); // SNI= PRX=
  // flags without '=' must be whole words
  if (c0 === 84 && c1 === 70 && c2 === 79 && isWordEnd(c3)) return p + 3; // TFO
  if (c0 === 68 && c1 === 83 && isWordEnd(c2)) return p + 2; // DS
  if ((c0 === 76 || c0 === 75) && isWordEnd(c1)) return p + 1; // L K
  return -1;
}

/** The end of the text or a space. */
function isWordEnd(c: number): boolean {
  return Number.isNaN(c) || c === 32;
}

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * A `key=value` token at `at` that is not one of the fields above (newer Exim releases and builds add
 * their own, e.g. SPF/DMARC results between F= and "rejected", formats.md 1.3): the index after its
 * value, or -1. Keys are short words; a quoted value runs to its closing quote.
 */
function keyValueEnd(text: string, at: number): number {
  const c0 = text.charCodeAt(at);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return -1;
  let i = at + 1;
  while (i < at + 20 && isKeyChar(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 61) return -1; // '='
  i++;
  if (text.charCodeAt(i) === 34) {
    const close = text.indexOf('"', i + 1);
    return close < 0 ? -1 : close + 1;
  }
  const end = valueEnd(text, i);
  return end > i ? end : -1;
}

/**
 * Reads the identity and field run that starts inbound lines: `[DS ]H=... U=... I=... X=... CV=...
 * DN="..." SNI=... F=<...> A=... P=...` in any order, stopping at the first word that is not a
 * field. `start` points at the first field.
 */
export function parseHostFields(text: string, start: number): HostFields {
  const out: HostFields = { name: null, helo: null, ip: null, user: null, sender: null, protocol: null, end: start };
  let p = start;
  for (let guard = 0; guard < 32; guard++) {
    const c0 = text.charCodeAt(p);
    const c1 = text.charCodeAt(p + 1);
    if (c0 === 72 && c1 === 61) {
      // H=
      const host = parseFullHost(text, p + 2);
      out.name = host.name;
      out.helo = host.helo;
      out.ip = host.ip;
      p = host.end;
    } else if (c0 === 85 && c1 === 61) {
      // U=
      const end = valueEnd(text, p + 2);
      out.user = text.slice(p + 2, end);
      p = end;
    } else if (c0 === 70 && c1 === 61) {
      // F=
      const [value, end] = readAddress(text, p + 2);
      out.sender = value;
      p = end;
    } else if (c0 === 80 && c1 === 61) {
      // P=
      const end = valueEnd(text, p + 2);
      out.protocol = text.slice(p + 2, end);
      p = end;
    } else if (c0 === 68 && c1 === 78 && text.charCodeAt(p + 2) === 61 && text.charCodeAt(p + 3) === 34) {
      // DN="..."
      const close = text.indexOf('"', p + 4);
      p = close < 0 ? text.length : close + 1;
    } else {
      let end = skippedFieldEnd(text, p, c0, c1);
      if (end < 0) end = keyValueEnd(text, p);
      if (end < 0) break;
      p = end;
    }
    if (text.charCodeAt(p) !== 32) break;
    const next = text.charCodeAt(p + 1);
    // continue only when the next word looks like a field (uppercase key, F=/P=/DN=, or key=value)
    if (!(next >= 65 && next <= 90) && keyValueEnd(text, p + 1) < 0) break;
    p++;
  }
  if (text.charCodeAt(p) === 32) p++;
  out.end = p;
  return out;
}

/** The key a host is tracked under across lines (same client in the line that follows). */
export function identityKey(ip: string | null, user: string | null, name: string | null): string {
  if (ip) return ip;
  if (user) return `U=${user}`;
  return name ? `N=${name}` : '';
}
