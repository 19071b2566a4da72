/* notice: the messages of a USB import as the player draws them over playing content (through
 * player_draw, the overlay draw list and the software renderer), with the texts the import code
 * makes from results (intake_notice_*): golden pictures of the progress strip, an update with its
 * signer and receipt line, the refusals (foreign key, bad signature, older, content error with
 * file:line, stick pulled), the unsigned tag, a portrait screen and the card alone on a screen in
 * its off hours. Also the texts themselves. LOBBYSIGN_UPDATE_GOLDEN=1 rewrites the goldens. */
#include "check.h"
#include "test_player_fixture.h"

#include "service/intake.h"
#include "player/player.h"

struct shot {
    const char *name;
    int w, h;
    struct notice n;
    bool unsigned_note;
    bool screen_off;
};

static SDL_Surface *draw(struct text_engine *te, const struct shot *sh)
{
    struct clock_fake fk = {.mono_ms = 1000000, .wall = 1752055200}; /* 2025-07-09 10:00 UTC */
    struct clock_src clk = clock_fake_src(&fk);
    struct render *r = render_new_surface(te, sh->w, sh->h, 0);
    struct player *p = player_new(&(struct player_config){.te = te, .render = r, .clock = &clk});
    struct playlist pl = fx_playlist;
    struct slide slides[FX_N];
    memcpy(slides, fx_slides, sizeof slides);
    pl.slides = slides;
    pl.orientation = sh->h > sh->w ? ORIENT_PORTRAIT : ORIENT_LANDSCAPE;
    struct day_span off = {.days = 0x7f, .start_min = 0, .end_min = 24 * 60 - 1};
    if (sh->screen_off) {
        pl.screen_off = &off;
        pl.n_screen_off = 1;
    }
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    player_set_snapshot(p, &snap);
    player_set_unsigned(p, sh->unsigned_note);
    if (sh->n.kind != NOTICE_NONE)
        player_set_notice(p, &sh->n, INTAKE_RESULT_HOLD_MS);
    uint64_t wait;
    player_update(p, &wait);
    player_draw(p);
    SDL_Surface *out = SDL_DuplicateSurface(render_surface(r));
    player_set_snapshot(p, NULL);
    player_free(p);
    render_free(r);
    text_cache_clear(te);
    return out;
}

static void result(struct import_result *r, enum import_outcome o, const char *zh)
{
    memset(r, 0, sizeof *r);
    r->outcome = o;
    r->reason_zh = (char *)zh;
    r->n_playlists = 2;
    r->n_slides = 23;
    r->is_signed = true;
    snprintf(r->key_id, sizeof r->key_id, "%s", "5E0F6A1B3C2D4E9F");
    r->version = (char *)"v7";
}

