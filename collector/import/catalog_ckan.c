/* catalog_ckan.c - CKAN package_search and package_show responses.
 *
 * Reads the whole file into memory, parses it with json.c and turns each
 * package into a record: the slug (name) is the dataset id and the UUID
 * (id) its alias. Knows nothing of the database.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"
#include "importer.h"
#include "doi.h"
#include "json.h"
#include "msg.h"


/* A package whose resources list no URL: its stored URLs go. */
static const struct catalog_resource no_resources[1];

/* The scratch buffer for one package's joined resource formats. */
struct joined {
    char *p;
    size_t len, cap;
    struct resource_list {   /* the package's resource URLs */
        struct catalog_resource *items;
        size_t n, cap;
    } urls;
};

/* Sets field F of REC from member KEY of OBJ: a string as it is, null as
 * empty, absent as unknown (NULL). False when it is of another type. */
static bool take_string(struct catalog_record *rec, enum catalog_field f,
                        const struct json_node *obj, const char *key)
{
    const struct json_node *v = json_get(obj, key);

    if (!v)
        return true;
    if (json_type(v) == JSON_NULL) {
        rec->field[f] = "";
        rec->len[f] = 0;
        return true;
    }
    rec->field[f] = json_string(v, &rec->len[f]);
    return rec->field[f] != NULL;
}

static bool append(struct joined *j, const char *s, size_t n)
{
    if (j->len + n + 2 > j->cap) {
        size_t cap = (j->len + n + 2) * 2;
        char *p = realloc(j->p, cap);
        if (!p)
            return false;
        j->p = p;
        j->cap = cap;
    }
    if (j->len)
        j->p[j->len++] = ';';
    memcpy(j->p + j->len, s, n);
    j->len += n;
    return true;
}

/* Joins the formats of the package's resources into J. Returns the name of
 * a member of the wrong type, or NULL; *NOMEM on allocation failure. */
static const char *join_formats(const struct json_node *resources, struct joined *j, bool *nomem)
{
    j->len = 0;
    if (json_type(resources) == JSON_NULL)
        return NULL;
    if (json_type(resources) != JSON_ARRAY)
        return "resources";
    for (const struct json_node *r = json_first(resources); r; r = json_next(r)) {
        const struct json_node *fmt = json_type(r) == JSON_OBJECT ? json_get(r, "format") : NULL;
        size_t n = 0;
        const char *s;
        if (json_type(r) != JSON_OBJECT)
            return "resources";
        if (!fmt || json_type(fmt) == JSON_NULL)
            continue;
        if (!(s = json_string(fmt, &n)))
            return "format of a resource";
        if (n && !append(j, s, n)) {
            *nomem = true;
            return NULL;
        }
    }
    return NULL;
}

/* The resources' url and id into LIST (grown as needed; the texts belong
 * to the document). Returns the name of a member of the wrong type, or
 * NULL; *NOMEM on allocation failure. */
static const char *take_resources(const struct json_node *resources, struct resource_list *list,
                                  bool *nomem)
{
    list->n = 0;
    if (json_type(resources) != JSON_ARRAY)
        return NULL; /* null, or reported by join_formats */
    for (const struct json_node *r = json_first(resources); r; r = json_next(r)) {
        const struct json_node *url = json_get(r, "url"), *id = json_get(r, "id");
        struct catalog_resource res = {{"", 0}, {"", 0}};
        if (!url || json_type(url) == JSON_NULL)
            continue;
        if (!(res.url.p = json_string(url, &res.url.len)))
            return "url of a resource";
        if (id && json_type(id) != JSON_NULL && !(res.id.p = json_string(id, &res.id.len)))
            return "id of a resource";
        if (!res.id.p)
            res.id = (struct text){"", 0};
        if (list->n == list->cap) {
            size_t cap = list->cap ? list->cap * 2 : 16;
            struct catalog_resource *p = realloc(list->items, cap * sizeof *p);
            if (!p) {
                *nomem = true;
                return NULL;
            }
            list->items = p;
            list->cap = cap;
        }
        list->items[list->n++] = res;
    }
    return NULL;
}

/* The update frequency from a top-level key or an extras entry. */
static bool take_frequency(struct catalog_record *rec, const struct json_node *pkg)
{
    static const char *const keys[] = {"update_frequency", "frequency"};
    const struct json_node *extras = json_get(pkg, "extras");

    for (size_t i = 0; i < 2; i++)
        if (json_get(pkg, keys[i]))
            return take_string(rec, CF_FREQUENCY, pkg, keys[i]);
    if (!extras || json_type(extras) != JSON_ARRAY)
        return true;
    for (const struct json_node *e = json_first(extras); e; e = json_next(e)) {
        const struct json_node *k = json_type(e) == JSON_OBJECT ? json_get(e, "key") : NULL;
        const char *name = k ? json_string(k, NULL) : NULL;
        if (name && (strcmp(name, keys[0]) == 0 || strcmp(name, keys[1]) == 0))
            return take_string(rec, CF_FREQUENCY, e, "value");
    }
    return true;
}

/* The DOI: a top-level "doi", else an extras entry "doi", else one named
 * "identifier" - each only when it holds a DOI (an identifier may be any
 * local id), so a package without one keeps what is stored. */
