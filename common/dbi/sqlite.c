/* sqlite.c - the dbi backend of SQLite files (the embedded default). */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "backend.h"
#include "msg.h"

struct lite {
    struct dbi base;
    sqlite3 *db;
    char *path;
    int lock_fd;                /* -1 until a lock is taken */
    char err[256];              /* our own errors (locks) */
};

struct lite_stmt {
    struct dbi_stmt base;
    sqlite3_stmt *st;
};

static struct lite *L(struct dbi *db) { return (struct lite *)db; }
static sqlite3_stmt *S(struct dbi_stmt *st) { return ((struct lite_stmt *)st)->st; }

/* Reports read without writing. A WAL database whose -shm file cannot be
 * made (a read-only directory, a full disk) is read as immutable, with a
 * warning that says why. */
static int open_read(struct lite *l, int busy_ms)
{
    int r = SQLITE_ERROR;
    char why[4300] = "";
    for (int attempt = 0; attempt < 2 && r != SQLITE_OK; attempt++) {
        char *uri = attempt ? sqlite3_mprintf("file:%s?immutable=1", l->path) : NULL;
        if (attempt && l->db)
            db_explain_write(l->path, sqlite3_errmsg(l->db), why, sizeof why);
        sqlite3_close(l->db);
        l->db = NULL;
        r = sqlite3_open_v2(uri ? uri : l->path, &l->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                            NULL);
        if (r == SQLITE_OK) {
            sqlite3_busy_timeout(l->db, busy_ms);
            r = sqlite3_exec(l->db, "SELECT COUNT(*) FROM sqlite_schema", NULL, NULL, NULL);
            if (r == SQLITE_OK && attempt)
                warnf("cannot open '%s' for reading beside a collector: %s; read as it is",
                      l->path, why);
        }
        sqlite3_free(uri);
    }
    if (r != SQLITE_OK)
        errorf("cannot read database '%s': %s", l->path,
               l->db ? sqlite3_errmsg(l->db) : "out of memory");
    return r;
}

/* Two processes opening a new file at once both switch it to WAL; SQLite
 * answers the second "busy" without waiting, so it tries again, for up to
 * BUSY_MS. */
static int open_write(struct lite *l, enum dbi_mode mode, int busy_ms)
{
    int flags = SQLITE_OPEN_READWRITE | (mode == DBI_CREATE ? SQLITE_OPEN_CREATE : 0);
    int r = sqlite3_open_v2(l->path, &l->db, flags, NULL);
    if (r == SQLITE_OK) {
        sqlite3_busy_timeout(l->db, busy_ms);
        sqlite3_extended_result_codes(l->db, 1);
    }
    for (int waited = 0; r == SQLITE_OK || (r & 0xff) == SQLITE_BUSY; waited += 10) {
        r = sqlite3_exec(l->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                " PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        if ((r & 0xff) != SQLITE_BUSY || waited >= busy_ms)
            break;
        sqlite3_sleep(10);
    }
    if (r != SQLITE_OK) {
        char why[4300];
        db_explain_write(l->path, l->db ? sqlite3_errmsg(l->db) : "out of memory", why,
                         sizeof why);
        errorf("cannot open database '%s': %s", l->path, why);
    }
    return r;
}

static void lite_close(struct dbi *db)
{
    struct lite *l = L(db);
    if (l->db)
        sqlite3_close(l->db);
    if (l->lock_fd >= 0)
        close(l->lock_fd);
    free(l->path);
    free(l);
}

static enum status lite_open(struct dbi **out, const char *path, const char *name,
                             enum dbi_mode mode, int busy_ms)
{
    (void)name;
    struct lite *l = calloc(1, sizeof *l);
    enum status rc = ST_NOMEM;

    *out = NULL;
    if (!l || !(l->path = strdup(path)))
        goto out;
    l->lock_fd = -1;
    rc = ST_USAGE;
    if (mode != DBI_CREATE && access(path, F_OK) != 0) {
        errorf("no database at '%s' (run odstat-collect first, or give -d)", path);
        goto out;
    }
    rc = (mode == DBI_READ ? open_read(l, busy_ms) : open_write(l, mode, busy_ms)) == SQLITE_OK
             ? ST_OK : ST_DB;
out:
    if (rc == ST_OK)
        *out = &l->base;
    else if (l)
        lite_close(&l->base);
    return rc;
}

static const char *lite_errmsg(struct dbi *db)
{
    return L(db)->err[0] ? L(db)->err : sqlite3_errmsg(L(db)->db);
}

static enum status lite_exec(struct dbi *db, const char *sql)
{
    L(db)->err[0] = '\0';
    return sqlite3_exec(L(db)->db, sql, NULL, NULL, NULL) == SQLITE_OK ? ST_OK : ST_DB;
}

static enum status lite_begin(struct dbi *db) { return lite_exec(db, "BEGIN IMMEDIATE"); }
static enum status lite_commit(struct dbi *db) { return lite_exec(db, "COMMIT"); }

static void lite_rollback(struct dbi *db)
{
    sqlite3_exec(L(db)->db, "ROLLBACK", NULL, NULL, NULL);
}

/* An open-file-description lock on one byte of the database file far
 * above SQLite's own lock bytes (which sit at 1 GiB), chosen by NAME, so
 * holders of other names run beside it and closing SQLite's descriptors
 * never drops it. */
static enum status lite_try_lock(struct dbi *db, const char *name, bool *taken)
{
    struct lite *l = L(db);
    uint64_t h = dbi_lock_key(name);
    struct flock fl = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET,
        .l_start = (off_t)((1ULL << 40) + (h & ((1ULL << 40) - 1))), .l_len = 1,
    };
    *taken = false;
    if (l->lock_fd < 0 && (l->lock_fd = open(l->path, O_RDWR | O_CLOEXEC)) < 0) {
        snprintf(l->err, sizeof l->err, "%s", strerror(errno));
        return ST_DB;
    }
    *taken = fcntl(l->lock_fd, F_OFD_SETLK, &fl) == 0;
    if (*taken || errno == EAGAIN || errno == EACCES)
        return ST_OK;
    snprintf(l->err, sizeof l->err, "%s", strerror(errno));
    return ST_DB;
}

