/*
 * tokenize.c - page and block tokenizer for the naive-Bayes classifier
 * (see tokenize.h for what a token is).
 *
 * Words are scanned code point by code point with the classes of utf8.h:
 * a word is a run of letters and digits; an apostrophe between two letters
 * ("don't") and a '.' or ',' between two digits ("2,560", "1.50") stay
 * inside it; everything else splits. Ideographs and kana are words of one
 * character each (those scripts do not separate words by spaces), so the
 * bigrams become character bigrams there.
 *
 * Encoded blobs are not words: a run of 40 or more bytes without a space
 * drawn only from the base64 alphabet (letters, digits, '+', '/', '='),
 * with both a letter and a digit in it, is skipped whole (base64 bodies,
 * hex digests). Mail-like text, a text page that starts with RFC 822
 * header fields (two mail fields, such as From, Received or X-..., in its
 * first five lines; an mbox "From " line may come first), has its leading
 * header lines tokenized as header tokens: "H:name" for the field, and
 * each word of the value with the prefix "H:name:" (of the fields From,
 * To, Subject, Reply-To, Content-Type, X-Mailer, Return-Path, Message-Id,
 * Received; other fields give only their "H:name" token), instead of as
 * body words. The header run ends at the first line that is not a field,
 * unless one of the next three lines is one (a folded continuation line
 * lost its indentation in the page model, and so did the blank line that
 * ends the headers: a body starting with "Name: value" lines is read as
 * headers too).
 */
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "utf8.h"

/* Case changes recorded per word for camel splitting; more are ignored. */
#define MAX_CAMEL 4
/* Stack buffer for one folded word; cfg->max_token_bytes is clamped to it. */
#define WORD_BUF 256
/* Bytes of a block's text scanned for the first sentence. */
#define FIRST_SENTENCE_MAX 400
#ifndef SS_TOK_MIN_BYTES
#define SS_TOK_MIN_BYTES 2
#endif
#ifndef SS_TOK_SHAPES
#define SS_TOK_SHAPES 1
#endif

/* splitmix64 finaliser: FNV's low bits are weak for table indexing. */
static inline uint64_t
fnv_final(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h ? h : 1;
}

/* See tokenize.h. */
uint64_t
ss_token_hash(const char *text, size_t len)
{
    return fnv_final(ss_fnv64(SS_FNV64_OFFSET, text, len));
}

/* Room for one more token in t->v. */
static ss_status
reserve(ss_arena *a, const ss_config *cfg, ss_tokens *t)
{
    if (t->n < t->cap)
        return SS_OK;
    /* A deduplicating list starts at what its set holds before it grows
     * (half its slots, sized from the text): doubling up from 256 copied
     * the page's tokens about eight times over. */
    size_t ncap = t->cap ? t->cap * 2 : t->set ? (t->set_mask + 1) / 2 : 256;
    if (ncap < 256)
        ncap = 256;
    if (ncap > cfg->max_tokens)
        ncap = cfg->max_tokens;
    if (ncap <= t->n)
        ncap = t->n + 1;
    ss_token *v = ss_arena_realloc(a, t->v, t->cap * sizeof *v, ncap * sizeof *v);
    if (!v)
        return SS_ERR_NOMEM;
    t->v = v;
    t->cap = ncap;
    return SS_OK;
}

/* Slot of hash h in t->set: the one holding it, or the empty one where it
 * would go. */
static inline size_t
set_slot(const ss_tokens *t, uint64_t h)
{
    size_t i = (size_t)h & t->set_mask;
    while (t->set[i] && t->v[t->set[i] - 1].hash != h)
        i = (i + 1) & t->set_mask;
    return i;
}

/* Double the set when it is half full. */
static ss_status
set_grow(ss_arena *a, ss_tokens *t)
{
    size_t slots = t->set_mask + 1;
    if (t->n * 2 < slots)
        return SS_OK;
    size_t ns = slots * 2;
    uint32_t *set = ss_arena_alloc(a, ns * sizeof *set);
    if (!set)
        return SS_ERR_NOMEM;
    memset(set, 0, ns * sizeof *set);
    t->set = set;
    t->set_mask = ns - 1;
    for (size_t k = 0; k < t->n; k++)
        set[set_slot(t, t->v[k].hash)] = (uint32_t)(k + 1);
    return SS_OK;
}

/* Make *t deduplicate at emit time, starting with room for about n. */
static ss_status
set_init(ss_arena *a, ss_tokens *t, size_t n)
{
    size_t slots = 1024;
    while (slots < 2 * n)
        slots *= 2;
    t->set = ss_arena_alloc(a, slots * sizeof *t->set);
    if (!t->set)
        return SS_ERR_NOMEM;
    memset(t->set, 0, slots * sizeof *t->set);
    t->set_mask = slots - 1;
    return SS_OK;
}

