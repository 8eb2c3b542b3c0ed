/*
 * test_cli.c - end-to-end tests of the spamscore command (suite "cli"):
 * scoring and cleaning.
 *
 * Each test runs the built binary (cli_run.h) on the example pages of
 * tests/data/pages and on inputs generated in a fresh temporary directory:
 * empty, binary, invalid UTF-8, a wrong charset declaration, a 50 MB page,
 * 10 000-deep nesting, a directory with entries that cannot be read, gzip,
 * stdin, JSON Lines, WARC; and checks what a user sees: the record format,
 * JSON fields and their order, exit statuses, -j N output identical to
 * -j 1, filter mode, --clean. The train, model and eval subcommands are in
 * test_cli_train.c; output faults, stalled inputs and the filter-mode
 * property test in test_cli_faults.c.
 *
 * The tests run as root in CI, where chmod 000 does not stop reading a file;
 * the "unreadable" entries are therefore a dangling symbolic link and a FIFO
 * (which must be reported, not opened: opening it would block).
 */
#include "cli_run.h"

TestSuite(cli, .timeout = 120);
/* ------------------------------------------------------------------ */

Test(cli, example_pages_give_one_tsv_line_each)
{
    run_out r;
    char *lines[8];
    size_t n;

    RUN(&r, SPAM_TEXT, SPAM_HTML);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    n = split_lines(r.out, lines, 8);
    cr_assert_eq(n, 2, "expected 2 lines, got %zu", n);
    cr_assert(matches("^(spam|ham|unsure)\t(0|1)\\.[0-9]{4}\t" SPAM_TEXT "$",
                      lines[0]), "bad line: %s", lines[0]);
    cr_assert(matches("^(spam|ham|unsure)\t(0|1)\\.[0-9]{4}\t" SPAM_HTML "$",
                      lines[1]), "bad line: %s", lines[1]);
    /* The example spam pages are the reason the tool exists. */
    cr_assert(matches("^spam\t", lines[0]), "spam-text.txt: %s", lines[0]);
    cr_assert(matches("^spam\t", lines[1]), "spam-page.html: %s", lines[1]);
    run_free(&r);
}

Test(cli, json_records_have_the_documented_fields_in_order)
{
    static const char *const order[] = {"input", "format", "score", "verdict",
                                        "title", "flags"};
    static const char *const flag_order[] = {"kind", "text", "where", "score",
                                             "reasons", "flag_only"};
    run_out r;
    char *lines[8];
    size_t n, i, k;

    RUN(&r, "--json", SPAM_TEXT, SPAM_HTML);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    n = split_lines(r.out, lines, 8);
    cr_assert_eq(n, 2);
    for (i = 0; i < n; i++) {
        json_t *o = parse_record(lines[i]), *flags, *fl;
        void *it = json_object_iter(o);
        const char *path = i == 0 ? SPAM_TEXT : SPAM_HTML;
        char *page = slurp(path, NULL);
        bool brand = false;
        size_t fi;

        for (k = 0; k < sizeof order / sizeof *order; k++, it = json_object_iter_next(o, it)) {
            cr_assert_not_null(it, "missing key %s", order[k]);
            cr_assert_str_eq(json_object_iter_key(it), order[k]);
        }
        cr_assert_str_eq(jstr(o, "input"), path);
        cr_assert_str_eq(jstr(o, "format"), i == 0 ? "text" : "html");
        cr_assert_str_eq(jstr(o, "verdict"), "spam");
        cr_assert(json_is_real(json_object_get(o, "score")));
        /* 4 decimals in the raw text */
        cr_assert(matches("\"score\": [01]\\.[0-9]{4},", lines[i]));
        /* the title has the injected brand removed */
        cr_assert_null(strstr(jstr(o, "title"), i == 0 ? "Volmira" : "Tessaly"),
                       "title still has the brand: %s", jstr(o, "title"));
        flags = json_object_get(o, "flags");
        cr_assert(json_is_array(flags) && json_array_size(flags) > 0);
        json_array_foreach(flags, fi, fl) {
            void *fit = json_object_iter(fl);
            for (k = 0; k < 6; k++, fit = json_object_iter_next(fl, fit)) {
                cr_assert_not_null(fit, "flag lacks %s", flag_order[k]);
                cr_assert_str_eq(json_object_iter_key(fit), flag_order[k]);
            }
            cr_assert(matches("^(injected-brand|site-name|slogan|promo-headline|"
                              "junk-widget|boilerplate|rule)$", jstr(fl, "kind")));
            cr_assert(matches("^(title|body|widget|page)$", jstr(fl, "where")));
            cr_assert(json_is_array(json_object_get(fl, "reasons")));
            cr_assert(json_is_boolean(json_object_get(fl, "flag_only")));
            if (!strcmp(jstr(fl, "kind"), "injected-brand")) {
                brand = true;
                /* exact text as it appears in the page */
                cr_assert_not_null(strstr(page, jstr(fl, "text")),
                                   "flag text not in page: %s", jstr(fl, "text"));
            }
        }
        cr_assert(brand, "no injected-brand flag in %s", path);
        free(page);
        json_decref(o);
    }
    run_free(&r);
}

Test(cli, every_command_answers_help_with_its_usage_on_stdout)
{
    static const char *const cmds[][3] = {
        {"train", "--help", "usage: spamscore train CORPUS"},
        {"eval", "-h", "usage: spamscore eval CORPUS"},
        {"model", "--help", "spamscore model merge A B"},
    };
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        run_out r;
        RUN(&r, cmds[k][0], cmds[k][1]);
        cr_assert_eq(r.status, 0, "%s: exit %d: %s", cmds[k][0], r.status, r.err);
        cr_assert_not_null(strstr(r.out, cmds[k][2]), "%s: %s", cmds[k][0], r.out);
        cr_assert_eq(r.err[0], '\0', "%s", r.err);
        run_free(&r);
    }
}

