/* counts_read.c - the layouts of count snapshots (SPEC §6.1) to records.
 *
 * CSV: the plain dataset_id,views,downloads[,as_of] file and data.gov.tw's
 * statistics export (提供機關名稱,資料集名稱,瀏覽人次,下載次數,...). JSON:
 * data.gov.tw's front-API list (payload.search_result[]) and CKAN
 * package_search / package_show with tracking_summary. Knows nothing of
 * the database.
 */
#include <stdlib.h>
#include <string.h>

#include "counts_int.h"
#include "csv.h"
#include "json.h"
#include "msg.h"
#include "importer.h"

#define NO_COLUMN SIZE_MAX

enum column { COL_ID, COL_PUBLISHER, COL_NAME, COL_VIEWS, COL_DOWNLOADS, COL_AS_OF, NCOLUMNS };

/* Header names per layout; NULL where the layout has no such column. */
static const char *const plain_names[NCOLUMNS] = {
    [COL_ID] = "dataset_id", [COL_VIEWS] = "views", [COL_DOWNLOADS] = "downloads",
    [COL_AS_OF] = "as_of",
};
static const char *const stats_names[NCOLUMNS] = {
    [COL_PUBLISHER] = "提供機關名稱", [COL_NAME] = "資料集名稱", [COL_VIEWS] = "瀏覽人次",
    [COL_DOWNLOADS] = "下載次數",
};

static enum status read_header(struct csv *c, const char *path, const char *const names[],
                               size_t column[NCOLUMNS])
{
    enum csv_result r = csv_next(c);
    if (r == CSV_END) {
        errorf("counts '%s' is empty", path);
        return ST_USAGE;
    }
    if (r != CSV_RECORD)
        return csv_status(c);
    for (int k = 0; k < NCOLUMNS; k++)
        column[k] = NO_COLUMN;
    for (size_t i = 0; i < csv_count(c); i++) {
        size_t len;
        const char *name = csv_field(c, i, &len);
        for (int k = 0; k < NCOLUMNS; k++)
            if (csv_name_is(name, len, names[k]) && column[k] == NO_COLUMN)
                column[k] = i;
    }
    return ST_OK;
}

/* The required columns of the layout, or ST_USAGE naming the first missing. */
static enum status check_header(const char *path, const char *const names[],
                                const size_t column[NCOLUMNS], bool stats)
{
    static const int plain_required[] = {COL_ID}, stats_required[] = {COL_PUBLISHER, COL_NAME};
    const int *req = stats ? stats_required : plain_required;
    size_t n = stats ? 2 : 1;
    for (size_t i = 0; i < n; i++) {
        if (column[req[i]] == NO_COLUMN) {
            errorf("counts '%s': the header has no column '%s' (see docs/snapshots.md)", path,
                   names[req[i]]);
            return ST_USAGE;
        }
    }
    if (column[COL_VIEWS] == NO_COLUMN && column[COL_DOWNLOADS] == NO_COLUMN) {
        errorf("counts '%s': the header has neither '%s' nor '%s'", path, names[COL_VIEWS],
               names[COL_DOWNLOADS]);
        return ST_USAGE;
    }
    return ST_OK;
}

static struct text cell(const struct csv *c, size_t col)
{
    struct text t = {NULL, 0};
    if (col != NO_COLUMN)
        t.p = csv_field(c, col, &t.len);
    return t;
}

/* A count cell: absent when the column is missing or the cell is blank. */
static struct counts_value count_cell(const struct csv *c, size_t col)
{
    struct text t = cell(c, col);
    size_t i = 0;
    while (t.p && i < t.len && (t.p[i] == ' ' || t.p[i] == '\t'))
        i++;
    return (struct counts_value){.present = t.p && i < t.len, .text = t};
}

enum status counts_read_csv(struct counts_writer *w, FILE *f, const char *path,
                            enum counts_kind kind)
{
    const char *const *names = kind == COUNTS_DATAGOVTW_STATS ? stats_names : plain_names;
    size_t column[NCOLUMNS], fields = 0;
    struct csv *c = NULL;
    enum csv_result r = CSV_END;
    enum status rc = csv_new(&c, f, path);

    if (rc == ST_OK)
        rc = read_header(c, path, names, column);
    if (rc == ST_OK)
        rc = check_header(path, names, column, kind == COUNTS_DATAGOVTW_STATS);
    if (rc == ST_OK)
        rc = counts_writer_begin(w, kind, column[COL_AS_OF] != NO_COLUMN);
    if (rc == ST_OK)
        fields = csv_count(c);
    while (rc == ST_OK && (r = csv_next(c)) == CSV_RECORD) {
        struct counts_record rec = {.line = csv_line(c)};
        if (csv_blank(c))
            continue;
        if (csv_count(c) != fields) {
            counts_writer_reject(w, &rec, "the number of fields differs from the header's");
            continue;
        }
        rec.id = cell(c, column[COL_ID]);
        rec.publisher = cell(c, column[COL_PUBLISHER]);
        rec.name = cell(c, column[COL_NAME]);
        rec.as_of = cell(c, column[COL_AS_OF]);
        rec.views = count_cell(c, column[COL_VIEWS]);
        rec.downloads = count_cell(c, column[COL_DOWNLOADS]);
        rc = counts_writer_put(w, &rec);
    }
    if (rc == ST_OK && r == CSV_FAIL)
        rc = csv_status(c);
    csv_free(c);
    return rc;
}

