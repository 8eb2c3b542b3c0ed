/*
 * evidence.h - findings produced by the scorers (rules, detectors, naive
 * Bayes) for one page, and the feature vector they feed to the combiner.
 *
 * A finding names what was found (kind, where, exact text), how strongly,
 * why (reasons), and what --clean must do about it: delete a byte span of a
 * block (a spliced brand) or drop whole blocks (a widget, a promo headline).
 *
 * Contract: findings, their text and reasons live in the page arena and are
 * invalid after the next arena reset. Reason strings passed to
 * ss_evidence_add_reason() must outlive the page (static, rule-set owned, or
 * arena-allocated).
 */
#ifndef SS_EVIDENCE_H
#define SS_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "page.h"
#include "spamscore.h"

#define SS_MAX_REASONS 8

/* Target of a finding's span: a block, or the <title>/og:title strings. */
#define SS_TARGET_TITLE ((uint32_t)0xFFFFFFFEu)

typedef struct ss_finding {
    ss_flag_kind kind;
    ss_where where;
    uint32_t block;       /* block index, SS_TARGET_TITLE, or SS_NONE */
    uint32_t start, end;  /* byte span in the target text to delete; when
                             drop_block is set the whole block goes */
    bool drop_block;      /* --clean drops blocks block..block+n_blocks-1 */
    uint32_t n_blocks;    /* blocks dropped (>= 1 when drop_block) */
    const char *text;     /* exact text as in the page */
    double score;         /* 0..1 */
    const char *reasons[SS_MAX_REASONS];
    unsigned n_reasons;
    bool from_bayes;      /* found by block-level naive Bayes alone (no
                             rule or detector saw it) */
    uint32_t cand;        /* its span candidate (span.h): index + 1 into
                             ss_evidence.cands, 0 for none */
    bool flag_only;       /* reported and cut, but not scored: its span
                             probability is between its kind's flag
                             cut-off and cut-off (span.h), and the page
                             features, floor and score leave it out */
} ss_finding;

struct ss_span_cand;

/*
 * Features of a page for the calibrated combiner (logistic regression).
 * The order is part of the model file format: append only.
 */
enum {
    SS_FEAT_BIAS = 0,        /* always 1 */
    SS_FEAT_BAYES,           /* page naive-Bayes probability, logit-scaled */
    SS_FEAT_BAYES_BLOCK_MAX, /* highest block-level naive-Bayes probability */
    SS_FEAT_BRAND,           /* max injected-brand finding score */
    SS_FEAT_SITE_SLOGAN,     /* max site-name / slogan finding score */
    SS_FEAT_PROMO,           /* max promo-headline finding score */
    SS_FEAT_WIDGET,          /* max junk-widget finding score */
    SS_FEAT_RULES,           /* sum of rule weights hit, squashed to 0..1 */
    SS_FEAT_N_BRAND_SPLICES, /* number of body splices, capped at 5, / 5 */
    SS_FEAT_LINK_INJECTION,  /* max link-injection finding score */
    SS_FEAT_BAYES_INJECT,    /* naive-Bayes evidence of injected text
                                (ss_bayes_inject), 0..1 */
    SS_FEAT_SPAN_BRAND,      /* highest learned probability of an
                                injected-brand candidate, flagged or not
                                (ss_evidence_cand_feature) */
    SS_FEAT_SPAN_PROMO,      /* the same for promo-headline candidates */
    SS_FEAT_ANY_INJECTION,   /* the strongest finding of any injected kind
                                (brand, site name, slogan, promo headline,
                                junk widget, link injection) that a rule or
                                a detector made: one weight that every
                                family of injection trains */
    SS_FEAT_COUNT
};

/* The name of feature i (SS_FEAT_*), as the model dump and -v print it. */
const char *ss_feature_name(unsigned i);

#define SS_EVIDENCE_PROPS_MAX 4

typedef struct ss_evidence {
    ss_arena *arena;
    ss_finding *items;
    size_t n, cap;
    double rule_weight_sum;     /* sum of weights of rules that matched */
    double feat[SS_FEAT_COUNT]; /* filled by ss_evidence_features() */
    double floor;               /* the strongest injected-brand, promo-headline,
                                   site-name or link-injection finding that a
                                   rule or a detector made (0 if none); filled
                                   by ss_evidence_features() */
    struct ss_span_cand *cands; /* span candidates (span.h), in the arena */
    size_t n_cands;
    /* Phrases a detector saw in an injected shape but did not flag (a
     * byline line naming a brand found nowhere else): the span stage
     * makes them candidates, and its weights decide. */
    struct {
        uint32_t block;
        uint32_t start, end;    /* the phrase in the block's text */
    } props[SS_EVIDENCE_PROPS_MAX];
    unsigned n_props;
    bool skip_spans;            /* set by the caller: no span candidates
                                   (the model has no span weights to
                                   decide them with) */
} ss_evidence;

/* Start an empty evidence list allocating from a. */
void ss_evidence_init(ss_evidence *ev, ss_arena *a);

/* Append a finding (copied); returns a pointer to the stored copy or NULL
 * when out of memory / over the cap. */
ss_finding *ss_evidence_add(ss_evidence *ev, const ss_finding *f);

/* Add a reason to a stored finding (ignored past SS_MAX_REASONS). */
void ss_evidence_add_reason(ss_finding *f, const char *reason);

/*
 * A page feature from the highest span probability p of a kind's
 * candidates (span.h; p < 0: no candidate was decided): a candidate below
 * its kind's cut-off makes no finding, but a page whose likeliest brand
 * candidate sits at 0.9 is still more suspect than one at 0.01. The logit
 * of p, clamped to +-8, mapped onto 0..1; 0 without a candidate.
 */
double ss_evidence_cand_feature(double p);

/* Compute ev->feat and ev->floor from the findings (but the flag-only
 * ones), the span candidates and the Bayes scores. */
void ss_evidence_features(ss_evidence *ev,
                          double bayes_page,
                          double bayes_block_max,
                          double bayes_inject);

#endif /* SS_EVIDENCE_H */
