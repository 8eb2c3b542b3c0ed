/*
 * tool_jsonl.c - the JSON Lines source of the spamscore command.
 *
 * Reads one document per line from files or stdin ("-"), plain or gzip
 * (sniffed from the first bytes; gzip, single or multi-member, is inflated
 * with zlib as it arrives). Input is read with read(2), which returns what
 * a pipe has, so a line is handed on as soon as it is complete rather than
 * when a buffer fills:
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
 * a longer line is skipped without being buffered. A line is handed on as a
 * pointer into the buffer's block (jsonl_block), which the docs in flight
 * share until their lines are decoded: the reader then reads on into a new
 * block, so no line is copied under the command's source lock, and what is
 * kept is the lines of the documents in flight plus one buffer, which the
 * command's window bounds on an endless stdin stream.
 *
 * Parsing: a line is parsed by a strict RFC 8259 scanner written for this
 * shape (tool_jsonscan.c: an object whose members are scanned and
 * validated, UTF-8 checked, escapes and surrogate pairs decoded, nesting
 * capped), which decodes the
 * large "html" string into a buffer of its own while it validates it, 16
 * bytes at a time, instead of jansson's per-byte stream (jansson parsed
 * these lines at about 20-50 MB/s, a quarter of the --jsonl run time); the
 * line itself is left intact for jansson and --keep. A line of 256 KB or
 * more is scanned first and then decoded over itself, so that a big page
 * is not in memory twice. Whenever the scanner
 * rejects a line, or meets nesting
 * deeper than its cap, the line goes to jansson, which then decides: its
 * message is the error record, or its result is used. The scanner is fuzzed
 * against jansson (tests/fuzz/fuzz_jsonl.c) for agreement on every input.
 *
 * What a doc carries: input = "FILE:LINE" (stdin is "-"), id_json = the raw
 * JSON text of "id" (any type; as written on the fast path, compact when it
 * came through jansson), url = "url" when it is a string,
 * extra_json = the input line itself (trimmed of surrounding blanks): a valid,
 * single-line JSON object, which the command may parse again for --keep
 * pass-through. Using the line as is keeps the user's bytes (key order, number
 * spelling) and costs a memcpy instead of a re-serialisation.
 * If "html" is present it wins over "text". A UTF-8 byte order mark at the
 * start of a file is ignored.
 */
#include "tool.h"
#include "tool_jsonscan.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Defaults when the caller passes no limits (or zero fields). */
#define JSONL_DEFAULT_LINE_CAP ((size_t)64 * 1024 * 1024)
#define JSONL_DEFAULT_DOC_CAP ((size_t)32 * 1024 * 1024)
/* Buffer sizes; the fuzz target compiles the source with smaller ones. */
#ifndef JSONL_READ_CHUNK
#define JSONL_READ_CHUNK ((size_t)128 * 1024)
#endif
#ifndef JSONL_GZBUF
#define JSONL_GZBUF (256u * 1024)
#endif
#define JSONL_ERR_MAX 512
/* Lines shorter than this are decoded during the scan (parse_line). */
#ifndef JSONL_FUSE_MAX
#define JSONL_FUSE_MAX ((size_t)256 * 1024)
#endif
/* A line at least this long takes the line buffer instead of a copy. */
#ifndef JSONL_HANDOVER
#define JSONL_HANDOVER (JSONL_READ_CHUNK * 4)
#endif

/*
 * A read block: the memory of the line buffer, shared by the reader (while
 * it is the buffer it reads into) and by each doc whose line lies in it (one
 * reference each, tool_doc.hold), and freed by whoever lets go last. A line
 * is handed to its doc as a pointer into the block, so that the reader,
 * which runs under the command's source lock, copies no line: the doc
 * decodes it on its scoring thread. The reader writes into a block only
 * past its unread bytes while docs share it; to compact, grow or reuse the
 * buffer it moves the unread bytes (the start of one line) to a block of
 * its own instead.
 */
typedef struct jsonl_block {
    atomic_size_t refs;
    char *data;
} jsonl_block;

