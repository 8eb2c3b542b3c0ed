/*
 * heur_page.h - build ss_page structures by hand for the rule and detector
 * tests, so they do not depend on the HTML/text parser (filter/page/).
 *
 * A page is described by lines with a two-letter tag:
 *
 *   "T:<text>"  the <title> string (no block)
 *   "O:<text>"  the og:title string (no block)
 *   "H:<text>"  the headline block (page->title_block, role TITLE, heading)
 *   "P:<text>"  an article paragraph (role MAIN)
 *   "L:<text>"  a short article line (role MAIN, not a paragraph)
 *   "B:<text>"  a boilerplate line (role BOILER: header, footer, bylines)
 *   "W:<text>"  a list-widget heading: starts a new widget
 *   "I:<text>"  an item of the current widget (linked list item)
 *
 * Everything is allocated from the arena given to hp_build().
 */
#ifndef HEUR_PAGE_H
#define HEUR_PAGE_H

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "evidence.h"
#include "page.h"

#define HP_MAX_BLOCKS 256
#define HP_MAX_WIDGETS 16

/* Count space-separated words of s. */
static inline unsigned
hp_words(const char *s)
{
    unsigned n = 0;
    bool in = false;
    for (; *s; s++) {
        if (*s == ' ') {
            in = false;
        } else if (!in) {
            in = true;
            n++;
        }
    }
    return n;
}

/* Build a page from n tagged lines (see above) into *page. Returns false
 * on a malformed line or when the arena is exhausted. */
static inline bool
hp_build(ss_arena *a,
         const char *const *lines,
         size_t n,
         ss_format format,
         ss_page *page)
{
    memset(page, 0, sizeof *page);
    page->format = format;
    page->charset = "UTF-8";
    page->title = "";
    page->title_block = SS_NONE;
    page->main_first = SS_NONE;
    page->main_last = SS_NONE;
    page->blocks = ss_arena_calloc(a, HP_MAX_BLOCKS, sizeof *page->blocks);
    page->widgets = ss_arena_calloc(a, HP_MAX_WIDGETS, sizeof *page->widgets);
    if (!page->blocks || !page->widgets)
        return false;
    uint32_t cur_widget = SS_NONE;
    for (size_t i = 0; i < n; i++) {
        const char *l = lines[i];
        if (strlen(l) < 2 || l[1] != ':')
            return false;
        const char *text = l + 2;
        char tag = l[0];
        if (tag == 'T') {
            page->title = ss_arena_strndup(a, text, strlen(text));
            continue;
        }
        if (tag == 'O') {
            page->og_title = ss_arena_strndup(a, text, strlen(text));
            continue;
        }
        if (page->n_blocks >= HP_MAX_BLOCKS)
            return false;
        uint32_t b = page->n_blocks++;
        ss_block *blk = &page->blocks[b];
        blk->text = ss_arena_strndup(a, text, strlen(text));
        if (!blk->text)
            return false;
        blk->len = (uint32_t)strlen(text);
        blk->n_words = hp_words(text);
        blk->path = "div";
        blk->attrs = "";
        blk->depth = 3;
        blk->widget = SS_NONE;
        blk->parent_id = b + 1;
        switch (tag) {
        case 'H':
            blk->role = SS_ROLE_TITLE;
            blk->flags = SS_BLK_HEADING | SS_BLK_TITLE;
            blk->heading_level = 1;
            page->title_block = b;
            cur_widget = SS_NONE;
            break;
        case 'P':
        case 'L':
            blk->role = SS_ROLE_MAIN;
            blk->flags = tag == 'P' ? SS_BLK_PARA : SS_BLK_DIVTEXT;
            if (page->main_first == SS_NONE)
                page->main_first = b;
            page->main_last = b;
            cur_widget = SS_NONE;
            break;
        case 'B':
            blk->role = SS_ROLE_BOILER;
            blk->flags = SS_BLK_DIVTEXT | SS_BLK_BOILER_ZONE;
            cur_widget = SS_NONE;
            break;
        case 'W':
            if (page->n_widgets >= HP_MAX_WIDGETS)
                return false;
            cur_widget = page->n_widgets++;
            page->widgets[cur_widget].heading = b;
            page->widgets[cur_widget].first = b + 1;
            page->widgets[cur_widget].n_items = 0;
            page->widgets[cur_widget].link_share = 1.0f;
            blk->role = SS_ROLE_BOILER;
            blk->flags = SS_BLK_HEADING;
            blk->heading_level = 3;
            blk->widget = cur_widget;
            break;
        case 'I':
            if (cur_widget == SS_NONE) { /* a list without a heading */
                if (page->n_widgets >= HP_MAX_WIDGETS)
                    return false;
                cur_widget = page->n_widgets++;
                page->widgets[cur_widget].heading = SS_NONE;
                page->widgets[cur_widget].first = b;
                page->widgets[cur_widget].link_share = 1.0f;
            }
            page->widgets[cur_widget].n_items++;
            blk->role = SS_ROLE_BOILER;
            blk->flags = SS_BLK_LISTITEM | SS_BLK_LINK;
            blk->link_share = 1.0f;
            blk->widget = cur_widget;
            blk->parent_id = 1000 + cur_widget;
            break;
        default:
            return false;
        }
    }
    return true;
}

/* Delete [start,end) from text (what --clean does with a span, before any
 * seam repair); the result lives in the arena. */
static inline const char *
hp_cut(ss_arena *a,
       const char *text,
       uint32_t start,
       uint32_t end)
{
    size_t len = strlen(text);
    char *r = ss_arena_alloc(a, len + 1);
    if (!r || end < start || end > len)
        return NULL;
    memcpy(r, text, start);
    memcpy(r + start, text + end, len - end + 1);
    return r;
}

#endif /* HEUR_PAGE_H */
