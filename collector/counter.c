/* counter.c - SPEC §1.7 and §2 over a set of events: chains, session-hours
 * and the deltas they make.
 *
 * An event is counted when no active event of its click key lies at most
 * 30 s before it in sorted order (it starts a chain). That rule is local,
 * so a late arrival changes at most its own count and its successor's. A
 * session-hour whose class changes (robots.txt, the rate) takes all its
 * events out of the tallies and their chains and puts them back under the
 * new class. Every change is applied at once as a signed delta.
 */
#include "counter_int.h"

#include <stdlib.h>
#include <string.h>

struct tally { int64_t day; uint32_t dataset; int32_t n[T_COLUMNS]; };
struct country_tally { int64_t day; uint32_t dataset; char cc[2]; int32_t n[C_COLUMNS]; };
struct day_tally { int64_t day; int reason; uint32_t lines; };
struct slot { uint32_t index; };
struct uniq { uint8_t seen; uint32_t stamp; };

#define UNIQ_VIEW 1
#define UNIQ_DOWNLOAD 2

/* The daily_country column of a daily column, -1 for robots. */
static const int country_of[T_COLUMNS] = {
    [T_VIEWS] = C_VIEWS, [T_DOWNLOADS] = C_DOWNLOADS, [T_UNIQUE_VIEWS] = C_UNIQUE_VIEWS,
    [T_UNIQUE_DOWNLOADS] = C_UNIQUE_DOWNLOADS, [T_UNIQUE_SESSIONS] = C_UNIQUE_SESSIONS,
    [T_MACHINE_VIEWS] = C_MACHINE_VIEWS, [T_MACHINE_DOWNLOADS] = C_MACHINE_DOWNLOADS,
    [T_ROBOT_VIEWS] = -1, [T_ROBOT_DOWNLOADS] = -1,
    [T_MACHINE_UNIQUE_VIEWS] = C_MACHINE_UNIQUE_VIEWS,
    [T_MACHINE_UNIQUE_DOWNLOADS] = C_MACHINE_UNIQUE_DOWNLOADS,
    [T_MACHINE_UNIQUE_SESSIONS] = C_MACHINE_UNIQUE_SESSIONS,
    [T_ROBOT_UA] = -1, [T_ROBOT_ROBOTSTXT] = -1, [T_ROBOT_RATE] = -1, [T_ROBOT_NETWORK] = -1,
};

static const enum tally_column robot_reason[] = {
    [EFF_ROBOT_UA] = T_ROBOT_UA, [EFF_ROBOT_TXT] = T_ROBOT_ROBOTSTXT,
    [EFF_ROBOT_RATE] = T_ROBOT_RATE, [EFF_ROBOT_NET] = T_ROBOT_NETWORK,
};

static bool is_robot(uint8_t eff) { return eff >= EFF_ROBOT_UA; }

struct counter *counter_new(const struct counter_config *cfg)
{
    struct counter *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cfg = *cfg;
    memcpy(c->secret, cfg->secret, 16);
    c->cfg.secret = c->secret;
    c->newest = cfg->newest;
    c->cur = NONE;
    c->chains = hmap_new(sizeof(struct slot));
    c->sessions = hmap_new(sizeof(struct slot));
    c->uniques = hmap_new(sizeof(struct uniq));
    c->bucket_index = hmap_new(sizeof(struct slot));
    c->tallies = hmap_new(sizeof(struct tally));
    c->countries = hmap_new(sizeof(struct country_tally));
    c->rejects = hmap_new(sizeof(struct day_tally));
    c->late = hmap_new(sizeof(struct day_tally));
    c->dataset_index = hmap_new(sizeof(struct slot));
    if (!c->chains || !c->sessions || !c->uniques || !c->bucket_index ||
        !c->tallies || !c->countries || !c->rejects || !c->late || !c->dataset_index) {
        counter_free(c);
        return NULL;
    }
    return c;
}

static void forget_datasets(struct counter *c)
{
    for (uint32_t i = 0; i < c->ndatasets; i++)
        free(c->datasets[i]);
    c->ndatasets = 0;
    hmap_clear(c->dataset_index);
}

void counter_free(struct counter *c)
{
    if (!c)
        return;
    forget_datasets(c);
    counter_free_hours(c);
    free(c->datasets);
    free(c->ev);
    free(c->sess);
    hmap_free(c->chains);
    hmap_free(c->sessions);
    hmap_free(c->uniques);
    hmap_free(c->bucket_index);
    hmap_free(c->tallies);
    hmap_free(c->countries);
    hmap_free(c->rejects);
    hmap_free(c->late);
    hmap_free(c->dataset_index);
    free(c);
}

