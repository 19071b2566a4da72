/* memory: the player's budget on a 512 MB board (docs/player.md). The sample playlist plus eight
 * 8192x8192 PNG slides (valid, small on disk) plays at 1920x1080 through the same player and
 * renderer as `play` (software surface); the peak RSS must stay under PLAYER_BUDGET_MB. Every
 * image is decoded scaled on load and at most RENDER_IMAGE_PIXELS stay decoded (LRU). */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "content/content.h"
#include "core/clock.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "player/player.h"
#include "render/render.h"
#include "text/text.h"

#define PLAYER_BUDGET_MB 200 /* documented in docs/player.md */
#define SIDE 8192
#define N_BIG 8

static void put32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
    fwrite(b, 1, 4, f);
}

static void chunk(FILE *f, const char *type, const unsigned char *data, uint32_t len)
{
    put32(f, len);
    fwrite(type, 1, 4, f);
    fwrite(data, 1, len, f);
    uLong crc = crc32(crc32(0, (const Bytef *)type, 4), data, len);
    put32(f, (uint32_t)crc);
}

/* A valid SIDE x SIDE RGB PNG with a gradient, written row by row (never held whole). */
static bool write_big_png(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    unsigned char ihdr[13] = {0, 0, SIDE >> 8, SIDE & 0xFF, 0, 0, SIDE >> 8, SIDE & 0xFF, 8, 2, 0, 0, 0};
    chunk(f, "IHDR", ihdr, 13);
    z_stream z = {0};
    deflateInit(&z, 6);
    size_t row_len = 1 + (size_t)SIDE * 3, out_cap = 1 << 16;
    unsigned char *row = xmalloc(row_len), *out = xmalloc(out_cap);
    for (int y = 0; y <= SIDE; y++) {
        int flush = y == SIDE ? Z_FINISH : Z_NO_FLUSH;
        if (y < SIDE) {
            row[0] = 0;
            for (int x = 0; x < SIDE; x++) {
                row[1 + x * 3] = (unsigned char)(x >> 5);
                row[2 + x * 3] = (unsigned char)(y >> 5);
                row[3 + x * 3] = 0x80;
            }
            z.next_in = row, z.avail_in = (uInt)row_len;
        }
        do {
            z.next_out = out, z.avail_out = (uInt)out_cap;
            deflate(&z, flush);
            uint32_t have = (uint32_t)(out_cap - z.avail_out);
            if (have)
                chunk(f, "IDAT", out, have);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    chunk(f, "IEND", (const unsigned char *)"", 0);
    free(row);
    free(out);
    return fclose(f) == 0;
}

static long peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

int main(void)
{
    char dir[] = "/tmp/lsmemXXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char *big[N_BIG];
    for (int i = 0; i < N_BIG; i++) {
        big[i] = xasprintf("%s/big%d.png", dir, i);
        CHECK(write_big_png(big[i]), "write %s", big[i]);
    }
    struct text_engine *te = text_engine_new(TEST_SRCDIR "/fonts/fonts.json");
    struct findings f = {0};
    struct snapshot *snap = te ? content_load(TEST_SRCDIR "/playlists/lobby.json", NULL, &f) : NULL;
    CHECK(snap != NULL, "samples load");
    if (!snap)
        return check_done();
    /* The sample slides, then eight image slides of 8192x8192. */
    const struct playlist *src = &snap->playlists[0];
    size_t n = src->n_slides + N_BIG;
    struct slide *slides = xcalloc(n, sizeof *slides);
    memcpy(slides, src->slides, src->n_slides * sizeof *slides);
    for (int i = 0; i < N_BIG; i++)
        slides[src->n_slides + i] = (struct slide){.kind = SLIDE_IMAGE, .id = "big", .duration_ms = 2000,
                                                   .image = big[i], .fit = i % 2 ? FIT_COVER : FIT_CONTAIN};
    struct playlist pl = *src;
    pl.slides = slides;
    pl.n_slides = n;
    pl.banner.ticker = NULL; /* frames only on steps and animations: the test is about memory */
    pl.dayparts = NULL, pl.n_dayparts = 0, pl.screen_off = NULL, pl.n_screen_off = 0;
    struct snapshot s2 = *snap;
    s2.playlists = &pl;
    s2.n_playlists = 1;

    struct clock_fake fk = {.mono_ms = 1000000, .wall = 1752055200 /* 2025-07-09 10:00 UTC */};
    struct clock_src clk = clock_fake_src(&fk);
    struct render *r = render_new_surface(te, 1920, 1080, 0);
    struct player *p = player_new(&(struct player_config){.te = te, .render = r, .clock = &clk, .transition_ms = 800,
                                                          .always_on = true});
    player_set_snapshot(p, &s2);
    /* One cycle of the whole playlist: eight images of 14.7 MB decoded (1920x1920) do not fit the
     * 64 MB image cap, so the least recently used are evicted as it goes. */
    uint64_t cycle = 0;
    for (size_t i = 0; i < n; i++)
        cycle += (uint64_t)slides[i].duration_ms * slide_page_count(&slides[i]);
    size_t frames = 0, big_frames = 0;
    for (uint64_t end = fk.mono_ms + cycle; fk.mono_ms < end;) {
        uint64_t wait;
        if (player_update(p, &wait)) {
            player_draw(p);
            frames++;
            big_frames += player_position(p)->cur.slide >= src->n_slides;
        }
        fk.mono_ms += wait ? (wait < 250 ? wait : 250) : 40;
        fk.wall = 1752055200 + (time_t)((fk.mono_ms - 1000000) / 1000);
    }
    struct player_stats st;
    player_get_stats(p, &st);
    long peak = peak_rss_mb();
    printf("samples + %d images of %dx%d at 1920x1080: %zu frames (%zu of the big images), peak RSS %ld MB "
           "(budget %d MB)\n",
           N_BIG, SIDE, SIDE, frames, big_frames, peak, PLAYER_BUDGET_MB);
    CHECK(st.unshowable == 0 && big_frames > 0, "every big image shows (%u unshowable)", st.unshowable);
#if defined(__SANITIZE_ADDRESS__)
    printf("(ASan build: RSS includes the sanitizer's shadow memory; the bound is checked in the normal build)\n");
#else
    CHECK(peak < PLAYER_BUDGET_MB, "peak RSS %ld MB within the %d MB budget", peak, PLAYER_BUDGET_MB);
#endif
    player_free(p);
    render_free(r);
    free(slides);
    snapshot_free(snap);
    findings_free(&f);
    text_engine_free(te);
    for (int i = 0; i < N_BIG; i++) {
        unlink(big[i]);
        free(big[i]);
    }
    rmdir(dir);
    return check_done();
}
