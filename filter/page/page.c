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
 */
#include "page.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#ifdef SS_PAGE_DEBUG
#include <stdio.h>
#endif
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "charset.h"
#include "elide.h"
#include "fnv.h"
#include "utf8.h"

#define PATH_CAP 192u     /* bytes of a block's tag path */
#define ATTRS_CAP 160u    /* bytes of a block's class/id words */
#define TITLE_CAP 1024u   /* bytes of <title> / og:title */
#define ANCESTOR_CAP 64u  /* ancestors visited when scoring a block */
#define THREAD_DOMINANT 8u /* html_thread(): a thread this many times the prose is it */
#define FALLBACK_SHARE 0.4 /* html_fallback(): main text below this share ... */
#define FALLBACK_ANY 0.25  /* ... and below this, wherever the new region is */
#define WIDEN_ALL_SHARE 0.4 /* html_widen_all(): main text below this share of the non-chrome text */
#define WIDEN_ALL_PROSE 150u /* ... and under this many bytes of prose in it */
#define REGION_ITEMS_MIN 8u /* region_items(): blocks to add at least */
#define ITEM_HEADLINES_MIN 3u /* item_headlines(): linked item titles at least */
#define ITEM_FIELD_BLOCKS 8u /* item_fields(): blocks of an item at most */

/* Tag kinds (bits). */
enum {
    K_BLOCK = 1u << 0,   /* cuts blocks */
    K_SKIP = 1u << 1,    /* never text, not descended */
    K_ZONE = 1u << 2,    /* header/nav/footer/aside/form */
    K_HEAD = 1u << 3,    /* h1..h6 */
    K_LI = 1u << 4,
    K_CELL = 1u << 5,
    K_A = 1u << 6,
    K_PRE = 1u << 7,
    K_P = 1u << 8,
    K_TITLE = 1u << 9,   /* <title> */
    K_META = 1u << 10,
    K_HEADEL = 1u << 11, /* <head>: text suppressed */
    K_BR = 1u << 12,
    K_LIST = 1u << 13,   /* ul/ol/dl/menu */
    K_OWNTEXT = 1u << 14 /* p-like owners that are not DIVTEXT */
};

/* Inherited frame state (bits beyond the SS_BLK_* ones). */
enum {
    IN_A = 1u << 24,
    IN_HEAD = 1u << 25,
    IN_RULEHID = 1u << 26, /* a <style> rule hides it (SS_HID_RULE) */
    /* schema.org microdata of a thread: inside a post (an element whose
     * itemtype is a posting, a comment, a question or an answer), and
     * inside the post's own text (itemprop "text" or "articleBody") */
    IN_POST_ITEM = 1u << 27,
    IN_POST_TEXT = 1u << 28
};

/* walker.blk_post: where a block sits among a thread's microdata. */
enum { POST_NONE, POST_ASIDE, POST_TEXT };

#define CSS_CAP 65536u    /* bytes of <style> text read per element */
#define HIDSEL_MAX 32     /* class/id selectors that hide, kept per page */
#define HIDSEL_NAME 40    /* bytes of one such name (longer: not kept) */

/* Name classes of a tag (bits), so that later passes test a bit instead of
 * comparing names. */
enum {
    T_ROOT = 1u << 0,   /* body, html */
    T_EXEMPT = 1u << 1, /* body, html, article, main: never "unlikely" */
    T_FIG = 1u << 2,    /* figure, figcaption */
    T_BASE5 = 1u << 3,  /* div, article, section, main: tag_base +5 */
    T_BASE3 = 1u << 4,  /* pre, td, blockquote: +3 */
    T_BASEM3 = 1u << 5, /* form, address, dd, dt: -3 */
    T_TH = 1u << 6      /* th: -5 */
};

typedef struct tagdef {
    const char *name;
    uint32_t kind;
    uint8_t level;
    uint8_t len;        /* strlen(name) */
    uint8_t tflags;     /* T_* */
} tagdef;

#define T_(n, k, l, f) {n, k, l, sizeof(n) - 1, f}
/* Sorted by name (tag_lookup() indexes it by first letter). */
static const tagdef tags[] = {
    T_("a", K_A, 0, 0),
    T_("address", K_BLOCK, 0, T_BASEM3),
    T_("applet", K_SKIP, 0, 0),
    T_("article", K_BLOCK, 0, T_EXEMPT | T_BASE5),
    T_("aside", K_BLOCK | K_ZONE, 0, 0),
    T_("audio", K_SKIP, 0, 0),
    T_("blockquote", K_BLOCK | K_OWNTEXT, 0, T_BASE3),
    T_("body", K_BLOCK, 0, T_ROOT | T_EXEMPT),
    T_("br", K_BR, 0, 0),
    T_("button", K_SKIP, 0, 0),
    T_("canvas", K_SKIP, 0, 0),
    T_("caption", K_BLOCK | K_OWNTEXT, 0, 0),
    T_("center", K_BLOCK, 0, 0),
    T_("code", K_PRE, 0, 0),
    T_("datalist", K_SKIP, 0, 0),
    T_("dd", K_BLOCK | K_OWNTEXT, 0, T_BASEM3),
    T_("details", K_BLOCK, 0, 0),
    T_("dialog", K_SKIP, 0, 0),
    T_("dir", K_BLOCK | K_LIST, 0, 0),
    T_("div", K_BLOCK, 0, T_BASE5),
    T_("dl", K_BLOCK | K_LIST, 0, 0),
    T_("dt", K_BLOCK | K_OWNTEXT, 0, T_BASEM3),
    T_("embed", K_SKIP, 0, 0),
    T_("fieldset", K_BLOCK, 0, 0),
    T_("figcaption", K_BLOCK | K_OWNTEXT, 0, T_FIG),
    T_("figure", K_BLOCK, 0, T_FIG),
    T_("footer", K_BLOCK | K_ZONE, 0, 0),
    T_("form", K_BLOCK | K_ZONE, 0, T_BASEM3),
    T_("frameset", K_SKIP, 0, 0),
    T_("h1", K_BLOCK | K_HEAD | K_OWNTEXT, 1, 0),
    T_("h2", K_BLOCK | K_HEAD | K_OWNTEXT, 2, 0),
    T_("h3", K_BLOCK | K_HEAD | K_OWNTEXT, 3, 0),
    T_("h4", K_BLOCK | K_HEAD | K_OWNTEXT, 4, 0),
    T_("h5", K_BLOCK | K_HEAD | K_OWNTEXT, 5, 0),
    T_("h6", K_BLOCK | K_HEAD | K_OWNTEXT, 6, 0),
    T_("head", K_HEADEL, 0, 0),
    T_("header", K_BLOCK | K_ZONE, 0, 0),
    T_("hgroup", K_BLOCK, 0, 0),
    T_("hr", K_BLOCK, 0, 0),
    T_("html", K_BLOCK, 0, T_ROOT | T_EXEMPT),
    T_("iframe", K_SKIP, 0, 0),
    T_("input", K_SKIP, 0, 0),
    T_("legend", K_BLOCK | K_OWNTEXT, 0, 0),
    T_("li", K_BLOCK | K_LI | K_OWNTEXT, 0, 0),
    T_("main", K_BLOCK, 0, T_EXEMPT | T_BASE5),
    T_("map", K_SKIP, 0, 0),
    T_("math", K_SKIP, 0, 0),
    T_("menu", K_BLOCK | K_LIST, 0, 0),
    T_("meta", K_META, 0, 0),
    T_("nav", K_BLOCK | K_ZONE, 0, 0),
    T_("noembed", K_SKIP, 0, 0),
    T_("noframes", K_SKIP, 0, 0),
    T_("noscript", K_BLOCK, 0, 0),
    T_("object", K_SKIP, 0, 0),
    T_("ol", K_BLOCK | K_LIST, 0, 0),
    T_("option", K_SKIP, 0, 0),
    T_("p", K_BLOCK | K_P | K_OWNTEXT, 0, 0),
    T_("picture", K_SKIP, 0, 0),
    T_("pre", K_BLOCK | K_PRE | K_OWNTEXT, 0, T_BASE3),
    T_("script", K_SKIP, 0, 0),
    T_("section", K_BLOCK, 0, T_BASE5),
    T_("select", K_SKIP, 0, 0),
    T_("style", K_SKIP, 0, 0),
    T_("summary", K_BLOCK | K_OWNTEXT, 0, 0),
    T_("svg", K_SKIP, 0, 0),
    T_("table", K_BLOCK, 0, 0),
    T_("tbody", K_BLOCK, 0, 0),
    T_("td", K_BLOCK | K_CELL | K_OWNTEXT, 0, T_BASE3),
    T_("template", K_SKIP, 0, 0),
    T_("textarea", K_SKIP, 0, 0),
    T_("tfoot", K_BLOCK, 0, 0),
    T_("th", K_BLOCK | K_CELL | K_OWNTEXT, 0, T_TH),
    T_("thead", K_BLOCK, 0, 0),
    T_("title", K_TITLE, 0, 0),
    T_("tr", K_BLOCK, 0, 0),
    T_("ul", K_BLOCK | K_LIST, 0, 0),
    T_("video", K_SKIP, 0, 0),
};
#undef T_

#define N_TAGS (sizeof tags / sizeof tags[0])

/* tags[tag_first[c - 'a'] .. tag_first[c - 'a' + 1]) are the tags whose
 * name starts with c; filled once by page_tables_init(). */
static uint8_t tag_first[27];

/* Look up a lower-case tag name; NULL for inline/unknown tags. Only the
 * tags with the same first letter are tried, length first. */
static const tagdef *
tag_lookup(const char *name)
{
    unsigned c = (unsigned char)name[0];
    if (c < 'a' || c > 'z')
        return NULL;
    size_t len = strlen(name);
    for (size_t k = tag_first[c - 'a']; k < tag_first[c - 'a' + 1]; k++)
        if (tags[k].len == len && !memcmp(name + 1, tags[k].name + 1, len - 1))
            return &tags[k];
    return NULL;
}

/* Look up a tag by scanning tags[] (before the index is built). */
static const tagdef *
tag_lookup_slow(const char *name)
{
    for (size_t k = 0; k < N_TAGS; k++)
        if (!strcmp(tags[k].name, name))
            return &tags[k];
    return NULL;
}

/* One block-level element (within the depth cap). */
typedef struct elem {
    uint32_t parent;     /* index of the enclosing element record, 0 = none */
    uint32_t kind;       /* K_* */
    const char *name;    /* tag name (static, from tags[]) */
    uint8_t name_len;    /* strlen(name) */
    uint8_t tflags;      /* T_* of the tag */
    const char *cls;     /* class attribute or NULL (during walk only) */
    const char *id;      /* id attribute or NULL (during walk only) */
    int16_t weight;      /* class/id hint: > 0 content, < 0 boilerplate */
    uint16_t depth;
    uint32_t text;       /* text bytes of blocks in the subtree */
    uint32_t link;       /* link bytes of blocks in the subtree */
    float score;         /* readability-style content score */
    bool scored;
    uint32_t n_children; /* block-level child elements */
    uint32_t good;       /* bytes of blocks in the subtree that look like
                            content wherever the region is (see good_block) */
    bool caption;        /* class/id says caption */
    bool comment;        /* class/id says comments */
    bool widget_only;    /* its only chrome word is "widget" */
    bool unlikely;       /* this or an ancestor looks like chrome by its
                            class/id (comments, sidebar, footer, ...) */
    bool own_unlikely;   /* this element's own class/id says so */
    const char *attrs;   /* make_attrs() of it, once made (NULL: not yet) */
} elem;

/* Walk frame: one per open element within the depth cap. */
typedef struct frame {
    uint32_t elem;       /* nearest block-level element record */
    uint32_t inh;        /* inherited SS_BLK_* and IN_* bits */
} frame;

typedef struct walker {
    ss_arena *a;
    const ss_config *cfg;
    ss_page *page;
    ss_status st;
    double deadline;      /* thread CPU seconds; 0: none (cfg->max_seconds) */
    unsigned ticks;       /* SAX events since the clock was last read */
    bool timed_out;       /* st is SS_ERR_LIMIT because of the deadline */
    bool unzoned;         /* html_roles() took the zone mark off a header
                             holding most of the page's unlinked text */
    bool show_styled;     /* inline display:none / visibility:hidden / zero
                             size do not hide (the second reading of
                             ss_page_parse) */
    /* Element records; index 0 is a sentinel. */
    elem *elems;
    uint32_t n_elems;
    uint32_t cap_elems;
    /* Blocks under construction. */
    uint32_t cap_blocks;
    uint32_t *blk_elem;  /* owner element record per block */
    uint8_t *blk_post;   /* POST_* per block: in a declared post's text, or
                            in the post beside its text (author card,
                            counters, signature) */
    /* Current text run. */
    char *buf;
    size_t len;
    size_t cap;          /* max_block_bytes */
    size_t link_bytes;
    bool pending_space;
    uint32_t run_elem;   /* owner of the current run */
    uint32_t run_inh;
    bool run_code;       /* inline code text went into the run */
    uint32_t h1_block;   /* first h1 block */
    unsigned brs;        /* consecutive <br> since the last text */
    char *title_buf;
    size_t title_len;
    /* The anchor being read in the current run (one level: a link inside
     * a link is part of the outer one). */
    uint32_t run_gen;    /* bumped each time a run is flushed */
    bool link_open;
    unsigned link_depth; /* open-element depth of the <a> */
    size_t link_start;   /* run bytes before its text */
    uint32_t link_gen;   /* run_gen when it opened */
    uint32_t link_host;
    uint32_t cap_links;
    /* Hidden text: inside a hidden element the run above is saved in sv
     * and the walk reads into a second buffer, flushed into page->hidden. */
    bool in_hidden;
    char *hbuf;
    uint32_t hid_group;  /* ordinal of the hidden element being read */
    uint16_t hid_why;    /* SS_HID_* of it (and hidden elements inside) */
    uint32_t hid_inh;    /* SS_BLK_* zone bits where it sits */
    uint32_t hid_elem;   /* its nearest visible block element record */
    char hid_cls[64];    /* its class and id (truncated), for hid_attrs */
    char hid_id[64];
    const char *hid_attrs; /* made from them when its first block is */
    /* Class and id selectors that a <style> rule hides with ('.' or '#'
     * and the name). */
    struct {
        char type;
        uint8_t len;
        char name[HIDSEL_NAME];
    } hidsel[HIDSEL_MAX];
    unsigned n_hidsel;
    char *css;           /* text of the <style> element being read */
    size_t css_len;
    uint32_t cap_hidden;
    struct {
        char *buf;
        size_t len, link_bytes, link_start;
        bool pending_space, link_open;
        uint32_t run_elem, run_inh, link_gen, link_host;
        unsigned brs, link_depth;
        uint32_t run_gen;
    } sv;
} walker;

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */

/* Value of CSS property prop (with its ':') in a lower-cased, space-free
 * declaration list t, where prop starts a declaration (start, or after
 * ';' or '{'); NULL if absent. The last declaration wins, as in CSS. */
static const char *
css_value(const char *t, const char *prop)
{
    const char *found = NULL;
    size_t pl = strlen(prop);
    for (const char *p = t; (p = strstr(p, prop)) != NULL; p += pl)
        if (p == t || p[-1] == ';' || p[-1] == '{')
            found = p + pl;
    return found;
}

/* Is the CSS length v (up to ';', '!' or the end) at most 1px, or 0 in any
 * unit? */
static bool
css_tiny(const char *v)
{
    if (!v)
        return false;
    if (v[0] == '0' && (v[1] == '\0' || v[1] == ';' || v[1] == '!' || (v[1] >= 'a' && v[1] <= 'z') ||
                        v[1] == '%'))
        return true;
    return v[0] == '1' && v[1] == 'p' && v[2] == 'x';
}

/* Is the CSS length v far negative (<= -500px, or -50 of em/rem/%/vw)? */
static bool
css_far_negative(const char *v)
{
    if (!v || v[0] != '-')
        return false;
    long n = 0;
    size_t i = 1;
    for (; v[i] >= '0' && v[i] <= '9' && i < 12; i++)
        n = n * 10 + (v[i] - '0');
    if (i == 1)
        return false;
    while (v[i] == '.' || (v[i] >= '0' && v[i] <= '9'))
        i++;
    if (v[i] == 'e' || v[i] == 'r' || v[i] == '%' || v[i] == 'v')
        return n >= 50;
    return n >= 500;
}

/* SS_HID_* bits for an inline style: what of it hides the element, read
 * with spaces ignored and case folded (first 255 bytes). */
static unsigned
style_hidden(const char *s)
{
    char tmp[256];
    size_t j = 0;
    bool colon = false;
    for (size_t i = 0; s[i] && j + 1 < sizeof tmp; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        colon = colon || c == ':';
        tmp[j++] = c;
    }
    tmp[j] = '\0';
    if (!colon)
        return 0;
    /* Most styles hide nothing: look for the values that can hide first. */
    bool none = strstr(tmp, "none") != NULL;
    bool hidden = strstr(tmp, "hidden") != NULL;
    bool negative = strstr(tmp, ":-") != NULL;
    bool tiny = strstr(tmp, "t:0") || strstr(tmp, "h:0") || strstr(tmp, "t:1px") ||
                strstr(tmp, "h:1px"); /* (heigh)t, (widt)h */
    bool font0 = strstr(tmp, "font-size:0") != NULL;
    if (!none && !hidden && !negative && !tiny && !font0)
        return 0;
    unsigned why = 0;
    const char *v = none ? css_value(tmp, "display:") : NULL;
    if (v && !strncmp(v, "none", 4))
        why |= SS_HID_DISPLAY;
    v = hidden ? css_value(tmp, "visibility:") : NULL;
    if (v && !strncmp(v, "hidden", 6))
        why |= SS_HID_VISIBILITY;
    static const char *const offs[] = {"left:", "top:", "right:", "text-indent:",
                                       "margin-left:", "margin-top:"};
    for (size_t k = 0; negative && k < sizeof offs / sizeof offs[0]; k++)
        if (css_far_negative(css_value(tmp, offs[k])))
            why |= SS_HID_OFFSCREEN;
    if (tiny) {
        const char *ov = hidden ? css_value(tmp, "overflow:") : NULL;
        bool clip = ov && !strncmp(ov, "hidden", 6);
        bool h0 = css_tiny(css_value(tmp, "height:")) || css_tiny(css_value(tmp, "max-height:"));
        bool w0 = css_tiny(css_value(tmp, "width:")) || css_tiny(css_value(tmp, "max-width:"));
        if ((clip && (h0 || w0)) || (h0 && w0))
            why |= SS_HID_ZERO_SIZE;
    }
    v = font0 ? css_value(tmp, "font-size:") : NULL;
    if (v && v[0] == '0' && !(v[1] == '.' && v[2] >= '1' && v[2] <= '9'))
        why |= SS_HID_FONT_ZERO;
    return why;
}

/* Class/id word classes found by match_words(). */
enum {
    W_NEG = 1u << 0, /* boilerplate hint: -25 (readability negative) */
    W_POS = 1u << 1, /* article hint: +25 */
    W_BAD = 1u << 2, /* readability "unlikely candidate" */
    W_OK = 1u << 3,  /* ... unless it also says "maybe a candidate" */
    W_CAPTION = 1u << 4,
    W_COMMENT = 1u << 5, /* comment sections: chrome below the article root */
    W_WIDGET = 1u << 6,  /* "widget": W_NEG unless ... */
    W_BUILDER = 1u << 7, /* ... a page builder names every box so
                            ("elementor-widget-text-editor"; HubSpot's
                            "widget-span widget-type-cell" and
                            "hs_cos_wrapper_widget") */
    W_CONSENT = 1u << 8, /* cookie-consent panels: -100 more, so that their
                            long unlinked text never outweighs the word */
    W_WIDGET_ONLY = 1u << 9 /* set by match_words(): "widget" is its only
                               chrome word */
};

typedef struct needle {
    const char *s;
    uint8_t len;
    uint16_t what;
} needle;

#define N(s, w) {s, sizeof(s) - 1, w}
/* Sorted by first letter so one pass can try only the needles that start
 * with the current character. A box "with-header" or that "has-header"
 * (a section and its heading, a page frame) is not the header. */
