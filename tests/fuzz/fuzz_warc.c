/*
 * fuzz_warc.c - libFuzzer target for the WARC/WET reader (tool_warc.c).
 *
 * The input's first byte picks the layout: even = the remaining bytes are
 * the file as is (plain WARC, or gzip if they happen to start like it);
 * odd = the remaining bytes are gzip-compressed in members of
 * (second byte + 1) * 16 bytes each, so the member bookkeeping is reached
 * with valid gzip too. The file is read back through the source with a small
 * document cap; every doc must carry data or an error.
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON ...; crashing inputs go to
 * tests/fuzz/corpus/warc/, which test_warc.c replays.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* small buffers: faster runs, and the refill paths are reached often;
 * the unit tests that replay the corpus keep the real sizes */
#ifndef SS_FUZZ_REPLAY
#define WARC_IBUF ((size_t)512)
#define WARC_OBUF ((size_t)2048)
#define WARC_LINE_CAP ((size_t)1024)
#define WARC_HEADER_CAP ((size_t)1536)
#define WARC_FAST_IN ((size_t)1024)  /* members of up to 512 bytes whole */
#define WARC_FAST_OUT ((size_t)4096)
#endif
#include "../../filter/cli/tool_warc.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write the input to a per-process file under /dev/shm (or /tmp). */
static const char *
fuzz_path(void)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "%s/ss_fuzz_warc_%ld",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                 (long)getpid());
    return path;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    if (size < 2)
        return 0;
    const char *path = fuzz_path();
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    const uint8_t *p = data + 2;
    size_t n = size - 2;
    if (data[0] & 1) {
        size_t step = ((size_t)data[1] + 1) * 16;
        for (size_t off = 0; off < n; off += step) {
            size_t k = n - off < step ? n - off : step;
            uLongf cap = compressBound((uLong)k) + 32;
            unsigned char *out = malloc(cap);
            z_stream z;
            memset(&z, 0, sizeof z);
            if (out && deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
                                    Z_DEFAULT_STRATEGY) == Z_OK) {
                z.next_in = (unsigned char *)(uintptr_t)(p + off);
                z.avail_in = (uInt)k;
                z.next_out = out;
                z.avail_out = (uInt)cap;
                deflate(&z, Z_FINISH);
                fwrite(out, 1, cap - z.avail_out, f);
                deflateEnd(&z);
            }
            free(out);
        }
    } else {
        fwrite(p, 1, n, f);
    }
    fclose(f);

    char *paths[1] = {(char *)path};
    tool_limits lim = {.max_doc_bytes = 4096, .max_line_bytes = 0};
    tool_source *src = tool_source_warc(paths, 1, &lim);
    if (!src)
        return 0;
    tool_doc d;
    while (src->next(src, &d) == TOOL_NEXT_DOC) {
        if (!d.error && !d.data)
            abort();
        if (d.data && d.len > lim.max_doc_bytes)
            abort();
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
    return 0;
}
