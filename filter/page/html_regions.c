/*
 * html_regions.c - the main region by the page's shape (see walk.h):
 * listings, threads and their posts, blocks repeated on declared pages,
 * the fallbacks when the region holds too little of the page's text,
 * chrome wrappers, and html_roles(), which gives every block its role.
 */

#include "walk.h"

#include <stdlib.h>
#include <string.h>
#ifdef SS_PAGE_DEBUG
#include <stdio.h>
#endif

#include "fnv.h"

/* The deepest element holding both a and b (0 when they share none). */
static uint32_t
common_ancestor(const elem *E, uint32_t a, uint32_t b)
{
    unsigned hops = 0;
    while (a && b && a != b && hops++ < 2u * ANCESTOR_CAP) {
        if (E[a].depth >= E[b].depth)
            a = E[a].parent;
        else
            b = E[b].parent;
    }
    return a == b ? a : 0;
}

/* The deepest element holding every main block (0: none), and in
 * *prose the bytes of main blocks that read as prose (100+ bytes ending a
 * sentence, under 15 % links). */
static uint32_t
main_region(const walker *w,
            size_t *prose)
{
    const ss_page *pg = w->page;
    uint32_t top = 0;
    bool any = false;
    *prose = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        if (b->role != SS_ROLE_MAIN)
            continue;
        if (b->len >= 100 && b->link_share < 0.15f && pw_ends_sentence(b->text, b->len))
            *prose += b->len;
        top = any ? common_ancestor(w->elems, top, w->blk_elem[i]) : w->blk_elem[i];
        any = true;
    }
    return top;
}

/* A short run next to prose is still the content when it holds more than
 * three times the prose in items of 250+ bytes on average, none of them
 * half of it, cut from a template with a class name (a blog's front page
 * of long summaries; the columns of a page layout, also few and long,
 * have one holding most of the text or no class). */
static bool
front_page(const walker *w, uint32_t top, size_t main_bytes, uint32_t items)
{
    const elem *E = w->elems;
    if ((size_t)E[top].text <= 3 * main_bytes || E[top].text < 250u * items)
        return false;
    bool named = false;
    for (uint32_t e = top + 1; e < w->n_elems && E[e].depth > E[top].depth; e++) {
        if (E[e].parent != top)
            continue;
        if (2u * E[e].text >= E[top].text)
            return false;
        named |= E[e].text && E[e].cls;
    }
    return named;
}

/*
 * Listings, collections and shop pages: the content is a run of items cut
 * from one template (a title that links to the item, a price, a line of
 * summary), which the prose score and the link filters above both reject.
 * Find the container with the longest run of consecutive same-shaped
 * element children (at least 4, of 25+ bytes of text each on average),
 * outside zones and chrome-named subtrees, and when it holds more than
 * twice the text chosen so far, its blocks are main content too, links and
 * all (chrome inside it is still dropped). Next to an article four to
 * seven teasers of other stories are common, so a run that short counts
 * only when the prose found is under 400 bytes.
 */
static void
html_listing(walker *w, size_t main_bytes)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    uint32_t n = w->n_elems;
    if (n < 8)
        return;
    uint32_t *last = ss_arena_calloc(w->a, n, sizeof *last);
    uint32_t *run = ss_arena_calloc(w->a, n, sizeof *run);
    uint32_t *best = ss_arena_calloc(w->a, n, sizeof *best);
    uint32_t *run_text = ss_arena_calloc(w->a, n, sizeof *run_text);
    uint32_t *items = ss_arena_calloc(w->a, n, sizeof *items);
    uint8_t *chrome = ss_arena_calloc(w->a, n, 1);
    if (!last || !run || !best || !run_text || !items || !chrome) {
        pw_alloc_failed(w);
        return;
    }
    size_t page_text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        page_text += pg->blocks[i].len;
    /* Items whose classes differ by a word (a shop's "post-123 first
     * instock") are items when there is little prose; beside prose they
     * are as often sections of teasers on different topics. */
    bool loose = main_bytes < 400;
    /* Records come in document order: a parent before its children. */
    for (uint32_t e = 1; e < n; e++) {
        uint32_t p = E[e].parent;
        chrome[e] = (uint8_t)(chrome[p] || pw_chrome_zone(w, e, page_text) || E[e].comment ||
                              E[e].unlikely || pw_neg_chrome(&E[e], page_text));
        if (!E[e].text)
            continue;
        bool more = last[p] && pw_same_shape(&E[last[p]], &E[e], loose);
        run[p] = more ? run[p] + 1 : 1;
        run_text[p] = more ? run_text[p] + E[e].text : E[e].text;
        /* items[p]: text of p's children in runs of three or more */
        if (run[p] == 3)
            items[p] += run_text[p];
        else if (run[p] > 3)
            items[p] += E[e].text;
        last[p] = e;
        if (run[p] > best[p])
            best[p] = run[p];
    }
    /* Children come after their parent: summing backwards gives each
     * element the item text of its whole subtree (capped by its text,
     * items nested in items count once). */
    for (uint32_t e = n - 1; e >= 1; e--) {
        if (items[e] > E[e].text)
            items[e] = E[e].text;
        if (E[e].parent)
            items[E[e].parent] += items[e];
    }
    uint32_t top = 0;
    for (uint32_t e = 1; e < n; e++) {
        if (chrome[e] || best[e] < 4 || (E[e].tflags & T_ROOT))
            continue;
        if (E[e].text < 25u * best[e])
            continue;
        if (!top || E[e].text > E[top].text)
            top = e;
    }
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "listing: elem %u <%s class=%s> items %u text %u link %u (main %zu)\n", top,
            top ? E[top].name : "-", top && E[top].cls ? E[top].cls : "", top ? best[top] : 0,
            top ? E[top].text : 0, top ? E[top].link : 0, main_bytes);