int64_t counter_newest(const struct counter *c) { return c->newest; }

bool counter_grow(void **arr, uint32_t n, uint32_t *cap, size_t size)
{
    if (n < *cap)
        return true;
    uint32_t ncap = *cap ? *cap * 2 : 1024;
    void *p = realloc(*arr, (size_t)ncap * size);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
}

enum status counter_intern(struct counter *c, const char *id, size_t len, uint32_t *index)
{
    static const uint8_t key[16] = "odstat-datasets";
    bool created;
    struct hasher h;
    hasher_init(&h, key);
    hasher_add(&h, id, len);
    struct slot *slot = hmap_put(c->dataset_index, hasher_done(&h), &created);
    if (!slot)
        return ST_NOMEM;
    if (created) {
        char *copy = malloc(len + 1);
        if (!copy || !counter_grow((void **)&c->datasets, c->ndatasets, &c->datasets_cap,
                           sizeof *c->datasets)) {
            free(copy);
            return ST_NOMEM;
        }
        memcpy(copy, id, len);
        copy[len] = '\0';
        slot->index = c->ndatasets;
        c->datasets[c->ndatasets++] = copy;
    }
    *index = slot->index;
    return ST_OK;
}

uint32_t counter_new_event(struct counter *c)
{
    if (!counter_grow((void **)&c->ev, c->nev, &c->ev_cap, sizeof *c->ev))
        return NONE;
    memset(&c->ev[c->nev], 0, sizeof c->ev[0]);
    c->ev[c->nev].prev = c->ev[c->nev].next = c->ev[c->nev].sess_next = NONE;
    return c->nev++;
}

/* A new session-hour of BUCKET (NONE when out of memory); the caller fills
 * in its class, flags and country. */
uint32_t counter_new_session(struct counter *c, struct hash128 key, uint32_t bucket)
{
    bool created;
    struct slot *slot = hmap_put(c->sessions, key, &created);
    if (!slot || !counter_grow((void **)&c->sess, c->nsess, &c->sess_cap, sizeof *c->sess))
        return NONE;
    struct sess *s = &c->sess[c->nsess];
    memset(s, 0, sizeof *s);
    s->key = key;
    s->bucket = bucket;
    s->first = s->last = NONE;
    s->bucket_next = c->buckets[bucket].first_sess;
    c->buckets[bucket].first_sess = c->nsess;
    slot->index = c->nsess;
    return c->nsess++;
}

/* --- tallies ------------------------------------------------------------ */

static enum status bump_day(struct counter *c, int64_t day, const char cc[2], uint32_t dataset,
                            enum tally_column col, int32_t delta)
{
    bool created;
    struct tally *t = hmap_put(c->tallies, (struct hash128){(uint64_t)day, dataset}, &created);
    if (!t)
        return ST_NOMEM;
    t->day = day;
    t->dataset = dataset;
    t->n[col] += delta;
    if (country_of[col] < 0)
        return ST_OK;
    uint64_t code = (uint64_t)(unsigned char)cc[0] << 8 | (unsigned char)cc[1];
    struct country_tally *ct = hmap_put(
        c->countries, (struct hash128){(uint64_t)day, (uint64_t)dataset << 16 | code}, &created);
    if (!ct)
        return ST_NOMEM;
    ct->day = day;
    ct->dataset = dataset;
    memcpy(ct->cc, cc, 2);
    ct->n[country_of[col]] += delta;
    return ST_OK;
}

static enum status bump(struct counter *c, const struct sess *s, uint32_t dataset,
                        enum tally_column col, int32_t delta)
{
    return bump_day(c, c->buckets[s->bucket].hour / 24, s->cc, dataset, col, delta);
}

/* The tally of event I under its session's applied class. */
static enum status tally_event(struct counter *c, uint32_t i, int32_t delta)
{
    const struct ev *e = &c->ev[i];
    const struct sess *s = &c->sess[e->sess];
    bool view = e->flags & EV_VIEW;
    enum status rc;
    if (is_robot(s->applied)) {
        rc = bump(c, s, e->dataset, view ? T_ROBOT_VIEWS : T_ROBOT_DOWNLOADS, delta);
        return rc == ST_OK ? bump(c, s, e->dataset, robot_reason[s->applied], delta) : rc;
    }
    if (!(e->flags & EV_COUNTED))
        return ST_OK;
    if (s->applied == EFF_MACHINE)
        return bump(c, s, e->dataset, view ? T_MACHINE_VIEWS : T_MACHINE_DOWNLOADS, delta);
    return bump(c, s, e->dataset, view ? T_VIEWS : T_DOWNLOADS, delta);
}

