/* test_chart.c - SVG charts: ticks, numbers, label shortening, escaping,
 * determinism, and that every kind and edge case is well-formed XML
 * (xmllint), renders (rsvg-convert) and keeps its labels apart and on the
 * canvas. With ODSTAT_CHART_OUT=DIR the SVGs and PNGs are kept in DIR
 * for a look; otherwise they go to a temporary directory. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- helpers ---- */

/* Renders C into a new string (the caller frees it). */
static char *render(const struct chart *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(chart_write_svg(c, f), ST_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* Whether S is valid UTF-8 (no overlongs, surrogates or truncation). */
static bool valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        int n = *u < 0x80 ? 1 : (*u & 0xE0) == 0xC0 ? 2 : (*u & 0xF0) == 0xE0 ? 3
              : (*u & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || (n == 2 && *u < 0xC2) || (n == 4 && *u > 0xF4))
            return false;
        uint32_t c = n == 1 ? *u : *u & (0x7Fu >> n);
        for (int i = 1; i < n; i++) {
            if ((u[i] & 0xC0) != 0x80)
                return false;
            c = c << 6 | (u[i] & 0x3Fu);
        }
        if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        u += n;
    }
    return true;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* ---- where rendered files go, and the external checkers ---- */

struct outdir {
    char path[256];
    bool keep;
};

static int outdir_setup(void **state)
{
    static struct outdir d;
    const char *keep = getenv("ODSTAT_CHART_OUT");
    d.keep = keep && keep[0];
    if (d.keep) {
        snprintf(d.path, sizeof d.path, "%s", keep);
        if (mkdir(d.path, 0777) != 0 && errno != EEXIST)
            return -1;
    } else {
        snprintf(d.path, sizeof d.path, "/tmp/odstat-chart.XXXXXX");
        if (!mkdtemp(d.path))
            return -1;
    }
    *state = &d;
    return 0;
}

static int outdir_teardown(void **state)
{
    struct outdir *d = *state;
    char cmd[300];
    if (d->keep)
        return 0;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
    return system(cmd) == 0 ? 0 : -1;
}

static void require_tool(const char *tool, const char *package)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    if (system(cmd) != 0)
        fail_msg("'%s' is missing: apt-get install -y %s", tool, package);
}

/* Writes C to DIR/NAME.svg, checks it with xmllint and converts it to
 * NAME.png with rsvg-convert; both must succeed. */
static void check_file(const struct outdir *d, const char *name, const struct chart *c)
{
    char svg[300], cmd[1024];
    require_tool("xmllint", "libxml2-utils");
    require_tool("rsvg-convert", "librsvg2-bin");
    snprintf(svg, sizeof svg, "%s/%s.svg", d->path, name);
    FILE *f = fopen(svg, "w");
    assert_non_null(f);
    assert_int_equal(chart_write_svg(c, f), ST_OK);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", svg);
    if (system(cmd) != 0)
        fail_msg("'%s' is not well-formed XML", svg);
    snprintf(cmd, sizeof cmd, "rsvg-convert -o '%s/%s.png' '%s'", d->path, name, svg);
    if (system(cmd) != 0)
        fail_msg("rsvg-convert cannot render '%s'", svg);
}

/* ---- estimated boxes of the level text elements ---- */

struct box {
    double x0, y0, x1, y1;
};

static double attr(const char *tag, const char *name, double fallback)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(tag, key);
    return p ? strtod(p + strlen(key), NULL) : fallback;
}

/* The display columns of escaped text up to "</text>": an entity is one. */
static int escaped_columns(const char *s)
{
    char plain[4096];
    size_t n = 0;
    for (; *s && strncmp(s, "</text>", 7) != 0 && n + 1 < sizeof plain; s++) {
        if (*s == '&') {
            s = strchr(s, ';');
            plain[n++] = 'x';
        } else
            plain[n++] = *s;
    }
    plain[n] = '\0';
    return chart_text_columns(plain);
}

