-- maillens schema version 4: a third direction, 'local' (event_kinds.direction).
--
-- Why: an Exim host delivers most of the mail it accepts itself, to mailboxes, files, pipes or a
-- local LMTP server. When such a delivery fails (a full mailbox, a pipe that exits 75, Dovecot's
-- LMTP answering 552 at 127.0.0.1) no remote server refused anything, yet these failures were stored
-- as outbound: the report listed them under "Remote servers refusing our mail" and counted them in the
-- outbound rejection rate, so one full local mailbox could trip a rate alert every night. They are
-- now events of direction 'local' (parsers/exim/read-delivery.ts says which deliveries are local).
-- Events stored before this version keep their direction (a re-read never replaces a stored event).
--
-- SQLite cannot change a CHECK in place: event_kinds is rebuilt with the same columns and ids
-- (the table rebuild of SQLite's "ALTER TABLE" documentation; src/store/migrate.ts runs it with
-- foreign-key enforcement off and checks the keys before committing). The views that read
-- event_kinds, directly or through events_expanded, are dropped first and made again unchanged.
-- Nothing else changes.

DROP VIEW v_codes;
DROP VIEW v_client_ips;
DROP VIEW v_events;
DROP VIEW events_expanded;

CREATE TABLE event_kinds_new (
  id          INTEGER PRIMARY KEY,
  format      TEXT NOT NULL CHECK (format IN ('exim', 'hmailserver', 'phpmailer')),
  direction   TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'local')),
  stage       TEXT NOT NULL CHECK (stage IN ('connect', 'helo', 'auth', 'mail', 'rcpt', 'data', 'tls', 'other')),
  code        INTEGER CHECK (code BETWEEN 100 AND 599),
  enhanced    TEXT CHECK (enhanced GLOB '[245].[0-9]*.[0-9]*'),
  code_source TEXT NOT NULL CHECK (code_source IN ('seen', 'inferred', 'none')),
  class       TEXT NOT NULL CHECK (class IN ('permanent', 'transient', 'success', 'info', 'unknown')),
  category    TEXT NOT NULL CHECK (category IN ('greylisting', 'rbl', 'auth', 'quota', 'relay', 'unknown_user',
                'mailbox_disabled', 'bad_address', 'dns', 'size', 'content', 'virus', 'policy', 'reverse_dns_helo',
                'rate_limit', 'protocol', 'tls', 'connection', 'server_error', 'loop', 'expired', 'success', 'other')),
  rule        TEXT NOT NULL,                   -- catalog entry that decided class and category
  blocklist   TEXT                             -- for rbl: the zone or provider named in the reply
) STRICT;
INSERT INTO event_kinds_new (id, format, direction, stage, code, enhanced, code_source, class, category, rule, blocklist)
SELECT id, format, direction, stage, code, enhanced, code_source, class, category, rule, blocklist FROM event_kinds;
DROP TABLE event_kinds;
ALTER TABLE event_kinds_new RENAME TO event_kinds;

CREATE VIEW events_expanded AS
SELECT e.id, e.source_id, e.byte_offset, e.seq, e.line, e.run_id, e.ts, s.host,
       k.format, k.direction, k.stage, k.code, k.enhanced, k.code_source, k.class, k.category, k.rule, k.blocklist,
       e.client_ip, e.helo, e.sender, e.recipient, e.server, e.message_id, e.text_id, e.twin
FROM events e
JOIN event_kinds k ON k.id = e.kind_id
JOIN sources s ON s.id = e.source_id;

CREATE VIEW v_events AS
SELECT e.id,
       datetime(e.ts / 1000, 'unixepoch', 'localtime') AS time,
       e.ts,
       s.host, k.format, s.path AS file, e.line, k.direction,
       e.client_ip, e.helo, e.sender, e.recipient, e.server, k.stage,
       k.code, k.enhanced, k.code_source, k.class, k.category, k.rule, k.blocklist,
       t.text,
       e.message_id,
       CASE WHEN instr(e.sender, '@') > 0 THEN lower(substr(e.sender, instr(e.sender, '@') + 1)) END AS sender_domain,
       CASE WHEN instr(e.recipient, '@') > 0 THEN lower(substr(e.recipient, instr(e.recipient, '@') + 1)) END AS recipient_domain
FROM events e
JOIN event_kinds k ON k.id = e.kind_id
JOIN reply_texts t ON t.id = e.text_id
JOIN sources s ON s.id = e.source_id;

CREATE VIEW v_client_ips AS
SELECT date(ts / 1000, 'unixepoch', 'localtime') AS day, host, category, client_ip, count(*) AS count,
       min(ts) AS first_ts, max(ts) AS last_ts
FROM events_expanded
WHERE direction = 'inbound' AND client_ip IS NOT NULL
GROUP BY day, host, category, client_ip;

CREATE VIEW v_codes AS
SELECT code, enhanced, class, category, count(*) AS count, min(ts) AS first_ts, max(ts) AS last_ts
FROM events_expanded
GROUP BY code, enhanced, class, category;
