/*
 * train.c - the trainer (public ss_trainer_* API): learns token counts from
 * labeled documents, takes them back out (unlearn), and writes a model
 * whose combiner weights and cut-offs are calibrated on the documents of
 * this run.
 *
 * Learning a document: the scorer's first half (ss_ctx_analyze: parse,
 * rules, structural detectors; no Bayes) gives the page and the heuristic
 * evidence; the page is tokenized and each distinct token's spam or ham
 * document count moves by one (a spam page with span labels moves only the
 * tokens of its injected text: see injected_tokens()). Short blocks (list items, headings, short
 * lines) are also counted as block documents: a block whose text contains a
 * labelled promo-headline or junk-widget span (or lies inside one) is a
 * spam block, the other short blocks of a labelled page are ham blocks, and
 * every short block of a ham page is a ham block. Spam pages without span
 * labels (plain text corpora) give no block statistics. A line document
 * ("unit": "line": a promotional line or an honest headline) is one block
 * document of the promotional-language table (linetab.h) and nothing else
 * (see commit_line()): not a page and not a block, whose counts a corpus of
 * lines would swamp.
 *
 * Calibration (ss_trainer_write with calibrate): every document learned in
 * this run is kept as compact token-hash arrays plus its heuristic findings.
 * K-fold cross-validation (fold = a hash of the document's site, else its
 * index, mod K: see doc_fold()) gives each document
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

#define CV_FOLDS 5
#define LR_ITERATIONS 30
#define LR_L2 1.0               /* penalty on every weight but the bias */
#define TARGET_ERROR_RATE 0.005 /* max share of ham above the spam cut-off */
#define HAM_KEEP_RATE 0.95      /* min share of ham at or below the ham cut-off */
#define BLOCK_ERROR_RATE 0.001  /* max share of ham blocks above the block
                                   cut-off: a page has many blocks */
#define MAX_BLOCKS_PER_DOC 512  /* short blocks kept per document */
#define MAX_FINDINGS_PER_DOC 64 /* heuristic findings kept per document */
#define MIN_SPAN_MATCH 8        /* bytes of a block inside a span to count */

typedef struct find_rec {
    uint8_t kind, where, drop;
    uint32_t block, n_blocks;
    uint32_t cand;     /* its span candidate: index + 1 in the document's
                          candidates, 0 none */
    double score;
} find_rec;

/* A span candidate (span.h) of a learned document. */
typedef struct cand_rec {
    uint8_t kind;
    int8_t label;      /* 1 matches a labelled span of its kind, 0 not,
                          -1 unknown (a spam page without span labels) */
    bool has_finding;
    uint8_t n_occ;
    bool in_widget;
    uint32_t block;    /* block of its first occurrence */
    uint32_t prefix_block[SS_SPAN_OCC_MAX]; /* brands: blocks whose list
                          item it prefixes (SS_NONE: none) */
    double x[SS_SPAN_FEAT_COUNT]; /* seam and block naive-Bayes features
                                     filled at calibration */
    uint64_t seam[SS_SEAM_COUNT];
    double p;          /* cross-validated probability (calibration) */
} cand_rec;

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
    /* The tokens its page counts moved by (see injected_tokens()): the
     * page's tokens (cnt_off == tok_off, n_cnt == n_tok), or for a spam
     * page with span labels only those of its injected text, stored
     * after its blocks. */
    uint32_t n_cnt;
    size_t cnt_off;
    size_t blk_off, n_blk;
    size_t find_off, n_find;
    size_t cand_off, n_cand;
    double rule_weight_sum;
    uint32_t fold;     /* cross-validation fold, 0..CV_FOLDS-1 (doc_fold) */
} doc_rec;

/* A growable array of fixed-size elements with a hard cap. */
typedef struct vec {
    void *v;
    size_t n, cap, size;
} vec;

