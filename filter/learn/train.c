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
 * combiner is fitted on are the ones the scorer will compute. The
 * calibration and the fits are train_fit.c; the records the trainer keeps
 * are train_int.h.
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
    ss_status st = ss_train_build_lines(tr);
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
            st = ss_train_calibrate(tr, err, errlen);
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
    ss_status st = ss_train_build_lines(tr);
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