static void take_doi(struct catalog_record *rec, const struct json_node *pkg)
{
    static const char *const keys[] = {"doi", "identifier"};
    const struct json_node *extras = json_get(pkg, "extras"), *top = json_get(pkg, "doi");
    const char *s;
    size_t n, start;

    if (top && (s = json_string(top, &n)) && doi_parse(s, n, &start)) {
        rec->field[CF_DOI] = s;
        rec->len[CF_DOI] = n;
        return;
    }
    for (size_t i = 0; i < 2 && extras && json_type(extras) == JSON_ARRAY; i++)
        for (const struct json_node *e = json_first(extras); e; e = json_next(e)) {
            const struct json_node *k = json_type(e) == JSON_OBJECT ? json_get(e, "key") : NULL;
            const struct json_node *v = k ? json_get(e, "value") : NULL;
            const char *name = k ? json_string(k, NULL) : NULL;
            if (name && v && strcmp(name, keys[i]) == 0 && (s = json_string(v, &n)) &&
                doi_parse(s, n, &start)) {
                rec->field[CF_DOI] = s;
                rec->len[CF_DOI] = n;
                return;
            }
        }
}

static enum status put_package(struct catalog_writer *w, const struct json_node *pkg,
                               uint64_t number, struct joined *formats)
{
    struct catalog_record rec = {.package = number};
    const struct json_node *org = json_get(pkg, "organization");
    const struct json_node *resources = json_get(pkg, "resources");
    const char *name = NULL, *uuid = NULL, *bad = NULL;
    size_t name_len = 0, uuid_len = 0;
    bool nomem = false;

    if (json_type(pkg) != JSON_OBJECT) {
        catalog_writer_reject(w, &rec, "not a JSON object");
        return ST_OK;
    }
    if (json_get(pkg, "name") && !(name = json_string(json_get(pkg, "name"), &name_len)))
        bad = "name";
    if (json_get(pkg, "id") && !(uuid = json_string(json_get(pkg, "id"), &uuid_len)))
        bad = "id";
    if (!bad && !take_string(&rec, CF_NAME, pkg, "title"))
        bad = "title";
    if (!bad && !take_string(&rec, CF_LISTED, pkg, "metadata_created"))
        bad = "metadata_created";
    if (!bad && !take_string(&rec, CF_UPDATED, pkg, "metadata_modified"))
        bad = "metadata_modified";
    if (!bad && !take_frequency(&rec, pkg))
        bad = "update frequency";
    if (!bad)
        take_doi(&rec, pkg);
    if (!bad && org && json_type(org) == JSON_NULL)
        rec.field[CF_PUBLISHER] = "";
    else if (!bad && org && (json_type(org) != JSON_OBJECT ||
                             !take_string(&rec, CF_PUBLISHER, org, "title")))
        bad = "organization";
    if (!bad && resources && !(bad = join_formats(resources, formats, &nomem)) && !nomem) {
        rec.field[CF_FORMATS] = formats->p ? formats->p : "";
        rec.len[CF_FORMATS] = formats->len;
        if (!(bad = take_resources(resources, &formats->urls, &nomem)) && !nomem) {
            rec.resources = formats->urls.items ? formats->urls.items : no_resources;
            rec.nresources = formats->urls.n;
        }
    }
    if (nomem) {
        errorf("out of memory joining the formats of package %llu", (unsigned long long)number);
        return ST_NOMEM;
    }
    if (bad) {
        catalog_writer_reject(w, &rec, "%s has the wrong JSON type", bad);
        return ST_OK;
    }
    /* The slug is what users see in URLs; the UUID rolls up to it. */
    if (name && name_len) {
        rec.field[CF_ID] = name;
        rec.len[CF_ID] = name_len;
        rec.field[CF_ALIASES] = uuid;
        rec.len[CF_ALIASES] = uuid_len;
    } else {
        rec.field[CF_ID] = uuid;
        rec.len[CF_ID] = uuid_len;
    }
    return catalog_writer_put(w, &rec);
}

/* The packages of a parsed response: result.results[] or result itself. */
static enum status put_response(struct catalog_writer *w, const struct json *doc,
                                const char *path)
{
    const struct json_node *root = json_root(doc), *result, *results, *success;
    struct joined formats = {0};
    enum status rc = ST_OK;
    uint64_t number = 0;

    success = json_get(root, "success");
    if (success && json_type(success) == JSON_FALSE) {
        const struct json_node *e = json_get(root, "error");
        const struct json_node *m = e ? json_get(e, "message") : NULL;
        const char *text = m ? json_string(m, NULL) : NULL;
        errorf("catalog '%s' is a CKAN error response: %s", path, text ? text : "success is false");
        return ST_USAGE;
    }
    result = json_get(root, "result");
    if (!result || json_type(result) != JSON_OBJECT) {
        errorf("catalog '%s' is not a CKAN package_search or package_show response"
               " (no \"result\" object)", path);
        return ST_USAGE;
    }
    results = json_get(result, "results");
    if (results && json_type(results) != JSON_ARRAY) {
        errorf("catalog '%s': \"result.results\" is not an array", path);
        return ST_USAGE;
    }
    if (results) {
        for (const struct json_node *p = json_first(results); p && rc == ST_OK; p = json_next(p))
            rc = put_package(w, p, ++number, &formats);
    } else if (json_get(result, "name") || json_get(result, "id")) {
        rc = put_package(w, result, 1, &formats);
    } else {
        errorf("catalog '%s': \"result\" has neither \"results\" nor a package's"
               " \"name\" and \"id\"", path);
        rc = ST_USAGE;
    }
    free(formats.p);
    free(formats.urls.items);
    return rc;
}

enum status catalog_read_ckan(struct catalog_writer *w, FILE *f, const char *path)
{
    struct json *doc = NULL;
    enum status rc = import_read_json(f, path, &doc);
    if (rc == ST_OK)
        rc = put_response(w, doc, path);
    json_free(doc);
    return rc;
}
