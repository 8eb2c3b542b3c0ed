/*
 * tool_jsonscan.h - the command's fast scanner of one JSON Lines line
 * (tool_jsonscan.c): a strict RFC 8259 scanner for the shape
 * {"id": ..., "url": "...", "html": "..."} that finds the members the
 * command reads and decodes the page string while it validates it.
 * tool_jsonl.c hands jansson every line it declines.
 */
#ifndef SS_TOOL_JSONSCAN_H
#define SS_TOOL_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>

#define JS_MAX_DEPTH 256u /* deeper values go to jansson (which allows 2048) */

/* A string member found at the top level: where its raw text is. */
typedef struct js_span {
    const unsigned char *start; /* the opening quote */
    const unsigned char *stop;  /* one past the closing quote */
    bool found;
} js_span;

/* Top-level members the scanner tells apart. */
typedef enum js_key { JS_KEY_OTHER = 0, JS_KEY_ID, JS_KEY_URL, JS_KEY_HTML, JS_KEY_TEXT } js_key;

/* The members of a scanned top-level object. */
typedef struct js_doc {
    const unsigned char *id;     /* raw text of the last "id" value */
    size_t id_len;
    js_span url, html, text;     /* last string value of each, if any */
    bool html_seen, text_seen;   /* present with any type */
    bool html_str, text_str;     /* ... and that value is a string */
    js_key dec_key;              /* JS_KEY_HTML or JS_KEY_TEXT: the decode buffer
                                  * holds that member's last string value */
    size_t dec_len;              /* its decoded length */
} js_doc;

/*
 * Scan a whole line as one object. Returns 1 when it is a valid object (d
 * filled), 0 when the line must go to jansson (invalid, not an object, too
 * deep). With dec (room for len bytes), the string value of "html", or of
 * "text" while no "html" was met, is decoded there as it is scanned
 * (d->dec_key, d->dec_len): one pass over the page instead of a scan and
 * a decode. The line itself is left as it is, for jansson and --keep.
 */
int js_scan_line(const char *line,
                 size_t len,
                 char *dec,
                 js_doc *d);

/*
 * Decode a scanned string span into out (at least the span's length + 1
 * bytes), NUL-terminated; its length to *len. out may be the buffer the
 * span lies in, at or before the span's opening quote: every byte is
 * written at or before the byte it came from (an escape is never shorter
 * than what it decodes to, and the quote and key put at least 9 bytes
 * between them), and its 8-byte stores end before the byte read.
 */
void js_decode_to(const js_span *sp,
                  char *out,
                  size_t *len);

/* Decode a string span into a new malloc'ed NUL-terminated buffer. */
char *js_decode(const js_span *sp,
                size_t *len);

#endif
