/* fuzz_formats.c - libFuzzer target for every log format, format detection
 * and the trusted-proxy list: the first byte picks the parser; whatever
 * the rest holds must parse or be rejected, with every field in bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "formats.h"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
static const char *specs[] = {"combined","common","vhost_combined","w3c","json",
 "%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\"", "%h [%{%Y-%m-%dT%H:%M:%S%z}t] %m %U %q %s ua=\"%u\" \"%{X-Forwarded-For}i\"",
 "%{%s}t %h \"%r\" %s", "%h %x|%U|%s|%q|%m"};
static struct log_format *fs[9];
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fs[0]) for (int i = 0; i < 9; i++) if (log_format_new(&fs[i], specs[i])) abort();
    if (size < 1) return 0;
    int k = data[0] % 10; data++; size--;
    char *line = malloc(size + 1);
    memcpy(line, data, size); line[size] = 0;
    if (k == 9) {
        log_format_detect(line, size);
        struct proxy_list *pl = NULL;
        if (proxy_list_new(&pl, line) == ST_OK) {
            struct logrec rec = {.addr = {"a", 1}, .xff = {line, size}};
            struct text t = proxy_list_client(pl, &rec);
            if (t.p != rec.addr.p && (t.p < line || t.p + t.len > line + size)) abort();
            proxy_list_free(pl);
        }
        free(line); return 0;
    }
    struct logrec rec;
    if (log_format_parse(fs[k], line, size, &rec) == PARSE_OK) {
        const struct text *fields[] = {&rec.addr, &rec.method, &rec.target, &rec.ua, &rec.xff};
        for (size_t i = 0; i < 5; i++) {
            if (fields[i]->len == 0) continue;
            volatile char c = 0;
            for (size_t j = 0; j < fields[i]->len; j++) c ^= fields[i]->p[j];
            (void)c;
            if (fields[i]->p >= line && fields[i]->p <= line + size && fields[i]->p + fields[i]->len > line + size) abort();
        }
        if (rec.hour < 0 || rec.hour > 23 || rec.status < 0 || rec.status > 999 || rec.second_of_hour < 0 || rec.second_of_hour >= 3600) abort();
        if (rec.method.len == 0 || rec.target.len == 0) abort();
    }
    free(line);
    return 0;
}
