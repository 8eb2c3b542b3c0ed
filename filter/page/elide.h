/*
 * elide.h - the pre-parse pass: the bodies of <script> and <style>
 * elements, the text of comments and the values of attributes the page
 * model never reads, taken out of a page before libxml2 reads it.
 *
 * libxml2's HTML parser reads a script or style body one character at a
 * time (htmlParseScript), and such bodies are a third of a page's bytes;
 * the page model reads only a few of them (JSON-LD scripts, <style> rules).
 * This pass finds the bodies libxml2 would read as raw text, following
 * libxml2's own tokenizing rules (2.9.14): only script and style are raw
 * (textarea, title, xmp, plaintext, noscript are markup to libxml2);
 * comments run from "<!--" to the first "-->" or "--!>" after it;
 * attribute values are quoted with '"' or '\'' after '=', or run to a blank
 * or '>'; "<script ... />" is an empty element; "<![CDATA[" is text; a raw
 * body ends at the first "</script" (or "</style") in any case, whatever
 * follows. It writes the page without those bodies and records each cut.
 *
 * The pass only has to be right to be fast, never to be correct: the SAX
 * walk (html_sax.c) accepts the parse of the cut page only if libxml2 opened a script (or
 * style) element whose start tag ended exactly at every body cut, and
 * reported an empty comment ending right after every comment cut (a
 * comment is read to the same end in both pages), hands the
 * walker the bodies it reads (JSON-LD, CSS) from the original, and parses
 * the original otherwise (see pw_parse_html there). What makes that check
 * enough: at a cut, libxml2 has the same state on both inputs (the same
 * bytes before it), and a body that does not start with markup libxml2
 * looks at first ("</", or '<' and a letter, '_' or ':') is read raw up to
 * the same "</script" either way, with nothing but text events.
 *
 * Attribute values (src, srcset, data-*, on*, SVG d, alt, title, ...:
 * elide.c lists the names, none of which the page model reads) are a
 * quarter of what is left of the pages (8.6 of 36.3 MB on the 802 pages,
 * 2.3 MB of it <a> hrefs), read by libxml2 one character at a time too
 * (htmlParseHTMLAttribute). A quoted value is cut to an empty one (""),
 * an <a>'s href to what decides its host (ss_page_url_host: the page
 * model reads nothing else of it). html_sax.c accepts a cut if libxml2
 * was in its content loop at the tag's '<', about to read that start tag
 * (an event left its input there, or at end tags before it: sax_attr_cuts
 * there says which events prove it), then reported the start tag with
 * its '>' (or "/>") where the cut page has it, and the attribute, first
 * of its name, with the value the cut left (a kept prefix holds no '&'
 * and only ASCII: libxml2 passes it as it is). From the tag's '<'
 * libxml2 tokenizes a start tag as this pass does, and the same bytes up
 * to the cut's opening quote give the same state in both pages: a quoted
 * value is read to the first quote of its kind, whatever it holds, and
 * nothing libxml2 does after it depends on the value (only <meta>'s
 * charset, content and http-equiv do, and those are never cut). The pass
 * cuts only in tags that hold no other '<' outside the cut values, whose
 * '<' follows no byte of a name (so no libxml2 event fired inside another
 * start tag, after its name, can sit at that '<'), not in a page's first
 * start tag, and only under a name's first use in its tag (libxml2 drops
 * the second).
 *
 * Those rules are libxml2's up to 2.9.14 (2.14 reads HTML5's way, with
 * script bodies that "<!--" and "<script" can extend): page.c cuts only
 * when the libxml2 it runs with is 2.9.11 to 2.9.14, whose raw-text,
 * start-tag and UTF-8 reading this was checked against.
 *
 * Input contract: s is what ss_charset_to_utf8() writes (well-formed UTF-8
 * without NUL): libxml2 would change its own state on an invalid byte in
 * a body (it switches to ISO-8859-1), which a cut page would not show.
 */
#ifndef SS_ELIDE_H
#define SS_ELIDE_H

#include <stddef.h>
#include <stdint.h>

/* Bodies shorter than this are left in (a cut costs a check). */
#define SS_ELIDE_MIN 32u
/* ... and attribute values (their check is cheaper: a few compares in the
 * start tag's event). */
#define SS_ELIDE_ATTR_MIN 16u

/* ss_elide_cut.kind: what the cut text was: the body of a script or a
 * style element, the text of a comment (the page model reads none of a
 * comment but that it is there; the page keeps "<!---->"), or the value
 * of an attribute the page model does not read (the page keeps name=""
 * or name=''). */
enum { SS_ELIDE_SCRIPT = 1, SS_ELIDE_STYLE = 2, SS_ELIDE_COMMENT = 3, SS_ELIDE_ATTR = 4 };

typedef struct ss_elide_cut {
    uint32_t at;   /* offset in the cut page where the body was (the byte
                      after the start tag's '>', after a comment's "<!--",
                      after an attribute value's opening quote) */
    uint32_t src;  /* offset of the body in the original */
    uint32_t len;  /* bytes of the body (>= SS_ELIDE_MIN, or
                      SS_ELIDE_ATTR_MIN for an attribute value) */
    uint32_t kind; /* SS_ELIDE_* */
    /* SS_ELIDE_ATTR only (0 for the others): */
    uint32_t tag_at; /* offset in the cut page of the tag's '<' */
    uint32_t gt_at;  /* ... of its end, the '>' or the '/' of "/>" (where
                        libxml2's input stands when it reports the tag) */
    uint32_t name;   /* offset in the original of the attribute's name */
    uint16_t nlen;   /* its bytes (at most 100, libxml2's cap) */
    uint16_t keep;   /* bytes of the value left before the cut (an <a>'s
                        href keeps what decides its host), 0 for others:
                        the cut page has name="" or name="kept" */
} ss_elide_cut;

typedef struct ss_elided {
    const char *data;         /* the page without the cut bodies: s itself
                                 when nothing was cut */
    size_t len;               /* bytes in data */
    const ss_elide_cut *cuts; /* in document order; in the scratch */
    size_t n_cuts;
    size_t cut_bytes;         /* bytes taken out */
} ss_elided;

/* Bytes of scratch that ss_elide() needs for a page of len bytes (len at
 * most UINT32_MAX / 2). */
size_t ss_elide_scratch(size_t len);

/*
 * Find the raw bodies of s[0..len) and, when there are any, write the page
 * without them into scratch (ss_elide_scratch(len) bytes, aligned for
 * uint32_t), which then holds out->data and out->cuts: both are valid as
 * long as scratch is. Returns out->n_cuts.
 */
size_t ss_elide(const char *s,
                size_t len,
                void *scratch,
                ss_elided *out /* OUT */);

#endif /* SS_ELIDE_H */
