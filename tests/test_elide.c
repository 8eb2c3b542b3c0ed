/*
 * test_elide.c - the pre-parse pass (elide.c): which <script> and <style>
 * bodies it cuts out of a page on the traps of HTML tokenizing (comments,
 * attribute values, elements that are raw text to browsers but markup to
 * libxml2, CDATA, odd end tags, unclosed bodies, "<script/>"), which
 * attribute values it cuts (never one the page model reads), and that a
 * page read through it is the page read without it (ss_page_parse_opt):
 * JSON-LD and <style> rules still read, other charsets, a BOM, and cuts
 * libxml2 does not agree with.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elide.h"
#include "page.h"

static ss_arena arena, plain_arena;
static ss_config cfg;

static void
setup(void)
{
    ss_config_default(&cfg);
    ss_arena_init(&arena, cfg.arena_cap);
    ss_arena_init(&plain_arena, cfg.arena_cap);
}

static void
teardown(void)
{
    ss_arena_free(&arena);
    ss_arena_free(&plain_arena);
}

TestSuite(elide, .init = setup, .fini = teardown);

/* A script body long enough to be cut (SS_ELIDE_MIN bytes or more). */
#define BODY "var a = 1, b = 2; if (a < b) { document.title = 'x'; }"
/* A style body as long. */
#define CSS ".ad-box { display: none } .menu li { float: left }"

static char scratch[1 << 16];

/* Cut s; the cut page into *el. */
static size_t
cut(const char *s, ss_elided *el)
{
    size_t len = strlen(s);
    cr_assert(ss_elide_scratch(len) <= sizeof scratch);
    return ss_elide(s, len, scratch, el);
}

/* What ss_elide() cuts from s of the kind (SS_ELIDE_COMMENT,
 * SS_ELIDE_ATTR, or 0 for script and style bodies), joined by '|' (""
 * for none). */
static const char *
cuts_of(const char *s, unsigned kind)
{
    static char out[4096];
    ss_elided el;
    size_t n = cut(s, &el);
    size_t w = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        const ss_elide_cut *c = &el.cuts[k];
        /* the cut page holds everything else, in order */
        if (c->kind == SS_ELIDE_COMMENT) {
            cr_assert(memcmp(el.data + c->at - 4, "<!----", 6) == 0);
        } else if (c->kind == SS_ELIDE_ATTR) {
            /* name="" or name='' (or name="kept") in its tag, whose
             * ends are recorded */
            char q = el.data[c->at - c->keep - 1];
            cr_assert((q == '"' || q == '\'') && el.data[c->at] == q);
            cr_assert(memcmp(el.data + c->at - c->keep, s + c->src - c->keep, c->keep) == 0);
            cr_assert_eq(el.data[c->tag_at], '<');
            cr_assert(el.data[c->gt_at] == '>' || memcmp(el.data + c->gt_at, "/>", 2) == 0);
            cr_assert(c->tag_at < c->at && c->at < c->gt_at);
        } else {
            cr_assert_eq(el.data[c->at - 1], '>');
        }
        if (kind ? c->kind != kind : c->kind != SS_ELIDE_SCRIPT && c->kind != SS_ELIDE_STYLE)
            continue;
        cr_assert(w + c->len + 2 < sizeof out);
        if (w)
            out[w++] = '|';
        memcpy(out + w, s + c->src, c->len);
        w += c->len;
    }
    out[w] = '\0';
    return out;
}

/* The script and style bodies that ss_elide() cuts from s. */
static const char *
bodies(const char *s)
{
    return cuts_of(s, 0);
}

Test(elide, cuts_script_and_style_bodies)
{
    const char *page = "<html><head><style>" CSS "</style><script type=\"text/javascript\">" BODY
                       "</script></head><body><p>Text</p></body></html>";
    ss_elided el;
    cr_assert_eq(cut(page, &el), 2);
    cr_assert_eq(el.cuts[0].kind, SS_ELIDE_STYLE);
    cr_assert_eq(el.cuts[1].kind, SS_ELIDE_SCRIPT);
    cr_assert_eq(el.cut_bytes, strlen(CSS) + strlen(BODY));
    const char *want = "<html><head><style></style><script type=\"text/javascript\"></script></head>"
                       "<body><p>Text</p></body></html>";
    cr_assert_eq(el.len, strlen(want));
    cr_assert(memcmp(el.data, want, el.len) == 0);
    cr_assert_str_eq(bodies(page), CSS "|" BODY);
}

