/*
 * clean.c - build the cleaned title and article text from the page model and
 * the findings (see clean.h for the seam-repair contract).
 */
#include "clean.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SPANS_PER_TEXT 64

typedef struct span {
    uint32_t start, end;
} span;

/* Growable output text inside the arena. */
typedef struct out_buf {
    ss_arena *a;
    char *p;
    size_t len, cap;
    bool failed;
} out_buf;

static void
out_put(out_buf *o, const char *s, size_t n)
{
    if (o->failed || !n)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t ncap = o->cap ? o->cap : 256;
        while (ncap < o->len + n + 1)
            ncap *= 2;
        char *p = ss_arena_realloc(o->a, o->p, o->cap, ncap);
        if (!p) {
            o->failed = true;
            return;
        }
        o->p = p;
        o->cap = ncap;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static bool
is_sep(char c)
{
    return c == ':' || c == '-' || c == '|' || c == ' ' || c == ',' ||
           c == ';';
}

/* True for an ASCII letter or digit or any byte of a multi-byte UTF-8
 * character (treated as a letter for seam repair). */
static bool
is_wordish(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
           (u >= '0' && u <= '9') || u >= 0x80;
}

static int
span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

char *
ss_clean_cut(ss_arena *a,
             const char *text,
             size_t len,
             const uint32_t *starts,
             const uint32_t *ends,
             size_t n)
{
    span sp[MAX_SPANS_PER_TEXT];
    size_t k = 0;
    for (size_t i = 0; i < n && k < MAX_SPANS_PER_TEXT; i++) {
        if (starts[i] >= ends[i] || ends[i] > len)
            continue;
        sp[k].start = starts[i];
        sp[k].end = ends[i];
        k++;
    }
    qsort(sp, k, sizeof *sp, span_cmp);

    out_buf o = {.a = a};
    size_t pos = 0;
    for (size_t i = 0; i <= k; i++) {
        size_t seg_end = i < k ? sp[i].start : len;
        if (seg_end < pos)
            seg_end = pos; /* overlapping span: already cut */
        const char *seg = text + pos;
        size_t seg_len = seg_end - pos;
        if (o.len == 0) {
            /* At the start of the text, a cut leaves its separator behind
             * ("Brand: Headline"): drop leading separators. */
            if (i > 0)
                while (seg_len && is_sep(*seg)) {
                    seg++;
                    seg_len--;
                }
        } else if (seg_len) {
            char prev = o.p[o.len - 1];
            if (prev == ' ' && *seg == ' ') {
                seg++;
                seg_len--;
            } else if ((prev == ',' || prev == ';') && is_wordish(*seg)) {
                out_put(&o, " ", 1); /* "McAllen," + "Texas" */
            } else if (is_wordish(prev) && is_wordish(*seg)) {
                /* Glued on both sides ("saidBrandon"): keep words apart. */
                out_put(&o, " ", 1);
            }
        }
        out_put(&o, seg, seg_len);
        if (i < k && sp[i].end > pos)
            pos = sp[i].end;
    }
    if (o.failed)
        return NULL;
    /* A cut at the end leaves the separator before it ("Headline -Site"). */
    if (k && sp[k - 1].end >= len)
        while (o.len && is_sep(o.p[o.len - 1]))
            o.p[--o.len] = '\0';
    if (!o.p)
        return ss_arena_strndup(a, "", 0);
    return o.p;
}

/* Collect the cut spans of findings that target `target` (a block index or
 * SS_TARGET_TITLE) and do not drop the whole block. */
static size_t
spans_for(const ss_evidence *ev,
          uint32_t target,
          uint32_t *starts,
          uint32_t *ends,
          size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ev->n && n < max; i++) {
        const ss_finding *f = &ev->items[i];
        if (f->block != target || f->drop_block || f->end <= f->start)
            continue;
        starts[n] = f->start;
        ends[n] = f->end;
        n++;
    }
    return n;
}

/* Remove injected/site-name finding texts still standing at the start or
 * end of a title string (the finding may have targeted another copy). */