#endif
    if (!top)
        return;
    /* A grid of 8+ items inside the region found, which holds little
     * prose (a shop category's product cards under the region's filters
     * and banners): the region's links were dropped as chrome, the items
     * are the content. */
    size_t prose = 0;
    uint32_t region = main_bytes ? main_region(w, &prose) : 0;
    bool grid = best[top] >= 8 && region && region != top && pw_is_within(E, region, top) &&
                prose < 400;
    if ((size_t)E[top].text <= 2 * main_bytes && !grid)
        return;
    if (best[top] < 8 && main_bytes >= 400 && !front_page(w, top, main_bytes, best[top]))
        return;
    /* A page of several lists (a news front page by section, a shop by
     * category): climb while the parent's text is mostly items of runs
     * and it adds to them; not beside prose (a news page's teaser boxes). */
    unsigned up = 0;
    for (uint32_t p = main_bytes < 400 ? E[top].parent : 0; p && up < ANCESTOR_CAP;
         p = E[p].parent, up++) {
        if (chrome[p] || (E[p].tflags & T_ROOT))
            break;
        if (2u * items[p] < E[p].text || items[p] <= items[top])
            break;
        top = p;
    }
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "listing region: elem %u\n", top);
#endif
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t owner = w->blk_elem[i];
        if (chrome[owner] || pw_is_caption(w, owner))
            continue;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            if (e == top) {
                pg->blocks[i].role = SS_ROLE_MAIN;
                pg->blocks[i].flags |= SS_BLK_ITEMS;
                break;
            }
        }
    }
}

/*
 * Forum threads whose software names the posts "comments" and wraps them
 * in a <form> (for moderation tools): the chrome rules above drop the whole
 * thread and keep a scrap. Here a comment box or a form is not chrome by
 * itself; a container with a run of at least 2 same-shaped items averaging
 * 150+ bytes of mostly unlinked text, holding more than twice the prose
 * found, under 1000 bytes of it and around it or sharing a near ancestor
 * with the headline (an article's comment section is beside the article,
 * below it), is the thread. Its blocks are main content except
 * link-heavy ones (names, "quote" buttons) and real chrome inside.
 * Returns whether it took a thread.
 */
static bool
html_thread(walker *w, size_t main_bytes)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    uint32_t n = w->n_elems;
    if (n < 8 || (main_bytes >= 1000 && !(pg->meta.declares & SS_DECL_FORUM)))
        return false;
    uint32_t *last = ss_arena_calloc(w->a, n, sizeof *last);
    uint32_t *run = ss_arena_calloc(w->a, n, sizeof *run);
    uint32_t *best = ss_arena_calloc(w->a, n, sizeof *best);
    uint8_t *hard = ss_arena_calloc(w->a, n, 1);
    if (!last || !run || !best || !hard) {
        pw_alloc_failed(w);
        return false;
    }
    for (uint32_t e = 1; e < n; e++) {
        uint32_t p = E[e].parent;
        bool form = E[e].name_len == 4 && !memcmp(E[e].name, "form", 4);
        bool own_unlikely = E[e].unlikely && !E[p].unlikely;
        hard[e] = (uint8_t)(hard[p] || ((E[e].kind & K_ZONE) && !form) ||
                            (!E[e].comment && (own_unlikely || E[e].weight < 0)));
        if (!E[e].text)
            continue;
        run[p] = last[p] && pw_same_shape(&E[last[p]], &E[e], true) ? run[p] + 1 : 1;
        last[p] = e;
        if (run[p] > best[p])
            best[p] = run[p];
    }
    uint32_t top = 0;
    for (uint32_t e = 1; e < n; e++) {
        if (hard[e] || best[e] < 2 || (E[e].tflags & T_ROOT))
            continue;
        if (E[e].text < 150u * best[e] || (float)E[e].link > 0.3f * (float)E[e].text)
            continue;
        if (!top || E[e].text > E[top].text)
            top = e;
    }
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "thread: elem %u <%s> items %u text %u link %u (main %zu)\n", top,
            top ? E[top].name : "-", top ? best[top] : 0, top ? E[top].text : 0,
            top ? E[top].link : 0, main_bytes);
