/*
 * test_failalloc.c - allocation failure, swept (suite "failalloc").
 *
 * The spamscore binary runs under the fault injector (tests/faultinject.c,
 * LD_PRELOAD) with its N-th allocation failing, for N over every allocation
 * a run makes: loading the rules, opening the model, scoring an HTML page,
 * a text page, cleaning a page, and training on a tiny corpus. Every run
 * must end by itself (an alarm stands for a hang), without a signal (ASan
 * aborts on an error or a leak; tests/lsan-dependencies.supp names the one
 * leak of libxml2 itself on its failure path), with a clean result identical to the run
 * without a fault, or with an error: an error record in place of the
 * document, or a message and nothing on stdout; never partial output that
 * looks complete, and nothing printed by a dependency.
 *
 * A run takes tens of milliseconds (hundreds under ASan), and one scenario
 * makes 250 to 650 allocations: each scenario gets a time budget and steps
 * over N with the stride that fits it (every N in a Release build on an
 * idle machine). SS_FAILALLOC_FULL=1 in the environment sweeps every N.
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGES SS_TEST_DATA "/pages/"
#define BUDGET_SECONDS 10.0 /* per scenario */
#define HANG_SECONDS 20     /* a run past this is a hang */

#define TEST_TMPDIR_NAME "failalloc"
#include "test_tmpdir.h"

TestSuite(failalloc, .timeout = 240);

/* Whole file, NUL-terminated ("" if absent). */
static char *
slurp(const char *path,
      size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap + 1);
            cr_assert_not_null(buf);
        }
        size_t r = f ? fread(buf + n, 1, cap - n, f) : 0;
        n += r;
        if (r == 0)
            break;
    }
    if (f)
        fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* What one run left. */
typedef struct run {
    int status;   /* exit status, or 128 + signal */
    char *out;
    size_t out_len;
    char *err;
    double seconds;
} run;

/*
 * Run the binary with args under the injector: fail_at > 0 fails that
 * allocation, fail_at == 0 counts them (SS_FI_COUNT).
 */