static char *
strip_title_findings(ss_arena *a, char *t, const ss_evidence *ev)
{
    for (size_t i = 0; i < ev->n && t; i++) {
        const ss_finding *f = &ev->items[i];
        if (f->where != SS_WHERE_TITLE || !f->text || !f->text[0])
            continue;
        if (f->kind != SS_FLAG_INJECTED_BRAND && f->kind != SS_FLAG_SITE_NAME)
            continue;
        size_t tl = strlen(t), fl = strlen(f->text);
        if (fl >= tl)
            continue;
        uint32_t s = 0, e = 0;
        if (strncmp(t, f->text, fl) == 0 && is_sep(t[fl])) {
            s = 0;
            e = (uint32_t)fl;
        } else if (strcmp(t + tl - fl, f->text) == 0 &&
                   is_sep(t[tl - fl - 1])) {
            s = (uint32_t)(tl - fl);
            e = (uint32_t)tl;
        } else {
            continue;
        }
        t = ss_clean_cut(a, t, tl, &s, &e, 1);
    }
    return t;
}

/* Length of a title separator (" | ", " - ", " \u2013 ", " \u2014 ",
 * " :: ", " \u00b7 ", " \u00bb ": blanks on both sides) at t[i], or 0. */
static size_t
title_sep(const char *t, size_t len, size_t i)
{
    static const char *const seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ",
                                       " :: ", " \xc2\xb7 ", " \xc2\xbb "};
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        size_t n = strlen(seps[k]);
        if (i + n <= len && memcmp(t + i, seps[k], n) == 0)
            return n;
    }
    return 0;
}

/*
 * A <title> is often "Headline | Section | Site" or "Site - Headline":
 * keep the segment with the most words (the first of equals). On the WCXB
 * dev pages whose title comes from <title>, 221 -> 268 of 299 match the
 * gold title.
 */
static const char *
title_segment(ss_arena *a, const char *t)
{
    size_t len = strlen(t), best_s = 0, best_e = len, best_w = 0, s = 0;
    bool split = false;
    for (size_t i = 0; i <= len;) {
        size_t sep = i < len ? title_sep(t, len, i) : 0;
        if (i == len || sep) {
            size_t w = 0;
            for (size_t k = s; k < i; k++)
                w += t[k] != ' ' && (k == s || t[k - 1] == ' ');
            if (w > best_w) {
                best_w = w;
                best_s = s;
                best_e = i;
            }
            if (i == len)
                break;
            split = true;
            i += sep;
            s = i;
            continue;
        }
        i++;
    }
    if (!split || best_w == 0)
        return t;
    return ss_arena_strndup(a, t + best_s, best_e - best_s);
}

static bool
word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Does the word w[0..n) occur in s as a whole word, ignoring ASCII case? */
static bool
has_word(const char *s, const char *w, size_t n)
{
    if (!s)
        return false;
    for (const char *p = s; *p; p++) {
        if (p > s && word_byte((unsigned char)p[-1]))
            continue;
        size_t k = 0;
        while (k < n && p[k] && ((unsigned char)p[k] | 32) == ((unsigned char)w[k] | 32))
            k++;
        if (k == n && !word_byte((unsigned char)p[n]))
            return true;
    }
    return false;
}

/*
 * Does the headline block t[0..len) name the page the <title> (or
 * og:title) names: a third of its words or more found there? A block
 * that does not ("Contact Us", a section name, another article's
 * headline) is not the page's headline. On the WCXB dev pages titled from
 * their headline block, 363 -> 389 of 665 match the gold title with this
 * test. True when the page has no <title>.
 */
