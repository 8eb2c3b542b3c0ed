/*
 * span_decide.c - the decision of the learned span stage (span.h): each
 * candidate's probability under its kind's weights against the kind's
 * cut-off and flag cut-off, and for those that pass, the finding it
 * becomes (the splice, the title's prefix or suffix cut with its
 * separator, a promotional line), with the reason that names the three
 * features that pushed hardest. The early kinds are decided after the
 * detectors, promotional headlines after naive Bayes (ss_span_decide_late).
 * The candidates and their features are span.c.
 */
#include "span.h"

#ifdef SS_SPAN_DEBUG
#include <stdlib.h> /* getenv */
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "detect_util.h"

/* Reason (static) for an emitted splice of shape s. */
static const char *
shape_reason(unsigned s)
{
    switch (s) {
    case SS_SHAPE_GLUED_BEFORE: return "brand-glued-to-previous-word";
    case SS_SHAPE_GLUED_AFTER: return "brand-glued-to-next-word";
    case SS_SHAPE_AFTER_COMMA: return "brand-after-comma-without-space";
    case SS_SHAPE_PARA_COLON: return "brand-colon-opens-paragraph";
    case SS_SHAPE_PARA_OPEN: return "brand-before-a-sentence";
    case SS_SHAPE_SENTENCE_END: return "brand-closes-sentence";
    case SS_SHAPE_BETWEEN_LOWER: return "brand-between-lower-case-words";
    case SS_SHAPE_HEADING: return "brand-alone-in-heading";
    case SS_SHAPE_BYLINE: return "brand-byline-line";
    case SS_SHAPE_ITEM_PREFIX: return "brand-prefixes-list-item";
    default: return "brand";
    }
}

/* "span 0.97: glued-before +2.1, seam-bridge +1.3": p and the three
 * features that pushed hardest towards it (arena string, or NULL). */
static const char *
span_reason(ss_arena *a,
            const ss_span_weights *w,
            const ss_span_cand *c)
{
    unsigned top[3] = {0, 0, 0};
    double val[3] = {0, 0, 0};
    /* i == SS_SPAN_FEAT_COUNT: the trees, together ("trees +1.2") */
    for (unsigned i = 1; i <= SS_SPAN_FEAT_COUNT; i++) {
        double v = i < SS_SPAN_FEAT_COUNT ? w->w[i] * c->x[i] : ss_span_trees(w, c->x);
        for (unsigned k = 0; k < 3; k++)
            if (v > val[k]) {
                for (unsigned m = 2; m > k; m--) {
                    val[m] = val[m - 1];
                    top[m] = top[m - 1];
                }
                val[k] = v;
                top[k] = i;
                break;
            }
    }
    char buf[160];
    int o = snprintf(buf, sizeof buf, "span %.2f:", c->p);
    for (unsigned k = 0; k < 3 && val[k] > 0.05 && o > 0 && (size_t)o < sizeof buf; k++)
        o += snprintf(buf + o, sizeof buf - (size_t)o, "%s %s %+.1f", k ? "," : "",
                      top[k] < SS_SPAN_FEAT_COUNT ? ss_span_feat_name(top[k]) : "trees",
                      val[k]);
    return ss_arena_strndup(a, buf, strlen(buf));
}

/* Length of the title separator character starting at t[i] (' ', ':',
 * '|', '-', '/'; an en or em dash, a double angle quote, a no-break
 * space), 0 when there is none: whole characters only, so that a cut never
 * splits one ("\u201d" shares its first two bytes with the dashes). */
static size_t
sep_at(const char *t,
       size_t i)
{
    const unsigned char *u = (const unsigned char *)t + i;
    if (u[0] == ' ' || u[0] == ':' || u[0] == '|' || u[0] == '-' || u[0] == '/')
        return 1;
    if (u[0] == 0xC2 && (u[1] == 0xBB || u[1] == 0xA0))
        return 2;
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94))
        return 3;
    return 0;
}

/* Length of the title separator character that ends at t[a] (before
 * byte a), 0 when there is none. */
static size_t
sep_before(const char *t,
           size_t a)
{
    for (size_t k = 1; k <= 3 && k <= a; k++)
        if (sep_at(t, a - k) == k)
            return k;
    return 0;
}

/* The bytes [*s,*e) of title string t that cutting the prefix or suffix
 * phrase c out of it removes, with its separator; false when t does not
 * start (prefix) or end (suffix) with it. */