/* Checks that every text element of SVG (W x H) is on the canvas and
 * that no two level ones overlap, with widths estimated as chart.c does
 * (0.55 em a column, bold a tenth wider). */
static void check_labels(const char *svg, double w, double h)
{
    struct box b[2000];
    int n = 0;
    double last_turned = -1e9;
    for (const char *p = svg; (p = strstr(p, "<text ")) != NULL && n < N(b); p++) {
        const char *end = strchr(p, '>');
        char tag[512];
        snprintf(tag, sizeof tag, "%.*s", (int)(end - p), p);
        double fs = attr(tag, "font-size", 0);
        double len = escaped_columns(end + 1) * fs * 0.55 * (strstr(tag, "bold") ? 1.1 : 1);
        const char *tr = strstr(tag, "translate(");
        if (tr) {   /* turned 45 degrees, anchored at its end */
            double tx = strtod(tr + 10, NULL), ty = strtod(strchr(tr, ' ') + 1, NULL);
            assert_true(tx - len * 0.7071 >= -0.5 && tx <= w + 0.5);
            assert_true(ty >= 0 && ty + len * 0.7071 + fs <= h + 0.5);
            if ((tx - last_turned) * 0.7071 < fs)   /* apart across their lines */
                fail_msg("turned labels overlap: %s", tag);
            last_turned = tx;
            continue;
        }
        double x = attr(tag, "x", 0), y = attr(tag, "y", 0);
        double x0 = strstr(tag, "\"end\"") ? x - len : strstr(tag, "\"middle\"") ? x - len / 2 : x;
        b[n] = (struct box){x0, y - fs * 0.8, x0 + len, y + fs * 0.2};
        if (b[n].x0 < -0.5 || b[n].x1 > w + 0.5 || b[n].y0 < -0.5 || b[n].y1 > h + 0.5)
            fail_msg("label off the canvas: %s", tag);
        for (int i = 0; i < n; i++)
            if (b[i].x0 < b[n].x1 - 0.5 && b[n].x0 < b[i].x1 - 0.5 && b[i].y0 < b[n].y1 - 0.5 &&
                b[n].y0 < b[i].y1 - 0.5)
                fail_msg("labels overlap: %s", tag);
        n++;
    }
}

/* ---- sample data ---- */

static const char *const months[] = {"2024-01", "2024-02", "2024-03", "2024-04", "2024-05",
                                     "2024-06", "2024-07", "2024-08", "2024-09", "2024-10",
                                     "2024-11", "2024-12"};
static const double views[] = {1200, 1530, 1490, 1820, 2210, 2050, 1980, 2400, 2630, 2580, 2900, 3120};
static const double downloads[] = {300, 410, 380, 520, 610, 600, 570, 700, 760, 740, 810, 900};
static const char *const names[] = {
    "全國各地區空氣品質指標（AQI）每小時監測資料，含各測站之細懸浮微粒與臭氧濃度",
    "臺北市公共自行車即時資訊（YouBike 2.0）",
    "Real-estate transactions (actual price registration), monthly",
    "交通部",
    "<script>alert(1)</script>",
    "A & B \"quoted\" 'single'",
    "😀 emoji 👨‍👩‍👧 family",
    "中央氣象署一週天氣預報",
    "教育部統計處各級學校基本資料",
    "經濟部水利署水庫蓄水狀況",
};
static const double name_values[] = {98765, 87654, 76543, 65432, 54321, 43210, 32109, 21098, 10987, 9876};

static const struct chart_series two_series[] = {{"views 瀏覽", views}, {"downloads 下載", downloads}};

static struct chart line_chart(void)
{
    return (struct chart){CHART_LINE, "Monthly use 每月使用量", "month 月份", "count 次數",
                          months, N(months), NULL, two_series, 2, 0, 0, NULL};
}