Test(elide, short_bodies_and_pages_without_any_are_left_alone)
{
    ss_elided el;
    const char *page = "<script>var a;</script><p>x</p>";
    cr_assert_eq(cut(page, &el), 0);
    cr_assert_eq(el.data, page); /* no copy */
    cr_assert_eq(el.len, strlen(page));
    cr_assert_eq(cut("<p>no scripts</p>", &el), 0);
    cr_assert_eq(cut("", &el), 0);
}

Test(elide, comments_hide_scripts_as_libxml2_ends_them)
{
    cr_assert_str_eq(bodies("<!-- <script>" BODY "</script> -->"), "");
    /* "<!-->" does not close a comment in libxml2; "--!>" does */
    cr_assert_str_eq(bodies("<!--><script>" BODY "</script>-->"), "");
    cr_assert_str_eq(bodies("<!-- a --!><script>" BODY "</script>"), BODY);
    cr_assert_str_eq(bodies("<!----><script>" BODY "</script>"), BODY);
    /* an unclosed comment runs to the end of the page */
    cr_assert_str_eq(bodies("<!-- <p>x</p><script>" BODY "</script>"), "");
}

Test(elide, comment_text_is_cut_to_an_empty_comment)
{
    cr_assert_str_eq(cuts_of("<p>a</p><!-- " BODY " --><p>b</p>", SS_ELIDE_COMMENT), " " BODY " ");
    cr_assert_str_eq(cuts_of("<!--" BODY "--!><p>b</p>", SS_ELIDE_COMMENT), BODY);
    /* short ones stay, and so does an unclosed one */
    cr_assert_str_eq(cuts_of("<!-- short --><p>b</p>", SS_ELIDE_COMMENT), "");
    cr_assert_str_eq(cuts_of("<p>b</p><!-- " BODY, SS_ELIDE_COMMENT), "");
    /* "<!-->" does not end the comment: its text starts at the '>' */
    cr_assert_str_eq(cuts_of("<!-->" BODY "-->", SS_ELIDE_COMMENT), ">" BODY);
    ss_elided el;
    cr_assert_eq(cut("<p>a</p><!-- " BODY " --><p>b</p>", &el), 1);
    cr_assert_eq(el.len, strlen("<p>a</p><!----><p>b</p>"));
    cr_assert(memcmp(el.data, "<p>a</p><!----><p>b</p>", el.len) == 0);
}

Test(elide, attribute_values_hide_scripts)
{
    cr_assert_str_eq(bodies("<a title=\"<script>" BODY "</script>\">x</a>"), "");
    cr_assert_str_eq(bodies("<a title='<script>'>" BODY "</script>"), "");
    /* unquoted: the value runs to '>' and ends the tag */
    cr_assert_str_eq(bodies("<a href=<script>" BODY "</script>"), "");
    /* an unclosed quote runs to the end of the page */
    cr_assert_str_eq(bodies("<a title=\"x><script>" BODY "</script>"), "");
    /* a quote that is not a value is no quote: the tag ends at '>' */
    cr_assert_str_eq(bodies("<a \"x><script>" BODY "</script>"), BODY);
}

Test(elide, elements_that_libxml2_reads_as_markup)
{
    /* Raw text to a browser, markup to libxml2: a script inside is one. */
    const char *outer[] = {"textarea", "title", "xmp", "plaintext", "noscript", "iframe"};
    for (size_t i = 0; i < sizeof outer / sizeof outer[0]; i++) {
        char page[512];
        snprintf(page, sizeof page, "<%s><script>%s</script></%s>", outer[i], BODY, outer[i]);
        cr_assert_str_eq(bodies(page), BODY, "inside <%s>", outer[i]);
    }
    /* CDATA is text in HTML */
    cr_assert_str_eq(bodies("<![CDATA[<script>" BODY "</script>]]>"), BODY);
    /* a script inside a style body is style text */
    cr_assert_str_eq(bodies("<style>" CSS "<script>" BODY "</script></style>"),
                     CSS "<script>" BODY "</script>");
}

