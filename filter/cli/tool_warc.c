/*
 * tool_warc.c - the WARC / WET source of the spamscore command.
 *
 * Reads WARC 1.0/1.1 files, plain or gzip-compressed, from paths or stdin
 * ("-"), one record at a time:
 *
 *   - gzip input is inflated member by member (Common Crawl writes one member
 *     per record; a file gzipped as one stream works too). The reader knows
 *     where a member ends, so a member that ends inside a record marks that
 *     record as truncated and the next member starts afresh. A corrupt member
 *     is skipped by scanning for the next gzip header.
 *   - with libdeflate (built in when found), a member whose compressed bytes
 *     are all in the input buffer is inflated whole by libdeflate, which is
 *     about twice as fast as zlib's inflate on these pages, and served from
 *     a member buffer. Any member libdeflate does not finish (longer than
 *     the buffered input or the member buffer, truncated, corrupt) is
 *     inflated by zlib from its start, as without libdeflate, so the records
 *     and the error records are the same either way.
 *   - a record is a "WARC/x.y" line, header lines parsed by name
 *     (case-insensitive), a blank line, then exactly Content-Length payload
 *     bytes. Bytes between records that are not blank lines are garbage: they
 *     are skipped up to the next "WARC/" line (or gzip member) and reported
 *     in one error record.
 *
 * What becomes a document:
 *   - "response" records with an HTTP payload: the status line and headers
 *     are stripped (chunked transfer coding undone, gzip/deflate content
 *     coding inflated), the charset comes from Content-Type. Only 2xx
 *     responses with text/html or application/xhtml+xml (or no Content-Type
 *     and a body starting with '<') are scored; any other response is an
 *     error record "skipped: ..." so nothing disappears silently (the HTTP
 *     side is tool_http.c).
 *   - "resource" records: the payload as is, by the record's Content-Type
 *     (HTML types as HTML, text/plain as text, others "skipped: ...").
 *   - WET "conversion" records: the payload as plain text.
 *   - warcinfo, request, metadata, revisit and continuation records are not
 *     documents: they are skipped and produce nothing.
 *
 * Every problem is an error record, never fatal: truncated members or
 * records, malformed or oversized headers, a missing or invalid
 * Content-Length (the reader then resyncs on the next "WARC/" line),
 * unsupported versions, records larger than max_doc_bytes (their payload is
 * skipped without being buffered), and non-HTML payloads. Each loop consumes
 * input or ends, so no input can make the reader hang.
 *
 * A doc carries input = the file name, record_id = WARC-Record-ID as written
 * (with its angle brackets), url = WARC-Target-URI (angle brackets removed),
 * data = the page, always followed by a NUL byte (not counted in len).
 * Error messages start with "offset N:", the byte offset of the record in a
 * plain file or of its gzip member in a compressed one.
 */
#include "tool.h"
#include "tool_http.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>
#ifdef SS_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#define WARC_DEFAULT_DOC_CAP ((size_t)32 * 1024 * 1024)
/* Buffer sizes; the fuzz target compiles the source with smaller ones.
 * A header line must fit in the decompressed buffer: LINE_CAP < OBUF. */
#ifndef WARC_IBUF
#define WARC_IBUF ((size_t)64 * 1024)        /* compressed input buffer */
#define WARC_OBUF ((size_t)128 * 1024)       /* decompressed buffer */
#define WARC_LINE_CAP ((size_t)32 * 1024)    /* one header line */
#define WARC_HEADER_CAP ((size_t)64 * 1024)  /* all header lines of a record */
#endif
#ifndef WARC_FAST_IN
/* gzip input: the buffer is refilled when less than half of it is unread,
 * so any member up to half its size is whole in it (libdeflate path). */
#define WARC_FAST_IN ((size_t)1024 * 1024)
#define WARC_FAST_OUT ((size_t)4 * 1024 * 1024) /* largest member inflated whole */
#endif
_Static_assert(WARC_LINE_CAP < WARC_OBUF, "a header line must fit the buffer");
#define WARC_HEADER_LINES 256u
#define WARC_MSG 512

/* How the current gzip member (or plain file) ended. */
typedef enum member_state {
    MEM_OPEN = 0,   /* more bytes may come */
    MEM_END,        /* clean end of the member (or of a plain file) */
    MEM_TRUNCATED,  /* the file ended inside the member */
    MEM_CORRUPT,    /* inflate reported bad data */
    MEM_IOERR       /* reading the file failed */
} member_state;

