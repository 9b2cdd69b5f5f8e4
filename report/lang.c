/* lang.c - the zh-TW headings used in Taiwan's open-data meeting tables. */
#include "lang.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"

static const struct { const char *key, *zh; } headings[] = {
    {"rank", "排名"},
    {"download_rank", "下載排名"},
    {"view_rank", "瀏覽排名"},
    {"dataset_id", "資料集識別碼"},
    {"listed", "上架時間"},
    {"update_frequency", "更新頻率"},
    {"data_updated", "資料更新時間"},
    {"name", "資料集名稱"},
    {"views", "瀏覽次數"},
    {"downloads", "下載次數"},
    {"cumulative_views", "累計瀏覽次數"},
    {"cumulative_downloads", "累計下載次數"},
    {"snapshot", "計數快照"},
    {"source", "來源"},
    {"as_of", "統計截止日"},
    {"publisher", "提供機關"},
    {"datasets", "資料集數"},
    {"active_datasets", "有使用紀錄的資料集數"},
    {"view_share", "瀏覽占比"},
    {"download_share", "下載占比"},
    {"metric", "項目"},
    {"value", "本期"},
    {"previous", "上期"},
    {"change", "較上期增減"},
    {"year_ago", "去年同期"},
    {"year_change", "較去年同期增減"},
    {"none", "無標章"},
    {"bronze", "銅標章"},
    {"silver", "銀標章"},
    {"gold", "金標章"},
    {"platinum", "白金標章"},
    {"total", "總計"},
    {"out_of_scope", "檢測範圍外 (因上架時間排除)"},
    {"country", "國家或地區"},
    {"interval", "期間"},
    {"days_with_data", "有紀錄日數"},
    {"not_in_catalog", "(未列於目錄)"},
    {"datasets_in_catalog", "目錄中的資料集數"},
    {"datasets_with_activity", "有使用紀錄的資料集數"},
    {"unique_views", "不重複瀏覽"},
    {"unique_downloads", "不重複下載"},
    {"unique_sessions", "不重複工作階段"},
    {"machine_share", "程式存取占比"},
    {"robot_share", "網路機器人占比"},
    {"domestic_share", "國內使用占比"},
    {"rejected_lines", "無法解析的紀錄行數"},
    {"top_downloads", "下載次數排行"},
    {"top_views", "瀏覽次數排行"},
    {"summary_title", "使用概況"},
    {"publishers_title", "各機關使用統計"},
    {"badges_title", "各機關資料集標章統計"},
    {"removed_ua_lists", "排除的機器人事件：使用者代理名單"},
    {"removed_robots_txt", "排除的機器人事件：讀取 robots.txt"},
    {"removed_rate", "排除的機器人事件：請求過於頻繁"},
    {"removed_networks", "排除的機器人事件：機器人網段"},
    {"machine_events", "程式存取事件（另計）"},
    {"days_with_late_lines", "含延遲紀錄的日數"},
    {"month", "月份"},
    {"kind", "變化類型"},
    {"spike", "暴增"},
    {"drop", "驟降"},
    {"average", "前12個月平均"},
    {"ratio", "倍數"},
    {"baseline_months", "比較月數"},
    {"day", "日期"},
    {"hour", "時"},
    {"session", "工作階段代號"},
    {"requests", "請求數"},
};

const char *lang_heading(enum report_lang lang, const char *key)
{
    if (lang == LANG_EN) /* headings are the keys; a few words read better */
        return strcmp(key, "not_in_catalog") == 0 ? "(not in catalog)" : key;
    for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
        if (strcmp(headings[i].key, key) == 0)
            return headings[i].zh;
    return key;
}

void lang_day(enum report_calendar cal, int64_t day, char out[16])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (cal == CAL_ROC && y > 1911) {
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%d-%02d-%02d", y - 1911, m, d);
        memcpy(out, tmp, 15);
        out[15] = '\0';
    } else
        civil_format(day, out);
}

void lang_date(enum report_calendar cal, const char *stored, char out[16])
{
    char date[11];
    int64_t day;
    out[0] = '\0';
    if (!stored || strlen(stored) < 10)
        return;
    memcpy(date, stored, 10);
    date[10] = '\0';
    if (civil_parse(date, &day))
        lang_day(cal, day, out);
}
