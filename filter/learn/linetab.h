/*
 * linetab.h - the promotional-language table of a model: for each token
 * hash (the words, bigrams and shape tokens a short block has, tokenize.h),
 * how many promotional lines and how many ordinary lines contain it,
 * learned from line documents ("unit": "line", corpus/README.md: spam
 * subjects, SMS spam and clickbait headlines against news headlines and
 * honest subjects and messages) and kept apart from the page and block
 * counts, which a page-sized corpus of lines would swamp.
 *
 * A line's score (ss_linetab_odds) is its naive-Bayes log-likelihood ratio
 * on this table: the promotional-language feature of a promotional-headline
 * candidate (span.h, SS_SPAN_PROMO_LANG). Tokens the table does not know
 * (structural tokens such as "l:word", words no line had) add nothing.
 *
 * In the model file the table ends the span section (version 4, model.c):
 * "LINE", promotional lines (u64), ordinary lines (u64), entries (u64), then
 * per entry hash (u64, never 0, strictly ascending), promotional count
 * (u32), ordinary count (u32); no count above its total. Lookups are a
 * binary search over the entries, which stay in the model's image.
 */
#ifndef SS_LINETAB_H
#define SS_LINETAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spamscore.h"

#define SS_LINETAB_MAGIC "LINE"
#define SS_LINETAB_HEAD_BYTES 28u  /* magic and the three u64 */
#define SS_LINETAB_ENTRY_BYTES 16u
#define SS_LINETAB_MAX ((uint64_t)1 << 24) /* entries a file may have */
#define SS_LINETAB_MIN_SEEN 2      /* lines a token is kept for: a token of
                                      one line moves a score by log 2 at
                                      most, and there are many */
#define SS_LINETAB_ODDS_MAX 12.0   /* |score| cap (ss_linetab_odds) */

struct ss_countmap;

/* A table: a view of entries in a model image or in a builder's buffer. */
typedef struct ss_linetab {
    const unsigned char *ent; /* n entries (layout above), or NULL */
    uint64_t n;
    uint64_t n_spam, n_ham;   /* promotional and ordinary lines learned */
} ss_linetab;

/* Does t carry a table (a model learned from line documents)? */
bool ss_linetab_present(const ss_linetab *t);

/* Bytes t takes in a model file (0 when not present). */
size_t ss_linetab_bytes(const ss_linetab *t);

/* Write t at out (ss_linetab_bytes(t) bytes). */
void ss_linetab_write(unsigned char *out,
                      const ss_linetab *t);

/*
 * Read a table at sec[0..len) (exactly its bytes) into *t, which then points
 * into sec. False when the magic, the sizes, the order of the hashes or a
 * count is wrong.
 */
bool ss_linetab_read(const unsigned char *sec,
                     size_t len,
                     ss_linetab *t /* OUT */);

/*
 * Entries of the tokens of map seen in at least min_seen lines (its spam
 * and ham columns), sorted by hash, in a new malloc'ed buffer *out (NULL
 * and *n_out 0 when none) for an ss_linetab view. SS_ERR_NOMEM or
 * SS_ERR_LIMIT (more than SS_LINETAB_MAX).
 */
ss_status ss_linetab_build(const struct ss_countmap *map,
                           uint64_t min_seen,
                           unsigned char **out /* OUT */,
                           uint64_t *n_out /* OUT */);

/*
 * Add the counts of t (may be absent) to map's spam and ham columns (no
 * texts) and its line totals to *sum's (a table being summed: model
 * merge, a trainer loading a model). SS_ERR_NOMEM.
 */
ss_status ss_linetab_add_to(const ss_linetab *t,
                            struct ss_countmap *map,
                            ss_linetab *sum);

/* Counts of hash; false (and zeros) when t does not know it. */
bool ss_linetab_lookup(const ss_linetab *t,
                       uint64_t hash,
                       uint32_t *spam /* OUT */,
                       uint32_t *ham /* OUT */);

/*
 * The promotional-language score of a line from its token hashes (unique):
 * the sum over the k known tokens of log((s + 1) / (S + 2)) - log((h + 1) /
 * (H + 2)) (s, h the token's counts, S, H the lines learned), divided by
 * sqrt(k), clamped to +-SS_LINETAB_ODDS_MAX; 0 when t is NULL or not
 * present. With blocks (a model with honest block counts), a token's
 * ordinary side is the mean of its share of ordinary lines and its share
 * of the model's honest short blocks (bham / n_bham: list items, headings
 * and menus of real honest pages), so that the language of honest list
 * items ("The Ultimate Guide to ...") counts as ordinary too. Only tokens
 * the table knows and the ordinary side has seen (an ordinary line or an
 * honest block) are scored: a token of promotional lines alone is most
 * often a name or a topic of the clickbait set ("miley", "zac efron"), and
 * scoring those flagged the lists of star names on honest celebrity pages
 * (bench/lofo, L3S-GN1: 0.21 % judged spam instead of 0.14 %). kept
 * (sorted, n_kept of them; NULL: every token) is a trainer's list of the
 * tokens the model it writes will keep (--max-tokens): the block count of
 * another token reads 0, as it will for the scorer of the pruned model. Divided: the plain sum of a headline of a dozen words runs to
 * +-40 and a clamp would tie half the promotions; sqrt(k) keeps a long
 * line's evidence worth more than a short one's, as the sum does, where a
 * mean would not.
 */
struct ss_model;

/* Is x among the sorted hashes h[0..n) (a kept list as above)? */
bool ss_hash_sorted_has(const uint64_t *h,
                        size_t n,
                        uint64_t x);

double ss_linetab_odds(const ss_linetab *t,
                       const struct ss_model *blocks,
                       const uint64_t *kept,
                       size_t n_kept,
                       const uint64_t *hashes,
                       size_t n);

#endif /* SS_LINETAB_H */
