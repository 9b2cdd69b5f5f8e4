/* formats.c - the log-format table: choosing a parser by name or by
 * looking at a file's first lines, dispatching each line to it, and the
 * field checks every format shares. The parsers themselves live in
 * logline.c (combined) and format_*.c. */
#define _POSIX_C_SOURCE 200809L
#include "format_int.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

enum kind { K_COMBINED, K_COMMON, K_VHOST, K_W3C, K_JSON, K_AUTO, K_CUSTOM };

/* The named formats. `common` is a format string run by the custom engine:
 * combined without referer and UA, and the same strictness. */
static const struct named_format {
    const char *name;
    enum kind kind;
    const char *format_string;
} named_formats[] = {
    {"combined", K_COMBINED, NULL},
    {"common", K_COMMON, "%h %^ %^ [%x] \"%r\" %s %b"},
    {"vhost_combined", K_VHOST, NULL},
    {"w3c", K_W3C, NULL},
    {"json", K_JSON, NULL},
    {"auto", K_AUTO, NULL},
};

#define DETECT_LINES 20

struct log_format {
    enum kind kind;
    char *spec;                  /* as given, for log_format_clone */
    struct fmt_w3c *w3c;         /* w3c: the current #Fields list */
    struct fmt_custom *custom;   /* common and format strings */
};

static const struct named_format *find_named(const char *spec)
{
    for (size_t i = 0; i < sizeof named_formats / sizeof named_formats[0]; i++)
        if (strcmp(spec, named_formats[i].name) == 0)
            return &named_formats[i];
    return NULL;
}

enum status log_format_new(struct log_format **out, const char *spec)
{
    const struct named_format *nf = spec ? find_named(spec) : NULL;
    struct log_format *f = NULL;
    enum status rc = ST_OK;

    *out = NULL;
    if (!nf && (!spec || !strchr(spec, '%'))) {
        errorf("unknown log format '%s' (want combined, common, vhost_combined, w3c, json,"
               " auto or a format string with %%-specifiers)",
               spec ? spec : "");
        return ST_USAGE;
    }
    f = calloc(1, sizeof *f);
    if (!f || !(f->spec = strdup(spec))) {
        rc = ST_NOMEM;
        goto out;
    }
    f->kind = nf ? nf->kind : K_CUSTOM;
    if (f->kind == K_W3C)
        rc = fmt_w3c_new(&f->w3c);
    else if (f->kind == K_CUSTOM || nf->format_string)
        rc = fmt_custom_new(&f->custom, nf ? nf->format_string : spec);
out:
    if (rc != ST_OK) {
        log_format_free(f);
        f = NULL;
    }
    *out = f;
    return rc;
}

enum status log_format_clone(struct log_format **out, const struct log_format *f)
{
    /* the spec was valid once, so only memory can fail */
    return log_format_new(out, f->spec);
}

void log_format_free(struct log_format *f)
{
    if (!f)
        return;
    fmt_w3c_free(f->w3c);
    fmt_custom_free(f->custom);
    free(f->spec);
    free(f);
}

/* vhost_combined: "HOST:PORT " in front of a combined line (Apache). */
static enum parse_result parse_vhost(char *text, size_t len, struct logrec *rec)
{
    char *blank = memchr(text, ' ', len);
    char *colon = NULL;
    if (!blank)
        return REJECT_FORMAT;
    for (char *p = text; p < blank; p++)
        if (*p == ':')
            colon = p;
    if (!colon || colon == text || colon + 1 == blank)
        return REJECT_FORMAT;
    for (char *p = colon + 1; p < blank; p++)
        if (*p < '0' || *p > '9')
            return REJECT_FORMAT;
    enum parse_result r = logline_parse_combined(blank + 1, len - (size_t)(blank + 1 - text), rec);
    rec->host = (struct text){text, (size_t)(colon - text)};
    return r;
}

enum parse_result log_format_parse(struct log_format *f, char *text, size_t len,
                                   struct logrec *rec)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;   /* a UTF-8 byte order mark, as some Windows tools write */
        len -= 3;
    }
    if (len > 0 && text[len - 1] == '\r')
        text[--len] = '\0';
    if (len == 0)
        return PARSE_DIRECTIVE;
    rec->xff = FMT_EMPTY;
    rec->host = FMT_EMPTY;
    switch (f->kind) {
    case K_COMBINED: return logline_parse_combined(text, len, rec);
    case K_VHOST: return parse_vhost(text, len, rec);
    case K_W3C: return fmt_w3c_parse(f->w3c, text, len, rec);
    case K_JSON: return fmt_json_parse(text, len, rec);
    case K_COMMON:
    case K_CUSTOM: return fmt_custom_parse(f->custom, text, len, rec);
    case K_AUTO: break;
    }
    return REJECT_FORMAT;
}

bool log_format_has_ua(const struct log_format *f)
{
    return f->custom ? fmt_custom_has_ua(f->custom) : true;
}

bool log_format_has_directives(const struct log_format *f)
{
    return f->kind == K_W3C;
}

bool log_format_is_auto(const struct log_format *f)
{
    return f->kind == K_AUTO;
}

const char *log_format_name(const struct log_format *f)
{
    for (size_t i = 0; i < sizeof named_formats / sizeof named_formats[0]; i++)
        if (named_formats[i].kind == f->kind)
            return named_formats[i].name;
    return "custom";
}

/* How many of the first DETECT_LINES non-blank lines of SAMPLE the format
 * NAME reads; each line is parsed from a copy in BUF, since parsing writes. */
static int detect_score(const char *name, const char *sample, size_t len, char *buf)
{
    struct log_format *f;
    struct logrec rec;
    const char *p = sample, *end = sample + len;
    int seen = 0, ok = 0;

    if (log_format_new(&f, name) != ST_OK)
        return -1;
    while (p < end && seen < DETECT_LINES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl && p != sample)
            break;   /* an unfinished last line: it may be cut anywhere */
        size_t n = (size_t)((nl ? nl : end) - p);
        bool blank = n == 0 || (n == 1 && p[0] == '\r');
        memcpy(buf, p, n);
        buf[n] = '\0';
        p = nl ? nl + 1 : end;
        seen += !blank;
        ok += log_format_parse(f, buf, n, &rec) == PARSE_OK;
    }
    log_format_free(f);
    return ok;
}

const char *log_format_detect(const char *sample, size_t len)
{
    /* ties go to the earlier: combined lines also read as common */
    static const char *const order[] = {"w3c", "json", "vhost_combined", "combined", "common"};
    const char *best = NULL;
    int best_score = 0;
    char *buf = malloc(len + 1);

    if (!buf)
        return NULL;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int score = detect_score(order[i], sample, len, buf);
        if (score > best_score) {
            best = order[i];
            best_score = score;
        }
    }
    free(buf);
    return best;
}

bool fmt_set_status(struct text t, struct logrec *rec)
{
    if (t.len != 3)
        return false;
    for (size_t i = 0; i < 3; i++)
        if (t.p[i] < '0' || t.p[i] > '9')
            return false;
    rec->status = (t.p[0] - '0') * 100 + (t.p[1] - '0') * 10 + (t.p[2] - '0');
    return true;
}

bool fmt_bytes_ok(struct text t)
{
    if (fmt_is_dash(t))
        return true;
    if (t.len == 0)
        return false;
    for (size_t i = 0; i < t.len; i++)
        if (t.p[i] < '0' || t.p[i] > '9')
            return false;
    return true;
}

bool fmt_is_dash(struct text t)
{
    return t.len == 1 && t.p[0] == '-';
}

int fmt_hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
