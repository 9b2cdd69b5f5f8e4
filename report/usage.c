/* usage.c - splits a period into whole months and edge days. */
#include "usage.h"

#include <string.h>

#include "civil.h"
#include "options.h"

static void bind_text(struct dbi_stmt *st, int col, const char *text)
{
    dbi_bind_text(st, col, text, -1);
}

void usage_bind(struct dbi_stmt *st, int64_t from, int64_t to)
{
    int y, m, d;
    char a[11], b[11];
    if (from == NO_DAY)
        from = civil_to_days(1, 1, 1);
    if (to == NO_DAY)
        to = civil_to_days(9999, 12, 31);
    /* whole months: the first starting at or after FROM, the last ending
     * at or before TO */
    civil_from_days(from, &y, &m, &d);
    int64_t full_from = d == 1 ? from : (m == 12 ? civil_to_days(y + 1, 1, 1)
                                                 : civil_to_days(y, m + 1, 1));
    civil_from_days(to + 1, &y, &m, &d);
    int64_t full_to = d == 1 ? to : civil_to_days(y, m, 1) - 1;
    if (full_from > full_to) { /* no whole month: all from daily */
        bind_text(st, 1, "9999-99");
        bind_text(st, 2, "0000-00");
        civil_format(from, a);
        civil_format(to, b);
        bind_text(st, 3, a);
        bind_text(st, 4, b);
        bind_text(st, 5, "9999-99-99");
        bind_text(st, 6, "0000-00-00");
        return;
    }
    civil_format(full_from, a);
    civil_format(full_to, b);
    a[7] = b[7] = '\0';
    bind_text(st, 1, a);
    bind_text(st, 2, b);
    civil_format(from, a);
    civil_format(full_from - 1, b);
    bind_text(st, 3, a);
    bind_text(st, 4, from < full_from ? b : "0000-00-00");
    civil_format(full_to + 1, a);
    civil_format(to, b);
    bind_text(st, 5, full_to < to ? a : "9999-99-99");
    bind_text(st, 6, b);
}

void usage_bind_days(struct dbi_stmt *st, int64_t from, int64_t to)
{
    char a[11], b[11];
    civil_format(from == NO_DAY ? civil_to_days(1, 1, 1) : from, a);
    civil_format(to == NO_DAY ? civil_to_days(9999, 12, 31) : to, b);
    bind_text(st, 1, "9999-99");
    bind_text(st, 2, "0000-00");
    bind_text(st, 3, a);
    bind_text(st, 4, b);
    bind_text(st, 5, "9999-99-99");
    bind_text(st, 6, "0000-00-00");
}

void usage_bind_days_sites(struct dbi_stmt *st, const struct report_options *opt, int64_t from,
                           int64_t to)
{
    char a[11] = "0000-00-00", b[11] = "9999-99-99";
    if (from != NO_DAY)
        civil_format(from, a);
    if (to != NO_DAY)
        civil_format(to, b);
    dbi_bind_text(st, 1, a, -1);
    dbi_bind_text(st, 2, b, -1);
    usage_bind_sites(st, opt);
}

void usage_bind_sites(struct dbi_stmt *st, const struct report_options *opt)
{
    if (opt->nsites == 0) {
        dbi_bind_null(st, 20);
        return;
    }
    dbi_bind_text(st, 20, "some", -1);
    for (int i = 0; i < opt->nsites && i < 8; i++)
        dbi_bind_text(st, 21 + i, opt->sites[i], -1);
}