Test(cli, exit_verdict_answers_like_bogofilter, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;

    RUN(&r, "--exit-verdict", SPAM_HTML);
    cr_assert_eq(r.status, 0, "spam page: exit %d", r.status);
    run_free(&r);
    RUN(&r, "--exit-verdict", HONEST_TEXT);
    cr_assert_eq(r.status, 1, "honest page: exit %d", r.status);
    run_free(&r);
    spit(tmp("empty.html"), "", 0);
    RUN(&r, "--exit-verdict", tmp("empty.html"));
    cr_assert_eq(r.status, 3, "empty page: exit %d", r.status);
    run_free(&r);
    RUN(&r, "--exit-verdict", SPAM_HTML, HONEST_TEXT);
    cr_assert_eq(r.status, 3, "two pages: exit %d", r.status);
    cr_assert_not_null(strstr(r.err, "exactly one"));
    run_free(&r);
    RUN(&r, "--exit-verdict", "--format", "pdf", SPAM_HTML);
    cr_assert_eq(r.status, 3, "usage error: exit %d", r.status);
    run_free(&r);
}

Test(cli, usage_errors_exit_2_with_a_message)
{
    static const char *const bad[][4] = {
        {"--no-such-option", NULL},
        {"--format", "pdf", NULL},
        {"-j", "0", NULL},
        {"-j", "many", NULL},
        {"--keep", "maybe", NULL},
        {"--keep", "ham", "--drop", "spam"},
        {"--max-bytes", "-5", NULL},
        {"--spam-cutoff", "1.5", NULL},
        {"--jsonl", "--warc", NULL},
        {"--model", NULL},
        {"--clean-format", "html", NULL},
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        run_out r;
        const char *args[6] = {0};
        memcpy(args, bad[i], sizeof bad[i]);
        run_env(&r, NULL, NULL, args);
        cr_assert_eq(r.status, 2, "%s: exit %d", bad[i][0], r.status);
        cr_assert_eq(r.out_len, 0, "%s: wrote to stdout", bad[i][0]);
        cr_assert_gt(strlen(r.err), 0, "%s: no message", bad[i][0]);
        run_free(&r);
    }
}

Test(cli, help_and_version)
{
    run_out r;
    RUN(&r, "--version");
    cr_assert_eq(r.status, 0);
    cr_assert(matches("^spamscore [0-9]+\\.[0-9]+\\.[0-9]+\n$", r.out));
    run_free(&r);
    RUN(&r, "--help");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "--exit-verdict"));
    cr_assert_not_null(strstr(r.out, "--keep"));
    run_free(&r);
}

Test(cli, jobs_output_is_identical_and_in_sorted_order, .init = setup_tmp,
     .fini = teardown_tmp)
{
    static const char *const pages[] = {
        "spam-text.txt", "spam-text-2.txt", "spam-page.html", "spam-page-2.html",
        "honest-analysis.html", "honest-live.html", "honest-text.txt",
        "honest-brand.html"};
    run_out r1, r2, r3;
    char *lines[128], *copy;
    size_t n, i;
    char name[64];

    mkdir(tmp("pages"), 0755);
    mkdir(tmp("pages/sub"), 0755);
    for (i = 0; i < 48; i++) {
        const char *p = pages[i % 8];
        snprintf(name, sizeof name, "pages/%s%02zu-%s", i % 3 ? "" : "sub/", i, p);
        {
            char from[512];
            snprintf(from, sizeof from, PAGES "%s", p);
            copy_file(from, tmp(name));
        }
    }
    spit(tmp("pages/07-empty.txt"), "", 0);
    spit(tmp("pages/31-binary.html"), "\x7f" "ELF\0\0\0\1\2\3\0\0", 12);

    RUN(&r1, "-j", "1", tmp("pages"));
    RUN(&r2, "-j", "2", tmp("pages"));
    RUN(&r3, "--jobs=5", tmp("pages"));
    cr_assert_eq(r1.status, 1, "error records must give exit 1: %d", r1.status);
    cr_assert_eq(r2.status, 1);
    cr_assert_eq(r1.out_len, r2.out_len);
    cr_assert_eq(memcmp(r1.out, r2.out, r1.out_len), 0, "-j 2 differs from -j 1");
    cr_assert_eq(r1.out_len, r3.out_len);
    cr_assert_eq(memcmp(r1.out, r3.out, r1.out_len), 0, "-j 5 differs from -j 1");

    copy = strdup(r1.out);
    n = split_lines(copy, lines, 128);
    cr_assert_eq(n, 50, "one line per file: %zu", n);
    /* sorted byte order of the full paths: "NN-..." files before "sub/" */
    for (i = 1; i < n; i++) {
        char pa[512], pb[512];
        /* error records have a 4th column: compare the 3rd */
        snprintf(pa, sizeof pa, "%s", strchr(strchr(lines[i - 1], '\t') + 1, '\t') + 1);
        snprintf(pb, sizeof pb, "%s", strchr(strchr(lines[i], '\t') + 1, '\t') + 1);
        if (strchr(pa, '\t'))
            *strchr(pa, '\t') = '\0';
        if (strchr(pb, '\t'))
            *strchr(pb, '\t') = '\0';
        cr_assert_lt(strcmp(pa, pb), 0, "out of order: %s before %s", pa, pb);
    }
    free(copy);
    run_free(&r1);
    run_free(&r2);
    run_free(&r3);
}

