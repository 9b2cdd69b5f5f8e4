/* store.h - the collector's side of the database.
 *
 * Loads the state a run continues from (secret, stream position, click and
 * session state, what each file's content identity has been read up to)
 * and commits a batch - tallies, state and every file's resume point - in
 * one transaction, so a crash at any moment loses nothing and counts
 * nothing twice. Never parses a line.
 */
#ifndef ODSTAT_STORE_H
#define ODSTAT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counter.h"
#include "status.h"

struct store;

/* What the database knows of one file's content. */
struct ingest_record {
    int64_t id;            /* 0: never seen */
    uint64_t offset;       /* uncompressed bytes already counted */
    uint64_t lines, rejected;
    int64_t first_ts, last_ts;  /* COUNTER_NO_TIME when unknown */
    int64_t last_day;           /* local day of the last valid line, or
                                   COUNTER_NO_TIME */
    uint64_t whole_size;        /* compressed size when read to its end; 0 unknown */
};

/* The resume point of one file at a commit. */
struct ingest_progress {
    int64_t id;
    const char *path;
    size_t prefix_len;
    uint64_t prefix_hash;
    uint64_t offset, lines, rejected;
    int64_t first_ts, last_ts, last_day;
    uint64_t whole_size;   /* read to its end: input_whole_size; 0 leaves it as stored */
};

struct run_stats {
    uint64_t files, counted_before, lines, events, other, late;
    uint64_t rejected[8];
};

/* Opens (creating) the database at PATH for SITE and takes the site's
 * collector lock, waiting at most WAIT_SECONDS for another collector of
 * the same site to finish. */
enum status store_open(struct store **out, const char *path, const char *site,
                       int wait_seconds);
void store_close(struct store *store);

const uint8_t *store_secret(const struct store *store);
int64_t store_newest(const struct store *store);

/* The site's setting NAME (e.g. "late_window") was *PREVIOUS (VALUE when
 * never set); it is VALUE from now on. */
enum status store_setting(struct store *store, const char *name, int64_t value,
                          int64_t *previous);

/* Gives COUNTER the site's covered time and the list of stored hours. */
enum status store_load_state(struct store *store, struct counter *counter);

/* A hour_loader (see counter.h) over the store CTX. */
enum status store_load_hour(void *ctx, int64_t hour, const void **blob, size_t *len);

/* Looks up a file by its first bytes PREFIX[0..LEN); creates a record when
 * it is new. *PREFIX_HASH receives the keyed hash of the whole prefix. */
enum status store_find_ingest(struct store *store, const uint8_t *prefix, size_t len,
                              const char *path, struct ingest_record *rec,
                              uint64_t *prefix_hash);

/* Looks up content by its first bytes without creating a record; REC->id
 * is 0 when unknown. */
enum status store_match_ingest(struct store *store, const uint8_t *prefix, size_t len,
                               struct ingest_record *rec);

/* Commits the counter's batch and the N files' progress in one
 * transaction, then resets the counter's batch; on failure nothing of it
 * is written. FINAL: the last commit of a run (see counter_seal). */
enum status store_commit(struct store *store, struct counter *counter,
                         const struct ingest_progress *files, size_t n, bool final);

/* Sets the database setting KEY to VALUE (what the run used, for
 * `odstat-report status`). */
enum status store_note(struct store *store, const char *key, const char *value);

/* Records a finished run for audits. */
enum status store_record_run(struct store *store, int64_t started,
                             const struct run_stats *stats, int exit_code);

#endif
