/*
 * test_train.c - the trainer: determinism, --add, --unlearn, merge (all
 * compared through the model dump's token lines), calibration, and block
 * statistics learned from span labels.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bayes.h"
#include "model.h"
#include "spanfit.h"
#include "tokenize.h"
#include "spamscore.h"

#define MINI SS_TEST_DATA "/corpus-mini"

#define TEST_TMPDIR_NAME "train"
#include "test_tmpdir.h"

TestSuite(train, .init = tmpdir_setup, .fini = tmpdir_teardown);

/* Feed every document of corpus to tr. */
static void
feed(ss_trainer *tr, const char *corpus, bool unlearn)
{
    ss_corpus *c = NULL;
    char err[512] = "";
    cr_assert_eq(ss_corpus_open(corpus, &c, err, sizeof err), SS_OK, "%s",
                 err);
    for (;;) {
        const ss_corpus_doc *d = NULL;
        cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_OK, "%s", err);
        if (!d)
            break;
        err[0] = '\0';
        cr_assert_eq(ss_trainer_add(tr, d, unlearn, err, sizeof err), SS_OK,
                     "%s", err);
    }
    ss_corpus_free(c);
}

/* Train out from the corpora (NULL-terminated), optionally starting from
 * the model base. */
static void
train(const char *out, const char *base, bool unlearn, bool calibrate,
      const char *c1, const char *c2)
{
    ss_trainer *tr = NULL;
    char err[512] = "";
    cr_assert_eq(ss_trainer_create(NULL, NULL, &tr), SS_OK);
    if (base)
        cr_assert_eq(ss_trainer_load(tr, base, err, sizeof err), SS_OK, "%s",
                     err);
    feed(tr, c1, unlearn);
    if (c2)
        feed(tr, c2, unlearn);
    cr_assert_eq(ss_trainer_write(tr, out, calibrate, err, sizeof err), SS_OK,
                 "%s", err);
    ss_trainer_free(tr);
}

typedef struct text {
    char *s;
    size_t len, cap;
    bool header;
} text;

static int
collect(void *ud, const char *line, size_t len)
{
    text *t = ud;
    if (!t->header && line[0] == '#')
        return 0;
    if (t->len + len + 2 > t->cap) {
        t->cap = (t->len + len + 2) * 2;
        t->s = realloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, line, len);
    t->len += len;
    t->s[t->len++] = '\n';
    t->s[t->len] = '\0';
    return 0;
}