Test(cli, stdin_dash_and_no_arguments, .init = setup_tmp, .fini = teardown_tmp)
{
    run_out a, b, c;
    char *la[2], *lb[2], *lc[2];

    RUN(&a, "--format", "html", SPAM_HTML);
    RUN_IN(&b, SPAM_HTML, "--format", "html", "-");
    run_env(&c, SPAM_HTML, NULL, (const char *const[]){"--format", "html", NULL});
    cr_assert_eq(a.status, 0);
    cr_assert_eq(b.status, 0, "%s", b.err);
    cr_assert_eq(c.status, 0, "%s", c.err);
    cr_assert_eq(split_lines(a.out, la, 2), 1);
    cr_assert_eq(split_lines(b.out, lb, 2), 1);
    cr_assert_eq(split_lines(c.out, lc, 2), 1);
    cr_assert(matches("\t-$", lb[0]), "stdin is named '-': %s", lb[0]);
    cr_assert(matches("\t-$", lc[0]), "stdin is named '-': %s", lc[0]);
    /* same verdict and score as the file */
    cr_assert_eq(strncmp(la[0], lb[0], strrchr(la[0], '\t') - la[0]), 0,
                 "%s vs %s", la[0], lb[0]);
    cr_assert_str_eq(lb[0], lc[0]);
    run_free(&a);
    run_free(&b);
    run_free(&c);
}

Test(cli, gzip_inputs_are_read_transparently, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out a, b;
    size_t n;
    char *page = slurp(SPAM_HTML, &n);
    gzFile gz = gzopen(tmp("page.html.gz"), "wb");
    char *la[4], *lb[4];

    cr_assert_not_null(gz);
    cr_assert_eq(gzwrite(gz, page, (unsigned)n), (int)n);
    cr_assert_eq(gzclose(gz), Z_OK);
    spit(tmp("broken.html.gz"), "\x1f\x8b\x08\x00garbage-not-deflate", 23);

    RUN(&a, SPAM_HTML);
    RUN(&b, tmp("page.html.gz"), tmp("broken.html.gz"));
    cr_assert_eq(a.status, 0);
    cr_assert_eq(b.status, 1, "a corrupt .gz is an input failure: %d", b.status);
    cr_assert_eq(split_lines(a.out, la, 4), 1);
    cr_assert_eq(split_lines(b.out, lb, 4), 2);
    /* same verdict and score as the uncompressed page */
    cr_assert_eq(strncmp(la[0], lb[0], strrchr(la[0], '\t') - la[0] + 1), 0,
                 "%s vs %s", la[0], lb[0]);
    cr_assert(matches("^error\t-\t.*broken\\.html\\.gz\t.*gzip", lb[1]), "%s", lb[1]);
    free(page);
    run_free(&a);
    run_free(&b);
}

Test(cli, error_records_for_empty_and_binary_files, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char *lines[4];
    unsigned char bin[4096];
    size_t i;
    json_t *o;

    for (i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 7919u >> 3);
    spit(tmp("a-empty.html"), "", 0);
    spit(tmp("b-binary.bin"), bin, sizeof bin);
    copy_file(SPAM_TEXT, tmp("c-good.txt"));

    RUN(&r, tmp("a-empty.html"), tmp("b-binary.bin"), tmp("c-good.txt"));
    cr_assert_eq(r.status, 1);
    cr_assert_eq(split_lines(r.out, lines, 4), 3);
    cr_assert(matches("^error\t-\t.*a-empty\\.html\t.+", lines[0]), "%s", lines[0]);
    cr_assert(matches("^error\t-\t.*b-binary\\.bin\t.+", lines[1]), "%s", lines[1]);
    cr_assert(matches("^spam\t", lines[2]), "the good file is still scored: %s",
              lines[2]);
    run_free(&r);

    RUN(&r, "--json", tmp("a-empty.html"), tmp("b-binary.bin"));
    cr_assert_eq(r.status, 1);
    cr_assert_eq(split_lines(r.out, lines, 4), 2);
    for (i = 0; i < 2; i++) {
        void *it;
        o = parse_record(lines[i]);
        it = json_object_iter(o);
        cr_assert_str_eq(json_object_iter_key(it), "input");
        it = json_object_iter_next(o, it);
        cr_assert_str_eq(json_object_iter_key(it), "error");
        cr_assert_gt(strlen(jstr(o, "error")), 0);
        cr_assert_null(json_object_iter_next(o, it));
        json_decref(o);
    }
    run_free(&r);
}

Test(cli, invalid_utf8_and_wrong_charset, .init = setup_tmp, .fini = teardown_tmp)
{
    static const char bad_utf8[] =
        "Harbor \xff\xfe council \xc3 votes on ferry \xe2\x82 fares\n"
        "The council of Oldbridge voted \xc0\xaf on Tuesday to keep ferry fares "
        "unchanged for another year, the mayor said after a long meeting.\n";
    static const char wrong_charset[] =
        "<html><head><meta charset=\"iso-8859-1\">"
        "<title>Caf\xc3\xa9 owners in Z\xc3\xbcrich welcome the new tram line</title>"
        "</head><body><h1>Caf\xc3\xa9 owners in Z\xc3\xbcrich welcome the new tram line"
        "</h1><p>Owners of the caf\xc3\xa9s along the lake said on Monday that the "
        "new tram line had brought more guests in its first month.</p></body></html>";
    run_out r;
    char *lines[4];
    json_t *o;

    spit(tmp("bad.txt"), bad_utf8, sizeof bad_utf8 - 1);
    spit(tmp("charset.html"), wrong_charset, sizeof wrong_charset - 1);
    RUN(&r, "--json", "--clean", tmp("bad.txt"), tmp("charset.html"));
    cr_assert_eq(split_lines(r.out, lines, 4), 2, "%s", r.err);
    /* jansson refuses invalid UTF-8: parsing proves the output is clean */
    o = parse_record(lines[0]);
    cr_assert(json_object_get(o, "verdict") || json_object_get(o, "error"));
    json_decref(o);
    o = parse_record(lines[1]);
    cr_assert_not_null(strstr(jstr(o, "title"), "Caf\xc3\xa9 owners in Z\xc3\xbcrich"),
                       "UTF-8 declared as ISO-8859-1 is read as UTF-8: %s",
                       jstr(o, "title"));
    cr_assert_null(strstr(jstr(o, "text"), "\xc3\x83"), "mojibake in the text");
    json_decref(o);
    run_free(&r);
}

