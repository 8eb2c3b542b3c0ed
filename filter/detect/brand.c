/*
 * brand.c - the spliced-brand detector (family 1 of detect.h).
 *
 * Candidates are the capitalised phrases (1-4 words) right before a ':' or
 * a glued '-' near the start of the title, the og:title and the headline,
 * and phrases found by their splice in the body. A candidate is confirmed
 * when it reappears in other blocks where no writer puts a phrase: glued to
 * the previous word ("wordBrand"), glued to the next one ("The
 * Brandarrests"), after a comma without a space ("City,Brand State"),
 * between a dateline's city and state, or before a colon at the start of
 * the first sentence. A label that the article really is about ("Musk:
 * ...", with "Musk" used normally in the text) never reappears that way, so
 * it is left alone. The spans it emits follow the contract in detect.h.
 */
#include "detect_util.h"

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
#define HEADLINE_SCAN 6        /* blocks at the top that may repeat the title */
#define WORD_BYTES_MAX 40

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

/*
 * Is the phrase p[0..n) a site's own section name rather than a brand: it
 * opens with "Ask" ("Ask Slashdot:", "Ask the Doctor:") or with a label
 * word ("Live Updates:", "Breaking News:")? Sections come before a colon
 * in titles the way spliced brands do, but are what the site calls its
 * own columns.
 */