static enum status lite_schema_version(struct dbi *db, int *version)
{
    sqlite3_stmt *st = NULL;
    enum status rc = ST_DB;
    L(db)->err[0] = '\0';
    if (sqlite3_prepare_v2(L(db)->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        *version = sqlite3_column_int(st, 0);
        rc = ST_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static enum status lite_set_schema_version(struct dbi *db, int version)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    return lite_exec(db, sql);
}

static enum status lite_prepare(struct dbi *db, struct dbi_stmt **out, const char *sql)
{
    struct lite_stmt *s = calloc(1, sizeof *s);
    L(db)->err[0] = '\0';
    *out = NULL;
    if (!s) {
        snprintf(L(db)->err, sizeof L(db)->err, "out of memory");
        return ST_NOMEM;
    }
    if (sqlite3_prepare_v2(L(db)->db, sql, -1, &s->st, NULL) != SQLITE_OK) {
        free(s);
        return ST_DB;
    }
    *out = &s->base;
    return ST_OK;
}

static void lite_finalize(struct dbi_stmt *st)
{
    sqlite3_finalize(S(st));
    free(st);
}

static void lite_bind_int64(struct dbi_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(S(st), i, v);
}

static void lite_bind_text(struct dbi_stmt *st, int i, const char *text, size_t len)
{
    sqlite3_bind_text(S(st), i, text, (int)len, SQLITE_TRANSIENT);
}

static void lite_bind_blob(struct dbi_stmt *st, int i, const void *data, size_t len)
{
    sqlite3_bind_blob(S(st), i, data, (int)len, SQLITE_TRANSIENT);
}

static void lite_bind_null(struct dbi_stmt *st, int i) { sqlite3_bind_null(S(st), i); }

static int lite_step(struct dbi_stmt *st)
{
    L(st->db)->err[0] = '\0';
    int r = sqlite3_step(S(st));
    if (r == SQLITE_DONE)
        sqlite3_reset(S(st)); /* ready to be bound and run again, as on PostgreSQL */
    return r == SQLITE_ROW ? DBI_ROW : r == SQLITE_DONE ? DBI_DONE : DBI_ERROR;
}

static void lite_reset(struct dbi_stmt *st) { sqlite3_reset(S(st)); }
static void lite_clear_bindings(struct dbi_stmt *st) { sqlite3_clear_bindings(S(st)); }

static int lite_column_count(struct dbi_stmt *st) { return sqlite3_column_count(S(st)); }

static const char *lite_column_name(struct dbi_stmt *st, int i)
{
    return sqlite3_column_name(S(st), i);
}

static enum dbi_type lite_column_type(struct dbi_stmt *st, int i)
{
    switch (sqlite3_column_type(S(st), i)) {
    case SQLITE_INTEGER: return DBI_INTEGER;
    case SQLITE_FLOAT: return DBI_FLOAT;
    case SQLITE_TEXT: return DBI_TEXT;
    case SQLITE_BLOB: return DBI_BLOB;
    default: return DBI_NULL;
    }
}

/* An INTEGER PRIMARY KEY continues after the largest by itself. */
static enum status lite_sync_ids(struct dbi *db, const char *table, const char *id)
{
    (void)db, (void)table, (void)id;
    return ST_OK;
}

static bool lite_column_is_null(struct dbi_stmt *st, int i)
{
    return sqlite3_column_type(S(st), i) == SQLITE_NULL;
}

static int64_t lite_column_int64(struct dbi_stmt *st, int i)
{
    return sqlite3_column_int64(S(st), i);
}

static double lite_column_double(struct dbi_stmt *st, int i)
{
    return sqlite3_column_double(S(st), i);
}

static const char *lite_column_text(struct dbi_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(S(st), i);
}

static int lite_column_bytes(struct dbi_stmt *st, int i) { return sqlite3_column_bytes(S(st), i); }

static const void *lite_column_blob(struct dbi_stmt *st, int i, size_t *len)
{
    const void *p = sqlite3_column_blob(S(st), i);
    *len = (size_t)sqlite3_column_bytes(S(st), i);
    return p;
}

const struct dbi_ops dbi_sqlite_ops = {
    .engine = DBI_SQLITE,
    .open = lite_open, .close = lite_close, .errmsg = lite_errmsg, .exec = lite_exec,
    .begin = lite_begin, .commit = lite_commit, .rollback = lite_rollback,
    .try_lock = lite_try_lock, .schema_version = lite_schema_version,
    .set_schema_version = lite_set_schema_version,
    .prepare = lite_prepare, .prepare_many = lite_prepare, .finalize = lite_finalize,
    .bind_int64 = lite_bind_int64, .bind_text = lite_bind_text, .bind_blob = lite_bind_blob,
    .bind_null = lite_bind_null, .step = lite_step, .reset = lite_reset,
    .clear_bindings = lite_clear_bindings, .column_count = lite_column_count,
    .column_name = lite_column_name, .column_type = lite_column_type, .sync_ids = lite_sync_ids,
    .column_is_null = lite_column_is_null,
    .column_int64 = lite_column_int64, .column_double = lite_column_double,
    .column_text = lite_column_text, .column_bytes = lite_column_bytes,
    .column_blob = lite_column_blob,
};
