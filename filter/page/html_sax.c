/*
 * html_sax.c - the HTML walk (see walk.h): libxml2's recovering HTML
 * parser driven through its SAX interface, with the walk's own frame
 * stack for the first max_depth levels; the pre-parse cuts (elide.h) are
 * checked as libxml2 reaches them. The text of <style> elements goes to
 * html_css.c, which keeps the class and id selectors its rules hide.
 */

#include "walk.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "elide.h"
#include "fnv.h"
#include "meta.h"

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

#define CLS_MEMO_SLOTS 64u /* class values whose pw_match_words() is kept */

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
    bool p_panel;         /* (pending) a hidden panel shown (IN_PANEL) */
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
    /* pw_match_words() of recent class values, a slot per hash: classes
     * repeat (every item of a menu has the same ones). */
    struct {
        const char *s; /* the value (in the arena), NULL: empty */
        unsigned what;
    } cls_memo[CLS_MEMO_SLOTS];
} sax_state;

/* pw_match_words(s) for a class value, through x->cls_memo. */
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
    unsigned what = pw_match_words(s);
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
double
pw_thread_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* pw_time_up() on a SAX event, and the parser stopped when it says so.
 * True when it stopped. */
static bool
sax_time_up(sax_state *x)
{
    if (!pw_time_up(x->w))
        return false;
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
void
pw_quiet_error(void *ctx, const char *msg, ...)
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
        uint32_t ei = pw_elem_add(w, top->elem, kind, td->name,
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
        unsigned wi = pw_match_words(x->p_id);
        e->weight = (int16_t)(pw_class_weight(wc) + pw_class_weight(wi));
        e->caption = ((wc | wi) & W_CAPTION) != 0;
        e->comment = ((wc | wi) & W_COMMENT) != 0;
        e->widget_only = ((wc | wi) & W_WIDGET_ONLY) && ((wc & W_WIDGET_ONLY) || !(wc & W_NEG)) &&
                         ((wi & W_WIDGET_ONLY) || !(wi & W_NEG));
        bool exempt = (td->tflags & T_EXEMPT) != 0;
        e->own_unlikely = !exempt && (pw_unlikely_words(wc) || pw_unlikely_words(wi));
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
    if (x->p_panel)
        f->inh |= IN_PANEL;
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
        pw_alloc_failed(x->w);
    return c;
}

/* The tags[] entry of <style>, found once by pw_page_tables_init(). */
const tagdef *pw_style_tag;
const tagdef *pw_button_tag;

/* <link rel="canonical" href> or <base href>: the page's own host. */
static void
take_host_link(walker *w, const char *nm, const xmlChar **atts, const char *href)
{
    if (nm[0] == 'l') {
        bool canonical = false;
        for (size_t k = 0; atts && atts[k]; k += 2)
            if (!strcmp((const char *)atts[k], "rel") && pw_prefix_ci(pw_att_value(atts, k), "canonical"))
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
                pw_run_flush(w);
        }
        x->skip = depth + 1;
        x->skip_button = false;
        return;
    }
    w->brs = 0;
    const char *cls, *id, *href;
    unsigned hidden;
    bool panel;
    uint32_t post;
    pw_scan_attrs(atts, &cls, &id, &href, &hidden, &panel, &w->page->meta, &post);
    w->hid_why |= (uint16_t)hidden;
    if (kind & K_BLOCK) {
        x->open[depth] |= OPEN_CLOSES;
        pw_run_flush(w);
    }
    if (kind & K_A)
        pw_link_open(w, depth, href);
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
            rel = pw_att_value(atts, k);
        else if (!strcmp(an, "href"))
            href = pw_att_value(atts, k);
        else if (!strcmp(an, "type"))
            type = pw_att_value(atts, k);
        else if (!strcmp(an, "lang") || !strcmp(an, "xml:lang"))
            lang = pw_att_value(atts, k);
        else if (!strcmp(an, "datetime"))
            dt = pw_att_value(atts, k);
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
    const tagdef *td = pw_tag_lookup(nm);
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
            pw_alloc_failed(w);
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
    const tagdef *td = pw_tag_lookup(nm);
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
            pw_take_meta(w, atts);
        } else if (kind & K_BR) {
            /* One <br> is a space; two in a row end the block (as
             * readability turns <br><br> into paragraphs). */
            if (w->len > 0)
                w->pending_space = true;
            if (++w->brs >= 2)
                pw_run_flush(w);
        } else if (td == pw_style_tag && !x->style_depth) {
            x->style_depth = depth + 1;
            w->css_len = 0;
        }
        x->skip = depth + 1;
        x->skip_button = td == pw_button_tag;
        return;
    }
    const char *cls, *id, *href;
    unsigned hidden;
    bool panel;
    uint32_t post;
    pw_scan_attrs(atts, &cls, &id, &href, &hidden, &panel, &w->page->meta, &post);
    if (w->show_styled)
        hidden &= ~(unsigned)(SS_HID_DISPLAY | SS_HID_VISIBILITY | SS_HID_ZERO_SIZE);
    /* A panel hidden the ways tabs and accordions hide them (not moved off
     * the screen or shrunk to a zero font, as injected text is) is shown;
     * its blocks carry SS_HID_PANEL unless aria-hidden alone hid it (drawn
     * for every reader). */
    panel = panel && !(hidden & ~(unsigned)(SS_HID_DISPLAY | SS_HID_VISIBILITY | SS_HID_ZERO_SIZE |
                                            SS_HID_ATTR | SS_HID_ARIA));
    bool show_panel = panel && w->show_panels;
    bool mark_panel = show_panel && (hidden & ~(unsigned)SS_HID_ARIA);
    if (show_panel)
        hidden = 0;
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
        x->p_panel = false;
        x->p_post = 0;
        x->p_kind = kind;
        x->p_td = td;
        x->p_cls = x->p_id = NULL;
        return;
    }
    if (kind & K_BLOCK) {
        x->open[depth] |= OPEN_CLOSES;
        pw_run_flush(w);
    }
    if (hidden) {
        const frame *top = &x->stack[depth < x->max_depth ? depth : x->max_depth - 1];
        if (top->inh & IN_HEAD) {
            x->skip = depth + 1;
            x->skip_button = false;
            return;
        }
        pw_hidden_enter(w, hidden, panel, cls, id, top->elem, top->inh);
        x->hide = depth + 1;
        if (kind & K_A)
            pw_link_open(w, depth, href);
        if (w->st != SS_OK)
            sax_fail(x);
        return;
    }
    if (kind & K_A)
        pw_link_open(w, depth, href);
    x->pending = true;
    x->p_title = false;
    x->p_hidden = false;
    x->p_rulehid = w->n_hidsel && (cls || id) && pw_css_rule_hides(w, cls, id);
    x->p_panel = mark_panel;
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
 * given up (pw_parse_html parses the original). */
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
 * that construct there, so the cut page is given up (pw_parse_html parses
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
        pw_css_read(w);
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
        pw_link_close(w, depth);
        if (depth + 1 > x->hide) {
            if ((fl & OPEN_CLOSES) && w->st == SS_OK)
                pw_run_flush(w);
            return;
        }
        pw_hidden_leave(w); /* the hidden element itself ends */
        x->hide = 0;
    } else {
        pw_link_close(w, depth);
    }
    if ((fl & OPEN_DEEP_A) && x->deep_links)
        x->deep_links--;
    if ((fl & OPEN_CLOSES) && w->st == SS_OK)
        pw_run_flush(w);
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
            pw_title_append(w, (const char *)ch, (size_t)len);
        return;
    }
    if (x->style_depth && x->n_open == x->style_depth) {
        pw_css_append(w, (const char *)ch, (size_t)len);
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
        pw_run_append(w, (const char *)ch, (size_t)len, w->link_open, 0, 0);
        return;
    }
    unsigned d = x->n_open; /* depth of the text node */
    const frame *top = &x->stack[d < x->max_depth ? d : x->max_depth - 1];
    if (!(top->inh & IN_HEAD)) {
        pw_run_append(w, (const char *)ch, (size_t)len, (top->inh & IN_A) != 0 || x->deep_links > 0,
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

/*
 * Parse HTML (already UTF-8) into the walker's page: s[0..len), or the
 * same page with script and style bodies cut out (el, may be NULL; see
 * elide.h). *redo is set when libxml2 did not agree with a cut (or hit
 * its depth cap, whose report a cut body could change): the walk is then
 * not the original's, and the caller reads the original instead.
 */
ss_status
pw_parse_html(walker *w,
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
        pw_alloc_failed(w);
        return w->st;
    }
    x.stack[0].elem = 0;
    x.stack[0].inh = 0;
    /* libxml2 keeps the generic error handler per thread: ours for this
     * parse, then the host's again. */
    xmlGenericErrorFunc host_error = xmlGenericError;
    void *host_error_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(&x, pw_quiet_error);
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
        pw_hidden_leave(w); /* a hidden element still open at the end */
    xmlSetGenericErrorFunc(host_error_ctx, host_error);
    if (x.nomem && w->st == SS_OK)
        w->st = SS_ERR_NOMEM;
    if (w->st == SS_OK)
        pw_run_flush(w);
    return w->st;
}
