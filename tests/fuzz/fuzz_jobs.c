/*
 * fuzz_jobs.c - differential libFuzzer target: the same JSON Lines stream
 * (the input, at most 64 lines) through the command's pipeline with one
 * thread and with two must give byte-identical output and the same counts,
 * as `spamscore --jsonl -j 1` and `-j 2` promise, in scoring and in filter
 * mode.
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON; run with bench/fuzz. Its
 * corpus, tests/fuzz/corpus/jobs/, is replayed by the replay_jobs test.
 */
#include <stdint.h>

#include "fuzz_common.h"
#include "tool.h"
#include "tool_cmd.h"

#define MAX_LINES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
run_stream(const char *path,
           unsigned threads,
           bool filter,
           char **out,
           size_t *out_len,
           tool_run_stats *st)
{
    char *paths[1] = {(char *)path};
    tool_limits lim = {.max_doc_bytes = (size_t)1 << 20,
                       .max_line_bytes = (size_t)2 << 20};
    tool_run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.scorer = fuzz_scorer();
    ro.threads = threads;
    ro.format = SS_FORMAT_AUTO;
    ro.out.json = true;
    ro.out.filter = filter;
    ro.out.passthrough = filter;
    ro.out.keep = filter ? TOOL_KEEP_HAM | TOOL_KEEP_UNSURE : TOOL_KEEP_ALL;
    tool_source *src = tool_source_jsonl(paths, 1, &lim);
    FILE *mf = open_memstream(out, out_len);
    if (!src || !mf)
        abort();
    if (tool_run(src, &ro, mf, st) != SS_OK)
        __builtin_trap();
    fclose(mf);
    src->free(src);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch("jobs");
    size_t lines = 0, n = 0;
    while (n < size && lines < MAX_LINES)
        if (data[n++] == '\n')
            lines++;
    fuzz_write_file(path, data, n);

    for (int filter = 0; filter < 2; filter++) {
        char *o1 = NULL, *o2 = NULL;
        size_t l1 = 0, l2 = 0;
        tool_run_stats s1, s2;
        run_stream(path, 1, filter, &o1, &l1, &s1);
        run_stream(path, 2, filter, &o2, &l2, &s2);
        if (l1 != l2 || memcmp(o1, o2, l1) != 0 || s1.docs != s2.docs ||
            s1.failed != s2.failed || s1.skipped != s2.skipped ||
            memcmp(s1.kept, s2.kept, sizeof s1.kept) != 0 ||
            memcmp(s1.by_verdict, s2.by_verdict, sizeof s1.by_verdict) != 0)
            __builtin_trap();
        free(o1);
        free(o2);
    }
    unlink(path);
    return 0;
}
