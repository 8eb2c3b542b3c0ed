/*
 * span.h - the learned span stage: candidate spans with features, and the
 * weights that decide which of them become findings.
 *
 * The detectors propose; the weights decide. After the detector families
 * have run (detect.c), ss_span_collect() turns what they found into
 * candidates, and adds the weaker ones they reject today: capitalised
 * phrases in the article text that sit where no writer puts a name (glued
 * to the previous or the next word, after a comma without a space, opening
 * a paragraph, closing a sentence, between two lower-case words, or alone
 * in a heading). Each candidate carries a fixed feature vector (SS_SPAN_*,
 * below) and the hashes of the honest-text statistics its seam needs.
 *
 * ss_span_decide() scores each candidate p = sigmoid(w . x + trees) with
 * the weights and boosted trees of its kind, when the model carries fitted weights for it
 * (`spamscore train` fits them from the span labels, see train.c):
 *  - a finding a detector made keeps its place and reasons, takes p as its
 *    score, and is withdrawn when p is below the kind's flag cut-off;
 *  - a candidate no detector took becomes findings (one per splice, with
 *    the spans of the --clean contract in detect.h) when p reaches it.
 * Each kind has two cut-offs: at or above `cutoff` a finding counts toward
 * the page score (the combiner's features and the floor, evidence.c);
 * from `flag_cutoff` (never above `cutoff`) up to it the finding is
 * flag-only (ss_finding.flag_only): reported, with its reasons, and cut by
 * --clean like any other, but the page score is what it would be without
 * it. A flag's budget of honest pages is larger than a score's: a reader
 * of the flags can afford a few more false ones than a spam verdict can.
 * The decisive features are added as a reason ("span 0.97: glued-before
 * +2.1, unknown-words +1.3"). Without fitted weights for a kind nothing
 * changes: the detectors' hand-set scores stand, exactly as before. The
 * default weights (SS_SPAN_HAND 1, every other 0, cut-off
 * SS_SPAN_DEFAULT_CUTOFF) give the same decisions.
 *
 * Contract: candidates live in the page arena (ss_evidence.cands) and are
 * invalid after the next arena reset, like the findings.
 */
#ifndef SS_SPAN_H
#define SS_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "evidence.h"
#include "page.h"
#include "spamscore.h"

/*
 * Features of a candidate span. The order is part of the model file format:
 * append only (a model with fewer weights gives the new ones weight 0). Up
 * to SS_SPAN_MAX_FEAT; past 64 a model is written as version 5 (model.h).
 * Counts are capped and scaled to 0..1; seam statistics are
 * log(1 + ham count) / log(1 + honest documents), 0 when the seam has no
 * word on that side.
 */
