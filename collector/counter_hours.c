/* counter_hours.c - the counter's state by local hour: which hours are
 * covered, which are kept, and their serialised form.
 *
 * SPEC §2.5: state is kept for the hours that reach into the late window
 * of the newest instant and for the edges of every stretch of covered time
 * (its first two hours and its last), so a line within the window, or in
 * time no line covered yet, finds every event it can interact with. During
 * a run the last W of every stretch it writes is kept too, so a backfill's
 * own disorder is exact; the end of a run keeps only what the SPEC asks.
 * A kept hour is one BLOB: keyed hashes and counts, never an address.
 */
#include "counter_int.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"

#define BLOB_VERSION 1

/* --- covered time ------------------------------------------------------- */

/* Index of the first span whose first hour is above HOUR. */
static uint32_t span_after(const struct counter *c, int64_t hour)
{
    uint32_t lo = 0, hi = c->nspans;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->spans[mid].first <= hour)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const struct span *span_of(const struct counter *c, int64_t hour)
{
    uint32_t i = span_after(c, hour);
    return i > 0 && c->spans[i - 1].last >= hour ? &c->spans[i - 1] : NULL;
}

bool counter_covered(const struct counter *c, int64_t hour) { return span_of(c, hour) != NULL; }

static enum status insert_span(struct counter *c, uint32_t at, int64_t first, int64_t last)
{
    if (!counter_grow((void **)&c->spans, c->nspans, &c->spans_cap, sizeof *c->spans))
        return ST_NOMEM;
    memmove(c->spans + at + 1, c->spans + at, (c->nspans - at) * sizeof *c->spans);
    c->spans[at] = (struct span){first, last};
    c->nspans++;
    return ST_OK;
}

/* Adds [FIRST, LAST] to the covered time, joining the spans it touches. */
static enum status cover(struct counter *c, int64_t first, int64_t last)
{
    uint32_t i = span_after(c, first);
    enum status rc;
    c->spans_dirty = true;
    if (i > 0 && c->spans[i - 1].last + 1 >= first) {
        i--;
        if (last > c->spans[i].last)
            c->spans[i].last = last;
    } else if ((rc = insert_span(c, i, first, last)) != ST_OK) {
        return rc;
    }
    while (i + 1 < c->nspans && c->spans[i + 1].first <= c->spans[i].last + 1) {
        if (c->spans[i + 1].last > c->spans[i].last)
            c->spans[i].last = c->spans[i + 1].last;
        memmove(c->spans + i + 1, c->spans + i + 2, (c->nspans - i - 2) * sizeof *c->spans);
        c->nspans--;
    }
    return ST_OK;
}

enum status counter_add_coverage(struct counter *c, int64_t first_hour, int64_t last_hour)
{
    enum status rc = cover(c, first_hour, last_hour);
    c->spans_dirty = false; /* what the database already holds */
    return rc;
}

bool counter_spans_changed(const struct counter *c) { return c->spans_dirty; }

enum status counter_each_span(struct counter *c, span_fn fn, void *ctx)
{
    enum status rc = ST_OK;
    for (uint32_t i = 0; i < c->nspans && c->spans_dirty && rc == ST_OK; i++)
        rc = fn(ctx, c->spans[i].first, c->spans[i].last);
    return rc;
}

/* --- stored hours ------------------------------------------------------- */

static struct stored *find_stored(struct counter *c, int64_t hour)
{
    uint32_t lo = 0, hi = c->nstored;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->stored[mid].hour < hour)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->nstored && c->stored[lo].hour == hour ? &c->stored[lo] : NULL;
}

enum status counter_add_stored_hour(struct counter *c, int64_t hour, int64_t hour_end)
{
    if (!counter_grow((void **)&c->stored, c->nstored, &c->stored_cap, sizeof *c->stored))
        return ST_NOMEM;
    uint32_t i = c->nstored;
    while (i > 0 && c->stored[i - 1].hour > hour) /* the store gives them sorted */
        i--;
    memmove(c->stored + i + 1, c->stored + i, (c->nstored - i) * sizeof *c->stored);
    c->stored[i] = (struct stored){hour, hour_end, false, false};
    c->nstored++;
    return ST_OK;
}

/* --- serialised form ---------------------------------------------------- */

struct wbuf { uint8_t *p; size_t len, cap; bool failed; };
struct rbuf { const uint8_t *p; size_t len, pos; bool failed; };