Test(elide, end_tags_in_any_case_and_spacing)
{
    cr_assert_str_eq(bodies("<script>" BODY "</SCRIPT ><p>x</p>"), BODY);
    cr_assert_str_eq(bodies("<SCRIPT>" BODY "</script\n>"), BODY);
    cr_assert_str_eq(bodies("<ScRiPt>" BODY "</sCrIpT>"), BODY);
    /* "</ script>" is no end tag: the body runs on */
    cr_assert_str_eq(bodies("<script>" BODY "</ script>" BODY "</script>"),
                     BODY "</ script>" BODY);
    /* libxml2 ends the body at "</scripts" too, then reads on as the
     * body: the scan stops there, no later cut */
    cr_assert_str_eq(bodies("<script>" BODY "</scripts>x</script><script>" BODY "</script>"),
                     BODY);
}

Test(elide, unclosed_bodies_and_empty_elements)
{
    /* an unclosed body runs to the end: not cut, nor anything after */
    cr_assert_str_eq(bodies("<script>" BODY "</script><script>" BODY), BODY);
    cr_assert_str_eq(bodies("<style>" CSS), "");
    /* "<script .../>" is an empty element in libxml2 */
    cr_assert_str_eq(bodies("<script src=\"a.js\"/><p>" BODY "</p></script>"), "");
    cr_assert_str_eq(bodies("<script src=\"a.js\" /><script>" BODY "</script>"), BODY);
    /* unquoted "a.js/" is the value: the tag ends at '>', not "/>" */
    cr_assert_str_eq(bodies("<script src=a.js/>" BODY "</script>"), BODY);
    /* an element named otherwise */
    cr_assert_str_eq(bodies("<scripts>" BODY "</scripts><x:script>" BODY "</x:script>"), "");
}

Test(elide, bodies_that_start_with_markup_stay)
{
    /* libxml2 reads "<p" (auto-closing?) and "</" before the raw text */
    cr_assert_str_eq(bodies("<script><p>" BODY "</script><script>" BODY "</script>"), BODY);
    /* after an end tag first, its state is not plain: the scan stops */
    cr_assert_str_eq(bodies("<script></div>" BODY "</script><script>" BODY "</script>"), "");
    /* "<!--" is raw text to libxml2 */
    cr_assert_str_eq(bodies("<script><!--" BODY "--></script>"), "<!--" BODY "-->");
}

/* An attribute value long enough to be cut. */
#define VAL "https://cdn.example.com/images/2024/03/photo-of-the-coast.jpg"

/* The attribute values that ss_elide() cuts from s. */
static const char *
values(const char *s)
{
    return cuts_of(s, SS_ELIDE_ATTR);
}

Test(elide, attribute_values_nobody_reads_are_cut)
{
    const char *page = "<p>x</p><img class=\"" VAL "\" src=\"" VAL "\" alt='" VAL "'"
                       " data-lazy-src=\"" VAL "\" onclick=\"" VAL "\"/>";
    cr_assert_str_eq(values(page), VAL "|" VAL "|" VAL "|" VAL);
    ss_elided el;
    cr_assert_eq(cut(page, &el), 4);
    const char *want = "<p>x</p><img class=\"" VAL "\" src=\"\" alt='' data-lazy-src=\"\""
                       " onclick=\"\"/>";
    cr_assert_eq(el.len, strlen(want));
    cr_assert(memcmp(el.data, want, el.len) == 0);
    cr_assert_eq(el.cuts[0].tag_at, 8);
    cr_assert_eq(el.cuts[3].gt_at, el.len - 2);
    /* names in any case, as libxml2 lower-cases them */
    cr_assert_str_eq(values("<p>x</p><IMG SRC=\"" VAL "\">"), VAL);
    /* cuts before a tag move its offsets in the cut page */
    cr_assert_eq(cut("<!--" BODY "--><p>x</p><a title=\"" VAL "\" href=x>y</a>", &el), 2);
    cr_assert_eq(el.cuts[1].tag_at, strlen("<!----><p>x</p>"));
    cr_assert_eq(el.data[el.cuts[1].gt_at], '>');
}

