/* test_caption.c - dates in the words of the meeting tables, and notes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "caption.h"
#include "civil.h"
#include "table.h"

static void test_dates_read_as_the_model_writes_them(void **state)
{
    (void)state;
    struct report_options opt = {.lang = LANG_ZH_TW, .calendar = CAL_ROC};
    char out[32];
    int64_t day = civil_to_days(2024, 4, 2);
    caption_date(&opt, day, out, sizeof out);
    assert_string_equal(out, "113年04月02日");
    opt.calendar = CAL_GREGORIAN;
    caption_date(&opt, day, out, sizeof out);
    assert_string_equal(out, "2024年04月02日");
    opt.lang = LANG_EN;
    caption_date(&opt, day, out, sizeof out);
    assert_string_equal(out, "2024-04-02");
    opt.calendar = CAL_ROC;
    caption_date(&opt, day, out, sizeof out);
    assert_string_equal(out, "113-04-02");
}

static void test_first_note_starts_with_the_note_mark(void **state)
{
    (void)state;
    static const struct table_column cols[] = {{"a", "a", false}};
    struct report_options zh = {.lang = LANG_ZH_TW}, en = {.lang = LANG_EN};
    struct table *t = table_new(cols, 1, NULL), *u = table_new(cols, 1, NULL);
    assert_int_equal(caption_add_note(t, &zh, "自上架時間至113年04月02日。"), ST_OK);
    assert_int_equal(caption_add_note(t, &zh, "8246 rests on a snapshot."), ST_OK);
    assert_string_equal(table_note(t, 0), "註：自上架時間至113年04月02日。");
    assert_string_equal(table_note(t, 1), "8246 rests on a snapshot.");
    assert_int_equal(caption_add_note(u, &en, "people only."), ST_OK);
    assert_string_equal(table_note(u, 0), "Note: people only.");
    table_free(t);
    table_free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_read_as_the_model_writes_them),
        cmocka_unit_test(test_first_note_starts_with_the_note_mark),
    };
    return cmocka_run_group_tests_name("caption", tests, NULL, NULL);
}
