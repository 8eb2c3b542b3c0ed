/*
 * tool_jsonscan.c - the fast scanner of a JSON Lines line (see
 * tool_jsonscan.h).
 *
 * One pass over the line validates the whole object as RFC 8259 says
 * (structure, numbers, UTF-8, escapes and surrogate pairs) and records
 * where the string members the command reads lie; the page string can be
 * decoded in the same pass, 16 bytes at a time where SSE2 is there.
 * Nesting deeper than JS_MAX_DEPTH, like anything else it does not
 * accept, makes it decline the line: the caller then asks jansson, whose
 * verdict stands. tests/fuzz/fuzz_jsonl.c checks the two agree.
 */
#include "tool_jsonscan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct js {
    const unsigned char *p;
    const unsigned char *end;
} js;


/* Skip JSON whitespace. */
static void
js_ws(js *j)
{
    while (j->p < j->end &&
           (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

/* Value of one hex digit, or -1. */
static int
js_hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Read the 4 hex digits after "\u" at j->p; false if malformed. */
static bool
js_u4(js *j,
      unsigned *out)
{
    if (j->end - j->p < 4)
        return false;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = js_hex(j->p[i]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    j->p += 4;
    *out = v;
    return true;
}

/*
 * Length of the valid UTF-8 sequence starting at p (first byte >= 0x80), or
 * 0 if it is invalid (overlong, surrogate, above U+10FFFF, truncated).
 */
static size_t
js_utf8(const unsigned char *p,
        const unsigned char *end)
{
    unsigned char c = p[0];
    size_t n = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && p[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && p[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && p[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

/* Append code point cp as UTF-8 to out at *o. */
static void
js_put(char *out,
       size_t *o,
       unsigned cp)
{
    if (cp < 0x80) {
        out[(*o)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*o)++] = (char)(0xC0 | (cp >> 6));
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*o)++] = (char)(0xE0 | (cp >> 12));
        out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*o)++] = (char)(0xF0 | (cp >> 18));
        out[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* The byte a one-letter escape (backslash + c) stands for; 0 for 'u' and
 * for letters that are no escape. */
static inline char
js_simple(unsigned char c)
{
    switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return 0;
    }
}

/*
 * Decode the backslash escape at j->p (the backslash) into out[*o..) when
 * out is not NULL, advancing j->p and *o; *has_nul (may be NULL) is set for
 * a \u0000. False when the escape is invalid.
 */
static bool
js_escape(js *j,
          char *out,
          size_t *o,
          bool *has_nul)
{
    j->p++;
    if (j->p >= j->end)
        return false;
    unsigned char c = *j->p++;
    char e = js_simple(c);
    if (e) {
        if (out)
            out[(*o)++] = e;
        return true;
    }
    switch (c) {
    case 'u': {
        unsigned cp;
        if (!js_u4(j, &cp))
            return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return false; /* lone low surrogate */
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
                return false;
            j->p += 2;
            if (!js_u4(j, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        if (cp == 0 && has_nul)
            *has_nul = true;
        if (out)
            js_put(out, o, cp);
        return true;
    }
    default: /* no escape, a NUL byte included */
        return false;
    }
}

/* Past the plain bytes (printable ASCII but '"' and '\\') at p, one at a
 * time: the short tail the block loops of js_string leave. With out, they
 * are copied to out[*o..); *o advances either way. */
static inline const unsigned char *
js_plain_tail(const unsigned char *p,
              const unsigned char *end,
              char *out,
              size_t *o)
{
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
        if (out)
            out[*o] = (char)*p;
        (*o)++;
        p++;
    }
    return p;
}

/*
 * Scan the string at j->p (its opening quote). With out != NULL the decoded
 * bytes are written there and their count to *olen; the caller gives room
 * for j->end - j->p bytes (whole blocks are stored past the string's end,
 * never past that). *has_nul tells whether a \u0000 was decoded.
 */
static bool
js_string(js *j,
          char *out,
          size_t *olen,
          bool *has_nul)
{
    const unsigned char *p = j->p + 1, *end = j->end; /* past the quote */
    size_t o = 0;
    for (;;) {
        /* Up to the next '"', '\\', control or non-ASCII byte, a block at
         * a time. With out, each block is stored whole as it is read (it
         * lies within the room the caller gives; what follows the stop is
         * overwritten later), so plain bytes are never copied one by one.
         * In HTML a backslash comes every 17 bytes or so (quotes, newlines):
         * the loop is built so that restarting after one costs little. */
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(0x20);
        for (;;) {
            if (end - p < 16) {
                p = js_plain_tail(p, end, out, &o);
                break;
            }
            __m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
            if (out)
                _mm_storeu_si128((__m128i *)(void *)(out + o), w);
            /* a signed compare below 0x20 flags controls and non-ASCII */
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote),
                                                    _mm_cmpeq_epi8(w, bslash)),
                                       _mm_cmplt_epi8(w, space));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m) {
                unsigned k = (unsigned)__builtin_ctz(m);
                p += k;
                o += k;
                break;
            }
            p += 16;
            o += 16;
        }
#else
        for (;;) {
            /* 8 bytes at a time (a word with no flagged byte); the lowest
             * flagged byte of a word is exact */
            if (end - p >= 8) {
                uint64_t w;
                memcpy(&w, p, 8);
                const uint64_t ones = 0x0101010101010101ull;
                const uint64_t high = 0x8080808080808080ull;
                uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
                uint64_t stop = (w | ((w - ones * 0x20) & ~w) |
                                 ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
                if (out)
                    memcpy(out + o, &w, 8);
                if (!stop) {
                    p += 8;
                    o += 8;
                    continue;
                }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                unsigned k = (unsigned)__builtin_ctzll(stop) >> 3;
                p += k;
                o += k;
#endif
            }
            p = js_plain_tail(p, end, out, &o);
            break;
        }
#endif
        if (p >= end) {
            j->p = p;
            return false;
        }
        unsigned char c = *p;
        if (c == '"') {
            j->p = p + 1;
            if (olen)
                *olen = o;
            return true;
        }
        if (c == '\\') {
            /* the one-letter escapes (most of them in HTML) here, the
             * others in js_escape */
            char e = end - p >= 2 ? js_simple(p[1]) : 0;
            if (e) {
                if (out)
                    out[o] = e;
                o++;
                p += 2;
                continue;
            }
            j->p = p;
            if (!js_escape(j, out, &o, has_nul))
                return false;
            p = j->p;
            continue;
        }
        if (c < 0x20) {
            j->p = p;
            return false; /* raw control character */
        }
        size_t k = js_utf8(p, end); /* non-ASCII */
        if (!k) {
            j->p = p;
            return false;
        }
        if (out)
            memcpy(out + o, p, k);
        o += k;
        p += k;
    }
}

/* Scan a number (RFC 8259 grammar). */
static bool
js_number(js *j)
{
    const unsigned char *p = j->p, *end = j->end;
    if (p < end && *p == '-')
        p++;
    if (p >= end)
        return false;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    } else {
        return false;
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9')
            return false;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || *p < '0' || *p > '9')
            return false;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    j->p = p;
    return true;
}

/* Scan one value of any type. *deep is set when nesting passed the cap. */
static bool
js_value(js *j,
         unsigned depth,
         bool *deep)
{
    if (j->p >= j->end)
        return false;
    unsigned char c = *j->p;
    if (c == '"')
        return js_string(j, NULL, NULL, NULL);
    if (c == '-' || (c >= '0' && c <= '9'))
        return js_number(j);
    if (c == 't' || c == 'f' || c == 'n') {
        const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
        size_t k = strlen(lit);
        if ((size_t)(j->end - j->p) < k || memcmp(j->p, lit, k) != 0)
            return false;
        j->p += k;
        return true;
    }
    if (c != '{' && c != '[')
        return false;
    if (depth >= JS_MAX_DEPTH) {
        *deep = true;
        return false;
    }
    unsigned char close = c == '{' ? '}' : ']';
    j->p++;
    js_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return true;
    }
    for (;;) {
        if (c == '{') {
            bool nul = false;
            if (j->p >= j->end || *j->p != '"' || !js_string(j, NULL, NULL, &nul))
                return false;
            if (nul)
                return false; /* jansson refuses NUL in keys */
            js_ws(j);
            if (j->p >= j->end || *j->p != ':')
                return false;
            j->p++;
            js_ws(j);
        }
        if (!js_value(j, depth + 1, deep))
            return false;
        js_ws(j);
        if (j->p >= j->end)
            return false;
        if (*j->p == ',') {
            j->p++;
            js_ws(j);
            continue;
        }
        if (*j->p == close) {
            j->p++;
            return true;
        }
        return false;
    }
}

/* Which top-level key is this (decoded) key? */

/* Decode a short key at j->p and classify it; false if the string is bad. */
static bool
js_top_key(js *j,
           js_key *out)
{
    const unsigned char *q = j->p;
    bool nul = false;
    if (!js_string(j, NULL, NULL, &nul) || nul)
        return false;
    *out = JS_KEY_OTHER;
    size_t raw = (size_t)(j->p - q);
    if (raw > 32)
        return true; /* longer than any key of interest, even escaped */
    char buf[32];
    size_t n = 0;
    js k = {q, j->p};
    if (!js_string(&k, buf, &n, NULL))
        return false;
    if (n == 2 && memcmp(buf, "id", 2) == 0)
        *out = JS_KEY_ID;
    else if (n == 3 && memcmp(buf, "url", 3) == 0)
        *out = JS_KEY_URL;
    else if (n == 4 && memcmp(buf, "html", 4) == 0)
        *out = JS_KEY_HTML;
    else if (n == 4 && memcmp(buf, "text", 4) == 0)
        *out = JS_KEY_TEXT;
    return true;
}


/* See tool_jsonscan.h. */
int
js_scan_line(const char *line,
             size_t len,
             char *dec,
             js_doc *d)
{
    js j = {(const unsigned char *)line, (const unsigned char *)line + len};
    bool deep = false;
    memset(d, 0, sizeof *d);
    js_ws(&j);
    if (j.p >= j.end || *j.p != '{')
        return 0;
    j.p++;
    js_ws(&j);
    if (j.p < j.end && *j.p == '}') {
        j.p++;
        goto tail;
    }
    for (;;) {
        js_key key;
        if (j.p >= j.end || *j.p != '"' || !js_top_key(&j, &key))
            return 0;
        js_ws(&j);
        if (j.p >= j.end || *j.p != ':')
            return 0;
        j.p++;
        js_ws(&j);
        const unsigned char *v = j.p;
        bool is_str = j.p < j.end && *v == '"';
        if (dec && is_str &&
            (key == JS_KEY_HTML || (key == JS_KEY_TEXT && !d->html_seen))) {
            if (!js_string(&j, dec, &d->dec_len, NULL))
                return 0;
            d->dec_key = key;
        } else if (!js_value(&j, 1, &deep)) {
            return 0;
        }
        js_span span = {v, j.p, true};
        switch (key) {
        case JS_KEY_ID:
            d->id = v;
            d->id_len = (size_t)(j.p - v);
            break;
        case JS_KEY_URL:
            d->url = is_str ? span : (js_span){NULL, NULL, false};
            break;
        case JS_KEY_HTML:
            d->html_seen = true;
            d->html_str = is_str;
            d->html = span;
            break;
        case JS_KEY_TEXT:
            d->text_seen = true;
            d->text_str = is_str;
            d->text = span;
            break;
        case JS_KEY_OTHER:
            break;
        }
        js_ws(&j);
        if (j.p >= j.end)
            return 0;
        if (*j.p == ',') {
            j.p++;
            js_ws(&j);
            continue;
        }
        if (*j.p == '}') {
            j.p++;
            break;
        }
        return 0;
    }
tail:
    js_ws(&j);
    return j.p == j.end ? 1 : 0;
}

/* See tool_jsonscan.h. */
void
js_decode_to(const js_span *sp,
             char *out,
             size_t *len)
{
    /* The scan accepted the string: between its quotes every byte is valid
     * as it is and every '"' is escaped, so only backslashes need work. */
    js j = {sp->start + 1, sp->stop - 1};
    size_t n = 0;
    while (j.p < j.end) {
        /* 8 bytes at a time up to the next backslash. The word is loaded
         * before it is stored, and the store ends before j.p (at least 9
         * bytes behind it in place; within a buffer of the span's length
         * otherwise), so the bytes past the backslash that it also writes
         * are overwritten later and never read. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        while (j.end - j.p >= 8) {
            const uint64_t ones = 0x0101010101010101ull;
            uint64_t w;
            memcpy(&w, j.p, 8);
            uint64_t b = w ^ (ones * '\\');
            uint64_t hit = (b - ones) & ~b & 0x8080808080808080ull;
            memcpy(out + n, &w, 8);
            if (hit) {
                size_t k = (unsigned)__builtin_ctzll(hit) >> 3;
                n += k;
                j.p += k;
                break;
            }
            n += 8;
            j.p += 8;
        }
#endif
        while (j.p < j.end && *j.p != '\\')
            out[n++] = (char)*j.p++;
        if (j.p >= j.end)
            break;
        char e = js_simple(j.p[1]); /* scanned: a byte follows the backslash */
        if (e) {
            out[n++] = e;
            j.p += 2;
        } else {
            (void)js_escape(&j, out, &n, NULL); /* valid: it was scanned */
        }
    }
    out[n] = '\0';
    *len = n;
}

/* See tool_jsonscan.h. */
char *
js_decode(const js_span *sp,
          size_t *len)
{
    char *out = malloc((size_t)(sp->stop - sp->start) + 1);
    if (out)
        js_decode_to(sp, out, len);
    return out;
}

