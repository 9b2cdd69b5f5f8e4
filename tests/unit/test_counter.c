/* test_counter.c - SPEC §1.7 and §2 over a set of events: chains whose
 * events arrive in any order, session-hours that turn robot, kept and
 * forgotten hours, late lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "counter.h"
#include "siphash.h"

static const uint8_t secret[16] = "0123456789abcdef";
#define H1 "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"

/* A database in memory: kept hours and the running sums of the deltas. */
struct fake_db {
    int64_t hour[64], hour_end[64];
    void *blob[64];
    size_t len[64];
    int n;
    int64_t total[T_COLUMNS];
    int64_t by_day[4][T_COLUMNS];   /* days 2024-03-01 .. 03-04 */
    int64_t late;
};

struct sim {
    struct counter *c;
    struct fake_db *db;
};

static enum status add_tally(void *ctx, int64_t day, const char *dataset, const int32_t n[T_COLUMNS])
{
    struct fake_db *db = ctx;
    int64_t d = day - civil_to_days(2024, 3, 1);
    (void)dataset;
    for (int i = 0; i < T_COLUMNS; i++) {
        db->total[i] += n[i];
        if (d >= 0 && d < 4)
            db->by_day[d][i] += n[i];
    }
    return ST_OK;
}

static enum status add_late(void *ctx, int64_t day, int reason, uint32_t lines)
{
    (void)day;
    (void)reason;
    ((struct fake_db *)ctx)->late += lines;
    return ST_OK;
}

static int find_hour(struct fake_db *db, int64_t hour)
{
    for (int i = 0; i < db->n; i++)
        if (db->hour[i] == hour)
            return i;
    return -1;
}

static enum status put_hour(void *ctx, int64_t hour, int64_t hour_end, const void *blob, size_t len)
{
    struct fake_db *db = ctx;
    int i = find_hour(db, hour);
    if (i < 0) {
        if (!blob)
            return ST_OK;
        i = db->n++;
        db->blob[i] = NULL;
    }
    free(db->blob[i]);
    db->blob[i] = NULL;
    db->hour[i] = hour;
    db->hour_end[i] = hour_end;
    db->len[i] = len;
    if (blob) {
        db->blob[i] = malloc(len);
        memcpy(db->blob[i], blob, len);
    } else {
        db->hour[i] = INT64_MIN;
    }
    return ST_OK;
}

static enum status load_hour(void *ctx, int64_t hour, const void **blob, size_t *len)
{
    struct fake_db *db = ctx;
    int i = find_hour(db, hour);
    *blob = i >= 0 ? db->blob[i] : NULL;
    *len = i >= 0 ? db->len[i] : 0;
    return ST_OK;
}

static struct counter *open_counter(struct fake_db *db, int64_t window, uint32_t max_requests,
                                    int64_t newest)
{
    struct counter_config cfg = {secret, window, max_requests, newest, load_hour, db};
    struct counter *c = counter_new(&cfg);
    assert_non_null(c);
    for (int i = 0; i < db->n; i++)
        if (db->hour[i] != INT64_MIN)
            assert_int_equal(counter_add_stored_hour(c, db->hour[i], db->hour_end[i]), ST_OK);
    return c;
}

/* Applies the batch to DB, as the store does at a commit. */
static void commit(struct sim *s, bool final)
{
    assert_int_equal(counter_seal(s->c, final), ST_OK);
    assert_int_equal(counter_each_tally(s->c, add_tally, s->db), ST_OK);
    assert_int_equal(counter_each_late(s->c, add_late, s->db), ST_OK);
    assert_int_equal(counter_each_hour(s->c, put_hour, s->db), ST_OK);
    assert_int_equal(counter_reset_batch(s->c), ST_OK);
}

static void start(struct sim *s, struct fake_db *db, uint32_t max_requests)
{
    memset(db, 0, sizeof *db);
    s->db = db;
    s->c = open_counter(db, 7200, max_requests, COUNTER_NO_TIME);
}

static void finish(struct sim *s)
{
    counter_free(s->c);
    for (int i = 0; i < s->db->n; i++)
        free(s->db->blob[i]);
}

static struct logrec record(int64_t seconds, const char *addr, const char *ua)
{
    struct logrec r = {0};
    r.instant = civil_to_days(2024, 3, 1) * 86400 + seconds; /* offset 0 */
    r.day = r.instant / 86400;
    r.hour = (int)((r.instant % 86400) / 3600);
    r.second_of_hour = (int)(r.instant % 3600);
    r.addr = (struct text){addr, strlen(addr)};
    r.ua = (struct text){ua, strlen(ua)};
    return r;
}

