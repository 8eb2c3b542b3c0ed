/*
 * score.h - internals shared by the scorer (score.c) and the trainer.
 *
 * ss_ctx_score() runs: page model -> rules -> structural detectors ->
 * naive Bayes -> features -> calibrated combiner -> verdict -> clean text.
 * The trainer needs the first half (everything that does not depend on the
 * model being trained) for each labeled document: ss_ctx_analyze().
 */
#ifndef SS_SCORE_H
#define SS_SCORE_H

#include "arena.h"
#include "evidence.h"
#include "page.h"
#include "spamscore.h"

/*
 * Parse one document and run the rules and the structural detectors, but not
 * naive Bayes. On SS_OK, *page and *ev point into ctx's arena and stay valid
 * until the next call on ctx. ss_ctx_error(ctx) explains a failure.
 */
ss_status ss_ctx_analyze(ss_ctx *ctx,
                         const char *data,
                         size_t len,
                         const ss_doc_opts *opts,
                         ss_page **page,
                         ss_evidence **ev);

/* The arena of ctx (for callers that need scratch memory for this page). */
ss_arena *ss_ctx_arena(ss_ctx *ctx);

/* The scorer's configuration. */
const ss_config *ss_scorer_config(const ss_scorer *scorer);

/* Default combiner weights (SS_FEAT_COUNT) and cut-offs, used when the model
 * has none. Documented in the README ("Scoring"). */
void ss_combiner_defaults(double *weights,
                          double *spam_cutoff,
                          double *ham_cutoff);

/* Logistic combination: 1 / (1 + exp(-w.x)), with w.x clamped to +-40. */
double ss_combine(const double *weights, const double *feat);

/* A finding this strong, made by a rule or a detector, is enough on its own
 * (see ss_page_score). */
#define SS_FINDING_FLOOR_MIN 0.6

/*
 * The page's spam probability: the combiner's, but never below the
 * strongest injected-brand, promo-headline, site-name or link-injection
 * finding that a rule
 * or a detector made (floor, ss_evidence.floor) when that finding is at
 * least SS_FINDING_FLOOR_MIN. The combiner weighs signals by how often they
 * come together in the training corpus, which under-rates a page carrying
 * one clear injection and nothing else; the injection alone makes the page
 * spam. Used by the scorer and, for the cut-offs, by the trainer.
 */
double ss_page_score(const double *weights, const double *feat, double floor);

#endif /* SS_SCORE_H */
