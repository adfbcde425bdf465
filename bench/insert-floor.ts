// How fast can SQLite take the rows `maillens analyze` stores, with nothing of ours around it? Issue 7
// asks for 250 k events stored per second; this measures the ceiling the events table itself sets on
// this machine, so that a gap to the target can be told apart from a gap in our code.
//
//   node dist/bench/insert-floor.js <maillens database> [--repeat n]
//
// It reads the events of a database that analyze filled (the bench's analyze stage leaves one per
// format: see the printed path, or run analyze yourself), then times re-inserting exactly those rows,
// in insertion order, into a fresh database with the real `events` definition, four ways:
//   as stored                  the real table and its indexes, rows as maillens builds them;
//   no secondary indexes       the table alone (its UNIQUE key and rowid stay);
//   strings as ids             client IP, HELO, sender, recipient, server and message id replaced by
//                              small integers (what interning them in lookup tables would leave; the
//                              lookup tables' own inserts are not counted, so this is an upper bound);
//   ids, no secondary indexes  both.
// Statements and transactions are shaped as the store's (src/store/writer.ts): multi-row INSERTs of
// 200 rows, a commit every 12,000 rows, WAL, synchronous=NORMAL. The variants run
// one after the other in this process, the rows read once; their order rotates between repeats.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const COLUMNS = [
  'source_id', 'byte_offset', 'seq', 'line', 'run_id', 'ts', 'kind_id',
  'client_ip', 'helo', 'sender', 'recipient', 'server', 'message_id', 'text_id', 'twin',
] as const;
/** The TEXT columns interning would turn into ids. */
const STRING_COLUMNS = new Set(['client_ip', 'helo', 'sender', 'recipient', 'server', 'message_id']);
const ROWS_PER_INSERT = 200;
const ROWS_PER_COMMIT = 12_000;

type Row = (string | number | null)[];
interface Variant {
  name: string;
  ids: boolean;
  indexes: boolean;
}
const VARIANTS: Variant[] = [
  { name: 'as stored', ids: false, indexes: true },
  { name: 'no secondary indexes', ids: false, indexes: false },
  { name: 'strings as ids', ids: true, indexes: true },
  { name: 'ids, no secondary indexes', ids: true, indexes: false },
];

function main(argv: string[]): void {
  const path = argv.find((a) => !a.startsWith('--'));
  const repeatAt = argv.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(argv[repeatAt + 1]) : 3;
  if (!path || !Number.isInteger(repeat) || repeat < 1) throw new Error('usage: node dist/bench/insert-floor.js <maillens database> [--repeat n]');
  const source = new Database(path, { readonly: true, fileMustExist: true });
  const rows = source.prepare(`SELECT ${COLUMNS.join(', ')} FROM events ORDER BY id`).raw().all() as Row[];
  // The real definitions, from the database itself: the table and every index on it.
  const schema = source
    .prepare("SELECT type, sql FROM sqlite_master WHERE tbl_name = 'events' AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC")
    .all() as { type: string; sql: string }[];
  source.close();
  if (rows.length < ROWS_PER_INSERT) throw new Error(`${path}: ${rows.length} events; fill it with maillens analyze first`);
  const interned = internStrings(rows);

  console.log(`${rows.length} events of ${path}; ${repeat} run(s) per variant, median shown`);
  const seconds = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < VARIANTS.length; i++) {
      const v = VARIANTS[(i + r) % VARIANTS.length]!;
      seconds.get(v.name)!.push(timeInserts(v.ids ? interned : rows, schema, v));
    }
  }
  for (const v of VARIANTS) {
    const s = median(seconds.get(v.name)!);
    console.log(`${v.name.padEnd(26)} ${s.toFixed(2).padStart(6)} s  ${Math.round(rows.length / s / 1000).toString().padStart(5)} k rows/s`);
  }
}

/** The rows with each string column's values numbered (per column, in order of first sight). */
function internStrings(rows: Row[]): Row[] {
  const numbers = COLUMNS.map(() => new Map<string, number>());
  return rows.map((row) =>
    row.map((value, c) => {
      if (typeof value !== 'string' || !STRING_COLUMNS.has(COLUMNS[c]!)) return value;
      const seen = numbers[c]!;
      let id = seen.get(value);
      if (id === undefined) seen.set(value, (id = seen.size + 1));
      return id;
    }),
  );
}

function timeInserts(rows: Row[], schema: { type: string; sql: string }[], variant: Variant): number {
  const file = join(tmpdir(), `maillens-insert-floor-${process.pid}.db`);
  const remove = () => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true }));
  remove();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (const { type, sql } of schema) {
      if (type === 'index' && !variant.indexes) continue;
      // Foreign keys point at tables this database does not have (the store runs with them off too);
      // interned columns hold integers, which a STRICT TEXT column refuses.
      let ddl = sql.replace(/\s+REFERENCES\s+\w+\s*\(\s*id\s*\)/gi, '');
      if (variant.ids && type === 'table') ddl = ddl.replace(/\b(client_ip|helo|sender|recipient|server|message_id)(\s+)TEXT\b/g, '$1$2INTEGER');
      db.exec(ddl);
    }
    const one = `(${COLUMNS.map(() => '?').join(', ')})`;
    const insert = db.prepare(`INSERT INTO events (${COLUMNS.join(', ')}) VALUES ${new Array(ROWS_PER_INSERT).fill(one).join(', ')} ON CONFLICT DO NOTHING`);
    const started = performance.now();
    db.exec('BEGIN');
    let sinceCommit = 0;
    for (let at = 0; at + ROWS_PER_INSERT <= rows.length; at += ROWS_PER_INSERT) {
      const params: (string | number | null)[] = [];
      for (let r = at; r < at + ROWS_PER_INSERT; r++) for (const value of rows[r]!) params.push(value);
      insert.run(params);
      sinceCommit += ROWS_PER_INSERT;
      if (sinceCommit >= ROWS_PER_COMMIT) {
        db.exec('COMMIT; BEGIN');
        sinceCommit = 0;
      }
    }
    db.exec('COMMIT');
    // The rows of the last partial statement are left out: the rate is per row inserted.
    const inserted = Math.floor(rows.length / ROWS_PER_INSERT) * ROWS_PER_INSERT;
    return ((performance.now() - started) / 1000) * (rows.length / inserted);
  } finally {
    db.close();
    remove();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

main(process.argv.slice(2));