typedef struct jsonl_source {
    tool_source base;     /* must be first: the command sees a tool_source */
    char *const *paths;   /* borrowed: must outlive the source */
    size_t n_paths;
    size_t next_path;     /* index of the next file to open */
    size_t line_cap;
    size_t doc_cap;
    bool drop_lines;      /* tool_limits.drop_lines */

    int fd;               /* current file, or -1 between files */
    const char *name;     /* its name as given ("-" for stdin) */
    unsigned long long lineno; /* number of the last line returned */
    bool eof;             /* the input (or the last gzip member) ended */
    bool failed;          /* a read error was reported: close the file */
    const char *err;      /* the read error, for the record */
    char errbuf[128];

    bool gzip;            /* the file is gzip: z inflates zin into buf */
    bool z_ready;         /* inflateInit2 was called */
    bool z_between;       /* a member ended: more input may start another */
    z_stream z;
    unsigned char *zin;   /* compressed input, JSONL_GZBUF bytes */
    size_t zin_len;       /* (bytes at the start read while sniffing) */

    jsonl_block *blk;     /* the line buffer's block (buf is its data) */
    char *buf;            /* line buffer: bytes [start, end) are unread */
    size_t cap;
    size_t start;
    size_t end;
} jsonl_source;

/* What decoding one line needs: its number (for messages) and the
 * document size cap. */
typedef struct line_job {
    unsigned long long lineno;
    size_t doc_cap;
    bool drop_line; /* leave extra_json NULL */
} line_job;

/* Result of read_line(). */
typedef enum line_status {
    LINE_OK = 0,   /* a line (possibly empty) */
    LINE_TOO_LONG, /* a line over the cap was skipped */
    LINE_EOF,      /* no more lines in this file */
    LINE_ERROR     /* read error (message in the source's err) */
} line_status;

/* A new block of cap bytes, the caller's reference on it; NULL when out
 * of memory. */
static jsonl_block *
block_new(size_t cap)
{
    jsonl_block *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    b->data = malloc(cap ? cap : 1);
    if (!b->data) {
        free(b);
        return NULL;
    }
    atomic_init(&b->refs, 1);
    return b;
}

/* Let go of one reference on a block (tool_doc.unhold for a line in it). */
static void
block_unhold(void *hold)
{
    jsonl_block *b = hold;
    if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1) {
        free(b->data);
        free(b);
    }
}

/* Do docs share the line buffer? Then its bytes up to end stay as they are
 * (the acquire pairs with block_unhold: a doc's last read of its line comes
 * before the reader writes over it). */
static bool
shared(const jsonl_source *s)
{
    return s->blk && atomic_load_explicit(&s->blk->refs, memory_order_acquire) > 1;
}

/* Leave the line buffer to the docs that share it; the reader starts the
 * next one from nothing. */
static void
let_go(jsonl_source *s)
{
    if (s->blk)
        block_unhold(s->blk);
    s->blk = NULL;
    s->buf = NULL;
    s->cap = 0;
}

/* Make the line buffer want bytes (the reader's alone: not shared);
 * false when out of memory, the buffer as it was. */
static bool
resize(jsonl_source *s,
       size_t want)
{
    if (!s->blk) {
        jsonl_block *b = block_new(want);
        if (!b)
            return false;
        s->blk = b;
    } else {
        char *nb = realloc(s->blk->data, want);
        if (!nb)
            return false;
        s->blk->data = nb;
    }
    s->buf = s->blk->data;
    s->cap = want;
    return true;
}

/* The unread bytes to a new block of the same size, leaving the shared
 * one to its docs; false when out of memory. */
static bool
detach(jsonl_source *s)
{
    size_t tail = s->end - s->start;
    jsonl_block *b = block_new(s->cap);
    if (!b)
        return false;
    memcpy(b->data, s->buf + s->start, tail);
    block_unhold(s->blk);
    s->blk = b;
    s->buf = b->data;
    s->start = 0;
    s->end = tail;
    return true;
}

/* read(2) up to room bytes, retrying on EINTR; *got 0 at end of file.
 * Returns 0, or -1 with s->err set. */
static int
read_some(jsonl_source *s,
          char *out,
          size_t room,
          size_t *got)
{
    for (;;) {
        ssize_t n = read(s->fd, out, room);
        if (n >= 0) {
            *got = (size_t)n;
            return 0;
        }
        if (errno != EINTR) {
            snprintf(s->errbuf, sizeof s->errbuf, "%s", strerror(errno));
            s->err = s->errbuf;
            return -1;
        }
    }
}

