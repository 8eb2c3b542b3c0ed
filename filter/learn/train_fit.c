/*
 * train_fit.c - the trainer's calibration (ss_trainer_write with
 * calibrate; train.c's top comment): the cross-validated fold models and
 * the features of each document under them, the logistic combiner and its
 * cut-offs, the block cut-off, the learned span stage, and the
 * promotional-language table built from the line documents.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bayes.h"
#include "detect.h"
#include "errmsg.h"
#include "fnv.h"
#include "logit.h"
#include "model.h"
#include "prune.h"
#include "score.h"
#include "spamscore.h"
#include "span.h"
#include "spanfit.h"
#include "tokenize.h"
#include "train_int.h"

/* The counts one fold contributed (to subtract from the totals). */
static ss_status
fold_counts(const ss_trainer *tr,
            unsigned fold,
            unsigned k,
            ss_countmap *fm,
            ss_model_params *fp)
{
    const doc_rec *docs = tr->docs.v;
    const blk_rec *blks = tr->blks.v;
    const uint64_t *h = tr->hashes.v;
    memset(fp, 0, sizeof *fp);
    for (size_t i = 0; i < tr->docs.n; i++) {
        const doc_rec *dr = &docs[i];
        if (dr->fold % k != fold)
            continue;
        int s = dr->label;
        for (uint32_t j = 0; j < dr->n_cnt; j++) {
            ss_status st = ss_countmap_add(fm, h[dr->cnt_off + j], NULL, 0, s,
                                           !s, 0, 0, NULL);
            if (st != SS_OK)
                return st;
        }
        if (s)
            fp->n_spam++;
        else
            fp->n_ham++;
        for (size_t b = 0; b < dr->n_blk; b++) {
            const blk_rec *br = &blks[dr->blk_off + b];
            if (br->label < 0)
                continue;
            for (uint32_t j = 0; j < br->n_tok; j++) {
                ss_status st = ss_countmap_add(fm, h[br->tok_off + j], NULL, 0,
                                               0, 0, br->label == 1,
                                               br->label == 0, NULL);
                if (st != SS_OK)
                    return st;
            }
            if (br->label == 1)
                fp->n_bspam++;
            else
                fp->n_bham++;
        }
    }
    return SS_OK;
}

/* a - b, not below zero. */
static uint32_t
sub_floor(uint32_t a, uint32_t b)
{
    return a > b ? a - b : 0;
}

/* a - b, not below zero. */
static uint64_t
sub_floor64(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

/* A model of the totals minus the fold's counts. */
static ss_status
fold_model(const ss_trainer *tr,
           const ss_countmap *fm,
           const ss_model_params *fp,
           ss_model **out)
{
    ss_model_params p = tr->params;
    p.n_spam = sub_floor64(p.n_spam, fp->n_spam);
    p.n_ham = sub_floor64(p.n_ham, fp->n_ham);
    p.n_bspam = sub_floor64(p.n_bspam, fp->n_bspam);
    p.n_bham = sub_floor64(p.n_bham, fp->n_bham);
    p.has_combiner = false;
    size_t n = tr->counts.n;
    ss_model_tok *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return SS_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        ss_model_tok t = tr->counts.v[i];
        const ss_model_tok *f = ss_countmap_get(fm, t.hash);
        if (f) {
            t.spam = sub_floor(t.spam, f->spam);
            t.ham = sub_floor(t.ham, f->ham);
            t.bspam = sub_floor(t.bspam, f->bspam);
            t.bham = sub_floor(t.bham, f->bham);
        }
        if (!t.spam && !t.ham && !t.bspam && !t.bham)
            continue;
        t.text = NULL;
        t.len = 0;
        v[m++] = t;
    }
    unsigned char *img = NULL;
    size_t len = 0;
    ss_status st = ss_model_serialize(&p, v, m, &img, &len);
    free(v);
    if (st != SS_OK)
        return st;
    return ss_model_from_buffer(img, len, true, "fold", out, NULL, 0);
}

/* Feature vector of document i from its cross-validated page and block
 * probabilities (blk_p indexed like tr->blks), built the way the scorer
 * builds it (bayes.c adds or reinforces promo
 * findings on widget items over the block cut-off). */
