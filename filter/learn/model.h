/*
 * model.h - the naive-Bayes model: its file format, the in-memory view used
 * for O(1) lookups, a growable count map used to build models (trainer,
 * merge), and the classifier primitive shared by bayes.c and the trainer.
 *
 * File format (version 1), all integers little-endian, doubles as IEEE-754
 * binary64 bit patterns in little-endian order:
 *
 *   off  size  field
 *     0     8  magic "SSMODEL\x1a"
 *     8     4  version (1)
 *    12     4  header bytes (264)
 *    16    32  documents: spam, ham, spam blocks, ham blocks (u64 each)
 *    48    24  Robinson s, Robinson x, min_dev (f64)
 *    72    24  spam cut-off, ham cut-off, block cut-off (f64)
 *    96     8  has combiner (u32), number of weights (u32, <= 16)
 *   104   128  combiner weights, 16 slots (f64; SS_FEAT_* order)
 *   232    24  tokens, table slots (a power of two), string-pool bytes (u64)
 *   256     4  CRC-32 (zlib) of bytes [0,256) and [264,end)
 *   260     4  reserved, 0
 *   264        table: slots entries of 32 bytes:
 *                hash u64 (0: empty), spam u32, ham u32, block spam u32,
 *                block ham u32, string offset u32, string length u32
 *              then the string pool (token texts, no terminators)
 *
 * Version 2 uses the reserved field for the size of a span section after
 * the string pool, version 3 ends that section with the flag cut-offs,
 * version 4 with the flag cut-offs (always) and then the
 * promotional-language table (linetab.h), version 5 as version 4 with
 * up to SS_SPAN_MAX_FEAT (not 64) weights per kind and the table only
 * when the model has one (model.c, read_span_section; models/README.md,
 * "File format").
 *
 * The table is open addressing with linear probing, load <= 1/2, filled in
 * hash order, so the same tokens always give the same bytes. Counts are
 * numbers of documents (or blocks) containing the token.
 *
 * Lifetime: an ss_model is immutable after open and may be shared by
 * threads. Entry texts returned by ss_model_entry() point into the model's
 * image and are valid until ss_model_free().
 */
#ifndef SS_MODEL_H
#define SS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evidence.h"
#include "linetab.h"
#include "span.h"
#include "spamscore.h"

#define SS_MODEL_MAGIC "SSMODEL\x1a"
#define SS_MODEL_VERSION 1u
#define SS_MODEL_VERSION_SPAN 2u /* version 1 plus a span section */
#define SS_MODEL_VERSION_FLAG 3u /* version 2 whose span section ends with
                                    the flag cut-offs (span.h): a build that
                                    reads only 1 and 2 says so, rather than
                                    call the section corrupt */
#define SS_MODEL_VERSION_LINES 4u /* version 3 whose span section ends with
                                    the promotional-language table
                                    (linetab.h) */
#define SS_MODEL_VERSION_WIDE 5u /* version 4 whose kinds may carry up to
                                    SS_SPAN_MAX_FEAT weights (64 before),
                                    the table optional; written only when
                                    a kind uses a feature past 64 */
#define SS_MODEL_HEADER_BYTES 264u
#define SS_MODEL_ENTRY_BYTES 32u
#define SS_MODEL_MAX_WEIGHTS 16u

/* Defaults of the classifier parameters (bogofilter's method). */
#ifndef SS_BAYES_DEFAULT_S
#define SS_BAYES_DEFAULT_S 0.3
#endif
#ifndef SS_BAYES_DEFAULT_X
#define SS_BAYES_DEFAULT_X 0.5
#endif
#ifndef SS_BAYES_DEFAULT_MIN_DEV
#define SS_BAYES_DEFAULT_MIN_DEV 0.1
#endif
#define SS_BAYES_DEFAULT_BLOCK_CUTOFF 0.95

typedef struct ss_model_params {
    uint64_t n_spam, n_ham;   /* page documents */
    uint64_t n_bspam, n_bham; /* short blocks (spam: labelled spans) */
    double robs;              /* Robinson's s: strength of the prior */
    double robx;              /* Robinson's x: prior probability */
    double min_dev;           /* tokens with |f - 0.5| < min_dev are ignored */
    double spam_cutoff;       /* combined score >= this: spam */
    double ham_cutoff;        /* combined score <= this: ham */
    double block_cutoff;      /* block probability >= this: promo headline */
    bool has_combiner;        /* weights below were fitted */
    double weights[SS_FEAT_COUNT];
    ss_span_weights span[SS_FLAG_KIND_COUNT]; /* learned span stage (span.h);
                                 kinds not fitted keep hand-set scores */
    ss_linetab lines;         /* the promotional-language table (linetab.h):
                                 of an open model, a view into its image; of
                                 one being written, the writer's buffer */
} ss_model_params;

