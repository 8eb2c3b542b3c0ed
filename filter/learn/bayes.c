/*
 * bayes.c - naive-Bayes scoring (see bayes.h): Robinson's per-token
 * probability and Fisher's chi-square combining, as in bogofilter, at page
 * level and for short blocks.
 *
 * For a token seen in s spam and h ham documents out of Ns and Nh:
 *
 *   p(w) = (s/Ns) / (s/Ns + h/Nh)          doc-count-normalised
 *   f(w) = (S*X + n*p(w)) / (S + n)        n = s + h; S, X from the model
 *
 * Tokens with |f(w) - 0.5| < min_dev are ignored. With the remaining n
 * tokens, in hash order (the caller's sorted set) so that sums are always
 * formed in the same order:
 *
 *   H = C^-1(-2 ln prod f(w), 2n)      S = C^-1(-2 ln prod (1-f(w)), 2n)
 *   I = (1 + H - S) / 2
 *
 * where C^-1(x, 2n) is the upper tail of the chi-square distribution with
 * 2n degrees of freedom. I near 1 is spam, near 0 ham.
 */
#include "bayes.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "detect.h"
#include "model.h"
#include "span.h"
#include "tokenize.h"

/* f(w) is kept inside [F_MIN, 1-F_MIN] before log(). */
#define F_MIN 1e-9
/* Decisive tokens named in a block finding's reason. */
#define N_DECISIVE 3
#define PREFETCH_AHEAD 8 /* model slots requested ahead of their look-up */

/* See model.h. */
double
ss_bayes_token_prob(const ss_model_params *p,
                    uint32_t spam,
                    uint32_t ham,
                    bool block)
{
    double ns = (double)(block ? p->n_bspam : p->n_spam);
    double nh = (double)(block ? p->n_bham : p->n_ham);
    double rs = ns > 0 ? spam / ns : 0.0;
    double rh = nh > 0 ? ham / nh : 0.0;
    double n = (double)spam + (double)ham;
    if (rs + rh <= 0)
        return p->robx;
    double pw = rs / (rs + rh);
    return (p->robs * p->robx + n * pw) / (p->robs + n);
}

/* log(i) for i < LOG_TABLE, computed once by log() itself (so a value
 * from the table is the one log() would return): ss_bayes_chi2q() wants
 * log(1) .. log(n - 1) on every call, twice per scored page and block. */
#define LOG_TABLE 1024
static double log_table[LOG_TABLE];
static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static atomic_bool log_ready;

static void
log_table_build(void)
{
    for (size_t i = 1; i < LOG_TABLE; i++)
        log_table[i] = log((double)i);
    atomic_store_explicit(&log_ready, true, memory_order_release);
}

/* log((double)i) for i >= 1. */
static inline double
log_int(size_t i)
{
    if (i >= LOG_TABLE)
        return log((double)i);
    if (!atomic_load_explicit(&log_ready, memory_order_acquire))
        pthread_once(&log_once, log_table_build);
    return log_table[i];
}

/* See model.h. */
double
ss_bayes_chi2q(double x, size_t n)
{
    if (n == 0 || !(x > 0))
        return 1.0;
    /* sum_{i<n} e^-m m^i / i!, m = x/2, summed in log space around the
     * largest term so that neither e^-m nor m^i over/underflows. */
    double m = x / 2.0;
    double lm = log(m);
    size_t imax = m < (double)(n - 1) ? (size_t)m : n - 1;
    int sign; /* lgamma_r: lgamma() writes the global signgam (a race) */
    double lmax = -m + (double)imax * lm - lgamma_r((double)imax + 1.0, &sign);
    double sum = 0.0;
    double lt = -m; /* log of term i */
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            lt += lm - log_int(i);
        double d = lt - lmax;
        if (d > -60)
            sum += exp(d);
        else if (i > imax)
            break; /* terms only shrink from here on */
    }
    double r = exp(lmax) * sum;
    return r > 1.0 ? 1.0 : r;
}

/* Keep z among the SS_INJECT_TOP largest of top[] (descending). */
static void
inject_push(double *top,
            double f)
{
    if (!(f > 0.5))
        return;
    double z = f >= 1 - 1e-6 ? 6 : log(f / (1 - f));
    if (z > 6)
        z = 6;
    if (!(z > top[SS_INJECT_TOP - 1]))
        return;
    size_t k = SS_INJECT_TOP - 1;
    while (k > 0 && top[k - 1] < z) {
        top[k] = top[k - 1];
        k--;
    }
    top[k] = z;
}

/* ss_bayes_inject()'s value from its top[]. */
static double
inject_value(const double *top)
{
    double sum = 0;
    for (size_t k = 0; k < SS_INJECT_TOP; k++)
        sum += top[k];
    return sum / (6.0 * SS_INJECT_TOP);
}

/* See model.h. */
double
ss_bayes_inject(const ss_model *m, const uint64_t *hashes, size_t n)
{
    double inject = 0;
    ss_bayes_page(m, hashes, n, &inject);
    return inject;
}

