import type { Argv } from 'yargs';
import type { CliContext } from './context.js';

/** Options every command shares. */
export interface GlobalOptions {
  db?: string;
}

/**
 * One CLI command, one module (src/commands/<name>.ts), registered in src/commands/index.ts.
 * `handler` returns the exit code; expected failures throw UserError (one line, no stack).
 */
export interface Command<A = Record<string, unknown>> {
  command: string;
  describe: string;
  builder(yargs: Argv<GlobalOptions>): Argv<A>;
  handler(argv: A & GlobalOptions, ctx: CliContext): Promise<number> | number;
}

/** Helper that keeps the command's argument type while erasing it for the registry. */
export function defineCommand<A>(command: Command<A>): Command<any> {
  return command as Command<any>;
}
