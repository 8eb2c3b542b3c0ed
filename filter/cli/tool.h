/*
 * tool.h - internals of the spamscore command (not part of the library).
 *
 * The command reads documents from sources (files and directories, stdin,
 * JSON Lines streams, WARC/WET files), scores them on worker threads with
 * the public libspamscore API and writes one record per document, in input
 * order. A source turns its input into tool_doc records one at a time, so
 * memory stays bounded on endless streams.
 */
#ifndef SS_TOOL_H
#define SS_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "spamscore.h"

/*
 * One document to score, or one error record to print in its place.
 * All strings are malloc'ed and owned by the doc (tool_doc_clear frees them).
 */
typedef struct tool_doc {
    char *input;        /* what the record names: path, "-", "file:line",
                           or the WARC file name */
    char *id_json;      /* JSONL: the raw JSON text of "id" (any type), or NULL */
    char *url;          /* JSONL "url" / WARC-Target-URI, or NULL */
    char *record_id;    /* WARC-Record-ID, or NULL */
    char *extra_json;   /* JSONL: the input object re-serialised (compact) for
                           --keep pass-through, or NULL */
    char *data;         /* the page bytes (not NUL-terminated necessarily) */
    size_t len;
    ss_format format;   /* HTML, TEXT or AUTO */
    char *charset_hint; /* from HTTP Content-Type, or NULL */
    char *error;        /* set: this input failed before scoring; print an
                           error record with this message, do not score */
    bool skipped;       /* with error: a record deliberately not scored (a
                           WARC response that is not an HTML page); counted
                           as skipped, not as a failure */
    /* Deferred work: when load is set, the document is not read (or not
     * decoded) yet; tool_doc_load() does it on the thread that scores it,
     * so that reading and decoding run in parallel and the source's own
     * thread only splits its input. */
    void (*load)(struct tool_doc *doc);
    size_t max_bytes;   /* (load) the document size cap */
    char *raw;          /* (load) the undecoded input, e.g. a JSONL line:
                           owned, or shared when hold is set */
    size_t raw_len;
    void *hold;         /* (load) set: raw points into memory that other
                           docs share (a JSONL read block), kept alive by
                           one reference that unhold(hold) gives back; raw
                           is then read only, and not freed */
    void (*unhold)(void *hold);
    unsigned long long lineno; /* (load) the line number of raw */
    bool drop_line;     /* (load) JSONL: leave extra_json NULL */
} tool_doc;

/* Run a document's deferred load (fills data/len, or sets error as the
 * source would have); nothing when there is none. */
void tool_doc_load(tool_doc *doc);

/* Free everything a doc owns and zero it. */
void tool_doc_clear(tool_doc *doc);

/* Free doc->raw, or give back its hold on shared memory; both NULL after. */
void tool_doc_drop_raw(tool_doc *doc);

typedef struct tool_source tool_source;

/* Result of tool_source_next(). */
typedef enum tool_next {
    TOOL_NEXT_DOC = 0, /* *doc holds a document (or an error record) */
    TOOL_NEXT_END      /* the source is exhausted */
} tool_next;

struct tool_source {
    /* Produce the next document. Errors of one input come back as a doc with
     * error set; the source goes on with the next input after that. */
    tool_next (*next)(tool_source *src, tool_doc *doc);
    void (*free)(tool_source *src);
};

/* Caps shared by the sources. */
typedef struct tool_limits {
    size_t max_doc_bytes;  /* a document larger than this is an error record */
    size_t max_line_bytes; /* JSONL line cap */
    bool drop_lines;       /* JSONL: do not keep each line as the doc's
                              extra_json (only --keep/--drop pass-through
                              reads it); saves a page-sized copy per
                              document in flight */
} tool_limits;

/* Files, directories (recursive, sorted) and "-" (stdin); .gz transparent. */
tool_source *tool_source_files(char *const *paths, size_t n,
                               const tool_limits *lim);

/* JSON Lines from the given files ("-" for stdin), one document per line:
 * {"id": ..., "url": ..., "html": "..."} or "text" instead of "html". */
tool_source *tool_source_jsonl(char *const *paths, size_t n,
                               const tool_limits *lim);

/* WARC / WET files (.warc, .warc.gz with one gzip member per record). */
tool_source *tool_source_warc(char *const *paths, size_t n,
                              const tool_limits *lim);

/* printf into a new malloc'ed string; NULL on allocation failure. */
char *tool_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* malloc'ed copy of s[0..len) plus a NUL; NULL on allocation failure. */
char *tool_strndup(const char *s, size_t len);

/* Minimal JSON string writer: appends s[0..len) quoted and escaped to f.
 * Invalid UTF-8 bytes are written as U+FFFD. */
void tool_json_string(FILE *f, const char *s, size_t len);

#endif /* SS_TOOL_H */