static void put(struct wbuf *w, uint64_t v, int bytes)
{
    if (w->len + (size_t)bytes > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        while (cap < w->len + (size_t)bytes)
            cap *= 2;
        uint8_t *p = w->failed ? NULL : realloc(w->p, cap);
        if (!p) {
            w->failed = true;
            return;
        }
        w->p = p;
        w->cap = cap;
    }
    for (int i = 0; i < bytes; i++) /* little-endian on every machine */
        w->p[w->len++] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(struct rbuf *r, int bytes)
{
    uint64_t v = 0;
    if (r->pos + (size_t)bytes > r->len) {
        r->failed = true;
        return 0;
    }
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)r->p[r->pos++] << (8 * i);
    return v;
}

/* Local indices of the datasets one bucket uses (DATASET_LOCAL is indexed
 * by the counter's dataset index; STAMP tells which entries are valid). */
struct local_map { uint32_t *local, *stamp, n, now; };

static void put_datasets(struct counter *c, const struct bucket *b, struct local_map *m,
                         struct wbuf *w)
{
    uint32_t n = 0;
    size_t count_at = w->len;
    m->now++;
    put(w, 0, 4);
    for (uint32_t s = b->first_sess; s != NONE; s = c->sess[s].bucket_next)
        for (uint32_t i = c->sess[s].first; i != NONE; i = c->ev[i].sess_next) {
            uint32_t d = c->ev[i].dataset;
            if (m->stamp[d] == m->now)
                continue;
            m->stamp[d] = m->now;
            m->local[d] = n++;
            size_t len = strlen(c->datasets[d]);
            put(w, len, 2);
            for (size_t k = 0; k < len; k++)
                put(w, (uint8_t)c->datasets[d][k], 1);
        }
    if (!w->failed)
        for (int i = 0; i < 4; i++)
            w->p[count_at + (size_t)i] = (uint8_t)(n >> (8 * i));
}

static void put_sessions(struct counter *c, const struct bucket *b, struct wbuf *w,
                         uint32_t *nev)
{
    uint32_t n = 0;
    for (uint32_t s = b->first_sess; s != NONE; s = c->sess[s].bucket_next)
        n++;
    put(w, n, 4);
    n = 0;
    for (uint32_t s = b->first_sess; s != NONE; s = c->sess[s].bucket_next) {
        struct sess *x = &c->sess[s];
        x->ndatasets = n++; /* reused as the local index until the reset */
        put(w, x->key.hi, 8);
        put(w, x->key.lo, 8);
        put(w, x->requests, 4);
        put(w, x->ua_cls, 1);
        put(w, x->flags & (S_ROBOTS_TXT | S_NETWORK | S_LISTED), 1);
        put(w, x->applied, 1);
        put(w, (uint8_t)x->cc[0], 1);
        put(w, (uint8_t)x->cc[1], 1);
        for (uint32_t i = x->first; i != NONE; i = c->ev[i].sess_next)
            (*nev)++;
    }
}

static void put_events(struct counter *c, const struct bucket *b, const struct local_map *m,
                       struct wbuf *w, uint32_t nev)
{
    put(w, nev, 4);
    for (uint32_t s = b->first_sess; s != NONE; s = c->sess[s].bucket_next)
        for (uint32_t i = c->sess[s].first; i != NONE; i = c->ev[i].sess_next) {
            const struct ev *e = &c->ev[i];
            put(w, e->key.hi, 8);
            put(w, e->key.lo, 8);
            put(w, (uint64_t)e->instant, 8);
            put(w, e->sec, 2);
            put(w, c->sess[s].ndatasets, 4);
            put(w, m->local[e->dataset], 4);
            put(w, e->flags & (EV_COUNTED | EV_LATE | EV_VIEW), 1);
        }
}

static enum status serialise(struct counter *c, struct bucket *b, struct local_map *m)
{
    struct wbuf w = {0};
    uint32_t nev = 0;
    put(&w, BLOB_VERSION, 1);
    put(&w, b->flags & B_PARTIAL, 1);
    put(&w, (uint64_t)b->max_instant, 8);
    put_datasets(c, b, m, &w);
    put_sessions(c, b, &w, &nev);
    put_events(c, b, m, &w, nev);
    if (w.failed) {
        free(w.p);
        return ST_NOMEM;
    }
    free(b->blob);
    b->blob = w.p;
    b->len = w.len;
    return ST_OK;
}

static enum status new_bucket(struct counter *c, int64_t hour, int64_t hour_end, uint8_t flags,
                              uint32_t *out)
{
    bool created;
    if (!counter_grow((void **)&c->buckets, c->nbuckets, &c->buckets_cap, sizeof *c->buckets))
        return ST_NOMEM;
    uint32_t *slot = hmap_put(c->bucket_index, (struct hash128){(uint64_t)hour, 1}, &created);
    if (!slot)
        return ST_NOMEM;
    *slot = c->nbuckets;
    c->buckets[c->nbuckets] = (struct bucket){
        .hour = hour, .hour_end = hour_end, .max_instant = COUNTER_NO_TIME,
        .first_sess = NONE, .flags = flags,
    };
    *out = c->nbuckets++;
    return ST_OK;
}

