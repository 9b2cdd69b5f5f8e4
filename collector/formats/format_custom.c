/* format_custom.c - log format strings with GoAccess-style specifiers (%h
 * %d %t %r %s %b %R %u ...), compiled once into a list of items and matched
 * left to right against each line. An unquoted field ends at the first
 * character of the literal text after it; a field between '"' in the format
 * is a quoted field (\" \\ \xHH unescaped in place, as in combined); time
 * fields end where their time spec does. Text after the last item is
 * ignored. The full list of specifiers is in docs/formats.md. */
#define _POSIX_C_SOURCE 200809L
#include "format_int.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

enum role {
    CF_LITERAL, CF_HOST, CF_SKIP, CF_BLANKS, CF_TIME, CF_REQUEST, CF_METHOD, CF_URL,
    CF_QUERY, CF_PROTOCOL, CF_STATUS, CF_BYTES, CF_REFERER, CF_UA, CF_XFF, CF_VHOST, CF_ROLES
};

#define HAS(role) (1u << (role))

static const struct specifier {
    char letter;
    enum role role;
    const char *time_spec;   /* CF_TIME: the default spec */
} specifiers[] = {
    {'h', CF_HOST, NULL},
    {'^', CF_SKIP, NULL},
    {'~', CF_BLANKS, NULL},
    {'d', CF_TIME, "%d/%b/%Y"},
    {'t', CF_TIME, "%H:%M:%S"},
    {'x', CF_TIME, "%d/%b/%Y:%H:%M:%S %z"},
    {'r', CF_REQUEST, NULL},
    {'m', CF_METHOD, NULL},
    {'U', CF_URL, NULL},
    {'q', CF_QUERY, NULL},
    {'H', CF_PROTOCOL, NULL},
    {'s', CF_STATUS, NULL},
    {'b', CF_BYTES, NULL},
    {'R', CF_REFERER, NULL},
    {'u', CF_UA, NULL},
    /* GoAccess fields odstat does not need: read and dropped */
    {'v', CF_VHOST, NULL},
    {'e', CF_SKIP, NULL}, {'T', CF_SKIP, NULL}, {'D', CF_SKIP, NULL},
    {'L', CF_SKIP, NULL}, {'K', CF_SKIP, NULL}, {'k', CF_SKIP, NULL}, {'M', CF_SKIP, NULL},
    {'C', CF_SKIP, NULL},
};

/* %{Header}i: the request headers that map to a field. */
static const struct {
    const char *name;
    enum role role;
} headers[] = {
    {"user-agent", CF_UA}, {"referer", CF_REFERER}, {"x-forwarded-for", CF_XFF},
    {"host", CF_VHOST},
};

struct item {
    enum role role;
    char letter;       /* for messages */
    bool quoted;       /* '"' on both sides in the format */
    bool to_end;       /* the last item, and its text may hold blanks */
    const char *arg;   /* CF_LITERAL: the text; CF_TIME: the time spec */
    size_t len;
};

struct fmt_custom {
    char *spec;          /* the format string; items point into it */
    struct item *items;
    size_t n;
    unsigned roles;      /* HAS(role) of every role in the format */
    char *join;          /* %q: FMT_JOIN_MAX bytes for URL?query when apart */
};

static enum role header_role(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
        if (fmt_same_name(name, n, headers[i].name))
            return headers[i].role;
    return CF_SKIP;
}

/* %{ARG}L: a time spec for t, d and x, a header name for i. */
static const char *braced(const char *p, struct item *it, const char *spec)
{
    const char *close = strchr(p + 1, '}');
    if (!close || !close[1]) {
        errorf("unclosed '%%{' in log format '%s'", spec);
        return NULL;
    }
    *it = (struct item){.letter = close[1], .arg = p + 1, .len = (size_t)(close - p - 1)};
    if (strchr("tdx", it->letter))
        it->role = CF_TIME;
    else if (it->letter == 'i')
        it->role = header_role(it->arg, it->len);
    else {
        errorf("'%%{...}%c' is not supported in log format '%s' (only t, d, x and i)",
               it->letter, spec);
        return NULL;
    }
    return close + 2;
}

/* The specifier at P (its '%') into *IT; the position after it, or NULL
 * with a message. */
static const char *specifier(const char *p, struct item *it, const char *spec)
{
    if (p[1] == '{')
        return braced(p + 1, it, spec);
    for (size_t i = 0; i < sizeof specifiers / sizeof specifiers[0]; i++) {
        if (p[1] == specifiers[i].letter) {
            *it = (struct item){.role = specifiers[i].role, .letter = p[1]};
            if (specifiers[i].time_spec) {
                it->arg = specifiers[i].time_spec;
                it->len = strlen(it->arg);
            }
            return p + 2;
        }
    }
    if (p[1])
        errorf("unknown specifier '%%%c' in log format '%s'", p[1], spec);
    else
        errorf("log format '%s' ends with a lone '%%'", spec);
    return NULL;
}

/* Splits C->spec into items: literal runs ("%%" is a literal '%') and
 * specifiers. */
