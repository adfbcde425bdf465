// The report as Markdown (GitHub-flavoured tables): for a ticket, a wiki page or a chat message.
// Log values go through escapeMarkdown(): no raw HTML survives (renderers pass it through), no `|`
// breaks a table row, no control character reaches a terminal that shows the file raw.

import { escapeMarkdown as md } from '../util/sanitize.js';
import { bucketLabel, BUCKET_NOTE, emptyPeriodNote, formatChange, formatCode, formatCount, formatShare, formatTime, hasLocal, HOURS_NOTE, LOCAL_NOTE, LOCAL_TITLE, PRUNED_NOTE, rateUnknownNote, replyWithCodes, ROUNDING_NOTE, shownTotals, truncate, zoneOf } from './format.js';
import type { OutboundProblem, ReportModel, TopItem } from './model.js';

/** A GFM table; columns listed in `hidden` are left out (numbers a run summary does not have). */
function table(headers: string[], rows: string[][], rightAligned: number[] = [], hidden: number[] = []): string[] {
  const keep = (_: unknown, i: number) => !hidden.includes(i);
  const rule = headers.map((_, i) => (rightAligned.includes(i) ? '---:' : '---')).filter(keep);
  const line = (cells: string[]) => `| ${cells.filter(keep).map((c) => c || ' ').join(' | ')} |`;
  return [line(headers), `| ${rule.join(' | ')} |`, ...rows.map(line), ''];
}

