/*
 * page.c - the page model: HTML or scraped text -> blocks, title
 * candidates, list widgets and a main-content estimate (see page.h).
 *
 * HTML is decoded to UTF-8 once (charset.c) and read by libxml2's
 * recovering HTML parser through its SAX interface: no tree is built (that
 * costs more than the parse itself), the walk follows the parser's events
 * with its own frame stack for the first max_depth levels (deeper elements
 * are flattened into their ancestor's block). Where libxml2's tree builder
 * would change the structure (prefixed names, a second document after the
 * first), the walk does the same, so a page reads as its tree would.
 * Block-level elements (p, hN, li, td, div, ...) cut the text into blocks;
 * inline elements only contribute text. A single <br> is kept as a space
 * inside its block; two or more in a row end the block (readability's
 * <br><br> -> paragraph).
 *
 * Every block-level element with content within the depth cap gets a
 * record (parent, tag kind, class/id weight, text and link bytes of its
 * subtree) so the main-content estimate can score containers
 * readability-style once the parse is over.
 *
 * Text input is split into one block per non-empty line.
 *
 * This file holds the entry points: sniffing, decoding, the two readings
 * of an HTML page (inline styles that hide, then not) and the limits.
 * Each stage has its own file; walk.h lists them.
 */

#include "walk.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "charset.h"
#include "elide.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* The pre-parse pass (elide.h) follows libxml2 2.9.11 to 2.9.14, whose
 * raw-text reading (htmlParseScript), start tags and UTF-8 reading it was
 * checked against; with another libxml2 pages are parsed as they are.
 * Set once by xml_init_once(). */
static bool elide_fits;

/* libxml2's one-time initialisation (not thread-safe on its own). */
static void
xml_init_once(void)
{
    pw_page_tables_init();
    int version = atoi(xmlParserVersion);
    elide_fits = version >= 20911 && version <= 20914;
    /* Its failures (an allocation) would go to stderr. */
    xmlGenericErrorFunc host_error = xmlGenericError;
    void *host_error_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, pw_quiet_error);
    xmlInitParser();
    xmlSetGenericErrorFunc(host_error_ctx, host_error);
}

void
ss_page_global_init(void)
{
    pthread_once(&xml_once, xml_init_once);
}

/* Sniff HTML vs text (see page.h). */
static ss_format
sniff_format(const char *s, size_t len)
{
    size_t n = len < SS_CHARSET_SNIFF_BYTES ? len : SS_CHARSET_SNIFF_BYTES;
    size_t i = 0;
    if (n >= 3 && (unsigned char)s[0] == 0xEFu && (unsigned char)s[1] == 0xBBu &&
        (unsigned char)s[2] == 0xBFu)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\f'))
        i++;
    if (i + 1 < n && s[i] == '<') {
        char c = s[i + 1];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '?')
            return SS_FORMAT_HTML;
    }
    static const char *const marks[] = {"<html", "<body", "<p>", "<p ", "<div", "<br", "<table"};
    for (size_t k = 0; k + 4 < n; k++) {
        if (s[k] != '<')
            continue;
        for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
            size_t ml = strlen(marks[m]);
            if (k + ml > n)
                continue;
            size_t q = 1;
            while (q < ml) {
                char c = s[k + q];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c + 32);
                if (c != marks[m][q])
                    break;
                q++;
            }
            if (q == ml)
                return SS_FORMAT_HTML;
        }
    }
    return SS_FORMAT_TEXT;
}

/* Write a one-line message into err. */
static void
set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen) {
        size_t l = strlen(msg);
        if (l >= errlen)
            l = errlen - 1;
        memcpy(err, msg, l);
        err[l] = '\0';
    }
}

/* What a reading of the page shows that the first one hides (bits). */
enum {
    SHOW_STYLED = 1u << 0, /* inline display:none, visibility:hidden, zero size */
    SHOW_PANELS = 1u << 1  /* hidden tab and accordion panels */
};

/* A fresh walker for page (its arena, limits and deadline); show: SHOW_*
 * bits. */
static ss_status
walker_init(walker *w, ss_arena *a, const ss_config *cfg, ss_page *page, double deadline,
            unsigned show)
{
    memset(w, 0, sizeof *w);
    w->a = a;
    w->cfg = cfg;
    w->page = page;
    w->h1_block = SS_NONE;
    w->show_styled = (show & SHOW_STYLED) != 0;
    w->show_panels = (show & SHOW_PANELS) != 0;
    w->cap = cfg->max_block_bytes ? cfg->max_block_bytes : 65536;
    w->deadline = deadline;
    w->buf = ss_arena_alloc(a, w->cap + 8);
    w->title_buf = ss_arena_alloc(a, TITLE_CAP + 8);
    if (w->buf && w->title_buf)
        (void)pw_elem_add(w, 0, 0, "", 0); /* sentinel record 0 */
    if (!w->buf || !w->title_buf || w->n_elems != 1)
        return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
    return SS_OK;
}