static const needle needles[] = {
    N("-ad-", W_BAD),
    N("ad-break", W_BAD), N("advert", W_NEG), N("agegate", W_BAD),
    N("and", W_OK), N("article", W_POS | W_OK), N("artikel", W_POS),
    N("author", W_NEG),
    N("banner", W_NEG | W_BAD), N("blog", W_POS), N("body", W_POS | W_OK),
    N("breadcrumb", W_NEG | W_BAD), N("byline", W_NEG),
    N("caption", W_CAPTION), N("column", W_OK), N("combx", W_NEG | W_BAD), N("comment", W_NEG | W_BAD | W_COMMENT),
    N("community", W_BAD), N("consent", W_NEG | W_BAD | W_CONSENT), N("content", W_POS | W_OK),
    N("cookie", W_NEG | W_BAD | W_CONSENT), N("customer-review", W_NEG | W_BAD | W_COMMENT),
    N("customer_review", W_NEG | W_BAD | W_COMMENT),
    N("copyright", W_NEG), N("cover-wrap", W_BAD),
    N("disqus", W_NEG | W_BAD | W_COMMENT), N("elementor-", W_BUILDER),
    N("entry", W_POS), N("extra", W_BAD),
    N("footer", W_NEG | W_BAD), N("footnote", W_NEG),
    N("gdpr", W_BAD | W_CONSENT),
    N("has-header", W_OK), N("header", W_BAD), N("hentry", W_POS),
    N("hs_cos_wrapper", W_BUILDER),
    N("legends", W_BAD), N("login", W_NEG),
    N("main", W_POS | W_OK), N("masthead", W_NEG), N("menu", W_NEG | W_BAD),
    N("modal", W_NEG), N("most-popular", W_NEG), N("mostpopular", W_NEG),
    N("nav", W_NEG), N("newsletter", W_NEG | W_BAD),
    N("onetrust", W_NEG | W_BAD | W_CONSENT), N("outbrain", W_NEG | W_BAD),
    N("pager", W_NEG | W_BAD), N("pagination", W_NEG | W_BAD), N("popup", W_NEG | W_BAD),
    N("post", W_POS), N("product-reviews", W_NEG | W_BAD | W_COMMENT), N("promo", W_NEG),
    N("recently-viewed", W_NEG | W_BAD), N("recentlyviewed", W_NEG | W_BAD),
    N("recommend", W_NEG | W_BAD), N("related", W_NEG | W_BAD), N("remark", W_BAD),
    N("replies", W_BAD | W_COMMENT), N("respond", W_COMMENT),
    N("review-text", W_NEG | W_BAD | W_COMMENT), N("reviews-list", W_NEG | W_BAD | W_COMMENT),
    N("reviewtext", W_NEG | W_BAD | W_COMMENT), N("rss", W_BAD),
    N("shadow", W_OK), N("share", W_NEG | W_BAD), N("sharing", W_NEG), N("similar", W_NEG | W_BAD),
    N("shopping", W_NEG), N("shoutbox", W_NEG | W_BAD), N("sidebar", W_NEG | W_BAD),
    N("signup", W_NEG), N("skyscraper", W_NEG | W_BAD), N("social", W_NEG | W_BAD),
    N("sponsor", W_NEG | W_BAD), N("story", W_POS), N("subscribe", W_NEG),
    N("supplemental", W_BAD),
    N("taboola", W_NEG | W_BAD), N("tags", W_NEG), N("text", W_POS),
    N("toolbar", W_NEG), N("trending", W_NEG | W_BAD), N("upsell", W_NEG | W_BAD),
    N("widget", W_WIDGET), N("widget-span", W_BUILDER), N("widget-type-", W_BUILDER),
    N("with-header", W_OK), N("with_header", W_OK),
    N("yom-remote", W_BAD),
};
#undef N

#define N_NEEDLES (sizeof needles / sizeof needles[0])
#define NEEDLE_MAX 15u /* longest needle ("recently-viewed") */

/* needles[needle_lo[c] .. needle_hi[c]) start with character c; filled
 * once by page_tables_init(). */
static uint8_t needle_lo[128];
static uint8_t needle_hi[128];
/* Bit pair_bit(d) of needle_next[c]: some needle starts with c, d. */
static uint32_t needle_next[128];

/* Bit of a needle's second character in needle_next[]. */
static inline unsigned
pair_bit(unsigned char d)
{
    if (d >= 'a' && d <= 'z')
        return d - 'a';
    return d == '-' ? 26u : 27u;
}

/* Which word classes occur in s (case-insensitive substrings, first 256
 * bytes). One pass over a lower-cased copy; at each position only the
 * needles starting with that letter are tried. */
static unsigned
match_words(const char *s)
{
    /* Matches start in the first 256 bytes and read at most NEEDLE_MAX
     * bytes on (the "ad" test reads 3). */
    char lc[256 + NEEDLE_MAX + 4];
    unsigned what = 0;
    if (!s)
        return 0;
    size_t n = 0;
    for (; n < sizeof lc - 1 && s[n]; n++) {
        char c = s[n];
        lc[n] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    lc[n] = '\0';
    size_t end = n < 256 ? n : 256;
    for (size_t i = 0; i < end; i++) {
        unsigned char c = (unsigned char)lc[i];
        if (!((c >= 'a' && c <= 'y') || c == '-'))
            continue;
        /* Only when some needle starts with this pair of characters. */
        if ((needle_next[c] >> pair_bit((unsigned char)lc[i + 1])) & 1u) {
            for (size_t k = needle_lo[c]; k < needle_hi[c]; k++) {
                const needle *nd = &needles[k];
                /* lc is NUL-terminated and needles hold no NUL, so a
                 * match never reads past the end. */
                size_t q = 1;
                while (q < nd->len && lc[i + q] == nd->s[q])
                    q++;
                /* "promoted" is a state, not a promotion box: Drupal
                 * marks every node promoted to the front page
                 * "node--promoted", its article body included. */
                if (q == nd->len && nd->len == 5 && !memcmp(nd->s, "promo", 5) &&
                    !strncmp(lc + i + 5, "ted", 3))
                    continue;
                if (q == nd->len)
                    what |= nd->what;
            }
        }
        /* "ad" / "ads" as a whole word */
        if (c == 'a' && (i == 0 || lc[i - 1] == ' ' || lc[i - 1] == '-' || lc[i - 1] == '_') &&
            lc[i + 1] == 'd') {
            char e = lc[i + 2];
            if (e == 's')
                e = lc[i + 3];
            if (e == '\0' || e == ' ' || e == '-' || e == '_')
                what |= W_NEG;
        }
    }
    /* "widget" alone: W_NEG | W_WIDGET_ONLY; with another chrome word,
     * W_NEG as that word gives it */
    if ((what & W_WIDGET) && !(what & W_BUILDER))
        what |= (what & W_NEG) ? 0u : W_NEG | W_WIDGET_ONLY;
    return what;
}

/* readability's class weight from match_words() bits. */
static int
class_weight(unsigned what)
{
    return ((what & W_POS) ? 25 : 0) - ((what & W_NEG) ? 25 : 0) - ((what & W_CONSENT) ? 100 : 0);
}

/* "Unlikely candidate": chrome words without a "maybe" word. */
static bool
unlikely_words(unsigned what)
{
    return (what & W_BAD) && !(what & W_OK);
}

/* Set the walker's status from the arena state after a failed alloc. */
static void
alloc_failed(walker *w)
{
    if (w->st == SS_OK)
        w->st = w->a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
}

/* Append a new element record; returns its index or 0 on failure. */
static uint32_t
elem_add(walker *w, uint32_t parent, uint32_t kind, const char *name,
         uint16_t depth)
{
    if (w->n_elems == w->cap_elems) {
        uint32_t nc = w->cap_elems ? w->cap_elems * 2 : 256;
        elem *ne = ss_arena_realloc(w->a, w->elems, (size_t)w->cap_elems * sizeof *ne,
                                    (size_t)nc * sizeof *ne);
        if (!ne) {
            alloc_failed(w);
            return 0;
        }
        w->elems = ne;
        w->cap_elems = nc;
    }
    elem *e = &w->elems[w->n_elems];
    memset(e, 0, sizeof *e);
    e->parent = parent;
    e->kind = kind;
    e->name = name;
    e->depth = depth;
    if (w->n_elems > 0)
        w->elems[parent].n_children++;
    return w->n_elems++;
}

/* ------------------------------------------------------------------ */
/* Text runs and blocks                                               */

/* True for the ASCII white-space bytes: space, TAB, LF, VT, FF, CR (bits
 * 32 and 9..13 of the mask). */
static inline bool
ascii_space(unsigned char c)
{
    return c <= 0x20u && ((0x100003E00ull >> c) & 1u);
}

/* Append UTF-8 text s[0..len) to the current run, collapsing white space
 * (ASCII and Unicode spaces; zero-width space and BOM are dropped). */
static void
run_append(walker *w, const char *s, size_t len, bool in_link, uint32_t owner, uint32_t inh)
{
    const unsigned char *u = (const unsigned char *)s;
    if (w->len == 0 && !w->pending_space) {
        w->run_elem = owner;
        w->run_inh = inh;
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        size_t n = 1;
        bool space = false;
        bool drop = false;
        if (c < 0x80u) {
            if (ascii_space(c)) {
                /* A run of ASCII white space is one pending space. */
                if (w->len > 0)
                    w->pending_space = true;
                i++;
                while (i < len && ascii_space(u[i]))
                    i++;
                continue;
            } else {
                /* A run of other ASCII bytes is copied in one go, with the
                 * same effect as byte by byte below; so are the runs after
                 * it that are apart by one ' ' (a space that stays as it
                 * is), when all of them fit. */
                size_t m = 1;
                while (i + m < len && u[i + m] && u[i + m] < 0x80u && !ascii_space(u[i + m]))
                    m++;
                size_t pend = w->pending_space ? 1 : 0;
                size_t room = w->cap - w->len;
                size_t full = m;
                while (i + full + 1 < len && u[i + full] == ' ' && u[i + full + 1] &&
                       u[i + full + 1] < 0x80u && !ascii_space(u[i + full + 1])) {
                    full += 2;
                    while (i + full < len && u[i + full] && u[i + full] < 0x80u &&
                           !ascii_space(u[i + full]))
                        full++;
                }
                if (pend + full <= room)
                    m = full;
                if (room < pend + 1) {
                    w->page->limits |= SS_LIMIT_BLOCK_BYTES;
                    return;
                }
                if (w->len == 0) {
                    w->run_elem = owner;
                    w->run_inh = inh;
                }
                if (w->pending_space) {
                    w->buf[w->len++] = ' ';
                    if (in_link)
                        w->link_bytes++;
                    w->pending_space = false;
                    room--;
                }
                size_t take = m <= room ? m : room;
                memcpy(w->buf + w->len, u + i, take);
                w->len += take;
                w->brs = 0;
                if (in_link)
                    w->link_bytes += take;
                if (take < m) {
                    w->page->limits |= SS_LIMIT_BLOCK_BYTES;
                    return;
                }
                i += m;
                continue;
            }
        } else if (c == 0xC2u && i + 1 < len && u[i + 1] == 0xA0u) {
            n = 2;
            space = true;
        } else if (c == 0xE2u && i + 2 < len && u[i + 1] == 0x80u &&
                   ((u[i + 2] >= 0x80u && u[i + 2] <= 0x8Au) || u[i + 2] == 0xA8u ||
                    u[i + 2] == 0xA9u || u[i + 2] == 0xAFu)) {
            n = 3;
            space = true;
        } else if (i + 2 < len && ((c == 0xE2u && u[i + 1] == 0x80u && u[i + 2] == 0x8Bu) ||
                                   (c == 0xEFu && u[i + 1] == 0xBBu && u[i + 2] == 0xBFu))) {
            n = 3;
            drop = true;
        } else if (c == 0xE3u && i + 2 < len && u[i + 1] == 0x80u && u[i + 2] == 0x80u) {
            n = 3;
            space = true;
        } else {
            n = (c >= 0xF0u) ? 4 : (c >= 0xE0u) ? 3 : (c >= 0xC0u) ? 2 : 1;
            for (size_t k = 1; k < n; k++)
                if (i + k >= len || !u[i + k]) {
                    n = k;
                    break;
                }
        }
        if (drop) {
            i += n;
            continue;
        }
        if (space) {
            if (w->len > 0)
                w->pending_space = true;
            i += n;
            continue;
        }
        size_t need = n + (w->pending_space ? 1 : 0);
        if (w->len + need > w->cap) {
            w->page->limits |= SS_LIMIT_BLOCK_BYTES;
            return;
        }
        if (w->len == 0) {
            w->run_elem = owner;
            w->run_inh = inh;
        }
        if (w->pending_space) {
            w->buf[w->len++] = ' ';
            if (in_link)
                w->link_bytes++;
            w->pending_space = false;
        }
        memcpy(w->buf + w->len, u + i, n);
        w->len += n;
        w->brs = 0;
        if (in_link)
            w->link_bytes += n;
        i += n;
    }
}

/* Build "a/b/c" for element e (from below body), capped, into the arena. */
static const char *
make_path(walker *w, uint32_t e)
{
    const char *names[ANCESTOR_CAP];
    size_t lens[ANCESTOR_CAP];
    size_t n = 0;
    size_t total = 0;
    for (uint32_t i = e; i && n < ANCESTOR_CAP; i = w->elems[i].parent) {
        const elem *x = &w->elems[i];
        if (x->tflags & T_ROOT)
            break;
        if (total + x->name_len + 1u > PATH_CAP)
            break;
        names[n] = x->name;
        lens[n++] = x->name_len;
        total += x->name_len + 1u;
    }
    char *p = ss_arena_alloc(w->a, total + 1);
    if (!p) {
        alloc_failed(w);
        return "";
    }
    size_t o = 0;
    for (size_t k = n; k-- > 0;) {
        size_t l = lens[k];
        memcpy(p + o, names[k], l);
        o += l;
        if (k)
            p[o++] = '/';
    }
    p[o] = '\0';
    return p;
}

/* What make_attrs() writes for a byte: ATTR_SPACE for white space, 0 for
 * non-ASCII (dropped), else the byte in lower case; filled once by
 * page_tables_init(). */
#define ATTR_SPACE 0xFFu
static uint8_t attr_map[256];

/* Append the words of one class or id value v (may be NULL) to tmp[0..*o),
 * lower-case, white space collapsed, then a space; stops at ATTRS_CAP. */
static void
attr_words(char *tmp, size_t *o, const char *v)
{
    if (!v)
        return;
    size_t n = *o;
    for (; *v && n < ATTRS_CAP; v++) {
        unsigned char m = attr_map[(unsigned char)*v];
        if (m == ATTR_SPACE) {
            if (n > 0 && tmp[n - 1] != ' ')
                tmp[n++] = ' ';
            continue;
        }
        if (m == 0)
            continue; /* keep the string ASCII (and valid UTF-8) */
        tmp[n++] = (char)m;
    }
    if (n > 0 && n < ATTRS_CAP && tmp[n - 1] != ' ')
        tmp[n++] = ' ';
    *o = n;
}

/* Class and id words of e and its ancestors, nearest first, lower-case,
 * capped at ATTRS_CAP bytes and ANCESTOR_CAP elements. Made once per
 * element (class and id do not change), and from the parent's string when
 * the chain is shorter than ANCESTOR_CAP: the words are one stream in
 * which each byte written depends only on the byte before, and the
 * parent's string is that stream's head after e's own words (which end
 * with a space), cut at the cap and without trailing spaces. */
static const char *
make_attrs(walker *w, uint32_t e)
{
    elem *x = &w->elems[e];
    if (x->attrs)
        return x->attrs;
    char tmp[ATTRS_CAP + 1];
    size_t o = 0;
    if (x->depth < ANCESTOR_CAP) {
        attr_words(tmp, &o, x->cls);
        attr_words(tmp, &o, x->id);
        uint32_t parent = x->parent;
        if (parent && o < ATTRS_CAP) {
            const char *up = make_attrs(w, parent);
            if (o == 0) {
                x = &w->elems[e];
                x->attrs = up;
                return up;
            }
            size_t ul = strlen(up);
            if (ul > ATTRS_CAP - o)
                ul = ATTRS_CAP - o;
            memcpy(tmp + o, up, ul);
            o += ul;
        }
    } else {
        unsigned hops = 0;
        for (uint32_t i = e; i && hops < ANCESTOR_CAP && o < ATTRS_CAP;
             i = w->elems[i].parent, hops++) {
            attr_words(tmp, &o, w->elems[i].cls);
            attr_words(tmp, &o, w->elems[i].id);
        }
    }
    while (o > 0 && tmp[o - 1] == ' ')
        o--;
    char *p = ss_arena_strndup(w->a, tmp, o);
    if (!p) {
        alloc_failed(w);
        return "";
    }
    w->elems[e].attrs = p;
    return p;
}

/* Add a block to the page (growing the array); false when out of memory or
 * at the block cap. */
static ss_block *
block_new(walker *w, uint32_t owner)
{
    ss_page *pg = w->page;
    if (pg->n_blocks >= w->cfg->max_blocks) {
        pg->limits |= SS_LIMIT_BLOCKS;
        return NULL;
    }
    if (pg->n_blocks == w->cap_blocks) {
        uint32_t nc = w->cap_blocks ? w->cap_blocks * 2 : 64;
        if (nc > w->cfg->max_blocks)
            nc = w->cfg->max_blocks;
        ss_block *nb = ss_arena_realloc(w->a, pg->blocks, (size_t)w->cap_blocks * sizeof *nb,
                                        (size_t)nc * sizeof *nb);
        uint32_t *ne = nb ? ss_arena_realloc(w->a, w->blk_elem,
                                             (size_t)w->cap_blocks * sizeof *ne,
                                             (size_t)nc * sizeof *ne)
                          : NULL;
        uint8_t *np = ne ? ss_arena_realloc(w->a, w->blk_post, w->cap_blocks, nc) : NULL;
        if (!nb || !ne || !np) {
            alloc_failed(w);
            return NULL;
        }
        pg->blocks = nb;
        w->blk_elem = ne;
        w->blk_post = np;
        w->cap_blocks = nc;
    }
    ss_block *b = &pg->blocks[pg->n_blocks];
    memset(b, 0, sizeof *b);
    w->blk_elem[pg->n_blocks] = owner;
    w->blk_post[pg->n_blocks] = POST_NONE;
    pg->n_blocks++;
    b->widget = SS_NONE;
    return b;
}

/* Count space-separated words of collapsed text. */
static uint32_t
count_words(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    uint32_t n = 1;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ' ')
            n++;
    return n;
}

static void hidden_flush(walker *w);

/* Turn the current text run into a block. */
static void
run_flush(walker *w)
{
    w->pending_space = false;
    if (w->len == 0) {
        w->link_bytes = 0;
        return;
    }
    if (w->st != SS_OK)
        return;
    w->run_gen++;
    if (w->in_hidden) {
        hidden_flush(w);
        return;
    }
    uint32_t owner = w->run_elem;
    ss_block *b = block_new(w, owner);
    if (!b)
        goto reset_run;
    char *t = ss_arena_strndup(w->a, w->buf, w->len);
    if (!t) {
        alloc_failed(w);
        w->page->n_blocks--;
        goto reset_run;
    }
    const elem *e = &w->elems[owner];
    b->text = t;
    b->len = (uint32_t)w->len;
    b->n_words = count_words(t, w->len);
    b->path = make_path(w, owner);
    b->attrs = make_attrs(w, owner);
    b->depth = e->depth;
    b->flags = w->run_inh & (SS_BLK_LISTITEM | SS_BLK_CELL | SS_BLK_BOILER_ZONE | SS_BLK_PRE);
    if (w->run_code && !(b->flags & SS_BLK_PRE))
        b->flags |= SS_BLK_CODE;
    b->hidden = (w->run_inh & IN_RULEHID) ? SS_HID_RULE : 0;
    if (w->run_inh & IN_POST_TEXT)
        w->blk_post[w->page->n_blocks - 1] = POST_TEXT;
    else if (w->run_inh & IN_POST_ITEM)
        w->blk_post[w->page->n_blocks - 1] = POST_ASIDE;
    if (e->kind & K_HEAD) {
        b->flags |= SS_BLK_HEADING;
        b->heading_level = (uint8_t)(e->name[1] - '0');
        if (b->heading_level == 1 && w->h1_block == SS_NONE)
            w->h1_block = w->page->n_blocks - 1;
    }
    if (e->kind & K_P)
        b->flags |= SS_BLK_PARA;
    if (e->kind & K_LI)
        b->flags |= SS_BLK_LISTITEM;
    if (e->kind & K_CELL)
        b->flags |= SS_BLK_CELL;
    if (!(e->kind & K_OWNTEXT))
        b->flags |= SS_BLK_DIVTEXT;
    b->link_share = (float)w->link_bytes / (float)w->len;
    if (b->link_share > 1.0f)
        b->link_share = 1.0f;
    if (b->link_share >= 0.8f)
        b->flags |= SS_BLK_LINK;
    b->parent_id = (b->flags & SS_BLK_DIVTEXT) ? owner : e->parent;
    b->role = SS_ROLE_BOILER;
reset_run:
    w->len = 0;
    w->link_bytes = 0;
    w->run_code = false;
}

/* Class/id words of a hidden element, then of its visible ancestors from
 * element record e (lower-case, capped): what tells a menu or a cookie
 * banner from an injected block. */
static const char *
hidden_attrs(walker *w, const char *cls, const char *id, uint32_t e)
{
    const char *up = e ? make_attrs(w, e) : "";
    char tmp[ATTRS_CAP + 1];
    size_t o = 0;
    const char *src[3] = {cls, id, up};
    for (int k = 0; k < 3; k++) {
        for (const char *v = src[k]; v && *v && o < ATTRS_CAP; v++) {
            unsigned char m = attr_map[(unsigned char)*v];
            if (m == ATTR_SPACE) {
                if (o > 0 && tmp[o - 1] != ' ')
                    tmp[o++] = ' ';
            } else if (m) {
                tmp[o++] = (char)m;
            }
        }
        if (o > 0 && o < ATTRS_CAP && tmp[o - 1] != ' ')
            tmp[o++] = ' ';
    }
    while (o > 0 && tmp[o - 1] == ' ')
        o--;
    const char *p = ss_arena_strndup(w->a, tmp, o);
    if (!p)
        alloc_failed(w);
    return p ? p : "";
}

