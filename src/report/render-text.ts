// The plain-text report: what cron mails to the admin every morning, and what a terminal shows.
// Aligned columns, no line much wider than 80 characters except long values cut with "…", ASCII
// bars. Colour (ANSI) only when asked for (the command asks only for a terminal, never for a file
// or with NO_COLOR). Every value that comes from a log goes through forTerminal(): no ESC byte or other
// control character from a HELO or a reply text ever reaches the screen.

import { forTerminal } from '../util/sanitize.js';
import { bucketLabel, BUCKET_NOTE, emptyPeriodNote, formatChange, formatCode, formatCount, formatShare, formatTime, hasLocal, HOURS_NOTE, LOCAL_NOTE, LOCAL_TITLE, PRUNED_NOTE, rateUnknownNote, replyWithCodes, ROUNDING_NOTE, shownTotals, truncate, zoneOf } from './format.js';
import type { OutboundProblem, ReportModel, TopItem } from './model.js';
import { textTable, type Cell } from './text-table.js';

export interface TextOptions {
  color?: boolean;
}

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

const ansi = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const COLOR: Paint = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), yellow: ansi(33, 39), green: ansi(32, 39) };
const PLAIN: Paint = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s };

const BAR_WIDTH = 40;
/** Plain-text mail reads best under ~80 columns: long sentences wrap with a hanging indent. */
const LINE_WIDTH = 78;
const VALUE_WIDTH = 34;
const t = forTerminal;

