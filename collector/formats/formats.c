/* formats.c - the log-format table: choosing a parser by name or by
 * looking at a file's first lines, dispatching each line to it, and the
 * field checks every format shares. The parsers themselves live in
 * logline.c (combined) and format_*.c. */
#define _POSIX_C_SOURCE 200809L
#include "format_int.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

enum kind {
    K_COMBINED, K_COMMON, K_VHOST, K_W3C, K_CLOUDFRONT, K_IIS, K_JSON, K_ALB, K_S3, K_HAPROXY,
    K_AUTO, K_CUSTOM
};

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
    {"cloudfront", K_CLOUDFRONT, NULL},
    {"iis", K_IIS, NULL},
    {"alb", K_ALB, NULL},
    {"elb", K_ALB, NULL},
    {"s3", K_S3, NULL},
    {"haproxy", K_HAPROXY, NULL},
    {"json", K_JSON, NULL},
    {"auto", K_AUTO, NULL},
};

#define DETECT_LINES 50

struct log_format {
    enum kind kind;
    char *spec;                  /* as given, for log_format_clone */
    struct fmt_w3c *w3c;         /* w3c: the current #Fields list */
    struct fmt_custom *custom;   /* common and format strings */
    struct fmt_json *json;       /* json: the key maps */
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
    bool json_map = spec && strncmp(spec, "json:", 5) == 0;
    struct log_format *f = NULL;
    enum status rc = ST_OK;

    *out = NULL;
    if (json_map)
        nf = find_named("json");
    else if (!nf && (!spec || !strchr(spec, '%'))) {
        errorf("unknown log format '%s' (want combined, common, vhost_combined, w3c,"
               " cloudfront, iis, json, alb, s3, haproxy, auto, json:FIELD=PATH,... or a format"
               " string with %%-specifiers)",
               spec ? spec : "");
        return ST_USAGE;
    }
    f = calloc(1, sizeof *f);
    if (!f || !(f->spec = strdup(spec))) {
        rc = ST_NOMEM;
        goto out;
    }
    f->kind = nf ? nf->kind : K_CUSTOM;
    if (f->kind == K_W3C || f->kind == K_IIS || f->kind == K_CLOUDFRONT)
        rc = fmt_w3c_new(&f->w3c, f->kind == K_CLOUDFRONT);
    else if (f->kind == K_JSON)
        rc = fmt_json_new(&f->json, json_map ? spec + 5 : NULL, spec);
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
    fmt_json_free(f->json);
    free(f->spec);
    free(f);
}

/* vhost_combined: "HOST:PORT " (Apache's %v:%p) or "HOST " (%v alone) in
 * front of a combined line. A plain combined line does not read as one: it
 * would lack a field before its '['. */
static enum parse_result parse_vhost(char *text, size_t len, struct logrec *rec)
{
    char *blank = memchr(text, ' ', len);
    char *colon = NULL;
    if (!blank || blank == text)
        return REJECT_FORMAT;
    for (char *p = text; p < blank; p++)
        if (*p == ':')
            colon = p;
    if (colon && blank[-1] == ']')
        colon = NULL; /* "[2001:db8::1]": an IPv6 address without a port */
    for (char *p = colon ? colon + 1 : blank; p < blank; p++)
        if (*p < '0' || *p > '9')
            return REJECT_FORMAT;
    if (colon && (colon == text || colon + 1 == blank))
        return REJECT_FORMAT;
    enum parse_result r =
        logline_parse_combined(blank + 1, len - (size_t)(blank + 1 - text), rec);
    rec->host = (struct text){text, (size_t)((colon ? colon : blank) - text)};
    return r;
}

