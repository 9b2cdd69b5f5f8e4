/* ingests.c - the ingest table as a report, newest read first. */
#include "ingests.h"

#include <inttypes.h>
#include <time.h>

#include "civil.h"
#include "caption.h"
#include "db.h"
#include "late_days.h"
#include "graphs.h"
#include "msg.h"
#include "table.h"

static const struct table_column columns[] = {
    {"path", "path", false},
    {"identity", "identity", false},
    {"bytes", "bytes", true},
    {"lines", "lines", true},
    {"rejected", "rejected", true},
    {"first_line", "first_line_utc", false},
    {"last_line", "last_line_utc", false},
    {"first_read", "first_read_utc", false},
    {"last_read", "last_read_utc", false},
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

/* The same columns with zh-TW headings; the keys (JSON) stay. */
static const struct table_column columns_zh[NCOLS] = {
    {"path", "檔案路徑", false},
    {"identity", "內容識別碼", false},
    {"bytes", "位元組數", true},
    {"lines", "行數", true},
    {"rejected", "無法解析的行數", true},
    {"first_line", "首行時間 (UTC)", false},
    {"last_line", "末行時間 (UTC)", false},
    {"first_read", "首次讀取時間 (UTC)", false},
    {"last_read", "最近讀取時間 (UTC)", false},
};

/* "YYYY-MM-DDTHH:MM:SSZ" for column COL of ST, or "" when NULL. */
static void utc_text(struct dbi_stmt *st, int col, char out[32])
{
    out[0] = '\0';
    if (dbi_column_is_null(st, col))
        return;
    int64_t t = dbi_column_int64(st, col);
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t sec = t - day * 86400;
    char date[11];
    civil_format(day, date);
    snprintf(out, 32, "%sT%02d:%02d:%02dZ", date, (int)(sec / 3600), (int)(sec / 60 % 60),
             (int)(sec % 60));
}

enum status report_ingests(struct dbi *db, const struct report_options *opt, FILE *out)
{
    struct dbi_stmt *st = NULL;
    struct table *t = table_new(opt->lang == LANG_ZH_TW ? columns_zh : columns, NCOLS, NULL);
    enum status rc = t ? db_prepare(db, &st,
                                    "SELECT path, prefix_hash, \"offset\", lines, rejected, first_ts,"
                                    " last_ts, first_at, last_at FROM ingest"
                                    " ORDER BY last_at DESC, id DESC")
                       : ST_NOMEM;
    int r;
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW) {
        char id[20], bytes[24], lines[24], rejected[24], t1[32], t2[32], t3[32], t4[32];
        snprintf(id, sizeof id, "%016" PRIx64, (uint64_t)dbi_column_int64(st, 1));
        snprintf(bytes, sizeof bytes, "%" PRId64, (int64_t)dbi_column_int64(st, 2));
        snprintf(lines, sizeof lines, "%" PRId64, (int64_t)dbi_column_int64(st, 3));
        snprintf(rejected, sizeof rejected, "%" PRId64, (int64_t)dbi_column_int64(st, 4));
        utc_text(st, 5, t1);
        utc_text(st, 6, t2);
        utc_text(st, 7, t3);
        utc_text(st, 8, t4);
        const char *cells[NCOLS] = {dbi_column_text(st, 0), id, bytes, lines,
                                    rejected, t1, t2, t3, t4};
        rc = table_add_row(t, cells);
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read the ingest table: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    st = NULL;
    if (rc == ST_OK)
        rc = caption_apply(db, t, opt, CAPTION_INGESTS);
    if (rc == ST_OK)
        rc = late_days_mark(db, t, opt);
    if (rc == ST_OK)
        rc = graph_write(t, opt, NULL, out);
    table_free(t);
    return rc;
}
