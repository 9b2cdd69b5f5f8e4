/* db.c - open, migrate and small helpers around SQLite. */
#include "db.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

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

/* Applies migrations [version, count) each in its own transaction, so an
 * interrupted upgrade leaves a database at a consistent earlier version. */
static enum status migrate(sqlite3 *db, const char *path)
{
    int version = 0;
    enum status rc = user_version(db, &version);
    if (rc != ST_OK)
        return rc;
    if (version > sql_migrations_count) {
        errorf("'%s' has schema version %d, newer than this odstat (%d)", path,
               version, sql_migrations_count);
        return ST_DB;
    }
    for (int v = version; v < sql_migrations_count && rc == ST_OK; v++) {
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        rc = db_exec(db, "BEGIN IMMEDIATE", path);
        if (rc == ST_OK)
            rc = db_exec(db, sql_migrations[v], path);
        if (rc == ST_OK)
            rc = db_exec(db, bump, path);
        if (rc == ST_OK)
            rc = db_exec(db, "COMMIT", path);
        else
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    return rc;
}

/* Reports read without writing: a read-only open, unless the schema must
 * be migrated first. A WAL database whose -shm file cannot be made (a
 * read-only directory) is read as immutable, with a warning. */
static enum status open_for_reading(sqlite3 **out, const char *path, int busy_ms, bool *migrate)
{
    sqlite3 *db = NULL;
    int version = 0;
    enum status rc = ST_DB;

    *migrate = false;
    for (int attempt = 0; attempt < 2 && rc != ST_OK; attempt++) {
        char *uri = attempt ? sqlite3_mprintf("file:%s?immutable=1", path) : NULL;
        sqlite3_close(db);
        db = NULL;
        if (sqlite3_open_v2(uri ? uri : path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                            NULL) == SQLITE_OK) {
            sqlite3_busy_timeout(db, busy_ms);
            if (sqlite3_exec(db, "SELECT COUNT(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK) {
                rc = user_version(db, &version);
                if (rc == ST_OK && attempt)
                    warnf("'%s' is read-only and cannot be shared; read as it is", path);
            }
        }
        sqlite3_free(uri);
    }
    if (rc != ST_OK) {
        errorf("cannot read database '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return ST_DB;
    }
    if (version < sql_migrations_count) {
        sqlite3_close(db); /* an older schema: open for writing to migrate */
        *migrate = true;
        return ST_OK;
    }
    *out = db;
    return ST_OK;
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
        errorf("cannot open database '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        rc = ST_DB;
        goto out;
    }
    sqlite3_busy_timeout(db, busy_ms);
    sqlite3_extended_result_codes(db, 1);
    rc = db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                     " PRAGMA foreign_keys = ON", path);
    if (rc == ST_OK)
        rc = migrate(db, path);
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

enum status db_set_int(sqlite3 *db, const char *key, int64_t value)
{
    sqlite3_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (rc != ST_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, value);
    if (sqlite3_step(st) != SQLITE_DONE) {
        errorf("cannot write setting '%s': %s", key, sqlite3_errmsg(db));
        rc = ST_DB;
    }
    sqlite3_finalize(st);
    return rc;
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
