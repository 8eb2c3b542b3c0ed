/*
 * counters.c - like/vote counters ("veryGood! (123)", junk) and share bars
 * (boilerplate): family 5a of detect.h.
 */
#include "detect_util.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "wordlists.h"

#define COUNTER_WORDS_MAX 8
#define SHARE_WORDS_MAX 10
#define ROWS_WORDS_MAX 24     /* a bar of counter rows in one block */
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

/* A network or channel a share bar names, not a word of its own chrome
 * ("comments", "share", "link", "print", "x" are ordinary words too). */
static bool
network_word(const char *w,
             size_t n)
{
    static const char *const chrome[] = {"comment", "comments", "copy", "link", "print",
                                         "save", "share", "shares", "tweet", "x"};
    if (!ss_word_is_share(w, n))
        return false;
    for (size_t i = 0; i < sizeof chrome / sizeof chrome[0]; i++)
        if (strlen(chrome[i]) == n && strncasecmp(chrome[i], w, n) == 0)
            return false;
    return true;
}

/*
 * Is s[0..n) (digits, maybe with ',' or '.' between them) a count: plain
 * digits, or groups of three behind one kind of separator ("56,746",
 * "1.234.567")? A phone number ("844.726.4889"), a date or a decimal is
 * not.
 */
static bool
grouped_count(const char *s,
              size_t n)
{
    char sep = 0;
    size_t group = 0;
    for (size_t i = 0; i < n; i++) {
        if (det_is_digit(s[i])) {
            group++;
            continue;
        }
        if ((sep && s[i] != sep) || (sep && group != 3) || group > 3)
            return false;
        sep = s[i];
        group = 0;
    }
    return !sep || group == 3;
}

/*
 * A counter row of a share or reaction bar, in any arrangement of its
 * parts: a network's name, at most two label words, and one count of 100
 * or more, glued or in parentheses or next to a label
 * ("LinkedInRecommend(73710)", "Like Weibo49930", "EmailGood! 56,746",
 * "Awesome Facebook25235"). ASCII letters, digits (with "," or "."
 * between groups), spaces, '!', '(' and ')' only; the count opens or
 * closes the row. *glued is set when the network's name touches a label or
 * the count. A plain "1,234 Shares", "Comments (12)" or a product name
 * ("Xbox 360 Messenger Kit") is not one.
 */
static bool
share_counter(const char *s,
              size_t len,
              bool *glued)
{
    if (len > 64)
        return false;
    unsigned nets = 0, labels = 0, counts = 0;
    bool parens = false, net_glued = false, count_first = false;
    size_t prev_end = SIZE_MAX; /* end of the previous letter or digit run */
    bool prev_net = false;
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (det_is_digit(c)) {
            size_t a = i;
            unsigned digits = 0;
            while (i < len && (det_is_digit(s[i]) ||
                               ((s[i] == ',' || s[i] == '.') && i + 1 < len &&
                                det_is_digit(s[i + 1]) && i > a))) {
                digits += det_is_digit(s[i]);
                i++;
            }
            if (digits < 3 || ++counts > 1 || !grouped_count(s + a, i - a))
                return false;
            count_first = nets + labels == 0;
            if (prev_end == a && prev_net)
                net_glued = true;
            prev_end = i;
            prev_net = false;
            continue;
        }
        if (alpha) {
            size_t a = i;
            while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
                i++;
            /* humps: "LinkedInRecommend" -> "Linked", "In", ...: a network
             * name may hold a hump ("LinkedIn"), so try the longest prefix
             * that is one first */
            size_t h = a;
            while (h < i) {
                size_t end = 0;
                for (size_t k = i; k > h; k--) {
                    bool cut = k == i || (s[k] >= 'A' && s[k] <= 'Z' && s[k - 1] >= 'a' &&
                                          s[k - 1] <= 'z');
                    if (cut && network_word(s + h, k - h)) {
                        end = k;
                        break;
                    }
                }
                bool net = end != 0;
                if (counts && !count_first)
                    return false; /* the count opens or closes the row:
                                     "Xbox 360 Messenger Kit" is a name */
                if (!net) { /* a label: up to the next hump */
                    end = h + 1;
                    while (end < i && !(s[end] >= 'A' && s[end] <= 'Z' && s[end - 1] >= 'a' &&
                                        s[end - 1] <= 'z'))
                        end++;
                    if (end - h > 12 || ++labels > 2)
                        return false;
                } else {
                    nets++;
                }
                if (prev_end == h && (net || prev_net) && !(net && prev_net))
                    net_glued = true;
                prev_end = end;
                prev_net = net;
                h = end;
            }
            continue;
        }
        if (c == '(' || c == ')')
            parens = true;
        else if (c != ' ' && c != '!')
            return false;
        i++;
    }
    if (nets == 0 || nets + labels > 4 || counts != 1)
        return false;
    *glued = net_glued;
    return net_glued || labels > 0 || parens;
}

