/*
 * score.c - the scorer and the per-thread context: runs the page model, the
 * rules, the structural detectors and naive Bayes on one page, combines
 * their evidence into one calibrated probability, and builds the result
 * (flags, cleaned title and text).
 */
#include "score.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bayes.h"
#include "clean.h"
#include "markdown.h"
#include "detect.h"
#include "model.h"
#include "rules.h"
#include "span.h"

#define MAX_LIMIT_NAMES 16

struct ss_scorer {
    ss_config cfg;
    bool skip_spans;   /* the model has no span weights: collect no
                          candidates (a scorer without a model, as the
                          trainer's, collects them) */
    const ss_rules *rules;
    const ss_model *model;
    double weights[SS_FEAT_COUNT];
    double spam_cutoff;
    double ham_cutoff;
};

struct ss_ctx {
    const ss_scorer *scorer;
    ss_arena arena;
    ss_rules_state *rules_state; /* NULL when the scorer has no rules */
    ss_page page;
    ss_evidence ev;
    ss_result result;
    const char *limit_names[MAX_LIMIT_NAMES];
    char err[512];
    double deadline;  /* thread CPU seconds; 0: no time limit */
    uint64_t *pair_sets; /* the page's block pair sets (page.pair_sets);
                            kept across pages, grown as needed */
    size_t pair_cap;     /* blocks pair_sets has room for */
};

/*
 * Documented defaults (README "Scoring"), used when the model carries no
 * learned combiner: every structural signal pushes towards spam, and it
 * takes a brand splice or a promotional headline plus one more signal to
 * cross the spam cut-off.
 */
void
ss_combiner_defaults(double *weights,
                     double *spam_cutoff,
                     double *ham_cutoff)
{
    static const double w[SS_FEAT_COUNT] = {
        [SS_FEAT_BIAS] = -3.0,
        [SS_FEAT_BAYES] = 3.0,
        [SS_FEAT_BAYES_BLOCK_MAX] = 1.0,
        [SS_FEAT_BRAND] = 4.0,
        [SS_FEAT_SITE_SLOGAN] = 1.5,
        [SS_FEAT_PROMO] = 3.0,
        [SS_FEAT_WIDGET] = 1.0,
        [SS_FEAT_RULES] = 2.0,
        [SS_FEAT_N_BRAND_SPLICES] = 2.0,
        [SS_FEAT_LINK_INJECTION] = 4.0,
    };
    memcpy(weights, w, sizeof w);
    *spam_cutoff = 0.7;
    *ham_cutoff = 0.3;
}

double
ss_combine(const double *weights, const double *feat)
{
    double z = 0;
    for (int i = 0; i < SS_FEAT_COUNT; i++)
        z += weights[i] * feat[i];
    if (z > 40)
        z = 40;
    if (z < -40)
        z = -40;
    return 1.0 / (1.0 + exp(-z));
}

/* See score.h. */
double
ss_page_score(const double *weights, const double *feat, double floor)
{
    double p = ss_combine(weights, feat);
    if (floor >= SS_FINDING_FLOOR_MIN && floor > p)
        p = floor;
    return p;
}

/* The phrase behind each term that has one (ss_score_term.text): the
 * same candidate or finding that gave the feature its value. */
static void
term_texts(const ss_evidence *ev,
           ss_score_term *terms)
{
    double best[SS_FEAT_COUNT];
    for (unsigned i = 0; i < SS_FEAT_COUNT; i++)
        best[i] = -1;
    for (size_t c = 0; c < ev->n_cands; c++) {
        const ss_span_cand *k = &ev->cands[c];
        int i = k->kind == SS_FLAG_INJECTED_BRAND ? SS_FEAT_SPAN_BRAND
              : k->kind == SS_FLAG_PROMO_HEADLINE ? SS_FEAT_SPAN_PROMO : -1;
        if (i >= 0 && k->p > best[i] && k->text) {
            best[i] = k->p;
            terms[i].text = k->text;
        }
    }
    for (size_t n = 0; n < ev->n; n++) {
        const ss_finding *f = &ev->items[n];
        int i = -1;
        switch (f->kind) {
        case SS_FLAG_INJECTED_BRAND: i = SS_FEAT_BRAND; break;
        case SS_FLAG_SITE_NAME:
        case SS_FLAG_SLOGAN: i = SS_FEAT_SITE_SLOGAN; break;
        case SS_FLAG_PROMO_HEADLINE: i = SS_FEAT_PROMO; break;
        case SS_FLAG_JUNK_WIDGET: i = SS_FEAT_WIDGET; break;
        case SS_FLAG_LINK_INJECTION: i = SS_FEAT_LINK_INJECTION; break;
        default: break;
        }
        if (i < 0 || !f->text || f->flag_only)
            continue;
        if (f->score > best[i]) {
            best[i] = f->score;
            terms[i].text = f->text;
        }
        if (!f->from_bayes && f->score > best[SS_FEAT_ANY_INJECTION]) {
            best[SS_FEAT_ANY_INJECTION] = f->score;
            terms[SS_FEAT_ANY_INJECTION].text = f->text;
        }
    }
}

