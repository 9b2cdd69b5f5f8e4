/* chart.c - layout and drawing of the SVG charts; text helpers are in
 * chart_text.c, tick selection in chart_axis.c, the rules in docs/charts.md.
 *
 * There are no font metrics here: text widths are estimated from display
 * columns (chart_text_columns) and the font size, generously, and every
 * label is shortened to the room it has, so nothing overlaps or leaves the
 * canvas whatever the data. Only presentation attributes are used (no CSS,
 * no dominant-baseline), as office suites ignore much of the rest.
 */
#include "chart.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "msg.h"

#define DEFAULT_W 1280
#define DEFAULT_H 720
#define MIN_W 320
#define MIN_H 200
#define MAX_SIDE 16384
#define EM_PER_COLUMN 0.55   /* a column of sans-serif text, in ems; CJK is 2 columns */
#define SIN45 0.7071
#define LABEL_BYTES 4096

/* Okabe-Ito: told apart with the common colour-vision deficiencies. Its
 * yellow (#F0E442) hardly shows on white paper, so the eighth colour is a
 * dark olive that keeps the palette's contrast with the other seven. */
static const char *const palette[] = {"#E69F00", "#56B4E9", "#009E73", "#0072B2",
                                      "#D55E00", "#CC79A7", "#000000", "#8A7A00"};
#define NCOLOURS ((int)(sizeof palette / sizeof palette[0]))

/* Lines past the eighth repeat the colours, so they are dashed. */
static bool dashed(int series) { return series / NCOLOURS % 2; }

static const char *dashes(int series)
{
    return dashed(series) ? " stroke-dasharray=\"10 5\"" : "";
}

/* The legend key of a dashed line: short dashes, so even its few pixels
 * show two gaps. */
static const char *key_dashes(int series)
{
    return dashed(series) ? " stroke-dasharray=\"5 3\"" : "";
}

static const char font_stack[] =
    "'Noto Sans CJK TC', 'Noto Sans TC', 'Microsoft JhengHei', 'PingFang TC', sans-serif";

/* Sizes for one canvas; all scale with it so slides look alike. */
struct look {
    double s;                           /* scale against 1280x720 */
    double pad;                         /* empty border */
    double title, label, tick, legend;  /* font sizes */
};

struct ctx {
    const struct chart *c;
    FILE *out;
    double w, h;
    struct look k;
    double top;             /* y below the title, the legend and the axis name */
    double step;            /* value axis: 0, step, ... step * count */
    int count;
    double x0, y0, x1, y1;  /* plot area; y grows downwards */
};

/* One piece of text; MAX_PX bounds its width (it is shortened to fit). */
struct text {
    double x, y, size, max_px;
    const char *anchor;   /* start, middle or end */
    const char *fill;
    bool bold;
    double rotate;        /* degrees about (x, y); 0: none */
};

/* ---- output ---- */

/* Writes a coordinate with at most two decimals and a '.', in any locale. */
static void put_num(FILE *out, double v)
{
    if (!isfinite(v))
        v = 0;
    v = fmax(-1e9, fmin(1e9, v));
    long long h = llround(v * 100);
    if (h < 0) {
        fputc('-', out);
        h = -h;
    }
    fprintf(out, "%lld", h / 100);
    if (h % 100 % 10 == 0 && h % 100)
        fprintf(out, ".%lld", h % 100 / 10);
    else if (h % 100)
        fprintf(out, ".%02lld", h % 100);
}

static void put_attr(FILE *out, const char *name, double v)
{
    fprintf(out, " %s=\"", name);
    put_num(out, v);
    fputc('"', out);
}

static double text_px(const char *s, double size)
{
    return chart_text_columns(s) * size * EM_PER_COLUMN;
}

static int px_columns(double px, double size)
{
    double cols = floor(px / (size * EM_PER_COLUMN));
    return cols < 0 ? 0 : cols > LABEL_BYTES ? LABEL_BYTES : (int)cols;
}

/* Opens a group with TIP as its tooltip when SHOWN differs from it;
 * returns whether it did. */
static bool open_tip(struct ctx *x, const char *shown, const char *tip)
{
    if (strcmp(shown, tip) == 0)
        return false;
    fputs("<g><title>", x->out);
    chart_write_text(x->out, tip);
    fputs("</title>", x->out);
    return true;
}

