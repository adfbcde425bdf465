import { UserError } from '../util/errors.js';

/** One problem found in a catalog file: which file, which entry (id, or its position), which field. */
export interface CatalogProblem {
  file: string;
  /** The entry's id when it has a usable one, else `#<index>` (0-based position in the file). */
  entry: string | null;
  field: string | null;
  message: string;
}

export function formatProblem(p: CatalogProblem): string {
  const where = [p.file, p.entry ? `entry ${p.entry}` : null, p.field ? `field "${p.field}"` : null].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

/**
 * The catalog is data a person edits: when it is wrong, say exactly where (STYLE.md convention 2), and
 * list every problem at once rather than one per run.
 */
export class CatalogError extends UserError {
  constructor(readonly problems: CatalogProblem[]) {
    const shown = problems.slice(0, 20).map(formatProblem);
    const more = problems.length > 20 ? [`... and ${problems.length - 20} more`] : [];
    super(
      problems.length === 1
        ? `invalid catalog: ${shown[0]}`
        : `invalid catalog (${problems.length} problems):\n  ${[...shown, ...more].join('\n  ')}`,
    );
    this.name = 'CatalogError';
  }
}
