/*
 * test_model.c - the model file: round trip, text dump, refusal of corrupt,
 * truncated, foreign and future files, of hostile ones (huge declared sizes,
 * gzip bombs, crafted tables), merge, and replay of the fuzzer's regression
 * inputs (tests/fuzz/corpus/model/).
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include "bayes.h"
#include "model.h"
#include "tokenize.h"

#define TEST_TMPDIR_NAME "model"
#include "test_tmpdir.h"

TestSuite(model, .init = tmpdir_setup, .fini = tmpdir_teardown);

static ss_model_tok
tok(const char *text, uint32_t spam, uint32_t ham)
{
    ss_model_tok t = {ss_token_hash(text, strlen(text)), spam, ham, 0, 0, text,
                      (uint32_t)strlen(text)};
    return t;
}

/* Write a small model: 3 spam, 2 ham documents, four tokens. */
static void
write_model(const char *path, uint32_t scale, double bias)
{
    ss_model_params p;
    ss_model_params_default(&p);
    p.n_spam = 3 * scale;
    p.n_ham = 2 * scale;
    p.has_combiner = true;
    p.weights[SS_FEAT_BIAS] = bias;
    p.weights[SS_FEAT_BAYES] = 5.0;
    p.spam_cutoff = 0.8;
    p.ham_cutoff = 0.2;
    ss_model_tok v[] = {tok("cheap", 3 * scale, 0), tok("lunch", 0, 2 * scale),
                        tok("cheap pills", 2 * scale, 0),
                        tok("tab\there", scale, scale)};
    unsigned char *img;
    size_t len;
    cr_assert_eq(ss_model_serialize(&p, v, 4, &img, &len), SS_OK);
    char err[256];
    cr_assert_eq(ss_model_write_image(path, img, len, err, sizeof err), SS_OK,
                 "%s", err);
    free(img);
}

typedef struct sink {
    char buf[8192];
    size_t len;
} sink;

static int
collect(void *ud, const char *line, size_t len)
{
    sink *s = ud;
    if (s->len + len + 2 < sizeof s->buf) {
        memcpy(s->buf + s->len, line, len);
        s->len += len;
        s->buf[s->len++] = '\n';
        s->buf[s->len] = '\0';
    }
    return 0;
}

static unsigned char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*len + 1);
    cr_assert_eq(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

static void
spew(const char *path, const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(b, 1, len, f), len);
    fclose(f);
}

Test(model, round_trip_keeps_counts_and_probabilities)
{
    const char *p = path_in("a.model");
    write_model(p, 1, -1.5);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_open(p, &m, err, sizeof err), SS_OK, "%s", err);
    ss_model_tok t;
    cr_assert(ss_model_lookup(m, ss_token_hash("cheap", 5), &t));
    cr_assert_eq(t.spam, 3);
    cr_assert_eq(t.ham, 0);
    cr_assert_eq(t.len, 5);
    cr_assert_eq(memcmp(t.text, "cheap", 5), 0);
    cr_assert_not(ss_model_lookup(m, ss_token_hash("absent", 6), &t));
    cr_assert_eq(m->p.n_spam, 3);
    cr_assert_eq(m->p.n_ham, 2);
    double w[SS_FEAT_COUNT], sc, hc;
    cr_assert(ss_model_combiner(m, w, &sc, &hc));
    cr_assert_eq(w[SS_FEAT_BIAS], -1.5, "weights are stored bit-exact");
    cr_assert_eq(sc, 0.8);
    cr_assert_eq(hc, 0.2);
    uint64_t h[] = {ss_token_hash("cheap", 5)};
    /* f = (0.3*0.5 + 3*1) / 3.3 with the default s = 0.3 */
    cr_assert_float_eq(ss_bayes_prob(m, h, 1, false, NULL, 0, NULL),
                       (0.3 * 0.5 + 3.0) / 3.3, 1e-12);
    ss_model_free(m);
}

Test(model, dump_prints_header_and_sorted_tokens)
{
    const char *p = path_in("a.model");
    write_model(p, 1, -1.5);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(p, &m, NULL, 0), SS_OK);
    sink s = {.len = 0};
    cr_assert_eq(ss_model_dump(m, collect, &s), SS_OK);
    cr_assert(strstr(s.buf, "# version 1\n"), "%s", s.buf);
    cr_assert(strstr(s.buf, "# documents spam 3 ham 2\n"), "%s", s.buf);
    cr_assert(strstr(s.buf, "# weight bias -1.5\n"), "%s", s.buf);
    const char *body = strstr(s.buf, "# tokens 4\n");
    cr_assert_not_null(body, "%s", s.buf);
    cr_assert_str_eq(body, "# tokens 4\ncheap\t3\t0\ncheap pills\t2\t0\n"
                           "lunch\t0\t2\ntab\\there\t1\t1\n");
    ss_model_free(m);
}

/* Open path and expect status st with needle in the message. */
static void
expect_refused(const char *p, ss_status st, const char *needle)
{
    ss_model *m = (ss_model *)1;
    char err[256] = "";
    cr_assert_eq(ss_model_open(p, &m, err, sizeof err), st, "%s", err);
    cr_assert_null(m);
    cr_assert(strstr(err, needle), "message '%s' lacks '%s'", err, needle);
    cr_assert(strstr(err, p), "message '%s' names the file", err);
}

