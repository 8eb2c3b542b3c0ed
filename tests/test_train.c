/*
 * test_train.c - the trainer: determinism, --add, --unlearn, merge (all
 * compared through the model dump's token lines), calibration, and block
 * statistics learned from span labels.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bayes.h"
#include "model.h"
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
