/*
 * test_links.c - hacked-site link injection (links.c) through the scorer:
 * commercial link blocks hidden by each CSS style, appended in the footer
 * or between paragraphs, and as plain lines in scraped text, are flagged
 * and left out of --clean; the hidden things of honest pages (menus,
 * cookie banners, skip links, screen-reader text) are not, and do not move
 * the score. All pages, hosts and names are invented here.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "spamscore.h"

#include "test_rules_scorer.h"

TestSuite(links, .init = rules_scorer_setup, .fini = rules_scorer_teardown);

/* Score doc (HTML or text) with clean text. */
static const ss_result *
score(const char *doc,
      ss_format fmt)
{
    ss_doc_opts o = {.format = fmt, .want_clean = true};
    const ss_result *r = NULL;
    cr_assert_eq(ss_ctx_score(ctx, doc, strlen(doc), &o, &r), SS_OK, "%s", ss_ctx_error(ctx));
    return r;
}

/* The first flag of kind, or NULL. */
static const ss_flag *
flag_of(const ss_result *r,
        ss_flag_kind kind)
{
    for (size_t i = 0; i < r->n_flags; i++)
        if (r->flags[i].kind == kind)
            return &r->flags[i];
    return NULL;
}

/* Does flag f carry reason? */
static bool
has_reason(const ss_flag *f,
           const char *reason)
{
    for (size_t i = 0; i < f->n_reasons; i++)
        if (strcmp(f->reasons[i], reason) == 0)
            return true;
    return false;
}

/* An honest article; %s is where something is inserted (in the article,
 * between its second and third paragraph) and %s again after it (in the
 * footer). */
static const char article[] =
    "<html><head><title>Council approves new ferry timetable</title>"
    "<link rel=\"canonical\" href=\"https://www.harbourgazette.example/news/ferry\"></head><body>"
    "<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>"
    "<li><a href=\"/sport\">Sport</a></li></ul></nav></header>"
    "<article><h1>Council approves new ferry timetable</h1>"
    "<p>The harbour council approved a new ferry timetable on Tuesday, adding two evening "
    "crossings from May and a early boat on Sundays, the transport office said.</p>"
    "<p>Residents had asked for later sailings for years, the council's transport chair said "
    "at the meeting, where about forty people came to speak.</p>%s"
    "<p>The timetable will be reviewed after the summer season, when passenger counts for the "
    "new crossings are known.</p></article>"
    "<footer><p>Copyright Harbour Gazette</p>%s</footer></body></html>";

/* Four commercial links to four other hosts, in one element. */
static const char farm[] =
    "<a href=\"http://pills-depot.example/\">cheap pharmacy pills online</a> "
    "<a href=\"http://spin-palace.example/\">best online casino bonus</a> "
    "<a href=\"http://quickcash.example/\">payday loans same day</a> "
    "<a href=\"http://timepieces.example/\">buy replica watches</a>";

/* The article with in (inside the article) and foot (in the footer). */
static char *
page_with(char *buf,
          size_t cap,
          const char *in,
          const char *foot)
{
    int n = snprintf(buf, cap, article, in, foot);
    cr_assert(n > 0 && (size_t)n < cap);
    return buf;
}

