// Aligned columns for plain text (a mail body, a terminal): numbers right-aligned, words left-aligned.
// Colour is applied after padding so escape codes never count towards a column's width.

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cut longer cells (with …) so one hostile HELO cannot push every other column off the page. */
  max?: number;
  /** Leave the column out (a number the model does not have, such as a run's successes). */
  hidden?: boolean;
}

export type Cell = string | { text: string; paint: (s: string) => string };

const width = (s: string) => [...s].length;

export function textTable(allColumns: Column[], allRows: Cell[][], indent = '  ', paintHeader: (s: string) => string = (s) => s): string[] {
  const columns = allColumns.filter((c) => !c.hidden);
  const rows = allRows.map((row) => row.filter((_, i) => !allColumns[i]?.hidden));
  const texts = rows.map((row) =>
    row.map((cell, i) => {
      const text = typeof cell === 'string' ? cell : cell.text;
      const max = columns[i]?.max;
      return max && width(text) > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
    }),
  );
  const widths = columns.map((c, i) => Math.max(width(c.header), ...texts.map((r) => width(r[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, widths[i]! - width(text)));
    return columns[i]?.align === 'right' ? fill + text : text + fill;
  };
  const line = (cells: string[], paint?: (i: number, s: string) => string) =>
    (indent + cells.map((t, i) => (paint ? paint(i, pad(t, i)) : pad(t, i))).join('  ')).trimEnd();
  return [
    line(columns.map((c) => c.header), (_, s) => paintHeader(s)),
    ...texts.map((cells, r) =>
      line(cells, (i, s) => {
        const cell = rows[r]![i];
        return cell && typeof cell !== 'string' ? cell.paint(s) : s;
      }),
    ),
  ];
}
