/*
 * charset.c - charset detection and conversion to UTF-8 (see charset.h).
 *
 * The common cases are done without iconv: valid UTF-8 is passed through
 * without a copy, broken UTF-8 is repaired byte by byte, windows-1252 (what
 * browsers use for ISO-8859-1 and US-ASCII labels) and UTF-16 are decoded
 * by table. Everything else uses glibc iconv, with invalid sequences
 * replaced by U+FFFD one byte at a time.
 */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* windows-1252 0x80..0x9F; the five undefined bytes map to C1 controls as
 * browsers do (then to spaces by put_cp). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

enum enc {
    ENC_UNKNOWN = 0,
    ENC_UTF8,
    ENC_CP1252, /* also ISO-8859-1, US-ASCII and their aliases */
    ENC_UTF16LE,
    ENC_UTF16BE,
    ENC_OTHER   /* iconv */
};

/* A growable output buffer in the arena, capped at cap bytes. */
typedef struct obuf {
    ss_arena *a;
    char *p;
    size_t len;
    size_t size;
    bool fail;
    size_t controls;  /* control characters written as spaces */
} obuf;

/* Make room for n more bytes; false (and fail set) if the arena refuses. */
static bool
ob_reserve(obuf *o, size_t n)
{
    if (o->fail)
        return false;
    if (o->len + n + 1 <= o->size)
        return true;
    size_t ns = o->size ? o->size : 256;
    while (ns < o->len + n + 1)
        ns *= 2;
    char *np = ss_arena_realloc(o->a, o->p, o->len, ns);
    if (!np) {
        o->fail = true;
        return false;
    }
    o->p = np;
    o->size = ns;
    return true;
}

/* Append one code point, mapping NUL and C0/C1 controls (other than TAB,
 * LF, CR) to a space. */
static void
put_cp(obuf *o, uint32_t cp)
{
    if ((cp < 0x20u && cp != '\t' && cp != '\n' && cp != '\r') ||
        (cp >= 0x7Fu && cp < 0xA0u)) {
        o->controls++;
        cp = ' ';
    }
    if (!ob_reserve(o, 4))
        return;
    o->len += ss_utf8_encode(cp, o->p + o->len);
}

/* Lower-case ASCII copy of a charset label with surrounding quotes and
 * spaces removed. */
static void
norm_label(const char *in, char *out, size_t outsz)
{
    size_t j = 0;
    while (*in == ' ' || *in == '"' || *in == '\'')
        in++;
    for (; *in && j + 1 < outsz; in++) {
        char c = *in;
        if (c == '"' || c == '\'' || c == ' ' || c == ';')
            break;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        out[j++] = c;
    }
    out[j] = '\0';
}

/* Classify a normalised label. */
static enum enc
label_enc(const char *l)
{
    static const char *const latin[] = {
        "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
        "us-ascii", "ascii", "windows-1252", "cp1252", "x-cp1252", "cp819",
        "ibm819", "iso-ir-100", "csisolatin1", "ansi_x3.4-1968", "iso_8859-1:1987"};
    if (!*l)
        return ENC_UNKNOWN;
    if (!strcmp(l, "utf-8") || !strcmp(l, "utf8") || !strcmp(l, "unicode-1-1-utf-8"))
        return ENC_UTF8;
    for (size_t i = 0; i < sizeof latin / sizeof latin[0]; i++)
        if (!strcmp(l, latin[i]))
            return ENC_CP1252;
    /* A <meta> cannot really declare UTF-16 (it was read as ASCII). */
    if (!strncmp(l, "utf-16", 6) || !strcmp(l, "unicode"))
        return ENC_UTF8;
    return ENC_OTHER;
}

/* Is the normalised label a 7-bit encoding whose escape or shift
 * sequences are ASCII bytes (ISO-2022-JP/KR/CN, HZ, UTF-7)? Such text is
 * valid UTF-8 and means something else: it is always read as declared. */
static bool
seven_bit_label(const char *l)
{
    return !strncmp(l, "iso-2022", 8) || !strncmp(l, "csiso2022", 9) ||
           !strncmp(l, "hz-gb", 5) || !strcmp(l, "hz") || !strncmp(l, "utf-7", 5) ||
           !strcmp(l, "utf7");
}

