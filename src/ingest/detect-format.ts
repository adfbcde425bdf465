import { parsers } from '../../parsers/index.js';
import type { ParserModule } from '../../parsers/types.js';
import { LineSplitter } from './read-lines.js';

export interface Detection {
  parser: ParserModule | null;
  /** Every parser's score, best first, for messages ("looks 30% like exim"). */
  scores: { format: string; score: number }[];
}

/** How many of the first lines detection looks at. */
export const DETECT_LINES = 200;

/**
 * Picks the parser for an input from its first lines: each parser scores them (0..1) and the best
 * score above 0.5 wins. An input nobody recognises is reported by name rather than parsed as noise.
 */
export function detectFormat(sample: Buffer): Detection {
  const lines = sampleLines(sample);
  const scores = parsers
    .map((p) => ({ parser: p, score: safeScore(p, lines) }))
    .sort((a, b) => b.score - a.score);
  const best = scores[0];
  return {
    parser: best && best.score > 0.5 ? best.parser : null,
    scores: scores.map((s) => ({ format: s.parser.format, score: s.score })),
  };
}

export function sampleLines(sample: Buffer): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => {
    // (NUL runs left by a crash are noise: read-input drops them before parsing, detection too)
    if (lines.length >= DETECT_LINES) return;
    if (l.text.charCodeAt(0) !== 0) lines.push(l.text);
    else {
      const text = l.text.replace(/^\0+/, '');
      if (text.length > 0) lines.push(text);
    }
  });
  splitter.push(sample);
  splitter.end(true);
  return lines;
}

function safeScore(parser: ParserModule, lines: readonly string[]): number {
  try {
    const score = parser.detect(lines);
    return Number.isFinite(score) ? Math.max(0, Math.min(1, score)) : 0;
  } catch {
    return 0;
  }
}