static void
run_fi(run *r,
       unsigned long fail_at,
       const char *const *args)
{
    const char *argv[32];
    size_t i;
    struct timespec t0, t1;
    int st;

    argv[0] = SS_BINARY;
    for (i = 0; args[i] && i < 30; i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        char n[32], asan[1024];
        const char *old = getenv("ASAN_OPTIONS");
        int in = open("/dev/null", O_RDONLY);
        int out = open(path_in("out"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(path_in("err"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        snprintf(n, sizeof n, "%lu", fail_at);
        setenv(fail_at ? "SS_FI_FAIL_ALLOC" : "SS_FI_COUNT", fail_at ? n : "1", 1);
        snprintf(asan, sizeof asan, "%s%sverify_asan_link_order=0",
                 old ? old : "", old && *old ? ":" : "");
        setenv("ASAN_OPTIONS", asan, 1);
        /* leaks inside dependencies on their own failure paths */
        old = getenv("LSAN_OPTIONS");
        snprintf(asan, sizeof asan, "%s%sprint_suppressions=0:suppressions=%s",
                 old ? old : "", old && *old ? ":" : "",
                 SS_SOURCE_DIR "/tests/lsan-dependencies.supp");
        setenv("LSAN_OPTIONS", asan, 1);
        setenv("LD_PRELOAD", SS_FAULTINJECT, 1);
        alarm(HANG_SECONDS); /* survives exec: SIGALRM ends a hang */
        execv(SS_BINARY, (char *const *)argv);
        _exit(127);
    }
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) +
                 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = slurp(path_in("out"), &r->out_len);
    r->err = slurp(path_in("err"), NULL);
}

static void
run_free(run *r)
{
    free(r->out);
    free(r->err);
}

/* Every stderr line is the command's own ("spamscore..."): no dependency
 * printed anything. */
static bool
only_own_messages(const char *err)
{
    const char *p = err;
    while (*p) {
        if (strncmp(p, "spamscore", 9) != 0 && strncmp(p, "faultinject:", 12) != 0)
            return false;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return true;
}

/* Is out one error record and nothing else? */
static bool
one_error_record(const char *out,
                 size_t len)
{
    const char *nl = memchr(out, '\n', len);
    if (!nl || (size_t)(nl - out) + 1 != len)
        return false;
    return strncmp(out, "error\t", 6) == 0 || strstr(out, "\"error\": ") != NULL;
}

/* How one scenario checks a faulty run against the clean one. */
typedef enum { CHECK_SCORE, CHECK_TRAIN } check_kind;

/* The first N to try and the stride, from the clean run's time. */
static unsigned long
pick_stride(unsigned long total,
            double seconds)
{
    const char *full = getenv("SS_FAILALLOC_FULL");
    if (full && *full == '1')
        return 1;
    double runs = BUDGET_SECONDS / (seconds > 0.001 ? seconds : 0.001);
    unsigned long stride = (unsigned long)((double)total / runs) + 1;
    return stride;
}

/*
 * Sweep one scenario. model: the -o path of a training run (checked and
 * removed after each run), or NULL.
 */
static void
sweep(const char *name,
      check_kind kind,
      const char *model,
      const char *const *args)
{
    run base;
    unsigned long total = 0, stride, n, runs = 0, clean = 0, errors = 0;
    char *base_model = NULL;
    size_t base_model_len = 0;

    run_fi(&base, 0, args);
    cr_assert_eq(base.status, 0, "%s: the clean run failed: %s", name, base.err);
    const char *rep = strstr(base.err, "faultinject: allocations ");
    cr_assert_not_null(rep, "%s: the injector did not load: %s", name, base.err);
    total = strtoul(rep + strlen("faultinject: allocations "), NULL, 10);
    cr_assert_gt(total, 10);
    if (model) {
        base_model = slurp(model, &base_model_len);
        cr_assert_gt(base_model_len, 0);
        unlink(model);
    }
    stride = pick_stride(total, base.seconds);
    for (n = 1; n <= total; n += stride) {
        run r;
        run_fi(&r, n, args);
        runs++;
        cr_assert_lt(r.status, 128, "%s: allocation %lu of %lu failing: %s "
                     "(signal %d)\n%s", name, n, total,
                     r.status == 128 + SIGALRM ? "hang" : "crash",
                     r.status - 128, r.err);
        cr_assert(only_own_messages(r.err), "%s: allocation %lu: a dependency "
                  "printed:\n%s", name, n, r.err);
        if (r.status == 0) {
            clean++;
            if (kind == CHECK_SCORE) {
                cr_assert(r.out_len == base.out_len &&
                          memcmp(r.out, base.out, r.out_len) == 0,
                          "%s: allocation %lu failed, yet a different result "
                          "with status 0:\n%s---\n%s", name, n, r.out, base.out);
            } else {
                size_t ml;
                char *m = slurp(model, &ml);
                cr_assert(ml == base_model_len && memcmp(m, base_model, ml) == 0,
                          "%s: allocation %lu failed, yet a different model "
                          "with status 0", name, n);
                free(m);
            }
        } else {
            errors++;
            cr_assert(r.status == 1 || r.status == 2, "%s: allocation %lu: "
                      "status %d\n%s", name, n, r.status, r.err);
            if (kind == CHECK_SCORE) {
                cr_assert(r.out_len == 0 || one_error_record(r.out, r.out_len),
                          "%s: allocation %lu: status %d with output:\n%s",
                          name, n, r.status, r.out);
                cr_assert(r.out_len > 0 || r.err[0], "%s: allocation %lu: "
                          "failed without a word", name, n);
            } else {
                struct stat st;
                cr_assert(r.err[0], "%s: allocation %lu: failed without a word",
                          name, n);
                cr_assert_neq(stat(model, &st), 0, "%s: allocation %lu: a failed "
                              "training left a model file", name, n);
            }
        }
        if (model)
            unlink(model);
        run_free(&r);
    }
    cr_log_info("%s: %lu allocations, %lu runs (stride %lu): %lu clean, "
                "%lu errors", name, total, runs, stride, clean, errors);
    /* Leftover temporary model files (NAME.tmp.PID) would be junk. */
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        cr_assert_null(strstr(e->d_name, ".tmp."), "%s: left %s", name, e->d_name);
    if (d)
        closedir(d);
    free(base_model);
    run_free(&base);
}

Test(failalloc, rules_model_and_an_html_page, .init = tmpdir_setup,
     .fini = tmpdir_teardown)
{
    sweep("html", CHECK_SCORE, NULL,
          (const char *const[]){PAGES "spam-page.html", NULL});
}

Test(failalloc, a_text_page, .init = tmpdir_setup, .fini = tmpdir_teardown)
{
    sweep("text", CHECK_SCORE, NULL,
          (const char *const[]){"--json", PAGES "spam-text.txt", NULL});
}

Test(failalloc, cleaning_a_page, .init = tmpdir_setup, .fini = tmpdir_teardown)
{
    sweep("clean", CHECK_SCORE, NULL,
          (const char *const[]){"--json", "--clean", "--no-model",
                                PAGES "spam-page.html", NULL});
}

Test(failalloc, training_on_a_tiny_corpus, .init = tmpdir_setup,
     .fini = tmpdir_teardown)
{
    char model[600];
    snprintf(model, sizeof model, "%s/m.model", dir);
    sweep("train", CHECK_TRAIN, model,
          (const char *const[]){"train", SS_TEST_DATA "/corpus-mini/a.tsv", "-o",
                                model, NULL});
}