/* The unique counts a (session-hour, dataset) with kinds SEEN adds. */
static enum status tally_unique(struct counter *c, const struct sess *s, uint32_t dataset,
                                uint8_t seen, int32_t delta)
{
    static const enum tally_column cols[2][3] = {
        {T_UNIQUE_VIEWS, T_UNIQUE_DOWNLOADS, T_UNIQUE_SESSIONS},
        {T_MACHINE_UNIQUE_VIEWS, T_MACHINE_UNIQUE_DOWNLOADS, T_MACHINE_UNIQUE_SESSIONS},
    };
    enum status rc = ST_OK;
    if (is_robot(s->applied) || !seen)
        return ST_OK;
    const enum tally_column *col = cols[s->applied == EFF_MACHINE];
    if (seen & UNIQ_VIEW)
        rc = bump(c, s, dataset, col[0], delta);
    if (rc == ST_OK && (seen & UNIQ_DOWNLOAD))
        rc = bump(c, s, dataset, col[1], delta);
    return rc == ST_OK ? bump(c, s, dataset, col[2], delta) : rc;
}

/* --- chains ------------------------------------------------------------- */

static int64_t local_second(const struct counter *c, const struct ev *e)
{
    return c->buckets[c->sess[e->sess].bucket].hour * 3600 + e->sec;
}

/* SPEC §2.1 order: instant, then local time as written. */
static bool before(const struct counter *c, const struct ev *a, const struct ev *b)
{
    if (a->instant != b->instant)
        return a->instant < b->instant;
    return local_second(c, a) < local_second(c, b);
}

static void mark_dirty(struct counter *c, uint32_t i)
{
    struct sess *s = &c->sess[c->ev[i].sess];
    s->flags |= S_DIRTY;
    c->buckets[s->bucket].flags |= B_DIRTY;
}

static bool within(const struct ev *earlier, const struct ev *later)
{
    return later->instant - earlier->instant <= COUNTER_CLICK_WINDOW;
}

/* Puts event I into its key's sorted list; *P and *Q get its neighbours. */
static enum status insert_sorted(struct counter *c, uint32_t i, uint32_t *p_out, uint32_t *q_out)
{
    bool created;
    struct ev *e = &c->ev[i];
    struct slot *tail = hmap_put(c->chains, e->key, &created);
    if (!tail)
        return ST_NOMEM;
    uint32_t p = created ? NONE : tail->index, q = NONE;
    while (p != NONE && before(c, e, &c->ev[p])) {
        q = p;
        p = c->ev[p].prev;
    }
    e->prev = p;
    e->next = q;
    if (p != NONE)
        c->ev[p].next = i;
    if (q != NONE)
        c->ev[q].prev = i;
    else
        tail->index = i;
    *p_out = p;
    *q_out = q;
    return ST_OK;
}

/* Event I of an active (non-robot) session-hour joins its chain: counted
 * unless a predecessor is within 30 s; a successor it now precedes within
 * 30 s loses its count. */
static enum status link_active(struct counter *c, uint32_t i)
{
    struct ev *e = &c->ev[i];
    uint32_t p, q;
    enum status rc;
    if (e->flags & EV_LATE) {
        e->flags |= EV_COUNTED;
        return tally_event(c, i, +1);
    }
    rc = insert_sorted(c, i, &p, &q);
    if (rc != ST_OK)
        return rc;
    e = &c->ev[i];
    if (p == NONE || !within(&c->ev[p], e)) {
        e->flags |= EV_COUNTED;
        rc = tally_event(c, i, +1);
    }
    if (rc == ST_OK && q != NONE && (c->ev[q].flags & EV_COUNTED) && within(e, &c->ev[q])) {
        rc = tally_event(c, q, -1);
        c->ev[q].flags &= (uint8_t)~EV_COUNTED;
        mark_dirty(c, q);
    }
    return rc;
}

/* The reverse of link_active: event I leaves its chain and the tallies; a
 * successor it suppressed may start a chain now. */
