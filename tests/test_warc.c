/*
 * test_warc.c - the WARC/WET source of the command (filter/cli/tool_warc.c):
 * which records become documents, what they carry, and that every damaged
 * input (truncated members, malformed headers, garbage, oversized records,
 * non-HTML payloads) becomes an error record while the stream goes on.
 *
 * The files under tests/data/warc are made by tests/data/warc/make_warc.py.
 * The source is part of the command, so it is compiled into this test, through
 * the fuzz target, whose entry point replays the fuzz corpus.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define SS_FUZZ_REPLAY 1 /* the source with its real buffer sizes */
#include "fuzz/fuzz_warc.c" /* includes filter/cli/tool_warc.c */

TestSuite(warc);

#define MAX_DOCS 64
#define DATA SS_TEST_DATA "/warc/"

/* Read every doc of one file; returns how many. */
static size_t
read_file(const char *path,
          size_t doc_cap,
          tool_doc *docs)
{
    char *paths[1] = {(char *)path};
    tool_limits lim = {.max_doc_bytes = doc_cap, .max_line_bytes = 0};
    tool_source *src = tool_source_warc(paths, 1, &lim);
    cr_assert_not_null(src);
    size_t k = 0;
    tool_doc d;
    while (src->next(src, &d) == TOOL_NEXT_DOC) {
        cr_assert(k < MAX_DOCS, "too many docs from %s", path);
        docs[k++] = d;
    }
    src->free(src);
    return k;
}

static void
free_all(tool_doc *docs,
         size_t n)
{
    for (size_t i = 0; i < n; i++)
        tool_doc_clear(&docs[i]);
}

/* Is the doc an error whose message contains what? */
static bool
error_has(const tool_doc *d,
          const char *what)
{
    return d->error && strstr(d->error, what) != NULL;
}

#define ID(n) "<urn:uuid:00000000-0000-0000-0000-00000000000" #n ">"

/* The records of good.warc as the source must report them, in any layout. */
static void
check_good(const char *path)
{
    tool_doc d[MAX_DOCS];
    size_t n = read_file(path, 0, d);
    /* warcinfo, request and metadata produce nothing: 10 records, 7 docs */
    cr_assert_eq(n, 7, "%s: %zu docs", path, n);

    cr_assert_null(d[0].error, "%s", d[0].error);
    cr_assert_str_eq(d[0].record_id, ID(2));
    cr_assert_str_eq(d[0].url, "http://news.example/ferry");
    cr_assert_eq(d[0].format, SS_FORMAT_HTML);
    cr_assert_str_eq(d[0].charset_hint, "ISO-8859-1");
    cr_assert(d[0].len > 100);
    cr_assert(strncmp(d[0].data, "<!DOCTYPE html>", 15) == 0,
              "HTTP headers are stripped");
    cr_assert_null(strstr(d[0].data, "HTTP/1.1"));
    cr_assert_str_eq(d[0].input, path);

    cr_assert(error_has(&d[1], "skipped: not HTML (image/png)"), "%s",
              d[1].error);
    cr_assert_str_eq(d[1].record_id, ID(4));
    cr_assert_null(d[1].data);
    cr_assert(error_has(&d[2], "skipped: HTTP status 404"), "%s", d[2].error);

    /* chunked transfer coding undone */
    cr_assert_null(d[3].error);
    cr_assert(strncmp(d[3].data, "<html>", 6) == 0);
    cr_assert_null(strstr(d[3].data, "\r\n0\r\n"));
    cr_assert(strstr(d[3].data, "library on Sundays"));

    /* resource record: payload as is */
    cr_assert_null(d[4].error);
    cr_assert_str_eq(d[4].url, "file:///archive/harbor.html");
    cr_assert_str_eq(d[4].charset_hint, "utf-8");
    cr_assert(strstr(d[4].data, "Harbor festival"));

    /* gzip content coding inflated, quoted charset unquoted */
    cr_assert_null(d[5].error, "%s", d[5].error);
    cr_assert_str_eq(d[5].charset_hint, "utf-8");
    cr_assert(strstr(d[5].data, "Trail reopens"));

    /* WARC/1.1, <uri> brackets removed, header names in any case */
    cr_assert_null(d[6].error);
    cr_assert_str_eq(d[6].url, "http://news.example/v11");
    cr_assert_eq(d[6].format, SS_FORMAT_HTML);
    free_all(d, n);
}

