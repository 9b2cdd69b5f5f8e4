/* format_json.c - JSON access logs: one object per line. A key map names
 * where each field is: nginx's `escape=json` keys, Caddy's nested
 * request object, Traefik's flat keys, the nginx layout of analytics
 * importers (Matomo), or a map the user gives (-f json:FIELD=PATH,...,
 * PATH dotted for nested keys). Each line is read once, keeping the value
 * of every path some map wants; the first map whose needed fields are all
 * there reads the line. Strings are decoded in place (a decoded string is
 * never longer than its escaped form). Not a validating JSON parser: it
 * reads what log writers produce. */
#define _POSIX_C_SOURCE 200809L
#include "format_int.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

enum field {
    JF_ADDR, JF_TIME, JF_METHOD, JF_URI, JF_REQUEST, JF_STATUS, JF_UA, JF_REFERER, JF_XFF,
    JF_HOST, JF_FIELDS
};

static const char *const field_names[JF_FIELDS] = {
    "addr", "time", "method", "uri", "request", "status", "ua", "referer", "xff", "host",
};

#define PATHS_MAX 64     /* paths of all maps together */
#define PATH_LEN 128     /* a dotted path, as "request.headers.User-Agent" */
#define DEPTH_MAX 8      /* objects nested deeper are skipped */

/* The built-in maps, tried in this order; "a|b" lists alternatives, the
 * first one present wins. */
static const struct builtin_map {
    const char *name;
    const char *paths[JF_FIELDS];
} builtin_maps[] = {
    {"nginx",
     {"remote_addr|client_ip", "time_local|time_iso8601", "request_method", "request_uri",
      "request", "status", "http_user_agent", "http_referer", "http_x_forwarded_for",
      "host|http_host|server_name"}},
    {"caddy",
     {"request.remote_ip|request.client_ip", "ts", "request.method", "request.uri", NULL,
      "status", "request.headers.User-Agent", "request.headers.Referer",
      "request.headers.X-Forwarded-For", "request.host"}},
    {"traefik",
     {"ClientHost", "time|StartLocal|StartUTC", "RequestMethod", "RequestPath", NULL,
      "DownstreamStatus", "request_User-Agent", "request_Referer", "request_X-Forwarded-For",
      "RequestHost"}},
    {"matomo",
     {"ip", "date|time", NULL, "path", NULL, "status", "user_agent", "referrer", NULL,
      "host"}},
};

#define MAPS_MAX (sizeof builtin_maps / sizeof builtin_maps[0])
#define ALTS_MAX 3

/* A map: for each field, up to ALTS_MAX indexes into the path table. */
struct map {
    int path[JF_FIELDS][ALTS_MAX];
    int npath[JF_FIELDS];
};

struct fmt_json {
    char paths[PATHS_MAX][PATH_LEN];   /* every path some map wants */
    size_t path_len[PATHS_MAX];
    int npaths;
    struct map maps[MAPS_MAX];
    int nmaps;
};

/* A line being read: the position, and the value of each path. */
struct jline {
    const struct fmt_json *f;
    char *p, *end;
    char path[PATH_LEN];    /* the key path of the object being read */
    size_t path_len;
    int depth;
    struct text v[PATHS_MAX];
    bool seen[PATHS_MAX];
};

static bool hex4(const char *s, const char *end, unsigned *out)
{
    unsigned v = 0;
    if (end - s < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        int h = fmt_hexval((unsigned char)s[i]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return true;
}

static char *put_utf8(char *w, unsigned cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xC0 | cp >> 6);
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xE0 | cp >> 12);
        *w++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *w++ = (char)(0xF0 | cp >> 18);
        *w++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *w++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    }
    return w;
}

/* The XXXX of a \uXXXX at *RP, with its low surrogate when it is a high
 * one, written as UTF-8 at *WP. A lone surrogate becomes U+FFFD: the rest
 * of the line is still good. */
static bool unicode(char **rp, const char *end, char **wp)
{
    char *r = *rp;
    unsigned cp, low;
    if (!hex4(r, end, &cp))
        return false;
    r += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && end - r >= 6 && r[0] == '\\' && r[1] == 'u' &&
        hex4(r + 2, end, &low) && low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        r += 6;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD;
    }
    *wp = put_utf8(*wp, cp);
    *rp = r;
    return true;
}