#endif
    if (!top || (size_t)E[top].text <= 2 * main_bytes)
        return false;
    /* The prose found (the opening post) is part of the thread; comments
     * under an article are not where the article is. */
    bool inside = main_bytes == 0 || (size_t)E[top].text > THREAD_DOMINANT * main_bytes;
    for (uint32_t i = 0; i < pg->n_blocks && !inside; i++) {
        if (pg->blocks[i].role != SS_ROLE_MAIN)
            continue;
        unsigned hops = 0;
        for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP && !inside;
             e = E[e].parent, hops++)
            inside = e == top;
    }
    if (!inside && pg->title_block != SS_NONE) {
        /* ... or the thread and the headline share a near ancestor */
        uint32_t a = top;
        for (unsigned k = 0; a && k <= 2 && !inside; k++, a = E[a].parent) {
            if (E[a].tflags & T_ROOT)
                break;
            unsigned hops = 0;
            for (uint32_t e = w->blk_elem[pg->title_block]; e && hops < ANCESTOR_CAP && !inside;
                 e = E[e].parent, hops++)
                inside = e == a;
        }
    }
    if (!inside)
        return false;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t owner = w->blk_elem[i];
        if (hard[owner] || pg->blocks[i].link_share >= 0.5f || pw_is_caption(w, owner))
            continue;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            if (e == top) {
                pg->blocks[i].role = SS_ROLE_MAIN;
                break;
            }
        }
    }
    return true;
}

/*
 * A page that declares itself a thread (SS_DECL_FORUM) and marks its posts
 * with microdata: inside a post only the post's own text (itemprop "text"
 * or "articleBody") is main content; the author card, counters, signature
 * and reply buttons beside it are not. Only when some post text is main
 * content already, so that a post whose text is not marked keeps its
 * blocks on pages that mark none.
 */
static void
html_posts(walker *w)
{
    ss_page *pg = w->page;
    if (!(pg->meta.declares & SS_DECL_FORUM))
        return;
    bool text = false;
    for (uint32_t i = 0; i < pg->n_blocks && !text; i++)
        text = pg->blocks[i].role == SS_ROLE_MAIN && w->blk_post[i] == POST_TEXT;
    if (!text)
        return;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        if (pg->blocks[i].role == SS_ROLE_MAIN && w->blk_post[i] == POST_ASIDE)
            pg->blocks[i].role = SS_ROLE_BOILER;
}

/* FNV-1a of a block's text, for html_repeats(). */
static uint32_t
text_hash(const char *t, uint32_t len)
{
    return ss_fnv32(SS_FNV32_OFFSET, t, len);
}

/*
 * A page that declares itself a product, a list or a thread repeats its
 * blocks: a phone and a desktop copy of the buy box, the clones a
 * carousel makes of its slides, the same "Sponsored" card twice, a post
 * quoted under the next one. There a main block whose text is that of an
 * earlier main block is not output a second time (SS_BLK_REPEAT; its
 * role stays, so the detectors see the page as before). Only on those
 * pages: an article or a recipe may repeat a line on purpose (a chorus,
 * an interview's question), and on pages that declare nothing a repeat
 * says nothing about the template.
 */
static void
html_repeats(walker *w)
{
    ss_page *pg = w->page;
    if (!(pg->meta.declares & (SS_DECL_PRODUCT | SS_DECL_LIST | SS_DECL_FORUM)))
        return;
    uint32_t n_main = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        n_main += pg->blocks[i].role == SS_ROLE_MAIN;
    if (n_main < 2)
        return;
    uint32_t cap = 4;
    while (cap < 2u * n_main)
        cap <<= 1;
    /* slots hold block index + 1; 0 is empty */
    uint32_t *slot = ss_arena_calloc(w->a, cap, sizeof *slot);
    if (!slot)
        return; /* out of arena: keep the page as found */
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        ss_block *b = &pg->blocks[i];
        if (b->role != SS_ROLE_MAIN || b->len == 0)
            continue;
        uint32_t k = text_hash(b->text, b->len) & (cap - 1);
        bool seen = false;
        for (; slot[k]; k = (k + 1) & (cap - 1)) {
            const ss_block *o = &pg->blocks[slot[k] - 1];
            if (o->len == b->len && memcmp(o->text, b->text, b->len) == 0) {
                seen = true;
                break;
            }
        }
        if (seen)
            b->flags |= SS_BLK_REPEAT;
        else
            slot[k] = i + 1;
    }
}

