/*
 * cli.c - main() of the spamscore command: argv parsing, loading of the
 * shipped defaults, dispatch to the subcommands, and the exit status.
 *
 *   spamscore [OPTIONS] [FILE|DIR|-]...     score pages (stdin if none)
 *   spamscore train CORPUS... -o MODEL      learn a model
 *   spamscore model dump MODEL | merge A B... -o C
 *   spamscore eval CORPUS... [--model M]    measure a model on a corpus
 *
 * Exit status of scoring: 0 every input was processed, 1 at least one input
 * failed (its error record was written, the others were processed), 2 usage
 * error (bad option, or a rules/model file that cannot be loaded), 4 the
 * output could not be written: a message says why (a full disk), except
 * when its reader went away (EPIPE, "| head"), where the command stops
 * quietly: SIGPIPE is ignored so that this is an exit status rather than a
 * death by signal. With
 * --exit-verdict on a single document, as bogofilter: 0 spam, 1 ham,
 * 2 unsure, 3 any error.
 *
 * This file and the tool_*.c files are the only code that prints; only
 * main() decides the exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spamscore.h"
#include "tool.h"
#include "tool_cmd.h"

#ifndef SS_SOURCE_MODELS_DIR
#define SS_SOURCE_MODELS_DIR "models"
#endif
#ifndef SS_INSTALL_MODELS_DIR
#define SS_INSTALL_MODELS_DIR "/usr/local/share/spamscore"
#endif

#define PROG "spamscore"
#define MAX_JOBS 256
#define DEFAULT_LINE_BYTES ((size_t)64 << 20) /* one JSONL line */

/* Exit statuses of the scoring command. */
enum {
    EXIT_ALL_OK = 0,
    EXIT_SOME_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_VERDICT_ERROR = 3,
    EXIT_OUTPUT = 4
};

/* Long-only options. */
enum {
    OPT_JSON = 256,
    OPT_CLEAN,
    OPT_EXIT_VERDICT,
    OPT_RULES,
    OPT_NO_DEFAULT_RULES,
    OPT_MODEL,
    OPT_NO_MODEL,
    OPT_FORMAT,
    OPT_JSONL,
    OPT_WARC,
    OPT_KEEP,
    OPT_DROP,
    OPT_MAX_BYTES,
    OPT_MAX_DEPTH,
    OPT_MAX_BLOCKS,
    OPT_MAX_TOKENS,
    OPT_MAX_LINE_BYTES,
    OPT_MAX_SECONDS,
    OPT_SPAM_CUTOFF,
    OPT_HAM_CUTOFF,
    OPT_VERSION,
    OPT_CLEAN_FORMAT
};

static const struct option long_opts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"clean", no_argument, NULL, OPT_CLEAN},
    {"clean-format", required_argument, NULL, OPT_CLEAN_FORMAT},
    {"verbose", no_argument, NULL, 'v'},
    {"exit-verdict", no_argument, NULL, OPT_EXIT_VERDICT},
    {"rules", required_argument, NULL, OPT_RULES},
    {"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
    {"model", required_argument, NULL, OPT_MODEL},
    {"no-model", no_argument, NULL, OPT_NO_MODEL},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"jobs", required_argument, NULL, 'j'},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"warc", no_argument, NULL, OPT_WARC},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"drop", required_argument, NULL, OPT_DROP},
    {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-blocks", required_argument, NULL, OPT_MAX_BLOCKS},
    {"max-tokens", required_argument, NULL, OPT_MAX_TOKENS},
    {"max-line-bytes", required_argument, NULL, OPT_MAX_LINE_BYTES},
    {"max-seconds", required_argument, NULL, OPT_MAX_SECONDS},
    {"spam-cutoff", required_argument, NULL, OPT_SPAM_CUTOFF},
    {"ham-cutoff", required_argument, NULL, OPT_HAM_CUTOFF},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}
};

/* Everything argv says. */
typedef struct cli_args {
    tool_run_opts run;
    ss_config cfg;
    tool_limits lim;
    char **rules;
    size_t n_rules;
    bool no_default_rules;
    const char *model;
    bool no_model;
    bool exit_verdict;
    bool jsonl, warc;
    bool keep_set, drop_set;
    bool line_cap_set;
    FILE *out;           /* standard output, writes retried to the end */
} cli_args;