/* Writes SHOWN (already short enough) as one text element at (X, Y). */
static void put_text_at(struct ctx *x, const struct text *t, double y, const char *shown)
{
    fputs("<text", x->out);
    if (t->rotate != 0) {
        fputs(" transform=\"translate(", x->out);
        put_num(x->out, t->x);
        fputc(' ', x->out);
        put_num(x->out, y);
        fputs(") rotate(", x->out);
        put_num(x->out, t->rotate);
        fputs(")\"", x->out);
    } else {
        put_attr(x->out, "x", t->x);
        put_attr(x->out, "y", y);
    }
    put_attr(x->out, "font-size", t->size);
    if (strcmp(t->anchor, "start") != 0)
        fprintf(x->out, " text-anchor=\"%s\"", t->anchor);
    if (t->bold)
        fputs(" font-weight=\"bold\"", x->out);
    fprintf(x->out, " fill=\"%s\">", t->fill);
    chart_write_text(x->out, shown);
    fputs("</text>", x->out);
}

/* Writes S as T says, shortened to T->max_px. When it was shortened or TIP
 * differs, a group carries the full text (TIP, else S) as its tooltip. */
static void put_text(struct ctx *x, const struct text *t, const char *s, const char *tip)
{
    char shown[LABEL_BYTES];
    s = s ? s : "";
    chart_shorten(s, px_columns(t->max_px, t->size), shown, sizeof shown);
    bool grouped = open_tip(x, shown, tip ? tip : s);
    put_text_at(x, t, t->y, shown);
    fputs(grouped ? "</g>\n" : "\n", x->out);
}

/* Where S breaks for lines of COLS columns: after the last space that
 * fits, else after the last character that fits (CJK breaks anywhere). */
static size_t break_point(const char *s, int cols)
{
    size_t n = chart_fit(s, cols);
    if (s[n] == '\0' || s[n] == ' ')
        return n;
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == ' ')
            return i - 1;
    return n;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

/* Where S breaks into two lines of COLS columns: near the middle, so no
 * single character is left on a line of its own, unless the second line
 * would then be too long. */
static size_t two_line_break(const char *s, int cols)
{
    size_t n = break_point(s, (chart_text_columns(s) + 1) / 2);
    if (n == 0 || chart_text_columns(skip_spaces(s + n)) > cols)
        n = break_point(s, cols);
    return n;
}

/* Whether S fits two lines of COLS columns. */
static bool fits_two_lines(const char *s, int cols)
{
    return chart_text_columns(skip_spaces(s + two_line_break(s, cols))) <= cols;
}

/* Writes S on up to two lines of T->max_px, the first at T->y; the second
 * is shortened if need be. */
static void put_two_lines(struct ctx *x, const struct text *t, const char *s, const char *tip)
{
    char first[LABEL_BYTES], second[LABEL_BYTES];
    int cols = px_columns(t->max_px, t->size);
    s = s ? s : "";
    if (chart_text_columns(s) <= cols) {
        put_text(x, t, s, tip);
        return;
    }
    size_t n = two_line_break(s, cols);
    if (s[n] == '\0' || n == 0 || n >= sizeof first) {
        put_text(x, t, s, tip);
        return;
    }
    memcpy(first, s, n);
    first[n] = '\0';
    const char *rest = skip_spaces(s + n);
    size_t len = chart_shorten(rest, cols, second, sizeof second);
    bool shortened = strlen(rest) != len || strcmp(rest, second) != 0;
    bool grouped = (tip || shortened) && open_tip(x, "", tip ? tip : s);
    put_text_at(x, t, t->y, first);
    put_text_at(x, t, t->y + t->size * 1.2, second);
    fputs(grouped ? "</g>\n" : "\n", x->out);
}

static void put_line(struct ctx *x, double xa, double ya, double xb, double yb,
                     const char *stroke, double width)
{
    fputs("<line", x->out);
    put_attr(x->out, "x1", xa);
    put_attr(x->out, "y1", ya);
    put_attr(x->out, "x2", xb);
    put_attr(x->out, "y2", yb);
    fprintf(x->out, " stroke=\"%s\"", stroke);
    put_attr(x->out, "stroke-width", width);
    fputs("/>\n", x->out);
}

