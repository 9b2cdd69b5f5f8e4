/* input.c - buffered line reader over a decoder (decoder.h), optionally
 * fed by a decoding thread (inflater.h), and the pool that bounds how many
 * inputs hold a descriptor at a time. */
#define _POSIX_C_SOURCE 200809L
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decoder.h"
#include "inflater.h"
#include "msg.h"

#define BUF_SIZE (512 * 1024)   /* must exceed INPUT_LINE_MAX + READ_SIZE */
#define READ_SIZE (256 * 1024)
#define FIRST_READ (64 * 1024)  /* while parked, an input holds little */
#define FD_RESERVE 64           /* descriptors left for the database etc. */

struct input_pool {
    pthread_mutex_t lock;
    size_t budget, open;        /* descriptors allowed, held */
    size_t pinned;              /* inputs that never give theirs back */
    struct input *oldest, *newest; /* the others, least recently read first */
};

struct input {
    struct decoder *dec;        /* NULL while parked */
    struct inflater *inflater;  /* compressed files: decoded in a thread */
    struct input_pool *pool;    /* NULL: no limit */
    struct input *older, *newer; /* in the pool's list while holding a fd */
    pthread_mutex_t lock;       /* held while reading or being parked */
    bool pinned;                /* keeps its descriptor (thread, stdin) */
    bool counted;               /* holds one of the pool's descriptors */
    bool parked;                /* descriptor closed; reopen to go on */
    char *path, *name;
    dev_t dev;                  /* the file, to know it again on reopen */
    ino_t ino;
    uint64_t compressed;        /* progress saved when parked */
    uint64_t size;        /* on-disk size, 0 if unknown */
    bool mark_unterminated; /* plain regular file: its last line may be
                               half written (the caller decides) */
    bool eof, failed, held_back;
    bool decompressed;    /* a regular file read through a decompressor */
    bool has_length;      /* a compressed file that tells its content length */
    bool length_mod32;    /* gzip: only its low 32 bits */
    uint64_t length;
    char *buf;            /* BUF_SIZE + 1 bytes (room for a NUL) */
    size_t start, end;    /* unconsumed bytes are buf[start, end) */
    size_t scanned;       /* buf[start, scanned) holds no '\n' */
    char empty[1];        /* the text of a line that was too long */
    uint64_t base;        /* content offset of buf[0] */
};

enum status input_pool_new(struct input_pool **out)
{
    struct input_pool *p = calloc(1, sizeof *p);
    struct rlimit rl;
    *out = p;
    if (!p)
        return ST_NOMEM;
    pthread_mutex_init(&p->lock, NULL);
    p->budget = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        p->budget = rl.rlim_cur > 2 * FD_RESERVE ? rl.rlim_cur - FD_RESERVE : rl.rlim_cur / 2;
    if (p->budget < 2)
        p->budget = 2;
    return ST_OK;
}

