/* db.h - opening an odstat database and keeping its schema current.
 *
 * A database is a SQLite file or a PostgreSQL database (a libpq URI; see
 * dbi.h). The schema is the numbered migrations of the engine, compiled
 * in (sql/NNN_*.sql for SQLite, sql/pg/NNN_*.sql for PostgreSQL, the same
 * numbers); db_open applies the missing ones, so an older database is
 * upgraded in place and a newer one is refused.
 */
#ifndef ODSTAT_DB_H
#define ODSTAT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dbi.h"
#include "status.h"

enum db_mode {
    DB_CREATE,   /* collector: create the file if missing */
    DB_EXISTING, /* reports: the database must exist; opened read-only */
};

/* Opens TARGET into *OUT, migrates it and waits up to BUSY_MS for locks.
 * On failure prints a message naming TARGET, leaves *OUT NULL and returns
 * ST_USAGE (missing file) or ST_DB. The caller closes with db_close. */
enum status db_open(struct dbi **out, const char *target, enum db_mode mode, int busy_ms);

/* Why the database at PATH cannot be written, in words a user can act on
 * (a missing or non-writable directory, a full disk, a read-only file),
 * else CAUSE (SQLite's or strerror's words), into BUF. */
void db_explain_write(const char *path, const char *cause, char *buf, size_t size);

/* Closes DB (NULL is fine). */
void db_close(struct dbi *db);

/* Runs SQL without results; prints the error naming WHAT on failure. */
enum status db_exec(struct dbi *db, const char *sql, const char *what);

/* Prepares SQL; prints the error on failure. */
enum status db_prepare(struct dbi *db, struct dbi_stmt **out, const char *sql);

/* Steps ST once: *ROW is true for a row, false when the statement is done.
 * Any other result is ST_DB with a message naming WHAT ("the daily table"):
 * a failed step must never read as "no data". */
enum status db_step(struct dbi_stmt *st, bool *row, const char *what);

/* The schema version this odstat writes: the number of migrations. */
int db_schema_version(void);

/* The database's 16-byte hash secret (created on first use). */
enum status db_secret(struct dbi *db, uint8_t secret[16]);

/* Integer settings in meta; db_get_int leaves *VALUE alone when unset. */
enum status db_get_int(struct dbi *db, const char *key, int64_t *value);
enum status db_set_int(struct dbi *db, const char *key, int64_t value);
enum status db_set_text(struct dbi *db, const char *key, const char *value);

#endif