/* The dump of a model file: token lines only, or everything. */
static char *
dump(const char *path, bool header)
{
    ss_model *m = NULL;
    char err[512] = "";
    cr_assert_eq(ss_model_open(path, &m, err, sizeof err), SS_OK, "%s", err);
    text t = {.s = calloc(1, 1), .header = header};
    cr_assert_eq(ss_model_dump(m, collect, &t), SS_OK);
    ss_model_free(m);
    return t.s;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(*len + 1);
    cr_assert_eq(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

Test(train, same_corpus_gives_byte_identical_model)
{
    const char *a = path_in("1.model"), *b = path_in("2.model");
    train(a, NULL, false, true, MINI "/a.tsv", MINI "/b.tsv");
    train(b, NULL, false, true, MINI "/a.tsv", MINI "/b.tsv");
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    cr_assert_eq(la, lb);
    cr_assert_eq(memcmp(x, y, la), 0);
    free(x);
    free(y);
}

/* Preps in flight: three documents prepared before the first is
 * committed, committed in order, give the model ss_trainer_add gives; a
 * prep commits once. */
Test(train, prepared_documents_commit_in_order_like_add)
{
    enum { MAX_DOCS = 256, IN_FLIGHT = 3 };
    ss_corpus_doc docs[MAX_DOCS];
    size_t n = 0;
    ss_corpus *c = NULL;
    char err[512] = "";
    cr_assert_eq(ss_corpus_open(MINI "/a.tsv", &c, err, sizeof err), SS_OK);
    for (;;) {
        const ss_corpus_doc *d = NULL;
        cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_OK, "%s", err);
        if (!d)
            break;
        cr_assert_lt(n, MAX_DOCS);
        docs[n] = *d; /* label<TAB>text lines: no spans, site or families */
        docs[n].name = strdup(d->name);
        docs[n].data = strndup(d->data, d->len);
        n++;
    }
    ss_corpus_free(c);
    cr_assert_gt(n, IN_FLIGHT);

    ss_trainer *tr = NULL;
    ss_train_prep *p[IN_FLIGHT];
    cr_assert_eq(ss_trainer_create(NULL, NULL, &tr), SS_OK);
    for (int k = 0; k < IN_FLIGHT; k++)
        cr_assert_eq(ss_train_prep_create(tr, &p[k]), SS_OK);
    cr_assert_eq(ss_trainer_commit(tr, p[0], &docs[0], false, err, sizeof err),
                 SS_ERR_ARG, "nothing prepared yet");
    for (size_t i = 0; i < n + IN_FLIGHT; i++) {
        if (i >= IN_FLIGHT) { /* commit the oldest in flight */
            size_t j = i - IN_FLIGHT;
            cr_assert_eq(ss_trainer_commit(tr, p[j % IN_FLIGHT], &docs[j],
                                           false, err, sizeof err), SS_OK,
                         "%s", err);
            cr_assert_eq(ss_trainer_commit(tr, p[j % IN_FLIGHT], &docs[j],
                                           false, err, sizeof err), SS_ERR_ARG,
                         "a prepared document commits once");
        }
        if (i < n)
            cr_assert_eq(ss_train_prep_doc(p[i % IN_FLIGHT], &docs[i], err,
                                           sizeof err), SS_OK, "%s", err);
    }
    for (int k = 0; k < IN_FLIGHT; k++)
        ss_train_prep_free(p[k]);
    const char *a = path_in("prep.model"), *b = path_in("add.model");
    cr_assert_eq(ss_trainer_write(tr, a, true, err, sizeof err), SS_OK);
    ss_trainer_free(tr);
    train(b, NULL, false, true, MINI "/a.tsv", NULL);
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    cr_assert(la == lb && memcmp(x, y, la) == 0,
              "prepare + commit in order trains what add trains");
    free(x);
    free(y);
    for (size_t i = 0; i < n; i++) {
        free((char *)docs[i].name);
        free((char *)docs[i].data);
    }
}

Test(train, add_equals_training_together)
{
    const char *a = path_in("a.model"), *ab = path_in("ab.model");
    const char *both = path_in("both.model");
    train(a, NULL, false, true, MINI "/a.tsv", NULL);
    train(ab, a, false, false, MINI "/b.tsv", NULL);
    train(both, NULL, false, true, MINI "/a.tsv", MINI "/b.tsv");
    char *x = dump(ab, false), *y = dump(both, false);
    cr_assert_gt(strlen(x), 100);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
    /* --add without calibration keeps the loaded weights. */
    char *ha = dump(a, true), *hab = dump(ab, true);
    const char *wa = strstr(ha, "# weight bias"), *wab = strstr(hab,
                                                                "# weight bias");
    cr_assert(wa && wab);
    cr_assert_eq(strncmp(wa, wab, 40), 0);
    cr_assert(strstr(hab, "# documents spam 10 ham 10\n"), "%s", hab);
    free(ha);
    free(hab);
}

Test(train, unlearn_takes_documents_back_out)
{
    const char *a = path_in("a.model"), *both = path_in("both.model");
    const char *back = path_in("back.model");
    train(a, NULL, false, false, MINI "/a.tsv", NULL);
    train(both, NULL, false, false, MINI "/a.tsv", MINI "/b.tsv");
    train(back, both, true, false, MINI "/b.tsv", NULL);
    char *x = dump(back, false), *y = dump(a, false);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
    char *h = dump(back, true);
    cr_assert(strstr(h, "# documents spam 6 ham 6\n"), "%s", h);
    free(h);
}

Test(train, unlearning_unknown_documents_clamps_at_zero_and_says_so)
{
    ss_trainer *tr = NULL;
    char err[512] = "";
    cr_assert_eq(ss_trainer_create(NULL, NULL, &tr), SS_OK);
    ss_corpus_doc d = {.name = "x", .data = "free cash now", .len = 13,
                       .format = SS_FORMAT_TEXT, .label = 1};
    cr_assert_eq(ss_trainer_add(tr, &d, true, err, sizeof err), SS_OK);
    cr_assert(strstr(err, "already zero"), "%s", err);
    uint64_t s = 99, h = 99;
    ss_trainer_counts(tr, &s, &h);
    cr_assert_eq(s, 0);
    cr_assert_eq(h, 0);
    const char *out = path_in("z.model");
    cr_assert_eq(ss_trainer_write(tr, out, true, err, sizeof err), SS_OK);
    ss_trainer_free(tr);
    char *x = dump(out, true);
    cr_assert(strstr(x, "# tokens 0\n"), "%s", x);
    free(x);
}

Test(train, merge_of_shards_equals_training_together)
{
    const char *a = path_in("a.model"), *b = path_in("b.model");
    const char *m = path_in("m.model"), *both = path_in("both.model");
    train(a, NULL, false, true, MINI "/a.tsv", NULL);
    train(b, NULL, false, true, MINI "/b.tsv", NULL);
    train(both, NULL, false, true, MINI "/a.tsv", MINI "/b.tsv");
    const char *paths[] = {a, b};
    char err[512] = "";
    cr_assert_eq(ss_model_merge(paths, 2, m, err, sizeof err), SS_OK, "%s",
                 err);
    char *x = dump(m, false), *y = dump(both, false);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
}

/* Score text with a model file; returns the result's Bayes probability. */
static double
bayes_of(const char *model, const char *data, ss_format fmt,
         const ss_result **keep, ss_ctx **ctx_out, ss_scorer **sc_out,
         ss_model **m_out)
{
    ss_model *m = NULL;
    char err[512] = "";
    cr_assert_eq(ss_model_open(model, &m, err, sizeof err), SS_OK, "%s", err);
    ss_scorer *sc = NULL;
    ss_ctx *ctx = NULL;
    cr_assert_eq(ss_scorer_create(NULL, NULL, m, &sc), SS_OK);
    cr_assert_eq(ss_ctx_create(sc, &ctx), SS_OK);
    ss_doc_opts o = {.format = fmt};
    const ss_result *r = NULL;
    cr_assert_eq(ss_ctx_score(ctx, data, strlen(data), &o, &r), SS_OK, "%s",
                 ss_ctx_error(ctx));
    double p = r->bayes_score;
    if (keep) {
        *keep = r;
        *ctx_out = ctx;
        *sc_out = sc;
        *m_out = m;
    } else {
        ss_ctx_free(ctx);
        ss_scorer_free(sc);
        ss_model_free(m);
    }
    return p;
}

Test(train, learns_a_text_classifier_with_calibrated_cutoffs)
{
    const char *a = path_in("a.model");
    train(a, NULL, false, true, MINI "/a.tsv", MINI "/b.tsv");
    cr_assert_gt(bayes_of(a, "Claim your free cash prize, text WIN now",
                          SS_FORMAT_TEXT, NULL, NULL, NULL, NULL), 0.8);
    cr_assert_lt(bayes_of(a, "See you at lunch, the train is late",
                          SS_FORMAT_TEXT, NULL, NULL, NULL, NULL), 0.2);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(a, &m, NULL, 0), SS_OK);
    double w[SS_FEAT_COUNT], sc, hc;
    cr_assert(ss_model_combiner(m, w, &sc, &hc));
    cr_assert_gt(w[SS_FEAT_BAYES], 0, "Bayes evidence pushes towards spam");
    cr_assert_leq(hc, sc);
    cr_assert_geq(sc, 0.5);
    ss_model_free(m);
}

