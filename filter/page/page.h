/*
 * page.h - the page model: HTML or scraped text -> blocks, title candidates,
 * list widgets and a main-content estimate.
 *
 * This is what every scorer works on. ss_page_parse() decodes the input to
 * UTF-8 once (BOM, <meta charset>, http-equiv, caller hint, with a check that
 * bytes declared ISO-8859-1/windows-1252 are not really UTF-8), parses HTML
 * with libxml2's recovering parser (no network, no external entities) or
 * splits text into one block per line, and builds the structures below.
 *
 * Contract: everything in an ss_page (strings, arrays) is allocated from the
 * arena passed to ss_page_parse() and becomes invalid at its next reset.
 * All strings are NUL-terminated, valid UTF-8, whitespace-collapsed (runs of
 * white space become one ASCII space; no leading/trailing space).
 */
#ifndef SS_PAGE_H
#define SS_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "meta.h"
#include "spamscore.h"

#define SS_NONE ((uint32_t)0xFFFFFFFFu)

/* Block flags. */
enum {
    SS_BLK_HEADING = 1u << 0,  /* h1..h6, or a text line that acts as one */
    SS_BLK_LISTITEM = 1u << 1, /* li, or a text line starting with "- " */
    SS_BLK_CELL = 1u << 2,     /* td/th */
    SS_BLK_PARA = 1u << 3,     /* p, or a long text line */
    SS_BLK_LINK = 1u << 4,     /* link_share >= 0.8 */
    SS_BLK_TITLE = 1u << 5,    /* this block is the headline (title_block) */
    SS_BLK_DIVTEXT = 1u << 6,  /* a text run directly in a div/section/... */
    SS_BLK_BOILER_ZONE = 1u << 7, /* inside header/nav/footer/aside/form */
    SS_BLK_PRE = 1u << 8,      /* inside pre/code */
    SS_BLK_ITEMS = 1u << 9,    /* main content as an item of a listing (html_listing) */
    SS_BLK_CODE = 1u << 10,    /* holds inline code: a <code> element inside
                                  a paragraph (not a pre/code block) */
    SS_BLK_REPEAT = 1u << 11,  /* main content whose text an earlier main block
                                  has, on a page that declares a product, a
                                  list or a thread: the clean text and
                                  Markdown leave it out (html_repeats) */
};

/* Why a hidden block is hidden (bits of ss_block.hidden): inline style on
 * the element or an ancestor, or the hidden / aria-hidden attributes. */
enum {
    SS_HID_DISPLAY = 1u << 0,    /* display:none */
    SS_HID_VISIBILITY = 1u << 1, /* visibility:hidden */
    SS_HID_OFFSCREEN = 1u << 2,  /* left/top/right/text-indent/margin far
                                    negative (<= -500px or -50em) */
    SS_HID_ZERO_SIZE = 1u << 3,  /* height or width 0/1px with overflow
                                    hidden, or both 0 */
    SS_HID_FONT_ZERO = 1u << 4,  /* font-size:0 */
    SS_HID_ATTR = 1u << 5,       /* the hidden attribute */
    SS_HID_ARIA = 1u << 6,       /* aria-hidden="true" (still drawn: only
                                    screen readers skip it) */
    SS_HID_RULE = 1u << 7,       /* a <style> rule on its class or id hides
                                    it (display, visibility, off-screen, zero
                                    size, font-size:0). Read roughly (no
                                    cascade, media queries or specificity),
                                    so such blocks stay visible blocks and
                                    only carry this bit */
    SS_HID_PANEL = 1u << 8,      /* a tab or accordion panel that the page
                                    hides until its tab is chosen (a
                                    product's description or
                                    specifications, a FAQ's answers), read
                                    as visible when the panels hold text
                                    rather than links: such blocks are
                                    visible blocks and carry this bit */
};

/* What the main-content estimate thinks of a block. */
typedef enum ss_role {
    SS_ROLE_BOILER = 0, /* navigation, footer, menus, lists: not the article */
    SS_ROLE_MAIN,       /* article text */
    SS_ROLE_TITLE       /* the article headline */
} ss_role;

