/*
 * tool_eval.c - the eval subcommand of the spamscore command:
 *
 *   spamscore eval CORPUS... [--model M] [--json] [--errors FILE]
 *
 * It reads its inputs through tool_labeled.h (corpora, JSON Lines, WARC
 * with a labels file) one document at a time, with --on-error skip|stop
 * deciding what a bad line or record does; with -j N the documents are
 * scored on N threads and taken in the input's order (tool_lmap.c), so
 * the output does not depend on N. eval reports page-level precision,
 * recall, F1, ROC AUC and the false-positive rate at the model's
 * cut-offs, the verdicts per injection family, and for each flag kind
 * the recall and precision of the labeled spans: a span counts as found
 * when a flag of the same kind has text that contains it, is contained in
 * it, or shares a substring with it at least half as long as the shorter
 * of the two. A junk-widget span (a list heading or one item of an
 * injected list) also counts as found when the page has a junk-widget
 * flag and the span's text is gone from the cleaned text: the detector
 * flags a list once, by its heading, and --clean drops the whole list. A
 * kind with no labeled span in the corpus has no precision (printed "-",
 * null in JSON).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "tool_cmd.h"
#include "tool_labeled.h"

#define MAX_EVAL_DOCS 50000000u   /* documents eval keeps scores for */
#define OVERLAP_MAX 1024          /* bytes compared by the overlap test */
#define EVAL_MAX_FAMILIES 64      /* distinct family names eval reports */
#define EVAL_FAMILY_NAME 48       /* bytes kept of a family name */

static void
eval_usage(FILE *f,
           const char *prog)
{
    fprintf(f, "usage: %s eval CORPUS... [--jsonl FILE] [--warc FILE"
            " --labels FILE] [--on-error skip|stop] [--errors FILE]"
            " [-j N] [--model MODEL] [--no-model] [--rules FILE]..."
            " [--no-default-rules] [--json]\n", prog);
}

/* One scored corpus document: what the page-level figures need. */
typedef struct eval_point {
    double score;
    int label;
    uint64_t families;   /* bit i: the page has family i of eval_acc */
} eval_point;

/* Per injection family counts. */
typedef struct eval_family {
    char name[EVAL_FAMILY_NAME];
    size_t pages;             /* spam pages of the family */
    size_t judged[3];         /* of them, by verdict (ham, unsure, spam) */
} eval_family;

/* Per flag kind counts. */
typedef struct eval_kind {
    size_t spans, found;      /* labeled spans, and those a flag matched */
    size_t flags, correct;    /* flags, and those matching a labeled span */
} eval_kind;

/* Everything eval accumulates over its corpora. */
typedef struct eval_acc {
    eval_point *pts;
    size_t n_pts, alloc;
    size_t conf[2][3];        /* [label][verdict] */
    eval_kind kinds[SS_FLAG_KIND_COUNT];
    eval_family fams[EVAL_MAX_FAMILIES];
    size_t n_fams;
    size_t fams_dropped;      /* family names past EVAL_MAX_FAMILIES */
    size_t n_failed;
    size_t n_lines;           /* "unit": "line" documents passed over */
} eval_acc;

/* Longest common substring length of a and b (each capped at OVERLAP_MAX
 * bytes), one DP row at a time. */
static size_t
common_substring(const char *a,
                 size_t la,
                 const char *b,
                 size_t lb)
{
    static const size_t cap = OVERLAP_MAX;
    unsigned short prev[OVERLAP_MAX + 1], cur[OVERLAP_MAX + 1];
    size_t i, j, best = 0;

    if (la > cap)
        la = cap;
    if (lb > cap)
        lb = cap;
    memset(prev, 0, sizeof prev);
    for (i = 1; i <= la; i++) {
        cur[0] = 0;
        for (j = 1; j <= lb; j++) {
            if (a[i - 1] == b[j - 1]) {
                cur[j] = (unsigned short)(prev[j - 1] + 1);
                if (cur[j] > best)
                    best = cur[j];
            } else {
                cur[j] = 0;
            }
        }
        memcpy(prev, cur, (lb + 1) * sizeof *cur);
    }
    return best;
}

