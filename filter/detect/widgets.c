/*
 * widgets.c - off-topic link lists (family 5b of detect.h): a list widget
 * whose items share no content words with the article is junk; one whose
 * items are on topic is honest boilerplate (dropped by --clean, not spam
 * evidence). The detector measures topical overlap; it never reads the
 * heading's wording.
 */
#include "detect_util.h"
#include "fnv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wordlists.h"

#define TOPIC_WORDS_MAX 20000   /* content words of the article kept */
#define TOPIC_MIN_WORDS 40      /* below this the article is too short to judge */
#define WIDGET_ITEMS_MAX 200
#define WIDGETS_MAX 512         /* list widgets judged per page */
#define WORD_BYTES_MAX 40

#define TOPIC_SET_SLOTS ((size_t)1 << 15) /* the set takes at most half this */

typedef struct wordset {
    uint64_t *slots; /* 0 = empty */
    size_t cap;      /* power of two, at most TOPIC_SET_SLOTS */
    size_t n;
} wordset;

/* Hash of a word, ASCII-lower-cased, trailing "s" dropped (crude stem). */
static uint64_t
word_hash(const char *w,
          size_t n)
{
    if (n > 3 && (w[n - 1] == 's' || w[n - 1] == 'S'))
        n--;
    uint64_t h = SS_FNV64_OFFSET;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        h = ss_fnv64_byte(h, c);
    }
    return h ? h : 1;
}

/* Is w[0..n) a content word (not a function word, 3+ bytes, not a number)? */
static bool
content_word(const char *w,
             size_t n)
{
    if (n < 3 || n > WORD_BYTES_MAX || det_is_digit(w[0]))
        return false;
    return !ss_word_is_stop(w, n);
}

/* Is hash h in the set (linear probing)? */
static bool
wordset_has(const wordset *ws,
            uint64_t h)
{
    size_t m = ws->cap - 1;
    for (size_t i = h & m, k = 0; k < ws->cap; i = (i + 1) & m, k++) {
        if (ws->slots[i] == h)
            return true;
        if (ws->slots[i] == 0)
            return false;
    }
    return false;
}

/* Insert hash h; silently ignored once the set is half full (the cap). */
static void
wordset_add(wordset *ws,
            uint64_t h)
{
    if (ws->n * 2 >= ws->cap || ws->n * 2 >= TOPIC_SET_SLOTS)
        return; /* full enough: the cap on article words */
    size_t m = ws->cap - 1;
    for (size_t i = h & m;; i = (i + 1) & m) {
        if (ws->slots[i] == h)
            return;
        if (ws->slots[i] == 0) {
            ws->slots[i] = h;
            ws->n++;
            return;
        }
    }
}

/* Add the content words of s to ws; returns how many words were seen. */
static size_t
add_words(wordset *ws,
          const char *s,
          size_t len)
{
    size_t pos = 0, a, z, seen = 0;
    while (det_next_word(s, len, &pos, &a, &z)) {
        if (!content_word(s + a, z - a))
            continue;
        wordset_add(ws, word_hash(s + a, z - a));
        seen++;
    }
    return seen;
}

/* Is item text on the article's topic (shares content words with it)? */
static bool
on_topic(const wordset *ws,
         const char *s,
         size_t len)
{
    size_t pos = 0, a, z, words = 0, hits = 0;
    while (det_next_word(s, len, &pos, &a, &z) && words < 40) {
        if (!content_word(s + a, z - a))
            continue;
        words++;
        if (wordset_has(ws, word_hash(s + a, z - a)))
            hits++;
    }
    if (words == 0)
        return false;
    return hits >= 2 || (double)hits / (double)words >= 0.34;
}

/*
 * Slots for the article's word set: twice the most content words the
 * article blocks and the title can hold (a word is 3+ bytes and words are
 * apart, so at most (len + 1) / 4 in len bytes), so the set never fills
 * before its cap of TOPIC_SET_SLOTS / 2 words; a short article then clears
 * a few KB instead of 256 KB.
 */
