/* store.c - prepared statements for the collector's writes, on either
 * engine (dbi.h). */
#define _POSIX_C_SOURCE 200809L /* strdup, nanosleep */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "logline.h"
#include "db.h"
#include "hmap.h"
#include "msg.h"
#include "siphash.h"

enum stmt_id {
    S_TALLY, S_MONTHLY, S_COUNTRY, S_REJECT, S_LATE, S_HOUR_PUT, S_HOUR_DROP, S_HOUR_GET,
    S_SPANS_CLEAR, S_SPAN, S_BUSY_PUT, S_BUSY_DROP, S_INGEST_UPDATE,
    S_STMTS
};

/* The columns of enum tally_column and enum country_column, in order. */
static const char *const tally_names[T_COLUMNS] = {
    "views", "downloads", "unique_views", "unique_downloads", "unique_sessions",
    "machine_views", "machine_downloads", "robot_views", "robot_downloads",
    "machine_unique_views", "machine_unique_downloads", "machine_unique_sessions",
    "robot_ua", "robot_robotstxt", "robot_rate", "robot_network",
};
static const char *const country_names[C_COLUMNS] = {
    "views", "downloads", "unique_views", "unique_downloads", "unique_sessions",
    "machine_views", "machine_downloads", "machine_unique_views",
    "machine_unique_downloads", "machine_unique_sessions",
};

static const char *const stmt_sql[S_STMTS] = {
    /* S_TALLY, S_MONTHLY and S_COUNTRY are built by add_sql() */
    [S_REJECT] = "INSERT INTO rejects (day, reason, lines, site) VALUES (?1, ?2, ?3, ?4)"
                 " ON CONFLICT (day, reason, site) DO UPDATE SET lines = rejects.lines + excluded.lines",
    [S_LATE] = "INSERT INTO late_lines (site, day, lines) VALUES (?1, ?2, ?3)"
               " ON CONFLICT (site, day) DO UPDATE SET lines = late_lines.lines + excluded.lines",
    [S_HOUR_PUT] = "INSERT INTO state_hour (site, hour, hour_end, state) VALUES (?1, ?2, ?3, ?4)"
                   " ON CONFLICT (site, hour) DO UPDATE SET hour_end = excluded.hour_end,"
                   " state = excluded.state",
    [S_HOUR_DROP] = "DELETE FROM state_hour WHERE site = ?1 AND hour = ?2",
    [S_HOUR_GET] = "SELECT state FROM state_hour WHERE site = ?1 AND hour = ?2",
    [S_SPANS_CLEAR] = "DELETE FROM coverage WHERE site = ?1",
    [S_SPAN] = "INSERT INTO coverage (site, first_hour, last_hour) VALUES (?1, ?2, ?3)",
    [S_BUSY_PUT] = "INSERT INTO busy_hours (site, day, hour, session, country, requests, datasets)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (site, day, hour, session)"
                   " DO UPDATE SET country = excluded.country, requests = excluded.requests,"
                   " datasets = excluded.datasets",
    [S_BUSY_DROP] = "DELETE FROM busy_hours WHERE site = ?1 AND day = ?2 AND hour = ?3"
                    " AND session = ?4",
    [S_INGEST_UPDATE] = "UPDATE ingest SET path = ?2, prefix_len = ?3, prefix_hash = ?4,"
                        " \"offset\" = ?5, lines = ?6, rejected = ?7, first_ts = ?8,"
                        " last_ts = ?9, last_at = ?10, last_day = ?11,"
                        " whole_size = COALESCE(?12, whole_size) WHERE id = ?1",
};

struct store {
    struct dbi *db;
    char *path, *site;
    uint8_t secret[16];
    int64_t newest;
    struct dbi_stmt *stmt[S_STMTS];
    struct hmap *months;        /* a batch's tallies summed per (month, dataset) */
};

/* One monthly row of a batch; DATASET is the counter's string. */
struct month_tally {
    int64_t day;                /* a day of the month */
    const char *dataset;
    int64_t n[T_COLUMNS];
};

/* "INSERT INTO TABLE (KEYS, COLS) VALUES (...) ON CONFLICT (KEYS) DO
 * UPDATE SET col = TABLE.col + excluded.col, ...": the caller frees it. */