/* Fewer control bytes than this never make an input binary, whatever its
 * length: a short message with a NUL and a form feed is still text. */
#define BINARY_MIN_CONTROLS 8

/* Signatures of binary file formats a crawl meets in place of a page:
 * images, archives and compressed data, executables, documents. */
static const struct {
    const char *magic;
    size_t len;
} binary_magic[] = {
    {"\x89PNG\r\n\x1a\n", 8}, {"GIF87a", 6}, {"GIF89a", 6},
    {"\xff\xd8\xff", 3},        /* JPEG */
    {"\x1f\x8b", 2},             /* gzip (a .gz that was not unpacked) */
    {"PK\x03\x04", 4},           /* zip, docx, jar */
    {"\x7f" "ELF", 4},
    {"%PDF-", 5},
    {"\xfd" "7zXZ\0", 6},         /* xz */
    {"\x28\xb5\x2f\xfd", 4},     /* zstd */
    {"BZh", 3},                   /* bzip2, checked with its block size */
    {"7z\xbc\xaf\x27\x1c", 6},
    {"\0asm", 4},                 /* WebAssembly */
    {"OggS\0", 5},
    {"RIFF", 4},                  /* WAV, AVI, WebP: checked below */
    {"\xca\xfe\xba\xbe", 4},     /* Mach-O universal, Java class */
    {"\xcf\xfa\xed\xfe", 4},     /* Mach-O 64 */
    {"SQLite format 3\0", 16},
    {"wOFF", 4}, {"wOF2", 4},      /* web fonts */
};

/* Does data start with the signature of a binary format? */
static bool
binary_signature(const unsigned char *u, size_t n)
{
    for (size_t i = 0; i < sizeof binary_magic / sizeof binary_magic[0]; i++) {
        size_t l = binary_magic[i].len;
        if (n < l || memcmp(u, binary_magic[i].magic, l) != 0)
            continue;
        /* Short text prefixes need the rest of their header. */
        if (u[0] == 'B') /* "BZh" + block size '1'..'9' + block magic */
            return n >= 10 && u[3] >= '1' && u[3] <= '9' &&
                   memcmp(u + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0;
        if (u[0] == 'R') /* "RIFF" + size + a four-letter form type */
            return n >= 12 && memchr(u + 4, 0, 4) != NULL;
        return true;
    }
    return false;
}

bool
ss_charset_is_binary(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    /* NUL bytes at the very end (C string terminators, padding of a
     * fixed-size record) say nothing about the text before them. */
    while (len > 0 && u[len - 1] == 0)
        len--;
    size_t n = len < SS_CHARSET_SNIFF_BYTES ? len : SS_CHARSET_SNIFF_BYTES;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return false;
    /* ASCII in UTF-16 without a BOM: every other byte is zero. */
    if (n >= 4 && ((u[0] && !u[1] && u[2] && !u[3]) || (!u[0] && u[1] && !u[2] && u[3])))
        return false;
    if (binary_signature(u, n))
        return true;
    size_t ctl = 0;
    size_t i = 0;
    while (i < n) {
        /* Eight bytes none of which is below 0x20 (exact per byte, as in
         * nonprint8()) count nothing. */
        if (i + 8 <= n) {
            const uint64_t ones = 0x0101010101010101ull;
            const uint64_t highs = 0x8080808080808080ull;
            uint64_t x;
            memcpy(&x, u + i, 8);
            if (!(~((x | highs) - ones * 0x20u) & ~x & highs)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = u[i++];
        if (c < 0x20u && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1B)
            ctl++;
    }
    /* Random or compressed bytes have about 10 % of them; a text with a
     * stray NUL or a few control characters has far fewer (they become
     * spaces, and the page says so in its limits). */
    return ctl >= BINARY_MIN_CONTROLS && ctl * 20 > n;
}

/* Case-insensitive prefix match of lit (lower-case) at s[0..n). */
static bool
ci_prefix(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (n < l)
        return false;
    for (size_t i = 0; i < l; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != lit[i])
            return false;
    }
    return true;
}

bool
ss_charset_sniff_meta(const char *data,
                      size_t len,
                      char *name,
                      size_t namesz)
{
    size_t n = len < SS_CHARSET_SNIFF_BYTES ? len : SS_CHARSET_SNIFF_BYTES;
    if (namesz == 0)
        return false;
    name[0] = '\0';
    for (size_t i = 0; i + 5 < n; i++) {
        if (data[i] != '<' || !ci_prefix(data + i + 1, n - i - 1, "meta"))
            continue;
        /* Scan the tag up to '>' for "charset". */
        size_t j = i + 5;
        while (j < n && data[j] != '>') {
            if (ci_prefix(data + j, n - j, "charset")) {
                size_t k = j + 7;
                while (k < n && (data[k] == ' ' || data[k] == '\t' || data[k] == '\n' || data[k] == '\r'))
                    k++;
                if (k < n && data[k] == '=') {
                    k++;
                    while (k < n && (data[k] == ' ' || data[k] == '"' || data[k] == '\''))
                        k++;
                    size_t o = 0;
                    while (k < n && o + 1 < namesz) {
                        char c = data[k];
                        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                              c == ':'))
                            break;
                        name[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
                        k++;
                    }
                    name[o] = '\0';
                    if (o > 0)
                        return true;
                }
                j = k;
                continue;
            }
            j++;
        }
        i = j;
    }
    return false;
}

/* High bit of each byte of x (eight bytes loaded with memcpy) that is not
 * printable ASCII: the high bit is set, the low seven bits are 0x7F (DEL),
 * or they are below 0x20. Each term is exact per byte (no carry or borrow
 * crosses a byte). */
static inline uint64_t
nonprint8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t highs = 0x8080808080808080ull;
    const uint64_t lows = 0x7F7F7F7F7F7F7F7Full;
    return (x | ((x & lows) + ones) | ~((x | highs) - ones * 0x20u)) & highs;
}