static const char new_page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>Council approves budget for new river footbridge</title></head>"
    "<body><article class=\"story\"><h1>Council approves budget for new river"
    " footbridge</h1><p>Officials said the work would begin in the autumn and"
    " take about a year.</p><p>Residents packed the hall for a meeting that "
    "lasted past midnight.</p></article><aside class=\"sidebar\"><section "
    "class=\"widget related\"><h3>Related</h3><ul>"
    "<li><a href=\"/a/1\">Cyclists welcome new lane on harbor road</a></li>"
    "<li><a href=\"/a/2\">Wren Tollard: The most stable 8080 strategy in "
    "history, perfect and safe!</a></li>"
    "<li><a href=\"/a/3\">Bakery marks fifty years on the same corner</a></li>"
    "<li><a href=\"/a/4\">Youth orchestra wins regional competition</a></li>"
    "</ul></section></aside></body></html>";

Test(train, span_labels_teach_block_level_promo_headlines)
{
    const char *p = path_in("pages.model");
    train(p, NULL, false, true, MINI "/pages", NULL);
    char *h = dump(p, true);
    cr_assert(strstr(h, "# blocks spam 8 "), "one spam block per span: %s", h);
    free(h);
    const ss_result *r = NULL;
    ss_ctx *ctx;
    ss_scorer *sc;
    ss_model *m;
    bayes_of(p, new_page, SS_FORMAT_HTML, &r, &ctx, &sc, &m);
    bool found = false;
    for (size_t i = 0; i < r->n_flags; i++) {
        const ss_flag *f = &r->flags[i];
        bool by_bayes = false;
        for (size_t k = 0; k < f->n_reasons; k++)
            by_bayes |= strncmp(f->reasons[k], "bayes ", 6) == 0;
        if (!by_bayes)
            continue;
        cr_assert(strstr(f->text, "Wren Tollard"), "flagged '%s'", f->text);
        found = true;
    }
    cr_assert(found, "the promotional headline is flagged by block Bayes");
    ss_ctx_free(ctx);
    ss_scorer_free(sc);
    ss_model_free(m);
}

typedef struct progress_log {
    int calls;
    uint64_t last_done, last_total;
} progress_log;

static void
on_progress(void *ud, const char *stage, uint64_t done, uint64_t total)
{
    progress_log *p = ud;
    if (strcmp(stage, "calibrate") != 0)
        return;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
}

Test(train, reports_calibration_progress)
{
    ss_trainer *tr = NULL;
    char err[512] = "";
    cr_assert_eq(ss_trainer_create(NULL, NULL, &tr), SS_OK);
    progress_log log = {0, 0, 0};
    ss_trainer_set_progress(tr, on_progress, &log);
    feed(tr, MINI "/a.tsv", false);
    cr_assert_eq(ss_trainer_write(tr, path_in("p.model"), true, err,
                                  sizeof err), SS_OK, "%s", err);
    ss_trainer_free(tr);
    cr_assert_gt(log.calls, 1);
    cr_assert_eq(log.last_done, log.last_total, "the last report says done");
    cr_assert_eq(log.last_total, 5, "five folds");
}

/* ------------------------------------------------------------------ */
/* The learned span stage                                              */

/* A deterministic pseudo-random number in 0..1 (xorshift). */
static double
rnd(uint64_t *st)
{
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    return (double)(*st >> 11) / 9007199254740992.0;
}

Test(train, spanfit_learns_a_separating_feature_deterministically)
{
    enum { N = 400, F = SS_SPAN_FEAT_COUNT };
    static double X[N * F];
    static int8_t y[N];
    uint64_t st = 42;
    memset(X, 0, sizeof X);
    for (size_t i = 0; i < N; i++) {
        double *x = X + i * F;
        y[i] = i % 5 == 0;
        x[SS_SPAN_BIAS] = 1;
        x[SS_SPAN_HAND] = SS_SPAN_HAND_REJECTED;
        /* Glued to the previous word: every positive, 3 % of negatives. */
        x[SS_SPAN_GLUED_BEFORE] = y[i] || rnd(&st) < 0.03 ? 1.0 / 3.0 : 0;
        x[SS_SPAN_DIGITS] = rnd(&st) < 0.5; /* noise */
        x[SS_SPAN_KNOWN_WORDS] = rnd(&st);  /* noise */
    }
    double w[F], w2[F];
    cr_assert(ss_spanfit_logistic(X, y, N, w));
    cr_assert_gt(w[SS_SPAN_GLUED_BEFORE], 3.0, "w = %g", w[SS_SPAN_GLUED_BEFORE]);
    cr_assert_lt(fabs(w[SS_SPAN_DIGITS]), 1.0, "noise gets little weight: %g", w[SS_SPAN_DIGITS]);
    ss_span_weights sw;
    memset(&sw, 0, sizeof sw);
    memcpy(sw.w, w, sizeof w);
    double lo = 1, hi = 0;
    for (size_t i = 0; i < N; i++) {
        double p = ss_span_prob(&sw, X + i * F);
        if (y[i] && p < lo)
            lo = p;
        if (!y[i] && X[i * F + SS_SPAN_GLUED_BEFORE] == 0 && p > hi)
            hi = p;
    }
    cr_assert_gt(lo, hi, "every positive above every plain negative");
    cr_assert(ss_spanfit_logistic(X, y, N, w2));
    cr_assert_eq(memcmp(w, w2, sizeof w), 0, "same data, same bits");
    /* Too few positives: no fit, the default weights. */
    for (size_t i = 0; i < N; i++)
        y[i] = i < 5;
    cr_assert_not(ss_spanfit_logistic(X, y, N, w));
    cr_assert_eq(w[SS_SPAN_HAND], 1.0);
    cr_assert_eq(w[SS_SPAN_BIAS], 0.0);
}