/* The hidden run becomes a block of page->hidden (see page.h). */
static void
hidden_flush(walker *w)
{
    ss_page *pg = w->page;
    if (pg->n_hidden >= w->cfg->max_blocks) {
        pg->limits |= SS_LIMIT_BLOCKS;
        goto reset_run;
    }
    if (pg->n_hidden == w->cap_hidden) {
        uint32_t nc = w->cap_hidden ? w->cap_hidden * 2 : 16;
        if (nc > w->cfg->max_blocks)
            nc = w->cfg->max_blocks;
        ss_block *nb = ss_arena_realloc(w->a, pg->hidden, (size_t)w->cap_hidden * sizeof *nb,
                                        (size_t)nc * sizeof *nb);
        if (!nb) {
            alloc_failed(w);
            goto reset_run;
        }
        pg->hidden = nb;
        w->cap_hidden = nc;
    }
    char *t = ss_arena_strndup(w->a, w->buf, w->len);
    if (!t) {
        alloc_failed(w);
        goto reset_run;
    }
    ss_block *b = &pg->hidden[pg->n_hidden++];
    memset(b, 0, sizeof *b);
    b->text = t;
    b->len = (uint32_t)w->len;
    b->n_words = count_words(t, w->len);
    b->path = "hidden";
    if (!w->hid_attrs) /* once per hidden element that has text */
        w->hid_attrs = hidden_attrs(w, w->hid_cls, w->hid_id, w->hid_elem);
    b->attrs = w->hid_attrs;
    b->flags = w->hid_inh | (w->run_inh & (SS_BLK_LISTITEM | SS_BLK_CELL | SS_BLK_PRE));
    b->link_share = (float)w->link_bytes / (float)w->len;
    if (b->link_share > 1.0f)
        b->link_share = 1.0f;
    if (b->link_share >= 0.8f)
        b->flags |= SS_BLK_LINK;
    b->parent_id = w->hid_group;
    b->hidden = w->hid_why ? w->hid_why : SS_HID_ATTR;
    b->at = pg->n_blocks;
    b->role = SS_ROLE_BOILER;
    b->widget = SS_NONE;
reset_run:
    w->len = 0;
    w->link_bytes = 0;
}

/* An <a> opens at open-element depth: remember where its text starts. */
static void
link_open(walker *w, unsigned depth, const char *href)
{
    if (w->link_open || !href)
        return;
    w->link_open = true;
    w->link_depth = depth;
    w->link_start = w->len;
    w->link_gen = w->run_gen;
    w->link_host = ss_page_url_host(href);
}

/* The <a> at depth ends: record its text as a link of the block the run
 * will become (a link cut by a block boundary is dropped). */
static void
link_close(walker *w, unsigned depth)
{
    if (!w->link_open || w->link_depth != depth)
        return;
    w->link_open = false;
    ss_page *pg = w->page;
    size_t start = w->link_start;
    if (w->link_gen != w->run_gen || w->len <= start || w->st != SS_OK)
        return;
    if (w->buf[start] == ' ')
        start++;
    if (w->len <= start)
        return;
    if (pg->n_links >= 4u * w->cfg->max_blocks) {
        pg->limits |= SS_LIMIT_BLOCKS;
        return;
    }
    if (pg->n_links == w->cap_links) {
        uint32_t nc = w->cap_links ? w->cap_links * 2 : 64;
        ss_link *nl = ss_arena_realloc(w->a, pg->links, (size_t)w->cap_links * sizeof *nl,
                                       (size_t)nc * sizeof *nl);
        if (!nl) {
            alloc_failed(w);
            return;
        }
        pg->links = nl;
        w->cap_links = nc;
    }
    ss_link *l = &pg->links[pg->n_links++];
    l->hidden = w->in_hidden;
    l->block = w->in_hidden ? pg->n_hidden : pg->n_blocks;
    l->start = (uint32_t)start;
    l->end = (uint32_t)w->len;
    l->host = w->link_host;
}

/* Copy the attribute value v into buf (cap bytes), truncated. */
static void
copy_attr(char *buf, size_t cap, const char *v)
{
    size_t n = 0;
    for (; v && v[n] && n + 1 < cap; n++)
        buf[n] = v[n];
    buf[n] = '\0';
}

/* Enter a hidden element: save the visible run and read into the hidden
 * buffer. cls and id are its class and id, e its nearest visible block
 * element record, inh the zone bits where it sits. */
static void
hidden_enter(walker *w, unsigned why, const char *cls, const char *id, uint32_t e, uint32_t inh)
{
    if (!w->hbuf) {
        w->hbuf = ss_arena_alloc(w->a, w->cap + 8);
        if (!w->hbuf) {
            alloc_failed(w);
            return;
        }
    }
    w->sv.buf = w->buf;
    w->sv.len = w->len;
    w->sv.link_bytes = w->link_bytes;
    w->sv.pending_space = w->pending_space;
    w->sv.run_elem = w->run_elem;
    w->sv.run_inh = w->run_inh;
    w->sv.brs = w->brs;
    w->sv.link_open = w->link_open;
    w->sv.link_depth = w->link_depth;
    w->sv.link_start = w->link_start;
    w->sv.link_gen = w->link_gen;
    w->sv.link_host = w->link_host;
    w->sv.run_gen = w->run_gen;
    w->buf = w->hbuf;
    w->len = 0;
    w->link_bytes = 0;
    w->pending_space = false;
    w->run_inh = 0;
    w->brs = 0;
    w->link_open = false;
    w->in_hidden = true;
    w->hid_group++;
    w->hid_why = (uint16_t)why;
    w->hid_elem = e;
    copy_attr(w->hid_cls, sizeof w->hid_cls, cls);
    copy_attr(w->hid_id, sizeof w->hid_id, id);
    w->hid_attrs = NULL;
    w->hid_inh = inh & SS_BLK_BOILER_ZONE;
}

/* Leave the hidden element: flush its last run, restore the visible one. */
static void
hidden_leave(walker *w)
{
    run_flush(w);
    w->in_hidden = false;
    w->buf = w->sv.buf;
    w->len = w->sv.len;
    w->link_bytes = w->sv.link_bytes;
    w->pending_space = w->sv.pending_space;
    w->run_elem = w->sv.run_elem;
    w->run_inh = w->sv.run_inh;
    w->brs = w->sv.brs;
    w->link_open = w->sv.link_open;
    w->link_depth = w->sv.link_depth;
    w->link_start = w->sv.link_start;
    w->link_gen = w->sv.link_gen;
    w->link_host = w->sv.link_host;
    w->run_gen = w->sv.run_gen;
}

/* Append direct text of the <title> being collected, white space
 * collapsed, capped at TITLE_CAP bytes. */
static void
title_append(walker *w, const char *s, size_t len)
{
    for (size_t i = 0; i < len && w->title_len < TITLE_CAP; i++) {
        char ch = s[i];
        if (ch == '\n' || ch == '\r' || ch == '\t')
            ch = ' ';
        if (ch == ' ' && (w->title_len == 0 || w->title_buf[w->title_len - 1] == ' '))
            continue;
        w->title_buf[w->title_len++] = ch;
    }
}

/* Copy s collapsed (ASCII spaces) and capped into the arena. */
static const char *
collapse_dup(walker *w, const char *s)
{
    char tmp[TITLE_CAP + 4];
    size_t o = 0;
    for (; *s && o < TITLE_CAP; s++) {
        char ch = *s;
        if (ch == '\n' || ch == '\r' || ch == '\t')
            ch = ' ';
        if (ch == ' ' && (o == 0 || tmp[o - 1] == ' '))
            continue;
        tmp[o++] = ch;
    }
    while (o > 0 && tmp[o - 1] == ' ')
        o--;
    /* Do not end in the middle of a UTF-8 sequence (the cap may cut one). */
    size_t lead = o;
    while (lead > 0 && o - lead < 4 && ((unsigned char)tmp[lead - 1] & 0xC0u) == 0x80u)
        lead--;
    if (lead > 0) {
        unsigned char c = (unsigned char)tmp[lead - 1];
        size_t need = c >= 0xF0u ? 4 : c >= 0xE0u ? 3 : c >= 0xC0u ? 2 : 1;
        if (c >= 0x80u && (lead - 1) + need > o)
            o = lead - 1;
    }
    char *p = ss_arena_strndup(w->a, tmp, o);
    if (!p)
        alloc_failed(w);
    return p;
}

/* Value of attribute pair k of a SAX attribute list ("" for a bare
 * attribute such as "hidden"). */
static inline const char *
att_value(const xmlChar **atts, size_t k)
{
    return atts[k + 1] ? (const char *)atts[k + 1] : "";
}

/* <meta property="og:title" content> or name="twitter:title". */
static void
take_meta(walker *w, const xmlChar **atts)
{
    const char *key = NULL;
    const char *content = NULL;
    for (size_t k = 0; atts && atts[k]; k += 2) {
        const char *an = (const char *)atts[k];
        if (!strcmp(an, "property") || !strcmp(an, "name") || !strcmp(an, "itemprop"))
            key = att_value(atts, k);
        else if (!strcmp(an, "content"))
            content = att_value(atts, k);
    }
    if (!key || !content || !*content)
        return;
    ss_meta_tag(w->a, &w->page->meta, key, content);
    if (!w->page->host && !strcmp(key, "og:url")) {
        w->page->host = ss_page_url_host(content);
        return;
    }
    bool og = !strcmp(key, "og:title");
    if (!og && strcmp(key, "twitter:title"))
        return;
    if (w->page->og_title && !og)
        return;
    w->page->og_title = collapse_dup(w, content);
}

/*
 * React's streaming server rendering sends each part of the page that
 * was still loading as <div hidden id="S:N">, after the rest, and a
 * script moves it into place at once: it is the page's own text (often
 * all of it), shown by every browser, not text hidden from readers.
 */
static bool
react_segment(const char *id)
{
    if (!id || id[0] != 'S' || id[1] != ':' || !id[2])
        return false;
    for (const char *p = id + 2; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

/* Does the space-separated list v hold the word t? */
static bool
has_word(const char *v, const char *t)
{
    size_t tl = strlen(t);
    for (const char *p = v; (p = strstr(p, t)) != NULL; p += tl)
        if ((p == v || p[-1] == ' ') && (p[tl] == '\0' || p[tl] == ' '))
            return true;
    return false;
}

/* class, id, href and whether the element is hidden (SS_HID_* bits: the
 * hidden attribute, aria-hidden="true", an inline style that hides). Its
 * microdata: an itemtype goes to meta->declares, and *post gets
 * IN_POST_ITEM for a post of a thread, IN_POST_TEXT for a post's text. */
static void
scan_attrs(const xmlChar **atts, const char **cls, const char **id, const char **href,
           unsigned *hidden, ss_meta *meta, uint32_t *post)
{
    *cls = NULL;
    *id = NULL;
    *href = NULL;
    *hidden = 0;
    *post = 0;
    for (size_t k = 0; atts && atts[k]; k += 2) {
        const char *an = (const char *)atts[k];
        /* One name comparison per attribute, by first letter. */
        switch (an[0]) {
        case 'c':
            if (!strcmp(an, "class"))
                *cls = att_value(atts, k);
            break;
        case 'i':
            if (an[1] == 'd' && an[2] == '\0')
                *id = att_value(atts, k);
            else if (!strcmp(an, "itemtype") && ss_meta_itemtype(meta, att_value(atts, k)))
                *post |= IN_POST_ITEM;
            else if (!strcmp(an, "itemprop") && (has_word(att_value(atts, k), "text") ||
                                                 has_word(att_value(atts, k), "articleBody")))
                *post |= IN_POST_TEXT;
            break;
        case 'h':
            if (!strcmp(an, "href"))
                *href = att_value(atts, k);
            else if (!strcmp(an, "hidden"))
                *hidden |= SS_HID_ATTR;
            break;
        case 'a':
            if (!strcmp(an, "aria-hidden") && !strcmp(att_value(atts, k), "true"))
                *hidden |= SS_HID_ARIA;
            break;
        case 's':
            if (!strcmp(an, "style"))
                *hidden |= style_hidden(att_value(atts, k));
            break;
        default:
            break;
        }
    }
    if ((*hidden & SS_HID_ATTR) && react_segment(*id))
        *hidden &= ~(unsigned)SS_HID_ATTR;
}

/* Does s start with the lower-case ASCII string p, ignoring case? */
static bool
prefix_ci(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != *p)
            return false;
    }
    return true;
}

/* FNV-1a of the lower-case host of an absolute URL, without a leading
 * "www."; 0 for a relative URL (see page.h). */
uint32_t
ss_page_url_host(const char *u)
{
    if (!u)
        return 0;
    while (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r')
        u++;
    if (prefix_ci(u, "https://"))
        u += 8;
    else if (prefix_ci(u, "http://"))
        u += 7;
    else if (u[0] == '/' && u[1] == '/')
        u += 2;
    else
        return 0;
    if (prefix_ci(u, "www."))
        u += 4;
    size_t n = 0;
    while (u[n] && u[n] != '/' && u[n] != '?' && u[n] != '#' && u[n] != ':' && n < 253)
        n++;
    return ss_page_host_hash(u, n);
}

/* See page.h. */
uint32_t
ss_page_host_hash(const char *host,
                  size_t n)
{
    uint32_t h = SS_FNV32_OFFSET;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)host[i];
        h = ss_fnv32_byte(h, (unsigned char)((c >= 'A' && c <= 'Z') ? c + 32u : c));
    }
    return n && h ? h : (n ? 1u : 0u);
}

/* ------------------------------------------------------------------ */
/* The HTML walk, driven by the parser's SAX events                   */
/*
 * No tree is built: libxml2 reports elements, text and comments in
 * document order and the walk keeps its own stack. A frame is pushed for
 * an element when its first child arrives (an element without children
 * pushes none and creates no record, so a record always has content),
 * for the first max_depth levels; deeper elements are flattened into
 * their ancestor's frame. Only the first top-level element (html, which
 * libxml2 always opens) is walked.
 */

/* Per open element. */
enum {
    OPEN_CLOSES = 1u << 0,  /* block-level: its end ends the text run */
    OPEN_DEEP_A = 1u << 1,  /* a link opened beyond the depth cap */
    OPEN_TITLE = 1u << 2,   /* <title>: its own text is never body text */
    OPEN_TCOLLECT = 1u << 3, /* ... and it is the title being collected */
    OPEN_GHOST = 1u << 4    /* the root, entered again (see sax_start) */
};

#define CLS_MEMO_SLOTS 64u /* class values whose match_words() is kept */

typedef struct sax_state {
    walker *w;
    htmlParserCtxtPtr ctxt;
    frame *stack;         /* walk frames for the first max_depth levels */
    unsigned max_depth;
    uint8_t *open;        /* OPEN_* per open element; open[0] is the root */
    unsigned n_open, cap_open;
    unsigned skip;        /* > 0: inside the subtree of open[skip - 1],
                             which is not text (script, style, ...) */
    bool skip_button;     /* ... and that element is a <button> */
    unsigned style_depth; /* > 0: open[style_depth - 1] is a <style>
                             whose text is read */
    bool p_rulehid;       /* (pending) a <style> rule hides it */
    uint32_t p_post;      /* (pending) its IN_POST_* microdata */
    unsigned hide;        /* > 0: inside the subtree of open[hide - 1],
                             which is hidden: its text goes to the hidden
                             run, no frames or element records are made */
    unsigned deep_links;  /* open links beyond the depth cap */
    unsigned ld_depth;    /* > 0: inside <script type=application/ld+json>
                             open[ld_depth - 1], collecting its text */
    char *ld_buf;         /* its text (SS_META_JSONLD_CAP bytes) */
    size_t ld_len;
    /* The pre-parse pass's cuts (elide.h), checked as libxml2 reaches
     * them (sax_cut). */
    const ss_elide_cut *cuts;
    size_t n_cuts, next_cut;
    const char *orig;     /* the page the bodies were cut from */
    const char *page;     /* the cut page, which libxml2 reads */
    size_t bom;           /* bytes of UTF-8 BOM that libxml2 skipped */
    size_t ev_last;       /* where libxml2's input stood at its last event */
    size_t ev_prev;       /* ... and at the event before that stood
                             elsewhere (SIZE_MAX: none, or raw text) */
    bool cut_missed;      /* libxml2 did not open a body at a cut */
    bool root_ended;      /* the root element has ended */
    bool root_descended;  /* ... after its frame was pushed */
    bool root_done;       /* nothing more is walked */
    bool nomem;           /* libxml2 reported a failed allocation */
    /* The innermost open element, while no child of it has arrived: what
     * it needs to push its frame then. */
    bool pending;
    bool p_title;         /* a <title>: only an element child pushes */
    bool p_hidden;        /* (title) hidden: its elements are not walked */
    uint32_t p_kind;
    const tagdef *p_td;
    const char *p_cls;    /* class/id copied into the arena (block-level) */
    const char *p_id;
    /* match_words() of recent class values, a slot per hash: classes
     * repeat (every item of a menu has the same ones). */
    struct {
        const char *s; /* the value (in the arena), NULL: empty */
        unsigned what;
    } cls_memo[CLS_MEMO_SLOTS];
} sax_state;

/* match_words(s) for a class value, through x->cls_memo. */
static unsigned
class_words(sax_state *x, const char *s)
{
    if (!s)
        return 0;
    uint32_t h = SS_FNV32_OFFSET;
    for (const char *p = s; *p; p++)
        h = ss_fnv32_byte(h, (unsigned char)*p);
    unsigned slot = (h ^ (h >> 16)) & (CLS_MEMO_SLOTS - 1);
    if (x->cls_memo[slot].s && strcmp(x->cls_memo[slot].s, s) == 0)
        return x->cls_memo[slot].what;
    unsigned what = match_words(s);
    x->cls_memo[slot].s = s;
    x->cls_memo[slot].what = what;
    return what;
}

/* Stop the parser after an error in the walker (out of memory, cap). */
static void
sax_fail(sax_state *x)
{
    xmlStopParser(x->ctxt);
}

/* CPU seconds used by the calling thread. */
static double
thread_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every 1024 SAX events, stop the parser once the document's time is up
 * (cfg->max_seconds). True when it stopped. */
static bool
sax_time_up(sax_state *x)
{
    walker *w = x->w;
    if (w->deadline <= 0.0 || ++w->ticks < 1024)
        return false;
    w->ticks = 0;
    if (thread_seconds() < w->deadline)
        return false;
    if (w->st == SS_OK)
        w->st = SS_ERR_LIMIT;
    w->timed_out = true;
    sax_fail(x);
    return true;
}

/*
 * libxml2's structured error callback for this parser. An allocation that
 * fails inside libxml2 2.9.14 marks the parser finished without halting
 * its input, and some of its loops then spin for ever on a character they
 * no longer advance past (htmlParseDocument at 100 % CPU). Halting the
 * parser (xmlStopParser empties its input) ends those loops; the page then
 * fails with SS_ERR_NOMEM. Other errors are ignored, as HTML_PARSE_NOERROR
 * would.
 */
static void
sax_error(void *ctx, xmlErrorPtr e)
{
    sax_state *x = ctx;
    if (!e || e->code != XML_ERR_NO_MEMORY)
        return;
    if (x->w->st == SS_OK)
        x->w->st = SS_ERR_NOMEM;
    xmlStopParser(x->ctxt);
}

/* The generic error handler while we parse: libxml2 reports failures that
 * have no parser at hand (allocations in its buffers) there, to stderr
 * unless told otherwise; the library prints nothing. */
static void quiet_error(void *ctx, const char *msg, ...)
    __attribute__((format(printf, 2, 3)));
static void
quiet_error(void *ctx, const char *msg, ...)
{
    sax_state *x = ctx; /* NULL outside a parse (xmlInitParser) */
    char text[160];
    va_list ap;
    va_start(ap, msg);
    vsnprintf(text, sizeof text, msg, ap);
    va_end(ap);
    /* e.g. "Memory allocation failed : creating input buffer": the parser
     * never started, and would otherwise look like a page without text */
    if (x && strstr(text, "Memory allocation failed"))
        x->nomem = true;
}

/* The pending element gets its first child: push its frame (and element
 * record), as the tree walk did when it descended into it. */
