// A bare `-` on the command line means standard input (`zcat old.log.gz | maillens analyze -`), but
// yargs drops a lone `-` from positionals (`analyze -` arrived as no file at all, and the run
// "succeeded" having read nothing). It is swapped for a token no path can spell (a NUL byte) before
// yargs sees the arguments, and swapped back where a command reads its file list.

/** What a bare `-` argument becomes while yargs parses. */
const STDIN_TOKEN = '\u0000stdin';

/** The arguments with every bare `-` replaced by the token yargs keeps. */
export function shieldStdinArgs(args: readonly string[]): string[] {
  return args.map((a) => (a === '-' ? STDIN_TOKEN : a));
}

/** A parsed file list with the token turned back into `-`. */
export function restoreStdinArgs(files: readonly string[]): string[] {
  return files.map((f) => (f === STDIN_TOKEN ? '-' : f));
}
