/*
 * test_clean.c - seam repair when spliced brands are cut out of text, the
 * cleaned title/text built from a page model and findings, and the same
 * text as Markdown.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "clean.h"
#include "markdown.h"

static ss_arena arena;

static void
setup(void)
{
    ss_arena_init(&arena, 0);
}

static void
teardown(void)
{
    ss_arena_free(&arena);
}

TestSuite(clean, .init = setup, .fini = teardown);

/* Cut the first occurrence of what from text and return the repaired text. */
static const char *
cut(const char *text, const char *what, bool with_next_space)
{
    const char *p = strstr(text, what);
    cr_assert_not_null(p, "'%s' not in '%s'", what, text);
    uint32_t s = (uint32_t)(p - text);
    uint32_t e = s + (uint32_t)strlen(what);
    if (with_next_space && text[e] == ' ')
        e++;
    char *r = ss_clean_cut(&arena, text, strlen(text), &s, &e, 1);
    cr_assert_not_null(r);
    return r;
}

Test(clean, brand_after_comma_in_dateline)
{
    cr_assert_str_eq(cut("Brookfield,Zentrava Markets Ohio — The council met.",
                         "Zentrava Markets", false),
                     "Brookfield, Ohio — The council met.");
    cr_assert_str_eq(cut("Brookfield,Zentrava Markets Ohio — The council met.",
                         "Zentrava Markets", true),
                     "Brookfield, Ohio — The council met.");
}

Test(clean, brand_glued_to_next_word)
{
    cr_assert_str_eq(cut("The Quorvianarrests on Monday followed a raid.",
                         "Quorvian", false),
                     "The arrests on Monday followed a raid.");
}

Test(clean, brand_glued_on_both_sides)
{
    cr_assert_str_eq(cut("officials saidPlomexon Tuesday", "Plomex", false),
                     "officials said on Tuesday");
}

Test(clean, brand_prefix_of_headline)
{
    cr_assert_str_eq(cut("Valtoro Trade:Storm closes mountain pass",
                         "Valtoro Trade", false),
                     "Storm closes mountain pass");
    cr_assert_str_eq(cut("Valtoro Trade: Storm closes mountain pass",
                         "Valtoro Trade", false),
                     "Storm closes mountain pass");
    cr_assert_str_eq(cut("Valtoro Trade-Storm closes mountain pass",
                         "Valtoro Trade", false),
                     "Storm closes mountain pass");
}

Test(clean, site_suffix_of_title)
{
    cr_assert_str_eq(cut("Storm closes mountain pass -Brightwave Capital",
                         "Brightwave Capital", false),
                     "Storm closes mountain pass");
}

Test(clean, overlapping_and_unsorted_spans)
{
    const char *t = "A Brand B Brand C";
    uint32_t s[] = {10, 2, 3};
    uint32_t e[] = {15, 7, 6};
    char *r = ss_clean_cut(&arena, t, strlen(t), s, e, 3);
    cr_assert_str_eq(r, "A B C");
}

Test(clean, out_of_range_spans_are_ignored)
{
    const char *t = "short text";
    uint32_t s[] = {4, 50};
    uint32_t e[] = {2, 60};
    char *r = ss_clean_cut(&arena, t, strlen(t), s, e, 2);
    cr_assert_str_eq(r, "short text");
}

/* A tiny page: headline, two MAIN paragraphs, a widget (heading + item). */
static void
make_page(ss_page *page, ss_block *blocks)
{
    memset(page, 0, sizeof *page);
    memset(blocks, 0, 5 * sizeof *blocks);
    const char *texts[] = {
        "Orvanta Hub:Flood waters recede in the valley",
        "Millbrook,Orvanta Hub Vermont — Crews began clearing roads.",
        "Residents returned to their homes on Sunday.",
        "Trending",
        "Jane Doe: The most perfect system ever, safe!",
    };
    uint8_t roles[] = {SS_ROLE_TITLE, SS_ROLE_MAIN, SS_ROLE_MAIN,
                       SS_ROLE_BOILER, SS_ROLE_MAIN};
    for (int i = 0; i < 5; i++) {
        blocks[i].text = texts[i];
        blocks[i].len = (uint32_t)strlen(texts[i]);
        blocks[i].role = roles[i];
        blocks[i].widget = SS_NONE;
    }
    page->blocks = blocks;
    page->n_blocks = 5;
    page->title = texts[0];
    page->title_block = 0;
}

