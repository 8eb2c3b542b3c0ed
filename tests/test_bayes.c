/*
 * test_bayes.c - Robinson's f(w), Fisher's chi-square combining and the
 * block-level promo-headline findings, on tiny models whose values are
 * worked out by hand in the comments.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "bayes.h"
#include "evidence.h"
#include "score.h"
#include "model.h"
#include "tokenize.h"

static ss_model_tok
tok(const char *text, uint32_t spam, uint32_t ham, uint32_t bspam,
    uint32_t bham)
{
    ss_model_tok t = {ss_token_hash(text, strlen(text)), spam, ham, bspam,
                      bham, text, (uint32_t)strlen(text)};
    return t;
}

static ss_model *
make_model(ss_model_params *p, ss_model_tok *v, size_t n)
{
    unsigned char *img;
    size_t len;
    ss_model *m = NULL;
    cr_assert_eq(ss_model_serialize(p, v, n, &img, &len), SS_OK);
    cr_assert_eq(ss_model_from_buffer(img, len, true, "test", &m, NULL, 0),
                 SS_OK);
    return m;
}

static ss_model_params
params(double s, double x, double min_dev)
{
    ss_model_params p;
    ss_model_params_default(&p);
    p.robs = s;
    p.robx = x;
    p.min_dev = min_dev;
    p.n_spam = 10;
    p.n_ham = 10;
    return p;
}

Test(bayes, robinson_token_probability)
{
    ss_model_params p = params(1.0, 0.5, 0.1);
    /* p(w) = (3/10) / (3/10 + 1/10) = 0.75; n = 4;
     * f = (1*0.5 + 4*0.75) / (1 + 4) = 3.5 / 5 = 0.7 */
    cr_assert_float_eq(ss_bayes_token_prob(&p, 3, 1, false), 0.7, 1e-12);
    /* Doc counts normalise: 2 of 5 spam vs 2 of 20 ham -> p = 0.8;
     * f = (0.5 + 4*0.8) / 5 = 0.74 */
    p.n_spam = 5;
    p.n_ham = 20;
    cr_assert_float_eq(ss_bayes_token_prob(&p, 2, 2, false), 0.74, 1e-12);
    /* Unseen: the prior x. */
    cr_assert_float_eq(ss_bayes_token_prob(&p, 0, 0, false), 0.5, 1e-12);
}

Test(bayes, inverse_chi_square)
{
    /* 2 degrees of freedom: e^(-x/2). 4 dof: e^(-x/2) (1 + x/2). */
    cr_assert_float_eq(ss_bayes_chi2q(3.0, 1), exp(-1.5), 1e-12);
    cr_assert_float_eq(ss_bayes_chi2q(4.0, 2), 3 * exp(-2.0), 1e-12);
    cr_assert_float_eq(ss_bayes_chi2q(0.0, 7), 1.0, 1e-12);
    /* Huge arguments must not overflow into NaN. */
    double q = ss_bayes_chi2q(1e5, 40000);
    cr_assert(q >= 0 && q <= 1 && !isnan(q));
    cr_assert_lt(ss_bayes_chi2q(2000.0, 10), 1e-300 + 1e-300);
}

Test(bayes, fisher_combining_by_hand)
{
    ss_model_params p = params(1.0, 0.5, 0.1);
    ss_model_tok v[] = {tok("cheap", 3, 1, 0, 0), tok("pills", 3, 1, 0, 0),
                        tok("lunch", 0, 0, 0, 0)};
    ss_model *m = make_model(&p, v, 3);
    uint64_t one[] = {ss_token_hash("cheap", 5)};
    /* One token: H = e^(ln f) = f, S = 1 - f, I = (1 + f - (1-f))/2 = f. */
    cr_assert_float_eq(ss_bayes_prob(m, one, 1, false, NULL, 0, NULL), 0.7,
                       1e-9);
    /* Two tokens of f = 0.7: m1 = -2 ln 0.7 / 2... H = 0.49 (1 - 2 ln 0.7)
     * = 0.839541, S = 0.09 (1 - 2 ln 0.3) = 0.306715,
     * I = (1 + 0.839541 - 0.306715) / 2 = 0.766413 */
    uint64_t two[] = {ss_token_hash("cheap", 5), ss_token_hash("pills", 5)};
    cr_assert_float_eq(ss_bayes_prob(m, two, 2, false, NULL, 0, NULL),
                       0.7664131701, 1e-9);
    ss_model_free(m);
}

Test(bayes, min_dev_and_unknown_tokens_are_neutral)
{
    ss_model_params p = params(1.0, 0.5, 0.1);
    /* f = (0.5 + 2*0.5)/3 = 0.5: inside min_dev, ignored -> 0.5 */
    ss_model_tok v[] = {tok("weather", 1, 1, 0, 0)};
    ss_model *m = make_model(&p, v, 1);
    uint64_t h[] = {ss_token_hash("weather", 7), ss_token_hash("zzz", 3)};
    cr_assert_float_eq(ss_bayes_prob(m, h, 2, false, NULL, 0, NULL), 0.5,
                       1e-12);
    cr_assert_float_eq(ss_bayes_prob(NULL, h, 2, false, NULL, 0, NULL), 0.5,
                       1e-12);
    ss_model_free(m);
}

