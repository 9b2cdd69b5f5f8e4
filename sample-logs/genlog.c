/*
 * genlog: writes deterministic, realistic nginx "combined" access logs of a
 * fictional open-data portal (data.gov.tw-like numeric datasets plus a CKAN
 * part), as sample input and benchmark load for odstat. With --catalog it
 * writes the matching data.gov.tw-style catalog CSV instead. It knows nothing
 * of odstat's counting rules: it imitates what a portal's web server writes,
 * awkward parts included. Same options, same bytes (own PRNG, no clock).
 *
 * Traffic model. Visits start at a rate that follows Taiwan's day (peak
 * 10-16 h, trough 3-5 h, weekends at 60 %) on top of a flat rate of
 * automated visits (robots do not sleep): on a weekday about two thirds of
 * visits are people's, a third automated (server 1: a little more automated,
 * more IPv6, some clients behind a proxy). Weights, from the kind tables:
 *   people     browse 74 : direct download 20 : range burst 4 : web app 2
 *     browse: 1-12 dataset pages (locale prefixes, trailing /, ?page=2, utm_*
 *     and fbclid tags), assets after the first page, resource pages and
 *     downloads (200; 302 for linked resources; some 304, 206, 499, 404,
 *     500), 7 % of pages clicked again 1-42 s later, 6 % pauses of 10-40 min
 *     that cross hour boundaries. direct: a download, a quarter through the
 *     legacy /iisi/logaccess 302, from a search engine or forum. burst: 3-8
 *     range requests (206) within seconds, a third resumed 20-50 s later.
 *     web app: CORS preflight (OPTIONS 204) and API calls.
 *   automated  crawl 55 : link preview 9 : script 22 : API 6 : scan 5 :
 *              monitor 3
 *     crawl: Googlebot, bingbot, Baiduspider, YandexBot, AhrefsBot, GPTBot,
 *     ClaudeBot, Bytespider, empty UA ... over the whole long tail, with
 *     robots.txt, sitemaps, 301s, 404s and odd URL forms. preview: ChatGPT-
 *     User, facebookexternalhit, LINE. script: 48 clients (curl, python-
 *     requests, Wget, R, Go, Java, okhttp, Power BI ...) fetching the same
 *     files each visit, with HEADs, 304s and retries. scan: 404 probes,
 *     POST /xmlrpc.php. monitor: HEAD from uptime monitors and link checkers.
 * Lines by the SPEC's classes come out near 56 % human, 35 % robot, 9 %
 * machine. --malformed-permille N replaces N of every 1000 lines by a broken
 * one (truncated, binary, TLS/SSH/RDP probe, impossible date, request line
 * with blanks, empty request, longer than 64 KiB).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define PORTAL "https://opendata.example.org"
#define N_NUMERIC 300          /* data.gov.tw-style datasets, all in the catalog */
#define N_CKAN 30              /* CKAN datasets known by slug and uuid */
#define N_DATASETS (N_NUMERIC + N_CKAN)
#define MAX_RES 4
#define SB_MAX 4096            /* longest ordinary line, with room to spare */
#define HEAP_CAP (1u << 17)    /* requests waiting to be written: fixed memory */
#define VISIT_MAX 200          /* most requests one visit can queue */
#define N_HUMAN_POOL 24000     /* human client addresses */
#define N_NAT 80               /* of them: offices and campuses, many people each */
#define N_MACHINES 48          /* scripted clients */
/* Fixed, so dataset ids and the catalog never depend on --seed. */
#define UNIVERSE_SEED UINT64_C(0x6f64737461742d31)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- deterministic randomness ------------------------------------------ */

/* splitmix64: tiny, fast and the same on every platform, unlike rand(). */
struct rng {
    uint64_t s;
};

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
    return mix64(r->s += UINT64_C(0x9e3779b97f4a7c15));
}

/* A stateless draw: attributes of pool members must not depend on call order. */
static uint64_t hash2(uint64_t a, uint64_t b)
{
    return mix64(mix64(a + UINT64_C(0x632be59bd9b4e019)) ^ (b * UINT64_C(0x9e3779b97f4a7c15)));
}

static uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static int rng_range(struct rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1p-53;
}

static bool rng_chance(struct rng *r, double p)
{
    return rng_unit(r) < p;
}

struct wstr {
    unsigned weight;
    const char *s;
};

/* Picks an entry of t with probability proportional to its weight. */
static const char *wstr_at(const struct wstr *t, size_t n, uint64_t h)
{
    unsigned total = 0;
    for (size_t i = 0; i < n; i++)
        total += t[i].weight;
    unsigned x = (unsigned)((h >> 32) % total);
    for (size_t i = 0; i < n; i++) {
        if (x < t[i].weight)
            return t[i].s;
        x -= t[i].weight;
    }
    return t[n - 1].s;
}

#define WPICK(r, t) wstr_at((t), COUNT(t), rng_next(r))

/* ---- bounded string builder -------------------------------------------- */

struct sb {
    size_t len;
    char buf[SB_MAX];
};

static void sb_init(struct sb *s)
{
    s->len = 0;
}

/* Cuts rather than overflows; the tables keep real lines far below SB_MAX. */
static void sb_put(struct sb *s, const char *p, size_t n)
{
    if (n > SB_MAX - 1 - s->len)
        n = SB_MAX - 1 - s->len;
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

static void sb_str(struct sb *s, const char *p)
{
    sb_put(s, p, strlen(p));
}

static void sb_chr(struct sb *s, char c)
{
    sb_put(s, &c, 1);
}

static void sb_uint(struct sb *s, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do
        tmp[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    sb_put(s, tmp + i, sizeof tmp - i);
}

static void sb_hex(struct sb *s, uint64_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; i--)
        sb_chr(s, hex[(v >> (4 * i)) & 15]);
}

static const char *sb_cstr(struct sb *s)
{
    s->buf[s->len] = '\0';
    return s->buf;
}

/* Percent-encodes like a browser: unreserved bytes and those in keep stay. */
static void sb_pct(struct sb *s, const char *p, const char *keep)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *q = (const unsigned char *)p; *q; q++) {
        bool plain = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                     (*q >= '0' && *q <= '9') || strchr("-._~", *q) ||
                     strchr(keep, *q);
        if (plain) {
            sb_chr(s, (char)*q);
            continue;
        }
        sb_chr(s, '%');
        sb_chr(s, hex[*q >> 4]);
        sb_chr(s, hex[*q & 15]);
    }
}

/* ---- civil time -------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Howard Hinnant's days_from_civil: no gmtime, no time zone database. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : n[m - 1];
}

static void sb_two(struct sb *s, unsigned v)
{
    sb_chr(s, (char)('0' + v / 10 % 10));
    sb_chr(s, (char)('0' + v % 10));
}

/* Appends "YYYY-MM-DD HH:MM:SS" of local seconds t (catalog dates). */
static void sb_isotime(struct sb *s, int64_t t)
{
    int64_t y;
    unsigned m, d;
    int64_t day = floor_div(t, 86400), sec = t - day * 86400;
    civil_from_days(day, &y, &m, &d);
    sb_uint(s, (uint64_t)y);
    sb_chr(s, '-');
    sb_two(s, m);
    sb_chr(s, '-');
    sb_two(s, d);
    sb_chr(s, ' ');
    sb_two(s, (unsigned)(sec / 3600));
    sb_chr(s, ':');
    sb_two(s, (unsigned)(sec / 60 % 60));
    sb_chr(s, ':');
    sb_two(s, (unsigned)(sec % 60));
}

/* The CLF timestamp of the line before, kept because most lines share it. */
struct clf_clock {
    int64_t cached;
    int tz_min;
    struct sb text;
};

static const char *clf_text(struct clf_clock *c, int64_t t, size_t *len)
{
    static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (t != c->cached || c->text.len == 0) {
        int64_t local = t + (int64_t)c->tz_min * 60, y;
        int64_t day = floor_div(local, 86400), sec = local - day * 86400;
        unsigned m, d, off = (unsigned)(c->tz_min < 0 ? -c->tz_min : c->tz_min);
        civil_from_days(day, &y, &m, &d);
        sb_init(&c->text);
        sb_two(&c->text, d);
        sb_chr(&c->text, '/');
        sb_str(&c->text, mon[m - 1]);
        sb_chr(&c->text, '/');
        sb_uint(&c->text, (uint64_t)y);
        sb_chr(&c->text, ':');
        sb_two(&c->text, (unsigned)(sec / 3600));
        sb_chr(&c->text, ':');
        sb_two(&c->text, (unsigned)(sec / 60 % 60));
        sb_chr(&c->text, ':');
        sb_two(&c->text, (unsigned)(sec % 60));
        sb_str(&c->text, c->tz_min < 0 ? " -" : " +");
        sb_two(&c->text, off / 60);
        sb_two(&c->text, off % 60);
        c->cached = t;
    }
    *len = c->text.len;
    return c->text.buf;
}

/* ---- buffered output, plain or gzip ------------------------------------ */

struct out {
    FILE *fp;
    gzFile gz;
    bool failed;
    size_t len;
    char buf[1 << 16];
};

static void out_flush(struct out *o)
{
    if (o->len > 0 && !o->failed) {
        if (o->gz)
            o->failed = gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len;
        else
            o->failed = fwrite(o->buf, 1, o->len, o->fp) != o->len;
    }
    o->len = 0;
}

static void out_put(struct out *o, const void *p, size_t n)
{
    const char *q = p;
    while (n > 0) {
        if (o->len == sizeof o->buf)
            out_flush(o);
        size_t k = sizeof o->buf - o->len;
        if (k > n)
            k = n;
        memcpy(o->buf + o->len, q, k);
        o->len += k;
        q += k;
        n -= k;
    }
}

static void out_str(struct out *o, const char *s)
{
    out_put(o, s, strlen(s));
}

/* Opens stdout; gzip at level 6 with zlib's own header (no name, no mtime). */
static bool out_open(struct out *o, bool gzip)
{
    o->fp = stdout;
    o->gz = NULL;
    o->failed = false;
    o->len = 0;
    if (!gzip)
        return true;
    int fd = dup(STDOUT_FILENO);
    if (fd < 0)
        return false;
    o->gz = gzdopen(fd, "wb6");
    if (!o->gz) {
        close(fd);
        return false;
    }
    gzbuffer(o->gz, 1 << 17);
    return true;
}

/* Flushes and closes; false when anything could not be written. */
static bool out_close(struct out *o)
{
    out_flush(o);
    if (o->gz && gzclose(o->gz) != Z_OK)
        o->failed = true;
    if (fflush(o->fp) != 0)
        o->failed = true;
    return !o->failed;
}

/* ---- the portal: agencies, datasets, resources -------------------------- */

struct agency {
    const char *name;
    const char *domain;
};

static const struct agency agencies[] = {
    {"環境部", "data.moenv.gov.tw"},                    /* 0 */
    {"財政部財政資訊中心", "eip.fia.gov.tw"},           /* 1 */
    {"內政部地政司", "plvr.land.moi.gov.tw"},           /* 2 */
    {"交通部中央氣象署", "opendata.cwa.gov.tw"},        /* 3 */
    {"衛生福利部中央健康保險署", "info.nhi.gov.tw"},    /* 4 */
    {"內政部戶政司", "www.ris.gov.tw"},                 /* 5 */
    {"內政部國土測繪中心", "whgis-nlsc.moi.gov.tw"},    /* 6 */
    {"內政部國土管理署", "www.nlma.gov.tw"},            /* 7 */
    {"教育部", "stats.moe.gov.tw"},                     /* 8 */
    {"衛生福利部疾病管制署", "od.cdc.gov.tw"},          /* 9 */
    {"內政部警政署", "opdadm.moi.gov.tw"},              /* 10 */
    {"交通部高速公路局", "tisvcloud.freeway.gov.tw"},   /* 11 */
    {"交通部公路局", "www.thb.gov.tw"},                 /* 12 */
    {"交通部觀光署", "media.taiwan.net.tw"},            /* 13 */
    {"農業部", "data.moa.gov.tw"},                      /* 14 */
    {"金融監督管理委員會", "www.fsc.gov.tw"},           /* 15 */
    {"行政院主計總處", "nstatdb.dgbas.gov.tw"},         /* 16 */
    {"經濟部水利署", "opendata.wra.gov.tw"},            /* 17 */
    {"經濟部能源署", "www.moeaea.gov.tw"},              /* 18 */
    {"經濟部商業發展署", "data.gcis.nat.gov.tw"},       /* 19 */
    {"勞動部勞動力發展署", "opendata.wda.gov.tw"},      /* 20 */
    {"內政部消防署", "www.nfa.gov.tw"},                 /* 21 */
    {"數位發展部", "data.moda.gov.tw"},                 /* 22 */
    {"交通部", "www.motc.gov.tw"},                      /* 23 */
    {"衛生福利部", "www.mohw.gov.tw"},                  /* 24 */
    {"行政院", "gazette.nat.gov.tw"},                   /* 25 */
    {"國家發展委員會", "www.ndc.gov.tw"},               /* 26 */
};

/* National datasets, most visited first. */
struct famous {
    const char *name;
    int agency;
    const char *category;
    const char *formats;
    const char *freq;
    const char *fields;
};

