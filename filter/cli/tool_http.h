/*
 * tool_http.h - the HTTP message inside a WARC response record, and the
 * media types that make a record's payload a page (tool_http.c). Used by
 * the WARC source, tool_warc.c.
 */
#ifndef SS_TOOL_HTTP_H
#define SS_TOOL_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "tool.h"

/* The status line and headers of a response are looked for in its first
 * TOOL_HTTP_HEADER_CAP bytes; a record may be that much over the page
 * size limit. */
#define TOOL_HTTP_HEADER_CAP ((size_t)64 * 1024)

/*
 * Split the header line line[0..len) (no line end) of an HTTP message or a
 * WARC record, "Name: value", at its first colon: the name's length into
 * *nlen and the value, without the blanks around it, into *v, *vlen. False
 * when the line has no colon.
 */
bool tool_http_field(const char *line,
                     size_t len,
                     size_t *nlen,
                     const char **v /* OUT */,
                     size_t *vlen);

/*
 * The media type of the Content-Type value v[0..n), lowercased, into
 * mt[mtcap] and its charset parameter (unquoted) into cs[cscap], "" when
 * there is none. Both are truncated to fit.
 */
void tool_http_content_type(const char *v,
                            size_t n,
                            char *mt,
                            size_t mtcap,
                            char *cs,
                            size_t cscap);

/* Is the media type mt (lowercased) one the command parses as HTML? */
bool tool_http_is_html(const char *mt);

/* Does p[0..n) look like markup: its first byte that is not blank (after
 * a UTF-8 byte-order mark, within 1 KB) is '<'? */
bool tool_http_looks_like_markup(const unsigned char *p,
                                 size_t n);

/*
 * Turn the HTTP response p[0..n) of a WARC record into doc's page (data,
 * len, format HTML, charset_hint from Content-Type) or into an error record
 * whose message starts "offset OFFSET: " (skipped set when the response is
 * well-formed but not a 2xx HTML page). Takes ownership of p, which must
 * have one byte to spare after n for the page's NUL. The body, decoded,
 * may be at most doc_cap bytes.
 */
void tool_http_response(unsigned char *p,
                        size_t n,
                        size_t doc_cap,
                        unsigned long long offset,
                        tool_doc *doc);

#endif /* SS_TOOL_HTTP_H */