/* Trim ASCII blanks from both ends of s: start in *p, length returned. */
static size_t
trimmed(const char *s,
        const char **p)
{
    size_t n = s ? strlen(s) : 0;
    s = s ? s : "";
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    *p = s;
    return n;
}

/* Is n[0..nl) a substring of h[0..hl)? (memmem is not in POSIX.) */
static bool
contains(const char *h,
         size_t hl,
         const char *n,
         size_t nl)
{
    size_t i;
    if (nl == 0)
        return true;
    for (i = 0; i + nl <= hl; i++)
        if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
            return true;
    return false;
}

/* Does a flag's text match a labeled span (see the file comment)? */
static bool
texts_overlap(const char *flag,
              const char *span)
{
    const char *a, *b;
    size_t la = trimmed(flag, &a), lb = trimmed(span, &b), lcs, need;

    if (la == 0 || lb == 0)
        return false;
    if (la >= lb ? contains(a, la, b, lb) : contains(b, lb, a, la))
        return true;
    need = (la < lb ? la : lb) / 2;
    if (need < 4)
        need = 4;
    lcs = common_substring(a, la, b, lb);
    return lcs >= need;
}

/* Order eval points by score. */
static int
point_cmp(const void *x,
          const void *y)
{
    const eval_point *a = x, *b = y;
    return (a->score > b->score) - (a->score < b->score);
}

/* ROC AUC by the rank-sum (Mann-Whitney) formula, ties averaged. Sorts pts.
 * Returns -1 when one class is missing. */
static double
roc_auc(eval_point *pts,
        size_t n)
{
    double rank_sum = 0.0, n_pos = 0.0, n_neg = 0.0;
    size_t i = 0;

    qsort(pts, n, sizeof *pts, point_cmp);
    while (i < n) {
        size_t j = i;
        double avg;
        while (j < n && pts[j].score == pts[i].score)
            j++;
        avg = ((double)i + 1.0 + (double)j) / 2.0; /* ranks i+1 .. j */
        for (; i < j; i++) {
            if (pts[i].label) {
                rank_sum += avg;
                n_pos += 1.0;
            } else {
                n_neg += 1.0;
            }
        }
    }
    if (n_pos == 0.0 || n_neg == 0.0)
        return -1.0;
    return (rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg);
}

/* a / b, or -1 when b is 0 (printed as "-" / null). */
static double
ratio(size_t a,
      size_t b)
{
    return b ? (double)a / (double)b : -1.0;
}

/* Print a figure for humans. */
static void
put_fig(FILE *f,
        double x)
{
    if (x < 0)
        fputs("     -", f);
    else
        fprintf(f, "%6.4f", x);
}

/* Print s escaped for a JSON string (without the quotes). */
static void
put_jstr(FILE *f,
         const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            putc(c, f);
    }
}

/* Print a figure for JSON. */
static void
put_jfig(FILE *f,
         double x)
{
    if (x < 0)
        fputs("null", f);
    else
        fprintf(f, "%.4f", x);
}

/* Index of family name in acc, added when new; -1 when the table is full. */
static int
family_index(eval_acc *acc,
             const char *name)
{
    size_t i;
    for (i = 0; i < acc->n_fams; i++)
        if (strncmp(acc->fams[i].name, name, EVAL_FAMILY_NAME - 1) == 0)
            return (int)i;
    if (acc->n_fams == EVAL_MAX_FAMILIES) {
        acc->fams_dropped++;
        return -1;
    }
    snprintf(acc->fams[acc->n_fams].name, EVAL_FAMILY_NAME, "%s", name);
    return (int)acc->n_fams++;
}

/* Count a spam page under each of its families; returns its family bits. */
static uint64_t
count_families(eval_acc *acc,
               const ss_corpus_doc *doc,
               ss_verdict verdict)
{
    uint64_t bits = 0;
    size_t i;
    for (i = 0; i < doc->n_families; i++) {
        int k = family_index(acc, doc->families[i]);
        if (k < 0 || (bits >> k & 1u))
            continue;
        bits |= (uint64_t)1 << k;
        acc->fams[k].pages++;
        acc->fams[k].judged[verdict]++;
    }
    return bits;
}