static ss_status
doc_features(const ss_trainer *tr,
             size_t i,
             double page,
             double inject,
             const double *blk_p,
             double block_cutoff,
             ss_arena *a,
             double *x /* OUT: SS_FEAT_COUNT */,
             double *floor /* OUT: ss_evidence.floor */)
{
    const doc_rec *dr = &((const doc_rec *)tr->docs.v)[i];
    const blk_rec *blks = (const blk_rec *)tr->blks.v + dr->blk_off;
    const find_rec *fr = (const find_rec *)tr->finds.v + dr->find_off;
    blk_p += dr->blk_off;
    ss_arena_reset(a);
    ss_evidence ev;
    ss_evidence_init(&ev, a);
    ev.rule_weight_sum = dr->rule_weight_sum;
    /* The findings as the scorer leaves them after the span stage
     * (ss_span_decide), with cross-validated candidate probabilities. */
    const cand_rec *cr = (const cand_rec *)tr->cands.v + dr->cand_off;
    const ss_span_weights *sw = tr->params.span;
    for (size_t k = 0; k < dr->n_find; k++) {
        ss_finding f;
        memset(&f, 0, sizeof f);
        f.kind = (ss_flag_kind)fr[k].kind;
        f.where = (ss_where)fr[k].where;
        f.drop_block = fr[k].drop;
        f.block = fr[k].block;
        f.n_blocks = fr[k].n_blocks;
        f.score = fr[k].score;
        if (fr[k].cand && fr[k].cand <= dr->n_cand) {
            const cand_rec *c = &cr[fr[k].cand - 1];
            if (sw[c->kind].fitted && c->p >= 0) {
                if (c->p < sw[c->kind].cutoff)
                    continue;
                f.score = c->p > 0.99 ? 0.99 : c->p;
            }
        }
        if (!ss_evidence_add(&ev, &f))
            return SS_ERR_NOMEM;
    }
    for (size_t c = 0; c < dr->n_cand; c++) {
        if (cr[c].has_finding || !sw[cr[c].kind].fitted || cr[c].p < sw[cr[c].kind].cutoff)
            continue;
        /* A title prefix or suffix with no splice in the text makes one
         * title finding (span.c, emit_title). */
        unsigned n_occ = cr[c].n_occ ? cr[c].n_occ : 1;
        for (unsigned o = 0; o < n_occ; o++) {
            ss_finding f;
            memset(&f, 0, sizeof f);
            f.kind = (ss_flag_kind)cr[c].kind;
            f.where = !cr[c].n_occ ? SS_WHERE_TITLE :
                      cr[c].in_widget ? SS_WHERE_WIDGET : SS_WHERE_BODY;
            f.score = cr[c].p > 0.99 ? 0.99 : cr[c].p;
            if (!ss_evidence_add(&ev, &f))
                return SS_ERR_NOMEM;
        }
    }
    double bmax = 0.5;
    bool any = false;
    /* With learned promo-headline weights the block probabilities are
     * candidate features, not findings (bayes.c). */
    bool learned = sw[SS_FLAG_PROMO_HEADLINE].fitted;
    for (size_t b = 0; b < dr->n_blk; b++) {
        double pb = blk_p[b];
        if (!any || pb > bmax)
            bmax = pb;
        any = true;
        if (learned || pb < block_cutoff || !blks[b].widget_item ||
            !blks[b].promo_length)
            continue;
        uint32_t bi = blks[b].index;
        bool covered = false;
        for (size_t k = 0; k < ev.n && !covered; k++) {
            ss_finding *f = &ev.items[k];
            covered = f->block == bi
                || (f->drop_block && f->block != SS_NONE
                    && f->block != SS_TARGET_TITLE && bi >= f->block
                    && bi - f->block < f->n_blocks);
            if (covered && f->kind == SS_FLAG_PROMO_HEADLINE && f->score < pb)
                f->score = pb;
        }
        if (!covered) {
            ss_finding f;
            memset(&f, 0, sizeof f);
            f.kind = SS_FLAG_PROMO_HEADLINE;
            f.where = SS_WHERE_WIDGET;
            f.block = bi;
            f.drop_block = true;
            f.n_blocks = 1;
            f.score = pb;
            f.from_bayes = true;
            if (!ss_evidence_add(&ev, &f))
                return SS_ERR_NOMEM;
        }
    }
    ss_evidence_features(&ev, page, bmax, inject);
    /* ev holds no candidates here: the span features from the
     * cross-validated candidate probabilities. */
    double pb = -1, pp = -1;
    for (size_t c = 0; c < dr->n_cand; c++) {
        if (cr[c].kind == SS_FLAG_INJECTED_BRAND && cr[c].p > pb)
            pb = cr[c].p;
        else if (cr[c].kind == SS_FLAG_PROMO_HEADLINE && cr[c].p > pp)
            pp = cr[c].p;
    }
    ev.feat[SS_FEAT_SPAN_BRAND] = ss_evidence_cand_feature(pb);
    ev.feat[SS_FEAT_SPAN_PROMO] = ss_evidence_cand_feature(pp);
    memcpy(x, ev.feat, sizeof ev.feat);
    *floor = ev.floor;
    return SS_OK;
}

