// Proves that the catalog covers every code and vendor message of the seed documents it was built
// from (fixtures/seeds, copies of ../shared/seeds; catalog/README.md), and that the three code/vendor files have the shape the
// README describes. The seeds are parsed here, not copied: delete a catalog entry and a test names
// the code or message that lost its entry.
//
// The JSON is read with fs on purpose (not through src/catalog/load-catalog.ts): this suite checks the
// data files themselves, so a loader bug cannot hide a data problem and the other way round.
// Matching follows catalog/README.md literally: lowercase substrings of the lowercased reply text.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, REPLY_CLASSES } from '../../src/model/labels.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CATALOG = join(ROOT, 'catalog');
// Copies of ../shared (seeds/, corpus/) live in fixtures/ so a clean clone is self-contained.
const SHARED = join(ROOT, 'fixtures');
const SEEDS = join(SHARED, 'seeds');
const SEED = {
  hmail: '000_56612bd3e92d67ed.txt',
  rtfm: '001_be14583773e120f1.txt',
  visnetic: '002_3fbe28878db2eb11.txt',
  prose: '003_0d8efed36f1dc2d8.txt',
  merak: '004_5cc179a0f3515223.txt',
} as const;

// ---------------------------------------------------------------------------------------- catalog
interface Entry {
  id: string;
  category: string;
  class?: string;
  meaning: string;
  cause: string;
  action: string;
  sources: string[];
  examples: string[];
  [field: string]: unknown;
}
interface VendorEntry extends Entry {
  vendor: string;
  match: { any: string[]; all?: string[]; none?: string[] };
  codes?: (number | string)[];
}
interface BasicEntry extends Entry {
  code: number;
  standard: boolean;
  reply?: string;
}
interface EnhancedEntry extends Entry {
  code: string;
  subject: string;
  detail: string;
  specific: boolean;
  rfc: string;
}

function readEntries<T>(file: string): T[] {
  const json = JSON.parse(readFileSync(join(CATALOG, file), 'utf8')) as { version?: unknown; entries?: unknown };
  expect(json.version, `${file}: version`).toBe(1);
  expect(Array.isArray(json.entries), `${file}: entries must be an array`).toBe(true);
  return json.entries as T[];
}

const basic = readEntries<BasicEntry>('basic-codes.json');
const enhanced = readEntries<EnhancedEntry>('enhanced-codes.json');
const vendor = readEntries<VendorEntry>('vendor-texts.json');
const basicByCode = new Map(basic.map((e) => [e.code, e]));
const enhancedByCode = new Map(enhanced.map((e) => [e.code, e]));

/** The entry for an enhanced code: the class's own ("5.4.1") before the registry's ("X.4.1"). */
function enhancedEntry(code: string): EnhancedEntry | undefined {
  const [c, s, d] = code.split('.');
  return enhancedByCode.get(`${c}.${Number(s)}.${Number(d)}`) ?? enhancedByCode.get(`X.${Number(s)}.${Number(d)}`);
}

function codesAllow(codes: VendorEntry['codes'], code: number | null): boolean {
  if (!codes) return true;
  if (code === null) return codes.includes('none');
  return codes.some((c) => c !== 'none' && (typeof c === 'number' ? c === code : Number(c[0]) === Math.floor(code / 100)));
}

function vendorMatches(e: VendorEntry, code: number | null, text: string): boolean {
  const t = text.toLowerCase();
  return (
    codesAllow(e.codes, code) &&
    e.match.any.some((s) => t.includes(s)) &&
    (e.match.all ?? []).every((s) => t.includes(s)) &&
    !(e.match.none ?? []).some((s) => t.includes(s))
  );
}

/** First vendor entry (file order = match order) that claims a reply. */
function vendorFor(code: number | null, text: string): VendorEntry | undefined {
  return vendor.find((e) => vendorMatches(e, code, text));
}

// ------------------------------------------------------------------------------------------ seeds
function seed(name: string): string {
  return readFileSync(join(SEEDS, name), 'utf8');
}

function between(text: string, start: string, end: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  if (a < 0 || b < 0) throw new Error(`seed layout changed: cannot find "${start}" … "${end}"`);
  return text.slice(a + start.length, b);
}

