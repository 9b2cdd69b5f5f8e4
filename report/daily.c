/* daily.c - the daily CSV, exactly as SPEC §5 fixes it. Dataset ids can only
 * hold [A-Za-z0-9._~-] (SPEC §1.4), so no cell needs quoting. */
#include "daily.h"

#include <inttypes.h>

#include "civil.h"
#include "db.h"
#include "msg.h"
#include "usage.h"

static const char header[] =
    "date,dataset_id,views,downloads,unique_views,unique_downloads,unique_sessions,"
    "machine_views,machine_downloads,robot_views,robot_downloads\n";

/* Summed over the sites asked for (SPEC §7): one row per day and dataset. */
static const char query[] =
    "SELECT day, dataset_id, SUM(views), SUM(downloads), SUM(unique_views),"
    " SUM(unique_downloads), SUM(unique_sessions), SUM(machine_views),"
    " SUM(machine_downloads), SUM(robot_views), SUM(robot_downloads)"
    " FROM daily WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER
    " GROUP BY day, dataset_id"
    " HAVING SUM(views) <> 0 OR SUM(downloads) <> 0 OR SUM(unique_views) <> 0"
    " OR SUM(unique_downloads) <> 0 OR SUM(unique_sessions) <> 0 OR SUM(machine_views) <> 0"
    " OR SUM(machine_downloads) <> 0 OR SUM(robot_views) <> 0 OR SUM(robot_downloads) <> 0"
    " ORDER BY day, dataset_id";

enum status report_daily(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct dbi_stmt *st = NULL;
    char from[11] = "0000-00-00", to[11] = "9999-99-99";
    int r;
    enum status rc;

    if (opt->format[0] && !(opt->format[0] == 'c' && opt->format[1] == 's' &&
                            opt->format[2] == 'v' && opt->format[3] == '\0')) {
        errorf("daily writes csv only, not '%s'", opt->format);
        return ST_USAGE;
    }
    if (opt->from != NO_DAY)
        civil_format(opt->from, from);
    if (opt->to != NO_DAY)
        civil_format(opt->to, to);
    rc = db_prepare(db, &st, query);
    if (rc != ST_OK)
        return rc;
    dbi_bind_text(st, 1, from, -1);
    dbi_bind_text(st, 2, to, -1);
    usage_bind_sites(st, opt);
    if (opt->bom) /* for Excel; the columns stay those of the SPEC */
        fputs("\xEF\xBB\xBF", out);
    fputs(header, out);
    while ((r = dbi_step(st)) == DBI_ROW) {
        fprintf(out, "%s,%s", dbi_column_text(st, 0), dbi_column_text(st, 1));
        for (int i = 2; i < 11; i++)
            fprintf(out, ",%" PRId64, (int64_t)dbi_column_int64(st, i));
        fputc('\n', out);
    }
    if (r != DBI_DONE) {
        errorf("cannot read the daily table: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}