/* ss_logit_prob_fn of the page combiner (ss_combine); ud unused. */
static double
combine_prob(void *ud,
             const double *w,
             const double *x)
{
    (void)ud;
    return ss_combine(w, x);
}

/*
 * The combiner's weights: logistic regression of the page labels y (0 or
 * 1) on the features X (n rows of SS_FEAT_COUNT), penalty LR_L2 on every
 * weight but the bias (ss_logit_fit). Classes weigh the same in total
 * (the corpora are unbalanced; the cut-offs, not the bias, set the
 * operating point). y8 holds n labels. Fixed iterations, fixed order: the
 * same data gives the same bits.
 */
static void
fit_logistic(const double *X,
             const int *y,
             int8_t *y8,
             size_t n,
             double *w /* OUT */)
{
    for (size_t i = 0; i < n; i++)
        y8[i] = y[i] != 0;
    ss_logit_fit(X, y8, n, SS_FEAT_COUNT, LR_L2, LR_ITERATIONS, combine_prob, NULL, w);
}

/* qsort order of doubles, ascending. */
static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * The cut-off that leaves at most a share rate of the nh ham scores hs
 * (ascending, nh > 0) above it: the (allowed+1)-th highest (the edge) must
 * fall below it. It is set half-way from the edge to the next higher ham
 * score rather than on a training score, and kept within [0.5, 0.999].
 */
static double
ham_tail_cut(const double *hs,
             size_t nh,
             double rate)
{
    size_t allowed = (size_t)floor(rate * (double)nh);
    double edge = hs[nh - 1 - (allowed < nh ? allowed : nh - 1)];
    double above = 1.0;
    for (size_t i = 0; i < nh; i++)
        if (hs[i] > edge) {
            above = hs[i];
            break;
        }
    double c = edge + (above - edge) / 2;
    if (c <= edge)
        c = nextafter(edge, 2.0);
    return c < 0.5 ? 0.5 : c > 0.999 ? 0.999 : c;
}

/*
 * Cut-offs from the cross-validated scores:
 *  - spam cut-off: the lowest threshold that leaves at most
 *    TARGET_ERROR_RATE of the ham documents at or above it (so the
 *    false-positive rate on the training ham is <= 0.5 %), set half-way
 *    between the highest ham score it must exceed and the next score up,
 *    and never below 0.5;
 *  - ham cut-off: symmetrically, the highest threshold that leaves at most
 *    TARGET_ERROR_RATE of the spam documents at or below it, but at least
 *    the score that keeps HAM_KEEP_RATE of the ham documents at or below
 *    it; never above 0.5 and never above the spam cut-off.
 * Between them lies "unsure". The second bound on the ham cut-off matters
 * when the spam is subtle (one spliced name in a real page): the first
 * alone then pulls the cut-off down until most honest pages are "unsure",
 * which a pipeline keeping "ham" would throw away.
 */
