/*
 * html_roles.c - the HTML page parts after the walk (see walk.h): the
 * title block, list widgets, and readability-style content scores of the
 * element records (tag base, class/id weight, commas, link density)
 * that pick the main content's root.
 */

#include "walk.h"

#include <string.h>
#ifdef SS_PAGE_DEBUG
#include <stdio.h>
#endif

/* HTML title block: the h1 repeating the title, else the first h1 outside
 * header/nav, else a heading the title starts with. */
void
pw_html_titles(walker *w)
{
    ss_page *pg = w->page;
    const char *t = pg->title ? pg->title : "";
    const char *og = pg->og_title;
    uint32_t first_h1 = SS_NONE;
    uint32_t best = SS_NONE;
    uint32_t limit = pg->n_blocks < 400 ? pg->n_blocks : 400;
    for (uint32_t i = 0; i < limit; i++) {
        const ss_block *b = &pg->blocks[i];
        if (!(b->flags & SS_BLK_HEADING) || b->len < 4)
            continue;
        bool match = (og && strstr(og, b->text)) || (*t && strstr(t, b->text));
        if (b->heading_level == 1) {
            if (match) {
                best = i;
                break;
            }
            if (first_h1 == SS_NONE && !(b->flags & SS_BLK_BOILER_ZONE))
                first_h1 = i;
        } else if (match && b->n_words >= 3 && best == SS_NONE && first_h1 == SS_NONE) {
            best = i;
        }
    }
    if (best == SS_NONE)
        best = first_h1 != SS_NONE ? first_h1 : w->h1_block;
    pg->title_block = best;
    if (best != SS_NONE)
        pg->blocks[best].flags |= SS_BLK_TITLE;
}

/* An HTML block that can be a list-widget item. */
static bool
html_item_like(const ss_block *b)
{
    return (b->flags & SS_BLK_LISTITEM || b->link_share >= 0.5f) && b->n_words <= 30 &&
           !(b->flags & SS_BLK_HEADING) && !(b->flags & SS_BLK_TITLE);
}

/* HTML widgets: runs of >= 3 short items that are mostly links (ul/ol of
 * links, div of links), with the heading just before them if any; or a
 * heading followed by >= 3 short list items. */
