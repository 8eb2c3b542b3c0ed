/*
 * test_meta.c - page metadata: <meta> tags, JSON-LD, <html lang>,
 * <link rel=canonical>, date normalisation, and the ranking of sources,
 * directly and through ss_page_parse().
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "meta.h"
#include "page.h"

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

TestSuite(meta, .init = setup, .fini = teardown);

static const char *
iso(const char *s)
{
    return ss_meta_iso_date(&arena, s);
}

Test(meta, dates_become_iso_8601)
{
    cr_assert_str_eq(iso("2025-09-04"), "2025-09-04");
    cr_assert_str_eq(iso(" 2025-09-04T12:50:36+00:00 "), "2025-09-04T12:50:36+00:00");
    cr_assert_str_eq(iso("2024-09-05T23:15:57.183Z"), "2024-09-05T23:15:57.183Z");
    cr_assert_str_eq(iso("2025/9/4"), "2025-09-04");
    cr_assert_str_eq(iso("4 September 2025"), "2025-09-04");
    cr_assert_str_eq(iso("September 4, 2025"), "2025-09-04");
    cr_assert_str_eq(iso("Sep. 14 2025"), "2025-09-14");
    cr_assert_null(iso("yesterday"));
    cr_assert_null(iso("2025-13-01"));
    cr_assert_null(iso("12/11/2025")); /* day and month order unknown */
    cr_assert_null(iso(""));
}

Test(meta, tags_by_rank)
{
    ss_meta m;
    memset(&m, 0, sizeof m);
    ss_meta_tag(&arena, &m, "author", "  Wren   Halloway ");
    cr_assert_str_eq(m.author, "Wren Halloway");
    /* article:author outranks name=author, but a profile URL is no name */
    ss_meta_tag(&arena, &m, "article:author", "https://example.org/staff/wren");
    cr_assert_str_eq(m.author, "Wren Halloway");
    ss_meta_tag(&arena, &m, "article:author", "W. Halloway");
    cr_assert_str_eq(m.author, "W. Halloway");
    ss_meta_tag(&arena, &m, "author", "Someone Else");
    cr_assert_str_eq(m.author, "W. Halloway");
    ss_meta_tag(&arena, &m, "DC.date", "2023-02-01");
    ss_meta_tag(&arena, &m, "article:published_time", "2023-01-31T08:00:00Z");
    cr_assert_str_eq(m.date, "2023-01-31T08:00:00Z");
    ss_meta_tag(&arena, &m, "og:site_name", "Harbor Gazette");
    ss_meta_tag(&arena, &m, "og:locale", "en_GB");
    ss_meta_tag(&arena, &m, "og:url", "https://example.org/a");
    cr_assert_str_eq(m.site_name, "Harbor Gazette");
    cr_assert_str_eq(m.lang, "en-GB");
    cr_assert_str_eq(m.canonical, "https://example.org/a");
    ss_meta_lang(&arena, &m, "en");
    ss_meta_canonical(&arena, &m, "https://example.org/b");
    cr_assert_str_eq(m.lang, "en");
    cr_assert_str_eq(m.canonical, "https://example.org/b");
    ss_meta_tag(&arena, &m, "description", "not metadata we keep");
    ss_meta_tag(&arena, &m, NULL, "x");
    ss_meta_tag(&arena, &m, "author", NULL);
    cr_assert_str_eq(m.author, "W. Halloway");
}

Test(meta, jsonld_author_date_publisher)
{
    static const char j[] =
        "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
        "\"headline\":\"Ferry\",\"datePublished\" : \"2024-03-07T09:30:00+01:00\","
        "\"author\":[{\"@type\":\"Person\",\"name\":\"Idris Vantongeren\","
        "\"url\":\"https://example.org/i\"}],"
        "\"publisher\":{\"@type\":\"Organization\",\"logo\":{\"url\":\"x\"},"
        "\"name\":\"Brindle \\u00c9cho\"}}";
    ss_meta m;
    memset(&m, 0, sizeof m);
    ss_meta_tag(&arena, &m, "article:published_time", "2024-03-08");
    ss_meta_jsonld(&arena, &m, j, sizeof j - 1);
    cr_assert_str_eq(m.date, "2024-03-07T09:30:00+01:00");
    cr_assert_str_eq(m.author, "Idris Vantongeren");
    cr_assert_str_eq(m.site_name, "Brindle \xc3\x89" "cho");
    cr_assert_null(m.body);
    static const char k[] = "{\"articleBody\": \"First line.\\nSecond   line.\"}";
    ss_meta_jsonld(&arena, &m, k, sizeof k - 1);
    cr_assert_str_eq(m.body, "First line. Second line.");
    ss_meta_tag(&arena, &m, "description", "A short summary.");
    ss_meta_tag(&arena, &m, "og:description", "The summary the page shares.");
    cr_assert_str_eq(m.description, "The summary the page shares.");
}

