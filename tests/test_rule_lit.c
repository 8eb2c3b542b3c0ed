/*
 * test_rule_lit.c - required literals of rule patterns: which patterns get
 * them (a plain literal group every match needs) and which must not (the
 * group optional, alternated or negated; in a caseless pattern they match
 * in either case), the text each alternative of a group starts with, and that a
 * subject pcre2 matches always passes the literal test; the punctuation
 * characters every match needs, kept for caseless patterns too.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <criterion/criterion.h>
#include <pcre2.h>
#include <string.h>

#include "rule_lit.h"

/* The literals of pat compiled with copts. */
static rule_lits
lits_of(const char *pat, uint32_t copts)
{
    rule_lits l;
    rule_lits_find(pat, strlen(pat), copts, &l);
    return l;
}

/* Does pat (UTF, UCP and copts) match s? */
static bool
pcre_matches(const char *pat, uint32_t copts, const char *s)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | copts, &ec, &eo, NULL);
    cr_assert_not_null(re, "pattern %s does not compile", pat);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0;
}

/* pat (UTF, UCP and copts) matches s, and the pre-test with l lets s
 * through: the invariant the shortcut must keep. */
static void
assert_kept(const char *pat, uint32_t copts, const rule_lits *l, const char *s)
{
    cr_assert(pcre_matches(pat, copts, s), "%s does not match '%s'", pat, s);
    cr_assert(rule_lits_may_match(l, s, strlen(s)), "the pre-test skips '%s' (%s)", s, pat);
}

Test(rule_lit, glued_finance_phrase_needs_one_of_its_words)
{
    const char *pat = "(?<=\\p{Ll})(?<flag>(?-i:\\p{Lu}\\p{Ll}+ (?:Exchange|Capital|Finance|"
                      "Invest|Trading|Markets|Holdings))(?=\\p{Ll}{3}))";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n, 7);
    cr_assert_str_eq(l.s[0], "Exchange");
    cr_assert_str_eq(l.s[6], "Holdings");
    const char *hit = "the marketsAlpha Exchangeanalysts said";
    cr_assert(pcre_matches(pat, 0, hit));
    cr_assert(rule_lits_may_match(&l, hit, strlen(hit)));
    const char *miss = "the marketsAlpha Exchequeranalysts said";
    cr_assert_not(rule_lits_may_match(&l, miss, strlen(miss)));
    cr_assert_not(pcre_matches(pat, 0, miss));
}

Test(rule_lit, the_longest_shortest_alternative_wins)
{
    rule_lits l = lits_of("(?:ab|cd) x (?:longer|words)", 0);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.s[0], "longer");
}

Test(rule_lit, no_literals_where_a_match_may_lack_them)
{
    static const char *const pats[] = {
        "a(?:foo|bar)|baz",          /* alternation at the top */
        "(?:foo|bar)?x",             /* optional group */
        "(?:foo|bar){0,2}x",         /* quantified group */
        "(?:foo|)x",                 /* empty alternative */
        "x(?!y(?:foo|bar))",         /* inside a negative lookahead */
        "(?<!(?:foo|bar))x",         /* inside a negative lookbehind */
        "(x(?:foo|bar)|y)",          /* the group around it alternates */
        "(x(?:foo|bar))*",           /* the group around it is optional */
        "(?i)(?:foo|bar)",           /* caseless from here on */
        "(?x)(?:foo|bar)",           /* extended: spaces are not literal */
        "(?:\\w+|bar)",              /* an alternative has no literal text */
        "(?:(foo)|bar)",             /* ... only a group */
        "(?:f?|bar)",                /* ... an optional letter */
        "(?:[fg]|bar)",              /* ... a class */
        "(?:\\d{2,4}|bar)",          /* ... a counted quantifier */
        "(?:foo|bar",                /* unbalanced */
        "\\Q(?:foo|bar)\\E",         /* quoted text is not followed */
        "(?(1)(?:foo|bar))",         /* conditional */
        "(*UCP)(?:foo|bar)",         /* verbs */
        "[(](?:foo|bar)|x",          /* a class holding a paren, then an alternation */
    };
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++)
        cr_assert_eq(lits_of(pats[i], 0).n, 0, "pattern %s", pats[i]);
    cr_assert_eq(lits_of("(?:foo|bar)", PCRE2_EXTENDED).n, 0);
}

