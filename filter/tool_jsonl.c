/*
 * tool_jsonl.c - the JSON Lines source of the spamscore command.
 *
 * Reads one document per line from files or stdin ("-"), plain or gzip
 * (zlib's gzFile reads both transparently):
 *
 *   {"id": ..., "url": "...", "html": "..."}   or "text" instead of "html"
 *
 * Every input line yields exactly one tool_doc, so the command can write one
 * output line per input line, in order. A line that is blank, is not valid
 * JSON, is not an object, lacks "html"/"text", has a non-string "html"/"text",
 * or is longer than the line cap becomes a doc with error set
 * ("line 17: invalid JSON: ..."); the stream goes on. A file that cannot be
 * opened or read yields one error doc and the source goes on with the next
 * file.
 *
 * Memory: the reader keeps one bounded line buffer (grown up to the line cap);
 * a longer line is skipped without being buffered. Nothing is kept between
 * lines except that buffer, so an endless stdin stream runs in constant memory.
 *
 * What a doc carries: input = "FILE:LINE" (stdin is "-"), id_json = the raw
 * JSON text of "id" (any type, compact), url = "url" when it is a string,
 * extra_json = the input line itself (trimmed of surrounding blanks): a valid,
 * single-line JSON object, which the command may parse again for --keep
 * pass-through. Using the line as is keeps the user's bytes (key order, number
 * spelling) and costs a memcpy instead of a re-serialisation.
 * If "html" is present it wins over "text".
 */
#include "tool.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Defaults when the caller passes no limits (or zero fields). */
#define JSONL_DEFAULT_LINE_CAP ((size_t)64 * 1024 * 1024)
#define JSONL_DEFAULT_DOC_CAP ((size_t)32 * 1024 * 1024)
#define JSONL_READ_CHUNK ((size_t)128 * 1024)
#define JSONL_ERR_MAX 512

typedef struct jsonl_source {
    tool_source base;     /* must be first: the command sees a tool_source */
    char *const *paths;   /* borrowed: must outlive the source */
    size_t n_paths;
    size_t next_path;     /* index of the next file to open */
    size_t line_cap;
    size_t doc_cap;

    gzFile gz;            /* current file, or NULL between files */
    const char *name;     /* its name as given ("-" for stdin) */
    unsigned long long lineno; /* number of the last line returned */
    bool eof;             /* gzread reported end of file */
    bool failed;          /* a read error was reported: close the file */

    char *buf;            /* line buffer: bytes [start, end) are unread */
    size_t cap;
    size_t start;
    size_t end;
} jsonl_source;

/* Result of read_line(). */
typedef enum line_status {
    LINE_OK = 0,   /* a line (possibly empty) */
    LINE_TOO_LONG, /* a line over the cap was skipped */
    LINE_EOF,      /* no more lines in this file */
    LINE_ERROR     /* read error (message in the source's gz) */
} line_status;

