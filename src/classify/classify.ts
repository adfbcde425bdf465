// TEMPORARY STUB (replaced by the catalog-driven classifier): class from the first digit only.
import type { Classification, ClassifyInput } from './types.js';

export function classify(input: ClassifyInput): Classification {
  const digit = input.code ? Math.floor(input.code / 100) : input.enhanced ? Number(input.enhanced[0]) : 0;
  const cls = digit === 5 ? 'permanent' : digit === 4 ? 'transient' : digit === 2 ? 'success' : digit === 1 || digit === 3 ? 'info' : 'unknown';
  return { class: cls, category: cls === 'success' ? 'success' : 'other', rule: `class.${digit || 'none'}`, tier: digit ? 'class-digit' : 'none', meaning: '', action: '', blocklist: null, classNote: null };
}
