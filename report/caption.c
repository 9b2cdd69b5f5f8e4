/* caption.c - titles, period lines and notes in the meeting tables' words. */
#include "caption.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "db.h"
#include "lang.h"
#include "msg.h"
#include "usage.h"
#include "table.h"

#define pick(opt, en, zh) ((opt)->lang == LANG_ZH_TW ? (zh) : (en))

enum status caption_coverage(struct dbi *db, const struct report_options *opt, int64_t from, int64_t to, struct coverage *out)
{
    struct dbi_stmt *st = NULL;
    /* two subqueries: each is one step along the (day, ...) key, where
     * MIN and MAX in one SELECT read every row of the period */
    enum status rc = db_prepare(db, &st,
        "SELECT (SELECT MIN(day) FROM daily WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER "),"
        " (SELECT MAX(day) FROM daily WHERE day BETWEEN ?1 AND ?2 AND" SITE_FILTER ")");
    out->first = out->last = NO_DAY;
    if (rc != ST_OK)
        return rc;
    usage_bind_days_sites(st, opt, from, to);
    bool row = false;
    rc = db_step(st, &row, "the days with data");
    if (row && !dbi_column_is_null(st, 0)) {
        civil_parse(dbi_column_text(st, 0), &out->first);
        civil_parse(dbi_column_text(st, 1), &out->last);
    }
    dbi_finalize(st);
    return rc;
}

void caption_date(const struct report_options *opt, int64_t day, char *out, size_t size)
{
    int y, m, d;
    char iso[16];
    if (opt->lang == LANG_EN) {
        lang_day(opt->calendar, day, iso);
        snprintf(out, size, "%s", iso);
        return;
    }
    civil_from_days(day, &y, &m, &d);
    if (opt->calendar == CAL_ROC && y > 1911)
        y -= 1911;
    snprintf(out, size, "%d年%02d月%02d日", y, m, d);
}

/* "A至B" / "A to B"; either end may be open. */
static void span_text(const struct report_options *opt, int64_t from, int64_t to, char *out,
                      size_t size)
{
    char a[32], b[32];
    if (from != NO_DAY)
        caption_date(opt, from, a, sizeof a);
    if (to != NO_DAY)
        caption_date(opt, to, b, sizeof b);
    if (from != NO_DAY && from == to)
        snprintf(out, size, "%s", a);
    else if (from != NO_DAY && to != NO_DAY)
        snprintf(out, size, pick(opt, "%s to %s", "%s至%s"), a, b);
    else if (to != NO_DAY)
        snprintf(out, size, pick(opt, "up to %s", "至%s"), b);
    else if (from != NO_DAY)
        snprintf(out, size, pick(opt, "from %s", "自%s起"), a);
    else
        out[0] = '\0';
}

/* The generated title of KIND. */
static void make_title(const struct report_options *opt, enum caption_kind kind, char *out,
                       size_t size)
{
    const char *pub = opt->publisher ? opt->publisher : "";
    bool cum = opt->cumulative, zh = opt->lang == LANG_ZH_TW;
    switch (kind) {
    case CAPTION_TOP:
        if (zh)
            snprintf(out, size, "%s開放資料集%s%s次數前 %d 名", pub, cum ? "累計" : "",
                     opt->by_views ? "瀏覽" : "下載", opt->top_n);
        else
            snprintf(out, size, "Top %d datasets by %s%s%s%s", opt->top_n,
                     cum ? "cumulative " : "", opt->by_views ? "views" : "downloads",
                     pub[0] ? ", " : "", pub);
        return;
    case CAPTION_SUMMARY:
        if (zh)
            snprintf(out, size, "%s開放資料集使用概況", pub);
        else
            snprintf(out, size, "Dataset usage summary%s%s", pub[0] ? ", " : "", pub);
        return;
    case CAPTION_PUBLISHERS:
        snprintf(out, size, "%s", pick(opt, "Views and downloads by agency",
                                       "各機關開放資料集瀏覽及下載次數"));
        return;
    case CAPTION_BADGES:
        snprintf(out, size, "%s", pick(opt, "Datasets by quality badge and agency",
                                       "各單位開放資料集品質標章統計"));
        return;
    case CAPTION_COUNTRIES:
        snprintf(out, size, "%s", pick(opt, "Views and downloads by country",
                                       "各國家或地區瀏覽及下載次數"));
        return;
    case CAPTION_TREND: {
        const char *metric = opt->by_views ? pick(opt, "views", "瀏覽") : pick(opt, "downloads", "下載");
        if (opt->trend_top > 0 && zh)
            snprintf(out, size, "%s%s次數前 %d 名資料集之趨勢", pub, metric, opt->trend_top);
        else if (opt->trend_top > 0)
            snprintf(out, size, "The top %d datasets by %s over time%s%s", opt->trend_top, metric,
                     pub[0] ? ", " : "", pub);
        else if (opt->ndatasets > 0)
            snprintf(out, size, zh ? "資料集%s次數趨勢" : "Dataset %s over time", metric);
        else if (zh)
            snprintf(out, size, "%s開放資料集瀏覽及下載次數趨勢", pub);
        else
            snprintf(out, size, "Views and downloads over time%s%s", pub[0] ? ", " : "", pub);
        return;
    }
    case CAPTION_INGESTS:
        snprintf(out, size, "%s", pick(opt, "Files read by odstat-collect", "已讀取的紀錄檔"));
        return;
    }
}

