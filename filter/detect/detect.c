/*
 * detect.c - structural detectors for injected spam (see detect.h).
 *
 * Nothing here knows a brand or a site name. The detectors look at shape and
 * position:
 *
 *  1. Spliced brand. Candidates are the capitalised phrases (1-4 words)
 *     right before a ':' or a glued '-' near the start of the title, the
 *     og:title and the headline. A candidate is confirmed when it reappears
 *     in other blocks where no writer puts a phrase: glued to the previous
 *     word ("wordBrand"), glued to the next one ("The Brandarrests"), after
 *     a comma without a space ("City,Brand State"), between a dateline's
 *     city and state, or before a colon at the start of the first sentence.
 *     A label that the article really is about ("Musk: ...", with "Musk"
 *     used normally in the text) never reappears that way, so it is left
 *     alone.
 *  2. Site-name suffix at the end of <title> ("... -Name Finance") when it
 *     is glued, finance-like, and not the page's own name.
 *  3. Slogan lines: a 2-3 word title-case line next to the headline, only
 *     on pages that carry other injection evidence.
 *  4. Promotional headlines: "Firstname Lastname: <promise>" where the
 *     promise is weighed with closed English word classes (wordlists.h).
 *  5. Junk widgets: like/vote counters ("veryGood! (123)"), share bars, and
 *     link lists whose items share no content words with the article.
 *
 * Spans emitted for --clean (the contract with clean.c):
 *  - a body splice: [start,end) covers the brand phrase exactly; deleting
 *    it restores "City, State" from "City,Brand State" (the space after the
 *    brand stays) and "The arrests" from "The Brandarrests";
 *  - a splice with spaces on both sides ("City, Brand State") or opening a
 *    paragraph ("Brand The judge", "Brand:The storm"): the phrase plus the
 *    space or colon and spaces after it;
 *  - a title/headline prefix: the phrase, its ':' or '-' and the spaces
 *    after it ("Brand:Headline" -> "Headline");
 *  - a site-name suffix: from the space before the separator to the end.
 * When a deletion leaves two letters or digits touching ("NewsBrand:Head"
 * -> "NewsHead") the cleaner is expected to put one space between them.
 */
#include "detect.h"

#include <stdint.h>
#include <string.h>

#include "wordlists.h"

#define PREFIX_SCAN_MAX 160     /* bytes of a title searched for "X:" */
#define CAND_MAX 24             /* brand candidates per page */
#define CAND_WORDS_MAX 4        /* words in a brand candidate */
#define CAND_BYTES_MIN 3
#define CAND_BYTES_MAX 60
#define OCC_PER_BLOCK_MAX 8     /* occurrences of a candidate per block */
#define SPLICES_MAX 64          /* body splices reported per page */
#define DATELINE_BYTES 100      /* where a dateline can be in a paragraph */
#define BODY_SCAN_BYTES 2000    /* bytes of a paragraph searched for splices */
#define SITE_NAME_BYTES_MAX 48
#define SOURCE_LINE_SCAN 10     /* top blocks searched for "Source:Name" */
#define SOURCE_LINE_WORDS 16
#define HEADLINE_SCAN 6        /* blocks at the top that may repeat the title */
#define SLOGAN_LOOKAHEAD 4      /* blocks after the headline */
#define PROMO_WORDS_MAX 30      /* words of a line checked for promo shape */
#define PROMO_OPENER_WORDS 20   /* a list item without a name: a short line */
#define COUNTER_WORDS_MAX 8
#define SHARE_WORDS_MAX 10
#define TOPIC_WORDS_MAX 20000   /* content words of the article kept */
#define TOPIC_MIN_WORDS 40      /* below this the article is too short to judge */
#define WIDGET_ITEMS_MAX 200
#define WIDGETS_MAX 512         /* list widgets judged per page */
#define WORD_BYTES_MAX 40
#define LINE_FINDINGS_MAX 256  /* promo/counter/share findings per page */

/* ------------------------------------------------------------------ */
/* UTF-8 and character classes                                         */

/* Decode the code point at s[i] (len bytes); *n gets its length. Invalid
 * bytes decode as themselves with length 1. */
static uint32_t
cp_at(const char *s,
      size_t len,
      size_t i,
      size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[i];
    *n = 1;
    if (c < 0x80)
        return c;
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (need == 1 || i + need > len)
        return c;
    uint32_t cp = c & (0xFF >> (need + 1));
    for (size_t k = 1; k < need; k++) {
        if ((u[i + k] & 0xC0) != 0x80)
            return c;
        cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    *n = need;
    return cp;
}

/* Decode the code point that ends right before s[i]; 0 when i == 0. */
static uint32_t
cp_before(const char *s,
          size_t len,
          size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    size_t n;
    uint32_t cp = cp_at(s, len, j, &n);
    return j + n == i ? cp : (unsigned char)s[i - 1];
}

/* A letter or digit (approximation: ASCII alnum, and any non-ASCII code
 * point outside the punctuation and symbol blocks). */
static bool
is_alnum_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) /* punctuation, symbols, arrows */
        return false;
    if (cp >= 0x3000 && cp <= 0x303F)
        return false;
    if (cp >= 0xFE30 && cp <= 0xFF20)
        return false;
    return true;
}

/* Upper-case letter (ASCII and Latin-1). */
static bool
is_upper_cp(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/* Lower-case letter (ASCII and Latin-1). */
static bool
is_lower_cp(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* ASCII digit. */
static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* First occurrence of needle[0..m) in hay[0..n), or NULL (portable memmem). */
static const char *
find_bytes(const char *hay,
           size_t n,
           const char *needle,
           size_t m)
{
    if (m == 0 || m > n)
        return NULL;
    const char *end = hay + n - m;
    for (const char *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, m) == 0)
            return p;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Evidence helpers                                                    */

/* Does f cover (at least partly) the same thing as o? */
static bool
same_target(const ss_finding *o,
            const ss_finding *f)
{
    if (o->kind != f->kind || o->block != f->block)
        return false;
    if (o->drop_block || f->drop_block)
        return o->drop_block && f->drop_block;
    if (o->start == o->end || f->start == f->end) /* evidence-only: */
        return strstr(o->text, f->text) || strstr(f->text, o->text);
    return o->start < f->end && f->start < o->end;
}

/*
 * Add f with reason to ev, or strengthen an existing finding of the same
 * kind on the same text (rule hits become detector-confirmed findings).
 * Returns the stored finding or NULL when out of memory.
 */
static ss_finding *
add_or_merge(ss_evidence *ev,
             ss_finding *f,
             const char *reason)
{
    for (size_t i = 0; i < ev->n; i++) {
        ss_finding *o = &ev->items[i];
        if (!same_target(o, f))
            continue;
        if (f->score > o->score)
            o->score = f->score;
        else if (o->score < 0.99)
            o->score += (1.0 - o->score) * 0.25; /* two signals agree */
        if (!o->drop_block && f->start != f->end &&
            (o->start == o->end || f->end - f->start > o->end - o->start)) {
            o->start = f->start; /* the detector's span is the cleaner one */
            o->end = f->end;
            o->text = f->text;
        }
        ss_evidence_add_reason(o, reason);
        return o;
    }
    ss_finding *s = ss_evidence_add(ev, f);
    if (s)
        ss_evidence_add_reason(s, reason);
    return s;
}

/* Highest score of findings of kind on the page (0 if none). */
static double
max_score(const ss_evidence *ev,
          ss_flag_kind kind)
{
    double m = 0;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->items[i].kind == kind && ev->items[i].score > m)
            m = ev->items[i].score;
    return m;
}

/* Strongest finding of kind on block b (NULL if none). */
static ss_finding *
finding_on(ss_evidence *ev,
           ss_flag_kind kind,
           uint32_t b)
{
    ss_finding *best = NULL;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->items[i].kind == kind && ev->items[i].block == b &&
            (!best || ev->items[i].score > best->score))
            best = &ev->items[i];
    return best;
}

/* Start a finding. */
static void
finding_init(ss_finding *f,
             ss_flag_kind kind,
             ss_where where,
             uint32_t block,
             double score)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->where = where;
    f->block = block;
    f->score = score > 0.99 ? 0.99 : score;
}

/* ------------------------------------------------------------------ */
/* 1. Spliced brand                                                    */

typedef struct cand {
    const char *s;   /* points into a title string */
    uint32_t len;
    uint32_t words;
    unsigned splices;
    unsigned normal; /* ordinary uses (spaces around) in other blocks */
    unsigned reasons;
    bool from_body;  /* found by its splice in the text, not in the title */
    bool at_start;   /* opens its title string ("Brand: Headline") */
    bool solo;       /* body candidate whose words occur nowhere else */
} cand;

static bool second_prefix(const cand *c);

/* Splice positions (bits of cand.reasons). */
enum {
    SP_GLUED_BEFORE = 1u << 0,
    SP_GLUED_AFTER = 1u << 1,
    SP_AFTER_COMMA = 1u << 2,
    SP_DATELINE = 1u << 3,
    SP_SENTENCE_PREFIX = 1u << 4,
    SP_TITLE_GLUED_COLON = 1u << 5,
    SP_PARAGRAPH_PREFIX = 1u << 6,
    SP_TITLE_GLUED_DASH = 1u << 7,
};

/* Reason string (static) for one SP_* bit. */
static const char *
splice_reason(unsigned bit)
{
    switch (bit) {
    case SP_GLUED_BEFORE: return "brand-glued-to-previous-word";
    case SP_GLUED_AFTER: return "brand-glued-to-next-word";
    case SP_AFTER_COMMA: return "brand-after-comma-without-space";
    case SP_DATELINE: return "brand-between-city-and-state";
    case SP_SENTENCE_PREFIX: return "brand-prefixes-first-sentence";
    case SP_TITLE_GLUED_COLON: return "brand-glued-colon-in-title";
    case SP_PARAGRAPH_PREFIX: return "brand-before-a-sentence";
    case SP_TITLE_GLUED_DASH: return "brand-glued-dash-in-title";
    default: return "brand";
    }
}

/* Word character of a name: letter, digit, '&', '\'', '.' */
static bool
is_name_byte(const char *s,
             size_t len,
             size_t i)
{
    size_t n;
    uint32_t cp = cp_at(s, len, i, &n);
    return is_alnum_cp(cp) || cp == '&' || cp == '\'' || cp == '.';
}

