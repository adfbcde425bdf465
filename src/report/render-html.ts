// The report as one self-contained HTML file: inline CSS, inline SVG charts, no script, no external
// resource of any kind (a Content-Security-Policy forbids them too, a second line of defence should an
// escaping bug ever let markup through). Readable in a browser and in a mail client: the tables carry
// every number, so clients that drop SVG (several webmails do) lose only the pictures.
// All interpolation goes through the escaping `html` template (./html-template.ts).

import { bucketLabel, BUCKET_NOTE, emptyPeriodNote, formatChange, formatCode, formatCount, formatShare, formatTime, hasLocal, HOURS_NOTE, LOCAL_NOTE, LOCAL_TITLE, PRUNED_NOTE, rateUnknownNote, replyWithCodes, ROUNDING_NOTE, shownTotals, truncate, zoneOf } from './format.js';
import { html, type Markup } from './html-template.js';
import type { OutboundProblem, ReportModel, TopItem } from './model.js';
import { hourlyChart, shareChart } from './svg-charts.js';

const STYLE = `
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #222; margin: 24px; max-width: 1000px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.meta { color: #555; margin: 2px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 14px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.code { white-space: nowrap; }
td.v { word-break: break-all; max-width: 360px; font-family: ui-monospace, Consolas, monospace; font-size: 13px; }
.up { color: #b00020; } .down { color: #1b7a2f; } .muted { color: #666; font-size: 13px; }
.problem { border: 1px solid #ddd; border-left: 5px solid #999; padding: 8px 12px; margin: 8px 0; }
.problem.attention { border-left-color: #b00020; background: #fff6f6; }
.problem .reply { font-family: ui-monospace, Consolas, monospace; font-size: 13px; word-break: break-all; }
.tag { background: #b00020; color: #fff; border-radius: 3px; padding: 1px 6px; font-size: 12px; }
.pairs { display: flex; flex-wrap: wrap; gap: 16px; } svg.chart { max-width: 100%; height: auto; }
`;

function changeCell(change: number | null, ratio: number | null): Markup {
  const cls = change === null || change === 0 ? '' : change > 0 ? 'n up' : 'n down';
  return html`<td class="${cls || 'n'}">${formatChange(change, ratio)}</td>`;
}

const n = (value: number | null) => html`<td class="n">${formatCount(value)}</td>`;
const pct = (value: number | null) => html`<td class="n">${formatShare(value)}</td>`;

function topTable(name: string, items: TopItem[]): Markup | '' {
  if (!items.length) return '';
  return html`<table><tr><th>${name}</th><th class="n">Count</th></tr>${items.map((i) => html`<tr><td class="v">${i.value}</td>${n(i.count)}</tr>`)}</table>`;
}

