/* counter.h - SPEC §2: double clicks, hour sessions and per-day tallies.
 *
 * Fed the merged stream one line at a time; keeps in memory only what can
 * still change a count (click keys of the last 15.5 minutes, sessions of
 * hours still open). Never touches SQLite: the store reads the tallies and
 * the changed state out of it at each commit, and loads state into it.
 */
#ifndef ODSTAT_COUNTER_H
#define ODSTAT_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#include "agents.h"
#include "logline.h"
#include "rules.h"
#include "status.h"

#define COUNTER_DISORDER 900 /* seconds a line may be older than the newest */
#define COUNTER_CLICK_WINDOW 30

enum tally_column {
    T_VIEWS, T_DOWNLOADS, T_UNIQUE_VIEWS, T_UNIQUE_DOWNLOADS, T_UNIQUE_SESSIONS,
    T_MACHINE_VIEWS, T_MACHINE_DOWNLOADS, T_ROBOT_VIEWS, T_ROBOT_DOWNLOADS, T_COLUMNS
};

#define COUNTER_NO_TIME INT64_MIN

struct event {
    const struct logrec *rec;     /* time, address and user agent */
    enum event_kind kind;
    enum agent_class cls;
    struct text dataset, resource;
    const char *country;          /* two letters, for human events */
    uint64_t ua_hash;             /* siphash64 of the UA under the secret */
};

/* Per-country columns (human events only). */
enum country_column { C_VIEWS, C_DOWNLOADS, C_UNIQUE_VIEWS, C_UNIQUE_DOWNLOADS, C_COLUMNS };

struct counter;

/* A counter whose state keys are hashed under SECRET (16 bytes, copied);
 * NEWEST is the newest instant of earlier runs (COUNTER_NO_TIME if none). */
struct counter *counter_new(const uint8_t secret[16], int64_t newest);
void counter_free(struct counter *c);

/* Every valid line passes here first, in stream order (SPEC §2.5). Returns
 * true when the line is late: older than the bound allows. */
bool counter_observe(struct counter *c, int64_t instant);

/* Counts one event (a counted request of a dataset). ST_NOMEM on failure. */
enum status counter_add(struct counter *c, const struct event *ev);

/* Counts one rejected line (REASON, an enum parse_result) on DAY. */
enum status counter_reject(struct counter *c, int64_t day, int reason);

/* State carried over from the database (keys are 16-byte hashes). */
enum status counter_load_click(struct counter *c, const uint8_t key[16], int64_t last);
enum status counter_load_session(struct counter *c, const uint8_t key[16], int64_t expires,
                                 int flags);

int64_t counter_newest(const struct counter *c);

/* Rows persisted state older than these may be deleted: clicks whose last
 * instant is below the first, sessions whose hour ended at or before the
 * second. Both are COUNTER_NO_TIME before any line was seen. */
int64_t counter_click_horizon(const struct counter *c);
int64_t counter_session_horizon(const struct counter *c);

/* Callbacks for the store, for everything changed since the last
 * counter_reset_batch. Iteration stops at the first status other than OK. */
typedef enum status (*tally_fn)(void *ctx, int64_t day, const char *dataset,
                                const uint32_t n[T_COLUMNS]);
typedef enum status (*country_fn)(void *ctx, int64_t day, const char *dataset,
                                  const char country[2], const uint32_t n[C_COLUMNS]);
typedef enum status (*reject_fn)(void *ctx, int64_t day, int reason, uint32_t lines);
typedef enum status (*click_fn)(void *ctx, const uint8_t key[16], int64_t last);
typedef enum status (*session_fn)(void *ctx, const uint8_t key[16], int64_t expires, int flags);

enum status counter_each_tally(struct counter *c, tally_fn fn, void *ctx);
enum status counter_each_country(struct counter *c, country_fn fn, void *ctx);
enum status counter_each_reject(struct counter *c, reject_fn fn, void *ctx);
enum status counter_each_click(struct counter *c, click_fn fn, void *ctx);
enum status counter_each_session(struct counter *c, session_fn fn, void *ctx);

/* After a commit: forgets the tallies and dirty marks, drops state that can
 * no longer affect a count. */
void counter_reset_batch(struct counter *c);

#endif