Test(rule_lit, groups_around_it_that_must_match_keep_it)
{
    cr_assert_eq(lits_of("[(|]x(?:foo|bar)", 0).n, 2);       /* '|' inside a class */
    cr_assert_eq(lits_of("(?=y(?:foo|bar))", 0).n, 2);       /* positive lookahead */
    cr_assert_eq(lits_of("(?<name>(?-s:(?:foo|bar)))", 0).n, 2);
    cr_assert_eq(lits_of("(?-i)\\p{Lu}{2}(?:foo|bar)", 0).n, 2);
    cr_assert_eq(lits_of("(?:a|b)c(?:foo|bar)", 0).n, 2);   /* alternation in a sibling */
}

Test(rule_lit, a_subject_pcre2_matches_always_passes)
{
    static const char *const pats[] = {
        "(?<=\\p{Ll})(?<flag>(?-i:\\p{Lu}\\p{Ll}+ (?:Exchange|Capital))(?=\\p{Ll}{3}))",
        " [-|–—] ?(?<flag>(?-i:(?:\\p{Lu}[\\p{L}&.']+ ){0,2}(?:Exchange|Capital|Fund)))$",
        "(?:very|so)?(?:good|nice)!\\s?\\(\\d{1,9}\\)",
        "^(?:a|b)(?:cat|dog) (?:sat|ran)",
        "x(?=(?:foo|bar))",
    };
    static const char *const subjects[] = {
        "marketsAlpha Exchangeanalysts", "News - Alpha Capital", "News | Fund",
        "very good! (12)", "so nice!(3)", "good! (1)", "acat sat", "bdog ran",
        "xfoo", "xbar", "nothing here", "", "Exchange Capital Fund good nice",
    };
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        rule_lits l = lits_of(pats[i], 0);
        for (size_t k = 0; k < sizeof subjects / sizeof subjects[0]; k++)
            if (pcre_matches(pats[i], 0, subjects[k]))
                cr_assert(rule_lits_may_match(&l, subjects[k], strlen(subjects[k])),
                          "%s matches \"%s\" but the literals say it cannot", pats[i],
                          subjects[k]);
    }
}

/* The required punctuation of pat compiled with copts, as a string. */
static const char *
bytes_of(const char *pat, uint32_t copts, char *buf)
{
    rule_lits l = lits_of(pat, copts);
    memcpy(buf, l.bytes, l.n_bytes);
    buf[l.n_bytes] = '\0';
    return buf;
}

Test(rule_lit, punctuation_every_match_needs)
{
    char b[RULE_BYTES_MAX + 1];
    cr_assert_str_eq(bytes_of("(?:very|so)?(?:good|nice)!\\s?\\(\\d{1,9}\\)", PCRE2_CASELESS, b),
                     "!()");
    cr_assert_str_eq(bytes_of("^(?-i:\\p{Lu}\\p{Ll}+):\\s*.{0,80}\\b(?:most|in)\\b",
                              PCRE2_CASELESS, b), ":");
    cr_assert_str_eq(bytes_of("(?-i:(?:Twitter|Share)(?:Good|Nice)!)", 0, b), "!");
    cr_assert_eq(lits_of("(?-i:(?:Twitter|Share)(?:Good|Nice)!)", 0).n, 2);
    rule_lits l = lits_of("(?:Good|nice)!", PCRE2_CASELESS); /* letters in either case */
    cr_assert(l.caseless);
    cr_assert_str_eq(l.s[0], "good");
}

