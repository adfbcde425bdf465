// Reads a labeled reply set (../shared/corpus/labeled-replies.tsv and sets of the same shape): a TSV
// with a header row naming at least the columns id, text, class, category, and optionally basic_code
// and enhanced_code (the codes of the reply as the labeler saw them). Texts contain no tabs or
// newlines; quotes are literal (no CSV quoting).
import { readFileSync } from 'node:fs';
import { isCategory, isReplyClass, type Category, type ReplyClass } from '../model/labels.js';

export interface LabeledReply {
  id: string;
  text: string;
  code: number | null;
  enhanced: string | null;
  class: ReplyClass;
  category: Category;
}

export function readLabeledSet(path: string): LabeledReply[] {
  return parseLabeledSet(readFileSync(path, 'utf8'), path);
}

export function parseLabeledSet(content: string, name = 'labeled set'): LabeledReply[] {
  const lines = content.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const col = (n: string) => header.indexOf(n);
  const [iId, iText, iBasic, iEnh, iClass, iCat] = ['id', 'text', 'basic_code', 'enhanced_code', 'class', 'category'].map(col) as [number, number, number, number, number, number];
  for (const [n, i] of [['id', iId], ['text', iText], ['class', iClass], ['category', iCat]] as const) {
    if (i < 0) throw new Error(`${name}: no "${n}" column in the header`);
  }
  const out: LabeledReply[] = [];
  lines.slice(1).forEach((line, n) => {
    if (!line.trim()) return;
    const f = line.split('\t');
    const where = `${name}:${n + 2}`;
    const cls = f[iClass] ?? '';
    const cat = f[iCat] ?? '';
    if (!isReplyClass(cls)) throw new Error(`${where}: unknown class ${JSON.stringify(cls)}`);
    if (!isCategory(cat)) throw new Error(`${where}: unknown category ${JSON.stringify(cat)}`);
    const basic = iBasic >= 0 ? (f[iBasic] ?? '').trim() : '';
    const enhanced = iEnh >= 0 ? (f[iEnh] ?? '').trim() : '';
    out.push({
      id: f[iId] ?? `row-${n + 2}`,
      text: f[iText] ?? '',
      code: /^\d{3}$/.test(basic) ? Number(basic) : null,
      enhanced: enhanced || null,
      class: cls,
      category: cat,
    });
  });
  return out;
}