static enum status unlink_active(struct counter *c, uint32_t i)
{
    struct ev *e = &c->ev[i];
    enum status rc = (e->flags & EV_COUNTED) ? tally_event(c, i, -1) : ST_OK;
    e->flags &= (uint8_t)~EV_COUNTED;
    if (rc != ST_OK || (e->flags & EV_LATE))
        return rc;
    uint32_t p = e->prev, q = e->next;
    if (p != NONE)
        c->ev[p].next = q;
    if (q != NONE) {
        c->ev[q].prev = p;
    } else {
        bool created;
        struct slot *tail = hmap_put(c->chains, e->key, &created);
        if (!tail)
            return ST_NOMEM;
        tail->index = p;
    }
    e->prev = e->next = NONE;
    if (q != NONE && !(c->ev[q].flags & EV_COUNTED) && (p == NONE || !within(&c->ev[p], &c->ev[q]))) {
        c->ev[q].flags |= EV_COUNTED;
        rc = tally_event(c, q, +1);
        mark_dirty(c, q);
    }
    return rc;
}

enum status counter_link_stored(struct counter *c, uint32_t i)
{
    uint32_t p, q;
    if (is_robot(c->sess[c->ev[i].sess].applied) || (c->ev[i].flags & EV_LATE))
        return ST_OK;
    return insert_sorted(c, i, &p, &q);
}

static enum status apply_event(struct counter *c, uint32_t i)
{
    if (is_robot(c->sess[c->ev[i].sess].applied))
        return tally_event(c, i, +1);
    return link_active(c, i);
}

static enum status retract_event(struct counter *c, uint32_t i)
{
    if (is_robot(c->sess[c->ev[i].sess].applied))
        return tally_event(c, i, -1);
    return unlink_active(c, i);
}

/* --- session-hours ------------------------------------------------------ */

static struct hash128 unique_key(const struct sess *s, uint32_t dataset)
{
    return (struct hash128){s->key.hi ^ ((uint64_t)dataset * 0x9e3779b97f4a7c15u), s->key.lo};
}

/* Records kind BIT of DATASET in session-hour SESS; with APPLY, the unique
 * counts follow. */
enum status counter_note_unique(struct counter *c, uint32_t sess, uint32_t dataset, uint8_t bit,
                                bool apply)
{
    bool created;
    struct sess *s = &c->sess[sess];
    struct uniq *u = hmap_put(c->uniques, unique_key(s, dataset), &created);
    enum status rc = ST_OK;
    if (!u)
        return ST_NOMEM;
    if (created)
        s->ndatasets++;
    if (u->seen & bit)
        return ST_OK;
    if (apply)
        rc = tally_unique(c, s, dataset, u->seen, -1);
    u->seen |= bit;
    if (apply && rc == ST_OK)
        rc = tally_unique(c, s, dataset, u->seen, +1);
    return rc;
}

/* Adds or removes (DELTA) the unique counts of every dataset of SESS. */
static enum status tally_uniques(struct counter *c, uint32_t sess, int32_t delta)
{
    struct sess *s = &c->sess[sess];
    uint32_t stamp = ++c->stamp;
    enum status rc = ST_OK;
    for (uint32_t i = s->first; i != NONE && rc == ST_OK; i = c->ev[i].sess_next) {
        bool created;
        struct uniq *u = hmap_put(c->uniques, unique_key(s, c->ev[i].dataset), &created);
        if (!u)
            return ST_NOMEM;
        if (u->stamp == stamp)
            continue;
        u->stamp = stamp;
        rc = tally_unique(c, s, c->ev[i].dataset, u->seen, delta);
    }
    return rc;
}

static uint8_t evaluate(const struct counter *c, const struct sess *s)
{
    if (s->ua_cls == AGENT_ROBOT)
        return EFF_ROBOT_UA;
    if (s->flags & S_ROBOTS_TXT)
        return EFF_ROBOT_TXT;
    if (s->ua_cls == AGENT_HUMAN && c->cfg.max_requests && s->requests > c->cfg.max_requests)
        return EFF_ROBOT_RATE;
    if (s->ua_cls == AGENT_HUMAN && (s->flags & S_NETWORK))
        return EFF_ROBOT_NET;
    return s->ua_cls == AGENT_MACHINE ? EFF_MACHINE : EFF_HUMAN;
}

/* SESS's class changed: all its events leave the tallies under the old
 * class and come back under the new one. */
