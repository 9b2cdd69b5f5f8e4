/* dbi.c - picks the engine from the target and dispatches to it. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "dbi.h"

#include <stdlib.h>
#include <string.h>

#include "dbi/backend.h"
#include "msg.h"
#include "siphash.h"

bool dbi_is_postgres(const char *target)
{
    return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

/* "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db". */
static char *display_name(const char *target)
{
    char *name = strdup(target);
    if (!name || !dbi_is_postgres(target))
        return name;
    char *auth = strstr(name, "://") + 3;
    char *at = strchr(auth, '@'), *colon = strchr(auth, ':');
    char *slash = strchr(auth, '/');
    if (at && colon && colon < at && (!slash || at < slash))
        memmove(colon + 1, "***", 3), memmove(colon + 4, at, strlen(at) + 1);
    return name;
}

enum status dbi_open(struct dbi **out, const char *target, enum dbi_mode mode, int busy_ms)
{
    const struct dbi_ops *ops = dbi_is_postgres(target) ? &dbi_pg_ops : &dbi_sqlite_ops;
    char *name = display_name(target);
    enum status rc = name ? ops->open(out, target, name, mode, busy_ms) : ST_NOMEM;
    if (rc == ST_OK) {
        (*out)->ops = ops;
        (*out)->name = name;
    } else {
        *out = NULL;
        free(name);
    }
    return rc;
}

void dbi_close(struct dbi *db)
{
    if (!db)
        return;
    char *name = db->name;
    db->ops->close(db);
    free(name);
}

enum dbi_engine dbi_engine(const struct dbi *db) { return db->ops->engine; }
const char *dbi_name(const struct dbi *db) { return db->name; }
const char *dbi_errmsg(struct dbi *db) { return db->ops->errmsg(db); }

struct dbi *dbi_stmt_db(struct dbi_stmt *st) { return st->db; }

const char *dbi_stmt_errmsg(struct dbi_stmt *st) { return dbi_errmsg(st->db); }

static enum status report(struct dbi *db, enum status rc, const char *what)
{
    if (rc != ST_OK)
        errorf("%s: %s", what, dbi_errmsg(db));
    return rc;
}

enum status dbi_exec(struct dbi *db, const char *sql, const char *what)
{
    return report(db, db->ops->exec(db, sql), what);
}

enum status dbi_begin(struct dbi *db, const char *what)
{
    return report(db, db->ops->begin(db), what);
}

enum status dbi_commit(struct dbi *db, const char *what)
{
    return report(db, db->ops->commit(db), what);
}

void dbi_rollback(struct dbi *db) { db->ops->rollback(db); }

enum status dbi_try_lock(struct dbi *db, const char *name, bool *taken)
{
    return db->ops->try_lock(db, name, taken);
}

uint64_t dbi_lock_key(const char *name)
{
    return siphash64((const uint8_t *)"odstat-sitelock", name, strlen(name));
}

enum status dbi_schema_version(struct dbi *db, int *version)
{
    return db->ops->schema_version(db, version);
}

enum status dbi_set_schema_version(struct dbi *db, int version)
{
    return db->ops->set_schema_version(db, version);
}

static enum status prepare(struct dbi *db, struct dbi_stmt **out, const char *sql, bool many)
{
    enum status rc = (many ? db->ops->prepare_many : db->ops->prepare)(db, out, sql);
    if (rc != ST_OK) {
        errorf("cannot prepare statement: %s", dbi_errmsg(db));
        *out = NULL;
    } else {
        (*out)->ops = db->ops;
        (*out)->db = db;
    }
    return rc;
}

enum status dbi_prepare(struct dbi *db, struct dbi_stmt **out, const char *sql)
{
    return prepare(db, out, sql, false);
}

enum status dbi_prepare_many(struct dbi *db, struct dbi_stmt **out, const char *sql)
{
    return prepare(db, out, sql, true);
}

void dbi_finalize(struct dbi_stmt *st)
{
    if (st)
        st->ops->finalize(st);
}

void dbi_bind_int64(struct dbi_stmt *st, int i, int64_t v) { st->ops->bind_int64(st, i, v); }

void dbi_bind_text(struct dbi_stmt *st, int i, const char *text, int len)
{
    st->ops->bind_text(st, i, text, len < 0 ? strlen(text) : (size_t)len);
}

void dbi_bind_blob(struct dbi_stmt *st, int i, const void *data, size_t len)
{
    st->ops->bind_blob(st, i, data, len);
}

void dbi_bind_null(struct dbi_stmt *st, int i) { st->ops->bind_null(st, i); }
int dbi_step(struct dbi_stmt *st) { return st->ops->step(st); }
void dbi_reset(struct dbi_stmt *st) { st->ops->reset(st); }
void dbi_clear_bindings(struct dbi_stmt *st) { st->ops->clear_bindings(st); }
int dbi_column_count(struct dbi_stmt *st) { return st->ops->column_count(st); }
const char *dbi_column_name(struct dbi_stmt *st, int i) { return st->ops->column_name(st, i); }
enum dbi_type dbi_column_type(struct dbi_stmt *st, int i) { return st->ops->column_type(st, i); }

enum status dbi_sync_ids(struct dbi *db, const char *table, const char *id)
{
    return report(db, db->ops->sync_ids(db, table, id), dbi_name(db));
}

bool dbi_column_is_null(struct dbi_stmt *st, int i) { return st->ops->column_is_null(st, i); }
int64_t dbi_column_int64(struct dbi_stmt *st, int i) { return st->ops->column_int64(st, i); }
double dbi_column_double(struct dbi_stmt *st, int i) { return st->ops->column_double(st, i); }
const char *dbi_column_text(struct dbi_stmt *st, int i) { return st->ops->column_text(st, i); }
int dbi_column_bytes(struct dbi_stmt *st, int i) { return st->ops->column_bytes(st, i); }

const void *dbi_column_blob(struct dbi_stmt *st, int i, size_t *len)
{
    return st->ops->column_blob(st, i, len);
}
