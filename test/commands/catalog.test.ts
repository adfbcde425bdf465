import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/model/labels.js';
import { run } from '../helpers/cli.js';

describe('maillens catalog', () => {
  it('lists every entry in tier order with id, codes, category and meaning', async () => {
    const r = await run(['catalog']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +CODES +CATEGORY +MEANING$/);
    const ids = lines.slice(1, -1).map((l) => l.split(/\s+/)[0]!);
    expect(ids.findIndex((i) => i.startsWith('vendor.'))).toBeLessThan(ids.findIndex((i) => i.startsWith('enhanced.')));
    expect(ids.findIndex((i) => i.startsWith('enhanced.'))).toBeLessThan(ids.findIndex((i) => i.startsWith('text.')));
    expect(ids.findIndex((i) => i.startsWith('text.'))).toBeLessThan(ids.findIndex((i) => i.startsWith('basic.')));
    expect(lines.at(-1)).toMatch(new RegExp(`^${ids.length} entries$`));
    expect(r.stdout).toMatch(/^basic\.550 +550 +other +\S/m);
  });

  it('filters by category', async () => {
    const r = await run(['catalog', '--category', 'rbl', '--json']);
    const rows = JSON.parse(r.stdout);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row.category).toBe('rbl');
  });

  it('searches ids, meanings, codes and match strings', async () => {
    const rows = JSON.parse((await run(['catalog', 'greylist', '--json'])).stdout);
    expect(rows.map((x: { id: string }) => x.id)).toContain('text.greylisting.named');
    expect(JSON.parse((await run(['catalog', '5.1.1', '--json'])).stdout).map((x: { id: string }) => x.id)).toContain('enhanced.X.1.1');
    expect(JSON.parse((await run(['catalog', 'RELAY ACCESS', '--json'])).stdout).length).toBeGreaterThan(0);
    const none = await run(['catalog', 'no-entry-has-this-text']);
    expect(none.stdout).toBe('0 entries\n');
  });

  it('prints full entries as JSON', async () => {
    const rows = JSON.parse((await run(['catalog', 'text.rbl.blocked-using', '--json'])).stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'text.rbl.blocked-using', file: 'text-rules.json', tier: 'text', category: 'rbl' });
    for (const k of ['match', 'meaning', 'cause', 'action', 'sources', 'examples']) expect(rows[0]).toHaveProperty(k);
  });

  it('refuses an unknown category with the list of valid ones', async () => {
    const r = await run(['catalog', '--category', 'spam']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown category "spam"');
    expect(r.stderr).toContain(CATEGORIES.join(', '));
  });

  it('cuts lines to the terminal width only on a terminal', async () => {
    const tty = await run(['catalog', '--category', 'rbl'], { tty: { columns: 60 } });
    for (const line of tty.stdout.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    const pipe = await run(['catalog', '--category', 'rbl']);
    expect(Math.max(...pipe.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(60);
  });
});