/* ---- JSON --------------------------------------------------------------- */

/* A count member: a number, a string ("5,080"), or absent/null. False when
 * it is of another type. */
static bool json_count(const struct json_node *v, struct counts_value *out)
{
    *out = (struct counts_value){0};
    if (!v || json_type(v) == JSON_NULL)
        return true;
    out->present = true;
    if (json_number(v, &out->number)) {
        out->is_number = true;
        return true;
    }
    out->text.p = json_string(v, &out->text.len);
    return out->text.p != NULL;
}

/* A dataset id member: a string, or a whole number written into BUF. */
static bool json_id(const struct json_node *v, char buf[32], struct text *out)
{
    double d;
    if (v && json_number(v, &d) && d >= 0 && d < 1e15 && (double)(long long)d == d) {
        snprintf(buf, 32, "%lld", (long long)d);
        *out = (struct text){buf, strlen(buf)};
        return true;
    }
    out->p = v ? json_string(v, &out->len) : NULL;
    return out->p != NULL;
}

static enum status put_api_item(struct counts_writer *w, const struct json_node *item,
                                uint64_t number)
{
    struct counts_record rec = {.item = number};
    char id[32];
    if (json_type(item) != JSON_OBJECT || !json_id(json_get(item, "nid"), id, &rec.id)) {
        counts_writer_reject(w, &rec, "no nid");
        return ST_OK;
    }
    if (!json_count(json_get(item, "dataset_view_times"), &rec.views) ||
        !json_count(json_get(item, "resource_download_times"), &rec.downloads)) {
        counts_writer_reject(w, &rec, "a count has the wrong JSON type");
        return ST_OK;
    }
    return counts_writer_put(w, &rec);
}

/* The sum of the resources' tracking_summary.total into *OUT; absent
 * when no resource has one. False for a wrong type. */
static bool resource_downloads(const struct json_node *resources, struct counts_value *out)
{
    *out = (struct counts_value){.is_number = true};
    if (!resources || json_type(resources) != JSON_ARRAY)
        return !resources || json_type(resources) == JSON_NULL;
    for (const struct json_node *r = json_first(resources); r; r = json_next(r)) {
        const struct json_node *ts = json_get(r, "tracking_summary");
        double total;
        if (!ts || json_type(ts) == JSON_NULL)
            continue;
        if (!json_number(json_get(ts, "total"), &total))
            return false;
        out->present = true;
        out->number += total;
    }
    return true;
}

static enum status put_package(struct counts_writer *w, const struct json_node *pkg,
                               uint64_t number)
{
    struct counts_record rec = {.item = number};
    const struct json_node *name = json_get(pkg, "name"), *ts = json_get(pkg, "tracking_summary");
    char id[32];
    double total;

    if (!json_id(name && json_type(name) == JSON_STRING ? name : json_get(pkg, "id"), id,
                 &rec.id)) {
        counts_writer_reject(w, &rec, "a package without name or id");
        return ST_OK;
    }
    if (ts && json_type(ts) != JSON_NULL) {
        if (!json_number(json_get(ts, "total"), &total)) {
            counts_writer_reject(w, &rec, "tracking_summary.total is not a number");
            return ST_OK;
        }
        rec.views = (struct counts_value){.present = true, .is_number = true, .number = total};
    }
    if (!resource_downloads(json_get(pkg, "resources"), &rec.downloads)) {
        counts_writer_reject(w, &rec, "a resource's tracking_summary.total is not a number");
        return ST_OK;
    }
    return counts_writer_put(w, &rec);
}

static enum status put_array(struct counts_writer *w, const struct json_node *arr, bool api)
{
    enum status rc = ST_OK;
    uint64_t n = 0;
    for (const struct json_node *p = json_first(arr); p && rc == ST_OK; p = json_next(p))
        rc = api ? put_api_item(w, p, ++n) : put_package(w, p, ++n);
    return rc;
}

static enum status put_document(struct counts_writer *w, const struct json *doc, const char *path)
{
    const struct json_node *root = json_root(doc), *payload = json_get(root, "payload");
    const struct json_node *list = payload ? json_get(payload, "search_result") : NULL;
    const struct json_node *result = json_get(root, "result"), *success = json_get(root, "success");
    enum status rc;

    if (success && json_type(success) == JSON_FALSE) {
        errorf("counts '%s' is an error response (success is false)", path);
        return ST_USAGE;
    }
    if (list && json_type(list) == JSON_ARRAY) {
        if ((rc = counts_writer_begin(w, COUNTS_DATAGOVTW_API, false)) != ST_OK)
            return rc;
        return put_array(w, list, true);
    }
    if (result && json_type(result) == JSON_OBJECT) {
        const struct json_node *results = json_get(result, "results");
        if ((rc = counts_writer_begin(w, COUNTS_CKAN, false)) != ST_OK)
            return rc;
        if (results && json_type(results) == JSON_ARRAY)
            return put_array(w, results, false);
        return put_package(w, result, 1);
    }
    errorf("counts '%s' is neither data.gov.tw's list (payload.search_result) nor a CKAN"
           " response (result)", path);
    return ST_USAGE;
}

enum status counts_read_json(struct counts_writer *w, FILE *f, const char *path)
{
    struct json *doc = NULL;
    enum status rc = import_read_json(f, path, &doc);
    if (rc == ST_OK)
        rc = put_document(w, doc, path);
    json_free(doc);
    return rc;
}
