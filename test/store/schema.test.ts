// The schema is a public interface (README "Database"): a fresh database must have exactly the tables,
// columns, indexes and views of the snapshot. A change to the schema is a new migration AND a new
// snapshot (regenerate with MAILLENS_UPDATE_SNAPSHOT=1 npx vitest run test/store), reviewed together.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, loadMigrations } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open.js';
import { projectRoot } from '../../src/util/paths.js';

const snapshotPath = join(projectRoot(), 'test', 'store', 'schema.snapshot.txt');

function describeSchema(): string {
  const db = openDatabase(':memory:');
  try {
    const objects = db
      .prepare("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as { type: string; name: string; tbl_name: string }[];
    const lines: string[] = [`user_version ${db.pragma('user_version', { simple: true })}`];
    for (const o of objects) {
      if (o.type === 'table' || o.type === 'view') {
        const cols = db.prepare(`PRAGMA table_xinfo(${JSON.stringify(o.name)})`).all() as { name: string; type: string; notnull: number; pk: number }[];
        lines.push(`${o.type} ${o.name}: ${cols.map((c) => `${c.name} ${c.type || 'ANY'}${c.notnull ? ' NOT NULL' : ''}${c.pk ? ' PK' : ''}`).join(', ')}`);
      } else if (o.type === 'index') {
        const cols = db.prepare(`PRAGMA index_info(${JSON.stringify(o.name)})`).all() as { name: string }[];
        lines.push(`index ${o.name} on ${o.tbl_name}(${cols.map((c) => c.name).join(', ')})`);
      } else {
        lines.push(`${o.type} ${o.name} on ${o.tbl_name}`);
      }
    }
    return `${lines.join('\n')}\n`;
  } finally {
    db.close();
  }
}

describe('schema', () => {
  it('migrations are numbered without gaps and the latest is applied', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(latestSchemaVersion()).toBe(migrations.length);
  });

  it('a fresh database matches the committed snapshot', () => {
    const actual = describeSchema();
    if (process.env.MAILLENS_UPDATE_SNAPSHOT) writeFileSync(snapshotPath, actual);
    expect(existsSync(snapshotPath), `${snapshotPath} (create it with MAILLENS_UPDATE_SNAPSHOT=1)`).toBe(true);
    expect(actual).toBe(readFileSync(snapshotPath, 'utf8'));
  });

  it('documents every view the README promises', () => {
    const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
    for (const view of ['v_events', 'v_daily_categories', 'v_client_ips', 'v_codes']) {
      expect(describeSchema()).toContain(`view ${view}:`);
      expect(readme).toContain(`\`${view}\``);
    }
  });
});
