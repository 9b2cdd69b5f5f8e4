/* parser.c - parse workers: a ring of batches of parsed lines whose texts
 * are copied into the batch's arena (the input buffer moves on). */
#define _POSIX_C_SOURCE 200809L
#include "parser.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

#define BATCHES 4
#define BATCH_LINES 4096
#define ARENA_SIZE (1024 * 1024)  /* > INPUT_LINE_MAX: one line always fits */

struct batch {
    struct parsed_line lines[BATCH_LINES];
    char *arena;
    size_t nlines, used;
    bool last;                /* the stream ends after this batch */
    enum input_result result; /* with LAST: EOF or ERROR */
};

struct line_parser {
    struct input *in;
    struct log_format *format;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled, emptied;
    struct batch batches[BATCHES];
    int head, count;          /* next batch to hand out; batches full */
    size_t taken;             /* lines handed out of the head batch */
    bool holding;             /* the caller still uses the head batch */
    bool stop, finished;
    enum input_result result; /* how the stream ended, once finished */
    uint64_t done, total;     /* progress, read in the worker */
};

enum input_result parsed_next_inline(struct input *in, struct log_format *format,
                                     struct parsed_line *out)
{
    struct input_line line;
    enum input_result r = input_next(in, &line);
    if (r != INPUT_LINE)
        return r;
    out->offset = line.offset;
    out->end = line.end;
    out->reason = PARSE_OK;
    if (line.too_long) {
        out->kind = PARSED_REJECT;
        out->reason = REJECT_LONG;
    } else if (line.len == 0) {
        out->kind = PARSED_SKIP;
    } else {
        out->reason = log_format_parse(format, line.text, line.len, &out->rec);
        out->kind = out->reason == PARSE_OK          ? PARSED_VALID
                    : out->reason == PARSE_DIRECTIVE ? PARSED_SKIP
                                                     : PARSED_REJECT;
    }
    /* a plain file's last line without "\n": a valid line is whole (a log
     * written without a final newline); anything else is probably still
     * being written, so the next run reads it again */
    if (line.unterminated && out->kind != PARSED_VALID) {
        input_hold_back(in);
        return INPUT_EOF;
    }
    return INPUT_LINE;
}

/* Copies T into the arena of B; false when it does not fit. */
static bool keep_text(struct batch *b, struct text *t)
{
    if (b->used + t->len > ARENA_SIZE)
        return false;
    memcpy(b->arena + b->used, t->p, t->len);
    t->p = b->arena + b->used;
    b->used += t->len;
    return true;
}

static bool keep_line(struct batch *b, struct parsed_line *pl)
{
    if (pl->kind != PARSED_VALID)
        return true;
    size_t before = b->used;
    struct logrec *r = &pl->rec;
    if (keep_text(b, &r->addr) && keep_text(b, &r->method) && keep_text(b, &r->target) &&
        keep_text(b, &r->ua) && keep_text(b, &r->xff) && keep_text(b, &r->host))
        return true;
    b->used = before;
    return false;
}

/* Waits for a free batch; NULL when told to stop. */
static struct batch *free_batch(struct line_parser *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->count == BATCHES && !p->stop)
        pthread_cond_wait(&p->emptied, &p->lock);
    struct batch *b = p->stop ? NULL : &p->batches[(p->head + p->count) % BATCHES];
    pthread_mutex_unlock(&p->lock);
    if (b) {
        b->nlines = b->used = 0;
        b->last = false;
    }
    return b;
}

static void publish(struct line_parser *p)
{
    pthread_mutex_lock(&p->lock);
    p->count++;
    input_progress(p->in, &p->done, &p->total);
    pthread_cond_signal(&p->filled);
    pthread_mutex_unlock(&p->lock);
}

static void *work(void *arg)
{
    struct line_parser *p = arg;
    struct parsed_line pending;
    bool has_pending = false;
    for (;;) {
        struct batch *b = free_batch(p);
        if (!b)
            return NULL;
        if (has_pending) { /* a line that did not fit the last batch */
            b->lines[b->nlines] = pending;
            keep_line(b, &b->lines[b->nlines++]);
            has_pending = false;
        }
        while (b->nlines < BATCH_LINES) {
            struct parsed_line *pl = &b->lines[b->nlines];
            enum input_result r = parsed_next_inline(p->in, p->format, pl);
            if (r != INPUT_LINE) {
                b->last = true;
                b->result = r;
                break;
            }
            if (!keep_line(b, pl)) {
                /* its texts still point into the input buffer, which does
                 * not move before the next input_next: the next batch
                 * copies it first */
                pending = *pl;
                has_pending = true;
                break;
            }
            b->nlines++;
        }
        bool last = b->last;
        publish(p);
        if (last)
            return NULL;
    }
}

enum status line_parser_start(struct line_parser **out, struct input *in,
                              struct log_format *format)
{
    struct line_parser *p = calloc(1, sizeof *p);
    int i = 0;
    *out = NULL;
    if (!p)
        return ST_NOMEM;
    p->in = in;
    p->format = format;
    for (; i < BATCHES; i++)
        if (!(p->batches[i].arena = malloc(ARENA_SIZE)))
            goto fail;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->filled, NULL);
    pthread_cond_init(&p->emptied, NULL);
    if (pthread_create(&p->thread, NULL, work, p) != 0) {
        pthread_cond_destroy(&p->filled);
        pthread_cond_destroy(&p->emptied);
        pthread_mutex_destroy(&p->lock);
        goto fail;
    }
    *out = p;
    return ST_OK;
fail:
    while (i-- > 0)
        free(p->batches[i].arena);
    free(p);
    return ST_NOMEM;
}

/* The held batch is the caller's alone (the worker only fills batches
 * behind it), so lines are handed out without locking; the lock is taken
 * only to give a batch back and wait for the next. */
const struct parsed_line *line_parser_next(struct line_parser *p, enum input_result *result)
{
    if (p->holding) {
        struct batch *b = &p->batches[p->head];
        if (p->taken < b->nlines)
            return &b->lines[p->taken++];
    }
    pthread_mutex_lock(&p->lock);
    if (p->holding) { /* the batch is used up: give it back */
        struct batch *b = &p->batches[p->head];
        p->holding = false;
        p->taken = 0;
        if (b->last) {
            p->finished = true;
            p->result = b->result;
        }
        p->head = (p->head + 1) % BATCHES;
        p->count--;
        pthread_cond_signal(&p->emptied);
    }
    while (!p->finished && p->count == 0)
        pthread_cond_wait(&p->filled, &p->lock);
    bool finished = p->finished;
    p->holding = !finished;
    pthread_mutex_unlock(&p->lock);
    if (finished) {
        *result = p->result;
        return NULL;
    }
    return line_parser_next(p, result); /* an empty last batch ends the loop above */
}

void line_parser_progress(struct line_parser *p, uint64_t *done, uint64_t *total)
{
    pthread_mutex_lock(&p->lock);
    *done = p->done;
    *total = p->total;
    pthread_mutex_unlock(&p->lock);
}

void line_parser_stop(struct line_parser *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_signal(&p->emptied);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->filled);
    pthread_cond_destroy(&p->emptied);
    pthread_mutex_destroy(&p->lock);
    for (int i = 0; i < BATCHES; i++)
        free(p->batches[i].arena);
    free(p);
}
