/* test_catalog.c - odstat-collect --catalog: data.gov.tw CSV, CKAN JSON and
 * the plain CSV into a real SQLite database (collector/import/catalog.c). */
#define _GNU_SOURCE /* memmem, mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "db.h"
#include "msg.h"
#include "tmpdb.h"

#define FIXTURES "../fixtures/catalog/"

struct fx {
    struct tmpdb t;        /* the directory, the database, the last file written */
    char buf[1024];        /* the last value read by value() */
    struct catalog_stats st;
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    if (!fx || tmpdb_open(&fx->t, "test_catalog") != 0)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    tmpdb_close(&fx->t);
    free(fx);
    return 0;
}

/* The first column of the first row of SQL with ?1 = ARG, or NULL when no
 * row or a NULL value. */
static const char *value(struct fx *fx, const char *sql, const char *arg)
{
    struct dbi_stmt *st = NULL;
    const char *result = NULL;
    assert_int_equal(dbi_prepare(fx->t.db, &st, sql), ST_OK);
    if (arg)
        dbi_bind_text(st, 1, arg, -1);
    if (dbi_step(st) == DBI_ROW && !dbi_column_is_null(st, 0)) {
        snprintf(fx->buf, sizeof fx->buf, "%s", dbi_column_text(st, 0));
        result = fx->buf;
    }
    dbi_finalize(st);
    return result;
}

static const char *column(struct fx *fx, const char *col, const char *id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT %s FROM dataset WHERE id = ?1", col);
    return value(fx, sql, id);
}

static long rows(struct fx *fx, const char *table)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return atol(value(fx, sql, NULL));
}

static const char *alias_of(struct fx *fx, const char *alias)
{
    return value(fx, "SELECT dataset_id FROM alias WHERE alias = ?1", alias);
}

static enum status import(struct fx *fx, const char *path)
{
    return catalog_import(fx->t.db, path, &fx->st);
}

/* Reads a whole file into a malloc'd buffer; *LEN 0 and NULL if missing. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    *len = 0;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    *len = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

static bool file_contains(const char *path, const char *needle)
{
    size_t len;
    char *buf = slurp(path, &len);
    bool found = buf && memmem(buf, len, needle, strlen(needle)) != NULL;
    free(buf);
    return found;
}

/* ---- data.gov.tw -------------------------------------------------------- */

static void test_datagovtw_export_with_bom_is_imported(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "datagovtw.csv"), ST_OK);
    assert_int_equal(fx->st.datasets, 3);
    assert_int_equal(fx->st.inserted, 3);
    assert_int_equal(fx->st.updated, 0);
    assert_int_equal(fx->st.aliases, 0);
    assert_int_equal(fx->st.rejected, 0);
    assert_string_equal(column(fx, "name", "6564"), "空氣品質指標(AQI)");
    assert_string_equal(column(fx, "publisher", "6564"), "環境部");
    assert_string_equal(column(fx, "badge", "6564"), "platinum");
    assert_string_equal(column(fx, "update_frequency", "6564"), "每1時");
    assert_string_equal(column(fx, "listed", "6564"), "2017-09-12 15:49:25");
    assert_string_equal(column(fx, "data_updated", "6564"), "2024-03-01 08:15:00");
    assert_string_equal(column(fx, "formats", "6564"), "CSV;JSON;XML");
    assert_string_equal(column(fx, "source", "6564"), "datagovtw");
    assert_non_null(column(fx, "imported_at", "6564"));
    assert_string_equal(column(fx, "badge", "8002"), "");
    assert_string_equal(column(fx, "formats", "8002"), "");
    assert_int_equal(rows(fx, "alias"), 0);
}

