-- maillens schema, version 1.
-- Applied in one transaction by src/store/migrate.ts, which then sets PRAGMA user_version = 1.
-- Never edit a shipped migration: add the next numbered file instead.
-- Tables are the storage; the views at the end are the documented interface (README "Database").

-- Facts about the database itself. `database_id` (random, set at creation) lets `maillens merge`
-- recognise sources it has already folded in, so merging the same file twice changes nothing.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))));

-- One row per `maillens analyze` (or merge) invocation.
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  started_at    INTEGER NOT NULL,              -- unix ms
  finished_at   INTEGER,                       -- unix ms; NULL while running or when killed
  command       TEXT NOT NULL,                 -- 'analyze' | 'merge'
  host          TEXT NOT NULL,                 -- --host of the run
  status        TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'ok', 'partial', 'failed', 'interrupted')),
  inputs        INTEGER NOT NULL DEFAULT 0,    -- inputs named (after glob expansion)
  bytes_read    INTEGER NOT NULL DEFAULT 0,
  lines_read    INTEGER NOT NULL DEFAULT 0,
  lines_matched INTEGER NOT NULL DEFAULT 0,    -- lines that carried a reply or a success
  lines_skipped INTEGER NOT NULL DEFAULT 0,    -- lines not understood (malformed)
  lines_oversized INTEGER NOT NULL DEFAULT 0,  -- lines cut at the maximum line length
  events_added  INTEGER NOT NULL DEFAULT 0,
  events_duplicate INTEGER NOT NULL DEFAULT 0, -- already stored (Exim mainlog + rejectlog twins, reruns)
  message       TEXT                           -- what went wrong, for partial/failed runs
) STRICT;

-- One row per log file (or stream) ever read: its identity and how far we have read it.
-- A rotated file is recognised by its fingerprint (first bytes) and continues the same source row.
CREATE TABLE sources (
  id            INTEGER PRIMARY KEY,
  host          TEXT NOT NULL,
  path          TEXT NOT NULL,                 -- last path it was read under
  format        TEXT CHECK (format IN ('exim', 'hmailserver', 'phpmailer')),
  device        INTEGER,
  inode         INTEGER,
  fp_len        INTEGER NOT NULL DEFAULT 0,    -- how many leading bytes the fingerprint covers
  fp_hash       TEXT,                          -- sha1 hex of those bytes; NULL for stdin
  offset        INTEGER NOT NULL DEFAULT 0,    -- resume here: byte after the last complete line consumed
  line          INTEGER NOT NULL DEFAULT 0,    -- lines consumed before `offset`
  high_water    INTEGER NOT NULL DEFAULT 0,    -- largest offset ever consumed (a --rescan never counts twice)
  size_seen     INTEGER NOT NULL DEFAULT 0,    -- size of the file when last read
  first_run_id  INTEGER REFERENCES runs (id),
  last_run_id   INTEGER REFERENCES runs (id),
  updated_at    INTEGER NOT NULL,              -- unix ms
  origin        TEXT UNIQUE                    -- merged sources: '<database_id>:<source id>' where it was read
) STRICT;
CREATE INDEX sources_fingerprint ON sources (host, fp_hash);

-- Reply texts are long and repeat endlessly: stored once, referenced by id. `hash` (a 53-bit hash of
-- the text, src/util/hash53.ts) keeps the lookup index small; the text itself decides.
CREATE TABLE reply_texts (
  id    INTEGER PRIMARY KEY,
  hash  INTEGER NOT NULL,
  text  TEXT NOT NULL
) STRICT;
CREATE INDEX reply_texts_hash ON reply_texts (hash);

