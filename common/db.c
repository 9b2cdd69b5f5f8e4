/* db.c - open, migrate and small helpers around the dbi interface. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include "db.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "msg.h"
#include "version.h"

/* Generated from sql/[0-9]*.sql and sql/pg/[0-9]*.sql by tools/embed, in
 * file-name order. */
extern const char *const sql_migrations[];
extern const int sql_migrations_count;
extern const char *const sql_pg_migrations[];
extern const int sql_pg_migrations_count;

enum status db_exec(struct dbi *db, const char *sql, const char *what)
{
    return dbi_exec(db, sql, what);
}

enum status db_prepare(struct dbi *db, struct dbi_stmt **out, const char *sql)
{
    return dbi_prepare(db, out, sql);
}

static const char *const *migrations(struct dbi *db, int *count)
{
    bool pg = dbi_engine(db) == DBI_POSTGRES;
    *count = pg ? sql_pg_migrations_count : sql_migrations_count;
    return pg ? sql_pg_migrations : sql_migrations;
}

static enum status schema_version(struct dbi *db, int *version)
{
    enum status rc = dbi_schema_version(db, version);
    if (rc != ST_OK)
        errorf("cannot read schema version: %s", dbi_errmsg(db));
    return rc;
}

/* Applies the missing migrations, each in its own transaction, so an
 * interrupted upgrade leaves a database at a consistent earlier version.
 * The version is read again inside each transaction: another process may
 * have migrated meanwhile. */
static enum status migrate(struct dbi *db)
{
    int count, version = 0;
    const char *const *sql = migrations(db, &count);
    const char *path = dbi_name(db);
    enum status rc = ST_OK;

    for (;;) {
        rc = dbi_begin(db, path);
        if (rc == ST_OK)
            rc = schema_version(db, &version);
        if (rc == ST_OK && version > count) {
            errorf("'%s' has schema version %d, newer than this odstat (%d, version %s);"
                   " use a newer odstat", path, version, count, ODSTAT_VERSION);
            rc = ST_DB;
        }
        if (rc != ST_OK || version == count)
            break;
        rc = dbi_exec(db, sql[version], path);
        if (rc == ST_OK && (rc = dbi_set_schema_version(db, version + 1)) != ST_OK)
            errorf("%s: %s", path, dbi_errmsg(db));
        if (rc == ST_OK)
            rc = dbi_commit(db, path);
        if (rc != ST_OK)
            break;
    }
    if (rc == ST_OK)
        rc = dbi_commit(db, path);
    else
        dbi_rollback(db);
    return rc;
}

/* Reports read without writing: a read-only open, unless the schema must
 * be migrated first. */
static enum status open_for_reading(struct dbi **out, const char *target, int busy_ms,
                                    bool *migrate)
{
    int version = 0, count;
    enum status rc = dbi_open(out, target, DBI_READ, busy_ms);
    *migrate = false;
    if (rc != ST_OK)
        return rc;
    migrations(*out, &count);
    rc = schema_version(*out, &version);
    if (rc == ST_OK && version > count) {
        errorf("'%s' has schema version %d, newer than this odstat (%d, version %s);"
               " use a newer odstat", dbi_name(*out), version, count, ODSTAT_VERSION);
        rc = ST_DB;
    }
    if (rc != ST_OK || version < count) {
        dbi_close(*out); /* an older schema: open for writing to migrate */
        *out = NULL;
        *migrate = rc == ST_OK;
    }
    return rc;
}

enum status db_step(struct dbi_stmt *st, bool *row, const char *what)
{
    int r = dbi_step(st);
    *row = r == DBI_ROW;
    if (r == DBI_ROW || r == DBI_DONE)
        return ST_OK;
    errorf("cannot read %s: %s", what, dbi_stmt_errmsg(st));
    return ST_DB;
}

int db_schema_version(void) { return sql_migrations_count; }

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

/* Records which odstat wrote the database last (meta 'writer_version').
 * Written only when it differs, so a run of the same version takes no
 * write lock here. */
static enum status record_writer(struct dbi *db)
{
    struct dbi_stmt *st = NULL;
    bool same = false, row = false;
    enum status rc = db_prepare(db, &st, "SELECT value FROM meta WHERE key = 'writer_version'");
    if (rc != ST_OK)
        return rc;
    rc = db_step(st, &row, "the writer version");
    if (row) {
        const char *v = dbi_column_text(st, 0);
        same = v && strcmp(v, ODSTAT_VERSION) == 0;
    }
    dbi_finalize(st);
    if (rc == ST_OK && !same)
        rc = db_set_text(db, "writer_version", ODSTAT_VERSION);
    return rc;
}