/* Is the word s[a..b) capitalised (starts with an upper-case letter or a
 * digit followed by letters) and not a function word? */
static bool
is_cap_word(const char *s,
            size_t len,
            size_t a,
            size_t b)
{
    size_t n;
    uint32_t cp = cp_at(s, len, a, &n);
    if (!is_upper_cp(cp))
        return false;
    return !ss_word_is_stop(s + a, b - a);
}

/* Append candidate s[a..b) unless present or invalid. */
static void
add_cand(cand *cv,
         size_t *cn,
         const char *s,
         size_t a,
         size_t b,
         unsigned words,
         unsigned reasons)
{
    size_t len = b - a;
    if (len < CAND_BYTES_MIN || len > CAND_BYTES_MAX || *cn >= CAND_MAX)
        return;
    if (words == 1 && ss_word_is_label(s + a, len))
        return; /* "Analysis:", "Opinion:" */
    for (size_t i = 0; i < *cn; i++)
        if (cv[i].len == len && memcmp(cv[i].s, s + a, len) == 0) {
            cv[i].reasons |= reasons;
            cv[i].at_start |= a == 0;
            return;
        }
    cand *c = &cv[(*cn)++];
    memset(c, 0, sizeof *c);
    c->s = s + a;
    c->len = (uint32_t)len;
    c->words = words;
    c->reasons = reasons;
    c->at_start = a == 0;
}

/*
 * Can a prefix start at t[a]? At the start of the title, after a breadcrumb
 * or section separator ("Home > News > ", "Section | ", "Label: "), or glued
 * to the end of one ("NewsBrand"). "The One to Watch:" has no prefix.
 */
static bool
starts_title(const char *t,
             size_t len,
             size_t a)
{
    size_t i = a;
    if (i > 0 && t[i - 1] != ' ')
        return is_lower_cp(cp_before(t, len, i));
    while (i > 0 && t[i - 1] == ' ')
        i--;
    if (i == 0)
        return true;
    uint32_t c = cp_before(t, len, i);
    return c == '>' || c == '|' || c == ':' || c == '/' || c == 0xBB ||
           c == '-' || c == 0x2013 || c == 0x2014 || c == 0x203A;
}

/*
 * Collect the capitalised phrases (1..CAND_WORDS_MAX words) that end right
 * before a ':' or a glued '-' near the start of title string t.
 */
static void
collect_candidates(const char *t,
                   cand *cv,
                   size_t *cn)
{
    size_t len = strlen(t);
    size_t scan = len < PREFIX_SCAN_MAX ? len : PREFIX_SCAN_MAX;
    for (size_t p = 1; p < scan; p++) {
        bool colon = t[p] == ':';
        bool dash = t[p] == '-' && p + 1 < len && t[p - 1] != ' ' &&
                    t[p + 1] >= 'A' && t[p + 1] <= 'Z';
        if (!colon && !dash)
            continue;
        if (colon && (p + 1 >= len || (t[p + 1] != ' ' && !is_upper_cp((unsigned char)t[p + 1]) &&
                                       !((unsigned char)t[p + 1] >= 0xC0))))
            continue; /* "10:30", "http:" */
        unsigned glued = dash ? SP_TITLE_GLUED_DASH :
                         t[p + 1] != ' ' ? SP_TITLE_GLUED_COLON : 0;
        size_t end = p;
        unsigned words = 0;
        while (words < CAND_WORDS_MAX && end > 0) {
            size_t a = end;
            while (a > 0 && is_name_byte(t, len, a - 1))
                a--;
            size_t n0;
            if (a == end || !is_upper_cp(cp_at(t, len, a, &n0)))
                break;
            words++;
            /* "Brand One" is a phrase, "One" alone is not a candidate. */
            if (starts_title(t, len, a) && is_cap_word(t, len, a, end))
                add_cand(cv, cn, t, a, p, words, glued);
            /* "NewsBrand Exchange": also the part after a case change. */
            for (size_t k = a + 1; k + 1 < end; k++) {
                size_t n1;
                uint32_t c0 = cp_before(t, len, k);
                uint32_t c1 = cp_at(t, len, k, &n1);
                if (is_lower_cp(c0) && is_upper_cp(c1))
                    add_cand(cv, cn, t, k, p, words, glued);
            }
            if (a == 0 || t[a - 1] != ' ')
                break;
            end = a - 1;
        }
    }
}

/* Length of the run of lower-case ASCII letters at s[i..). */
static size_t
lower_run(const char *s,
          size_t len,
          size_t i)
{
    size_t j = i;
    while (j < len && s[j] >= 'a' && s[j] <= 'z')
        j++;
    return j - i;
}

/* Does w[0..n) occur as a whole word in some block of the page? */
static bool
word_on_page(const ss_page *page,
             const char *w,
             size_t n)
{
    for (uint32_t b = 0; b < page->n_blocks; b++) {
        const ss_block *blk = &page->blocks[b];
        const char *p = blk->text;
        for (unsigned k = 0; k < OCC_PER_BLOCK_MAX && p; k++) {
            p = find_bytes(p, blk->len - (size_t)(p - blk->text), w, n);
            if (!p)
                break;
            size_t s = (size_t)(p - blk->text);
            if (!is_alnum_cp(cp_before(blk->text, blk->len, s)) &&
                (s + n >= blk->len || !is_alnum_cp((unsigned char)blk->text[s + n])))
                return true;
            p += n;
        }
    }
    return false;
}

/* Does t[s] follow a function word and one space ("The Brandreport")? */
static bool
after_function_word(const char *t,
                    size_t len,
                    size_t s)
{
    if (s < 2 || t[s - 1] != ' ')
        return false;
    size_t a = s - 1;
    while (a > 0 && is_alnum_cp(cp_before(t, len, a)) && s - a < 12)
        a--;
    return a < s - 1 && ss_word_is_stop(t + a, s - 1 - a);
}

/*
 * Is t[k..) (right after "Phrase " at the start of a paragraph) the start
 * of a sentence, so that the phrase stands alone in front of it? True for a
 * capitalised function word followed by more words ("The judge", "Most
 * patients") or an opening quote; for a phrase glued by a colon to the
 * title, any capitalised word ("Brand Defense attorneys said").
 */
static bool
paragraph_start_splice(const char *t,
                       size_t len,
                       size_t k,
                       const cand *c)
{
    size_t n;
    if (k >= len)
        return false;
    uint32_t cp = cp_at(t, len, k, &n);
    if (cp == '"' || cp == 0x201C)
        return true;
    if (!is_upper_cp(cp))
        return false;
    size_t z = k;
    while (z < len && is_alnum_cp(cp_at(t, len, z, &n)))
        z += n;
    if (z >= len || t[z] != ' ' || z + 1 >= len || !is_lower_cp(cp_at(t, len, z + 1, &n)))
        return false; /* the next word must go on in lower case */
    /* An all-capitals dateline ("WASHINGTON The ...") is not a phrase. */
    bool caps = true;
    for (size_t i = 0; i < c->len && caps; i++)
        if (c->s[i] >= 'a' && c->s[i] <= 'z')
            caps = false;
    if (caps)
        return false;
    return ss_word_is_stop(t + k, z - k) ||
           (c->reasons & (SP_TITLE_GLUED_COLON | SP_TITLE_GLUED_DASH));
}

/*
 * Classify the occurrence of candidate c at t[s..s+c->len) of block b:
 * returns the SP_* bit of a splice, or 0 for an ordinary use (*normal set)
 * or a non-word occurrence (inside a longer word).
 */
static unsigned
classify_occurrence(const ss_page *page,
                    uint32_t b,
                    uint32_t first_para,
                    const cand *c,
                    size_t s,
                    bool *normal)
{
    const ss_block *blk = &page->blocks[b];
    const char *t = blk->text;
    size_t len = blk->len;
    size_t e = s + c->len;
    size_t n;
    uint32_t prev = cp_before(t, len, s);
    uint32_t next = e < len ? cp_at(t, len, e, &n) : 0;
    uint32_t prev2 = s >= 1 ? cp_before(t, len, s - 1) : 0;

    *normal = false;
    if (is_alnum_cp(next)) {
        if (is_upper_cp(next) && is_lower_cp(cp_before(t, len, e)) && !is_alnum_cp(prev)) {
            /* "BrandThe ...": a one-word candidate glued to a capitalised
             * word may be a compound ("ExpressNews"); only a function word
             * ("The", "A", "In") makes it a splice. */
            size_t k = e;
            while (k < len && is_alnum_cp(cp_at(t, len, k, &n)))
                k += n;
            if (c->words > 1 || ss_word_is_stop(t + e, k - e))
                return SP_GLUED_AFTER;
            return 0;
        }
        if (is_lower_cp(next) && !is_alnum_cp(prev)) {
            size_t r = lower_run(t, len, e);
            bool word_end = e + r >= len || !is_alnum_cp(cp_at(t, len, e + r, &n));
            /* "The Brandarrests": the glued rest is a word of its own
             * (used elsewhere on the page, or the phrase is multi-word). */
            if (r >= 3 && word_end && !ss_word_is_suffix(t + e, r) &&
                (c->words > 1 || after_function_word(t, len, s) ||
                 word_on_page(page, t + e, r)))
                return SP_GLUED_AFTER;
        }
        return 0; /* inside a longer word: "Brands", "Brandt", "Science" */
    }
    if (is_alnum_cp(prev)) {
        /* "officialsBrand": the glued stem is a lower-case word (or a
         * function word: "TheBrand"); "McDonald", "WebQuest" and
         * "RadiologyEducation.com" are compounds, not splices. */
        size_t a = s;
        bool lower = true;
        unsigned steps = 0;
        while (a > 0 && steps++ < WORD_BYTES_MAX) {
            uint32_t cp = cp_before(t, len, a);
            if (!is_alnum_cp(cp))
                break;
            if (!is_lower_cp(cp) && !(cp >= '0' && cp <= '9'))
                lower = false;
            a--;
            while (a > 0 && ((unsigned char)t[a] & 0xC0) == 0x80)
                a--;
        }
        bool stem_ok = lower || ss_word_is_stop(t + a, s - a);
        if (s - a >= 3 && stem_ok && is_lower_cp(prev) && (c->words > 1 || c->len >= 5))
            return SP_GLUED_BEFORE;
        return 0;
    }
    if (prev == ',' && is_alnum_cp(prev2))
        return SP_AFTER_COMMA; /* "City,Brand State" */
    if ((b == first_para || page->blocks[b].role == SS_ROLE_MAIN) && s < DATELINE_BYTES &&
        prev == ' ' && prev2 == ',' && next == ' ' && e + 1 < len &&
        is_upper_cp(cp_at(t, len, e + 1, &n))) {
        /* "City, Brand State —" / "City, Brand North State —": one or
         * two capitalised words, then a dash or "(AP)". */
        size_t k = e + 1;
        for (int w = 0; w < 2; w++) {
            while (k < len && is_name_byte(t, len, k))
                k++;
            if (k + 2 < len && t[k] == ' ' &&
                ((unsigned char)t[k + 1] == 0xE2 || t[k + 1] == '-' || t[k + 1] == '('))
                return SP_DATELINE;
            if (k + 1 >= len || t[k] != ' ' || !is_upper_cp(cp_at(t, len, k + 1, &n)))
                break;
            k++;
        }
    }
    if (s == 0 && b == first_para && next == ':' && e + 1 < len &&
        is_upper_cp(cp_at(t, len, e + 1, &n)))
        return SP_SENTENCE_PREFIX; /* "Brand:The ..." opening the article */
    if (s == 0 && next == ' ' && e + 1 < len &&
        (t[e + 1] == '"' || cp_at(t, len, e + 1, &n) == 0x201C) && (!c->from_body || c->solo))
        return SP_SENTENCE_PREFIX; /* 'Brand "We have ...' */
    if (s == 0 && next == ' ' && c->solo)
        return SP_PARAGRAPH_PREFIX; /* shape checked by collect_opening() */
    if (s == 0 && next == ' ' && paragraph_start_splice(t, len, e + 1, c))
        return SP_PARAGRAPH_PREFIX; /* "Brand The judge said ..." */
    if (s == 0 && next == ' ' && !c->from_body && c->at_start && e + 1 < len &&
        is_upper_cp(cp_at(t, len, e + 1, &n)) && second_prefix(c))
        return SP_PARAGRAPH_PREFIX; /* "Brand State Treasurer Ana Ruiz said" */
    *normal = true;
    return 0;
}

