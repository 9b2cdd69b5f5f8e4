/* format_w3c.c - W3C extended log files as IIS writes them: a "#Fields:"
 * directive names the blank-separated fields of the lines after it and may
 * change mid-file, so the parser keeps the current list. "-" is an empty
 * field, '+' is a blank in cs(User-Agent), date and time are UTC (and
 * date-local/time-local local time). Fields may be quoted to hold blanks
 * (IIS Advanced Logging, CDNs) and separated by several blanks. Also IIS's
 * own comma-separated log format, which has no header. */
#include "format_int.h"

#include <stdlib.h>
#include <string.h>


enum role {
    W_SKIP, W_DATE, W_TIME, W_DATE_LOCAL, W_TIME_LOCAL, W_ADDR, W_METHOD, W_STEM, W_QUERY,
    W_URI, W_STATUS, W_UA, W_REFERER, W_XFF, W_HOST, W_EDGE, W_ROLES
};

#define W3C_FIELDS_MAX 128   /* lines under a longer #Fields are rejected */

static const struct {
    const char *name;
    enum role role;
} field_roles[] = {
    {"date", W_DATE},           {"time", W_TIME},
    {"date-local", W_DATE_LOCAL}, {"time-local", W_TIME_LOCAL},
    {"cs-host", W_HOST},        {"cs(Host)", W_HOST},
    {"x-host-header", W_HOST},  {"x-edge-location", W_EDGE},
    {"x-forwarded-for", W_XFF},
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

/* CloudFront's standard log fields (2019 on). */
static const char cloudfront_default_fields[] =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status"
    " cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id"
    " x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher"
    " x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port"
    " time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len"
    " sc-range-start sc-range-end";

struct fmt_w3c {
    unsigned char role[W3C_FIELDS_MAX];   /* enum role of each field */
    int nfields;
    bool usable;    /* the list has date, time, c-ip, method, stem/uri, status */
    bool has_ua;    /* the list has cs(User-Agent) */
    bool local;     /* it has date-local and time-local: they give the time */
    bool cloudfront; /* CloudFront: x-edge-location needed, UA percent-encoded */
    char *join;     /* FMT_JOIN_MAX bytes: stem?query when the two are apart */
};

static enum role role_of(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof field_roles / sizeof field_roles[0]; i++)
        if (fmt_same_name(name, n, field_roles[i].name))
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
    unsigned need = 1u << W_ADDR | 1u << W_METHOD | 1u << W_STATUS;
    unsigned utc = 1u << W_DATE | 1u << W_TIME, local = 1u << W_DATE_LOCAL | 1u << W_TIME_LOCAL;
    w->local = (seen & local) == local;
    if (w->cloudfront)
        need |= 1u << W_EDGE;
    w->usable = n <= W3C_FIELDS_MAX && (seen & need) == need &&
                ((seen & utc) == utc || w->local) && (seen & (1u << W_STEM | 1u << W_URI));
}

enum status fmt_w3c_new(struct fmt_w3c **out, bool cloudfront)
{
    struct fmt_w3c *w = calloc(1, sizeof *w);
    const char *fields = cloudfront ? cloudfront_default_fields : iis_default_fields;
    if (w && !(w->join = malloc(FMT_JOIN_MAX))) {
        free(w);
        w = NULL;
    }
    *out = w;
    if (!w)
        return ST_NOMEM;
    w->cloudfront = cloudfront;
    set_fields(w, fields, fields + strlen(fields));
    return ST_OK;
}

/* CloudFront writes the UA percent-encoded ("Mozilla/5.0%20(X11)"): decoded
 * in place, as the robot lists expect blanks. */