enum {
    SS_SPAN_BIAS = 0,        /* always 1 */
    SS_SPAN_HAND,            /* the detector's hand-set score as a logit
                                (clamped to +-6), SS_SPAN_HAND_REJECTED when
                                no detector made a finding of it */
    SS_SPAN_GLUED_BEFORE,    /* occurrences glued to the previous lower-case
                                word ("officialsBrand"), /3 */
    SS_SPAN_GLUED_AFTER,     /* glued to the next word ("Brandreport"), /3 */
    SS_SPAN_AFTER_COMMA,     /* after a comma without a space, /3 */
    SS_SPAN_PARA_COLON,      /* opening a paragraph with a colon, /3 */
    SS_SPAN_PARA_OPEN,       /* opening a paragraph before a sentence, /3 */
    SS_SPAN_SENTENCE_END,    /* closing a sentence after a lower-case word */
    SS_SPAN_BETWEEN_LOWER,   /* between two lower-case words, /3 */
    SS_SPAN_HEADING,         /* alone in a heading or caption, /3 */
    SS_SPAN_TITLE_PREFIX,    /* the "X:" / "X -" prefix of the title */
    SS_SPAN_IN_TITLE,        /* occurs in the title or the headline */
    SS_SPAN_WORDS,           /* words in the phrase, /4 */
    SS_SPAN_SOLO,            /* its words (3+ bytes) occur on the page only
                                where the phrase does */
    SS_SPAN_NORMAL_USES,     /* occurrences with no splice shape, /3 */
    SS_SPAN_INSTITUTION,     /* last word an institution word ("Capital") */
    SS_SPAN_LOWER_USE,       /* a word of it is used in lower case on the
                                page (a common noun: topic overlap) */
    SS_SPAN_SEAM_BRIDGE,     /* honest count of the bigram formed by the
                                words on both sides once the phrase is cut
                                out ("McAllen,Brand Texas" -> "mcallen
                                texas") */
    SS_SPAN_SEAM_LEFT,       /* honest count of (word before, first word) */
    SS_SPAN_SEAM_RIGHT,      /* honest count of (last word, word after) */
    SS_SPAN_KNOWN_WORDS,     /* mean honest count of the phrase's words */
    SS_SPAN_STOP_NEXT,       /* a function word follows a splice */
    SS_SPAN_INNER_CAPS,      /* a word with a capital after a lower-case
                                letter ("DidMount": code, product names) */
    SS_SPAN_DIGITS,          /* a digit in the phrase ("Air3") */
    SS_SPAN_TITLE_WORDS,     /* share of its words (3+ bytes) in the title
                                or headline, outside the phrase's own place
                                as their prefix or suffix: the article's
                                topic */
    SS_SPAN_OTHER_USE,       /* share of its words (3+ bytes) used on the
                                page outside the phrase */
    SS_SPAN_OUTSIDE_MAIN,    /* first splice in a paragraph the page reader
                                did not count as the article */
    SS_SPAN_ONE_WORD_ONCE,   /* one word, one splice: how scraped text
                                loses a space ("hourBetty", "Sport,Sport") */
    /* Promotional-headline candidates (one per short line or list item;
     * 0 for the brand kind). */
    SS_SPAN_BLOCK_NB,        /* the block naive-Bayes probability as a logit
                                (clamped to +-6); 0 without block counts */
    SS_SPAN_PROMISE,         /* promise word classes present (wordlists.h),
                                /3 */
    SS_SPAN_NAME_COLON,      /* opens with capitalised words and a colon
                                ("Name Surname: ...") */
    SS_SPAN_FIRST_PERSON,    /* "I", "my", "me" among its words */
    SS_SPAN_MONEY,           /* a number, currency sign or percent */
    SS_SPAN_EXCLAIM,         /* '!' or '?' */
    SS_SPAN_ALL_CAPS,        /* a word of 3+ capital letters ("FREE") */
    SS_SPAN_ITEM_WORDS,      /* words in the line, /12, capped at 1 */
    SS_SPAN_LIST_ITEM,       /* an item of a list widget */
    SS_SPAN_LIST_OFF_TOPIC,  /* its list was judged off the article's topic
                                or junk (widgets.c) */
    SS_SPAN_LINK,            /* mostly link text */
    SS_SPAN_AFTER_ARTICLE,   /* after the article's last block */
    SS_SPAN_OUTSIDE_ARTICLE, /* not a block of the article */
    SS_SPAN_PAGE_INJECTED,   /* the page carries an injected-brand, site-name
                                or hidden-link finding */
    SS_SPAN_HEADLINE_SHAPE,  /* starts with a capital, digit, currency sign
                                or quote and does not end like a sentence */
    SS_SPAN_LONG_ITEM,       /* words beyond 16, /14 (comments, prose) */
    SS_SPAN_SEPARATORS,      /* '|', middle dots, bullets: a menu row, /2 */
    SS_SPAN_INNER_SENTENCE,  /* a sentence ends inside the line */
    SS_SPAN_NB_PROMISE,      /* block-nb above 0 (as a share of 6) times
                                promise */
    SS_SPAN_TITLE_SUFFIX,    /* the " - X" / " | X" suffix of the title */
    SS_SPAN_SITE_MATCH,      /* the phrase names the page's own site: its
                                og:site_name, or the host of its canonical
                                address ("Reuters", "reuters.com") */
    SS_SPAN_LABEL_WORD,      /* a section label ("Analysis", "Opinion",
                                "Ask Slashdot", wordlists.h) */
    SS_SPAN_BYLINE,          /* named by a byline or source line near the
                                headline ("By X Staff", "Source: X",
                                "X | date", byline.c), /3 */
    SS_SPAN_DOMAIN,          /* shaped like a domain name ("TheStar.com",
                                "CTV.ca News"): how sites name themselves */
    SS_SPAN_ITEM_PREFIX,     /* the "X: " prefix of a list widget's item
                                ("X: promise"), /3 */
    SS_SPAN_IS_HEADLINE,     /* the phrase is the whole headline: a title
                                "Headline - Section - Site" cut at its
                                first separator */
    SS_SPAN_LOWER_WORDS,     /* share of its words that start with a
                                lower-case letter ("attack ad") */
    SS_SPAN_PLACES,          /* kinds of injected place it stands in: the
                                title's prefix or suffix, and each distinct
                                splice shape (byline line, glued, opening a
                                paragraph, list item, ...), /3 capped at 1:
                                an injector puts its brand in several */
    SS_SPAN_COLON_GLUED,     /* a colon touches it with no space on the
                                text's side: "Source:X", "X:Headline",
                                "X:The storm said" (how a splice glues) */
    SS_SPAN_GLUED_SEP,       /* the title's prefix or suffix with its '|'
                                or '-' separator glued on one side
                                ("... - Reuters|X", "... research-X",
                                "X|Headline") */
    SS_SPAN_UNKNOWN_WORD,    /* a word of it (2+ bytes) that no honest
                                document of the model has: a coined name
                                ("Piortcrov"), as honest text knows the
                                words of real names far more often */
    SS_SPAN_LINE_ODDS,       /* the line's naive-Bayes log-likelihood ratio
                                on block counts (ss_bayes_block), /6: a
                                headline's evidence where BLOCK_NB has
                                saturated */
    SS_SPAN_PREFIX_BRAND,    /* promotional lines: the probability of the
                                brand candidate that prefixes the line
                                ("Xyz: ...", "Xyz - ..."), 0 when none:
                                a coined name before a list item, not a
                                section label ("Video: ...") */
    SS_SPAN_TITLE_ONLY,      /* the prefix or suffix of <title> and of
                                neither the headline nor og:title: where a
                                site names itself ("RxMed: ...", no such
                                prefix on the page's h1); an injector
                                brands the headline too */
    SS_SPAN_SYNTAX_BREAK,    /* splices that break the sentence's syntax,
                                /3, capped at 1: closing a sentence after a
                                word that is no function word ("... the
                                winter Xyz."; honest names follow "to",
                                "in", "said"), or opening a paragraph before
                                a capitalised function word ("Xyz The
                                judge said") */
    SS_SPAN_PROMO_LANG,      /* promotional lines: the line's score on the
                                promotional-language table (linetab.h:
                                spam subjects, SMS spam and clickbait
                                against news headlines and honest
                                messages, learned from line documents), /6;
                                0 when the model has none */
    SS_SPAN_OWN_NOTICE,      /* the title's prefix or suffix is named by a
                                short notice line of the page ("(c) 2008
                                CorpWatch", "Copyright X. All rights
                                reserved."): how a site signs its own
                                pages, which an injector of titles does
                                not reach */
    SS_SPAN_FEAT_COUNT
};

