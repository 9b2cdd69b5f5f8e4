/* decoder.c - plain, gzip (zlib or ISA-L), bzip2, xz and zstd content.
 *
 * Every compressed kind runs the same loop: a member starts where its magic
 * bytes are, the library turns input into output until the member ends,
 * and then either another member follows or the content ends (trailing
 * bytes that start no member are ignored, as gzip -d does). A file that
 * ends inside a member is truncated. The kinds differ only in the three
 * calls of struct codec.
 */
#define _POSIX_C_SOURCE 200809L
#include "decoder.h"

#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "gzip_isal.h"

#define IN_SIZE (256 * 1024)   /* compressed bytes per read(2) */
#define MAGIC_MAX 6
#define TRUNCATED "unexpected end of file (truncated file?)"

enum step { STEP_MORE, STEP_END, STEP_ERROR };

struct decoder;

/* One compression library: start a member, run it, free it. RUN consumes
 * d->in[pos, len) and fills DST; it sets *MADE and returns STEP_ERROR
 * with d->message set on damage. */
struct codec {
    enum decoder_kind kind;
    unsigned char magic[MAGIC_MAX];
    size_t magic_len;
    bool (*start)(struct decoder *d);
    enum step (*run)(struct decoder *d, unsigned char *dst, size_t room, size_t *made);
    void (*end)(struct decoder *d);
};

struct decoder {
    int fd;
    const struct codec *codec;   /* NULL: plain */
    struct gzip_isal *isal;      /* gzip read by ISA-L instead of the codec */
    uint64_t isal_start;         /* FD's offset when ISA-L took over */
    unsigned char *in;           /* IN_SIZE bytes read from FD */
    size_t pos, len;             /* unread input is in[pos, len) */
    bool eof;                    /* read(2) gave 0 */
    uint64_t origin;             /* FD's offset at open (0 for a pipe) */
    uint64_t read_total;         /* bytes read from FD since */
    bool in_member, started;     /* inside a member; one has begun */
    bool failed;                 /* the error below ends the content */
    char message[160];
    z_stream z;
    bz_stream bz;
    lzma_stream xz;
    ZSTD_DStream *zs;
    bool lib_ready;              /* z/bz/xz/zs hold a library state */
};

static void fail(struct decoder *d, const char *what)
{
    if (d->failed)
        return;
    d->failed = true;
    snprintf(d->message, sizeof d->message, "%s", what);
}

/* ---- gzip with zlib ---- */

static bool gz_start(struct decoder *d)
{
    if (d->lib_ready)
        return inflateReset(&d->z) == Z_OK;
    memset(&d->z, 0, sizeof d->z);
    d->lib_ready = inflateInit2(&d->z, 15 + 16) == Z_OK;
    return d->lib_ready;
}

static enum step gz_run(struct decoder *d, unsigned char *dst, size_t room, size_t *made)
{
    d->z.next_in = d->in + d->pos;
    d->z.avail_in = (uInt)(d->len - d->pos);
    d->z.next_out = dst;
    d->z.avail_out = (uInt)room;
    int ret = inflate(&d->z, Z_NO_FLUSH);
    d->pos = d->len - d->z.avail_in;
    *made = room - d->z.avail_out;
    if (ret == Z_STREAM_END)
        return STEP_END;
    if (ret == Z_OK || ret == Z_BUF_ERROR)
        return STEP_MORE;
    fail(d, d->z.msg ? d->z.msg : "invalid gzip data");
    return STEP_ERROR;
}

static void gz_end(struct decoder *d)
{
    inflateEnd(&d->z);
}

/* ---- bzip2 ---- */

static bool bz_start(struct decoder *d)
{
    if (d->lib_ready)
        BZ2_bzDecompressEnd(&d->bz);
    memset(&d->bz, 0, sizeof d->bz);
    d->lib_ready = BZ2_bzDecompressInit(&d->bz, 0, 0) == BZ_OK;
    return d->lib_ready;
}

static enum step bz_run(struct decoder *d, unsigned char *dst, size_t room, size_t *made)
{
    d->bz.next_in = (char *)d->in + d->pos;
    d->bz.avail_in = (unsigned)(d->len - d->pos);
    d->bz.next_out = (char *)dst;
    d->bz.avail_out = (unsigned)room;
    int ret = BZ2_bzDecompress(&d->bz);
    d->pos = d->len - d->bz.avail_in;
    *made = room - d->bz.avail_out;
    if (ret == BZ_STREAM_END)
        return STEP_END;
    if (ret == BZ_OK)
        return STEP_MORE;
    fail(d, ret == BZ_MEM_ERROR ? "out of memory" : "corrupt bzip2 data");
    return STEP_ERROR;
}