static char *add_sql(const char *table, const char *keys, int nkeys, const char *const *cols,
                     int ncols)
{
    size_t cap = 256 + strlen(keys) * 2;
    for (int i = 0; i < ncols; i++)
        cap += 4 * strlen(cols[i]) + 32;
    char *sql = malloc(cap);
    if (!sql)
        return NULL;
    int n = snprintf(sql, cap, "INSERT INTO %s (%s", table, keys);
    for (int i = 0; i < ncols; i++)
        n += snprintf(sql + n, cap - (size_t)n, ", %s", cols[i]);
    n += snprintf(sql + n, cap - (size_t)n, ") VALUES (?1");
    for (int i = 2; i <= nkeys + ncols; i++)
        n += snprintf(sql + n, cap - (size_t)n, ", ?%d", i);
    n += snprintf(sql + n, cap - (size_t)n, ") ON CONFLICT (%s) DO UPDATE SET ", keys);
    for (int i = 0; i < ncols; i++)
        n += snprintf(sql + n, cap - (size_t)n, "%s%s = %s.%s + excluded.%s", i ? ", " : "",
                      cols[i], table, cols[i], cols[i]);
    return sql;
}

static enum status prepare_adds(struct store *s)
{
    char *sql[3] = {
        add_sql("daily", "day, dataset_id, site", 3, tally_names, T_COLUMNS),
        add_sql("monthly", "month, dataset_id, site", 3, tally_names, T_COLUMNS),
        add_sql("daily_country", "day, dataset_id, country, site", 4, country_names, C_COLUMNS),
    };
    static const enum stmt_id ids[3] = {S_TALLY, S_MONTHLY, S_COUNTRY};
    enum status rc = ST_OK;
    for (int i = 0; i < 3; i++) {
        if (rc == ST_OK)
            rc = sql[i] ? dbi_prepare_many(s->db, &s->stmt[ids[i]], sql[i]) : ST_NOMEM;
        free(sql[i]);
    }
    return rc;
}

/* One collector per site at a time: a site's state is read as a run goes
 * and must not change under it. The lock is the database's (dbi_try_lock),
 * named after the site, so collectors of other sites run beside it. */