Test(model, refuses_corrupt_truncated_foreign_and_future_files)
{
    const char *p = path_in("a.model");
    write_model(p, 1, 0);
    size_t len;
    unsigned char *img = slurp(p, &len);
    const char *q = path_in("bad.model");

    unsigned char *c = malloc(len);
    memcpy(c, img, len);
    c[len - 3] ^= 0x20; /* a byte of the string pool */
    spew(q, c, len);
    expect_refused(q, SS_ERR_MODEL, "checksum");

    memcpy(c, img, len);
    c[SS_MODEL_HEADER_BYTES + 9] ^= 1; /* a count in the table */
    spew(q, c, len);
    expect_refused(q, SS_ERR_MODEL, "checksum");

    spew(q, img, len - 7);
    expect_refused(q, SS_ERR_MODEL, "truncated");
    spew(q, img, 100);
    expect_refused(q, SS_ERR_MODEL, "truncated");
    spew(q, img, 0);
    expect_refused(q, SS_ERR_MODEL, "magic");

    memcpy(c, img, len);
    memcpy(c, "GIF89a..", 8);
    spew(q, c, len);
    expect_refused(q, SS_ERR_MODEL, "magic");

    memcpy(c, img, len);
    c[8] = 6; /* version 6 */
    spew(q, c, len);
    expect_refused(q, SS_ERR_VERSION, "version 6");

    /* Version 2 announces a span section; this image has none. */
    memcpy(c, img, len);
    c[8] = 2;
    spew(q, c, len);
    expect_refused(q, SS_ERR_MODEL, "span section");

    expect_refused(path_in("missing.model"), SS_ERR_IO, "No such file");
    free(c);
    free(img);
}

Test(model, writing_is_deterministic_and_atomic)
{
    const char *p = path_in("a.model"), *q = path_in("b.model");
    write_model(p, 1, 0.25);
    write_model(q, 1, 0.25);
    size_t la, lb;
    unsigned char *a = slurp(p, &la), *b = slurp(q, &lb);
    cr_assert_eq(la, lb);
    cr_assert_eq(memcmp(a, b, la), 0);
    free(a);
    free(b);
    /* No temporary file is left behind. */
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        cr_assert_null(strstr(e->d_name, ".tmp"), "%s", e->d_name);
    closedir(d);
    char err[256] = "";
    unsigned char x[1] = {0};
    cr_assert_eq(ss_model_write_image("/nonexistent-dir/m.model", x, 1, err,
                                      sizeof err), SS_ERR_IO);
    cr_assert_neq(err[0], '\0');
}

Test(model, merge_adds_counts_and_averages_weights_by_documents)
{
    const char *a = path_in("a.model"), *b = path_in("b.model");
    const char *c = path_in("c.model");
    write_model(a, 1, 1.0);  /* 5 documents, bias 1 */
    write_model(b, 3, -1.0); /* 15 documents, bias -1 */
    const char *paths[] = {a, b};
    char err[256] = "";
    cr_assert_eq(ss_model_merge(paths, 2, c, err, sizeof err), SS_OK, "%s",
                 err);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(c, &m, err, sizeof err), SS_OK, "%s", err);
    cr_assert_eq(m->p.n_spam, 12);
    cr_assert_eq(m->p.n_ham, 8);
    ss_model_tok t;
    cr_assert(ss_model_lookup(m, ss_token_hash("cheap", 5), &t));
    cr_assert_eq(t.spam, 12);
    cr_assert(ss_model_lookup(m, ss_token_hash("lunch", 5), &t));
    cr_assert_eq(t.ham, 8);
    double w[SS_FEAT_COUNT], sc, hc;
    cr_assert(ss_model_combiner(m, w, &sc, &hc));
    /* (5 * 1 + 15 * -1) / 20 */
    cr_assert_float_eq(w[SS_FEAT_BIAS], -0.5, 1e-12);
    ss_model_free(m);
    const char *bad[] = {a, path_in("missing.model")};
    cr_assert_eq(ss_model_merge(bad, 2, c, err, sizeof err), SS_ERR_IO);
}

static int
nothing(void *ud, const char *line, size_t len)
{
    (void)ud;
    (void)line;
    (void)len;
    return 0;
}

/* Every input the fuzzer ever crashed on (and the seeds) must now be
 * refused or read without a fault (ASan builds catch the latter). */
Test(model, replays_fuzz_regressions)
{
    const char *cdir = SS_SOURCE_DIR "/tests/fuzz/corpus/model";
    DIR *d = opendir(cdir);
    cr_assert_not_null(d, "%s", cdir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", cdir, e->d_name);
        size_t len;
        unsigned char *b = slurp(p, &len);
        ss_model *m = NULL;
        if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
            /* compressed: through the file, as the fuzz target does */
            if (ss_model_open(p, &m, NULL, 0) == SS_OK) {
                ss_model_tok t;
                ss_model_lookup(m, 12345, &t);
                ss_model_dump(m, nothing, NULL);
                ss_model_free(m);
            }
            free(b);
            n++;
            continue;
        }
        if (len >= SS_MODEL_HEADER_BYTES) { /* as the fuzz target does */
            uint32_t c = ss_model_image_crc(b, len);
            for (int i = 0; i < 4; i++)
                b[256 + i] = (unsigned char)(c >> (8 * i));
        }
        if (ss_model_from_buffer(b, len, true, e->d_name, &m, NULL, 0)
            == SS_OK) {
            ss_model_tok t;
            ss_model_lookup(m, 12345, &t);
            ss_model_dump(m, nothing, NULL);
            ss_model_free(m);
        }
        n++;
    }
    closedir(d);
    cr_assert_gt(n, 0);
}

/* A name ending in .gz gives a gzip-compressed file (the shipped model is
 * one) that opens to the same model; a damaged one is refused. */
Test(model, gz_model_files_are_compressed_and_open_the_same)
{
    const char *p = path_in("b.model");
    const char *pz = path_in("b.model.gz");
    write_model(p, 1000, -2.0);
    write_model(pz, 1000, -2.0);
    size_t lp, lz;
    unsigned char *bp = slurp(p, &lp);
    unsigned char *bz = slurp(pz, &lz);
    cr_assert(lz >= 2 && bz[0] == 0x1f && bz[1] == 0x8b, "not gzip");
    cr_assert_lt(lz, lp / 4, "compressed %zu of %zu bytes", lz, lp);
    ss_model *a = NULL, *b = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_open(p, &a, err, sizeof err), SS_OK, "%s", err);
    cr_assert_eq(ss_model_open(pz, &b, err, sizeof err), SS_OK, "%s", err);
    sink sa = {.len = 0}, sb = {.len = 0};
    cr_assert_eq(ss_model_dump(a, collect, &sa), SS_OK);
    cr_assert_eq(ss_model_dump(b, collect, &sb), SS_OK);
    cr_assert_str_eq(sa.buf, sb.buf);
    ss_model_tok t;
    cr_assert(ss_model_lookup(b, ss_token_hash("cheap", 5), &t));
    cr_assert_eq(t.spam, 3000);
    ss_model_free(a);
    ss_model_free(b);

    /* Truncated, or with bytes after the stream: refused, not crashed. */
    const char *bad = path_in("bad.model.gz");
    spew(bad, bz, lz / 2);
    expect_refused(bad, SS_ERR_MODEL, "gzip");
    unsigned char *more = malloc(lz + 4);
    memcpy(more, bz, lz);
    memcpy(more + lz, "junk", 4);
    spew(bad, more, lz + 4);
    expect_refused(bad, SS_ERR_MODEL, "gzip");
    free(more);
    free(bp);
    free(bz);
}

