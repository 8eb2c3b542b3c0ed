/*
 * test_page.c - the page model: blocks, titles, widgets, main content,
 * charsets as seen through ss_page_parse(), limits and error paths.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "utf8.h"

static ss_arena arena;
static ss_config cfg;

static void
setup(void)
{
    ss_config_default(&cfg);
    ss_arena_init(&arena, cfg.arena_cap);
}

static void
teardown(void)
{
    ss_arena_free(&arena);
}

TestSuite(page, .init = setup, .fini = teardown);

/* Read a test data file into a malloc'ed buffer. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Parse a string; asserts the expected status. */
static void
parse_str(const char *s, size_t len, ss_format fmt, const char *hint, ss_page *pg, ss_status want)
{
    char err[160] = "";
    ss_arena_reset(&arena);
    ss_status st = ss_page_parse(&arena, &cfg, s, len, fmt, hint, pg, err, sizeof err);
    cr_assert_eq(st, want, "status %d (%s), wanted %d", st, err, want);
}

/* Parse a file under tests/data/page. */
static char *
parse_file(const char *name, ss_page *pg)
{
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/page/%s", SS_TEST_DATA, name);
    char *buf = slurp(path, &len);
    parse_str(buf, len, SS_FORMAT_AUTO, NULL, pg, SS_OK);
    return buf;
}

/* Index of the first block containing needle, or SS_NONE. */
static uint32_t
find_block(const ss_page *pg, const char *needle)
{
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        if (strstr(pg->blocks[i].text, needle))
            return i;
    return SS_NONE;
}

/* Every string in the page is valid, collapsed UTF-8. */
static void
assert_clean_strings(const ss_page *pg)
{
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        cr_assert(ss_utf8_valid(b->text, b->len), "block %u not UTF-8", i);
        cr_assert_eq(strlen(b->text), b->len);
        cr_assert(b->len > 0);
        cr_assert_neq(b->text[0], ' ');
        cr_assert_neq(b->text[b->len - 1], ' ');
        cr_assert_null(strstr(b->text, "  "), "block %u not collapsed", i);
    }
    cr_assert(ss_utf8_valid(pg->title, strlen(pg->title)));
}

