/*
 * test_cli.c - end-to-end tests of the spamscore command (suite "cli").
 *
 * Each test runs the built binary (SS_BINARY) with fork/exec on the example
 * pages of tests/data/pages and on inputs generated in a fresh temporary
 * directory: empty, binary, invalid UTF-8, a wrong charset declaration, a
 * 50 MB page, 10 000-deep nesting, a directory with entries that cannot be
 * read, gzip, stdin, JSON Lines, WARC; and checks what a user sees: the
 * record format, JSON fields and their order, exit statuses, -j N output
 * identical to -j 1, filter mode, and the train/model/eval subcommands.
 *
 * The tests run as root in CI, where chmod 000 does not stop reading a file;
 * the "unreadable" entries are therefore a dangling symbolic link and a FIFO
 * (which must be reported, not opened: opening it would block).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

TestSuite(cli, .timeout = 120);

#define PAGES SS_TEST_DATA "/pages/"
#define SPAM_TEXT PAGES "spam-text.txt"
#define SPAM_HTML PAGES "spam-page.html"
#define HONEST_TEXT PAGES "honest-text.txt"
#define MAX_ARGS 64

/* What one run of the binary produced. */
typedef struct run_out {
    char *out;
    size_t out_len;
    char *err;
    int status; /* exit status, or 128 + signal */
    double seconds;
} run_out;

/* Read a whole file into a NUL-terminated buffer. */
static char *
slurp(const char *path,
      size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    cr_assert_not_null(f, "cannot open %s", path);
    for (;;) {
        size_t r;
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap + 1);
            cr_assert_not_null(buf);
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Write len bytes to path. */
static void
spit(const char *path,
     const void *data,
     size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* A fresh temporary directory for one test. */
static char tmpdir[256];

/* path = tmpdir/name (static buffers rotate so a few can be alive). */
static const char *
tmp(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ & 7];
    snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, name);
    return b;
}

/* Remove a tree (no symlink following). */
static void
rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            char sub[1024];
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_tree(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* .init: make the test's temporary directory. */
static void
setup_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/spamscore-cli.XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

/* .fini: remove it with everything in it. */
static void
teardown_tmp(void)
{
    rm_tree(tmpdir);
}

/*
 * Run SS_BINARY with the NULL-terminated argument list (without argv[0]),
 * stdin from stdin_path (or /dev/null), and optionally one extra environment
 * assignment "NAME=value". Output and errors go through files in tmpdir.
 */
static void
run_env(run_out *r,
        const char *stdin_path,
        const char *env,
        const char *const *args)
{
    const char *argv[MAX_ARGS + 2];
    char out_path[600], err_path[600];
    struct timespec t0, t1;
    pid_t pid;
    int st, i;
    static int seq;

    argv[0] = SS_BINARY;
    for (i = 0; args[i] && i < MAX_ARGS; i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    /* Tests without a temporary directory of their own run concurrently
     * (--jobs 2, one process each): the process id keeps their capture
     * files apart. */
    snprintf(out_path, sizeof out_path, "%s/.ss-out-%ld-%d",
             tmpdir[0] ? tmpdir : "/tmp", (long)getpid(), seq);
    snprintf(err_path, sizeof err_path, "%s/.ss-err-%ld-%d",
             tmpdir[0] ? tmpdir : "/tmp", (long)getpid(), seq++);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int in = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
        int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        /* env: one "NAME=value", or several separated by newlines */
        for (const char *e = env; e && *e;) {
            char name[128], value[1024];
            const char *eq = strchr(e, '=');
            const char *end = strchr(e, '\n');
            if (!end)
                end = e + strlen(e);
            snprintf(name, sizeof name, "%.*s", (int)(eq - e), e);
            snprintf(value, sizeof value, "%.*s", (int)(end - eq - 1), eq + 1);
            setenv(name, value, 1);
            e = *end ? end + 1 : end;
        }
        execv(SS_BINARY, (char *const *)argv);
        _exit(127);
    }
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) +
                 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = slurp(out_path, &r->out_len);
    r->err = slurp(err_path, NULL);
    unlink(out_path);
    unlink(err_path);
    cr_assert_lt(r->status, 126, "the binary crashed or did not start: %d\n%s",
                 r->status, r->err);
}

