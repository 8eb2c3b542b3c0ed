/*
 * fuzz_clean.c - libFuzzer target for cleaning: arbitrary bytes (HTML or
 * text, sniffed) scored with want_clean by the shipped rules and model.
 * Invariants:
 *  - the clean text and the title are valid UTF-8 without NUL;
 *  - no flagged injected span is left: a spliced brand flagged in the body
 *    occurs fewer times in the clean text than in the page's blocks before
 *    cleaning (its flagged copy was cut), whenever it occurs there at all.
 *    The blocks, not the input bytes: a block joins the text of its inline
 *    elements, so "<a>Facebook</a><a>Twitter</a>" is "FacebookTwitter"
 *    there and in the clean text, once in neither input nor flag (found by
 *    this target: a brand "FacebookTwitter" spliced after a comma, cut,
 *    and the share bar's links joined into the same word);
 *  - cleaning is deterministic: a second context gives the same clean text,
 *    title and score byte for byte.
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON; run with bench/fuzz. Its
 * corpus, tests/fuzz/corpus/clean/, is replayed by the replay_clean test.
 */
#include <stdint.h>

#include "fuzz_common.h"
#include "score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Occurrences of needle in hay[0..n). */
static size_t
count_in(const char *hay,
         size_t n,
         const char *needle)
{
    size_t c = 0, l = strlen(needle);
    if (!l || !hay)
        return 0;
    for (size_t i = 0; i + l <= n; i++)
        if (memcmp(hay + i, needle, l) == 0)
            c++;
    return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ss_ctx *ctx[3]; /* two to score, one for the blocks */
    const ss_result *r[2] = {NULL, NULL};
    ss_status st[2];
    ss_doc_opts o;

    for (int k = 0; k < 3; k++)
        if (!ctx[k] && ss_ctx_create(fuzz_scorer(), &ctx[k]) != SS_OK)
            abort();
    memset(&o, 0, sizeof o);
    o.want_clean = true;
    for (int k = 0; k < 2; k++)
        st[k] = ss_ctx_score(ctx[k], (const char *)data, size, &o, &r[k]);
    if (st[0] != st[1])
        __builtin_trap();
    if (st[0] == SS_OK) {
        const ss_result *a = r[0], *b = r[1];
        fuzz_check_utf8(a->clean_text, a->clean_len);
        fuzz_check_utf8(a->title, strlen(a->title));
        if (a->clean_len != b->clean_len ||
            memcmp(a->clean_text, b->clean_text, a->clean_len) != 0 ||
            strcmp(a->title, b->title) != 0 || a->score != b->score ||
            a->n_flags != b->n_flags)
            __builtin_trap();
        ss_page *pg = NULL;
        ss_evidence *ev = NULL;
        if (ss_ctx_analyze(ctx[2], (const char *)data, size, &o, &pg, &ev) != SS_OK)
            __builtin_trap(); /* it was scored: it parses */
        for (size_t i = 0; i < a->n_flags; i++) {
            const ss_flag *f = &a->flags[i];
            if (f->kind != SS_FLAG_INJECTED_BRAND || f->where != SS_WHERE_BODY ||
                strlen(f->text) < 4)
                continue;
            size_t in = 0;
            for (size_t k = 0; k < pg->n_blocks; k++)
                in += count_in(pg->blocks[k].text, pg->blocks[k].len, f->text);
            if (in > 0 && count_in(a->clean_text, a->clean_len, f->text) >= in)
                __builtin_trap();
        }
    }
    ss_ctx_clean(ctx[0]);
    ss_ctx_clean(ctx[1]);
    ss_ctx_clean(ctx[2]);
    return 0;
}
