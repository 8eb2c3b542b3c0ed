/*
 * model_merge.c - what is done with whole models (spamscore.h): the text
 * dump of a model's header, span section and tokens; the merge of shard
 * models into one (counts summed, optionally per family, the
 * promotional-language tables summed); and the combiner's weights and
 * cut-offs read back for the scorer (bayes.h).
 */
#include "model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bayes.h"
#include "errmsg.h"
#include "linetab.h"
#include "prune.h"

/* printf into one line and pass it to emit; returns emit's stop flag. */
static int emitf(ss_emit_fn emit, void *ud, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
emitf(ss_emit_fn emit, void *ud, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return 1;
    size_t l = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    return emit(ud, line, l);
}

/* qsort order of the dump: token text bytes, then length, then hash. */
static int
cmp_tok_text(const void *a, const void *b)
{
    const ss_model_tok *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = m ? memcmp(x->text, y->text, m) : 0;
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* See spamscore.h. */
ss_status
ss_model_dump(const ss_model *model, ss_emit_fn emit, void *userdata)
{
    if (!model || !emit)
        return SS_ERR_ARG;
    const ss_model_params *p = &model->p;
    if (emitf(emit, userdata, "# version %u", ss_model_version(p))
        || emitf(emit, userdata, "# documents spam %llu ham %llu",
                 (unsigned long long)p->n_spam, (unsigned long long)p->n_ham)
        || emitf(emit, userdata, "# blocks spam %llu ham %llu",
                 (unsigned long long)p->n_bspam, (unsigned long long)p->n_bham)
        || emitf(emit, userdata, "# robinson_s %.17g", p->robs)
        || emitf(emit, userdata, "# robinson_x %.17g", p->robx)
        || emitf(emit, userdata, "# min_dev %.17g", p->min_dev)
        || emitf(emit, userdata, "# spam_cutoff %.17g", p->spam_cutoff)
        || emitf(emit, userdata, "# ham_cutoff %.17g", p->ham_cutoff)
        || emitf(emit, userdata, "# block_cutoff %.17g", p->block_cutoff)
        || emitf(emit, userdata, "# combiner %s",
                 p->has_combiner ? "fitted" : "none"))
        return SS_OK;
    if (p->has_combiner)
        for (unsigned i = 0; i < SS_FEAT_COUNT; i++)
            if (emitf(emit, userdata, "# weight %s %.17g", ss_feature_name(i),
                      p->weights[i]))
                return SS_OK;
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++) {
        const ss_span_weights *w = &p->span[k];
        if (!w->fitted)
            continue;
        if (emitf(emit, userdata, "# span %s cutoff %.17g", ss_flag_kind_name((ss_flag_kind)k),
                  w->cutoff)
            || emitf(emit, userdata, "# span %s flag_cutoff %.17g",
                     ss_flag_kind_name((ss_flag_kind)k), ss_span_flag_cut(w)))
            return SS_OK;
        for (unsigned i = 0; i < SS_SPAN_FEAT_COUNT; i++)
            if (emitf(emit, userdata, "# span_weight %s %s %.17g",
                      ss_flag_kind_name((ss_flag_kind)k), ss_span_feat_name(i), w->w[i]))
                return SS_OK;
        if (w->n_trees &&
            emitf(emit, userdata, "# span_trees %s %u (depth %d)",
                  ss_flag_kind_name((ss_flag_kind)k), w->n_trees, SS_SPAN_TREE_DEPTH))
            return SS_OK;
    }
    if (ss_linetab_present(&p->lines) &&
        emitf(emit, userdata, "# lines spam %llu ham %llu tokens %llu",
              (unsigned long long)p->lines.n_spam, (unsigned long long)p->lines.n_ham,
              (unsigned long long)p->lines.n))
        return SS_OK;
    if (emitf(emit, userdata, "# tokens %llu",
              (unsigned long long)model->n_tokens))
        return SS_OK;
    ss_model_tok *v = malloc((model->n_tokens ? model->n_tokens : 1)
                             * sizeof *v);
    if (!v)
        return SS_ERR_NOMEM;
    size_t n = 0;
    for (uint64_t i = 0; i < model->slots && n < model->n_tokens; i++)
        if (ss_model_entry(model, i, &v[n]))
            n++;
    qsort(v, n, sizeof *v, cmp_tok_text);
    char line[1024];
    for (size_t k = 0; k < n; k++) {
        /* Token text is printed as is, except tab/newline/backslash
         * escaped so that every token stays on one line. A token whose
         * text is unknown is printed as its hash. */
        size_t o = 0;
        if (v[k].len == 0)
            o = (size_t)snprintf(line, sizeof line, "#%016llx",
                                 (unsigned long long)v[k].hash);
        for (uint32_t j = 0; j < v[k].len && o + 4 < sizeof line - 64; j++) {
            char c = v[k].text[j];
            if (c == '\t' || c == '\n' || c == '\\' || c == '\r') {
                line[o++] = '\\';
                c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
            }
            line[o++] = c;
        }
        int w = snprintf(line + o, sizeof line - o, "\t%u\t%u", v[k].spam,
                         v[k].ham);
        o += (size_t)w;
        if (v[k].bspam || v[k].bham)
            o += (size_t)snprintf(line + o, sizeof line - o, "\t%u\t%u",
                                  v[k].bspam, v[k].bham);
        if (emit(userdata, line, o))
            break;
    }
    free(v);
    return SS_OK;
}

/* See spamscore.h. */
ss_status
ss_model_merge(const char *const *paths,
               size_t n_paths,
               const char *out_path,
               char *err,
               size_t errlen)
{
    return ss_model_merge_keep(paths, n_paths, out_path, false, err, errlen);
}

/* See spamscore.h. */
ss_status
ss_model_merge_keep(const char *const *paths,
                    size_t n_paths,
                    const char *out_path,
                    bool keep_first_combiner,
                    char *err,
                    size_t errlen)
{
    return ss_model_merge_opts(paths, n_paths, out_path, keep_first_combiner,
                               NULL, err, errlen);
}

/* c scaled by r, rounded to the nearest count. */
static uint32_t
scale_count(uint32_t c, double r)
{
    double x = floor((double)c * r + 0.5);
    return x >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)x;
}

