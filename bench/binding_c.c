/*
 * binding_c.c - the C side of bench/binding: score every page of a list
 * with libspamscore (shipped rules and model, cleaned text on, as
 * spamscore.Scorer.score does by default) and print the seconds spent in
 * ss_ctx_score (wall and CPU time of the process), best of N rounds. Pages are read into memory first, so
 * only scoring is timed, exactly what the Python loop times.
 *
 *   cc -O2 -Ifilter bench/binding_c.c -Lbuild -lspamscore -o binding_c
 *   binding_c [--repeat N] MODELS_DIR LIST
 *
 * LIST has one file path per line. Prints
 * "pages N failed F seconds WALL cpu CPU".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spamscore.h"

#define MAX_PAGES 100000

typedef struct page {
    char *data;
    size_t len;
} page;

/* Seconds on clock c. */
static double
now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read a whole file into *out; 0 on failure. */
static int
slurp(const char *path,
      page *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    out->data = buf;
    out->len = len;
    return buf != NULL;
}

int
main(int argc,
     char **argv)
{
    int repeat = 3, a = 1;
    if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
        repeat = atoi(argv[2]);
        a = 3;
    }
    if (argc - a != 2 || repeat < 1) {
        fprintf(stderr, "usage: binding_c [--repeat N] MODELS_DIR LIST\n");
        return 2;
    }
    char path[4096], err[512] = "";
    ss_rules *rules = NULL;
    ss_model *model = NULL;
    ss_scorer *sc = NULL;
    ss_ctx *ctx = NULL;
    snprintf(path, sizeof path, "%s/default.rules", argv[a]);
    if (ss_rules_load(path, &rules, err, sizeof err) != SS_OK) {
        fprintf(stderr, "binding_c: %s\n", err);
        return 1;
    }
    snprintf(path, sizeof path, "%s/default.model.gz", argv[a]);
    if (ss_model_open(path, &model, err, sizeof err) != SS_OK) {
        fprintf(stderr, "binding_c: %s\n", err);
        return 1;
    }
    ss_config cfg;
    ss_config_default(&cfg);
    if (ss_scorer_create(&cfg, rules, model, &sc) != SS_OK
        || ss_ctx_create(sc, &ctx) != SS_OK) {
        fprintf(stderr, "binding_c: cannot create the scorer\n");
        return 1;
    }
    FILE *list = fopen(argv[a + 1], "r");
    if (!list) {
        perror(argv[a + 1]);
        return 1;
    }
    page *pages = calloc(MAX_PAGES, sizeof *pages);
    size_t n = 0;
    while (pages && n < MAX_PAGES && fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = '\0';
        if (path[0] && slurp(path, &pages[n]))
            n++;
    }
    fclose(list);
    double best = -1, best_cpu = -1;
    size_t failed = 0;
    for (int r = 0; r < repeat; r++) {
        ss_doc_opts opts = {.format = SS_FORMAT_AUTO, .want_clean = true};
        failed = 0;
        double t0 = now(CLOCK_MONOTONIC);
        double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        for (size_t i = 0; i < n; i++) {
            const ss_result *res;
            if (ss_ctx_score(ctx, pages[i].data, pages[i].len, &opts, &res)
                != SS_OK)
                failed++;
        }
        double t = now(CLOCK_MONOTONIC) - t0;
        double c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (best < 0 || t < best)
            best = t;
        if (best_cpu < 0 || c < best_cpu)
            best_cpu = c;
    }
    printf("pages %zu failed %zu seconds %.6f cpu %.6f\n", n, failed, best,
           best_cpu);
    for (size_t i = 0; i < n; i++)
        free(pages[i].data);
    free(pages);
    ss_ctx_free(ctx);
    ss_scorer_free(sc);
    ss_model_free(model);
    ss_rules_free(rules);
    return 0;
}
