/*
 * test_jsonl.c - the JSON Lines source of the command (filter/cli/tool_jsonl.c):
 * one doc per input line in order, error records for every kind of bad line,
 * gzip and stdin input, bounded lines, and replay of the fuzz corpus.
 *
 * The source is part of the command, not the library, so it is compiled into
 * this test, through the fuzz target, whose entry point replays the corpus.
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
#include "fuzz/fuzz_jsonl.c" /* includes filter/cli/tool_jsonl.c */

TestSuite(jsonl);

#define MAX_DOCS 64

/* Write len bytes to a new temp file; returns its malloc'ed path. */
static char *
write_tmp(const char *bytes,
          size_t len,
          const char *suffix)
{
    char tmpl[] = "/tmp/ss_jsonl_XXXXXX";
    int fd = mkstemp(tmpl);
    cr_assert(fd >= 0);
    close(fd);
    unlink(tmpl);
    char *path = malloc(strlen(tmpl) + strlen(suffix) + 1);
    strcpy(path, tmpl);
    strcat(path, suffix);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

/* Read every doc from the paths; returns how many (at most MAX_DOCS). */
static size_t
read_all(char *const *paths,
         size_t n,
         const tool_limits *lim,
         tool_doc *docs)
{
    tool_source *src = tool_source_jsonl(paths, n, lim);
    cr_assert_not_null(src);
    size_t k = 0;
    tool_doc d;
    while (src->next(src, &d) == TOOL_NEXT_DOC) {
        tool_doc_load(&d); /* decode the line, as the scoring thread does */
        cr_assert(k < MAX_DOCS, "too many docs");
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

Test(jsonl, good_lines_become_documents_in_order)
{
    const char *in =
        "{\"id\": 7, \"url\": \"https://news.example/a\", \"html\": "
        "\"<p>Rain in Portvale</p>\"}\n"
        "{\"id\":\"b-2\",\"text\":\"Harbor reopens\\nSecond line\",\"lang\":\"en\"}\n"
        "{\"id\": {\"shard\": 3, \"n\": [1,2]}, \"html\": \"<b>x</b>\", "
        "\"text\": \"ignored\"}\n";
    char *p = write_tmp(in, strlen(in), ".jsonl");
    tool_doc docs[MAX_DOCS];
    size_t n = read_all(&p, 1, NULL, docs);
    cr_assert_eq(n, 3);

    cr_assert_null(docs[0].error);
    cr_assert_str_eq(docs[0].id_json, "7");
    cr_assert_str_eq(docs[0].url, "https://news.example/a");
    cr_assert_eq(docs[0].format, SS_FORMAT_HTML);
    cr_assert_eq(docs[0].len, strlen("<p>Rain in Portvale</p>"));
    cr_assert(memcmp(docs[0].data, "<p>Rain in Portvale</p>", docs[0].len) == 0);
    char want_input[512];
    snprintf(want_input, sizeof want_input, "%s:1", p);
    cr_assert_str_eq(docs[0].input, want_input);

    cr_assert_null(docs[1].error);
    cr_assert_str_eq(docs[1].id_json, "\"b-2\"");
    cr_assert_null(docs[1].url);
    cr_assert_eq(docs[1].format, SS_FORMAT_TEXT);
    cr_assert_str_eq(docs[1].data, "Harbor reopens\nSecond line");
    /* other fields are kept for pass-through: extra_json is the object */
    json_t *o = json_loads(docs[1].extra_json, 0, NULL);
    cr_assert_not_null(o);
    cr_assert_str_eq(json_string_value(json_object_get(o, "lang")), "en");
    json_decref(o);

    /* "html" wins over "text"; an object id is echoed as written */
    cr_assert_null(docs[2].error);
    cr_assert_eq(docs[2].format, SS_FORMAT_HTML);
    cr_assert_str_eq(docs[2].data, "<b>x</b>");
    cr_assert_str_eq(docs[2].id_json, "{\"shard\": 3, \"n\": [1,2]}");

    free_all(docs, n);
    unlink(p);
    free(p);
}

Test(jsonl, every_bad_line_gets_an_error_record_and_the_stream_goes_on)
{
    const char *in =
        "{\"id\":1,\"html\":\"<p>ok</p>\"}\n"           /* 1 ok */
        "{\"id\":2,\"html\":\"<p>unterminated}\n"       /* 2 invalid JSON */
        "[1,2,3]\n"                                     /* 3 not object */
        "{\"id\":4,\"url\":\"u\"}\n"                    /* 4 no document */
        "{\"id\":5,\"html\":42}\n"                      /* 5 non-string */
        "\n"                                            /* 6 empty */
        "{\"id\":7,\"text\":\"fine\"} trailing\n"       /* 7 junk after */
        "   \t  \n"                                     /* 8 blank */
        "{\"id\":9,\"text\":\"last\"}\n";               /* 9 ok */
    char *p = write_tmp(in, strlen(in), ".jsonl");
    tool_doc docs[MAX_DOCS];
    size_t n = read_all(&p, 1, NULL, docs);
    cr_assert_eq(n, 9, "one record per input line, got %zu", n);

    cr_assert_null(docs[0].error);
    cr_assert_not_null(docs[1].error);
    cr_assert(strstr(docs[1].error, "line 2: invalid JSON") == docs[1].error,
              "%s", docs[1].error);
    cr_assert(strstr(docs[2].error, "not a JSON object"), "%s", docs[2].error);
    cr_assert(strstr(docs[3].error, "no \"html\" or \"text\""), "%s",
              docs[3].error);
    cr_assert_str_eq(docs[3].id_json, "4", "the id is echoed on errors");
    cr_assert(strstr(docs[4].error, "\"html\" is not a string"), "%s",
              docs[4].error);
    cr_assert(strstr(docs[5].error, "line 6: empty line"), "%s", docs[5].error);
    cr_assert(strstr(docs[6].error, "invalid JSON"), "%s", docs[6].error);
    cr_assert(strstr(docs[7].error, "empty line"), "%s", docs[7].error);
    cr_assert_null(docs[8].error);
    cr_assert_str_eq(docs[8].id_json, "9");
    for (size_t i = 0; i < n; i++) {
        char want[512];
        snprintf(want, sizeof want, "%s:%zu", p, i + 1);
        cr_assert_str_eq(docs[i].input, want);
        if (docs[i].error)
            cr_assert_null(docs[i].data);
    }
    free_all(docs, n);
    unlink(p);
    free(p);
}

Test(jsonl, strings_are_decoded_and_validated_like_json_requires)
{
    /* escapes, a surrogate pair, \u0000 kept, raw UTF-8 passed through; a
     * 20-digit id (too big for jansson) echoed as written; invalid UTF-8,
     * a lone surrogate, a raw control byte and a bad escape are errors;
     * nesting deeper than the fast scanner's cap still parses */
    char deep[2400];
    size_t k = (size_t)sprintf(deep, "{\"id\":");
    for (int i = 0; i < 300; i++)
        deep[k++] = '[';
    for (int i = 0; i < 300; i++)
        deep[k++] = ']';
    k += (size_t)sprintf(deep + k, ",\"text\":\"deep\"}\n");
    char in[4096];
    size_t n = 0;
    n += (size_t)sprintf(in + n, "%s",
        "{\"id\":1,\"text\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\\u0000z\"}\n"
        "{\"id\":12345678901234567890123,\"html\":\"<p>caf\xc3\xa9</p>\"}\n"
        "{\"id\":3,\"html\":\"bad \xc3\x28 byte\"}\n"
        "{\"id\":4,\"html\":\"lone \\udc00\"}\n"
        "{\"id\":5,\"html\":\"tab\there\"}\n"
        "{\"id\":6,\"html\":\"\\x41\"}\n"
        "{\"h\\u0074ml\":\"escaped key\", \"id\" : [1, {\"a\": null}] }\n");
    memcpy(in + n, deep, k);
    n += k;
    char *p = write_tmp(in, n, ".jsonl");
    tool_doc docs[MAX_DOCS];
    size_t got = read_all(&p, 1, NULL, docs);
    cr_assert_eq(got, 8);
    cr_assert_null(docs[0].error, "%s", docs[0].error);
    const char want0[] = "a\"b\\c/d\n\t\xc3\xa9\xf0\x9f\x98\x80\0z";
    cr_assert_eq(docs[0].len, sizeof want0 - 1);
    cr_assert(memcmp(docs[0].data, want0, sizeof want0 - 1) == 0);
    cr_assert_null(docs[1].error, "%s", docs[1].error);
    cr_assert_str_eq(docs[1].id_json, "12345678901234567890123");
    cr_assert_str_eq(docs[1].data, "<p>caf\xc3\xa9</p>");
    for (int i = 2; i <= 5; i++)
        cr_assert(docs[i].error && strstr(docs[i].error, "invalid JSON"),
                  "line %d: %s", i + 1, docs[i].error);
    cr_assert_null(docs[6].error, "%s", docs[6].error);
    cr_assert_str_eq(docs[6].data, "escaped key");
    cr_assert_str_eq(docs[6].id_json, "[1, {\"a\": null}]");
    cr_assert_null(docs[7].error, "%s", docs[7].error);
    cr_assert_str_eq(docs[7].data, "deep");
    free_all(docs, got);
    unlink(p);
    free(p);
}

/* A raw control byte outside a string is not JSON (RFC 8259), even where
 * jansson's reader would stop at a NUL and accept the line: the line gets an
 * error record, so filter passthrough never copies it. */
Test(jsonl, raw_control_byte_outside_a_string_is_invalid)
{
    static const char in[] =
        "{\"id\":1,\"text\":\"a\",\"extra\":[1, 2\0]}\n"
        "{\"id\":2,\"text\":\"b\"\x01}\n"
        "{\"id\":3,\r\t\"text\":\"c\"}\n";
    char *p = write_tmp(in, sizeof in - 1, ".jsonl");
    tool_doc docs[MAX_DOCS];
    size_t got = read_all(&p, 1, NULL, docs);
    cr_assert_eq(got, 3);
    cr_assert(docs[0].error && strstr(docs[0].error, "line 1: invalid JSON: "
                                      "control byte 0x00"), "%s", docs[0].error);
    cr_assert(docs[1].error && strstr(docs[1].error, "control byte 0x01"),
              "%s", docs[1].error);
    cr_assert_null(docs[2].error, "%s", docs[2].error);
    cr_assert_str_eq(docs[2].data, "c");
    free_all(docs, got);
    unlink(p);
    free(p);
}

/* A backslash must start one of JSON's escapes: followed by a NUL byte or
 * another letter it makes the line invalid (the record fuzzer's input of
 * stop 20: a NUL after a backslash was read as an escape of NUL). */
Test(jsonl, backslash_before_a_nul_or_a_non_escape_is_invalid)
{
    static const char in[] =
        "{\"id\":1,\"html\":\"<a href=\\\"/x\\\0>y</a>\"}\n"
        "{\"id\":2,\"text\":\"tab\\q\"}\n"
        "{\"id\":3,\"text\":\"ok\\t\\\"\\\\\\/\"}\n";
    char *p = write_tmp(in, sizeof in - 1, ".jsonl");
    tool_doc docs[MAX_DOCS];
    size_t got = read_all(&p, 1, NULL, docs);
    cr_assert_eq(got, 3);
    cr_assert(docs[0].error && strstr(docs[0].error, "line 1: invalid JSON"), "%s",
              docs[0].error);
    cr_assert(docs[1].error && strstr(docs[1].error, "line 2: invalid JSON"), "%s",
              docs[1].error);
    cr_assert_null(docs[2].error, "%s", docs[2].error);
    cr_assert_str_eq(docs[2].data, "ok\t\"\\/");
    free_all(docs, got);
    unlink(p);
    free(p);
}

Test(jsonl, overlong_line_is_skipped_without_losing_the_next_line)
{
    /* a 300 KB line against a 1000-byte cap, CRLF endings, no final newline */
    size_t big = 300 * 1024;
    char *in = malloc(big + 200);
    size_t k = 0;
    k += (size_t)sprintf(in + k, "{\"id\":1,\"text\":\"a\"}\r\n");
    k += (size_t)sprintf(in + k, "{\"id\":2,\"html\":\"");
    memset(in + k, 'x', big);
    k += big;
    k += (size_t)sprintf(in + k, "\"}\r\n{\"id\":3,\"text\":\"after\"}");
    char *p = write_tmp(in, k, ".jsonl");
    tool_limits lim = {.max_doc_bytes = 1000, .max_line_bytes = 1000};
    tool_doc docs[MAX_DOCS];
    size_t n = read_all(&p, 1, &lim, docs);
    cr_assert_eq(n, 3);
    cr_assert_null(docs[0].error);
    cr_assert_str_eq(docs[0].data, "a", "CR is stripped");
    cr_assert(strstr(docs[1].error, "line 2: line longer than the limit"),
              "%s", docs[1].error);
    cr_assert_null(docs[2].error);
    cr_assert_str_eq(docs[2].data, "after");
    free_all(docs, n);
    unlink(p);
    free(p);
    free(in);
}

/* A page-sized line of repeated pattern `unit` with escapes, between
 * short lines: written to a file, read back with and without the lines
 * kept, every document must decode to the same bytes. Lines this long take
 * the reader's buffer (take_line), and the document is decoded over the
 * line when the line is not kept. */
Test(jsonl, long_lines_with_escapes_decode_the_same_whether_kept_or_not)
{
    const char *unit = "<p class=\\\"a\\\">caf\\u00e9 \\ud83d\\ude00\\n</p>";
    const char *want_unit = "<p class=\"a\">caf\xc3\xa9 \xf0\x9f\x98\x80\n</p>";
    size_t reps = 40000; /* about 1.5 MB per long line */
    size_t ulen = strlen(unit), wlen = strlen(want_unit);
    char *in = malloc(3 * reps * ulen + 512);
    size_t k = 0;
    for (int line = 0; line < 3; line++) {
        k += (size_t)sprintf(in + k, "{\"id\":%d,\"text\":\"short %d\"}\n",
                             2 * line, line);
        k += (size_t)sprintf(in + k, "{\"id\":%d,\"url\":\"u\\/%d\",\"html\":\"",
                             2 * line + 1, line);
        for (size_t r = 0; r < reps - (size_t)line * 999; r++) {
            memcpy(in + k, unit, ulen);
            k += ulen;
        }
        k += (size_t)sprintf(in + k, "\",\"x\":[1]}\n");
    }
    char *p = write_tmp(in, k, ".jsonl");
    for (int keep = 0; keep < 2; keep++) {
        tool_limits lim = {.drop_lines = !keep};
        tool_doc docs[MAX_DOCS];
        size_t n = read_all(&p, 1, &lim, docs);
        cr_assert_eq(n, 6);
        for (int line = 0; line < 3; line++) {
            tool_doc *s = &docs[2 * line], *b = &docs[2 * line + 1];
            char want[32];
            snprintf(want, sizeof want, "short %d", line);
            cr_assert_null(s->error, "%s", s->error);
            cr_assert_str_eq(s->data, want);
            cr_assert_null(b->error, "%s", b->error);
            size_t r = reps - (size_t)line * 999;
            cr_assert_eq(b->len, r * wlen, "line %d: %zu bytes", line, b->len);
            for (size_t i = 0; i < r; i += 997)
                cr_assert(memcmp(b->data + i * wlen, want_unit, wlen) == 0,
                          "line %d, unit %zu", line, i);
            cr_assert(memcmp(b->data + (r - 1) * wlen, want_unit, wlen) == 0);
            snprintf(want, sizeof want, "u/%d", line);
            cr_assert_str_eq(b->url, want);
            if (keep) {
                json_t *o = json_loads(b->extra_json, 0, NULL);
                cr_assert_not_null(o, "the kept line is the whole object");
                cr_assert_eq(strlen(json_string_value(json_object_get(o, "html"))),
                             b->len);
                json_decref(o);
            } else {
                cr_assert_null(b->extra_json);
            }
        }
        free_all(docs, n);
    }
    unlink(p);
    free(p);
    free(in);
}

Test(jsonl, byte_order_mark_on_the_first_line_is_ignored)
{
    const char *in = "\xEF\xBB\xBF{\"id\":1,\"text\":\"first\"}\n"
                     "\xEF\xBB\xBF{\"id\":2,\"text\":\"not at the start\"}\n";
    char *p = write_tmp(in, strlen(in), ".jsonl");
    tool_doc docs[MAX_DOCS];
    size_t n = read_all(&p, 1, NULL, docs);
    cr_assert_eq(n, 2);
    cr_assert_null(docs[0].error, "%s", docs[0].error);
    cr_assert_str_eq(docs[0].data, "first");
    cr_assert_not_null(docs[1].error, "a BOM inside the stream is not JSON");
    free_all(docs, n);
    unlink(p);
    free(p);
}

Test(jsonl, document_over_the_byte_cap_is_an_error)
{
    const char *in = "{\"id\":1,\"html\":\"0123456789abcdef\"}\n"
                     "{\"id\":2,\"html\":\"short\"}\n";
    char *p = write_tmp(in, strlen(in), ".jsonl");
    tool_limits lim = {.max_doc_bytes = 10, .max_line_bytes = 0};
    tool_doc docs[MAX_DOCS];
    size_t n = read_all(&p, 1, &lim, docs);
    cr_assert_eq(n, 2);
    cr_assert(strstr(docs[0].error, "exceeds the limit"), "%s", docs[0].error);
    cr_assert_null(docs[1].error);
    free_all(docs, n);
    unlink(p);
    free(p);
}

/* The lines of the test below: 2,000 of about 1.5 KB, and a long one
 * (600 KB, over JSONL_HANDOVER) at line 1,000; two files. */
#define HELD_LINES 2000u
#define HELD_LONG 1000u

static char *
held_file(unsigned first)
{
    size_t cap = (size_t)HELD_LINES * 1700 + 700000, n = 0;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    for (unsigned i = 0; i < HELD_LINES; i++) {
        unsigned id = first + i;
        size_t body = i == HELD_LONG ? 600000 : 1000 + id % 997;
        n += (size_t)sprintf(buf + n, "{\"id\":%u,\"text\":\"", id);
        for (size_t k = 0; k < body; k++)
            buf[n++] = (char)('a' + (id + k) % 26);
        n += (size_t)sprintf(buf + n, "\"}\n");
    }
    char *path = write_tmp(buf, n, ".jsonl");
    free(buf);
    return path;
}

/* Every doc taken before any is loaded, as a reader thread that fills a
 * window of slots does: the lines stay in read blocks the docs share
 * (tool_jsonl.c, jsonl_block), which must outlive the source and each
 * other's loads, in any order. */
Test(jsonl, docs_taken_before_loading_keep_their_lines)
{
    char *paths[2] = {held_file(0), held_file(HELD_LINES)};
    tool_limits lim = {0, 0, true};
    tool_doc *docs = calloc(2 * HELD_LINES, sizeof *docs);
    cr_assert_not_null(docs);
    for (int drop = 0; drop < 2; drop++) {
        lim.drop_lines = drop;
        tool_source *src = tool_source_jsonl(paths, 2, &lim);
        size_t k = 0;
        while (k < 2 * HELD_LINES && src->next(src, &docs[k]) == TOOL_NEXT_DOC)
            k++;
        cr_assert_eq(k, 2 * HELD_LINES);
        src->free(src); /* the docs keep what they point into */
        for (size_t i = k; i-- > 0;) {
            tool_doc *d = &docs[i];
            tool_doc_load(d);
            cr_assert_null(d->error, "line %zu: %s", i, d->error);
            size_t body = i % HELD_LINES == HELD_LONG ? 600000 : 1000 + i % 997;
            cr_assert_eq(d->len, body, "doc %zu", i);
            size_t wrong = 0;
            for (size_t b = 0; b < body; b++)
                wrong += d->data[b] != (char)('a' + (i + b) % 26);
            cr_assert_eq(wrong, 0, "doc %zu: %zu bytes changed", i, wrong);
            char want[24];
            snprintf(want, sizeof want, "%zu", i);
            cr_assert_str_eq(d->id_json, want);
            if (!drop)
                cr_assert(d->extra_json && strncmp(d->extra_json, "{\"id\":", 6) == 0);
            tool_doc_clear(d);
        }
    }
    free(docs);
    for (int i = 0; i < 2; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
}

Test(jsonl, gzip_input_and_missing_file_and_several_files)
{
    char tmpl[] = "/tmp/ss_jsonl_gz_XXXXXX";
    int fd = mkstemp(tmpl);
    cr_assert(fd >= 0);
    gzFile gz = gzdopen(fd, "wb");
    for (int i = 0; i < 1000; i++)
        gzprintf(gz, "{\"id\":%d,\"text\":\"row %d\"}\n", i, i);
    gzclose(gz);
    const char *plain = "{\"id\":\"p\",\"text\":\"plain\"}\n";
    char *p2 = write_tmp(plain, strlen(plain), ".jsonl");
    char *paths[3] = {tmpl, "/nonexistent/dir/x.jsonl", p2};

    tool_source *src = tool_source_jsonl(paths, 3, NULL);
    tool_doc d;
    size_t count = 0;
    bool saw_missing = false, saw_plain = false;
    while (src->next(src, &d) == TOOL_NEXT_DOC) {
        tool_doc_load(&d); /* decode the line, as the scoring thread does */
        if (count < 1000) {
            char want[32];
            snprintf(want, sizeof want, "%zu", count);
            cr_assert_null(d.error);
            cr_assert_str_eq(d.id_json, want, "order is kept");
        } else if (d.error) {
            cr_assert_str_eq(d.input, "/nonexistent/dir/x.jsonl");
            cr_assert(strstr(d.error, "cannot open"), "%s", d.error);
            saw_missing = true;
        } else {
            cr_assert_str_eq(d.data, "plain");
            saw_plain = true;
        }
        count++;
        tool_doc_clear(&d);
    }
    src->free(src);
    cr_assert_eq(count, 1002);
    cr_assert(saw_missing && saw_plain);
    unlink(tmpl);
    unlink(p2);
    free(p2);
}

Test(jsonl, truncated_gzip_is_reported_not_fatal)
{
    /* gzip a stream and cut it in the middle of the deflate data */
    char tmpl[] = "/tmp/ss_jsonl_tr_XXXXXX";
    int fd = mkstemp(tmpl);
    gzFile gz = gzdopen(fd, "wb");
    for (int i = 0; i < 5000; i++)
        gzprintf(gz, "{\"id\":%d,\"text\":\"row %d of a stream that is "
                     "long enough\"}\n", i, i * 7919);
    gzclose(gz);
    FILE *f = fopen(tmpl, "rb");
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fclose(f);
    cr_assert_eq(truncate(tmpl, sz / 2), 0);

    char *paths[1] = {tmpl};
    tool_source *src = tool_source_jsonl(paths, 1, NULL);
    tool_doc d;
    size_t good = 0, errors = 0;
    while (src->next(src, &d) == TOOL_NEXT_DOC) {
        tool_doc_load(&d); /* decode the line, as the scoring thread does */
        if (d.error) {
            errors++;
            cr_assert(strstr(d.error, "read error") ||
                      strstr(d.error, "invalid JSON"), "%s", d.error);
        } else {
            good++;
        }
        tool_doc_clear(&d);
    }
    src->free(src);
    cr_assert(good > 100 && good < 5000, "good=%zu", good);
    cr_assert(errors >= 1, "the cut is reported");
    unlink(tmpl);
}

Test(jsonl, reads_stdin_as_dash)
{
    const char *in = "{\"id\":\"s1\",\"text\":\"from stdin\"}\n{\"id\":\"s2\"}\n";
    char *p = write_tmp(in, strlen(in), ".jsonl");
    int fd = open(p, O_RDONLY);
    cr_assert(fd >= 0);
    cr_assert(dup2(fd, STDIN_FILENO) >= 0);
    close(fd);
    char *paths[1] = {"-"};
    tool_doc docs[MAX_DOCS];
    size_t n = read_all(paths, 1, NULL, docs);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(docs[0].input, "-:1");
    cr_assert_str_eq(docs[0].data, "from stdin");
    cr_assert_str_eq(docs[1].input, "-:2");
    cr_assert_not_null(docs[1].error);
    free_all(docs, n);
    unlink(p);
    free(p);
}

/* Replay every file of the fuzz corpus through the fuzz target's entry point
 * (which aborts when a line gives no doc or a malformed one). */
Test(jsonl, fuzz_corpus_replays_cleanly)
{
    const char *dir = SS_SOURCE_DIR "/tests/fuzz/corpus/jsonl";
    DIR *d = opendir(dir);
    if (!d)
        cr_skip_test("no corpus at %s", dir);
    struct dirent *e;
    size_t files = 0;
    while ((e = readdir(d))) {
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
    closedir(d);
    unlink(fuzz_path());
    cr_assert(files > 0);
}