/* Inflate gzip input into out (at most room bytes, at least one unless the
 * input ended); members follow one another, bytes after the last member
 * that do not start another are ignored (as gzip(1) does). Returns 0 or -1
 * with s->err set (a truncated or corrupt stream). */
static int
inflate_some(jsonl_source *s,
             char *out,
             size_t room,
             size_t *got)
{
    *got = 0;
    s->z.next_out = (unsigned char *)out;
    s->z.avail_out = (uInt)room;
    for (;;) {
        if (s->z.avail_in == 0) {
            size_t n = 0;
            if (read_some(s, (char *)s->zin, JSONL_GZBUF, &n) < 0)
                return -1;
            if (n == 0) {
                if (s->z_between)
                    return 0; /* clean end after a whole member */
                s->err = "unexpected end of gzip data (truncated file)";
                return -1;
            }
            s->z.next_in = s->zin;
            s->z.avail_in = (uInt)n;
        }
        if (s->z_between) {
            /* Another member, or trailing bytes that are not one. */
            if (s->z.next_in[0] != 0x1f || (s->z.avail_in > 1 && s->z.next_in[1] != 0x8b)) {
                s->z.avail_in = 0;
                return 0;
            }
            s->z_between = false;
            if (inflateReset(&s->z) != Z_OK) {
                s->err = "gzip: cannot restart";
                return -1;
            }
        }
        int zr = inflate(&s->z, Z_NO_FLUSH);
        *got = room - s->z.avail_out;
        if (zr == Z_STREAM_END) {
            s->z_between = true;
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            snprintf(s->errbuf, sizeof s->errbuf, "invalid gzip data: %s",
                     s->z.msg ? s->z.msg : "corrupt stream");
            s->err = s->errbuf;
            return -1;
        }
        if (*got > 0)
            return 0;
    }
}

/*
 * Fill the buffer: read more after the unread bytes (compacting them to the
 * front when the tail is short of room). Returns 1 if bytes were added, 0 at
 * end of file, -1 on a read error. The buffer grows up to line_cap + two
 * chunks; callers never ask for more.
 */
static int
fill(jsonl_source *s)
{
    if (s->eof)
        return 0;
    if (s->cap - s->end < JSONL_READ_CHUNK && shared(s) && !detach(s))
        return -1;
    /* Compact only when the tail has no room left, so a long line is moved
     * once per buffer's worth of input, not once per read. */
    if (s->cap - s->end < JSONL_READ_CHUNK && s->start > 0) {
        memmove(s->buf, s->buf + s->start, s->end - s->start);
        s->end -= s->start;
        s->start = 0;
    }
    if (s->cap - s->end < JSONL_READ_CHUNK) {
        size_t want = s->cap ? s->cap * 2 : JSONL_READ_CHUNK * 8;
        size_t limit = s->line_cap + JSONL_READ_CHUNK * 2;
        if (want > limit)
            want = limit;
        if (want > s->cap && !resize(s, want))
            return -1;
    }
    size_t room = s->cap - s->end;
    if (room > JSONL_READ_CHUNK * 8)
        room = JSONL_READ_CHUNK * 8;
    size_t got = 0;
    int r = s->gzip ? inflate_some(s, s->buf + s->end, room, &got)
                    : read_some(s, s->buf + s->end, room, &got);
    if (r < 0)
        return -1;
    if (got == 0) {
        s->eof = true;
        return 0;
    }
    s->end += got;
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
            if (shared(s))
                let_go(s);
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
        scan = s->start + had; /* fill() may have moved the unread bytes */
    }
}

/* Close the current file, if any. */
static void
close_file(jsonl_source *s)
{
    if (s->fd >= 0 && strcmp(s->name, "-") != 0)
        close(s->fd);
    s->fd = -1;
    if (s->z_ready)
        inflateEnd(&s->z);
    s->z_ready = false;
    s->gzip = false;
    s->z_between = false;
    memset(&s->z, 0, sizeof s->z);
    if (shared(s))
        let_go(s); /* the next file starts at the buffer's start */
    s->start = s->end = 0;
    s->eof = false;
    s->failed = false;
    s->err = NULL;
}

/*
 * Read the first bytes of the new file and choose plain or gzip. The bytes
 * read stay the first input (line buffer or inflate input). Returns 0 or
 * -1 with s->err set.
 */