Test(train, spanfit_trees_learn_what_the_weights_cannot)
{
    /* Positive when exactly one of two shapes is there (glued, or a digit
     * in the phrase): no weighted sum separates that, two-level trees do. */
    enum { N = 800, F = SS_SPAN_FEAT_COUNT };
    static double X[N * F];
    static int8_t y[N];
    uint64_t st = 7;
    memset(X, 0, sizeof X);
    for (size_t i = 0; i < N; i++) {
        double *x = X + i * F;
        bool a = rnd(&st) < 0.5, b = rnd(&st) < 0.5;
        x[SS_SPAN_BIAS] = 1;
        x[SS_SPAN_GLUED_BEFORE] = a ? 1.0 / 3.0 : 0;
        x[SS_SPAN_DIGITS] = b;
        x[SS_SPAN_KNOWN_WORDS] = rnd(&st); /* noise */
        y[i] = a != b;
    }
    ss_span_weights lin, sw, sw2;
    memset(&lin, 0, sizeof lin);
    cr_assert(ss_spanfit_logistic(X, y, N, lin.w));
    sw = lin;
    cr_assert(ss_spanfit_trees(X, y, N, 64, &sw));
    cr_assert_eq(sw.n_trees, 64);
    size_t right_lin = 0, right_trees = 0;
    for (size_t i = 0; i < N; i++) {
        right_lin += (ss_span_prob(&lin, X + i * F) >= 0.5) == (y[i] == 1);
        right_trees += (ss_span_prob(&sw, X + i * F) >= 0.5) == (y[i] == 1);
    }
    cr_assert_lt(right_lin, N * 8 / 10, "weights alone: %zu of %d right", right_lin, N);
    cr_assert_geq(right_trees, N * 98 / 100, "with the trees: %zu of %d right", right_trees, N);
    sw2 = lin;
    cr_assert(ss_spanfit_trees(X, y, N, 64, &sw2));
    cr_assert_eq(memcmp(sw.tree, sw2.tree, sizeof sw.tree), 0, "same data, same trees");
    /* Unlabelled rows are not learned from; too few positives: no trees. */
    for (size_t i = 0; i < N; i++)
        y[i] = i < 5 ? 1 : i < 400 ? -1 : 0;
    cr_assert_not(ss_spanfit_trees(X, y, N, 64, &sw2));
    cr_assert_eq(sw2.n_trees, 0);
}

Test(train, spanfit_cutoff_counts_only_numbered_pages)
{
    /* A negative at 0.99 on a page no budget counts (a spam page: its
     * negatives are its honest twin's) does not raise the cut-off. */
    double p[] = {0.6, 0.7, 0.99, 0.995};
    int8_t y[] = {0, 0, 0, 1};
    uint32_t pg[] = {0, 1, SS_SPANFIT_NO_PAGE, SS_SPANFIT_NO_PAGE};
    double c = ss_spanfit_cutoff_at(p, y, pg, 4, 2, 0.0, 0.999);
    cr_assert_float_eq(c, 0.7 + (0.99 - 0.7) / 2, 1e-12, "c = %g", c);
    pg[2] = 1;
    c = ss_spanfit_cutoff_at(p, y, pg, 4, 2, 0.0, 0.999);
    cr_assert_float_eq(c, 0.99 + (0.995 - 0.99) / 2, 1e-12, "counted, it does: %g", c);
}

Test(train, spanfit_cutoff_keeps_honest_pages_below)
{
    /* 1000 pages, one negative candidate each with p = 0.5 + page/2500,
     * and positives at 0.999. A budget under one page: the cut-off goes
     * half-way above the highest honest page. */
    enum { NP = 1000, N = NP + 10 };
    static double p[N];
    static int8_t y[N];
    static uint32_t pg[N];
    for (size_t i = 0; i < NP; i++) {
        p[i] = 0.5 + (double)i / 2500;
        y[i] = 0;
        pg[i] = (uint32_t)i;
    }
    for (size_t i = NP; i < N; i++) {
        p[i] = 0.999;
        y[i] = 1;
        pg[i] = (uint32_t)(i - NP);
    }
    double top = 0.5 + (double)(NP - 1) / 2500;
    double c = ss_spanfit_cutoff_at(p, y, pg, N, NP, 0.0005, 0.9999);
    cr_assert_float_eq(c, top + (0.999 - top) / 2, 1e-12, "c = %g", c);
    /* All negatives low: half-way up to the positives, never below 0.5. */
    for (size_t i = 0; i < NP; i++)
        p[i] = 0.01;
    cr_assert_float_eq(ss_spanfit_cutoff(p, y, pg, N, NP), 0.5045, 1e-12);
    for (size_t i = NP; i < N; i++)
        p[i] = 0.2;
    cr_assert_eq(ss_spanfit_cutoff(p, y, pg, N, NP), 0.5);
}

/* Page i's highest honest probability when the pages' logits follow an
 * exponential law of scale beta from 0: its (i + 0.5)/n quantile. */
static double
exp_tail_p(size_t i,
           size_t n,
           double beta)
{
    double z = -beta * log(1.0 - ((double)i + 0.5) / (double)n);
    return 1.0 / (1.0 + exp(-z));
}

