// A progress bar on stderr for analyze, only when a person watches (a terminal) and not with --quiet.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { ProgressBar, formatBytes } from '../../src/cli/progress.js';
import { fakeContext } from '../helpers/cli.js';
import { rejectionLine } from '../helpers/exim-lines.js';

let dir: string;
let log: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maillens-progress-'));
  log = join(dir, 'rejectlog');
  writeFileSync(log, Array.from({ length: 30_000 }, (_, i) => rejectionLine(i)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyze(tty: boolean, ...extra: string[]) {
  const { ctx, stderr } = fakeContext({ cwd: dir });
  if (tty) Object.assign(ctx.stderr, { isTTY: true, columns: 100 });
  const code = await runCli(['analyze', log, '--db', join(dir, `${Math.random()}.db`), ...extra], ctx);
  return { code, stderr: stderr() };
}

describe('progress bar', () => {
  it('draws bytes done, total and speed on a terminal, and erases itself', async () => {
    const r = await analyze(true);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\x1b\[2K.*rejectlog \[[#-]+\]\s+\d+% [\d.]+ (B|KiB|MiB) \/ [\d.]+ MiB [\d.]+ (B|KiB|MiB|GiB)\/s/);
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints nothing when stderr is not a terminal, or with --quiet', async () => {
    expect((await analyze(false)).stderr).toBe('');
    expect((await analyze(true, '--quiet')).stderr).toBe('');
  });

  it('redraws at most ten times a second', () => {
    let now = 0;
    const out: string[] = [];
    const bar = new ProgressBar({ write: (s: string) => out.push(s), isTTY: true, columns: 80 }, () => now);
    for (let i = 0; i < 100; i++) {
      now += 10;
      bar.update('x', i * 1000, 100_000);
    }
    expect(out.length).toBe(10);
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});
