import { parseArgs } from 'node:util';
import { BENCH_FORMATS, isBenchFormat, parseSize, type BenchFormat } from './generate.js';

export interface BenchOptions {
  /** Bytes per format of the full-size file; the second run uses a tenth. */
  bytes: number;
  formats: BenchFormat[];
  seed: number;
  /** Runs per stage: the median time and the highest RSS are reported. */
  repeat: number;
  /** Stage to run once more under `node --cpu-prof` (full size), or null. */
  profile: string | null;
  out: string | null;
  corpus: string | null;
  generateOnly: boolean;
  /** Put the printed table into bench/README.md (section "Last table"). */
  readme: boolean;
  quick: boolean;
  help: boolean;
}

export const DEFAULT_SIZE = '200MB';
export const DEFAULT_SEED = 1;
export const QUICK_SIZE = '20MB';

export const USAGE = `usage: npm run bench -- [options]

  --size <size>       bytes per format for the full-size run (default ${DEFAULT_SIZE}; 1 MB = 1 MiB);
                      every stage also runs on a file of a tenth of that size
  --quick             small files for a smoke run (--size ${QUICK_SIZE})
  --formats <list>    comma-separated, from: ${BENCH_FORMATS.join(',')} (default: all)
  --seed <n>          generator seed (default 1); files are cached per format, size, seed and version
  --repeat <n>        run every stage n times, in n rounds (each stage once per round), report the
                      median time and the median of the rounds' own ratios to the baseline (default 1)
  --profile [stage]   afterwards, run one stage (default analyze; also rerun, read, split2, lines,
                      parse, classify) under node --cpu-prof on the full-size files and print
                      where the time goes
  --out <file>        where to write the figures as JSON (default bench/results/latest.json; a run of
                      another size, seed or set of formats: latest-<size>-s<seed>-<formats>.json beside it)
  --readme            also put the table and the targets into bench/README.md ("Last table")
  --generate-only     make (or find) the files, measure nothing
`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  // --profile takes an optional value: give it one when the next word is not an option.
  const args = [...argv];
  const p = args.indexOf('--profile');
  if (p >= 0 && (p === args.length - 1 || args[p + 1]!.startsWith('--'))) args.splice(p + 1, 0, 'analyze');
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string' },
      quick: { type: 'boolean', default: false },
      formats: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      repeat: { type: 'string', default: '1' },
      profile: { type: 'string' },
      out: { type: 'string' },
      corpus: { type: 'string' },
      'generate-only': { type: 'boolean', default: false },
      readme: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const formats = (values.formats ?? BENCH_FORMATS.join(','))
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) if (!isBenchFormat(f)) throw new Error(`unknown format "${f}": choose from ${BENCH_FORMATS.join(', ')}`);
  const seed = Number(values.seed);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number: ${values.seed}`);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be 1 or more: ${values.repeat}`);
  return {
    bytes: parseSize(values.size ?? (values.quick ? QUICK_SIZE : DEFAULT_SIZE)),
    formats: formats as BenchFormat[],
    seed,
    repeat,
    profile: values.profile ?? null,
    out: values.out ?? null,
    corpus: values.corpus ?? null,
    generateOnly: values['generate-only'] ?? false,
    readme: values.readme ?? false,
    quick: values.quick ?? false,
    help: values.help ?? false,
  };
}
