/* fuzz_formats.c - libFuzzer target for every log format, format detection
 * and the trusted-proxy list: the first byte picks the parser; whatever
 * the rest holds must parse or be rejected, with every field in bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const specs[] = {
    "combined", "common", "vhost_combined", "w3c", "json",
    "%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\"",
    "%h [%{%Y-%m-%dT%H:%M:%S%z}t] %m %U %q %s ua=\"%u\" \"%{X-Forwarded-For}i\"",
    "%{%s}t %h \"%r\" %s", "%h %x|%U|%s|%q|%m",
    "cloudfront", "iis", "alb", "s3", "haproxy",
    "json:addr=c.ip,time=t,method=m,uri=u,status=s,ua=h.ua[0],host=h.host|site",
    "%v %h [%x] \"%r\" %s",
};
#define NSPECS (sizeof specs / sizeof specs[0])

static struct log_format *parsers[NSPECS]; /* W3C state lives on between inputs */

/* A field inside the line, or in a parser's own buffer (joined targets). */
static void check_text(struct text t, const char *line, size_t size)
{
    volatile char c = 0;
    for (size_t j = 0; j < t.len; j++)
        c ^= t.p[j];
    (void)c;
    if (t.p >= line && t.p <= line + size && t.p + t.len > line + size)
        abort();
}

static void check_proxies(const char *line, size_t size)
{
    struct proxy_list *pl = NULL;
    log_format_detect(line, size);
    if (proxy_list_new(&pl, line) != ST_OK)
        return;
    struct logrec rec = {.addr = {"a", 1}, .xff = {line, size}};
    struct text t = proxy_list_client(pl, &rec);
    if (t.p != rec.addr.p && (t.p < line || t.p + t.len > line + size))
        abort();
    proxy_list_free(pl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!parsers[0])
        for (size_t i = 0; i < NSPECS; i++)
            if (log_format_new(&parsers[i], specs[i]) != ST_OK)
                abort();
    if (size < 1)
        return 0;
    size_t k = data[0] % (NSPECS + 1);
    char *line = malloc(size);
    memcpy(line, data + 1, size - 1);
    line[--size] = '\0';
    if (k == NSPECS) {
        check_proxies(line, size);
        free(line);
        return 0;
    }
    struct logrec rec;
    if (log_format_parse(parsers[k], line, size, &rec) == PARSE_OK) {
        const struct text fields[] = {rec.addr, rec.method, rec.target, rec.ua, rec.xff, rec.host};
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            check_text(fields[i], line, size);
        if (rec.hour < 0 || rec.hour > 23 || rec.status < 0 || rec.status > 999 ||
            rec.second_of_hour < 0 || rec.second_of_hour >= 3600)
            abort();
        if (rec.method.len == 0 || rec.target.len == 0)
            abort();
    }
    free(line);
    return 0;
}
