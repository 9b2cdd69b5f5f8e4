/* counter.h - SPEC §1.7 and §2: the counts of one set of lines.
 *
 * Every number is a function of the set of lines a site has read, whatever
 * their order: double-click chains and robot session-hours are decided
 * from all the events the counter knows of, and an event that arrives
 * later moves or removes counts already made (signed deltas). The counter
 * keeps its state per local hour ("bucket"): the hours within the late
 * window of the newest instant and the edges of every stretch of covered
 * time. Never touches a database: the store reads deltas and serialised
 * hours out of it at each commit, and hands it stored hours on request.
 */
#ifndef ODSTAT_COUNTER_H
#define ODSTAT_COUNTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agents.h"
#include "logline.h"
#include "rules.h"
#include "status.h"

#define COUNTER_CLICK_WINDOW 30    /* SPEC §2.3: seconds between clicks of a chain */
#define COUNTER_BUSY_REQUESTS 10   /* a human session-hour this busy is listed */
#define COUNTER_NO_TIME INT64_MIN

/* The columns of `daily` (and `monthly`), in the store's order. */
enum tally_column {
    T_VIEWS, T_DOWNLOADS, T_UNIQUE_VIEWS, T_UNIQUE_DOWNLOADS, T_UNIQUE_SESSIONS,
    T_MACHINE_VIEWS, T_MACHINE_DOWNLOADS, T_ROBOT_VIEWS, T_ROBOT_DOWNLOADS,
    T_MACHINE_UNIQUE_VIEWS, T_MACHINE_UNIQUE_DOWNLOADS, T_MACHINE_UNIQUE_SESSIONS,
    T_ROBOT_UA, T_ROBOT_ROBOTSTXT, T_ROBOT_RATE, T_ROBOT_NETWORK,
    T_COLUMNS
};

/* The columns of `daily_country`: people's and machines' numbers. */
enum country_column {
    C_VIEWS, C_DOWNLOADS, C_UNIQUE_VIEWS, C_UNIQUE_DOWNLOADS, C_UNIQUE_SESSIONS,
    C_MACHINE_VIEWS, C_MACHINE_DOWNLOADS, C_MACHINE_UNIQUE_VIEWS,
    C_MACHINE_UNIQUE_DOWNLOADS, C_MACHINE_UNIQUE_SESSIONS,
    C_COLUMNS
};

/* One counted request of a dataset, or a /robots.txt request. */
struct event {
    const struct logrec *rec;     /* time, address and user agent */
    enum event_kind kind;
    enum agent_class cls;         /* by the UA lists (human without a UA field) */
    bool in_network;              /* the address is in --robot-networks */
    struct text dataset, resource;
    const char *country;          /* two letters */
    uint64_t ua_hash;             /* siphash64 of the UA under the secret */
};

/* Hands the counter the stored state of HOUR: *BLOB (valid until the
 * next call) and *LEN, or *BLOB NULL when none is stored. */
typedef enum status (*hour_loader)(void *ctx, int64_t hour, const void **blob, size_t *len);

struct counter_config {
    const uint8_t *secret;        /* 16 bytes, copied */
    int64_t late_window;          /* W in seconds (SPEC §2.5) */
    uint32_t max_requests;        /* R of SPEC §1.7; 0 turns the rule off */
    int64_t newest;               /* newest instant read before, or COUNTER_NO_TIME */
    hour_loader load;
    void *load_ctx;
};

struct counter;

/* A counter over CFG (copied); NULL when out of memory. */
struct counter *counter_new(const struct counter_config *cfg);
void counter_free(struct counter *c);

/* What the database already holds: a stretch of covered hours, and an hour
 * whose state is stored (ending at instant HOUR_END). */
enum status counter_add_coverage(struct counter *c, int64_t first_hour, int64_t last_hour);
enum status counter_add_stored_hour(struct counter *c, int64_t hour, int64_t hour_end);

/* Every valid line passes here first. Returns ST_OK and sets *LATE when
 * the line lands in covered time whose state was forgotten (SPEC §2.5). */
enum status counter_observe(struct counter *c, const struct logrec *rec, bool *late);

/* Counts one event of the line last observed. */
enum status counter_add(struct counter *c, const struct event *ev);

/* The line last observed requested /robots.txt (SPEC §1.7 a). */
enum status counter_robots_txt(struct counter *c, const struct event *ev);

/* Counts one rejected line (REASON, an enum parse_result) on DAY. */
enum status counter_reject(struct counter *c, int64_t day, int reason);

int64_t counter_newest(const struct counter *c);

/* Decides which hours are kept and serialises them; FINAL at the end of a
 * run keeps only what SPEC §2.5 asks for. Call before the counter_each_*
 * of a commit. */
enum status counter_seal(struct counter *c, bool final);

/* Callbacks for the store, for everything since the last reset. Iteration
 * stops at the first status other than OK. */
typedef enum status (*tally_fn)(void *ctx, int64_t day, const char *dataset,
                                const int32_t n[T_COLUMNS]);
typedef enum status (*country_fn)(void *ctx, int64_t day, const char *dataset,
                                  const char country[2], const int32_t n[C_COLUMNS]);
typedef enum status (*day_fn)(void *ctx, int64_t day, int reason, uint32_t lines);
/* BLOB NULL: forget the stored state of HOUR. */
typedef enum status (*hour_fn)(void *ctx, int64_t hour, int64_t hour_end, const void *blob,
                               size_t len);
typedef enum status (*span_fn)(void *ctx, int64_t first_hour, int64_t last_hour);
/* REQUESTS 0: the session-hour is no longer listed. */
typedef enum status (*busy_fn)(void *ctx, int64_t hour, const char id[17], const char cc[2],
                               uint32_t requests, uint32_t datasets);

enum status counter_each_tally(struct counter *c, tally_fn fn, void *ctx);
enum status counter_each_country(struct counter *c, country_fn fn, void *ctx);
enum status counter_each_reject(struct counter *c, day_fn fn, void *ctx);
/* Late lines per day (REASON is 0). */
enum status counter_each_late(struct counter *c, day_fn fn, void *ctx);
enum status counter_each_hour(struct counter *c, hour_fn fn, void *ctx);
/* All stretches, when any changed since the last reset (else none). */
enum status counter_each_span(struct counter *c, span_fn fn, void *ctx);
bool counter_spans_changed(const struct counter *c);
enum status counter_each_busy(struct counter *c, busy_fn fn, void *ctx);

/* After a commit: forgets the deltas and the hours not kept. */
enum status counter_reset_batch(struct counter *c);

#endif