/* ROC AUC of the spam pages of family k against all ham pages; -1 when
 * either side is empty. */
static double
family_auc(const eval_acc *acc,
           size_t k)
{
    eval_point *sub = malloc((acc->n_pts ? acc->n_pts : 1) * sizeof *sub);
    size_t i, n = 0;
    double auc;
    if (!sub)
        return -1.0;
    for (i = 0; i < acc->n_pts; i++)
        if (!acc->pts[i].label || (acc->pts[i].families >> k & 1u))
            sub[n++] = acc->pts[i];
    auc = roc_auc(sub, n);
    free(sub);
    return auc;
}

/* One corpus being evaluated (the ud of eval_ops). */
typedef struct eval_pass {
    const tool_cmd_env *env;
    const tool_inputs *ins;
    const tool_labeled_spec *spec;
    const ss_scorer *scorer;
    eval_acc *acc;
    FILE *errf;
    size_t bad_run, docs;
    double last;
    bool ok;
} eval_pass;

/* The state of one document in flight: its context and result. */
typedef struct eval_slot {
    ss_ctx *ctx;
    const ss_result *res;
} eval_slot;

/* tool_labeled_ops: a scoring context per document in flight. */
static void *
eval_slot_new(void *ud)
{
    eval_pass *ep = ud;
    eval_slot *es = calloc(1, sizeof *es);
    if (es && ss_ctx_create(ep->scorer, &es->ctx) != SS_OK) {
        free(es);
        es = NULL;
    }
    return es;
}

static void
eval_slot_free(void *ud,
               void *state)
{
    eval_slot *es = state;
    (void)ud;
    if (es)
        ss_ctx_free(es->ctx);
    free(es);
}

/* tool_labeled_ops: score the document (any thread). */
static ss_status
eval_work(void *ud,
          void *state,
          const ss_corpus_doc *doc,
          char *err,
          size_t errlen)
{
    eval_slot *es = state;
    ss_doc_opts dopts;
    ss_status st;
    (void)ud;
    memset(&dopts, 0, sizeof dopts);
    dopts.format = doc->format;
    dopts.want_clean = true;
    es->res = NULL;
    if (doc->unit == SS_UNIT_LINE) /* not a page: eval_done passes it over */
        return SS_OK;
    st = ss_ctx_score(es->ctx, doc->data, doc->len, &dopts, &es->res);
    if (st != SS_OK) {
        const char *m = ss_ctx_error(es->ctx);
        snprintf(err, errlen, "%s: %s", doc->name,
                 m && *m ? m : ss_strerror(st));
        es->res = NULL;
    }
    return st;
}

/* Count one scored document into the eval counters (and --errors);
 * false when the run must stop. */
