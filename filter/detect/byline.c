/*
 * byline.c - fake bylines and source lines (see byline.h).
 *
 * An injector that invents a brand X also invents who wrote the article: a
 * line of its own near the headline shaped
 *
 *     By X Staff          X Newsroom / X Wire / X Desk / X Team
 *     X | March 3, 2024   X - 2024-03-03
 *     Source: X
 *
 * where X is one to three capitalised words (not all capitals: "AP",
 * "CNN"). The shape alone is what honest pages print too ("Reuters | March
 * 3", "Source: Bureau of Labor Statistics", "By Times Staff"), so the brand
 * must also be foreign to the page: an honest source is named elsewhere as
 * an ordinary name (in a sentence, after the title as the site name, in a
 * copyright line), an invented one only where an injector puts it: opening
 * a paragraph before a sentence that starts with a capital ("X The judge
 * said", "X Police said", "X: The storm"), glued to a word, or prefixed to
 * the title ("X: Headline").
 *
 *  - X used as an ordinary name anywhere else: honest, nothing is flagged.
 *  - X repeated only in injected shapes: the byline and every repeat are
 *    flagged (score 0.85), the repeats with spans that --clean cuts.
 *  - X nowhere else: a "By X Staff" or "X Newsroom" line with X of two
 *    words or more is flagged weakly (0.45, below the page floor); so is
 *    any byline shape whose X is a coined company name foreign to the page
 *    (foreign_name: no word of it used elsewhere, not the declared author
 *    or site, a capital inside a word or an institution word last:
 *    "Source:KlenFund", "Velquist Capital | 2024-03-03", "By Jane Smith,
 *    BrightRock Markets"); other date or
 *    source lines ("Jane Smith | March 3"), or a one-word X ("By
 *    Marketing Team"), are left alone.
 *
 * Lines are looked for from 3 blocks above the headline to 30 below it
 * (menus, share bars and teasers may stand between), and from 10 blocks
 * above the article text to 10 into it. A line right under the headline
 * that the page reader put into a list of short lines (scraped text) is
 * looked at too. Two lines or more shaped "X | date" are the headers of
 * comments or posts, none of them a byline, and so is a heading element
 * shaped so ("Diary - March 13, 2001": a dated entry's title); an X ending
 * with a determiner ("Meet Our Team") is a heading's phrase.
 *
 * The byline finding drops its line in --clean (drop_block); its text is X.
 */
#include "byline.h"

#include <string.h>

#include "detect_util.h"
#include "wordlists.h"

#define BYLINE_SCAN 10       /* blocks before the article text looked at */
#define BYLINE_AFTER 30      /* blocks after the headline looked at (menus,
                                share bars and teasers may stand between) */
#define BYLINE_INTO_MAIN 10  /* blocks into the article text looked at */
#define BYLINE_WORDS_MAX 10  /* words of a byline line */
#define BYLINE_BYTES_MAX 120
#define USES_MAX 16          /* splices of one brand flagged */
#define SCAN_BLOCKS_MAX 3000 /* blocks searched for other uses */
#define HITS_PER_BLOCK 32
#define PHRASE_MAX 5         /* words of a brand and its staff word */

/* Shapes of a byline line. */
typedef enum shape {
    SHAPE_NONE = 0,
    SHAPE_BY_STAFF, /* By X Staff */
    SHAPE_STAFF,    /* X Newsroom */
    SHAPE_DATE,     /* X | date */
    SHAPE_SOURCE,   /* Source: X */
    SHAPE_BY_FOR    /* By Jane Smith, X (flagged only for a coined X) */
} shape;

static const char *const shape_reason[] = {
    "", "by-staff-line", "newsroom-line", "brand-date-line", "source-line",
    "by-for-line",
};