static void bz_end(struct decoder *d)
{
    BZ2_bzDecompressEnd(&d->bz);
}

/* ---- xz ---- */

static bool xz_start(struct decoder *d)
{
    if (d->lib_ready)
        lzma_end(&d->xz);
    d->xz = (lzma_stream)LZMA_STREAM_INIT;
    d->lib_ready = lzma_stream_decoder(&d->xz, UINT64_MAX, 0) == LZMA_OK;
    return d->lib_ready;
}

static const char *xz_message(lzma_ret ret)
{
    switch (ret) {
    case LZMA_MEM_ERROR: return "out of memory";
    case LZMA_FORMAT_ERROR: return "not in xz format";
    case LZMA_OPTIONS_ERROR: return "unsupported xz options";
    case LZMA_DATA_ERROR: return "corrupt xz data";
    default: return "invalid xz data";
    }
}

static enum step xz_run(struct decoder *d, unsigned char *dst, size_t room, size_t *made)
{
    d->xz.next_in = d->in + d->pos;
    d->xz.avail_in = d->len - d->pos;
    d->xz.next_out = dst;
    d->xz.avail_out = room;
    lzma_ret ret = lzma_code(&d->xz, LZMA_RUN);
    d->pos = d->len - d->xz.avail_in;
    *made = room - d->xz.avail_out;
    if (ret == LZMA_STREAM_END)
        return STEP_END;
    if (ret == LZMA_OK || ret == LZMA_BUF_ERROR)
        return STEP_MORE;
    fail(d, xz_message(ret));
    return STEP_ERROR;
}

static void xz_end(struct decoder *d)
{
    lzma_end(&d->xz);
}

/* ---- zstd ---- */

static bool zs_start(struct decoder *d)
{
    if (!d->zs)
        d->zs = ZSTD_createDStream();
    d->lib_ready = d->zs && !ZSTD_isError(ZSTD_initDStream(d->zs));
    return d->lib_ready;
}

static enum step zs_run(struct decoder *d, unsigned char *dst, size_t room, size_t *made)
{
    ZSTD_inBuffer in = {d->in, d->len, d->pos};
    ZSTD_outBuffer out = {dst, room, 0};
    size_t ret = ZSTD_decompressStream(d->zs, &out, &in);
    d->pos = in.pos;
    *made = out.pos;
    if (ZSTD_isError(ret)) {
        fail(d, ZSTD_getErrorName(ret));
        return STEP_ERROR;
    }
    return ret == 0 ? STEP_END : STEP_MORE;
}

static void zs_end(struct decoder *d)
{
    ZSTD_freeDStream(d->zs);
    d->zs = NULL;
}

static const struct codec codecs[] = {
    {DECODER_GZIP, {0x1f, 0x8b}, 2, gz_start, gz_run, gz_end},
    {DECODER_BZIP2, {'B', 'Z', 'h'}, 3, bz_start, bz_run, bz_end},
    {DECODER_XZ, {0xfd, '7', 'z', 'X', 'Z', 0}, 6, xz_start, xz_run, xz_end},
    {DECODER_ZSTD, {0x28, 0xb5, 0x2f, 0xfd}, 4, zs_start, zs_run, zs_end},
};

/* ---- the shared loop ---- */

/* Moves unread input to the front and reads behind it; false on an error. */
static bool refill(struct decoder *d)
{
    ssize_t n;
    memmove(d->in, d->in + d->pos, d->len - d->pos);
    d->len -= d->pos;
    d->pos = 0;
    do
        n = read(d->fd, d->in + d->len, IN_SIZE - d->len);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        fail(d, strerror(errno));
        return false;
    }
    d->eof = n == 0;
    d->len += (size_t)n;
    d->read_total += (uint64_t)n;
    return true;
}

/* True when P[0..N) starts with C's magic; bzip2's is followed by the
 * block size, '1' to '9'. */
static bool has_magic(const struct codec *c, const unsigned char *p, size_t n)
{
    size_t need = c->magic_len + (c->kind == DECODER_BZIP2);
    return n >= need && memcmp(p, c->magic, c->magic_len) == 0 &&
           (c->kind != DECODER_BZIP2 || (p[3] >= '1' && p[3] <= '9'));
}

/* True when the unread input starts with a member (reading more if the
 * input holds fewer bytes than a magic). */
static bool at_magic(struct decoder *d, const struct codec *c)
{
    while (d->len - d->pos < MAGIC_MAX && !d->eof)
        if (!refill(d))
            return false;
    return has_magic(c, d->in + d->pos, d->len - d->pos);
}

