-- odstat schema, version 5: counting over a set of lines (SPEC v2 §2),
-- robots by behaviour (§1.7), machine uniques, and the state of each site
-- (§7). Hours are local hours as written: days since 1970-01-01 * 24 + hour.

-- Machine sessions (COUNTER's machine uniques) and the robot events each
-- rule removed: UA lists, /robots.txt, the request rate, robot networks.
-- robot_views + robot_downloads = robot_ua + robot_robotstxt + robot_rate
-- + robot_network on every row.
ALTER TABLE daily ADD COLUMN machine_unique_views     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily ADD COLUMN machine_unique_downloads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily ADD COLUMN machine_unique_sessions  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily ADD COLUMN robot_ua                 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily ADD COLUMN robot_robotstxt          INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily ADD COLUMN robot_rate               INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily ADD COLUMN robot_network            INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly ADD COLUMN machine_unique_views     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly ADD COLUMN machine_unique_downloads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly ADD COLUMN machine_unique_sessions  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly ADD COLUMN robot_ua                 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly ADD COLUMN robot_robotstxt          INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly ADD COLUMN robot_rate               INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly ADD COLUMN robot_network            INTEGER NOT NULL DEFAULT 0;
-- before version 5 every robot was one by its user agent
UPDATE daily SET robot_ua = robot_views + robot_downloads;
UPDATE monthly SET robot_ua = robot_views + robot_downloads;

-- Per country: people's and machines' counts and uniques, for COUNTER's
-- country-counts of both access methods.
ALTER TABLE daily_country ADD COLUMN unique_sessions          INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_country ADD COLUMN machine_views            INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_country ADD COLUMN machine_downloads        INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_country ADD COLUMN machine_unique_views     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_country ADD COLUMN machine_unique_downloads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_country ADD COLUMN machine_unique_sessions  INTEGER NOT NULL DEFAULT 0;

-- Valid lines that arrived late (SPEC §2.5), per site and local day:
-- reports mark these days, whose numbers may be slightly off.
CREATE TABLE late_lines (
    site  TEXT    NOT NULL,
    day   TEXT    NOT NULL,
    lines INTEGER NOT NULL,
    PRIMARY KEY (site, day)
) WITHOUT ROWID;

-- Covered time: the stretches of local hours that hold lines, per site.
-- A line in an hour outside them is a backfill (on time); a line in a
-- covered hour whose state was forgotten is late.
CREATE TABLE coverage (
    site       TEXT    NOT NULL,
    first_hour INTEGER NOT NULL,
    last_hour  INTEGER NOT NULL,
    PRIMARY KEY (site, first_hour)
) WITHOUT ROWID;

-- The state later lines may need, one row per kept hour: the events of
-- the hour under keyed hashes (no address, no user agent), their
-- sessions and what each has added to the counts. See collector/counter.c.
CREATE TABLE state_hour (
    site     TEXT    NOT NULL,
    hour     INTEGER NOT NULL,
    hour_end INTEGER NOT NULL,        -- instant (Unix seconds) the hour ends
    state    BLOB    NOT NULL,
    PRIMARY KEY (site, hour)
) WITHOUT ROWID;

-- Session-hours that count as people and made many dataset requests, for
-- `odstat-report spikes`: shown by a keyed-hash id and country only.
CREATE TABLE busy_hours (
    site     TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    hour     INTEGER NOT NULL,        -- 0-23, local
    session  TEXT    NOT NULL,        -- 16 hex digits of a keyed hash
    country  TEXT    NOT NULL,
    requests INTEGER NOT NULL,
    datasets INTEGER NOT NULL,
    PRIMARY KEY (site, day, hour, session)
) WITHOUT ROWID;

-- Content identities are per site.
ALTER TABLE ingest ADD COLUMN site TEXT NOT NULL DEFAULT 'default';
CREATE INDEX ingest_by_site ON ingest (site, prefix_hash);

-- Version 4's state (clicks of the last 15 minutes, open sessions) cannot
-- be converted. The days it counted, but the last, become covered time,
-- so a backfill into them is late rather than counted as new.
INSERT INTO coverage (site, first_hour, last_hour)
SELECT 'default', d * 24, d * 24 + 23
FROM (SELECT DISTINCT CAST(julianday(day) - 2440587.5 AS INTEGER) AS d FROM daily
      WHERE day < (SELECT MAX(day) FROM daily));
INSERT INTO meta (key, value) SELECT 'site:default:newest', value FROM meta
WHERE key = 'stream_newest';
DELETE FROM meta WHERE key = 'stream_newest';
DROP TABLE clicks;
DROP TABLE sessions;