Test(warc, plain_warc_records_become_documents)
{
    check_good(DATA "good.warc");
}

Test(warc, gzip_member_per_record_reads_the_same)
{
    check_good(DATA "good.warc.gz");
}

Test(warc, whole_file_gzip_stream_reads_the_same)
{
    check_good(DATA "single.warc.gz");
}

Test(warc, wet_conversion_records_are_text)
{
    tool_doc d[MAX_DOCS];
    size_t n = read_file(DATA "wet.warc.wet", 0, d);
    cr_assert_eq(n, 2);
    for (size_t i = 0; i < n; i++) {
        cr_assert_null(d[i].error);
        cr_assert_eq(d[i].format, SS_FORMAT_TEXT);
    }
    cr_assert_str_eq(d[0].url, "http://news.example/ferry");
    cr_assert(strncmp(d[0].data, "Valley Bank Notes:River ferry", 29) == 0);
    cr_assert_str_eq(d[1].record_id,
                     "<urn:uuid:10000000-0000-0000-0000-000000000002>");
    free_all(d, n);
}

Test(warc, truncated_last_member_is_an_error_record)
{
    tool_doc d[MAX_DOCS];
    size_t n = read_file(DATA "truncated.warc.gz", 0, d);
    cr_assert_eq(n, 1);
    cr_assert(error_has(&d[0], "truncated record"), "%s", d[0].error);
    cr_assert_str_eq(d[0].record_id, ID(2), "the error names the record");
    free_all(d, n);
}

Test(warc, truncated_member_in_the_middle_does_not_lose_the_next)
{
    tool_doc d[MAX_DOCS];
    size_t n = read_file(DATA "truncated-mid.warc.gz", 0, d);
    cr_assert_eq(n, 2);
    cr_assert(error_has(&d[0], "truncated record"), "%s", d[0].error);
    cr_assert_null(d[1].error, "%s", d[1].error);
    cr_assert_str_eq(d[1].record_id, ID(7));
    free_all(d, n);
}

/* Append one gzip member holding a resource record of payload p[0..n) to f;
 * hcrc asks for a header CRC (FHCRC). */
static void
put_member(FILE *f,
           const char *uri,
           const unsigned char *p,
           size_t n,
           int hcrc)
{
    char head[256];
    int hl = snprintf(head, sizeof head,
                      "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: %s\r\n"
                      "Content-Type: text/html\r\nContent-Length: %zu\r\n\r\n",
                      uri, n);
    size_t rl = (size_t)hl + n + 4;
    unsigned char *rec = malloc(rl);
    memcpy(rec, head, (size_t)hl);
    memcpy(rec + hl, p, n);
    memcpy(rec + hl + n, "\r\n\r\n", 4);
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    gz_header gh;
    memset(&gh, 0, sizeof gh);
    gh.hcrc = hcrc;
    gh.os = 255;
    cr_assert_eq(deflateSetHeader(&z, &gh), Z_OK);
    size_t cap = deflateBound(&z, (uLong)rl) + 64;
    unsigned char *out = malloc(cap);
    z.next_in = rec;
    z.avail_in = (uInt)rl;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    cr_assert_eq(fwrite(out, 1, cap - z.avail_out, f), cap - z.avail_out);
    deflateEnd(&z);
    free(out);
    free(rec);
}

/* Members that the whole-member path (libdeflate, when built in) cannot
 * take go to zlib: one larger than the member buffer, one whose compressed
 * bytes exceed half the input buffer, one with a header CRC. Every record
 * must come out whole and in order, and a member truncated at the end is
 * still an error record. */