static int
sniff_input(jsonl_source *s)
{
    if (!s->zin) {
        s->zin = malloc(JSONL_GZBUF);
        if (!s->zin) {
            s->err = "out of memory";
            return -1;
        }
    }
    size_t have = 0;
    while (have < 2) {
        size_t n = 0;
        if (read_some(s, (char *)s->zin + have, JSONL_GZBUF - have, &n) < 0)
            return -1;
        if (n == 0)
            break;
        have += n;
    }
    if (have >= 2 && s->zin[0] == 0x1f && s->zin[1] == 0x8b) {
        memset(&s->z, 0, sizeof s->z);
        if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
            s->err = "out of memory";
            return -1;
        }
        s->z_ready = true;
        s->gzip = true;
        s->z.next_in = s->zin;
        s->z.avail_in = (uInt)have;
        return 0;
    }
    /* Plain: the sniffed bytes are the start of the first line. */
    if (have > 0) {
        size_t want = JSONL_READ_CHUNK * 8 > have ? JSONL_READ_CHUNK * 8 : have;
        if (s->cap < have && !resize(s, want)) {
            s->err = "out of memory";
            return -1;
        }
        memcpy(s->buf, s->zin, have);
        s->start = 0;
        s->end = have;
    } else {
        s->eof = true;
    }
    return 0;
}

/*
 * Open the next path. Returns 0 on success, 1 when there are no more
 * paths, -1 when the file could not be opened or read (doc holds the
 * error).
 */
static int
open_next(jsonl_source *s,
          tool_doc *doc)
{
    if (s->next_path >= s->n_paths)
        return 1;
    s->name = s->paths[s->next_path++];
    s->lineno = 0;
    s->fd = strcmp(s->name, "-") == 0 ? STDIN_FILENO
                                      : open(s->name, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        int e = errno ? errno : ENOMEM;
        doc->input = strdup(s->name);
        doc->error = tool_strdupf("cannot open: %s", strerror(e));
        return -1;
    }
    if (sniff_input(s) < 0) {
        doc->input = strdup(s->name);
        doc->error = tool_strdupf("cannot read: %s", s->err);
        close_file(s);
        return -1;
    }
    return 0;
}

