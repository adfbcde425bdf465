// Quality checks of basic-codes.json, enhanced-codes.json and vendor-texts.json against the evidence
// they cite: the labeled corpus (../shared/corpus/labeled-replies.tsv, LABELS.md) and their own
// examples. What it guards:
// - provenance: every source names a real seed, corpus file, corpus row, RFC or source file;
// - a vendor entry citing a labeled row really matches that row and agrees with its label, and no
//   vendor entry claims a labeled reply of another category (vendor texts are the first tier, so an
//   over-broad one would overrule everything after it);
// - an enhanced code marked `specific` agrees with most labeled replies that carry it (catalog/README.md:
//   specific codes beat text rules, so the claim must hold on real data);
// - every example reaches its own entry through the tiers these three files make up (vendor text,
//   specific enhanced code, generic enhanced code, basic code). Text rules are the other half of the
//   catalog and are proved by the classifier's own example test.
// The JSON is read with fs; matching follows catalog/README.md literally (lowercase substrings).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CATALOG = join(ROOT, 'catalog');
// Copies of ../shared (seeds/, corpus/) live in fixtures/ so a clean clone is self-contained.
const SHARED = join(ROOT, 'fixtures');

interface Entry {
  id: string;
  category: string;
  sources: string[];
  examples: string[];
}
interface VendorEntry extends Entry {
  vendor: string;
  match: { any: string[]; all?: string[]; none?: string[] };
  codes?: (number | string)[];
}
interface BasicEntry extends Entry {
  code: number;
}
interface EnhancedEntry extends Entry {
  code: string;
  specific: boolean;
}

const read = <T>(file: string): T[] => (JSON.parse(readFileSync(join(CATALOG, file), 'utf8')) as { entries: T[] }).entries;
const basic = read<BasicEntry>('basic-codes.json');
const enhanced = read<EnhancedEntry>('enhanced-codes.json');
const vendor = read<VendorEntry>('vendor-texts.json');
const all: (readonly [string, Entry])[] = [
  ...basic.map((e) => ['basic-codes.json', e] as const),
  ...enhanced.map((e) => ['enhanced-codes.json', e] as const),
  ...vendor.map((e) => ['vendor-texts.json', e] as const),
];
const basicByCode = new Map(basic.map((e) => [e.code, e]));
const enhancedByCode = new Map(enhanced.map((e) => [e.code, e]));

function enhancedEntry(code: string | null): EnhancedEntry | undefined {
  if (!code) return undefined;
  const [c, s, d] = code.split('.');
  return enhancedByCode.get(`${c}.${Number(s)}.${Number(d)}`) ?? enhancedByCode.get(`X.${Number(s)}.${Number(d)}`);
}

function vendorMatches(e: VendorEntry, code: number | null, text: string): boolean {
  const t = text.toLowerCase();
  if (e.codes && (code === null ? !e.codes.includes('none') : !e.codes.some((c) => c !== 'none' && (typeof c === 'number' ? c === code : Number(c[0]) === Math.floor(code / 100))))) return false;
  return e.match.any.some((s) => t.includes(s)) && (e.match.all ?? []).every((s) => t.includes(s)) && !(e.match.none ?? []).some((s) => t.includes(s));
}

/** The tier walk over these three files (catalog/README.md "Tier order", text rules left out). */
function resolve(code: number | null, enh: string | null, text: string): string | null {
  const failure = code === null ? enh === null || enh[0] !== '2' : code >= 400;
  if (failure) {
    const v = vendor.find((e) => vendorMatches(e, code, text));
    if (v) return v.id;
  }
  const x = enhancedEntry(enh);
  if (x) return x.id;
  if (code !== null && basicByCode.has(code)) return basicByCode.get(code)!.id;
  return null;
}

/** Codes as written at the start of a reply: "550 5.1.1 text", "535-5.7.8 text", "Text without code". */
function codesOf(reply: string): { code: number | null; enh: string | null } {
  const m = /^([1-5]\d\d)(?:[ -]+([245]\.\d{1,3}\.\d{1,3})(?![\d.]))?/.exec(reply);
  return { code: m ? Number(m[1]) : null, enh: m?.[2] ?? null };
}

interface Row {
  id: string;
  text: string;
  code: number | null;
  enh: string | null;
  category: string;
}
const rows: Row[] = readFileSync(join(SHARED, 'corpus', 'labeled-replies.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => {
    const c = line.split('\t');
    return { id: c[0]!, text: c[1]!, code: c[2] ? Number(c[2]) : null, enh: c[3] || null, category: c[5]! };
  });
const rowById = new Map(rows.map((r) => [r.id, r]));