static bool
title_cut(const char *t,
          const ss_span_cand *c,
          size_t *s,
          size_t *e)
{
    if (!t)
        return false;
    size_t len = strlen(t);
    if (len <= c->len + 1)
        return false;
    if ((c->title_pos & SS_TITLE_PREFIX) && memcmp(t, c->text, c->len) == 0 &&
        sep_at(t, c->len)) {
        size_t z = c->len, k;
        while (z < len && z < c->len + 8 && (k = sep_at(t, z)) != 0)
            z += k;
        *s = 0;
        *e = z;
        return z < len;
    }
    if ((c->title_pos & SS_TITLE_SUFFIX) && memcmp(t + len - c->len, c->text, c->len) == 0 &&
        sep_before(t, len - c->len)) {
        size_t a = len - c->len, k;
        while (a > 0 && a + 8 > len - c->len && (k = sep_before(t, a)) != 0)
            a -= k;
        *s = a;
        *e = len;
        return a > 0;
    }
    return false;
}

/* Emit the title cuts of title candidate c at score p: the title and the
 * headline block (flag-only findings when flag_only). */
static ss_status
emit_title(const ss_page *page,
           ss_evidence *ev,
           size_t ci,
           const char *reason,
           bool flag_only)
{
    ss_span_cand *c = &ev->cands[ci];
    for (unsigned k = 0; k < 2; k++) {
        uint32_t b = k ? page->title_block : SS_TARGET_TITLE;
        if (k && b >= page->n_blocks)
            continue;
        const char *t = k ? page->blocks[b].text : page->title;
        size_t s, e;
        if (!title_cut(t, c, &s, &e))
            continue;
        ss_finding f;
        det_finding_init(&f, c->kind, SS_WHERE_TITLE, b, c->p);
        f.start = (uint32_t)s;
        f.end = (uint32_t)e;
        f.text = c->text;
        f.cand = (uint32_t)ci + 1;
        f.flag_only = flag_only;
        ss_finding *st = ss_evidence_add(ev, &f);
        if (!st)
            return SS_ERR_NOMEM;
        ss_evidence_add_reason(st, (c->title_pos & SS_TITLE_PREFIX) ? "title-prefix" : "title-suffix");
        ss_evidence_add_reason(st, reason);
    }
    return SS_OK;
}

/* Emit the splices of candidate c (no detector made them) at score p
 * (flag-only findings when flag_only: p is under the kind's cut-off). */
static ss_status
emit_cand(const ss_page *page,
          ss_evidence *ev,
          size_t ci,
          const char *reason,
          bool flag_only)
{
    ss_span_cand *c = &ev->cands[ci];
    if (c->kind == SS_FLAG_PROMO_HEADLINE && c->n_occ) {
        /* The whole line, as promo.c flags it. */
        uint32_t b = c->occ[0].block;
        const ss_block *blk = &page->blocks[b];
        ss_finding f;
        det_finding_init(&f, c->kind, blk->widget != SS_NONE ? SS_WHERE_WIDGET :
                                      blk->role == SS_ROLE_MAIN ? SS_WHERE_BODY : SS_WHERE_PAGE,
                         b, c->p > 0.99 ? 0.99 : c->p);
        f.start = 0;
        f.end = blk->len;
        f.drop_block = true;
        f.n_blocks = 1;
        f.text = blk->text;
        f.cand = (uint32_t)ci + 1;
        f.flag_only = flag_only;
        ss_finding *s = ss_evidence_add(ev, &f);
        if (!s)
            return SS_ERR_NOMEM;
        ss_evidence_add_reason(s, "promo-headline-learned");
        ss_evidence_add_reason(s, reason);
        return SS_OK;
    }
    for (unsigned k = 0; k < c->n_occ; k++) {
        const ss_span_occ *o = &c->occ[k];
        const ss_block *blk = &page->blocks[o->block];
        ss_finding f;
        det_finding_init(&f, c->kind, blk->widget != SS_NONE ? SS_WHERE_WIDGET : SS_WHERE_BODY,
                         o->block, c->p);
        f.start = o->start;
        f.end = o->end;
        if (o->shape == SS_SHAPE_HEADING || o->shape == SS_SHAPE_BYLINE) {
            f.drop_block = true;
            f.n_blocks = 1;
        }
        f.text = c->text;
        f.cand = (uint32_t)ci + 1;
        f.flag_only = flag_only;
        ss_finding *s = ss_evidence_add(ev, &f);
        if (!s)
            return SS_ERR_NOMEM;
        ss_evidence_add_reason(s, shape_reason(o->shape));
        ss_evidence_add_reason(s, reason);
    }
    if (c->title_pos)
        return emit_title(page, ev, ci, reason, flag_only);
    return SS_OK;
}

/* Is kind decided after naive Bayes (its features need the block
 * probabilities)? */
static bool
late_kind(ss_flag_kind kind)
{
    return kind == SS_FLAG_PROMO_HEADLINE;
}

/* The highest probability of a decided brand candidate that prefixes a
 * list item in block b (an occurrence of shape item-prefix there). */
