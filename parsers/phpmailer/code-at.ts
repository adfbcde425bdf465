/**
 * `text.charCodeAt(i)`, or -1 outside the string (where charCodeAt gives NaN). Optimized code that
 * reads past the end of a string is thrown away the first time it does (a V8 deopt, "out of bounds"),
 * and so is code that meets NaN where it has only seen small integers ("not a Smi"), each time with
 * everything it was inlined into (issue 7, `node --trace-deopt --trace-opt`: reading the 20 MB bench
 * log, these recompiles of the line-reading chain took 0.3 s of the 0.7 s of CPU spent compiling).
 */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** Where the run of spaces and TABs at `at` ends (`at` itself when there is none). */
export function skipBlanks(text: string, at: number): number {
  let c = codeAt(text, at);
  while (c === 32 || c === 9) c = codeAt(text, ++at);
  return at;
}
