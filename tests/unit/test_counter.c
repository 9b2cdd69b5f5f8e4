/* test_counter.c - double clicks, sessions and their expiry (SPEC §2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "civil.h"
#include "counter.h"
#include "siphash.h"

static const uint8_t secret[16] = "0123456789abcdef";

/* Totals over all tallies of one batch, per column. */
static enum status sum_tally(void *ctx, int64_t day, const char *dataset,
                             const uint32_t n[T_COLUMNS])
{
    (void)day;
    (void)dataset;
    uint32_t *total = ctx;
    for (int i = 0; i < T_COLUMNS; i++)
        total[i] += n[i];
    return ST_OK;
}

struct sim {
    struct counter *c;
    uint32_t total[T_COLUMNS];
};

/* Feeds an event at local day 2024-03-01 + SECONDS (offset 0). */
static void feed(struct sim *s, int64_t seconds, const char *addr, const char *ua,
                 enum event_kind kind, enum agent_class cls, const char *dataset)
{
    struct logrec r = {0};
    int64_t day0 = civil_to_days(2024, 3, 1);
    r.instant = day0 * 86400 + seconds;
    r.day = r.instant / 86400;
    r.hour = (int)((r.instant % 86400) / 3600);
    r.second_of_hour = (int)(r.instant % 3600);
    r.addr = (struct text){addr, strlen(addr)};
    r.ua = (struct text){ua, strlen(ua)};
    struct event ev = {&r, kind, cls, {dataset, strlen(dataset)}, {"", 0}, "ZZ",
                       siphash64(secret, ua, strlen(ua))};
    counter_observe(s->c, r.instant);
    assert_int_equal(counter_add(s->c, &ev), ST_OK);
}

static void totals(struct sim *s)
{
    memset(s->total, 0, sizeof s->total);
    counter_each_tally(s->c, sum_tally, s->total);
}

static void test_chain_of_clicks_with_short_gaps_counts_once(void **state)
{
    (void)state;
    struct sim s = {counter_new(secret, COUNTER_NO_TIME)};
    /* gaps 20, 25, 30 (all <= 30): one count; then 31 s later: a second */
    int64_t t[] = {36000, 36020, 36045, 36075, 36106};
    for (int i = 0; i < 5; i++)
        feed(&s, t[i], "1.2.3.4", "ua", KIND_VIEW, AGENT_HUMAN, "d");
    totals(&s);
    assert_int_equal(s.total[T_VIEWS], 2);
    assert_int_equal(s.total[T_UNIQUE_VIEWS], 1);
    assert_int_equal(s.total[T_UNIQUE_SESSIONS], 1);
    counter_free(s.c);
}

static void test_out_of_order_click_within_30s_of_last_is_suppressed(void **state)
{
    (void)state;
    struct sim s = {counter_new(secret, COUNTER_NO_TIME)};
    feed(&s, 36100, "a", "ua", KIND_DOWNLOAD, AGENT_MACHINE, "d");
    feed(&s, 36075, "a", "ua", KIND_DOWNLOAD, AGENT_MACHINE, "d"); /* |t-last| = 25 */
    feed(&s, 36060, "a", "ua", KIND_DOWNLOAD, AGENT_MACHINE, "d"); /* last stays 36100: 40 */
    totals(&s);
    assert_int_equal(s.total[T_MACHINE_DOWNLOADS], 2);
    assert_int_equal(s.total[T_UNIQUE_DOWNLOADS], 0); /* machines make no sessions */
    counter_free(s.c);
}

static void test_robots_are_never_suppressed(void **state)
{
    (void)state;
    struct sim s = {counter_new(secret, COUNTER_NO_TIME)};
    for (int i = 0; i < 4; i++)
        feed(&s, 36000 + i, "a", "bot", KIND_VIEW, AGENT_ROBOT, "d");
    totals(&s);
    assert_int_equal(s.total[T_ROBOT_VIEWS], 4);
    assert_int_equal(s.total[T_VIEWS], 0);
    assert_int_equal(s.total[T_UNIQUE_SESSIONS], 0);
    counter_free(s.c);
}

