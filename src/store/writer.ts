import type Database from 'better-sqlite3';
import type { Direction } from '../model/labels.js';

/** One events row, in column order of INSERT_COLUMNS. Strings must be flat copies (see flat()). */
export type EventRow = [
  sourceId: number,
  byteOffset: number,
  seq: number,
  line: number,
  runId: number,
  ts: number,
  host: string,
  format: string,
  direction: string,
  stage: string,
  code: number | null,
  enhanced: string | null,
  codeSource: string,
  klass: string,
  category: string,
  rule: string,
  blocklist: string | null,
  clientIp: string | null,
  helo: string | null,
  sender: string | null,
  recipient: string | null,
  server: string | null,
  messageId: string | null,
  textId: number,
  twinKey: string | null,
];

const INSERT_COLUMNS =
  'source_id, byte_offset, seq, line, run_id, ts, host, format, direction, stage, code, enhanced, code_source, ' +
  'class, category, rule, blocklist, client_ip, helo, sender, recipient, server, message_id, text_id, twin_key';
const COLUMN_COUNT = 25;
/** Rows per multi-row INSERT: fewer statement executions, well under SQLite's 32766 parameters. */
const ROWS_PER_INSERT = 100;

export interface LineCounts {
  read: number;
  matched: number;
  skipped: number;
  oversized: number;
}

export interface SourceProgress {
  sourceId: number;
  offset: number;
  line: number;
  highWater: number;
  sizeSeen: number;
  path: string;
}

export interface BatchResult {
  added: number;
  duplicates: number;
}

/**
 * Writes events in batches: one transaction holds a batch of events, their hourly aggregates, the
 * line and success counts, and the source's new resume offset, so a run killed at any moment leaves
 * the database exactly as after its last committed batch (issue "nightly operation"). Duplicates (the
 * same Exim rejection from mainlog and rejectlog, a re-read after --rescan or a crash) are dropped by
 * the UNIQUE constraints, never counted.
 */
export class EventWriter {
  private readonly insertMany: Database.Statement;
  private readonly insertOne: Database.Statement;
  private readonly internText: Database.Statement;
  private readonly maxEventId: Database.Statement;
  private readonly foldHourly: Database.Statement;
  private readonly addHourly: Database.Statement;
  private readonly addLines: Database.Statement;
  private readonly updateSource: Database.Statement;
  private readonly updateRun: Database.Statement;

  private readonly texts = new Map<string, number>();
  private pending: unknown[] = [];
  private pendingRows = 0;
  private attempted = 0;
  private added = 0;
  private firstNewId = 0;
  private successes = new Map<string, number>();
  private lineCounts = new Map<string, LineCounts>();
  private open = false;

  constructor(
    private readonly db: Database.Database,
    private readonly runId: number,
  ) {
    const placeholders = `(${new Array(COLUMN_COUNT).fill('?').join(',')})`;
    this.insertMany = db.prepare(
      `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${new Array(ROWS_PER_INSERT).fill(placeholders).join(',')} ON CONFLICT DO NOTHING`,
    );
    // ON CONFLICT DO NOTHING (not INSERT OR IGNORE): only uniqueness conflicts are dropped; a row that
    // breaks a CHECK is an error, never a silently lost event.
    this.insertOne = db.prepare(`INSERT INTO events (${INSERT_COLUMNS}) VALUES ${placeholders} ON CONFLICT DO NOTHING`);
    this.internText = db.prepare(
      'INSERT INTO reply_texts (text) VALUES (?) ON CONFLICT (text) DO UPDATE SET text = excluded.text RETURNING id',
    );
    this.maxEventId = db.prepare('SELECT coalesce(max(id), 0) AS id FROM events').pluck();
    // Aggregates come from the rows that really went in, so twins and re-reads never count twice.
    this.foldHourly = db.prepare(`
      INSERT INTO hourly (hour, host, format, direction, class, category, code, enhanced, count)
      SELECT (ts / 3600000) * 3600, host, format, direction, class, category, coalesce(code, 0), coalesce(enhanced, ''), count(*)
      FROM events WHERE id >= ?
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
      ON CONFLICT (hour, host, format, direction, class, category, code, enhanced)
      DO UPDATE SET count = count + excluded.count`);
    this.addHourly = db.prepare(`
      INSERT INTO hourly (hour, host, format, direction, class, category, code, enhanced, count)
      VALUES (?, ?, ?, ?, 'success', 'success', 0, '', ?)
      ON CONFLICT (hour, host, format, direction, class, category, code, enhanced)
      DO UPDATE SET count = count + excluded.count`);
    this.addLines = db.prepare(`
      INSERT INTO hourly_lines (hour, host, format, lines_read, lines_matched, lines_skipped, lines_oversized)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (hour, host, format) DO UPDATE SET
        lines_read = lines_read + excluded.lines_read,
        lines_matched = lines_matched + excluded.lines_matched,
        lines_skipped = lines_skipped + excluded.lines_skipped,
        lines_oversized = lines_oversized + excluded.lines_oversized`);
    this.updateSource = db.prepare(`
      UPDATE sources SET offset = ?, line = ?, high_water = max(high_water, ?), size_seen = ?, path = ?,
        last_run_id = ?, updated_at = ?
      WHERE id = ?`);
    this.updateRun = db.prepare(`
      UPDATE runs SET events_added = events_added + ?, events_duplicate = events_duplicate + ? WHERE id = ?`);
  }