const items = (list: TopItem[], n = 3) => list.slice(0, n).map((i) => `${md(truncate(i.value, 80))} (${formatCount(i.count)})`).join(', ');

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  const subject = model.filters.runId !== null ? `run ${model.filters.runId}` : model.filters.host ? md(model.filters.host) : model.hosts.map(md).join(', ') || 'all hosts';
  out.push(`# maillens report: ${subject}`, '');
  out.push(`**Period:** ${formatTime(model.period.since)} to ${formatTime(model.period.until)} (${HOURS_NOTE(model.period.hours)}, local time ${zoneOf(model.period.since)}${ROUNDING_NOTE(model.period)})  `);
  if (model.previous) out.push(`**Compared with:** ${formatTime(model.previous.since)} to ${formatTime(model.previous.until)}  `);
  if (model.eventsPrunedBefore) out.push(`**Note:** ${PRUNED_NOTE(formatTime(model.eventsPrunedBefore))}`);
  if (model.elsewhere) out.push(`**Note:** ${emptyPeriodNote(model.elsewhere, model.filters.host, md)}`);
  out.push('');

  const problems = (title: string, list: OutboundProblem[], verb: string) => {
    if (!list.length) return;
    out.push(`## ${title}`, '');
    for (const p of list) {
      const was = p.previous === null ? '' : ` (previous period ${formatCount(p.previous)})`;
      out.push(`- **\`${p.category}\`**: ${formatCount(p.count)} ${verb}${was}${p.attention ? ' — **action needed**' : ''}`);
      if (p.blocklists.length) out.push(`  - Blocklists: ${items(p.blocklists)}`);
      if (p.recipients?.length) out.push(`  - Recipients: ${items(p.recipients)}`);
      if (p.servers.length) out.push(`  - Servers: ${items(p.servers)}`);
      if (p.example) out.push(`  - Reply: ${md(truncate(replyWithCodes(p.example), 300))}`);
      out.push(`  - Meaning: ${md(p.meaning || p.categoryMeaning)}`);
      if (p.action) out.push(`  - Action: ${md(p.action)}`);
    }
    out.push('');
  };
  problems('Remote servers refusing our mail (outbound)', model.outbound.problems, 'refused');
  problems(LOCAL_TITLE, model.local.problems, 'failed');

  // A run summary has no previous period and no successes: those columns are left out.
  const compared = model.previous !== null;
  const accepted = model.totals[0]?.successes !== null;
  const totalsHidden = [...(accepted ? [] : [2, 3, 4]), ...(compared ? [] : [4, 5, 6])];
  const local = hasLocal(model);
  const comparedHidden = [...(local ? [] : [5]), ...(compared ? [] : [6, 7])];

  out.push('## Totals', '');
  out.push(
    ...table(
      ['Direction', 'Refused', 'Accepted', 'Rejection rate', 'Rate before', 'Refused before', 'Change'],
      shownTotals(model.totals).map((r) => [
        r.direction,
        formatCount(r.refusals),
        formatCount(r.successes),
        formatShare(r.rejectionRate),
        formatShare(r.previousRejectionRate),
        formatCount(r.previousRefusals),
        formatChange(r.change, r.changeRatio),
      ]),
      [1, 2, 3, 4, 5, 6],
      totalsHidden,
    ),
  );
  const l = model.lines;
  const rateNote = rateUnknownNote(model);
  // the same notes as the text and HTML reports: what the rate divides, what "before" is
  const notes = [
    ...(accepted ? ['Rejection rate = refused / (refused + accepted).'] : []),
    ...(rateNote ? [rateNote] : []),
    ...(local ? [LOCAL_NOTE] : []),
    ...(compared ? ['"Before" = the period of the same length just before this one.'] : []),
  ];
  if (notes.length) out.push(notes.join(' '), '');
  out.push(`Log lines: ${formatCount(l.read)} read, ${formatCount(l.matched)} matched, ${formatCount(l.skipped)} skipped, ${formatCount(l.oversized)} oversized.`, '');

  const comparedHeaders = ['Count', 'Share', 'In', 'Out', 'Local', 'Before', 'Change'];
  if (model.classes.length) {
    out.push('## By class', '');
    out.push(
      ...table(
        ['Class', ...comparedHeaders],
        model.classes.map((r) => [r.class, formatCount(r.count), formatShare(r.share), formatCount(r.inbound), formatCount(r.outbound), formatCount(r.local), formatCount(r.previous), formatChange(r.change, r.changeRatio)]),
        [1, 2, 3, 4, 5, 6, 7],
        comparedHidden,
      ),
    );
  }
  if (model.categories.length) {
    out.push('## By category', '');
    out.push(
      ...table(
        ['Category', ...comparedHeaders, 'Meaning'],
        model.categories.map((r) => [
          `\`${r.category}\``,
          formatCount(r.count),
          formatShare(r.share),
          formatCount(r.inbound),
          formatCount(r.outbound),
          formatCount(r.local),
          formatCount(r.previous),
          formatChange(r.change, r.changeRatio),
          md(r.meaning),
        ]),
        [1, 2, 3, 4, 5, 6, 7],
        comparedHidden,
      ),
    );
  }
  if (model.codes.length) {
    out.push('## Top reply codes', '');
    out.push(
      ...table(
        ['Code', 'Count', 'Share', 'Class', 'Category', 'Meaning', 'Action'],
        model.codes.map((r) => [formatCode(r.code, r.enhanced), formatCount(r.count), formatShare(r.share), r.class, `\`${r.category}\``, md(r.meaning), md(r.action)]),
        [1, 2],
      ),
    );
  }
  for (const lead of model.leading) {
    out.push(`## \`${lead.category}\`: ${formatCount(lead.count)} refused, by source`, '');
    for (const [name, list] of [
      ['Client IP', lead.clientIps],
      ['HELO name', lead.helos],
      ['Sender domain', lead.senderDomains],
      ['Recipient domain', lead.recipientDomains],
      ['Blocklist (our refusals)', lead.blocklists],
    ] as const) {
      if (list.length) out.push(...table([name, 'Count'], list.map((i) => [md(truncate(i.value, 120)), formatCount(i.count)]), [1]));
    }
  }
  const h = model.histogram;
  if (h.buckets.some((b) => b.refusals > 0)) {
    out.push(`## Refused per ${BUCKET_NOTE(h.bucketHours)}`, '');
    const series = h.series.map((s) => (s === 'rest' ? 'others' : `\`${s}\``));
    out.push(
      ...table(
        ['From', 'Refused', 'Accepted', ...series],
        h.buckets.map((b) => [bucketLabel(b.start, h.bucketHours), formatCount(b.refusals), formatCount(b.successes), ...b.counts.map(formatCount)]),
        Array.from({ length: 2 + series.length }, (_, i) => i + 1),
        accepted ? [] : [2],
      ),
    );
  }
  out.push(`_Generated ${formatTime(model.generatedAt)} by maillens._`);
  return `${out.join('\n')}\n`;
}
