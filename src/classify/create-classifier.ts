// The catalog-driven classifier: a pure function of (codes, text, the line's class hint) and the catalog.
//
// Category: the tiers of catalog/README.md, first hit wins, the result names the entry and its tier:
//   vendor text -> decisive text rule -> specific enhanced code -> generic text rule -> generic enhanced
//   code -> basic code -> class digit (STYLE.md convention 3).
// Decisive text rules (`"decisive": true`) carry words that mean one thing whatever code comes with them:
// real servers send `550 5.1.1 ... over quota` or `422 4.2.2 Greylisted`, and the words are right
// (LABELS.md: the most specific evidence wins).
// Class: from the codes (class-of-codes.ts); a text with no code at all takes the class its entry
// states, else what the text says about retrying (class-hints.ts), else `unknown`.
//
// Texts are compared, e-mail addresses blanked out (mask-addresses.ts), in one normal form
// (normalize-for-match.ts) by one pass of a phrase automaton (phrase-matcher.ts), and results are
// cached by (codes, text, hint) from a text's second sighting, with a size cap: logs repeat the same
// replies, and the analyzer calls this for every event.
import { flat } from '../util/flat.js';
import { SeenBefore, hash32 } from '../util/seen-before.js';
import { normalizeMatchString } from '../catalog/normalize-for-match.js';
import type { Catalog, CatalogEntry, CodeCondition, EnhancedCodeEntry, TextEntry } from '../catalog/types.js';
import { CLASS_MEANINGS, type Category, type ReplyClass } from '../model/labels.js';
import { BlocklistFinder } from './blocklist-finder.js';
import { PERMANENT_HINTS, TRANSIENT_HINTS } from './class-hints.js';
import { classOfCodes } from './class-of-codes.js';
import { blankLogFields } from './blank-log-fields.js';
import { maskAddresses } from './mask-addresses.js';
import { PhraseMatcher } from './phrase-matcher.js';
import { isEnhancedShape } from '../util/enhanced-shape.js';
import { blankReplyCodes } from './blank-reply-codes.js';
import type { Classification, ClassifyInput, Tier } from './types.js';

export interface Classifier {
  readonly catalog: Catalog;
  classify(input: ClassifyInput): Classification;
  /**
   * classify() for a text seen recently (src/util/seen-before.ts): the cached object, or the result of a
   * second sighting, which the cache then keeps; a cached text with other codes or hint is classified at
   * once. Null otherwise: a text's first sighting (only marked as seen), and every sighting of a text
   * too long to cache or with the cache off. Ingest classifies this way and leaves what gets null to the
   * store's thread (to classifyFresh while the store is behind): most texts of a busy log come once, and
   * they are the costly ones (src/ingest/read-input.ts).
   */
  classifySeen(input: ClassifyInput): Classification | null;
  /** classify() without the cache: neither asked nor filled. */
  classifyFresh(input: ClassifyInput): Classification;
}

export interface ClassifierOptions {
  /** Most results kept in the cache (default 16,000: DEFAULT_CACHE_SIZE); 0 disables caching. */
  cacheSize?: number;
}

interface CompiledTextEntry {
  entry: TextEntry;
  /** Position in its tier's list: the first applicable entry wins. */
  order: number;
  any: number[];
  all: number[];
  none: number[];
  codes: CodeCondition[] | null;
}

interface CacheSlot {
  /** The text, as a copy of its own (src/util/flat.ts): the key the slot is kept under. */
  key: string;
  code: number | null;
  enhanced: string | null;
  hint: ReplyClass | null;
  result: Classification;
}

const ENHANCED_SHAPE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;
/** Longer texts are classified but not cached (they are rarely repeated and would bloat the cache). */
const MAX_CACHED_TEXT = 2048;
/**
 * Characters of the texts one cache generation holds at most, whatever their number: the threads that
 * classify have capped heaps (src/ingest/parse-pool.ts, src/store/writer-thread.ts), so the cache must
 * stay small in bytes too when a log repeats long texts (25,000 texts of 2,000 characters would be
 * 50 MB). Real replies average ~100 characters: 25,000 of them are 2.5 M.
 */
const GENERATION_CHARS = 4_000_000;
/**
 * Results kept by default. A real mail host repeats a few hundred to a few thousand texts; the texts
 * past that are mostly one client's or one recipient's and come back rarely. On the bench rejectlog
 * (issue 7) 50,000 cost the parse worker 12-15 MB of heap on a 1 GB log (whole run 164 MB against 152)
 * for 2 % less of its CPU than 16,000; 8,000 cost 9 % more CPU.
 */
