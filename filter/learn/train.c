/*
 * train.c - the trainer (public ss_trainer_* API): learns token counts from
 * labeled documents, takes them back out (unlearn), and writes a model
 * whose combiner weights and cut-offs are calibrated on the documents of
 * this run.
 *
 * Learning a document: the scorer's first half (ss_ctx_analyze: parse,
 * rules, structural detectors; no Bayes) gives the page and the heuristic
 * evidence; the page is tokenized and each distinct token's spam or ham
 * document count moves by one. Short blocks (list items, headings, short
 * lines) are also counted as block documents: a block whose text contains a
 * labelled promo-headline or junk-widget span (or lies inside one) is a
 * spam block, the other short blocks of a labelled page are ham blocks, and
 * every short block of a ham page is a ham block. Spam pages without span
 * labels (plain text corpora) give no block statistics.
 *
 * Calibration (ss_trainer_write with calibrate): every document learned in
 * this run is kept as compact token-hash arrays plus its heuristic findings.
 * K-fold cross-validation (fold = document index mod K) gives each document
 * naive-Bayes probabilities from a model that never saw it (the totals
 * minus the fold's counts), so the combiner learns how far to trust Bayes
 * on unseen pages rather than on memorised ones. A logistic regression over
 * the SS_FEAT_* features is then fitted by Newton's method (fixed
 * iterations, L2 penalty, fixed order: deterministic), and the cut-offs are
 * chosen on the cross-validated scores (see choose_cutoffs()). The block
 * cut-off (a widget item at or above it becomes a promo-headline finding)
 * is chosen first, on the cross-validated block probabilities of the
 * labelled blocks (see choose_block_cutoff()), so that the features the
 * combiner is fitted on are the ones the scorer will compute.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bayes.h"
#include "model.h"
#include "prune.h"
#include "score.h"
#include "spamscore.h"
#include "tokenize.h"

#define CV_FOLDS 5
#define LR_ITERATIONS 30
#define LR_L2 1.0               /* penalty on every weight but the bias */
#define TARGET_ERROR_RATE 0.005 /* max share of ham above the spam cut-off */
#define BLOCK_ERROR_RATE 0.001  /* max share of ham blocks above the block
                                   cut-off: a page has many blocks */
#define MAX_BLOCKS_PER_DOC 512  /* short blocks kept per document */
#define MAX_FINDINGS_PER_DOC 64 /* heuristic findings kept per document */
#define MIN_SPAN_MATCH 8        /* bytes of a block inside a span to count */

typedef struct find_rec {
    uint8_t kind, where, drop;
    uint32_t block, n_blocks;
    double score;
} find_rec;

typedef struct blk_rec {
    uint32_t index;    /* block index in the page */
    uint32_t n_tok;
    size_t tok_off;    /* into tr->hashes */
    int8_t label;      /* 1 spam block, 0 ham block, -1 not trained */
    bool widget_item;
    bool promo_length; /* long enough for a Bayes-only promo finding */
} blk_rec;

typedef struct doc_rec {
    int label;
    uint32_t n_tok;
    size_t tok_off;
    size_t blk_off, n_blk;
    size_t find_off, n_find;
    double rule_weight_sum;
} doc_rec;

/* A growable array of fixed-size elements with a hard cap. */
typedef struct vec {
    void *v;
    size_t n, cap, size;
} vec;

struct ss_trainer {
    ss_config cfg;
    ss_scorer *scorer;
    ss_ctx *ctx;
    ss_countmap counts;
    ss_model_params params;
    bool loaded;
    vec docs, blks, finds, hashes;
    uint64_t clamped;
    ss_progress_fn progress;
    void *progress_ud;
    /* Options, and the calibration sample (see keep_for_calibration). */
    ss_train_opts opts;
    uint64_t calib_seen, calib_stride;
};

/* Format a message into err (errlen bytes); no-op without a buffer. */
static void
set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Append n elements; returns a pointer to the first new one or NULL. */
static void *
vec_push(vec *a, size_t n)
{
    if (a->n + n > a->cap) {
        size_t ncap = a->cap ? a->cap : 64;
        while (ncap < a->n + n)
            ncap *= 2;
        void *nv = realloc(a->v, ncap * a->size);
        if (!nv)
            return NULL;
        a->v = nv;
        a->cap = ncap;
    }
    void *p = (char *)a->v + a->n * a->size;
    a->n += n;
    return p;
}