static struct chart bar_chart(enum chart_kind kind)
{
    static const struct chart_series one[] = {{"downloads 下載", name_values}};
    static const struct chart_series two[] = {{"views 瀏覽", name_values}, {"downloads 下載", name_values}};
    return (struct chart){kind, "Top datasets 熱門資料集", "downloads 下載次數", "dataset 資料集",
                          names, N(names), NULL, kind == CHART_HBAR ? one : two,
                          kind == CHART_HBAR ? 1 : 2, 0, 0, NULL};
}

/* ---- ticks and numbers ---- */

static void test_ticks_are_round_and_cover_the_maximum(void **state)
{
    (void)state;
    static const double maxima[] = {1, 7, 10, 999, 12345, 1e9, 0.3, 3, 99999, 123456789, 5, 6e15};
    for (int i = 0; i < N(maxima); i++) {
        for (int target = 1; target <= 10; target++) {
            double step;
            int n;
            chart_nice_ticks(maxima[i], target, &step, &n);
            double mantissa = step / pow(10, floor(log10(step)));
            assert_true(fabs(mantissa - 1) < 1e-9 || fabs(mantissa - 2) < 1e-9 ||
                        fabs(mantissa - 5) < 1e-9);
            assert_true(n >= 1 && n <= target);
            assert_true(n * step >= maxima[i]);
            assert_true((n - 1) * step < maxima[i]);   /* no step wasted */
        }
    }
    double step;
    int n;
    chart_nice_ticks(12345, 5, &step, &n);
    assert_true(step == 5000 && n == 3);
    chart_nice_ticks(1e9, 5, &step, &n);
    assert_true(step == 2e8 && n == 5);
    chart_nice_ticks(999, 5, &step, &n);
    assert_true(step == 200 && n == 5);
    chart_nice_ticks(1, 5, &step, &n);
    assert_true(step == 0.2 && n == 5);
}

static void test_ticks_of_nothing_are_zero_to_one(void **state)
{
    (void)state;
    static const double nothing[] = {0, -5, NAN, INFINITY, -INFINITY};
    for (int i = 0; i < N(nothing); i++) {
        double step = 0;
        int n = 0;
        chart_nice_ticks(nothing[i], 5, &step, &n);
        assert_true(step == 1 && n == 1);
    }
    double step;
    int n;
    chart_nice_ticks(DBL_MAX, 5, &step, &n);   /* clamped, finite */
    assert_true(isfinite(step) && n >= 1 && n <= 5);
    chart_nice_ticks(10, 0, &step, &n);        /* a target below 1 is 1 */
    assert_true(step == 10 && n == 1);
}

static void test_numbers_have_thousands_separators(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {12345, "12,345"},
        {1234567, "1,234,567"}, {1e9, "1,000,000,000"}, {-1234, "-1,234"}, {0.2, "0.2"},
        {0.25, "0.25"}, {1234.5, "1,234.5"}, {2.999, "3"}, {-0.001, "0"}, {1e15, "1,000,000,000,000,000"},
        {NAN, "n/a"}, {INFINITY, "n/a"},
    };
    char out[64];
    for (int i = 0; i < N(cases); i++) {
        chart_format_number(cases[i].v, out, sizeof out);
        assert_string_equal(out, cases[i].text);
    }
    chart_format_number(12345, out, 4);   /* truncated, terminated */
    assert_string_equal(out, "12,");
}

/* ---- widths and shortening ---- */

static void test_text_columns_count_cjk_as_two(void **state)
{
    (void)state;
    assert_int_equal(chart_text_columns(""), 0);
    assert_int_equal(chart_text_columns("abc"), 3);
    assert_int_equal(chart_text_columns("交通部"), 6);
    assert_int_equal(chart_text_columns("（AQI）"), 7);
    assert_int_equal(chart_text_columns("😀"), 2);
    assert_int_equal(chart_text_columns("e\xCC\x81"), 1);    /* e + combining acute */
    assert_int_equal(chart_text_columns("\xFF\xC3"), 2);     /* invalid bytes: one each */
    assert_int_equal(chart_text_columns("\xE2\x80\xA6"), 2); /* the ellipsis, as CJK fonts draw it */
}

