import type Database from 'better-sqlite3';
import { flat } from '../util/flat.js';
import { hash53 } from '../util/hash53.js';
import { SeenBefore } from '../util/seen-before.js';
import { StoredTextHashes } from './stored-text-hashes.js';
import { PACKED_WIDTH, P_LENGTHS, P_LINE, P_NAME, P_OFFSET, P_SEQ, P_SHAPE, P_SOURCE, P_TS, P_TWIN, STRING_FIELDS, type NamedOutcome, type Outcome, type PackedRows } from './row-packer.js';
import type { Direction } from '../model/labels.js';
import type { Classifier } from '../classify/create-classifier.js';
import { decodeShape, type EventShape } from './event-shape.js';

/** What an event is, apart from who and when (table event_kinds). */
export interface EventKind {
  format: string;
  direction: string;
  stage: string;
  code: number | null;
  enhanced: string | null;
  codeSource: string;
  klass: string;
  category: string;
  rule: string;
  blocklist: string | null;
}

// Column order of the rows built in addPacked (their strings are cut from the batch's joined string
// and inserted within ROWS_PER_INSERT rows, so they never pin it for long).
const INSERT_COLUMNS =
  'source_id, byte_offset, seq, line, run_id, ts, kind_id, client_ip, helo, sender, recipient, server, message_id, text_id, twin';
const COLUMN_COUNT = 15;
/** Rows per multi-row INSERT: fewer statement executions, well under SQLite's 32766 parameters. */
const ROWS_PER_INSERT = 200;

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
  /** Hash of the bytes just before `offset` (src/ingest/tail-hash.ts); null when unknown. */
  tailHash: string | null;
}

/**
 * What the names of one RowPacker stand for here: per name, its text's id and its outcome's number
 * (kind ids are kept per outcome and shape for all packers alike: EventWriter.kindOf). Text ids
 * resolved inside a transaction that is rolled back no longer exist: after a rollback the packer is
 * reset and this is replaced.
 */
export class PackedNames {
  /** Per name: the id of its reply text (reply_texts). */
  readonly textIds: number[] = [];
  /** Per name: its outcome's number (EventWriter.outcomeNo). */
  readonly outcomes: number[] = [];
}

interface SourceTally {
  attempted: number;
  added: number;
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
  private readonly findText: Database.Statement;
  private readonly insertText: Database.Statement;
  private readonly insertKind: Database.Statement;
  private readonly maxEventId: Database.Statement;
  private readonly foldHourly: Database.Statement;
  private readonly addHourly: Database.Statement;
  private readonly addEventHourly: Database.Statement;
  private readonly addLines: Database.Statement;
  private readonly updateSource: Database.Statement;
  private readonly updateRun: Database.Statement;

  private texts = new Map<string, number>();
  private oldTexts = new Map<string, number>();
  private readonly seenTexts = new SeenBefore();
  /** Texts known not to be stored yet are inserted without a lookup (src/store/stored-text-hashes.ts). */
  private readonly storedHashes: StoredTextHashes;
  private readonly kinds = new Map<string, number>();
  /**
   * Outcomes (class, category, rule, blocklist) by number, and per number the kind ids by shape: a run
   * has a few hundred outcomes, so with the shape they give an event's kind without building its key.
   */
  private readonly outcomeNos = new Map<string, number>();
  private outcomeKinds: Map<number, number>[] = [];
  private readonly outcomeList: Outcome[] = [];
  private readonly shapes = new Map<number, EventShape>();
  private pending: unknown[] = [];
  private pendingRows = 0;
  /** Rows tried and stored in the open transaction, in all and per source. */
  private attempted = 0;
  private added = 0;
  private readonly open_ = new Map<number, SourceTally>();
  /** Per source: rows stored by a transaction another source committed, not yet reported to it. */
  private readonly banked = new Map<number, SourceTally>();
  /** Source of the rows waiting in `pending` (a multi-row insert never mixes sources, so each is counted right). */
  private pendingSource = -1;
  /** Largest event id so far in this batch: rows inserted by one statement get the ids after it. */
  private maxId = 0;
  /** Hourly counts of the batch's inserted rows, by `hour:kindId:sourceId`. */
  private folded = new Map<string, number>();
  /** Id ranges whose rows must be counted by SQL (a statement that skipped duplicates). */
  private foldRanges: [number, number][] = [];
  private readonly kindDetails = new Map<number, EventKind>();
  private readonly sourceHosts = new Map<number, string>();
  private readonly hostOfSource: Database.Statement;
  private successes = new Map<string, number>();
  private lineCounts = new Map<string, LineCounts>();
  private open = false;