/* See spamscore.h. */
ss_status
ss_trainer_create(const ss_config *cfg,
                  const ss_rules *rules,
                  ss_trainer **out)
{
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    ss_trainer *tr = calloc(1, sizeof *tr);
    if (!tr)
        return SS_ERR_NOMEM;
    if (cfg)
        tr->cfg = *cfg;
    else
        ss_config_default(&tr->cfg);
    ss_countmap_init(&tr->counts);
    ss_model_params_default(&tr->params);
    tr->docs.size = sizeof(doc_rec);
    tr->blks.size = sizeof(blk_rec);
    tr->finds.size = sizeof(find_rec);
    tr->hashes.size = sizeof(uint64_t);
    ss_train_opts_default(&tr->opts);
    tr->calib_stride = 1;
    ss_status st = ss_scorer_create(&tr->cfg, rules, NULL, &tr->scorer);
    if (st == SS_OK)
        st = ss_ctx_create(tr->scorer, &tr->ctx);
    if (st != SS_OK) {
        ss_trainer_free(tr);
        return st;
    }
    *out = tr;
    return SS_OK;
}

/* See spamscore.h. */
void
ss_trainer_set_progress(ss_trainer *tr, ss_progress_fn fn, void *userdata)
{
    if (!tr)
        return;
    tr->progress = fn;
    tr->progress_ud = userdata;
}

/* See spamscore.h. */
void
ss_trainer_free(ss_trainer *tr)
{
    if (!tr)
        return;
    ss_ctx_free(tr->ctx);
    ss_scorer_free(tr->scorer);
    ss_countmap_free(&tr->counts);
    free(tr->docs.v);
    free(tr->blks.v);
    free(tr->finds.v);
    free(tr->hashes.v);
    free(tr);
}

/* See spamscore.h. */
ss_status
ss_trainer_load(ss_trainer *tr,
                const char *model_path,
                char *err,
                size_t errlen)
{
    if (!tr || !model_path)
        return SS_ERR_ARG;
    ss_model *m = NULL;
    ss_status st = ss_model_open(model_path, &m, err, errlen);
    if (st != SS_OK)
        return st;
    ss_model_params *p = &tr->params;
    if (!tr->loaded) {
        uint64_t ns = p->n_spam, nh = p->n_ham, nbs = p->n_bspam,
                 nbh = p->n_bham;
        *p = m->p;
        p->n_spam = ns;
        p->n_ham = nh;
        p->n_bspam = nbs;
        p->n_bham = nbh;
    }
    p->n_spam += m->p.n_spam;
    p->n_ham += m->p.n_ham;
    p->n_bspam += m->p.n_bspam;
    p->n_bham += m->p.n_bham;
    for (uint64_t i = 0; i < m->slots && st == SS_OK; i++) {
        ss_model_tok t;
        if (ss_model_entry(m, i, &t))
            st = ss_countmap_add(&tr->counts, t.hash, t.text, t.len, t.spam,
                                 t.ham, t.bspam, t.bham, NULL);
    }
    ss_model_free(m);
    if (st != SS_OK) {
        set_err(err, errlen, "%s: %s", model_path, ss_strerror(st));
        return st;
    }
    tr->loaded = true;
    return SS_OK;
}

/* See spamscore.h. */
void
ss_trainer_counts(const ss_trainer *tr,
                  uint64_t *n_spam,
                  uint64_t *n_ham)
{
    if (n_spam)
        *n_spam = tr ? tr->params.n_spam : 0;
    if (n_ham)
        *n_ham = tr ? tr->params.n_ham : 0;
}

/* Move a document count by d, never below zero. */
static void
move_count(uint64_t *c, int d, uint64_t *clamped)
{
    if (d < 0 && *c == 0)
        (*clamped)++;
    else
        *c = (uint64_t)((int64_t)*c + d);
}