static void test_shorten_keeps_text_that_fits(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(chart_shorten("交通部", 6, out, sizeof out), strlen("交通部"));
    assert_string_equal(out, "交通部");
    chart_shorten("abc", 100, out, sizeof out);
    assert_string_equal(out, "abc");
    chart_shorten("", 0, out, sizeof out);
    assert_string_equal(out, "");
}

static void test_shorten_adds_an_ellipsis_only_when_shortened(void **state)
{
    (void)state;
    char out[64];
    chart_shorten("交通部觀光署", 8, out, sizeof out);
    assert_string_equal(out, "交通部…");
    chart_shorten("abcdefgh", 5, out, sizeof out);
    assert_string_equal(out, "abc…");
    chart_shorten("交通部", 1, out, sizeof out);   /* no room even for the ellipsis */
    assert_string_equal(out, "");
    chart_shorten("交通部", 3, out, sizeof out);
    assert_string_equal(out, "…");
}

static void test_shorten_never_splits_a_character(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "全國各地區空氣品質指標（AQI）每小時監測資料", "mixed 中文 and ASCII 混合 text",
        "😀😃😄 emoji 👨‍👩‍👧 and 한국어 and かな", "e\xCC\x81t\xC3\xA9 caf\xC3\xA9 ÅÄÖ ĳ",
        "ｆｕｌｌｗｉｄｔｈ　ＡＢＣ", "𠀀𠀁 ext-B 𪚥",
    };
    char out[64];
    for (int t = 0; t < N(texts); t++) {
        int total = chart_text_columns(texts[t]);
        for (int cols = 0; cols <= total + 2; cols++) {
            for (size_t size = 1; size <= sizeof out; size++) {
                size_t len = chart_shorten(texts[t], cols, out, size);
                assert_int_equal(len, strlen(out));
                assert_true(len < size);
                assert_true(valid_utf8(out));
                assert_true(chart_text_columns(out) <= cols);
                bool whole = strcmp(out, texts[t]) == 0;
                if (!whole && len > 0) {
                    assert_true(ends_with(out, "…"));
                    assert_memory_equal(out, texts[t], len - strlen("…"));
                }
                if (cols >= total && size > strlen(texts[t]))
                    assert_true(whole);
            }
        }
    }
}