static bool
eval_count(eval_pass *ep,
           const ss_corpus_doc *doc,
           const ss_result *res)
{
    eval_acc *acc = ep->acc;
    eval_kind *kinds = acc->kinds;
    FILE *errf = ep->errf;
    size_t s, f;

    if (errf && (doc->label ? res->verdict != SS_VERDICT_SPAM
                            : res->verdict == SS_VERDICT_SPAM) &&
        !tool_write_error_record(errf, doc, res)) {
        fprintf(stderr, "%s eval: cannot write the --errors file\n",
                ep->env->prog);
        ep->ok = false;
        return false;
    }
    if (acc->n_pts == acc->alloc) {
        size_t na = acc->alloc ? acc->alloc * 2 : 1024;
        eval_point *np;
        if (na > MAX_EVAL_DOCS) {
            fprintf(stderr, "%s eval: more than %u documents\n",
                    ep->env->prog, MAX_EVAL_DOCS);
            return false;
        }
        np = realloc(acc->pts, na * sizeof *np);
        if (!np) {
            fprintf(stderr, "%s eval: out of memory\n", ep->env->prog);
            return false;
        }
        acc->pts = np;
        acc->alloc = na;
    }
    acc->pts[acc->n_pts].score = res->score;
    acc->pts[acc->n_pts].label = doc->label ? 1 : 0;
    acc->pts[acc->n_pts].families =
        doc->label ? count_families(acc, doc, res->verdict) : 0;
    acc->n_pts++;
    acc->conf[doc->label ? 1 : 0][res->verdict]++;

    bool widget_flagged = false;
    for (f = 0; f < res->n_flags; f++)
        widget_flagged |= res->flags[f].kind == SS_FLAG_JUNK_WIDGET;
    for (s = 0; s < doc->n_spans; s++) {
        ss_flag_kind k = doc->spans[s].kind;
        if ((unsigned)k >= SS_FLAG_KIND_COUNT)
            continue;
        kinds[k].spans++;
        if (k == SS_FLAG_JUNK_WIDGET && widget_flagged &&
            !strstr(res->clean_text, doc->spans[s].text)) {
            kinds[k].found++;
            continue;
        }
        for (f = 0; f < res->n_flags; f++) {
            if (res->flags[f].kind == k &&
                texts_overlap(res->flags[f].text, doc->spans[s].text)) {
                kinds[k].found++;
                break;
            }
        }
    }
    for (f = 0; f < res->n_flags; f++) {
        ss_flag_kind k = res->flags[f].kind;
        if ((unsigned)k >= SS_FLAG_KIND_COUNT)
            continue;
        kinds[k].flags++;
        for (s = 0; s < doc->n_spans; s++) {
            if (doc->spans[s].kind == k &&
                texts_overlap(res->flags[f].text, doc->spans[s].text)) {
                kinds[k].correct++;
                break;
            }
        }
    }
    return true;
}

/* tool_labeled_ops: count the document, in the input's order. */
static bool
eval_done(void *ud,
          void *state,
          const ss_corpus_doc *doc,
          ss_status st,
          const char *err)
{
    eval_pass *ep = ud;
    eval_slot *es = state;
    const char *prog = ep->env->prog;

    if (!doc) { /* the input could not be read here */
        fprintf(stderr, "%s eval: %s\n", prog, err[0] ? err : ss_strerror(st));
        ep->acc->n_failed++;
        if (ep->ins->stop_on_error) {
            fprintf(stderr, "%s eval: %s: stopped (--on-error stop)\n", prog,
                    ep->spec->path);
            ep->ok = false;
            return false;
        }
        return ++ep->bad_run < TOOL_MAX_CONSECUTIVE_BAD;
    }
    ep->bad_run = 0;
    if (st != SS_OK) {
        fprintf(stderr, "%s eval: %s\n", prog, err);
        ep->acc->n_failed++;
        if (ep->ins->stop_on_error) {
            ep->ok = false;
            return false;
        }
        return true;
    }
    if (doc->unit == SS_UNIT_LINE) {
        ep->acc->n_lines++;
        return true;
    }
    if (!eval_count(ep, doc, es->res))
        return false;
    ep->docs++;
    if (tool_now_seconds() - ep->last >= TOOL_PROGRESS_SECONDS) {
        ep->last = tool_now_seconds();
        fprintf(stderr, "%s eval: %zu documents\n", prog, ep->docs);
    }
    return true;
}

/* Score every document of one corpus into the eval counters, on threads
 * threads. Returns false if the corpus could not be read at all, or the
 * run must stop. */
static bool
eval_corpus(const tool_cmd_env *env,
            const tool_inputs *ins,
            const tool_labeled_spec *spec,
            const tool_labels *labels,
            const ss_scorer *scorer,
            unsigned threads,
            eval_acc *acc,
            FILE *errf)
{
    tool_limits lim = {env->cfg.max_page_bytes, 0, false};
    tool_labeled *corpus = NULL;
    char err[1024];
    eval_pass ep = {env, ins, spec, scorer, acc, errf, 0, 0, tool_now_seconds(),
                    true};
    tool_labeled_ops ops = {&ep, eval_slot_new, eval_slot_free, eval_work,
                            eval_done};

    err[0] = '\0';
    corpus = tool_labeled_open(spec, labels, &lim, err, sizeof err);
    if (!corpus) {
        fprintf(stderr, "%s eval: %s\n", env->prog,
                err[0] ? err : "cannot open the corpus");
        return false;
    }
    if (tool_labeled_map(corpus, threads, &ops) != SS_OK) {
        fprintf(stderr, "%s eval: out of memory\n", env->prog);
        ep.ok = false;
    }
    tool_labeled_free(corpus);
    return ep.ok;
}