struct ss_trainer {
    ss_config cfg;
    ss_scorer *scorer;
    ss_train_prep *prep; /* ss_trainer_add's, made on first use */
    ss_countmap counts;
    ss_countmap lines;   /* line documents: spam and ham columns (linetab.h) */
    unsigned char *lines_tab; /* params.lines.ent, built by build_lines() */
    ss_model_params params;
    bool loaded;
    vec docs, blks, finds, hashes, cands;
    uint64_t clamped;
    uint64_t table_dropped; /* tokens dropped by bound_table */
    ss_progress_fn progress;
    void *progress_ud;
    /* Options, and the calibration sample (see keep_for_calibration). */
    ss_train_opts opts;
    uint64_t calib_seen, calib_stride;
};

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
    ss_countmap_init(&tr->lines);
    ss_model_params_default(&tr->params);
    tr->docs.size = sizeof(doc_rec);
    tr->blks.size = sizeof(blk_rec);
    tr->finds.size = sizeof(find_rec);
    tr->hashes.size = sizeof(uint64_t);
    tr->cands.size = sizeof(cand_rec);
    ss_train_opts_default(&tr->opts);
    tr->calib_stride = 1;
    ss_status st = ss_scorer_create(&tr->cfg, rules, NULL, &tr->scorer);
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
    ss_train_prep_free(tr->prep);
    ss_scorer_free(tr->scorer);
    ss_countmap_free(&tr->counts);
    ss_countmap_free(&tr->lines);
    free(tr->lines_tab);
    free(tr->docs.v);
    free(tr->blks.v);
    free(tr->finds.v);
    free(tr->hashes.v);
    free(tr->cands.v);
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
        ss_linetab lt = p->lines;
        *p = m->p;
        p->n_spam = ns;
        p->n_ham = nh;
        p->n_bspam = nbs;
        p->n_bham = nbh;
        /* The table is the trainer's own (tr->lines): counted below. */
        p->lines = lt;
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
    if (st == SS_OK)
        st = ss_linetab_add_to(&m->p.lines, &tr->lines, &p->lines);
    ss_model_free(m);
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "%s: %s", model_path, ss_strerror(st));
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

/* Label of a span candidate from the document's span labels: positive
 * when a labelled span of its kind has the same text, or one holds the
 * other and the shorter is at least 60 % of the longer. */
