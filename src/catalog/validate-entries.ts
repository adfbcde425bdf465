// Turns the parsed JSON of one catalog file into typed entries, collecting every problem with its
// file, entry and field (catalog/README.md lists the fields; STYLE.md convention 2).
import { CATEGORIES, REPLY_CLASSES, isCategory, isReplyClass } from '../model/labels.js';
import type { CatalogProblem } from './catalog-error.js';
import { normalizeMatchString } from './normalize-for-match.js';
import type { BasicCodeEntry, Blocklist, CodeCondition, EnhancedCodeEntry, MatchSpec, TextEntry } from './types.js';

type Obj = Record<string, unknown>;

/** Fields every entry may carry besides its kind's own (free-text remarks are allowed everywhere). */
const COMMON_FIELDS = ['id', 'category', 'class', 'meaning', 'cause', 'action', 'sources', 'examples', 'notes', 'comment', '$comment'];
const FIELDS = {
  vendor: [...COMMON_FIELDS, 'match', 'codes', 'vendor'],
  text: [...COMMON_FIELDS, 'match', 'codes', 'vendor', 'decisive'],
  basic: [...COMMON_FIELDS, 'code', 'standard', 'reply'],
  enhanced: [...COMMON_FIELDS, 'code', 'subject', 'detail', 'specific', 'rfc'],
  blocklist: ['id', 'name', 'provider', 'zones', 'names', 'lookup', 'sources', 'notes', 'comment', '$comment'],
} as const;

const ENHANCED_CODE = /^([Xx245])\.(\d{1,3})\.(\d{1,3})$/;
const CLASS_DIGIT_CODES = ['2xx', '3xx', '4xx', '5xx'] as const;

/**
 * A catalog file is a JSON array of entries, or an object whose `entries` member is that array (room
 * for a top-level `$comment`). Returns null (and records a problem) when it is neither.
 */
export function entriesOf(file: string, json: unknown, problems: CatalogProblem[]): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object' && Array.isArray((json as Obj).entries)) return (json as Obj).entries as unknown[];
  problems.push({ file, entry: null, field: null, message: 'expected a JSON array of entries (or an object with an "entries" array)' });
  return null;
}

/** Collects problems for one entry so each check is one line. */
class EntryChecker {
  readonly label: string;
  constructor(
    readonly file: string,
    readonly obj: Obj,
    index: number,
    readonly problems: CatalogProblem[],
  ) {
    this.label = typeof obj.id === 'string' && obj.id.trim() ? obj.id : `#${index}`;
  }

  problem(field: string | null, message: string): void {
    this.problems.push({ file: this.file, entry: this.label, field, message });
  }

  unknownFields(allowed: readonly string[]): void {
    for (const key of Object.keys(this.obj)) {
      if (!allowed.includes(key)) this.problem(key, `unknown field (allowed: ${allowed.filter((f) => !f.startsWith('$')).join(', ')})`);
    }
  }

  string(field: string, required = true): string | null {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (required) this.problem(field, 'missing (a non-empty string)');
      return null;
    }
    if (typeof v !== 'string' || !v.trim()) {
      this.problem(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
      return null;
    }
    return v;
  }

  boolean(field: string, fallback: boolean | null): boolean {
    const v = this.obj[field];
    if (v === undefined && fallback !== null) return fallback;
    if (typeof v !== 'boolean') {
      this.problem(field, `must be true or false, got ${JSON.stringify(v)}`);
      return fallback ?? false;
    }
    return v;
  }

