/*
 * rule_lit.h - required literals of a rule pattern: a cheap test that lets
 * the rule engine skip pcre2 on a subject that cannot match.
 *
 * rule_lits_find() looks for a group of plain literal alternatives,
 * "(?:Exchange|Capital|Finance)", that every match of the pattern must
 * contain: the group is not quantified, not inside a negative lookaround,
 * and neither it nor any group around it (nor the pattern itself) sits in
 * an alternation. A group whose alternatives hold other constructs,
 * "(?:risk[- ]free|\d+% (?:a|per) day)", gives the longest run of plain
 * text at the own level of each ("free", "% "). When it finds one, a subject in which none of
 * the alternatives occurs cannot match, so matching it would return
 * PCRE2_ERROR_NOMATCH. In a caseless pattern the literals are looked for
 * in either ASCII case, and a subject with a character pcre2 may match
 * caselessly with an ASCII letter (KELVIN SIGN, LONG S; dotted and
 * dotless I to be safe) always may match. Anything the small parser does
 * not follow (extended mode or caseless turned on inside the pattern, \Q,
 * callouts, conditionals, recursion, back-references by name, nested
 * classes) leaves the rule without literals: it is then matched as
 * before, on every subject.
 *
 * It also records up to RULE_BYTES_MAX ASCII punctuation characters that
 * every match must contain, written as themselves or escaped ('!' in
 * "good!\s?", '(' in "\(\d+\)", ':' after a name): outside character
 * classes, not quantified, and in no negative, alternated or quantified
 * group. Punctuation has no other case, so these are kept for caseless
 * patterns too (not for extended ones); a subject lacking one of them
 * cannot match.
 * Not part of the public API.
 */
#ifndef SS_RULE_LIT_H
#define SS_RULE_LIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RULE_LITS_MAX 16    /* alternatives kept */
#define RULE_LIT_BYTES 32   /* bytes of one alternative, NUL included */
#define RULE_BYTES_MAX 4    /* required punctuation characters kept */

typedef struct rule_lits {
    unsigned n_bytes;                /* required punctuation: every one is */
    char bytes[RULE_BYTES_MAX];      /* in every match */
    unsigned n; /* 0: no required literals (match every subject) */
    bool caseless;      /* s[] lower case, matched in either case */
    uint32_t first[4];  /* caseless: the first bytes of s[], a bit each */
    uint8_t len[RULE_LITS_MAX];
    char s[RULE_LITS_MAX][RULE_LIT_BYTES];
} rule_lits;

/*
 * Fill *out from the pattern pat[0..n), compiled with the pcre2 options
 * copts (PCRE2_EXTENDED leaves it empty, PCRE2_CASELESS keeps only the
 * punctuation bytes).
 */
void rule_lits_find(const char *pat,
                    size_t n,
                    uint32_t copts,
                    rule_lits *out);

/* May a subject s[0..n) match? (false: one of the required bytes or all
 * of the literals are not in it) */
bool rule_lits_may_match(const rule_lits *l,
                         const char *s,
                         size_t n);

#endif /* SS_RULE_LIT_H */