Test(train, spanfit_cutoff_fits_the_honest_tail)
{
    /* 4000 honest pages whose highest candidates have exponential logits
     * (scale 1.2); a budget of 0.1 % is 4 pages: the fitted cut-off lies
     * near the true quantile, beta * log(4000 / 4) in logit space, and
     * one page pushed to the top raises it, by less than one logit. */
    enum { NP = 4000 };
    static double p[NP];
    static int8_t y[NP];
    static uint32_t pg[NP];
    for (size_t i = 0; i < NP; i++) {
        p[i] = exp_tail_p(i, NP, 1.2);
        y[i] = 0;
        pg[i] = (uint32_t)i;
    }
    double want = 1.2 * log(1000.0);
    double c = ss_spanfit_cutoff_at(p, y, pg, NP, NP, 0.001, 0.99999);
    double z = log(c / (1 - c));
    cr_assert(fabs(z - want) < 0.3, "logit %g, want about %g", z, want);
    p[NP - 5] = 1 - 1e-9; /* the fifth page jumps to the top */
    double c2 = ss_spanfit_cutoff_at(p, y, pg, NP, NP, 0.001, 0.99999);
    double z2 = log(c2 / (1 - c2));
    cr_assert(z2 > z, "more weight above: higher cut-off");
    cr_assert(z2 - z < 1.0, "one page moves the fit by %g", z2 - z);
    /* Capped by max_cut, never below 0.5. */
    cr_assert_eq(ss_spanfit_cutoff_at(p, y, pg, NP, NP, 0.001, 0.99), 0.99);
    /* A tail heavier at the top than the fit: the budget's rank still
     * holds, no more than 4 pages above the cut-off. */
    for (size_t i = NP - 10; i < NP; i++)
        p[i] = 0.999999;
    double c3 = ss_spanfit_cutoff_at(p, y, pg, NP, NP, 0.001, 0.9999999);
    size_t above = 0;
    for (size_t i = 0; i < NP; i++)
        above += p[i] >= c3;
    cr_assert_leq(above, 4, "%zu pages above %g", above, c3);
}

/* An honest page k (long enough to be a page, a few capitalised phrases in
 * ordinary places and one heading). */
static char *
honest_page(unsigned k)
{
    static const char *const places[] = {"Alder", "Brook", "Cedar", "Dale", "Elm", "Fern"};
    char *b = malloc(2048);
    snprintf(b, 2048,
             "<html><head><title>Council votes on plan %u for %s Park</title></head><body>"
             "<h1>Council votes on plan %u for %s Park</h1>"
             "<p>The council in %s Falls voted on Tuesday to approve plan %u for the park, "
             "after residents asked for more benches and a longer path along the river.</p>"
             "<h2>Background</h2>"
             "<p>Mayor Ana Ruiz said the work would start in the spring, and the parks "
             "department said the cost would stay within the budget set last year.</p>"
             "<p>Residents of %s Falls said they were pleased, although some asked the "
             "council to keep the old trees near the playground where children meet.</p>"
             "</body></html>",
             k, places[k % 6], k, places[k % 6], places[(k + 1) % 6], k, places[(k + 1) % 6]);
    return b;
}

/* A spam page: honest_page() with brand b glued to a word of the text. */
static char *
spam_page(unsigned k,
          const char *brand)
{
    char *h = honest_page(k);
    char *b = malloc(2304);
    const char *at = strstr(h, "the parks department");
    cr_assert_not_null(at);
    size_t pre = (size_t)(at - h) + strlen("the parks");
    snprintf(b, 2304, "%.*s%s%s", (int)pre, h, brand, h + pre);
    free(h);
    return b;
}

/* Train from n_ham honest pages and n_spam spam pages with glued brands
 * (span labels) into path. */
static void
train_spans(const char *path,
            unsigned n_ham,
            unsigned n_spam)
{
    static const char *const syl[] = {"vor", "tal", "quin", "dax", "lum", "zen", "kri", "pel"};
    ss_trainer *tr = NULL;
    char err[512] = "";
    cr_assert_eq(ss_trainer_create(NULL, NULL, &tr), SS_OK);
    for (unsigned i = 0; i < n_ham + n_spam; i++) {
        bool spam = i % 8 == 7 && i / 8 < n_spam;
        char brand[64];
        snprintf(brand, sizeof brand, "%c%s%s Ledger", 'A' + (char)(i % 26), syl[i % 8],
                 syl[(i / 8) % 8]);
        char *page = spam ? spam_page(i, brand) : honest_page(i);
        ss_span_label sl = {SS_FLAG_INJECTED_BRAND, brand};
        ss_corpus_doc d = {.name = "page", .data = page, .len = strlen(page),
                           .format = SS_FORMAT_HTML, .label = spam,
                           .spans = spam ? &sl : NULL, .n_spans = spam ? 1 : 0};
        cr_assert_eq(ss_trainer_add(tr, &d, false, err, sizeof err), SS_OK, "%s", err);
        free(page);
    }
    cr_assert_eq(ss_trainer_write(tr, path, true, err, sizeof err), SS_OK, "%s", err);
    ss_trainer_free(tr);
}

Test(train, span_labels_teach_span_weights_that_find_a_new_brand)
{
    const char *p = path_in("spans.model");
    train_spans(p, SS_SPANFIT_MIN_HAM_DOCS + 20, 40);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_open(p, &m, err, sizeof err), SS_OK, "%s", err);
    const ss_span_weights *w = &m->p.span[SS_FLAG_INJECTED_BRAND];
    cr_assert(w->fitted);
    cr_assert_gt(w->w[SS_SPAN_GLUED_BEFORE], 1.0, "%g", w->w[SS_SPAN_GLUED_BEFORE]);
    cr_assert_geq(w->cutoff, 0.5);
    /* A brand the trainer never saw, glued into an unseen page. */
    ss_scorer *sc = NULL;
    ss_ctx *ctx = NULL;
    cr_assert_eq(ss_scorer_create(NULL, NULL, m, &sc), SS_OK);
    cr_assert_eq(ss_ctx_create(sc, &ctx), SS_OK);
    char *page = spam_page(9001, "Ostrevi Wharf");
    ss_doc_opts o = {.format = SS_FORMAT_HTML, .want_clean = true};
    const ss_result *r = NULL;
    cr_assert_eq(ss_ctx_score(ctx, page, strlen(page), &o, &r), SS_OK);
    const ss_flag *f = NULL;
    for (size_t i = 0; i < r->n_flags; i++)
        if (r->flags[i].kind == SS_FLAG_INJECTED_BRAND)
            f = &r->flags[i];
    cr_assert_not_null(f, "the learned stage finds it");
    cr_assert_str_eq(f->text, "Ostrevi Wharf");
    bool span_reason = false;
    for (size_t i = 0; i < f->n_reasons; i++)
        span_reason |= strncmp(f->reasons[i], "span ", 5) == 0;
    cr_assert(span_reason);
    cr_assert(strstr(r->clean_text, "the parks department said"), "--clean repairs it: %s",
              r->clean_text);
    free(page);
    /* The honest page of the same shape: nothing. */
    page = honest_page(9001);
    cr_assert_eq(ss_ctx_score(ctx, page, strlen(page), &o, &r), SS_OK);
    for (size_t i = 0; i < r->n_flags; i++)
        cr_assert_neq(r->flags[i].kind, SS_FLAG_INJECTED_BRAND, "%s", r->flags[i].text);
    free(page);
    ss_ctx_free(ctx);
    ss_scorer_free(sc);
    ss_model_free(m);
    /* Deterministic: the same documents give the same bytes. */
    const char *q = path_in("spans2.model");
    train_spans(q, SS_SPANFIT_MIN_HAM_DOCS + 20, 40);
    size_t la, lb;
    char *x = slurp(p, &la), *y = slurp(q, &lb);
    cr_assert_eq(la, lb);
    cr_assert_eq(memcmp(x, y, la), 0);
    free(x);
    free(y);
}