/* Features of a build before version 5: a model that uses none past them
 * is written as such a build writes it. */
#define V4_FEAT 64u

/* The parameters of write_model()'s small model with fitted span weights
 * for the injected-brand kind (cut-off 0.875, weights w0 + feature index
 * for the first V4_FEAT features, 0 past them); returns those weights. */
static ss_span_weights *
span_params(ss_model_params *p,
            double w0)
{
    ss_model_params_default(p);
    p->n_spam = 3;
    p->n_ham = 2;
    ss_span_weights *w = &p->span[SS_FLAG_INJECTED_BRAND];
    w->fitted = true;
    w->cutoff = 0.875;
    for (unsigned i = 0; i < V4_FEAT; i++)
        w->w[i] = w0 + i;
    return w;
}

/* Write the small model of span_params(w0). */
static void
write_span_model(const char *path, double w0)
{
    ss_model_params p;
    span_params(&p, w0);
    ss_model_tok v[] = {tok("cheap", 3, 0), tok("lunch", 0, 2)};
    unsigned char *img;
    size_t len;
    cr_assert_eq(ss_model_serialize(&p, v, 2, &img, &len), SS_OK);
    char err[256];
    cr_assert_eq(ss_model_write_image(path, img, len, err, sizeof err), SS_OK, "%s", err);
    free(img);
}

Test(model, span_weights_round_trip_as_version_2)
{
    const char *p = path_in("span.model");
    write_span_model(p, -2.5);
    size_t len;
    unsigned char *img = slurp(p, &len);
    cr_assert_eq(img[8], SS_MODEL_VERSION_SPAN, "a model with span weights is version 2");
    free(img);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_open(p, &m, err, sizeof err), SS_OK, "%s", err);
    const ss_span_weights *w = &m->p.span[SS_FLAG_INJECTED_BRAND];
    cr_assert(w->fitted);
    cr_assert_eq(w->cutoff, 0.875);
    for (unsigned i = 0; i < SS_SPAN_FEAT_COUNT; i++)
        cr_assert_eq(w->w[i], i < V4_FEAT ? -2.5 + i : 0.0, "weight %u stored bit-exact", i);
    cr_assert_not(m->p.span[SS_FLAG_PROMO_HEADLINE].fitted, "other kinds keep the defaults");
    cr_assert_eq(m->p.span[SS_FLAG_PROMO_HEADLINE].w[SS_SPAN_HAND], 1.0);
    ss_model_tok t;
    cr_assert(ss_model_lookup(m, ss_token_hash("lunch", 5), &t));
    cr_assert_eq(t.ham, 2);
    sink s = {.len = 0};
    cr_assert_eq(ss_model_dump(m, collect, &s), SS_OK);
    cr_assert(strstr(s.buf, "# version 2\n"), "%s", s.buf);
    cr_assert(strstr(s.buf, "# span injected-brand cutoff 0.875\n"), "%s", s.buf);
    cr_assert(strstr(s.buf, "# span_weight injected-brand glued-before -0.5\n"), "%s", s.buf);
    ss_model_free(m);
}

/* The image of write_span_model(path, 0.5) with flag cut-off flag_cut for
 * the injected-brand kind, and fitted promo-headline weights (cut-off 0.75,
 * no flag cut-off); *len bytes, malloc'd. */
static unsigned char *
flag_cut_image(double flag_cut,
               size_t *len)
{
    ss_model_params p;
    span_params(&p, 0.5)->flag_cutoff = flag_cut;
    p.span[SS_FLAG_PROMO_HEADLINE].fitted = true;
    p.span[SS_FLAG_PROMO_HEADLINE].cutoff = 0.75;
    ss_model_tok v[] = {tok("cheap", 3, 0), tok("lunch", 0, 2)};
    unsigned char *img;
    cr_assert_eq(ss_model_serialize(&p, v, 2, &img, len), SS_OK);
    return img;
}

/* Store the CRC of img[0..len) in its header. */
static void
fix_crc(unsigned char *img,
        size_t len)
{
    uint32_t crc = ss_model_image_crc(img, len);
    for (int i = 0; i < 4; i++)
        img[256 + i] = (unsigned char)(crc >> (8 * i));
}