/* malloc'ed printf; NULL on allocation failure. */
static char *
str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
str_printf(const char *fmt, ...)
{
    char tmp[JSONL_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    return strdup(tmp);
}

/* malloc'ed copy of s[0..len) with a NUL after it; NULL on failure. */
static char *
str_ndup(const char *s,
         size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/*
 * Fill the buffer: compact the unread bytes to the front and read more.
 * Returns 1 if bytes were added, 0 at end of file, -1 on a read error.
 * The buffer grows up to line_cap + one chunk; callers never ask for more.
 */
static int
fill(jsonl_source *s)
{
    if (s->eof)
        return 0;
    if (s->start > 0) {
        memmove(s->buf, s->buf + s->start, s->end - s->start);
        s->end -= s->start;
        s->start = 0;
    }
    if (s->cap - s->end < JSONL_READ_CHUNK) {
        size_t want = s->cap ? s->cap * 2 : JSONL_READ_CHUNK * 2;
        size_t limit = s->line_cap + JSONL_READ_CHUNK * 2;
        if (want > limit)
            want = limit;
        if (want > s->cap) {
            char *nb = realloc(s->buf, want);
            if (!nb)
                return -1;
            s->buf = nb;
            s->cap = want;
        }
    }
    size_t room = s->cap - s->end;
    if (room > JSONL_READ_CHUNK * 8)
        room = JSONL_READ_CHUNK * 8; /* gzread takes an unsigned */
    int got = gzread(s->gz, s->buf + s->end, (unsigned)room);
    if (got < 0)
        return -1;
    if (got == 0) {
        int zerr = 0;
        (void)gzerror(s->gz, &zerr);
        if (zerr != Z_OK && zerr != Z_STREAM_END)
            return -1;
        s->eof = true;
        return 0;
    }
    s->end += (size_t)got;
    return 1;
}

/*
 * Read the next line of the current file into *line / *len (without the
 * newline and a trailing CR). The pointer is valid until the next call.
 * A line longer than line_cap is consumed without buffering and reported
 * as LINE_TOO_LONG. A last line without a newline is still a line.
 */
static line_status
read_line(jsonl_source *s,
          const char **line,
          size_t *len)
{
    bool skipping = false;
    size_t scan = s->start; /* bytes before scan hold no newline */
    for (;;) {
        char *nl = NULL;
        if (s->end > scan)
            nl = memchr(s->buf + scan, '\n', s->end - scan);
        if (nl) {
            size_t pos = (size_t)(nl - s->buf);
            if (skipping) {
                s->start = pos + 1;
                return LINE_TOO_LONG;
            }
            size_t l = pos - s->start;
            if (l > s->line_cap) {
                s->start = pos + 1;
                return LINE_TOO_LONG;
            }
            *line = s->buf + s->start;
            if (l > 0 && (*line)[l - 1] == '\r')
                l--;
            *len = l;
            s->start = pos + 1;
            return LINE_OK;
        }
        /* No newline in the unread bytes. */
        if (s->end - s->start > s->line_cap) {
            skipping = true; /* drop what we have, keep looking for '\n' */
            s->start = s->end = 0;
        }
        size_t had = s->end - s->start;
        int r = fill(s);
        if (r < 0)
            return LINE_ERROR;
        if (r == 0) {
            if (skipping) {
                s->start = s->end = 0;
                return LINE_TOO_LONG;
            }
            if (s->end == s->start)
                return LINE_EOF;
            size_t l = s->end - s->start;
            *line = s->buf + s->start;
            if ((*line)[l - 1] == '\r')
                l--;
            *len = l;
            s->start = s->end;
            return LINE_OK;
        }
        scan = s->start + had; /* fill() moved the unread bytes to 0 */
    }
}

/* Close the current file, if any. */
static void
close_file(jsonl_source *s)
{
    if (s->gz)
        gzclose(s->gz);
    s->gz = NULL;
    s->start = s->end = 0;
    s->eof = false;
    s->failed = false;
}

/*
 * Open the next path into s->gz. Returns 0 on success, 1 when there are no
 * more paths, -1 when the file could not be opened (doc holds the error).
 */
static int
open_next(jsonl_source *s,
          tool_doc *doc)
{
    if (s->next_path >= s->n_paths)
        return 1;
    s->name = s->paths[s->next_path++];
    s->lineno = 0;
    if (strcmp(s->name, "-") == 0) {
        int fd = dup(STDIN_FILENO);
        s->gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!s->gz && fd >= 0)
            close(fd);
    } else {
        s->gz = gzopen(s->name, "rb");
    }
    if (!s->gz) {
        int e = errno ? errno : ENOMEM;
        doc->input = strdup(s->name);
        doc->error = str_printf("cannot open: %s", strerror(e));
        return -1;
    }
    gzbuffer(s->gz, 256 * 1024);
    return 0;
}

/* Set doc->input to "NAME:LINE"; returns false on allocation failure. */
static bool
set_input(const jsonl_source *s,
          tool_doc *doc)
{
    doc->input = str_printf("%s:%llu", s->name, s->lineno);
    return doc->input != NULL;
}

/* Trim ASCII blanks (space, tab, CR) from both ends of line[0..*len). */
static const char *
trim(const char *line,
     size_t *len)
{
    size_t a = 0, b = *len;
    while (a < b && (line[a] == ' ' || line[a] == '\t' || line[a] == '\r'))
        a++;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t' ||
                     line[b - 1] == '\r'))
        b--;
    *len = b - a;
    return line + a;
}

/*
 * Turn one line into a doc (a document or an error record). Never fails
 * except on allocation failure, which is also reported as an error record
 * when possible.
 */
