/*
 * test_shipped.c - the shipped defaults are consistent with the repository:
 * models/default.rules compiles, and models/default.model.gz holds exactly
 * the image that training on corpus/ with those rules produces (a stale
 * model fails here; regenerate it with the command in corpus/README.md).
 * The images are compared, not the compressed bytes, which another zlib
 * may lay out differently.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "spamscore.h"

TestSuite(shipped, .timeout = 600);

/* Read a whole file, gunzipped if it is compressed, into a malloc'ed
 * buffer. OUT: *len. */
static char *
slurp(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    int r;
    while (buf && (r = gzread(f, buf + n, (unsigned)(cap - n))) > 0) {
        got = (size_t)r;
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    gzclose(f);
    *len = n;
    return buf;
}

Test(shipped, default_rules_compile)
{
    char err[512] = "";
    ss_rules *rules = NULL;
    ss_status st = ss_rules_load(SS_SOURCE_DIR "/models/default.rules", &rules,
                                 err, sizeof err);
    cr_assert_eq(st, SS_OK, "default.rules: %s", err);
    cr_assert_gt(ss_rules_count(rules), 10);
    ss_rules_free(rules);
}

Test(shipped, default_model_is_trained_from_corpus)
{
    char err[512] = "";
    ss_rules *rules = NULL;
    cr_assert_eq(ss_rules_load(SS_SOURCE_DIR "/models/default.rules", &rules,
                               err, sizeof err), SS_OK, "%s", err);
    ss_config cfg;
    ss_config_default(&cfg);
    ss_trainer *tr = NULL;
    cr_assert_eq(ss_trainer_create(&cfg, rules, &tr), SS_OK);
    ss_corpus *corpus = NULL;
    cr_assert_eq(ss_corpus_open(SS_SOURCE_DIR "/corpus", &corpus, err,
                                sizeof err), SS_OK, "%s", err);
    const ss_corpus_doc *doc;
    size_t n = 0;
    for (;;) {
        ss_status st = ss_corpus_next(corpus, &doc, err, sizeof err);
        cr_assert_eq(st, SS_OK, "corpus: %s", err);
        if (!doc)
            break;
        cr_assert_eq(ss_trainer_add(tr, doc, false, err, sizeof err), SS_OK,
                     "%s: %s", doc->name, err);
        n++;
    }
    cr_assert_geq(n, 400, "the corpus must hold at least 400 pages");
    char tmp[] = "/tmp/ss-shipped-XXXXXX";
    int fd = mkstemp(tmp);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(ss_trainer_write(tr, tmp, true, err, sizeof err), SS_OK,
                 "%s", err);

    size_t la, lb;
    char *a = slurp(tmp, &la);
    char *b = slurp(SS_SOURCE_DIR "/models/default.model.gz", &lb);
    unlink(tmp);
    cr_assert_not_null(a);
    cr_assert_not_null(b, "models/default.model.gz is missing");
    cr_assert(la == lb && memcmp(a, b, la) == 0,
              "models/default.model.gz is stale: retrain it with "
              "`build/spamscore train corpus/ -o models/default.model.gz`");
    free(a);
    free(b);
    ss_corpus_free(corpus);
    ss_trainer_free(tr);
    ss_rules_free(rules);
}