Test(rule_lit, no_punctuation_where_a_match_may_lack_it)
{
    static const char *const pats[] = {
        "a!?b",            /* optional */
        "a!*b",            /* repeated from zero */
        "a!{0,2}b",        /* quantified */
        "a\\(?b",          /* escaped, optional */
        "a!|b",            /* alternation at the top */
        "(?:a!|b)c",       /* the group alternates */
        "(?:a!)?c",        /* the group is optional */
        "x(?!!)",          /* negative lookahead */
        "[!]x",            /* inside a class: not followed */
        "ab",              /* no punctuation */
        "(?x)a ! b",       /* extended */
    };
    char b[RULE_BYTES_MAX + 1];
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++)
        cr_assert_str_eq(bytes_of(pats[i], 0, b), "", "pattern %s", pats[i]);
    cr_assert_str_eq(bytes_of("a!b", PCRE2_EXTENDED, b), "");
}

Test(rule_lit, a_caseless_subject_pcre2_matches_always_passes)
{
    static const char *const pats[] = {
        "(?:very|so)?(?:good|nice|like)!\\s?\\(\\d{1,9}\\)",
        "^(?:comments?|replies)\\s?\\(\\d{1,7}\\)$",
        "^(?-i:\\p{Lu}\\p{Ll}+(?:[ -]\\p{Lu}\\p{Ll}+){1,2}):\\s*.{0,80}\\b(?:most perfect|in history)\\b",
    };
    static const char *const subjects[] = {
        "VERY GOOD! (12)", "so Nice!(3)", "LIKE! (1)", "Comments (4)", "REPLIES(9)",
        "Alpha Beta: the MOST PERFECT plan", "Alpha Beta: made IN HISTORY", "good (1)",
        "nothing here", "", "Alpha Beta the most perfect",
    };
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        rule_lits l = lits_of(pats[i], PCRE2_CASELESS);
        cr_assert_gt(l.n_bytes, 0, "pattern %s", pats[i]);
        for (size_t k = 0; k < sizeof subjects / sizeof subjects[0]; k++) {
            bool m = pcre_matches(pats[i], PCRE2_CASELESS, subjects[k]);
            if (m)
                cr_assert(rule_lits_may_match(&l, subjects[k], strlen(subjects[k])),
                          "%s matches \"%s\" but the literals say it cannot", pats[i],
                          subjects[k]);
        }
        cr_assert_not(rule_lits_may_match(&l, "nothing here", 12));
    }
}

Test(rule_lit, alternatives_give_their_longest_literal_text)
{
    rule_lits l = lits_of("x(?:risk[- ]free|guaranteed (?:returns?|income)|returns?|\\d{2,4}(?:\\.\\d+)?% a|(?:do|re) your (?:money))", 0);
    cr_assert_eq(l.n, 5);
    cr_assert_str_eq(l.s[0], "risk");
    cr_assert_str_eq(l.s[1], "guaranteed ");
    cr_assert_str_eq(l.s[2], "return");
    cr_assert_str_eq(l.s[3], "% a");
    cr_assert_str_eq(l.s[4], " your ");
    cr_assert_not(l.caseless);
}

