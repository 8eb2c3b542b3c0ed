/*
 * span.c - the learned span stage (see span.h): candidates of injected
 * brands with their features (the promotional-headline candidates are
 * span_promo.c's; the decision by learned weights and the findings it
 * makes are span_decide.c).
 *
 * Candidates come from two places. Every injected-brand finding a rule or
 * detector made is one (its hand-set score becomes SS_SPAN_HAND). And the
 * article text is scanned once for capitalised phrases (1-4 words, as the
 * brand detector reads them) in a splice shape: glued to a lower-case or
 * function word before or after, after a comma without a space, opening a
 * paragraph with or without a colon, closing a sentence, between two
 * lower-case words, or alone in a heading. Honest text puts names in
 * those places too ("said Ana Ruiz on"); what separates them is left to
 * the weights: whether the words on both sides of the cut make a bigram
 * honest text knows, whether honest text knows the phrase's words, whether
 * the page uses them elsewhere, how many splices there are.
 *
 * Cost: the scan looks at upper-case letters of the first BODY_SCAN_BYTES
 * of each article block; the per-candidate page look-ups (memchr on the
 * phrase's first byte) run for at most SS_SPAN_CANDS_MAX candidates.
 */
#include "span.h"

#ifdef SS_SPAN_DEBUG
#include <stdlib.h> /* getenv */
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "detect_util.h"
#include "tokenize.h"
#include "utf8.h"
#include "wordlists.h"

#define BODY_SCAN_BYTES 2000   /* bytes of a block scanned for splices */
#define BLOCKS_MAX 400         /* article blocks scanned */
#define LOWER_CANDS_MAX 12     /* candidates seen only between lower words */
#define GLUED_AFTER_TRIES 24   /* split attempts per page ("Brandreport") */
#define WORD_MAX 40            /* bytes of a folded word */
#define OCC_COUNT_MAX 8        /* occurrences counted per phrase (a cap passed
                                  to det_count_on_page) */
#define NOTICE_BLOCKS 64       /* last blocks searched for a notice line */
#define NOTICE_MAX 300         /* bytes of a notice line, at most */

static const char *const feat_names[SS_SPAN_FEAT_COUNT] = {
    "bias", "hand", "glued-before", "glued-after", "after-comma",
    "paragraph-colon", "paragraph-open", "sentence-end", "between-lower",
    "heading", "title-prefix", "in-title", "words", "solo", "normal-uses",
    "institution", "lower-use", "seam-bridge", "seam-left", "seam-right",
    "known-words", "stop-next", "inner-caps", "digits", "title-words",
    "other-use", "outside-main", "one-word-once", "block-nb", "promise",
    "name-colon", "first-person", "money", "exclaim", "all-caps",
    "item-words", "list-item", "list-off-topic", "link", "after-article",
    "outside-article", "page-injected", "headline-shape", "long-item",
    "separators", "inner-sentence", "nb-promise", "title-suffix",
    "site-match", "label-word", "byline", "domain", "item-prefix",
    "is-headline", "lower-words", "places", "colon-glued", "glued-sep",
    "unknown-word", "line-odds", "prefix-brand", "title-only",
    "syntax-break",
    "promo-lang", "own-notice",
};

#ifdef SS_SPAN_DEBUG
/* See span.h. */
void
ss_span_debug_features(FILE *f,
                       const double *x)
{
    for (unsigned q = 0; q < SS_SPAN_FEAT_COUNT; q++)
        if (x[q] != 0)
            fprintf(f, "%s=%.3g ", ss_span_feat_name(q), x[q]);
    fprintf(f, "\n");
}
#endif

/* Feature of shape s (its count). */
static int
shape_feat(unsigned s)
{
    switch (s) {
    case SS_SHAPE_GLUED_BEFORE: return SS_SPAN_GLUED_BEFORE;
    case SS_SHAPE_GLUED_AFTER: return SS_SPAN_GLUED_AFTER;
    case SS_SHAPE_AFTER_COMMA: return SS_SPAN_AFTER_COMMA;
    case SS_SHAPE_PARA_COLON: return SS_SPAN_PARA_COLON;
    case SS_SHAPE_PARA_OPEN: return SS_SPAN_PARA_OPEN;
    case SS_SHAPE_SENTENCE_END: return SS_SPAN_SENTENCE_END;
    case SS_SHAPE_BETWEEN_LOWER: return SS_SPAN_BETWEEN_LOWER;
    case SS_SHAPE_HEADING: return SS_SPAN_HEADING;
    case SS_SHAPE_BYLINE: return SS_SPAN_BYLINE;
    case SS_SHAPE_ITEM_PREFIX: return SS_SPAN_ITEM_PREFIX;
    default: return -1;
    }
}

void
ss_span_weights_default(ss_span_weights *w)
{
    memset(w, 0, sizeof *w);
    w->w[SS_SPAN_HAND] = 1.0;
    w->cutoff = SS_SPAN_DEFAULT_CUTOFF;
    w->fitted = false;
}

/* See span.h. */
double
ss_span_flag_cut(const ss_span_weights *w)
{
    return w->flag_cutoff > 0 && w->flag_cutoff < w->cutoff ? w->flag_cutoff : w->cutoff;
}

const char *
ss_span_feat_name(unsigned i)
{
    return i < SS_SPAN_FEAT_COUNT ? feat_names[i] : "unknown";
}

/* ------------------------------------------------------------------ */
/* Hashes of folded words and bigrams, as the tokenizer makes them      */

/* Fold s[0..n) to lower case into out (WORD_MAX); 0 when it is not one
 * tokenizer word (punctuation inside, too long). */
static size_t
fold_word(const char *s,
          size_t n,
          char *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        size_t k;
        uint32_t cp = det_cp_at(s, n, i, &k);
        if (!det_is_alnum_cp(cp) && !(cp == '\'' && i > 0 && i + 1 < n))
            return 0;
        char enc[4];
        size_t el = ss_utf8_encode(ss_uc_to_lower(cp), enc);
        if (o + el > WORD_MAX)
            return 0;
        memcpy(out + o, enc, el);
        o += el;
        i += k;
    }
    return o;
}

/* Hash of word s[0..n), or 0. */
static uint64_t
word_hash(const char *s,
          size_t n)
{
    char w[WORD_MAX];
    size_t l = fold_word(s, n, w);
    return l >= 2 ? ss_token_hash(w, l) : 0;
}

/* Hash of the bigram "a b", or 0 when a word is missing. */
static uint64_t
pair_hash(const char *a,
          size_t an,
          const char *b,
          size_t bn)
{
    char w[2 * WORD_MAX + 1];
    if (!an || !bn)
        return 0;
    size_t la = fold_word(a, an, w);
    if (la < 2)
        return 0;
    w[la] = ' ';
    size_t lb = fold_word(b, bn, w + la + 1);
    if (lb < 2)
        return 0;
    return ss_token_hash(w, la + 1 + lb);
}

/* ------------------------------------------------------------------ */
/* Page look-ups                                                        */