Test(model, flag_cutoffs_round_trip_as_version_3)
{
    size_t len;
    unsigned char *img = flag_cut_image(0.625, &len);
    cr_assert_eq(img[8], SS_MODEL_VERSION_FLAG);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_from_buffer(img, len, false, "flag", &m, err, sizeof err), SS_OK, "%s",
                 err);
    const ss_span_weights *w = &m->p.span[SS_FLAG_INJECTED_BRAND];
    cr_assert_eq(w->cutoff, 0.875);
    cr_assert_eq(w->flag_cutoff, 0.625);
    cr_assert_eq(ss_span_flag_cut(w), 0.625);
    cr_assert_eq(w->w[SS_SPAN_GLUED_BEFORE], 0.5 + SS_SPAN_GLUED_BEFORE);
    const ss_span_weights *pw = &m->p.span[SS_FLAG_PROMO_HEADLINE];
    cr_assert_eq(ss_span_flag_cut(pw), 0.75, "a kind without one flags at its cut-off");
    sink s = {.len = 0};
    cr_assert_eq(ss_model_dump(m, collect, &s), SS_OK);
    cr_assert(strstr(s.buf, "# version 3\n"), "%s", s.buf);
    cr_assert(strstr(s.buf, "# span injected-brand flag_cutoff 0.625\n"), "%s", s.buf);
    cr_assert(strstr(s.buf, "# span promo-headline flag_cutoff 0.75\n"), "%s", s.buf);
    ss_model_free(m);
    /* Without a flag cut-off below the cut-off the model is version 2 as
     * before, 32 bytes shorter (the "FLAG" header and two entries). */
    size_t len0;
    unsigned char *img0 = flag_cut_image(0, &len0);
    cr_assert_eq(img0[8], SS_MODEL_VERSION_SPAN);
    cr_assert_eq(len0 + 8 + 2 * 12, len);
    free(img0);
    free(img);
}

/* A model written before the flag cut-offs (version 2: a span section
 * that ends with the kinds) loads, and each kind flags at its cut-off; a
 * flag cut-off above its kind's cut-off, a damaged tail, a version 3
 * without one or a version 2 with one is refused. */
Test(model, a_model_without_flag_cutoffs_loads_with_flag_cut_equal_to_cutoff)
{
    size_t len;
    unsigned char *img = flag_cut_image(0.625, &len);
    uint32_t span_len = (uint32_t)img[260] | (uint32_t)img[261] << 8;
    /* The old writer: the same bytes without the 32-byte tail. */
    size_t old_len = len - 32;
    unsigned char *old = malloc(len);
    memcpy(old, img, len);
    span_len -= 32;
    old[8] = SS_MODEL_VERSION_SPAN;
    old[260] = (unsigned char)span_len;
    old[261] = (unsigned char)(span_len >> 8);
    fix_crc(old, old_len);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_from_buffer(old, old_len, false, "old", &m, err, sizeof err), SS_OK,
                 "%s", err);
    const ss_span_weights *w = &m->p.span[SS_FLAG_INJECTED_BRAND];
    cr_assert(w->fitted);
    cr_assert_eq(w->cutoff, 0.875);
    cr_assert_eq(ss_span_flag_cut(w), 0.875);
    cr_assert_eq(ss_span_flag_cut(&m->p.span[SS_FLAG_PROMO_HEADLINE]), 0.75);
    ss_model_free(m);
    old[8] = SS_MODEL_VERSION_FLAG; /* announces a tail it lacks */
    fix_crc(old, old_len);
    cr_assert_eq(ss_model_from_buffer(old, old_len, false, "old", &m, err, sizeof err), SS_ERR_MODEL);
    cr_assert(strstr(err, "span section"), "%s", err);
    /* The flag cut-off of the first entry above its cut-off. */
    unsigned char *bad = malloc(len);
    memcpy(bad, img, len);
    unsigned char *first = bad + len - 24;
    cr_assert_eq(first[0], SS_FLAG_INJECTED_BRAND);
    first[4 + 7] = 0x3f; /* 0.625 -> 0.9375 (exponent kept, mantissa up) */
    first[4 + 6] = 0xee;
    fix_crc(bad, len);
    cr_assert_eq(ss_model_from_buffer(bad, len, false, "bad", &m, err, sizeof err), SS_ERR_MODEL);
    cr_assert(strstr(err, "span section"), "%s", err);
    /* The tail's magic damaged; the tail in a version 2 model. */
    for (int damage = 0; damage < 2; damage++) {
        memcpy(bad, img, len);
        if (damage == 0)
            bad[len - 32] = 'X';
        else
            bad[8] = SS_MODEL_VERSION_SPAN;
        fix_crc(bad, len);
        cr_assert_eq(ss_model_from_buffer(bad, len, false, "bad", &m, err, sizeof err),
                     SS_ERR_MODEL, "damage %d", damage);
        cr_assert(strstr(err, "span section"), "%s", err);
    }
    free(bad);
    free(old);
    free(img);
}

/* A promotional-language table of three tokens ("earn" in 30 of 40
 * promotional lines and 1 of 50 ordinary ones, "council" 0 and 20,
 * "today" 10 and 10) in a map; the table's entries in *ent (malloc'd). */
static ss_linetab
small_linetab(unsigned char **ent)
{
    ss_countmap map;
    ss_countmap_init(&map);
    const char *w[] = {"earn", "council", "today", "once"};
    uint32_t sp[] = {30, 0, 10, 1}, hm[] = {1, 20, 10, 0};
    for (int i = 0; i < 4; i++)
        cr_assert_eq(ss_countmap_add(&map, ss_token_hash(w[i], strlen(w[i])), NULL, 0, sp[i],
                                     hm[i], 0, 0, NULL), SS_OK);
    ss_linetab t = {.n_spam = 40, .n_ham = 50};
    cr_assert_eq(ss_linetab_build(&map, SS_LINETAB_MIN_SEEN, ent, &t.n), SS_OK);
    t.ent = *ent;
    ss_countmap_free(&map);
    return t;
}

/* A model with a promotional-language table is version 4: the table ends
 * the span section (after the flag cut-offs), a token seen in one line is
 * left out, a line's score is the sum of its known tokens' log ratios,
 * merge sums two tables, and entries out of order are refused. */