/* Append one token to out (unless out deduplicates and has it) and to
 * out->sink: its text is prefix+s[0..len), or prefix+s[0..len)+' '+
 * s2[0..len2) when s2 is not NULL (a bigram), and h is its hash, already
 * computed (ss_token_hash() of that text). The text is copied only when
 * the token is new. Returns SS_OK, SS_ERR_LIMIT when the token cap is
 * reached (not an error for the caller: it stops), or SS_ERR_NOMEM when
 * the arena is exhausted. */
static ss_status
emit_hashed(ss_arena *a,
            const ss_config *cfg,
            uint64_t h,
            const char *prefix,
            size_t plen,
            const char *s,
            size_t len,
            const char *s2,
            size_t len2,
            ss_tokens *out)
{
    if (out->n_emitted >= cfg->max_tokens) {
        out->capped = true;
        return SS_ERR_LIMIT;
    }
    const ss_token *tok = NULL;
    size_t slot = 0;
    if (out->set) {
        slot = set_slot(out, h);
        if (out->set[slot])
            tok = &out->v[out->set[slot] - 1];
    }
    if (!tok) {
        ss_status st = reserve(a, cfg, out);
        if (st != SS_OK)
            return st;
        size_t tl = plen + len + (s2 ? 1 + len2 : 0);
        char *t = ss_arena_alloc(a, tl + 1);
        if (!t)
            return SS_ERR_NOMEM;
        if (plen)
            memcpy(t, prefix, plen);
        memcpy(t + plen, s, len);
        if (s2) {
            t[plen + len] = ' ';
            memcpy(t + plen + len + 1, s2, len2);
        }
        t[tl] = '\0';
        ss_token *nt = &out->v[out->n++];
        nt->text = t;
        nt->len = (uint32_t)tl;
        nt->hash = h;
        tok = nt;
        if (out->set) {
            out->set[slot] = (uint32_t)out->n;
            st = set_grow(a, out);
            if (st != SS_OK)
                return st;
            tok = &out->v[out->n - 1];
        }
    }
    out->n_emitted++;
    if (out->sink) {
        ss_status st = reserve(a, cfg, out->sink);
        if (st != SS_OK)
            return st;
        out->sink->v[out->sink->n++] = *tok;
        out->sink->n_emitted++;
    }
    return SS_OK;
}

/* emit_hashed() of prefix+s[0..len); hp is the FNV state after the prefix
 * (ss_fnv64(SS_FNV64_OFFSET, prefix, plen)), computed once per text. */
static ss_status
emit(ss_arena *a,
     const ss_config *cfg,
     const char *prefix,
     size_t plen,
     uint64_t hp,
     const char *s,
     size_t len,
     ss_tokens *out)
{
    return emit_hashed(a, cfg, fnv_final(ss_fnv64(hp, s, len)), prefix,
                       plen, s, len, NULL, 0, out);
}

/* Ideographs and kana: each is a word by itself. */
static bool
is_ideograph(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* Byte classes: 1 = ASCII letter or digit, 2 = in the base64 alphabet
 * (letters, digits, '+', '/', '='); bytes 0x80 and up are neither. One
 * load instead of the range tests, for every byte of every text; 256
 * entries, so that no test of the byte's range comes first. */
static const unsigned char ascii_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 2, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
};

/* ASCII letter or digit. */
static inline bool
ascii_alnum(unsigned char c)
{
    return ascii_class[c] & 1u;
}

/* A letter of any script or a digit. */
static bool
is_word_char(uint32_t cp)
{
    return ss_uc_is_alpha(cp) || ss_uc_is_digit(cp);
}

/* Peek at the code point at s[i..len); 0 at the end. */
static uint32_t
peek(const char *s, size_t len, size_t i, size_t *n)
{
    uint32_t cp = 0;
    *n = i < len ? ss_utf8_decode(s + i, len - i, &cp) : 0;
    return *n ? cp : 0;
}

/* Currency signs: $, pound, yen, euro and the currency block. */
static bool
is_currency(uint32_t cp)
{
    return cp == '$' || cp == 0xA3 || cp == 0xA5 || cp == 0x20AC
        || (cp >= 0x20A0 && cp <= 0x20CF);
}

/* True if w[0..len) is ASCII digits only. */
static bool
all_digits(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (w[i] < '0' || w[i] > '9')
            return false;
    return true;
}

/* The shape token of a number of digits digits, "n:" and the count in
 * decimal (as snprintf's "n:%zu" writes it, without its cost), into
 * out[16]; returns its length. */
static size_t
number_shape(size_t digits,
             char *out)
{
    char rev[20];
    size_t k = 0;
    do {
        rev[k++] = (char)('0' + digits % 10);
        digits /= 10;
    } while (digits && k < 13);
    out[0] = 'n';
    out[1] = ':';
    for (size_t i = 0; i < k; i++)
        out[2 + i] = rev[k - 1 - i];
    out[2 + k] = '\0';
    return 2 + k;
}

/* Shortest run of base64 bytes without a space that is skipped. */
#define BLOB_MIN 40
/* Leading blocks of a mail-like text examined as header lines. */
#define MAX_HEADER_LINES 200
/* Bytes of a header field name. */
#define MAX_FIELD_NAME 40

