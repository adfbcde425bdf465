// classify(): the classifier over the catalog shipped in catalog/, built once per process.
// Pure (same input, same result) and cached, so the analyzer can call it for every event.
import { defaultCatalog } from '../catalog/default-catalog.js';
import { createClassifier, type Classifier } from './create-classifier.js';
import type { Classification, ClassifyInput } from './types.js';

let shared: Classifier | undefined;

export function defaultClassifier(): Classifier {
  if (!shared) shared = createClassifier(defaultCatalog());
  return shared;
}

export function classify(input: ClassifyInput): Classification {
  return defaultClassifier().classify(input);
}
