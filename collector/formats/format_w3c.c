/* format_w3c.c - W3C extended log files as IIS writes them: a "#Fields:"
 * directive names the blank-separated fields of the lines after it and may
 * change mid-file, so the parser keeps the current list. "-" is an empty
 * field, '+' is a blank in cs(User-Agent), date and time are UTC. */
#include "format_int.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"

enum role {
    W_SKIP, W_DATE, W_TIME, W_ADDR, W_METHOD, W_STEM, W_QUERY, W_URI,
    W_STATUS, W_UA, W_REFERER, W_XFF, W_ROLES
};

#define W3C_FIELDS_MAX 128   /* lines under a longer #Fields are rejected */
#define JOIN_MAX (INPUT_LINE_MAX + 1)

static const struct {
    const char *name;
    enum role role;
} field_roles[] = {
    {"date", W_DATE},           {"time", W_TIME},
    {"c-ip", W_ADDR},           {"cs-method", W_METHOD},
    {"cs-uri-stem", W_STEM},    {"cs-uri-query", W_QUERY},
    {"cs-uri", W_URI},          {"sc-status", W_STATUS},
    {"cs(User-Agent)", W_UA},   {"cs(Referer)", W_REFERER},
    {"X-Forwarded-For", W_XFF}, {"cs(X-Forwarded-For)", W_XFF},
};

/* What IIS logs when nobody changed its settings; used until the first
 * #Fields line, so a file cut after its header still reads. */
static const char iis_default_fields[] =
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip"
    " cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

struct fmt_w3c {
    unsigned char role[W3C_FIELDS_MAX];   /* enum role of each field */
    int nfields;
    bool usable;    /* the list has date, time, c-ip, method, stem/uri, status */
    bool has_ua;    /* the list has cs(User-Agent) */
    char *join;     /* JOIN_MAX bytes: stem?query when the two are apart */
};

static bool same_name(const char *s, size_t n, const char *name)
{
    if (strlen(name) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int a = (unsigned char)s[i], b = (unsigned char)name[i];
        if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != (b >= 'A' && b <= 'Z' ? b + 32 : b))
            return false;
    }
    return true;
}

static enum role role_of(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof field_roles / sizeof field_roles[0]; i++)
        if (same_name(name, n, field_roles[i].name))
            return field_roles[i].role;
    return W_SKIP;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The field names P..END of a #Fields line become the current list. */
static void set_fields(struct fmt_w3c *w, const char *p, const char *end)
{
    unsigned seen = 0;
    int n = 0;

    for (;;) {
        while (p < end && is_blank(*p))
            p++;
        if (p == end)
            break;
        const char *q = p;
        while (q < end && !is_blank(*q))
            q++;
        enum role r = role_of(p, (size_t)(q - p));
        if (n < W3C_FIELDS_MAX)
            w->role[n] = (unsigned char)r;
        seen |= 1u << r;
        n++;
        p = q;
    }
    w->nfields = n;
    w->has_ua = (seen & 1u << W_UA) != 0;
    w->usable = n <= W3C_FIELDS_MAX &&
                (seen & (1u << W_DATE | 1u << W_TIME | 1u << W_ADDR | 1u << W_METHOD |
                         1u << W_STATUS)) ==
                    (1u << W_DATE | 1u << W_TIME | 1u << W_ADDR | 1u << W_METHOD |
                     1u << W_STATUS) &&
                (seen & (1u << W_STEM | 1u << W_URI));
}

enum status fmt_w3c_new(struct fmt_w3c **out)
{
    struct fmt_w3c *w = calloc(1, sizeof *w);
    if (w && !(w->join = malloc(JOIN_MAX))) {
        free(w);
        w = NULL;
    }
    *out = w;
    if (!w)
        return ST_NOMEM;
    set_fields(w, iis_default_fields, iis_default_fields + sizeof iis_default_fields - 1);
    return ST_OK;
}

void fmt_w3c_free(struct fmt_w3c *w)
{
    if (!w)
        return;
    free(w->join);
    free(w);
}

/* Splits a data line at single blanks into V by role; false unless it has
 * exactly the listed number of fields, none empty. */
static bool split_fields(const struct fmt_w3c *w, char *text, size_t len, struct text *v)
{
    char *p = text, *end = text + len;
    int i = 0;
    for (;;) {
        char *q = p;
        while (q < end && !is_blank(*q))
            q++;
        if (q == p || i >= w->nfields)
            return false;
        if (i < W3C_FIELDS_MAX)
            v[w->role[i]] = (struct text){p, (size_t)(q - p)};
        i++;
        if (q == end)
            return i == w->nfields;
        p = q + 1;
    }
}

static bool whole_match(const char *spec, struct text v, struct fmt_time *t)
{
    return fmt_time_match(spec, strlen(spec), v.p, v.p + v.len, t) == v.p + v.len;
}

/* The target: cs-uri, or cs-uri-stem with '?' and cs-uri-query when there
 * is one. Adjacent fields are joined in place (the blank becomes '?'),
 * others in W's buffer. */
static bool set_target(struct fmt_w3c *w, char *text, const struct text *v, struct logrec *rec)
{
    struct text stem = v[W_STEM], query = v[W_QUERY];
    if (v[W_URI].len > 0 && !fmt_is_dash(v[W_URI])) {
        rec->target = v[W_URI];
        return true;
    }
    if (stem.len == 0 || fmt_is_dash(stem))
        return false;
    if (query.len == 0 || fmt_is_dash(query)) {
        rec->target = stem;
    } else if (stem.p + stem.len + 1 == query.p) {
        text[stem.p + stem.len - text] = '?';
        rec->target = (struct text){stem.p, stem.len + 1 + query.len};
    } else if (stem.len + 1 + query.len <= JOIN_MAX) {
        memcpy(w->join, stem.p, stem.len);
        w->join[stem.len] = '?';
        memcpy(w->join + stem.len + 1, query.p, query.len);
        rec->target = (struct text){w->join, stem.len + 1 + query.len};
    } else {
        return false;
    }
    return true;
}

static struct text dash_empty(struct text t)
{
    return fmt_is_dash(t) || t.len == 0 ? FMT_EMPTY : t;
}

enum parse_result fmt_w3c_parse(struct fmt_w3c *w, char *text, size_t len, struct logrec *rec)
{
    struct text v[W_ROLES] = {{0}};
    struct fmt_time t;

    if (text[0] == '#') {
        if (len >= 8 && same_name(text, 8, "#fields:"))
            set_fields(w, text + 8, text + len);
        return PARSE_DIRECTIVE;
    }
    if (!w->usable || !split_fields(w, text, len, v))
        return REJECT_FORMAT;
    fmt_time_init(&t);
    if (!whole_match("%Y-%m-%d", v[W_DATE], &t) || !whole_match("%H:%M:%S", v[W_TIME], &t) ||
        !fmt_time_finish(&t, rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(v[W_STATUS], rec))
        return REJECT_STATUS;
    if (fmt_is_dash(v[W_METHOD]) || !set_target(w, text, v, rec))
        return REJECT_REQUEST;
    rec->method = v[W_METHOD];
    rec->addr = dash_empty(v[W_ADDR]);
    rec->xff = dash_empty(v[W_XFF]);
    rec->ua = dash_empty(v[W_UA]);
    rec->has_ua = w->has_ua;
    for (size_t i = 0; i < rec->ua.len; i++)
        if (rec->ua.p[i] == '+')
            text[rec->ua.p + i - text] = ' ';
    return PARSE_OK;
}