Test(bayes, ham_tokens_pull_below_half)
{
    ss_model_params p = params(1.0, 0.5, 0.1);
    ss_model_tok v[] = {tok("minutes", 0, 8, 0, 0), tok("council", 0, 6, 0, 0)};
    ss_model *m = make_model(&p, v, 2);
    uint64_t h[] = {ss_token_hash("minutes", 7), ss_token_hash("council", 7)};
    cr_assert_lt(ss_bayes_prob(m, h, 2, false, NULL, 0, NULL), 0.05);
    ss_model_free(m);
}

/* A page: an article paragraph and a "Related" widget with two items. */
static void
make_page(ss_page *page, ss_block *b, ss_widget *w)
{
    static const char *texts[] = {
        "The council met on Tuesday to discuss the river footbridge budget "
        "and the harbor lane plan for next year and many other things too",
        "Related",
        "Cyclists welcome new lane on harbor road",
        "Orla Penhallow: perfect strategy, stable and safe!"};
    memset(b, 0, 4 * sizeof *b);
    for (int i = 0; i < 4; i++) {
        b[i].text = texts[i];
        b[i].len = (uint32_t)strlen(texts[i]);
        b[i].n_words = i == 0 ? 30 : 6;
        b[i].widget = i == 0 ? SS_NONE : 0;
        b[i].flags = i == 0 ? SS_BLK_PARA : i == 1 ? SS_BLK_HEADING
                                                   : SS_BLK_LISTITEM;
    }
    w->heading = 1;
    w->first = 2;
    w->n_items = 2;
    w->link_share = 1;
    memset(page, 0, sizeof *page);
    page->title = "";
    page->blocks = b;
    page->n_blocks = 4;
    page->widgets = w;
    page->n_widgets = 1;
    page->title_block = SS_NONE;
    page->main_first = 0;
}

Test(bayes, promo_headline_in_a_widget_becomes_a_finding)
{
    ss_model_params p = params(1.0, 0.5, 0.1);
    p.n_bspam = 10;
    p.n_bham = 40;
    p.block_cutoff = 0.9;
    ss_model_tok v[] = {tok("strategy", 1, 1, 9, 0), tok("stable", 1, 1, 8, 0),
                        tok("safe", 1, 1, 9, 1), tok("harbor", 1, 5, 0, 12),
                        tok("lane", 0, 3, 0, 9)};
    ss_model *m = make_model(&p, v, 5);
    ss_config cfg;
    ss_config_default(&cfg);
    ss_arena a;
    ss_arena_init(&a, 0);
    ss_page page;
    ss_block b[4];
    ss_widget w;
    make_page(&page, b, &w);
    ss_evidence ev;
    ss_evidence_init(&ev, &a);
    ss_bayes_out out;
    cr_assert_eq(ss_bayes_score(m, &cfg, &a, &page, &ev, &out), SS_OK);
    cr_assert_eq(out.block_max_idx, 3);
    cr_assert_eq(out.limits, 0);
    cr_assert_gt(out.block_max, 0.9);
    cr_assert_eq(ev.n, 1, "only the promo item is flagged");
    cr_assert_eq(ev.items[0].kind, SS_FLAG_PROMO_HEADLINE);
    cr_assert_eq(ev.items[0].block, 3);
    cr_assert(ev.items[0].drop_block);
    cr_assert_str_eq(ev.items[0].text, b[3].text);
    cr_assert_eq(strncmp(ev.items[0].reasons[0], "bayes 0.9", 9), 0, "%s",
                 ev.items[0].reasons[0]);
    cr_assert(strstr(ev.items[0].reasons[0], "strategy"), "%s",
              ev.items[0].reasons[0]);

    /* An existing finding on the block is reinforced, not duplicated. */
    ss_arena_reset(&a);
    ss_evidence_init(&ev, &a);
    ss_finding f;
    memset(&f, 0, sizeof f);
    f.kind = SS_FLAG_JUNK_WIDGET;
    f.block = 1;
    f.drop_block = true;
    f.n_blocks = 3;
    f.reasons[0] = "widget-heading";
    f.n_reasons = 1;
    ss_evidence_add(&ev, &f);
    cr_assert_eq(ss_bayes_score(m, &cfg, &a, &page, &ev, &out), SS_OK);
    cr_assert_eq(ev.n, 1);
    cr_assert_eq(ev.items[0].n_reasons, 2);
    ss_arena_free(&a);
    ss_model_free(m);
}

/* One- to three-word items ("Reddit", "ECG app") are never called promotions
 * on block evidence alone, however spammy their one token looks. */
