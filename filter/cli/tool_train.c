/*
 * tool_train.c - the learning subcommands of the spamscore command:
 *
 *   spamscore train CORPUS... -o MODEL [--add] [--unlearn] [--no-calibrate]
 *   spamscore model dump MODEL
 *   spamscore model merge A B... -o C [--keep-combiner] [--family]
 *                         [--max-size MB]
 *
 * train reads its inputs through tool_labeled.h (corpora, JSON Lines,
 * WARC with a labels file) one document at a time, with --on-error
 * skip|stop deciding what a bad line or record does; with -j N the
 * documents are prepared on N threads and taken in the input's order
 * (tool_lmap.c), so the model does not depend on N. eval, which reads
 * labeled inputs the same way, is tool_eval.c; the options they share,
 * tool_opts.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "tool_cmd.h"
#include "tool_labeled.h"

/* ss_progress_fn for the trainer: the calibration stage on stderr. */
static void
train_progress(void *userdata,
               const char *stage,
               uint64_t done,
               uint64_t total)
{
    fprintf(stderr, "%s train: %s %llu/%llu\n", (const char *)userdata, stage,
            (unsigned long long)done, (unsigned long long)total);
}

/* Counts of one train run over its inputs. */
typedef struct train_run {
    size_t docs, lines, bad, not_pages, unlabeled;
} train_run;

/* One input being learned (the ud of train_ops). */
typedef struct train_pass {
    const tool_cmd_env *env;
    const tool_inputs *ins;
    const tool_labeled_spec *spec;
    ss_trainer *tr;
    bool unlearn;
    train_run *run;
    size_t bad_run;
    double last;
    bool ok;
} train_pass;

/* tool_labeled_ops: a prep per document in flight. */
static void *
train_slot_new(void *ud)
{
    train_pass *tp = ud;
    ss_train_prep *p = NULL;
    return ss_train_prep_create(tp->tr, &p) == SS_OK ? p : NULL;
}

static void
train_slot_free(void *ud,
                void *state)
{
    (void)ud;
    ss_train_prep_free(state);
}

/* tool_labeled_ops: parse and tokenize (any thread). */
static ss_status
train_work(void *ud,
           void *state,
           const ss_corpus_doc *doc,
           char *err,
           size_t errlen)
{
    (void)ud;
    return ss_train_prep_doc(state, doc, err, errlen);
}

/*
 * tool_labeled_ops: learn the prepared document, in the input's order.
 * Returns false when the run must stop: memory ran out, too many bad
 * entries in a row, or a bad entry under --on-error stop.
 */
static bool
train_done(void *ud,
           void *state,
           const ss_corpus_doc *doc,
           ss_status st,
           const char *msg)
{
    train_pass *tp = ud;
    const char *prog = tp->env->prog;
    char err[1024];

    snprintf(err, sizeof err, "%s", msg);
    if (st == SS_OK) {
        err[0] = '\0';
        st = ss_trainer_commit(tp->tr, state, doc, tp->unlearn, err,
                               sizeof err);
    }
    if (st != SS_OK) {
        fprintf(stderr, "%s train: %s\n", prog, err[0] ? err : ss_strerror(st));
        tp->run->bad++;
        if (tp->ins->stop_on_error || st == SS_ERR_NOMEM ||
            ++tp->bad_run >= TOOL_MAX_CONSECUTIVE_BAD) {
            fprintf(stderr, "%s train: %s: %s\n", prog, tp->spec->path,
                    tp->ins->stop_on_error ? "stopped (--on-error stop)"
                                           : "giving up");
            tp->ok = false;
            return false;
        }
        return true;
    }
    if (err[0]) /* e.g. unlearning what was never learned */
        fprintf(stderr, "%s train: warning: %s\n", prog, err);
    tp->bad_run = 0;
    tp->run->docs++;
    tp->run->lines += doc->unit == SS_UNIT_LINE;
    if (tool_now_seconds() - tp->last >= TOOL_PROGRESS_SECONDS) {
        tp->last = tool_now_seconds();
        fprintf(stderr, "%s train: %zu documents\n", prog, tp->run->docs);
    }
    return true;
}

/*
 * Feed every document of one input to the trainer, parsing and tokenizing
 * on threads threads. Returns false when the run must stop: the input
 * cannot be opened, memory ran out, too many bad entries in a row, or a
 * bad entry under --on-error stop.
 */