Test(links, hidden_block_in_each_style_is_flagged_and_never_clean_text)
{
    static const struct {
        const char *style, *reason;
    } styles[] = {
        {"display:none", "hidden-display-none"},
        {"visibility: hidden", "hidden-visibility"},
        {"position:absolute;left:-9999px", "off-screen"},
        {"text-indent:-9999px", "off-screen"},
        {"position:absolute; top:-5000px", "off-screen"},
        {"height:0;overflow:hidden", "zero-size"},
        {"width:0px; overflow:hidden", "zero-size"},
        {"font-size:0", "font-size-0"},
    };
    char base_buf[4096], buf[4096], block[1024];
    const ss_result *r = score(page_with(base_buf, sizeof base_buf, "", ""), SS_FORMAT_HTML);
    char *clean = strdup(r->clean_text);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION));
    cr_assert_eq(r->verdict, SS_VERDICT_HAM);
    for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++) {
        /* On the element itself, in the article and in the footer; and on
         * an ancestor of a list of links. */
        for (int shape = 0; shape < 3; shape++) {
            if (shape < 2)
                snprintf(block, sizeof block, "<div style=\"%s\">%s</div>", styles[k].style, farm);
            else
                snprintf(block, sizeof block,
                         "<div style=\"%s\"><ul><li>%s</li></ul><p>%s</p></div>",
                         styles[k].style, farm, "Sponsored");
            r = score(page_with(buf, sizeof buf, shape == 1 ? "" : block, shape == 1 ? block : ""),
                      SS_FORMAT_HTML);
            const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
            cr_assert_not_null(f, "%s shape %d not flagged", styles[k].style, shape);
            cr_assert(has_reason(f, styles[k].reason), "%s: no reason %s", styles[k].style,
                      styles[k].reason);
            cr_assert(has_reason(f, "commercial-anchors") && has_reason(f, "off-site-links"));
            cr_assert(has_reason(f, "casino") && has_reason(f, "loans"));
            cr_assert_not_null(strstr(f->text, "best online casino bonus"), "%s", f->text);
            cr_assert_eq(r->verdict, SS_VERDICT_SPAM, "%s: score %.3f", styles[k].style,
                         r->score);
            cr_assert_str_eq(r->clean_text, clean, "%s: clean text changed", styles[k].style);
        }
    }
    free(clean);
}

Test(links, links_hidden_one_by_one_are_one_group)
{
    char buf[4096];
    const char *in =
        "<p>Read more <a style=\"display:none\" href=\"http://a1.example/\">generic pharmacy "
        "pills</a><a style=\"display:none\" href=\"http://b2.example/\">online casino "
        "roulette</a><a style=\"display:none\" href=\"http://c3.example/\">payday loans "
        "fast</a> about the ferry.</p>";
    const ss_result *r = score(page_with(buf, sizeof buf, in, ""), SS_FORMAT_HTML);
    const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
    cr_assert_not_null(f);
    cr_assert_null(strstr(r->clean_text, "casino"));
    cr_assert_not_null(strstr(r->clean_text, "Read more about the ferry."), "%s", r->clean_text);
}

Test(links, honest_hidden_things_are_not_flagged_and_do_not_move_the_score)
{
    const char *honest =
        "<a href=\"#main\" style=\"position:absolute;left:-10000px;width:1px;height:1px;"
        "overflow:hidden\">Skip to content</a>"
        "<ul class=\"dropdown-menu\" style=\"display:none\"><li><a href=\"/money/loans\">Personal "
        "loans</a></li><li><a href=\"/money/mortgages\">Mortgages</a></li><li><a "
        "href=\"/money/cards\">Credit cards</a></li><li><a href=\"/money/savings\">Savings</a>"
        "</li></ul>"
        "<div class=\"cookie-banner\" style=\"display:none\">We use cookies to improve the site. "
        "<a href=\"/privacy\">Privacy policy</a> <a href=\"#\">Accept</a></div>"
        "<div class=\"modal\" hidden><p>Sign up for our newsletter</p><a href=\"/subscribe\">"
        "Subscribe</a></div>"
        "<span style=\"font-size:0\">Share on social media</span>"
        "<span aria-hidden=\"true\"><a href=\"http://one.example/\">cheap casino</a> "
        "<a href=\"http://two.example/\">online casino</a> <a href=\"http://three.example/\">"
        "casino bonus</a></span>";
    char base_buf[4096], buf[8192];
    const ss_result *r = score(page_with(base_buf, sizeof base_buf, "", ""), SS_FORMAT_HTML);
    double base = r->score;
    char *clean = strdup(r->clean_text);
    r = score(page_with(buf, sizeof buf, honest, honest), SS_FORMAT_HTML);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION), "%s",
                   flag_of(r, SS_FLAG_LINK_INJECTION)->text);
    cr_assert_eq(r->verdict, SS_VERDICT_HAM);
    cr_assert_float_eq(r->score, base, 1e-9);
    cr_assert_str_eq(r->clean_text, clean);
    free(clean);
}

