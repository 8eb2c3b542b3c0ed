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
 */
#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* See tokenize.h. */
uint64_t
ss_token_hash(const char *text, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 0x100000001b3ull;
    }
    /* splitmix64 finaliser: FNV's low bits are weak for table indexing. */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h ? h : 1;
}

/* Append one token prefix+s[0..len) to out. Returns SS_OK, SS_ERR_LIMIT when
 * the token cap is reached (not an error for the caller: it stops), or
 * SS_ERR_NOMEM when the arena is exhausted. */
static ss_status
emit(ss_arena *a,
     const ss_config *cfg,
     const char *prefix,
     size_t plen,
     const char *s,
     size_t len,
     ss_tokens *out)
{
    if (out->n >= cfg->max_tokens) {
        out->capped = true;
        return SS_ERR_LIMIT;
    }
    if (out->n == out->cap) {
        size_t ncap = out->cap ? out->cap * 2 : 256;
        if (ncap > cfg->max_tokens)
            ncap = cfg->max_tokens;
        ss_token *v = ss_arena_realloc(a, out->v, out->cap * sizeof *v,
                                       ncap * sizeof *v);
        if (!v)
            return SS_ERR_NOMEM;
        out->v = v;
        out->cap = ncap;
    }
    char *t = ss_arena_alloc(a, plen + len + 1);
    if (!t)
        return SS_ERR_NOMEM;
    memcpy(t, prefix, plen);
    memcpy(t + plen, s, len);
    t[plen + len] = '\0';
    ss_token *tok = &out->v[out->n++];
    tok->text = t;
    tok->len = (uint32_t)(plen + len);
    tok->hash = ss_token_hash(t, plen + len);
    return SS_OK;
}

/* Ideographs and kana: each is a word by itself. */
static bool
is_ideograph(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x20000 && cp <= 0x2FFFF);
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

/* A word worth a token: two bytes or more, or one non-ASCII character. */
static bool
keep_word(const char *w, size_t len)
{
    return len >= SS_TOK_MIN_BYTES || (len == 1 && (unsigned char)w[0] >= 0x80);
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
    char word[WORD_BUF], prev[WORD_BUF], pair[2 * WORD_BUF + 1];
    size_t prev_len = 0;
    size_t plen = prefix ? strlen(prefix) : 0;
    size_t maxb = cfg->max_token_bytes;
    if (maxb == 0 || maxb > WORD_BUF - 4)
        maxb = WORD_BUF - 4;
    if (!prefix)
        prefix = "";
    size_t i = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = peek(text, len, i, &n);
        if (!is_word_char(cp)) {
            /* Currency signs are evidence by themselves ("$", "£"). */
            if (SS_TOK_SHAPES && is_currency(cp)) {
                ss_status st = emit(a, cfg, prefix, plen, text + i, n, out);
                if (st != SS_OK)
                    return st;
            }
            i += n;
            continue;
        }
        /* Scan one word, folding case into word[]. */
        size_t wl = 0;
        size_t camel[MAX_CAMEL];
        unsigned n_camel = 0;
        bool last_lower = false;
        uint32_t last = 0;
        bool one_char = is_ideograph(cp);
        while (i < len) {
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
            }
            i += n;
            if (one_char)
                break;
        }
        if (!keep_word(word, wl))
            continue;
        ss_status st = emit(a, cfg, prefix, plen, word, wl, out);
        if (st != SS_OK)
            return st;
        /* Shape of a number: "n:5" for any 5-digit number (short codes,
         * phone numbers and amounts are rarely the same twice). */
        if (SS_TOK_SHAPES && wl >= 3 && all_digits(word, wl)) {
            char shape[16];
            int sl = snprintf(shape, sizeof shape, "n:%zu", wl);
            st = emit(a, cfg, prefix, plen, shape, (size_t)sl, out);
            if (st != SS_OK)
                return st;
        }
        /* Camel parts: "twitterverygood" -> "twittervery", "good". */
        size_t from = 0;
        for (unsigned c = 0; c <= n_camel && n_camel > 0; c++) {
            size_t to = c < n_camel ? camel[c] : wl;
            if (to > from && keep_word(word + from, to - from)) {
                st = emit(a, cfg, prefix, plen, word + from, to - from, out);
                if (st != SS_OK)
                    return st;
            }
            from = to;
        }
        if (bigrams && prev_len > 0) {
            memcpy(pair, prev, prev_len);
            pair[prev_len] = ' ';
            memcpy(pair + prev_len + 1, word, wl);
            st = emit(a, cfg, prefix, plen, pair, prev_len + 1 + wl, out);
            if (st != SS_OK)
                return st;
        }
        memcpy(prev, word, wl);
        prev_len = wl;
    }
    return SS_OK;
}

/* Sift toks[i] down the max-heap toks[0..n) ordered by hash. */
static void
sift_down(ss_token *v, size_t i, size_t n)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            return;
        if (c + 1 < n && v[c + 1].hash > v[c].hash)
            c++;
        if (v[c].hash <= v[i].hash)
            return;
        ss_token t = v[i];
        v[i] = v[c];
        v[c] = t;
        i = c;
    }
}

/* See tokenize.h. Heapsort: in place (qsort may call malloc, and scoring
 * must not), deterministic for a given input order. Two different texts
 * with the same 64-bit hash are one token (the first after sorting). */
void
ss_tokens_finish(ss_tokens *toks)
{
    size_t n = toks->n;
    ss_token *v = toks->v;
    if (n < 2)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(v, i, n);
    for (size_t end = n - 1; end > 0; end--) {
        ss_token t = v[0];
        v[0] = v[end];
        v[end] = t;
        sift_down(v, 0, end);
    }
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
    ss_status st = SS_OK;
    bool multi = page->n_blocks > 1;
    const char *last_attrs = NULL;
    memset(out, 0, sizeof *out);
    if (page->title && page->title[0]) {
        st = ss_tokenize_text(a, cfg, page->title, strlen(page->title), NULL,
                              true, out);
        if (st == SS_OK && multi)
            st = ss_tokenize_text(a, cfg, page->title, strlen(page->title),
                                  "t:", false, out);
    }
    for (uint32_t i = 0; st == SS_OK && i < page->n_blocks; i++) {
        const ss_block *b = &page->blocks[i];
        st = ss_tokenize_text(a, cfg, b->text, b->len, NULL, true, out);
        if (st != SS_OK || !multi)
            continue;
        const char *pre = NULL;
        if (i == page->title_block || (b->flags & SS_BLK_TITLE))
            pre = "t:";
        else if (b->widget != SS_NONE && b->widget < page->n_widgets
                 && page->widgets[b->widget].heading == i)
            pre = "w:";
        else if (b->flags & SS_BLK_HEADING)
            pre = "h:";
        else if (b->flags & SS_BLK_LISTITEM)
            pre = "l:";
        if (pre)
            st = ss_tokenize_text(a, cfg, b->text, b->len, pre, false, out);
        if (st == SS_OK && i == page->main_first)
            st = ss_tokenize_text(a, cfg, b->text,
                                  first_sentence(b->text, b->len), "f:",
                                  false, out);
        if (st == SS_OK && b->attrs && b->attrs[0]
            && (!last_attrs || strcmp(last_attrs, b->attrs) != 0)) {
            st = ss_tokenize_text(a, cfg, b->attrs, strlen(b->attrs), "c:",
                                  false, out);
            last_attrs = b->attrs;
        }
    }
    if (out->capped && limits)
        *limits |= SS_LIMIT_TOKENS;
    ss_tokens_finish(out);
    return soft(st);
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