static bool
train_input(const tool_cmd_env *env,
            const tool_inputs *ins,
            const tool_labeled_spec *spec,
            const tool_labels *labels,
            ss_trainer *tr,
            bool unlearn,
            unsigned threads,
            train_run *run)
{
    tool_limits lim = {env->cfg.max_page_bytes, 0, false};
    char err[1024];
    size_t np, nu;
    train_pass tp = {env, ins, spec, tr, unlearn, run, 0, tool_now_seconds(), true};
    tool_labeled_ops ops = {&tp, train_slot_new, train_slot_free, train_work,
                            train_done};
    tool_labeled *in;

    err[0] = '\0';
    in = tool_labeled_open(spec, labels, &lim, err, sizeof err);
    if (!in) {
        fprintf(stderr, "%s train: %s\n", env->prog,
                err[0] ? err : "cannot open the input");
        return false;
    }
    if (tool_labeled_map(in, threads, &ops) != SS_OK) {
        fprintf(stderr, "%s train: out of memory\n", env->prog);
        tp.ok = false;
    }
    tool_labeled_passed(in, &np, &nu);
    run->not_pages += np;
    run->unlabeled += nu;
    tool_labeled_free(in);
    return tp.ok;
}

/*
 * Parse a --max-size value: megabytes (1 MB = 1,048,576 bytes, a fraction
 * allowed: "0.5"), or a size with a k, M or G suffix (powers of 1024, as
 * the limits take them: "300k"). false for zero, a negative or malformed
 * number, or under one byte.
 */
static bool
parse_megabytes(const char *s,
                uint64_t *out)
{
    char *end;
    double v, mul = 1024.0 * 1024.0;
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || !(v > 0) || v != v)
        return false;
    if (*end == 'k' || *end == 'K')
        mul = 1024.0;
    else if (*end == 'G' || *end == 'g')
        mul = 1024.0 * 1024.0 * 1024.0;
    else if (*end != 'M' && *end != 'm' && *end != '\0')
        return false;
    if (*end && end[1])
        return false;
    v *= mul;
    if (v < 1 || v > 1e18)
        return false;
    *out = (uint64_t)v;
    return true;
}

/* Take "--max-size MB" into to->max_file_bytes; 1 taken, 0 not this
 * option, -1 a missing or bad value. */
static int
take_max_size_opt(int argc,
                  char **argv,
                  int *i,
                  ss_train_opts *to)
{
    const char *a = argv[*i];
    const char *v = NULL;
    if (strncmp(a, "--max-size=", 11) == 0)
        v = a + 11;
    else if (strcmp(a, "--max-size") == 0) {
        if (*i + 1 >= argc)
            return -1;
        v = argv[++*i];
    } else
        return 0;
    return parse_megabytes(v, &to->max_file_bytes) ? 1 : -1;
}

/* Take a train option that sets ss_train_opts; 1 taken, 0 not one, -1 a
 * missing or bad value. */
static int
take_train_opt(int argc,
               char **argv,
               int *i,
               ss_train_opts *to)
{
    const char *a = argv[*i];
    unsigned long long v;
    char *end;
    if (strcmp(a, "--hash-only") == 0) {
        to->hash_only = true;
        return 1;
    }
    int r = take_max_size_opt(argc, argv, i, to);
    if (r != 0)
        return r;
    if (strcmp(a, "--min-count") != 0 && strcmp(a, "--max-tokens") != 0 &&
        strcmp(a, "--calibration-docs") != 0 &&
        strcmp(a, "--max-table-tokens") != 0 && strcmp(a, "--span-trees") != 0)
        return 0;
    if (*i + 1 >= argc)
        return -1;
    errno = 0;
    v = strtoull(argv[++*i], &end, 10);
    if (errno || end == argv[*i] || *end || argv[*i][0] == '-')
        return -1;
    if (strcmp(a, "--min-count") == 0) {
        if (v > UINT32_MAX)
            return -1;
        to->min_count = (uint32_t)v;
    } else if (strcmp(a, "--max-tokens") == 0) {
        to->max_tokens = (uint64_t)v;
    } else if (strcmp(a, "--max-table-tokens") == 0) {
        to->max_table_tokens = (uint64_t)v;
    } else if (strcmp(a, "--span-trees") == 0) {
        if (v > 128)
            return -1;
        to->span_trees = (uint32_t)v;
    } else {
        if (v == 0)
            return -1;
        to->max_calib_docs = (uint64_t)v;
    }
    return 1;
}

