/* countries.c - per-country table, by downloads then country code. */
#include "countries.h"

#include <inttypes.h>
#include <string.h>

#include "civil.h"
#include "caption.h"
#include "db.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

static const struct table_column columns[] = {
    {"country", "country", false},
    {"views", "views", true},
    {"downloads", "downloads", true},
};

static const char query[] =
    "SELECT country, SUM(views) AS v, SUM(downloads) AS d FROM daily_country"
    " WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR dataset_id = ?3) AND" SITE_FILTER
    " AND (?4 IS NULL OR COALESCE((SELECT dataset_id FROM alias WHERE alias = daily_country.dataset_id),"
    " dataset_id) IN (SELECT id FROM dataset WHERE publisher = ?4))"
    " GROUP BY country HAVING SUM(views) > 0 OR SUM(downloads) > 0"
    " ORDER BY d DESC, country";

enum status countries_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    struct dbi_stmt *st = NULL;
    char from[11] = "0000-00-00", to[11] = "9999-99-99";
    static struct table_column cols[3];
    for (int i = 0; i < 3; i++)
        cols[i] = columns[i];
    cols[0].heading = lang_heading(opt->lang, "country");
    cols[1].heading = lang_heading(opt->lang, "views");
    cols[2].heading = lang_heading(opt->lang, "downloads");
    *out = table_new(cols, 3, NULL);
    enum status rc = *out ? db_prepare(db, &st, query) : ST_NOMEM;
    int r = DBI_DONE;

    if (rc == ST_OK && opt->ndatasets > 1) {
        errorf("countries takes one --dataset");
        rc = ST_USAGE;
    }
    if (rc == ST_OK) {
        if (opt->from != NO_DAY)
            civil_format(opt->from, from);
        if (opt->to != NO_DAY)
            civil_format(opt->to, to);
        dbi_bind_text(st, 1, from, -1);
        dbi_bind_text(st, 2, to, -1);
        if (opt->ndatasets == 1)
            dbi_bind_text(st, 3, opt->datasets[0], -1);
        if (opt->publisher)
            dbi_bind_text(st, 4, opt->publisher, -1);
        usage_bind_sites(st, opt);
    }
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        char views[24], downloads[24];
        snprintf(views, sizeof views, "%" PRId64, (int64_t)dbi_column_int64(st, 1));
        snprintf(downloads, sizeof downloads, "%" PRId64, (int64_t)dbi_column_int64(st, 2));
        const char *country = dbi_column_text(st, 0);
        if (opt->lang == LANG_ZH_TW && strcmp(country, "ZZ") == 0)
            country = "未知"; /* ISO's code for "unknown" */
        const char *cells[] = {country, views, downloads};
        rc = table_add_row(*out, cells);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read the country table: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    if (rc == ST_OK)
        rc = caption_apply(db, *out, opt, CAPTION_COUNTRIES);
    return rc;
}

enum status report_countries(struct dbi *db, const struct report_options *opt, FILE *out)
{
    return graph_report(db, opt, countries_fill, graph_countries, out);
}