/* Bytes before the first flagged one in a nonzero nonprint8() mask (all
 * printable ASCII); 0 where the byte order is not known to be little
 * endian, which only means they are checked one by one. */
static inline size_t
first_flagged(uint64_t bad)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(bad) / 8u;
#else
    (void)bad;
    return 0;
#endif
}

/* True if the bytes are valid UTF-8 and contain no NUL/C0 control other
 * than TAB, LF, CR, no DEL and no C1 control (so they can be handed to
 * libxml2 unchanged). */
static bool
clean_utf8(const char *s, size_t len)
{
    size_t i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < len) {
        /* Sixteen bytes of printable ASCII, TAB, LF and CR (SSE2), or eight
         * of printable ASCII, at a time; on a miss the bytes before the
         * first flagged one are skipped too. */
#if defined(__SSE2__)
        if (i + 16 <= len) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            /* a signed compare below 0x20 flags controls and non-ASCII */
            __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
            __m128i bad = _mm_or_si128(_mm_andnot_si128(ws, _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))),
                                       _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
            unsigned m = (unsigned)_mm_movemask_epi8(bad);
            if (!m) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz(m);
        } else
#endif
        if (i + 8 <= len) {
            uint64_t x;
            memcpy(&x, u + i, 8);
            uint64_t bx = nonprint8(x);
            if (!bx) {
                i += 8;
                continue;
            }
            i += first_flagged(bx);
        }
        unsigned char c = u[i];
        if (c >= 0x20u && c < 0x7Fu) {
            i++;
            continue;
        }
        if (c < 0x80u) {
            if (c != '\t' && c != '\n' && c != '\r')
                return false;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = ss_utf8_decode(s + i, len - i, &cp);
        if ((cp == SS_UC_REPLACEMENT && k == 1) || (cp >= 0x80u && cp < 0xA0u))
            return false;
        i += k;
    }
    return true;
}

/* True for the ASCII bytes that put_cp() writes unchanged. */
static inline bool
ascii_kept(unsigned char c)
{
    return (c >= 0x20u && c < 0x7Fu) || c == '\t' || c == '\n' || c == '\r';
}

