/*
 * cli_run.h - what the end-to-end tests of the command share (test_cli.c,
 * test_cli_train.c, test_cli_faults.c): running the built binary
 * (SS_BINARY) with fork/exec and collecting its output, exit status and
 * time; a fresh temporary directory per test; reading, writing and
 * splitting files and records. Each test file includes it once.
 */
#ifndef SS_CLI_RUN_H
#define SS_CLI_RUN_H

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

/* A helper that a test file may not use: no unused-function warning. */
#define CLI_HELPER static __attribute__((unused))

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
CLI_HELPER char *
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
CLI_HELPER void
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
CLI_HELPER const char *
tmp(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ & 7];
    snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, name);
    return b;
}

/* Remove a tree (no symlink following). */
CLI_HELPER void
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
CLI_HELPER void
setup_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/spamscore-cli.XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

/* .fini: remove it with everything in it. */
CLI_HELPER void
teardown_tmp(void)
{
    rm_tree(tmpdir);
}

/* Set the newline-separated "NAME=value" assignments of env. */
CLI_HELPER void
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

/*
 * Run SS_BINARY with the NULL-terminated argument list (without argv[0]),
 * stdin from stdin_path (or /dev/null), and optionally one extra environment
 * assignment "NAME=value". Output and errors go through files in tmpdir.
 */
CLI_HELPER void
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
        set_env_list(env); /* one "NAME=value", or several on lines */
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
CLI_HELPER void
run_free(run_out *r)
{
    free(r->out);
    free(r->err);
}

/* Split text into lines (in place); returns the count. */
CLI_HELPER size_t
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
CLI_HELPER bool
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
CLI_HELPER json_t *
parse_record(const char *line)
{
    json_error_t e;
    json_t *o = json_loads(line, 0, &e);
    cr_assert_not_null(o, "not JSON (%s): %s", e.text, line);
    cr_assert(json_is_object(o), "not an object: %s", line);
    return o;
}

/* The string value of key in o (fails the test if absent). */
CLI_HELPER const char *
jstr(json_t *o,
     const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_string(v), "\"%s\" is not a string", key);
    return json_string_value(v);
}

/* Copy a file. */
CLI_HELPER void
copy_file(const char *from,
          const char *to)
{
    size_t n;
    char *b = slurp(from, &n);
    spit(to, b, n);
    free(b);
}

#endif /* SS_CLI_RUN_H */
