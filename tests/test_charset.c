/*
 * test_charset.c - charset sniffing and conversion to UTF-8.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "charset.h"
#include "utf8.h"

static ss_arena arena;

static void
setup(void)
{
    ss_arena_init(&arena, (size_t)16 << 20);
}

static void
teardown(void)
{
    ss_arena_free(&arena);
}

TestSuite(charset, .init = setup, .fini = teardown);

Test(charset, sniffs_meta_declarations)
{
    char name[48];
    static const char a[] = "<html><head><META CHARSET='Windows-1251'></head>";
    cr_assert(ss_charset_sniff_meta(a, sizeof a - 1, name, sizeof name));
    cr_assert_str_eq(name, "windows-1251");
    static const char b[] =
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\">";
    cr_assert(ss_charset_sniff_meta(b, sizeof b - 1, name, sizeof name));
    cr_assert_str_eq(name, "iso-8859-2");
    static const char c[] = "<meta name=\"viewport\" content=\"width=device-width\"><p>x</p>";
    cr_assert_not(ss_charset_sniff_meta(c, sizeof c - 1, name, sizeof name));
}

Test(charset, meta_after_4k_is_not_seen)
{
    char buf[5000];
    memset(buf, ' ', sizeof buf);
    static const char m[] = "<meta charset=koi8-r>";
    memcpy(buf + 4500, m, sizeof m - 1);
    char name[48];
    cr_assert_not(ss_charset_sniff_meta(buf, sizeof buf, name, sizeof name));
}

Test(charset, valid_utf8_is_passed_through_without_copy)
{
    static const char s[] = "<p>caf\xc3\xa9</p>";
    ss_decoded d;
    cr_assert_eq(ss_charset_to_utf8(&arena, s, sizeof s - 1, true, NULL, &d), SS_OK);
    cr_assert_eq(d.data, s);
    cr_assert_not(d.copied);
    cr_assert_str_eq(d.charset, "UTF-8");
}

Test(charset, hint_is_used_only_when_nothing_is_declared)
{
    static const char s[] = "<meta charset=\"iso-8859-7\"><p>\xe1</p>"; /* Greek alpha */
    ss_decoded d;
    cr_assert_eq(ss_charset_to_utf8(&arena, s, sizeof s - 1, true, "koi8-r", &d), SS_OK);
    cr_assert_not_null(strstr(d.data, "\xce\xb1"));
    static const char t[] = "\xe1"; /* text: no meta, hint koi8-r -> U+0410 */
    cr_assert_eq(ss_charset_to_utf8(&arena, t, 1, false, "KOI8-R", &d), SS_OK);
    cr_assert_eq(d.len, 2);
    cr_assert(memcmp(d.data, "\xd0\x90", 2) == 0);
}

Test(charset, controls_and_bad_bytes_are_neutralised)
{
    static const char s[] = "a\x01" "b\xc3(c";
    ss_decoded d;
    cr_assert_eq(ss_charset_to_utf8(&arena, s, sizeof s - 1, false, "utf-8", &d), SS_OK);
    cr_assert(d.replaced);
    cr_assert_str_eq(d.data, "a b\xef\xbf\xbd(c");
    cr_assert(ss_utf8_valid(d.data, d.len));
}

Test(charset, utf16_without_bom_is_recognised)
{
    static const char s[] = "<\0p\0>\0o\0k\0";
    cr_assert_not(ss_charset_is_binary(s, sizeof s - 1));
    ss_decoded d;
    cr_assert_eq(ss_charset_to_utf8(&arena, s, sizeof s - 1, true, NULL, &d), SS_OK);
    cr_assert_str_eq(d.data, "<p>ok");
}

Test(charset, utf16_surrogate_pairs)
{
    /* U+1F600 in UTF-16LE after a BOM, then a lone high surrogate */
    static const char s[] = "\xff\xfe\x3d\xd8\x00\xde\x3d\xd8";
    ss_decoded d;
    cr_assert_eq(ss_charset_to_utf8(&arena, s, sizeof s - 1, false, NULL, &d), SS_OK);
    cr_assert_str_eq(d.data, "\xf0\x9f\x98\x80\xef\xbf\xbd");
    cr_assert(d.replaced);
}

Test(charset, binary_detection)
{
    cr_assert(ss_charset_is_binary("GIF89a\0\0", 8));
    cr_assert_not(ss_charset_is_binary("plain text\r\n\tline\f", 18));
    char few[1000];
    memset(few, 'x', sizeof few);
    few[10] = 0x02; /* one stray control byte in a long text is fine */
    cr_assert_not(ss_charset_is_binary(few, sizeof few));
}