/* memmem without relying on _GNU_SOURCE. */
static bool
contains(const char *hay, size_t hl, const char *needle, size_t nl)
{
    if (nl == 0 || nl > hl)
        return false;
    for (size_t i = 0; i + nl <= hl; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nl) == 0)
            return true;
    return false;
}

/* Label of a short block from the document's span labels (see top). */
static int
block_label(const ss_corpus_doc *doc, const ss_block *b)
{
    if (doc->n_spans == 0)
        return doc->label == 0 ? 0 : -1;
    int label = 0;
    for (size_t k = 0; k < doc->n_spans; k++) {
        const ss_span_label *s = &doc->spans[k];
        size_t sl = strlen(s->text);
        bool hit = contains(b->text, b->len, s->text, sl)
            || (b->len >= MIN_SPAN_MATCH && contains(s->text, sl, b->text,
                                                     b->len));
        if (!hit)
            continue;
        if (s->kind == SS_FLAG_PROMO_HEADLINE || s->kind == SS_FLAG_JUNK_WIDGET)
            return 1;
        label = -1; /* holds another kind of injection: neither */
    }
    return label;
}

/* Is block i an item (not the heading) of its list widget? */
static bool
is_widget_item(const ss_page *page, uint32_t i)
{
    const ss_block *b = &page->blocks[i];
    if (b->widget == SS_NONE || b->widget >= page->n_widgets)
        return false;
    const ss_widget *w = &page->widgets[b->widget];
    return i >= w->first && i - w->first < w->n_items;
}

/* ------------------------------------------------------------------ */
/* Options and the calibration sample                                 */

/* See spamscore.h. */
ss_status
ss_trainer_set_opts(ss_trainer *tr, const ss_train_opts *o)
{
    if (!tr || !o || o->max_calib_docs == 0)
        return SS_ERR_ARG;
    tr->opts = *o;
    return SS_OK;
}

/*
 * Is the next learned document kept for calibration? Every document counts
 * in the totals; only every calib_stride-th (by its order in the run) keeps
 * its token hashes for cross-validation. The stride doubles each time the
 * sample reaches opts.max_calib_docs (thin_calibration), so the sample is
 * the same for the same input, whatever its size.
 */
static bool
keep_for_calibration(ss_trainer *tr)
{
    return tr->calib_seen++ % tr->calib_stride == 0;
}

/* Keep every other document of the calibration sample (those whose run
 * order is a multiple of twice the stride), compacting the arrays in
 * place, and double the stride. */
static void
thin_calibration(ss_trainer *tr)
{
    doc_rec *docs = tr->docs.v;
    blk_rec *blks = tr->blks.v;
    find_rec *finds = tr->finds.v;
    uint64_t *h = tr->hashes.v;
    size_t nd = 0, nb = 0, nf = 0, nh = 0;
    for (size_t i = 0; i < tr->docs.n; i += 2) {
        doc_rec d = docs[i];
        memmove(h + nh, h + d.tok_off, d.n_tok * sizeof *h);
        d.tok_off = nh;
        nh += d.n_tok;
        for (size_t b = 0; b < d.n_blk; b++) {
            blk_rec br = blks[d.blk_off + b];
            memmove(h + nh, h + br.tok_off, br.n_tok * sizeof *h);
            br.tok_off = nh;
            nh += br.n_tok;
            blks[nb + b] = br;
        }
        d.blk_off = nb;
        nb += d.n_blk;
        memmove(finds + nf, finds + d.find_off, d.n_find * sizeof *finds);
        d.find_off = nf;
        nf += d.n_find;
        docs[nd++] = d;
    }
    tr->docs.n = nd;
    tr->blks.n = nb;
    tr->finds.n = nf;
    tr->hashes.n = nh;
    tr->calib_stride *= 2;
}