Test(cli, a_50mb_page_is_refused_quickly, .init = setup_tmp, .fini = teardown_tmp)
{
    size_t n = (size_t)50 << 20, i;
    char *big = malloc(n);
    static const char chunk[] = "<p>The ferry sails again. </p>\n";
    run_out r;
    char *lines[2];
    json_t *o;

    cr_assert_not_null(big);
    for (i = 0; i < n; i++)
        big[i] = chunk[i % (sizeof chunk - 1)];
    spit(tmp("big.html"), big, n);
    free(big);

    RUN(&r, "--json", tmp("big.html"));
    cr_assert_eq(r.status, 1);
    cr_assert_lt(r.seconds, 20.0, "took %.1f s", r.seconds);
    cr_assert_eq(split_lines(r.out, lines, 2), 1);
    o = parse_record(lines[0]);
    cr_assert(matches("too large|limit|cap", jstr(o, "error")), "%s", jstr(o, "error"));
    json_decref(o);
    run_free(&r);

    /* the same through stdin, where the size is not known in advance */
    RUN_IN(&r, tmp("big.html"), "-");
    cr_assert_eq(r.status, 1);
    cr_assert(matches("^error\t-\t-\t", r.out), "%s", r.out);
    run_free(&r);

    /* a smaller cap applies too */
    RUN(&r, "--max-bytes", "1k", SPAM_HTML);
    cr_assert_eq(r.status, 1);
    cr_assert(matches("^error\t", r.out), "%s", r.out);
    run_free(&r);
}

Test(cli, deep_nesting_is_reported_in_the_record, .init = setup_tmp,
     .fini = teardown_tmp)
{
    size_t depth = 10000, i, cap = depth * 11 + 512, len = 0;
    char *page = malloc(cap);
    run_out r;
    char *lines[2];
    json_t *o, *lim;

    cr_assert_not_null(page);
    len += (size_t)sprintf(page + len, "<html><head><title>Deep page</title></head><body>");
    for (i = 0; i < depth; i++)
        len += (size_t)sprintf(page + len, "<div>");
    len += (size_t)sprintf(page + len, "<p>Text at the bottom of a very deep page.</p>");
    for (i = 0; i < depth; i++)
        len += (size_t)sprintf(page + len, "</div>");
    len += (size_t)sprintf(page + len, "</body></html>");
    spit(tmp("deep.html"), page, len);
    free(page);

    RUN(&r, "--json", tmp("deep.html"));
    cr_assert_eq(split_lines(r.out, lines, 2), 1, "%s", r.err);
    o = parse_record(lines[0]);
    if (json_object_get(o, "error")) {
        cr_assert_eq(r.status, 1);
    } else {
        cr_assert_eq(r.status, 0);
        lim = json_object_get(o, "limits");
        cr_assert(json_is_array(lim) && json_array_size(lim) > 0,
                  "the depth cap must be reported: %s", lines[0]);
    }
    json_decref(o);
    run_free(&r);
}

Test(cli, directory_with_unreadable_entries, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char *lines[8];

    mkdir(tmp("d"), 0755);
    copy_file(SPAM_TEXT, tmp("d/a-good.txt"));
    cr_assert_eq(symlink("/nonexistent/spamscore/page.html", tmp("d/b-dangling.html")), 0);
    cr_assert_eq(mkfifo(tmp("d/c-fifo.html"), 0644), 0);
    copy_file(HONEST_TEXT, tmp("d/d-good.txt"));
    spit(tmp("d/.hidden.html"), "skipped", 7);
    cr_assert_eq(symlink("..", tmp("d/e-loop")), 0); /* a cycle */

    RUN(&r, tmp("d"));
    cr_assert_eq(r.status, 1);
    cr_assert_lt(r.seconds, 30.0, "the FIFO must not be opened");
    cr_assert_eq(split_lines(r.out, lines, 8), 5, "%s", r.out);
    cr_assert(matches("^error\t-\t.*/d/e-loop\t.*not followed", lines[4]), "%s",
              lines[4]);
    cr_assert(matches("^spam\t.*/d/a-good\\.txt$", lines[0]), "%s", lines[0]);
    cr_assert(matches("^error\t-\t.*/d/b-dangling\\.html\t.+", lines[1]), "%s", lines[1]);
    cr_assert(matches("^error\t-\t.*/d/c-fifo\\.html\t.+", lines[2]), "%s", lines[2]);
    cr_assert(matches("^ham\t.*/d/d-good\\.txt$", lines[3]), "%s", lines[3]);
    run_free(&r);
}

Test(cli, odd_file_names_stay_one_line_and_valid_json, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char *lines[2];
    json_t *o;
    const char *name = tmp("we\"ird\tna\nme\xff.txt");
    char expect[600];

    copy_file(HONEST_TEXT, name);
    RUN(&r, "--json", name);
    cr_assert_eq(r.status, 0);
    cr_assert_eq(split_lines(r.out, lines, 2), 1);
    o = parse_record(lines[0]);
    snprintf(expect, sizeof expect, "%s/we\"ird\tna\nme\xef\xbf\xbd.txt", tmpdir);
    cr_assert_str_eq(jstr(o, "input"), expect);
    json_decref(o);
    run_free(&r);

    RUN(&r, name);
    cr_assert_eq(split_lines(r.out, lines, 2), 1, "TSV record split: %s", r.out);
    cr_assert(matches("^ham\t0\\.[0-9]{4}\t[^\t]+$", lines[0]), "%s", lines[0]);
    run_free(&r);
}

