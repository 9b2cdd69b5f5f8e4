/* pubid.h - a publisher's identifiers as the catalog gives them and the
 * COUNTER dataset report writes them (publisher-id).
 *
 * The text is a list separated by ';' (blanks around an item ignored).
 * Each item is TYPE:VALUE with TYPE one of COUNTER's publisher id types
 * isni, orcid, grid or client-id (any case), or a whole URN ("urn:oid:
 * 2.16.886.101.20003"), whose type is urn and whose value is the URN
 * itself. Knows nothing of catalogs, reports or the database.
 */
#ifndef ODSTAT_PUBID_H
#define ODSTAT_PUBID_H

#include <stdbool.h>
#include <stddef.h>

/* One identifier: TYPE is one of the static names above, VALUE points
 * into the text (VALUE_LEN bytes, not NUL-terminated). */
struct pubid {
    const char *type;
    const char *value;
    size_t value_len;
};

/* Reads the next identifier of TEXT[0..LEN) from *POS on into *ID and
 * advances *POS. Returns 1 for an identifier, 0 at the end, -1 for an
 * item that is none (*POS is then past it, ID names the item's text in
 * value/value_len with type NULL). Empty items are skipped. */
int pubid_next(const char *text, size_t len, size_t *pos, struct pubid *id);

#endif