/* Read an HTML page into page: blocks, title, widgets, roles. el: the
 * page with bodies cut out (may be NULL), read when libxml2 agrees with
 * every cut; otherwise the walk is undone (arena and page as they were)
 * and the original read, and *fell_back is set. */
static ss_status
read_html(walker *w, ss_arena *a, const ss_config *cfg, ss_page *page, const ss_decoded *dec,
          const ss_elided *el, double deadline, unsigned show, bool *fell_back)
{
    ss_arena_mark_t mark = ss_arena_mark(a);
    ss_page before = *page;
    ss_status st = walker_init(w, a, cfg, page, deadline, show);
    if (st != SS_OK)
        return st;
    bool redo;
    st = pw_parse_html(w, dec->data, dec->len, el, &redo);
    if (redo) {
        *fell_back = true;
        ss_arena_release(a, &mark);
        *page = before;
        st = walker_init(w, a, cfg, page, deadline, show);
        if (st != SS_OK)
            return st;
        st = pw_parse_html(w, dec->data, dec->len, NULL, &redo);
    }
    if (st != SS_OK)
        return st;
    w->title_buf[w->title_len] = '\0';
    page->title = pw_collapse_dup(w, w->title_buf);
    if (!page->title)
        page->title = "";
    pw_html_titles(w);
    pw_html_widgets(w);
    pw_html_roles(w);
    return SS_OK;
}

/*
 * A page whose whole body sits in a wrapper hidden by its inline style
 * until a script shows it (a loading guard, "visibility:hidden" on the
 * app's root, a window that a script grows from "width:0;height:0"):
 * almost no main content was found (under 200 bytes), and the text
 * hidden by inline display:none, visibility:hidden or a zero size is over
 * 2,000 bytes, more than the visible text and most of the hidden text,
 * and under 60 % links (a hacked site's hidden link block is nearly all
 * links, and stays hidden). Such a page is read a second time with
 * those inline styles shown.
 */
static bool
styled_page(const ss_page *pg)
{
    size_t main_bytes = 0, visible = 0, hidden = 0, linked = 0, styled = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        visible += pg->blocks[i].len;
        if (pg->blocks[i].role == SS_ROLE_MAIN)
            main_bytes += pg->blocks[i].len;
    }
    if (main_bytes >= 200)
        return false;
    for (uint32_t i = 0; i < pg->n_hidden; i++) {
        const ss_block *b = &pg->hidden[i];
        hidden += b->len;
        linked += (size_t)(b->link_share * (float)b->len);
        if (b->hidden & (SS_HID_DISPLAY | SS_HID_VISIBILITY | SS_HID_ZERO_SIZE))
            styled += b->len;
    }
    return styled > 2000 && 2 * styled > hidden && styled > visible &&
           10 * linked < 6 * hidden;
}

/*
 * A page that hides part of its text in tab or accordion panels, shown
 * one at a time by a script (a product's description and specifications,
 * a service's FAQ, a manual's per-platform steps): the hidden panels hold
 * 200 bytes of text or more, under 60 % of it in links (a hacked site's
 * hidden link block is nearly all links, and stays hidden). Such a page
 * is read again with its panels shown; their blocks carry SS_HID_PANEL,
 * and the link-injection detector judges link runs in them as hidden.
 */
static bool
panel_page(const walker *w)
{
    return w->panel_text >= 200 && 10 * w->panel_links < 6 * w->panel_text;
}

/* Read the page again (after a first reading into page) with show. */
static ss_status
read_again(walker *w, ss_arena *a, const ss_config *cfg, ss_page *page, const ss_decoded *dec,
           const ss_elided *el, double deadline, unsigned show, bool *fell_back)
{
    ss_page first = *page;
    memset(page, 0, sizeof *page);
    page->format = first.format;
    page->charset = first.charset;
    page->limits = first.limits & (SS_LIMIT_CHARSET | SS_LIMIT_CONTROLS);
    page->title = "";
    page->title_block = SS_NONE;
    return read_html(w, a, cfg, page, dec, el, deadline, show, fell_back);
}

ss_status
ss_page_parse(ss_arena *a,
              const ss_config *cfg,
              const char *data,
              size_t len,
              ss_format fmt,
              const char *charset_hint,
              ss_page *page,
              char *err,
              size_t errlen)
{
    return ss_page_parse_opt(a, cfg, data, len, fmt, charset_hint, true, page, NULL, err, errlen);
}

