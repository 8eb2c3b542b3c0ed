/*
 * spanfit.c - logistic regression and cut-off of the learned span stage
 * (see spanfit.h).
 */
#include "spanfit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* See spanfit.h. */
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

/* See spanfit.h. */
bool
ss_spanfit_logistic(const double *X,
                    const int8_t *y,
                    size_t n,
                    double *w)
{
    enum { F = SS_SPAN_FEAT_COUNT };
    ss_span_weights def;
    ss_span_weights_default(&def);
    memcpy(w, def.w, F * sizeof *w);
    size_t n_pos = 0, n_neg = 0;
    for (size_t i = 0; i < n; i++) {
        n_pos += y[i] == 1;
        n_neg += y[i] == 0;
    }
    if (n_pos < SS_SPANFIT_MIN_POS || n_neg < SS_SPANFIT_MIN_POS)
        return false;
    double tot = (double)(n_pos + n_neg);
    double wpos = tot / (2.0 * (double)n_pos), wneg = tot / (2.0 * (double)n_neg);
    memset(w, 0, F * sizeof *w);
    ss_span_weights cur;
    memset(&cur, 0, sizeof cur);
    for (int it = 0; it < SS_SPANFIT_ITERATIONS; it++) {
        double H[F * F], g[F], step[F];
        memset(H, 0, sizeof H);
        memset(g, 0, sizeof g);
        memcpy(cur.w, w, F * sizeof *w);
        for (size_t i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1)
                continue;
            const double *x = X + i * F;
            double p = ss_span_prob(&cur, x);
            double cw = y[i] ? wpos : wneg;
            double r = cw * (p - y[i]);
            double s = cw * p * (1 - p);
            if (s < 1e-12)
                s = 1e-12;
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
            g[a] += SS_SPANFIT_L2 * w[a];
            H[a * F + a] += SS_SPANFIT_L2;
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
    return true;
}

/* qsort order of doubles, ascending. */
static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* See spanfit.h. */
double
ss_spanfit_cutoff(const double *p,
                  const int8_t *y,
                  const uint32_t *page,
                  size_t n,
                  size_t n_pages)
{
    return ss_spanfit_cutoff_at(p, y, page, n, n_pages, SS_SPANFIT_PAGE_FP, SS_SPANFIT_MAX_CUTOFF);
}

/* See spanfit.h. */
double
ss_spanfit_cutoff_at(const double *p,
                     const int8_t *y,
                     const uint32_t *page,
                     size_t n,
                     size_t n_pages,
                     double page_fp,
                     double max_cut)
{
    double *mx = calloc(n_pages ? n_pages : 1, sizeof *mx);
    double *all = malloc((n ? n : 1) * sizeof *all);
    double cut = 0.5;
    if (!mx || !all)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (y[i] == 0 && page[i] < n_pages && p[i] > mx[page[i]])
            mx[page[i]] = p[i];
    qsort(mx, n_pages, sizeof *mx, cmp_double);
    size_t allowed = (size_t)floor(page_fp * (double)n_pages);
    if (n_pages == 0)
        goto done;
    double edge = mx[n_pages - 1 - (allowed < n_pages ? allowed : n_pages - 1)];
    /* The next candidate score above the edge, any label. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] > edge)
            all[m++] = p[i];
    double above = 1.0;
    if (m) {
        qsort(all, m, sizeof *all, cmp_double);
        above = all[0];
    }
    double c = edge + (above - edge) / 2;
    if (c <= edge)
        c = nextafter(edge, 2.0);
    cut = c < 0.5 ? 0.5 : c > max_cut ? max_cut : c;
done:
    free(mx);
    free(all);
    return cut;
}

/* See spanfit.h. */
bool
ss_spanfit_kind(const double *X,
                const int8_t *y,
                const uint32_t *page,
                const uint32_t *fold,
                size_t n,
                size_t n_pages,
                unsigned k,
                int8_t *scratch,
                double *p,
                ss_span_weights *out)
{
    enum { F = SS_SPAN_FEAT_COUNT };
    double w[F];
    if (k == 0 || !ss_spanfit_logistic(X, y, n, w))
        return false;
    ss_span_weights all;
    memset(&all, 0, sizeof all);
    memcpy(all.w, w, sizeof w);
    for (unsigned f = 0; f < k; f++) {
        for (size_t r = 0; r < n; r++)
            scratch[r] = fold[r] % k == f ? -1 : y[r];
        double wf[F];
        ss_span_weights fw = all;
        if (ss_spanfit_logistic(X, scratch, n, wf))
            memcpy(fw.w, wf, sizeof wf);
        for (size_t r = 0; r < n; r++)
            if (fold[r] % k == f)
                p[r] = ss_span_prob(&fw, X + r * F);
    }
    all.cutoff = ss_spanfit_cutoff(p, y, page, n, n_pages);
    all.fitted = true;
    *out = all;
    return true;
}