Test(warc, members_of_every_size_and_header_read_whole)
{
    char path[] = "/tmp/ss_warc_sizes_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    size_t big = 5u << 20, noisy = 700u << 10;
    unsigned char *p = malloc(big);
    for (size_t i = 0; i < big; i++) /* compresses about 1000:1 */
        p[i] = "<p>harbor ferry</p>\n"[i % 20];
    unsigned char *q = malloc(noisy); /* does not compress */
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < noisy; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        q[i] = (unsigned char)('a' + x % 26);
    }
    const char *small = "<html><p>Small page</p></html>";
    put_member(f, "http://a.example/1", (const unsigned char *)small, strlen(small), 0);
    put_member(f, "http://a.example/2", p, big, 0);
    put_member(f, "http://a.example/3", q, noisy, 0);
    put_member(f, "http://a.example/4", (const unsigned char *)small, strlen(small), 1);
    put_member(f, "http://a.example/5", (const unsigned char *)small, strlen(small), 0);
    long whole = ftell(f);
    put_member(f, "http://a.example/6", q, 4096, 0);
    fclose(f);
    cr_assert_eq(truncate(path, whole + 100), 0); /* cut the last member */

    tool_doc d[MAX_DOCS];
    size_t n = read_file(path, 0, d);
    cr_assert_eq(n, 6, "%zu docs", n);
    size_t want_len[5] = {strlen(small), big, noisy, strlen(small), strlen(small)};
    const unsigned char *want[5] = {(const unsigned char *)small, p, q,
                                    (const unsigned char *)small,
                                    (const unsigned char *)small};
    for (int i = 0; i < 5; i++) {
        char uri[64];
        snprintf(uri, sizeof uri, "http://a.example/%d", i + 1);
        cr_assert_null(d[i].error, "record %d: %s", i + 1, d[i].error);
        cr_assert_str_eq(d[i].url, uri);
        cr_assert_eq(d[i].len, want_len[i], "record %d: %zu bytes", i + 1, d[i].len);
        cr_assert(memcmp(d[i].data, want[i], want_len[i]) == 0, "record %d", i + 1);
    }
    cr_assert(error_has(&d[5], "truncated"), "%s", d[5].error);
    free_all(d, n);
    unlink(path);
    free(p);
    free(q);
}

Test(warc, truncated_plain_record_is_an_error_record)
{
    tool_doc d[MAX_DOCS];
    size_t n = read_file(DATA "truncated.warc", 0, d);
    cr_assert_eq(n, 1);
    cr_assert(error_has(&d[0], "truncated record"), "%s", d[0].error);
    free_all(d, n);
}

Test(warc, malformed_headers_and_garbage_resync_on_the_next_record)
{
    tool_doc d[MAX_DOCS];
    size_t n = read_file(DATA "malformed.warc", 0, d);
    cr_assert_eq(n, 11, "%zu docs", n);
    cr_assert(error_has(&d[0], "garbage"), "%s", d[0].error);
    cr_assert(error_has(&d[2], "missing Content-Length"), "%s", d[2].error);
    cr_assert(error_has(&d[4], "invalid Content-Length"), "%s", d[4].error);
    cr_assert(error_has(&d[6], "malformed headers"), "%s", d[6].error);
    cr_assert(error_has(&d[8], "unsupported version WARC/2.0"), "%s",
              d[8].error);
    cr_assert(error_has(&d[9], "garbage"), "%s", d[9].error);
    /* every good record between the bad ones survives */
    for (size_t i = 1; i < n; i += 2) {
        if (i == 9)
            i = 10;
        cr_assert_null(d[i].error, "doc %zu: %s", i, d[i].error);
        cr_assert_str_eq(d[i].record_id, ID(7));
        cr_assert(strstr(d[i].data, "Harbor festival"));
    }
    /* messages say where: "offset N:" */
    cr_assert(strncmp(d[2].error, "offset ", 7) == 0);
    free_all(d, n);
}

Test(warc, bytes_between_gzip_members_are_reported)
{
    tool_doc d[MAX_DOCS];
    size_t n = read_file(DATA "garbage.warc.gz", 0, d);
    cr_assert_eq(n, 3);
    cr_assert_null(d[0].error);
    cr_assert(error_has(&d[1], "skipped 128 bytes of garbage"), "%s",
              d[1].error);
    cr_assert_null(d[2].error);
    cr_assert_str_eq(d[2].record_id, ID(6));
    free_all(d, n);
}

