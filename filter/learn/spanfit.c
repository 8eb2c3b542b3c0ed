/*
 * spanfit.c - logistic regression and cut-off of the learned span stage
 * (see spanfit.h).
 */
#include "spanfit.h"

#include "logit.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The weights of a kind are fitted in one logistic regression. */
_Static_assert(SS_SPAN_MAX_FEAT <= SS_LOGIT_MAX_FEAT,
               "a span kind's features must fit in one logistic fit");

/* ss_logit_prob_fn of the span stage: ud is the ss_span_weights whose w
 * is the array being fitted. */
static double
span_prob(void *ud,
          const double *w,
          const double *x)
{
    (void)w; /* the same array, read through ud */
    return ss_span_prob(ud, x);
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
    /* Weights alone (no trees): the fit reads cur.w as it goes. */
    ss_span_weights cur;
    memset(&cur, 0, sizeof cur);
    ss_logit_fit(X, y, n, F, SS_SPANFIT_L2, SS_SPANFIT_ITERATIONS, span_prob, &cur, cur.w);
    memcpy(w, cur.w, F * sizeof *w);
    return true;
}

/* qsort order of doubles, ascending. */
static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ------------------------------------------------------------------ */
/* Boosted trees (span.h): gradient boosting of the logistic loss,       */
/* started from the fitted weights' logit, on binned features            */

enum { TB = SS_SPANFIT_TREE_BINS }; /* thresholds per feature, at most */

/* Thresholds of one feature from the sorted values v[0..m): midpoints
 * between distinct values, all of them when there are few, else at
 * SS_SPANFIT_TREE_BINS quantiles. Returns how many (0: a constant). */
static unsigned
feature_thresholds(const double *v,
                   size_t m,
                   double *thr)
{
    unsigned nt = 0;
    for (unsigned q = 1; q <= TB && m > 1; q++) {
        size_t i = (size_t)((double)q * (double)m / (TB + 1));
        if (i >= m)
            i = m - 1;
        /* the first value above v[i], and the midpoint below it */
        size_t j = i;
        while (j < m && v[j] == v[i])
            j++;
        if (j == m)
            break;
        double t = v[i] + (v[j] - v[i]) / 2;
        if (nt == 0 || t > thr[nt - 1])
            thr[nt++] = t;
    }
    /* few distinct values: every midpoint */
    size_t distinct = 1;
    for (size_t i = 1; i < m; i++)
        distinct += v[i] != v[i - 1];
    if (distinct - 1 <= TB) {
        nt = 0;
        for (size_t i = 1; i < m; i++)
            if (v[i] != v[i - 1])
                thr[nt++] = v[i - 1] + (v[i] - v[i - 1]) / 2;
    }
    return nt;
}

/* One histogram cell: sums of gradients, Hessians and rows. */
typedef struct hcell {
    double g, h;
    uint32_t n;
} hcell;