Test(bayes, short_items_are_not_promo_headlines)
{
    ss_model_params p = params(1.0, 0.5, 0.1);
    p.n_bspam = 10;
    p.n_bham = 40;
    p.block_cutoff = 0.9;
    ss_model_tok v[] = {tok("strategy", 1, 1, 9, 0), tok("stable", 1, 1, 8, 0),
                        tok("safe", 1, 1, 9, 1)};
    ss_model *m = make_model(&p, v, 3);
    ss_config cfg;
    ss_config_default(&cfg);
    ss_arena a;
    ss_arena_init(&a, 0);
    ss_page page;
    ss_block b[4];
    ss_widget w;
    make_page(&page, b, &w);
    b[3].text = "Stable strategy";
    b[3].len = (uint32_t)strlen(b[3].text);
    b[3].n_words = 2;
    ss_evidence ev;
    ss_evidence_init(&ev, &a);
    ss_bayes_out out;
    cr_assert_eq(ss_bayes_score(m, &cfg, &a, &page, &ev, &out), SS_OK);
    cr_assert_gt(out.block_max, 0.9, "the block is still scored");
    cr_assert_eq(ev.n, 0, "but a two-word item is not a promotion");
    ss_arena_free(&a);
    ss_model_free(m);
}

Test(bayes, no_model_is_neutral)
{
    ss_config cfg;
    ss_config_default(&cfg);
    ss_arena a;
    ss_arena_init(&a, 0);
    ss_page page;
    ss_block b[4];
    ss_widget w;
    make_page(&page, b, &w);
    ss_evidence ev;
    ss_evidence_init(&ev, &a);
    ss_bayes_out out;
    cr_assert_eq(ss_bayes_score(NULL, &cfg, &a, &page, &ev, &out), SS_OK);
    cr_assert_float_eq(out.page_prob, 0.5, 1e-12);
    cr_assert_float_eq(out.block_max, 0.5, 1e-12);
    cr_assert_eq(ev.n, 0);
    double wts[SS_FEAT_COUNT], sc, hc;
    cr_assert_not(ss_model_combiner(NULL, wts, &sc, &hc));
    ss_arena_free(&a);
}

Test(bayes, token_cap_is_reported_to_the_caller)
{
    ss_model_params p = params(1.0, 0.5, 0.1);
    ss_model_tok v[] = {tok("harbor", 1, 5, 0, 0)};
    ss_model *m = make_model(&p, v, 1);
    ss_config cfg;
    ss_config_default(&cfg);
    cfg.max_tokens = 4;
    ss_arena a;
    ss_arena_init(&a, 0);
    ss_page page;
    ss_block b[4];
    ss_widget w;
    make_page(&page, b, &w);
    ss_evidence ev;
    ss_evidence_init(&ev, &a);
    ss_bayes_out out;
    cr_assert_eq(ss_bayes_score(m, &cfg, &a, &page, &ev, &out), SS_OK);
    cr_assert(out.limits & SS_LIMIT_TOKENS);
    ss_arena_free(&a);
    ss_model_free(m);
}

/* A clear injection found by a rule or a detector is enough on its own: the
 * page score never falls below it (from SS_FINDING_FLOOR_MIN up), whatever
 * the combiner makes of the rest. A finding of block-level naive Bayes alone
 * does not count, nor does a widget or a weak finding. */
Test(bayes, a_clear_structural_injection_sets_a_floor_on_the_page_score)
{
    ss_arena a;
    ss_arena_init(&a, 0);
    ss_evidence ev;
    ss_evidence_init(&ev, &a);
    double w[SS_FEAT_COUNT] = {[SS_FEAT_BIAS] = -4.0, [SS_FEAT_BRAND] = 1.0,
                               [SS_FEAT_PROMO] = 1.0};
    ss_finding f;
    memset(&f, 0, sizeof f);
    f.kind = SS_FLAG_PROMO_HEADLINE;
    f.block = 2;
    f.score = 0.97;
    f.from_bayes = true; /* naive Bayes alone */
    ss_evidence_add(&ev, &f);
    f.kind = SS_FLAG_JUNK_WIDGET; /* not an injection of text */
    f.from_bayes = false;
    ss_evidence_add(&ev, &f);
    ss_evidence_features(&ev, 0.5, 0.5, 0);
    cr_assert_eq(ev.floor, 0.0);
    double combined = ss_combine(w, ev.feat);
    cr_assert_lt(combined, 0.1);
    cr_assert_eq(ss_page_score(w, ev.feat, ev.floor), combined);

    f.kind = SS_FLAG_INJECTED_BRAND; /* a detector's brand splice */
    f.score = 0.72;
    ss_evidence_add(&ev, &f);
    ss_evidence_features(&ev, 0.5, 0.5, 0);
    cr_assert_float_eq(ev.floor, 0.72, 1e-12);
    cr_assert_float_eq(ss_page_score(w, ev.feat, ev.floor), 0.72, 1e-12);

    /* Below SS_FINDING_FLOOR_MIN the combiner decides alone. */
    cr_assert_eq(ss_page_score(w, ev.feat, SS_FINDING_FLOOR_MIN - 0.01),
                 ss_combine(w, ev.feat));
    /* A higher combined score is kept. */
    double high[SS_FEAT_COUNT] = {[SS_FEAT_BIAS] = 5.0};
    cr_assert_gt(ss_page_score(high, ev.feat, ev.floor), 0.99);
    ss_arena_free(&a);
}
