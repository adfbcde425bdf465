// Loading and validation: a broken catalog file must say which file, which entry and which field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/catalog-error.js';
import { buildCatalog, loadCatalog } from '../../src/catalog/load-catalog.js';

const about = { meaning: 'm', cause: 'c', action: 'a', sources: ['test'], examples: ['550 x'] };
const basic = (code: number, extra: Record<string, unknown> = {}) => ({ id: `basic.${code}`, code, standard: true, category: 'other', ...about, ...extra });
const rule = (id: string, extra: Record<string, unknown> = {}) => ({ id, category: 'rbl', match: { any: ['blocked using'] }, ...about, ...extra });

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return (err as Error).message;
  }
  throw new Error('expected a CatalogError');
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function catalogDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'maillens-catalog-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('buildCatalog: validation', () => {
  it('accepts an array or an object with "entries", and indexes codes and ids', () => {
    const c = buildCatalog({ basicCodes: { version: 1, entries: [basic(550)] }, textRules: [rule('text.rbl')], enhancedCodes: [{ id: 'enhanced.X.1.1', code: 'x.01.1', subject: 's', detail: 'd', specific: true, category: 'unknown_user', ...about }] });
    expect(c.basicByCode.get(550)?.id).toBe('basic.550');
    expect(c.enhancedByCode.get('X.1.1')?.id).toBe('enhanced.X.1.1');
    expect(c.byId.get('text.rbl')?.kind).toBe('text');
    expect(c.textRules[0]!.match.normAny).toEqual(['blocked using']);
  });

  it('names file, entry and field for a wrong category, class or code', () => {
    const msg = problemsOf(() => buildCatalog({ basicCodes: [basic(550, { category: 'spam' }), basic(999, { id: 'basic.999' }), basic(421, { class: 'soft' })] }));
    expect(msg).toContain('basic-codes.json, entry basic.550, field "category": "spam" is not a category');
    expect(msg).toContain('basic-codes.json, entry basic.999, field "code": must be a basic reply code 100-599');
    expect(msg).toContain('basic-codes.json, entry basic.421, field "class": "soft" is not a class');
  });

  it('names the position of an entry without an id, and every missing field', () => {
    const msg = problemsOf(() => buildCatalog({ textRules: [rule('text.ok'), { category: 'rbl', match: { any: ['x'] } }] }));
    expect(msg).toContain('text-rules.json, entry #1, field "id": missing');
    for (const f of ['meaning', 'cause', 'action', 'sources', 'examples']) expect(msg).toContain(`entry #1, field "${f}"`);
  });

  it('rejects unknown fields (typos), empty matches and match strings that would match everything', () => {
    const msg = problemsOf(() =>
      buildCatalog({
        textRules: [rule('text.a', { catgory: 'rbl' }), rule('text.b', { match: { any: [] } }), rule('text.c', { match: { any: ['...'] } }), rule('text.d', { match: { any: ['x'], some: ['y'] } })],
      }),
    );
    expect(msg).toContain('entry text.a, field "catgory": unknown field');
    expect(msg).toContain('entry text.b, field "match.any": must not be empty');
    expect(msg).toContain('entry text.c, field "match.any[0]": "..." has no letter or digit');
    expect(msg).toContain('entry text.d, field "match.some": unknown field');
  });

  it('reads "decisive" on text rules (default false), and refuses it anywhere else or when not a boolean', () => {
    const c = buildCatalog({ textRules: [rule('text.a', { decisive: true }), rule('text.b')] });
    expect(c.textRules.map((e) => e.decisive)).toEqual([true, false]);
    const msg = problemsOf(() => buildCatalog({ textRules: [rule('text.c', { decisive: 'yes' })], vendorTexts: [{ ...rule('vendor.x', { decisive: true }), vendor: 'X' }] }));
    expect(msg).toContain('text-rules.json, entry text.c, field "decisive": must be true or false');
    expect(msg).toContain('vendor-texts.json, entry vendor.x, field "decisive": unknown field');
  });

  it('checks codes conditions and enhanced code shapes', () => {
    const msg = problemsOf(() =>
      buildCatalog({
        vendorTexts: [{ ...rule('vendor.x', { codes: [550, '6xx'] }), vendor: 'X' }],
        enhancedCodes: [{ id: 'enhanced.bad', code: '5.7', subject: 's', detail: 'd', specific: 'yes', category: 'policy', ...about }],
      }),
    );
    expect(msg).toContain('vendor-texts.json, entry vendor.x, field "codes[1]": "6xx" is neither');
    expect(msg).toContain('enhanced-codes.json, entry enhanced.bad, field "code"');
    expect(msg).toContain('enhanced-codes.json, entry enhanced.bad, field "specific": must be true or false');
  });

  it('requires the vendor of a vendor text', () => {
    expect(problemsOf(() => buildCatalog({ vendorTexts: [rule('vendor.x')] }))).toContain('entry vendor.x, field "vendor": missing');
  });

  it('refuses duplicate ids across files and one code under two entries', () => {
    const msg = problemsOf(() => buildCatalog({ basicCodes: [basic(550), basic(550, { id: 'basic.550b' })], textRules: [rule('basic.550')] }));
    expect(msg).toContain('basic-codes.json, entry basic.550, field "id": duplicate id (already used in text-rules.json)');
    expect(msg).toContain('entry basic.550b, field "code": code 550 is already described by basic.550');
  });

  it('checks blocklists', () => {
    const msg = problemsOf(() =>
      buildCatalog({
        blocklists: [
          { id: 'bl.a', name: 'A', provider: 'A', zones: ['zen.example.org'], sources: ['x'] },
          { id: 'bl.b', name: 'B', provider: 'B', zones: ['zen.example.org', 'not a zone'], sources: ['x'] },
          { id: 'bl.c', name: 'C', provider: 'C', sources: ['x'] },
        ],
      }),
    );
    expect(msg).toContain('entry bl.b, field "zones": zone zen.example.org is already listed under bl.a');
    expect(msg).toContain('entry bl.b, field "zones": "not a zone" is not a DNS zone name');
    expect(msg).toContain('entry bl.c, field "zones": a blocklist needs at least one zone or one name');
  });
});

describe('loadCatalog: files', () => {
  it('treats a missing file as empty and says which', () => {
    const dir = catalogDir({ 'basic-codes.json': JSON.stringify([basic(550)]) });
    const c = loadCatalog(dir);
    expect(c.basicCodes).toHaveLength(1);
    expect(c.missingFiles.sort()).toEqual(['blocklists.json', 'enhanced-codes.json', 'text-rules.json', 'vendor-texts.json']);
  });

  it('names the file that is not JSON', () => {
    const dir = catalogDir({ 'text-rules.json': '[{"id": "x",]' });
    expect(problemsOf(() => loadCatalog(dir))).toMatch(/text-rules\.json: not valid JSON/);
  });

  it('names the file whose top level is neither an array nor {entries}', () => {
    const dir = catalogDir({ 'blocklists.json': '{"lists": []}' });
    expect(problemsOf(() => loadCatalog(dir))).toContain('blocklists.json: expected a JSON array of entries');
  });

  it('loads the shipped catalog without problems', () => {
    const c = loadCatalog();
    expect(c.missingFiles).toEqual([]);
    expect(c.basicByCode.get(550)).toBeDefined();
    expect(c.enhancedByCode.get('X.1.1')).toBeDefined();
  });
});
