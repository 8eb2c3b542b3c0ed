/*
 * charset.h - find a page's character encoding and convert it to UTF-8.
 *
 * Order of evidence: byte-order mark (UTF-8, UTF-16LE/BE), then for HTML a
 * <meta charset> or <meta http-equiv="Content-Type" content="...charset=">
 * in the first 4 KiB, then the caller's hint, then the bytes themselves
 * (valid UTF-8 -> UTF-8, else windows-1252). A page that declares any
 * other charset and whose bytes are valid UTF-8 is read as UTF-8 (many
 * pages lie: re-saved as UTF-8, their old <meta> kept; text in another
 * charset with bytes above 0x7F is almost never valid UTF-8). An unknown charset name falls back the same way as an
 * undeclared one. windows-1252, UTF-8 repair and UTF-16 are converted here;
 * other charsets go through iconv(3).
 *
 * Output is always well-formed UTF-8 without NUL or C0 control bytes other
 * than TAB, LF and CR (those become spaces), so libxml2 never sees an
 * invalid character.
 */
#ifndef SS_CHARSET_H
#define SS_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "spamscore.h"

/* Bytes of the head scanned for BOM-less binary data and <meta charset>. */
#define SS_CHARSET_SNIFF_BYTES 4096u

typedef struct ss_decoded {
    const char *data;    /* UTF-8 text (may point into the input when it
                            needed no change, else into the arena); NUL-
                            terminated when copied, not otherwise */
    size_t len;          /* bytes in data */
    const char *charset; /* what the input was decoded from ("UTF-8", ...) */
    bool replaced;       /* invalid bytes were replaced by U+FFFD */
    bool copied;         /* data is a converted copy in the arena */
    size_t controls;     /* NUL, C0 (but TAB/LF/CR), DEL and C1 control
                            characters written as spaces */
} ss_decoded;

/*
 * True when data[0..len) looks like binary, not text: it starts with the
 * signature of a binary format (PNG, GIF, JPEG, gzip, zip, ELF, PDF, xz,
 * zstd, bzip2, 7z, WebAssembly, Ogg, RIFF, Mach-O, SQLite, WOFF), or at
 * least 8 and more than 5 % of the first SS_CHARSET_SNIFF_BYTES bytes are C0
 * control bytes other than TAB/LF/FF/CR/ESC (NUL included). NUL bytes at the
 * end are not counted. So one NUL or a few control bytes in a text do not
 * make it binary: ss_charset_to_utf8() turns them into spaces and counts
 * them. UTF-16 input (BOM or the zero-byte pattern of ASCII in UTF-16) is
 * not binary.
 */
bool ss_charset_is_binary(const char *data, size_t len);

/*
 * Find the charset declared by a <meta> tag in the first
 * SS_CHARSET_SNIFF_BYTES of data into name (NUL-terminated, lower-case,
 * at most namesz-1 bytes). Returns false if there is none.
 */
bool ss_charset_sniff_meta(const char *data,
                           size_t len,
                           char *name,   /* OUT */
                           size_t namesz);

/*
 * Decode data[0..len) to UTF-8 into *out. is_html enables the <meta>
 * sniffing; hint (may be NULL) is the caller's charset. Returns SS_OK,
 * SS_ERR_NOMEM / SS_ERR_LIMIT (arena), or SS_ERR_CHARSET if iconv fails
 * in a way that cannot be repaired.
 */
ss_status ss_charset_to_utf8(ss_arena *a,
                             const char *data,
                             size_t len,
                             bool is_html,
                             const char *hint,
                             ss_decoded *out /* OUT */);

#endif /* SS_CHARSET_H */
