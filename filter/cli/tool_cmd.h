/*
 * tool_cmd.h - interfaces between the files of the spamscore command:
 * cli.c (argv, dispatch, exit status), tool_run.c (the threaded pipeline),
 * tool_output.c (record formatting), tool_train.c (train, model),
 * tool_eval.c (eval) and tool_opts.c (what the subcommands share).
 *
 * Not part of the library. The command's sources (tool.h) produce tool_doc
 * records; the pipeline scores them and writes one record each, in order.
 */
#ifndef SS_TOOL_CMD_H
#define SS_TOOL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "spamscore.h"
#include "tool.h"

/* Bits of tool_out_opts.keep: which verdicts pass in filter mode. */
#define TOOL_KEEP_HAM    (1u << SS_VERDICT_HAM)
#define TOOL_KEEP_UNSURE (1u << SS_VERDICT_UNSURE)
#define TOOL_KEEP_SPAM   (1u << SS_VERDICT_SPAM)
#define TOOL_KEEP_ALL    (TOOL_KEEP_HAM | TOOL_KEEP_UNSURE | TOOL_KEEP_SPAM)

/* How records are written. */
typedef struct tool_out_opts {
    bool json;         /* JSON Lines records instead of TSV lines */
    bool clean;        /* add the cleaned article text */
    bool markdown;     /* ... as Markdown (--clean-format markdown) */
    bool verbose;      /* reasons for humans (TSV) / extra fields (JSON) */
    bool filter;       /* filter mode: only documents whose verdict is in keep */
    bool passthrough;  /* filter mode on JSONL input: echo the input object */
    unsigned keep;     /* TOOL_KEEP_* bits (filter mode) */
} tool_out_opts;

/*
 * Format the record of one scored document (res != NULL) or of one failed
 * document (res == NULL, errmsg != NULL) into f. In filter mode a dropped
 * document writes nothing. Returns false only if f reported a write error.
 */
bool tool_output_record(FILE *f,
                        const tool_doc *doc,
                        const ss_result *res,
                        const char *errmsg,
                        const tool_out_opts *o);

/*
 * A write stream on the descriptor fd (the command's standard output) whose
 * writes are retried until every byte is out: short writes, EINTR and
 * EAGAIN (poll) are retried, so a write error it reports is final (EPIPE,
 * ENOSPC, EIO; errno tells which). Closing it does not close fd. NULL when
 * out of memory.
 */
FILE *tool_output_open_fd(int fd);

/* Is a document with this verdict kept in filter mode? */
bool tool_output_kept(const tool_out_opts *o, ss_verdict verdict);

/* What the pipeline counted; filled by tool_run(). */
typedef struct tool_run_stats {
    size_t docs;                   /* documents read (incl. failures) */
    size_t failed;                 /* error records of failed inputs */
    size_t skipped;                /* error records of inputs passed over on
                                      purpose (non-HTML WARC records) */
    size_t by_verdict[3];          /* scored documents per ss_verdict */
    size_t kept[3];                /* filter mode: kept per verdict */
    ss_verdict last_verdict;       /* verdict of the last scored document */
    bool write_error;              /* stdout could not be written */
    int write_errno;               /* errno of that failure (EPIPE: the
                                      reader went away) */
    char first_error[600];         /* message of the first failure */
} tool_run_stats;

/* Everything the pipeline needs. */
typedef struct tool_run_opts {
    const ss_scorer *scorer;  /* shared by the workers (each has a ctx) */
    unsigned threads;         /* 1: score inline; N > 1: N worker threads */
    ss_format format;         /* forced format, or SS_FORMAT_AUTO */
    tool_out_opts out;
    FILE *errf;               /* where --clean text mode reports failures */
    bool flush_idle;          /* the input can stall (stdin, a pipe): flush
                                 the output whenever no further record is
                                 ready, so each record leaves as soon as it
                                 is scored instead of when the buffer fills */
} tool_run_opts;