/** Greedy word wrap; a word longer than the line (a URL) stays whole. */
function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/ +/)) {
    if (!empty && line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

export function renderText(model: ReportModel, options: TextOptions = {}): string {
  const p = options.color ? COLOR : PLAIN;
  const out: string[] = [];
  const heading = (title: string) => out.push('', p.bold(title));
  // More refusals than before is bad news (red), fewer is good (green).
  const changeCell = (change: number | null, ratio: number | null): Cell => ({
    text: formatChange(change, ratio),
    paint: change === null || change === 0 ? (s) => s : change > 0 ? p.red : p.green,
  });

  // --- title and period ------------------------------------------------------------------------------
  const subject = model.filters.runId !== null ? `run ${model.filters.runId}` : model.filters.host ? t(model.filters.host) : model.hosts.map(t).join(', ') || 'all hosts';
  out.push(p.bold(`maillens report: ${subject}`));
  out.push(`Period    ${formatTime(model.period.since)} to ${formatTime(model.period.until)} (${HOURS_NOTE(model.period.hours)}, local time ${zoneOf(model.period.since)}${ROUNDING_NOTE(model.period)})`);
  if (model.previous) out.push(`Compared  ${formatTime(model.previous.since)} to ${formatTime(model.previous.until)}`);
  if (model.eventsPrunedBefore) out.push(...wrap(PRUNED_NOTE(formatTime(model.eventsPrunedBefore)), 'Note      ', '          ').map(p.yellow));
  if (model.elsewhere) out.push(...wrap(emptyPeriodNote(model.elsewhere, model.filters.host, t), 'Note      ', '          ').map(p.yellow));
  else if (model.filters.host && model.hosts.length === 0) out.push(p.yellow(`No data for host ${t(model.filters.host)} in this period.`));

  // --- our own deliveries first: mail we could not deliver, remote, then on this host ------------------
  const problems = (title: string, list: OutboundProblem[], verb: string) => {
    if (list.length === 0) return;
    heading(title);
    for (const problem of list) {
      const was = problem.previous === null ? '' : `, previous period ${formatCount(problem.previous)}`;
      const flag = problem.attention ? p.red('  [action needed]') : '';
      out.push(`  * ${p.bold(problem.category)}: ${formatCount(problem.count)} ${verb}${was}${flag}`);
      const detail = (label: string, text: string) => out.push(...wrap(text, `      ${label.padEnd(11)}`, ' '.repeat(17)));
      const top = (items: TopItem[]) => items.slice(0, 3).map((i) => `${t(truncate(i.value, 60))} (${formatCount(i.count)})`);
      if (problem.blocklists.length) detail('Blocklists', top(problem.blocklists).join(', '));
      top(problem.recipients ?? []).forEach((s, i) => detail(i === 0 ? 'Recipients' : '', s));
      top(problem.servers).forEach((s, i) => detail(i === 0 ? 'Servers' : '', s));
      if (problem.example) detail('Reply', t(truncate(replyWithCodes(problem.example), 200)));
      detail('Meaning', t(problem.meaning || problem.categoryMeaning));
      if (problem.action) detail('Action', t(problem.action));
    }
  };
  problems('Remote servers refusing our mail (outbound)', model.outbound.problems, 'refused');
  problems(LOCAL_TITLE, model.local.problems, 'failed');

  // A run summary has no previous period and no successes: those columns are left out.
  const compared = model.previous !== null;
  const accepted = model.totals[0]?.successes !== null;

  // --- totals -----------------------------------------------------------------------------------------
  heading('Totals');
  out.push(
    ...textTable(
      [
        { header: 'Direction' },
        { header: 'Refused', align: 'right' },
        { header: 'Accepted', align: 'right', hidden: !accepted },
        { header: 'Rate', align: 'right', hidden: !accepted },
        { header: 'Rate before', align: 'right', hidden: !accepted || !compared },
        { header: 'Refused before', align: 'right', hidden: !compared },
        { header: 'Change', align: 'right', hidden: !compared },
      ],
      shownTotals(model.totals).map((row) => [
        row.direction,
        formatCount(row.refusals),
        formatCount(row.successes),
        formatShare(row.rejectionRate),
        formatShare(row.previousRejectionRate),
        formatCount(row.previousRefusals),
        changeCell(row.change, row.changeRatio),
      ]),
      '  ',
      p.dim,
    ),
  );
  if (accepted) out.push(p.dim('  Rate = refused / (refused + accepted).'));
  const rateNote = rateUnknownNote(model);
  if (rateNote) out.push(p.dim(`  ${rateNote}`));
  if (hasLocal(model)) out.push(...wrap(LOCAL_NOTE, '  ', '  ').map(p.dim));
  if (compared) out.push(p.dim('  "Before" = the period of the same length just before this one.'));
  const l = model.lines;
  out.push(`  Log lines: ${formatCount(l.read)} read, ${formatCount(l.matched)} matched, ${formatCount(l.skipped)} skipped, ${formatCount(l.oversized)} oversized`);

  // --- classes and categories -------------------------------------------------------------------------
  const local = hasLocal(model);
  const comparedColumns = (header: string) => [
    { header },
    { header: 'Count', align: 'right' as const },
    { header: 'Share', align: 'right' as const },
    { header: 'In', align: 'right' as const },
    { header: 'Out', align: 'right' as const },
    { header: 'Local', align: 'right' as const, hidden: !local },
    { header: 'Before', align: 'right' as const, hidden: !compared },
    { header: 'Change', align: 'right' as const, hidden: !compared },
  ];
  if (model.classes.length) {
    heading('By class');
    out.push(
      ...textTable(
        comparedColumns('Class'),
        model.classes.map((r) => [r.class, formatCount(r.count), formatShare(r.share), formatCount(r.inbound), formatCount(r.outbound), formatCount(r.local), formatCount(r.previous), changeCell(r.change, r.changeRatio)]),
        '  ',
        p.dim,
      ),
    );
  }
  if (model.categories.length) {
    heading('By category');
    out.push(
      ...textTable(
        comparedColumns('Category'),
        model.categories.map((r) => [r.category, formatCount(r.count), formatShare(r.share), formatCount(r.inbound), formatCount(r.outbound), formatCount(r.local), formatCount(r.previous), changeCell(r.change, r.changeRatio)]),
        '  ',
        p.dim,
      ),
    );
  }

  // --- reply codes ------------------------------------------------------------------------------------
  if (model.codes.length) {
    heading('Top reply codes');
    const [header, ...lines] = textTable(
      [{ header: 'Code' }, { header: 'Count', align: 'right' }, { header: 'Share', align: 'right' }, { header: 'Class' }, { header: 'Category' }],
      model.codes.map((r) => [formatCode(r.code, r.enhanced), formatCount(r.count), formatShare(r.share), r.class, r.category]),
      '  ',
      p.dim,
    );
    out.push(header!);
    // The meaning and action under the first row that has them; a row that would repeat them word for
    // word (the same code in another category, read by its code alone) refers back to it.
    const explained = new Set<string>();
    model.codes.forEach((row, i) => {
      out.push(lines[i]!);
      const said = `${row.meaning}\n${row.action}`;
      if (explained.has(said)) return;
      explained.add(said);
      if (row.meaning) out.push(...wrap(t(row.meaning), '      ', '      ').map(p.dim));
      if (row.action) out.push(...wrap(t(row.action), '      Action: ', '              '));
    });
  }

  // --- who is behind the leading categories -----------------------------------------------------------
  for (const lead of model.leading) {
    heading(`${lead.category}: ${formatCount(lead.count)} refused, by source`);
    const pairs: Array<[string, TopItem[], string, TopItem[]]> = [
      ['Client IP', lead.clientIps, 'HELO name', lead.helos],
      ['Sender domain', lead.senderDomains, 'Recipient domain', lead.recipientDomains],
      ['Blocklist (our refusals)', lead.blocklists, '', []],
    ];
    for (const [leftName, left, rightName, right] of pairs) {
      if (!left.length && !right.length) continue;
      // a list without a partner (blocklists) is a table of two columns
      const single = rightName === '';
      const rows: Cell[][] = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
        const cells: Cell[] = [t(left[i]?.value ?? ''), left[i] ? formatCount(left[i]!.count) : ''];
        return single ? cells : [...cells, t(right[i]?.value ?? ''), right[i] ? formatCount(right[i]!.count) : ''];
      });
      const columns = [
        { header: leftName, max: VALUE_WIDTH },
        { header: 'Count', align: 'right' as const },
      ];
      if (!single) columns.push({ header: rightName, max: VALUE_WIDTH }, { header: 'Count', align: 'right' as const });
      out.push(...textTable(columns, rows, '  ', p.dim));
    }
  }

  // --- histogram --------------------------------------------------------------------------------------
  const h = model.histogram;
  const peak = Math.max(0, ...h.buckets.map((b) => b.refusals));
  if (peak > 0) {
    const unit = Math.max(1, Math.ceil(peak / BAR_WIDTH));
    const per = BUCKET_NOTE(h.bucketHours);
    heading(`Refused per ${per} (local time; # = ${formatCount(unit)})`);
    out.push(
      ...textTable(
        [{ header: 'From' }, { header: 'Refused', align: 'right' }, { header: 'Accepted', align: 'right', hidden: !accepted }, { header: '' }],
        h.buckets.map((b) => [bucketLabel(b.start, h.bucketHours), formatCount(b.refusals), formatCount(b.successes), '#'.repeat(Math.ceil(b.refusals / unit))]),
        '  ',
        p.dim,
      ),
    );
  }

  out.push('', p.dim(`Generated ${formatTime(model.generatedAt)} by maillens.`));
  return `${out.join('\n')}\n`;
}
