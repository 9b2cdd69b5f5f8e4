/* urlmap.c - resource URLs of the catalog as one hash table (SPEC §1.4b).
 *
 * Thousands of URLs share one path (/Service/OpenData.aspx?format=csv&id=…),
 * so a URL with query parameters is keyed by its path and one *key
 * parameter* - of the parameter names of its path, the one with the most
 * distinct values (the id, not the format) - and a URL without by its path
 * alone. A target probes its path, then its path with each of its own
 * parameters, and checks the candidates found in full. Candidates are
 * numbered in (dataset id, position) order and the smallest number that
 * fits wins: the byte-smallest dataset's first listed URL. Strings live in
 * one arena and are referred to by offset while loading.
 */
#include "urlmap.h"

#include "dbi.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "msg.h"
#include "target.h"

#define HOSTS_MAX 64
#define NO_NEXT UINT32_MAX
#define KEY_NAME_MAX 64      /* longer parameter names are never a key */

struct span {
    size_t off, len;     /* in the arena */
};

struct param {
    struct span name;    /* lower-case, as written otherwise */
    struct span value;   /* percent-decoded */
};

struct candidate {
    uint64_t path_hash;
    uint64_t key;        /* the hash of the path and the key parameter */
    struct span path, host, dataset, resource;
    uint32_t first_param, nparams;
    uint32_t key_param;  /* index in param[] of the key parameter, NO_NEXT: none */
    uint32_t next;       /* the next candidate of the bucket, or NO_NEXT */
};

struct urlmap {
    char *arena;
    size_t arena_len, arena_cap;
    struct candidate *cand;
    size_t ncand, cand_cap;
    struct param *param;
    size_t nparam, param_cap;
    uint32_t *bucket;    /* head candidate per bucket, NO_NEXT when empty */
    size_t mask;
    char *hosts[HOSTS_MAX];  /* --host, lower-case */
    int nhosts;
    char *path_buf, *value_buf;  /* scratch for one target */
    size_t buf_cap;
};

#define HASH_SEED 1469598103934665603ull

static uint64_t hash_more(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) /* FNV-1a */
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static uint64_t hash_bytes(const char *p, size_t n) { return hash_more(HASH_SEED, p, n); }

