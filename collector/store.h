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
};

/* The resume point of one file at a commit. */
struct ingest_progress {
    int64_t id;
    const char *path;
    size_t prefix_len;
    uint64_t prefix_hash;
    uint64_t offset, lines, rejected;
    int64_t first_ts, last_ts, last_day;
};

struct run_stats {
    uint64_t files, counted_before, lines, events, other, late;
    uint64_t rejected[8];
};

/* Opens (creating) the database at PATH and takes the collector lock,
 * waiting at most WAIT_SECONDS for another collector to finish. */
enum status store_open(struct store **out, const char *path, int wait_seconds);
void store_close(struct store *store);

const uint8_t *store_secret(const struct store *store);
int64_t store_newest(const struct store *store);

/* Loads the click and session state into COUNTER. */
enum status store_load_state(struct store *store, struct counter *counter);

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
 * transaction; on failure nothing of it is written. */
enum status store_commit(struct store *store, struct counter *counter,
                         const struct ingest_progress *files, size_t n);

/* Sets the database setting KEY to VALUE (what the run used, for
 * `odstat-report status`). */
enum status store_note(struct store *store, const char *key, const char *value);

/* Records a finished run for audits. */
enum status store_record_run(struct store *store, int64_t started,
                             const struct run_stats *stats, int exit_code);

#endif