Test(rule_lit, caseless_literals_match_in_either_case)
{
    static const char *const pats[] = {
        "^(?-i:(?!\\p{Ll})).*?\\b(?:stable and safe|risk[- ]free (?:returns?|income)|zero[- ]risk)\\b",
        "\\b(?:most perfect|best|secret) \\d{2,5} (?:strategy|system)\\b",
        "(?:kick|ask)s? off",
        "^(?-i:(?!\\p{Ll})).*?\\b(?:\\d{2,4}(?:\\.\\d+)?% (?:returns?|gains?) (?:a |per )(?:day|week)|(?:double|triple) your (?:money|savings))\\b",
    };
    static const char *const subjects[] = {
        "A STABLE AND SAFE plan", "Zero-Risk income", "Our RISK FREE RETURNS", "the Best 2560 System",
        "MOST PERFECT 123 strategy", "\xE2\x84\xAAick off", "a\xC5\xBF\xC4\xB1 off", "Kick off",
        "nothing here", "", "stable, safe", "risky", "Up 25% RETURNS PER WEEK", "12.5% gains a day",
        "DOUBLE YOUR MONEY", "Triple your savings now", "25 % returns a day",
    };
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        rule_lits l = lits_of(pats[i], PCRE2_CASELESS);
        cr_assert_gt(l.n, 0, "pattern %s", pats[i]);
        for (size_t k = 0; k < sizeof subjects / sizeof subjects[0]; k++)
            if (pcre_matches(pats[i], PCRE2_CASELESS, subjects[k]))
                cr_assert(rule_lits_may_match(&l, subjects[k], strlen(subjects[k])),
                          "%s matches \"%s\" but the literals say it cannot", pats[i],
                          subjects[k]);
        cr_assert_not(rule_lits_may_match(&l, "nothing here", 12));
    }
    /* KELVIN SIGN is a caseless k for pcre2: the test lets it through */
    cr_assert(pcre_matches("(?:kick|ask)s? off", PCRE2_CASELESS, "\xE2\x84\xAAick off"));
}

/* Two escapes in a row ("\(\(") end where the second one ends: the '('
 * they escape opens no group, so the '|' after them still splits the
 * alternatives (found by fuzz_rulelit: the group was read as one
 * alternative, and a subject holding only "week" was skipped). */
Test(rule_lit, escapes_in_a_row_keep_the_alternatives_apart)
{
    const char *pat = "(?:\\(\\(2tkelv|week)";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.s[0], "2tkelv");
    cr_assert_str_eq(l.s[1], "week");
    const char *s = "not this weekend";
    assert_kept(pat, 0, &l, s);
}

/* An escape inside a class ("[\d]") ends where it ends, and the class at
 * its ']': the alternatives after it are still seen. */
Test(rule_lit, an_escape_in_a_class_ends_the_class_where_it_ends)
{
    const char *pat = "(?:[\\d]x|week)[a]";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.s[0], "x");
    cr_assert_str_eq(l.s[1], "week");
    const char *s = "one weeka";
    assert_kept(pat, 0, &l, s);
}

/* A '{' after an escape that takes no braces ("\}{") is the pattern's
 * own: it does not hide the rest of the alternative, nor the '|' after
 * it (found by fuzz_rulelit). */
Test(rule_lit, a_brace_after_an_escape_is_the_patterns_own)
{
    const char *pat = "(?:\\}{ab|week)";
    rule_lits l = lits_of(pat, PCRE2_CASELESS);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.s[1], "week");
    const char *s = "one Week";
    assert_kept(pat, PCRE2_CASELESS, &l, s);
    l = lits_of("x\\d{2,4}(?:ab|cd)", 0);
    cr_assert_eq(l.n, 2, "a counted quantifier after \\d is one");
}

/* "\c]" in a class is a control character, not the class's end: the
 * backslash after it is in the class, not a character every match needs
 * (found by fuzz_rulelit). */
Test(rule_lit, a_control_escape_takes_the_byte_after_it)
{
    const char *pat = "[\\c]\\\\c]";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n_bytes, 0);
    assert_kept(pat, 0, &l, "c");
}

/* The bytes of an escape are not literal text: "\x41" is 'A', "\101"
 * octal, "\pL" a letter class; none of their digits or letters is text
 * every match needs. */
Test(rule_lit, the_bytes_of_an_escape_are_not_literal_text)
{
    static const char *const pats[] = {"(?:\\x41bcd|zz)", "(?:\\101bcd|zz)",
                                       "(?:\\pLbcd|zz)", "(?:\\x{41}bcd|zz)"};
    for (size_t k = 0; k < sizeof pats / sizeof pats[0]; k++) {
        rule_lits l = lits_of(pats[k], 0);
        cr_assert_eq(l.n, 2, "%s", pats[k]);
        cr_assert_str_eq(l.s[0], "bcd", "%s", pats[k]);
        assert_kept(pats[k], 0, &l, "xAbcd");
    }
    cr_assert_eq(lits_of("(?<n>ab)\\k<n>(?:cd|ef)", 0).n, 0, "\\k is not followed");
}

