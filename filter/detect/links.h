/*
 * links.h - hacked-site link injection (links.c): blocks of commercial
 * links hidden by CSS or appended to the page, and their plain-line form in
 * scraped text. Not part of the public API.
 */
#ifndef SS_LINKS_H
#define SS_LINKS_H

#include "arena.h"
#include "evidence.h"
#include "page.h"
#include "spamscore.h"

/*
 * Append SS_FLAG_LINK_INJECTION findings for page to ev. Scratch memory
 * comes from a. Returns SS_OK or SS_ERR_NOMEM/SS_ERR_LIMIT.
 */
ss_status detect_links(const ss_page *page,
                       ss_evidence *ev,
                       ss_arena *a);

#endif /* SS_LINKS_H */