static enum status get_datasets(struct counter *c, struct rbuf *r, uint32_t **map, uint32_t *n)
{
    *n = (uint32_t)get(r, 4);
    if (r->failed || *n > r->len)
        return ST_DB;
    *map = malloc(((size_t)*n + 1) * sizeof **map);
    if (!*map)
        return ST_NOMEM;
    for (uint32_t i = 0; i < *n; i++) {
        size_t len = (size_t)get(r, 2);
        if (r->failed || r->pos + len > r->len)
            return ST_DB;
        enum status rc = counter_intern(c, (const char *)r->p + r->pos, len, &(*map)[i]);
        if (rc != ST_OK)
            return rc;
        r->pos += len;
    }
    return ST_OK;
}

static enum status get_sessions(struct counter *c, struct rbuf *r, uint32_t b, uint32_t *first)
{
    uint32_t n = (uint32_t)get(r, 4);
    *first = c->nsess;
    for (uint32_t k = 0; k < n && !r->failed; k++) {
        struct hash128 key;
        key.hi = get(r, 8);
        key.lo = get(r, 8);
        uint32_t s = counter_new_session(c, key, b);
        if (s == NONE)
            return ST_NOMEM;
        c->sess[s].requests = (uint32_t)get(r, 4);
        c->sess[s].ua_cls = (uint8_t)get(r, 1);
        c->sess[s].flags = (uint8_t)get(r, 1);
        c->sess[s].applied = (uint8_t)get(r, 1);
        c->sess[s].cc[0] = (char)get(r, 1);
        c->sess[s].cc[1] = (char)get(r, 1);
        if (c->sess[s].applied > EFF_ROBOT_NET)
            r->failed = true;
    }
    return r->failed ? ST_DB : ST_OK;
}

static enum status get_events(struct counter *c, struct rbuf *r, uint32_t first_sess,
                              const uint32_t *datasets, uint32_t ndatasets)
{
    uint32_t n = (uint32_t)get(r, 4);
    enum status rc = ST_OK;
    for (uint32_t k = 0; k < n && rc == ST_OK && !r->failed; k++) {
        uint32_t i = counter_new_event(c);
        if (i == NONE)
            return ST_NOMEM;
        struct ev *e = &c->ev[i];
        e->key.hi = get(r, 8);
        e->key.lo = get(r, 8);
        e->instant = (int64_t)get(r, 8);
        e->sec = (uint16_t)get(r, 2);
        uint32_t s = (uint32_t)get(r, 4), d = (uint32_t)get(r, 4);
        e->flags = (uint8_t)get(r, 1);
        if (r->failed || s >= c->nsess - first_sess || d >= ndatasets)
            return ST_DB;
        e->sess = first_sess + s;
        e->dataset = datasets[d];
        struct sess *x = &c->sess[e->sess];
        if (x->last == NONE)
            x->first = i;
        else
            c->ev[x->last].sess_next = i;
        x->last = i;
        rc = counter_note_unique(c, e->sess, e->dataset, (e->flags & EV_VIEW) ? 1 : 2, false);
        if (rc == ST_OK)
            rc = counter_link_stored(c, i);
    }
    return r->failed ? ST_DB : rc;
}

/* Rebuilds the kept state of HOUR from BLOB. */
static enum status deserialise(struct counter *c, int64_t hour, int64_t hour_end,
                               const void *blob, size_t len)
{
    struct rbuf r = {blob, len, 0, false};
    uint32_t b, first_sess, *datasets = NULL, ndatasets = 0;
    enum status rc = ST_DB;
    if (get(&r, 1) != BLOB_VERSION)
        goto out;
    uint8_t flags = (uint8_t)get(&r, 1);
    int64_t max_instant = (int64_t)get(&r, 8);
    rc = new_bucket(c, hour, hour_end, (uint8_t)((flags & B_PARTIAL) | B_STORED), &b);
    if (rc == ST_OK)
        rc = get_datasets(c, &r, &datasets, &ndatasets);
    if (rc == ST_OK)
        rc = get_sessions(c, &r, b, &first_sess);
    if (rc == ST_OK)
        rc = get_events(c, &r, first_sess, datasets, ndatasets);
    if (rc == ST_OK)
        c->buckets[b].max_instant = max_instant;
out:
    if (rc == ST_DB)
        errorf("the stored state of hour %lld is damaged", (long long)hour);
    free(datasets);
    return rc;
}

