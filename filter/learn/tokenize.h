/*
 * tokenize.h - the tokenizer of the naive-Bayes classifier: a page (or one
 * block) -> a set of 64-bit token hashes, each with its text.
 *
 * Tokens are case-folded words made of letters of any script and digits
 * (split at punctuation, white space and symbols; "McAllen,Brand" gives
 * "mcallen" and "brand"; a lower->upper case change inside a glued word
 * also gives the parts: "TwitterveryGood" -> "twitterverygood",
 * "twittervery", "good"), word bigrams ("a b") inside a block, and
 * structural tokens that carry where a word stood:
 *
 *   t:word   in the title / headline
 *   h:word   in a heading
 *   f:word   in the first sentence of the article
 *   w:word   in the heading of a list widget
 *   l:word   in a list item
 *   c:word   a class/id word of a block's ancestors
 *
 * plus shape tokens: "n:5" for every number of 5 digits (short codes and
 * phone numbers rarely repeat, their shape does) and currency signs ("$",
 * "£", "€") as tokens of their own.
 *
 * Structural tokens are only produced for pages with more than one block
 * (a one-line text message has no structure worth counting twice).
 *
 * A token set is deduplicated (naive Bayes counts documents containing a
 * token, like bogofilter) and sorted by hash, so that combining is
 * deterministic. Everything is allocated from the arena; no per-token malloc.
 */
#ifndef SS_TOKENIZE_H
#define SS_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "page.h"
#include "spamscore.h"

typedef struct ss_token {
    uint64_t hash;    /* never 0 */
    const char *text; /* NUL-terminated, in the arena */
    uint32_t len;
} ss_token;

typedef struct ss_tokens {
    ss_token *v;
    size_t n, cap;
    bool capped;      /* max_tokens was reached: some tokens were dropped */
    /* Internal to the tokenizer; a zeroed struct is an empty list. */
    size_t n_emitted; /* tokens produced, duplicates included (the cap) */
    uint32_t *set;    /* when set: index+1 into v by hash slot, and a token
                         already in v is not appended again */
    size_t set_mask;
    struct ss_tokens *sink; /* when set: every token produced is also
                               appended here (text shared with v) */
} ss_tokens;

/*
 * The tokens of the short blocks of a page (ss_block_is_short), gathered
 * while the page is tokenized so that block-level scoring does not scan the
 * text again. Filled by ss_tokenize_page_blocks(); read with
 * ss_block_tokens().
 */
typedef struct ss_block_toks {
    ss_tokens all;    /* the blocks' tokens one after another */
    uint32_t *first;  /* per block: start in all.v, or UINT32_MAX when the
                         block was not gathered (not short, or the cap) */
    uint32_t *count;  /* per block: tokens in all.v from first */
    bool *sorted;     /* per block: the range is already deduplicated */
} ss_block_toks;

/* Hash of a token's text (FNV-1a 64 + a finaliser); never 0. */
uint64_t ss_token_hash(const char *text, size_t len);

/*
 * All tokens of page (words, bigrams, structural tokens) into *out,
 * deduplicated and sorted by hash. At most cfg->max_tokens tokens are
 * produced; when the cap is hit, out->capped is set and SS_LIMIT_TOKENS is
 * or'ed into *limits (may be NULL). Returns SS_OK or SS_ERR_LIMIT/NOMEM
 * when the arena is exhausted.
 */
ss_status ss_tokenize_page(ss_arena *a,
                           const ss_config *cfg,
                           const ss_page *page,
                           ss_tokens *out,
                           uint32_t *limits);

/*
 * ss_tokenize_page(), and in the same pass the tokens of every short block
 * into *blocks (may be NULL), as ss_tokenize_block() would give them.
 */
ss_status ss_tokenize_page_blocks(ss_arena *a,
                                  const ss_config *cfg,
                                  const ss_page *page,
                                  ss_tokens *out,
                                  uint32_t *limits,
                                  ss_block_toks *blocks);

/*
 * The tokens of block i of page, deduplicated and sorted by hash, as
 * ss_tokenize_block() gives them: taken from *blocks when that block was
 * gathered, else tokenized now. out->v may point into blocks->all.
 */
ss_status ss_block_tokens(ss_arena *a,
                          const ss_config *cfg,
                          const ss_page *page,
                          ss_block_toks *blocks,
                          uint32_t i,
                          ss_tokens *out);

/*
 * Tokens of one block's text for block-level statistics: words and
 * bigrams, no structural prefixes; deduplicated and sorted by hash.
 */
ss_status ss_tokenize_block(ss_arena *a,
                            const ss_config *cfg,
                            const ss_block *block,
                            ss_tokens *out);

/*
 * Tokens of a plain string (words and bigrams), appended to *out without
 * dedupe. prefix (may be NULL or "") is prepended to every token, e.g. "t:".
 * Used by the two functions above and by tests.
 */
ss_status ss_tokenize_text(ss_arena *a,
                           const ss_config *cfg,
                           const char *text,
                           size_t len,
                           const char *prefix,
                           bool bigrams,
                           ss_tokens *out);

/* Sort *toks by hash and drop duplicates. */
void ss_tokens_finish(ss_tokens *toks);

/* A block the block-level classifier looks at: a list item, a heading, or
 * a short line/run of text (at most 24 words). */
bool ss_block_is_short(const ss_block *b);

#endif /* SS_TOKENIZE_H */