/*
 * Add model m to map as a spam family of its own: its counts are scaled to
 * the document totals of p (those of the models merged before it, kept),
 * and each count becomes the larger of the two, so a token's frequency in
 * spam (or ham, pages or blocks) is the higher of the two models'. The
 * first model's frequencies, which its combiner was fitted on, stay as
 * they were wherever the family does not exceed them.
 */
static ss_status
add_family(ss_countmap *map,
           const ss_model_params *p,
           const ss_model *m)
{
    double r[4] = {
        m->p.n_spam ? (double)p->n_spam / (double)m->p.n_spam : 0,
        m->p.n_ham ? (double)p->n_ham / (double)m->p.n_ham : 0,
        m->p.n_bspam ? (double)p->n_bspam / (double)m->p.n_bspam : 0,
        m->p.n_bham ? (double)p->n_bham / (double)m->p.n_bham : 0};
    for (uint64_t i = 0; i < m->slots; i++) {
        ss_model_tok t;
        if (!ss_model_entry(m, i, &t))
            continue;
        uint32_t c[4] = {scale_count(t.spam, r[0]), scale_count(t.ham, r[1]),
                         scale_count(t.bspam, r[2]), scale_count(t.bham, r[3])};
        uint32_t have[4] = {0, 0, 0, 0};
        const ss_model_tok *e = ss_countmap_get(map, t.hash);
        if (e) {
            have[0] = e->spam;
            have[1] = e->ham;
            have[2] = e->bspam;
            have[3] = e->bham;
        }
        int64_t d[4];
        bool any = false;
        for (int j = 0; j < 4; j++) {
            d[j] = c[j] > have[j] ? (int64_t)c[j] - have[j] : 0;
            any |= d[j] != 0;
        }
        if (!any)
            continue;
        ss_status st = ss_countmap_add(map, t.hash, t.text, t.len, d[0], d[1],
                                       d[2], d[3], NULL);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

/* See spamscore.h. */
ss_status
ss_model_merge_opts(const char *const *paths,
                    size_t n_paths,
                    const char *out_path,
                    bool keep_first_combiner,
                    const ss_train_opts *o,
                    char *err,
                    size_t errlen)
{
    if (!paths || n_paths == 0 || !out_path) {
        ss_errmsg(err, errlen, "merge: no input models");
        return SS_ERR_ARG;
    }
    ss_countmap map, lmap;
    ss_countmap_init(&map);
    ss_countmap_init(&lmap);
    unsigned char *lines = NULL;
    ss_model_params p;
    ss_model_params_default(&p);
    double wsum[SS_FEAT_COUNT] = {0}, cut_s = 0, cut_h = 0, wdocs = 0;
    ss_model_params first; /* the combiner of the first model that has one */
    unsigned n_comb = 0;   /* models whose combiner is averaged */
    ss_status st = SS_OK;
    for (size_t k = 0; k < n_paths; k++) {
        ss_model *m = NULL;
        st = ss_model_open(paths[k], &m, err, errlen);
        if (st != SS_OK)
            goto free_map;
        if (k == 0) {
            p.robs = m->p.robs;
            p.robx = m->p.robx;
            p.min_dev = m->p.min_dev;
            p.block_cutoff = m->p.block_cutoff;
            p.spam_cutoff = m->p.spam_cutoff;
            p.ham_cutoff = m->p.ham_cutoff;
            /* Span weights cannot be averaged or refitted without the
             * candidates: the first model's are kept. */
            memcpy(p.span, m->p.span, sizeof p.span);
        }
        bool fam = k > 0 && o && o->merge_family;
        if (fam) {
            st = add_family(&map, &p, m);
            ss_model_free(m);
            if (st != SS_OK) {
                ss_errmsg(err, errlen, "merge: %s", ss_strerror(st));
                goto free_map;
            }
            continue;
        }
        p.n_spam += m->p.n_spam;
        p.n_ham += m->p.n_ham;
        p.n_bspam += m->p.n_bspam;
        p.n_bham += m->p.n_bham;
        if (m->p.has_combiner && (!keep_first_combiner || k == 0)) {
            /* Weight by documents; a model with none still counts once. */
            double d = (double)(m->p.n_spam + m->p.n_ham);
            if (d < 1)
                d = 1;
            for (unsigned i = 0; i < SS_FEAT_COUNT; i++)
                wsum[i] += d * m->p.weights[i];
            cut_s += d * m->p.spam_cutoff;
            cut_h += d * m->p.ham_cutoff;
            wdocs += d;
            if (n_comb++ == 0) /* one combiner is kept bit for bit:
                                  d * w / d need not be w */
                memcpy(&first, &m->p, sizeof first);
        }
        for (uint64_t i = 0; i < m->slots && st == SS_OK; i++) {
            ss_model_tok t;
            if (ss_model_entry(m, i, &t))
                st = ss_countmap_add(&map, t.hash, t.text, t.len, t.spam,
                                     t.ham, t.bspam, t.bham, NULL);
        }
        if (st == SS_OK)
            st = ss_linetab_add_to(&m->p.lines, &lmap, &p.lines);
        ss_model_free(m);
        if (st != SS_OK) {
            ss_errmsg(err, errlen, "merge: %s", ss_strerror(st));
            goto free_map;
        }
    }
    /* The promotional-language tables are summed like the token counts. */
    st = ss_linetab_build(&lmap, SS_LINETAB_MIN_SEEN, &lines, &p.lines.n);
    p.lines.ent = lines;
    if (st != SS_OK) {
        ss_errmsg(err, errlen, "merge: %s", ss_strerror(st));
        goto free_map;
    }
    if (n_comb == 1) {
        p.has_combiner = true;
        memcpy(p.weights, first.weights, sizeof p.weights);
        p.spam_cutoff = first.spam_cutoff;
        p.ham_cutoff = first.ham_cutoff;
    } else if (wdocs > 0) {
        p.has_combiner = true;
        for (unsigned i = 0; i < SS_FEAT_COUNT; i++)
            p.weights[i] = wsum[i] / wdocs;
        p.spam_cutoff = cut_s / wdocs;
        p.ham_cutoff = cut_h / wdocs;
    }
    ss_countmap_texts(&map);
    ss_train_opts keep_all;
    ss_train_opts_default(&keep_all);
    /* The map is freed next: its entries may be reordered. */
    st = ss_prune_write(&p, o ? o : &keep_all, map.v, map.n, out_path, err,
                        errlen);
free_map:
    ss_countmap_free(&map);
    ss_countmap_free(&lmap);
    free(lines);
    return st;
}

/* See bayes.h. */
bool
ss_model_combiner(const ss_model *model,
                  double *weights,
                  double *spam_cutoff,
                  double *ham_cutoff)
{
    if (!model || !model->p.has_combiner)
        return false;
    if (weights)
        memcpy(weights, model->p.weights, sizeof model->p.weights);
    if (spam_cutoff)
        *spam_cutoff = model->p.spam_cutoff;
    if (ham_cutoff)
        *ham_cutoff = model->p.ham_cutoff;
    return true;
}
