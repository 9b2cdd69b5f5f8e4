/* inflater.h - inflates a gzip stream in a thread of its own.
 *
 * Decompression costs about as much as parsing, so the parser should not
 * wait for it: a producer thread runs gzread into a small ring of blocks
 * while the caller takes the bytes out. Memory is the ring, whatever the
 * size of the file. Knows nothing about lines.
 */
#ifndef ODSTAT_INFLATER_H
#define ODSTAT_INFLATER_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "status.h"

struct inflater;

/* Starts reading GZ (which stays the caller's, but must not be used until
 * inflater_stop) in a new thread. ST_NOMEM if no thread can be made. */
enum status inflater_start(struct inflater **out, gzFile gz);

/* Copies up to ROOM bytes into DST, waiting for the thread if needed.
 * Returns the number of bytes, 0 at the end of the stream, or -1 after a
 * read error, whose zlib code and message go to *ERRNUM and *MESSAGE
 * (valid until inflater_stop). */
long inflater_read(struct inflater *r, void *dst, size_t room, int *errnum,
                   const char **message);

/* Compressed bytes read so far (for progress). */
uint64_t inflater_compressed(struct inflater *r);

/* Stops and joins the thread and frees R (NULL is fine). */
void inflater_stop(struct inflater *r);

#endif