static bool split_items(struct fmt_custom *c)
{
    const char *p = c->spec;
    while (*p) {
        struct item *it = &c->items[c->n++];
        if (p[0] == '%' && p[1] == '%') {
            *it = (struct item){.role = CF_LITERAL, .arg = p + 1, .len = 1};
            p += 2;
        } else if (p[0] != '%') {
            const char *q = strchr(p, '%');
            if (!q)
                q = p + strlen(p);
            *it = (struct item){.role = CF_LITERAL, .arg = p, .len = (size_t)(q - p)};
            p = q;
        } else if (!(p = specifier(p, it, c->spec))) {
            return false;
        }
        c->roles |= HAS(it->role);
    }
    return true;
}

static bool is_text_role(enum role r)
{
    return r == CF_REQUEST || r == CF_URL || r == CF_QUERY || r == CF_REFERER || r == CF_UA ||
           r == CF_XFF;
}

/* Marks quoted fields and the last field; refuses a field that could not
 * find its end, or a time spec with unknown conversions. TIME collects
 * what the time specs provide. */
static bool link_items(struct fmt_custom *c, int *time)
{
    for (size_t i = 0; i < c->n; i++) {
        struct item *it = &c->items[i];
        const struct item *prev = i > 0 ? &c->items[i - 1] : NULL;
        const struct item *next = i + 1 < c->n ? &c->items[i + 1] : NULL;
        char bad;
        if (it->role == CF_LITERAL || it->role == CF_BLANKS)
            continue;
        if (it->role == CF_TIME && !fmt_time_check(it->arg, it->len, time, &bad)) {
            errorf("unknown time conversion '%%%c' in log format '%s'", bad, c->spec);
            return false;
        }
        it->quoted = prev && prev->role == CF_LITERAL && prev->arg[prev->len - 1] == '"' &&
                     next && next->role == CF_LITERAL && next->arg[0] == '"';
        it->to_end = !next && is_text_role(it->role);
        if (it->role != CF_TIME && next && next->role != CF_LITERAL) {
            errorf("'%%%c' must be followed by literal text in log format '%s'", it->letter,
                   c->spec);
            return false;
        }
    }
    return true;
}

/* Every format must give the fields counting needs. */
static bool check_required(const struct fmt_custom *c, int time)
{
    const char *missing = NULL;
    if (!(c->roles & HAS(CF_HOST)))
        missing = "%h (client address)";
    else if (!(time & FMT_HAS_EPOCH) &&
             ((time & FMT_HAS_DATE) != FMT_HAS_DATE || (time & FMT_HAS_CLOCK) != FMT_HAS_CLOCK))
        missing = "a full date and time (%d and %t, %x, or %{...}t)";
    else if (!(c->roles & HAS(CF_REQUEST)) &&
             (c->roles & (HAS(CF_METHOD) | HAS(CF_URL))) != (HAS(CF_METHOD) | HAS(CF_URL)))
        missing = "the request (%r, or %m and %U)";
    else if (!(c->roles & HAS(CF_STATUS)))
        missing = "%s (status)";
    if (missing)
        errorf("log format '%s' lacks %s", c->spec, missing);
    return !missing;
}

enum status fmt_custom_new(struct fmt_custom **out, const char *spec)
{
    struct fmt_custom *c = calloc(1, sizeof *c);
    enum status rc = ST_NOMEM;
    int time = 0;

    *out = NULL;
    if (!c || !(c->spec = strdup(spec)) ||
        !(c->items = calloc(strlen(spec) + 1, sizeof *c->items)))
        goto out;
    rc = ST_USAGE;
    if (!split_items(c) || !link_items(c, &time) || !check_required(c, time))
        goto out;
    rc = ST_NOMEM;
    if ((c->roles & HAS(CF_QUERY)) && !(c->join = malloc(FMT_JOIN_MAX)))
        goto out;
    rc = ST_OK;
out:
    if (rc != ST_OK) {
        fmt_custom_free(c);
        c = NULL;
    }
    *out = c;
    return rc;
}

void fmt_custom_free(struct fmt_custom *c)
{
    if (!c)
        return;
    free(c->join);
    free(c->items);
    free(c->spec);
    free(c);
}

bool fmt_custom_has_ua(const struct fmt_custom *c)
{
    return (c->roles & HAS(CF_UA)) != 0;
}

bool fmt_custom_has_xff(const struct fmt_custom *c)
{
    return (c->roles & HAS(CF_XFF)) != 0;
}

/* A quoted field starting at *P (after its opening quote); unescapes \" \\
 * and \xHH in place like combined. *P stops at the closing quote, which the
 * next literal matches. */
