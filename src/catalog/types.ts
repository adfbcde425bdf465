// The shapes of the catalog once loaded and validated (catalog/README.md describes the JSON files).
// Loading turns every file into these typed entries; classification only ever sees these.
import type { Category, ReplyClass } from '../model/labels.js';

/** The catalog files, in the tier order classification walks them (catalog/README.md "Tier order"). */
export const CATALOG_FILES = {
  vendorTexts: 'vendor-texts.json',
  enhancedCodes: 'enhanced-codes.json',
  textRules: 'text-rules.json',
  basicCodes: 'basic-codes.json',
  blocklists: 'blocklists.json',
} as const;
export type CatalogFileKey = keyof typeof CATALOG_FILES;

/**
 * A basic code (550), a class digit written as "4xx"/"5xx", or "none": a reply with no code at all,
 * basic or enhanced (what a log writes of a failure of its own, not a server's reply) (catalog/README.md
 * "Matching fields").
 */
export type CodeCondition = number | '2xx' | '3xx' | '4xx' | '5xx' | 'none';

/** Lowercase substrings; `norm*` are the same strings after normalizeForMatch (what is really compared). */
export interface MatchSpec {
  any: string[];
  all: string[];
  none: string[];
  normAny: string[];
  normAll: string[];
  normNone: string[];
}

interface EntryCommon {
  id: string;
  category: Category;
  /** Only set where the entry itself decides the class (a text that carries no code). */
  class: ReplyClass | null;
  meaning: string;
  cause: string;
  action: string;
  sources: string[];
  examples: string[];
  /** The catalog file the entry came from (for messages and `maillens catalog`). */
  file: string;
}

export interface TextEntry extends EntryCommon {
  kind: 'vendor' | 'text';
  match: MatchSpec;
  /** null = any code (or none); otherwise the entry applies only to these codes. */
  codes: CodeCondition[] | null;
  vendor: string | null;
  /**
   * Text rules only: the phrases are unambiguous whatever code comes with them ("relay access denied"
   * under `550 5.1.3`), so the rule is tried before the specific enhanced codes (tier `decisive-text`).
   */
  decisive: boolean;
}

export interface BasicCodeEntry extends EntryCommon {
  kind: 'basic';
  code: number;
  standard: boolean;
  reply: string | null;
}

export interface EnhancedCodeEntry extends EntryCommon {
  kind: 'enhanced';
  /** "X.1.1" (any class) or a concrete "5.7.1" when a class has its own meaning. */
  code: string;
  subject: string;
  detail: string;
  specific: boolean;
  rfc: string | null;
}

export type CatalogEntry = TextEntry | BasicCodeEntry | EnhancedCodeEntry;

/** One DNS blocklist (or a provider's family of lists) so that an rbl result can say which one. */
export interface Blocklist {
  id: string;
  /** How we name it in output: "Spamhaus ZEN", "SpamCop". */
  name: string;
  provider: string;
  /** DNS zones the list is queried under ("zen.spamhaus.org"), lowercase; may be empty. */
  zones: string[];
  /** Lowercase substrings that name the list in reply texts ("spamcop", "barracuda rbl"). */
  names: string[];
  normNames: string[];
  /** Where an admin checks or requests delisting. */
  lookup: string | null;
  sources: string[];
  file: string;
}

export interface Catalog {
  /** Folder the files were read from. */
  dir: string;
  vendorTexts: TextEntry[];
  textRules: TextEntry[];
  enhancedCodes: EnhancedCodeEntry[];
  basicCodes: BasicCodeEntry[];
  blocklists: Blocklist[];
  /** Every entry (not blocklists) by id. */
  byId: Map<string, CatalogEntry>;
  basicByCode: Map<number, BasicCodeEntry>;
  /** Keyed by the code as written in the file: "X.1.1", "5.7.1". */
  enhancedByCode: Map<string, EnhancedCodeEntry>;
  /** Files that did not exist when the catalog was loaded (treated as empty). */
  missingFiles: string[];
}