/* The string at J->p (its opening quote), decoded in place into *OUT. */
static bool string(struct jline *j, struct text *out)
{
    static const char plain[] = "\"\\/bfnrt", decoded[] = "\"\\/\b\f\n\r\t";
    char *r = j->p + 1, *w;
    out->p = r;
    while (r < j->end && *r != '"' && *r != '\\')
        r++;   /* most strings have no escape: nothing to move */
    w = r;
    while (r < j->end && *r != '"') {
        if (*r != '\\') {
            *w++ = *r++;
            continue;
        }
        const char *e = r + 1 < j->end && r[1] ? strchr(plain, r[1]) : NULL;
        r += 2;
        if (e)
            *w++ = decoded[e - plain];
        else if (r[-1] != 'u' || !unicode(&r, j->end, &w))
            return false;
    }
    if (r >= j->end)
        return false;
    out->len = (size_t)(w - out->p);
    j->p = r + 1;
    return true;
}

/* A nested object or array at J->p, skipped whole. */
static bool skip_nested(struct jline *j)
{
    int depth = 0;
    for (char *p = j->p; p < j->end; p++) {
        if (*p == '"') {
            for (p++; p < j->end && *p != '"'; p++)
                if (*p == '\\')
                    p++;
            if (p >= j->end)
                return false;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if ((*p == '}' || *p == ']') && --depth == 0) {
            j->p = p + 1;
            return true;
        }
    }
    return false;
}

/* A number, true, false or null at J->p, as its text. */
static bool scalar(struct jline *j, struct text *out)
{
    static const char *const words[] = {"true", "false", "null"};
    char *p = j->p;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(j->end - p) >= n && memcmp(p, words[i], n) == 0) {
            *out = (struct text){p, n};
            j->p = p + n;
            return true;
        }
    }
    while (p < j->end && ((*p >= '0' && *p <= '9') || strchr("+-.eE", *p)))
        p++;
    if (p == j->p)
        return false;
    *out = (struct text){j->p, (size_t)(p - j->p)};
    j->p = p;
    return true;
}

static void skip_ws(struct jline *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
        j->p++;
}

/* The index of PATH[0..LEN) in F's table, or -1. */
static int find_path(const struct fmt_json *f, const char *path, size_t len)
{
    for (int i = 0; i < f->npaths; i++)
        if (f->path_len[i] == len && memcmp(f->paths[i], path, len) == 0)
            return i;
    return -1;
}

/* True when some path goes on below PATH[0..LEN) (it is an object to read). */
static bool path_continues(const struct fmt_json *f, const char *path, size_t len)
{
    for (int i = 0; i < f->npaths; i++)
        if (f->path_len[i] > len && f->paths[i][len] == '.' && memcmp(f->paths[i], path, len) == 0)
            return true;
    return false;
}

static bool object(struct jline *j);

/* The first element of an array at J->p, when it is a string or a number
 * (Caddy's header values are arrays); the rest is skipped. */
static bool first_element(struct jline *j, struct text *v, bool *got)
{
    char *start = j->p;
    j->p++;
    skip_ws(j);
    *got = j->p < j->end && (*j->p == '"' || (*j->p >= '0' && *j->p <= '9'));
    if (*got && !(*j->p == '"' ? string(j, v) : scalar(j, v)))
        return false;
    j->p = start;
    return skip_nested(j);
}

/* The value at J->p of the key whose path is J->path; kept when a map
 * wants it (null leaves it unseen), read into when a wanted path goes on
 * below it, else skipped. */
static bool value(struct jline *j)
{
    struct text v;
    int idx = find_path(j->f, j->path, j->path_len);
    bool ok, keep;
    if (j->p >= j->end)
        return false;
    if (*j->p == '{' && j->depth < DEPTH_MAX && path_continues(j->f, j->path, j->path_len))
        return object(j);
    if (*j->p == '[' && idx >= 0) {
        ok = first_element(j, &v, &keep);
    } else if (*j->p == '{' || *j->p == '[') {
        return skip_nested(j);
    } else {
        keep = *j->p != 'n';
        ok = *j->p == '"' ? string(j, &v) : scalar(j, &v);
    }
    if (ok && keep && idx >= 0) {
        j->v[idx] = v;
        j->seen[idx] = true;
    }
    return ok;
}

