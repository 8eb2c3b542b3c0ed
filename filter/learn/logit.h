/*
 * logit.h - L2-penalised, class-weighted logistic regression by Newton's
 * method, shared by the trainer's two fits: the page combiner (train.c)
 * and the learned span stage (spanfit.c). Deterministic: fixed
 * iterations, rows in order, no randomness, so the same data gives the
 * same bits.
 */
#ifndef SS_LOGIT_H
#define SS_LOGIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SS_LOGIT_MAX_FEAT 128 /* columns a fit may have (SS_SPAN_MAX_FEAT) */

/* Solve A w = b (n x n, row-major) by Gaussian elimination with partial
 * pivoting; A and b are destroyed. False if singular. */
bool ss_solve_linear(double *A,
                     double *b,
                     double *w,
                     int n);

/* The model's probability for row x under weights w; ud is the caller's. */
typedef double (*ss_logit_prob_fn)(void *ud,
                                   const double *w,
                                   const double *x);

/*
 * Fit w[0..F) (w[0] the bias, unpenalised) from rows X (n rows of F
 * columns) with labels y (1 positive, 0 negative; rows with any other
 * label are skipped): minimise the class-weighted log loss, each class
 * weighing half of the rows used, plus l2/2 |w[1..F)|^2, by `iterations`
 * Newton steps from w = 0. A step longer than 10 is shortened to 10
 * (separable data would send weights to infinity); a singular Hessian
 * ends the fit with the weights reached. prob(ud, w, x) is the model's
 * probability (the plain logistic of w.x, or more). F <= SS_LOGIT_MAX_FEAT.
 * w is read by prob while the fit runs: a prob that reads the weights
 * from ud may be handed w inside ud.
 */
void ss_logit_fit(const double *X,
                  const int8_t *y,
                  size_t n,
                  int F,
                  double l2,
                  int iterations,
                  ss_logit_prob_fn prob,
                  void *ud,
                  double *w /* OUT */);

#endif
