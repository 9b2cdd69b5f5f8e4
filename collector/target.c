/* target.c - SPEC §1.3 target normalisation. */
#include "target.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes %XX escapes; sets *DECODED_SEPARATOR when one decodes to NUL or
 * '/', which a path must not contain (it would impersonate another path). */
static size_t decode(struct text in, char *out, bool *decoded_separator)
{
    size_t n = 0;
    if (!memchr(in.p, '%', in.len)) { /* the common case: nothing to decode */
        memcpy(out, in.p, in.len);
        return in.len;
    }
    for (size_t i = 0; i < in.len; i++) {
        int h1, h2;
        if (in.p[i] == '%' && i + 2 < in.len && (h1 = hexval((unsigned char)in.p[i + 1])) >= 0 &&
            (h2 = hexval((unsigned char)in.p[i + 2])) >= 0) {
            char c = (char)(h1 * 16 + h2);
            if (c == '\0' || c == '/')
                *decoded_separator = true;
            out[n++] = c;
            i += 2;
        } else {
            out[n++] = in.p[i];
        }
    }
    return n;
}

size_t target_percent_decode(struct text in, char *out)
{
    bool ignored = false;
    return decode(in, out, &ignored);
}

bool target_valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    /* ASCII runs a word at a time: most paths are all ASCII */
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned cp, min;
        if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (i + need >= len)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += need + 1;
    }
    return true;
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* [a-z]{2}([_-][A-Za-z]{2,4}){0,2}: zh, zh_TW, and CKAN's zh_Hant_TW */
static bool is_locale(const char *s, size_t len)
{
    size_t i = 2;
    int groups = 0;
    if (len < 2 || !(s[0] >= 'a' && s[0] <= 'z') || !(s[1] >= 'a' && s[1] <= 'z'))
        return false;
    while (i < len && groups < 2) {
        size_t start = ++i; /* past the separator */
        if (s[start - 1] != '_' && s[start - 1] != '-')
            return false;
        while (i < len && is_letter(s[i]))
            i++;
        if (i - start < 2 || i - start > 4)
            return false;
        groups++;
    }
    return i == len;
}

/* Collapses runs of '/', drops one trailing '/'; returns the new length. */
static size_t collapse_slashes(char *p, size_t len)
{
    size_t w = 0;
    for (size_t r = 0; r < len; r++)
        if (!(p[r] == '/' && w > 0 && p[w - 1] == '/'))
            p[w++] = p[r];
    if (w > 0 && p[w - 1] == '/')
        w--;
    return w;
}

bool target_normalise(struct text target, char *out, struct text *path, struct text *query)
{
    size_t path_end = 0, n;

    query->p = target.p + target.len;
    query->len = 0;
    if (target.len == 0 || target.p[0] != '/')
        return false;
    while (path_end < target.len && target.p[path_end] != '?' && target.p[path_end] != '#')
        path_end++;
    if (path_end < target.len && target.p[path_end] == '?') {
        const char *q = target.p + path_end + 1;
        const char *hash = memchr(q, '#', target.len - path_end - 1);
        query->p = q;
        query->len = hash ? (size_t)(hash - q) : target.len - path_end - 1;
    }
    bool separator = false;
    n = decode((struct text){target.p, path_end}, out, &separator);
    if (separator || memchr(out, '\0', n) || !target_valid_utf8((const unsigned char *)out, n))
        return false;
    n = collapse_slashes(out, n);
    path->p = out;
    path->len = n;
    /* one leading locale segment, when more path follows */
    if (n > 1) {
        const char *seg = out + 1;
        const char *slash = memchr(seg, '/', n - 1);
        if (slash && is_locale(seg, (size_t)(slash - seg))) {
            path->p = slash;
            path->len = n - (size_t)(slash - out);
        }
    }
    return true;
}