/* run_env without stdin or environment. */
#define RUN(r, ...) run_env((r), NULL, NULL, (const char *const[]){__VA_ARGS__, NULL})
/* with stdin from a file */
#define RUN_IN(r, in, ...) \
    run_env((r), (in), NULL, (const char *const[]){__VA_ARGS__, NULL})

/* Free what run_env() captured. */
static void
run_free(run_out *r)
{
    free(r->out);
    free(r->err);
}

/* Split text into lines (in place); returns the count. */
static size_t
split_lines(char *text,
            char **lines,
            size_t max)
{
    size_t n = 0;
    char *p = text;
    while (*p && n < max) {
        char *nl = strchr(p, '\n');
        lines[n++] = p;
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

/* Does the whole string s match the extended regex re? */
static bool
matches(const char *re,
        const char *s)
{
    regex_t rx;
    bool ok;
    cr_assert_eq(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0, "bad regex %s", re);
    ok = regexec(&rx, s, 0, NULL, 0) == 0;
    regfree(&rx);
    return ok;
}

/* Parse one JSON Lines record; fails the test if it is not an object. */
static json_t *
parse_record(const char *line)
{
    json_error_t e;
    json_t *o = json_loads(line, 0, &e);
    cr_assert_not_null(o, "not JSON (%s): %s", e.text, line);
    cr_assert(json_is_object(o), "not an object: %s", line);
    return o;
}

/* The string value of key in o (fails the test if absent). */
static const char *
jstr(json_t *o,
     const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_string(v), "\"%s\" is not a string", key);
    return json_string_value(v);
}

/* Copy a file. */
static void
copy_file(const char *from,
          const char *to)
{
    size_t n;
    char *b = slurp(from, &n);
    spit(to, b, n);
    free(b);
}

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

/* Read from fd until a newline arrives or timeout_ms pass; returns the
 * bytes read (NUL-terminated in buf) or 0 on timeout/end. */
static size_t
read_line_within(int fd, char *buf, size_t cap, int timeout_ms)
{
    size_t n = 0;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (n + 1 < cap) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        long left = timeout_ms - ((t.tv_sec - t0.tv_sec) * 1000 +
                                  (t.tv_nsec - t0.tv_nsec) / 1000000);
        if (left <= 0)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            break;
        ssize_t got = read(fd, buf + n, 1);
        if (got <= 0)
            break;
        n++;
        if (buf[n - 1] == '\n')
            break;
    }
    buf[n] = '\0';
    return n && buf[n - 1] == '\n' ? n : 0;
}

/* A pipeline whose input trickles in: each record comes out as soon as
 * its document is scored, not when the output buffer fills or the input
 * ends (plain and gzip JSON Lines, gzip WARC, one and two threads). */