Test(clean, title_and_text_from_findings)
{
    ss_page page;
    ss_block blocks[5];
    make_page(&page, blocks);
    ss_evidence ev;
    ss_evidence_init(&ev, &arena);
    ss_finding f = {.kind = SS_FLAG_INJECTED_BRAND, .where = SS_WHERE_TITLE,
                    .block = 0, .start = 0, .end = 11, .text = "Orvanta Hub",
                    .score = 0.9};
    cr_assert_not_null(ss_evidence_add(&ev, &f));
    f.where = SS_WHERE_BODY;
    f.block = 1;
    f.start = 10;
    f.end = 21;
    cr_assert_not_null(ss_evidence_add(&ev, &f));
    ss_finding w = {.kind = SS_FLAG_PROMO_HEADLINE, .where = SS_WHERE_WIDGET,
                    .block = 3, .drop_block = true, .n_blocks = 2,
                    .text = "Jane Doe: The most perfect system ever, safe!",
                    .score = 0.95};
    cr_assert_not_null(ss_evidence_add(&ev, &w));

    cr_assert_str_eq(ss_clean_title(&arena, &page, &ev),
                     "Flood waters recede in the valley");
    size_t len;
    const char *t = ss_clean_text(&arena, &page, &ev, &len);
    cr_assert_str_eq(t, "Millbrook, Vermont — Crews began clearing roads.\n"
                        "Residents returned to their homes on Sunday.");
    cr_assert_eq(len, strlen(t));
}

Test(clean, title_text_stripped_even_when_span_targets_other_copy)
{
    ss_page page;
    ss_block blocks[5];
    make_page(&page, blocks);
    page.title_block = SS_NONE;
    page.title = "Orvanta Hub: Flood waters recede -Northgate Finance";
    ss_evidence ev;
    ss_evidence_init(&ev, &arena);
    ss_finding f = {.kind = SS_FLAG_INJECTED_BRAND, .where = SS_WHERE_TITLE,
                    .block = SS_NONE, .text = "Orvanta Hub", .score = 0.9};
    ss_evidence_add(&ev, &f);
    f.kind = SS_FLAG_SITE_NAME;
    f.text = "Northgate Finance";
    ss_evidence_add(&ev, &f);
    cr_assert_str_eq(ss_clean_title(&arena, &page, &ev), "Flood waters recede");
}

/* Without a headline block the title is the <title>'s segment with the
 * most words: "Headline | Section | Site", "Site - Headline". */
