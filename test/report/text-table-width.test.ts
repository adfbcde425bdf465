// Text tables line up in a terminal or a monospaced mail when a cell holds East Asian wide characters (a
// CJK HELO name or IDN domain: two columns each). Found in a user review: the sender domain
// "japanese.なぜみんな日本語を話してくれないのか.local" pushed its count and the whole recipient column to the right.
import { describe, expect, it } from 'vitest';
import { textTable, width } from '../../src/report/text-table.js';

describe('textTable and wide characters', () => {
  it('counts wide characters as two columns and combining marks as none', () => {
    expect(width('abc')).toBe(3);
    expect(width('日本語')).toBe(6);
    expect(width('e\u0301')).toBe(1);
  });

  it('aligns the column after a wide cell', () => {
    const lines = textTable([{ header: 'Domain' }, { header: 'Count', align: 'right' }], [['日本.example', '2'], ['example.org', '10']], '');
    const ends = lines.map((l) => width(l));
    expect(new Set(ends).size).toBe(1);
  });

  it('cuts a wide cell to its column limit in columns, not characters', () => {
    const [, row] = textTable([{ header: 'D', max: 10 }, { header: 'N', align: 'right' }], [['なぜみんな日本語を話して', '1']], '');
    expect(row).toBe('なぜみん…  1');
    expect(width(row!.split('  ')[0]!)).toBeLessThanOrEqual(10);
  });
});
