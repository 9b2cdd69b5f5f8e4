/* ipaddr.c - address and CIDR text to 16 bytes, without inet_pton: the
 * text in a log line is not NUL-terminated and copying it for every line
 * would cost more than the parse. */
#include "ipaddr.h"

#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four decimal parts 0-255 separated by '.', nothing else. A leading zero
 * ("010") is refused: some parsers read it as octal, so it is ambiguous. */
static bool parse_v4(const char *s, size_t n, unsigned char out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= n || s[i] != '.')
                return false;
            i++;
        }
        size_t start = i;
        unsigned v = 0;
        while (i < n && i - start < 3 && s[i] >= '0' && s[i] <= '9')
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == start || v > 255 || (i - start > 1 && s[start] == '0'))
            return false;
        out[part] = (unsigned char)v;
    }
    return i == n;
}

/* Moves the NGROUPS groups parsed into B so that the "::" after group GAP
 * stands for the missing zero groups. */
static void expand_gap(unsigned char b[16], int ngroups, int gap)
{
    size_t tail = 2 * (size_t)(ngroups - gap);
    memmove(b + 16 - tail, b + 2 * gap, tail);
    memset(b + 2 * gap, 0, 16 - 2 * (size_t)ngroups);
}

/* One hex group S[0..N) of 1-4 digits into B[0..2). */
static bool parse_group(const char *s, size_t n, unsigned char b[2])
{
    unsigned v = 0;
    if (n == 0 || n > 4)
        return false;
    for (size_t k = 0; k < n; k++) {
        int h = hex_value(s[k]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    b[0] = (unsigned char)(v >> 8);
    b[1] = (unsigned char)(v & 0xff);
    return true;
}

/* RFC 4291 §2.2 text without a zone. */
static bool parse_v6(const char *s, size_t n, unsigned char out[16])
{
    unsigned char b[16] = {0};
    int ngroups = 0, gap = -1;
    size_t i = 0;

    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (n == 0 || s[0] == ':')
        return false;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ':')
            j++;
        if (memchr(s + i, '.', j - i)) { /* a dotted quad: the last 32 bits */
            if (j != n || ngroups > 6 || !parse_v4(s + i, n - i, b + 2 * ngroups))
                return false;
            ngroups += 2;
            break;
        }
        if (ngroups == 8 || !parse_group(s + i, j - i, b + 2 * ngroups))
            return false;
        ngroups++;
        if (j == n)
            break;
        i = j + 1;
        if (i < n && s[i] == ':') {
            if (gap >= 0)
                return false;
            gap = ngroups;
            i++;
        } else if (i == n)
            return false; /* one trailing ':' */
    }
    if (gap < 0 ? ngroups != 8 : ngroups > 7) /* "::" stands for one group or more */
        return false;
    if (gap >= 0)
        expand_gap(b, ngroups, gap);
    memcpy(out, b, 16);
    return true;
}

bool ipaddr_parse(const char *text, size_t len, struct ipaddr *out, bool *v4)
{
    unsigned char b[16];
    bool is_v4 = memchr(text, ':', len) == NULL;

    if (is_v4) {
        memset(b, 0, 10);
        b[10] = b[11] = 0xff;
        if (!parse_v4(text, len, b + 12))
            return false;
    } else {
        const char *zone = memchr(text, '%', len);
        if (zone && zone + 1 == text + len)
            return false; /* "%" with no zone name */
        if (!parse_v6(text, zone ? (size_t)(zone - text) : len, b))
            return false;
    }
    memcpy(out->b, b, 16);
    if (v4)
        *v4 = is_v4;
    return true;
}

/* 1-3 decimal digits, at most MAX. */
static bool parse_bits(const char *s, size_t n, int max, int *bits)
{
    int v = 0;
    if (n == 0 || n > 3)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v > max)
        return false;
    *bits = v;
    return true;
}

bool ipaddr_parse_cidr(const char *text, size_t len, struct ipaddr_block *out)
{
    const char *slash = memchr(text, '/', len);
    size_t alen = slash ? (size_t)(slash - text) : len;
    struct ipaddr a;
    bool v4;
    int bits;

    if (!ipaddr_parse(text, alen, &a, &v4))
        return false;
    if (!slash)
        bits = v4 ? 32 : 128;
    else if (!parse_bits(slash + 1, len - alen - 1, v4 ? 32 : 128, &bits))
        return false;
    out->bits = v4 ? bits + 96 : bits;
    out->lo = out->hi = a;
    for (int i = out->bits; i < 128; i++) {
        unsigned char bit = (unsigned char)(0x80 >> (i % 8));
        out->lo.b[i / 8] &= (unsigned char)~bit;
        out->hi.b[i / 8] |= bit;
    }
    return true;
}

int ipaddr_cmp(const struct ipaddr *a, const struct ipaddr *b)
{
    return memcmp(a->b, b->b, 16);
}
