/*
 * byline.h - fake bylines and source lines near the top of the article
 * (byline.c). Not part of the public API.
 */
#ifndef SS_BYLINE_H
#define SS_BYLINE_H

#include "arena.h"
#include "evidence.h"
#include "page.h"
#include "spamscore.h"

/*
 * Append injected-brand findings for a fake byline or source line of page
 * (and the same brand spliced elsewhere) to ev. Scratch memory comes from
 * a. Returns SS_OK or SS_ERR_NOMEM/SS_ERR_LIMIT.
 */
ss_status detect_byline(const ss_page *page,
                        ss_evidence *ev,
                        ss_arena *a);

#endif /* SS_BYLINE_H */
