/* format_proxy.c - trusted proxies and the client behind them: with
 * --client-ip xff the client is the rightmost X-Forwarded-For entry that
 * no trusted proxy could have written (each proxy appends the address it
 * saw; entries left of the first untrusted one may be forged). IPv4 is
 * kept as IPv4-mapped IPv6, so one comparison serves both. */
#define _POSIX_C_SOURCE 200809L
#include "format_int.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

#define ADDR_TEXT_MAX 64   /* longer text is not an address */

struct cidr {
    unsigned char addr[16];   /* IPv4 as ::ffff:a.b.c.d */
    int bits;                 /* IPv4 prefix + 96 */
};

struct proxy_list {
    size_t n;
    struct cidr cidr[];
};

/* Address text S[0..N) into 16 bytes; *V4 when it was IPv4. A zone
 * ("fe80::1%eth0") is ignored. */
static bool parse_addr(const char *s, size_t n, unsigned char out[16], bool *v4)
{
    char buf[ADDR_TEXT_MAX];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *zone = strchr(buf, '%');
    if (zone)
        *zone = '\0';
    *v4 = inet_pton(AF_INET, buf, out + 12) == 1;
    if (*v4) {
        memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        return true;
    }
    return inet_pton(AF_INET6, buf, out) == 1;
}

/* "ADDR" or "ADDR/BITS" at S[0..N). */
static bool parse_cidr(const char *s, size_t n, struct cidr *c)
{
    const char *slash = memchr(s, '/', n);
    bool v4;
    int bits = -1;
    if (!parse_addr(s, slash ? (size_t)(slash - s) : n, c->addr, &v4))
        return false;
    if (slash) {
        const char *d = slash + 1, *end = s + n;
        if (d == end || end - d > 3)
            return false;
        for (bits = 0; d < end; d++) {
            if (*d < '0' || *d > '9')
                return false;
            bits = bits * 10 + (*d - '0');
        }
    }
    if (bits > (v4 ? 32 : 128))
        return false;
    c->bits = bits < 0 ? 128 : v4 ? bits + 96 : bits;
    return true;
}

static bool in_cidr(const unsigned char addr[16], const struct cidr *c)
{
    int full = c->bits / 8, rest = c->bits % 8;
    if (memcmp(addr, c->addr, (size_t)full) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (addr[full] & mask) == (c->addr[full] & mask);
}

static bool is_separator(char c)
{
    return c == ',' || c == ' ' || c == '\t';
}

enum status proxy_list_new(struct proxy_list **out, const char *cidrs)
{
    size_t max = strlen(cidrs) / 2 + 1;
    struct proxy_list *list = calloc(1, sizeof *list + max * sizeof list->cidr[0]);
    const char *p = cidrs;

    *out = NULL;
    if (!list)
        return ST_NOMEM;
    for (;;) {
        while (*p && is_separator(*p))
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && !is_separator(*q))
            q++;
        if (!parse_cidr(p, (size_t)(q - p), &list->cidr[list->n])) {
            errorf("'%.*s' is not an IP address or CIDR block (like 10.0.0.0/8 or 2001:db8::/32)",
                   (int)(q - p), p);
            free(list);
            return ST_USAGE;
        }
        list->n++;
        p = q;
    }
    *out = list;
    return ST_OK;
}

void proxy_list_free(struct proxy_list *list)
{
    free(list);
}

/* One X-Forwarded-For entry without blanks around it and without a port
 * ("[2001:db8::1]:443", "192.0.2.1:8080"). */
static struct text entry_address(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (s < end && *s == '[') {
        const char *close = memchr(s, ']', (size_t)(end - s));
        if (close)
            return (struct text){s + 1, (size_t)(close - s - 1)};
    }
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (colon && !memchr(colon + 1, ':', (size_t)(end - colon - 1)))
        end = colon;
    return (struct text){s, (size_t)(end - s)};
}

static bool is_trusted(const struct proxy_list *trusted, struct text a)
{
    unsigned char addr[16];
    bool v4;
    if (!trusted || !parse_addr(a.p, a.len, addr, &v4))
        return false;
    for (size_t i = 0; i < trusted->n; i++)
        if (in_cidr(addr, &trusted->cidr[i]))
            return true;
    return false;
}

struct text proxy_list_client(const struct proxy_list *trusted, const struct logrec *rec)
{
    struct text xff = rec->xff, leftmost = {NULL, 0};
    const char *end = xff.p + xff.len;

    if (xff.len == 0 || fmt_is_dash(xff))
        return rec->addr;
    while (end > xff.p) {
        const char *start = end;
        while (start > xff.p && start[-1] != ',')
            start--;
        struct text a = entry_address(start, end);
        end = start > xff.p ? start - 1 : xff.p;
        if (a.len == 0)
            continue;
        if (!is_trusted(trusted, a))
            return a;
        leftmost = a;
    }
    return leftmost.p ? leftmost : rec->addr;
}