/* Indexes of acc's families in name order, into order[] (n_fams long). */
static void
family_order(const eval_acc *acc,
             size_t *order)
{
    size_t i, j;
    for (i = 0; i < acc->n_fams; i++) {
        size_t k = i;
        for (j = i; j > 0 && strcmp(acc->fams[order[j - 1]].name,
                                    acc->fams[k].name) > 0; j--)
            order[j] = order[j - 1];
        order[j] = k;
    }
}

/* Print the eval report, for humans or as one JSON object. */
static void
eval_report(FILE *f,
            bool json,
            const eval_acc *acc,
            double auc)
{
    const size_t (*conf)[3] = acc->conf;
    const eval_kind *kinds = acc->kinds;
    size_t n_failed = acc->n_failed;
    size_t order[EVAL_MAX_FAMILIES];
    size_t tp = conf[1][SS_VERDICT_SPAM], fp = conf[0][SS_VERDICT_SPAM];
    size_t n_spam = conf[1][0] + conf[1][1] + conf[1][2];
    size_t n_ham = conf[0][0] + conf[0][1] + conf[0][2];
    double prec = ratio(tp, tp + fp), rec = ratio(tp, n_spam);
    double f1 = (prec > 0 && rec > 0) ? 2 * prec * rec / (prec + rec)
                                      : (prec < 0 || rec < 0 ? -1.0 : 0.0);
    double fpr = ratio(fp, n_ham);
    unsigned k;

    family_order(acc, order);
    if (json) {
        fprintf(f, "{\"documents\": %zu, \"spam\": %zu, \"ham\": %zu, "
                "\"failed\": %zu, \"precision\": ", n_spam + n_ham, n_spam,
                n_ham, n_failed);
        put_jfig(f, prec);
        fputs(", \"recall\": ", f);
        put_jfig(f, rec);
        fputs(", \"f1\": ", f);
        put_jfig(f, f1);
        fputs(", \"roc_auc\": ", f);
        put_jfig(f, auc);
        fputs(", \"false_positive_rate\": ", f);
        put_jfig(f, fpr);
        fprintf(f, ", \"confusion\": {\"spam\": {\"spam\": %zu, \"unsure\": %zu,"
                " \"ham\": %zu}, \"ham\": {\"spam\": %zu, \"unsure\": %zu, "
                "\"ham\": %zu}}, \"kinds\": {",
                conf[1][SS_VERDICT_SPAM], conf[1][SS_VERDICT_UNSURE],
                conf[1][SS_VERDICT_HAM], conf[0][SS_VERDICT_SPAM],
                conf[0][SS_VERDICT_UNSURE], conf[0][SS_VERDICT_HAM]);
        for (k = 0; k < SS_FLAG_KIND_COUNT; k++) {
            fprintf(f, "%s\"%s\": {\"spans\": %zu, \"found\": %zu, "
                    "\"flags\": %zu, \"correct\": %zu, \"recall\": ",
                    k ? ", " : "", ss_flag_kind_name((ss_flag_kind)k),
                    kinds[k].spans, kinds[k].found, kinds[k].flags,
                    kinds[k].correct);
            put_jfig(f, ratio(kinds[k].found, kinds[k].spans));
            fputs(", \"precision\": ", f);
            put_jfig(f, kinds[k].spans ? ratio(kinds[k].correct, kinds[k].flags)
                                       : -1.0);
            putc('}', f);
        }
        fputs("}, \"families\": {", f);
        for (k = 0; k < acc->n_fams; k++) {
            const eval_family *fm = &acc->fams[order[k]];
            fprintf(f, "%s\"", k ? ", " : "");
            put_jstr(f, fm->name);
            fprintf(f, "\": {\"pages\": %zu, \"spam\": %zu, \"unsure\": %zu, "
                    "\"ham\": %zu, \"recall\": ", fm->pages,
                    fm->judged[SS_VERDICT_SPAM], fm->judged[SS_VERDICT_UNSURE],
                    fm->judged[SS_VERDICT_HAM]);
            put_jfig(f, ratio(fm->judged[SS_VERDICT_SPAM], fm->pages));
            fputs(", \"roc_auc\": ", f);
            put_jfig(f, family_auc(acc, order[k]));
            putc('}', f);
        }
        fputs("}}\n", f);
        return;
    }
    fprintf(f, "documents         %zu (spam %zu, ham %zu, failed %zu)\n",
            n_spam + n_ham, n_spam, n_ham, n_failed);
    fprintf(f, "spam pages        %zu spam, %zu unsure, %zu ham\n",
            conf[1][SS_VERDICT_SPAM], conf[1][SS_VERDICT_UNSURE],
            conf[1][SS_VERDICT_HAM]);
    fprintf(f, "ham pages         %zu spam, %zu unsure, %zu ham\n",
            conf[0][SS_VERDICT_SPAM], conf[0][SS_VERDICT_UNSURE],
            conf[0][SS_VERDICT_HAM]);
    fputs("precision         ", f);
    put_fig(f, prec);
    fputs("\nrecall            ", f);
    put_fig(f, rec);
    fputs("\nF1                ", f);
    put_fig(f, f1);
    fputs("\nROC AUC           ", f);
    put_fig(f, auc);
    fputs("\nfalse positives   ", f);
    put_fig(f, fpr);
    fprintf(f, " (%zu of %zu ham pages judged spam)\n\n", fp, n_ham);
    fputs("flag kind          spans  found  recall   flags correct precision\n",
          f);
    for (k = 0; k < SS_FLAG_KIND_COUNT; k++) {
        if (kinds[k].spans == 0 && kinds[k].flags == 0)
            continue;
        fprintf(f, "%-16s %7zu %6zu  ", ss_flag_kind_name((ss_flag_kind)k),
                kinds[k].spans, kinds[k].found);
        put_fig(f, ratio(kinds[k].found, kinds[k].spans));
        fprintf(f, " %7zu %7zu    ", kinds[k].flags, kinds[k].correct);
        /* A kind the corpus does not label has no precision to speak of. */
        put_fig(f, kinds[k].spans ? ratio(kinds[k].correct, kinds[k].flags)
                                  : -1.0);
        putc('\n', f);
    }
    if (acc->n_fams == 0)
        return;
    fputs("\nfamily             pages   spam unsure  recall ROC AUC\n", f);
    for (k = 0; k < acc->n_fams; k++) {
        const eval_family *fm = &acc->fams[order[k]];
        fprintf(f, "%-16.16s %7zu %6zu %6zu  ", fm->name, fm->pages,
                fm->judged[SS_VERDICT_SPAM], fm->judged[SS_VERDICT_UNSURE]);
        put_fig(f, ratio(fm->judged[SS_VERDICT_SPAM], fm->pages));
        putc(' ', f);
        put_fig(f, family_auc(acc, order[k]));
        putc('\n', f);
    }
    if (acc->fams_dropped)
        fprintf(f, "(%zu family labels past the first %d names not counted)\n",
                acc->fams_dropped, EVAL_MAX_FAMILIES);
}