static void test_description_with_newlines_and_quotes_keeps_records_aligned(void **state)
{
    struct fx *fx = *state;
    /* The fixture really has a multi-line description and doubled quotes. */
    assert_true(file_contains(FIXTURES "datagovtw.csv", "\r\n第二行說明，含逗號\n第三行 \"\"引號\"\""));
    assert_int_equal(import(fx, FIXTURES "datagovtw.csv"), ST_OK);
    assert_string_equal(column(fx, "name", "7001"), "虛構機關公告\"重要\"事項");
    assert_string_equal(column(fx, "publisher", "7001"), "虛構市政府");
    assert_string_equal(column(fx, "badge", "7001"), "silver");
    assert_string_equal(column(fx, "formats", "7001"), "CSV");
    assert_string_equal(column(fx, "update_frequency", "8002"), "每1月");
    assert_string_equal(column(fx, "listed", "8002"), "2020-06-30 10:20:30");
}

static void test_contact_name_and_phone_are_not_stored(void **state)
{
    struct fx *fx = *state;
    static const char *const contacts[] = {"林測試甲", "02-2345-6789#901", "陳虛構乙",
                                           "(04)2222-0913", "黃假名丙", "07-555-0192",
                                           "Fictional Maintainer"};
    char wal[160];
    for (size_t i = 0; i < 6; i++)
        assert_true(file_contains(FIXTURES "datagovtw.csv", contacts[i]));
    assert_true(file_contains(FIXTURES "ckan-search.json", contacts[6]));
    assert_int_equal(import(fx, FIXTURES "datagovtw.csv"), ST_OK);
    assert_int_equal(import(fx, FIXTURES "ckan-search.json"), ST_OK);
    db_close(fx->t.db);
    fx->t.db = NULL;
    snprintf(wal, sizeof wal, "%s-wal", fx->t.path);
    assert_true(file_contains(fx->t.path, "環境部")); /* the check can see text */
    for (size_t i = 0; i < sizeof contacts / sizeof contacts[0]; i++) {
        assert_false(file_contains(fx->t.path, contacts[i]));
        assert_false(file_contains(wal, contacts[i]));
    }
    assert_int_equal(db_open(&fx->t.db, fx->t.path, DB_EXISTING, 1000), ST_OK);
}

static void test_reimport_updates_a_name_and_keeps_absent_datasets(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "datagovtw.csv"), ST_OK);
    assert_int_equal(import(fx, FIXTURES "datagovtw-update.csv"), ST_OK);
    assert_int_equal(fx->st.datasets, 3);
    assert_int_equal(fx->st.inserted, 1);  /* 9100 */
    assert_int_equal(fx->st.updated, 1);   /* 6564; 7001 is unchanged */
    assert_string_equal(column(fx, "name", "6564"), "空氣品質指標(AQI)（新版）");
    assert_string_equal(column(fx, "badge", "6564"), "gold");
    assert_string_equal(column(fx, "formats", "6564"), "CSV;JSON");
    assert_string_equal(column(fx, "badge", "9100"), "bronze");
    assert_string_equal(column(fx, "name", "8002"), "測試資料集三"); /* absent: kept */
    assert_int_equal(rows(fx, "dataset"), 4);
    assert_int_equal(import(fx, FIXTURES "datagovtw-update.csv"), ST_OK);
    assert_int_equal(fx->st.inserted, 0);
    assert_int_equal(fx->st.updated, 0);
}

static void test_record_after_a_multiline_field_is_rejected_alone(void **state)
{
    struct fx *fx = *state;
    const char *path = tmpdb_write(&fx->t, "in.csv",
        "資料集識別碼,資料集名稱,提供機關,品質檢測,更新頻率,上架日期,詮釋資料更新時間,檔案格式\n"
        "1,\"two\nline name\",A,,,,,\n"
        ",no id,A,,,,,\n"
        "3,three,A,,,,,\n");
    assert_int_equal(import(fx, path), ST_INPUT);
    assert_int_equal(fx->st.datasets, 2);
    assert_int_equal(fx->st.rejected, 1);
    assert_string_equal(column(fx, "name", "1"), "two\nline name");
    assert_string_equal(column(fx, "source", "3"), "datagovtw");
}

