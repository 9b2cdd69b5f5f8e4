/* test_gzip_isal.c - gzip inflated by ISA-L gives gzread's bytes and errors.
 *
 * Every test compares with what zlib does to the same file: members read as
 * one stream, a cut file gives its prefix then "unexpected end of file",
 * damage is Z_DATA_ERROR. Files are built in memory with zlib's deflate and
 * written to unlinked temporary files. Built without ISA-L (make ISAL=0)
 * the reader tests are skipped; the inflater tests run on zlib alone.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "gzip_isal.h"
#include "decoder.h"
#include "inflater.h"

/* A tripwire on ISA-L: this definition takes the place of libisal's for
 * the whole test program, counts the calls and hands them on, so a test
 * can tell that the inflater really used ISA-L and not gzread. */
struct inflate_state;
int isal_inflate(struct inflate_state *state);
static long isal_calls;

int isal_inflate(struct inflate_state *state)
{
    static int (*real)(struct inflate_state *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "isal_inflate");
    isal_calls++;
    return real(state);
}

struct buf {
    unsigned char *data;
    size_t len, cap;
};

static void buf_add(struct buf *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static void buf_free(struct buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Appends one gzip member holding DATA, deflated at LEVEL, to OUT; its
 * header has the fields of HEAD (NULL: none). */
static void add_member_with(struct buf *out, const void *data, size_t len, int level,
                            gz_header *head)
{
    z_stream z = {0};
    unsigned char chunk[65536];
    assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    if (head)
        assert_int_equal(deflateSetHeader(&z, head), Z_OK);
    z.next_in = (unsigned char *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    int ret;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        ret = deflate(&z, Z_FINISH);
        assert_true(ret == Z_OK || ret == Z_STREAM_END);
        buf_add(out, chunk, sizeof chunk - z.avail_out);
    } while (ret != Z_STREAM_END);
    deflateEnd(&z);
}

static void add_member(struct buf *out, const void *data, size_t len, int level)
{
    add_member_with(out, data, len, level, NULL);
}

/* LINES lines of a made-up access log (deterministic), about 100 bytes each. */
static void make_log(struct buf *out, long lines)
{
    uint32_t x = 12345;
    char line[256];
    for (long i = 0; i < lines; i++) {
        x = x * 1103515245u + 12345u;
        uint32_t y = x >> 8;
        int n = snprintf(line, sizeof line,
                         "203.0.%u.%u - - [01/Mar/2024:%02u:%02u:%02u +0800] \"GET /dataset/%u HTTP/1.1\" "
                         "%u %u \"-\" \"Mozilla/5.0 (agent %u)\"\n",
                         y % 256, (y >> 8) % 256, (unsigned)(i / 3600 % 24), (unsigned)(i / 60 % 60),
                         (unsigned)(i % 60), y % 5000, y % 7 ? 200u : 404u, y % 100000, y % 50);
        buf_add(out, line, (size_t)n);
    }
}

/* A descriptor reading BYTES from an unlinked temporary file, at offset 0. */
static int file_with(const void *bytes, size_t len)
{
    char path[] = "/tmp/odstat-test-gzip-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

struct result {
    struct buf out;
    long last;            /* the last read's result: 0 end, -1 error */
    int errnum;
    char message[128];
};

static void result_free(struct result *r) { buf_free(&r->out); }

/* Reads all of BYTES with gzip_isal, ROOM bytes per call. */
static struct result read_isal(const void *bytes, size_t len, size_t room)
{
    struct result r = {{0}, 0, Z_OK, ""};
    struct gzip_isal *g;
    int fd = file_with(bytes, len);
    unsigned char *dst = malloc(room);
    const char *message;
    assert_int_equal(gzip_isal_open(&g, fd), ST_OK);
    while ((r.last = gzip_isal_read(g, dst, room, &r.errnum, &message)) > 0) {
        assert_true((size_t)r.last <= room);
        assert_int_equal(r.errnum, Z_OK);
        buf_add(&r.out, dst, (size_t)r.last);
    }
    snprintf(r.message, sizeof r.message, "%s", message);
    if (r.last < 0) { /* the error sticks */
        int again;
        assert_int_equal(gzip_isal_read(g, dst, room, &again, &message), -1);
        assert_int_equal(again, r.errnum);
    }
    gzip_isal_close(g);
    close(fd);
    free(dst);
    return r;
}

/* Reads all of BYTES with zlib's gzread, as input.c does. */
static struct result read_zlib(const void *bytes, size_t len)
{
    struct result r = {{0}, 0, Z_OK, ""};
    gzFile gz = gzdopen(file_with(bytes, len), "rb");
    unsigned char dst[65536];
    assert_non_null(gz);
    while ((r.last = gzread(gz, dst, sizeof dst)) > 0)
        buf_add(&r.out, dst, (size_t)r.last);
    const char *message = gzerror(gz, &r.errnum);
    snprintf(r.message, sizeof r.message, "%s", message);
    if (r.errnum == Z_STREAM_END)
        r.errnum = Z_OK;
    gzclose(gz);
    return r;
}

/* Skips the test when built without ISA-L. */
static void require_isal(void)
{
    if (!gzip_isal_available())
        skip();
}

static void assert_same_bytes(const struct buf *a, const struct buf *b)
{
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->data, b->data, a->len);
}

static void test_concatenated_members_read_as_one_stream(void **state)
{
    (void)state;
    require_isal();
    struct buf log = {0}, gz = {0};
    make_log(&log, 30000);
    size_t a = log.len / 3, b = log.len / 2;
    add_member(&gz, log.data, a, 9);
    gz_header head = {0};
    head.extra = (unsigned char *)"xy\x04\0abcd";
    head.extra_len = 8;
    head.name = (unsigned char *)"access.log";
    head.comment = (unsigned char *)"rotated";
    head.hcrc = 1;
    head.time = 1709258400;
    add_member_with(&gz, log.data + a, b - a, 0, &head); /* stored blocks, every header field */
    add_member(&gz, "", 0, 6);                 /* an empty member between */
    add_member(&gz, log.data + b, log.len - b, 1);
    struct result r = read_isal(gz.data, gz.len, 1 << 20);
    assert_int_equal(r.last, 0);
    assert_same_bytes(&r.out, &log);
    struct result z = read_zlib(gz.data, gz.len);
    assert_same_bytes(&r.out, &z.out);
    result_free(&r);
    result_free(&z);
    buf_free(&log);
    buf_free(&gz);
}

static void test_output_equals_gzread_on_a_20_mb_log_for_any_read_size(void **state)
{
    (void)state;
    require_isal();
    struct buf log = {0}, gz = {0};
    make_log(&log, 200000);
    assert_true(log.len > 20 * 1000 * 1000);
    add_member(&gz, log.data, log.len, 6);
    struct result z = read_zlib(gz.data, gz.len);
    assert_int_equal(z.errnum, Z_OK);
    size_t rooms[] = {4 << 20, 1 << 20, 65536, 4093};
    for (size_t i = 0; i < sizeof rooms / sizeof rooms[0]; i++) {
        struct result r = read_isal(gz.data, gz.len, rooms[i]);
        assert_int_equal(r.last, 0);
        assert_same_bytes(&r.out, &z.out);
        result_free(&r);
    }
    result_free(&z);
    buf_free(&log);
    buf_free(&gz);
}

static void test_tiny_reads_still_give_every_byte(void **state)
{
    (void)state;
    require_isal();
    struct buf log = {0}, gz = {0};
    make_log(&log, 2000);
    add_member(&gz, log.data, log.len / 2, 6);
    add_member(&gz, log.data + log.len / 2, log.len - log.len / 2, 6);
    struct result r = read_isal(gz.data, gz.len, 1);
    assert_int_equal(r.last, 0);
    assert_same_bytes(&r.out, &log);
    result_free(&r);
    buf_free(&log);
    buf_free(&gz);
}

/* The prefix before an error must be the start of the real content. */
static void assert_prefix_of(const struct buf *part, const struct buf *whole)
{
    assert_true(part->len <= whole->len);
    assert_memory_equal(part->data, whole->data, part->len);
}

static void test_truncated_file_gives_its_prefix_then_unexpected_end(void **state)
{
    (void)state;
    require_isal();
    struct buf log = {0}, gz = {0};
    make_log(&log, 20000);
    add_member(&gz, log.data, log.len, 6);
    size_t cuts[] = {gz.len * 2 / 3, gz.len - 8, gz.len - 1, 11, 2};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        struct result r = read_isal(gz.data, cuts[i], 65536);
        struct result z = read_zlib(gz.data, cuts[i]);
        assert_int_equal(r.last, -1);
        assert_int_equal(r.errnum, Z_BUF_ERROR);
        assert_string_equal(r.message, "unexpected end of file");
        assert_int_equal(z.errnum, Z_BUF_ERROR);
        assert_prefix_of(&r.out, &log);
        if (cuts[i] >= gz.len - 8) /* the deflate data is whole */
            assert_same_bytes(&r.out, &log);
        result_free(&r);
        result_free(&z);
    }
    buf_free(&log);
    buf_free(&gz);
}

static void test_second_member_cut_short_is_unexpected_end(void **state)
{
    (void)state;
    require_isal();
    struct buf log = {0}, gz = {0};
    make_log(&log, 5000);
    add_member(&gz, log.data, log.len, 6);
    size_t first = gz.len;
    add_member(&gz, log.data, log.len, 6);
    size_t cuts[] = {first + 2, first + 5, first + 500};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        struct result r = read_isal(gz.data, cuts[i], 65536);
        assert_int_equal(r.errnum, Z_BUF_ERROR);
        assert_true(r.out.len >= log.len); /* the first member is all there */
        assert_memory_equal(r.out.data, log.data, log.len);
        result_free(&r);
    }
    buf_free(&log);
    buf_free(&gz);
}