static enum status take_lock(struct store *s, int wait_seconds)
{
    for (int waited = 0;; waited++) {
        bool taken;
        if (dbi_try_lock(s->db, s->site, &taken) != ST_OK) {
            errorf("cannot lock database '%s': %s", s->path, dbi_errmsg(s->db));
            return ST_DB;
        }
        if (taken)
            return ST_OK;
        if (waited >= wait_seconds * 10) {
            errorf("site '%s' of database '%s' is in use by another odstat-collect (waited %d s)",
                   s->site, s->path, wait_seconds);
            return ST_DB;
        }
        if (waited == 0)
            notef("waiting for another odstat-collect of site '%s' to finish with '%s'",
                  s->site, s->path);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

/* meta keys of the site: "site:NAME:KEY". */
static void site_key(const struct store *s, const char *key, char *out, size_t size)
{
    snprintf(out, size, "site:%s:%s", s->site, key);
}

enum status store_open(struct store **out, const char *path, const char *site, int wait_seconds)
{
    struct store *s = calloc(1, sizeof *s);
    enum status rc = ST_NOMEM;
    char key[300];

    *out = NULL;
    if (!s || !(s->path = strdup(path)) || !(s->site = strdup(site)))
        goto out;
    s->newest = COUNTER_NO_TIME;
    if (!(s->months = hmap_new(sizeof(struct month_tally))))
        goto out;
    rc = db_open(&s->db, path, DB_CREATE, 60000);
    if (rc == ST_OK)
        rc = take_lock(s, wait_seconds);
    if (rc == ST_OK)
        rc = db_secret(s->db, s->secret);
    site_key(s, "newest", key, sizeof key);
    if (rc == ST_OK)
        rc = db_get_int(s->db, key, &s->newest);
    for (int i = 0; i < S_STMTS && rc == ST_OK; i++)
        if (stmt_sql[i])
            rc = i == S_BUSY_PUT ? dbi_prepare_many(s->db, &s->stmt[i], stmt_sql[i])
                                 : db_prepare(s->db, &s->stmt[i], stmt_sql[i]);
    if (rc == ST_OK)
        rc = prepare_adds(s);
out:
    if (rc != ST_OK)
        store_close(s);
    else
        *out = s;
    return rc;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (int i = 0; i < S_STMTS; i++)
        dbi_finalize(s->stmt[i]);
    db_close(s->db);
    hmap_free(s->months);
    free(s->path);
    free(s->site);
    free(s);
}

const uint8_t *store_secret(const struct store *s) { return s->secret; }
int64_t store_newest(const struct store *s) { return s->newest; }

enum status store_setting(struct store *s, const char *name, int64_t value, int64_t *previous)
{
    char key[300];
    site_key(s, name, key, sizeof key);
    *previous = value;
    enum status rc = db_get_int(s->db, key, previous);
    return rc == ST_OK && *previous != value ? db_set_int(s->db, key, value) : rc;
}

static enum status step_done(struct store *s, struct dbi_stmt *st)
{
    int r = dbi_step(st);
    dbi_reset(st);
    dbi_clear_bindings(st);
    if (r == DBI_DONE)
        return ST_OK;
    if (dbi_engine(s->db) == DBI_SQLITE) {
        char why[4300];
        db_explain_write(s->path, dbi_errmsg(s->db), why, sizeof why);
        errorf("cannot write to '%s': %s", s->path, why);
    } else
        errorf("cannot write to '%s': %s", s->path, dbi_errmsg(s->db));
    return ST_DB;
}

/* Covered time and the list of stored hours; the hours themselves are
 * read when a line needs them (store_load_hour). */
enum status store_load_state(struct store *s, struct counter *counter)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(s->db, &st, "SELECT first_hour, last_hour FROM coverage"
                                            " WHERE site = ?1 ORDER BY first_hour");
    if (rc == ST_OK)
        dbi_bind_text(st, 1, s->site, -1);
    while (rc == ST_OK && dbi_step(st) == DBI_ROW)
        rc = counter_add_coverage(counter, dbi_column_int64(st, 0),
                                  dbi_column_int64(st, 1));
    dbi_finalize(st);
    st = NULL;
    if (rc == ST_OK)
        rc = db_prepare(s->db, &st, "SELECT hour, hour_end FROM state_hour WHERE site = ?1"
                                    " ORDER BY hour");
    if (rc == ST_OK)
        dbi_bind_text(st, 1, s->site, -1);
    while (rc == ST_OK && dbi_step(st) == DBI_ROW)
        rc = counter_add_stored_hour(counter, dbi_column_int64(st, 0),
                                     dbi_column_int64(st, 1));
    dbi_finalize(st);
    return rc;
}

enum status store_load_hour(void *ctx, int64_t hour, const void **blob, size_t *len)
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[S_HOUR_GET];
    dbi_reset(st);
    dbi_bind_text(st, 1, s->site, -1);
    dbi_bind_int64(st, 2, hour);
    int r = dbi_step(st);
    *blob = NULL;
    *len = 0;
    if (r == DBI_ROW) {
        *blob = dbi_column_blob(st, 0, len);
        return ST_OK;
    }
    if (r == DBI_DONE)
        return ST_OK;
    errorf("cannot read database '%s': %s", s->path, dbi_errmsg(s->db));
    return ST_DB;
}

static uint64_t prefix_hash(const struct store *s, const uint8_t *prefix, size_t len)
{
    /* SQLite integers are signed: keep the hash in 63 bits */
    return siphash64(s->secret, prefix, len) >> 1;
}

static void read_record(struct dbi_stmt *st, struct ingest_record *rec)
{
    rec->id = dbi_column_int64(st, 0);
    rec->offset = (uint64_t)dbi_column_int64(st, 1);
    rec->lines = (uint64_t)dbi_column_int64(st, 2);
    rec->rejected = (uint64_t)dbi_column_int64(st, 3);
    rec->first_ts = dbi_column_is_null(st, 4) ? COUNTER_NO_TIME
                                                              : dbi_column_int64(st, 4);
    rec->last_ts = dbi_column_is_null(st, 5) ? COUNTER_NO_TIME
                                                             : dbi_column_int64(st, 5);
    rec->last_day = dbi_column_is_null(st, 6) ? COUNTER_NO_TIME
                                                              : dbi_column_int64(st, 6);
    rec->whole_size = dbi_column_is_null(st, 7) ? 0 : (uint64_t)dbi_column_int64(st, 7);
}

/* The record whose stored prefix (of any length up to LEN) is the start of
 * PREFIX; the longest such prefix wins, then the furthest offset. */
