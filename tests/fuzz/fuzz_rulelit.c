/*
 * fuzz_rulelit.c - libFuzzer target for the required literals of a rule
 * pattern (filter/detect/rule_lit.c): the shortcut that lets the rule
 * engine skip pcre2 must never skip a subject pcre2 would match.
 * Input: a flags byte (bit 0 caseless, bit 1 extended, bit 2 dotall, as a
 * rules file's i, x, s), the pattern up to the first NUL byte, then the
 * subject. The pattern is compiled as rules.c compiles it (UTF, UCP and
 * the flags); the subject must be valid UTF-8, as page text is.
 * Invariant: pcre2 finds a match => rule_lits_may_match() is true.
 * Its corpus, tests/fuzz/corpus/rulelit/, is replayed by replay_rulelit.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <string.h>

#include "rule_lit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    if (size < 2)
        return 0;
    uint32_t copts = PCRE2_UTF | PCRE2_UCP;
    if (data[0] & 1)
        copts |= PCRE2_CASELESS;
    if (data[0] & 2)
        copts |= PCRE2_EXTENDED;
    if (data[0] & 4)
        copts |= PCRE2_DOTALL;
    const char *pat = (const char *)data + 1;
    const char *nul = memchr(pat, '\0', size - 1);
    if (!nul)
        return 0;
    size_t plen = (size_t)(nul - pat);
    const char *subj = nul + 1;
    size_t slen = size - 1 - plen - 1;
    int ecode;
    PCRE2_SIZE eoff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, plen, copts, &ecode, &eoff, NULL);
    if (!code)
        return 0;
    rule_lits lits;
    rule_lits_find(pat, plen, copts, &lits);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (md && mc) {
        pcre2_set_match_limit(mc, 100000);
        pcre2_set_depth_limit(mc, 1000);
        int rc = pcre2_match(code, (PCRE2_SPTR)subj, slen, 0, 0, md, mc);
        if (rc >= 0 && !rule_lits_may_match(&lits, subj, slen))
            __builtin_trap(); /* the shortcut would have missed a match */
    }
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return 0;
}