static bool
choose_cutoffs(const double *score, const int *y, size_t n, double *spam_cut,
               double *ham_cut)
{
    double *hs = malloc((n ? n : 1) * sizeof *hs);
    double *ss = malloc((n ? n : 1) * sizeof *ss);
    size_t nh = 0, ns = 0;
    bool ok = hs && ss; /* false: out of memory */
    *spam_cut = 0.9;
    *ham_cut = 0.1;
    if (!ok)
        goto done;
    for (size_t i = 0; i < n; i++) {
        if (y[i])
            ss[ns++] = score[i];
        else
            hs[nh++] = score[i];
    }
    qsort(hs, nh, sizeof *hs, cmp_double);
    qsort(ss, ns, sizeof *ss, cmp_double);
    if (nh > 0) {
        *spam_cut = ham_tail_cut(hs, nh, TARGET_ERROR_RATE);
    }
    if (ns > 0) {
        size_t allowed = (size_t)floor(TARGET_ERROR_RATE * (double)ns);
        double edge = ss[allowed < ns ? allowed : ns - 1];
        double below = 0.0;
        for (size_t i = ns; i-- > 0;)
            if (ss[i] < edge) {
                below = ss[i];
                break;
            }
        double c = below + (edge - below) / 2;
        if (c >= edge)
            c = nextafter(edge, -1.0);
        if (nh > 0) {
            size_t k = (size_t)ceil(HAM_KEEP_RATE * (double)nh);
            double keep = hs[(k > 0 ? k : 1) - 1]; /* k-th lowest ham score */
            if (keep > c)
                c = keep;
        }
        *ham_cut = c > 0.5 ? 0.5 : c < 0.001 ? 0.001 : c;
    }
    if (*ham_cut > *spam_cut)
        *ham_cut = *spam_cut;
done:
    free(hs);
    free(ss);
    return ok;
}

/*
 * Block cut-off from the cross-validated block probabilities of labelled
 * widget items (all labelled blocks when widgets hold too few): as for the
 * spam cut-off, the lowest threshold that leaves at most BLOCK_ERROR_RATE
 * of the ham blocks at or above it, never below 0.5. Unchanged without
 * spam blocks or with fewer than MIN_HAM_BLOCKS ham blocks.
 */
#define MIN_HAM_BLOCKS 20
static bool
choose_block_cutoff(const ss_trainer *tr, const double *blk_p, double *cut)
{
    const blk_rec *blks = tr->blks.v;
    size_t n = tr->blks.n;
    double *hs = malloc((n ? n : 1) * sizeof *hs);
    if (!hs)
        return false; /* out of memory */
    for (int pass = 0; pass < 2; pass++) {
        size_t nh = 0, ns = 0;
        for (size_t b = 0; b < n; b++) {
            if (blks[b].label < 0 || (pass == 0 && !blks[b].widget_item))
                continue;
            if (blks[b].label == 1)
                ns++;
            else
                hs[nh++] = blk_p[b];
        }
        if (ns == 0 || nh < MIN_HAM_BLOCKS)
            continue;
        qsort(hs, nh, sizeof *hs, cmp_double);
        *cut = ham_tail_cut(hs, nh, BLOCK_ERROR_RATE);
        break;
    }
    free(hs);
    return true;
}

/* ------------------------------------------------------------------ */
/* The learned span stage                                              */

/* Honest counts without the document's own contribution (leave-one-out):
 * a ham document's tokens each added one to their ham counts. A spam
 * document's tokens lose one too: corpora built by injecting spam into
 * honest pages hold each page twice, and the honest twin would otherwise
 * teach the spam page's names as known honest words (on an unseen page
 * they are not). */
typedef struct loo_ctx {
    const ss_trainer *tr;
    const uint64_t *h; /* the document's token hashes, sorted */
    uint32_t n;
    const uint64_t *kept; /* the tokens the written model keeps, sorted;
                             NULL: all */
    uint32_t n_kept;
} loo_ctx;

/* ss_ham_count_fn over the trainer's counts, leave-one-out. */
static uint32_t
loo_ham(const void *ud, uint64_t hash)
{
    const loo_ctx *c = ud;
    if (c->kept && !ss_hash_sorted_has(c->kept, c->n_kept, hash))
        return 0; /* the scorer will not find it either */
    const ss_model_tok *t = ss_countmap_get(&c->tr->counts, hash);
    uint32_t v = t ? t->ham : 0;
    if (v && ss_hash_sorted_has(c->h, c->n, hash))
        v--;
    return v;
}

