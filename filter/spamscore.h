/*
 * spamscore.h - the public API of libspamscore, the only installed header.
 *
 * libspamscore finds spam injected into republished web pages: fake brands
 * spliced into headlines and sentences, promotional headlines slipped into
 * link lists, and junk widgets (like counters, off-topic "Related" lists).
 *
 * Objects and their lifetimes:
 *
 *   ss_rules   compiled heuristic rules (pcre2). Immutable once loaded;
 *              one instance may be shared by any number of threads.
 *   ss_model   naive-Bayes token statistics and the learned combination
 *              weights, mmap'ed read-only. Shareable by threads.
 *   ss_scorer  config + rules + model bound together. Immutable, shareable.
 *              It borrows the rules and model: free it before them.
 *   ss_ctx     per-thread scoring state (arena, pcre2 match data). One
 *              thread at a time. Reused page after page without malloc in
 *              the steady state.
 *   ss_result  what ss_ctx_score() found. Owned by the context; valid until
 *              the next ss_ctx_score(), ss_ctx_clean() or ss_ctx_free() on
 *              that context.
 *
 * Every action returns an ss_status (SS_OK on success). On failure a
 * human-readable message is available from ss_ctx_error() (for scoring) or is
 * written to the caller's err buffer (for loaders). The library never prints
 * and never exits.
 */
#ifndef SPAMSCORE_H
#define SPAMSCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SS_VERSION_STRING "0.1.0"

/* Status codes. Stable: new codes are only ever appended. */
typedef enum ss_status {
    SS_OK = 0,
    SS_ERR_NOMEM,   /* an allocation failed */
    SS_ERR_IO,      /* a file could not be opened, read or written */
    SS_ERR_EMPTY,   /* the input has no bytes or no visible text */
    SS_ERR_BINARY,  /* the input is not text (NUL bytes, control bytes) */
    SS_ERR_CHARSET, /* the input could not be converted to UTF-8 */
    SS_ERR_PARSE,   /* the input could not be parsed at all */
    SS_ERR_LIMIT,   /* a hard cap was exceeded and the input was refused */
    SS_ERR_RULES,   /* a rules file is invalid (message names file:line:col) */
    SS_ERR_MODEL,   /* a model file is invalid, corrupt or truncated */
    SS_ERR_VERSION, /* a model file has an unsupported version */
    SS_ERR_ARG,     /* an argument is invalid (NULL, out of range) */
    SS_ERR_FORMAT,  /* a container (WARC, JSON, gzip, corpus) is malformed */
    SS_STATUS_COUNT
} ss_status;

/* Short, static English description of a status. Never NULL. */
const char *ss_strerror(ss_status status);

/* ------------------------------------------------------------------ */
/* Configuration: every tunable lives here, never in a global.        */

typedef struct ss_config {
    size_t max_page_bytes;     /* refuse pages larger than this (SS_ERR_LIMIT) */
    unsigned max_depth;        /* DOM depth kept; deeper nodes are flattened */
    unsigned max_blocks;       /* blocks kept per page; the rest are dropped */
    unsigned max_block_bytes;  /* bytes kept per block */
    unsigned max_token_bytes;  /* longer tokens are truncated */
    unsigned max_tokens;       /* tokens per page fed to the classifier */
    size_t arena_cap;          /* bytes one page may allocate from the arena */
    uint32_t pcre_match_limit; /* pcre2_set_match_limit per match */
    uint32_t pcre_depth_limit; /* pcre2_set_depth_limit per match */
    double spam_cutoff;        /* score >= this: spam; < 0 = model's value */
    double ham_cutoff;         /* score <= this: ham;  < 0 = model's value */
    double max_seconds;        /* CPU seconds the scoring thread may spend on
                                  one document, checked while parsing HTML
                                  and after each stage; past it the document
                                  fails with SS_ERR_LIMIT ("time limit").
                                  0: no limit (the default) */
} ss_config;

/* Fill *cfg with the documented defaults (see README "Limits"). */
void ss_config_default(ss_config *cfg);

/*
 * sizeof of a public struct a binding mirrors: "ss_config", "ss_doc_opts",
 * "ss_result" or "ss_flag"; 0 for any other name. A binding that declares
 * these structs itself (ctypes, cffi ABI mode) checks its copy against
 * these at load time, so that a field appended here turns into a clear
 * error instead of the library writing past the binding's buffer.
 */