/* Is c in the base64 alphabet (with the padding '=')? */
static inline bool
base64_char(unsigned char c)
{
    return ascii_class[c] & 2u;
}

/* Length of an encoded blob starting at text[i] (see the top), or 0. */
static size_t
blob_length(const char *text, size_t len, size_t i)
{
    if (i > 0 && base64_char((unsigned char)text[i - 1]))
        return 0; /* not the start of a run */
    size_t e = i;
    while (e < len && base64_char((unsigned char)text[e]))
        e++;
    if (e - i < BLOB_MIN)
        return 0; /* a word: most runs end here */
    bool digit = false, alpha = false;
    for (size_t k = i; k < e; k++) {
        unsigned char c = (unsigned char)text[k];
        digit |= c >= '0' && c <= '9';
        alpha |= (c | 32) >= 'a' && (c | 32) <= 'z';
    }
    if (!digit || !alpha)
        return 0;
    if (e < len && (unsigned char)text[e] >= 0x80u)
        return 0; /* glued to non-ASCII text: a word, not a blob */
    return e - i;
}

/* A word worth a token: two bytes or more, or one non-ASCII character. */
static bool
keep_word(const char *w, size_t len)
{
    return len >= SS_TOK_MIN_BYTES || (len == 1 && (unsigned char)w[0] >= 0x80);
}

/* A second prefix for tokenize(): every token but the bigrams is emitted
 * again with it, as a second pass with it and no bigrams would. */
typedef struct also_prefix {
    const char *s; /* NULL: none */
    size_t len;
    uint64_t hp;   /* ss_fnv64(SS_FNV64_OFFSET, s, len) */
} also_prefix;

/* The state of a word being scanned that scan_ascii() carries on. */
typedef struct ascii_run {
    size_t wl;         /* bytes in word[] */
    uint64_t hw;       /* FNV state of the prefix and word[0..wl) */
    unsigned n_camel;  /* entries in camel[] */
    bool last_lower;   /* the last character was a lower-case letter */
} ascii_run;

/* The common case of a word's scan: its run of ASCII letters and digits
 * from text[i], without the decoder and the Unicode tables (as the general
 * path would: folded into word[] up to maxb bytes and hashed, a camel
 * break before a capital after a lower-case letter). Returns the index of
 * the first byte that is not one. Kept apart so that its state stays in
 * registers. */
static inline size_t
scan_ascii(const char *text,
           size_t len,
           size_t i,
           size_t maxb,
           char *word,
           size_t *camel,
           ascii_run *st)
{
    size_t wl = st->wl;
    uint64_t hw = st->hw;
    unsigned n_camel = st->n_camel;
    bool last_lower = st->last_lower;
    for (; i < len; i++) {
        unsigned char ab = (unsigned char)text[i];
        if (!ascii_alnum(ab))
            break;
        bool up = ab >= 'A' && ab <= 'Z';
        if (up && last_lower && n_camel < MAX_CAMEL && wl < maxb)
            camel[n_camel++] = wl;
        last_lower = ab >= 'a' && ab <= 'z';
        if (wl < maxb) {
            unsigned char f = (unsigned char)(up ? ab + 32 : ab);
            word[wl++] = (char)f;
            hw = ss_fnv64_byte(hw, f);
        }
    }
    st->wl = wl;
    st->hw = hw;
    st->n_camel = n_camel;
    st->last_lower = last_lower;
    return i;
}

/* emit2() of a word whose hashes are known: h with the prefix, ha with
 * also's (see emit_hashed()). */
static ss_status
emit2_hashed(ss_arena *a,
             const ss_config *cfg,
             const char *prefix,
             size_t plen,
             uint64_t h,
             const also_prefix *also,
             uint64_t ha,
             const char *s,
             size_t len,
             ss_tokens *out)
{
    ss_status st = emit_hashed(a, cfg, h, prefix, plen, s, len, NULL, 0, out);
    if (st != SS_OK || !also->s)
        return st;
    ss_tokens *sink = out->sink;
    out->sink = NULL;
    st = emit_hashed(a, cfg, ha, also->s, also->len, s, len, NULL, 0, out);
    out->sink = sink;
    return st;
}

/* emit() s[0..len) with the prefix, then with also's (not into the sink:
 * the second pass that it stands for has none). */
static ss_status
emit2(ss_arena *a,
      const ss_config *cfg,
      const char *prefix,
      size_t plen,
      uint64_t hp,
      const also_prefix *also,
      const char *s,
      size_t len,
      ss_tokens *out)
{
    uint64_t ha = also->s ? fnv_final(ss_fnv64(also->hp, s, len)) : 0;
    return emit2_hashed(a, cfg, prefix, plen, fnv_final(ss_fnv64(hp, s, len)), also, ha, s,
                        len, out);
}

/* ss_tokenize_text(), and with also->s set the tokens of a second pass
 * with that prefix and no bigrams, in the same scan. */
