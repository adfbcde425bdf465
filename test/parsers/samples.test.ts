// One generic test for every parsers/*.samples.log: each `# expect:` line yields exactly the events
// listed (fields compared as written; class/category/rule/blocklist go through the classifier), and
// every other line yields none (this is what catches header blocks or echoes counted as replies).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../parsers/index.js';
import type { LineVerdict } from '../../parsers/types.js';
import { classify } from '../../src/classify/classify.js';
import type { ReplyEvent } from '../../src/model/event.js';
import { projectRoot } from '../../src/util/paths.js';
import { loadSamples } from '../helpers/samples.js';

const dir = join(projectRoot(), 'parsers');
const files = readdirSync(dir).filter((f) => f.endsWith('.samples.log')).sort();
const CLASSIFIED = new Set(['class', 'category', 'rule', 'blocklist', 'tier']);

describe('parser samples', () => {
  it('every parser has at least one samples file', () => {
    for (const p of parsers) expect(files.some((f) => f.startsWith(`${p.format}`)), p.format).toBe(true);
  });

  for (const file of files) {
    const format = file.split(/[-.]/)[0];
    const parser = parsers.find((p) => p.format === format);

    it(`${file}: every expected event and nothing else`, () => {
      expect(parser, `no parser for ${file}`).toBeDefined();
      const samples = loadSamples(join(dir, file));
      const events: ReplyEvent[] = [];
      const instance = parser!.create({ sink: { event: (e) => events.push(e), success: () => {} } });
      const verdicts = new Map<number, LineVerdict>();
      for (const line of samples.lines) verdicts.set(line.number, instance.push(line));
      instance.finish();

      const byLine = new Map<number, ReplyEvent[]>();
      for (const e of events) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);

      const problems: string[] = [];
      for (const line of samples.lines) {
        const where = `${file} line ${line.number}: ${line.text.slice(0, 120)}`;
        const expected = samples.expectations.get(line.number) ?? [];
        const got = byLine.get(line.number) ?? [];
        if (got.length !== expected.length) {
          problems.push(`${where}\n  expected ${expected.length} event(s), got ${got.length}: ${JSON.stringify(got.map(brief))}`);
          continue;
        }
        expected.forEach((want, i) => {
          const event = got[i]!;
          const classification = classify(event) as unknown as Record<string, unknown>;
          for (const [key, value] of Object.entries(want)) {
            const actual = CLASSIFIED.has(key) ? classification[key] : (event as unknown as Record<string, unknown>)[key];
            if (JSON.stringify(actual) !== JSON.stringify(value)) {
              problems.push(`${where}\n  ${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`);
            }
          }
        });
        const verdict = verdicts.get(line.number);
        const wantVerdict = samples.verdicts.get(line.number);
        if (wantVerdict && verdict !== wantVerdict) problems.push(`${where}\n  verdict: expected ${wantVerdict}, got ${verdict}`);
        if (expected.length > 0 && verdict !== 'reply') problems.push(`${where}\n  verdict: a line with events must be "reply", got ${verdict}`);
        if (expected.length === 0 && verdict === 'reply') problems.push(`${where}\n  verdict "reply" on a line that yields no event`);
      }
      expect(problems.join('\n')).toBe('');
    });
  }
});

function brief(e: ReplyEvent) {
  return { stage: e.stage, code: e.code, enhanced: e.enhanced, text: e.text.slice(0, 60) };
}