/* Result of get_line(). */
typedef enum line_status {
    LINE_OK = 0,   /* a line (without its LF / CRLF) */
    LINE_TOO_LONG, /* a line over the cap was consumed */
    LINE_END       /* the member has no more bytes */
} line_status;

/* Result of read_record(). */
typedef enum rec_status {
    REC_DOC = 0,   /* *doc holds a document or an error record */
    REC_NONE,      /* a record was consumed that is not a document */
    REC_FILE_END   /* the file is exhausted */
} rec_status;

typedef struct warc_source {
    tool_source base;       /* must be first */
    char *const *paths;     /* borrowed: must outlive the source */
    size_t n_paths;
    size_t next_path;
    size_t doc_cap;

    FILE *f;                /* current file, NULL between files */
    const char *name;
    bool is_stdin;
    bool regular;           /* a regular file: reading never waits */
    bool gzip;

    /* compressed (or, for plain files, raw) input */
    unsigned char *ibuf;
    size_t ilen;            /* bytes in ibuf */
    size_t ipos;            /* plain mode: next unread byte of ibuf */
    uint64_t in_base;       /* file offset of ibuf[0] */
    bool in_eof;
    int read_err;           /* errno of a failed read, reported when the
                               bytes read before it are used up */
    z_stream zs;
    bool zs_ready;
    member_state mem;
    uint64_t mem_start;     /* file offset of the member (gzip) */
    const char *zmsg;       /* inflate's message for MEM_CORRUPT */
    size_t icap;            /* size of ibuf */
    bool mem_fresh;         /* nothing of the member inflated yet */
#ifdef SS_HAVE_LIBDEFLATE
    struct libdeflate_decompressor *ld;
    unsigned char *mbuf;    /* a member inflated whole (WARC_FAST_OUT) */
    size_t mlen;            /* its length, 0 when zlib inflates the member */
    size_t mpos;            /* next byte of it to hand out */
#endif

    /* decompressed bytes: [ostart, oend) unread */
    unsigned char *obuf;
    size_t ostart;
    size_t oend;
    uint64_t out_off;       /* offset in the decompressed stream of obuf[ostart] */

    /* resume: a version line was read but an error record went out first */
    bool have_version;
    char version[32];
    uint64_t rec_off;

    /* pending garbage report */
    uint64_t junk_bytes;
    uint64_t junk_off;
    char junk_why[160];
    bool quiet_resync;      /* skipped bytes belong to an error already sent */
} warc_source;

/* The headers of one record that matter here. */
typedef struct warc_headers {
    char type[32];
    char content_type[256];
    char *record_id;
    char *target_uri;
    uint64_t content_length;
    bool has_length;
    bool bad_length;
} warc_headers;

/* Offset of the current record for messages. */
static unsigned long long
record_offset(const warc_source *s)
{
    return (unsigned long long)(s->gzip ? s->mem_start : s->rec_off);
}

/* Fill doc as an error record about the current file; skipped marks a
 * record passed over on purpose (not a page) rather than a failure. */
static void
set_record_error(warc_source *s,
                 tool_doc *doc,
                 bool skipped,
                 const char *fmt,
                 va_list ap) __attribute__((format(printf, 4, 0)));

static void
set_record_error(warc_source *s,
                 tool_doc *doc,
                 bool skipped,
                 const char *fmt,
                 va_list ap)
{
    char tmp[WARC_MSG];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    free(doc->data);
    doc->data = NULL;
    doc->len = 0;
    if (!doc->input)
        doc->input = strdup(s->name);
    free(doc->error);
    doc->error = strdup(tmp);
    doc->skipped = skipped;
}

/* An error record: the input is malformed. */
static void
set_error(warc_source *s,
          tool_doc *doc,
          const char *fmt,
          ...) __attribute__((format(printf, 3, 4)));

static void
set_error(warc_source *s,
          tool_doc *doc,
          const char *fmt,
          ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_record_error(s, doc, false, fmt, ap);
    va_end(ap);
}

/* A skipped record: well-formed, but not a page to score. */
static void
set_skipped(warc_source *s,
            tool_doc *doc,
            const char *fmt,
            ...) __attribute__((format(printf, 3, 4)));

