/* store.c - prepared statements for the collector's writes. */
#define _DEFAULT_SOURCE
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "logline.h"
#include "db.h"
#include "msg.h"
#include "siphash.h"

enum stmt_id {
    S_TALLY, S_MONTHLY, S_COUNTRY, S_REJECT, S_CLICK, S_SESSION, S_PRUNE_CLICKS, S_PRUNE_SESSIONS, S_INGEST_UPDATE,
    S_STMTS
};

static const char *const stmt_sql[S_STMTS] = {
    [S_TALLY] =
        "INSERT INTO daily (day, dataset_id, views, downloads, unique_views,"
        " unique_downloads, unique_sessions, machine_views, machine_downloads,"
        " robot_views, robot_downloads) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"
        " ON CONFLICT (day, dataset_id) DO UPDATE SET"
        " views = views + excluded.views, downloads = downloads + excluded.downloads,"
        " unique_views = unique_views + excluded.unique_views,"
        " unique_downloads = unique_downloads + excluded.unique_downloads,"
        " unique_sessions = unique_sessions + excluded.unique_sessions,"
        " machine_views = machine_views + excluded.machine_views,"
        " machine_downloads = machine_downloads + excluded.machine_downloads,"
        " robot_views = robot_views + excluded.robot_views,"
        " robot_downloads = robot_downloads + excluded.robot_downloads",
    [S_MONTHLY] =
        "INSERT INTO monthly (month, dataset_id, views, downloads, unique_views,"
        " unique_downloads, unique_sessions, machine_views, machine_downloads,"
        " robot_views, robot_downloads) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"
        " ON CONFLICT (month, dataset_id) DO UPDATE SET"
        " views = views + excluded.views, downloads = downloads + excluded.downloads,"
        " unique_views = unique_views + excluded.unique_views,"
        " unique_downloads = unique_downloads + excluded.unique_downloads,"
        " unique_sessions = unique_sessions + excluded.unique_sessions,"
        " machine_views = machine_views + excluded.machine_views,"
        " machine_downloads = machine_downloads + excluded.machine_downloads,"
        " robot_views = robot_views + excluded.robot_views,"
        " robot_downloads = robot_downloads + excluded.robot_downloads",
    [S_REJECT] = "INSERT INTO rejects (day, reason, lines) VALUES (?1, ?2, ?3)"
                 " ON CONFLICT (day, reason) DO UPDATE SET lines = lines + excluded.lines",
    [S_COUNTRY] =
        "INSERT INTO daily_country (day, dataset_id, country, views, downloads, unique_views,"
        " unique_downloads) VALUES (?1,?2,?3,?4,?5,?6,?7)"
        " ON CONFLICT (day, dataset_id, country) DO UPDATE SET"
        " views = views + excluded.views, downloads = downloads + excluded.downloads,"
        " unique_views = unique_views + excluded.unique_views,"
        " unique_downloads = unique_downloads + excluded.unique_downloads",
    [S_CLICK] = "INSERT INTO clicks (key, last) VALUES (?1, ?2)"
                " ON CONFLICT (key) DO UPDATE SET last = excluded.last",
    [S_SESSION] = "INSERT INTO sessions (key, expires, flags) VALUES (?1, ?2, ?3)"
                  " ON CONFLICT (key) DO UPDATE SET expires = excluded.expires,"
                  " flags = excluded.flags",
    [S_PRUNE_CLICKS] = "DELETE FROM clicks WHERE last < ?1",
    [S_PRUNE_SESSIONS] = "DELETE FROM sessions WHERE expires <= ?1",
    [S_INGEST_UPDATE] = "UPDATE ingest SET path = ?2, prefix_len = ?3, prefix_hash = ?4,"
                        " offset = ?5, lines = ?6, rejected = ?7, first_ts = ?8,"
                        " last_ts = ?9, last_at = ?10, last_day = ?11 WHERE id = ?1",
};

struct store {
    sqlite3 *db;
    char *path;
    int lock_fd;
    uint8_t secret[16];
    int64_t newest;
    sqlite3_stmt *stmt[S_STMTS];
};

/* One collector per database at a time: the double-click and session state
 * is read at the start of a run and must not change under it. flock on the
 * database file is independent of SQLite's own POSIX locks. */