/* ss_bayes_prob(), and ss_bayes_inject() into *inject when not NULL, in
 * one pass over the look-ups. */
static double
prob_impl(const ss_model *m,
          const uint64_t *hashes,
          size_t n,
          bool block,
          size_t *top,
          size_t n_top,
          size_t *n_top_out,
          double *inject,
          double *odds)
{
    double itop[SS_INJECT_TOP] = {0};
    if (inject)
        *inject = 0;
    if (odds)
        *odds = 0;
    if (n_top_out)
        *n_top_out = 0;
    if (!m)
        return 0.5;
    const ss_model_params *p = &m->p;
    if (block && (p->n_bspam == 0 || p->n_bham == 0))
        return 0.5;
    double sum_ln_f = 0, sum_ln_1f = 0;
    size_t used = 0;
    double top_f[N_DECISIVE + 8];
    if (n_top > N_DECISIVE + 8)
        n_top = N_DECISIVE + 8;
    size_t nt = 0;
    for (size_t i = 0; i < n && i < PREFETCH_AHEAD; i++)
        ss_model_prefetch(m, hashes[i]);
    for (size_t i = 0; i < n; i++) {
        ss_model_tok t;
        if (i + PREFETCH_AHEAD < n)
            ss_model_prefetch(m, hashes[i + PREFETCH_AHEAD]);
        if (!ss_model_lookup(m, hashes[i], &t))
            continue;
        double f = ss_bayes_token_prob(p, block ? t.bspam : t.spam,
                                       block ? t.bham : t.ham, block);
        if (inject)
            inject_push(itop, f);
        if (fabs(f - 0.5) < p->min_dev)
            continue;
        if (f < F_MIN)
            f = F_MIN;
        if (f > 1 - F_MIN)
            f = 1 - F_MIN;
        sum_ln_f += log(f);
        sum_ln_1f += log(1 - f);
        used++;
        if (top && f > 0.5 && n_top > 0) {
            /* Insertion into the short list of most spammy tokens; ties
             * keep the earlier (lower hash) token first. */
            size_t k = nt < n_top ? nt : n_top - 1;
            if (nt < n_top || f > top_f[k]) {
                while (k > 0 && top_f[k - 1] < f) {
                    top_f[k] = top_f[k - 1];
                    top[k] = top[k - 1];
                    k--;
                }
                top_f[k] = f;
                top[k] = i;
                if (nt < n_top)
                    nt++;
            }
        }
    }
    if (inject)
        *inject = inject_value(itop);
    if (odds) {
        double o = sum_ln_f - sum_ln_1f;
        *odds = o > SS_LINE_ODDS_MAX ? SS_LINE_ODDS_MAX : o < -SS_LINE_ODDS_MAX ? -SS_LINE_ODDS_MAX : o;
    }
    if (n_top_out)
        *n_top_out = nt;
    if (used == 0)
        return 0.5;
    double h = ss_bayes_chi2q(-2.0 * sum_ln_f, used);
    double s = ss_bayes_chi2q(-2.0 * sum_ln_1f, used);
    double ind = (1.0 + h - s) / 2.0;
    if (ind < 0)
        ind = 0;
    if (ind > 1)
        ind = 1;
    return ind;
}

/* See model.h. */
double
ss_bayes_prob(const ss_model *m,
              const uint64_t *hashes,
              size_t n,
              bool block,
              size_t *top,
              size_t n_top,
              size_t *n_top_out)
{
    return prob_impl(m, hashes, n, block, top, n_top, n_top_out, NULL, NULL);
}

/* See model.h. */
double
ss_bayes_block(const ss_model *m,
               const uint64_t *hashes,
               size_t n,
               size_t *top,
               size_t n_top,
               size_t *n_top_out,
               double *odds)
{
    return prob_impl(m, hashes, n, true, top, n_top, n_top_out, NULL, odds);
}

/* See model.h. */
double
ss_bayes_page(const ss_model *m,
              const uint64_t *hashes,
              size_t n,
              double *inject)
{
    return prob_impl(m, hashes, n, false, NULL, 0, NULL, inject, NULL);
}

/* Token hashes of a token set, in its (sorted) order. */
static uint64_t *
hashes_of(ss_arena *a, const ss_tokens *t)
{
    uint64_t *h = ss_arena_alloc(a, (t->n ? t->n : 1) * sizeof *h);
    if (!h)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        h[i] = t->v[i].hash;
    return h;
}

/* Is block i an item of its list widget? */
static bool
is_widget_item(const ss_page *page, uint32_t i)
{
    const ss_block *b = &page->blocks[i];
    if (b->widget == SS_NONE || b->widget >= page->n_widgets)
        return false;
    const ss_widget *w = &page->widgets[b->widget];
    return i >= w->first && i - w->first < w->n_items;
}

