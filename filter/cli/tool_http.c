/*
 * tool_http.c - the HTTP side of the WARC source (tool_warc.c): a response
 * record's payload is an HTTP message, and what the command scores is its
 * body. The status line and headers are read here, chunked transfer coding
 * is undone and gzip/deflate content coding inflated (zlib), and the
 * Content-Type decides whether the body is a page. Anything else becomes
 * an error record, "skipped: ..." when the record is well-formed but not a
 * page, so no record disappears silently.
 */
#include "tool_http.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* Make doc an error record with the message fmt; skipped: a well-formed
 * record that is not a page (counted as skipped, not as a failure). */
static void
fail(tool_doc *doc,
     bool skipped,
     const char *fmt,
     ...) __attribute__((format(printf, 3, 4)));

static void
fail(tool_doc *doc,
     bool skipped,
     const char *fmt,
     ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    free(doc->error);
    doc->error = strdup(msg);
    doc->skipped = skipped;
}

/* See tool_http.h. */
bool
tool_http_field(const char *line,
                size_t len,
                size_t *nlen,
                const char **v,
                size_t *vlen)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return false;
    size_t n = (size_t)(colon - line);
    const char *s = colon + 1;
    size_t sl = len - n - 1;
    while (sl && (*s == ' ' || *s == '\t')) {
        s++;
        sl--;
    }
    while (sl && (s[sl - 1] == ' ' || s[sl - 1] == '\t'))
        sl--;
    *nlen = n;
    *v = s;
    *vlen = sl;
    return true;
}

/* See tool_http.h. */
void
tool_http_content_type(const char *v,
                   size_t n,
                   char *mt,
                   size_t mtcap,
                   char *cs,
                   size_t cscap)
{
    size_t i = 0, k = 0;
    while (i < n && (v[i] == ' ' || v[i] == '\t'))
        i++;
    while (i < n && v[i] != ';' && v[i] != ' ' && v[i] != '\t' && k + 1 < mtcap)
        mt[k++] = (char)tolower((unsigned char)v[i++]);
    mt[k] = '\0';
    cs[0] = '\0';
    for (; i < n; i++) {
        if (n - i > 8 && strncasecmp(v + i, "charset=", 8) == 0) {
            i += 8;
            if (i < n && (v[i] == '"' || v[i] == '\''))
                i++;
            k = 0;
            while (i < n && v[i] != '"' && v[i] != '\'' && v[i] != ';' &&
                   v[i] != ' ' && k + 1 < cscap)
                cs[k++] = v[i++];
            cs[k] = '\0';
            return;
        }
    }
}

/* See tool_http.h. */
bool
tool_http_is_html(const char *mt)
{
    return strcmp(mt, "text/html") == 0 ||
           strcmp(mt, "application/xhtml+xml") == 0;
}

/* See tool_http.h. */
bool
tool_http_looks_like_markup(const unsigned char *p,
                  size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && i < 1024 && isspace(p[i]))
        i++;
    return i < n && p[i] == '<';
}

/*
 * Undo chunked transfer coding in place in p[0..*n). Returns false when the
 * chunk framing is broken (the body is then left as far as it was decoded).
 */
static bool
dechunk(unsigned char *p,
        size_t *n)
{
    size_t in = 0, out = 0, len = *n;
    for (unsigned chunks = 0; chunks < 1000000; chunks++) {
        uint64_t sz = 0;
        size_t digits = 0;
        while (in < len && isxdigit(p[in]) && digits < 16) {
            int c = p[in];
            sz = sz * 16 + (uint64_t)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
            in++;
            digits++;
        }
        if (!digits)
            break;
        while (in < len && p[in] != '\n') /* chunk extensions, CR */
            in++;
        if (in >= len)
            break;
        in++;
        if (sz == 0) {
            *n = out;
            return true;
        }
        if (sz > len - in)
            break;
        memmove(p + out, p + in, (size_t)sz);
        out += (size_t)sz;
        in += (size_t)sz;
        if (in < len && p[in] == '\r')
            in++;
        if (in < len && p[in] == '\n')
            in++;
    }
    *n = out;
    return false;
}

/*
 * Inflate a gzip or zlib/deflate content coding of p[0..n) into a new buffer
 * of at most cap bytes. Returns NULL (and *why) when it fails or is too big.
 */
static unsigned char *
decode_content(const unsigned char *p,
               size_t n,
               bool raw_deflate,
               size_t cap,
               size_t *outlen,
               const char **why)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, raw_deflate ? -15 : 15 + 32) != Z_OK) {
        *why = "out of memory";
        return NULL;
    }
    size_t bcap = n * 4 + 4096;
    if (bcap > cap + 1)
        bcap = cap + 1;
    unsigned char *buf = malloc(bcap);
    size_t len = 0;
    int ret = Z_OK;
    z.next_in = (unsigned char *)(uintptr_t)p;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    while (buf) {
        if (len == bcap) {
            if (bcap > cap) {
                *why = "decoded body exceeds the size limit";
                goto fail;
            }
            size_t nc = bcap * 2 > cap + 1 ? cap + 1 : bcap * 2;
            unsigned char *nb = realloc(buf, nc);
            if (!nb) {
                *why = "out of memory";
                goto fail;
            }
            buf = nb;
            bcap = nc;
        }
        z.next_out = buf + len;
        z.avail_out = (uInt)(bcap - len > UINT32_MAX ? UINT32_MAX : bcap - len);
        size_t before = z.avail_out;
        ret = inflate(&z, Z_NO_FLUSH);
        len += before - z.avail_out;
        if (ret == Z_STREAM_END)
            break;
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            *why = "corrupt Content-Encoding data";
            goto fail;
        }
        if (ret == Z_BUF_ERROR && z.avail_in == 0) {
            *why = "truncated Content-Encoding data";
            goto fail;
        }
    }
    if (!buf) {
        *why = "out of memory";
        goto fail;
    }
    if (len > cap) {
        *why = "decoded body exceeds the size limit";
        goto fail;
    }
    inflateEnd(&z);
    unsigned char *nb = realloc(buf, len + 1); /* room for the NUL */
    if (!nb) {
        free(buf);
        *why = "out of memory";
        return NULL;
    }
    nb[len] = '\0';
    *outlen = len;
    return nb;