ss_status
ss_page_parse_opt(ss_arena *a,
                  const ss_config *cfg,
                  const char *data,
                  size_t len,
                  ss_format fmt,
                  const char *charset_hint,
                  bool elide,
                  ss_page *page,
                  ss_page_stats *stats,
                  char *err,
                  size_t errlen)
{
    ss_status st = SS_OK;
    walker w;
    ss_decoded dec;
    ss_page_stats dummy;

    if (!stats)
        stats = &dummy;
    memset(stats, 0, sizeof *stats);

    if (!a || !cfg || !page || (!data && len)) {
        set_err(err, errlen, "invalid argument");
        return SS_ERR_ARG;
    }
    memset(page, 0, sizeof *page);
    page->title = "";
    page->title_block = SS_NONE;
    page->main_first = SS_NONE;
    page->main_last = SS_NONE;
    page->format = fmt == SS_FORMAT_AUTO ? SS_FORMAT_TEXT : fmt;
    page->charset = "UTF-8";
    if (len == 0) {
        set_err(err, errlen, "empty input");
        return SS_ERR_EMPTY;
    }
    if (cfg->max_page_bytes && len > cfg->max_page_bytes) {
        set_err(err, errlen, "page larger than max_page_bytes");
        return SS_ERR_LIMIT;
    }
    if (len > (size_t)INT_MAX / 2) {
        set_err(err, errlen, "page too large");
        return SS_ERR_LIMIT;
    }
    if (ss_charset_is_binary(data, len)) {
        set_err(err, errlen, "binary input (a binary file signature, or "
                             "over 5 % control bytes)");
        return SS_ERR_BINARY;
    }
    if (fmt == SS_FORMAT_AUTO)
        fmt = sniff_format(data, len);
    page->format = fmt;
    st = ss_charset_to_utf8(a, data, len, fmt == SS_FORMAT_HTML, charset_hint, &dec);
    if (st != SS_OK) {
        set_err(err, errlen, st == SS_ERR_LIMIT ? "arena cap reached while decoding"
                                                : "cannot decode character set");
        return st;
    }
    page->charset = dec.charset;
    if (dec.replaced)
        page->limits |= SS_LIMIT_CHARSET;
    if (dec.controls)
        page->limits |= SS_LIMIT_CONTROLS;
    /* A UTF-16 page sniffed as text before decoding: sniff again. */
    if (fmt == SS_FORMAT_TEXT && dec.copied && strncmp(dec.charset, "UTF-16", 6) == 0)
        page->format = fmt = sniff_format(dec.data, dec.len);

    double deadline = cfg->max_seconds > 0.0 ? pw_thread_seconds() + cfg->max_seconds : 0.0;
    if (fmt == SS_FORMAT_HTML) {
        ss_page_global_init();
        /* The bodies of scripts and styles out before libxml2 reads the
         * page (elide.h); without the scratch, the page as it is. */
        ss_elided el;
        const ss_elided *elp = NULL;
        void *scratch = elide && elide_fits && dec.len <= UINT32_MAX / 2
                            ? ss_arena_scratch(a, ss_elide_scratch(dec.len))
                            : NULL;
        if (scratch && ss_elide(dec.data, dec.len, scratch, &el) > 0) {
            elp = &el;
            stats->cuts = el.n_cuts;
            stats->cut_bytes = el.cut_bytes;
        }
        unsigned show = 0;
        st = read_html(&w, a, cfg, page, &dec, elp, deadline, show, &stats->fell_back);
        if (st == SS_OK && w.st == SS_OK && styled_page(page)) {
            /* Again, with the inline-hidden wrapper shown. */
            show |= SHOW_STYLED;
            st = read_again(&w, a, cfg, page, &dec, elp, deadline, show, &stats->fell_back);
        }
        if (st == SS_OK && w.st == SS_OK && panel_page(&w)) {
            /* Again, with the tab panels shown. */
            show |= SHOW_PANELS;
            st = read_again(&w, a, cfg, page, &dec, elp, deadline, show, &stats->fell_back);
        }
        if (st != SS_OK)
            goto fail;
    } else {
        st = walker_init(&w, a, cfg, page, deadline, 0);
        if (st != SS_OK)
            goto fail;
        pw_parse_text(&w, dec.data, dec.len);
        pw_text_titles(&w);
        pw_text_widgets(&w);
        pw_text_roles(&w);
    }
    if (w.st != SS_OK) {
        st = w.st;
        goto fail;
    }
    pw_set_main_range(page);
    pw_drop_dangling_links(page);
    if (page->n_blocks == 0 && !*page->title) {
        set_err(err, errlen, "no visible text");
        return SS_ERR_EMPTY;
    }
    return SS_OK;

fail:
    set_err(err, errlen, w.timed_out ? "time limit reached while parsing"
                         : st == SS_ERR_LIMIT ? "arena cap reached"
                         : st == SS_ERR_PARSE ? "HTML could not be parsed"
                                              : ss_strerror(st));
    page->n_blocks = 0;
    page->n_widgets = 0;
    page->n_hidden = 0;
    page->n_links = 0;
    return st;
}

size_t
ss_page_limit_names(uint32_t limits,
                    const char **names,
                    size_t max)
{
    static const char *const all[] = {"dom-depth", "blocks", "block-bytes",
                                      "charset", "tokens", "match-limit",
                                      "control-bytes"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0] && n < max; i++)
        if (limits & (1u << i))
            names[n++] = all[i];
    return n;
}
