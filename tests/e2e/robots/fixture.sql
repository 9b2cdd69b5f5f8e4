-- The hand-made database of tests/e2e/scripts/robot-reports.sh; every
-- number the reports print from it is worked out in README.md here.
BEGIN;
INSERT INTO dataset (id, name, source, imported_at) VALUES
    ('A1', '空氣品質', 'csv', 0),
    ('B2', 'Bus routes', 'csv', 0),
    ('S9', 'Spiky, dataset', 'csv', 0),
    ('E1', '=HYPERLINK(1)', 'csv', 0),
    ('D5', '<b>x</b>', 'csv', 0);
INSERT INTO alias (alias, dataset_id) VALUES ('uuid-s9', 'S9');

-- The robot rules and machines (summary): A1 and B2.
INSERT INTO daily (day, dataset_id, views, downloads, machine_views, machine_downloads,
                   robot_views, robot_downloads, robot_ua, robot_robotstxt, robot_rate,
                   robot_network) VALUES
    ('2023-12-15', 'A1', 0, 5, 4, 0, 0, 2, 2, 0, 0, 0),
    ('2024-02-10', 'A1', 0, 3, 0, 0, 1, 0, 1, 0, 0, 0),
    ('2024-03-05', 'A1', 10, 4, 1, 2, 5, 3, 2, 3, 2, 1),
    ('2024-03-06', 'B2', 2, 1, 0, 0, 121, 0, 0, 0, 121, 0);

-- Spikes: human downloads on the 15th of every month from 2023-03 to
-- 2024-02, except 2023-06 (a month with no logs at all): 11 months.
WITH RECURSIVE m(d) AS (SELECT '2023-03-15' UNION ALL
                        SELECT date(d, '+1 month') FROM m WHERE d < '2024-02-15'),
base(id, n) AS (VALUES ('S9', 10), ('E1', 50), ('N1', 40), ('D7', 30), ('D8', 20),
                       ('D9', 19), ('D6', 300), ('D5', 300))
INSERT INTO daily (day, dataset_id, downloads)
SELECT m.d, base.id, base.n FROM m, base WHERE m.d <> '2023-06-15';
-- March 2024: S9 100 under its slug and 30 under its UUID; D7, D8, D9
-- nothing; V1 100 views and no history.
INSERT INTO daily (day, dataset_id, views, downloads) VALUES
    ('2024-03-15', 'S9', 0, 100), ('2024-03-15', 'uuid-s9', 0, 30),
    ('2024-03-15', 'E1', 0, 150), ('2024-03-15', 'N1', 0, 139),
    ('2024-03-15', 'D6', 0, 3), ('2024-03-15', 'D5', 0, 1),
    ('2024-03-15', 'V1', 100, 0);

-- The rollup, as the collector keeps it.
INSERT INTO monthly (month, dataset_id, views, downloads, unique_views, unique_downloads,
                     unique_sessions, machine_views, machine_downloads, robot_views,
                     robot_downloads, robot_ua, robot_robotstxt, robot_rate, robot_network)
SELECT substr(day, 1, 7), dataset_id, SUM(views), SUM(downloads), SUM(unique_views),
       SUM(unique_downloads), SUM(unique_sessions), SUM(machine_views), SUM(machine_downloads),
       SUM(robot_views), SUM(robot_downloads), SUM(robot_ua), SUM(robot_robotstxt),
       SUM(robot_rate), SUM(robot_network)
FROM daily GROUP BY 1, 2;

-- Late lines of two sites.
INSERT INTO late_lines (site, day, lines) VALUES
    ('default', '2023-12-31', 4), ('default', '2024-02-29', 0),
    ('default', '2024-03-05', 12), ('b', '2024-03-05', 3), ('default', '2024-03-06', 1);

-- Human session-hours with at least 10 dataset requests.
INSERT INTO busy_hours (site, day, hour, session, country, requests, datasets) VALUES
    ('default', '2024-03-05', 10, 'a1b2c3d4e5f60718', 'TW', 118, 40),
    ('default', '2024-03-05', 11, '00000000000000ff', 'US', 118, 52),
    ('default', '2024-03-06', 3, 'ffffffffffffffff', 'ZZ', 12, 1),
    ('b', '2024-03-06', 3, 'ffffffffffffffff', 'ZZ', 12, 1),
    ('default', '2024-02-01', 0, '0123456789abcdef', 'JP', 119, 3),
    ('default', '2023-12-31', 23, '1111111111111111', 'TW', 120, 2);

INSERT INTO ingest (prefix_len, prefix_hash, path, offset, lines, rejected, first_ts, last_ts,
                    first_at, last_at)
VALUES (4096, 1311768467463790320, 'access.log', 1000, 10, 0, 1709568000, 1709654400,
        1709700000, 1709700000);
COMMIT;
