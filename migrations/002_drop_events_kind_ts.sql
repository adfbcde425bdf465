-- maillens schema version 2: drop the index events_kind_ts (kind_id, ts).
--
-- Why: kinds are few and time runs forward, so every stored event landed in the middle of this index,
-- one page per kind touched in every batch. It cost more than all the other event indexes together
-- (a 200 MB Exim rejectlog, 694 k events: 2.75 s of inserts with it, 1.67 s without; issue 7), while
-- no query needs it: reports and `maillens events` select a time range first (events_ts) and then
-- filter by kind, which `npm run bench` and a report over three busy days showed to be as fast.
--
-- Nothing else changes: tables, columns and views are those of version 1.
DROP INDEX IF EXISTS events_kind_ts;