static int8_t
cand_label(const ss_corpus_doc *doc, const ss_span_cand *c)
{
    if (doc->n_spans == 0)
        return doc->label == 0 ? 0 : -1;
    int8_t label = 0;
    for (size_t k = 0; k < doc->n_spans; k++) {
        const ss_span_label *s = &doc->spans[k];
        size_t sl = strlen(s->text);
        if (s->kind != c->kind) {
            /* A line of an injected list (or holding another injection)
             * that is not itself promotional: neither. */
            if (c->kind == SS_FLAG_PROMO_HEADLINE &&
                (contains(c->text, c->len, s->text, sl) ||
                 (c->len >= MIN_SPAN_MATCH && contains(s->text, sl, c->text, c->len))))
                label = -1;
            continue;
        }
        size_t lo = sl < c->len ? sl : c->len, hi = sl < c->len ? c->len : sl;
        if (lo * 10 < hi * 6)
            continue;
        if (contains(s->text, sl, c->text, c->len) || contains(c->text, c->len, s->text, sl))
            return 1;
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

/*
 * The cross-validation fold of the index-th document learned: a hash of its
 * site when the corpus names one, else the index. Pages of one site share
 * their boilerplate, and an injected page shares everything but the
 * injection with its honest twin; with the twins on both sides of a fold,
 * each was scored by a model that had learned the other under the opposite
 * label, and the combiner learned to distrust naive Bayes (a negative
 * weight). Callers reduce it modulo the number of folds in use.
 */
static uint32_t
doc_fold(const ss_corpus_doc *doc,
         size_t index)
{
    if (!doc->site || !doc->site[0])
        return (uint32_t)(index % CV_FOLDS);
    uint32_t h = ss_fnv32(SS_FNV32_OFFSET, doc->site, strlen(doc->site));
    return h % CV_FOLDS;
}

/* ------------------------------------------------------------------ */
/* Options and the calibration sample                                 */

/* See spamscore.h. */
ss_status
ss_trainer_set_opts(ss_trainer *tr, const ss_train_opts *o)
{
    if (!tr || !o || o->max_calib_docs == 0 || o->span_trees > SS_SPAN_TREES_MAX)
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
    cand_rec *cands = tr->cands.v;
    uint64_t *h = tr->hashes.v;
    size_t nd = 0, nb = 0, nf = 0, nc = 0, nh = 0;
    for (size_t i = 0; i < tr->docs.n; i += 2) {
        doc_rec d = docs[i];
        bool own_cnt = d.cnt_off != d.tok_off;
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
        if (own_cnt) {
            /* after the blocks, so it moves down like them */
            memmove(h + nh, h + d.cnt_off, d.n_cnt * sizeof *h);
            d.cnt_off = nh;
            nh += d.n_cnt;
        } else {
            d.cnt_off = d.tok_off;
        }
        d.blk_off = nb;
        nb += d.n_blk;
        memmove(finds + nf, finds + d.find_off, d.n_find * sizeof *finds);
        d.find_off = nf;
        nf += d.n_find;
        memmove(cands + nc, cands + d.cand_off, d.n_cand * sizeof *cands);
        d.cand_off = nc;
        nc += d.n_cand;
        docs[nd++] = d;
    }
    tr->docs.n = nd;
    tr->blks.n = nb;
    tr->finds.n = nf;
    tr->cands.n = nc;
    tr->hashes.n = nh;
    tr->calib_stride *= 2;
}

/*
 * A document made ready for the trainer by ss_train_prep_doc(): its page,
 * heuristic evidence, tokens and the tokens of its short blocks, all in
 * the arena of the prep's own context (valid until the next document).
 * Preparing reads only the trainer's scorer and configuration, which do not
 * change after ss_trainer_create(), so several preps may work at once on
 * different threads; ss_trainer_commit() then folds them into the counts
 * one at a time, in the corpus order, which is what makes the model the
 * same whatever the number of threads.
 */
struct ss_train_prep {
    ss_config cfg;
    ss_ctx *ctx;
    bool ready;        /* the fields below hold a prepared document */
    ss_page *page;
    ss_evidence *ev;
    ss_tokens toks;
    uint32_t n_blk;    /* short blocks with tokens, at most MAX_BLOCKS_PER_DOC */
    uint32_t *blk;     /* their block indexes */
    ss_tokens *blk_toks;
    bool line;         /* a "unit": "line" document: toks are its block
                          tokens, there is no page */
};

/* See spamscore.h. */
ss_status
ss_train_prep_create(const ss_trainer *tr,
                     ss_train_prep **out)
{
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    if (!tr)
        return SS_ERR_ARG;
    ss_train_prep *p = calloc(1, sizeof *p);
    if (!p)
        return SS_ERR_NOMEM;
    p->cfg = tr->cfg;
    ss_status st = ss_ctx_create(tr->scorer, &p->ctx);
    if (st != SS_OK) {
        free(p);
        return st;
    }
    *out = p;
    return SS_OK;
}

/* See spamscore.h. */
void
ss_train_prep_free(ss_train_prep *p)
{
    if (!p)
        return;
    ss_ctx_free(p->ctx);
    free(p);
}

/* ss_train_prep_doc of a line document: its words and bigrams as a short
 * block's (ss_tokenize_block), in the context's arena. */
static ss_status
prep_line(ss_train_prep *p,
          const ss_corpus_doc *doc,
          const char *name,
          char *err,
          size_t errlen)
{
    if (doc->len > SS_LINE_DOC_MAX) {
        ss_errmsg(err, errlen, "%s: a line document is longer than %d bytes", name,
                  SS_LINE_DOC_MAX);
        return SS_ERR_FORMAT;
    }
    ss_ctx_clean(p->ctx); /* the last page's arena and evidence go */
    ss_arena *a = ss_ctx_arena(p->ctx);
    memset(&p->toks, 0, sizeof p->toks);
    ss_status st = ss_tokenize_text(a, &p->cfg, doc->data, doc->len, NULL, true, &p->toks);
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "%s: tokenizer: %s", name, ss_strerror(st));
        return st;
    }
    ss_tokens_finish(&p->toks);
    p->page = NULL;
    p->ev = NULL;
    p->n_blk = 0;
    p->ready = true;
    return SS_OK;
}

