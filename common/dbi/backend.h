/* backend.h - what a database engine provides to dbi.c (private to dbi).
 *
 * Each backend embeds struct dbi and struct dbi_stmt as the first member
 * of its own structs and fills a const struct dbi_ops; dbi.c only
 * dispatches and keeps what is common (the name for messages).
 */
#ifndef ODSTAT_DBI_BACKEND_H
#define ODSTAT_DBI_BACKEND_H

#include "dbi.h"

struct dbi_ops;

struct dbi {
    const struct dbi_ops *ops;
    char *name;                 /* for messages: the path, or the URI without password */
};

struct dbi_stmt {
    const struct dbi_ops *ops;
    struct dbi *db;
};

struct dbi_ops {
    enum dbi_engine engine;
    /* Opens TARGET (NAME: how messages show it); on failure prints its
     * message and returns NULL in *OUT. */
    enum status (*open)(struct dbi **out, const char *target, const char *name,
                        enum dbi_mode mode, int busy_ms);
    void (*close)(struct dbi *db);
    const char *(*errmsg)(struct dbi *db);
    /* ST_DB on failure, with the message in errmsg. */
    enum status (*exec)(struct dbi *db, const char *sql);
    enum status (*begin)(struct dbi *db);
    enum status (*commit)(struct dbi *db);
    void (*rollback)(struct dbi *db);
    enum status (*try_lock)(struct dbi *db, const char *name, bool *taken);
    enum status (*schema_version)(struct dbi *db, int *version);
    enum status (*set_schema_version)(struct dbi *db, int version);
    enum status (*prepare)(struct dbi *db, struct dbi_stmt **out, const char *sql);
    enum status (*prepare_many)(struct dbi *db, struct dbi_stmt **out, const char *sql);
    void (*finalize)(struct dbi_stmt *st);
    void (*bind_int64)(struct dbi_stmt *st, int i, int64_t value);
    void (*bind_text)(struct dbi_stmt *st, int i, const char *text, size_t len);
    void (*bind_blob)(struct dbi_stmt *st, int i, const void *data, size_t len);
    void (*bind_null)(struct dbi_stmt *st, int i);
    int (*step)(struct dbi_stmt *st);
    void (*reset)(struct dbi_stmt *st);
    void (*clear_bindings)(struct dbi_stmt *st);
    int (*column_count)(struct dbi_stmt *st);
    const char *(*column_name)(struct dbi_stmt *st, int i);
    enum dbi_type (*column_type)(struct dbi_stmt *st, int i);
    enum status (*sync_ids)(struct dbi *db, const char *table, const char *id);
    bool (*column_is_null)(struct dbi_stmt *st, int i);
    int64_t (*column_int64)(struct dbi_stmt *st, int i);
    double (*column_double)(struct dbi_stmt *st, int i);
    const char *(*column_text)(struct dbi_stmt *st, int i);
    int (*column_bytes)(struct dbi_stmt *st, int i);
    const void *(*column_blob)(struct dbi_stmt *st, int i, size_t *len);
};

extern const struct dbi_ops dbi_sqlite_ops;
extern const struct dbi_ops dbi_pg_ops;

/* A 64-bit key for lock NAME, the same in every process. */
uint64_t dbi_lock_key(const char *name);

#endif