/* ---- CKAN --------------------------------------------------------------- */

static void test_ckan_package_search_makes_slug_canonical_and_uuid_alias(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "ckan-search.json"), ST_OK);
    assert_int_equal(fx->st.datasets, 2);
    assert_int_equal(fx->st.inserted, 2);
    assert_int_equal(fx->st.aliases, 2);
    assert_int_equal(rows(fx, "dataset"), 2);
    assert_string_equal(alias_of(fx, "3f1c2a7e-9b4d-4e1a-8c3b-2d5e6f708192"), "air-quality-hourly");
    assert_string_equal(alias_of(fx, "a0b1c2d3-e4f5-4607-8899-aabbccddeeff"), "bus-stops");
    assert_string_equal(column(fx, "name", "air-quality-hourly"),
                        "空氣品質 \xE2\x80\x94 每小時 \xF0\x9F\x8C\xAB");
    assert_string_equal(column(fx, "publisher", "air-quality-hourly"), "環境監測處");
    assert_string_equal(column(fx, "listed", "air-quality-hourly"), "2019-03-01 08:00:00");
    assert_string_equal(column(fx, "data_updated", "air-quality-hourly"), "2024-02-29 23:59:59");
    assert_string_equal(column(fx, "formats", "air-quality-hourly"), "CSV;JSON");
    assert_string_equal(column(fx, "update_frequency", "air-quality-hourly"), "每1日");
    assert_null(column(fx, "badge", "air-quality-hourly"));
    assert_string_equal(column(fx, "source", "air-quality-hourly"), "ckan");
    assert_string_equal(column(fx, "publisher", "bus-stops"), "");   /* organization: null */
    assert_string_equal(column(fx, "formats", "bus-stops"), "");     /* no resources */
}

static void test_counts_under_slug_and_uuid_roll_up_to_one_dataset(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "ckan-search.json"), ST_OK);
    assert_int_equal(dbi_exec(fx->t.db,
        "INSERT INTO daily (day, dataset_id, views, downloads) VALUES"
        " ('2024-01-01', 'air-quality-hourly', 2, 1),"
        " ('2024-01-01', '3f1c2a7e-9b4d-4e1a-8c3b-2d5e6f708192', 3, 4)", "insert"),
        ST_OK);
    assert_string_equal(value(fx,
        "SELECT group_concat(id || '=' || v || '/' || d) FROM ("
        " SELECT COALESCE(alias.dataset_id, daily.dataset_id) AS id,"
        "  sum(views) AS v, sum(downloads) AS d FROM daily"
        " LEFT JOIN alias ON alias.alias = daily.dataset_id GROUP BY 1)", NULL),
        "air-quality-hourly=5/5");
}

static void test_ckan_package_show_is_imported(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "ckan-show.json"), ST_OK);
    assert_int_equal(fx->st.datasets, 1);
    assert_int_equal(fx->st.aliases, 1);
    assert_string_equal(alias_of(fx, "5e6f7a8b-1c2d-4e3f-9a0b-c1d2e3f4a5b6"), "parks");
    assert_string_equal(column(fx, "name", "parks"), "公園 Parks");
    assert_string_equal(column(fx, "publisher", "parks"), "Parks Office");
    assert_string_equal(column(fx, "formats", "parks"), "GEOJSON;SHP");
    assert_string_equal(column(fx, "listed", "parks"), "2021-05-05 05:05:05");
}