Test(cli, clean_format_markdown_and_metadata)
{
    run_out r;
    const char *doc = SS_TEST_DATA "/page/doc.html";
    RUN(&r, "--clean-format", "markdown", doc);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    cr_assert_not_null(strstr(r.out, "## Keys\n\n| Key | Default | Meaning |\n|---|---|---|\n"),
                       "%s", r.out);
    cr_assert_not_null(strstr(r.out, "```\n[storage]"), "%s", r.out);
    run_free(&r);

    /* text is the default; the same page without markup */
    RUN(&r, "--clean", doc);
    cr_assert_eq(r.status, 0);
    cr_assert_null(strstr(r.out, "## "), "%s", r.out);
    cr_assert_null(strstr(r.out, "|---"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "memory for recent lookups"), "%s", r.out);
    run_free(&r);

    /* --json carries the chosen format in "text", and the metadata */
    RUN(&r, "--json", "--clean-format", "markdown", SS_TEST_DATA "/page/forum.html");
    cr_assert_eq(r.status, 0);
    json_t *o = parse_record(r.out);
    cr_assert_not_null(strstr(jstr(o, "text"), "marine grease"), "%s", r.out);
    cr_assert_str_eq(jstr(o, "language"), "en");
    cr_assert_str_eq(jstr(o, "site_name"), "Paddlers Forum");
    cr_assert_str_eq(jstr(o, "canonical_url"),
                     "https://forum.example/t/kayak-rudder-squeaks/4410");
    cr_assert_null(json_object_get(o, "author"), "the page names no author");
    json_decref(o);
    run_free(&r);
}

Test(cli, page_without_body_text_falls_back_to_its_own_summary, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    static const char script_page[] =
               "<html><head><title>Tide tables</title>"
               "<meta name=\"description\" content=\"Tide tables for the harbor, updated daily.\">"
               "</head><body><div id=\"app\"></div><script>render()</script></body></html>";
    static const char ld_page[] =
               "<html><head><title>Ferry</title><script type=\"application/ld+json\">"
               "{\"@type\":\"NewsArticle\",\"articleBody\":\"The council added three evening "
               "crossings.\"}</script><meta name=\"description\" content=\"Short.\"></head>"
               "<body><div id=\"root\"></div></body></html>";
    spit(tmp("script.html"), script_page, sizeof script_page - 1);
    spit(tmp("ld.html"), ld_page, sizeof ld_page - 1);
    RUN(&r, "--clean", tmp("script.html"), tmp("ld.html"));
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    cr_assert_not_null(strstr(r.out, "Tide tables for the harbor, updated daily.\n"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "The council added three evening crossings.\n"), "%s",
                       r.out);
    cr_assert_null(strstr(r.out, "Short."), "%s", r.out);
    run_free(&r);

    /* A brand flagged in the title is cut from the fallback text too,
     * wherever it stands there, and the seams are repaired. */
    static const char spliced[] =
               "<html><head><title>Quorvex Capital:Council adds evening ferries</title>"
               "<script type=\"application/ld+json\">"
               "{\"@type\":\"NewsArticle\",\"articleBody\":\"Harwich,Quorvex Capital Essex "
               "\u2014 The council added three evening crossings.\"}</script></head>"
               "<body><h1>Quorvex Capital:Council adds evening ferries</h1>"
               "<div id=\"root\"></div></body></html>";
    spit(tmp("spliced.html"), spliced, sizeof spliced - 1);
    RUN(&r, "--clean", tmp("spliced.html"));
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    cr_assert_not_null(strstr(r.out, "Harwich, Essex \u2014 The council added three evening "
                                     "crossings.\n"), "%s", r.out);
    cr_assert_null(strstr(r.out, "Quorvex"), "%s", r.out);
    run_free(&r);
}

Test(cli, clean_text_and_verbose_reasons)
{
    run_out r;
    RUN(&r, "--clean", SPAM_HTML);
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "The arrests came after a two-month investigation"),
                       "%s", r.out);
    cr_assert_null(strstr(r.out, "Tessaly"), "injected brand left in: %s", r.out);
    cr_assert_null(strstr(r.out, "Corbin Ashgrove"), "promo headline left in");
    run_free(&r);

    RUN(&r, "-v", SPAM_HTML);
    cr_assert_eq(r.status, 0);
    cr_assert(matches("^spam\t", r.out));
    cr_assert_not_null(strstr(r.out, "injected-brand"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "Tessaly Capital"), "%s", r.out);
    cr_assert(matches("\n  score terms:( [a-z_]+ [-+][0-9]+\\.[0-9]{2})+", r.out), "%s", r.out);
    run_free(&r);

    /* The terms explain the score: the logistic of the sum of value x
     * weight, or the floor of a finding when that is higher. */
    const char *pages[] = {SPAM_HTML, HONEST_TEXT};
    for (size_t k = 0; k < 2; k++) {
        RUN(&r, "--json", "-v", pages[k]);
        cr_assert_eq(r.status, 0);
        json_error_t e;
        json_t *o = json_loads(r.out, 0, &e);
        cr_assert_not_null(o, "%s", e.text);
        json_t *terms = json_object_get(o, "terms");
        cr_assert(json_is_object(terms) && json_object_size(terms) >= 14, "%s", r.out);
        double z = 0;
        const char *key;
        json_t *vw;
        json_object_foreach(terms, key, vw)
            z += json_number_value(json_array_get(vw, 0)) *
                 json_number_value(json_array_get(vw, 1));
        double p = 1 / (1 + exp(-z));
        json_t *fl = json_object_get(o, "floor");
        if (fl && json_number_value(fl) > p)
            p = json_number_value(fl);
        double score = json_number_value(json_object_get(o, "score"));
        cr_assert(fabs(score - p) < 0.01, "%s: score %f, terms give %f", pages[k], score, p);
        /* the phrase behind a term: the spliced brand's finding */
        json_t *brand = json_object_get(terms, "brand");
        if (k == 0)
            cr_assert_str_eq(json_string_value(json_array_get(brand, 2)), "Tessaly Capital",
                             "%s", r.out);
        else
            cr_assert_eq(json_array_size(brand), 2, "%s", r.out);
        json_decref(o);
        run_free(&r);
    }
}