/* FNV-1a of an element's tag and its class words without digits, mixed
 * into h: the template an element was cut from, for item_fields(). */
static uint32_t
shape_hash(uint32_t h, const elem *e)
{
    h = text_hash(e->name, e->name_len) ^ (h * 16777619u);
    const char *s = e->cls ? e->cls : "", *word;
    size_t m;
    for (unsigned k = 0; k < 64 && (m = pw_class_word(&s, &word)) != 0; k++)
        h = (h ^ text_hash(word, (uint32_t)m)) * 16777619u;
    return h;
}

/* One block of a small container, for item_fields(). */
typedef struct field {
    uint32_t shape;  /* shape_hash of its element and of the container */
    uint32_t parent; /* the container (its element's parent) */
    uint32_t text;   /* text_hash of its text */
    uint32_t block;
} field;

/* qsort order of fields: shape, container, block. */
static int
field_cmp(const void *a, const void *b)
{
    const field *x = a, *y = b;
    if (x->shape != y->shape)
        return x->shape < y->shape ? -1 : 1;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    return x->block < y->block ? -1 : x->block > y->block;
}

/* qsort order of text hashes. */
static int
hash_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * Decides one field of the items (f[0..n), one shape, sorted by
 * container): its linked blocks that the region pass dropped are taken
 * (take[block] = 1, and every container of the field that holds main
 * content gets items[container] = 1) when 3+ containers have the field,
 * at least half of them hold main content (has_main: a main block of 3+
 * words; a one-word kicker such as "VIDEO" over a linked headline is a
 * teaser's), and its text differs from item to item (4 in 5 distinct;
 * "Add to cart" or "Read more" in every item is the template's text).
 * Paragraphs are not taken: a linked <p> among an article's paragraphs
 * is its "READ MORE: ..." line, not an item's field.
 * texts is scratch room for n hashes. Returns whether it took a block.
 */
static bool
field_decide(walker *w,
             const field *f,
             size_t n,
             const uint8_t *has_main,
             uint32_t *texts,
             uint8_t *take,  /* OUT: per block */
             uint8_t *items) /* OUT: per element */
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    unsigned parents = 0, with_main = 0;
    for (size_t k = 0; k < n; k++) {
        texts[k] = f[k].text;
        if (k == 0 || f[k].parent != f[k - 1].parent) {
            parents++;
            with_main += has_main[f[k].parent];
        }
    }
    if (parents < 3 || 2 * with_main < parents)
        return false;
    qsort(texts, n, sizeof *texts, hash_cmp);
    size_t distinct = 0;
    for (size_t k = 0; k < n; k++)
        distinct += k == 0 || texts[k] != texts[k - 1];
    if (5 * distinct < 4 * n)
        return false;
    bool took = false;
    for (size_t k = 0; k < n; k++) {
        const ss_block *b = &pg->blocks[f[k].block];
        uint32_t o = w->blk_elem[f[k].block];
        if (b->role != SS_ROLE_BOILER || f[k].block == pg->title_block || !has_main[f[k].parent] ||
            b->link_share < 0.5f || E[o].unlikely || E[o].comment || (E[o].kind & K_P))
            continue;
        take[f[k].block] = 1;
        took = true;
    }
    if (took)
        for (size_t k = 0; k < n; k++)
            items[f[k].parent] |= has_main[f[k].parent];
    return took;
}

/*
 * The linked fields of a listing's items. An item is a small container
 * (at most ITEM_FIELD_BLOCKS blocks) cut from a template that repeats;
 * the region pass keeps its unlinked fields (a summary, a subject line)
 * and drops its linked ones as links: the item's linked title, its
 * authors, its tags. Grouped by the shape of the field's element and of
 * its container, a linked field of items whose other fields are main
 * content is main content too (field_decide() says when), provided those
 * items hold a quarter of the main text at least: beside a news article,
 * teasers whose summaries the region pass kept are not the content.
 */