/*
 * Is block b a copy of a title string or a headline line near the top
 * (text pages repeat the title, with breadcrumbs or a site name)? Such
 * blocks are where candidates come from, not where splices are counted.
 */
static bool
is_title_like(const ss_page *page,
              uint32_t b)
{
    if (b == page->title_block)
        return true;
    const ss_block *blk = &page->blocks[b];
    if (page->title && page->title[0] && strcmp(blk->text, page->title) == 0)
        return true;
    if (page->og_title && strcmp(blk->text, page->og_title) == 0)
        return true;
    if (b >= HEADLINE_SCAN || blk->widget != SS_NONE || blk->n_words < 3 ||
        blk->n_words > 40 || blk->len == 0 || blk->text[blk->len - 1] == '.')
        return false;
    return (blk->flags & SS_BLK_HEADING) || page->format == SS_FORMAT_TEXT;
}

/* Index of the first article paragraph (the dateline's block). */
static uint32_t
first_paragraph(const ss_page *page)
{
    uint32_t from = page->main_first != SS_NONE ? page->main_first : 0;
    uint32_t to = page->n_blocks;
    if (page->title_block != SS_NONE && page->title_block + 1 > from &&
        page->main_first == SS_NONE)
        from = page->title_block + 1;
    for (uint32_t b = from; b < to && b < from + 40; b++) {
        const ss_block *blk = &page->blocks[b];
        if (is_title_like(page, b) || (blk->flags & SS_BLK_HEADING) ||
            blk->widget != SS_NONE)
            continue;
        if (blk->n_words >= 12)
            return b;
    }
    return SS_NONE;
}

/*
 * Find the title-style prefix "X:" / "X-" of candidate c in string t
 * (first PREFIX_SCAN_MAX bytes). On success sets [*a,*z) to X, the
 * separator and the spaces after it.
 */
static bool
find_prefix(const char *t,
            size_t len,
            const cand *c,
            size_t *a,
            size_t *z)
{
    size_t scan = len < PREFIX_SCAN_MAX ? len : PREFIX_SCAN_MAX;
    const char *p = t;
    while (p && (size_t)(p - t) < scan) {
        p = find_bytes(p, len - (size_t)(p - t), c->s, c->len);
        if (!p || (size_t)(p - t) >= scan)
            return false;
        size_t s = (size_t)(p - t), e = s + c->len;
        if (e < len && (t[e] == ':' || t[e] == '-')) {
            size_t k = e + 1;
            while (k < len && t[k] == ' ')
                k++;
            *a = s;
            *z = k;
            return true;
        }
        p++;
    }
    return false;
}

/* Is the word t[a..z) written in capitals only ("WASHINGTON", "AP")? */
static bool
all_caps(const char *t,
         size_t a,
         size_t z)
{
    for (size_t i = a; i < z; i++)
        if (t[i] >= 'a' && t[i] <= 'z')
            return false;
    return true;
}

/*
 * Scan t[i..) for a phrase of 1..CAND_WORDS_MAX capitalised words (not
 * function words, not all capitals); store the end of each word in ends[]
 * and return how many words were found.
 */
static unsigned
phrase_words(const char *t,
             size_t len,
             size_t i,
             size_t *ends)
{
    unsigned words = 0;
    while (words < CAND_WORDS_MAX && i < len) {
        size_t a = i;
        while (i < len && is_name_byte(t, len, i))
            i++;
        size_t n0;
        if (i == a || !is_upper_cp(cp_at(t, len, a, &n0)) || all_caps(t, a, i) ||
            ss_word_is_label(t + a, i - a) || (words == 0 && !is_cap_word(t, len, a, i)))
            break;
        ends[words++] = i;
        if (i >= len || t[i] != ' ')
            break;
        i++;
    }
    return words;
}

/* How many times (up to max) does w[0..n) occur, as bytes, in the blocks? */
static unsigned
count_on_page(const ss_page *page,
              const char *w,
              size_t n,
              unsigned max)
{
    unsigned count = 0;
    for (uint32_t b = 0; b < page->n_blocks && count < max; b++) {
        const ss_block *blk = &page->blocks[b];
        const char *p = blk->text;
        for (unsigned k = 0; k < OCC_PER_BLOCK_MAX && p && count < max; k++) {
            p = find_bytes(p, blk->len - (size_t)(p - blk->text), w, n);
            if (!p)
                break;
            count++;
            p += n;
        }
    }
    return count;
}

/* Is every word of the phrase t[a..z) (3+ bytes) used only once on the
 * page, that is only at this splice? Invented names are; the names and
 * titles of an honest article come back ("Mayor Ellsworth said"). */
static bool
phrase_solo(const ss_page *page,
            const char *t,
            size_t a,
            size_t z)
{
    size_t i = a;
    while (i < z) {
        size_t k = i;
        while (k < z && t[k] != ' ')
            k++;
        if (k - i >= 3 && count_on_page(page, t + i, k - i, 2) > 1)
            return false;
        i = k + 1;
    }
    return true;
}

/* Does the capitalised word w[0..n) occur in lower case elsewhere on the
 * page ("Investors moved" ... "investors")? Then it is a common noun
 * opening a sentence, not the end of a name. */
static bool
common_noun_on_page(const ss_page *page,
                    const char *w,
                    size_t n)
{
    char buf[WORD_BYTES_MAX];
    if (n < 4 || n > sizeof buf || !(w[0] >= 'A' && w[0] <= 'Z'))
        return false;
    memcpy(buf, w, n);
    buf[0] = (char)(buf[0] + 32);
    for (size_t i = 1; i < n; i++)
        if (!(buf[i] >= 'a' && buf[i] <= 'z'))
            return false;
    return word_on_page(page, buf, n);
}

/*
 * Are the words of t[a..z) plain names: one capital, then lower case, no
 * gerund ("Growing again" after a lost line break), no inner capitals
 * ("AutoRPM", "ProfessorBothun")?
 */
static bool
plain_words(const char *t,
            size_t a,
            size_t z)
{
    size_t i = a;
    while (i < z) {
        size_t k = i + 1;
        while (k < z && t[k] != ' ') {
            if (t[k] >= 'A' && t[k] <= 'Z')
                return false;
            k++;
        }
        if (k - i > 5 && memcmp(t + k - 3, "ing", 3) == 0)
            return false;
        i = k + 1;
    }
    return true;
}

/*
 * Body candidates glued into running text: "newsBrand One was" (a phrase
 * glued to a lower-case word of 3+ and going on in lower case), and "The
 * Brand Holdingscompany" (a phrase after a function word whose last word
 * runs into a lower-case word that the page uses on its own, or whose
 * glued head is an institution word).
 */
static void
collect_glued(const ss_page *page,
              const char *t,
              size_t len,
              size_t i,
              cand *cv,
              size_t *cn)
{
    size_t ends[CAND_WORDS_MAX], n;
    uint32_t before_cp = cp_before(t, len, i);
    if (!is_lower_cp(before_cp) && !after_function_word(t, len, i))
        return; /* cheap test first: most capitals follow no function word */
    unsigned w = phrase_words(t, len, i, ends);
    if (w == 0)
        return;
    size_t e = ends[w - 1];
    if (memchr(t + i, '.', e - i))
        return; /* "Island. Meanwhile": a sentence end, not a phrase */
    if (is_lower_cp(before_cp)) {
        /* The phrase ends the glued run: a space and a lower-case word, or
         * a comma or full stop. */
        bool goes_on = e >= len || t[e] == ',' || t[e] == '.' || t[e] == ';' ||
                       (t[e] == ' ' && e + 1 < len && is_lower_cp(cp_at(t, len, e + 1, &n)));
        /* "ecoVoyager", "ultraOrthodox Shas" are compounds: the stem is a
         * word of 4+ and the phrase is used only here. */
        size_t a0 = i;
        while (a0 > 0 && i - a0 < WORD_BYTES_MAX && is_lower_cp(cp_before(t, len, a0)))
            a0--;
        /* One word glued once is how scraped text loses its spaces
         * ("speakerBetty"): a single word needs a second splice (see
         * detect_brand), a phrase a function word after it. */
        size_t z = e + 1;
        while (z < len && z - e < 12 && is_lower_cp(cp_at(t, len, z, &n)))
            z++;
        bool stop_next = e < len && t[e] == ' ' && ss_word_is_stop(t + e + 1, z - e - 1);
        /* The stem is a word: used on the page, a function word, or long
         * enough not to be a prefix ("ultraOrthodox", "ecoVoyager"). */
        size_t sl = i - a0;
        bool stem_ok = sl >= 6 || (sl >= 5 && t[i - 1] == 's') ||
                       (sl >= 4 && (word_on_page(page, t + a0, sl) || ss_word_is_stop(t + a0, sl)));
        if (goes_on && stop_next && (w > 1 || e - i >= 5) && stem_ok && plain_words(t, i, e) &&
            phrase_solo(page, t, i, e)) {
            size_t before = *cn;
            add_cand(cv, cn, t, i, e, w, 0);
            if (*cn > before)
                cv[before].solo = true; /* "agencyBrand will": checked here */
        }
        return;
    }
    if (w < 2 || !after_function_word(t, len, i))
        return;
    /* The last word hides a glued lower-case word: "Holdingscompany". */
    size_t ls = ends[w - 2] + 1;
    for (size_t j = ls + 3; j + 3 <= e; j++) {
        size_t r = lower_run(t, len, j);
        if (j + r != e || ss_word_is_suffix(t + j, r))
            continue;
        /* The split is only sure when the head is an institution word,
         * or when the tail is a long word the page uses on its own and
         * the whole glued word and the phrase's other words occur only
         * here ("Black Friday" and "Tim Morrison" come back whole). */
        bool solo = count_on_page(page, t + ls, e - ls, 2) == 1;
        bool tail_used = r >= 4 && word_on_page(page, t + j, r);
        if (solo && tail_used && r >= 6 && ss_word_is_finance(t + ls, j - ls) &&
            phrase_solo(page, t, i, ls - 1)) {
            add_cand(cv, cn, t, i, j, w, 0);
            return;
        }
    }
}

