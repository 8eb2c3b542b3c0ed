/*
 * prune.h - keeping a model small: which tokens a trainer writes under the
 * ss_train_opts limits (minimum count, token budget, hash-only).
 */
#ifndef SS_PRUNE_H
#define SS_PRUNE_H

#include <stddef.h>

#include "model.h"
#include "spamscore.h"

/*
 * Apply o to the tokens v[0..*n) a model is about to be written from:
 * drop those under o->min_count, keep the o->max_tokens most informative
 * (see prune.c), and clear their texts when o->hash_only. v is reordered
 * and *n shrinks; the result depends only on the tokens and counts, not on
 * their order.
 */
void ss_prune_tokens(const ss_model_params *p,
                     const ss_train_opts *o,
                     ss_model_tok *v,
                     size_t *n);

#endif /* SS_PRUNE_H */
