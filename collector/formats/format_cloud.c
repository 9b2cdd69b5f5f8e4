/* format_cloud.c - the front ends portals run behind: AWS ALB and classic
 * ELB, S3 server access logs, and HAProxy's HTTP log. (CloudFront writes
 * W3C and is read by format_w3c.c.) Each is a line of blank-separated
 * fields, some "quoted" or [bracketed], at fixed positions. Where the
 * request holds an absolute URL, the target is its path and the host is
 * kept (SPEC §1.4b). None of them escapes quotes inside fields. */
#include "format_int.h"

#include <string.h>

#define CLOUD_FIELDS 32   /* fields after these are not looked at */

/* Splits TEXT at single blanks into at most CLOUD_FIELDS fields; a field
 * that starts with '"' or '[' runs to its closing '"' or ']' (the marks
 * are kept). Returns the number of fields, or -1 for an unclosed one. */
static int split(char *text, size_t len, struct text *f)
{
    char *p = text, *end = text + len;
    int n = 0;
    while (p < end && n < CLOUD_FIELDS) {
        char *q = p;
        if (*p == '"' || *p == '[') {
            q = memchr(p + 1, *p == '"' ? '"' : ']', (size_t)(end - p - 1));
            if (!q)
                return -1;
            q++;
        } else {
            while (q < end && *q != ' ')
                q++;
        }
        f[n++] = (struct text){p, (size_t)(q - p)};
        p = q < end ? q + 1 : q;
    }
    return n;
}

/* "X" without its quotes; false when T is not quoted. */
static bool unquote(struct text t, struct text *out)
{
    if (t.len < 2 || t.p[0] != '"' || t.p[t.len - 1] != '"')
        return false;
    *out = (struct text){t.p + 1, t.len - 2};
    return true;
}

/* An address as ADDR:PORT loses the port (IPv6 included: these logs
 * always append one); "-" stays. */
static struct text without_port(struct text t)
{
    const char *colon = NULL;
    for (size_t i = 0; i < t.len; i++)
        if (t.p[i] == ':')
            colon = t.p + i;
    if (colon && colon > t.p) {
        t.len = (size_t)(colon - t.p);
        if (t.len > 2 && t.p[0] == '[' && t.p[t.len - 1] == ']') {
            t.p++;
            t.len -= 2;
        }
    }
    return t;
}

/* The request line; an absolute-form target ("https://host:443/p?q")
 * becomes its path and gives the host. */
static bool set_request(struct text req, struct logrec *rec)
{
    if (!logline_split_request(req, rec))
        return false;
    struct text t = rec->target;
    const char *scheme = t.len > 3 ? memchr(t.p, ':', t.len < 8 ? t.len : 8) : NULL;
    if (!scheme || (size_t)(t.p + t.len - scheme) < 3 || scheme[1] != '/' || scheme[2] != '/')
        return true;
    const char *host = scheme + 3, *end = t.p + t.len;
    const char *slash = memchr(host, '/', (size_t)(end - host));
    rec->host = fmt_host((struct text){host, (size_t)((slash ? slash : end) - host)});
    rec->target = slash ? (struct text){slash, (size_t)(end - slash)} : (struct text){"/", 1};
    return true;
}

static bool iso_time(struct text t, struct logrec *rec)
{
    static const char spec[] = "%Y-%m-%dT%H:%M:%S%z";
    struct fmt_time ft;
    fmt_time_init(&ft);
    return fmt_time_match(spec, sizeof spec - 1, t.p, t.p + t.len, &ft) == t.p + t.len &&
           fmt_time_finish(&ft, rec);
}

/* ALB: "TYPE TIME ELB CLIENT:PORT TARGET:PORT t t t ELB_STATUS TARGET_STATUS
 * IN OUT "REQUEST" "UA" ..."; the classic ELB has no TYPE in front. */