Test(elide, attributes_the_page_model_reads_are_not_cut)
{
    /* the page model reads these (and libxml2 <meta>'s charset, http-equiv) */
    static const char *const read[] = {"class", "id", "href", "style", "hidden", "aria-hidden",
                                       "itemtype", "itemprop", "rel", "type", "lang",
                                       "xml:lang", "datetime", "property", "name", "content",
                                       "charset", "http-equiv", "HREF", "Class"};
    for (size_t i = 0; i < sizeof read / sizeof read[0]; i++) {
        char page[512];
        snprintf(page, sizeof page, "<p>x</p><div %s=\"%s\">y</div>", read[i], VAL);
        cr_assert_str_eq(values(page), "", "%s", read[i]);
    }
    /* a canonical link's or a base's href is read whole */
    cr_assert_str_eq(values("<p>x</p><link rel=\"canonical\" href=\"" VAL "\">"), "");
    cr_assert_str_eq(values("<p>x</p><base href=\"" VAL "\">"), "");
}

Test(elide, a_links_href_keeps_what_decides_its_host)
{
    const char *page = "<p>x</p><a href=\"" VAL "\">y</a>";
    cr_assert_str_eq(values(page), "/images/2024/03/photo-of-the-coast.jpg");
    ss_elided el;
    cr_assert_eq(cut(page, &el), 1);
    cr_assert_eq(el.cuts[0].keep, strlen("https://cdn.example.com"));
    cr_assert(memcmp(el.data, "<p>x</p><a href=\"https://cdn.example.com\">y</a>", el.len) == 0);
    /* "www.", "//", a port, a query, any case */
    cr_assert_str_eq(values("<p>x</p><A HREF=' HTTP://www.example.com:8080/a/long/path/to/a/page.html'>"),
                     ":8080/a/long/path/to/a/page.html");
    cr_assert_str_eq(values("<p>x</p><a href=\"//example.com?q=a+long+query+string+that+goes+on\">"),
                     "?q=a+long+query+string+that+goes+on");
    /* no host: nothing is kept */
    cr_assert_str_eq(values("<p>x</p><a href=\"/a/long/relative/path/to/a/page.html\">"),
                     "/a/long/relative/path/to/a/page.html");
    cr_assert_str_eq(values("<p>x</p><a href=\"javascript:void(window.open('/x/y/z'))\">"),
                     "javascript:void(window.open('/x/y/z'))");
    /* an entity or a non-ASCII byte before the host's end, or no end */
    cr_assert_str_eq(values("<p>x</p><a href=\"http://a&#46;example.com/a/long/path/to/page\">"),
                     "");
    cr_assert_str_eq(values("<p>x</p><a href=\"http://b\xC3\xBCcher.example/a/long/path/to/x\">"),
                     "");
    cr_assert_str_eq(values("<p>x</p><a href=\"http://a-very-long-host-name.example.com\">"), "");
}

Test(elide, attribute_values_are_cut_only_where_page_c_can_check_them)
{
    /* short or unquoted values, and unclosed quotes */
    cr_assert_str_eq(values("<p>x</p><img src=\"a.png\">"), "");
    cr_assert_str_eq(values("<p>x</p><img src=" VAL ">"), "");
    cr_assert_str_eq(values("<p>x</p><img src=\"" VAL ">"), "");
    /* <meta>, <html>, <head>, <body>, and the page's first start tag
     * (libxml2 skips a DOCTYPE and blanks before it without an event) */
    cr_assert_str_eq(values("\n<img src=\"" VAL "\"><p>x</p>"), "");
    cr_assert_str_eq(values("<!DOCTYPE html>\n<link title=\"" VAL "\"><p>x</p>"), "");
    /* a name's second use (libxml2 drops it), in any case */
    cr_assert_str_eq(values("<p>x</p><img alt=\"a\" src=\"" VAL "\" ALT=\"" VAL "\">"), VAL);
    cr_assert_str_eq(values("<p>x</p><meta title=\"" VAL "\">"), "");
    cr_assert_str_eq(values("<p>x</p><body onload=\"" VAL "\">"), "");
    cr_assert_str_eq(values("<html data-x=\"" VAL "\">"), "");
    /* a '<' right after a name's byte could sit where libxml2 reports an
     * event from inside the tag before it */
    cr_assert_str_eq(values("<p>x</p><div<img src=\"" VAL "\">"), "");
    cr_assert_str_eq(values("<p>x</p>a<img src=\"" VAL "\">"), "");
    cr_assert_str_eq(values("<p>x</p> <img src=\"" VAL "\">"), VAL);
    /* another '<' in the tag, outside the cut values: not cut */
    cr_assert_str_eq(values("<p>x</p><img alt=\"<b>\" src=\"" VAL "\">"), "");
    cr_assert_str_eq(values("<p>x</p><img src=\"" VAL "\" <b>"), "");
    /* inside the cut value it does not matter */
    cr_assert_str_eq(values("<p>x</p><img alt=\"<b>" VAL "\">"), "<b>" VAL);
}