size_t ss_struct_size(const char *name);

/* ------------------------------------------------------------------ */
/* Rules                                                              */

typedef struct ss_rules ss_rules;

/*
 * Compile the rules file at path into a new rule set.
 * On error returns SS_ERR_IO or SS_ERR_RULES, sets *out to NULL and writes
 * "file:line:col: message" into err (if errlen > 0).
 */
ss_status ss_rules_load(const char *path,
                        ss_rules **out,
                        char *err,
                        size_t errlen);

/*
 * Compile rules from a memory buffer; name is used in error messages.
 * Same contract as ss_rules_load().
 */
ss_status ss_rules_load_buffer(const char *name,
                               const char *text,
                               size_t len,
                               ss_rules **out,
                               char *err,
                               size_t errlen);

/*
 * Add the rules of another file to an existing set. A rule with the same
 * name as an existing one replaces it (override); "name off" lines disable
 * one. Must not be called while the set is being used for scoring.
 */
ss_status ss_rules_add_file(ss_rules *rules,
                            const char *path,
                            char *err,
                            size_t errlen);

/* Number of active rules. */
size_t ss_rules_count(const ss_rules *rules);

/* Free a rule set. ss_rules_free(NULL) is a no-op. */
void ss_rules_free(ss_rules *rules);

/* ------------------------------------------------------------------ */
/* Model                                                              */

typedef struct ss_model ss_model;

/*
 * Open a binary model file (mmap, read-only), or a gzip-compressed one
 * (recognised by its first bytes, inflated into memory). The image is
 * verified (magic, version, size, checksum) before use; a bad file gives
 * SS_ERR_MODEL or SS_ERR_VERSION and a message in err.
 */
ss_status ss_model_open(const char *path,
                        ss_model **out,
                        char *err,
                        size_t errlen);

/* Free a model. ss_model_free(NULL) is a no-op. */
void ss_model_free(ss_model *model);

/* ------------------------------------------------------------------ */
/* Scorer and per-thread context                                      */

typedef struct ss_scorer ss_scorer;
typedef struct ss_ctx ss_ctx;

/*
 * Bind config, rules and model into a scorer. rules and model may be NULL
 * (that module then contributes no evidence). The scorer copies cfg and
 * borrows rules and model: they must outlive it.
 */
ss_status ss_scorer_create(const ss_config *cfg,
                           const ss_rules *rules,
                           const ss_model *model,
                           ss_scorer **out);

/* Free a scorer. ss_scorer_free(NULL) is a no-op. */
void ss_scorer_free(ss_scorer *scorer);

/* Create a per-thread context for scorer (which must outlive it). */
ss_status ss_ctx_create(const ss_scorer *scorer, ss_ctx **out);

/* Release per-page memory kept by ctx without freeing ctx (lexbor "clean"). */
void ss_ctx_clean(ss_ctx *ctx);

/* Free a context. ss_ctx_free(NULL) is a no-op. */
void ss_ctx_free(ss_ctx *ctx);

/* Message for the last failed call on ctx ("" if none). Valid until the next
 * call on ctx. */
const char *ss_ctx_error(const ss_ctx *ctx);

typedef enum ss_format {
    SS_FORMAT_AUTO = 0, /* sniff: markup -> HTML, otherwise text */
    SS_FORMAT_HTML,
    SS_FORMAT_TEXT
} ss_format;

typedef enum ss_verdict {
    SS_VERDICT_HAM = 0,
    SS_VERDICT_UNSURE,
    SS_VERDICT_SPAM
} ss_verdict;

typedef enum ss_flag_kind {
    SS_FLAG_INJECTED_BRAND = 0, /* a phrase spliced into title/sentences */
    SS_FLAG_SITE_NAME,          /* a fake site-name suffix in the title */
    SS_FLAG_SLOGAN,             /* a short slogan line ("Surpassing View") */
    SS_FLAG_PROMO_HEADLINE,     /* a promotional headline in a list */
    SS_FLAG_JUNK_WIDGET,        /* like counter, share bar, off-topic list */
    SS_FLAG_BOILERPLATE,        /* an honest list/menu removed by --clean */
    SS_FLAG_RULE,               /* a rule hit not tied to the kinds above */
    SS_FLAG_LINK_INJECTION,     /* commercial links hidden by CSS or
                                   appended to the page (hacked site) */
    SS_FLAG_KIND_COUNT
} ss_flag_kind;