void
pw_html_widgets(walker *w)
{
    ss_page *pg = w->page;
    uint32_t i = 0;
    while (i < pg->n_blocks && w->st == SS_OK) {
        if (!html_item_like(&pg->blocks[i])) {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        float sum = pg->blocks[i].link_share;
        bool all_short = pg->blocks[i].n_words <= 20;
        while (j < pg->n_blocks && html_item_like(&pg->blocks[j])) {
            const ss_block *p = &pg->blocks[j - 1];
            const ss_block *b = &pg->blocks[j];
            /* List items of one widget share their ul/ol. */
            if (((p->flags | b->flags) & SS_BLK_LISTITEM) && p->parent_id != b->parent_id)
                break;
            sum += b->link_share;
            all_short = all_short && b->n_words <= 20;
            j++;
        }
        uint32_t n = j - i;
        uint32_t heading = SS_NONE;
        if (i > 0) {
            const ss_block *h = &pg->blocks[i - 1];
            if (h->widget == SS_NONE && h->link_share < 0.5f && !(h->flags & SS_BLK_TITLE) &&
                ((h->flags & SS_BLK_HEADING) || (h->n_words <= 6 && !pw_ends_sentence(h->text, h->len))))
                heading = i - 1;
        }
        bool linked = sum / (float)n >= 0.5f;
        bool listed = heading != SS_NONE && all_short &&
                      (pg->blocks[i].flags & SS_BLK_LISTITEM);
        if (n >= 3 && (linked || listed)) {
            if (!pw_widget_add(w, heading, i, n))
                return;
        }
        i = j;
    }
}

/* Base score of a container by tag (readability's initializeNode). */
static float
tag_base(const elem *e)
{
    if (e->tflags & T_BASE5)
        return 5.0f;
    if (e->tflags & T_BASE3)
        return 3.0f;
    if (e->kind & (K_LIST | K_LI) || (e->tflags & T_BASEM3))
        return -3.0f;
    if (e->kind & K_HEAD || (e->tflags & T_TH))
        return -5.0f;
    return 0.0f;
}

/* Commas (ASCII, fullwidth, ideographic) in collapsed text. */
static unsigned
count_commas(const char *t, uint32_t len)
{
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t highs = 0x8080808080808080ull;
    const uint64_t lows = 0x7F7F7F7F7F7F7F7Full;
    unsigned n = 0;
    for (uint32_t i = 0; i < len; i++) {
        /* Skip eight bytes holding no ',' and no non-ASCII byte (the
         * zero-byte test on x ^ ",,,,,,,," is exact per byte). */
        while (i + 8u <= len) {
            uint64_t x;
            memcpy(&x, t + i, 8);
            uint64_t y = x ^ (ones * (uint64_t)',');
            uint64_t comma = ~(((y & lows) + lows) | y) & highs;
            if ((x & highs) | comma)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = (unsigned char)t[i];
        if (c == ',')
            n++;
        else if (c == 0xEFu && i + 2 < len && (unsigned char)t[i + 1] == 0xBCu &&
                 (unsigned char)t[i + 2] == 0x8Cu)
            n++;
        else if (c == 0xE3u && i + 2 < len && (unsigned char)t[i + 1] == 0x80u &&
                 (unsigned char)t[i + 2] == 0x81u)
            n++;
    }
    return n;
}

/* Figure captions are not article text: figcaption/figure, or a class
 * or id with "caption" on the block or its two nearest containers. */
bool
pw_is_caption(const walker *w, uint32_t e)
{
    for (unsigned k = 0; e && k < 3; k++, e = w->elems[e].parent) {
        const elem *x = &w->elems[e];
        if ((x->tflags & T_FIG) || x->caption)
            return true;
        /* A quotation in a figure (a testimonial and its author) is not
         * the figure's caption. */
        if (x->name_len == 10 && !memcmp(x->name, "blockquote", 10))
            return false;
    }
    return false;
}

/* A <noscript> is read (a crawler sees it; Discourse forums serve the
 * whole thread there), but a short one is a "please enable JavaScript"
 * notice, not content. */
bool
pw_short_noscript(const elem *e)
{
    return e->name_len == 8 && !memcmp(e->name, "noscript", 8) && e->text < 200;
}

/* Deep wrappers (page builders nest ten divs) sit above the five levels a
 * paragraph's score reaches, so an unscored or low-scored container with a
 * chrome-sounding class ("elementor-widget-container") would count as
 * chrome although it holds the article. Its unlinked text stands in for
 * the score it did not get: one point per 100 bytes (per 50 when its only
 * chrome word is "widget"). */
static float
content_floor(const elem *e, float content)
{
    /* "widget" names boxes of every kind (a product box in an article,
     * a section of a course catalogue): a widget holding a paragraph or
     * two is content */
    float per = e->widget_only ? 50.0f : 100.0f;
    float own = (float)(e->text > e->link ? e->text - e->link : 0) / per;
    if (e->text && (float)e->link > 0.3f * (float)e->text)
        own = 0.0f;
    return own > content ? own : content;
}

/* A block that reads as content wherever it sits: (almost) unlinked
 * text, outside the boilerplate zones and chrome-named subtrees. Teasers
 * of other stories carry their linked headline and do not count. */
bool
pw_good_block(const walker *w, uint32_t i)
{
    const ss_block *b = &w->page->blocks[i];
    const elem *E = w->elems;
    if (b->link_share >= 0.15f || E[w->blk_elem[i]].unlikely)
        return false;
    if (!(b->flags & SS_BLK_BOILER_ZONE))
        return true;
    if (!w->unzoned)
        return false;
    /* the zone it was read in may have lost its mark */
    unsigned hops = 0;
    for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
        if (E[e].kind & K_ZONE)
            return false;
    return true;
}

/* Pages made of many sections (services, listings, product pages) spread
 * their text over siblings, and the best-scored container holds one of
 * them. Climb while an ancestor holds more than twice the content-looking
 * text of the region so far (an article's container already holds most of
 * it and stays put), up to a zone, a comment box, the body, or a container
 * whose text is more than 40 % links. */
static uint32_t
widen_by_text(const walker *w, uint32_t top)
{
    const elem *E = w->elems;
    uint32_t cur = top;
    unsigned hops = 0;
    for (uint32_t p = top ? E[top].parent : 0; p && hops < ANCESTOR_CAP; p = E[p].parent, hops++) {
        if (E[p].tflags & T_ROOT)
            break;
        /* Above a chrome-named ancestor the region would drop itself. */
        if ((E[p].kind & K_ZONE) || E[p].comment || E[p].weight < 0)
            break;
        if (E[p].text && (float)E[p].link > 0.4f * (float)E[p].text)
            break;
        if ((float)E[p].good > 2.0f * (float)E[cur].good)
            cur = p;
    }
    return cur;
}

/* A sibling of the region that is plain content by every sign but the
 * prose score: text (at most 10 % links) outside chrome (the specification
 * table beside a product description, a facts box beside a service
 * text). */
static bool
plain_sibling(const elem *e)
{
    return e->weight >= 0 && !(e->kind & K_ZONE) && !e->comment && !e->unlikely &&
           e->text >= 40 && (float)e->link <= 0.1f * (float)e->text;
}

/* The page's own word for its main content: a <main> element (HTML5) at
 * or above the best candidate is the region, so that service, product and
 * listing pages made of many sibling sections keep all of them, not only
 * the one section with the most prose. Chrome inside it (zones, link
 * lists, negative class words) is still dropped block by block. When the
 * candidate already holds most of main's unlinked text (an article whose
 * <main> also has teasers of other stories) it stays the region. */
static uint32_t
widen_to_main(const walker *w, uint32_t top)
{
    const elem *E = w->elems;
    unsigned hops = 0;
    for (uint32_t e = top; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
        if (E[e].tflags & T_ROOT)
            break;
        if (E[e].name_len == 4 && !memcmp(E[e].name, "main", 4)) {
            float ut = (float)(E[top].text - E[top].link);
            float um = (float)(E[e].text - E[e].link);
            return um > 1.6f * ut ? e : top;
        }
        /* The best candidate sits in what would be chrome from higher up
         * (an article inside a <header>, posts in a "comments" box): the
         * wider region would drop it. */
        if (e != top && ((E[e].kind & K_ZONE) || E[e].comment || E[e].weight < 0))
            break;
    }
    return top;
}

/* Is e inside a cookie-consent panel (class weight -100 or below, below
 * the root and not holding all page_text bytes of the page: a wrapper
 * class "cookies-accepted" is not one)? Its text is long and unlinked,
 * and the second pass, which keeps chrome-named subtrees, would otherwise
 * take it for the article. */
static bool
in_consent_panel(const elem *E, uint32_t e, size_t page_text)
{
    unsigned hops = 0;
    for (; e && hops < ANCESTOR_CAP && !(E[e].tflags & T_ROOT); e = E[e].parent, hops++)
        if (E[e].weight <= -100 && (size_t)E[e].text < page_text)
            return true;
    return false;
}

/* Is e inside (or equal to) a? */
bool
pw_is_within(const elem *E, uint32_t a, uint32_t e)
{
    unsigned hops = 0;
    for (; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
        if (e == a)
            return true;
    return false;
}

/*
 * A linked block in the region (headlink[i] set by pw_html_roles_pass(): a
 * heading, or a line that is mostly a link) is the title of an item when
 * it differs from the previous one and the block after it is main
 * content within the same small container (the title's parent or
 * grandparent holds both): a teaser's headline above its kept summary or
 * date, a product card's name above its price. When there
 * are ITEM_HEADLINES_MIN or more, they become main content too. main_bytes
 * is the text found.
 */
static void
item_headlines(walker *w,
               const uint8_t *headlink,
               size_t main_bytes)
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    size_t bodies = 0;
    unsigned items = 0;
    /* Two passes: count the items, then take them when there are
     * several (one linked headline is the article's own, or a crumb)
     * and what follows them is half the text found or more (teasers or
     * sponsored links beside an article are not). */
    for (int pass = 0; pass < 2; pass++) {
        const ss_block *prev = NULL;
        for (uint32_t i = 0; i + 1 < pg->n_blocks; i++) {
            if (!headlink[i] || pg->blocks[i + 1].role != SS_ROLE_MAIN)
                continue;
            const ss_block *b = &pg->blocks[i];
            uint32_t owner = w->blk_elem[i];
            uint32_t up = E[owner].parent ? E[E[owner].parent].parent : 0;
            if (!up || !pw_is_within(E, up, w->blk_elem[i + 1]))
                continue;
            /* Titles differ; a share bar or a "read more" repeats. */
            bool again = prev && prev->len == b->len && !memcmp(prev->text, b->text, b->len);
            prev = b;
            if (again)
                continue;
            if (pass == 0) {
                items++;
                bodies += pg->blocks[i + 1].len;
                continue;
            }
            pg->blocks[i].role = SS_ROLE_MAIN;
        }
        if (items < ITEM_HEADLINES_MIN || 2 * bodies < main_bytes)
            break;
    }
}

/* Main-content estimate for HTML: score containers readability-style by
 * the paragraph text they hold, pick the best, add its good siblings, then
 * keep the blocks in that region that are not chrome (negative class/id
 * words, header/nav/footer/aside/form inside the region, link lists,
 * widgets). */
size_t
pw_html_roles_pass(walker *w, bool strip_unlikely)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    for (uint32_t e = 1; e < w->n_elems; e++) {
        E[e].scored = false;
        E[e].score = 0.0f;
    }
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        uint32_t owner = w->blk_elem[i];
        if (b->len < 25 || (b->flags & SS_BLK_HEADING) || (strip_unlikely && E[owner].unlikely))
            continue;
        float s = 1.0f + (float)count_commas(b->text, b->len) +
                  (float)(b->len / 100 < 3 ? b->len / 100 : 3);
        /* readability turns a div without block children into a p (its
         * parent is scored) and wraps loose text of other divs in p's
         * (the div itself is scored). */
        uint32_t e = ((b->flags & SS_BLK_DIVTEXT) && E[owner].n_children > 0) ? owner
                                                                               : E[owner].parent;
        for (unsigned level = 0; e && level < 5; level++, e = E[e].parent) {
            if (!E[e].scored) {
                E[e].scored = true;
                E[e].score = tag_base(&E[e]) + (float)E[e].weight;
            }
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            E[e].score += s / div;
        }
    }
    /* The five best candidates, best first. */
    uint32_t cand[5] = {0, 0, 0, 0, 0};
    size_t page_text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        page_text += pg->blocks[i].len;
    for (uint32_t e = 1; e < w->n_elems; e++) {
        if (!E[e].scored)
            continue;
        float ld = E[e].text ? (float)E[e].link / (float)E[e].text : 0.0f;
        E[e].score *= 1.0f - ld;
        if (cand[4] && E[e].score <= E[cand[4]].score)
            continue;
        if (in_consent_panel(E, e, page_text))
            continue;
        for (int k = 0; k < 5; k++) {
            if (!cand[k] || E[e].score > E[cand[k]].score) {
                for (int m = 4; m > k; m--)
                    cand[m] = cand[m - 1];
                cand[k] = e;
                break;
            }
        }
    }
    uint32_t top = cand[0];
#ifdef SS_PAGE_DEBUG
    for (int k = 0; k < 5; k++)
        if (cand[k])
            fprintf(stderr, "cand %d: elem %u <%s> score %.1f weight %d text %u link %u\n", k,
                    cand[k], E[cand[k]].name, (double)E[cand[k]].score, E[cand[k]].weight,
                    E[cand[k]].text, E[cand[k]].link);
#endif
    /* Readability.js: when >= 3 other candidates score close to the best,
     * the ancestor holding three of them is the article. */
    if (top) {
        uint32_t alt[4];
        int n_alt = 0;
        for (int k = 1; k < 5; k++)
            if (cand[k] && E[cand[k]].score >= 0.75f * E[top].score)
                alt[n_alt++] = cand[k];
        if (n_alt >= 3) {
            unsigned hops = 0;
            for (uint32_t p = E[top].parent; p && hops < ANCESTOR_CAP; p = E[p].parent, hops++) {
                if (E[p].tflags & T_ROOT)
                    break;
                int inside = 0;
                for (int k = 0; k < n_alt; k++) {
                    unsigned h2 = 0;
                    for (uint32_t q = E[alt[k]].parent; q && h2 < ANCESTOR_CAP; q = E[q].parent, h2++)
                        if (q == p) {
                            inside++;
                            break;
                        }
                }
                if (inside >= 3) {
                    top = p;
                    break;
                }
            }
        }
        /* Climb while the parents' scores rise (content spread out). */
        float last = E[top].score;
        float floor_score = last / 3.0f;
        unsigned hops = 0;
        for (uint32_t p = E[top].parent; p && hops < ANCESTOR_CAP; p = E[p].parent, hops++) {
            if (E[p].tflags & T_ROOT)
                break;
            if (!E[p].scored)
                continue;
            if (E[p].score < floor_score)
                break;
            if (E[p].score > last) {
                top = p;
                break;
            }
            last = E[p].score;
        }
        /* An only child stands for its parent. */
        hops = 0;
        while (E[top].parent && hops++ < ANCESTOR_CAP && E[E[top].parent].n_children == 1 &&
               !(E[E[top].parent].tflags & T_ROOT))
            top = E[top].parent;
    }
    top = widen_to_main(w, top);
    top = widen_by_text(w, top);
    float best = top ? E[top].score : 0.0f;
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "top: elem %u <%s> score %.1f\n", top, top ? E[top].name : "-", (double)best);
#endif
    if (top && !E[top].scored)
        best = E[cand[0]].score;
    pg->main_first = SS_NONE;
    pg->main_last = SS_NONE;
    uint32_t tparent = top ? E[top].parent : 0;
    float thr = best * 0.2f > 10.0f ? best * 0.2f : 10.0f;
    /* linked blocks in the region (NULL when the arena is out: then
     * none is taken) */
    uint8_t *headlink = pg->n_blocks ? ss_arena_calloc(w->a, pg->n_blocks, 1) : NULL;
    size_t main_bytes = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        ss_block *b = &pg->blocks[i];
        b->role = SS_ROLE_BOILER;
        if (!top)
            continue;
        uint32_t owner = w->blk_elem[i];
        /* Find the region root this block hangs from. */
        uint32_t root = 0;
        bool chrome = false;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < 4096; e = E[e].parent, hops++) {
            if (e == top) {
                root = e;
                break;
            }
            if (tparent && E[e].parent == tparent) {
                bool good_sib = E[e].scored && E[e].score >= thr;
                if (!good_sib && e == owner && (E[e].kind & K_P)) {
                    good_sib = (b->len > 80 && b->link_share < 0.25f) ||
                               (b->link_share == 0.0f && pw_ends_sentence(b->text, b->len));
                }
                if (!good_sib)
                    good_sib = plain_sibling(&E[e]);
                if (good_sib)
                    root = e;
                break;
            }
            /* readability's conditional cleaning: class weight plus own
             * content score below zero; and the boilerplate zones. */
            if ((E[e].kind & K_ZONE) || E[e].comment || pw_short_noscript(&E[e]))
                chrome = true;
            if (E[e].weight < 0) {
                float content = E[e].scored ? E[e].score - tag_base(&E[e]) - (float)E[e].weight
                                            : 0.0f;
                content = content_floor(&E[e], content);
                if ((float)E[e].weight + content < 0.0f)
                    chrome = true;
            }
        }
        if (!root)
            continue;
        if (root != top && !(E[root].kind & K_P) && (E[root].weight < 0 || (E[root].kind & K_ZONE)))
            continue;
        /* Unlinked lists inside the article (feature bullets) stay. */
        bool link_widget = b->widget != SS_NONE && pg->widgets[b->widget].link_share >= 0.5f;
        if (chrome || (strip_unlikely && E[owner].unlikely) || pw_is_caption(w, owner))
            continue;
        if (link_widget || b->link_share >= 0.5f) {
            if (headlink)
                headlink[i] = 1;
            continue;
        }
        b->role = SS_ROLE_MAIN;
        main_bytes += b->len;
    }
    /* The headlines are not counted: the passes after this one weigh
     * the prose found. */
    if (headlink)
        item_headlines(w, headlink, main_bytes);
    return main_bytes;
}

