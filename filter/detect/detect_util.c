/*
 * detect_util.c - what the detector families share (detect_util.h): word
 * scanning, title copies, and adding or merging findings.
 */
#include "detect_util.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detect.h"
#include "wordlists.h"

#define CAND_WORDS_MAX 4        /* words in a brand candidate */
#define HEADLINE_SCAN 6        /* blocks at the top that may repeat the title */

/* Is the word t[a..z) written in capitals only ("WASHINGTON", "AP")? */
bool
det_all_caps(const char *t,
             size_t a,
             size_t z)
{
    for (size_t i = a; i < z; i++)
        if (t[i] >= 'a' && t[i] <= 'z')
            return false;
    return true;
}

/* First occurrence of needle[0..m) in hay[0..n), or NULL (portable memmem). */
const char *
det_find_bytes(const char *hay,
               size_t n,
               const char *needle,
               size_t m)
{
    if (m == 0 || m > n)
        return NULL;
    const char *end = hay + n - m;
    for (const char *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (p[m - 1] == needle[m - 1] && memcmp(p, needle, m) == 0)
            return p; /* the last byte first: most first-byte hits fail */
    }
    return NULL;
}

/* Does f cover (at least partly) the same thing as o? */
static bool
same_target(const ss_finding *o,
            const ss_finding *f)
{
    if (o->kind != f->kind || o->block != f->block)
        return false;
    if (o->drop_block || f->drop_block)
        return o->drop_block && f->drop_block;
    if (o->start == o->end || f->start == f->end) /* evidence-only: */
        return strstr(o->text, f->text) || strstr(f->text, o->text);
    return o->start < f->end && f->start < o->end;
}

/*
 * Add f with reason to ev, or strengthen an existing finding of the same
 * kind on the same text (rule hits become detector-confirmed findings).
 * Returns the stored finding or NULL when out of memory.
 */
ss_finding *
det_add_or_merge(ss_evidence *ev,
                 ss_finding *f,
                 const char *reason)
{
    for (size_t i = 0; i < ev->n; i++) {
        ss_finding *o = &ev->items[i];
        if (!same_target(o, f))
            continue;
        if (f->score > o->score)
            o->score = f->score;
        else if (o->score < 0.99)
            o->score += (1.0 - o->score) * 0.25; /* two signals agree */
        if (!o->drop_block && f->start != f->end &&
            (o->start == o->end || f->end - f->start > o->end - o->start)) {
            o->start = f->start; /* the detector's span is the cleaner one */
            o->end = f->end;
            o->text = f->text;
        }
        ss_evidence_add_reason(o, reason);
        return o;
    }
    ss_finding *s = ss_evidence_add(ev, f);
    if (s)
        ss_evidence_add_reason(s, reason);
    return s;
}

/* Highest score of findings of kind on the page (0 if none). */
double
det_max_score(const ss_evidence *ev,
              ss_flag_kind kind)
{
    double m = 0;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->items[i].kind == kind && ev->items[i].score > m)
            m = ev->items[i].score;
    return m;
}

/* Strongest finding of kind on block b (NULL if none). */
ss_finding *
det_finding_on(ss_evidence *ev,
               ss_flag_kind kind,
               uint32_t b)
{
    ss_finding *best = NULL;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->items[i].kind == kind && ev->items[i].block == b &&
            (!best || ev->items[i].score > best->score))
            best = &ev->items[i];
    return best;
}

/* Start a finding. */
void
det_finding_init(ss_finding *f,
                 ss_flag_kind kind,
                 ss_where where,
                 uint32_t block,
                 double score)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->where = where;
    f->block = block;
    f->score = score > 0.99 ? 0.99 : score;
}

/* Is the word s[a..b) capitalised (starts with an upper-case letter or a
 * digit followed by letters) and not a function word? */
bool
det_is_cap_word(const char *s,
                size_t len,
                size_t a,
                size_t b)
{
    size_t n;
    uint32_t cp = det_cp_at(s, len, a, &n);
    if (!det_is_upper_cp(cp))
        return false;
    return !ss_word_is_stop(s + a, b - a);
}

/*
 * Is block b a copy of a title string or a headline line near the top
 * (text pages repeat the title, with breadcrumbs or a site name)? Such
 * blocks are where candidates come from, not where splices are counted.
 */
bool
det_is_title_like(const ss_page *page,
                  uint32_t b)
{
    if (b == page->title_block)
        return true;
    const ss_block *blk = &page->blocks[b];
    if (page->title && page->title[0] && strcmp(blk->text, page->title) == 0)
        return true;
    if (page->og_title && strcmp(blk->text, page->og_title) == 0)
        return true;
    if (b >= HEADLINE_SCAN || blk->widget != SS_NONE || blk->n_words < 3 ||
        blk->n_words > 40 || blk->len == 0 || blk->text[blk->len - 1] == '.')
        return false;
    return (blk->flags & SS_BLK_HEADING) || page->format == SS_FORMAT_TEXT;
}

