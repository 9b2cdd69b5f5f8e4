/* test_dbi.c - the database interface, on a SQLite file and, when
 * ODSTAT_TEST_PG_URI names an empty PostgreSQL database (tests/e2e/run-pg.sh
 * sets it), on PostgreSQL: the same calls give the same values. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dbi.h"
#include "msg.h"

struct fx {
    char dir[64];
    char path[128];
    struct dbi *db;
};

static int open_target(void **state, const char *target)
{
    struct fx *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    msg_set_program("test_dbi");
    if (!target) {
        snprintf(fx->dir, sizeof fx->dir, "/tmp/odstat-dbi-XXXXXX");
        if (!mkdtemp(fx->dir))
            return -1;
        snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
        target = fx->path;
    }
    if (dbi_open(&fx->db, target, DBI_CREATE, 1000) != ST_OK)
        return -1;
    if (dbi_exec(fx->db, "DROP TABLE IF EXISTS t; CREATE TABLE t (k TEXT PRIMARY KEY,"
                         " n BIGINT, b BYTEA)", "setup") != ST_OK)
        return -1;
    *state = fx;
    return 0;
}

static int setup_sqlite(void **state) { return open_target(state, NULL); }

static int setup_pg(void **state) { return open_target(state, getenv("ODSTAT_TEST_PG_URI")); }

static int teardown(void **state)
{
    struct fx *fx = *state;
    char p[192];
    dbi_close(fx->db);
    if (fx->dir[0]) {
        static const char *const names[] = {"t.db", "t.db-wal", "t.db-shm"};
        for (int i = 0; i < 3; i++) {
            snprintf(p, sizeof p, "%s/%s", fx->dir, names[i]);
            unlink(p);
        }
        rmdir(fx->dir);
    }
    free(fx);
    return 0;
}

static int64_t count(struct dbi *db)
{
    struct dbi_stmt *st = NULL;
    assert_int_equal(dbi_prepare(db, &st, "SELECT COUNT(*), COALESCE(SUM(n), 0) FROM t"), ST_OK);
    assert_int_equal(dbi_step(st), DBI_ROW);
    int64_t n = dbi_column_int64(st, 0);
    dbi_finalize(st);
    return n;
}

static void test_values_come_back_as_bound(void **state)
{
    struct fx *fx = *state;
    struct dbi_stmt *st = NULL;
    const uint8_t blob[5] = {0, 1, 0xfe, '\\', 'x'};
    size_t len;
    assert_int_equal(dbi_prepare(fx->db, &st, "INSERT INTO t (k, n, b) VALUES (?1, ?2, ?3)"), ST_OK);
    dbi_bind_text(st, 1, "héllo, 'x'", -1);
    dbi_bind_int64(st, 2, INT64_MIN + 1);
    dbi_bind_blob(st, 3, blob, sizeof blob);
    assert_int_equal(dbi_step(st), DBI_DONE);
    dbi_finalize(st);
    assert_int_equal(dbi_prepare(fx->db, &st, "SELECT k, n, b, NULL FROM t WHERE k = ?1"), ST_OK);
    dbi_bind_text(st, 1, "héllo, 'x'", -1);
    assert_int_equal(dbi_step(st), DBI_ROW);
    assert_string_equal(dbi_column_text(st, 0), "héllo, 'x'");
    assert_true(dbi_column_int64(st, 1) == INT64_MIN + 1);
    const void *p = dbi_column_blob(st, 2, &len);
    assert_int_equal(len, sizeof blob);
    assert_memory_equal(p, blob, sizeof blob);
    assert_true(dbi_column_is_null(st, 3));
    assert_null(dbi_column_text(st, 3));
    assert_int_equal(dbi_column_type(st, 1), DBI_INTEGER);
    assert_int_equal(dbi_step(st), DBI_DONE);
    dbi_finalize(st);
}

static void test_a_null_parameter_alone_is_typed(void **state)
{
    struct fx *fx = *state;
    struct dbi_stmt *st = NULL;
    assert_int_equal(dbi_prepare(fx->db, &st, "SELECT COUNT(*) FROM t WHERE ?1 IS NULL"), ST_OK);
    assert_int_equal(dbi_step(st), DBI_ROW);
    assert_int_equal(dbi_column_int64(st, 0), 0);
    dbi_finalize(st);
}

/* 250 rows: two statements of many rows and 50 one by one. */
static void test_many_rows_in_a_transaction_are_all_written(void **state)
{
    struct fx *fx = *state;
    struct dbi_stmt *st = NULL;
    char key[16];
    assert_int_equal(dbi_prepare_many(fx->db, &st, "INSERT INTO t (k, n) VALUES (?1, ?2)"
                                                   " ON CONFLICT (k) DO UPDATE SET n = t.n + excluded.n"),
                     ST_OK);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(dbi_begin(fx->db, "begin"), ST_OK);
        for (int i = 0; i < 250; i++) {
            snprintf(key, sizeof key, "k%d", i);
            dbi_bind_text(st, 1, key, -1);
            dbi_bind_int64(st, 2, i);
            assert_int_equal(dbi_step(st), DBI_DONE);
        }
        assert_int_equal(dbi_commit(fx->db, "commit"), ST_OK);
    }
    dbi_finalize(st);
    assert_int_equal(count(fx->db), 250);
    assert_int_equal(dbi_prepare(fx->db, &st, "SELECT n FROM t WHERE k = 'k249'"), ST_OK);
    assert_int_equal(dbi_step(st), DBI_ROW);
    assert_int_equal(dbi_column_int64(st, 0), 2 * 249);
    dbi_finalize(st);
}