/* Re-encode UTF-8 with invalid bytes as U+FFFD and controls as spaces. */
static void
repair_utf8(obuf *o, const char *s, size_t len, bool *replaced)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len && !o->fail) {
        /* Printable ASCII, TAB, LF and CR come out as they are: copy a run
         * of them at once (reserving what the last put_cp() would). */
        if (ascii_kept(u[i])) {
            size_t m = 1;
            while (i + m < len && ascii_kept(u[i + m]))
                m++;
            if (!ob_reserve(o, m + 3))
                return;
            memcpy(o->p + o->len, s + i, m);
            o->len += m;
            i += m;
            continue;
        }
        uint32_t cp;
        size_t k = ss_utf8_decode(s + i, len - i, &cp);
        if (cp == SS_UC_REPLACEMENT && k == 1)
            *replaced = true;
        put_cp(o, cp);
        i += k;
    }
}

/* Decode windows-1252. */
static void
from_cp1252(obuf *o, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len > SIZE_MAX / 3 - 8 || !ob_reserve(o, len * 3))
        return;
    for (size_t i = 0; i < len && !o->fail; i++) {
        unsigned char c = u[i];
        uint32_t cp = c;
        if (c >= 0x20u && c < 0x7Fu) { /* room was reserved above */
            o->p[o->len++] = (char)c;
            continue;
        }
        if (c >= 0x80u && c < 0xA0u)
            cp = cp1252_high[c - 0x80u];
        put_cp(o, cp);
    }
}

/* Decode UTF-16 (big-endian if be), pairing surrogates. */
static void
from_utf16(obuf *o, const char *s, size_t len, bool be, bool *replaced)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i + 1 < len && !o->fail) {
        uint32_t w = be ? ((uint32_t)u[i] << 8 | u[i + 1]) : ((uint32_t)u[i + 1] << 8 | u[i]);
        i += 2;
        if (w >= 0xD800u && w <= 0xDBFFu && i + 1 < len) {
            uint32_t w2 = be ? ((uint32_t)u[i] << 8 | u[i + 1]) : ((uint32_t)u[i + 1] << 8 | u[i]);
            if (w2 >= 0xDC00u && w2 <= 0xDFFFu) {
                i += 2;
                put_cp(o, 0x10000u + ((w - 0xD800u) << 10) + (w2 - 0xDC00u));
                continue;
            }
        }
        if (w >= 0xD800u && w <= 0xDFFFu) {
            *replaced = true;
            w = SS_UC_REPLACEMENT;
        }
        put_cp(o, w);
    }
    if (i < len) { /* odd trailing byte */
        *replaced = true;
        put_cp(o, SS_UC_REPLACEMENT);
    }
}