/* Opens a rect (the caller closes it, maybe after a <title>); sizes below
 * zero, which SVG rejects, become zero. */
static void open_rect(struct ctx *x, double rx, double ry, double w, double h, const char *fill)
{
    fputs("<rect", x->out);
    put_attr(x->out, "x", rx);
    put_attr(x->out, "y", ry);
    put_attr(x->out, "width", fmax(0, w));
    put_attr(x->out, "height", fmax(0, h));
    fprintf(x->out, " fill=\"%s\"", fill);
}

/* Writes "CATEGORY - SERIES: VALUE" as the tooltip of a bar or a point. */
static void put_value_tip(struct ctx *x, int cat, int ser, double v)
{
    const struct chart *c = x->c;
    const char *name = c->categories[cat] ? c->categories[cat] : "";
    const char *full = c->tooltips && c->tooltips[cat] ? c->tooltips[cat] : name;
    char num[64];
    chart_format_number(v, num, sizeof num);
    fputs("<title>", x->out);
    chart_write_text(x->out, full);
    fputs(" \xE2\x80\x94 ", x->out);
    chart_write_text(x->out, c->series[ser].name ? c->series[ser].name : "");
    fputs(": ", x->out);
    chart_write_text(x->out, num);
    fputs("</title>", x->out);
}

/* ---- data ---- */

static const char *category(const struct chart *c, int i)
{
    return c->categories[i] ? c->categories[i] : "";
}

static const char *tooltip(const struct chart *c, int i)
{
    return c->tooltips && c->tooltips[i] ? c->tooltips[i] : NULL;
}

static bool present(const struct chart *c, int ser, int cat)
{
    return c->series[ser].values && isfinite(c->series[ser].values[cat]);
}

/* The value as drawn: missing is 0, below zero is 0. */
static double value(const struct chart *c, int ser, int cat)
{
    return present(c, ser, cat) ? fmax(0, c->series[ser].values[cat]) : 0;
}

static bool has_data(const struct chart *c)
{
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->ncategories; i++)
            if (present(c, s, i))
                return true;
    return false;
}

/* The largest value drawn: of a bar, or of a stack of them. */
static double max_value(const struct chart *c)
{
    double max = 0;
    for (int i = 0; i < c->ncategories; i++) {
        double sum = 0;
        for (int s = 0; s < c->nseries; s++) {
            sum = c->kind == CHART_BARS_STACKED ? sum + value(c, s, i) : value(c, s, i);
            max = fmax(max, sum);
        }
    }
    return max;
}

static bool all_whole(const struct chart *c)
{
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->ncategories; i++)
            if (value(c, s, i) != floor(value(c, s, i)))
                return false;
    return true;
}

/* Chooses the value axis with at most TARGET steps. Counts never get a
 * tick at 0.5. */
static void choose_ticks(struct ctx *x, int target)
{
    double max = max_value(x->c);
    chart_nice_ticks(max, target, &x->step, &x->count);
    if (x->step < 1 && all_whole(x->c)) {
        x->step = 1;
        x->count = max < 1 ? 1 : (int)ceil(max);
    }
}

/* The fraction of the value axis V reaches, 0..1. */
static double fraction(const struct ctx *x, double v)
{
    return fmin(1, v / (x->step * x->count));
}

/* The width of the widest tick label; absurd values get a quarter of the
 * canvas and are shortened to it. */
static double tick_label_px(const struct ctx *x)
{
    char num[64];
    double widest = 0;
    for (int i = 0; i <= x->count; i++) {
        chart_format_number(i * x->step, num, sizeof num);
        widest = fmax(widest, text_px(num, x->k.tick));
    }
    return fmin(widest, x->w / 4);
}

/* Shows every K-th of labels SPACING apart so that labels of width
 * LABEL_PX keep a gap of GAP between them. */
static int label_every(double spacing, double label_px, double gap)
{
    if (spacing <= 0)
        return 1;
    double k = ceil((label_px + gap) / spacing);
    return k < 1 ? 1 : k > 1e6 ? 1000000 : (int)k;
}

static double widest_category(const struct chart *c, double size, double cap)
{
    double widest = 0;
    for (int i = 0; i < c->ncategories; i++)
        widest = fmax(widest, text_px(category(c, i), size));
    return fmin(widest, cap);
}

