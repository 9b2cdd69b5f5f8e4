/* gzip_isal.c - gzip members inflated by ISA-L's isal_inflate.
 *
 * ISA-L parses each member's header and trailer itself (crc_flag ISAL_GZIP)
 * and stops right after the trailer, so going on to the next member is a
 * reset. The behaviour between members copies zlib's gz_look (gzread.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "gzip_isal.h"

#include <zlib.h>

#ifdef ODSTAT_HAVE_ISAL

#include <assert.h>
#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IN_SIZE (1024 * 1024)    /* compressed bytes per read(2) */
#define ROOM_MAX (1u << 30)      /* avail_out is 32 bits */

enum phase {
    FIRST_MEMBER,   /* nothing inflated yet: the content must be gzip */
    NEXT_MEMBER,    /* a member ended: another one, or the end */
    IN_MEMBER,
    ENDED,
};

struct gzip_isal {
    struct inflate_state state;  /* 85 KB: tables and a history window */
    int fd;                      /* the caller's */
    enum phase phase;
    unsigned char *in;           /* IN_SIZE bytes; state.next_in points in */
    bool eof;                    /* read(2) returned 0 */
    uint64_t read_total;         /* bytes read from fd */
    int errnum;                  /* Z_OK, or the error that ended the stream */
    const char *message;         /* its text: a literal, or errbuf */
    char errbuf[128];
};

bool gzip_isal_available(void) { return true; }

enum status gzip_isal_open(struct gzip_isal **out, int fd)
{
    struct gzip_isal *g = calloc(1, sizeof *g);

    *out = NULL;
    if (!g || !(g->in = malloc(IN_SIZE))) {
        free(g);
        return ST_NOMEM;
    }
    g->fd = fd;
    g->phase = FIRST_MEMBER;
    g->errnum = Z_OK;
    isal_inflate_init(&g->state);
    g->state.next_in = g->in;
    g->state.avail_in = 0;
    *out = g;
    return ST_OK;
}

/* Ends the stream with ERRNUM and MESSAGE; the first error sticks. */
static void fail(struct gzip_isal *g, int errnum, const char *message)
{
    if (g->errnum != Z_OK)
        return;
    g->errnum = errnum;
    g->message = message;
    g->phase = ENDED;
}

/* zlib's words for each ISA-L error, so messages read the same either way.
 * ISA-L has one code for a wrong CRC and a wrong length; both are far more
 * often the CRC, which zlib calls a data check. */
static const char *isal_message(int ret)
{
    switch (ret) {
    case ISAL_INVALID_BLOCK: return "invalid block type or code lengths";
    case ISAL_INVALID_SYMBOL: return "invalid literal/length or distance code";
    case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER: return "incorrect header check";
    case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
    case ISAL_NEED_DICT: return "need dictionary";
    default: return "invalid gzip data";
    }
}

/* Moves the unread input to the front of the buffer and reads behind it.
 * Sets eof at the end of the file; false after a read error. */
static bool refill(struct gzip_isal *g)
{
    uint32_t left = g->state.avail_in;
    ssize_t n;

    memmove(g->in, g->state.next_in, left);
    g->state.next_in = g->in;
    do
        n = read(g->fd, g->in + left, IN_SIZE - left);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        /* strerror's buffer may be reused by another thread; keep a copy */
        snprintf(g->errbuf, sizeof g->errbuf, "%s", strerror(errno));
        fail(g, Z_ERRNO, g->errbuf);
        return false;
    }
    if (n == 0)
        g->eof = true;
    g->read_total += (uint64_t)n;
    g->state.avail_in = left + (uint32_t)n;
    return true;
}

/* Between members, as zlib's gz_look: the gzip magic starts a member; the
 * end of the file, or anything else after a member, ends the stream. The
 * first member must be there: content that is not gzip is an error. */
