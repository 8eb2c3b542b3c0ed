/*
 * test_corpus.c - the labeled corpus readers: labels.jsonl manifests,
 * spam/ and ham/ trees, label<TAB>text files, and bad entries reported as
 * "file:line: message" without stopping the reader.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "spamscore.h"

#define TEST_TMPDIR_NAME "corpus"
#include "test_tmpdir.h"

#define MINI SS_TEST_DATA "/corpus-mini"

static ss_corpus *
open_ok(const char *path)
{
    ss_corpus *c = NULL;
    char err[512] = "";
    cr_assert_eq(ss_corpus_open(path, &c, err, sizeof err), SS_OK, "%s", err);
    return c;
}

static const ss_corpus_doc *
next_ok(ss_corpus *c)
{
    const ss_corpus_doc *d = NULL;
    char err[512] = "";
    cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_OK, "%s", err);
    return d;
}

static bool
ends_with(const char *s, const char *suf)
{
    size_t ls = strlen(s), lf = strlen(suf);
    return ls >= lf && strcmp(s + ls - lf, suf) == 0;
}

Test(corpus, manifest_gives_pages_labels_and_spans)
{
    ss_corpus *c = open_ok(MINI "/pages");
    size_t n = 0, spam = 0, spans = 0;
    const ss_corpus_doc *d;
    while ((d = next_ok(c)) != NULL) {
        cr_assert_eq(d->format, SS_FORMAT_HTML, "%s", d->name);
        cr_assert_gt(d->len, 100);
        cr_assert_not_null(strstr(d->data, "<html>"));
        if (d->label) {
            spam++;
            cr_assert_eq(d->n_spans, 1);
            cr_assert_eq(d->spans[0].kind, SS_FLAG_PROMO_HEADLINE);
            cr_assert_not_null(strstr(d->data, d->spans[0].text),
                               "span text is in the page");
            spans++;
        } else {
            cr_assert_eq(d->n_spans, 0);
        }
        n++;
    }
    cr_assert_eq(n, 16);
    cr_assert_eq(spam, 8);
    cr_assert_eq(spans, 8);
    ss_corpus_free(c);
}

Test(corpus, bad_manifest_lines_are_reported_and_skipped)
{
    ss_corpus *c = open_ok(MINI "/bad");
    struct {
        ss_status st;
        const char *msg;
    } want[] = {
        {SS_OK, NULL},
        {SS_ERR_FORMAT, "labels.jsonl:2: "},
        {SS_ERR_FORMAT, "labels.jsonl:3: \"file\" must be a relative path"},
        {SS_ERR_FORMAT, "labels.jsonl:4: \"file\" must be a relative path"},
        {SS_ERR_FORMAT, "labels.jsonl:5: \"label\""},
        {SS_ERR_FORMAT, "labels.jsonl:6: unknown span kind"},
        {SS_ERR_IO, "labels.jsonl:7: "},
        {SS_OK, NULL},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const ss_corpus_doc *d = NULL;
        char err[512] = "";
        ss_status st = ss_corpus_next(c, &d, err, sizeof err);
        cr_assert_eq(st, want[i].st, "entry %zu: %s", i, err);
        if (want[i].msg) {
            cr_assert_null(d);
            cr_assert_not_null(strstr(err, want[i].msg), "entry %zu: '%s'", i,
                               err);
        } else {
            cr_assert_not_null(d, "entry %zu", i);
            cr_assert_eq(d->format, SS_FORMAT_TEXT);
        }
    }
    /* The last good line: numeric label, one slogan span. */
    cr_assert_null(next_ok(c));
    ss_corpus_free(c);
}