/* "injected-brand", "site-name", "slogan", "promo-headline", "junk-widget",
 * "boilerplate", "rule", "link-injection". */
const char *ss_flag_kind_name(ss_flag_kind kind);

typedef enum ss_where {
    SS_WHERE_TITLE = 0, /* <title>, og:title, the headline */
    SS_WHERE_BODY,      /* the article text */
    SS_WHERE_WIDGET,    /* a list widget or its heading */
    SS_WHERE_PAGE,      /* elsewhere on the page (header, footer) */
    SS_WHERE_COUNT
} ss_where;

/* "title", "body", "widget", "page". */
const char *ss_where_name(ss_where where);

/* One finding. text is the exact text as it appears in the page (UTF-8). */
typedef struct ss_flag {
    ss_flag_kind kind;
    ss_where where;
    const char *text;
    double score;               /* strength of this finding, 0..1 */
    const char *const *reasons; /* rule names and decisive evidence */
    size_t n_reasons;
    bool flag_only;             /* reported (and cut by clean text) but not
                                   counted in the page score: a learned span
                                   whose probability is between its kind's
                                   flag cut-off and cut-off (README
                                   "Output") */
} ss_flag;

/*
 * One term of the page score: a feature of the calibrated combiner (README
 * "Scoring"), its value on the page and its weight. The score is the
 * logistic of the sum of value x weight over the terms, unless a finding
 * raised it to its floor (ss_result.floor).
 */
typedef struct ss_score_term {
    const char *name;  /* "bias", "bayes", ..., "any_injection" */
    double value;
    double weight;
    const char *text;  /* the phrase behind the value: the likeliest
                          candidate (span_brand, span_promo) or the
                          strongest finding (brand, site_slogan, promo,
                          widget, link_injection, any_injection); NULL for
                          the others and when there is none */
} ss_score_term;

typedef struct ss_result {
    ss_format format;        /* what the page was parsed as */
    const char *charset;     /* the charset the input was decoded from */
    double score;            /* calibrated spam probability, 0..1 */
    ss_verdict verdict;
    double bayes_score;      /* naive-Bayes page probability (0.5: no model) */
    double heuristic_score;  /* heuristic evidence alone, 0..1 */
    const char *title;       /* the title with injected parts removed */
    const char *clean_text;  /* article text, one block per line */
    size_t clean_len;
    const ss_flag *flags;
    size_t n_flags;
    const char *const *limits; /* caps hit while reading ("dom-depth", ...) */
    size_t n_limits;
    size_t n_blocks;         /* blocks in the page model */
    /* Metadata of an HTML page, NULL when the page does not say (and for
     * text input). From <meta> tags (og:, article:, name=author, dc.*),
     * JSON-LD (datePublished, author.name, publisher.name), <html lang>
     * and <link rel=canonical>; JSON-LD wins over properties, properties
     * over generic names. */
    const char *author;      /* a name, never a profile URL */
    const char *date;        /* publication date, ISO 8601: "2025-09-04",
                                or with the time as the page gave it */
    const char *language;    /* as declared: "en", "de-AT" */
    const char *site_name;   /* og:site_name or the JSON-LD publisher */
    const char *canonical_url; /* <link rel=canonical> (or og:url) */
    /* The clean text as Markdown (headings, list items, tables, code
     * fences), when ss_doc_opts.want_markdown; else NULL. */
    const char *clean_markdown;
    size_t markdown_len;
    /* Why the score: the combiner's terms, in the model file's feature
     * order, and the strongest finding's floor when it set the score
     * (0 when the combiner did). */
    const ss_score_term *terms;
    size_t n_terms;
    double floor;
} ss_result;

/* Per-document options. All fields may be zero. */
typedef struct ss_doc_opts {
    ss_format format;         /* SS_FORMAT_AUTO to sniff */
    const char *charset_hint; /* e.g. from an HTTP Content-Type; NULL if none */
    bool want_clean;          /* compute clean_text (costs a little) */
    bool want_markdown;       /* compute clean_markdown (the same blocks) */
} ss_doc_opts;

/*
 * Score one page. On SS_OK, *out points to the result, owned by ctx (see
 * the lifetime rule at the top). On failure *out is NULL and
 * ss_ctx_error(ctx) says why; ctx stays usable for the next page.
 */
ss_status ss_ctx_score(ss_ctx *ctx,
                       const char *data,
                       size_t len,
                       const ss_doc_opts *opts,
                       const ss_result **out);

