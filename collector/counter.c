/* counter.c - the counting rules of SPEC §2.3 and §2.4.
 *
 * Expired state is treated as absent the moment it expires (not when it is
 * pruned), so when pruning happens - and so how a log was split into runs -
 * can never change a number.
 */
#include "counter.h"

#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "siphash.h"

#define SESSION_VIEWED 1
#define SESSION_DOWNLOADED 2

struct click { int64_t last; uint8_t dirty; };
struct session { int64_t expires; uint8_t flags, dirty; };
struct tally { int64_t day; uint32_t dataset; uint32_t n[T_COLUMNS]; };
struct country_tally { int64_t day; uint32_t dataset; char cc[2]; uint32_t n[C_COLUMNS]; };
struct dataset_slot { uint32_t index; };
struct reject_tally { int64_t day; int reason; uint32_t lines; };

struct counter {
    uint8_t secret[16];
    int64_t newest;
    struct hmap *clicks, *sessions, *tallies, *countries, *rejects, *dataset_index;
    char **datasets;        /* interned ids of this batch */
    uint32_t ndatasets, datasets_cap;
};

struct counter *counter_new(const uint8_t secret[16], int64_t newest)
{
    struct counter *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    memcpy(c->secret, secret, 16);
    c->newest = newest;
    c->clicks = hmap_new(sizeof(struct click));
    c->sessions = hmap_new(sizeof(struct session));
    c->tallies = hmap_new(sizeof(struct tally));
    c->countries = hmap_new(sizeof(struct country_tally));
    c->rejects = hmap_new(sizeof(struct reject_tally));
    c->dataset_index = hmap_new(sizeof(struct dataset_slot));
    if (!c->clicks || !c->sessions || !c->tallies || !c->countries || !c->rejects ||
        !c->dataset_index) {
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
    free(c->datasets);
    hmap_free(c->clicks);
    hmap_free(c->sessions);
    hmap_free(c->tallies);
    hmap_free(c->countries);
    hmap_free(c->rejects);
    hmap_free(c->dataset_index);
    free(c);
}

bool counter_observe(struct counter *c, int64_t instant)
{
    bool late = c->newest != COUNTER_NO_TIME && instant < c->newest - COUNTER_DISORDER;
    if (c->newest == COUNTER_NO_TIME || instant > c->newest)
        c->newest = instant;
    return late;
}

int64_t counter_newest(const struct counter *c) { return c->newest; }

int64_t counter_click_horizon(const struct counter *c)
{
    if (c->newest == COUNTER_NO_TIME)
        return COUNTER_NO_TIME;
    return c->newest - COUNTER_DISORDER - COUNTER_CLICK_WINDOW;
}

int64_t counter_session_horizon(const struct counter *c)
{
    if (c->newest == COUNTER_NO_TIME)
        return COUNTER_NO_TIME;
    return c->newest - COUNTER_DISORDER;
}

/* The batch-local index of a dataset id, interning it on first sight. */
static enum status intern(struct counter *c, struct text id, uint32_t *index)
{
    static const uint8_t key[16] = "odstat-datasets";
    bool created;
    struct hasher h;
    hasher_init(&h, key);
    hasher_add(&h, id.p, id.len);
    struct dataset_slot *slot = hmap_put(c->dataset_index, hasher_done(&h), &created);
    if (!slot)
        return ST_NOMEM;
    if (created) {
        if (c->ndatasets == c->datasets_cap) {
            uint32_t cap = c->datasets_cap ? c->datasets_cap * 2 : 256;
            char **grown = realloc(c->datasets, cap * sizeof *grown);
            if (!grown)
                return ST_NOMEM;
            c->datasets = grown;
            c->datasets_cap = cap;
        }
        char *copy = malloc(id.len + 1);
        if (!copy)
            return ST_NOMEM;
        memcpy(copy, id.p, id.len);
        copy[id.len] = '\0';
        slot->index = c->ndatasets;
        c->datasets[c->ndatasets++] = copy;
    }
    *index = slot->index;
    return ST_OK;
}

static enum status bump(struct counter *c, int64_t day, uint32_t index, enum tally_column col)
{
    bool created;
    struct tally *t = hmap_put(c->tallies, (struct hash128){(uint64_t)day, index}, &created);
    if (!t)
        return ST_NOMEM;
    t->day = day;
    t->dataset = index;
    t->n[col]++;
    return ST_OK;
}

/* The per-country twin of bump, for human events. */
static enum status bump_country(struct counter *c, const struct event *ev, uint32_t index,
                                enum country_column col)
{
    bool created;
    const char *cc = ev->country ? ev->country : "ZZ";
    uint64_t code = (uint64_t)(unsigned char)cc[0] << 8 | (unsigned char)cc[1];
    struct country_tally *t =
        hmap_put(c->countries, (struct hash128){(uint64_t)ev->rec->day, (uint64_t)index << 16 | code},
                 &created);
    if (!t)
        return ST_NOMEM;
    t->day = ev->rec->day;
    t->dataset = index;
    memcpy(t->cc, cc, 2);
    t->n[col]++;
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

/* SPEC §2.3: true when the event is counted, false when suppressed. */
static enum status double_click(struct counter *c, const struct event *ev, bool *counted)
{
    bool created;
    int64_t t = ev->rec->instant;
    struct click *k = hmap_put(c->clicks, click_key(c, ev), &created);
    if (!k)
        return ST_NOMEM;
    if (!created && k->last < counter_click_horizon(c))
        created = true; /* expired: as if never seen */
    int64_t gap = created ? 0 : (t > k->last ? t - k->last : k->last - t);
    *counted = created || gap > COUNTER_CLICK_WINDOW;
    if (created || t > k->last)
        k->last = t;
    k->dirty = 1;
    return ST_OK;
}

/* SPEC §2.4: the session (address, UA, date, hour) of a human event, per
 * dataset, and the unique counts it opens. */
static enum status session(struct counter *c, const struct event *ev, uint32_t index)
{
    const struct logrec *r = ev->rec;
    int64_t expires = r->instant - r->second_of_hour + 3600;
    if (expires <= counter_session_horizon(c))
        return ST_OK; /* a late line of a closed hour: no uniques to add */
    struct hasher h;
    bool created;
    hasher_init(&h, c->secret);
    hasher_add(&h, "session", 7);
    hasher_add(&h, r->addr.p, r->addr.len);
    hasher_add_u64(&h, ev->ua_hash);
    hasher_add_u64(&h, r->ua.len);
    hasher_add_u64(&h, (uint64_t)(r->day * 24 + r->hour));
    hasher_add(&h, ev->dataset.p, ev->dataset.len);
    struct session *s = hmap_put(c->sessions, hasher_done(&h), &created);
    if (!s)
        return ST_NOMEM;
    int bit = ev->kind == KIND_VIEW ? SESSION_VIEWED : SESSION_DOWNLOADED;
    enum status rc = ST_OK;
    if (!s->flags)
        rc = bump(c, r->day, index, T_UNIQUE_SESSIONS);
    if (rc == ST_OK && !(s->flags & bit))
        rc = bump(c, r->day, index, ev->kind == KIND_VIEW ? T_UNIQUE_VIEWS : T_UNIQUE_DOWNLOADS);
    if (rc == ST_OK && !(s->flags & bit))
        rc = bump_country(c, ev, index,
                          ev->kind == KIND_VIEW ? C_UNIQUE_VIEWS : C_UNIQUE_DOWNLOADS);
    if (rc != ST_OK)
        return rc;
    if (!(s->flags & bit) || expires > s->expires)
        s->dirty = 1;
    s->flags |= (uint8_t)bit;
    if (expires > s->expires)
        s->expires = expires;
    return ST_OK;
}

enum status counter_add(struct counter *c, const struct event *ev)
{
    bool view = ev->kind == KIND_VIEW, counted;
    uint32_t index;
    enum status rc = intern(c, ev->dataset, &index);