/* ------------------------------------------------------------------ */
/* Candidates                                                           */

typedef struct scan_state {
    const ss_page *page;
    ss_evidence *ev;
    ss_arena *a;
    size_t cap;
    unsigned lower_only;     /* candidates from between-lower shapes only */
    unsigned split_tries;
} scan_state;

/* The candidate of kind with text s[0..n), created when absent (NULL when
 * full or out of memory). */
static ss_span_cand *
cand_get(scan_state *st,
         ss_flag_kind kind,
         const char *s,
         size_t n,
         bool create)
{
    ss_evidence *ev = st->ev;
    for (size_t i = 0; i < ev->n_cands; i++) {
        ss_span_cand *c = &ev->cands[i];
        if (c->kind == kind && c->len == n && memcmp(c->text, s, n) == 0)
            return c;
    }
    if (!create || ev->n_cands >= st->cap)
        return NULL;
    ss_span_cand *c = &ev->cands[ev->n_cands];
    memset(c, 0, sizeof *c);
    c->text = ss_arena_strndup(st->a, s, n);
    if (!c->text)
        return NULL;
    c->kind = kind;
    c->len = (uint32_t)n;
    c->p = -1;
    c->x[SS_SPAN_BIAS] = 1;
    c->x[SS_SPAN_HAND] = SS_SPAN_HAND_REJECTED;
    ev->n_cands++;
    return c;
}

/* The word ending right before t[i] (skipping up to 3 separator bytes when
 * skip): sets [*a,*z); false when there is none. */
static bool
word_before(const char *t,
            size_t len,
            size_t i,
            bool skip,
            size_t *a,
            size_t *z)
{
    size_t k = i;
    for (int s = 0; skip && s < 3 && k > 0 && !det_is_alnum_cp(det_cp_before(t, len, k)); s++)
        k--;
    size_t e = k;
    while (k > 0 && e - k < WORD_MAX && det_is_alnum_cp(det_cp_before(t, len, k))) {
        k--;
        while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
            k--;
    }
    *a = k;
    *z = e;
    return e > k;
}

/* The word starting at t[i] (after up to 3 separator bytes when skip). */
static bool
word_after(const char *t,
           size_t len,
           size_t i,
           bool skip,
           size_t *a,
           size_t *z)
{
    size_t k = i, n;
    for (int s = 0; skip && s < 3 && k < len && !det_is_alnum_cp(det_cp_at(t, len, k, &n)); s++)
        k++;
    size_t b = k;
    while (k < len && k - b < WORD_MAX && det_is_alnum_cp(det_cp_at(t, len, k, &n)))
        k += n;
    *a = b;
    *z = k;
    return k > b;
}

/*
 * "Brandreport": the phrase's last word t[ws..e) is a capitalised word
 * whose lower-case tail is a word of its own (a function word, or one the
 * page uses alone). Returns the split point or 0.
 */
static size_t
glued_tail(scan_state *st,
           const char *t,
           size_t ws,
           size_t e)
{
    if (e - ws < 7)
        return 0;
    for (size_t i = ws + 1; i < e; i++)
        if (!(t[i] >= 'a' && t[i] <= 'z'))
            return 0;
    for (size_t j = ws + 3; j + 3 <= e && st->split_tries < GLUED_AFTER_TRIES; j++) {
        st->split_tries++;
        if (ss_word_is_suffix(t + j, e - j))
            continue;
        /* "Crusher" is not "Crus" + "her": the whole glued word must occur
         * only here. */
        if ((ss_word_is_stop(t + j, e - j) || (e - j >= 4 && det_word_on_page(st->page, t + j, e - j))) &&
            det_count_on_page(st->page, t + ws, e - ws, 2) < 2)
            return j;
    }
    return 0;
}

/*
 * Is t[0..n) program text shown as text (a script a page printed, a broken
 * <script>): four or more of ; { } and an assignment or a function? Its
 * camel-case names ("pageIsLoaded", "onmousednLimit") glue a capital to a
 * lower-case word as an injector does, and no injector writes into code.
 */
static bool
code_like(const char *t,
          size_t n)
{
    unsigned punct = 0;
    bool assign = false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == ';' || c == '{' || c == '}')
            punct++;
        else if (c == '=' && i > 0 && i + 1 < n && t[i - 1] == ' ' && t[i + 1] == ' ')
            assign = true;
        else if (c == '(' && i >= 8 && memcmp(t + i - 8, "function", 8) == 0)
            assign = true;
    }
    return punct >= 4 && assign;
}

/*
 * Does the splice of t[s..e) in shape break its sentence's syntax? Closing
 * a sentence, a name follows a function word far more often in honest
 * text ("according to Reuters.", "in New York.", "said Ana Ruiz.": 81 %
 * of the honest candidates of bench/lofo's held-out split) than a phrase
 * put before a sentence's full stop does (13 %); opening a paragraph, a
 * name is seldom followed by a capitalised function word ("Xyz The judge
 * said": 6 % of the honest candidates, 36 % of the injected).
 */
static bool
syntax_break(const char *t,
             size_t len,
             size_t s,
             size_t e,
             unsigned shape)
{
    size_t a, z;
    if (shape == SS_SHAPE_SENTENCE_END)
        return word_before(t, len, s, true, &a, &z) && !ss_word_is_stop(t + a, z - a);
    if (shape != SS_SHAPE_PARA_OPEN || !word_after(t, len, e, true, &a, &z))
        return false;
    size_t n;
    return det_is_upper_cp(det_cp_at(t, len, a, &n)) && ss_word_is_stop(t + a, z - a);
}