static void test_sessions_split_at_the_hour_and_count_suppressed_clicks(void **state)
{
    (void)state;
    struct sim s = {counter_new(secret, COUNTER_NO_TIME)};
    feed(&s, 10 * 3600 + 3590, "a", "ua", KIND_VIEW, AGENT_HUMAN, "d");  /* 10:59:50 */
    feed(&s, 11 * 3600 + 10, "a", "ua", KIND_VIEW, AGENT_HUMAN, "d");    /* 11:00:10 */
    feed(&s, 11 * 3600 + 20, "a", "ua", KIND_DOWNLOAD, AGENT_HUMAN, "d"); /* same hour */
    totals(&s);
    assert_int_equal(s.total[T_VIEWS], 1);           /* 20 s apart: one chain */
    assert_int_equal(s.total[T_UNIQUE_VIEWS], 2);    /* two hours, two sessions */
    assert_int_equal(s.total[T_DOWNLOADS], 1);
    assert_int_equal(s.total[T_UNIQUE_DOWNLOADS], 1);
    assert_int_equal(s.total[T_UNIQUE_SESSIONS], 2); /* 11:00 session counted once */
    counter_free(s.c);
}

static void test_different_clients_agents_and_datasets_are_different_keys(void **state)
{
    (void)state;
    struct sim s = {counter_new(secret, COUNTER_NO_TIME)};
    feed(&s, 36000, "a", "ua", KIND_VIEW, AGENT_HUMAN, "d");
    feed(&s, 36001, "b", "ua", KIND_VIEW, AGENT_HUMAN, "d");
    feed(&s, 36002, "a", "ua2", KIND_VIEW, AGENT_HUMAN, "d");
    feed(&s, 36003, "a", "ua", KIND_VIEW, AGENT_HUMAN, "e");
    feed(&s, 36004, "a", "ua", KIND_DOWNLOAD, AGENT_HUMAN, "d");
    totals(&s);
    assert_int_equal(s.total[T_VIEWS], 4);
    assert_int_equal(s.total[T_DOWNLOADS], 1);
    counter_free(s.c);
}

static enum status count_click(void *ctx, const uint8_t key[16], int64_t last)
{
    (void)key;
    (void)last;
    ++*(int *)ctx;
    return ST_OK;
}

static void test_state_older_than_the_disorder_bound_is_dropped(void **state)
{
    (void)state;
    struct sim s = {counter_new(secret, COUNTER_NO_TIME)};
    int clicks = 0;
    feed(&s, 36000, "a", "ua", KIND_VIEW, AGENT_HUMAN, "d");
    feed(&s, 36000 + 930, "b", "ua", KIND_VIEW, AGENT_HUMAN, "d");
    counter_reset_batch(s.c);
    counter_each_click(s.c, count_click, &clicks);
    assert_int_equal(clicks, 0); /* nothing dirty after a commit */
    feed(&s, 36000 + 931, "b", "ua", KIND_VIEW, AGENT_HUMAN, "d");
    counter_each_click(s.c, count_click, &clicks);
    assert_int_equal(clicks, 1); /* "a" (last 36000 < 36931-930) is gone */
    assert_int_equal(counter_click_horizon(s.c), 36000 + 931 - 930 + civil_to_days(2024, 3, 1) * 86400);
    counter_free(s.c);
}

static void test_late_line_of_a_closed_hour_adds_counts_but_no_uniques(void **state)
{
    (void)state;
    struct sim s = {counter_new(secret, COUNTER_NO_TIME)};
    feed(&s, 12 * 3600, "a", "ua", KIND_VIEW, AGENT_HUMAN, "d");
    feed(&s, 10 * 3600, "b", "ua", KIND_VIEW, AGENT_HUMAN, "d"); /* 2 h late */
    totals(&s);
    assert_int_equal(s.total[T_VIEWS], 2);
    assert_int_equal(s.total[T_UNIQUE_VIEWS], 1);
    counter_free(s.c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_of_clicks_with_short_gaps_counts_once),
        cmocka_unit_test(test_out_of_order_click_within_30s_of_last_is_suppressed),
        cmocka_unit_test(test_robots_are_never_suppressed),
        cmocka_unit_test(test_sessions_split_at_the_hour_and_count_suppressed_clicks),
        cmocka_unit_test(test_different_clients_agents_and_datasets_are_different_keys),
        cmocka_unit_test(test_state_older_than_the_disorder_bound_is_dropped),
        cmocka_unit_test(test_late_line_of_a_closed_hour_adds_counts_but_no_uniques),
    };
    return cmocka_run_group_tests_name("counter", tests, NULL, NULL);
}
