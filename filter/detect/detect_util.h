/*
 * detect_util.h - internals shared by the detector families (brand.c,
 * site.c, promo.c, counters.c, widgets.c) and their driver (detect.c).
 * Not part of the public API.
 */
#ifndef SS_DETECT_UTIL_H
#define SS_DETECT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "evidence.h"
#include "page.h"
#include "spamscore.h"

/* Occurrences of a phrase counted per block by det_count_on_page(). */
#define DET_OCC_PER_BLOCK_MAX 8

/* ------------------------------------------------------------------ */
/* UTF-8 and character classes (inline: the scans call them per byte)   */

/* Decode the code point at s[i] (len bytes); *n gets its length. Invalid
 * bytes decode as themselves with length 1. */
static inline uint32_t
det_cp_at(const char *s,
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
static inline uint32_t
det_cp_before(const char *s,
              size_t len,
              size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    size_t n;
    uint32_t cp = det_cp_at(s, len, j, &n);
    return j + n == i ? cp : (unsigned char)s[i - 1];
}

/* A letter or digit (approximation: ASCII alnum, and any non-ASCII code
 * point outside the punctuation and symbol blocks). */
static inline bool
det_is_alnum_cp(uint32_t cp)
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
static inline bool
det_is_upper_cp(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/* Lower-case letter (ASCII and Latin-1). */
static inline bool
det_is_lower_cp(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

/* ASCII digit. */
static inline bool
det_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Word character of a name: letter, digit, '&', '\'', '.' */
static inline bool
det_is_name_byte(const char *s,
                 size_t len,
                 size_t i)
{
    size_t n;
    uint32_t cp = det_cp_at(s, len, i, &n);
    return det_is_alnum_cp(cp) || cp == '&' || cp == '\'' || cp == '.';
}

/* End of the run of name characters (det_is_name_byte) that starts at
 * s[i], stepping by whole code points: a run never ends inside a
 * multi-byte character ("Zürich" is one word, not "Z" and a stray byte). */
static inline size_t
det_name_end(const char *s,
             size_t len,
             size_t i)
{
    while (i < len) {
        size_t n;
        uint32_t cp = det_cp_at(s, len, i, &n);
        if (!(det_is_alnum_cp(cp) || cp == '&' || cp == '\'' || cp == '.'))
            break;
        i += n;
    }
    return i;
}

/* ------------------------------------------------------------------ */
/* Shared helpers (detect_util.c)                                      */

/* Is the word t[a..z) written in capitals only ("WASHINGTON", "AP")? */
bool
det_all_caps(const char *t,
             size_t a,
             size_t z);

/* First occurrence of needle[0..m) in hay[0..n), or NULL (portable memmem). */
const char *
det_find_bytes(const char *hay,
               size_t n,
               const char *needle,
               size_t m);

/*
 * Add f with reason to ev, or strengthen an existing finding of the same
 * kind on the same text (rule hits become detector-confirmed findings).
 * Returns the stored finding or NULL when out of memory.
 */
ss_finding *
det_add_or_merge(ss_evidence *ev,
                 ss_finding *f,
                 const char *reason);

/* Highest score of findings of kind on the page (0 if none). */
double
det_max_score(const ss_evidence *ev,
              ss_flag_kind kind);

/* Strongest finding of kind on block b (NULL if none). */
ss_finding *
det_finding_on(ss_evidence *ev,
               ss_flag_kind kind,
               uint32_t b);

/* Start a finding. */
void
det_finding_init(ss_finding *f,
                 ss_flag_kind kind,
                 ss_where where,
                 uint32_t block,
                 double score);

/* Is the word s[a..b) capitalised (starts with an upper-case letter or a
 * digit followed by letters) and not a function word? */
bool
det_is_cap_word(const char *s,
                size_t len,
                size_t a,
                size_t b);

/*
 * Is block b a copy of a title string or a headline line near the top
 * (text pages repeat the title, with breadcrumbs or a site name)? Such
 * blocks are where candidates come from, not where splices are counted.
 */
bool
det_is_title_like(const ss_page *page,
                  uint32_t b);

/*
 * Length of a spaced separator at s[i] (" | ", " - ", " – ", " — ", " · ",
 * " :: ", " » ": how titles, bylines and date lines join their parts),
 * both spaces included; 0 when there is none.
 */
size_t
det_spaced_sep(const char *s,
               size_t n,
               size_t i);

/*
 * Scan t[i..) for a phrase of 1..CAND_WORDS_MAX capitalised words (not
 * function words, not all capitals); store the end of each word in ends[]
 * and return how many words were found.
 */
unsigned
det_phrase_words(const char *t,
                 size_t len,
                 size_t i,
                 size_t *ends);

/* Iterate words of s: letters/digits runs (ASCII-folded later). Returns
 * false at the end; sets [*a,*z). */
bool
det_next_word(const char *s,
              size_t len,
              size_t *pos,
              size_t *a,
              size_t *z);

/* Does w[0..n) occur as a whole word in some block of the page? */
bool
det_word_on_page(const ss_page *page,
                 const char *w,
                 size_t n);

/* How many times (up to max) does w[0..n) occur, as bytes, in the blocks? */
unsigned
det_count_on_page(const ss_page *page,
                  const char *w,
                  size_t n,
                  unsigned max);

/* The detector families, run in this order by ss_detect_run(). */
ss_status
detect_brand(const ss_page *page,
             ss_evidence *ev,
             ss_arena *a);

ss_status
detect_site_name(const ss_page *page,
                 ss_evidence *ev,
                 ss_arena *a);

ss_status
detect_promo(const ss_page *page,
             ss_evidence *ev);

ss_status
detect_counters(const ss_page *page,
                ss_evidence *ev);

ss_status
detect_slogan(const ss_page *page,
              ss_evidence *ev,
              ss_arena *a,
              double injected);

ss_status
detect_widgets(const ss_page *page,
               ss_evidence *ev,
               ss_arena *a,
               double injected);

#endif /* SS_DETECT_UTIL_H */