Test(model, promotional_language_table_round_trips_as_version_4)
{
    ss_model_params p;
    span_params(&p, 0.5);
    unsigned char *ent = NULL;
    p.lines = small_linetab(&ent);
    p.n_bham = 10; /* honest short blocks: "council" in 9 of them */
    cr_assert_eq(p.lines.n, 3, "the token of one line is left out");
    ss_model_tok v[] = {tok("cheap", 3, 0), tok("lunch", 0, 2), tok("council", 0, 0)};
    v[2].bham = 9;
    unsigned char *img;
    size_t len;
    cr_assert_eq(ss_model_serialize(&p, v, 3, &img, &len), SS_OK);
    free(ent);
    cr_assert_eq(img[8], SS_MODEL_VERSION_LINES);
    char err[256] = "";
    const char *path = path_in("lines.model");
    cr_assert_eq(ss_model_write_image(path, img, len, err, sizeof err), SS_OK, "%s", err);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(path, &m, err, sizeof err), SS_OK, "%s", err);
    cr_assert_eq(m->p.lines.n_spam, 40);
    cr_assert_eq(m->p.lines.n_ham, 50);
    cr_assert_eq(m->p.span[SS_FLAG_INJECTED_BRAND].cutoff, 0.875);
    uint64_t h[] = {ss_token_hash("earn", 4), ss_token_hash("council", 7),
                    ss_token_hash("unknown", 7)};
    double earn = log(31.0 / 42) - log(2.0 / 52), council = log(1.0 / 42) - log(21.0 / 52);
    cr_assert_float_eq(ss_linetab_odds(&m->p.lines, NULL, NULL, 0, h, 1), earn, 1e-12);
    cr_assert_float_eq(ss_linetab_odds(&m->p.lines, NULL, NULL, 0, h, 3), (earn + council) / sqrt(2), 1e-12,
                       "an unknown token adds nothing");
    /* With the honest blocks, a token's ordinary side is the mean of its
     * share of ordinary lines and of honest blocks. */
    double earn_b = log(31.0 / 42) - log(0.5 * 2.0 / 52 + 0.5 * 1.0 / 12);
    double council_b = log(1.0 / 42) - log(0.5 * 21.0 / 52 + 0.5 * 10.0 / 12);
    cr_assert_float_eq(ss_linetab_odds(&m->p.lines, m, NULL, 0, h, 3), (earn_b + council_b) / sqrt(2),
                       1e-12);
    sink s = {.len = 0};
    cr_assert_eq(ss_model_dump(m, collect, &s), SS_OK);
    cr_assert(strstr(s.buf, "# version 4\n"), "%s", s.buf);
    cr_assert(strstr(s.buf, "# lines spam 40 ham 50 tokens 3\n"), "%s", s.buf);
    ss_model_free(m);
    const char *paths[] = {path, path};
    const char *merged = path_in("merged.model");
    cr_assert_eq(ss_model_merge(paths, 2, merged, err, sizeof err), SS_OK, "%s", err);
    cr_assert_eq(ss_model_open(merged, &m, err, sizeof err), SS_OK, "%s", err);
    cr_assert_eq(m->p.lines.n_spam, 80);
    uint32_t ns, nh;
    cr_assert(ss_linetab_lookup(&m->p.lines, h[0], &ns, &nh));
    cr_assert_eq(ns, 60);
    cr_assert_eq(nh, 2);
    ss_model_free(m);
    /* The first two entries swapped: the binary search would miss. */
    unsigned char *bad = malloc(len), sw[16];
    memcpy(bad, img, len);
    unsigned char *e0 = bad + len - 3 * 16;
    memcpy(sw, e0, 16);
    memcpy(e0, e0 + 16, 16);
    memcpy(e0 + 16, sw, 16);
    fix_crc(bad, len);
    cr_assert_eq(ss_model_from_buffer(bad, len, false, "bad", &m, err, sizeof err), SS_ERR_MODEL);
    cr_assert(strstr(err, "span section"), "%s", err);
    free(bad);
    free(img);
}

/* The image of write_span_model(path, 0.5) (one kind, no trees) as a
 * build with nf features per kind writes it, version 5: the weights past
 * V4_FEAT are 7, the flag cut-offs' header ends the section
 * (no entry, no promotional-language table); *len bytes, malloc'd. */
static unsigned char *
wide_image(uint32_t nf,
           size_t *len)
{
    const char *path = path_in("span.model");
    write_span_model(path, 0.5);
    size_t n0;
    unsigned char *img = slurp(path, &n0);
    uint32_t span0 = (uint32_t)img[260] | (uint32_t)img[261] << 8;
    size_t extra = 8u * (nf - V4_FEAT);
    size_t span = span0 + extra + 8;
    unsigned char *w = calloc(1, n0 + extra + 8);
    /* everything up to the end of the kind's weights, as it was */
    size_t kw = n0 - span0 + 12 + 16 + 8u * V4_FEAT;
    cr_assert_eq(kw, n0, "one kind, no trees: its weights end the image");
    memcpy(w, img, n0);
    for (size_t i = 0; i < extra; i += 8)
        memcpy(w + n0 + i, "\0\0\0\0\0\0\x1c\x40", 8); /* 7.0 */
    memcpy(w + n0 + extra, "FLAG\0\0\0\0", 8);
    size_t sec = n0 - span0;
    w[sec + 4] = (unsigned char)nf;
    w[8] = SS_MODEL_VERSION_WIDE;
    w[260] = (unsigned char)span;
    w[261] = (unsigned char)(span >> 8);
    *len = n0 + extra + 8;
    fix_crc(w, *len);
    free(img);
    return w;
}

/* A model of a build with more span features (version 5, up to
 * SS_SPAN_MAX_FEAT weights per kind) loads: the weights this build knows
 * are read, the others ignored, and there is no promotional-language
 * table. More than SS_SPAN_MAX_FEAT, or more than 64 in a version 4 file,
 * is refused. */