/* One member "KEY": VALUE; the key extends J->path while its value is read. */
static bool member(struct jline *j)
{
    struct text name;
    size_t before = j->path_len;
    skip_ws(j);
    if (j->p >= j->end || *j->p != '"' || !string(j, &name))
        return false;
    skip_ws(j);
    if (j->p >= j->end || *j->p++ != ':')
        return false;
    skip_ws(j);
    if (before + 1 + name.len >= PATH_LEN) {
        j->path_len = PATH_LEN; /* longer than any path: matches none */
    } else {
        if (before > 0)
            j->path[j->path_len++] = '.';
        memcpy(j->path + j->path_len, name.p, name.len);
        j->path_len += name.len;
    }
    bool ok = value(j);
    j->path_len = before;
    return ok;
}

/* An object at J->p: members until its '}'. */
static bool object(struct jline *j)
{
    if (j->p >= j->end || *j->p++ != '{')
        return false;
    j->depth++;
    skip_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        j->depth--;
        return true;
    }
    for (;;) {
        if (!member(j))
            return false;
        skip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p >= j->end || *j->p++ != '}')
            return false;
        j->depth--;
        return true;
    }
}

/* The value of field FLD under map M, or NULL. */
static const struct text *get(const struct jline *j, const struct map *m, enum field fld)
{
    for (int a = 0; a < m->npath[fld]; a++)
        if (j->seen[m->path[fld][a]])
            return &j->v[m->path[fld][a]];
    return NULL;
}

/* A timestamp in any form log writers use: CLF, ISO 8601 (with or without
 * an offset, 'T' or blank), or Unix seconds (a fraction allowed; above
 * 10^11 they are milliseconds). */
static bool set_time(struct text v, struct logrec *rec)
{
    static const char *const specs[] = {"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z",
                                        "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%s"};
    struct fmt_time t;
    if (logline_parse_clf_time(v.p, v.len, rec))
        return true;
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        fmt_time_init(&t);
        if (fmt_time_match(specs[i], strlen(specs[i]), v.p, v.p + v.len, &t) != v.p + v.len)
            continue;
        if (t.epoch_seen && t.epoch >= 100000000000)
            t.epoch /= 1000;
        return fmt_time_finish(&t, rec);
    }
    return false;
}

/* method and uri when the map has both, else request; a map with a uri
 * and no method at all (Matomo's) logs GET requests only. */
static bool set_request(const struct jline *j, const struct map *m, struct logrec *rec)
{
    const struct text *meth = get(j, m, JF_METHOD), *uri = get(j, m, JF_URI);
    if (uri && (meth || m->npath[JF_METHOD] == 0)) {
        struct text mt = meth ? *meth : (struct text){"GET", 3};
        if (mt.len == 0 || uri->len == 0 || memchr(mt.p, ' ', mt.len) ||
            memchr(uri->p, ' ', uri->len))
            return false;
        rec->method = mt;
        rec->target = *uri;
        return true;
    }
    const struct text *req = get(j, m, JF_REQUEST);
    return req && logline_split_request(*req, rec);
}

/* The first map that finds an address, a time, a status and a request. */
static const struct map *choose_map(const struct jline *j)
{
    for (int i = 0; i < j->f->nmaps; i++) {
        const struct map *m = &j->f->maps[i];
        bool has_request = get(j, m, JF_REQUEST) ||
                           (get(j, m, JF_URI) && (get(j, m, JF_METHOD) || !m->npath[JF_METHOD]));
        if (get(j, m, JF_ADDR) && get(j, m, JF_TIME) && get(j, m, JF_STATUS) && has_request)
            return m;
    }
    return NULL;
}

static struct text text_or_empty(const struct text *t)
{
    return t && !fmt_is_dash(*t) ? *t : FMT_EMPTY;
}