Test(train, too_few_honest_documents_keep_the_hand_set_scores)
{
    const char *p = path_in("few.model");
    train_spans(p, SS_SPANFIT_MIN_HAM_DOCS / 2, 40);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(p, &m, NULL, 0), SS_OK);
    cr_assert_not(m->p.span[SS_FLAG_INJECTED_BRAND].fitted);
    ss_model_free(m);
}

/* Honest list items, and promotional headlines of several shapes. */
static const char *const honest_items[] = {
    "The orchard that grows forty kinds of apple",
    "A village choir sings at the harbour festival",
    "New bus routes planned for the north side",
    "Students plant trees along the river path",
    "Museum reopens its hall of old maps",
    "Bakery wins the regional bread contest",
    "Ferry service returns after the winter break",
    "Volunteers repair the bridge over the mill stream",
};
static const char *const promo_items[][2] = {
    {"How I turned $", " into a fortune with one secret system"},
    {"Doctors hate this safe trick to earn $", " a week"},
    {"Secret crypto method pays ", "% guaranteed returns"},
    {"Local mom makes $", " a day from home with this system"},
    {"Revealed: the ", "% profit strategy banks hide from you"},
};

/* Page k with an article and a list of four items; with a promotional
 * headline (returned in promo, promo_len bytes) when spam. */
static char *
list_page(unsigned k,
          bool spam,
          char *promo,
          size_t promo_len)
{
    char *b = malloc(4096);
    char items[4][160];
    for (unsigned i = 0; i < 4; i++)
        snprintf(items[i], sizeof items[i], "%s", honest_items[(k + i * 3) % 8]);
    if (spam) {
        snprintf(promo, promo_len, "%s%u%s", promo_items[k % 5][0], 100 + (k * 37) % 900,
                 promo_items[k % 5][1]);
        snprintf(items[k % 4], sizeof items[0], "%s", promo);
    }
    char *h = honest_page(k);
    char *end = strstr(h, "</body>");
    cr_assert_not_null(end);
    snprintf(b, 4096,
             "%.*s<h3>More stories</h3><ul><li><a href=\"/a\">%s</a></li>"
             "<li><a href=\"/b\">%s</a></li><li><a href=\"/c\">%s</a></li>"
             "<li><a href=\"/d\">%s</a></li></ul></body></html>",
             (int)(end - h), h, items[0], items[1], items[2], items[3]);
    free(h);
    return b;
}

Test(train, promo_span_labels_teach_weights_that_flag_a_new_promotion)
{
    const char *p = path_in("promo.model");
    ss_trainer *tr = NULL;
    char err[512] = "";
    cr_assert_eq(ss_trainer_create(NULL, NULL, &tr), SS_OK);
    unsigned n = SS_SPANFIT_MIN_HAM_DOCS + 80;
    for (unsigned i = 0; i < n; i++) {
        bool spam = i % 8 == 7;
        char promo[160] = "";
        char *page = list_page(i, spam, promo, sizeof promo);
        ss_span_label sl = {SS_FLAG_PROMO_HEADLINE, promo};
        ss_corpus_doc d = {.name = "page", .data = page, .len = strlen(page),
                           .format = SS_FORMAT_HTML, .label = spam,
                           .spans = spam ? &sl : NULL, .n_spans = spam ? 1 : 0};
        cr_assert_eq(ss_trainer_add(tr, &d, false, err, sizeof err), SS_OK, "%s", err);
        free(page);
    }
    cr_assert_eq(ss_trainer_write(tr, p, true, err, sizeof err), SS_OK, "%s", err);
    ss_trainer_free(tr);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(p, &m, err, sizeof err), SS_OK, "%s", err);
    const ss_span_weights *w = &m->p.span[SS_FLAG_PROMO_HEADLINE];
    cr_assert(w->fitted);
    cr_assert_geq(w->cutoff, 0.5);
    cr_assert_gt(w->w[SS_SPAN_MONEY] + w->w[SS_SPAN_PROMISE] + w->w[SS_SPAN_BLOCK_NB], 0.5);
    ss_scorer *sc = NULL;
    ss_ctx *ctx = NULL;
    cr_assert_eq(ss_scorer_create(NULL, NULL, m, &sc), SS_OK);
    cr_assert_eq(ss_ctx_create(sc, &ctx), SS_OK);
    /* A promotion the trainer never saw, on an unseen page. */
    char *page = list_page(9001, false, NULL, 0);
    char *at = strstr(page, "Museum reopens");
    cr_assert_not_null(at, "%s", page);
    char *spam = malloc(strlen(page) + 200);
    snprintf(spam, strlen(page) + 200, "%.*sRevealed: the secret system that pays $4000 a week "
             "guaranteed%s", (int)(at - page), page, strstr(at, "</a>"));
    ss_doc_opts o = {.format = SS_FORMAT_HTML, .want_clean = true};
    const ss_result *r = NULL;
    cr_assert_eq(ss_ctx_score(ctx, spam, strlen(spam), &o, &r), SS_OK);
    const ss_flag *f = NULL;
    for (size_t i = 0; i < r->n_flags; i++)
        if (r->flags[i].kind == SS_FLAG_PROMO_HEADLINE)
            f = &r->flags[i];
    cr_assert_not_null(f, "the learned stage finds it");
    cr_assert(strstr(f->text, "Revealed: the secret system"), "%s", f->text);
    bool span_reason = false;
    for (size_t i = 0; i < f->n_reasons; i++)
        span_reason |= strncmp(f->reasons[i], "span ", 5) == 0;
    cr_assert(span_reason);
    cr_assert_null(strstr(r->clean_text, "secret system"), "--clean drops it: %s", r->clean_text);
    cr_assert(strstr(r->clean_text, "Cedar Falls voted"), "the article stays: %s", r->clean_text);
    /* The honest page: no promotion. */
    cr_assert_eq(ss_ctx_score(ctx, page, strlen(page), &o, &r), SS_OK);
    for (size_t i = 0; i < r->n_flags; i++)
        cr_assert_neq(r->flags[i].kind, SS_FLAG_PROMO_HEADLINE, "%s", r->flags[i].text);
    free(spam);
    free(page);
    ss_ctx_free(ctx);
    ss_scorer_free(sc);
    ss_model_free(m);
}

