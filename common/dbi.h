/* dbi.h - one database interface over SQLite and PostgreSQL.
 *
 * Everything that differs between the engines lives behind this header:
 * opening (a file path, or a libpq URI postgresql://... / postgres://...),
 * placeholders (write ?1, ?2 ...; PostgreSQL gets $1, $2 ...), transactions,
 * the schema version, locks, and how values come back. Above it the SQL is
 * the same for both; schema differences are per-engine migration files
 * (sql/ and sql/pg/, applied by db.c).
 *
 * PostgreSQL: inside a transaction, statements that return no rows are
 * queued (libpq pipeline mode) and their errors come back at the next
 * statement that returns rows, or at dbi_commit, which then fails: a batch
 * of upserts costs one round trip, not one per row.
 */
#ifndef ODSTAT_DBI_H
#define ODSTAT_DBI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct dbi;
struct dbi_stmt;

enum dbi_engine { DBI_SQLITE, DBI_POSTGRES };

enum dbi_mode {
    DBI_CREATE,   /* read and write; a SQLite file is created when missing */
    DBI_WRITE,    /* read and write; the database must exist */
    DBI_READ,     /* read only; the database must exist */
};

/* What dbi_step returns. */
enum { DBI_DONE = 0, DBI_ROW = 1, DBI_ERROR = -1 };

/* True when TARGET names a PostgreSQL database (a libpq URI). */
bool dbi_is_postgres(const char *target);

/* Opens TARGET into *OUT. Waits up to BUSY_MS for other writers' locks.
 * On failure prints a message naming TARGET, leaves *OUT NULL and returns
 * ST_USAGE (a SQLite file that must exist does not) or ST_DB. The caller
 * closes with dbi_close. */
enum status dbi_open(struct dbi **out, const char *target, enum dbi_mode mode, int busy_ms);

/* Closes DB (NULL is fine); an open transaction is rolled back. */
void dbi_close(struct dbi *db);

enum dbi_engine dbi_engine(const struct dbi *db);

/* TARGET as given to dbi_open, with any password hidden: for messages. */
const char *dbi_name(const struct dbi *db);

/* The engine's message for the last error on DB. */
const char *dbi_errmsg(struct dbi *db);

/* The database of statement ST, and the last error on it. */
struct dbi *dbi_stmt_db(struct dbi_stmt *st);
const char *dbi_stmt_errmsg(struct dbi_stmt *st);

/* Runs SQL (one or more statements, no parameters, no rows wanted). On
 * failure prints "WHAT: error" and returns ST_DB. */
enum status dbi_exec(struct dbi *db, const char *sql, const char *what);

/* Starts a write transaction (SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN and
 * a transaction lock every writer of the database takes, so writers commit
 * one after another as with SQLite). Commit, or roll back (never fails). */
enum status dbi_begin(struct dbi *db, const char *what);
enum status dbi_commit(struct dbi *db, const char *what);
void dbi_rollback(struct dbi *db);

/* Tries to take the lock NAME for as long as DB stays open, without
 * waiting: *TAKEN tells whether it was. Other connections (other
 * processes) see it; the same name on another database does not clash. */
enum status dbi_try_lock(struct dbi *db, const char *name, bool *taken);

/* The schema version (how many migrations ran; 0 for a new database) and
 * setting it (inside the migration's transaction). */
enum status dbi_schema_version(struct dbi *db, int *version);
enum status dbi_set_schema_version(struct dbi *db, int version);

/* Prepares SQL (placeholders ?1, ?2 ...) into *OUT; prints the error on
 * failure and leaves *OUT NULL. Finalize with dbi_finalize (NULL is fine). */
enum status dbi_prepare(struct dbi *db, struct dbi_stmt **out, const char *sql);
void dbi_finalize(struct dbi_stmt *st);

/* Like dbi_prepare, for an INSERT of one row (VALUES (...), then perhaps
 * ON CONFLICT ...) run many times in a transaction: PostgreSQL may send
 * consecutive runs as one statement of many rows. So the rows written
 * between two other statements must have different keys. */
enum status dbi_prepare_many(struct dbi *db, struct dbi_stmt **out, const char *sql);

/* Binds parameter I (from 1). Text and blobs are copied; LEN -1: up to
 * the NUL. Parameters keep their values across dbi_reset. */
void dbi_bind_int64(struct dbi_stmt *st, int i, int64_t value);
void dbi_bind_text(struct dbi_stmt *st, int i, const char *text, int len);
void dbi_bind_blob(struct dbi_stmt *st, int i, const void *data, size_t len);
void dbi_bind_null(struct dbi_stmt *st, int i);

/* Runs the statement, or moves to its next row: DBI_ROW, DBI_DONE or
 * DBI_ERROR (message: dbi_errmsg). After DBI_DONE the statement may be
 * bound and run again without dbi_reset. */
int dbi_step(struct dbi_stmt *st);

/* Makes the statement ready to run again (bindings are kept), or sets all
 * its parameters to NULL. */
void dbi_reset(struct dbi_stmt *st);
void dbi_clear_bindings(struct dbi_stmt *st);

/* The number of result columns, the name of column I, and the kind of
 * value column I holds in the current row. */
enum dbi_type { DBI_NULL, DBI_INTEGER, DBI_FLOAT, DBI_TEXT, DBI_BLOB };
int dbi_column_count(struct dbi_stmt *st);
const char *dbi_column_name(struct dbi_stmt *st, int i);
enum dbi_type dbi_column_type(struct dbi_stmt *st, int i);

/* After rows were inserted into TABLE with explicit values of its
 * generated key ID, makes new keys continue after the largest. */
enum status dbi_sync_ids(struct dbi *db, const char *table, const char *id);

/* Column I (from 0) of the current row. NULL reads as 0, NULL text, or an
 * empty blob. Pointers stay valid until the next step, reset or finalize. */
bool dbi_column_is_null(struct dbi_stmt *st, int i);
int64_t dbi_column_int64(struct dbi_stmt *st, int i);
double dbi_column_double(struct dbi_stmt *st, int i);
const char *dbi_column_text(struct dbi_stmt *st, int i);
int dbi_column_bytes(struct dbi_stmt *st, int i);
const void *dbi_column_blob(struct dbi_stmt *st, int i, size_t *len);

#endif