/* See spamscore.h. */
ss_status
ss_train_prep_doc(ss_train_prep *p,
                  const ss_corpus_doc *doc,
                  char *err,
                  size_t errlen)
{
    if (!p || !doc || (!doc->data && doc->len))
        return SS_ERR_ARG;
    p->ready = false;
    p->line = doc->unit == SS_UNIT_LINE;
    const char *name = doc->name ? doc->name : "document";
    if (p->line)
        return prep_line(p, doc, name, err, errlen);
    ss_doc_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.format = doc->format;
    ss_status st = ss_ctx_analyze(p->ctx, doc->data, doc->len, &opts,
                                  &p->page, &p->ev);
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "%s: %s", name, ss_ctx_error(p->ctx));
        return st;
    }
    ss_arena *a = ss_ctx_arena(p->ctx);
    ss_page *page = p->page;
    ss_block_toks blocks;
    st = ss_tokenize_page_blocks(a, &p->cfg, page, &p->toks, &page->limits,
                                 &blocks);
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "%s: tokenizer: %s", name, ss_strerror(st));
        return st;
    }
    /* Short blocks. */
    uint32_t cap = page->n_blocks < MAX_BLOCKS_PER_DOC ? page->n_blocks
                                                        : MAX_BLOCKS_PER_DOC;
    p->n_blk = 0;
    p->blk = ss_arena_calloc(a, cap ? cap : 1, sizeof *p->blk);
    p->blk_toks = ss_arena_calloc(a, cap ? cap : 1, sizeof *p->blk_toks);
    if (!p->blk || !p->blk_toks) {
        ss_errmsg(err, errlen, "%s: %s", name, ss_strerror(SS_ERR_NOMEM));
        return SS_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < page->n_blocks && p->n_blk < cap; i++) {
        if (!ss_block_is_short(&page->blocks[i]))
            continue;
        ss_tokens bt;
        st = ss_block_tokens(a, &p->cfg, page, &blocks, i, &bt);
        if (st != SS_OK) {
            ss_errmsg(err, errlen, "%s: %s", name, ss_strerror(st));
            return st;
        }
        if (bt.n == 0)
            continue;
        p->blk[p->n_blk] = i;
        p->blk_toks[p->n_blk++] = bt;
    }
    p->ready = true;
    return SS_OK;
}

/* Is x the hash of a token of the sorted set t? */
static bool
tokens_have(const ss_tokens *t, uint64_t x)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].hash < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && t->v[lo].hash == x;
}

/*
 * The page tokens a spam page with span labels counts as spam: those made
 * of its injected text. A page built by injecting spam into an honest page
 * is the honest page plus its spans; counted whole, every word of the
 * article would count once as spam for each time its honest twin counts
 * it as ham, so that no token could ever lean honest and the page
 * probability of any unseen honest page would be decided by the common
 * words the injections happen to use. A token is injected when its text,
 * or its text without the structural prefix ("t:", "l:", ... see
 * tokenize.h), is a token (word or bigram) of one of the labelled spans.
 * Sets keep[i] for the i-th token of toks and returns their number.
 */
