/* netlist.h - robot networks (SPEC §1.7, --robot-networks FILE): is a
 * client address in one of the listed IPv4 or IPv6 networks?
 *
 * The file is read once into sorted, merged 128-bit ranges (IPv4 as
 * IPv4-mapped IPv6), so a lookup is one address parse and a binary
 * search, whatever the length of the list. Deciding what a match means
 * for an event (human UA only; machines stay machines) is the counter's.
 */
#ifndef ODSTAT_NETLIST_H
#define ODSTAT_NETLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

struct netlist;

/* Reads PATH: one IPv4 or IPv6 CIDR block (or bare address) per line,
 * '#' starts a comment (a whole line or after the block), blank lines
 * are skipped. A bad line is reported with the file and line number
 * ("'nets.txt':3: 'x' is not a CIDR block ...") and returns ST_USAGE, as
 * does a file that cannot be read (with a message); ST_NOMEM. On success
 * *OUT is the list (free with netlist_free), else NULL. */
enum status netlist_load(struct netlist **out, const char *path);

/* Frees LIST (NULL is fine). */
void netlist_free(struct netlist *list);

/* True when ADDR[0..LEN), as written in a log line (IPv4, IPv6 or an
 * IPv4-mapped IPv6 address), lies in a listed network. Anything that is
 * not an address (a hostname, "-") is false; so is every address when
 * LIST is NULL (no file given). */
bool netlist_contains(const struct netlist *list, const char *addr, size_t len);

/* How many blocks the file listed (before overlapping ones were merged). */
size_t netlist_count(const struct netlist *list);

#endif