/* spamscore eval CORPUS... [--model M] [--no-model] [--rules F] [--json]
 * [-j N] */
int
tool_cmd_eval(const tool_cmd_env *env,
              int argc,
              char **argv)
{
    if (tool_wants_help(argc, argv)) {
        eval_usage(stdout, env->prog);
        return fflush(stdout) == 0 ? 0 : 4;
    }
    tool_rules_opts ro;
    tool_inputs ins;
    tool_labels *labels = NULL;
    const char *model_path = NULL, *errors_path = NULL;
    FILE *errf = NULL;
    size_t c;
    eval_acc acc;
    bool json = false, no_model = false, ok = true;
    unsigned threads = 1;
    ss_rules *rules = NULL;
    ss_model *model = NULL;
    ss_scorer *scorer = NULL;
    char err[1024], note[512];
    int i, status = 1;

    memset(&ro, 0, sizeof ro);
    memset(&acc, 0, sizeof acc);
    ro.extra = calloc((size_t)argc + 1, sizeof *ro.extra);
    if (!ro.extra || !tool_inputs_init(&ins, argc + 1)) {
        fprintf(stderr, "%s eval: out of memory\n", env->prog);
        free(ro.extra);
        return 1;
    }
    for (i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--no-model") == 0) {
            no_model = true;
        } else if (strcmp(argv[i], "--errors") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s eval: --errors needs a file\n", env->prog);
                status = 2;
                goto free_args;
            }
            errors_path = argv[++i];
        } else if (strcmp(argv[i], "--model") == 0 ||
                   strncmp(argv[i], "--model=", 8) == 0) {
            if (argv[i][7] == '=') {
                model_path = argv[i] + 8;
            } else if (i + 1 < argc) {
                model_path = argv[++i];
            } else {
                fprintf(stderr, "%s eval: --model needs an argument\n",
                        env->prog);
                status = 2;
                goto free_args;
            }
        } else if ((r = tool_take_rules_opt(argc, argv, &i, &ro)) != 0 ||
                   (r = tool_take_jobs_opt(argc, argv, &i, &threads)) != 0 ||
                   (r = tool_inputs_take(&ins, argc, argv, &i)) != 0) {
            if (r < 0) {
                fprintf(stderr, "%s eval: %s needs a valid argument\n",
                        env->prog, argv[i]);
                status = 2;
                goto free_args;
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "%s eval: unknown option %s\n", env->prog, argv[i]);
            status = 2;
            goto free_args;
        } else {
            tool_inputs_add(&ins, argv[i]);
        }
    }
    if (ins.n == 0) {
        eval_usage(stderr, env->prog);
        status = 2;
        goto free_args;
    }
    err[0] = '\0';
    if (!tool_inputs_ready(&ins, &labels, err, sizeof err)) {
        fprintf(stderr, "%s eval: %s\n", env->prog, err);
        status = 2;
        goto free_args;
    }
    if (errors_path && !(errf = fopen(errors_path, "w"))) {
        fprintf(stderr, "%s eval: %s: %s\n", env->prog, errors_path,
                strerror(errno));
        goto free_args;
    }
    if (tool_load_rules_or_say(env, "eval", &ro, &rules) != SS_OK)
        goto free_args;
    err[0] = '\0';
    if (tool_load_model(env->models_dir, no_model, model_path, &model, err,
                        sizeof err, note, sizeof note) != SS_OK) {
        fprintf(stderr, "%s eval: %s: %s\n", env->prog,
                model_path ? model_path : "default model",
                err[0] ? err : "cannot open the model");
        goto free_rules;
    }
    if (note[0])
        fprintf(stderr, "%s eval: note: %s\n", env->prog, note);
    if (ss_scorer_create(&env->cfg, rules, model, &scorer) != SS_OK) {
        fprintf(stderr, "%s eval: cannot create the scorer\n", env->prog);
        goto free_scorer;
    }
    for (c = 0; c < ins.n && ok; c++)
        ok &= eval_corpus(env, &ins, &ins.specs[c], labels, scorer, threads,
                          &acc, errf);
    if (errf && fflush(errf) != 0) {
        fprintf(stderr, "%s eval: %s: cannot write\n", env->prog, errors_path);
        ok = false;
    }
    if (!ok)
        goto free_scorer;
    if (acc.n_lines)
        fprintf(stderr, "%s eval: passed over %zu line documents (\"unit\": "
                "\"line\": training statistics, not pages)\n", env->prog, acc.n_lines);
    eval_report(stdout, json, &acc, roc_auc(acc.pts, acc.n_pts));
    status = (fflush(stdout) != 0 || acc.n_failed) ? 1 : 0;
free_scorer:
    ss_scorer_free(scorer);
    ss_model_free(model);
free_rules:
    ss_rules_free(rules);
free_args:
    if (errf && fclose(errf) != 0 && status == 0)
        status = 1;
    tool_labels_free(labels);
    free(acc.pts);
    tool_inputs_free(&ins);
    free(ro.extra);
    return status;
}
