/*
 * walk.h - what the files of the page model share (internal; page.h is
 * the module's interface): the tag table's kinds, the element records,
 * the walk frame and the walker, and the functions one file of the page
 * model calls in another (prefixed pw_; each one's contract is at its
 * definition).
 *
 * The page model reads a page in stages, one file each:
 *   html_tags.c     the tag table, class/id words, inline styles that hide,
 *                   the shapes of tab and accordion panels
 *   html_runs.c     text runs -> blocks, links, hidden text, attributes
 *   html_sax.c      the SAX walk over libxml2's events (no tree is built)
 *   page_text.c     scraped text: one block per line, titles, widgets
 *   html_roles.c    titles, list widgets, readability-style content scores
 *   html_regions.c  the main region by the page's shape (listing, thread,
 *                   repeats, fallbacks) and the roles it gives blocks
 *   page.c          the entry points (ss_page_parse and friends)
 */
#ifndef SS_PAGE_WALK_H
#define SS_PAGE_WALK_H

#include "page.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "elide.h"
#include "meta.h"

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
#define PRE_TITLE_SHARE 0.3 /* html_pre_title(): main text above a product's name, at most */

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
    IN_POST_TEXT = 1u << 28,
    IN_PANEL = 1u << 29 /* a hidden tab or accordion panel, shown (the
                           third reading of ss_page_parse) */
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
    bool show_panels;     /* hidden tab and accordion panels are read as
                             visible blocks marked SS_HID_PANEL (the third
                             reading) */
    size_t panel_text;    /* bytes of hidden text in panels that a third
                             reading would show */
    size_t panel_links;   /* ... of it inside links */
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
    bool hid_panel;      /* it has a tab or accordion panel's shape */
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

/* What make_attrs() (html_runs.c) writes for white space in pw_attr_map. */
#define ATTR_SPACE 0xFFu

/* True for the ASCII white-space bytes: space, TAB, LF, VT, FF, CR (bits
 * 32 and 9..13 of the mask). */
static inline bool
pw_ascii_space(unsigned char c)
{
    return c <= 0x20u && ((0x100003E00ull >> c) & 1u);
}

/* Value of attribute pair k of a SAX attribute list ("" for a bare
 * attribute such as "hidden"). */
static inline const char *
pw_att_value(const xmlChar **atts, size_t k)
{
    return atts[k + 1] ? (const char *)atts[k + 1] : "";
}

/* html_tags.c */
const tagdef *
pw_tag_lookup(const char *name);
unsigned
pw_style_hidden(const char *s);
unsigned
pw_match_words(const char *s);
bool
pw_panel_class(const char *cls, const char *labelledby);
int
pw_class_weight(unsigned what);
bool
pw_unlikely_words(unsigned what);
void
pw_alloc_failed(walker *w);
uint32_t
pw_elem_add(walker *w, uint32_t parent, uint32_t kind, const char *name,
            uint16_t depth);
void
pw_page_tables_init(void);

/* html_runs.c */
void
pw_run_append(walker *w, const char *s, size_t len, bool in_link, uint32_t owner, uint32_t inh);
extern uint8_t pw_attr_map[256];
void
pw_run_flush(walker *w);
void
pw_link_open(walker *w, unsigned depth, const char *href);
void
pw_link_close(walker *w, unsigned depth);
void
pw_hidden_enter(walker *w, unsigned why, bool panel, const char *cls, const char *id, uint32_t e,
                uint32_t inh);
void
pw_hidden_leave(walker *w);
void
pw_title_append(walker *w, const char *s, size_t len);
const char *
pw_collapse_dup(walker *w, const char *s);
void
pw_take_meta(walker *w, const xmlChar **atts);
void
pw_scan_attrs(const xmlChar **atts, const char **cls, const char **id, const char **href,
              unsigned *hidden, bool *panel, ss_meta *meta, uint32_t *post);
bool
pw_prefix_ci(const char *s, const char *p);

/* html_css.c */
/* Append s[0..len) to the text of the <style> being read (at most CSS_CAP
 * bytes). */
void
pw_css_append(walker *w, const char *s, size_t len);
/* Read the rules of the <style> text collected, then forget it: the
 * selectors of each rule whose declarations hide are kept (w->hidsel).
 * At-rules ("@media ... {") are stepped into; comments are not
 * understood. */
void
pw_css_read(walker *w);
/* Does a kept <style> rule hide an element with these class words (cls)
 * or this id (either may be NULL)? */
bool
pw_css_rule_hides(const walker *w, const char *cls, const char *id);

/* html_sax.c */
double
pw_thread_seconds(void);
void pw_quiet_error(void *ctx, const char *msg, ...)
    __attribute__((format(printf, 2, 3)));
extern const tagdef *pw_style_tag;
extern const tagdef *pw_button_tag;
ss_status
pw_parse_html(walker *w,
              const char *s,
              size_t len,
              const ss_elided *el,
              bool *redo);

/* page_text.c */
bool
pw_ends_sentence(const char *t, uint32_t len);
void
pw_parse_text(walker *w, const char *s, size_t len);
void
pw_text_titles(walker *w);
bool
pw_widget_add(walker *w, uint32_t heading, uint32_t first, uint32_t n);
void
pw_text_widgets(walker *w);
void
pw_text_roles(walker *w);

/* html_roles.c */
void
pw_html_titles(walker *w);
void
pw_html_widgets(walker *w);
bool
pw_is_caption(const walker *w, uint32_t e);
bool
pw_short_noscript(const elem *e);
bool
pw_good_block(const walker *w, uint32_t i);
bool
pw_is_within(const elem *E, uint32_t a, uint32_t e);
size_t
pw_html_roles_pass(walker *w, bool strip_unlikely);
size_t
pw_class_word(const char **s, const char **word);
bool
pw_same_shape(const elem *a, const elem *b, bool loose);
bool
pw_neg_chrome(const elem *e, size_t page_text);
bool
pw_chrome_zone(const walker *w, uint32_t e, size_t page_text);

/* html_regions.c */
void
pw_html_roles(walker *w);
void
pw_drop_dangling_links(ss_page *pg);
void
pw_set_main_range(ss_page *pg);

/* The walk's deadline check (cfg->max_seconds), on a count of events
 * (SAX events, or lines and 256-byte pieces of a line of text): every
 * 1024th reads the thread's CPU clock. True when the deadline has passed;
 * w->st is then SS_ERR_LIMIT (unless already an error) and w->timed_out
 * is set. Inline: the SAX walk calls it on every event. */
static inline bool
pw_time_up(walker *w)
{
    if (w->deadline <= 0.0 || ++w->ticks < 1024)
        return false;
    w->ticks = 0;
    if (pw_thread_seconds() < w->deadline)
        return false;
    if (w->st == SS_OK)
        w->st = SS_ERR_LIMIT;
    w->timed_out = true;
    return true;
}

#endif