/*
 * A body candidate between a dateline's city and its state, with spaces:
 * "City, Brand State —". The state is a US state name, the phrase before
 * it is not part of one ("Charleston, West Virginia —" has no phrase).
 */
static void
collect_dateline(const char *t,
                 size_t len,
                 size_t i,
                 cand *cv,
                 size_t *cn)
{
    size_t ends[CAND_WORDS_MAX];
    if (ss_word_state_len(t + i, len - i))
        return;
    unsigned w = phrase_words(t, len, i, ends);
    for (unsigned k = 0; k < w; k++) {
        size_t z = ends[k] + 1;
        if (z >= len || t[ends[k]] != ' ')
            return;
        size_t sl = ss_word_state_len(t + z, len - z);
        if (!sl)
            continue;
        size_t d = z + sl;
        if (d + 2 < len && t[d] == ' ' &&
            ((unsigned char)t[d + 1] == 0xE2 || t[d + 1] == '-' || t[d + 1] == '('))
            add_cand(cv, cn, t, i, ends[k], k + 1, 0);
        return;
    }
}

/*
 * A body candidate opening a paragraph before a sentence: "Brand One "We
 * looked...", "Brand Exchange The project...", "Brand Trust Analysts
 * cautioned...". Honest paragraphs open with names too ("Police Chief Ana
 * Ruiz said"), so the phrase must be used nowhere else on the page and the
 * sentence must start with a quote, a function word, or a common noun
 * that the page also writes in lower case.
 */
static void
collect_opening(const ss_page *page,
                const char *t,
                size_t len,
                cand *cv,
                size_t *cn,
                bool *solo)
{
    size_t ends[CAND_WORDS_MAX], n;
    unsigned w = phrase_words(t, len, 0, ends);
    for (unsigned k = 2; k <= w; k++) {
        size_t e = ends[k - 1];
        if (e + 2 >= len || t[e] != ' ')
            return;
        size_t z = e + 1;
        uint32_t cp = cp_at(t, len, z, &n);
        size_t ls = ends[k - 2] + 1;
        if (!ss_word_is_finance(t + ls, e - ls))
            continue; /* "Brand Exchange The ..." */
        bool ok = cp == '"' || cp == 0x201C;
        if (!ok && is_upper_cp(cp)) {
            size_t q = z;
            while (q < len && is_alnum_cp(cp_at(t, len, q, &n)))
                q += n;
            ok = q + 1 < len && t[q] == ' ' && is_lower_cp(cp_at(t, len, q + 1, &n)) &&
                 (ss_word_is_stop(t + z, q - z) || common_noun_on_page(page, t + z, q - z));
        }
        if (ok && !memchr(t, '.', e) && phrase_solo(page, t, 0, e)) {
            add_cand(cv, cn, t, 0, e, k, 0);
            *solo = true;
            return;
        }
    }
}

/*
 * Candidates found in the text itself, for pages whose title carries no
 * prefix: a phrase glued after a dateline comma ("City,Brand State —") and
 * a finance-like phrase glued to a lower-case word ("tagsBrand Holdings
 * will"). A phrase opening a paragraph ("Brand The judge said") is not
 * enough on its own: honest pages glue inline headings the same way.
 */
static void
collect_body_candidates(const ss_page *page,
                        uint32_t first_para,
                        cand *cv,
                        size_t *cn)
{
    size_t ends[CAND_WORDS_MAX];
    unsigned scanned = 0;
    for (uint32_t b = 0; b < page->n_blocks && scanned < 400 && *cn < CAND_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        if (is_title_like(page, b) || blk->widget != SS_NONE ||
            (blk->role != SS_ROLE_MAIN && b != first_para) || blk->n_words < 6)
            continue;
        scanned++;
        const char *t = blk->text;
        size_t len = blk->len, n;
        size_t before = *cn;

        unsigned w;
        size_t cap = len < BODY_SCAN_BYTES ? len : BODY_SCAN_BYTES;
        for (size_t i = 1; i + 1 < cap && *cn < CAND_MAX; i++) {
            uint32_t before_cp = cp_before(t, len, i);
            uint32_t here = cp_at(t, len, i, &n);
            if (!is_upper_cp(here))
                continue;
            /* "City,Brand State —": all words but the state. */
            if (before_cp == ',' && i >= 2 && is_alnum_cp(cp_before(t, len, i - 1)) &&
                i < DATELINE_BYTES) {
                w = phrase_words(t, len, i, ends);
                if (w >= 2) {
                    size_t e = ends[w - 1];
                    if (e + 2 < len && t[e] == ' ' &&
                        ((unsigned char)t[e + 1] == 0xE2 || t[e + 1] == '-' || t[e + 1] == '('))
                        add_cand(cv, cn, t, i, ends[w - 2], w - 1, 0);
                }
            }
            /* "City, Brand State —" */
            if (before_cp == ' ' && i >= 2 && t[i - 2] == ',' && i < DATELINE_BYTES &&
                b == first_para)
                collect_dateline(t, len, i, cv, cn);
            /* "The Brand Holdingscompany said" */
            if (before_cp == ' ')
                collect_glued(page, t, len, i, cv, cn);
            /* "tagsBrand Holdings": glued to a lower-case word of 3+. */
            if (is_lower_cp(before_cp)) {
                size_t a0 = i;
                unsigned steps = 0;
                while (a0 > 0 && steps++ < WORD_BYTES_MAX && is_lower_cp(cp_before(t, len, a0)))
                    a0--;
                if (i - a0 < 3 || (a0 > 0 && is_alnum_cp(cp_before(t, len, a0))))
                    continue;
                w = phrase_words(t, len, i, ends);
                for (unsigned k = 1; k < w; k++) {
                    size_t ls = ends[k - 1] + 1;
                    if (ss_word_is_finance(t + ls, ends[k] - ls))
                        add_cand(cv, cn, t, i, ends[k], k + 1, 0);
                }
                collect_glued(page, t, len, i, cv, cn);
            }
        }
        bool solo = false;
        size_t opened = *cn;
        if (blk->n_words >= 8 && *cn < CAND_MAX)
            collect_opening(page, t, len, cv, cn, &solo);
        for (size_t ci = before; ci < *cn; ci++)
            cv[ci].from_body = true;
        if (solo && opened < *cn)
            cv[opened].solo = true;
    }
}

/*
 * Is what follows the candidate's glued colon a headline (4+ words before
 * any breadcrumb sign) rather than a field label ("Current:Home > News")?
 */
static bool
glued_headline(const cand *c)
{
    const char *p = c->s + c->len + 1; /* after the ':' */
    unsigned words = 0;
    bool in = false;
    for (unsigned i = 0; p[i] && i < 80; i++) {
        if (p[i] == '>' || p[i] == '|' || ((unsigned char)p[i] == 0xC2 &&
                                           (unsigned char)p[i + 1] == 0xBB))
            return false;
        if (p[i] == ' ') {
            in = false;
        } else if (!in) {
            in = true;
            if (++words >= 4)
                return true;
        }
    }
    return false;
}

/* How many title copies (blocks that repeat the title) contain w[0..n)? */
static unsigned
title_copies(const ss_page *page,
             const char *w,
             size_t n)
{
    unsigned k = 0;
    for (uint32_t b = 0; b < page->n_blocks; b++)
        if (is_title_like(page, b) && find_bytes(page->blocks[b].text, page->blocks[b].len, w, n))
            k++;
    return k;
}

/* Does any word of candidate c (3+ bytes, not an institution word) occur
 * in a block that is not a copy of the title, other than at its splices? */
static bool
phrase_used(const ss_page *page,
            const cand *c)
{
    size_t i = 0;
    while (i < c->len) {
        size_t k = i;
        while (k < c->len && c->s[k] != ' ')
            k++;
        if (k - i >= 3 && k - i < WORD_BYTES_MAX && !ss_word_is_finance(c->s + i, k - i)) {
            char low[WORD_BYTES_MAX];
            memcpy(low, c->s + i, k - i);
            if (low[0] >= 'A' && low[0] <= 'Z')
                low[0] = (char)(low[0] + 32); /* "Study:" and "a study" */
            if (count_on_page(page, c->s + i, k - i, 8) >
                    title_copies(page, c->s + i, k - i) + c->splices ||
                word_on_page(page, low, k - i))
                return true;
        }
        i = k + 1;
    }
    return false;
}

/* Does a capitalised word in lower case ("Judge", not "JHU") follow the
 * separator (and its spaces) after candidate c? */
static bool
headline_word_after(const cand *c)
{
    const char *p = c->s + c->len + 1;
    while (*p == ' ')
        p++;
    return p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'a' && p[1] <= 'z';
}