/* Set doc->input to "NAME:LINE"; returns false on allocation failure. */
static bool
set_input(const jsonl_source *s,
          tool_doc *doc)
{
    doc->input = tool_strdupf("%s:%llu", s->name, s->lineno);
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

/* True when line[0..len) lies in the doc's own copy of its line
 * (doc->raw, not shared), as a long line's does on the scoring thread. */
static bool
in_raw(const tool_doc *doc,
       const char *line,
       size_t len)
{
    uintptr_t r = (uintptr_t)doc->raw, l = (uintptr_t)line;
    return doc->raw && !doc->hold && l >= r && l + len <= r + doc->raw_len;
}

/*
 * line[0..len) as a NUL-terminated string the doc may own: the doc's copy
 * of the line (doc->raw, moved to its start and handed over) when line lies
 * in it, as it does on the scoring thread; else a new copy.
 */
static char *
line_string(tool_doc *doc,
            const char *line,
            size_t len)
{
    if (!in_raw(doc, line, len))
        return tool_strndup(line, len);
    char *own = doc->raw;
    memmove(own, line, len); /* raw has room for len + 1 (defer_line) */
    own[len] = '\0';
    doc->raw = NULL;
    doc->raw_len = 0;
    return own;
}

/*
 * Fill doc from a scanned line (fast path): a document, or an error record
 * for a missing or non-string "html"/"text", an oversized document, or an
 * allocation failure. When *dec holds the document (decoded by the scan),
 * the doc takes it and *dec becomes NULL.
 */
static void
fast_doc(const line_job *s,
         const char *line,
         size_t len,
         const js_doc *d,
         char **dec,
         tool_doc *doc)
{
    if (d->id) {
        doc->id_json = tool_strndup((const char *)d->id, d->id_len);
        if (!doc->id_json)
            goto nomem;
    }
    if (d->url.found) {
        size_t ulen;
        doc->url = js_decode(&d->url, &ulen);
        if (!doc->url)
            goto nomem;
    }
    const js_span *body = NULL;
    const char *field = "html";
    bool is_str = false;
    doc->format = SS_FORMAT_HTML;
    if (d->html_seen) {
        body = &d->html;
        is_str = d->html_str;
    } else if (d->text_seen) {
        body = &d->text;
        is_str = d->text_str;
        field = "text";
        doc->format = SS_FORMAT_TEXT;
    }
    if (!body) {
        doc->error = tool_strdupf("line %llu: no \"html\" or \"text\" field",
                                s->lineno);
        return;
    }
    if (!is_str) {
        doc->error = tool_strdupf("line %llu: \"%s\" is not a string",
                                s->lineno, field);
        return;
    }
    size_t blen = 0;
    if (*dec && d->dec_key == (d->html_seen ? JS_KEY_HTML : JS_KEY_TEXT)) {
        /* decoded by the scan */
        doc->data = *dec;
        *dec = NULL;
        blen = d->dec_len;
        doc->data[blen] = '\0';
        if (s->drop_line) /* not kept: give the line's memory back now */
            tool_doc_drop_raw(doc); /* line is not read after this */
    } else if (s->drop_line && in_raw(doc, line, len)) {
        /* A long line, not kept: decode the document over it, which saves
         * a buffer as large as the page (see parse_line). */
        doc->data = doc->raw;
        doc->raw = NULL;
        doc->raw_len = 0;
        js_decode_to(body, doc->data, &blen);
    } else {
        doc->data = js_decode(body, &blen);
        if (!doc->data)
            goto nomem;
    }
    if (blen > s->doc_cap) {
        free(doc->data);
        doc->data = NULL;
        doc->error = tool_strdupf("line %llu: document of %zu bytes exceeds "
                                "the limit of %zu bytes",
                                s->lineno, blen, s->doc_cap);
        return;
    }
    doc->len = blen;
    if (s->drop_line)
        return;
    doc->extra_json = line_string(doc, line, len);
    if (!doc->extra_json)
        goto nomem;
    return;
nomem:
    free(doc->data);
    doc->data = NULL;
    doc->len = 0;
    doc->error = tool_strdupf("line %llu: out of memory", s->lineno);
}

/*
 * Turn one line into a doc (a document or an error record). Never fails
 * except on allocation failure, which is also reported as an error record
 * when possible.
 */
static void
parse_line(const line_job *s,
           const char *line,
           size_t len,
           tool_doc *doc)
{
    json_error_t jerr;
    json_t *root = NULL;

    if (s->lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3; /* a UTF-8 byte order mark before the first line */
        len -= 3;
    }
    line = trim(line, &len);
    if (len == 0) {
        doc->error = tool_strdupf("line %llu: empty line", s->lineno);
        return;
    }
    js_doc fast;
    /* The scan decodes the document into a buffer of its own (one pass);
     * a long line is only scanned, then decoded over itself in fast_doc,
     * so that a big page is in memory once, not twice (peak RSS). */
    char *dec = len < JSONL_FUSE_MAX ? malloc(len + 1) : NULL;
    if (js_scan_line(line, len, dec, &fast)) {
        fast_doc(s, line, len, &fast, &dec, doc);
        free(dec);
        return;
    }
    free(dec);
    /* RFC 8259 allows no raw control byte but whitespace, in a string or
     * out of one; jansson's reader stops at a raw NUL outside a string and
     * would accept the line, which passthrough then copies as it is. */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            doc->error = tool_strdupf("line %llu: invalid JSON: control byte "
                                      "0x%02x (column %zu)",
                                      s->lineno, c, i + 1);
            return;
        }
    }
    root = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        doc->error = tool_strdupf("line %llu: invalid JSON: %s (column %d)",
                                s->lineno, jerr.text, jerr.column);
        return;
    }
    if (!json_is_object(root)) {
        doc->error = tool_strdupf("line %llu: not a JSON object", s->lineno);
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
        doc->url = tool_strndup(json_string_value(url), json_string_length(url));
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
        doc->error = tool_strdupf("line %llu: no \"html\" or \"text\" field",
                                s->lineno);
        goto done;
    }
    if (!json_is_string(body)) {
        doc->error = tool_strdupf("line %llu: \"%s\" is not a string",
                                s->lineno, field);
        goto done;
    }
    size_t blen = json_string_length(body);
    if (blen > s->doc_cap) {
        doc->error = tool_strdupf("line %llu: document of %zu bytes exceeds "
                                "the limit of %zu bytes",
                                s->lineno, blen, s->doc_cap);
        goto done;
    }
    doc->data = tool_strndup(json_string_value(body), blen);
    if (!s->drop_line)
        doc->extra_json = tool_strndup(line, len);
    if (!doc->data || (!s->drop_line && !doc->extra_json))
        goto nomem;
    doc->len = blen;
    goto done;

