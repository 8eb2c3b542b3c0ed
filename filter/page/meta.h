/*
 * meta.h - page metadata an extractor is expected to give: author,
 * publication date, language, site name and canonical URL, from <meta>
 * tags (og:, article:, name=author, dc.*, itemprop), JSON-LD blocks
 * (<script type="application/ld+json">), <html lang> and
 * <link rel="canonical">.
 *
 * Several sources can name the same field; the most specific one wins
 * (JSON-LD over article:/og: properties over name=author/dc.* over a
 * visible <time datetime>), and the first of equal rank. Contract: the strings are allocated from the arena
 * given to each call, collapsed (one space between words, none at the
 * ends), valid UTF-8 when the input is, and NULL when unknown.
 */
#ifndef SS_META_H
#define SS_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define SS_META_VALUE_CAP 512u   /* bytes kept of one value */
#define SS_META_JSONLD_CAP 65536u /* bytes of one JSON-LD block scanned */
#define SS_META_BODY_CAP 32768u   /* bytes kept of a JSON-LD articleBody */

/* What a page declares itself to be (ss_meta.declares), from schema.org
 * types (JSON-LD "@type", microdata itemtype) and og:type. Several bits can
 * be set: a shop page may declare a Product and an ItemList of others. */
#define SS_DECL_FORUM 1u   /* DiscussionForumPosting, QAPage */
#define SS_DECL_PRODUCT 2u /* Product, ProductGroup; og:type product */
#define SS_DECL_LIST 4u    /* ItemList, CollectionPage, SearchResultsPage;
                              og:type product.group */

typedef struct ss_meta {
    const char *author;     /* a person's name, not a URL */
    const char *date;       /* publication date, ISO 8601 (YYYY-MM-DD, with
                               the time as given when there is one) */
    const char *lang;       /* language tag as declared ("en", "de-AT") */
    const char *site_name;  /* og:site_name or the JSON-LD publisher */
    const char *canonical;  /* <link rel=canonical> or og:url */
    const char *description; /* og:description, description */
    const char *body;       /* JSON-LD articleBody: the article's own text
                               (main-content fallback when the HTML body
                               has none, as on pages rendered by script) */
    uint8_t rank[7];        /* rank of the source of each field above */
    uint8_t declares;       /* SS_DECL_* bits: the types the page declares */
} ss_meta;

/* A <meta> tag: key is its property, name or itemprop attribute, content
 * its content. Unknown keys are ignored. */
void ss_meta_tag(ss_arena *a,
                 ss_meta *m,
                 const char *key,
                 const char *content);

/* A microdata itemtype attribute ("https://schema.org/Product", possibly
 * several URLs separated by spaces): sets m->declares. Returns whether it
 * names one post of a thread (DiscussionForumPosting, Comment, Question,
 * Answer), whose own text is its itemprop "text" or "articleBody". */
bool ss_meta_itemtype(ss_meta *m, const char *itemtype);

/* <html lang>, <link rel=canonical href>, and the first <time datetime>
 * of the page (the weakest source of a date: it may be a comment's). */
void ss_meta_lang(ss_arena *a, ss_meta *m, const char *lang);
void ss_meta_time(ss_arena *a, ss_meta *m, const char *datetime);
void ss_meta_canonical(ss_arena *a, ss_meta *m, const char *href);

/* A JSON-LD block (json[0..len), at most SS_META_JSONLD_CAP bytes are
 * read): datePublished, author (string, object or array: the first
 * name), publisher.name, articleBody, and every "@type" (string or array
 * of strings) for m->declares. A tolerant scan, not a JSON parser: it reads
 * the first occurrence of each key in the text, so a malformed block
 * yields what can be read and never fails. */
void ss_meta_jsonld(ss_arena *a, ss_meta *m, const char *json, size_t len);

/* s as an ISO 8601 date: "2025-09-04", "2025-09-04T10:00:00Z" (kept as
 * given), "2025/09/04", "4 September 2025", "September 4, 2025",
 * "Sep 4, 2025". NULL when it is none of these. */
const char *ss_meta_iso_date(ss_arena *a, const char *s);

/* The first date written in the text t[0..len) (not NUL-terminated),
 * as YYYY-MM-DD: "2025-07-09", "2025/07/09", "9.7.2025", "9 July 2025",
 * "9th Jul. 2025", "July 9, 2025", "Sept. 9 2025". English month names
 * only, whole or abbreviated to three letters; NULL when there is none. */
const char *ss_meta_text_date(ss_arena *a, const char *t, size_t len);

struct ss_page;
/* The date written near the headline when the markup gives none: the first
 * date (ss_meta_text_date) in a short block (a byline, a dateline, "Updated
 * on ...") among the 15 blocks under the headline, else among the headline
 * and the 5 blocks above it; blocks of list widgets are skipped. NULL when
 * there is none or the page has no headline or main text. */
const char *ss_meta_visible_date(ss_arena *a, const struct ss_page *page);

/* The author named in a byline near the headline when the markup names
 * none: a short block in the same window as ss_meta_visible_date that
 * starts with "By", "Written by", "Posted by", "Author(s):" and a name (1-5
 * capitalised words, name particles allowed, up to a separator), or that
 * lead alone with the name in the next block. NULL when there is none. */
const char *ss_meta_visible_author(ss_arena *a, const struct ss_page *page);

#endif /* SS_META_H */
