/*
 * test_http.c - the HTTP message of a WARC response record
 * (filter/cli/tool_http.c): which responses become pages, how their bodies
 * are decoded (chunked, gzip, zlib and raw deflate), and the error record,
 * with its exact message, for every response that is not a page or is
 * damaged. The record-level reading is tested in test_warc.c.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "tool_http.h"

TestSuite(http);

#define OFFSET 42ull

/* Run tool_http_response on the n bytes of msg (copied, with the spare byte
 * the function needs) with a page limit of cap bytes, into *d. */
static void
respond(const void *msg,
        size_t n,
        size_t cap,
        tool_doc *d)
{
    memset(d, 0, sizeof *d);
    unsigned char *p = malloc(n + 1);
    cr_assert_not_null(p);
    memcpy(p, msg, n);
    tool_http_response(p, n, cap, OFFSET, d);
}

/* The same for a NUL-terminated message. */
static void
respond_str(const char *msg,
            size_t cap,
            tool_doc *d)
{
    respond(msg, strlen(msg), cap, d);
}

/* d is an error record with exactly the message want, skipped or not. */
static void
assert_error(const tool_doc *d,
             const char *want,
             bool skipped)
{
    cr_assert_null(d->data);
    cr_assert_not_null(d->error, "no error, want \"%s\"", want);
    cr_assert_str_eq(d->error, want);
    cr_assert_eq(d->skipped, skipped, "%s: skipped %d", want, d->skipped);
}

/* d is a page whose body is exactly want. */
static void
assert_page(const tool_doc *d,
            const char *want)
{
    cr_assert_null(d->error, "%s", d->error);
    cr_assert_eq(d->format, SS_FORMAT_HTML);
    cr_assert_eq(d->len, strlen(want));
    cr_assert_str_eq(d->data, want); /* NUL-terminated after len */
}

/*
 * An HTTP message whose body is body[0..n) coded by zlib with window bits
 * wbits (31 gzip, 15 zlib, -15 raw deflate), after the header lines hdr,
 * into a new buffer; its length in *len.
 */
static unsigned char *
coded_message(const char *hdr,
              const char *body,
              size_t n,
              int wbits,
              size_t *len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t hl = strlen(hdr), cap = hl + deflateBound(&z, (uLong)n) + 16;
    unsigned char *out = malloc(cap);
    cr_assert_not_null(out);
    memcpy(out, hdr, hl);
    z.next_in = (unsigned char *)(uintptr_t)body;
    z.avail_in = (uInt)n;
    z.next_out = out + hl;
    z.avail_out = (uInt)(cap - hl);
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *len = hl + z.total_out;
    deflateEnd(&z);
    return out;
}

Test(http, a_2xx_html_response_becomes_its_body_with_the_charset)
{
    tool_doc d;
    respond_str("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n"
                "Content-Length: 13\r\n\r\n<p>Harbor</p>", 1000, &d);
    assert_page(&d, "<p>Harbor</p>");
    cr_assert_str_eq(d.charset_hint, "ISO-8859-1");
    tool_doc_clear(&d);

    /* LF-only lines, xhtml, no charset, status 204 still 2xx */
    respond_str("HTTP/1.0 204 No Content\nContent-Type: application/xhtml+xml\n\n<html/>",
                1000, &d);
    assert_page(&d, "<html/>");
    cr_assert_null(d.charset_hint);
    tool_doc_clear(&d);
}

Test(http, without_a_content_type_only_markup_is_a_page)
{
    tool_doc d;
    respond_str("HTTP/1.1 200 OK\r\n\r\n\xEF\xBB\xBF \n\t<html>x</html>", 1000, &d);
    assert_page(&d, "\xEF\xBB\xBF \n\t<html>x</html>");
    tool_doc_clear(&d);

    respond_str("HTTP/1.1 200 OK\r\n\r\n{\"json\": true}", 1000, &d);
    assert_error(&d, "offset 42: skipped: not HTML (no Content-Type)", true);
    tool_doc_clear(&d);
}