/* Print the help text to f. */
static void
usage(FILE *f)
{
    fputs(
"usage: spamscore [OPTIONS] [FILE|DIR|-]...\n"
"       spamscore train CORPUS... -o MODEL [--add] [--unlearn] [--no-calibrate]\n"
"             [--jsonl FILE] [--warc FILE --labels FILE] [--on-error skip|stop]\n"
"             [--min-count N] [--max-tokens N] [--max-size MB] [--hash-only]\n"
"             [--calibration-docs N]\n"
"       spamscore model dump MODEL\n"
"       spamscore model merge A B... -o C [--keep-combiner] [--family]\n"
"             [--max-size MB]\n"
"       spamscore eval CORPUS... [--model MODEL] [--json] [--errors FILE]\n"
"\n"
"Find spam injected into web pages. Reads files, directories (recursively,\n"
"in sorted order), '-' for stdin (the default); .gz inputs are unpacked.\n"
"Writes one record per document: VERDICT<TAB>SCORE<TAB>INPUT.\n"
"\n"
"Output:\n"
"  --json              JSON Lines records (input, format, score, verdict,\n"
"                      title, flags, ...)\n"
"  --clean             the article text without boilerplate and spam\n"
"                      (a \"text\" field with --json)\n"
"  --clean-format FMT  text (default: one block per line) or markdown\n"
"                      (headings, lists, tables, code); implies --clean\n"
"  -v, --verbose       the reasons behind each verdict\n"
"  --exit-verdict      one document: exit 0 spam, 1 ham, 2 unsure, 3 error\n"
"Inputs:\n"
"  --format FMT        html, text or auto (default: from the file name,\n"
"                      else sniffed)\n"
"  --jsonl             inputs are JSON Lines: {\"id\":..,\"url\":..,\"html\":..}\n"
"                      or \"text\" instead of \"html\"; implies --json\n"
"  --warc              inputs are WARC/WET files (.warc, .warc.gz)\n"
"Filter mode:\n"
"  --keep LIST         write only documents whose verdict is in LIST\n"
"                      (ham,unsure,spam); JSONL inputs are passed through\n"
"                      with \"text\" and \"spamscore\" added\n"
"  --drop LIST         write all documents except those in LIST\n"
"Scoring:\n"
"  --rules FILE        add (or override) rules; repeatable\n"
"  --no-default-rules  do not load the shipped rules\n"
"  --model FILE        use this model instead of the shipped one\n"
"  --no-model          rules only\n"
"  --spam-cutoff X     score >= X is spam (default: the model's)\n"
"  --ham-cutoff X      score <= X is ham (default: the model's)\n"
"  -j, --jobs N        score on N threads (output order unchanged)\n"
"Limits (suffixes k, M, G):\n"
"  --max-bytes N       largest document (default 16M)\n"
"  --max-depth N       DOM depth kept (default 256)\n"
"  --max-blocks N      text blocks kept per page (default 20000)\n"
"  --max-tokens N      tokens per page (default 50000)\n"
"  --max-seconds S     CPU seconds per document (default: no limit); past\n"
"                      it the document gets an error record\n"
"  --max-line-bytes N  longest JSON Lines line (default 64M)\n"
"\n"
"  -h, --help          this text\n"
"  --version           the version\n"
"\n"
"Exit status: 0 all inputs processed, 1 some input failed (see its error\n"
"record), 2 usage error. Shipped rules and model are read from\n"
"$SPAMSCORE_MODELS if set.\n", f);
}

/*
 * Parse a size with an optional k/M/G suffix (powers of 1024) into *out.
 * Zero, negative numbers and overflow are refused.
 */
static bool
parse_size(const char *s,
           size_t *out)
{
    char *end;
    unsigned long long v, mul = 1;

    if (!s || *s == '-' || *s == '\0')
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    if (*end == 'k' || *end == 'K')
        mul = 1024ull;
    else if (*end == 'm' || *end == 'M')
        mul = 1024ull * 1024;
    else if (*end == 'g' || *end == 'G')
        mul = 1024ull * 1024 * 1024;
    else if (*end != '\0')
        return false;
    if (mul != 1 && end[1] != '\0' && !(end[1] == 'B' && end[2] == '\0'))
        return false;
    if (v == 0 || v > (unsigned long long)SIZE_MAX / mul)
        return false;
    *out = (size_t)(v * mul);
    return true;
}

