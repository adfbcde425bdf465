// STYLE.md convention 1: every catalog entry carries examples, and every example must classify to that
// very entry. An entry shadowed by an earlier one (a vendor text under a broader one, a text rule under
// a specific enhanced code) fails here. Examples are read like `maillens classify` reads a line: codes
// from the text.
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/catalog/default-catalog.js';
import { defaultClassifier } from '../../src/classify/classify.js';
import { extractCodes } from '../../src/classify/extract-codes.js';

const catalog = defaultCatalog();
const classifier = defaultClassifier();
const entries = [...catalog.vendorTexts, ...catalog.enhancedCodes, ...catalog.textRules, ...catalog.basicCodes];

describe('catalog examples', () => {
  it('the catalog is complete and loads', () => {
    expect(catalog.missingFiles).toEqual([]);
    for (const list of [catalog.vendorTexts, catalog.enhancedCodes, catalog.textRules, catalog.basicCodes, catalog.blocklists]) expect(list.length).toBeGreaterThan(0);
  });

  it('every example of every entry classifies to that very entry', () => {
    const problems: string[] = [];
    for (const entry of entries) {
      for (const example of entry.examples) {
        const codes = extractCodes(example);
        const got = classifier.classify({ ...codes, text: example });
        if (got.rule !== entry.id) problems.push(`${entry.file} ${entry.id}: "${example}" -> ${got.rule} [${got.tier}]`);
        else if (got.category !== entry.category && got.class !== 'success') problems.push(`${entry.id}: "${example}" category ${got.category}`);
      }
    }
    expect(problems, `${problems.length} example(s) classify elsewhere:\n${problems.join('\n')}`).toEqual([]);
  });

  it('every text rule and vendor text carries at least one example with a code and, where it applies to codes, only such examples', () => {
    const problems: string[] = [];
    for (const e of [...catalog.vendorTexts, ...catalog.textRules]) {
      if (!e.codes) continue;
      // "none" (a log's own words, without any code) takes only examples without a code
      const none = e.codes.includes('none');
      const coded = e.codes.some((c) => c !== 'none');
      for (const ex of e.examples) {
        const bare = extractCodes(ex).code === null && extractCodes(ex).enhanced === null;
        if (bare && !none) problems.push(`${e.id}: "${ex}" has no code but the entry requires one`);
        if (!bare && !coded) problems.push(`${e.id}: "${ex}" has a code but the entry applies to replies without one`);
      }
    }
    expect(problems).toEqual([]);
  });
});
