// Reads catalog/*.json, validates every entry and builds the in-memory index classification uses.
// A missing file counts as empty (so a partly written catalog still loads), anything malformed throws
// one CatalogError listing every problem with file, entry and field.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../util/paths.js';
import { CatalogError, type CatalogProblem } from './catalog-error.js';
import { CATALOG_FILES, type Blocklist, type Catalog, type CatalogEntry, type CatalogFileKey } from './types.js';
import { entriesOf, validateBasicEntry, validateBlocklist, validateEnhancedEntry, validateTextEntry } from './validate-entries.js';

export function defaultCatalogDir(): string {
  return join(projectRoot(), 'catalog');
}

export function loadCatalog(dir: string = defaultCatalogDir()): Catalog {
  const problems: CatalogProblem[] = [];
  const parsed: Partial<Record<CatalogFileKey, unknown>> = {};
  const missingFiles: string[] = [];
  for (const [key, file] of Object.entries(CATALOG_FILES) as [CatalogFileKey, string][]) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      missingFiles.push(file);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      problems.push({ file, entry: null, field: null, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    try {
      parsed[key] = JSON.parse(text);
    } catch (err) {
      problems.push({ file, entry: null, field: null, message: `not valid JSON: ${(err as Error).message}` });
    }
  }
  if (problems.length) throw new CatalogError(problems);
  return buildCatalog(parsed, { dir, missingFiles });
}

/**
 * Validates already-parsed file contents (keyed like CATALOG_FILES) and indexes them. Tests use it to
 * build small catalogs without touching the disk.
 */
export function buildCatalog(
  parsed: Partial<Record<CatalogFileKey, unknown>>,
  opts: { dir?: string; missingFiles?: string[] } = {},
): Catalog {
  const problems: CatalogProblem[] = [];
  const list = (key: CatalogFileKey): unknown[] => (parsed[key] === undefined ? [] : (entriesOf(CATALOG_FILES[key], parsed[key], problems) ?? []));
  const keep = <T>(items: (T | null)[]): T[] => items.filter((x): x is T => x !== null);

  const vendorTexts = keep(list('vendorTexts').map((o, i) => validateTextEntry(CATALOG_FILES.vendorTexts, 'vendor', o, i, problems)));
  const textRules = keep(list('textRules').map((o, i) => validateTextEntry(CATALOG_FILES.textRules, 'text', o, i, problems)));
  const enhancedCodes = keep(list('enhancedCodes').map((o, i) => validateEnhancedEntry(CATALOG_FILES.enhancedCodes, o, i, problems)));
  const basicCodes = keep(list('basicCodes').map((o, i) => validateBasicEntry(CATALOG_FILES.basicCodes, o, i, problems)));
  const blocklists = keep(list('blocklists').map((o, i) => validateBlocklist(CATALOG_FILES.blocklists, o, i, problems)));

  // Ids are unique across all files: `explain` and stored events refer to entries by id alone.
  const byId = new Map<string, CatalogEntry>();
  const seenIds = new Map<string, string>();
  const claim = (id: string, file: string) => {
    const first = seenIds.get(id);
    if (first) problems.push({ file, entry: id, field: 'id', message: `duplicate id (already used in ${first})` });
    else seenIds.set(id, file);
  };
  for (const e of [...vendorTexts, ...textRules, ...enhancedCodes, ...basicCodes]) {
    claim(e.id, e.file);
    if (!byId.has(e.id)) byId.set(e.id, e);
  }
  for (const b of blocklists) claim(b.id, b.file);

  // One code, one entry: Sisimai's code tables drifted into one code under two reasons (STYLE.md 2).
  const basicByCode = new Map<number, (typeof basicCodes)[number]>();
  for (const e of basicCodes) {
    const first = basicByCode.get(e.code);
    if (first) problems.push({ file: e.file, entry: e.id, field: 'code', message: `code ${e.code} is already described by ${first.id}` });
    else if (e.code) basicByCode.set(e.code, e);
  }
  const enhancedByCode = new Map<string, (typeof enhancedCodes)[number]>();
  for (const e of enhancedCodes) {
    const first = enhancedByCode.get(e.code);
    if (first) problems.push({ file: e.file, entry: e.id, field: 'code', message: `code ${e.code} is already described by ${first.id}` });
    else if (e.code) enhancedByCode.set(e.code, e);
  }
  checkBlocklists(blocklists, problems);

  if (problems.length) throw new CatalogError(problems);
  return {
    dir: opts.dir ?? '',
    vendorTexts,
    textRules,
    enhancedCodes,
    basicCodes,
    blocklists,
    byId,
    basicByCode,
    enhancedByCode,
    missingFiles: opts.missingFiles ?? [],
  };
}

function checkBlocklists(blocklists: Blocklist[], problems: CatalogProblem[]): void {
  const zoneOwner = new Map<string, string>();
  for (const b of blocklists) {
    for (const z of b.zones) {
      const first = zoneOwner.get(z);
      if (first) problems.push({ file: b.file, entry: b.id, field: 'zones', message: `zone ${z} is already listed under ${first}` });
      else zoneOwner.set(z, b.id);
    }
  }
}
