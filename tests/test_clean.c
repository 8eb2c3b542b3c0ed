/*
 * test_clean.c - seam repair when spliced brands are cut out of text, and
 * the cleaned title/text built from a page model and findings.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "clean.h"

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
