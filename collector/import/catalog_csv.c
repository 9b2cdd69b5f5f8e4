/* catalog_csv.c - data.gov.tw's catalog export and the plain CSV.
 *
 * Maps the header names of a CSV (read by csv.c) to record fields and
 * hands each record to the writer. Knows nothing of the database.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "csv.h"
#include "msg.h"

#define NO_COLUMN SIZE_MAX

/* data.gov.tw header names of the fields kept; the other columns (among
 * them 提供機關聯絡人姓名 and 提供機關聯絡人電話) are never read. */
static const struct {
    const char *name;
    enum catalog_field field;
} datagovtw_columns[] = {
    {"資料集識別碼", CF_ID},       {"資料集名稱", CF_NAME},
    {"提供機關", CF_PUBLISHER},    {"品質檢測", CF_BADGE},
    {"更新頻率", CF_FREQUENCY},    {"上架日期", CF_LISTED},
    {"詮釋資料更新時間", CF_UPDATED}, {"檔案格式", CF_FORMATS},
    {"資料下載網址", CF_URLS},
};

/* The field header column NAME holds, or CF_COUNT when it is not read. */
static enum catalog_field header_field(const char *name, size_t len, enum catalog_kind kind)
{
    if (kind == CATALOG_DATAGOVTW) {
        for (size_t i = 0; i < sizeof datagovtw_columns / sizeof datagovtw_columns[0]; i++)
            if (csv_name_is(name, len, datagovtw_columns[i].name))
                return datagovtw_columns[i].field;
        return CF_COUNT;
    }
    for (int f = 0; f < CF_COUNT; f++)
        if (csv_name_is(name, len, catalog_field_name((enum catalog_field)f)))
            return (enum catalog_field)f;
    return CF_COUNT;
}

/* Reads the header into COLUMN (field -> column index). */
static enum status read_header(struct csv *c, const char *path, enum catalog_kind kind,
                               size_t column[CF_COUNT])
{
    enum csv_result r = csv_next(c);

    if (r == CSV_END) {
        errorf("catalog '%s' is empty", path);
        return ST_USAGE;
    }
    if (r != CSV_RECORD)
        return csv_status(c);
    for (int f = 0; f < CF_COUNT; f++)
        column[f] = NO_COLUMN;
    for (size_t i = 0; i < csv_count(c); i++) {
        size_t len;
        const char *name = csv_field(c, i, &len);
        enum catalog_field f = header_field(name, len, kind);
        if (f == CF_COUNT)
            continue;
        if (column[f] != NO_COLUMN) {
            errorf("'%s:%llu': column '%s' appears twice in the header", path,
                   (unsigned long long)csv_line(c), name);
            return ST_USAGE;
        }
        column[f] = i;
    }
    if (column[CF_ID] == NO_COLUMN) {
        errorf(kind == CATALOG_DATAGOVTW ? "'%s:%llu': the header has no column 資料集識別碼"
                                         : "'%s:%llu': the header has no dataset_id column"
                                           " (see docs/catalog.md for the plain CSV layout)",
               path, (unsigned long long)csv_line(c));
        return ST_USAGE;
    }
    if (kind == CATALOG_DATAGOVTW)
        for (size_t i = 0; i < sizeof datagovtw_columns / sizeof datagovtw_columns[0]; i++)
            if (column[datagovtw_columns[i].field] == NO_COLUMN)
                warnf("'%s': no column %s in the header; %s is left as stored", path,
                      datagovtw_columns[i].name,
                      catalog_field_name(datagovtw_columns[i].field));
    return ST_OK;
}

static enum status read_records(struct catalog_writer *w, struct csv *c, const char *path,
                                enum catalog_kind kind)
{
    size_t column[CF_COUNT], header_fields;
    enum status rc = read_header(c, path, kind, column);
    enum csv_result r = CSV_END;

    if (rc != ST_OK)
        return rc;
    header_fields = csv_count(c);
    while (rc == ST_OK && (r = csv_next(c)) == CSV_RECORD) {
        struct catalog_record rec = {.line = csv_line(c)};
        if (csv_blank(c))
            continue;
        if (csv_count(c) != header_fields) {
            catalog_writer_reject(w, &rec, "%zu fields where the header has %zu", csv_count(c),
                                  header_fields);
            continue;
        }
        for (int f = 0; f < CF_COUNT; f++)
            if (column[f] != NO_COLUMN)
                rec.field[f] = csv_field(c, column[f], &rec.len[f]);
        rc = catalog_writer_put(w, &rec);
    }
    return rc != ST_OK ? rc : r == CSV_FAIL ? csv_status(c) : ST_OK;
}

enum status catalog_read_csv(struct catalog_writer *w, FILE *f, const char *path,
                             enum catalog_kind kind)
{
    struct csv *c = NULL;
    enum status rc = csv_new(&c, f, path);

    if (rc == ST_OK)
        rc = read_records(w, c, path, kind);
    csv_free(c);
    return rc;
}
