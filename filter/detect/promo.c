/*
 * promo.c - promotional headlines (family 4 of detect.h): "Firstname
 * Lastname: <promise>" where the promise is weighed with closed English
 * word classes (wordlists.h), and name-less list items that make two kinds
 * of promise and read as a headline.
 */
#include "detect_util.h"

#include <string.h>

#include "detect.h"
#include "wordlists.h"

#define PROMO_WORDS_MAX 30      /* words of a line checked for promo shape */
#define PROMO_OPENER_WORDS 20   /* a list item without a name: a short line */
#define LINE_FINDINGS_MAX 256  /* promo/counter/share findings per page */

/* Verbs that follow a name in a promotional headline without a colon
 * ("Name Surname reveals ...", "... named chief strategist of ..."). */
static bool
promo_verb(const char *w,
           size_t n)
{
    static const char *const verbs[] = {"appointed", "joins", "named", "reveals",
                                        "shares", "takes", "unveils"};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strlen(verbs[i]) == n && memcmp(verbs[i], w, n) == 0)
            return true;
    return false;
}

/*
 * Does s start with a person-like name (2-3 capitalised words, each an
 * upper-case letter then lower-case letters) followed by ':' or by one of
 * the promo verbs? Sets *rest to the offset after the colon (or the start
 * of the verb) and *colon to which of the two it was.
 */
static bool
name_colon(const char *s,
           size_t len,
           size_t *rest,
           bool *colon)
{
    size_t i = 0, n;
    unsigned words = 0;
    while (words < 4) {
        size_t a = i;
        if (i >= len || !det_is_upper_cp(det_cp_at(s, len, i, &n)))
            return false;
        i += n;
        size_t lowers = 0;
        while (i < len) {
            uint32_t cp = det_cp_at(s, len, i, &n);
            if (det_is_lower_cp(cp))
                lowers++;
            else if (!(cp == '-' || cp == '\'') || lowers == 0)
                break;
            i += n;
        }
        /* Not a name: function words, labels, institution or promise
         * words, gerunds ("Interviewing Strategies:"). */
        size_t wl = i - a;
        if (lowers == 0 || ss_word_is_stop(s + a, wl) || ss_word_is_label(s + a, wl) ||
            ss_word_is_finance(s + a, wl) || ss_word_promise(s + a, wl) ||
            (wl > 5 && memcmp(s + i - 3, "ing", 3) == 0) ||
            (wl > 4 && memcmp(s + i - 3, "ies", 3) == 0))
            return false;
        words++;
        if (i < len && s[i] == ':') {
            if (words < 2 || words > 3)
                return false;
            *rest = i + 1;
            *colon = true;
            return true;
        }
        if (i >= len || s[i] != ' ')
            return false;
        i++;
        if (words >= 2) {
            size_t z = i;
            while (z < len && s[z] >= 'a' && s[z] <= 'z')
                z++;
            if (z > i && promo_verb(s + i, z - i)) {
                *rest = i;
                *colon = false;
                return true;
            }
        }
    }
    return false;
}

/* Promise points of text: one per SS_PROMISE_* class present, one for
 * "most <word>"/"in history", half for '!' and '%'. */
static double
promise_points(const char *s,
               size_t len,
               unsigned *mask_out)
{
    unsigned mask = 0;
    size_t pos = 0, a, z;
    bool prev_most = false, prev_in = false, finance = false, you = false;
    double extra = 0;
    unsigned words = 0;
    while (words++ < 60 && det_next_word(s, len, &pos, &a, &z)) {
        size_t n = z - a;
        unsigned pm = ss_word_promise(s + a, n);
        mask |= pm;
        finance |= !pm && ss_word_is_finance(s + a, n); /* not "money" twice */
        you |= (n == 3 && strncmp(s + a, "you", 3) == 0) ||
               (n == 4 && strncmp(s + a, "your", 4) == 0);
        /* A multiplier: "10x", "100X". */
        if (n >= 2 && n <= 4 && (s[z - 1] == 'x' || s[z - 1] == 'X') && det_is_digit(s[a]))
            mask |= SS_PROMISE_MONEY;
        if (prev_most && !ss_word_is_stop(s + a, n))
            mask |= SS_PROMISE_SUPERLATIVE;
        if (prev_in && n == 7 && strncmp(s + a, "history", 7) == 0)
            mask |= SS_PROMISE_SUPERLATIVE;
        prev_most = n == 4 && strncmp(s + a, "most", 4) == 0;
        prev_in = n == 2 && strncmp(s + a, "in", 2) == 0;
    }
    if (memchr(s, '%', len))
        mask |= SS_PROMISE_MONEY;
    for (size_t i = 0; i + 1 < len; i++)
        if ((s[i] == '$' || (unsigned char)s[i] == 0xA3 /* part of a pound sign */) &&
            det_is_digit(s[i + 1]))
            mask |= SS_PROMISE_MONEY; /* "$500" */
    if (finance)
        extra += 0.5; /* "trading secret", "crypto fund" */
    if (you)
        extra += 0.5; /* "... banks do not want you to know" */
    if (memchr(s, '!', len))
        extra += 0.5;
    /* A bare 3-5 digit number ("the 2560 strategy", "my 935 plan"). */
    for (size_t i = 0; i < len; i++) {
        size_t j = i;
        while (j < len && det_is_digit(s[j]))
            j++;
        if (j - i >= 3 && j - i <= 5 && (i == 0 || s[i - 1] == ' ') &&
            (j == len || s[j] == ' ')) {
            extra += 0.5;
            break;
        }
        if (j > i)
            i = j;
    }
    /* Appointment to a body counts as one promise, not two classes. */
    double pts = extra;
    for (unsigned bit = 1; bit <= SS_PROMISE_APPOINT; bit <<= 1)
        if (mask & bit)
            pts += 1;
    if ((mask & SS_PROMISE_APPOINT) && (mask & SS_PROMISE_BODY))
        pts += 0.5;
    *mask_out = mask;
    return pts;
}