    if (rc != ST_OK)
        return rc;
    if (ev->cls == AGENT_ROBOT)
        return bump(c, ev->rec->day, index, view ? T_ROBOT_VIEWS : T_ROBOT_DOWNLOADS);
    rc = double_click(c, ev, &counted);
    if (rc == ST_OK && counted) {
        enum tally_column col;
        if (ev->cls == AGENT_MACHINE)
            col = view ? T_MACHINE_VIEWS : T_MACHINE_DOWNLOADS;
        else
            col = view ? T_VIEWS : T_DOWNLOADS;
        rc = bump(c, ev->rec->day, index, col);
        if (rc == ST_OK && ev->cls == AGENT_HUMAN)
            rc = bump_country(c, ev, index, view ? C_VIEWS : C_DOWNLOADS);
    }
    if (rc == ST_OK && ev->cls == AGENT_HUMAN)
        rc = session(c, ev, index);
    return rc;
}

enum status counter_reject(struct counter *c, int64_t day, int reason)
{
    bool created;
    struct reject_tally *t =
        hmap_put(c->rejects, (struct hash128){(uint64_t)day, (uint64_t)reason}, &created);
    if (!t)
        return ST_NOMEM;
    t->day = day;
    t->reason = reason;
    t->lines++;
    return ST_OK;
}

enum status counter_each_reject(struct counter *c, reject_fn fn, void *ctx)
{
    size_t pos = 0;
    struct hash128 key;
    struct reject_tally *t;
    enum status rc = ST_OK;
    while (rc == ST_OK && (t = hmap_next(c->rejects, &pos, &key)))
        rc = fn(ctx, t->day, t->reason, t->lines);
    return rc;
}

static struct hash128 key_from_bytes(const uint8_t key[16])
{
    struct hash128 k;
    memcpy(&k.hi, key, 8);
    memcpy(&k.lo, key + 8, 8);
    return k;
}

static void key_to_bytes(struct hash128 k, uint8_t out[16])
{
    memcpy(out, &k.hi, 8);
    memcpy(out + 8, &k.lo, 8);
}

enum status counter_load_click(struct counter *c, const uint8_t key[16], int64_t last)
{
    bool created;
    struct click *k = hmap_put(c->clicks, key_from_bytes(key), &created);
    if (!k)
        return ST_NOMEM;
    k->last = last;
    return ST_OK;
}

enum status counter_load_session(struct counter *c, const uint8_t key[16], int64_t expires,
                                 int flags)
{
    bool created;
    struct session *s = hmap_put(c->sessions, key_from_bytes(key), &created);
    if (!s)
        return ST_NOMEM;
    s->expires = expires;
    s->flags = (uint8_t)flags;
    return ST_OK;
}

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

enum status counter_each_click(struct counter *c, click_fn fn, void *ctx)
{
    size_t pos = 0;
    struct hash128 key;
    struct click *k;
    enum status rc = ST_OK;
    int64_t horizon = counter_click_horizon(c);
    while (rc == ST_OK && (k = hmap_next(c->clicks, &pos, &key))) {
        if (k->dirty && k->last >= horizon) {
            uint8_t bytes[16];
            key_to_bytes(key, bytes);
            rc = fn(ctx, bytes, k->last);
        }
    }
    return rc;
}

enum status counter_each_session(struct counter *c, session_fn fn, void *ctx)
{
    size_t pos = 0;
    struct hash128 key;
    struct session *s;
    enum status rc = ST_OK;
    int64_t horizon = counter_session_horizon(c);
    while (rc == ST_OK && (s = hmap_next(c->sessions, &pos, &key))) {
        if (s->dirty && s->expires > horizon) {
            uint8_t bytes[16];
            key_to_bytes(key, bytes);
            rc = fn(ctx, bytes, s->expires, s->flags);
        }
    }
    return rc;
}

static bool click_alive(const void *value, void *ctx)
{
    const struct click *k = value;
    return k->last >= *(const int64_t *)ctx;
}

static bool session_alive(const void *value, void *ctx)
{
    const struct session *s = value;
    return s->expires > *(const int64_t *)ctx;
}

void counter_reset_batch(struct counter *c)
{
    int64_t click_h = counter_click_horizon(c), session_h = counter_session_horizon(c);
    size_t pos = 0;
    struct hash128 key;
    struct click *k;
    struct session *s;

    hmap_clear(c->tallies);
    hmap_clear(c->countries);
    hmap_clear(c->rejects);
    forget_datasets(c);
    while ((k = hmap_next(c->clicks, &pos, &key)))
        k->dirty = 0;
    pos = 0;
    while ((s = hmap_next(c->sessions, &pos, &key)))
        s->dirty = 0;
    hmap_filter(c->clicks, click_alive, &click_h);
    hmap_filter(c->sessions, session_alive, &session_h);
}
