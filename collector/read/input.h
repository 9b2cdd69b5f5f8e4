/* input.h - one log source (a plain, gzip, bzip2, xz or zstd file, or
 * stdin) as lines.
 *
 * Streams through one fixed buffer, so memory does not grow with the file.
 * Knows each line's uncompressed byte offset (the resume point) and the
 * file's first bytes (its content identity). Does not parse lines. A pool
 * keeps the number of open descriptors under the process's limit, however
 * many files are given.
 */
#ifndef ODSTAT_INPUT_H
#define ODSTAT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define INPUT_LINE_MAX 65536   /* longer lines are rejected (SPEC §1.2) */
#define INPUT_PREFIX_MAX 4096  /* bytes that make up a file's identity */

struct input_line {
    char *text;        /* NUL-terminated; valid until the next input call */
    size_t len;        /* without the line end ("\n" or "\r\n") */
    uint64_t offset;   /* uncompressed offset of the line's first byte */
    uint64_t end;      /* offset just past the line end */
    bool too_long;     /* longer than INPUT_LINE_MAX: text is empty */
    bool unterminated; /* a plain file's last line, with no "\n" (yet) */
};

enum input_result { INPUT_LINE = 1, INPUT_EOF = 0, INPUT_ERROR = -1 };

struct input;
struct input_pool;

/* A pool for the inputs of one run: at most as many of them hold an open
 * descriptor as the open-file limit (RLIMIT_NOFILE) leaves room for, less
 * a reserve for the database and the rest. When the pool is full, opening
 * or reading one closes the descriptor of the one read least recently; it
 * is opened again (checked to be the same file, and brought back to where
 * it was) when it is read next. ST_NOMEM; free with input_pool_free after
 * every input of it is closed. */
enum status input_pool_new(struct input_pool **out);
void input_pool_free(struct input_pool *pool);

/* Opens PATH ("-" for stdin) and reads its first bytes. THREADED:
 * decompress in a thread of its own (such an input keeps its descriptor,
 * as does stdin). POOL may be NULL: no limit. On failure prints a message
 * naming PATH and returns ST_INPUT; *OUT is NULL then. */
enum status input_open(struct input **out, const char *path, bool threaded,
                       struct input_pool *pool);

/* Closes IN (NULL is fine). */
void input_close(struct input *in);

/* The next line into *LINE. INPUT_EOF at the end; INPUT_ERROR when the
 * file cannot be read further (message printed; lines before it are
 * good). A plain file's last line with no "\n" comes with UNTERMINATED set:
 * the caller decides whether it is whole (see input_hold_back). */
enum input_result input_next(struct input *in, struct input_line *line);

/* The caller did not use the unterminated last line (it looks half
 * written): input_held_back reports it, and the next run reads it again. */
void input_hold_back(struct input *in);

enum skip_result { SKIP_DONE, SKIP_SHORT, SKIP_ERROR };

/* Discards BYTES bytes (content already counted by an earlier run). When
 * they end inside a line (an earlier run read a last line that has grown
 * since), the rest of that line is discarded too. SKIP_SHORT if the file
 * ends first (it is all counted); SKIP_ERROR, with a message, if it cannot
 * be read. */
enum skip_result input_skip(struct input *in, uint64_t bytes);

/* The first min(INPUT_PREFIX_MAX, size) bytes of the uncompressed content.
 * Valid until the first input_next/input_skip call. */
void input_prefix(const struct input *in, const uint8_t **data, size_t *len);

/* All the content read so far (at least the prefix, up to 64 KiB or more,
 * less at the end of the file): what format detection looks at. Valid
 * until the first input_next/input_skip call. */
void input_head(const struct input *in, const uint8_t **data, size_t *len);

/* The next min(INPUT_PREFIX_MAX, rest) bytes from the current position,
 * without consuming them (the identity of content that follows content
 * already counted). Valid until the next input call. */
void input_peek(struct input *in, const uint8_t **data, size_t *len);

/* Progress in bytes of the file on disk: read so far and total (0 when
 * unknown, as for stdin). */
void input_progress(struct input *in, uint64_t *done, uint64_t *total);

/* True when a compressed file read to its end before, to content offset
 * OFFSET, is that file still: it says its content is OFFSET bytes long
 * (gzip's trailer, mod 2^32; xz's index; zstd's frame headers), or, when
 * it cannot say (bzip2), it is WHOLE_SIZE bytes on disk, the size
 * input_whole_size gave when it was read to its end (0: unknown). A
 * rotated file is so recognised without decompressing it. Always false
 * for plain files. */
bool input_ends_at(const struct input *in, uint64_t offset, uint64_t whole_size);

/* The on-disk size of a compressed regular file, to store once it has been
 * read to its end; 0 for plain files and pipes. */
uint64_t input_whole_size(const struct input *in);

/* True when a last line without "\n" was held back at EOF. */
bool input_held_back(const struct input *in);

#endif
