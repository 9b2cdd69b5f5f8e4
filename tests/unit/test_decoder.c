/* test_decoder.c - every compression gives back the bytes that went in:
 * recognised by its magic, several members read as one stream, a cut file
 * gives what came before the cut and then says it is truncated, damage is
 * an error and never a crash. Files are compressed in memory with each
 * library and written to unlinked temporary files. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <bzlib.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "decoder.h"

#define LOG_MAX (4 * 1024 * 1024)

struct bytes {
    unsigned char *p;
    size_t len;
};

/* LINES combined-looking lines, different enough not to compress away. */
static struct bytes make_log(int lines)
{
    struct bytes b = {malloc(LOG_MAX), 0};
    assert_non_null(b.p);
    for (int i = 0; i < lines; i++)
        b.len += (size_t)snprintf((char *)b.p + b.len, LOG_MAX - b.len,
                                  "203.0.%d.%d - - [01/Mar/2024:10:%02d:%02d +0800] \"GET "
                                  "/dataset/%d HTTP/1.1\" 200 %d \"-\" \"agent %d\"\n",
                                  i % 256, i * 7 % 256, i / 60 % 60, i % 60, i * 31 % 9973,
                                  i * 17, i % 13);
    return b;
}

/* DATA compressed as one member of KIND, appended to OUT. */
static void compress_into(enum decoder_kind kind, const struct bytes *data, struct bytes *out)
{
    size_t room = data->len + data->len / 2 + 65536;
    unsigned char *dst = malloc(room);
    size_t n = 0;
    assert_non_null(dst);
    if (kind == DECODER_GZIP) {
        z_stream z = {0};
        assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
        z.next_in = data->p;
        z.avail_in = (uInt)data->len;
        z.next_out = dst;
        z.avail_out = (uInt)room;
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        n = z.total_out;
        deflateEnd(&z);
    } else if (kind == DECODER_BZIP2) {
        unsigned int len = (unsigned)room;
        assert_int_equal(BZ2_bzBuffToBuffCompress((char *)dst, &len, (char *)data->p,
                                                  (unsigned)data->len, 9, 0, 0),
                         BZ_OK);
        n = len;
    } else if (kind == DECODER_XZ) {
        assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, data->p, data->len,
                                                 dst, &n, room),
                         LZMA_OK);
    } else {
        n = ZSTD_compress(dst, room, data->p, data->len, 3);
        assert_false(ZSTD_isError(n));
    }
    out->p = realloc(out->p, out->len + n);
    assert_non_null(out->p);
    memcpy(out->p + out->len, dst, n);
    out->len += n;
    free(dst);
}

/* A descriptor of an unlinked temporary file holding FILE's first LEN
 * bytes, at offset 0. */