/* Does a second prefix follow c's separator ("Brand: Fact check: ...",
 * "Brand-Surname: ...")? A label or a speaker's name opens a title; a
 * phrase in front of it was put there. */
static bool
second_prefix(const cand *c)
{
    const char *p = c->s + c->len + 1;
    while (*p == ' ')
        p++;
    unsigned words = 0;
    for (unsigned i = 0; p[i] && i < 40; i++) {
        if (p[i] == ':')
            return words >= 1 && words <= 3 && (p[i + 1] == ' ' || (p[i + 1] >= 'A' && p[i + 1] <= 'Z'));
        if (i == 0 || p[i - 1] == ' ') {
            if (!((p[i] >= 'A' && p[i] <= 'Z') || (words > 0 && p[i] >= 'a' && p[i] <= 'z')))
                return false;
            words++;
        } else if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
                     p[i] == ' ' || p[i] == '\'' || p[i] == '-')) {
            return false;
        }
    }
    return false;
}

/* Length of the last word of candidate c. */
static size_t
last_word_len(const cand *c)
{
    size_t i = c->len;
    while (i > 0 && c->s[i - 1] != ' ')
        i--;
    return c->len - i;
}

/* Is the last word of candidate c an institution word ("... Capital")? */
static bool
last_word_finance(const cand *c)
{
    const char *last = c->s;
    for (size_t i = 0; i < c->len; i++)
        if (c->s[i] == ' ')
            last = c->s + i + 1;
    return ss_word_is_finance(last, (size_t)(c->s + c->len - last));
}

/* Score of a confirmed brand candidate. */
static double
brand_score(const cand *c)
{
    double s = 0.6 + 0.12 * (c->splices > 3 ? 3 : c->splices);
    const char *last = c->s;
    for (size_t i = 0; i < c->len; i++)
        if (c->s[i] == ' ')
            last = c->s + i + 1;
    if (ss_word_is_finance(last, (size_t)(c->s + c->len - last)))
        s += 0.1;
    if (c->reasons & SP_TITLE_GLUED_COLON)
        s += 0.05;
    return s > 0.98 ? 0.98 : s;
}

/* Add the reasons of c (SP_* bits) to f. */
static void
add_splice_reasons(ss_finding *f,
                   unsigned bits)
{
    for (unsigned bit = 1; bit <= SP_TITLE_GLUED_DASH; bit <<= 1)
        if (bits & bit)
            ss_evidence_add_reason(f, splice_reason(bit));
}

/* Emit a title-prefix finding for c in string t (block or title). */
static ss_status
emit_prefix(ss_evidence *ev,
            ss_arena *a,
            const cand *c,
            const char *t,
            size_t len,
            uint32_t block,
            ss_where where,
            double score)
{
    size_t s, z;
    if (!find_prefix(t, len, c, &s, &z))
        return SS_OK;
    ss_finding f;
    finding_init(&f, SS_FLAG_INJECTED_BRAND, where, block, score);
    f.start = (uint32_t)s;
    f.end = (uint32_t)z;
    f.text = ss_arena_strndup(a, c->s, c->len);
    if (!f.text)
        return SS_ERR_NOMEM;
    ss_finding *st = add_or_merge(ev, &f, "brand-title-prefix");
    if (!st)
        return SS_ERR_NOMEM;
    add_splice_reasons(st, c->reasons);
    return SS_OK;
}

/* The spliced-brand detector. */
static ss_status
detect_brand(const ss_page *page,
             ss_evidence *ev,
             ss_arena *a)
{
    cand cv[CAND_MAX];
    size_t cn = 0;
    if (page->title)
        collect_candidates(page->title, cv, &cn);
    if (page->og_title)
        collect_candidates(page->og_title, cv, &cn);
    for (uint32_t b = 0; b < page->n_blocks && b < HEADLINE_SCAN; b++)
        if (is_title_like(page, b))
            collect_candidates(page->blocks[b].text, cv, &cn);
    if (page->title_block < page->n_blocks && page->title_block >= HEADLINE_SCAN)
        collect_candidates(page->blocks[page->title_block].text, cv, &cn);
    uint32_t first_para = first_paragraph(page);
    collect_body_candidates(page, first_para, cv, &cn);
    if (cn == 0)
        return SS_OK;

    for (size_t ci = 0; ci < cn; ci++) {
        cand *c = &cv[ci];
        for (uint32_t b = 0; b < page->n_blocks; b++) {
            if (is_title_like(page, b))
                continue;
            const ss_block *blk = &page->blocks[b];
            const char *p = blk->text;
            for (unsigned k = 0; k < OCC_PER_BLOCK_MAX && p; k++) {
                p = find_bytes(p, blk->len - (size_t)(p - blk->text), c->s, c->len);
                if (!p)
                    break;
                bool normal;
                unsigned sp = classify_occurrence(page, b, first_para, c,
                                                  (size_t)(p - blk->text), &normal);
                /* A block that repeats the title with its prefix (text
                 * pages: breadcrumb + title) is a title copy, not a use. */
                size_t s0 = (size_t)(p - blk->text);
                if (!sp && c->len + s0 < blk->len &&
                    (blk->text[s0 + c->len] == ':') && s0 < PREFIX_SCAN_MAX)
                    normal = false;
                if (sp)
                    c->splices++, c->reasons |= sp;
                else if (normal)
                    c->normal++;
                p += c->len;
            }
        }
    }

    /* The best candidate: most splices, then from the title, then the
     * longest. A title prefix glued by a colon ("Brand:Headline") that the
     * text never uses normally is weaker evidence on its own. */
    cand *best = NULL;
    for (size_t ci = 0; ci < cn; ci++) {
        cand *c = &cv[ci];
        /* A phrase before a sentence at a paragraph start is also how
         * honest pages glue an inline heading ("Finally The ..."): alone it
         * only confirms a prefix glued by a colon to the title. */
        unsigned strong = c->reasons & (SP_GLUED_BEFORE | SP_GLUED_AFTER | SP_AFTER_COMMA |
                                        SP_DATELINE | SP_SENTENCE_PREFIX);
        bool para_ok = (c->reasons & SP_PARAGRAPH_PREFIX) &&
                       (c->solo || (!c->from_body &&
                                    (c->reasons & (SP_TITLE_GLUED_COLON | SP_TITLE_GLUED_DASH))));
        bool confirmed = c->splices > 0 && c->splices >= c->normal && (strong || para_ok);
        if (c->from_body && c->words == 1 && c->splices < 2 && !c->solo &&
            !(c->reasons & (SP_DATELINE | SP_AFTER_COMMA)))
            confirmed = false; /* one glued word once: lost space, not a brand */
        bool glued_only = !c->from_body && (c->reasons & SP_TITLE_GLUED_COLON) &&
                          c->normal == 0 && glued_headline(c) && !all_caps(c->s, 0, c->len);
        /* "Brand: Headline" / "Brand-Headline" opening the title, with a
         * phrase that the page never uses anywhere else: a subject or
         * label before a colon is what the article is about, so it comes
         * back in the text ("Musk: ..." and "Musk said"). */
        bool glued_sep = c->reasons & (SP_TITLE_GLUED_COLON | SP_TITLE_GLUED_DASH);
        bool two_prefixes = second_prefix(c);
        bool title_only = !c->from_body && c->at_start && c->normal == 0 &&
                          (c->splices == 0 || (c->reasons & SP_PARAGRAPH_PREFIX)) &&
                          ((c->words >= 2 && last_word_len(c) >= 3 &&
                            (glued_sep || last_word_finance(c))) ||
                           (two_prefixes && c->len >= 4)) &&
                          headline_word_after(c) &&
                          glued_headline(c) && !all_caps(c->s, 0, c->len) &&
                          !memchr(c->s, '.', c->len) && !phrase_used(page, c);
        if (!confirmed && !glued_only && !title_only)
            continue;
        if (!best || c->splices > best->splices ||
            (c->splices == best->splices && !c->from_body && best->from_body) ||
            (c->splices == best->splices && c->from_body == best->from_body &&
             c->len > best->len))
            best = c;
    }
    if (!best)
        return SS_OK;

    double score = best->splices ? brand_score(best) :
                   best->reasons & (SP_TITLE_GLUED_COLON | SP_TITLE_GLUED_DASH) ? 0.55 : 0.5;
    if (best->from_body && !(best->reasons & (SP_GLUED_BEFORE | SP_GLUED_AFTER |
                                              SP_AFTER_COMMA | SP_DATELINE)))
        score -= 0.15; /* no title prefix and no glued splice */
    ss_status st;
    if (page->title && page->title[0]) {
        st = emit_prefix(ev, a, best, page->title, strlen(page->title),
                         SS_TARGET_TITLE, SS_WHERE_TITLE, score);
        if (st != SS_OK)
            return st;
    }
    /* Headline and blocks repeating the title ("Crumb > NewsBrand:Title"). */
    for (uint32_t b = 0; b < page->n_blocks; b++) {
        const ss_block *blk = &page->blocks[b];
        if (!is_title_like(page, b))
            continue;
        st = emit_prefix(ev, a, best, blk->text, blk->len, b, SS_WHERE_TITLE, score);
        if (st != SS_OK)
            return st;
    }
    if (!best->splices)
        return SS_OK;

    /* Every body splice. */
    unsigned emitted = 0;
    for (uint32_t b = 0; b < page->n_blocks && emitted < SPLICES_MAX; b++) {
        if (is_title_like(page, b))
            continue;
        const ss_block *blk = &page->blocks[b];
        const char *p = blk->text;
        for (unsigned k = 0; k < OCC_PER_BLOCK_MAX && p; k++) {
            p = find_bytes(p, blk->len - (size_t)(p - blk->text), best->s, best->len);
            if (!p)
                break;
            bool normal;
            size_t s = (size_t)(p - blk->text);
            unsigned sp = classify_occurrence(page, b, first_para, best, s, &normal);
            p += best->len;
            if (!sp)
                continue;
            ss_finding f;
            finding_init(&f, SS_FLAG_INJECTED_BRAND,
                         blk->widget != SS_NONE ? SS_WHERE_WIDGET : SS_WHERE_BODY,
                         b, score);
            f.start = (uint32_t)s;
            f.end = (uint32_t)(s + best->len);
            if (sp == SP_DATELINE && f.end < blk->len && blk->text[f.end] == ' ')
                f.end++; /* "City, Brand State" -> "City, State" */
            if (sp == SP_SENTENCE_PREFIX || sp == SP_PARAGRAPH_PREFIX) {
                size_t z = f.end + 1;
                while (z < blk->len && blk->text[z] == ' ')
                    z++;
                f.end = (uint32_t)z; /* "Brand:The" -> "The" */
            }
            f.text = ss_arena_strndup(a, best->s, best->len);
            if (!f.text)
                return SS_ERR_NOMEM;
            ss_finding *stored = add_or_merge(ev, &f, splice_reason(sp));
            if (!stored)
                return SS_ERR_NOMEM;
            ss_evidence_add_reason(stored, "brand-title-prefix");
            emitted++;
        }
    }
    return SS_OK;
}