Test(cli, clean_text_of_a_front_page_keeps_its_linked_headlines)
{
    run_out r;
    RUN(&r, "--clean", SS_TEST_DATA "/page/frontpage.html");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "Ferry timetable changes"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "Council votes on the new parking charges"), "%s", r.out);
    cr_assert_null(strstr(r.out, "Privacy notice"), "%s", r.out);
    run_free(&r);
}

Test(cli, missing_default_model_is_a_note_not_an_error, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char env[400];
    const char *p;
    int notes = 0;

    mkdir(tmp("nomodels"), 0755);
    snprintf(env, sizeof env, "SPAMSCORE_MODELS=%s", tmp("nomodels"));
    run_env(&r, NULL, env, (const char *const[]){SPAM_TEXT, SPAM_HTML, HONEST_TEXT, NULL});
    cr_assert_eq(r.status, 0, "%s", r.err);
    for (p = r.err; (p = strstr(p, "no model")) != NULL; p++)
        notes++;
    cr_assert_eq(notes, 1, "say it once: %s", r.err);
    run_free(&r);

    RUN(&r, "--model", "/nonexistent/x.model", SPAM_TEXT);
    cr_assert_eq(r.status, 2, "an explicit model must exist");
    cr_assert_eq(r.out_len, 0);
    run_free(&r);
}


/* Filter mode over a file holding line: it succeeds and its output
 * matches pattern. */
static void
keep_line_matches(const char *name,
                  const char *line,
                  const char *pattern)
{
    run_out r;
    FILE *f = fopen(tmp(name), "w");
    cr_assert_not_null(f);
    fputs(line, f);
    fclose(f);
    RUN(&r, "--jsonl", "--keep", "ham,unsure,spam", tmp(name));
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(matches(pattern, r.out), "%s", r.out);
    run_free(&r);
}

Test(cli, filter_mode_keeps_only_chosen_verdicts, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char *lines[8];
    size_t n, i;
    FILE *f;
    char *page;
    json_t *o, *ss;

    RUN(&r, "--keep", "ham", SPAM_TEXT, HONEST_TEXT, SPAM_HTML);
    cr_assert_eq(r.status, 0);
    n = split_lines(r.out, lines, 8);
    cr_assert_eq(n, 1, "%s", r.out);
    cr_assert(matches("^ham\t.*honest-text\\.txt$", lines[0]));
    cr_assert(matches("kept 1 .*dropped 2", r.err), "%s", r.err);
    run_free(&r);

    /* JSONL pass-through: the input object plus "text" and "spamscore" */
    page = slurp(HONEST_TEXT, NULL);
    f = fopen(tmp("in.jsonl"), "w");
    cr_assert_not_null(f);
    o = json_pack("{s:i, s:s, s:s, s:s}", "id", 1, "url", "https://example.test/a",
                  "text", page, "lang", "en");
    json_dumpf(o, f, JSON_COMPACT);
    json_decref(o);
    fputs("\nnot json at all\n", f);
    free(page);
    page = slurp(SPAM_TEXT, NULL);
    o = json_pack("{s:s, s:s}", "id", "two", "text", page);
    json_dumpf(o, f, JSON_COMPACT);
    json_decref(o);
    fputs("\n", f);
    fclose(f);
    free(page);

    RUN(&r, "--jsonl", "--drop", "spam,unsure", tmp("in.jsonl"));
    cr_assert_eq(r.status, 1, "the bad line is a failure: %d", r.status);
    n = split_lines(r.out, lines, 8);
    cr_assert_eq(n, 1, "only the honest document: %s", r.out);
    o = parse_record(lines[0]);
    cr_assert_eq(json_integer_value(json_object_get(o, "id")), 1);
    cr_assert_str_eq(jstr(o, "lang"), "en");
    cr_assert_gt(strlen(jstr(o, "text")), 0);
    ss = json_object_get(o, "spamscore");
    cr_assert(json_is_object(ss));
    cr_assert(json_is_number(json_object_get(ss, "score")));
    cr_assert_str_eq(jstr(ss, "verdict"), "ham");
    json_decref(o);
    cr_assert(matches("kept 1 .*dropped 2 .*spam 1.*error 1", r.err), "%s", r.err);
    run_free(&r);

    /* A line with its own "text" and "spamscore" keeps its other members
     * as written, a number too big for any JSON reader's integer and
     * braces inside strings included (the fuzzer's input of stop 20). */
    page = slurp(HONEST_TEXT, NULL);
    f = fopen(tmp("own.jsonl"), "w");
    cr_assert_not_null(f);
    fputs("{\"id\": \"a\", \"spamscore\": {\"x\": [1, \"}\"]}, \"text\": ", f);
    o = json_string(page);
    json_dumpf(o, f, JSON_ENCODE_ANY);
    json_decref(o);
    fputs(", \"n\": 288888888888888888888888888888, \"tag\": \"a,\\\"b\"}\n", f);
    fclose(f);
    free(page);
    RUN(&r, "--jsonl", "--keep", "ham,unsure,spam", tmp("own.jsonl"));
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(matches("^\\{\"id\": \"a\",\"n\": 288888888888888888888888888888,"
                      "\"tag\": \"a,\\\\\"b\",\"text\":\".*\",\"spamscore\":"
                      "\\{\"score\":[0-9.]+,\"verdict\":\"ham\"\\}\\}\n$", r.out),
              "%s", r.out);
    run_free(&r);

    /* A key spelled with escapes is still the "text" key: it is replaced,
     * not repeated (the fast path used to append a second one) */
    keep_line_matches("esc.jsonl",
                      "{\"id\": 7, \"te\\u0078t\": \"Plain words of a short honest "
                      "note about the weather in the hills this week.\"}\n",
                      "^\\{\"id\":7,\"text\":\".*\",\"spamscore\":"
                      "\\{\"score\":[0-9.]+,\"verdict\":\"[a-z]+\"\\}\\}\n$");
    /* ... while an escape in a value leaves the line byte for byte */
    keep_line_matches("val.jsonl",
                      "{\"id\": 8,  \"x\": \"caf\\u00e9\", \"html\": \"<p>Plain words "
                      "of a short honest note about the weather.</p>\" }\n",
                      "^\\{\"id\": 8,  \"x\": \"caf\\\\u00e9\", \"html\": \"<p>Plain "
                      "words of a short honest note about the weather.</p>\" ,\"text\":");

    /* Without a filter: one record per line, in order, echoing id and url */
    RUN(&r, "--jsonl", "-j", "2", tmp("in.jsonl"));
    n = split_lines(r.out, lines, 8);
    cr_assert_eq(n, 3);
    for (i = 0; i < 3; i++) {
        o = parse_record(lines[i]);
        if (i == 1)
            cr_assert_not_null(json_object_get(o, "error"));
        else
            cr_assert_not_null(json_object_get(o, "id"));
        json_decref(o);
    }
    cr_assert(matches("\"id\": 1, \"url\": \"https://example.test/a\"", lines[0]),
              "%s", lines[0]);
    run_free(&r);
}