static enum status match_record(struct store *s, const uint8_t *prefix, size_t len,
                                struct ingest_record *rec)
{
    struct dbi_stmt *lens = NULL, *find = NULL;
    enum status rc = db_prepare(s->db, &lens, "SELECT DISTINCT prefix_len FROM ingest"
                                              " WHERE prefix_len BETWEEN 1 AND ?1 AND site = ?2"
                                              " ORDER BY prefix_len DESC");
    if (rc == ST_OK)
        rc = db_prepare(s->db, &find, "SELECT id, \"offset\", lines, rejected, first_ts, last_ts,"
                                      " last_day, whole_size FROM ingest"
                                      " WHERE prefix_len = ?1 AND prefix_hash = ?2"
                                      " AND site = ?3"
                                      " ORDER BY \"offset\" DESC LIMIT 1");
    if (rc == ST_OK) {
        dbi_bind_int64(lens, 1, (int64_t)len);
        dbi_bind_text(lens, 2, s->site, -1);
        dbi_bind_text(find, 3, s->site, -1);
    }
    while (rc == ST_OK && rec->id == 0 && dbi_step(lens) == DBI_ROW) {
        size_t l = (size_t)dbi_column_int64(lens, 0);
        dbi_bind_int64(find, 1, (int64_t)l);
        dbi_bind_int64(find, 2, (int64_t)prefix_hash(s, prefix, l));
        if (dbi_step(find) == DBI_ROW)
            read_record(find, rec);
        dbi_reset(find);
    }
    dbi_finalize(lens);
    dbi_finalize(find);
    return rc;
}

enum status store_match_ingest(struct store *s, const uint8_t *prefix, size_t len,
                               struct ingest_record *rec)
{
    memset(rec, 0, sizeof *rec);
    return match_record(s, prefix, len, rec);
}

enum status store_find_ingest(struct store *s, const uint8_t *prefix, size_t len,
                              const char *path, struct ingest_record *rec, uint64_t *hash)
{
    struct dbi_stmt *ins = NULL;
    enum status rc;

    memset(rec, 0, sizeof *rec);
    rec->first_ts = rec->last_ts = rec->last_day = COUNTER_NO_TIME;
    *hash = prefix_hash(s, prefix, len);
    rc = match_record(s, prefix, len, rec);
    if (rc != ST_OK || rec->id != 0)
        return rc;
    rc = db_prepare(s->db, &ins, "INSERT INTO ingest (prefix_len, prefix_hash, path, \"offset\","
                                 " first_at, last_at, site) VALUES (?1, ?2, ?3, 0, ?4, ?4, ?5)"
                                 " RETURNING id");
    if (rc != ST_OK)
        return rc;
    dbi_bind_int64(ins, 1, (int64_t)len);
    dbi_bind_int64(ins, 2, (int64_t)*hash);
    dbi_bind_text(ins, 3, path, -1);
    dbi_bind_int64(ins, 4, (int64_t)time(NULL));
    dbi_bind_text(ins, 5, s->site, -1);
    if (dbi_step(ins) == DBI_ROW)
        rec->id = dbi_column_int64(ins, 0);
    else {
        errorf("cannot write to '%s': %s", s->path, dbi_errmsg(s->db));
        rc = ST_DB;
    }
    dbi_finalize(ins);
    return rc;
}

/* The deltas go to daily (key YYYY-MM-DD) at once and are summed per
 * month for monthly (YYYY-MM), written after: one row per month and
 * dataset, so each key is written once a batch. */
static enum status write_tally(void *ctx, int64_t day, const char *dataset,
                               const int32_t n[T_COLUMNS])
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[S_TALLY];
    struct hasher h;
    char date[11];
    bool created;
    civil_format(day, date);
    dbi_bind_text(st, 1, date, 10);
    dbi_bind_text(st, 2, dataset, -1);
    dbi_bind_text(st, 3, s->site, -1);
    for (int i = 0; i < T_COLUMNS; i++)
        dbi_bind_int64(st, 4 + i, n[i]);
    enum status rc = step_done(s, st);
    hasher_init(&h, s->secret);
    hasher_add(&h, date, 7);
    hasher_add(&h, dataset, strlen(dataset));
    struct month_tally *m = rc == ST_OK ? hmap_put(s->months, hasher_done(&h), &created) : NULL;
    if (rc == ST_OK && !m)
        return ST_NOMEM;
    if (m && created) {
        m->day = day;
        m->dataset = dataset;
    }
    for (int i = 0; m && i < T_COLUMNS; i++)
        m->n[i] += n[i];
    return rc;
}