/* ---- frame: title, legend, axis names, value axis ---- */

static void put_header(struct ctx *x)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"", x->out);
    put_attr(x->out, "width", x->w);
    put_attr(x->out, "height", x->h);
    fprintf(x->out, " viewBox=\"0 0 %d %d\" font-family=\"%s\">\n", (int)x->w, (int)x->h, font_stack);
    fputs("<title>", x->out);
    chart_write_text(x->out, x->c->title ? x->c->title : "");
    fputs("</title>\n", x->out);
    /* Opaque, or the slide colour shows through when pasted. */
    fprintf(x->out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#FFFFFF\"/>\n",
            (int)x->w, (int)x->h);
}

static void put_title(struct ctx *x)
{
    if (!x->c->title || !x->c->title[0])
        return;
    struct text t = {x->k.pad, x->top + x->k.title, x->k.title, x->w - 2 * x->k.pad,
                     "start", "#222222", true, 0};
    /* bold glyphs are wider: leave them a tenth more room */
    t.max_px /= 1.1;
    put_text(x, &t, x->c->title, NULL);
    x->top += x->k.title * 1.5;
}

/* A legend key: a short line with a dot for lines, a square for bars. */
static void put_key(struct ctx *x, double kx, double ky, double size, int series)
{
    const char *colour = palette[series % NCOLOURS];
    if (x->c->kind == CHART_LINE) {
        fprintf(x->out, "<path stroke=\"%s\"%s", colour, key_dashes(series));
        put_attr(x->out, "stroke-width", 3 * x->k.s);
        fputs(" d=\"M", x->out);
        put_num(x->out, kx);
        fputc(' ', x->out);
        put_num(x->out, ky + size / 2);
        fputs("h", x->out);
        put_num(x->out, size * 2.4);
        fputs("\"/>\n", x->out);
        if (dashed(series)) /* a dot would hide the gaps that tell it apart */
            return;
        fprintf(x->out, "<circle fill=\"%s\"", colour);
        put_attr(x->out, "cx", kx + size * 1.2);
        put_attr(x->out, "cy", ky + size / 2);
        put_attr(x->out, "r", 4 * x->k.s);
        fputs("/>\n", x->out);
        return;
    }
    open_rect(x, kx, ky, size, size, colour);
    fputs("/>\n", x->out);
}

/* Writes "+N" for the N legend entries that found no room. */
static void put_legend_rest(struct ctx *x, double lx, double ly, int n)
{
    char more[32];
    snprintf(more, sizeof more, "+%d", n);
    struct text t = {lx, ly + x->k.legend * 0.85, x->k.legend, x->w, "start", "#333333", false, 0};
    put_text(x, &t, more, NULL);
}

/* Legend entries in rows, wrapping when a row is full; they take at most
 * a quarter of the canvas, and "+N" stands for the entries past that. */
static void put_legend(struct ctx *x)
{
    const struct chart *c = x->c;
    double size = x->k.legend, row = size * 1.7, key = c->kind == CHART_LINE ? size * 2.4 : size;
    double lx = x->k.pad, ly = x->top + size * 0.4, right = x->w - x->k.pad;
    double bottom = x->top + x->h / 4, more = text_px("+999", size) + size;
    for (int s = 0; s < c->nseries; s++) {
        const char *name = c->series[s].name ? c->series[s].name : "";
        double text = fmin(fmin(text_px(name, size), 30 * size * EM_PER_COLUMN),
                           right - x->k.pad - key - size - more);
        double item = key + size * 0.5 + fmax(0, text);
        bool last_row = ly + 2 * row > bottom;
        if (lx > x->k.pad && lx + item > right) {
            if (last_row) {
                put_legend_rest(x, lx, ly, c->nseries - s);
                break;
            }
            lx = x->k.pad;
            ly += row;
            last_row = ly + 2 * row > bottom;
        }
        if (last_row && s < c->nseries - 1 && lx + item + more > right) {
            put_legend_rest(x, lx, ly, c->nseries - s);
            break;
        }
        put_key(x, lx, ly, size, s);
        struct text t = {lx + key + size * 0.5, ly + size * 0.85, size, text + 1,
                         "start", "#333333", false, 0};
        put_text(x, &t, name, NULL);
        lx += item + size * 1.5;
    }
    if (c->nseries > 0)
        x->top = ly + row;
}