static ss_status
injected_tokens(ss_arena *a,
                const ss_config *cfg,
                const ss_corpus_doc *doc,
                const ss_tokens *toks,
                bool *keep,
                size_t *n_keep)
{
    ss_tokens spt;
    memset(&spt, 0, sizeof spt);
    *n_keep = 0;
    for (size_t k = 0; k < doc->n_spans; k++) {
        const char *t = doc->spans[k].text;
        ss_status st = ss_tokenize_text(a, cfg, t, strlen(t), NULL, true, &spt);
        if (st != SS_OK)
            return st;
    }
    ss_tokens_finish(&spt);
    for (size_t i = 0; i < toks->n; i++) {
        const ss_token *t = &toks->v[i];
        bool in = tokens_have(&spt, t->hash);
        if (!in && t->len > 2 && t->text[1] == ':')
            in = tokens_have(&spt, ss_token_hash(t->text + 2, t->len - 2));
        keep[i] = in;
        *n_keep += in;
    }
    return SS_OK;
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
    if (!tr->prep) {
        ss_status st = ss_train_prep_create(tr, &tr->prep);
        if (st != SS_OK)
            return st;
    }
    ss_status st = ss_train_prep_doc(tr->prep, doc, err, errlen);
    if (st != SS_OK)
        return st;
    return ss_trainer_commit(tr, tr->prep, doc, unlearn, err, errlen);
}

/*
 * Keep the count table within opts.max_table_tokens (see spamscore.h):
 * drop the tokens seen fewer than t times, with t the smallest count that
 * leaves at most half of the bound (counted up to BOUND_MAX_SEEN), so that
 * the next pruning is many documents away. One pass to count, one to drop.
 */
#define BOUND_MAX_SEEN 256
static void
bound_table(ss_trainer *tr)
{
    uint64_t max = tr->opts.max_table_tokens;
    uint64_t hist[BOUND_MAX_SEEN + 1] = {0};
    if (!max || tr->counts.n < max)
        return;
    for (size_t k = 0; k < tr->counts.n; k++) {
        const ss_model_tok *t = &tr->counts.v[k];
        uint64_t seen = (uint64_t)t->spam + t->ham + t->bspam + t->bham;
        hist[seen < BOUND_MAX_SEEN ? seen : BOUND_MAX_SEEN]++;
    }
    /* left: the tokens seen at least t times (those ss_countmap_prune
     * keeps with min_seen t); tokens unlearned down to zero go first. */
    uint64_t t = 1, left = tr->counts.n - hist[0];
    while (t < BOUND_MAX_SEEN && left > max / 2) {
        left -= hist[t];
        t++;
    }
    tr->table_dropped += ss_countmap_prune(&tr->counts, t);
}

/*
 * ss_trainer_commit of a line document: one line of its label in the
 * promotional-language table (d = +1 learn, -1 unlearn). It keeps no
 * calibration record and moves no page or block count: no fold's naive
 * Bayes sees it, and a page's candidates are scored on a table that never
 * saw their page (the injector keeps the lines its pages carry out of
 * lines.jsonl).
 */
static ss_status
commit_line(ss_trainer *tr,
            const ss_train_prep *p,
            const char *name,
            int spam,
            int d,
            char *err,
            size_t errlen)
{
    uint64_t clamped = 0;
    for (size_t k = 0; k < p->toks.n; k++) {
        const ss_token *t = &p->toks.v[k];
        ss_status st = ss_countmap_add(&tr->lines, t->hash, NULL, 0, spam ? d : 0,
                                       spam ? 0 : d, 0, 0, &clamped);
        if (st != SS_OK) {
            ss_errmsg(err, errlen, "%s: %s", name, ss_strerror(st));
            return st;
        }
    }
    move_count(spam ? &tr->params.lines.n_spam : &tr->params.lines.n_ham, d, &clamped);
    tr->clamped += clamped;
    if (clamped)
        ss_errmsg(err, errlen,
                  "%s: unlearn: %llu counts were already zero (was this "
                  "line trained with this label?)", name, (unsigned long long)clamped);
    return SS_OK;
}

