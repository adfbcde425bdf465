// Everything maillens can say about one reply: its codes, the classification, the catalog entry that
// decided it (with cause, action and sources) and what each code means on its own. The model behind
// `maillens explain`; renderers live with the command.
import type { BasicCodeEntry, EnhancedCodeEntry } from '../catalog/types.js';
import { CATEGORY_MEANINGS, CLASS_MEANINGS, type Category, type ReplyClass } from '../model/labels.js';
import { lookupEnhanced, type Classifier } from './create-classifier.js';
import { extractCodes } from './extract-codes.js';
import type { Tier } from './types.js';

export interface CodeMeaning {
  code: string;
  /** Catalog entry id, or null when the catalog has no entry for the code. */
  rule: string | null;
  meaning: string | null;
}

export interface Explanation {
  input: string;
  /** The reply text without a bare code-only input ("" for `explain 550`). */
  text: string;
  code: number | null;
  enhanced: string | null;
  class: ReplyClass;
  classMeaning: string;
  classNote: string | null;
  category: Category;
  categoryMeaning: string;
  rule: string;
  tier: Tier;
  meaning: string;
  cause: string | null;
  action: string;
  blocklist: string | null;
  sources: string[];
  /** The catalog's reading of each code on its own (what the code alone would have said). */
  codes: { basic: CodeMeaning | null; enhanced: CodeMeaning | null };
}

// "550", "5.7.1", "550 5.7.1", "550-5.7.1", "#5.7.1": a code alone, nothing to read but the code.
const BARE_CODES = /^\s*#?(?:([1-5]\d\d)(?:[ \-]+#?([245]\.\d{1,3}\.\d{1,3}))?|([245]\.\d{1,3}\.\d{1,3}))\s*$/;

export function explainReply(input: string, classifier: Classifier): Explanation {
  const bare = BARE_CODES.exec(input);
  const code = bare ? (bare[1] ? Number(bare[1]) : null) : null;
  const enhanced = bare ? (bare[2] ?? bare[3] ?? null) : null;
  const text = bare ? '' : input.trim();
  const codes = bare ? { code, enhanced } : extractCodes(text);
  const c = classifier.classify({ code: codes.code, enhanced: codes.enhanced, text });
  const entry = classifier.catalog.byId.get(c.rule) ?? null;
  const basicEntry = codes.code !== null ? (classifier.catalog.basicByCode.get(codes.code) ?? null) : null;
  const enhancedEntry = codes.enhanced ? (lookupEnhanced(classifier.catalog, codes.enhanced)?.entry ?? null) : null;
  return {
    input,
    text,
    code: codes.code,
    enhanced: codes.enhanced,
    class: c.class,
    classMeaning: CLASS_MEANINGS[c.class],
    classNote: c.classNote,
    category: c.category,
    categoryMeaning: CATEGORY_MEANINGS[c.category],
    rule: c.rule,
    tier: c.tier,
    meaning: c.meaning,
    cause: entry?.cause ?? null,
    action: c.action,
    blocklist: c.blocklist,
    sources: entry?.sources ?? [],
    codes: {
      basic: codes.code !== null ? codeMeaning(String(codes.code), basicEntry) : null,
      enhanced: codes.enhanced ? codeMeaning(codes.enhanced, enhancedEntry) : null,
    },
  };
}

function codeMeaning(code: string, entry: BasicCodeEntry | EnhancedCodeEntry | null): CodeMeaning {
  return { code, rule: entry?.id ?? null, meaning: entry?.meaning ?? null };
}