static int file_with(const struct bytes *file, size_t len)
{
    char path[] = "/tmp/odstat-test-decoder-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, file->p, len), (ssize_t)len);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

/* A decoder over a temporary file holding FILE's first LEN bytes. */
static struct decoder *open_bytes(const struct bytes *file, size_t len)
{
    const char *err;
    struct decoder *d;
    assert_int_equal(decoder_open(&d, file_with(file, len), &err), ST_OK);
    return d;
}

/* Everything D gives, in reads of ROOM bytes; *LAST is the last result. */
static struct bytes drain(struct decoder *d, size_t room, long *last, const char **message)
{
    struct bytes out = {malloc(LOG_MAX), 0};
    unsigned char *dst = malloc(room);
    long n;
    assert_non_null(out.p);
    while ((n = decoder_read(d, dst, room, message)) > 0) {
        assert_true(out.len + (size_t)n <= LOG_MAX);
        memcpy(out.p + out.len, dst, (size_t)n);
        out.len += (size_t)n;
    }
    *last = n;
    free(dst);
    return out;
}

static const enum decoder_kind compressed[] = {DECODER_GZIP, DECODER_BZIP2, DECODER_XZ,
                                               DECODER_ZSTD};

static void test_each_kind_is_recognised_and_gives_the_bytes_back(void **state)
{
    (void)state;
    struct bytes log = make_log(20000);
    setenv("ODSTAT_INFLATE", "zlib", 1); /* this test is about zlib's path */
    for (size_t k = 0; k < 4; k++) {
        struct bytes file = {0}, out;
        const char *message;
        long last;
        compress_into(compressed[k], &log, &file);
        struct decoder *d = open_bytes(&file, file.len);
        assert_int_equal(decoder_kind(d), compressed[k]);
        out = drain(d, 7777, &last, &message);
        assert_int_equal(last, 0);
        assert_int_equal(out.len, log.len);
        assert_memory_equal(out.p, log.p, log.len);
        assert_int_equal(decoder_compressed(d), file.len);
        decoder_close(d);
        free(out.p);
        free(file.p);
    }
    unsetenv("ODSTAT_INFLATE");
    free(log.p);
}

static void test_several_members_read_as_one_stream(void **state)
{
    (void)state;
    struct bytes log = make_log(3000), half = {log.p, log.len / 2},
                 rest = {log.p + log.len / 2, log.len - log.len / 2};
    for (size_t k = 0; k < 4; k++) {
        struct bytes file = {0}, out;
        const char *message;
        long last;
        compress_into(compressed[k], &half, &file);
        compress_into(compressed[k], &rest, &file);
        struct decoder *d = open_bytes(&file, file.len);
        out = drain(d, 65536, &last, &message);
        assert_int_equal(last, 0);
        assert_int_equal(out.len, log.len);
        assert_memory_equal(out.p, log.p, log.len);
        decoder_close(d);
        free(out.p);
        free(file.p);
    }
    free(log.p);
}

static void test_a_cut_file_gives_its_start_then_says_truncated(void **state)
{
    (void)state;
    struct bytes log = make_log(40000);
    for (size_t k = 0; k < 4; k++) {
        struct bytes file = {0}, out;
        const char *message;
        long last;
        compress_into(compressed[k], &log, &file);
        struct decoder *d = open_bytes(&file, file.len * 2 / 3);
        out = drain(d, 65536, &last, &message);
        assert_int_equal(last, -1);
        assert_string_equal(message, "unexpected end of file (truncated file?)");
        assert_true(out.len < log.len);
        assert_memory_equal(out.p, log.p, out.len);
        assert_int_equal(decoder_read(d, out.p, 10, &message), -1); /* and it stays so */
        decoder_close(d);
        free(out.p);
        free(file.p);
    }
    free(log.p);
}

static void test_damaged_data_is_an_error_not_a_crash(void **state)
{
    (void)state;
    struct bytes log = make_log(5000);
    for (size_t k = 0; k < 4; k++) {
        struct bytes file = {0}, out;
        const char *message;
        long last;
        compress_into(compressed[k], &log, &file);
        for (size_t i = file.len / 3; i < file.len / 3 + 64; i++)
            file.p[i] ^= 0x5a;
        struct decoder *d = open_bytes(&file, file.len);
        out = drain(d, 65536, &last, &message);
        assert_int_equal(last, -1);
        assert_true(strlen(message) > 0);
        decoder_close(d);
        free(out.p);
        free(file.p);
    }
    free(log.p);
}

static void test_plain_text_passes_through_and_skips_by_seeking(void **state)
{
    (void)state;
    struct bytes log = make_log(1000), out;
    const char *message;
    long last;
    struct decoder *d = open_bytes(&log, log.len);
    assert_int_equal(decoder_kind(d), DECODER_PLAIN);
    assert_int_equal(decoder_skip(d, 1000, &message), 1);
    out = drain(d, 333, &last, &message);
    assert_int_equal(last, 0);
    assert_int_equal(out.len, log.len - 1000);
    assert_memory_equal(out.p, log.p + 1000, out.len);
    assert_int_equal(decoder_skip(d, 1, &message), 0);
    decoder_close(d);
    free(out.p);
    /* "BZh" not followed by a block size is text, not bzip2 */
    struct bytes text = {(unsigned char *)"BZhost 1.2.3.4\n", 15};
    d = open_bytes(&text, text.len);
    assert_int_equal(decoder_kind(d), DECODER_PLAIN);
    decoder_close(d);
    free(log.p);
}

static void test_skip_in_compressed_content_decodes_past_it(void **state)
{
    (void)state;
    struct bytes log = make_log(4000);
    for (size_t k = 0; k < 4; k++) {
        struct bytes file = {0}, out;
        const char *message;
        long last;
        compress_into(compressed[k], &log, &file);
        struct decoder *d = open_bytes(&file, file.len);
        assert_int_equal(decoder_skip(d, 100001, &message), 1);
        out = drain(d, 65536, &last, &message);
        assert_int_equal(out.len, log.len - 100001);
        assert_memory_equal(out.p, log.p + 100001, out.len);
        decoder_close(d);
        free(out.p);
        free(file.p);
    }
    free(log.p);
}

/* A file read to its end before is known by the length it tells. */
static void test_gzip_xz_and_zstd_tell_their_length_bzip2_does_not(void **state)
{
    (void)state;
    struct bytes log = make_log(3000), half = {log.p, log.len / 2},
                 rest = {log.p + log.len / 2, log.len - log.len / 2};
    for (size_t k = 0; k < 4; k++) {
        struct bytes file = {0};
        uint64_t length = 0;
        bool mod32;
        compress_into(compressed[k], &half, &file);
        compress_into(compressed[k], &rest, &file); /* two members */
        int fd = file_with(&file, file.len);
        bool told = decoder_content_size(fd, file.len, &length, &mod32);
        assert_int_equal(told, compressed[k] != DECODER_BZIP2);
        if (compressed[k] == DECODER_GZIP)
            assert_true(mod32 && length == rest.len); /* the last member's */
        else if (compressed[k] == DECODER_XZ)
            assert_true(!mod32 && length == rest.len); /* the last stream's */
        else if (compressed[k] == DECODER_ZSTD)
            assert_true(!mod32 && length == log.len); /* every frame's */
        assert_int_equal(lseek(fd, 0, SEEK_CUR), 0);
        close(fd);
        free(file.p);
    }
    int fd = file_with(&log, log.len);
    uint64_t length;
    bool mod32;
    assert_false(decoder_content_size(fd, log.len, &length, &mod32));
    close(fd);
    free(log.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_kind_is_recognised_and_gives_the_bytes_back),
        cmocka_unit_test(test_several_members_read_as_one_stream),
        cmocka_unit_test(test_a_cut_file_gives_its_start_then_says_truncated),
        cmocka_unit_test(test_damaged_data_is_an_error_not_a_crash),
        cmocka_unit_test(test_plain_text_passes_through_and_skips_by_seeking),
        cmocka_unit_test(test_skip_in_compressed_content_decodes_past_it),
        cmocka_unit_test(test_gzip_xz_and_zstd_tell_their_length_bzip2_does_not),
    };
    return cmocka_run_group_tests_name("decoder", tests, NULL, NULL);
}