static enum status reclass(struct counter *c, uint32_t sess, uint8_t eff)
{
    enum status rc = tally_uniques(c, sess, -1);
    for (uint32_t i = c->sess[sess].first; i != NONE && rc == ST_OK; i = c->ev[i].sess_next)
        rc = retract_event(c, i);
    c->sess[sess].applied = eff;
    for (uint32_t i = c->sess[sess].first; i != NONE && rc == ST_OK; i = c->ev[i].sess_next)
        rc = apply_event(c, i);
    return rc == ST_OK ? tally_uniques(c, sess, +1) : rc;
}

static enum status settle(struct counter *c, uint32_t sess)
{
    uint8_t eff = evaluate(c, &c->sess[sess]);
    c->sess[sess].flags |= S_DIRTY;
    return eff == c->sess[sess].applied ? ST_OK : reclass(c, sess, eff);
}

/* The session-hour of EV in the current bucket, created if new. */
static enum status session_of(struct counter *c, const struct event *ev, uint32_t *out)
{
    const struct logrec *r = ev->rec;
    struct hasher h;
    hasher_init(&h, c->secret);
    hasher_add(&h, "session", 7);
    hasher_add(&h, r->addr.p, r->addr.len);
    hasher_add_u64(&h, ev->ua_hash);
    hasher_add_u64(&h, r->ua.len);
    hasher_add_u64(&h, (uint64_t)(r->day * 24 + r->hour));
    struct hash128 key = hasher_done(&h);
    bool created;
    struct slot *slot = hmap_put(c->sessions, key, &created);
    if (!slot)
        return ST_NOMEM;
    if (!created) {
        *out = slot->index;
        return ST_OK;
    }
    uint32_t i = counter_new_session(c, key, c->cur);
    if (i == NONE)
        return ST_NOMEM;
    struct sess *s = &c->sess[i];
    s->ua_cls = (uint8_t)ev->cls;
    s->flags = ev->in_network ? S_NETWORK : 0;
    memcpy(s->cc, ev->country ? ev->country : "ZZ", 2);
    s->applied = evaluate(c, s);
    *out = i;
    return ST_OK;
}

static struct hash128 click_key(const struct counter *c, const struct event *ev)
{
    struct hasher h;
    hasher_init(&h, c->secret);
    hasher_add(&h, "click", 5);
    hasher_add(&h, ev->rec->addr.p, ev->rec->addr.len);
    hasher_add_u64(&h, ev->ua_hash);
    hasher_add_u64(&h, ev->rec->ua.len);
    hasher_add_u64(&h, ev->kind);
    hasher_add(&h, ev->dataset.p, ev->dataset.len);
    hasher_add(&h, ev->resource.p, ev->resource.len);
    return hasher_done(&h);
}

/* A robot by its UA stays one whatever else arrives: its events need no
 * state, only their count. */
static enum status add_ua_robot(struct counter *c, const struct event *ev, uint32_t dataset)
{
    bool view = ev->kind == KIND_VIEW;
    enum status rc = bump_day(c, ev->rec->day, "ZZ", dataset, view ? T_ROBOT_VIEWS : T_ROBOT_DOWNLOADS, 1);
    return rc == ST_OK ? bump_day(c, ev->rec->day, "ZZ", dataset, T_ROBOT_UA, 1) : rc;
}

enum status counter_add(struct counter *c, const struct event *ev)
{
    uint32_t sess, dataset, i;
    enum status rc = counter_intern(c, ev->dataset.p, ev->dataset.len, &dataset);
    if (rc == ST_OK && ev->cls == AGENT_ROBOT)
        return add_ua_robot(c, ev, dataset);
    if (rc == ST_OK)
        rc = session_of(c, ev, &sess);
    if (rc != ST_OK)
        return rc;
    if ((i = counter_new_event(c)) == NONE)
        return ST_NOMEM;
    struct ev *e = &c->ev[i];
    struct sess *s = &c->sess[sess];
    e->key = click_key(c, ev);
    e->instant = ev->rec->instant;
    e->sec = (uint16_t)ev->rec->second_of_hour;
    e->sess = sess;
    e->dataset = dataset;
    e->flags = (uint8_t)((ev->kind == KIND_VIEW ? EV_VIEW : 0) |
                         ((c->buckets[c->cur].flags & B_PARTIAL) ? EV_LATE : 0));
    if (s->last == NONE)
        s->first = i;
    else
        c->ev[s->last].sess_next = i;
    s->last = i;
    s->requests++;
    mark_dirty(c, i);
    rc = apply_event(c, i);
    if (rc == ST_OK)
        rc = counter_note_unique(c, sess, dataset,
                                 ev->kind == KIND_VIEW ? UNIQ_VIEW : UNIQ_DOWNLOAD, true);
    return rc == ST_OK ? settle(c, sess) : rc;
}

