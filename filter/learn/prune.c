/*
 * prune.c - keeping a model small (see prune.h).
 *
 * A token's worth is how far the classifier's estimate f(w) lies from the
 * neutral 0.5, for pages or for short blocks, whichever is further: the
 * classifier ignores tokens with |f(w) - 0.5| < min_dev anyway, and Robinson's
 * estimate already shrinks rare tokens towards x, so a token seen once
 * ranks low. Ties go to the token seen in more documents, then to the lower
 * hash, so the choice is total and deterministic.
 *
 * A size budget keeps a prefix of that ranking whose model, as written
 * (gzip-compressed for a .gz path), fits while one more token would not:
 * found by a bracketing search over the token count that serialises and
 * compresses each candidate for real, never by estimating bytes per token.
 */
#include "prune.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"

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
    o->max_file_bytes = 0;
    o->merge_family = false;
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

/* Reorder v[0..n) most informative first (cmp_ranked). */
static ss_status
rank_tokens(const ss_model_params *p,
            ss_model_tok *v,
            size_t n)
{
    ranked *r = malloc((n ? n : 1) * sizeof *r);
    ss_model_tok *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!r || !sorted) {
        free(r);
        free(sorted);
        return SS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const ss_model_tok *t = &v[i];
        double fp = ss_bayes_token_prob(p, t->spam, t->ham, false);
        double fb = ss_bayes_token_prob(p, t->bspam, t->bham, true);
        double dp = fabs(fp - 0.5), db = fabs(fb - 0.5);
        r[i].worth = dp > db ? dp : db;
        r[i].seen = seen(t);
        r[i].i = i;
        r[i].hash = t->hash;
    }
    qsort(r, n, sizeof *r, cmp_ranked);
    for (size_t k = 0; k < n; k++)
        sorted[k] = v[r[k].i];
    memcpy(v, sorted, n * sizeof *v);
    free(r);
    free(sorted);
    return SS_OK;
}

/* See prune.h. */
ss_status
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
    if ((o->max_tokens && *n > o->max_tokens) || o->max_file_bytes) {
        ss_status st = rank_tokens(p, v, *n);
        if (st != SS_OK)
            return st;
        if (o->max_tokens && *n > o->max_tokens)
            *n = (size_t)o->max_tokens;
    }
    if (o->hash_only)
        for (size_t i = 0; i < *n; i++) {
            v[i].text = NULL;
            v[i].len = 0;
        }
    return SS_OK;
}

/* A model as it is written: bytes[0..len) is the image or its gzip. */
typedef struct packed_model {
    unsigned char *image, *packed; /* what to free */
    const unsigned char *bytes;
    size_t len;
} packed_model;

/* Free what a packed_model holds and clear it. */
static void
packed_free(packed_model *pm)
{
    free(pm->image);
    free(pm->packed);
    memset(pm, 0, sizeof *pm);
}

/* Pack a model of the first k tokens of v (rank order) for path into
 * *out, serialised through scratch (serialisation sorts its input; v keeps
 * its order; scratch may be v itself). */
static ss_status
pack_first(const ss_model_params *p,
           const ss_model_tok *v,
           size_t k,
           ss_model_tok *scratch,
           const char *path,
           packed_model *out,
           char *err,
           size_t errlen)
{
    size_t img_len = 0;
    memset(out, 0, sizeof *out);
    if (k && scratch != v)
        memcpy(scratch, v, k * sizeof *scratch);
    ss_status st = ss_model_serialize(p, scratch, k, &out->image, &img_len);
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "%s: %s", path, ss_strerror(st));
        return st;
    }
    st = ss_model_pack_image(path, out->image, img_len, &out->packed,
                             &out->len, err, errlen);
    if (st != SS_OK) {
        packed_free(out);
        return st;
    }
    out->bytes = out->packed ? out->packed : out->image;
    return SS_OK;
}