static void start_member(struct gzip_isal *g)
{
    while (g->state.avail_in < 2 && !g->eof)
        if (!refill(g))
            return;
    const unsigned char *p = g->state.next_in;
    bool magic = g->state.avail_in >= 2 && p[0] == 0x1f && p[1] == 0x8b;
    if (!magic) {
        if (g->phase == FIRST_MEMBER && g->state.avail_in > 0)
            fail(g, Z_DATA_ERROR, "not in gzip format");
        else
            g->phase = ENDED; /* trailing garbage is ignored, as zlib does */
        return;
    }
    uint8_t *next_in = g->state.next_in;
    uint32_t avail_in = g->state.avail_in;
    isal_inflate_reset(&g->state);
    g->state.next_in = next_in;
    g->state.avail_in = avail_in;
    g->state.crc_flag = ISAL_GZIP; /* header, CRC and length by ISA-L */
    g->phase = IN_MEMBER;
}

/* One isal_inflate call into DST; returns the bytes made. Moves to the
 * next member at a member's end, and fails on bad data or a file that
 * ends inside a member. */
static size_t inflate_some(struct gzip_isal *g, uint8_t *dst, size_t room)
{
    if (g->state.avail_in == 0 && !g->eof && !refill(g))
        return 0;
    enum isal_block_state state_before = g->state.block_state;
    uint32_t in_before = g->state.avail_in;
    g->state.next_out = dst;
    g->state.avail_out = (uint32_t)room;
    int ret = isal_inflate(&g->state);
    size_t made = room - g->state.avail_out;
    bool stuck = made == 0 && g->state.avail_in == in_before &&
                 g->state.block_state == state_before;
    if (ret != ISAL_DECOMP_OK)
        fail(g, Z_DATA_ERROR, isal_message(ret));
    else if (g->state.block_state == ISAL_BLOCK_FINISH)
        g->phase = NEXT_MEMBER;
    else if (stuck && g->state.avail_in == 0 && g->eof)
        fail(g, Z_BUF_ERROR, "unexpected end of file"); /* zlib's words */
    else if (stuck && g->state.avail_in > 0)
        fail(g, Z_DATA_ERROR, "invalid gzip data"); /* never seen; no endless loop */
    return made;
}

long gzip_isal_read(struct gzip_isal *g, void *dst, size_t room, int *errnum,
                    const char **message)
{
    size_t done = 0;

    assert(room > 0); /* 0 bytes back means the end */
    if (room > ROOM_MAX)
        room = ROOM_MAX;
    while (done < room && g->phase != ENDED) {
        if (g->phase == IN_MEMBER)
            done += inflate_some(g, (uint8_t *)dst + done, room - done);
        else
            start_member(g);
    }
    if (done > 0 || g->errnum == Z_OK) {
        *errnum = Z_OK; /* an error waits for the next call */
        *message = "";
        return (long)done;
    }
    *errnum = g->errnum;
    *message = g->message;
    return -1;
}

uint64_t gzip_isal_compressed(const struct gzip_isal *g)
{
    return g->read_total - g->state.avail_in;
}

void gzip_isal_close(struct gzip_isal *g)
{
    if (!g)
        return;
    free(g->in);
    free(g);
}

#else /* built without ISA-L: a stub that never opens */

bool gzip_isal_available(void) { return false; }

enum status gzip_isal_open(struct gzip_isal **out, int fd)
{
    (void)fd;
    *out = NULL;
    return ST_INPUT;
}

long gzip_isal_read(struct gzip_isal *g, void *dst, size_t room, int *errnum,
                    const char **message)
{
    (void)g;
    (void)dst;
    (void)room;
    *errnum = Z_ERRNO;
    *message = "built without ISA-L";
    return -1;
}

uint64_t gzip_isal_compressed(const struct gzip_isal *g)
{
    (void)g;
    return 0;
}

void gzip_isal_close(struct gzip_isal *g) { (void)g; }

#endif