ss_status
ss_scorer_create(const ss_config *cfg,
                 const ss_rules *rules,
                 const ss_model *model,
                 ss_scorer **out)
{
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    ss_scorer *sc = calloc(1, sizeof *sc);
    if (!sc)
        return SS_ERR_NOMEM;
    if (cfg)
        sc->cfg = *cfg;
    else
        ss_config_default(&sc->cfg);
    sc->rules = rules;
    sc->model = model;
    sc->skip_spans = model != NULL;
    for (unsigned k = 0; model && k < SS_FLAG_KIND_COUNT; k++)
        if (model->p.span[k].fitted)
            sc->skip_spans = false;
    if (!ss_model_combiner(model, sc->weights, &sc->spam_cutoff,
                           &sc->ham_cutoff))
        ss_combiner_defaults(sc->weights, &sc->spam_cutoff, &sc->ham_cutoff);
    if (sc->cfg.spam_cutoff >= 0)
        sc->spam_cutoff = sc->cfg.spam_cutoff;
    if (sc->cfg.ham_cutoff >= 0)
        sc->ham_cutoff = sc->cfg.ham_cutoff;
    if (sc->ham_cutoff > sc->spam_cutoff)
        sc->ham_cutoff = sc->spam_cutoff;
    ss_page_global_init();
    *out = sc;
    return SS_OK;
}

void
ss_scorer_free(ss_scorer *scorer)
{
    free(scorer);
}

const ss_config *
ss_scorer_config(const ss_scorer *scorer)
{
    return &scorer->cfg;
}

ss_status
ss_ctx_create(const ss_scorer *scorer, ss_ctx **out)
{
    if (!scorer || !out)
        return SS_ERR_ARG;
    *out = NULL;
    ss_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return SS_ERR_NOMEM;
    ctx->scorer = scorer;
    ss_arena_init(&ctx->arena, scorer->cfg.arena_cap);
    if (scorer->rules) {
        ss_status st = ss_rules_state_create(scorer->rules, &scorer->cfg,
                                             &ctx->rules_state);
        if (st != SS_OK) {
            ss_arena_free(&ctx->arena);
            free(ctx);
            return st;
        }
    }
    *out = ctx;
    return SS_OK;
}

void
ss_ctx_clean(ss_ctx *ctx)
{
    if (!ctx)
        return;
    ss_arena_reset(&ctx->arena);
    memset(&ctx->page, 0, sizeof ctx->page);
    memset(&ctx->result, 0, sizeof ctx->result);
    ss_evidence_init(&ctx->ev, &ctx->arena);
    ctx->err[0] = '\0';
}

void
ss_ctx_free(ss_ctx *ctx)
{
    if (!ctx)
        return;
    ss_rules_state_free(ctx->rules_state);
    ss_arena_free(&ctx->arena);
    free(ctx->pair_sets);
    free(ctx);
}

const char *
ss_ctx_error(const ss_ctx *ctx)
{
    return ctx ? ctx->err : "";
}

ss_arena *
ss_ctx_arena(ss_ctx *ctx)
{
    return &ctx->arena;
}

/* Honest document count of a token in the model (ss_ham_count_fn). */
static uint32_t
model_ham_count(const void *ud, uint64_t hash)
{
    ss_model_tok t;
    return ss_model_lookup(ud, hash, &t) ? t.ham : 0;
}