Test(cli, jsonl_stream_keeps_order_across_threads, .init = setup_tmp,
     .fini = teardown_tmp)
{
    static const char *const pages[] = {SPAM_TEXT, HONEST_TEXT, SPAM_HTML};
    char *docs[3];
    run_out r1, r3;
    FILE *f;
    size_t i, n;
    char *lines[400];

    for (i = 0; i < 3; i++)
        docs[i] = slurp(pages[i], NULL);
    f = fopen(tmp("stream.jsonl"), "w");
    cr_assert_not_null(f);
    for (i = 0; i < 300; i++) {
        json_t *o;
        if (i % 37 == 5) {
            fputs("{\"id\": broken\n", f);
            continue;
        }
        o = json_pack("{s:i, s:s}", "id", (int)i, i % 3 == 2 ? "html" : "text",
                      docs[i % 3]);
        json_dumpf(o, f, JSON_COMPACT);
        json_decref(o);
        fputc('\n', f);
    }
    fclose(f);
    for (i = 0; i < 3; i++)
        free(docs[i]);

    RUN(&r1, "--jsonl", tmp("stream.jsonl"));
    RUN(&r3, "--jsonl", "-j", "3", tmp("stream.jsonl"));
    cr_assert_eq(r1.status, 1, "the broken lines are failures");
    cr_assert(r1.out_len == r3.out_len && memcmp(r1.out, r3.out, r1.out_len) == 0,
              "-j 3 differs from -j 1");
    n = split_lines(r1.out, lines, 400);
    cr_assert_eq(n, 300, "one output line per input line: %zu", n);
    for (i = 0; i < n; i++) {
        json_t *o = parse_record(lines[i]);
        if (i % 37 == 5) {
            cr_assert_not_null(json_object_get(o, "error"), "line %zu", i + 1);
        } else {
            cr_assert_eq(json_integer_value(json_object_get(o, "id")), (json_int_t)i);
            cr_assert_str_eq(jstr(o, "verdict"), i % 3 == 1 ? "ham" : "spam");
        }
        json_decref(o);
    }
    run_free(&r1);
    run_free(&r3);
}

Test(cli, clean_text_mode_reports_failures_on_stderr, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    spit(tmp("empty.txt"), "", 0);
    RUN(&r, "--clean", tmp("empty.txt"), HONEST_TEXT);
    cr_assert_eq(r.status, 1);
    cr_assert_null(strstr(r.out, "empty.txt"), "no error record in the text: %s", r.out);
    cr_assert(matches("empty\\.txt: .+", r.err), "%s", r.err);
    cr_assert(matches("\n\n$", r.out), "an empty line ends each document");
    run_free(&r);

    RUN(&r, "--json", "-v", HONEST_TEXT);
    cr_assert_eq(r.status, 0);
    cr_assert(matches("\"verdict\": \"ham\", \"charset\": \"[^\"]+\", "
                      "\"bayes_score\": [01]\\.[0-9]{4}, \"heuristic_score\": "
                      "[01]\\.[0-9]{4}, \"blocks\": [0-9]+, \"terms\": \\{\"bias\": "
                      "\\[1\\.0000, -?[0-9]+\\.[0-9]{4}\\], .*\"title\"", r.out),
              "%s", r.out);
    run_free(&r);
}

Test(cli, warc_records_carry_their_ids)
{
    run_out r;
    char *lines[32];
    size_t n, i, scored = 0;

    RUN(&r, "--warc", "--json", SS_TEST_DATA "/warc/good.warc.gz");
    n = split_lines(r.out, lines, 32);
    cr_assert_gt(n, 0, "%s", r.err);
    for (i = 0; i < n; i++) {
        json_t *o = parse_record(lines[i]);
        if (json_object_get(o, "verdict")) {
            scored++;
            cr_assert(matches("^<urn:uuid:", jstr(o, "warc_record_id")), "%s", lines[i]);
            cr_assert(matches("^[a-z]+://", jstr(o, "url")), "%s", lines[i]);
        }
        json_decref(o);
    }
    cr_assert_gt(scored, 0);
    run_free(&r);
}

Test(cli, warc_skipped_records_are_reported_but_not_failures)
{
    run_out r;

    /* good.warc holds an image and a 404 response besides the pages. */
    RUN(&r, "--warc", SS_TEST_DATA "/warc/good.warc");
    cr_assert(strstr(r.out, "skipped: not HTML (image/png)"), "%s", r.out);
    cr_assert(strstr(r.out, "skipped: HTTP status 404"), "%s", r.out);
    cr_assert_eq(r.status, 0, "skipped records must not fail the run");
    run_free(&r);
    /* A malformed record is a failure: exit status 1, the rest scored. */
    RUN(&r, "--warc", SS_TEST_DATA "/warc/malformed.warc");
    cr_assert_eq(r.status, 1, "%s", r.out);
    run_free(&r);
}