Test(corpus, spam_and_ham_trees_in_sorted_order)
{
    ss_corpus *c = open_ok(MINI "/dirs");
    const char *names[] = {"ham/c.eml", "ham/d.txt.gz", "spam/b.txt",
                           "spam/sub/a.html"};
    int labels[] = {0, 0, 1, 1};
    ss_format fmts[] = {SS_FORMAT_AUTO, SS_FORMAT_TEXT, SS_FORMAT_TEXT,
                        SS_FORMAT_HTML};
    for (int i = 0; i < 4; i++) {
        const ss_corpus_doc *d = next_ok(c);
        cr_assert_not_null(d, "doc %d", i);
        cr_assert(ends_with(d->name, names[i]), "%s", d->name);
        cr_assert_eq(d->label, labels[i], "%s", d->name);
        cr_assert_eq(d->format, fmts[i], "%s", d->name);
        if (i == 1) /* gzip'ed on disk, plain text here */
            cr_assert_eq(strncmp(d->data, "I left the keys", 15), 0);
    }
    cr_assert_null(next_ok(c), "hidden files are skipped");
    ss_corpus_free(c);
}

Test(corpus, label_tab_text_lines)
{
    ss_corpus *c = open_ok(MINI "/bad.tsv");
    const ss_corpus_doc *d = next_ok(c);
    cr_assert_eq(d->label, 1);
    cr_assert_eq(d->format, SS_FORMAT_TEXT);
    cr_assert_eq(d->len, strlen("free cash now"));
    cr_assert_eq(memcmp(d->data, "free cash now", d->len), 0);
    cr_assert(ends_with(d->name, "bad.tsv:1"), "%s", d->name);
    d = next_ok(c);
    cr_assert_eq(d->label, 1, "1 means spam");
    char err[512] = "";
    cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_ERR_FORMAT);
    cr_assert(strstr(err, "bad.tsv:3: label must be"), "%s", err);
    cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_ERR_FORMAT);
    cr_assert(strstr(err, "bad.tsv:4: expected label<TAB>text"), "%s", err);
    d = next_ok(c);
    cr_assert_eq(d->label, 0, "0 means ham, the reader went on");
    cr_assert(ends_with(d->name, "bad.tsv:5"), "%s", d->name);
    cr_assert_null(next_ok(c));
    ss_corpus_free(c);
}

Test(corpus, refuses_what_is_not_a_corpus)
{
    ss_corpus *c = NULL;
    char err[512] = "";
    cr_assert_eq(ss_corpus_open(MINI "/nope", &c, err, sizeof err), SS_ERR_IO);
    cr_assert_null(c);
    cr_assert(strstr(err, "nope"), "%s", err);
    cr_assert_eq(ss_corpus_open(MINI "/dirs/spam", &c, err, sizeof err),
                 SS_ERR_FORMAT);
    cr_assert(strstr(err, "not a corpus"), "%s", err);
    ss_corpus_free(NULL);
}

/* Write text to dir/name. */
static void
put(const char *name,
    const char *text)
{
    FILE *f = fopen(path_in(name), "w");
    cr_assert_not_null(f, "%s", path_in(name));
    fputs(text, f);
    fclose(f);
}