void input_pool_free(struct input_pool *pool)
{
    if (!pool)
        return;
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

/* List operations; the pool's lock is held. */
static void unlink_input(struct input_pool *p, struct input *in)
{
    *(in->older ? &in->older->newer : &p->oldest) = in->newer;
    *(in->newer ? &in->newer->older : &p->newest) = in->older;
    in->older = in->newer = NULL;
}

static void link_newest(struct input_pool *p, struct input *in)
{
    in->older = p->newest;
    in->newer = NULL;
    *(p->newest ? &p->newest->newer : &p->oldest) = in;
    p->newest = in;
}

/* Closes VICTIM's descriptor; it is reopened when read next. VICTIM's lock
 * and the pool's are held. */
static void park(struct input_pool *p, struct input *victim)
{
    victim->compressed = decoder_compressed(victim->dec);
    decoder_close(victim->dec);
    victim->dec = NULL;
    victim->parked = true;
    victim->counted = false;
    unlink_input(p, victim);
    p->open--;
}

/* Makes room for IN's descriptor and counts it: parks the least recently
 * read inputs that are not being read right now (a busy one is skipped,
 * so no two threads wait on each other). */
static void pool_enter(struct input_pool *p, struct input *in)
{
    if (!p || in->counted)
        return;
    pthread_mutex_lock(&p->lock);
    for (struct input *v = p->oldest; v && p->open >= p->budget;) {
        struct input *next = v->newer;
        if (v != in && pthread_mutex_trylock(&v->lock) == 0) {
            if (v->dec) /* NULL: still opening, or closing */
                park(p, v);
            pthread_mutex_unlock(&v->lock);
        }
        v = next;
    }
    p->open++;
    in->counted = true;
    if (in->pinned)
        p->pinned++;
    else
        link_newest(p, in);
    pthread_mutex_unlock(&p->lock);
}

static void pool_leave(struct input_pool *p, struct input *in)
{
    if (!p || !in->counted)
        return;
    pthread_mutex_lock(&p->lock);
    p->open--;
    if (in->pinned)
        p->pinned--;
    else
        unlink_input(p, in);
    in->counted = false;
    pthread_mutex_unlock(&p->lock);
}

/* IN was read: it becomes the last to be parked. */
static void pool_touch(struct input_pool *p, struct input *in)
{
    if (!p || in->pinned || !in->counted)
        return;
    pthread_mutex_lock(&p->lock);
    unlink_input(p, in);
    link_newest(p, in);
    pthread_mutex_unlock(&p->lock);
}

/* Opens IN's file again after it was parked and brings the decoder to
 * where the buffer ends. False, with a message, when that fails or the
 * path now names another file (renamed by logrotate meanwhile). */
static bool reopen(struct input *in)
{
    struct stat st;
    const char *what = "it is another file now";
    pool_enter(in->pool, in);
    int fd = open(in->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_dev != in->dev || st.st_ino != in->ino) {
        if (fd < 0)
            what = strerror(errno);
        else
            close(fd);
        goto fail;
    }
    if (decoder_open(&in->dec, fd, &what) != ST_OK)
        goto fail;
    int skipped = decoder_skip(in->dec, in->base + in->end, &what);
    if (skipped != 1) {
        what = skipped == 0 ? "it is shorter now" : what;
        goto fail;
    }
    in->parked = false;
    return true;
fail:
    errorf("cannot read '%s' again after %llu bytes: %s", in->name,
           (unsigned long long)(in->base + in->end), what);
    decoder_close(in->dec);
    in->dec = NULL;
    pool_leave(in->pool, in);
    return false;
}

/* Reads up to ROOM bytes behind buf[end]: from the thread, or the decoder
 * (reopened first when parked). IN's lock is held. */
static long read_more(struct input *in, size_t room, const char **what)
{
    *what = "";
    if (in->inflater)
        return inflater_read(in->inflater, in->buf + in->end, room, what);
    if (in->parked && !reopen(in))
        return -2; /* the message is out already */
    pool_touch(in->pool, in);
    return decoder_read(in->dec, in->buf + in->end, room, what);
}

/* Reads more data behind buf[end]; compacts first. Sets eof or failed. */
static void fill(struct input *in)
{
    if (in->start > 0) {
        memmove(in->buf, in->buf + in->start, in->end - in->start);
        in->base += in->start;
        in->end -= in->start;
        in->scanned -= in->start;
        in->start = 0;
    }
    size_t room = BUF_SIZE - in->end;
    size_t want = in->base + in->end < FIRST_READ ? FIRST_READ : READ_SIZE;
    if (room > want)
        room = want;
    const char *what;
    pthread_mutex_lock(&in->lock);
    long n = read_more(in, room, &what);
    pthread_mutex_unlock(&in->lock);
    if (n > 0) {
        in->end += (size_t)n;
        return;
    }
    in->eof = true;
    if (n < 0) {
        in->failed = true;
        if (n == -1)
            errorf("cannot read '%s' after %llu bytes: %s", in->name,
                   (unsigned long long)(in->base + in->end), what);
    }
}

/* The descriptor of IN's file, checked to be no directory; -1 with a
 * message. */
static int open_file(struct input *in, bool is_stdin, struct stat *st)
{
    int fd = is_stdin ? dup(STDIN_FILENO) : open(in->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        errorf("cannot open '%s': %s", in->name, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0 || S_ISDIR(st->st_mode)) {
        errorf("cannot read '%s': %s", in->name,
               S_ISDIR(st->st_mode) ? "is a directory" : strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* Opens IN's file and its decoder and counts it in the pool, with IN's
 * lock held: a parse thread looking for an input to park skips it. False
 * with a message. */
static bool open_decoder(struct input *in, bool is_stdin, struct stat *st)
{
    const char *what;
    int fd;
    pthread_mutex_lock(&in->lock);
    pool_enter(in->pool, in);
    if ((fd = open_file(in, is_stdin, st)) >= 0) {
        in->dev = st->st_dev;
        in->ino = st->st_ino;
        if (S_ISREG(st->st_mode)) {
            in->size = (uint64_t)st->st_size;
            in->has_length = decoder_content_size(fd, in->size, &in->length, &in->length_mod32);
        }
        if (decoder_open(&in->dec, fd, &what) != ST_OK)
            errorf("cannot read '%s': %s", in->name, what);
        else
            in->decompressed = in->size && decoder_kind(in->dec) != DECODER_PLAIN;
    }
    pthread_mutex_unlock(&in->lock);
    return in->dec != NULL;
}

/* An input whose buffers are there and whose file is not open yet. */
static struct input *input_new(const char *path, bool is_stdin, struct input_pool *pool)
{
    struct input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    pthread_mutex_init(&in->lock, NULL);
    in->pool = pool;
    in->path = strdup(path);
    in->name = strdup(is_stdin ? "stdin" : path);
    in->buf = malloc(BUF_SIZE + 1);
    if (!in->path || !in->name || !in->buf) {
        input_close(in);
        return NULL;
    }
    return in;
}

enum status input_open(struct input **out, const char *path, bool threaded,
                       struct input_pool *pool)
{
    bool is_stdin = strcmp(path, "-") == 0;
    struct input *in = input_new(path, is_stdin, pool);
    struct stat st;

    *out = NULL;
    if (!in) {
        errorf("out of memory");
        return ST_INPUT;
    }
    in->pinned = is_stdin || (threaded && (!pool || pool->pinned < pool->budget / 2));
    if (!open_decoder(in, is_stdin, &st))
        goto fail;
    bool plain = decoder_kind(in->dec) == DECODER_PLAIN;
    if (in->pinned && threaded && !plain && inflater_start(&in->inflater, in->dec) != ST_OK)
        warnf("'%s': no thread to decompress in; reading in this one", in->name);
    while (!in->eof && in->end < FIRST_READ)
        fill(in); /* the prefix, and lines enough to tell the format */
    in->mark_unterminated = !is_stdin && S_ISREG(st.st_mode) && plain;
    if (in->failed && in->end == 0)
        goto fail; /* with data, the lines before the damage still count */
    *out = in;
    return ST_OK;
fail:
    input_close(in);
    return ST_INPUT;
}

void input_close(struct input *in)
{
    if (!in)
        return;
    inflater_stop(in->inflater); /* before the decoder: the thread reads it */
    pthread_mutex_lock(&in->lock); /* not parked by another thread meanwhile */
    decoder_close(in->dec);
    in->dec = NULL;
    pool_leave(in->pool, in);
    pthread_mutex_unlock(&in->lock);
    pthread_mutex_destroy(&in->lock);
    free(in->buf);
    free(in->name);
    free(in->path);
    free(in);
}

/* Drops everything up to and including the next '\n' of a line that is too
 * long to hold; returns false if the file ended first. */
static bool discard_long_line(struct input *in)
{
    for (;;) {
        char *nl = memchr(in->buf + in->start, '\n', in->end - in->start);
        if (nl) {
            in->start = (size_t)(nl - in->buf) + 1;
            in->scanned = in->start;
            return true;
        }
        in->start = in->scanned = in->end;
        if (in->eof)
            return false;
        fill(in);
    }
}

static void set_line(struct input *in, struct input_line *line, size_t len, size_t next)
{
    char *text = in->buf + in->start;
    line->offset = in->base + in->start;
    line->end = in->base + next;
    line->too_long = false;
    line->unterminated = false;
    if (len > 0 && text[len - 1] == '\r')
        len--;
    text[len] = '\0';
    line->text = text;
    line->len = len;
    in->start = in->scanned = next;
}

static void mark_too_long(struct input *in, struct input_line *line)
{
    in->empty[0] = '\0';
    line->text = in->empty;
    line->len = 0;
    line->too_long = true;
    line->unterminated = false; /* rejected whole, never held back */
}

enum input_result input_next(struct input *in, struct input_line *line)
{
    for (;;) {
        char *nl = memchr(in->buf + in->scanned, '\n', in->end - in->scanned);
        if (nl) {
            size_t pos = (size_t)(nl - in->buf);
            if (pos - in->start > INPUT_LINE_MAX + 1) /* +1: a "\r" may go */
                goto too_long;
            set_line(in, line, pos - in->start, pos + 1);
            if (line->len > INPUT_LINE_MAX)
                mark_too_long(in, line);
            return INPUT_LINE;
        }
        in->scanned = in->end;
        if (in->end - in->start > INPUT_LINE_MAX + 1)
            goto too_long;
        if (in->eof) {
            if (in->end == in->start || in->failed)
                return in->failed ? INPUT_ERROR : INPUT_EOF;
            set_line(in, line, in->end - in->start, in->end);
            line->unterminated = in->mark_unterminated;
            if (line->len > INPUT_LINE_MAX)
                mark_too_long(in, line);
            return INPUT_LINE;
        }
        fill(in);
    }
too_long:
    line->offset = in->base + in->start;
    if (!discard_long_line(in) && in->failed)
        return INPUT_ERROR;
    line->end = in->base + in->start;
    mark_too_long(in, line);
    return INPUT_LINE;
}

enum skip_result input_skip(struct input *in, uint64_t bytes)
{
    uint64_t target = in->base + in->start + bytes;
    char last = '\n'; /* the last byte skipped */
    while (in->base + in->end < target && !in->eof) {
        if (in->end > in->start)
            last = in->buf[in->end - 1];
        in->start = in->scanned = in->end; /* nothing here is kept */
        fill(in);
    }
    if (in->base + in->end < target) {
        in->start = in->scanned = in->end;
        return in->failed ? SKIP_ERROR : SKIP_SHORT;
    }
    in->start = in->scanned = (size_t)(target - in->base);
    if (in->start > 0)
        last = in->buf[in->start - 1];
    if (bytes > 0 && last != '\n' && !discard_long_line(in) && in->failed)
        return SKIP_ERROR; /* the rest of a line read before, as it grew */
    return SKIP_DONE;
}

void input_hold_back(struct input *in) { in->held_back = true; }

void input_prefix(const struct input *in, const uint8_t **data, size_t *len)
{
    *data = (const uint8_t *)in->buf;
    *len = in->end < INPUT_PREFIX_MAX ? in->end : INPUT_PREFIX_MAX;
}

void input_head(const struct input *in, const uint8_t **data, size_t *len)
{
    *data = (const uint8_t *)in->buf;
    *len = in->end;
}

void input_peek(struct input *in, const uint8_t **data, size_t *len)
{
    while (!in->eof && in->end - in->start < INPUT_PREFIX_MAX)
        fill(in);
    *data = (const uint8_t *)in->buf + in->start;
    *len = in->end - in->start < INPUT_PREFIX_MAX ? in->end - in->start : INPUT_PREFIX_MAX;
}

void input_progress(struct input *in, uint64_t *done, uint64_t *total)
{
    pthread_mutex_lock(&in->lock);
    if (in->inflater)
        *done = inflater_compressed(in->inflater);
    else
        *done = in->dec ? decoder_compressed(in->dec) : in->compressed;
    pthread_mutex_unlock(&in->lock);
    *total = in->size;
}

bool input_ends_at(const struct input *in, uint64_t offset, uint64_t whole_size)
{
    uint64_t mask = in->length_mod32 ? UINT32_MAX : UINT64_MAX;
    if (in->has_length)
        return (offset & mask) == in->length;
    return in->decompressed && whole_size != 0 && whole_size == in->size;
}

uint64_t input_whole_size(const struct input *in) { return in->decompressed ? in->size : 0; }

bool input_held_back(const struct input *in) { return in->held_back; }