static bool
section_prefix(const char *p,
               size_t n)
{
    size_t k = 0;
    while (k < n && p[k] != ' ')
        k++;
    if (k == n)
        return false;
    return (k == 3 && memcmp(p, "Ask", 3) == 0) || ss_word_is_label(p, k);
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
    if (section_prefix(s + a, len))
        return; /* "Ask Slashdot:", "Live Updates:" */
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
        return det_is_lower_cp(det_cp_before(t, len, i));
    while (i > 0 && t[i - 1] == ' ')
        i--;
    if (i == 0)
        return true;
    uint32_t c = det_cp_before(t, len, i);
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
        if (colon && (p + 1 >= len || (t[p + 1] != ' ' && !det_is_upper_cp((unsigned char)t[p + 1]) &&
                                       !((unsigned char)t[p + 1] >= 0xC0))))
            continue; /* "10:30", "http:" */
        unsigned glued = dash ? SP_TITLE_GLUED_DASH :
                         t[p + 1] != ' ' ? SP_TITLE_GLUED_COLON : 0;
        size_t end = p;
        unsigned words = 0;
        while (words < CAND_WORDS_MAX && end > 0) {
            size_t a = end;
            while (a > 0 && det_is_name_byte(t, len, a - 1))
                a--;
            size_t n0;
            if (a == end || !det_is_upper_cp(det_cp_at(t, len, a, &n0)))
                break;
            words++;
            /* "Brand One" is a phrase, "One" alone is not a candidate. */
            if (starts_title(t, len, a) && det_is_cap_word(t, len, a, end))
                add_cand(cv, cn, t, a, p, words, glued);
            /* "NewsBrand Exchange": also the part after a case change. */
            for (size_t k = a + 1; k + 1 < end; k++) {
                size_t n1;
                uint32_t c0 = det_cp_before(t, len, k);
                uint32_t c1 = det_cp_at(t, len, k, &n1);
                if (det_is_lower_cp(c0) && det_is_upper_cp(c1))
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

/* Does t[s] follow a function word and one space ("The Brandreport")? */
static bool
after_function_word(const char *t,
                    size_t len,
                    size_t s)
{
    if (s < 2 || t[s - 1] != ' ')
        return false;
    size_t a = s - 1;
    while (a > 0 && det_is_alnum_cp(det_cp_before(t, len, a)) && s - a < 12)
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
    uint32_t cp = det_cp_at(t, len, k, &n);
    if (cp == '"' || cp == 0x201C)
        return true;
    if (!det_is_upper_cp(cp))
        return false;
    size_t z = k;
    while (z < len && det_is_alnum_cp(det_cp_at(t, len, z, &n)))
        z += n;
    if (z >= len || t[z] != ' ' || z + 1 >= len || !det_is_lower_cp(det_cp_at(t, len, z + 1, &n)))
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
    uint32_t prev = det_cp_before(t, len, s);
    uint32_t next = e < len ? det_cp_at(t, len, e, &n) : 0;
    uint32_t prev2 = s >= 1 ? det_cp_before(t, len, s - 1) : 0;

    *normal = false;
    if (det_is_alnum_cp(next)) {
        if (det_is_upper_cp(next) && det_is_lower_cp(det_cp_before(t, len, e)) && !det_is_alnum_cp(prev)) {
            /* "BrandThe ...": a one-word candidate glued to a capitalised
             * word may be a compound ("ExpressNews"); only a function word
             * ("The", "A", "In") makes it a splice. */
            size_t k = e;
            while (k < len && det_is_alnum_cp(det_cp_at(t, len, k, &n)))
                k += n;
            if (c->words > 1 || ss_word_is_stop(t + e, k - e))
                return SP_GLUED_AFTER;
            return 0;
        }
        if (det_is_lower_cp(next) && !det_is_alnum_cp(prev)) {
            size_t r = lower_run(t, len, e);
            bool word_end = e + r >= len || !det_is_alnum_cp(det_cp_at(t, len, e + r, &n));
            /* "The Brandarrests": the glued rest is a word of its own
             * (used elsewhere on the page, or the phrase is multi-word). */
            if (r >= 3 && word_end && !ss_word_is_suffix(t + e, r) &&
                (c->words > 1 || after_function_word(t, len, s) ||
                 det_word_on_page(page, t + e, r)))
                return SP_GLUED_AFTER;
        }
        return 0; /* inside a longer word: "Brands", "Brandt", "Science" */
    }
    if (det_is_alnum_cp(prev)) {
        /* "officialsBrand": the glued stem is a lower-case word (or a
         * function word: "TheBrand"); "McDonald", "WebQuest" and
         * "RadiologyEducation.com" are compounds, not splices. */
        size_t a = s;
        bool lower = true;
        unsigned steps = 0;
        while (a > 0 && steps++ < WORD_BYTES_MAX) {
            uint32_t cp = det_cp_before(t, len, a);
            if (!det_is_alnum_cp(cp))
                break;
            if (!det_is_lower_cp(cp) && !(cp >= '0' && cp <= '9'))
                lower = false;
            a--;
            while (a > 0 && ((unsigned char)t[a] & 0xC0) == 0x80)
                a--;
        }
        bool stem_ok = lower || ss_word_is_stop(t + a, s - a);
        if (s - a >= 3 && stem_ok && det_is_lower_cp(prev) && (c->words > 1 || c->len >= 5))
            return SP_GLUED_BEFORE;
        return 0;
    }
    if (prev == ',' && det_is_alnum_cp(prev2))
        return SP_AFTER_COMMA; /* "City,Brand State" */
    if ((b == first_para || page->blocks[b].role == SS_ROLE_MAIN) && s < DATELINE_BYTES &&
        prev == ' ' && prev2 == ',' && next == ' ' && e + 1 < len &&
        det_is_upper_cp(det_cp_at(t, len, e + 1, &n))) {
        /* "City, Brand State —" / "City, Brand North State —": one or
         * two capitalised words, then a dash or "(AP)". */
        size_t k = e + 1;
        for (int w = 0; w < 2; w++) {
            k = det_name_end(t, len, k);
            if (k + 2 < len && t[k] == ' ' &&
                ((unsigned char)t[k + 1] == 0xE2 || t[k + 1] == '-' || t[k + 1] == '('))
                return SP_DATELINE;
            if (k + 1 >= len || t[k] != ' ' || !det_is_upper_cp(det_cp_at(t, len, k + 1, &n)))
                break;
            k++;
        }
    }
    if (s == 0 && b == first_para && next == ':' && e + 1 < len &&
        det_is_upper_cp(det_cp_at(t, len, e + 1, &n)))
        return SP_SENTENCE_PREFIX; /* "Brand:The ..." opening the article */
    if (s == 0 && next == ' ' && e + 1 < len &&
        (t[e + 1] == '"' || det_cp_at(t, len, e + 1, &n) == 0x201C) && (!c->from_body || c->solo))
        return SP_SENTENCE_PREFIX; /* 'Brand "We have ...' */
    if (s == 0 && next == ' ' && c->solo)
        return SP_PARAGRAPH_PREFIX; /* shape checked by collect_opening() */
    if (s == 0 && next == ' ' && paragraph_start_splice(t, len, e + 1, c))
        return SP_PARAGRAPH_PREFIX; /* "Brand The judge said ..." */
    if (s == 0 && next == ' ' && !c->from_body && c->at_start && e + 1 < len &&
        det_is_upper_cp(det_cp_at(t, len, e + 1, &n)) && second_prefix(c))
        return SP_PARAGRAPH_PREFIX; /* "Brand State Treasurer Ana Ruiz said" */
    *normal = true;
    return 0;
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
        if (det_is_title_like(page, b) || (blk->flags & SS_BLK_HEADING) ||
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
        p = det_find_bytes(p, len - (size_t)(p - t), c->s, c->len);
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
        if (k - i >= 3 && det_count_on_page(page, t + i, k - i, 2) > 1)
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
    return det_word_on_page(page, buf, n);
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
    uint32_t before_cp = det_cp_before(t, len, i);
    if (!det_is_lower_cp(before_cp) && !after_function_word(t, len, i))
        return; /* cheap test first: most capitals follow no function word */
    unsigned w = det_phrase_words(t, len, i, ends);
    if (w == 0)
        return;
    size_t e = ends[w - 1];
    if (memchr(t + i, '.', e - i))
        return; /* "Island. Meanwhile": a sentence end, not a phrase */
    if (det_is_lower_cp(before_cp)) {
        /* The phrase ends the glued run: a space and a lower-case word, or
         * a comma or full stop. */
        bool goes_on = e >= len || t[e] == ',' || t[e] == '.' || t[e] == ';' ||
                       (t[e] == ' ' && e + 1 < len && det_is_lower_cp(det_cp_at(t, len, e + 1, &n)));
        /* "ecoVoyager", "ultraOrthodox Shas" are compounds: the stem is a
         * word of 4+ and the phrase is used only here. */
        size_t a0 = i;
        while (a0 > 0 && i - a0 < WORD_BYTES_MAX && det_is_lower_cp(det_cp_before(t, len, a0)))
            a0--;
        /* One word glued once is how scraped text loses its spaces
         * ("speakerBetty"): a single word needs a second splice (see
         * detect_brand), a phrase a function word after it. */
        size_t z = e + 1;
        while (z < len && z - e < 12 && det_is_lower_cp(det_cp_at(t, len, z, &n)))
            z++;
        bool stop_next = e < len && t[e] == ' ' && ss_word_is_stop(t + e + 1, z - e - 1);
        /* The stem is a word: used on the page, a function word, or long
         * enough not to be a prefix ("ultraOrthodox", "ecoVoyager"). */
        size_t sl = i - a0;
        bool stem_ok = sl >= 6 || (sl >= 5 && t[i - 1] == 's') ||
                       (sl >= 4 && (det_word_on_page(page, t + a0, sl) || ss_word_is_stop(t + a0, sl)));
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
        bool solo = det_count_on_page(page, t + ls, e - ls, 2) == 1;
        bool tail_used = r >= 4 && det_word_on_page(page, t + j, r);
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
    unsigned w = det_phrase_words(t, len, i, ends);
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
    unsigned w = det_phrase_words(t, len, 0, ends);
    for (unsigned k = 2; k <= w; k++) {
        size_t e = ends[k - 1];
        if (e + 2 >= len || t[e] != ' ')
            return;
        size_t z = e + 1;
        uint32_t cp = det_cp_at(t, len, z, &n);
        size_t ls = ends[k - 2] + 1;
        if (!ss_word_is_finance(t + ls, e - ls))
            continue; /* "Brand Exchange The ..." */
        bool ok = cp == '"' || cp == 0x201C;
        if (!ok && det_is_upper_cp(cp)) {
            size_t q = z;
            while (q < len && det_is_alnum_cp(det_cp_at(t, len, q, &n)))
                q += n;
            ok = q + 1 < len && t[q] == ' ' && det_is_lower_cp(det_cp_at(t, len, q + 1, &n)) &&
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
        if (det_is_title_like(page, b) || blk->widget != SS_NONE ||
            (blk->role != SS_ROLE_MAIN && b != first_para) || blk->n_words < 6)
            continue;
        scanned++;
        const char *t = blk->text;
        size_t len = blk->len, n;
        size_t before = *cn;

        unsigned w;
        size_t cap = len < BODY_SCAN_BYTES ? len : BODY_SCAN_BYTES;
        for (size_t i = 1; i + 1 < cap && *cn < CAND_MAX; i++) {
            unsigned char c = (unsigned char)t[i];
            if (c < 0x80 && !(c >= 'A' && c <= 'Z'))
                continue; /* an ASCII byte that is not a capital */
            uint32_t here = det_cp_at(t, len, i, &n);
            if (!det_is_upper_cp(here))
                continue;
            uint32_t before_cp = det_cp_before(t, len, i);
            /* "City,Brand State —": all words but the state. */
            if (before_cp == ',' && i >= 2 && det_is_alnum_cp(det_cp_before(t, len, i - 1)) &&
                i < DATELINE_BYTES) {
                w = det_phrase_words(t, len, i, ends);
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
            if (det_is_lower_cp(before_cp)) {
                size_t a0 = i;
                unsigned steps = 0;
                while (a0 > 0 && steps++ < WORD_BYTES_MAX && det_is_lower_cp(det_cp_before(t, len, a0)))
                    a0--;
                if (i - a0 < 3 || (a0 > 0 && det_is_alnum_cp(det_cp_before(t, len, a0))))
                    continue;
                w = det_phrase_words(t, len, i, ends);
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
        if (det_is_title_like(page, b) && det_find_bytes(page->blocks[b].text, page->blocks[b].len, w, n))
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
            if (det_count_on_page(page, c->s + i, k - i, 8) >
                    title_copies(page, c->s + i, k - i) + c->splices ||
                det_word_on_page(page, low, k - i))
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
    det_finding_init(&f, SS_FLAG_INJECTED_BRAND, where, block, score);
    f.start = (uint32_t)s;
    f.end = (uint32_t)z;
    f.text = ss_arena_strndup(a, c->s, c->len);
    if (!f.text)
        return SS_ERR_NOMEM;
    ss_finding *st = det_add_or_merge(ev, &f, "brand-title-prefix");
    if (!st)
        return SS_ERR_NOMEM;
    add_splice_reasons(st, c->reasons);
    return SS_OK;
}

/* The spliced-brand detector. */
ss_status
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
        if (det_is_title_like(page, b))
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
            if (det_is_title_like(page, b))
                continue;
            const ss_block *blk = &page->blocks[b];
            const char *p = blk->text;
            for (unsigned k = 0; k < OCC_PER_BLOCK_MAX && p; k++) {
                p = det_find_bytes(p, blk->len - (size_t)(p - blk->text), c->s, c->len);
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
                          c->normal == 0 && glued_headline(c) && !det_all_caps(c->s, 0, c->len);
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
                          glued_headline(c) && !det_all_caps(c->s, 0, c->len) &&
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
        if (!det_is_title_like(page, b))
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
        if (det_is_title_like(page, b))
            continue;
        const ss_block *blk = &page->blocks[b];
        const char *p = blk->text;
        for (unsigned k = 0; k < OCC_PER_BLOCK_MAX && p; k++) {
            p = det_find_bytes(p, blk->len - (size_t)(p - blk->text), best->s, best->len);
            if (!p)
                break;
            bool normal;
            size_t s = (size_t)(p - blk->text);
            unsigned sp = classify_occurrence(page, b, first_para, best, s, &normal);
            p += best->len;
            if (!sp)
                continue;
            ss_finding f;
            det_finding_init(&f, SS_FLAG_INJECTED_BRAND,
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
            ss_finding *stored = det_add_or_merge(ev, &f, splice_reason(sp));
            if (!stored)
                return SS_ERR_NOMEM;
            ss_evidence_add_reason(stored, "brand-title-prefix");
            emitted++;
        }
    }
    return SS_OK;
}
