/*
 * elide.c - the pre-parse pass: find the raw bodies of <script> and
 * <style> elements, the text of comments and the values of attributes
 * nobody reads as libxml2 2.9.14 tokenizes a page, and write the page
 * without them (see elide.h for what makes this safe).
 *
 * The scan visits each '<' that libxml2's content loop would look at
 * (memchr between them: text and references never hide a '<' from it) and
 * steps over the construct it starts: a comment, a DOCTYPE, a processing
 * instruction, an end tag, a start tag with its attributes, and after a
 * script or style start tag the raw body. Where libxml2 would read the rest
 * of the page as one construct (an unclosed comment, quote or body), or
 * where its next state is not plain (an end tag "</scripts" inside a
 * body), the scan stops: no cut after that point.
 */
#include "elide.h"

#include <stdbool.h>
#include <string.h>

#define STOP ((size_t)-1) /* the scan cannot follow libxml2 past here */
#define NAME_CAP 100u     /* libxml2's HTML_PARSER_BUFFER_SIZE: a tag or
                             attribute name is cut after this many bytes */

/* Byte classes (bits of byte_class[]): an ASCII letter; a byte that
 * htmlParseHTMLName takes after the first (letters, digits, ':', '-', '_',
 * '.'); one it takes first (letters, '_', ':', '.'); libxml2's
 * IS_BLANK_CH (space, TAB, LF, CR). */
enum { C_LETTER = 1, C_NAME = 2, C_NAME_START = 4, C_BLANK = 8 };

static const uint8_t byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 0, 0, 8, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 6, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 6, 0, 0, 0, 0, 0,
    0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 6,
    0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static inline bool
blank(unsigned char c)
{
    return byte_class[c] & C_BLANK;
}

static inline bool
letter(unsigned char c)
{
    return byte_class[c] & C_LETTER;
}

static inline bool
name_char(unsigned char c)
{
    return byte_class[c] & C_NAME;
}

static inline bool
name_start(unsigned char c)
{
    return byte_class[c] & C_NAME_START;
}

/* Past a name of at most NAME_CAP bytes at i (htmlParseHTMLName). */
static size_t
name_end(const unsigned char *s, size_t len, size_t i)
{
    size_t stop = len - i > NAME_CAP ? i + NAME_CAP : len;
    while (i < stop && name_char(s[i]))
        i++;
    return i;
}

static size_t
skip_blanks(const unsigned char *s, size_t len, size_t i)
{
    while (i < len && blank(s[i]))
        i++;
    return i;
}

/* Past the first '>' at or after i, or STOP. */
static size_t
past_gt(const unsigned char *s, size_t len, size_t i)
{
    const unsigned char *g = i < len ? memchr(s + i, '>', len - i) : NULL;
    return g ? (size_t)(g - s) + 1 : STOP;
}

/* s[i..] starts with "<!--": past the comment's end, the first "-->" or
 * "--!>" that starts 4 bytes or more after i (htmlParseComment reads two
 * characters before it looks), or STOP; *close is where that end starts. */
static size_t
comment_end(const unsigned char *s, size_t len, size_t i, size_t *close)
{
    size_t j = i + 4;
    while (j + 2 < len) {
        const unsigned char *d = memchr(s + j, '-', len - j - 2);
        if (!d)
            return STOP;
        j = (size_t)(d - s);
        *close = j;
        if (s[j + 1] == '-') {
            if (s[j + 2] == '>')
                return j + 3;
            if (s[j + 2] == '!' && j + 3 < len && s[j + 3] == '>')
                return j + 4;
        }
        j++;
    }
    return STOP;
}

/* Does s[i..] start with the lower-case word w, in any case? */
static bool
has_word_ci(const unsigned char *s, size_t len, size_t i, const char *w, size_t wl)
{
    if (len - i < wl)
        return false;
    for (size_t k = 0; k < wl; k++)
        if ((s[i + k] | 0x20u) != (unsigned char)w[k])
            return false;
    return true;
}

/* A quoted literal of a DOCTYPE at i (htmlParseSystemLiteral): past its
 * closing quote, i when there is no quote, STOP when it is not closed. */
static size_t
literal_end(const unsigned char *s, size_t len, size_t i)
{
    if (i >= len || (s[i] != '"' && s[i] != '\''))
        return i;
    const unsigned char *q = memchr(s + i + 1, s[i], len - i - 1);
    return q ? (size_t)(q - s) + 1 : STOP;
}