/* A failing write fails the commit (on PostgreSQL it may only show
 * there) and nothing of the transaction stays. */
static void test_a_failed_write_leaves_nothing(void **state)
{
    struct fx *fx = *state;
    struct dbi_stmt *ok = NULL, *bad = NULL;
    assert_int_equal(dbi_prepare(fx->db, &ok, "INSERT INTO t (k, n) VALUES (?1, 1)"), ST_OK);
    assert_int_equal(dbi_prepare(fx->db, &bad, "INSERT INTO t (k, n) VALUES (?1, 1)"), ST_OK);
    assert_int_equal(dbi_begin(fx->db, "begin"), ST_OK);
    dbi_bind_text(ok, 1, "a", -1);
    assert_int_equal(dbi_step(ok), DBI_DONE);
    dbi_bind_text(bad, 1, "a", -1); /* the same key again */
    int r = dbi_step(bad);
    enum status rc = r == DBI_ERROR ? ST_DB : dbi_commit(fx->db, "expected failure");
    assert_int_equal(rc, ST_DB);
    dbi_rollback(fx->db);
    dbi_finalize(ok);
    dbi_finalize(bad);
    assert_int_equal(count(fx->db), 0);
    assert_int_equal(dbi_exec(fx->db, "INSERT INTO t (k) VALUES ('after')", "after"), ST_OK);
    assert_int_equal(count(fx->db), 1);
}

static void test_a_lock_is_held_against_another_connection(void **state)
{
    struct fx *fx = *state;
    struct dbi *other = NULL;
    bool taken;
    const char *target = fx->dir[0] ? fx->path : getenv("ODSTAT_TEST_PG_URI");
    assert_int_equal(dbi_try_lock(fx->db, "site-a", &taken), ST_OK);
    assert_true(taken);
    assert_int_equal(dbi_open(&other, target, DBI_WRITE, 1000), ST_OK);
    assert_int_equal(dbi_try_lock(other, "site-a", &taken), ST_OK);
    assert_false(taken);
    assert_int_equal(dbi_try_lock(other, "site-b", &taken), ST_OK);
    assert_true(taken);
    dbi_close(other);
}

/* A report may run a statement while another is half read: both see
 * all their rows (on PostgreSQL the rest of the first is read ahead). */
static void test_reading_two_statements_at_once(void **state)
{
    struct fx *fx = *state;
    struct dbi *ro = NULL;
    struct dbi_stmt *a = NULL, *b = NULL;
    const char *target = fx->dir[0] ? fx->path : getenv("ODSTAT_TEST_PG_URI");
    assert_int_equal(dbi_exec(fx->db, "INSERT INTO t (k, n) VALUES ('a', 1), ('b', 2), ('c', 3)",
                              "insert"), ST_OK);
    assert_int_equal(dbi_open(&ro, target, DBI_READ, 1000), ST_OK);
    assert_int_equal(dbi_prepare(ro, &a, "SELECT k FROM t ORDER BY k"), ST_OK);
    assert_int_equal(dbi_prepare(ro, &b, "SELECT SUM(n) FROM t"), ST_OK);
    assert_int_equal(dbi_step(a), DBI_ROW);
    assert_string_equal(dbi_column_text(a, 0), "a");
    assert_int_equal(dbi_step(b), DBI_ROW);
    assert_int_equal(dbi_column_int64(b, 0), 6);
    assert_string_equal(dbi_column_text(a, 0), "a");
    assert_int_equal(dbi_step(a), DBI_ROW);
    assert_string_equal(dbi_column_text(a, 0), "b");
    assert_int_equal(dbi_step(a), DBI_ROW);
    assert_string_equal(dbi_column_text(a, 0), "c");
    assert_int_equal(dbi_step(a), DBI_DONE);
    assert_int_equal(dbi_step(b), DBI_DONE);
    dbi_finalize(a);
    dbi_finalize(b);
    dbi_close(ro);
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_sqlite, teardown)
#define PG(t) cmocka_unit_test_setup_teardown(t, setup_pg, teardown)

int main(void)
{
    const struct CMUnitTest sqlite_tests[] = {
        BOTH(test_values_come_back_as_bound),
        BOTH(test_a_null_parameter_alone_is_typed),
        BOTH(test_many_rows_in_a_transaction_are_all_written),
        BOTH(test_a_failed_write_leaves_nothing),
        BOTH(test_a_lock_is_held_against_another_connection),
        BOTH(test_reading_two_statements_at_once),
    };
    const struct CMUnitTest pg_tests[] = {
        PG(test_values_come_back_as_bound),
        PG(test_a_null_parameter_alone_is_typed),
        PG(test_many_rows_in_a_transaction_are_all_written),
        PG(test_a_failed_write_leaves_nothing),
        PG(test_a_lock_is_held_against_another_connection),
        PG(test_reading_two_statements_at_once),
    };
    int failed = cmocka_run_group_tests_name("dbi on SQLite", sqlite_tests, NULL, NULL);
    if (getenv("ODSTAT_TEST_PG_URI"))
        failed += cmocka_run_group_tests_name("dbi on PostgreSQL", pg_tests, NULL, NULL);
    else
        printf("dbi on PostgreSQL: skipped (no ODSTAT_TEST_PG_URI)\n");
    return failed;
}
