/*
 * site.c - site-name suffixes, "Source:" lines and slogan lines (families 2
 * and 3 of detect.h).
 *
 * A site-name suffix at the end of <title> ("... -Name Finance") counts
 * when it is glued, finance-like, and not the page's own name. A slogan is
 * a 2-3 word title-case line next to the headline, judged only on pages
 * that carry other injection evidence.
 */
#include "detect_util.h"

#include <string.h>

#include "wordlists.h"

#define CAND_WORDS_MAX 4        /* words in a brand candidate */
#define SITE_NAME_BYTES_MAX 48
#define SOURCE_LINE_SCAN 10     /* top blocks searched for "Source:Name" */
#define SOURCE_LINE_WORDS 16
#define HEADLINE_SCAN 6        /* blocks at the top that may repeat the title */
#define SLOGAN_LOOKAHEAD 4      /* blocks after the headline */
#define SUFFIX_WEAK 0.3         /* a glued suffix, too weak on its own */
#define PAIR_SCORE 0.65         /* a weak suffix and a slogan line together */

/* 2. Site-name suffix                                                 */

/* Does any block other than title copies contain name[0..n)? */
static bool
appears_in_blocks(const ss_page *page,
                  const char *name,
                  size_t n)
{
    for (uint32_t b = 0; b < page->n_blocks; b++) {
        if (det_is_title_like(page, b))
            continue;
        if (det_find_bytes(page->blocks[b].text, page->blocks[b].len, name, n))
            return true;
    }
    return false;
}

/* A site-name suffix found in a title string. */
typedef struct suffix {
    size_t sep;     /* where the separator starts */
    size_t name;    /* where the name starts; it runs to the end */
    bool glued;     /* no space after the separator */
    bool finance;   /* a finance word in the name */
    double score;   /* 0 when there is no suffix of a name's shape */
} suffix;

/* Parse a site-name suffix at the end of t and score it. */
static void
parse_suffix(const ss_page *page,
             const ss_evidence *ev,
             const char *t,
             suffix *out)
{
    memset(out, 0, sizeof *out);
    if (!t || !t[0])
        return;
    size_t len = strlen(t);
    /* Last separator: " -", " |", " —", " –", or a dash or underscore
     * glued on both sides ("plays-Name", "closes_Name"). */
    size_t sep = 0, name = 0;
    bool glued = false, hyphen = false;
    for (size_t i = len > SITE_NAME_BYTES_MAX + 4 ? len - SITE_NAME_BYTES_MAX - 4 : 1;
         i + 1 < len; i++) {
        uint32_t pc = det_cp_before(t, len, i);
        /* "WSJ_Name": an underscore joins anything, a hyphen after a
         * capital is a compound ("COVID-Era") */
        bool both = (t[i] == '-' || t[i] == '_') && t[i - 1] != ' ' && i + 1 < len &&
                    t[i + 1] >= 'A' && t[i + 1] <= 'Z' &&
                    (det_is_lower_cp(pc) || pc == '\'' || pc == '"' || pc == ')' ||
                     pc == 0x2019 || pc == 0x201D ||
                     (t[i] == '_' && det_is_alnum_cp(pc)));
        if (t[i - 1] != ' ' && !both)
            continue; /* "plays-Open Haven Wealth" is glued on both sides */
        size_t w = 0;
        if (t[i] == '-' || t[i] == '|' || t[i] == '_')
            w = 1;
        else if ((unsigned char)t[i] == 0xE2 && i + 2 < len &&
                 (unsigned char)t[i + 1] == 0x80 &&
                 ((unsigned char)t[i + 2] == 0x94 || (unsigned char)t[i + 2] == 0x93))
            w = 3;
        if (!w)
            continue;
        sep = both ? i : i - 1;
        hyphen = both;
        glued = t[i + w] != ' ';
        name = i + w;
        while (name < len && t[name] == ' ')
            name++;
    }
    if (!sep || name >= len)
        return;

    /* The suffix must look like a name: 1-4 capitalised words. */
    unsigned words = 0;
    bool finance = false;
    size_t i = name;
    while (i < len) {
        size_t a0 = i;
        i = det_name_end(t, len, i);
        if (i == a0)
            return;
        size_t n;
        if (!det_is_upper_cp(det_cp_at(t, len, a0, &n)) && !det_is_digit(t[a0]))
            return;
        if (ss_word_is_finance(t + a0, i - a0))
            finance = true;
        if (++words > 4)
            return;
        if (i < len && t[i] != ' ')
            return;
        while (i < len && t[i] == ' ')
            i++;
    }

    /* "plays-Name" may be a hyphenated compound ("Home-Entertainment",
     * "Al-Sabah") and "Title_Site" is how some CMSs join their name: on
     * their own they are weaker than " -Name". */
    double score = hyphen ? 0.3 : glued ? 0.55 : 0.15;
    bool branded = det_max_score(ev, SS_FLAG_INJECTED_BRAND) >= 0.5;
    if (finance)
        score += 0.25;
    if (branded)
        score += 0.2;
    /* The page's own name is usually repeated in its header or footer
     * (fake sites repeat theirs too, so this only weakens the signal, and
     * not at all on a page that carries an injected brand). */
    else if (appears_in_blocks(page, t + name, len - name))
        score -= 0.15;
    out->sep = sep;
    out->name = name;
    out->glued = glued;
    out->finance = finance;
    out->score = score;
}

