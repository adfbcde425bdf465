// Runs the maillens CLI in-process with a fake context (STYLE.md convention 9): stdin from a string,
// output captured as strings, a fixed clock and host name, so command tests read exactly what a user
// would see and the exit code.
import { Readable } from 'node:stream';
import type { CliContext, OutputStream } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface FakeContextOptions {
  /** What the command reads on stdin (default: nothing, already ended). */
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The fixed "now" (default 2024-06-01T12:00:00Z). */
  now?: Date;
  hostname?: string;
  /** Pretend stdout is a terminal of this width. */
  tty?: { columns: number };
  signal?: AbortSignal;
}

export const FIXED_NOW = new Date('2024-06-01T12:00:00Z');

class Capture implements OutputStream {
  chunks: string[] = [];
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean {
    this.chunks.push(String(chunk));
    return true;
  }
  text(): string {
    return this.chunks.join('');
  }
}

/** A CliContext over strings, plus accessors for what was written. */
export function fakeContext(options: FakeContextOptions = {}): { ctx: CliContext; stdout: () => string; stderr: () => string } {
  const out = new Capture();
  const err = new Capture();
  if (options.tty) {
    out.isTTY = true;
    out.columns = options.tty.columns;
  }
  const input = options.stdin ?? '';
  const now = options.now ?? FIXED_NOW;
  const ctx: CliContext = {
    stdout: out,
    stderr: err,
    stdin: Readable.from(input.length ? [typeof input === 'string' ? Buffer.from(input, 'utf8') : input] : []),
    env: { ...(options.env ?? {}) },
    cwd: options.cwd ?? process.cwd(),
    hostname: options.hostname ?? 'testhost',
    now: () => new Date(now.getTime()),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return { ctx, stdout: () => out.text(), stderr: () => err.text() };
}

/** `maillens <args...>` in-process: its exit code and everything it printed. */
export async function run(args: readonly string[], options: FakeContextOptions = {}): Promise<CliResult> {
  const { ctx, stdout, stderr } = fakeContext(options);
  const code = await runCli(args, ctx);
  return { code, stdout: stdout(), stderr: stderr() };
}