/* Record a failure message for ss_ctx_error(). */
static ss_status fail(ss_ctx *ctx, ss_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ss_status
fail(ss_ctx *ctx, ss_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->err, sizeof ctx->err, fmt, ap);
    va_end(ap);
    return st;
}

/* CPU seconds used by the calling thread (the scoring thread). */
static double
thread_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Is the current document past its cfg.max_seconds? */
static bool
time_up(const ss_ctx *ctx)
{
    return ctx->deadline > 0.0 && thread_seconds() >= ctx->deadline;
}

/*
 * Give ctx->page its block pair sets (page.pair_sets) from the context's
 * own buffer, grown as needed; without memory the page has none and the
 * detectors search every block (same findings).
 */
static void
index_pairs(ss_ctx *ctx)
{
    ss_page *page = &ctx->page;
    page->pair_sets = NULL;
    page->pair_blocks = NULL;
    if (page->n_blocks > ctx->pair_cap) {
        size_t cap = ctx->pair_cap ? ctx->pair_cap : 256;
        while (cap < page->n_blocks)
            cap *= 2;
        /* the sets by block, then by pair (256 rows of a bit per block) */
        size_t words = cap * SS_PAIR_WORDS + 256 * ((cap + 63) / 64);
        uint64_t *p = realloc(ctx->pair_sets, words * sizeof *p);
        if (!p)
            return;
        ctx->pair_sets = p;
        ctx->pair_cap = cap;
    }
    if (page->n_blocks == 0)
        return;
    uint64_t *by_pair = ctx->pair_sets + ctx->pair_cap * SS_PAIR_WORDS;
    ss_detect_pair_sets(page, ctx->pair_sets, by_pair);
    page->pair_sets = ctx->pair_sets;
    page->pair_blocks = by_pair;
}

ss_status
ss_ctx_analyze(ss_ctx *ctx,
               const char *data,
               size_t len,
               const ss_doc_opts *opts,
               ss_page **page,
               ss_evidence **ev)
{
    static const ss_doc_opts no_opts;
    if (!ctx || (!data && len) || !page || !ev)
        return SS_ERR_ARG;
    if (!opts)
        opts = &no_opts;
    const ss_scorer *sc = ctx->scorer;
    ss_ctx_clean(ctx);
    ctx->deadline = sc->cfg.max_seconds > 0.0
                        ? thread_seconds() + sc->cfg.max_seconds : 0.0;

    char perr[sizeof ctx->err];
    perr[0] = '\0';
    ss_status st = ss_page_parse(&ctx->arena, &sc->cfg, data ? data : "", len,
                                 opts->format, opts->charset_hint, &ctx->page,
                                 perr, sizeof perr);
    if (st != SS_OK)
        return fail(ctx, st, "%s", perr[0] ? perr : ss_strerror(st));
    ctx->ev.skip_spans = sc->skip_spans;
    if (sc->rules) {
        st = ss_rules_run(sc->rules, ctx->rules_state, &ctx->page, &ctx->ev);
        if (st == SS_ERR_LIMIT && time_up(ctx))
            return fail(ctx, st, "time limit reached in the rules");
        if (st != SS_OK)
            return fail(ctx, st, "rules: %s", ss_strerror(st));
    }
    if (time_up(ctx))
        return fail(ctx, SS_ERR_LIMIT, "time limit reached after the rules");
    index_pairs(ctx);
    st = ss_detect_run(&ctx->page, &ctx->ev, &ctx->arena);
    if (st == SS_OK && sc->model)
        st = ss_span_decide(&ctx->page, &ctx->ev, &ctx->arena, sc->model->p.span,
                            model_ham_count, sc->model, (double)sc->model->p.n_ham);
    if (st != SS_OK)
        return fail(ctx, st, "detectors: %s", ss_strerror(st));
    if (time_up(ctx))
        return fail(ctx, SS_ERR_LIMIT, "time limit reached after the detectors");
    *page = &ctx->page;
    *ev = &ctx->ev;
    return SS_OK;
}

/* Index of an earlier flag with the same kind, place and text, or n. */
static size_t
find_same_flag(const ss_flag *flags, size_t n, const ss_finding *f)
{
    for (size_t i = 0; i < n; i++)
        if (flags[i].kind == f->kind && flags[i].where == f->where &&
            strcmp(flags[i].text, f->text) == 0)
            return i;
    return n;
}