/* One token with its counts (builder side). */
typedef struct ss_model_tok {
    uint64_t hash;
    uint32_t spam, ham, bspam, bham;
    const char *text; /* may be NULL (len 0) */
    uint32_t len;
} ss_model_tok;

struct ss_model {
    ss_model_params p;
    unsigned char *image;  /* the whole file */
    size_t size;
    bool mapped;           /* munmap (true) or free (false) at free time */
    const unsigned char *table;
    uint64_t slots;        /* power of two */
    const unsigned char *pool;
    uint64_t pool_bytes;
    uint64_t n_tokens;
};

/* Parameters of a model with no documents: defaults, no combiner. */
void ss_model_params_default(ss_model_params *p);

/* The format version p is written as: the lowest that holds what it has
 * (model.c; the versions are listed above). */
uint32_t ss_model_version(const ss_model_params *p);

/*
 * Check and wrap a model image. owned: the model takes buf (free()d by
 * ss_model_free). On error the buffer is freed too when owned, *out is NULL,
 * and err says what is wrong: SS_ERR_MODEL (magic, size, checksum,
 * structure) or SS_ERR_VERSION.
 */
ss_status ss_model_from_buffer(unsigned char *buf,
                               size_t len,
                               bool owned,
                               const char *name,
                               ss_model **out,
                               char *err,
                               size_t errlen);

/* Counts of a token; false (and zeros) when the model does not know it. */
bool ss_model_lookup(const ss_model *m,
                     uint64_t hash,
                     ss_model_tok *out /* OUT */);

/* Ask the CPU to start loading the slot of hash (a hint: no effect on
 * results). A caller with a list of hashes prefetches a few ahead of its
 * ss_model_lookup() so that the table's cache misses overlap. */
void ss_model_prefetch(const ss_model *m,
                       uint64_t hash);

/* Number of table slots (iterate 0..slots-1 with ss_model_entry). */
uint64_t ss_model_slots(const ss_model *m);

/* The entry in slot i; false for an empty slot. */
bool ss_model_entry(const ss_model *m,
                    uint64_t i,
                    ss_model_tok *out /* OUT */);

/*
 * Serialise params and toks[0..n) (unique hashes, any order: they are
 * sorted here, so toks is reordered) into a new malloc'ed image.
 */
ss_status ss_model_serialize(const ss_model_params *p,
                             ss_model_tok *toks,
                             size_t n,
                             unsigned char **out,
                             size_t *out_len);

/* CRC-32 of an image as stored at offset 256 (the CRC field itself left
 * out); 0 for an image shorter than the header. The fuzz target and its
 * replay test patch it in so that mutations reach the structure checks. */
uint32_t ss_model_image_crc(const unsigned char *img, size_t len);

/*
 * The bytes an image is written as to path: gzip-compressed when path ends
 * in ".gz" (*packed: a new malloc'ed buffer the caller frees, *packed_len
 * its length), else the image itself (*packed NULL, *packed_len len). The
 * same image always gives the same bytes with the same zlib, so a size
 * budget can be checked before writing (prune.c).
 */
ss_status ss_model_pack_image(const char *path,
                              const unsigned char *image,
                              size_t len,
                              unsigned char **packed /* OUT */,
                              size_t *packed_len /* OUT */,
                              char *err,
                              size_t errlen);

/* Write bytes (a packed image, see above) to path atomically
 * (path.tmp.PID, fsync, rename). */
ss_status ss_model_write_bytes(const char *path,
                               const unsigned char *bytes,
                               size_t len,
                               char *err,
                               size_t errlen);

/* Write an image to path atomically (path.tmp.PID, fsync, rename);
 * gzip-compressed when path ends in ".gz" (ss_model_open reads both). */
ss_status ss_model_write_image(const char *path,
                               const unsigned char *image,
                               size_t len,
                               char *err,
                               size_t errlen);

/* ------------------------------------------------------------------ */
/* Count map (countmap.c): hash -> counts (+ text), growable, used to build
 * models. */

typedef struct ss_countmap {
    ss_model_tok *v;     /* entries, insertion order; text points into pool
                            only after ss_countmap_texts() */
    uint32_t *text_off;  /* offset of each entry's text in pool */
    size_t n, cap;
    uint32_t *slot;      /* index+1 into v, 0 empty */
    size_t n_slots;
    char *pool;
    size_t pool_len, pool_cap;
} ss_countmap;

