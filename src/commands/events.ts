// `maillens events`: the stored refusals, one per line, for grep, jq, a spreadsheet or another tool.
// Rows are streamed from SQLite (Statement.iterate) and written in chunks that wait for the output to
// drain, so exporting a million events holds one chunk in memory, not the million.
//
// Keys, in this order (the public interface; README "events"): time, host, format, file, line,
// direction, clientIp, helo, sender, recipient, stage, code, enhanced, codeSource, class, category,
// rule, text, server, blocklist, messageId. `time` is ISO 8601 in local time with its offset. The last
// three came later and were put last, so a CSV reader that counts columns still finds the others.
import { resolve } from 'node:path';
import { defineCommand } from '../cli/command.js';
import { CATEGORIES, DIRECTIONS, REPLY_CLASSES, isCategory } from '../model/labels.js';
import { checkHostKnown } from '../store/known-hosts.js';
import { formatCount, formatTime } from '../report/format.js';
import { localIso } from '../report/local-iso.js';
import { openDatabase } from '../store/open.js';
import { EXIT, UserError } from '../util/errors.js';
import { defaultDbPath } from '../util/paths.js';
import { writeWithBackpressure as write } from '../cli/write-output.js';
import { csvRow, safeJson } from '../util/sanitize.js';
import { parseTimeRange } from '../util/time-range.js';

export const EVENT_KEYS = [
  'time',
  'host',
  'format',
  'file',
  'line',
  'direction',
  'clientIp',
  'helo',
  'sender',
  'recipient',
  'stage',
  'code',
  'enhanced',
  'codeSource',
  'class',
  'category',
  'rule',
  'text',
  'server',
  'blocklist',
  'messageId',
] as const;

const EVENT_FORMATS = ['ndjson', 'csv'] as const;
type EventFormat = (typeof EVENT_FORMATS)[number];

interface EventsArgs {
  since?: string;
  until?: string;
  category?: string | string[];
  direction?: string | string[];
  class?: string | string[];
  host?: string | string[];
  format: EventFormat;
  limit?: number;
}

interface Row {
  ts: number;
  host: string;
  format: string;
  file: string;
  line: number;
  direction: string;
  client_ip: string | null;
  helo: string | null;
  sender: string | null;
  recipient: string | null;
  stage: string;
  code: number | null;
  enhanced: string | null;
  code_source: string;
  class: string;
  category: string;
  rule: string;
  text: string;
  server: string | null;
  blocklist: string | null;
  message_id: string | null;
}

// Through the documented view v_events (migrations/001_initial.sql). Every value is bound; the category
// list travels as one JSON array parameter.
const QUERY = `SELECT ts, host, format, file, line, direction, client_ip, helo, sender, recipient, stage, code, enhanced,
       code_source, class, category, rule, text, server, blocklist, message_id
FROM v_events
WHERE ts >= @since AND ts < @until
  AND (@host IS NULL OR host = @host)
  AND (@categories IS NULL OR category IN (SELECT value FROM json_each(@categories)))
  AND (@direction IS NULL OR direction = @direction)
  AND (@classes IS NULL OR class IN (SELECT value FROM json_each(@classes)))
ORDER BY ts, id
LIMIT @limit`;

// What the database holds for the host filter, for the note an empty listing gets on a terminal.
const STORED = `SELECT count(*) AS n, min(e.ts) AS first, max(e.ts) AS last
FROM events e JOIN sources s ON s.id = e.source_id
WHERE @host IS NULL OR s.host = @host`;

/**
 * Said on stderr when nothing was listed to a terminal (a script reading the output gets no note): the
 * stored events' span when the period missed them all, so that `maillens events` after analyzing an old
 * log does not look like a quiet night.
 */
function emptyListingNote(db: ReturnType<typeof openDatabase>, host: string | null, range: { since: number; until: number }): string {
  const stored = db.prepare(STORED).get({ host }) as { n: number; first: number | null; last: number | null };
  if (stored.n === 0 || stored.first === null || stored.last === null) return 'maillens: events: no event is stored yet: run maillens analyze on a log first\n';
  const span = `${formatCount(stored.n)} events from ${formatTime(localIso(stored.first))} to ${formatTime(localIso(stored.last))}`;
  if (stored.last < range.since || stored.first >= range.until) {
    return `maillens: events: none in this period; the database holds ${span}: try --since ${formatTime(localIso(stored.first), true)}\n`;
  }
  return `maillens: events: no event matches these filters in this period (the database holds ${span})\n`;
}

const CHUNK = 64 * 1024;
/** The classes a stored event can have: a refused or failed exchange, never a success. */
const EVENT_CLASSES = REPLY_CLASSES.filter((c) => c !== 'success');
const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** Values given comma-separated, repeated, or both. */
const commaList = (value: string | string[] | undefined): string[] => list(value).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);