static void percent_decode(char *text, struct text *t)
{
    char *w = text + (t->p - text);
    const char *r = t->p, *end = t->p + t->len;
    while (r < end) {
        int h1, h2;
        if (*r == '%' && end - r >= 3 && (h1 = fmt_hexval((unsigned char)r[1])) >= 0 &&
            (h2 = fmt_hexval((unsigned char)r[2])) >= 0) {
            *w++ = (char)(h1 * 16 + h2);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    t->len = (size_t)(w - (text + (t->p - text)));
}

void fmt_w3c_free(struct fmt_w3c *w)
{
    if (!w)
        return;
    free(w->join);
    free(w);
}

/* The field at *P: up to the next blank, or a quoted one (the quotes
 * dropped) that may hold blanks. *P moves past it. False for a quote that
 * does not close before a blank or the end. */
static bool next_field(char **p, char *end, struct text *out)
{
    char *s = *p, *q = s;
    if (*s == '"') {
        for (q = s + 1; q < end && !(*q == '"' && (q + 1 == end || is_blank(q[1]))); q++)
            ;
        if (q >= end)
            return false;
        *out = (struct text){s + 1, (size_t)(q - s - 1)};
        *p = q + 1;
        return true;
    }
    while (q < end && !is_blank(*q))
        q++;
    *out = (struct text){s, (size_t)(q - s)};
    *p = q;
    return true;
}

/* Splits a data line at runs of blanks into V by role; the number of
 * fields found goes to *N. False for a quote left open. */
static bool split_fields(const struct fmt_w3c *w, char *text, size_t len, struct text *v, int *n)
{
    char *p = text, *end = text + len;
    *n = 0;
    for (;;) {
        while (p < end && is_blank(*p))
            p++;
        if (p == end)
            return true;
        struct text t;
        if (!next_field(&p, end, &t))
            return false;
        if (*n < w->nfields && *n < W3C_FIELDS_MAX)
            v[w->role[*n]] = t;
        (*n)++;
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
    return fmt_join_target(text, stem, query, w->join, rec);
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
        if (len >= 8 && fmt_same_name(text, 8, "#fields:"))
            set_fields(w, text + 8, text + len);
        return PARSE_DIRECTIVE;
    }
    int n;
    if (!w->usable || !split_fields(w, text, len, v, &n))
        return REJECT_FORMAT;
    if (n != w->nfields)
        return REJECT_FIELDS;
    fmt_time_init(&t);
    struct text date = v[w->local ? W_DATE_LOCAL : W_DATE], clock = v[w->local ? W_TIME_LOCAL : W_TIME];
    if (!whole_match("%Y-%m-%d", date, &t) || !whole_match("%H:%M:%S", clock, &t) ||
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
    rec->host = fmt_host(dash_empty(v[W_HOST]));
    bool quoted = rec->ua.len > 0 && rec->ua.p > text && rec->ua.p[-1] == '"';
    if (w->cloudfront)
        percent_decode(text, &rec->ua);
    for (size_t i = 0; i < rec->ua.len && !quoted && !w->cloudfront; i++)
        if (rec->ua.p[i] == '+')
            text[rec->ua.p + i - text] = ' ';
    return PARSE_OK;
}

/* IIS's own log format: 15 fields, each followed by ", " (the last by ","):
 *   client, user, MM/DD/YY, H:MM:SS (local), service, server, server ip,
 *   time taken, bytes in, bytes out, status, win32 status, method, target,
 *   query
 * It has no user agent and no host. */
enum { IIS_ADDR, IIS_DATE = 2, IIS_TIME, IIS_STATUS = 10, IIS_METHOD = 12, IIS_STEM,
       IIS_QUERY, IIS_FIELDS };

enum parse_result fmt_iis_parse(struct fmt_w3c *w, char *text, size_t len, struct logrec *rec)
{
    struct text f[IIS_FIELDS];
    struct fmt_time t;
    char *p = text, *end = text + len;
    for (int i = 0; i < IIS_FIELDS; i++) {
        char *comma = memchr(p, ',', (size_t)(end - p));
        if (!comma || comma == p)
            return REJECT_FORMAT;
        f[i] = (struct text){p, (size_t)(comma - p)};
        p = comma + 1;
        if (p < end && *p == ' ')
            p++;
    }
    while (p < end && is_blank(*p))
        p++;
    if (p != end)
        return REJECT_FIELDS;
    fmt_time_init(&t);
    if (!whole_match("%m/%d/%y", f[IIS_DATE], &t) || !whole_match("%H:%M:%S", f[IIS_TIME], &t) ||
        !fmt_time_finish(&t, rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(f[IIS_STATUS], rec))
        return REJECT_STATUS;
    struct text v[W_ROLES] = {{0}};
    v[W_STEM] = f[IIS_STEM];
    v[W_QUERY] = f[IIS_QUERY];
    if (fmt_is_dash(f[IIS_METHOD]) || !set_target(w, text, v, rec))
        return REJECT_REQUEST;
    rec->method = f[IIS_METHOD];
    rec->addr = f[IIS_ADDR];
    rec->ua = FMT_EMPTY;
    rec->has_ua = false;
    return PARSE_OK;
}
