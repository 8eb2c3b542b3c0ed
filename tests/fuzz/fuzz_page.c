/*
 * fuzz_page.c - libFuzzer target for the page model: ss_page_parse() on
 * arbitrary bytes, as HTML, as text and auto-detected, with small caps so
 * the limit paths are exercised too. Crashing inputs go to
 * tests/fuzz/corpus/page/ and are replayed by tests/test_page.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "page.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        ss_status st = ss_page_parse(&arena, &cfg, (const char *)data, size, fmts[f],
                                     f == 1 ? "windows-1251" : NULL, &pg, err, sizeof err);
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