/* Add a site-name finding for suffix x of title string t. */
static ss_status
add_suffix(ss_evidence *ev,
           ss_arena *a,
           const char *t,
           uint32_t block,
           const suffix *x,
           double score,
           const char *extra)
{
    size_t len = strlen(t);
    size_t sep = x->sep, name = x->name;
    bool glued = x->glued, finance = x->finance;
    ss_finding f;
    det_finding_init(&f, SS_FLAG_SITE_NAME, SS_WHERE_TITLE, block, score);
    f.start = (uint32_t)sep;
    f.end = (uint32_t)len;
    f.text = ss_arena_strndup(a, t + name, len - name);
    if (!f.text)
        return SS_ERR_NOMEM;
    ss_finding *s = det_add_or_merge(ev, &f, glued ? "site-name-glued-dash" : "site-name-suffix");
    if (!s)
        return SS_ERR_NOMEM;
    if (finance)
        ss_evidence_add_reason(s, "site-name-finance-word");
    if (extra)
        ss_evidence_add_reason(s, extra);
    return SS_OK;
}

/* Look for a site-name suffix in title string t (the <title> when block is
 * SS_TARGET_TITLE, else a headline-like block). */
static ss_status
site_name_in(const ss_page *page,
             ss_evidence *ev,
             ss_arena *a,
             const char *t,
             uint32_t block)
{
    suffix x;
    parse_suffix(page, ev, t, &x);
    if (x.score < 0.5)
        return SS_OK;
    return add_suffix(ev, a, t, block, &x, x.score, NULL);
}

/*
 * A finance-like name as the source of the article in a dateline or byline
 * line at the top ("2025-03-02 10:15 Source:Name Markets"): the fake site
 * signs the copy it republished. Honest lines name a paper ("Source: County
 * Herald") or sit under a chart in the body.
 */
static ss_status
source_line(const ss_page *page,
            ss_evidence *ev,
            ss_arena *a,
            uint32_t b)
{
    const ss_block *blk = &page->blocks[b];
    if (blk->n_words > SOURCE_LINE_WORDS)
        return SS_OK;
    const char *p = det_find_bytes(blk->text, blk->len, "Source:", 7);
    if (!p)
        return SS_OK;
    const char *t = blk->text;
    size_t len = blk->len;
    size_t i = (size_t)(p - t) + 7;
    bool glued = i < len && t[i] != ' ';
    while (i < len && t[i] == ' ')
        i++;
    size_t ends[CAND_WORDS_MAX];
    unsigned w = det_phrase_words(t, len, i, ends);
    if (w == 0 || ends[w - 1] != len)
        return SS_OK; /* the name must end the line */
    size_t ls = w >= 2 ? ends[w - 2] + 1 : i;
    if (!ss_word_is_finance(t + ls, len - ls))
        return SS_OK;
    ss_finding f;
    det_finding_init(&f, SS_FLAG_SITE_NAME, SS_WHERE_PAGE, b, glued ? 0.65 : 0.55);
    f.start = (uint32_t)i;
    f.end = (uint32_t)len;
    f.text = ss_arena_strndup(a, t + i, len - i);
    if (!f.text)
        return SS_ERR_NOMEM;
    ss_finding *st = det_add_or_merge(ev, &f, "site-name-in-source-line");
    if (!st)
        return SS_ERR_NOMEM;
    ss_evidence_add_reason(st, "site-name-finance-word");
    return SS_OK;
}