/** Basic codes a seed lists: lines that start with one ("421 Connection timeout", "• 455 . …"). */
function listedBasicCodes(text: string): Set<number> {
  const out = new Set<number>();
  for (const line of text.split('\n')) {
    const m = /^[\s•]*([1-5]\d\d)(?=[\s.,;:–-]|$)/.exec(line);
    if (m) out.add(Number(m[1]));
    // "… Relay denied, 552 «Requested mail actions aborted …»": a code run into the previous row.
    for (const r of line.matchAll(/[,;]\s+([1-5]\d\d)\s+["«“]/g)) out.add(Number(r[1]));
    // "SMTP Error 101", "SMTP Reply 220", "SMTP status 221", "SMTP Response 421".
    for (const r of line.matchAll(/\bSMTP (?:error|reply|status|response)(?: code)? ([1-5]\d\d)\b/gi)) out.add(Number(r[1]));
  }
  return out;
}

interface TableRow {
  seed: string;
  code: number | null;
  enhanced: string | null;
  /** The reply text: the Message column, or the Description where the seed leaves Message blank. */
  text: string;
}

/** Seed 004 (Merak): a pipe table, every cell ends with " |", rows are separated by an empty cell. */
function merakRows(): TableRow[] {
  const text = seed(SEED.merak);
  const cells = text.slice(text.indexOf('|') + 1).split('|').map((c) => c.replace(/\s+/g, ' ').trim());
  expect(cells.slice(0, 5), 'seed 004 header').toEqual(['Code', 'En. Code', 'Message', 'Description', 'Removal Instructions']);
  const rows: TableRow[] = [];
  let i = 5;
  for (; i + 6 <= cells.length; i += 6) {
    const [sep, code, enh, message, description] = cells.slice(i, i + 6);
    if (sep !== '' || !/^(\d{3})?$/.test(code!) || !/^(\d\.\d\.\d)?$/.test(enh!)) throw new Error(`seed 004 layout changed near cell ${i}: ${cells.slice(i, i + 6).join(' | ')}`);
    rows.push({ seed: SEED.merak, code: code ? Number(code) : null, enhanced: enh || null, text: message || description! });
  }
  expect(cells.slice(i).join(''), 'seed 004: cells left after the last row').toBe('');
  return rows;
}

/**
 * Seed 002 (VisNetic): one cell per line after the "Action" header. A row starts with a code line and
 * an enhanced-code line, or (rows without codes) with two blank cells; blank cells are NBSP lines.
 */
function visneticRows(): TableRow[] {
  const text = seed(SEED.visnetic);
  const lines = text.slice(text.indexOf('\nAction\n') + '\nAction\n'.length).split('\n').map((l) => l.trim());
  const rows: TableRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^\d{3}$/.test(lines[i]!) && /^\d\.\d\.\d$/.test(lines[i + 1] ?? '')) {
      const message = lines[i + 2] || lines[i + 3]!;
      rows.push({ seed: SEED.visnetic, code: Number(lines[i]), enhanced: lines[i + 1]!, text: message });
      i += 2;
    } else if (lines[i] === '' && lines[i + 1] === '' && lines[i + 2] && !/^\d{3}$/.test(lines[i + 2]!)) {
      rows.push({ seed: SEED.visnetic, code: null, enhanced: null, text: lines[i + 2]! });
      i += 2;
    }
  }
  return rows;
}

interface Message {
  where: string;
  code: number | null;
  text: string;
}

/** Seed 000 (hMailServer's error-message page): "NNN text" paragraphs and the bounce-message headings. */
function hmailMessages(): Message[] {
  const body = between(seed(SEED.hmail), 'Location: Hastings', '_________________');
  const out: Message[] = [];
  for (const line of body.split('\n')) {
    const m = /^(\d{3}) (.+)$/.exec(line.trim());
    if (m) out.push({ where: SEED.hmail, code: Number(m[1]), text: m[2]! });
  }
  // Bounce texts carry no code: short lines standing alone between blank lines.
  const bounces = between(body, 'Error messages in bounce messages', 'Error messages not generated by hMailServer').split('\n');
  bounces.forEach((line, i) => {
    const t = line.trim();
    if (t && t.length < 100 && !t.startsWith('•') && !bounces[i - 1]?.trim() && !bounces[i + 1]?.trim()) out.push({ where: SEED.hmail, code: null, text: t });
  });
  return out;
}

/** The provider replies of the "extended description" sections of seeds 001 and 003 ("550 5.1.1 …"). */
function providerMessages(name: string): Message[] {
  const out: Message[] = [];
  for (const line of seed(name).split('\n')) {
    const m = /^([245]\d\d) [245]\.\d{1,3}\.\d{1,3} .+$/.exec(line.trim());
    if (m) out.push({ where: name, code: Number(m[1]), text: line.trim() });
  }
  return out;
}

/** formats.md section 2.4: every reply text in hMailServer's source (code, text, source line). */
function hmailSourceReplies(): Message[] {
  const section = between(readFileSync(join(SHARED, 'corpus', 'formats.md'), 'utf8'), '### 2.4', '\n---');
  const out: Message[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| ([^|]+) \| `([^`]*)` \| ([^|]+) \|$/.exec(line);
    if (!m || m[1]!.trim() === 'code') continue;
    let reply = m[2]!;
    let code: number | null = null;
    const c = /^(\d{3})(?: or \d{3})? ?(.*)$/.exec(reply);
    if (c) [code, reply] = [Number(c[1]), c[2]!];
    // Formatter::Format("Unsupported ESMTP extension: {0}", …) → the literal part.
    const f = /^Formatter::Format\("([^"{]+)/.exec(reply);
    if (f) reply = f[1]!;
    if (reply.startsWith('<')) continue; // "<RecipientParser sErrMsg, see rows below>": listed on its own rows
    out.push({ where: `formats.md 2.4 (${m[3]!.trim()})`, code, text: reply });
  }
  return out;
}

/**
 * Seed texts that name no product-specific condition, so they have no vendor entry on purpose and
 * the basic code decides. A vendor entry that claimed one of them would be too broad.
 */
const GENERIC_TEXTS = new Map<string, string>([
  ['550 mailbox unavailable', "RFC 5321's own wording for 550 (seed 000: not generated by hMailServer)"],
  ['554 rejected', 'an event script rejected the message without a text'],
  ['554 rejected - <other error message>', 'the text is whatever the event script set'],
  ['550 <other error message>', 'the text is whatever the administrator set for a DNSBL/SURBL'],
  ['503 bad sequence of commands', "RFC 5321's own wording for 503"],
  ['458 unable to queue messages for ', "RFC 1985's own wording for 458"],
]);

function isGeneric(m: Message): boolean {
  return m.text.trim() === '' || GENERIC_TEXTS.has(`${m.code ?? ''} ${m.text}`.toLowerCase());
}

// ------------------------------------------------------------------------------------------ tests
describe('seed documents are present', () => {
  it('finds the seed documents (fixtures/seeds)', () => {
    for (const name of Object.values(SEED)) expect(existsSync(join(SEEDS, name)), `missing seed ${name}`).toBe(true);
  });
});

describe('basic codes: every code a seed lists has an entry', () => {
  const perSeed = Object.values(SEED).map((name) => [name, listedBasicCodes(seed(name))] as const);

  it('parses the code lists of every seed (the parser still works)', () => {
    const all = new Set(perSeed.flatMap(([, codes]) => [...codes]));
    // The codes the brief names from the seeds; a layout change that breaks parsing fails here.
    for (const c of [101, 111, 211, 214, 220, 221, 250, 251, 252, 354, 420, 421, 422, 431, 432, 441, 442, 446, 447, 449, 450, 451, 452, 455, 471, 500, 501, 502, 503, 504, 510, 511, 512, 513, 521, 523, 530, 535, 541, 550, 551, 552, 553, 554, 555, 556]) {
      expect(all.has(c), `seeds should list ${c}`).toBe(true);
    }
  });

  for (const [name, codes] of perSeed) {
    it(`${name}: ${codes.size} codes`, () => {
      const missing = [...codes].filter((c) => !basicByCode.has(c));
      expect(missing, `codes listed in ${name} without a basic-codes.json entry`).toEqual([]);
    });
  }

  it('RFC 5321 section 4.2.3 codes are all present and marked standard', () => {
    for (const c of [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555]) {
      expect(basicByCode.get(c)?.standard, `basic.${c} standard`).toBe(true);
    }
  });

  it('numbers that are not SMTP replies (101, 111) are connection failures a retry may cure', () => {
    for (const c of [101, 111]) {
      expect(basicByCode.get(c)).toMatchObject({ category: 'connection', class: 'transient', standard: false });
    }
  });
});

describe('enhanced codes: every code a seed lists has an entry', () => {
  const statusList = between(seed(SEED.prose), 'Error Code Meaning Notes', 'Источник');
  const dotted = [...new Set([...statusList.matchAll(/(?<![\d.])([1-5])\.(\d{1,2})\.(\d{1,3})(?![\d.])/g)].map((m) => m[0]))];

  it('parses seed 003 status code list', () => {
    expect(dotted.length).toBeGreaterThan(40);
    expect(dotted).toEqual(expect.arrayContaining(['4.4.7', '5.1.1', '5.5.3', '4.6.5', '2.5.2']));
  });

  it('seed 003: codes of class 2/4/5 have an enhanced entry, classes 1/3 (basic codes written with dots) a basic one', () => {
    const missing: string[] = [];
    for (const code of dotted) {
      if (code[0] === '1' || code[0] === '3') {
        if (!basicByCode.has(Number(code.replace(/\./g, '')))) missing.push(`${code} (basic ${code.replace(/\./g, '')})`);
      } else if (!enhancedEntry(code)) missing.push(code);
    }
    expect(missing).toEqual([]);
  });

  it('codes written after a basic code in any seed ("550 5.1.1 …") have an enhanced entry', () => {
    const missing: string[] = [];
    for (const name of Object.values(SEED)) {
      for (const m of seed(name).matchAll(/\b[245]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})\b/g)) if (!enhancedEntry(m[1]!)) missing.push(`${name}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('the VisNetic/Merak tables (seeds 002, 004): every enhanced code has an entry', () => {
    const missing = [...visneticRows(), ...merakRows()].filter((r) => r.enhanced && !enhancedEntry(r.enhanced)).map((r) => `${r.seed}: ${r.enhanced}`);
    expect(missing).toEqual([]);
  });
});