static void
set_skipped(warc_source *s,
            tool_doc *doc,
            const char *fmt,
            ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_record_error(s, doc, true, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Layer 1: bytes of the current member                               */

/* Current file offset of the next compressed byte. */
static uint64_t
in_pos(const warc_source *s)
{
    if (s->gzip)
        return s->in_base + (uint64_t)(s->zs.next_in - s->ibuf);
    return s->in_base + s->ipos;
}

/* Refill ibuf, keeping the keep unread bytes at its front. */
static void
refill(warc_source *s,
       size_t keep)
{
    const unsigned char *from = s->gzip ? s->zs.next_in : s->ibuf + s->ipos;
    size_t consumed = (size_t)(from - s->ibuf);
    if (keep)
        memmove(s->ibuf, from, keep);
    s->in_base += consumed;
    /* read(2), not fread: a pipe gives what it has, so a record that has
     * arrived is scored without waiting for a full buffer. Ask again until
     * a few bytes are in (the member test looks at three) or the input
     * ends; an error after some bytes is reported on the next call. */
    size_t got = 0, room = s->icap - keep;
    while (!s->in_eof && got < room && got < 3) {
        if (s->read_err) {
            if (got == 0) {
                s->in_eof = true;
                s->mem = MEM_IOERR;
                errno = s->read_err;
            }
            break;
        }
        ssize_t n = read(fileno(s->f), s->ibuf + keep + got, room - got);
        if (n > 0) {
            got += (size_t)n;
        } else if (n == 0) {
            if (got == 0)
                s->in_eof = true;
            break;
        } else if (errno != EINTR) {
            s->read_err = errno;
        }
    }
    s->ilen = keep + got;
    s->ipos = 0;
    s->zs.next_in = s->ibuf;
    s->zs.avail_in = (uInt)s->ilen;
}

#ifdef SS_HAVE_LIBDEFLATE
/*
 * At the start of a member: inflate it whole with libdeflate when its
 * compressed bytes are in ibuf (refilled first when less than half of it is
 * unread). On success the member's bytes are in mbuf and its input is
 * consumed; otherwise nothing is consumed and zlib inflates the member.
 */
static void
fast_member(warc_source *s)
{
    s->mlen = s->mpos = 0;
    if (!s->ld || !s->mbuf)
        return;
    /* Only a regular file is read ahead: on a pipe the read would wait for
     * input that a producer may send only after this record's output. */
    if (s->regular && s->zs.avail_in < s->icap / 2 && !s->in_eof &&
        !s->read_err)
        refill(s, s->zs.avail_in);
    /* A header CRC (FHCRC) is checked by zlib and not by libdeflate: such
     * members go to zlib, so that both paths accept the same members. */
    if (s->zs.avail_in < 4 || (s->zs.next_in[3] & 0x02))
        return;
    size_t used_in = 0, used_out = 0;
    if (libdeflate_gzip_decompress_ex(s->ld, s->zs.next_in, s->zs.avail_in,
                                      s->mbuf, WARC_FAST_OUT, &used_in,
                                      &used_out) != LIBDEFLATE_SUCCESS)
        return;
    s->zs.next_in += used_in;
    s->zs.avail_in -= (uInt)used_in;
    s->mlen = used_out;
    if (used_out == 0)
        s->mem = MEM_END;
}

/* Hand out up to n bytes of the member inflated whole; its end ends it. */
static size_t
fast_read(warc_source *s,
          unsigned char *dst,
          size_t n)
{
    size_t k = s->mlen - s->mpos;
    if (k > n)
        k = n;
    memcpy(dst, s->mbuf + s->mpos, k);
    s->mpos += k;
    if (s->mpos == s->mlen) {
        s->mem = MEM_END;
        s->mlen = s->mpos = 0;
    }
    return k;
}
#endif

/*
 * Read up to n decompressed bytes of the current member into dst. Returns the
 * count; 0 means the member has ended (s->mem says how).
 */
static size_t
raw_read(warc_source *s,
         unsigned char *dst,
         size_t n)
{
    if (s->mem != MEM_OPEN || n == 0)
        return 0;
    if (!s->gzip) {
        if (s->ipos >= s->ilen)
            refill(s, 0);
        if (s->ilen == 0) {
            if (s->mem == MEM_OPEN)
                s->mem = MEM_END;
            return 0;
        }
        size_t k = s->ilen - s->ipos;
        if (k > n)
            k = n;
        memcpy(dst, s->ibuf + s->ipos, k);
        s->ipos += k;
        return k;
    }
#ifdef SS_HAVE_LIBDEFLATE
    if (s->mem_fresh) {
        s->mem_fresh = false;
        fast_member(s);
        if (s->mem != MEM_OPEN)
            return 0;
    }
    if (s->mlen)
        return fast_read(s, dst, n);
#endif
    s->mem_fresh = false;
    if (n > UINT32_MAX)
        n = UINT32_MAX;
    s->zs.next_out = dst;
    s->zs.avail_out = (uInt)n;
    for (;;) {
        if (s->zs.avail_in == 0) {
            refill(s, 0);
            if (s->ilen == 0) {
                if (s->mem == MEM_OPEN)
                    s->mem = MEM_TRUNCATED;
                break;
            }
        }
        int ret = inflate(&s->zs, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            s->mem = MEM_END;
            break;
        }
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            s->zmsg = s->zs.msg;
            s->mem = MEM_CORRUPT;
            break;
        }
        if (s->zs.avail_out < n)
            break; /* produced something */
    }
    return n - s->zs.avail_out;
}

/*
 * Move to the next gzip member. After a corrupt member the scan restarts one
 * byte after that member's start when the file can seek, so a member that
 * inflate swallowed is not lost. Bytes skipped while looking for a gzip
 * header are counted as garbage. Returns false when the file has no more
 * members (or is plain).
 */
static bool
next_member(warc_source *s)
{
    if (!s->gzip)
        return false;
    if (s->mem == MEM_IOERR)
        return false;
    if (s->mem == MEM_CORRUPT && !s->is_stdin &&
        lseek(fileno(s->f), (off_t)(s->mem_start + 1), SEEK_SET) >= 0) {
        s->in_base = s->mem_start + 1;
        s->zs.next_in = s->ibuf;
        s->zs.avail_in = 0;
        s->ilen = 0;
        s->in_eof = false;
    }
    uint64_t skipped = 0;
    for (;;) {
        if (s->zs.avail_in < 3 && !s->in_eof)
            refill(s, s->zs.avail_in);
        if (s->zs.avail_in == 0)
            break;
        const unsigned char *p = s->zs.next_in;
        if (s->zs.avail_in >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8) {
            if (skipped && !s->quiet_resync && !s->junk_bytes) {
                s->junk_off = in_pos(s) - skipped;
                snprintf(s->junk_why, sizeof s->junk_why,
                         "bytes that are not a gzip member");
            }
            if (!s->quiet_resync)
                s->junk_bytes += skipped;
            s->mem_start = in_pos(s);
            s->mem = MEM_OPEN;
            s->mem_fresh = true;
            s->zmsg = NULL;
            inflateReset(&s->zs);
            return true;
        }
        if (s->zs.avail_in < 3 && s->in_eof) {
            skipped += s->zs.avail_in; /* a tail too short for a header */
            s->zs.next_in += s->zs.avail_in;
            s->zs.avail_in = 0;
            break;
        }
        /* skip to the next 0x1f */
        const unsigned char *q = memchr(p + 1, 0x1f, s->zs.avail_in - 1);
        size_t step = q ? (size_t)(q - p) : s->zs.avail_in;
        skipped += step;
        s->zs.next_in += step;
        s->zs.avail_in -= (uInt)step;
    }
    if (skipped && !s->quiet_resync) {
        if (!s->junk_bytes) {
            s->junk_off = in_pos(s) - skipped;
            snprintf(s->junk_why, sizeof s->junk_why,
                     "bytes that are not a gzip member");
        }
        s->junk_bytes += skipped;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Layer 2: buffered lines and blocks of the current member           */

/* Compact obuf and read more of the member. Returns bytes added. */
static size_t
ob_fill(warc_source *s)
{
    if (s->ostart > 0) {
        memmove(s->obuf, s->obuf + s->ostart, s->oend - s->ostart);
        s->oend -= s->ostart;
        s->ostart = 0;
    }
    if (s->oend >= WARC_OBUF)
        return 0;
    size_t got = raw_read(s, s->obuf + s->oend, WARC_OBUF - s->oend);
    s->oend += got;
    return got;
}

/* Consume k buffered bytes. */
static void
ob_consume(warc_source *s,
           size_t k)
{
    s->ostart += k;
    s->out_off += k;
}

/*
 * Next line of the member (without LF and a CR before it). The pointer is
 * valid until the next read. A line longer than cap is consumed up to its
 * end and reported as LINE_TOO_LONG with *len = bytes skipped. A last line
 * without LF is still a line.
 */
static line_status
get_line(warc_source *s,
         size_t cap,
         const char **line,
         size_t *len)
{
    size_t scanned = 0;
    uint64_t dropped = 0;
    for (;;) {
        unsigned char *base = s->obuf + s->ostart;
        size_t avail = s->oend - s->ostart;
        unsigned char *nl = avail > scanned
                                ? memchr(base + scanned, '\n', avail - scanned)
                                : NULL;
        if (nl) {
            size_t l = (size_t)(nl - base);
            if (dropped || l > cap) {
                *len = (size_t)(dropped + l + 1);
                ob_consume(s, l + 1);
                return LINE_TOO_LONG;
            }
            *line = (const char *)base;
            *len = (l > 0 && base[l - 1] == '\r') ? l - 1 : l;
            ob_consume(s, l + 1);
            return LINE_OK;
        }
        if (avail > cap) {
            dropped += avail;
            ob_consume(s, avail);
            avail = 0;
        }
        scanned = avail;
        if (ob_fill(s) == 0) {
            avail = s->oend - s->ostart;
            if (avail == 0 && !dropped)
                return LINE_END;
            if (dropped || avail > cap) {
                *len = (size_t)(dropped + avail);
                ob_consume(s, avail);
                return LINE_TOO_LONG;
            }
            *line = (const char *)(s->obuf + s->ostart);
            *len = avail;
            ob_consume(s, avail);
            return LINE_OK;
        }
    }
}

/* Copy up to n bytes of the member into dst; fewer only at member end. */
static size_t
read_bytes(warc_source *s,
           unsigned char *dst,
           size_t n)
{
    size_t done = 0;
    size_t have = s->oend - s->ostart;
    if (have) {
        size_t k = have < n ? have : n;
        memcpy(dst, s->obuf + s->ostart, k);
        ob_consume(s, k);
        done = k;
    }
    while (done < n) {
        size_t got = raw_read(s, dst + done, n - done);
        if (got == 0)
            break;
        done += got;
        s->out_off += got;
    }
    return done;
}

/* Skip up to n bytes of the member without keeping them; fewer at its end. */
static uint64_t
skip_bytes(warc_source *s,
           uint64_t n)
{
    uint64_t done = 0;
    while (done < n) {
        if (s->oend == s->ostart && ob_fill(s) == 0)
            break;
        size_t have = s->oend - s->ostart;
        size_t k = (uint64_t)have < n - done ? have : (size_t)(n - done);
        ob_consume(s, k);
        done += k;
    }
    return done;
}

/* ------------------------------------------------------------------ */
/* Records                                                            */

/* Copy the trimmed value v[0..n) into a fixed buffer (truncating). */
static void
copy_value(char *dst,
           size_t cap,
           const char *v,
           size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

/* Parse a decimal Content-Length; false if not all digits or overflowing. */
static bool
parse_length(const char *v,
             size_t n,
             uint64_t *out)
{
    if (n == 0 || n > 19)
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return false;
        x = x * 10 + (uint64_t)(v[i] - '0');
    }
    *out = x;
    return true;
}

/* Free what the headers own. */
static void
headers_clear(warc_headers *h)
{
    free(h->record_id);
    free(h->target_uri);
    memset(h, 0, sizeof *h);
}

/*
 * Read header lines up to the blank line. Returns NULL on success or a static
 * message describing why the header block is malformed or truncated.
 */
static const char *
read_headers(warc_source *s,
             warc_headers *h)
{
    size_t total = 0;
    for (unsigned i = 0;; i++) {
        const char *line = NULL;
        size_t len = 0;
        line_status st = get_line(s, WARC_LINE_CAP, &line, &len);
        if (st == LINE_END)
            return "truncated record (inside the headers)";
        if (st == LINE_TOO_LONG)
            return "malformed headers (a header line is too long)";
        if (len == 0)
            return NULL; /* the blank line */
        total += len;
        if (i >= WARC_HEADER_LINES || total > WARC_HEADER_CAP)
            return "malformed headers (too many header bytes)";
        if (line[0] == ' ' || line[0] == '\t')
            continue; /* folded continuation of a header we ignore */
        size_t nlen = 0, vlen = 0;
        const char *v = NULL;
        if (!tool_http_field(line, len, &nlen, &v, &vlen) || nlen == 0)
            return "malformed headers (a line without a name)";
#define NAME_IS(lit) (nlen == sizeof(lit) - 1 && strncasecmp(line, lit, nlen) == 0)
        if (NAME_IS("WARC-Type")) {
            copy_value(h->type, sizeof h->type, v, vlen);
        } else if (NAME_IS("Content-Length")) {
            h->has_length = true;
            h->bad_length = !parse_length(v, vlen, &h->content_length);
        } else if (NAME_IS("Content-Type")) {
            copy_value(h->content_type, sizeof h->content_type, v, vlen);
        } else if (NAME_IS("WARC-Record-ID")) {
            free(h->record_id);
            h->record_id = tool_strndup(v, vlen);
        } else if (NAME_IS("WARC-Target-URI")) {
            if (vlen >= 2 && v[0] == '<' && v[vlen - 1] == '>') {
                v++;
                vlen -= 2;
            }
            free(h->target_uri);
            h->target_uri = tool_strndup(v, vlen);
        }
#undef NAME_IS
    }
}

/* Emit the pending garbage report into doc, if any. */
static bool
flush_junk(warc_source *s,
           tool_doc *doc)
{
    if (!s->junk_bytes)
        return false;
    set_error(s, doc, "offset %llu: skipped %llu bytes of garbage (%s)",
              (unsigned long long)s->junk_off,
              (unsigned long long)s->junk_bytes, s->junk_why);
    s->junk_bytes = 0;
    return true;
}

/* Count skipped bytes as garbage, remembering where it started and why. */
static void
add_junk(warc_source *s,
         uint64_t n,
         uint64_t off,
         const char *why)
{
    if (s->quiet_resync || n == 0)
        return;
    if (!s->junk_bytes) {
        s->junk_off = off;
        snprintf(s->junk_why, sizeof s->junk_why, "%s", why);
    }
    s->junk_bytes += n;
}

/* Report how a member ended badly, as garbage to be flushed. */
static void
note_bad_member(warc_source *s)
{
    if (s->mem == MEM_CORRUPT)
        add_junk(s, 1, s->mem_start, s->zmsg ? s->zmsg : "corrupt gzip data");
    else if (s->mem == MEM_TRUNCATED)
        add_junk(s, 1, s->mem_start, "truncated gzip member");
}

/*
 * Find the next version line. Returns true with s->version/rec_off set, or
 * false at the end of the file.
 */
static bool
find_version(warc_source *s)
{
    for (;;) {
        const char *line = NULL;
        size_t len = 0;
        uint64_t off = s->out_off;
        line_status st = get_line(s, WARC_LINE_CAP, &line, &len);
        if (st == LINE_END) {
            if (s->mem == MEM_CORRUPT || s->mem == MEM_TRUNCATED) {
                if (!s->quiet_resync)
                    note_bad_member(s);
            }
            bool more = next_member(s); /* quiet: skips stay unreported */
            s->quiet_resync = false;
            if (!more)
                return false;
            continue;
        }
        if (st == LINE_TOO_LONG) {
            add_junk(s, len, s->gzip ? s->mem_start : off, "not a WARC record");
            continue;
        }
        if (len == 0)
            continue; /* blank lines between records */
        if (len >= 5 && memcmp(line, "WARC/", 5) == 0) {
            while (len > 5 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
                len--;
            copy_value(s->version, sizeof s->version, line, len);
            s->rec_off = off;
            s->quiet_resync = false;
            return true;
        }
        add_junk(s, len + 1, s->gzip ? s->mem_start : off, "not a WARC record");
    }
}

/*
 * Read one record after its version line. Fills doc for documents and error
 * records; REC_NONE for records that are not documents.
 */
static rec_status
read_record(warc_source *s,
            tool_doc *doc)
{
    warc_headers h;
    memset(&h, 0, sizeof h);
    rec_status rs = REC_DOC;

    const char *bad = read_headers(s, &h);
    if (bad) {
        set_error(s, doc, "offset %llu: %s", record_offset(s), bad);
        s->quiet_resync = true; /* what follows belongs to this record */
        goto done;
    }
    if (h.record_id)
        doc->record_id = strdup(h.record_id);
    if (h.target_uri)
        doc->url = strdup(h.target_uri);
    if (!h.has_length || h.bad_length) {
        set_error(s, doc, "offset %llu: malformed headers (%s Content-Length)",
                  record_offset(s), h.has_length ? "invalid" : "missing");
        s->quiet_resync = true;
        goto done;
    }
    bool v1 = strcmp(s->version, "WARC/1.0") == 0 ||
              strcmp(s->version, "WARC/1.1") == 0;
    enum { SKIP, RESPONSE, RESOURCE, CONVERSION } kind = SKIP;
    if (strcasecmp(h.type, "response") == 0)
        kind = RESPONSE;
    else if (strcasecmp(h.type, "resource") == 0)
        kind = RESOURCE;
    else if (strcasecmp(h.type, "conversion") == 0)
        kind = CONVERSION;

    uint64_t clen = h.content_length;
    uint64_t cap = kind == RESPONSE ? (uint64_t)s->doc_cap + TOOL_HTTP_HEADER_CAP
                                    : (uint64_t)s->doc_cap;
    if (!v1 || kind == SKIP || clen > cap) {
        uint64_t got = skip_bytes(s, clen);
        if (got < clen) {
            set_error(s, doc, "offset %llu: truncated record (%llu of %llu "
                      "payload bytes)", record_offset(s),
                      (unsigned long long)got, (unsigned long long)clen);
            s->quiet_resync = true;
        } else if (!v1) {
            set_error(s, doc, "offset %llu: unsupported version %s, record "
                      "skipped", record_offset(s), s->version);
        } else if (kind == SKIP && h.type[0] == '\0') {
            set_error(s, doc, "offset %llu: malformed headers (no WARC-Type)",
                      record_offset(s));
        } else if (kind == SKIP) {
            rs = REC_NONE;
        } else {
            set_error(s, doc, "offset %llu: record of %llu bytes exceeds the "
                      "limit of %zu bytes", record_offset(s),
                      (unsigned long long)clen, s->doc_cap);
        }
        goto done;
    }

    unsigned char *p = malloc((size_t)clen + 1);
    if (!p) {
        skip_bytes(s, clen);
        set_error(s, doc, "offset %llu: out of memory", record_offset(s));
        goto done;
    }
    size_t got = read_bytes(s, p, (size_t)clen);
    if (got < clen) {
        free(p);
        set_error(s, doc, "offset %llu: truncated record (%zu of %llu payload "
                  "bytes)", record_offset(s), got, (unsigned long long)clen);
        s->quiet_resync = true;
        goto done;
    }
    p[clen] = '\0';
    if (kind == RESPONSE) {
        tool_http_response(p, (size_t)clen, s->doc_cap, record_offset(s), doc);
    } else {
        char mt[128] = "", cs[64] = "";
        tool_http_content_type(h.content_type, strlen(h.content_type), mt,
                           sizeof mt, cs, sizeof cs);
        if (kind == CONVERSION || strcmp(mt, "text/plain") == 0) {
            doc->format = SS_FORMAT_TEXT;
        } else if (tool_http_is_html(mt) || (!mt[0] && tool_http_looks_like_markup(p, got))) {
            doc->format = SS_FORMAT_HTML;
        } else {
            set_skipped(s, doc, "offset %llu: skipped: not HTML (%s)",
                      record_offset(s), mt[0] ? mt : "no Content-Type");
            free(p);
            goto done;
        }
        doc->data = (char *)p;
        doc->len = got;
        if (cs[0])
            doc->charset_hint = strdup(cs);
    }
done:
    if (!doc->input)
        doc->input = strdup(s->name);
    headers_clear(&h);
    return rs;
}

/* Close the current file. */
static void
close_file(warc_source *s)
{
    if (s->f && !s->is_stdin)
        fclose(s->f);
    s->f = NULL;
    s->ostart = s->oend = 0;
    s->mem_fresh = false;
#ifdef SS_HAVE_LIBDEFLATE
    s->mlen = s->mpos = 0;
#endif
    s->have_version = false;
    s->quiet_resync = false;
}

/* Open the next path. 0: opened, 1: no more paths, -1: error doc filled. */
static int
open_next(warc_source *s,
          tool_doc *doc)
{
    if (s->next_path >= s->n_paths)
        return 1;
    s->name = s->paths[s->next_path++];
    s->is_stdin = strcmp(s->name, "-") == 0;
    s->f = s->is_stdin ? stdin : fopen(s->name, "rb");
    if (!s->f) {
        doc->input = strdup(s->name);
        doc->error = tool_strdupf("cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    s->regular = fstat(fileno(s->f), &st) == 0 && S_ISREG(st.st_mode);
    s->in_base = 0;
    s->in_eof = false;
    s->read_err = 0;
    s->ilen = s->ipos = 0;
    s->zs.next_in = s->ibuf;
    s->zs.avail_in = 0;
    s->mem = MEM_OPEN;
    s->mem_start = 0;
    s->out_off = 0;
    s->ostart = s->oend = 0;
    s->junk_bytes = 0;
    s->gzip = false;
    refill(s, 0);
    s->gzip = s->ilen >= 2 && s->ibuf[0] == 0x1f && s->ibuf[1] == 0x8b;
    if (s->gzip) {
        inflateReset(&s->zs);
        s->zs.next_in = s->ibuf;
        s->zs.avail_in = (uInt)s->ilen;
        s->mem_fresh = true;
    }
    if (s->mem == MEM_IOERR) {
        doc->input = strdup(s->name);
        doc->error = tool_strdupf("read error: %s", strerror(errno));
        close_file(s);
        return -1;
    }
    return 0;
}

/* tool_source.next for WARC. */
static tool_next
warc_next(tool_source *src,
          tool_doc *doc)
{
    warc_source *s = (warc_source *)src;
    memset(doc, 0, sizeof *doc);
    for (;;) { /* every pass consumes a record or a file */
        if (!s->f) {
            int r = open_next(s, doc);
            if (r == 1)
                return TOOL_NEXT_END;
            if (r < 0)
                return TOOL_NEXT_DOC;
        }
        if (!s->have_version) {
            if (!find_version(s)) {
                bool ioerr = s->mem == MEM_IOERR;
                bool junk = flush_junk(s, doc);
                if (ioerr && !junk)
                    set_error(s, doc, "read error: %s", strerror(errno));
                close_file(s);
                if (junk || ioerr)
                    return TOOL_NEXT_DOC;
                continue;
            }
            s->have_version = true;
            if (flush_junk(s, doc))
                return TOOL_NEXT_DOC; /* the record comes on the next call */
        }
        s->have_version = false;
        rec_status rs = read_record(s, doc);
        if (rs == REC_DOC)
            return TOOL_NEXT_DOC;
        free(doc->input);
        free(doc->record_id);
        free(doc->url);
        memset(doc, 0, sizeof *doc);
    }
}

/* tool_source.free for WARC. */
static void
warc_free(tool_source *src)
{
    warc_source *s = (warc_source *)src;
    if (!s)
        return;
    close_file(s);
    if (s->zs_ready)
        inflateEnd(&s->zs);
    free(s->ibuf);
    free(s->obuf);
#ifdef SS_HAVE_LIBDEFLATE
    free(s->mbuf);
    if (s->ld)
        libdeflate_free_decompressor(s->ld);
#endif
    free(s);
}

tool_source *
tool_source_warc(char *const *paths,
                 size_t n,
                 const tool_limits *lim)
{
    warc_source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->base.next = warc_next;
    s->base.free = warc_free;
    s->paths = paths;
    s->n_paths = n;
    s->doc_cap = lim && lim->max_doc_bytes ? lim->max_doc_bytes
                                           : WARC_DEFAULT_DOC_CAP;
    s->icap = WARC_IBUF;
#ifdef SS_HAVE_LIBDEFLATE
    /* Without a member buffer or a decompressor, zlib does it all. */
    s->ld = libdeflate_alloc_decompressor();
    s->mbuf = s->ld ? malloc(WARC_FAST_OUT) : NULL;
    if (s->mbuf)
        s->icap = WARC_FAST_IN;
#endif
    s->ibuf = malloc(s->icap);
    s->obuf = malloc(WARC_OBUF);
    if (!s->ibuf || !s->obuf || inflateInit2(&s->zs, 15 + 16) != Z_OK) {
        free(s->ibuf);
        free(s->obuf);
        free(s);
        return NULL;
    }
    s->zs_ready = true;
    return &s->base;
}