/* "bayes 0.997: strategy, stable, safe" in the arena. */
static const char *
reason_text(ss_arena *a,
            double prob,
            const ss_tokens *t,
            const size_t *top,
            size_t n_top)
{
    char buf[256];
    int o = snprintf(buf, sizeof buf, "bayes %.3f", prob);
    for (size_t k = 0; k < n_top && o > 0 && (size_t)o < sizeof buf - 8; k++) {
        const ss_token *tok = &t->v[top[k]];
        int len = tok->len > 60 ? 60 : (int)tok->len;
        o += snprintf(buf + o, sizeof buf - (size_t)o, "%s%.*s",
                      k ? ", " : ": ", len, tok->text);
    }
    if (o < 0)
        return "bayes";
    size_t l = (size_t)o < sizeof buf ? (size_t)o : sizeof buf - 1;
    return ss_arena_strndup(a, buf, l);
}

/* Add or reinforce the promo-headline finding of block i. */
static ss_status
block_finding(ss_arena *a,
              const ss_page *page,
              uint32_t i,
              double prob,
              const char *reason,
              ss_evidence *ev)
{
    for (size_t k = 0; k < ev->n; k++) {
        ss_finding *f = &ev->items[k];
        /* A flag-only finding is not scored: the block gets its own. */
        if (f->flag_only)
            continue;
        bool covers = f->block == i
            || (f->drop_block && f->block != SS_NONE
                && f->block != SS_TARGET_TITLE && i >= f->block
                && i - f->block < f->n_blocks);
        if (!covers)
            continue;
        ss_evidence_add_reason(f, reason);
        if (f->kind == SS_FLAG_PROMO_HEADLINE && f->score < prob)
            f->score = prob;
        return SS_OK;
    }
    (void)a;
    ss_finding f;
    memset(&f, 0, sizeof f);
    f.kind = SS_FLAG_PROMO_HEADLINE;
    f.where = SS_WHERE_WIDGET;
    f.block = i;
    f.start = 0;
    f.end = page->blocks[i].len;
    f.drop_block = true;
    f.n_blocks = 1;
    f.text = page->blocks[i].text;
    f.score = prob;
    f.reasons[0] = reason;
    f.n_reasons = 1;
    f.from_bayes = true;
    return ss_evidence_add(ev, &f) ? SS_OK : SS_ERR_NOMEM;
}

/* See bayes.h. */
ss_status
ss_bayes_score(const ss_model *model,
               const ss_config *cfg,
               ss_arena *a,
               const ss_page *page,
               ss_evidence *ev,
               ss_bayes_out *out)
{
    out->page_prob = 0.5;
    out->block_max = 0.5;
    out->block_max_idx = SS_NONE;
    out->inject = 0;
    out->limits = 0;
    if (!model)
        return SS_OK;
    ss_tokens toks;
    ss_block_toks blocks;
    bool by_block = model->p.n_bspam > 0 && model->p.n_bham > 0;
    ss_status st = ss_tokenize_page_blocks(a, cfg, page, &toks, &out->limits,
                                           by_block ? &blocks : NULL);
    if (st != SS_OK)
        return st;
    uint64_t *h = hashes_of(a, &toks);
    if (!h)
        return SS_ERR_NOMEM;
    out->page_prob = ss_bayes_page(model, h, toks.n, &out->inject);
    if (model->p.n_bspam == 0 || model->p.n_bham == 0)
        return SS_OK;
    bool learned = model->p.span[SS_FLAG_PROMO_HEADLINE].fitted;
    for (uint32_t i = 0; i < page->n_blocks; i++) {
        const ss_block *b = &page->blocks[i];
        if (!ss_block_is_short(b))
            continue;
        ss_tokens bt;
        st = ss_block_tokens(a, cfg, page, &blocks, i, &bt);
        if (st != SS_OK)
            return st;
        if (bt.n == 0)
            continue;
        uint64_t *bh = hashes_of(a, &bt);
        if (!bh)
            return SS_ERR_NOMEM;
        size_t top[N_DECISIVE], nt = 0;
        double odds;
        double pb = ss_bayes_block(model, bh, bt.n, top, N_DECISIVE, &nt, &odds);
        if (out->block_max_idx == SS_NONE || pb > out->block_max) {
            out->block_max = pb;
            out->block_max_idx = i;
        }
        /* With learned promo-headline weights the block probability is a
         * feature of the line's candidate (span.h), not a finding. */
        if (learned) {
            /* The language score costs a table search per token; only a
             * candidate's line reads it. */
            if (ss_span_promo_at(ev, i))
                ss_span_set_block_prob(ev, i, pb, odds,
                                       ss_linetab_odds(&model->p.lines, model, NULL, 0, bh, bt.n));
            continue;
        }
        if (pb >= model->p.block_cutoff && is_widget_item(page, i) &&
            page->blocks[i].n_words >= SS_PROMO_MIN_WORDS &&
            !ss_text_is_dated_entry(b->text, b->len)) {
            const char *reason = reason_text(a, pb, &bt, top, nt);
            if (!reason)
                return SS_ERR_NOMEM;
            st = block_finding(a, page, i, pb, reason, ev);
            if (st != SS_OK)
                return st;
        }
    }
    return SS_OK;
}
