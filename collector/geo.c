/* geo.c - country codes of client addresses via libmaxminddb, with a cache.
 *
 * Addresses are parsed with inet_pton only: MMDB_lookup_string would call
 * getaddrinfo, which resolves hostnames and so could send one DNS query per
 * log line. The MMDB format itself is left to libmaxminddb.
 */
#define _POSIX_C_SOURCE 200809L
#include "geo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "siphash.h"

/* Longest numeric address text (INET6_ADDRSTRLEN without its NUL); longer
 * text cannot be an address and skips the cache. */
#define ADDR_MAX 45
#define CACHE_SLOTS (1u << 16) /* power of two */
/* A probe run this long (rare below half load) starts the cache over, so no
 * run of addresses can make a lookup slow. */
#define CACHE_PROBES 32

/* The usual homes of country DBs, freshest first: geoipupdate writes to
 * /var/lib/GeoIP on Debian and /usr/local/share/GeoIP from its tarball. */
static const char *const search_dirs[] = {
    "/var/lib/GeoIP",
    "/usr/share/GeoIP",
    "/usr/local/share/GeoIP",
};
/* Most accurate first; city DBs hold the same country.iso_code. */
static const char *const search_names[] = {
    "GeoIP2-Country.mmdb", "GeoLite2-Country.mmdb", "dbip-country.mmdb",
    "dbip-country-lite.mmdb", "GeoIP2-City.mmdb", "GeoLite2-City.mmdb",
    "dbip-city-lite.mmdb",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct cache_slot {
    uint8_t len; /* length of addr; 0 marks a free slot */
    char cc[2];
    char addr[ADDR_MAX];
};

struct geo {
    MMDB_s mmdb;               /* open only when has_db */
    bool has_db;
    bool warned;               /* a failed lookup has been reported */
    char *path;                /* the DB file, for messages */
    struct cache_slot *cache;  /* CACHE_SLOTS slots, only with a DB */
    unsigned cached;           /* used slots */
    uint64_t db_lookups;
    uint8_t cache_key[16];
};

/* Why MMDB_open failed, in words. */
static const char *open_error(int mmdb_status, int saved_errno)
{
    if (mmdb_status == MMDB_FILE_OPEN_ERROR || mmdb_status == MMDB_IO_ERROR)
        return saved_errno ? strerror(saved_errno) : MMDB_strerror(mmdb_status);
    if (mmdb_status == MMDB_OUT_OF_MEMORY_ERROR)
        return "out of memory";
    return "not a MaxMind DB, or a damaged one";
}

/* Opens PATH into G. On ST_USAGE G holds no DB and *WHY says why; on
 * ST_NOMEM the caller must geo_close G, which frees what was made. */
static enum status open_db(struct geo *g, const char *path, const char **why)
{
    /* MMDB_open reports both as "Invalid argument" (from mmap) */
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            *why = "is a directory";
            return ST_USAGE;
        }
        if (S_ISREG(sb.st_mode) && sb.st_size == 0) {
            *why = "empty file";
            return ST_USAGE;
        }
    }
    errno = 0;
    int rc = MMDB_open(path, MMDB_MODE_MMAP, &g->mmdb);
    if (rc != MMDB_SUCCESS) {
        *why = open_error(rc, errno);
        return rc == MMDB_OUT_OF_MEMORY_ERROR ? ST_NOMEM : ST_USAGE;
    }
    g->has_db = true;
    g->path = strdup(path);
    g->cache = calloc(CACHE_SLOTS, sizeof *g->cache);
    if (!g->path || !g->cache) {
        *why = "out of memory";
        return ST_NOMEM;
    }

    char built[16] = "unknown date";
    time_t epoch = (time_t)g->mmdb.metadata.build_epoch;
    struct tm tm;
    if (gmtime_r(&epoch, &tm))
        strftime(built, sizeof built, "%Y-%m-%d", &tm);
    notef("countries from '%s' (%s, built %s)", path,
          g->mmdb.metadata.database_type ? g->mmdb.metadata.database_type : "unnamed DB", built);
    return ST_OK;
}