/* "ham", "unsure", "spam". */
const char *ss_verdict_name(ss_verdict verdict);

/* ------------------------------------------------------------------ */
/* Labeled corpora (see corpus/README.md for the formats)             */

typedef struct ss_corpus ss_corpus;

/* A labeled span: the exact text of an injected brand, promotional headline
 * or junk widget in the page. */
typedef struct ss_span_label {
    ss_flag_kind kind;
    const char *text;
} ss_span_label;

/* What a labeled document is (ss_corpus_doc.unit). */
typedef enum ss_doc_unit {
    SS_UNIT_PAGE = 0,   /* a page or a text: the default */
    SS_UNIT_LINE        /* one headline-sized line ("unit": "line"): the
                           trainer counts it as one short-block document of
                           its label (the statistics list items and
                           headlines are scored with), never as a page; eval
                           skips it */
} ss_doc_unit;

/* Longest line a "unit": "line" document may be, in bytes. */
#define SS_LINE_DOC_MAX 1024

typedef struct ss_corpus_doc {
    const char *name;   /* file path, or "file:line" for line formats */
    const char *data;   /* the document bytes (page or text) */
    size_t len;
    ss_format format;   /* from the file name (.html/.htm, .txt) or AUTO */
    int label;          /* 1 spam, 0 ham */
    const ss_span_label *spans;
    size_t n_spans;
    /* Injection families of a spam page ("family" of labels.jsonl, e.g.
     * "title-brand"); reports only, the trainer ignores them. */
    const char *const *families;
    size_t n_families;
    /* The page's site ("site" of labels.jsonl), NULL when not given. Pages
     * of one site (an honest page and its injected twin above all) share
     * their text: a trainer that cross-validates should keep them in one
     * fold. */
    const char *site;
    /* Where the document came from, for reports (eval --errors): its URL
     * ("url" of a JSON Lines document, WARC-Target-URI) and its id ("id"
     * of a JSON Lines document, WARC-Record-ID); NULL when not known. */
    const char *url;
    const char *id;
    ss_doc_unit unit;   /* SS_UNIT_PAGE unless the record says "line" */
} ss_corpus_doc;

/*
 * Open a corpus: a directory with a labels.jsonl manifest, a directory with
 * spam/ and ham/ sub-directories (one document per file), or a file of
 * "label<TAB>text" lines (label spam/ham or 1/0), or a JSON Lines file
 * with the documents inline when its name ends in .jsonl or .ndjson
 * (optionally .gz; see ss_corpus_open_jsonl). Documents come out in a
 * deterministic order (sorted paths, file order).
 */
ss_status ss_corpus_open(const char *path,
                         ss_corpus **out,
                         char *err,
                         size_t errlen);

/*
 * Open a JSON Lines corpus with the documents inline (a pipeline's format):
 * one object per line, {"label": "spam"|"ham", "html"|"text": "...",
 * "spans": [{"kind", "text"}...], "id", "url", "site", "family", "unit"}
 * (label and html or text required; "unit": "line" with "text" makes a line
 * document, SS_UNIT_LINE). path "-" reads stdin; gzip input is recognised
 * by its bytes. ss_corpus_open() takes a file this way when its name ends
 * in .jsonl or .ndjson (optionally .gz). A bad line gives SS_ERR_FORMAT
 * with "file:line: message" from ss_corpus_next().
 */
ss_status ss_corpus_open_jsonl(const char *path,
                               ss_corpus **out,
                               char *err,
                               size_t errlen);

/* Does path name a JSON Lines corpus by its suffix (.jsonl, .ndjson, with
 * or without .gz)? */
bool ss_corpus_is_jsonl_name(const char *path);

/*
 * Read the next document into *doc (valid until the next call or free).
 * At the end: SS_OK and *doc == NULL. A bad entry gives SS_ERR_FORMAT or
 * SS_ERR_IO with a message naming it; the caller may go on calling.
 */
ss_status ss_corpus_next(ss_corpus *corpus,
                         const ss_corpus_doc **doc,
                         char *err,
                         size_t errlen);

/* Free a corpus. ss_corpus_free(NULL) is a no-op. */
void ss_corpus_free(ss_corpus *corpus);

/* ------------------------------------------------------------------ */
/* Training                                                           */

typedef struct ss_trainer ss_trainer;