static enum status write_months(struct store *s)
{
    struct dbi_stmt *st = s->stmt[S_MONTHLY];
    struct month_tally *m;
    struct hash128 key;
    size_t pos = 0;
    enum status rc = ST_OK;
    char date[11];
    while (rc == ST_OK && (m = hmap_next(s->months, &pos, &key))) {
        civil_format(m->day, date);
        dbi_bind_text(st, 1, date, 7);
        dbi_bind_text(st, 2, m->dataset, -1);
        dbi_bind_text(st, 3, s->site, -1);
        for (int i = 0; i < T_COLUMNS; i++)
            dbi_bind_int64(st, 4 + i, m->n[i]);
        rc = step_done(s, st);
    }
    hmap_clear(s->months);
    return rc;
}

static enum status write_reject(void *ctx, int64_t day, int reason, uint32_t lines)
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[S_REJECT];
    char date[11];
    civil_format(day, date);
    dbi_bind_text(st, 1, date, 10);
    dbi_bind_text(st, 2, logline_reject_name((enum parse_result)reason), -1);
    dbi_bind_int64(st, 3, lines);
    dbi_bind_text(st, 4, s->site, -1);
    return step_done(s, st);
}

static enum status write_late(void *ctx, int64_t day, int reason, uint32_t lines)
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[S_LATE];
    char date[11];
    (void)reason;
    civil_format(day, date);
    dbi_bind_text(st, 1, s->site, -1);
    dbi_bind_text(st, 2, date, 10);
    dbi_bind_int64(st, 3, lines);
    return step_done(s, st);
}

static enum status write_country(void *ctx, int64_t day, const char *dataset,
                                 const char country[2], const int32_t n[C_COLUMNS])
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[S_COUNTRY];
    char date[11];
    civil_format(day, date);
    dbi_bind_text(st, 1, date, 10);
    dbi_bind_text(st, 2, dataset, -1);
    dbi_bind_text(st, 3, country, 2);
    dbi_bind_text(st, 4, s->site, -1);
    for (int i = 0; i < C_COLUMNS; i++)
        dbi_bind_int64(st, 5 + i, n[i]);
    return step_done(s, st);
}

static enum status write_hour(void *ctx, int64_t hour, int64_t hour_end, const void *blob,
                              size_t len)
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[blob ? S_HOUR_PUT : S_HOUR_DROP];
    dbi_bind_text(st, 1, s->site, -1);
    dbi_bind_int64(st, 2, hour);
    if (blob) {
        dbi_bind_int64(st, 3, hour_end);
        dbi_bind_blob(st, 4, blob, len);
    }
    return step_done(s, st);
}

static enum status write_span(void *ctx, int64_t first, int64_t last)
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[S_SPAN];
    dbi_bind_text(st, 1, s->site, -1);
    dbi_bind_int64(st, 2, first);
    dbi_bind_int64(st, 3, last);
    return step_done(s, st);
}

static enum status write_busy(void *ctx, int64_t hour, const char id[17], const char cc[2],
                              uint32_t requests, uint32_t datasets)
{
    struct store *s = ctx;
    struct dbi_stmt *st = s->stmt[requests ? S_BUSY_PUT : S_BUSY_DROP];
    char date[11];
    civil_format(hour / 24, date);
    dbi_bind_text(st, 1, s->site, -1);
    dbi_bind_text(st, 2, date, 10);
    dbi_bind_int64(st, 3, hour % 24);
    dbi_bind_text(st, 4, id, 16);
    if (requests) {
        dbi_bind_text(st, 5, cc, 2);
        dbi_bind_int64(st, 6, requests);
        dbi_bind_int64(st, 7, datasets);
    }
    return step_done(s, st);
}

static void bind_time(struct dbi_stmt *st, int col, int64_t t)
{
    if (t == COUNTER_NO_TIME)
        dbi_bind_null(st, col);
    else
        dbi_bind_int64(st, col, t);
}

