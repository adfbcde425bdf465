// The two charts of the HTML report, as inline SVG (no script, no external font or stylesheet):
// refusals per hour stacked by category, and each category's share of all refusals. Every text,
// <title> and attribute goes through the escaping `html` template.

import { bucketLabel, formatCount, formatShare } from './format.js';
import { html, type Markup } from './html-template.js';
import type { ReportModel } from './model.js';

// Okabe & Ito's colour-blind-safe palette, then grey for "all other categories".
const PALETTE = ['#D55E00', '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#F0E442'];
const REST = '#999999';

/** Colour of each histogram series (and of the same category in the share chart). */
export function seriesColors(series: ReportModel['histogram']['series']): Map<string, string> {
  return new Map(series.map((s, i) => [s, s === 'rest' ? REST : PALETTE[i % PALETTE.length]!]));
}

const label = (s: string) => (s === 'rest' ? 'all others' : s);

/** The smallest 1/2/5 × 10^k that is at least `peak`: round axis ticks. */
function niceCeiling(peak: number): number {
  if (peak <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(peak));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((v) => v >= peak)!;
}

const fixed = (n: number) => Number(n.toFixed(1));

export function hourlyChart(model: ReportModel, title: string): Markup {
  const h = model.histogram;
  const colors = seriesColors(h.series);
  const width = 760;
  const left = 48;
  const right = 12;
  const top = 12;
  const plotHeight = 180;
  const legendY = top + plotHeight + 40;
  const height = legendY + 22;
  const plotWidth = width - left - right;
  const n = Math.max(1, h.buckets.length);
  const slot = plotWidth / n;
  const barWidth = Math.max(1, slot * 0.8);
  const max = niceCeiling(Math.max(0, ...h.buckets.map((b) => b.refusals)));
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const every = Math.ceil(n / 8); // about 8 time labels: each is ~60 px wide

  const ticks = [0, max / 2, max].map(
    (v) => html`<line x1="${left}" x2="${width - right}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="#ddd"/><text x="${left - 6}" y="${fixed(y(v) + 4)}" text-anchor="end" font-size="11" fill="#555">${formatCount(Math.round(v))}</text>`,
  );
  const bars = h.buckets.map((b, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    const when = bucketLabel(b.start, h.bucketHours);
    const rects = b.counts.map((count, s) => {
      if (count <= 0) return '';
      const y0 = y(base);
      base += count;
      const y1 = y(base);
      const key = h.series[s]!;
      return html`<rect x="${fixed(x)}" y="${fixed(y1)}" width="${fixed(barWidth)}" height="${fixed(Math.max(0.5, y0 - y1))}" fill="${colors.get(key)}"><title>${when}: ${label(key)} ${formatCount(count)}</title></rect>`;
    });
    const tick = i % every === 0 ? html`<text x="${fixed(x + barWidth / 2)}" y="${top + plotHeight + 16}" text-anchor="middle" font-size="10" fill="#555">${when}</text>` : '';
    const accepted = b.successes === null ? '' : `, ${formatCount(b.successes)} accepted`;
    return html`<g><title>${when}: ${formatCount(b.refusals)} refused${accepted}</title>${rects}</g>${tick}`;
  });
  let lx = left;
  const legend = h.series.map((key) => {
    const item = html`<rect x="${lx}" y="${legendY - 10}" width="12" height="12" fill="${colors.get(key)}"/><text x="${lx + 16}" y="${legendY}" font-size="12" fill="#333">${label(key)}</text>`;
    lx += 16 + label(key).length * 7 + 18;
    return item;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}" font-family="sans-serif"><title>${title}</title>${ticks}<line x1="${left}" x2="${width - right}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#888"/>${bars}${legend}</svg>`;
}

export function shareChart(model: ReportModel, title: string): Markup {
  const rows = model.categories.filter((c) => c.count > 0);
  const colors = seriesColors(model.histogram.series);
  const width = 760;
  const labelWidth = 150;
  const barArea = 440;
  const rowHeight = 22;
  const height = rows.length * rowHeight + 8;
  const maxShare = Math.max(...rows.map((r) => r.share ?? 0), 0.0001);
  const bars = rows.map((r, i) => {
    const yTop = 4 + i * rowHeight;
    const w = Math.max(1, ((r.share ?? 0) / maxShare) * barArea);
    const text = `${formatShare(r.share)} (${formatCount(r.count)})`;
    return html`<g><title>${r.category}: ${text} of all refusals</title><text x="${labelWidth - 8}" y="${yTop + 15}" text-anchor="end" font-size="12" fill="#333">${r.category}</text><rect x="${labelWidth}" y="${yTop + 3}" width="${fixed(w)}" height="${rowHeight - 6}" fill="${colors.get(r.category) ?? REST}"/><text x="${fixed(labelWidth + w + 6)}" y="${yTop + 15}" font-size="12" fill="#333">${text}</text></g>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}" font-family="sans-serif"><title>${title}</title>${bars}</svg>`;
}