static bool take_quoted(char **p, char *end, struct text *out)
{
    char *r = *p, *w = r;
    int h1, h2;
    out->p = w;
    while (r < end && *r != '"') {
        if (*r == '\\' && r + 1 < end && (r[1] == '"' || r[1] == '\\')) {
            *w++ = r[1];
            r += 2;
        } else if (*r == '\\' && r + 3 < end && r[1] == 'x' &&
                   (h1 = fmt_hexval((unsigned char)r[2])) >= 0 &&
                   (h2 = fmt_hexval((unsigned char)r[3])) >= 0) {
            *w++ = (char)(h1 * 16 + h2);
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    if (r >= end)
        return false;
    out->len = (size_t)(w - out->p);
    *p = r;
    return true;
}

/* An unquoted or quoted field at *P into *OUT. */
static bool take_field(const struct item *it, const struct item *next, char **p, char *end,
                       struct text *out)
{
    char *q;
    if (it->quoted)
        return take_quoted(p, end, out);
    if (next)
        q = memchr(*p, next->arg[0], (size_t)(end - *p));
    else if (it->to_end)
        q = end;
    else if (!(q = memchr(*p, ' ', (size_t)(end - *p))))
        q = end;
    if (!q || q == *p)
        return false;
    *out = (struct text){*p, (size_t)(q - *p)};
    *p = q;
    return true;
}

static bool literal_at(const struct item *lit, const char *p, const char *end)
{
    return (size_t)(end - p) >= lit->len && memcmp(p, lit->arg, lit->len) == 0;
}

/* A time field at P. When it does not match (or what follows is not the
 * next literal), *BAD is set and reading goes on after it - at the next
 * literal's first character, skipping as many of them as the spec holds -
 * so the line is a timestamp reject unless its layout is wrong too. */
static char *take_time(const struct item *it, const struct item *next, char *p, char *end,
                       struct fmt_time *t, bool *bad)
{
    const char *q = fmt_time_match(it->arg, it->len, p, end, t);
    int skip = 0;
    if (q && (!next || next->role != CF_LITERAL || literal_at(next, q, end)))
        return p + (q - p);
    *bad = true;
    if (!next)
        return end;
    if (next->role != CF_LITERAL)
        return NULL;
    for (size_t i = 0; i < it->len; i++)
        skip += it->arg[i] == next->arg[0];
    for (char *s = p; (s = memchr(s, next->arg[0], (size_t)(end - s))); s++)
        if (skip-- == 0)
            return s;
    return NULL;
}

/* The target: %U, with '?' and %q when there is a query. Joined in place
 * when one character apart, else in C's buffer. */
static bool set_target(struct fmt_custom *c, char *text, struct text url, struct text query,
                       struct logrec *rec)
{
    if (query.len > 0 && query.p[0] == '?') {
        query.p++;
        query.len--;
    }
    return fmt_join_target(text, url, query, c->join, rec);
}

static bool set_request(struct fmt_custom *c, char *text, const struct text *v,
                        struct logrec *rec)
{
    struct text m = v[CF_METHOD], u = v[CF_URL];
    if (c->roles & HAS(CF_REQUEST))
        return logline_split_request(v[CF_REQUEST], rec);
    if (m.len == 0 || fmt_is_dash(m) || u.len == 0 || fmt_is_dash(u) ||
        memchr(m.p, ' ', m.len) || memchr(u.p, ' ', u.len))
        return false;
    rec->method = m;
    return set_target(c, text, u, v[CF_QUERY], rec);
}

/* The fields read become REC, checked in combined's order. */
static enum parse_result finish(struct fmt_custom *c, char *text, const struct text *v,
                                const struct fmt_time *t, bool time_bad, struct logrec *rec)
{
    if (v[CF_HOST].len == 0 || ((c->roles & HAS(CF_BYTES)) && !fmt_bytes_ok(v[CF_BYTES])))
        return REJECT_FORMAT;
    if (time_bad || !fmt_time_finish(t, rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(v[CF_STATUS], rec))
        return REJECT_STATUS;
    if (!set_request(c, text, v, rec))
        return REJECT_REQUEST;
    rec->addr = v[CF_HOST];
    rec->ua = v[CF_UA].p ? v[CF_UA] : FMT_EMPTY;
    rec->xff = v[CF_XFF].p && !fmt_is_dash(v[CF_XFF]) ? v[CF_XFF] : FMT_EMPTY;
    rec->has_ua = (c->roles & HAS(CF_UA)) != 0;
    rec->host = v[CF_VHOST].p && !fmt_is_dash(v[CF_VHOST]) ? fmt_host(v[CF_VHOST]) : FMT_EMPTY;
    return PARSE_OK;
}

enum parse_result fmt_custom_parse(struct fmt_custom *c, char *text, size_t len,
                                   struct logrec *rec)
{
    struct text v[CF_ROLES] = {{0}};
    struct fmt_time t;
    bool time_bad = false;
    char *p = text, *end = text + len;

    fmt_time_init(&t);
    for (size_t i = 0; i < c->n && p; i++) {
        const struct item *it = &c->items[i];
        const struct item *next = i + 1 < c->n ? &c->items[i + 1] : NULL;
        if (it->role == CF_LITERAL) {
            if (!literal_at(it, p, end))
                return REJECT_FORMAT;
            p += it->len;
        } else if (it->role == CF_BLANKS) {
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
        } else if (it->role == CF_TIME) {
            p = take_time(it, next, p, end, &t, &time_bad);
        } else if (!take_field(it, next, &p, end, &v[it->role])) {
            return REJECT_FORMAT;
        }
    }
    if (!p)
        return REJECT_FORMAT;
    return finish(c, text, v, &t, time_bad, rec);
}
