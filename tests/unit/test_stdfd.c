/* test_stdfd.c - closed standard descriptors are reopened on /dev/null,
 * so the next open() cannot take their number. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stdfd.h"

static void test_closed_stdin_is_reopened_before_the_next_open(void **state)
{
    (void)state;
    int saved = dup(0);
    assert_true(saved > 2);
    close(0);
    assert_int_equal(stdfd_ensure(), ST_OK);
    struct stat st, null;
    assert_int_equal(fstat(0, &st), 0);
    assert_int_equal(stat("/dev/null", &null), 0);
    assert_true(st.st_rdev == null.st_rdev);
    int fd = open("/dev/null", O_RDONLY);
    assert_true(fd > 2);   /* not 0: a database opened now cannot become stdin */
    close(fd);
    dup2(saved, 0);
    close(saved);
}

static void test_open_descriptors_are_left_alone(void **state)
{
    (void)state;
    struct stat before, after;
    assert_int_equal(fstat(2, &before), 0);
    assert_int_equal(stdfd_ensure(), ST_OK);
    assert_int_equal(fstat(2, &after), 0);
    assert_true(before.st_ino == after.st_ino && before.st_dev == after.st_dev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_stdin_is_reopened_before_the_next_open),
        cmocka_unit_test(test_open_descriptors_are_left_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
