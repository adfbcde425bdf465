// `zcat old.log.gz | maillens analyze - --format exim` (the example in `analyze --help`): a bare `-`
// is standard input. yargs drops a lone `-` from positionals, so this once read nothing and said "ok".
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { run } from '../helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-stdin-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('maillens analyze -', () => {
  const rejectlog = readFileSync(join(projectRoot(), 'fixtures', 'exim', 'rejectlog'));

  it('reads standard input, alone or among files', async () => {
    const db = join(dir, 'm.db');
    const r = await run(['analyze', '-', '--db', db, '--format', 'exim', '--json'], { stdin: rejectlog });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.inputs).toHaveLength(1);
    expect(out.inputs[0]).toMatchObject({ path: '-', status: 'read', format: 'exim', lines: 76 });
    expect(out.totals.events).toBe(55);
  });

  it('says so when standard input is empty', async () => {
    const r = await run(['analyze', '-', '--db', join(dir, 'e.db'), '--json'], { stdin: '' });
    expect(JSON.parse(r.stdout).inputs).toMatchObject([{ path: '-', status: 'empty' }]);
  });

  // `maillens analyze - < rejectlog.2.gz` (found in a user review): a file named on the command line is
  // decompressed when it starts with the gzip magic, standard input was read as text (not a recognised
  // format; with --format, every line skipped as not understood).
  it('decompresses gzip data on standard input, as it does for files', async () => {
    const r = await run(['analyze', '-', '--db', join(dir, 'g.db'), '--json'], { stdin: gzipSync(rejectlog) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.inputs[0]).toMatchObject({ path: '-', status: 'read', format: 'exim', lines: 76, skipped: 0 });
    expect(out.totals.events).toBe(55);
  });

  it('says so when gzip data on standard input is damaged', async () => {
    const broken = gzipSync(rejectlog).subarray(0, 300);
    const r = await run(['analyze', '-', '--db', join(dir, 'b.db'), '--format', 'exim'], { stdin: broken });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/standard input/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
