/* daily.c - the daily CSV, exactly as SPEC §5 fixes it. Dataset ids can only
 * hold [A-Za-z0-9._~-] (SPEC §1.4), so no cell needs quoting. */
#include "daily.h"

#include <inttypes.h>

#include "civil.h"
#include "db.h"
#include "msg.h"

static const char header[] =
    "date,dataset_id,views,downloads,unique_views,unique_downloads,unique_sessions,"
    "machine_views,machine_downloads,robot_views,robot_downloads\n";

static const char query[] =
    "SELECT day, dataset_id, views, downloads, unique_views, unique_downloads,"
    " unique_sessions, machine_views, machine_downloads, robot_views, robot_downloads"
    " FROM daily WHERE day BETWEEN ?1 AND ?2"
    " AND (views OR downloads OR unique_views OR unique_downloads OR unique_sessions"
    " OR machine_views OR machine_downloads OR robot_views OR robot_downloads)"
    " ORDER BY day, dataset_id";

enum status report_daily(sqlite3 *db, const struct report_options *opt, FILE *out)
{
    sqlite3_stmt *st = NULL;
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
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    if (opt->bom) /* for Excel; the columns stay those of the SPEC */
        fputs("\xEF\xBB\xBF", out);
    fputs(header, out);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        fprintf(out, "%s,%s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
        for (int i = 2; i < 11; i++)
            fprintf(out, ",%" PRId64, (int64_t)sqlite3_column_int64(st, i));
        fputc('\n', out);
    }
    if (r != SQLITE_DONE) {
        errorf("cannot read the daily table: %s", sqlite3_errmsg(db));
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
}
