/* netlist.c - a CIDR list as sorted, disjoint 128-bit ranges. Cloud
 * providers publish tens of thousands of overlapping blocks; merged and
 * sorted once, a lookup is a binary search over the ranges. */
#include "netlist.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipaddr.h"
#include "msg.h"
#include "textfile.h"

/* A 128-bit address as two words, so comparisons are two integer
 * compares rather than a memcmp. */
struct u128 {
    uint64_t hi, lo;
};

struct range {
    struct u128 lo, hi;
};

struct netlist {
    size_t listed;           /* blocks in the file */
    size_t n;                /* disjoint ranges after merging */
    struct range *ranges;    /* sorted by lo */
};

static struct u128 u128_from(const struct ipaddr *a)
{
    struct u128 v = {0, 0};
    for (int i = 0; i < 8; i++) {
        v.hi = v.hi << 8 | a->b[i];
        v.lo = v.lo << 8 | a->b[8 + i];
    }
    return v;
}

static int u128_cmp(struct u128 a, struct u128 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static bool u128_is_max(struct u128 a) { return a.hi == UINT64_MAX && a.lo == UINT64_MAX; }

static struct u128 u128_next(struct u128 a)
{
    return (struct u128){a.lo == UINT64_MAX ? a.hi + 1 : a.hi, a.lo + 1};
}

static int range_cmp(const void *a, const void *b)
{
    return u128_cmp(((const struct range *)a)->lo, ((const struct range *)b)->lo);
}

/* Sorts the ranges and merges those that overlap or touch, in place. */
static void merge_ranges(struct netlist *list)
{
    size_t out = 0;
    if (list->n == 0)
        return;
    qsort(list->ranges, list->n, sizeof list->ranges[0], range_cmp);
    for (size_t i = 1; i < list->n; i++) {
        struct range *cur = &list->ranges[out], *r = &list->ranges[i];
        bool joins = u128_is_max(cur->hi) || u128_cmp(r->lo, u128_next(cur->hi)) <= 0;
        if (joins) {
            if (u128_cmp(r->hi, cur->hi) > 0)
                cur->hi = r->hi;
        } else
            list->ranges[++out] = *r;
    }
    list->n = out + 1;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* The block of one line LINE[0..LEN) without its comment and blanks:
 * TEXT and TLEN, empty when the line holds none. */
static void line_content(const char *line, size_t len, const char **text, size_t *tlen)
{
    const char *hash = memchr(line, '#', len);
    if (hash)
        len = (size_t)(hash - line);
    while (len > 0 && is_blank(line[len - 1]))
        len--;
    while (len > 0 && is_blank(*line)) {
        line++;
        len--;
    }
    *text = line;
    *tlen = len;
}

/* Parses every line of TEXT into LIST->ranges (room for one per line). */
static enum status parse_lines(struct netlist *list, const char *text, const char *path)
{
    int lineno = 0;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *block;
        size_t blen;
        struct ipaddr_block b;
        lineno++;
        line_content(line, len, &block, &blen);
        if (blen > 0) {
            if (!ipaddr_parse_cidr(block, blen, &b)) {
                errorf("'%s':%d: '%.*s' is not a CIDR block (like 192.0.2.0/24 or"
                       " 2001:db8::/32)", path, lineno, (int)(blen > 80 ? 80 : blen), block);
                return ST_USAGE;
            }
            list->ranges[list->n++] = (struct range){u128_from(&b.lo), u128_from(&b.hi)};
        }
        line += nl ? len + 1 : len;
    }
    list->listed = list->n;
    return ST_OK;
}

static size_t count_lines(const char *text)
{
    size_t n = 1;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        n++;
    return n;
}

enum status netlist_load(struct netlist **out, const char *path)
{
    char *text = NULL;
    struct netlist *list = NULL;
    enum status rc = textfile_read(path, "robot network list", &text);

    *out = NULL;
    if (rc != ST_OK)
        goto out;
    list = calloc(1, sizeof *list);
    if (list)
        list->ranges = malloc(count_lines(text) * sizeof list->ranges[0]);
    if (!list || !list->ranges) {
        rc = ST_NOMEM;
        goto out;
    }
    rc = parse_lines(list, text, path);
    if (rc != ST_OK)
        goto out;
    merge_ranges(list);
    *out = list;
    list = NULL;
out:
    netlist_free(list);
    free(text);
    return rc;
}

void netlist_free(struct netlist *list)
{
    if (!list)
        return;
    free(list->ranges);
    free(list);
}

bool netlist_contains(const struct netlist *list, const char *addr, size_t len)
{
    struct ipaddr a;
    if (!list || list->n == 0 || !ipaddr_parse(addr, len, &a, NULL))
        return false;
    struct u128 x = u128_from(&a);
    size_t lo = 0, hi = list->n; /* the last range with lo <= x is below hi */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u128_cmp(list->ranges[mid].lo, x) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && u128_cmp(x, list->ranges[lo - 1].hi) <= 0;
}

size_t netlist_count(const struct netlist *list) { return list ? list->listed : 0; }
