/*
 * bayes.h - naive-Bayes scoring of a page and of its blocks with a model:
 * Robinson's per-token probability f(w) = (s*x + n*p(w)) / (s + n) and
 * Fisher's chi-square combining, as bogofilter does. Tokens are combined in
 * sorted order so that results are deterministic.
 */
#ifndef SS_BAYES_H
#define SS_BAYES_H

#include "arena.h"
#include "evidence.h"
#include "page.h"
#include "spamscore.h"

typedef struct ss_bayes_out {
    double page_prob;        /* 0..1; 0.5 when there is no model */
    double block_max;        /* highest block probability among short blocks
                                (list items, headings, lines); 0.5 if none */
    uint32_t block_max_idx;  /* its block index, or SS_NONE */
    double inject;           /* ss_bayes_inject() of the page's tokens */
    uint32_t limits;         /* SS_LIMIT_* caps hit (SS_LIMIT_TOKENS): the
                                caller ors them into page->limits */
} ss_bayes_out;

/*
 * Score page with model (may be NULL: neutral output). Blocks in list
 * widgets whose probability passes the model's block cut-off are added to
 * ev as promo-headline findings (or reinforce an existing finding on the
 * same block), with the most decisive tokens as reasons.
 */
ss_status ss_bayes_score(const ss_model *model,
                         const ss_config *cfg,
                         ss_arena *a,
                         const ss_page *page,
                         ss_evidence *ev,
                         ss_bayes_out *out);

/* Fewest words a list item needs before its block probability alone makes
 * it a promo-headline finding: promotions are sentences, and one- or
 * two-word items ("Reddit", "ECG app") carry single-token evidence. The
 * trainer mirrors this when it computes the features it calibrates on. */
#define SS_PROMO_MIN_WORDS 4

/*
 * The combiner's weights (SS_FEAT_COUNT of them) and cut-offs stored in the
 * model. Returns false when model is NULL or has none (use the defaults).
 */
bool ss_model_combiner(const ss_model *model,
                       double *weights,
                       double *spam_cutoff,
                       double *ham_cutoff);

#endif /* SS_BAYES_H */