/*
 * Several counter rows in one block, as a bar of them reads when its items
 * are inline ("Like VK69961 EmailLikes(97135) Agree Flipboard13517"): cut
 * after each count (and its closing parenthesis); every piece must be a
 * counter row on its own, and there must be two or more.
 */
static bool
counter_rows(const char *s,
             size_t len,
             bool *glued)
{
    if (len > 4 * 64)
        return false;
    unsigned rows = 0;
    bool any_glued = false;
    size_t a = 0, i = 0;
    while (i < len) {
        if (!det_is_digit(s[i])) {
            i++;
            continue;
        }
        while (i < len && (det_is_digit(s[i]) ||
                           ((s[i] == ',' || s[i] == '.') && i + 1 < len &&
                            det_is_digit(s[i + 1]))))
            i++;
        if (i < len && s[i] == ')')
            i++;
        while (a < i && (s[a] == ' ' || s[a] == '|'))
            a++;
        bool g = false;
        if (!share_counter(s + a, i - a, &g))
            return false;
        any_glued |= g;
        rows++;
        a = i;
    }
    while (a < len && (s[a] == ' ' || s[a] == '|'))
        a++;
    if (rows < 2 || a < len)
        return false;
    *glued = any_glued;
    return true;
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
        if (blk->n_words > ROWS_WORDS_MAX)
            continue;
        bool glued = false;
        ss_finding f;
        /* Every counter holds a '(' and a digit, or a run of three digits
         * (its count): most short blocks have neither. */
        bool paren = false, count = false;
        unsigned run = 0;
        for (size_t i = 0; i < blk->len && !count; i++) {
            run = det_is_digit(blk->text[i]) ? run + 1 : 0;
            count = run >= 3;
            paren |= blk->text[i] == '(';
        }
        bool like = (paren || count) && blk->n_words <= COUNTER_WORDS_MAX &&
                    like_counter(blk->text, blk->len, &glued);
        bool row = !like && count && blk->n_words <= COUNTER_WORDS_MAX &&
                   share_counter(blk->text, blk->len, &glued);
        if (!like && !row && count)
            row = counter_rows(blk->text, blk->len, &glued);
        if (like || row) {
            det_finding_init(&f, SS_FLAG_JUNK_WIDGET,
                         blk->widget != SS_NONE ? SS_WHERE_WIDGET : SS_WHERE_PAGE,
                         b, glued ? 0.8 : 0.6);
            f.drop_block = true;
            f.n_blocks = 1;
            f.end = blk->len;
            f.text = blk->text;
            ss_finding *s = det_add_or_merge(ev, &f, like ? "like-counter" : "share-counter");
            if (!s)
                return SS_ERR_NOMEM;
            if (glued)
                ss_evidence_add_reason(s, like ? "like-counter-glued-label"
                                                : "share-counter-glued-label");
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