static const struct famous famous[] = {
    {"空氣品質指標(AQI)", 0, "生活安全及品質", "CSV;JSON;XML", "每1時",
     "sitename(測站名稱)、county(縣市)、aqi(空氣品質指標)、pollutant(空氣污染指標物)、status(狀態)、publishtime(資料發布時間)"},
    {"全國營業(稅籍)登記資料集", 1, "開創事業", "CSV;ZIP", "每1日",
     "營業地址、統一編號、總機構統一編號、營業人名稱、資本額、設立日期、組織別名稱、使用統一發票、行業代號"},
    {"不動產實價登錄資訊-買賣案件", 2, "購屋及遷徙", "CSV;XML;ZIP", "每10日",
     "鄉鎮市區、交易標的、土地位置建物門牌、交易年月日、總價元、單價元平方公尺、建物型態"},
    {"一般天氣預報-今明36小時天氣預報", 3, "生活安全及品質", "XML;JSON", "每6時",
     "locationName(縣市)、Wx(天氣現象)、PoP(降雨機率)、MinT(最低溫度)、MaxT(最高溫度)"},
    {"健保特約醫事機構-藥局", 4, "就醫", "CSV", "每1月",
     "醫事機構代碼、醫事機構名稱、電話、地址、分區業務組、特約類別、終止合約或歇業日期"},
    {"各村(里)戶籍人口統計月報表", 5, "公共資訊", "CSV;XML", "每1月",
     "統計年月、區域別代碼、區域別、村里名稱、戶數、人口數、男性人口數、女性人口數"},
    {"地震活動彙整", 3, "生活安全及品質", "JSON;XML", "不定期更新",
     "地震編號、發震時間、震央位置、地震深度、芮氏規模、最大震度"},
    {"全國建築執照統計", 7, "購屋及遷徙", "CSV", "每1月",
     "統計期、縣市別、建造執照件數、使用執照件數、總樓地板面積"},
    {"村里界圖(TWD97經緯度)", 6, "公共資訊", "ZIP;SHP", "不定期更新",
     "VILLCODE(村里代碼)、COUNTYNAME(縣市名稱)、TOWNNAME(鄉鎮市區名稱)、VILLNAME(村里名稱)"},
    {"健保特約機構口罩剩餘數量明細清單", 4, "就醫", "CSV", "每1時",
     "醫事機構代碼、醫事機構名稱、醫事機構地址、醫事機構電話、成人口罩剩餘數、兒童口罩剩餘數、來源資料時間"},
    {"A1類道路交通事故資料", 10, "交通及通訊", "CSV", "每1月",
     "發生時間、發生地點、死亡受傷人數、車種、經度、緯度"},
    {"國道計程收費通行量統計", 11, "交通及通訊", "CSV;XML", "每1日",
     "TimeInterval(時間)、GantryFrom(上游門架)、GantryTo(下游門架)、VehicleType(車種)、Traffic(交通量)"},
    {"大專校院名錄", 8, "求學及進修", "CSV;XLSX", "每1年",
     "學校代碼、學校名稱、公/私立、縣市名稱、地址、電話、網址、體系別"},
    {"登革熱1998年起每日確定病例統計", 9, "就醫", "CSV;JSON", "每1日",
     "發病日、個案研判日、通報日、性別、年齡層、居住縣市、是否境外移入、確定病例數"},
    {"公司登記資料", 19, "開創事業", "CSV;XML", "每1月",
     "統一編號、公司名稱、公司狀況、資本總額(元)、代表人姓名、公司所在地、核准設立日期"},
    {"觀光資訊資料庫", 13, "休閒旅遊", "XML;JSON", "每1日",
     "Id、Name、Toldescribe、Tel、Add、Zipcode、Region、Town、Px、Py、Opentime"},
    {"農產品交易行情", 14, "投資理財", "JSON;XML;CSV", "每1日",
     "交易日期、作物代號、作物名稱、市場代號、市場名稱、上價、中價、下價、平均價、交易量"},
    {"水庫每日營運狀況", 17, "生活安全及品質", "CSV;XML;JSON", "每1日",
     "水庫名稱、統計時間、有效容量、本日集水區降雨量、進流量、出流量、蓄水百分比"},
    {"上市公司基本資料", 15, "投資理財", "CSV;JSON", "每1日",
     "出表日期、公司代號、公司名稱、產業別、住址、董事長、實收資本額"},
    {"消費者物價指數", 16, "投資理財", "CSV;XML", "每1月",
     "年月、總指數、食物類、衣著類、居住類、交通及通訊類、醫藥保健類、教養娛樂類"},
    {"台灣就業通職缺清單", 20, "求職及就業", "CSV;JSON;XML", "每1日",
     "職缺編號、職缺名稱、工作地點、薪資待遇、工作性質、學歷要求、公司名稱"},
    {"紫外線即時監測資料", 0, "生活安全及品質", "CSV;JSON", "每1時",
     "SiteName(測站名稱)、UVI(紫外線指數)、PublishAgency(發布機關)、County(縣市)、PublishTime(發布時間)"},
    {"公路客運路線", 12, "交通及通訊", "JSON;XML", "每1日",
     "路線代碼、路線名稱、起站、迄站、營運業者、票價"},
    {"動物認領養", 14, "生活安全及品質", "JSON;CSV", "每1日",
     "animal_id(動物流水編號)、animal_kind(動物類型)、animal_sex(性別)、shelter_name(收容所名稱)、album_file(圖片)"},
    {"全國加油站位置", 18, "交通及通訊", "CSV", "每1月",
     "站名、營業中、縣市、鄉鎮區、地址、電話、經度、緯度"},
    {"自來水水質抽驗結果", 0, "生活安全及品質", "CSV;JSON", "每1月",
     "縣市、鄉鎮區、採樣地點、採樣日期、濁度、大腸桿菌群、總菌落數、自由有效餘氯"},
    {"旅館業及民宿名冊", 13, "休閒旅遊", "CSV;XLSX", "每1月",
     "旅宿名稱、縣市、地址、電話、客房數、登記證號、星級"},
    {"職業訓練課程資料", 20, "求職及就業", "CSV;JSON", "每1日",
     "課程名稱、訓練單位、上課地址、報名起日、報名迄日、訓練時數、自行負擔費用"},
    {"政府資料開放平臺資料集清單", 22, "公共資訊", "CSV;XML;JSON", "每1日",
     "資料集識別碼、資料集名稱、檔案格式、資料下載網址、提供機關、更新頻率"},
    {"全國建築物耐震補強統計", 7, "生活安全及品質", "CSV", "每1年",
     "縣市別、補強棟數、補強經費、完工年度"},
    {"河川水位測站及雨量站基本資料(水位,雨量)", 17, "生活安全及品質", "CSV;JSON", "不定期更新",
     "測站代碼、測站名稱、所屬河川、經度、緯度、警戒水位"},
    {"醫療院所評鑑合格名單", 24, "就醫", "CSV", "不定期更新",
     "機構代碼、機構名稱、評鑑類別、評鑑結果、效期起日、效期迄日"},
    {"消防安全設備檢修申報統計", 21, "生活安全及品質", "CSV", "每1年",
     "年度、縣市別、應申報家數、已申報家數、申報率"},
    {"路外停車場資訊", 23, "交通及通訊", "JSON;CSV", "每1日",
     "停車場代碼、停車場名稱、總車位數、收費方式、經度、緯度"},
    {"行政院公報", 25, "公共資訊", "XML", "每1日",
     "卷期、篇目、刊登日期、機關、類別、全文網址"},
    {"數位機會調查", 26, "公共資訊", "CSV", "每1年",
     "調查年度、縣市、年齡層、上網率、行動上網率、樣本數"},
    {"\"愛台灣\"博覽會參展名單", 26, "休閒旅遊", "CSV", "不定期更新",
     "展區、攤位編號、參展單位、聯絡電話"},
    {"全國電動汽車充電站", 18, "交通及通訊", "CSV;JSON", "每3月",
     "充電站名稱、地址、充電槍類型、充電樁數量、開放時間"},
    {"地區年齡性別統計表-流感併發重症", 9, "就醫", "CSV;JSON", "每1週",
     "發病年週、縣市、性別、年齡層、病例數"},
    {"公有零售市場名冊", 19, "公共資訊", "CSV", "每1年",
     "市場名稱、縣市、地址、攤位數、管理單位"},
    {"資源回收站點", 0, "生活安全及品質", "CSV", "不定期更新",
     "站點名稱、縣市、鄉鎮市區、地址、回收項目、開放時間"},
    {"中央政府總預算", 16, "公共資訊", "CSV;XLSX", "每1年",
     "年度、機關別、科目、預算數、上年度預算數、比較增減"},
};

/* The three ids the brief names stay fixed; the rest are drawn. */
static const uint32_t famous_ids[] = {6564, 25791, 138221};

struct city {
    const char *name;
    const char *en;
    const char *domain;
    const char *phone;     /* area code for the fictional contacts */
};

static const struct city cities[] = {
    {"臺北市", "taipei", "data.taipei", "02"},
    {"新北市", "new-taipei", "data.ntpc.gov.tw", "02"},
    {"桃園市", "taoyuan", "data.tycg.gov.tw", "03"},
    {"臺中市", "taichung", "opendata.taichung.gov.tw", "04"},
    {"臺南市", "tainan", "data.tainan.gov.tw", "06"},
    {"高雄市", "kaohsiung", "data.kcg.gov.tw", "07"},
    {"基隆市", "keelung", "opendata.klcg.gov.tw", "02"},
    {"新竹市", "hsinchu-city", "opendata.hccg.gov.tw", "03"},
    {"新竹縣", "hsinchu-county", "www.hsinchu.gov.tw", "03"},
    {"苗栗縣", "miaoli", "www.miaoli.gov.tw", "037"},
    {"彰化縣", "changhua", "www.chcg.gov.tw", "04"},
    {"南投縣", "nantou", "www.nantou.gov.tw", "049"},
    {"雲林縣", "yunlin", "www.yunlin.gov.tw", "05"},
    {"嘉義市", "chiayi-city", "www.chiayi.gov.tw", "05"},
    {"嘉義縣", "chiayi-county", "www.cyhg.gov.tw", "05"},
    {"屏東縣", "pingtung", "www.pthg.gov.tw", "08"},
    {"宜蘭縣", "yilan", "opendata.e-land.gov.tw", "03"},
    {"花蓮縣", "hualien", "www.hl.gov.tw", "03"},
    {"臺東縣", "taitung", "www.taitung.gov.tw", "089"},
    {"澎湖縣", "penghu", "www.penghu.gov.tw", "06"},
    {"金門縣", "kinmen", "www.kinmen.gov.tw", "082"},
    {"連江縣", "lienchiang", "www.matsu.gov.tw", "0836"},
};

/* A city-level topic; "county" is the bureau's name in a 縣 government. */
struct topic {
    const char *name;
    const char *en;
    const char *bureau;
    const char *county;
    const char *category;
    const char *formats;
    const char *freq;
    const char *fields;
};

static const struct topic topics[] = {
    {"公有停車場資訊", "parking-lots", "交通局", "交通處", "交通及通訊", "CSV;JSON", "每1日", "停車場名稱、地址、總車位數、剩餘車位數、收費標準、經度、緯度"},
    {"公共自行車租賃站", "bike-stations", "交通局", "交通處", "交通及通訊", "JSON", "每1時", "站點代號、站點名稱、總停車格、可借車數、可還空位數、經度、緯度"},
    {"公車路線", "bus-routes", "交通局", "交通處", "交通及通訊", "JSON;CSV", "每1月", "路線編號、路線名稱、去程起站、返程起站、業者、票價"},
    {"路燈位置", "street-lights", "工務局", "工務處", "生活安全及品質", "CSV", "不定期更新", "路燈編號、行政區、道路名稱、燈具型式、經度、緯度"},
    {"垃圾車清運路線及時刻", "garbage-trucks", "環境保護局", "環境保護局", "生活安全及品質", "CSV;JSON", "每1月", "行政區、村里、車號、停留地點、抵達時間、離開時間"},
    {"公園綠地", "parks", "工務局", "城鄉發展處", "休閒旅遊", "CSV", "不定期更新", "公園名稱、行政區、面積、設施、經度、緯度"},
    {"避難收容處所", "shelters", "社會局", "社會處", "生活安全及品質", "CSV", "每1年", "收容處所名稱、地址、容納人數、適用災害類別、經度、緯度"},
    {"各區人口統計", "population", "民政局", "民政處", "公共資訊", "CSV", "每1月", "統計年月、行政區、戶數、人口數、男、女"},
    {"藥局名冊", "pharmacies", "衛生局", "衛生局", "就醫", "CSV", "每1月", "機構名稱、地址、電話、負責藥師、營業時間"},
    {"托嬰中心名冊", "daycare", "社會局", "社會處", "生育保健", "CSV", "每3月", "機構名稱、地址、電話、核定收托人數、評鑑等第"},
    {"道路施工資訊", "road-works", "工務局", "工務處", "交通及通訊", "JSON;XML", "每1日", "案件編號、施工地點、施工單位、起始日期、結束日期、管制方式"},
    {"交通事故統計", "traffic-accidents", "警察局", "警察局", "交通及通訊", "CSV", "每1月", "統計月份、行政區、事故件數、死亡人數、受傷人數"},
    {"建築執照核發統計", "building-permits", "都市發展局", "建設處", "購屋及遷徙", "CSV", "每1月", "統計月份、行政區、建造執照件數、使用執照件數、樓地板面積"},
    {"觀光景點", "attractions", "觀光旅遊局", "文化觀光處", "休閒旅遊", "CSV;JSON", "不定期更新", "景點名稱、簡介、地址、電話、開放時間、經度、緯度"},
    {"公共圖書館分館資訊", "libraries", "文化局", "文化局", "求學及進修", "CSV", "不定期更新", "館名、地址、電話、開放時間、藏書量"},
    {"社區照顧關懷據點", "care-points", "社會局", "社會處", "老年安養", "CSV", "每3月", "據點名稱、行政區、地址、服務項目、聯絡電話"},
    {"消防栓位置", "hydrants", "消防局", "消防局", "生活安全及品質", "CSV;KML", "每1年", "消防栓編號、型式、口徑、地址、經度、緯度"},
    {"公廁位置", "toilets", "環境保護局", "環境保護局", "生活安全及品質", "CSV", "每6月", "公廁名稱、地址、類別、座數、評鑑等級、經度、緯度"},
    {"無線上網熱點", "wifi-hotspots", "資訊局", "計畫處", "交通及通訊", "CSV;JSON", "不定期更新", "熱點名稱、地址、業者、經度、緯度"},
    {"違規停車拖吊保管場", "tow-yards", "交通局", "交通處", "交通及通訊", "CSV", "不定期更新", "保管場名稱、地址、電話、開放時間"},
    {"公有零售市場", "markets", "市場處", "財政處", "公共資訊", "CSV", "每1年", "市場名稱、地址、攤位數、營業時間"},
    {"結婚登記統計", "marriages", "民政局", "民政處", "婚姻", "CSV", "每1月", "統計年月、行政區、結婚對數、離婚對數"},
    {"出生登記統計", "births", "民政局", "民政處", "出生及收養", "CSV", "每1月", "統計年月、行政區、出生數、男、女"},
    {"長期照顧服務機構", "long-term-care", "衛生局", "衛生局", "老年安養", "CSV", "每3月", "機構名稱、服務類型、地址、電話、核定床數"},
};

struct resource {
    char uuid[37];
    char file[400];        /* the file-name segment as browsers send it */
    char ext[8];
    char format[8];
    uint32_t bytes;
    bool external;         /* a link: the portal answers its download with 302 */
};

struct dataset {
    char key[48];          /* numeric id or CKAN slug: what landing pages use */
    char uuid[37];         /* CKAN's other name for the same dataset */
    uint32_t id;           /* 0 for CKAN datasets */
    int famous;            /* index into famous[], or -1 */
    int city, topic;       /* generated city datasets, else -1 */
    char name[160];
    int nres;
    struct resource res[MAX_RES];
    uint32_t page_bytes;
};

struct universe {
    struct dataset ds[N_DATASETS];
    double cdf[N_NUMERIC];        /* popularity by rank (= index), cumulative */
};