Test(corpus, families_and_extra_fields_of_injected_pages,
     .init = tmpdir_setup, .fini = tmpdir_teardown)
{
    put("p.txt", "Harbor works finish early\nThe crews left on Friday.\n");
    put("labels.jsonl",
        "{\"file\": \"p.txt\", \"label\": \"spam\", \"layout\": \"t\", "
        "\"spans\": [{\"kind\": \"link-injection\", \"text\": \"crews\"}], "
        "\"family\": [\"title-brand\", \"hidden-links\"], \"site\": \"a.test\", "
        "\"split\": \"train\", \"page_type\": \"article\", \"case\": \"x\"}\n"
        "{\"file\": \"p.txt\", \"label\": \"spam\", \"spans\": [], "
        "\"family\": \"counter\"}\n"
        "{\"file\": \"p.txt\", \"label\": \"ham\", \"spans\": [], "
        "\"family\": []}\n"
        "{\"file\": \"p.txt\", \"label\": \"spam\", \"family\": [3]}\n"
        "{\"file\": \"p.txt\", \"label\": \"spam\", \"family\": {}}\n"
        "{\"file\": \"p.txt\", \"label\": \"ham\"}\n");
    ss_corpus *c = open_ok(dir);
    const ss_corpus_doc *d = next_ok(c);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_families, 2);
    cr_assert_str_eq(d->families[0], "title-brand");
    cr_assert_str_eq(d->families[1], "hidden-links");
    cr_assert_eq(d->n_spans, 1);
    cr_assert_eq(d->spans[0].kind, SS_FLAG_LINK_INJECTION);
    cr_assert_str_eq(ss_flag_kind_name(SS_FLAG_LINK_INJECTION),
                     "link-injection");
    cr_assert_str_eq(d->site, "a.test");
    d = next_ok(c);
    cr_assert_null(d->site, "no site given");
    cr_assert_eq(d->n_families, 1, "one name as a string");
    cr_assert_str_eq(d->families[0], "counter");
    d = next_ok(c);
    cr_assert_eq(d->n_families, 0);
    cr_assert_null(d->families);
    for (int i = 0; i < 2; i++) {
        char err[512] = "";
        d = NULL;
        cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_ERR_FORMAT);
        cr_assert_not_null(strstr(err, "family"), "%s", err);
    }
    d = next_ok(c);
    cr_assert_not_null(d, "the reader goes on after a bad family");
    cr_assert_eq(d->n_families, 0, "families of an earlier page do not leak");
    cr_assert_null(next_ok(c));
    ss_corpus_free(c);
}

/* Inline JSON Lines (a pipeline's format): label, html or text, spans, id
 * and url come through; bad lines are reported with their line numbers and
 * the reader goes on; gzip works; the suffix picks the format. */
Test(corpus, inline_jsonl_documents_and_bad_lines, .init = tmpdir_setup,
     .fini = tmpdir_teardown)
{
    static const char text[] =
        "{\"label\": \"spam\", \"html\": \"<p>Win a prize</p>\", \"id\": 7,"
        " \"url\": \"http://a.example/1\", \"spans\": [{\"kind\":"
        " \"promo-headline\", \"text\": \"Win a prize\"}]}\n"
        "\n"
        "{\"label\": \"ham\", \"text\": \"The council met.\", \"id\": \"x\"}\n"
        "{\"label\": \"maybe\", \"text\": \"t\"}\n"
        "{\"label\": \"ham\"}\n"
        "[1, 2]\n"
        "{\"label\": \"spam\", \"text\": \"t\", \"spans\": [{\"kind\": \"no\","
        " \"text\": \"t\"}]}\n"
        "{\"label\": 1, \"text\": \"last one\"}\n";
    const char *names[] = {"docs.jsonl", "docs.ndjson.gz"};
    for (int k = 0; k < 2; k++) {
        const char *p = path_in(names[k]);
        gzFile g = gzopen(p, k ? "wb" : "wbT");
        cr_assert_not_null(g);
        cr_assert_eq(gzwrite(g, text, sizeof text - 1), (int)sizeof text - 1);
        gzclose(g);
        cr_assert(ss_corpus_is_jsonl_name(p));
        ss_corpus *c = open_ok(p);
        const ss_corpus_doc *d = next_ok(c);
        cr_assert_eq(d->label, 1);
        cr_assert_eq(d->format, SS_FORMAT_HTML);
        cr_assert_eq(d->len, strlen("<p>Win a prize</p>"));
        cr_assert_str_eq(d->id, "7");
        cr_assert_str_eq(d->url, "http://a.example/1");
        cr_assert_eq(d->n_spans, 1);
        cr_assert_str_eq(d->spans[0].text, "Win a prize");
        cr_assert(ends_with(d->name, ":1"), "%s", d->name);
        d = next_ok(c);
        cr_assert_eq(d->label, 0);
        cr_assert_eq(d->format, SS_FORMAT_TEXT);
        cr_assert_str_eq(d->id, "x");
        cr_assert_null(d->url);
        cr_assert(ends_with(d->name, ":3"), "blank line counted: %s", d->name);
        static const char *const bad[] = {":4: \"label\"", ":5: \"html\" or",
                                          ":6: not a JSON object",
                                          ":7: unknown span kind"};
        for (int b = 0; b < 4; b++) {
            char err[512] = "";
            cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_ERR_FORMAT);
            cr_assert_null(d);
            cr_assert_not_null(strstr(err, bad[b]), "%s", err);
        }
        d = next_ok(c);
        cr_assert_eq(d->label, 1);
        cr_assert_str_eq(d->data, "last one");
        cr_assert_null(next_ok(c));
        ss_corpus_free(c);
    }
    cr_assert_not(ss_corpus_is_jsonl_name("labels.tsv"));
}

