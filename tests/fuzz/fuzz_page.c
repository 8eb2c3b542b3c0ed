/*
 * fuzz_page.c - libFuzzer target for the page model: ss_page_parse() on
 * arbitrary bytes, as HTML, as text and auto-detected, with small caps so
 * the limit paths are exercised too. The pre-parse pass (elide.h) is
 * checked against the parse without it: the same status, blocks, hidden
 * blocks, links, title and arena use (differ_plain). Crashing inputs go to
 * tests/fuzz/corpus/page/ and are replayed by tests/test_page.c.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "page.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
differ_block(const ss_block *a, const ss_block *b)
{
    return a->len != b->len || strcmp(a->text, b->text) != 0 || a->flags != b->flags ||
           a->role != b->role || a->hidden != b->hidden || a->widget != b->widget ||
           a->parent_id != b->parent_id || a->at != b->at || a->link_share != b->link_share ||
           strcmp(a->path, b->path) != 0 || strcmp(a->attrs, b->attrs) != 0;
}

/* Does the page read without the pre-parse pass differ from pg (read
 * with it, status st, arena a)? */
static bool
differ_plain(const ss_config *cfg, const uint8_t *data, size_t size, ss_format fmt,
             const char *hint, ss_status st, const ss_page *pg, const ss_arena *a)
{
    static ss_arena plain_arena;
    static int inited;
    if (!inited) {
        ss_arena_init(&plain_arena, (size_t)64 << 20);
        inited = 1;
    }
    ss_page p;
    char err[128];
    ss_arena_reset(&plain_arena);
    ss_status ps = ss_page_parse_opt(&plain_arena, cfg, (const char *)data, size, fmt, hint, false,
                                     &p, NULL, err, sizeof err);
    if (ps != st || plain_arena.used_total != a->used_total)
        return true;
    if (st != SS_OK)
        return false;
    if (p.n_blocks != pg->n_blocks || p.n_hidden != pg->n_hidden || p.n_links != pg->n_links ||
        p.n_widgets != pg->n_widgets || p.limits != pg->limits || strcmp(p.title, pg->title) != 0 ||
        p.main_first != pg->main_first || p.main_last != pg->main_last)
        return true;
    for (uint32_t i = 0; i < p.n_blocks; i++)
        if (differ_block(&p.blocks[i], &pg->blocks[i]))
            return true;
    for (uint32_t i = 0; i < p.n_hidden; i++)
        if (differ_block(&p.hidden[i], &pg->hidden[i]))
            return true;
    for (uint32_t i = 0; i < p.n_links; i++) {
        const ss_link *l = &p.links[i], *m = &pg->links[i];
        if (l->block != m->block || l->start != m->start || l->end != m->end ||
            l->host != m->host || l->hidden != m->hidden)
            return true;
    }
    const char *ma[] = {p.meta.author, p.meta.date, p.meta.lang, p.meta.site_name,
                        p.meta.canonical, p.meta.description, p.meta.body};
    const char *mb[] = {pg->meta.author, pg->meta.date, pg->meta.lang, pg->meta.site_name,
                        pg->meta.canonical, pg->meta.description, pg->meta.body};
    for (size_t k = 0; k < sizeof ma / sizeof ma[0]; k++)
        if ((!ma[k] || !mb[k]) ? ma[k] != mb[k] : strcmp(ma[k], mb[k]) != 0)
            return true;
    return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ss_arena arena;
    static int inited;
    ss_config cfg;
    ss_config_default(&cfg);
    cfg.max_depth = 32;
    cfg.max_blocks = 200;
    cfg.max_block_bytes = 512;
    if (!inited) {
        ss_arena_init(&arena, (size_t)64 << 20);
        inited = 1;
    }
    const ss_format fmts[] = {SS_FORMAT_AUTO, SS_FORMAT_HTML, SS_FORMAT_TEXT};
    for (size_t f = 0; f < 3; f++) {
        ss_page pg;
        char err[128];
        ss_arena_reset(&arena);
        const char *hint = f == 1 ? "windows-1251" : NULL;
        ss_status st = ss_page_parse(&arena, &cfg, (const char *)data, size, fmts[f], hint, &pg,
                                     err, sizeof err);
        if (fmts[f] != SS_FORMAT_TEXT &&
            differ_plain(&cfg, data, size, fmts[f], hint, st, &pg, &arena))
            __builtin_trap();
        if (st != SS_OK)
            continue;
        for (uint32_t i = 0; i < pg.n_blocks; i++) {
            const ss_block *b = &pg.blocks[i];
            if (!ss_utf8_valid(b->text, b->len) || strlen(b->text) != b->len)
                __builtin_trap();
            if (b->widget != SS_NONE && b->widget >= pg.n_widgets)
                __builtin_trap();
        }
        if (!ss_utf8_valid(pg.title, strlen(pg.title)) ||
            (pg.og_title && !ss_utf8_valid(pg.og_title, strlen(pg.og_title))))
            __builtin_trap();
        for (uint32_t i = 0; i < pg.n_widgets; i++)
            if (pg.widgets[i].first + pg.widgets[i].n_items > pg.n_blocks)
                __builtin_trap();
        for (uint32_t i = 0; i < pg.n_hidden; i++) {
            const ss_block *b = &pg.hidden[i];
            if (!ss_utf8_valid(b->text, b->len) || strlen(b->text) != b->len || !b->hidden ||
                b->at > pg.n_blocks)
                __builtin_trap();
        }
        for (uint32_t i = 0; i < pg.n_links; i++) {
            const ss_link *l = &pg.links[i];
            const ss_block *b = l->hidden ? (l->block < pg.n_hidden ? &pg.hidden[l->block] : NULL)
                                          : (l->block < pg.n_blocks ? &pg.blocks[l->block] : NULL);
            if (!b || l->start >= l->end || l->end > b->len)
                __builtin_trap();
        }
    }
    return 0;
}