  stringList(field: string, opts: { required: boolean; nonEmpty: boolean }): string[] {
    const v = this.obj[field];
    if (v === undefined) {
      if (opts.required) this.problem(field, 'missing (an array of strings)');
      return [];
    }
    if (!Array.isArray(v)) {
      this.problem(field, 'must be an array of strings');
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item !== 'string' || !item.trim()) this.problem(`${field}[${i}]`, `must be a non-empty string, got ${JSON.stringify(item)}`);
      else out.push(item);
    });
    if (opts.nonEmpty && v.length === 0) this.problem(field, 'must not be empty');
    return out;
  }

  common(): { id: string; category: TextEntry['category']; class: TextEntry['class']; meaning: string; cause: string; action: string; sources: string[]; examples: string[] } {
    const id = this.string('id') ?? this.label;
    const rawCategory = this.obj.category;
    let category: TextEntry['category'] = 'other';
    if (typeof rawCategory !== 'string' || !isCategory(rawCategory)) {
      this.problem('category', `${JSON.stringify(rawCategory)} is not a category (one of: ${CATEGORIES.join(', ')})`);
    } else category = rawCategory;
    let cls: TextEntry['class'] = null;
    if (this.obj.class !== undefined && this.obj.class !== null) {
      if (typeof this.obj.class !== 'string' || !isReplyClass(this.obj.class)) {
        this.problem('class', `${JSON.stringify(this.obj.class)} is not a class (one of: ${REPLY_CLASSES.join(', ')})`);
      } else cls = this.obj.class;
    }
    return {
      id,
      category,
      class: cls,
      meaning: this.string('meaning') ?? '',
      cause: this.string('cause') ?? '',
      action: this.string('action') ?? '',
      sources: this.stringList('sources', { required: true, nonEmpty: true }),
      examples: this.stringList('examples', { required: true, nonEmpty: true }),
    };
  }

  matchList(field: 'any' | 'all' | 'none', value: unknown, required: boolean): { raw: string[]; norm: string[] } {
    const name = `match.${field}`;
    if (value === undefined) {
      if (required) this.problem(name, 'missing (an array of lowercase substrings)');
      return { raw: [], norm: [] };
    }
    if (!Array.isArray(value)) {
      this.problem(name, 'must be an array of lowercase substrings');
      return { raw: [], norm: [] };
    }
    if (required && value.length === 0) this.problem(name, 'must not be empty');
    const raw: string[] = [];
    const norm: string[] = [];
    value.forEach((item, i) => {
      if (typeof item !== 'string') {
        this.problem(`${name}[${i}]`, `must be a string, got ${JSON.stringify(item)}`);
        return;
      }
      const n = normalizeMatchString(item);
      // A string of punctuation only would normalise to a blank and match every text.
      if (!n.trim()) {
        this.problem(`${name}[${i}]`, `${JSON.stringify(item)} has no letter or digit: it would match every text`);
        return;
      }
      raw.push(item.toLowerCase());
      norm.push(n);
    });
    return { raw, norm };
  }

  match(): MatchSpec {
    const m = this.obj.match;
    if (!m || typeof m !== 'object' || Array.isArray(m)) {
      this.problem('match', 'missing (an object with "any" and optional "all", "none")');
      return { any: [], all: [], none: [], normAny: [], normAll: [], normNone: [] };
    }
    const mo = m as Obj;
    for (const key of Object.keys(mo)) if (!['any', 'all', 'none'].includes(key)) this.problem(`match.${key}`, 'unknown field (allowed: any, all, none)');
    const any = this.matchList('any', mo.any, true);
    const all = this.matchList('all', mo.all, false);
    const none = this.matchList('none', mo.none, false);
    return { any: any.raw, all: all.raw, none: none.raw, normAny: any.norm, normAll: all.norm, normNone: none.norm };
  }

  codes(): CodeCondition[] | null {
    const v = this.obj.codes;
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.length === 0) {
      this.problem('codes', 'must be a non-empty array of basic codes (550), class digits ("5xx") or "none"');
      return null;
    }
    const out: CodeCondition[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'number' && Number.isInteger(item) && item >= 100 && item <= 599) out.push(item);
      else if (typeof item === 'string' && /^[1-5]\d\d$/.test(item)) out.push(Number(item));
      else if (typeof item === 'string' && (CLASS_DIGIT_CODES as readonly string[]).includes(item.toLowerCase())) out.push(item.toLowerCase() as CodeCondition);
      else if (item === 'none') out.push('none');
      else this.problem(`codes[${i}]`, `${JSON.stringify(item)} is neither a basic code (100-599) nor "2xx"/"3xx"/"4xx"/"5xx"/"none"`);
    });
    return out;
  }
}

