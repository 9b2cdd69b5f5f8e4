/* json.h - a small strict JSON parser (RFC 8259) into a read-only tree.
 *
 * Parses a whole text at once into one compact document: the nodes sit in
 * one array in document order and the decoded strings in one pool, so a
 * document is two allocations plus its struct. Rejects what RFC 8259
 * rejects - trailing garbage, invalid UTF-8, lone surrogates, control
 * characters in strings, leading zeros - and nesting deeper than
 * JSON_DEPTH_MAX. Does not write JSON and does not keep the input text.
 */
#ifndef ODSTAT_JSON_H
#define ODSTAT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define JSON_DEPTH_MAX 64   /* arrays and objects nested deeper are refused */

enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
};

struct json;        /* a parsed document */
struct json_node;   /* one value in a document; valid until json_free */

/* Where and why a text is not JSON. */
struct json_error {
    size_t line;        /* 1-based */
    size_t column;      /* 1-based, in bytes */
    char message[96];   /* lower-case, no final period */
};

/* Parses TEXT[0..LEN) (need not be NUL-terminated; not kept) into *OUT.
 * Returns ST_OK; ST_INPUT when the text is not valid JSON, with *ERR
 * saying where and why; ST_NOMEM. On failure *OUT is NULL and nothing is
 * left allocated. The caller frees *OUT with json_free. */
enum status json_parse(struct json **out, const char *text, size_t len,
                       struct json_error *err);

/* Frees DOC and every node and string in it (NULL is fine). */
void json_free(struct json *doc);

/* The top-level value of DOC. */
const struct json_node *json_root(const struct json *doc);

enum json_type json_type(const struct json_node *node);

/* The decoded UTF-8 of a string value, NUL-terminated, and its length in
 * *LEN (LEN may be NULL; a "\u0000" escape makes the length the only
 * reliable end). NULL when NODE is not a string. Owned by the document. */
const char *json_string(const struct json_node *node, size_t *len);

/* A number value as a double into *VALUE; false when NODE is not a
 * number. (Integers beyond 2^53 lose precision.) */
bool json_number(const struct json_node *node, double *value);

/* The number of elements of an array or members of an object; 0 for
 * anything else. */
size_t json_size(const struct json_node *node);

/* The first element or member of an array or object (NULL when empty or
 * NODE is not one), and the one after NODE among its siblings (NULL after
 * the last). */
const struct json_node *json_first(const struct json_node *node);
const struct json_node *json_next(const struct json_node *node);

/* The key of an object member (as for json_string); NULL for an array
 * element or the root. */
const char *json_key(const struct json_node *node, size_t *len);

/* The member of OBJECT named KEY - the first one if the key repeats - or
 * NULL when there is none or OBJECT is not an object. */
const struct json_node *json_get(const struct json_node *object, const char *key);

#endif
