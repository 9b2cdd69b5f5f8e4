/* publishers.h - per-agency tables: `publishers` (usage and share of the
 * portal in a period) and `badges` (quality badges in the catalog). */
#ifndef ODSTAT_REPORT_PUBLISHERS_H
#define ODSTAT_REPORT_PUBLISHERS_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

struct table;
enum status publishers_fill(struct dbi *db, const struct report_options *opt, struct table **out);
enum status report_publishers(struct dbi *db, const struct report_options *opt, FILE *out);
enum status badges_fill(struct dbi *db, const struct report_options *opt, struct table **out);
enum status report_badges(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