/* Next class word of *s (ASCII whitespace separated) that has no digit:
 * words with digits name one item ("post-15859", "menu-item-24118"), not
 * its template. Returns its length, 0 at the end; *s moves past it. */
size_t
pw_class_word(const char **s, const char **word)
{
    const char *p = *s;
    for (unsigned guard = 0; *p && guard < 4096; guard++) {
        while (*p && pw_ascii_space((unsigned char)*p))
            p++;
        const char *q = p;
        bool digit = false;
        while (*q && !pw_ascii_space((unsigned char)*q)) {
            digit |= *q >= '0' && *q <= '9';
            q++;
        }
        if (q == p)
            break;
        if (!digit) {
            *word = p;
            *s = q;
            return (size_t)(q - p);
        }
        p = q;
    }
    *s = p;
    return 0;
}

/* Does class attribute c hold the word w (n bytes)? */
static bool
class_has(const char *c, const char *w, size_t n)
{
    const char *word;
    size_t m;
    for (unsigned k = 0; k < 64 && (m = pw_class_word(&c, &word)) != 0; k++)
        if (m == n && !memcmp(word, w, n))
            return true;
    return false;
}

/* Same tag and the same class attribute: siblings cut from one template.
 * Loose: the class words may differ, words with digits are ignored and
 * the rest may differ by state words ("first", "instock", "sale"): at
 * least half of each side's words must be on the other side. */
