-- odstat schema, version 3: the dataset catalog (odstat-collect --catalog).
-- Metadata for the reports: names, publishers, dates. Never holds a contact
-- person's name or phone. See docs/catalog.md for what each source maps to.

-- One row per dataset under its canonical id: the numeric id on
-- data.gov.tw, the slug (`name`) on CKAN. A NULL column means no import has
-- said anything about it; '' means an import said it is empty.
CREATE TABLE dataset (
    id               TEXT PRIMARY KEY,
    name             TEXT,           -- title as shown on the portal
    publisher        TEXT,           -- agency / CKAN organization title
    badge            TEXT,           -- '', bronze, silver, gold, platinum, or as given
    update_frequency TEXT,           -- as given: 每1月, 不定期更新, ...
    listed           TEXT,           -- 'YYYY-MM-DD HH:MM:SS' (or 'YYYY-MM-DD'), as written
    data_updated     TEXT,           -- metadata update time, same form
    formats          TEXT,           -- upper-case, ';'-separated, no repeats: CSV;JSON
    source           TEXT    NOT NULL CHECK (source IN ('datagovtw', 'ckan', 'csv')),
    imported_at      INTEGER NOT NULL -- Unix time of the last import that had it
) WITHOUT ROWID;
CREATE INDEX dataset_by_publisher ON dataset (publisher);

-- Every other id a dataset is known under (CKAN: the package UUID and any
-- earlier slug), so reports can roll counts up with
--   COALESCE(alias.dataset_id, daily.dataset_id).
-- Kept so that an alias is never itself a dataset id and always points at
-- a canonical id (never at another alias).
CREATE TABLE alias (
    alias      TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX alias_by_dataset ON alias (dataset_id);
