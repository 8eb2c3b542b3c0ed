/*
 * html_tags.c - the page model's tables (see walk.h): the tags it knows
 * and what each one does to the walk, the class and id words that say
 * "content" or "chrome" (readability's lists, extended), inline styles
 * that hide an element, the class words and labels of tab and accordion
 * panels, and the element records the walk appends.
 */

#include "walk.h"

#include <string.h>

#define T_(n, k, l, f) {n, k, l, sizeof(n) - 1, f}

/* Sorted by name (pw_tag_lookup() indexes it by first letter). */
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
 * name starts with c; filled once by pw_page_tables_init(). */
static uint8_t tag_first[27];

/* Look up a lower-case tag name; NULL for inline/unknown tags. Only the
 * tags with the same first letter are tried, length first. */
const tagdef *
pw_tag_lookup(const char *name)
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
unsigned
pw_style_hidden(const char *s)
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

/* Is the lower-case ASCII part p[0..n) one of the words of list (a
 * NULL-terminated array)? */
static bool
part_in(const char *p, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && !memcmp(*list, p, n))
            return true;
    return false;
}

/* Calls part(p, n, arg) on each part of each word of s (first 256
 * bytes): words are split at white space, parts at '-', '_', digits and
 * other non-letters, and lower-to-upper case changes ("tabs__panel",
 * "a-expander-content", "faqAnswer"), so that a part is a whole word,
 * lower-cased (parts over 23 letters are skipped). part returns true to
 * stop; word_end(arg) is called after each word. True when part stopped
 * the scan. */
static bool
each_part(const char *s, bool (*part)(const char *p, size_t n, void *arg),
          void (*word_end)(void *arg), void *arg)
{
    char buf[24];
    size_t n = 0;
    for (size_t i = 0; i <= 256; i++) {
        char c = i < 256 ? s[i] : '\0';
        bool upper = c >= 'A' && c <= 'Z';
        bool letter = upper || (c >= 'a' && c <= 'z');
        bool camel = upper && n > 0 && n <= sizeof buf && buf[n - 1] >= 'a' && buf[n - 1] <= 'z';
        if (!letter || camel) {
            if (n > 0 && n <= sizeof buf && part(buf, n, arg))
                return true;
            n = 0;
            if (pw_ascii_space((unsigned char)c) || !c)
                word_end(arg);
            if (!c)
                break;
        }
        if (letter) {
            if (n < sizeof buf)
                buf[n] = upper ? (char)(c + 32) : c;
            n++;
        }
    }
    return false;
}

/* What a class word's parts said so far (panel_part()). */
typedef struct panel_scan {
    bool owner, body;
} panel_scan;

/* A class word's part: one that names a panel by itself ("accordion",
 * "collapse", "expander") stops the scan; so does a tab, toggle or FAQ
 * part beside a pane, panel, content or answer part in one class word. */
static bool
panel_part(const char *p, size_t n, void *arg)
{
    static const char *const alone[] = {"tabpanel", "tabpane", "accordion", "collapse",
                                        "collapsible", "expander", "expandable",
                                        "disclosure", NULL};
    static const char *const owner[] = {"tab", "tabs", "toggle", "faq", NULL};
    static const char *const body[] = {"pane", "panel", "content", "contents", "body",
                                       "answer", NULL};
    panel_scan *ps = arg;
    if (part_in(p, n, alone))
        return true;
    ps->owner |= part_in(p, n, owner);
    ps->body |= part_in(p, n, body);
    return ps->owner && ps->body;
}

/* The next class word starts afresh. */
static void
panel_word_end(void *arg)
{
    panel_scan *ps = arg;
    ps->owner = ps->body = false;
}

/* A part of the id that labels an element: the control that opens it. */
static bool
control_part(const char *p, size_t n, void *arg)
{
    static const char *const control[] = {"tab", "trigger", "heading", "header", "button",
                                          "toggle", "accordion", "accordian", NULL};
    (void)arg;
    return part_in(p, n, control);
}

/* Nothing to reset between the words of an aria-labelledby value. */
static void
no_word_end(void *arg)
{
    (void)arg;
}

/*
 * Does a hidden element have the shape of a tab or accordion panel? Its
 * class names a panel (panel_part()), or its aria-labelledby names the
 * tab, heading or button that opens it ("collapse-1-button",
 * "item-3-heading"; a dialog is labelled by its title instead).
 */
bool
pw_panel_class(const char *cls, const char *labelledby)
{
    panel_scan ps = {false, false};
    return (cls && each_part(cls, panel_part, panel_word_end, &ps)) ||
           (labelledby && each_part(labelledby, control_part, no_word_end, NULL));
}

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
 * once by pw_page_tables_init(). */
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
unsigned
pw_match_words(const char *s)
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

/* readability's class weight from pw_match_words() bits. */
int
pw_class_weight(unsigned what)
{
    return ((what & W_POS) ? 25 : 0) - ((what & W_NEG) ? 25 : 0) - ((what & W_CONSENT) ? 100 : 0);
}

/* "Unlikely candidate": chrome words without a "maybe" word. */
bool
pw_unlikely_words(unsigned what)
{
    return (what & W_BAD) && !(what & W_OK);
}

/* Set the walker's status from the arena state after a failed alloc. */
void
pw_alloc_failed(walker *w)
{
    if (w->st == SS_OK)
        w->st = w->a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
}

/* Append a new element record; returns its index or 0 on failure. */
uint32_t
pw_elem_add(walker *w, uint32_t parent, uint32_t kind, const char *name,
            uint16_t depth)
{
    if (w->n_elems == w->cap_elems) {
        uint32_t nc = w->cap_elems ? w->cap_elems * 2 : 256;
        elem *ne = ss_arena_realloc(w->a, w->elems, (size_t)w->cap_elems * sizeof *ne,
                                    (size_t)nc * sizeof *ne);
        if (!ne) {
            pw_alloc_failed(w);
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

/* First-letter indexes of tags[] and needles[] (both sorted by first
 * letter), the needles' first pairs of letters and make_attrs()'s byte
 * map. Runs once, from ss_page_global_init(), before any walk. */
void
pw_page_tables_init(void)
{
    for (unsigned c = 1; c < 256; c++) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            pw_attr_map[c] = ATTR_SPACE;
        else if (c >= 0x80u)
            pw_attr_map[c] = 0;
        else
            pw_attr_map[c] = (uint8_t)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    pw_style_tag = tag_lookup_slow("style");
    pw_button_tag = tag_lookup_slow("button");
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
