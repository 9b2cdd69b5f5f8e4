/* snapshots.c - what --counts imported: per source and date, how many
 * datasets and the sums of their views and downloads. */
#include "snapshots.h"

#include <inttypes.h>

#include "civil.h"
#include "db.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "table.h"

static const char snapshots_sql[] =
    "SELECT source, as_of, COUNT(DISTINCT dataset_id),"
    " SUM(CASE metric WHEN 'views' THEN value END),"
    " SUM(CASE metric WHEN 'downloads' THEN value END)"
    " FROM snapshot WHERE as_of BETWEEN ?1 AND ?2 GROUP BY 1, 2 ORDER BY 2, 1";

static void number_or_empty(struct dbi_stmt *st, int col, char out[24])
{
    out[0] = '\0';
    if (!dbi_column_is_null(st, col))
        snprintf(out, 24, "%" PRId64, (int64_t)dbi_column_int64(st, col));
}

enum status report_snapshots(struct dbi *db, const struct report_options *opt, FILE *out)
{
    static const char *const keys[5] = {"source", "as_of", "datasets", "views", "downloads"};
    struct table_column cols[5];
    struct dbi_stmt *st = NULL;
    char lo[11] = "0000-00-00", hi[11] = "9999-99-99";
    int r = DBI_DONE;

    for (int i = 0; i < 5; i++)
        cols[i] = (struct table_column){keys[i], lang_heading(opt->lang, keys[i]), i > 1};
    struct table *t = table_new(cols, 5, NULL);
    enum status rc = t ? db_prepare(db, &st, snapshots_sql) : ST_NOMEM;
    if (opt->from != NO_DAY)
        civil_format(opt->from, lo);
    if (opt->to != NO_DAY)
        civil_format(opt->to, hi);
    if (rc == ST_OK) {
        dbi_bind_text(st, 1, lo, -1);
        dbi_bind_text(st, 2, hi, -1);
    }
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        char date[16], n[24], v[24], d[24];
        lang_date(opt->calendar, dbi_column_text(st, 1), date);
        snprintf(n, sizeof n, "%" PRId64, (int64_t)dbi_column_int64(st, 2));
        number_or_empty(st, 3, v);
        number_or_empty(st, 4, d);
        const char *cells[5] = {dbi_column_text(st, 0), date, n, v, d};
        rc = table_add_row(t, cells);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read snapshots: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    if (rc == ST_OK)
        rc = graph_write(t, opt, NULL, out);
    table_free(t);
    return rc;
}