static void test_shorten_replaces_invalid_bytes(void **state)
{
    (void)state;
    char out[64];
    chart_shorten("a\xFF" "b\xE4\xB8", 20, out, sizeof out);   /* stray and truncated */
    assert_string_equal(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
    chart_shorten("\xC0\xAF\xED\xA0\x80", 20, out, sizeof out);  /* overlong, surrogate */
    assert_true(valid_utf8(out));
}

/* ---- the SVG ---- */

static void test_hostile_names_are_escaped(void **state)
{
    (void)state;
    static const char *const bad[] = {"<script>alert(1)</script>", "&", "\"'", "a]]>b", "\x01\x1b[31m"};
    static const double v[] = {5, 4, 3, 2, 1};
    const struct chart_series s[] = {{"<b>bold</b> & co", v}};
    for (enum chart_kind k = CHART_LINE; k <= CHART_BARS_STACKED; k++) {
        struct chart c = {k, "<title>&amp;", "x</text>", "y\"'", bad, N(bad), NULL, s, 1, 0, 0, NULL};
        char *svg = render(&c);
        assert_null(strstr(svg, "<script"));
        assert_null(strstr(svg, "<b>"));
        assert_null(strstr(svg, "\x1b"));
        assert_null(strstr(svg, "\x01"));
        assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_non_null(strstr(svg, "&lt;b&gt;bold&lt;/b&gt; &amp; co"));
        assert_non_null(strstr(svg, "&lt;title&gt;&amp;amp;"));
        assert_non_null(strstr(svg, "x&lt;/text&gt;"));
        assert_non_null(strstr(svg, "y&quot;&#39;"));
        free(svg);
    }
}

static void test_same_chart_gives_same_bytes(void **state)
{
    (void)state;
    struct chart charts[] = {line_chart(), bar_chart(CHART_HBAR), bar_chart(CHART_BARS_GROUPED),
                             bar_chart(CHART_BARS_STACKED)};
    for (int i = 0; i < N(charts); i++) {
        char *a = render(&charts[i]), *b = render(&charts[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

/* A locale whose decimal separator is a comma must not change a byte
 * (skipped when no such locale is installed). */
static void test_output_ignores_the_locale(void **state)
{
    (void)state;
    static const char *const comma[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "nl_NL.UTF-8", "de_DE.utf8"};
    struct chart c = line_chart();
    c.width = 1001;   /* coordinates with decimals */
    c.height = 563;
    char *before = render(&c);
    bool found = false;
    for (int i = 0; i < N(comma) && !found; i++)
        found = setlocale(LC_ALL, comma[i]) != NULL;
    if (!found) {
        free(before);
        skip();
    }
    char *after = render(&c);
    setlocale(LC_ALL, "C");
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_svg_has_namespace_viewbox_size_and_fonts(void **state)
{
    (void)state;
    struct chart c = line_chart();
    char *svg = render(&c);
    assert_non_null(strstr(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "width=\"1280\" height=\"720\" viewBox=\"0 0 1280 720\""));
    assert_non_null(strstr(svg, "font-family=\"'Noto Sans CJK TC', 'Noto Sans TC', "
                                "'Microsoft JhengHei', 'PingFang TC', sans-serif\""));
    assert_non_null(strstr(svg, "#E69F00"));   /* Okabe-Ito, in order */
    assert_non_null(strstr(svg, "#56B4E9"));
    free(svg);
    c.width = 800;
    c.height = 450;
    svg = render(&c);
    assert_non_null(strstr(svg, "viewBox=\"0 0 800 450\""));
    free(svg);
}

static void test_axis_ticks_have_separators_and_start_at_zero(void **state)
{
    (void)state;
    static const double big[] = {12345, 2000};
    const struct chart_series s[] = {{"views", big}};
    static const char *const cats[] = {"a", "b"};
    struct chart c = {CHART_BARS_GROUPED, "t", NULL, NULL, cats, 2, NULL, s, 1, 0, 0, NULL};
    char *svg = render(&c);
    assert_non_null(strstr(svg, ">0</text>"));
    assert_non_null(strstr(svg, ">10,000</text>"));
    assert_non_null(strstr(svg, ">15,000</text>"));
    assert_null(strstr(svg, ">17,500</text>"));
    free(svg);
}

static void test_counts_get_whole_ticks(void **state)
{
    (void)state;
    static const double few[] = {1, 3, 2};
    const struct chart_series s[] = {{"downloads", few}};
    static const char *const cats[] = {"a", "b", "c"};
    struct chart c = {CHART_LINE, "t", NULL, NULL, cats, 3, NULL, s, 1, 0, 0, NULL};
    char *svg = render(&c);
    assert_null(strstr(svg, ">0.5</text>"));
    assert_non_null(strstr(svg, ">3</text>"));
    free(svg);
}

static void test_long_names_are_shortened_with_a_tooltip(void **state)
{
    (void)state;
    static const char long_name[] =
        "全國各地區空氣品質指標（AQI）每小時監測資料，含各測站之細懸浮微粒與臭氧濃度，"
        "以及各縣市環境保護局之補充監測數據與歷年統計，自民國八十九年起按月彙整並公開於本平臺，"
        "供各界下載與介接使用";
    static const char *const cats[] = {long_name, "交通部"};
    static const double v[] = {2, 1};
    const struct chart_series s[] = {{"downloads", v}};
    for (enum chart_kind k = CHART_LINE; k <= CHART_BARS_STACKED; k++) {
        struct chart c = {k, "t", NULL, NULL, cats, 2, NULL, s, 1, 0, 0, NULL};
        char *svg = render(&c);
        /* the full name is the tooltip of the shortened label's group */
        char head[1024];
        snprintf(head, sizeof head, "<g><title>%s</title><text", long_name);
        const char *g = strstr(svg, head);
        assert_non_null(g);
        const char *end = strstr(g, "</g>");
        assert_non_null(end);
        const char *dots = strstr(g, "…</text>");
        assert_true(dots && dots < end);
        assert_non_null(strstr(svg, ">交通部</text>"));   /* short ones stay whole */
        free(svg);
    }
}

static void test_tooltips_replace_the_category_in_titles(void **state)
{
    (void)state;
    static const char *const tips[] = {"January 2024 (full)", NULL};
    static const double v[] = {1, 2};
    const struct chart_series s[] = {{"views", v}};
    struct chart c = {CHART_LINE, "t", NULL, NULL, months, 2, tips, s, 1, 0, 0, NULL};
    char *svg = render(&c);
    assert_non_null(strstr(svg, "<g><title>January 2024 (full)</title><text"));
    assert_non_null(strstr(svg, "<title>January 2024 (full) \xE2\x80\x94 views: 1</title>"));
    free(svg);
}

static void test_dense_line_labels_show_every_kth(void **state)
{
    (void)state;
    static char text[365][32];
    static const char *cats[365];
    static double v[365];
    for (int i = 0; i < 365; i++) {
        snprintf(text[i], sizeof text[i], "2024-%02d-%02d", 1 + i / 31, 1 + i % 31);
        cats[i] = text[i];
        v[i] = i % 7 * 100;
    }
    const struct chart_series s[] = {{"views", v}};
    struct chart c = {CHART_LINE, "daily", NULL, NULL, cats, 365, NULL, s, 1, 0, 0, NULL};
    char *svg = render(&c);
    assert_non_null(strstr(svg, ">2024-01-01</text>"));
    assert_null(strstr(svg, ">2024-01-02</text>"));
    int shown = count(svg, ">2024-");
    assert_true(shown >= 5 && shown <= 20);
    check_labels(svg, 1280, 720);
    free(svg);
}

static void test_missing_values_break_the_line(void **state)
{
    (void)state;
    static const double gappy[] = {1, 2, NAN, 4, 5, INFINITY, 7};
    const struct chart_series s[] = {{"views", gappy}};
    struct chart c = {CHART_LINE, "t", NULL, NULL, months, 7, NULL, s, 1, 0, 0, NULL};
    char *svg = render(&c);
    assert_int_equal(count(svg, "<polyline"), 3);
    assert_null(strstr(svg, "nan"));
    assert_null(strstr(svg, "inf"));
    free(svg);
}

static void test_charts_without_data_say_so(void **state)
{
    (void)state;
    static const double nothing[] = {NAN, NAN};
    const struct chart_series empty[] = {{"views", NULL}};
    const struct chart_series missing[] = {{"views", nothing}};
    struct chart c = {CHART_HBAR, "t", NULL, NULL, months, 0, NULL, NULL, 0, 0, 0, NULL};
    char *svg = render(&c);
    assert_non_null(strstr(svg, ">no data</text>"));
    free(svg);
    c = (struct chart){CHART_LINE, "t", NULL, NULL, months, 2, NULL, empty, 1, 0, 0, "無資料"};
    svg = render(&c);
    assert_non_null(strstr(svg, ">無資料</text>"));
    free(svg);
    c.series = missing;
    svg = render(&c);
    assert_non_null(strstr(svg, ">無資料</text>"));
    free(svg);
}

static void test_malformed_chart_is_a_usage_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/null", "w");
    struct chart c = line_chart();
    assert_int_equal(chart_write_svg(NULL, f), ST_USAGE);
    c.categories = NULL;
    assert_int_equal(chart_write_svg(&c, f), ST_USAGE);
    c = line_chart();
    c.nseries = -1;
    assert_int_equal(chart_write_svg(&c, f), ST_USAGE);
    c = line_chart();
    c.kind = (enum chart_kind)42;
    assert_int_equal(chart_write_svg(&c, f), ST_USAGE);
    fclose(f);
}

/* Every kind, at the default size and at the smallest, as files checked
 * by xmllint and rsvg-convert, with labels apart and on the canvas. */
static void test_every_kind_is_valid_and_renders(void **state)
{
    static const char *const kinds[] = {"line", "hbar", "grouped", "stacked"};
    static const int sizes[][2] = {{0, 0}, {800, 450}, {320, 200}, {1920, 1080}};
    for (enum chart_kind k = CHART_LINE; k <= CHART_BARS_STACKED; k++) {
        for (int z = 0; z < N(sizes); z++) {
            struct chart c = k == CHART_LINE ? line_chart() : bar_chart(k);
            char name[64];
            c.width = sizes[z][0];
            c.height = sizes[z][1];
            snprintf(name, sizeof name, "%s-%d", kinds[k], sizes[z][0] ? sizes[z][0] : 1280);
            check_file(*state, name, &c);
            char *svg = render(&c);
            check_labels(svg, c.width ? c.width : 1280, c.height ? c.height : 720);
            free(svg);
        }
    }
}

/* The cases the issue lists: all zeros, an empty series, one point, one
 * category, no categories, many categories, negative values, hostile text. */
static void test_edge_cases_are_valid_and_render(void **state)
{
    static const double zeros[12], one[] = {42}, negative[] = {-5, 3, -1};
    static const double huge[] = {1e300, 1, DBL_MAX, 5e15};
    static double many[60];
    static char many_text[60][64];
    static const char *many_names[60];
    for (int i = 0; i < 60; i++) {
        snprintf(many_text[i], sizeof many_text[i], "第%d機關資訊處統計科", i + 1);
        many_names[i] = many_text[i];
        many[i] = 1000.0 * (60 - i);
    }
    const struct chart_series zs[] = {{"zeros", zeros}, {"empty", NULL}};
    const struct chart_series os[] = {{"one", one}};
    const struct chart_series ns[] = {{"negative", negative}};
    const struct chart_series ms[] = {{"views", many}, {"downloads", many}};
    const struct chart_series bs[] = {{"huge", huge}};
    const struct chart_series hs[] = {{"<script>alert(1)</script>", name_values}};
    static const char *const single[] = {"交通部"};
    struct {
        const char *name;
        struct chart c;
    } cases[] = {
        {"zeros-line", {CHART_LINE, "zeros", "x", "y", months, 12, NULL, zs, 2, 0, 0, NULL}},
        {"zeros-stacked", {CHART_BARS_STACKED, "zeros", "x", "y", months, 12, NULL, zs, 2, 0, 0, NULL}},
        {"one-point", {CHART_LINE, "one point", "x", "y", months, 1, NULL, os, 1, 0, 0, NULL}},
        {"one-category", {CHART_BARS_GROUPED, "one", "x", "y", single, 1, NULL, os, 1, 0, 0, NULL}},
        {"one-hbar", {CHART_HBAR, "one", "x", "y", single, 1, NULL, os, 1, 0, 0, NULL}},
        {"no-categories", {CHART_HBAR, "none", "x", "y", NULL, 0, NULL, os, 1, 0, 0, NULL}},
        {"negative", {CHART_BARS_GROUPED, "negative", "x", "y", months, 3, NULL, ns, 1, 0, 0, NULL}},
        {"many-grouped", {CHART_BARS_GROUPED, "60 agencies", "x", "y", many_names, 60, NULL, ms, 2, 0, 0, NULL}},
        {"many-hbar", {CHART_HBAR, "60 agencies", "x", "y", many_names, 60, NULL, ms, 1, 0, 0, NULL}},
        {"hostile", {CHART_HBAR, "<script>alert(1)</script> & \"'", "<x>", "&y", names, 10, NULL, hs, 1, 0, 0, NULL}},
        {"huge-hbar", {CHART_HBAR, "huge", "x", "y", months, 4, NULL, bs, 1, 0, 0, NULL}},
        {"huge-line", {CHART_LINE, "huge", "x", "y", months, 4, NULL, bs, 1, 0, 0, NULL}},
        {"huge-stacked", {CHART_BARS_STACKED, "huge", "x", "y", months, 4, NULL, bs, 1, 0, 0, NULL}},
        {"no-text", {CHART_BARS_STACKED, NULL, NULL, NULL, names, 10, NULL, two_series, 2, 0, 0, NULL}},
    };
    for (int i = 0; i < N(cases); i++) {
        check_file(*state, cases[i].name, &cases[i].c);
        char *svg = render(&cases[i].c);
        check_labels(svg, 1280, 720);
        free(svg);
    }
}

static void test_many_series_wrap_the_legend(void **state)
{
    static const char *const long_names[] = {
        "全國各地區空氣品質指標（AQI）每小時監測資料，含各測站之細懸浮微粒與臭氧濃度",
        "臺北市公共自行車即時資訊", "views", "downloads", "API calls 應用程式介面呼叫",
        "series six", "series seven", "series eight", "series nine (dashed colours repeat)",
        "series ten"};
    static struct chart_series s[64];
    for (int i = 0; i < 64; i++)
        s[i] = (struct chart_series){long_names[i % 10], i % 2 ? views : downloads};
    struct chart c = {CHART_LINE, "Ten series 十條線", "month", "count", months, 12, NULL, s, 10, 0, 0, NULL};
    check_file(*state, "ten-series", &c);
    char *svg = render(&c);
    check_labels(svg, 1280, 720);
    assert_non_null(strstr(svg, "stroke-dasharray"));
    /* the ninth series' legend key is dashed too, and has no dot over its gaps */
    assert_non_null(strstr(svg, "<path stroke=\"#E69F00\" stroke-dasharray=\"5 3\""));
    /* the eighth colour is readable on white: not Okabe-Ito's yellow */
    assert_null(strstr(svg, "#F0E442"));
    free(svg);
    c.nseries = 64;   /* the legend stops at a quarter of the canvas */
    check_file(*state, "many-series", &c);
    svg = render(&c);
    check_labels(svg, 1280, 720);
    assert_non_null(strstr(svg, ">+"));
    free(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticks_are_round_and_cover_the_maximum),
        cmocka_unit_test(test_ticks_of_nothing_are_zero_to_one),
        cmocka_unit_test(test_numbers_have_thousands_separators),
        cmocka_unit_test(test_text_columns_count_cjk_as_two),
        cmocka_unit_test(test_shorten_keeps_text_that_fits),
        cmocka_unit_test(test_shorten_adds_an_ellipsis_only_when_shortened),
        cmocka_unit_test(test_shorten_never_splits_a_character),
        cmocka_unit_test(test_shorten_replaces_invalid_bytes),
        cmocka_unit_test(test_hostile_names_are_escaped),
        cmocka_unit_test(test_same_chart_gives_same_bytes),
        cmocka_unit_test(test_output_ignores_the_locale),
        cmocka_unit_test(test_svg_has_namespace_viewbox_size_and_fonts),
        cmocka_unit_test(test_axis_ticks_have_separators_and_start_at_zero),
        cmocka_unit_test(test_counts_get_whole_ticks),
        cmocka_unit_test(test_long_names_are_shortened_with_a_tooltip),
        cmocka_unit_test(test_tooltips_replace_the_category_in_titles),
        cmocka_unit_test(test_dense_line_labels_show_every_kth),
        cmocka_unit_test(test_missing_values_break_the_line),
        cmocka_unit_test(test_charts_without_data_say_so),
        cmocka_unit_test(test_malformed_chart_is_a_usage_error),
        cmocka_unit_test(test_every_kind_is_valid_and_renders),
        cmocka_unit_test(test_edge_cases_are_valid_and_render),
        cmocka_unit_test(test_many_series_wrap_the_legend),
    };
    return cmocka_run_group_tests_name("chart", tests, outdir_setup, outdir_teardown);
}
