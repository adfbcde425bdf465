/**
 * A copy of `s` that does not share memory with the string it was cut from. V8 keeps substrings as
 * views ("sliced strings") of their parent: a 40-byte address kept in a Map or a batch would otherwise
 * keep a whole 64 KiB chunk of log alive, and memory would grow with the file (issue 7).
 */
export function flat<T extends string | null | undefined>(s: T): T {
  if (s === null || s === undefined || s.length < 13) return s; // V8 copies short substrings anyway
  return (' ' + s).slice(1) as T;
}
