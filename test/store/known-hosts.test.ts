import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkHostKnown } from '../../src/store/known-hosts.js';

// review rev4: the host names listed in the --host error come from the database (`analyze --host`, a
// merged database), and the error goes to a terminal: JSON.stringify leaves DEL, C1 controls and bidi
// marks raw, so they are escaped as every other value from the store is (sanitize.ts safeJson).
describe('checkHostKnown', () => {
  function db(hosts: string[]): Database.Database {
    const d = new Database(':memory:');
    d.exec('CREATE TABLE sources (host TEXT); CREATE TABLE hourly (host TEXT)');
    for (const h of hosts) d.prepare('INSERT INTO sources (host) VALUES (?)').run(h);
    return d;
  }

  it('lists hostile host names with no control or bidi character left raw', () => {
    const d = db(['mx1.example.org', 'evil\u009b2J\u202eexample\u007f']);
    let message = '';
    try {
      checkHostKnown(d, 'mx2.example.org\u009b');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('no data for this host');
    expect(message).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(message).toContain('"evil\\u009b2J\\u202eexample\\u007f"');
  });

  it('passes a known host and an empty database', () => {
    expect(() => checkHostKnown(db(['mx1.example.org']), 'mx1.example.org')).not.toThrow();
    expect(() => checkHostKnown(db([]), 'mx1.example.org')).not.toThrow();
  });
});
