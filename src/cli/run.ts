import { createRequire } from 'node:module';
import type yargsFactory from 'yargs';
import { commandsFor } from '../commands/index.js';
import { EXIT, UserError, describeError } from '../util/errors.js';
import { packageVersion } from '../util/paths.js';
import type { CliContext } from './context.js';
import { shieldStdinArgs } from './stdin-arg.js';

/**
 * yargs 17 through its CommonJS build: one bundled file, whose help layout uses wrap-ansi and
 * string-width 4. Its ES-module build wraps help text in the middle of words, and yargs 18 (ES modules
 * only) loads string-width 7/8, which build an Intl.Segmenter and Unicode-property expressions at
 * import: 57 ms more on every run (a rerun of the fixture rejectlog 0.220 -> 0.163 s, median of 15,
 * interleaved) and ~4 MB of memory, for a help text maillens rarely prints (issue 7).
 */
const yargs = createRequire(import.meta.url)('yargs') as typeof yargsFactory;

/**
 * Runs one maillens command line in-process and returns its exit code. All output goes through
 * ctx.stdout / ctx.stderr so that tests see exactly what a user would.
 */
export async function runCli(given: readonly string[], ctx: CliContext): Promise<number> {
  const args = shieldStdinArgs(given);
  let exitCode: number = EXIT.ok;
  let failed = false;

  const parser = yargs([...args])
    .scriptName('maillens')
    .usage('$0 <command> [options]\n\nTells you why mail is being refused: reads mail-server logs, explains every SMTP reply, keeps the results in SQLite.')
    .option('db', {
      type: 'string',
      describe: 'SQLite database (default: $MAILLENS_DB, else $XDG_DATA_HOME/maillens/maillens.db)',
      global: true,
    })
    .strict()
    .demandCommand(1, 'Name a command: maillens --help lists them.')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(packageVersion())
    .wrap(Math.min(100, ctx.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      failed = true;
      if (err && !(err instanceof UserError)) throw err;
      if (err instanceof UserError) {
        exitCode = err.exitCode;
        ctx.stderr.write(`maillens: ${err.message}\n`);
      } else {
        exitCode = EXIT.usage;
        ctx.stderr.write(`maillens: ${msg ?? 'invalid command line'} (see maillens --help)\n`);
      }
    });

  skipHelpLayout(parser);

  // The handler runs after yargs is done: a handler yargs awaits makes it lay out the whole help text
  // first, in case it is needed later (~25 ms of every run, issue 7).
  let chosen: (() => Promise<number> | number) | null = null;
  for (const command of await commandsFor(args)) {
    parser.command({
      command: command.command,
      describe: command.describe,
      builder: (y) => command.builder(y as never),
      handler: (argv) => {
        chosen = () => command.handler(argv as never, ctx);
      },
    });
  }

  try {
    const output = await new Promise<string>((resolve, reject) => {
      parser
        .parseAsync(args as string[], {}, (err, _argv, out) => {
          if (err && !failed) reject(err);
          else resolve(out ?? '');
        })
        .catch(reject);
    });
    if (output) (failed ? ctx.stderr : ctx.stdout).write(output.endsWith('\n') ? output : `${output}\n`);
    // yargs still calls the handler after .fail() reported a usage error; the error stands.
    const run = chosen as (() => Promise<number> | number) | null;
    if (run && !failed) exitCode = await run();
  } catch (err) {
    if (err instanceof UserError) {
      ctx.stderr.write(`maillens: ${err.message}\n`);
      return err.exitCode;
    }
    ctx.stderr.write(`maillens: internal error: ${describeError(err)}\n`);
    if (ctx.env.MAILLENS_DEBUG) ctx.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.failure;
  }
  return exitCode;
}

/**
 * After it calls a command's handler, yargs lays out that command's whole help text and keeps it, for
 * a showHelp() that maillens never calls (--help and usage errors are answered before any handler):
 * ~20 ms of string-width measuring at the start of every run, analyze included (issue 7). The hook is
 * internal to yargs, so it is replaced only where it is found; a yargs without it just costs the 20 ms.
 */
function skipHelpLayout(parser: unknown): void {
  const internals = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
