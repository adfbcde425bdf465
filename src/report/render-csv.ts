// The report as one CSV table (RFC 4180, CRLF, header row) for spreadsheets and scripts. Every row has
// the same columns; `section` says what the row is:
//
//   section            key                         what the other columns hold
//   period             since, until, previous_since, previous_until, requested_since, requested_until,
//                      generated_at, events_pruned_before (only after a prune inside the period: the
//                      lists below count events from then on)   detail = local ISO time
//   filter             host | run                  detail = the --host asked for; count = the run (a run's summary)
//   totals             refusals | successes        direction (inbound/outbound/local/all), count, previous, change,
//                                                  change_ratio (local: successes and rate empty, never counted)
//   totals             rejection_rate              direction, share = rate, previous = the previous period's rate
//   lines              read | matched | skipped | oversized   count
//   class              the class                   direction all: count, share, previous, change, change_ratio;
//                                                  direction inbound / outbound / local: count
//   category           the category                as class, detail = what the category means
//   code               "550 5.7.1" (or "(no code)") class, category, count, share, detail = meaning, action
//   outbound           the category                direction outbound, count, previous, detail = most frequent
//                                                  reply text, action; category too
//   outbound_server    remote server               category, count
//   outbound_blocklist blocklist                   category, count
//   local              the category                direction local (deliveries on this host that failed):
//                                                  count, previous, detail = most frequent text, action
//   local_recipient    recipient address           category, count
//   local_server       local LMTP server           category, count
//   client_ip, helo, sender_domain, recipient_domain   the value   category (leading category), count
//   blocklist          blocklist our own refusals named   direction inbound, category (leading category), count
//   histogram          bucket start (local ISO)    category (a category, or "rest"), count; class = success
//                                                  rows give the accepted count of the bucket
//
// Shares and rates are fractions (0.2554). Cells from logs that start like a formula are neutralised
// with a leading ' (csvCell); numbers stay numbers.

import { csvRow } from '../util/sanitize.js';
import { formatCode } from './format.js';
import type { ReportModel, TopItem } from './model.js';

export const CSV_COLUMNS = [
  'section',
  'key',
  'direction',
  'class',
  'category',
  'count',
  'share',
  'previous',
  'change',
  'change_ratio',
  'detail',
  'action',
] as const;
type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

const round = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 10_000) / 10_000);

export function renderCsv(model: ReportModel, options: { terminal?: boolean } = {}): string {
  const rows: Row[] = [];
  const add = (row: Row) => rows.push(row);

  const period: Array<[string, string | undefined]> = [
    ['since', model.period.since],
    ['until', model.period.until],
    ['previous_since', model.previous?.since],
    ['previous_until', model.previous?.until],
    ['requested_since', model.period.requestedSince],
    ['requested_until', model.period.requestedUntil],
    ['generated_at', model.generatedAt],
    ['events_pruned_before', model.eventsPrunedBefore ?? undefined],
    // an empty period: the hours the database has data for (ReportModel.elsewhere)
    ['stored_since', model.elsewhere?.first ?? undefined],
    ['stored_until', model.elsewhere?.last ?? undefined],
  ];
  for (const [key, value] of period) if (value) add({ section: 'period', key, detail: value });
  if (model.filters.host) add({ section: 'filter', key: 'host', detail: model.filters.host });
  if (model.filters.runId !== null) add({ section: 'filter', key: 'run', count: model.filters.runId });

  for (const t of model.totals) {
    add({ section: 'totals', key: 'refusals', direction: t.direction, count: t.refusals, previous: t.previousRefusals, change: t.change, change_ratio: round(t.changeRatio) });
    add({ section: 'totals', key: 'successes', direction: t.direction, count: t.successes, previous: t.previousSuccesses });
    add({ section: 'totals', key: 'rejection_rate', direction: t.direction, share: round(t.rejectionRate), previous: round(t.previousRejectionRate) });
  }
  for (const [key, count] of Object.entries(model.lines)) add({ section: 'lines', key, count });

  for (const c of model.classes) {
    add({ section: 'class', key: c.class, direction: 'all', class: c.class, count: c.count, share: round(c.share), previous: c.previous, change: c.change, change_ratio: round(c.changeRatio) });
    add({ section: 'class', key: c.class, direction: 'inbound', class: c.class, count: c.inbound });
    add({ section: 'class', key: c.class, direction: 'outbound', class: c.class, count: c.outbound });
    add({ section: 'class', key: c.class, direction: 'local', class: c.class, count: c.local });
  }
  for (const c of model.categories) {
    add({ section: 'category', key: c.category, direction: 'all', category: c.category, count: c.count, share: round(c.share), previous: c.previous, change: c.change, change_ratio: round(c.changeRatio), detail: c.meaning });
    add({ section: 'category', key: c.category, direction: 'inbound', category: c.category, count: c.inbound });
    add({ section: 'category', key: c.category, direction: 'outbound', category: c.category, count: c.outbound });
    add({ section: 'category', key: c.category, direction: 'local', category: c.category, count: c.local });
  }
  for (const c of model.codes) {
    add({ section: 'code', key: formatCode(c.code, c.enhanced), class: c.class, category: c.category, count: c.count, share: round(c.share), detail: c.meaning, action: c.action });
  }
  for (const p of model.outbound.problems) {
    add({ section: 'outbound', key: p.category, direction: 'outbound', category: p.category, count: p.count, previous: p.previous, detail: p.example?.text ?? '', action: p.action });
    for (const s of p.servers) add({ section: 'outbound_server', key: s.value, direction: 'outbound', category: p.category, count: s.count });
    for (const b of p.blocklists) add({ section: 'outbound_blocklist', key: b.value, direction: 'outbound', category: p.category, count: b.count });
  }
  for (const p of model.local.problems) {
    add({ section: 'local', key: p.category, direction: 'local', category: p.category, count: p.count, previous: p.previous, detail: p.example?.text ?? '', action: p.action });
    for (const r of p.recipients ?? []) add({ section: 'local_recipient', key: r.value, direction: 'local', category: p.category, count: r.count });
    for (const s of p.servers) add({ section: 'local_server', key: s.value, direction: 'local', category: p.category, count: s.count });
  }
  for (const lead of model.leading) {
    const lists: Array<[string, TopItem[]]> = [
      ['client_ip', lead.clientIps],
      ['helo', lead.helos],
      ['sender_domain', lead.senderDomains],
      ['recipient_domain', lead.recipientDomains],
      ['blocklist', lead.blocklists],
    ];
    for (const [section, list] of lists) {
      // the blocklists of a leading category are our own refusals' (inbound); the lists refusing our mail are outbound_blocklist
      const direction = section === 'blocklist' ? 'inbound' : undefined;
      for (const item of list) add({ section, key: item.value, direction, category: lead.category, count: item.count });
    }
  }
  for (const b of model.histogram.buckets) {
    b.counts.forEach((count, i) => {
      if (count > 0) add({ section: 'histogram', key: b.start, category: model.histogram.series[i]!, count });
    });
    if (b.successes) add({ section: 'histogram', key: b.start, class: 'success', category: 'success', count: b.successes });
  }

  const terminal = options.terminal ?? false;
  return csvRow([...CSV_COLUMNS]) + rows.map((row) => csvRow(CSV_COLUMNS.map((c) => row[c] ?? null), terminal)).join('');
}