/* A size option that must fit an unsigned. */
static bool
parse_uint(const char *s,
           unsigned *out)
{
    size_t v;
    if (!parse_size(s, &v) || v > UINT_MAX)
        return false;
    *out = (unsigned)v;
    return true;
}

/* A probability in [0, 1]. */
static bool
parse_prob(const char *s,
           double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !(v >= 0.0 && v <= 1.0))
        return false;
    *out = v;
    return true;
}

/* "ham,unsure,spam" into TOOL_KEEP_* bits; false on an unknown word. */
static bool
parse_verdicts(const char *s,
               unsigned *bits)
{
    *bits = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 3 && strncmp(s, "ham", 3) == 0)
            *bits |= TOOL_KEEP_HAM;
        else if (n == 6 && strncmp(s, "unsure", 6) == 0)
            *bits |= TOOL_KEEP_UNSURE;
        else if (n == 4 && strncmp(s, "spam", 4) == 0)
            *bits |= TOOL_KEEP_SPAM;
        else
            return false;
        s += n;
        if (*s == ',')
            s++;
    }
    return *bits != 0;
}

/* Report a usage error (the caller exits 2). */
static void
bad_usage(const char *msg,
          const char *arg)
{
    if (arg)
        fprintf(stderr, PROG ": %s: '%s'\n", msg, arg);
    else
        fprintf(stderr, PROG ": %s\n", msg);
    fputs("Try 'spamscore --help' for more information.\n", stderr);
}

/* Does dir hold any of the shipped default files? */
static bool
has_defaults(const char *dir)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/default.rules", dir);
    if (stat(path, &st) == 0)
        return true;
    snprintf(path, sizeof path, "%s/default.model.gz", dir);
    if (stat(path, &st) == 0)
        return true;
    snprintf(path, sizeof path, "%s/default.model", dir);
    return stat(path, &st) == 0;
}

/* Where the shipped rules and model are: $SPAMSCORE_MODELS, else the
 * source tree's models/ (an uninstalled build), else the install dir. */
static const char *
models_dir(void)
{
    const char *env = getenv("SPAMSCORE_MODELS");
    if (env && *env)
        return env;
    if (has_defaults(SS_SOURCE_MODELS_DIR))
        return SS_SOURCE_MODELS_DIR;
    return SS_INSTALL_MODELS_DIR;
}

/* Parse the scoring command's options. Returns -1 to go on, or an exit
 * status (help, version, usage error). *first_path is set to the index of
 * the first input. */