/*
 * Create a trainer. rules (may be NULL) are used to compute the heuristic
 * features the combiner is calibrated on.
 */
ss_status ss_trainer_create(const ss_config *cfg,
                            const ss_rules *rules,
                            ss_trainer **out);

/* What the trainer keeps and writes (all fields may be left at their
 * defaults: ss_train_opts_default). */
typedef struct ss_train_opts {
    /* Drop tokens seen in fewer than this many documents and blocks (spam +
     * ham + block counts) when writing; 0 or 1 keeps every token. */
    uint32_t min_count;
    /* Keep at most this many tokens when writing: the most informative
     * (largest |f(w) - 0.5| by Robinson's estimate, then the most seen);
     * 0: no limit. */
    uint64_t max_tokens;
    /* Write a file of at most this many bytes (as written: compressed for
     * a ".gz" path): the most informative tokens (the max_tokens ranking)
     * are kept, as many as fit (one more would not), found by a search
     * over the count that writes each candidate to memory for real;
     * a budget below the model with no tokens is refused (SS_ERR_LIMIT,
     * nothing written). 0: no limit. Also honoured by
     * ss_model_merge_opts(). */
    uint64_t max_file_bytes;
    /* Write no token strings (hashes and counts only): a smaller file;
     * "model dump" then prints hashes. Scoring is unchanged. */
    bool hash_only;
    /* Documents kept for calibration (their token hashes, for K-fold
     * cross-validation). Past this, a deterministic sample is kept: every
     * 2nd, then every 4th ... document of the run (see train.c), so memory
     * stays bounded on any corpus. 0 is refused by ss_trainer_set_opts. */
    uint64_t max_calib_docs;
    /* Bound the token count table while learning: when it holds this many
     * tokens, those seen in the fewest documents and blocks are dropped
     * (seen once, then twice ... until at most half of it is left), so
     * memory stays bounded on any corpus. Lossy: a dropped token seen
     * again starts from zero (the model is still the same for the same
     * input, whatever -j). 0: no bound (the default). */
    uint64_t max_table_tokens;
    /* Boosted trees per span kind on top of its fitted weights (span.h,
     * spanfit.h): 0 (the default) fits the weights alone; at most 128.
     * Trees learn combinations of shapes the weights cannot, on pages like
     * the training pages; on pages of other sites and years they flag
     * more honest names (README, "Retraining"). */
    uint32_t span_trees;
    /* ss_model_merge_opts() only: the models after the first are spam
     * families of their own. Each one's counts are scaled to the first
     * model's document and block totals, and each count is the larger of
     * the two, so a token's frequency in spam (and in ham) is the higher
     * of the models'; the first model's totals, cut-offs and combiner are
     * kept (as keep_first_combiner). The first model's frequencies, which
     * its combiner was fitted on, are not diluted by a large family
     * model's documents. Counts are then no longer document counts: do not
     * merge shards this way. */
    bool merge_family;
} ss_train_opts;

#define SS_TRAIN_DEFAULT_CALIB_DOCS 20000u

/* Fill *o with the defaults: keep every token, token strings, and
 * SS_TRAIN_DEFAULT_CALIB_DOCS calibration documents. */
void ss_train_opts_default(ss_train_opts *o);

/* Set the trainer's options (before adding documents). SS_ERR_ARG for a
 * zero max_calib_docs or more than 128 span_trees. */
ss_status ss_trainer_set_opts(ss_trainer *tr, const ss_train_opts *o);

/* Start from the counts and weights of an existing model (--add, --unlearn). */
ss_status ss_trainer_load(ss_trainer *tr,
                          const char *model_path,
                          char *err,
                          size_t errlen);

/* Learn one labeled document, or take it back out when unlearn is true. */
ss_status ss_trainer_add(ss_trainer *tr,
                         const ss_corpus_doc *doc,
                         bool unlearn,
                         char *err,
                         size_t errlen);

/*
 * Learning in parallel. ss_trainer_add() is two steps, which a caller may
 * run apart: preparing a document (parsing, heuristics, tokenizing: most of
 * the work) and committing it (moving the counts). Preps made from one
 * trainer may prepare documents on different threads at once; commits are
 * made on one thread at a time, and a model is the same, byte for byte,
 * whatever the threads when the documents are committed in the corpus
 * order. Each prep has its own context (as an ss_ctx): make as many as
 * documents in flight, and free them before the trainer.
 */
typedef struct ss_train_prep ss_train_prep;