/* A NUL byte inside a line stays in that line (an error for JSON, data for
 * label<TAB>text): it neither joins the line to the next nor hides the
 * rest of it. gzip data that ends too soon is an error, not a quiet end.
 * (Both found by fuzz_corpus: the line reader used gzgets.) */
Test(corpus, nul_bytes_and_truncated_gzip, .init = tmpdir_setup, .fini = tmpdir_teardown)
{
    static const char jl[] = "{\"label\": \"ham\", \"text\": \"a\0 b\"}\n"
                             "{\"label\": \"spam\", \"text\": \"c\"}\n";
    const char *p = path_in("nul.jsonl");
    FILE *f = fopen(p, "wb");
    cr_assert_eq(fwrite(jl, 1, sizeof jl - 1, f), sizeof jl - 1);
    fclose(f);
    ss_corpus *c = open_ok(p);
    const ss_corpus_doc *d = NULL;
    char err[512] = "";
    cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_ERR_FORMAT);
    cr_assert(strstr(err, "nul.jsonl:1: "), "%s", err);
    d = next_ok(c);
    cr_assert_str_eq(d->data, "c");
    cr_assert(ends_with(d->name, ":2"), "%s", d->name);
    cr_assert_null(next_ok(c));
    ss_corpus_free(c);

    static const char tsv[] = "spam\tcheap\0pills\nham\tlunch\n";
    p = path_in("nul.tsv");
    f = fopen(p, "wb");
    cr_assert_eq(fwrite(tsv, 1, sizeof tsv - 1, f), sizeof tsv - 1);
    fclose(f);
    c = open_ok(p);
    d = next_ok(c);
    cr_assert_eq(d->len, 11);
    cr_assert_eq(memcmp(d->data, "cheap\0pills", 11), 0);
    d = next_ok(c);
    cr_assert_str_eq(d->data, "lunch");
    cr_assert_null(next_ok(c));
    ss_corpus_free(c);

    /* a gzip file cut in the middle: the documents before the cut, then an
     * error naming the line after them */
    char big[64 * 1024];
    size_t n = 0;
    for (int i = 0; n + 80 < sizeof big; i++)
        n += (size_t)snprintf(big + n, sizeof big - n,
                              "{\"label\": \"ham\", \"text\": \"line %d %x\"}\n", i,
                              (unsigned)(i * 2654435761u));
    p = path_in("cut.jsonl.gz");
    gzFile g = gzopen(p, "wb");
    cr_assert_eq(gzwrite(g, big, (unsigned)n), (int)n);
    gzclose(g);
    f = fopen(p, "rb");
    unsigned char zbuf[64 * 1024];
    size_t zl = fread(zbuf, 1, sizeof zbuf, f);
    fclose(f);
    f = fopen(p, "wb");
    cr_assert_eq(fwrite(zbuf, 1, zl / 2, f), zl / 2);
    fclose(f);
    c = open_ok(p);
    size_t docs = 0;
    ss_status st;
    while ((st = ss_corpus_next(c, &d, err, sizeof err)) == SS_OK && d)
        docs++;
    cr_assert_eq(st, SS_ERR_IO, "a cut gzip file ends quietly after %zu documents", docs);
    cr_assert(strstr(err, "truncated gzip data"), "%s", err);
    cr_assert_gt(docs, 0);
    /* and then the corpus ends: the error is not given again and again
     * to a caller that goes on (found by fuzz_corpus) */
    cr_assert_null(next_ok(c));
    ss_corpus_free(c);
}