/* Flips bits of the byte at AT (counted from the end when negative) of a
 * one-member file and expects a data error from both readers. */
static void assert_damage_is_data_error(long at)
{
    struct buf log = {0}, gz = {0};
    make_log(&log, 20000);
    add_member(&gz, log.data, log.len, 6);
    gz.data[at < 0 ? (long)gz.len + at : at] ^= 0x55;
    struct result r = read_isal(gz.data, gz.len, 1 << 20);
    struct result z = read_zlib(gz.data, gz.len);
    assert_int_equal(r.last, -1);
    assert_int_equal(r.errnum, Z_DATA_ERROR);
    assert_int_equal(z.errnum, Z_DATA_ERROR);
    result_free(&r);
    result_free(&z);
    buf_free(&log);
    buf_free(&gz);
}

static void test_flipped_byte_in_deflate_data_is_a_data_error(void **state)
{
    (void)state;
    require_isal();
    assert_damage_is_data_error(40);
    assert_damage_is_data_error(5000);
}

static void test_wrong_crc_or_length_is_a_data_error(void **state)
{
    (void)state;
    require_isal();
    assert_damage_is_data_error(-8); /* CRC32 */
    assert_damage_is_data_error(-1); /* ISIZE */
    struct buf gz = {0};
    add_member(&gz, "hello\n", 6, 6);
    gz.data[gz.len - 8] ^= 1;
    struct result r = read_isal(gz.data, gz.len, 100);
    assert_string_equal(r.message, "incorrect data check");
    result_free(&r);
    buf_free(&gz);
}

