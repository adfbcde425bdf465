// The phrase automaton and the blocklist finder with the real catalog (issue 7 made both faster):
// - PhraseMatcher.scan must find exactly the phrases that `normalizeForMatch(text).includes(phrase)`
//   finds, for the whole catalog's phrase set (thousands of trie nodes: shallow nodes read from full
//   rows, deep ones from short records with failure links, see phrase-matcher.ts) on real replies and
//   on the same replies mangled (case, punctuation, non-ASCII letters, cut phrases glued together);
// - BlocklistFinder.find must name the same list whether it trusts the scan to pre-select the zones
//   (`verbatim`) or searches for every zone.
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { normalizeForMatch, normalizeMatchString } from '../../src/catalog/normalize-for-match.js';
import { BlocklistFinder } from '../../src/classify/blocklist-finder.js';
import { PERMANENT_HINTS, TRANSIENT_HINTS } from '../../src/classify/class-hints.js';
import { readLabeledSet } from '../../src/classify/labeled-set.js';
import { PhraseMatcher } from '../../src/classify/phrase-matcher.js';
import { corpusFile } from '../../src/util/paths.js';

const catalog = defaultCatalog();
const phrases = [
  ...new Set([
    ...[...catalog.vendorTexts, ...catalog.textRules].flatMap((e) => [...e.match.normAny, ...e.match.normAll, ...e.match.normNone]),
    ...catalog.blocklists.flatMap((b) => [...b.normNames, ...b.zones.map(normalizeMatchString)]),
    ...[...PERMANENT_HINTS, ...TRANSIENT_HINTS].flat().map(normalizeMatchString),
  ]),
];
const replies = [
  ...readLabeledSet(corpusFile('labeled-replies.tsv')),
  ...readLabeledSet(new URL('held-out-replies.tsv', import.meta.url).pathname),
].map((r) => r.text);

let seed = 20_240_607;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const JUNK = [' ', '-', '.', '_', ':', '@', '\t', 'é', 'É', 'ß', '\u0130', '\u212a', '\u00a0', '’', 'ディ', '\ud83d\ude00', '\ud800', '5', 'x'];

/** A reply or a run of cut catalog phrases, with its case and some characters changed. */
function mangled(): string {
  let t = '';
  if (rnd() < 0.5) t = pick(replies);
  else for (let k = 1 + Math.floor(rnd() * 5); k > 0; k--) t += pick(phrases).slice(Math.floor(rnd() * 3)) + (rnd() < 0.5 ? pick(JUNK) : '');
  const chars = [...t];
  for (let k = Math.floor(rnd() * 4); k > 0; k--) chars.splice(Math.floor(rnd() * (chars.length + 1)), rnd() < 0.5 ? 1 : 0, pick(JUNK));
  t = chars.join('');
  return rnd() < 0.3 ? t.toUpperCase() : t;
}

describe('PhraseMatcher with the whole catalog', () => {
  const m = new PhraseMatcher();
  const ids = phrases.map((p) => m.add(p));

  it('finds exactly the phrases the normalised text contains', () => {
    const texts = [...replies, ...Array.from({ length: 3000 }, mangled)];
    let found = 0;
    for (const text of texts) {
      const norm = normalizeForMatch(text);
      const has = m.scan(text);
      const want = phrases.map((p) => norm.includes(p));
      const got = ids.map(has);
      if (got.some((g, k) => g !== want[k])) expect({ text, got: phrases.filter((_, k) => got[k]) }).toEqual({ text, got: phrases.filter((_, k) => want[k]) });
      // lastHits lists each found phrase once
      expect([...m.lastHits()].sort((a, b) => a - b)).toEqual(ids.filter((id, k) => want[k] && ids.indexOf(id) === k).sort((a, b) => a - b));
      found += want.filter(Boolean).length;
    }
    expect(found).toBeGreaterThan(replies.length); // the check had something to find
  });

  it('says whether the text was all ASCII', () => {
    m.scan('550 5.7.1 blocked using zen.spamhaus.org');
    expect(m.lastScanAscii()).toBe(true);
    m.scan('550 5.7.1 Zugang verweigert: Größe');
    expect(m.lastScanAscii()).toBe(false);
  });
});

describe('BlocklistFinder: zones pre-selected by the scan', () => {
  const m = new PhraseMatcher();
  const finder = new BlocklistFinder(catalog.blocklists, m);
  const zones = catalog.blocklists.flatMap((b) => b.zones);
  const names = catalog.blocklists.flatMap((b) => b.names);

  it('names the same list as a search for every zone', () => {
    const texts = [...replies];
    for (const zone of zones) {
      texts.push(
        `554 5.7.1 Client host [192.0.2.1] blocked using ${zone}; see https://www.example.net/lookup?ip=192.0.2.1`,
        `550 Rejected: listed at ${zone.toUpperCase()}.`,
        `550 listed at x${zone}`, // glued to a longer host name: not this zone
        `550 listed at ${zone}-mirror.example`,
        `550 ${zone.replace('.', ' . ')} and rbl: FBLW15`,
        `550 blocked, see https://${zone}/lookup`,
      );
    }
    for (const name of names) texts.push(`554 5.7.1 Rejected: your IP is listed by ${name}`, `554 ${name.toUpperCase()} blocked by rbl.example.com`);
    for (let k = 0; k < 2000; k++) texts.push(`${pick(['550 ', '', 'Blocked BY ', 'listed in '])}${mangled()} ${pick([...zones, ...names, 'rbl: X1Y2', 'listed on foo.example.org'])}${pick(JUNK)}`);
    let named = 0;
    for (const text of texts) {
      const has = m.scan(text);
      if (!m.lastScanAscii()) continue; // not verbatim: the classifier searches every zone anyway
      const all = finder.find(text, { has, verbatim: false });
      expect(finder.find(text, { has, verbatim: true }), text).toBe(all);
      if (all !== null) named++;
    }
    expect(named).toBeGreaterThan(zones.length * 3);
  });
});