static void
item_fields(walker *w)
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    if (!pg->n_blocks)
        return;
    uint32_t *n_in = ss_arena_calloc(w->a, w->n_elems, sizeof *n_in);
    uint8_t *has_main = ss_arena_calloc(w->a, w->n_elems, 1);
    uint8_t *items = ss_arena_calloc(w->a, w->n_elems, 1);
    uint8_t *take = ss_arena_calloc(w->a, pg->n_blocks, 1);
    field *f = ss_arena_calloc(w->a, pg->n_blocks, sizeof *f);
    uint32_t *texts = ss_arena_calloc(w->a, pg->n_blocks, sizeof *texts);
    if (!n_in || !has_main || !items || !take || !f || !texts)
        return; /* out of arena: keep the page as found */
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t p = E[w->blk_elem[i]].parent;
        n_in[p]++;
        has_main[p] |= pg->blocks[i].role == SS_ROLE_MAIN && pg->blocks[i].n_words >= 3;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t o = w->blk_elem[i];
        uint32_t p = E[o].parent;
        if (!p || n_in[p] > ITEM_FIELD_BLOCKS)
            continue;
        f[n].shape = shape_hash(shape_hash(0, &E[o]), &E[p]);
        f[n].parent = p;
        f[n].text = text_hash(pg->blocks[i].text, pg->blocks[i].len);
        f[n].block = i;
        n++;
    }
    qsort(f, n, sizeof *f, field_cmp);
    bool took = false;
    for (size_t a = 0, z; a < n; a = z) {
        for (z = a + 1; z < n && f[z].shape == f[a].shape; z++)
            ;
        if (z - a >= 3)
            took |= field_decide(w, f + a, z - a, has_main, texts, take, items);
    }
    if (!took)
        return;
    size_t main_bytes = 0, item_bytes = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (pg->blocks[i].role != SS_ROLE_MAIN)
            continue;
        main_bytes += pg->blocks[i].len;
        if (items[E[w->blk_elem[i]].parent])
            item_bytes += pg->blocks[i].len;
    }
    if (4 * item_bytes < main_bytes)
        return;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        if (take[i]) {
            pg->blocks[i].role = SS_ROLE_MAIN;
            pg->blocks[i].flags |= SS_BLK_ITEMS;
        }
}

/*
 * Per element: is it chrome for the fallback and widening passes (its
 * parent is, a chrome zone, a comment box, an unlikely class, a negative
 * class word on a wrapper that does not hold much unlinked text; with
 * noscript, a short <noscript> too)? *page_text gets the page's text
 * bytes. NULL when the arena is exhausted.
 */
static uint8_t *
chrome_marks(walker *w,
             bool noscript,
             size_t *page_text)
{
    const ss_page *pg = w->page;
    const elem *E = w->elems;
    uint32_t n = w->n_elems;
    uint8_t *chrome = ss_arena_calloc(w->a, n, 1);
    if (!chrome)
        return NULL;
    size_t text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        text += pg->blocks[i].len;
    for (uint32_t e = 1; e < n; e++) {
        uint32_t p = E[e].parent;
        chrome[e] = (uint8_t)(chrome[p] || pw_chrome_zone(w, e, text) || E[e].comment ||
                              E[e].unlikely || pw_neg_chrome(&E[e], text) ||
                              (noscript && pw_short_noscript(&E[e])));
    }
    *page_text = text;
    return chrome;
}

/*
 * The region found holds a small share of the page's content-looking
 * text (unlinked blocks outside zones and chrome-named subtrees): a page
 * of short cells (a specification sheet), of many small sections, or a
 * thread the passes above missed. Then the region is the deepest element
 * that holds most of that text; its blocks are main content except chrome
 * and link-heavy ones.
 */
static void
html_fallback(walker *w)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    uint32_t n = w->n_elems;
    if (n < 2)
        return;
    uint32_t *good = ss_arena_calloc(w->a, n, sizeof *good);
    size_t page_text = 0;
    uint8_t *chrome = good ? chrome_marks(w, true, &page_text) : NULL;
    if (!good || !chrome) {
        pw_alloc_failed(w);
        return;
    }
    size_t total = 0, main_bytes = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        uint32_t owner = w->blk_elem[i];
        if (b->role == SS_ROLE_MAIN)
            main_bytes += b->len;
        if (chrome[owner] || !pw_good_block(w, i))
            continue;
        total += b->len;
        good[owner] += b->len;
    }
    if (total == 0 || (double)main_bytes >= FALLBACK_SHARE * (double)total)
        return;
    for (uint32_t e = n - 1; e >= 1; e--)
        if (E[e].parent)
            good[E[e].parent] += good[e];
    /* Elements holding more than half of it form a chain: the last in
     * document order is the deepest. */
    uint32_t top = 0;
    for (uint32_t e = 1; e < n; e++)
        if (!chrome[e] && 2 * (size_t)good[e] > total)
            top = e;
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "fallback: elem %u <%s> good %u of %zu (main %zu) text %u link %u\n", top,
            top ? E[top].name : "-", top ? good[top] : 0, total, main_bytes, top ? E[top].text : 0,
            top ? E[top].link : 0);
