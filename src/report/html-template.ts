// A tagged template for HTML and SVG that escapes every interpolated value unless it is already
// markup built by this same template (Markup). Escaping is the default, so a value from a log cannot
// be forgotten: `html\`<td>${helo}</td>\`` is safe whatever the HELO contains, in text and in quoted
// attributes alike.
import { escapeHtml } from '../util/sanitize.js';

export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Value = Markup | string | number | null | undefined | false | Value[];

function render(value: Value): string {
  if (value instanceof Markup) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Markup(out);
}