describe('vendor messages: every message a seed lists has an entry', () => {
  const rowsOf = { [SEED.visnetic]: visneticRows(), [SEED.merak]: merakRows() };

  it('parses the VisNetic (002) and Merak (004) tables completely', () => {
    expect(rowsOf[SEED.visnetic]!.length).toBe(34);
    // Merak's table has one row more than VisNetic's: "Message cannot be accepted, spam rejection".
    expect(rowsOf[SEED.merak]!.length).toBe(35);
    expect(rowsOf[SEED.merak]!.filter((r) => r.code === null).map((r) => r.text)).toEqual(['Message deleted by filter', 'Message challenged by filter']);
  });

  for (const [name, rows] of Object.entries(rowsOf)) {
    it(`${name}: every table row is matched by a VisNetic/Merak entry`, () => {
      const problems: string[] = [];
      for (const r of rows) {
        const e = vendorFor(r.code, r.text);
        if (!e) problems.push(`no entry for ${r.code ?? '(no code)'} ${r.enhanced ?? ''} "${r.text}"`);
        else if (e.vendor !== 'VisNetic/Merak') problems.push(`"${r.text}" is claimed by ${e.id} (${e.vendor})`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('seed 000: every hMailServer message and bounce text has an entry', () => {
    const messages = hmailMessages();
    expect(messages.length).toBeGreaterThan(40);
    expect(messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Please try again later.', 'No mail servers exists for the address.']));
    const problems: string[] = [];
    for (const m of messages) {
      const e = vendorFor(m.code, m.text);
      const label = `${m.code ?? '(no code)'} "${m.text}"`;
      if (isGeneric(m)) {
        if (e) problems.push(`generic text ${label} should not be claimed by ${e.id}`);
        if (m.code !== null && !basicByCode.has(m.code)) problems.push(`generic text ${label} needs basic.${m.code}`);
      } else if (!e) problems.push(`no entry for ${label}`);
    }
    expect(problems).toEqual([]);
  });

  it('formats.md 2.4: every reply hMailServer can send has an entry (failures: vendor text; others: basic code)', () => {
    const replies = hmailSourceReplies();
    expect(replies.length).toBeGreaterThan(80);
    const problems: string[] = [];
    for (const r of replies) {
      const label = `${r.code ?? '(no code)'} "${r.text}" [${r.where}]`;
      if (r.code !== null && r.code < 400) {
        if (!basicByCode.has(r.code)) problems.push(`${label}: needs basic.${r.code}`);
        continue;
      }
      const e = vendorFor(r.code, r.text);
      if (isGeneric(r)) {
        if (e) problems.push(`${label}: generic, should not be claimed by ${e.id}`);
        if (r.code !== null && !basicByCode.has(r.code)) problems.push(`${label}: needs basic.${r.code}`);
      } else if (!e) problems.push(`${label}: no vendor entry`);
      else if (e.vendor !== 'hMailServer') problems.push(`${label}: claimed by ${e.id} (${e.vendor})`);
    }
    expect(problems).toEqual([]);
  });

  for (const name of [SEED.rtfm, SEED.prose]) {
    it(`${name}: every provider reply of the extended descriptions has an entry`, () => {
      const messages = providerMessages(name);
      expect(messages.length).toBeGreaterThanOrEqual(20);
      const missing = messages.filter((m) => !vendorFor(m.code, m.text)).map((m) => m.text);
      expect(missing).toEqual([]);
    });
  }
});

describe('shape of basic-codes.json, enhanced-codes.json and vendor-texts.json', () => {
  const files = [
    ['basic-codes.json', basic],
    ['enhanced-codes.json', enhanced],
    ['vendor-texts.json', vendor],
  ] as const;

  it('ids are unique across the three files and use the file prefix', () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const [file, entries] of files) {
      const prefix = { 'basic-codes.json': 'basic.', 'enhanced-codes.json': 'enhanced.', 'vendor-texts.json': 'vendor.' }[file];
      for (const e of entries as readonly Entry[]) {
        if (seen.has(e.id)) problems.push(`${e.id} in ${file} and ${seen.get(e.id)}`);
        seen.set(e.id, file);
        if (!e.id.startsWith(prefix)) problems.push(`${file}: ${e.id} should start with ${prefix}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every entry has a known category, an optional known class, and meaning/cause/action/sources/examples', () => {
    const problems: string[] = [];
    for (const [file, entries] of files) {
      for (const e of entries as readonly Entry[]) {
        const where = `${file} ${e.id}`;
        if (!(CATEGORIES as readonly string[]).includes(e.category)) problems.push(`${where}: category ${e.category}`);
        if (e.class !== undefined && !(REPLY_CLASSES as readonly string[]).includes(e.class)) problems.push(`${where}: class ${e.class}`);
        for (const f of ['meaning', 'cause', 'action'] as const) {
          const v = e[f];
          if (typeof v !== 'string' || v.trim().length < 10) problems.push(`${where}: ${f} missing or too short`);
          else if (v.length > 320) problems.push(`${where}: ${f} longer than two plain sentences (${v.length} chars)`);
        }
        for (const f of ['sources', 'examples'] as const) {
          const v = e[f];
          if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || !s.trim())) problems.push(`${where}: ${f} must be a non-empty list of strings`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('basic entries: one per code, a 100-599 number, standard flag, RFC reply text for standard codes', () => {
    const problems: string[] = [];
    const codes = new Set<number>();
    for (const e of basic) {
      if (!Number.isInteger(e.code) || e.code < 100 || e.code > 599) problems.push(`${e.id}: code ${e.code}`);
      if (codes.has(e.code)) problems.push(`${e.id}: duplicate code`);
      codes.add(e.code);
      if (e.id !== `basic.${e.code}`) problems.push(`${e.id}: id should be basic.${e.code}`);
      if (typeof e.standard !== 'boolean') problems.push(`${e.id}: standard must be a boolean`);
      if (e.standard && !e.reply) problems.push(`${e.id}: standard code without its RFC reply text`);
      if (e.standard && !e.sources.some((s) => /^rfc\d+/.test(s))) problems.push(`${e.id}: standard code without an RFC source`);
      if (Math.floor(e.code / 100) === 2 && e.category !== 'success') problems.push(`${e.id}: a 2xx code is a success`);
    }
    expect(problems).toEqual([]);
  });

  it('enhanced entries: one per code, X.s.d or a concrete 4/5 class, registry subject names, specific flag, rfc', () => {
    const subjects = ['Other or Undefined Status', 'Addressing Status', 'Mailbox Status', 'Mail System Status', 'Network and Routing Status', 'Mail Delivery Protocol Status', 'Message Content or Media Status', 'Security or Policy Status'];
    const problems: string[] = [];
    const codes = new Set<string>();
    for (const e of enhanced) {
      const m = /^([X45])\.(\d)\.(\d{1,3})$/.exec(e.code);
      if (!m) problems.push(`${e.id}: code ${e.code}`);
      else if (e.subject !== subjects[Number(m[2])]) problems.push(`${e.id}: subject "${e.subject}" should be "${subjects[Number(m[2])]}"`);
      if (codes.has(e.code)) problems.push(`${e.id}: duplicate code`);
      codes.add(e.code);
      if (e.id !== `enhanced.${e.code}`) problems.push(`${e.id}: id should be enhanced.${e.code}`);
      if (typeof e.specific !== 'boolean') problems.push(`${e.id}: specific must be a boolean`);
      if (typeof e.detail !== 'string' || !e.detail.trim()) problems.push(`${e.id}: detail missing`);
      if (typeof e.rfc !== 'string' || !/^(\d{4}|none)$/.test(e.rfc)) problems.push(`${e.id}: rfc "${e.rfc}"`);
    }
    expect(problems).toEqual([]);
  });

  it('the whole RFC 3463 / RFC 5248 registry is there (X.0.0 … X.7.30)', () => {
    const lastDetail = [0, 10, 4, 6, 7, 6, 10, 30];
    const missing: string[] = [];
    lastDetail.forEach((last, s) => {
      for (let d = 0; d <= last; d++) if (s === 0 ? d === 0 : true) if (!enhancedByCode.has(`X.${s}.${d}`)) missing.push(`X.${s}.${d}`);
    });
    expect(missing).toEqual([]);
  });

  it('codes that decide alone are specific, broad ones are not (catalog/README.md tiers)', () => {
    for (const c of ['X.1.1', 'X.2.2', 'X.3.4', 'X.4.6', 'X.7.8', 'X.7.25', 'X.7.26']) expect(enhancedByCode.get(c)?.specific, c).toBe(true);
    for (const c of ['X.0.0', 'X.2.0', 'X.4.0', 'X.5.0', 'X.7.0', 'X.7.1']) expect(enhancedByCode.get(c)?.specific, c).toBe(false);
  });

  it('vendor entries: vendor name, lowercase non-empty match strings, valid codes, in file order', () => {
    const problems: string[] = [];
    for (const e of vendor) {
      if (typeof e.vendor !== 'string' || !e.vendor.trim()) problems.push(`${e.id}: vendor missing`);
      if (!Array.isArray(e.match?.any) || e.match.any.length === 0) problems.push(`${e.id}: match.any must not be empty`);
      for (const s of [...(e.match?.any ?? []), ...(e.match?.all ?? []), ...(e.match?.none ?? [])]) {
        if (typeof s !== 'string' || s !== s.toLowerCase() || !/[a-z0-9]/.test(s)) problems.push(`${e.id}: match string ${JSON.stringify(s)}`);
      }
      for (const c of e.codes ?? []) {
        if (!((typeof c === 'number' && c >= 100 && c <= 599) || c === '4xx' || c === '5xx' || c === 'none')) problems.push(`${e.id}: code ${JSON.stringify(c)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every vendor example is claimed by its own entry (no earlier entry shadows it)', () => {
    const problems: string[] = [];
    for (const e of vendor) {
      for (const ex of e.examples) {
        const code = /^([2-5]\d\d)[ -]/.exec(ex);
        const hit = vendorFor(code ? Number(code[1]) : null, ex);
        if (hit?.id !== e.id) problems.push(`${e.id}: "${ex}" → ${hit?.id ?? 'nothing'}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
