-- odstat schema, version 3, for PostgreSQL: twin of sql/003_catalog.sql.
CREATE TABLE dataset (
    id               TEXT COLLATE "C" PRIMARY KEY,
    name             TEXT COLLATE "C",
    publisher        TEXT COLLATE "C",
    badge            TEXT COLLATE "C",
    update_frequency TEXT COLLATE "C",
    listed           TEXT COLLATE "C",
    data_updated     TEXT COLLATE "C",
    formats          TEXT COLLATE "C",
    source           TEXT COLLATE "C" NOT NULL CHECK (source IN ('datagovtw', 'ckan', 'csv')),
    imported_at      BIGINT NOT NULL
);
CREATE INDEX dataset_by_publisher ON dataset (publisher);

CREATE TABLE alias (
    alias      TEXT COLLATE "C" PRIMARY KEY,
    dataset_id TEXT COLLATE "C" NOT NULL
);
CREATE INDEX alias_by_dataset ON alias (dataset_id);