/* See spamscore.h. */
ss_status
ss_trainer_add(ss_trainer *tr,
               const ss_corpus_doc *doc,
               bool unlearn,
               char *err,
               size_t errlen)
{
    if (!tr || !doc || (!doc->data && doc->len))
        return SS_ERR_ARG;
    const char *name = doc->name ? doc->name : "document";
    ss_doc_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.format = doc->format;
    ss_page *page = NULL;
    ss_evidence *ev = NULL;
    ss_status st = ss_ctx_analyze(tr->ctx, doc->data, doc->len, &opts, &page,
                                  &ev);
    if (st != SS_OK) {
        set_err(err, errlen, "%s: %s", name, ss_ctx_error(tr->ctx));
        return st;
    }
    ss_arena *a = ss_ctx_arena(tr->ctx);
    ss_tokens toks;
    ss_block_toks blocks;
    st = ss_tokenize_page_blocks(a, &tr->cfg, page, &toks, &page->limits,
                                 &blocks);
    if (st != SS_OK) {
        set_err(err, errlen, "%s: tokenizer: %s", name, ss_strerror(st));
        return st;
    }
    int spam = doc->label ? 1 : 0;
    int d = unlearn ? -1 : 1;
    bool keep = !unlearn && keep_for_calibration(tr);
    uint64_t clamped = 0;
    size_t tok_off = tr->hashes.n;
    size_t blk_off = tr->blks.n, find_off = tr->finds.n;
    uint64_t *hv = NULL;
    if (keep) {
        hv = vec_push(&tr->hashes, toks.n);
        if (!hv && toks.n)
            goto nomem;
    }
    for (size_t i = 0; i < toks.n; i++) {
        const ss_token *t = &toks.v[i];
        st = ss_countmap_add(&tr->counts, t->hash, t->text, t->len,
                             spam ? d : 0, spam ? 0 : d, 0, 0, &clamped);
        if (st != SS_OK)
            goto fail;
        if (hv)
            hv[i] = t->hash;
    }
    move_count(spam ? &tr->params.n_spam : &tr->params.n_ham, d, &clamped);
    /* Short blocks. */
    uint32_t kept = 0;
    for (uint32_t i = 0; i < page->n_blocks && kept < MAX_BLOCKS_PER_DOC;
         i++) {
        const ss_block *b = &page->blocks[i];
        if (!ss_block_is_short(b))
            continue;
        ss_tokens bt;
        st = ss_block_tokens(a, &tr->cfg, page, &blocks, i, &bt);
        if (st != SS_OK)
            goto fail;
        if (bt.n == 0)
            continue;
        kept++;
        int bl = block_label(doc, b);
        if (bl >= 0) {
            for (size_t k = 0; k < bt.n; k++) {
                st = ss_countmap_add(&tr->counts, bt.v[k].hash, bt.v[k].text,
                                     bt.v[k].len, 0, 0, bl ? d : 0,
                                     bl ? 0 : d, &clamped);
                if (st != SS_OK)
                    goto fail;
            }
            move_count(bl ? &tr->params.n_bspam : &tr->params.n_bham, d,
                       &clamped);
        }
        if (!keep)
            continue;
        blk_rec *br = vec_push(&tr->blks, 1);
        uint64_t *bh = vec_push(&tr->hashes, bt.n);
        if (!br || !bh)
            goto nomem;
        br->index = i;
        br->n_tok = (uint32_t)bt.n;
        br->tok_off = tr->hashes.n - bt.n;
        br->label = (int8_t)bl;
        br->widget_item = is_widget_item(page, i);
        br->promo_length = page->blocks[i].n_words >= SS_PROMO_MIN_WORDS;
        for (size_t k = 0; k < bt.n; k++)
            bh[k] = bt.v[k].hash;
    }
    if (keep) {
        size_t nf = ev->n < MAX_FINDINGS_PER_DOC ? ev->n : MAX_FINDINGS_PER_DOC;
        find_rec *fr = nf ? vec_push(&tr->finds, nf) : NULL;
        if (nf && !fr)
            goto nomem;
        for (size_t k = 0; k < nf; k++) {
            const ss_finding *f = &ev->items[k];
            fr[k].kind = (uint8_t)f->kind;
            fr[k].where = (uint8_t)f->where;
            fr[k].drop = f->drop_block;
            fr[k].block = f->block;
            fr[k].n_blocks = f->n_blocks;
            fr[k].score = f->score;
        }
        doc_rec *dr = vec_push(&tr->docs, 1);
        if (!dr)
            goto nomem;
        dr->label = spam;
        dr->n_tok = (uint32_t)toks.n;
        dr->tok_off = tok_off;
        dr->blk_off = blk_off;
        dr->n_blk = tr->blks.n - blk_off;
        dr->find_off = find_off;
        dr->n_find = nf;
        dr->rule_weight_sum = ev->rule_weight_sum;
        if (tr->docs.n >= tr->opts.max_calib_docs)
            thin_calibration(tr);
    }
    tr->clamped += clamped;
    if (clamped)
        set_err(err, errlen,
                "%s: unlearn: %llu counts were already zero (was this "
                "document trained with this label?)", name,
                (unsigned long long)clamped);
    return SS_OK;
nomem:
    st = SS_ERR_NOMEM;
fail:
    set_err(err, errlen, "%s: %s", name, ss_strerror(st));
    return st;
}