/* The key of a path (its hash) with parameter NAME (lower-case) = VALUE. */
static uint64_t param_key(uint64_t path_hash, const char *name, size_t name_len,
                          const char *value, size_t value_len)
{
    uint64_t h = hash_more(path_hash ^ 0x9e3779b97f4a7c15ull, name, name_len);
    return hash_more(hash_more(h, "=", 1), value, value_len);
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool equal_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

/* Percent-decodes IN into OUT (room for IN.len + 1), collapses repeated
 * '/' and drops one trailing '/' unless the path is "/". */
static size_t normalise_path(struct text in, char *out)
{
    size_t n = target_percent_decode(in, out), w = 0;
    for (size_t r = 0; r < n; r++)
        if (!(out[r] == '/' && w > 0 && out[w - 1] == '/'))
            out[w++] = out[r];
    if (w > 1 && out[w - 1] == '/')
        w--;
    if (w == 0)
        out[w++] = '/';
    return w;
}

static bool scheme_char(char c, bool first)
{
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return alpha || (!first && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
}

/* Where the authority of URL starts (after "scheme://" or "//"), or 0 for
 * a bare path, or SIZE_MAX when URL is neither. */
static size_t authority_start(struct text url)
{
    size_t i = 0;
    if (url.len >= 2 && url.p[0] == '/' && url.p[1] == '/')
        return 2;
    if (url.len >= 1 && url.p[0] == '/')
        return 0;
    while (i < url.len && scheme_char(url.p[i], i == 0))
        i++;
    if (i > 0 && url.len - i >= 3 && memcmp(url.p + i, "://", 3) == 0)
        return i + 3;
    return SIZE_MAX;
}

/* The host of AUTHORITY without a user or a port, lower-cased into BUF. */
static struct text host_of(struct text a, char *buf)
{
    const char *at = NULL, *end = a.p + a.len;
    for (const char *p = a.p; p < end; p++)
        if (*p == '@')
            at = p;
    if (at)
        a = (struct text){at + 1, (size_t)(end - at - 1)};
    if (a.len && a.p[0] == '[') { /* an IPv6 literal keeps its brackets */
        const char *close = memchr(a.p, ']', a.len);
        if (close)
            a.len = (size_t)(close - a.p) + 1;
    } else {
        const char *colon = memchr(a.p, ':', a.len);
        if (colon)
            a.len = (size_t)(colon - a.p);
    }
    for (size_t i = 0; i < a.len; i++)
        buf[i] = lower(a.p[i]);
    return (struct text){buf, a.len};
}

bool urlmap_split_url(struct text url, char *host_buf, struct text *host, char *path_buf,
                      struct text *path, struct text *query)
{
    size_t start = authority_start(url), i;
    struct text rest;

    if (start == SIZE_MAX)
        return false;
    *host = (struct text){host_buf, 0};
    i = start;
    if (start > 0) {
        while (i < url.len && url.p[i] != '/' && url.p[i] != '?' && url.p[i] != '#')
            i++;
        *host = host_of((struct text){url.p + start, i - start}, host_buf);
        if (host->len == 0)
            return false;
    }
    rest = (struct text){url.p + i, url.len - i};
    size_t plen = 0;
    while (plen < rest.len && rest.p[plen] != '?' && rest.p[plen] != '#')
        plen++;
    *path = (struct text){path_buf, normalise_path((struct text){rest.p, plen}, path_buf)};
    *query = (struct text){"", 0};
    if (plen < rest.len && rest.p[plen] == '?') {
        const char *q = rest.p + plen + 1, *hash = memchr(q, '#', rest.len - plen - 1);
        *query = (struct text){q, hash ? (size_t)(hash - q) : rest.len - plen - 1};
    }
    return true;
}

/* ---- building ----------------------------------------------------------- */

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 1024;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

static bool add_text(struct urlmap *m, const char *p, size_t n, struct span *out)
{
    if (!grow((void **)&m->arena, &m->arena_cap, m->arena_len + n + 1, 1))
        return false;
    memcpy(m->arena + m->arena_len, p, n);
    m->arena[m->arena_len + n] = '\0';
    *out = (struct span){m->arena_len, n};
    m->arena_len += n + 1;
    return true;
}

/* The URL's query parameters, names lower-cased and values decoded. */
static bool add_params(struct urlmap *m, struct text q, struct candidate *c)
{
    size_t i = 0;
    c->first_param = (uint32_t)m->nparam;
    while (i < q.len) {
        size_t j = i, eq = SIZE_MAX;
        while (j < q.len && q.p[j] != '&') {
            if (q.p[j] == '=' && eq == SIZE_MAX)
                eq = j;
            j++;
        }
        if (j > i) {
            struct param prm;
            size_t name_end = eq == SIZE_MAX ? j : eq;
            if (!grow((void **)&m->param, &m->param_cap, m->nparam + 1, sizeof *m->param) ||
                !add_text(m, q.p + i, name_end - i, &prm.name) ||
                !grow((void **)&m->arena, &m->arena_cap, m->arena_len + (j - name_end) + 1, 1))
                return false;
            for (size_t k = 0; k < prm.name.len; k++)
                m->arena[prm.name.off + k] = lower(m->arena[prm.name.off + k]);
            struct text raw = eq == SIZE_MAX ? (struct text){"", 0}
                                             : (struct text){q.p + eq + 1, j - eq - 1};
            size_t n = target_percent_decode(raw, m->arena + m->arena_len);
            prm.value = (struct span){m->arena_len, n};
            m->arena[m->arena_len + n] = '\0';
            m->arena_len += n + 1;
            m->param[m->nparam++] = prm;
        }
        i = j + 1;
    }
    c->nparams = (uint32_t)(m->nparam - c->first_param);
    return true;
}

static const char *col(struct dbi_stmt *st, int i, size_t *n)
{
    const char *p = dbi_column_text(st, i);
    *n = p ? (size_t)dbi_column_bytes(st, i) : 0;
    return p ? p : "";
}

static enum status add_row(struct urlmap *m, struct dbi_stmt *st)
{
    struct candidate c = {.next = NO_NEXT, .key_param = NO_NEXT};
    size_t n;
    const char *p;

    if (!grow((void **)&m->cand, &m->cand_cap, m->ncand + 1, sizeof *m->cand))
        return ST_NOMEM;
    p = col(st, 0, &n);
    if (!add_text(m, p, n, &c.dataset))
        return ST_NOMEM;
    p = col(st, 1, &n);
    if (!add_text(m, p, n, &c.resource))
        return ST_NOMEM;
    p = col(st, 2, &n);
    if (!add_text(m, p, n, &c.host))
        return ST_NOMEM;
    p = col(st, 3, &n);
    c.path_hash = c.key = hash_bytes(p, n);
    if (!add_text(m, p, n, &c.path))
        return ST_NOMEM;
    p = col(st, 4, &n);
    if (!add_params(m, (struct text){p, n}, &c))
        return ST_NOMEM;
    m->cand[m->ncand++] = c;
    return ST_OK;
}

/* How many distinct values a (path, parameter name) has among the URLs. */
struct name_count {
    uint64_t group;      /* hash of the path and the name */
    uint64_t value;      /* hash of a value (while counting) */
    uint32_t distinct;
};

static int by_group_value(const void *a, const void *b)
{
    const struct name_count *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

static uint64_t group_of(const struct urlmap *m, const struct candidate *c, const struct param *p)
{
    return hash_more(c->path_hash ^ 0x9e3779b97f4a7c15ull, m->arena + p->name.off, p->name.len);
}

static uint32_t distinct_of(const struct name_count *counts, size_t n, uint64_t group)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (counts[mid].group < group)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && counts[lo].group == group ? counts[lo].distinct : 0;
}

/* Picks each candidate's key parameter: the name with the most distinct
 * values under its path (ties: the earlier parameter). */
static enum status choose_keys(struct urlmap *m)
{
    struct name_count *nc = malloc((m->nparam + 1) * sizeof *nc);
    size_t n = 0, groups = 0;
    if (!nc)
        return ST_NOMEM;
    for (size_t i = 0; i < m->ncand; i++)
        for (uint32_t k = 0; k < m->cand[i].nparams; k++) {
            const struct param *p = &m->param[m->cand[i].first_param + k];
            nc[n++] = (struct name_count){group_of(m, &m->cand[i], p),
                                          hash_bytes(m->arena + p->value.off, p->value.len), 0};
        }
    qsort(nc, n, sizeof *nc, by_group_value);
    for (size_t i = 0; i < n; i++) { /* one entry per group, counting values */
        if (groups && nc[groups - 1].group == nc[i].group) {
            nc[groups - 1].distinct += nc[i].value != nc[i - 1].value;
            continue;
        }
        nc[groups] = nc[i];
        nc[groups++].distinct = 1;
    }
    for (size_t i = 0; i < m->ncand; i++) {
        struct candidate *c = &m->cand[i];
        uint32_t best = 0;
        for (uint32_t k = 0; k < c->nparams; k++) {
            const struct param *p = &m->param[c->first_param + k];
            uint32_t d = distinct_of(nc, groups, group_of(m, c, p));
            if (d > best && p->name.len <= KEY_NAME_MAX) {
                best = d;
                c->key_param = c->first_param + k;
                c->key = param_key(c->path_hash, m->arena + p->name.off, p->name.len,
                                   m->arena + p->value.off, p->value.len);
            }
        }
    }
    free(nc);
    return ST_OK;
}

/* Chains the candidates into buckets by key, keeping their load order. */
static enum status index_candidates(struct urlmap *m)
{
    size_t size = 16;
    enum status rc = choose_keys(m);
    if (rc != ST_OK)
        return rc;
    while (size < m->ncand * 2)
        size *= 2;
    if (!(m->bucket = malloc(size * sizeof *m->bucket)))
        return ST_NOMEM;
    memset(m->bucket, 0xff, size * sizeof *m->bucket);
    m->mask = size - 1;
    for (size_t i = m->ncand; i-- > 0;) {
        uint32_t *head = &m->bucket[m->cand[i].key & m->mask];
        m->cand[i].next = *head;
        *head = (uint32_t)i;
    }
    return ST_OK;
}

static enum status read_rows(struct urlmap *m, struct dbi *db)
{
    struct dbi_stmt *st = NULL;
    int r = DBI_DONE;
    enum status rc = db_prepare(db, &st,
                                "SELECT dataset_id, resource_id, host, path, query"
                                " FROM resource_url ORDER BY dataset_id, position");
    while (rc == ST_OK && (r = dbi_step(st)) == DBI_ROW)
        rc = add_row(m, st);
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read the catalog's resource URLs: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

static enum status set_hosts(struct urlmap *m, const char *const *hosts, int nhosts)
{
    if (nhosts > HOSTS_MAX) {
        errorf("at most %d --host names", HOSTS_MAX);
        return ST_USAGE;
    }
    for (int i = 0; i < nhosts; i++) {
        size_t n = strlen(hosts[i]);
        if (!(m->hosts[i] = malloc(n + 1)))
            return ST_NOMEM;
        m->hosts[i][host_of((struct text){hosts[i], n}, m->hosts[i]).len] = '\0';
        m->nhosts = i + 1;
    }
    return ST_OK;
}

enum status urlmap_load(struct urlmap **out, const char *db_path, const char *const *hosts,
                        int nhosts)
{
    struct urlmap *m = calloc(1, sizeof *m);
    struct dbi *db = NULL;
    enum status rc = m ? set_hosts(m, hosts, nhosts) : ST_NOMEM;

    *out = NULL;
    if (rc == ST_OK)
        rc = db_open(&db, db_path, DB_EXISTING, 60000);
    if (rc == ST_OK)
        rc = read_rows(m, db);
    if (rc == ST_OK && m->ncand > 0)
        rc = index_candidates(m);
    db_close(db);
    if (rc == ST_NOMEM)
        errorf("out of memory loading the catalog's resource URLs");
    if (rc != ST_OK || m->ncand == 0) {
        urlmap_free(m);
        return rc;
    }
    *out = m;
    return ST_OK;
}

void urlmap_free(struct urlmap *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->nhosts; i++)
        free(m->hosts[i]);
    free(m->arena);
    free(m->cand);
    free(m->param);
    free(m->bucket);
    free(m->path_buf);
    free(m->value_buf);
    free(m);
}

size_t urlmap_size(const struct urlmap *m) { return m ? m->ncand : 0; }

/* ---- matching ----------------------------------------------------------- */

static bool span_equals(const struct urlmap *m, struct span s, const char *p, size_t n)
{
    return s.len == n && memcmp(m->arena + s.off, p, n) == 0;
}

/* True when QUERY has a pair named like P (case-insensitively) whose
 * decoded value equals P's. */
static bool has_param(struct urlmap *m, const struct param *prm, struct text q)
{
    size_t i = 0;
    while (i <= q.len) {
        size_t j = i;
        while (j < q.len && q.p[j] != '&')
            j++;
        const char *eq = memchr(q.p + i, '=', j - i);
        size_t name_len = eq ? (size_t)(eq - q.p) - i : j - i;
        if (name_len == prm->name.len &&
            equal_nocase(q.p + i, m->arena + prm->name.off, name_len)) {
            struct text raw = eq ? (struct text){eq + 1, (size_t)(q.p + j - eq - 1)}
                                 : (struct text){"", 0};
            size_t n = target_percent_decode(raw, m->value_buf);
            if (span_equals(m, prm->value, m->value_buf, n))
                return true;
        }
        i = j + 1;
    }
    return false;
}

/* SPEC §1.4b (c): the line's host, else --host, else any host. */
static bool host_fits(const struct urlmap *m, const struct candidate *c, struct text line_host)
{
    const char *h = m->arena + c->host.off;
    if (c->host.len == 0)
        return true;
    if (line_host.len) {
        const char *colon = memchr(line_host.p, ':', line_host.len);
        size_t n = colon && line_host.p[0] != '[' ? (size_t)(colon - line_host.p) : line_host.len;
        return n == c->host.len && equal_nocase(line_host.p, h, n);
    }
    if (m->nhosts == 0)
        return true;
    for (int i = 0; i < m->nhosts; i++)
        if (strcmp(m->hosts[i], h) == 0)
            return true;
    return false;
}

static bool ensure_buffers(struct urlmap *m, size_t n)
{
    if (n + 1 <= m->buf_cap)
        return true;
    free(m->path_buf);
    free(m->value_buf);
    m->buf_cap = n + 1 < 4096 ? 4096 : n + 1;
    m->path_buf = malloc(m->buf_cap);
    m->value_buf = malloc(m->buf_cap);
    if (m->path_buf && m->value_buf)
        return true;
    m->buf_cap = 0;
    return false;
}

/* The smallest candidate number under KEY that fits, below BEST. */
static uint32_t probe(struct urlmap *m, uint64_t key, bool keyed, size_t path_len, struct text query,
                      struct text host, uint32_t best)
{
    for (uint32_t i = m->bucket[key & m->mask]; i != NO_NEXT && i < best; i = m->cand[i].next) {
        const struct candidate *c = &m->cand[i];
        bool fits = c->key == key && (c->key_param != NO_NEXT) == keyed &&
                    span_equals(m, c->path, m->path_buf, path_len) && host_fits(m, c, host);
        for (uint32_t k = 0; fits && k < c->nparams; k++)
            fits = has_param(m, &m->param[c->first_param + k], query);
        if (fits)
            return i; /* chains are in candidate order */
    }
    return best;
}

/* Probes the path alone, then the path with each parameter of QUERY. */
static uint32_t lookup(struct urlmap *m, size_t path_len, struct text query, struct text host)
{
    uint64_t path_hash = hash_bytes(m->path_buf, path_len);
    uint32_t best = probe(m, path_hash, false, path_len, query, host, NO_NEXT);
    size_t i = 0;
    char name[KEY_NAME_MAX];

    while (i < query.len) {
        size_t j = i;
        while (j < query.len && query.p[j] != '&')
            j++;
        const char *eq = memchr(query.p + i, '=', j - i);
        size_t name_len = eq ? (size_t)(eq - query.p) - i : j - i;
        if (name_len <= sizeof name) { /* longer names are in no URL's key */
            struct text raw = eq ? (struct text){eq + 1, (size_t)(query.p + j - eq - 1)}
                                 : (struct text){"", 0};
            for (size_t k = 0; k < name_len; k++)
                name[k] = lower(query.p[i + k]);
            /* value_buf is reused by has_param: the key is hashed first */
            size_t n = target_percent_decode(raw, m->value_buf);
            uint64_t key = param_key(path_hash, name, name_len, m->value_buf, n);
            best = probe(m, key, true, path_len, query, host, best);
        }
        i = j + 1;
    }
    return best;
}

enum rule_result urlmap_match(struct urlmap *m, struct text target, struct text host,
                              int status, struct rule_match *match)
{
    struct text query = {"", 0};
    size_t plen = 0;

    if (!m || target.len == 0 || target.p[0] != '/' || !ensure_buffers(m, target.len))
        return RULE_OTHER;
    while (plen < target.len && target.p[plen] != '?' && target.p[plen] != '#')
        plen++;
    if (plen < target.len && target.p[plen] == '?') {
        const char *q = target.p + plen + 1, *hash = memchr(q, '#', target.len - plen - 1);
        query = (struct text){q, hash ? (size_t)(hash - q) : target.len - plen - 1};
    }
    uint32_t i = lookup(m, normalise_path((struct text){target.p, plen}, m->path_buf), query, host);
    if (i == NO_NEXT)
        return RULE_OTHER;
    if (status != 200 && status != 206 && status != 304)
        return RULE_REFUSED;
    match->kind = KIND_DOWNLOAD;
    match->dataset = (struct text){m->arena + m->cand[i].dataset.off, m->cand[i].dataset.len};
    match->resource = (struct text){m->arena + m->cand[i].resource.off, m->cand[i].resource.len};
    return RULE_EVENT;
}