Test(model, a_model_with_more_span_features_loads_as_version_5)
{
    size_t len;
    unsigned char *img = wide_image(SS_SPAN_MAX_FEAT, &len);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_from_buffer(img, len, false, "wide", &m, err, sizeof err), SS_OK, "%s",
                 err);
    const ss_span_weights *w = &m->p.span[SS_FLAG_INJECTED_BRAND];
    cr_assert(w->fitted);
    cr_assert_eq(w->cutoff, 0.875);
    for (unsigned i = 0; i < SS_SPAN_FEAT_COUNT; i++)
        cr_assert_eq(w->w[i], i < V4_FEAT ? 0.5 + i : 7.0, "weight %u", i);
    cr_assert_not(ss_linetab_present(&m->p.lines));
    sink s = {.len = 0};
    cr_assert_eq(ss_model_dump(m, collect, &s), SS_OK);
    /* this build writes it as the lowest version that holds what it keeps
     * of it: version 5 when it keeps a weight past 64 (this build has
     * more than 64 features), else version 2 */
    cr_assert(strstr(s.buf, SS_SPAN_FEAT_COUNT > V4_FEAT ? "# version 5\n" : "# version 2\n"),
              "%s", s.buf);
    ss_model_free(m);
    img[8] = SS_MODEL_VERSION_LINES;
    fix_crc(img, len);
    cr_assert_eq(ss_model_from_buffer(img, len, false, "wide", &m, err, sizeof err), SS_ERR_MODEL);
    cr_assert(strstr(err, "span section"), "%s", err);
    free(img);
    img = wide_image(SS_SPAN_MAX_FEAT + 1, &len);
    cr_assert_eq(ss_model_from_buffer(img, len, false, "wide", &m, err, sizeof err), SS_ERR_MODEL);
    cr_assert(strstr(err, "span section"), "%s", err);
    free(img);
}

/* A model whose kind uses a feature past the first 64 (a weight, or a
 * tree node that tests it) is written as version 5 with all of this
 * build's weights, and reads back the same; without it, the version
 * before (span_weights_round_trip_as_version_2). */
Test(model, a_model_that_uses_a_feature_past_64_is_version_5)
{
    if (SS_SPAN_FEAT_COUNT <= V4_FEAT)
        return; /* a build with 64 features or fewer writes none */
    for (int use = 0; use < 2; use++) {
        ss_model_params p;
        ss_span_weights *w = span_params(&p, 0.5);
        if (use == 0) {
            w->w[V4_FEAT] = -3.25;
        } else {
            w->n_trees = 1;
            w->tree[0].feat[3] = V4_FEAT;
        }
        ss_model_tok v[] = {tok("cheap", 3, 0), tok("lunch", 0, 2)};
        unsigned char *img;
        size_t len;
        cr_assert_eq(ss_model_serialize(&p, v, 2, &img, &len), SS_OK);
        cr_assert_eq(img[8], SS_MODEL_VERSION_WIDE, "use %d", use);
        ss_model *m = NULL;
        char err[256] = "";
        cr_assert_eq(ss_model_from_buffer(img, len, true, "wide", &m, err, sizeof err), SS_OK,
                     "%s", err);
        const ss_span_weights *r = &m->p.span[SS_FLAG_INJECTED_BRAND];
        cr_assert_eq(r->w[V4_FEAT], use == 0 ? -3.25 : 0.0);
        cr_assert_eq(r->n_trees, (unsigned)use);
        if (use)
            cr_assert_eq(r->tree[0].feat[3], V4_FEAT);
        ss_model_free(m);
    }
}

/* A model like write_span_model()'s whose injected-brand kind carries two
 * trees; its image in *img (malloc'd), *len bytes. */
static void
span_tree_image(unsigned char **img, size_t *len)
{
    ss_model_params p;
    ss_model_params_default(&p);
    p.n_spam = 3;
    p.n_ham = 2;
    ss_span_weights *w = &p.span[SS_FLAG_INJECTED_BRAND];
    w->fitted = true;
    w->cutoff = 0.875;
    w->w[SS_SPAN_BIAS] = -1.0;
    w->n_trees = 2;
    for (unsigned t = 0; t < 2; t++) {
        for (unsigned i = 0; i < SS_SPAN_TREE_NODES; i++) {
            w->tree[t].feat[i] = SS_SPAN_GLUED_BEFORE + i + t;
            w->tree[t].thr[i] = 0.25 * i - t;
        }
        for (unsigned i = 0; i < SS_SPAN_TREE_LEAVES; i++)
            w->tree[t].leaf[i] = 0.125 * i - 0.5 * t;
    }
    ss_model_tok v[] = {tok("cheap", 3, 0), tok("lunch", 0, 2)};
    cr_assert_eq(ss_model_serialize(&p, v, 2, img, len), SS_OK);
}

Test(model, span_trees_round_trip_and_score)
{
    unsigned char *img;
    size_t len;
    span_tree_image(&img, &len);
    const char *p = path_in("trees.model");
    char err[256] = "";
    cr_assert_eq(ss_model_write_image(p, img, len, err, sizeof err), SS_OK, "%s", err);
    free(img);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(p, &m, err, sizeof err), SS_OK, "%s", err);
    const ss_span_weights *w = &m->p.span[SS_FLAG_INJECTED_BRAND];
    cr_assert_eq(w->n_trees, 2);
    for (unsigned t = 0; t < 2; t++) {
        for (unsigned i = 0; i < SS_SPAN_TREE_NODES; i++) {
            cr_assert_eq(w->tree[t].feat[i], SS_SPAN_GLUED_BEFORE + i + t);
            cr_assert_eq(w->tree[t].thr[i], 0.25 * i - t);
        }
        for (unsigned i = 0; i < SS_SPAN_TREE_LEAVES; i++)
            cr_assert_eq(w->tree[t].leaf[i], 0.125 * i - 0.5 * t);
    }
    /* All features 0: tree 0 goes 0 -> 1 (0 > 0 is false) -> 3 (0 > 0.25
     * false) -> node 7, leaf 0 (value 0); tree 1's thresholds are
     * 0.25 i - 1: node 0 (-1) right to 2, node 2 (-0.5) right to 6, node 6
     * (0.5) left to node 13, leaf 6 (0.75 - 0.5). */
    double x[SS_SPAN_FEAT_COUNT] = {0};
    cr_assert_float_eq(ss_span_trees(w, x), 0.25, 1e-12);
    x[SS_SPAN_BIAS] = 1;
    cr_assert_float_eq(ss_span_prob(w, x), 1 / (1 + exp(1.0 - 0.25)), 1e-12);
    sink s = {.len = 0};
    cr_assert_eq(ss_model_dump(m, collect, &s), SS_OK);
    cr_assert(strstr(s.buf, "# span_trees injected-brand 2 (depth 3)\n"), "%s", s.buf);
    ss_model_free(m);
}

