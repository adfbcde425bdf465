// The renderers on a fixture with hostile log values (issue 6): HELO <script>, a sender domain that
// closes an attribute and opens an <img onerror>, terminal escape sequences, spreadsheet formulas, a
// host name with <svg onload>. Every format must show them as text and let none of them act.
process.env.TZ = 'Europe/Berlin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '../../src/report/build-report-model.js';
import type { ReportModel } from '../../src/report/model.js';
import { CSV_COLUMNS, renderCsv } from '../../src/report/render-csv.js';
import { renderHtml } from '../../src/report/render-html.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderText } from '../../src/report/render-text.js';
import { openDatabase } from '../../src/store/open.js';
import { createFixtureDb, HOSTILE, type Fixture } from '../helpers/fixture-db.js';
import { parseCsv } from './csv-parse.js';

const HOSTILE_HOST = 'mx1<svg onload=alert(3)>"';
let fixture: Fixture;
let model: ReportModel;
let plain: ReportModel;
let plainFixture: Fixture;

beforeAll(() => {
  fixture = createFixtureDb({ hostile: true, hosts: { mx: HOSTILE_HOST } });
  let db = openDatabase(fixture.path, { readonly: true });
  model = buildReportModel(db, fixture.days[1]!, { now: new Date(fixture.end) });
  db.close();
  plainFixture = createFixtureDb();
  db = openDatabase(plainFixture.path, { readonly: true });
  plain = buildReportModel(db, plainFixture.days[1]!, { now: new Date(plainFixture.end) });
  db.close();
});
afterAll(() => {
  fixture?.cleanup();
  plainFixture?.cleanup();
});

// Any C0/C1 control except the line feed that ends lines.
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

describe('the hostile values really are in the model', () => {
  it('leads the top lists with them', () => {
    const rbl = model.leading.find((l) => l.category === 'rbl')!;
    expect(rbl.helos.map((h) => h.value)).toEqual(expect.arrayContaining([HOSTILE.helo, HOSTILE.escapeHelo]));
    expect(rbl.senderDomains.map((h) => h.value)).toContain(HOSTILE.senderDomain);
    expect(rbl.recipientDomains.map((h) => h.value)).toContain(HOSTILE.formulaRecipientDomain);
    expect(model.outbound.problems[0]!.example!.text).toBe(HOSTILE.outboundText);
    expect(model.hosts).toContain(HOSTILE_HOST);
  });
});