/* Record one occurrence of a shaped phrase t[s..e) in block b. */
static void
add_occurrence(scan_state *st,
               uint32_t b,
               size_t s,
               size_t e,
               unsigned shape,
               uint32_t cut_s,
               uint32_t cut_e,
               unsigned words)
{
    const ss_block *blk = &st->page->blocks[b];
    const char *t = blk->text;
    size_t len = blk->len;
    ss_span_cand *c = cand_get(st, SS_FLAG_INJECTED_BRAND, t + s, e - s, false);
    if (!c) {
        if (shape == SS_SHAPE_BETWEEN_LOWER && st->lower_only >= LOWER_CANDS_MAX)
            return;
        c = cand_get(st, SS_FLAG_INJECTED_BRAND, t + s, e - s, true);
        if (!c)
            return;
        if (shape == SS_SHAPE_BETWEEN_LOWER)
            st->lower_only++;
        c->x[SS_SPAN_WORDS] = words / 4.0;
    }
    int f = shape_feat(shape);
    if (f >= 0 && c->x[f] < 1.0)
        c->x[f] += 1.0 / 3.0;
    if (c->x[SS_SPAN_SYNTAX_BREAK] < 1.0 && syntax_break(t, len, s, e, shape))
        c->x[SS_SPAN_SYNTAX_BREAK] += 1.0 / 3.0;
    if (c->n_occ >= SS_SPAN_OCC_MAX)
        return;
    ss_span_occ *o = &c->occ[c->n_occ++];
    o->block = b;
    o->start = cut_s;
    o->end = cut_e;
    o->shape = (uint8_t)shape;
    if (c->n_occ > 1)
        return;
    c->x[SS_SPAN_OUTSIDE_MAIN] = blk->role != SS_ROLE_MAIN;
    /* Seam hashes from the first splice. */
    size_t la = 0, lz = 0, ra = 0, rz = 0;
    bool glued_b = shape == SS_SHAPE_GLUED_BEFORE;
    bool left = shape != SS_SHAPE_PARA_COLON && shape != SS_SHAPE_PARA_OPEN &&
                shape != SS_SHAPE_HEADING && word_before(t, len, s, !glued_b, &la, &lz);
    bool right = word_after(t, len, e, shape != SS_SHAPE_GLUED_AFTER, &ra, &rz);
    size_t w0a = s, w0z = s;
    while (w0z < e && t[w0z] != ' ')
        w0z++;
    size_t wla = e;
    while (wla > s && t[wla - 1] != ' ')
        wla--;
    if (left && right)
        c->seam[SS_SEAM_BRIDGE] = pair_hash(t + la, lz - la, t + ra, rz - ra);
    if (left)
        c->seam[SS_SEAM_LEFT] = pair_hash(t + la, lz - la, t + w0a, w0z - w0a);
    if (right)
        c->seam[SS_SEAM_RIGHT] = pair_hash(t + wla, e - wla, t + ra, rz - ra);
    if (right && ss_word_is_stop(t + ra, rz - ra))
        c->x[SS_SPAN_STOP_NEXT] = 1;
}

/*
 * Is t[a..z) part of a program identifier shown as text rather than a
 * phrase glued into a sentence: preceded by a '.' (a member access,
 * "document.getElementById") or followed by '(' , '.', '_', '=' or '['
 * with no space? Pages print scripts as text (a <pre>, a broken <script>);
 * their camel-case names look like a brand glued to a lower-case word.
 */
static bool
code_token(const char *t,
           size_t len,
           size_t a,
           size_t z)
{
    if (a > 0 && t[a - 1] == '.')
        return true;
    if (z >= len)
        return false;
    char c = t[z];
    return c == '(' || c == '_' || c == '=' || c == '[' ||
           (c == '.' && z + 1 < len && t[z + 1] != ' ');
}

/*
 * Is t[a..i) a stem a phrase t[i..z) of w words is glued to
 * ("officialsBrand", "toBrand", "WhyBrand One")? A lower-case word of 3+
 * letters; or a function word ("to", "or", "Why", "Our"), which writers
 * also put in front of product names ("YouTube", "WeChat", "InDesign"):
 * then the phrase must be more than one short word and the glued token
 * must occur only here. A capitalised stem that is no function word is a
 * compound ("McDonald", "DeSantis").
 */
static bool
glued_stem(const ss_page *page,
           const char *t,
           size_t a,
           size_t i,
           size_t z,
           unsigned w)
{
    bool lower = true;
    for (size_t k = a + 1; k < i; k++)
        if (!det_is_lower_cp((unsigned char)t[k]))
            return false;
    if (i <= a || !det_is_lower_cp((unsigned char)t[a]))
        lower = false;
    if (lower && i - a >= 3)
        return true;
    if (i - a < 2 || !ss_word_is_stop(t + a, i - a))
        return false;
    size_t e0 = i;
    while (e0 < z && t[e0] != ' ')
        e0++;
    return (w > 1 || z - i >= 5) && det_count_on_page(page, t + a, e0 - a, 2) < 2;
}

/* Where a capitalised function word glued to a phrase ends ("WhyBrand",
 * "OurBrand Soft"): the first capital after a lower-case letter of the
 * word at t[i..), when the letters before it are a function word; 0 when
 * there is none. */
static size_t
stop_stem_end(const char *t,
              size_t len,
              size_t i)
{
    size_t k = i + 1;
    while (k < len && k - i <= 8 && t[k] >= 'a' && t[k] <= 'z')
        k++;
    if (k >= len || k - i < 2 || k - i > 8 || !(t[k] >= 'A' && t[k] <= 'Z') ||
        !ss_word_is_stop(t + i, k - i))
        return 0;
    return k;
}

/* The shape of the phrase t[i..e) (words w, last word from ws) of block
 * b, with its cut span; SS_SHAPE_NONE for an ordinary place. *e may move
 * back (a glued tail is not part of the phrase). */
static unsigned
classify(scan_state *st,
         uint32_t b,
         size_t i,
         size_t *e,
         size_t ws,
         unsigned w,
         uint32_t *cut_s,
         uint32_t *cut_e)
{
    const ss_block *blk = &st->page->blocks[b];
    const char *t = blk->text;
    size_t len = blk->len, n;
    uint32_t prev = det_cp_before(t, len, i);
    uint32_t prev2 = i >= 1 ? det_cp_before(t, len, i - 1) : 0;
    size_t z = *e;
    uint32_t next = z < len ? det_cp_at(t, len, z, &n) : 0;
    *cut_s = (uint32_t)i;
    *cut_e = (uint32_t)z;
    if (det_is_lower_cp(prev)) {
        size_t a, sz;
        word_before(t, len, i, false, &a, &sz);
        if (det_is_alnum_cp(next))
            return SS_SHAPE_NONE;
        if (!glued_stem(st->page, t, a, i, z, w))
            return SS_SHAPE_NONE; /* "McDonald", "YouTube", "eBay" */
        if (code_token(t, len, a, z))
            return SS_SHAPE_NONE; /* "document.getElementById(" */
        return SS_SHAPE_GLUED_BEFORE;
    }
    if (det_is_alnum_cp(prev))
        return SS_SHAPE_NONE;
    if (det_is_lower_cp(next)) {
        return SS_SHAPE_NONE; /* inside a longer word */
    }
    if ((w > 1 || (prev == ' ' && prev2 != '.')) && ws < z) {
        size_t j = glued_tail(st, t, ws, z);
        if (j && (w > 1 || j - ws >= 4)) {
            *e = j;
            *cut_e = (uint32_t)j;
            return SS_SHAPE_GLUED_AFTER;
        }
    }
    if (prev == ',' && det_is_alnum_cp(prev2)) {
        if (z >= len || next == ',' || next == ';' || next == '|' || next == '(' ||
            next == '/')
            return SS_SHAPE_NONE; /* an item of a list without spaces, a
                                     table header "Shot,Duration(s)" */
        return SS_SHAPE_AFTER_COMMA;
    }
    if (i == 0) {
        if ((blk->flags & SS_BLK_HEADING) && blk->n_words <= SS_SPAN_WORDS_MAX) {
            size_t k = z;
            while (k < len && (t[k] == ' ' || t[k] == ':' || t[k] == '.'))
                k++;
            if (k == len) {
                *cut_e = (uint32_t)len;
                return SS_SHAPE_HEADING;
            }
            return SS_SHAPE_NONE;
        }
        if (blk->n_words < 8)
            return SS_SHAPE_NONE;
        if (next == ':') {
            size_t k = z + 1;
            while (k < len && t[k] == ' ')
                k++;
            if (k < len && (det_is_upper_cp(det_cp_at(t, len, k, &n)) || t[k] == '"')) {
                *cut_e = (uint32_t)k;
                return SS_SHAPE_PARA_COLON;
            }
            return SS_SHAPE_NONE;
        }
        if (next == ' ' && z + 1 < len) {
            uint32_t c2 = det_cp_at(t, len, z + 1, &n);
            if (det_is_upper_cp(c2) || c2 == '"' || c2 == 0x201C) {
                *cut_e = (uint32_t)(z + 1);
                return SS_SHAPE_PARA_OPEN;
            }
        }
        return SS_SHAPE_NONE;
    }
    if (prev != ' ' || !det_is_lower_cp(prev2))
        return SS_SHAPE_NONE;
    if ((next == '.' || next == '!' || next == '?') && (z + 1 >= len || t[z + 1] == ' ')) {
        *cut_s = (uint32_t)(i - 1);
        return SS_SHAPE_SENTENCE_END;
    }
    if (next == ' ' && z + 1 < len && det_is_lower_cp(det_cp_at(t, len, z + 1, &n))) {
        *cut_e = (uint32_t)(z + 1);
        return SS_SHAPE_BETWEEN_LOWER;
    }
    return SS_SHAPE_NONE;
}

