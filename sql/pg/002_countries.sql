-- odstat schema, version 2, for PostgreSQL: twin of sql/002_countries.sql.
CREATE TABLE daily_country (
    day              TEXT COLLATE "C" NOT NULL,
    dataset_id       TEXT COLLATE "C" NOT NULL,
    country          TEXT COLLATE "C" NOT NULL,
    views            BIGINT NOT NULL DEFAULT 0,
    downloads        BIGINT NOT NULL DEFAULT 0,
    unique_views     BIGINT NOT NULL DEFAULT 0,
    unique_downloads BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, dataset_id, country)
);
