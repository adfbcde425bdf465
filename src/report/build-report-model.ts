// Fills the report model (./model.ts) from the database: all counting happens here, in SQL with bound
// parameters, once; renderers only format. Used by `maillens report` (a period) and by `maillens
// analyze` (its own run: filters.runId).
//
// Where the numbers come from (migrations/001_initial.sql):
// - counts per direction/class/category/code and the hourly histogram: the `hourly` table, which keeps
//   counting after old events are pruned and is the only place successes are recorded;
// - who is behind them (client IPs, HELOs, domains, remote servers, blocklists, example replies): the
//   `events` table, over exactly the same whole hours;
// - lines read/matched/skipped: `hourly_lines`.
// For a run summary (runId) the counts come from that run's events instead (the hourly table has no
// run id), the line counters from its `runs` row, and successes are unknown (null).
//
// A query over `events` is a pass over all of the period's events (hundreds of thousands from a 200 MB
// log), so there are at most two: the run's counts (a run summary) and the events behind the top lists
// are each gathered into a temporary table (temp.maillens_report_*, dropped before returning), which the
// other queries read.

import { classify } from '../classify/classify.js';
import { CATEGORY_MEANINGS, REPLY_CLASSES, type Category, type Direction, type ReplyClass } from '../model/labels.js';
import type { Db } from '../store/open.js';
import { localAction } from './local-actions.js';
import { prunedBefore } from '../store/pruned-before.js';
import { localIso } from './local-iso.js';
import type {
  CategoryRow,
  ClassRow,
  CodeRow,
  DirectionTotals,
  Histogram,
  LeadingCategory,
  OutboundProblem,
  ReportFilters,
  ReportModel,
  ReportOptions,
  TopItem,
} from './model.js';

const HOUR_MS = 3_600_000;
/** Histogram bucket sizes tried in turn, in hours, until the period fits in MAX_BUCKETS bars (2 days hourly, a week in 6-hour bars, a month daily). */
const BUCKET_HOURS = [1, 2, 3, 6, 12, 24, 48, 168, 336, 720];
const MAX_BUCKETS = 48;
/** Categories drawn separately in the histogram; the others are summed as "rest". */
const SERIES = 6;
/** Outbound refusals that mean something is wrong on our side: listed first, marked for attention. */
const ATTENTION: readonly Category[] = ['rbl', 'auth', 'policy', 'reverse_dns_helo'];

// The counting source, as a CTE named `base` with the columns of the hourly table. @from/@to are unix
// seconds of whole hours. Only constant SQL text is ever put together here; every value is bound.
const BASE_HOURLY = `base AS (
  SELECT hour, host, direction, class, category, code, enhanced, count FROM hourly
  WHERE hour >= @from AND hour < @to AND (@host IS NULL OR host = @host))`;

// A run summary counts the run's own events instead (the hourly table has no run id). Four queries read
// `base`; rather than have each join kinds and sources to every event of the run (the view
// events_expanded: seconds on a 200 MB log), the run's events are counted once into RUN_BASE, with the
// columns of the hourly table (fillRunBase), and `base` reads those few thousand rows.
const RUN_BASE = 'temp.maillens_report_run_base';
const BASE_RUN = `base AS (
  SELECT hour, host, direction, class, category, code, enhanced, count FROM ${RUN_BASE}
  WHERE @host IS NULL OR host = @host)`;

/** Events of one host, or of every host when @host is null: a source filter, so no event is joined to its source. */
const OF_HOST = '(@host IS NULL OR e.source_id IN (SELECT id FROM sources WHERE host = @host))';

// The events behind the top lists and the example replies: every event of the leading categories and
// the outbound ones of the categories with outbound refusals, copied in one pass over the reported
// hours into PICKED (pickEvents), with just the columns the lists read and keyed by category and
// direction. Each list then reads only its own category's rows there, instead of one pass over all the
// period's events per list and category (12 and more). Domains are cut as in v_events.
const PICKED = 'temp.maillens_report_picked';
const domainOf = (column: string) => `CASE WHEN instr(${column}, '@') > 0 THEN lower(substr(${column}, instr(${column}, '@') + 1)) END`;

