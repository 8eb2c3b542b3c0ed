/*
 * train_int.h - inside the trainer (train.c, train_fit.c): its limits, the
 * compact records it keeps of every document learned in a run (findings,
 * span candidates, short blocks, token hashes) for the calibration, and
 * the trainer itself. Not a public header.
 */
#ifndef SS_TRAIN_INT_H
#define SS_TRAIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "spamscore.h"
#include "span.h"

#define CV_FOLDS 5
#define LR_ITERATIONS 30
#define LR_L2 1.0               /* penalty on every weight but the bias */
#define TARGET_ERROR_RATE 0.005 /* max share of ham above the spam cut-off */
#define HAM_KEEP_RATE 0.95      /* min share of ham at or below the ham cut-off */
#define BLOCK_ERROR_RATE 0.001  /* max share of ham blocks above the block
                                   cut-off: a page has many blocks */
#define MAX_BLOCKS_PER_DOC 512  /* short blocks kept per document */
#define MAX_FINDINGS_PER_DOC 64 /* heuristic findings kept per document */
#define MIN_SPAN_MATCH 8        /* bytes of a block inside a span to count */

typedef struct find_rec {
    uint8_t kind, where, drop;
    uint32_t block, n_blocks;
    uint32_t cand;     /* its span candidate: index + 1 in the document's
                          candidates, 0 none */
    double score;
} find_rec;

/* A span candidate (span.h) of a learned document. */
typedef struct cand_rec {
    uint8_t kind;
    int8_t label;      /* 1 matches a labelled span of its kind, 0 not,
                          -1 unknown (a spam page without span labels) */
    bool has_finding;
    uint8_t n_occ;
    bool in_widget;
    uint32_t block;    /* block of its first occurrence */
    uint32_t prefix_block[SS_SPAN_OCC_MAX]; /* brands: blocks whose list
                          item it prefixes (SS_NONE: none) */
    double x[SS_SPAN_FEAT_COUNT]; /* seam and block naive-Bayes features
                                     filled at calibration */
    uint64_t seam[SS_SEAM_COUNT];
    double p;          /* cross-validated probability (calibration) */
} cand_rec;

typedef struct blk_rec {
    uint32_t index;    /* block index in the page */
    uint32_t n_tok;
    size_t tok_off;    /* into tr->hashes */
    int8_t label;      /* 1 spam block, 0 ham block, -1 not trained */
    bool widget_item;
    bool promo_length; /* long enough for a Bayes-only promo finding */
} blk_rec;

typedef struct doc_rec {
    int label;
    uint32_t n_tok;
    size_t tok_off;
    /* The tokens its page counts moved by (see injected_tokens()): the
     * page's tokens (cnt_off == tok_off, n_cnt == n_tok), or for a spam
     * page with span labels only those of its injected text, stored
     * after its blocks. */
    uint32_t n_cnt;
    size_t cnt_off;
    size_t blk_off, n_blk;
    size_t find_off, n_find;
    size_t cand_off, n_cand;
    double rule_weight_sum;
    uint32_t fold;     /* cross-validation fold, 0..CV_FOLDS-1 (doc_fold) */
} doc_rec;

/* A growable array of fixed-size elements with a hard cap. */
typedef struct vec {
    void *v;
    size_t n, cap, size;
} vec;

struct ss_trainer {
    ss_config cfg;
    ss_scorer *scorer;
    ss_train_prep *prep; /* ss_trainer_add's, made on first use */
    ss_countmap counts;
    ss_countmap lines;   /* line documents: spam and ham columns (linetab.h) */
    unsigned char *lines_tab; /* params.lines.ent, built by
                                 ss_train_build_lines() */
    ss_model_params params;
    bool loaded;
    vec docs, blks, finds, hashes, cands;
    uint64_t clamped;
    uint64_t table_dropped; /* tokens dropped by bound_table */
    ss_progress_fn progress;
    void *progress_ud;
    /* Options, and the calibration sample (see keep_for_calibration). */
    ss_train_opts opts;
    uint64_t calib_seen, calib_stride;
};

/* Cross-validate, fit the combiner, the block cut-off and the learned span
 * stage, and choose the cut-offs (train.c's top comment), into
 * tr->params. err says what failed. */
ss_status ss_train_calibrate(ss_trainer *tr,
                             char *err,
                             size_t errlen);

/* Build the promotional-language table of the line documents learned so
 * far into tr->params.lines (the tokens of at least SS_LINETAB_MIN_SEEN
 * lines), before the candidates are scored with it and the model written,
 * so that the fit sees the table the scorer will. */
ss_status ss_train_build_lines(ss_trainer *tr);

#endif /* SS_TRAIN_INT_H */
