// Says which DNS blocklist an rbl reply names, so the admin knows where to check and ask for removal.
//
// Evidence, from the most to the least precise:
// 1. a zone from catalog/blocklists.json written in the text ("blocked using zen.spamhaus.org");
// 2. the name of a specific list ("Spamhaus SBL", "Barracuda RBL");
// 3. whatever zone or list id follows "blocked using" / "listed at" / "rbl:" even when we do not know
//    the list (Postfix reject_rbl_client prints the zone the admin configured: "blocked using
//    rbl.example.com"; Outlook.com prints its internal list ids: "blocked using FBLW15");
// 4. a provider name alone ("see https://www.spamhaus.org/query/bl?ip=...", "IP in SpamCop blacklist").
import { normalizeMatchString } from '../catalog/normalize-for-match.js';
import type { Blocklist } from '../catalog/types.js';
import type { PhraseMatcher } from './phrase-matcher.js';

interface CompiledBlocklist {
  list: Blocklist;
  nameIds: number[];
  /** Whether the entry names one list (it has zones) rather than a provider in general. */
  specific: boolean;
}

/**
 * A Spamhaus Data Query Service zone: the customer's query key, then the list (`<key>.sbl.dq.spamhaus.net`).
 * The key is a secret of whoever runs the receiving server (src/util/hide-secrets.ts hides it in stored
 * texts): the list is named by the zone after it. Bounded runs, each of a class the next separator ends.
 */
const DQS_ZONE = /(?:\[key hidden\]|[a-z0-9]{1,64})\.((?:[a-z0-9-]{1,20}\.){1,3}dq\.spamhaus\.(?:net|com))(?![a-z0-9-])/i;

// Linear: fixed alternatives, then one bounded run of a character class disjoint from the separator.
const NAMED_AFTER = /(?:blocked using|blocked by|listed at|listed in|listed on|listed by|\brbl:)[ \t]+([A-Za-z0-9][A-Za-z0-9.\-]{0,120})/gi;
const PREFILTER = ['blocked using', 'blocked by', 'listed at', 'listed in', 'listed on', 'listed by', 'rbl:'];

/**
 * How the phrase scan of the text was made, for `find`. `verbatim`: the scan read this very text (no
 * address was masked out) and the text is all ASCII. Then a string the lowercased text contains is, in
 * normal form, a phrase the scan found (normalize-for-match.ts: a substring stays a substring), so a
 * zone or trigger phrase the scan did not find is not in the text, and is not searched for (issue 7:
 * the zone loop was most of the cost of an rbl reply). Otherwise every zone is searched for.
 */
export interface ScanFacts {
  has: (id: number) => boolean;
  verbatim: boolean;
}

export class BlocklistFinder {
  private readonly compiled: CompiledBlocklist[];
  /**
   * Zones, longest first: "sbl-xbl.spamhaus.org" must win over "xbl.spamhaus.org". `phrase` = the
   * zone's normal form registered with the matcher ("zen spamhaus org"), -1 if it has none.
   */
  private readonly zones: { zone: string; list: Blocklist; phrase: number }[];
  /** The PREFILTER strings in normal form, registered with the matcher. */
  private readonly triggers: number[];

  constructor(blocklists: readonly Blocklist[], matcher: PhraseMatcher) {
    this.compiled = blocklists.map((list) => ({ list, nameIds: list.normNames.map((n) => matcher.add(n)), specific: list.zones.length > 0 }));
    this.zones = blocklists
      .flatMap((list) => list.zones.map((zone) => ({ zone, list, phrase: phraseOf(zone, matcher) })))
      .sort((a, b) => b.zone.length - a.zone.length);
    this.triggers = PREFILTER.map((p) => phraseOf(p, matcher));
  }

  /** `scan` describes the phrase scan of this very text (see ScanFacts and PhraseMatcher.scan). */
  find(text: string, scan: ScanFacts): string | null {
    const { has, verbatim } = scan;
    let lower: string | null = null;
    for (const { zone, phrase } of this.zones) {
      if (verbatim && phrase >= 0 && !has(phrase)) continue;
      lower ??= text.toLowerCase();
      const at = findWord(lower, zone);
      if (at >= 0) return zone;
    }
    for (const c of this.compiled) if (c.specific && c.nameIds.some(has)) return c.list.name;
    lower ??= text.toLowerCase();
    if (lower.includes('dq.spamhaus.')) {
      const dqs = DQS_ZONE.exec(lower);
      if (dqs) return dqs[1]!;
    }
    if (!verbatim || this.triggers.some((id) => id < 0 || has(id))) {
      const named = namedAfterTrigger(text, lower ?? text.toLowerCase());
      if (named) return named;
    }
    for (const c of this.compiled) if (!c.specific && c.nameIds.some(has)) return c.list.name;
    return null;
  }
}

/** Registers the normal form of `s` with the matcher; -1 when it has no letter or digit to look for. */
function phraseOf(s: string, matcher: PhraseMatcher): number {
  const norm = normalizeMatchString(s);
  return norm.trim() === '' ? -1 : matcher.add(norm);
}

/** Index of `needle` in `hay` where it is not glued to a longer host name on either side, else -1. */
function findWord(hay: string, needle: string): number {
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at < 0) return -1;
    const before = at > 0 ? hay[at - 1]! : ' ';
    const after = hay[at + needle.length] ?? ' ';
    if (!/[a-z0-9.\-]/.test(before) && !/[a-z0-9\-]/.test(after)) return at;
    from = at + 1;
  }
}

function namedAfterTrigger(text: string, lower: string): string | null {
  if (!PREFILTER.some((p) => lower.includes(p))) return null;
  NAMED_AFTER.lastIndex = 0;
  for (let m = NAMED_AFTER.exec(text); m; m = NAMED_AFTER.exec(text)) {
    const token = m[1]!.replace(/[.\-]+$/, '');
    // A zone ("rbl.example.com") or a list id with letters and digits ("FBLW15"); not a plain word
    // ("blocked by policy", "listed in our records").
    const zoneLike = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(token) && /[a-z]/i.test(token) && !/^\d+(\.\d+)+$/.test(token);
    const idLike = /[a-z]/i.test(token) && /\d/.test(token) && /^[A-Z0-9-]+$/.test(token);
    if (zoneLike || idLike) return token;
  }
  return null;
}