static ss_status
tokenize(ss_arena *a,
         const ss_config *cfg,
         const char *text,
         size_t len,
         const char *prefix,
         bool bigrams,
         const also_prefix *also,
         ss_tokens *out)
{
    /* The folded word and the one before it (for the bigram) swap
     * buffers; a word's FNV state with the prefix is updated as its bytes
     * are folded in, and the bigram's hash goes on from the state of the
     * word before, so that no byte is hashed twice for one token. */
    char wbuf[2][WORD_BUF];
    char *word = wbuf[0], *prev = wbuf[1];
    size_t prev_len = 0;
    uint64_t prev_h = 0; /* ss_fnv64(hp, prev, prev_len) */
    size_t plen = prefix ? strlen(prefix) : 0;
    size_t maxb = cfg->max_token_bytes;
    if (maxb == 0 || maxb > WORD_BUF - 4)
        maxb = WORD_BUF - 4;
    if (!prefix)
        prefix = "";
    const uint64_t hp = ss_fnv64(SS_FNV64_OFFSET, prefix, plen);
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)text[i];
        /* A blob that starts with a letter or digit is looked for once its
         * first word is scanned: only a run of 40 of them or one that goes
         * on with '+', '/' or '=' can be one, and few do. */
        if (base64_char(b) && !ascii_alnum(b)) {
            size_t bl = blob_length(text, len, i);
            if (bl) {
                i += bl;
                prev_len = 0;
                continue;
            }
        }
        if (b < 0x80u && !ascii_alnum(b) && b != '$') {
            i++; /* ASCII punctuation and space: nothing to emit */
            continue;
        }
        size_t n = 1;
        uint32_t cp = b; /* an ASCII letter or digit starts a word as it is */
        if (b >= 0x80u || b == '$') {
            cp = peek(text, len, i, &n);
            if (!is_word_char(cp)) {
                /* Currency signs are evidence by themselves ("$", "£"). */
                if (SS_TOK_SHAPES && is_currency(cp)) {
                    ss_status st = emit2(a, cfg, prefix, plen, hp, also, text + i, n, out);
                    if (st != SS_OK)
                        return st;
                }
                i += n;
                continue;
            }
        }
        /* Scan one word, folding case into word[]. */
        size_t start = i;
        size_t alnum_end = 0; /* end of its leading ASCII letters and digits */
        size_t wl = 0;
        size_t camel[MAX_CAMEL];
        unsigned n_camel = 0;
        bool last_lower = false;
        uint32_t last = 0;
        bool one_char = is_ideograph(cp);
        uint64_t hw = hp;
        while (i < len) {
            if (!one_char) {
                ascii_run st = {wl, hw, n_camel, last_lower};
                size_t i0 = i;
                i = scan_ascii(text, len, i, maxb, word, camel, &st);
                wl = st.wl;
                hw = st.hw;
                n_camel = st.n_camel;
                last_lower = st.last_lower;
                if (i > i0)
                    last = (unsigned char)text[i - 1];
                if (i >= len)
                    break;
            }
            unsigned char ab = (unsigned char)text[i];
            if (!alnum_end)
                alnum_end = i;
            if (ab < 0x80u && ab != '\'' && ab != '.' && ab != ',')
                break; /* ASCII space or punctuation: only these three may join */
            cp = peek(text, len, i, &n);
            bool inside = is_word_char(cp) && !(wl > 0 && is_ideograph(cp));
            if (!inside && wl > 0 && !one_char) {
                /* Apostrophe between letters, . or , between digits. */
                size_t n2;
                uint32_t nx = peek(text, len, i + n, &n2);
                uint32_t pc = last;
                if ((cp == '\'' || cp == 0x2019) && ss_uc_is_alpha(pc)
                    && ss_uc_is_alpha(nx) && !is_ideograph(nx))
                    inside = true;
                else if ((cp == '.' || cp == ',') && ss_uc_is_digit(pc)
                         && ss_uc_is_digit(nx))
                    inside = true;
            }
            if (!inside)
                break;
            bool up = ss_uc_is_upper(cp);
            if (up && last_lower && n_camel < MAX_CAMEL && wl < maxb)
                camel[n_camel++] = wl;
            last_lower = ss_uc_is_lower(cp);
            last = cp;
            uint32_t lc = ss_uc_to_lower(cp);
            if (lc == 0x2019)
                lc = '\'';
            char enc[4];
            size_t el = ss_utf8_encode(lc, enc);
            if (wl + el <= maxb) {
                memcpy(word + wl, enc, el);
                wl += el;
                hw = ss_fnv64(hw, enc, el);
            }
            i += n;
            if (one_char)
                break;
        }
        if (b < 0x80u) {
            if (!alnum_end)
                alnum_end = i;
            if (alnum_end - start >= BLOB_MIN || (alnum_end < len && base64_char((unsigned char)text[alnum_end]))) {
                size_t bl = blob_length(text, len, start);
                if (bl) {
                    i = start + bl;
                    prev_len = 0;
                    continue;
                }
            }
        }
        if (!keep_word(word, wl))
            continue;
        uint64_t ha = also->s ? fnv_final(ss_fnv64(also->hp, word, wl)) : 0;
        ss_status st = emit2_hashed(a, cfg, prefix, plen, fnv_final(hw), also,
                                    ha, word, wl, out);
        if (st != SS_OK)
            return st;
        /* Shape of a number: "n:5" for any 5-digit number (short codes,
         * phone numbers and amounts are rarely the same twice). */
        if (SS_TOK_SHAPES && wl >= 3 && all_digits(word, wl)) {
            char shape[16];
            size_t sl = number_shape(wl, shape);
            st = emit2(a, cfg, prefix, plen, hp, also, shape, sl, out);
            if (st != SS_OK)
                return st;
        }
        /* Camel parts: "twitterverygood" -> "twittervery", "good". */
        size_t from = 0;
        for (unsigned c = 0; c <= n_camel && n_camel > 0; c++) {
            size_t to = c < n_camel ? camel[c] : wl;
            if (to > from && keep_word(word + from, to - from)) {
                st = emit2(a, cfg, prefix, plen, hp, also, word + from, to - from, out);
                if (st != SS_OK)
                    return st;
            }
            from = to;
        }
        if (bigrams && prev_len > 0) {
            uint64_t hb = ss_fnv64(ss_fnv64_byte(prev_h, ' '), word, wl);
            st = emit_hashed(a, cfg, fnv_final(hb), prefix, plen, prev,
                             prev_len, word, wl, out);
            if (st != SS_OK)
                return st;
        }
        char *w = prev;
        prev = word;
        word = w;
        prev_len = wl;
        prev_h = hw;
    }
    return SS_OK;
}

