/*
 * tool_labeled.h - the labeled inputs of `spamscore train` and `eval`.
 *
 * A labeled input yields ss_corpus_doc records one at a time, whatever it
 * is read from:
 *
 *   TOOL_LABELED_CORPUS  a corpus the library opens (ss_corpus_open: a
 *                        directory, a label<TAB>text file, or a .jsonl /
 *                        .ndjson file with the documents inline);
 *   TOOL_LABELED_JSONL   JSON Lines with the documents inline, whatever the
 *                        name, "-" for stdin (ss_corpus_open_jsonl);
 *   TOOL_LABELED_WARC    WARC / WET records (tool_source_warc) labeled by a
 *                        labels file: one "label<TAB>key" line or one JSON
 *                        object {"label": ..., "url" | "id": ...} per line;
 *                        a key is a WARC-Target-URI or a WARC-Record-ID
 *                        (with or without its angle brackets).
 *
 * Nothing is held whole but the labels map of a WARC input (one entry per
 * labels-file line).
 */
#ifndef SS_TOOL_LABELED_H
#define SS_TOOL_LABELED_H

#include <stdbool.h>
#include <stddef.h>

#include "spamscore.h"
#include "tool.h"

typedef enum tool_labeled_kind {
    TOOL_LABELED_CORPUS = 0,
    TOOL_LABELED_JSONL,
    TOOL_LABELED_WARC
} tool_labeled_kind;

/* One input as given on the command line. */
typedef struct tool_labeled_spec {
    tool_labeled_kind kind;
    const char *path;
} tool_labeled_spec;

/* A labels map (WARC inputs), loaded once and shared by the inputs. */
typedef struct tool_labels tool_labels;

/* Load a labels file; NULL with a message in err on failure (the message
 * names the file and line of a bad line). */
tool_labels *tool_labels_load(const char *path, char *err, size_t errlen);

/* Free a labels map; NULL is a no-op. */
void tool_labels_free(tool_labels *labels);

/* Kind of a positional argument: WARC by its suffix (.warc, .wet, with or
 * without .gz), otherwise a library corpus. */
tool_labeled_kind tool_labeled_kind_of(const char *path);

typedef struct tool_labeled tool_labeled;

/* Open one input; labels is required for TOOL_LABELED_WARC (borrowed: it
 * must outlive the input). NULL with a message in err on failure. */
tool_labeled *tool_labeled_open(const tool_labeled_spec *spec,
                                const tool_labels *labels,
                                const tool_limits *lim,
                                char *err,
                                size_t errlen);

/*
 * The next document into *doc (valid until the next call or free). At the
 * end: SS_OK and *doc == NULL. A bad line or record: SS_ERR_FORMAT (or
 * another status) with a message naming the file and its line number or
 * byte offset; the next call goes on after it. WARC records that are not
 * pages, and records without a label, are passed over and counted.
 */
ss_status tool_labeled_next(tool_labeled *in,
                            const ss_corpus_doc **doc,
                            char *err,
                            size_t errlen);

/* Records passed over: not a page (WARC), no label in the labels file. */
void tool_labeled_passed(const tool_labeled *in,
                         size_t *not_pages,
                         size_t *unlabeled);

/* Free an input; NULL is a no-op. */
void tool_labeled_free(tool_labeled *in);

/*
 * What tool_labeled_map does with each document of an input (see
 * tool_lmap.c). ud is passed to every call.
 */
typedef struct tool_labeled_ops {
    void *ud;
    /* The state of one document in flight (made once per slot, reused);
     * NULL when out of memory. */
    void *(*slot_new)(void *ud);
    void (*slot_free)(void *ud, void *state);
    /* The parallel half: on any thread, touching only state and doc (and
     * what ud holds that does not change during the run). */
    ss_status (*work)(void *ud, void *state, const ss_corpus_doc *doc,
                      char *err, size_t errlen);
    /* The ordered half: on the calling thread, one document at a time in
     * the input's order, with work's status and message; doc is NULL when
     * the input could not be read there (st and err say why). Returns
     * false to stop the run. */
    bool (*done)(void *ud, void *state, const ss_corpus_doc *doc,
                 ss_status st, const char *err);
} tool_labeled_ops;

/*
 * Run ops over every document of in, working on threads threads (1: all on
 * the calling thread). done sees the same documents in the same order
 * whatever threads is. SS_ERR_NOMEM when the slots or threads could not be
 * made, else SS_OK (also when done stopped the run).
 */
ss_status tool_labeled_map(tool_labeled *in,
                           unsigned threads,
                           const tool_labeled_ops *ops);

/* The inputs of train / eval as given on the command line. */
typedef struct tool_inputs {
    tool_labeled_spec *specs;  /* argc entries allocated */
    size_t n;
    const char *labels_path;   /* --labels FILE */
    bool stop_on_error;        /* --on-error stop (default: skip) */
} tool_inputs;

/* Allocate room for the inputs of argc arguments; false when out of
 * memory. */
bool tool_inputs_init(tool_inputs *in, int argc);

/* Free what tool_inputs_init allocated. */
void tool_inputs_free(tool_inputs *in);

/*
 * Take an input option at argv[*i]: "--jsonl FILE", "--warc FILE",
 * "--labels FILE", "--on-error skip|stop". Returns 1 when taken, 0 when
 * argv[*i] is not one of them, -1 for a missing or bad value.
 */
int tool_inputs_take(tool_inputs *in, int argc, char **argv, int *i);

/* A positional argument: a corpus, or WARC by its suffix. */
void tool_inputs_add(tool_inputs *in, const char *path);

/* Check the inputs (a WARC input needs --labels) and load the labels file;
 * *labels is NULL when there is none. false with a message in err. */
bool tool_inputs_ready(const tool_inputs *in,
                       tool_labels **labels,
                       char *err,
                       size_t errlen);

/*
 * eval --errors: write one JSON Lines record for a misjudged document (a
 * ham page judged spam, or a spam page not judged spam) to f:
 * {"error": "false-positive"|"false-negative", "label", "verdict",
 *  "score", "bayes_score", "heuristic_score", "input", "id", "url",
 *  "flags": [{"kind", "where", "score", "text"}...]}
 * (id and url null when unknown). Returns false on a write error.
 */
bool tool_write_error_record(FILE *f,
                             const ss_corpus_doc *doc,
                             const ss_result *res);

#endif /* SS_TOOL_LABELED_H */