static bool blank_only(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != ' ' && text[i] != '\t')
            return false;
    return true;
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
    if (len == 0 || ((text[0] == ' ' || text[0] == '\t') && blank_only(text, len)))
        return PARSE_DIRECTIVE; /* blank lines are skipped, not rejected */
    rec->xff = FMT_EMPTY;
    rec->host = FMT_EMPTY;
    rec->has_ua = true;
    switch (f->kind) {
    case K_COMBINED: return logline_parse_combined(text, len, rec);
    case K_VHOST: return parse_vhost(text, len, rec);
    case K_W3C:
    case K_CLOUDFRONT: return fmt_w3c_parse(f->w3c, text, len, rec);
    case K_ALB: return fmt_alb_parse(text, len, rec);
    case K_S3: return fmt_s3_parse(text, len, rec);
    case K_HAPROXY: return fmt_haproxy_parse(text, len, rec);
    case K_IIS: return fmt_iis_parse(f->w3c, text, len, rec);
    case K_JSON: return fmt_json_parse(f->json, text, len, rec);
    case K_COMMON:
    case K_CUSTOM: return fmt_custom_parse(f->custom, text, len, rec);
    case K_AUTO: break;
    }
    return REJECT_FORMAT;
}

bool log_format_has_ua(const struct log_format *f)
{
    if (f->kind == K_IIS || f->kind == K_HAPROXY)
        return false;
    return f->custom ? fmt_custom_has_ua(f->custom) : true;
}

bool log_format_has_xff(const struct log_format *f)
{
    switch (f->kind) {
    case K_W3C:
    case K_CLOUDFRONT:
    case K_AUTO: return true;
    case K_JSON: return fmt_json_has_xff(f->json);
    case K_CUSTOM: return fmt_custom_has_xff(f->custom);
    default: return false;
    }
}

bool log_format_has_directives(const struct log_format *f)
{
    return f->kind == K_W3C || f->kind == K_CLOUDFRONT;
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

/* The formats -f auto tries, in this order; ties go to the earlier
 * (combined lines also read as common, CloudFront's as W3C). */
static const char *const detect_order[] = {
    "cloudfront", "w3c", "iis", "json", "alb", "s3", "haproxy", "vhost_combined", "combined",
    "common",
};

struct score {
    int lines;    /* non-blank lines that are not directives */
    int ok;       /* lines F reads */
    int partial;  /* lines whose layout F reads, with a bad timestamp,
                     status or request (probes such as "-" 400) */
};

/* How F reads the first DETECT_LINES lines of SAMPLE; each line is parsed
 * from a copy in BUF, since parsing writes. An unfinished last line is
 * left out (it may be cut anywhere), unless it is the only one. */
static struct score score_lines(struct log_format *f, const char *sample, size_t len, char *buf)
{
    struct score sc = {0, 0, 0};
    struct logrec rec;
    const char *p = sample, *end = sample + len;
    while (p < end && sc.lines < DETECT_LINES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl && p != sample)
            break;
        size_t n = (size_t)((nl ? nl : end) - p);
        memcpy(buf, p, n);
        buf[n] = '\0';
        p = nl ? nl + 1 : end;
        if (n > INPUT_LINE_MAX)
            continue; /* rejected as too long in any format */
        enum parse_result r = log_format_parse(f, buf, n, &rec);
        if (r == PARSE_DIRECTIVE)
            continue;
        sc.lines++;
        sc.ok += r == PARSE_OK;
        sc.partial += r == REJECT_TIMESTAMP || r == REJECT_STATUS || r == REJECT_REQUEST;
    }
    return sc;
}

static int points(struct score sc)
{
    return 2 * sc.ok + sc.partial;
}

/* The named format that reads SAMPLE best, with its score; NULL when none
 * reads a line. */
static const char *best_format(const char *sample, size_t len, char *buf, struct score *best_sc)
{
    const char *best = NULL;
    *best_sc = (struct score){0, 0, 0};
    for (size_t i = 0; i < sizeof detect_order / sizeof detect_order[0]; i++) {
        struct log_format *f;
        if (log_format_new(&f, detect_order[i]) != ST_OK)
            continue;
        struct score sc = score_lines(f, sample, len, buf);
        log_format_free(f);
        if (points(sc) > points(*best_sc)) {
            best = detect_order[i];
            *best_sc = sc;
        }
    }
    return best;
}