/* ------------------------------------------------------------------ */
/* 2. Site-name suffix                                                 */

/* Does any block other than title copies contain name[0..n)? */
static bool
appears_in_blocks(const ss_page *page,
                  const char *name,
                  size_t n)
{
    for (uint32_t b = 0; b < page->n_blocks; b++) {
        if (is_title_like(page, b))
            continue;
        if (find_bytes(page->blocks[b].text, page->blocks[b].len, name, n))
            return true;
    }
    return false;
}

/* Look for a site-name suffix in title string t (the <title> when block is
 * SS_TARGET_TITLE, else a headline-like block). */
static ss_status
site_name_in(const ss_page *page,
             ss_evidence *ev,
             ss_arena *a,
             const char *t,
             uint32_t block)
{
    if (!t || !t[0])
        return SS_OK;
    size_t len = strlen(t);
    /* Last separator: " -", " |", " —", " –", or a dash or underscore
     * glued on both sides ("plays-Name", "closes_Name"). */
    size_t sep = 0, name = 0;
    bool glued = false, hyphen = false;
    for (size_t i = len > SITE_NAME_BYTES_MAX + 4 ? len - SITE_NAME_BYTES_MAX - 4 : 1;
         i + 1 < len; i++) {
        uint32_t pc = cp_before(t, len, i);
        bool both = (t[i] == '-' || t[i] == '_') && t[i - 1] != ' ' && i + 1 < len &&
                    t[i + 1] >= 'A' && t[i + 1] <= 'Z' &&
                    (is_lower_cp(pc) || pc == '\'' || pc == '"' || pc == ')' ||
                     pc == 0x2019 || pc == 0x201D);
        if (t[i - 1] != ' ' && !both)
            continue; /* "plays-Open Haven Wealth" is glued on both sides */
        size_t w = 0;
        if (t[i] == '-' || t[i] == '|' || t[i] == '_')
            w = 1;
        else if ((unsigned char)t[i] == 0xE2 && i + 2 < len &&
                 (unsigned char)t[i + 1] == 0x80 &&
                 ((unsigned char)t[i + 2] == 0x94 || (unsigned char)t[i + 2] == 0x93))
            w = 3;
        if (!w)
            continue;
        sep = both ? i : i - 1;
        hyphen = both;
        glued = t[i + w] != ' ';
        name = i + w;
        while (name < len && t[name] == ' ')
            name++;
    }
    if (!sep || name >= len)
        return SS_OK;

    /* The suffix must look like a name: 1-4 capitalised words. */
    unsigned words = 0;
    bool finance = false;
    size_t i = name;
    while (i < len) {
        size_t a0 = i;
        while (i < len && is_name_byte(t, len, i))
            i++;
        if (i == a0)
            return SS_OK;
        size_t n;
        if (!is_upper_cp(cp_at(t, len, a0, &n)) && !is_digit(t[a0]))
            return SS_OK;
        if (ss_word_is_finance(t + a0, i - a0))
            finance = true;
        if (++words > 4)
            return SS_OK;
        if (i < len && t[i] != ' ')
            return SS_OK;
        while (i < len && t[i] == ' ')
            i++;
    }

    /* "plays-Name" may be a hyphenated compound ("Home-Entertainment",
     * "Al-Sabah") and "Title_Site" is how some CMSs join their name: on
     * their own they are weaker than " -Name". */
    double score = hyphen ? 0.3 : glued ? 0.55 : 0.15;
    bool branded = max_score(ev, SS_FLAG_INJECTED_BRAND) >= 0.5;
    if (finance)
        score += 0.25;
    if (branded)
        score += 0.2;
    /* The page's own name is usually repeated in its header or footer
     * (fake sites repeat theirs too, so this only weakens the signal, and
     * not at all on a page that carries an injected brand). */
    else if (appears_in_blocks(page, t + name, len - name))
        score -= 0.15;
    if (score < 0.5)
        return SS_OK;

    ss_finding f;
    finding_init(&f, SS_FLAG_SITE_NAME, SS_WHERE_TITLE, block, score);
    f.start = (uint32_t)sep;
    f.end = (uint32_t)len;
    f.text = ss_arena_strndup(a, t + name, len - name);
    if (!f.text)
        return SS_ERR_NOMEM;
    ss_finding *s = add_or_merge(ev, &f, glued ? "site-name-glued-dash" : "site-name-suffix");
    if (!s)
        return SS_ERR_NOMEM;
    if (finance)
        ss_evidence_add_reason(s, "site-name-finance-word");
    return SS_OK;
}

/*
 * A finance-like name as the source of the article in a dateline or byline
 * line at the top ("2025-03-02 10:15 Source:Name Markets"): the fake site
 * signs the copy it republished. Honest lines name a paper ("Source: County
 * Herald") or sit under a chart in the body.
 */
static ss_status
source_line(const ss_page *page,
            ss_evidence *ev,
            ss_arena *a,
            uint32_t b)
{
    const ss_block *blk = &page->blocks[b];
    if (blk->n_words > SOURCE_LINE_WORDS)
        return SS_OK;
    const char *p = find_bytes(blk->text, blk->len, "Source:", 7);
    if (!p)
        return SS_OK;
    const char *t = blk->text;
    size_t len = blk->len;
    size_t i = (size_t)(p - t) + 7;
    bool glued = i < len && t[i] != ' ';
    while (i < len && t[i] == ' ')
        i++;
    size_t ends[CAND_WORDS_MAX];
    unsigned w = phrase_words(t, len, i, ends);
    if (w == 0 || ends[w - 1] != len)
        return SS_OK; /* the name must end the line */
    size_t ls = w >= 2 ? ends[w - 2] + 1 : i;
    if (!ss_word_is_finance(t + ls, len - ls))
        return SS_OK;
    ss_finding f;
    finding_init(&f, SS_FLAG_SITE_NAME, SS_WHERE_PAGE, b, glued ? 0.65 : 0.55);
    f.start = (uint32_t)i;
    f.end = (uint32_t)len;
    f.text = ss_arena_strndup(a, t + i, len - i);
    if (!f.text)
        return SS_ERR_NOMEM;
    ss_finding *st = add_or_merge(ev, &f, "site-name-in-source-line");
    if (!st)
        return SS_ERR_NOMEM;
    ss_evidence_add_reason(st, "site-name-finance-word");
    return SS_OK;
}

/* The site-name suffix detector: <title> and the headline lines. */
static ss_status
detect_site_name(const ss_page *page,
                 ss_evidence *ev,
                 ss_arena *a)
{
    ss_status st = site_name_in(page, ev, a, page->title, SS_TARGET_TITLE);
    for (uint32_t b = 0; st == SS_OK && b < page->n_blocks && b < SOURCE_LINE_SCAN; b++)
        st = source_line(page, ev, a, b);
    for (uint32_t b = 0; st == SS_OK && b < page->n_blocks && b < HEADLINE_SCAN; b++)
        if (is_title_like(page, b) &&
            !(page->title && strcmp(page->blocks[b].text, page->title) == 0))
            st = site_name_in(page, ev, a, page->blocks[b].text, b);
    return st;
}

/* ------------------------------------------------------------------ */
/* Words                                                               */

/* Iterate words of s: letters/digits runs (ASCII-folded later). Returns
 * false at the end; sets [*a,*z). */
static bool
next_word(const char *s,
          size_t len,
          size_t *pos,
          size_t *a,
          size_t *z)
{
    size_t i = *pos, n;
    while (i < len && !is_alnum_cp(cp_at(s, len, i, &n)))
        i += n;
    if (i >= len) {
        *pos = len;
        return false;
    }
    *a = i;
    while (i < len && (is_alnum_cp(cp_at(s, len, i, &n)) ||
                       (s[i] == '-' && i + 1 < len && is_alnum_cp((unsigned char)s[i + 1]))))
        i += n;
    *z = i;
    *pos = i;
    return true;
}

/* ------------------------------------------------------------------ */
/* 4. Promotional headlines                                            */

/* Verbs that follow a name in a promotional headline without a colon
 * ("Name Surname reveals ...", "... named chief strategist of ..."). */
static bool
promo_verb(const char *w,
           size_t n)
{
    static const char *const verbs[] = {"appointed", "joins", "named", "reveals",
                                        "shares", "takes", "unveils"};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strlen(verbs[i]) == n && memcmp(verbs[i], w, n) == 0)
            return true;
    return false;
}

/*
 * Does s start with a person-like name (2-3 capitalised words, each an
 * upper-case letter then lower-case letters) followed by ':' or by one of
 * the promo verbs? Sets *rest to the offset after the colon (or the start
 * of the verb) and *colon to which of the two it was.
 */
static bool
name_colon(const char *s,
           size_t len,
           size_t *rest,
           bool *colon)
{
    size_t i = 0, n;
    unsigned words = 0;
    while (words < 4) {
        size_t a = i;
        if (i >= len || !is_upper_cp(cp_at(s, len, i, &n)))
            return false;
        i += n;
        size_t lowers = 0;
        while (i < len) {
            uint32_t cp = cp_at(s, len, i, &n);
            if (is_lower_cp(cp))
                lowers++;
            else if (!(cp == '-' || cp == '\'') || lowers == 0)
                break;
            i += n;
        }
        /* Not a name: function words, labels, institution or promise
         * words, gerunds ("Interviewing Strategies:"). */
        size_t wl = i - a;
        if (lowers == 0 || ss_word_is_stop(s + a, wl) || ss_word_is_label(s + a, wl) ||
            ss_word_is_finance(s + a, wl) || ss_word_promise(s + a, wl) ||
            (wl > 5 && memcmp(s + i - 3, "ing", 3) == 0) ||
            (wl > 4 && memcmp(s + i - 3, "ies", 3) == 0))
            return false;
        words++;
        if (i < len && s[i] == ':') {
            if (words < 2 || words > 3)
                return false;
            *rest = i + 1;
            *colon = true;
            return true;
        }
        if (i >= len || s[i] != ' ')
            return false;
        i++;
        if (words >= 2) {
            size_t z = i;
            while (z < len && s[z] >= 'a' && s[z] <= 'z')
                z++;
            if (z > i && promo_verb(s + i, z - i)) {
                *rest = i;
                *colon = false;
                return true;
            }
        }
    }
    return false;
}

