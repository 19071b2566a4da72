/* The four mistakes that passed validate and reached the screen (issue 16), each a warning at its
 * value, and the ticker's placeholders, table-driven on small playlists; the tag is not doubled
 * on screen (the model's title loses it); two playlists of one folder with different hotlines. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "content/content.h"
#include "content/content_internal.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

/* A playlist with the given banner members and one headline (source 武汉招商, the given title). */
static char *playlist(const char *banner_extra, const char *title)
{
    return xasprintf("{\"format\":1,\"id\":\"p\",\"title\":\"屏\",\"updated\":\"2025-07-09\","
                     "\"banner\":{\"hotlines\":[{\"label\":\"招商中心\",\"number\":\"400-162-2002\"}]%s},"
                     "\"slides\":[{\"kind\":\"headline\",\"duration\":5,\"source\":\"武汉招商\",\"title\":\"%s\","
                     "\"date\":\"2025-07-09\"}]}",
                     banner_extra, title);
}

static const struct {
    const char *name, *banner, *title;
    const char *path, *part;      /* the warning expected (NULL: none at all) */
    const char *want_title;       /* the headline's title in the model */
    const char *want_ticker;      /* the ticker in the model, or NULL */
} cases[] = {
    {"tag in brackets", "", "【武汉招商】武汉新港吞吐量创新高", "slides[0].title", "已以标签", "武汉新港吞吐量创新高", NULL},
    {"tag with a colon", "", "武汉招商：武汉新港吞吐量创新高", "slides[0].title", "已以标签", "武汉新港吞吐量创新高", NULL},
    {"a title that only begins like the tag", "", "武汉招商中心落成", NULL, NULL, "武汉招商中心落成", NULL},
    {"qr dials the old number", ",\"qr\":\"tel:4001622001\"", "标题", "banner.qr", "不是任何一个热线号码", "标题", NULL},
    {"qr dials the hotline", ",\"qr\":\"tel:4001622002\"", "标题", NULL, NULL, "标题", NULL},
    {"qr is a web page", ",\"qr\":\"https://example.cn/\"", "标题", NULL, NULL, "标题", NULL},
    {"old number in the ticker", ",\"ticker\":\"请拨打 400-162-2001 · 数据更新于 2025-07-09\"", "标题", "banner.ticker",
     "不是热线号码", "标题", NULL},
    {"hotline and a date in the ticker", ",\"ticker\":\"请拨打 400-162-2002 · 2025-07-09 · 156.02万标箱\"", "标题", NULL, NULL,
     "标题", NULL},
    {"placeholders", ",\"ticker\":\"请拨打 {hotline} · 数据更新于 {updated}\"", "标题", NULL, NULL, "标题",
     "请拨打 400-162-2002 · 数据更新于 2025-07-09"},
    {"unknown placeholder", ",\"ticker\":\"请拨打 {hotlin}\"", "标题", "banner.ticker", "是否想写 {hotline}", "标题",
     "请拨打 {hotlin}"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = playlist(cases[i].banner, cases[i].title);
        struct findings f = {0};
        struct snapshot *s = content_load_buffer(text, strlen(text), "p.json", NULL, NULL, &f);
        CHECK(s != NULL, "%s: does not load", cases[i].name);
        bool found = false;
        for (size_t k = 0; k < f.n; k++)
            found |= cases[i].path && f.items[k].severity == SEV_WARNING && strcmp(f.items[k].path, cases[i].path) == 0 &&
                     strstr(f.items[k].msg_zh, cases[i].part);
        if (cases[i].path)
            CHECK(found, "%s: no warning at %s with \"%s\"", cases[i].name, cases[i].path, cases[i].part);
        else
            CHECK(f.n == 0, "%s: unexpected finding: %s", cases[i].name, f.n ? f.items[0].msg_zh : "");
        if (s) {
            const struct playlist *pl = &s->playlists[0];
            CHECK(strcmp(pl->slides[0].items[0].title, cases[i].want_title) == 0, "%s: title \"%s\"", cases[i].name,
                  pl->slides[0].items[0].title);
            if (cases[i].want_ticker)
                CHECK(pl->banner.ticker && strcmp(pl->banner.ticker, cases[i].want_ticker) == 0, "%s: ticker \"%s\"",
                      cases[i].name, pl->banner.ticker ? pl->banner.ticker : "(null)");
        }
        if (!found && cases[i].path)
            findings_print(&f, stderr);
        snapshot_free(s);
        findings_free(&f);
        free(text);
    }

    /* two playlists of one folder with different hotlines */
    char dir[] = "/tmp/lobbysign-test-mistakes-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char *a = playlist("", "标题"), *b = playlist("", "标题");
    char *b2 = xstrdup(b);
    char *at = strstr(b2, "400-162-2002");
    memcpy(at, "400-162-2001", 12);
    memcpy(strstr(b2, "\"id\":\"p\""), "\"id\":\"q\"", 8);
    char *pa = fs_join(dir, "a.json"), *pb = fs_join(dir, "b.json");
    CHECK(fs_write_atomic(pa, a, strlen(a)) && fs_write_atomic(pb, b2, strlen(b2)), "write");
    struct findings f = {0};
    struct snapshot *s = content_load(dir, NULL, &f);
    bool found = false;
    for (size_t k = 0; k < f.n; k++)
        found |= strstr(f.items[k].file, "b.json") && strcmp(f.items[k].path, "banner.hotlines") == 0 &&
                 strstr(f.items[k].msg_zh, "热线号码与");
    CHECK(s && found, "two playlists with different hotlines: no warning on b.json banner.hotlines");
    snapshot_free(s);
    findings_free(&f);
    unlink(pa);
    unlink(pb);
    rmdir(dir);
    free(pa);
    free(pb);
    free(a);
    free(b);
    free(b2);
    return check_done();
}