static void test_ckan_renamed_slug_becomes_an_alias(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "ckan-show.json"), ST_OK);
    const char *path = tmpdb_write(&fx->t, "in.json",
        "{\"success\": true, \"result\": {\"id\": \"5e6f7a8b-1c2d-4e3f-9a0b-c1d2e3f4a5b6\","
        " \"name\": \"city-parks\", \"title\": \"City parks\"}}");
    assert_int_equal(import(fx, path), ST_OK);
    assert_int_equal(fx->st.inserted, 1);
    assert_int_equal(rows(fx, "dataset"), 1);
    assert_string_equal(alias_of(fx, "parks"), "city-parks");
    assert_string_equal(alias_of(fx, "5e6f7a8b-1c2d-4e3f-9a0b-c1d2e3f4a5b6"), "city-parks");
    assert_null(column(fx, "publisher", "city-parks")); /* not in this file */
}

static void test_truncated_json_is_refused_and_nothing_written(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "plain.csv"), ST_OK);
    assert_int_equal(import(fx, FIXTURES "ckan-truncated.json"), ST_USAGE);
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.json", "{\"result\": {\"results\": [{\"name\": \"a\"},")),
                     ST_USAGE);
    assert_int_equal(fx->st.datasets, 0);
    assert_int_equal(rows(fx, "dataset"), 2);
    assert_int_equal(rows(fx, "alias"), 2);
    assert_null(column(fx, "name", "air-quality-hourly"));
}

static void test_ckan_error_response_is_refused(void **state)
{
    struct fx *fx = *state;
    const char *path = tmpdb_write(&fx->t, "in.json",
        "{\"success\": false, \"error\": {\"message\": \"Not found\", \"__type\": \"Not Found Error\"}}");
    assert_int_equal(import(fx, path), ST_USAGE);
    path = tmpdb_write(&fx->t, "in.json", "{\"result\": [1, 2]}");
    assert_int_equal(import(fx, path), ST_USAGE);
    path = tmpdb_write(&fx->t, "in.json", "{\"result\": {\"results\": [{\"name\": 7}, {\"name\": \"ok\"}]}}");
    assert_int_equal(import(fx, path), ST_INPUT);
    assert_int_equal(fx->st.rejected, 1);
    assert_int_equal(rows(fx, "dataset"), 1);
}

/* ---- plain CSV ---------------------------------------------------------- */

static void test_plain_csv_columns_in_any_order(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "plain.csv"), ST_OK);
    assert_int_equal(fx->st.datasets, 2);
    assert_int_equal(fx->st.aliases, 2);
    assert_string_equal(column(fx, "name", "river-levels"), "河川水位");
    assert_string_equal(column(fx, "publisher", "river-levels"), "水利處");
    assert_string_equal(column(fx, "badge", "river-levels"), "gold");
    assert_string_equal(column(fx, "update_frequency", "river-levels"), "每1日");
    assert_string_equal(column(fx, "listed", "river-levels"), "2022-03-04 05:06:00");
    assert_string_equal(column(fx, "data_updated", "river-levels"), "2024-01-02 03:04:05");
    assert_string_equal(column(fx, "formats", "river-levels"), "CSV;JSON");
    assert_string_equal(column(fx, "source", "river-levels"), "csv");
    assert_string_equal(alias_of(fx, "old-id"), "river-levels");
    assert_string_equal(alias_of(fx, "legacy_2"), "river-levels");
    assert_string_equal(column(fx, "name", "42"), "Name, with comma");
    assert_string_equal(column(fx, "publisher", "42"), "Agency \"Q\"");
    assert_string_equal(column(fx, "badge", "42"), "bronze");
    assert_string_equal(column(fx, "listed", "42"), "2021-07-08");
}

static void test_plain_csv_leaves_columns_it_lacks_alone(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "plain.csv"), ST_OK);
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "DATASET_ID,Name\n42,New name\n")), ST_OK);
    assert_int_equal(fx->st.updated, 1);
    assert_string_equal(column(fx, "name", "42"), "New name");
    assert_string_equal(column(fx, "publisher", "42"), "Agency \"Q\"");
    assert_string_equal(column(fx, "badge", "42"), "bronze");
}

