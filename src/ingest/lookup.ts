import type Database from 'better-sqlite3';
import type { ParseLookup } from '../../parsers/types.js';
import type { Direction } from '../model/labels.js';

/** What parsers may ask of the events stored before (parsers/types.ts ParseLookup), for one host. */
export function makeLookup(db: Database.Database, host: string): ParseLookup {
  const stmt = db.prepare(`
    SELECT k.code, k.enhanced, k.code_source AS codeSource, e.server, k.direction
    FROM events e
    JOIN event_kinds k ON k.id = e.kind_id
    JOIN sources s ON s.id = e.source_id
    WHERE e.message_id = ? AND e.recipient = ? AND k.class = 'transient' AND s.host = ?
    ORDER BY e.ts DESC, e.id DESC LIMIT 1`);
  return {
    lastDeferral(messageId, recipient) {
      const row = stmt.get(messageId, recipient, host) as
        | { code: number | null; enhanced: string | null; codeSource: 'seen' | 'inferred' | 'none'; server: string | null; direction: Direction }
        | undefined;
      return row ?? null;
    },
  };
}
