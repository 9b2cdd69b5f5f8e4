/* late_days.c - reads late_lines for a period and marks a report's
 * output with it. The table itself is rendered by table.c; this module
 * only adds the sentence (md, html) or the field (json) around it. */
#define _POSIX_C_SOURCE 200809L
#include "late_days.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "caption.h"
#include "civil.h"
#include "db.h"
#include "lang.h"
#include "msg.h"
#include "usage.h"
#include "table.h"

#define LIST_MAX 10 /* days named in the sentence; the rest are counted */

struct late_day {
    int64_t day, lines;
};

struct late_days {
    size_t n, cap;
    struct late_day *days;   /* in date order */
};

static enum status append(struct late_days *l, int64_t day, int64_t lines)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct late_day *grown = realloc(l->days, cap * sizeof *grown);
        if (!grown)
            return ST_NOMEM;
        l->days = grown;
        l->cap = cap;
    }
    l->days[l->n++] = (struct late_day){day, lines};
    return ST_OK;
}

static enum status read_days(struct dbi *db, const struct report_options *opt, int64_t from,
                             int64_t to, struct late_days *l)
{
    struct dbi_stmt *st = NULL;
    int step;
    enum status rc = db_prepare(db, &st, "SELECT day, SUM(lines) FROM late_lines"
                                         " WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER " GROUP BY day"
                                         " HAVING SUM(lines) > 0 ORDER BY day");
    if (rc != ST_OK)
        return rc;
    usage_bind_days_sites(st, opt, from, to);
    while (rc == ST_OK && (step = dbi_step(st)) == DBI_ROW) {
        int64_t day;
        if (civil_parse(dbi_column_text(st, 0), &day))
            rc = append(l, day, dbi_column_int64(st, 1));
    }
    if (rc == ST_OK && step != DBI_DONE) {
        errorf("cannot read the late lines: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

enum status late_days_load(struct dbi *db, const struct report_options *opt, int64_t from, int64_t to, struct late_days **out)
{
    struct late_days *l = calloc(1, sizeof *l);
    enum status rc = l ? ST_OK : ST_NOMEM;

    *out = NULL;
    if (rc == ST_OK)
        rc = read_days(db, opt, from, to, l);
    if (rc != ST_OK) {
        late_days_free(l);
        return rc;
    }
    *out = l;
    return ST_OK;
}

void late_days_free(struct late_days *late)
{
    if (!late)
        return;
    free(late->days);
    free(late);
}

size_t late_days_count(const struct late_days *late) { return late ? late->n : 0; }

/* "3 days hold late lines: 2024-03-02 (12 lines), ...; their numbers may
 * be slightly off." in the report's language and calendar. */
static void write_sentence(const struct late_days *l, const struct report_options *opt,
                           FILE *out)
{
    bool zh = opt->lang == LANG_ZH_TW;
    size_t shown = l->n > LIST_MAX ? LIST_MAX : l->n;
    if (zh)
        fprintf(out, "有 %zu 天含延遲抵達的紀錄：", l->n);
    else
        fprintf(out, "%zu %s late lines: ", l->n, l->n == 1 ? "day holds" : "days hold");
    for (size_t i = 0; i < shown; i++) {
        char day[16];
        lang_day(opt->calendar, l->days[i].day, day);
        if (zh)
            fprintf(out, "%s%s（%" PRId64 " 行）", i ? "、" : "", day, l->days[i].lines);
        else
            fprintf(out, "%s%s (%" PRId64 " line%s)", i ? ", " : "", day, l->days[i].lines,
                    l->days[i].lines == 1 ? "" : "s");
    }
    if (shown < l->n)
        fprintf(out, zh ? "，另有 %zu 天" : " and %zu more", l->n - shown);
    if (zh)
        fputs("；這些日子的數字可能略有誤差。", out);
    else
        fprintf(out, "; %s numbers may be slightly off.", l->n == 1 ? "its" : "their");
}

enum status late_days_mark(struct dbi *db, struct table *t, const struct report_options *opt)
{
    struct late_days *late = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *mem;
    enum status rc = late_days_load(db, opt, opt->from, opt->to, &late);
    if (rc == ST_OK && late_days_count(late) > 0) {
        if ((mem = open_memstream(&text, &len)) == NULL) {
            rc = ST_NOMEM;
        } else {
            write_sentence(late, opt, mem);
            fclose(mem);
            rc = caption_add_note(t, opt, text);
        }
    }
    free(text);
    late_days_free(late);
    return rc;
}
