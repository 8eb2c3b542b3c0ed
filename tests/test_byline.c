/*
 * test_byline.c - fake bylines and source lines (byline.c) through the
 * scorer: "By X Staff", "X | date", "Source: X", "X Newsroom" with an
 * invented X that opens the first paragraph are flagged and cleaned away;
 * honest bylines ("By Jane Smith, Associated Press", "Reuters | March 3",
 * "Source: Bureau of Labor Statistics", a paper's own staff line) are not.
 * Every brand here is invented.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "spamscore.h"

#include "test_rules_scorer.h"

TestSuite(byline, .init = rules_scorer_setup, .fini = rules_scorer_teardown);

/* An article with a line under the headline (%s), a first paragraph that
 * starts with %s, and a footer line %s. */
static const char article[] =
    "<html><head><title>Storm closes coastal roads</title></head><body>"
    "<article><h1>Storm closes coastal roads</h1><p>%s</p>"
    "<p>%sThe storm reached the coast on Monday night, forecasters said, bringing heavy rain "
    "and winds that closed three roads along the shore.</p>"
    "<p>Residents were told to stay indoors while crews cleared fallen trees across the "
    "region, and schools will open late on Tuesday.</p></article>"
    "<footer><p>%s</p></footer></body></html>";

static const ss_result *
score_article(const char *line,
              const char *opener,
              const char *footer)
{
    static char buf[4096];
    int n = snprintf(buf, sizeof buf, article, line, opener, footer);
    cr_assert(n > 0 && (size_t)n < sizeof buf);
    ss_doc_opts o = {.format = SS_FORMAT_HTML, .want_clean = true};
    const ss_result *r = NULL;
    cr_assert_eq(ss_ctx_score(ctx, buf, (size_t)n, &o, &r), SS_OK, "%s", ss_ctx_error(ctx));
    return r;
}

/* Injected-brand flags naming brand, and whether one has reason. */
static size_t
brand_flags(const ss_result *r,
            const char *brand,
            const char *reason)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_flags; i++) {
        const ss_flag *f = &r->flags[i];
        if (f->kind != SS_FLAG_INJECTED_BRAND || strcmp(f->text, brand) != 0)
            continue;
        for (size_t k = 0; k < f->n_reasons; k++)
            if (!reason || strcmp(f->reasons[k], reason) == 0) {
                n++;
                break;
            }
    }
    return n;
}