/*
 * Scan t[i..) for a phrase of 1..CAND_WORDS_MAX capitalised words (not
 * function words, not all capitals); store the end of each word in ends[]
 * and return how many words were found.
 */
unsigned
det_phrase_words(const char *t,
                 size_t len,
                 size_t i,
                 size_t *ends)
{
    unsigned words = 0;
    while (words < CAND_WORDS_MAX && i < len) {
        size_t a = i;
        i = det_name_end(t, len, i);
        size_t n0;
        if (i == a || !det_is_upper_cp(det_cp_at(t, len, a, &n0)) || det_all_caps(t, a, i) ||
            ss_word_is_label(t + a, i - a) || (words == 0 && !det_is_cap_word(t, len, a, i)))
            break;
        ends[words++] = i;
        if (i >= len || t[i] != ' ')
            break;
        i++;
    }
    return words;
}

/* ASCII letters and digits: det_is_alnum_cp() of a byte below 0x80, one
 * load instead of three range tests (det_next_word() runs over every word
 * of the detectors' blocks). */
static const unsigned char ascii_alnum[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

/* Iterate words of s: letters/digits runs (ASCII-folded later). Returns
 * false at the end; sets [*a,*z). ASCII bytes are classed by the table,
 * others as code points, as before. */
bool
det_next_word(const char *s,
              size_t len,
              size_t *pos,
              size_t *a,
              size_t *z)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos, n;
    while (i < len) {
        if (u[i] < 0x80) {
            if (ascii_alnum[u[i]])
                break;
            i++;
        } else {
            if (det_is_alnum_cp(det_cp_at(s, len, i, &n)))
                break;
            i += n;
        }
    }
    if (i >= len) {
        *pos = len;
        return false;
    }
    *a = i;
    while (i < len) {
        if (u[i] < 0x80) {
            if (ascii_alnum[u[i]] ||
                (u[i] == '-' && i + 1 < len && det_is_alnum_cp(u[i + 1]))) {
                i++;
                continue;
            }
            break;
        }
        if (!det_is_alnum_cp(det_cp_at(s, len, i, &n)))
            break;
        i += n;
    }
    *z = i;
    *pos = i;
    return true;
}

/* Length of the run of ASCII digits at t[i..len). */
static size_t
digit_run(const char *t,
          size_t len,
          size_t i)
{
    size_t k = i;
    while (k < len && det_is_digit(t[k]))
        k++;
    return k - i;
}

/* See detect.h. */
bool
ss_text_is_dated_entry(const char *t,
                       size_t len)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    size_t i = 0;
    if (len < 8)
        return false;
    if (digit_run(t, len, 0) == 4 && (t[4] == '-' || t[4] == '/' || t[4] == '.')) {
        /* 2012-03-06 */
        i = 5;
        size_t d = digit_run(t, len, i);
        if (d < 1 || d > 2 || i + d >= len || t[i + d] != t[4])
            return false;
        i += d + 1;
        d = digit_run(t, len, i);
        if (d < 1 || d > 2)
            return false;
        i += d;
    } else if (digit_run(t, len, 0) >= 1 && digit_run(t, len, 0) <= 2) {
        /* 03/06/2012, 6.3.2012 */
        i = digit_run(t, len, 0);
        char sep = t[i];
        if (sep != '/' && sep != '.' && sep != '-')
            return false;
        size_t d = digit_run(t, len, i + 1);
        if (d < 1 || d > 2 || i + 1 + d >= len || t[i + 1 + d] != sep)
            return false;
        i += 2 + d;
        d = digit_run(t, len, i);
        if (d != 2 && d != 4)
            return false;
        i += d;
    } else {
        /* March 6, 2012 */
        bool month = false;
        for (size_t m = 0; m < 12 && !month; m++)
            month = memcmp(t, months[m], 3) == 0;
        if (!month)
            return false;
        while (i < len && i < 10 && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') || t[i] == '.'))
            i++;
        if (i >= len || t[i] != ' ')
            return false;
        size_t d = digit_run(t, len, i + 1);
        if (d < 1 || d > 2)
            return false;
        i += 1 + d;
        if (i + 1 < len && t[i] == ',' && t[i + 1] == ' ')
            i += 2;
        if (digit_run(t, len, i) != 4)
            return false;
        i += 4;
    }
    while (i < len && t[i] == ' ')
        i++;
    return i < len && (t[i] == ':' || t[i] == '-' || t[i] == '|' ||
                       ((unsigned char)t[i] == 0xE2 && i + 1 < len && (unsigned char)t[i + 1] == 0x80));
}