/* --- finding a line's hour ---------------------------------------------- */

static enum status load_stored(struct counter *c, int64_t hour)
{
    struct stored *st = find_stored(c, hour);
    const void *blob = NULL;
    size_t len = 0;
    if (!st || st->loaded)
        return ST_OK;
    enum status rc = c->cfg.load(c->cfg.load_ctx, hour, &blob, &len);
    if (rc != ST_OK)
        return rc;
    st = find_stored(c, hour);
    st->loaded = true;
    return blob ? deserialise(c, hour, st->hour_end, blob, len) : ST_OK;
}

static const uint32_t *bucket_slot(const struct counter *c, int64_t hour)
{
    return hmap_get(c->bucket_index, (struct hash128){(uint64_t)hour, 1});
}

/* A line's bucket: in memory, or stored, or new - partial when its hour
 * was covered. The hours beside it are loaded with it: their events may
 * share a chain with its own. */
enum status counter_bucket_for(struct counter *c, const struct logrec *rec, uint32_t *index)
{
    int64_t hour = rec->day * 24 + rec->hour;
    const uint32_t *slot;
    enum status rc = ST_OK;
    if (c->cur != NONE && c->buckets[c->cur].hour == hour) {
        *index = c->cur;
    } else {
        rc = load_stored(c, hour);
        if (rc == ST_OK && (slot = bucket_slot(c, hour))) {
            *index = *slot;
        } else if (rc == ST_OK) {
            bool covered = counter_covered(c, hour);
            rc = new_bucket(c, hour, rec->instant - rec->second_of_hour + 3600,
                            covered ? B_PARTIAL : 0, index);
            if (rc == ST_OK && !covered)
                rc = cover(c, hour, hour);
        }
        if (rc == ST_OK && !(c->buckets[*index].flags & B_NEIGHBOURS)) {
            c->buckets[*index].flags |= B_NEIGHBOURS;
            rc = load_stored(c, hour - 1);
            if (rc == ST_OK)
                rc = load_stored(c, hour + 1);
        }
    }
    if (rc == ST_OK && rec->instant > c->buckets[*index].max_instant)
        c->buckets[*index].max_instant = rec->instant;
    return rc;
}

/* --- which hours are kept ----------------------------------------------- */

/* The newest instant written in each span this run, for the run's own
 * window (indexed like c->spans). */
static int64_t *span_fronts(const struct counter *c)
{
    int64_t *front = malloc(((size_t)c->nspans + 1) * sizeof *front);
    if (!front)
        return NULL;
    for (uint32_t i = 0; i < c->nspans; i++)
        front[i] = COUNTER_NO_TIME;
    for (uint32_t b = 0; b < c->nbuckets; b++) {
        const struct span *sp = span_of(c, c->buckets[b].hour);
        if (sp && c->buckets[b].max_instant > front[sp - c->spans])
            front[sp - c->spans] = c->buckets[b].max_instant;
    }
    return front;
}

static bool keep_hour(const struct counter *c, const int64_t *front, int64_t hour,
                      int64_t hour_end)
{
    int64_t reach = c->cfg.late_window + COUNTER_CLICK_WINDOW;
    const struct span *sp = span_of(c, hour);
    if (c->newest != COUNTER_NO_TIME && hour_end > c->newest - reach)
        return true;
    if (!sp)
        return false;
    if (hour == sp->first || hour == sp->first + 1 || hour == sp->last)
        return true;
    int64_t f = front ? front[sp - c->spans] : COUNTER_NO_TIME;
    return f != COUNTER_NO_TIME && hour_end > f - reach;
}