/* ------------------------------------------------------------------ */
/* Calibration                                                        */

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
    for (size_t i = fold; i < tr->docs.n; i += k) {
        const doc_rec *dr = &docs[i];
        int s = dr->label;
        for (uint32_t j = 0; j < dr->n_tok; j++) {
            ss_status st = ss_countmap_add(fm, h[dr->tok_off + j], NULL, 0, s,
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
    for (size_t k = 0; k < dr->n_find; k++) {
        ss_finding f;
        memset(&f, 0, sizeof f);
        f.kind = (ss_flag_kind)fr[k].kind;
        f.where = (ss_where)fr[k].where;
        f.drop_block = fr[k].drop;
        f.block = fr[k].block;
        f.n_blocks = fr[k].n_blocks;
        f.score = fr[k].score;
        if (!ss_evidence_add(&ev, &f))
            return SS_ERR_NOMEM;
    }
    double bmax = 0.5;
    bool any = false;
    for (size_t b = 0; b < dr->n_blk; b++) {
        double pb = blk_p[b];
        if (!any || pb > bmax)
            bmax = pb;
        any = true;
        if (pb < block_cutoff || !blks[b].widget_item ||
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
    ss_evidence_features(&ev, page, bmax);
    memcpy(x, ev.feat, sizeof ev.feat);
    *floor = ev.floor;
    return SS_OK;
}

/* Solve A w = b (n x n, row-major) by Gaussian elimination with partial
 * pivoting; A and b are destroyed. False if singular. */
static bool
solve(double *A, double *b, double *w, int n)
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

/*
 * Logistic regression by Newton's method: minimise
 *   sum_i logloss(y_i, sigmoid(w.x_i)) + LR_L2/2 * |w without bias|^2
 * Classes are weighted so that spam and ham count equally in total (the
 * corpora are unbalanced; the cut-offs, not the bias, set the operating
 * point). Fixed iterations, fixed order: the same data gives the same bits.
 */
static void
fit_logistic(const double *X, const int *y, size_t n, double *w)
{
    enum { F = SS_FEAT_COUNT };
    size_t n_pos = 0;
    for (size_t i = 0; i < n; i++)
        n_pos += y[i] != 0;
    double wpos = n_pos ? (double)n / (2.0 * (double)n_pos) : 1.0;
    double wneg = n > n_pos ? (double)n / (2.0 * (double)(n - n_pos)) : 1.0;
    memset(w, 0, F * sizeof *w);
    for (int it = 0; it < LR_ITERATIONS; it++) {
        double H[F * F], g[F], step[F];
        memset(H, 0, sizeof H);
        memset(g, 0, sizeof g);
        for (size_t i = 0; i < n; i++) {
            const double *x = X + i * F;
            double p = ss_combine(w, x);
            double cw = y[i] ? wpos : wneg;
            double r = cw * (p - (y[i] ? 1.0 : 0.0));
            double s = cw * p * (1 - p);
            if (s < 1e-12)
                s = 1e-12;
            for (int a = 0; a < F; a++) {
                g[a] += r * x[a];
                for (int b = 0; b <= a; b++)
                    H[a * F + b] += s * x[a] * x[b];
            }
        }
        for (int a = 0; a < F; a++)
            for (int b = 0; b < a; b++)
                H[b * F + a] = H[a * F + b];
        for (int a = 1; a < F; a++) {
            g[a] += LR_L2 * w[a];
            H[a * F + a] += LR_L2;
        }
        H[0] += 1e-6;
        if (!solve(H, g, step, F))
            break;
        double norm = 0;
        for (int a = 0; a < F; a++) {
            /* Damp huge steps (separable data) to keep weights sane. */
            norm += step[a] * step[a];
        }
        double scale = norm > 100.0 ? 10.0 / sqrt(norm) : 1.0;
        for (int a = 0; a < F; a++)
            w[a] -= scale * step[a];
    }
}

/* qsort order of doubles, ascending. */
static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * Cut-offs from the cross-validated scores:
 *  - spam cut-off: the lowest threshold that leaves at most
 *    TARGET_ERROR_RATE of the ham documents at or above it (so the
 *    false-positive rate on the training ham is <= 0.5 %), set half-way
 *    between the highest ham score it must exceed and the next score up,
 *    and never below 0.5;
 *  - ham cut-off: symmetrically, the highest threshold that leaves at most
 *    TARGET_ERROR_RATE of the spam documents at or below it, never above
 *    0.5 and never above the spam cut-off.
 * Between them lies "unsure".
 */
static void
choose_cutoffs(const double *score, const int *y, size_t n, double *spam_cut,
               double *ham_cut)
{
    double *hs = malloc((n ? n : 1) * sizeof *hs);
    double *ss = malloc((n ? n : 1) * sizeof *ss);
    size_t nh = 0, ns = 0;
    *spam_cut = 0.9;
    *ham_cut = 0.1;
    if (!hs || !ss)
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
        size_t allowed = (size_t)floor(TARGET_ERROR_RATE * (double)nh);
        /* The (allowed+1)-th highest ham score must fall below the cut. */
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
        *spam_cut = c < 0.5 ? 0.5 : c > 0.999 ? 0.999 : c;
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
        *ham_cut = c > 0.5 ? 0.5 : c < 0.001 ? 0.001 : c;
    }
    if (*ham_cut > *spam_cut)
        *ham_cut = *spam_cut;
done:
    free(hs);
    free(ss);
}

/*
 * Block cut-off from the cross-validated block probabilities of labelled
 * widget items (all labelled blocks when widgets hold too few): as for the
 * spam cut-off, the lowest threshold that leaves at most BLOCK_ERROR_RATE
 * of the ham blocks at or above it, never below 0.5. Unchanged without
 * spam blocks or with fewer than MIN_HAM_BLOCKS ham blocks.
 */
#define MIN_HAM_BLOCKS 20
static void
choose_block_cutoff(const ss_trainer *tr, const double *blk_p, double *cut)
{
    const blk_rec *blks = tr->blks.v;
    size_t n = tr->blks.n;
    double *hs = malloc((n ? n : 1) * sizeof *hs);
    if (!hs)
        return;
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
        size_t allowed = (size_t)floor(BLOCK_ERROR_RATE * (double)nh);
        double edge = hs[nh - 1 - allowed];
        double above = 1.0;
        for (size_t i = 0; i < nh; i++)
            if (hs[i] > edge) {
                above = hs[i];
                break;
            }
        double c = edge + (above - edge) / 2;
        if (c <= edge)
            c = nextafter(edge, 2.0);
        *cut = c < 0.5 ? 0.5 : c > 0.999 ? 0.999 : c;
        break;
    }
    free(hs);
}

/* Cross-validate, fit the combiner and choose the cut-offs (see top). */
static ss_status
calibrate(ss_trainer *tr, char *err, size_t errlen)
{
    size_t n = tr->docs.n;
    unsigned k = n < CV_FOLDS ? (unsigned)n : CV_FOLDS;
    double *X = calloc(n * SS_FEAT_COUNT, sizeof *X);
    int *y = calloc(n, sizeof *y);
    double *score = calloc(n, sizeof *score);
    double *page_p = calloc(n, sizeof *page_p);
    double *floor = calloc(n, sizeof *floor);
    double *blk_p = calloc(tr->blks.n ? tr->blks.n : 1, sizeof *blk_p);
    ss_status st = SS_ERR_NOMEM;
    ss_arena a;
    ss_arena_init(&a, 0);
    if (!X || !y || !score || !page_p || !floor || !blk_p)
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
        for (size_t i = f; i < n; i += k) {
            const doc_rec *dr = &docs[i];
            y[i] = dr->label;
            page_p[i] = ss_bayes_prob(m, h + dr->tok_off, dr->n_tok, false,
                                      NULL, 0, NULL);
            for (size_t b = dr->blk_off; b < dr->blk_off + dr->n_blk; b++)
                blk_p[b] = ss_bayes_prob(m, h + blks[b].tok_off,
                                         blks[b].n_tok, true, NULL, 0, NULL);
        }
        ss_model_free(m);
    }
    /* Pass 2: block cut-off, features, logistic fit, page cut-offs. */
    choose_block_cutoff(tr, blk_p, &tr->params.block_cutoff);
    for (size_t i = 0; i < n; i++) {
        st = doc_features(tr, i, page_p[i], blk_p, tr->params.block_cutoff,
                          &a, X + i * SS_FEAT_COUNT, &floor[i]);
        if (st != SS_OK)
            goto done;
    }
    double w[SS_FEAT_COUNT];
    fit_logistic(X, y, n, w);
    for (size_t i = 0; i < n; i++)
        score[i] = ss_page_score(w, X + i * SS_FEAT_COUNT, floor[i]);
    memcpy(tr->params.weights, w, sizeof w);
    tr->params.has_combiner = true;
    choose_cutoffs(score, y, n, &tr->params.spam_cutoff,
                   &tr->params.ham_cutoff);
    if (tr->progress)
        tr->progress(tr->progress_ud, "calibrate", k, k);
    st = SS_OK;
done:
    if (st != SS_OK)
        set_err(err, errlen, "calibration: %s", ss_strerror(st));
    ss_arena_free(&a);
    free(X);
    free(y);
    free(score);
    free(page_p);
    free(floor);
    free(blk_p);
    return st;
}

/* See spamscore.h. */
ss_status
ss_trainer_write(ss_trainer *tr,
                 const char *path,
                 bool calibrate_now,
                 char *err,
                 size_t errlen)
{
    if (!tr || !path)
        return SS_ERR_ARG;
    ss_status st;
    if (calibrate_now && tr->docs.n >= 2) {
        bool has[2] = {false, false};
        const doc_rec *docs = tr->docs.v;
        for (size_t i = 0; i < tr->docs.n; i++)
            has[docs[i].label != 0] = true;
        if (has[0] && has[1]) {
            st = calibrate(tr, err, errlen);
            if (st != SS_OK)
                return st;
        }
    }
    ss_countmap_texts(&tr->counts);
    /* Serialise a copy: serialisation sorts its input, and the map's entry
     * order must stay what its slots point at. Tokens whose counts all fell
     * to zero (unlearned) are left out. */
    size_t n = tr->counts.n, m = 0;
    ss_model_tok *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) {
        set_err(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const ss_model_tok *t = &tr->counts.v[i];
        if (t->spam || t->ham || t->bspam || t->bham)
            v[m++] = *t;
    }
    ss_prune_tokens(&tr->params, &tr->opts, v, &m);
    unsigned char *img = NULL;
    size_t len = 0;
    st = ss_model_serialize(&tr->params, v, m, &img, &len);
    free(v);
    if (st != SS_OK) {
        set_err(err, errlen, "%s: %s", path, ss_strerror(st));
        return st;
    }
    if (tr->progress)
        tr->progress(tr->progress_ud, "write", 0, 1);
    st = ss_model_write_image(path, img, len, err, errlen);
    free(img);
    return st;
}

/* Exposed for the measuring harness and tests: a model of the trainer's
 * current counts, in memory (no file). */
ss_status
ss_trainer_model(ss_trainer *tr, ss_model **out)
{
    if (!tr || !out)
        return SS_ERR_ARG;
    ss_countmap_texts(&tr->counts);
    size_t n = tr->counts.n;
    ss_model_tok *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return SS_ERR_NOMEM;
    memcpy(v, tr->counts.v, n * sizeof *v);
    unsigned char *img = NULL;
    size_t len = 0;
    ss_status st = ss_model_serialize(&tr->params, v, n, &img, &len);
    free(v);
    if (st != SS_OK)
        return st;
    return ss_model_from_buffer(img, len, true, "trainer", out, NULL, 0);
}
