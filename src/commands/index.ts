// The explicit list of CLI commands (a test checks it matches the files in this folder). Each is loaded
// only when needed: a run of `maillens analyze` does not pay for the report renderers' modules (start-up
// time and memory of every cron run, issue 7).
import type { Command } from '../cli/command.js';

export interface CommandEntry {
  /** The command's name: its first word, and its file's name. */
  name: string;
  load(): Promise<Command<any>>;
}

export const commands: CommandEntry[] = [
  { name: 'analyze', load: async () => (await import('./analyze.js')).default },
  { name: 'report', load: async () => (await import('./report.js')).default },
  { name: 'events', load: async () => (await import('./events.js')).default },
  { name: 'explain', load: async () => (await import('./explain.js')).default },
  { name: 'classify', load: async () => (await import('./classify.js')).default },
  { name: 'catalog', load: async () => (await import('./catalog.js')).default },
  { name: 'prune', load: async () => (await import('./prune.js')).default },
  { name: 'merge', load: async () => (await import('./merge.js')).default },
];

/**
 * The commands a command line needs: only the one it names, or all of them when it names none or
 * names something else (top-level help, a typo that yargs should answer with "did you mean").
 * Options before the command are skipped, with the value of the global option --db.
 */
export async function commandsFor(args: readonly string[]): Promise<Command<any>[]> {
  let first: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db') i++;
    else if (!a.startsWith('-')) {
      first = a;
      break;
    }
  }
  const named = commands.find((c) => c.name === first);
  return Promise.all((named ? [named] : commands).map((c) => c.load()));
}
