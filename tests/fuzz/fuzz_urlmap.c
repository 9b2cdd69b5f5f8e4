/* fuzz_urlmap.c - libFuzzer target for the catalog URL matcher (SPEC
 * §1.4b): input starting with "U\n" is a catalog URL to split; any other
 * input is "HOST\nTARGET" (or a TARGET alone) matched against a map of
 * URLs of the shapes data.gov.tw's catalog has, loaded once from a
 * database made in a temporary directory. */
#define _GNU_SOURCE /* mkdtemp */
#include "dbi.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "msg.h"
#include "urlmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const urls[] = {
    "https://opendata.wra.gov.tw/Service/OpenData.aspx?format=csv&id=50C8D2A1",
    "https://opendata.wra.gov.tw/Service/OpenData.aspx?format=json&id=50C8D2A1",
    "https://opendata.wra.gov.tw/Service/OpenData.aspx?format=csv&id=A1&x",
    "https://apiservice.mol.gov.tw/OdService/download/A17000000J-020066-Yvn/",
    "https://data.fda.gov.tw/data/opendata/export/68/csv",
    "https://data.moenv.gov.tw/data/opendata/export/68/csv",
    "/files/%E6%B0%B4%E6%83%85.csv?a=%25&b=",
};

static char dir[] = "/tmp/fuzz-urlmap-XXXXXX";

/* The map is loaded; the database is needed no more. */
static void remove_database(void)
{
    static const char *const names[] = {"f.db", "f.db-wal", "f.db-shm"};
    char path[64];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    remove(dir);
}

/* A database whose resource_url holds URLS, split as the import does. */
static struct urlmap *make_map(void)
{
    static const char *const hosts[] = {"opendata.wra.gov.tw"};
    char path[64], host[256], p[256];
    struct text h, pt, q;
    struct urlmap *map = NULL;
    struct dbi *db = NULL;
    struct dbi_stmt *st = NULL;
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/f.db", dir);
    if (db_open(&db, path, DB_CREATE, 1000) != ST_OK ||
        db_prepare(db, &st, "INSERT INTO resource_url VALUES (?1, 1, ?1, ?2, ?3, ?4, ?5)") != ST_OK)
        abort();
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        char id[8];
        snprintf(id, sizeof id, "d%zu", i);
        if (!urlmap_split_url((struct text){urls[i], strlen(urls[i])}, host, &h, p, &pt, &q))
            abort();
        dbi_bind_text(st, 1, id, -1);
        dbi_bind_text(st, 2, urls[i], -1);
        dbi_bind_text(st, 3, h.p, (int)h.len);
        dbi_bind_text(st, 4, pt.p, (int)pt.len);
        dbi_bind_text(st, 5, q.p, (int)q.len);
        if (dbi_step(st) != DBI_DONE)
            abort();
        dbi_reset(st);
    }
    dbi_finalize(st);
    db_close(db);
    if (urlmap_load(&map, path, hosts, 1) != ST_OK || urlmap_size(map) != 7)
        abort();
    remove_database();
    return map;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct urlmap *map;
    char *text = malloc(size + 1), *buf = malloc(2 * size + 4);
    struct rule_match m;
    if (!text || !buf)
        goto out;
    memcpy(text, data, size);
    text[size] = '\0';
    msg_set_quiet(true);
    if (!map)
        map = make_map();
    if (size >= 2 && memcmp(text, "U\n", 2) == 0) {
        struct text h, p, q, url = {text + 2, size - 2};
        if (urlmap_split_url(url, buf, &h, buf + size + 2, &p, &q) &&
            (h.len > url.len || p.len > url.len + 1 || q.len > url.len || p.len == 0))
            abort(); /* nothing grows, and a path is never empty */
        goto out;
    }
    char *nl = memchr(text, '\n', size);
    struct text host = nl ? (struct text){text, (size_t)(nl - text)} : (struct text){"", 0};
    struct text target = nl ? (struct text){nl + 1, size - (size_t)(nl + 1 - text)}
                            : (struct text){text, size};
    if (urlmap_match(map, target, host, 200, &m) == RULE_EVENT &&
        (m.kind != KIND_DOWNLOAD || m.dataset.len != 2 || m.dataset.p[0] != 'd'))
        abort(); /* a match is a download of one of the map's datasets */
out:
    free(text);
    free(buf);
    return 0;
}
