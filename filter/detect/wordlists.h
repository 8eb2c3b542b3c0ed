/*
 * wordlists.h - small closed word classes used by the structural detectors.
 *
 * These are classes of ordinary English words (function words, words of
 * promise, institution nouns, honest headline labels, share-bar labels,
 * inflection suffixes). None of them is a brand or a site name: the
 * detectors find injected brands by position and shape, and only use these
 * classes to weigh what they found.
 *
 * All lookups are ASCII case-insensitive on a word given as (pointer,
 * length); the word need not be NUL-terminated. Tables are static and
 * read-only, so the functions are safe from any thread.
 */
#ifndef SS_WORDLISTS_H
#define SS_WORDLISTS_H

#include <stdbool.h>
#include <stddef.h>

/* Promise word classes (bit mask returned by ss_word_promise()). */
enum {
    SS_PROMISE_SUPERLATIVE = 1u << 0, /* perfect, best, ultimate, ... */
    SS_PROMISE_MONEY = 1u << 1,       /* profit, returns, wealth, income ... */
    SS_PROMISE_SAFETY = 1u << 2,      /* safe, stable, guaranteed, risk-free */
    SS_PROMISE_METHOD = 1u << 3,      /* strategy, system, secret, method */
    SS_PROMISE_BODY = 1u << 4,        /* association, alliance, institute */
    SS_PROMISE_APPOINT = 1u << 5,     /* appointed, named, elected, chairman */
};

/* Commercial vocabulary of hacked-site link injections (bit mask returned
 * by ss_word_commerce()): one category bit per trade, WEAK on words that
 * honest pages use too (credit, watches, paper), which count only beside
 * an INTENT word (buy, cheap, online, bonus, ...). */
enum {
    SS_COMMERCE_PHARMA = 1u << 0,  /* pharmacy, pills, erectile, ... */
    SS_COMMERCE_CASINO = 1u << 1,  /* casino, poker, betting, ... */
    SS_COMMERCE_LOAN = 1u << 2,    /* loans, payday, ... */
    SS_COMMERCE_REPLICA = 1u << 3, /* replica, knockoff, ... */
    SS_COMMERCE_ESSAY = 1u << 4,   /* essays, dissertation, ... */
    SS_COMMERCE_ADULT = 1u << 5,   /* porn, escorts, ... */
    SS_COMMERCE_CATEGORIES = (1u << 6) - 1,
    SS_COMMERCE_WEAK = 1u << 6,
    SS_COMMERCE_INTENT = 1u << 7,  /* buy, cheap, online, bonus, ... */
};

/* Bit mask of SS_COMMERCE_* the word belongs to (0: none). */
unsigned ss_word_commerce(const char *w, size_t n);

/* English function word (the, of, and, said, ...): no topical content. */
bool ss_word_is_stop(const char *w, size_t n);

/* Bit mask of SS_PROMISE_* classes the word belongs to (0: none). */
unsigned ss_word_promise(const char *w, size_t n);

/* Institution / finance noun that fake brand and site names end with
 * (Exchange, Capital, Finance, Invest, Trading, Fund, ...). */
bool ss_word_is_finance(const char *w, size_t n);

/* Honest headline label used before a colon (Analysis, Live, Exclusive,
 * Opinion, Watch, Update, ...). */
bool ss_word_is_label(const char *w, size_t n);

/* Word of a share bar or social button row (share, email, print, tweet,
 * facebook, twitter, whatsapp, ...). */
bool ss_word_is_share(const char *w, size_t n);

/* Exclamation word of a like/vote counter (good, nice, wow, like, ...). */
bool ss_word_is_cheer(const char *w, size_t n);

/* Ordinary inflection or derivation ending (s, es, ed, ing, er, ...):
 * "Brandarrests" is a splice, "Brands" is not. */
bool ss_word_is_suffix(const char *w, size_t n);

/* Word that a byline, dateline or section line starts with (by, posted,
 * updated, published, photo, ...). */
bool ss_word_is_byline(const char *w, size_t n);

/* Length in bytes of the US state name (one or two words: "Texas", "New
 * Mexico") that s[0..n) starts with, or 0 ("City, State --" datelines). */
size_t ss_word_state_len(const char *s, size_t n);

/* Self-check for the tests: every table is sorted (binary search needs it). */
bool ss_wordlists_check(void);

#endif /* SS_WORDLISTS_H */
