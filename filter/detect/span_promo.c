/*
 * span_promo.c - the promotional-headline candidates of the learned span
 * stage (span.h): one per list item or short headline-shaped line outside
 * the article, and per line a rule or promo.c flagged, with the features a
 * promotion has and an honest list item lacks (promise words, money, first
 * person, shouting, a list off the article's topic, position) and, once
 * naive Bayes has run, the line's block probability.
 *
 * Cost: one pass over the blocks; each candidate reads at most
 * PROMO_SCAN_WORDS words of its line and the page's findings.
 */
#include "span.h"

#include <string.h>

#include "detect.h"
#include "detect_util.h"
#include "wordlists.h"

#define PROMO_MIN_WORDS 4      /* as SS_PROMO_MIN_WORDS (bayes.h) */
#define PROMO_MAX_WORDS 30     /* a longer block is prose, not a headline */
#define PROMO_LINE_WORDS 20    /* a short line outside lists */
#define PROMO_SCAN_WORDS 40    /* words of a line read for its features */
#define WORD_MAX 40            /* bytes of a folded word */

/* Is block i an item (not the heading) of its list widget? */
static bool
widget_item(const ss_page *page,
            uint32_t i)
{
    const ss_block *b = &page->blocks[i];
    if (b->widget == SS_NONE || b->widget >= page->n_widgets)
        return false;
    const ss_widget *w = &page->widgets[b->widget];
    return i >= w->first && i - w->first < w->n_items;
}

/* Does the line read as a headline (as promo.c reads it): it starts with
 * a capital, a digit, a currency sign or a quote and does not end in '.',
 * ',', ';' or ':'? */
static bool
headline_shaped(const char *s,
                size_t len)
{
    size_t n;
    if (len < 2)
        return false;
    uint32_t c0 = det_cp_at(s, len, 0, &n);
    if (!det_is_upper_cp(c0) && !det_is_digit(s[0]) && c0 != '$' && c0 != '"' && c0 != 0x201C &&
        c0 != 0xA3 && c0 != 0x20AC)
        return false;
    char last = s[len - 1];
    return !(last == '.' || last == ',' || last == ';' || last == ':');
}

/* Is block b a promotional-headline candidate: a list item or a short
 * headline-shaped line outside the article, or a line a detector or rule
 * called promotional? */
static bool
promo_block(const ss_page *page,
            ss_evidence *ev,
            uint32_t b)
{
    const ss_block *blk = &page->blocks[b];
    if (blk->n_words < PROMO_MIN_WORDS || blk->n_words > PROMO_MAX_WORDS || b == page->title_block ||
        (blk->flags & SS_BLK_PRE) || ss_text_is_dated_entry(blk->text, blk->len))
        return false;
    if (widget_item(page, b) || det_finding_on(ev, SS_FLAG_PROMO_HEADLINE, b))
        return true;
    return blk->role != SS_ROLE_MAIN && blk->n_words <= PROMO_LINE_WORDS &&
           headline_shaped(blk->text, blk->len);
}

/* Is there a finding of kind on the page? */
static bool
page_has(const ss_evidence *ev,
         ss_flag_kind kind)
{
    for (size_t i = 0; i < ev->n; i++)
        if (ev->items[i].kind == kind)
            return true;
    return false;
}

/* Does a junk-widget or boilerplate finding judged off-topic (widgets.c)
 * cover block b? */
static bool
list_off_topic(const ss_evidence *ev,
               uint32_t b)
{
    for (size_t i = 0; i < ev->n; i++) {
        const ss_finding *f = &ev->items[i];
        if ((f->kind != SS_FLAG_JUNK_WIDGET && f->kind != SS_FLAG_BOILERPLATE) || !f->drop_block ||
            f->block == SS_NONE || f->block == SS_TARGET_TITLE || b < f->block ||
            b - f->block >= f->n_blocks)
            continue;
        if (f->kind == SS_FLAG_JUNK_WIDGET)
            return true;
        for (unsigned r = 0; r < f->n_reasons; r++)
            if (f->reasons[r] && strcmp(f->reasons[r], "list-off-topic") == 0)
                return true;
    }
    return false;
}