/* See tokenize.h. */
ss_status
ss_tokenize_text(ss_arena *a,
                 const ss_config *cfg,
                 const char *text,
                 size_t len,
                 const char *prefix,
                 bool bigrams,
                 ss_tokens *out)
{
    const also_prefix none = {NULL, 0, 0};
    return tokenize(a, cfg, text, len, prefix, bigrams, &none, out);
}

/* Most tokens one byte of text can give in a pass with bigrams: a word of
 * one byte gives itself, its number shape, MAX_CAMEL + 1 camel parts and a
 * bigram. */
#define EMITS_PER_BYTE (3 + MAX_CAMEL + 1)

/*
 * May text of len bytes be tokenized without a prefix and with bigrams and
 * with a prefix and without in one scan (tokens_both())? Only when the
 * token cap cannot be reached in it: the page's tokens are a set, and the
 * sink gets the first pass's tokens in their order, so only where the cap
 * falls could tell one scan from two passes.
 */
static bool
both_fit(const ss_config *cfg,
         const ss_tokens *out,
         size_t len)
{
    return out->n_emitted < cfg->max_tokens &&
           len < (cfg->max_tokens - out->n_emitted) / (2 * EMITS_PER_BYTE);
}

/* The tokens of text[0..len) without a prefix and with bigrams, and those
 * with the prefix pre and without bigrams (not into the sink), in one
 * scan; see both_fit(). */
static ss_status
tokens_both(ss_arena *a,
            const ss_config *cfg,
            const char *text,
            size_t len,
            const char *pre,
            ss_tokens *out)
{
    also_prefix also = {pre, strlen(pre), 0};
    also.hp = ss_fnv64(SS_FNV64_OFFSET, pre, also.len);
    return tokenize(a, cfg, text, len, NULL, true, &also, out);
}

/* Buckets of the in-place radix pass of sort_by_hash(): 2^SORT_BITS at
 * most (the count arrays live on the stack). */
#define SORT_BITS 12

/* Insertion sort by hash; fast when every token is already near its place. */
static void
insertion_sort(ss_token *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        ss_token t = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].hash > t.hash) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = t;
    }
}

/* Sort v by hash in place, without allocating (scoring must not call
 * malloc): the hashes are uniform, so one in-place pass by the top bits
 * (American flag sort) leaves about one token per bucket, and an insertion
 * sort finishes inside the buckets. */
static void
sort_by_hash(ss_token *v, size_t n)
{
    if (n < 32) {
        insertion_sort(v, n);
        return;
    }
    unsigned k = 1;
    while (k < SORT_BITS && ((size_t)1 << k) < n)
        k++;
    unsigned shift = 64 - k;
    size_t nb = (size_t)1 << k;
    uint32_t end[(1u << SORT_BITS) + 1];
    uint32_t next[1u << SORT_BITS];
    memset(end, 0, (nb + 1) * sizeof end[0]);
    for (size_t i = 0; i < n; i++)
        end[(v[i].hash >> shift) + 1]++;
    for (size_t b = 0; b < nb; b++) {
        end[b + 1] += end[b];
        next[b] = end[b];
    }
    /* end[b + 1] is now where bucket b ends. */
    for (size_t b = 0; b < nb; b++) {
        while (next[b] < end[b + 1]) {
            ss_token t = v[next[b]];
            size_t d = (size_t)(t.hash >> shift);
            while (d != b) {
                ss_token u = v[next[d]];
                v[next[d]++] = t;
                t = u;
                d = (size_t)(t.hash >> shift);
            }
            v[next[b]++] = t;
        }
    }
    insertion_sort(v, n);
}

