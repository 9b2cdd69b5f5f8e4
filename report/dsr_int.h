/* dsr_int.h - private to the counter report (dsr*.c); not an API.
 *
 * dsr.c checks the options and writes the header, the exceptions and the
 * gzip wrapping; dsr_datasets.c writes report-datasets from the counts.
 */
#ifndef ODSTAT_REPORT_DSR_INT_H
#define ODSTAT_REPORT_DSR_INT_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

#define DSR_MAX_DATASETS 64   /* --dataset filters, as in report_options */

/* The --dataset filters resolved to canonical ids (an alias such as a
 * CKAN UUID names its dataset); n == 0 means every dataset. */
struct dsr_filter {
    char *ids[DSR_MAX_DATASETS];
    int n;
};

/* Fills *F from OPT->datasets; the caller releases it with
 * dsr_filter_release, also after a failure. */
enum status dsr_filter_init(struct dbi *db, const struct report_options *opt, struct dsr_filter *f);
void dsr_filter_release(struct dsr_filter *f);

/* Writes the "report-datasets" array (without its key) to J: one entry per
 * dataset with usage in OPT's period (whole months, checked by the
 * caller), one performance entry per month with usage. */
enum status dsr_write_datasets(struct dbi *db, const struct report_options *opt,
                               const struct dsr_filter *f, FILE *j);

#endif