static enum status take_lock(struct store *s, int wait_seconds)
{
    /* before SQLite opens the file, so two first runs do not race to
     * create the schema; creating an empty file makes an empty database */
    s->lock_fd = open(s->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->lock_fd < 0) {
        char why[4300];
        db_explain_write(s->path, strerror(errno), why, sizeof why);
        errorf("cannot open database '%s': %s", s->path, why);
        return ST_DB;
    }
    for (int waited = 0;; waited++) {
        if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
            return ST_OK;
        if (errno != EWOULDBLOCK || waited >= wait_seconds * 10) {
            errorf("database '%s' is in use by another odstat-collect (waited %d s)", s->path,
                   wait_seconds);
            return ST_DB;
        }
        if (waited == 0)
            notef("waiting for another odstat-collect to finish with '%s'", s->path);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

enum status store_open(struct store **out, const char *path, int wait_seconds)
{
    struct store *s = calloc(1, sizeof *s);
    enum status rc = ST_NOMEM;

    *out = NULL;
    if (!s || !(s->path = strdup(path)))
        goto out;
    s->lock_fd = -1;
    s->newest = COUNTER_NO_TIME;
    rc = take_lock(s, wait_seconds);
    if (rc == ST_OK)
        rc = db_open(&s->db, path, DB_CREATE, 60000);
    if (rc == ST_OK)
        rc = db_secret(s->db, s->secret);
    if (rc == ST_OK)
        rc = db_get_int(s->db, "stream_newest", &s->newest);
    for (int i = 0; i < S_STMTS && rc == ST_OK; i++)
        rc = db_prepare(s->db, &s->stmt[i], stmt_sql[i]);
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
        sqlite3_finalize(s->stmt[i]);
    db_close(s->db);
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* only after SQLite closed: see take_lock */
    free(s->path);
    free(s);
}

const uint8_t *store_secret(const struct store *s) { return s->secret; }
int64_t store_newest(const struct store *s) { return s->newest; }

static enum status step_done(struct store *s, sqlite3_stmt *st)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (r == SQLITE_DONE)
        return ST_OK;
    char why[4300];
    db_explain_write(s->path, sqlite3_errmsg(s->db), why, sizeof why);
    errorf("cannot write to '%s': %s", s->path, why);
    return ST_DB;
}

enum status store_load_state(struct store *s, struct counter *counter)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(s->db, &st, "SELECT key, last FROM clicks");
    while (rc == ST_OK && sqlite3_step(st) == SQLITE_ROW)
        if (sqlite3_column_bytes(st, 0) == 16)
            rc = counter_load_click(counter, sqlite3_column_blob(st, 0),
                                    sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    st = NULL;
    if (rc == ST_OK)
        rc = db_prepare(s->db, &st, "SELECT key, expires, flags FROM sessions");
    while (rc == ST_OK && sqlite3_step(st) == SQLITE_ROW)
        if (sqlite3_column_bytes(st, 0) == 16)
            rc = counter_load_session(counter, sqlite3_column_blob(st, 0),
                                      sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2));
    sqlite3_finalize(st);
    return rc;
}

static uint64_t prefix_hash(const struct store *s, const uint8_t *prefix, size_t len)
{
    /* SQLite integers are signed: keep the hash in 63 bits */
    return siphash64(s->secret, prefix, len) >> 1;
}

static void read_record(sqlite3_stmt *st, struct ingest_record *rec)
{
    rec->id = sqlite3_column_int64(st, 0);
    rec->offset = (uint64_t)sqlite3_column_int64(st, 1);
    rec->lines = (uint64_t)sqlite3_column_int64(st, 2);
    rec->rejected = (uint64_t)sqlite3_column_int64(st, 3);
    rec->first_ts = sqlite3_column_type(st, 4) == SQLITE_NULL ? COUNTER_NO_TIME
                                                              : sqlite3_column_int64(st, 4);
    rec->last_ts = sqlite3_column_type(st, 5) == SQLITE_NULL ? COUNTER_NO_TIME
                                                             : sqlite3_column_int64(st, 5);
    rec->last_day = sqlite3_column_type(st, 6) == SQLITE_NULL ? COUNTER_NO_TIME
                                                              : sqlite3_column_int64(st, 6);
}

/* The record whose stored prefix (of any length up to LEN) is the start of
 * PREFIX; the longest such prefix wins, then the furthest offset. */