  /** Starts a batch (a write transaction; waits for another writer up to the busy timeout). */
  begin(): void {
    if (this.open) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.firstNewId = (this.maxEventId.get() as number) + 1;
    this.attempted = 0;
    this.added = 0;
  }

  get inBatch(): boolean {
    return this.open;
  }

  /** Id of a reply text, stored once. */
  textId(text: string): number {
    const cached = this.texts.get(text);
    if (cached !== undefined) return cached;
    const id = (this.internText.get(text) as { id: number }).id;
    if (this.texts.size > 50_000) this.texts.clear();
    this.texts.set(text, id);
    return id;
  }

  add(row: EventRow): void {
    for (let i = 0; i < COLUMN_COUNT; i++) this.pending.push(row[i]);
    this.pendingRows++;
    if (this.pendingRows === ROWS_PER_INSERT) this.flushRows();
  }

  success(hour: number, host: string, format: string, direction: Direction, count = 1): void {
    const key = `${hour}\u0000${host}\u0000${format}\u0000${direction}`;
    this.successes.set(key, (this.successes.get(key) ?? 0) + count);
  }

  lines(hour: number, host: string, format: string, counts: Partial<LineCounts>): void {
    const key = `${hour}\u0000${host}\u0000${format}`;
    let c = this.lineCounts.get(key);
    if (!c) this.lineCounts.set(key, (c = { read: 0, matched: 0, skipped: 0, oversized: 0 }));
    c.read += counts.read ?? 0;
    c.matched += counts.matched ?? 0;
    c.skipped += counts.skipped ?? 0;
    c.oversized += counts.oversized ?? 0;
  }

  /** Ends the batch: events, aggregates, counts and the resume point, all or nothing. */
  commit(progress: SourceProgress | null, now: number): BatchResult {
    if (!this.open) return { added: 0, duplicates: 0 };
    try {
      this.flushRows();
      if (this.added > 0) this.foldHourly.run(this.firstNewId);
      for (const [key, count] of this.successes) {
        const [hour, host, format, direction] = key.split('\u0000');
        this.addHourly.run(Number(hour), host, format, direction, count);
      }
      for (const [key, c] of this.lineCounts) {
        const [hour, host, format] = key.split('\u0000');
        this.addLines.run(Number(hour), host, format, c.read, c.matched, c.skipped, c.oversized);
      }
      if (progress) {
        this.updateSource.run(
          progress.offset,
          progress.line,
          progress.highWater,
          progress.sizeSeen,
          progress.path,
          this.runId,
          now,
          progress.sourceId,
        );
      }
      const result = { added: this.added, duplicates: this.attempted - this.added };
      this.updateRun.run(result.added, result.duplicates, this.runId);
      this.db.exec('COMMIT');
      this.open = false;
      this.successes.clear();
      this.lineCounts.clear();
      return result;
    } catch (err) {
      this.rollback();
      throw err;
    }
  }

  rollback(): void {
    if (this.open && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.open = false;
    this.pending = [];
    this.pendingRows = 0;
    this.successes.clear();
    this.lineCounts.clear();
    // Ids handed out inside the rolled-back transaction no longer exist.
    this.texts.clear();
  }

  private flushRows(): void {
    if (this.pendingRows === 0) return;
    let changes: number;
    if (this.pendingRows === ROWS_PER_INSERT) {
      changes = this.insertMany.run(this.pending).changes;
    } else {
      changes = 0;
      for (let r = 0; r < this.pendingRows; r++) {
        changes += this.insertOne.run(this.pending.slice(r * COLUMN_COUNT, (r + 1) * COLUMN_COUNT)).changes;
      }
    }
    this.attempted += this.pendingRows;
    this.added += changes;
    this.pending = [];
    this.pendingRows = 0;
  }
}

/** Start of the UTC-aligned hour of a unix-ms time, in unix seconds (the `hour` columns). */
export function hourOf(ts: number): number {
  return Math.floor(ts / 3_600_000) * 3600;
}