export default defineCommand<EventsArgs>({
  command: 'events',
  describe: 'export the stored refusals, one per line (NDJSON or CSV)',
  builder: (y) =>
    y
      .option('since', { type: 'string', describe: 'start: today, yesterday, 24h, 7d, 2024-03-05, "2024-03-05 14:00" (local time; default: 24 hours ago)' })
      .option('until', { type: 'string', describe: 'end (excluded), same forms: a day means its midnight, so --since yesterday --until today = yesterday (default: none)' })
      .option('category', { type: 'string', describe: 'only these categories (comma-separated or repeated), e.g. rbl,auth' })
      .option('direction', { type: 'string', describe: 'only inbound (clients we refused), outbound (remote servers that refused our mail) or local (deliveries on this host that failed)' })
      .option('class', { type: 'string', describe: `only these classes (comma-separated or repeated): ${EVENT_CLASSES.join(', ')}` })
      .option('host', { type: 'string', describe: 'only this mail host' })
      .option('format', { type: 'string', choices: EVENT_FORMATS, default: 'ndjson' as EventFormat, describe: 'ndjson: one JSON object per line; csv: with a header row' })
      .option('limit', { type: 'number', describe: 'at most this many events (the oldest first)' }) as never,
  handler: async (argv, ctx) => {
    if (!(EVENT_FORMATS as readonly string[]).includes(argv.format)) {
      throw new UserError(`--format ${argv.format}: expected ndjson or csv`, EXIT.usage);
    }
    const range = parseTimeRange({ since: argv.since, until: argv.until }, ctx.now(), { openEnd: true });
    const categories = commaList(argv.category);
    for (const c of categories) {
      if (!isCategory(c)) throw new UserError(`--category ${JSON.stringify(c)}: unknown category (one of ${CATEGORIES.join(', ')})`, EXIT.usage);
    }
    const classes = commaList(argv.class);
    for (const c of classes) {
      // successes are counted per hour (report, the hourly table), never stored as events: a filter on
      // them would print nothing, like a quiet night
      if (c === 'success') throw new UserError('--class success: accepted and delivered mail is counted per hour, not stored as events (see maillens report or the hourly table)', EXIT.usage);
      if (!(EVENT_CLASSES as readonly string[]).includes(c)) throw new UserError(`--class ${JSON.stringify(c)}: unknown class (one of ${EVENT_CLASSES.join(', ')})`, EXIT.usage);
    }
    const directions = list(argv.direction);
    if (directions.length > 1) throw new UserError('give --direction once', EXIT.usage);
    const direction = directions[0]?.trim() ?? null;
    if (direction !== null && !(DIRECTIONS as readonly string[]).includes(direction)) {
      throw new UserError(`--direction ${JSON.stringify(direction)}: expected ${DIRECTIONS.slice(0, -1).join(', ')} or ${DIRECTIONS.at(-1)}`, EXIT.usage);
    }
    const hosts = list(argv.host);
    if (hosts.length > 1) throw new UserError('give --host once', EXIT.usage);
    if (argv.limit !== undefined && (!Number.isInteger(argv.limit) || argv.limit < 1)) {
      throw new UserError(`--limit ${argv.limit}: expected a whole number of at least 1`, EXIT.usage);
    }

    const db = openDatabase(resolve(ctx.cwd, argv.db ?? defaultDbPath(ctx.env)), { readonly: true });
    try {
      checkHostKnown(db, hosts[0] ?? null);
      const rows = db.prepare(QUERY).iterate({
        since: range.since,
        until: range.until,
        host: hosts[0] ?? null,
        categories: categories.length ? JSON.stringify(categories) : null,
        direction,
        classes: classes.length ? JSON.stringify(classes) : null,
        limit: argv.limit ?? -1,
      }) as IterableIterator<Row>;
      // Control characters of log values are made visible for a terminal; JSON escapes them anyway.
      const terminal = ctx.stdout.isTTY === true;
      const line = argv.format === 'csv' ? (r: Row) => csvRow(values(r), terminal) : (r: Row) => `${safeJson(record(r))}\n`;
      let chunk = argv.format === 'csv' ? csvRow([...EVENT_KEYS]) : '';
      let listed = 0;
      for (const row of rows) {
        listed++;
        chunk += line(row);
        if (chunk.length >= CHUNK) {
          await write(ctx.stdout, chunk);
          chunk = '';
          if (ctx.signal?.aborted) {
            rows.return?.();
            ctx.stderr.write('maillens: events: interrupted, output is incomplete\n');
            return EXIT.failure;
          }
        }
      }
      if (chunk) await write(ctx.stdout, chunk);
      if (listed === 0 && terminal) ctx.stderr.write(emptyListingNote(db, hosts[0] ?? null, range));
    } finally {
      db.close();
    }
    return EXIT.ok;
  },
});

function record(r: Row): Record<(typeof EVENT_KEYS)[number], string | number | null> {
  return {
    time: localIso(r.ts),
    host: r.host,
    format: r.format,
    file: r.file,
    line: r.line,
    direction: r.direction,
    clientIp: r.client_ip,
    helo: r.helo,
    sender: r.sender,
    recipient: r.recipient,
    stage: r.stage,
    code: r.code,
    enhanced: r.enhanced,
    codeSource: r.code_source,
    class: r.class,
    category: r.category,
    rule: r.rule,
    text: r.text,
    server: r.server,
    blocklist: r.blocklist,
    messageId: r.message_id,
  };
}

function values(r: Row): Array<string | number | null> {
  const rec = record(r);
  return EVENT_KEYS.map((k) => rec[k]);
}