/* ------------------------------------------------------------------ */
/* A page read through the pass is the page read without it.          */

static void
same_str(const char *a, const char *b, const char *what)
{
    if (!a || !b)
        cr_assert_eq(a, b, "%s: %s against %s", what, a ? a : "NULL", b ? b : "NULL");
    else
        cr_assert_str_eq(a, b, "%s", what);
}

static void
same_blocks(const ss_block *a, const ss_block *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        same_str(a[i].text, b[i].text, "block text");
        same_str(a[i].path, b[i].path, "block path");
        same_str(a[i].attrs, b[i].attrs, "block attrs");
        cr_assert_eq(a[i].len, b[i].len);
        cr_assert_eq(a[i].n_words, b[i].n_words);
        cr_assert_eq(a[i].depth, b[i].depth);
        cr_assert_eq(a[i].heading_level, b[i].heading_level);
        cr_assert_eq(a[i].role, b[i].role, "block %u role", i);
        cr_assert_eq(a[i].flags, b[i].flags, "block %u flags", i);
        cr_assert_eq(a[i].link_share, b[i].link_share);
        cr_assert_eq(a[i].widget, b[i].widget);
        cr_assert_eq(a[i].parent_id, b[i].parent_id);
        cr_assert_eq(a[i].hidden, b[i].hidden, "block %u hidden", i);
        cr_assert_eq(a[i].at, b[i].at);
    }
}

static void
same_pages(const ss_page *a, const ss_page *b)
{
    cr_assert_eq(a->format, b->format);
    same_str(a->charset, b->charset, "charset");
    same_str(a->title, b->title, "title");
    same_str(a->og_title, b->og_title, "og:title");
    cr_assert_eq(a->title_block, b->title_block);
    cr_assert_eq(a->n_blocks, b->n_blocks);
    same_blocks(a->blocks, b->blocks, a->n_blocks);
    cr_assert_eq(a->n_hidden, b->n_hidden);
    same_blocks(a->hidden, b->hidden, a->n_hidden);
    cr_assert_eq(a->n_widgets, b->n_widgets);
    for (uint32_t i = 0; i < a->n_widgets; i++) {
        cr_assert_eq(a->widgets[i].heading, b->widgets[i].heading);
        cr_assert_eq(a->widgets[i].first, b->widgets[i].first);
        cr_assert_eq(a->widgets[i].n_items, b->widgets[i].n_items);
        cr_assert_eq(a->widgets[i].link_share, b->widgets[i].link_share);
    }
    cr_assert_eq(a->n_links, b->n_links);
    for (uint32_t i = 0; i < a->n_links; i++) {
        cr_assert_eq(a->links[i].block, b->links[i].block);
        cr_assert_eq(a->links[i].start, b->links[i].start);
        cr_assert_eq(a->links[i].end, b->links[i].end);
        cr_assert_eq(a->links[i].host, b->links[i].host);
        cr_assert_eq(a->links[i].hidden, b->links[i].hidden);
    }
    cr_assert_eq(a->main_first, b->main_first);
    cr_assert_eq(a->main_last, b->main_last);
    cr_assert_eq(a->limits, b->limits);
    cr_assert_eq(a->host, b->host);
    same_str(a->meta.author, b->meta.author, "author");
    same_str(a->meta.date, b->meta.date, "date");
    same_str(a->meta.lang, b->meta.lang, "lang");
    same_str(a->meta.site_name, b->meta.site_name, "site name");
    same_str(a->meta.canonical, b->meta.canonical, "canonical");
    same_str(a->meta.description, b->meta.description, "description");
    same_str(a->meta.body, b->meta.body, "body");
    cr_assert(memcmp(a->meta.rank, b->meta.rank, sizeof a->meta.rank) == 0);
    cr_assert_eq(a->meta.declares, b->meta.declares);
}