/* The name of the vertical axis (of values, or of the ranked things),
 * above it and left-aligned so CJK text reads upright. */
static void put_axis_name(struct ctx *x)
{
    if (!x->c->y_label || !x->c->y_label[0])
        return;
    struct text t = {x->k.pad, x->top + x->k.label, x->k.label, x->w - 2 * x->k.pad,
                     "start", "#333333", false, 0};
    put_text(x, &t, x->c->y_label, NULL);
    x->top += x->k.label * 1.6;
}

/* The x_label, centred under the plot at the bottom of the canvas. */
static void put_x_name(struct ctx *x)
{
    if (!x->c->x_label || !x->c->x_label[0])
        return;
    double mid = (x->x0 + x->x1) / 2;
    struct text t = {mid, x->h - x->k.pad, x->k.label, 2 * fmin(mid, x->w - mid) - 2 * x->k.pad,
                     "middle", "#333333", false, 0};
    put_text(x, &t, x->c->x_label, NULL);
}

static double x_name_px(const struct ctx *x)
{
    return x->c->x_label && x->c->x_label[0] ? x->k.label * 1.6 : 0;
}

/* Grid lines across the plot and tick labels left of it, for charts
 * whose values go up. */
static void put_value_axis_up(struct ctx *x)
{
    char num[64];
    for (int i = 0; i <= x->count; i++) {
        double y = x->y1 - (x->y1 - x->y0) * i / x->count;
        put_line(x, x->x0, y, x->x1, y, i ? "#DDDDDD" : "#666666", i ? x->k.s : 1.5 * x->k.s);
        chart_format_number(i * x->step, num, sizeof num);
        struct text t = {x->x0 - 8 * x->k.s, y + x->k.tick * 0.35, x->k.tick,
                         x->x0 - 8 * x->k.s - x->k.pad, "end", "#555555", false, 0};
        put_text(x, &t, num, NULL);
    }
}

/* The same for values that go right (rankings): labels under the plot. */
static void put_value_axis_right(struct ctx *x)
{
    char num[64];
    for (int i = 0; i <= x->count; i++) {
        double gx = x->x0 + (x->x1 - x->x0) * i / x->count;
        put_line(x, gx, x->y0, gx, x->y1, i ? "#DDDDDD" : "#666666", i ? x->k.s : 1.5 * x->k.s);
        chart_format_number(i * x->step, num, sizeof num);
        double room = fmin((x->x1 - x->x0) / x->count - 8 * x->k.s, 2 * fmin(gx, x->w - gx));
        struct text t = {gx, x->y1 + x->k.tick * 1.4, x->k.tick, room, "middle", "#555555", false, 0};
        put_text(x, &t, num, NULL);
    }
}

/* Steps for a value axis LENGTH pixels long, upright: a step per four
 * lines of tick text, 2 to 6. */
static int up_target(const struct ctx *x, double length)
{
    double t = floor(length / (x->k.tick * 4));
    return t < 2 ? 2 : t > 6 ? 6 : (int)t;
}

/* ---- the kinds ---- */

static double category_x(const struct ctx *x, int i)
{
    int n = x->c->ncategories;
    return n == 1 ? (x->x0 + x->x1) / 2 : x->x0 + (x->x1 - x->x0) * i / (n - 1);
}

/* The line of series S, broken where values are missing. */
static void put_series_line(struct ctx *x, int s)
{
    const struct chart *c = x->c;
    const char *colour = palette[s % NCOLOURS];
    bool open = false;
    for (int i = 0; i <= c->ncategories; i++) {
        bool here = i < c->ncategories && present(c, s, i);
        if (open && !here)
            fputs("\"/>\n", x->out);   /* a gap: missing values are not zeros */
        if (here && !open) {
            fprintf(x->out, "<polyline fill=\"none\" stroke=\"%s\"%s", colour, dashes(s));
            put_attr(x->out, "stroke-width", 3 * x->k.s);
            fputs(" stroke-linejoin=\"round\" points=\"", x->out);
        } else if (here)
            fputc(' ', x->out);
        if (here) {
            put_num(x->out, category_x(x, i));
            fputc(',', x->out);
            put_num(x->out, x->y1 - (x->y1 - x->y0) * fraction(x, value(c, s, i)));
        }
        open = here;
    }
}

