// Registries are explicit lists (STYLE convention 6); this keeps them in step with their folders, so a
// new command or parser file that was never registered (or a registered one that was deleted) fails.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsers } from '../parsers/index.js';
import { commands, commandsFor } from '../src/commands/index.js';
import { projectRoot } from '../src/util/paths.js';

describe('registries', () => {
  it('src/commands/index.ts lists every command file', () => {
    const files = readdirSync(join(projectRoot(), 'src', 'commands'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(commands.map((c) => c.name).sort()).toEqual(files);
  });

  it('each entry loads the command of its name; a command line loads only the command it names', async () => {
    for (const entry of commands) expect((await entry.load()).command.split(' ')[0]).toBe(entry.name);
    const names = async (args: string[]) => (await commandsFor(args)).map((c) => c.command.split(' ')[0]);
    expect(await names(['analyze', 'x.log'])).toEqual(['analyze']);
    expect(await names(['--db', 'report', 'events', '--since', 'yesterday'])).toEqual(['events']);
    expect(await names(['--help'])).toEqual(commands.map((c) => c.name));
    expect(await names(['analyse', 'x.log'])).toEqual(commands.map((c) => c.name));
  });

  it('parsers/index.ts lists every parser module', () => {
    const files = readdirSync(join(projectRoot(), 'parsers'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(parsers.map((p) => p.format).sort()).toEqual(files);
  });
});