Test(page, invisible_text_is_not_in_blocks)
{
    ss_page pg;
    char *buf = parse_file("article.html", &pg);
    cr_assert_eq(pg.format, SS_FORMAT_HTML);
    const char *hidden[] = {"STYLETEXT", "var SCRIPTTEXT", "HIDDENTEXT", "TEMPLATETEXT",
                            "COMMENTTEXT"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        cr_assert_eq(find_block(&pg, hidden[i]), SS_NONE, "%s leaked", hidden[i]);
    /* <noscript> is what a reader without JavaScript (and a crawler) sees:
     * forums built on Discourse put the whole thread there. */
    uint32_t ns = find_block(&pg, "NOSCRIPTTEXT");
    cr_assert_neq(ns, SS_NONE);
    cr_assert_neq(pg.blocks[ns].role, SS_ROLE_MAIN);
    cr_assert_neq(find_block(&pg, "Grelling Marine"), SS_NONE);
    assert_clean_strings(&pg);
    free(buf);
}

Test(page, title_candidates)
{
    ss_page pg;
    char *buf = parse_file("article.html", &pg);
    cr_assert_str_eq(pg.title, "Harbor council approves new ferry schedule - Lakeside Ledger");
    cr_assert_not_null(pg.og_title);
    cr_assert_str_eq(pg.og_title, "Harbor council approves new ferry schedule");
    cr_assert_neq(pg.title_block, SS_NONE);
    const ss_block *t = &pg.blocks[pg.title_block];
    cr_assert_str_eq(t->text, "Harbor council approves new ferry schedule");
    cr_assert_eq(t->heading_level, 1);
    cr_assert(t->flags & SS_BLK_TITLE);
    cr_assert_eq(t->role, SS_ROLE_TITLE);
    free(buf);
}

Test(page, block_structure)
{
    ss_page pg;
    char *buf = parse_file("article.html", &pg);
    uint32_t p = find_block(&pg, "three evening ferry crossings");
    cr_assert_neq(p, SS_NONE);
    const ss_block *b = &pg.blocks[p];
    cr_assert(b->flags & SS_BLK_PARA);
    cr_assert_str_eq(b->path, "div/article/p");
    cr_assert_not_null(strstr(b->attrs, "story"));
    cr_assert_float_eq(b->link_share, 0.0f, 1e-6);
    uint32_t q = find_block(&pg, "Grelling Marine");
    cr_assert_eq(pg.blocks[q].parent_id, b->parent_id, "paragraphs of one article share a container");

    uint32_t n = find_block(&pg, "Sports");
    cr_assert_neq(n, SS_NONE);
    const ss_block *nb = &pg.blocks[n];
    cr_assert(nb->flags & SS_BLK_LISTITEM);
    cr_assert(nb->flags & SS_BLK_BOILER_ZONE);
    cr_assert(nb->flags & SS_BLK_LINK);
    cr_assert_float_eq(nb->link_share, 1.0f, 1e-6);
    cr_assert_gt(nb->depth, 2);
    free(buf);
}

Test(page, main_content_roles)
{
    ss_page pg;
    char *buf = parse_file("article.html", &pg);
    const char *main_text[] = {"three evening ferry crossings", "parking fees",
                               "northern pier", "Grelling Marine"};
    for (size_t i = 0; i < 4; i++) {
        uint32_t k = find_block(&pg, main_text[i]);
        cr_assert_neq(k, SS_NONE);
        cr_assert_eq(pg.blocks[k].role, SS_ROLE_MAIN, "'%s' not MAIN", main_text[i]);
    }
    const char *boiler[] = {"Sports", "Lighthouse museum", "Bridge inspection", "Copyright 2025",
                            "Related", "By Tamsin"};
    for (size_t i = 0; i < sizeof boiler / sizeof boiler[0]; i++) {
        uint32_t k = find_block(&pg, boiler[i]);
        cr_assert_neq(k, SS_NONE, "%s", boiler[i]);
        cr_assert_eq(pg.blocks[k].role, SS_ROLE_BOILER, "'%s' not BOILER", boiler[i]);
    }
    cr_assert_eq(pg.main_first, find_block(&pg, "three evening ferry crossings"));
    cr_assert_eq(pg.main_last, find_block(&pg, "Grelling Marine"));
    free(buf);
}

Test(page, html_related_list_is_a_widget)
{
    ss_page pg;
    char *buf = parse_file("article.html", &pg);
    uint32_t k = find_block(&pg, "School board delays");
    cr_assert_neq(pg.blocks[k].widget, SS_NONE);
    const ss_widget *wd = &pg.widgets[pg.blocks[k].widget];
    cr_assert_eq(wd->n_items, 4);
    cr_assert_neq(wd->heading, SS_NONE);
    cr_assert_str_eq(pg.blocks[wd->heading].text, "Related");
    cr_assert_gt(wd->link_share, 0.9f);
    /* Article paragraphs are not widget items. */
    cr_assert_eq(pg.blocks[find_block(&pg, "parking fees")].widget, SS_NONE);
    free(buf);
}

/* Widget whose heading block has the given text, or NULL. */
static const ss_widget *
widget_by_heading(const ss_page *pg, const char *heading)
{
    for (uint32_t i = 0; i < pg->n_widgets; i++) {
        const ss_widget *wd = &pg->widgets[i];
        if (wd->heading != SS_NONE && !strcmp(pg->blocks[wd->heading].text, heading))
            return wd;
    }
    return NULL;
}

Test(page, text_page_lines_lists_and_widgets)
{
    ss_page pg;
    char *buf = parse_file("listpage.txt", &pg);
    cr_assert_eq(pg.format, SS_FORMAT_TEXT);
    cr_assert_eq(pg.n_blocks, 25);
    assert_clean_strings(&pg);
    /* "- " is stripped and marks a list item. */
    uint32_t k = find_block(&pg, "City library extends");
    cr_assert_str_eq(pg.blocks[k].text, "City library extends weekend opening hours");
    cr_assert(pg.blocks[k].flags & SS_BLK_LISTITEM);
    cr_assert(pg.blocks[find_block(&pg, "Fruit growers")].flags & SS_BLK_PARA);
    /* Title: the first line; headline: the line repeated inside it. */
    cr_assert(strncmp(pg.title, "Current:Home > News", 19) == 0);
    cr_assert_eq(pg.title_block, 1);
    cr_assert_eq(pg.blocks[1].role, SS_ROLE_TITLE);

    const ss_widget *rel = widget_by_heading(&pg, "Related");
    const ss_widget *rank = widget_by_heading(&pg, "Ranking");
    const ss_widget *rec = widget_by_heading(&pg, "Recommendation");
    cr_assert_not_null(rel);
    cr_assert_not_null(rank);
    cr_assert_not_null(rec);
    cr_assert_eq(rel->n_items, 4);
    cr_assert_eq(rank->n_items, 3);
    cr_assert_eq(rec->n_items, 4);
    cr_assert_str_eq(pg.blocks[rank->first + 1].text,
                     "Quinby Farrow: The most reliable 1280 plan ever, simple and safe!");
    /* The tag list ("- In:" ...) is a widget too, without heading. */
    uint32_t tags = find_block(&pg, "Agriculture");
    cr_assert_neq(pg.blocks[tags].widget, SS_NONE);

    /* Roles: paragraphs are MAIN, lists and pre-article lines are not. */
    cr_assert_eq(pg.blocks[find_block(&pg, "Fruit growers")].role, SS_ROLE_MAIN);
    cr_assert_eq(pg.blocks[find_block(&pg, "Lenore Bastable")].role, SS_ROLE_MAIN);
    cr_assert_eq(pg.blocks[find_block(&pg, "Golden Harvest View")].role, SS_ROLE_BOILER);
    cr_assert_eq(pg.blocks[k].role, SS_ROLE_BOILER);
    cr_assert_eq(pg.blocks[find_block(&pg, "Storm damage")].role, SS_ROLE_BOILER);
    cr_assert_eq(pg.main_first, find_block(&pg, "Fruit growers"));
    cr_assert_eq(pg.main_last, find_block(&pg, "Lenore Bastable"));
    free(buf);
}

Test(page, html_version_of_the_list_page)
{
    ss_page pg;
    char *buf = parse_file("listpage.html", &pg);
    cr_assert_eq(pg.format, SS_FORMAT_HTML);
    const ss_widget *rel = widget_by_heading(&pg, "Related");
    const ss_widget *rank = widget_by_heading(&pg, "Ranking");
    cr_assert_not_null(rel);
    cr_assert_not_null(rank);
    cr_assert_eq(rel->n_items, 4);
    cr_assert_eq(rank->n_items, 3);
    cr_assert_eq(pg.title_block, find_block(&pg, "Orchard growers brace"));
    cr_assert_eq(pg.blocks[find_block(&pg, "Fruit growers")].role, SS_ROLE_MAIN);
    cr_assert_eq(pg.blocks[find_block(&pg, "Museum unveils")].role, SS_ROLE_BOILER);
    free(buf);
}

Test(page, whitespace_and_entities)
{
    static const char html[] =
        "<html><body><p>  Tide&amp;wind\n\t report:&nbsp;calm\xe2\x80\x83seas "
        "<b>to</b>day<br>later</p></body></html>";
    ss_page pg;
    parse_str(html, sizeof html - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.n_blocks, 1);
    cr_assert_str_eq(pg.blocks[0].text, "Tide&wind report: calm seas today later");
    cr_assert_eq(pg.blocks[0].n_words, 6);
}

Test(page, format_sniffing)
{
    ss_page pg;
    static const char t1[] = "Just a line of text with a < sign in it\nand another one\n";
    parse_str(t1, sizeof t1 - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.format, SS_FORMAT_TEXT);
    cr_assert_eq(pg.n_blocks, 2);
    static const char t2[] = "Some preamble\n<div>then markup</div>\n";
    parse_str(t2, sizeof t2 - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.format, SS_FORMAT_HTML);
    /* An explicit format wins. */
    static const char t3[] = "<p>shown as text</p>";
    parse_str(t3, sizeof t3 - 1, SS_FORMAT_TEXT, NULL, &pg, SS_OK);
    cr_assert_eq(pg.format, SS_FORMAT_TEXT);
    cr_assert_str_eq(pg.blocks[0].text, "<p>shown as text</p>");
}

Test(page, latin1_declared_with_real_latin1_bytes)
{
    static const char html[] = "<html><head><meta charset=\"ISO-8859-1\"></head>"
                               "<body><p>Caf\xe9 cr\xe8me \xe0 la carte</p></body></html>";
    ss_page pg;
    parse_str(html, sizeof html - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text, "Caf\xc3\xa9 cr\xc3\xa8me \xc3\xa0 la carte");
    cr_assert_str_eq(pg.charset, "windows-1252");
    cr_assert_eq(pg.limits & SS_LIMIT_CHARSET, 0);
}

Test(page, latin1_declared_but_utf8_bytes)
{
    static const char html[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
        "</head><body><p>Caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve</p></body></html>";
    ss_page pg;
    parse_str(html, sizeof html - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text, "Caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve");
    cr_assert_str_eq(pg.charset, "UTF-8");
}

Test(page, http_equiv_other_charset)
{
    /* windows-1251 Cyrillic: "Привет" */
    static const char html[] =
        "<html><head><meta http-equiv='content-type' content='text/html;charset=windows-1251'>"
        "</head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>";
    ss_page pg;
    parse_str(html, sizeof html - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
    cr_assert_str_eq(pg.charset, "WINDOWS-1251");
}

Test(page, boms)
{
    ss_page pg;
    static const char u8[] = "\xef\xbb\xbf<p>na\xc3\xafve</p>";
    parse_str(u8, sizeof u8 - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.format, SS_FORMAT_HTML);
    cr_assert_str_eq(pg.blocks[0].text, "na\xc3\xafve");
    /* UTF-16LE and BE with BOM: "<p>Hé</p>" */
    static const char le[] = "\xff\xfe<\0p\0>\0H\0\xe9\0<\0/\0p\0>\0";
    parse_str(le, sizeof le - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.format, SS_FORMAT_HTML);
    cr_assert_str_eq(pg.blocks[0].text, "H\xc3\xa9");
    cr_assert_str_eq(pg.charset, "UTF-16LE");
    static const char be[] = "\xfe\xff\0<\0p\0>\0H\0\xe9\0<\0/\0p\0>";
    parse_str(be, sizeof be - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text, "H\xc3\xa9");
    cr_assert_str_eq(pg.charset, "UTF-16BE");
}

Test(page, invalid_utf8)
{
    ss_page pg;
    /* Undeclared and not UTF-8: read as windows-1252. */
    static const char t1[] = "<p>Men\xfc of the day \x93quoted\x94</p>";
    parse_str(t1, sizeof t1 - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text,
                     "Men\xc3\xbc of the day \xe2\x80\x9cquoted\xe2\x80\x9d");
    cr_assert_str_eq(pg.charset, "windows-1252");
    /* Declared UTF-8 with a broken byte: U+FFFD and a limit bit. */
    static const char t2[] = "<meta charset=utf-8><p>broken \xff byte</p>";
    parse_str(t2, sizeof t2 - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text, "broken \xef\xbf\xbd byte");
    cr_assert(pg.limits & SS_LIMIT_CHARSET);
    assert_clean_strings(&pg);
}

Test(page, charset_hint_and_unknown_names)
{
    ss_page pg;
    static const char t[] = "plain caf\xe9 text\n";
    parse_str(t, sizeof t - 1, SS_FORMAT_AUTO, "ISO-8859-15", &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text, "plain caf\xc3\xa9 text");
    /* A made-up charset name falls back to the bytes. */
    static const char h[] = "<meta charset=\"x-no-such-charset\"><p>caf\xc3\xa9</p>";
    parse_str(h, sizeof h - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.blocks[0].text, "caf\xc3\xa9");
    cr_assert_str_eq(pg.charset, "UTF-8");
}

Test(page, empty_and_binary_inputs)
{
    ss_page pg;
    parse_str("", 0, SS_FORMAT_AUTO, NULL, &pg, SS_ERR_EMPTY);
    parse_str(" \n\t\n ", 5, SS_FORMAT_AUTO, NULL, &pg, SS_ERR_EMPTY);
    static const char noText[] = "<html><body><script>x()</script></body></html>";
    parse_str(noText, sizeof noText - 1, SS_FORMAT_AUTO, NULL, &pg, SS_ERR_EMPTY);
    static const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    parse_str(bin, sizeof bin - 1, SS_FORMAT_AUTO, NULL, &pg, SS_ERR_BINARY);
    char ctl[200];
    for (size_t i = 0; i < sizeof ctl; i++)
        ctl[i] = (char)(i % 3 == 0 ? 0x01 : 'a');
    parse_str(ctl, sizeof ctl, SS_FORMAT_AUTO, NULL, &pg, SS_ERR_BINARY);
}

Test(page, deep_nesting_does_not_crash)
{
    const int depth = 10000;
    size_t cap = (size_t)depth * 11 + 64;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    size_t n = 0;
    n += (size_t)sprintf(buf + n, "<html><body><p>Shallow intro text.</p>");
    for (int i = 0; i < depth; i++)
        n += (size_t)sprintf(buf + n, "<div>");
    n += (size_t)sprintf(buf + n, "deep text");
    for (int i = 0; i < depth; i++)
        n += (size_t)sprintf(buf + n, "</div>");
    ss_page pg;
    /* libxml2 gives up below 256 levels: what was read before is kept. */
    parse_str(buf, n, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert(pg.limits & SS_LIMIT_DEPTH);
    cr_assert_neq(find_block(&pg, "Shallow intro"), SS_NONE);
    free(buf);
}

Test(page, depth_cap_flattens_deeper_elements)
{
    char buf[2048];
    size_t n = 0;
    n += (size_t)sprintf(buf + n, "<html><body>");
    for (int i = 0; i < 40; i++)
        n += (size_t)sprintf(buf + n, "<div class=\"c%d\">", i);
    n += (size_t)sprintf(buf + n, "<p>deep <a href=x>text</a></p>");
    for (int i = 0; i < 40; i++)
        n += (size_t)sprintf(buf + n, "</div>");
    ss_page pg;
    cfg.max_depth = 10;
    parse_str(buf, n, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert(pg.limits & SS_LIMIT_DEPTH);
    uint32_t k = find_block(&pg, "deep text");
    cr_assert_neq(k, SS_NONE);
    cr_assert_leq(pg.blocks[k].depth, 10);
    cr_assert_gt(pg.blocks[k].link_share, 0.0f);
}

Test(page, huge_page_is_refused)
{
    size_t n = (size_t)50 << 20;
    char *buf = malloc(n);
    cr_assert_not_null(buf);
    memset(buf, 'a', n);
    ss_page pg;
    char err[160] = "";
    ss_arena_reset(&arena);
    cr_assert_eq(ss_page_parse(&arena, &cfg, buf, n, SS_FORMAT_AUTO, NULL, &pg, err, sizeof err),
                 SS_ERR_LIMIT);
    cr_assert_neq(err[0], '\0');
    free(buf);
}

Test(page, block_and_block_byte_caps)
{
    char buf[8192];
    size_t n = 0;
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "<p>Paragraph number %d here.</p>", i);
    ss_page pg;
    cfg.max_blocks = 5;
    parse_str(buf, n, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(pg.n_blocks, 5);
    cr_assert(pg.limits & SS_LIMIT_BLOCKS);

    ss_config_default(&cfg);
    cfg.max_block_bytes = 10;
    static const char h[] = "<p>\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 more</p>";
    parse_str(h, sizeof h - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert(pg.limits & SS_LIMIT_BLOCK_BYTES);
    cr_assert_leq(pg.blocks[0].len, 10);
    assert_clean_strings(&pg);
}

Test(page, arena_cap_is_a_limit_error)
{
    ss_arena small;
    ss_arena_init(&small, 4096);
    ss_page pg;
    char err[160] = "";
    static const char h[] = "<p>hello</p>";
    cr_assert_eq(ss_page_parse(&small, &cfg, h, sizeof h - 1, SS_FORMAT_AUTO, NULL, &pg, err,
                               sizeof err),
                 SS_ERR_LIMIT);
    ss_arena_free(&small);
}

Test(page, limit_names)
{
    const char *names[8];
    size_t n = ss_page_limit_names(SS_LIMIT_DEPTH | SS_LIMIT_CHARSET, names, 8);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(names[0], "dom-depth");
    cr_assert_str_eq(names[1], "charset");
    cr_assert_eq(ss_page_limit_names(SS_LIMIT_DEPTH | SS_LIMIT_CHARSET, names, 1), 1);
}

/* Inputs that once crashed the fuzzer must parse (any status) forever. */
Test(page, fuzz_corpus_replays)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/page", SS_SOURCE_DIR);
    DIR *d = opendir(dir);
    if (!d)
        return; /* no regression inputs kept yet */
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        char *buf = slurp(path, &len);
        ss_page pg;
        char err[160];
        ss_arena_reset(&arena);
        ss_status st = ss_page_parse(&arena, &cfg, buf, len, SS_FORMAT_AUTO, NULL, &pg, err,
                                     sizeof err);
        if (st == SS_OK)
            assert_clean_strings(&pg);
        free(buf);
    }
    closedir(d);
}

Test(page, broken_head_markup_keeps_body_text)
{
    ss_page pg;
    /* An unclosed <title>: libxml2 nests the rest of the page inside it. */
    static const char t1[] = "<html><head><title>Gull count rises\n<div><p>Volunteers counted "
                             "four hundred gulls on the pier this spring.</p></div></body></html>";
    parse_str(t1, sizeof t1 - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_neq(find_block(&pg, "four hundred gulls"), SS_NONE);
    cr_assert_eq(find_block(&pg, "Gull count rises"), SS_NONE, "title text is not a block");
    /* An unknown tag in <head> before the body content. */
    static const char t2[] = "<html><head><title>Pier</title><xbox><table><tr><td>"
                             "The pier reopens on Monday after repairs.</td></tr></table>"
                             "</head><body></body></html>";
    parse_str(t2, sizeof t2 - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_neq(find_block(&pg, "pier reopens"), SS_NONE);
    cr_assert_str_eq(pg.title, "Pier");
}

Test(page, double_br_splits_blocks)
{
    ss_page pg;
    static const char h[] = "<div>First line<br>same block<br><br>\n<br>Second block</div>";
    parse_str(h, sizeof h - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.n_blocks, 2);
    cr_assert_str_eq(pg.blocks[0].text, "First line same block");
    cr_assert_str_eq(pg.blocks[1].text, "Second block");
    cr_assert(pg.blocks[1].flags & SS_BLK_DIVTEXT);
    cr_assert_eq(pg.blocks[0].parent_id, pg.blocks[1].parent_id);
}

Test(page, comments_and_captions_are_not_main)
{
    ss_page pg;
    static const char h[] =
        "<html><body><div class=\"post-body\">"
        "<p>The tidal survey began at dawn, and by noon the team had mapped the whole eastern "
        "shore, including the two sandbars that shift every winter.</p>"
        "<figure><img src=x><figcaption>Surveyors on the eastern shore at low tide, seen from "
        "the old lighthouse.</figcaption></figure>"
        "<p>Their report, due in the autumn, will guide where the new breakwater is built, "
        "according to the harbour office, which commissioned it.</p>"
        "</div><div class=\"comments\"><div class=\"comment\"><p>Great work by the team, "
        "I walked that shore for years and never knew the bars moved so much.</p></div></div>"
        "</body></html>";
    parse_str(h, sizeof h - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.blocks[find_block(&pg, "tidal survey")].role, SS_ROLE_MAIN);
    cr_assert_eq(pg.blocks[find_block(&pg, "new breakwater")].role, SS_ROLE_MAIN);
    cr_assert_eq(pg.blocks[find_block(&pg, "Surveyors on the eastern")].role, SS_ROLE_BOILER);
    cr_assert_eq(pg.blocks[find_block(&pg, "Great work")].role, SS_ROLE_BOILER);
}

Test(page, long_titles_are_cut_on_character_boundaries)
{
    char buf[4096];
    size_t n = (size_t)sprintf(buf, "<html><head><title>");
    for (int i = 0; i < 700; i++) { /* 4-byte characters across the cap */
        memcpy(buf + n, "\xf0\x9f\x98\x80", 4);
        n += 4;
    }
    n += (size_t)sprintf(buf + n, "</title></head><body><p>x</p></body></html>");
    for (int shift = 0; shift < 4; shift++) {
        char tmp[4200];
        memcpy(tmp, buf, 19);
        memset(tmp + 19, 'a', (size_t)shift);
        memcpy(tmp + 19 + shift, buf + 19, n - 19);
        ss_page pg;
        parse_str(tmp, n + (size_t)shift, SS_FORMAT_HTML, NULL, &pg, SS_OK);
        cr_assert(ss_utf8_valid(pg.title, strlen(pg.title)), "shift %d", shift);
        cr_assert_gt(strlen(pg.title), 512);
    }
}

/* Text pages: a breadcrumb on its own line is not the title; the headline
 * repeated from the title line is the title block; the page's text starts
 * with the first paragraph after the headline, not with the title copies
 * or the date/source line. */
Test(page, text_breadcrumb_line_and_repeated_headline)
{
    const char *t =
        "Location:Homepage > Sport > Local\n"
        "Ferry service resumes after a week of storms on the sound -Quillmoor Daily\n"
        "Ferry service resumes after a week of storms on the sound\n"
        "Time:2024-03-02 08:15:00 Source:Quillmoor Daily\n"
        "Port Anselm, Maine — The first ferry in eight days left the terminal on "
        "Saturday morning after crews repaired storm damage to the loading ramp.\n"
        "Passengers waited in a line that stretched past the ticket office, and the "
        "operator added two extra crossings for the afternoon.\n";
    ss_page pg;
    parse_str(t, strlen(t), SS_FORMAT_TEXT, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.title, "Ferry service resumes after a week of storms on "
                               "the sound -Quillmoor Daily");
    cr_assert_eq(pg.title_block, 2);
    cr_assert_eq(pg.blocks[0].role, SS_ROLE_BOILER);
    cr_assert_eq(pg.blocks[1].role, SS_ROLE_BOILER);
    cr_assert_eq(pg.blocks[2].role, SS_ROLE_TITLE);
    cr_assert_eq(pg.blocks[3].role, SS_ROLE_BOILER);
    cr_assert_eq(pg.blocks[4].role, SS_ROLE_MAIN);
    cr_assert_eq(pg.blocks[5].role, SS_ROLE_MAIN);
}

/* A plain document (a message) keeps its text: a one-line document, and a
 * first line that reads like a paragraph, are content, not a headline. */
Test(page, plain_text_documents_are_main)
{
    ss_page pg;
    const char *one = "see you at the station at six\n";
    parse_str(one, strlen(one), SS_FORMAT_TEXT, NULL, &pg, SS_OK);
    cr_assert_eq(pg.n_blocks, 1);
    cr_assert_eq(pg.title_block, SS_NONE);
    cr_assert_eq(pg.blocks[0].role, SS_ROLE_MAIN);

    const char *para = "The committee met on Thursday and agreed to publish the "
                       "minutes of every meeting from next month onwards.\n";
    parse_str(para, strlen(para), SS_FORMAT_TEXT, NULL, &pg, SS_OK);
    cr_assert_eq(pg.title_block, SS_NONE);
    cr_assert_eq(pg.blocks[0].role, SS_ROLE_MAIN);
}

Test(page, prefixed_word_tags_and_malformed_end_tags)
{
    ss_page pg;
    /* Word's <o:p> is a paragraph to libxml2's tree builder (the prefix
     * is dropped); the stray "<//SPAN>" stays text after it. */
    static const char h[] = "<html><body><p><strong><span>Stage 2 - Confusion "
                            "<o:p></o:p><//SPAN></strong></p><p>Next part</p></body></html>";
    parse_str(h, sizeof h - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(pg.n_blocks, 3);
    cr_assert_str_eq(pg.blocks[0].text, "Stage 2 - Confusion");
    cr_assert_str_eq(pg.blocks[1].text, "/SPAN>");
    cr_assert_str_eq(pg.blocks[2].text, "Next part");
    assert_clean_strings(&pg);
}

Test(page, a_second_document_after_the_first_is_read)
{
    ss_page pg;
    /* Two pages pasted one after the other (seen in crawls): without a
     * DOCTYPE first, everything after the first </html> is still read. */
    static const char two[] = "<html><body><p>Weather: clear and cold tonight.</p></body></html>"
                              "<script>var x = 1;</script>"
                              "<html><head><title>Second</title></head><body>"
                              "<p>The council voted on the ferry budget on Monday night.</p>"
                              "</body></html>";
    parse_str(two, sizeof two - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_neq(find_block(&pg, "Weather"), SS_NONE);
    cr_assert_neq(find_block(&pg, "ferry budget"), SS_NONE);
    cr_assert_eq(find_block(&pg, "var x"), SS_NONE);
    /* With a DOCTYPE first too (a page whose template closes the document
     * before its text, which browsers still show). */
    static const char dt[] = "<!DOCTYPE html><html><body><p>Weather: clear.</p></body></html>"
                             "<div><p>Stray text after the end of the page.</p></div>";
    parse_str(dt, sizeof dt - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_neq(find_block(&pg, "Weather"), SS_NONE);
    cr_assert_neq(find_block(&pg, "Stray text"), SS_NONE);
}

Test(page, hidden_title_wrapper_keeps_its_title_text)
{
    ss_page pg;
    /* An unclosed, hidden <title>: its own text is the title, the elements
     * it swallowed are hidden with it. */
    static const char h[] = "<html><head><title hidden>Ferry news\n<div><p>Secret text "
                            "inside the hidden title.</p></div></head>"
                            "<body><p>Visible text.</p></body></html>";
    parse_str(h, sizeof h - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_str_eq(pg.title, "Ferry news");
    cr_assert_eq(find_block(&pg, "Secret text"), SS_NONE);
}

Test(page, stray_control_bytes_are_read_as_spaces_and_reported)
{
    ss_page pg;
    /* a mail body ending in a NUL, as 1 message in 400 of a public corpus */
    static const char mail[] = "Subject: ferry fares\n\nThe council kept the ferry "
                               "fares for the winter.\n\0";
    parse_str(mail, sizeof mail - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert(pg.limits & SS_LIMIT_CONTROLS);
    cr_assert_neq(find_block(&pg, "ferry fares for the winter."), SS_NONE);
    static const char html[] = "<html><head><title>Quay\x01 news</title></head><body>"
                               "<p>The ferry\x08 leaves at noon\x1a.</p></body></html>";
    parse_str(html, sizeof html - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert(pg.limits & SS_LIMIT_CONTROLS);
    cr_assert_str_eq(pg.title, "Quay news");
    cr_assert_neq(find_block(&pg, "The ferry leaves at noon ."), SS_NONE);
    static const char clean[] = "<p>No stray bytes here.</p>";
    parse_str(clean, sizeof clean - 1, SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_not(pg.limits & SS_LIMIT_CONTROLS);
}

/* Index of the hidden block containing needle, or SS_NONE. */
static uint32_t
find_hidden(const ss_page *pg,
            const char *needle)
{
    for (uint32_t i = 0; i < pg->n_hidden; i++)
        if (strstr(pg->hidden[i].text, needle))
            return i;
    return SS_NONE;
}

Test(page, hidden_text_is_kept_apart_with_why)
{
    static const struct {
        const char *style;
        unsigned why;
    } cases[] = {
        {"display: NONE", SS_HID_DISPLAY},
        {"visibility:hidden", SS_HID_VISIBILITY},
        {"position:absolute;left:-9999px", SS_HID_OFFSCREEN},
        {"text-indent:-9999px", SS_HID_OFFSCREEN},
        {"position:absolute;top:-5000px", SS_HID_OFFSCREEN},
        {"left:-80em", SS_HID_OFFSCREEN},
        {"height:0;overflow:hidden", SS_HID_ZERO_SIZE},
        {"max-height:0px; overflow: hidden", SS_HID_ZERO_SIZE},
        {"width:0;overflow:hidden", SS_HID_ZERO_SIZE},
        {"width:1px;height:1px", SS_HID_ZERO_SIZE},
        {"font-size:0", SS_HID_FONT_ZERO},
        {"font-size:0px;color:red", SS_HID_FONT_ZERO},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char html[1024];
        snprintf(html, sizeof html,
                 "<html><body><p>Visible before the hidden part of the page.</p>"
                 "<div><div style=\"%s\"><p>Hidden first <a href=\"http://far.example/x\">far "
                 "link</a></p><p>Hidden second</p></div></div>"
                 "<p>Visible <span style=\"%s\">inline hidden</span>after it.</p></body></html>",
                 cases[k].style, cases[k].style);
        ss_page pg;
        parse_str(html, strlen(html), SS_FORMAT_HTML, NULL, &pg, SS_OK);
        cr_assert_eq(find_block(&pg, "Hidden"), SS_NONE, "%s: hidden text visible",
                     cases[k].style);
        cr_assert_eq(find_block(&pg, "inline hidden"), SS_NONE);
        cr_assert_neq(find_block(&pg, "Visible after it."), SS_NONE, "%s: visible run cut",
                      cases[k].style);
        uint32_t h1 = find_hidden(&pg, "Hidden first far link");
        uint32_t h2 = find_hidden(&pg, "Hidden second");
        uint32_t h3 = find_hidden(&pg, "inline hidden");
        cr_assert(h1 != SS_NONE && h2 != SS_NONE && h3 != SS_NONE, "%s", cases[k].style);
        cr_assert_eq(pg.hidden[h1].hidden, cases[k].why, "%s: why %x", cases[k].style,
                     pg.hidden[h1].hidden);
        cr_assert_eq(pg.hidden[h1].parent_id, pg.hidden[h2].parent_id);
        cr_assert_neq(pg.hidden[h1].parent_id, pg.hidden[h3].parent_id);
        cr_assert_eq(pg.hidden[h1].at, 1u); /* after the first visible block */
        cr_assert_eq(pg.hidden[h1].role, SS_ROLE_BOILER);
        /* The link inside: its anchor text and an off-site host. */
        bool seen = false;
        for (uint32_t l = 0; l < pg.n_links; l++) {
            const ss_link *lk = &pg.links[l];
            if (!lk->hidden || lk->block != h1)
                continue;
            cr_assert_eq(strncmp(pg.hidden[h1].text + lk->start, "far link", 8), 0);
            cr_assert_eq(lk->end - lk->start, 8u);
            cr_assert_eq(lk->host, ss_page_url_host("https://www.far.example/"));
            seen = true;
        }
        cr_assert(seen, "%s: hidden link not recorded", cases[k].style);
    }
}

Test(page, honest_styles_stay_visible)
{
    static const char *const styles[] = {
        "margin-left:-20px", "font-size:0.8em", "height:100px;overflow:hidden",
        "line-height:0", "left:0;position:absolute", "width:100%", "text-indent:-1em",
        "top:-10px", "aria-label:none",
    };
    for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++) {
        char html[512];
        snprintf(html, sizeof html, "<html><body><p style=\"%s\">Shown text here.</p></body></html>",
                 styles[k]);
        ss_page pg;
        parse_str(html, strlen(html), SS_FORMAT_HTML, NULL, &pg, SS_OK);
        cr_assert_neq(find_block(&pg, "Shown text here."), SS_NONE, "%s hid the text", styles[k]);
        cr_assert_eq(pg.n_hidden, 0u, "%s", styles[k]);
    }
}

Test(page, links_and_the_page_host)
{
    static const char html[] =
        "<html><head><link rel=\"canonical\" href=\"https://www.Example.org/story\"></head><body>"
        "<p>See <a href=\"/about\">about us</a> and <a href=\"http://example.org/x\">our page</a>"
        " and <a href=\"//other.example/y\">another site</a>.</p></body></html>";
    ss_page pg;
    parse_str(html, sizeof html - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(pg.host, ss_page_url_host("http://example.org/"));
    cr_assert_eq(pg.n_links, 3u);
    const ss_block *b = &pg.blocks[pg.links[0].block];
    cr_assert_eq(strncmp(b->text + pg.links[0].start, "about us", 8), 0);
    cr_assert_eq(pg.links[0].host, 0u);
    cr_assert_eq(pg.links[1].host, pg.host);
    cr_assert_neq(pg.links[2].host, pg.host);
    cr_assert_neq(pg.links[2].host, 0u);
    cr_assert_eq(ss_page_url_host("mailto:x@example.org"), 0u);
}

Test(page, style_rules_mark_blocks_they_hide_but_keep_them_visible)
{
    static const char html[] =
        "<html><head><style>\n@media screen { .menu a:hover { color: red } }\n"
        "body { margin: 0 }\n.offs, #gone { position: absolute; left: -9999px }\n"
        "div.tiny { font-size: 0 }\n.a.b { display: none }\n.shown { color: blue }\n"
        "</style></head><body>"
        "<p class=\"intro offs\">First rule-hidden paragraph.</p>"
        "<p id=\"gone\">Second rule-hidden paragraph.</p>"
        "<div class=\"tiny\"><p>Inside a tiny div.</p></div>"
        "<p class=\"b\">Only one of two classes.</p>"
        "<p class=\"shown menu\">Plainly shown paragraph.</p></body></html>";
    ss_page pg;
    parse_str(html, sizeof html - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    static const struct {
        const char *text;
        unsigned hidden;
    } want[] = {
        {"First rule-hidden paragraph.", SS_HID_RULE},
        {"Second rule-hidden paragraph.", SS_HID_RULE},
        {"Inside a tiny div.", SS_HID_RULE},
        {"Only one of two classes.", 0},
        {"Plainly shown paragraph.", 0},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        uint32_t b = find_block(&pg, want[k].text);
        cr_assert_neq(b, SS_NONE, "%s is not a visible block", want[k].text);
        cr_assert_eq(pg.blocks[b].hidden, want[k].hidden, "%s: %x", want[k].text,
                     pg.blocks[b].hidden);
    }
    cr_assert_eq(pg.n_hidden, 0u);
}

/* Role of the first block containing needle (asserts it exists). */
static uint8_t
role_of(const ss_page *pg, const char *needle)
{
    uint32_t i = find_block(pg, needle);
    cr_assert_neq(i, SS_NONE, "no block with '%s'", needle);
    return pg->blocks[i].role;
}

Test(page, forum_thread_keeps_every_post_not_the_chrome)
{
    ss_page pg;
    char *buf = parse_file("forum.html", &pg);
    cr_assert_eq(role_of(&pg, "rudder squeaks loudly"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "marine grease"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "The squeak is gone"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Categories"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Dry suit zipper care"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Terms of service"), SS_ROLE_MAIN);
    free(buf);
}

Test(page, product_page_keeps_description_and_specifications)
{
    ss_page pg;
    char *buf = parse_file("product.html", &pg);
    cr_assert_eq(role_of(&pg, "ventilated back panel"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "Recycled ripstop nylon"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "1.3 kg"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Trail Rain Cover"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "three-day hike"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Cart (0)"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Free returns"), SS_ROLE_MAIN);
    free(buf);
}

Test(page, listing_keeps_the_linked_items)
{
    ss_page pg;
    char *buf = parse_file("listing.html", &pg);
    cr_assert_eq(role_of(&pg, "Speckled Oat Mug"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "Slate Tall Mug"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Contact"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Returns"), SS_ROLE_MAIN);
    free(buf);
}

Test(page, front_page_of_headlines_in_several_templates_is_all_items)
{
    ss_page pg;
    char *buf = parse_file("frontpage.html", &pg);
    const char *items[] = {"Ferry timetable changes", "drops two evening sailings",
                           "Fish market reopens", "Harbour wall survey",
                           "Council votes on the new parking charges"};
    for (size_t k = 0; k < sizeof items / sizeof items[0]; k++) {
        uint32_t b = find_block(&pg, items[k]);
        cr_assert_neq(b, SS_NONE, "%s", items[k]);
        cr_assert_eq(pg.blocks[b].role, SS_ROLE_MAIN, "%s", items[k]);
        cr_assert(pg.blocks[b].flags & SS_BLK_ITEMS, "%s", items[k]);
    }
    cr_assert_neq(role_of(&pg, "Weather"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Privacy notice"), SS_ROLE_MAIN);
    free(buf);
}

/* A page builder that names every layout box a widget (HubSpot's
 * "widget-span widget-type-cell") does not make its sections chrome; a
 * sidebar widget still is. */
Test(page, page_builder_widget_boxes_are_not_chrome)
{
    static const char doc[] =
        "<html><body><main>"
        "<div class=\"widget-span widget-type-cell\"><h1>Data consulting for mid-size firms</h1>"
        "<p>We assess your existing data systems, find the gaps that slow your reporting, "
        "and plan a platform your analysts can run on their own.</p></div>"
        "<div class=\"widget-span widget-type-cell\"><h2>What you gain</h2>"
        "<p>Reports that finish overnight instead of over a weekend, with one definition "
        "of revenue that finance and sales both accept.</p>"
        "<p>Teams trained to own the pipelines after we leave, so the next change does not "
        "need another contract.</p></div>"
        "<div class=\"widget-span widget-type-cell\"><h2>How we work</h2>"
        "<p>Two weeks of interviews and audits, a written plan with costs, then monthly "
        "deliveries that each replace one manual report.</p></div>"
        "</main><div class=\"sidebar widget\"><p>Subscribe to our newsletter for monthly "
        "tips.</p></div></body></html>";
    ss_page pg;
    parse_str(doc, sizeof doc - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "existing data systems"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "finish overnight"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "Two weeks of interviews"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Subscribe to our newsletter"), SS_ROLE_MAIN);
}

/* A <div> left open inside a <button> outlives </button> in libxml2, so
 * the rest of the page would be button text; a paragraph or heading
 * inside a button ends it. A button's own label stays out. */
Test(page, unclosed_div_in_a_button_does_not_swallow_the_page)
{
    static const char doc[] =
        "<html><body><header><button class=\"menu\"><div class=\"inner\"><div>Menu"
        "</button></header>"
        "<main><article><h1>How to repot a fiddle-leaf fig</h1>"
        "<p>Wait for spring, when the roots grow fastest, and pick a pot only two inches "
        "wider than the old one so the soil dries out between waterings.</p>"
        "<p>Loosen the root ball with your fingers, trim any roots that are black or mushy, "
        "and set the plant at the same depth it grew before.</p>"
        "<button>Save article</button>"
        "<p>Water it well once and keep it out of direct sun for a week while it settles.</p>"
        "</article></main></body></html>";
    ss_page pg;
    parse_str(doc, sizeof doc - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "roots grow fastest"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "Loosen the root ball"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "out of direct sun"), SS_ROLE_MAIN);
    cr_assert_eq(find_block(&pg, "Menu"), SS_NONE);
    cr_assert_eq(find_block(&pg, "Save article"), SS_NONE);
}

/* React's streamed segments (<div hidden id="S:0">, "S:2c", moved into
 * place by a script) are the page's text; other hidden elements stay hidden. */
Test(page, react_streamed_segment_is_visible_text)
{
    static const char doc[] =
        "<html><body><main><template id=\"B:0\"></template><p>Loading</p></main>"
        "<div hidden id=\"S:0\"><article><h1>Index funds for beginners</h1>"
        "<p>An index fund buys every stock in a market index, so its return follows the "
        "market and its fees stay low because nobody picks the stocks.</p>"
        "<p>Most investors do better holding one broad fund for decades than trading in "
        "and out of funds that had a good year.</p></article></div>"
        "<div hidden id=\"S:2c\"><p>Segment numbers are hexadecimal, so this one is the "
        "forty-fourth part of the page to arrive.</p></div>"
        "<div hidden id=\"promo\"><p>Cheap pills here for everyone who wants them now, "
        "visit our shop today and save.</p></div>"
        "<div hidden id=\"S:x\"><p>Not a segment id at all, so this stays hidden.</p></div>"
        "</body></html>";
    ss_page pg;
    parse_str(doc, sizeof doc - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "buys every stock"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "one broad fund"), SS_ROLE_MAIN);
    cr_assert_neq(find_block(&pg, "Segment numbers are hexadecimal"), SS_NONE);
    cr_assert_eq(find_block(&pg, "Cheap pills"), SS_NONE);
    cr_assert_eq(find_block(&pg, "Not a segment id"), SS_NONE);
    bool hid = false;
    for (uint32_t i = 0; i < pg.n_hidden; i++)
        hid |= strstr(pg.hidden[i].text, "Cheap pills") != NULL;
    cr_assert(hid);
}

/* A short page and a <div ATTRS> of 40 links selling pills, each to its
 * own host, into farm (cap bytes); returns its length. */
static size_t
link_farm(char *farm, size_t cap, const char *attrs)
{
    size_t n = (size_t)snprintf(farm, cap, "<html><body><p>Welcome to our site.</p><div %s>",
                                attrs);
    for (int k = 0; k < 40 && n < cap - 200; k++)
        n += (size_t)snprintf(farm + n, cap - n,
                              "<a href=\"http://pills%d.example/\">cheap pills online %d</a> ", k, k);
    n += (size_t)snprintf(farm + n, cap - n, "%s", "</div></body></html>");
    return n;
}

/* A page whose body sits in a wrapper hidden by its inline style until a
 * script shows it is read again with the wrapper shown; a hidden block of
 * links on a page with little text stays hidden. */
Test(page, page_inside_an_inline_hidden_wrapper_is_read_shown)
{
    static const char doc[] =
        "<html><body><div id=\"app\" style=\"visibility:hidden;min-height:100vh\">"
        "<nav><a href=\"/\">Home</a> <a href=\"/guides\">Guides</a></nav>"
        "<article><h1>Ensemble learning in practice</h1>"
        "<p>Ensemble learning combines several simple models so that their errors cancel out, "
        "which usually predicts better than any one of them alone.</p>"
        "<p>Bagging trains each model on a resampled copy of the data and averages the votes, "
        "while boosting trains them in turn, each one on the mistakes of the last.</p>"
        "<p>Random forests are bagged decision trees that also pick a random subset of the "
        "features at every split, which makes the trees differ from one another.</p>"
        "<p>Gradient boosting fits each new tree to the residual errors of the ensemble so far, "
        "with a small learning rate so that no single tree dominates the result.</p>"
        "<p>Stacking feeds the predictions of several different models into a final model "
        "that learns how much to trust each of them on different kinds of input.</p>"
        "<p>In practice, start with a random forest as a baseline, then try gradient boosting "
        "with early stopping, and keep whichever does better on held-out data.</p>"
        "<p>Ensembles cost more to train and to serve, so measure the gain before you ship "
        "one, and prefer the simpler model when the two are close in accuracy.</p>"
        "<p>Finally, remember that an ensemble of models trained on the same biased data "
        "shares that bias: more models do not fix a problem in what they learn from.</p>"
        "<p>Voting ensembles are the simplest kind: each model casts a vote, and the class "
        "with the most votes wins, optionally weighted by how well each model did.</p>"
        "<p>Averaging works the same way for numbers, and it smooths out the noise of models "
        "that overfit different parts of the training data in different directions.</p>"
        "<p>Diversity matters more than the number of members: ten copies of one model add "
        "nothing, while three models that fail on different cases help a lot.</p>"
        "<p>Cross-validation gives every member an honest estimate of its error, and the same "
        "folds can train the final model of a stack without leaking the answers.</p>"
        "<p>Keep a record of every member's settings, because an ensemble that cannot be "
        "rebuilt from its parts cannot be debugged when its accuracy drops later.</p>"
        "<p>Last, write down why each member is there: a model kept only because it once "
        "helped on a test set that no longer exists is weight you carry for nothing.</p>"
        "</article></div></body></html>";
    ss_page pg;
    parse_str(doc, sizeof doc - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "errors cancel out"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "Random forests are bagged"), SS_ROLE_MAIN);
    cr_assert_eq(pg.n_hidden, 0u);

    /* The same page in a window that a script grows from zero size. */
    static char grown[sizeof doc + 64];
    int gn = snprintf(grown, sizeof grown, "%s%s",
                      "<html><body><div id=\"app\" style=\"width:0px;height:0px\">",
                      strstr(doc, "<nav>"));
    cr_assert(gn > 0 && (size_t)gn < sizeof grown);
    parse_str(grown, (size_t)gn, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "errors cancel out"), SS_ROLE_MAIN);
    cr_assert_eq(pg.n_hidden, 0u);

    /* A block of links hidden by display:none or by a zero size stays
     * hidden. */
    static const char *const boxes[] = {"display:none", "width:0;height:0"};
    for (size_t b = 0; b < sizeof boxes / sizeof boxes[0]; b++) {
        char farm[4096], attrs[64];
        snprintf(attrs, sizeof attrs, "style=\"%s\"", boxes[b]);
        size_t n = link_farm(farm, sizeof farm, attrs);
        parse_str(farm, n, SS_FORMAT_HTML, NULL, &pg, SS_OK);
        cr_assert_eq(find_block(&pg, "cheap pills"), SS_NONE, "%s", boxes[b]);
        cr_assert_gt(pg.n_hidden, 0u, "%s", boxes[b]);
    }
}

/* Tab and accordion panels hidden until their tab is chosen (a class
 * that names a panel, role="tabpanel", role="region" or any element
 * labelled by its button or heading) are read as visible blocks marked SS_HID_PANEL; hidden text of
 * another shape, a panel moved off the screen and a panel of links stay
 * hidden. */
Test(page, hidden_tab_panels_are_read_as_visible)
{
    static const char doc[] =
        "<html><body><main><h1>Harbour folding chair</h1>"
        "<p>A folding chair of oiled ash for the deck and the garden, made in our workshop.</p>"
        "<ul role=\"tablist\"><li>Description</li><li>Specifications</li><li>Care</li></ul>"
        "<div class=\"product-tabs__panel\" style=\"display:none\"><p>The seat is woven from "
        "waxed cotton cord that stays taut through years of sun and rain.</p></div>"
        "<div role=\"tabpanel\" hidden><p>Seat height forty-five centimetres, folded depth "
        "eight centimetres, weight four kilograms.</p></div>"
        "<div role=\"region\" aria-labelledby=\"care-button\" style=\"height:0;overflow:hidden\">"
        "<p>Oil the frame once a season with linseed oil and store it folded indoors in "
        "winter.</p></div>"
        "<div id=\"ship-3-content\" aria-labelledby=\"ship-3-heading\" hidden><p>Sent flat "
        "in a recycled carton within three working days of your order.</p></div>"
        "<div class=\"tab-pane\" style=\"position:absolute;left:-9999px\"><p>Text moved far "
        "off the screen stays hidden whatever its class says.</p></div>"
        "<div class=\"extra-info\" style=\"display:none\"><p>A hidden note that is no panel "
        "stays hidden too.</p></div>"
        "</main></body></html>";
    ss_page pg;
    parse_str(doc, sizeof doc - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    static const char *const shown[] = {"waxed cotton cord", "Seat height forty-five",
                                        "Oil the frame once", "Sent flat in a recycled"};
    for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++) {
        uint32_t b = find_block(&pg, shown[k]);
        cr_assert_neq(b, SS_NONE, "%s", shown[k]);
        cr_assert(pg.blocks[b].hidden & SS_HID_PANEL, "%s", shown[k]);
    }
    cr_assert_eq(find_block(&pg, "far off the screen"), SS_NONE);
    cr_assert_eq(find_block(&pg, "no panel stays hidden"), SS_NONE);
    cr_assert_eq(pg.n_hidden, 2u);
    cr_assert_eq(pg.blocks[find_block(&pg, "folding chair of oiled ash")].hidden, 0);

    /* Panels that hold links rather than text stay hidden. */
    char farm[4096];
    size_t n = link_farm(farm, sizeof farm, "class=\"tab-pane\" style=\"display:none\"");
    parse_str(farm, n, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    cr_assert_eq(find_block(&pg, "cheap pills"), SS_NONE);
    cr_assert_gt(pg.n_hidden, 0u);
}

/* Inline code in a paragraph marks its block (SS_BLK_CODE): camel-case
 * names there ("useLayoutEffect") glue a capital to a lower-case stem as
 * an injected brand does. A <pre> block is SS_BLK_PRE instead, and a
 * paragraph without code is neither. */
Test(page, inline_code_marks_its_paragraph)
{
    static const char html[] =
        "<html><head><title>Effects</title></head><body><article>"
        "<p>Call <code>useLayoutEffect</code> when the effect must run before the browser paints the screen.</p>"
        "<p>Most effects do not need that, and the plain hook is the one to reach for first.</p>"
        "<pre>const x = useThing();</pre>"
        "<p>   <code> </code>An empty code element holds no code, so this paragraph stays plain.</p>"
        "</article></body></html>";
    ss_page pg;
    parse_str(html, sizeof html - 1, SS_FORMAT_HTML, NULL, &pg, SS_OK);
    uint32_t b = find_block(&pg, "useLayoutEffect when");
    cr_assert_neq(b, SS_NONE);
    cr_assert(pg.blocks[b].flags & SS_BLK_CODE);
    b = find_block(&pg, "Most effects");
    cr_assert_neq(b, SS_NONE);
    cr_assert_not(pg.blocks[b].flags & SS_BLK_CODE, "the next paragraph has no code");
    b = find_block(&pg, "const x");
    cr_assert_neq(b, SS_NONE);
    cr_assert(pg.blocks[b].flags & SS_BLK_PRE);
    cr_assert_not(pg.blocks[b].flags & SS_BLK_CODE);
    b = find_block(&pg, "An empty code");
    cr_assert_neq(b, SS_NONE);
    cr_assert_not(pg.blocks[b].flags & SS_BLK_CODE);
}

Test(page, documentation_keeps_code_and_tables)
{
    ss_page pg;
    char *buf = parse_file("doc.html", &pg);
    cr_assert_eq(role_of(&pg, "data_dir = "), SS_ROLE_MAIN);
    cr_assert(pg.blocks[find_block(&pg, "data_dir = ")].flags & SS_BLK_PRE);
    uint32_t cell = find_block(&pg, "memory for recent lookups");
    cr_assert_neq(cell, SS_NONE);
    cr_assert_eq(pg.blocks[cell].role, SS_ROLE_MAIN);
    cr_assert(pg.blocks[cell].flags & SS_BLK_CELL);
    cr_assert_neq(role_of(&pg, "API reference"), SS_ROLE_MAIN);
    free(buf);
}

Test(page, a_declared_thread_is_its_posts_texts)
{
    ss_page pg;
    char *buf = parse_file("forum-microdata.html", &pg);
    /* the opening post is over 1,000 bytes, yet the replies in their
     * comment boxes are the thread: the page declares itself one */
    cr_assert_eq(role_of(&pg, "nine days ago"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "called hooch"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "long cold rise"), SS_ROLE_MAIN);
    /* the author cards inside each post are not its text */
    cr_assert_neq(role_of(&pg, "Joined March 2019"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Joined May 2014"), SS_ROLE_MAIN);
    /* the same page declaring nothing: comments under a long text are
     * not taken (they are an article's) */
    for (char *p = buf; (p = strstr(p, "itemtype=")) != NULL; p++)
        memcpy(p, "data-tag=", 9);
    parse_str(buf, strlen(buf), SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "nine days ago"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "called hooch"), SS_ROLE_MAIN);
    free(buf);
}

Test(page, forum_posts_named_comments_inside_a_form_are_the_thread)
{
    ss_page pg;
    char *buf = parse_file("forum-comments.html", &pg);
    cr_assert_eq(role_of(&pg, "line of drips"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "capping strip"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "stayed completely dry"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "tomasz_w"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Contact the moderators"), SS_ROLE_MAIN);
    free(buf);
}

/* Index of the n-th block (from 0) whose text is exactly text, or SS_NONE. */
static uint32_t
nth_block_eq(const ss_page *pg, const char *text, unsigned n)
{
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        if (strcmp(pg->blocks[i].text, text) == 0 && n-- == 0)
            return i;
    return SS_NONE;
}

Test(page, a_declared_product_marks_its_repeated_blocks)
{
    ss_page pg;
    char *buf = parse_file("product-copies.html", &pg);
    const char *line = "In stock, ships in two days";
    uint32_t first = nth_block_eq(&pg, line, 0), second = nth_block_eq(&pg, line, 1);
    cr_assert_neq(first, SS_NONE);
    cr_assert_neq(second, SS_NONE);
    /* both copies stay main content for the detectors; the second one is
     * marked as a repeat */
    cr_assert_eq(pg.blocks[first].role, SS_ROLE_MAIN);
    cr_assert_eq(pg.blocks[second].role, SS_ROLE_MAIN);
    cr_assert_not(pg.blocks[first].flags & SS_BLK_REPEAT);
    cr_assert(pg.blocks[second].flags & SS_BLK_REPEAT);
    cr_assert_not(pg.blocks[find_block(&pg, "twisted fringe")].flags & SS_BLK_REPEAT);
    /* the same page declaring nothing: no repeat is marked */
    char *ld = strstr(buf, "\"Product\"");
    cr_assert_not_null(ld);
    memcpy(ld, "\"Thing\"  ", 9);
    parse_str(buf, strlen(buf), SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    second = nth_block_eq(&pg, line, 1);
    cr_assert_neq(second, SS_NONE);
    cr_assert_eq(pg.blocks[second].role, SS_ROLE_MAIN);
    cr_assert_not(pg.blocks[second].flags & SS_BLK_REPEAT);
    free(buf);
}

Test(page, a_declared_product_drops_what_the_region_kept_above_its_name)
{
    ss_page pg;
    char *buf = parse_file("product-pre-title.html", &pg);
    cr_assert_neq(pg.title_block, SS_NONE);
    cr_assert_str_eq(pg.blocks[pg.title_block].text, "Alder Field Lantern");
    /* the gallery counter and the sale bar above the name are the shop's */
    cr_assert_neq(role_of(&pg, "Image 1 of 4"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Spring sale"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "brass handle"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "Light output"), SS_ROLE_MAIN);
    /* the same page declaring nothing keeps them */
    char *og = strstr(buf, "content=\"product\"");
    cr_assert_not_null(og);
    memcpy(og, "content=\"website\"", 17);
    parse_str(buf, strlen(buf), SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "Spring sale"), SS_ROLE_MAIN);
    cr_assert_eq(role_of(&pg, "brass handle"), SS_ROLE_MAIN);
    free(buf);
}

/* Replaces every from in buf by to (the same length); asserts one at least. */
static void
swap_all(char *buf, const char *from, const char *to)
{
    size_t n = strlen(from);
    cr_assert_eq(strlen(to), n);
    unsigned hits = 0;
    for (char *p = strstr(buf, from); p; p = strstr(p + n, from), hits++)
        memcpy(p, to, n);
    cr_assert_gt(hits, 0, "no '%s'", from);
}

Test(page, linked_fields_of_listing_items_are_main)
{
    ss_page pg;
    char *buf = parse_file("item-fields.html", &pg);
    const char *names[] = {"Ana Ruiz, Tom Okafor", "Sam Patel", "Ida Holm"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        uint32_t b = find_block(&pg, names[k]);
        cr_assert_neq(b, SS_NONE, "%s", names[k]);
        cr_assert_eq(pg.blocks[b].role, SS_ROLE_MAIN, "%s", names[k]);
        cr_assert(pg.blocks[b].flags & SS_BLK_ITEMS, "%s", names[k]);
    }
    cr_assert_eq(role_of(&pg, "Title: Counting birds"), SS_ROLE_MAIN);
    /* the same linked text in every item is the template's */
    cr_assert_neq(role_of(&pg, "Save to reading list"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Log in"), SS_ROLE_MAIN);
    /* a linked paragraph is not taken as a field */
    swap_all(buf, "<div class=\"names\">", "<p class=\"names\">  ");
    swap_all(buf, "</a></div>\n      <div class=\"subjects\">",
             "</a></p>  \n      <div class=\"subjects\">");
    parse_str(buf, strlen(buf), SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_neq(role_of(&pg, "Sam Patel"), SS_ROLE_MAIN);
    free(buf);
}

Test(page, two_items_do_not_make_a_field)
{
    ss_page pg;
    char *buf = parse_file("item-fields.html", &pg);
    char *dt = buf;
    for (int k = 0; k < 3; k++) {
        dt = strstr(dt + 1, "<dt>");
        cr_assert_not_null(dt);
    }
    strcpy(dt, "</dl></div></body></html>\n");
    parse_str(buf, strlen(buf), SS_FORMAT_AUTO, NULL, &pg, SS_OK);
    cr_assert_eq(role_of(&pg, "Title: A survey of retrieval"), SS_ROLE_MAIN);
    cr_assert_neq(role_of(&pg, "Li Wei, Maria Costa"), SS_ROLE_MAIN);
    free(buf);
}