Test(byline, fake_byline_shapes_with_the_brand_opening_the_article)
{
    static const struct {
        const char *line, *brand, *shape;
    } cases[] = {
        {"By Zentova Daily Staff", "Zentova Daily", "by-staff-line"},
        {"By the Quorvane Ledger Team", "Quorvane Ledger", "by-staff-line"},
        {"Marvelin Post | March 3, 2024", "Marvelin Post", "brand-date-line"},
        {"Brisolde Herald - 2024-03-03", "Brisolde Herald", "brand-date-line"},
        {"Source: Trelowen Insider", "Trelowen Insider", "source-line"},
        {"Kestavar Newsroom", "Kestavar", "newsroom-line"},
        {"Dunmorrow Report Wire", "Dunmorrow Report", "newsroom-line"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char opener[128];
        snprintf(opener, sizeof opener, "%s ", cases[k].brand);
        const ss_result *r = score_article(cases[k].line, opener, "Copyright the publishers");
        cr_assert_geq(brand_flags(r, cases[k].brand, cases[k].shape), 1, "%s: not flagged",
                      cases[k].line);
        cr_assert_geq(brand_flags(r, cases[k].brand, "brand-repeated-as-splice"), 1);
        cr_assert_eq(r->verdict, SS_VERDICT_SPAM, "%s: score %.3f", cases[k].line, r->score);
        cr_assert_null(strstr(r->clean_text, cases[k].brand), "%s: left in %s", cases[k].line,
                       r->clean_text);
        cr_assert(strncmp(r->clean_text, "The storm reached the coast", 27) == 0, "%s: %s",
                  cases[k].line, r->clean_text);
    }
}

Test(byline, brand_with_colon_and_in_the_title)
{
    const ss_result *r = score_article("By Velmora Times Staff", "Velmora Times: ", "");
    cr_assert_geq(brand_flags(r, "Velmora Times", "fake-byline"), 2);
    cr_assert(strncmp(r->clean_text, "The storm reached", 17) == 0, "%s", r->clean_text);
}

Test(byline, lone_staff_line_of_an_unknown_brand_is_a_weak_flag)
{
    const ss_result *r = score_article("By Ostrevin Daily Staff", "", "");
    cr_assert_eq(brand_flags(r, "Ostrevin Daily", "brand-nowhere-else"), 1);
    cr_assert_neq(r->verdict, SS_VERDICT_SPAM, "one weak sign is not enough: %.3f", r->score);
    /* One word named nowhere else, or a date or source line alone: no flag. */
    r = score_article("By Marketing Team", "", "");
    cr_assert_eq(r->n_flags == 0 || brand_flags(r, "Marketing", NULL) == 0, true);
    r = score_article("Ostrevin Post | March 3, 2024", "", "");
    cr_assert_eq(brand_flags(r, "Ostrevin Post", NULL), 0);
}

Test(byline, lone_date_or_source_line_of_a_coined_company_is_a_weak_flag)
{
    /* Named nowhere else and shaped like a company (a capital inside a
     * word, an institution word last): the same weak flag. */
    static const struct {
        const char *line, *brand;
    } cases[] = {
        {"Velquist Capital | 2024-03-03", "Velquist Capital"},
        {"Source:BrennoFund", "BrennoFund"},
        {"Source: Tarrowind Bank", "Tarrowind Bank"},
        {"By KestaVire Staff", "KestaVire"},
        {"By Orla Marchetti, BrightRock Markets", "BrightRock Markets"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const ss_result *r = score_article(cases[k].line, "", "");
        cr_assert_eq(brand_flags(r, cases[k].brand, "brand-nowhere-else"), 1, "%s",
                     cases[k].line);
        cr_assert_neq(r->verdict, SS_VERDICT_SPAM, "%s: %.3f", cases[k].line, r->score);
    }
    /* A person, one plain word, or a company the page names again: none. */
    static const struct {
        const char *line, *brand, *footer;
    } honest[] = {
        {"Aaron Velmont | March 3, 2024", "Aaron Velmont", ""},
        {"Source: Quorvix", "Quorvix", ""},
        {"Source: Harbour Capital", "Harbour Capital", "Data: the harbour office"},
        {"Velquist Capital | 2024-03-03", "Velquist Capital", "Velquist shares rose"},
        {"By Orla Marchetti, Harbour Gazette", "Harbour Gazette", ""},
    };
    for (size_t k = 0; k < sizeof honest / sizeof honest[0]; k++) {
        const ss_result *r = score_article(honest[k].line, "", honest[k].footer);
        cr_assert_eq(brand_flags(r, honest[k].brand, NULL), 0, "%s", honest[k].line);
    }
}

/* Score an HTML or text document. */
static const ss_result *
score_doc(const char *doc,
          ss_format fmt)
{
    ss_doc_opts o = {.format = fmt, .want_clean = true};
    const ss_result *r = NULL;
    cr_assert_eq(ss_ctx_score(ctx, doc, strlen(doc), &o, &r), SS_OK, "%s", ss_ctx_error(ctx));
    return r;
}

Test(byline, byline_far_below_the_headline_or_in_a_list_of_short_lines)
{
    /* Menus and teasers between the headline and the byline. */
    char doc[8192];
    int o = snprintf(doc, sizeof doc, "<html><head><title>Storm closes coastal roads</title></head>"
                                      "<body><h1>Storm closes coastal roads</h1>");
    for (int k = 0; k < 16 && o > 0; k++)
        o += snprintf(doc + o, sizeof doc - (size_t)o, "<div><a href=\"/s%d\">Section %d</a></div>",
                      k, k);
    o += snprintf(doc + o, sizeof doc - (size_t)o,
                  "<p>By Quellmar Daily Staff</p><p>Quellmar Daily The storm reached the coast on "
                  "Monday night, forecasters said, bringing heavy rain and winds that closed three "
                  "roads along the shore.</p><p>Residents were told to stay indoors while crews "
                  "cleared fallen trees across the region.</p></body></html>");
    cr_assert(o > 0 && (size_t)o < sizeof doc);
    const ss_result *r = score_doc(doc, SS_FORMAT_HTML);
    cr_assert_geq(brand_flags(r, "Quellmar Daily", "by-staff-line"), 1);
    /* Scraped text: the line under the title among other short lines. */
    r = score_doc("Organic garden spray recipe\n"
                  "Vostrel AI Newsroom\n"
                  "I bet you did not know this.\n"
                  "I did not grow up in an organic household.\n"
                  "Vostrel AI The spray uses soap, water and a little oil, and it keeps aphids off "
                  "the roses for a week or more when the weather stays dry.\n"
                  "Mix it in a bottle and spray the leaves in the evening, never in full sun.\n",
                  SS_FORMAT_TEXT);
    cr_assert_geq(brand_flags(r, "Vostrel AI", "newsroom-line"), 1);
}

Test(byline, team_headings_and_comment_headers_are_not_bylines)
{
    const ss_result *r = score_article("Meet Our Team", "Meet Our Faculty ", "");
    cr_assert_eq(brand_flags(r, "Meet Our", NULL), 0);
    /* Two "name · date" lines: the headers of comments. */
    r = score_doc("<html><head><title>Quarto binding tips</title></head><body>"
                  "<h1>Quarto binding tips</h1>"
                  "<p>FolioQuarto \xc2\xb7 03/03/2026 19:53</p>"
                  "<p>The thread on binding quartos goes on here, with every tip the members "
                  "found useful over the years of binding books by hand at home.</p>"
                  "<p>FolioQuarto \xc2\xb7 03/03/2026 19:55</p>"
                  "<p>One more tip: wax the thread before you sew the signatures together, it "
                  "keeps the stitches tight and the spine straight.</p></body></html>",
                  SS_FORMAT_HTML);
    cr_assert_eq(brand_flags(r, "FolioQuarto", NULL), 0);
}

Test(byline, honest_bylines_are_not_flagged)
{
    static const struct {
        const char *line, *opener, *footer;
    } cases[] = {
        {"By Jane Smith, Associated Press", "", ""},
        {"Reuters | March 3, 2024", "", "Reporting by Reuters; editing by the desk"},
        {"Source: Bureau of Labor Statistics", "",
         "Figures from the Bureau of Labor Statistics were revised"},
        {"By Harbour Gazette Staff", "", "Copyright Harbour Gazette"},
        {"Coastline Weekly Newsroom", "Coastline Weekly reporters said ", ""},
        {"By AP Staff", "", ""},
        {"Posted March 3, 2024 | Updated 9:15", "", ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const ss_result *r = score_article(cases[k].line, cases[k].opener, cases[k].footer);
        for (size_t i = 0; i < r->n_flags; i++)
            cr_assert_neq(r->flags[i].kind, SS_FLAG_INJECTED_BRAND, "%s: flagged '%s'",
                          cases[k].line, r->flags[i].text);
        cr_assert_eq(r->verdict, SS_VERDICT_HAM, "%s", cases[k].line);
    }
}
