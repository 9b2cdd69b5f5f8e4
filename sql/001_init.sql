-- odstat schema, version 1.
-- Counts are per local day (as written in the log) and dataset. Nothing here
-- holds a raw client address or user agent (SPEC §3): the state a later run
-- needs is stored under keyed hashes and pruned as the stream moves on.

-- Settings of this database: the hash secret, the stream position.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value ANY
) WITHOUT ROWID;

-- One row per (day, dataset): the numbers of odstat-report daily.
CREATE TABLE daily (
    day               TEXT    NOT NULL,  -- YYYY-MM-DD as written in the log
    dataset_id        TEXT    NOT NULL,
    views             INTEGER NOT NULL DEFAULT 0,
    downloads         INTEGER NOT NULL DEFAULT 0,
    unique_views      INTEGER NOT NULL DEFAULT 0,
    unique_downloads  INTEGER NOT NULL DEFAULT 0,
    unique_sessions   INTEGER NOT NULL DEFAULT 0,
    machine_views     INTEGER NOT NULL DEFAULT 0,
    machine_downloads INTEGER NOT NULL DEFAULT 0,
    robot_views       INTEGER NOT NULL DEFAULT 0,
    robot_downloads   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, dataset_id)
) WITHOUT ROWID;

-- What has been read, by content identity (a keyed hash of the first bytes
-- of the uncompressed content), so renamed or recompressed files resume.
CREATE TABLE ingest (
    id          INTEGER PRIMARY KEY,
    prefix_len  INTEGER NOT NULL,        -- bytes covered by prefix_hash
    prefix_hash INTEGER NOT NULL,
    path        TEXT    NOT NULL,        -- last path it was read under
    offset      INTEGER NOT NULL,        -- uncompressed bytes consumed
    lines       INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    first_ts    INTEGER,                 -- earliest instant (Unix seconds)
    last_ts     INTEGER,                 -- latest instant
    first_at    INTEGER NOT NULL,        -- when it was first read
    last_at     INTEGER NOT NULL         -- when it was last read
);
CREATE INDEX ingest_by_prefix ON ingest (prefix_hash);

-- Double-click state (SPEC §2.3): keyed hash of the click key -> last instant.
CREATE TABLE clicks (
    key  BLOB    PRIMARY KEY,
    last INTEGER NOT NULL
) WITHOUT ROWID;

-- Sessions of hours still open (SPEC §2.4): keyed hash of
-- (address, UA, date, hour, dataset) -> bit 1 viewed, bit 2 downloaded.
CREATE TABLE sessions (
    key     BLOB    PRIMARY KEY,
    expires INTEGER NOT NULL,            -- instant the hour ends
    flags   INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per collector run, for the summary and for audits.
CREATE TABLE runs (
    id                 INTEGER PRIMARY KEY,
    started            INTEGER NOT NULL,
    finished           INTEGER,
    files              INTEGER NOT NULL DEFAULT 0,
    lines              INTEGER NOT NULL DEFAULT 0,
    events             INTEGER NOT NULL DEFAULT 0,
    other              INTEGER NOT NULL DEFAULT 0,
    rejected_format    INTEGER NOT NULL DEFAULT 0,
    rejected_timestamp INTEGER NOT NULL DEFAULT 0,
    rejected_status    INTEGER NOT NULL DEFAULT 0,
    rejected_request   INTEGER NOT NULL DEFAULT 0,
    rejected_long      INTEGER NOT NULL DEFAULT 0,
    late               INTEGER NOT NULL DEFAULT 0,
    exit_code          INTEGER
);
