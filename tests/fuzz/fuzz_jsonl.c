/*
 * fuzz_jsonl.c - libFuzzer target for the JSON Lines reader (tool_jsonl.c).
 *
 * The input is written to a file and read back through the source with small
 * line and document caps. Every line must give one doc carrying data or an
 * error, and the docs must come with increasing line numbers.
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON ...; crashing inputs go to
 * tests/fuzz/corpus/jsonl/, which test_jsonl.c replays.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../filter/tool_jsonl.c"

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

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
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