/* Make a prep for documents of tr (tr must outlive it). */
ss_status ss_train_prep_create(const ss_trainer *tr,
                               ss_train_prep **out);

/* Prepare doc (thread-safe across preps of one trainer). The result lives
 * in p until its next document; a message in err on failure. */
ss_status ss_train_prep_doc(ss_train_prep *p,
                            const ss_corpus_doc *doc,
                            char *err,
                            size_t errlen);

/* Learn (or unlearn) the document p holds; doc must be the one it was
 * prepared from, still valid. Same contract as ss_trainer_add(), which is
 * ss_train_prep_doc() and ss_trainer_commit() in one; SS_ERR_ARG when p
 * holds no prepared document (each prepared document commits once). */
ss_status ss_trainer_commit(ss_trainer *tr,
                            ss_train_prep *p,
                            const ss_corpus_doc *doc,
                            bool unlearn,
                            char *err,
                            size_t errlen);

/* Free a prep. ss_train_prep_free(NULL) is a no-op. */
void ss_train_prep_free(ss_train_prep *p);

/* Number of spam and ham documents currently in the trainer. */
void ss_trainer_counts(const ss_trainer *tr,
                       uint64_t *n_spam,
                       uint64_t *n_ham);

/*
 * Write the model to path (atomically: temp file + rename). When calibrate
 * is true and the trainer saw documents in this run, the combination weights
 * and cut-offs are fitted on them (cross-validated naive-Bayes evidence);
 * otherwise the loaded model's weights (or the defaults) are kept.
 * Same input, same output: the file is byte-identical across runs.
 */
ss_status ss_trainer_write(ss_trainer *tr,
                           const char *path,
                           bool calibrate,
                           char *err,
                           size_t errlen);

/* Free a trainer. ss_trainer_free(NULL) is a no-op. */
void ss_trainer_free(ss_trainer *tr);

/* Progress of a long phase: stage ("calibrate", "write"), done of total
 * steps. Called from the thread that called the trainer. */
typedef void (*ss_progress_fn)(void *userdata,
                               const char *stage,
                               uint64_t done,
                               uint64_t total);

/* Report progress of ss_trainer_write() (calibration folds) to fn. fn may
 * be NULL (no reports). Note: ss_trainer_add() returns SS_OK but writes a
 * warning into err when an unlearned document's counts were already zero
 * (they are clamped at zero, never negative). */
void ss_trainer_set_progress(ss_trainer *tr,
                             ss_progress_fn fn,
                             void *userdata);

/*
 * Merge models trained on separate shards into out_path: token counts and
 * document counts add up; combination weights are averaged, weighted by
 * each model's document count.
 */
ss_status ss_model_merge(const char *const *paths,
                         size_t n_paths,
                         const char *out_path,
                         char *err,
                         size_t errlen);

/*
 * ss_model_merge(), except that with keep_first_combiner the combination
 * weights and cut-offs are those of paths[0] alone (a model without a
 * combiner there: the defaults): for adding the counts of a model trained
 * on another corpus (a new spam family) to a calibrated model without
 * moving its calibration.
 */
ss_status ss_model_merge_keep(const char *const *paths,
                              size_t n_paths,
                              const char *out_path,
                              bool keep_first_combiner,
                              char *err,
                              size_t errlen);

/*
 * ss_model_merge_keep(), then the pruning options of o (min_count,
 * max_tokens, hash_only, max_file_bytes) applied to the merged tokens as
 * ss_trainer_write() applies them, and with o->merge_family the models
 * after the first merged as spam families (see ss_train_opts); the other
 * fields are ignored. o may be NULL (keep every token).
 */
ss_status ss_model_merge_opts(const char *const *paths,
                              size_t n_paths,
                              const char *out_path,
                              bool keep_first_combiner,
                              const ss_train_opts *o,
                              char *err,
                              size_t errlen);

/* Receives one line of text (no newline) per call; non-zero stops. */
typedef int (*ss_emit_fn)(void *userdata, const char *line, size_t len);

/*
 * Describe a model as text: a header block ("# key value" lines: version,
 * documents, weights, cut-offs), then one "token<TAB>spam<TAB>ham" line per
 * token in byte order of the token.
 */
ss_status ss_model_dump(const ss_model *model,
                        ss_emit_fn emit,
                        void *userdata);

#ifdef __cplusplus
}
#endif

#endif /* SPAMSCORE_H */
