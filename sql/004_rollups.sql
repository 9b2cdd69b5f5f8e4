-- odstat schema, version 4: rollups for fast reports over long periods.

-- The daily table summed per month (YYYY-MM), written in the same
-- transaction as daily; a report over a long period reads whole months
-- here and only the partial months at its ends from daily.
CREATE TABLE monthly (
    month             TEXT    NOT NULL,
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
    PRIMARY KEY (month, dataset_id)
) WITHOUT ROWID;
INSERT INTO monthly
SELECT substr(day, 1, 7), dataset_id, SUM(views), SUM(downloads), SUM(unique_views),
       SUM(unique_downloads), SUM(unique_sessions), SUM(machine_views),
       SUM(machine_downloads), SUM(robot_views), SUM(robot_downloads)
FROM daily GROUP BY 1, 2;

-- Rejected lines per day and reason. A rejected line has no trustworthy
-- time of its own: it is counted on the day of the valid line before it
-- in the same file (the one after it, if the file starts with rejects).
CREATE TABLE rejects (
    day    TEXT    NOT NULL,
    reason TEXT    NOT NULL,
    lines  INTEGER NOT NULL,
    PRIMARY KEY (day, reason)
) WITHOUT ROWID;

-- The local day of the last valid line read from each file, so that
-- rejects at the start of the next run's part are put on the same day.
ALTER TABLE ingest ADD COLUMN last_day INTEGER;
