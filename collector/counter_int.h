/* counter_int.h - the counter's insides, shared by counter.c (events,
 * chains, sessions, deltas) and counter_hours.c (hours, covered time and
 * the serialised state). Nothing else includes it. */
#ifndef ODSTAT_COUNTER_INT_H
#define ODSTAT_COUNTER_INT_H

#include "counter.h"
#include "hmap.h"
#include "siphash.h"

#define NONE UINT32_MAX

/* Event flags */
#define EV_COUNTED 1  /* its count is in the tallies (first of its chain) */
#define EV_LATE 2     /* arrived late: counted without a double-click check */
#define EV_VIEW 4     /* kind; else a download */

/* Session-hour flags */
#define S_ROBOTS_TXT 1   /* requested /robots.txt in its hour */
#define S_NETWORK 2      /* address in --robot-networks */
#define S_LISTED 4       /* a busy_hours row was written for it */
#define S_DIRTY 8        /* changed since the last reset */
#define S_REPORT 16      /* its busy_hours row is to be written or removed */

/* Bucket flags */
#define B_PARTIAL 1   /* covered hour re-created after it was forgotten */
#define B_DIRTY 2     /* changed since it was stored */
#define B_STORED 4    /* the database holds a state row for it */
#define B_KEEP 8      /* decided by counter_seal */
#define B_NEIGHBOURS 16 /* the hours beside it are in memory too, if stored */

/* What a session-hour's events count as (SPEC §1.6, §1.7). */
enum effective {
    EFF_HUMAN, EFF_MACHINE, EFF_ROBOT_UA, EFF_ROBOT_TXT, EFF_ROBOT_RATE, EFF_ROBOT_NET
};

struct ev {
    struct hash128 key;      /* click key (SPEC §2.3) */
    int64_t instant;
    uint32_t prev, next;     /* the click key's chain list, sorted; NONE at the ends */
    uint32_t sess_next;      /* next event of the same session-hour */
    uint32_t sess, dataset;
    uint16_t sec;            /* second of the local hour as written (tie order) */
    uint8_t flags;
};

struct sess {
    struct hash128 key;      /* (address, UA, date, hour) */
    uint32_t bucket;
    uint32_t first, last;    /* its events in arrival order */
    uint32_t bucket_next;    /* next session-hour of the same bucket */
    uint32_t requests, ndatasets;
    uint8_t ua_cls, flags, applied;  /* applied: the enum effective in the tallies */
    char cc[2];
};

struct bucket {
    int64_t hour, hour_end, max_instant;
    uint32_t first_sess;
    uint8_t flags;
    void *blob;              /* serialised by counter_seal when kept */
    size_t len;
};

struct span { int64_t first, last; };

/* An hour whose state the database holds; LOADED: it is in memory. */
struct stored { int64_t hour, hour_end; bool loaded, doomed; };

struct counter {
    struct counter_config cfg;
    uint8_t secret[16];
    int64_t newest;
    struct ev *ev;
    uint32_t nev, ev_cap;
    struct sess *sess;
    uint32_t nsess, sess_cap;
    struct bucket *buckets;
    uint32_t nbuckets, buckets_cap, cur;   /* cur: bucket of the line last observed */
    struct hmap *chains;      /* click key -> uint32 tail event */
    struct hmap *sessions;    /* session key -> uint32 index */
    struct hmap *uniques;     /* (session, dataset) -> struct uniq */
    struct hmap *bucket_index;/* hour -> uint32 index */
    struct hmap *tallies, *countries, *rejects, *late, *dataset_index;
    char **datasets;
    uint32_t ndatasets, datasets_cap;
    struct stored *stored;    /* sorted by hour */
    uint32_t nstored, stored_cap;
    struct span *spans;
    uint32_t nspans, spans_cap;
    bool spans_dirty;
    uint32_t stamp;
};

/* counter.c */
/* Grows *ARR (N items of SIZE bytes, room for *CAP) to hold one more;
 * false, with *ARR unchanged, when out of memory. */
bool counter_grow(void **arr, uint32_t n, uint32_t *cap, size_t size);
enum status counter_intern(struct counter *c, const char *id, size_t len, uint32_t *index);
uint32_t counter_new_session(struct counter *c, struct hash128 key, uint32_t bucket);
uint32_t counter_new_event(struct counter *c);
/* Links a stored event into its chain without touching the tallies. */
enum status counter_link_stored(struct counter *c, uint32_t i);
enum status counter_note_unique(struct counter *c, uint32_t sess, uint32_t dataset,
                                uint8_t bit, bool apply);
/* Forgets the deltas of the batch. */
void counter_clear_batch(struct counter *c);

/* counter_hours.c */
enum status counter_bucket_for(struct counter *c, const struct logrec *rec, uint32_t *index);
void counter_free_hours(struct counter *c);
bool counter_covered(const struct counter *c, int64_t hour);

#endif