/* An event SECONDS after 2024-03-01 00:00 (offset 0); returns whether the
 * line was late. */
static bool feed_as(struct sim *s, int64_t seconds, const char *addr, enum agent_class cls,
                    bool in_network, const char *target)
{
    struct logrec r = record(seconds, addr, H1);
    bool late;
    struct event ev = {&r, KIND_VIEW, cls, in_network, {target, strlen(target)}, {"", 0}, "TW",
                       siphash64(secret, H1, strlen(H1))};
    assert_int_equal(counter_observe(s->c, &r, &late), ST_OK);
    if (strcmp(target, "/robots.txt") == 0)
        assert_int_equal(counter_robots_txt(s->c, &ev), ST_OK);
    else
        assert_int_equal(counter_add(s->c, &ev), ST_OK);
    return late;
}

static bool feed(struct sim *s, int64_t seconds, const char *addr)
{
    return feed_as(s, seconds, addr, AGENT_HUMAN, false, "6564");
}

static void test_a_chain_with_gaps_up_to_30s_counts_once(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed(&s, 36000, "a");
    feed(&s, 36020, "a");
    feed(&s, 36045, "a");
    feed(&s, 36075, "a");
    feed(&s, 36106, "a"); /* 31 s: a new chain */
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 2);
    assert_int_equal(db.total[T_UNIQUE_VIEWS], 1);
    finish(&s);
}

static void test_the_first_click_arriving_last_takes_the_count(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed(&s, 86400 + 10, "a"); /* 03-02 00:00:10 */
    commit(&s, false);
    feed(&s, 86400 - 10, "a"); /* 03-01 23:59:50, in a later batch */
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 1);
    assert_int_equal(db.by_day[0][T_VIEWS], 1); /* moved to the earlier day */
    assert_int_equal(db.by_day[1][T_VIEWS], 0);
    assert_int_equal(db.by_day[0][T_UNIQUE_VIEWS], 1);
    assert_int_equal(db.by_day[1][T_UNIQUE_VIEWS], 1);
    finish(&s);
}

static void test_a_click_bridging_two_chains_removes_a_count(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed(&s, 36000, "a");
    feed(&s, 36050, "a");
    commit(&s, false);
    assert_int_equal(db.total[T_VIEWS], 2);
    feed(&s, 36025, "a");
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 1);
    finish(&s);
}

static void test_robots_txt_turns_only_its_own_hour(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed(&s, 36000, "a");
    feed(&s, 36100, "a");
    feed(&s, 39600 + 100, "a"); /* the next hour */
    commit(&s, false);
    feed_as(&s, 36200, "a", AGENT_HUMAN, false, "/robots.txt");
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 1);
    assert_int_equal(db.total[T_UNIQUE_VIEWS], 1);
    assert_int_equal(db.total[T_ROBOT_VIEWS], 2);
    assert_int_equal(db.total[T_ROBOT_ROBOTSTXT], 2);
    finish(&s);
}

static void test_a_robot_hour_gives_its_successor_back_its_count(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed(&s, 39600 - 10, "a"); /* 10:59:50 */
    feed(&s, 39600 + 5, "a");  /* 11:00:05, same chain */
    commit(&s, false);
    assert_int_equal(db.total[T_VIEWS], 1);
    feed_as(&s, 36000, "a", AGENT_HUMAN, false, "/robots.txt"); /* hour 10 is a robot */
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 1);
    assert_int_equal(db.total[T_ROBOT_VIEWS], 1);
    assert_int_equal(db.total[T_UNIQUE_SESSIONS], 1);
    finish(&s);
}

static void feed_many(struct sim *s, int n, int64_t from, const char *addr, enum agent_class cls)
{
    char id[16];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "%d", i % 7);
        feed_as(s, from + i, addr, cls, false, id);
    }
}

static void test_more_than_max_requests_make_a_human_hour_a_robot(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed_many(&s, 60, 36000, "a", AGENT_HUMAN);
    commit(&s, false);
    feed_many(&s, 60, 36100, "a", AGENT_HUMAN); /* 120: still people */
    feed_many(&s, 120, 36000, "m", AGENT_MACHINE);
    feed_many(&s, 130, 36000, "n", AGENT_MACHINE); /* machines stay machines */
    commit(&s, false);
    assert_int_equal(db.total[T_ROBOT_VIEWS], 0);
    assert_int_equal(db.total[T_UNIQUE_VIEWS], 7);
    feed_as(&s, 36500, "a", AGENT_HUMAN, false, "0"); /* the 121st */
    commit(&s, true);
    assert_int_equal(db.total[T_ROBOT_VIEWS], 121);
    assert_int_equal(db.total[T_ROBOT_RATE], 121);
    assert_int_equal(db.total[T_VIEWS], 0);
    assert_int_equal(db.total[T_UNIQUE_VIEWS], 0);
    assert_int_equal(db.total[T_MACHINE_UNIQUE_VIEWS], 14);
    assert_true(db.total[T_MACHINE_VIEWS] > 0);
    finish(&s);
}

