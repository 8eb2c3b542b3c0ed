/*
 * detect.c - structural detectors for injected spam (see detect.h): the
 * driver that runs the families in order. Each family lives in its own
 * file: brand.c (1), site.c (2, 3), promo.c (4), counters.c (5a) and
 * widgets.c (5b); detect_util.c holds what they share.
 *
 * Nothing here knows a brand or a site name. The detectors look at shape and
 * position:
 *
 *  1. Spliced brand. Candidates are the capitalised phrases (1-4 words)
 *     right before a ':' or a glued '-' near the start of the title, the
 *     og:title and the headline. A candidate is confirmed when it reappears
 *     in other blocks where no writer puts a phrase: glued to the previous
 *     word ("wordBrand"), glued to the next one ("The Brandarrests"), after
 *     a comma without a space ("City,Brand State"), between a dateline's
 *     city and state, or before a colon at the start of the first sentence.
 *     A label that the article really is about ("Musk: ...", with "Musk"
 *     used normally in the text) never reappears that way, so it is left
 *     alone.
 *  2. Site-name suffix at the end of <title> ("... -Name Finance") when it
 *     is glued, finance-like, and not the page's own name.
 *  3. Slogan lines: a 2-3 word title-case line next to the headline, only
 *     on pages that carry other injection evidence.
 *  4. Promotional headlines: "Firstname Lastname: <promise>" where the
 *     promise is weighed with closed English word classes (wordlists.h).
 *  5. Junk widgets: like/vote counters ("veryGood! (123)"), share bars, and
 *     link lists whose items share no content words with the article.
 *
 * Spans emitted for --clean (the contract with clean.c):
 *  - a body splice: [start,end) covers the brand phrase exactly; deleting
 *    it restores "City, State" from "City,Brand State" (the space after the
 *    brand stays) and "The arrests" from "The Brandarrests";
 *  - a splice with spaces on both sides ("City, Brand State") or opening a
 *    paragraph ("Brand The judge", "Brand:The storm"): the phrase plus the
 *    space or colon and spaces after it;
 *  - a title/headline prefix: the phrase, its ':' or '-' and the spaces
 *    after it ("Brand:Headline" -> "Headline");
 *  - a site-name suffix: from the space before the separator to the end;
 *  - splices the learned span stage adds (span.c): a phrase between two
 *    lower-case words with the space after it ("said Brand the" -> "said
 *    the"), a phrase closing a sentence with the space before it ("winter
 *    Brand." -> "winter."), a phrase alone in a heading: the whole block.
 * When a deletion leaves two letters or digits touching ("NewsBrand:Head"
 * -> "NewsHead") the cleaner is expected to put one space between them.
 */
#include "detect.h"

#include "byline.h"
#include "detect_util.h"
#include "links.h"
#include "span.h"

/* ------------------------------------------------------------------ */

/* How strongly the page already shows injected text (0..1). */
static double
injected_level(const ss_evidence *ev)
{
    double m = det_max_score(ev, SS_FLAG_INJECTED_BRAND);
    double s = det_max_score(ev, SS_FLAG_SITE_NAME);
    double p = det_max_score(ev, SS_FLAG_PROMO_HEADLINE);
    double j = 0;
    for (size_t i = 0; i < ev->n; i++) /* counters, not lists */
        if (ev->items[i].kind == SS_FLAG_JUNK_WIDGET && ev->items[i].n_blocks <= 1 &&
            ev->items[i].score > j)
            j = ev->items[i].score;
    if (s > m)
        m = s;
    if (p > m)
        m = p;
    if (j > m)
        m = j;
    return m;
}

ss_status
ss_detect_run(const ss_page *page,
              ss_evidence *ev,
              ss_arena *a)
{
    if (!page || !ev || !a)
        return SS_ERR_ARG;
    ss_status st = detect_brand(page, ev, a);
    if (st == SS_OK)
        st = detect_site_name(page, ev, a);
    if (st == SS_OK)
        st = detect_promo(page, ev);
    if (st == SS_OK)
        st = detect_counters(page, ev);
    if (st == SS_OK)
        st = detect_links(page, ev, a);
    if (st == SS_OK)
        st = detect_byline(page, ev, a);
    double injected = injected_level(ev);
    if (st == SS_OK)
        st = detect_slogan(page, ev, a, injected);
    if (st == SS_OK)
        st = detect_widgets(page, ev, a, injected);
    if (st == SS_OK && !ev->skip_spans)
        st = ss_span_collect(page, ev, a);
    if (st != SS_OK && a->over_cap)
        st = SS_ERR_LIMIT;
    return st;
}