static enum status match_record(struct store *s, const uint8_t *prefix, size_t len,
                                struct ingest_record *rec)
{
    sqlite3_stmt *lens = NULL, *find = NULL;
    enum status rc = db_prepare(s->db, &lens, "SELECT DISTINCT prefix_len FROM ingest"
                                              " WHERE prefix_len BETWEEN 1 AND ?1"
                                              " ORDER BY prefix_len DESC");
    if (rc == ST_OK)
        rc = db_prepare(s->db, &find, "SELECT id, offset, lines, rejected, first_ts, last_ts,"
                                      " last_day FROM ingest WHERE prefix_len = ?1 AND prefix_hash = ?2"
                                      " ORDER BY offset DESC LIMIT 1");
    if (rc == ST_OK)
        sqlite3_bind_int64(lens, 1, (sqlite3_int64)len);
    while (rc == ST_OK && rec->id == 0 && sqlite3_step(lens) == SQLITE_ROW) {
        size_t l = (size_t)sqlite3_column_int64(lens, 0);
        sqlite3_bind_int64(find, 1, (sqlite3_int64)l);
        sqlite3_bind_int64(find, 2, (sqlite3_int64)prefix_hash(s, prefix, l));
        if (sqlite3_step(find) == SQLITE_ROW)
            read_record(find, rec);
        sqlite3_reset(find);
    }
    sqlite3_finalize(lens);
    sqlite3_finalize(find);
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
    sqlite3_stmt *ins = NULL;
    enum status rc;

    memset(rec, 0, sizeof *rec);
    rec->first_ts = rec->last_ts = rec->last_day = COUNTER_NO_TIME;
    *hash = prefix_hash(s, prefix, len);
    rc = match_record(s, prefix, len, rec);
    if (rc != ST_OK || rec->id != 0)
        return rc;
    rc = db_prepare(s->db, &ins, "INSERT INTO ingest (prefix_len, prefix_hash, path, offset,"
                                 " first_at, last_at) VALUES (?1, ?2, ?3, 0, ?4, ?4)");
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_int64(ins, 1, (sqlite3_int64)len);
    sqlite3_bind_int64(ins, 2, (sqlite3_int64)*hash);
    sqlite3_bind_text(ins, 3, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 4, (sqlite3_int64)time(NULL));
    rc = step_done(s, ins);
    if (rc == ST_OK)
        rec->id = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(ins);
    return rc;
}

/* The same increments go to daily (key YYYY-MM-DD) and monthly (YYYY-MM). */
static enum status write_tally(void *ctx, int64_t day, const char *dataset,
                               const uint32_t n[T_COLUMNS])
{
    struct store *s = ctx;
    char date[11];
    enum status rc = ST_OK;
    civil_format(day, date);
    for (int which = 0; which < 2 && rc == ST_OK; which++) {
        sqlite3_stmt *st = s->stmt[which == 0 ? S_TALLY : S_MONTHLY];
        sqlite3_bind_text(st, 1, date, which == 0 ? 10 : 7, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, dataset, -1, SQLITE_STATIC);
        for (int i = 0; i < T_COLUMNS; i++)
            sqlite3_bind_int64(st, 3 + i, n[i]);
        rc = step_done(s, st);
    }
    return rc;
}

static enum status write_reject(void *ctx, int64_t day, int reason, uint32_t lines)
{
    struct store *s = ctx;
    sqlite3_stmt *st = s->stmt[S_REJECT];
    char date[11];
    civil_format(day, date);
    sqlite3_bind_text(st, 1, date, 10, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, logline_reject_name((enum parse_result)reason), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, lines);
    return step_done(s, st);
}

static enum status write_country(void *ctx, int64_t day, const char *dataset,
                                 const char country[2], const uint32_t n[C_COLUMNS])
{
    struct store *s = ctx;
    sqlite3_stmt *st = s->stmt[S_COUNTRY];
    char date[11];
    civil_format(day, date);
    sqlite3_bind_text(st, 1, date, 10, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, dataset, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, country, 2, SQLITE_TRANSIENT);
    for (int i = 0; i < C_COLUMNS; i++)
        sqlite3_bind_int64(st, 4 + i, n[i]);
    return step_done(s, st);
}

static enum status write_click(void *ctx, const uint8_t key[16], int64_t last)
{
    struct store *s = ctx;
    sqlite3_stmt *st = s->stmt[S_CLICK];
    sqlite3_bind_blob(st, 1, key, 16, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, last);
    return step_done(s, st);
}