static void test_plain_csv_without_dataset_id_column_is_refused(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "id,name\n1,x\n")), ST_USAGE);
    assert_int_equal(rows(fx, "dataset"), 0);
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "dataset_id,name,Name\n1,x,y\n")),
                     ST_USAGE);
}

static void test_unclosed_quote_is_refused_and_nothing_written(void **state)
{
    struct fx *fx = *state;
    const char *path = tmpdb_write(&fx->t, "in.csv", "dataset_id,name\n1,ok\n2,\"never closed\n3,x\n");
    assert_int_equal(import(fx, path), ST_USAGE);
    assert_int_equal(rows(fx, "dataset"), 0);
    path = tmpdb_write(&fx->t, "in.csv", "dataset_id,name\n1,ok\n2,\"closed\"garbage\n");
    assert_int_equal(import(fx, path), ST_USAGE);
    assert_int_equal(rows(fx, "dataset"), 0);
}

static void test_badge_names_are_normalised(void **state)
{
    struct fx *fx = *state;
    static const char *const want[][2] = {
        {"a", "platinum"}, {"b", "gold"},  {"c", "silver"}, {"d", "bronze"},
        {"e", "platinum"}, {"f", "silver"}, {"g", ""},      {"h", ""},
        {"i", ""},         {"j", ""},       {"k", "特優"},   {"l", "gold"},
    };
    const char *path = tmpdb_write(&fx->t, "in.csv",
        "dataset_id,badge\n"
        "a,白金標章\nb,金標章\nc,銀\nd,銅質標章\ne,Platinum\nf,SILVER\n"
        "g,無\nh,無標章\ni,\nj,none\nk,特優\nl, 金 \n");
    assert_int_equal(import(fx, path), ST_OK);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(column(fx, "badge", want[i][0]), want[i][1]);
}

static void test_dates_are_normalised_or_kept_as_given(void **state)
{
    struct fx *fx = *state;
    static const char *const want[][2] = {
        {"a", "2017-09-01"},          {"b", "2017-09-01 07:08:09"},
        {"c", "2017-09-01 07:08:09"}, {"d", "106/09/01"},
        {"e", "2017-13-01"},          {"f", "2017-09-01"},
        {"g", "2017-09-01 07:08:00"}, {"h", "2017-09-01 23:00:00"},
    };
    const char *path = tmpdb_write(&fx->t, "in.csv",
        "dataset_id,listed\n"
        "a,2017-9-1\nb,2017/09/01 7:08:09\nc,2017-09-01T07:08:09.123Z\nd,106/09/01\n"
        "e,2017-13-01\nf,  2017-09-01 \ng,2017-09-01 07:08\nh,2017-09-01T23:00:00-0530\n");
    assert_int_equal(import(fx, path), ST_OK);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(column(fx, "listed", want[i][0]), want[i][1]);
}

static void test_formats_are_upper_case_sorted_and_unique(void **state)
{
    struct fx *fx = *state;
    const char *path = tmpdb_write(&fx->t, "in.csv",
        "dataset_id,formats\n"
        "a,\"json\xE3\x80\x81 csv\xEF\xBC\x9BXML\xEF\xBC\x8C" "csv, kml;;\"\n"
        "b,CSVX;CSV;Shape File\n"
        "c,\" ; \"\n");
    assert_int_equal(import(fx, path), ST_OK);
    assert_string_equal(column(fx, "formats", "a"), "CSV;JSON;KML;XML");
    assert_string_equal(column(fx, "formats", "b"), "CSV;CSVX;SHAPE FILE");
    assert_string_equal(column(fx, "formats", "c"), "");
}