const DEFAULT_CACHE_SIZE = 16_000;

// What to do when only the class is known (tier class-digit), per class.
const CLASS_ACTIONS: Record<ReplyClass, string> = {
  permanent: 'Read the full reply text for the reason; retrying unchanged will fail again.',
  transient: 'Usually nothing: the sending server retries. If it keeps failing, read the full reply text for the reason.',
  success: 'Nothing to do.',
  info: 'Nothing to do: an intermediate reply in the SMTP dialogue.',
  unknown: 'Look at the log lines around this one: the text carries no code and nothing maillens recognises.',
};

export function createClassifier(catalog: Catalog, options: ClassifierOptions = {}): Classifier {
  const matcher = new PhraseMatcher();
  const compile = (entry: TextEntry, order: number): CompiledTextEntry => ({
    entry,
    order,
    any: entry.match.normAny.map((p) => matcher.add(p)),
    all: entry.match.normAll.map((p) => matcher.add(p)),
    none: entry.match.normNone.map((p) => matcher.add(p)),
    codes: entry.codes,
  });
  const vendor = catalog.vendorTexts.map(compile);
  // File order decides within each tier; a decisive rule that does not apply at its own tier would not
  // apply at the text tier either, so each rule sits in one tier only.
  const decisiveRules = catalog.textRules.filter((e) => e.decisive).map(compile);
  const textRules = catalog.textRules.filter((e) => !e.decisive).map(compile);
  const compileHints = (hints: readonly (readonly string[])[]) => hints.map((all) => all.map((p) => matcher.add(normalizeMatchString(p))));
  const permanentHints = compileHints(PERMANENT_HINTS);
  const transientHints = compileHints(TRANSIENT_HINTS);
  const blocklists = new BlocklistFinder(catalog.blocklists, matcher);
  // Which entries a phrase can open (through match.any): after a scan only those are looked at.
  // Dense arrays indexed by phrase id (every phrase is registered by now).
  const openers = (entries: CompiledTextEntry[]) => {
    const byPhrase: (CompiledTextEntry[] | null)[] = new Array<CompiledTextEntry[] | null>(matcher.size).fill(null);
    for (const e of entries) for (const id of new Set(e.any)) (byPhrase[id] ??= []).push(e);
    return byPhrase;
  };
  const vendorOpeners = openers(vendor);
  const decisiveOpeners = openers(decisiveRules);
  const textOpeners = openers(textRules);

  // Two generations instead of a strict LRU: lookups go to the young map, then the old one (and are
  // promoted); when the young map is full it becomes the old one. O(1) per call, no per-entry
  // bookkeeping (deleting from the front of a Map one by one degrades in V8).
  // The key is the exact text. A key with the digits blanked would merge about half of the distinct
  // texts of the bench rejectlog (they differ by an IP address), but building it costs about what
  // classifying a new text costs, and digits can decide a result: phrases such as "uceprotect level 1",
  // zones, list ids taken from the text (issue 7).
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const generation = Math.max(1, Math.ceil(cacheSize / 2));
  let young = new Map<string, CacheSlot>();
  let old = new Map<string, CacheSlot>();
  /** Characters of the young generation's keys: a generation also ends at GENERATION_CHARS. */
  let youngChars = 0;
  // A text is cached from its second sighting on: most texts of a busy log come once (src/util/seen-before.ts).
  const seen = new SeenBefore();

  function classifyUncached(code: number | null, enhanced: string | null, text: string, hint: ReplyClass | null = null): Classification {
    const codeClass = classOfCodes(code, enhanced);
    const digit = codeClass.digit;
    // Success and intermediate replies are what their code says, whatever words follow
    // ("250 2.0.0 Ok: queued", "354 End data with <CR><LF>.<CR><LF>").
    const failureOrNone = digit === null || digit === 4 || digit === 5;
    let has: (id: number) => boolean = nothing;
    let hits: readonly number[] = [];
    let verbatim = false;
    if (failureOrNone) {
      const masked = maskAddresses(blankLogFields(blankReplyCodes(text, code, enhanced)));
      has = matcher.scan(masked);
      hits = matcher.lastHits();
      verbatim = masked === text && matcher.lastScanAscii();
    }
    // The first entry of a tier (in file order) that some found phrase opens and that applies.
    const firstOf = (byPhrase: readonly (CompiledTextEntry[] | null)[]): CompiledTextEntry | null => {
      let best: CompiledTextEntry | null = null;
      for (let h = 0; h < hits.length; h++) {
        const list = byPhrase[hits[h]!];
        if (!list) continue;
        for (let k = 0; k < list.length; k++) {
          const c = list[k]!;
          if ((!best || c.order < best.order) && applies(c, code, enhanced, has)) best = c;
        }
      }
      return best;
    };

    let entry: CatalogEntry | null = null;
    let tier: Tier = 'none';
    // A success's enhanced code on a refusal (`451 2.1.5 Recipient OK`: a server that mixed up its codes)
    // says nothing about why it refused: the words or the basic code decide, never a "success" category
    // under a refusal's class.
    const found = enhanced ? lookupEnhanced(catalog, enhanced) : null;
    const enhancedHit = found && failureOrNone && digit !== null && found.entry.category === 'success' ? null : found;

    if (failureOrNone) {
      const v = firstOf(vendorOpeners);
      if (v) [entry, tier] = [v.entry, 'vendor-text'];
      else {
        const d = firstOf(decisiveOpeners);
        if (d) [entry, tier] = [d.entry, 'decisive-text'];
      }
    }
    if (!entry && enhancedHit?.specific) [entry, tier] = [enhancedHit.entry, 'enhanced-specific'];
    if (!entry && failureOrNone) {
      const t = firstOf(textOpeners);
      if (t) [entry, tier] = [t.entry, 'text'];
    }
    if (!entry && enhancedHit) [entry, tier] = [enhancedHit.entry, 'enhanced-generic'];
    if (!entry && code !== null) {
      const b = catalog.basicByCode.get(code);
      if (b) [entry, tier] = [b, 'basic'];
    }

    let cls = codeClass.class;
    // Without a code, what the log line states (an Exim deferral) outweighs what the words suggest.
    if (digit === null) cls = hint ?? entry?.class ?? hintedClass(has, permanentHints, transientHints);
    // The entry of the basic code itself may state the class: the seed tables' 101 and 111 are not
    // replies at all but connection failures reported with a number (basic-codes.json), so transient.
    const basicClass = code !== null ? catalog.basicByCode.get(code)?.class : null;
    if (basicClass) cls = basicClass;

    if (!entry) {
      const rule = digit === null ? 'none' : `class.${digit}`;
      return Object.freeze({
        class: cls,
        category: cls === 'success' ? 'success' : 'other',
        rule,
        tier: digit === null ? 'none' : 'class-digit',
        meaning: digit === null ? noCodeMeaning(cls) : CLASS_MEANINGS[cls],
        action: CLASS_ACTIONS[cls],
        blocklist: null,
        classNote: codeClass.note,
      } satisfies Classification);
    }
    const category: Category = cls === 'success' ? 'success' : entry.category;
    return Object.freeze({
      class: cls,
      category,
      rule: entry.id,
      tier,
      meaning: entry.meaning,
      action: entry.action,
      // flat: a zone cut from the reply must not keep the log chunk the reply came from alive
      blocklist: category === 'rbl' && failureOrNone ? flat(blocklists.find(text, { has, verbatim })) : null,
      classNote: codeClass.note,
    } satisfies Classification);
  }

  function classify(input: ClassifyInput, firstSighting: Classification | null = null): Classification | null {
    const code = validCode(input.code);
    const enhanced = validEnhanced(input.enhanced);
    const text = typeof input.text === 'string' ? input.text : '';
    const hint = validHint(input.classHint);
    if (cacheSize <= 0 || text.length > MAX_CACHED_TEXT) return firstSighting ?? classifyUncached(code, enhanced, text, hint);
    // Keyed by the text; the codes (and the line's class hint) are compared on a hit (the same text
    // with other codes is rare, and then the newer pair simply replaces the older one).
    let slot = young.get(text);
    if (!slot) {
      slot = old.get(text);
      if (slot) remember(slot);
    }
    if (slot && slot.code === code && slot.enhanced === enhanced && slot.hint === hint) return slot.result;
    // A text already cached (with other codes) is replaced at once; others are cached from their
    // second sighting on.
    if (!slot && !seen.offer(hash32(text))) return firstSighting ?? classifyUncached(code, enhanced, text, hint);
    const result = classifyUncached(code, enhanced, text, hint);
    // The key must be a copy: the text is usually a slice of a whole chunk of log (src/util/flat.ts).
    remember({ key: flat(text), code, enhanced, hint, result });
    return result;
  }

  /** Puts `slot` in the young map, under its own copy of the text (a promoted slot keeps its key). */
  function remember(slot: CacheSlot): void {
    if (young.size >= generation || youngChars >= GENERATION_CHARS) {
      old = young;
      young = new Map();
      youngChars = 0;
    }
    young.set(slot.key, slot);
    youngChars += slot.key.length;
  }

  /** Stands for "not classified" in classifySeen (never returned by classify). */
  const FIRST_SIGHTING = Object.freeze({}) as Classification;
  return {
    catalog,
    classify: (input) => classify(input)!,
    classifySeen: (input) => {
      const c = classify(input, FIRST_SIGHTING);
      return c === FIRST_SIGHTING ? null : c;
    },
    classifyFresh: (input) =>
      classifyUncached(validCode(input.code), validEnhanced(input.enhanced), typeof input.text === 'string' ? input.text : '', validHint(input.classHint)),
  };
}