static enum status write_session(void *ctx, const uint8_t key[16], int64_t expires, int flags)
{
    struct store *s = ctx;
    sqlite3_stmt *st = s->stmt[S_SESSION];
    sqlite3_bind_blob(st, 1, key, 16, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, expires);
    sqlite3_bind_int(st, 3, flags);
    return step_done(s, st);
}

static void bind_time(sqlite3_stmt *st, int col, int64_t t)
{
    if (t == COUNTER_NO_TIME)
        sqlite3_bind_null(st, col);
    else
        sqlite3_bind_int64(st, col, t);
}

static enum status write_progress(struct store *s, const struct ingest_progress *f)
{
    sqlite3_stmt *st = s->stmt[S_INGEST_UPDATE];
    sqlite3_bind_int64(st, 1, f->id);
    sqlite3_bind_text(st, 2, f->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)f->prefix_len);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)f->prefix_hash);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)f->offset);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)f->lines);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)f->rejected);
    bind_time(st, 8, f->first_ts);
    bind_time(st, 9, f->last_ts);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)time(NULL));
    bind_time(st, 11, f->last_day);
    return step_done(s, st);
}

static enum status write_batch(struct store *s, struct counter *counter,
                               const struct ingest_progress *files, size_t n)
{
    enum status rc = counter_each_tally(counter, write_tally, s);
    if (rc == ST_OK)
        rc = counter_each_country(counter, write_country, s);
    if (rc == ST_OK)
        rc = counter_each_reject(counter, write_reject, s);
    if (rc == ST_OK)
        rc = counter_each_click(counter, write_click, s);
    if (rc == ST_OK)
        rc = counter_each_session(counter, write_session, s);
    if (rc == ST_OK && counter_newest(counter) != COUNTER_NO_TIME) {
        sqlite3_bind_int64(s->stmt[S_PRUNE_CLICKS], 1, counter_click_horizon(counter));
        rc = step_done(s, s->stmt[S_PRUNE_CLICKS]);
        if (rc == ST_OK) {
            sqlite3_bind_int64(s->stmt[S_PRUNE_SESSIONS], 1, counter_session_horizon(counter));
            rc = step_done(s, s->stmt[S_PRUNE_SESSIONS]);
        }
        if (rc == ST_OK)
            rc = db_set_int(s->db, "stream_newest", counter_newest(counter));
    }
    for (size_t i = 0; i < n && rc == ST_OK; i++)
        rc = write_progress(s, &files[i]);
    return rc;
}

enum status store_commit(struct store *s, struct counter *counter,
                         const struct ingest_progress *files, size_t n)
{
    char what[512];
    snprintf(what, sizeof what, "cannot write to database '%s'", s->path);
    enum status rc = db_exec(s->db, "BEGIN IMMEDIATE", what);
    if (rc != ST_OK)
        return rc;
    rc = write_batch(s, counter, files, n);
    if (rc == ST_OK)
        rc = db_exec(s->db, "COMMIT", what);
    if (rc != ST_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    counter_reset_batch(counter);
    return ST_OK;
}

enum status store_record_run(struct store *s, int64_t started, const struct run_stats *st,
                             int exit_code)
{
    sqlite3_stmt *ins = NULL;
    enum status rc = db_prepare(
        s->db, &ins,
        "INSERT INTO runs (started, finished, files, lines, events, other, rejected_format,"
        " rejected_timestamp, rejected_status, rejected_request, rejected_long, late,"
        " exit_code) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
    if (rc != ST_OK)
        return rc;
    sqlite3_int64 v[] = {started, (sqlite3_int64)time(NULL), (sqlite3_int64)st->files,
                         (sqlite3_int64)st->lines, (sqlite3_int64)st->events,
                         (sqlite3_int64)st->other, (sqlite3_int64)st->rejected[1],
                         (sqlite3_int64)st->rejected[2], (sqlite3_int64)st->rejected[3],
                         (sqlite3_int64)st->rejected[4], (sqlite3_int64)st->rejected[5],
                         (sqlite3_int64)st->late, exit_code};
    for (int i = 0; i < 13; i++)
        sqlite3_bind_int64(ins, i + 1, v[i]);
    rc = step_done(s, ins);
    sqlite3_finalize(ins);
    return rc;
}

enum status store_note(struct store *s, const char *key, const char *value)
{
    return db_set_text(s->db, key, value);
}