/* See spamscore.h. */
ss_status
ss_trainer_commit(ss_trainer *tr,
                  ss_train_prep *p,
                  const ss_corpus_doc *doc,
                  bool unlearn,
                  char *err,
                  size_t errlen)
{
    if (!tr || !p || !doc || !p->ready)
        return SS_ERR_ARG;
    p->ready = false;
    const char *name = doc->name ? doc->name : "document";
    if (p->line)
        return commit_line(tr, p, name, doc->label ? 1 : 0, unlearn ? -1 : 1, err, errlen);
    ss_page *page = p->page;
    ss_evidence *ev = p->ev;
    const ss_tokens toks = p->toks;
    ss_status st;
    int spam = doc->label ? 1 : 0;
    int d = unlearn ? -1 : 1;
    bool keep = !unlearn && keep_for_calibration(tr);
    uint64_t clamped = 0;
    size_t tok_off = tr->hashes.n;
    size_t blk_off = tr->blks.n, find_off = tr->finds.n;
    /* A spam page with span labels counts its injected tokens only. */
    bool *counted = NULL;
    size_t n_counted = toks.n;
    if (spam && doc->n_spans > 0) {
        ss_arena *a = ss_ctx_arena(p->ctx);
        counted = ss_arena_alloc(a, (toks.n ? toks.n : 1) * sizeof *counted);
        if (!counted)
            goto nomem;
        st = injected_tokens(a, &tr->cfg, doc, &toks, counted, &n_counted);
        if (st != SS_OK)
            goto fail;
    }
    uint64_t *hv = NULL;
    if (keep) {
        hv = vec_push(&tr->hashes, toks.n);
        if (!hv && toks.n)
            goto nomem;
    }
    for (size_t i = 0; i < toks.n; i++) {
        const ss_token *t = &toks.v[i];
        if (hv)
            hv[i] = t->hash;
        if (counted && !counted[i])
            continue;
        st = ss_countmap_add(&tr->counts, t->hash, t->text, t->len,
                             spam ? d : 0, spam ? 0 : d, 0, 0, &clamped);
        if (st != SS_OK)
            goto fail;
    }
    move_count(spam ? &tr->params.n_spam : &tr->params.n_ham, d, &clamped);
    /* Short blocks. */
    for (uint32_t j = 0; j < p->n_blk; j++) {
        uint32_t i = p->blk[j];
        const ss_block *b = &page->blocks[i];
        const ss_tokens bt = p->blk_toks[j];
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
        br->promo_length = page->blocks[i].n_words >= SS_PROMO_MIN_WORDS &&
                           !ss_text_is_dated_entry(b->text, b->len);
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
            fr[k].cand = f->cand;
            fr[k].score = f->score;
        }
        size_t cand_off = tr->cands.n;
        cand_rec *cr = ev->n_cands ? vec_push(&tr->cands, ev->n_cands) : NULL;
        if (ev->n_cands && !cr)
            goto nomem;
        for (size_t k = 0; k < ev->n_cands; k++) {
            const ss_span_cand *c = &ev->cands[k];
            cand_rec *r = &cr[k];
            memset(r, 0, sizeof *r);
            r->kind = (uint8_t)c->kind;
            r->label = cand_label(doc, c);
            r->has_finding = c->has_finding;
            r->n_occ = (uint8_t)c->n_occ;
            r->in_widget = c->n_occ && page->blocks[c->occ[0].block].widget != SS_NONE;
            r->block = c->n_occ ? c->occ[0].block : SS_NONE;
            for (unsigned o = 0; o < SS_SPAN_OCC_MAX; o++)
                r->prefix_block[o] = o < c->n_occ && c->occ[o].shape == SS_SHAPE_ITEM_PREFIX ?
                                     c->occ[o].block : SS_NONE;
            memcpy(r->x, c->x, sizeof r->x);
            memcpy(r->seam, c->seam, sizeof r->seam);
            r->p = -1;
        }
        size_t cnt_off = tok_off;
        if (counted) {
            uint64_t *ch = vec_push(&tr->hashes, n_counted);
            if (!ch && n_counted)
                goto nomem;
            cnt_off = tr->hashes.n - n_counted;
            for (size_t i = 0, j = 0; i < toks.n; i++)
                if (counted[i])
                    ch[j++] = toks.v[i].hash;
        }
        doc_rec *dr = vec_push(&tr->docs, 1);
        if (!dr)
            goto nomem;
        dr->cnt_off = cnt_off;
        dr->n_cnt = (uint32_t)n_counted;
        dr->fold = doc_fold(doc, tr->docs.n - 1);
        dr->label = spam;
        dr->n_tok = (uint32_t)toks.n;
        dr->tok_off = tok_off;
        dr->blk_off = blk_off;
        dr->n_blk = tr->blks.n - blk_off;
        dr->find_off = find_off;
        dr->n_find = nf;
        dr->cand_off = cand_off;
        dr->n_cand = ev->n_cands;
        dr->rule_weight_sum = ev->rule_weight_sum;
        if (tr->docs.n >= tr->opts.max_calib_docs)
            thin_calibration(tr);
    }
    bound_table(tr);
    tr->clamped += clamped;
    if (clamped)
        ss_errmsg(err, errlen,
                "%s: unlearn: %llu counts were already zero (was this "
                "document trained with this label?)", name,
                (unsigned long long)clamped);
    return SS_OK;
