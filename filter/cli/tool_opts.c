/*
 * tool_opts.c - what the spamscore command's subcommands share (see
 * tool_cmd.h): loading the shipped rules and model the way the scoring
 * command does, and the options train, eval and model read alike (--rules,
 * -j, -o, --help).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tool_cmd.h"

#define MAX_JOBS 256 /* -j */

/* Does path name an existing file? */
static bool
file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Default rules plus --rules files (see tool_cmd.h). */
ss_status
tool_load_rules(const char *models_dir,
                bool no_default,
                char *const *extra,
                size_t n_extra,
                ss_rules **out,
                char *err,
                size_t errlen,
                char *note,
                size_t notelen)
{
    ss_rules *rules = NULL;
    ss_status st;
    size_t i;

    *out = NULL;
    if (note && notelen)
        note[0] = '\0';
    if (!no_default) {
        char path[4096];
        snprintf(path, sizeof path, "%s/default.rules", models_dir);
        if (file_exists(path)) {
            st = ss_rules_load(path, &rules, err, errlen);
            if (st != SS_OK)
                return st;
        } else if (note && notelen) {
            snprintf(note, notelen, "no default rules at %s", path);
        }
    }
    for (i = 0; i < n_extra; i++) {
        if (!rules)
            st = ss_rules_load(extra[i], &rules, err, errlen);
        else
            st = ss_rules_add_file(rules, extra[i], err, errlen);
        if (st != SS_OK) {
            ss_rules_free(rules);
            return st;
        }
    }
    *out = rules;
    return SS_OK;
}

/* The --model file, or the shipped one if present (see tool_cmd.h). */
ss_status
tool_load_model(const char *models_dir,
                bool no_model,
                const char *path,
                ss_model **out,
                char *err,
                size_t errlen,
                char *note,
                size_t notelen)
{
    char def[4096];

    *out = NULL;
    if (note && notelen)
        note[0] = '\0';
    if (path)
        return ss_model_open(path, out, err, errlen);
    if (no_model)
        return SS_OK;
    /* The shipped model is compressed; an uncompressed default.model put
     * there by a user is taken too. */
    snprintf(def, sizeof def, "%s/default.model.gz", models_dir);
    if (!file_exists(def))
        snprintf(def, sizeof def, "%s/default.model", models_dir);
    if (!file_exists(def)) {
        if (note && notelen)
            snprintf(note, notelen,
                     "no model at %.400s; scoring with the rules only", def);
        return SS_OK;
    }
    return ss_model_open(def, out, err, errlen);
}

/* See tool_cmd.h. */
double
tool_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* See tool_cmd.h. */
int
tool_take_rules_opt(int argc,
                    char **argv,
                    int *i,
                    tool_rules_opts *ro)
{
    const char *a = argv[*i];
    if (strcmp(a, "--no-default-rules") == 0) {
        ro->no_default = true;
        return 1;
    }
    if (strcmp(a, "--rules") == 0 || strncmp(a, "--rules=", 8) == 0) {
        const char *v = a[7] == '=' ? a + 8 : NULL;
        if (!v) {
            if (*i + 1 >= argc)
                return -1;
            v = argv[++*i];
        }
        ro->extra[ro->n_extra++] = (char *)(uintptr_t)v;
        return 1;
    }
    return 0;
}

/* See tool_cmd.h. */
int
tool_take_jobs_opt(int argc,
                   char **argv,
                   int *i,
                   unsigned *threads)
{
    const char *a = argv[*i], *v;
    unsigned long n;
    char *end;
    int used = 0; /* arguments taken after the option's own */
    if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
        if (*i + 1 >= argc)
            return -1;
        v = argv[*i + 1];
        used = 1;
    } else if (strncmp(a, "--jobs=", 7) == 0) {
        v = a + 7;
    } else if (strncmp(a, "-j", 2) == 0) {
        v = a + 2;
    } else {
        return 0;
    }
    errno = 0;
    n = strtoul(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-' || n < 1 || n > MAX_JOBS)
        return -1; /* the message names the option, not its value */
    *threads = (unsigned)n;
    *i += used;
    return 1;
}

/* See tool_cmd.h. */
ss_status
tool_load_rules_or_say(const tool_cmd_env *env,
                       const char *cmd,
                       const tool_rules_opts *ro,
                       ss_rules **rules)
{
    char err[512], note[512];
    ss_status st = tool_load_rules(env->models_dir, ro->no_default, ro->extra,
                                   ro->n_extra, rules, err, sizeof err, note,
                                   sizeof note);
    if (st != SS_OK) {
        fprintf(stderr, "%s %s: %s\n", env->prog, cmd,
                err[0] ? err : ss_strerror(st));
        return st;
    }
    if (note[0])
        fprintf(stderr, "%s %s: note: %s\n", env->prog, cmd, note);
    return SS_OK;
}

/* See tool_cmd.h. */
bool
tool_wants_help(int argc,
                char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

/* See tool_cmd.h. */
int
tool_take_output_opt(int argc,
                     char **argv,
                     int *i,
                     const char **out)
{
    const char *a = argv[*i];
    if (strncmp(a, "--output=", 9) == 0) {
        *out = a + 9;
        return 1;
    }
    if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
        if (*i + 1 >= argc)
            return -1;
        *out = argv[++*i];
        return 1;
    }
    return 0;
}
