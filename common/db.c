/* db.c - open, migrate and small helpers around SQLite. */
#define _POSIX_C_SOURCE 200809L
#include "db.h"

#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "version.h"

/* Generated from sql/[0-9]*.sql by tools/embed, in file-name order. */
extern const char *const sql_migrations[];
extern const int sql_migrations_count;

enum status db_exec(sqlite3 *db, const char *sql, const char *what)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        errorf("%s: %s", what, err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        return ST_DB;
    }
    return ST_OK;
}

enum status db_prepare(sqlite3 *db, sqlite3_stmt **out, const char *sql)
{
    if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK) {
        errorf("cannot prepare statement: %s", sqlite3_errmsg(db));
        *out = NULL;
        return ST_DB;
    }
    return ST_OK;
}

enum status db_step(sqlite3_stmt *st, bool *row, const char *what)
{
    int r = sqlite3_step(st);
    *row = r == SQLITE_ROW;
    if (r == SQLITE_ROW || r == SQLITE_DONE)
        return ST_OK;
    errorf("cannot read %s: %s", what, sqlite3_errmsg(sqlite3_db_handle(st)));
    return ST_DB;
}

static enum status user_version(sqlite3 *db, int *version)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "PRAGMA user_version");
    if (rc != ST_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    else {
        errorf("cannot read schema version: %s", sqlite3_errmsg(db));
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
}

int db_schema_version(void) { return sql_migrations_count; }

/* A database written by a newer odstat may hold tables and meanings this
 * one does not know: reading or writing it could give wrong numbers. */
static enum status check_not_newer(const char *path, int version)
{
    if (version <= sql_migrations_count)
        return ST_OK;
    errorf("'%s' has schema version %d, newer than this odstat (%d, version %s);"
           " use a newer odstat", path, version, sql_migrations_count, ODSTAT_VERSION);
    return ST_DB;
}

/* SQLite says "readonly database" for a directory it cannot make its -wal
 * file in, and "disk I/O error" for a full disk: look at the directory. */
void db_explain_write(const char *path, const char *cause, char *buf, size_t size)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    struct statvfs fs;
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (access(dir, F_OK) != 0)
        snprintf(buf, size, "the directory '%s' does not exist (make it first: install -d)",
                 dir);
    else if (access(dir, W_OK) != 0)
        snprintf(buf, size, "the directory '%s' is not writable (SQLite keeps its -wal and"
                 " -shm files beside the database)", dir);
    else if (statvfs(dir, &fs) == 0 && fs.f_bavail == 0)
        snprintf(buf, size, "the disk holding '%s' is full", dir);
    else if (access(path, W_OK) != 0 && access(path, F_OK) == 0)
        snprintf(buf, size, "the file is not writable");
    else
        snprintf(buf, size, "%s", cause);
}

/* Runs SQL on the database at PATH being written; on failure explains why
 * PATH cannot be written. */
static enum status write_exec(sqlite3 *db, const char *sql, const char *path)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK)
        return ST_OK;
    char why[4300];
    db_explain_write(path, err ? err : sqlite3_errmsg(db), why, sizeof why);
    errorf("cannot write database '%s': %s", path, why);
    sqlite3_free(err);
    return ST_DB;
}

/* WAL mode, settled once per file. Switching a new file to it needs the
 * file to itself, and SQLite answers BUSY at once (no busy handler) when
 * another process - a collector of another site - opens it in the same
 * moment: so try again for up to BUSY_MS. */