/* Between members: another one starts, or the content ends. */
static bool next_member(struct decoder *d)
{
    if (!at_magic(d, d->codec))
        return false; /* the end, or trailing bytes that are no member */
    if (!d->codec->start(d)) {
        fail(d, "out of memory");
        return false;
    }
    d->in_member = d->started = true;
    return true;
}

/* Fills DST from the members; returns the bytes made. */
static size_t decode(struct decoder *d, unsigned char *dst, size_t room)
{
    size_t done = 0;
    while (done < room && !d->failed) {
        if (!d->in_member && !next_member(d))
            break;
        if (d->pos == d->len && !d->eof && !refill(d))
            break;
        size_t made = 0, before = d->pos;
        enum step s = d->codec->run(d, dst + done, room - done, &made);
        done += made;
        if (s == STEP_ERROR)
            break;
        if (s == STEP_END)
            d->in_member = false;
        else if (made == 0 && d->pos == before && d->pos == d->len && d->eof)
            fail(d, TRUNCATED); /* no more input inside a member */
        else if (made == 0 && d->pos == before && d->pos < d->len)
            fail(d, "invalid compressed data"); /* stuck: never loop forever */
    }
    return done;
}

static long read_plain(struct decoder *d, void *dst, size_t room)
{
    if (d->pos < d->len) {
        size_t n = d->len - d->pos < room ? d->len - d->pos : room;
        memcpy(dst, d->in + d->pos, n);
        d->pos += n;
        return (long)n;
    }
    ssize_t n;
    do
        n = read(d->fd, dst, room);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        fail(d, strerror(errno));
        return -1;
    }
    d->read_total += (uint64_t)n;
    return (long)n;
}

long decoder_read(struct decoder *d, void *dst, size_t room, const char **message)
{
    long n;
    *message = d->message;
    if (d->isal) {
        int errnum;
        const char *what;
        n = gzip_isal_read(d->isal, dst, room, &errnum, &what);
        if (n < 0)
            fail(d, errnum == Z_BUF_ERROR ? TRUNCATED : what);
        return n;
    }
    if (d->failed)
        return -1;
    if (!d->codec)
        return read_plain(d, dst, room);
    n = (long)decode(d, dst, room);
    return n > 0 || !d->failed ? n : -1;
}

int decoder_skip(struct decoder *d, uint64_t bytes, const char **message)
{
    enum { SCRATCH = 64 * 1024 };
    char *scratch = NULL;
    int rc = 1;
    off_t at;
    *message = d->message;
    struct stat st;
    if (!d->codec && !d->isal && d->len - d->pos <= bytes && fstat(d->fd, &st) == 0 &&
        S_ISREG(st.st_mode) &&
        (at = lseek(d->fd, (off_t)(bytes - (d->len - d->pos)), SEEK_CUR)) >= 0) {
        d->read_total = (uint64_t)at - d->origin;
        d->pos = d->len = 0;
        return at <= st.st_size ? 1 : 0; /* lseek goes past the end quietly */
    }
    if (bytes > 0 && !(scratch = malloc(SCRATCH))) {
        fail(d, "out of memory");
        return -1;
    }
    while (bytes > 0 && rc == 1) {
        long n = decoder_read(d, scratch, bytes < SCRATCH ? bytes : SCRATCH, message);
        if (n <= 0)
            rc = n < 0 ? -1 : 0;
        else
            bytes -= (uint64_t)n;
    }
    free(scratch);
    return rc;
}

/* gzip from a regular file goes to ISA-L unless ODSTAT_INFLATE=zlib; FD is
 * moved back to where the content starts. A pipe cannot move back. */
static void try_isal(struct decoder *d)
{
    const char *choice = getenv("ODSTAT_INFLATE");
    off_t here = lseek(d->fd, 0, SEEK_CUR);
    off_t start = here - (off_t)d->len;

    if (!gzip_isal_available() || (choice && strcmp(choice, "zlib") == 0) || here < 0 ||
        lseek(d->fd, start, SEEK_SET) != start)
        return;
    if (gzip_isal_open(&d->isal, d->fd) != ST_OK) {
        lseek(d->fd, here, SEEK_SET);
        return;
    }
    d->isal_start = (uint64_t)start;
    d->pos = d->len = 0;
}

enum status decoder_open(struct decoder **out, int fd, const char **error)
{
    struct decoder *d = calloc(1, sizeof *d);
    enum status rc = ST_NOMEM;