Test(http, responses_that_are_not_pages_are_skipped_with_the_reason)
{
    tool_doc d;
    respond_str("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 1000, &d);
    assert_error(&d, "offset 42: skipped: response payload is not HTTP", true);
    tool_doc_clear(&d);

    respond_str("HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n<html>", 1000, &d);
    assert_error(&d, "offset 42: skipped: HTTP status 301", true);
    tool_doc_clear(&d);

    respond_str("HTTP/1.1 200 OK\r\nContent-Type: IMAGE/PNG\r\n\r\n\x89PNG", 1000, &d);
    assert_error(&d, "offset 42: skipped: not HTML (image/png)", true);
    tool_doc_clear(&d);

    respond_str("HTTP/1.1 200 OK\r\nContent-Type:\r\n\r\n<html>", 1000, &d);
    assert_error(&d, "offset 42: skipped: not HTML (empty Content-Type)", true);
    tool_doc_clear(&d);

    respond_str("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br \r\n"
                "\r\n<html>", 1000, &d);
    assert_error(&d, "offset 42: skipped: unsupported Content-Encoding br", true);
    tool_doc_clear(&d);
}

Test(http, damaged_responses_are_errors)
{
    tool_doc d;
    respond_str("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n<html>", 1000, &d);
    assert_error(&d, "offset 42: malformed HTTP headers", false);
    tool_doc_clear(&d);

    respond_str("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n<html>", 1000, &d);
    assert_error(&d, "offset 42: malformed chunked body", false);
    tool_doc_clear(&d);

    /* a chunk longer than what is left */
    respond_str("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n<html>", 1000, &d);
    assert_error(&d, "offset 42: malformed chunked body", false);
    tool_doc_clear(&d);

    respond_str("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>0123456789", 10, &d);
    assert_error(&d, "offset 42: document of 16 bytes exceeds the limit of 10 bytes", false);
    tool_doc_clear(&d);
}

Test(http, chunked_bodies_are_joined_and_extensions_ignored)
{
    tool_doc d;
    respond_str("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: "
                "gzip, chunked\r\n\r\n3;name=v\r\n<p>\r\nA\r\nHarbor day\r\n0\r\n\r\n",
                1000, &d);
    /* "gzip, chunked" as a transfer coding: only the chunking is undone */
    assert_page(&d, "<p>Harbor day");
    tool_doc_clear(&d);
}

Test(http, gzip_zlib_and_raw_deflate_bodies_are_inflated)
{
    const char *body = "<html><p>Trail reopens after the storm</p></html>";
    const struct {
        const char *coding;
        int wbits;
    } cases[] = {{"gzip", 31}, {"x-gzip", 31}, {"deflate", 15}, {"deflate", -15}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hdr[160];
        snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 "Content-Encoding: %s\r\n\r\n", cases[i].coding);
        size_t n = 0;
        unsigned char *m = coded_message(hdr, body, strlen(body), cases[i].wbits, &n);
        tool_doc d;
        respond(m, n, 1000, &d);
        assert_page(&d, body);
        tool_doc_clear(&d);
        free(m);
    }
}

Test(http, damaged_or_oversized_coded_bodies_are_errors)
{
    char body[4000];
    memset(body, 'a', sizeof body);
    memcpy(body, "<html>", 6);
    const char *hdr = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n";
    size_t n = 0;
    unsigned char *m = coded_message(hdr, body, sizeof body, 31, &n);
    tool_doc d;

    /* inflates to more than the limit: stopped at the limit, not after */
    respond(m, n, 1000, &d);
    assert_error(&d, "offset 42: decoded body exceeds the size limit", false);
    tool_doc_clear(&d);

    /* the last bytes cut off */
    respond(m, n - 6, 8000, &d);
    assert_error(&d, "offset 42: truncated Content-Encoding data", false);
    tool_doc_clear(&d);

    /* a flipped bit in the first block header: not deflate data */
    m[strlen(hdr) + 10] ^= 0xff;
    respond(m, n, 8000, &d);
    cr_assert_not_null(d.error);
    cr_assert(strcmp(d.error, "offset 42: corrupt Content-Encoding data") == 0 ||
              strcmp(d.error, "offset 42: truncated Content-Encoding data") == 0,
              "%s", d.error);
    cr_assert_not(d.skipped);
    tool_doc_clear(&d);
    free(m);
}

Test(http, content_type_is_split_and_truncated_to_fit)
{
    char mt[16], cs[8];
    const char *v = " Text/HTML ; Charset='windows-1252'";
    tool_http_content_type(v, strlen(v), mt, sizeof mt, cs, sizeof cs);
    cr_assert_str_eq(mt, "text/html");
    cr_assert_str_eq(cs, "windows"); /* 7 bytes and the NUL */

    v = "application/xhtml+xml";
    tool_http_content_type(v, strlen(v), mt, sizeof mt, cs, sizeof cs);
    cr_assert_str_eq(mt, "application/xht");
    cr_assert_str_eq(cs, "");
    cr_assert(tool_http_is_html("application/xhtml+xml"));
    cr_assert_not(tool_http_is_html("text/plain"));
    cr_assert_not(tool_http_looks_like_markup((const unsigned char *)"  \n", 3));
}
