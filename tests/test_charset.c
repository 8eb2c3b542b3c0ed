/*
 * test_charset.c - charset sniffing and conversion to UTF-8.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
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

/* Decode the HTML page s (a string) and check that it was read as charset
 * cs and that its text holds the UTF-8 bytes want. */
static void
assert_read_as(const char *s,
               const char *cs,
               const char *want)
{
    ss_decoded d;
    cr_assert_eq(ss_charset_to_utf8(&arena, s, strlen(s), true, NULL, &d), SS_OK);
    cr_assert_str_eq(d.charset, cs, "%s", s);
    cr_assert_not_null(strstr(d.data, want), "%s", s); /* s and a converted copy end in NUL */
}

/* A page that declares another charset but is valid UTF-8 was re-saved
 * as UTF-8: its curly quotes stay quotes. Real windows-1251 or GBK text
 * is not valid UTF-8 and is converted as declared; ISO-2022-JP is 7-bit,
 * so valid UTF-8, and means Japanese. */
Test(charset, declared_other_charset_but_valid_utf8_is_utf8)
{
    assert_read_as("<meta charset=\"windows-1251\"><p>\xe2\x80\x9cThey can\xe2\x80\x99t\xe2\x80\x9d</p>",
                   "UTF-8", "\xe2\x80\x9cThey");
    assert_read_as("<meta charset=\"ISO-8859-7\"><p>\xce\xb1\xce\xb2</p>", "UTF-8",
                   "\xce\xb1\xce\xb2"); /* UTF-8 alpha beta */
    assert_read_as("<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", "WINDOWS-1251",
                   "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"); /* cp1251 "Привет" */
    assert_read_as("<meta charset=\"big5\"><p>\xe4\xb8\xad\xe6\x96\x87 \xe2\x80\x9cquoted\xe2\x80\x9d</p>",
                   "UTF-8", "\xe2\x80\x9cquoted");
    assert_read_as("<meta charset=\"gbk\"><p>\xd6\xd0\xce\xc4</p>", "GBK",
                   "\xe4\xb8\xad\xe6\x96\x87"); /* GBK "中文" */
    assert_read_as("<meta charset=\"iso-2022-jp\"><p>\x1b$B$\"\x1b(B</p>", "ISO-2022-JP",
                   "\xe3\x81\x82"); /* "あ" */
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

/* A text of n bytes: sentences, then the stray bytes at the given offsets. */
static char *
text_with(size_t n,
          const size_t *at,
          const unsigned char *bytes,
          size_t k)
{
    static const char s[] = "The harbour council met on Tuesday to discuss ferry fares. ";
    char *t = malloc(n);
    cr_assert_not_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = s[i % (sizeof s - 1)];
    for (size_t i = 0; i < k; i++)
        t[at[i]] = (char)bytes[i];
    return t;
}

Test(charset, stray_control_bytes_are_not_binary)
{
    /* One trailing NUL (C strings, mail spools), a NUL inside, a few
     * control bytes in a short message: text. */
    static const unsigned char nul[] = {0};
    static const unsigned char few[] = {0x01, 0x00, 0x1a, 0x08, 0x7f, 0x00, 0x0b};
    size_t at_end[] = {199};
    size_t at_mid[] = {57};
    size_t spread[] = {3, 20, 41, 77, 100, 150, 190};
    char *t = text_with(200, at_end, nul, 1);
    cr_assert_not(ss_charset_is_binary(t, 200), "one trailing NUL");
    free(t);
    t = text_with(200, at_mid, nul, 1);
    cr_assert_not(ss_charset_is_binary(t, 200), "one NUL inside");
    free(t);
    t = text_with(200, spread, few, 7);
    cr_assert_not(ss_charset_is_binary(t, 200), "seven control bytes");
    free(t);
    cr_assert_not(ss_charset_is_binary("Hi\0", 3), "a short text with its NUL");
    cr_assert_not(ss_charset_is_binary("Hi\0\0\0\0\0\0\0\0\0\0\0\0", 14),
                  "NUL padding at the end");
}

Test(charset, real_binaries_are_refused)
{
    unsigned char rnd[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof rnd; i++) {
        x = x * 1103515245u + 12345u;
        rnd[i] = (unsigned char)(x >> 23);
    }
    cr_assert(ss_charset_is_binary((const char *)rnd, sizeof rnd), "random bytes");
    cr_assert(ss_charset_is_binary((const char *)rnd, 300), "300 random bytes");
    /* Signatures, followed by bytes that alone would pass as text. */
    static const char *const heads[] = {
        "\x89PNG\r\n\x1a\n", "\x1f\x8b\x08\x00", "\x7f" "ELF\x02\x01\x01",
        "PK\x03\x04\x14\x00", "GIF89a", "\xff\xd8\xff\xe0", "%PDF-1.7\n",
        "\x28\xb5\x2f\xfd", "BZh91AY&SY",
    };
    for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
        char buf[256];
        size_t l = strlen(heads[h]);
        memset(buf, 'a', sizeof buf);
        memcpy(buf, heads[h], l);
        cr_assert(ss_charset_is_binary(buf, sizeof buf), "signature %zu", h);
    }
    /* A text that merely starts like one is text. */
    cr_assert_not(ss_charset_is_binary("BZh is a prefix of nothing", 26));
    cr_assert_not(ss_charset_is_binary("RIFF raff and riff-raff", 23));
}

Test(charset, control_bytes_become_spaces_and_are_counted)
{
    static const char s[] = "caf\xc3\xa9 on the quay\x01 at noon\x7f.\0";
    ss_decoded d;
    cr_assert_eq(ss_charset_to_utf8(&arena, s, sizeof s - 1, false, NULL, &d), SS_OK);
    cr_assert_str_eq(d.data, "caf\xc3\xa9 on the quay  at noon . ");
    cr_assert_eq(d.controls, 3);
    cr_assert_not(d.replaced);
    static const char plain[] = "plain text\n";
    cr_assert_eq(ss_charset_to_utf8(&arena, plain, sizeof plain - 1, false, NULL, &d),
                 SS_OK);
    cr_assert_eq(d.controls, 0);
}