typedef struct ss_block {
    const char *text;      /* visible text, collapsed */
    uint32_t len;          /* bytes in text */
    uint32_t n_words;      /* whitespace-separated words */
    const char *path;      /* tag path from body, e.g. "div/article/p" */
    const char *attrs;     /* class and id words of the ancestors, lower-case,
                              space-separated, nearest first (capped) */
    uint16_t depth;        /* DOM depth of the block element */
    uint8_t heading_level; /* 1..6 for hN, 0 otherwise */
    uint8_t role;          /* ss_role */
    uint32_t flags;        /* SS_BLK_* */
    float link_share;      /* share of text bytes inside <a>, 0..1 */
    uint32_t widget;       /* index into page->widgets, or SS_NONE */
    uint32_t parent_id;    /* id of the enclosing block container (blocks in
                              the same ul/div share it); 0 for text lines.
                              Hidden blocks: the ordinal (from 1) of the
                              hidden element they come from */
    uint16_t hidden;       /* SS_HID_* bits; 0 for a visible block, or
                              SS_HID_RULE and/or SS_HID_PANEL */
    uint32_t at;           /* hidden blocks: index of the visible block that
                              follows them in the document (n_blocks at the
                              end); 0 for visible blocks */
} ss_block;

/*
 * A link: the text of one <a href> inside a block, visible or hidden.
 * Links are in document order; blocks without links have none. Every link
 * names an existing block and a span inside its text.
 */
typedef struct ss_link {
    uint32_t block;      /* index into page->blocks, or page->hidden when
                            hidden is set */
    uint32_t start, end; /* byte span of the anchor text in the block text */
    uint32_t host;       /* hash of the lower-case host of an absolute
                            http(s) or "//" href without "www."; 0 for a
                            relative link (same site) */
    bool hidden;
} ss_link;

/*
 * A list widget: an optional heading block followed by a run of item blocks.
 * HTML: a heading (h2-h6, or a short bold/div line) then a ul/ol of mostly
 * linked short items; or any ul/ol whose items are mostly links.
 * Text: a short line without final punctuation followed by >= 3 short lines
 * (list items "- ..." or headline-like lines).
 */
typedef struct ss_widget {
    uint32_t heading;     /* block index of the heading, or SS_NONE */
    uint32_t first;       /* first item block */
    uint32_t n_items;     /* items are blocks first .. first+n_items-1 */
    float link_share;     /* mean link share of the items */
} ss_widget;

/* Bits of ss_page.limits: caps hit while reading this page. */
enum {
    SS_LIMIT_DEPTH = 1u << 0,     /* DOM deeper than max_depth */
    SS_LIMIT_BLOCKS = 1u << 1,    /* more than max_blocks blocks */
    SS_LIMIT_BLOCK_BYTES = 1u << 2, /* a block was truncated */
    SS_LIMIT_CHARSET = 1u << 3,   /* invalid bytes were replaced (U+FFFD) */
    SS_LIMIT_TOKENS = 1u << 4,    /* more than max_tokens tokens */
    SS_LIMIT_MATCH = 1u << 5,     /* a pcre2 match/depth limit was hit */
    SS_LIMIT_CONTROLS = 1u << 6,  /* stray control bytes became spaces */
};