/* The block naive-Bayes features of promotional candidate x in block of
 * document dr, from the cross-validated block probability, line odds and
 * promotional-language score of pass 1 (blk_o: two per block; as
 * ss_span_set_block_prob gives the scorer's); left 0 when the block was
 * not scored. */
static void
cand_block_nb(const ss_trainer *tr,
              const doc_rec *dr,
              uint32_t block,
              const double *blk_p,
              const double *blk_o,
              double *x)
{
    const blk_rec *blks = (const blk_rec *)tr->blks.v + dr->blk_off;
    if (tr->params.n_bspam == 0 || tr->params.n_bham == 0)
        return;
    for (size_t b = 0; b < dr->n_blk; b++) {
        if (blks[b].index != block)
            continue;
        x[SS_SPAN_BLOCK_NB] = ss_span_hand_logit(blk_p[dr->blk_off + b]);
        x[SS_SPAN_LINE_ODDS] = blk_o[2 * (dr->blk_off + b)] / 6.0;
        x[SS_SPAN_PROMO_LANG] = blk_o[2 * (dr->blk_off + b) + 1] / 6.0;
        return;
    }
}

/* qsort order of hashes. */
static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * The hashes of the tokens the written model will keep when this run
 * prunes by count (--min-count, --max-tokens: prune.c), sorted, in *out
 * (NULL when it keeps all): honest-text statistics must be computed on the
 * counts the scorer will have, or a word the fit saw as known is unknown
 * when scoring (a pruned model drops most honest names). SS_ERR_NOMEM.
 */
static ss_status
kept_hashes(const ss_trainer *tr, uint64_t **out, uint32_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (tr->opts.min_count <= 1 && !tr->opts.max_tokens)
        return SS_OK;
    size_t n = tr->counts.n, m = 0;
    ss_model_tok *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return SS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const ss_model_tok *t = &tr->counts.v[i];
        if (t->spam || t->ham || t->bspam || t->bham)
            v[m++] = *t;
    }
    ss_train_opts o = tr->opts;
    o.max_file_bytes = 0;
    o.hash_only = false;
    ss_status st = ss_prune_tokens(&tr->params, &o, v, &m);
    uint64_t *h = st == SS_OK ? malloc((m ? m : 1) * sizeof *h) : NULL;
    if (st == SS_OK && !h)
        st = SS_ERR_NOMEM;
    if (h) {
        for (size_t i = 0; i < m; i++)
            h[i] = v[i].hash;
        qsort(h, m, sizeof *h, cmp_u64);
        *out = h;
        *n_out = (uint32_t)m;
    }
    free(v);
    return st;
}

/*
 * SS_SPAN_PREFIX_BRAND of every promotional candidate: the cross-validated
 * probability of the brand candidate of its document that prefixes its
 * line, as the scorer's ss_span_decide_late() reads the decided brands
 * (the brand kind is fitted first).
 */
static void
set_prefix_brand(ss_trainer *tr)
{
    cand_rec *cr = tr->cands.v;
    const doc_rec *docs = tr->docs.v;
    bool fitted = tr->params.span[SS_FLAG_INJECTED_BRAND].fitted;
    for (size_t i = 0; i < tr->docs.n; i++) {
        size_t a = docs[i].cand_off, z = a + docs[i].n_cand;
        for (size_t c = a; c < z; c++) {
            if (cr[c].kind != SS_FLAG_PROMO_HEADLINE)
                continue;
            double best = 0;
            for (size_t d = a; d < z && fitted; d++) {
                if (cr[d].kind != SS_FLAG_INJECTED_BRAND || cr[d].p <= best)
                    continue;
                for (unsigned o = 0; o < SS_SPAN_OCC_MAX; o++)
                    if (cr[d].prefix_block[o] == cr[c].block && cr[c].block != SS_NONE) {
                        best = cr[d].p;
                        break;
                    }
            }
            cr[c].x[SS_SPAN_PREFIX_BRAND] = best;
        }
    }
}