/* The usage lines of the commands; --help prints them on stdout. */
static void
train_usage(FILE *f,
            const char *prog)
{
    fprintf(f, "usage: %s train CORPUS... -o MODEL [--add] [--unlearn]"
            " [--no-calibrate] [--jsonl FILE] [--warc FILE --labels FILE]"
            " [--on-error skip|stop] [--min-count N] [--max-tokens N]"
            " [--max-size MB] [--hash-only] [--calibration-docs N] [--max-table-tokens N]"
            " [--span-trees N]"
            " [-j N] [--rules FILE]..."
            " [--no-default-rules]\n", prog);
}

static void
model_usage(FILE *f,
            const char *prog)
{
    fprintf(f, "usage: %s model dump MODEL\n"
            "       %s model merge A B... -o C [--keep-combiner] [--family]"
            " [--max-size MB]\n", prog, prog);
}

/* spamscore train CORPUS... -o MODEL [--add] [--unlearn] [--no-calibrate]
 * [--jsonl FILE] [--warc FILE --labels FILE] [--on-error skip|stop]
 * [--min-count N] [--max-tokens N] [--max-size MB] [--hash-only]
 * [--calibration-docs N] [--max-table-tokens N] [--span-trees N] [-j N] */
int
tool_cmd_train(const tool_cmd_env *env,
               int argc,
               char **argv)
{
    if (tool_wants_help(argc, argv)) {
        train_usage(stdout, env->prog);
        return fflush(stdout) == 0 ? 0 : 4;
    }
    tool_rules_opts ro;
    tool_inputs ins;
    tool_labels *labels = NULL;
    ss_train_opts to;
    const char *out = NULL;
    train_run run;
    size_t c;
    bool add = false, unlearn = false, calibrate = true;
    unsigned threads = 1;
    ss_rules *rules = NULL;
    ss_trainer *tr = NULL;
    char err[1024];
    uint64_t n_spam = 0, n_ham = 0;
    int i, status = 1;

    memset(&ro, 0, sizeof ro);
    memset(&run, 0, sizeof run);
    ss_train_opts_default(&to);
    ro.extra = calloc((size_t)argc + 1, sizeof *ro.extra);
    if (!ro.extra || !tool_inputs_init(&ins, argc + 1)) {
        fprintf(stderr, "%s train: out of memory\n", env->prog);
        free(ro.extra);
        return 1;
    }
    for (i = 1; i < argc; i++) {
        int r;
        if (strcmp(argv[i], "--add") == 0) {
            add = true;
        } else if (strcmp(argv[i], "--unlearn") == 0) {
            unlearn = true;
        } else if (strcmp(argv[i], "--no-calibrate") == 0) {
            calibrate = false;

        } else if ((r = tool_take_output_opt(argc, argv, &i, &out)) != 0 ||
                   (r = tool_take_jobs_opt(argc, argv, &i, &threads)) != 0 ||
                   (r = tool_take_rules_opt(argc, argv, &i, &ro)) != 0 ||
                   (r = tool_inputs_take(&ins, argc, argv, &i)) != 0 ||
                   (r = take_train_opt(argc, argv, &i, &to)) != 0) {
            if (r < 0) {
                fprintf(stderr, "%s train: %s needs a valid argument\n",
                        env->prog, argv[i]);
                status = 2;
                goto free_args;
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "%s train: unknown option %s\n", env->prog, argv[i]);
            status = 2;
            goto free_args;
        } else {
            tool_inputs_add(&ins, argv[i]);
        }
    }
    if (!out || ins.n == 0) {
        train_usage(stderr, env->prog);
        status = 2;
        goto free_args;
    }
    err[0] = '\0';
    if (!tool_inputs_ready(&ins, &labels, err, sizeof err)) {
        fprintf(stderr, "%s train: %s\n", env->prog, err);
        status = 2;
        goto free_args;
    }
    if (tool_load_rules_or_say(env, "train", &ro, &rules) != SS_OK)
        goto free_args;
    if (ss_trainer_create(&env->cfg, rules, &tr) != SS_OK ||
        ss_trainer_set_opts(tr, &to) != SS_OK) {
        fprintf(stderr, "%s train: cannot create the trainer\n", env->prog);
        goto free_trainer;
    }
    if (add || unlearn) {
        err[0] = '\0';
        if (ss_trainer_load(tr, out, err, sizeof err) != SS_OK) {
            fprintf(stderr, "%s train: %s: %s\n", env->prog, out,
                    err[0] ? err : "cannot load the model");
            goto free_trainer;
        }
    }
    for (c = 0; c < ins.n; c++)
        if (!train_input(env, &ins, &ins.specs[c], labels, tr, unlearn,
                         threads, &run))
            goto free_trainer;
    if (run.not_pages || run.unlabeled)
        fprintf(stderr, "%s train: passed over %zu WARC records that are not "
                "pages and %zu without a label\n", env->prog, run.not_pages,
                run.unlabeled);
    ss_trainer_set_progress(tr, train_progress, (void *)env->prog);
    err[0] = '\0';
    if (ss_trainer_write(tr, out, calibrate && !unlearn, err, sizeof err) !=
        SS_OK) {
        fprintf(stderr, "%s train: %s: %s\n", env->prog, out,
                err[0] ? err : "cannot write the model");
        goto free_trainer;
    }
    ss_trainer_counts(tr, &n_spam, &n_ham);
    char lines[48] = "";
    if (run.lines)
        snprintf(lines, sizeof lines, " (%zu of them lines)", run.lines);
    fprintf(stderr, "%s train: %s %zu documents%s; %s now holds %llu spam, "
            "%llu ham%s\n", env->prog, unlearn ? "unlearned" : "learned",
            run.docs, lines, out, (unsigned long long)n_spam,
            (unsigned long long)n_ham,
            run.bad ? " (some entries failed, see above)" : "");
    status = run.bad ? 1 : 0;
free_trainer:
    ss_trainer_free(tr);
    ss_rules_free(rules);
free_args:
    tool_labels_free(labels);
    tool_inputs_free(&ins);
    free(ro.extra);
    return status;
}

