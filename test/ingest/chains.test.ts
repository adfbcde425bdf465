// Which inputs may be read at the same time (src/ingest/chains.ts): only those that cannot change
// each other's rows.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainInputs } from '../../src/ingest/chains.js';
import { projectRoot } from '../../src/util/paths.js';

let dir: string;
const root = projectRoot();
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-chains-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (path: string) => ({ path, given: path });

describe('chainInputs', () => {
  it('keeps every Exim input in one chain, in order, and reads stdin in this thread', () => {
    const hm = join(root, 'fixtures/hmailserver/hmailserver_2024-11-22.log');
    const exim = join(root, 'fixtures/exim/rejectlog');
    const mainlog = join(dir, 'mainlog');
    writeFileSync(mainlog, '2024-11-22 10:00:00 1tEXAM-000001-AB <= a@example.org H=mx.example.org [192.0.2.1] P=esmtp S=1000\n');
    const chains = chainInputs([spec(exim), spec(hm), spec('-'), spec(mainlog)], undefined, 1024);
    expect(chains).toEqual([
      { inputs: [0, 3], inline: false },
      { inputs: [1], inline: false },
      { inputs: [2], inline: true },
    ]);
  });

  it('chains inputs whose first bytes agree (they may continue one stored source) and no others', () => {
    const php = join(root, 'fixtures/phpmailer/echo-level3.log');
    const copy = join(dir, 'copy.log');
    copyFileSync(php, copy);
    const grown = join(dir, 'grown.log');
    writeFileSync(grown, `${readFileSync(php, 'utf8')}more\n`);
    const other = join(root, 'fixtures/phpmailer/html-mode.log');
    expect(chainInputs([spec(php), spec(other), spec(copy), spec(grown)], undefined, 1024).map((c) => c.inputs)).toEqual([[0, 2, 3], [1]]);
    // A stored source known by only its first 10 bytes: files agreeing on 10 bytes may both match it.
    const tenSame = join(dir, 'ten.log');
    writeFileSync(tenSame, `${readFileSync(other, 'utf8').slice(0, 10)}something else entirely\n`);
    expect(chainInputs([spec(other), spec(tenSame)], undefined, 1024).map((c) => c.inputs)).toEqual([[0], [1]]);
    expect(chainInputs([spec(other), spec(tenSame)], undefined, 10).map((c) => c.inputs)).toEqual([[0, 1]]);
  });

  it('gives an unreadable input a chain of its own', () => {
    const missing = join(dir, 'nope.log');
    const php = join(root, 'fixtures/phpmailer/echo-level3.log');
    expect(chainInputs([spec(missing), spec(php)], undefined, 1024).map((c) => c.inputs)).toEqual([[0], [1]]);
  });
});