/*
 * Fit the span weights of every kind with enough labelled candidates (see
 * spanfit.h): seam features from leave-one-out honest counts (left out of
 * the fit below SS_SPANFIT_MIN_VOCAB_DOCS honest documents), K-fold
 * cross-validated probabilities (the documents' folds, as for naive
 * Bayes) kept in the candidates for the combiner's features and the
 * cut-off, then one fit on all candidates for the model. Kinds without
 * enough candidates keep the weights the trainer has (defaults, or those
 * of a model loaded with --add).
 */
static ss_status
fit_spans(ss_trainer *tr, unsigned k, const double *blk_p, const double *blk_o)
{
    enum { F = SS_SPAN_FEAT_COUNT };
    size_t n = tr->cands.n, nd = tr->docs.n;
    cand_rec *cr = tr->cands.v;
    const doc_rec *docs = tr->docs.v;
    const uint64_t *h = tr->hashes.v;
    if (n == 0 || tr->params.n_ham < SS_SPANFIT_MIN_HAM_DOCS)
        return SS_OK;
    uint64_t *kept = NULL;
    uint32_t n_kept = 0;
    if (kept_hashes(tr, &kept, &n_kept) != SS_OK)
        return SS_ERR_NOMEM;
    for (size_t i = 0; i < nd; i++) {
        const doc_rec *dr = &docs[i];
        loo_ctx lc = {tr, h + dr->tok_off, dr->n_tok, kept, n_kept};
        double n_ham = (double)tr->params.n_ham - 1;
        for (size_t c = dr->cand_off; c < dr->cand_off + dr->n_cand; c++) {
            ss_span_cand tmp;
            memset(&tmp, 0, sizeof tmp);
            memcpy(tmp.x, cr[c].x, sizeof tmp.x);
            memcpy(tmp.seam, cr[c].seam, sizeof tmp.seam);
            ss_span_seam_features(&tmp, loo_ham, &lc, n_ham);
            /* The block probability of a promotional line, from the
             * cross-validated naive Bayes of pass 1 (as the scorer's). */
            if (cr[c].kind == SS_FLAG_PROMO_HEADLINE) {
                cand_block_nb(tr, dr, cr[c].block, blk_p, blk_o, tmp.x);
                ss_span_promo_nb_features(tmp.x);
            }
            if (tr->params.n_ham < SS_SPANFIT_MIN_VOCAB_DOCS) {
                tmp.x[SS_SPAN_SEAM_BRIDGE] = tmp.x[SS_SPAN_SEAM_LEFT] = 0;
                tmp.x[SS_SPAN_SEAM_RIGHT] = tmp.x[SS_SPAN_KNOWN_WORDS] = 0;
            }
            /* A size budget (--max-size) decides what is kept only when
             * the model is written: which words the scorer will know is
             * not known here, so the column is left out of the fit. */
            if (tr->opts.max_file_bytes)
                tmp.x[SS_SPAN_UNKNOWN_WORD] = 0;
            memcpy(cr[c].x, tmp.x, sizeof tmp.x);
        }
    }
    free(kept);
    double *X = malloc(n * F * sizeof *X);
    int8_t *y = malloc(n), *yf = malloc(n);
    uint32_t *pg = malloc(n * sizeof *pg);
    uint32_t *fd = malloc(n * sizeof *fd);
    uint32_t *hp = malloc(nd * sizeof *hp);
    size_t *row = malloc(n * sizeof *row);
    double *p = malloc(n * sizeof *p);
    ss_status st = SS_ERR_NOMEM;
    if (!X || !y || !yf || !pg || !fd || !hp || !row || !p)
        goto done;
    /* The cut-off's page budget counts honest pages: those with a
     * candidate of any kind (mail and headlines have none), numbered
     * 0..n_honest-1. A spam page of the injected corpus is an honest page
     * plus its injection, so its negative candidates are its honest twin's
     * again and would count that page twice; they are left out
     * (SS_SPANFIT_NO_PAGE). */
    uint32_t n_honest = 0;
    for (size_t i = 0; i < nd; i++) {
        hp[i] = SS_SPANFIT_NO_PAGE;
        if (docs[i].label == 0 && docs[i].n_cand > 0)
            hp[i] = n_honest++;
    }
    for (unsigned kind = 0; kind < SS_FLAG_KIND_COUNT; kind++) {
        if (kind == SS_FLAG_PROMO_HEADLINE)
            set_prefix_brand(tr);
        size_t m = 0;
        for (size_t i = 0; i < nd; i++)
            for (size_t c = docs[i].cand_off; c < docs[i].cand_off + docs[i].n_cand; c++) {
                if (cr[c].kind != kind)
                    continue;
                memcpy(X + m * F, cr[c].x, F * sizeof *X);
                y[m] = cr[c].label;
                pg[m] = hp[i];
                fd[m] = docs[i].fold;
                row[m++] = c;
            }
        if (!ss_spanfit_kind(X, y, pg, fd, m, n_honest, k, tr->opts.span_trees, yf, p,
                             &tr->params.span[kind]))
            continue;
        for (size_t r = 0; r < m; r++)
            cr[row[r]].p = p[r];
#ifdef SS_SPAN_DEBUG
        /* A debug build with SS_SPANS set lists the cross-validated
         * candidates at p >= 0.9 that decide the cut-off: labelled ones,
         * and those of honest pages (numbered as the page budget counts
         * them): kind, label, p, page, features other than 0. */
        if (getenv("SS_SPANS"))
            for (size_t r = 0; r < m; r++)
                if (p[r] >= 0.9 && (y[r] == 1 || pg[r] != SS_SPANFIT_NO_PAGE)) {
                    fprintf(stderr, "CVSPAN\t%s\t%d\t%.5f\t%u\t", ss_flag_kind_name((ss_flag_kind)kind),
                            y[r], p[r], pg[r]);
                    ss_span_debug_features(stderr, X + r * F);
                }
#endif
        if (kind == SS_FLAG_PROMO_HEADLINE)
            ss_spanfit_cutoffs(p, y, pg, m, n_honest, SS_SPANFIT_PROMO_PAGE_FP,
                               SS_SPANFIT_PROMO_FLAG_PAGE_FP, SS_SPANFIT_PROMO_MAX_CUTOFF,
                               &tr->params.span[kind]);
    }
    st = SS_OK;
done:
    free(X);
    free(y);
    free(yf);
    free(pg);
    free(fd);
    free(hp);
    free(row);
    free(p);
    return st;
}