Test(links, footer_link_farm_is_flagged_and_an_own_menu_is_not)
{
    char buf[4096], foot[1024];
    snprintf(foot, sizeof foot, "<div class=\"partners\">%s "
             "<a href=\"http://essays.example/\">write my essay cheap</a></div>", farm);
    const ss_result *r = score(page_with(buf, sizeof buf, "", foot), SS_FORMAT_HTML);
    const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
    cr_assert_not_null(f);
    cr_assert_eq(f->where, SS_WHERE_PAGE);
    cr_assert(has_reason(f, "after-content") && has_reason(f, "off-site-links"));
    cr_assert_eq(r->verdict, SS_VERDICT_SPAM);
    cr_assert_null(strstr(r->clean_text, "casino"));

    /* A lender's own footer: its loan pages, on its own host. */
    const char *own =
        "<ul><li><a href=\"/loans/payday\">Payday loans</a></li>"
        "<li><a href=\"/loans/personal\">Personal loans</a></li>"
        "<li><a href=\"https://harbourgazette.example/loans/car\">Car loans</a></li>"
        "<li><a href=\"/loans/home\">Home loans</a></li></ul>";
    r = score(page_with(buf, sizeof buf, "", own), SS_FORMAT_HTML);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION));
}

Test(links, one_host_per_link_needs_no_second_trade)
{
    /* One trade, two of five anchors in its words, each link its own
     * host: how a link seller places them. */
    char buf[4096];
    const char *sold =
        "<div class=\"footer-links\">"
        "<a href=\"https://aa-one.example/x\">order weight loss pills today</a> "
        "<a href=\"https://bb-two.example/y\">top remedy sites</a> "
        "<a href=\"https://cc-three.example/z\">get phentermine now</a> "
        "<a href=\"https://dd-four.example/w\">relief usa</a> "
        "<a href=\"https://ee-five.example/v\">best remedy 2029</a></div>";
    const ss_result *r = score(page_with(buf, sizeof buf, "", sold), SS_FORMAT_HTML);
    const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
    cr_assert_not_null(f);
    cr_assert(has_reason(f, "one-host-per-link") && has_reason(f, "after-content"));
    cr_assert_null(strstr(r->clean_text, "phentermine"));

    /* A blogroll: each link its own host, nothing for sale. */
    const char *roll =
        "<div class=\"blogroll\">"
        "<a href=\"https://aa-one.example/\">Harbour walks</a> "
        "<a href=\"https://bb-two.example/\">Island notes</a> "
        "<a href=\"https://cc-three.example/\">Tide tables daily</a> "
        "<a href=\"https://dd-four.example/\">Ferry fans</a></div>";
    r = score(page_with(buf, sizeof buf, "", roll), SS_FORMAT_HTML);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION));

    /* The same anchors to one other host: a partner row, needs the old
     * evidence (five commercial items or two trades). */
    const char *one =
        "<div class=\"partners\">"
        "<a href=\"https://aa-one.example/1\">order weight loss pills today</a> "
        "<a href=\"https://aa-one.example/2\">top remedy sites</a> "
        "<a href=\"https://aa-one.example/3\">get phentermine now</a> "
        "<a href=\"https://aa-one.example/4\">relief usa</a> "
        "<a href=\"https://aa-one.example/5\">best remedy 2029</a></div>";
    r = score(page_with(buf, sizeof buf, "", one), SS_FORMAT_HTML);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION));
}

