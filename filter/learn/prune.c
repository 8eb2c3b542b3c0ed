/*
 * prune.c - keeping a model small (see prune.h).
 *
 * A token's worth is how far the classifier's estimate f(w) lies from the
 * neutral 0.5, for pages or for short blocks, whichever is further: the
 * classifier ignores tokens with |f(w) - 0.5| < min_dev anyway, and Robinson's
 * estimate already shrinks rare tokens towards x, so a token seen once
 * ranks low. Ties go to the token seen in more documents, then to the lower
 * hash, so the choice is total and deterministic.
 */
#include "prune.h"

#include <math.h>
#include <stdlib.h>

/* A token with its worth, for sorting. */
typedef struct ranked {
    double worth;
    uint64_t seen;
    size_t i;
    uint64_t hash;
} ranked;

/* See spamscore.h. */
void
ss_train_opts_default(ss_train_opts *o)
{
    if (!o)
        return;
    o->min_count = 0;
    o->max_tokens = 0;
    o->hash_only = false;
    o->max_calib_docs = SS_TRAIN_DEFAULT_CALIB_DOCS;
    o->max_table_tokens = 0;
    o->span_trees = 0;
}

/* Documents and blocks a token was seen in. */
static uint64_t
seen(const ss_model_tok *t)
{
    return (uint64_t)t->spam + t->ham + t->bspam + t->bham;
}

/* qsort order: worth, then seen (both descending), then hash. */
static int
cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->worth != y->worth)
        return x->worth > y->worth ? -1 : 1;
    if (x->seen != y->seen)
        return x->seen > y->seen ? -1 : 1;
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* qsort order: hash. */
static int
cmp_hash(const void *a, const void *b)
{
    const ss_model_tok *x = a, *y = b;
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* Keep the max_tokens most informative of v[0..*n). */
static void
keep_best(const ss_model_params *p,
          uint64_t max_tokens,
          ss_model_tok *v,
          size_t *n)
{
    ranked *r = malloc(*n * sizeof *r);
    ss_model_tok *kept = malloc(max_tokens * sizeof *kept);
    if (!r || !kept) {
        /* Without memory to rank, keep the lowest hashes: still
         * deterministic, and within the budget. */
        free(r);
        free(kept);
        qsort(v, *n, sizeof *v, cmp_hash);
        *n = (size_t)max_tokens;
        return;
    }
    for (size_t i = 0; i < *n; i++) {
        const ss_model_tok *t = &v[i];
        double fp = ss_bayes_token_prob(p, t->spam, t->ham, false);
        double fb = ss_bayes_token_prob(p, t->bspam, t->bham, true);
        double dp = fabs(fp - 0.5), db = fabs(fb - 0.5);
        r[i].worth = dp > db ? dp : db;
        r[i].seen = seen(t);
        r[i].i = i;
        r[i].hash = t->hash;
    }
    qsort(r, *n, sizeof *r, cmp_ranked);
    for (size_t k = 0; k < max_tokens; k++)
        kept[k] = v[r[k].i];
    for (size_t k = 0; k < max_tokens; k++)
        v[k] = kept[k];
    *n = (size_t)max_tokens;
    free(r);
    free(kept);
}

/* See prune.h. */
void
ss_prune_tokens(const ss_model_params *p,
                const ss_train_opts *o,
                ss_model_tok *v,
                size_t *n)
{
    size_t m = 0;
    if (o->min_count > 1) {
        for (size_t i = 0; i < *n; i++)
            if (seen(&v[i]) >= o->min_count)
                v[m++] = v[i];
        *n = m;
    }
    if (o->max_tokens && *n > o->max_tokens)
        keep_best(p, o->max_tokens, v, n);
    if (o->hash_only)
        for (size_t i = 0; i < *n; i++) {
            v[i].text = NULL;
            v[i].len = 0;
        }
}