static void test_invalid_utf8_empty_id_or_bad_field_count_rejects_only_that_record(void **state)
{
    struct fx *fx = *state;
    const char *path = tmpdb_write(&fx->t, "in.csv",
        "dataset_id,name,aliases\n"
        "1,ok,\n"
        ",no id,\n"
        "3,bad \xFF name,\n"
        "4,also ok,\n"
        "5 6,space in id,\n"
        "7,too,many,fields\n"
        "8,bad alias,a/b\n"
        "\n"
        "9,overlong \xC0\xAF,\n");
    assert_int_equal(import(fx, path), ST_INPUT);
    assert_int_equal(fx->st.datasets, 2);
    assert_int_equal(fx->st.rejected, 6);
    assert_int_equal(rows(fx, "dataset"), 2);
    assert_string_equal(column(fx, "name", "4"), "also ok");
}

static void test_alias_that_was_a_dataset_is_merged_and_can_come_back(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "dataset_id,name\nold,Old\nx,X\n")), ST_OK);
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "dataset_id,aliases\nx,y\nnew,old;new\n")),
                     ST_OK);
    assert_null(column(fx, "name", "old"));
    assert_string_equal(alias_of(fx, "old"), "new");
    assert_null(alias_of(fx, "new"));
    assert_int_equal(fx->st.aliases, 2);
    /* y now points at x; when x becomes an alias of z, y follows. */
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "dataset_id,aliases\nz,x\n")), ST_OK);
    assert_string_equal(alias_of(fx, "y"), "z");
    assert_string_equal(alias_of(fx, "x"), "z");
    /* An alias listed as a dataset again is a dataset again. */
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "dataset_id,name\nold,Back\n")), ST_OK);
    assert_null(alias_of(fx, "old"));
    assert_string_equal(column(fx, "name", "old"), "Back");
}

/* ---- files -------------------------------------------------------------- */

static void test_missing_or_empty_file_is_a_usage_error(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(import(fx, FIXTURES "no-such-file.csv"), ST_USAGE);
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "")), ST_USAGE);
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "\xEF\xBB\xBF\n")), ST_USAGE);
    assert_int_equal(import(fx, tmpdb_write(&fx->t, "in.csv", "dataset_id,name\r\n")), ST_OK);
    assert_int_equal(fx->st.datasets, 0);
}

static void test_forced_kind_reads_the_file_as_that_kind(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(catalog_import_as(fx->t.db, FIXTURES "datagovtw.csv", CATALOG_CSV, &fx->st),
                     ST_USAGE);
    assert_int_equal(catalog_import_as(fx->t.db, FIXTURES "datagovtw.csv", CATALOG_DATAGOVTW,
                                       &fx->st), ST_OK);
    assert_int_equal(fx->st.datasets, 3);
}

static void test_large_export_streams_through_small_buffers(void **state)
{
    struct fx *fx = *state;
    size_t n = 3000, cap = n * 1200 + 256, len = 0;
    char *text = malloc(cap), desc[1001];
    assert_non_null(text);
    memset(desc, 'x', 1000);
    desc[1000] = '\0';
    desc[500] = '\n';
    len += (size_t)snprintf(text + len, cap - len,
                            "\xEF\xBB\xBF資料集識別碼,資料集名稱,資料集描述,提供機關,品質檢測,"
                            "更新頻率,上架日期,詮釋資料更新時間,檔案格式\r\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "%zu,name %zu,\"%s \"\"q\"\"\",A,,每1月,2020-01-01 00:00:00,,CSV\r\n",
                                100000 + i, i, desc);
    tmpdb_write(&fx->t, "in.csv", text);
    free(text);
    assert_int_equal(import(fx, fx->t.file), ST_OK);
    assert_int_equal(fx->st.datasets, n);
    assert_string_equal(column(fx, "name", "102999"), "name 2999");
}

static void test_sample_catalog_imports_if_present(void **state)
{
    struct fx *fx = *state;
    const char *path = "../../sample-logs/catalog.csv";
    enum status rc;
    if (access(path, R_OK) != 0)
        skip();
    rc = import(fx, path);
    assert_true(rc == ST_OK || rc == ST_INPUT);
    assert_true(fx->st.datasets > 0);
    assert_int_equal(rows(fx, "dataset"), (long)fx->st.datasets);
}
/* ---- resource URLs (SPEC §1.4b) ----------------------------------------- */