/* s[i..] starts with "<!DOCTYPE" in any case: past the declaration as
 * htmlParseDocTypeDecl reads it (a name, then SYSTEM "..." or PUBLIC "..."
 * "...", whose quotes may hold '>', then on to the next '>'), or STOP. */
static size_t
doctype_end(const unsigned char *s, size_t len, size_t i)
{
    size_t j = skip_blanks(s, len, i + 9);
    while (j < len && (name_char(s[j]) || s[j] >= 0x80u))
        j++;
    j = skip_blanks(s, len, j);
    bool system = has_word_ci(s, len, j, "system", 6), public = has_word_ci(s, len, j, "public", 6);
    if (system || public) {
        j = literal_end(s, len, skip_blanks(s, len, j + 6));
        if (public && j != STOP)
            j = literal_end(s, len, skip_blanks(s, len, j));
        if (j == STOP)
            return STOP;
    }
    return past_gt(s, len, j);
}

/* The first "</" + w (w lower-case, any case in s) at or after i: its
 * offset, or STOP. */
static size_t
find_close(const unsigned char *s, size_t len, size_t i, const char *w, size_t wl)
{
    while (i < len) {
        const unsigned char *p = memchr(s + i, '<', len - i);
        if (!p)
            return STOP;
        size_t k = (size_t)(p - s);
        if (k + 1 < len && s[k + 1] == '/' && has_word_ci(s, len, k + 2, w, wl))
            return k;
        i = k + 1;
    }
    return STOP;
}

/* The scan's state: the cuts found so far. */
typedef struct scan {
    const unsigned char *s;
    size_t len;
    ss_elide_cut *cuts;
    size_t n;
    size_t cap;
    bool tagged; /* a start tag was read */
} scan;

/* A new cut of len bytes at src, or NULL when the records are full (every
 * cut is optional). */
static ss_elide_cut *
add_cut(scan *sc, unsigned kind, size_t src, size_t len)
{
    if (sc->n == sc->cap)
        return NULL;
    ss_elide_cut *c = &sc->cuts[sc->n++];
    memset(c, 0, sizeof *c);
    c->src = (uint32_t)src;
    c->len = (uint32_t)len;
    c->kind = kind;
    return c;
}

/*
 * Is s[i..i+n), an attribute name, one whose value the page model never
 * reads? The page model reads class, id, href, style, hidden, aria-hidden,
 * itemtype, itemprop, rel, type, lang, xml:lang, datetime, property, name
 * and content (scan_attrs, take_meta, take_host_link, sax_meta_element),
 * and libxml2 reads <meta>'s charset, content and http-equiv: none is
 * here, and a name the page model comes to read must leave this list. These are
 * the names that carry the bytes on the 802 pages (src 1.2 MB, SVG d 0.9,
 * data-* 0.8, on* 0.8, value 0.3, title 0.2, srcset 0.2, alt 0.1 ...).
 */
static bool
cuttable_name(const unsigned char *s, size_t i, size_t n)
{
    static const struct {
        const char *w;
        size_t n;
    } names[] = {
        {"src", 3},         {"srcset", 6},      {"d", 1},           {"alt", 3},
        {"title", 5},       {"value", 5},       {"points", 6},      {"sizes", 5},
        {"action", 6},      {"xlink:href", 10}, {"background", 10}, {"poster", 6},
        {"placeholder", 11}, {"aria-label", 10}, {"aria-labelledby", 15},
        {"aria-describedby", 16}, {"transform", 9}, {"coords", 6}, {"face", 4},
        {"integrity", 9},
    };
    size_t end = i + n;
    if (n > 5 && has_word_ci(s, end, i, "data-", 5))
        return true;
    if (n > 2 && has_word_ci(s, end, i, "on", 2))
        return true; /* event handlers */
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (names[k].n == n && has_word_ci(s, end, i, names[k].w, n))
            return true;
    return false;
}

/*
 * The bytes of an <a>'s href value u[0..n) that decide its host as
 * ss_page_url_host() reads it (blanks, "http://", "https://" or "//",
 * "www.", then the host up to '/', '?', '#' or ':'): the host of any value
 * that starts with them is the same, and the page model reads nothing
 * else of an <a>'s href. n when the value cannot be cut so (no end to the
 * host, a long one, an entity or non-ASCII byte that libxml2 would
 * decode before it). A value with no such scheme has no host, and
 * neither has any prefix of it: nothing is kept.
 */