Test(clean, title_without_headline_keeps_its_longest_segment)
{
    ss_page page;
    ss_block blocks[5];
    make_page(&page, blocks);
    page.title_block = SS_NONE;
    ss_evidence ev;
    ss_evidence_init(&ev, &arena);
    static const char *const cases[][2] = {
        {"Night ferry returns to the island route | Travel | Harbor Gazette",
         "Night ferry returns to the island route"},
        {"Harbor Gazette \xe2\x80\x94 Is the night ferry worth it?",
         "Is the night ferry worth it?"},
        {"Git Branching - Basic Branching", "Git Branching"}, /* a tie: the first */
        {"Ferry timetable", "Ferry timetable"},
        {"Tide-tables and well-known routes", "Tide-tables and well-known routes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        page.title = cases[i][0];
        cr_assert_str_eq(ss_clean_title(&arena, &page, &ev), cases[i][1]);
    }
    page.title_block = 0; /* a headline block is taken whole */
    page.title = "Ferry news | Harbor Gazette";
    page.blocks[0].text = "Ferry | Harbor Gazette";
    page.blocks[0].len = (uint32_t)strlen(page.blocks[0].text);
    cr_assert_str_eq(ss_clean_title(&arena, &page, &ev), "Ferry | Harbor Gazette");
    /* unless it names another page than the <title> does */
    page.title = "Night ferry returns to the island route | Harbor Gazette";
    page.blocks[0].text = "Contact us today";
    page.blocks[0].len = (uint32_t)strlen(page.blocks[0].text);
    cr_assert_str_eq(ss_clean_title(&arena, &page, &ev),
                     "Night ferry returns to the island route");
    page.og_title = "Contact us";
    cr_assert_str_eq(ss_clean_title(&arena, &page, &ev), "Contact us today");
}

Test(clean, markdown_follows_the_same_blocks_and_cuts)
{
    ss_page page;
    ss_block blocks[5];
    make_page(&page, blocks);
    ss_evidence ev;
    ss_evidence_init(&ev, &arena);
    ss_finding f = {.kind = SS_FLAG_INJECTED_BRAND, .where = SS_WHERE_BODY,
                    .block = 1, .start = 10, .end = 21, .text = "Orvanta Hub",
                    .score = 0.9};
    cr_assert_not_null(ss_evidence_add(&ev, &f));
    ss_finding w = {.kind = SS_FLAG_PROMO_HEADLINE, .where = SS_WHERE_WIDGET,
                    .block = 3, .drop_block = true, .n_blocks = 2,
                    .text = "Jane Doe", .score = 0.95};
    cr_assert_not_null(ss_evidence_add(&ev, &w));
    size_t len;
    const char *md = ss_clean_markdown(&arena, &page, &ev, &len);
    cr_assert_str_eq(md, "Millbrook, Vermont — Crews began clearing roads.\n\n"
                         "Residents returned to their homes on Sunday.");
    cr_assert_eq(len, strlen(md));
}

/* Render the main content of tests/data/page/NAME as Markdown (markdown
 * true) or as plain text. */
static const char *
page_clean(const char *name,
           bool markdown)
{
    char path[512];
    snprintf(path, sizeof path, "%s/page/%s", SS_TEST_DATA, name);
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    static char buf[16384];
    size_t n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    ss_config cfg;
    ss_config_default(&cfg);
    ss_page page;
    char err[128];
    cr_assert_eq(ss_page_parse(&arena, &cfg, buf, n, SS_FORMAT_HTML, NULL, &page, err,
                               sizeof err),
                 SS_OK, "%s", err);
    ss_evidence ev;
    ss_evidence_init(&ev, &arena);
    size_t len;
    const char *out = markdown ? ss_clean_markdown(&arena, &page, &ev, &len)
                               : ss_clean_text(&arena, &page, &ev, &len);
    cr_assert_not_null(out);
    return out;
}

/* Parse tests/data/page/NAME and render its main content as Markdown. */
static const char *
page_markdown(const char *name)
{
    return page_clean(name, true);
}

Test(clean, markdown_has_headings_code_tables_and_lists)
{
    const char *md = page_markdown("doc.html");
    cr_assert_not_null(strstr(md, "\n\n## A minimal file\n\n"), "%s", md);
    cr_assert_not_null(strstr(md, "```\n[storage] data_dir = \"/var/lib/tidewater\"\n```"),
                       "%s", md);
    cr_assert_not_null(strstr(md, "| Key | Default | Meaning |\n|---|---|---|\n"
                                  "| data_dir | none | where tide tables are stored |\n"
                                  "| cache_mb | 64 | memory for recent lookups |"),
                       "%s", md);
    cr_assert_not_null(strstr(md, "\n1. Edit tidewater.toml and save the file.\n"
                                  "2. Send the Tidewater process"),
                       "%s", md);
    cr_assert_null(strstr(md, "API reference"), "%s", md);
    /* the headline is the title, not part of the text */
    cr_assert_null(strstr(md, "# Configuration"), "%s", md);
}

Test(clean, markdown_bullets_and_escaped_cells)
{
    ss_page page;
    ss_block b[6];
    memset(&page, 0, sizeof page);
    memset(b, 0, sizeof b);
    const char *texts[] = {"Colours", "red", "blue", "a|b", "c", "after"};
    const char *paths[] = {"div/h2", "div/ul/li", "div/ul/li", "table/tr/td", "table/tr/td",
                           "div/p"};
    uint32_t flags[] = {SS_BLK_HEADING, SS_BLK_LISTITEM, SS_BLK_LISTITEM, SS_BLK_CELL,
                        SS_BLK_CELL, SS_BLK_PARA};
    uint32_t parents[] = {1, 2, 2, 3, 3, 1};
    for (int i = 0; i < 6; i++) {
        b[i].text = texts[i];
        b[i].len = (uint32_t)strlen(texts[i]);
        b[i].path = paths[i];
        b[i].flags = flags[i];
        b[i].parent_id = parents[i];
        b[i].role = SS_ROLE_MAIN;
        b[i].widget = SS_NONE;
    }
    b[0].heading_level = 3;
    page.blocks = b;
    page.n_blocks = 6;
    page.title = "";
    page.title_block = SS_NONE;
    ss_evidence ev;
    ss_evidence_init(&ev, &arena);
    size_t len;
    cr_assert_str_eq(ss_clean_markdown(&arena, &page, &ev, &len),
                     "### Colours\n\n- red\n- blue\n\n| a\\|b | c |\n|---|---|\n\nafter");
}

/* Occurrences of needle in hay. */
static unsigned
count_of(const char *hay, const char *needle)
{
    unsigned n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

Test(clean, a_declared_product_says_its_repeated_lines_once)
{
    const char *md = page_markdown("product-copies.html");
    cr_assert_eq(count_of(md, "highland wool"), 1, "%s", md);
    cr_assert_eq(count_of(md, "ships in two days"), 1, "%s", md);
    cr_assert_eq(count_of(md, "twisted fringe"), 1, "%s", md);
    /* the plain text from the same page model */
    const char *t = page_clean("product-copies.html", false);
    cr_assert_eq(count_of(t, "highland wool"), 1, "%s", t);
    cr_assert_eq(count_of(t, "ships in two days"), 1, "%s", t);
}
