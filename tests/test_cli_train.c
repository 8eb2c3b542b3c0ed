/*
 * test_cli_train.c - end-to-end tests of the command's model subcommands
 * (suite "cli"): train from directories, JSON Lines files, stdin and WARC
 * with a labels file; dump, merge and eval; merged shards equal to one
 * training; the same bytes whatever -j; pruned, hash-only and size-bounded
 * models; per-family recall in eval. The binary is run as in test_cli.c
 * (cli_run.h).
 */
#include "cli_run.h"

TestSuite(cli, .timeout = 120);

/* Write a small labeled corpus: spam/ and ham/ with one document per file. */
static void
write_corpus(const char *dir)
{
    static const char *const brands[] = {"Volquent Exchange", "Marrowind Pro",
                                         "Tessavo Capital", "Quillon Hub"};
    static const char *const news[] = {
        "River ferry returns to Oldbridge after winter repairs",
        "Council approves longer library hours on Sundays",
        "Harbor festival draws a record crowd to the promenade",
        "Trail reopens after the storm damaged two bridges"};
    char path[600], body[2048];
    size_t i;

    snprintf(path, sizeof path, "%s/spam", dir);
    mkdir(dir, 0755);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/ham", dir);
    mkdir(path, 0755);
    for (i = 0; i < 8; i++) {
        snprintf(body, sizeof body,
                 "%s:%s -%s Finance\nSurpassing View\n"
                 "Oldbridge,%s Texas — %s, officials said on Monday.\n"
                 "LikeveryGood! (%zu)\nRanking\n- Ada Quell: The most perfect "
                 "%zu strategy in history, stable and safe!\n",
                 brands[i % 4], news[i % 4], brands[(i + 1) % 4], brands[i % 4],
                 news[(i + 2) % 4], 1000 + i * 37, 2000 + i);
        snprintf(path, sizeof path, "%s/spam/s%zu.txt", dir, i);
        spit(path, body, strlen(body));
        snprintf(body, sizeof body,
                 "%s\nDate: 2025-03-0%zu\nOldbridge, Texas — %s, officials said "
                 "on Monday. The work took %zu weeks and cost less than planned.\n"
                 "Related\n- %s\n",
                 news[i % 4], i + 1, news[(i + 1) % 4], i + 2, news[(i + 3) % 4]);
        snprintf(path, sizeof path, "%s/ham/h%zu.txt", dir, i);
        spit(path, body, strlen(body));
    }
}

