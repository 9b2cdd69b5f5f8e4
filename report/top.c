/* top.c - ranking by downloads or views; ties share a rank. */
#include "top.h"

#include <inttypes.h>
#include <stdlib.h>

#include "caption.h"
#include "cumulative.h"
#include "db.h"
#include "graphs.h"
#include "lang.h"
#include "msg.h"
#include "table.h"
#include "usage.h"

enum { C_RANK, C_ID, C_LISTED, C_FREQ, C_UPDATED, C_NAME, C_VIEWS, C_DOWNLOADS, C_NOTE, NCOLS };

/* Columns 0-6 as the table shows them, 7 and 8 the snapshot dates. */
#define TOP_SQL(source, as_of, order)                                                    \
    "SELECT u.id, ds.listed, ds.update_frequency, ds.data_updated, ds.name, u.views,"    \
    " u.downloads, " as_of " FROM (" source ") AS u LEFT JOIN dataset AS ds"             \
    " ON ds.id = u.id WHERE (u.views > 0 OR u.downloads > 0)"                            \
    " AND (?7 IS NULL OR ds.publisher = ?7) ORDER BY " order ", u.id"
static const char *const queries[2][2] = {
    {TOP_SQL(USAGE_SQL, "NULL, NULL", "u.downloads DESC"),
     TOP_SQL(USAGE_SQL, "NULL, NULL", "u.views DESC")},
    {TOP_SQL(CUMULATIVE_SQL, "u.views_as_of, u.downloads_as_of", "u.downloads DESC"),
     TOP_SQL(CUMULATIVE_SQL, "u.views_as_of, u.downloads_as_of", "u.views DESC")},
};

/* Column keys: the SPEC's CSV header in English, the meeting table's
 * headings in zh-TW. */
static void make_columns(const struct report_options *opt, struct table_column cols[NCOLS])
{
    static const char *const keys[NCOLS] = {"rank", "dataset_id", "listed", "update_frequency",
                                            "data_updated", "name", "views", "downloads",
                                            "snapshot"};
    for (int i = 0; i < NCOLS; i++) {
        cols[i].key = keys[i];
        cols[i].heading = lang_heading(opt->lang, keys[i]);
        cols[i].numeric = i == C_RANK || i == C_VIEWS || i == C_DOWNLOADS;
        cols[i].date = i == C_LISTED || i == C_UPDATED;
    }
    cols[C_NOTE].machine_only = cols[C_NOTE].trusted = true;
    cols[C_RANK].heading = lang_heading(opt->lang, opt->by_views ? "view_rank" : "download_rank");
    if (opt->lang == LANG_EN)
        cols[C_RANK].heading = "rank";
    if (opt->cumulative) {
        cols[C_VIEWS].heading = lang_heading(opt->lang, opt->lang == LANG_EN ? "views"
                                                                              : "cumulative_views");
        cols[C_DOWNLOADS].heading = lang_heading(
            opt->lang, opt->lang == LANG_EN ? "downloads" : "cumulative_downloads");
    }
}

static const char *text_or_empty(struct dbi_stmt *st, int col)
{
    const char *t = dbi_column_text(st, col);
    return t ? t : "";
}

static enum status add_rank_row(struct table *t, const struct report_options *opt,
                                struct dbi_stmt *st, int64_t rank)
{
    char r[24], views[24], downloads[24], listed[16], updated[16], note[96];
    snprintf(r, sizeof r, "%" PRId64, rank);
    snprintf(views, sizeof views, "%" PRId64, (int64_t)dbi_column_int64(st, 5));
    snprintf(downloads, sizeof downloads, "%" PRId64, (int64_t)dbi_column_int64(st, 6));
    lang_date(opt->calendar, dbi_column_text(st, 1), listed);
    lang_date(opt->calendar, dbi_column_text(st, 3), updated);
    cumulative_note(opt, dbi_column_text(st, 7), NULL,
                    dbi_column_text(st, 8), NULL, note, sizeof note);
    const char *cells[NCOLS] = {r, text_or_empty(st, 0), listed, text_or_empty(st, 2),
                                updated, text_or_empty(st, 4), views, downloads, note};
    return table_add_row(t, cells);
}

enum status top_fill(struct dbi *db, const struct report_options *opt, struct table **out)
{
    static struct table_column cols[NCOLS]; /* per process: one language at a time */
    struct dbi_stmt *st = NULL;
    int64_t position = 0, rank = 0, last = -1;
    int64_t from = opt->cumulative ? NO_DAY : opt->from;
    int r = DBI_DONE;
    bool snapshots = false;
    enum status rc = cumulative_fill(db, opt, from, opt->to, &snapshots);

    make_columns(opt, cols);
    /* the note column only where it cannot upset the SPEC's csv header */
    *out = rc == ST_OK ? table_new(cols, snapshots && opt->cumulative ? NCOLS : C_NOTE, NULL)
                       : NULL;
    if (!*out)
        return rc == ST_OK ? ST_NOMEM : rc;
    rc = db_prepare(db, &st, queries[snapshots][opt->by_views]);
    if (rc == ST_OK) {
        usage_bind(st, from, opt->to);
        usage_bind_sites(st, opt);
        if (opt->publisher)
            dbi_bind_text(st, 7, opt->publisher, -1);
    }
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        int64_t metric = dbi_column_int64(st, opt->by_views ? 5 : 6);
        position++;
        if (metric != last) /* ties share the rank of the first of them */
            rank = position;
        last = metric;
        if (rank > opt->top_n)
            break;
        rc = add_rank_row(*out, opt, st, rank);
    }
    if (rc == ST_OK && r != DBI_ROW && r != DBI_DONE) {
        errorf("cannot rank datasets: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    if (rc == ST_OK) /* what is counted first, then what rests on snapshots */
        rc = caption_apply(db, *out, opt, CAPTION_TOP);
    if (rc == ST_OK && snapshots && opt->cumulative)
        rc = cumulative_footnote(*out, C_ID, C_NOTE, opt);
    if (rc != ST_OK) {
        table_free(*out);
        *out = NULL;
    }
    return rc;
}

enum status report_top(struct dbi *db, const struct report_options *opt, FILE *out)
{
    return graph_report(db, opt, top_fill, graph_top, out);
}