/* The bit of the byte pair a b in a 256-bit pair set. */
static inline unsigned
pair_bit(unsigned char a,
         unsigned char b)
{
    return ((unsigned)a * 37u + b) & 255u;
}

/* Blocks this long or longer mark their pairs in a byte map that is then
 * packed into the set (SSE2): a byte store per pair instead of a
 * read-modify-write of a set word, which costs more than the packing
 * from about this length on. */
#define PAIR_MAP_MIN 32u

/* The pair set of t[0..len) into set[0..SS_PAIR_WORDS). */
static void
pair_set(const unsigned char *t,
         uint32_t len,
         uint64_t *set)
{
    memset(set, 0, SS_PAIR_WORDS * sizeof *set);
#if defined(__SSE2__)
    if (len >= PAIR_MAP_MIN) {
        _Alignas(16) unsigned char map[256];
        memset(map, 0, sizeof map);
        for (uint32_t i = 0; i + 1 < len; i++)
            map[pair_bit(t[i], t[i + 1])] = 0x80u;
        for (unsigned w = 0; w < SS_PAIR_WORDS; w++) {
            uint64_t bits = 0;
            for (unsigned q = 0; q < 4; q++) {
                __m128i v = _mm_load_si128((const __m128i *)(const void *)(map + w * 64 + q * 16));
                bits |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (q * 16);
            }
            set[w] = bits;
        }
        return;
    }
#endif
    for (uint32_t i = 0; i + 1 < len; i++) {
        unsigned k = pair_bit(t[i], t[i + 1]);
        set[k >> 6] |= (uint64_t)1 << (k & 63);
    }
}

/* See detect.h. */
void
ss_detect_pair_sets(const ss_page *page,
                    uint64_t *out,
                    uint64_t *by_pair)
{
    for (uint32_t b = 0; b < page->n_blocks; b++)
        pair_set((const unsigned char *)page->blocks[b].text, page->blocks[b].len,
                 out + (size_t)b * SS_PAIR_WORDS);
    if (!by_pair)
        return;
    size_t words = ((size_t)page->n_blocks + 63) / 64;
    memset(by_pair, 0, 256 * words * sizeof *by_pair);
    for (uint32_t b = 0; b < page->n_blocks; b++) {
        const uint64_t *set = out + (size_t)b * SS_PAIR_WORDS;
        uint64_t bit = (uint64_t)1 << (b & 63);
        for (unsigned w = 0; w < SS_PAIR_WORDS; w++)
            for (uint64_t x = set[w]; x; x &= x - 1)
                by_pair[(w * 64 + (unsigned)__builtin_ctzll(x)) * words + b / 64] |= bit;
    }
}

/*
 * The pair set of w[0..n) into need; false when there is no pair set to
 * test against (no sets on the page, or a one-byte w).
 */
static bool
pairs_needed(const ss_page *page,
             const char *w,
             size_t n,
             uint64_t need[SS_PAIR_WORDS])
{
    if (!page->pair_sets || n < 2)
        return false;
    memset(need, 0, SS_PAIR_WORDS * sizeof *need);
    const unsigned char *t = (const unsigned char *)w;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned k = pair_bit(t[i], t[i + 1]);
        need[k >> 6] |= (uint64_t)1 << (k & 63);
    }
    return true;
}

/* Can a phrase with pair set need occur in block b? (false: it cannot) */
static inline bool
block_may_hold(const ss_page *page,
               uint32_t b,
               const uint64_t need[SS_PAIR_WORDS])
{
    const uint64_t *set = page->pair_sets + (size_t)b * SS_PAIR_WORDS;
    uint64_t miss = 0;
    for (unsigned k = 0; k < SS_PAIR_WORDS; k++)
        miss |= need[k] & ~set[k];
    return miss == 0;
}

/* Blocks a candidate set covers (PAIR_CAND_WORDS bits per word). */
#define PAIR_CAND_WORDS 512

/*
 * Into cand[0 .. *words), a bit per block that holds every pair of need
 * (the blocks block_may_hold() passes), from page->pair_blocks; false
 * when the page has no such index or more blocks than cand covers.
 */