static size_t
href_keep(const unsigned char *u, size_t n)
{
    size_t i = 0;
    while (i < n && (u[i] == ' ' || u[i] == '\t' || u[i] == '\n' || u[i] == '\r'))
        i++;
    if (has_word_ci(u, n, i, "https://", 8))
        i += 8;
    else if (has_word_ci(u, n, i, "http://", 7))
        i += 7;
    else if (n - i >= 2 && u[i] == '/' && u[i + 1] == '/')
        i += 2;
    else
        return 0;
    if (has_word_ci(u, n, i, "www.", 4))
        i += 4;
    size_t host = i;
    while (i < n && u[i] != '/' && u[i] != '?' && u[i] != '#' && u[i] != ':') {
        if (u[i] == '&' || u[i] >= 0x80u || i - host >= 200)
            return n;
        i++;
    }
    return i;
}

/* Is there a '<' in s[from..to)? */
static bool
has_lt(const unsigned char *s, size_t from, size_t to)
{
    return to > from && memchr(s + from, '<', to - from) != NULL;
}

/*
 * The attribute cuts sc->cuts[first..] of the start tag at lt, whose end
 * ('>' or the '/' of "/>") is at gt: kept when the tag holds no other '<'
 * outside them (html_sax.c's check needs that: see elide.h), else dropped.
 * They keep offsets in the original until the page is written.
 */
static void
keep_attr_cuts(scan *sc, size_t first, size_t lt, size_t gt)
{
    size_t from = lt + 1;
    for (size_t k = first; k < sc->n; k++) {
        if (has_lt(sc->s, from, sc->cuts[k].src)) {
            sc->n = first;
            return;
        }
        from = (size_t)sc->cuts[k].src + sc->cuts[k].len;
    }
    if (has_lt(sc->s, from, gt + 1)) {
        sc->n = first;
        return;
    }
    for (size_t k = first; k < sc->n; k++)
        sc->cuts[k].gt_at = (uint32_t)gt;
}

/* A quoted value s[v..v+vl) of the attribute named s[nm..nm+nl) in the
 * start tag at lt (an <a>'s when link): recorded as a cut if the page
 * model reads none of it, or reads only the start of an <a>'s href. */
static void
attr_cut(scan *sc, size_t lt, bool link, size_t nm, size_t nl, size_t v, size_t vl)
{
    size_t keep = 0;
    if (link && nl == 4 && has_word_ci(sc->s, nm + nl, nm, "href", 4))
        keep = href_keep(sc->s + v, vl);
    else if (!cuttable_name(sc->s, nm, nl))
        return;
    if (vl - keep < SS_ELIDE_ATTR_MIN)
        return;
    ss_elide_cut *c = add_cut(sc, SS_ELIDE_ATTR, v + keep, vl - keep);
    if (!c)
        return;
    c->tag_at = (uint32_t)lt;
    c->name = (uint32_t)nm;
    c->nlen = (uint16_t)nl;
    c->keep = (uint16_t)keep;
}

/* The attribute names of one start tag, for the cuts: libxml2 drops the
 * second of two alike, so a value is cut only under a name's first use
 * (html_sax.c could not tell a dropped value from a misread one). */
#define TAG_NAMES 32u
typedef struct tag_names {
    uint32_t at[TAG_NAMES];
    uint8_t len[TAG_NAMES];
    size_t n;
} tag_names;

/* Note the name s[nm..nm+nl) of an attribute (a tag with more than
 * TAG_NAMES gets no more cuts). */
static inline void
note_name(tag_names *tn, size_t nm, size_t nl)
{
    if (tn->n < TAG_NAMES) {
        tn->at[tn->n] = (uint32_t)nm;
        tn->len[tn->n] = (uint8_t)nl;
    }
    tn->n++;
}

/* Is the attribute name noted last its first use in the tag? */
static bool
first_use(const unsigned char *s, const tag_names *tn)
{
    if (tn->n > TAG_NAMES)
        return false;
    size_t last = tn->n - 1, nm = tn->at[last], nl = tn->len[last];
    for (size_t k = 0; k < last; k++) {
        if (tn->len[k] != nl)
            continue;
        size_t i = 0;
        while (i < nl && (s[tn->at[k] + i] | 0x20u) == (s[nm + i] | 0x20u))
            i++;
        if (i == nl)
            return false;
    }
    return true;
}

/*
 * The attributes of a start tag at lt from i (after its name), as
 * htmlParseStartTag reads them: past the tag's end, *self_closed when it
 * ends with "/>" (libxml2 then ends the element at once); STOP when a
 * quote or the tag is not closed (libxml2 reads to the end of the page).
 * With cut, the quoted values the page model does not read are recorded
 * as cuts (attr_cut; link: the tag is an <a>).
 */