Test(links, visible_link_farm_between_paragraphs_is_dropped)
{
    char buf[4096], in[1024];
    snprintf(in, sizeof in, "<p>%s <a href=\"http://essays.example/\">buy essays online</a> "
             "<a href=\"http://betting.example/\">sports betting odds</a></p>", farm);
    const ss_result *r = score(page_with(buf, sizeof buf, in, ""), SS_FORMAT_HTML);
    const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
    cr_assert_not_null(f);
    cr_assert_null(strstr(r->clean_text, "pharmacy"));
    cr_assert_not_null(strstr(r->clean_text, "The timetable will be reviewed"));
}

/* A text page; the first %s goes after its first paragraph, the second
 * at its end. */
#define DOC_FMT \
    "Council approves new ferry timetable\n" \
    "The harbour council approved a new ferry timetable on Tuesday, adding two evening " \
    "crossings from May, the transport office said.\n" \
    "%s" \
    "Residents had asked for later sailings for years, the council's transport chair said " \
    "at the meeting, where about forty people came to speak about the crossings and the " \
    "fares.\n" \
    "The timetable will be reviewed after the summer season, when passenger counts for the " \
    "new evening crossings are known to the transport office.\n" \
    "%s"

Test(links, text_link_lines_are_flagged_and_dropped)
{
    static const char *const lines =
        "cheap pharmacy pills online\nbest online casino bonus\npayday loans same day\n"
        "buy replica watches\n";
    static const char *const bar =
        "cheap pharmacy pills online | best online casino bonus | payday loans same day | "
        "buy replica watches\n";
    char doc[2048];
    for (int k = 0; k < 3; k++) {
        snprintf(doc, sizeof doc, DOC_FMT, k == 0 ? lines : "", k == 1 ? lines : k == 2 ? bar : "");
        const ss_result *r = score(doc, SS_FORMAT_TEXT);
        const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
        cr_assert_not_null(f, "shape %d", k);
        cr_assert(has_reason(f, "text-link-lines"));
        cr_assert_eq(r->verdict, SS_VERDICT_SPAM);
        cr_assert_null(strstr(r->clean_text, "casino"), "shape %d: %s", k, r->clean_text);
        cr_assert_not_null(strstr(r->clean_text, "Residents had asked"));
    }
    /* An honest text page: its menu names money topics, its article too. */
    const char *honest =
        "Savings guide\nHome\nLoans\nMortgages\nCredit cards\n"
        "Payday loans cost far more than bank loans, and a loan from a credit union is often "
        "cheaper, the consumer office said in its yearly report on loans.\n"
        "Compare the total cost of loans before you sign.\n";
    const ss_result *r = score(honest, SS_FORMAT_TEXT);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION));
}

Test(links, lower_case_keyword_lines_with_half_commercial_are_flagged)
{
    /* Four keyword anchors of one trade, two of them commercial by the word
     * lists alone: lower case on every line is what makes them anchors. */
    static const char *const lines =
        "installment loans online\ncredit repair for sale\ntop cash advance sites\n"
        "get debt relief now\n";
    char doc[2048];
    snprintf(doc, sizeof doc, DOC_FMT, lines, "");
    const ss_result *r = score(doc, SS_FORMAT_TEXT);
    const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
    cr_assert_not_null(f);
    cr_assert(has_reason(f, "lower-case-keyword-lines"));
    cr_assert_null(strstr(r->clean_text, "installment"), "%s", r->clean_text);
    /* The same lines capitalised like a menu, or lower-case lines with
     * one commercial item, are not. */
    static const char *const honest[] = {
        "Installment loans online\nCredit repair for sale\nTop cash advance sites\n"
        "Get debt relief now\n",
        "installment loans online\nferry times\nharbour map\nparking\n",
    };
    for (size_t k = 0; k < sizeof honest / sizeof honest[0]; k++) {
        snprintf(doc, sizeof doc, DOC_FMT, honest[k], "");
        r = score(doc, SS_FORMAT_TEXT);
        cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION), "case %zu", k);
    }
}

