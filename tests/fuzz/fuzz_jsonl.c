/*
 * fuzz_jsonl.c - libFuzzer target for the JSON Lines reader (tool_jsonl.c,
 * tool_jsonscan.c).
 *
 * The input is written to a file and read back through the source with small
 * line and document caps. Every line must give one doc carrying data or an
 * error, and the docs must come with increasing line numbers.
 *
 * It also checks the source's fast JSON scanner against jansson on every
 * line (differential): when the scanner accepts a line, jansson must accept
 * it too (except for numbers jansson cannot represent) and yield the same
 * id, url, html and text; when the scanner rejects a line that jansson
 * accepts, the line must be a non-object or nested deeper than the cap
 * (both then take the jansson path, so the result is still jansson's).
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON ...; crashing inputs go to
 * tests/fuzz/corpus/jsonl/, which test_jsonl.c replays.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* small buffers: faster runs, and the refill paths are reached often;
 * the unit tests that replay the corpus keep the real sizes */
#ifndef SS_FUZZ_REPLAY
#define JSONL_READ_CHUNK ((size_t)256)
#define JSONL_GZBUF 1024u
#define JSONL_FUSE_MAX ((size_t)64) /* both decode paths: in the scan, and over the line */
#endif
#include "../../filter/cli/tool_jsonl.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A per-process file under /dev/shm (or /tmp). */
static const char *
fuzz_path(void)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "%s/ss_fuzz_jsonl_%ld",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                 (long)getpid());
    return path;
}

/* Does member key of o hold a string equal to the decoded span? */
static void
same_string(json_t *o,
            const char *key,
            const js_span *sp)
{
    json_t *v = json_object_get(o, key);
    if (!sp->found) {
        if (v && json_is_string(v))
            abort();
        return;
    }
    if (!v || !json_is_string(v))
        abort();
    size_t n = 0;
    char *dec = js_decode(sp, &n);
    if (!dec || n != json_string_length(v) ||
        memcmp(dec, json_string_value(v), n) != 0)
        abort();
    free(dec);
}

/* Differential check of one line: the fast scanner against jansson. */
static void
check_line(const char *line,
           size_t len)
{
    js_doc d, plain;
    char *dec = malloc(len + 1);
    if (!dec)
        return;
    int fast = js_scan_line(line, len, dec, &d);
    if (js_scan_line(line, len, NULL, &plain) != fast)
        abort(); /* decoding during the scan changes no verdict */
    json_error_t err;
    json_t *root = json_loadb(line, len, JSON_ALLOW_NUL, &err);
    if (fast) {
        if (!root) {
            if (strstr(err.text, "too big") || strstr(err.text, "overflow")) {
                free(dec);
                return; /* a number jansson cannot hold */
            }
            abort();
        }
        if (!json_is_object(root))
            abort();
        json_t *id = json_object_get(root, "id");
        if (!id != !d.id)
            abort();
        if (id) {
            json_t *raw = json_loadb((const char *)d.id, d.id_len,
                                     JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
            if (raw && !json_equal(raw, id))
                abort();
            json_decref(raw);
        }
        js_span none = {NULL, NULL, false};
        same_string(root, "url", &d.url);
        if (d.html_seen != (json_object_get(root, "html") != NULL))
            abort();
        if (d.text_seen != (json_object_get(root, "text") != NULL))
            abort();
        same_string(root, "html", d.html_str ? &d.html : &none);
        same_string(root, "text", d.text_str ? &d.text : &none);
        /* the document decoded by the scan: "html" when present, else
         * "text", whenever that member is a string */
        json_t *body = json_object_get(root, "html");
        js_key want = JS_KEY_HTML;
        if (!body) {
            body = json_object_get(root, "text");
            want = JS_KEY_TEXT;
        }
        if (body && json_is_string(body)) {
            if (d.dec_key != want || d.dec_len != json_string_length(body) ||
                memcmp(dec, json_string_value(body), d.dec_len) != 0)
                abort();
        }
    } else if (root && json_is_object(root) && !memchr(line, '\0', len)) {
        /* only nesting beyond the scanner's cap may explain this (jansson
         * also skips raw NUL bytes, which RFC 8259 does not allow: such
         * lines take the jansson path, as any line the scanner rejects) */
        size_t depth = 0, max = 0;
        for (size_t i = 0; i < len; i++) {
            if (line[i] == '{' || line[i] == '[')
                max = ++depth > max ? depth : max;
            else if (line[i] == '}' || line[i] == ']')
                depth -= depth > 0;
        }
        if (max <= JS_MAX_DEPTH)
            abort();
    }
    json_decref(root);
    free(dec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    for (size_t a = 0; a < size;) {
        const uint8_t *nl = memchr(data + a, '\n', size - a);
        size_t b = nl ? (size_t)(nl - data) : size;
        size_t l = b - a;
        if (l && data[b - 1] == '\r')
            l--;
        if (l <= 1024)
            check_line((const char *)data + a, l);
        a = b + 1;
    }

    const char *path = fuzz_path();
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);

    size_t lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (size && data[size - 1] != '\n')
        lines++;

    char *paths[1] = {(char *)path};
    tool_limits lim = {.max_doc_bytes = 512, .max_line_bytes = 1024};
    tool_source *src = tool_source_jsonl(paths, 1, &lim);
    if (!src)
        return 0;
    tool_doc d;
    size_t n = 0;
    while (src->next(src, &d) == TOOL_NEXT_DOC) {
        tool_doc_load(&d); /* decode the line, as the scoring thread does */
        if (!d.error && !d.data)
            abort();
        n++;
        free(d.input);
        free(d.id_json);
        free(d.url);
        free(d.record_id);
        free(d.extra_json);
        free(d.data);
        free(d.charset_hint);
        free(d.error);
    }
    src->free(src);
    /* gzip-looking input may decode to other lines; plain must match */
    if (!(size >= 2 && data[0] == 0x1f && data[1] == 0x8b) && n != lines)
        abort();
    return 0;
}