/** Top-list fields: the SQL expression for each over PICKED (constants, never user input). */
const TOP_FIELDS = {
  clientIps: 'client_ip',
  helos: 'helo',
  senderDomains: domainOf('sender'),
  recipientDomains: domainOf('recipient'),
  servers: 'server',
  blocklists: 'blocklist',
  recipients: 'recipient',
} as const;
type TopField = keyof typeof TOP_FIELDS;

/**
 * Counts the events of a run into RUN_BASE, per hour and what `base` tells apart, with the first and
 * last event time of each row. @from/@to (unix seconds) limit the events to those hours; null: all of them.
 */
function fillRunBase(db: Db, params: { run: number; from: number | null; to: number | null }): void {
  db.exec(`DROP TABLE IF EXISTS ${RUN_BASE};
    CREATE TABLE ${RUN_BASE} (
      hour INTEGER NOT NULL, host TEXT NOT NULL, direction TEXT NOT NULL, class TEXT NOT NULL, category TEXT NOT NULL,
      code INTEGER NOT NULL, enhanced TEXT NOT NULL, count INTEGER NOT NULL, first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL)`);
  // Events are counted per kind and source first (integers, no join per event); kinds and sources are
  // spelled out over those counts.
  db.prepare(
    `INSERT INTO ${RUN_BASE}
     SELECT c.hour, s.host, k.direction, k.class, k.category, coalesce(k.code, 0), coalesce(k.enhanced, ''),
            sum(c.count), min(c.first_ts), max(c.last_ts)
     FROM (SELECT (ts / 3600000) * 3600 AS hour, source_id, kind_id, count(*) AS count, min(ts) AS first_ts, max(ts) AS last_ts
           FROM events WHERE run_id = @run AND (@from IS NULL OR ts >= @from * 1000) AND (@to IS NULL OR ts < @to * 1000)
           GROUP BY 1, 2, 3) c
     JOIN event_kinds k ON k.id = c.kind_id JOIN sources s ON s.id = c.source_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  ).run(params);
}

/**
 * Copies into PICKED the events of the reported hours (of the run and host, when given) whose category
 * is one of `leading`, or whose category is one of `outbound` and direction outbound, or one of `local`
 * and direction local.
 */
function pickEvents(
  db: Db,
  params: { sinceMs: number; untilMs: number; host: string | null; run: number | null },
  leading: readonly Category[],
  outbound: readonly Category[],
  local: readonly Category[],
): void {
  db.exec(`DROP TABLE IF EXISTS ${PICKED};
    CREATE TABLE ${PICKED} (
      category TEXT NOT NULL, direction TEXT NOT NULL, id INTEGER NOT NULL,
      client_ip TEXT, helo TEXT, sender TEXT, recipient TEXT, server TEXT, blocklist TEXT,
      text_id INTEGER NOT NULL, code INTEGER, enhanced TEXT,
      PRIMARY KEY (category, direction, id)) WITHOUT ROWID`);
  if (leading.length === 0 && outbound.length === 0 && local.length === 0) return;
  // Kinds are few: the category test picks kind ids first, and each event passes or not by its kind id
  // alone. CROSS JOIN keeps events as the outer loop (through events_ts): there is no index by kind.
  db.prepare(
    `INSERT INTO ${PICKED}
     SELECT k.category, k.direction, e.id, e.client_ip, e.helo, e.sender, e.recipient, e.server, k.blocklist, e.text_id, k.code, k.enhanced
     FROM events e CROSS JOIN event_kinds k ON k.id = e.kind_id
     WHERE e.ts >= @sinceMs AND e.ts < @untilMs AND (@run IS NULL OR e.run_id = @run) AND ${OF_HOST}
       AND e.kind_id IN (SELECT id FROM event_kinds WHERE category IN (SELECT value FROM json_each(@leading))
                           OR (direction = 'outbound' AND category IN (SELECT value FROM json_each(@outbound)))
                           OR (direction = 'local' AND category IN (SELECT value FROM json_each(@local))))`,
  ).run({ ...params, leading: JSON.stringify(leading), outbound: JSON.stringify(outbound), local: JSON.stringify(local) });
}

/** Drops the temporary tables, leaving the caller's connection as it was. */
function dropScratchTables(db: Db): void {
  if (db.open) db.exec(`DROP TABLE IF EXISTS ${RUN_BASE}; DROP TABLE IF EXISTS ${PICKED};`);
}

interface CountRow {
  direction: Direction;
  class: ReplyClass;
  category: Category;
  n: number;
}

type PerDirection = Record<Direction, number>;
const perDirection = (): PerDirection => ({ inbound: 0, outbound: 0, local: 0 });

/** Sums of one period, by direction × class and direction × category. */
class Tally {
  refusals = perDirection();
  successes = perDirection();
  classes = new Map<ReplyClass, PerDirection>();
  categories = new Map<Category, PerDirection>();

  constructor(rows: CountRow[]) {
    for (const row of rows) {
      const dir: Direction = row.direction === 'outbound' || row.direction === 'local' ? row.direction : 'inbound';
      if (row.class === 'success') {
        this.successes[dir] += row.n;
        continue;
      }
      this.refusals[dir] += row.n;
      bump(this.classes, row.class, dir, row.n);
      bump(this.categories, row.category, dir, row.n);
    }
  }

  get allRefusals(): number {
    return this.refusals.inbound + this.refusals.outbound + this.refusals.local;
  }
}

function bump<K>(map: Map<K, PerDirection>, key: K, dir: Direction, n: number): void {
  const entry = map.get(key) ?? perDirection();
  entry[dir] += n;
  map.set(key, entry);
}

const sum = (e: PerDirection | undefined) => (e ? e.inbound + e.outbound + e.local : 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function compare(count: number, previous: number | null, total: number) {
  const change = previous === null ? null : count - previous;
  return { count, share: ratio(count, total), previous, change, changeRatio: previous ? change! / previous : null };
}

/**
 * The report model of a period or a run. It writes temporary tables on `db` (a readonly connection
 * can), so it cannot run while another statement of that connection is still being iterated.
 */
export function buildReportModel(db: Db, filters: ReportFilters, options: ReportOptions = {}): ReportModel {
  try {
    return build(db, filters, options);
  } finally {
    dropScratchTables(db);
  }
}

function build(db: Db, filters: ReportFilters, options: ReportOptions): ReportModel {
  const top = Math.max(1, options.top ?? 10);
  const leadingCount = Math.max(0, options.leading ?? 3);
  const runId = filters.runId ?? null;
  const host = filters.host ?? null;

  // --- the period, in whole hours -------------------------------------------------------------------
  let { since, until } = filters;
  // A run summary without a period covers the whole run, since the period is made from the run's first
  // and last event: its events are all counted (RUN_BASE) before the period is known, and the period is
  // made from the counts' first and last times (one pass over the run's events instead of two).
  const wholeRun = runId !== null && since === undefined && until === undefined;
  if (wholeRun) fillRunBase(db, { run: runId, from: null, to: null });
  if (since === undefined || until === undefined) {
    if (runId === null) throw new Error('buildReportModel: since and until are required unless runId is given');
    const span = db
      .prepare(
        wholeRun
          ? `SELECT (SELECT min(first_ts) FROM ${RUN_BASE}) AS first, (SELECT max(last_ts) FROM ${RUN_BASE}) AS last, started_at AS started FROM runs WHERE id = ?`
          : 'SELECT min(e.ts) AS first, max(e.ts) AS last, r.started_at AS started FROM runs r LEFT JOIN events e ON e.run_id = r.id WHERE r.id = ?',
      )
      .get(runId) as { first: number | null; last: number | null; started: number | null } | undefined;
    // The run's own events decide; their first hour counts whole (a ceiling would drop it).
    const first = span?.first ?? span?.started ?? Date.now();
    since ??= Math.floor(first / HOUR_MS) * HOUR_MS;
    until ??= (span?.last ?? first) + 1;
  }
  const toH = Math.ceil(until / HOUR_MS) * 3600;
  let fromH = Math.ceil(since / HOUR_MS) * 3600;
  if (fromH >= toH) fromH = toH - 3600; // a range inside one hour reports that hour
  const lengthH = toH - fromH;
  const comparing = runId === null;
  const prevFromH = fromH - lengthH;

  // A run summary reads `base` for this period only (there is no previous one).
  if (runId !== null && !wholeRun) fillRunBase(db, { run: runId, from: fromH, to: toH });
  const base = runId === null ? BASE_HOURLY : BASE_RUN;
  const baseParams = (from: number, to: number) => ({ from, to, host, run: runId });

  // --- counts, this period and the previous one --------------------------------------------------------
  const countStmt = db.prepare(
    `WITH ${base} SELECT direction, class, category, sum(count) AS n FROM base GROUP BY direction, class, category`,
  );
  const current = new Tally(countStmt.all(baseParams(fromH, toH)) as CountRow[]);
  const prev = comparing ? new Tally(countStmt.all(baseParams(prevFromH, fromH)) as CountRow[]) : null;
  const total = current.allRefusals;

  const totals: DirectionTotals[] = (['inbound', 'outbound', 'local', 'all'] as const).map((direction) => {
    const pick = (t: Tally, which: 'refusals' | 'successes') =>
      direction === 'all' ? t[which].inbound + t[which].outbound + t[which].local : t[which][direction];
    const refusals = pick(current, 'refusals');
    // local deliveries are logged as such only when they fail: their successes are not known
    const counted = comparing && direction !== 'local';
    const successes = counted ? pick(current, 'successes') : null;
    const previousRefusals = prev ? pick(prev, 'refusals') : null;
    const previousSuccesses = prev && counted ? pick(prev, 'successes') : null;
    const change = previousRefusals === null ? null : refusals - previousRefusals;
    return {
      direction,
      refusals,
      successes,
      rejectionRate: rejectionRate(direction, current),
      previousRefusals,
      previousSuccesses,
      previousRejectionRate: prev ? rejectionRate(direction, prev) : null,
      change,
      changeRatio: previousRefusals ? change! / previousRefusals : null,
    };
  });

  /**
   * refused / (refused + accepted), or null when it is not known: for a run summary (no successes),
   * and for a direction whose refusals came with no accepted mail at all. An Exim rejectlog records
   * refusals only, so a host read through its rejectlog alone would otherwise show 100 % every night;
   * 'all' is unknown when one direction is. (A period that really accepted nothing while refusing
   * shows "-" rather than 100 %: the price of never showing a rate the logs cannot back.) Local
   * deliveries are counted when they fail only, so they have no rate, and the rate of 'all' is that of
   * the SMTP exchanges, inbound and outbound.
   */
  function rejectionRate(direction: Direction | 'all', t: Tally): number | null {
    if (!comparing) return null;
    const known = (d: Direction) => t.successes[d] > 0 || t.refusals[d] === 0;
    if (direction === 'all') {
      if (!known('inbound') || !known('outbound')) return null;
      const refused = t.refusals.inbound + t.refusals.outbound;
      return ratio(refused, refused + t.successes.inbound + t.successes.outbound);
    }
    if (direction === 'local') return null;
    return known(direction) ? ratio(t.refusals[direction], t.refusals[direction] + t.successes[direction]) : null;
  }

  const classes: ClassRow[] = REPLY_CLASSES.filter((c) => c !== 'success')
    .filter((c) => sum(current.classes.get(c)) > 0 || sum(prev?.classes.get(c)) > 0)
    .map((c) => ({
      class: c,
      ...compare(sum(current.classes.get(c)), prev ? sum(prev.classes.get(c)) : null, total),
      inbound: current.classes.get(c)?.inbound ?? 0,
      outbound: current.classes.get(c)?.outbound ?? 0,
      local: current.classes.get(c)?.local ?? 0,
    }));

  const categoryIds = new Set<Category>([...current.categories.keys(), ...(prev?.categories.keys() ?? [])]);
  const categories: CategoryRow[] = [...categoryIds]
    .map((c) => ({
      category: c,
      meaning: CATEGORY_MEANINGS[c] ?? '',
      ...compare(sum(current.categories.get(c)), prev ? sum(prev.categories.get(c)) : null, total),
      inbound: current.categories.get(c)?.inbound ?? 0,
      outbound: current.categories.get(c)?.outbound ?? 0,
      local: current.categories.get(c)?.local ?? 0,
    }))
    .sort((a, b) => b.count - a.count || (b.previous ?? 0) - (a.previous ?? 0) || a.category.localeCompare(b.category));

  // --- reply codes, with what the catalog says about them ------------------------------------------------
  const codeRows = db
    .prepare(
      `WITH ${base} SELECT code, enhanced, class, category, sum(count) AS n FROM base WHERE class <> 'success'
       GROUP BY code, enhanced, class, category ORDER BY n DESC, code, enhanced, category LIMIT @top`,
    )
    .all({ ...baseParams(fromH, toH), top }) as Array<{ code: number; enhanced: string; class: ReplyClass; category: Category; n: number }>;
  const codes: CodeRow[] = codeRows.map((row) => {
    const code = row.code || null; // 0 / '' = none in the hourly table
    const enhanced = row.enhanced || null;
    // A row without any code: the catalog's word for "no code" is "nothing else says which", which
    // contradicts a category read from the text (connection, server_error...). Say what the row is
    // instead; the category's own advice is in its sections (found in a user review).
    if (code === null && enhanced === null && row.category !== 'other') {
      const meaning = `No reply code in the log; the text says: ${CATEGORY_MEANINGS[row.category] ?? row.category}.`;
      return { code, enhanced, class: row.class, category: row.category, count: row.n, share: ratio(row.n, total), meaning, action: '' };
    }
    const info = classify({ code, enhanced, text: '' });
    // The codes alone may say something else than the replies' texts did: hMailServer's greylisting is
    // "451 Please try again later.", and 451 alone reads "a problem on the server's own side" (server_error),
    // which contradicts the row's greylisting; or they say too little ("550 relay" explained only as "a
    // permanent refusal; on its own the code does not say why"). Found in a user review. The text decided
    // the category, so it speaks first; the code's own reading follows, and its action only when it
    // does not contradict the text.
    if (info.category !== row.category && row.category !== 'other') {
      const said = `The reply text says: ${CATEGORY_MEANINGS[row.category] ?? row.category}.`;
      const meaning = info.category === 'other' ? said : `${said} (The code alone: ${info.meaning})`;
      const action = info.category === 'other' ? info.action : '';
      return { code, enhanced, class: row.class, category: row.category, count: row.n, share: ratio(row.n, total), meaning, action };
    }
    return { code, enhanced, class: row.class, category: row.category, count: row.n, share: ratio(row.n, total), meaning: info.meaning, action: info.action };
  });

  // --- who is behind the refusals (events) -------------------------------------------------------------
  const sinceMs = fromH * 1000;
  const untilMs = toH * 1000;
  const leadingRows = categories.filter((c) => c.count > 0).slice(0, leadingCount);
  const leadingCategories = leadingRows.map((c) => c.category);
  const rowsOf = (direction: 'outbound' | 'local') => [...current.categories.entries()].filter(([, n]) => n[direction] > 0);
  const outboundRows = rowsOf('outbound');
  const localRows = rowsOf('local');
  pickEvents(
    db,
    { sinceMs, untilMs, host, run: runId },
    leadingCategories,
    outboundRows.map(([category]) => category),
    localRows.map(([category]) => category),
  );

  const topStatements = new Map<TopField, ReturnType<Db['prepare']>>();
  const topOf = (field: TopField, category: Category, direction: Direction | null): TopItem[] => {
    let stmt = topStatements.get(field);
    if (!stmt) {
      stmt = db.prepare(
        `SELECT value, count(*) AS count FROM (SELECT ${TOP_FIELDS[field]} AS value FROM ${PICKED}
           WHERE category = @category AND (@direction IS NULL OR direction = @direction))
         WHERE value IS NOT NULL AND value <> '' GROUP BY value ORDER BY count DESC, value LIMIT @top`,
      );
      topStatements.set(field, stmt);
    }
    return stmt.all({ category, direction, top }) as TopItem[];
  };

  const exampleStmt = db.prepare(
    `SELECT t.text AS text, p.code AS code, p.enhanced AS enhanced, count(*) AS count
     FROM ${PICKED} p JOIN reply_texts t ON t.id = p.text_id
     WHERE p.category = @category AND p.direction = @direction
     GROUP BY p.text_id, p.code, p.enhanced ORDER BY count DESC, p.text_id LIMIT 1`,
  );

  /** One entry per category of our own deliveries that failed, remote (outbound) or on this host (local). */
  const problemsOf = (direction: 'outbound' | 'local', rows: [Category, PerDirection][]): OutboundProblem[] =>
    rows
      .map(([category, n]) => {
        const example = (exampleStmt.get({ category, direction }) as OutboundProblem['example'] | undefined) ?? null;
        // The catalog's reading of the example reply explains it only if it agrees with the stored
        // category (the catalog may have changed since the analysis); otherwise the category speaks.
        const read = example ? classify({ code: example.code, enhanced: example.enhanced, text: example.text, direction: 'outbound' }) : null;
        const info = read && read.category === category ? read : null;
        const problem: OutboundProblem = {
          category,
          // our IP listed, our credentials, our SPF/DKIM, our PTR: none of it is at stake in a local delivery
          attention: direction === 'outbound' && ATTENTION.includes(category),
          count: n[direction],
          previous: prev ? (prev.categories.get(category)?.[direction] ?? 0) : null,
          categoryMeaning: CATEGORY_MEANINGS[category] ?? '',
          servers: topOf('servers', category, direction),
          blocklists: direction === 'outbound' ? topOf('blocklists', category, direction) : [],
          example,
          meaning: info?.meaning ?? '',
          // the catalog speaks to a sender; a local failure is the admin's own mailbox or configuration
          action: direction === 'local' ? localAction(category, info?.action ?? '') : (info?.action ?? ''),
        };
        // whose mailbox is full, whose pipe fails: the admin's own users
        if (direction === 'local') problem.recipients = topOf('recipients', category, direction);
        return problem;
      })
      .sort((a, b) => Number(b.attention) - Number(a.attention) || b.count - a.count || a.category.localeCompare(b.category));
  const problems = problemsOf('outbound', outboundRows);
  const localProblems = problemsOf('local', localRows);

  const leading: LeadingCategory[] = leadingRows.map((c) => ({
    category: c.category,
    count: c.count,
    clientIps: topOf('clientIps', c.category, null),
    helos: topOf('helos', c.category, null),
    senderDomains: topOf('senderDomains', c.category, null),
    recipientDomains: topOf('recipientDomains', c.category, null),
    // inbound only: the lists that refuse our own mail are in the outbound section
    blocklists: topOf('blocklists', c.category, 'inbound'),
  }));

  // --- histogram ---------------------------------------------------------------------------------------
  const hours = lengthH / 3600;
  const bucketHours = BUCKET_HOURS.find((b) => Math.ceil(hours / b) <= MAX_BUCKETS) ?? Math.ceil(hours / MAX_BUCKETS / 24) * 24;
  const bucketS = bucketHours * 3600;
  const ranked = categories.filter((c) => c.count > 0).map((c) => c.category);
  const series: Histogram['series'] = ranked.length <= SERIES + 1 ? ranked : [...ranked.slice(0, SERIES), 'rest'];
  const buckets = Array.from({ length: Math.ceil(lengthH / bucketS) }, (_, i) => ({
    start: localIso((fromH + i * bucketS) * 1000),
    refusals: 0,
    successes: comparing ? 0 : null,
    counts: series.map(() => 0),
  }));
  const histogramRows = db
    .prepare(
      // Bound JS numbers arrive as REAL: truncate explicitly to get the bucket index.
      `WITH ${base} SELECT CAST((hour - @from) / @bucket AS INTEGER) AS slot, class, category, sum(count) AS n
       FROM base GROUP BY slot, class, category`,
    )
    .all({ ...baseParams(fromH, toH), bucket: bucketS }) as Array<{ slot: number; class: ReplyClass; category: Category; n: number }>;
  for (const row of histogramRows) {
    const bucket = buckets[row.slot];
    if (!bucket) continue;
    if (row.class === 'success') {
      if (bucket.successes !== null) bucket.successes += row.n;
      continue;
    }
    bucket.refusals += row.n;
    const at = series.indexOf(row.category);
    bucket.counts[at >= 0 ? at : series.length - 1] += row.n;
  }

  // --- lines and hosts ---------------------------------------------------------------------------------
  const lines =
    runId === null
      ? (db
          .prepare(
            `SELECT coalesce(sum(lines_read), 0) AS read, coalesce(sum(lines_matched), 0) AS matched,
                    coalesce(sum(lines_skipped), 0) AS skipped, coalesce(sum(lines_oversized), 0) AS oversized
             FROM hourly_lines WHERE hour >= @from AND hour < @to AND (@host IS NULL OR host = @host)`,
          )
          .get({ from: fromH, to: toH, host }) as ReportModel['lines'])
      : ((db
          .prepare(
            'SELECT lines_read AS read, lines_matched AS matched, lines_skipped AS skipped, lines_oversized AS oversized FROM runs WHERE id = ?',
          )
          .get(runId) as ReportModel['lines'] | undefined) ?? { read: 0, matched: 0, skipped: 0, oversized: 0 });
  const hosts = (db.prepare(`WITH ${base} SELECT DISTINCT host FROM base ORDER BY host`).all(baseParams(fromH, toH)) as Array<{ host: string }>).map(
    (r) => r.host,
  );

  // The top lists and example replies read events; after a prune inside the period they see only its
  // later part while the counts (hourly) see all of it: say so rather than show lists that do not add up
  // (found in a user review: "relay: 10 refused" over lists summing to 6).
  const horizon = runId === null ? prunedBefore(db) : null;
  const eventsPrunedBefore = horizon !== null && horizon > sinceMs ? localIso(Math.min(horizon, untilMs)) : null;
  const nothing = runId === null && lines.read === 0 && totals.every((t) => t.refusals === 0 && !t.successes);

  return {
    version: 1,
    generatedAt: localIso((options.now ?? new Date()).getTime()),
    filters: { host, runId },
    period: {
      since: localIso(sinceMs),
      until: localIso(untilMs),
      hours,
      requestedSince: localIso(since),
      requestedUntil: localIso(until),
    },
    eventsPrunedBefore,
    elsewhere: nothing ? whatIsStored(db, host) : null,
    previous: comparing ? { since: localIso(prevFromH * 1000), until: localIso(sinceMs) } : null,
    hosts,
    totals,
    lines,
    classes,
    categories,
    codes,
    outbound: { refusals: current.refusals.outbound, problems },
    local: { refusals: current.refusals.local, problems: localProblems },
    leading,
    histogram: { bucketHours, series, buckets },
  };
}

/**
 * What the database holds for this host filter (all hosts when null), from the hourly counts, which
 * outlive pruned events: refusals, successes, lines read and the hours they span.
 */
function whatIsStored(db: Db, host: string | null): NonNullable<ReportModel['elsewhere']> {
  const counts = db
    .prepare(
      `SELECT coalesce(sum(CASE WHEN class = 'success' THEN 0 ELSE count END), 0) AS refusals,
              coalesce(sum(CASE WHEN class = 'success' THEN count ELSE 0 END), 0) AS successes,
              min(hour) AS first, max(hour) AS last
       FROM hourly WHERE (@host IS NULL OR host = @host)`,
    )
    .get({ host }) as { refusals: number; successes: number; first: number | null; last: number | null };
  const read = db
    .prepare('SELECT coalesce(sum(lines_read), 0) AS lines, min(hour) AS first, max(hour) AS last FROM hourly_lines WHERE (@host IS NULL OR host = @host)')
    .get({ host }) as { lines: number; first: number | null; last: number | null };
  const first = minOf(counts.first, read.first);
  const last = maxOf(counts.last, read.last);
  return {
    refusals: counts.refusals,
    successes: counts.successes,
    lines: read.lines,
    first: first === null ? null : localIso(first * 1000),
    last: last === null ? null : localIso((last + 3600) * 1000),
  };
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