/* Scan block b for shaped phrases. */
static void
scan_block(scan_state *st,
           uint32_t b)
{
    const ss_block *blk = &st->page->blocks[b];
    const char *t = blk->text;
    size_t len = blk->len, n;
    size_t cap = len < BODY_SCAN_BYTES ? len : BODY_SCAN_BYTES;
    if (memchr(t, ';', cap) && code_like(t, cap))
        return;
    size_t ends[SS_SPAN_WORDS_MAX];
    size_t i = 0;
    while (i < cap && st->ev->n_cands < st->cap) {
        uint32_t cp = det_cp_at(t, len, i, &n);
        if (!det_is_upper_cp(cp)) {
            i += n;
            continue;
        }
        uint32_t prev = det_cp_before(t, len, i);
        /* "WhyBrand is": the phrase starts after the glued function word. */
        size_t k0 = det_is_alnum_cp(prev) ? 0 : stop_stem_end(t, len, i);
        if (k0) {
            i = k0;
            continue;
        }
        unsigned w = (det_is_alnum_cp(prev) && !det_is_lower_cp(prev)) ? 0 :
                     det_phrase_words(t, len, i, ends);
        if (w == 0) {
            while (i < len && det_is_alnum_cp(det_cp_at(t, len, i, &n)))
                i += n;
            continue;
        }
        size_t next_i = ends[w - 1];
        /* "I'm Brand also", "The Brand Exchange said": a function word (or
         * one with a contraction: "I'm", "It's", not "O'Brien" or
         * "Trump's") is no part of the name after it; when the whole
         * phrase is in no splice shape, the rest may be. */
        const char *apo = w >= 2 ? memchr(t + i, '\'', ends[0] - i) : NULL;
        bool first_apart = w >= 2 && ss_word_is_stop(t + i, (size_t)((apo ? apo : t + ends[0]) - (t + i)));
        size_t rest = ends[0] + 1;
        for (unsigned k = 0; k + 1 < w; k++)
            if (t[ends[k] - 1] == '.') {
                w = k + 1; /* "Brand Exchange. It": the sentence ends */
                break;
            }
        /* "Brand Exchange Use the ...": at a paragraph start, a phrase that
         * runs into lower case loses its last word (the sentence's). */
        if (i == 0 && w >= 2 && ends[w - 1] + 1 < len && t[ends[w - 1]] == ' ' &&
            det_is_lower_cp(det_cp_at(t, len, ends[w - 1] + 1, &n)))
            w--;
        /* "City,Brand Maine": the state is the dateline's, not the
         * phrase's. */
        for (unsigned k = 1; k < w; k++) {
            size_t ws0 = ends[k - 1] + 1;
            if (ss_word_state_len(t + ws0, ends[w - 1] - ws0) == ends[w - 1] - ws0) {
                w = k;
                break;
            }
        }
        size_t e = ends[w - 1];
        while (e > i && (t[e - 1] == '.' || t[e - 1] == '\''))
            e--;
        size_t ws = w > 1 ? ends[w - 2] + 1 : i;
        /* "I'll", "Here's": one word with an apostrophe is a contraction
         * or a possessive, not a name. */
        bool contraction = w == 1 && memchr(t + i, '\'', e - i);
        if (e - i >= 3 && ws < e && !contraction && !memchr(t + i, '.', e - i)) {
            uint32_t cs, ce;
            size_t e2 = e;
            unsigned shape = classify(st, b, i, &e2, ws, w, &cs, &ce);
            if (shape != SS_SHAPE_NONE && e2 - i >= 3) {
                add_occurrence(st, b, i, e2, shape, cs, ce, w);
                first_apart = false;
            }
        }
        if (first_apart) {
            i = rest;
            continue;
        }
        i = next_i > i ? next_i : i + n;
    }
}

/* Is the candidate text the "X:" / "X -" / "X |" prefix of string t? */
static bool
is_prefix_of(const char *t,
             const ss_span_cand *c)
{
    if (!t || strncmp(t, c->text, c->len) != 0)
        return false;
    const char *p = t + c->len;
    if (*p == ':' || *p == '-' || *p == '|')
        return true;
    return p[0] == ' ' && (p[1] == '-' || p[1] == '|' || (unsigned char)p[1] == 0xE2);
}

/* ------------------------------------------------------------------ */
/* Title prefixes and suffixes                                          */

#define TITLE_PHRASE_MAX 48    /* bytes of a title prefix or suffix */
#define TITLE_PHRASE_WORDS 5
#define TITLE_PREFIX_SCAN 64   /* bytes of the title searched for a prefix */

/* Is t[a..z) a phrase a title can be cut at: 1..TITLE_PHRASE_WORDS
 * words, starting with a capital letter or a digit, no sentence
 * punctuation and no breadcrumb arrow? Sets *words. */
static bool
title_phrase(const char *t,
             size_t a,
             size_t z,
             unsigned *words)
{
    while (a < z && t[a] == ' ')
        a++;
    while (z > a && t[z - 1] == ' ')
        z--;
    if (z - a < 2 || z - a > TITLE_PHRASE_MAX)
        return false;
    size_t n0;
    uint32_t c0 = det_cp_at(t, z, a, &n0);
    if (!det_is_upper_cp(c0) && !det_is_digit(t[a]))
        return false;
    unsigned w = 1;
    for (size_t i = a; i < z; i++) {
        char c = t[i];
        /* sentence punctuation, and a breadcrumb's arrows ("Home >
         * Education", U+00BB) */
        if (c == ',' || c == '?' || c == '!' || c == '"' || c == ';' || c == '(' || c == '/' ||
            c == '>' || (c == '\xC2' && i + 1 < z && t[i + 1] == '\xBB'))
            return false;
        if (c == ' ' && ++w > TITLE_PHRASE_WORDS)
            return false;
    }
    *words = w;
    return true;
}

