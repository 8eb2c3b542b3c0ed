/*
 * counters.c - like/vote counters ("veryGood! (123)", junk) and share bars
 * (boilerplate): family 5a of detect.h.
 */
#include "detect_util.h"

#include <string.h>

#include "wordlists.h"

#define COUNTER_WORDS_MAX 8
#define SHARE_WORDS_MAX 10
#define LINE_FINDINGS_MAX 256  /* promo/counter/share findings per page */

/*
 * Find "<word>! (<digits>)" in s where the last case-hump of word is an
 * exclamation word ("veryGood! (12)"). *glued is set when that word is
 * glued to another label ("TwitterveryGood").
 */
static bool
like_counter(const char *s,
             size_t len,
             bool *glued)
{
    for (size_t i = 1; i + 3 < len; i++) {
        if (s[i] != '!')
            continue;
        size_t k = i + 1;
        if (s[k] == ' ')
            k++;
        if (k >= len || s[k] != '(' || k + 1 >= len || !det_is_digit(s[k + 1]))
            continue;
        size_t d = k + 1;
        while (d < len && det_is_digit(s[d]))
            d++;
        if (d >= len || s[d] != ')')
            continue;
        size_t a = i;
        while (a > 0 && ((s[a - 1] >= 'a' && s[a - 1] <= 'z') ||
                         (s[a - 1] >= 'A' && s[a - 1] <= 'Z')))
            a--;
        if (a == i)
            continue;
        /* Last hump: from the last upper-case letter. */
        size_t h = i;
        while (h > a && !(s[h - 1] >= 'A' && s[h - 1] <= 'Z'))
            h--;
        if (h > a)
            h--;
        bool cheer = ss_word_is_cheer(s + a, i - a) || ss_word_is_cheer(s + h, i - h);
        if (!cheer)
            continue;
        *glued = h > a; /* "veryGood", "TwitterveryGood" */
        return true;
    }
    return false;
}

/* Is every word of the block a share-bar word? */
static bool
share_bar(const ss_block *blk)
{
    if (blk->n_words == 0 || blk->n_words > SHARE_WORDS_MAX)
        return false;
    size_t pos = 0, a, z;
    unsigned words = 0;
    while (det_next_word(blk->text, blk->len, &pos, &a, &z)) {
        if (ss_word_is_share(blk->text + a, z - a)) {
            words++;
            continue;
        }
        /* split glued humps: "FacebookTwitter" */
        size_t h = a;
        for (size_t k = a + 1; k <= z; k++) {
            if (k == z || (blk->text[k] >= 'A' && blk->text[k] <= 'Z' &&
                           blk->text[k - 1] >= 'a' && blk->text[k - 1] <= 'z')) {
                if (!ss_word_is_share(blk->text + h, k - h))
                    return false;
                words++;
                h = k;
            }
        }
    }
    return words >= 2;
}

/* Like counters (junk-widget) and share bars (boilerplate). */
ss_status
detect_counters(const ss_page *page,
                ss_evidence *ev)
{
    unsigned found = 0;
    for (uint32_t b = 0; b < page->n_blocks && found < LINE_FINDINGS_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        if (blk->n_words > COUNTER_WORDS_MAX && blk->n_words > SHARE_WORDS_MAX)
            continue;
        bool glued = false;
        ss_finding f;
        if (blk->n_words <= COUNTER_WORDS_MAX && like_counter(blk->text, blk->len, &glued)) {
            det_finding_init(&f, SS_FLAG_JUNK_WIDGET,
                         blk->widget != SS_NONE ? SS_WHERE_WIDGET : SS_WHERE_PAGE,
                         b, glued ? 0.8 : 0.6);
            f.drop_block = true;
            f.n_blocks = 1;
            f.end = blk->len;
            f.text = blk->text;
            ss_finding *s = det_add_or_merge(ev, &f, "like-counter");
            if (!s)
                return SS_ERR_NOMEM;
            if (glued)
                ss_evidence_add_reason(s, "like-counter-glued-label");
            found++;
        } else if (share_bar(blk)) {
            det_finding_init(&f, SS_FLAG_BOILERPLATE, SS_WHERE_PAGE, b, 0.05);
            f.drop_block = true;
            f.n_blocks = 1;
            f.end = blk->len;
            f.text = blk->text;
            if (!det_add_or_merge(ev, &f, "share-bar"))
                return SS_ERR_NOMEM;
            found++;
        }
    }
    return SS_OK;
}
