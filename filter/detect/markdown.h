/*
 * markdown.h - the cleaned main content as Markdown: the same blocks as
 * ss_clean_text() (main content, minus dropped blocks and cut spans), with
 * their structure: headings ("## "), list items ("- ", "1. "), tables
 * (pipe rows, a separator after the first), code blocks (``` fences),
 * quotes ("> "), paragraphs apart by a blank line.
 *
 * The page model keeps block text whitespace-collapsed, so a code block
 * comes out on one line inside its fence. Inline emphasis and links are
 * not kept (they are not in the page model either).
 *
 * Contract: the string lives in the arena (valid until its reset); NULL
 * means the arena cap was hit.
 */
#ifndef SS_MARKDOWN_H
#define SS_MARKDOWN_H

#include <stddef.h>

#include "arena.h"
#include "evidence.h"
#include "page.h"

/* OUT: *len receives the length in bytes (no trailing newline). */
const char *ss_clean_markdown(ss_arena *a,
                              const ss_page *page,
                              const ss_evidence *ev,
                              size_t *len);

#endif /* SS_MARKDOWN_H */