/* Hard caps of a count map: entries and text bytes. */
#define SS_COUNTMAP_MAX_TOKENS ((size_t)64 << 20)
#define SS_COUNTMAP_MAX_POOL ((size_t)1 << 31)

void ss_countmap_init(ss_countmap *m);
void ss_countmap_free(ss_countmap *m);

/*
 * Add signed deltas to the counts of hash (created with text if new and
 * text != NULL). Counts never go below zero: the part of a negative delta
 * that would is dropped and added to *clamped (may be NULL). Counts
 * saturate at UINT32_MAX.
 */
ss_status ss_countmap_add(ss_countmap *m,
                          uint64_t hash,
                          const char *text,
                          size_t len,
                          int64_t dspam,
                          int64_t dham,
                          int64_t dbspam,
                          int64_t dbham,
                          uint64_t *clamped);

/* Entry of hash or NULL. */
const ss_model_tok *ss_countmap_get(const ss_countmap *m, uint64_t hash);

/* Drop the entries seen in fewer than min_seen documents and blocks
 * (spam + ham + block counts), keeping the others in their order; returns
 * how many were dropped. Entry pointers and texts move. */
size_t ss_countmap_prune(ss_countmap *m, uint64_t min_seen);

/* Point every entry's text into the pool (call before serialising; the
 * pointers are valid until the next add or free). */
void ss_countmap_texts(ss_countmap *m);

/* A model of a trainer's current counts, built in memory (no file); for
 * cross-validation harnesses and tests (train.c). */
ss_status ss_trainer_model(ss_trainer *tr, ss_model **out);

/* ------------------------------------------------------------------ */
/* Classifier primitive (bayes.c).                                    */

/*
 * Robinson/Fisher probability of a set of token hashes (unique, sorted):
 * page counts, or block counts when block is true. When top is not NULL,
 * the indices of up to n_top tokens with the highest f(w) (>= 0.5 + min_dev)
 * are written to top, most spammy first, and their number to *n_top_out.
 * Returns 0.5 when no token passes the min_dev filter or m is NULL.
 */
double ss_bayes_prob(const ss_model *m,
                     const uint64_t *hashes,
                     size_t n,
                     bool block,
                     size_t *top,
                     size_t n_top,
                     size_t *n_top_out);

/*
 * Evidence of injected text among a page's token hashes (unique, sorted),
 * on page counts: the mean of the SS_INJECT_TOP largest spam-side token
 * logits, log(f/(1-f)) clamped to 0..6, over SS_INJECT_TOP slots (missing
 * ones count 0), divided by 6: 0..1. Where ss_bayes_prob() weighs the whole
 * page, and a long honest article outvotes the few words injected into
 * it, this looks only at the page's most spam-specific tokens. 0 when m is
 * NULL.
 */
#define SS_INJECT_TOP 8
double ss_bayes_inject(const ss_model *m, const uint64_t *hashes, size_t n);

/*
 * ss_bayes_prob() of block counts and, in the same pass, the line's
 * naive-Bayes log-likelihood ratio into *odds: the sum of log(f/(1-f))
 * over the tokens ss_bayes_prob() uses, clamped to +-SS_LINE_ODDS_MAX.
 * Fisher's combining saturates on a short line with a few strong tokens
 * (a promotion and a clickbait-shaped honest headline both score 0.999);
 * the sum keeps how much evidence there is. *odds is 0 when m is NULL or
 * has no block counts.
 */
#define SS_LINE_ODDS_MAX 12.0
double ss_bayes_block(const ss_model *m,
                      const uint64_t *hashes,
                      size_t n,
                      size_t *top,
                      size_t n_top,
                      size_t *n_top_out,
                      double *odds);

/* ss_bayes_prob() of page counts and ss_bayes_inject() (into *inject) in
 * one pass over the model look-ups. */
double ss_bayes_page(const ss_model *m,
                     const uint64_t *hashes,
                     size_t n,
                     double *inject);

/* Robinson's f(w) for one token's counts (exposed for tests). */
double ss_bayes_token_prob(const ss_model_params *p,
                           uint32_t spam,
                           uint32_t ham,
                           bool block);

/* Fisher's inverse chi-square: P(chi2 with 2*n degrees of freedom >= x). */
double ss_bayes_chi2q(double x, size_t n);

#endif /* SS_MODEL_H */