/* Is t[i] a hyphen glued between a lower-case letter and a capital, a
 * title's separator written without spaces ("Xyz-How to ...", "... new
 * research-Xyz")? i >= 1, and t[i + 1] exists. */
static bool
glued_dash_at(const char *t,
              size_t i)
{
    return t[i] == '-' && t[i - 1] >= 'a' && t[i - 1] <= 'z' &&
           det_is_upper_cp((unsigned char)t[i + 1]);
}

/* The title's prefix ("X: ...", "X - ...", "X | ...", "Xyz-Title") and suffix
 * ("... - X") of string t, as phrases [*pa,*pz) and [*sa,*sz) (empty when
 * there is none). */
static void
title_parts(const char *t,
            size_t *pa, size_t *pz,
            size_t *sa, size_t *sz)
{
    size_t len = strlen(t);
    *pa = *pz = *sa = *sz = 0;
    size_t scan = len < TITLE_PREFIX_SCAN ? len : TITLE_PREFIX_SCAN;
    size_t dash = 0;
    for (size_t i = 1; i + 1 < scan; i++) {
        size_t n = det_spaced_sep(t, len, i);
        bool colon = t[i] == ':' && (t[i + 1] == ' ' || det_is_upper_cp((unsigned char)t[i + 1]));
        bool pipe = t[i] == '|';
        /* a dash glued to both sides, "Xyz-How to ..." (a lower-case
         * letter, a hyphen, a capital), counts when no other separator
         * follows: "Spider-Man: ..." is cut at its colon */
        if (!dash && glued_dash_at(t, i))
            dash = i;
        if (!n && !colon && !pipe)
            continue;
        *pa = 0;
        *pz = i;
        break;
    }
    if (!*pz && dash) {
        *pa = 0;
        *pz = dash;
    }
    for (size_t i = len; i-- > len / 3 + 1;) {
        size_t n = det_spaced_sep(t, len, i);
        /* a separator without spaces: "... highs - Reuters|X",
         * "... new research-X" (a lower-case letter, a hyphen, a capital) */
        if (!n && (t[i] == '|' || glued_dash_at(t, i)))
            n = 1;
        if (!n)
            continue;
        size_t s = i + n;
        if (s < len) {
            *sa = s;
            *sz = len;
        }
        break;
    }
}

/* Propose the prefix and the suffix of the title, the og:title and the
 * headline as brand candidates (the weights decide: a site's own name
 * and section labels stand there too). */
static void
title_candidates(scan_state *st)
{
    const ss_page *page = st->page;
    const char *src[3] = {page->title, page->og_title,
                          page->title_block < page->n_blocks ?
                          page->blocks[page->title_block].text : NULL};
    for (unsigned k = 0; k < 3; k++) {
        const char *t = src[k];
        if (!t || !t[0])
            continue;
        size_t part[2][2];
        title_parts(t, &part[0][0], &part[0][1], &part[1][0], &part[1][1]);
        for (unsigned w = 0; w < 2; w++) {
            size_t a = part[w][0], z = part[w][1];
            unsigned words;
            if (z <= a || !title_phrase(t, a, z, &words))
                continue;
            while (t[a] == ' ')
                a++;
            while (z > a && (t[z - 1] == ' ' ||
                             (z - a > 2 && (unsigned char)t[z - 2] == 0xC2 &&
                              (unsigned char)t[z - 1] == 0xA0)))
                z -= t[z - 1] == ' ' ? 1 : 2; /* spaces and no-break spaces */
            ss_span_cand *c = cand_get(st, SS_FLAG_INJECTED_BRAND, t + a, z - a, false);
            if (!c) {
                c = cand_get(st, SS_FLAG_INJECTED_BRAND, t + a, z - a, true);
                if (!c)
                    return;
                c->x[SS_SPAN_WORDS] = (words > 4 ? 4 : words) / 4.0;
            }
            c->title_pos |= w ? SS_TITLE_SUFFIX : SS_TITLE_PREFIX;
        }
    }
}

#define ITEM_PREFIX_MAX 8     /* list items whose prefix is proposed */

/* Where the prefix of list item t[0..n) ends: the first separator within
 * lim bytes, a colon ("X: Item", "X:Item") or a spaced dash, bar or en
 * dash ("X - Item", "X | Item", "X \u2013 Item"). Sets *z to the end of
 * the phrase and *cut to the start of the item's own text; false when
 * there is no separator or no text after it. */
static bool
item_prefix_end(const char *t,
                size_t n,
                size_t lim,
                size_t *z,
                size_t *cut)
{
    for (size_t i = 1; i < lim && i + 2 < n; i++) {
        if (t[i] == ':') {
            if (t[i + 1] == ':')
                return false;
            *z = i;
            *cut = t[i + 1] == ' ' ? i + 2 : i + 1;
            return *cut < n && t[*cut] != ' ';
        }
        size_t k = det_spaced_sep(t, n, i);
        if (k) {
            *z = i;
            *cut = i + k;
            return *cut < n;
        }
    }
    return false;
}

/* The prefixes of list widgets' items (1..TITLE_PHRASE_WORDS capitalised
 * words before a colon or a spaced dash or bar) as brand candidates. */
static void
item_prefix_candidates(scan_state *st)
{
    const ss_page *page = st->page;
    unsigned n = 0;
    for (uint32_t b = 0; b < page->n_blocks && n < ITEM_PREFIX_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        if (blk->widget == SS_NONE || blk->len < 8)
            continue;
        const char *t = blk->text;
        size_t lim = blk->len < TITLE_PHRASE_MAX + 2 ? blk->len : TITLE_PHRASE_MAX + 2;
        size_t z, cut;
        if (!item_prefix_end(t, blk->len, lim, &z, &cut))
            continue;
        unsigned words;
        if (!title_phrase(t, 0, z, &words) || t[0] == ' ')
            continue;
        /* every word capitalised: a name, not a sentence's subject */
        bool caps = true;
        for (size_t i = 0; i + 1 < z && caps; i++)
            if (t[i] == ' ' && !det_is_upper_cp((unsigned char)t[i + 1]) &&
                !det_is_digit(t[i + 1]))
                caps = false;
        if (!caps)
            continue;
        add_occurrence(st, b, 0, z, SS_SHAPE_ITEM_PREFIX, 0, (uint32_t)cut, words);
        n++;
    }
}

/* Lower-case letters and digits of s[0..n) into out (cap bytes). */
static size_t
squash(const char *s,
       size_t n,
       char *out,
       size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            out[k++] = (char)(c + 32);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80)
            out[k++] = c;
    }
    out[k] = 0;
    return k;
}

/* Is there a domain name in the phrase ("TheStar.com", "CTV.ca News")? Sets
 * [*a,*z) to it. */
