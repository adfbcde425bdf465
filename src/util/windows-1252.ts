// Windows-1252 decoding. Node's TextDecoder('windows-1252') (ICU) maps bytes 0x80-0x9F to the C1
// control characters, as ISO-8859-1 would; Windows-1252 puts € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™
// š › œ ž Ÿ there (the five unassigned bytes stay as their C1 code points, as the WHATWG table does).
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let needsMap = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 && b <= 0x9f) {
      needsMap = true;
      break;
    }
  }
  if (!needsMap) return latin1;
  let out = '';
  for (let i = 0; i < latin1.length; i++) {
    const c = latin1.charCodeAt(i);
    out += c >= 0x80 && c <= 0x9f ? String.fromCharCode(HIGH[c - 0x80]!) : latin1[i];
  }
  return out;
}