Test(model, a_damaged_span_tree_is_refused)
{
    for (int damage = 0; damage < 3; damage++) {
        unsigned char *img;
        size_t len;
        span_tree_image(&img, &len);
        uint32_t span_len = (uint32_t)img[260] | (uint32_t)img[261] << 8;
        unsigned char *e = img + len - span_len + 12; /* the first kind */
        if (damage == 0)
            e[4] = 200; /* more trees than SS_SPAN_TREES_MAX */
        else if (damage == 1)
            e[4] = 3; /* more trees than the section holds */
        else /* the first tree's first node names feature 64 */
            e[16 + 8 * V4_FEAT] = 64;
        uint32_t crc = ss_model_image_crc(img, len);
        for (int i = 0; i < 4; i++)
            img[256 + i] = (unsigned char)(crc >> (8 * i));
        const char *q = path_in("bad.model");
        spew(q, img, len);
        free(img);
        ss_model *m = NULL;
        char err[256] = "";
        cr_assert_eq(ss_model_open(q, &m, err, sizeof err), SS_ERR_MODEL, "damage %d", damage);
        cr_assert(strstr(err, "span section"), "%s", err);
    }
}

Test(model, a_model_without_span_weights_is_version_1_and_gets_the_defaults)
{
    const char *p = path_in("a.model");
    write_model(p, 1, 0);
    size_t len;
    unsigned char *img = slurp(p, &len);
    cr_assert_eq(img[8], SS_MODEL_VERSION, "written byte for byte as before");
    cr_assert_eq(img[260] | img[261] | img[262] | img[263], 0);
    free(img);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(p, &m, NULL, 0), SS_OK);
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++) {
        cr_assert_not(m->p.span[k].fitted);
        cr_assert_eq(m->p.span[k].w[SS_SPAN_HAND], 1.0);
        cr_assert_eq(m->p.span[k].w[SS_SPAN_BIAS], 0.0);
        cr_assert_eq(m->p.span[k].cutoff, SS_SPAN_DEFAULT_CUTOFF);
    }
    ss_model_free(m);
}

Test(model, a_damaged_span_section_is_refused)
{
    const char *p = path_in("span.model");
    write_span_model(p, 0.5);
    size_t len;
    unsigned char *img = slurp(p, &len);
    const char *q = path_in("bad.model");
    uint32_t span_len = (uint32_t)img[260] | (uint32_t)img[261] << 8;
    cr_assert_gt(span_len, 12);
    img[len - span_len] = 'X'; /* the section's magic */
    uint32_t crc = ss_model_image_crc(img, len);
    for (int i = 0; i < 4; i++)
        img[256 + i] = (unsigned char)(crc >> (8 * i));
    spew(q, img, len);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_open(q, &m, err, sizeof err), SS_ERR_MODEL);
    cr_assert(strstr(err, "span section"), "%s", err);
    free(img);
}

Test(model, merge_keeps_the_first_models_span_weights)
{
    const char *a = path_in("span.model"), *b = path_in("b.model"), *c = path_in("c.model");
    write_span_model(a, 1.5);
    write_model(b, 2, 0);
    const char *const in[] = {a, b};
    char err[256] = "";
    cr_assert_eq(ss_model_merge(in, 2, c, err, sizeof err), SS_OK, "%s", err);
    ss_model *m = NULL;
    cr_assert_eq(ss_model_open(c, &m, err, sizeof err), SS_OK, "%s", err);
    cr_assert(m->p.span[SS_FLAG_INJECTED_BRAND].fitted);
    cr_assert_eq(m->p.span[SS_FLAG_INJECTED_BRAND].w[SS_SPAN_GLUED_BEFORE], 1.5 + SS_SPAN_GLUED_BEFORE);
    cr_assert_eq(m->p.n_spam, 3 + 6);
    ss_model_free(m);
    /* The other order: the first model has none, so neither has the merge. */
    const char *const in2[] = {b, a};
    cr_assert_eq(ss_model_merge(in2, 2, c, err, sizeof err), SS_OK, "%s", err);
    cr_assert_eq(ss_model_open(c, &m, err, sizeof err), SS_OK, "%s", err);
    cr_assert_not(m->p.span[SS_FLAG_INJECTED_BRAND].fitted);
    ss_model_free(m);
}

/* ------------------------------------------------------------------ */
/* Hostile model files                                                 */

/* Store v as n little-endian bytes at p. */
static void
put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Re-seal an edited image with its checksum, as a crafter would. */
static void
reseal(unsigned char *img, size_t len)
{
    put_le(img + 256, ss_model_image_crc(img, len), 4);
}

/* in[0..n) gzipped as one member, in a new buffer of *zlen bytes. */
static unsigned char *
gz_bytes(const void *in, size_t n, size_t *zlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
                              Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, (uLong)n);
    unsigned char *out = malloc(cap);
    cr_assert_not_null(out);
    z.next_in = (unsigned char *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *zlen = z.total_out;
    deflateEnd(&z);
    return out;
}

/* gzip in[0..n) as one member appended to f. */
static void
gz_member(FILE *f, const void *in, size_t n)
{
    size_t zlen;
    unsigned char *z = gz_bytes(in, n, &zlen);
    cr_assert_eq(fwrite(z, 1, zlen, f), zlen);
    free(z);
}

/* Peak resident set of this test's process, in KiB. */
static long
peak_rss_kib(void)
{
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_maxrss;
}

/* The header of an empty model whose table fields say slots and pool. */
static unsigned char *
header_claiming(uint64_t slots, uint64_t pool, size_t *len)
{
    ss_model_params p;
    ss_model_params_default(&p);
    unsigned char *img;
    ss_model_tok none[1];
    cr_assert_eq(ss_model_serialize(&p, none, 0, &img, len), SS_OK);
    put_le(img + 240, slots, 8);
    put_le(img + 248, pool, 8);
    return img;
}

