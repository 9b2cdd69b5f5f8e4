/* inflater.h - decompresses a stream in a thread of its own.
 *
 * Decompression costs about as much as parsing, so the parser should not
 * wait for it: a producer thread decodes into a small ring of blocks while
 * the caller takes the bytes out. Memory is the ring, whatever the size of
 * the file. Knows nothing about lines or kinds of compression (decoder.h).
 */
#ifndef ODSTAT_INFLATER_H
#define ODSTAT_INFLATER_H

#include <stddef.h>
#include <stdint.h>

#include "decoder.h"
#include "status.h"

struct inflater;

/* Starts decoding D in a new thread. D stays the caller's but must not be
 * used until inflater_stop. ST_NOMEM if no thread can be made; D is as it
 * was then. */
enum status inflater_start(struct inflater **out, struct decoder *d);

/* Copies up to ROOM bytes into DST, waiting for the thread if needed.
 * Returns what decoder_read does: the number of bytes, 0 at the end of the
 * stream, or -1 after an error, whose text goes to *MESSAGE (valid until
 * inflater_stop). */
long inflater_read(struct inflater *r, void *dst, size_t room, const char **message);

/* Compressed bytes read so far, as an offset in the file (for progress). */
uint64_t inflater_compressed(struct inflater *r);

/* Stops and joins the thread and frees R (NULL is fine); the decoder is
 * left to the caller. */
void inflater_stop(struct inflater *r);

#endif
