/* parser.h - a source's lines read and parsed in a thread of its own.
 *
 * Reading, splitting and parsing cost about as much as counting, so with
 * several files each gets a worker that hands parsed lines to the merge in
 * batches, in file order. Every physical line comes out, so the caller
 * keeps its line numbers, offsets and reject counts as before.
 */
#ifndef ODSTAT_PARSER_H
#define ODSTAT_PARSER_H

#include <stdbool.h>
#include <stdint.h>

#include "input.h"
#include "logline.h"
#include "status.h"

struct log_format;

enum parsed_kind {
    PARSED_VALID,   /* REC holds the line's fields */
    PARSED_REJECT,  /* REASON says why */
    PARSED_SKIP,    /* a blank line or a directive (W3C #Fields) */
};

struct parsed_line {
    enum parsed_kind kind;
    enum parse_result reason;
    uint64_t offset, end;     /* as in struct input_line */
    struct logrec rec;        /* texts point into the parser's batch */
};

/* Parses IN's lines with FORMAT in one call, without a thread: *OUT gets
 * the next line. INPUT_EOF or INPUT_ERROR at the end. */
enum input_result parsed_next_inline(struct input *in, struct log_format *format,
                                     struct parsed_line *out);

struct line_parser;

/* Starts a worker that reads IN and parses with FORMAT; both stay the
 * caller's and must not be used until line_parser_stop. */
enum status line_parser_start(struct line_parser **out, struct input *in,
                              struct log_format *format);

/* The next line, valid until the next call; NULL at the end, when
 * *RESULT says INPUT_EOF or INPUT_ERROR. */
const struct parsed_line *line_parser_next(struct line_parser *p, enum input_result *result);

/* Bytes of the file read so far and its size (0: unknown). */
void line_parser_progress(struct line_parser *p, uint64_t *done, uint64_t *total);

/* Stops and joins the worker; frees P (NULL is fine). */
void line_parser_stop(struct line_parser *p);

#endif
