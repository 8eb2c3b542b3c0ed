/*
 * test_utf8.c - UTF-8 codec and character classes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "utf8.h"

Test(utf8, decodes_valid_sequences)
{
    uint32_t cp;
    cr_assert_eq(ss_utf8_decode("A", 1, &cp), 1);
    cr_assert_eq(cp, 'A');
    cr_assert_eq(ss_utf8_decode("\xc3\xa9", 2, &cp), 2);
    cr_assert_eq(cp, 0xE9);
    cr_assert_eq(ss_utf8_decode("\xe2\x80\x94", 3, &cp), 3);
    cr_assert_eq(cp, 0x2014);
    cr_assert_eq(ss_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
    cr_assert_eq(cp, 0x1F600);
}

Test(utf8, invalid_bytes_become_replacement_one_byte_at_a_time)
{
    uint32_t cp;
    /* stray continuation, overlong, surrogate, truncated, above U+10FFFF */
    const char *bad[] = {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x80", "\xf4\x90\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(ss_utf8_decode(bad[i], strlen(bad[i]), &cp), 1, "case %zu", i);
        cr_assert_eq(cp, 0xFFFD, "case %zu", i);
        cr_assert_not(ss_utf8_valid(bad[i], strlen(bad[i])), "case %zu", i);
    }
    cr_assert(ss_utf8_valid("caf\xc3\xa9 \xe2\x80\x94 ok", 12));
}

Test(utf8, encode_round_trips)
{
    uint32_t cps[] = {0x24, 0xA3, 0x20AC, 0x10348, 0x7FF, 0xFFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        uint32_t back;
        size_t n = ss_utf8_encode(cps[i], buf);
        cr_assert_eq(ss_utf8_decode(buf, n, &back), n);
        cr_assert_eq(back, cps[i]);
    }
    char buf[4];
    cr_assert_eq(ss_utf8_encode(0xD800, buf), 3); /* surrogate -> U+FFFD */
}

Test(utf8, case_mapping_covers_latin_greek_cyrillic)
{
    cr_assert_eq(ss_uc_to_lower('Q'), 'q');
    cr_assert_eq(ss_uc_to_lower(0xC9), 0xE9);   /* É -> é */
    cr_assert_eq(ss_uc_to_lower(0x141), 0x142); /* Ł -> ł */
    cr_assert_eq(ss_uc_to_lower(0x17D), 0x17E); /* Ž -> ž */
    cr_assert_eq(ss_uc_to_lower(0x178), 0xFF);  /* Ÿ -> ÿ */
    cr_assert_eq(ss_uc_to_lower(0x394), 0x3B4); /* Δ -> δ */
    cr_assert_eq(ss_uc_to_lower(0x388), 0x3AD); /* Έ -> έ */
    cr_assert_eq(ss_uc_to_lower(0x416), 0x436); /* Ж -> ж */
    cr_assert_eq(ss_uc_to_lower(0x401), 0x451); /* Ё -> ё */
    cr_assert_eq(ss_uc_to_lower(0x4E8), 0x4E9);
    cr_assert(ss_uc_is_upper(0x416));
    cr_assert(ss_uc_is_lower(0x436));
    cr_assert(ss_uc_is_lower(0xDF));
    cr_assert_not(ss_uc_is_upper(0x4E2D)); /* CJK: no case */
    cr_assert_not(ss_uc_is_lower(0x4E2D));
    cr_assert_eq(ss_uc_to_upper(0x3C2), 0x3A3); /* final sigma */
}

Test(utf8, classes)
{
    cr_assert(ss_uc_is_alpha('z'));
    cr_assert(ss_uc_is_alpha(0x4E2D));  /* CJK */
    cr_assert(ss_uc_is_alpha(0x5D0));   /* Hebrew alef */
    cr_assert(ss_uc_is_alpha(0x627));   /* Arabic alef */
    cr_assert(ss_uc_is_alpha(0x301));   /* combining acute */
    cr_assert_not(ss_uc_is_alpha('5'));
    cr_assert_not(ss_uc_is_alpha(0x2014));
    cr_assert(ss_uc_is_digit('7'));
    cr_assert(ss_uc_is_digit(0x663));
    cr_assert_not(ss_uc_is_digit('x'));
    cr_assert(ss_uc_is_space(0xA0));
    cr_assert(ss_uc_is_space(0x3000));
    cr_assert(ss_uc_is_space('\t'));
    cr_assert_not(ss_uc_is_space('x'));
    cr_assert(ss_uc_is_punct('!'));
    cr_assert(ss_uc_is_punct(0x2014)); /* em dash */
    cr_assert(ss_uc_is_punct(0x201C)); /* left quote */
    cr_assert(ss_uc_is_punct(0x3002)); /* ideographic full stop */
    cr_assert(ss_uc_is_punct(0x20AC)); /* euro sign */
    cr_assert_not(ss_uc_is_punct('a'));
    cr_assert_not(ss_uc_is_punct(0xE9));
}