#define SS_SPAN_HAND_REJECTED (-4.0)
#define SS_SPAN_HAND_CLAMP 6.0
#define SS_SPAN_DEFAULT_CUTOFF 0.05
#define SS_SPAN_MAX_FEAT 128      /* weights a model file may carry per kind
                                     (64 up to version 4 of the format) */
#define SS_SPAN_OCC_MAX 4         /* splices kept per candidate */
#define SS_SPAN_WORDS_MAX 4
#define SS_SPAN_CANDS_MAX 32      /* brand candidates per page */
#define SS_SPAN_PROMO_MAX 48      /* promotional-headline candidates per page */

/* ss_span_cand.title_pos bits. */
#define SS_TITLE_PREFIX 1u
#define SS_TITLE_SUFFIX 2u

/* Seam hashes of a candidate (0: no word there). */
enum {
    SS_SEAM_BRIDGE = 0,
    SS_SEAM_LEFT,
    SS_SEAM_RIGHT,
    SS_SEAM_WORD0,            /* then one per word of the phrase */
    SS_SEAM_COUNT = SS_SEAM_WORD0 + SS_SPAN_WORDS_MAX
};

/* Shapes of one occurrence (also the reasons of an emitted finding). */
typedef enum ss_span_shape {
    SS_SHAPE_NONE = 0,
    SS_SHAPE_GLUED_BEFORE,
    SS_SHAPE_GLUED_AFTER,
    SS_SHAPE_AFTER_COMMA,
    SS_SHAPE_PARA_COLON,
    SS_SHAPE_PARA_OPEN,
    SS_SHAPE_SENTENCE_END,
    SS_SHAPE_BETWEEN_LOWER,
    SS_SHAPE_HEADING,
    SS_SHAPE_BYLINE,          /* the phrase of a byline line: the line goes */
    SS_SHAPE_ITEM_PREFIX      /* "X: ", "X:", "X - " opening a list
                                 widget's item */
} ss_span_shape;