/* See spanfit.h. */
bool
ss_spanfit_trees(const double *X,
                 const int8_t *y,
                 size_t n,
                 unsigned n_trees,
                 ss_span_weights *w)
{
    enum { F = SS_SPAN_FEAT_COUNT, NODES = SS_SPAN_TREE_NODES };
    w->n_trees = 0;
    size_t m = 0, n_pos = 0;
    for (size_t i = 0; i < n; i++) {
        m += y[i] == 0 || y[i] == 1;
        n_pos += y[i] == 1;
    }
    if (n_trees == 0 || n_pos < SS_SPANFIT_MIN_POS || m - n_pos < SS_SPANFIT_MIN_POS)
        return false;
    if (n_trees > SS_SPAN_TREES_MAX)
        n_trees = SS_SPAN_TREES_MAX;
    bool ok = false;
    size_t *rows = malloc(m * sizeof *rows);
    double *vals = malloc(m * sizeof *vals);
    double *thr = malloc((size_t)F * TB * sizeof *thr);
    unsigned *nthr = calloc(F, sizeof *nthr);
    uint8_t *bin = malloc(m * F);
    double *margin = malloc(m * sizeof *margin);
    double *g = malloc(m * sizeof *g), *h = malloc(m * sizeof *h);
    uint8_t *node = malloc(m);
    hcell *hist = malloc((size_t)4 * F * (TB + 1) * sizeof *hist);
    if (!rows || !vals || !thr || !nthr || !bin || !margin || !g || !h || !node || !hist)
        goto done;
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] == 0 || y[i] == 1)
            rows[m++] = i;
    for (unsigned f = 0; f < F; f++) {
        for (size_t r = 0; r < m; r++)
            vals[r] = X[rows[r] * F + f];
        qsort(vals, m, sizeof *vals, cmp_double);
        double *t = thr + (size_t)f * TB;
        nthr[f] = feature_thresholds(vals, m, t);
        for (size_t r = 0; r < m; r++) {
            double x = X[rows[r] * F + f];
            unsigned lo = 0, hi = nthr[f]; /* bin: thresholds below x */
            while (lo < hi) {
                unsigned mid = (lo + hi) / 2;
                if (t[mid] < x)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            bin[r * F + f] = (uint8_t)lo;
        }
    }
    double tot = (double)m;
    double wpos = tot / (2.0 * (double)n_pos), wneg = tot / (2.0 * (double)(m - n_pos));
    ss_span_weights lin = *w;
    lin.n_trees = 0;
    for (size_t r = 0; r < m; r++) {
        double z = 0;
        for (unsigned f = 0; f < F; f++)
            z += lin.w[f] * X[rows[r] * F + f];
        margin[r] = z;
    }
    for (unsigned t = 0; t < n_trees; t++) {
        for (size_t r = 0; r < m; r++) {
            double z = margin[r] > 40 ? 40 : margin[r] < -40 ? -40 : margin[r];
            double p = 1.0 / (1.0 + exp(-z));
            int yy = y[rows[r]];
            double cw = yy ? wpos : wneg;
            g[r] = cw * (p - yy);
            h[r] = cw * p * (1 - p);
            if (h[r] < 1e-12)
                h[r] = 1e-12;
            node[r] = 0;
        }
        ss_span_tree *tr = &w->tree[t];
        unsigned split_bin[NODES];
        for (unsigned d = 0; d < SS_SPAN_TREE_DEPTH; d++) {
            unsigned first = (1u << d) - 1, count = 1u << d;
            memset(hist, 0, (size_t)count * F * (TB + 1) * sizeof *hist);
            for (size_t r = 0; r < m; r++) {
                hcell *hn = hist + (size_t)(node[r] - first) * F * (TB + 1);
                const uint8_t *b = bin + r * F;
                for (unsigned f = 0; f < F; f++) {
                    hcell *c = &hn[f * (TB + 1) + b[f]];
                    c->g += g[r];
                    c->h += h[r];
                    c->n++;
                }
            }
            for (unsigned k = 0; k < count; k++) {
                unsigned nd = first + k;
                const hcell *hn = hist + (size_t)k * F * (TB + 1);
                double G = 0, H = 0;
                uint32_t N = 0;
                for (unsigned b = 0; b <= TB; b++) {
                    G += hn[b].g;
                    H += hn[b].h;
                    N += hn[b].n;
                }
                double parent = G * G / (H + SS_SPANFIT_TREE_L2), best = 1e-9;
                tr->feat[nd] = 0; /* no split: everything goes left */
                tr->thr[nd] = DBL_MAX;
                split_bin[nd] = TB + 1;
                for (unsigned f = 1; f < F; f++) {
                    const hcell *c = hn + f * (TB + 1);
                    double gl = 0, hl = 0;
                    uint32_t nl = 0;
                    for (unsigned s = 0; s < nthr[f]; s++) {
                        gl += c[s].g;
                        hl += c[s].h;
                        nl += c[s].n;
                        if (nl < SS_SPANFIT_TREE_MIN_ROWS)
                            continue;
                        if (N - nl < SS_SPANFIT_TREE_MIN_ROWS)
                            break;
                        double gr = G - gl, hr = H - hl;
                        double gain = gl * gl / (hl + SS_SPANFIT_TREE_L2) +
                                      gr * gr / (hr + SS_SPANFIT_TREE_L2) - parent;
                        if (gain > best) {
                            best = gain;
                            tr->feat[nd] = f;
                            tr->thr[nd] = thr[(size_t)f * TB + s];
                            split_bin[nd] = s;
                        }
                    }
                }
            }
            for (size_t r = 0; r < m; r++) {
                unsigned nd = node[r];
                bool right = split_bin[nd] <= TB && bin[r * F + tr->feat[nd]] > split_bin[nd];
                node[r] = (uint8_t)(2 * nd + (right ? 2 : 1));
            }
        }
        double lg[SS_SPAN_TREE_LEAVES] = {0}, lh[SS_SPAN_TREE_LEAVES] = {0};
        for (size_t r = 0; r < m; r++) {
            lg[node[r] - NODES] += g[r];
            lh[node[r] - NODES] += h[r];
        }
        for (unsigned l = 0; l < SS_SPAN_TREE_LEAVES; l++)
            tr->leaf[l] = -SS_SPANFIT_TREE_RATE * lg[l] / (lh[l] + SS_SPANFIT_TREE_L2);
        for (size_t r = 0; r < m; r++)
            margin[r] += tr->leaf[node[r] - NODES];
        w->n_trees = t + 1;
    }
    ok = true;
done:
    free(rows);
    free(vals);
    free(thr);
    free(nthr);
    free(bin);
    free(margin);
    free(g);
    free(h);
    free(node);
    free(hist);
    return ok;
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

/* log(p / (1 - p)), p kept off 0 and 1. */
static double
logit(double p)
{
    p = p < 1e-12 ? 1e-12 : p > 1 - 1e-12 ? 1 - 1e-12 : p;
    return log(p / (1 - p));
}

/*
 * The cut-off that the honest pages' tail puts budget pages above, from
 * mx, the highest honest probability of each of n pages, ascending
 * (peaks over a threshold): in logit space, the excess of the top pages
 * over the k-th highest, k = SS_SPANFIT_TAIL_PAGES x budget, is taken as
 * exponential, its scale the mean excess, and the quantile read from it.
 * The page at the budget's rank (budget 1: the second highest page)
 * moves with every candidate one page gains or loses; the fit averages
 * over k pages, and the cut-off is the higher of the two. False (no fit)
 * when budget is under one page, when the top k pages are more than half
 * of them or have no candidate, or when they are all equal.
 */
static bool
tail_cutoff(const double *mx,
            size_t n,
            double budget,
            double *out)
{
    if (budget < 1.0)
        return false;
    size_t k = (size_t)ceil(SS_SPANFIT_TAIL_PAGES * budget);
    if (k < 2 || k > n / 2 || mx[n - k] <= 0)
        return false;
    double u = logit(mx[n - k]), sum = 0;
    for (size_t i = n - k + 1; i < n; i++)
        sum += logit(mx[i]) - u;
    double beta = sum / (double)(k - 1);
    if (!(beta > 0))
        return false;
    double z = u + beta * log((double)k / budget);
    *out = 1.0 / (1.0 + exp(-(z > 700 ? 700 : z)));
    return true;
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
    double fit = 0;
    bool fitted = tail_cutoff(mx, n_pages, page_fp * (double)n_pages, &fit);
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
    if (fitted && fit > c)
        c = fit;
    cut = c < 0.5 ? 0.5 : c > max_cut ? max_cut : c;
done:
    free(mx);
    free(all);
    return cut;
}

/* See spanfit.h. */
void
ss_spanfit_cutoffs(const double *p,
                   const int8_t *y,
                   const uint32_t *page,
                   size_t n,
                   size_t n_pages,
                   double page_fp,
                   double flag_fp,
                   double max_cut,
                   ss_span_weights *w)
{
    w->cutoff = ss_spanfit_cutoff_at(p, y, page, n, n_pages, page_fp, max_cut);
    double f = ss_spanfit_cutoff_at(p, y, page, n, n_pages, flag_fp, max_cut);
    w->flag_cutoff = f < w->cutoff ? f : w->cutoff;
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
                unsigned n_trees,
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
    ss_spanfit_trees(X, y, n, n_trees, &all);
    for (unsigned f = 0; f < k; f++) {
        for (size_t r = 0; r < n; r++)
            scratch[r] = fold[r] % k == f ? -1 : y[r];
        double wf[F];
        ss_span_weights fw = all;
        if (ss_spanfit_logistic(X, scratch, n, wf)) {
            memcpy(fw.w, wf, sizeof wf);
            ss_spanfit_trees(X, scratch, n, n_trees, &fw);
        }
        for (size_t r = 0; r < n; r++)
            if (fold[r] % k == f)
                p[r] = ss_span_prob(&fw, X + r * F);
    }
    ss_spanfit_cutoffs(p, y, page, n, n_pages, SS_SPANFIT_PAGE_FP, SS_SPANFIT_FLAG_PAGE_FP,
                       SS_SPANFIT_MAX_CUTOFF, &all);
    all.fitted = true;
    *out = all;
    return true;
}