static void
sax_descend(sax_state *x)
{
    walker *w = x->w;
    x->pending = false;
    unsigned depth = x->n_open - 1; /* the pending element is innermost */
    if (depth == 0)
        x->root_descended = true;
    if (x->p_hidden) {
        x->skip = depth + 1;
        x->skip_button = false;
        return;
    }
    uint32_t kind = x->p_kind;
    const frame *top = &x->stack[depth < x->max_depth ? depth : x->max_depth - 1];
    if (depth + 1 >= x->max_depth) {
        w->page->limits |= SS_LIMIT_DEPTH;
        if (kind & K_A) {
            x->deep_links++;
            x->open[depth] |= OPEN_DEEP_A;
        }
        return;
    }
    frame *f = &x->stack[depth + 1];
    *f = *top;
    if (kind & K_BLOCK) {
        const tagdef *td = x->p_td;
        uint32_t ei = elem_add(w, top->elem, kind, td->name,
                               (uint16_t)(depth + 1 > 65535 ? 65535 : depth + 1));
        if (!ei) {
            sax_fail(x);
            return;
        }
        elem *e = &w->elems[ei];
        e->name_len = td->len;
        e->tflags = td->tflags;
        e->cls = x->p_cls;
        e->id = x->p_id;
        unsigned wc = class_words(x, x->p_cls);
        unsigned wi = match_words(x->p_id);
        e->weight = (int16_t)(class_weight(wc) + class_weight(wi));
        e->caption = ((wc | wi) & W_CAPTION) != 0;
        e->comment = ((wc | wi) & W_COMMENT) != 0;
        e->widget_only = ((wc | wi) & W_WIDGET_ONLY) && ((wc & W_WIDGET_ONLY) || !(wc & W_NEG)) &&
                         ((wi & W_WIDGET_ONLY) || !(wi & W_NEG));
        bool exempt = (td->tflags & T_EXEMPT) != 0;
        e->own_unlikely = !exempt && (unlikely_words(wc) || unlikely_words(wi));
        e->unlikely = w->elems[top->elem].unlikely || e->own_unlikely;
        f->elem = ei;
    }
    if (kind & K_ZONE)
        f->inh |= SS_BLK_BOILER_ZONE;
    if (kind & K_LI)
        f->inh |= SS_BLK_LISTITEM;
    if (kind & K_CELL)
        f->inh |= SS_BLK_CELL;
    if (kind & K_PRE)
        f->inh |= SS_BLK_PRE;
    if (kind & K_A)
        f->inh |= IN_A;
    if (x->p_rulehid)
        f->inh |= IN_RULEHID;
    /* A post inside a post's text (a quoted reply) has text of its own. */
    if (x->p_post & IN_POST_ITEM)
        f->inh = (f->inh & ~(uint32_t)IN_POST_TEXT) | IN_POST_ITEM;
    if (x->p_post & IN_POST_TEXT)
        f->inh |= IN_POST_TEXT;
    /* Body elements that libxml2 left inside <head> (after an unknown tag
     * or an unclosed <title>) are body text. */
    f->inh &= ~(uint32_t)IN_HEAD;
    if (kind & K_HEADEL)
        f->inh |= IN_HEAD;
}

/* A child node (text, comment, processing instruction) arrives: the
 * pending element (not a title: only elements make it walk its children)
 * descends. */
static inline void
sax_child(sax_state *x)
{
    if (x->pending && !x->p_title)
        sax_descend(x);
}

/* Arena copy of an attribute value, or NULL. */
static const char *
sax_keep(sax_state *x, const char *v)
{
    if (!v)
        return NULL;
    const char *c = ss_arena_strndup(x->w->a, v, strlen(v));
    if (!c)
        alloc_failed(x->w);
    return c;
}

/* The tags[] entry of <style>, found once by page_tables_init(). */
static const tagdef *style_tag;
static const tagdef *button_tag;

/* Append text of the <style> being read (at most CSS_CAP bytes). */
static void
css_append(walker *w, const char *s, size_t len)
{
    if (!w->css) {
        w->css = ss_arena_alloc(w->a, CSS_CAP);
        if (!w->css) {
            alloc_failed(w);
            return;
        }
    }
    size_t take = CSS_CAP - w->css_len < len ? CSS_CAP - w->css_len : len;
    memcpy(w->css + w->css_len, s, take);
    w->css_len += take;
}

/* A CSS name character. */
static inline bool
css_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* Keep the class or id that the selector s[0..n) ends with (".name",
 * "tag.name", "#name", after the last combinator), when it is one simple
 * class or id: pseudo-classes, attributes and ".a.b" are not read. */
static void
css_keep_selector(walker *w, const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    size_t a = n;
    while (a > 0 && !strchr(" \t\n\r>+~", s[a - 1]))
        a--;
    size_t mark = n;
    unsigned marks = 0;
    for (size_t i = a; i < n; i++) {
        if (s[i] == '.' || s[i] == '#') {
            mark = i;
            marks++;
        } else if (!css_name_char(s[i])) {
            return; /* ':' '[' '*' ... */
        }
    }
    size_t len = n - mark - (marks ? 1 : 0);
    if (marks != 1 || len == 0 || len >= HIDSEL_NAME || w->n_hidsel >= HIDSEL_MAX)
        return;
    for (unsigned k = 0; k < w->n_hidsel; k++)
        if (w->hidsel[k].type == s[mark] && w->hidsel[k].len == len &&
            !memcmp(w->hidsel[k].name, s + mark + 1, len))
            return;
    w->hidsel[w->n_hidsel].type = s[mark];
    w->hidsel[w->n_hidsel].len = (uint8_t)len;
    memcpy(w->hidsel[w->n_hidsel].name, s + mark + 1, len);
    w->n_hidsel++;
}

/* Read the rules of the <style> text: the selectors of each rule whose
 * declarations hide (style_hidden()) are kept. At-rules ("@media ... {")
 * are stepped into; comments are not understood. */
static void
css_read(walker *w)
{
    const char *c = w->css;
    size_t n = w->css_len;
    size_t sel = 0;
    for (size_t i = 0; i < n && w->n_hidsel < HIDSEL_MAX;) {
        const char *open = memchr(c + i, '{', n - i);
        if (!open)
            break;
        size_t j = (size_t)(open - c);
        size_t k = j + 1;
        while (k < n && c[k] != '}' && c[k] != '{')
            k++;
        if (k >= n)
            break;
        if (c[k] == '{') { /* an at-rule: its rules follow */
            sel = i = j + 1;
            continue;
        }
        char decl[256];
        size_t dl = k - j - 1 < sizeof decl - 1 ? k - j - 1 : sizeof decl - 1;
        memcpy(decl, c + j + 1, dl);
        decl[dl] = '\0';
        unsigned why = style_hidden(decl);
        if (why & (SS_HID_DISPLAY | SS_HID_VISIBILITY | SS_HID_OFFSCREEN | SS_HID_ZERO_SIZE |
                   SS_HID_FONT_ZERO)) {
            size_t p = sel;
            while (p < j && (c[p] == ' ' || c[p] == '\n' || c[p] == '\t' || c[p] == '\r'))
                p++;
            for (size_t q = p; q <= j; q++)
                if (q == j || c[q] == ',') {
                    css_keep_selector(w, c + p, q - p);
                    p = q + 1;
                }
        }
        sel = i = k + 1;
    }
    w->css_len = 0;
}

/* Does a <style> rule hide an element with this class or id? The class
 * words are split once, then each is compared with the class selectors. */
static bool
rule_hides(const walker *w, const char *cls, const char *id)
{
    size_t idl = id ? strlen(id) : 0;
    bool any_cls = false;
    for (unsigned k = 0; k < w->n_hidsel; k++) {
        if (w->hidsel[k].type != '#') {
            any_cls = true;
            continue;
        }
        if (idl == w->hidsel[k].len && !memcmp(id, w->hidsel[k].name, idl))
            return true;
    }
    if (!any_cls)
        return false;
    for (const char *p = cls; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
            e++;
        size_t wl = (size_t)(e - p);
        for (unsigned k = 0; wl && k < w->n_hidsel; k++)
            if (w->hidsel[k].type != '#' && w->hidsel[k].len == wl
                && !memcmp(p, w->hidsel[k].name, wl))
                return true;
        p = e;
    }
    return false;
}

/* <link rel="canonical" href> or <base href>: the page's own host. */
static void
take_host_link(walker *w, const char *nm, const xmlChar **atts, const char *href)
{
    if (nm[0] == 'l') {
        bool canonical = false;
        for (size_t k = 0; atts && atts[k]; k += 2)
            if (!strcmp((const char *)atts[k], "rel") && prefix_ci(att_value(atts, k), "canonical"))
                canonical = true;
        if (!canonical)
            return;
    }
    w->page->host = ss_page_url_host(href);
}

/* An element starts inside a hidden subtree: no frames, no records; block
 * elements cut the hidden run into blocks, links are remembered. */
static void
sax_start_hidden(sax_state *x, unsigned depth, uint32_t kind, const xmlChar **atts)
{
    walker *w = x->w;
    if (kind & (K_META | K_SKIP | K_TITLE | K_BR)) {
        if (kind & K_BR) {
            if (w->len > 0)
                w->pending_space = true;
            if (++w->brs >= 2)
                run_flush(w);
        }
        x->skip = depth + 1;
        x->skip_button = false;
        return;
    }
    w->brs = 0;
    const char *cls, *id, *href;
    unsigned hidden;
    uint32_t post;
    scan_attrs(atts, &cls, &id, &href, &hidden, &w->page->meta, &post);
    w->hid_why |= (uint16_t)hidden;
    if (kind & K_BLOCK) {
        x->open[depth] |= OPEN_CLOSES;
        run_flush(w);
    }
    if (kind & K_A)
        link_open(w, depth, href);
    if (w->st != SS_OK)
        sax_fail(x);
}

/* Metadata carried by elements that are not text: <html lang>, <link
 * rel=canonical>, <time datetime>, and the start of a JSON-LD <script> (its text is
 * collected by sax_text and read at its end). */
static void
sax_meta_element(sax_state *x, const char *nm, const xmlChar **atts, unsigned depth)
{
    walker *w = x->w;
    /* Called for every inline element: the first letter turns most away
     * before any string comparison. */
    char c0 = nm[0];
    if (c0 != 'h' && c0 != 'l' && c0 != 's' && c0 != 't')
        return;
    bool html = c0 == 'h' && !strcmp(nm, "html"), link = c0 == 'l' && !strcmp(nm, "link");
    bool script = c0 == 's' && !strcmp(nm, "script"), is_time = c0 == 't' && !strcmp(nm, "time");
    if (!html && !link && !script && !is_time)
        return;
    const char *rel = NULL, *href = NULL, *type = NULL, *lang = NULL, *dt = NULL;
    for (size_t k = 0; atts && atts[k]; k += 2) {
        const char *an = (const char *)atts[k];
        if (!strcmp(an, "rel"))
            rel = att_value(atts, k);
        else if (!strcmp(an, "href"))
            href = att_value(atts, k);
        else if (!strcmp(an, "type"))
            type = att_value(atts, k);
        else if (!strcmp(an, "lang") || !strcmp(an, "xml:lang"))
            lang = att_value(atts, k);
        else if (!strcmp(an, "datetime"))
            dt = att_value(atts, k);
    }
    if (is_time) {
        ss_meta_time(w->a, &w->page->meta, dt);
        return;
    }
    if (html) {
        ss_meta_lang(w->a, &w->page->meta, lang);
    } else if (link) {
        if (rel && href && !strcmp(rel, "canonical"))
            ss_meta_canonical(w->a, &w->page->meta, href);
    } else if (type && strstr(type, "ld+json") && !x->ld_depth) {
        if (!x->ld_buf)
            x->ld_buf = ss_arena_alloc(w->a, SS_META_JSONLD_CAP);
        if (x->ld_buf) {
            x->ld_depth = depth + 1;
            x->ld_len = 0;
        }
    }
}

/*
 * A <button> holds phrasing content only. A paragraph, heading, list,
 * table, section or page zone starting inside one (depth: its place in
 * open[]) means the page never closed it where libxml2 can see: a <div>
 * left open inside the button outlives </button>, which libxml2 then
 * drops, and the rest of the page would be button text (a browser closes
 * both). Reading resumes there, the button and what lay between
 * transparent (their frames are the button's parent's).
 */
static bool
button_ends(sax_state *x, const char *nm, unsigned depth)
{
    const tagdef *td = tag_lookup(nm);
    if (!td)
        return false;
    bool block = (td->kind & (K_P | K_HEAD | K_LIST | K_ZONE | K_CELL | K_PRE)) ||
                 (td->tflags & T_EXEMPT) || (td->len == 7 && !memcmp(td->name, "section", 7)) ||
                 (td->len == 5 && !memcmp(td->name, "table", 5));
    if (!block)
        return false;
    unsigned b = x->skip - 1; /* the button's depth */
    for (unsigned k = b + 1; k <= depth && k < x->max_depth; k++)
        x->stack[k] = x->stack[b < x->max_depth ? b : x->max_depth - 1];
    x->skip = 0;
    x->skip_button = false;
    return true;
}

static void
sax_start_elem(sax_state *x, const xmlChar *name, const xmlChar **atts)
{
    walker *w = x->w;
    if (x->root_done || w->st != SS_OK || sax_time_up(x))
        return;
    if (x->n_open == 0 && x->root_ended) {
        /* An element after the root ended (a second document pasted after
         * the first, or a page's text after a stray </body></html>): it is
         * read as part of the root, as browsers read it into the body
         * (libxml2's tree builder kept it beside the root when a DOCTYPE or
         * comment came first, and such pages lost their text). */
        if (!x->root_descended) {
            x->root_done = true;
            return;
        }
        x->open[0] = OPEN_GHOST;
        x->n_open = 1;
    }
    if (x->pending)
        sax_descend(x);
    if (x->n_open == x->cap_open) {
        unsigned nc = x->cap_open * 2;
        uint8_t *no = ss_arena_realloc(w->a, x->open, x->cap_open, nc);
        if (!no) {
            alloc_failed(w);
            sax_fail(x);
            return;
        }
        x->open = no;
        x->cap_open = nc;
    }
    unsigned depth = x->n_open++;
    x->open[depth] = 0;
    if (w->st != SS_OK)
        return;
    /* libxml2's tree builder drops a prefix ("o:p" is a <p>, as Word's
     * HTML has it); the tree walk saw those names. */
    const char *nm = (const char *)name;
    const char *colon = strchr(nm, ':');
    if (colon && colon != nm && colon[1])
        nm = colon + 1;
    if (x->skip && !(x->skip_button && button_ends(x, nm, depth)))
        return;
    const tagdef *td = tag_lookup(nm);
    uint32_t kind = td ? td->kind : 0;
    if (x->hide) {
        sax_start_hidden(x, depth, kind, atts);
        return;
    }
    if (!(kind & K_BR))
        w->brs = 0;
    if (!td || (kind & K_SKIP) || (td->tflags & T_ROOT))
        sax_meta_element(x, nm, atts, depth);
    if (kind & (K_META | K_BR | K_SKIP)) {
        if (kind & K_META) {
            take_meta(w, atts);
        } else if (kind & K_BR) {
            /* One <br> is a space; two in a row end the block (as
             * readability turns <br><br> into paragraphs). */
            if (w->len > 0)
                w->pending_space = true;
            if (++w->brs >= 2)
                run_flush(w);
        } else if (td == style_tag && !x->style_depth) {
            x->style_depth = depth + 1;
            w->css_len = 0;
        }
        x->skip = depth + 1;
        x->skip_button = td == button_tag;
        return;
    }
    const char *cls, *id, *href;
    unsigned hidden;
    uint32_t post;
    scan_attrs(atts, &cls, &id, &href, &hidden, &w->page->meta, &post);
    if (w->show_styled)
        hidden &= ~(unsigned)(SS_HID_DISPLAY | SS_HID_VISIBILITY | SS_HID_ZERO_SIZE);
    if (!td && href && !w->page->host && (!strcmp(nm, "base") || !strcmp(nm, "link")))
        take_host_link(w, nm, atts, href);
    if (kind & K_TITLE) {
        /* The first <title> with text is the title. An unclosed <title>
         * swallows the document in libxml2: its elements are walked as if
         * they were in the body. */
        x->open[depth] = OPEN_TITLE | (w->title_len == 0 ? OPEN_TCOLLECT : 0);
        x->pending = true;
        x->p_title = true;
        x->p_hidden = hidden != 0;
        x->p_rulehid = false;
        x->p_post = 0;
        x->p_kind = kind;
        x->p_td = td;
        x->p_cls = x->p_id = NULL;
        return;
    }
    if (kind & K_BLOCK) {
        x->open[depth] |= OPEN_CLOSES;
        run_flush(w);
    }
    if (hidden) {
        const frame *top = &x->stack[depth < x->max_depth ? depth : x->max_depth - 1];
        if (top->inh & IN_HEAD) {
            x->skip = depth + 1;
            x->skip_button = false;
            return;
        }
        hidden_enter(w, hidden, cls, id, top->elem, top->inh);
        x->hide = depth + 1;
        if (kind & K_A)
            link_open(w, depth, href);
        if (w->st != SS_OK)
            sax_fail(x);
        return;
    }
    if (kind & K_A)
        link_open(w, depth, href);
    x->pending = true;
    x->p_title = false;
    x->p_hidden = false;
    x->p_rulehid = w->n_hidsel && (cls || id) && rule_hides(w, cls, id);
    x->p_post = post;
    x->p_kind = kind;
    x->p_td = td;
    x->p_cls = (kind & K_BLOCK) ? sax_keep(x, cls) : NULL;
    x->p_id = (kind & K_BLOCK) ? sax_keep(x, id) : NULL;
    if (w->st != SS_OK)
        sax_fail(x);
}

static void sax_text(void *ctx, const xmlChar *ch, int len);

/* The offset in the cut page where libxml2's input stands. */
static size_t
sax_offset(const sax_state *x)
{
    const xmlParserInputPtr in = x->ctxt->input;
    return x->bom + (size_t)in->consumed + (size_t)(in->cur - in->base);
}

/* Where the event that reaches cut c ends in the cut page: the byte after
 * a script or style start tag's '>', after a comment's final '>'. */
static size_t
cut_event_end(const sax_state *x, const ss_elide_cut *c)
{
    if (c->kind != SS_ELIDE_COMMENT)
        return c->at;
    /* "<!---->", or "<!----!>" when the original ended with "--!>" */
    return (size_t)c->at + (x->orig[(size_t)c->src + c->len + 2] == '>' ? 3 : 4);
}

/* libxml2 has not read the cut page as the pre-parse pass did: it is
 * given up (parse_html parses the original). */
static void
sax_cut_missed(sax_state *x)
{
    x->cut_missed = true;
    xmlStopParser(x->ctxt);
}

/*
 * An event of kind (SS_ELIDE_*) that ends at offset end, if it is one that
 * can reach a cut (matches: a start tag that ends with '>', an empty
 * comment), against the next cut of the pre-parse pass: the cut it
 * reaches is returned; a cut before end was passed without libxml2 reading
 * that construct there, so the cut page is given up (parse_html parses
 * the original). Otherwise NULL. (An attribute cut is reached by its start
 * tag only, in sax_attr_cuts: any other event past its opening quote
 * passes it.)
 */
static const ss_elide_cut *
sax_cut(sax_state *x, unsigned kind, size_t end, bool matches)
{
    const ss_elide_cut *c = &x->cuts[x->next_cut];
    if (c->kind == SS_ELIDE_ATTR) {
        if (end >= c->at)
            sax_cut_missed(x);
        return NULL;
    }
    size_t want = cut_event_end(x, c);
    if (end < want)
        return NULL; /* before the next cut */
    if (end == want && c->kind == kind && matches) {
        x->next_cut++;
        return c;
    }
    sax_cut_missed(x);
    return NULL;
}

/* Note an event libxml2 reports with its input at offset o of the cut
 * page (SIZE_MAX: raw text, which proves nothing), for sax_attr_cuts. */
static inline void
sax_note(sax_state *x, size_t o)
{
    if (o != x->ev_last) {
        x->ev_prev = x->ev_last;
        x->ev_last = o;
    }
}

/* Does libxml2's attribute list hold the cut attribute of c (its name
 * lower-cased, as libxml2 has it), first of its name, with the value the
 * cut left (empty, or the c->keep bytes before the cut, which libxml2
 * passes as they are)? (libxml2 keeps the first of two alike.) */
static bool
sax_attr_left(const sax_state *x, const ss_elide_cut *c, const xmlChar **atts)
{
    const unsigned char *nm = (const unsigned char *)x->orig + c->name;
    for (size_t k = 0; atts && atts[k]; k += 2) {
        const xmlChar *an = atts[k];
        size_t i = 0;
        while (i < c->nlen && an[i] == (nm[i] >= 'A' && nm[i] <= 'Z' ? nm[i] + 32 : nm[i]))
            i++;
        if (i != c->nlen || an[i] != '\0')
            continue;
        const char *v = (const char *)atts[k + 1];
        return v && strlen(v) == c->keep && memcmp(v, x->orig + c->src - c->keep, c->keep) == 0;
    }
    return false;
}

/* Bytes of libxml2's names (htmlParseHTMLName): after the first, and the
 * first. */
static inline bool
html_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == ':' || c == '-' || c == '_' || c == '.';
}

static inline bool
html_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ':' || c == '_' || c == '.';
}

/*
 * Does an event with libxml2's input at offset e of the cut page put it in
 * its content loop at offset t, the '<' of a start tag? It does if e is t,
 * or the '<' of a run of end tags up to t ("</" and a name, read to the
 * first '>': libxml2 sends nothing for one that closes nothing), and the
 * byte before e is no name's (an event there from inside another start
 * tag, after its name, would be in that tag; the pass checked the byte
 * before t).
 */
static bool
sax_reaches(const sax_state *x, size_t e, size_t t)
{
    if (e > t)
        return false;
    const unsigned char *p = (const unsigned char *)x->page;
    if (e < t && (e == 0 || html_name_char(p[e - 1])))
        return false;
    while (e < t) {
        if (t - e < 4 || p[e] != '<' || p[e + 1] != '/' || !html_name_start(p[e + 2]))
            return false;
        const unsigned char *g = memchr(p + e + 3, '>', t - e - 3);
        if (!g)
            return false;
        e = (size_t)(g - p) + 1;
    }
    return true;
}