typedef struct ss_span_occ {
    uint32_t block;
    uint32_t start, end;      /* the span --clean deletes */
    uint8_t shape;            /* ss_span_shape */
} ss_span_occ;

typedef struct ss_span_cand {
    ss_flag_kind kind;
    const char *text;         /* the phrase, NUL-terminated, in the arena */
    uint32_t len;
    double x[SS_SPAN_FEAT_COUNT]; /* seam features are filled by decide */
    uint64_t seam[SS_SEAM_COUNT];
    ss_span_occ occ[SS_SPAN_OCC_MAX];
    unsigned n_occ;
    bool has_finding;         /* a detector made findings of it (linked by
                                 ss_finding.cand == index + 1) */
    uint8_t title_pos;        /* SS_TITLE_PREFIX | SS_TITLE_SUFFIX: proposed
                                 as the title's prefix or suffix (cut from
                                 the title when decided, see emit_cand) */
    double p;                 /* decided probability (-1: not decided) */
} ss_span_cand;

/*
 * Boosted trees on top of the weights: the linear model cannot say "a
 * phrase between two lower-case words is suspect when its words occur
 * nowhere else, and ordinary when they do", so the trainer fits small
 * regression trees on what the weights leave unexplained (spanfit.h) and
 * p = sigmoid(w . x + the sum of the trees' leaves). A tree of depth
 * SS_SPAN_TREE_DEPTH is complete: node i (0..SS_SPAN_TREE_NODES-1, heap
 * order) sends x to child 2i+2 when x[feat[i]] > thr[i], else to 2i+1;
 * the leaf reached is a value added to the logit.
 */
#define SS_SPAN_TREE_DEPTH 3
#define SS_SPAN_TREE_NODES 7      /* 2^depth - 1 */
#define SS_SPAN_TREE_LEAVES 8     /* 2^depth */
#define SS_SPAN_TREES_MAX 128     /* trees a kind may carry */

typedef struct ss_span_tree {
    uint32_t feat[SS_SPAN_TREE_NODES];
    double thr[SS_SPAN_TREE_NODES];
    double leaf[SS_SPAN_TREE_LEAVES];
} ss_span_tree;

/* Weights of one finding kind. */
typedef struct ss_span_weights {
    bool fitted;
    double cutoff;                /* p >= this: a finding that counts */
    double flag_cutoff;           /* p >= this and below cutoff: a
                                     flag-only finding; 0 (or not below
                                     cutoff): none. Read it through
                                     ss_span_flag_cut() */
    double w[SS_SPAN_FEAT_COUNT];
    unsigned n_trees;             /* 0: the weights alone decide */
    ss_span_tree tree[SS_SPAN_TREES_MAX];
} ss_span_weights;

