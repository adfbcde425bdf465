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

// Columns a character takes in a terminal or a monospaced mail: East Asian wide and fullwidth characters
// two, combining marks none, everything else one (a CJK HELO name or IDN domain pushed the next column
// out of line: found in a user review).
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO = /[\p{Mn}\p{Me}\u200B-\u200F]/u;
const charWidth = (ch: string) => (ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1);
export const width = (s: string): number => {
  let n = 0;
  for (const ch of s) n += charWidth(ch);
  return n;
};
/** The longest start of `s` that fits in `max` columns with the … after it. */
const cut = (s: string, max: number): string => {
  let out = '';
  let n = 0;
  for (const ch of s) {
    const w = charWidth(ch);
    if (n + w > max - 1) break;
    out += ch;
    n += w;
  }
  return `${out}…`;
};

export function textTable(allColumns: Column[], allRows: Cell[][], indent = '  ', paintHeader: (s: string) => string = (s) => s): string[] {
  const columns = allColumns.filter((c) => !c.hidden);
  const rows = allRows.map((row) => row.filter((_, i) => !allColumns[i]?.hidden));
  const texts = rows.map((row) =>
    row.map((cell, i) => {
      const text = typeof cell === 'string' ? cell : cell.text;
      const max = columns[i]?.max;
      return max && width(text) > max ? cut(text, max) : text;
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