static enum status write_progress(struct store *s, const struct ingest_progress *f)
{
    struct dbi_stmt *st = s->stmt[S_INGEST_UPDATE];
    dbi_bind_int64(st, 1, f->id);
    dbi_bind_text(st, 2, f->path, -1);
    dbi_bind_int64(st, 3, (int64_t)f->prefix_len);
    dbi_bind_int64(st, 4, (int64_t)f->prefix_hash);
    dbi_bind_int64(st, 5, (int64_t)f->offset);
    dbi_bind_int64(st, 6, (int64_t)f->lines);
    dbi_bind_int64(st, 7, (int64_t)f->rejected);
    bind_time(st, 8, f->first_ts);
    bind_time(st, 9, f->last_ts);
    dbi_bind_int64(st, 10, (int64_t)time(NULL));
    bind_time(st, 11, f->last_day);
    if (f->whole_size)
        dbi_bind_int64(st, 12, (int64_t)f->whole_size);
    else
        dbi_bind_null(st, 12);
    return step_done(s, st);
}

static enum status write_state(struct store *s, struct counter *counter)
{
    char key[300];
    enum status rc = counter_each_hour(counter, write_hour, s);
    if (rc == ST_OK && counter_spans_changed(counter)) {
        dbi_bind_text(s->stmt[S_SPANS_CLEAR], 1, s->site, -1);
        rc = step_done(s, s->stmt[S_SPANS_CLEAR]);
        if (rc == ST_OK)
            rc = counter_each_span(counter, write_span, s);
    }
    if (rc == ST_OK)
        rc = counter_each_busy(counter, write_busy, s);
    site_key(s, "newest", key, sizeof key);
    if (rc == ST_OK && counter_newest(counter) != COUNTER_NO_TIME)
        rc = db_set_int(s->db, key, counter_newest(counter));
    return rc;
}

static enum status write_batch(struct store *s, struct counter *counter,
                               const struct ingest_progress *files, size_t n)
{
    hmap_clear(s->months);
    enum status rc = counter_each_tally(counter, write_tally, s);
    if (rc == ST_OK)
        rc = write_months(s);
    if (rc == ST_OK)
        rc = counter_each_country(counter, write_country, s);
    if (rc == ST_OK)
        rc = counter_each_reject(counter, write_reject, s);
    if (rc == ST_OK)
        rc = counter_each_late(counter, write_late, s);
    if (rc == ST_OK)
        rc = write_state(s, counter);
    for (size_t i = 0; i < n && rc == ST_OK; i++)
        rc = write_progress(s, &files[i]);
    return rc;
}

enum status store_commit(struct store *s, struct counter *counter,
                         const struct ingest_progress *files, size_t n, bool final)
{
    char what[512];
    snprintf(what, sizeof what, "cannot write to database '%s'", s->path);
    enum status rc = counter_seal(counter, final);
    if (rc == ST_OK)
        rc = dbi_begin(s->db, what);
    if (rc != ST_OK)
        return rc;
    rc = write_batch(s, counter, files, n);
    if (rc == ST_OK)
        rc = dbi_commit(s->db, what);
    if (rc != ST_OK) {
        dbi_rollback(s->db);
        return rc;
    }
    return counter_reset_batch(counter);
}

enum status store_record_run(struct store *s, int64_t started, const struct run_stats *st,
                             int exit_code)
{
    struct dbi_stmt *ins = NULL;
    enum status rc = db_prepare(
        s->db, &ins,
        "INSERT INTO runs (started, finished, files, lines, events, other, rejected_format,"
        " rejected_timestamp, rejected_status, rejected_request, rejected_long, late,"
        " exit_code, site, rejected_fields)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)");
    if (rc != ST_OK)
        return rc;
    int64_t v[] = {started, (int64_t)time(NULL), (int64_t)st->files,
                         (int64_t)st->lines, (int64_t)st->events,
                         (int64_t)st->other, (int64_t)st->rejected[REJECT_FORMAT],
                         (int64_t)st->rejected[REJECT_TIMESTAMP],
                         (int64_t)st->rejected[REJECT_STATUS],
                         (int64_t)st->rejected[REJECT_REQUEST],
                         (int64_t)st->rejected[REJECT_LONG],
                         (int64_t)st->late, exit_code};
    for (int i = 0; i < 13; i++)
        dbi_bind_int64(ins, i + 1, v[i]);
    dbi_bind_text(ins, 14, s->site, -1);
    dbi_bind_int64(ins, 15, (int64_t)st->rejected[REJECT_FIELDS]);
    rc = step_done(s, ins);
    dbi_finalize(ins);
    return rc;
}

enum status store_note(struct store *s, const char *key, const char *value)
{
    return db_set_text(s->db, key, value);
}
