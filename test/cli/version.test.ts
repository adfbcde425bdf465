// `maillens --version` names maillens' version wherever it is run from: yargs alone looks for a
// package.json from the working directory up, and printed the version of the project the admin stood in.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'maillens-version-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--version', () => {
  it('prints the package version, not the one of the project in the working directory', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'someone-else', version: '9.9.9' }));
    const bin = join(projectRoot(), 'dist', 'src', 'bin.js');
    const r = spawnSync(process.execPath, [bin, '--version'], { cwd: dir, encoding: 'utf8' });
    const own = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).version as string;
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(own);
  });
});