static size_t
tag_end(scan *sc, size_t lt, size_t i, bool cut, bool link, bool *self_closed)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len, first = sc->n;
    tag_names tn;
    tn.n = 0;
    size_t j = skip_blanks(s, len, i);
    while (j < len && s[j] != '>' && !(s[j] == '/' && j + 1 < len && s[j + 1] == '>')) {
        if (name_start(s[j])) {
            size_t nm = j, ne = name_end(s, len, j);
            note_name(&tn, nm, ne - nm);
            j = skip_blanks(s, len, ne);
            if (j < len && s[j] == '=') {
                j = skip_blanks(s, len, j + 1);
                if (j < len && (s[j] == '"' || s[j] == '\'')) {
                    const unsigned char *q = memchr(s + j + 1, s[j], len - j - 1);
                    if (!q) {
                        sc->n = first;
                        return STOP;
                    }
                    size_t v = j + 1, vl = (size_t)(q - s) - v;
                    if (cut && vl >= SS_ELIDE_ATTR_MIN && first_use(s, &tn))
                        attr_cut(sc, lt, link, nm, ne - nm, v, vl);
                    j = (size_t)(q - s) + 1;
                } else {
                    while (j < len && s[j] != '>' && !blank(s[j]))
                        j++;
                }
            }
        } else {
            /* not a name: libxml2 drops it up to a blank or the tag's end */
            while (j < len && !blank(s[j]) && s[j] != '>' &&
                   !(s[j] == '/' && j + 1 < len && s[j + 1] == '>'))
                j++;
        }
        j = skip_blanks(s, len, j);
    }
    if (j >= len) {
        sc->n = first;
        return STOP;
    }
    if (sc->n > first)
        keep_attr_cuts(sc, first, lt, j);
    *self_closed = s[j] == '/';
    return *self_closed ? j + 2 : j + 1;
}

/* Does a body starting at b (before e) start with markup that libxml2
 * reads before it turns to the raw text: "</", or '<' and a letter, '_'
 * or ':' (an end tag, or a start tag it checks for auto-closing)? */
static bool
markup_first(const unsigned char *s, size_t b, size_t e)
{
    if (s[b] != '<' || b + 1 >= e)
        return false;
    unsigned char c = s[b + 1];
    return c == '/' || letter(c) || c == '_' || c == ':';
}

/*
 * A start tag at i (s[i] == '<', s[i + 1] a letter): past it, and past the
 * raw body and its end tag for script and style, recording the body as a
 * cut; or STOP.
 */
static size_t
start_tag(scan *sc, size_t i)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len;
    size_t j = name_end(s, len, i + 1), n = j - (i + 1);
    unsigned kind = 0;
    if (n == 6 && has_word_ci(s, len, i + 1, "script", 6))
        kind = SS_ELIDE_SCRIPT;
    else if (n == 5 && has_word_ci(s, len, i + 1, "style", 5))
        kind = SS_ELIDE_STYLE;
    /* Attribute values are cut where html_sax.c can check them (elide.h): not
     * in a tag right after a name's byte, nor in <meta> (libxml2 reads its
     * values) or <html>, <head>, <body> (libxml2 drops a misplaced one
     * without a word, and opens them unasked inside other tags), nor in
     * the page's first start tag (what comes before it, a DOCTYPE, blanks,
     * often sends no event). */
    bool cut = sc->tagged && !name_char(s[i - 1]) &&
               !((n == 4 && (has_word_ci(s, len, i + 1, "meta", 4) ||
                             has_word_ci(s, len, i + 1, "html", 4) ||
                             has_word_ci(s, len, i + 1, "head", 4) ||
                             has_word_ci(s, len, i + 1, "body", 4))));
    bool self_closed = false;
    bool link = n == 1 && (s[i + 1] | 0x20u) == 'a';
    size_t b = tag_end(sc, i, j, cut, link, &self_closed);
    sc->tagged = true;
    if (!kind || b == STOP || self_closed)
        return b;
    const char *w = kind == SS_ELIDE_SCRIPT ? "script" : "style";
    size_t wl = kind == SS_ELIDE_SCRIPT ? 6 : 5;
    size_t e = find_close(s, len, b, w, wl);
    if (e == STOP)
        return STOP; /* the body runs to the end of the page */
    if (e > b && s[b] == '<' && b + 1 < e && s[b + 1] == '/')
        return STOP; /* libxml2 reads an end tag first: its next state is not plain */
    if (e - b >= SS_ELIDE_MIN && !markup_first(s, b, e))
        (void)add_cut(sc, kind, b, e - b);
    /* "</scripts": an end tag of another name, after which libxml2 reads
     * on as the body (or closes what that name closes) */
    if (e + 2 + wl < len && name_char(s[e + 2 + wl]))
        return STOP;
    return past_gt(s, len, e + 2 + wl);
}