static void
parse_line(jsonl_source *s,
           const char *line,
           size_t len,
           tool_doc *doc)
{
    json_error_t jerr;
    json_t *root = NULL;

    if (!set_input(s, doc))
        return;
    line = trim(line, &len);
    if (len == 0) {
        doc->error = str_printf("line %llu: empty line", s->lineno);
        return;
    }
    root = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        doc->error = str_printf("line %llu: invalid JSON: %s (column %d)",
                                s->lineno, jerr.text, jerr.column);
        return;
    }
    if (!json_is_object(root)) {
        doc->error = str_printf("line %llu: not a JSON object", s->lineno);
        goto done;
    }

    json_t *id = json_object_get(root, "id");
    if (id) {
        doc->id_json = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
        if (!doc->id_json)
            goto nomem;
    }
    json_t *url = json_object_get(root, "url");
    if (url && json_is_string(url)) {
        doc->url = str_ndup(json_string_value(url), json_string_length(url));
        if (!doc->url)
            goto nomem;
    }

    const char *field = "html";
    json_t *body = json_object_get(root, "html");
    doc->format = SS_FORMAT_HTML;
    if (!body) {
        field = "text";
        body = json_object_get(root, "text");
        doc->format = SS_FORMAT_TEXT;
    }
    if (!body) {
        doc->error = str_printf("line %llu: no \"html\" or \"text\" field",
                                s->lineno);
        goto done;
    }
    if (!json_is_string(body)) {
        doc->error = str_printf("line %llu: \"%s\" is not a string",
                                s->lineno, field);
        goto done;
    }
    size_t blen = json_string_length(body);
    if (blen > s->doc_cap) {
        doc->error = str_printf("line %llu: document of %zu bytes exceeds "
                                "the limit of %zu bytes",
                                s->lineno, blen, s->doc_cap);
        goto done;
    }
    doc->data = str_ndup(json_string_value(body), blen);
    doc->extra_json = str_ndup(line, len);
    if (!doc->data || !doc->extra_json)
        goto nomem;
    doc->len = blen;
    goto done;

nomem:
    free(doc->data);
    doc->data = NULL;
    doc->len = 0;
    doc->error = str_printf("line %llu: out of memory", s->lineno);
done:
    json_decref(root);
}

/* tool_source.next for JSON Lines. */
static tool_next
jsonl_next(tool_source *src,
           tool_doc *doc)
{
    jsonl_source *s = (jsonl_source *)src;
    memset(doc, 0, sizeof *doc);
    for (;;) {
        if (!s->gz) {
            int r = open_next(s, doc);
            if (r == 1)
                return TOOL_NEXT_END;
            if (r < 0)
                return TOOL_NEXT_DOC; /* the open error */
        }
        if (s->failed) {
            close_file(s);
            continue;
        }
        const char *line = NULL;
        size_t len = 0;
        line_status st = read_line(s, &line, &len);
        switch (st) {
        case LINE_OK:
            s->lineno++;
            parse_line(s, line, len, doc);
            return TOOL_NEXT_DOC;
        case LINE_TOO_LONG:
            s->lineno++;
            if (set_input(s, doc))
                doc->error = str_printf("line %llu: line longer than the "
                                        "limit of %zu bytes",
                                        s->lineno, s->line_cap);
            return TOOL_NEXT_DOC;
        case LINE_EOF:
            close_file(s);
            continue;
        case LINE_ERROR: {
            int zerr = 0;
            const char *msg = gzerror(s->gz, &zerr);
            if (zerr == Z_ERRNO)
                msg = strerror(errno);
            doc->input = str_printf("%s:%llu", s->name, s->lineno + 1);
            doc->error = str_printf("line %llu: read error: %s",
                                    s->lineno + 1,
                                    msg && *msg ? msg : "unknown");
            s->failed = true; /* close it on the next call */
            return TOOL_NEXT_DOC;
        }
        }
    }
}

/* tool_source.free for JSON Lines. */
static void
jsonl_free(tool_source *src)
{
    jsonl_source *s = (jsonl_source *)src;
    if (!s)
        return;
    close_file(s);
    free(s->buf);
    free(s);
}

tool_source *
tool_source_jsonl(char *const *paths,
                  size_t n,
                  const tool_limits *lim)
{
    jsonl_source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->base.next = jsonl_next;
    s->base.free = jsonl_free;
    s->paths = paths;
    s->n_paths = n;
    s->line_cap = lim && lim->max_line_bytes ? lim->max_line_bytes
                                             : JSONL_DEFAULT_LINE_CAP;
    s->doc_cap = lim && lim->max_doc_bytes ? lim->max_doc_bytes
                                           : JSONL_DEFAULT_DOC_CAP;
    return &s->base;
}
