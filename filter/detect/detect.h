/*
 * detect.h - structural detectors: what a regular expression cannot see.
 *
 *  - spliced brand: a phrase prefixed to the headline that reappears glued
 *    into body sentences, plus site-name suffixes and slogan lines;
 *  - promotional headlines in list widgets;
 *  - junk widgets: like/vote counters, share bars, and link lists whose items
 *    are off-topic for the article (topical overlap, not heading wording).
 *
 * None of them knows a brand name: they work on position and shape.
 */
#ifndef SS_DETECT_H
#define SS_DETECT_H

#include "arena.h"
#include "evidence.h"
#include "page.h"
#include "spamscore.h"

/*
 * Run all detectors on page, appending findings to ev (findings already in
 * ev, from the rules, may be strengthened or merged rather than repeated).
 * Scratch memory comes from a. Returns SS_OK or SS_ERR_NOMEM/SS_ERR_LIMIT.
 */
ss_status ss_detect_run(const ss_page *page,
                        ss_evidence *ev,
                        ss_arena *a);

/*
 * Fill out[0 .. SS_PAIR_WORDS * page->n_blocks) with the byte-pair sets of
 * the page's blocks, for page->pair_sets: with them the detectors' phrase
 * searches skip blocks that cannot hold the phrase (same findings, less
 * time). Unless by_pair is NULL, fill by_pair[0 .. 256 * words), words =
 * (n_blocks + 63) / 64, with the same sets by pair, for page->pair_blocks.
 */
void ss_detect_pair_sets(const ss_page *page,
                         uint64_t *out,
                         uint64_t *by_pair);

/*
 * Does block text t[0..len) open with a date and a colon or dash, as the
 * entries of a blog's archive do ("2012-03-06: Capital Account ...",
 * "03/06/2012 - ...", "March 6, 2012: ...")? Such a line is an archive
 * entry, never a promotional headline: the promo detector, the rules'
 * promo-headline hits and block-level naive Bayes leave it alone (the
 * trainer mirrors this).
 */
bool ss_text_is_dated_entry(const char *t,
                            size_t len);

#endif /* SS_DETECT_H */