export function validateTextEntry(file: string, kind: 'vendor' | 'text', obj: unknown, index: number, problems: CatalogProblem[]): TextEntry | null {
  if (!isObject(obj)) {
    problems.push({ file, entry: `#${index}`, field: null, message: 'must be an object' });
    return null;
  }
  const c = new EntryChecker(file, obj, index, problems);
  c.unknownFields(FIELDS[kind]);
  const common = c.common();
  return {
    kind,
    ...common,
    match: c.match(),
    codes: c.codes(),
    vendor: kind === 'vendor' ? c.string('vendor') : c.string('vendor', false),
    // Vendor texts are already tried first; only generic text rules can be promoted.
    decisive: kind === 'text' ? c.boolean('decisive', false) : false,
    file,
  };
}

export function validateBasicEntry(file: string, obj: unknown, index: number, problems: CatalogProblem[]): BasicCodeEntry | null {
  if (!isObject(obj)) {
    problems.push({ file, entry: `#${index}`, field: null, message: 'must be an object' });
    return null;
  }
  const c = new EntryChecker(file, obj, index, problems);
  c.unknownFields(FIELDS.basic);
  const common = c.common();
  let code = 0;
  const raw = obj.code;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 100 && raw <= 599) code = raw;
  else if (typeof raw === 'string' && /^[1-5]\d\d$/.test(raw)) code = Number(raw);
  else c.problem('code', `must be a basic reply code 100-599, got ${JSON.stringify(raw)}`);
  return { kind: 'basic', ...common, code, standard: c.boolean('standard', false), reply: c.string('reply', false), file };
}

export function validateEnhancedEntry(file: string, obj: unknown, index: number, problems: CatalogProblem[]): EnhancedCodeEntry | null {
  if (!isObject(obj)) {
    problems.push({ file, entry: `#${index}`, field: null, message: 'must be an object' });
    return null;
  }
  const c = new EntryChecker(file, obj, index, problems);
  c.unknownFields(FIELDS.enhanced);
  const common = c.common();
  let code = '';
  const m = typeof obj.code === 'string' ? ENHANCED_CODE.exec(obj.code.trim()) : null;
  if (!m) c.problem('code', `must be an enhanced status code "X.s.d" or "4.s.d"/"5.s.d"/"2.s.d" (RFC 3463), got ${JSON.stringify(obj.code)}`);
  else code = `${m[1]!.toUpperCase()}.${Number(m[2])}.${Number(m[3])}`;
  let rfc: string | null = null;
  if (typeof obj.rfc === 'number') rfc = String(obj.rfc);
  else if (obj.rfc !== undefined) rfc = c.string('rfc', false);
  return {
    kind: 'enhanced',
    ...common,
    code,
    subject: c.string('subject') ?? '',
    detail: c.string('detail') ?? '',
    specific: c.boolean('specific', null),
    rfc,
    file,
  };
}

export function validateBlocklist(file: string, obj: unknown, index: number, problems: CatalogProblem[]): Blocklist | null {
  if (!isObject(obj)) {
    problems.push({ file, entry: `#${index}`, field: null, message: 'must be an object' });
    return null;
  }
  const c = new EntryChecker(file, obj, index, problems);
  c.unknownFields(FIELDS.blocklist);
  const id = c.string('id') ?? c.label;
  const zones = c.stringList('zones', { required: false, nonEmpty: false }).map((z) => z.toLowerCase());
  for (const z of zones) if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(z)) c.problem('zones', `${JSON.stringify(z)} is not a DNS zone name`);
  const names = c.stringList('names', { required: false, nonEmpty: false }).map((n) => n.toLowerCase());
  if (zones.length === 0 && names.length === 0) c.problem('zones', 'a blocklist needs at least one zone or one name to be recognised by');
  const normNames: string[] = [];
  for (const n of names) {
    const norm = normalizeMatchString(n);
    if (!norm.trim()) c.problem('names', `${JSON.stringify(n)} has no letter or digit`);
    else normNames.push(norm);
  }
  return {
    id,
    name: c.string('name') ?? id,
    provider: c.string('provider') ?? '',
    zones,
    names,
    normNames,
    lookup: c.string('lookup', false),
    sources: c.stringList('sources', { required: true, nonEmpty: true }),
    file,
  };
}

function isObject(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