/* A header that declares more than a model file may have (4 GiB) is
 * refused on its own, plain or compressed, before anything is allocated
 * for the table. */
Test(model, a_header_declaring_a_huge_table_is_refused)
{
    static const uint64_t claims[][2] = {
        {1ull << 32, 0},             /* 128 GiB of table */
        {16, (uint64_t)4 << 30},     /* a 4 GiB string pool */
        {1ull << 27, 1ull << 20},    /* 4 GiB + 1 MiB */
    };
    for (size_t i = 0; i < sizeof claims / sizeof claims[0]; i++) {
        size_t len;
        unsigned char *img = header_claiming(claims[i][0], claims[i][1], &len);
        const char *q = path_in("huge.model");
        spew(q, img, len);
        expect_refused(q, SS_ERR_MODEL, "a model file may have");
        const char *qz = path_in("huge.model.gz");
        FILE *f = fopen(qz, "wb");
        cr_assert_not_null(f);
        gz_member(f, img, len);
        fclose(f);
        expect_refused(qz, SS_ERR_MODEL, "a model file may have");
        free(img);
    }
}

/*
 * A gzip bomb: a valid header declaring a 1 GiB table, then 1 GiB of zeros
 * (1,024 gzip members of 1 MiB, about 1 MB on disk). The header is read
 * first; the file is refused for declaring more than 100 times its
 * compressed size, and memory stays small (inflating it would take 1 GiB).
 */
Test(model, a_gzip_bomb_is_refused_before_it_is_inflated)
{
    size_t len;
    unsigned char *img = header_claiming(1ull << 25, 0, &len);
    const char *qz = path_in("bomb.model.gz");
    FILE *f = fopen(qz, "wb");
    cr_assert_not_null(f);
    gz_member(f, img, SS_MODEL_HEADER_BYTES);
    unsigned char *zeros = calloc(1, 1u << 20);
    cr_assert_not_null(zeros);
    size_t member;
    unsigned char *z = gz_bytes(zeros, 1u << 20, &member);
    for (int i = 0; i < 1024; i++)
        cr_assert_eq(fwrite(z, 1, member, f), member);
    free(z);
    cr_assert_eq(fclose(f), 0);
    free(zeros);
    free(img);
    long rss0 = peak_rss_kib();
    expect_refused(qz, SS_ERR_MODEL, "more than 100 times the");
    long grown = peak_rss_kib() - rss0;
    cr_log_info("gzip bomb (%zu-byte members): peak RSS grew by %ld KiB", member, grown);
    cr_assert_lt(grown, 64 * 1024, "opening took %ld KiB", grown);
}

/* Every prefix of a version 2 model (header, table, string pool, span
 * section) is refused with a message, plain and compressed, and so is a
 * compressed model whose data is longer than its header says. */
Test(model, truncated_sections_are_refused)
{
    const char *p = path_in("span.model");
    write_span_model(p, 0.5);
    size_t len;
    unsigned char *img = slurp(p, &len);
    const char *q = path_in("cut.model");
    for (size_t cut = 0; cut < len; cut++) {
        spew(q, img, cut);
        ss_model *m = (ss_model *)1;
        char err[256] = "";
        cr_assert_eq(ss_model_open(q, &m, err, sizeof err), SS_ERR_MODEL,
                     "cut at %zu: %s", cut, err);
        cr_assert_null(m);
        cr_assert(strstr(err, cut < 8 ? "magic" : "truncated"), "cut at %zu: %s", cut, err);
    }
    const char *qz = path_in("cut.model.gz");
    for (size_t cut = SS_MODEL_HEADER_BYTES; cut < len; cut += 7) {
        FILE *f = fopen(qz, "wb");
        cr_assert_not_null(f);
        gz_member(f, img, cut);
        fclose(f);
        expect_refused(qz, SS_ERR_MODEL, "shorter than its header says");
    }
    unsigned char *longer = calloc(1, len + 100);
    memcpy(longer, img, len);
    FILE *f = fopen(qz, "wb");
    cr_assert_not_null(f);
    gz_member(f, longer, len + 100);
    fclose(f);
    expect_refused(qz, SS_ERR_MODEL, "longer than its header says");
    /* the image itself, compressed, still opens */
    f = fopen(qz, "wb");
    gz_member(f, img, len);
    fclose(f);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_open(qz, &m, err, sizeof err), SS_OK, "%s", err);
    ss_model_free(m);
    free(longer);
    free(img);
}

/* Tables the writer never makes: more than half full, or tokens whose
 * hashes a crafter chose so that they form one run of 1,100 slots (each
 * lookup of an unknown token would walk it). Both are refused. */
Test(model, crafted_tables_are_refused)
{
    size_t n = 1100;
    ss_model_tok *v = calloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (ss_model_tok){i + 1, 1, 0, 0, 0, NULL, 0};
    ss_model_params p;
    ss_model_params_default(&p);
    unsigned char *img;
    size_t len;
    cr_assert_eq(ss_model_serialize(&p, v, n, &img, &len), SS_OK);
    const char *q = path_in("run.model");
    spew(q, img, len);
    expect_refused(q, SS_ERR_MODEL, "a run of more than 1024 occupied table slots");
    free(img);

    /* 600 tokens spread out: opens; the same table claiming a fuller
     * load (token count raised past half the slots) does not */
    for (size_t i = 0; i < 600; i++)
        v[i].hash = (i + 1) * 0x9e3779b97f4a7c15ull;
    cr_assert_eq(ss_model_serialize(&p, v, 600, &img, &len), SS_OK);
    spew(q, img, len);
    ss_model *m = NULL;
    char err[256] = "";
    cr_assert_eq(ss_model_open(q, &m, err, sizeof err), SS_OK, "%s", err);
    ss_model_free(m);
    uint64_t slots = 0;
    for (int i = 7; i >= 0; i--)
        slots = slots << 8 | img[240 + i];
    put_le(img + 232, slots / 2, 8);
    reseal(img, len);
    spew(q, img, len);
    expect_refused(q, SS_ERR_MODEL, "table size");
    free(img);
    free(v);
}