describe('provenance', () => {
  it('the labeled corpus is there and parses', () => {
    expect(rows.length).toBeGreaterThan(800);
    expect(rowById.get('dev-0828')).toMatchObject({ text: '451 Please try again later.', code: 451, category: 'greylisting' });
  });

  it('every source names something that exists or a known kind of reference', () => {
    // heldout: a row of test/classify/held-out-replies.tsv; github: owner/repo:path of a public file;
    // https: a public page.
    const kinds = /^(seed|corpus|rfc\d{3,4}|hmailserver|iana|ms-smtpntlm|heldout|github:[\w.-]+\/[\w.-]+|https):/;
    const problems: string[] = [];
    for (const [file, e] of all) {
      for (const s of e.sources) {
        const where = `${file} ${e.id}: ${s}`;
        if (!kinds.test(s) && !/^rfc\d{3,4}$/.test(s)) problems.push(`${where}: unknown kind of source`);
        const seed = /^seed:(\S+)$/.exec(s);
        if (seed && !existsSync(join(SHARED, 'seeds', seed[1]!))) problems.push(`${where}: no such seed`);
        const corpus = /^corpus:([^:\s]+)/.exec(s);
        if (corpus && !existsSync(join(SHARED, 'corpus', corpus[1]!))) problems.push(`${where}: no such corpus file`);
        const row = /^corpus:labeled-replies\.tsv:(\S+)$/.exec(s);
        if (row && !rowById.has(row[1]!)) problems.push(`${where}: no such labeled row`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a held-out row cited as a source exists and carries the category of the entry citing it', () => {
    const heldOut = new Map(
      readFileSync(join(ROOT, 'test', 'classify', 'held-out-replies.tsv'), 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split('\t'))
        .map((c) => [c[0]!, c[5]!] as const),
    );
    const textRules = read<Entry>('text-rules.json');
    // A blocklist's evidence is an rbl reply.
    const blocklists = read<{ id: string; sources: string[] }>('blocklists.json').map((b) => ({ ...b, category: 'rbl', examples: [] }));
    const problems: string[] = [];
    let cited = 0;
    for (const [file, e] of [...all, ...textRules.map((t) => ['text-rules.json', t] as const), ...blocklists.map((b) => ['blocklists.json', b] as const)]) {
      for (const s of e.sources) {
        const m = /^heldout:(\S+)$/.exec(s);
        if (!m) continue;
        cited++;
        const category = heldOut.get(m[1]!);
        if (category === undefined) problems.push(`${file} ${e.id}: ${s}: no such held-out row`);
        else if (category !== e.category) problems.push(`${file} ${e.id}: ${s} is labeled ${category}, the entry says ${e.category}`);
      }
    }
    expect(cited).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

describe('vendor texts against the labeled corpus', () => {
  it('a labeled row cited by a vendor entry is matched by it and labeled with its category', () => {
    const problems: string[] = [];
    for (const e of vendor) {
      for (const s of e.sources) {
        const id = /^corpus:labeled-replies\.tsv:(\S+)$/.exec(s)?.[1];
        const r = id ? rowById.get(id) : undefined;
        if (!r) continue;
        if (!vendorMatches(e, r.code, r.text)) problems.push(`${e.id} cites ${r.id} but does not match "${r.text.slice(0, 80)}"`);
        if (r.category !== e.category) problems.push(`${e.id} (${e.category}) cites ${r.id} labeled ${r.category}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no vendor entry claims a labeled reply of another category', () => {
    const problems: string[] = [];
    let claimed = 0;
    for (const r of rows) {
      const e = vendor.find((v) => vendorMatches(v, r.code, r.text));
      if (!e) continue;
      claimed++;
      if (e.category !== r.category) problems.push(`${e.id} (${e.category}) claims ${r.id} labeled ${r.category}: ${r.text.slice(0, 90)}`);
    }
    expect(problems).toEqual([]);
    // The vendor tier really is exercised by the corpus (hMailServer's, Gmail's, Microsoft's replies…).
    expect(claimed).toBeGreaterThan(150);
  });
});

describe('enhanced codes against the labeled corpus', () => {
  it('a code marked specific agrees with at least two thirds of the labeled replies that carry it', () => {
    const byEntry = new Map<string, Row[]>();
    for (const r of rows) {
      const e = enhancedEntry(r.enh);
      if (e?.specific) byEntry.set(e.id, [...(byEntry.get(e.id) ?? []), r]);
    }
    const problems: string[] = [];
    for (const [id, list] of byEntry) {
      if (list.length < 3) continue;
      const category = enhanced.find((e) => e.id === id)!.category;
      const agree = list.filter((r) => r.category === category).length;
      if (agree * 3 < list.length * 2) problems.push(`${id} (${category}): ${agree}/${list.length} labeled rows agree`);
    }
    expect(problems).toEqual([]);
    // X.1.1 alone carries dozens of labeled rows: the check is not vacuous.
    expect(byEntry.get('enhanced.X.1.1')?.length).toBeGreaterThan(50);
  });
});

describe('examples', () => {
  it('every example carries the codes of its entry', () => {
    const problems: string[] = [];
    for (const e of basic) for (const ex of e.examples) if (codesOf(ex).code !== e.code) problems.push(`${e.id}: "${ex}"`);
    for (const e of enhanced) {
      const [c, s, d] = e.code.split('.');
      for (const ex of e.examples) {
        const enh = codesOf(ex).enh;
        const ok = enh !== null && enh.split('.').slice(1).join('.') === `${s}.${d}` && (c === 'X' || enh[0] === c);
        if (!ok) problems.push(`${e.id}: "${ex}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every example reaches its own entry through vendor texts, enhanced codes and basic codes', () => {
    const problems: string[] = [];
    for (const [, e] of all) {
      for (const ex of e.examples) {
        const { code, enh } = codesOf(ex);
        const got = resolve(code, enh, ex);
        if (got !== e.id) problems.push(`${e.id}: "${ex}" → ${got ?? 'nothing'}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
