/* counts.h - importing count snapshots (odstat-collect --counts FILE).
 *
 * A snapshot is, per dataset, the cumulative human views and/or downloads
 * up to and including a date, from another source (SPEC §6.1): a plain
 * CSV, data.gov.tw's front-API list JSON, data.gov.tw's statistics export
 * (joined to the catalog by agency and name) or CKAN JSON with
 * tracking_summary. Rows go to the snapshot table; counts from logs are
 * never touched. File layouts: docs/snapshots.md.
 */
#ifndef ODSTAT_COUNTS_H
#define ODSTAT_COUNTS_H

#include "dbi.h"
#include <stdint.h>

#include "status.h"

enum counts_metric { COUNTS_BOTH, COUNTS_VIEWS, COUNTS_DOWNLOADS };

struct counts_options {
    const char *as_of;          /* --as-of YYYY-MM-DD, or NULL */
    enum counts_metric metric;  /* --metric: one metric only */
};

struct counts_stats {
    const char *source;         /* csv, datagovtw-api, datagovtw-stats, ckan */
    uint64_t datasets;          /* records stored */
    uint64_t values;            /* (dataset, metric) values stored */
    uint64_t changed;           /* of those, new or different from the stored one */
    uint64_t unmatched;         /* statistics rows not (or not once) in the catalog */
    uint64_t rejected;          /* records that could not be read */
};

/* Imports PATH into DB (not inside a transaction) in one transaction. The
 * source is recognised from the content. A snapshot of the same dataset,
 * metric and date replaces the stored one, so importing a file again
 * changes nothing.
 *
 * Returns ST_OK (also when statistics rows were skipped because the
 * catalog lacks their agency and name, with a warning); ST_INPUT when some
 * records could not be read (warned; the rest is committed); ST_USAGE
 * when PATH cannot be read, is not a snapshot of a known kind, or needs
 * --as-of and has none (nothing written); ST_DB or ST_NOMEM (rolled
 * back). *STATS is filled on ST_OK and ST_INPUT. */
enum status counts_import(struct dbi *db, const char *path, const struct counts_options *opt,
                          struct counts_stats *stats);

#endif
