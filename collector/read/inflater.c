/* inflater.c - a single-producer, single-consumer ring of decoded blocks. */
#define _POSIX_C_SOURCE 200809L
#include "inflater.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCKS 4
#define BLOCK_SIZE (1024 * 1024)

struct block {
    char *data;
    size_t len, taken;   /* bytes filled, bytes already copied out */
};

struct inflater {
    struct decoder *dec;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled, emptied;
    struct block blocks[BLOCKS];
    int head, count;      /* next block to read out; blocks full */
    bool done, stop;      /* producer reached the end; consumer leaves */
    bool failed;          /* the stream ended in an error */
    char message[256];
    uint64_t compressed;
};

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

        const char *what;
        long n = decoder_read(r->dec, b->data, BLOCK_SIZE, &what); /* slow: unlocked */
        uint64_t off = decoder_compressed(r->dec);

        pthread_mutex_lock(&r->lock);
        r->compressed = off;
        if (n > 0) {
            b->len = (size_t)n;
            b->taken = 0;
            r->count++;
        } else {
            if (n < 0) {
                r->failed = true;
                snprintf(r->message, sizeof r->message, "%s", what);
            }
            r->done = true;
        }
        pthread_cond_signal(&r->filled);
        pthread_mutex_unlock(&r->lock);
        if (n <= 0)
            return NULL;
    }
}

enum status inflater_start(struct inflater **out, struct decoder *d)
{
    struct inflater *r = calloc(1, sizeof *r);
    int i = 0;

    *out = NULL;
    if (!r)
        return ST_NOMEM;
    r->dec = d;
    r->compressed = decoder_compressed(d);
    for (; i < BLOCKS; i++)
        if (!(r->blocks[i].data = malloc(BLOCK_SIZE)))
            goto fail;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->filled, NULL);
    pthread_cond_init(&r->emptied, NULL);
    if (pthread_create(&r->thread, NULL, produce, r) != 0) {
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

long inflater_read(struct inflater *r, void *dst, size_t room, const char **message)
{
    long n;
    pthread_mutex_lock(&r->lock);
    while (r->count == 0 && !r->done)
        pthread_cond_wait(&r->filled, &r->lock);
    if (r->count == 0) {
        *message = r->message;
        n = r->failed ? -1 : 0;
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
    for (int i = 0; i < BLOCKS; i++)
        free(r->blocks[i].data);
    free(r);
}