    *out = NULL;
    *error = "out of memory";
    if (!d || !(d->in = malloc(IN_SIZE))) {
        free(d);
        close(fd);
        return rc;
    }
    d->fd = fd;
    off_t origin = lseek(fd, 0, SEEK_CUR);
    d->origin = origin > 0 ? (uint64_t)origin : 0;
    rc = ST_INPUT;
    while (d->len < MAGIC_MAX && !d->eof)
        if (!refill(d))
            goto out;
    for (size_t i = 0; i < sizeof codecs / sizeof codecs[0] && !d->codec; i++)
        if (has_magic(&codecs[i], d->in, d->len))
            d->codec = &codecs[i];
    if (d->codec && d->codec->kind == DECODER_GZIP)
        try_isal(d);
    rc = ST_OK;
out:
    if (rc != ST_OK) {
        *error = strerror(errno);
        decoder_close(d);
        d = NULL;
    }
    *out = d;
    return rc;
}

/* gzip: ISIZE, the last 4 bytes, little-endian. */
static bool gzip_length(int fd, uint64_t size, uint64_t *length)
{
    unsigned char tail[4];
    if (size < 18 || pread(fd, tail, 4, (off_t)size - 4) != 4)
        return false;
    *length = (uint64_t)tail[0] | (uint64_t)tail[1] << 8 | (uint64_t)tail[2] << 16 |
              (uint64_t)tail[3] << 24;
    return true;
}

/* xz: the stream footer says where the index is; the index sums the
 * blocks' uncompressed sizes. */
static bool xz_length(int fd, uint64_t size, uint64_t *length)
{
    unsigned char footer[LZMA_STREAM_HEADER_SIZE];
    lzma_stream_flags flags;
    lzma_index *index = NULL;
    uint64_t memlimit = UINT64_MAX;
    size_t pos = 0;
    bool ok = false;
    if (size < 2 * LZMA_STREAM_HEADER_SIZE ||
        pread(fd, footer, sizeof footer, (off_t)(size - sizeof footer)) != sizeof footer ||
        lzma_stream_footer_decode(&flags, footer) != LZMA_OK ||
        flags.backward_size > size - 2 * LZMA_STREAM_HEADER_SIZE)
        return false;
    size_t isize = (size_t)flags.backward_size;
    unsigned char *buf = malloc(isize);
    if (buf && pread(fd, buf, isize, (off_t)(size - sizeof footer - isize)) == (ssize_t)isize &&
        lzma_index_buffer_decode(&index, &memlimit, NULL, buf, &pos, isize) == LZMA_OK) {
        *length = lzma_index_uncompressed_size(index);
        ok = true;
    }
    lzma_index_end(index, NULL);
    free(buf);
    return ok;
}

/* zstd: every frame header may carry its content size; the frames are
 * walked (headers only) in the file mapped read-only. */
static bool zstd_length(int fd, uint64_t size, uint64_t *length)
{
    if (size == 0 || size > SIZE_MAX)
        return false;
    void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return false;
    const unsigned char *p = map;
    size_t left = (size_t)size;
    uint64_t total = 0;
    bool ok = true;
    while (left > 0 && ok) {
        unsigned long long n = ZSTD_getFrameContentSize(p, left);
        size_t used = ZSTD_findFrameCompressedSize(p, left);
        ok = n != ZSTD_CONTENTSIZE_UNKNOWN && n != ZSTD_CONTENTSIZE_ERROR &&
             !ZSTD_isError(used) && used > 0 && used <= left;
        if (ok) {
            total += n;
            p += used;
            left -= used;
        }
    }
    munmap(map, (size_t)size);
    *length = total;
    return ok;
}

bool decoder_content_size(int fd, uint64_t size, uint64_t *length, bool *mod32)
{
    unsigned char magic[MAGIC_MAX];
    *mod32 = false;
    if (size < MAGIC_MAX || pread(fd, magic, MAGIC_MAX, 0) != MAGIC_MAX)
        return false;
    if (has_magic(&codecs[0], magic, MAGIC_MAX)) {
        *mod32 = true;
        return gzip_length(fd, size, length);
    }
    if (has_magic(&codecs[2], magic, MAGIC_MAX))
        return xz_length(fd, size, length);
    if (has_magic(&codecs[3], magic, MAGIC_MAX))
        return zstd_length(fd, size, length);
    return false;
}

enum decoder_kind decoder_kind(const struct decoder *d)
{
    return d->codec ? d->codec->kind : DECODER_PLAIN;
}

const char *decoder_kind_name(enum decoder_kind kind)
{
    static const char *const names[] = {"plain", "gzip", "bzip2", "xz", "zstd"};
    return names[kind];
}

uint64_t decoder_compressed(const struct decoder *d)
{
    if (d->isal)
        return d->isal_start + gzip_isal_compressed(d->isal);
    return d->origin + d->read_total - (d->len - d->pos);
}

void decoder_close(struct decoder *d)
{
    if (!d)
        return;
    if (d->codec && (d->lib_ready || d->zs))
        d->codec->end(d);
    gzip_isal_close(d->isal);
    close(d->fd);
    free(d->in);
    free(d);
}