/* Parse s[0..len) with the pass (into *pg, arena) and without it (into
 * plain_arena): the same status, page and arena use. Returns the stats of
 * the first. */
static ss_page_stats
read_both(const char *s, size_t len, ss_page *pg)
{
    ss_page plain;
    ss_page_stats st, plain_st;
    char err[160] = "", plain_err[160] = "";
    ss_arena_reset(&arena);
    ss_arena_reset(&plain_arena);
    ss_status a = ss_page_parse_opt(&arena, &cfg, s, len, SS_FORMAT_AUTO, NULL, true, pg, &st,
                                    err, sizeof err);
    ss_status b = ss_page_parse_opt(&plain_arena, &cfg, s, len, SS_FORMAT_AUTO, NULL, false,
                                    &plain, &plain_st, plain_err, sizeof plain_err);
    cr_assert_eq(a, b, "status %d (%s) against %d (%s)", a, err, b, plain_err);
    cr_assert_str_eq(err, plain_err);
    cr_assert_eq(plain_st.cuts, 0);
    if (a == SS_OK)
        same_pages(pg, &plain);
    /* what the walk allocated is the same too (the arena cap sees it) */
    cr_assert_eq(arena.used_total, plain_arena.used_total);
    return st;
}

static ss_page_stats
read_str(const char *s, ss_page *pg)
{
    return read_both(s, strlen(s), pg);
}

Test(elide, traps_read_the_same_with_and_without_the_pass)
{
    static const char *const pages[] = {
        "<html><head><title>T<script>" BODY "</script>itle</title></head><body><p>Hello "
        "there, reader.</p></body></html>",
        "<textarea><script>" BODY "</script>Typed text</textarea><p>After</p>",
        "<plaintext><p>One</p><script>" BODY "</script><p>Two</p>",
        "<![CDATA[<script>" BODY "</script>]]><p>After the CDATA</p>",
        "<p>Before</p><script>" BODY "</SCRIPT ><p>After</p><script>" BODY "</script\n><p>End</p>",
        "<p>Before</p><script>" BODY "</scripts><p>inside</p></script><p>After</p>",
        "<p>Before</p><script>" BODY "<p>never closed</p>",
        "<div hidden><script>" BODY "</script><p>hidden text here</p></div><p>Shown</p>",
        "<button><script>" BODY "</script>Go</button><p>Text after the button</p>",
        "<a href=\"/x\">link<script>" BODY "</script> text</a><p>More text</p>",
        "<p>x</p></body></html><script>" BODY "</script><p>After the end</p>",
        "<style>" CSS "</style><style>.x{color:red}</style><div class=\"ad-box\"><p>Buy now</p></div>",
        "<!-- " BODY " --><html><head><title>T</title></head><body><p><!-- " BODY
        " -->Text after a comment</p><div><!--" BODY "--!></div><p>x</p></body></html>",
        "<title><!-- " BODY " --></title><p>A title that is only a comment</p>",
    };
    ss_page pg;
    size_t cuts = 0;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        ss_page_stats st = read_str(pages[i], &pg);
        cr_assert_not(st.fell_back, "page %zu", i);
        cuts += st.cuts;
    }
    cr_assert_geq(cuts, 10);
}

