/* doi.h - recognising a DOI in catalog text (for the COUNTER report).
 *
 * A DOI is "10." + a registrant code of digits (dots allowed between them,
 * "10.1000.10") + "/" + a suffix of printable non-blank characters. It may
 * come behind "doi:", "info:doi/" or a resolver URL (https://doi.org/,
 * https://dx.doi.org/, also http), in any case; the bare DOI is what is
 * stored. Knows nothing of catalogs or the database.
 */
#ifndef ODSTAT_DOI_H
#define ODSTAT_DOI_H

#include <stdbool.h>
#include <stddef.h>

/* True when TEXT[0..LEN) (trimmed; not NUL-terminated) is a DOI, bare or
 * behind one of the prefixes above; then *START is the offset of the bare
 * DOI, which runs to the end of TEXT. */
bool doi_parse(const char *text, size_t len, size_t *start);

#endif