static void test_unsupported_method_is_a_data_error(void **state)
{
    (void)state;
    require_isal();
    struct buf gz = {0};
    add_member(&gz, "hello\n", 6, 6);
    gz.data[2] = 7; /* CM: not deflate */
    struct result r = read_isal(gz.data, gz.len, 100);
    assert_int_equal(r.errnum, Z_DATA_ERROR);
    assert_int_equal(r.out.len, 0);
    result_free(&r);
    buf_free(&gz);
}

static void test_empty_member_is_an_empty_stream(void **state)
{
    (void)state;
    require_isal();
    struct buf gz = {0};
    add_member(&gz, "", 0, 6);
    struct result r = read_isal(gz.data, gz.len, 100);
    assert_int_equal(r.last, 0);
    assert_int_equal(r.errnum, Z_OK);
    assert_int_equal(r.out.len, 0);
    result_free(&r);
    r = read_isal("", 0, 100); /* an empty file too, as gzread sees it */
    assert_int_equal(r.last, 0);
    assert_int_equal(r.out.len, 0);
    result_free(&r);
    buf_free(&gz);
}

static void test_plain_text_is_refused_by_the_first_read(void **state)
{
    (void)state;
    require_isal();
    const char *text = "203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] \"GET / HTTP/1.1\" 200 1\n";
    struct result r = read_isal(text, strlen(text), 100);
    assert_int_equal(r.last, -1);
    assert_int_equal(r.errnum, Z_DATA_ERROR);
    assert_string_equal(r.message, "not in gzip format");
    assert_int_equal(r.out.len, 0);
    result_free(&r);
    r = read_isal("\x1f", 1, 100);
    assert_int_equal(r.errnum, Z_DATA_ERROR);
    result_free(&r);
}