/* Write a two-page corpus into dir: an honest article and its twin with a
 * brand spliced in, labelled with its span (or not, when spans is false). */
static void
write_twin_corpus(const char *cdir, bool spans)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/pages", cdir);
    cr_assert(mkdir(cdir, 0755) == 0 || errno == EEXIST);
    cr_assert(mkdir(p, 0755) == 0 || errno == EEXIST);
    const char *ham = "Council approves harbour budget\n\n"
                      "The council approved the harbour budget on Monday after "
                      "a long debate about dredging and ferry fares.\n";
    const char *spam = "Council approves harbour budget\n\n"
                       "The council approved the harbour budget on Monday after "
                       "a long debate about dredging,Quorvex Capital and ferry "
                       "fares.\n";
    snprintf(p, sizeof p, "%s/pages/ham.txt", cdir);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs(ham, f);
    fclose(f);
    snprintf(p, sizeof p, "%s/pages/spam.txt", cdir);
    f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs(spam, f);
    fclose(f);
    snprintf(p, sizeof p, "%s/labels.jsonl", cdir);
    f = fopen(p, "w");
    cr_assert_not_null(f);
    fprintf(f, "{\"file\": \"pages/ham.txt\", \"label\": \"ham\", \"spans\": []}\n");
    fprintf(f, "{\"file\": \"pages/spam.txt\", \"label\": \"spam\", \"spans\": %s}\n",
            spans ? "[{\"kind\": \"injected-brand\", \"text\": \"Quorvex Capital\"}]" : "[]");
    fclose(f);
}

/* The spam and ham counts of token tok in a model dump, -1 when absent. */
static void
counts_of(const char *dumped, const char *tok, int *spam, int *ham)
{
    *spam = *ham = -1;
    size_t n = strlen(tok);
    for (const char *l = dumped; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, tok, n) == 0 && l[n] == '\t') {
            cr_assert_eq(sscanf(l + n + 1, "%d\t%d", spam, ham), 2);
            return;
        }
    }
}

Test(train, a_labelled_spam_page_counts_only_its_injected_tokens_as_spam)
{
    const char *cd = path_in("twins");
    write_twin_corpus(cd, true);
    const char *p = path_in("twins.model");
    train(p, NULL, false, false, cd, NULL);
    char *d = dump(p, false);
    int s, h;
    counts_of(d, "council", &s, &h);
    cr_assert(s == 0 && h == 1, "article word: spam %d ham %d", s, h);
    counts_of(d, "quorvex", &s, &h);
    cr_assert(s == 1 && h == 0, "injected word: spam %d ham %d", s, h);
    counts_of(d, "quorvex capital", &s, &h);
    cr_assert(s == 1 && h == 0, "injected bigram: spam %d ham %d", s, h);
    free(d);
    /* Without span labels the whole page is spam evidence, as before. */
    const char *dir2 = path_in("twins-nospans");
    write_twin_corpus(dir2, false);
    const char *p2 = path_in("twins2.model");
    train(p2, NULL, false, false, dir2, NULL);
    d = dump(p2, false);
    counts_of(d, "council", &s, &h);
    cr_assert(s == 1 && h == 1, "article word of an unlabelled page: spam %d ham %d", s, h);
    free(d);
}

Test(train, unlearning_a_labelled_spam_page_takes_back_what_it_added)
{
    const char *cd = path_in("twins");
    write_twin_corpus(cd, true);
    const char *p = path_in("twins.model");
    train(p, NULL, false, false, cd, NULL);
    const char *q = path_in("empty.model");
    train(q, p, true, false, cd, NULL);
    char *d = dump(q, false);
    cr_assert_str_empty(d, "every count back to zero: %s", d);
    free(d);
}

Test(train, bayes_inject_looks_at_the_most_spam_specific_tokens_only)
{
    const char *cd = path_in("twins");
    write_twin_corpus(cd, true);
    const char *p = path_in("twins.model");
    train(p, NULL, false, false, cd, NULL);
    ss_model *m = NULL;
    char err[256];
    cr_assert_eq(ss_model_open(p, &m, err, sizeof err), SS_OK, "%s", err);
    uint64_t honest[3] = {ss_token_hash("council", 7), ss_token_hash("harbour", 7),
                          ss_token_hash("budget", 6)};
    uint64_t injected[4] = {honest[0], honest[1], honest[2],
                            ss_token_hash("quorvex", 7)};
    double a = ss_bayes_inject(m, honest, 3), b = ss_bayes_inject(m, injected, 4);
    cr_assert(a == 0, "no spam-side token: %g", a);
    cr_assert(b > 0 && b <= 1, "one injected token: %g", b);
    cr_assert_eq(ss_bayes_inject(NULL, injected, 4), 0);
    ss_model_free(m);
}

