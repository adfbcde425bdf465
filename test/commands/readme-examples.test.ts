// The README's explain examples must say what the README claims: each `$ maillens explain ...` line
// carries the expected category in its comment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { run } from '../helpers/cli.js';

const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
const examples = [...readme.matchAll(/^\$ maillens explain (".*?"|\S+)\s+# (\w+)/gm)].map((m) => ({
  arg: m[1]!.startsWith('"') ? m[1]!.slice(1, -1) : m[1]!,
  category: m[2]!,
}));

describe('README explain examples', () => {
  it('has the blocklist, greylisting, quota, auth and relay examples', () => {
    expect(examples.map((e) => e.category)).toEqual(expect.arrayContaining(['rbl', 'greylisting', 'quota', 'auth', 'relay']));
  });
  for (const { arg, category } of examples) {
    it(`explain "${arg}" → ${category}`, async () => {
      const r = await run(['explain', arg, '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.category).toBe(category);
      if (category === 'rbl') expect(out.blocklist).toBe('zen.spamhaus.org');
      if (category === 'greylisting' || category === 'quota') expect(out.class).toBe('transient');
    });
  }
});
