/* catalog_int.h - private to the catalog module (catalog*.c); not an API.
 *
 * The readers (catalog_csv.c, catalog_ckan.c) turn a file into records and
 * hand each to the writer (catalog.c), which validates, normalises and
 * stores it. Readers know file formats; the writer knows the database.
 */
#ifndef ODSTAT_CATALOG_INT_H
#define ODSTAT_CATALOG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog.h"
#include "logline.h"

/* The fields a record can carry, in the writer's order. */
enum catalog_field {
    CF_ID,          /* canonical dataset id */
    CF_NAME,
    CF_PUBLISHER,
    CF_BADGE,
    CF_FREQUENCY,
    CF_LISTED,
    CF_UPDATED,
    CF_FORMATS,     /* separated by ; , 、 ；or ， */
    CF_ALIASES,     /* separated by ; */
    CF_URLS,        /* resource URLs separated by ; (resource id: the position) */
    CF_DOI,         /* a DOI, bare or behind doi: or a resolver URL (doi.h) */
    CF_PUBLISHER_ID,/* the publisher's ids, as pubid.h reads them */
    CF_COUNT
};

/* A resource URL with the id the source gives it (CKAN: resource id). */
struct catalog_resource {
    struct text id, url;
};

/* One dataset as read. A NULL field is one the source does not have (the
 * stored value is left alone); the text is not NUL-terminated and belongs
 * to the reader. RESOURCES, when not NULL, replaces field CF_URLS. */
struct catalog_record {
    const char *field[CF_COUNT];
    size_t len[CF_COUNT];
    const struct catalog_resource *resources;
    size_t nresources;
    uint64_t line;          /* CSV: the line the record starts on (1-based) */
    uint64_t package;       /* CKAN: the package's number in the file (1-based) */
};

struct catalog_writer;

/* The name of field F in messages ("dataset_id", "name", ...). */
const char *catalog_field_name(enum catalog_field f);

/* Validates, normalises and stores REC. A record that cannot be stored is
 * counted as rejected with a warning and ST_OK is returned; ST_DB and
 * ST_NOMEM end the import. */
enum status catalog_writer_put(struct catalog_writer *w, const struct catalog_record *rec);

/* Counts a record the reader could not make sense of as rejected, with a
 * warning giving WHY (printf-style) at REC's place (its fields are unused). */
void catalog_writer_reject(struct catalog_writer *w, const struct catalog_record *rec,
                           const char *why, ...) __attribute__((format(printf, 3, 4)));

/* Readers: F is open at the start of PATH's content. They return ST_OK,
 * ST_USAGE for a bad file (message printed, naming PATH and a line or
 * record), or what the writer returned. */
enum status catalog_read_csv(struct catalog_writer *w, FILE *f, const char *path,
                             enum catalog_kind kind);
enum status catalog_read_ckan(struct catalog_writer *w, FILE *f, const char *path);

#endif