nomem:
    free(doc->data);
    doc->data = NULL;
    doc->len = 0;
    doc->error = tool_strdupf("line %llu: out of memory", s->lineno);
done:
    json_decref(root);
}

/* The deferred load of a line: decode it on the scoring thread. */
static void
line_load(tool_doc *doc)
{
    line_job job = {doc->lineno, doc->max_bytes, doc->drop_line};
    parse_line(&job, doc->raw, doc->raw_len, doc);
}

/*
 * The line (in the line buffer) for its doc. A long line that is alone in
 * the buffer's block takes the block's memory, moved to its start, and the
 * reader goes on in a new buffer holding the unread bytes: a page-sized
 * line is then the doc's own, which fast_doc() decodes over itself. Any
 * other line stays where it is, and the doc holds a reference on the block
 * (jsonl_block): nothing is copied under the source lock. NULL when out of
 * memory.
 */
static char *
take_line(jsonl_source *s,
          const char *line,
          size_t len,
          tool_doc *doc)
{
    if (len >= JSONL_HANDOVER && !shared(s) && line >= s->buf &&
        line + len < s->buf + s->cap) {
        size_t tail = s->end - s->start;
        size_t ncap = JSONL_READ_CHUNK * 8;
        if (ncap < tail + JSONL_READ_CHUNK)
            ncap = tail + JSONL_READ_CHUNK;
        char *nb = malloc(ncap);
        if (nb) {
            char *own = s->buf;
            memcpy(nb, own + s->start, tail);
            s->blk->data = s->buf = nb;
            s->cap = ncap;
            s->start = 0;
            s->end = tail;
            memmove(own, line, len);
            char *fit = realloc(own, len + 1); /* room for line_string() */
            return fit ? fit : own;
        }
    }
    if (!s->blk)
        return NULL;
    atomic_fetch_add_explicit(&s->blk->refs, 1, memory_order_relaxed);
    doc->hold = s->blk;
    doc->unhold = block_unhold;
    return (char *)line;
}

/* Hand one line to the scoring thread: the line and where it came from;
 * decoding happens in line_load(). */
static void
defer_line(jsonl_source *s,
           const char *line,
           size_t len,
           tool_doc *doc)
{
    if (!set_input(s, doc))
        return;
    doc->raw = take_line(s, line, len, doc);
    if (!doc->raw) {
        doc->error = tool_strdupf("line %llu: out of memory", s->lineno);
        return;
    }
    doc->raw_len = len;
    doc->lineno = s->lineno;
    doc->max_bytes = s->doc_cap;
    doc->drop_line = s->drop_lines;
    doc->load = line_load;
}

/* tool_source.next for JSON Lines. */
static tool_next
jsonl_next(tool_source *src,
           tool_doc *doc)
{
    jsonl_source *s = (jsonl_source *)src;
    memset(doc, 0, sizeof *doc);
    for (;;) {
        if (s->fd < 0) {
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
            defer_line(s, line, len, doc);
            return TOOL_NEXT_DOC;
        case LINE_TOO_LONG:
            s->lineno++;
            if (set_input(s, doc))
                doc->error = tool_strdupf("line %llu: line longer than the "
                                        "limit of %zu bytes",
                                        s->lineno, s->line_cap);
            return TOOL_NEXT_DOC;
        case LINE_EOF:
            close_file(s);
            continue;
        case LINE_ERROR: {
            const char *msg = s->err;
            doc->input = tool_strdupf("%s:%llu", s->name, s->lineno + 1);
            doc->error = tool_strdupf("line %llu: read error: %s",
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
    let_go(s); /* docs not loaded yet keep their lines */
    free(s->zin);
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
    s->fd = -1;
    s->paths = paths;
    s->n_paths = n;
    s->line_cap = lim && lim->max_line_bytes ? lim->max_line_bytes
                                             : JSONL_DEFAULT_LINE_CAP;
    s->doc_cap = lim && lim->max_doc_bytes ? lim->max_doc_bytes
                                           : JSONL_DEFAULT_DOC_CAP;
    s->drop_lines = lim && lim->drop_lines;
    return &s->base;
}
