/* removed.c - per-rule robot events and machine events of a period, from
 * the monthly rollup for whole months and daily for the edge days (the
 * split of usage.c). */
#include "removed.h"

#include <stddef.h>

#include "db.h"
#include "msg.h"
#include "usage.h"

static const char *const keys[REMOVED_COUNT] = {
    "removed_ua_lists", "removed_robots_txt", "removed_rate", "removed_networks",
    "machine_events",
};

#define REMOVED_SPAN(table, key, lo, hi)                                                  \
    "SELECT robot_ua AS a, robot_robotstxt AS b, robot_rate AS c, robot_network AS d,"   \
    " machine_views + machine_downloads AS e FROM " table " WHERE " key " BETWEEN " lo   \
    " AND " hi " AND" SITE_FILTER

static const char totals_sql[] =
    "SELECT COALESCE(SUM(a), 0), COALESCE(SUM(b), 0), COALESCE(SUM(c), 0),"
    " COALESCE(SUM(d), 0), COALESCE(SUM(e), 0) FROM ("
    REMOVED_SPAN("monthly", "month", "?1", "?2") " UNION ALL "
    REMOVED_SPAN("daily", "day", "?3", "?4") " UNION ALL "
    REMOVED_SPAN("daily", "day", "?5", "?6") ") AS r";

const char *removed_key(enum removed_rule rule) { return keys[rule]; }

enum status removed_totals(struct dbi *db, const struct report_options *opt, int64_t from, int64_t to, double out[REMOVED_COUNT])
{
    struct dbi_stmt *st = NULL;
    enum status rc = ST_OK;

    for (int i = 0; i < REMOVED_COUNT; i++)
        out[i] = 0;
    rc = db_prepare(db, &st, totals_sql);
    if (rc != ST_OK)
        return rc;
    usage_bind(st, from, to);
    usage_bind_sites(st, opt);
    if (dbi_step(st) == DBI_ROW)
        for (int i = 0; i < REMOVED_COUNT; i++)
            out[i] = dbi_column_double(st, i);
    else {
        errorf("cannot read the robot counts: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}