/**
 * The enhanced-code entry for a code: the class's own entry ("5.7.1") if the catalog has one, else the
 * class-independent one ("X.7.1"). An unknown detail falls back to its subject's general entry
 * ("5.7.606" -> "X.7.0"), as RFC 3463 section 2 asks of clients, but only as generic evidence.
 */
export function lookupEnhanced(catalog: Catalog, enhanced: string): { entry: EnhancedCodeEntry; specific: boolean } | null {
  const m = ENHANCED_SHAPE.exec(enhanced);
  if (!m) return null;
  const [, c, s, d] = m;
  const exact = catalog.enhancedByCode.get(`${c}.${Number(s)}.${Number(d)}`) ?? catalog.enhancedByCode.get(`X.${Number(s)}.${Number(d)}`);
  if (exact) return { entry: exact, specific: exact.specific };
  const subject = catalog.enhancedByCode.get(`${c}.${Number(s)}.0`) ?? catalog.enhancedByCode.get(`X.${Number(s)}.0`);
  return subject ? { entry: subject, specific: false } : null;
}

const nothing = (): boolean => false;

function applies(c: CompiledTextEntry, code: number | null, enhanced: string | null, has: (id: number) => boolean): boolean {
  return codesAllow(c.codes, code, enhanced) && (c.all.length === 0 || c.all.every(has)) && (c.none.length === 0 || !c.none.some(has));
}

