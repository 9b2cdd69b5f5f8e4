/* countries.h - `odstat-report countries`: human views and downloads per
 * country for a period (SPEC §5), for the portal or one dataset. */
#ifndef ODSTAT_REPORT_COUNTRIES_H
#define ODSTAT_REPORT_COUNTRIES_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

struct table;
enum status countries_fill(struct dbi *db, const struct report_options *opt, struct table **out);
enum status report_countries(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