/* After a complete member gzread ignores what does not start another one
 * (zero padding, garbage), and fails on a damaged member that does start. */
static void test_after_a_member_trailing_bytes_are_treated_like_gzread(void **state)
{
    (void)state;
    require_isal();
    static const struct {
        const char *bytes;
        size_t len;
        int errnum;
    } tails[] = {
        {"\0\0\0\0\0\0\0\0", 8, Z_OK},
        {"garbage\n", 8, Z_OK},
        {"\x1f", 1, Z_OK},
        {"\x1f\x8c", 2, Z_OK},
        {"\x1f\x8b", 2, Z_BUF_ERROR},
        {"\x1f\x8b\x08\x00\0\0\0\0\0\x03\xff\xff\xff", 13, Z_DATA_ERROR},
    };
    struct buf log = {0};
    make_log(&log, 1000);
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        struct buf gz = {0};
        add_member(&gz, log.data, log.len, 6);
        buf_add(&gz, tails[i].bytes, tails[i].len);
        struct result r = read_isal(gz.data, gz.len, 1 << 20);
        struct result z = read_zlib(gz.data, gz.len);
        assert_int_equal(z.errnum, tails[i].errnum);
        assert_int_equal(r.errnum, tails[i].errnum);
        assert_same_bytes(&r.out, &log);
        result_free(&r);
        result_free(&z);
        buf_free(&gz);
    }
    buf_free(&log);
}

static void test_compressed_counts_bytes_consumed_from_the_start_offset(void **state)
{
    (void)state;
    require_isal();
    struct buf log = {0}, file = {0};
    make_log(&log, 3000);
    buf_add(&file, "0123456789", 10); /* the stream starts at offset 10 */
    add_member(&file, log.data, log.len, 6);
    int fd = file_with(file.data, file.len);
    assert_int_equal(lseek(fd, 10, SEEK_SET), 10);
    struct gzip_isal *g;
    assert_int_equal(gzip_isal_open(&g, fd), ST_OK);
    assert_int_equal(gzip_isal_compressed(g), 0);
    unsigned char *dst = malloc(log.len + 1);
    int errnum;
    const char *message;
    size_t got = 0;
    long n;
    while ((n = gzip_isal_read(g, dst + got, log.len + 1 - got, &errnum, &message)) > 0)
        got += (size_t)n;
    assert_int_equal(n, 0);
    assert_int_equal(got, log.len);
    assert_memory_equal(dst, log.data, log.len);
    assert_int_equal(gzip_isal_compressed(g), file.len - 10);
    gzip_isal_close(g);
    gzip_isal_close(NULL);
    close(fd);
    free(dst);
    buf_free(&log);
    buf_free(&file);
}

/* Reads the file FD through a decoder and an inflater as input.c does.
 * Returns the inflater's result like read_isal. */