/* Honest (ham) document count of a token hash; ud is the caller's. */
typedef uint32_t (*ss_ham_count_fn)(const void *ud, uint64_t hash);

/* The default weights: hand-set scores decide (see top). */
void ss_span_weights_default(ss_span_weights *w);

/* The flag cut-off of w in effect: its flag_cutoff when that is above 0
 * and below its cutoff, else the cutoff (no flag-only band). */
double ss_span_flag_cut(const ss_span_weights *w);

/* Name of feature i ("glued-before"), for reasons and model dumps. */
const char *ss_span_feat_name(unsigned i);

/*
 * Build the candidates of page from the findings in ev and from the text
 * (see top); stores them in ev->cands and links findings to them. Returns
 * SS_OK or SS_ERR_NOMEM.
 */
ss_status ss_span_collect(const ss_page *page,
                          ss_evidence *ev,
                          ss_arena *a);

/*
 * Fill the seam features of c from honest counts (ham_count over n_ham
 * honest documents).
 */
void ss_span_seam_features(ss_span_cand *c,
                           ss_ham_count_fn ham_count,
                           const void *ud,
                           double n_ham);

/* The sum of the trees of w for candidate features x (0 without trees). */
double ss_span_trees(const ss_span_weights *w,
                     const double *x);

/* p = sigmoid(w . x + ss_span_trees(w, x)) for candidate features x. */
double ss_span_prob(const ss_span_weights *w,
                    const double *x);

/*
 * Decide the candidates of ev with weights[kind] (an array of
 * SS_FLAG_KIND_COUNT, or NULL: nothing changes): see top. Returns SS_OK or
 * SS_ERR_NOMEM.
 */
ss_status ss_span_decide(const ss_page *page,
                         ss_evidence *ev,
                         ss_arena *a,
                         const ss_span_weights *weights,
                         ss_ham_count_fn ham_count,
                         const void *ud,
                         double n_ham);

/*
 * The promotional-headline kind is decided later, after naive Bayes has
 * scored the short blocks: ss_span_set_block_prob() gives the candidate of
 * block its block probability p (SS_SPAN_BLOCK_NB), log-likelihood ratio
 * odds (SS_SPAN_LINE_ODDS, ss_bayes_block) and promotional-language score
 * lang (SS_SPAN_PROMO_LANG, ss_linetab_odds), ss_span_decide_late()
 * then decides the late kinds as ss_span_decide() does the others (which
 * leaves them alone). A promotional candidate is one line (a list item, or
 * a short headline-shaped line outside the article; at most
 * SS_SPAN_PROMO_MAX per page); a decided one becomes a promo-headline
 * finding that drops its block.
 */
void ss_span_set_block_prob(ss_evidence *ev,
                            uint32_t block,
                            double p,
                            double odds,
                            double lang);

/* Has block a promotional-headline candidate (so that the caller computes
 * the features ss_span_set_block_prob() gives it only where one reads
 * them)? */
bool ss_span_promo_at(const ss_evidence *ev,
                      uint32_t block);

#ifdef SS_SPAN_DEBUG
#include <stdio.h>
/* Debug builds (-DSS_SPAN_DEBUG): a feature row's non-zero features as
 * "name=value " and a newline, to f (the SPAN and CVSPAN lines). */
void ss_span_debug_features(FILE *f,
                            const double *x);
#endif

/* Logit of a hand-set score, clamped to +-SS_SPAN_HAND_CLAMP. */
double ss_span_hand_logit(double s);

/* Add the promotional-headline candidates of page to ev->cands (room for
 * SS_SPAN_PROMO_MAX more); called by ss_span_collect(). */
void ss_span_promo_collect(const ss_page *page,
                           ss_evidence *ev);

/* The features of a promotional candidate x that depend on SS_SPAN_BLOCK_NB
 * (set by ss_span_set_block_prob; the trainer calls it on its own). */
void ss_span_promo_nb_features(double *x);

ss_status ss_span_decide_late(const ss_page *page,
                              ss_evidence *ev,
                              ss_arena *a,
                              const ss_span_weights *weights);

#endif /* SS_SPAN_H */