Test(cli, train_dump_merge_eval, .init = setup_tmp, .fini = teardown_tmp)
{
    run_out r;
    json_t *o;
    char *a, *b;
    size_t la, lb;

    write_corpus(tmp("corpus"));
    RUN(&r, "train", tmp("corpus"));
    cr_assert_eq(r.status, 2, "train without -o is a usage error");
    run_free(&r);

    RUN(&r, "train", tmp("corpus"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "train", tmp("corpus"), "-o", tmp("b.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    a = slurp(tmp("a.model"), &la);
    b = slurp(tmp("b.model"), &lb);
    cr_assert(la == lb && memcmp(a, b, la) == 0, "training is deterministic");
    free(a);
    free(b);

    RUN(&r, "model", "dump", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(matches("^#", r.out), "header first");
    cr_assert(matches("\n[^#\n][^\t\n]*\t[0-9]+\t[0-9]+\n", r.out), "token lines");
    run_free(&r);

    RUN(&r, "model", "merge", tmp("a.model"), tmp("b.model"), "-o", tmp("c.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "model", "dump", "/nonexistent.model");
    cr_assert_eq(r.status, 1);
    run_free(&r);

    RUN(&r, "eval", tmp("corpus"), "--model", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(matches("precision +[01]\\.[0-9]{4}", r.out), "%s", r.out);
    cr_assert(matches("ROC AUC +[01]\\.[0-9]{4}", r.out), "%s", r.out);
    cr_assert(matches("false positives", r.out), "%s", r.out);
    run_free(&r);

    RUN(&r, "eval", "--json", tmp("corpus"), "--model", tmp("c.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    o = parse_record(r.out);
    cr_assert_eq(json_integer_value(json_object_get(o, "documents")), 16);
    cr_assert(json_is_number(json_object_get(o, "roc_auc")));
    /* trained and evaluated on the same 16 easy documents */
    cr_assert_geq(json_number_value(json_object_get(o, "roc_auc")), 0.9);
    json_decref(o);
    run_free(&r);

    /* --add trains into the existing model, --unlearn takes it back out */
    RUN(&r, "train", "--add", tmp("corpus"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "model", "dump", tmp("a.model"));
    cr_assert(matches("# documents spam 16 ham 16\n", r.out), "%.300s", r.out);
    run_free(&r);
    RUN(&r, "train", "--unlearn", tmp("corpus"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "model", "dump", tmp("a.model"));
    cr_assert(matches("# documents spam 8 ham 8\n", r.out), "%.300s", r.out);
    run_free(&r);
    /* the merged model holds both shards */
    RUN(&r, "model", "dump", tmp("c.model"));
    cr_assert(matches("# documents spam 16 ham 16\n", r.out), "%.300s", r.out);
    run_free(&r);
}

/* Text of document i of the small labeled corpus (the write_corpus
 * templates), spam or ham. */
static void
doc_text(char *body,
         size_t cap,
         bool spam,
         size_t i)
{
    static const char *const brands[] = {"Volquent Exchange", "Marrowind Pro",
                                         "Tessavo Capital", "Quillon Hub"};
    static const char *const news[] = {
        "River ferry returns to Oldbridge after winter repairs",
        "Council approves longer library hours on Sundays",
        "Harbor festival draws a record crowd to the promenade",
        "Trail reopens after the storm damaged two bridges"};
    if (spam)
        snprintf(body, cap,
                 "%s:%s -%s Finance\nSurpassing View\n"
                 "Oldbridge,%s Texas — %s, officials said on Monday.\n"
                 "LikeveryGood! (%zu)\nRanking\n- Ada Quell: The most perfect "
                 "%zu strategy in history, stable and safe!\n",
                 brands[i % 4], news[i % 4], brands[(i + 1) % 4], brands[i % 4],
                 news[(i + 2) % 4], 1000 + i * 37, 2000 + i);
    else
        snprintf(body, cap,
                 "%s\nDate: 2025-03-0%zu\nOldbridge, Texas — %s, officials said "
                 "on Monday. The work took %zu weeks and cost less than planned.\n"
                 "Related\n- %s\n",
                 news[i % 4], i + 1, news[(i + 1) % 4], i + 2, news[(i + 3) % 4]);
}

/* JSON Lines of documents first..first+n-1 (each a spam and a ham line),
 * labels swapped when flip; a line "bad" is written before document
 * bad_before (none when it is out of range). */
static void
write_jsonl_corpus(const char *path,
                   size_t first,
                   size_t n,
                   bool flip,
                   size_t bad_before)
{
    FILE *f = fopen(path, "w");
    char body[2048];
    cr_assert_not_null(f);
    for (size_t i = first; i < first + n; i++) {
        if (i == bad_before)
            fputs("{\"label\": \"spam\", \"url\": \"http://bad.example/\"}\n", f);
        for (int spam = 1; spam >= 0; spam--) {
            json_t *o = json_object();
            doc_text(body, sizeof body, spam, i);
            json_object_set_new(o, "label", json_string((spam != flip) ? "spam"
                                                                        : "ham"));
            json_object_set_new(o, "text", json_string(body));
            json_object_set_new(o, "id", json_integer((json_int_t)(2 * i + !spam)));
            snprintf(body, sizeof body, "http://news.example/%s/%zu",
                     spam ? "s" : "h", i);
            json_object_set_new(o, "url", json_string(body));
            char *line = json_dumps(o, JSON_COMPACT);
            fprintf(f, "%s\n", line);
            free(line);
            json_decref(o);
        }
    }
    cr_assert_eq(fclose(f), 0);
}

/* Does file a hold the same bytes as file b? */
static bool
same_file(const char *a,
          const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    bool same = la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

Test(cli, train_reads_json_lines_files_and_stdin, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    write_jsonl_corpus(tmp("all.jsonl"), 0, 8, false, 2);
    RUN(&r, "train", "--jsonl", tmp("all.jsonl"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 1, "a bad line fails the run: %s", r.err);
    cr_assert(matches("all\\.jsonl:5: \"html\" or \"text\" missing", r.err),
              "the bad line is named by its number: %s", r.err);
    run_free(&r);
    RUN(&r, "model", "dump", tmp("a.model"));
    cr_assert(matches("# documents spam 8 ham 8\n", r.out),
              "--on-error skip (the default) trains on the rest: %.300s", r.out);
    run_free(&r);

    /* The same lines from stdin, and by the .jsonl suffix: the same model. */
    RUN_IN(&r, tmp("all.jsonl"), "train", "--jsonl", "-", "-o", tmp("b.model"));
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(matches("stdin:5: ", r.err), "%s", r.err);
    run_free(&r);
    cr_assert(same_file(tmp("a.model"), tmp("b.model")));
    RUN(&r, "train", tmp("all.jsonl"), "-o", tmp("c.model"));
    run_free(&r);
    cr_assert(same_file(tmp("a.model"), tmp("c.model")));

    /* --on-error stop: no model is written. */
    RUN(&r, "train", "--on-error", "stop", "--jsonl", tmp("all.jsonl"), "-o",
        tmp("d.model"));
    cr_assert_eq(r.status, 1);
    cr_assert(matches("all\\.jsonl:5: .*\n.*stopped \\(--on-error stop\\)",
                      r.err), "%s", r.err);
    cr_assert_eq(access(tmp("d.model"), F_OK), -1, "no model after a stop");
    run_free(&r);
    RUN(&r, "train", "--on-error", "maybe", tmp("all.jsonl"), "-o",
        tmp("d.model"));
    cr_assert_eq(r.status, 2, "a bad --on-error value is a usage error");
    run_free(&r);
    RUN(&r, "train", "--jsonl", "-o", tmp("d.model"), tmp("all.jsonl"));
    cr_assert_eq(r.status, 2, "an option is not taken for a file");
    cr_assert(matches("--jsonl needs", r.err), "%s", r.err);
    run_free(&r);
}

/* Append one WARC response record with an HTML payload to f. */
static void
put_warc_record(FILE *f,
                const char *uri,
                const char *id,
                const char *body)
{
    char http[4096];
    int hl = snprintf(http, sizeof http, "HTTP/1.1 200 OK\r\nContent-Type: "
                      "text/html; charset=utf-8\r\n\r\n<html><body><p>%s</p>"
                      "</body></html>", body);
    fprintf(f, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: "
            "<urn:uuid:%s>\r\nWARC-Target-URI: %s\r\nContent-Type: "
            "application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
            "%s\r\n\r\n", id, uri, hl, http);
}

Test(cli, train_reads_warc_with_a_labels_file, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char body[2048], uri[128], id[64];
    FILE *w = fopen(tmp("crawl.warc"), "w"), *l = fopen(tmp("labels"), "w");
    cr_assert(w && l);
    for (size_t i = 0; i < 8; i++)
        for (int spam = 1; spam >= 0; spam--) {
            doc_text(body, sizeof body, spam, i);
            snprintf(uri, sizeof uri, "http://news.example/%s/%zu",
                     spam ? "s" : "h", i);
            snprintf(id, sizeof id, "rec-%zu-%d", i, spam);
            put_warc_record(w, uri, id, body);
            /* half the labels by URL, half by record id (JSON) */
            if (i % 2)
                fprintf(l, "%s\t%s\n", spam ? "spam" : "ham", uri);
            else
                fprintf(l, "{\"id\": \"<urn:uuid:%s>\", \"label\": \"%s\"}\n",
                        id, spam ? "spam" : "ham");
        }
    put_warc_record(w, "http://news.example/unlabeled", "rec-x", "No label.");
    fputs("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\n", w);
    cr_assert_eq(fclose(w), 0);
    cr_assert_eq(fclose(l), 0);

    RUN(&r, "train", tmp("crawl.warc"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 2, "WARC without --labels is a usage error");
    run_free(&r);
    RUN(&r, "train", "--warc", tmp("crawl.warc"), "--labels", tmp("labels"),
        "-o", tmp("a.model"));
    cr_assert_eq(r.status, 1, "the malformed record fails the run: %s", r.err);
    cr_assert(matches("crawl\\.warc: offset [0-9]+: ", r.err), "%s", r.err);
    cr_assert(matches("1 without a label", r.err), "%s", r.err);
    run_free(&r);
    RUN(&r, "model", "dump", tmp("a.model"));
    cr_assert(matches("# documents spam 8 ham 8\n", r.out), "%.300s", r.out);
    run_free(&r);
    RUN(&r, "eval", "--json", "--warc", tmp("crawl.warc"), "--labels",
        tmp("labels"), "--model", tmp("a.model"));
    json_t *o = parse_record(r.out);
    cr_assert_eq(json_integer_value(json_object_get(o, "documents")), 16);
    cr_assert_eq(json_integer_value(json_object_get(o, "failed")), 1);
    json_decref(o);
    run_free(&r);

    /* a bad labels line is named */
    spit(tmp("bad-labels"), "spam\thttp://a/\nperhaps\thttp://b/\n", 31);
    RUN(&r, "train", "--warc", tmp("crawl.warc"), "--labels", tmp("bad-labels"),
        "-o", tmp("b.model"));
    cr_assert_eq(r.status, 2);
    cr_assert(matches("bad-labels:2: label must be", r.err), "%s", r.err);
    run_free(&r);
}

Test(cli, eval_errors_lists_what_to_relabel, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char *text, *lines[64];
    size_t n, k, fp = 0, fn = 0;
    write_jsonl_corpus(tmp("good.jsonl"), 0, 8, false, 99);
    write_jsonl_corpus(tmp("flipped.jsonl"), 0, 8, true, 99);
    RUN(&r, "train", tmp("good.jsonl"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "eval", "--json", tmp("flipped.jsonl"), "--model", tmp("a.model"),
        "--errors", tmp("errors.jsonl"));
    json_t *o = parse_record(r.out), *c = json_object_get(o, "confusion");
    size_t misjudged =
        (size_t)json_integer_value(json_object_get(json_object_get(c, "ham"),
                                                   "spam")) +
        (size_t)json_integer_value(json_object_get(json_object_get(c, "spam"),
                                                   "ham")) +
        (size_t)json_integer_value(json_object_get(json_object_get(c, "spam"),
                                                   "unsure"));
    json_decref(o);
    run_free(&r);
    cr_assert_geq(misjudged, 12, "a model trained on the true labels "
                  "disagrees with most flipped ones");
    text = slurp(tmp("errors.jsonl"), NULL);
    n = split_lines(text, lines, 64);
    while (n > 0 && lines[n - 1][0] == '\0')
        n--;
    cr_assert_eq(n, misjudged, "one record per misjudged document");
    for (k = 0; k < n; k++) {
        o = parse_record(lines[k]);
        const char *err = jstr(o, "error"), *label = jstr(o, "label");
        const char *verdict = jstr(o, "verdict");
        if (strcmp(err, "false-positive") == 0) {
            fp++;
            cr_assert_str_eq(label, "ham");
            cr_assert_str_eq(verdict, "spam");
        } else {
            fn++;
            cr_assert_str_eq(err, "false-negative");
            cr_assert_str_eq(label, "spam");
            cr_assert_str_neq(verdict, "spam");
        }
        cr_assert(matches("flipped\\.jsonl:[0-9]+$", jstr(o, "input")));
        cr_assert(matches("^[0-9]+$", jstr(o, "id")), "%s", lines[k]);
        cr_assert(matches("^http://news\\.example/[sh]/[0-7]$", jstr(o, "url")));
        cr_assert(json_is_number(json_object_get(o, "score")));
        cr_assert(json_is_array(json_object_get(o, "flags")));
        json_decref(o);
    }
    cr_assert_gt(fp, 0);
    cr_assert_gt(fn, 0);
    free(text);
}

/* Token lines of `model dump` (after the "# tokens" header line). */
static char *
dump_tokens(const char *model)
{
    run_out r;
    RUN(&r, "model", "dump", model);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *t = strstr(r.out, "\n# tokens ");
    cr_assert_not_null(t);
    t = strchr(t + 1, '\n');
    char *copy = strdup(t ? t + 1 : "");
    run_free(&r);
    return copy;
}

Test(cli, merged_shards_equal_training_on_all, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    write_jsonl_corpus(tmp("s1.jsonl"), 0, 4, false, 99);
    write_jsonl_corpus(tmp("s2.jsonl"), 4, 4, false, 99);
    /* Counts only (--no-calibrate): byte-identical. */
    RUN(&r, "train", "--no-calibrate", tmp("s1.jsonl"), "-o", tmp("a.model"));
    run_free(&r);
    RUN(&r, "train", "--no-calibrate", tmp("s2.jsonl"), "-o", tmp("b.model"));
    run_free(&r);
    RUN(&r, "model", "merge", tmp("a.model"), tmp("b.model"), "-o",
        tmp("merged.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "train", "--no-calibrate", tmp("s1.jsonl"), tmp("s2.jsonl"), "-o",
        tmp("all.model"));
    run_free(&r);
    cr_assert(same_file(tmp("merged.model"), tmp("all.model")),
              "merging shard models gives the model of all the shards");
    /* --add of the second shard to the first: the same again. */
    RUN(&r, "train", "--no-calibrate", "--add", tmp("s2.jsonl"), "-o",
        tmp("a.model"));
    run_free(&r);
    cr_assert(same_file(tmp("a.model"), tmp("all.model")));
    /* --unlearn of the second shard gives back the first one's counts. */
    RUN(&r, "train", "--unlearn", tmp("s2.jsonl"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    char *x = dump_tokens(tmp("a.model")), *y;
    RUN(&r, "train", "--no-calibrate", tmp("s1.jsonl"), "-o", tmp("c.model"));
    run_free(&r);
    y = dump_tokens(tmp("c.model"));
    cr_assert_str_eq(x, y, "unlearning a shard takes its counts back out");
    free(x);
    free(y);

    /* Calibrated shards: the token counts are identical; the combiner
     * weights are an average (refit by training, see README). */
    RUN(&r, "train", tmp("s1.jsonl"), "-o", tmp("ca.model"));
    run_free(&r);
    RUN(&r, "train", tmp("s2.jsonl"), "-o", tmp("cb.model"));
    run_free(&r);
    RUN(&r, "model", "merge", tmp("ca.model"), tmp("cb.model"), "-o",
        tmp("cm.model"));
    run_free(&r);
    RUN(&r, "train", tmp("s1.jsonl"), tmp("s2.jsonl"), "-o", tmp("call.model"));
    run_free(&r);
    x = dump_tokens(tmp("cm.model"));
    y = dump_tokens(tmp("call.model"));
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
    /* --keep-combiner: the same counts, the first model's weights. */
    RUN(&r, "model", "merge", "--keep-combiner", tmp("ca.model"),
        tmp("cb.model"), "-o", tmp("ck.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    x = dump_tokens(tmp("ck.model"));
    y = dump_tokens(tmp("call.model"));
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
    run_out ra, rk;
    RUN(&ra, "model", "dump", tmp("ca.model"));
    RUN(&rk, "model", "dump", tmp("ck.model"));
    const char *wa = strstr(ra.out, "# spam_cutoff"), *wk = strstr(rk.out,
                                                                   "# spam_cutoff");
    const char *ea = strstr(ra.out, "# tokens"), *ek = strstr(rk.out, "# tokens");
    cr_assert(wa && wk && ea && ek);
    cr_assert_eq(ea - wa, ek - wk);
    cr_assert(memcmp(wa, wk, (size_t)(ea - wa)) == 0,
              "cut-offs and weights are the first model's");
    run_free(&ra);
    run_free(&rk);
}

/* The repository's training corpus (labelled pages with spans and sites). */
#define REPO_CORPUS SS_TEST_DATA "/../../corpus"

Test(cli, train_and_eval_give_the_same_bytes_whatever_the_jobs,
     .init = setup_tmp, .fini = teardown_tmp)
{
    run_out r;
    char *out1, *err1;
    /* A JSON Lines input with a bad line, and the labelled pages; a small
     * calibration sample so that it is thinned while learning. */
    write_jsonl_corpus(tmp("s.jsonl"), 0, 8, false, 3);
    /* and line documents among them (prepared on threads too) */
    FILE *f = fopen(tmp("s.jsonl"), "a");
    cr_assert_not_null(f);
    fputs("{\"label\": \"spam\", \"unit\": \"line\", \"text\": \"Earn 40% a month\"}\n"
          "{\"label\": \"ham\", \"unit\": \"line\", \"text\": \"Council meets today\"}\n", f);
    cr_assert_eq(fclose(f), 0);
    RUN(&r, "train", "-j1", "--calibration-docs", "100", REPO_CORPUS,
        tmp("s.jsonl"), "-o", tmp("j1.model"));
    cr_assert_eq(r.status, 1, "the bad line fails the run: %s", r.err);
    cr_assert(strstr(r.err, "s.jsonl:"), "%s", r.err);
    run_free(&r);
    RUN(&r, "train", "-j", "3", "--calibration-docs", "100", REPO_CORPUS,
        tmp("s.jsonl"), "-o", tmp("j3.model"));
    cr_assert_eq(r.status, 1, "%s", r.err);
    run_free(&r);
    cr_assert(same_file(tmp("j1.model"), tmp("j3.model")),
              "-j 3 trains the model -j 1 trains, byte for byte");
    RUN(&r, "train", "--jobs=2", "--unlearn", tmp("s.jsonl"), "-o",
        tmp("j3.model"));
    run_free(&r);
    RUN(&r, "train", "--unlearn", tmp("s.jsonl"), "-o", tmp("j1.model"));
    run_free(&r);
    cr_assert(same_file(tmp("j1.model"), tmp("j3.model")),
              "unlearning on threads takes out the same counts");

    /* A model of the small text corpus alone misjudges pages of the
     * repository's corpus: the --errors files have lines to compare. */
    RUN(&r, "train", tmp("s.jsonl"), "-o", tmp("small.model"));
    run_free(&r);
    RUN(&r, "eval", "--json", "-j1", REPO_CORPUS, tmp("s.jsonl"), "--model",
        tmp("small.model"), "--errors", tmp("e1.jsonl"));
    cr_assert_eq(r.status, 1, "%s", r.err);
    out1 = strdup(r.out);
    err1 = strdup(r.err);
    run_free(&r);
    RUN(&r, "eval", "--json", "-j3", REPO_CORPUS, tmp("s.jsonl"), "--model",
        tmp("small.model"), "--errors", tmp("e3.jsonl"));
    cr_assert_str_eq(r.out, out1);
    cr_assert(strstr(err1, "s.jsonl:") && strstr(r.err, "s.jsonl:"),
              "the bad line is reported: %s", r.err);
    cr_assert(same_file(tmp("e1.jsonl"), tmp("e3.jsonl")),
              "--errors lists the same documents in the same order");
    size_t elen = 0;
    free(slurp(tmp("e1.jsonl"), &elen));
    cr_assert_gt(elen, 0, "some documents are misjudged (a real test)");
    run_free(&r);
    free(out1);
    free(err1);

    RUN(&r, "train", "-j", "0", REPO_CORPUS, "-o", tmp("x.model"));
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "-j"), "%s", r.err);
    run_free(&r);
}

Test(cli, pruned_and_hash_only_models, .init = setup_tmp, .fini = teardown_tmp)
{
    run_out r;
    struct stat full, small;
    write_jsonl_corpus(tmp("all.jsonl"), 0, 8, false, 99);
    RUN(&r, "train", tmp("all.jsonl"), "-o", tmp("full.model"));
    run_free(&r);
    RUN(&r, "train", tmp("all.jsonl"), "--max-tokens", "40", "-o",
        tmp("m40.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "model", "dump", tmp("m40.model"));
    cr_assert(matches("\n# tokens 40\n", r.out), "%.600s", r.out);
    run_free(&r);
    RUN(&r, "train", tmp("all.jsonl"), "--min-count", "5", "-o",
        tmp("min5.model"));
    run_free(&r);
    char *t = dump_tokens(tmp("min5.model")), *lines[4096];
    size_t n = split_lines(t, lines, 4096);
    cr_assert_gt(n, 1);
    for (size_t k = 0; k < n && lines[k][0]; k++) {
        unsigned long c[4] = {0, 0, 0, 0};
        const char *p = strchr(lines[k], '\t');
        for (int j = 0; p && j < 4; j++, p = strchr(p + 1, '\t'))
            c[j] = strtoul(p + 1, NULL, 10);
        cr_assert_geq(c[0] + c[1] + c[2] + c[3], 5, "%s", lines[k]);
    }
    free(t);
    RUN(&r, "train", tmp("all.jsonl"), "--hash-only", "-o", tmp("h.model"));
    run_free(&r);
    t = dump_tokens(tmp("h.model"));
    cr_assert(matches("^#[0-9a-f]{16}\t", t), "hashes only: %.200s", t);
    cr_assert_not(matches("\n[^#]", t));
    free(t);
    cr_assert_eq(stat(tmp("full.model"), &full), 0);
    cr_assert_eq(stat(tmp("h.model"), &small), 0);
    cr_assert_lt(small.st_size, full.st_size);
    /* Scores do not need the strings: eval is the same. */
    char *e1, *e2;
    RUN(&r, "eval", "--json", tmp("all.jsonl"), "--model", tmp("full.model"));
    e1 = strdup(r.out);
    run_free(&r);
    RUN(&r, "eval", "--json", tmp("all.jsonl"), "--model", tmp("h.model"));
    e2 = strdup(r.out);
    run_free(&r);
    cr_assert_str_eq(e1, e2);
    free(e1);
    free(e2);
    /* A bounded calibration sample is deterministic. */
    RUN(&r, "train", tmp("all.jsonl"), "--calibration-docs", "4", "-o",
        tmp("k1.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "train", tmp("all.jsonl"), "--calibration-docs", "4", "-o",
        tmp("k2.model"));
    run_free(&r);
    cr_assert(same_file(tmp("k1.model"), tmp("k2.model")));
    RUN(&r, "train", tmp("all.jsonl"), "--calibration-docs", "0", "-o",
        tmp("k3.model"));
    cr_assert_eq(r.status, 2);
    run_free(&r);
}

/* Tokens of a model, from the "# tokens N" line of its dump. */
static unsigned long
model_tokens(const char *model)
{
    run_out r;
    RUN(&r, "model", "dump", model);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *t = strstr(r.out, "\n# tokens ");
    cr_assert_not_null(t);
    unsigned long n = strtoul(t + 10, NULL, 10);
    run_free(&r);
    return n;
}

Test(cli, a_bounded_count_table_stays_under_its_bound, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    RUN(&r, "train", "--no-calibrate", REPO_CORPUS, "-o", tmp("full.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    unsigned long full = model_tokens(tmp("full.model"));
    char bound[32];
    snprintf(bound, sizeof bound, "%lu", full / 4);
    RUN(&r, "train", "--no-calibrate", "--max-table-tokens", bound,
        REPO_CORPUS, "-o", tmp("b1.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    unsigned long kept = model_tokens(tmp("b1.model"));
    cr_assert_lt(kept, full / 4, "%lu tokens kept of %lu, bound %s", kept,
                 full, bound);
    cr_assert_gt(kept, 0);
    RUN(&r, "train", "--no-calibrate", "--max-table-tokens", bound, "-j3",
        REPO_CORPUS, "-o", tmp("b3.model"));
    run_free(&r);
    cr_assert(same_file(tmp("b1.model"), tmp("b3.model")),
              "the pruning points do not depend on -j");
    /* A bound the corpus never reaches changes nothing. */
    snprintf(bound, sizeof bound, "%lu", full + 1);
    RUN(&r, "train", "--no-calibrate", "--max-table-tokens", bound,
        REPO_CORPUS, "-o", tmp("same.model"));
    run_free(&r);
    cr_assert(same_file(tmp("full.model"), tmp("same.model")));
}

/* Size of a file in bytes (it must exist). */
static unsigned long
file_size(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s", path);
    return (unsigned long)st.st_size;
}

/*
 * --max-size: the written file (gzip for .gz, the image otherwise) fits the
 * budget; it holds the most informative tokens, exactly as many as fit (the
 * same file as --max-tokens with that count, and one token more would not
 * fit); a larger budget keeps more; the same input gives the same bytes
 * whatever -j; train and model merge agree; an impossible budget writes
 * nothing and fails.
 */
Test(cli, max_size_keeps_the_most_informative_tokens_that_fit,
     .init = setup_tmp, .fini = teardown_tmp)
{
    run_out r;
    RUN(&r, "train", "--no-calibrate", REPO_CORPUS, "-o", tmp("full.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "model", "merge", tmp("full.model"), "-o", tmp("full.model.gz"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    unsigned long n_full = model_tokens(tmp("full.model"));
    unsigned long gz = file_size(tmp("full.model.gz"));
    unsigned long k1 = gz / 3 / 1024, k2 = 2 * gz / 3 / 1024;
    char b1[32], b2[32], count[32];
    snprintf(b1, sizeof b1, "%luk", k1);
    snprintf(b2, sizeof b2, "%luk", k2);
    cr_assert_gt(k1, 1);

    RUN(&r, "train", "--no-calibrate", "--max-size", b1, REPO_CORPUS, "-o",
        tmp("s1.model.gz"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    cr_assert_leq(file_size(tmp("s1.model.gz")), k1 * 1024);
    unsigned long n1 = model_tokens(tmp("s1.model.gz"));
    cr_assert_gt(n1, 0);
    cr_assert_lt(n1, n_full);
    RUN(&r, "train", "--no-calibrate", "-j3", "--max-size", b1, REPO_CORPUS,
        "-o", tmp("s1j.model.gz"));
    run_free(&r);
    cr_assert(same_file(tmp("s1.model.gz"), tmp("s1j.model.gz")),
              "the same budget gives the same bytes");
    RUN(&r, "model", "merge", tmp("full.model"), "--max-size", b1, "-o",
        tmp("m1.model.gz"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    cr_assert(same_file(tmp("s1.model.gz"), tmp("m1.model.gz")),
              "merge prunes as train does");

    /* Exactly the n1 best tokens, and one more would not fit. */
    snprintf(count, sizeof count, "%lu", n1);
    RUN(&r, "train", "--no-calibrate", "--max-tokens", count, REPO_CORPUS,
        "-o", tmp("t1.model.gz"));
    run_free(&r);
    cr_assert(same_file(tmp("s1.model.gz"), tmp("t1.model.gz")));
    snprintf(count, sizeof count, "%lu", n1 + 1);
    RUN(&r, "train", "--no-calibrate", "--max-tokens", count, REPO_CORPUS,
        "-o", tmp("t2.model.gz"));
    run_free(&r);
    cr_assert_gt(file_size(tmp("t2.model.gz")), k1 * 1024);

    RUN(&r, "model", "merge", tmp("full.model"), "--max-size", b2, "-o",
        tmp("m2.model.gz"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    cr_assert_leq(file_size(tmp("m2.model.gz")), k2 * 1024);
    cr_assert_gt(model_tokens(tmp("m2.model.gz")), n1,
                 "a larger budget keeps more tokens");

    /* Uncompressed: the image itself fits. */
    RUN(&r, "model", "merge", tmp("full.model"), "--max-size", b2, "-o",
        tmp("raw.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    cr_assert_leq(file_size(tmp("raw.model")), k2 * 1024);
    cr_assert_gt(model_tokens(tmp("raw.model")), 0);

    /* A budget under the empty model: refused, nothing written. */
    RUN(&r, "train", "--no-calibrate", "--max-size", "0.00002", REPO_CORPUS,
        "-o", tmp("tiny.model.gz"));
    cr_assert_neq(r.status, 0);
    cr_assert(strstr(r.err, "below the smallest model"), "%s", r.err);
    run_free(&r);
    struct stat st;
    cr_assert_neq(stat(tmp("tiny.model.gz"), &st), 0);
    RUN(&r, "model", "merge", tmp("full.model"), "--max-size", "0.00002", "-o",
        tmp("tiny.model"));
    cr_assert_neq(r.status, 0);
    cr_assert(strstr(r.err, "below the smallest model"), "%s", r.err);
    run_free(&r);
    RUN(&r, "train", "--max-size", "0", REPO_CORPUS, "-o", tmp("z.model"));
    cr_assert_eq(r.status, 2);
    run_free(&r);
}

/* A token line of `model dump`: text and its four counts. */
typedef struct dump_tok {
    char *text;
    unsigned long c[4];
} dump_tok;

/* The tokens of a model's dump (in its byte order) and its document and
 * block totals (spam, ham, block spam, block ham); *text to free. */
static size_t
read_dump(const char *model,
          dump_tok **out,
          unsigned long totals[4],
          char **text)
{
    run_out r;
    RUN(&r, "model", "dump", model);
    cr_assert_eq(r.status, 0, "%s", r.err);
    *text = strdup(r.out);
    run_free(&r);
    const char *d = strstr(*text, "# documents spam ");
    const char *b = strstr(*text, "# blocks spam ");
    cr_assert(d && b);
    cr_assert_eq(sscanf(d, "# documents spam %lu ham %lu", &totals[0],
                        &totals[1]), 2);
    cr_assert_eq(sscanf(b, "# blocks spam %lu ham %lu", &totals[2],
                        &totals[3]), 2);
    char *t = strstr(*text, "\n# tokens ");
    cr_assert_not_null(t);
    t = strchr(t + 1, '\n') + 1;
    size_t n = 0, cap = 64;
    dump_tok *v = malloc(cap * sizeof *v);
    while (*t) {
        char *nl = strchr(t, '\n'), *tab = strchr(t, '\t');
        if (nl)
            *nl = '\0';
        cr_assert_not_null(tab);
        *tab = '\0';
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        v[n].text = t;
        /* Block counts are left out when both are zero. */
        v[n].c[2] = v[n].c[3] = 0;
        cr_assert_geq(sscanf(tab + 1, "%lu\t%lu\t%lu\t%lu", &v[n].c[0],
                             &v[n].c[1], &v[n].c[2], &v[n].c[3]), 2);
        n++;
        if (!nl)
            break;
        t = nl + 1;
    }
    *out = v;
    return n;
}

/* The token named text in v[0..n) (sorted by byte order), or NULL. */
static const dump_tok *
find_tok(const dump_tok *v,
         size_t n,
         const char *text)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v[mid].text, text);
        if (c == 0)
            return &v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/*
 * model merge --family A B: B's counts are scaled to A's document and block
 * totals and each count is the larger of A's and B's scaled one; A's
 * totals and combiner are kept.
 */
Test(cli, family_merge_keeps_the_first_models_frequencies, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    /* B overlaps A's documents 8, 9 with the labels swapped: the honest
     * texts' tokens are spam in B. */
    write_jsonl_corpus(tmp("s1.jsonl"), 0, 10, false, 99);
    write_jsonl_corpus(tmp("s2.jsonl"), 8, 4, true, 99);
    RUN(&r, "train", tmp("s1.jsonl"), "-o", tmp("a.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "train", "--no-calibrate", tmp("s2.jsonl"), "-o", tmp("b.model"));
    run_free(&r);
    RUN(&r, "model", "merge", "--family", tmp("a.model"), tmp("b.model"), "-o",
        tmp("f.model"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    dump_tok *a, *b, *f;
    char *ta, *tb, *tf;
    unsigned long na[4], nb[4], nf[4];
    size_t ka = read_dump(tmp("a.model"), &a, na, &ta);
    size_t kb = read_dump(tmp("b.model"), &b, nb, &tb);
    size_t kf = read_dump(tmp("f.model"), &f, nf, &tf);
    for (int j = 0; j < 4; j++)
        cr_assert_eq(nf[j], na[j], "the first model's totals are kept");
    cr_assert_neq(na[0], nb[0], "B's counts are scaled");
    size_t from_b = 0, raised = 0;
    for (size_t i = 0; i < kf; i++) {
        const dump_tok *x = find_tok(a, ka, f[i].text);
        const dump_tok *y = find_tok(b, kb, f[i].text);
        cr_assert(x || y, "%s", f[i].text);
        for (int j = 0; j < 4; j++) {
            unsigned long want = x ? x->c[j] : 0;
            if (y && nb[j]) {
                double rj = (double)na[j] / (double)nb[j];
                unsigned long sc = (unsigned long)floor((double)y->c[j] * rj + 0.5);
                if (sc > want) {
                    want = sc;
                    raised += x != NULL;
                }
            }
            cr_assert_eq(f[i].c[j], want, "%s: count %d", f[i].text, j);
        }
        from_b += x == NULL;
    }
    for (size_t i = 0; i < ka; i++)
        cr_assert_not_null(find_tok(f, kf, a[i].text), "%s", a[i].text);
    cr_assert_gt(from_b, 0, "B's own tokens are added");
    cr_assert_gt(raised, 0, "some of A's counts are raised by B's");
    /* A's header (totals, cut-offs, combiner) is kept, as with
     * --keep-combiner. */
    const char *ea = strstr(ta, "# tokens"), *ef = strstr(tf, "# tokens");
    cr_assert(ea && ef && ea - ta == ef - tf);
    cr_assert_eq(strncmp(ta, tf, (size_t)(ea - ta)), 0, "%.400s", tf);
    cr_assert_not_null(strstr(ta, "# combiner fitted"), "%.400s", ta);
    free(a);
    free(b);
    free(f);
    free(ta);
    free(tb);
    free(tf);
}

/* Copy tests/data/pages/NAME into the tmp corpus dir under the same name. */
static void
copy_page(const char *corpus,
          const char *name)
{
    char src[512], dst[512];
    size_t len;
    char *data;
    snprintf(src, sizeof src, "%s/pages/%s", SS_TEST_DATA, name);
    snprintf(dst, sizeof dst, "%s/%s", corpus, name);
    data = slurp(src, &len);
    cr_assert_not_null(data, "%s", src);
    spit(dst, data, len);
    free(data);
}

Test(cli, eval_reports_recall_per_family, .init = setup_tmp, .fini = teardown_tmp)
{
    /* Two pages the detectors judge spam (they carry counters), one honest
     * article labeled spam under another family (judged ham), two honest
     * pages. A page with two families counts under both. */
    static const char labels[] =
        "{\"file\": \"spam-text.txt\", \"label\": \"spam\", \"layout\": \"t\","
        " \"spans\": [], \"family\": [\"title-brand\", \"counter\"]}\n"
        "{\"file\": \"spam-page.html\", \"label\": \"spam\", \"layout\": \"h\","
        " \"spans\": [], \"family\": [\"counter\"], \"site\": \"x.test\"}\n"
        "{\"file\": \"honest-text.txt\", \"label\": \"spam\", \"layout\": \"t\","
        " \"spans\": [], \"family\": \"body-brand\", \"split\": \"heldout\"}\n"
        "{\"file\": \"honest-analysis.html\", \"label\": \"ham\", \"layout\": \"h\","
        " \"spans\": [], \"family\": [], \"case\": \"section-prefix\"}\n"
        "{\"file\": \"honest-musk.html\", \"label\": \"ham\", \"layout\": \"h\","
        " \"spans\": []}\n"
        "{\"unit\": \"line\", \"label\": \"spam\", \"text\": \"Earn 40% a month\"}\n";
    const char *names[] = {"spam-text.txt", "spam-page.html", "honest-text.txt",
                           "honest-analysis.html", "honest-musk.html"};
    run_out r;
    json_t *o, *fams, *fm;

    mkdir(tmp("fam"), 0755);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        copy_page(tmp("fam"), names[i]);
    spit(tmp("fam/labels.jsonl"), labels, sizeof labels - 1);

    RUN(&r, "eval", tmp("fam"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(matches("\nfamily +pages +spam +unsure +recall +ROC AUC\n", r.out),
              "%s", r.out);
    /* A line document is training statistics, not a page: passed over. */
    cr_assert(matches("passed over 1 line documents", r.err), "%s", r.err);
    cr_assert(matches("documents +5 \\(spam 3, ham 2", r.out), "%s", r.out);
    cr_assert(matches("\ntitle-brand +1 +1 +0 +1\\.0000 ", r.out), "%s", r.out);
    cr_assert(matches("\ncounter +2 +2 +0 +1\\.0000 +1\\.0000\n", r.out), "%s",
              r.out);
    cr_assert(matches("\nbody-brand +1 +0 +0 +0\\.0000 ", r.out), "%s", r.out);
    run_free(&r);

    RUN(&r, "eval", "--json", tmp("fam"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    o = parse_record(r.out);
    fams = json_object_get(o, "families");
    cr_assert(json_is_object(fams), "%s", r.out);
    cr_assert_eq(json_object_size(fams), 3);
    fm = json_object_get(fams, "counter");
    cr_assert_eq(json_integer_value(json_object_get(fm, "pages")), 2);
    cr_assert_eq(json_integer_value(json_object_get(fm, "spam")), 2);
    cr_assert_float_eq(json_number_value(json_object_get(fm, "recall")), 1.0,
                       1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(fm, "roc_auc")), 1.0,
                       1e-9);
    fm = json_object_get(fams, "body-brand");
    cr_assert_eq(json_integer_value(json_object_get(fm, "pages")), 1);
    cr_assert_float_eq(json_number_value(json_object_get(fm, "recall")), 0.0,
                       1e-9);
    json_decref(o);
    run_free(&r);
}