/* Past the construct that starts at the '<' at i, or STOP. */
static size_t
construct(scan *sc, size_t i)
{
    const unsigned char *s = sc->s;
    size_t len = sc->len;
    if (i + 1 >= len)
        return len;
    unsigned char c = s[i + 1];
    if (letter(c))
        return start_tag(sc, i);
    if (c == '/')
        return name_start(i + 2 < len ? s[i + 2] : 0) ? past_gt(s, len, i + 2) : i + 2;
    if (c == '!') {
        if (i + 3 < len && s[i + 2] == '-' && s[i + 3] == '-') {
            size_t close = 0, end = comment_end(s, len, i, &close);
            /* the page keeps "<!---->" (or "<!----!>"): an empty
             * comment, which is all the page model sees of one */
            if (end != STOP && close - (i + 4) >= SS_ELIDE_MIN)
                (void)add_cut(sc, SS_ELIDE_COMMENT, i + 4, close - (i + 4));
            return end;
        }
        if (has_word_ci(s, len, i + 2, "doctype", 7))
            return doctype_end(s, len, i);
        return i + 1; /* "<!x", "<![CDATA[": text to libxml2 */
    }
    if (c == '?') {
        unsigned char t = i + 2 < len ? s[i + 2] : 0;
        return letter(t) || t == '_' || t == ':' || t >= 0x80u ? past_gt(s, len, i + 2) : i + 2;
    }
    return i + 1; /* '<' as text */
}

/* Cuts recorded at most for a page of len bytes (a page of many small
 * scripts or attribute values keeps the later ones). */
static size_t
max_cuts(size_t len)
{
    return len / 128u + 64u;
}

size_t
ss_elide_scratch(size_t len)
{
    return max_cuts(len) * sizeof(ss_elide_cut) + len + 1;
}

size_t
ss_elide(const char *s,
         size_t len,
         void *scratch,
         ss_elided *out)
{
    scan sc = {(const unsigned char *)s, len, scratch, 0, max_cuts(len), false};
    out->data = s;
    out->len = len;
    out->cuts = sc.cuts;
    out->n_cuts = 0;
    out->cut_bytes = 0;
    size_t i = 0;
    while (i < len && sc.n < sc.cap) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = construct(&sc, (size_t)(lt - s));
    }
    if (sc.n == 0)
        return 0;
    /* Write the page without the bodies after the cut records. */
    char *o = (char *)scratch + sc.cap * sizeof(ss_elide_cut);
    size_t from = 0, w = 0, lt = STOP, lt_at = 0;
    for (size_t k = 0; k < sc.n; k++) {
        ss_elide_cut *c = &sc.cuts[k];
        memcpy(o + w, s + from, c->src - from);
        w += c->src - from;
        c->at = (uint32_t)w;
        if (c->kind == SS_ELIDE_ATTR) {
            /* the tag's '<' moves by what was cut before its first cut */
            if (c->tag_at != lt) {
                lt = c->tag_at;
                lt_at = lt - (c->src - w);
            }
            c->tag_at = (uint32_t)lt_at;
        }
        from = (size_t)c->src + c->len;
        out->cut_bytes += c->len;
    }
    memcpy(o + w, s + from, len - from);
    w += len - from;
    o[w] = '\0';
    /* a tag's end moves by what was cut up to its last cut */
    for (size_t k = sc.n; k-- > 0;) {
        ss_elide_cut *c = &sc.cuts[k];
        if (c->kind != SS_ELIDE_ATTR)
            continue;
        const ss_elide_cut *next = k + 1 < sc.n ? &sc.cuts[k + 1] : NULL;
        if (next && next->kind == SS_ELIDE_ATTR && next->tag_at == c->tag_at)
            c->gt_at = next->gt_at;
        else
            c->gt_at -= c->src - c->at + c->len;
    }
    out->data = o;
    out->len = w;
    out->n_cuts = sc.n;
    return sc.n;
}