static bool
domain_in(const ss_span_cand *c,
          size_t *a,
          size_t *z)
{
    for (size_t i = 1; i + 2 < c->len; i++) {
        if (c->text[i] != '.')
            continue;
        size_t k = i + 1;
        while (k < c->len && ((c->text[k] >= 'a' && c->text[k] <= 'z') ||
                              (c->text[k] >= 'A' && c->text[k] <= 'Z')))
            k++;
        if (k - i - 1 < 2 || k - i - 1 > 4 || (k < c->len && c->text[k] != ' '))
            continue;
        size_t s = i;
        while (s > 0 && c->text[s - 1] != ' ')
            s--;
        if (i - s < 2)
            continue;
        *a = s;
        *z = k;
        return true;
    }
    return false;
}

/* Is host hash h the page's own host or the host of one of its links? */
static bool
page_has_host(const ss_page *page,
              uint32_t h)
{
    if (!h)
        return false;
    if (page->host == h)
        return true;
    for (uint32_t i = 0; i < page->n_links; i++)
        if (page->links[i].host == h)
            return true;
    return false;
}

/* Is s[0..n) a site's notice line: a copyright sign or word, or "All
 * rights reserved"? */
static bool
notice_line(const char *s,
            size_t n)
{
    static const char *const mark[] = {
        "\xc2\xa9", "(c)", "(C)", "Copyright", "copyright", "COPYRIGHT",
        "All rights reserved", "All Rights Reserved", "all rights reserved",
    };
    /* det_find_bytes skips to the mark's first byte with memchr: a
     * memcmp at every byte cost 3 % of all instructions on the 802 bench
     * pages */
    for (size_t m = 0; m < sizeof mark / sizeof mark[0]; m++)
        if (det_find_bytes(s, n, mark[m], strlen(mark[m])))
            return true;
    return false;
}

/* Does a short visible notice line of the page (notice_line; the last
 * NOTICE_BLOCKS blocks, where footers are) hold the phrase, compared as
 * squash() leaves them ("CorpWatch" in "(c) 2008 Corpwatch")? See
 * SS_SPAN_OWN_NOTICE. */
static bool
own_notice(const ss_page *page,
           const ss_span_cand *c)
{
    char ph[TITLE_PHRASE_MAX * 2 + 8], line[NOTICE_MAX + 1];
    if (c->len + 1 >= sizeof ph || squash(c->text, c->len, ph, sizeof ph) < 3)
        return false;
    uint32_t first = page->n_blocks > NOTICE_BLOCKS ? page->n_blocks - NOTICE_BLOCKS : 0;
    for (uint32_t i = page->n_blocks; i-- > first;) {
        const ss_block *b = &page->blocks[i];
        if (b->hidden || b->len > NOTICE_MAX || !notice_line(b->text, b->len))
            continue;
        squash(b->text, b->len, line, sizeof line);
        if (strstr(line, ph))
            return true;
    }
    return false;
}

/* Does the phrase name the page's own site (see SS_SPAN_SITE_MATCH)? */
static bool
site_match(const ss_page *page,
           const ss_span_cand *c)
{
    char ph[TITLE_PHRASE_MAX * 2 + 8], other[256];
    size_t np = squash(c->text, c->len, ph, sizeof ph);
    if (np < 3)
        return false;
    /* A host the page links to: the phrase's domain ("TheStar.com"), or
     * its words run together with .com ("Contra Costa Times"). */
    char url[TITLE_PHRASE_MAX * 2 + 32];
    size_t da, dz;
    if (domain_in(c, &da, &dz) && dz - da + 8 < sizeof url) {
        memcpy(url, "http://", 7);
        memcpy(url + 7, c->text + da, dz - da);
        url[7 + dz - da] = 0;
        if (page_has_host(page, ss_page_url_host(url)))
            return true;
    } else if (np + 16 < sizeof url) {
        /* ph is lower-case letters, digits and non-ASCII bytes: the host
         * of "http://PH.TLD" is PH.TLD itself, hashed without a URL */
        static const char *const tld[] = {"com", "org", "net", "co.uk", "info"};
        memcpy(url, ph, np);
        url[np] = '.';
        for (size_t k = 0; k < sizeof tld / sizeof tld[0]; k++) {
            size_t tn = strlen(tld[k]);
            memcpy(url + np + 1, tld[k], tn);
            if (page_has_host(page, ss_page_host_hash(url, np + 1 + tn)))
                return true;
        }
    }
    const char *sn = page->meta.site_name;
    if (sn && squash(sn, strlen(sn), other, sizeof other) >= 3 &&
        (strstr(other, ph) || strstr(ph, other)))
        return true;
    const char *u = page->meta.canonical;
    if (!u)
        return false;
    const char *h = strstr(u, "://");
    h = h ? h + 3 : u;
    size_t hn = strcspn(h, "/:?#");
    if (hn >= 4 && strncmp(h, "www.", 4) == 0)
        h += 4, hn -= 4;
    /* the host's labels before the last ("nytimes" of nytimes.com) */
    const char *dot = NULL;
    for (size_t i = 0; i < hn; i++)
        if (h[i] == '.')
            dot = h + i;
    size_t main_n = dot ? (size_t)(dot - h) : hn;
    size_t no = squash(h, main_n, other, sizeof other);
    if (no < 3)
        return false;
    return strstr(other, ph) || strstr(ph, other);
}

/* Is c the title suffix of string t (" - X" at its end)? */
static bool
is_suffix_of(const char *t,
             const ss_span_cand *c)
{
    if (!t)
        return false;
    size_t len = strlen(t);
    if (len < c->len + 3 || memcmp(t + len - c->len, c->text, c->len) != 0)
        return false;
    for (size_t i = len - c->len; i-- > 0 && i + 8 > len - c->len;) {
        size_t n = det_spaced_sep(t, len, i);
        if (n && i + n == len - c->len)
            return true;
    }
    return false;
}

/* Is the phrase a section label ("Analysis", "Ask Slashdot")? */
static bool
label_phrase(const ss_span_cand *c)
{
    size_t k = 0;
    while (k < c->len && c->text[k] != ' ')
        k++;
    if (k == c->len)
        return ss_word_is_label(c->text, c->len);
    return k == 3 && memcmp(c->text, "Ask", 3) == 0;
}

/* Does word w[0..n) occur in title string t outside the phrase c where it
 * opens or closes t (its own prefix or suffix)? */
static bool
in_title_rest(const char *t,
              const ss_span_cand *c,
              const char *w,
              size_t n)
{
    if (!t)
        return false;
    size_t len = strlen(t), a = 0, z = len;
    if (len > c->len && memcmp(t, c->text, c->len) == 0)
        a = c->len;
    if (len > c->len && memcmp(t + len - c->len, c->text, c->len) == 0 && len - c->len >= a)
        z = len - c->len;
    return det_find_bytes(t + a, z - a, w, n) != NULL;
}

