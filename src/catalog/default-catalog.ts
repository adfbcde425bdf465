// The catalog shipped in catalog/, loaded once per process: every classify() call of an analyze run
// shares it.
import { loadCatalog } from './load-catalog.js';
import type { Catalog } from './types.js';

let cached: Catalog | undefined;

export function defaultCatalog(): Catalog {
  if (!cached) cached = loadCatalog();
  return cached;
}