enum status db_open(struct dbi **out, const char *target, enum db_mode mode, int busy_ms)
{
    struct dbi *db = NULL;
    enum status rc = ST_OK;

    *out = NULL;
    if (mode == DB_EXISTING) {
        bool again;
        rc = open_for_reading(out, target, busy_ms, &again);
        if (rc != ST_OK || !again)
            return rc;
    }
    rc = dbi_open(&db, target, mode == DB_CREATE ? DBI_CREATE : DBI_WRITE, busy_ms);
    if (rc == ST_OK)
        rc = migrate(db);
    if (rc == ST_OK)
        rc = record_writer(db);
    if (rc != ST_OK)
        dbi_close(db);
    else
        *out = db;
    return rc;
}

void db_close(struct dbi *db) { dbi_close(db); }

enum status db_get_int(struct dbi *db, const char *key, int64_t *value)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "SELECT value FROM meta WHERE key = ?1");
    if (rc != ST_OK)
        return rc;
    dbi_bind_text(st, 1, key, -1);
    int step = dbi_step(st);
    if (step == DBI_ROW)
        *value = dbi_column_int64(st, 0);
    else if (step != DBI_DONE) {
        errorf("cannot read setting '%s': %s", key, dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

/* Sets meta KEY to TEXT, or to NUM when TEXT is NULL. */
static enum status set_meta(struct dbi *db, const char *key, int64_t num, const char *text)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(db, &st, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (rc != ST_OK)
        return rc;
    dbi_bind_text(st, 1, key, -1);
    if (text)
        dbi_bind_text(st, 2, text, -1);
    else
        dbi_bind_int64(st, 2, num);
    if (dbi_step(st) != DBI_DONE) {
        errorf("cannot write setting '%s': %s", key, dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

enum status db_set_int(struct dbi *db, const char *key, int64_t value)
{
    return set_meta(db, key, value, NULL);
}

enum status db_set_text(struct dbi *db, const char *key, const char *value)
{
    return set_meta(db, key, 0, value);
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The secret as stored: 16 bytes (a blob, databases before the move to
 * dbi) or 32 lower-case hex digits (text, which both engines keep in meta). */
static bool read_secret(const void *p, size_t len, uint8_t secret[16])
{
    const char *h = p;
    if (p && len == 16) {
        memcpy(secret, p, 16);
        return true;
    }
    if (!p || len != 32)
        return false;
    for (int i = 0; i < 16; i++) {
        int a = hex_digit(h[2 * i]), b = hex_digit(h[2 * i + 1]);
        if (a < 0 || b < 0)
            return false;
        secret[i] = (uint8_t)(a << 4 | b);
    }
    return true;
}

/* The secret is made once from the kernel's CSPRNG and kept in meta; ON
 * CONFLICT DO NOTHING makes two first runs agree on one secret. */
static enum status create_secret(struct dbi *db)
{
    uint8_t raw[16];
    char hex[33];
    struct dbi_stmt *st = NULL;
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
        errorf("cannot create secret: %m");
        return ST_DB;
    }
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    enum status rc = db_prepare(db, &st, "INSERT INTO meta (key, value) VALUES ('secret', ?1)"
                                         " ON CONFLICT (key) DO NOTHING");
    if (rc != ST_OK)
        return rc;
    dbi_bind_text(st, 1, hex, 32);
    if (dbi_step(st) != DBI_DONE) {
        errorf("cannot create secret: %s", dbi_errmsg(db));
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}

enum status db_secret(struct dbi *db, uint8_t secret[16])
{
    struct dbi_stmt *st = NULL;
    size_t len = 0;
    enum status rc = create_secret(db);
    if (rc == ST_OK)
        rc = db_prepare(db, &st, "SELECT value FROM meta WHERE key = 'secret'");
    if (rc != ST_OK)
        return rc;
    const void *p = dbi_step(st) == DBI_ROW ? dbi_column_blob(st, 0, &len) : NULL;
    if (!read_secret(p, len, secret)) {
        errorf("the database's secret is missing or damaged");
        rc = ST_DB;
    }
    dbi_finalize(st);
    return rc;
}
