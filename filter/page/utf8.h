/*
 * utf8.h - UTF-8 decoding/encoding and small Unicode character classes.
 *
 * Used by the page model, the tokenizer and the rules. The classes are
 * table-free range checks that cover the scripts seen in news pages: full
 * case mapping for ASCII, Latin-1, Latin Extended-A/B (common), Latin
 * Extended Additional, Greek, Cyrillic and Armenian; letters of other
 * scripts (Hebrew, Arabic, Indic, Thai, CJK, Hangul, ...) count as alpha
 * without case. Combining marks (U+0300..U+036F and the marks inside the
 * script blocks above) count as alpha so that words with decomposed accents
 * stay whole.
 *
 * All functions are pure and thread-safe.
 */
#ifndef SS_UTF8_H
#define SS_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SS_UC_REPLACEMENT ((uint32_t)0xFFFDu)

/*
 * Decode one code point from s[0..len) into *cp. Returns the bytes
 * consumed: >= 1 when len > 0, 0 only when len == 0. An invalid or
 * truncated sequence, an overlong form, a surrogate or a value above
 * U+10FFFF yields *cp = U+FFFD and consumes exactly 1 byte.
 */
size_t ss_utf8_decode(const char *s,
                      size_t len,
                      uint32_t *cp /* OUT */);

/*
 * Encode cp as UTF-8 into out4 (room for 4 bytes, not NUL-terminated).
 * Returns the bytes written (1..4). Surrogates and values above U+10FFFF
 * are written as U+FFFD (3 bytes).
 */
size_t ss_utf8_encode(uint32_t cp,
                      char *out4 /* OUT */);

/* True if s[0..len) is entirely well-formed UTF-8 (no overlongs, no
 * surrogates). NUL bytes are valid. */
bool ss_utf8_valid(const char *s, size_t len);

/* Letter (or combining mark) in any script. */
bool ss_uc_is_alpha(uint32_t cp);

/* Upper-case letter (scripts with case only). */
bool ss_uc_is_upper(uint32_t cp);

/* Lower-case letter (scripts with case only). */
bool ss_uc_is_lower(uint32_t cp);

/* Decimal digit: ASCII, Arabic-Indic, Devanagari, fullwidth. */
bool ss_uc_is_digit(uint32_t cp);

/* Lower-case mapping (simple, one code point); cp itself if none. */
uint32_t ss_uc_to_lower(uint32_t cp);

/* Upper-case mapping (simple, one code point); cp itself if none. */
uint32_t ss_uc_to_upper(uint32_t cp);

/* White space: ASCII space/tab/CR/LF/VT/FF, U+0085, NBSP, U+1680,
 * U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. */
bool ss_uc_is_space(uint32_t cp);

/* Punctuation and symbols: ASCII punctuation, Latin-1 symbols, general
 * punctuation (dashes, quotes, ellipsis), currency signs, CJK and fullwidth
 * punctuation, and script-specific stops (Arabic comma, danda, ...). */
bool ss_uc_is_punct(uint32_t cp);

#endif /* SS_UTF8_H */