/*
 * Does the line read as a headline rather than a wrapped line of prose (text
 * pages cut paragraphs into short lines)? It starts with a capital, a digit,
 * a currency sign or a quote, holds no sentence break or markup, and does
 * not end in '.', ',', ';' or ':'.
 */
static bool
headline_shape(const char *s,
               size_t len)
{
    size_t n;
    if (len < 2)
        return false;
    uint32_t c0 = det_cp_at(s, len, 0, &n);
    if (!det_is_upper_cp(c0) && !det_is_digit(s[0]) && c0 != '$' && c0 != '"' && c0 != 0x201C &&
        c0 != 0xA3 && c0 != 0x20AC)
        return false;
    char last = s[len - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':')
        return false;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '<' || (s[i] == '.' && s[i + 1] == ' ' && i > 0 && det_is_lower_cp((unsigned char)s[i - 1])))
            return false;
    return true;
}

/* Is w[0..n) "I", "my" or "me" (a first-person story)? */
static bool
first_person(const char *w,
             size_t n)
{
    return (n == 1 && w[0] == 'I') ||
           (n == 2 && ((w[0] == 'm' || w[0] == 'M') && (w[1] == 'y' || w[1] == 'e')));
}

/*
 * A promotional headline without a name in front ("How I turned $500 into
 * a fortune with one safe system", "From zero to 10x: the secret strategy
 * ..."): only a short item of a list widget, and only with promises of two
 * classes (money, safety, method, superlative) and enough of them. Long
 * sentences in the article that discuss such promises are not headlines.
 */
static ss_status
promo_opener(const ss_block *blk,
             uint32_t b,
             ss_evidence *ev)
{
    if (blk->widget == SS_NONE || blk->n_words < 5 || blk->n_words > PROMO_OPENER_WORDS ||
        !headline_shape(blk->text, blk->len))
        return SS_OK;
    unsigned mask;
    double pts = promise_points(blk->text, blk->len, &mask);
    unsigned classes = 0;
    for (unsigned bit = SS_PROMISE_SUPERLATIVE; bit <= SS_PROMISE_METHOD; bit <<= 1)
        classes += (mask & bit) != 0;
    size_t pos = 0, a, z;
    unsigned words = 0;
    /* The story is told from the start: "I made ...", "How I turned ...". */
    while (words++ < 2 && det_next_word(blk->text, blk->len, &pos, &a, &z))
        if (first_person(blk->text + a, z - a)) {
            if (mask & SS_PROMISE_MONEY)
                pts += 1; /* "How I turned $500 into ..." */
            break;
        }
    /* Bodies and appointments belong to the name shape, not this one. */
    if (mask & SS_PROMISE_BODY)
        pts -= 1;
    if (mask & SS_PROMISE_APPOINT)
        pts -= (mask & SS_PROMISE_BODY) ? 1.5 : 1;
    if (classes < 2 || pts < 3.5 || !(mask & (SS_PROMISE_MONEY | SS_PROMISE_SAFETY)))
        return SS_OK;
    ss_finding f;
    det_finding_init(&f, SS_FLAG_PROMO_HEADLINE, SS_WHERE_WIDGET, b, 0.5 + 0.1 * (pts - 3.5));
    f.drop_block = true;
    f.n_blocks = 1;
    f.end = blk->len;
    f.text = blk->text;
    ss_finding *st = det_add_or_merge(ev, &f, "promo-promise-in-list");
    if (!st)
        return SS_ERR_NOMEM;
    if (mask & SS_PROMISE_SUPERLATIVE)
        ss_evidence_add_reason(st, "promo-superlative");
    if (mask & (SS_PROMISE_MONEY | SS_PROMISE_SAFETY))
        ss_evidence_add_reason(st, "promo-returns-or-safety");
    return SS_OK;
}

