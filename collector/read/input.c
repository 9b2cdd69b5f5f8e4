/* input.c - buffered line reader over zlib's gzread, which reads gzip and
 * passes plain files through unchanged. */
#define _POSIX_C_SOURCE 200809L
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "inflater.h"
#include "msg.h"

#define BUF_SIZE (512 * 1024)   /* must exceed INPUT_LINE_MAX + READ_SIZE */
#define READ_SIZE (256 * 1024)

struct input {
    gzFile gz;
    struct inflater *inflater;  /* gzip files: inflated in a thread */
    char *name;
    uint64_t size;        /* on-disk size, 0 if unknown */
    bool mark_unterminated; /* plain regular file: its last line may be
                               half written (the caller decides) */
    bool eof, failed, held_back;
    bool has_isize;       /* regular gzip file: trailer read */
    uint32_t isize;
    char *buf;            /* BUF_SIZE + 1 bytes (room for a NUL) */
    size_t start, end;    /* unconsumed bytes are buf[start, end) */
    size_t scanned;       /* buf[start, scanned) holds no '\n' */
    char empty[1];        /* the text of a line that was too long */
    uint64_t base;        /* content offset of buf[0] */
};

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
    if (room > READ_SIZE)
        room = READ_SIZE;
    int errnum = Z_OK;
    const char *what = NULL;
    long n;
    if (in->inflater) {
        n = inflater_read(in->inflater, in->buf + in->end, room, &errnum, &what);
    } else {
        n = gzread(in->gz, in->buf + in->end, (unsigned)room);
        if (n <= 0)
            what = gzerror(in->gz, &errnum);
    }
    if (n > 0) {
        in->end += (size_t)n;
        return;
    }
    in->eof = true;
    if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
        in->failed = true;
        if (errnum == Z_ERRNO && !in->inflater)
            what = strerror(errno); /* the inflater's message has it already */
        else if (strncmp(what, "<fd:", 4) == 0 && strstr(what, ": "))
            what = strstr(what, ": ") + 2; /* zlib names the descriptor */
        errorf("cannot read '%s' after %llu bytes: %s%s", in->name,
               (unsigned long long)(in->base + in->end), what,
               errnum == Z_BUF_ERROR ? " (truncated gzip file?)" : "");
    }
}

/* Reads the gzip trailer's ISIZE: the last 4 bytes, little-endian. Only
 * for files that start with the gzip magic; pread leaves the offset. */
static void read_trailer(struct input *in, int fd)
{
    unsigned char magic[2], tail[4];
    if (in->size < 18 || pread(fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b ||
        pread(fd, tail, 4, (off_t)in->size - 4) != 4)
        return;
    in->isize = (uint32_t)tail[0] | (uint32_t)tail[1] << 8 | (uint32_t)tail[2] << 16 |
                (uint32_t)tail[3] << 24;
    in->has_isize = true;
}

enum status input_open(struct input **out, const char *path, bool threaded)
{
    struct input *in = calloc(1, sizeof *in);
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = -1;
    struct stat st;

    *out = NULL;
    if (!in)
        goto fail;
    in->name = strdup(is_stdin ? "stdin" : path);
    in->buf = malloc(BUF_SIZE + 1);
    if (!in->name || !in->buf)
        goto fail;
    fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        errorf("cannot open '%s': %s", in->name, strerror(errno));
        goto fail;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        errorf("cannot read '%s': is a directory", in->name);
        goto fail;
    }
    if (S_ISREG(st.st_mode)) {
        in->size = (uint64_t)st.st_size;
        read_trailer(in, fd);
    }
    int gz_fd = fd; /* the inflater may read it itself, with ISA-L */
    in->gz = gzdopen(fd, "rb");
    if (!in->gz)
        goto fail;
    fd = -1; /* owned by gz now */
    gzbuffer(in->gz, 256 * 1024);
    if (threaded && !gzdirect(in->gz) && inflater_start(&in->inflater, in->gz, gz_fd) != ST_OK)
        warnf("'%s': no thread to inflate in; reading in this one", in->name);
    while (!in->eof && in->end < INPUT_PREFIX_MAX)
        fill(in);
    in->mark_unterminated = !is_stdin && S_ISREG(st.st_mode) && gzdirect(in->gz);
    if (in->failed && in->end == 0)
        goto fail; /* with data, the lines before the damage still count */
    *out = in;
    return ST_OK;
fail:
    if (fd >= 0)
        close(fd);
    input_close(in);
    return ST_INPUT;
}

void input_close(struct input *in)
{
    if (!in)
        return;
    inflater_stop(in->inflater); /* before gzclose: the thread reads gz */
    if (in->gz)
        gzclose(in->gz);
    free(in->buf);
    free(in->name);
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

void input_peek(struct input *in, const uint8_t **data, size_t *len)
{
    while (!in->eof && in->end - in->start < INPUT_PREFIX_MAX)
        fill(in);
    *data = (const uint8_t *)in->buf + in->start;
    *len = in->end - in->start < INPUT_PREFIX_MAX ? in->end - in->start : INPUT_PREFIX_MAX;
}

void input_progress(const struct input *in, uint64_t *done, uint64_t *total)
{
    if (in->inflater) {
        *done = inflater_compressed(in->inflater);
    } else {
        z_off_t off = gzoffset(in->gz);
        *done = off > 0 ? (uint64_t)off : 0;
    }
    *total = in->size;
}

bool input_gzip_isize(const struct input *in, uint32_t *isize)
{
    *isize = in->isize;
    return in->has_isize;
}

bool input_held_back(const struct input *in) { return in->held_back; }
