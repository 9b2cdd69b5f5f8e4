-- odstat schema, version 2: human views and downloads per country.
-- Same day and dataset as `daily`; the country is the ISO 3166-1 alpha-2
-- code of the client address (ZZ: unknown). Unique counts add up over
-- countries because a session has one address, so one country.
CREATE TABLE daily_country (
    day              TEXT    NOT NULL,
    dataset_id       TEXT    NOT NULL,
    country          TEXT    NOT NULL,
    views            INTEGER NOT NULL DEFAULT 0,
    downloads        INTEGER NOT NULL DEFAULT 0,
    unique_views     INTEGER NOT NULL DEFAULT 0,
    unique_downloads INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, dataset_id, country)
) WITHOUT ROWID;
