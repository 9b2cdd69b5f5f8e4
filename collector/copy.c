/* copy.c - copies the tables of one odstat database into another. */
#include "copy.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "dbi.h"
#include "msg.h"
#include "version.h"

/* Every table odstat has made, oldest first; a table the source lacks
 * (an older schema) is skipped. Add new tables here. */
static const char *const tables[] = {
    "meta", "daily", "daily_country", "monthly", "rejects", "ingest", "runs", "dataset",
    "alias", "late_lines", "coverage", "state_hour", "busy_hours",
    "resource_url", "snapshot",
};
/* Tables whose key the database generates. */
static const char *const generated[][2] = {{"ingest", "id"}, {"runs", "id"}};

/* The source is a SQLite file (copy_database checks). */
static bool has_table(struct dbi *db, const char *table)
{
    struct dbi_stmt *st = NULL;
    bool found = false;
    if (db_prepare(db, &st, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'"
                            " AND name = ?1") == ST_OK) {
        dbi_bind_text(st, 1, table, -1);
        found = dbi_step(st) == DBI_ROW && dbi_column_int64(st, 0) > 0;
    }
    dbi_finalize(st);
    return found;
}

/* TO must be new: no settings, no counts, no files read. */
static enum status check_empty(struct dbi *to)
{
    struct dbi_stmt *st = NULL;
    enum status rc = db_prepare(to, &st, "SELECT (SELECT COUNT(*) FROM meta WHERE key <> 'writer_version') +"
                                         " (SELECT COUNT(*) FROM daily) +"
                                         " (SELECT COUNT(*) FROM ingest) +"
                                         " (SELECT COUNT(*) FROM dataset)");
    if (rc == ST_OK && dbi_step(st) != DBI_ROW) {
        errorf("cannot read '%s': %s", dbi_name(to), dbi_errmsg(to));
        rc = ST_DB;
    } else if (rc == ST_OK && dbi_column_int64(st, 0) != 0) {
        errorf("'%s' already holds data; --copy-from copies into an empty database only",
               dbi_name(to));
        rc = ST_USAGE;
    }
    dbi_finalize(st);
    return rc;
}

/* "INSERT INTO TABLE ("c1", ...) VALUES (?1, ...)" for the columns of SRC. */
static enum status insert_sql(struct dbi_stmt *src, const char *table, char *out, size_t size)
{
    int n = dbi_column_count(src);
    size_t len = (size_t)snprintf(out, size, "INSERT INTO %s (", table);
    for (int i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s\"%s\"", i ? ", " : "",
                                dbi_column_name(src, i));
    for (int i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s?%d", i ? ", " : ") VALUES (", i + 1);
    if (len < size)
        len += (size_t)snprintf(out + len, size - len, ")");
    return len < size ? ST_OK : ST_NOMEM;
}

/* The secret of a SQLite database before dbi was a 16-byte blob; meta
 * values are text on every engine now, so it goes as hex digits. */
static void bind_value(struct dbi_stmt *src, struct dbi_stmt *dst, const char *table, int i)
{
    size_t len;
    const void *blob;
    switch (dbi_column_type(src, i)) {
    case DBI_NULL: dbi_bind_null(dst, i + 1); break;
    case DBI_INTEGER: dbi_bind_int64(dst, i + 1, dbi_column_int64(src, i)); break;
    case DBI_FLOAT:
    case DBI_TEXT: dbi_bind_text(dst, i + 1, dbi_column_text(src, i), dbi_column_bytes(src, i)); break;
    case DBI_BLOB:
        blob = dbi_column_blob(src, i, &len);
        if (strcmp(table, "meta") == 0) {
            char hex[2 * 64 + 1] = "";
            for (size_t k = 0; k < len && k < 64; k++)
                snprintf(hex + 2 * k, 3, "%02x", ((const unsigned char *)blob)[k]);
            dbi_bind_text(dst, i + 1, hex, -1);
        } else {
            dbi_bind_blob(dst, i + 1, blob, len);
        }
        break;
    }
}

static enum status copy_table(struct dbi *from, struct dbi *to, const char *table,
                              uint64_t *rows)
{
    char sql[4096];
    struct dbi_stmt *src = NULL, *dst = NULL;
    int r;
    snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
    enum status rc = db_prepare(from, &src, sql);
    while (rc == ST_OK && (r = dbi_step(src)) == DBI_ROW) {
        if (!dst && (rc = insert_sql(src, table, sql, sizeof sql)) == ST_OK)
            rc = dbi_prepare_many(to, &dst, sql);
        for (int i = 0; rc == ST_OK && i < dbi_column_count(src); i++)
            bind_value(src, dst, table, i);
        if (rc == ST_OK && dbi_step(dst) == DBI_ERROR) {
            errorf("cannot copy into '%s': %s", dbi_name(to), dbi_errmsg(to));
            rc = ST_DB;
        }
        if (rc == ST_OK)
            ++*rows;
    }
    if (rc == ST_OK && r != DBI_DONE) {
        errorf("cannot read '%s': %s", dbi_name(from), dbi_errmsg(from));
        rc = ST_DB;
    }
    dbi_finalize(dst);
    dbi_finalize(src);
    return rc;
}

static enum status copy_all(struct dbi *from, struct dbi *to, uint64_t *rows)
{
    enum status rc = check_empty(to);
    if (rc == ST_OK)
        rc = dbi_begin(to, dbi_name(to));
    if (rc != ST_OK)
        return rc;
    /* the open recorded this odstat as the writer; the source's meta comes
     * next, then this odstat is recorded again */
    rc = dbi_exec(to, "DELETE FROM meta WHERE key = 'writer_version'", dbi_name(to));
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && rc == ST_OK; i++)
        if (has_table(from, tables[i]))
            rc = copy_table(from, to, tables[i], rows);
    for (size_t i = 0; i < sizeof generated / sizeof generated[0] && rc == ST_OK; i++)
        rc = dbi_sync_ids(to, generated[i][0], generated[i][1]);
    if (rc == ST_OK)
        rc = db_set_text(to, "writer_version", ODSTAT_VERSION);
    if (rc == ST_OK)
        rc = dbi_commit(to, dbi_name(to));
    if (rc != ST_OK)
        dbi_rollback(to);
    return rc;
}

enum status copy_database(const char *from_target, const char *to_target, uint64_t *rows)
{
    struct dbi *from = NULL, *to = NULL;
    enum status rc = ST_OK;
    *rows = 0;
    if (dbi_is_postgres(from_target)) {
        errorf("--copy-from reads a SQLite file, not '%s'", from_target);
        return ST_USAGE;
    }
    rc = db_open(&from, from_target, DB_EXISTING, 60000);
    if (rc == ST_OK)
        rc = db_open(&to, to_target, DB_CREATE, 60000);
    if (rc == ST_OK)
        rc = copy_all(from, to, rows);
    if (rc != ST_OK)
        *rows = 0;
    db_close(to);
    db_close(from);
    return rc;
}