/*
 * Turn findings into the public flags array, in finding order. Findings
 * with the same kind, place and text (the same brand found by a rule and by
 * a detector, or in <title> and in the headline) become one flag carrying
 * the union of their reasons and the highest score, flag-only when all of
 * them are.
 */
static ss_status
build_flags(ss_ctx *ctx)
{
    ss_evidence *ev = &ctx->ev;
    ss_result *r = &ctx->result;
    if (!ev->n)
        return SS_OK;
    ss_flag *flags = ss_arena_calloc(&ctx->arena, ev->n, sizeof *flags);
    const char ***reasons = ss_arena_calloc(&ctx->arena, ev->n,
                                            sizeof *reasons);
    if (!flags || !reasons)
        return SS_ERR_LIMIT;
    size_t n = 0;
    for (size_t i = 0; i < ev->n; i++) {
        const ss_finding *f = &ev->items[i];
        if (!f->text || !f->text[0])
            continue;
        size_t j = find_same_flag(flags, n, f);
        if (j == n) {
            reasons[n] = ss_arena_calloc(&ctx->arena, 2 * SS_MAX_REASONS,
                                         sizeof **reasons);
            if (!reasons[n])
                return SS_ERR_LIMIT;
            flags[n].kind = f->kind;
            flags[n].where = f->where;
            flags[n].text = f->text;
            flags[n].reasons = reasons[n];
            flags[n].flag_only = true;
            n++;
        }
        ss_flag *fl = &flags[j];
        /* One scored finding makes the merged flag scored. */
        fl->flag_only = fl->flag_only && f->flag_only;
        if (f->score > fl->score)
            fl->score = f->score;
        for (unsigned k = 0; k < f->n_reasons; k++) {
            bool seen = false;
            for (size_t m = 0; m < fl->n_reasons && !seen; m++)
                seen = strcmp(fl->reasons[m], f->reasons[k]) == 0;
            if (!seen && fl->n_reasons < 2 * SS_MAX_REASONS)
                reasons[j][fl->n_reasons++] = f->reasons[k];
        }
    }
    r->flags = flags;
    r->n_flags = n;
    return SS_OK;
}

/* Injected-brand phrases cut from a fallback text, at most. */
#define FALLBACK_CUTS 32

/*
 * A page whose HTML body holds no main content (rendered by script, or
 * all of it hidden until a script shows it) still says what it is about:
 * the article text of its JSON-LD (articleBody), else its description.
 * That stands in for an empty clean text, so a reader gets the page's own
 * words rather than nothing. The findings are positions in the page's
 * blocks, not in that text: every occurrence of a flagged injected brand's
 * phrase is cut from it instead, seams repaired as in the blocks (an
 * injector splices the same phrase wherever it can). False when the arena
 * cap is reached.
 */
static bool
clean_fallback(ss_arena *a,
               const ss_page *page,
               const ss_evidence *ev,
               const char **text,
               size_t *len)
{
    if (*len)
        return true;
    const char *alt = page->meta.body ? page->meta.body : page->meta.description;
    if (!alt)
        return true;
    size_t n = strlen(alt), k = 0;
    uint32_t starts[FALLBACK_CUTS], ends[FALLBACK_CUTS];
    for (size_t i = 0; i < ev->n && k < FALLBACK_CUTS; i++) {
        const ss_finding *f = &ev->items[i];
        if (f->kind != SS_FLAG_INJECTED_BRAND || !f->text || strlen(f->text) < 2)
            continue;
        size_t fl = strlen(f->text);
        for (const char *p = strstr(alt, f->text); p && k < FALLBACK_CUTS;
             p = strstr(p + fl, f->text)) {
            starts[k] = (uint32_t)(p - alt);
            ends[k++] = (uint32_t)(p - alt + fl);
        }
    }
    if (k && n < UINT32_MAX) {
        alt = ss_clean_cut(a, alt, n, starts, ends, k);
        if (!alt)
            return false;
        n = strlen(alt);
    }
    *text = alt;
    *len = n;
    return true;
}

