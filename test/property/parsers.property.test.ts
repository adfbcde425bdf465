// Property tests (issue 6): every parser, fed random and mutated real lines, never throws, never emits
// an event with an out-of-range code or an unknown stage/direction, and emits one event per real reply
// whatever the line endings and chunk boundaries.
//
// `npm test` runs them with a fixed seed. A longer run, with a fresh seed each time:
//   MAILLENS_PROPERTY_RUNS=20000 MAILLENS_PROPERTY_SEED=random npx vitest run test/property
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../parsers/index.js';
import type { LogLine, ParserModule } from '../../parsers/types.js';
import { LineSplitter } from '../../src/ingest/read-lines.js';
import type { ReplyEvent } from '../../src/model/event.js';
import { CODE_SOURCES, DIRECTIONS, STAGES } from '../../src/model/labels.js';
import { projectRoot } from '../../src/util/paths.js';
import { loadSamples, type SampleFile } from '../helpers/samples.js';

const RUNS = Number(process.env.MAILLENS_PROPERTY_RUNS) || 300;
const SEED = process.env.MAILLENS_PROPERTY_SEED === 'random' ? Date.now() : Number(process.env.MAILLENS_PROPERTY_SEED) || 20241127;
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

const dir = join(projectRoot(), 'parsers');
const samples = new Map<string, SampleFile[]>();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.samples.log'))) {
  const format = file.split(/[-.]/)[0]!;
  samples.set(format, [...(samples.get(format) ?? []), loadSamples(join(dir, file))]);
}

function parseLines(parser: ParserModule, lines: readonly LogLine[]): ReplyEvent[] {
  const events: ReplyEvent[] = [];
  const p = parser.create({ sink: { event: (e) => events.push(e), success: () => {} }, lookup: { lastDeferral: () => null } });
  for (const line of lines) p.push(line);
  p.finish();
  return events;
}

function parseBytes(parser: ParserModule, bytes: Buffer, cuts: number[]): ReplyEvent[] {
  const events: ReplyEvent[] = [];
  const p = parser.create({ sink: { event: (e) => events.push(e), success: () => {} }, lookup: { lastDeferral: () => null } });
  const splitter = new LineSplitter((line) => p.push(line));
  let prev = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    splitter.push(bytes.subarray(prev, cut));
    prev = cut;
  }
  splitter.end(true);
  p.finish();
  return events;
}

function checkEvent(e: ReplyEvent, lineCount: number): void {
  if (e.code !== null) {
    expect(Number.isInteger(e.code), `code ${e.code}`).toBe(true);
    expect(e.code).toBeGreaterThanOrEqual(100);
    expect(e.code).toBeLessThanOrEqual(599);
  }
  if (e.enhanced !== null) expect(e.enhanced).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
  expect(STAGES).toContain(e.stage);
  expect(DIRECTIONS).toContain(e.direction);
  expect(CODE_SOURCES).toContain(e.codeSource);
  expect(typeof e.text).toBe('string');
  expect(e.line).toBeGreaterThanOrEqual(1);
  expect(e.line).toBeLessThanOrEqual(lineCount);
  if (e.time !== null) expect(Number.isFinite(e.time)).toBe(true);
}

/** A real line, mutated the way damaged or hostile logs are: cut, spliced, bytes flipped, junk inserted. */
const mutation = (real: string[]) =>
  fc.oneof(
    fc.constantFrom(...real),
    fc.tuple(fc.constantFrom(...real), fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))),
    fc.tuple(fc.constantFrom(...real), fc.nat(), fc.string({ unit: 'binary', maxLength: 40 })).map(([l, n, junk]) => {
      const at = n % (l.length + 1);
      return l.slice(0, at) + junk + l.slice(at);
    }),
    fc.tuple(fc.constantFrom(...real), fc.constantFrom(...real), fc.nat()).map(([a, b, n]) => a.slice(0, n % (a.length + 1)) + b.slice(n % (b.length + 1))),
    fc.tuple(fc.constantFrom(...real), fc.nat(), fc.integer({ min: 0, max: 0xffff })).map(([l, n, c]) => {
      const at = n % Math.max(1, l.length);
      return l.slice(0, at) + String.fromCharCode(c) + l.slice(at + 1);
    }),
    fc.tuple(fc.constantFrom(...real), fc.constantFrom('999', '0', '-1', '5555', '9.9.9', '5.999.999', '1e3', '550-', '[nl]', '\\n', '\t', '"', '<', '>')).map(
      ([l, s]) => l.replace(/\d{3}/, s),
    ),
    fc.string({ unit: 'binary', maxLength: 300 }),
  );

describe('parser properties', () => {
  for (const parser of parsers) {
    const files = samples.get(parser.format) ?? [];
    const real = files.flatMap((f) => f.lines.map((l) => l.text)).filter((t) => t.length > 0);

    it(`${parser.format}: random and mutated lines never throw and never give out-of-range events`, () => {
      expect(real.length).toBeGreaterThan(20);
      fc.assert(
        fc.property(fc.array(mutation(real), { minLength: 1, maxLength: 40 }), (texts) => {
          let offset = 0;
          const lines = texts.map((text, i) => {
            const line = { text, offset, number: i + 1 };
            offset += Buffer.byteLength(text) + 1;
            return line;
          });
          const events = parseLines(parser, lines);
          for (const e of events) checkEvent(e, lines.length);
          expect(events.length).toBeLessThanOrEqual(lines.length * 4);
        }),
        params,
      );
    });

    it(`${parser.format}: one event per real reply, whatever the line endings and chunk boundaries`, () => {
      for (const file of files) {
        const expected = [...file.expectations.values()].reduce((n, list) => n + list.length, 0);
        const reference = parseLines(parser, file.lines);
        expect(reference.length, file.path).toBe(expected);
        const strip = (e: ReplyEvent) => ({ line: e.line, seq: e.seq, code: e.code, enhanced: e.enhanced, stage: e.stage, text: e.text, recipient: e.recipient });
        fc.assert(
          fc.property(fc.constantFrom('\n', '\r\n'), fc.array(fc.nat(), { maxLength: 30 }), (ending, cuts) => {
            const bytes = Buffer.from(file.lines.map((l) => l.text).join(ending) + ending, 'utf8');
            const events = parseBytes(parser, bytes, cuts.map((c) => c % (bytes.length + 1)));
            expect(events.map(strip)).toEqual(reference.map(strip));
          }),
          { ...params, numRuns: Math.max(10, Math.floor(RUNS / 10)) },
        );
      }
    });
  }
});