  constructor(
    private readonly db: Database.Database,
    private readonly runId: number,
    /** Classifies the rows ingest left unclassified: first sightings of a text (src/ingest/read-input.ts). */
    private readonly classifier: Classifier,
  ) {
    const placeholders = `(${new Array(COLUMN_COUNT).fill('?').join(',')})`;
    this.insertMany = db.prepare(
      `INSERT INTO events (${INSERT_COLUMNS}) VALUES ${new Array(ROWS_PER_INSERT).fill(placeholders).join(',')} ON CONFLICT DO NOTHING`,
    );
    // ON CONFLICT DO NOTHING (not INSERT OR IGNORE): only uniqueness conflicts are dropped; a row that
    // breaks a CHECK is an error, never a silently lost event.
    this.insertOne = db.prepare(`INSERT INTO events (${INSERT_COLUMNS}) VALUES ${placeholders} ON CONFLICT DO NOTHING`);
    this.findText = db.prepare('SELECT id FROM reply_texts WHERE hash = ? AND text = ?').pluck();
    this.insertText = db.prepare('INSERT INTO reply_texts (hash, text) VALUES (?, ?)');
    this.storedHashes = new StoredTextHashes(db);
    this.insertKind = db.prepare(
      `INSERT INTO event_kinds (format, direction, stage, code, enhanced, code_source, class, category, rule, blocklist)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.loadKinds();
    this.maxEventId = db.prepare('SELECT coalesce(max(id), 0) AS id FROM events').pluck();
    // Aggregates come from the rows that really went in, so twins and re-reads never count twice.
    this.hostOfSource = db.prepare('SELECT host FROM sources WHERE id = ?').pluck();
    this.foldHourly = db.prepare(`
      INSERT INTO hourly (hour, host, format, direction, class, category, code, enhanced, count)
      SELECT (e.ts / 3600000) * 3600, s.host, k.format, k.direction, k.class, k.category, coalesce(k.code, 0), coalesce(k.enhanced, ''), count(*)
      FROM events e JOIN event_kinds k ON k.id = e.kind_id JOIN sources s ON s.id = e.source_id
      WHERE e.id > ? AND e.id <= ?
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
      ON CONFLICT (hour, host, format, direction, class, category, code, enhanced)
      DO UPDATE SET count = count + excluded.count`);
    this.addEventHourly = db.prepare(`
      INSERT INTO hourly (hour, host, format, direction, class, category, code, enhanced, count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
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
        last_run_id = ?, updated_at = ?, tail_hash = ?
      WHERE id = ?`);
    this.updateRun = db.prepare(`
      UPDATE runs SET events_added = events_added + ?, events_duplicate = events_duplicate + ? WHERE id = ?`);
  }

  /** Starts a batch (a write transaction; waits for another writer up to the busy timeout). */
  begin(): void {
    if (this.open) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.maxId = this.maxEventId.get() as number;
    this.attempted = 0;
    this.added = 0;
    this.open_.clear();
  }

  get inBatch(): boolean {
    return this.open;
  }

  /**
   * Id of a reply text, stored once. Recently used texts are remembered in two generations, so a
   * full cache forgets its older half rather than everything, and memory stays bounded.
   */
  textId(text: string): number {
    let id = this.texts.get(text) ?? this.oldTexts.get(text);
    if (id !== undefined) return id;
    const hash = textHash(text);
    id = this.storedHashes.mayHold(hash) ? (this.findText.get(hash, text) as number | undefined) : undefined;
    if (id === undefined) {
      id = Number(this.insertText.run(hash, text).lastInsertRowid);
      this.storedHashes.add(hash);
    }
    // Remembered from its second sighting on: most texts of a busy log come once (src/util/seen-before.ts).
    // The low 32 bits of the 53-bit hash are as well mixed as any.
    if (!this.seenTexts.offer(hash % 4294967296)) return id;
    if (this.texts.size >= TEXT_CACHE) {
      this.oldTexts = this.texts;
      this.texts = new Map();
    }
    this.texts.set(flat(text), id);
    return id;
  }

  /** Id of an event kind; new kinds are inserted (and checked against the CHECK constraints) once. */
  kindId(k: EventKind): number {
    const key = kindKey(k);
    let id = this.kinds.get(key);
    if (id === undefined) {
      id = Number(
        this.insertKind.run(k.format, k.direction, k.stage, k.code, k.enhanced, k.codeSource, k.klass, k.category, k.rule, k.blocklist)
          .lastInsertRowid,
      );
      this.kinds.set(flat(key), id);
      this.kindDetails.set(id, { ...k });
    }
    return id;
  }

  private loadKinds(): void {
    this.kinds.clear();
    this.kindDetails.clear();
    const rows = this.db.prepare('SELECT * FROM event_kinds').all() as Record<string, string | number | null>[];
    for (const r of rows) {
      const kind: EventKind = {
        format: r.format as string,
        direction: r.direction as string,
        stage: r.stage as string,
        code: r.code as number | null,
        enhanced: r.enhanced as string | null,
        codeSource: r.code_source as string,
        klass: r.class as string,
        category: r.category as string,
        rule: r.rule as string,
        blocklist: r.blocklist as string | null,
      };
      this.kinds.set(kindKey(kind), r.id as number);
      this.kindDetails.set(r.id as number, kind);
    }
  }

  /**
   * Adds a packed batch of events (src/store/row-packer.ts): each row is classified here unless ingest
   * did, its kind and reply text turned into ids (event_kinds, reply_texts), and queued for the next
   * multi-row INSERT.
   */
  addPacked(p: PackedRows, names: PackedNames): void {
    if (!this.open) this.begin();
    if (p.fresh) {
      names.textIds.length = 0;
      names.outcomes.length = 0;
    }
    for (let i = 0; i < p.names.length; i += 2) {
      const no = p.names[i] as number;
      const named = p.names[i + 1] as NamedOutcome;
      names.textIds[no] = this.textId(named.text);
      names.outcomes[no] = this.outcomeNo(named);
    }
    const n = p.nums;
    const s = p.strings;
    if (p.rows > 0 && n[P_SOURCE] !== this.pendingSource) {
      this.flushRows();
      this.pendingSource = n[P_SOURCE]!;
    }
    const runId = this.runId;
    const textAt = STRING_FIELDS.length - 1;
    let pos = 0;
    for (let r = 0; r < p.rows; r++) {
      const at = r * PACKED_WIDTH;
      const twin = n[at + P_TWIN]!;
      const out = this.pending; // a new array after each flush
      out.push(n[at + P_SOURCE], n[at + P_OFFSET], n[at + P_SEQ], n[at + P_LINE], runId, n[at + P_TS], 0);
      const kindAt = out.length - 1;
      // The row's strings, one after the other in `s` (a null has length -1 and takes no room); the
      // reply text comes last.
      for (let f = 0; f < textAt; f++) {
        const len = n[at + P_LENGTHS + f]!;
        if (len < 0) out.push(null);
        else {
          out.push(s.substring(pos, pos + len));
          pos += len;
        }
      }
      const shapeNo = n[at + P_SHAPE]!;
      const shape = shapeNo >= 0 ? this.shape(shapeNo) : p.odd[-shapeNo - 1];
      if (!shape) throw new Error('store: a row names a shape it was never given');
      const nameNo = n[at + P_NAME]!;
      if (nameNo >= 0) {
        const outcome = names.outcomes[nameNo];
        if (outcome === undefined) throw new Error('store: a row names a classification it was never given');
        out[kindAt] = this.kindOf(outcome, shapeNo, shape);
        out.push(names.textIds[nameNo], Number.isNaN(twin) ? null : twin);
      } else {
        // the first sighting of a text (src/ingest/read-input.ts): classified here
        const len = n[at + P_LENGTHS + textAt]!;
        const text = len <= 0 ? '' : s.substring(pos, pos + len);
        if (len > 0) pos += len;
        const c = this.classifier.classify({ code: shape.code, enhanced: shape.enhanced, text, classHint: shape.classHint });
        out[kindAt] = this.kindOf(this.outcomeNo(c), shapeNo, shape);
        out.push(this.textId(text), Number.isNaN(twin) ? null : twin);
      }
      this.pendingRows++;
      if (this.pendingRows === ROWS_PER_INSERT) this.flushRows();
    }
  }

  private outcomeNo(o: Outcome): number {
    const key = `${o.class}|${o.category}|${o.rule}|${o.blocklist ?? '\u0000'}`;
    let no = this.outcomeNos.get(key);
    if (no === undefined) {
      no = this.outcomeKinds.length;
      this.outcomeKinds.push(new Map());
      this.outcomeNos.set(flat(key), no);
      this.outcomeList.push({ class: o.class, category: o.category, rule: o.rule, blocklist: o.blocklist });
    }
    return no;
  }

  /**
   * Kind id of an event of this outcome and shape (a shape outside the vocabularies is never
   * remembered).
   */
  private kindOf(outcomeNo: number, shapeNo: number, shape: EventShape): number {
    const kinds = this.outcomeKinds[outcomeNo]!;
    const known = kinds.get(shapeNo);
    if (known !== undefined) return known;
    const c = this.outcomeList[outcomeNo]!;
    const id = this.kindId({
      format: shape.format,
      direction: shape.direction,
      stage: shape.stage,
      code: shape.code,
      enhanced: shape.enhanced,
      codeSource: shape.codeSource,
      klass: c.class,
      category: c.category,
      rule: c.rule,
      blocklist: c.blocklist,
    });
    if (shapeNo >= 0) kinds.set(shapeNo, id);
    return id;
  }

  private shape(no: number): EventShape {
    let shape = this.shapes.get(no);
    if (!shape) {
      shape = decodeShape(no);
      this.shapes.set(no, shape);
    }
    return shape;
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
      // Aggregates count the rows that really went in, so twins and re-reads never count twice.
      for (const [key, count] of this.folded) {
        const [hour, kindId, sourceId] = key.split(':').map(Number) as [number, number, number];
        const k = this.kindDetails.get(kindId)!;
        this.addEventHourly.run(hour, this.hostOf(sourceId), k.format, k.direction, k.klass, k.category, k.code ?? 0, k.enhanced ?? '', count);
      }
      for (const [from, to] of this.foldRanges) this.foldHourly.run(from, to);
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
          progress.tailHash,
          progress.sourceId,
        );
      }
      this.updateRun.run(this.added, this.attempted - this.added, this.runId);
      this.db.exec('COMMIT');
      this.open = false;
      // Every source's rows of this transaction are stored now; the committing source hears of its own.
      for (const [sourceId, t] of this.open_) this.bank(sourceId, t.attempted, t.added);
      this.open_.clear();
      const own = progress ? this.banked.get(progress.sourceId) : undefined;
      if (progress) this.banked.delete(progress.sourceId);
      const result = progress ? { added: own?.added ?? 0, duplicates: (own?.attempted ?? 0) - (own?.added ?? 0) } : { added: 0, duplicates: 0 };
      this.successes.clear();
      this.lineCounts.clear();
      this.folded.clear();
      this.foldRanges = [];
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
    this.open_.clear();
    this.successes.clear();
    this.lineCounts.clear();
    this.folded.clear();
    this.foldRanges = [];
    // Ids handed out inside the rolled-back transaction no longer exist.
    this.texts.clear();
    this.oldTexts.clear();
    this.outcomeKinds = this.outcomeKinds.map(() => new Map());
    this.loadKinds();
  }

  private flushRows(): void {
    if (this.pendingRows === 0) return;
    const rows = this.pendingRows;
    const pending = this.pending;
    let changes = 0;
    if (rows === ROWS_PER_INSERT) {
      changes = this.insertMany.run(pending).changes;
    } else {
      for (let r = 0; r < rows; r++) changes += this.insertOne.run(pending.slice(r * COLUMN_COUNT, (r + 1) * COLUMN_COUNT)).changes;
    }
    if (changes === rows) {
      // Everything went in: count in memory (the common case).
      for (let r = 0; r < rows; r++) {
        const at = r * COLUMN_COUNT;
        const key = `${hourOf(pending[at + 5] as number)}:${pending[at + 6]}:${pending[at]}`;
        this.folded.set(key, (this.folded.get(key) ?? 0) + 1);
      }
    } else if (changes > 0) {
      // Some were duplicates: the rows that went in got the ids after maxId; SQL counts exactly those.
      this.foldRanges.push([this.maxId, this.maxId + changes]);
    }
    this.maxId += changes;
    this.attempted += rows;
    this.added += changes;
    let t = this.open_.get(this.pendingSource);
    if (!t) this.open_.set(this.pendingSource, (t = { attempted: 0, added: 0 }));
    t.attempted += rows;
    t.added += changes;
    this.pending = [];
    this.pendingRows = 0;
  }

  private bank(sourceId: number, attempted: number, added: number): void {
    const b = this.banked.get(sourceId);
    if (b) {
      b.attempted += attempted;
      b.added += added;
    } else this.banked.set(sourceId, { attempted, added });
  }

  private hostOf(sourceId: number): string {
    let host = this.sourceHosts.get(sourceId);
    if (host === undefined) {
      host = this.hostOfSource.get(sourceId) as string;
      this.sourceHosts.set(sourceId, host);
    }
    return host;
  }
}

/**
 * Texts remembered per generation. Small: a text is asked for once per classification the parse side
 * names (src/store/row-packer.ts) and once at its first sighting, so repeats are rare (20 MB bench
 * logs: 90 hits in 17,946 calls on the rejectlog, 1,266 in 6,295 on the mainlog); 20,000 held ~5 MB
 * of texts for nothing.
 */
const TEXT_CACHE = 2_048;

/** The lookup key of a reply text (reply_texts.hash): a 53-bit hash; the text itself decides. */
export function textHash(text: string): number {
  return hash53(text);
}

/** Start of the UTC-aligned hour of a unix-ms time, in unix seconds (the `hour` columns). */
export function hourOf(ts: number): number {
  return Math.floor(ts / 3_600_000) * 3600;
}

/** One string per distinct kind (the fields never contain `|` and null never reads as a value). */
function kindKey(k: EventKind): string {
  return `${k.format}|${k.direction}|${k.stage}|${k.code ?? ''}|${k.enhanced ?? ''}|${k.codeSource}|${k.klass}|${k.category}|${k.rule}|${k.blocklist ?? '\u0000'}`;
}
