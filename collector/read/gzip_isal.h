/* gzip_isal.h - a gzip file inflated with ISA-L's igzip, read from a descriptor.
 *
 * igzip inflates about five times faster than zlib, so with it decompression
 * stops being the collector's limit. Reads every member of a multi-member
 * file, checks each member's CRC and length, and reports damage the way
 * zlib's gzread does (same codes, same words where they exist). Reads only
 * gzip: plain files stay with gzread. Knows nothing about lines or threads.
 * Built without ISA-L (make ISAL=0) the module is a stub that never opens.
 */
#ifndef ODSTAT_GZIP_ISAL_H
#define ODSTAT_GZIP_ISAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct gzip_isal;

/* True when built with ISA-L; false means gzip_isal_open always fails. */
bool gzip_isal_available(void);

/* Opens a reader of the gzip content that starts at FD's current offset.
 * FD stays the caller's: it is not closed here and must stay open until
 * gzip_isal_close; nothing else may read it meanwhile. Nothing is read yet,
 * so a file that is not gzip is refused by the first gzip_isal_read. Memory
 * is fixed (about 1.1 MiB), whatever the file. ST_NOMEM when out of memory;
 * ST_INPUT when built without ISA-L. On failure *OUT is NULL. */
enum status gzip_isal_open(struct gzip_isal **out, int fd);

/* Inflates up to ROOM (> 0) bytes into DST. Returns the number of bytes (> 0), 0
 * at the end, or -1 on an error, with zlib's code in *ERRNUM and a message
 * (valid until gzip_isal_close) in *MESSAGE. Bytes inflated before an error
 * are returned first; the error comes with the next call and every call
 * after it. The codes are the ones gzread reports for the same damage:
 *
 *   Z_BUF_ERROR   "unexpected end of file": the file ends inside a member
 *                 (a truncated file; the bytes before the cut are returned)
 *   Z_DATA_ERROR  corrupt deflate data, a CRC or length mismatch, a bad or
 *                 unsupported header, or content that is not gzip at all
 *   Z_ERRNO       read(2) failed; the message is strerror's
 *
 * Like gzread: members are read one after the other as one stream; after a
 * complete member, bytes that do not start another (zero padding, garbage)
 * end the stream quietly; an empty file is an empty stream. */
long gzip_isal_read(struct gzip_isal *g, void *dst, size_t room, int *errnum,
                    const char **message);

/* Compressed bytes consumed so far, counted from FD's offset at open. */
uint64_t gzip_isal_compressed(const struct gzip_isal *g);

/* Frees G (NULL is fine); FD stays open. */
void gzip_isal_close(struct gzip_isal *g);

#endif
