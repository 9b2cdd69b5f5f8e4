/* inflater.c - a single-producer, single-consumer ring of inflated blocks. */
#define _POSIX_C_SOURCE 200809L
#include "inflater.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gzip_isal.h"

#define BLOCKS 4
#define BLOCK_SIZE (1024 * 1024)

struct block {
    char *data;
    size_t len, taken;   /* bytes filled, bytes already copied out */
};

struct inflater {
    gzFile gz;
    struct gzip_isal *isal;  /* set: the thread reads with this, not gz */
    uint64_t start;          /* file offset of the gzip stream (isal) */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled, emptied;
    struct block blocks[BLOCKS];
    int head, count;      /* next block to read out; blocks full */
    bool done, stop;      /* producer reached the end; consumer leaves */
    int errnum;           /* Z_OK, or the error that ended the stream */
    char message[256];
    uint64_t compressed;
};

/* Inflates the next block into DST with the reader chosen at the start.
 * Returns what gzread would, with the error's code and text in *ERRNUM
 * and *WHAT, and the compressed offset reached in *OFF (-1: unknown). */
static long inflate_block(struct inflater *r, char *dst, int *errnum, const char **what,
                          int64_t *off)
{
    if (r->isal) {
        long n = gzip_isal_read(r->isal, dst, BLOCK_SIZE, errnum, what);
        *off = (int64_t)(r->start + gzip_isal_compressed(r->isal));
        return n;
    }
    int n = gzread(r->gz, dst, BLOCK_SIZE);
    *errnum = Z_OK;
    *what = n > 0 ? NULL : gzerror(r->gz, errnum);
    if (n <= 0 && *errnum == Z_ERRNO)
        *what = strerror(errno);
    *off = gzoffset(r->gz);
    return n;
}

/* The producer: fills free blocks until the stream ends or fails. */
static void *produce(void *arg)
{
    struct inflater *r = arg;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        while (r->count == BLOCKS && !r->stop)
            pthread_cond_wait(&r->emptied, &r->lock);
        if (r->stop) {
            pthread_mutex_unlock(&r->lock);
            return NULL;
        }
        struct block *b = &r->blocks[(r->head + r->count) % BLOCKS];
        pthread_mutex_unlock(&r->lock);

        int errnum;
        const char *what;
        int64_t off;
        long n = inflate_block(r, b->data, &errnum, &what, &off); /* slow: unlocked */

        pthread_mutex_lock(&r->lock);
        r->compressed = off > 0 ? (uint64_t)off : r->compressed;
        if (n > 0) {
            b->len = (size_t)n;
            b->taken = 0;
            r->count++;
        } else {
            if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
                r->errnum = errnum == Z_OK ? Z_ERRNO : errnum;
                strncpy(r->message, what ? what : "read error", sizeof r->message - 1);
            }
            r->done = true;
        }
        pthread_cond_signal(&r->filled);
        pthread_mutex_unlock(&r->lock);
        if (n <= 0)
            return NULL;
    }
}

/* Hands the stream to ISA-L when it is built in and not turned off with
 * ODSTAT_INFLATE=zlib (for comparisons and tests). Nothing has been
 * inflated yet, so gzoffset is where gz found the gzip magic (checked
 * again with pread); FD is moved back there. A pipe cannot move back, and
 * what gz buffered from it is gone: pipes stay with gzread. False, with FD
 * untouched, if ISA-L is not used. */
static bool use_isal(struct inflater *r, gzFile gz, int fd)
{
    const char *choice = getenv("ODSTAT_INFLATE");
    z_off_t start = gzoffset(gz);
    unsigned char magic[2];

    if (fd < 0 || !gzip_isal_available() || (choice && strcmp(choice, "zlib") == 0))
        return false;
    if (start < 0 || gztell(gz) != 0 || pread(fd, magic, 2, (off_t)start) != 2 ||
        magic[0] != 0x1f || magic[1] != 0x8b)
        return false;
    if (gzip_isal_open(&r->isal, fd) != ST_OK)
        return false;
    if (lseek(fd, (off_t)start, SEEK_SET) != (off_t)start) {
        gzip_isal_close(r->isal);
        r->isal = NULL;
        return false;
    }
    r->start = (uint64_t)start;
    r->compressed = r->start;
    return true;
}

enum status inflater_start(struct inflater **out, gzFile gz, int fd)
{
    struct inflater *r = calloc(1, sizeof *r);
    int i = 0;

    *out = NULL;
    if (!r)
        return ST_NOMEM;
    r->gz = gz;
    for (; i < BLOCKS; i++)
        if (!(r->blocks[i].data = malloc(BLOCK_SIZE)))
            goto fail;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->filled, NULL);
    pthread_cond_init(&r->emptied, NULL);
    off_t gz_pos = fd >= 0 ? lseek(fd, 0, SEEK_CUR) : -1; /* where gz reads next */
    bool isal = use_isal(r, gz, fd);
    if (pthread_create(&r->thread, NULL, produce, r) != 0) {
        if (isal) { /* the caller falls back to gzread: give gz its offset back */
            gzip_isal_close(r->isal);
            lseek(fd, gz_pos, SEEK_SET);
        }
        pthread_cond_destroy(&r->filled);
        pthread_cond_destroy(&r->emptied);
        pthread_mutex_destroy(&r->lock);
        goto fail;
    }
    *out = r;
    return ST_OK;
fail:
    while (i-- > 0)
        free(r->blocks[i].data);
    free(r);
    return ST_NOMEM;
}

long inflater_read(struct inflater *r, void *dst, size_t room, int *errnum,
                   const char **message)
{
    long n;
    pthread_mutex_lock(&r->lock);
    while (r->count == 0 && !r->done)
        pthread_cond_wait(&r->filled, &r->lock);
    if (r->count == 0) {
        *errnum = r->errnum;
        *message = r->message;
        n = r->errnum == Z_OK ? 0 : -1;
    } else {
        struct block *b = &r->blocks[r->head];
        size_t take = b->len - b->taken < room ? b->len - b->taken : room;
        memcpy(dst, b->data + b->taken, take);
        b->taken += take;
        if (b->taken == b->len) {
            r->head = (r->head + 1) % BLOCKS;
            r->count--;
            pthread_cond_signal(&r->emptied);
        }
        n = (long)take;
    }
    pthread_mutex_unlock(&r->lock);
    return n;
}

uint64_t inflater_compressed(struct inflater *r)
{
    pthread_mutex_lock(&r->lock);
    uint64_t c = r->compressed;
    pthread_mutex_unlock(&r->lock);
    return c;
}

void inflater_stop(struct inflater *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->emptied);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_cond_destroy(&r->filled);
    pthread_cond_destroy(&r->emptied);
    pthread_mutex_destroy(&r->lock);
    gzip_isal_close(r->isal);
    for (int i = 0; i < BLOCKS; i++)
        free(r->blocks[i].data);
    free(r);
}