Test(meta, jsonld_string_author_and_broken_json)
{
    static const char j[] = "{\"author\": \"Tamsin Okafor\", \"datePublished\": \"2021-";
    ss_meta m;
    memset(&m, 0, sizeof m);
    ss_meta_jsonld(&arena, &m, j, sizeof j - 1);
    cr_assert_str_eq(m.author, "Tamsin Okafor");
    cr_assert_null(m.date);
    ss_meta_jsonld(&arena, &m, "{\"author\":{\"name\":", 19);
    ss_meta_jsonld(&arena, &m, "", 0);
    ss_meta_jsonld(&arena, &m, NULL, 5);
    cr_assert_str_eq(m.author, "Tamsin Okafor");
}

Test(meta, declared_page_types)
{
    ss_meta m;
    memset(&m, 0, sizeof m);
    /* an article with a FAQ and comments declares no thread */
    static const char a[] = "{\"@graph\":[{\"@type\":\"NewsArticle\",\"comment\":"
                            "[{\"@type\":\"Comment\"}]},{\"@type\":\"FAQPage\",\"mainEntity\":"
                            "{\"@type\":\"Question\"}}]}";
    ss_meta_jsonld(&arena, &m, a, sizeof a - 1);
    cr_assert_eq(m.declares, 0);
    static const char q[] = "{\"@type\": [\"WebPage\", \"QAPage\"]}";
    ss_meta_jsonld(&arena, &m, q, sizeof q - 1);
    cr_assert_eq(m.declares, SS_DECL_FORUM);
    memset(&m, 0, sizeof m);
    static const char p[] = "{\"@context\":\"https://schema.org\",\"@type\":\"Product\","
                            "\"offers\":{\"@type\":\"Offer\"}}";
    ss_meta_jsonld(&arena, &m, p, sizeof p - 1);
    cr_assert_eq(m.declares, SS_DECL_PRODUCT);
    memset(&m, 0, sizeof m);
    ss_meta_tag(&arena, &m, "og:type", "product.group");
    cr_assert_eq(m.declares, SS_DECL_LIST);
    ss_meta_tag(&arena, &m, "og:type", "Product");
    cr_assert_eq(m.declares, SS_DECL_LIST | SS_DECL_PRODUCT);
    /* microdata: the last segment of a schema.org URL; a post of a thread
     * is reported to the caller */
    memset(&m, 0, sizeof m);
    cr_assert(ss_meta_itemtype(&m, "https://schema.org/Comment"));
    cr_assert_eq(m.declares, 0);
    cr_assert(ss_meta_itemtype(&m, "http://schema.org/DiscussionForumPosting"));
    cr_assert_eq(m.declares, SS_DECL_FORUM);
    cr_assert_not(ss_meta_itemtype(&m, "https://example.org/Answer"));
    cr_assert_not(ss_meta_itemtype(&m, "https://schema.org/Offer https://schema.org/ItemList"));
    cr_assert_eq(m.declares, SS_DECL_FORUM | SS_DECL_LIST);
    cr_assert_not(ss_meta_itemtype(&m, ""));
}

Test(meta, page_parse_reads_every_source)
{
    static const char html[] =
        "<!doctype html><html lang=\"nl-BE\"><head><title>Ferry | Gazette</title>"
        "<link rel=\"canonical\" href=\"https://gazette.example/ferry\">"
        "<meta name=\"author\" content=\"Desk\">"
        "<meta property=\"og:site_name\" content=\"Harbor Gazette\">"
        "<script type=\"application/ld+json\">{\"@type\":\"Article\","
        "\"datePublished\":\"2022-05-06\",\"author\":{\"name\":\"Ada Brindle\"}}</script>"
        "</head><body><article><h1>Ferry</h1><time datetime=\"2022-05-09\">May 9</time>"
        "<p>The council voted to add three evening "
        "crossings to the island route, paid for by parking fees.</p></article>"
        "<script type=\"application/ld+json\">{\"author\":\"Late Name\"}</script>"
        "</body></html>";
    ss_page pg;
    char err[128];
    ss_status st = ss_page_parse(&arena, &cfg, html, sizeof html - 1, SS_FORMAT_AUTO, NULL, &pg,
                                 err, sizeof err);
    cr_assert_eq(st, SS_OK, "%s", err);
    cr_assert_str_eq(pg.meta.lang, "nl-BE");
    cr_assert_str_eq(pg.meta.canonical, "https://gazette.example/ferry");
    cr_assert_str_eq(pg.meta.author, "Ada Brindle");
    cr_assert_str_eq(pg.meta.date, "2022-05-06");
    cr_assert_str_eq(pg.meta.site_name, "Harbor Gazette");
    /* the JSON-LD text is not page text */
    for (uint32_t i = 0; i < pg.n_blocks; i++)
        cr_assert_null(strstr(pg.blocks[i].text, "datePublished"));
}

Test(meta, first_time_element_dates_a_page_that_declares_nothing)
{
    static const char html[] =
        "<html><body><p>Posted <time datetime=\"2019-11-20T15:23\">Nov 20</time></p>"
        "<p>Reply <time datetime=\"2019-11-21\">Nov 21</time></p></body></html>";
    ss_page pg;
    char err[128];
    cr_assert_eq(ss_page_parse(&arena, &cfg, html, sizeof html - 1, SS_FORMAT_HTML, NULL, &pg,
                               err, sizeof err),
                 SS_OK);
    cr_assert_str_eq(pg.meta.date, "2019-11-20T15:23");
}