/* See tokenize.h. The sort is deterministic for a given input order. Two
 * different texts with the same 64-bit hash are one token (the first after
 * sorting). */
void
ss_tokens_finish(ss_tokens *toks)
{
    size_t n = toks->n;
    ss_token *v = toks->v;
    if (n < 2)
        return;
    sort_by_hash(v, n);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i].hash != v[k - 1].hash)
            v[k++] = v[i];
    toks->n = k;
}

/* See tokenize.h. */
bool
ss_block_is_short(const ss_block *b)
{
    if (b->flags & (SS_BLK_LISTITEM | SS_BLK_HEADING))
        return true;
    return b->n_words > 0 && b->n_words <= 24;
}

/* Length of the first sentence of s: up to ". ", "! ", "? " or the cap. */
static size_t
first_sentence(const char *s, size_t len)
{
    size_t cap = len < FIRST_SENTENCE_MAX ? len : FIRST_SENTENCE_MAX;
    for (size_t i = 0; i + 1 < cap; i++)
        if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i + 1] == ' ')
            return i + 1;
    return cap;
}

/* Treat the cap as a normal stop: the tokens so far are kept. */
static ss_status
soft(ss_status st)
{
    return st == SS_ERR_LIMIT ? SS_OK : st;
}

/* See tokenize.h. */
ss_status
ss_tokenize_page(ss_arena *a,
                 const ss_config *cfg,
                 const ss_page *page,
                 ss_tokens *out,
                 uint32_t *limits)
{
    return ss_tokenize_page_blocks(a, cfg, page, out, limits, NULL);
}

/* Set up *blocks for page: no block gathered yet. */
static ss_status
blocks_init(ss_arena *a, const ss_config *cfg, const ss_page *page, ss_block_toks *blocks)
{
    memset(blocks, 0, sizeof *blocks);
    size_t n = page->n_blocks ? page->n_blocks : 1;
    /* The gathered list starts at about one token per 3 bytes of the
     * short blocks (the 802 bench pages: 0.29 at the median, 0.31 at the
     * 90th percentile): doubling up from 256 copied it 1,421 times. */
    size_t short_bytes = 0;
    for (uint32_t i = 0; i < page->n_blocks; i++)
        if (ss_block_is_short(&page->blocks[i]))
            short_bytes += page->blocks[i].len;
    size_t cap = short_bytes / 3;
    if (cap > cfg->max_tokens)
        cap = cfg->max_tokens;
    if (cap > 256) {
        blocks->all.v = ss_arena_alloc(a, cap * sizeof *blocks->all.v);
        if (!blocks->all.v)
            return SS_ERR_NOMEM;
        blocks->all.cap = cap;
    }
    blocks->first = ss_arena_alloc(a, n * sizeof *blocks->first);
    blocks->count = ss_arena_alloc(a, n * sizeof *blocks->count);
    blocks->sorted = ss_arena_alloc(a, n * sizeof *blocks->sorted);
    if (!blocks->first || !blocks->count || !blocks->sorted)
        return SS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        blocks->first[i] = UINT32_MAX;
        blocks->count[i] = 0;
        blocks->sorted[i] = false;
    }
    return SS_OK;
}

/* Length of the field name when text is a header line "Name: value"
 * (Name of letters, digits and '-', starting with a letter), else 0. */
static size_t
header_field(const char *text, size_t len)
{
    size_t i = 0;
    if (len == 0 || !(((unsigned char)text[0] | 32) >= 'a'
                      && ((unsigned char)text[0] | 32) <= 'z'))
        return 0;
    while (i < len && i <= MAX_FIELD_NAME
           && (ascii_alnum((unsigned char)text[i]) || text[i] == '-'))
        i++;
    if (i > MAX_FIELD_NAME || i + 1 > len || text[i] != ':')
        return 0;
    if (i + 1 < len && text[i + 1] != ' ' && text[i + 1] != '\t')
        return 0;
    return i;
}

/* Is text a header line of a field that mail carries (From, To, Subject,
 * Date, Received, Return-Path, Delivered-To, Message-Id, Mime-Version,
 * Content-Type, Reply-To, Cc, Sender, or any X-)? */
static bool
mail_field(const char *text, size_t len)
{
    static const char *const names[] = {
        "from", "to", "subject", "date", "received", "return-path",
        "delivered-to", "message-id", "mime-version", "content-type",
        "reply-to", "cc", "sender"};
    size_t fl = header_field(text, len);
    if (fl == 0)
        return false;
    if (fl > 2 && (text[0] | 32) == 'x' && text[1] == '-')
        return true;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t j = 0;
        if (strlen(names[k]) != fl)
            continue;
        while (j < fl && ((unsigned char)text[j] | 32) == (unsigned char)names[k][j])
            j++;
        if (j == fl)
            return true;
    }
    return false;
}