/* Does text t open with phrase c and a colon glued to what follows
 * ("X:Headline")? */
static bool
colon_glued_prefix(const char *t,
                   const ss_span_cand *c)
{
    return t && strncmp(t, c->text, c->len) == 0 && t[c->len] == ':' &&
           t[c->len + 1] != '\0' && t[c->len + 1] != ' ';
}

/* Is an occurrence of c glued to a colon: "Source:X" (a letter, a colon,
 * the phrase) or "X:The" (the phrase, a colon, a letter)? Or the title,
 * its og: twin or the headline "X:Headline"? */
static bool
colon_glued(const ss_page *page,
            const ss_span_cand *c,
            const char *headline)
{
    if (colon_glued_prefix(page->title, c) || colon_glued_prefix(page->og_title, c) ||
        colon_glued_prefix(headline, c))
        return true;
    for (unsigned k = 0; k < c->n_occ; k++) {
        const ss_span_occ *o = &c->occ[k];
        if (o->block >= page->n_blocks)
            continue;
        const ss_block *b = &page->blocks[o->block];
        if (o->end > b->len || o->start >= o->end)
            continue;
        /* the phrase in the span --clean deletes (a byline occurrence
         * deletes its whole line) */
        const char *p = det_find_bytes(b->text + o->start, o->end - o->start, c->text, c->len);
        if (!p)
            continue;
        size_t ps = (size_t)(p - b->text), pe = ps + c->len;
        const unsigned char *t = (const unsigned char *)b->text;
        if (ps >= 2 && t[ps - 1] == ':' && det_is_alnum_cp(t[ps - 2]))
            return true;
        if (pe + 1 < b->len && t[pe] == ':' && det_is_alnum_cp(t[pe + 1]))
            return true;
    }
    return false;
}

/* Does title t open with c and a '|' or '-' with no space on one side, or
 * end with such a separator and c? */
static bool
glued_sep_in(const char *t,
             const ss_span_cand *c)
{
    if (!t)
        return false;
    size_t len = strlen(t);
    if (len < c->len + 3)
        return false;
    if (strncmp(t, c->text, c->len) == 0 && (t[c->len] == '|' || t[c->len] == '-') &&
        (c->len == 0 || t[c->len - 1] != ' ' || t[c->len + 1] != ' ') && t[c->len + 1] != '\0')
        return true;
    size_t s = len - c->len;
    return memcmp(t + s, c->text, c->len) == 0 && (t[s - 1] == '|' || t[s - 1] == '-') &&
           (t[s - 2] != ' ' || t[s] != ' ');
}

/* The static features of candidate c (all but the seam statistics). */
static void
page_features(const ss_page *page,
              ss_span_cand *c)
{
    const char *headline = page->title_block < page->n_blocks ?
                           page->blocks[page->title_block].text : NULL;
    /* the phrase as a prefix or suffix of <title>, og:title, headline */
    bool tp = is_prefix_of(page->title, c), ts = is_suffix_of(page->title, c);
    bool op = is_prefix_of(page->og_title, c), os = is_suffix_of(page->og_title, c);
    bool hp = is_prefix_of(headline, c), hs = is_suffix_of(headline, c);
    c->x[SS_SPAN_TITLE_PREFIX] = (c->title_pos & SS_TITLE_PREFIX) || tp || op || hp;
    c->x[SS_SPAN_TITLE_SUFFIX] = (c->title_pos & SS_TITLE_SUFFIX) || ts || os || hs;
    c->x[SS_SPAN_TITLE_ONLY] = (tp || ts) && !op && !os && !hp && !hs;
    c->x[SS_SPAN_SITE_MATCH] = site_match(page, c);
    if (c->x[SS_SPAN_TITLE_PREFIX] > 0 || c->x[SS_SPAN_TITLE_SUFFIX] > 0)
        c->x[SS_SPAN_OWN_NOTICE] = own_notice(page, c);
    c->x[SS_SPAN_IS_HEADLINE] = headline && strlen(headline) == c->len &&
                                memcmp(headline, c->text, c->len) == 0;
    size_t da, dz;
    c->x[SS_SPAN_DOMAIN] = domain_in(c, &da, &dz);
    c->x[SS_SPAN_LABEL_WORD] = label_phrase(c);
    c->x[SS_SPAN_IN_TITLE] = (page->title && strstr(page->title, c->text)) ||
                             (headline && strstr(headline, c->text));
    unsigned total = det_count_on_page(page, c->text, c->len, OCC_COUNT_MAX);
    unsigned normal = total > c->n_occ ? total - c->n_occ : 0;
    c->x[SS_SPAN_NORMAL_USES] = normal >= 3 ? 1.0 : normal / 3.0;
    bool solo = true, lower = false;
    unsigned words = 0, long_words = 0, in_title = 0, other = 0;
    for (size_t k = 1; k < c->len; k++) {
        if (det_is_digit(c->text[k - 1]) || det_is_digit(c->text[k]))
            c->x[SS_SPAN_DIGITS] = 1;
        if (c->text[k - 1] >= 'a' && c->text[k - 1] <= 'z' && c->text[k] >= 'A' && c->text[k] <= 'Z')
            c->x[SS_SPAN_INNER_CAPS] = 1;
    }
    size_t i = 0;
    while (i < c->len) {
        size_t k = i;
        while (k < c->len && c->text[k] != ' ')
            k++;
        if (words < SS_SPAN_WORDS_MAX)
            c->seam[SS_SEAM_WORD0 + words] = word_hash(c->text + i, k - i);
        words++;
        if (k - i >= 3 && k - i < WORD_MAX) {
            long_words++;
            if (in_title_rest(page->title, c, c->text + i, k - i) ||
                in_title_rest(headline, c, c->text + i, k - i))
                in_title++;
            if (det_count_on_page(page, c->text + i, k - i, total + 1) > total) {
                solo = false;
                other++;
            }
            char low[WORD_MAX];
            memcpy(low, c->text + i, k - i);
            if (low[0] >= 'A' && low[0] <= 'Z') {
                low[0] = (char)(low[0] + 32);
                if (!lower && det_word_on_page(page, low, k - i))
                    lower = true;
            }
        }
        if (k == c->len) {
            c->x[SS_SPAN_INSTITUTION] = ss_word_is_finance(c->text + i, k - i);
        }
        i = k + 1;
    }
    if (c->x[SS_SPAN_WORDS] == 0)
        c->x[SS_SPAN_WORDS] = (words > 4 ? 4 : words) / 4.0;
    c->x[SS_SPAN_SOLO] = solo;
    unsigned places = c->title_pos ? 1 : 0, seen = 0;
    for (unsigned k = 0; k < c->n_occ; k++)
        if (c->occ[k].shape != SS_SHAPE_NONE && c->occ[k].shape < 32 &&
            !(seen & (1u << c->occ[k].shape))) {
            seen |= 1u << c->occ[k].shape;
            places++;
        }
    c->x[SS_SPAN_PLACES] = places >= 3 ? 1.0 : places / 3.0;
    c->x[SS_SPAN_COLON_GLUED] = colon_glued(page, c, headline);
    c->x[SS_SPAN_GLUED_SEP] = glued_sep_in(page->title, c) || glued_sep_in(page->og_title, c) ||
                              glued_sep_in(headline, c);
    unsigned lower_words = 0;
    for (size_t k = 0; k < c->len; k++)
        if ((k == 0 || c->text[k - 1] == ' ') && c->text[k] >= 'a' && c->text[k] <= 'z')
            lower_words++;
    c->x[SS_SPAN_LOWER_WORDS] = words ? (double)lower_words / words : 0;
    c->x[SS_SPAN_LOWER_USE] = lower;
    c->x[SS_SPAN_ONE_WORD_ONCE] = words == 1 && c->n_occ <= 1;
    if (long_words) {
        c->x[SS_SPAN_TITLE_WORDS] = (double)in_title / long_words;
        c->x[SS_SPAN_OTHER_USE] = (double)other / long_words;
    }
}

