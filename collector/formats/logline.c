/* logline.c - the `combined` log format (SPEC §1.1):
 *   HOST IDENT USER [TIME] "REQUEST" STATUS BYTES "REFERER" "UA"[ more...]
 * fields separated by one blank, every field required. */
#include "logline.h"

#include <stdbool.h>
#include <string.h>

#include "civil.h"

const char *logline_reject_name(enum parse_result r)
{
    static const char *const names[PARSE_RESULTS] = {
        "ok", "format", "timestamp", "status", "request", "too long", "field count",
        "directive",
    };
    return r < PARSE_RESULTS ? names[r] : "?";
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A run of non-blank bytes ending at a blank; *P moves past the blank. */
static bool take_token(char **p, char *end, struct text *out)
{
    char *s = *p, *q = s;
    while (q < end && *q != ' ')
        q++;
    if (q == s || q == end)
        return false;
    out->p = s;
    out->len = (size_t)(q - s);
    *p = q + 1;
    return true;
}

/* A quoted field starting at *P; unescapes \" \\ and \xHH in place (other
 * backslash pairs stay as written). *P moves past the closing quote. */
static bool take_quoted(char **p, char *end, struct text *out)
{
    char *r = *p, *w;
    if (r >= end || *r != '"')
        return false;
    w = ++r;
    out->p = w;
    /* most fields hold no backslash: find the quote, copy nothing */
    char *quote = memchr(r, '"', (size_t)(end - r));
    if (quote && !memchr(r, '\\', (size_t)(quote - r))) {
        out->len = (size_t)(quote - r);
        *p = quote + 1;
        return true;
    }
    while (r < end && *r != '"') {
        if (*r == '\\' && r + 1 < end) {
            int h1, h2;
            if (r[1] == '"' || r[1] == '\\') {
                *w++ = r[1];
                r += 2;
                continue;
            }
            if (r[1] == 'x' && r + 3 < end && (h1 = hexval((unsigned char)r[2])) >= 0 &&
                (h2 = hexval((unsigned char)r[3])) >= 0) {
                *w++ = (char)(h1 * 16 + h2);
                r += 4;
                continue;
            }
            *w++ = *r++; /* a lone backslash: keep both bytes as written */
        }
        *w++ = *r++;
    }
    if (r >= end)
        return false;
    out->len = (size_t)(w - out->p);
    *p = r + 1;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int month_number(const char *s)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char m[3];
    for (int i = 0; i < 3; i++) {
        char c = s[i];
        m[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (int i = 0; i < 12; i++)
        if (memcmp(names + 3 * i, m, 3) == 0)
            return i + 1;
    return -1;
}

int logline_parse_clf_time(const char *s, size_t len, struct logrec *rec)
{
    /* 01/Mar/2024:10:00:00 +0800 */
    if (len != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' ||
        s[17] != ':' || s[20] != ' ' || (s[21] != '+' && s[21] != '-'))
        return 0;
    int d = num(s, 2), m = month_number(s + 3), y = num(s + 7, 4);
    int hh = num(s + 12, 2), mi = num(s + 15, 2), ss = num(s + 18, 2);
    int oh = num(s + 22, 2), om = num(s + 24, 2);
    if (d < 0 || m < 0 || y < 0 || !civil_valid(y, m, d) || hh < 0 || hh > 23 || mi < 0 ||
        mi > 59 || ss < 0 || ss > 59 || oh < 0 || oh > 23 || om < 0 || om > 59)
        return 0;
    int64_t offset = (int64_t)(oh * 3600 + om * 60) * (s[21] == '-' ? -1 : 1);
    rec->day = civil_to_days(y, m, d);
    rec->hour = hh;
    rec->second_of_hour = mi * 60 + ss;
    rec->instant = rec->day * 86400 + hh * 3600 + mi * 60 + ss - offset;
    return 1;
}

bool logline_split_request(struct text req, struct logrec *rec)
{
    const char *p = req.p, *end = req.p + req.len;
    const char *sp1 = memchr(p, ' ', req.len);
    if (!sp1 || sp1 == p)
        return false;
    const char *t = sp1 + 1;
    const char *sp2 = memchr(t, ' ', (size_t)(end - t));
    const char *tend = sp2 ? sp2 : end;
    if (tend == t)
        return false;
    if (sp2 && (sp2 + 1 == end || memchr(sp2 + 1, ' ', (size_t)(end - sp2 - 1))))
        return false;
    rec->method = (struct text){p, (size_t)(sp1 - p)};
    rec->target = (struct text){t, (size_t)(tend - t)};
    return true;
}

enum parse_result logline_parse_combined(char *text, size_t len, struct logrec *rec)
{
    char *p = text, *end = text + len, *close;
    struct text ident, user, ts, req, status, bytes, referer;

    if (!take_token(&p, end, &rec->addr) || !take_token(&p, end, &ident) ||
        !take_token(&p, end, &user) || p >= end || *p != '[')
        return REJECT_FORMAT;
    close = memchr(p, ']', (size_t)(end - p));
    if (!close || close + 1 >= end || close[1] != ' ')
        return REJECT_FORMAT;
    ts = (struct text){p + 1, (size_t)(close - p - 1)};
    p = close + 2;
    if (!take_quoted(&p, end, &req) || p >= end || *p++ != ' ' ||
        !take_token(&p, end, &status) || !take_token(&p, end, &bytes) ||
        !take_quoted(&p, end, &referer) || p >= end || *p++ != ' ' ||
        !take_quoted(&p, end, &rec->ua) || (p < end && *p != ' '))
        return REJECT_FORMAT;
    if (!(bytes.len == 1 && bytes.p[0] == '-'))
        for (size_t i = 0; i < bytes.len; i++)
            if (bytes.p[i] < '0' || bytes.p[i] > '9')
                return REJECT_FORMAT;
    if (!logline_parse_clf_time(ts.p, ts.len, rec))
        return REJECT_TIMESTAMP;
    if (status.len != 3 || (rec->status = num(status.p, 3)) < 0)
        return REJECT_STATUS;
    if (!logline_split_request(req, rec))
        return REJECT_REQUEST;
    rec->xff = (struct text){"", 0};
    rec->host = (struct text){"", 0};
    rec->has_ua = true;
    (void)ident;
    (void)user;
    (void)referer;
    return PARSE_OK;
}