/* Promise points of text: one per SS_PROMISE_* class present, one for
 * "most <word>"/"in history", half for '!' and '%'. */
static double
promise_points(const char *s,
               size_t len,
               unsigned *mask_out)
{
    unsigned mask = 0;
    size_t pos = 0, a, z;
    bool prev_most = false, prev_in = false, finance = false, you = false;
    double extra = 0;
    unsigned words = 0;
    while (words++ < 60 && next_word(s, len, &pos, &a, &z)) {
        size_t n = z - a;
        unsigned pm = ss_word_promise(s + a, n);
        mask |= pm;
        finance |= !pm && ss_word_is_finance(s + a, n); /* not "money" twice */
        you |= (n == 3 && strncmp(s + a, "you", 3) == 0) ||
               (n == 4 && strncmp(s + a, "your", 4) == 0);
        /* A multiplier: "10x", "100X". */
        if (n >= 2 && n <= 4 && (s[z - 1] == 'x' || s[z - 1] == 'X') && is_digit(s[a]))
            mask |= SS_PROMISE_MONEY;
        if (prev_most && !ss_word_is_stop(s + a, n))
            mask |= SS_PROMISE_SUPERLATIVE;
        if (prev_in && n == 7 && strncmp(s + a, "history", 7) == 0)
            mask |= SS_PROMISE_SUPERLATIVE;
        prev_most = n == 4 && strncmp(s + a, "most", 4) == 0;
        prev_in = n == 2 && strncmp(s + a, "in", 2) == 0;
    }
    if (memchr(s, '%', len))
        mask |= SS_PROMISE_MONEY;
    for (size_t i = 0; i + 1 < len; i++)
        if ((s[i] == '$' || (unsigned char)s[i] == 0xA3 /* part of a pound sign */) &&
            is_digit(s[i + 1]))
            mask |= SS_PROMISE_MONEY; /* "$500" */
    if (finance)
        extra += 0.5; /* "trading secret", "crypto fund" */
    if (you)
        extra += 0.5; /* "... banks do not want you to know" */
    if (memchr(s, '!', len))
        extra += 0.5;
    /* A bare 3-5 digit number ("the 2560 strategy", "my 935 plan"). */
    for (size_t i = 0; i < len; i++) {
        size_t j = i;
        while (j < len && is_digit(s[j]))
            j++;
        if (j - i >= 3 && j - i <= 5 && (i == 0 || s[i - 1] == ' ') &&
            (j == len || s[j] == ' ')) {
            extra += 0.5;
            break;
        }
        if (j > i)
            i = j;
    }
    /* Appointment to a body counts as one promise, not two classes. */
    double pts = extra;
    for (unsigned bit = 1; bit <= SS_PROMISE_APPOINT; bit <<= 1)
        if (mask & bit)
            pts += 1;
    if ((mask & SS_PROMISE_APPOINT) && (mask & SS_PROMISE_BODY))
        pts += 0.5;
    *mask_out = mask;
    return pts;
}

/*
 * Does the line read as a headline rather than a wrapped line of prose (text
 * pages cut paragraphs into short lines)? It starts with a capital, a digit,
 * a currency sign or a quote, holds no sentence break or markup, and does
 * not end in '.', ',', ';' or ':'.
 */
static bool
headline_shape(const char *s,
               size_t len)
{
    size_t n;
    if (len < 2)
        return false;
    uint32_t c0 = cp_at(s, len, 0, &n);
    if (!is_upper_cp(c0) && !is_digit(s[0]) && c0 != '$' && c0 != '"' && c0 != 0x201C &&
        c0 != 0xA3 && c0 != 0x20AC)
        return false;
    char last = s[len - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':')
        return false;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '<' || (s[i] == '.' && s[i + 1] == ' ' && i > 0 && is_lower_cp((unsigned char)s[i - 1])))
            return false;
    return true;
}

/* Is w[0..n) "I", "my" or "me" (a first-person story)? */
static bool
first_person(const char *w,
             size_t n)
{
    return (n == 1 && w[0] == 'I') ||
           (n == 2 && ((w[0] == 'm' || w[0] == 'M') && (w[1] == 'y' || w[1] == 'e')));
}

/*
 * A promotional headline without a name in front ("How I turned $500 into
 * a fortune with one safe system", "From zero to 10x: the secret strategy
 * ..."): only a short item of a list widget, and only with promises of two
 * classes (money, safety, method, superlative) and enough of them. Long
 * sentences in the article that discuss such promises are not headlines.
 */
static ss_status
promo_opener(const ss_block *blk,
             uint32_t b,
             ss_evidence *ev)
{
    if (blk->widget == SS_NONE || blk->n_words < 5 || blk->n_words > PROMO_OPENER_WORDS ||
        !headline_shape(blk->text, blk->len))
        return SS_OK;
    unsigned mask;
    double pts = promise_points(blk->text, blk->len, &mask);
    unsigned classes = 0;
    for (unsigned bit = SS_PROMISE_SUPERLATIVE; bit <= SS_PROMISE_METHOD; bit <<= 1)
        classes += (mask & bit) != 0;
    size_t pos = 0, a, z;
    unsigned words = 0;
    /* The story is told from the start: "I made ...", "How I turned ...". */
    while (words++ < 2 && next_word(blk->text, blk->len, &pos, &a, &z))
        if (first_person(blk->text + a, z - a)) {
            if (mask & SS_PROMISE_MONEY)
                pts += 1; /* "How I turned $500 into ..." */
            break;
        }
    /* Bodies and appointments belong to the name shape, not this one. */
    if (mask & SS_PROMISE_BODY)
        pts -= 1;
    if (mask & SS_PROMISE_APPOINT)
        pts -= (mask & SS_PROMISE_BODY) ? 1.5 : 1;
    if (classes < 2 || pts < 3.5 || !(mask & (SS_PROMISE_MONEY | SS_PROMISE_SAFETY)))
        return SS_OK;
    ss_finding f;
    finding_init(&f, SS_FLAG_PROMO_HEADLINE, SS_WHERE_WIDGET, b, 0.5 + 0.1 * (pts - 3.5));
    f.drop_block = true;
    f.n_blocks = 1;
    f.end = blk->len;
    f.text = blk->text;
    ss_finding *st = add_or_merge(ev, &f, "promo-promise-in-list");
    if (!st)
        return SS_ERR_NOMEM;
    if (mask & SS_PROMISE_SUPERLATIVE)
        ss_evidence_add_reason(st, "promo-superlative");
    if (mask & (SS_PROMISE_MONEY | SS_PROMISE_SAFETY))
        ss_evidence_add_reason(st, "promo-returns-or-safety");
    return SS_OK;
}

/* The promotional-headline detector. */
static ss_status
detect_promo(const ss_page *page,
             ss_evidence *ev)
{
    unsigned found = 0;
    for (uint32_t b = 0; b < page->n_blocks && found < LINE_FINDINGS_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        if (blk->n_words < 4 || blk->n_words > PROMO_WORDS_MAX || b == page->title_block)
            continue;
        size_t rest;
        bool colon;
        if (!name_colon(blk->text, blk->len, &rest, &colon)) {
            ss_status st = promo_opener(blk, b, ev);
            if (st != SS_OK)
                return st;
            continue;
        }
        unsigned mask;
        double pts = promise_points(blk->text + rest, blk->len - rest, &mask);
        bool in_widget = blk->widget != SS_NONE;
        /* A short line outside the article (a list the parser did not see
         * as one: "<div class=line>" rows under a heading) is judged like
         * a list item. */
        bool listlike = in_widget || (blk->role == SS_ROLE_BOILER && blk->link_share < 0.5 &&
                                      page->main_first != SS_NONE &&
                                      blk->n_words <= PROMO_OPENER_WORDS &&
                                      headline_shape(blk->text, blk->len));
        ss_finding *rule_hit = finding_on(ev, SS_FLAG_PROMO_HEADLINE, b);
        /* Without a colon ("Name Surname named chief of ...") it may be
         * real news: it needs one more promise. */
        double need = (listlike || rule_hit ? 2.0 : 3.0) +
                      (colon ? 0 : listlike && !(mask & SS_PROMISE_APPOINT) ? 0.5 : 1.0);
        if (pts < need)
            continue;
        double score = 0.6 + 0.1 * (pts - 2.0);
        if (!in_widget)
            score *= 0.75;
        ss_finding f;
        finding_init(&f, SS_FLAG_PROMO_HEADLINE,
                     in_widget ? SS_WHERE_WIDGET :
                     blk->role == SS_ROLE_MAIN ? SS_WHERE_BODY : SS_WHERE_PAGE,
                     b, score);
        f.drop_block = true;
        f.n_blocks = 1;
        f.end = blk->len;
        f.text = blk->text;
        ss_finding *s = add_or_merge(ev, &f, "promo-name-colon-promise");
        if (!s)
            return SS_ERR_NOMEM;
        found++;
        if ((mask & SS_PROMISE_APPOINT) && (mask & SS_PROMISE_BODY))
            ss_evidence_add_reason(s, "promo-appointment-to-body");
        if (mask & SS_PROMISE_SUPERLATIVE)
            ss_evidence_add_reason(s, "promo-superlative");
        if (mask & (SS_PROMISE_MONEY | SS_PROMISE_SAFETY))
            ss_evidence_add_reason(s, "promo-returns-or-safety");
    }
    return SS_OK;
}

/* ------------------------------------------------------------------ */
/* 5a. Like counters and share bars                                    */

/*
 * Find "<word>! (<digits>)" in s where the last case-hump of word is an
 * exclamation word ("veryGood! (12)"). *glued is set when that word is
 * glued to another label ("TwitterveryGood").
 */