enum parse_result fmt_json_parse(const struct fmt_json *f, char *text, size_t len,
                                 struct logrec *rec)
{
    struct jline j = {.f = f, .p = text, .end = text + len};
    const struct map *m;
    skip_ws(&j);
    if (!object(&j))
        return REJECT_FORMAT;
    skip_ws(&j);
    if (j.p != j.end || !(m = choose_map(&j)))
        return REJECT_FORMAT;
    if (!set_time(*get(&j, m, JF_TIME), rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(*get(&j, m, JF_STATUS), rec))
        return REJECT_STATUS;
    if (!set_request(&j, m, rec))
        return REJECT_REQUEST;
    rec->addr = *get(&j, m, JF_ADDR);
    rec->ua = text_or_empty(get(&j, m, JF_UA));
    rec->has_ua = get(&j, m, JF_UA) != NULL;
    rec->xff = text_or_empty(get(&j, m, JF_XFF));
    rec->host = text_or_empty(get(&j, m, JF_HOST));
    return PARSE_OK;
}

/* ---- maps ---- */

/* Adds the alternatives "a|b" of ALTS to field FLD of M; false, with a
 * message naming SPEC, when the table is full or a path is bad. */
static bool add_paths(struct fmt_json *f, struct map *m, enum field fld, const char *alts,
                      size_t alts_len, const char *spec)
{
    const char *p = alts, *end = alts + alts_len;
    while (p < end) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        size_t n = (size_t)((bar ? bar : end) - p);
        if (n >= 3 && memcmp(p + n - 3, "[0]", 3) == 0)
            n -= 3; /* an array's first element is what is read anyway */
        int idx = find_path(f, p, n);
        if (n == 0 || n >= PATH_LEN || memchr(p, '[', n) || p[0] == '.' || p[n - 1] == '.' ||
            (idx < 0 && f->npaths == PATHS_MAX) || m->npath[fld] == ALTS_MAX) {
            errorf("bad key path '%.*s' in log format '%s' (want FIELD=KEY.KEY...)", (int)n, p,
                   spec);
            return false;
        }
        if (idx < 0) {
            idx = f->npaths++;
            memcpy(f->paths[idx], p, n);
            f->paths[idx][n] = '\0';
            f->path_len[idx] = n;
        }
        m->path[fld][m->npath[fld]++] = idx;
        p = bar ? bar + 1 : end;
    }
    return true;
}

static int field_of(const char *name, size_t n)
{
    for (int i = 0; i < JF_FIELDS; i++)
        if (strlen(field_names[i]) == n && memcmp(field_names[i], name, n) == 0)
            return i;
    return -1;
}

/* "FIELD=PATH,FIELD=PATH..." into one map. */
static bool user_map(struct fmt_json *f, const char *list, const char *spec)
{
    struct map *m = &f->maps[f->nmaps++];
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        int fld = eq ? field_of(p, (size_t)(eq - p)) : -1;
        if (fld < 0) {
            errorf("log format '%s': '%.*s' is not FIELD=PATH with FIELD one of addr, time,"
                   " method, uri, request, status, ua, referer, xff, host",
                   spec, (int)(end - p), p);
            return false;
        }
        if (!add_paths(f, m, (enum field)fld, eq + 1, (size_t)(end - eq - 1), spec))
            return false;
        p = comma ? comma + 1 : end;
    }
    if (!m->npath[JF_ADDR] || !m->npath[JF_TIME] || !m->npath[JF_STATUS] ||
        !(m->npath[JF_URI] || m->npath[JF_REQUEST])) {
        errorf("log format '%s' lacks addr, time, status or a request (uri or request)", spec);
        return false;
    }
    return true;
}

enum status fmt_json_new(struct fmt_json **out, const char *map_spec, const char *spec)
{
    struct fmt_json *f = calloc(1, sizeof *f);
    bool ok = true;
    *out = NULL;
    if (!f)
        return ST_NOMEM;
    if (map_spec) {
        ok = user_map(f, map_spec, spec);
    } else {
        for (size_t i = 0; i < MAPS_MAX && ok; i++, f->nmaps++)
            for (int fld = 0; fld < JF_FIELDS && ok; fld++)
                if (builtin_maps[i].paths[fld])
                    ok = add_paths(f, &f->maps[i], (enum field)fld, builtin_maps[i].paths[fld],
                                   strlen(builtin_maps[i].paths[fld]), spec);
    }
    if (!ok) {
        free(f);
        return ST_USAGE;
    }
    *out = f;
    return ST_OK;
}

bool fmt_json_has_xff(const struct fmt_json *f)
{
    for (int i = 0; i < f->nmaps; i++)
        if (f->maps[i].npath[JF_XFF] > 0)
            return true;
    return false;
}

void fmt_json_free(struct fmt_json *f)
{
    free(f);
}