static bool
pair_candidates(const ss_page *page,
                const uint64_t need[SS_PAIR_WORDS],
                uint64_t cand[PAIR_CAND_WORDS],
                size_t *words)
{
    size_t nw = ((size_t)page->n_blocks + 63) / 64;
    if (!page->pair_blocks || nw > PAIR_CAND_WORDS)
        return false;
    for (size_t i = 0; i < nw; i++)
        cand[i] = ~(uint64_t)0;
    if (page->n_blocks & 63)
        cand[nw - 1] = ((uint64_t)1 << (page->n_blocks & 63)) - 1;
    for (unsigned w = 0; w < SS_PAIR_WORDS; w++)
        for (uint64_t x = need[w]; x; x &= x - 1) {
            const uint64_t *row =
                page->pair_blocks + (w * 64 + (unsigned)__builtin_ctzll(x)) * nw;
            for (size_t i = 0; i < nw; i++)
                cand[i] &= row[i];
        }
    *words = nw;
    return true;
}

/* Does w[0..n) occur as a whole word in block b? (the first
 * DET_OCC_PER_BLOCK_MAX occurrences are looked at) */
static bool
word_in_block(const ss_page *page,
              uint32_t b,
              const char *w,
              size_t n)
{
    const ss_block *blk = &page->blocks[b];
    const char *p = blk->text;
    for (unsigned k = 0; k < DET_OCC_PER_BLOCK_MAX && p; k++) {
        p = det_find_bytes(p, blk->len - (size_t)(p - blk->text), w, n);
        if (!p)
            break;
        size_t s = (size_t)(p - blk->text);
        if (!det_is_alnum_cp(det_cp_before(blk->text, blk->len, s)) &&
            (s + n >= blk->len || !det_is_alnum_cp((unsigned char)blk->text[s + n])))
            return true;
        p += n;
    }
    return false;
}

/* Does w[0..n) occur as a whole word in some block of the page? */
bool
det_word_on_page(const ss_page *page,
                 const char *w,
                 size_t n)
{
    uint64_t need[SS_PAIR_WORDS];
    bool sets = pairs_needed(page, w, n, need);
    uint64_t cand[PAIR_CAND_WORDS];
    size_t words;
    if (sets && pair_candidates(page, need, cand, &words)) {
        for (size_t i = 0; i < words; i++)
            for (uint64_t x = cand[i]; x; x &= x - 1)
                if (word_in_block(page, (uint32_t)(i * 64 + (unsigned)__builtin_ctzll(x)), w, n))
                    return true;
        return false;
    }
    for (uint32_t b = 0; b < page->n_blocks; b++) {
        if (sets && !block_may_hold(page, b, need))
            continue;
        if (word_in_block(page, b, w, n))
            return true;
    }
    return false;
}

/* Add the occurrences of w[0..n) in block b (DET_OCC_PER_BLOCK_MAX at
 * most) to *count, up to max. */
static void
count_in_block(const ss_page *page,
               uint32_t b,
               const char *w,
               size_t n,
               unsigned max,
               unsigned *count)
{
    const ss_block *blk = &page->blocks[b];
    const char *p = blk->text;
    for (unsigned k = 0; k < DET_OCC_PER_BLOCK_MAX && p && *count < max; k++) {
        p = det_find_bytes(p, blk->len - (size_t)(p - blk->text), w, n);
        if (!p)
            break;
        (*count)++;
        p += n;
    }
}

/* How many times (up to max) does w[0..n) occur, as bytes, in the blocks? */
unsigned
det_count_on_page(const ss_page *page,
                  const char *w,
                  size_t n,
                  unsigned max)
{
    unsigned count = 0;
    uint64_t need[SS_PAIR_WORDS];
    bool sets = pairs_needed(page, w, n, need);
    uint64_t cand[PAIR_CAND_WORDS];
    size_t words;
    if (sets && pair_candidates(page, need, cand, &words)) {
        for (size_t i = 0; i < words && count < max; i++)
            for (uint64_t x = cand[i]; x && count < max; x &= x - 1)
                count_in_block(page, (uint32_t)(i * 64 + (unsigned)__builtin_ctzll(x)), w, n,
                               max, &count);
        return count;
    }
    for (uint32_t b = 0; b < page->n_blocks && count < max; b++) {
        if (sets && !block_may_hold(page, b, need))
            continue;
        count_in_block(page, b, w, n, max, &count);
    }
    return count;
}

/* See detect_util.h. */
size_t
det_spaced_sep(const char *s,
               size_t n,
               size_t i)
{
    if (i + 2 >= n || s[i] != ' ')
        return 0;
    const unsigned char *u = (const unsigned char *)s + i + 1;
    size_t rest = n - i - 1, k = 0;
    if (u[0] == '|' || u[0] == '-')
        k = 1;
    else if (rest >= 2 && u[0] == ':' && u[1] == ':')
        k = 2;
    else if (rest >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94))
        k = 3;
    else if (rest >= 2 && u[0] == 0xC2 && (u[1] == 0xBB || u[1] == 0xB7))
        k = 2;
    if (k == 0 || k >= rest || u[k] != ' ')
        return 0;
    return k + 2;
}