static bool
like_counter(const char *s,
             size_t len,
             bool *glued)
{
    for (size_t i = 1; i + 3 < len; i++) {
        if (s[i] != '!')
            continue;
        size_t k = i + 1;
        if (s[k] == ' ')
            k++;
        if (k >= len || s[k] != '(' || k + 1 >= len || !is_digit(s[k + 1]))
            continue;
        size_t d = k + 1;
        while (d < len && is_digit(s[d]))
            d++;
        if (d >= len || s[d] != ')')
            continue;
        size_t a = i;
        while (a > 0 && ((s[a - 1] >= 'a' && s[a - 1] <= 'z') ||
                         (s[a - 1] >= 'A' && s[a - 1] <= 'Z')))
            a--;
        if (a == i)
            continue;
        /* Last hump: from the last upper-case letter. */
        size_t h = i;
        while (h > a && !(s[h - 1] >= 'A' && s[h - 1] <= 'Z'))
            h--;
        if (h > a)
            h--;
        bool cheer = ss_word_is_cheer(s + a, i - a) || ss_word_is_cheer(s + h, i - h);
        if (!cheer)
            continue;
        *glued = h > a; /* "veryGood", "TwitterveryGood" */
        return true;
    }
    return false;
}

/* Is every word of the block a share-bar word? */
static bool
share_bar(const ss_block *blk)
{
    if (blk->n_words == 0 || blk->n_words > SHARE_WORDS_MAX)
        return false;
    size_t pos = 0, a, z;
    unsigned words = 0;
    while (next_word(blk->text, blk->len, &pos, &a, &z)) {
        if (ss_word_is_share(blk->text + a, z - a)) {
            words++;
            continue;
        }
        /* split glued humps: "FacebookTwitter" */
        size_t h = a;
        for (size_t k = a + 1; k <= z; k++) {
            if (k == z || (blk->text[k] >= 'A' && blk->text[k] <= 'Z' &&
                           blk->text[k - 1] >= 'a' && blk->text[k - 1] <= 'z')) {
                if (!ss_word_is_share(blk->text + h, k - h))
                    return false;
                words++;
                h = k;
            }
        }
    }
    return words >= 2;
}

/* Like counters (junk-widget) and share bars (boilerplate). */
static ss_status
detect_counters(const ss_page *page,
                ss_evidence *ev)
{
    unsigned found = 0;
    for (uint32_t b = 0; b < page->n_blocks && found < LINE_FINDINGS_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        if (blk->n_words > COUNTER_WORDS_MAX && blk->n_words > SHARE_WORDS_MAX)
            continue;
        bool glued = false;
        ss_finding f;
        if (blk->n_words <= COUNTER_WORDS_MAX && like_counter(blk->text, blk->len, &glued)) {
            finding_init(&f, SS_FLAG_JUNK_WIDGET,
                         blk->widget != SS_NONE ? SS_WHERE_WIDGET : SS_WHERE_PAGE,
                         b, glued ? 0.8 : 0.6);
            f.drop_block = true;
            f.n_blocks = 1;
            f.end = blk->len;
            f.text = blk->text;
            ss_finding *s = add_or_merge(ev, &f, "like-counter");
            if (!s)
                return SS_ERR_NOMEM;
            if (glued)
                ss_evidence_add_reason(s, "like-counter-glued-label");
            found++;
        } else if (share_bar(blk)) {
            finding_init(&f, SS_FLAG_BOILERPLATE, SS_WHERE_PAGE, b, 0.05);
            f.drop_block = true;
            f.n_blocks = 1;
            f.end = blk->len;
            f.text = blk->text;
            if (!add_or_merge(ev, &f, "share-bar"))
                return SS_ERR_NOMEM;
            found++;
        }
    }
    return SS_OK;
}

/* ------------------------------------------------------------------ */
/* 3. Slogan lines                                                     */

/* Is blk a 2-3 word title-case line without digits or punctuation? */
static bool
slogan_shape(const ss_block *blk)
{
    if (blk->n_words < 2 || blk->n_words > 3 || blk->len > 40)
        return false;
    size_t pos = 0, a, z, n;
    unsigned words = 0;
    for (size_t i = 0; i < blk->len; i++)
        if (!(is_alnum_cp(cp_at(blk->text, blk->len, i, &n)) || blk->text[i] == ' ' ||
              ((unsigned char)blk->text[i] & 0x80)))
            return false;
    while (next_word(blk->text, blk->len, &pos, &a, &z)) {
        if (!is_upper_cp(cp_at(blk->text, blk->len, a, &n)))
            return false;
        for (size_t k = a; k < z; k++)
            if (is_digit(blk->text[k]))
                return false;
        if (words == 0 && (ss_word_is_byline(blk->text + a, z - a) ||
                           ss_word_is_stop(blk->text + a, z - a)))
            return false;
        words++;
    }
    return words >= 2;
}

/* The slogan detector: only on pages with other injection evidence. */
static ss_status
detect_slogan(const ss_page *page,
              ss_evidence *ev,
              double injected)
{
    if (injected < 0.5)
        return SS_OK;
    uint32_t from = page->title_block != SS_NONE ? page->title_block + 1 : 0;
    for (uint32_t b = from; b < page->n_blocks && b < from + SLOGAN_LOOKAHEAD; b++) {
        const ss_block *blk = &page->blocks[b];
        if (is_title_like(page, b))
            continue;
        if (blk->n_words >= 12)
            break; /* the article has started */
        if (blk->widget != SS_NONE || blk->link_share >= 0.5 || !slogan_shape(blk))
            continue;
        /* A name or section that the page repeats elsewhere is not one. */
        bool repeated = false;
        for (uint32_t o = 0; o < page->n_blocks && !repeated; o++)
            if (o != b && find_bytes(page->blocks[o].text, page->blocks[o].len,
                                     blk->text, blk->len))
                repeated = true;
        if (repeated)
            continue;
        ss_finding f;
        finding_init(&f, SS_FLAG_SLOGAN, SS_WHERE_PAGE, b, 0.5 + 0.3 * injected);
        f.drop_block = true;
        f.n_blocks = 1;
        f.end = blk->len;
        f.text = blk->text;
        if (!add_or_merge(ev, &f, "slogan-line-near-headline"))
            return SS_ERR_NOMEM;
    }
    return SS_OK;
}

/* ------------------------------------------------------------------ */
/* 5b. Off-topic link lists                                            */

typedef struct wordset {
    uint64_t *slots; /* 0 = empty */
    size_t cap;      /* power of two */
    size_t n;
} wordset;

/* Hash of a word, ASCII-lower-cased, trailing "s" dropped (crude stem). */
static uint64_t
word_hash(const char *w,
          size_t n)
{
    if (n > 3 && (w[n - 1] == 's' || w[n - 1] == 'S'))
        n--;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        h = (h ^ c) * 1099511628211ull;
    }
    return h ? h : 1;
}

/* Is w[0..n) a content word (not a function word, 3+ bytes, not a number)? */
static bool
content_word(const char *w,
             size_t n)
{
    if (n < 3 || n > WORD_BYTES_MAX || is_digit(w[0]))
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
    if (ws->n * 2 >= ws->cap)
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
    while (next_word(s, len, &pos, &a, &z)) {
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
    while (next_word(s, len, &pos, &a, &z) && words < 40) {
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

/* The off-topic list detector. */
static ss_status
detect_widgets(const ss_page *page,
               ss_evidence *ev,
               ss_arena *a,
               double injected)
{
    if (page->n_widgets == 0)
        return SS_OK;
    wordset ws = {NULL, 1u << 15, 0};
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
        uint32_t off = 0, in_main = 0, promo = 0, checked = 0;
        for (uint32_t k = 0; k < n_items && k < WIDGET_ITEMS_MAX; k++) {
            const ss_block *it = &page->blocks[wd->first + k];
            checked++;
            if (it->role == SS_ROLE_MAIN)
                in_main++;
            if (finding_on(ev, SS_FLAG_PROMO_HEADLINE, wd->first + k))
                promo++;
            if (judge && !on_topic(&ws, it->text, it->len))
                off++;
        }
        if (checked == 0)
            continue;
        double off_share = (double)off / (double)checked;
        bool off_topic = judge && checked >= 3 && off_share >= 0.7;
        if (!off_topic && !promo && in_main * 2 > checked)
            continue; /* an on-topic list inside the article: keep it */

        uint32_t first = wd->first;
        if (wd->heading != SS_NONE && wd->heading < wd->first &&
            wd->first - wd->heading <= 2)
            first = wd->heading;
        ss_finding f;
        bool junk = promo > 0 || (off_topic && injected >= 0.5);
        finding_init(&f, junk ? SS_FLAG_JUNK_WIDGET : SS_FLAG_BOILERPLATE,
                     SS_WHERE_WIDGET, first,
                     junk ? 0.55 + 0.3 * off_share + (promo ? 0.1 : 0) : 0.05);
        f.drop_block = true;
        f.n_blocks = wd->first + n_items - first;
        f.end = page->blocks[first].len;
        f.text = page->blocks[first].text;
        ss_finding *s = add_or_merge(ev, &f, off_topic ? "list-off-topic" :
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

/* ------------------------------------------------------------------ */

/* How strongly the page already shows injected text (0..1). */
static double
injected_level(const ss_evidence *ev)
{
    double m = max_score(ev, SS_FLAG_INJECTED_BRAND);
    double s = max_score(ev, SS_FLAG_SITE_NAME);
    double p = max_score(ev, SS_FLAG_PROMO_HEADLINE);
    double j = 0;
    for (size_t i = 0; i < ev->n; i++) /* counters, not lists */
        if (ev->items[i].kind == SS_FLAG_JUNK_WIDGET && ev->items[i].n_blocks <= 1 &&
            ev->items[i].score > j)
            j = ev->items[i].score;
    if (s > m)
        m = s;
    if (p > m)
        m = p;
    if (j > m)
        m = j;
    return m;
}

ss_status
ss_detect_run(const ss_page *page,
              ss_evidence *ev,
              ss_arena *a)
{
    if (!page || !ev || !a)
        return SS_ERR_ARG;
    ss_status st = detect_brand(page, ev, a);
    if (st == SS_OK)
        st = detect_site_name(page, ev, a);
    if (st == SS_OK)
        st = detect_promo(page, ev);
    if (st == SS_OK)
        st = detect_counters(page, ev);
    double injected = injected_level(ev);
    if (st == SS_OK)
        st = detect_slogan(page, ev, injected);
    if (st == SS_OK)
        st = detect_widgets(page, ev, a, injected);
    if (st != SS_OK && a->over_cap)
        st = SS_ERR_LIMIT;
    return st;
}