Test(cli, a_stalled_input_stream_still_gets_its_records)
{
    static const char *const modes[][4] = {
        {"--jsonl", "-j", "1", "-"},
        {"--jsonl", "-j", "2", "-"},
        {"--warc", "-j", "1", "-"},
        {"--warc", "-j", "2", "-"},
    };
    static const char *const warcs[2] = {
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:s-1>\r\n"
        "WARC-Target-URI: http://s.example/1\r\nContent-Type: application/http; "
        "msgtype=response\r\nContent-Length: 115\r\n\r\nHTTP/1.1 200 OK\r\n"
        "Content-Type: text/html\r\n\r\n<html><body><p>The ferry timetable "
        "changes on Monday.</p></body></html>\r\n\r\n",
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:s-2>\r\n"
        "WARC-Target-URI: http://s.example/2\r\nContent-Type: application/http; "
        "msgtype=response\r\nContent-Length: 93\r\n\r\nHTTP/1.1 200 OK\r\n"
        "Content-Type: text/html\r\n\r\n<html><body><p>Second document.</p>"
        "</body></html>\r\n\r\n",
    };
    for (size_t m = 0; m < 4; m++) {
        bool warc = m >= 2;
        for (int gz = warc; gz < 2; gz++) {
            int in[2], out[2];
            cr_assert_eq(pipe(in), 0);
            cr_assert_eq(pipe(out), 0);
            pid_t pid = fork();
            cr_assert_neq(pid, -1);
            if (pid == 0) {
                dup2(in[0], 0);
                dup2(out[1], 1);
                close(in[1]);
                close(out[0]);
                int devnull = open("/dev/null", O_WRONLY);
                dup2(devnull, 2);
                execl(SS_BINARY, SS_BINARY, modes[m][0], modes[m][1],
                      modes[m][2], modes[m][3], (char *)NULL);
                _exit(127);
            }
            close(in[0]);
            close(out[1]);
            const char *docs[2] = {"{\"id\":1,\"text\":\"The ferry timetable changes on Monday.\"}\n",
                                   "{\"id\":2,\"text\":\"Second document.\"}\n"};
            if (warc) {
                docs[0] = warcs[0];
                docs[1] = warcs[1];
            }
            char line[4096];
            for (int d = 0; d < 2; d++) {
                if (gz) {
                    /* one gzip member per document, as a compressing
                     * producer flushing per record would write */
                    unsigned char z[512];
                    z_stream zs;
                    memset(&zs, 0, sizeof zs);
                    cr_assert_eq(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
                    zs.next_in = (unsigned char *)docs[d];
                    zs.avail_in = (uInt)strlen(docs[d]);
                    zs.next_out = z;
                    zs.avail_out = sizeof z;
                    cr_assert_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
                    size_t zn = sizeof z - zs.avail_out;
                    deflateEnd(&zs);
                    cr_assert_eq(write(in[1], z, zn), (ssize_t)zn);
                } else {
                    cr_assert_eq(write(in[1], docs[d], strlen(docs[d])),
                                 (ssize_t)strlen(docs[d]));
                }
                /* The input stays open: the record must come anyway. */
                cr_assert_gt(read_line_within(out[0], line, sizeof line, 20000), 0,
                             "no record for document %d while the input is open "
                             "(%s %s, gzip %d)", d + 1, modes[m][1], modes[m][2], gz);
                char want[32];
                if (warc)
                    snprintf(want, sizeof want, "s.example/%d", d + 1);
                else
                    snprintf(want, sizeof want, "\"id\": %d", d + 1);
                cr_assert(strstr(line, want), "%s", line);
            }
            close(in[1]);
            cr_assert_eq(read_line_within(out[0], line, sizeof line, 20000), 0,
                         "nothing more after the end");
            close(out[0]);
            int st;
            cr_assert_eq(waitpid(pid, &st, 0), pid);
            cr_assert(WIFEXITED(st) && WEXITSTATUS(st) <= 2);
        }
    }
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

/* ------------------------------------------------------------------ */
/* Output faults: a reader that goes away, a full disk, short writes.  */

/* The environment that loads the fault injector into the binary, with
 * extra assignments (newline-separated) after it. ASan insists on coming
 * first among preloaded libraries unless told otherwise. */
static const char *
fi_env(const char *extra)
{
    static char buf[2048];
    const char *asan = getenv("ASAN_OPTIONS");
    snprintf(buf, sizeof buf,
             "LD_PRELOAD=%s\nASAN_OPTIONS=%s%sverify_asan_link_order=0%s%s",
             SS_FAULTINJECT, asan ? asan : "", asan && *asan ? ":" : "",
             extra ? "\n" : "", extra ? extra : "");
    return buf;
}

/* A JSON Lines stream of n small documents at path. */
static void
write_small_stream(const char *path,
                   size_t n)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "{\"id\": %zu, \"html\": \"<p>Ferry timetable note %zu for "
                "the harbour council.</p>\"}\n", i, i);
    cr_assert_eq(fclose(f), 0);
}

/* Set the newline-separated "NAME=value" assignments of env. */
static void
set_env_list(const char *env)
{
    for (const char *e = env; e && *e;) {
        char name[128], value[1024];
        const char *eq = strchr(e, '=');
        const char *end = strchr(e, '\n');
        if (!end)
            end = e + strlen(e);
        snprintf(name, sizeof name, "%.*s", (int)(eq - e), e);
        snprintf(value, sizeof value, "%.*s", (int)(end - eq - 1), eq + 1);
        setenv(name, value, 1);
        e = *end ? end + 1 : end;
    }
}

/* Start the binary with stdout on fd_out, stderr into err_path and the
 * environment assignments env (or NULL). */