static void uuid_from(char *dst, uint64_t h)
{
    struct sb s;
    uint64_t lo = mix64(h ^ 0x55);
    sb_init(&s);
    sb_hex(&s, h >> 32, 8);
    sb_chr(&s, '-');
    sb_hex(&s, h >> 16, 4);
    sb_chr(&s, '-');
    sb_hex(&s, 0x4000 | (h & 0x0fff), 4);
    sb_chr(&s, '-');
    sb_hex(&s, 0x8000 | (lo >> 48 & 0x3fff), 4);
    sb_chr(&s, '-');
    sb_hex(&s, lo, 12);
    memcpy(dst, sb_cstr(&s), 37);
}

static bool id_taken(const struct universe *u, int n, uint32_t id)
{
    for (int i = 0; i < n; i++)
        if (u->ds[i].id == id)
            return true;
    return false;
}

/* data.gov.tw ids grew from ~6000 (2014) to ~170000 (2024). */
static uint32_t draw_id(struct rng *r, const struct universe *u, int n)
{
    uint32_t id;
    do {
        uint32_t era = rng_below(r, 100);
        if (era < 30)
            id = (uint32_t)rng_range(r, 5950, 9999);
        else if (era < 75)
            id = (uint32_t)rng_range(r, 10000, 99999);
        else
            id = (uint32_t)rng_range(r, 100000, 172000);
    } while (id_taken(u, n, id));
    return id;
}

static const char *dataset_formats(const struct dataset *d)
{
    if (d->famous >= 0)
        return famous[d->famous].formats;
    return topics[d->topic].formats;
}

static const char *dataset_freq(const struct dataset *d)
{
    return d->famous >= 0 ? famous[d->famous].freq : topics[d->topic].freq;
}

static const char *dataset_fields(const struct dataset *d)
{
    return d->famous >= 0 ? famous[d->famous].fields : topics[d->topic].fields;
}

/* The publisher's host: the agency's, or the city's open-data site. */
static const char *dataset_domain(const struct dataset *d)
{
    return d->famous >= 0 ? agencies[famous[d->famous].agency].domain : cities[d->city].domain;
}

/* Sizes from 1 KB to 90 MB, mostly small, as on a real portal. */
static uint32_t draw_size(struct rng *r, const char *ext)
{
    static const uint32_t scale[] = {1, 10, 100, 1000, 10000};
    uint32_t k = rng_below(r, 100);
    int e = k < 25 ? 0 : k < 60 ? 1 : k < 85 ? 2 : k < 97 ? 3 : 4;
    if (strcmp(ext, "zip") == 0 && e < 4)
        e++;
    return (uint32_t)rng_range(r, 1000, 8999) * scale[e];
}

static void resource_name(struct rng *r, const struct dataset *d, struct resource *res, int i)
{
    struct sb s;
    sb_init(&s);
    uint32_t k = rng_below(r, 100);
    bool cjk = d->id != 0 && k < 45 && !res->external;
    if (cjk) {
        sb_pct(&s, d->name, "()");
        if (rng_chance(r, 0.3))
            sb_str(&s, "_2024");
    } else if (d->id == 0) {
        sb_str(&s, d->key);
    } else if (k < 65) {
        sb_str(&s, "opendata");
        sb_uint(&s, d->id);
        if (i > 0) {
            sb_chr(&s, '_');
            sb_uint(&s, (uint64_t)i);
        }
    } else if (k < 80) {
        sb_str(&s, "data");
    } else {
        sb_str(&s, "export_");
        sb_uint(&s, 20240000 + (uint64_t)rng_range(r, 101, 228));
    }
    sb_chr(&s, '.');
    sb_str(&s, res->ext);
    memcpy(res->file, sb_cstr(&s), s.len + 1);
}

/* One resource per catalog format; uuids and names fixed by UNIVERSE_SEED. */
static void dataset_resources(struct rng *r, struct dataset *d, const char *formats)
{
    const char *p = formats;
    d->nres = 0;
    while (*p && d->nres < MAX_RES) {
        struct resource *res = &d->res[d->nres];
        size_t n = strcspn(p, ";");
        size_t m = n < sizeof res->format - 1 ? n : sizeof res->format - 1;
        memcpy(res->format, p, m);
        res->format[m] = '\0';
        for (size_t i = 0; i <= m; i++)
            res->ext[i] = (char)(res->format[i] | (res->format[i] ? 0x20 : 0));
        uuid_from(res->uuid, rng_next(r));
        res->external = rng_chance(r, d->id ? 0.35 : 0.15);
        res->bytes = draw_size(r, res->ext);
        resource_name(r, d, res, d->nres);
        d->nres++;
        p += n + (p[n] == ';');
    }
    d->page_bytes = (uint32_t)rng_range(r, 24000, 61000);
}

static void universe_numeric(struct universe *u, struct rng *r)
{
    int combos[COUNT(cities) * COUNT(topics)];
    int nc = (int)COUNT(combos);
    for (int i = 0; i < nc; i++)
        combos[i] = i;
    for (int i = nc - 1; i > 0; i--) {          /* Fisher-Yates */
        int j = (int)rng_below(r, (uint32_t)i + 1), t = combos[i];
        combos[i] = combos[j];
        combos[j] = t;
    }
    for (int i = 0; i < N_NUMERIC; i++) {
        struct dataset *d = &u->ds[i];
        bool fam = i < (int)COUNT(famous);
        d->famous = fam ? i : -1;
        d->city = fam ? -1 : combos[i] / (int)COUNT(topics);
        d->topic = fam ? -1 : combos[i] % (int)COUNT(topics);
        d->id = i < (int)COUNT(famous_ids) ? famous_ids[i] : draw_id(r, u, i);
        snprintf(d->key, sizeof d->key, "%" PRIu32, d->id);
        if (fam)
            snprintf(d->name, sizeof d->name, "%s", famous[i].name);
        else
            snprintf(d->name, sizeof d->name, "%s%s", cities[d->city].name, topics[d->topic].name);
        uuid_from(d->uuid, rng_next(r));
        dataset_resources(r, d, dataset_formats(d));
    }
}

static void universe_ckan(struct universe *u, struct rng *r)
{
    for (int i = N_NUMERIC; i < N_DATASETS; i++) {
        struct dataset *d = &u->ds[i];
        bool again;
        do {
            d->city = (int)rng_below(r, 8);           /* the six big cities and two more */
            d->topic = (int)rng_below(r, (uint32_t)COUNT(topics));
            again = false;
            for (int j = N_NUMERIC; j < i; j++)
                again |= u->ds[j].city == d->city && u->ds[j].topic == d->topic;
        } while (again);
        d->famous = -1;
        d->id = 0;
        snprintf(d->key, sizeof d->key, "%s-%s", cities[d->city].en, topics[d->topic].en);
        snprintf(d->name, sizeof d->name, "%s%s", cities[d->city].name, topics[d->topic].name);
        uuid_from(d->uuid, rng_next(r));
        dataset_resources(r, d, rng_chance(r, 0.5) ? "CSV;JSON" : "CSV;GEOJSON;SHP");
    }
}

/* Builds the portal. Popularity is Zipf-like: weight 1/(rank+3). */
static void universe_build(struct universe *u)
{
    struct rng r = {UNIVERSE_SEED};
    double sum = 0;
    universe_numeric(u, &r);
    universe_ckan(u, &r);
    for (int i = 0; i < N_NUMERIC; i++) {
        sum += 1.0 / (i + 3);
        u->cdf[i] = sum;
    }
    for (int i = 0; i < N_NUMERIC; i++)
        u->cdf[i] /= sum;
}