/* Dots on the points of series S: all of them when DOTS, else only those
 * without a neighbour, which no line would show. */
static void put_series_dots(struct ctx *x, int s, bool dots)
{
    const struct chart *c = x->c;
    const char *colour = palette[s % NCOLOURS];
    for (int i = 0; i < c->ncategories; i++) {
        bool alone = (i == 0 || !present(c, s, i - 1)) &&
                     (i == c->ncategories - 1 || !present(c, s, i + 1));
        if (!present(c, s, i) || !(dots || alone))
            continue;
        fprintf(x->out, "<circle fill=\"%s\"", colour);
        put_attr(x->out, "cx", category_x(x, i));
        put_attr(x->out, "cy", x->y1 - (x->y1 - x->y0) * fraction(x, value(c, s, i)));
        put_attr(x->out, "r", 4 * x->k.s);
        fputc('>', x->out);
        put_value_tip(x, i, s, c->series[s].values[i]);
        fputs("</circle>\n", x->out);
    }
}

static void put_line_chart(struct ctx *x)
{
    const struct chart *c = x->c;
    int n = c->ncategories;
    double fs = x->k.tick;
    double label = widest_category(c, fs, fmin(24 * fs * EM_PER_COLUMN, x->w / 3));
    x->y1 = x->h - x->k.pad - x_name_px(x) - fs * 2;
    choose_ticks(x, up_target(x, x->y1 - x->y0));
    x->x0 = x->k.pad + fmax(tick_label_px(x) + 10 * x->k.s, label / 2);
    x->x1 = x->w - x->k.pad - fmax(label / 2, 8 * x->k.s);
    put_value_axis_up(x);
    double spacing = n > 1 ? (x->x1 - x->x0) / (n - 1) : x->x1 - x->x0;
    int every = label_every(spacing, label, fs * 1.5);
    for (int i = 0; i < n; i += every) {
        double cx = category_x(x, i);
        put_line(x, cx, x->y1, cx, x->y1 + 5 * x->k.s, "#666666", x->k.s);
        struct text t = {cx, x->y1 + fs * 1.5, fs, label + 1, "middle", "#333333", false, 0};
        put_text(x, &t, category(c, i), tooltip(c, i));
    }
    for (int s = 0; s < c->nseries; s++) {
        put_series_line(x, s);
        put_series_dots(x, s, spacing >= 12 * x->k.s);
    }
    put_x_name(x);
}

/* Labels left of the bars, right-aligned, on two lines where a band has
 * room for them; every k-th when the bands are thinner than the text. */
static void put_hbar_labels(struct ctx *x, double label, double band, bool two)
{
    const struct chart *c = x->c;
    double fs = x->k.label;
    int every = label_every(band, fs, fs * 0.3);
    for (int i = 0; i < c->ncategories; i += every) {
        double mid = x->y0 + band * (i + 0.5) + fs * 0.35;
        struct text t = {x->x0 - 10 * x->k.s, mid, fs, label + 1, "end", "#333333", false, 0};
        if (two && text_px(category(c, i), fs) > label + 1) {
            t.y = mid - fs * 0.6;
            put_two_lines(x, &t, category(c, i), tooltip(c, i));
        } else
            put_text(x, &t, category(c, i), tooltip(c, i));
    }
}

/* Bars of category I, one per series, each with its value at its end when
 * there is room for the number. */
static void put_hbar_group(struct ctx *x, int i, double band, double thick)
{
    const struct chart *c = x->c;
    double each = thick / c->nseries, gap = fmin(2 * x->k.s, each * 0.1);
    double fs = fmin(x->k.tick, each * 0.9);
    char num[64];
    for (int s = 0; s < c->nseries; s++) {
        if (!present(c, s, i))
            continue;
        double by = x->y0 + band * (i + 0.5) - thick / 2 + each * s;
        double len = (x->x1 - x->x0) * fraction(x, value(c, s, i));
        open_rect(x, x->x0, by + gap / 2, len, each - gap, palette[s % NCOLOURS]);
        fputc('>', x->out);
        put_value_tip(x, i, s, c->series[s].values[i]);
        fputs("</rect>\n", x->out);
        if (fs < x->k.tick * 0.6)
            continue;
        chart_format_number(value(c, s, i), num, sizeof num);
        struct text t = {x->x0 + len + 5 * x->k.s, by + each / 2 + fs * 0.35, fs,
                         x->w - x->k.pad - (x->x0 + len + 5 * x->k.s), "start", "#333333", false, 0};
        put_text(x, &t, num, NULL);
    }
}