/*
 * A start tag whose end (its '>', or the '/' of "/>") is at offset o,
 * with its attributes, against the attribute cuts due there: each must be
 * in this tag, the tag must start where the pass saw it, and the value
 * must arrive as the cut left it; else the cut page is given up. The tag
 * started at c->tag_at if libxml2's input stood there, or at end tags
 * before it (sax_reaches), at an event before it (or at the one before the
 * events libxml2 sends from inside the tag, after its name: the elements
 * it closes or opens unasked): with its input at a '<' that follows no
 * byte of a name, an event leaves libxml2 in its content loop (an end
 * tag's, a comment's or an instruction's event stands after its '>',
 * text's at the '<' that ends it; a start tag's stands at its '>' and
 * counts as one after it unless a raw body follows; raw text is not
 * counted, it can break off anywhere; see elide.h).
 */
static void
sax_attr_cuts(sax_state *x, size_t o, const xmlChar **atts)
{
    while (x->next_cut < x->n_cuts && x->cuts[x->next_cut].kind == SS_ELIDE_ATTR) {
        const ss_elide_cut *c = &x->cuts[x->next_cut];
        if (o < c->at)
            return; /* a tag before it, or one libxml2 opens unasked inside it */
        bool started = sax_reaches(x, x->ev_last, c->tag_at) ||
                       (x->ev_last > c->tag_at && x->ev_last < c->at &&
                        sax_reaches(x, x->ev_prev, c->tag_at));
        if (o != c->gt_at || !started || !sax_attr_left(x, c, atts)) {
            sax_cut_missed(x);
            return;
        }
        x->next_cut++;
    }
}

/* SS_ELIDE_SCRIPT or SS_ELIDE_STYLE for the elements whose text libxml2
 * reads raw, else 0. */
static unsigned
raw_kind(const char *name)
{
    return name[0] == 's' && !strcmp(name, "script")  ? SS_ELIDE_SCRIPT
           : name[0] == 's' && !strcmp(name, "style") ? SS_ELIDE_STYLE
                                                      : 0;
}

/*
 * The text events of a cut body, as libxml2 would have sent them after
 * the start tag: the body from the original page, less the characters
 * libxml2 drops from raw text (U+FFFE and U+FFFF are not XML characters;
 * the decoder leaves no other such byte). How libxml2 splits a body into
 * events does not matter to sax_text.
 */
static void
sax_cut_body(sax_state *x, const ss_elide_cut *c)
{
    if (x->ctxt->instate == XML_PARSER_EOF)
        return; /* the parser was stopped: it would read no more */
    const char *piece = x->orig + c->src, *end = piece + c->len, *p = piece;
    while ((p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
        if (end - p >= 3 && (unsigned char)p[1] == 0xBFu && ((unsigned char)p[2] & 0xFEu) == 0xBEu) {
            if (p > piece)
                sax_text(x, (const xmlChar *)piece, (int)(p - piece));
            piece = p + 3;
            p += 3;
        } else {
            p++;
        }
    }
    if (end > piece)
        sax_text(x, (const xmlChar *)piece, (int)(end - piece));
}

static void
sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    sax_state *x = ctx;
    const ss_elide_cut *cut = NULL;
    if (x->next_cut < x->n_cuts) {
        /* startElement comes before libxml2 reads the tag's '>' */
        size_t o = sax_offset(x);
        bool gt = *x->ctxt->input->cur == '>';
        unsigned raw = raw_kind((const char *)name);
        sax_attr_cuts(x, o, atts);
        if (raw && !x->cut_missed && x->next_cut < x->n_cuts)
            cut = sax_cut(x, raw, o + 1, gt);
        /* after a '>', libxml2's content loop goes on, or raw text */
        sax_note(x, raw ? SIZE_MAX : gt ? o + 1 : o);
        if (x->cut_missed)
            return;
    }
    sax_start_elem(x, name, atts);
    if (cut)
        sax_cut_body(x, cut);
}

static void
sax_end(void *ctx, const xmlChar *name)
{
    sax_state *x = ctx;
    walker *w = x->w;
    (void)name;
    if (x->next_cut < x->n_cuts)
        sax_note(x, sax_offset(x));
    if (x->root_done || x->n_open == 0)
        return;
    unsigned depth = --x->n_open;
    uint8_t fl = x->open[depth];
    x->pending = false; /* only ever the innermost element */
    if (x->style_depth == depth + 1) {
        css_read(w);
        x->style_depth = 0;
    }
    if (x->skip && depth + 1 > x->skip)
        return;
    if (x->ld_depth == depth + 1) {
        ss_meta_jsonld(w->a, &w->page->meta, x->ld_buf, x->ld_len);
        x->ld_depth = 0;
    }
    if (x->skip == depth + 1)
        x->skip = 0;
    if (x->hide) {
        link_close(w, depth);
        if (depth + 1 > x->hide) {
            if ((fl & OPEN_CLOSES) && w->st == SS_OK)
                run_flush(w);
            return;
        }
        hidden_leave(w); /* the hidden element itself ends */
        x->hide = 0;
    } else {
        link_close(w, depth);
    }
    if ((fl & OPEN_DEEP_A) && x->deep_links)
        x->deep_links--;
    if ((fl & OPEN_CLOSES) && w->st == SS_OK)
        run_flush(w);
    if (x->n_open == 1 && (x->open[0] & OPEN_GHOST))
        x->n_open = 0; /* text between such elements has no parent node */
    else if (x->n_open == 0)
        x->root_ended = true;
}

static void
sax_text(void *ctx, const xmlChar *ch, int len)
{
    sax_state *x = ctx;
    walker *w = x->w;
    if (x->root_done || x->n_open == 0 || w->st != SS_OK || len <= 0 ||
        sax_time_up(x))
        return;
    sax_child(x);
    uint8_t fl = x->open[x->n_open - 1];
    if (fl & OPEN_TITLE) {
        if (fl & OPEN_TCOLLECT)
            title_append(w, (const char *)ch, (size_t)len);
        return;
    }
    if (x->style_depth && x->n_open == x->style_depth) {
        css_append(w, (const char *)ch, (size_t)len);
        return;
    }
    if (x->ld_depth && x->skip == x->ld_depth) {
        size_t n = (size_t)len;
        if (n > SS_META_JSONLD_CAP - x->ld_len)
            n = SS_META_JSONLD_CAP - x->ld_len;
        memcpy(x->ld_buf + x->ld_len, ch, n);
        x->ld_len += n;
        return;
    }
    if (x->skip)
        return;
    if (x->hide) {
        run_append(w, (const char *)ch, (size_t)len, w->link_open, 0, 0);
        return;
    }
    unsigned d = x->n_open; /* depth of the text node */
    const frame *top = &x->stack[d < x->max_depth ? d : x->max_depth - 1];
    if (!(top->inh & IN_HEAD)) {
        run_append(w, (const char *)ch, (size_t)len, (top->inh & IN_A) != 0 || x->deep_links > 0,
                   top->elem, top->inh);
        if ((top->inh & SS_BLK_PRE) && w->len > 0)
            w->run_code = true;
    }
    if (w->st != SS_OK)
        sax_fail(x);
}

/* libxml2's text (characters): noted for the attribute cuts. */
static void
sax_chars(void *ctx, const xmlChar *ch, int len)
{
    sax_state *x = ctx;
    if (x->next_cut < x->n_cuts)
        sax_note(x, sax_offset(x));
    sax_text(ctx, ch, len);
}

/* libxml2's raw text (cdataBlock: script and style bodies), which can
 * break off at any byte: it proves nothing to the attribute cuts. */
static void
sax_raw(void *ctx, const xmlChar *ch, int len)
{
    sax_state *x = ctx;
    if (x->next_cut < x->n_cuts)
        sax_note(x, SIZE_MAX);
    sax_text(ctx, ch, len);
}

/* A comment or processing instruction: the pending element descends. */
static void
sax_misc(sax_state *x)
{
    if (!x->root_done && x->n_open > 0 && x->w->st == SS_OK)
        sax_child(x);
}

/* A comment (its text is not read): a cut comment is the empty one the
 * cut page holds, reported just after its '>'. */
static void
sax_comment(void *ctx, const xmlChar *value)
{
    sax_state *x = ctx;
    if (x->next_cut < x->n_cuts) {
        size_t o = sax_offset(x);
        (void)sax_cut(x, SS_ELIDE_COMMENT, o, value && !value[0]);
        sax_note(x, o);
        if (x->cut_missed)
            return;
    }
    sax_misc(x);
}

static void
sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    sax_state *x = ctx;
    (void)target;
    (void)data;
    if (x->next_cut < x->n_cuts)
        sax_note(x, sax_offset(x));
    sax_misc(x);
}

/* ------------------------------------------------------------------ */
/* Text input                                                         */

/* True if the collapsed text ends with sentence punctuation. */
static bool
ends_sentence(const char *t, uint32_t len)
{
    if (len == 0)
        return false;
    unsigned char c = (unsigned char)t[len - 1];
    if (c == '"' || c == '\'' || c == ')') {
        if (len < 2)
            return false;
        c = (unsigned char)t[len - 2];
    }
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',')
        return true;
    /* ” ’ after punctuation, or CJK full stop */
    if (len >= 3 && (unsigned char)t[len - 3] == 0xE2u && (unsigned char)t[len - 2] == 0x80u &&
        ((unsigned char)t[len - 1] == 0x9Du || (unsigned char)t[len - 1] == 0x99u))
        return len >= 4 && strchr(".!?", t[len - 4]) != NULL;
    if (len >= 3 && (unsigned char)t[len - 3] == 0xE3u && (unsigned char)t[len - 2] == 0x80u &&
        (unsigned char)t[len - 1] == 0x82u)
        return true;
    return false;
}

/* Split text into one block per non-empty line. */
/* The plain-text reader's deadline check (cfg->max_seconds), as
 * sax_time_up: every 1024 lines or 256-byte pieces of a line. */
static bool
text_time_up(walker *w)
{
    if (w->deadline <= 0.0 || ++w->ticks < 1024)
        return false;
    w->ticks = 0;
    if (thread_seconds() < w->deadline)
        return false;
    if (w->st == SS_OK)
        w->st = SS_ERR_LIMIT;
    w->timed_out = true;
    return true;
}

static void
parse_text(walker *w, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && w->st == SS_OK && !text_time_up(w)) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        /* Copy the line NUL-terminated into the scratch run. */
        size_t l = e - i;
        const char *line = s + i;
        while (l > 0 && (*line == ' ' || *line == '\t' || *line == '\r')) {
            line++;
            l--;
        }
        uint32_t extra = 0;
        if (l >= 2 && line[0] == '-' && (line[1] == ' ' || line[1] == '\t')) {
            extra = SS_BLK_LISTITEM;
            line += 2;
            l -= 2;
        } else if (l >= 4 && (unsigned char)line[0] == 0xE2u && (unsigned char)line[1] == 0x80u &&
                   (unsigned char)line[2] == 0xA2u && line[3] == ' ') { /* "• " */
            extra = SS_BLK_LISTITEM;
            line += 4;
            l -= 4;
        }
        /* run_append wants NUL-terminated input: feed it in pieces. */
        char piece[257];
        size_t k = 0;
        while (k < l && !text_time_up(w)) {
            size_t n = l - k < 256 ? l - k : 256;
            /* Do not split a UTF-8 sequence between pieces. */
            while (n < l - k && n > 0 && ((unsigned char)line[k + n] & 0xC0u) == 0x80u)
                n--;
            if (n == 0)
                n = l - k < 256 ? l - k : 256;
            memcpy(piece, line + k, n);
            piece[n] = '\0';
            run_append(w, piece, strlen(piece), false, 0, extra);
            k += n;
        }
        w->run_inh = extra;
        if (w->len > 0) {
            uint32_t before = w->page->n_blocks;
            run_flush(w);
            if (w->page->n_blocks > before) {
                ss_block *b = &w->page->blocks[before];
                b->flags = (b->flags & ~(uint32_t)SS_BLK_DIVTEXT) | extra;
                b->path = "line";
                b->attrs = "";
                b->depth = 0;
                b->parent_id = 0;
                bool punct = ends_sentence(b->text, b->len);
                if (!extra && (b->len >= 120 || (b->n_words >= 12 && punct)))
                    b->flags |= SS_BLK_PARA;
                else if (!extra && b->n_words <= 12 && !punct)
                    b->flags |= SS_BLK_HEADING;
            }
        }
        w->len = 0;
        w->pending_space = false;
        i = e + 1;
    }
}

/* A breadcrumb line on its own ("Location:Home > Business > Regional"):
 * path separators, and no more than a few words after the last one (a
 * headline glued to the breadcrumb, as scrapers produce, is not this). */
static bool
text_breadcrumb_only(const ss_block *b)
{
    const char *last = NULL;
    for (const char *p = b->text; (p = strstr(p, " > ")) != NULL; p += 3)
        last = p + 3;
    if (!last)
        return false;
    unsigned words = 0;
    for (const char *p = last; *p; p++)
        if (*p != ' ' && (p == last || p[-1] == ' '))
            words++;
    return words <= 4;
}

/*
 * Text: the title is the first line that is not a bare breadcrumb; the
 * headline is a following line repeated inside it (breadcrumb + headline
 * + site name glued together, as scraped). Without such a repeat, a short
 * title line is the headline itself; a first line that reads like a
 * paragraph is not a headline at all (plain documents, messages).
 */
static void
text_titles(walker *w)
{
    ss_page *pg = w->page;
    if (pg->n_blocks == 0)
        return;
    uint32_t t = 0;
    while (t + 1 < pg->n_blocks && t < 3 && text_breadcrumb_only(&pg->blocks[t]))
        t++;
    pg->title = pg->blocks[t].text;
    for (uint32_t i = t + 1; i < pg->n_blocks && i < t + 4; i++) {
        const ss_block *b = &pg->blocks[i];
        if (b->n_words >= 3 && strstr(pg->blocks[t].text, b->text)) {
            pg->title_block = i;
            return;
        }
    }
    if (!(pg->blocks[t].flags & SS_BLK_PARA))
        pg->title_block = t;
}

/* A short line that can head a text list. */
static bool
text_heading_like(const ss_block *b)
{
    return !(b->flags & SS_BLK_LISTITEM) && b->n_words <= 5 && !ends_sentence(b->text, b->len);
}

/* Add a widget; false when out of memory. */
static bool
widget_add(walker *w, uint32_t heading, uint32_t first, uint32_t n)
{
    ss_page *pg = w->page;
    ss_widget *nw = ss_arena_realloc(w->a, pg->widgets, (size_t)pg->n_widgets * sizeof *nw,
                                     (size_t)(pg->n_widgets + 1) * sizeof *nw);
    if (!nw) {
        alloc_failed(w);
        return false;
    }
    pg->widgets = nw;
    ss_widget *wd = &nw[pg->n_widgets];
    wd->heading = heading;
    wd->first = first;
    wd->n_items = n;
    float sum = 0.0f;
    for (uint32_t k = 0; k < n; k++) {
        sum += pg->blocks[first + k].link_share;
        pg->blocks[first + k].widget = pg->n_widgets;
    }
    wd->link_share = n ? sum / (float)n : 0.0f;
    if (heading != SS_NONE)
        pg->blocks[heading].widget = pg->n_widgets;
    pg->n_widgets++;
    return true;
}

/* Text widgets: a short heading line then >= 3 list items or short
 * headline-like lines; or a run of >= 3 list items. */
static void
text_widgets(walker *w)
{
    ss_page *pg = w->page;
    uint32_t i = 0;
    while (i < pg->n_blocks && w->st == SS_OK) {
        uint32_t heading = SS_NONE;
        uint32_t start = i;
        if (i != pg->title_block && i > 0 && text_heading_like(&pg->blocks[i]) &&
            i + 1 < pg->n_blocks) {
            heading = i;
            start = i + 1;
        }
        uint32_t j = start;
        if (j < pg->n_blocks && (pg->blocks[j].flags & SS_BLK_LISTITEM)) {
            while (j < pg->n_blocks && (pg->blocks[j].flags & SS_BLK_LISTITEM) &&
                   pg->blocks[j].n_words <= 40)
                j++;
        } else if (heading != SS_NONE) {
            while (j < pg->n_blocks && !(pg->blocks[j].flags & SS_BLK_LISTITEM) &&
                   pg->blocks[j].n_words <= 25 && pg->blocks[j].len <= 250 &&
                   !(pg->blocks[j].n_words <= 3 && text_heading_like(&pg->blocks[j]) && j > start))
                j++;
        }
        if (j - start >= 3) {
            if (!widget_add(w, heading, start, j - start))
                return;
            i = j;
            continue;
        }
        i++;
    }
}

/*
 * Text roles: paragraphs after the headline and outside widgets, and
 * everything between the first and last of them, are MAIN; widgets, the
 * lines before the first paragraph (breadcrumb, title, slogan, date line)
 * and lines repeating the title are BOILER. A document without any
 * paragraph-like line (a message, a list of short lines) is all MAIN but
 * its widgets, so --clean never loses a plain text.
 */
static void
text_roles(walker *w)
{
    ss_page *pg = w->page;
    uint32_t first = SS_NONE;
    uint32_t last = SS_NONE;
    uint32_t after = pg->title_block != SS_NONE ? pg->title_block + 1 : 0;
    for (uint32_t i = after; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        if ((b->flags & SS_BLK_PARA) && b->widget == SS_NONE) {
            if (first == SS_NONE)
                first = i;
            last = i;
        }
    }
    if (first == SS_NONE) {
        if (after >= pg->n_blocks) { /* a one-line document is its text */
            pg->title_block = SS_NONE;
            after = 0;
        }
        first = after;
        last = pg->n_blocks ? pg->n_blocks - 1 : 0;
    }
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        ss_block *b = &pg->blocks[i];
        bool repeats_title = pg->title_block != SS_NONE && b->n_words >= 3 &&
                             strstr(pg->title, b->text) != NULL;
        if (i >= first && i <= last && b->widget == SS_NONE && !repeats_title)
            b->role = SS_ROLE_MAIN;
        else
            b->role = SS_ROLE_BOILER;
    }
    if (pg->title_block != SS_NONE) {
        pg->blocks[pg->title_block].role = SS_ROLE_TITLE;
        pg->blocks[pg->title_block].flags |= SS_BLK_TITLE | SS_BLK_HEADING;
        pg->blocks[pg->title_block].heading_level = 1;
    }
}

/* ------------------------------------------------------------------ */
/* HTML page parts                                                    */

/* HTML title block: the h1 repeating the title, else the first h1 outside
 * header/nav, else a heading the title starts with. */
static void
html_titles(walker *w)
{
    ss_page *pg = w->page;
    const char *t = pg->title ? pg->title : "";
    const char *og = pg->og_title;
    uint32_t first_h1 = SS_NONE;
    uint32_t best = SS_NONE;
    uint32_t limit = pg->n_blocks < 400 ? pg->n_blocks : 400;
    for (uint32_t i = 0; i < limit; i++) {
        const ss_block *b = &pg->blocks[i];
        if (!(b->flags & SS_BLK_HEADING) || b->len < 4)
            continue;
        bool match = (og && strstr(og, b->text)) || (*t && strstr(t, b->text));
        if (b->heading_level == 1) {
            if (match) {
                best = i;
                break;
            }
            if (first_h1 == SS_NONE && !(b->flags & SS_BLK_BOILER_ZONE))
                first_h1 = i;
        } else if (match && b->n_words >= 3 && best == SS_NONE && first_h1 == SS_NONE) {
            best = i;
        }
    }
    if (best == SS_NONE)
        best = first_h1 != SS_NONE ? first_h1 : w->h1_block;
    pg->title_block = best;
    if (best != SS_NONE)
        pg->blocks[best].flags |= SS_BLK_TITLE;
}

/* An HTML block that can be a list-widget item. */
static bool
html_item_like(const ss_block *b)
{
    return (b->flags & SS_BLK_LISTITEM || b->link_share >= 0.5f) && b->n_words <= 30 &&
           !(b->flags & SS_BLK_HEADING) && !(b->flags & SS_BLK_TITLE);
}

/* HTML widgets: runs of >= 3 short items that are mostly links (ul/ol of
 * links, div of links), with the heading just before them if any; or a
 * heading followed by >= 3 short list items. */