/* Tries the usual places in order; the first file that opens wins. A file
 * that exists but does not open is reported and skipped, because the user
 * did not ask for it and a broken system file should not stop counting. */
static enum status search_db(struct geo *g)
{
    char path[256];
    for (size_t n = 0; n < COUNT(search_names); n++) {
        for (size_t d = 0; d < COUNT(search_dirs); d++) {
            snprintf(path, sizeof path, "%s/%s", search_dirs[d], search_names[n]);
            if (access(path, F_OK) != 0)
                continue;
            const char *why;
            enum status st = open_db(g, path, &why);
            if (st == ST_OK || st == ST_NOMEM) {
                if (st == ST_NOMEM)
                    errorf("cannot open GeoIP database '%s': %s", path, why);
                return st;
            }
            warnf("skipping GeoIP database '%s': %s", path, why);
        }
    }
    notef("no GeoIP database in %s, %s or %s; every country is ZZ (see --geoip)",
          search_dirs[0], search_dirs[1], search_dirs[2]);
    return ST_OK;
}

enum status geo_open(struct geo **out, const char *path)
{
    enum status st;
    struct geo *g = calloc(1, sizeof *g);
    *out = NULL;
    if (!g) {
        errorf("out of memory");
        return ST_NOMEM;
    }
    /* The cache only spreads addresses over slots; the key need not be
     * secret because a long probe run empties the cache. */
    memcpy(g->cache_key, "odstat-geo-cache", 16);

    if (path) {
        const char *why;
        st = open_db(g, path, &why);
        if (st != ST_OK)
            errorf("cannot open GeoIP database '%s': %s", path, why);
    } else {
        st = search_db(g);
    }
    if (st != ST_OK) {
        geo_close(g);
        return st;
    }
    *out = g;
    return ST_OK;
}

void geo_close(struct geo *g)
{
    if (!g)
        return;
    if (g->has_db)
        MMDB_close(&g->mmdb);
    free(g->cache);
    free(g->path);
    free(g);
}

bool geo_has_db(const struct geo *g) { return g->has_db; }

uint64_t geo_db_lookups(const struct geo *g) { return g->db_lookups; }

/* True for addresses that never locate a client: unspecified, private
 * (RFC 1918, shared RFC 6598, unique local), loopback, link-local. A DB may
 * well map them (a company's own), but a country for them would be wrong. */
static bool is_local4(const uint8_t a[4])
{
    return a[0] == 0 || a[0] == 10 || a[0] == 127 ||
           (a[0] == 100 && (a[1] & 0xc0) == 64) ||
           (a[0] == 169 && a[1] == 254) ||
           (a[0] == 172 && (a[1] & 0xf0) == 16) ||
           (a[0] == 192 && a[1] == 168);
}

static bool is_local6(const uint8_t a[16])
{
    static const uint8_t zero[15];
    if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1))
        return true;                                /* :: and ::1 */
    return (a[0] & 0xfe) == 0xfc ||                 /* fc00::/7 */
           (a[0] == 0xfe && (a[1] & 0xc0) == 0x80); /* fe80::/10 */
}

/* Copies a two-letter code from DATA into CC; false if DATA is anything
 * else, so odd values in a DB never reach the counts. */