static void test_resource_urls_are_kept_in_list_order_and_replaced(void **state)
{
    struct fx *fx = *state;
    tmpdb_write(&fx->t, "in.csv", "dataset_id,resource_urls\n"
                             "a1,\" https://H.example:8080/x/?k=1 ; /y//z/ ;; not a url \"\n"
                             "b2,\n");
    assert_int_equal(import(fx, fx->t.file), ST_OK);
    assert_int_equal(fx->st.urls, 2);
    assert_string_equal(value(fx, "SELECT host || ' ' || path || ' ' || query FROM resource_url"
                                  " WHERE dataset_id = 'a1' AND position = 1", NULL),
                        "h.example /x k=1");
    assert_string_equal(value(fx, "SELECT path || ' ' || resource_id FROM resource_url"
                                  " WHERE dataset_id = 'a1' AND position = 2", NULL),
                        "/y/z 2");
    /* a file without the column leaves them; an empty cell drops them */
    tmpdb_write(&fx->t, "in.csv", "dataset_id,name\na1,A\n");
    assert_int_equal(import(fx, fx->t.file), ST_OK);
    assert_int_equal(rows(fx, "resource_url"), 2);
    tmpdb_write(&fx->t, "in.csv", "dataset_id,resource_urls\na1,\n");
    assert_int_equal(import(fx, fx->t.file), ST_OK);
    assert_int_equal(rows(fx, "resource_url"), 0);
}

static void test_a_url_under_two_datasets_is_warned_about_not_rejected(void **state)
{
    struct fx *fx = *state;
    tmpdb_write(&fx->t, "in.csv", "dataset_id,resource_urls\nz9,https://h/f.csv\na1,https://h/f.csv\n");
    assert_int_equal(import(fx, fx->t.file), ST_OK);
    assert_int_equal(fx->st.shared_urls, 1);
    assert_int_equal(fx->st.rejected, 0);
    assert_int_equal(rows(fx, "resource_url"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_datagovtw_export_with_bom_is_imported),
        T(test_description_with_newlines_and_quotes_keeps_records_aligned),
        T(test_contact_name_and_phone_are_not_stored),
        T(test_reimport_updates_a_name_and_keeps_absent_datasets),
        T(test_record_after_a_multiline_field_is_rejected_alone),
        T(test_ckan_package_search_makes_slug_canonical_and_uuid_alias),
        T(test_counts_under_slug_and_uuid_roll_up_to_one_dataset),
        T(test_ckan_package_show_is_imported),
        T(test_ckan_renamed_slug_becomes_an_alias),
        T(test_truncated_json_is_refused_and_nothing_written),
        T(test_ckan_error_response_is_refused),
        T(test_plain_csv_columns_in_any_order),
        T(test_plain_csv_leaves_columns_it_lacks_alone),
        T(test_plain_csv_without_dataset_id_column_is_refused),
        T(test_unclosed_quote_is_refused_and_nothing_written),
        T(test_badge_names_are_normalised),
        T(test_dates_are_normalised_or_kept_as_given),
        T(test_formats_are_upper_case_sorted_and_unique),
        T(test_invalid_utf8_empty_id_or_bad_field_count_rejects_only_that_record),
        T(test_alias_that_was_a_dataset_is_merged_and_can_come_back),
        T(test_missing_or_empty_file_is_a_usage_error),
        T(test_forced_kind_reads_the_file_as_that_kind),
        T(test_large_export_streams_through_small_buffers),
        T(test_sample_catalog_imports_if_present),
        T(test_resource_urls_are_kept_in_list_order_and_replaced),
        T(test_a_url_under_two_datasets_is_warned_about_not_rejected),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