static void
html_widgets(walker *w)
{
    ss_page *pg = w->page;
    uint32_t i = 0;
    while (i < pg->n_blocks && w->st == SS_OK) {
        if (!html_item_like(&pg->blocks[i])) {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        float sum = pg->blocks[i].link_share;
        bool all_short = pg->blocks[i].n_words <= 20;
        while (j < pg->n_blocks && html_item_like(&pg->blocks[j])) {
            const ss_block *p = &pg->blocks[j - 1];
            const ss_block *b = &pg->blocks[j];
            /* List items of one widget share their ul/ol. */
            if (((p->flags | b->flags) & SS_BLK_LISTITEM) && p->parent_id != b->parent_id)
                break;
            sum += b->link_share;
            all_short = all_short && b->n_words <= 20;
            j++;
        }
        uint32_t n = j - i;
        uint32_t heading = SS_NONE;
        if (i > 0) {
            const ss_block *h = &pg->blocks[i - 1];
            if (h->widget == SS_NONE && h->link_share < 0.5f && !(h->flags & SS_BLK_TITLE) &&
                ((h->flags & SS_BLK_HEADING) || (h->n_words <= 6 && !ends_sentence(h->text, h->len))))
                heading = i - 1;
        }
        bool linked = sum / (float)n >= 0.5f;
        bool listed = heading != SS_NONE && all_short &&
                      (pg->blocks[i].flags & SS_BLK_LISTITEM);
        if (n >= 3 && (linked || listed)) {
            if (!widget_add(w, heading, i, n))
                return;
        }
        i = j;
    }
}

/* Base score of a container by tag (readability's initializeNode). */
static float
tag_base(const elem *e)
{
    if (e->tflags & T_BASE5)
        return 5.0f;
    if (e->tflags & T_BASE3)
        return 3.0f;
    if (e->kind & (K_LIST | K_LI) || (e->tflags & T_BASEM3))
        return -3.0f;
    if (e->kind & K_HEAD || (e->tflags & T_TH))
        return -5.0f;
    return 0.0f;
}

/* Commas (ASCII, fullwidth, ideographic) in collapsed text. */
static unsigned
count_commas(const char *t, uint32_t len)
{
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t highs = 0x8080808080808080ull;
    const uint64_t lows = 0x7F7F7F7F7F7F7F7Full;
    unsigned n = 0;
    for (uint32_t i = 0; i < len; i++) {
        /* Skip eight bytes holding no ',' and no non-ASCII byte (the
         * zero-byte test on x ^ ",,,,,,,," is exact per byte). */
        while (i + 8u <= len) {
            uint64_t x;
            memcpy(&x, t + i, 8);
            uint64_t y = x ^ (ones * (uint64_t)',');
            uint64_t comma = ~(((y & lows) + lows) | y) & highs;
            if ((x & highs) | comma)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = (unsigned char)t[i];
        if (c == ',')
            n++;
        else if (c == 0xEFu && i + 2 < len && (unsigned char)t[i + 1] == 0xBCu &&
                 (unsigned char)t[i + 2] == 0x8Cu)
            n++;
        else if (c == 0xE3u && i + 2 < len && (unsigned char)t[i + 1] == 0x80u &&
                 (unsigned char)t[i + 2] == 0x81u)
            n++;
    }
    return n;
}

/* Figure captions are not article text: figcaption/figure, or a class
 * or id with "caption" on the block or its two nearest containers. */
static bool
is_caption(const walker *w, uint32_t e)
{
    for (unsigned k = 0; e && k < 3; k++, e = w->elems[e].parent) {
        const elem *x = &w->elems[e];
        if ((x->tflags & T_FIG) || x->caption)
            return true;
        /* A quotation in a figure (a testimonial and its author) is not
         * the figure's caption. */
        if (x->name_len == 10 && !memcmp(x->name, "blockquote", 10))
            return false;
    }
    return false;
}

/* A <noscript> is read (a crawler sees it; Discourse forums serve the
 * whole thread there), but a short one is a "please enable JavaScript"
 * notice, not content. */
static bool
short_noscript(const elem *e)
{
    return e->name_len == 8 && !memcmp(e->name, "noscript", 8) && e->text < 200;
}

/* Deep wrappers (page builders nest ten divs) sit above the five levels a
 * paragraph's score reaches, so an unscored or low-scored container with a
 * chrome-sounding class ("elementor-widget-container") would count as
 * chrome although it holds the article. Its unlinked text stands in for
 * the score it did not get: one point per 100 bytes (per 50 when its only
 * chrome word is "widget"). */
static float
content_floor(const elem *e, float content)
{
    /* "widget" names boxes of every kind (a product box in an article,
     * a section of a course catalogue): a widget holding a paragraph or
     * two is content */
    float per = e->widget_only ? 50.0f : 100.0f;
    float own = (float)(e->text > e->link ? e->text - e->link : 0) / per;
    if (e->text && (float)e->link > 0.3f * (float)e->text)
        own = 0.0f;
    return own > content ? own : content;
}

/* A block that reads as content wherever it sits: (almost) unlinked
 * text, outside the boilerplate zones and chrome-named subtrees. Teasers
 * of other stories carry their linked headline and do not count. */
static bool
good_block(const walker *w, uint32_t i)
{
    const ss_block *b = &w->page->blocks[i];
    const elem *E = w->elems;
    if (b->link_share >= 0.15f || E[w->blk_elem[i]].unlikely)
        return false;
    if (!(b->flags & SS_BLK_BOILER_ZONE))
        return true;
    if (!w->unzoned)
        return false;
    /* the zone it was read in may have lost its mark */
    unsigned hops = 0;
    for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
        if (E[e].kind & K_ZONE)
            return false;
    return true;
}

/* Pages made of many sections (services, listings, product pages) spread
 * their text over siblings, and the best-scored container holds one of
 * them. Climb while an ancestor holds more than twice the content-looking
 * text of the region so far (an article's container already holds most of
 * it and stays put), up to a zone, a comment box, the body, or a container
 * whose text is more than 40 % links. */
static uint32_t
widen_by_text(const walker *w, uint32_t top)
{
    const elem *E = w->elems;
    uint32_t cur = top;
    unsigned hops = 0;
    for (uint32_t p = top ? E[top].parent : 0; p && hops < ANCESTOR_CAP; p = E[p].parent, hops++) {
        if (E[p].tflags & T_ROOT)
            break;
        /* Above a chrome-named ancestor the region would drop itself. */
        if ((E[p].kind & K_ZONE) || E[p].comment || E[p].weight < 0)
            break;
        if (E[p].text && (float)E[p].link > 0.4f * (float)E[p].text)
            break;
        if ((float)E[p].good > 2.0f * (float)E[cur].good)
            cur = p;
    }
    return cur;
}

/* A sibling of the region that is plain content by every sign but the
 * prose score: text (at most 10 % links) outside chrome (the specification
 * table beside a product description, a facts box beside a service
 * text). */
static bool
plain_sibling(const elem *e)
{
    return e->weight >= 0 && !(e->kind & K_ZONE) && !e->comment && !e->unlikely &&
           e->text >= 40 && (float)e->link <= 0.1f * (float)e->text;
}

/* The page's own word for its main content: a <main> element (HTML5) at
 * or above the best candidate is the region, so that service, product and
 * listing pages made of many sibling sections keep all of them, not only
 * the one section with the most prose. Chrome inside it (zones, link
 * lists, negative class words) is still dropped block by block. When the
 * candidate already holds most of main's unlinked text (an article whose
 * <main> also has teasers of other stories) it stays the region. */
static uint32_t
widen_to_main(const walker *w, uint32_t top)
{
    const elem *E = w->elems;
    unsigned hops = 0;
    for (uint32_t e = top; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
        if (E[e].tflags & T_ROOT)
            break;
        if (E[e].name_len == 4 && !memcmp(E[e].name, "main", 4)) {
            float ut = (float)(E[top].text - E[top].link);
            float um = (float)(E[e].text - E[e].link);
            return um > 1.6f * ut ? e : top;
        }
        /* The best candidate sits in what would be chrome from higher up
         * (an article inside a <header>, posts in a "comments" box): the
         * wider region would drop it. */
        if (e != top && ((E[e].kind & K_ZONE) || E[e].comment || E[e].weight < 0))
            break;
    }
    return top;
}

/* Is e inside a cookie-consent panel (class weight -100 or below, below
 * the root and not holding all page_text bytes of the page: a wrapper
 * class "cookies-accepted" is not one)? Its text is long and unlinked,
 * and the second pass, which keeps chrome-named subtrees, would otherwise
 * take it for the article. */
static bool
in_consent_panel(const elem *E, uint32_t e, size_t page_text)
{
    unsigned hops = 0;
    for (; e && hops < ANCESTOR_CAP && !(E[e].tflags & T_ROOT); e = E[e].parent, hops++)
        if (E[e].weight <= -100 && (size_t)E[e].text < page_text)
            return true;
    return false;
}

/* Is e inside (or equal to) a? */
static bool
is_within(const elem *E, uint32_t a, uint32_t e)
{
    unsigned hops = 0;
    for (; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
        if (e == a)
            return true;
    return false;
}

/*
 * A linked block in the region (headlink[i] set by html_roles_pass(): a
 * heading, or a line that is mostly a link) is the title of an item when
 * it differs from the previous one and the block after it is main
 * content within the same small container (the title's parent or
 * grandparent holds both): a teaser's headline above its kept summary or
 * date, a product card's name above its price. When there
 * are ITEM_HEADLINES_MIN or more, they become main content too. main_bytes
 * is the text found.
 */
static void
item_headlines(walker *w,
               const uint8_t *headlink,
               size_t main_bytes)
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    size_t bodies = 0;
    unsigned items = 0;
    /* Two passes: count the items, then take them when there are
     * several (one linked headline is the article's own, or a crumb)
     * and what follows them is half the text found or more (teasers or
     * sponsored links beside an article are not). */
    for (int pass = 0; pass < 2; pass++) {
        const ss_block *prev = NULL;
        for (uint32_t i = 0; i + 1 < pg->n_blocks; i++) {
            if (!headlink[i] || pg->blocks[i + 1].role != SS_ROLE_MAIN)
                continue;
            const ss_block *b = &pg->blocks[i];
            uint32_t owner = w->blk_elem[i];
            uint32_t up = E[owner].parent ? E[E[owner].parent].parent : 0;
            if (!up || !is_within(E, up, w->blk_elem[i + 1]))
                continue;
            /* Titles differ; a share bar or a "read more" repeats. */
            bool again = prev && prev->len == b->len && !memcmp(prev->text, b->text, b->len);
            prev = b;
            if (again)
                continue;
            if (pass == 0) {
                items++;
                bodies += pg->blocks[i + 1].len;
                continue;
            }
            pg->blocks[i].role = SS_ROLE_MAIN;
        }
        if (items < ITEM_HEADLINES_MIN || 2 * bodies < main_bytes)
            break;
    }
}

/* Main-content estimate for HTML: score containers readability-style by
 * the paragraph text they hold, pick the best, add its good siblings, then
 * keep the blocks in that region that are not chrome (negative class/id
 * words, header/nav/footer/aside/form inside the region, link lists,
 * widgets). */
static size_t
html_roles_pass(walker *w, bool strip_unlikely)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    for (uint32_t e = 1; e < w->n_elems; e++) {
        E[e].scored = false;
        E[e].score = 0.0f;
    }
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        uint32_t owner = w->blk_elem[i];
        if (b->len < 25 || (b->flags & SS_BLK_HEADING) || (strip_unlikely && E[owner].unlikely))
            continue;
        float s = 1.0f + (float)count_commas(b->text, b->len) +
                  (float)(b->len / 100 < 3 ? b->len / 100 : 3);
        /* readability turns a div without block children into a p (its
         * parent is scored) and wraps loose text of other divs in p's
         * (the div itself is scored). */
        uint32_t e = ((b->flags & SS_BLK_DIVTEXT) && E[owner].n_children > 0) ? owner
                                                                               : E[owner].parent;
        for (unsigned level = 0; e && level < 5; level++, e = E[e].parent) {
            if (!E[e].scored) {
                E[e].scored = true;
                E[e].score = tag_base(&E[e]) + (float)E[e].weight;
            }
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            E[e].score += s / div;
        }
    }
    /* The five best candidates, best first. */
    uint32_t cand[5] = {0, 0, 0, 0, 0};
    size_t page_text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        page_text += pg->blocks[i].len;
    for (uint32_t e = 1; e < w->n_elems; e++) {
        if (!E[e].scored)
            continue;
        float ld = E[e].text ? (float)E[e].link / (float)E[e].text : 0.0f;
        E[e].score *= 1.0f - ld;
        if (cand[4] && E[e].score <= E[cand[4]].score)
            continue;
        if (in_consent_panel(E, e, page_text))
            continue;
        for (int k = 0; k < 5; k++) {
            if (!cand[k] || E[e].score > E[cand[k]].score) {
                for (int m = 4; m > k; m--)
                    cand[m] = cand[m - 1];
                cand[k] = e;
                break;
            }
        }
    }
    uint32_t top = cand[0];
#ifdef SS_PAGE_DEBUG
    for (int k = 0; k < 5; k++)
        if (cand[k])
            fprintf(stderr, "cand %d: elem %u <%s> score %.1f weight %d text %u link %u\n", k,
                    cand[k], E[cand[k]].name, (double)E[cand[k]].score, E[cand[k]].weight,
                    E[cand[k]].text, E[cand[k]].link);
#endif
    /* Readability.js: when >= 3 other candidates score close to the best,
     * the ancestor holding three of them is the article. */
    if (top) {
        uint32_t alt[4];
        int n_alt = 0;
        for (int k = 1; k < 5; k++)
            if (cand[k] && E[cand[k]].score >= 0.75f * E[top].score)
                alt[n_alt++] = cand[k];
        if (n_alt >= 3) {
            unsigned hops = 0;
            for (uint32_t p = E[top].parent; p && hops < ANCESTOR_CAP; p = E[p].parent, hops++) {
                if (E[p].tflags & T_ROOT)
                    break;
                int inside = 0;
                for (int k = 0; k < n_alt; k++) {
                    unsigned h2 = 0;
                    for (uint32_t q = E[alt[k]].parent; q && h2 < ANCESTOR_CAP; q = E[q].parent, h2++)
                        if (q == p) {
                            inside++;
                            break;
                        }
                }
                if (inside >= 3) {
                    top = p;
                    break;
                }
            }
        }
        /* Climb while the parents' scores rise (content spread out). */
        float last = E[top].score;
        float floor_score = last / 3.0f;
        unsigned hops = 0;
        for (uint32_t p = E[top].parent; p && hops < ANCESTOR_CAP; p = E[p].parent, hops++) {
            if (E[p].tflags & T_ROOT)
                break;
            if (!E[p].scored)
                continue;
            if (E[p].score < floor_score)
                break;
            if (E[p].score > last) {
                top = p;
                break;
            }
            last = E[p].score;
        }
        /* An only child stands for its parent. */
        hops = 0;
        while (E[top].parent && hops++ < ANCESTOR_CAP && E[E[top].parent].n_children == 1 &&
               !(E[E[top].parent].tflags & T_ROOT))
            top = E[top].parent;
    }
    top = widen_to_main(w, top);
    top = widen_by_text(w, top);
    float best = top ? E[top].score : 0.0f;
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "top: elem %u <%s> score %.1f\n", top, top ? E[top].name : "-", (double)best);
#endif
    if (top && !E[top].scored)
        best = E[cand[0]].score;
    pg->main_first = SS_NONE;
    pg->main_last = SS_NONE;
    uint32_t tparent = top ? E[top].parent : 0;
    float thr = best * 0.2f > 10.0f ? best * 0.2f : 10.0f;
    /* linked blocks in the region (NULL when the arena is out: then
     * none is taken) */
    uint8_t *headlink = pg->n_blocks ? ss_arena_calloc(w->a, pg->n_blocks, 1) : NULL;
    size_t main_bytes = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        ss_block *b = &pg->blocks[i];
        b->role = SS_ROLE_BOILER;
        if (!top)
            continue;
        uint32_t owner = w->blk_elem[i];
        /* Find the region root this block hangs from. */
        uint32_t root = 0;
        bool chrome = false;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < 4096; e = E[e].parent, hops++) {
            if (e == top) {
                root = e;
                break;
            }
            if (tparent && E[e].parent == tparent) {
                bool good_sib = E[e].scored && E[e].score >= thr;
                if (!good_sib && e == owner && (E[e].kind & K_P)) {
                    good_sib = (b->len > 80 && b->link_share < 0.25f) ||
                               (b->link_share == 0.0f && ends_sentence(b->text, b->len));
                }
                if (!good_sib)
                    good_sib = plain_sibling(&E[e]);
                if (good_sib)
                    root = e;
                break;
            }
            /* readability's conditional cleaning: class weight plus own
             * content score below zero; and the boilerplate zones. */
            if ((E[e].kind & K_ZONE) || E[e].comment || short_noscript(&E[e]))
                chrome = true;
            if (E[e].weight < 0) {
                float content = E[e].scored ? E[e].score - tag_base(&E[e]) - (float)E[e].weight
                                            : 0.0f;
                content = content_floor(&E[e], content);
                if ((float)E[e].weight + content < 0.0f)
                    chrome = true;
            }
        }
        if (!root)
            continue;
        if (root != top && !(E[root].kind & K_P) && (E[root].weight < 0 || (E[root].kind & K_ZONE)))
            continue;
        /* Unlinked lists inside the article (feature bullets) stay. */
        bool link_widget = b->widget != SS_NONE && pg->widgets[b->widget].link_share >= 0.5f;
        if (chrome || (strip_unlikely && E[owner].unlikely) || is_caption(w, owner))
            continue;
        if (link_widget || b->link_share >= 0.5f) {
            if (headlink)
                headlink[i] = 1;
            continue;
        }
        b->role = SS_ROLE_MAIN;
        main_bytes += b->len;
    }
    /* The headlines are not counted: the passes after this one weigh
     * the prose found. */
    if (headlink)
        item_headlines(w, headlink, main_bytes);
    return main_bytes;
}

/* Next class word of *s (ASCII whitespace separated) that has no digit:
 * words with digits name one item ("post-15859", "menu-item-24118"), not
 * its template. Returns its length, 0 at the end; *s moves past it. */
static size_t
class_word(const char **s, const char **word)
{
    const char *p = *s;
    for (unsigned guard = 0; *p && guard < 4096; guard++) {
        while (*p && ascii_space((unsigned char)*p))
            p++;
        const char *q = p;
        bool digit = false;
        while (*q && !ascii_space((unsigned char)*q)) {
            digit |= *q >= '0' && *q <= '9';
            q++;
        }
        if (q == p)
            break;
        if (!digit) {
            *word = p;
            *s = q;
            return (size_t)(q - p);
        }
        p = q;
    }
    *s = p;
    return 0;
}

/* Does class attribute c hold the word w (n bytes)? */
static bool
class_has(const char *c, const char *w, size_t n)
{
    const char *word;
    size_t m;
    for (unsigned k = 0; k < 64 && (m = class_word(&c, &word)) != 0; k++)
        if (m == n && !memcmp(word, w, n))
            return true;
    return false;
}

/* Same tag and the same class attribute: siblings cut from one template.
 * Loose: the class words may differ, words with digits are ignored and
 * the rest may differ by state words ("first", "instock", "sale"): at
 * least half of each side's words must be on the other side. */
static bool
same_shape(const elem *a, const elem *b, bool loose)
{
    if (a->name != b->name)
        return false;
    if (!a->cls || !b->cls)
        return a->cls == b->cls;
    if (strcmp(a->cls, b->cls) == 0)
        return true;
    if (!loose)
        return false;
    unsigned na = 0, nb = 0, shared = 0;
    const char *s = a->cls, *word;
    size_t m;
    for (unsigned k = 0; k < 64 && (m = class_word(&s, &word)) != 0; k++) {
        na++;
        shared += class_has(b->cls, word, m);
    }
    s = b->cls;
    for (unsigned k = 0; k < 64 && class_word(&s, &word) != 0; k++)
        nb++;
    return shared > 0 && 2 * shared >= na && 2 * shared >= nb;
}

/* A negative class word that makes e chrome for the passes below: its
 * weight plus the unlinked text it holds stays under zero, and it is not
 * a wrapper of over three quarters of the page's text (page_text bytes;
 * a <body> class naming the site's navigation), nor, with one chrome word
 * (weight above -50), of over half of it (a shop's grid of linked items
 * in a "celwidget"). Cookie-consent panels (-100 and below) stay chrome
 * whatever they hold. */
static bool
neg_chrome(const elem *e, size_t page_text)
{
    if (e->weight >= 0 || (float)e->weight + content_floor(e, 0.0f) >= 0.0f)
        return false;
    if (e->weight <= -100)
        return true;
    if (e->weight > -50 && 2u * (size_t)e->text > page_text)
        return false;
    return 4u * (size_t)e->text <= 3u * page_text;
}

/* A zone that is page chrome: not the <header> or <footer> of an
 * <article> (a listing's item puts its headline and byline there), nor a
 * <form> holding most of the page's text (page_text bytes). */
static bool
chrome_zone(const walker *w, uint32_t e, size_t page_text)
{
    const elem *E = w->elems;
    if (!(E[e].kind & K_ZONE))
        return false;
    /* ASP.NET wraps the whole page in one <form>. */
    if (E[e].name_len == 4 && !memcmp(E[e].name, "form", 4) && 2u * (size_t)E[e].text > page_text)
        return false;
    bool head = E[e].name_len == 6 && (!memcmp(E[e].name, "header", 6) ||
                                       !memcmp(E[e].name, "footer", 6));
    uint32_t p = E[e].parent;
    for (unsigned k = 0; head && p && k < 3; k++, p = E[p].parent)
        if (E[p].name_len == 7 && !memcmp(E[p].name, "article", 7))
            return false;
    return true;
}

/* The deepest element holding both a and b (0 when they share none). */
static uint32_t
common_ancestor(const elem *E, uint32_t a, uint32_t b)
{
    unsigned hops = 0;
    while (a && b && a != b && hops++ < 2u * ANCESTOR_CAP) {
        if (E[a].depth >= E[b].depth)
            a = E[a].parent;
        else
            b = E[b].parent;
    }
    return a == b ? a : 0;
}

/* The deepest element holding every main block (0: none), and in
 * *prose the bytes of main blocks that read as prose (100+ bytes ending a
 * sentence, under 15 % links). */