static const char *
text_date(const char *s)
{
    return ss_meta_text_date(&arena, s, strlen(s));
}

Test(meta, dates_written_in_running_text)
{
    cr_assert_str_eq(text_date("By Ada Brindle | Updated on July 9, 2025"), "2025-07-09");
    cr_assert_str_eq(text_date("Published 9th Jul. 2025 at noon"), "2025-07-09");
    cr_assert_str_eq(text_date("Posted on Sept. 3 2024"), "2024-09-03");
    cr_assert_str_eq(text_date("Stand: 14.03.2024, 10:15 Uhr"), "2024-03-14");
    cr_assert_str_eq(text_date("2023/06/08 - News"), "2023-06-08");
    cr_assert_str_eq(text_date("3 December 2025"), "2025-12-03");
    /* words that only start like a month, numbers that are no date */
    cr_assert_null(text_date("Market 4, 2025 report"));
    cr_assert_null(text_date("Mayor 12 2025"));
    cr_assert_null(text_date("Call 2025-123-45 or 12/11/2025"));
    cr_assert_null(text_date("July 32, 2025"));
    cr_assert_null(text_date("Room 12 March2025"));
    /* the length is respected: no NUL needed */
    cr_assert_null(ss_meta_text_date(&arena, "July 9, 2025", 9));
}

Test(meta, a_date_under_the_headline_dates_a_page_that_declares_nothing)
{
    static const char html[] =
        "<html><body><nav><ul><li><a href=/a>Posted on May 1, 2020</a></li>"
        "<li><a href=/b>Archive</a></li><li><a href=/c>About</a></li></ul></nav>"
        "<h1>Night ferry returns to the island route</h1>"
        "<div class=byline>By Ada Brindle &middot; Updated on March 3, 2024</div>"
        "<p>The council voted on 12 January 2023 to add three evening crossings to "
        "the island route, paid for by parking fees, and the first boat sails "
        "next week from the old harbor.</p></body></html>";
    ss_page pg;
    char err[128];
    cr_assert_eq(ss_page_parse(&arena, &cfg, html, sizeof html - 1, SS_FORMAT_HTML, NULL, &pg,
                               err, sizeof err),
                 SS_OK);
    cr_assert_null(pg.meta.date, "nothing declared");
    cr_assert_str_eq(ss_meta_visible_date(&arena, &pg), "2024-03-03",
                     "the byline's date, not the prose's or a menu's");
}

/* The visible author of a page whose body is `body` (under an h1). */
static const char *
author_of(const char *body)
{
    char html[2048];
    snprintf(html, sizeof html,
             "<html><body><h1>Night ferry returns to the island route</h1>%s"
             "<p>The council voted to add three evening crossings to the island "
             "route, paid for by parking fees, and the first boat sails next week "
             "from the old harbor.</p></body></html>", body);
    ss_page pg;
    char err[128];
    cr_assert_eq(ss_page_parse(&arena, &cfg, html, strlen(html), SS_FORMAT_HTML, NULL, &pg,
                               err, sizeof err),
                 SS_OK);
    cr_assert_null(pg.meta.author, "nothing declared");
    return ss_meta_visible_author(&arena, &pg);
}

Test(meta, bylines_name_the_author_of_a_page_that_declares_none)
{
    cr_assert_str_eq(author_of("<div>By Ada Brindle | Updated on March 3, 2024</div>"),
                     "Ada Brindle");
    cr_assert_str_eq(author_of("<div>Written by: <a href=/a>Tom May</a></div>"), "Tom May");
    cr_assert_str_eq(author_of("<div>By</div><div>Luis de la Vega</div>"), "Luis de la Vega");
    cr_assert_str_eq(author_of("<div>By Keith Barry Senior Autos Reporter</div>"),
                     "Keith Barry");
    cr_assert_str_eq(author_of("<div>By Sofia Gonzalez December 2, 2025</div>"),
                     "Sofia Gonzalez");
    cr_assert_str_eq(author_of("<div>By Ada Brindle, Ph.D.</div>"), "Ada Brindle");
    /* sentences and dates are no byline */
    cr_assert_null(author_of("<div>By clicking Subscribe you agree to our terms</div>"));
    cr_assert_null(author_of("<div>By Monday, the route reopens</div>"));
    cr_assert_null(author_of("<div>By 2030 the harbor will be rebuilt</div>"));
    cr_assert_null(author_of("<div>Bystanders watched the first crossing</div>"));
}

Test(meta, text_input_has_none)
{
    static const char txt[] = "A plain line of text.\nAnother line.\n";
    ss_page pg;
    char err[128];
    cr_assert_eq(ss_page_parse(&arena, &cfg, txt, sizeof txt - 1, SS_FORMAT_TEXT, NULL, &pg,
                               err, sizeof err),
                 SS_OK);
    cr_assert_null(pg.meta.author);
    cr_assert_null(pg.meta.date);
    cr_assert_null(pg.meta.lang);
}
