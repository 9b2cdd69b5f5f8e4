/* csv.h - RFC 4180 records from a file, for the importers.
 *
 * Fields may be quoted with '"' and then hold commas, line breaks and
 * doubled quotes; lines end with CRLF or LF; a UTF-8 BOM at the start is
 * skipped. A record longer than 16 MiB is taken for a quote left open.
 * Messages name the file and line.
 */
#ifndef ODSTAT_CSV_H
#define ODSTAT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"

enum csv_result { CSV_RECORD, CSV_END, CSV_FAIL };

struct csv;

/* A reader of F (open at its start; not closed by csv_free) named PATH in
 * messages. ST_NOMEM leaves *OUT NULL. Free with csv_free. */
enum status csv_new(struct csv **out, FILE *f, const char *path);
void csv_free(struct csv *c);

/* Reads the next record. CSV_FAIL has printed why; csv_status says
 * whether the file is bad (ST_USAGE) or memory ran out (ST_NOMEM). */
enum csv_result csv_next(struct csv *c);
enum status csv_status(const struct csv *c);

/* The current record: its number of fields, field I (NUL-terminated, its
 * length in *LEN when LEN is not NULL; valid until the next csv_next),
 * the line it starts on, and whether it is a blank line. */
size_t csv_count(const struct csv *c);
const char *csv_field(const struct csv *c, size_t i, size_t *len);
uint64_t csv_line(const struct csv *c);
bool csv_blank(const struct csv *c);

/* True when header cell NAME[0..LEN), blanks and tabs around it ignored,
 * is WANT; ASCII letters of NAME compare case-insensitively (WANT is
 * lower-case). */
bool csv_name_is(const char *name, size_t len, const char *want);

#endif
