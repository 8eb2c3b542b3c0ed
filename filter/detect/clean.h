/*
 * clean.h - the cleaned article: main-content blocks without the junk the
 * detectors found, and with spliced brands cut out of the sentences.
 *
 * Cutting a span repairs the seam as a reader expects: "McAllen,Brand Texas"
 * becomes "McAllen, Texas", "The Brandarrests" becomes "The arrests",
 * "Brand:Headline" becomes "Headline", "Headline -Site" becomes "Headline".
 *
 * Contract: returned strings live in the arena (valid until its reset);
 * NULL means the arena cap was hit.
 */
#ifndef SS_CLEAN_H
#define SS_CLEAN_H

#include <stddef.h>

#include "arena.h"
#include "evidence.h"
#include "page.h"

/* The headline (or <title>) with injected brands and site names removed. */
const char *ss_clean_title(ss_arena *a,
                           const ss_page *page,
                           const ss_evidence *ev);

/* MAIN blocks, one per line, minus dropped blocks and cut spans.
 * OUT: *len receives the length in bytes (no trailing newline). */
const char *ss_clean_text(ss_arena *a,
                          const ss_page *page,
                          const ss_evidence *ev,
                          size_t *len);

/* Which blocks the findings drop (whole widgets, junk blocks): an array
 * of page->n_blocks flags, 1 = dropped. The same selection as
 * ss_clean_text() makes; NULL when the arena cap was hit. */
uint8_t *ss_clean_dropped(ss_arena *a,
                          const ss_page *page,
                          const ss_evidence *ev);

/* Block i's text with the findings' spans cut out (the block's own text
 * when there are none). OUT: *len its length. NULL: arena cap. */
const char *ss_clean_block(ss_arena *a,
                           const ss_page *page,
                           const ss_evidence *ev,
                           uint32_t i,
                           size_t *len);

/* Cut the spans [starts[i], ends[i]) out of text and repair the seams.
 * Spans may be unsorted and overlapping. Exposed for the tests. */
char *ss_clean_cut(ss_arena *a,
                   const char *text,
                   size_t len,
                   const uint32_t *starts,
                   const uint32_t *ends,
                   size_t n);

#endif /* SS_CLEAN_H */