-- What an event is, apart from who and when: its format, direction, stage, codes and classification.
-- A few hundred distinct combinations cover millions of events, so events refer to one by id: the
-- event rows stay narrow and the CHECKs on every closed vocabulary run once per combination.
CREATE TABLE event_kinds (
  id          INTEGER PRIMARY KEY,
  format      TEXT NOT NULL CHECK (format IN ('exim', 'hmailserver', 'phpmailer')),
  direction   TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
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

-- One row per refused (or failed) SMTP exchange. The host is its source's.
CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  source_id   INTEGER NOT NULL REFERENCES sources (id),
  byte_offset INTEGER NOT NULL,                -- where the event's first line starts in its source
  seq         INTEGER NOT NULL DEFAULT 0,      -- several events on one line (rare)
  line        INTEGER NOT NULL,                -- 1-based line number in its source
  run_id      INTEGER NOT NULL REFERENCES runs (id),
  ts          INTEGER NOT NULL,                -- unix ms (log times are read as local time unless they say otherwise)
  kind_id     INTEGER NOT NULL REFERENCES event_kinds (id),
  client_ip   TEXT,
  helo        TEXT,
  sender      TEXT,
  recipient   TEXT,
  server      TEXT,                            -- outbound: the remote server that answered
  message_id  TEXT,
  text_id     INTEGER NOT NULL REFERENCES reply_texts (id),
  twin        INTEGER,                         -- same rejection in two logs (Exim mainlog + rejectlog): same ts and twin
  UNIQUE (source_id, byte_offset, seq)
) STRICT;
CREATE INDEX events_ts ON events (ts);
-- Category and time: the category is the kind's, so (kind, time) serves "rbl yesterday" through event_kinds.
CREATE INDEX events_kind_ts ON events (kind_id, ts);
CREATE INDEX events_run ON events (run_id);
CREATE INDEX events_message ON events (message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX events_twin ON events (ts, twin) WHERE twin IS NOT NULL;

-- Every event with its kind and host spelled out: what the views and reports read.
CREATE VIEW events_expanded AS
SELECT e.id, e.source_id, e.byte_offset, e.seq, e.line, e.run_id, e.ts, s.host,
       k.format, k.direction, k.stage, k.code, k.enhanced, k.code_source, k.class, k.category, k.rule, k.blocklist,
       e.client_ip, e.helo, e.sender, e.recipient, e.server, e.message_id, e.text_id, e.twin
FROM events e
JOIN event_kinds k ON k.id = e.kind_id
JOIN sources s ON s.id = e.source_id;

-- Hourly counts, kept when old events are pruned. Successes (accepted or delivered mail) are counted
-- here only, with class 'success', so that reports can show rejection rates.
CREATE TABLE hourly (
  hour        INTEGER NOT NULL,                -- unix seconds of the start of the hour (UTC)
  host        TEXT NOT NULL,
  format      TEXT NOT NULL,
  direction   TEXT NOT NULL,
  class       TEXT NOT NULL,
  category    TEXT NOT NULL,
  code        INTEGER NOT NULL DEFAULT 0,      -- 0 = none
  enhanced    TEXT NOT NULL DEFAULT '',        -- '' = none
  count       INTEGER NOT NULL,
  PRIMARY KEY (hour, host, format, direction, class, category, code, enhanced)
) STRICT, WITHOUT ROWID;

-- Lines read per hour of log time (lines without a time of their own count in the hour of the line above).
CREATE TABLE hourly_lines (
  hour        INTEGER NOT NULL,
  host        TEXT NOT NULL,
  format      TEXT NOT NULL,
  lines_read  INTEGER NOT NULL DEFAULT 0,
  lines_matched INTEGER NOT NULL DEFAULT 0,
  lines_skipped INTEGER NOT NULL DEFAULT 0,
  lines_oversized INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, host, format)
) STRICT, WITHOUT ROWID;

-- ---------------------------------------------------------------------------------------------------
-- Documented views: the stable interface for SQL users. Times are shown in the database user's local
-- time zone (SQLite 'localtime'); `ts` stays available for exact comparisons.

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

-- Refusals per day and category (from the hourly table, so it survives pruning).
CREATE VIEW v_daily_categories AS
SELECT date(hour, 'unixepoch', 'localtime') AS day, host, direction, class, category, sum(count) AS count
FROM hourly
WHERE class <> 'success'
GROUP BY day, host, direction, class, category;

-- Client IPs we refused, per day and category, with counts.
CREATE VIEW v_client_ips AS
SELECT date(ts / 1000, 'unixepoch', 'localtime') AS day, host, category, client_ip, count(*) AS count,
       min(ts) AS first_ts, max(ts) AS last_ts
FROM events_expanded
WHERE direction = 'inbound' AND client_ip IS NOT NULL
GROUP BY day, host, category, client_ip;

-- Reply codes seen, with how often and how they were classified.
CREATE VIEW v_codes AS
SELECT code, enhanced, class, category, count(*) AS count, min(ts) AS first_ts, max(ts) AS last_ts
FROM events_expanded
GROUP BY code, enhanced, class, category;