enum parse_result fmt_alb_parse(char *text, size_t len, struct logrec *rec)
{
    struct text f[CLOUD_FIELDS], req, ua;
    int n = split(text, len, f);
    int o = n > 0 && f[0].len > 0 && f[0].p[0] >= 'a' && f[0].p[0] <= 'z'; /* ALB's type */
    if (n < 13 + o || !unquote(f[11 + o], &req) || !unquote(f[12 + o], &ua))
        return REJECT_FORMAT;
    if (!iso_time(f[o], rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(f[7 + o], rec))
        return REJECT_STATUS;
    if (!set_request(req, rec))
        return REJECT_REQUEST;
    rec->addr = without_port(f[2 + o]);
    rec->ua = fmt_is_dash(ua) ? FMT_EMPTY : ua;
    return PARSE_OK;
}

/* S3: "OWNER BUCKET [TIME] IP REQUESTER ID OPERATION KEY "REQUEST" STATUS
 * ERROR BYTES SIZE TOTAL TURNAROUND "REFERER" "UA" VERSION HOSTID SIG
 * CIPHER AUTH HOST TLS ..."; the host is there in newer logs only. */
enum parse_result fmt_s3_parse(char *text, size_t len, struct logrec *rec)
{
    struct text f[CLOUD_FIELDS], req, ua, ts;
    int n = split(text, len, f);
    if (n < 17 || f[2].p[0] != '[' || !unquote(f[8], &req) || !unquote(f[16], &ua))
        return REJECT_FORMAT;
    ts = (struct text){f[2].p + 1, f[2].len - 2};
    if (!logline_parse_clf_time(ts.p, ts.len, rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(f[9], rec))
        return REJECT_STATUS;
    if (!set_request(req, rec))
        return REJECT_REQUEST;
    rec->addr = f[3];
    rec->ua = fmt_is_dash(ua) ? FMT_EMPTY : ua;
    if (n > 22 && !fmt_is_dash(f[22]))
        rec->host = fmt_host(f[22]);
    return PARSE_OK;
}

/* HAProxy's HTTP log (option httplog), after any syslog prefix:
 *   CLIENT:PORT [DD/Mon/YYYY:HH:MM:SS.mmm] FRONTEND BACKEND/SERVER TIMERS
 *   STATUS BYTES ... "REQUEST"
 * The accept date has no offset: the instant is taken as UTC, the day and
 * hour as written. Captured headers ({...}) are in the order of the
 * configuration, so the user agent is not known: detection by UA is off. */
enum parse_result fmt_haproxy_parse(char *text, size_t len, struct logrec *rec)
{
    static const char spec[] = "%d/%b/%Y:%H:%M:%S]";
    char *end = text + len, *open = text;
    struct fmt_time t;
    const char *after = NULL;
    while (!after && (open = memchr(open, '[', (size_t)(end - open)))) {
        fmt_time_init(&t);
        after = open > text + 1 && open[-1] == ' '
                    ? fmt_time_match(spec, sizeof spec - 1, open + 1, end, &t) : NULL;
        open++;
    }
    char *quote = len > 0 && end[-1] == '"' ? end - 1 : NULL;
    char *req_open = quote ? quote : NULL;
    while (req_open && req_open > text && *--req_open != '"')
        ;
    if (!after || !quote || req_open <= after || *req_open != '"')
        return REJECT_FORMAT;
    char *client = open - 2; /* the token before " [" */
    while (client > text && client[-1] != ' ')
        client--;
    struct text f[CLOUD_FIELDS];
    int n = split((char *)after + 1, (size_t)(req_open - after - 1), f);
    if (n < 5 || open - 2 <= client)
        return REJECT_FORMAT;
    if (!fmt_time_finish(&t, rec))
        return REJECT_TIMESTAMP;
    if (!fmt_set_status(f[3], rec))
        return REJECT_STATUS;
    if (!set_request((struct text){req_open + 1, (size_t)(quote - req_open - 1)}, rec))
        return REJECT_REQUEST;
    rec->addr = without_port((struct text){client, (size_t)(open - 2 - client)});
    rec->ua = FMT_EMPTY;
    rec->has_ua = false;
    return PARSE_OK;
}
