/* test_db.c - opening odstat databases: schema versions, the writer
 * version, failed steps and the words for a database that cannot be
 * written. Real files in a temporary directory, real SQLite. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "version.h"

struct dir {
    char path[64];
    char db[96];
};

static int setup(void **state)
{
    struct dir *d = calloc(1, sizeof *d);
    snprintf(d->path, sizeof d->path, "/tmp/odstat-db-XXXXXX");
    if (!d || !mkdtemp(d->path))
        return -1;
    snprintf(d->db, sizeof d->db, "%s/t.db", d->path);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    struct dir *d = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
    int rc = system(cmd);
    free(d);
    return rc == 0 ? 0 : -1;
}

static void exec_ok(struct dbi *db, const char *sql)
{
    assert_int_equal(dbi_exec(db, sql, "test"), ST_OK);
}

static void test_new_database_gets_every_migration_and_the_writer_version(void **state)
{
    struct dir *d = *state;
    struct dbi *db = NULL;
    assert_int_equal(db_open(&db, d->db, DB_CREATE, 1000), ST_OK);
    struct dbi_stmt *st = NULL;
    assert_int_equal(db_prepare(db, &st, "SELECT (SELECT user_version FROM pragma_user_version),"
                                         " (SELECT value FROM meta WHERE key = 'writer_version')"),
                     ST_OK);
    bool row = false;
    assert_int_equal(db_step(st, &row, "the versions"), ST_OK);
    assert_true(row);
    assert_int_equal((int)dbi_column_int64(st, 0), db_schema_version());
    assert_string_equal(dbi_column_text(st, 1), ODSTAT_VERSION);
    dbi_finalize(st);
    db_close(db);
}

static void test_reports_refuse_a_newer_schema(void **state)
{
    struct dir *d = *state;
    struct dbi *db = NULL;
    assert_int_equal(db_open(&db, d->db, DB_CREATE, 1000), ST_OK);
    exec_ok(db, "PRAGMA user_version = 99");
    db_close(db);
    db = NULL;
    assert_int_equal(db_open(&db, d->db, DB_EXISTING, 1000), ST_DB);
    assert_null(db);
    assert_int_equal(db_open(&db, d->db, DB_CREATE, 1000), ST_DB);
    assert_null(db);
}

/* A version 3 database (before the rollups) is brought to the current
 * schema once; a later open finds nothing to do. (Two processes migrating
 * at the same moment: tests/e2e/scripts/database-versions.sh.) */
extern const char *const sql_migrations[]; /* the compiled-in sql/ files */

static void test_an_old_database_is_migrated_once(void **state)
{
    struct dir *d = *state;
    struct dbi *a = NULL, *b = NULL;
    /* the schema of version 3, from its own migrations */
    assert_int_equal(dbi_open(&a, d->db, DBI_CREATE, 1000), ST_OK);
    for (int v = 0; v < 3; v++)
        exec_ok(a, sql_migrations[v]);
    exec_ok(a, "PRAGMA user_version = 3");
    dbi_close(a);
    a = NULL;
    assert_int_equal(db_open(&a, d->db, DB_CREATE, 1000), ST_OK);   /* migrates 3 -> now */
    exec_ok(a, "SELECT COUNT(*) FROM monthly");
    assert_int_equal(db_open(&b, d->db, DB_EXISTING, 1000), ST_OK); /* nothing left to do */
    db_close(a);
    db_close(b);
}

static void test_a_failed_step_is_a_database_error(void **state)
{
    struct dir *d = *state;
    struct dbi *db = NULL;
    struct dbi_stmt *st = NULL;
    bool row = true;
    assert_int_equal(db_open(&db, d->db, DB_CREATE, 1000), ST_OK);
    /* the overflow is found when the row is computed, by the step */
    assert_int_equal(db_prepare(db, &st, "SELECT abs(-9223372036854775807 - 1)"), ST_OK);
    assert_int_equal(db_step(st, &row, "a number"), ST_DB);
    assert_false(row);
    dbi_finalize(st);
    assert_int_equal(db_prepare(db, &st, "SELECT 1 WHERE 0"), ST_OK);
    assert_int_equal(db_step(st, &row, "nothing"), ST_OK);
    assert_false(row);
    dbi_finalize(st);
    db_close(db);
}

static void test_explain_write_names_a_missing_directory(void **state)
{
    struct dir *d = *state;
    char path[160], why[4300];
    snprintf(path, sizeof path, "%s/no/such/t.db", d->path);
    db_explain_write(path, "unable to open database file", why, sizeof why);
    assert_non_null(strstr(why, "does not exist"));
    assert_non_null(strstr(why, "/no/such'"));
    db_explain_write(d->db, "database is locked", why, sizeof why);
    assert_string_equal(why, "database is locked");   /* nothing to add: SQLite's words */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_new_database_gets_every_migration_and_the_writer_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reports_refuse_a_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_old_database_is_migrated_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_failed_step_is_a_database_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explain_write_names_a_missing_directory, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
