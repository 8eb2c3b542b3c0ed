/*
 * fuzz_record.c - libFuzzer target for the command's whole record path:
 * the input, made one line (newlines become spaces), goes through the JSON
 * Lines source, the pipeline (tool_run, one thread) and the record writer,
 * as `spamscore --jsonl` and as `spamscore --jsonl --keep ham,unsure,spam`
 * (filter mode, passthrough). Invariant: one JSON Lines line in gives
 * exactly one line out, a JSON object: an error record or a scored one
 * ({"input", ..., "verdict"}), or in filter mode the input object with
 * "spamscore" appended (or the error counted, no line).
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON; run with bench/fuzz. Its
 * corpus, tests/fuzz/corpus/record/, is replayed by the replay_record test.
 */
#include <jansson.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "tool.h"
#include "tool_cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run the stream in path through the pipeline; the output in *out. */
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
    ro.out.keep = TOOL_KEEP_ALL;
    ro.out.filter = filter;
    ro.out.passthrough = filter;
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
    const char *path = fuzz_scratch("record");
    char *line = malloc(size + 1);
    if (!line)
        return 0;
    for (size_t i = 0; i < size; i++)
        line[i] = data[i] == '\n' ? ' ' : (char)data[i];
    line[size] = '\n';
    fuzz_write_file(path, line, size + 1);
    free(line);

    for (int filter = 0; filter < 2; filter++) {
        char *out = NULL;
        size_t len = 0;
        tool_run_stats st;
        run_stream(path, 1, filter, &out, &len, &st);
        if (st.docs != 1)
            __builtin_trap();
        if (filter && st.failed + st.skipped == 1) {
            if (len != 0) /* a failure is counted, never written */
                __builtin_trap();
        } else {
            const char *nl = memchr(out, '\n', len);
            if (!nl || (size_t)(nl - out) + 1 != len)
                __builtin_trap(); /* not exactly one line */
            json_error_t e;
            /* JSON_ALLOW_NUL: an escaped NUL (u0000) in the input line is
             * passed through as written, and RFC 8259 allows it; jansson
             * refuses it unless asked. */
            json_t *o = json_loadb(out, len, JSON_ALLOW_NUL, &e);
            if (!o && (strstr(e.text, "too big") || strstr(e.text, "overflow"))) {
                /* A number jansson cannot hold (valid JSON, passed through
                 * as written): check the shape by its bytes instead. */
                static const char tail[] = "\"verdict\":\"";
                if (out[0] != '{' || !(filter ? strstr(out, ",\"spamscore\":{\"score\":")
                                              : strstr(out, "\"input\": ")) ||
                    (filter && !strstr(out, tail)))
                    __builtin_trap();
                free(out);
                continue;
            }
            if (!o || !json_is_object(o))
                __builtin_trap();
            bool ok = filter ? json_object_get(o, "spamscore") != NULL
                             : json_object_get(o, "input") != NULL &&
                                   (json_object_get(o, "error") != NULL) !=
                                       (json_object_get(o, "verdict") != NULL);
            json_decref(o);
            if (!ok)
                __builtin_trap();
        }
        free(out);
    }
    unlink(path);
    return 0;
}