/*
 * The most tokens of v[0..n) (rank order) whose written model fits in
 * budget bytes, packed in *best. The written size grows with the token
 * count (more entries, a longer pool, a table that doubles; compressed, it
 * may waver by a few bytes), so a search that keeps a count that fits
 * below one that does not ends where the size crosses the budget: the
 * result fits, one more token would not (with gzip's wavering, a few
 * tokens short of the largest count that fits at most: 4 of 364,969 on
 * bench/mailsize's model at 8 MB). Each step serialises and packs for
 * real, so the size checked is the size written, compressed or not.
 * Same tokens, same budget: same steps, same file.
 */
static ss_status
fit_budget(const ss_model_params *p,
           const ss_model_tok *v,
           size_t n,
           uint64_t budget,
           const char *path,
           packed_model *best,
           char *err,
           size_t errlen)
{
    ss_model_tok *scratch = malloc((n ? n : 1) * sizeof *scratch);
    packed_model pm;
    ss_status st;
    if (!scratch) {
        ss_errmsg(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    st = pack_first(p, v, n, scratch, path, best, err, errlen);
    if (st != SS_OK || best->len <= budget)
        goto done;
    size_t hi_len = best->len;
    packed_free(best);
    st = pack_first(p, v, 0, scratch, path, best, err, errlen);
    if (st != SS_OK)
        goto done;
    if (best->len > budget) {
        ss_errmsg(err, errlen, "a size budget of %llu bytes is below the "
                "smallest model this can write (%zu bytes, no tokens)",
                (unsigned long long)budget, best->len);
        packed_free(best);
        st = SS_ERR_LIMIT;
        goto done;
    }
    /* lo fits (best holds it), hi does not. Steps go in rounds: try the
     * count where the budget falls between the two sizes (the size is
     * nearly linear in the count between two near counts), then a count a
     * 32nd of the interval past that guess, to close the side it left
     * open; when a round did not halve the interval, one step at the
     * middle. So the search takes at most three times bisection's steps,
     * and usually far fewer (each step serialises and compresses a whole
     * model). */
    size_t lo = 0, hi = n, round_width = n;
    int phase = 0; /* 0: interpolate, 1: step past the guess, 2: halve */
    bool last_fit = false;
    while (hi - lo > 1) {
        size_t width = hi - lo, mid = lo + width / 2;
        if (phase == 0) {
            round_width = width;
            double f = (double)(budget - best->len) /
                       (double)(hi_len - best->len);
            mid = lo + (size_t)(f * (double)width);
        } else if (phase == 1) {
            size_t d = width / 32 ? width / 32 : 1;
            mid = last_fit ? lo + d : hi - d;
        }
        if (mid <= lo)
            mid = lo + 1;
        if (mid >= hi)
            mid = hi - 1;
        st = pack_first(p, v, mid, scratch, path, &pm, err, errlen);
        if (st != SS_OK) {
            packed_free(best);
            goto done;
        }
        last_fit = pm.len <= budget;
        if (last_fit) {
            packed_free(best);
            *best = pm;
            lo = mid;
        } else {
            hi_len = pm.len;
            packed_free(&pm);
            hi = mid;
        }
        if (phase == 1 && 2 * (hi - lo) > round_width)
            phase = 2;
        else
            phase = phase == 0 ? 1 : 0;
    }
done:
    free(scratch);
    return st;
}

/* See prune.h. */
ss_status
ss_prune_write(const ss_model_params *p,
               const ss_train_opts *o,
               ss_model_tok *v,
               size_t n,
               const char *path,
               char *err,
               size_t errlen)
{
    packed_model pm;
    ss_status st = ss_prune_tokens(p, o, v, &n);
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "%s: %s", path, ss_strerror(st));
        return st;
    }
    if (o->max_file_bytes)
        st = fit_budget(p, v, n, o->max_file_bytes, path, &pm, err, errlen);
    else
        st = pack_first(p, v, n, v, path, &pm, err, errlen);
    if (st != SS_OK)
        return st;
    st = ss_model_write_bytes(path, pm.bytes, pm.len, err, errlen);
    packed_free(&pm);
    return st;
}