fail:
    inflateEnd(&z);
    free(buf);
    return NULL;
}

/* See tool_http.h. */
void
tool_http_response(unsigned char *p,
                   size_t n,
                   size_t doc_cap,
                   unsigned long long offset,
                   tool_doc *doc)
{
    size_t lim = n < TOOL_HTTP_HEADER_CAP ? n : TOOL_HTTP_HEADER_CAP;
    if (lim < 5 || memcmp(p, "HTTP/", 5) != 0) {
        fail(doc, true, "offset %llu: skipped: response payload is not HTTP",
                  offset);
        free(p);
        return;
    }
    /* status code: the token after the first space */
    const unsigned char *sp = memchr(p, ' ', lim);
    int status = 0;
    if (sp) {
        for (int i = 1; i <= 3 && sp + i < p + lim && isdigit(sp[i]); i++)
            status = status * 10 + (sp[i] - '0');
    }
    /* end of the header block: first empty line */
    size_t body = 0, pos = 0;
    char mt[128] = "", cs[64] = "";
    bool chunked = false, have_type = false;
    int coding = 0; /* 0 identity, 1 gzip/zlib, 2 raw deflate, -1 other */
    char coding_name[32] = "";
    while (pos < lim) {
        const unsigned char *nl = memchr(p + pos, '\n', lim - pos);
        if (!nl)
            break;
        size_t le = (size_t)(nl - p);
        size_t l = le - pos;
        if (l > 0 && p[le - 1] == '\r')
            l--;
        const char *line = (const char *)p + pos;
        pos = le + 1;
        if (l == 0) {
            body = pos;
            break;
        }
        size_t nlen = 0, vlen = 0;
        const char *v = NULL;
        if (!tool_http_field(line, l, &nlen, &v, &vlen))
            continue; /* the status line */
        if (nlen == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
            tool_http_content_type(v, vlen, mt, sizeof mt, cs, sizeof cs);
            have_type = true;
        } else if (nlen == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
            chunked = vlen >= 7 && strncasecmp(v + vlen - 7, "chunked", 7) == 0;
        } else if (nlen == 16 && strncasecmp(line, "Content-Encoding", 16) == 0) {
            snprintf(coding_name, sizeof coding_name, "%.*s", (int)vlen, v);
            if (vlen == 0 || (vlen == 8 && strncasecmp(v, "identity", 8) == 0))
                coding = 0;
            else if ((vlen == 4 && strncasecmp(v, "gzip", 4) == 0) ||
                     (vlen == 6 && strncasecmp(v, "x-gzip", 6) == 0))
                coding = 1;
            else if (vlen == 7 && strncasecmp(v, "deflate", 7) == 0)
                coding = 1; /* zlib-wrapped; raw deflate tried below */
            else
                coding = -1;
        }
    }
    if (!body) {
        fail(doc, false, "offset %llu: malformed HTTP headers",
                  offset);
        free(p);
        return;
    }
    if (status < 200 || status > 299) {
        fail(doc, true, "offset %llu: skipped: HTTP status %d",
                  offset, status);
        free(p);
        return;
    }
    if (have_type && !tool_http_is_html(mt)) {
        fail(doc, true, "offset %llu: skipped: not HTML (%s)",
                  offset, mt[0] ? mt : "empty Content-Type");
        free(p);
        return;
    }
    if (coding < 0) {
        fail(doc, true, "offset %llu: skipped: unsupported Content-Encoding "
                  "%s", offset, coding_name);
        free(p);
        return;
    }
    size_t blen = n - body;
    memmove(p, p + body, blen);
    if (chunked && !dechunk(p, &blen)) {
        fail(doc, false, "offset %llu: malformed chunked body",
                  offset);
        free(p);
        return;
    }
    if (coding == 1) {
        const char *why = NULL;
        size_t dlen = 0;
        unsigned char *d = decode_content(p, blen, false, doc_cap, &dlen, &why);
        if (!d && strcmp(coding_name, "deflate") == 0)
            d = decode_content(p, blen, true, doc_cap, &dlen, &why);
        free(p);
        if (!d) {
            fail(doc, false, "offset %llu: %s", offset, why);
            return;
        }
        p = d;
        blen = dlen;
    }
    if (blen > doc_cap) {
        fail(doc, false, "offset %llu: document of %zu bytes exceeds the "
                  "limit of %zu bytes", offset, blen, doc_cap);
        free(p);
        return;
    }
    if (!have_type && !tool_http_looks_like_markup(p, blen)) {
        fail(doc, true, "offset %llu: skipped: not HTML (no Content-Type)",
                  offset);
        free(p);
        return;
    }
    p[blen] = '\0'; /* the buffer always has one byte more than blen */
    doc->data = (char *)p;
    doc->len = blen;
    doc->format = SS_FORMAT_HTML;
    if (cs[0])
        doc->charset_hint = strdup(cs);
}