/**
 * Whether an entry's `codes` condition admits the reply. Without a basic code (a text quoted with
 * only "4.7.1", or none at all) a listed code cannot be ruled out, so the class digit of the enhanced
 * code is compared instead; with no code at all, only "none" holds (a log's words about a failure of
 * its own, such as Exim's `** addr: Unrouteable address`).
 */
function codesAllow(codes: CodeCondition[] | null, code: number | null, enhanced: string | null): boolean {
  if (!codes) return true;
  const digit = code !== null ? Math.floor(code / 100) : enhanced ? Number(enhanced[0]) : null;
  if (digit === null) return codes.includes('none');
  for (const c of codes) {
    if (c === 'none') continue;
    if (typeof c === 'number') {
      if (code !== null ? c === code : Math.floor(c / 100) === digit) return true;
    } else if (Number(c[0]) === digit) return true;
  }
  return false;
}

function hintedClass(has: (id: number) => boolean, permanent: number[][], transient: number[][]): ReplyClass {
  if (permanent.some((all) => all.every(has))) return 'permanent';
  if (transient.some((all) => all.every(has))) return 'transient';
  return 'unknown';
}

function noCodeMeaning(cls: ReplyClass): string {
  if (cls === 'transient') return 'a failure without a reply code that a retry may cure';
  if (cls === 'permanent') return 'the sending server gave up on this delivery';
  return CLASS_MEANINGS.unknown;
}

function validCode(code: unknown): number | null {
  return typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599 ? code : null;
}

/** A class a log line can state: only the two outcomes (anything else is ignored). */
function validHint(hint: unknown): ReplyClass | null {
  return hint === 'permanent' || hint === 'transient' ? hint : null;
}

function validEnhanced(enhanced: unknown): string | null {
  if (typeof enhanced !== 'string') return null;
  if (isEnhancedShape(enhanced)) return enhanced;
  const t = enhanced.trim();
  return ENHANCED_SHAPE.test(t) ? t : null;
}