/* The site-name suffix detector: <title> and the headline lines. */
ss_status
detect_site_name(const ss_page *page,
                 ss_evidence *ev,
                 ss_arena *a)
{
    ss_status st = site_name_in(page, ev, a, page->title, SS_TARGET_TITLE);
    for (uint32_t b = 0; st == SS_OK && b < page->n_blocks && b < SOURCE_LINE_SCAN; b++)
        st = source_line(page, ev, a, b);
    for (uint32_t b = 0; st == SS_OK && b < page->n_blocks && b < HEADLINE_SCAN; b++)
        if (det_is_title_like(page, b) &&
            !(page->title && strcmp(page->blocks[b].text, page->title) == 0))
            st = site_name_in(page, ev, a, page->blocks[b].text, b);
    return st;
}

/* 3. Slogan lines                                                     */

/* Is blk a 2-3 word title-case line without digits or punctuation? */
static bool
slogan_shape(const ss_block *blk)
{
    if (blk->n_words < 2 || blk->n_words > 3 || blk->len > 40)
        return false;
    size_t pos = 0, a, z, n;
    unsigned words = 0;
    for (size_t i = 0; i < blk->len; i++)
        if (!(det_is_alnum_cp(det_cp_at(blk->text, blk->len, i, &n)) || blk->text[i] == ' ' ||
              ((unsigned char)blk->text[i] & 0x80)))
            return false;
    while (det_next_word(blk->text, blk->len, &pos, &a, &z)) {
        if (!det_is_upper_cp(det_cp_at(blk->text, blk->len, a, &n)))
            return false;
        for (size_t k = a; k < z; k++)
            if (det_is_digit(blk->text[k]))
                return false;
        if (words == 0 && (ss_word_is_byline(blk->text + a, z - a) ||
                           ss_word_is_stop(blk->text + a, z - a)))
            return false;
        words++;
    }
    return words >= 2;
}

/*
 * The slogan detector: on pages with other injection evidence, or beside
 * a weak site-name suffix of the <title> (glued on both sides, "...
 * research-SoaringGate", "WSJ_Name Times", and used nowhere else on the
 * page). A fake site brands the copy twice, with its name and its slogan,
 * and each of the two confirms the other: both are flagged.
 */
ss_status
detect_slogan(const ss_page *page,
              ss_evidence *ev,
              ss_arena *a,
              double injected)
{
    suffix site = {0};
    if (injected < 0.5) {
        parse_suffix(page, ev, page->title, &site);
        if (site.score < SUFFIX_WEAK)
            return SS_OK;
    }
    uint32_t from = page->title_block != SS_NONE ? page->title_block + 1 : 0;
    for (uint32_t b = from; b < page->n_blocks && b < from + SLOGAN_LOOKAHEAD; b++) {
        const ss_block *blk = &page->blocks[b];
        if (det_is_title_like(page, b))
            continue;
        if (blk->n_words >= 12)
            break; /* the article has started */
        if (blk->widget != SS_NONE || blk->link_share >= 0.5 || !slogan_shape(blk))
            continue;
        /* A name or section that the page repeats elsewhere is not one. */
        bool repeated = false;
        for (uint32_t o = 0; o < page->n_blocks && !repeated; o++)
            if (o != b && det_find_bytes(page->blocks[o].text, page->blocks[o].len,
                                     blk->text, blk->len))
                repeated = true;
        if (repeated)
            continue;
        bool pair = injected < 0.5;
        ss_finding f;
        det_finding_init(&f, SS_FLAG_SLOGAN, SS_WHERE_PAGE, b,
                         pair ? PAIR_SCORE : 0.5 + 0.3 * injected);
        f.drop_block = true;
        f.n_blocks = 1;
        f.end = blk->len;
        f.text = blk->text;
        ss_finding *sf = det_add_or_merge(ev, &f, "slogan-line-near-headline");
        if (!sf)
            return SS_ERR_NOMEM;
        if (pair) {
            ss_evidence_add_reason(sf, "slogan-beside-site-name-suffix");
            return add_suffix(ev, a, page->title, SS_TARGET_TITLE, &site, PAIR_SCORE,
                              "site-name-beside-slogan");
        }
    }
    return SS_OK;
}