/* Chooses ticks for a value axis across the plot: as many steps (2 to 8)
 * as leave room between their labels. */
static void choose_ticks_across(struct ctx *x)
{
    for (int target = 8; target >= 2; target--) {
        choose_ticks(x, target);
        if ((x->x1 - x->x0) / x->count >= tick_label_px(x) + 16 * x->k.s)
            return;
    }
}

static void put_hbar_chart(struct ctx *x)
{
    const struct chart *c = x->c;
    char num[64];
    int n = c->ncategories;
    x->y1 = x->h - x->k.pad - x_name_px(x) - x->k.tick * 2;
    double band = (x->y1 - x->y0) / n;
    bool two = band >= x->k.label * 2.8;   /* long names take two lines */
    double label = widest_category(c, x->k.label, x->w * (two ? 0.3 : 0.4));
    chart_format_number(max_value(c), num, sizeof num);
    x->x0 = x->k.pad + label + 10 * x->k.s;
    x->x1 = x->w - x->k.pad - fmin(text_px(num, x->k.tick), x->w / 4) - 8 * x->k.s;
    choose_ticks_across(x);
    put_value_axis_right(x);
    double thick = fmin(band * 0.72, 40 * x->k.s * c->nseries);
    put_hbar_labels(x, label, band, two);
    for (int i = 0; i < n; i++)
        put_hbar_group(x, i, band, thick);
    put_x_name(x);
}

enum label_mode { LEVEL, TWO_LINES, TURNED };

/* How labels under vertical bars BAND wide go: level when they all fit,
 * on two lines when they all fit those, else turned 45 degrees. */
static enum label_mode vbar_label_mode(const struct ctx *x, double band)
{
    const struct chart *c = x->c;
    double fs = x->k.tick, room = band - 6 * x->k.s;
    if (widest_category(c, fs, x->w) <= room)
        return LEVEL;
    for (int i = 0; i < c->ncategories; i++)
        if (!fits_two_lines(category(c, i), px_columns(room, fs)))
            return TURNED;
    return TWO_LINES;
}

/* The height labels take under the plot; turned ones get up to 30% of the
 * canvas. */
static double vbar_labels_height(const struct ctx *x, enum label_mode mode)
{
    double fs = x->k.tick;
    if (mode != TURNED)
        return fs * (mode == LEVEL ? 2 : 3.2);
    return fmin(x->h * 0.3, widest_category(x->c, fs, x->w) * SIN45 + fs * 1.5);
}

static void put_vbar_labels(struct ctx *x, double band, enum label_mode mode)
{
    const struct chart *c = x->c;
    double fs = x->k.tick;
    double room = (x->h - x->k.pad - x_name_px(x) - x->y1 - fs * 1.2) / SIN45;
    /* turned labels are band * sin 45 apart, across their lines */
    int every = mode == TURNED ? label_every(band * SIN45, fs * 1.2, 0) : 1;
    for (int i = 0; i < c->ncategories; i += every) {
        double cx = x->x0 + band * (i + 0.5);
        struct text t = {cx, x->y1 + fs * 1.5, fs, band - 6 * x->k.s, "middle", "#333333", false, 0};
        if (mode == TWO_LINES) {
            put_two_lines(x, &t, category(c, i), tooltip(c, i));
            continue;
        }
        if (mode == TURNED) {   /* ends under the bar, runs down to the left */
            t = (struct text){cx + fs * 0.35, x->y1 + fs * 0.8, fs, 0, "end", "#333333", false, -45};
            t.max_px = fmin(room, (cx - x->k.pad) / SIN45);
        }
        put_text(x, &t, category(c, i), tooltip(c, i));
    }
}

