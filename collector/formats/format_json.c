/* format_json.c - JSON lines as nginx writes them with `escape=json`: one
 * object per line. The keys odstat knows give the fields; other keys are
 * skipped, nested objects and arrays included. Strings are decoded in
 * place (a decoded string is never longer than its escaped form). Not a
 * validating JSON parser: it reads what log writers produce. */
#include "format_int.h"

#include <string.h>

enum key {
    J_OTHER, J_REMOTE_ADDR, J_CLIENT_IP, J_TIME_LOCAL, J_TIME_ISO, J_REQUEST, J_METHOD,
    J_URI, J_STATUS, J_UA, J_REFERER, J_XFF, J_KEYS
};

#define KEY(name, key) {name, sizeof name - 1, key}
static const struct {
    const char *name;
    size_t len;
    enum key key;
} known_keys[] = {
    KEY("remote_addr", J_REMOTE_ADDR),   KEY("client_ip", J_CLIENT_IP),
    KEY("time_local", J_TIME_LOCAL),     KEY("time_iso8601", J_TIME_ISO),
    KEY("request", J_REQUEST),           KEY("request_method", J_METHOD),
    KEY("request_uri", J_URI),           KEY("status", J_STATUS),
    KEY("http_user_agent", J_UA),        KEY("http_referer", J_REFERER),
    KEY("http_x_forwarded_for", J_XFF),
};
#undef KEY

/* A line being read: the position, and the value of each known key. */
struct jline {
    char *p, *end;
    struct text v[J_KEYS];
    bool seen[J_KEYS];
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

static enum key key_of(struct text name)
{
    for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
        if (known_keys[i].len == name.len && memcmp(known_keys[i].name, name.p, name.len) == 0)
            return known_keys[i].key;
    return J_OTHER;
}

/* The value of key K at J->p; strings and numbers of known keys are kept
 * (null leaves the key unseen), anything nested is skipped. */
static bool value(struct jline *j, enum key k)
{
    struct text v;
    bool ok, null;
    if (j->p >= j->end)
        return false;
    if (*j->p == '{' || *j->p == '[')
        return skip_nested(j);
    null = *j->p == 'n';
    ok = *j->p == '"' ? string(j, &v) : scalar(j, &v);
    if (ok && k != J_OTHER && !null) {
        j->v[k] = v;
        j->seen[k] = true;
    }
    return ok;
}

/* The whole line: one object, nothing after it but blanks. */
static bool object(struct jline *j)
{
    skip_ws(j);
    if (j->p >= j->end || *j->p++ != '{')
        return false;
    skip_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
    } else {
        for (;;) {
            struct text name;
            skip_ws(j);
            if (j->p >= j->end || *j->p != '"' || !string(j, &name))
                return false;
            skip_ws(j);
            if (j->p >= j->end || *j->p++ != ':')
                return false;
            skip_ws(j);
            if (!value(j, key_of(name)))
                return false;
            skip_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p >= j->end || *j->p++ != '}')
                return false;
            break;
        }
    }
    skip_ws(j);
    return j->p == j->end;
}

static bool set_time(const struct jline *j, struct logrec *rec)
{
    static const char iso[] = "%Y-%m-%dT%H:%M:%S%z";
    struct text v = j->v[J_TIME_ISO];
    struct fmt_time t;
    if (j->seen[J_TIME_LOCAL])
        return logline_parse_clf_time(j->v[J_TIME_LOCAL].p, j->v[J_TIME_LOCAL].len, rec);
    fmt_time_init(&t);
    return fmt_time_match(iso, sizeof iso - 1, v.p, v.p + v.len, &t) == v.p + v.len &&
           fmt_time_finish(&t, rec);
}

/* request_method and request_uri when both are there, else request. */
static bool set_request(const struct jline *j, struct logrec *rec)
{
    if (j->seen[J_METHOD] && j->seen[J_URI]) {
        struct text m = j->v[J_METHOD], u = j->v[J_URI];
        if (m.len == 0 || u.len == 0 || memchr(m.p, ' ', m.len) || memchr(u.p, ' ', u.len))
            return false;
        rec->method = m;
        rec->target = u;
        return true;
    }
    return logline_split_request(j->v[J_REQUEST], rec);
}

enum parse_result fmt_json_parse(char *text, size_t len, struct logrec *rec)
{
    struct jline j = {.p = text, .end = text + len};
    if (!object(&j))
        return REJECT_FORMAT;
    enum key addr = j.seen[J_REMOTE_ADDR] ? J_REMOTE_ADDR : J_CLIENT_IP;
    if (!j.seen[addr] || !(j.seen[J_TIME_LOCAL] || j.seen[J_TIME_ISO]) || !j.seen[J_STATUS] ||
        !(j.seen[J_REQUEST] || (j.seen[J_METHOD] && j.seen[J_URI])))
        return REJECT_FORMAT;
    if (!set_time(&j, rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(j.v[J_STATUS], rec))
        return REJECT_STATUS;
    if (!set_request(&j, rec))
        return REJECT_REQUEST;
    rec->addr = j.v[addr];
    rec->ua = j.seen[J_UA] ? j.v[J_UA] : FMT_EMPTY;
    rec->has_ua = j.seen[J_UA];
    rec->xff = j.seen[J_XFF] && !fmt_is_dash(j.v[J_XFF]) ? j.v[J_XFF] : FMT_EMPTY;
    return PARSE_OK;
}