static double
prefix_brand_p(const ss_evidence *ev,
               uint32_t b)
{
    double best = 0;
    for (size_t i = 0; i < ev->n_cands; i++) {
        const ss_span_cand *c = &ev->cands[i];
        if (c->kind != SS_FLAG_INJECTED_BRAND || c->p <= best)
            continue;
        for (unsigned k = 0; k < c->n_occ; k++)
            if (c->occ[k].block == b && c->occ[k].shape == SS_SHAPE_ITEM_PREFIX) {
                best = c->p;
                break;
            }
    }
    return best;
}

/* Apply the decision on candidate ci (probability p, reason) to the
 * findings a detector made of it, among the first n of ev: withdrawn
 * (text NULL, removed by the caller) below flag_cut, else scored p and
 * flag-only when flag_only. */
static void
decide_findings(ss_evidence *ev,
                size_t n,
                size_t ci,
                double flag_cut,
                bool flag_only,
                const char *reason)
{
    double p = ev->cands[ci].p;
    for (size_t i = 0; i < n; i++) {
        ss_finding *f = &ev->items[i];
        if (f->cand != ci + 1)
            continue;
        if (p < flag_cut) {
            f->text = NULL;
            continue;
        }
        f->score = p > 0.99 ? 0.99 : p;
        f->flag_only = flag_only;
        ss_evidence_add_reason(f, reason);
    }
}

/* Decide the candidates of the early (late false) or late kinds. */
static ss_status
decide(const ss_page *page,
       ss_evidence *ev,
       ss_arena *a,
       const ss_span_weights *weights,
       ss_ham_count_fn ham_count,
       const void *ud,
       double n_ham,
       bool late)
{
    if (!weights || !ev->n_cands)
        return SS_OK;
    size_t n_before = ev->n;
    for (size_t ci = 0; ci < ev->n_cands; ci++) {
        ss_span_cand *c = &ev->cands[ci];
        const ss_span_weights *w = &weights[c->kind];
        if (!w->fitted || late_kind(c->kind) != late)
            continue;
        ss_span_seam_features(c, ham_count, ud, n_ham);
        if (c->kind == SS_FLAG_PROMO_HEADLINE && c->n_occ)
            c->x[SS_SPAN_PREFIX_BRAND] = prefix_brand_p(ev, c->occ[0].block);
        c->p = ss_span_prob(w, c->x);
        /* A list item whose prefix is a flagged brand was written by the
         * injector whole: no site prefixes its own items with a coined
         * name. It is a promotional line whatever its words. */
        const ss_span_weights *wb = &weights[SS_FLAG_INJECTED_BRAND];
        bool by_prefix = c->kind == SS_FLAG_PROMO_HEADLINE && wb->fitted &&
                         c->x[SS_SPAN_PREFIX_BRAND] >= wb->cutoff && c->p < w->cutoff;
        if (by_prefix)
            c->p = c->x[SS_SPAN_PREFIX_BRAND] > w->cutoff ? c->x[SS_SPAN_PREFIX_BRAND] : w->cutoff;
        double flag_cut = ss_span_flag_cut(w);
#ifdef SS_SPAN_DEBUG
        /* A debug build (-DSS_SPAN_DEBUG) with SS_SPANS set lists every
         * decided candidate: kind, probability, cut-off, text, and its
         * features other than 0 ("title-prefix=1 words=0.5"). */
        if (getenv("SS_SPANS")) {
            fprintf(stderr, "SPAN\t%s\t%.5f\t%.5f\t%.*s\t", ss_flag_kind_name(c->kind), c->p,
                    w->cutoff, (int)c->len, c->text);
            ss_span_debug_features(stderr, c->x);
        }
#endif
        if (c->p < flag_cut && !c->has_finding)
            continue;
        /* Between the two cut-offs: reported, not scored (span.h). */
        bool flag_only = c->p < w->cutoff;
        const char *reason = by_prefix ? "prefix-brand-flagged" :
                             c->p >= flag_cut ? span_reason(a, w, c) : NULL;
        if (c->has_finding) {
            decide_findings(ev, n_before, ci, flag_cut, flag_only, reason);
        } else {
            ss_status st = emit_cand(page, ev, ci, reason, flag_only);
            if (st != SS_OK)
                return st;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->items[i].text || !ev->items[i].cand)
            ev->items[k++] = ev->items[i];
    ev->n = k;
    return SS_OK;
}

ss_status
ss_span_decide(const ss_page *page,
               ss_evidence *ev,
               ss_arena *a,
               const ss_span_weights *weights,
               ss_ham_count_fn ham_count,
               const void *ud,
               double n_ham)
{
    return decide(page, ev, a, weights, ham_count, ud, n_ham, false);
}

ss_status
ss_span_decide_late(const ss_page *page,
                    ss_evidence *ev,
                    ss_arena *a,
                    const ss_span_weights *weights)
{
    return decide(page, ev, a, weights, NULL, NULL, 0, true);
}