/* Number of leading header blocks of a mail-like text page (see the top),
 * 0 when the page is not one. */
static uint32_t
header_blocks(const ss_page *page)
{
    if (page->format != SS_FORMAT_TEXT || page->n_blocks < 3)
        return 0;
    uint32_t n = 0, cap = page->n_blocks < MAX_HEADER_LINES
                              ? page->n_blocks : MAX_HEADER_LINES;
    /* A headline "Name: 'quote'" or a "Date: ..." line does not make a
     * mail: two mail fields in the first five lines do (the first line may
     * be an mbox "From " line). */
    uint32_t fields = 0;
    for (uint32_t k = 0; k < 5 && k < cap; k++)
        fields += mail_field(page->blocks[k].text, page->blocks[k].len);
    if (fields < 2)
        return 0;
    while (n < cap) {
        bool field = false;
        for (uint32_t k = n; k < n + 4 && k < cap && !field; k++)
            field = header_field(page->blocks[k].text, page->blocks[k].len);
        if (!field)
            break;
        n++;
    }
    return n;
}

/* Is the header field name[0..len) one whose value is tokenized? */
static bool
header_value_wanted(const char *name, size_t len)
{
    static const char *const wanted[] = {
        "from", "to", "subject", "reply-to", "content-type", "x-mailer",
        "return-path", "message-id", "received"};
    for (size_t k = 0; k < sizeof wanted / sizeof *wanted; k++) {
        size_t wl = strlen(wanted[k]);
        if (wl != len)
            continue;
        size_t j = 0;
        while (j < len && ((unsigned char)name[j] | 32) == (unsigned char)wanted[k][j])
            j++;
        if (j == len)
            return true;
    }
    return false;
}

/* Tokens of one header line: "H:name", and the value's words with the
 * prefix "H:name:" for the fields whose value is wanted. A continuation line
 * (no field name) takes the field of the line before it. */
