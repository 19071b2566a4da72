/* bench_slide: the benchmark playlist (see bench_slide.h); keep in step with bench/html/. */
#include "bench_slide.h"

static const struct headline_item item = {
    .source = "武汉招商",
    .title = "2020年武汉市政府工作报告",
    .date = "2025-07-09",
    .summary = "2020年1月7日在武汉市第十四届人民代表大会第五次会议上，市长周先旺代表市人民政府向大会报告"
               "工作。2019年，第七届世界军人运动会圆满成功，预计地区生产总值增长7.8%左右，高新技术产业增加"
               "值占经济总量比重达24.5%，数字经济占比40%左右，“芯屏端网”产业规模不断壮大。",
};

static const struct slide slide = {
    .kind = SLIDE_HEADLINE, .id = "bench", .duration_ms = 10000, .items = &item, .n_items = 1,
};

static const struct hotline_entry hotline = {"招商中心", "400-162-2002"};

#define THEME                                                                                   \
    {                                                                                           \
        .background = {0x0b, 0x1f, 0x3a, 255}, .surface = {0x13, 0x2c, 0x4f, 255},             \
        .text = {255, 255, 255, 255}, .muted = {0x9f, 0xb3, 0xc8, 255},                         \
        .accent = {0xe8, 0xb0, 0x4a, 255}, .banner_bg = {0xb3, 0x20, 0x2a, 255},                \
        .banner_text = {255, 255, 255, 255},                                                    \
    }

#define TICKER                                                                                      \
    "武汉新港集装箱吞吐量突破156万标箱 · 光安伦光电开年签千万元订单 · 江城提速存储器基地建设 · "    \
    "小米生态链项目集群落户光谷 · 智能网联汽车基地吸引超30家领军企业入驻"

static const struct playlist playlists[2] = {
    {
        .path = "bench", .id = "bench-headline", .title = "武汉招商 · 投资促进中心", .updated = "2025-07-09",
        .theme = THEME, .slides = &slide, .n_slides = 1,
        .banner = {.entries = &hotline, .n_entries = 1,
                   .services = "招商引资政策 · 工业用地招商 · 租购厂房仓库 · 其他相关咨询"},
    },
    {
        .path = "bench", .id = "bench-ticker", .title = "武汉招商 · 投资促进中心", .updated = "2025-07-09",
        .theme = THEME, .slides = &slide, .n_slides = 1,
        .banner = {.entries = &hotline, .n_entries = 1,
                   .ticker = TICKER},
    },
};

const struct playlist *bench_playlist(bool ticker)
{
    return &playlists[ticker ? 1 : 0];
}

static struct snapshot snapshots[2] = {
    {.root = "bench", .playlists = &playlists[0], .n_playlists = 1, .generation = 0xbe0c0001},
    {.root = "bench", .playlists = &playlists[1], .n_playlists = 1, .generation = 0xbe0c0002},
};

struct snapshot *bench_snapshot(bool ticker)
{
    return &snapshots[ticker ? 1 : 0];
}

static const struct headline_item item2 = {
    .source = "武汉招商",
    .title = "武汉新港集装箱吞吐量突破156万标箱 枢纽能级与发展活力双提升",
    .date = "2019-12-30",
    .summary = "2019年武汉新港完成集装箱吞吐量156.02万标箱，同比增长15%，江海直达、中三角、"
               "江海联运等航线持续加密，枢纽能级与发展活力双提升。",
};

static const struct slide two_slides[2] = {
    {.kind = SLIDE_HEADLINE, .id = "bench", .duration_ms = 2000, .items = &item, .n_items = 1},
    {.kind = SLIDE_HEADLINE, .id = "bench-2", .duration_ms = 2000, .items = &item2, .n_items = 1},
};

static const struct playlist crossfade_playlist = {
    .path = "bench", .id = "bench-crossfade", .title = "武汉招商 · 投资促进中心", .updated = "2025-07-09",
    .theme = THEME, .slides = two_slides, .n_slides = 2,
    .banner = {.entries = &hotline, .n_entries = 1, .ticker = TICKER},
};

static struct snapshot crossfade_snapshot = {
    .root = "bench", .playlists = &crossfade_playlist, .n_playlists = 1, .generation = 0xbe0c0003};

struct snapshot *bench_snapshot_crossfade(void) { return &crossfade_snapshot; }