const char *log_format_detect(const char *sample, size_t len)
{
    struct score sc;
    char *buf = malloc(len + 1);
    const char *best = buf ? best_format(sample, len, buf, &sc) : NULL;
    free(buf);
    return best;
}

/* Under auto: the format that fits SAMPLE, or an error naming PATH and
 * what was tried. */
static enum status detect_for_file(struct log_format **out, const char *path,
                                   const char *sample, size_t len, char *buf)
{
    struct score sc;
    const char *name = best_format(sample, len, buf, &sc);
    if (!name) {
        /* counting nothing in silence would look like a quiet day */
        errorf("'%s': no known log format fits its first lines (tried cloudfront, w3c, iis,"
               " json, alb, s3, haproxy, vhost_combined, combined, common); not read (give -f)",
               path);
        return ST_INPUT;
    }
    notef("'%s': log format %s", path, name);
    return log_format_new(out, name);
}

/* Given a format: refuses a file that mostly fails it while another
 * format reads it, saying which (a wrong -f would otherwise count nothing
 * and exit 0 with thousands of rejects). */
static enum status check_given(struct log_format **out, const struct log_format *given,
                               const char *path, const char *sample, size_t len, char *buf)
{
    struct score mine = {0, 0, 0}, other;
    enum status rc = log_format_clone(out, given);
    if (rc == ST_OK) {
        struct log_format *probe;
        if ((rc = log_format_clone(&probe, given)) != ST_OK)
            goto out;
        mine = score_lines(probe, sample, len, buf);
        log_format_free(probe);
    }
    if (rc != ST_OK || mine.lines == 0 || 2 * (mine.ok + mine.partial) >= mine.lines)
        goto out;
    const char *name = best_format(sample, len, buf, &other);
    if (name && points(other) > points(mine)) {
        errorf("'%s' looks like %s, not %s: use -f %s", path, name, log_format_name(given),
               name);
        rc = ST_INPUT;
    }
out:
    if (rc != ST_OK) {
        log_format_free(*out);
        *out = NULL;
    }
    return rc;
}

enum status log_format_for_file(struct log_format **out, const struct log_format *given,
                                const char *path, const char *sample, size_t len)
{
    char *buf = malloc(len + 1);
    enum status rc = ST_NOMEM;
    *out = NULL;
    if (buf && given->kind == K_AUTO)
        rc = detect_for_file(out, path, sample, len, buf);
    else if (buf)
        rc = check_given(out, given, path, sample, len, buf);
    free(buf);
    return rc;
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

bool fmt_join_target(char *text, struct text stem, struct text query, char *join,
                     struct logrec *rec)
{
    if (query.len == 0 || fmt_is_dash(query)) {
        rec->target = stem;
    } else if (stem.p + stem.len + 1 == query.p) {
        text[stem.p + stem.len - text] = '?';
        rec->target = (struct text){stem.p, stem.len + 1 + query.len};
    } else if (stem.len + 1 + query.len <= FMT_JOIN_MAX) {
        memcpy(join, stem.p, stem.len);
        join[stem.len] = '?';
        memcpy(join + stem.len + 1, query.p, query.len);
        rec->target = (struct text){join, stem.len + 1 + query.len};
    } else {
        return false;
    }
    return true;
}

struct text fmt_host(struct text t)
{
    size_t n = t.len;
    while (n > 0 && t.p[n - 1] >= '0' && t.p[n - 1] <= '9')
        n--;
    if (n > 1 && n < t.len && t.p[n - 1] == ':' && (t.p[0] != '[' || t.p[n - 2] == ']') &&
        (t.p[0] == '[' || !memchr(t.p, ':', n - 1)))
        t.len = n - 1;
    return t;
}

bool fmt_same_name(const char *s, size_t n, const char *name)
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
