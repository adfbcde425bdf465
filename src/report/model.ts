// The report model: every number a report shows, computed once from SQL by buildReportModel() and
// handed to the renderers (text, markdown, json, csv, html), which only lay it out and escape it.
// `maillens report --format json` prints this object as it is, so field names are part of the public
// interface: add fields freely, rename or remove only with a new `version`.
//
// Conventions: times are ISO 8601 strings in local time with their offset ("2024-03-05T14:00:00+01:00");
// shares and rates are fractions (0.255 = 25.5 %); `null` means "not known" (no previous period, no
// successes recorded), which is different from 0.

import type { Category, Direction, ReplyClass } from '../model/labels.js';

export interface ReportFilters {
  /** unix ms; inclusive. Optional only with runId (then the run's own events decide). */
  since?: number;
  /** unix ms; exclusive. */
  until?: number;
  host?: string | null;
  /** Only the events of this analyze run (the analyzer's own summary). */
  runId?: number | null;
}

export interface ReportOptions {
  /** Length of the top lists (codes, client IPs, HELOs, domains, servers). */
  top?: number;
  /** How many of the largest categories get their own client/HELO/domain lists. */
  leading?: number;
  /** When the report is made (`generatedAt`); defaults to the current time. */
  now?: Date;
}

/** A count in this period next to the same count in the previous period of the same length. */
export interface Compared {
  count: number;
  /** Share of all refusals in the period (0..1); null when there were none. */
  share: number | null;
  /** Same count in the previous period; null when there is no comparison (a run summary). */
  previous: number | null;
  /** count - previous */
  change: number | null;
  /** change / previous; null when previous is 0 or unknown. */
  changeRatio: number | null;
}

export interface DirectionTotals {
  direction: Direction | 'all';
  /** Refused or failed exchanges: every stored event (classes other than success). */
  refusals: number;
  /** Accepted / delivered, from the hourly success counts; null for a run summary (not kept per run). */
  successes: number | null;
  /** refusals / (refusals + successes); null when unknown or when nothing happened. */
  rejectionRate: number | null;
  previousRefusals: number | null;
  previousSuccesses: number | null;
  previousRejectionRate: number | null;
  change: number | null;
  changeRatio: number | null;
}

export interface ClassRow extends Compared {
  class: ReplyClass;
  inbound: number;
  outbound: number;
  local: number;
}

export interface CategoryRow extends Compared {
  category: Category;
  /** What the category means (src/model/labels.ts). */
  meaning: string;
  inbound: number;
  outbound: number;
  local: number;
}

export interface CodeRow {
  /** Basic reply code, null when the refusal had none. */
  code: number | null;
  enhanced: string | null;
  class: ReplyClass;
  category: Category;
  count: number;
  share: number | null;
  /**
   * From the catalog, for the code alone: what it means and what to do. Empty when the catalog has nothing.
   * A row without any code (and a category other than `other`) says so and names its category instead.
   */
  meaning: string;
  action: string;
}

export interface TopItem {
  value: string;
  count: number;
}

/**
 * Remote servers refusing our mail (direction outbound), or this host's own deliveries failing
 * (direction local), one entry per category.
 */
export interface OutboundProblem {
  category: Category;
  /** A problem on our side that needs action (our IP listed, our credentials, our SPF/DKIM, our PTR). */
  attention: boolean;
  count: number;
  previous: number | null;
  categoryMeaning: string;
  /** The remote servers that refused (for local: the LMTP server, when there was one), most frequent first. */
  servers: TopItem[];
  /** Local deliveries only: the recipients whose delivery failed, most frequent first. */
  recipients?: TopItem[];
  /** Blocklists named in the replies (rbl). */
  blocklists: TopItem[];
  /** The most frequent reply, as written by the remote server (log content: escape it). */
  example: { code: number | null; enhanced: string | null; text: string; count: number } | null;
  /** From the catalog for the example reply; empty when the catalog has nothing. */
  meaning: string;
  action: string;
}

/** Who is behind one of the largest categories. */
export interface LeadingCategory {
  category: Category;
  count: number;
  clientIps: TopItem[];
  helos: TopItem[];
  senderDomains: TopItem[];
  recipientDomains: TopItem[];
  /** Blocklists our own refusals named (an Exim `rejected because ... is in a black list at zen.spamhaus.org`): which list does the work. */
  blocklists: TopItem[];
}

export interface HistogramBucket {
  /** Start of the bucket (local ISO time). */
  start: string;
  refusals: number;
  /** null for a run summary (successes are not kept per run). */
  successes: number | null;
  /** Refusals per series, in the order of `Histogram.series`. */
  counts: number[];
}

export interface Histogram {
  /** 1 for a day; larger buckets keep long periods to at most 48 bars. */
  bucketHours: number;
  /** The largest categories, then "rest" for all others together. */
  series: Array<Category | 'rest'>;
  buckets: HistogramBucket[];
}

export interface ReportModel {
  version: 1;
  generatedAt: string;
  filters: { host: string | null; runId: number | null };
  /**
   * The period reported. Counts are kept per hour (UTC-aligned), so the period covers the whole hours
   * whose start lies in the requested range; `requested` is what the command line asked for.
   */
  period: { since: string; until: string; hours: number; requestedSince: string; requestedUntil: string };
  /**
   * Set when `maillens prune` deleted the events before this time (local ISO) and that horizon falls after
   * the period's start: the counts (hourly) still cover the whole period, but the lists drawn from events
   * (servers, blocklists and example replies of outbound problems, client IPs, HELOs, domains) only count
   * the events from this time on. null: the events cover the whole period.
   */
  eventsPrunedBefore?: string | null;
  /**
   * Set when the period holds nothing at all (no refusal, no success, no log line; never for a run
   * summary): what the database holds for the same host filter and when, so that an empty report says
   * where the data is rather than only showing zeros (a first `maillens report` after analyzing an old log,
   * a cron report after analyze stopped working, a mistyped --host). `first` is the start of the first
   * hour with any count and `last` the end of the last one (local ISO), both null when nothing is stored.
   * (A --host that names no host in the database is refused before any report is made.)
   */
  elsewhere?: { refusals: number; successes: number; lines: number; first: string | null; last: string | null } | null;
  /** The period of the same length just before, for the comparison; null for a run summary. */
  previous: { since: string; until: string } | null;
  /** Hosts with data in the period. */
  hosts: string[];
  /**
   * inbound, outbound, local, all (always in this order). Local deliveries are counted when they fail
   * only: their rate is null, and the rate of `all` is that of inbound and outbound.
   */
  totals: DirectionTotals[];
  /** Log lines in the period (hourly_lines; the run's own counters for a run summary). */
  lines: { read: number; matched: number; skipped: number; oversized: number };
  classes: ClassRow[];
  categories: CategoryRow[];
  codes: CodeRow[];
  outbound: { refusals: number; problems: OutboundProblem[] };
  /** This host's own deliveries that failed (a full mailbox, a failing pipe or LMTP server). */
  local: { refusals: number; problems: OutboundProblem[] };
  leading: LeadingCategory[];
  histogram: Histogram;
}