ss_status
ss_ctx_score(ss_ctx *ctx,
             const char *data,
             size_t len,
             const ss_doc_opts *opts,
             const ss_result **out)
{
    static const ss_doc_opts no_opts;
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    if (!opts)
        opts = &no_opts;
    ss_page *page;
    ss_evidence *ev;
    ss_status st = ss_ctx_analyze(ctx, data, len, opts, &page, &ev);
    if (st != SS_OK)
        return st;
    const ss_scorer *sc = ctx->scorer;

    ss_bayes_out bo;
    st = ss_bayes_score(sc->model, &sc->cfg, &ctx->arena, page, ev, &bo);
    if (st == SS_OK && sc->model)
        st = ss_span_decide_late(page, ev, &ctx->arena, sc->model->p.span);
    if (st != SS_OK)
        return fail(ctx, st, "naive Bayes: %s", ss_strerror(st));
    if (time_up(ctx))
        return fail(ctx, SS_ERR_LIMIT, "time limit reached after naive Bayes");
    page->limits |= bo.limits;
    ss_evidence_features(ev, bo.page_prob, bo.block_max, bo.inject);

    ss_result *r = &ctx->result;
    r->format = page->format;
    r->charset = page->charset;
    r->n_blocks = page->n_blocks;
    r->bayes_score = bo.page_prob;
    r->score = ss_page_score(sc->weights, ev->feat, ev->floor);
    double heur[SS_FEAT_COUNT];
    memcpy(heur, ev->feat, sizeof heur);
    heur[SS_FEAT_BAYES] = 0;
    heur[SS_FEAT_BAYES_BLOCK_MAX] = 0;
    heur[SS_FEAT_BAYES_INJECT] = 0;
    r->heuristic_score = ss_page_score(sc->weights, heur, ev->floor);
    ss_score_term *terms = ss_arena_alloc(&ctx->arena, SS_FEAT_COUNT * sizeof *terms);
    if (!terms)
        return fail(ctx, SS_ERR_LIMIT, "result: arena cap");
    for (unsigned i = 0; i < SS_FEAT_COUNT; i++)
        terms[i] = (ss_score_term){ss_feature_name(i), ev->feat[i], sc->weights[i], NULL};
    term_texts(ev, terms);
    r->terms = terms;
    r->n_terms = SS_FEAT_COUNT;
    r->floor = r->score > ss_combine(sc->weights, ev->feat) ? ev->floor : 0;
    if (r->score >= sc->spam_cutoff)
        r->verdict = SS_VERDICT_SPAM;
    else if (r->score <= sc->ham_cutoff)
        r->verdict = SS_VERDICT_HAM;
    else
        r->verdict = SS_VERDICT_UNSURE;

    st = build_flags(ctx);
    if (st != SS_OK)
        return fail(ctx, st, "result: %s", ss_strerror(st));
    r->author = page->meta.author ? page->meta.author
                                  : ss_meta_visible_author(&ctx->arena, page);
    r->date = page->meta.date ? page->meta.date
                              : ss_meta_visible_date(&ctx->arena, page);
    r->language = page->meta.lang;
    r->site_name = page->meta.site_name;
    r->canonical_url = page->meta.canonical;
    r->title = ss_clean_title(&ctx->arena, page, ev);
    if (!r->title)
        return fail(ctx, SS_ERR_LIMIT, "result: arena cap");
    if (opts->want_clean) {
        r->clean_text = ss_clean_text(&ctx->arena, page, ev, &r->clean_len);
        if (!r->clean_text)
            return fail(ctx, SS_ERR_LIMIT, "clean text: arena cap");
    }
    if (opts->want_clean && !clean_fallback(&ctx->arena, page, ev, &r->clean_text, &r->clean_len))
        return fail(ctx, SS_ERR_LIMIT, "clean text: arena cap");
    if (opts->want_markdown) {
        r->clean_markdown = ss_clean_markdown(&ctx->arena, page, ev, &r->markdown_len);
        if (!r->clean_markdown ||
            !clean_fallback(&ctx->arena, page, ev, &r->clean_markdown, &r->markdown_len))
            return fail(ctx, SS_ERR_LIMIT, "clean markdown: arena cap");
    }
    r->n_limits = ss_page_limit_names(page->limits, ctx->limit_names,
                                      MAX_LIMIT_NAMES);
    r->limits = ctx->limit_names;
    *out = r;
    return SS_OK;
}