enum status counter_seal(struct counter *c, bool final)
{
    int64_t *front = final ? NULL : span_fronts(c);
    struct local_map m = {0};
    enum status rc = ST_NOMEM;
    if (!final && !front)
        goto out;
    m.local = calloc((size_t)c->ndatasets + 1, sizeof *m.local);
    m.stamp = calloc((size_t)c->ndatasets + 1, sizeof *m.stamp);
    if (!m.local || !m.stamp)
        goto out;
    rc = ST_OK;
    for (uint32_t i = 0; i < c->nbuckets && rc == ST_OK; i++) {
        struct bucket *b = &c->buckets[i];
        bool keep = keep_hour(c, front, b->hour, b->hour_end);
        b->flags = (uint8_t)(keep ? b->flags | B_KEEP : b->flags & ~B_KEEP);
        if (keep)
            rc = serialise(c, b, &m);
    }
    for (uint32_t i = 0; i < c->nstored; i++)
        c->stored[i].doomed = !c->stored[i].loaded &&
                              !keep_hour(c, front, c->stored[i].hour, c->stored[i].hour_end);
    for (uint32_t i = 0; i < c->nsess; i++) {
        struct sess *s = &c->sess[i];
        bool busy = s->applied == EFF_HUMAN && s->requests >= COUNTER_BUSY_REQUESTS;
        if (!(s->flags & S_DIRTY))
            continue;
        s->flags = (uint8_t)(busy || (s->flags & S_LISTED) ? s->flags | S_REPORT
                                                           : s->flags & ~S_REPORT);
        s->flags = (uint8_t)(busy ? s->flags | S_LISTED : s->flags & ~S_LISTED);
    }
out:
    free(front);
    free(m.local);
    free(m.stamp);
    return rc;
}

enum status counter_each_hour(struct counter *c, hour_fn fn, void *ctx)
{
    enum status rc = ST_OK;
    for (uint32_t i = 0; i < c->nbuckets && rc == ST_OK; i++) {
        const struct bucket *b = &c->buckets[i];
        if ((b->flags & B_KEEP) && (b->flags & (B_DIRTY | B_STORED)) != B_STORED)
            rc = fn(ctx, b->hour, b->hour_end, b->blob, b->len);
        else if (!(b->flags & B_KEEP) && (b->flags & B_STORED))
            rc = fn(ctx, b->hour, b->hour_end, NULL, 0);
    }
    for (uint32_t i = 0; i < c->nstored && rc == ST_OK; i++)
        if (c->stored[i].doomed)
            rc = fn(ctx, c->stored[i].hour, c->stored[i].hour_end, NULL, 0);
    return rc;
}

/* --- the reset after a commit ------------------------------------------- */

static void clear_memory(struct counter *c)
{
    for (uint32_t i = 0; i < c->nbuckets; i++)
        free(c->buckets[i].blob);
    c->nbuckets = 0;
    c->nev = 0;
    c->nsess = 0;
    c->cur = NONE;
    hmap_clear(c->chains);
    hmap_clear(c->sessions);
    hmap_clear(c->uniques);
    hmap_clear(c->bucket_index);
    for (uint32_t i = 0; i < c->ndatasets; i++)
        free(c->datasets[i]);
    c->ndatasets = 0;
    hmap_clear(c->dataset_index);
}

/* The stored set after the commit: the doomed hours gone, the kept ones
 * in memory again. */
static enum status restore_stored(struct counter *c, const struct bucket *kept, uint32_t nkept)
{
    uint32_t n = 0;
    enum status rc = ST_OK;
    for (uint32_t i = 0; i < c->nstored; i++)
        if (!c->stored[i].doomed && !c->stored[i].loaded)
            c->stored[n++] = c->stored[i];
    c->nstored = n;
    for (uint32_t i = 0; i < nkept && rc == ST_OK; i++) {
        rc = counter_add_stored_hour(c, kept[i].hour, kept[i].hour_end);
        if (rc == ST_OK)
            find_stored(c, kept[i].hour)->loaded = true;
    }
    return rc;
}

static int by_hour(const void *a, const void *b)
{
    const struct bucket *x = a, *y = b;
    return (x->hour > y->hour) - (x->hour < y->hour);
}

enum status counter_reset_batch(struct counter *c)
{
    uint32_t nkept = 0;
    enum status rc = ST_OK;
    struct bucket *kept = malloc(((size_t)c->nbuckets + 1) * sizeof *kept);
    if (!kept)
        return ST_NOMEM;
    counter_clear_batch(c);
    for (uint32_t i = 0; i < c->nbuckets; i++)
        if (c->buckets[i].flags & B_KEEP) {
            kept[nkept++] = c->buckets[i];
            c->buckets[i].blob = NULL; /* moved */
        }
    clear_memory(c);
    qsort(kept, nkept, sizeof *kept, by_hour);
    rc = restore_stored(c, kept, nkept);
    for (uint32_t i = 0; i < nkept && rc == ST_OK; i++)
        rc = deserialise(c, kept[i].hour, kept[i].hour_end, kept[i].blob, kept[i].len);
    for (uint32_t i = 0; i < nkept; i++)
        free(kept[i].blob);
    free(kept);
    c->spans_dirty = false;
    return rc;
}

void counter_free_hours(struct counter *c)
{
    for (uint32_t i = 0; i < c->nbuckets; i++)
        free(c->buckets[i].blob);
    free(c->buckets);
    free(c->spans);
    free(c->stored);
}