/* Convert with iconv; false if the charset is unknown to iconv. */
static bool
from_iconv(obuf *o, const char *label, const char *s, size_t len, bool *replaced)
{
    /* Decode labels as browsers do: the superset charsets. */
    if (!strcmp(label, "gb2312") || !strcmp(label, "x-gbk"))
        label = "GBK";
    else if (!strcmp(label, "shift_jis") || !strcmp(label, "sjis") || !strcmp(label, "x-sjis"))
        label = "CP932";
    else if (!strcmp(label, "euc-kr") || !strcmp(label, "ks_c_5601-1987"))
        label = "CP949";
    else if (!strcmp(label, "big5"))
        label = "BIG5-HKSCS";
    iconv_t cd = iconv_open("UTF-8", label);
    if (cd == (iconv_t)-1)
        return false;
    char *in = (char *)(uintptr_t)s;
    size_t inleft = len;
    size_t start = o->len;
    while (inleft > 0 && !o->fail) {
        if (!ob_reserve(o, inleft * 2 + 16))
            break;
        char *outp = o->p + o->len;
        size_t outleft = o->size - o->len - 1;
        size_t r = iconv(cd, &in, &inleft, &outp, &outleft);
        o->len = (size_t)(outp - o->p);
        if (r == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            /* EILSEQ / EINVAL: replace one byte and go on. */
            *replaced = true;
            put_cp(o, SS_UC_REPLACEMENT);
            in++;
            inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    if (o->fail)
        return true;
    /* iconv output may contain controls; scrub them in place. */
    for (size_t i = start; i < o->len; i++) {
        unsigned char c = (unsigned char)o->p[i];
        if (c < 0x20u && c != '\t' && c != '\n' && c != '\r') {
            o->p[i] = ' ';
            o->controls++;
        }
    }
    return true;
}

/* Canonical display name of an encoding. */
static const char *
enc_name(enum enc e)
{
    switch (e) {
    case ENC_UTF8: return "UTF-8";
    case ENC_CP1252: return "windows-1252";
    case ENC_UTF16LE: return "UTF-16LE";
    case ENC_UTF16BE: return "UTF-16BE";
    case ENC_UNKNOWN:
    case ENC_OTHER: break;
    }
    return "UTF-8";
}

ss_status
ss_charset_to_utf8(ss_arena *a,
                   const char *data,
                   size_t len,
                   bool is_html,
                   const char *hint,
                   ss_decoded *out)
{
    const unsigned char *u = (const unsigned char *)data;
    enum enc e = ENC_UNKNOWN;
    char label[48] = "";
    obuf o = {a, NULL, 0, 0, false, 0};

    memset(out, 0, sizeof *out);
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        data += 3;
        len -= 3;
        e = ENC_UTF8;
    } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        data += 2;
        len -= 2;
        e = ENC_UTF16LE;
    } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        data += 2;
        len -= 2;
        e = ENC_UTF16BE;
    } else if (len >= 4 && u[0] && !u[1] && u[2] && !u[3]) {
        e = ENC_UTF16LE; /* ASCII in UTF-16LE without BOM */
    } else if (len >= 4 && !u[0] && u[1] && !u[2] && u[3]) {
        e = ENC_UTF16BE;
    }

    if (e == ENC_UNKNOWN) {
        char meta[48];
        if (is_html && ss_charset_sniff_meta(data, len, meta, sizeof meta))
            norm_label(meta, label, sizeof label);
        else if (hint)
            norm_label(hint, label, sizeof label);
        e = label_enc(label);
    }

    bool valid = false;
    /* A page that declares another charset and is valid UTF-8 was
     * re-saved as UTF-8 with its old <meta> kept (read as declared, its
     * curly quotes become "вЂњ" in windows-1251). Text in another charset
     * with any byte above 0x7F is almost never valid UTF-8: a letter of a
     * single-byte charset follows a letter, not a continuation byte, and
     * the second byte of a GBK, Big5, EUC or Shift_JIS pair is rarely one
     * (never two in a row, as a three-byte sequence needs). */
    bool other = e == ENC_OTHER && !seven_bit_label(label);
    if (e == ENC_UTF8 || e == ENC_CP1252 || e == ENC_UNKNOWN || other) {
        if (clean_utf8(data, len)) {
            /* Declared another charset but really UTF-8 (or pure ASCII):
             * pass through. */
            out->data = data;
            out->len = len;
            out->charset = "UTF-8";
            return SS_OK;
        }
        valid = ss_utf8_valid(data, len);
        if (e == ENC_UNKNOWN || ((e == ENC_CP1252 || other) && valid))
            e = valid ? ENC_UTF8 : ENC_CP1252;
    }

    switch (e) {
    case ENC_UTF8:
        repair_utf8(&o, data, len, &out->replaced);
        break;
    case ENC_CP1252:
        from_cp1252(&o, data, len);
        break;
    case ENC_UTF16LE:
    case ENC_UTF16BE:
        from_utf16(&o, data, len, e == ENC_UTF16BE, &out->replaced);
        break;
    case ENC_OTHER:
        if (!from_iconv(&o, label, data, len, &out->replaced)) {
            /* Unknown to iconv: fall back as if undeclared. */
            valid = ss_utf8_valid(data, len);
            e = valid ? ENC_UTF8 : ENC_CP1252;
            if (valid)
                repair_utf8(&o, data, len, &out->replaced);
            else
                from_cp1252(&o, data, len);
        }
        break;
    case ENC_UNKNOWN:
        break;
    }
    if (o.fail)
        return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
    if (!ob_reserve(&o, 1))
        return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
    o.p[o.len] = '\0';
    out->data = o.p;
    out->len = o.len;
    out->copied = true;
    out->controls = o.controls;
    if (e == ENC_OTHER) {
        char *nm = ss_arena_strndup(a, label, strlen(label));
        if (!nm)
            return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
        for (char *p = nm; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        out->charset = nm;
    } else {
        out->charset = enc_name(e);
    }
    return SS_OK;
}