static int
parse_args(int argc,
           char **argv,
           cli_args *a,
           int *first_path)
{
    int c;

    opterr = 0; /* our own messages, named "spamscore" */
    for (;;) {
        c = getopt_long(argc, argv, ":hvj:", long_opts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case OPT_JSON: a->run.out.json = true; break;
        case OPT_CLEAN: a->run.out.clean = true; break;
        case OPT_CLEAN_FORMAT:
            if (strcmp(optarg, "markdown") == 0)
                a->run.out.markdown = true;
            else if (strcmp(optarg, "text") == 0)
                a->run.out.markdown = false;
            else {
                bad_usage("--clean-format must be text or markdown", optarg);
                return EXIT_USAGE;
            }
            a->run.out.clean = true;
            break;
        case 'v': a->run.out.verbose = true; break;
        case OPT_EXIT_VERDICT: a->exit_verdict = true; break;
        case OPT_RULES: a->rules[a->n_rules++] = optarg; break;
        case OPT_NO_DEFAULT_RULES: a->no_default_rules = true; break;
        case OPT_MODEL: a->model = optarg; break;
        case OPT_NO_MODEL: a->no_model = true; break;
        case OPT_JSONL: a->jsonl = true; break;
        case OPT_WARC: a->warc = true; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "html") == 0)
                a->run.format = SS_FORMAT_HTML;
            else if (strcmp(optarg, "text") == 0)
                a->run.format = SS_FORMAT_TEXT;
            else if (strcmp(optarg, "auto") == 0)
                a->run.format = SS_FORMAT_AUTO;
            else {
                bad_usage("--format must be html, text or auto", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'j': {
            unsigned j;
            if (!parse_uint(optarg, &j) || j > MAX_JOBS) {
                bad_usage("-j needs a number of threads from 1 to 256", optarg);
                return EXIT_USAGE;
            }
            a->run.threads = j;
            break;
        }
        case OPT_KEEP:
        case OPT_DROP: {
            unsigned bits;
            if (!parse_verdicts(optarg, &bits)) {
                bad_usage(c == OPT_KEEP ? "--keep needs a list of ham, unsure,"
                                          " spam"
                                        : "--drop needs a list of ham, unsure,"
                                          " spam", optarg);
                return EXIT_USAGE;
            }
            if (c == OPT_KEEP) {
                a->keep_set = true;
                a->run.out.keep = bits;
            } else {
                a->drop_set = true;
                a->run.out.keep = TOOL_KEEP_ALL & ~bits;
            }
            break;
        }
        case OPT_MAX_BYTES:
            if (!parse_size(optarg, &a->cfg.max_page_bytes)) {
                bad_usage("--max-bytes needs a positive size", optarg);
                return EXIT_USAGE;
            }
            a->lim.max_doc_bytes = a->cfg.max_page_bytes;
            break;
        case OPT_MAX_DEPTH:
            if (!parse_uint(optarg, &a->cfg.max_depth)) {
                bad_usage("--max-depth needs a positive number", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX_BLOCKS:
            if (!parse_uint(optarg, &a->cfg.max_blocks)) {
                bad_usage("--max-blocks needs a positive number", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX_TOKENS:
            if (!parse_uint(optarg, &a->cfg.max_tokens)) {
                bad_usage("--max-tokens needs a positive number", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX_LINE_BYTES:
            if (!parse_size(optarg, &a->lim.max_line_bytes)) {
                bad_usage("--max-line-bytes needs a positive size", optarg);
                return EXIT_USAGE;
            }
            a->line_cap_set = true;
            break;
        case OPT_MAX_SECONDS: {
            char *end;
            errno = 0;
            double v = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(v > 0.0 && v <= 1e6)) {
                bad_usage("--max-seconds needs a positive number of seconds",
                          optarg);
                return EXIT_USAGE;
            }
            a->cfg.max_seconds = v;
            break;
        }
        case OPT_SPAM_CUTOFF:
            if (!parse_prob(optarg, &a->cfg.spam_cutoff)) {
                bad_usage("--spam-cutoff needs a number from 0 to 1", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_HAM_CUTOFF:
            if (!parse_prob(optarg, &a->cfg.ham_cutoff)) {
                bad_usage("--ham-cutoff needs a number from 0 to 1", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_VERSION:
            printf("spamscore %s\n", SS_VERSION_STRING);
            return EXIT_ALL_OK;
        case 'h':
            usage(stdout);
            return EXIT_ALL_OK;
        case ':':
            bad_usage("option needs an argument", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            if (optopt > 0 && optopt < 256) {
                char opt[3] = {'-', (char)optopt, '\0'};
                bad_usage("unknown option", opt);
            } else {
                bad_usage("unknown option", argv[optind - 1]);
            }
            return EXIT_USAGE;
        }
    }
    if (a->keep_set && a->drop_set) {
        bad_usage("--keep and --drop cannot be combined", NULL);
        return EXIT_USAGE;
    }
    if (a->jsonl && a->warc) {
        bad_usage("--jsonl and --warc cannot be combined", NULL);
        return EXIT_USAGE;
    }
    if (a->no_model && a->model) {
        bad_usage("--model and --no-model cannot be combined", NULL);
        return EXIT_USAGE;
    }
    if (a->cfg.spam_cutoff >= 0 && a->cfg.ham_cutoff >= 0 &&
        a->cfg.ham_cutoff > a->cfg.spam_cutoff) {
        bad_usage("--ham-cutoff is above --spam-cutoff", NULL);
        return EXIT_USAGE;
    }
    *first_path = optind;
    return -1;
}

/* The kept/dropped counts of filter mode, on stderr. */
static void
filter_summary(const tool_run_stats *st)
{
    size_t kept = 0, dropped = st->failed + st->skipped;
    int v;
    for (v = 0; v < 3; v++) {
        kept += st->kept[v];
        dropped += st->by_verdict[v] - st->kept[v];
    }
    fprintf(stderr, PROG ": kept %zu (ham %zu, unsure %zu, spam %zu), "
            "dropped %zu (ham %zu, unsure %zu, spam %zu, error %zu, "
            "skipped %zu)\n", kept,
            st->kept[SS_VERDICT_HAM], st->kept[SS_VERDICT_UNSURE],
            st->kept[SS_VERDICT_SPAM], dropped,
            st->by_verdict[SS_VERDICT_HAM] - st->kept[SS_VERDICT_HAM],
            st->by_verdict[SS_VERDICT_UNSURE] - st->kept[SS_VERDICT_UNSURE],
            st->by_verdict[SS_VERDICT_SPAM] - st->kept[SS_VERDICT_SPAM],
            st->failed, st->skipped);
}

/* Score the inputs named by argv[first..argc). Returns the exit status. */
/* True when an input can stall: standard input or a named path that is a
 * pipe, a terminal or a socket rather than a regular file or directory. */
static bool
input_may_stall(char *const *paths,
                size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int r = strcmp(paths[i], "-") == 0 ? fstat(STDIN_FILENO, &st)
                                           : stat(paths[i], &st);
        if (r == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
            return true;
    }
    return false;
}

static int
score_command(cli_args *a,
              int argc,
              char **argv,
              int first)
{
    static char stdin_name[] = "-";
    static char *stdin_paths[] = {stdin_name};
    char *const *paths = argc > first ? argv + first : stdin_paths;
    size_t n_paths = argc > first ? (size_t)(argc - first) : 1;
    const char *dir = models_dir();
    ss_rules *rules = NULL;
    ss_model *model = NULL;
    ss_scorer *scorer = NULL;
    tool_source *src = NULL;
    tool_run_stats st;
    char err[512], note[512];
    int fail_usage = a->exit_verdict ? EXIT_VERDICT_ERROR : EXIT_USAGE;
    int status = fail_usage;
    ss_status rc;

    err[0] = '\0';
    if (tool_load_rules(dir, a->no_default_rules, a->rules, a->n_rules, &rules,
                        err, sizeof err, note, sizeof note) != SS_OK) {
        fprintf(stderr, PROG ": %s\n", err[0] ? err : "cannot load the rules");
        goto done;
    }
    if (note[0])
        fprintf(stderr, PROG ": note: %s\n", note);
    err[0] = '\0';
    if (tool_load_model(dir, a->no_model, a->model, &model, err, sizeof err,
                        note, sizeof note) != SS_OK) {
        fprintf(stderr, PROG ": %s: %s\n", a->model ? a->model : "model",
                err[0] ? err : "cannot open the model");
        goto free_rules;
    }
    if (note[0])
        fprintf(stderr, PROG ": note: %s\n", note);
    rc = ss_scorer_create(&a->cfg, rules, model, &scorer);
    if (rc != SS_OK) {
        fprintf(stderr, PROG ": cannot create the scorer: %s\n",
                ss_strerror(rc));
        goto free_model;
    }
    a->run.scorer = scorer;
    if (a->jsonl)
        src = tool_source_jsonl(paths, n_paths, &a->lim);
    else if (a->warc)
        src = tool_source_warc(paths, n_paths, &a->lim);
    else
        src = tool_source_files(paths, n_paths, &a->lim);
    if (!src) {
        fprintf(stderr, PROG ": out of memory\n");
        goto free_scorer;
    }
    a->run.flush_idle = input_may_stall(paths, n_paths);
    rc = tool_run(src, &a->run, a->out, &st);
    if (fflush(a->out) != 0 && !st.write_error) {
        st.write_error = true;
        st.write_errno = errno;
    }
    if (ferror(a->out) && !st.write_error) {
        st.write_error = true;
        st.write_errno = EIO;
    }
    /* Filter mode accounts for every document read, even when the run
     * stopped early (the reason follows). */
    if (a->run.out.filter)
        filter_summary(&st);
    if (rc != SS_OK) {
        fprintf(stderr, PROG ": %s\n", ss_strerror(rc));
        status = a->exit_verdict ? EXIT_VERDICT_ERROR : EXIT_SOME_FAILED;
        goto free_source;
    }
    if (st.write_error) {
        /* The reader went away (| head): it has what it wanted; say
         * nothing, but do not claim every record was written. */
        if (st.write_errno != EPIPE)
            fprintf(stderr, PROG ": cannot write the output: %s\n",
                    strerror(st.write_errno));
        status = a->exit_verdict ? EXIT_VERDICT_ERROR : EXIT_OUTPUT;
        goto free_source;
    }
    if (a->exit_verdict) {
        if (st.docs != 1) {
            fprintf(stderr, PROG ": --exit-verdict needs exactly one document,"
                    " got %zu\n", st.docs);
            status = EXIT_VERDICT_ERROR;
        } else if (st.failed || st.skipped) {
            status = EXIT_VERDICT_ERROR;
        } else {
            status = st.last_verdict == SS_VERDICT_SPAM     ? 0
                     : st.last_verdict == SS_VERDICT_HAM    ? 1
                                                            : 2;
        }
    } else {
        status = st.failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
    }
free_source:
    src->free(src);
free_scorer:
    ss_scorer_free(scorer);
free_model:
    ss_model_free(model);
free_rules:
    ss_rules_free(rules);
done:
    return status;
}

/* Dispatch a subcommand, or parse the scoring options and score. */
int
main(int argc,
     char **argv)
{
    cli_args a;
    int first = 1, i, status;
    static char outbuf[1 << 16];

    if (argc >= 2 && (strcmp(argv[1], "train") == 0 ||
                      strcmp(argv[1], "model") == 0 ||
                      strcmp(argv[1], "eval") == 0)) {
        tool_cmd_env env;
        ss_config_default(&env.cfg);
        env.models_dir = models_dir();
        env.prog = PROG;
        if (strcmp(argv[1], "train") == 0)
            return tool_cmd_train(&env, argc - 1, argv + 1);
        if (strcmp(argv[1], "model") == 0)
            return tool_cmd_model(&env, argc - 1, argv + 1);
        return tool_cmd_eval(&env, argc - 1, argv + 1);
    }

    memset(&a, 0, sizeof a);
    ss_config_default(&a.cfg);
    a.lim.max_doc_bytes = a.cfg.max_page_bytes;
    a.lim.max_line_bytes = DEFAULT_LINE_BYTES;
    a.run.threads = 1;
    a.run.format = SS_FORMAT_AUTO;
    a.run.errf = stderr;
    a.run.out.keep = TOOL_KEEP_ALL;
    a.rules = calloc((size_t)argc + 1, sizeof *a.rules);
    if (!a.rules) {
        fputs(PROG ": out of memory\n", stderr);
        return EXIT_SOME_FAILED;
    }
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--exit-verdict") == 0)
            a.exit_verdict = true;
    status = parse_args(argc, argv, &a, &first);
    if (status >= 0) {
        free(a.rules);
        if (status == EXIT_USAGE && a.exit_verdict)
            return EXIT_VERDICT_ERROR;
        return status;
    }
    if (a.jsonl)
        a.run.out.json = true;
    if (a.keep_set || a.drop_set) {
        a.run.out.filter = true;
        a.run.out.passthrough = a.jsonl;
    }
    /* Only pass-through output reads the input line again. */
    a.lim.drop_lines = !(a.run.out.filter && a.run.out.passthrough);
    /* Unless set, the line cap of JSONL admits the largest document. */
    if (!a.line_cap_set && a.lim.max_line_bytes < a.lim.max_doc_bytes)
        a.lim.max_line_bytes = a.lim.max_doc_bytes + 4096;
    /* A reader that goes away is an EPIPE write error (exit status 4, no
     * message), not a death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    a.out = tool_output_open_fd(STDOUT_FILENO);
    if (!a.out) {
        fputs(PROG ": out of memory\n", stderr);
        free(a.rules);
        return EXIT_SOME_FAILED;
    }
    setvbuf(a.out, outbuf, _IOFBF, sizeof outbuf);
    status = score_command(&a, argc, argv, first);
    fclose(a.out); /* flushed already; does not close descriptor 1 */
    free(a.rules);
    return status;
}