static ss_status
header_tokens(ss_arena *a, const ss_config *cfg, const ss_block *b,
              char *field, size_t *field_len, ss_tokens *out)
{
    size_t fl = header_field(b->text, b->len);
    const char *value = b->text;
    size_t vlen = b->len;
    if (fl) {
        field[0] = 'H';
        field[1] = ':';
        for (size_t j = 0; j < fl; j++) {
            unsigned char c = (unsigned char)b->text[j];
            field[2 + j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        *field_len = 2 + fl;
        field[*field_len] = '\0';
        ss_status st = emit(a, cfg, "", 0, SS_FNV64_OFFSET, field, *field_len, out);
        if (st != SS_OK)
            return st;
        value = b->text + fl + 1;
        vlen = b->len - fl - 1;
    }
    if (*field_len == 0 || !header_value_wanted(field + 2, *field_len - 2))
        return SS_OK;
    field[*field_len] = ':';
    field[*field_len + 1] = '\0';
    ss_status st = ss_tokenize_text(a, cfg, value, vlen, field, false, out);
    field[*field_len] = '\0';
    return st;
}

/* Class/id strings already tokenized on a page. A block's "c:" words are
 * its ancestors' classes and ids, so most blocks of one article repeat the
 * same string, not always one after another. A repeat adds no token (the
 * page's tokens are a set) and only counts towards the token cap, so it is
 * counted instead of scanned again; near the cap it is scanned, as before.
 * Open addressing on the FNV hash of the string, filled to half at most. */
#define ATTR_MEMO_SLOTS 256u

typedef struct {
    const char *s;  /* the string (the page's own); NULL: empty slot */
    size_t len;
    uint64_t hash;
    size_t emitted; /* tokens its tokenization produced, duplicates included */
} attr_memo;

/* Tokenize the class/id string s with the prefix "c:" into out, or only
 * count its tokens when memo (n_memo used slots) has it. */
static ss_status
attr_tokens(ss_arena *a,
            const ss_config *cfg,
            const char *s,
            attr_memo *memo,
            unsigned *n_memo,
            ss_tokens *out)
{
    size_t len = strlen(s);
    uint64_t h = ss_token_hash(s, len);
    size_t slot = (size_t)h & (ATTR_MEMO_SLOTS - 1);
    while (memo[slot].s
           && !(memo[slot].hash == h && memo[slot].len == len && memcmp(memo[slot].s, s, len) == 0))
        slot = (slot + 1) & (ATTR_MEMO_SLOTS - 1);
    if (memo[slot].s && out->n_emitted + memo[slot].emitted <= cfg->max_tokens) {
        out->n_emitted += memo[slot].emitted;
        return SS_OK;
    }
    size_t before = out->n_emitted;
    ss_status st = ss_tokenize_text(a, cfg, s, len, "c:", false, out);
    if (st == SS_OK && !memo[slot].s && *n_memo < ATTR_MEMO_SLOTS / 2) {
        memo[slot] = (attr_memo){s, len, h, out->n_emitted - before};
        (*n_memo)++;
    }
    return st;
}

/* See tokenize.h. */
ss_status
ss_tokenize_page_blocks(ss_arena *a,
                        const ss_config *cfg,
                        const ss_page *page,
                        ss_tokens *out,
                        uint32_t *limits,
                        ss_block_toks *blocks)
{
    bool multi = page->n_blocks > 1;
    const char *last_attrs = NULL;
    attr_memo memo[ATTR_MEMO_SLOTS] = {0};
    unsigned n_memo = 0;
    memset(out, 0, sizeof *out);
    size_t bytes = 0;
    for (uint32_t i = 0; i < page->n_blocks; i++)
        bytes += page->blocks[i].len;
    /* About one distinct token per 4 bytes of text (the 802 bench pages:
     * 0.25 at the median, words, bigrams and prefixed tokens together): a
     * set sized for one per 12 grew and rehashed 1,068 times on them. No
     * more than the token cap: a long text need not fill it. */
    size_t expect = bytes / 4 < cfg->max_tokens ? bytes / 4 : cfg->max_tokens;
    ss_status st = set_init(a, out, expect);
    if (st == SS_OK && blocks)
        st = blocks_init(a, cfg, page, blocks);
    if (st != SS_OK)
        return st;
    if (page->title && page->title[0]) {
        size_t tl = strlen(page->title);
        bool both = multi && both_fit(cfg, out, tl);
        st = both ? tokens_both(a, cfg, page->title, tl, "t:", out)
                  : ss_tokenize_text(a, cfg, page->title, tl, NULL, true, out);
        if (st == SS_OK && multi && !both)
            st = ss_tokenize_text(a, cfg, page->title, tl, "t:", false, out);
    }
    uint32_t n_header = header_blocks(page);
    char field[MAX_FIELD_NAME + 4];
    size_t field_len = 0;
    for (uint32_t i = 0; st == SS_OK && i < page->n_blocks; i++) {
        const ss_block *b = &page->blocks[i];
        if (i < n_header) {
            st = header_tokens(a, cfg, b, field, &field_len, out);
            continue;
        }
        bool gather = blocks && ss_block_is_short(b);
        size_t from = blocks ? blocks->all.n : 0;
        const char *pre = NULL;
        if (!multi)
            pre = NULL; /* one block: no prefixed tokens */
        else if (i == page->title_block || (b->flags & SS_BLK_TITLE))
            pre = "t:";
        else if (b->widget != SS_NONE && b->widget < page->n_widgets
                 && page->widgets[b->widget].heading == i)
            pre = "w:";
        else if (b->flags & SS_BLK_HEADING)
            pre = "h:";
        else if (b->flags & SS_BLK_LISTITEM)
            pre = "l:";
        bool both = pre && both_fit(cfg, out, b->len);
        if (gather)
            out->sink = &blocks->all;
        st = both ? tokens_both(a, cfg, b->text, b->len, pre, out)
                  : ss_tokenize_text(a, cfg, b->text, b->len, NULL, true, out);
        out->sink = NULL;
        if (gather && st == SS_OK) {
            blocks->first[i] = (uint32_t)from;
            blocks->count[i] = (uint32_t)(blocks->all.n - from);
        }
        if (st != SS_OK || !multi)
            continue;
        if (pre && !both)
            st = ss_tokenize_text(a, cfg, b->text, b->len, pre, false, out);
        if (st == SS_OK && i == page->main_first)
            st = ss_tokenize_text(a, cfg, b->text,
                                  first_sentence(b->text, b->len), "f:",
                                  false, out);
        if (st == SS_OK && b->attrs && b->attrs[0]
            && (!last_attrs || strcmp(last_attrs, b->attrs) != 0)) {
            st = attr_tokens(a, cfg, b->attrs, memo, &n_memo, out);
            last_attrs = b->attrs;
        }
    }
    out->sink = NULL;
    if (out->capped && limits)
        *limits |= SS_LIMIT_TOKENS;
    ss_tokens_finish(out);
    return soft(st);
}

/* See tokenize.h. */
ss_status
ss_block_tokens(ss_arena *a,
                const ss_config *cfg,
                const ss_page *page,
                ss_block_toks *blocks,
                uint32_t i,
                ss_tokens *out)
{
    if (!blocks || !blocks->first || i >= page->n_blocks
        || blocks->first[i] == UINT32_MAX)
        return ss_tokenize_block(a, cfg, &page->blocks[i], out);
    memset(out, 0, sizeof *out);
    out->v = blocks->all.v + blocks->first[i];
    out->n = blocks->count[i];
    out->cap = out->n;
    if (!blocks->sorted[i]) {
        ss_tokens_finish(out);
        blocks->count[i] = (uint32_t)out->n;
        blocks->sorted[i] = true;
    }
    return SS_OK;
}

/* See tokenize.h. */
ss_status
ss_tokenize_block(ss_arena *a,
                  const ss_config *cfg,
                  const ss_block *block,
                  ss_tokens *out)
{
    memset(out, 0, sizeof *out);
    ss_status st = ss_tokenize_text(a, cfg, block->text, block->len, NULL,
                                    true, out);
    ss_tokens_finish(out);
    return soft(st);
}
