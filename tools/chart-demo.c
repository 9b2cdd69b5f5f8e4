/* chart-demo.c - renders one example of each chart kind from built-in
 * sample data (a fictional portal) into a directory, for the README and
 * for looking at layout changes: chart-demo DIR writes DIR/line.svg,
 * hbar.svg, grouped.svg and stacked.svg. Build line: docs/charts.md. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "msg.h"

#define NMONTHS 24
#define NTOP 10
#define NAGENCIES 9

static const char *const months[NMONTHS] = {
    "2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08",
    "2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04",
    "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"};
static const double month_views[NMONTHS] = {
    182340, 171205, 198760, 187412, 203318, 195021, 176540, 181233, 210877, 224501, 231090, 219874,
    236512, 214330, 251904, 247118, 262390, 255871, 238004, 241776, 268953, 281402, 290117, 276530};
static const double month_downloads[NMONTHS] = {
    64210, 60873, 71032, 66540, 73881, 70125, 61947, 63320, 77408, 82016, 85377, 80249,
    88913, 79540, 95301, 92877, 99104, 96512, 88430, 90018, 101227, 107880, 112403, 105996};

static const char *const datasets[NTOP] = {
    "全國各地區空氣品質指標（AQI）每小時監測資料",
    "臺北市公共自行車即時資訊（YouBike 2.0）",
    "不動產實價登錄買賣交易資料（每月更新）",
    "一週天氣預報—各縣市鄉鎮逐三小時預報",
    "全國營業（稅籍）登記資料集（含統一編號、營業人名稱、營業地址、資本額及行業代號）",
    "高速公路即時路況與旅行時間",
    "全國醫療院所與診所基本資料",
    "各級學校基本資料及學生人數統計",
    "公開資料平臺資料集目錄與詮釋資料",
    "R&D \"Open Data\" <Beta> usage statistics",
};
static const double dataset_downloads[NTOP] = {
    152871, 131406, 98230, 87119, 66402, 51833, 42975, 37210, 21884, 9517};

static const char *const agencies[NAGENCIES] = {
    "國家發展委員會", "交通部", "環境部", "內政部", "衛生福利部",
    "經濟部水利署", "臺北市政府資訊局", "財政部財政資訊中心", "教育部",
};
static const double agency_views[NAGENCIES] = {
    412330, 388102, 301775, 276940, 198330, 154807, 120442, 98017, 76554};
static const double agency_downloads[NAGENCIES] = {
    150442, 171230, 142008, 90314, 61209, 70115, 40227, 51990, 20133};

/* Writes C to DIR/NAME; returns 0 or 1. */
static int write_chart(const char *dir, const char *name, const struct chart *c)
{
    char path[4096];
    int rc = 1;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        errorf("cannot write '%s': %m", path);
        return 1;
    }
    if (chart_write_svg(c, f) == ST_OK && !ferror(f))
        rc = 0;
    if (fclose(f) != 0)
        rc = 1;
    if (rc)
        errorf("cannot write '%s'", path);
    return rc;
}

int main(int argc, char **argv)
{
    msg_set_program("chart-demo");
    if (argc != 2) {
        fputs("usage: chart-demo DIR\n", stderr);
        return 2;
    }
    const struct chart_series usage[] = {
        {"瀏覽次數 views", month_views}, {"下載次數 downloads", month_downloads}};
    const struct chart_series ranked[] = {{"下載次數 downloads", dataset_downloads}};
    const struct chart_series per_agency[] = {
        {"瀏覽次數 views", agency_views}, {"下載次數 downloads", agency_downloads}};
    const struct chart line = {
        CHART_LINE, "每月瀏覽與下載次數 Monthly views and downloads", "月份 month",
        "次數 count", months, NMONTHS, NULL, usage, 2, 0, 0, NULL};
    const struct chart hbar = {
        CHART_HBAR, "下載次數前 10 名資料集 Top 10 datasets by downloads (2024)",
        "下載次數 downloads", "資料集 dataset", datasets, NTOP, NULL, ranked, 1, 0, 0, NULL};
    struct chart grouped = {
        CHART_BARS_GROUPED, "各機關瀏覽與下載次數 Views and downloads per agency (2024)",
        "提供機關 agency", "次數 count", agencies, NAGENCIES, NULL, per_agency, 2, 0, 0, NULL};
    struct chart stacked = grouped;
    stacked.kind = CHART_BARS_STACKED;
    int failed = write_chart(argv[1], "line.svg", &line);
    failed |= write_chart(argv[1], "hbar.svg", &hbar);
    failed |= write_chart(argv[1], "grouped.svg", &grouped);
    failed |= write_chart(argv[1], "stacked.svg", &stacked);
    return failed;
}
