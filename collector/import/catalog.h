/* catalog.h - importing dataset metadata (odstat-collect --catalog FILE).
 *
 * Reads a data.gov.tw catalog export (CSV), a CKAN package_search or
 * package_show response (JSON) or a plain CSV with a documented header
 * (docs/catalog.md) and upserts the datasets and their aliases into the
 * dataset and alias tables. Touches no counts and never stores a contact
 * person's name or phone.
 */
#ifndef ODSTAT_CATALOG_H
#define ODSTAT_CATALOG_H

#include "dbi.h"
#include <stdint.h>

#include "status.h"

enum catalog_kind {
    CATALOG_AUTO,        /* detect from the content */
    CATALOG_DATAGOVTW,   /* data.gov.tw export: CSV whose header starts 資料集識別碼 */
    CATALOG_CKAN,        /* CKAN API response: JSON */
    CATALOG_CSV,         /* plain CSV: dataset_id,name,publisher,... */
};

struct catalog_stats {
    uint64_t datasets;   /* records accepted (inserted + updated + unchanged) */
    uint64_t inserted;   /* datasets new to the database */
    uint64_t updated;    /* datasets already there whose stored metadata changed */
    uint64_t aliases;    /* alias rows written */
    uint64_t urls;       /* resource URL rows written */
    uint64_t shared_urls;/* URLs also listed under another dataset (warned) */
    uint64_t rejected;   /* records skipped (message printed for the first few) */
};

/* Imports PATH into DB, which must not be inside a transaction. The kind
 * is detected from the content: '{' first (after an optional UTF-8 BOM and
 * blanks) is CKAN JSON; a CSV whose first header field is 資料集識別碼 is
 * data.gov.tw's export; anything else is the plain CSV.
 *
 * Everything is written in one transaction. Datasets are inserted or
 * updated; datasets absent from the file are kept. A record that cannot be
 * stored (empty or malformed id, invalid UTF-8, wrong number of fields) is
 * skipped with a warning naming PATH and its line or package number.
 *
 * Returns ST_OK; ST_INPUT when some records were skipped (the rest is
 * committed); ST_USAGE when PATH cannot be read or is not a catalog of a
 * known kind (message naming PATH and the line or record; nothing
 * written); ST_DB or ST_NOMEM (rolled back). *STATS is filled on ST_OK and
 * ST_INPUT and zeroed otherwise. */
enum status catalog_import(struct dbi *db, const char *path, struct catalog_stats *stats);

/* Like catalog_import, but reads PATH as KIND (CATALOG_AUTO detects). */
enum status catalog_import_as(struct dbi *db, const char *path, enum catalog_kind kind,
                              struct catalog_stats *stats);

#endif
