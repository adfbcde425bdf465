// Registries are explicit lists (STYLE convention 6); this keeps them in step with their folders, so a
// new command or parser file that was never registered (or a registered one that was deleted) fails.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsers } from '../parsers/index.js';
import { commands } from '../src/commands/index.js';
import { projectRoot } from '../src/util/paths.js';

describe('registries', () => {
  it('src/commands/index.ts lists every command file', () => {
    const files = readdirSync(join(projectRoot(), 'src', 'commands'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const names = commands.map((c) => c.command.split(' ')[0]).sort();
    expect(names).toEqual(files);
  });

  it('parsers/index.ts lists every parser module', () => {
    const files = readdirSync(join(projectRoot(), 'parsers'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(parsers.map((p) => p.format).sort()).toEqual(files);
  });
});