enum status counter_robots_txt(struct counter *c, const struct event *ev)
{
    uint32_t sess;
    if (ev->cls == AGENT_ROBOT)
        return ST_OK; /* a robot already */
    enum status rc = session_of(c, ev, &sess);
    if (rc != ST_OK || (c->sess[sess].flags & S_ROBOTS_TXT))
        return rc;
    c->sess[sess].flags |= S_ROBOTS_TXT;
    c->buckets[c->sess[sess].bucket].flags |= B_DIRTY;
    return settle(c, sess);
}

/* --- per-day line counts ------------------------------------------------ */

static enum status count_day(struct hmap *map, int64_t day, int reason)
{
    bool created;
    struct day_tally *t = hmap_put(map, (struct hash128){(uint64_t)day, (uint64_t)reason}, &created);
    if (!t)
        return ST_NOMEM;
    t->day = day;
    t->reason = reason;
    t->lines++;
    return ST_OK;
}

enum status counter_reject(struct counter *c, int64_t day, int reason)
{
    return count_day(c->rejects, day, reason);
}

enum status counter_observe(struct counter *c, const struct logrec *rec, bool *late)
{
    uint32_t b;
    enum status rc = counter_bucket_for(c, rec, &b);
    if (rc != ST_OK)
        return rc;
    c->cur = b;
    if (c->newest == COUNTER_NO_TIME || rec->instant > c->newest)
        c->newest = rec->instant;
    *late = c->buckets[b].flags & B_PARTIAL;
    return *late ? count_day(c->late, rec->day, 0) : ST_OK;
}

/* --- iteration for the store -------------------------------------------- */

enum status counter_each_tally(struct counter *c, tally_fn fn, void *ctx)
{
    size_t pos = 0;
    struct hash128 key;
    struct tally *t;
    enum status rc = ST_OK;
    while (rc == ST_OK && (t = hmap_next(c->tallies, &pos, &key)))
        rc = fn(ctx, t->day, c->datasets[t->dataset], t->n);
    return rc;
}

enum status counter_each_country(struct counter *c, country_fn fn, void *ctx)
{
    size_t pos = 0;
    struct hash128 key;
    struct country_tally *t;
    enum status rc = ST_OK;
    while (rc == ST_OK && (t = hmap_next(c->countries, &pos, &key)))
        rc = fn(ctx, t->day, c->datasets[t->dataset], t->cc, t->n);
    return rc;
}

static enum status each_day(struct hmap *map, day_fn fn, void *ctx)
{
    size_t pos = 0;
    struct hash128 key;
    struct day_tally *t;
    enum status rc = ST_OK;
    while (rc == ST_OK && (t = hmap_next(map, &pos, &key)))
        rc = fn(ctx, t->day, t->reason, t->lines);
    return rc;
}

enum status counter_each_reject(struct counter *c, day_fn fn, void *ctx)
{
    return each_day(c->rejects, fn, ctx);
}

enum status counter_each_late(struct counter *c, day_fn fn, void *ctx)
{
    return each_day(c->late, fn, ctx);
}

/* Human session-hours with many requests, for `odstat-report spikes`
 * (counter_seal marked those whose row changes). */
enum status counter_each_busy(struct counter *c, busy_fn fn, void *ctx)
{
    static const char hex[] = "0123456789abcdef";
    enum status rc = ST_OK;
    for (uint32_t i = 0; i < c->nsess && rc == ST_OK; i++) {
        const struct sess *s = &c->sess[i];
        if (!(s->flags & S_REPORT))
            continue;
        char id[17];
        for (int k = 0; k < 16; k++)
            id[k] = hex[(s->key.hi >> (60 - 4 * k)) & 15];
        id[16] = '\0';
        rc = fn(ctx, c->buckets[s->bucket].hour, id, s->cc,
                (s->flags & S_LISTED) ? s->requests : 0, s->ndatasets);
    }
    return rc;
}

void counter_clear_batch(struct counter *c)
{
    hmap_clear(c->tallies);
    hmap_clear(c->countries);
    hmap_clear(c->rejects);
    hmap_clear(c->late);
}