static void test_texts(struct shot *shots, size_t *n)
{
    struct import_result r;
    struct notice nt;

    intake_notice_progress(WATCH_STICK, IMPORT_PHASE_COPY, 31u << 20, 50u << 20, &nt);
    CHECK(strstr(nt.title, "请勿拔出U盘") && strstr(nt.detail, "31.0 / 50.0 MB") && nt.progress > 0.3f &&
              nt.progress < 0.45f,
          "progress: %s | %s | %.2f", nt.title, nt.detail, nt.progress);
    shots[(*n)++] = (struct shot){"progress", 1920, 1080, nt, false, false};

    result(&r, IMPORT_INSTALLED, "已更新：2 个播放列表，23 张幻灯片");
    intake_notice_result(WATCH_STICK, &r, false, &nt);
    CHECK(nt.kind == NOTICE_UPDATED && strcmp(nt.title, "已更新：2 个播放列表，23 张幻灯片") == 0 &&
              strstr(nt.detail, "5E0F6A1B3C2D4E9F") && nt.footer[0] && !strstr(nt.footer, "可以拔出U盘"),
          "updated: %s | %s | %s", nt.title, nt.detail, nt.footer);
    intake_notice_receipt(&nt, true);
    CHECK(strstr(nt.footer, "可以拔出U盘") != NULL, "receipt written: %s", nt.footer);
    shots[(*n)++] = (struct shot){"updated", 1920, 1080, nt, false, false};
    shots[(*n)++] = (struct shot){"portrait-updated", 1080, 1920, nt, false, false};

    result(&r, IMPORT_REFUSED_UNTRUSTED_KEY, "不是受信任的密钥");
    intake_notice_result(WATCH_STICK, &r, false, &nt);
    intake_notice_receipt(&nt, true);
    CHECK(nt.kind == NOTICE_REFUSED && strcmp(nt.title, "未更新：不是受信任的密钥") == 0 &&
              strstr(nt.detail, "5E0F6A1B3C2D4E9F"),
          "foreign key: %s | %s", nt.title, nt.detail);
    shots[(*n)++] = (struct shot){"refused-key", 1920, 1080, nt, false, false};

    result(&r, IMPORT_REFUSED_BAD_SIGNATURE, "签名无效：文件与签名不符（被改动或损坏）");
    intake_notice_result(WATCH_STICK, &r, false, &nt);
    CHECK(strcmp(nt.title, "未更新：签名无效") == 0 && strcmp(nt.detail, "文件与签名不符（被改动或损坏）") == 0,
          "bad signature: %s | %s", nt.title, nt.detail);

    result(&r, IMPORT_REFUSED_OLDER, "版本比当前旧");
    intake_notice_result(WATCH_INBOX, &r, false, &nt);
    CHECK(strcmp(nt.title, "未更新：版本比当前旧") == 0 && !nt.footer[0], "older, inbox (no receipt line): %s | %s",
          nt.title, nt.footer);

    result(&r, IMPORT_REFUSED_CONTENT, "内容有误：lobby.json:12:9: slides[3].value: 应为数字");
    intake_notice_result(WATCH_STICK, &r, false, &nt);
    intake_notice_receipt(&nt, true);
    CHECK(strcmp(nt.title, "未更新：内容有误") == 0 && strcmp(nt.detail, "lobby.json:12:9: slides[3].value: 应为数字") == 0,
          "content: %s | %s", nt.title, nt.detail);
    shots[(*n)++] = (struct shot){"refused-content", 1920, 1080, nt, false, false};

    result(&r, IMPORT_FAILED_SOURCE, "文件在读取过程中被改变或截断（U盘已拔出？）");
    intake_notice_result(WATCH_STICK, &r, true, &nt);
    CHECK(strcmp(nt.title, "未更新：U盘已拔出") == 0 && !nt.footer[0], "pulled: %s | %s", nt.title, nt.detail);
    shots[(*n)++] = (struct shot){"pulled", 1920, 1080, nt, false, false};
    shots[(*n)++] = (struct shot){"pulled-screen-off", 1920, 1080, nt, false, true};

    result(&r, IMPORT_INSTALLED, "");
    r.is_signed = false;
    r.key_id[0] = 0;
    intake_notice_result(WATCH_INBOX, &r, false, &nt);
    CHECK(strstr(nt.detail, "未签名内容") != NULL, "unsigned: %s", nt.detail);
    shots[(*n)++] = (struct shot){"unsigned", 1920, 1080, {.kind = NOTICE_NONE}, true, false};
}

int main(void)
{
    fx_init();
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine");
    if (!te)
        return check_done();
    struct shot shots[16];
    size_t n = 0;
    test_texts(shots, &n);
    bool update = getenv("LOBBYSIGN_UPDATE_GOLDEN") && strcmp(getenv("LOBBYSIGN_UPDATE_GOLDEN"), "1") == 0;
    SDL_Surface *plain = draw(te, &(struct shot){"plain", 1920, 1080, {.kind = NOTICE_NONE}, false, false});
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/golden/notice/%s.png", TEST_SRCDIR, shots[i].name);
        SDL_Surface *got = draw(te, &shots[i]);
        CHECK(got != NULL, "%s: drawn", shots[i].name);
        if (!got)
            continue;
        if (got->w == plain->w && got->h == plain->h && !shots[i].screen_off)
            CHECK(fx_diff_pct(got, plain, 16) > (shots[i].unsigned_note ? 0.05 : 1.0), "%s: the message is on the picture",
                  shots[i].name);
        if (shots[i].screen_off)
            CHECK(fx_lit_pct(got) > 1 && fx_lit_pct(got) < 40, "%s: the card alone on black (%.1f%% lit)",
                  shots[i].name, fx_lit_pct(got));
        if (update) {
            CHECK(render_save_png(got, path), "%s written", path);
        } else {
            SDL_Surface *want = IMG_Load(path);
            CHECK(want != NULL, "%s: golden missing (LOBBYSIGN_UPDATE_GOLDEN=1 makes it)", path);
            if (want) {
                double pct = fx_diff_pct(got, want, 16);
                double px = pct / 100 * got->w * got->h;
                CHECK(px <= 8, "%s: %.0f pixels differ from the golden", shots[i].name, px);
                if (px > 8) {
                    char actual[512];
                    snprintf(actual, sizeof actual, "%s/notice-%s.actual.png", TEST_BINDIR, shots[i].name);
                    render_save_png(got, actual);
                    fprintf(stderr, "  actual picture: %s\n", actual);
                }
                SDL_FreeSurface(want);
            }
        }
        SDL_FreeSurface(got);
    }
    SDL_FreeSurface(plain);
    text_engine_free(te);
    return check_done();
}
