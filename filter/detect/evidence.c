/*
 * evidence.c - the findings list of one page and the feature vector the
 * calibrated combiner works on (see evidence.h).
 */
#include "evidence.h"
#include "span.h"

#include <math.h>
#include <string.h>

void
ss_evidence_init(ss_evidence *ev, ss_arena *a)
{
    memset(ev, 0, sizeof *ev);
    ev->arena = a;
}

ss_finding *
ss_evidence_add(ss_evidence *ev, const ss_finding *f)
{
    if (ev->n == ev->cap) {
        size_t ncap = ev->cap ? ev->cap * 2 : 16;
        ss_finding *items = ss_arena_realloc(ev->arena, ev->items,
                                             ev->cap * sizeof *items,
                                             ncap * sizeof *items);
        if (!items)
            return NULL;
        ev->items = items;
        ev->cap = ncap;
    }
    ev->items[ev->n] = *f;
    return &ev->items[ev->n++];
}

void
ss_evidence_add_reason(ss_finding *f, const char *reason)
{
    if (!reason || f->n_reasons >= SS_MAX_REASONS)
        return;
    for (unsigned i = 0; i < f->n_reasons; i++)
        if (strcmp(f->reasons[i], reason) == 0)
            return;
    f->reasons[f->n_reasons++] = reason;
}

/* Map a probability to a bounded logit, so the combiner sees evidence from
 * naive Bayes on a fixed scale (about -1..1). The clamp at 1e-12 keeps the
 * ranking among confident pages, which a coarser clamp would flatten. */
static double
bounded_logit(double p)
{
    if (p < 1e-12)
        p = 1e-12;
    if (p > 1 - 1e-12)
        p = 1 - 1e-12;
    return log(p / (1 - p)) / log(1e12);
}

double
ss_evidence_cand_feature(double p)
{
    if (!(p >= 0))
        return 0;
    if (p < 1e-6)
        p = 1e-6;
    if (p > 1 - 1e-6)
        p = 1 - 1e-6;
    double z = log(p / (1 - p));
    z = z > 8 ? 8 : z < -8 ? -8 : z;
    return (z + 8) / 16;
}

const char *
ss_feature_name(unsigned i)
{
    static const char *const names[SS_FEAT_COUNT] = {
        "bias", "bayes", "bayes_block_max", "brand", "site_slogan", "promo",
        "widget", "rules", "n_brand_splices", "link_injection", "bayes_inject",
        "span_brand", "span_promo", "any_injection"};
    return i < SS_FEAT_COUNT ? names[i] : "?";
}

void
ss_evidence_features(ss_evidence *ev,
                     double bayes_page,
                     double bayes_block_max,
                     double bayes_inject)
{
    double *x = ev->feat;
    memset(x, 0, sizeof ev->feat);
    x[SS_FEAT_BIAS] = 1.0;
    x[SS_FEAT_BAYES] = bounded_logit(bayes_page);
    x[SS_FEAT_BAYES_BLOCK_MAX] = bounded_logit(bayes_block_max);
    x[SS_FEAT_BAYES_INJECT] = bayes_inject;
    double pb = -1, pp = -1;
    for (size_t i = 0; i < ev->n_cands; i++) {
        const ss_span_cand *c = &ev->cands[i];
        if (c->kind == SS_FLAG_INJECTED_BRAND && c->p > pb)
            pb = c->p;
        else if (c->kind == SS_FLAG_PROMO_HEADLINE && c->p > pp)
            pp = c->p;
    }
    x[SS_FEAT_SPAN_BRAND] = ss_evidence_cand_feature(pb);
    x[SS_FEAT_SPAN_PROMO] = ss_evidence_cand_feature(pp);
    unsigned splices = 0;
    ev->floor = 0;
    for (size_t i = 0; i < ev->n; i++) {
        const ss_finding *f = &ev->items[i];
        if (f->flag_only)
            continue;
        int k = -1;
        bool injected = f->kind == SS_FLAG_INJECTED_BRAND ||
                        f->kind == SS_FLAG_PROMO_HEADLINE ||
                        f->kind == SS_FLAG_SITE_NAME ||
                        f->kind == SS_FLAG_LINK_INJECTION;
        if (injected && !f->from_bayes && f->score > ev->floor)
            ev->floor = f->score;
        bool any = injected || f->kind == SS_FLAG_SLOGAN ||
                   f->kind == SS_FLAG_JUNK_WIDGET;
        if (any && !f->from_bayes && f->score > x[SS_FEAT_ANY_INJECTION])
            x[SS_FEAT_ANY_INJECTION] = f->score;
        switch (f->kind) {
        case SS_FLAG_INJECTED_BRAND:
            k = SS_FEAT_BRAND;
            if (f->where == SS_WHERE_BODY)
                splices++;
            break;
        case SS_FLAG_SITE_NAME:
        case SS_FLAG_SLOGAN: k = SS_FEAT_SITE_SLOGAN; break;
        case SS_FLAG_PROMO_HEADLINE: k = SS_FEAT_PROMO; break;
        case SS_FLAG_JUNK_WIDGET: k = SS_FEAT_WIDGET; break;
        case SS_FLAG_LINK_INJECTION: k = SS_FEAT_LINK_INJECTION; break;
        default: break;
        }
        if (k >= 0 && f->score > x[k])
            x[k] = f->score;
    }
    if (splices > 5)
        splices = 5;
    x[SS_FEAT_N_BRAND_SPLICES] = splices / 5.0;
    /* Squash the rule weight sum: 1 - exp(-s) for positive evidence,
     * negative sums (ham rules) map to negative values. */
    double s = ev->rule_weight_sum;
    x[SS_FEAT_RULES] = s >= 0 ? 1 - exp(-s) : -(1 - exp(s));
}