/* See span.h. */
double
ss_span_hand_logit(double s)
{
    if (s < 1e-6)
        s = 1e-6;
    if (s > 1 - 1e-6)
        s = 1 - 1e-6;
    double z = log(s / (1 - s));
    return z > SS_SPAN_HAND_CLAMP ? SS_SPAN_HAND_CLAMP : z < -SS_SPAN_HAND_CLAMP ? -SS_SPAN_HAND_CLAMP : z;
}

ss_status
ss_span_collect(const ss_page *page,
                ss_evidence *ev,
                ss_arena *a)
{
    if (!page || !ev || !a)
        return SS_ERR_ARG;
    scan_state st = {.page = page, .ev = ev, .a = a, .cap = SS_SPAN_CANDS_MAX};
    ev->n_cands = 0;
    ev->cands = ss_arena_alloc(a, (SS_SPAN_CANDS_MAX + SS_SPAN_PROMO_MAX) * sizeof *ev->cands);
    if (!ev->cands)
        return SS_ERR_NOMEM;
    /* What the rules and detectors found. */
    for (size_t i = 0; i < ev->n; i++) {
        ss_finding *f = &ev->items[i];
        if (f->kind != SS_FLAG_INJECTED_BRAND || !f->text || !f->text[0])
            continue;
        ss_span_cand *c = cand_get(&st, f->kind, f->text, strlen(f->text), true);
        if (!c)
            continue;
        double h = ss_span_hand_logit(f->score);
        if (!c->has_finding || h > c->x[SS_SPAN_HAND])
            c->x[SS_SPAN_HAND] = h;
        c->has_finding = true;
        f->cand = (uint32_t)(c - ev->cands) + 1;
    }
    title_candidates(&st);
    item_prefix_candidates(&st);
    /* Byline lines the byline detector did not flag (byline.c). */
    for (unsigned k = 0; k < ev->n_props; k++) {
        uint32_t b = ev->props[k].block;
        if (b >= page->n_blocks || ev->props[k].end > page->blocks[b].len ||
            ev->props[k].start >= ev->props[k].end)
            continue;
        size_t s = ev->props[k].start, e = ev->props[k].end;
        unsigned words = 1;
        for (size_t i = s; i < e; i++)
            words += page->blocks[b].text[i] == ' ';
        add_occurrence(&st, b, s, e, SS_SHAPE_BYLINE, 0, page->blocks[b].len, words);
    }
    /* Shaped phrases in the article text. */
    unsigned scanned = 0;
    for (uint32_t b = 0; b < page->n_blocks && scanned < BLOCKS_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        /* The article, and paragraphs the page reader left out of it
         * (forum posts, product descriptions, a page wrapped in a form),
         * but no menus or link lists. */
        bool para = (blk->flags & SS_BLK_PARA) && !(blk->flags & SS_BLK_LINK) &&
                    blk->n_words >= ((blk->flags & SS_BLK_BOILER_ZONE) ? 20 : 12);
        if ((blk->role != SS_ROLE_MAIN && !para) || blk->widget != SS_NONE ||
            (blk->flags & (SS_BLK_PRE | SS_BLK_CODE)) || det_is_title_like(page, b))
            continue;
        if (blk->n_words < 6 && !(blk->flags & SS_BLK_HEADING))
            continue;
        scanned++;
        scan_block(&st, b);
    }
    for (size_t i = 0; i < ev->n_cands; i++)
        page_features(page, &ev->cands[i]);
    ss_span_promo_collect(page, ev);
    return SS_OK;
}

void
ss_span_seam_features(ss_span_cand *c,
                      ss_ham_count_fn ham_count,
                      const void *ud,
                      double n_ham)
{
    double norm = log1p(n_ham > 1 ? n_ham : 1);
    double v[SS_SEAM_COUNT];
    for (unsigned k = 0; k < SS_SEAM_COUNT; k++) {
        v[k] = 0;
        if (c->seam[k] && ham_count) {
            double f = log1p((double)ham_count(ud, c->seam[k])) / norm;
            v[k] = f > 1 ? 1 : f;
        }
    }
    c->x[SS_SPAN_SEAM_BRIDGE] = v[SS_SEAM_BRIDGE];
    c->x[SS_SPAN_SEAM_LEFT] = v[SS_SEAM_LEFT];
    c->x[SS_SPAN_SEAM_RIGHT] = v[SS_SEAM_RIGHT];
    double sum = 0;
    unsigned n = 0;
    c->x[SS_SPAN_UNKNOWN_WORD] = 0;
    for (unsigned k = SS_SEAM_WORD0; k < SS_SEAM_COUNT; k++)
        if (c->seam[k]) {
            sum += v[k];
            n++;
            if (ham_count && n_ham > 1 && v[k] == 0)
                c->x[SS_SPAN_UNKNOWN_WORD] = 1;
        }
    c->x[SS_SPAN_KNOWN_WORDS] = n ? sum / n : 0;
}

double
ss_span_trees(const ss_span_weights *w,
              const double *x)
{
    double z = 0;
    for (unsigned t = 0; t < w->n_trees && t < SS_SPAN_TREES_MAX; t++) {
        const ss_span_tree *tr = &w->tree[t];
        unsigned i = 0;
        while (i < SS_SPAN_TREE_NODES) {
            /* a feature of a newer build is 0 here, as for the weights */
            uint32_t f = tr->feat[i];
            double v = f < SS_SPAN_FEAT_COUNT ? x[f] : 0.0;
            i = 2 * i + (v > tr->thr[i] ? 2 : 1);
        }
        z += tr->leaf[i - SS_SPAN_TREE_NODES];
    }
    return z;
}

double
ss_span_prob(const ss_span_weights *w,
             const double *x)
{
    double z = ss_span_trees(w, x);
    for (unsigned i = 0; i < SS_SPAN_FEAT_COUNT; i++)
        z += w->w[i] * x[i];
    if (z > 40)
        z = 40;
    if (z < -40)
        z = -40;
    return 1.0 / (1.0 + exp(-z));
}