static uint32_t
main_region(const walker *w,
            size_t *prose)
{
    const ss_page *pg = w->page;
    uint32_t top = 0;
    bool any = false;
    *prose = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        if (b->role != SS_ROLE_MAIN)
            continue;
        if (b->len >= 100 && b->link_share < 0.15f && ends_sentence(b->text, b->len))
            *prose += b->len;
        top = any ? common_ancestor(w->elems, top, w->blk_elem[i]) : w->blk_elem[i];
        any = true;
    }
    return top;
}


/* A short run next to prose is still the content when it holds more than
 * three times the prose in items of 250+ bytes on average, none of them
 * half of it, cut from a template with a class name (a blog's front page
 * of long summaries; the columns of a page layout, also few and long,
 * have one holding most of the text or no class). */
static bool
front_page(const walker *w, uint32_t top, size_t main_bytes, uint32_t items)
{
    const elem *E = w->elems;
    if ((size_t)E[top].text <= 3 * main_bytes || E[top].text < 250u * items)
        return false;
    bool named = false;
    for (uint32_t e = top + 1; e < w->n_elems && E[e].depth > E[top].depth; e++) {
        if (E[e].parent != top)
            continue;
        if (2u * E[e].text >= E[top].text)
            return false;
        named |= E[e].text && E[e].cls;
    }
    return named;
}

/*
 * Listings, collections and shop pages: the content is a run of items cut
 * from one template (a title that links to the item, a price, a line of
 * summary), which the prose score and the link filters above both reject.
 * Find the container with the longest run of consecutive same-shaped
 * element children (at least 4, of 25+ bytes of text each on average),
 * outside zones and chrome-named subtrees, and when it holds more than
 * twice the text chosen so far, its blocks are main content too, links and
 * all (chrome inside it is still dropped). Next to an article four to
 * seven teasers of other stories are common, so a run that short counts
 * only when the prose found is under 400 bytes.
 */
static void
html_listing(walker *w, size_t main_bytes)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    uint32_t n = w->n_elems;
    if (n < 8)
        return;
    uint32_t *last = ss_arena_calloc(w->a, n, sizeof *last);
    uint32_t *run = ss_arena_calloc(w->a, n, sizeof *run);
    uint32_t *best = ss_arena_calloc(w->a, n, sizeof *best);
    uint32_t *run_text = ss_arena_calloc(w->a, n, sizeof *run_text);
    uint32_t *items = ss_arena_calloc(w->a, n, sizeof *items);
    uint8_t *chrome = ss_arena_calloc(w->a, n, 1);
    if (!last || !run || !best || !run_text || !items || !chrome) {
        alloc_failed(w);
        return;
    }
    size_t page_text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        page_text += pg->blocks[i].len;
    /* Items whose classes differ by a word (a shop's "post-123 first
     * instock") are items when there is little prose; beside prose they
     * are as often sections of teasers on different topics. */
    bool loose = main_bytes < 400;
    /* Records come in document order: a parent before its children. */
    for (uint32_t e = 1; e < n; e++) {
        uint32_t p = E[e].parent;
        chrome[e] = (uint8_t)(chrome[p] || chrome_zone(w, e, page_text) || E[e].comment ||
                              E[e].unlikely || neg_chrome(&E[e], page_text));
        if (!E[e].text)
            continue;
        bool more = last[p] && same_shape(&E[last[p]], &E[e], loose);
        run[p] = more ? run[p] + 1 : 1;
        run_text[p] = more ? run_text[p] + E[e].text : E[e].text;
        /* items[p]: text of p's children in runs of three or more */
        if (run[p] == 3)
            items[p] += run_text[p];
        else if (run[p] > 3)
            items[p] += E[e].text;
        last[p] = e;
        if (run[p] > best[p])
            best[p] = run[p];
    }
    /* Children come after their parent: summing backwards gives each
     * element the item text of its whole subtree (capped by its text,
     * items nested in items count once). */
    for (uint32_t e = n - 1; e >= 1; e--) {
        if (items[e] > E[e].text)
            items[e] = E[e].text;
        if (E[e].parent)
            items[E[e].parent] += items[e];
    }
    uint32_t top = 0;
    for (uint32_t e = 1; e < n; e++) {
        if (chrome[e] || best[e] < 4 || (E[e].tflags & T_ROOT))
            continue;
        if (E[e].text < 25u * best[e])
            continue;
        if (!top || E[e].text > E[top].text)
            top = e;
    }
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "listing: elem %u <%s class=%s> items %u text %u link %u (main %zu)\n", top,
            top ? E[top].name : "-", top && E[top].cls ? E[top].cls : "", top ? best[top] : 0,
            top ? E[top].text : 0, top ? E[top].link : 0, main_bytes);
#endif
    if (!top)
        return;
    /* A grid of 8+ items inside the region found, which holds little
     * prose (a shop category's product cards under the region's filters
     * and banners): the region's links were dropped as chrome, the items
     * are the content. */
    size_t prose = 0;
    uint32_t region = main_bytes ? main_region(w, &prose) : 0;
    bool grid = best[top] >= 8 && region && region != top && is_within(E, region, top) &&
                prose < 400;
    if ((size_t)E[top].text <= 2 * main_bytes && !grid)
        return;
    if (best[top] < 8 && main_bytes >= 400 && !front_page(w, top, main_bytes, best[top]))
        return;
    /* A page of several lists (a news front page by section, a shop by
     * category): climb while the parent's text is mostly items of runs
     * and it adds to them; not beside prose (a news page's teaser boxes). */
    unsigned up = 0;
    for (uint32_t p = main_bytes < 400 ? E[top].parent : 0; p && up < ANCESTOR_CAP;
         p = E[p].parent, up++) {
        if (chrome[p] || (E[p].tflags & T_ROOT))
            break;
        if (2u * items[p] < E[p].text || items[p] <= items[top])
            break;
        top = p;
    }
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "listing region: elem %u\n", top);
#endif
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t owner = w->blk_elem[i];
        if (chrome[owner] || is_caption(w, owner))
            continue;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            if (e == top) {
                pg->blocks[i].role = SS_ROLE_MAIN;
                pg->blocks[i].flags |= SS_BLK_ITEMS;
                break;
            }
        }
    }
}

/*
 * Forum threads whose software names the posts "comments" and wraps them
 * in a <form> (for moderation tools): the chrome rules above drop the whole
 * thread and keep a scrap. Here a comment box or a form is not chrome by
 * itself; a container with a run of at least 2 same-shaped items averaging
 * 150+ bytes of mostly unlinked text, holding more than twice the prose
 * found, under 1000 bytes of it and around it or sharing a near ancestor
 * with the headline (an article's comment section is beside the article,
 * below it), is the thread. Its blocks are main content except
 * link-heavy ones (names, "quote" buttons) and real chrome inside.
 * Returns whether it took a thread.
 */
static bool
html_thread(walker *w, size_t main_bytes)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    uint32_t n = w->n_elems;
    if (n < 8 || (main_bytes >= 1000 && !(pg->meta.declares & SS_DECL_FORUM)))
        return false;
    uint32_t *last = ss_arena_calloc(w->a, n, sizeof *last);
    uint32_t *run = ss_arena_calloc(w->a, n, sizeof *run);
    uint32_t *best = ss_arena_calloc(w->a, n, sizeof *best);
    uint8_t *hard = ss_arena_calloc(w->a, n, 1);
    if (!last || !run || !best || !hard) {
        alloc_failed(w);
        return false;
    }
    for (uint32_t e = 1; e < n; e++) {
        uint32_t p = E[e].parent;
        bool form = E[e].name_len == 4 && !memcmp(E[e].name, "form", 4);
        bool own_unlikely = E[e].unlikely && !E[p].unlikely;
        hard[e] = (uint8_t)(hard[p] || ((E[e].kind & K_ZONE) && !form) ||
                            (!E[e].comment && (own_unlikely || E[e].weight < 0)));
        if (!E[e].text)
            continue;
        run[p] = last[p] && same_shape(&E[last[p]], &E[e], true) ? run[p] + 1 : 1;
        last[p] = e;
        if (run[p] > best[p])
            best[p] = run[p];
    }
    uint32_t top = 0;
    for (uint32_t e = 1; e < n; e++) {
        if (hard[e] || best[e] < 2 || (E[e].tflags & T_ROOT))
            continue;
        if (E[e].text < 150u * best[e] || (float)E[e].link > 0.3f * (float)E[e].text)
            continue;
        if (!top || E[e].text > E[top].text)
            top = e;
    }
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "thread: elem %u <%s> items %u text %u link %u (main %zu)\n", top,
            top ? E[top].name : "-", top ? best[top] : 0, top ? E[top].text : 0,
            top ? E[top].link : 0, main_bytes);
#endif
    if (!top || (size_t)E[top].text <= 2 * main_bytes)
        return false;
    /* The prose found (the opening post) is part of the thread; comments
     * under an article are not where the article is. */
    bool inside = main_bytes == 0 || (size_t)E[top].text > THREAD_DOMINANT * main_bytes;
    for (uint32_t i = 0; i < pg->n_blocks && !inside; i++) {
        if (pg->blocks[i].role != SS_ROLE_MAIN)
            continue;
        unsigned hops = 0;
        for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP && !inside;
             e = E[e].parent, hops++)
            inside = e == top;
    }
    if (!inside && pg->title_block != SS_NONE) {
        /* ... or the thread and the headline share a near ancestor */
        uint32_t a = top;
        for (unsigned k = 0; a && k <= 2 && !inside; k++, a = E[a].parent) {
            if (E[a].tflags & T_ROOT)
                break;
            unsigned hops = 0;
            for (uint32_t e = w->blk_elem[pg->title_block]; e && hops < ANCESTOR_CAP && !inside;
                 e = E[e].parent, hops++)
                inside = e == a;
        }
    }
    if (!inside)
        return false;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t owner = w->blk_elem[i];
        if (hard[owner] || pg->blocks[i].link_share >= 0.5f || is_caption(w, owner))
            continue;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            if (e == top) {
                pg->blocks[i].role = SS_ROLE_MAIN;
                break;
            }
        }
    }
    return true;
}

/*
 * A page that declares itself a thread (SS_DECL_FORUM) and marks its posts
 * with microdata: inside a post only the post's own text (itemprop "text"
 * or "articleBody") is main content; the author card, counters, signature
 * and reply buttons beside it are not. Only when some post text is main
 * content already, so that a post whose text is not marked keeps its
 * blocks on pages that mark none.
 */
static void
html_posts(walker *w)
{
    ss_page *pg = w->page;
    if (!(pg->meta.declares & SS_DECL_FORUM))
        return;
    bool text = false;
    for (uint32_t i = 0; i < pg->n_blocks && !text; i++)
        text = pg->blocks[i].role == SS_ROLE_MAIN && w->blk_post[i] == POST_TEXT;
    if (!text)
        return;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        if (pg->blocks[i].role == SS_ROLE_MAIN && w->blk_post[i] == POST_ASIDE)
            pg->blocks[i].role = SS_ROLE_BOILER;
}

/* FNV-1a of a block's text, for html_repeats(). */
static uint32_t
text_hash(const char *t, uint32_t len)
{
    return ss_fnv32(SS_FNV32_OFFSET, t, len);
}

/*
 * A page that declares itself a product, a list or a thread repeats its
 * blocks: a phone and a desktop copy of the buy box, the clones a
 * carousel makes of its slides, the same "Sponsored" card twice, a post
 * quoted under the next one. There a main block whose text is that of an
 * earlier main block is not output a second time (SS_BLK_REPEAT; its
 * role stays, so the detectors see the page as before). Only on those
 * pages: an article or a recipe may repeat a line on purpose (a chorus,
 * an interview's question), and on pages that declare nothing a repeat
 * says nothing about the template.
 */
static void
html_repeats(walker *w)
{
    ss_page *pg = w->page;
    if (!(pg->meta.declares & (SS_DECL_PRODUCT | SS_DECL_LIST | SS_DECL_FORUM)))
        return;
    uint32_t n_main = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        n_main += pg->blocks[i].role == SS_ROLE_MAIN;
    if (n_main < 2)
        return;
    uint32_t cap = 4;
    while (cap < 2u * n_main)
        cap <<= 1;
    /* slots hold block index + 1; 0 is empty */
    uint32_t *slot = ss_arena_calloc(w->a, cap, sizeof *slot);
    if (!slot)
        return; /* out of arena: keep the page as found */
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        ss_block *b = &pg->blocks[i];
        if (b->role != SS_ROLE_MAIN || b->len == 0)
            continue;
        uint32_t k = text_hash(b->text, b->len) & (cap - 1);
        bool seen = false;
        for (; slot[k]; k = (k + 1) & (cap - 1)) {
            const ss_block *o = &pg->blocks[slot[k] - 1];
            if (o->len == b->len && memcmp(o->text, b->text, b->len) == 0) {
                seen = true;
                break;
            }
        }
        if (seen)
            b->flags |= SS_BLK_REPEAT;
        else
            slot[k] = i + 1;
    }
}

/* FNV-1a of an element's tag and its class words without digits, mixed
 * into h: the template an element was cut from, for item_fields(). */
static uint32_t
shape_hash(uint32_t h, const elem *e)
{
    h = text_hash(e->name, e->name_len) ^ (h * 16777619u);
    const char *s = e->cls ? e->cls : "", *word;
    size_t m;
    for (unsigned k = 0; k < 64 && (m = class_word(&s, &word)) != 0; k++)
        h = (h ^ text_hash(word, (uint32_t)m)) * 16777619u;
    return h;
}

/* One block of a small container, for item_fields(). */
typedef struct field {
    uint32_t shape;  /* shape_hash of its element and of the container */
    uint32_t parent; /* the container (its element's parent) */
    uint32_t text;   /* text_hash of its text */
    uint32_t block;
} field;

/* qsort order of fields: shape, container, block. */
static int
field_cmp(const void *a, const void *b)
{
    const field *x = a, *y = b;
    if (x->shape != y->shape)
        return x->shape < y->shape ? -1 : 1;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    return x->block < y->block ? -1 : x->block > y->block;
}

/* qsort order of text hashes. */
static int
hash_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * Decides one field of the items (f[0..n), one shape, sorted by
 * container): its linked blocks that the region pass dropped are taken
 * (take[block] = 1, and every container of the field that holds main
 * content gets items[container] = 1) when 3+ containers have the field,
 * at least half of them hold main content (has_main: a main block of 3+
 * words; a one-word kicker such as "VIDEO" over a linked headline is a
 * teaser's), and its text differs from item to item (4 in 5 distinct;
 * "Add to cart" or "Read more" in every item is the template's text).
 * Paragraphs are not taken: a linked <p> among an article's paragraphs
 * is its "READ MORE: ..." line, not an item's field.
 * texts is scratch room for n hashes. Returns whether it took a block.
 */
static bool
field_decide(walker *w,
             const field *f,
             size_t n,
             const uint8_t *has_main,
             uint32_t *texts,
             uint8_t *take,  /* OUT: per block */
             uint8_t *items) /* OUT: per element */
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    unsigned parents = 0, with_main = 0;
    for (size_t k = 0; k < n; k++) {
        texts[k] = f[k].text;
        if (k == 0 || f[k].parent != f[k - 1].parent) {
            parents++;
            with_main += has_main[f[k].parent];
        }
    }
    if (parents < 3 || 2 * with_main < parents)
        return false;
    qsort(texts, n, sizeof *texts, hash_cmp);
    size_t distinct = 0;
    for (size_t k = 0; k < n; k++)
        distinct += k == 0 || texts[k] != texts[k - 1];
    if (5 * distinct < 4 * n)
        return false;
    bool took = false;
    for (size_t k = 0; k < n; k++) {
        const ss_block *b = &pg->blocks[f[k].block];
        uint32_t o = w->blk_elem[f[k].block];
        if (b->role != SS_ROLE_BOILER || f[k].block == pg->title_block || !has_main[f[k].parent] ||
            b->link_share < 0.5f || E[o].unlikely || E[o].comment || (E[o].kind & K_P))
            continue;
        take[f[k].block] = 1;
        took = true;
    }
    if (took)
        for (size_t k = 0; k < n; k++)
            items[f[k].parent] |= has_main[f[k].parent];
    return took;
}

/*
 * The linked fields of a listing's items. An item is a small container
 * (at most ITEM_FIELD_BLOCKS blocks) cut from a template that repeats;
 * the region pass keeps its unlinked fields (a summary, a subject line)
 * and drops its linked ones as links: the item's linked title, its
 * authors, its tags. Grouped by the shape of the field's element and of
 * its container, a linked field of items whose other fields are main
 * content is main content too (field_decide() says when), provided those
 * items hold a quarter of the main text at least: beside a news article,
 * teasers whose summaries the region pass kept are not the content.
 */
static void
item_fields(walker *w)
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    if (!pg->n_blocks)
        return;
    uint32_t *n_in = ss_arena_calloc(w->a, w->n_elems, sizeof *n_in);
    uint8_t *has_main = ss_arena_calloc(w->a, w->n_elems, 1);
    uint8_t *items = ss_arena_calloc(w->a, w->n_elems, 1);
    uint8_t *take = ss_arena_calloc(w->a, pg->n_blocks, 1);
    field *f = ss_arena_calloc(w->a, pg->n_blocks, sizeof *f);
    uint32_t *texts = ss_arena_calloc(w->a, pg->n_blocks, sizeof *texts);
    if (!n_in || !has_main || !items || !take || !f || !texts)
        return; /* out of arena: keep the page as found */
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t p = E[w->blk_elem[i]].parent;
        n_in[p]++;
        has_main[p] |= pg->blocks[i].role == SS_ROLE_MAIN && pg->blocks[i].n_words >= 3;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t o = w->blk_elem[i];
        uint32_t p = E[o].parent;
        if (!p || n_in[p] > ITEM_FIELD_BLOCKS)
            continue;
        f[n].shape = shape_hash(shape_hash(0, &E[o]), &E[p]);
        f[n].parent = p;
        f[n].text = text_hash(pg->blocks[i].text, pg->blocks[i].len);
        f[n].block = i;
        n++;
    }
    qsort(f, n, sizeof *f, field_cmp);
    bool took = false;
    for (size_t a = 0, z; a < n; a = z) {
        for (z = a + 1; z < n && f[z].shape == f[a].shape; z++)
            ;
        if (z - a >= 3)
            took |= field_decide(w, f + a, z - a, has_main, texts, take, items);
    }
    if (!took)
        return;
    size_t main_bytes = 0, item_bytes = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (pg->blocks[i].role != SS_ROLE_MAIN)
            continue;
        main_bytes += pg->blocks[i].len;
        if (items[E[w->blk_elem[i]].parent])
            item_bytes += pg->blocks[i].len;
    }
    if (4 * item_bytes < main_bytes)
        return;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        if (take[i]) {
            pg->blocks[i].role = SS_ROLE_MAIN;
            pg->blocks[i].flags |= SS_BLK_ITEMS;
        }
}

/*
 * Per element: is it chrome for the fallback and widening passes (its
 * parent is, a chrome zone, a comment box, an unlikely class, a negative
 * class word on a wrapper that does not hold much unlinked text; with
 * noscript, a short <noscript> too)? *page_text gets the page's text
 * bytes. NULL when the arena is exhausted.
 */
static uint8_t *
chrome_marks(walker *w,
             bool noscript,
             size_t *page_text)
{
    const ss_page *pg = w->page;
    const elem *E = w->elems;
    uint32_t n = w->n_elems;
    uint8_t *chrome = ss_arena_calloc(w->a, n, 1);
    if (!chrome)
        return NULL;
    size_t text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        text += pg->blocks[i].len;
    for (uint32_t e = 1; e < n; e++) {
        uint32_t p = E[e].parent;
        chrome[e] = (uint8_t)(chrome[p] || chrome_zone(w, e, text) || E[e].comment ||
                              E[e].unlikely || neg_chrome(&E[e], text) ||
                              (noscript && short_noscript(&E[e])));
    }
    *page_text = text;
    return chrome;
}

/*
 * The region found holds a small share of the page's content-looking
 * text (unlinked blocks outside zones and chrome-named subtrees): a page
 * of short cells (a specification sheet), of many small sections, or a
 * thread the passes above missed. Then the region is the deepest element
 * that holds most of that text; its blocks are main content except chrome
 * and link-heavy ones.
 */
static void
html_fallback(walker *w)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    uint32_t n = w->n_elems;
    if (n < 2)
        return;
    uint32_t *good = ss_arena_calloc(w->a, n, sizeof *good);
    size_t page_text = 0;
    uint8_t *chrome = good ? chrome_marks(w, true, &page_text) : NULL;
    if (!good || !chrome) {
        alloc_failed(w);
        return;
    }
    size_t total = 0, main_bytes = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        uint32_t owner = w->blk_elem[i];
        if (b->role == SS_ROLE_MAIN)
            main_bytes += b->len;
        if (chrome[owner] || !good_block(w, i))
            continue;
        total += b->len;
        good[owner] += b->len;
    }
    if (total == 0 || (double)main_bytes >= FALLBACK_SHARE * (double)total)
        return;
    for (uint32_t e = n - 1; e >= 1; e--)
        if (E[e].parent)
            good[E[e].parent] += good[e];
    /* Elements holding more than half of it form a chain: the last in
     * document order is the deepest. */
    uint32_t top = 0;
    for (uint32_t e = 1; e < n; e++)
        if (!chrome[e] && 2 * (size_t)good[e] > total)
            top = e;