static bool
headline_matches_title(const char *t, size_t len, const ss_page *page)
{
    if (!page->title || !page->title[0])
        return true;
    size_t words = 0, found = 0;
    for (size_t i = 0; i < len;) {
        if (!word_byte((unsigned char)t[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && word_byte((unsigned char)t[i]))
            i++;
        words++;
        found += has_word(page->title, t + s, i - s) || has_word(page->og_title, t + s, i - s);
    }
    return words == 0 || 3 * found >= words;
}

const char *
ss_clean_title(ss_arena *a, const ss_page *page, const ss_evidence *ev)
{
    uint32_t starts[MAX_SPANS_PER_TEXT], ends[MAX_SPANS_PER_TEXT];
    const char *base;
    size_t n;
    bool block = page->title_block != SS_NONE && page->title_block < page->n_blocks &&
                 headline_matches_title(page->blocks[page->title_block].text,
                                        page->blocks[page->title_block].len, page);
    if (block) {
        const ss_block *b = &page->blocks[page->title_block];
        base = b->text;
        n = spans_for(ev, page->title_block, starts, ends, MAX_SPANS_PER_TEXT);
    } else {
        base = page->title ? page->title : "";
        n = spans_for(ev, SS_TARGET_TITLE, starts, ends, MAX_SPANS_PER_TEXT);
    }
    char *t = ss_clean_cut(a, base, strlen(base), starts, ends, n);
    if (t)
        t = strip_title_findings(a, t, ev);
    if (!t || block)
        return t;
    return title_segment(a, t);
}

const char *
ss_clean_text(ss_arena *a,
              const ss_page *page,
              const ss_evidence *ev,
              size_t *len)
{
    *len = 0;
    uint8_t *dropped = ss_arena_calloc(a, page->n_blocks + 1, 1);
    if (!dropped)
        return NULL;
    for (size_t i = 0; i < ev->n; i++) {
        const ss_finding *f = &ev->items[i];
        if (!f->drop_block || f->block >= page->n_blocks)
            continue;
        uint32_t nb = f->n_blocks ? f->n_blocks : 1;
        for (uint32_t j = 0; j < nb && f->block + j < page->n_blocks; j++)
            dropped[f->block + j] = 1;
    }
    out_buf o = {.a = a};
    uint32_t starts[MAX_SPANS_PER_TEXT], ends[MAX_SPANS_PER_TEXT];
    for (uint32_t i = 0; i < page->n_blocks; i++) {
        const ss_block *b = &page->blocks[i];
        if (b->role != SS_ROLE_MAIN || dropped[i] || (b->flags & SS_BLK_REPEAT))
            continue;
        size_t n = spans_for(ev, i, starts, ends, MAX_SPANS_PER_TEXT);
        const char *t = b->text;
        size_t tl = b->len;
        if (n) {
            t = ss_clean_cut(a, b->text, b->len, starts, ends, n);
            if (!t)
                return NULL;
            tl = strlen(t);
        }
        if (!tl)
            continue;
        if (o.len)
            out_put(&o, "\n", 1);
        out_put(&o, t, tl);
    }
    if (o.failed)
        return NULL;
    *len = o.len;
    return o.p ? o.p : ss_arena_strndup(a, "", 0);
}

uint8_t *
ss_clean_dropped(ss_arena *a,
                 const ss_page *page,
                 const ss_evidence *ev)
{
    uint8_t *dropped = ss_arena_calloc(a, page->n_blocks + 1, 1);
    if (!dropped)
        return NULL;
    for (size_t i = 0; i < ev->n; i++) {
        const ss_finding *f = &ev->items[i];
        if (!f->drop_block || f->block >= page->n_blocks)
            continue;
        uint32_t nb = f->n_blocks ? f->n_blocks : 1;
        for (uint32_t j = 0; j < nb && f->block + j < page->n_blocks; j++)
            dropped[f->block + j] = 1;
    }
    return dropped;
}

const char *
ss_clean_block(ss_arena *a,
               const ss_page *page,
               const ss_evidence *ev,
               uint32_t i,
               size_t *len)
{
    uint32_t starts[MAX_SPANS_PER_TEXT], ends[MAX_SPANS_PER_TEXT];
    const ss_block *b = &page->blocks[i];
    size_t n = spans_for(ev, i, starts, ends, MAX_SPANS_PER_TEXT);
    *len = b->len;
    if (!n)
        return b->text;
    const char *t = ss_clean_cut(a, b->text, b->len, starts, ends, n);
    *len = t ? strlen(t) : 0;
    return t;
}
