/* usage.h - the counts of a period per dataset, as one SQL subquery.
 *
 * Whole months come from the monthly rollup and only the days at the ends
 * of the period from daily, so a report over years stays fast. Counts
 * under an alias (a CKAN UUID) roll up to the canonical id (the slug).
 */
#ifndef ODSTAT_USAGE_H
#define ODSTAT_USAGE_H

#include "dbi.h"
#include <stdint.h>

#include "options.h"

/* The sites a report covers (SPEC §7), as a condition on a table with a
 * site column: ?20 NULL means every site, else the sites ?21..?28 (bound
 * by usage_bind_sites; the sums over them are the report's numbers). */
#define SITE_FILTER " (?20 IS NULL OR site IN (?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28))"

/* A subquery with columns id, views, downloads, unique_views,
 * unique_downloads, unique_sessions, machine_views, machine_downloads,
 * robot_views, robot_downloads; its parameters ?1..?6 are bound by
 * usage_bind. Use it as "... FROM (" USAGE_SQL ") AS u ...". */
#define USAGE_SQL                                                                        \
    "SELECT COALESCE(a.dataset_id, s.id) AS id, SUM(v) AS views, SUM(d) AS downloads,"  \
    " SUM(uv) AS unique_views, SUM(ud) AS unique_downloads, SUM(us) AS unique_sessions," \
    " SUM(mv) AS machine_views, SUM(md) AS machine_downloads, SUM(rv) AS robot_views,"   \
    " SUM(rd) AS robot_downloads FROM ("                                                 \
    USAGE_SPAN("monthly", "month", "?1", "?2") " UNION ALL "                             \
    USAGE_SPAN("daily", "day", "?3", "?4") " UNION ALL "                                 \
    USAGE_SPAN("daily", "day", "?5", "?6")                                               \
    ") AS s LEFT JOIN alias AS a ON a.alias = s.id GROUP BY 1"

#define USAGE_SPAN(table, key, lo, hi)                                                   \
    "SELECT dataset_id AS id, views AS v, downloads AS d, unique_views AS uv,"           \
    " unique_downloads AS ud, unique_sessions AS us, machine_views AS mv,"               \
    " machine_downloads AS md, robot_views AS rv, robot_downloads AS rd FROM " table     \
    " WHERE " key " BETWEEN " lo " AND " hi " AND" SITE_FILTER

/* Binds ?20..?28 of a statement using SITE_FILTER (or USAGE_SQL) to the
 * --site options of OPT. */
void usage_bind_sites(struct dbi_stmt *st, const struct report_options *opt);

/* Binds ?1 and ?2 to the days FROM..TO as text (an open end, NO_DAY, is
 * the earliest or latest day) and ?20..?28 to OPT's sites: for a
 * statement with "day BETWEEN ?1 AND ?2 AND" SITE_FILTER. */
void usage_bind_days_sites(struct dbi_stmt *st, const struct report_options *opt, int64_t from,
                           int64_t to);

/* Binds ?1..?6 of a statement using USAGE_SQL for days FROM..TO
 * (inclusive; INT64_MIN for an open end). */
void usage_bind(struct dbi_stmt *st, int64_t from, int64_t to);

/* Like usage_bind, but everything from daily (for day and week series,
 * where a month is too coarse). */
void usage_bind_days(struct dbi_stmt *st, int64_t from, int64_t to);

#endif
