/* frame: chrome + body + banner, the one composition every picture goes through. */
#include "player/frame.h"

void frame_init(struct frame *f)
{
    drawlist_init(&f->chrome);
    drawlist_init(&f->body);
    drawlist_init(&f->banner);
    drawlist_init(&f->overlay);
}

void frame_finish(struct frame *f)
{
    if (!f)
        return;
    drawlist_finish(&f->chrome);
    drawlist_finish(&f->body);
    drawlist_finish(&f->banner);
    drawlist_finish(&f->overlay);
}

void frame_build(struct frame *f, const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages,
                 uint64_t t_ms, uint64_t now_ms)
{
    drawlist_clear(&f->chrome);
    drawlist_clear(&f->body);
    drawlist_clear(&f->banner);
    slides_chrome(c, &f->chrome);
    if (s)
        slides_body(c, s, page, n_pages, t_ms, &f->body);
    else
        slides_fallback(c, &f->body);
    slides_banner(c, now_ms, &f->banner);
}

void frame_draw(struct render *r, const struct frame *f)
{
    render_draw(r, &f->chrome, 1);
    render_draw(r, &f->body, 1);
    render_draw(r, &f->banner, 1);
    if (f->overlay.n)
        render_draw(r, &f->overlay, 1);
}

void frame_draw_step(struct text_engine *te, struct render *r, float overscan_pct, const struct playlist *pl,
                     struct step st, uint64_t t_ms, uint64_t now_ms)
{
    int w, h;
    render_size(r, &w, &h);
    struct screen_geom g;
    screen_geom_init(&g, w, h, overscan_pct);
    struct slide_ctx c = {.te = te, .g = &g, .image_size = render_image_size_cb, .image_ctx = r};
    slide_ctx_for_playlist(&c, pl);
    struct frame f;
    frame_init(&f);
    frame_build(&f, &c, &pl->slides[st.slide], st.page, st.n_pages, t_ms, now_ms);
    render_prepare(r, &f.chrome);
    render_prepare(r, &f.body);
    render_prepare(r, &f.banner);
    render_begin(r);
    frame_draw(r, &f);
    render_end(r);
    frame_finish(&f);
}