#ifdef SS_PAGE_DEBUG
    fprintf(stderr, "fallback: elem %u <%s> good %u of %zu (main %zu) text %u link %u\n", top,
            top ? E[top].name : "-", top ? good[top] : 0, total, main_bytes, top ? E[top].text : 0,
            top ? E[top].link : 0);
#endif
    if (!top)
        return;
    /* Past a quarter, the region found is right but narrow: only an
     * element around it (not the comments or another story) widens it. */
    if ((double)main_bytes >= FALLBACK_ANY * (double)total) {
        size_t held = 0;
        for (uint32_t i = 0; i < pg->n_blocks; i++) {
            if (pg->blocks[i].role != SS_ROLE_MAIN)
                continue;
            unsigned hops = 0;
            for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
                if (e == top) {
                    held += pg->blocks[i].len;
                    break;
                }
        }
        if (held * 10 < main_bytes * 9)
            return;
    }
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        uint32_t owner = w->blk_elem[i];
        if (chrome[owner] || pg->blocks[i].link_share >= 0.5f || is_caption(w, owner))
            continue;
        unsigned hops = 0;
        for (uint32_t e = owner; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            if (e == top) {
                pg->blocks[i].role = SS_ROLE_MAIN;
                break;
            }
        }
    }
}

/*
 * The region found holds no prose (under WIDEN_ALL_PROSE bytes of
 * sentences) but most of the page's text: a front page or a category
 * whose items are linked headlines, of which only the dates and bylines
 * were kept. Every block outside chrome in the element holding the main
 * blocks is an item, links included, when there are at least
 * REGION_ITEMS_MIN of them and they hold half as much text as was found.
 */
static void
region_items(walker *w,
             const uint8_t *chrome)
{
    ss_page *pg = w->page;
    const elem *E = w->elems;
    size_t prose = 0;
    uint32_t top = main_region(w, &prose);
    if (!top || (E[top].tflags & T_ROOT))
        return;
    /* Two passes: count what would be added, then add it. */
    size_t found = 0, added = 0;
    unsigned n_added = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < pg->n_blocks; i++) {
            uint32_t owner = w->blk_elem[i];
            if (pass == 0 && pg->blocks[i].role == SS_ROLE_MAIN)
                found += pg->blocks[i].len;
            if (pg->blocks[i].role == SS_ROLE_MAIN || chrome[owner] || i == pg->title_block ||
                is_caption(w, owner) || !is_within(E, top, owner))
                continue;
            if (pass == 0) {
                added += pg->blocks[i].len;
                n_added++;
                continue;
            }
            pg->blocks[i].role = SS_ROLE_MAIN;
            pg->blocks[i].flags |= SS_BLK_ITEMS;
        }
        /* Items are many and weigh: a share bar or two "email this"
         * links beside a short article are not. */
        if (n_added < REGION_ITEMS_MIN || 2 * added < found)
            return;
    }
}

/*
 * Last resort: the main content found is under WIDEN_ALL_SHARE of the
 * text outside chrome (zones, comment boxes, chrome class words), links
 * included. A page with no prose to find (a front page of headlines in
 * several templates, a shop category, a table of links) keeps a scrap:
 * all the text outside chrome is its content, and its linked lists are
 * items, not widgets. Not after html_thread() took a thread: short posts
 * beside a list of other threads are what was found.
 */
static void
html_widen_all(walker *w)
{
    ss_page *pg = w->page;
    uint32_t n = w->n_elems;
    if (n < 2)
        return;
    size_t page_text = 0;
    uint8_t *chrome = chrome_marks(w, false, &page_text);
    if (!chrome) {
        alloc_failed(w);
        return;
    }
    size_t main_bytes = 0, plain = 0, prose = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        if (b->role == SS_ROLE_MAIN)
            main_bytes += b->len;
        if (b->role == SS_ROLE_MAIN && b->len >= 100 && b->link_share < 0.15f &&
            ends_sentence(b->text, b->len))
            prose += b->len;
        if (!chrome[w->blk_elem[i]] && i != pg->title_block)
            plain += b->len;
    }
    if (plain == 0 || prose >= WIDEN_ALL_PROSE)
        return;
    if ((double)main_bytes >= WIDEN_ALL_SHARE * (double)plain) {
        region_items(w, chrome);
        return;
    }
    /* With nothing found, the page's own summary (JSON-LD articleBody,
     * else its description) stands in for the clean text: a shell built
     * by script has a menu to offer and less to say. */
    const char *own = pg->meta.body ? pg->meta.body : pg->meta.description;
    if (main_bytes == 0 && own && strlen(own) >= plain)
        return;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (chrome[w->blk_elem[i]] || i == pg->title_block)
            continue;
        pg->blocks[i].role = SS_ROLE_MAIN;
        pg->blocks[i].flags |= SS_BLK_ITEMS;
    }
}

/* A byte of a word: ASCII letter or digit, or any byte of a multi-byte
 * UTF-8 character. */
static inline bool
is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80u;
}

/* ASCII case-insensitive search of n bytes of w in t[0..len). */
static bool
find_ci(const char *t, size_t len, const char *w, size_t n)
{
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n) {
            unsigned char a = (unsigned char)t[i + k], b = (unsigned char)w[k];
            if (a >= 'A' && a <= 'Z')
                a = (unsigned char)(a + 32);
            if (b >= 'A' && b <= 'Z')
                b = (unsigned char)(b + 32);
            if (a != b)
                break;
            k++;
        }
        if (k == n)
            return true;
    }
    return false;
}

/* Do the blocks under e (the headline's own excepted) hold at least half
 * of the headline's words of 4+ bytes (at most 8 of them, at least 2)?
 * UTF-8 bytes count as letters, so this works in any script that spaces
 * its words. */
static bool
speaks_of_headline(const walker *w, uint32_t e)
{
    const ss_page *pg = w->page;
    const ss_block *t = &pg->blocks[pg->title_block];
    const char *word[8];
    size_t wlen[8];
    unsigned nw = 0;
    for (uint32_t i = 0; i < t->len && nw < 8;) {
        while (i < t->len && !is_word_byte((unsigned char)t->text[i]))
            i++;
        uint32_t j = i;
        while (j < t->len && is_word_byte((unsigned char)t->text[j]))
            j++;
        if (j - i >= 4) {
            word[nw] = t->text + i;
            wlen[nw++] = j - i;
        }
        i = j;
    }
    if (nw < 2)
        return false;
    bool found[8] = {false};
    unsigned hits = 0;
    for (uint32_t i = 0; i < pg->n_blocks && 2 * hits < nw; i++) {
        if (i == pg->title_block)
            continue;
        bool under = false;
        unsigned hops = 0;
        for (uint32_t q = w->blk_elem[i]; q && hops < ANCESTOR_CAP && !under; q = w->elems[q].parent, hops++)
            under = q == e;
        if (!under)
            continue;
        const ss_block *b = &pg->blocks[i];
        for (unsigned k = 0; k < nw; k++)
            if (!found[k] && find_ci(b->text, b->len, word[k], wlen[k])) {
                found[k] = true;
                hits++;
            }
    }
    return 2 * hits >= nw;
}

/*
 * A <header> holding more than half of the page's unlinked text is not
 * page chrome (a template that puts the article in its <header>): its
 * zone mark goes, and the content-looking text (elem.good) is counted
 * again. (A <footer> that long holds legal notes; a page-wide <form>
 * loses its mark this way on shop pages whose region it would move.)
 */
static void
unzone_wrappers(walker *w)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    size_t plain = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        plain += b->len - (uint32_t)(b->link_share * (float)b->len + 0.5f);
    }
    for (uint32_t e = 1; e < w->n_elems; e++) {
        if (!(E[e].kind & K_ZONE) || E[e].name_len != 6 || memcmp(E[e].name, "header", 6))
            continue;
        size_t own = E[e].text > E[e].link ? E[e].text - E[e].link : 0;
        if (2 * own > plain) {
            E[e].kind &= ~(uint32_t)K_ZONE;
            w->unzoned = true;
        }
    }
    if (!w->unzoned)
        return;
    for (uint32_t e = 1; e < w->n_elems; e++)
        E[e].good = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (!good_block(w, i))
            continue;
        unsigned hops = 0;
        for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++)
            E[e].good += pg->blocks[i].len;
    }
}

/* Two passes as readability does: first with chrome-looking subtrees
 * (class/id words) stripped; if that leaves almost nothing, again without
 * stripping. Then the headline gets role TITLE. */
static void
html_roles(walker *w)
{
    ss_page *pg = w->page;
    elem *E = w->elems;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        uint32_t link = (uint32_t)(b->link_share * (float)b->len + 0.5f);
        unsigned hops = 0;
        uint32_t good = good_block(w, i) ? b->len : 0;
        for (uint32_t e = w->blk_elem[i]; e && hops < ANCESTOR_CAP; e = E[e].parent, hops++) {
            E[e].text += b->len;
            E[e].link += link;
            E[e].good += good;
        }
    }
    unzone_wrappers(w);
    /* A chrome word on a wrapper of most of the page's text and of its
     * headline ("with_header" on the frame around everything) does not
     * make the page chrome: its own word is dropped, as is its mark on
     * what it holds. (A pop-up holding a long policy has no headline.) */
    size_t page_text = 0;
    for (uint32_t i = 0; i < pg->n_blocks; i++)
        page_text += pg->blocks[i].len;
    uint32_t head = pg->title_block != SS_NONE ? w->blk_elem[pg->title_block] : 0;
    for (uint32_t e = 1; e < w->n_elems; e++) {
        if (E[e].own_unlikely && head && !E[e].comment && !(E[e].kind & K_ZONE) &&
            2u * (size_t)E[e].text > page_text) {
            unsigned hops = 0;
            bool holds = false;
            for (uint32_t q = head; q && hops < ANCESTOR_CAP; q = E[q].parent, hops++)
                if (q == e) {
                    holds = true;
                    break;
                }
            /* ... or the wrapper comes after the headline and speaks of
             * it (an article inside a "sidebar-container") */
            if (holds || (e > head && (float)E[e].link < 0.3f * (float)E[e].text &&
                          speaks_of_headline(w, e)))
                E[e].own_unlikely = false;
        }
        E[e].unlikely = E[E[e].parent].unlikely || E[e].own_unlikely;
    }
    size_t main_bytes = html_roles_pass(w, true);
    if (main_bytes < 500)
        main_bytes = html_roles_pass(w, false);
    html_listing(w, main_bytes);
    bool thread = html_thread(w, main_bytes);
    html_fallback(w);
    if (!thread)
        html_widen_all(w);
    html_posts(w);
    item_fields(w);
    html_repeats(w);
    if (pg->title_block != SS_NONE)
        pg->blocks[pg->title_block].role = SS_ROLE_TITLE;
#ifdef SS_PAGE_DEBUG
    if (getenv("SS_BLOCKS"))
        for (uint32_t e = 1; e < w->n_elems; e++)
            if (E[e].own_unlikely && E[e].text > 500)
                fprintf(stderr, "U e%u <%s class=%s id=%s> text %u\n", e, E[e].name,
                        E[e].cls ? E[e].cls : "", E[e].id ? E[e].id : "", E[e].text);
    if (getenv("SS_BLOCKS"))
        for (uint32_t i = 0; i < pg->n_blocks; i++) {
            const ss_block *b = &pg->blocks[i];
            uint32_t o = w->blk_elem[i];
            uint32_t ue = o;
            while (ue && !E[ue].own_unlikely)
                ue = E[ue].parent;
            fprintf(stderr, "B%u %c e%u <%s> d%u w%d u%d/%s c%d ls%.2f %.*s\n", i,
                    b->role == SS_ROLE_MAIN ? 'M' : b->role == SS_ROLE_TITLE ? 'T' : '-', o,
                    E[o].name, E[o].depth, E[o].weight, E[o].unlikely,
                    ue ? (E[ue].cls ? E[ue].cls : E[ue].id ? E[ue].id : E[ue].name) : "", E[o].comment,
                    (double)b->link_share, (int)b->len, b->text);
        }
#endif
}

/* Links of a block that was never made (the block cap) go. */
static void
drop_dangling_links(ss_page *pg)
{
    uint32_t o = 0;
    for (uint32_t i = 0; i < pg->n_links; i++) {
        const ss_link *l = &pg->links[i];
        const ss_block *b = l->hidden ? (l->block < pg->n_hidden ? &pg->hidden[l->block] : NULL)
                                      : (l->block < pg->n_blocks ? &pg->blocks[l->block] : NULL);
        if (b && l->start < l->end && l->end <= b->len)
            pg->links[o++] = *l;
    }
    pg->n_links = o;
}

/* main_first/main_last from the roles. */
static void
set_main_range(ss_page *pg)
{
    pg->main_first = SS_NONE;
    pg->main_last = SS_NONE;
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        if (pg->blocks[i].role != SS_ROLE_MAIN)
            continue;
        if (pg->main_first == SS_NONE)
            pg->main_first = i;
        pg->main_last = i;
    }
}

/* ------------------------------------------------------------------ */
/* Entry points                                                       */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* First-letter indexes of tags[] and needles[] (both sorted by first
 * letter), the needles' first pairs of letters and make_attrs()'s byte
 * map. Runs once, from ss_page_global_init(), before any walk. */
static void
page_tables_init(void)
{
    for (unsigned c = 1; c < 256; c++) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            attr_map[c] = ATTR_SPACE;
        else if (c >= 0x80u)
            attr_map[c] = 0;
        else
            attr_map[c] = (uint8_t)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    style_tag = tag_lookup_slow("style");
    button_tag = tag_lookup_slow("button");
    /* tag_first[j] = number of tags whose first letter is before 'a' + j. */
    for (size_t k = 0; k < N_TAGS; k++) {
        unsigned c = (unsigned char)tags[k].name[0] - 'a';
        for (unsigned j = c + 1; j < 27; j++)
            tag_first[j] = (uint8_t)(k + 1);
    }
    for (size_t k = 0; k < N_NEEDLES; k++) {
        unsigned c = (unsigned char)needles[k].s[0] & 0x7Fu;
        if (needle_hi[c] == 0)
            needle_lo[c] = (uint8_t)k;
        needle_hi[c] = (uint8_t)(k + 1);
        needle_next[c] |= needles[k].len > 1 ? 1u << pair_bit((unsigned char)needles[k].s[1])
                                             : 0xFFFFFFFFu;
    }
}

/* The pre-parse pass (elide.h) follows libxml2 2.9.11 to 2.9.14, whose
 * raw-text reading (htmlParseScript), start tags and UTF-8 reading it was
 * checked against; with another libxml2 pages are parsed as they are.
 * Set once by xml_init_once(). */
static bool elide_fits;

/* libxml2's one-time initialisation (not thread-safe on its own). */
static void
xml_init_once(void)
{
    page_tables_init();
    int version = atoi(xmlParserVersion);
    elide_fits = version >= 20911 && version <= 20914;
    /* Its failures (an allocation) would go to stderr. */
    xmlGenericErrorFunc host_error = xmlGenericError;
    void *host_error_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet_error);
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

/*
 * Parse HTML (already UTF-8) into the walker's page: s[0..len), or the
 * same page with script and style bodies cut out (el, may be NULL; see
 * elide.h). *redo is set when libxml2 did not agree with a cut (or hit
 * its depth cap, whose report a cut body could change): the walk is then
 * not the original's, and the caller reads the original instead.
 */
static ss_status
parse_html(walker *w,
           const char *s,
           size_t len,
           const ss_elided *el,
           bool *redo)
{
    sax_state x;
    memset(&x, 0, sizeof x);
    x.w = w;
    x.ev_last = x.ev_prev = SIZE_MAX;
    *redo = false;
    if (el && el->n_cuts) {
        x.cuts = el->cuts;
        x.n_cuts = el->n_cuts;
        x.orig = s;
        x.page = el->data;
        s = el->data;
        len = el->len;
        /* libxml2 starts its offsets after a UTF-8 BOM */
        if (len >= 3 && (unsigned char)s[0] == 0xEFu && (unsigned char)s[1] == 0xBBu &&
            (unsigned char)s[2] == 0xBFu)
            x.bom = 3;
    }
    x.max_depth = w->cfg->max_depth ? w->cfg->max_depth : 256;
    x.stack = ss_arena_alloc(w->a, ((size_t)x.max_depth + 2) * sizeof *x.stack);
    x.cap_open = 64;
    x.open = ss_arena_alloc(w->a, x.cap_open);
    if (!x.stack || !x.open) {
        alloc_failed(w);
        return w->st;
    }
    x.stack[0].elem = 0;
    x.stack[0].inh = 0;
    /* libxml2 keeps the generic error handler per thread: ours for this
     * parse, then the host's again. */
    xmlGenericErrorFunc host_error = xmlGenericError;
    void *host_error_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(&x, quiet_error);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        xmlSetGenericErrorFunc(host_error_ctx, host_error);
        return SS_ERR_NOMEM;
    }
    x.ctxt = ctxt;
    xmlSAXHandler h;
    memset(&h, 0, sizeof h);
    h.startElement = sax_start;
    h.endElement = sax_end;
    h.characters = sax_chars;
    h.cdataBlock = sax_raw;
    h.comment = sax_comment;
    h.processingInstruction = sax_pi;
    /* SAX2: so that libxml2 calls serror (the HTML parser still calls the
     * SAX1 element callbacks) */
    h.serror = sax_error;
    h.initialized = XML_SAX2_MAGIC;
    memcpy(ctxt->sax, &h, sizeof h);
    ctxt->userData = &x;
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC;
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, s, (int)len, NULL, "UTF-8", opts);
    if (doc)
        xmlFreeDoc(doc); /* (no tree is built: there is none) */
    /* libxml2 stops at 256 open elements (we do not pass XML_PARSE_HUGE,
     * which would also lift its other caps); what follows is lost. */
    if (ctxt->lastError.code == XML_ERR_INTERNAL_ERROR && ctxt->lastError.message &&
        strstr(ctxt->lastError.message, "depth")) {
        w->page->limits |= SS_LIMIT_DEPTH;
        *redo = x.n_cuts > 0;
    }
    if (x.cut_missed || x.next_cut < x.n_cuts)
        *redo = true;
    htmlFreeParserCtxt(ctxt);
    if (w->in_hidden && w->st == SS_OK)
        hidden_leave(w); /* a hidden element still open at the end */
    xmlSetGenericErrorFunc(host_error_ctx, host_error);
    if (x.nomem && w->st == SS_OK)
        w->st = SS_ERR_NOMEM;
    if (w->st == SS_OK)
        run_flush(w);
    return w->st;
}

/* A fresh walker for page (its arena, limits and deadline). */
static ss_status
walker_init(walker *w, ss_arena *a, const ss_config *cfg, ss_page *page, double deadline,
            bool show_styled)
{
    memset(w, 0, sizeof *w);
    w->a = a;
    w->cfg = cfg;
    w->page = page;
    w->h1_block = SS_NONE;
    w->show_styled = show_styled;
    w->cap = cfg->max_block_bytes ? cfg->max_block_bytes : 65536;
    w->deadline = deadline;
    w->buf = ss_arena_alloc(a, w->cap + 8);
    w->title_buf = ss_arena_alloc(a, TITLE_CAP + 8);
    if (w->buf && w->title_buf)
        (void)elem_add(w, 0, 0, "", 0); /* sentinel record 0 */
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
          const ss_elided *el, double deadline, bool show_styled, bool *fell_back)
{
    ss_arena_mark_t mark = ss_arena_mark(a);
    ss_page before = *page;
    ss_status st = walker_init(w, a, cfg, page, deadline, show_styled);
    if (st != SS_OK)
        return st;
    bool redo;
    st = parse_html(w, dec->data, dec->len, el, &redo);
    if (redo) {
        *fell_back = true;
        ss_arena_release(a, &mark);
        *page = before;
        st = walker_init(w, a, cfg, page, deadline, show_styled);
        if (st != SS_OK)
            return st;
        st = parse_html(w, dec->data, dec->len, NULL, &redo);
    }
    if (st != SS_OK)
        return st;
    w->title_buf[w->title_len] = '\0';
    page->title = collapse_dup(w, w->title_buf);
    if (!page->title)
        page->title = "";
    html_titles(w);
    html_widgets(w);
    html_roles(w);
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

    double deadline = cfg->max_seconds > 0.0 ? thread_seconds() + cfg->max_seconds : 0.0;
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
        st = read_html(&w, a, cfg, page, &dec, elp, deadline, false, &stats->fell_back);
        if (st == SS_OK && w.st == SS_OK && styled_page(page)) {
            /* Again, with the inline-hidden wrapper shown. */
            ss_page first = *page;
            memset(page, 0, sizeof *page);
            page->format = first.format;
            page->charset = first.charset;
            page->limits = first.limits & (SS_LIMIT_CHARSET | SS_LIMIT_CONTROLS);
            page->title = "";
            page->title_block = SS_NONE;
            st = read_html(&w, a, cfg, page, &dec, elp, deadline, true, &stats->fell_back);
        }
        if (st != SS_OK)
            goto fail;
    } else {
        st = walker_init(&w, a, cfg, page, deadline, false);
        if (st != SS_OK)
            goto fail;
        parse_text(&w, dec.data, dec.len);
        text_titles(&w);
        text_widgets(&w);
        text_roles(&w);
    }
    if (w.st != SS_OK) {
        st = w.st;
        goto fail;
    }
    set_main_range(page);
    drop_dangling_links(page);
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