static enum status set_wal(sqlite3 *db, const char *path, int busy_ms)
{
    static const char sql[] = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                              " PRAGMA foreign_keys = ON";
    for (int waited = 0; waited < busy_ms; waited += 20) {
        int r = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (r == SQLITE_OK)
            return ST_OK;
        if ((r & 0xff) != SQLITE_BUSY && (r & 0xff) != SQLITE_LOCKED)
            break;
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return write_exec(db, sql, path);
}

/* Applies the missing migrations, each in its own transaction, so an
 * interrupted upgrade leaves a database at a consistent earlier version.
 * The version is read again inside each write transaction: another
 * process (a report, a collector of another site) may have migrated the
 * file since it was first read. */
static enum status migrate(sqlite3 *db, const char *path)
{
    int version = 0;
    enum status rc = user_version(db, &version);
    if (rc == ST_OK)
        rc = check_not_newer(path, version);
    while (rc == ST_OK && version < sql_migrations_count) {
        char bump[64];
        rc = write_exec(db, "BEGIN IMMEDIATE", path);
        if (rc == ST_OK)
            rc = user_version(db, &version);
        if (rc == ST_OK)
            rc = check_not_newer(path, version);
        if (rc == ST_OK && version < sql_migrations_count) {
            snprintf(bump, sizeof bump, "PRAGMA user_version = %d", version + 1);
            rc = write_exec(db, sql_migrations[version], path);
            if (rc == ST_OK)
                rc = write_exec(db, bump, path);
            version++;
        }
        if (rc == ST_OK)
            rc = write_exec(db, "COMMIT", path);
        else
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    return rc;
}

/* Records which odstat wrote the database last (meta 'writer_version').
 * Written only when it differs, so a run of the same version takes no
 * write lock here. */
static enum status record_writer(sqlite3 *db, const char *path)
{
    sqlite3_stmt *st = NULL;
    bool same;
    enum status rc = db_prepare(db, &st, "SELECT value = ?1 FROM meta WHERE key = 'writer_version'");
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, ODSTAT_VERSION, -1, SQLITE_STATIC);
    bool row = false;
    rc = db_step(st, &row, "the writer version");
    same = row && sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    if (rc == ST_OK && !same)
        rc = write_exec(db, "INSERT INTO meta (key, value) VALUES ('writer_version', '"
                            ODSTAT_VERSION "') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        path);
    return rc;
}

/* Opens PATH read-only; with IMMUTABLE, as a file nobody changes (no -shm
 * needed). Checks that it is a database by reading its schema. */
static enum status open_readonly(sqlite3 **out, const char *path, bool immutable, int busy_ms,
                                 int *version)
{
    char *uri = immutable ? sqlite3_mprintf("file:%s?immutable=1", path) : NULL;
    sqlite3 *db = NULL;
    enum status rc = ST_DB;
    if (sqlite3_open_v2(uri ? uri : path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) ==
        SQLITE_OK) {
        sqlite3_busy_timeout(db, busy_ms);
        if (sqlite3_exec(db, "SELECT COUNT(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK)
            rc = user_version(db, version);
    }
    sqlite3_free(uri);
    *out = db;
    return rc;
}

/* Reports read without writing: a read-only open, unless the schema must
 * be migrated first. A WAL database whose -shm file cannot be made (a
 * read-only directory, a full disk) is read as immutable, with a warning
 * that says why. */
static enum status open_for_reading(sqlite3 **out, const char *path, int busy_ms, bool *migrate)
{
    sqlite3 *db = NULL;
    int version = 0;
    enum status rc = open_readonly(&db, path, false, busy_ms, &version);

    *migrate = false;
    if (rc != ST_OK && db) {
        char why[4300];
        db_explain_write(path, sqlite3_errmsg(db), why, sizeof why);
        sqlite3_close(db);
        rc = open_readonly(&db, path, true, busy_ms, &version);
        if (rc == ST_OK)
            warnf("cannot open '%s' for reading beside a collector: %s; read as it is", path,
                  why);
    }
    if (rc != ST_OK) {
        errorf("cannot read database '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return ST_DB;
    }
    rc = check_not_newer(path, version);
    if (rc == ST_OK && version < sql_migrations_count) {
        sqlite3_close(db); /* an older schema: open for writing to migrate */
        *migrate = true;
        return ST_OK;
    }
    if (rc != ST_OK)
        sqlite3_close(db);
    else
        *out = db;
    return rc;
}

enum status db_open(sqlite3 **out, const char *path, enum db_mode mode, int busy_ms)
{
    sqlite3 *db = NULL;
    enum status rc = ST_OK;
    int flags = SQLITE_OPEN_READWRITE | (mode == DB_CREATE ? SQLITE_OPEN_CREATE : 0);

    *out = NULL;
    if (mode == DB_EXISTING && access(path, F_OK) != 0) {
        errorf("no database at '%s' (run odstat-collect first, or give -d)", path);
        return ST_USAGE;
    }
    if (mode == DB_EXISTING) {
        bool migrate;
        rc = open_for_reading(out, path, busy_ms, &migrate);
        if (rc != ST_OK || !migrate)
            return rc;
    }
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        char why[4300];
        db_explain_write(path, db ? sqlite3_errmsg(db) : "out of memory", why, sizeof why);
        errorf("cannot open database '%s': %s", path, why);
        rc = ST_DB;
        goto out;
    }
    sqlite3_busy_timeout(db, busy_ms);
    sqlite3_extended_result_codes(db, 1);
    rc = set_wal(db, path, busy_ms);
    if (rc == ST_OK)
        rc = migrate(db, path);
    if (rc == ST_OK)
        rc = record_writer(db, path);
out:
    if (rc != ST_OK)
        sqlite3_close(db);
    else
        *out = db;
    return rc;
}

void db_close(sqlite3 *db)
{
    if (db)
        sqlite3_close(db);
}

enum status db_get_int(sqlite3 *db, const char *key, int64_t *value)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "SELECT value FROM meta WHERE key = ?1");
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *value = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_DONE) {
        errorf("cannot read setting '%s': %s", key, sqlite3_errmsg(db));
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Sets meta KEY to TEXT, or to NUM when TEXT is NULL. */
static enum status set_meta(sqlite3 *db, const char *key, int64_t num, const char *text)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (text)
        sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 2, num);
    if (sqlite3_step(st) != SQLITE_DONE) {
        errorf("cannot write setting '%s': %s", key, sqlite3_errmsg(db));
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
}

enum status db_set_int(sqlite3 *db, const char *key, int64_t value)
{
    return set_meta(db, key, value, NULL);
}

enum status db_set_text(sqlite3 *db, const char *key, const char *value)
{
    return set_meta(db, key, 0, value);
}

/* The secret is made once by SQLite's own CSPRNG (randomblob) and kept in
 * meta; INSERT OR IGNORE makes two first runs agree on one secret. */
enum status db_secret(sqlite3 *db, uint8_t secret[16])
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_exec(db, "INSERT OR IGNORE INTO meta (key, value)"
                                 " VALUES ('secret', randomblob(16))", "cannot create secret");
    if (rc == ST_OK)
        rc = db_prepare(db, &st, "SELECT value FROM meta WHERE key = 'secret'");
    if (rc != ST_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 16)
        memcpy(secret, sqlite3_column_blob(st, 0), 16);
    else {
        errorf("the database's secret is missing or damaged");
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
}