static bool take_code(const MMDB_entry_data_s *data, char cc[3])
{
    if (!data->has_data || data->type != MMDB_DATA_TYPE_UTF8_STRING || data->data_size != 2)
        return false;
    for (int i = 0; i < 2; i++) {
        char c = data->utf8_string[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z')
            return false;
        cc[i] = c;
    }
    cc[2] = '\0';
    return true;
}

/* Reports the first DB failure of the run; later ones would repeat it for
 * every address. */
static void warn_once(struct geo *g, int mmdb_status)
{
    if (g->warned)
        return;
    g->warned = true;
    warnf("GeoIP database '%s' failed: %s; affected addresses count as ZZ", g->path,
          MMDB_strerror(mmdb_status));
}

/* Whether a MMDB_get_value status means a broken DB rather than a record
 * that simply lacks the path. */
static bool is_db_failure(int mmdb_status)
{
    return mmdb_status != MMDB_SUCCESS &&
           mmdb_status != MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR &&
           mmdb_status != MMDB_INVALID_LOOKUP_PATH_ERROR;
}

/* The country of the numeric address SA from the DB, into CC. */
static void lookup_db(struct geo *g, const struct sockaddr *sa, char cc[3])
{
    int mmdb_status;
    MMDB_entry_data_s data;

    g->db_lookups++;
    MMDB_lookup_result_s res = MMDB_lookup_sockaddr(&g->mmdb, sa, &mmdb_status);
    if (mmdb_status != MMDB_SUCCESS) {
        /* An IPv4-only file cannot hold IPv6 addresses; that is no fault. */
        if (mmdb_status != MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
            warn_once(g, mmdb_status);
        return;
    }
    if (!res.found_entry)
        return;
    mmdb_status = MMDB_get_value(&res.entry, &data, "country", "iso_code", NULL);
    if (mmdb_status == MMDB_SUCCESS && take_code(&data, cc))
        return;
    if (is_db_failure(mmdb_status)) {
        warn_once(g, mmdb_status);
        return;
    }
    mmdb_status = MMDB_get_value(&res.entry, &data, "country_code", NULL);
    if (mmdb_status == MMDB_SUCCESS && take_code(&data, cc))
        return;
    if (is_db_failure(mmdb_status))
        warn_once(g, mmdb_status);
}

/* The country of the address text TEXT (NUL-terminated), into CC. */
static void lookup_text(struct geo *g, const char *text, char cc[3])
{
    struct sockaddr_in sin = {.sin_family = AF_INET};
    struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};

    if (inet_pton(AF_INET, text, &sin.sin_addr) != 1) {
        if (inet_pton(AF_INET6, text, &sin6.sin6_addr) != 1)
            return; /* a hostname or garbage: never resolved */
        const uint8_t *a = sin6.sin6_addr.s6_addr;
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(a, mapped, sizeof mapped) != 0) {
            if (!is_local6(a))
                lookup_db(g, (const struct sockaddr *)&sin6, cc);
            return;
        }
        /* ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket. Look it
         * up as IPv4: not every DB aliases ::ffff:0:0/96 (ip-location-db
         * files do not), and IPv4-only files would refuse it. */
        memcpy(&sin.sin_addr, a + 12, 4);
    }
    if (!is_local4((const uint8_t *)&sin.sin_addr))
        lookup_db(g, (const struct sockaddr *)&sin, cc);
}

void geo_lookup(struct geo *g, struct text addr, char cc[3])
{
    memcpy(cc, "ZZ", 3);
    /* inet_pton would stop at a NUL and accept "1.2.3.4\0junk" */
    if (!g->has_db || addr.len == 0 || addr.len > ADDR_MAX || memchr(addr.p, '\0', addr.len))
        return;

    unsigned i = (unsigned)siphash64(g->cache_key, addr.p, addr.len) & (CACHE_SLOTS - 1);
    unsigned probes = 0;
    for (;;) {
        struct cache_slot *s = &g->cache[i];
        if (s->len == 0)
            break;
        if (s->len == addr.len && memcmp(s->addr, addr.p, addr.len) == 0) {
            memcpy(cc, s->cc, 2);
            return;
        }
        i = (i + 1) & (CACHE_SLOTS - 1);
        probes++;
    }

    char text[ADDR_MAX + 1];
    memcpy(text, addr.p, addr.len);
    text[addr.len] = '\0';
    lookup_text(g, text, cc);

    if (g->cached >= CACHE_SLOTS / 2 || probes >= CACHE_PROBES) {
        memset(g->cache, 0, CACHE_SLOTS * sizeof *g->cache);
        g->cached = 0;
        i = (unsigned)siphash64(g->cache_key, addr.p, addr.len) & (CACHE_SLOTS - 1);
    }
    struct cache_slot *s = &g->cache[i];
    s->len = (uint8_t)addr.len;
    memcpy(s->cc, cc, 2);
    memcpy(s->addr, addr.p, addr.len);
    g->cached++;
}
