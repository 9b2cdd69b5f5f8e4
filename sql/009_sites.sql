-- odstat schema: the counts per site (SPEC v2 §7). daily, monthly,
-- daily_country and rejects get a site column in their key, so each site's
-- counts stay apart and reports add up the sites they are asked for. Rows
-- from before belong to the site 'default'. (Numbered 009: 006-008 are
-- taken by other work; migrations are applied in file-name order.)
-- SQLite cannot change a primary key: each table is rebuilt.

CREATE TABLE daily_sites (
    site                     TEXT    NOT NULL DEFAULT 'default',
    day                      TEXT    NOT NULL,
    dataset_id               TEXT    NOT NULL,
    views                    INTEGER NOT NULL DEFAULT 0,
    downloads                INTEGER NOT NULL DEFAULT 0,
    unique_views             INTEGER NOT NULL DEFAULT 0,
    unique_downloads         INTEGER NOT NULL DEFAULT 0,
    unique_sessions          INTEGER NOT NULL DEFAULT 0,
    machine_views            INTEGER NOT NULL DEFAULT 0,
    machine_downloads        INTEGER NOT NULL DEFAULT 0,
    robot_views              INTEGER NOT NULL DEFAULT 0,
    robot_downloads          INTEGER NOT NULL DEFAULT 0,
    machine_unique_views     INTEGER NOT NULL DEFAULT 0,
    machine_unique_downloads INTEGER NOT NULL DEFAULT 0,
    machine_unique_sessions  INTEGER NOT NULL DEFAULT 0,
    robot_ua                 INTEGER NOT NULL DEFAULT 0,
    robot_robotstxt          INTEGER NOT NULL DEFAULT 0,
    robot_rate               INTEGER NOT NULL DEFAULT 0,
    robot_network            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, dataset_id, site)
) WITHOUT ROWID;
INSERT INTO daily_sites (site, day, dataset_id, views, downloads, unique_views,
    unique_downloads, unique_sessions, machine_views, machine_downloads, robot_views,
    robot_downloads, machine_unique_views, machine_unique_downloads,
    machine_unique_sessions, robot_ua, robot_robotstxt, robot_rate, robot_network)
SELECT 'default', day, dataset_id, views, downloads, unique_views, unique_downloads,
    unique_sessions, machine_views, machine_downloads, robot_views, robot_downloads,
    machine_unique_views, machine_unique_downloads, machine_unique_sessions, robot_ua,
    robot_robotstxt, robot_rate, robot_network FROM daily;
DROP TABLE daily;
ALTER TABLE daily_sites RENAME TO daily;

CREATE TABLE monthly_sites (
    site                     TEXT    NOT NULL DEFAULT 'default',
    month                    TEXT    NOT NULL,
    dataset_id               TEXT    NOT NULL,
    views                    INTEGER NOT NULL DEFAULT 0,
    downloads                INTEGER NOT NULL DEFAULT 0,
    unique_views             INTEGER NOT NULL DEFAULT 0,
    unique_downloads         INTEGER NOT NULL DEFAULT 0,
    unique_sessions          INTEGER NOT NULL DEFAULT 0,
    machine_views            INTEGER NOT NULL DEFAULT 0,
    machine_downloads        INTEGER NOT NULL DEFAULT 0,
    robot_views              INTEGER NOT NULL DEFAULT 0,
    robot_downloads          INTEGER NOT NULL DEFAULT 0,
    machine_unique_views     INTEGER NOT NULL DEFAULT 0,
    machine_unique_downloads INTEGER NOT NULL DEFAULT 0,
    machine_unique_sessions  INTEGER NOT NULL DEFAULT 0,
    robot_ua                 INTEGER NOT NULL DEFAULT 0,
    robot_robotstxt          INTEGER NOT NULL DEFAULT 0,
    robot_rate               INTEGER NOT NULL DEFAULT 0,
    robot_network            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, dataset_id, site)
) WITHOUT ROWID;
INSERT INTO monthly_sites (site, month, dataset_id, views, downloads, unique_views,
    unique_downloads, unique_sessions, machine_views, machine_downloads, robot_views,
    robot_downloads, machine_unique_views, machine_unique_downloads,
    machine_unique_sessions, robot_ua, robot_robotstxt, robot_rate, robot_network)
SELECT 'default', month, dataset_id, views, downloads, unique_views, unique_downloads,
    unique_sessions, machine_views, machine_downloads, robot_views, robot_downloads,
    machine_unique_views, machine_unique_downloads, machine_unique_sessions, robot_ua,
    robot_robotstxt, robot_rate, robot_network FROM monthly;
DROP TABLE monthly;
ALTER TABLE monthly_sites RENAME TO monthly;

CREATE TABLE daily_country_sites (
    site                     TEXT    NOT NULL DEFAULT 'default',
    day                      TEXT    NOT NULL,
    dataset_id               TEXT    NOT NULL,
    country                  TEXT    NOT NULL,
    views                    INTEGER NOT NULL DEFAULT 0,
    downloads                INTEGER NOT NULL DEFAULT 0,
    unique_views             INTEGER NOT NULL DEFAULT 0,
    unique_downloads         INTEGER NOT NULL DEFAULT 0,
    unique_sessions          INTEGER NOT NULL DEFAULT 0,
    machine_views            INTEGER NOT NULL DEFAULT 0,
    machine_downloads        INTEGER NOT NULL DEFAULT 0,
    machine_unique_views     INTEGER NOT NULL DEFAULT 0,
    machine_unique_downloads INTEGER NOT NULL DEFAULT 0,
    machine_unique_sessions  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, dataset_id, country, site)
) WITHOUT ROWID;
INSERT INTO daily_country_sites (site, day, dataset_id, country, views, downloads,
    unique_views, unique_downloads, unique_sessions, machine_views, machine_downloads,
    machine_unique_views, machine_unique_downloads, machine_unique_sessions)
SELECT 'default', day, dataset_id, country, views, downloads, unique_views,
    unique_downloads, unique_sessions, machine_views, machine_downloads,
    machine_unique_views, machine_unique_downloads, machine_unique_sessions
FROM daily_country;
DROP TABLE daily_country;
ALTER TABLE daily_country_sites RENAME TO daily_country;

CREATE TABLE rejects_sites (
    site   TEXT    NOT NULL DEFAULT 'default',
    day    TEXT    NOT NULL,
    reason TEXT    NOT NULL,
    lines  INTEGER NOT NULL,
    PRIMARY KEY (day, reason, site)
) WITHOUT ROWID;
INSERT INTO rejects_sites (site, day, reason, lines)
SELECT 'default', day, reason, lines FROM rejects;
DROP TABLE rejects;
ALTER TABLE rejects_sites RENAME TO rejects;