/* ss_emit_fn for model dump: one line to stdout. */
static int
emit_line(void *userdata,
          const char *line,
          size_t len)
{
    FILE *f = userdata;
    if (fwrite(line, 1, len, f) != len || putc('\n', f) == EOF)
        return 1;
    return 0;
}

/* spamscore model dump MODEL | spamscore model merge A B... -o C */
int
tool_cmd_model(const tool_cmd_env *env,
               int argc,
               char **argv)
{
    if (tool_wants_help(argc, argv)) {
        model_usage(stdout, env->prog);
        return fflush(stdout) == 0 ? 0 : 4;
    }
    char err[512];
    err[0] = '\0';
    if (argc >= 2 && strcmp(argv[1], "dump") == 0) {
        ss_model *m = NULL;
        ss_status st;
        if (argc != 3) {
            model_usage(stderr, env->prog);
            return 2;
        }
        if (ss_model_open(argv[2], &m, err, sizeof err) != SS_OK) {
            fprintf(stderr, "%s model dump: %s: %s\n", env->prog, argv[2],
                    err[0] ? err : "cannot open the model");
            return 1;
        }
        st = ss_model_dump(m, emit_line, stdout);
        ss_model_free(m);
        if (st != SS_OK || fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "%s model dump: %s\n", env->prog,
                    st != SS_OK ? ss_strerror(st) : "cannot write the output");
            return 1;
        }
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "merge") == 0) {
        const char *out = NULL;
        const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
        size_t n = 0;
        bool keep = false;
        ss_train_opts to;
        int i, status;
        if (!inputs) {
            fprintf(stderr, "%s model merge: out of memory\n", env->prog);
            return 1;
        }
        ss_train_opts_default(&to);
        for (i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--keep-combiner") == 0) {
                keep = true;
                continue;
            }
            if (strcmp(argv[i], "--family") == 0) {
                to.merge_family = true;
                continue;
            }
            int r = take_max_size_opt(argc, argv, &i, &to);
            if (r < 0) {
                fprintf(stderr, "%s model merge: --max-size needs a valid "
                        "argument\n", env->prog);
                free(inputs);
                return 2;
            }
            if (r > 0)
                continue;
            r = tool_take_output_opt(argc, argv, &i, &out);
            if (r < 0 || (r == 0 && argv[i][0] == '-')) {
                out = NULL;
                n = 0;
                break;
            }
            if (r == 0)
                inputs[n++] = argv[i];
        }
        if (!out || n == 0) {
            model_usage(stderr, env->prog);
            free(inputs);
            return 2;
        }
        status = 0;
        if (ss_model_merge_opts(inputs, n, out, keep, &to, err, sizeof err) !=
            SS_OK) {
            fprintf(stderr, "%s model merge: %s\n", env->prog,
                    err[0] ? err : "cannot merge the models");
            status = 1;
        }
        free(inputs);
        return status;
    }
    model_usage(stderr, env->prog);
    return 2;
}