export function renderHtml(model: ReportModel): string {
  const subject = model.filters.runId !== null ? `run ${model.filters.runId}` : model.filters.host ?? (model.hosts.join(', ') || 'all hosts');
  const title = `maillens report: ${subject}`;
  const h = model.histogram;
  const per = BUCKET_NOTE(h.bucketHours);

  const problemsOf = (list: OutboundProblem[], verb: string) => list.map(
    (p) => html`<div class="${p.attention ? 'problem attention' : 'problem'}">
<strong>${p.category}</strong>: ${formatCount(p.count)} ${verb}${p.previous === null ? '' : `, previous period ${formatCount(p.previous)}`}${p.attention ? html` <span class="tag">action needed</span>` : ''}
${p.blocklists.length ? html`<br>Blocklists: ${p.blocklists.map((b, i) => html`${i ? ', ' : ''}${b.value} (${formatCount(b.count)})`)}` : ''}
${p.recipients?.length ? html`<br>Recipients: ${p.recipients.slice(0, 5).map((r, i) => html`${i ? ', ' : ''}${r.value} (${formatCount(r.count)})`)}` : ''}
${p.servers.length ? html`<br>Servers: ${p.servers.slice(0, 5).map((s, i) => html`${i ? ', ' : ''}${s.value} (${formatCount(s.count)})`)}` : ''}
${p.example ? html`<br>Reply: <span class="reply">${truncate(replyWithCodes(p.example), 500)}</span>` : ''}
<br>Meaning: ${p.meaning || p.categoryMeaning}
${p.action ? html`<br>Action: ${p.action}` : ''}
</div>`,
  );
  const problems = problemsOf(model.outbound.problems, 'refused');
  const localProblems = problemsOf(model.local.problems, 'failed');

  // A run summary has no previous period and no successes: those columns are left out.
  const compared = model.previous !== null;
  const accepted = model.totals[0]?.successes !== null;
  const rateNote = rateUnknownNote(model);
  const local = hasLocal(model);
  const compareHead = html`<th class="n">Count</th><th class="n">Share</th><th class="n">In</th><th class="n">Out</th>${local ? html`<th class="n">Local</th>` : ''}${compared ? html`<th class="n">Before</th><th class="n">Change</th>` : ''}`;
  const compareCells = (r: { previous: number | null; change: number | null; changeRatio: number | null }) =>
    compared ? html`${n(r.previous)}${changeCell(r.change, r.changeRatio)}` : '';

  const body = html`<h1>${title}</h1>
<p class="meta">Period: ${formatTime(model.period.since)} to ${formatTime(model.period.until)} (${HOURS_NOTE(model.period.hours)}, local time ${zoneOf(model.period.since)}${ROUNDING_NOTE(model.period)})</p>
${model.previous ? html`<p class="meta">Compared with: ${formatTime(model.previous.since)} to ${formatTime(model.previous.until)}</p>` : ''}
${model.eventsPrunedBefore ? html`<p class="meta">${PRUNED_NOTE(formatTime(model.eventsPrunedBefore))}</p>` : ''}
${model.elsewhere ? html`<p class="meta">${emptyPeriodNote(model.elsewhere, model.filters.host, (v) => v)}</p>` : ''}
${problems.length ? html`<h2>Remote servers refusing our mail (outbound)</h2>${problems}` : ''}
${localProblems.length ? html`<h2>${LOCAL_TITLE}</h2>${localProblems}` : ''}
<h2>Totals</h2>
<table><tr><th>Direction</th><th class="n">Refused</th>${accepted ? html`<th class="n">Accepted</th><th class="n">Rejection rate</th>` : ''}${accepted && compared ? html`<th class="n">Rate before</th>` : ''}${compared ? html`<th class="n">Refused before</th><th class="n">Change</th>` : ''}</tr>
${shownTotals(model.totals).map(
  (t) =>
    html`<tr><td>${t.direction}</td>${n(t.refusals)}${accepted ? html`${n(t.successes)}${pct(t.rejectionRate)}` : ''}${accepted && compared ? pct(t.previousRejectionRate) : ''}${compared ? html`${n(t.previousRefusals)}${changeCell(t.change, t.changeRatio)}` : ''}</tr>`,
)}
</table>
<p class="muted">${accepted ? 'Rejection rate = refused / (refused + accepted). ' : ''}${rateNote ? `${rateNote} ` : ''}${local ? `${LOCAL_NOTE} ` : ''}${compared ? '"Before" = the previous period of the same length. ' : ''}Log lines: ${formatCount(model.lines.read)} read, ${formatCount(model.lines.matched)} matched, ${formatCount(model.lines.skipped)} skipped, ${formatCount(model.lines.oversized)} oversized.</p>
${
  h.buckets.some((b) => b.refusals > 0)
    ? html`<h2>Refused per ${per}</h2>${hourlyChart(model, `${title}: refused per ${per}, by category`)}`
    : ''
}
${
  model.categories.length
    ? html`<h2>By category</h2>${model.categories.some((c) => c.count > 0) ? shareChart(model, `${title}: share of refusals by category`) : ''}
<table><tr><th>Category</th>${compareHead}<th>Meaning</th></tr>
${model.categories.map((c) => html`<tr><td>${c.category}</td>${n(c.count)}${pct(c.share)}${n(c.inbound)}${n(c.outbound)}${local ? n(c.local) : ''}${compareCells(c)}<td class="muted">${c.meaning}</td></tr>`)}
</table>`
    : ''
}
${
  model.classes.length
    ? html`<h2>By class</h2><table><tr><th>Class</th>${compareHead}</tr>
${model.classes.map((c) => html`<tr><td>${c.class}</td>${n(c.count)}${pct(c.share)}${n(c.inbound)}${n(c.outbound)}${local ? n(c.local) : ''}${compareCells(c)}</tr>`)}
</table>`
    : ''
}
${
  model.codes.length
    ? html`<h2>Top reply codes</h2><table><tr><th>Code</th><th class="n">Count</th><th class="n">Share</th><th>Class</th><th>Category</th><th>Meaning</th><th>Action</th></tr>
${model.codes.map((c) => html`<tr><td class="code">${formatCode(c.code, c.enhanced)}</td>${n(c.count)}${pct(c.share)}<td>${c.class}</td><td>${c.category}</td><td>${c.meaning}</td><td>${c.action}</td></tr>`)}
</table>`
    : ''
}
${model.leading.map(
  (l) => html`<h2>${l.category}: ${formatCount(l.count)} refused, by source</h2>
<div class="pairs">${topTable('Client IP', l.clientIps)}${topTable('HELO name', l.helos)}${topTable('Sender domain', l.senderDomains)}${topTable('Recipient domain', l.recipientDomains)}${topTable('Blocklist (our refusals)', l.blocklists)}</div>`,
)}
${
  h.buckets.some((b) => b.refusals > 0)
    ? html`<h2>Refused per ${per}, by category</h2><table><tr><th>From</th><th class="n">Refused</th>${accepted ? html`<th class="n">Accepted</th>` : ''}${h.series.map((s) => html`<th class="n">${s === 'rest' ? 'others' : s}</th>`)}</tr>
${h.buckets.map((b) => html`<tr><td>${bucketLabel(b.start, h.bucketHours)}</td>${n(b.refusals)}${accepted ? n(b.successes) : ''}${b.counts.map((c) => n(c))}</tr>`)}
</table>`
    : ''
}
<p class="muted">Generated ${formatTime(model.generatedAt)} by maillens.</p>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
${html`<title>${title}</title>`}
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