Test(elide, json_ld_is_read_from_a_cut_body)
{
    const char *page =
        "<html><head><title>Storm hits the coast</title><script type=\"application/ld+json\">"
        "{\"@context\": \"https://schema.org\", \"@type\": \"NewsArticle\", \"author\": "
        "{\"@type\": \"Person\", \"name\": \"Jane Roe\"}, \"datePublished\": \"2024-03-05\"}"
        "</script></head><body><h1>Storm hits the coast</h1><p>The storm reached the coast "
        "early on Tuesday, and the wind tore roofs off.</p></body></html>";
    ss_page pg;
    ss_page_stats st = read_str(page, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert_not(st.fell_back);
    cr_assert_str_eq(pg.meta.author, "Jane Roe");
    cr_assert_not_null(pg.meta.date);
    cr_assert(strncmp(pg.meta.date, "2024-03-05", 10) == 0);
}

Test(elide, style_rules_are_read_from_a_cut_body)
{
    /* a U+FFFE in the rules: libxml2 drops it from the text it passes */
    const char *page = "<html><head><style>/* \xEF\xBF\xBE */ " CSS "</style></head><body>"
                       "<p>The article text, long enough to be the main content of it.</p>"
                       "<div class=\"ad-box\">Cheap pills online, order today</div></body></html>";
    ss_page pg;
    ss_page_stats st = read_str(page, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert_not(st.fell_back);
    bool found = false;
    for (uint32_t i = 0; i < pg.n_blocks; i++)
        if (strstr(pg.blocks[i].text, "Cheap pills")) {
            cr_assert_eq(pg.blocks[i].hidden, SS_HID_RULE);
            found = true;
        }
    cr_assert(found);
}

Test(elide, other_charsets_are_cut_after_decoding)
{
    /* windows-1252 declared after a script (within the sniffed 4 KiB) */
    const char *cp = "<html><head><script>" BODY "</script><meta charset=\"windows-1252\">"
                     "</head><body><p>Caf\xe9 au lait, served every morning.</p></body></html>";
    ss_page pg;
    ss_page_stats st = read_str(cp, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert_str_eq(pg.charset, "windows-1252");
    cr_assert(strstr(pg.blocks[0].text, "Caf\xc3\xa9") != NULL);

    /* UTF-16LE with a BOM: the pass sees the decoded UTF-8 */
    const char *ascii = "<html><head><script>" BODY "</script><meta charset=\"utf-16\"></head>"
                        "<body><p>Sixteen bits a character.</p></body></html>";
    size_t n = strlen(ascii);
    char *u16 = malloc(2 * n + 2);
    u16[0] = (char)0xFF;
    u16[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) {
        u16[2 + 2 * i] = ascii[i];
        u16[3 + 2 * i] = 0;
    }
    st = read_both(u16, 2 * n + 2, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert_not(st.fell_back);
    cr_assert_str_eq(pg.charset, "UTF-16LE");
    free(u16);

    /* a UTF-8 BOM, which libxml2 skips before its offsets start */
    st = read_str("\xEF\xBB\xBF<html><head><script>" BODY "</script></head><body><p>With a "
                  "byte-order mark.</p></body></html>",
                  &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert_not(st.fell_back);
}

Test(elide, doctype_literals_hide_markup)
{
    /* htmlParseDocTypeDecl reads quoted literals, which may hold '>' */
    cr_assert_str_eq(bodies("<!DOCTYPE html SYSTEM \"a>\"<script>" BODY "</script>\">"), "");
    cr_assert_str_eq(bodies("<!doctype html PUBLIC \"-//x\" \"b><script>" BODY "</script>\">"
                            "<script>" BODY "</script>"),
                     BODY);
    /* an unclosed literal runs to the end of the page (a truncated page
     * among the 802 has one, with a comment after it) */
    cr_assert_str_eq(cuts_of("<!DOCTYPE html PUBLIC \"-//x\" \"http://x/ -->\n<!-- " BODY " -->",
                             SS_ELIDE_COMMENT),
                     "");
}

Test(elide, a_cut_libxml2_does_not_agree_with_is_not_used)
{
    /* "<?" and a character that is not a letter is no processing
     * instruction to libxml2 (it is text); the scan takes it for one up to
     * the '>' inside the quotes, and cuts a body that libxml2 reads as an
     * attribute value. The page read is the original. */
    const char *page = "<?\xE2\x82\xAC <a title=\"> <script>" BODY "</script>\">x</a>"
                       "<p>The text of the page, read as it is.</p>";
    ss_page pg;
    ss_page_stats st = read_str(page, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert(st.fell_back);
}

Test(elide, pages_with_attribute_cuts_read_the_same)
{
    static const char *const pages[] = {
        /* after a start tag, text, an end tag, a comment, a reference */
        "<html><body><div><img src=\"" VAL "\" alt=\"" VAL "\"></div><p>Text <a href=\"/x\" "
        "title=\"" VAL "\">link</a> &amp;<img src=\"" VAL "\"><!-- c --><img src=\"" VAL "\">"
        "</p></body></html>",
        /* end tags that close nothing send no event: the check reads them */
        "<p>One</p><object><param name=\"movie\" value=\"" VAL "\"></param><embed src=\"" VAL
        "\" type=\"application/x-shockwave-flash\"></embed></object></p></p><iframe src=\"" VAL
        "\"></iframe><p>Two</p>",
        /* "/>", a script with a source and a body, elements libxml2 opens
         * or closes from inside the tag */
        "<p>Text <script src=\"" VAL "\">" BODY "</script><img src=\"" VAL "\"/><li "
        "onclick=\"" VAL "\">item</li><td title=\"" VAL "\">cell</td>",
        /* an attribute read next to cut ones, hidden text, links */
        /* links to other hosts, to none, and one whose host is cut out */
        "<p>Read <a href=\"https://spam.example/buy/cheap/pills/online/now.html\">this</a>, "
        "<a href=\"/local/page/with/a/long/path.html\">that</a> and <a "
        "href=\"http://www.example.com/a/long/path/to/a/page.html?x=1&amp;y=2\">more</a>.</p>",
        "<p>x</p><div hidden data-src=\"" VAL "\"><p>hidden</p></div><a href=\"http://spam.example/\" "
        "data-track=\"" VAL "\">Buy</a><p style=\"display:none\" title=\"" VAL "\">x</p>",
    };
    ss_page pg;
    size_t cuts = 0;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        ss_page_stats st = read_str(pages[i], &pg);
        cr_assert_not(st.fell_back, "page %zu", i);
        cuts += st.cuts;
    }
    cr_assert_eq(cuts, 19);
}

Test(elide, attribute_cuts_libxml2_does_not_agree_with_are_not_used)
{
    /* the scan takes "<?" and a non-letter for an instruction that ends
     * at the '>' in the quotes; libxml2 reads it as text, and the second
     * <img> as part of the first one's title: it reports an <img> that
     * ends where the cut one does, but without the src */
    const char *page = "<p>x</p><?\xE2\x82\xAC <img title=\"> <img src=\"" VAL "\">"
                       "<p>The text of the page, read as it is.</p>";
    ss_page pg;
    ss_page_stats st = read_str(page, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert(st.fell_back);
    /* a <body> after an implied one is dropped without an event, and
     * so is an end tag that closes nothing: the tag after them has no
     * event before it (the check reads end tags, not start tags) */
    page = "<p>x</p></head><body onload=\"f()\"><img src=\"" VAL "\"><p>y</p>";
    st = read_str(page, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert(st.fell_back);
    /* a misplaced <html> is dropped without an event */
    page = "<p>x</p><p>y</p><html><img src=\"" VAL "\"></html>";
    st = read_str(page, &pg);
    cr_assert_eq(st.cuts, 1);
    cr_assert(st.fell_back);
}

Test(elide, project_pages_read_the_same)
{
    const char *dirs[] = {"page", "pages"};
    size_t files = 0, cuts = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", SS_TEST_DATA, dirs[d]);
        DIR *dh = opendir(dir);
        cr_assert_not_null(dh, "%s", dir);
        struct dirent *de;
        while ((de = readdir(dh)) != NULL) {
            if (de->d_name[0] == '.')
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            FILE *f = fopen(path, "rb");
            if (!f)
                continue;
            fseek(f, 0, SEEK_END);
            long n = ftell(f);
            fseek(f, 0, SEEK_SET);
            char *buf = malloc((size_t)n + 1);
            cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
            fclose(f);
            ss_page pg;
            ss_page_stats st = read_both(buf, (size_t)n, &pg);
            cr_assert_not(st.fell_back, "%s", path);
            cuts += st.cuts;
            files++;
            free(buf);
        }
        closedir(dh);
    }
    cr_assert_geq(files, 10);
    cr_assert_geq(cuts, 1); /* article.html and two spam pages have bodies to cut */
}
