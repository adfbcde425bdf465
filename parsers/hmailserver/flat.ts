// Strings we keep across lines (session state, event fields) must not pin the whole line they were cut
// from: V8 represents `line.slice(a, b)` (13+ chars) as a view into the parent string, so one kept HELO
// name would keep a 500-byte log line alive for the life of the session. Concatenating first forces a
// fresh flat copy; `slice(1)` then views that private copy, never the log line.

/** A copy of `text.slice(start, end)` that shares no memory with `text`, cut to at most `max` chars. */
export function flatSlice(text: string, start: number, end: number, max: number): string {
  if (end - start > max) end = start + max;
  return (' ' + text.slice(start, end)).slice(1);
}