/* "(?<*...)" is a non-atomic lookbehind (pcre2 10.42), not a group named
 * up to the next '>': "(?<*[>a\?])" took "a?]" for text every match needs
 * (found by fuzz_rulelit, regress-crash-b4d9ba3f79af8a88). A name is a
 * letter or '_' then letters, digits, '_'; anything else is not followed.
 * Named groups still are. */
Test(rule_lit, a_group_name_is_a_word)
{
    const char *pat = "(?<*[>a\\?])";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n, 0);
    cr_assert_eq(l.n_bytes, 0);
    assert_kept(pat, 0, &l, ":asMdy0");
    cr_assert_eq(lits_of("(?<1a>x)", 0).n, 0, "a name does not open with a digit");
    /* a named group is read as the capturing group it is */
    rule_lits plain = lits_of("((?:abc|def))-", 0);
    cr_assert_eq(plain.n, 2);
    rule_lits named = lits_of("(?<word>(?:abc|def))-", 0), py = lits_of("(?P<w_2>(?:abc|def))-", 0);
    cr_assert_eq(named.n, plain.n);
    cr_assert_eq(named.n_bytes, plain.n_bytes);
    cr_assert_eq(py.n, plain.n);
    cr_assert_eq(py.n_bytes, plain.n_bytes);
}

/* Braces after an escape hold a number, a name or a property; "\g{9{" in
 * a class is neither, and scanning on to the next '}' ran over the
 * class's ']' and a top-level '|', so the first alternative's text was
 * taken for required (fuzz_rulelit, regress-crash-4348bc2668e5a094). */
Test(rule_lit, braces_after_an_escape_hold_a_name_or_a_number)
{
    const char *pat = "[\\g{9{]x|[\\g{}]\\(";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n, 0);
    cr_assert_eq(l.n_bytes, 0, "no byte is required: the pattern is an alternation");
    assert_kept(pat, 0, &l, "{x");
    /* valid braces are still stepped over */
    rule_lits x = lits_of("\\x{41}(?:abc|def)", 0);
    cr_assert_eq(x.n, 2);
    rule_lits pr = lits_of("\\p{L&}(?:abc|def)", 0);
    cr_assert_eq(pr.n, 2);
}

/* "(?C^...^)" is a callout whose string is delimited by '^', not the
 * option setting "(?C^)": the parser took the callout's text for the
 * pattern's (fuzz_rulelit, regress-crash-5705e29ebb997831). Only option
 * letters (imnsxJU) make an option setting; anything else is not
 * followed. */
Test(rule_lit, a_callout_is_not_an_option_setting)
{
    const char *pat = "(?C^).(a:b^)(?^)";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n, 0);
    cr_assert_eq(l.n_bytes, 0);
    assert_kept(pat, 0, &l, "x");
    rule_lits opt = lits_of("(?s)(?:abc|def)", 0);
    cr_assert_eq(opt.n, 2, "an option setting is still followed");
}

/* "(?^x)" unsets the options and then turns extended mode on: its text
 * is not byte literal, so the shortcut gives up (read while mending the
 * callout case: '^' had been taken for '-'). */
Test(rule_lit, a_caret_then_x_turns_extended_mode_on)
{
    const char *pat = "(?^x)(?:a b|c d)";
    rule_lits l = lits_of(pat, 0);
    cr_assert_eq(l.n, 0);
    assert_kept(pat, 0, &l, "ab");
    cr_assert_eq(lits_of("(?^)(?:abc|def)", 0).n, 2, "\"(?^)\" alone is followed");
}
