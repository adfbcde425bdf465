// `maillens catalog [search] [--category <id>] [--json]`: lists the reply catalog in tier order, or the
// entries whose id, meaning, codes, vendor or match strings contain the search term.
import { defineCommand } from '../cli/command.js';
import type { CliContext } from '../cli/context.js';
import { defaultCatalog } from '../catalog/default-catalog.js';
import type { Catalog, CatalogEntry } from '../catalog/types.js';
import { CATEGORIES, type Category } from '../model/labels.js';
import { EXIT, UserError } from '../util/errors.js';

interface CatalogArgs {
  search?: string;
  category?: string;
  json: boolean;
}

interface Row {
  id: string;
  file: string;
  tier: string;
  codes: string[];
  category: Category;
  meaning: string;
  entry: CatalogEntry;
}

export default defineCommand<CatalogArgs>({
  command: 'catalog [search]',
  describe: 'list or search the reply catalog (codes, vendor texts, text rules)',
  builder: (y) =>
    y
      .positional('search', { type: 'string', describe: 'only entries whose id, meaning, codes or match strings contain this' })
      .option('category', { type: 'string', describe: `only this category (${CATEGORIES.join(', ')})` })
      .option('json', { type: 'boolean', default: false, describe: 'print a JSON array' }) as never,
  handler: (argv, ctx) => {
    const category = argv.category;
    if (category !== undefined && !(CATEGORIES as readonly string[]).includes(category)) {
      throw new UserError(`unknown category "${category}" (one of: ${CATEGORIES.join(', ')})`, EXIT.usage);
    }
    const catalog = defaultCatalog();
    const term = argv.search !== undefined ? String(argv.search).toLowerCase().trim() : '';
    const rows = rowsOf(catalog).filter((r) => (!category || r.category === category) && (!term || matches(r, term)));
    if (argv.json) {
      ctx.stdout.write(`${JSON.stringify(rows.map(toJson), null, 2)}\n`);
    } else {
      writeTable(rows, ctx);
      const missing = catalog.missingFiles.length ? ` (missing catalog files: ${catalog.missingFiles.join(', ')})` : '';
      ctx.stdout.write(`${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}${missing}\n`);
    }
    return EXIT.ok;
  },
});

function rowsOf(catalog: Catalog): Row[] {
  const rows: Row[] = [];
  const add = (entry: CatalogEntry, tier: string, codes: string[]) =>
    rows.push({ id: entry.id, file: entry.file, tier, codes, category: entry.category, meaning: entry.meaning, entry });
  for (const e of catalog.vendorTexts) add(e, 'vendor-text', (e.codes ?? []).map(String));
  for (const e of catalog.enhancedCodes) add(e, e.specific ? 'enhanced-specific' : 'enhanced-generic', [e.code]);
  for (const e of catalog.textRules) add(e, e.decisive ? 'decisive-text' : 'text', (e.codes ?? []).map(String));
  for (const e of catalog.basicCodes) add(e, 'basic', [String(e.code)]);
  return rows;
}

function matches(r: Row, term: string): boolean {
  const e = r.entry;
  const hay = [e.id, e.meaning, ...r.codes];
  if (e.kind === 'vendor' || e.kind === 'text') hay.push(...e.match.any, ...e.match.all, e.vendor ?? '');
  if (e.kind === 'basic' && e.reply) hay.push(e.reply);
  // "X.1.1" stands for 2.1.1, 4.1.1 and 5.1.1: a search for the concrete code finds it.
  if (e.kind === 'enhanced') hay.push(e.subject, e.detail, ...(e.code.startsWith('X.') ? ['2', '4', '5'].map((d) => d + e.code.slice(1)) : []));
  return hay.some((h) => h.toLowerCase().includes(term));
}

function toJson(r: Row): Record<string, unknown> {
  const e = r.entry;
  const base: Record<string, unknown> = { id: e.id, file: e.file, tier: r.tier, category: e.category, codes: r.codes };
  if (e.class) base.class = e.class;
  if (e.kind === 'vendor' || e.kind === 'text') {
    if (e.vendor) base.vendor = e.vendor;
    base.match = { any: e.match.any, ...(e.match.all.length ? { all: e.match.all } : {}), ...(e.match.none.length ? { none: e.match.none } : {}) };
  }
  if (e.kind === 'enhanced') Object.assign(base, { subject: e.subject, detail: e.detail, specific: e.specific });
  if (e.kind === 'basic') Object.assign(base, { standard: e.standard, ...(e.reply ? { reply: e.reply } : {}) });
  return { ...base, meaning: e.meaning, cause: e.cause, action: e.action, sources: e.sources, examples: e.examples };
}

function writeTable(rows: Row[], ctx: CliContext): void {
  if (!rows.length) return;
  const idWidth = Math.min(48, Math.max(...rows.map((r) => r.id.length)));
  const codeWidth = Math.min(16, Math.max(5, ...rows.map((r) => r.codes.join(',').length)));
  const catWidth = Math.max('CATEGORY'.length, ...rows.map((r) => r.category.length));
  const columns = ctx.stdout.isTTY ? (ctx.stdout.columns ?? 100) : Infinity;
  const lines = [`${'ID'.padEnd(idWidth)}  ${'CODES'.padEnd(codeWidth)}  ${'CATEGORY'.padEnd(catWidth)}  MEANING`];
  for (const r of rows) lines.push(`${r.id.padEnd(idWidth)}  ${(r.codes.join(',') || '-').padEnd(codeWidth)}  ${r.category.padEnd(catWidth)}  ${r.meaning}`);
  // On a terminal keep one entry per line; in a pipe keep everything (grep wants the whole meaning).
  const cut = (line: string) => (line.length > columns ? `${line.slice(0, Math.max(columns - 1, 20))}…` : line);
  ctx.stdout.write(`${lines.map(cut).join('\n')}\n`);
}