nomem:
    st = SS_ERR_NOMEM;
fail:
    ss_errmsg(err, errlen, "%s: %s", name, ss_strerror(st));
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

/* Cross-validate, fit the combiner and choose the cut-offs (see top). */
static ss_status
calibrate(ss_trainer *tr, char *err, size_t errlen)
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

/* Build the promotional-language table of the line documents learned so
 * far into tr->params.lines (the tokens of at least SS_LINETAB_MIN_SEEN
 * lines), before the candidates are scored with it and the model written,
 * so that the fit sees the table the scorer will. */
static ss_status
build_lines(ss_trainer *tr)
{
    free(tr->lines_tab);
    tr->lines_tab = NULL;
    ss_status st = ss_linetab_build(&tr->lines, SS_LINETAB_MIN_SEEN, &tr->lines_tab,
                                    &tr->params.lines.n);
    tr->params.lines.ent = tr->lines_tab;
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
    ss_status st = build_lines(tr);
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "%s: promotional-language table: %s", path, ss_strerror(st));
        return st;
    }
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
        ss_errmsg(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const ss_model_tok *t = &tr->counts.v[i];
        if (t->spam || t->ham || t->bspam || t->bham)
            v[m++] = *t;
    }
    if (tr->progress)
        tr->progress(tr->progress_ud, "write", 0, 1);
    st = ss_prune_write(&tr->params, &tr->opts, v, m, path, err, errlen);
    free(v);
    return st;
}

/* Exposed for the measuring harness and tests: a model of the trainer's
 * current counts, in memory (no file). */
ss_status
ss_trainer_model(ss_trainer *tr, ss_model **out)
{
    if (!tr || !out)
        return SS_ERR_ARG;
    ss_status st = build_lines(tr);
    if (st != SS_OK)
        return st;
    ss_countmap_texts(&tr->counts);
    size_t n = tr->counts.n;
    ss_model_tok *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return SS_ERR_NOMEM;
    memcpy(v, tr->counts.v, n * sizeof *v);
    unsigned char *img = NULL;
    size_t len = 0;
    st = ss_model_serialize(&tr->params, v, n, &img, &len);
    free(v);
    if (st != SS_OK)
        return st;
    return ss_model_from_buffer(img, len, true, "trainer", out, NULL, 0);
}
