import type { Category, CodeSource, Direction, ReplyClass, Stage } from '../model/labels.js';

/**
 * The order in which evidence is weighed (first hit wins), from the most specific to the least:
 * a vendor's own reply text, a generic text rule whose words are unambiguous whatever code comes with
 * them (`"decisive": true` in text-rules.json), a specific enhanced code, the other generic text
 * patterns, a broad enhanced code, the basic code, and finally only the class digit. `none` = nothing
 * at all to go on.
 */
export const TIERS = ['vendor-text', 'decisive-text', 'enhanced-specific', 'text', 'enhanced-generic', 'basic', 'class-digit', 'none'] as const;
export type Tier = (typeof TIERS)[number];

export interface ClassifyInput {
  code: number | null;
  enhanced: string | null;
  text: string;
  codeSource?: CodeSource;
  stage?: Stage;
  direction?: Direction;
  /** The class the log line states (ReplyEvent.classHint); decides the class of a reply without a code. */
  classHint?: ReplyClass | null;
}

export interface Classification {
  class: ReplyClass;
  category: Category;
  /** Id of the catalog entry that decided the category (e.g. "text.rbl.blocked-using", "basic.550"). */
  rule: string;
  tier: Tier;
  /** One line: what the reply means. */
  meaning: string;
  /** What the admin can do about it. */
  action: string;
  /** For rbl: the blocklist zone or provider the text names ("zen.spamhaus.org", "Spamcop"), else null. */
  blocklist: string | null;
  /** Set when the basic and enhanced codes disagree on the class ("550 with 4.2.2: the basic code decides"). */
  classNote: string | null;
}