static pid_t
spawn_env(int fd_out,
          const char *err_path,
          const char *env,
          const char *const *args)
{
    const char *argv[MAX_ARGS + 2];
    int i;
    pid_t pid;

    argv[0] = SS_BINARY;
    for (i = 0; args[i] && i < MAX_ARGS; i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || err < 0)
            _exit(126);
        dup2(in, 0);
        dup2(fd_out, 1);
        dup2(err, 2);
        set_env_list(env);
        execv(SS_BINARY, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

Test(cli, a_reader_that_goes_away_ends_the_run_quietly_with_status_4,
     .init = setup_tmp, .fini = teardown_tmp)
{
    static const char *const jobs[] = {"1", "2"};
    /* 5 000 records (about 600 kB) are more than the pipe and the output
     * buffer hold, so the command writes after the reader has gone. */
    write_small_stream(tmp("s.jsonl"), 5000);
    for (size_t j = 0; j < 2; j++) {
        int fds[2], st;
        char line[4096];
        /* close-on-exec: the child must not hold the read end open */
        cr_assert_eq(pipe(fds), 0);
        fcntl(fds[0], F_SETFD, FD_CLOEXEC);
        fcntl(fds[1], F_SETFD, FD_CLOEXEC);
        pid_t pid = spawn_env(fds[1], tmp("err"), NULL,
                              (const char *const[]){"--jsonl", "-j", jobs[j],
                                                    tmp("s.jsonl"), NULL});
        close(fds[1]);
        cr_assert_gt(read_line_within(fds[0], line, sizeof line, 20000), 0);
        cr_assert(strstr(line, "\"id\": 0"), "%s", line);
        close(fds[0]); /* | head -1 */
        cr_assert_eq(waitpid(pid, &st, 0), pid);
        cr_assert(WIFEXITED(st), "-j %s: killed by signal %d instead of exiting",
                  jobs[j], WIFSIGNALED(st) ? WTERMSIG(st) : 0);
        cr_assert_eq(WEXITSTATUS(st), 4, "-j %s: exit status %d", jobs[j],
                     WEXITSTATUS(st));
        char *err = slurp(tmp("err"), NULL);
        cr_assert_str_empty(err, "-j %s: a broken pipe is not worth a message: %s",
                            jobs[j], err);
        free(err);
    }
}

Test(cli, a_full_disk_gives_a_message_and_status_4, .init = setup_tmp,
     .fini = teardown_tmp)
{
    static const char *const modes[][5] = {
        {"--json", "-j", "1", PAGES, NULL},
        {"--json", "-j", "2", PAGES, NULL},
        {"--keep", "ham", "-j", "1", PAGES}, /* filter mode */
    };
    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (full < 0)
        cr_skip_test("no /dev/full here");
    for (size_t m = 0; m < 3; m++) {
        int st;
        const char *args[6];
        memcpy(args, modes[m], sizeof modes[m]);
        args[5] = NULL;
        pid_t pid = spawn_env(full, tmp("err"), NULL, args);
        cr_assert_eq(waitpid(pid, &st, 0), pid);
        cr_assert(WIFEXITED(st));
        cr_assert_eq(WEXITSTATUS(st), 4, "mode %zu: exit status %d", m,
                     WEXITSTATUS(st));
        char *err = slurp(tmp("err"), NULL);
        cr_assert(strstr(err, "cannot write the output") &&
                  strstr(err, strerror(ENOSPC)), "mode %zu: %s", m, err);
        if (m == 2) /* filter mode still accounts for what it read */
            cr_assert(strstr(err, "spamscore: kept "), "%s", err);
        free(err);
    }
    close(full);
}

Test(cli, short_and_interrupted_writes_are_retried_to_the_end)
{
    run_out plain, shortw;
    unsigned long allocs, writes, shortened, interrupted;
    const char *const args[] = {"--json", "-v", "-j", "2", PAGES, NULL};

    run_env(&plain, NULL, NULL, args);
    /* every write(2) on stdout takes at most 7 bytes, every third fails
     * with EINTR */
    run_env(&shortw, NULL, fi_env("SS_FI_WRITE_SHORT=7"), args);
    cr_assert_eq(shortw.status, plain.status, "%s", shortw.err);
    const char *rep = strstr(shortw.err, "faultinject:");
    cr_assert_not_null(rep, "the injector did not load: %s", shortw.err);
    cr_assert_eq(sscanf(rep, "faultinject: allocations %lu writes %lu "
                             "shortened %lu interrupted %lu", &allocs, &writes,
                        &shortened, &interrupted), 4);
    cr_assert_gt(shortened, 0, "no write went through write(2): %s", rep);
    cr_assert_gt(interrupted, 0);
    cr_assert_eq(shortw.out_len, plain.out_len);
    cr_assert_eq(memcmp(shortw.out, plain.out, plain.out_len), 0,
                 "the output differs when writes are short");
    run_free(&plain);
    run_free(&shortw);
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

Test(cli, a_killed_model_writer_leaves_the_previous_model_intact,
     .init = setup_tmp, .fini = teardown_tmp)
{
    /* The writer's steps: half of the image written, before fsync, before
     * rename (the old model must be there, byte for byte), after rename
     * (the new one must be complete). */
    static const char *const points[] = {"write:1", "fsync:1", "rename:1",
                                         "renamed:1"};
    char model[600], other[600], fresh[600];
    run_out r;
    size_t old_len, new_len, got_len;

    snprintf(model, sizeof model, "%s", tmp("m.model"));
    snprintf(other, sizeof other, "%s", tmp("o.model"));
    snprintf(fresh, sizeof fresh, "%s", tmp("fresh.model"));
    RUN(&r, "train", SS_TEST_DATA "/corpus-mini/a.tsv", "-o", model);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "train", SS_TEST_DATA "/corpus-mini/b.tsv", "-o", other);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    char *old = slurp(model, &old_len);

    /* train over, train --add onto, model merge into the old model */
    const char *const a0[] = {"train", SS_TEST_DATA "/corpus-mini/b.tsv", "-o",
                              model, NULL};
    const char *const a1[] = {"train", "--add", SS_TEST_DATA "/corpus-mini/b.tsv",
                              "-o", model, NULL};
    const char *const a2[] = {"model", "merge", model, other, "-o", model, NULL};
    const char *const *writers[] = {a0, a1, a2};
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    cr_assert_geq(devnull, 0);
    for (int w = 0; w < 3; w++) {
        const char *const *args = writers[w];
        /* what the writer produces when nothing goes wrong */
        spit(model, old, old_len);
        run_env(&r, NULL, NULL, args);
        cr_assert_eq(r.status, 0, "%s", r.err);
        run_free(&r);
        char *want = slurp(model, &new_len);
        cr_assert(new_len != old_len || memcmp(want, old, old_len) != 0);
        for (size_t p = 0; p < sizeof points / sizeof points[0]; p++) {
            char env[64];
            spit(model, old, old_len);
            snprintf(env, sizeof env, "SS_FI_KILL=%s", points[p]);
            int st;
            pid_t pid = spawn_env(devnull, tmp("err"), fi_env(env), args);
            cr_assert_eq(waitpid(pid, &st, 0), pid);
            cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
                      "%s %s: not killed at %s", args[0], args[1], points[p]);
            char *got = slurp(model, &got_len);
            if (p < 3)
                cr_assert(got_len == old_len && memcmp(got, old, old_len) == 0,
                          "%s %s, killed at %s: the previous model changed",
                          args[0], args[1], points[p]);
            else
                cr_assert(got_len == new_len && memcmp(got, want, new_len) == 0,
                          "%s %s, killed after rename: the model is not whole",
                          args[0], args[1]);
            free(got);
            RUN(&r, "model", "dump", model);
            cr_assert_eq(r.status, 0, "the model left loads: %s", r.err);
            run_free(&r);
        }
        free(want);
    }
    close(devnull);
    free(old);
}

/* ------------------------------------------------------------------ */
/* Filter mode loses nothing: a property test over random streams.    */

/* xorshift64*: the test's own generator, so a seed reproduces a stream */
static uint64_t
rnd_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* Append one random JSON Lines line (document or junk) to f; returns true
 * when the line is a document that can be scored. */
static bool
random_line(FILE *f,
            uint64_t *s,
            size_t id)
{
    static const char *const sentences[] = {
        "The harbour council voted to keep ferry fares for the winter.",
        "Buy cheap replica watches now, free shipping, click here to win!",
        "Police arrested three men after a string of break-ins on Quay Street.",
        "Best casino bonus online, 100 free spins, limited offer today only.",
        "The library will close early on Friday for the annual inventory.",
    };
    unsigned kind = (unsigned)(rnd_next(s) % 13);
    const char *t = sentences[rnd_next(s) % 5];
    switch (kind) {
    case 0: fputs("not json at all\n", f); return false;
    case 1: fputs("\n", f); return false;                  /* empty line */
    case 2: fprintf(f, "{\"id\": %zu}\n", id); return false; /* no text */
    case 3: fputs("[1, 2, 3]\n", f); return false;         /* not an object */
    case 4: fprintf(f, "{\"id\": %zu, \"html\": \"<p>%s\n", id, t); return false;
    case 5: fprintf(f, "{\"id\": %zu, \"text\": \"\"}\n", id); return false;
    case 6: /* over --max-line-bytes (set to 4096 below) */
        fprintf(f, "{\"id\": %zu, \"text\": \"", id);
        for (int i = 0; i < 80; i++)
            fputs(t, f);
        fputs("\"}\n", f);
        return false;
    case 7: /* invalid UTF-8: not JSON */
        fprintf(f, "{\"id\": %zu, \"text\": \"%s bad \xff\xfe bytes\"}\n",
                id, t);
        return false;
    case 8: /* a NUL inside the text is a stray byte, not binary */
        fprintf(f, "{\"id\": %zu, \"text\": \"%s \\u0000 %s\"}\n", id, t, t);
        return true;
    default:
        if (kind % 2)
            fprintf(f, "{\"id\": %zu, \"html\": \"<html><head><title>%.20s</title>"
                    "</head><body><p>%s</p><p>%s</p></body></html>\"}\n", id, t, t,
                    sentences[rnd_next(s) % 5]);
        else
            fprintf(f, "{\"id\": %zu, \"text\": \"%s %s\"}\n", id, t,
                    sentences[rnd_next(s) % 5]);
        return true;
    }
}

/* Parse "kept K (...), dropped D (ham a, unsure b, spam c, error e,
 * skipped k)" from stderr. */
static void
parse_summary(const char *err,
              size_t *kept,
              size_t *dropped,
              size_t *errors)
{
    const char *p = strstr(err, "spamscore: kept ");
    size_t h, u, sp, dh, du, ds, sk;
    cr_assert_not_null(p, "no filter summary on stderr:\n%s", err);
    cr_assert_eq(sscanf(p, "spamscore: kept %zu (ham %zu, unsure %zu, spam %zu), "
                        "dropped %zu (ham %zu, unsure %zu, spam %zu, error %zu, "
                        "skipped %zu)", kept, &h, &u, &sp, dropped, &dh, &du, &ds,
                        errors, &sk), 10, "%s", p);
    cr_assert_eq(*kept, h + u + sp);
    cr_assert_eq(*dropped, dh + du + ds + *errors + sk);
}

Test(cli, filter_mode_accounts_for_every_input_line, .init = setup_tmp,
     .fini = teardown_tmp)
{
    static const char *const keeps[] = {"ham", "spam", "ham,unsure", "unsure"};
    uint64_t seed0 = 0x5eed5eedull;
    for (int round = 0; round < 12; round++) {
        uint64_t s = seed0 + (uint64_t)round * 7919u, seed = s;
        size_t n = 20 + (size_t)(rnd_next(&s) % 120), scorable = 0;
        FILE *f = fopen(tmp("s.jsonl"), "w");
        cr_assert_not_null(f);
        for (size_t i = 0; i < n; i++)
            scorable += random_line(f, &s, i);
        cr_assert_eq(fclose(f), 0);
        const char *keep = keeps[round % 4];
        const char *opt = round % 3 == 2 ? "--drop" : "--keep";
        const char *jobs = round % 2 ? "2" : "1";
        run_out all, flt;
        char *lines[400];
        RUN(&all, "--jsonl", "--max-line-bytes", "4096", "-j", jobs, tmp("s.jsonl"));
        RUN(&flt, "--jsonl", opt, keep, "--max-line-bytes", "4096", "-j", jobs,
            tmp("s.jsonl"));
        /* plain scoring: one record per input line, in order */
        size_t n_all = split_lines(all.out, lines, 400), n_err = 0;
        cr_assert_eq(n_all, n, "seed %llx: %zu records for %zu lines",
                     (unsigned long long)seed, n_all, n);
        size_t want_kept = 0;
        for (size_t i = 0; i < n_all; i++) {
            json_t *o = parse_record(lines[i]);
            if (json_object_get(o, "error")) {
                n_err++;
            } else {
                const char *v = jstr(o, "verdict");
                bool listed = false;
                for (const char *k = keep; k; k = strchr(k, ',') ? strchr(k, ',') + 1 : NULL)
                    listed |= strncmp(k, v, strlen(v)) == 0 &&
                              (k[strlen(v)] == ',' || k[strlen(v)] == '\0');
                want_kept += strcmp(opt, "--keep") == 0 ? listed : !listed;
            }
            json_decref(o);
        }
        cr_assert_geq(n - n_err, scorable, "seed %llx: a scorable line failed",
                      (unsigned long long)seed);
        /* filter mode: every line kept on stdout or counted on stderr */
        size_t kept, dropped, errors;
        parse_summary(flt.err, &kept, &dropped, &errors);
        size_t n_out = split_lines(flt.out, lines, 400);
        cr_assert_eq(n_out, kept, "seed %llx: %zu lines written, %zu said kept",
                     (unsigned long long)seed, n_out, kept);
        cr_assert_eq(kept + dropped, n, "seed %llx (%s %s -j %s): kept %zu + "
                     "dropped %zu != %zu input lines", (unsigned long long)seed,
                     opt, keep, jobs, kept, dropped, n);
        cr_assert_eq(errors, n_err, "seed %llx: %zu failures counted, %zu error "
                     "records without filtering", (unsigned long long)seed,
                     errors, n_err);
        cr_assert_eq(kept, want_kept, "seed %llx", (unsigned long long)seed);
        cr_assert_eq(flt.status, n_err ? 1 : 0);
        /* each failure has its reason on stderr (the first ten of them) */
        size_t reasons = 0;
        for (const char *p = flt.err; (p = strstr(p, "s.jsonl:")) != NULL; p++)
            reasons++;
        cr_assert_eq(reasons, n_err < 10 ? n_err : 10, "seed %llx:\n%s",
                     (unsigned long long)seed, flt.err);
        run_free(&all);
        run_free(&flt);
    }
}

Test(cli, max_seconds_fails_a_slow_document_and_the_stream_goes_on,
     .init = setup_tmp, .fini = teardown_tmp)
{
    static const char *const jobs[] = {"1", "2"};
    run_out r;
    char *lines[8];
    FILE *f = fopen(tmp("slow.jsonl"), "w");
    cr_assert_not_null(f);
    /* 1.5 million empty elements: about 0.3 s of CPU in a Release build */
    for (int d = 0; d < 3; d++) {
        if (d == 1) {
            fputs("{\"id\": 2, \"text\": \"The ferry leaves at noon.\"}\n", f);
            continue;
        }
        fprintf(f, "{\"id\": %d, \"html\": \"<html><body>", d + 1);
        for (int i = 0; i < 1500000; i++)
            fputs("<p></p>", f);
        fputs("<p>end</p></body></html>\"}\n", f);
    }
    cr_assert_eq(fclose(f), 0);
    for (int j = 0; j < 2; j++) {
        RUN(&r, "--jsonl", "--max-bytes", "20000000", "--max-seconds", "0.05",
            "-j", jobs[j], tmp("slow.jsonl"));
        cr_assert_eq(r.status, 1, "%s", r.err);
        cr_assert_eq(split_lines(r.out, lines, 8), 3);
        cr_assert(strstr(lines[0], "\"id\": 1, \"error\": \"time limit"), "%s",
                  lines[0]);
        cr_assert(strstr(lines[1], "\"id\": 2, \"format\""), "%s", lines[1]);
        cr_assert(strstr(lines[2], "\"id\": 3, \"error\": \"time limit"), "%s",
                  lines[2]);
        run_free(&r);
    }
    /* A text document is timed while it is read too: 200,000 lines stop
     * in the reader, not after it (the clock is read every 1,024 lines). */
    f = fopen(tmp("slow.txt"), "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 200000; i++)
        fprintf(f, "The river rose in the night %d.\n", i);
    cr_assert_eq(fclose(f), 0);
    RUN(&r, "--json", "--format", "text", "--max-seconds", "0.000001", tmp("slow.txt"));
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.out, "\"error\": \"time limit reached while parsing\""), "%s", r.out);
    run_free(&r);
    RUN(&r, "--max-seconds", "0", SPAM_TEXT);
    cr_assert_eq(r.status, 2);
    run_free(&r);
    RUN(&r, "--max-seconds", "soon", SPAM_TEXT);
    cr_assert_eq(r.status, 2);
    run_free(&r);
}
