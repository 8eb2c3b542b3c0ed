/*
 * fuzz_text.c - libFuzzer target for the text format: arbitrary bytes
 * scored as a plain-text document (SS_FORMAT_TEXT) by the shipped rules
 * and model, with a charset hint taken from the first byte. Invariants: a
 * status, never a crash; on SS_OK the score is in [0, 1], the verdict one
 * of the three, and every string of the result (title, flags, reasons,
 * limits, clean text) is valid UTF-8 without NUL.
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON; run with bench/fuzz. Its
 * corpus, tests/fuzz/corpus/text/, is replayed by the replay_text test.
 */
#include <math.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {NULL, "utf-8", "windows-1252",
                                        "iso-8859-5", "utf-16le", "x-unknown"};
    static ss_ctx *ctx;
    const ss_result *res = NULL;
    ss_doc_opts o;

    if (!ctx && ss_ctx_create(fuzz_scorer(), &ctx) != SS_OK)
        abort();
    memset(&o, 0, sizeof o);
    o.format = SS_FORMAT_TEXT;
    o.charset_hint = hints[size ? data[0] % 6 : 0];
    o.want_clean = size > 1 && (data[1] & 1);
    if (ss_ctx_score(ctx, (const char *)data, size, &o, &res) == SS_OK) {
        if (!res || !(res->score >= 0.0 && res->score <= 1.0) ||
            res->verdict > SS_VERDICT_SPAM || res->format != SS_FORMAT_TEXT)
            __builtin_trap();
        fuzz_check_utf8(res->title, strlen(res->title));
        for (size_t i = 0; i < res->n_flags; i++) {
            fuzz_check_utf8(res->flags[i].text, strlen(res->flags[i].text));
            for (size_t j = 0; j < res->flags[i].n_reasons; j++)
                fuzz_check_utf8(res->flags[i].reasons[j],
                                strlen(res->flags[i].reasons[j]));
        }
        for (size_t i = 0; i < res->n_limits; i++)
            fuzz_check_utf8(res->limits[i], strlen(res->limits[i]));
        if (o.want_clean)
            fuzz_check_utf8(res->clean_text, res->clean_len);
    } else if (res) {
        __builtin_trap();
    }
    ss_ctx_clean(ctx);
    return 0;
}
