/* decoder.h - the content of a log file as it was before compression.
 *
 * Recognises the compression by the first bytes (gzip, bzip2, xz, zstd; any
 * other file is plain text) and streams the decompressed bytes through fixed
 * buffers. Reads every member (stream, frame) of a file made of several, one
 * after the other, like gzip -d. gzip is inflated by ISA-L where it is built
 * in (gzip_isal.h), else by zlib. Knows nothing about lines or threads.
 */
#ifndef ODSTAT_DECODER_H
#define ODSTAT_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum decoder_kind { DECODER_PLAIN, DECODER_GZIP, DECODER_BZIP2, DECODER_XZ, DECODER_ZSTD };

struct decoder;

/* A decoder of what FD holds from its current offset; FD is the decoder's
 * from now on (decoder_close closes it, also when this call fails). Reads
 * the first bytes to tell the kind. ST_NOMEM, or ST_INPUT with a message in
 * *ERROR (static storage) when the first read fails; *OUT is NULL then. */
enum status decoder_open(struct decoder **out, int fd, const char **error);

/* Copies up to ROOM (> 0) content bytes into DST. Returns how many (> 0), 0
 * at the end, or -1 when the file is damaged or cannot be read, with the
 * reason in *MESSAGE (valid until decoder_close). Bytes before the damage
 * come first; the error comes with the next call and every call after it.
 * A file cut inside a compressed member ends in an error that says
 * "unexpected end of file (truncated file?)". */
long decoder_read(struct decoder *d, void *dst, size_t room, const char **message);

/* Discards the next BYTES content bytes (plain files seek). Returns what
 * decoder_read would for the last of them: 1 when all are gone, 0 when the
 * content ends first, -1 with *MESSAGE on an error. */
int decoder_skip(struct decoder *d, uint64_t bytes, const char **message);

enum decoder_kind decoder_kind(const struct decoder *d);

/* "gzip", "bzip2", "xz", "zstd" or "plain"; static storage. */
const char *decoder_kind_name(enum decoder_kind kind);

/* Compressed bytes consumed so far, as an offset in the file. */
uint64_t decoder_compressed(const struct decoder *d);

/* The content length of the compressed regular file FD (SIZE bytes on
 * disk) as the file itself tells it, without decoding: gzip's trailer
 * (the last member's length mod 2^32: *MOD32 is set), xz's index (the last
 * stream's), zstd's frame headers (all frames, when each gives its size).
 * False for plain and bzip2 files, which do not tell it, and when the
 * file cannot say. Reads with pread: FD's offset stays. */
bool decoder_content_size(int fd, uint64_t size, uint64_t *length, bool *mod32);

/* Frees D and closes its descriptor (NULL is fine). */
void decoder_close(struct decoder *d);

#endif