/* See train_int.h. */
ss_status
ss_train_calibrate(ss_trainer *tr, char *err, size_t errlen)
{
    size_t n = tr->docs.n;
    unsigned k = n < CV_FOLDS ? (unsigned)n : CV_FOLDS;
    double *X = calloc(n * SS_FEAT_COUNT, sizeof *X);
    int *y = calloc(n, sizeof *y);
    int8_t *y8 = calloc(n ? n : 1, sizeof *y8);
    double *score = calloc(n, sizeof *score);
    double *page_p = calloc(n, sizeof *page_p);
    double *inj_p = calloc(n, sizeof *inj_p);
    double *floor = calloc(n, sizeof *floor);
    double *blk_p = calloc(tr->blks.n ? tr->blks.n : 1, sizeof *blk_p);
    /* Per block its line odds and its promotional-language score. */
    double *blk_o = calloc(tr->blks.n ? 2 * tr->blks.n : 1, sizeof *blk_o);
    ss_status st = SS_ERR_NOMEM;
    ss_arena a;
    ss_arena_init(&a, 0);
    /* The tokens the written model keeps: the promotional-language score
     * reads block counts the scorer of a pruned model will not have. */
    uint64_t *kept = NULL;
    uint32_t n_kept = 0;
    if (!X || !y || !y8 || !score || !page_p || !inj_p || !floor || !blk_p || !blk_o ||
        kept_hashes(tr, &kept, &n_kept) != SS_OK)
        goto done;
    const doc_rec *docs = tr->docs.v;
    const blk_rec *blks = tr->blks.v;
    const uint64_t *h = tr->hashes.v;
    /* Pass 1: cross-validated page and block probabilities. */
    for (unsigned f = 0; f < k; f++) {
        if (tr->progress)
            tr->progress(tr->progress_ud, "calibrate", f, k);
        ss_countmap fm;
        ss_countmap_init(&fm);
        ss_model_params fp;
        ss_model *m = NULL;
        st = fold_counts(tr, f, k, &fm, &fp);
        if (st == SS_OK)
            st = fold_model(tr, &fm, &fp, &m);
        ss_countmap_free(&fm);
        if (st != SS_OK)
            goto done;
        for (size_t i = 0; i < n; i++) {
            const doc_rec *dr = &docs[i];
            if (dr->fold % k != f)
                continue;
            y[i] = dr->label;
            page_p[i] = ss_bayes_page(m, h + dr->tok_off, dr->n_tok, &inj_p[i]);
            for (size_t b = dr->blk_off; b < dr->blk_off + dr->n_blk; b++) {
                blk_p[b] = ss_bayes_block(m, h + blks[b].tok_off, blks[b].n_tok, NULL, 0,
                                          NULL, &blk_o[2 * b]);
                blk_o[2 * b + 1] = ss_linetab_odds(&m->p.lines, m, kept, n_kept,
                                                   h + blks[b].tok_off, blks[b].n_tok);
            }
        }
        ss_model_free(m);
    }
    /* Pass 2: span weights, block cut-off, features, logistic fit, page
     * cut-offs. */
    st = fit_spans(tr, k, blk_p, blk_o);
    if (st != SS_OK)
        goto done;
    st = SS_ERR_NOMEM;
    if (!choose_block_cutoff(tr, blk_p, &tr->params.block_cutoff))
        goto done;
    for (size_t i = 0; i < n; i++) {
        st = doc_features(tr, i, page_p[i], inj_p[i], blk_p,
                          tr->params.block_cutoff,
                          &a, X + i * SS_FEAT_COUNT, &floor[i]);
        if (st != SS_OK)
            goto done;
    }
    double w[SS_FEAT_COUNT];
    fit_logistic(X, y, y8, n, w);
    for (size_t i = 0; i < n; i++)
        score[i] = ss_page_score(w, X + i * SS_FEAT_COUNT, floor[i]);
#ifdef SS_SPAN_DEBUG
    /* A debug build with SS_SPANS set lists the honest documents whose
     * cross-validated page score is 0.5 or more (they set the spam
     * cut-off): document number, score, features other than 0. */
    if (getenv("SS_SPANS"))
        for (size_t i = 0; i < n; i++)
            if (!y[i] && score[i] >= 0.5) {
                fprintf(stderr, "CVPAGE\t%zu\t%.5f\t", i, score[i]);
                for (unsigned f = 0; f < SS_FEAT_COUNT; f++)
                    if (X[i * SS_FEAT_COUNT + f] != 0)
                        fprintf(stderr, "%s=%.3g ", ss_feature_name(f), X[i * SS_FEAT_COUNT + f]);
                fputc('\n', stderr);
            }
#endif
    memcpy(tr->params.weights, w, sizeof w);
    tr->params.has_combiner = true;
    st = SS_ERR_NOMEM;
    if (!choose_cutoffs(score, y, n, &tr->params.spam_cutoff,
                        &tr->params.ham_cutoff))
        goto done;
    if (tr->progress)
        tr->progress(tr->progress_ud, "calibrate", k, k);
    st = SS_OK;
done:
    if (st != SS_OK)
        ss_errmsg(err, errlen, "calibration: %s", ss_strerror(st));
    ss_arena_free(&a);
    free(X);
    free(y);
    free(y8);
    free(score);
    free(page_p);
    free(inj_p);
    free(floor);
    free(blk_p);
    free(blk_o);
    free(kept);
    return st;
}

/* See train_int.h. */
ss_status
ss_train_build_lines(ss_trainer *tr)
{
    free(tr->lines_tab);
    tr->lines_tab = NULL;
    ss_status st = ss_linetab_build(&tr->lines, SS_LINETAB_MIN_SEEN, &tr->lines_tab,
                                    &tr->params.lines.n);
    tr->params.lines.ent = tr->lines_tab;
    return st;
}