static size_t
topic_slots(const ss_page *page)
{
    size_t most = page->title ? (strlen(page->title) + 1) / 4 + 1 : 0;
    for (uint32_t b = 0; b < page->n_blocks && most < TOPIC_SET_SLOTS; b++) {
        const ss_block *blk = &page->blocks[b];
        if (blk->widget == SS_NONE &&
            (blk->role == SS_ROLE_MAIN || blk->role == SS_ROLE_TITLE || b == page->title_block))
            most += (blk->len + 1) / 4 + 1;
    }
    size_t slots = 64;
    while (slots < TOPIC_SET_SLOTS && slots < 2 * most + 2)
        slots *= 2;
    return slots;
}

/* The off-topic list detector. */
ss_status
detect_widgets(const ss_page *page,
               ss_evidence *ev,
               ss_arena *a,
               double injected)
{
    if (page->n_widgets == 0)
        return SS_OK;
    wordset ws = {NULL, topic_slots(page), 0};
    ws.slots = ss_arena_calloc(a, ws.cap, sizeof *ws.slots);
    if (!ws.slots)
        return SS_ERR_NOMEM;
    size_t article_words = 0;
    for (uint32_t b = 0; b < page->n_blocks && ws.n < TOPIC_WORDS_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        if (blk->widget != SS_NONE)
            continue;
        if (blk->role == SS_ROLE_MAIN || blk->role == SS_ROLE_TITLE || b == page->title_block)
            article_words += add_words(&ws, blk->text, blk->len);
    }
    if (page->title)
        add_words(&ws, page->title, strlen(page->title));
    bool judge = article_words >= TOPIC_MIN_WORDS;

    for (uint32_t w = 0; w < page->n_widgets && w < WIDGETS_MAX; w++) {
        const ss_widget *wd = &page->widgets[w];
        if (wd->n_items == 0 || wd->first >= page->n_blocks)
            continue;
        uint32_t n_items = wd->n_items;
        if (wd->first + n_items > page->n_blocks)
            n_items = page->n_blocks - wd->first;
        uint32_t off = 0, in_main = 0, listed = 0, promo = 0, checked = 0;
        for (uint32_t k = 0; k < n_items && k < WIDGET_ITEMS_MAX; k++) {
            const ss_block *it = &page->blocks[wd->first + k];
            checked++;
            if (it->role == SS_ROLE_MAIN)
                in_main++;
            if (it->role == SS_ROLE_MAIN && (it->flags & SS_BLK_ITEMS))
                listed++;
            if (det_finding_on(ev, SS_FLAG_PROMO_HEADLINE, wd->first + k))
                promo++;
            if (judge && !on_topic(&ws, it->text, it->len))
                off++;
        }
        if (checked == 0)
            continue;
        double off_share = (double)off / (double)checked;
        bool off_topic = judge && checked >= 3 && off_share >= 0.7;
        /* A list inside the article is kept when on its topic, and also
         * when off it but plain text (feature bullets, steps, a table of
         * specifications share few words with the prose) on a page with
         * no injection: only linked off-topic lists are the widget. */
        bool plain = wd->link_share < 0.5f && injected < 0.5;
        if ((!off_topic || plain) && !promo && in_main * 2 > checked)
            continue;
        /* The items of a listing page (html_listing) are its content,
         * linked and on no prose's topic; only injected ones go. */
        bool junk = promo > 0 || (off_topic && injected >= 0.5);
        if (!junk && listed * 2 > checked)
            continue;

        uint32_t first = wd->first;
        if (wd->heading != SS_NONE && wd->heading < wd->first &&
            wd->first - wd->heading <= 2)
            first = wd->heading;
        ss_finding f;
        det_finding_init(&f, junk ? SS_FLAG_JUNK_WIDGET : SS_FLAG_BOILERPLATE,
                     SS_WHERE_WIDGET, first,
                     junk ? 0.55 + 0.3 * off_share + (promo ? 0.1 : 0) : 0.05);
        f.drop_block = true;
        f.n_blocks = wd->first + n_items - first;
        f.end = page->blocks[first].len;
        f.text = page->blocks[first].text;
        ss_finding *s = det_add_or_merge(ev, &f, off_topic ? "list-off-topic" :
                                                 "list-boilerplate");
        if (!s)
            return SS_ERR_NOMEM;
        if (promo)
            ss_evidence_add_reason(s, "list-has-promo-headline");
        if (junk && !promo)
            ss_evidence_add_reason(s, "page-has-injected-text");
    }
    return SS_OK;
}