/* The features of the promotional-headline candidate of block b. */
static void
promo_features(const ss_page *page,
               const ss_evidence *ev,
               uint32_t b,
               bool injected,
               ss_span_cand *c)
{
    const ss_block *blk = &page->blocks[b];
    const char *t = blk->text;
    size_t len = blk->len, pos = 0, a, z;
    unsigned mask = 0, words = 0;
    bool colon_ok = true;
    while (words < PROMO_SCAN_WORDS && det_next_word(t, len, &pos, &a, &z)) {
        size_t n = z - a;
        char low[WORD_MAX];
        if (n < WORD_MAX) {
            bool caps = n >= 3;
            for (size_t k = 0; k < n; k++) {
                char ch = t[a + k];
                caps &= ch >= 'A' && ch <= 'Z';
                low[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
            }
            mask |= ss_word_promise(low, n);
            if (caps)
                c->x[SS_SPAN_ALL_CAPS] = 1;
            if ((n == 1 && t[a] == 'I') || (n == 2 && (low[0] == 'm' && (low[1] == 'y' || low[1] == 'e'))))
                c->x[SS_SPAN_FIRST_PERSON] = 1;
        }
        /* "Name Surname: ...": capitalised words up to the colon. */
        if (colon_ok && words < 4) {
            size_t cl;
            colon_ok = det_is_upper_cp(det_cp_at(t, len, a, &cl)) || det_is_digit(t[a]);
            if (colon_ok && z < len && t[z] == ':' && (z + 1 >= len || t[z + 1] == ' ')) {
                c->x[SS_SPAN_NAME_COLON] = 1;
                colon_ok = false;
            }
        }
        words++;
    }
    unsigned classes = 0;
    for (unsigned bit = SS_PROMISE_SUPERLATIVE; bit <= SS_PROMISE_METHOD; bit <<= 1)
        classes += (mask & bit) != 0;
    c->x[SS_SPAN_PROMISE] = classes >= 3 ? 1.0 : classes / 3.0;
    unsigned seps = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (det_is_digit(t[i]) || ch == '$' || ch == '%' || ch == 0xA3 ||
            (ch == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x82 &&
             (unsigned char)t[i + 2] == 0xAC))
            c->x[SS_SPAN_MONEY] = 1; /* 0xE2 0x82 0xAC: a euro sign */
        if (ch == '!' || ch == '?')
            c->x[SS_SPAN_EXCLAIM] = 1;
        if (ch == '|' || (ch == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xB7) ||
            (ch == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
             (unsigned char)t[i + 2] == 0xA2))
            seps++; /* '|', U+00B7 middle dot, U+2022 bullet */
        if ((ch == '.' || ch == '!' || ch == '?') && i > 0 && i + 2 < len && t[i + 1] == ' ' &&
            det_is_lower_cp((unsigned char)t[i - 1]) && det_is_upper_cp((unsigned char)t[i + 2]))
            c->x[SS_SPAN_INNER_SENTENCE] = 1;
    }
    c->x[SS_SPAN_SEPARATORS] = seps >= 2 ? 1.0 : seps / 2.0;
    unsigned nw = blk->n_words > 12 ? 12 : blk->n_words;
    c->x[SS_SPAN_ITEM_WORDS] = nw / 12.0;
    c->x[SS_SPAN_LONG_ITEM] = blk->n_words > 16 ? (blk->n_words - 16 > 14 ? 1.0 : (blk->n_words - 16) / 14.0) : 0;
    c->x[SS_SPAN_WORDS] = (nw > 4 ? 4 : nw) / 4.0;
    c->x[SS_SPAN_LIST_ITEM] = widget_item(page, b);
    c->x[SS_SPAN_LIST_OFF_TOPIC] = list_off_topic(ev, b);
    c->x[SS_SPAN_LINK] = blk->link_share >= 0.5f;
    c->x[SS_SPAN_AFTER_ARTICLE] = page->main_last != SS_NONE && b > page->main_last;
    c->x[SS_SPAN_OUTSIDE_ARTICLE] = blk->role != SS_ROLE_MAIN;
    c->x[SS_SPAN_OUTSIDE_MAIN] = blk->role != SS_ROLE_MAIN;
    c->x[SS_SPAN_PAGE_INJECTED] = injected;
    c->x[SS_SPAN_HEADLINE_SHAPE] = headline_shaped(t, len);
}