#endif
    if (!top)
        return;
    /* Past a quarter, the region found is right but narrow: only an
     * element around it (not the comments or another story) widens it. */
    if ((double)main_bytes >= FALLBACK_ANY * (double)total) {
        size_t held = 0;
        for (uint32_t i = 0; i < pg->n_blocks; i++) {
            if (pg->blocks[i].role != SS_ROLE_MAIN)
                continue;
            unsigned hops = 0;
            for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
                if (e == top) {
                    held += pg->blocks[i].len;
                    break;
                }
        }
        if (held * 10 < main_bytes * 9)
            return;
    }
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t owner = w->blk_elem[i];
        if (chrome[owner] || pg->blocks[i].link_share >= 0.5f || pw_is_caption(w, owner))
            continue;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            if (e == top) {
                pg->blocks[i].role = SS_ROLE_MAIN;
                break;
            }
        }
    }
}

/*
 * The region found holds no prose (under WIDEN_ALL_PROSE bytes of
 * sentences) but most of the page's text: a front page or a category
 * whose items are linked headlines, of which only the dates and bylines
 * were kept. Every block outside chrome in the element holding the main
 * blocks is an item, links included, when there are at least
 * REGION_ITEMS_MIN of them and they hold half as much text as was found.
 */
static void
region_items(walker *w,
             const uint8_t *chrome)
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    size_t prose = 0;
    uint32_t top = main_region(w, &prose);
    if (!top || (E[top].tflags & T_ROOT))
        return;
    /* Two passes: count what would be added, then add it. */
    size_t found = 0, added = 0;
    unsigned n_added = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < pg->n_blocks; i++) {
            uint32_t owner = w->blk_elem[i];
            if (pass == 0 && pg->blocks[i].role == SS_ROLE_MAIN)
                found += pg->blocks[i].len;
            if (pg->blocks[i].role == SS_ROLE_MAIN || chrome[owner] || i == pg->title_block ||
                pw_is_caption(w, owner) || !pw_is_within(E, top, owner))
                continue;
            if (pass == 0) {
                added += pg->blocks[i].len;
                n_added++;
                continue;
            }
            pg->blocks[i].role = SS_ROLE_MAIN;
            pg->blocks[i].flags |= SS_BLK_ITEMS;
        }
        /* Items are many and weigh: a share bar or two "email this"
         * links beside a short article are not. */
        if (n_added < REGION_ITEMS_MIN || 2 * added < found)
            return;
    }
}

/*
 * Last resort: the main content found is under WIDEN_ALL_SHARE of the
 * text outside chrome (zones, comment boxes, chrome class words), links
 * included. A page with no prose to find (a front page of headlines in
 * several templates, a shop category, a table of links) keeps a scrap:
 * all the text outside chrome is its content, and its linked lists are
 * items, not widgets. Not after html_thread() took a thread: short posts
 * beside a list of other threads are what was found.
 */
static void
html_widen_all(walker *w)
{
    ss_page *pg = w->page;
    uint32_t n = w->n_elems;
    if (n < 2)
        return;
    size_t page_text = 0;
    uint8_t *chrome = chrome_marks(w, false, &page_text);
    if (!chrome) {
        pw_alloc_failed(w);
        return;
    }
    size_t main_bytes = 0, plain = 0, prose = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        if (b->role == SS_ROLE_MAIN)
            main_bytes += b->len;
        if (b->role == SS_ROLE_MAIN && b->len >= 100 && b->link_share < 0.15f &&
            pw_ends_sentence(b->text, b->len))
            prose += b->len;
        if (!chrome[w->blk_elem[i]] && i != pg->title_block)
            plain += b->len;
    }
    if (plain == 0 || prose >= WIDEN_ALL_PROSE)
        return;
    if ((double)main_bytes >= WIDEN_ALL_SHARE * (double)plain) {
        region_items(w, chrome);
        return;
    }
    /* With nothing found, the page's own summary (JSON-LD articleBody,
     * else its description) stands in for the clean text: a shell built
     * by script has a menu to offer and less to say. */
    const char *own = pg->meta.body ? pg->meta.body : pg->meta.description;
    if (main_bytes == 0 && own && strlen(own) >= plain)
        return;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (chrome[w->blk_elem[i]] || i == pg->title_block)
            continue;
        pg->blocks[i].role = SS_ROLE_MAIN;
        pg->blocks[i].flags |= SS_BLK_ITEMS;
    }
}

