-- odstat schema, version 4, for PostgreSQL: twin of sql/004_rollups.sql.
CREATE TABLE monthly (
    month             TEXT COLLATE "C" NOT NULL,
    dataset_id        TEXT COLLATE "C" NOT NULL,
    views             BIGINT NOT NULL DEFAULT 0,
    downloads         BIGINT NOT NULL DEFAULT 0,
    unique_views      BIGINT NOT NULL DEFAULT 0,
    unique_downloads  BIGINT NOT NULL DEFAULT 0,
    unique_sessions   BIGINT NOT NULL DEFAULT 0,
    machine_views     BIGINT NOT NULL DEFAULT 0,
    machine_downloads BIGINT NOT NULL DEFAULT 0,
    robot_views       BIGINT NOT NULL DEFAULT 0,
    robot_downloads   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, dataset_id)
);
INSERT INTO monthly
SELECT substr(day, 1, 7), dataset_id, SUM(views), SUM(downloads), SUM(unique_views),
       SUM(unique_downloads), SUM(unique_sessions), SUM(machine_views),
       SUM(machine_downloads), SUM(robot_views), SUM(robot_downloads)
FROM daily GROUP BY 1, 2;

CREATE TABLE rejects (
    day    TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C" NOT NULL,
    lines  BIGINT NOT NULL,
    PRIMARY KEY (day, reason)
);

ALTER TABLE ingest ADD COLUMN last_day BIGINT;
