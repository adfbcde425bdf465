import type { Readable } from 'node:stream';

export interface OutputStream {
  write(chunk: string): unknown;
  /** True when a person is watching (a terminal): progress bars and colour only then. */
  isTTY?: boolean;
  columns?: number;
}

/**
 * Everything a command may touch of the outside world. Only bin.ts builds one from `process`; tests
 * build one from strings and read back {code, stdout, stderr}.
 */
export interface CliContext {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The mail host this machine is (events' `host` default). */
  hostname: string;
  now(): Date;
  /** Set by signal handlers: long loops stop at the next batch boundary and commit what they have. */
  signal?: AbortSignal;
}

/** Colour only for a person at a terminal: never into a file, never with NO_COLOR (no-color.org) or TERM=dumb. */
export function wantsColor(ctx: CliContext): boolean {
  return ctx.stdout.isTTY === true && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb';
}
