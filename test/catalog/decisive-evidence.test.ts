// A text rule marked `"decisive": true` outranks the specific enhanced codes (catalog/README.md, tier
// decisive-text): its words must mean one thing whatever code comes with them. This holds the claim to
// the evidence both labeled sets give, the way data-shape.test.ts holds `specific` codes to it:
// - every decisive rule is backed by real replies (at least one row of either set carries its words);
// - no row of either set that a decisive rule matches is labeled with another category.
// Each rule is tried alone (a one-rule catalog), so what is checked is what its words match, not what
// it happens to win today behind the vendor texts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/load-catalog.js';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { extractCodes } from '../../src/classify/extract-codes.js';
import { readLabeledSet } from '../../src/classify/labeled-set.js';
import { corpusFile } from '../../src/util/paths.js';

const here = dirname(fileURLToPath(import.meta.url));
const rules = (JSON.parse(readFileSync(join(here, '..', '..', 'catalog', 'text-rules.json'), 'utf8')) as { entries: { id: string; decisive?: boolean }[] }).entries;
const decisive = rules.filter((e) => e.decisive === true);
const rows = [
  ...readLabeledSet(corpusFile('labeled-replies.tsv')),
  ...readLabeledSet(join(here, '..', 'classify', 'held-out-replies.tsv')),
].map((r) => {
  const found = extractCodes(r.text);
  return { ...r, code: r.code ?? found.code, enhanced: r.enhanced ?? found.enhanced };
});

describe('decisive text rules against both labeled sets', () => {
  it('there are a few, and not most of the text rules', () => {
    expect(decisive.length).toBeGreaterThanOrEqual(5);
    expect(decisive.length).toBeLessThan(rules.length / 3);
  });

  for (const rule of decisive) {
    it(`${rule.id}: backed by real replies, contradicted by none`, () => {
      // The entry alone, no enhanced or basic codes: whatever the rule's words match is reported.
      const alone = createClassifier(buildCatalog({ textRules: [rule] }), { cacheSize: 0 });
      const matched = rows.filter((r) => alone.classify({ code: r.code, enhanced: r.enhanced, text: r.text }).rule === rule.id);
      const category = alone.catalog.textRules[0]!.category;
      expect(matched.length, `${rule.id} matches no labeled reply: no evidence that it is decisive`).toBeGreaterThan(0);
      const against = matched.filter((r) => r.category !== category).map((r) => `${r.id} (${r.category}): ${r.text.slice(0, 120)}`);
      expect(against, `${rule.id} (${category}) matches replies labeled otherwise`).toEqual([]);
    });
  }
});