/* "unit": "line" records carry a headline-sized line inline, in a
 * labels.jsonl manifest and in an inline JSON Lines corpus alike; a bad
 * unit, a line without its text or one over SS_LINE_DOC_MAX bytes is a
 * bad entry, and the reader goes on. */
Test(corpus, line_units_in_a_manifest_and_inline, .init = tmpdir_setup,
     .fini = tmpdir_teardown)
{
    char big[SS_LINE_DOC_MAX + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *ldir = path_in("lines");
    char p[1024];
    cr_assert_eq(mkdir(ldir, 0755), 0);
    snprintf(p, sizeof p, "%s/labels.jsonl", ldir);
    for (int k = 0; k < 2; k++) {
        const char *path = k ? path_in("lines.jsonl") : p;
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fprintf(f, "{\"label\": \"spam\", \"unit\": \"line\", \"text\": \"Earn 40%% a month\","
                   " \"site\": \"mail\"}\n");
        fprintf(f, "{\"label\": \"ham\", \"unit\": \"page\", \"text\": \"page\", \"file\": \"a.txt\"}\n");
        fprintf(f, "{\"label\": \"ham\", \"unit\": \"block\", \"text\": \"x\"}\n");
        fprintf(f, "{\"label\": \"ham\", \"unit\": \"line\"}\n");
        fprintf(f, "{\"label\": \"ham\", \"unit\": \"line\", \"text\": \"%s\"}\n", big);
        fprintf(f, "{\"label\": \"ham\", \"unit\": \"line\", \"text\": \"Council meets\"}\n");
        fclose(f);
        if (!k) {
            snprintf(p, sizeof p, "%s/a.txt", ldir);
            f = fopen(p, "w");
            cr_assert_not_null(f);
            fputs("A page.\n", f);
            fclose(f);
            snprintf(p, sizeof p, "%s/labels.jsonl", ldir);
        }
        ss_corpus *c = open_ok(k ? path : ldir);
        const ss_corpus_doc *d = next_ok(c);
        cr_assert_eq(d->unit, SS_UNIT_LINE);
        cr_assert_eq(d->label, 1);
        cr_assert_eq(d->format, SS_FORMAT_TEXT);
        cr_assert_str_eq(d->data, "Earn 40% a month");
        cr_assert_str_eq(d->site, "mail");
        cr_assert(ends_with(d->name, ":1"), "%s", d->name);
        d = next_ok(c);
        cr_assert_eq(d->unit, SS_UNIT_PAGE);
        cr_assert_str_eq(d->data, k ? "page" : "A page.\n");
        static const char *const bad[] = {":3: \"unit\" must be", ":4: a \"line\" unit needs",
                                          ":5: a \"line\" unit is longer"};
        for (int b = 0; b < 3; b++) {
            char err[512] = "";
            cr_assert_eq(ss_corpus_next(c, &d, err, sizeof err), SS_ERR_FORMAT);
            cr_assert_null(d);
            cr_assert_not_null(strstr(err, bad[b]), "%s", err);
        }
        d = next_ok(c);
        cr_assert_eq(d->unit, SS_UNIT_LINE);
        cr_assert_eq(d->label, 0);
        cr_assert_str_eq(d->data, "Council meets");
        cr_assert_null(next_ok(c));
        ss_corpus_free(c);
    }
}