describe('text', () => {
  it('prints log values without a single control character', () => {
    const out = renderText(model);
    expect(out).not.toMatch(CONTROL);
    expect(out).toContain('\\x1b[2J\\x1b]0;pwned\\x07evil'); // visible, so the admin sees what was sent
    expect(out).toContain(HOSTILE.helo); // plain text: shown as it is
  });
  it('with colour, every ESC is one of its own SGR codes', () => {
    const out = renderText(model, { color: true });
    expect(out).toContain('\x1b[1m');
    expect(out.replace(/\x1b\[\d+m/g, '')).not.toMatch(CONTROL);
  });
  it('aligns columns and spells changes as +N (+P%)', () => {
    const out = renderText(plain);
    const rows = out.split('\n');
    const start = rows.findIndex((l) => l.trim().startsWith('Category'));
    const table = rows.slice(start, rows.indexOf('', start));
    expect(table.length).toBe(plain.categories.length + 1);
    // Right-aligned columns end at the same place on every row.
    const countEnd = table[0]!.indexOf('Count') + 'Count'.length;
    for (const line of table.slice(1)) expect(line[countEnd - 1]).toMatch(/\d/);
    expect(out).toMatch(/^ {2}rbl +162 +\d+\.\d% +154 +8 +102 +\+60 \(\+59%\)$/m);
    expect(out).toMatch(/^ {2}greylisting +5 +.* 25 +-20 \(-80%\)$/m);
    expect(out).toMatch(/^ {2}reverse_dns_helo +12 +.* 0 +\+12 \(new\)$/m);
    expect(out).toMatch(/^ {2}all +304 +[\d,]+ +\d+\.\d% +\d+\.\d% +251 +\+53 \(\+21%\)$/m);
    // Outbound problems come before the totals.
    expect(out.indexOf('Remote servers refusing our mail')).toBeLessThan(out.indexOf('Totals'));
    expect(out).toMatch(/\* rbl: 8 refused, previous period 2 +\[action needed\]/);
  });
});

describe('markdown', () => {
  it('lets no HTML through and keeps tables intact', () => {
    const out = renderMarkdown(model);
    expect(out).not.toMatch(CONTROL);
    expect(out).not.toMatch(/<(script|img|svg)/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('"&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Every table row has as many cells as its header (a raw | would add one).
    const lines = out.split('\n');
    lines.forEach((line, i) => {
      if (!line.startsWith('| ---') && !line.startsWith('| --- ')) return;
      const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
      const header = lines[i - 1]!;
      for (let j = i + 1; lines[j]?.startsWith('|'); j++) expect(cells(lines[j]!), lines[j]).toBe(cells(header));
    });
  });
});

describe('html', () => {
  const tags = (html: string) => [...html.matchAll(/<[a-zA-Z!/][^>]*>/g)].map((m) => m[0]);
  const ALLOWED = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'p', 'table', 'tr', 'th', 'td', 'div', 'span', 'strong', 'br', 'svg', 'g', 'rect', 'line', 'text']);

  it('shows hostile values as text: only our own elements and attributes exist', () => {
    const out = renderHtml(model);
    expect(out).not.toMatch(CONTROL);
    for (const tag of tags(out)) {
      const name = /^<\/?([!a-zA-Z0-9]+)/.exec(tag)![1]!.toLowerCase();
      expect(ALLOWED.has(name), tag).toBe(true);
      // Attribute names only: quoted values (where escaped text lives) are blanked first.
      const names = tag.replace(/"[^"]*"/g, '""');
      expect(names, tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(names, tag).not.toMatch(/\s(src|href|xlink:href|style)\s*=/i);
    }
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('\\x1b[2J\\x1b]0;pwned\\x07evil.example');
    expect(out).toContain('=HYPERLINK(&quot;http://evil.example/&quot;,&quot;click&quot;)&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('escapes inside SVG <title>s and attributes too', () => {
    const out = renderHtml(model);
    const svgs = [...out.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      expect(svg).toMatch(/aria-label="maillens report: mail\.example\.org, mx1&lt;svg onload=alert\(3\)&gt;&quot;, web1\.example\.net: /);
      expect(svg).toMatch(/<title>maillens report: mail\.example\.org, mx1&lt;svg onload=alert\(3\)&gt;&quot;, web1/);
      expect(svg.match(/<svg/g)).toHaveLength(1);
    }
    expect(out).toMatch(/<title>maillens report: mail\.example\.org, mx1&lt;svg onload=alert\(3\)&gt;&quot;/);
  });

  it('is one self-contained file: no script, no external resource, a CSP that forbids them', () => {
    const out = renderHtml(model);
    expect(out).toMatch(/^<!DOCTYPE html>/);
    expect(out).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(out).not.toMatch(/<script|<link|<img|<iframe|url\(|@import/i);
  });

  it('draws the hourly bars and the category shares from the model', () => {
    const out = renderHtml(plain);
    const hourly = /<svg[\s\S]*?<\/svg>/.exec(out)![0];
    const bars = [...hourly.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(bars).toHaveLength(24);
    expect(bars[0]).toMatch(/^03-05 00:00: \d+ refused, \d+ accepted$/);
    const rects = [...hourly.matchAll(/<rect [^>]*><title>03-05 03:00: rbl (\d+)<\/title>/g)];
    expect(Number(rects[0]![1])).toBe(plain.histogram.buckets[3]!.counts[0]);
    const share = [...out.matchAll(/<svg[\s\S]*?<\/svg>/g)][1]![0];
    expect(share).toContain('<title>rbl: 53.3% (162) of all refusals</title>');
  });
});

describe('csv', () => {
  it('is one rectangular RFC 4180 table with neutralised formula cells', () => {
    const rows = parseCsv(renderCsv(model));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const cell = (section: string, predicate: (key: string) => boolean) => rows.find((r) => r[0] === section && predicate(r[1]!));
    expect(cell('recipient_domain', (k) => k.includes('cmd'))![1]).toBe(`'${HOSTILE.formulaRecipientDomain}`);
    expect(cell('outbound', (k) => k === 'rbl')![10]).toBe(`'${HOSTILE.outboundText}`);
    expect(cell('helo', (k) => k.includes('script'))![1]).toBe(HOSTILE.helo);
    // Negative numbers stay numbers.
    const grey = rows.find((r) => r[0] === 'category' && r[1] === 'greylisting' && r[2] === 'all')!;
    expect(grey[8]).toMatch(/^-\d+$/);
    // Nothing a spreadsheet would evaluate, in any cell.
    for (const row of rows) for (const c of row) if (/^[=+@\t\r]/.test(c) || (/^-/.test(c) && !/^-\d+(\.\d+)?$/.test(c))) throw new Error(`formula cell: ${c}`);
  });
  it('carries the same numbers as the model', () => {
    const rows = parseCsv(renderCsv(plain));
    const all = rows.find((r) => r[0] === 'totals' && r[1] === 'refusals' && r[2] === 'all')!;
    expect(Number(all[5])).toBe(304);
    expect(Number(all[7])).toBe(251);
    const categories = rows.filter((r) => r[0] === 'category' && r[2] === 'all');
    expect(categories.reduce((s, r) => s + Number(r[5]), 0)).toBe(304);
    const histogram = rows.filter((r) => r[0] === 'histogram' && r[3] !== 'success');
    expect(histogram.reduce((s, r) => s + Number(r[5]), 0)).toBe(304);
    expect(rows.find((r) => r[0] === 'category' && r[1] === 'rbl' && r[2] === 'all')!.slice(5, 10)).toEqual(['162', '0.5329', '102', '60', '0.5882']);
  });
  it('makes control characters visible when printed to a terminal', () => {
    expect(renderCsv(model)).toContain('\x1b[2J');
    expect(renderCsv(model, { terminal: true }).replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
  });
});

describe('json', () => {
  it('is the model, with hostile values intact and safely escaped', () => {
    const out = renderJson(model);
    expect(out).not.toMatch(CONTROL);
    expect(JSON.parse(out)).toEqual(model);
  });
});

describe('a run summary (no previous period, no successes)', () => {
  it('leaves out the columns it has no numbers for, in every format', () => {
    const db = openDatabase(plainFixture.path, { readonly: true });
    const run = buildReportModel(db, { runId: plainFixture.runIds[0]! });
    db.close();
    const text = renderText(run);
    expect(text).toMatch(/^ {2}Direction +Refused$/m);
    expect(text).toMatch(/^ {2}Category +Count +Share +In +Out$/m);
    expect(text).not.toContain('Before');
    expect(text).not.toContain('Accepted');
    const md = renderMarkdown(run);
    expect(md).toContain('| Direction | Refused |\n| --- | ---: |\n| inbound | 243 |');
    expect(md).not.toMatch(/Before|Accepted/);
    const html = renderHtml(run);
    expect(html).toContain('<tr><th>Direction</th><th class="n">Refused</th></tr>');
    expect(html).not.toMatch(/Before|Accepted/);
  });
});

describe('every format, every model', () => {
  it('never prints undefined, NaN or [object Object]', () => {
    const db = openDatabase(plainFixture.path, { readonly: true });
    const models = [plain, model, buildReportModel(db, { runId: plainFixture.runIds[1]! }), buildReportModel(db, { since: 0, until: 3_600_000 })];
    db.close();
    for (const m of models) {
      for (const out of [renderText(m), renderText(m, { color: true }), renderMarkdown(m), renderHtml(m), renderCsv(m), renderJson(m)]) {
        expect(out).not.toMatch(/undefined|NaN|\[object /);
      }
    }
  });
});