/* The numeric dataset at quantile x of popularity. */
static const struct dataset *universe_popular(const struct universe *u, double x)
{
    int lo = 0, hi = N_NUMERIC - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (u->cdf[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return &u->ds[lo];
}

static bool universe_has_id(const struct universe *u, uint32_t id)
{
    return id_taken(u, N_NUMERIC, id);
}

/* Where a linked resource really lives (catalog URL, legacy dataUrl). */
static void sb_external_url(struct sb *s, const struct dataset *d, const struct resource *r)
{
    sb_str(s, "https://");
    sb_str(s, dataset_domain(d));
    sb_str(s, "/api/v1/opendata/");
    sb_str(s, d->key);
    sb_str(s, "?format=");
    sb_str(s, r->ext);
}

/* ---- user agents and addresses ------------------------------------------ */

/* Browsers of Taiwanese users in 2024-03. Four carry a quote: nginx writes
 * it as \x22, Apache's mod_log_config as \" (both forms appear). */
static const struct wstr human_uas[] = {
    {30, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"},
    {16, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36"},
    {5, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"},
    {10, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0"},
    {4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0"},
    {5, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0"},
    {2, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0"},
    {2, "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"},
    {2, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"},
    {7, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"},
    {5, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15"},
    {2, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:123.0) Gecko/20100101 Firefox/123.0"},
    {10, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1"},
    {4, "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1"},
    {2, "Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1"},
    {8, "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36"},
    {3, "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36"},
    {2, "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.178 Mobile Safari/537.36"},
    {3, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.2.0"},
    {2, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/451.0.0.38.108;FBBV/556029493;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.2.1;FBSS/3;FBID/phone;FBLC/zh_TW;FBOP/5]"},
    {1, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 OPR/107.0.0.0"},
    {1, "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"},
    {1, "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"},
    {1, "Mozilla/5.0 (Linux; Android 12; M2101K6G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.64 Mobile Safari/537.36 EdgA/122.0.2365.56"},
    {1, "\\x22Chromium\\x22;v=\\x22122\\x22, \\x22Not(A:Brand\\x22;v=\\x2224\\x22, \\x22Google Chrome\\x22;v=\\x22122\\x22"},
    {1, "Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36 \\x22TaipeiGO/3.2\\x22"},
    {1, "\\\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36\\\""},
    {1, "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0; \\\"Gov Intranet\\\")"},
};

#define UA_IDM "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko"

static const struct wstr machine_uas[] = {
    {12, "python-requests/2.31.0"},
    {5, "python-requests/2.28.2"},
    {9, "curl/8.4.0"},
    {5, "curl/7.81.0"},
    {4, "curl/8.5.0"},
    {7, "Wget/1.21.3"},
    {3, "Wget/1.21.4"},
    {6, "Go-http-client/1.1"},
    {2, "Go-http-client/2.0"},
    {5, "R (4.3.2 x86_64-pc-linux-gnu x86_64 linux-gnu)"},
    {3, "R (4.3.1 x86_64-w64-mingw32 x86_64 mingw32)"},
    {4, "okhttp/4.12.0"},
    {3, "Java/17.0.9"},
    {2, "Java/1.8.0_392"},
    {3, "Apache-HttpClient/4.5.14 (Java/17.0.8)"},
    {3, "python-urllib3/2.0.7"},
    {2, "Python-urllib/3.11"},
    {3, "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)"},
    {2, "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"},
    {2, "axios/1.6.7"},
    {1, "PostmanRuntime/7.36.3"},
    {1, "Mozilla/5.0 (Windows NT; Windows NT 10.0; zh-TW) WindowsPowerShell/5.1.22621.2506"},
    {1, "Python/3.11 aiohttp/3.9.3"},
};

struct v4range {
    unsigned weight;
    uint8_t a, lo, hi;     /* a.[lo..hi].x.y */
};

/* Taiwanese ISPs (HiNet, mobile, cable), TANet, GSN, and some abroad. */
static const struct v4range human_v4[] = {
    {14, 1, 160, 175}, {12, 36, 224, 239}, {8, 114, 24, 47}, {8, 118, 160, 171},
    {6, 220, 128, 143}, {6, 61, 216, 231}, {5, 59, 112, 127}, {4, 125, 224, 231},
    {4, 111, 240, 255}, {6, 27, 240, 247}, {5, 49, 216, 219}, {6, 39, 8, 15},
    {5, 101, 8, 15}, {4, 223, 136, 143}, {3, 175, 180, 183}, {3, 180, 176, 183},
    {3, 122, 116, 121}, {4, 140, 112, 138}, {2, 163, 13, 32}, {2, 210, 69, 69},
    {1, 210, 241, 241}, {1, 211, 79, 79}, {2, 73, 0, 255}, {1, 24, 0, 255},
    {2, 126, 0, 255}, {1, 153, 128, 255}, {1, 112, 118, 120}, {2, 117, 128, 191},
    {1, 183, 0, 63}, {1, 211, 234, 234}, {1, 116, 14, 15}, {1, 91, 0, 67},
};

static const struct v4range machine_v4[] = {
    {6, 140, 112, 138}, {6, 35, 194, 236}, {4, 34, 80, 81}, {3, 20, 2, 255},
    {3, 13, 112, 115}, {3, 52, 68, 79}, {3, 122, 116, 121}, {2, 210, 69, 69},
    {2, 163, 29, 29}, {2, 1, 160, 175}, {2, 114, 32, 47}, {2, 118, 163, 171},
};

static const struct v4range scanner_v4[] = {
    {3, 45, 0, 255}, {3, 185, 0, 255}, {2, 194, 0, 255}, {2, 193, 0, 255},
    {2, 167, 94, 94}, {2, 162, 142, 142}, {1, 71, 6, 6}, {1, 198, 235, 235},
    {1, 64, 62, 62}, {2, 89, 248, 248}, {1, 103, 0, 255},
};

static const struct wstr human_v6[] = {
    {40, "2001:b011"}, {15, "2001:b400"}, {15, "2402:7500"}, {10, "2407:4d00"},
    {8, "2001:288"}, {6, "2600:1700"}, {6, "240d:1a"},
};

static const struct v4range *v4_at(const struct v4range *t, size_t n, uint64_t h)
{
    unsigned total = 0;
    for (size_t i = 0; i < n; i++)
        total += t[i].weight;
    unsigned x = (unsigned)((h >> 40) % total);
    for (size_t i = 0; i < n; i++) {
        if (x < t[i].weight)
            return &t[i];
        x -= t[i].weight;
    }
    return &t[n - 1];
}

static void addr_v4(char *dst, size_t cap, const struct v4range *t, size_t n, uint64_t h)
{
    const struct v4range *r = v4_at(t, n, h);
    unsigned b = r->lo + (unsigned)(h % (unsigned)(r->hi - r->lo + 1));
    snprintf(dst, cap, "%u.%u.%u.%u", r->a, b, (unsigned)(h >> 8 & 0xff),
             1 + (unsigned)((h >> 16) % 254));
}

/* Groups are never 0, so the text is already RFC 5952 canonical. */
static void addr_v6(char *dst, size_t cap, const char *prefix, uint64_t h)
{
    int groups = 1;
    for (const char *p = prefix; *p; p++)
        groups += *p == ':';
    int n = snprintf(dst, cap, "%s", prefix);
    for (int i = groups; i < 8 && n > 0 && (size_t)n < cap; i++) {
        h = mix64(h + (uint64_t)i);
        unsigned g = (unsigned)(h & 0xffff);
        n += snprintf(dst + n, cap - (size_t)n, ":%x", g ? g : 0x1a);
    }
}

struct bot {
    unsigned weight;
    const char *ua;
    struct v4range net;
    const char *v6;         /* IPv6 prefix, or NULL */
    int gap_lo, gap_hi;     /* seconds between requests */
    int pages;              /* most requests in one visit */
    int download_pct;
};

static const struct bot bots[] = {
    {14, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {1, 66, 249, 249}, "2001:4860:4801", 3, 40, 30, 3},
    {14, "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.94 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {1, 66, 249, 249}, "2001:4860:4801", 3, 40, 30, 2},
    {10, "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", {1, 40, 77, 77}, NULL, 2, 30, 25, 2},
    {5, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", {1, 157, 55, 55}, NULL, 2, 30, 20, 2},
    {6, "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", {1, 116, 179, 179}, NULL, 1, 15, 20, 1},
    {4, "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", {1, 5, 255, 255}, NULL, 2, 20, 15, 2},
    {7, "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", {1, 54, 36, 36}, NULL, 1, 4, 40, 0},
    {4, "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", {1, 85, 208, 208}, NULL, 1, 6, 25, 0},
    {6, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)", {1, 20, 171, 171}, NULL, 1, 8, 35, 25},
    {6, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", {1, 216, 73, 73}, NULL, 1, 8, 35, 20},
    {4, "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)", {1, 47, 128, 128}, NULL, 1, 5, 30, 15},
    {3, "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", {1, 114, 119, 119}, NULL, 2, 20, 15, 1},
    {3, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", {1, 17, 241, 241}, NULL, 3, 30, 12, 1},
    {2, "Mozilla/5.0 (compatible; DataForSeoBot/1.0; +https://dataforseo.com/dataforseo-bot)", {1, 136, 243, 243}, NULL, 1, 5, 20, 0},
    {2, "Scrapy/2.11.0 (+https://scrapy.org)", {1, 35, 201, 236}, NULL, 0, 2, 30, 30},
    {4, "-", {1, 0, 0, 0}, NULL, 0, 5, 8, 10},
};

/* Link previews and agents fetching one page for one person. */
static const struct wstr fetcher_uas[] = {
    {5, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot"},
    {5, "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"},
    {3, "facebookexternalhit/1.1;line-poker/1.0"},
    {2, "Twitterbot/1.0"},
    {1, "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"},
    {1, "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"},
    {1, "TelegramBot (like TwitterBot)"},
};

static const struct wstr scanner_uas[] = {
    {5, "-"},
    {3, "Mozilla/5.0 zgrab/0.x"},
    {2, "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"},
    {3, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36"},
    {1, "Mozilla/5.0 (l9scan/2.0.134313e2334313e2135323e23313; +https://leakix.net)"},
    {1, "python-requests/2.25.1"},
    {1, "Go-http-client/1.1"},
};

/* ---- configuration ----------------------------------------------------- */

struct config {
    uint64_t seed;
    uint64_t lines;
    int64_t start;          /* first second of the range (epoch) */
    int64_t span;           /* seconds */
    int64_t since, until;   /* write-time window of the output */
    int tz_min;
    int server;
    int malformed_permille;
    int disorder;           /* --disorder: seconds a stamp may run behind */
    int scrapers;           /* --scrapers: browser-UA scraper visits per 1000 */
    bool gzip;
    bool catalog;
};

/* ---- the request queue: a min-heap ordered by write time ---------------- */

struct entry {
    int64_t when;           /* when nginx writes the line */
    uint64_t seq;           /* tie-break and per-line random salt */
    char *text;             /* head ("addr - user") then tail ("\"GET ..." to "\n") */
    uint16_t head_len, len;
    uint8_t jitter;         /* the timestamp is this much older than when */
};

struct gen {
    const struct config *cfg;
    const struct universe *u;
    struct rng rng;
    struct entry *heap;
    size_t heap_n;
    uint64_t seq;
    uint64_t visits, queued;    /* for the running mean of a visit's size */
    uint64_t emitted;
    double flat;                /* weight of automated traffic, day and night */
    struct rng xrng;            /* draws of the opt-in options only, so that
                                   without them the stream is unchanged */
    bool failed;                /* out of memory */
    struct clf_clock clock;
};

static bool entry_before(const struct entry *a, const struct entry *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void heap_push(struct gen *g, struct entry e)
{
    size_t i = g->heap_n++;
    while (i > 0 && entry_before(&e, &g->heap[(i - 1) / 2])) {
        g->heap[i] = g->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    g->heap[i] = e;
}

static struct entry heap_pop(struct gen *g)
{
    struct entry top = g->heap[0], last = g->heap[--g->heap_n];
    size_t i = 0, n = g->heap_n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && entry_before(&g->heap[c + 1], &g->heap[c]))
            c++;
        if (!entry_before(&g->heap[c], &last))
            break;
        g->heap[i] = g->heap[c];
        i = c;
    }
    if (n > 0)
        g->heap[i] = last;
    return top;
}

/* nginx stamps a line when the request ends, and workers disagree by a
 * second or two, so lines run slightly backwards; never by a minute. */
static uint8_t jitter_draw(struct rng *r)
{
    uint32_t x = rng_below(r, 10000);
    if (x < 8200)
        return 0;
    if (x < 9400)
        return 1;
    if (x < 9800)
        return (uint8_t)rng_range(r, 2, 3);
    if (x < 9985)
        return (uint8_t)rng_range(r, 4, 5);
    return (uint8_t)rng_range(r, 6, 40);
}

/* Queues one line; requests past the end of the range are cut off. */
static void gen_queue(struct gen *g, int64_t when, const struct sb *line, size_t head_len)
{
    const struct config *c = g->cfg;
    if (when >= c->start + c->span || g->heap_n == HEAP_CAP || g->failed)
        return;
    char *text = malloc(line->len);
    if (!text) {
        g->failed = true;
        return;
    }
    memcpy(text, line->buf, line->len);
    struct entry e = {when, g->seq++, text, (uint16_t)head_len, (uint16_t)line->len,
                      jitter_draw(&g->rng)};
    if (c->disorder > 0) {
        /* --disorder: 5 % of responses are slow (big files, slow clients);
         * the line is written when the response ends but stamped with the
         * time the request began, up to --disorder seconds earlier. */
        uint64_t h = hash2(c->seed ^ UINT64_C(0x646973), e.seq);
        if (h % 100 < 5) {
            uint8_t j = (uint8_t)(1 + (h >> 8) % (uint64_t)c->disorder);
            if (j > e.jitter)
                e.jitter = j;
        }
    }
    if (e.jitter > when - c->start)
        e.jitter = (uint8_t)(when - c->start);
    heap_push(g, e);
    g->queued++;
}

/* ---- visits ------------------------------------------------------------ */

struct client {
    char addr[48];
    const char *ua;
    const char *user;
    char xff[48];           /* empty unless the request came through a proxy */
    const char *proto;
    const char *locale;     /* "", "/zh_TW", "/en" or "/zh-TW" */
    bool ios;
    bool cached;            /* has the site's assets from an earlier visit */
};

struct visit {
    struct gen *g;
    struct client c;
    int64_t t;              /* time of the next request */
    int sent;
    char page[1024];        /* URL of the page on screen: the next Referer */
};

static struct rng *visit_rng(struct visit *v)
{
    return &v->g->rng;
}

static void visit_wait(struct visit *v, int lo, int hi)
{
    v->t += rng_range(visit_rng(v), lo, hi);
}

/* Queues one request of this visit at its current time. */
static void visit_send(struct visit *v, const char *method, const char *target,
                       int status, uint64_t bytes, const char *referer)
{
    struct sb s;
    if (v->sent >= VISIT_MAX)
        return;
    v->sent++;
    sb_init(&s);
    sb_str(&s, v->c.addr);
    sb_str(&s, " - ");
    sb_str(&s, v->c.user);
    size_t head = s.len;
    sb_chr(&s, '"');
    sb_str(&s, method);
    sb_chr(&s, ' ');
    sb_str(&s, target);
    sb_chr(&s, ' ');
    sb_str(&s, v->c.proto);
    sb_str(&s, "\" ");
    sb_uint(&s, (uint64_t)status);
    sb_chr(&s, ' ');
    sb_uint(&s, bytes);
    sb_str(&s, " \"");
    sb_str(&s, referer);
    sb_str(&s, "\" \"");
    sb_str(&s, v->c.ua);
    sb_chr(&s, '"');
    if (v->c.xff[0]) {
        sb_str(&s, " \"");
        sb_str(&s, v->c.xff);
        sb_chr(&s, '"');
    }
    sb_chr(&s, '\n');
    if (s.len < SB_MAX - 1)
        gen_queue(v->g, v->t, &s, head);
}

static void visit_get(struct visit *v, const char *target, int status, uint64_t bytes,
                      const char *referer)
{
    visit_send(v, "GET", target, status, bytes, referer);
}

/* A page view: afterwards the page is the Referer of what follows. */
static void visit_page(struct visit *v, const char *target, int status, uint64_t bytes,
                       const char *referer)
{
    size_t n = strlen(target);
    visit_get(v, target, status, bytes, referer);
    if ((status == 200 || status == 304) && sizeof PORTAL + n <= sizeof v->page) {
        memcpy(v->page, PORTAL, sizeof PORTAL - 1);
        memcpy(v->page + sizeof PORTAL - 1, target, n + 1);
    }
}

static const char *visit_referer(const struct visit *v)
{
    return v->page[0] ? v->page : "-";
}

static void client_human(struct gen *g, struct client *c)
{
    static const char *const locales[] = {"", "", "", "", "", "", "", "/zh_TW", "/zh_TW", "/en"};
    struct rng *r = &g->rng;
    uint32_t idx = rng_chance(r, 0.12) ? rng_below(r, N_NAT)
                                       : N_NAT + rng_below(r, N_HUMAN_POOL - N_NAT);
    /* Most addresses reach both servers; a fifth belong to one only. */
    uint64_t salt = idx % 5 == 4 ? (uint64_t)g->cfg->server + 1 : 0;
    uint64_t h = hash2(UINT64_C(0x48554d414e) + salt, idx);
    unsigned v6_pct = g->cfg->server ? 20 : 12;
    if ((h >> 20) % 100 < v6_pct && idx >= N_NAT)
        addr_v6(c->addr, sizeof c->addr, wstr_at(human_v6, COUNT(human_v6), h), h);
    else
        addr_v4(c->addr, sizeof c->addr, human_v4, COUNT(human_v4), h);
    c->ua = idx < N_NAT ? WPICK(r, human_uas) : wstr_at(human_uas, COUNT(human_uas), mix64(h));
    c->user = "-";
    c->xff[0] = '\0';
    c->proto = (h >> 12) % 4 ? "HTTP/2.0" : "HTTP/1.1";
    c->locale = (h >> 28) % 50 == 0 ? "/zh-TW" : locales[(h >> 24) % COUNT(locales)];
    c->ios = strstr(c->ua, "iPhone") || strstr(c->ua, "iPad");
    c->cached = rng_chance(r, 0.3);
    if (g->cfg->server == 1 && rng_chance(r, 0.12)) {
        /* Behind an office proxy: the proxy's address, the client's in XFF. */
        if ((h >> 44) & 1)
            snprintf(c->xff, sizeof c->xff, "10.%u.%u.%u", (unsigned)(h >> 45) % 32,
                     (unsigned)(h >> 50) % 256, 2 + (unsigned)(h >> 58) % 60);
        else
            memcpy(c->xff, c->addr, sizeof c->xff);
        snprintf(c->addr, sizeof c->addr, "210.61.%u.%u", 40 + (unsigned)(h % 4),
                 10 + (unsigned)(h >> 50) % 20);
    }
}

static void client_machine(struct gen *g, struct client *c, uint32_t idx)
{
    uint64_t h = hash2(UINT64_C(0x4d414348) + (idx % 3 == 2 ? (uint64_t)g->cfg->server : 0), idx);
    if (h % 10 == 0)
        addr_v6(c->addr, sizeof c->addr, h % 20 ? "2001:288:4001" : "2600:1900:4030", h);
    else
        addr_v4(c->addr, sizeof c->addr, machine_v4, COUNT(machine_v4), h);
    c->ua = wstr_at(machine_uas, COUNT(machine_uas), mix64(h));
    c->user = idx == 7 && g->cfg->server == 1 ? "odsync" : "-";
    c->xff[0] = '\0';
    c->proto = (h >> 30) % 5 == 0 ? "HTTP/2.0" : (h >> 30) % 17 == 1 ? "HTTP/1.0" : "HTTP/1.1";
    c->locale = "";
    c->ios = false;
    c->cached = true;
}

static void client_bot(struct gen *g, struct client *c, const struct bot *b)
{
    struct rng *r = &g->rng;
    uint64_t h = rng_next(r);
    if (b->net.a == 0)
        addr_v4(c->addr, sizeof c->addr, scanner_v4, COUNT(scanner_v4), h);
    else if (b->v6 && rng_chance(r, 0.25))
        addr_v6(c->addr, sizeof c->addr, b->v6, h);
    else if (b->net.a == 66)     /* Googlebot crawls from 66.249.64.0/20 */
        snprintf(c->addr, sizeof c->addr, "66.249.%u.%u", 64 + (unsigned)(h >> 8) % 16,
                 1 + (unsigned)(h >> 16) % 254);
    else
        addr_v4(c->addr, sizeof c->addr, &b->net, 1, h);
    c->ua = b->ua;
    c->user = "-";
    c->xff[0] = '\0';
    c->proto = b->net.a == 0 ? "HTTP/1.0" : "HTTP/1.1";
    c->locale = "";
    c->ios = false;
    c->cached = true;
}

/* ---- request targets --------------------------------------------------- */

static const struct dataset *pick_popular(struct gen *g)
{
    struct rng *r = &g->rng;
    if (rng_chance(r, 0.12))
        return &g->u->ds[N_NUMERIC + rng_below(r, N_CKAN)];
    return universe_popular(g->u, rng_unit(r));
}

static const struct dataset *pick_any(struct gen *g)
{
    return &g->u->ds[rng_below(&g->rng, N_DATASETS)];
}

/* CKAN datasets are reached by slug, and a quarter of the time by uuid. */
static const char *dataset_key(struct gen *g, const struct dataset *d)
{
    return d->id == 0 && rng_chance(&g->rng, 0.25) ? d->uuid : d->key;
}

static void path_landing(struct sb *s, const char *locale, const char *key)
{
    sb_str(s, locale);
    sb_str(s, "/dataset/");
    sb_str(s, key);
}

static void path_resource(struct sb *s, const char *locale, const char *key,
                          const struct resource *r)
{
    path_landing(s, locale, key);
    sb_str(s, "/resource/");
    sb_str(s, r->uuid);
}

/* Download links in the page carry no locale; 8 % lack the file name. */
static void path_download(struct sb *s, struct gen *g, const char *key, const struct resource *r)
{
    path_resource(s, "", key, r);
    sb_str(s, "/download");
    if (rng_chance(&g->rng, 0.92)) {
        sb_chr(s, '/');
        sb_str(s, r->file);
    }
}

/* The data.gov.tw redirect that logs a download before sending the user on. */
static void path_legacy(struct sb *s, const struct dataset *d, const struct resource *r)
{
    struct sb url;
    sb_init(&url);
    if (r->external) {
        sb_external_url(&url, d, r);
    } else {
        sb_str(&url, PORTAL "/dataset/");
        sb_str(&url, d->key);
        sb_str(&url, "/resource/");
        sb_str(&url, r->uuid);
        sb_str(&url, "/download/");
        sb_str(&url, r->file);
    }
    sb_str(s, "/iisi/logaccess/");
    sb_uint(s, 100000 + hash2(d->id, (uint64_t)(r - d->res)) % 90000);
    sb_str(s, "?dataUrl=");
    sb_pct(s, sb_cstr(&url), "");
    sb_str(s, "&ndctype=");
    sb_str(s, r->format);
    sb_str(s, "&ndcnid=");
    sb_str(s, d->key);
}

/* What people append to landing URLs: slashes, pages, campaign tags. */
static void landing_variant(struct sb *s, struct gen *g, bool social)
{
    struct rng *r = &g->rng;
    if (social) {
        if (rng_chance(r, 0.5)) {
            sb_str(s, "?fbclid=IwAR");
            for (int i = 0; i < 3; i++)
                sb_hex(s, rng_next(r), 12);
        } else {
            sb_str(s, "?utm_source=facebook&utm_medium=social&utm_campaign=opendata_2024");
        }
        return;
    }
    uint32_t x = rng_below(r, 1000);
    if (x < 40)
        sb_chr(s, '/');
    else if (x < 60)
        sb_str(s, "?page=2");
    else if (x < 70)
        sb_str(s, "?utm_source=newsletter&utm_medium=email&utm_campaign=202403");
    else if (x < 75)
        sb_str(s, "/?page=3");
    else if (x < 78)
        sb_str(s, "?lang=zh_TW");
}

/* Landing URL forms that test a normaliser; robots and scripts send them. */
static void landing_odd(struct sb *s, struct gen *g, const struct dataset *d)
{
    switch (rng_below(&g->rng, 10)) {
    case 0: sb_str(s, "//dataset/"); sb_str(s, d->key); break;
    case 1: sb_str(s, "/dataset/"); sb_str(s, d->key); sb_str(s, "#resources"); break;
    case 2: sb_str(s, "/dataset/"); sb_pct(s, d->key, ""); sb_str(s, "%2F"); break;
    case 3:
        sb_str(s, "/dataset/");
        for (const char *p = d->key; *p; p++) {
            sb_chr(s, '%');
            sb_hex(s, (unsigned char)*p, 2);
        }
        break;
    case 4: sb_str(s, "/DATASET/"); sb_str(s, d->key); break;
    case 5: sb_str(s, "/dataset/"); sb_str(s, d->key); sb_str(s, ";jsessionid=A1B2C3D4"); break;
    case 6: sb_str(s, "/zh_TW//dataset/"); sb_str(s, d->key); sb_str(s, "/"); break;
    case 7: sb_str(s, "/dataset/"); sb_str(s, d->key); sb_str(s, "?"); break;
    case 8: sb_str(s, PORTAL "/dataset/"); sb_str(s, d->key); break;
    default: sb_str(s, "/en-US/dataset/"); sb_str(s, d->key); break;
    }
}

/* A dataset id that the portal does not have (deleted, mistyped). */
static uint32_t missing_id(struct gen *g)
{
    uint32_t id;
    do
        id = (uint32_t)rng_range(&g->rng, 1000, 175000);
    while (universe_has_id(g->u, id));
    return id;
}

/* A landing page's answer; 502 and 504 are nginx's own pages. */
static void page_status(struct gen *g, const struct dataset *d, int *status, uint64_t *bytes)
{
    uint32_t x = rng_below(&g->rng, 1000);
    *status = x < 950 ? 200 : x < 990 ? 304 : x < 994 ? 499 : x < 997 ? 500 : x < 999 ? 502 : 504;
    switch (*status) {
    case 200: *bytes = d->page_bytes + rng_below(&g->rng, 400); break;
    case 500: *bytes = 1100 + rng_below(&g->rng, 300); break;
    case 502: *bytes = 157; break;
    case 504: *bytes = 160; break;
    default: *bytes = 0; break;
    }
}

static void download_status(struct gen *g, const struct resource *r, int *status, uint64_t *bytes)
{
    uint32_t x = rng_below(&g->rng, 1000);
    if (r->external) {
        *status = x < 990 ? 302 : 404;
        *bytes = *status == 302 ? 180 + rng_below(&g->rng, 80) : 1024;
        return;
    }
    *status = x < 890 ? 200 : x < 935 ? 304 : x < 955 ? 206 : x < 985 ? 499 : x < 993 ? 404 : 500;
    *bytes = *status == 200 ? r->bytes
             : *status == 206 || *status == 499 ? rng_below(&g->rng, r->bytes)
             : *status == 304 ? 0 : 1100 + rng_below(&g->rng, 300);
}

static const char *const search_words[] = {
    "%E7%A9%BA%E6%B0%A3%E5%93%81%E8%B3%AA",  /* 空氣品質 */
    "%E5%81%9C%E8%BB%8A%E5%A0%B4",           /* 停車場 */
    "%E5%85%AC%E8%BB%8A",                    /* 公車 */
    "%E4%BA%BA%E5%8F%A3",                    /* 人口 */
    "%E5%AF%A6%E5%83%B9%E7%99%BB%E9%8C%84",  /* 實價登錄 */
    "%E5%9C%B0%E9%9C%87",                    /* 地震 */
    "youbike", "AQI", "bus", "covid",
};

static void page_search(struct visit *v)
{
    struct gen *g = v->g;
    struct sb s;
    char ref[1024];
    const char *word = search_words[rng_below(&g->rng, COUNT(search_words))];
    snprintf(ref, sizeof ref, "%s", visit_referer(v));
    sb_init(&s);
    if (rng_chance(&g->rng, 0.6)) {
        sb_str(&s, "/datasets/search?p=");
        sb_uint(&s, (uint64_t)rng_range(&g->rng, 1, 3));
        sb_str(&s, "&size=10&s=_score_desc&rft=");
    } else {
        sb_str(&s, v->c.locale);
        sb_str(&s, "/dataset?q=");
    }
    sb_str(&s, word);
    visit_page(v, sb_cstr(&s), 200, 31000 + rng_below(&g->rng, 9000), ref);
    visit_wait(v, 0, 1);
    visit_send(v, "POST", "/api/front/dataset/list", 200, 5200 + rng_below(&g->rng, 6000), v->page);
}

/* What a browser fetches after the first HTML page, unless cached. */
static void page_assets(struct visit *v)
{
    static const struct {
        const char *path;
        uint32_t bytes;
    } assets[] = {
        {"/static/css/main.7c1e9a2b.css", 48211},
        {"/static/js/vendor.3d9f1c0e.js", 214533},
        {"/static/js/app.9b2e4f71.js", 88410},
        {"/static/img/logo.svg", 6032},
        {"/favicon.ico", 4286},
    };
    struct gen *g = v->g;
    bool cached = v->c.cached;
    for (size_t i = 0; i < COUNT(assets); i++) {
        if (cached && rng_chance(&g->rng, 0.7))
            continue;
        visit_get(v, assets[i].path, cached ? 304 : 200, cached ? 0 : assets[i].bytes,
                  visit_referer(v));
        if (rng_chance(&g->rng, 0.2))
            visit_wait(v, 0, 1);
    }
    if (!cached && rng_chance(&g->rng, 0.3))
        visit_get(v, "/static/fonts/NotoSansTC-Regular.woff2", 200, 412008, visit_referer(v));
    if (v->c.ios) {
        visit_get(v, "/apple-touch-icon-precomposed.png", 404, 153, "-");
        visit_get(v, "/apple-touch-icon.png", 404, 153, "-");
    }
    v->c.cached = true;
}

/* A person clicking again: 55 % within 10 s, 25 % 11-30 s, 20 % 31-42 s. */
static int click_delay(struct rng *r)
{
    uint32_t x = rng_below(r, 100);
    if (x < 55)
        return rng_range(r, 1, 10);
    if (x < 80)
        return rng_range(r, 11, 30);
    return rng_range(r, 31, 42);
}

static void send_download(struct visit *v, const char *key, const struct resource *r,
                          const char *referer)
{
    struct sb s;
    int status;
    uint64_t bytes;
    sb_init(&s);
    path_download(&s, v->g, key, r);
    download_status(v->g, r, &status, &bytes);
    visit_get(v, sb_cstr(&s), status, bytes, referer);
}

static void send_legacy(struct visit *v, const struct dataset *d, const struct resource *r,
                        const char *referer)
{
    struct sb s;
    sb_init(&s);
    path_legacy(&s, d, r);
    visit_get(v, sb_cstr(&s), 302, 0, referer);
}

/* A person re-requesting what was just sent: page reloads, impatient downloads. */
static void send_again(struct visit *v, const char *target, int status, uint64_t bytes,
                       const char *referer)
{
    struct rng *r = visit_rng(v);
    v->t += click_delay(r);
    if (status == 200 && rng_chance(r, 0.3)) {
        status = 304;
        bytes = 0;
    }
    visit_get(v, target, status, bytes, referer);
}

/* Resource page, then perhaps its download, from a landing page. */
static void browse_resource(struct visit *v, const struct dataset *d, const char *key)
{
    struct gen *g = v->g;
    const struct resource *r = &d->res[rng_below(&g->rng, (uint32_t)d->nres)];
    char ref[1024];
    struct sb s;
    if (rng_chance(&g->rng, 0.45)) {
        sb_init(&s);
        path_resource(&s, v->c.locale, key, r);
        snprintf(ref, sizeof ref, "%s", visit_referer(v));
        visit_wait(v, 4, 60);
        visit_page(v, sb_cstr(&s), 200, 18000 + rng_below(&g->rng, 20000), ref);
        if (!rng_chance(&g->rng, 0.55))
            return;
    }
    visit_wait(v, 2, 30);
    snprintf(ref, sizeof ref, "%s", visit_referer(v));
    sb_init(&s);
    path_download(&s, g, key, r);
    int status;
    uint64_t bytes;
    download_status(g, r, &status, &bytes);
    visit_get(v, sb_cstr(&s), status, bytes, ref);
    if (rng_chance(&g->rng, 0.06))
        send_again(v, sb_cstr(&s), status, bytes, ref);
}

static void browse_missing(struct visit *v, const char *ref)
{
    struct sb s;
    sb_init(&s);
    sb_str(&s, v->c.locale);
    sb_str(&s, "/dataset/");
    sb_uint(&s, missing_id(v->g));
    visit_get(v, sb_cstr(&s), 404, 9800 + rng_below(&v->g->rng, 300), ref);
}

/* One dataset's landing page in a browsing visit, and what follows it. */
static void browse_dataset(struct visit *v, const char *entry_ref, bool social)
{
    struct gen *g = v->g;
    char ref[1024];
    struct sb s;
    snprintf(ref, sizeof ref, "%s", entry_ref ? entry_ref : visit_referer(v));
    if (rng_chance(&g->rng, 0.02)) {
        browse_missing(v, ref);
        return;
    }
    const struct dataset *d = pick_popular(g);
    const char *key = dataset_key(g, d);
    int status;
    uint64_t bytes;
    sb_init(&s);
    path_landing(&s, v->c.locale, key);
    landing_variant(&s, g, social);
    page_status(g, d, &status, &bytes);
    visit_page(v, sb_cstr(&s), status, bytes, ref);
    if (rng_chance(&g->rng, 0.07))
        send_again(v, sb_cstr(&s), status, bytes, ref);
    if (!v->c.cached)
        page_assets(v);
    if (status == 200 && rng_chance(&g->rng, 0.5))
        browse_resource(v, d, key);
}

/* Time between pages; 6 % step away for 10-40 minutes. */
static void browse_think(struct visit *v)
{
    if (rng_chance(visit_rng(v), 0.06))
        visit_wait(v, 600, 2400);
    else
        visit_wait(v, 6, 180);
}

static const struct wstr search_referers[] = {
    {40, "https://www.google.com/"}, {12, "https://www.google.com.tw/"},
    {6, "https://www.bing.com/"}, {3, "https://tw.search.yahoo.com/"},
    {2, "https://duckduckgo.com/"},
};

static const struct wstr other_referers[] = {
    {5, "https://www.ptt.cc/bbs/Soft_Job/M.1709551234.A.1C2.html"},
    {4, "https://github.com/"},
    {3, "https://hackmd.io/"},
    {3, "https://www.dcard.tw/f/tech"},
    {2, "https://chatgpt.com/"},
    {2, "android-app://com.google.android.gm/"},
};

static void visit_browse(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    const char *ref = "-";
    bool social = false;
    uint32_t x = rng_below(r, 100);
    client_human(g, &v->c);
    if (x < 45)
        ref = WPICK(r, search_referers);
    else if (x < 55) {
        ref = rng_chance(r, 0.7) ? "https://l.facebook.com/" : "https://line.me/";
        social = true;
    } else if (x < 63)
        ref = WPICK(r, other_referers);
    int pages = 1;
    while (pages < 12 && rng_chance(r, 0.55))
        pages++;
    if (rng_chance(r, 0.25)) {
        char home[16];
        snprintf(home, sizeof home, "%s/", v->c.locale);
        visit_page(v, home, 200, 42000 + rng_below(r, 3000), ref);
        page_assets(v);
        visit_wait(v, 3, 40);
        page_search(v);
        visit_wait(v, 2, 30);
    }
    for (int i = 0; i < pages; i++) {
        browse_dataset(v, v->page[0] ? NULL : ref, social && i == 0);
        browse_think(v);
        if (rng_chance(r, 0.15)) {
            page_search(v);
            visit_wait(v, 2, 30);
        }
    }
}

/* Straight to a file from elsewhere: a search hit, a forum post, a script
 * pasted into a notebook; a quarter through the legacy redirect. */
static void visit_direct(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    client_human(g, &v->c);
    const char *ref = rng_chance(r, 0.4) ? WPICK(r, search_referers)
                      : rng_chance(r, 0.5) ? "-" : WPICK(r, other_referers);
    int files = rng_chance(r, 0.2) ? 2 : 1;
    for (int i = 0; i < files; i++) {
        const struct dataset *d = pick_popular(g);
        const struct resource *res = &d->res[rng_below(r, (uint32_t)d->nres)];
        const char *key = dataset_key(g, d);
        uint32_t x = rng_below(r, 100);
        if (x < 25 && d->id) {
            send_legacy(v, d, res, ref);
            if (rng_chance(r, 0.08)) {
                v->t += click_delay(r);
                send_legacy(v, d, res, ref);
            }
        } else if (x < 75) {
            send_download(v, key, res, ref);
            if (rng_chance(r, 0.08)) {
                v->t += click_delay(r);
                send_download(v, key, res, ref);
            }
        } else {
            struct sb s;
            sb_init(&s);
            path_landing(&s, v->c.locale, key);
            visit_page(v, sb_cstr(&s), 200, d->page_bytes, ref);
            browse_resource(v, d, key);
        }
        visit_wait(v, 20, 300);
    }
}

/* A download manager or a resuming browser: ranges of one big file. */
static void visit_ranges(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    client_human(g, &v->c);
    if (rng_chance(r, 0.3))
        v->c.ua = rng_chance(r, 0.8) ? UA_IDM : "aria2/1.36.0";
    const struct dataset *d = pick_popular(g);
    const struct resource *res = &d->res[0];
    for (int i = 1; i < d->nres; i++)
        if (!d->res[i].external && (res->external || d->res[i].bytes > res->bytes))
            res = &d->res[i];
    const char *key = dataset_key(g, d);
    if (res->external) {
        send_download(v, key, res, "-");
        return;
    }
    struct sb s;
    char ref[1024] = "-";
    if (rng_chance(r, 0.5)) {
        sb_init(&s);
        path_landing(&s, v->c.locale, key);
        visit_page(v, sb_cstr(&s), 200, d->page_bytes, "-");
        snprintf(ref, sizeof ref, "%s", v->page);
        visit_wait(v, 5, 40);
    }
    sb_init(&s);
    path_download(&s, g, key, res);
    int parts = rng_range(r, 3, 8);
    uint64_t chunk = res->bytes / (uint64_t)parts + 1;
    for (int i = 0; i < parts; i++) {
        visit_get(v, sb_cstr(&s), 206, chunk, ref);
        visit_wait(v, 0, 2);
    }
    if (rng_chance(r, 0.3)) {
        visit_wait(v, 20, 50);
        for (int i = rng_range(r, 2, 4); i > 0; i--) {
            visit_get(v, sb_cstr(&s), 206, chunk / 2, ref);
            visit_wait(v, 0, 1);
        }
    }
}

/* A web app calling the API from a browser: preflight, then the call. */
static void visit_webapp(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    client_human(g, &v->c);
    const struct dataset *d = pick_popular(g);
    struct sb s;
    sb_init(&s);
    sb_str(&s, "/api/3/action/datastore_search?resource_id=");
    sb_str(&s, d->res[0].uuid);
    sb_str(&s, "&limit=100");
    for (int i = rng_range(r, 1, 4); i > 0; i--) {
        visit_send(v, "OPTIONS", sb_cstr(&s), 204, 0, "https://dashboard.example.net/");
        visit_get(v, sb_cstr(&s), rng_chance(r, 0.97) ? 200 : 500,
                  2000 + rng_below(r, 30000), "https://dashboard.example.net/");
        visit_wait(v, 30, 120);
    }
}

static const struct bot *pick_bot(struct gen *g)
{
    unsigned total = 0;
    for (size_t i = 0; i < COUNT(bots); i++)
        total += bots[i].weight;
    unsigned x = rng_below(&g->rng, total);
    for (size_t i = 0; i < COUNT(bots); i++) {
        if (x < bots[i].weight)
            return &bots[i];
        x -= bots[i].weight;
    }
    return &bots[0];
}

static const char *const crawl_pages[] = {
    "/", "/sitemap.xml", "/sitemap-datasets-3.xml", "/datasets/search?p=7&size=10",
    "/organization/moenv", "/group/transport", "/about", "/news", "/dataset",
    "/dataset/", "/en/", "/zh_TW/",
};

/* One step of a crawler: mostly landing pages, across the whole long tail. */
static void crawl_step(struct visit *v, const struct bot *b)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    const struct dataset *d = pick_any(g);
    const char *key = dataset_key(g, d);
    const struct resource *res = &d->res[rng_below(r, (uint32_t)d->nres)];
    int x = (int)rng_below(r, 100) - b->download_pct;
    struct sb s;
    sb_init(&s);
    if (x < 0) {
        send_download(v, key, res, "-");
        return;
    }
    if (x < 12) {
        path_resource(&s, "", key, res);
        visit_get(v, sb_cstr(&s), 200, 18000 + rng_below(r, 20000), "-");
    } else if (x < 20) {
        const char *p = crawl_pages[rng_below(r, COUNT(crawl_pages))];
        visit_get(v, p, strcmp(p, "/dataset") == 0 ? 301 : 200, 20000 + rng_below(r, 30000), "-");
    } else if (x < 25) {
        landing_odd(&s, g, d);
        visit_get(v, sb_cstr(&s), 200, d->page_bytes, "-");
    } else if (x < 29) {
        sb_str(&s, "/dataset/");
        sb_uint(&s, missing_id(g));
        visit_get(v, sb_cstr(&s), 404, 9800, "-");
    } else if (x < 32 && d->id) {
        sb_str(&s, "/datasets/");
        sb_str(&s, d->key);
        visit_get(v, sb_cstr(&s), 301, 162, "-");
    } else {
        path_landing(&s, rng_chance(r, 0.1) ? "/en" : "", key);
        bool revalidate = b->net.a == 66 && rng_chance(r, 0.15);
        visit_get(v, sb_cstr(&s), revalidate ? 304 : 200, revalidate ? 0 : d->page_bytes, "-");
    }
}

static void visit_crawl(struct visit *v)
{
    struct gen *g = v->g;
    const struct bot *b = pick_bot(g);
    client_bot(g, &v->c, b);
    if (rng_chance(&g->rng, 0.3))
        visit_get(v, "/robots.txt", 200, 412, "-");
    for (int n = rng_range(&g->rng, 1, b->pages); n > 0; n--) {
        visit_wait(v, b->gap_lo, b->gap_hi);
        crawl_step(v, b);
    }
}

/* A link preview or an AI agent fetching what a person pasted. */
static void visit_fetcher(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    const struct bot b = {1, WPICK(r, fetcher_uas), {1, 69, 171, 171}, NULL, 0, 0, 0, 0};
    client_bot(g, &v->c, &b);
    if (strstr(b.ua, "ChatGPT"))
        snprintf(v->c.addr, sizeof v->c.addr, "23.98.142.%u", 1 + rng_below(r, 254));
    const struct dataset *d = pick_popular(g);
    struct sb s;
    sb_init(&s);
    path_landing(&s, "", d->key);
    landing_variant(&s, g, strstr(b.ua, "facebook") != NULL);
    visit_get(v, sb_cstr(&s), 200, d->page_bytes, "-");
    if (strstr(b.ua, "ChatGPT") && rng_chance(r, 0.4)) {
        visit_wait(v, 1, 6);
        send_download(v, d->key, &d->res[0], "-");
    }
}

/* Scripted clients come back with the same address, agent and files. */
static void visit_machine(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    uint32_t idx = rng_below(r, 1 + rng_below(r, N_MACHINES));
    client_machine(g, &v->c, idx);
    uint64_t h = hash2(UINT64_C(0x70726566), idx);
    bool wget = strncmp(v->c.ua, "Wget", 4) == 0, curl = strncmp(v->c.ua, "curl", 4) == 0;
    bool mashup = strncmp(v->c.ua, "Microsoft", 9) == 0;
    for (int f = 0; f < 1 + (int)(h % 3); f++) {
        const struct dataset *d = universe_popular(g->u, (double)(hash2(h, (uint64_t)f) >> 11) * 0x1p-53);
        const struct resource *res = &d->res[hash2(h, 99) % (uint64_t)d->nres];
        struct sb s;
        if (h % 4 == 0) {
            sb_init(&s);
            sb_str(&s, "/api/3/action/package_show?id=");
            sb_str(&s, d->key);
            visit_get(v, sb_cstr(&s), 200, 4000 + rng_below(r, 9000), "-");
            visit_wait(v, 0, 1);
        }
        sb_init(&s);
        path_download(&s, g, d->key, res);
        if (curl && rng_chance(r, 0.15))
            visit_send(v, "HEAD", sb_cstr(&s), res->external ? 302 : 200, 0, "-");
        int status;
        uint64_t bytes;
        download_status(g, res, &status, &bytes);
        if (wget && status == 200 && rng_chance(r, 0.35)) {
            status = 304;           /* wget -N: If-Modified-Since */
            bytes = 0;
        }
        visit_get(v, sb_cstr(&s), status, bytes, "-");
        if (mashup) {               /* Power Query fetches every source twice */
            visit_wait(v, 1, 3);
            visit_get(v, sb_cstr(&s), status, bytes, "-");
        } else if (rng_chance(r, 0.05)) {
            visit_wait(v, 3, 25);   /* a retry after a timeout */
            visit_get(v, sb_cstr(&s), status, bytes, "-");
        }
        visit_wait(v, 0, 3);
    }
    if (strncmp(v->c.ua, "python", 6) == 0 && rng_chance(r, 0.1))
        visit_send(v, "POST", "/api/3/action/package_search", 200, 48000 + rng_below(r, 9000), "-");
}

/* Harvesters and API walkers: many cheap calls in a row. */
static void visit_api(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    client_machine(g, &v->c, N_MACHINES + rng_below(r, 16));
    struct sb s;
    int n = rng_range(r, 3, 25);
    bool paging = rng_chance(r, 0.4);
    for (int i = 0; i < n; i++) {
        const struct dataset *d = pick_any(g);
        sb_init(&s);
        int status = rng_chance(r, 0.02) ? 500 : 200;
        if (paging) {
            sb_str(&s, "/api/3/action/package_search?rows=100&start=");
            sb_uint(&s, (uint64_t)i * 100);
        } else if (rng_chance(r, 0.9)) {
            sb_str(&s, "/api/3/action/package_show?id=");
            sb_str(&s, dataset_key(g, d));
        } else {
            sb_str(&s, "/api/3/action/package_show?id=");
            sb_uint(&s, missing_id(g));
            status = 404;
        }
        visit_get(v, sb_cstr(&s), status, status == 200 ? 3000 + rng_below(r, 90000) : 240, "-");
        visit_wait(v, 0, 2);
    }
    if (rng_chance(r, 0.3))
        visit_get(v, "/api/3/action/status_show", 200, 612, "-");
}

static const char *const probe_paths[] = {
    "/.env", "/.git/config", "/wp-login.php", "/wp-admin/setup-config.php",
    "/phpmyadmin/index.php", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/cgi-bin/luci/;stok=/locale", "/actuator/env", "/server-status", "/.DS_Store",
    "/dataset/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/dataset/6564'%20OR%20'1'='1",
    "/dataset/..%2F..%2F..%2Fetc%2Fpasswd", "/api/3/action/package_show?id=../../etc/passwd",
    "/owa/auth/logon.aspx", "/boaform/admin/formLogin", "/HNAP1/", "/config.json",
};

static void visit_scan(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    const struct bot b = {1, WPICK(r, scanner_uas), {1, 0, 0, 0}, NULL, 0, 0, 0, 0};
    client_bot(g, &v->c, &b);
    for (int n = rng_range(r, 2, 25); n > 0; n--) {
        const char *p = probe_paths[rng_below(r, COUNT(probe_paths))];
        if (rng_chance(r, 0.1))
            visit_send(v, "POST", "/xmlrpc.php", 404, 162, "-");
        else
            visit_get(v, p, strstr(p, "..") ? 400 : 404, 150 + rng_below(r, 400), "-");
        visit_wait(v, 0, 1);
    }
}

/* Monitors and link checkers, which ask with HEAD. */
static void visit_check(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    uint32_t x = rng_below(r, 100);
    const struct bot b = {1,
                          x < 40   ? "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
                          : x < 75 ? "Apache-HttpClient/4.5.13 (Java/1.8.0_292)"
                                   : "W3C-checklink/5.0.0 libwww-perl/6.72",
                          {1, x < 40 ? 216 : 210, x < 40 ? 144 : 69, x < 40 ? 144 : 69},
                          NULL, 0, 0, 0, 0};
    client_bot(g, &v->c, &b);
    if (x < 40) {
        visit_send(v, "HEAD", "/", 200, 0, "-");
        return;
    }
    for (int n = rng_range(r, 3, 30); n > 0; n--) {
        const struct dataset *d = pick_any(g);
        const struct resource *res = &d->res[rng_below(r, (uint32_t)d->nres)];
        struct sb s;
        sb_init(&s);
        path_download(&s, g, d->key, res);
        visit_send(v, "HEAD", sb_cstr(&s), res->external ? 302 : rng_chance(r, 0.02) ? 404 : 200, 0, "-");
        visit_wait(v, 0, 2);
    }
}

/* ---- scrapers in disguise (--scrapers) ----------------------------------- */

/* A scraper that sends a browser's UA: from a cloud provider's range (the
 * documentation prefixes 198.51.100.0/24 and 2001:db8:c10d::/48 stand for
 * one) or from an ordinary-looking address. */
static void client_scraper(struct gen *g, struct client *c)
{
    uint64_t h = rng_next(&g->rng);
    switch (h % 4) {
    case 0: addr_v6(c->addr, sizeof c->addr, "2001:db8:c10d", h); break;
    case 1: snprintf(c->addr, sizeof c->addr, "198.51.100.%u", 1 + (unsigned)(h >> 8) % 254); break;
    default: snprintf(c->addr, sizeof c->addr, "203.0.113.%u", 1 + (unsigned)(h >> 8) % 254); break;
    }
    c->ua = wstr_at(human_uas, COUNT(human_uas), mix64(h));
    c->user = "-";
    c->xff[0] = '\0';
    c->proto = "HTTP/1.1";
    c->locale = "";
    c->ios = false;
    c->cached = true;
}

/* One request of a scraper: a landing page or a download, of any dataset. */
static void scrape_step(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    const struct dataset *d = pick_any(g);
    const char *key = dataset_key(g, d);
    struct sb s;
    sb_init(&s);
    if (rng_chance(r, 0.25)) {
        send_download(v, key, &d->res[rng_below(r, (uint32_t)d->nres)], "-");
        return;
    }
    path_landing(&s, "", key);
    visit_get(v, sb_cstr(&s), 200, d->page_bytes, "-");
}

/* Either a light scraper that reads robots.txt (first, somewhere in the
 * middle, or last; its visit may cross an hour boundary) and then ignores
 * it, or a heavy one: 100-200 requests 3-25 s apart, so that some of its
 * session-hours hold more than 120 dataset requests and some fewer. */
static void visit_scrape(struct visit *v)
{
    struct gen *g = v->g;
    struct rng *r = &g->rng;
    client_scraper(g, &v->c);
    bool heavy = rng_chance(r, 0.4);
    int n = heavy ? rng_range(r, 100, 200) : rng_range(r, 3, 40);
    int robots = heavy ? (rng_chance(r, 0.2) ? 0 : -1)
                       : (rng_chance(r, 0.6) ? 0 : rng_range(r, 1, n));
    for (int i = 0; i <= n; i++) {
        if (i == robots) {
            visit_get(v, "/robots.txt", 200, 412, "-");
            visit_wait(v, 0, 3);
        }
        if (i == n)
            break;
        scrape_step(v);
        if (heavy)
            visit_wait(v, 3, 25);
        else
            visit_wait(v, 2, 40);
    }
}

struct kind {
    unsigned weight[2];     /* server 0, server 1 */
    void (*run)(struct visit *v);
};

static const struct kind human_kinds[] = {
    {{74, 72}, visit_browse},
    {{20, 20}, visit_direct},
    {{4, 6}, visit_ranges},
    {{2, 2}, visit_webapp},
};

static const struct kind auto_kinds[] = {
    {{55, 50}, visit_crawl},
    {{9, 9}, visit_fetcher},
    {{22, 25}, visit_machine},
    {{6, 8}, visit_api},
    {{5, 5}, visit_scan},
    {{3, 3}, visit_check},
};

static void kind_run(struct visit *v, const struct kind *k, size_t n)
{
    int server = v->g->cfg->server;
    unsigned total = 0;
    for (size_t i = 0; i < n; i++)
        total += k[i].weight[server];
    unsigned x = rng_below(&v->g->rng, total);
    for (size_t i = 0; i < n; i++) {
        if (x < k[i].weight[server]) {
            k[i].run(v);
            return;
        }
        x -= k[i].weight[server];
    }
}

/* ---- the daily cycle and the schedule ----------------------------------- */

/* Relative human traffic by hour of the day in Taiwan (UTC+8). */
static double cycle_weight(int64_t t, double flat)
{
    static const double hourly[24] = {
        0.42, 0.28, 0.18, 0.13, 0.11, 0.12, 0.18, 0.32, 0.62, 0.92, 1.00, 1.00,
        0.82, 0.90, 1.00, 1.00, 0.95, 0.84, 0.62, 0.58, 0.66, 0.70, 0.64, 0.52,
    };
    int64_t tw = t + 8 * 3600;
    int64_t day = floor_div(tw, 86400);
    int hour = (int)((tw - day * 86400) / 3600);
    int dow = (int)(((day % 7) + 11) % 7);      /* 1970-01-01 was a Thursday */
    return flat + hourly[hour] * (dow == 0 || dow == 6 ? 0.6 : 1.0);
}

static void gen_visit(struct gen *g, int64_t t)
{
    struct visit v = {.g = g, .t = t};
    if (g->cfg->scrapers > 0 && rng_below(&g->xrng, 1000) < (uint32_t)g->cfg->scrapers)
        visit_scrape(&v);
    else if (rng_chance(&g->rng, g->flat / cycle_weight(t, g->flat)))
        kind_run(&v, auto_kinds, COUNT(auto_kinds));
    else
        kind_run(&v, human_kinds, COUNT(human_kinds));
    g->visits++;
}

/* Starts this second's visits so that, in expectation, exactly the lines
 * still owed fill the weight still ahead: the rate corrects itself. */
static void gen_start_visits(struct gen *g, int64_t t, double w, double wleft)
{
    double owed = (double)g->cfg->lines - (double)(g->emitted + g->heap_n);
    if (owed <= 0)
        return;
    double mean = ((double)g->queued + 8.0 * 20) / ((double)g->visits + 20);
    double expect = owed * w / (wleft > w ? wleft : w) / mean;
    for (int k = (int)(expect + rng_unit(&g->rng)); k > 0; k--) {
        if (g->heap_n + VISIT_MAX > HEAP_CAP)
            return;
        gen_visit(g, t);
    }
}

static void line_write(struct gen *g, const struct entry *e, int64_t stamp, struct out *o)
{
    size_t n;
    const char *ts = clf_text(&g->clock, stamp, &n);
    out_put(o, e->text, e->head_len);
    out_put(o, " [", 2);
    out_put(o, ts, n);
    out_put(o, "] ", 2);
    out_put(o, e->text + e->head_len, (size_t)(e->len - e->head_len));
}

/* ---- malformed lines ---------------------------------------------------- */

static void bad_truncated(struct gen *g, const struct entry *e, int64_t stamp,
                          struct rng *r, struct out *o)
{
    struct sb s;
    size_t n;
    const char *ts = clf_text(&g->clock, stamp, &n);
    sb_init(&s);
    sb_put(&s, e->text, e->head_len);
    sb_str(&s, " [");
    sb_put(&s, ts, n);
    sb_str(&s, "] ");
    sb_put(&s, e->text + e->head_len, (size_t)(e->len - e->head_len));
    /* Cut within the first two thirds: always before the agent's closing quote. */
    size_t cut = 8 + rng_below(r, (uint32_t)(s.len * 2 / 3 - 8));
    out_put(o, s.buf, cut);
    out_put(o, "\n", 1);
}

/* Bytes a crash leaves behind: a NUL block and half a line, or noise. */
static void bad_garbage(struct gen *g, const struct entry *e, int64_t stamp,
                        struct rng *r, struct out *o)
{
    (void)g, (void)stamp;
    char junk[256];
    size_t n = (size_t)rng_range(r, 16, 200);
    bool nuls = rng_chance(r, 0.3);
    for (size_t i = 0; i < n; i++) {
        char c = nuls ? '\0' : (char)rng_below(r, 256);
        junk[i] = c == '\n' ? '\x7f' : c;
    }
    out_put(o, junk, n);
    if (nuls)       /* the rest of a line whose start was lost */
        out_put(o, e->text + e->head_len, (size_t)(e->len - e->head_len));
    else
        out_put(o, "\n", 1);
}

/* A whole line in the log's own format around a broken middle. */
static void bad_wrap(const struct entry *e, const char *date, const char *rest, size_t n,
                     struct out *o)
{
    out_put(o, e->text, e->head_len);
    out_put(o, " [", 2);
    out_str(o, date);
    out_put(o, "] ", 2);
    out_put(o, rest, n);
}

static void bad_probe(struct gen *g, const struct entry *e, int64_t stamp,
                      struct rng *r, struct out *o)
{
    static const char *const probes[] = {
        "\"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\" 400 157 \"-\" \"-\"\n",
        "\"\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\\x00\\xF0\\x03\\x03\\xB2\" 400 157 \"-\" \"-\"\n",
        "\"SSH-2.0-Go\" 400 157 \"-\" \"-\"\n",
        "\"\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr\" 400 157 \"-\" \"-\"\n",
        "\"MGLNDD_203.0.113.9_443\" 400 157 \"-\" \"-\"\n",
    };
    size_t n;
    const char *ts = clf_text(&g->clock, stamp, &n);
    const char *p = probes[rng_below(r, COUNT(probes))];
    bad_wrap(e, ts, p, strlen(p), o);
}

static void bad_date(struct gen *g, const struct entry *e, int64_t stamp,
                     struct rng *r, struct out *o)
{
    static const char *const days[] = {"31/Feb/2024", "30/Feb/2024", "29/Feb/2023", "32/Mar/2024",
                                 "00/Mar/2024", "15/Mrz/2024"};
    char date[40];
    size_t n;
    const char *ts = clf_text(&g->clock, stamp, &n);
    snprintf(date, sizeof date, "%s%.*s", days[rng_below(r, COUNT(days))], (int)(n - 11), ts + 11);
    if (rng_chance(r, 0.2))
        memcpy(date + 12, "25", 2);              /* hour 25 */
    bad_wrap(e, date, e->text + e->head_len, (size_t)(e->len - e->head_len), o);
}

static void bad_request(struct gen *g, const struct entry *e, int64_t stamp,
                        struct rng *r, struct out *o)
{
    static const char *const requests[] = {
        "\"GET /datasets/search?q=air quality index HTTP/1.1\" 400 157 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36\"\n",
        "\"GET /dataset/6564 HTTP/1.1 HTTP/1.1\" 400 157 \"-\" \"-\"\n",
        "\"GET  /dataset/25791 HTTP/1.1\" 400 157 \"-\" \"curl/8.4.0\"\n",
        "\"GET /dataset/\\xE8\\x87\\xBA\\xE5\\x8C\\x97 \\xE5\\x85\\xAC\\xE8\\xBB\\x8A HTTP/1.1\" 400 157 \"-\" \"-\"\n",
        "\"-\" 400 0 \"-\" \"-\"\n",
        "\"\" 400 0 \"-\" \"-\"\n",
    };
    size_t n;
    const char *ts = clf_text(&g->clock, stamp, &n);
    bool empty = rng_chance(r, 0.5);
    const char *p = requests[empty ? 4 + rng_below(r, 2) : rng_below(r, 4)];
    bad_wrap(e, ts, p, strlen(p), o);
}

/* Over odstat's 64 KiB line limit: a probe with a giant query string. */
static void bad_long(struct gen *g, const struct entry *e, int64_t stamp,
                     struct rng *r, struct out *o)
{
    size_t n;
    const char *ts = clf_text(&g->clock, stamp, &n);
    (void)r;
    static const char start[] = "\"GET /datasets/search?q=";
    bad_wrap(e, ts, start, sizeof start - 1, o);
    for (int i = 0; i < 2200; i++)
        out_str(o, "%41%42%43%44%45%46%47%48%49%4A");
    out_str(o, " HTTP/1.1\" 414 0 \"-\" \"-\"\n");
}

typedef void (*bad_fn)(struct gen *, const struct entry *, int64_t, struct rng *, struct out *);

static void bad_write(struct gen *g, const struct entry *e, int64_t stamp, uint64_t h, struct out *o)
{
    static const struct {
        unsigned weight;
        bad_fn write;
    } kinds[] = {
        {26, bad_truncated}, {14, bad_garbage}, {20, bad_probe},
        {14, bad_date}, {25, bad_request}, {1, bad_long},
    };
    struct rng r = {h};
    unsigned total = 0;
    for (size_t i = 0; i < COUNT(kinds); i++)
        total += kinds[i].weight;
    unsigned x = rng_below(&r, total);
    for (size_t i = 0; i < COUNT(kinds); i++) {
        if (x < kinds[i].weight) {
            kinds[i].write(g, e, stamp, &r, o);
            return;
        }
        x -= kinds[i].weight;
    }
}

/* ---- writing ----------------------------------------------------------- */

/* Writes one queued line if it falls in the window. Randomness here comes
 * from the line's own sequence number, so every window of one stream holds
 * the same bytes as the whole. */
static void gen_emit(struct gen *g, const struct entry *e, struct out *o)
{
    const struct config *c = g->cfg;
    g->emitted++;
    if (e->when < c->since || e->when >= c->until)
        return;
    uint64_t h = hash2(c->seed ^ UINT64_C(0x6d616c66), e->seq);
    int64_t stamp = e->when - e->jitter;
    if (h % 1000 < (uint64_t)c->malformed_permille)
        bad_write(g, e, stamp, h / 1000, o);
    else
        line_write(g, e, stamp, o);
}

static void gen_drain(struct gen *g, int64_t t, struct out *o)
{
    while (g->heap_n > 0 && g->heap[0].when <= t && g->emitted < g->cfg->lines) {
        struct entry e = heap_pop(g);
        gen_emit(g, &e, o);
        free(e.text);
    }
}

static double gen_total_weight(const struct gen *g)
{
    double sum = 0;
    for (int64_t t = g->cfg->start; t < g->cfg->start + g->cfg->span; t++)
        sum += cycle_weight(t, g->flat);
    return sum;
}

/* Generates the whole stream and writes the part inside the window. */
static void gen_run(struct gen *g, struct out *o)
{
    const struct config *c = g->cfg;
    int64_t end = c->start + c->span, stop = c->until < end ? c->until : end;
    double wleft = gen_total_weight(g);
    int64_t t;
    for (t = c->start; t < stop && g->emitted < c->lines; t++) {
        if (g->failed || o->failed)
            return;
        double w = cycle_weight(t, g->flat);
        gen_start_visits(g, t, w, wleft);
        wleft -= w;
        gen_drain(g, t, o);
    }
    /* The last second takes the few lines the rate fell short by. */
    while (t == end && g->emitted < c->lines && !g->failed && !o->failed) {
        if (g->emitted + g->heap_n < c->lines && g->heap_n + VISIT_MAX <= HEAP_CAP)
            gen_visit(g, end - 1);
        else
            gen_drain(g, end - 1, o);
    }
}

static bool gen_init(struct gen *g, const struct config *c, const struct universe *u)
{
    memset(g, 0, sizeof *g);
    g->cfg = c;
    g->u = u;
    g->rng.s = hash2(c->seed, (uint64_t)c->server);
    g->xrng.s = hash2(c->seed ^ UINT64_C(0x7363726170), (uint64_t)c->server);
    g->flat = c->server ? 0.36 : 0.30;
    g->clock.tz_min = c->tz_min;
    g->clock.cached = INT64_MIN;
    g->heap = malloc(HEAP_CAP * sizeof *g->heap);
    return g->heap != NULL;
}

static void gen_release(struct gen *g)
{
    while (g->heap && g->heap_n > 0)
        free(heap_pop(g).text);
    free(g->heap);
    g->heap = NULL;
}

/* ---- catalog ----------------------------------------------------------- */

static const char *const surnames[] = {"陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊",
                                 "許", "鄭", "謝", "洪", "郭", "邱", "曾", "廖", "賴", "周"};
static const char *const given[] = {"怡君", "雅婷", "志明", "家豪", "淑芬", "美玲", "建宏", "俊傑",
                              "宗翰", "佩珊", "冠廷", "雅雯", "承恩", "詩涵", "柏翰", "欣怡"};
static const char *const badges[] = {"", "", "銅標章", "銅標章", "銀標章", "銀標章", "銀標章",
                               "金標章", "金標章", "白金標章"};

/* RFC 4180: quote when needed, double the quotes inside. */
static void csv_field(struct out *o, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        out_put(o, "\"", 1);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                out_put(o, "\"", 1);
            out_put(o, p, 1);
        }
        out_put(o, "\"", 1);
    } else {
        out_str(o, s);
    }
    out_str(o, last ? "\r\n" : ",");
}

/* Listing dates follow ids: data.gov.tw numbers datasets in order. */
static int64_t listed_at(uint32_t id, uint64_t h)
{
    static const struct {
        uint32_t id;
        int y, m;
    } pts[] = {{5000, 2013, 4}, {10000, 2014, 9}, {30000, 2015, 12}, {60000, 2017, 6},
               {100000, 2019, 3}, {140000, 2021, 6}, {175000, 2024, 1}};
    size_t i = 1;
    while (i + 1 < COUNT(pts) && id > pts[i].id)
        i++;
    int64_t d0 = days_from_civil(pts[i - 1].y, (unsigned)pts[i - 1].m, 1);
    int64_t d1 = days_from_civil(pts[i].y, (unsigned)pts[i].m, 1);
    int64_t day = d0 + (d1 - d0) * ((int64_t)id - pts[i - 1].id) / (pts[i].id - pts[i - 1].id);
    return day * 86400 + 8 * 3600 + (int64_t)(h % 36000);
}

static void catalog_urls(struct sb *s, const struct dataset *d, bool encodings)
{
    for (int i = 0; i < d->nres; i++) {
        const struct resource *r = &d->res[i];
        if (i > 0)
            sb_chr(s, ';');
        if (encodings) {
            sb_str(s, d->id < 30000 && i == 0 && strcmp(r->ext, "csv") == 0 ? "BIG5" : "UTF-8");
        } else if (r->external) {
            sb_external_url(s, d, r);
        } else {
            sb_str(s, PORTAL "/dataset/");
            sb_str(s, d->key);
            sb_str(s, "/resource/");
            sb_str(s, r->uuid);
            sb_str(s, "/download/");
            sb_str(s, r->file);
        }
    }
}

static void catalog_agency(struct sb *s, const struct dataset *d)
{
    if (d->famous >= 0) {
        sb_str(s, agencies[famous[d->famous].agency].name);
        return;
    }
    const char *city = cities[d->city].name;
    bool county = strstr(city, "縣") != NULL;
    sb_str(s, city);
    sb_str(s, "政府");
    sb_str(s, county ? topics[d->topic].county : topics[d->topic].bureau);
}

static void catalog_description(struct sb *s, const struct dataset *d, uint64_t h)
{
    const char *fields = dataset_fields(d);
    if (h % 12 == 0) {
        sb_str(s, "本資料集提供「");
        sb_str(s, d->name);
        sb_str(s, "」。\n資料由各\"區公所\"彙整後上傳，如有疑義請洽提供機關。\n");
        sb_str(s, "註：欄位順序自2023年起調整。");
        return;
    }
    sb_str(s, "提供");
    sb_str(s, d->name);
    sb_str(s, "，內容包含");
    const char *sep = strstr(fields, "、");
    sb_put(s, fields, sep ? (size_t)(sep - fields) : strlen(fields));
    sb_str(s, "等資訊。");
}

/* Writes the field built in s, then empties s for the next one. */
static void csv_next(struct out *o, struct sb *s)
{
    csv_field(o, sb_cstr(s), false);
    sb_init(s);
}

/* Columns 1-9: identity, formats and where the files are. */
static void catalog_files(struct out *o, const struct dataset *d, uint64_t h)
{
    struct sb s;
    sb_init(&s);
    sb_uint(&s, d->id);
    csv_next(o, &s);
    csv_field(o, d->name, false);
    csv_field(o, strcmp(dataset_freq(d), "每1時") == 0 && h % 3 == 0 ? "API服務" : "檔案資料", false);
    csv_field(o, d->famous >= 0 ? famous[d->famous].category : topics[d->topic].category, false);
    csv_field(o, badges[h % COUNT(badges)], false);
    csv_field(o, dataset_formats(d), false);
    catalog_urls(&s, d, false);
    csv_next(o, &s);
    catalog_urls(&s, d, true);
    csv_next(o, &s);
    csv_field(o, h % 4 ? "介接" : "人工上架", false);
}

/* Columns 10-16: what the data is, who publishes it, on what terms. */
static void catalog_terms(struct out *o, const struct dataset *d, uint64_t h)
{
    struct sb s;
    sb_init(&s);
    catalog_description(&s, d, h);
    csv_next(o, &s);
    csv_field(o, dataset_fields(d), false);
    catalog_agency(&s, d);
    csv_next(o, &s);
    csv_field(o, dataset_freq(d), false);
    csv_field(o, "政府資料開放授權條款-第1版", false);
    sb_str(&s, "https://");
    sb_str(&s, dataset_domain(d));
    sb_chr(&s, '/');
    csv_next(o, &s);
    csv_field(o, "免費", false);
}

/* Columns 17-22: a fictional contact, dates, remarks, record count. */
static void catalog_contact(struct out *o, const struct dataset *d, uint64_t h)
{
    int64_t listed = listed_at(d->id, h);
    int64_t later = days_from_civil(2024, 2, 28) * 86400 - listed;
    struct sb s;
    sb_init(&s);
    sb_str(&s, surnames[(h >> 8) % COUNT(surnames)]);
    sb_str(&s, given[(h >> 16) % COUNT(given)]);
    csv_next(o, &s);
    sb_str(&s, d->famous >= 0 ? "02" : cities[d->city].phone);
    sb_chr(&s, '-');
    sb_uint(&s, 2000 + (h >> 24) % 8000);
    sb_chr(&s, '-');
    sb_uint(&s, 1000 + (h >> 40) % 9000);
    sb_chr(&s, '#');
    sb_uint(&s, 100 + (h >> 52) % 900);
    csv_next(o, &s);
    sb_isotime(&s, listed);
    csv_next(o, &s);
    sb_isotime(&s, listed + (int64_t)(mix64(h) % (uint64_t)later));
    csv_next(o, &s);
    csv_field(o, h % 9 == 0 ? "資料每日凌晨2時更新,如遇系統維護順延" : h % 9 == 1 ? "本資料集已停止更新" : "", false);
    sb_uint(&s, 1 + mix64(h + 1) % 200000);
    csv_field(o, sb_cstr(&s), true);
}

static void catalog_row(struct out *o, const struct dataset *d)
{
    uint64_t h = hash2(UNIVERSE_SEED, d->id);
    catalog_files(o, d, h);
    catalog_terms(o, d, h);
    catalog_contact(o, d, h);
}

static int dataset_by_id(const void *a, const void *b)
{
    const struct dataset *const *x = a, *const *y = b;
    return (*x)->id < (*y)->id ? -1 : (*x)->id > (*y)->id;
}

/* The data.gov.tw export: UTF-8 with BOM, 22 columns, ascending id. */
static void catalog_write(const struct universe *u, struct out *o)
{
    static const char *const header[] = {
        "資料集識別碼", "資料集名稱", "資料提供屬性", "服務分類", "品質檢測", "檔案格式",
        "資料下載網址", "編碼格式", "資資料集上架方式", "資料集描述", "主要欄位說明",
        "提供機關", "更新頻率", "授權方式", "相關網址", "計費方式", "提供機關聯絡人姓名",
        "提供機關聯絡人電話", "上架日期", "詮釋資料更新時間", "備註", "資料量",
    };
    const struct dataset *order[N_NUMERIC];
    out_str(o, "\xEF\xBB\xBF");
    for (size_t i = 0; i < COUNT(header); i++)
        csv_field(o, header[i], i + 1 == COUNT(header));
    for (int i = 0; i < N_NUMERIC; i++)
        order[i] = &u->ds[i];
    qsort(order, N_NUMERIC, sizeof order[0], dataset_by_id);
    for (int i = 0; i < N_NUMERIC; i++)
        catalog_row(o, order[i]);
}

/* ---- options and main -------------------------------------------------- */

static const char usage[] =
    "usage: genlog [OPTIONS] > access.log\n"
    "Writes a deterministic nginx 'combined' log of a fictional open-data portal.\n"
    "  --seed N                 random seed (default 1)\n"
    "  --lines N                lines in the whole stream (default 10000)\n"
    "  --start YYYY-MM-DD       first local day (default 2024-03-01)\n"
    "  --days N                 days the lines spread over (default 3)\n"
    "  --hours N                hours instead of days\n"
    "  --tz +HHMM               UTC offset written in timestamps (default +0800)\n"
    "  --server 0|1             which of two load-balanced servers (default 0)\n"
    "  --since DATE[THH[:MM]]   write only lines written from then (local time)\n"
    "  --until DATE[THH[:MM]]   ... and before then: cuts a stream as logrotate does\n"
    "  --malformed-permille N   broken lines per 1000 (default 3)\n"
    "  --disorder S             5 % of lines stamped up to S s before they are\n"
    "                           written (slow responses; 0-200, default 0: off)\n"
    "  --scrapers N             browser-UA scraper visits per 1000 visits (robots.txt\n"
    "                           readers, heavy session-hours; default 0: off)\n"
    "  --gzip                   compress the output (zlib, level 6)\n"
    "  --catalog                write the dataset catalog CSV instead\n"
    "exit status: 0 success, 1 write or memory failure, 2 usage error\n";

static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

static bool parse_tz(const char *s, int *minutes)
{
    if ((s[0] != '+' && s[0] != '-') || strlen(s) != 5 || strspn(s + 1, "0123456789") != 4)
        return false;
    int h = (s[1] - '0') * 10 + (s[2] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 14 || m > 59)
        return false;
    *minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
    return true;
}

/* "YYYY-MM-DD[THH[:MM]]" in local time at offset tz_min, to epoch seconds. */
static bool parse_local(const char *s, int tz_min, int64_t *t)
{
    unsigned y, m, d, hh = 0, mm = 0;
    int n = 0;
    if (sscanf(s, "%4u-%2u-%2u%n", &y, &m, &d, &n) != 3 || n != 10)
        return false;
    if (s[10] == 'T') {
        int k = 0;
        if (sscanf(s + 11, "%2u%n", &hh, &k) != 1 || k != 2)
            return false;
        if (s[13] == ':' && (sscanf(s + 14, "%2u%n", &mm, &k) != 1 || k != 2 || s[16]))
            return false;
        if (s[13] != ':' && s[13])
            return false;
    } else if (s[10]) {
        return false;
    }
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) || hh > 24 || mm > 59)
        return false;
    *t = days_from_civil(y, m, d) * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 - (int64_t)tz_min * 60;
    return true;
}

enum { OPT_SEED = 256, OPT_LINES, OPT_START, OPT_DAYS, OPT_HOURS, OPT_TZ, OPT_SERVER,
       OPT_SINCE, OPT_UNTIL, OPT_BAD, OPT_GZIP, OPT_CATALOG, OPT_HELP,
       OPT_DISORDER, OPT_SCRAPERS };

static const struct option long_options[] = {
    {"seed", required_argument, NULL, OPT_SEED},
    {"lines", required_argument, NULL, OPT_LINES},
    {"start", required_argument, NULL, OPT_START},
    {"days", required_argument, NULL, OPT_DAYS},
    {"hours", required_argument, NULL, OPT_HOURS},
    {"tz", required_argument, NULL, OPT_TZ},
    {"server", required_argument, NULL, OPT_SERVER},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"malformed-permille", required_argument, NULL, OPT_BAD},
    {"gzip", no_argument, NULL, OPT_GZIP},
    {"catalog", no_argument, NULL, OPT_CATALOG},
    {"help", no_argument, NULL, OPT_HELP},
    {"disorder", required_argument, NULL, OPT_DISORDER},
    {"scrapers", required_argument, NULL, OPT_SCRAPERS},
    {NULL, 0, NULL, 0},
};

/* Dates depend on --tz, so they are read after all other options. */
struct raw_dates {
    const char *start, *since, *until;
    uint64_t days, hours;
};

static bool config_option(struct config *c, struct raw_dates *raw, int opt, const char *arg)
{
    uint64_t v;
    switch (opt) {
    case OPT_SEED: return parse_uint(arg, UINT64_MAX, &c->seed);
    case OPT_LINES: return parse_uint(arg, UINT64_C(1) << 40, &c->lines);
    case OPT_START: raw->start = arg; return true;
    case OPT_DAYS: return parse_uint(arg, 3660, &raw->days) && raw->days > 0;
    case OPT_HOURS: return parse_uint(arg, 87840, &raw->hours) && raw->hours > 0;
    case OPT_TZ: return parse_tz(arg, &c->tz_min);
    case OPT_SERVER:
        if (!parse_uint(arg, 1, &v))
            return false;
        c->server = (int)v;
        return true;
    case OPT_SINCE: raw->since = arg; return true;
    case OPT_UNTIL: raw->until = arg; return true;
    case OPT_BAD:
        if (!parse_uint(arg, 1000, &v))
            return false;
        c->malformed_permille = (int)v;
        return true;
    case OPT_GZIP: c->gzip = true; return true;
    case OPT_CATALOG: c->catalog = true; return true;
    case OPT_DISORDER:
        if (!parse_uint(arg, 200, &v))
            return false;
        c->disorder = (int)v;
        return true;
    case OPT_SCRAPERS:
        if (!parse_uint(arg, 1000, &v))
            return false;
        c->scrapers = (int)v;
        return true;
    default: return false;
    }
}

static bool config_dates(struct config *c, const struct raw_dates *raw)
{
    if (!parse_local(raw->start, c->tz_min, &c->start))
        return false;
    c->span = raw->hours ? (int64_t)raw->hours * 3600 : (int64_t)raw->days * 86400;
    c->since = INT64_MIN;
    c->until = INT64_MAX;
    if (raw->since && !parse_local(raw->since, c->tz_min, &c->since))
        return false;
    if (raw->until && !parse_local(raw->until, c->tz_min, &c->until))
        return false;
    return true;
}

/* Returns 0 on success, 2 on a usage error (message printed), -1 for --help. */
static int config_parse(struct config *c, int argc, char **argv)
{
    struct raw_dates raw = {"2024-03-01", NULL, NULL, 3, 0};
    *c = (struct config){.seed = 1, .lines = 10000, .tz_min = 480, .malformed_permille = 3};
    int opt;
    while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        if (opt == OPT_HELP)
            return -1;
        if (!config_option(c, &raw, opt, optarg)) {
            if (opt != '?')
                fprintf(stderr, "genlog: invalid value '%s' for --%s\n", optarg,
                        long_options[opt - OPT_SEED].name);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "genlog: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!config_dates(c, &raw)) {
        fprintf(stderr, "genlog: invalid date in --start, --since or --until\n");
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct config cfg;
    struct universe *u = NULL;
    struct out *o = NULL;
    struct gen g = {0};
    int rc = config_parse(&cfg, argc, argv);
    if (rc < 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (rc != 0) {
        fputs("usage: genlog [OPTIONS] > access.log  (genlog --help for the options)\n", stderr);
        return 2;
    }
    rc = 1;
    u = calloc(1, sizeof *u);
    o = malloc(sizeof *o);
    if (!u || !o || !out_open(o, cfg.gzip)) {
        fprintf(stderr, "genlog: out of memory or cannot open output\n");
        goto out;
    }
    universe_build(u);
    if (cfg.catalog) {
        catalog_write(u, o);
    } else {
        if (!gen_init(&g, &cfg, u)) {
            fprintf(stderr, "genlog: out of memory\n");
            out_close(o);
            goto out;
        }
        gen_run(&g, o);
    }
    if (!out_close(o) || g.failed) {
        fprintf(stderr, "genlog: %s\n", g.failed ? "out of memory" : "cannot write output");
        goto out;
    }
    rc = 0;
out:
    gen_release(&g);
    free(o);
    free(u);
    return rc;
}