/* The day a cumulative or badge table is "up to": the period's end, else
 * the last day with data. */
static int64_t end_day(const struct report_options *opt, const struct coverage *cov)
{
    return opt->to != NO_DAY ? opt->to : cov->last;
}

static enum status badge_lines(struct table *t, const struct report_options *opt)
{
    char when[64], line[160];
    int64_t day = opt->as_of != NO_DAY ? opt->as_of : opt->to;
    enum status rc = ST_OK;
    if (day != NO_DAY) {
        caption_date(opt, day, when, sizeof when);
        snprintf(line, sizeof line, pick(opt, "Catalog as of %s", "截至%s"), when);
        rc = table_set_period(t, line);
    } else
        rc = table_set_period(t, pick(opt, "Catalog as last imported", "依最近匯入之資料集目錄"));
    return rc;
}

/* The period line: "自上架時間至113年04月02日" when cumulative, else the
 * period (or, for all data, the days that hold it). */
static void period_line(const struct report_options *opt, const struct coverage *cov,
                        char *out, size_t size)
{
    char when[64];
    out[0] = '\0';
    if (opt->cumulative && end_day(opt, cov) != NO_DAY) {
        caption_date(opt, end_day(opt, cov), when, sizeof when);
        snprintf(out, size, pick(opt, "Since listing, up to %s", "自上架時間至%s"), when);
    } else if (opt->from == NO_DAY && opt->to == NO_DAY)
        span_text(opt, cov->first, cov->last, out, size);
    else
        span_text(opt, opt->from, opt->to, out, size);
}

/* The first note: the cumulative span, what is counted, the days with data. */
static void usage_note(const struct report_options *opt, const struct coverage *cov,
                       char *out, size_t size)
{
    char span[128], first[32], head[160] = "";
    if (opt->cumulative && end_day(opt, cov) != NO_DAY) {
        char when[64];
        caption_date(opt, end_day(opt, cov), when, sizeof when);
        snprintf(head, sizeof head, pick(opt, "Since listing, up to %s. ", "自上架時間至%s。"), when);
    }
    if (cov->first == NO_DAY) {
        snprintf(out, size, "%s%s", head, pick(opt, "No logs in this period.", "本期間沒有紀錄。"));
        return;
    }
    span_text(opt, cov->first, cov->last, span, sizeof span);
    caption_date(opt, cov->first, first, sizeof first);
    int n = snprintf(out, size, "%s%s%s%s", head,
                     pick(opt, "People only: robots, scripts and repeated clicks within 30 s"
                               " are not counted. Days with logs: ",
                          "只計人的瀏覽及下載，不含網路機器人、程式存取及 30 秒內的重複點擊。"
                          "有紀錄的日期："),
                     span, pick(opt, ".", "。"));
    if (opt->cumulative && n > 0 && (size_t)n < size)
        snprintf(out + n, size - (size_t)n,
                 pick(opt, " Cumulative counts start with the first log, %s.",
                      "累計次數自紀錄首日%s起算。"),
                 first);
}

static void warn_empty(const struct report_options *opt)
{
    char a[16], b[16];
    if (opt->quiet_empty)
        return;
    if (opt->from == NO_DAY && opt->to == NO_DAY) {
        notef("the database holds no counts yet: the tables are empty");
        return;
    }
    civil_format(opt->from != NO_DAY ? opt->from : civil_to_days(1, 1, 1), a);
    civil_format(opt->to != NO_DAY ? opt->to : civil_to_days(9999, 12, 31), b);
    notef("no data from '%s' to '%s': the tables are empty", a, b);
}

enum status caption_apply(struct dbi *db, struct table *t, const struct report_options *opt,
                          enum caption_kind kind)
{
    char title[512], line[256], note[768];
    struct coverage cov;
    int64_t from = opt->cumulative ? NO_DAY : opt->from;
    enum status rc = caption_coverage(db, opt, from, opt->to, &cov);

    make_title(opt, kind, title, sizeof title);
    if (rc == ST_OK)
        rc = table_set_title(t, opt->title ? opt->title : title);
    if (rc != ST_OK || kind == CAPTION_INGESTS)
        return rc;
    if (kind == CAPTION_BADGES)
        return badge_lines(t, opt);
    period_line(opt, &cov, line, sizeof line);
    rc = table_set_period(t, line[0] ? line : NULL);
    usage_note(opt, &cov, note, sizeof note);
    if (rc == ST_OK)
        rc = caption_add_note(t, opt, note);
    if (cov.first == NO_DAY)
        warn_empty(opt);
    return rc;
}

enum status caption_add_note(struct table *t, const struct report_options *opt,
                             const char *text)
{
    char line[1024];
    if (table_notes(t) > 0)
        return table_add_note(t, text);
    snprintf(line, sizeof line, "%s%s", pick(opt, "Note: ", "註："), text);
    return table_add_note(t, line);
}
