/* fuzz_catalog.c - libFuzzer target for the catalog importers: the first
 * byte picks the reader (auto-detection, data.gov.tw CSV, CKAN JSON, plain
 * CSV), the rest is the file. Whatever it holds must be imported or
 * refused with a status, never crash, and leave the alias table sound (no
 * alias that is a dataset id or points at another alias). Each input starts
 * from empty tables so a crash replays from its input alone. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "catalog.h"
#include "db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dbi *db;
static char path[] = "/tmp/odstat-fuzz-catalog-XXXXXX";

static int64_t count(const char *sql)
{
    struct dbi_stmt *st = NULL;
    int64_t n = -1;
    if (db_prepare(db, &st, sql) == ST_OK && dbi_step(st) == DBI_ROW)
        n = dbi_column_int64(st, 0);
    dbi_finalize(st);
    return n;
}

static void remove_file(void) { unlink(path); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum catalog_kind kinds[] = {CATALOG_AUTO, CATALOG_DATAGOVTW, CATALOG_CKAN,
                                              CATALOG_CSV};
    if (!db) {
        int fd = mkstemp(path);
        if (fd < 0 || db_open(&db, ":memory:", DB_CREATE, 0) != ST_OK)
            abort();
        close(fd);
        atexit(remove_file);
    }
    if (size < 1)
        return 0;
    FILE *f = fopen(path, "w");
    if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
        abort();
    struct catalog_stats st;
    enum status rc = catalog_import_as(db, path, kinds[data[0] % 4], &st);
    if (rc != ST_OK && rc != ST_INPUT && rc != ST_USAGE)
        abort();   /* an in-memory database never fails, whatever the file holds */
    if (count("SELECT COUNT(*) FROM alias WHERE alias IN (SELECT id FROM dataset)") != 0 ||
        count("SELECT COUNT(*) FROM alias AS a JOIN alias AS b ON a.dataset_id = b.alias") != 0)
        abort();
    if (dbi_exec(db, "DELETE FROM alias; DELETE FROM dataset", "fuzz") != ST_OK)
        abort();
    return 0;
}