/*
 * The honest hard cases (label and person headlines, honest lists, finance
 * news, comment counters, a company named once) get a ham verdict and no
 * injected-brand or promo-headline flag, with the shipped rules and model;
 * every example spam page gets a spam verdict and both kinds of flag where
 * it has them.
 */
Test(cli, honest_cases_are_ham_and_spam_pages_are_flagged)
{
    static const char *honest[] = {
        "honest-analysis.html", "honest-live.html", "honest-musk.html",
        "honest-mostread.html", "honest-finance.html", "honest-comments.html",
        "honest-brand.html", "honest-text.txt"};
    static const char *spam[] = {"spam-text.txt", "spam-text-2.txt",
                                 "spam-page.html", "spam-page-2.html"};
    char path[512];
    run_out r;

    for (size_t i = 0; i < sizeof honest / sizeof *honest; i++) {
        snprintf(path, sizeof path, PAGES "%s", honest[i]);
        RUN(&r, "--json", path);
        json_t *o = parse_record(r.out);
        cr_assert_str_eq(jstr(o, "verdict"), "ham", "%s: %s", honest[i], r.out);
        json_t *flags = json_object_get(o, "flags");
        for (size_t k = 0; k < json_array_size(flags); k++) {
            const char *kind = jstr(json_array_get(flags, k), "kind");
            cr_assert(strcmp(kind, "injected-brand") != 0 &&
                          strcmp(kind, "promo-headline") != 0,
                      "%s: %s flag", honest[i], kind);
        }
        json_decref(o);
        run_free(&r);
    }
    for (size_t i = 0; i < sizeof spam / sizeof *spam; i++) {
        snprintf(path, sizeof path, PAGES "%s", spam[i]);
        RUN(&r, "--json", path);
        json_t *o = parse_record(r.out);
        cr_assert_str_eq(jstr(o, "verdict"), "spam", "%s: %s", spam[i], r.out);
        bool brand = false, promo = false;
        json_t *flags = json_object_get(o, "flags");
        for (size_t k = 0; k < json_array_size(flags); k++) {
            const char *kind = jstr(json_array_get(flags, k), "kind");
            brand |= strcmp(kind, "injected-brand") == 0;
            promo |= strcmp(kind, "promo-headline") == 0;
        }
        cr_assert(brand && promo, "%s: brand %d promo %d", spam[i], brand, promo);
        json_decref(o);
        run_free(&r);
    }
}

Test(cli, stray_bytes_are_scored_and_binaries_refused, .init = setup_tmp,
     .fini = teardown_tmp)
{
    run_out r;
    char *lines[4];
    size_t n;
    char *page = slurp(SPAM_TEXT, &n);
    char *withnul = malloc(n + 1);
    cr_assert_not_null(withnul);
    memcpy(withnul, page, n);
    withnul[n] = '\0'; /* one trailing NUL */
    withnul[n / 2] = '\x01'; /* and a stray control byte */
    spit(tmp("a-nul.txt"), withnul, n + 1);
    /* the same text after a PNG signature */
    memcpy(withnul, "\x89PNG\r\n\x1a\n", 8);
    spit(tmp("b-png.png"), withnul, n + 1);

    RUN(&r, "--json", tmp("a-nul.txt"), tmp("b-png.png"));
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_eq(split_lines(r.out, lines, 4), 2);
    json_t *o = parse_record(lines[0]);
    cr_assert_str_eq(jstr(o, "verdict"), "spam", "%s", lines[0]);
    json_t *lim = json_object_get(o, "limits");
    bool reported = false;
    for (size_t i = 0; i < json_array_size(lim); i++)
        reported |= strcmp(json_string_value(json_array_get(lim, i)),
                           "control-bytes") == 0;
    cr_assert(reported, "the stray bytes are reported in limits: %s", lines[0]);
    json_decref(o);
    o = parse_record(lines[1]);
    cr_assert(strstr(jstr(o, "error"), "binary"), "%s", lines[1]);
    json_decref(o);
    run_free(&r);
    free(withnul);
    free(page);
}

Test(cli, hidden_link_injection_in_json_and_clean, .init = setup_tmp, .fini = teardown_tmp)
{
    static const char page[] =
        "<html><head><title>Library extends opening hours</title></head><body><article>"
        "<h1>Library extends opening hours</h1>"
        "<p>The town library will stay open until nine on weekdays from next month, its board "
        "decided on Thursday after a year of requests from students.</p>"
        "<div style=\"position:absolute;left:-9999px\">"
        "<a href=\"http://meds-outlet.example/\">cheap pharmacy pills</a> "
        "<a href=\"http://lucky-spin.example/\">online casino bonus</a> "
        "<a href=\"http://fastcash.example/\">payday loans online</a></div>"
        "<p>Weekend hours stay as they are, and the reading room keeps its earlier closing "
        "time because of staffing.</p></article></body></html>";
    spit(tmp("hidden.html"), page, sizeof page - 1);
    run_out r;
    /* With the documented default combiner (no model) the injection alone
     * makes the page spam; the shipped model's cut-offs are fitted on real
     * pages with subtle injections (one flag alone may leave a page
     * unsure), and it must at least never pass the page as ham. */
    RUN(&r, "--json", "--no-model", tmp("hidden.html"));
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "\"kind\": \"link-injection\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"off-screen\""), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"verdict\": \"spam\""), "%s", r.out);
    run_free(&r);
    RUN(&r, "--json", tmp("hidden.html"));
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "\"kind\": \"link-injection\""), "%s", r.out);
    cr_assert_null(strstr(r.out, "\"verdict\": \"ham\""), "%s", r.out);
    run_free(&r);
    RUN(&r, "--clean", tmp("hidden.html"));
    cr_assert_eq(r.status, 0);
    cr_assert_null(strstr(r.out, "casino"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "Weekend hours stay as they are"), "%s", r.out);
    run_free(&r);
}
