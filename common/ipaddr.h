/* ipaddr.h - IPv4 and IPv6 address and CIDR text, parsed by hand.
 *
 * Addresses are 16 bytes in network order; IPv4 is kept as IPv4-mapped
 * IPv6 (::ffff:a.b.c.d), so one comparison serves both families and an
 * address a dual-stack server logs as "::ffff:192.0.2.1" is 192.0.2.1.
 * No allocation, no locale, no copy of the text: fit for one call per
 * log line. Shared by the robot networks (collector/netlist.c) and meant
 * for the trusted proxies too.
 */
#ifndef ODSTAT_IPADDR_H
#define ODSTAT_IPADDR_H

#include <stdbool.h>
#include <stddef.h>

struct ipaddr {
    unsigned char b[16];      /* network order; IPv4 as ::ffff:a.b.c.d */
};

/* A CIDR block as its first and last address. */
struct ipaddr_block {
    struct ipaddr lo, hi;
    int bits;                 /* prefix length of the 128-bit form (IPv4 /n: 96 + n) */
};

/* True when TEXT[0..LEN) is exactly one address: an IPv4 dotted quad
 * (four decimal parts 0-255, no leading zeros) or IPv6 text (RFC 4291:
 * "::" once, a dotted quad in the last 32 bits, an "%zone" suffix that is
 * ignored). OUT (filled only on success) gets its 16 bytes; *V4 (may be
 * NULL) says it was written as IPv4. Anything else - a hostname, "-",
 * brackets, a port - is false. */
bool ipaddr_parse(const char *text, size_t len, struct ipaddr *out, bool *v4);

/* True when TEXT[0..LEN) is "ADDR/BITS" (BITS 0-32 for IPv4, 0-128 for
 * IPv6) or a bare ADDR (a block of one). Bits below the prefix that are
 * set in ADDR are ignored ("10.1.2.3/8" is 10.0.0.0/8), as routers and
 * iptables read it. OUT is filled only on success. */
bool ipaddr_parse_cidr(const char *text, size_t len, struct ipaddr_block *out);

/* <0, 0 or >0 as A is below, equal to or above B. */
int ipaddr_cmp(const struct ipaddr *a, const struct ipaddr *b);

#endif