typedef struct ss_page {
    ss_format format;        /* HTML or TEXT (never AUTO after parsing) */
    const char *charset;     /* what the bytes were decoded from, e.g. "UTF-8" */
    const char *title;       /* <title> (HTML) or first line (text); "" if none */
    const char *og_title;    /* og:title / twitter:title content, or NULL */
    uint32_t title_block;    /* block index of the headline (first h1, or the
                                block repeating the title), or SS_NONE */
    ss_block *blocks;
    uint32_t n_blocks;
    ss_widget *widgets;
    uint32_t n_widgets;
    uint32_t main_first;     /* first block with role MAIN, or SS_NONE */
    uint32_t main_last;      /* last block with role MAIN, or SS_NONE */
    uint32_t limits;         /* SS_LIMIT_* bits */
    /* Text hidden by CSS or attributes (HTML only): kept apart from blocks,
     * so it is never article text, tokens, main content or --clean output;
     * only detectors that look for hidden injections read it. Role BOILER,
     * widget SS_NONE, path "hidden", attrs the class/id words of the hidden
     * element then of its visible ancestors. At most max_blocks. */
    ss_block *hidden;
    uint32_t n_hidden;
    ss_link *links;          /* anchors of blocks and hidden blocks */
    uint32_t n_links;        /* at most 4 * max_blocks */
    uint32_t host;           /* host hash of the page's own address (link
                                rel=canonical, og:url or base href), 0 if
                                the page does not say */
    ss_meta meta;            /* author, date, language, site name, canonical
                                URL (HTML only; all NULL for text) */
    /* Per block, SS_PAIR_WORDS words: a set of the byte pairs its text
     * holds (det_pair_sets_fill), so that a search for a phrase skips the
     * blocks it cannot occur in. NULL (as parsed): every block is searched.
     * Owned by whoever set it; never part of any output. */
    const uint64_t *pair_sets;
    /* The same sets by pair: for each of the 256 pairs, a bit per block in
     * (n_blocks + 63) / 64 words, so that a search visits only the blocks
     * holding all its pairs. NULL when pair_sets is, or when not made. */
    const uint64_t *pair_blocks;
} ss_page;

/* 64-bit words per block in ss_page.pair_sets (a 256-bit set). */
#define SS_PAIR_WORDS 4

/* The host hash that ss_link.host and ss_page.host hold for an absolute
 * URL u (http://, https:// or //), or 0 for a relative one. */
uint32_t ss_page_url_host(const char *u);
/* The same hash of a bare host name host[0..n) (lower-cased as it goes;
 * no scheme, no "www." stripped): what ss_page_url_host gives for
 * "http://" + host when host holds no '/', '?', '#' or ':'. */
uint32_t ss_page_host_hash(const char *host, size_t n);

/*
 * Parse data[0..len) into *page using arena a and the caps in cfg.
 * fmt SS_FORMAT_AUTO sniffs: a leading '<' (after BOM/space) followed by a
 * tag name, '!' or '?', or any of <html, <body, <p, <div in the first 4 KiB,
 * means HTML; anything else is text. charset_hint (may be NULL) is used when
 * the document declares nothing.
 *
 * Returns SS_OK, or SS_ERR_EMPTY (no bytes / no visible text), SS_ERR_BINARY
 * (NUL bytes or many control bytes in the first 4 KiB), SS_ERR_LIMIT (input
 * above cfg->max_page_bytes, or the arena cap), SS_ERR_CHARSET, SS_ERR_PARSE,
 * SS_ERR_NOMEM. On error, err (errlen bytes) receives a one-line message.
 * Caps that only truncate (depth, blocks) set page->limits and return SS_OK.
 */
ss_status ss_page_parse(ss_arena *a,
                        const ss_config *cfg,
                        const char *data,
                        size_t len,
                        ss_format fmt,
                        const char *charset_hint,
                        ss_page *page,
                        char *err,
                        size_t errlen);

/* How ss_page_parse_opt() read a page's HTML. */
typedef struct ss_page_stats {
    size_t cuts;      /* script and style bodies, comment texts and
                         attribute values cut out before the parse
                         (elide.h) */
    size_t cut_bytes; /* their bytes */
    bool fell_back;   /* libxml2 did not agree with a cut: the page as it
                         is was read instead */
} ss_page_stats;

/*
 * ss_page_parse() with the pre-parse pass on or off (elide; ss_page_parse
 * has it on) and, when stats is not NULL, how the page was read. The page
 * is the same either way: this is for tests and benchmarks.
 */
ss_status ss_page_parse_opt(ss_arena *a,
                            const ss_config *cfg,
                            const char *data,
                            size_t len,
                            ss_format fmt,
                            const char *charset_hint,
                            bool elide,
                            ss_page *page,
                            ss_page_stats *stats, /* OUT, may be NULL */
                            char *err,
                            size_t errlen);

/* One-time process-wide initialisation of the HTML parser (libxml2).
 * Idempotent and thread-safe; ss_scorer_create() calls it. */
void ss_page_global_init(void);

/* Names of the bits set in limits, for ss_result.limits. Returns the number
 * written to names (at most max). */
size_t ss_page_limit_names(uint32_t limits, const char **names, size_t max);

#endif /* SS_PAGE_H */
