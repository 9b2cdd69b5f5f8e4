/* chart_text.c - text helpers of the SVG charts: UTF-8 decoding, display
 * widths, shortening with an ellipsis, XML escaping and number formatting.
 * Nothing here depends on the locale or on font metrics. */
#include "chart.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu
#define ZWJ 0x200Du
#define ELLIPSIS "\xE2\x80\xA6"  /* U+2026 */
#define ELLIPSIS_COLUMNS 2

struct range {
    uint32_t lo, hi;
};

/* East Asian Wide and Fullwidth blocks (UAX #11), coarsely: enough for
 * Chinese dataset names, kana, hangul and the common emoji. The ellipsis
 * is here because CJK fonts draw it a full em wide. */
static const struct range wide[] = {
    {0x1100, 0x115F},   {0x2026, 0x2026},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF},
    {0x20000, 0x3FFFD},
};

/* Combining marks, zero-width spaces and joiners, variation selectors. */
static const struct range zero[] = {
    {0x0300, 0x036F}, {0x200B, 0x200F}, {0x20D0, 0x20FF},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xE0100, 0xE01EF},
};

static bool in_ranges(uint32_t c, const struct range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c >= r[i].lo && c <= r[i].hi)
            return true;
    return false;
}

static int char_columns(uint32_t c)
{
    if (in_ranges(c, zero, sizeof zero / sizeof zero[0]))
        return 0;
    return in_ranges(c, wide, sizeof wide / sizeof wide[0]) ? 2 : 1;
}

/* Decodes the character at S into *CP and returns its length in bytes, 0
 * at the end. A byte that does not start a valid sequence (overlong,
 * surrogate, above U+10FFFF, truncated) is one U+FFFD of length 1. */
static int utf8_next(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    int len = u[0] < 0x80 ? 1 : u[0] >= 0xC2 && u[0] <= 0xDF ? 2
            : u[0] >= 0xE0 && u[0] <= 0xEF ? 3 : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : 0;
    if (u[0] == 0)
        return 0;
    *cp = REPLACEMENT;
    if (len == 0)
        return 1;
    uint32_t c = len == 1 ? u[0] : u[0] & (0x7Fu >> len);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 1;   /* also stops at the NUL of a truncated sequence */
        c = c << 6 | (u[i] & 0x3Fu);
    }
    if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 1;
    *cp = c;
    return len;
}

int chart_text_columns(const char *utf8)
{
    int cols = 0, n;
    uint32_t c;
    for (const char *s = utf8; (n = utf8_next(s, &c)) > 0; s += n)
        cols += char_columns(c);
    return cols;
}

/* Copies whole characters of S into OUT while they fit COLS columns and
 * SIZE - 1 bytes (invalid bytes as U+FFFD), NUL-terminates it and returns
 * its length; *REST is where copying stopped (at the NUL if all fit). */
static size_t copy_chars(const char *s, int cols, char *out, size_t size, const char **rest)
{
    size_t len = 0;
    int n, used = 0;
    uint32_t c;
    for (; (n = utf8_next(s, &c)) > 0; s += n) {
        size_t bytes = c == REPLACEMENT ? 3 : (size_t)n;
        int w = char_columns(c);
        if (used + w > cols || len + bytes + 1 > size)
            break;
        memcpy(out + len, c == REPLACEMENT ? "\xEF\xBF\xBD" : s, bytes);
        len += bytes;
        used += w;
    }
    out[len] = '\0';
    *rest = s;
    return len;
}

size_t chart_fit(const char *utf8, int max_columns)
{
    size_t len = 0;
    int n, used = 0;
    uint32_t c;
    for (const char *s = utf8; (n = utf8_next(s, &c)) > 0; s += n) {
        used += char_columns(c);
        if (used > max_columns)
            break;
        len += (size_t)n;
    }
    return len;
}

size_t chart_shorten(const char *utf8, int max_columns, char *out, size_t size)
{
    const char *rest;
    if (size == 0)
        return 0;
    if (max_columns < 0)
        max_columns = 0;
    size_t len = copy_chars(utf8, max_columns, out, size, &rest);
    if (*rest == '\0')
        return len;
    if (size < sizeof ELLIPSIS || max_columns < ELLIPSIS_COLUMNS) {
        out[0] = '\0';
        return 0;
    }
    len = copy_chars(utf8, max_columns - ELLIPSIS_COLUMNS, out, size - (sizeof ELLIPSIS - 1), &rest);
    /* A joiner at the cut would glue the ellipsis to the emoji before it. */
    if (len >= 3 && memcmp(out + len - 3, "\xE2\x80\x8D", 3) == 0)
        len -= 3;
    memcpy(out + len, ELLIPSIS, sizeof ELLIPSIS);
    return len + sizeof ELLIPSIS - 1;
}

void chart_write_text(FILE *out, const char *utf8)
{
    int n;
    uint32_t c;
    for (const char *s = utf8; (n = utf8_next(s, &c)) > 0; s += n) {
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case REPLACEMENT: fputs("\xEF\xBF\xBD", out); break;
        case 0xFFFE: case 0xFFFF: fputs("\xEF\xBF\xBD", out); break;  /* not XML characters */
        default:
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
                fputc(' ', out);   /* labels are one line; controls are not XML or act
                                      on terminals (DEL, C1 such as CSI) */
            else
                fwrite(s, 1, (size_t)n, out);
        }
    }
}

/* Writes the decimal digits of A (>= 0, whole) into OUT with a comma
 * every three digits; OUT has room for 420 bytes. */
static void group_digits(double a, char *out)
{
    char digits[320];
    if (a < 1e15)
        snprintf(digits, sizeof digits, "%lld", (long long)a);
    else
        snprintf(digits, sizeof digits, "%.0f", a);   /* no grouping flag: locale-free */
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

void chart_format_number(double v, char *out, size_t size)
{
    char whole[420];
    long long hundredths = 0;
    if (!isfinite(v)) {
        snprintf(out, size, "n/a");
        return;
    }
    double a = fabs(v);
    if (a < 1e15) {   /* exact in hundredths; larger counts have no fraction to show */
        hundredths = llround(a * 100);
        a = (double)(hundredths / 100);
        hundredths %= 100;
    } else
        a = floor(a);
    group_digits(a, whole);
    const char *sign = v < 0 && (a > 0 || hundredths > 0) ? "-" : "";
    if (hundredths == 0)
        snprintf(out, size, "%s%s", sign, whole);
    else if (hundredths % 10 == 0)
        snprintf(out, size, "%s%s.%lld", sign, whole, hundredths / 10);
    else
        snprintf(out, size, "%s%s.%02lld", sign, whole, hundredths);
}
