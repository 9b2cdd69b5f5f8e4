-- odstat schema: resource URLs from the catalog (SPEC §1.4b) and count
-- snapshots (SPEC §6).

-- Every resource URL a catalog import listed for a dataset. The collector
-- loads this table once per run into an exact-match lookup: a log line of
-- the file host whose path and query fit a row is a download of its
-- dataset. A later import of the same dataset replaces its rows.
CREATE TABLE resource_url (
    dataset_id  TEXT    NOT NULL,  -- canonical id (as in dataset.id)
    position    INTEGER NOT NULL,  -- 1-based place in the dataset's list
    resource_id TEXT    NOT NULL,  -- data.gov.tw: the position; CKAN: the resource id
    url         TEXT    NOT NULL,  -- as written in the catalog
    host        TEXT    NOT NULL,  -- lower-case, no port or user; '' when the URL has none
    path        TEXT    NOT NULL,  -- percent-decoded, '/' collapsed, no trailing '/'
    query       TEXT    NOT NULL,  -- the raw query string ('' when none)
    PRIMARY KEY (dataset_id, position)
) WITHOUT ROWID;
CREATE INDEX resource_url_by_url ON resource_url (path, query, host);

-- Cumulative human views or downloads of a dataset up to and including
-- as_of, from another source (odstat-collect --counts). A snapshot of the
-- same dataset, metric and date replaces the earlier one, so importing the
-- same file again changes nothing.
CREATE TABLE snapshot (
    dataset_id TEXT    NOT NULL,   -- canonical id when the catalog knew the alias
    metric     TEXT    NOT NULL CHECK (metric IN ('views', 'downloads')),
    as_of      TEXT    NOT NULL,   -- YYYY-MM-DD
    value      INTEGER NOT NULL CHECK (value >= 0),
    source     TEXT    NOT NULL,   -- csv, datagovtw-api, datagovtw-stats, ckan
    PRIMARY KEY (dataset_id, metric, as_of)
) WITHOUT ROWID;
CREATE INDEX snapshot_by_date ON snapshot (as_of);