/*
 * Is the person named at s[0..name_end) (the words before the colon) what
 * the page is about? Their full name is in the title, the og:title or the
 * headline: "Marni Nixon: The secret voice of Hollywood" listed on the page
 * about her is its own headline, not a promotion. Being named in the text
 * is not enough: an injected promotion may borrow a name the article
 * quotes ("said Zelda Urquhart, a detective").
 */
static bool
person_in_title(const ss_page *page,
                const char *s,
                size_t name_end)
{
    size_t z = name_end;
    while (z > 0 && (s[z - 1] == ':' || s[z - 1] == ' '))
        z--;
    if (z < 5 || !memchr(s, ' ', z))
        return false;
    const char *headline = page->title_block < page->n_blocks ?
                           page->blocks[page->title_block].text : NULL;
    return (page->title && det_find_bytes(page->title, strlen(page->title), s, z)) ||
           (page->og_title && det_find_bytes(page->og_title, strlen(page->og_title), s, z)) ||
           (headline && det_find_bytes(headline, strlen(headline), s, z));
}

/* The promotional-headline detector. */
ss_status
detect_promo(const ss_page *page,
             ss_evidence *ev)
{
    unsigned found = 0;
    /* Archive entries are not headlines: withdraw what the rules said. */
    size_t kept = 0;
    for (size_t i = 0; i < ev->n; i++) {
        const ss_finding *f = &ev->items[i];
        if (f->kind == SS_FLAG_PROMO_HEADLINE && f->block < page->n_blocks &&
            ss_text_is_dated_entry(page->blocks[f->block].text, page->blocks[f->block].len))
            continue;
        ev->items[kept++] = *f;
    }
    ev->n = kept;
    for (uint32_t b = 0; b < page->n_blocks && found < LINE_FINDINGS_MAX; b++) {
        const ss_block *blk = &page->blocks[b];
        if (blk->n_words < 4 || blk->n_words > PROMO_WORDS_MAX || b == page->title_block ||
            ss_text_is_dated_entry(blk->text, blk->len))
            continue;
        size_t rest;
        bool colon;
        if (!name_colon(blk->text, blk->len, &rest, &colon)) {
            ss_status st = promo_opener(blk, b, ev);
            if (st != SS_OK)
                return st;
            continue;
        }
        unsigned mask;
        double pts = promise_points(blk->text + rest, blk->len - rest, &mask);
        bool in_widget = blk->widget != SS_NONE;
        /* A short line outside the article (a list the parser did not see
         * as one: "<div class=line>" rows under a heading) is judged like
         * a list item. */
        bool listlike = in_widget || (blk->role == SS_ROLE_BOILER && blk->link_share < 0.5 &&
                                      page->main_first != SS_NONE &&
                                      blk->n_words <= PROMO_OPENER_WORDS &&
                                      headline_shape(blk->text, blk->len));
        ss_finding *rule_hit = det_finding_on(ev, SS_FLAG_PROMO_HEADLINE, b);
        /* Without a colon ("Name Surname named chief of ...") it may be
         * real news: it needs one more promise. */
        double need = (listlike || rule_hit ? 2.0 : 3.0) +
                      (colon ? 0 : listlike && !(mask & SS_PROMISE_APPOINT) ? 0.5 : 1.0);
        if (pts < need)
            continue;
        if (colon && person_in_title(page, blk->text, rest))
            continue;
        double score = 0.6 + 0.1 * (pts - 2.0);
        if (!in_widget)
            score *= 0.75;
        ss_finding f;
        det_finding_init(&f, SS_FLAG_PROMO_HEADLINE,
                     in_widget ? SS_WHERE_WIDGET :
                     blk->role == SS_ROLE_MAIN ? SS_WHERE_BODY : SS_WHERE_PAGE,
                     b, score);
        f.drop_block = true;
        f.n_blocks = 1;
        f.end = blk->len;
        f.text = blk->text;
        ss_finding *s = det_add_or_merge(ev, &f, "promo-name-colon-promise");
        if (!s)
            return SS_ERR_NOMEM;
        found++;
        if ((mask & SS_PROMISE_APPOINT) && (mask & SS_PROMISE_BODY))
            ss_evidence_add_reason(s, "promo-appointment-to-body");
        if (mask & SS_PROMISE_SUPERLATIVE)
            ss_evidence_add_reason(s, "promo-superlative");
        if (mask & (SS_PROMISE_MONEY | SS_PROMISE_SAFETY))
            ss_evidence_add_reason(s, "promo-returns-or-safety");
    }
    return SS_OK;
}
