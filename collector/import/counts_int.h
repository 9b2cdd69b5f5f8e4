/* counts_int.h - private to the snapshot import (counts*.c); not an API.
 *
 * The readers (counts_read.c) turn a file into records; the writer
 * (counts.c) resolves the dataset, checks and stores each one. Readers
 * know layouts; the writer knows the database.
 */
#ifndef ODSTAT_COUNTS_INT_H
#define ODSTAT_COUNTS_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "counts.h"
#include "logline.h"

enum counts_kind {
    COUNTS_CSV,              /* dataset_id,views,downloads,as_of */
    COUNTS_DATAGOVTW_API,    /* {"payload":{"search_result":[...]}} */
    COUNTS_DATAGOVTW_STATS,  /* 提供機關名稱,資料集名稱,瀏覽人次,下載次數,... */
    COUNTS_CKAN,             /* package_search / package_show with tracking_summary */
};

/* One dataset's numbers as read. Texts belong to the reader and are not
 * NUL-terminated. A count is text (a CSV cell, "5,080") or a number. */
struct counts_value {
    bool present;
    bool is_number;
    double number;
    struct text text;
};

struct counts_record {
    struct text id;                   /* empty: join on publisher and name */
    struct text publisher, name;      /* statistics export */
    struct text as_of;                /* empty: --as-of */
    struct counts_value views, downloads;
    uint64_t line;                    /* CSV: the line the record starts on */
    uint64_t item;                    /* JSON: the record's number (1-based) */
};

struct counts_writer;

/* Says which KIND of file is being read, before the first record. DATED:
 * the file gives its records' dates; else --as-of is needed (ST_USAGE
 * with a message when it is missing). */
enum status counts_writer_begin(struct counts_writer *w, enum counts_kind kind, bool dated);

/* Checks and stores REC; a record that cannot be stored is warned about
 * and counted. Returns ST_OK, or ST_DB / ST_NOMEM, which end the import. */
enum status counts_writer_put(struct counts_writer *w, const struct counts_record *rec);

/* Counts REC as unreadable with a warning giving WHY. */
void counts_writer_reject(struct counts_writer *w, const struct counts_record *rec,
                          const char *why);

/* Readers: F is at the start of PATH. ST_USAGE for a bad file (message
 * printed), or what the writer returned. */
enum status counts_read_csv(struct counts_writer *w, FILE *f, const char *path,
                            enum counts_kind kind);
enum status counts_read_json(struct counts_writer *w, FILE *f, const char *path);

#endif