/*
 * Read every document from src, score it and write its record to out, in
 * input order. With threads > 1, worker threads take documents from src one
 * at a time, score them and write the records strictly in order, at most
 * 16 * threads documents ahead of the last record written (see
 * tool_run.c), so the output is byte-identical to threads == 1.
 * Returns SS_OK, or SS_ERR_NOMEM / SS_ERR_IO when the pipeline itself could
 * not run (failures of single documents are counted in *stats instead).
 */
ss_status tool_run(tool_source *src,
                   const tool_run_opts *opts,
                   FILE *out,
                   tool_run_stats *stats);

/* Common settings of the subcommands, filled by cli.c. */
typedef struct tool_cmd_env {
    ss_config cfg;
    const char *models_dir;  /* where default.rules / default.model.gz live */
    const char *prog;        /* "spamscore", for messages */
} tool_cmd_env;

/*
 * Subcommands. argv[0] is the subcommand name ("train", "model", "eval").
 * Each returns the process exit status (0 ok, 1 failure, 2 usage error) and
 * prints its own messages.
 */
int tool_cmd_train(const tool_cmd_env *env, int argc, char **argv);
int tool_cmd_model(const tool_cmd_env *env, int argc, char **argv);
int tool_cmd_eval(const tool_cmd_env *env, int argc, char **argv);

/*
 * Load the rules the way the scoring command does: the default rules file
 * (unless no_default), then each extra file added on top. *out may be NULL
 * on SS_OK when there are no rules at all. err gets a message on failure;
 * note (if non-NULL) gets a message when the default file is missing.
 */
ss_status tool_load_rules(const char *models_dir,
                          bool no_default,
                          char *const *extra,
                          size_t n_extra,
                          ss_rules **out,
                          char *err,
                          size_t errlen,
                          char *note,
                          size_t notelen);

/*
 * Open the model the way the scoring command does: path if given (an error
 * if it cannot be opened), else models_dir/default.model.gz (or
 * default.model) when it exists (a
 * note, not an error, when it does not: scoring then uses rules only), or
 * nothing when no_model. *out is NULL on SS_OK when there is no model.
 */
ss_status tool_load_model(const char *models_dir,
                          bool no_model,
                          const char *path,
                          ss_model **out,
                          char *err,
                          size_t errlen,
                          char *note,
                          size_t notelen);

/* Entries of a corpus that may fail in a row before train or eval stops
 * reading it, and the seconds between progress lines on stderr. */
#define TOOL_MAX_CONSECUTIVE_BAD 1000
#define TOOL_PROGRESS_SECONDS 2

/* The rules options train and eval share. */
typedef struct tool_rules_opts {
    char **extra;
    size_t n_extra;
    bool no_default;
} tool_rules_opts;

/* Seconds on a monotonic clock. */
double tool_now_seconds(void);

/*
 * Consume "--rules FILE" / "--no-default-rules" at argv[*i]. Returns 1 if
 * the option was taken, 0 if it is not a rules option, -1 on a missing
 * argument.
 */
int tool_take_rules_opt(int argc,
                        char **argv,
                        int *i,
                        tool_rules_opts *ro);

/* Take "-j N", "-jN", "--jobs N" or "--jobs=N" (1 to MAX_JOBS threads);
 * 1 taken, 0 not one, -1 a missing or bad value. */
int tool_take_jobs_opt(int argc,
                       char **argv,
                       int *i,
                       unsigned *threads);

/* Load the rules for train/eval, printing problems. */
ss_status tool_load_rules_or_say(const tool_cmd_env *env,
                                 const char *cmd,
                                 const tool_rules_opts *ro,
                                 ss_rules **rules);

/* Does argv[1..argc) ask for help (-h, --help)? */
bool tool_wants_help(int argc,
                     char **argv);

/* Value of "-o FILE", "--output FILE" or "--output=FILE" at argv[*i]. */
int tool_take_output_opt(int argc,
                         char **argv,
                         int *i,
                         const char **out);

#endif /* SS_TOOL_CMD_H */