/* A word that names a newsroom rather than a person (Staff, Desk, ...). */
static bool
staff_word(const char *w,
           size_t n)
{
    static const char *const words[] = {"desk", "editors", "editorial", "newsroom",
                                        "reporters", "staff", "team", "wire"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t l = strlen(words[k]);
        if (l != n)
            continue;
        size_t i = 0;
        while (i < n && (w[i] | 0x20) == words[k][i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Does s[0..n) start with the lower-case ASCII p, ignoring case? */
static bool
starts_ci(const char *s,
          size_t n,
          const char *p)
{
    size_t l = strlen(p);
    if (n < l)
        return false;
    for (size_t i = 0; i < l; i++)
        if ((char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) != p[i])
            return false;
    return true;
}

/* A month or weekday name (three letters or more of it). */
static bool
date_word(const char *w,
          size_t n)
{
    static const char *const names[] = {"january", "february", "march", "april", "may",
                                        "june", "july", "august", "september", "october",
                                        "november", "december", "monday", "tuesday",
                                        "wednesday", "thursday", "friday", "saturday",
                                        "sunday", "updated", "published", "posted"};
    if (n < 3)
        return false;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t l = strlen(names[k]);
        if (n > l)
            continue;
        size_t i = 0;
        while (i < n && (w[i] | 0x20) == names[k][i])
            i++;
        if (i == n && (n == l || n == 3 || (n == 4 && w[3] == '.')))
            return true;
    }
    return false;
}

/* Is s[0..n) a date (a month or weekday name, or digits with / - .),
 * and nothing longer than a few words? */
static bool
date_rest(const char *s,
          size_t n)
{
    size_t pos = 0, a, z;
    unsigned words = 0;
    bool date = false;
    while (det_next_word(s, n, &pos, &a, &z)) {
        if (++words > 6)
            return false;
        if (date_word(s + a, z - a))
            date = true;
        else if (det_is_digit(s[a]) && (z - a >= 4 || (z < n && (s[z] == '/' || s[z] == '.'))))
            date = true;
    }
    return date;
}

/*
 * A run of 1..PHRASE_MAX capitalised words from t[i] (the first not a
 * function, label or byline word; none all capitals): ends[] gets the end
 * of each word. Unlike a headline label, a brand may end in an ordinary
 * word ("X Report", "X Today").
 */
static unsigned
brand_words(const char *t,
            size_t len,
            size_t i,
            size_t *ends)
{
    unsigned n = 0;
    while (n < PHRASE_MAX && i < len) {
        size_t a = i, cl;
        while (i < len && (det_is_alnum_cp(det_cp_at(t, len, i, &cl)) || t[i] == '.' ||
                           t[i] == '\'' || t[i] == '&'))
            i += cl;
        while (i > a && (t[i - 1] == '.' || t[i - 1] == '\''))
            i--; /* "Staff." */
        /* all capitals: not a first word ("AP", "CNN"), an inner one may
         * be ("Cozeo AI Newsroom") */
        if (i == a || !det_is_upper_cp(det_cp_at(t, len, a, &cl)) ||
            (det_all_caps(t, a, i) && (n == 0 || i - a > 4)))
            break;
        if (n == 0 && (!det_is_cap_word(t, len, a, i) || ss_word_is_label(t + a, i - a) ||
                       ss_word_is_byline(t + a, i - a)))
            break;
        ends[n++] = i;
        if (i >= len || t[i] != ' ')
            break;
        i++;
    }
    return n;
}

/*
 * The brand of a byline line: [*xs, *xe) in b->text, and its shape, or
 * SHAPE_NONE. X is a phrase of capitalised words that is neither a date
 * nor a byline word itself.
 */
static shape
parse_line(const ss_block *b,
           size_t *xs,
           size_t *xe)
{
    const char *t = b->text;
    size_t len = b->len;
    /* one word: "Source:X" */
    if (b->n_words < 1 || b->n_words > BYLINE_WORDS_MAX || len > BYLINE_BYTES_MAX)
        return SHAPE_NONE;
    size_t i = 0;
    shape sh = SHAPE_NONE;
    if (starts_ci(t, len, "by ")) {
        i = 3;
        if (starts_ci(t + i, len - i, "the "))
            i += 4;
        sh = SHAPE_BY_STAFF;
    } else if (starts_ci(t, len, "source:") || starts_ci(t, len, "sources:")) {
        i = t[6] == ':' ? 7 : 8;
        if (i < len && t[i] == ' ')
            i++;
        sh = SHAPE_SOURCE;
    }
    size_t ends[PHRASE_MAX];
    unsigned n = brand_words(t, len, i, ends);
    if (n == 0)
        return SHAPE_NONE;
    size_t w0 = i;
    if (ss_word_is_byline(t + w0, ends[0] - w0) || date_word(t + w0, ends[0] - w0))
        return SHAPE_NONE;
    /* The first staff word after at least one brand word ends X. */
    for (unsigned k = 1; k < n && sh != SHAPE_SOURCE; k++) {
        size_t a = ends[k - 1] + 1;
        if (!staff_word(t + a, ends[k] - a))
            continue;
        size_t rest = ends[k];
        if (rest < len && !det_spaced_sep(t, len, rest) && t[rest] != ',')
            return SHAPE_NONE;
        if (rest < len && !date_rest(t + rest, len - rest))
            return SHAPE_NONE;
        *xs = w0;
        *xe = ends[k - 1];
        return sh == SHAPE_BY_STAFF ? SHAPE_BY_STAFF : SHAPE_STAFF;
    }
    if (sh == SHAPE_BY_STAFF) {
        /* "By Jane Smith": a person; "By Jane Smith, X": X is who she
         * writes for (proposed only: see detect_byline). */
        const char *comma = memchr(t + i, ',', len - i);
        if (!comma || comma + 2 >= t + len || comma[1] != ' ')
            return SHAPE_NONE;
        size_t c0 = (size_t)(comma - t) + 2;
        size_t e2[PHRASE_MAX];
        unsigned n2 = brand_words(t, len, c0, e2);
        if (n2 == 0 || e2[n2 - 1] != len)
            return SHAPE_NONE;
        *xs = c0;
        *xe = len;
        return SHAPE_BY_FOR;
    }
    size_t end = ends[n - 1];
    if (sh == SHAPE_SOURCE) {
        if (end < len && !(end + 1 == len && t[end] == '.'))
            return SHAPE_NONE;
        *xs = w0;
        *xe = end;
        return SHAPE_SOURCE;
    }
    size_t sep = det_spaced_sep(t, len, end);
    if (!sep || !date_rest(t + end + sep, len - end - sep))
        return SHAPE_NONE;
    *xs = w0;
    *xe = end;
    return SHAPE_DATE;
}

/* A use of X found elsewhere: where, and the span --clean cuts. */
typedef struct use {
    uint32_t block; /* block index or SS_TARGET_TITLE */
    uint32_t start, end;
    ss_where where;
} use;

typedef struct uses {
    unsigned honest;  /* ordinary uses: the name is real on this page */
    unsigned n;       /* injected-shape uses in u[] */
    use u[USES_MAX];
} uses;

/* Separator after a title prefix ("X: ", "X - ", "X | "): bytes to cut
 * after X, or 0. */
static size_t
title_prefix_sep(const char *t,
                 size_t n,
                 size_t e)
{
    if (e < n && t[e] == ':') {
        size_t k = e + 1;
        while (k < n && t[k] == ' ')
            k++;
        return k - e;
    }
    size_t s = det_spaced_sep(t, n, e);
    return s ? s : 0;
}

/* Classify one occurrence of X at t[p..p+xl) in a title string or the
 * headline (title set) or in another block. */
static void
classify(uses *u,
         const char *t,
         size_t n,
         size_t p,
         size_t xl,
         uint32_t block,
         bool title)
{
    size_t e = p + xl;
    uint32_t before = det_cp_before(t, n, p);
    size_t cl;
    uint32_t after = e < n ? det_cp_at(t, n, e, &cl) : 0;
    bool glued_before = det_is_alnum_cp(before);
    bool glued_after = det_is_alnum_cp(after);
    use nu = {block, (uint32_t)p, (uint32_t)e, title ? SS_WHERE_TITLE : SS_WHERE_BODY};
    bool injected = false;
    if (glued_before || glued_after) {
        /* "Brands", "Brand's": an ordinary inflection is an ordinary use. */
        size_t z = e;
        while (z < n && det_is_alnum_cp(det_cp_at(t, n, z, &cl)))
            z += cl;
        if (!glued_before && ss_word_is_suffix(t + e, z - e))
            injected = false;
        else
            injected = true;
    } else if (p == 0) {
        size_t sep = title_prefix_sep(t, n, e);
        if (title && sep) {
            injected = true;
            nu.end = (uint32_t)(e + sep);
        } else if (!title && e < n && t[e] == ':') {
            injected = true;
            nu.end = (uint32_t)(e + title_prefix_sep(t, n, e));
        } else if (!title && e + 1 < n && t[e] == ' ') {
            /* "X The judge said", "X Blake Smith is accused": a sentence
             * starts after the brand; "X said" is an ordinary use. */
            if (det_is_upper_cp(det_cp_at(t, n, e + 1, &cl))) {
                injected = true;
                nu.end = (uint32_t)(e + 1);
            }
        }
    }
    if (!injected) {
        u->honest++;
        return;
    }
    if (u->n < USES_MAX)
        u->u[u->n++] = nu;
}

/* Find the other uses of X (x[0..xl)) on the page, except in block skip. */
static void
find_uses(const ss_page *page,
          uint32_t skip,
          const char *x,
          size_t xl,
          uses *u)
{
    const char *titles[2] = {page->title, page->og_title};
    for (int k = 0; k < 2; k++) {
        const char *t = titles[k];
        if (!t || (k == 1 && page->title && !strcmp(t, page->title)))
            continue;
        size_t n = strlen(t);
        for (const char *p = det_find_bytes(t, n, x, xl); p;
             p = det_find_bytes(p + 1, n - (size_t)(p + 1 - t), x, xl))
            classify(u, t, n, (size_t)(p - t), xl, k == 0 ? SS_TARGET_TITLE : SS_NONE, true);
    }
    uint32_t nb = page->n_blocks < SCAN_BLOCKS_MAX ? page->n_blocks : SCAN_BLOCKS_MAX;
    for (uint32_t b = 0; b < nb && u->honest == 0; b++) {
        if (b == skip)
            continue;
        const ss_block *blk = &page->blocks[b];
        unsigned hits = 0;
        for (const char *p = det_find_bytes(blk->text, blk->len, x, xl); p && hits < HITS_PER_BLOCK;
             p = det_find_bytes(p + 1, blk->len - (size_t)(p + 1 - blk->text), x, xl), hits++)
            classify(u, blk->text, blk->len, (size_t)(p - blk->text), xl, b,
                     b == page->title_block);
    }
}

/* Does X (x[0..n)) end with a determiner ("Meet Our Team", "Contact
 * Our")? A heading's phrase, never a name. */
static bool
ends_with_determiner(const char *x,
                     size_t n)
{
    static const char *const det[] = {"a", "an", "her", "his", "its", "my", "our", "the",
                                      "their", "your"};
    size_t a = n;
    while (a > 0 && x[a - 1] != ' ')
        a--;
    for (size_t k = 0; k < sizeof det / sizeof det[0]; k++) {
        size_t l = strlen(det[k]);
        if (n - a != l)
            continue;
        size_t i = 0;
        while (i < l && (x[a + i] | 0x20) == det[k][i])
            i++;
        if (i == l)
            return true;
    }
    return false;
}

/* Does s[0..n) contain the ASCII text x[0..xn), ignoring case? */
static bool
contains_ci(const char *s,
            size_t n,
            const char *x,
            size_t xn)
{
    for (size_t i = 0; xn && i + xn <= n; i++) {
        size_t k = 0;
        while (k < xn && (s[i + k] | 0x20) == (x[k] | 0x20))
            k++;
        if (k == xn)
            return true;
    }
    return false;
}

/* Is the capitalised word w[0..n) used anywhere on the page outside the
 * byline line (another block, the title, in lower case too)? */
static bool
word_used(const ss_page *page,
          const char *w,
          size_t n)
{
    if (det_count_on_page(page, w, n, 2) >= 2)
        return true;
    const char *titles[2] = {page->title, page->og_title};
    for (int k = 0; k < 2; k++)
        if (titles[k] && contains_ci(titles[k], strlen(titles[k]), w, n))
            return true;
    char low[64];
    if (n > sizeof low)
        return true;
    memcpy(low, w, n);
    low[0] = (char)(low[0] >= 'A' && low[0] <= 'Z' ? low[0] + 32 : low[0]);
    return det_word_on_page(page, low, n);
}

/*
 * Is X (x[0..xl)) a coined company name foreign to the page: none of its
 * words of 3+ bytes is used anywhere else on it (in the title, another
 * block, in lower case), it is not the page's declared author or site
 * name, and it is shaped like a company, not a person: a word with a
 * capital inside ("KlenFund", "VividGate Trade") or a last word naming an
 * institution ("... Capital", "... Bank")? A real outlet named in its
 * byline is usually named again (a dateline, a copyright line, the site
 * name); a writer's "Jane Smith | March 3" is two plain words and stays
 * alone; a name an injector invents stands where it put it and nowhere
 * else.
 */
static bool
foreign_name(const ss_page *page,
             const char *x,
             size_t xl)
{
    const char *decl[2] = {page->meta.author, page->meta.site_name};
    for (int k = 0; k < 2; k++)
        if (decl[k] && (contains_ci(decl[k], strlen(decl[k]), x, xl) ||
                        contains_ci(x, xl, decl[k], strlen(decl[k]))))
            return false;
    size_t pos = 0, a, z;
    unsigned words = 0;
    bool inner = false, institution = false;
    while (det_next_word(x, xl, &pos, &a, &z)) {
        words++;
        institution = words > 1 && ss_word_is_finance(x + a, z - a);
        for (size_t i = a + 1; i < z; i++)
            if (x[i] >= 'A' && x[i] <= 'Z' && x[i - 1] >= 'a' && x[i - 1] <= 'z')
                inner = true;
        if (z - a >= 3 && word_used(page, x + a, z - a))
            return false;
    }
    return inner || institution;
}

/* Flag the byline line and the injected uses of its brand. */
static ss_status
emit(const ss_page *page,
     ss_evidence *ev,
     ss_arena *a,
     uint32_t line,
     const char *x,
     shape sh,
     const uses *u)
{
    double score = u->n ? 0.85 : 0.45;
    ss_finding f;
    det_finding_init(&f, SS_FLAG_INJECTED_BRAND, SS_WHERE_PAGE, line, score);
    f.drop_block = true;
    f.n_blocks = 1;
    f.text = x;
    ss_finding *s = det_add_or_merge(ev, &f, "fake-byline");
    if (!s)
        return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
    ss_evidence_add_reason(s, shape_reason[sh]);
    ss_evidence_add_reason(s, u->n ? "brand-repeated-as-splice" : "brand-nowhere-else");
    for (unsigned k = 0; k < u->n; k++) {
        const use *w = &u->u[k];
        if (w->block == SS_NONE)
            continue; /* og:title: nothing there to cut */
        ss_finding g;
        det_finding_init(&g, SS_FLAG_INJECTED_BRAND, w->where, w->block, score);
        g.start = w->start;
        g.end = w->end;
        g.text = x;
        ss_finding *t = det_add_or_merge(ev, &g, "fake-byline");
        if (!t)
            return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
        ss_evidence_add_reason(t, "brand-repeated-as-splice");
    }
    (void)page;
    return SS_OK;
}

/* Byline lines shaped "X | date" among blocks [from, to). */
static unsigned
date_lines(const ss_page *page,
           uint32_t from,
           uint32_t to)
{
    unsigned n = 0;
    for (uint32_t i = from; i < to && i < page->n_blocks; i++) {
        size_t xs, xe;
        if (parse_line(&page->blocks[i], &xs, &xe) == SHAPE_DATE)
            n++;
    }
    return n;
}

ss_status
detect_byline(const ss_page *page,
              ss_evidence *ev,
              ss_arena *a)
{
    if (!page || !ev || !a)
        return SS_ERR_ARG;
    uint32_t anchor = page->title_block != SS_NONE ? page->title_block
                      : page->main_first != SS_NONE ? page->main_first
                                                    : 0;
    uint32_t lo = anchor > 3 ? anchor - 3 : 0;
    uint32_t hi = anchor + BYLINE_AFTER < page->n_blocks ? anchor + BYLINE_AFTER : page->n_blocks;
    /* Also the lines just before the article text, when the headline was
     * not found next to it. */
    uint32_t m = page->main_first;
    uint32_t lo2 = m != SS_NONE ? (m > BYLINE_SCAN ? m - BYLINE_SCAN : 0) : lo;
    uint32_t hi2 = m != SS_NONE ? (m + BYLINE_INTO_MAIN < page->n_blocks ? m + BYLINE_INTO_MAIN
                                                                      : page->n_blocks)
                                : hi;
    uint32_t from = lo < lo2 ? lo : lo2, to = hi > hi2 ? hi : hi2;
    /* Two lines or more shaped "X | date" are entries of a list (comments,
     * forum posts, teasers: "HattiesBag · 03/03/2026"): none of them is a
     * byline, and no other line is a foreign name's. */
    bool listed = date_lines(page, from, to) >= 2;
    for (uint32_t i = from; i < to; i++) {
        const ss_block *b = &page->blocks[i];
        if ((i >= hi && i < lo2) || (i >= hi2 && i < lo))
            continue; /* between the two windows */
        /* A line right under the headline may be read as the first item
         * of a list of short lines (scraped text): it is still looked at. */
        bool under_title = page->title_block != SS_NONE && i > page->title_block &&
                           i <= page->title_block + 2;
        if (i == page->title_block || (b->widget != SS_NONE && !under_title))
            continue;
        size_t xs, xe;
        shape sh = parse_line(b, &xs, &xe);
        /* "Diary - March 13, 2001" in an h2 is a dated entry's title. */
        bool dated_heading = sh == SHAPE_DATE && (b->flags & SS_BLK_HEADING) &&
                             page->format == SS_FORMAT_HTML;
        if (sh == SHAPE_NONE || ends_with_determiner(b->text + xs, xe - xs) ||
            (listed && sh == SHAPE_DATE) || dated_heading)
            continue;
        /* Every byline-shaped line is a span candidate: the rules below
         * flag the clear cases, the span weights decide the rest. */
        if (ev->n_props < SS_EVIDENCE_PROPS_MAX) {
            ev->props[ev->n_props].block = i;
            ev->props[ev->n_props].start = (uint32_t)xs;
            ev->props[ev->n_props].end = (uint32_t)xe;
            ev->n_props++;
        }
        uses u;
        memset(&u, 0, sizeof u);
        find_uses(page, i, b->text + xs, xe - xs, &u);
        if (u.honest)
            continue;
        bool foreign = u.n == 0 && !listed && foreign_name(page, b->text + xs, xe - xs);
        /* "By Jane Smith, X": flagged only when X is a coined company
         * foreign to the page; a writer's outlet otherwise. */
        if (sh == SHAPE_BY_FOR && !foreign)
            continue;
        if (u.n == 0 && (sh == SHAPE_DATE || sh == SHAPE_SOURCE) && !foreign)
            continue;
        if (u.n == 0 && !memchr(b->text + xs, ' ', xe - xs) && !foreign)
            continue; /* one word named nowhere else: "By Marketing Team" */
        if (u.n == 0) {
            /* Named nowhere else: nor by its first word ("CTV" for "CTV.ca
             * News"), as a site's own name would be. */
            size_t w = xs;
            size_t cl;
            while (w < xe && det_is_alnum_cp(det_cp_at(b->text, b->len, w, &cl)))
                w += cl;
            if (w - xs >= 3 && w < xe) {
                uses v;
                memset(&v, 0, sizeof v);
                find_uses(page, i, b->text + xs, w - xs, &v);
                if (v.honest || v.n)
                    continue;
            }
        }
        const char *x = ss_arena_strndup(a, b->text + xs, xe - xs);
        if (!x)
            return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
        return emit(page, ev, a, i, x, sh, &u);
    }
    return SS_OK;
}