Test(links, blocks_hidden_by_a_style_rule)
{
    char buf[8192];
    static const char injected[] =
        "<html><head><title>Library extends opening hours</title><style>"
        ".ft-x { position:absolute; left:-8000px } .dropdown { display:none }</style></head>"
        "<body><article><h1>Library extends opening hours</h1>"
        "<p>The town library will stay open until nine on weekdays from next month, its board "
        "decided on Thursday after a year of requests from students.</p>"
        "<p>Weekend hours stay as they are, and the reading room keeps its earlier closing "
        "time because of staffing.</p></article>"
        "<ul class=\"dropdown\"><li><a href=\"/loans\">Student loans</a></li>"
        "<li><a href=\"/events\">Events</a></li><li><a href=\"/about\">About</a></li></ul>"
        "<div class=\"ft-x\">%s</div></body></html>";
    int n = snprintf(buf, sizeof buf, injected, farm);
    cr_assert(n > 0 && (size_t)n < sizeof buf);
    const ss_result *r = score(buf, SS_FORMAT_HTML);
    const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
    cr_assert_not_null(f);
    cr_assert(has_reason(f, "hidden-by-style-rule"));
    cr_assert_null(strstr(f->text, "Student loans"), "%s", f->text);
    cr_assert_eq(r->verdict, SS_VERDICT_SPAM);
    /* The same page without the farm: its hidden menu is no injection. */
    n = snprintf(buf, sizeof buf, injected, "");
    r = score(buf, SS_FORMAT_HTML);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION));
}

/* A page whose tab panels are read as visible (page.h, SS_HID_PANEL):
 * commercial links in one of them are still judged as hidden. */
Test(links, links_in_a_hidden_tab_panel)
{
    char buf[8192];
    static const char tabs[] =
        "<html><head><title>Harbour folding chair</title></head><body><main>"
        "<h1>Harbour folding chair</h1>"
        "<p>A folding chair of oiled ash for the deck and the garden, made in our workshop.</p>"
        "<div class=\"tab-pane\" style=\"display:none\"><p>The seat is woven from waxed cotton "
        "cord that stays taut through years of sun and rain, and the frame folds flat.</p>"
        "<p>Seat height forty-five centimetres, folded depth eight centimetres, weight four "
        "kilograms, ash from managed forests.</p></div>"
        "<div class=\"tab-pane\" style=\"display:none\"><p>%s</p></div></main></body></html>";
    int n = snprintf(buf, sizeof buf, tabs, farm);
    cr_assert(n > 0 && (size_t)n < sizeof buf);
    const ss_result *r = score(buf, SS_FORMAT_HTML);
    const ss_flag *f = flag_of(r, SS_FLAG_LINK_INJECTION);
    cr_assert_not_null(f);
    cr_assert(has_reason(f, "hidden-tab-panel"));
    cr_assert_null(strstr(r->clean_text, "casino"), "%s", r->clean_text);
    cr_assert_not_null(strstr(r->clean_text, "waxed cotton cord"), "%s", r->clean_text);
    /* Without the links: the panels' text is the page's, nothing flagged. */
    n = snprintf(buf, sizeof buf, tabs,
                 "Oil the frame once a season with linseed oil and store the chair folded "
                 "indoors in winter, away from the frost.");
    r = score(buf, SS_FORMAT_HTML);
    cr_assert_null(flag_of(r, SS_FLAG_LINK_INJECTION));
    cr_assert_not_null(strstr(r->clean_text, "folded indoors"), "%s", r->clean_text);
}

Test(links, flag_kind_name_is_stable)
{
    cr_assert_str_eq(ss_flag_kind_name(SS_FLAG_LINK_INJECTION), "link-injection");
    cr_assert_str_eq(ss_flag_kind_name(SS_FLAG_RULE), "rule");
    cr_assert_eq(SS_FLAG_LINK_INJECTION + 1, SS_FLAG_KIND_COUNT);
}