static void test_networks_turn_people_not_machines(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed_as(&s, 36000, "a", AGENT_HUMAN, true, "1");
    feed_as(&s, 36000, "m", AGENT_MACHINE, true, "1");
    commit(&s, true);
    assert_int_equal(db.total[T_ROBOT_NETWORK], 1);
    assert_int_equal(db.total[T_MACHINE_VIEWS], 1);
    assert_int_equal(db.total[T_VIEWS], 0);
    finish(&s);
}

static void test_stored_hours_carry_the_state_into_the_next_run(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed(&s, 36000, "a");
    feed(&s, 36050, "a");
    feed(&s, 36060, "b");
    commit(&s, true);
    int64_t newest = counter_newest(s.c);
    counter_free(s.c);
    s.c = open_counter(&db, 7200, 120, newest);
    assert_false(feed(&s, 36025, "a")); /* bridges the two chains of a */
    assert_false(feed(&s, 36070, "b"));
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 2);
    assert_int_equal(db.total[T_UNIQUE_VIEWS], 2);
    finish(&s);
}

static void test_a_stored_hour_loads_its_neighbours_when_first_used(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    feed(&s, 20 * 3600 + 10, "b");
    feed(&s, 21 * 3600 + 10, "b");
    feed(&s, 22 * 3600 + 13, "a");
    commit(&s, true);
    int64_t newest = counter_newest(s.c);
    counter_free(s.c);
    s.c = open_counter(&db, 3 * 86400, 120, newest);
    feed(&s, 20 * 3600 + 20, "c");     /* loads hours 19-21 */
    feed(&s, 22 * 3600 - 10, "a");     /* hour 21, in memory: 22 must come too */
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 2 + 1 + 1); /* a's 22:00:13 lost its count */
    assert_int_equal(db.by_day[0][T_VIEWS], 4);
    finish(&s);
}

static void test_a_line_in_forgotten_time_is_late_and_counted_without_chains(void **state)
{
    struct sim s;
    struct fake_db db;
    (void)state;
    start(&s, &db, 120);
    for (int h = 0; h < 20; h++)
        feed(&s, h * 3600 + 100, "a");
    commit(&s, true); /* hour 5 is neither in the window nor an edge */
    int64_t newest = counter_newest(s.c);
    counter_free(s.c);
    s.c = open_counter(&db, 7200, 120, newest);
    int64_t first = civil_to_days(2024, 3, 1) * 24;
    assert_int_equal(counter_add_coverage(s.c, first, first + 19), ST_OK);
    assert_true(feed(&s, 5 * 3600 + 110, "a"));
    assert_true(feed(&s, 5 * 3600 + 115, "a"));
    assert_false(feed(&s, 19 * 3600 + 110, "a")); /* kept: within the window */
    commit(&s, true);
    assert_int_equal(db.total[T_VIEWS], 20 + 2);
    assert_int_equal(db.total[T_UNIQUE_VIEWS], 20 + 1);
    assert_int_equal(db.late, 2);
    finish(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_chain_with_gaps_up_to_30s_counts_once),
        cmocka_unit_test(test_the_first_click_arriving_last_takes_the_count),
        cmocka_unit_test(test_a_click_bridging_two_chains_removes_a_count),
        cmocka_unit_test(test_robots_txt_turns_only_its_own_hour),
        cmocka_unit_test(test_a_robot_hour_gives_its_successor_back_its_count),
        cmocka_unit_test(test_more_than_max_requests_make_a_human_hour_a_robot),
        cmocka_unit_test(test_networks_turn_people_not_machines),
        cmocka_unit_test(test_stored_hours_carry_the_state_into_the_next_run),
        cmocka_unit_test(test_a_stored_hour_loads_its_neighbours_when_first_used),
        cmocka_unit_test(test_a_line_in_forgotten_time_is_late_and_counted_without_chains),
    };
    return cmocka_run_group_tests_name("counter", tests, NULL, NULL);
}
