/* db.h - opening an odstat database and keeping its schema current.
 *
 * The schema is the numbered migrations in sql/, compiled in; db_open
 * applies the missing ones (PRAGMA user_version records how many ran), so
 * an older database is upgraded in place and a newer one is refused.
 */
#ifndef ODSTAT_DB_H
#define ODSTAT_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum db_mode {
    DB_CREATE,   /* collector: create the file if missing */
    DB_EXISTING, /* reports: the file must exist; opened read-only */
};

/* Opens PATH into *OUT, migrates it and waits up to BUSY_MS for locks.
 * On failure prints a message naming PATH, leaves *OUT NULL and returns
 * ST_USAGE (missing file) or ST_DB. The caller closes with db_close. */
enum status db_open(sqlite3 **out, const char *path, enum db_mode mode, int busy_ms);

/* Why the database at PATH cannot be written, in words a user can act on
 * (a missing or non-writable directory, a full disk, a read-only file),
 * else CAUSE (SQLite's or strerror's words), into BUF. */
void db_explain_write(const char *path, const char *cause, char *buf, size_t size);

/* Closes DB (NULL is fine). */
void db_close(sqlite3 *db);

/* Runs SQL without results; prints the SQLite error naming WHAT on failure. */
enum status db_exec(sqlite3 *db, const char *sql, const char *what);

/* Prepares SQL; prints the error on failure. */
enum status db_prepare(sqlite3 *db, sqlite3_stmt **out, const char *sql);

/* Steps ST once: *ROW is true for a row, false when the statement is done.
 * Any other result is ST_DB with a message naming WHAT ("the daily table"):
 * a failed step must never read as "no data". */
enum status db_step(sqlite3_stmt *st, bool *row, const char *what);

/* The schema version this odstat writes: the number of migrations. */
int db_schema_version(void);

/* The database's 16-byte hash secret (created on first use). */
enum status db_secret(sqlite3 *db, uint8_t secret[16]);

/* Integer settings in meta; db_get_int leaves *VALUE alone when unset. */
enum status db_get_int(sqlite3 *db, const char *key, int64_t *value);
enum status db_set_int(sqlite3 *db, const char *key, int64_t value);
enum status db_set_text(sqlite3 *db, const char *key, const char *value);

#endif