bool
pw_same_shape(const elem *a, const elem *b, bool loose)
{
    if (a->name != b->name)
        return false;
    if (!a->cls || !b->cls)
        return a->cls == b->cls;
    if (strcmp(a->cls, b->cls) == 0)
        return true;
    if (!loose)
        return false;
    unsigned na = 0, nb = 0, shared = 0;
    const char *s = a->cls, *word;
    size_t m;
    for (unsigned k = 0; k < 64 && (m = pw_class_word(&s, &word)) != 0; k++) {
        na++;
        shared += class_has(b->cls, word, m);
    }
    s = b->cls;
    for (unsigned k = 0; k < 64 && pw_class_word(&s, &word) != 0; k++)
        nb++;
    return shared > 0 && 2 * shared >= na && 2 * shared >= nb;
}

/* A negative class word that makes e chrome for the passes below: its
 * weight plus the unlinked text it holds stays under zero, and it is not
 * a wrapper of over three quarters of the page's text (page_text bytes;
 * a <body> class naming the site's navigation), nor, with one chrome word
 * (weight above -50), of over half of it (a shop's grid of linked items
 * in a "celwidget"). Cookie-consent panels (-100 and below) stay chrome
 * whatever they hold. */
bool
pw_neg_chrome(const elem *e, size_t page_text)
{
    if (e->weight >= 0 || (float)e->weight + content_floor(e, 0.0f) >= 0.0f)
        return false;
    if (e->weight <= -100)
        return true;
    if (e->weight > -50 && 2u * (size_t)e->text > page_text)
        return false;
    return 4u * (size_t)e->text <= 3u * page_text;
}

/* A zone that is page chrome: not the <header> or <footer> of an
 * <article> (a listing's item puts its headline and byline there), nor a
 * <form> holding most of the page's text (page_text bytes). */
bool
pw_chrome_zone(const walker *w, uint32_t e, size_t page_text)
{
    const elem *E = w->elems;
    if (!(E[e].kind & K_ZONE))
        return false;
    /* ASP.NET wraps the whole page in one <form>. */
    if (E[e].name_len == 4 && !memcmp(E[e].name, "form", 4) && 2u * (size_t)E[e].text > page_text)
        return false;
    bool head = E[e].name_len == 6 && (!memcmp(E[e].name, "header", 6) ||
                                       !memcmp(E[e].name, "footer", 6));
    uint32_t p = E[e].parent;
    for (unsigned k = 0; head && p && k < 3; k++, p = E[p].parent)
        if (E[p].name_len == 7 && !memcmp(E[p].name, "article", 7))
            return false;
    return true;
}
