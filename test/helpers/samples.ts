// Loader for parsers/<format>[-<variant>].samples.log: real-shaped log lines, each line that must
// yield events preceded by `# expect: {...}` (an object, or an array for several events). A line
// without `expect` must yield nothing. Lines starting with "# " (or a lone "#") are comments.
import { readFileSync } from 'node:fs';
import type { LogLine } from '../../parsers/types.js';
import { decodeLineBytes } from '../../src/ingest/read-lines.js';

export interface SampleFile {
  path: string;
  lines: LogLine[];
  /** expected events keyed by 1-based line number (of `lines`, i.e. without comment lines). */
  expectations: Map<number, Record<string, unknown>[]>;
  /** verdicts asserted with `# verdict: <verdict>` before a line. */
  verdicts: Map<number, string>;
}

export function loadSamples(path: string): SampleFile {
  // Samples are stored as UTF-8 except where a sample needs raw bytes; decode per line like the reader.
  const buf = readFileSync(path);
  const physical = splitKeepingOffsets(buf);
  const lines: LogLine[] = [];
  const expectations = new Map<number, Record<string, unknown>[]>();
  const verdicts = new Map<number, string>();
  let pending: Record<string, unknown>[] | null = null;
  let pendingVerdict: string | null = null;
  let offset = 0;
  for (const { text, sourceLine } of physical) {
    if (text === '#' || text.startsWith('# ')) {
      const v = /^# verdict: (\w+)$/.exec(text);
      if (v) pendingVerdict = v[1]!;
      const m = /^# expect: (.*)$/.exec(text);
      if (m) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(m[1]!);
        } catch (err) {
          throw new Error(`${path}:${sourceLine}: bad expect JSON: ${(err as Error).message}`);
        }
        const list = Array.isArray(parsed) ? parsed : [parsed];
        pending = [...(pending ?? []), ...(list as Record<string, unknown>[])];
      }
      continue;
    }
    const line: LogLine = { text, offset, number: lines.length + 1 };
    offset += Buffer.byteLength(text, 'utf8') + 1;
    lines.push(line);
    if (pending) {
      expectations.set(line.number, pending);
      pending = null;
    }
    if (pendingVerdict) {
      verdicts.set(line.number, pendingVerdict);
      pendingVerdict = null;
    }
  }
  if (pending) throw new Error(`${path}: an expect at the end of the file has no line after it`);
  return { path, lines, expectations, verdicts };
}

function splitKeepingOffsets(buf: Buffer): { text: string; sourceLine: number }[] {
  const out: { text: string; sourceLine: number }[] = [];
  let start = 0;
  let n = 0;
  while (start < buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    let stop = end;
    if (stop > start && buf[stop - 1] === 0x0d) stop--;
    const slice = buf.subarray(start, stop);
    out.push({ text: decodeLine(slice), sourceLine: ++n });
    start = end + 1;
  }
  return out;
}

function decodeLine(slice: Buffer): string {
  // Same rule as the reader.
  return decodeLineBytes(slice);
}