Test(warc, oversized_records_are_skipped_and_reported)
{
    /* a 200-byte cap: the 504-byte ferry page and friends are too big */
    tool_doc d[MAX_DOCS];
    size_t n = read_file(DATA "good.warc.gz", 200, d);
    cr_assert_eq(n, 7);
    cr_assert(error_has(&d[0], "exceeds the limit"), "%s", d[0].error);
    cr_assert_str_eq(d[0].record_id, ID(2));
    cr_assert_null(d[4].error, "a small record still passes: %s", d[4].error);
    free_all(d, n);
}

Test(warc, missing_file_and_several_files)
{
    char *paths[3] = {DATA "wet.warc.wet", "/nonexistent/x.warc",
                      DATA "good.warc"};
    tool_source *src = tool_source_warc(paths, 3, NULL);
    tool_doc d;
    size_t n = 0, errors = 0;
    bool saw_open_error = false;
    while (src->next(src, &d) == TOOL_NEXT_DOC) {
        if (error_has(&d, "cannot open")) {
            saw_open_error = true;
            cr_assert_str_eq(d.input, "/nonexistent/x.warc");
        }
        errors += d.error != NULL;
        n++;
        tool_doc_clear(&d);
    }
    src->free(src);
    cr_assert(saw_open_error);
    cr_assert_eq(n, 2 + 1 + 7);
    cr_assert_eq(errors, 1 + 2);
}

Test(warc, reads_stdin_as_dash)
{
    int fd = open(DATA "good.warc.gz", O_RDONLY);
    cr_assert(fd >= 0);
    cr_assert(dup2(fd, STDIN_FILENO) >= 0);
    close(fd);
    tool_doc d[MAX_DOCS];
    size_t n = read_file("-", 0, d);
    cr_assert_eq(n, 7);
    cr_assert_str_eq(d[0].input, "-");
    cr_assert_null(d[0].error);
    free_all(d, n);
}

Test(warc, random_damage_never_hangs_or_crashes)
{
    /* flip bytes of good.warc.gz at many positions; each variant must end */
    FILE *f = fopen(DATA "good.warc.gz", "rb");
    cr_assert_not_null(f);
    unsigned char buf[8192];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char tmpl[] = "/tmp/ss_warc_XXXXXX";
    int fd = mkstemp(tmpl);
    cr_assert(fd >= 0);
    close(fd);
    unsigned seed = 12345;
    for (int round = 0; round < 200; round++) {
        unsigned char v[8192];
        memcpy(v, buf, len);
        for (int k = 0; k < 1 + round % 5; k++) {
            seed = seed * 1103515245u + 12345u;
            v[(seed >> 8) % len] ^= (unsigned char)(1u << (seed % 8));
        }
        size_t vlen = round % 3 == 0 ? len - (seed % len) : len;
        FILE *w = fopen(tmpl, "wb");
        fwrite(v, 1, vlen, w);
        fclose(w);
        tool_doc d[MAX_DOCS];
        size_t n = read_file(tmpl, 0, d);
        for (size_t i = 0; i < n; i++)
            cr_assert(d[i].error || d[i].data, "a doc has data or an error");
        free_all(d, n);
    }
    unlink(tmpl);
}

/* Replay every file of the fuzz corpus through the fuzz target's entry point
 * (which aborts on a malformed doc): the crashes found so far stay fixed. */
Test(warc, fuzz_corpus_replays_cleanly)
{
    const char *dir = SS_SOURCE_DIR "/tests/fuzz/corpus/warc";
    DIR *dh = opendir(dir);
    if (!dh)
        cr_skip_test("no corpus at %s", dir);
    struct dirent *e;
    size_t files = 0;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f);
        static uint8_t buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        cr_assert_eq(LLVMFuzzerTestOneInput(buf, n), 0);
        files++;
    }
    closedir(dh);
    unlink(fuzz_path());
    cr_assert(files > 0);
}