/* A "unit": "line" document is one line of the promotional-language
 * table (linetab.h) and nothing else: no page or block counts, no
 * calibration record; a token of one line is left out of the table; a
 * line's score follows its words; unlearning takes it back out. */
Test(train, a_line_document_counts_in_the_promotional_language_table_only)
{
    const char *p = path_in("lines.jsonl");
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs("{\"label\": \"spam\", \"unit\": \"line\", \"text\": \"Earn money fast from home\"}\n"
          "{\"label\": \"spam\", \"unit\": \"line\", \"text\": \"Earn money with one trick\"}\n"
          "{\"label\": \"ham\", \"unit\": \"line\", \"text\": \"Council approves school budget\"}\n"
          "{\"label\": \"ham\", \"unit\": \"line\", \"text\": \"Council delays the vote\"}\n"
          "{\"label\": \"ham\", \"unit\": \"line\", \"text\": \"How teachers earn money\"}\n", f);
    fclose(f);
    const char *m = path_in("lines.model");
    train(m, NULL, false, true, p, NULL);
    char *d = dump(m, true);
    cr_assert_not_null(strstr(d, "# documents spam 0 ham 0"), "%s", d);
    cr_assert_not_null(strstr(d, "# blocks spam 0 ham 0"), "%s", d);
    cr_assert_not_null(strstr(d, "# lines spam 2 ham 3 tokens 4\n"),
                       "earn, money, earn money, council: %s", d);
    free(d);
    ss_model *mod = NULL;
    char err[512] = "";
    cr_assert_eq(ss_model_open(m, &mod, err, sizeof err), SS_OK, "%s", err);
    uint32_t ls, lh;
    cr_assert(ss_linetab_lookup(&mod->p.lines, ss_token_hash("earn money", 10), &ls, &lh),
              "bigram");
    cr_assert(ls == 2 && lh == 1, "earn money: %u %u", ls, lh);
    cr_assert_not(ss_linetab_lookup(&mod->p.lines, ss_token_hash("trick", 5), &ls, &lh),
                  "seen in one line");
    uint64_t promo[2] = {ss_token_hash("earn", 4), ss_token_hash("money", 5)};
    uint64_t honest[1] = {ss_token_hash("council", 7)};
    cr_assert_float_eq(ss_linetab_odds(&mod->p.lines, NULL, NULL, 0, promo, 2),
                       2 * (log(3.0 / 4) - log(2.0 / 5)) / sqrt(2), 1e-12);
    cr_assert_lt(ss_linetab_odds(&mod->p.lines, NULL, NULL, 0, honest, 1), -0.5);
    uint64_t fast[1] = {ss_token_hash("fast", 4)};
    cr_assert_eq(ss_linetab_odds(&mod->p.lines, NULL, NULL, 0, fast, 1), 0,
                 "a token of one line is not in the table");
    ss_model_tok t;
    cr_assert_not(ss_model_lookup(mod, promo[0], &t), "no page or block count");
    ss_model_free(mod);
    const char *q = path_in("unlearned.model");
    train(q, m, true, false, p, NULL);
    d = dump(q, true);
    cr_assert_null(strstr(d, "# lines"), "every count back to zero: %s", d);
    free(d);
}

/* ss_bayes_block: the block probability and the line's log-likelihood
 * ratio, whose sign follows the evidence and which keeps growing where
 * Fisher's combining has saturated. */
Test(train, line_odds_add_up_the_evidence_of_a_line)
{
    /* 30 spam and 30 ham blocks: the spam ones all had "guaranteed
     * profits secret formula", the ham ones "council budget school vote". */
    ss_model_params mp;
    ss_model_params_default(&mp);
    mp.n_bspam = 30;
    mp.n_bham = 30;
    const char *words[] = {"guaranteed", "profits", "secret", "formula",
                           "council", "budget", "school", "vote"};
    ss_model_tok v[8];
    for (int i = 0; i < 8; i++)
        v[i] = (ss_model_tok){ss_token_hash(words[i], strlen(words[i])), 0, 0,
                              i < 4 ? 30 : 0, i < 4 ? 0 : 30, NULL, 0};
    unsigned char *img = NULL;
    size_t len = 0;
    cr_assert_eq(ss_model_serialize(&mp, v, 8, &img, &len), SS_OK);
    ss_model *m = NULL;
    char err[512] = "";
    cr_assert_eq(ss_model_from_buffer(img, len, true, "odds", &m, err, sizeof err), SS_OK, "%s",
                 err);
    uint64_t one[1] = {ss_token_hash("guaranteed", 10)};
    uint64_t three[3] = {ss_token_hash("guaranteed", 10), ss_token_hash("profits", 7),
                         ss_token_hash("formula", 7)};
    uint64_t ham[1] = {ss_token_hash("council", 7)};
    double o1, o3, oh;
    double p1 = ss_bayes_block(m, one, 1, NULL, 0, NULL, &o1);
    double p3 = ss_bayes_block(m, three, 3, NULL, 0, NULL, &o3);
    double ph = ss_bayes_block(m, ham, 1, NULL, 0, NULL, &oh);
    cr_assert_gt(p1, 0.9);
    cr_assert_gt(p3, 0.99);
    cr_assert_lt(ph, 0.1);
    cr_assert_gt(o1, 2.0);
    cr_assert_float_eq(o3, 3 * o1 > SS_LINE_ODDS_MAX ? SS_LINE_ODDS_MAX : 3 * o1, 1e-9);
    cr_assert_lt(oh, -2.0);
    cr_assert_eq(ss_bayes_prob(m, three, 3, true, NULL, 0, NULL), p3);
    double o0 = 1;
    cr_assert_eq(ss_bayes_block(NULL, three, 3, NULL, 0, NULL, &o0), 0.5);
    cr_assert_eq(o0, 0.0);
    ss_model_free(m);
}