/* A byte of a word: ASCII letter or digit, or any byte of a multi-byte
 * UTF-8 character. */
static inline bool
is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80u;
}

/* ASCII case-insensitive search of n bytes of w in t[0..len). */
static bool
find_ci(const char *t, size_t len, const char *w, size_t n)
{
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n) {
            unsigned char a = (unsigned char)t[i + k], b = (unsigned char)w[k];
            if (a >= 'A' && a <= 'Z')
                a = (unsigned char)(a + 32);
            if (b >= 'A' && b <= 'Z')
                b = (unsigned char)(b + 32);
            if (a != b)
                break;
            k++;
        }
        if (k == n)
            return true;
    }
    return false;
}

/* Do the blocks under e (the headline's own excepted) hold at least half
 * of the headline's words of 4+ bytes (at most 8 of them, at least 2)?
 * UTF-8 bytes count as letters, so this works in any script that spaces
 * its words. */
static bool
speaks_of_headline(const walker *w, uint32_t e)
{
    const ss_page *pg = w->page;
    const ss_block *t = &pg->blocks[pg->title_block];
    const char *word[8];
    size_t wlen[8];
    unsigned nw = 0;
    for (uint32_t i = 0; i < t->len && nw < 8;) {
        while (i < t->len && !is_word_byte((unsigned char)t->text[i]))
            i++;
        uint32_t j = i;
        while (j < t->len && is_word_byte((unsigned char)t->text[j]))
            j++;
        if (j - i >= 4) {
            word[nw] = t->text + i;
            wlen[nw++] = j - i;
        }
        i = j;
    }
    if (nw < 2)
        return false;
    bool found[8] = {false};
    unsigned hits = 0;
    for (uint32_t i = 0; i < pg->n_blocks && 2 * hits < nw; i++) {
        if (i == pg->title_block)
            continue;
        bool under = false;
        unsigned hops = 0;
        for (uint32_t q = w->blk_elem[i]; q && hops < ANCESTOR_CAP && !under; q = w->elems[q].parent, hops++)
            under = q == e;
        if (!under)
            continue;
        const ss_block *b = &pg->blocks[i];
        for (unsigned k = 0; k < nw; k++)
            if (!found[k] && find_ci(b->text, b->len, word[k], wlen[k])) {
                found[k] = true;
                hits++;
            }
    }
    return 2 * hits >= nw;
}

/*
 * A <header> holding more than half of the page's unlinked text is not
 * page chrome (a template that puts the article in its <header>): its
 * zone mark goes, and the content-looking text (elem.good) is counted
 * again. (A <footer> that long holds legal notes; a page-wide <form>
 * loses its mark this way on shop pages whose region it would move.)
 */
static void
unzone_wrappers(walker *w)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    size_t plain = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        plain += b->len - (uint32_t)(b->link_share * (float)b->len + 0.5f);
    }
    for (uint32_t e = 1; e < w->n_elems; e++) {
        if (!(E[e].kind & K_ZONE) || E[e].name_len != 6 || memcmp(E[e].name, "header", 6))
            continue;
        size_t own = E[e].text > E[e].link ? E[e].text - E[e].link : 0;
        if (2 * own > plain) {
            E[e].kind &= ~(uint32_t)K_ZONE;
            w->unzoned = true;
        }
    }
    if (!w->unzoned)
        return;
    for (uint32_t e = 1; e < w->n_elems; e++)
        E[e].good = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (!pw_good_block(w, i))
            continue;
        unsigned hops = 0;
        for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
            E[e].good += pg->blocks[i].len;
    }
}

/*
 * A page that declares one product opens with its name: what the region
 * kept above the headline is the shop's (a promotion bar, "Out of stock",
 * a gallery's "Image 1 of 5", a size-guide teaser). It goes when it is a
 * small part of the main text (PRE_TITLE_SHARE); a large one is the
 * description of a page whose headline comes late.
 */
static void
html_pre_title(walker *w)
{
    ss_page *pg = w->page;
    uint32_t head = pg->title_block;
    if (!(pg->meta.declares & SS_DECL_PRODUCT) || head == SS_NONE)
        return;
    size_t before = 0, all = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (pg->blocks[i].role != SS_ROLE_MAIN)
            continue;
        all += pg->blocks[i].len;
        if (i < head)
            before += pg->blocks[i].len;
    }
    if (!before || before == all || (double)before > PRE_TITLE_SHARE * (double)all)
        return;
    for (uint32_t i = 0; i < head; i++)
        if (pg->blocks[i].role == SS_ROLE_MAIN)
            pg->blocks[i].role = SS_ROLE_BOILER;
}

