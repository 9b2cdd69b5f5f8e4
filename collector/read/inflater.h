/* inflater.h - inflates a gzip stream in a thread of its own.
 *
 * Decompression with zlib costs about as much as parsing, so the parser
 * should not wait for it: a producer thread inflates into a small ring of
 * blocks while the caller takes the bytes out. The thread uses ISA-L
 * (gzip_isal.h) when it is built in, else gzread. Memory is the ring,
 * whatever the size of the file. Knows nothing about lines.
 */
#ifndef ODSTAT_INFLATER_H
#define ODSTAT_INFLATER_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "status.h"

struct inflater;

/* Starts inflating the gzip stream GZ in a new thread. GZ stays the
 * caller's but must not be used until inflater_stop, and nothing may have
 * been read from it yet (gzdirect is fine). FD is the descriptor under GZ
 * (still owned by GZ), or -1.
 *
 * The thread reads FD itself with ISA-L when built with it, FD can seek
 * back to where GZ found the stream (regular files; not pipes) and the
 * environment does not say ODSTAT_INFLATE=zlib; otherwise it calls gzread.
 * Either way the bytes and the error codes are the same.
 *
 * ST_NOMEM if no thread can be made; GZ and FD are as they were then. */
enum status inflater_start(struct inflater **out, gzFile gz, int fd);

/* Copies up to ROOM bytes into DST, waiting for the thread if needed.
 * Returns the number of bytes, 0 at the end of the stream, or -1 after a
 * read error, whose zlib code and message go to *ERRNUM and *MESSAGE
 * (valid until inflater_stop). */
long inflater_read(struct inflater *r, void *dst, size_t room, int *errnum,
                   const char **message);

/* Compressed bytes read so far, as an offset in the file (for progress). */
uint64_t inflater_compressed(struct inflater *r);

/* Stops and joins the thread and frees R (NULL is fine). */
void inflater_stop(struct inflater *r);

#endif
