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
 * (most informative first when a token budget or a size budget is set)
 * and *n shrinks; the result depends only on the tokens and counts, not on
 * their order. SS_ERR_NOMEM when ranking cannot allocate.
 */
ss_status ss_prune_tokens(const ss_model_params *p,
                          const ss_train_opts *o,
                          ss_model_tok *v,
                          size_t *n);

/*
 * Prune v[0..n) as above, then write the model of params p and those
 * tokens to path atomically (gzip for a ".gz" path). With
 * o->max_file_bytes, the most informative tokens are kept, as many as fit:
 * the file written is at most that many bytes. A budget below the model
 * with no tokens gives SS_ERR_LIMIT and writes nothing. v is reordered.
 * Errors come with a message in err.
 */
ss_status ss_prune_write(const ss_model_params *p,
                         const ss_train_opts *o,
                         ss_model_tok *v,
                         size_t n,
                         const char *path,
                         char *err,
                         size_t errlen);

#endif /* SS_PRUNE_H */