static void put_vbar_group(struct ctx *x, int i, double band)
{
    const struct chart *c = x->c;
    bool stacked = c->kind == CHART_BARS_STACKED;
    double full = stacked ? fmin(band * 0.6, 120 * x->k.s)
                          : fmin(band * 0.75, 60 * x->k.s * c->nseries);
    double each = stacked ? full : full / c->nseries, gap = fmin(2 * x->k.s, each * 0.1);
    double left = x->x0 + band * (i + 0.5) - full / 2, base = x->y1, height = x->y1 - x->y0;
    for (int s = 0; s < c->nseries; s++) {
        if (!present(c, s, i))
            continue;
        double hgt = height * fraction(x, value(c, s, i));
        double bx = stacked ? left : left + each * s + gap / 2;
        open_rect(x, bx, base - hgt, stacked ? each : each - gap, hgt, palette[s % NCOLOURS]);
        if (stacked)   /* a white seam tells the segments apart in print */
            fputs(" stroke=\"#FFFFFF\" stroke-width=\"1\"", x->out);
        fputc('>', x->out);
        put_value_tip(x, i, s, c->series[s].values[i]);
        fputs("</rect>\n", x->out);
        if (stacked)
            base -= hgt;
    }
}

static void put_vbar_chart(struct ctx *x)
{
    const struct chart *c = x->c;
    choose_ticks(x, up_target(x, x->h * 0.75 - x->y0));   /* before the labels fix y1 */
    x->x0 = x->k.pad + tick_label_px(x) + 10 * x->k.s;
    x->x1 = x->w - x->k.pad;
    double band = (x->x1 - x->x0) / c->ncategories;
    enum label_mode mode = vbar_label_mode(x, band);
    x->y1 = x->h - x->k.pad - x_name_px(x) - vbar_labels_height(x, mode);
    put_value_axis_up(x);
    put_vbar_labels(x, band, mode);
    for (int i = 0; i < c->ncategories; i++)
        put_vbar_group(x, i, band);
    put_x_name(x);
}

static void put_no_data(struct ctx *x)
{
    const char *msg = x->c->no_data_text ? x->c->no_data_text : "no data";
    double fs = x->k.label * 1.4;
    struct text t = {x->w / 2, (x->top + x->h) / 2, fs, x->w - 2 * x->k.pad,
                     "middle", "#777777", false, 0};
    put_text(x, &t, msg, NULL);
}

/* ---- entry ---- */

static enum status check(const struct chart *c)
{
    if (!c || (unsigned)c->kind > CHART_BARS_STACKED) {
        errorf("chart: unknown chart kind");
        return ST_USAGE;
    }
    if (c->ncategories < 0 || c->nseries < 0 || (c->ncategories > 0 && !c->categories) ||
        (c->nseries > 0 && !c->series)) {
        errorf("chart: categories or series missing");
        return ST_USAGE;
    }
    return ST_OK;
}

static double side(int v, int fallback, int min)
{
    return v <= 0 ? fallback : v < min ? min : v > MAX_SIDE ? MAX_SIDE : v;
}

static void layout_init(struct ctx *x, const struct chart *c, FILE *out)
{
    memset(x, 0, sizeof *x);
    x->c = c;
    x->out = out;
    x->w = side(c->width, DEFAULT_W, MIN_W);
    x->h = side(c->height, DEFAULT_H, MIN_H);
    double s = fmax(0.5, fmin(3, fmin(x->w / DEFAULT_W, x->h / DEFAULT_H)));
    x->k = (struct look){s, 24 * s, 26 * s, 16 * s, 14 * s, 15 * s};
    x->top = x->k.pad * 0.5;
}

enum status chart_write_svg(const struct chart *c, FILE *out)
{
    struct ctx x;
    enum status rc = check(c);
    if (rc != ST_OK)
        return rc;
    layout_init(&x, c, out);
    put_header(&x);
    put_title(&x);
    put_legend(&x);
    put_axis_name(&x);
    x.y0 = x.top + x.k.tick;   /* room for half the top tick label */
    if (!has_data(c))
        put_no_data(&x);
    else if (c->kind == CHART_LINE)
        put_line_chart(&x);
    else if (c->kind == CHART_HBAR)
        put_hbar_chart(&x);
    else
        put_vbar_chart(&x);
    fputs("</svg>\n", out);
    return ST_OK;
}