/* Two passes as readability does: first with chrome-looking subtrees
 * (class/id words) stripped; if that leaves almost nothing, again without
 * stripping. Then the headline gets role TITLE. */
void
pw_html_roles(walker *w)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        uint32_t link = (uint32_t)(b->link_share * (float)b->len + 0.5f);
        unsigned hops = 0;
        uint32_t good = pw_good_block(w, i) ? b->len : 0;
        for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            E[e].text += b->len;
            E[e].link += link;
            E[e].good += good;
        }
    }
    unzone_wrappers(w);
    /* A chrome word on a wrapper of most of the page's text and of its
     * headline ("with_header" on the frame around everything) does not
     * make the page chrome: its own word is dropped, as is its mark on
     * what it holds. (A pop-up holding a long policy has no headline.) */
    size_t page_text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        page_text += pg->blocks[i].len;
    uint32_t head = pg->title_block != SS_NONE ? w->blk_elem[pg->title_block] : 0;
    for (uint32_t e = 1; e < w->n_elems; e++) {
        if (E[e].own_unlikely && head && !E[e].comment && !(E[e].kind & K_ZONE) &&
            2u * (size_t)E[e].text > page_text) {
            unsigned hops = 0;
            bool holds = false;
            for (uint32_t q = head; q && hops < ANCESTOR_CAP; q = E[q].parent, hops++)
                if (q == e) {
                    holds = true;
                    break;
                }
            /* ... or the wrapper comes after the headline and speaks of
             * it (an article inside a "sidebar-container") */
            if (holds || (e > head && (float)E[e].link < 0.3f * (float)E[e].text &&
                          speaks_of_headline(w, e)))
                E[e].own_unlikely = false;
        }
        E[e].unlikely = E[E[e].parent].unlikely || E[e].own_unlikely;
    }
    size_t main_bytes = pw_html_roles_pass(w, true);
    if (main_bytes < 500)
        main_bytes = pw_html_roles_pass(w, false);
    html_listing(w, main_bytes);
    bool thread = html_thread(w, main_bytes);
    html_fallback(w);
    if (!thread)
        html_widen_all(w);
    html_posts(w);
    item_fields(w);
    html_repeats(w);
    html_pre_title(w);
    if (pg->title_block != SS_NONE)
        pg->blocks[pg->title_block].role = SS_ROLE_TITLE;
#ifdef SS_PAGE_DEBUG
    if (getenv("SS_BLOCKS"))
        for (uint32_t e = 1; e < w->n_elems; e++)
            if (E[e].own_unlikely && E[e].text > 500)
                fprintf(stderr, "U e%u <%s class=%s id=%s> text %u\n", e, E[e].name,
                        E[e].cls ? E[e].cls : "", E[e].id ? E[e].id : "", E[e].text);
    if (getenv("SS_BLOCKS"))
        for (uint32_t i = 0; i < pg->n_blocks; i++) {
            const ss_block *b = &pg->blocks[i];
            uint32_t o = w->blk_elem[i];
            uint32_t ue = o;
            while (ue && !E[ue].own_unlikely)
                ue = E[ue].parent;
            fprintf(stderr, "B%u %c e%u <%s> d%u w%d u%d/%s c%d ls%.2f %.*s\n", i,
                    b->role == SS_ROLE_MAIN ? 'M' : b->role == SS_ROLE_TITLE ? 'T' : '-', o,
                    E[o].name, E[o].depth, E[o].weight, E[o].unlikely,
                    ue ? (E[ue].cls ? E[ue].cls : E[ue].id ? E[ue].id : E[ue].name) : "", E[o].comment,
                    (double)b->link_share, (int)b->len, b->text);
        }
#endif
}

/* Links of a block that was never made (the block cap) go. */
void
pw_drop_dangling_links(ss_page *pg)
{
    uint32_t o = 0;
    for (uint32_t i = 0; i < pg->n_links; i++) {
        const ss_link *l = &pg->links[i];
        const ss_block *b = l->hidden ? (l->block < pg->n_hidden ? &pg->hidden[l->block] : NULL)
                                      : (l->block < pg->n_blocks ? &pg->blocks[l->block] : NULL);
        if (b && l->start < l->end && l->end <= b->len)
            pg->links[o++] = *l;
    }
    pg->n_links = o;
}

/* main_first/main_last from the roles. */
void
pw_set_main_range(ss_page *pg)
{
    pg->main_first = SS_NONE;
    pg->main_last = SS_NONE;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (pg->blocks[i].role != SS_ROLE_MAIN)
            continue;
        if (pg->main_first == SS_NONE)
            pg->main_first = i;
        pg->main_last = i;
    }
}