static struct result read_inflater(int fd)
{
    struct result r = {{0}, 0, Z_OK, ""};
    struct decoder *d;
    struct inflater *in;
    unsigned char dst[100000];
    const char *message = "";
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(decoder_open(&d, fd, &message), ST_OK);
    assert_int_equal(decoder_kind(d), DECODER_GZIP);
    assert_int_equal(inflater_start(&in, d), ST_OK);
    while ((r.last = inflater_read(in, dst, sizeof dst, &message)) > 0)
        buf_add(&r.out, dst, (size_t)r.last);
    snprintf(r.message, sizeof r.message, "%s", message);
    assert_int_equal(inflater_compressed(in), (uint64_t)st.st_size);
    inflater_stop(in);
    decoder_close(d);
    return r;
}

static void test_inflater_gives_the_same_bytes_with_isal_and_zlib(void **state)
{
    (void)state;
    struct buf log = {0}, file = {0};
    make_log(&log, 50000);
    buf_add(&file, "not gzip yet", 12); /* gz starts reading at offset 12 */
    add_member(&file, log.data, log.len / 2, 6);
    add_member(&file, log.data + log.len / 2, log.len - log.len / 2, 1);

    for (int isal = 0; isal <= 1; isal++) {
        assert_int_equal(setenv("ODSTAT_INFLATE", isal ? "isal" : "zlib", 1), 0);
        int fd = file_with(file.data, file.len);
        assert_int_equal(lseek(fd, 12, SEEK_SET), 12);
        long calls = isal_calls;
        struct result r = read_inflater(fd);
        assert_int_equal(r.last, 0);
        assert_same_bytes(&r.out, &log);
        assert_int_equal(isal_calls > calls, isal && gzip_isal_available());
        result_free(&r);
    }
    unsetenv("ODSTAT_INFLATE");
    buf_free(&log);
    buf_free(&file);
}

static void test_inflater_reports_a_cut_file_as_zlib_does(void **state)
{
    (void)state;
    struct buf log = {0}, gz = {0};
    make_log(&log, 20000);
    add_member(&gz, log.data, log.len, 6);
    for (int isal = 0; isal <= 1; isal++) {
        assert_int_equal(setenv("ODSTAT_INFLATE", isal ? "isal" : "zlib", 1), 0);
        struct result r = read_inflater(file_with(gz.data, gz.len - 8));
        assert_int_equal(r.last, -1);
        assert_string_equal(r.message, "unexpected end of file (truncated file?)");
        assert_same_bytes(&r.out, &log); /* only the trailer is missing */
        result_free(&r);
    }
    unsetenv("ODSTAT_INFLATE");
    buf_free(&log);
    buf_free(&gz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concatenated_members_read_as_one_stream),
        cmocka_unit_test(test_output_equals_gzread_on_a_20_mb_log_for_any_read_size),
        cmocka_unit_test(test_tiny_reads_still_give_every_byte),
        cmocka_unit_test(test_truncated_file_gives_its_prefix_then_unexpected_end),
        cmocka_unit_test(test_second_member_cut_short_is_unexpected_end),
        cmocka_unit_test(test_flipped_byte_in_deflate_data_is_a_data_error),
        cmocka_unit_test(test_wrong_crc_or_length_is_a_data_error),
        cmocka_unit_test(test_unsupported_method_is_a_data_error),
        cmocka_unit_test(test_empty_member_is_an_empty_stream),
        cmocka_unit_test(test_plain_text_is_refused_by_the_first_read),
        cmocka_unit_test(test_after_a_member_trailing_bytes_are_treated_like_gzread),
        cmocka_unit_test(test_compressed_counts_bytes_consumed_from_the_start_offset),
        cmocka_unit_test(test_inflater_gives_the_same_bytes_with_isal_and_zlib),
        cmocka_unit_test(test_inflater_reports_a_cut_file_as_zlib_does),
    };
    if (!gzip_isal_available())
        printf("# built without ISA-L (make ISAL=0): the gzip_isal reader tests are skipped\n");
    return cmocka_run_group_tests_name("gzip_isal", tests, NULL, NULL);
}