/* Does block b carry a promo-headline finding? */
static bool
has_promo_finding(const ss_evidence *ev,
                  uint32_t b)
{
    for (size_t i = 0; i < ev->n; i++)
        if (ev->items[i].kind == SS_FLAG_PROMO_HEADLINE && ev->items[i].block == b)
            return true;
    return false;
}

/*
 * Which pass takes block b (see ss_span_promo_collect): 0 a line a rule or
 * a detector flagged, or an item of a list judged junk or off the
 * article's topic; 1 a line after the article; 2 any other.
 */
static unsigned
promo_pass(const ss_page *page,
           const ss_evidence *ev,
           uint32_t b)
{
    if (has_promo_finding(ev, b) || list_off_topic(ev, b))
        return 0;
    if (page->main_last != SS_NONE && b > page->main_last)
        return 1;
    return 2;
}

/* See span.h. Candidates are taken in three passes over the page (each
 * block belongs to one: promo_pass), so that the cap goes to the likeliest
 * lines first: a long menu or a forum's
 * hundred short posts must not use it up before the list an injector
 * appended after the article. */
void
ss_span_promo_collect(const ss_page *page,
                      ss_evidence *ev)
{
    bool injected = page_has(ev, SS_FLAG_INJECTED_BRAND) || page_has(ev, SS_FLAG_SITE_NAME) ||
                    page_has(ev, SS_FLAG_LINK_INJECTION);
    unsigned n = 0;
    for (unsigned pass = 0; pass < 3; pass++)
    for (uint32_t b = 0; b < page->n_blocks && n < SS_SPAN_PROMO_MAX; b++) {
        if (!promo_block(page, ev, b) || promo_pass(page, ev, b) != pass)
            continue;
        const ss_block *blk = &page->blocks[b];
        ss_span_cand *c = &ev->cands[ev->n_cands];
        memset(c, 0, sizeof *c);
        c->kind = SS_FLAG_PROMO_HEADLINE;
        c->text = blk->text;
        c->len = blk->len;
        c->p = -1;
        c->x[SS_SPAN_BIAS] = 1;
        c->x[SS_SPAN_HAND] = SS_SPAN_HAND_REJECTED;
        c->occ[0].block = b;
        c->occ[0].start = 0;
        c->occ[0].end = blk->len;
        c->occ[0].shape = SS_SHAPE_NONE;
        c->n_occ = 1;
        promo_features(page, ev, b, injected, c);
        for (size_t i = 0; i < ev->n; i++) {
            ss_finding *f = &ev->items[i];
            if (f->kind != SS_FLAG_PROMO_HEADLINE || f->block != b)
                continue;
            double h = ss_span_hand_logit(f->score);
            if (!c->has_finding || h > c->x[SS_SPAN_HAND])
                c->x[SS_SPAN_HAND] = h;
            c->has_finding = true;
            f->cand = (uint32_t)ev->n_cands + 1;
        }
        ev->n_cands++;
        n++;
    }
}

/* See span.h. */
void
ss_span_promo_nb_features(double *x)
{
    double nb = x[SS_SPAN_BLOCK_NB] > 0 ? x[SS_SPAN_BLOCK_NB] / SS_SPAN_HAND_CLAMP : 0;
    x[SS_SPAN_NB_PROMISE] = nb * x[SS_SPAN_PROMISE];

}

/* See span.h. */
bool
ss_span_promo_at(const ss_evidence *ev,
                 uint32_t block)
{
    for (size_t i = 0; i < ev->n_cands; i++) {
        const ss_span_cand *c = &ev->cands[i];
        if (c->kind == SS_FLAG_PROMO_HEADLINE && c->n_occ && c->occ[0].block == block)
            return true;
    }
    return false;
}

/* See span.h. */
void
ss_span_set_block_prob(ss_evidence *ev,
                       uint32_t block,
                       double p,
                       double odds,
                       double lang)
{
    for (size_t i = 0; i < ev->n_cands; i++) {
        ss_span_cand *c = &ev->cands[i];
        if (c->kind == SS_FLAG_PROMO_HEADLINE && c->n_occ && c->occ[0].block == block) {
            c->x[SS_SPAN_BLOCK_NB] = ss_span_hand_logit(p);
            c->x[SS_SPAN_LINE_ODDS] = odds / 6.0;
            c->x[SS_SPAN_PROMO_LANG] = lang / 6.0;
            ss_span_promo_nb_features(c->x);
        }
    }
}
