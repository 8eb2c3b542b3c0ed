/*
 * logit.c - class-weighted, L2-penalised logistic regression by Newton's
 * method (see logit.h).
 */
#include "logit.h"

#include <math.h>
#include <string.h>

/* See logit.h. */
bool
ss_solve_linear(double *A,
                double *b,
                double *w,
                int n)
{
    for (int c = 0; c < n; c++) {
        int piv = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(A[r * n + c]) > fabs(A[piv * n + c]))
                piv = r;
        if (fabs(A[piv * n + c]) < 1e-12)
            return false;
        if (piv != c) {
            for (int k = 0; k < n; k++) {
                double t = A[c * n + k];
                A[c * n + k] = A[piv * n + k];
                A[piv * n + k] = t;
            }
            double t = b[c];
            b[c] = b[piv];
            b[piv] = t;
        }
        for (int r = c + 1; r < n; r++) {
            double f = A[r * n + c] / A[c * n + c];
            for (int k = c; k < n; k++)
                A[r * n + k] -= f * A[c * n + k];
            b[r] -= f * b[c];
        }
    }
    for (int r = n - 1; r >= 0; r--) {
        double s = b[r];
        for (int k = r + 1; k < n; k++)
            s -= A[r * n + k] * w[k];
        w[r] = s / A[r * n + r];
    }
    return true;
}

/* See logit.h. */
void
ss_logit_fit(const double *X,
             const int8_t *y,
             size_t n,
             int F,
             double l2,
             int iterations,
             ss_logit_prob_fn prob,
             void *ud,
             double *w)
{
    enum { M = SS_LOGIT_MAX_FEAT };
    size_t n_pos = 0, n_neg = 0;
    for (size_t i = 0; i < n; i++) {
        n_pos += y[i] == 1;
        n_neg += y[i] == 0;
    }
    double tot = (double)(n_pos + n_neg);
    double wpos = n_pos ? tot / (2.0 * (double)n_pos) : 1.0;
    double wneg = n_neg ? tot / (2.0 * (double)n_neg) : 1.0;
    memset(w, 0, (size_t)F * sizeof *w);
    for (int it = 0; it < iterations; it++) {
        double H[M * M], g[M], step[M];
        memset(H, 0, sizeof H);
        memset(g, 0, sizeof g);
        for (size_t i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1)
                continue;
            const double *x = X + i * (size_t)F;
            double p = prob(ud, w, x);
            double cw = y[i] ? wpos : wneg;
            double r = cw * (p - y[i]);
            double s = cw * p * (1 - p);
            if (s < 1e-12)
                s = 1e-12;
            /* A zero column adds nothing to g or H (features are finite). */
            for (int a = 0; a < F; a++) {
                if (x[a] == 0)
                    continue;
                g[a] += r * x[a];
                for (int b = 0; b <= a; b++)
                    H[a * F + b] += s * x[a] * x[b];
            }
        }
        for (int a = 0; a < F; a++)
            for (int b = 0; b < a; b++)
                H[b * F + a] = H[a * F + b];
        for (int a = 1; a < F; a++) {
            g[a] += l2 * w[a];
            H[a * F + a] += l2;
        }
        H[0] += 1e-6;
        if (!ss_solve_linear(H, g, step, F))
            break;
        double norm = 0;
        for (int a = 0; a < F; a++)
            norm += step[a] * step[a];
        double scale = norm > 100.0 ? 10.0 / sqrt(norm) : 1.0;
        for (int a = 0; a < F; a++)
            w[a] -= scale * step[a];
    }
}
