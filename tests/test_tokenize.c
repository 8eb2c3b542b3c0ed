/*
 * test_tokenize.c - the naive-Bayes tokenizer: words of any script, case
 * folding, glued punctuation, bigrams, structural prefixes, caps, dedupe.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "tokenize.h"
#include "utf8.h"

static ss_arena arena;
static ss_config cfg;

static void
setup(void)
{
    ss_arena_init(&arena, 0);
    ss_config_default(&cfg);
}

static void
teardown(void)
{
    ss_arena_free(&arena);
}

TestSuite(tokenize, .init = setup, .fini = teardown);

/* Tokens of one string (words and bigrams), deduplicated. */
static ss_tokens
toks_of(const char *s)
{
    ss_tokens t;
    memset(&t, 0, sizeof t);
    cr_assert_eq(ss_tokenize_text(&arena, &cfg, s, strlen(s), NULL, true, &t),
                 SS_OK);
    ss_tokens_finish(&t);
    return t;
}

static bool
has(const ss_tokens *t, const char *text)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].len == strlen(text) && memcmp(t->v[i].text, text,
                                                  t->v[i].len) == 0)
            return true;
    return false;
}

Test(tokenize, folds_case_in_every_script)
{
    ss_tokens t = toks_of("ÉCOLE Straße ΑΘΗΝΑ МОСКВА");
    cr_assert(has(&t, "école"));
    cr_assert(has(&t, "straße"));
    cr_assert(has(&t, "αθηνα"));
    cr_assert(has(&t, "москва"));
    cr_assert(has(&t, "école straße"), "bigram of adjacent words");
    ss_tokens u = toks_of("école ÉCOLE École");
    size_t words = 0;
    for (size_t i = 0; i < u.n; i++)
        words += strchr(u.v[i].text, ' ') == NULL;
    cr_assert_eq(words, 1, "one word whatever its case");
}

Test(tokenize, splits_words_glued_by_punctuation)
{
    ss_tokens t = toks_of("McAllen,Brandora Exchange:Mayor opens bridge");
    cr_assert(has(&t, "mcallen"));
    cr_assert(has(&t, "brandora"));
    cr_assert(has(&t, "exchange"));
    cr_assert(has(&t, "mayor"));
    cr_assert_not(has(&t, "mcallen,brandora"));
    cr_assert_not(has(&t, "exchange:mayor"));
}

Test(tokenize, splits_camel_case_and_keeps_numbers)
{
    ss_tokens t = toks_of("TwitterveryGood! (69984) costs $2,560.50 don't");
    cr_assert(has(&t, "twitterverygood"));
    cr_assert(has(&t, "twittervery"));
    cr_assert(has(&t, "good"));
    cr_assert(has(&t, "69984"));
    cr_assert(has(&t, "2,560.50"), "separators between digits stay");
    cr_assert(has(&t, "don't"), "apostrophe between letters stays");
}

Test(tokenize, ideographs_are_one_character_words)
{
    ss_tokens t = toks_of("北京新闻");
    cr_assert(has(&t, "北"));
    cr_assert(has(&t, "北 京"), "character bigrams");
}

Test(tokenize, dedupes_and_sorts_by_hash)
{
    ss_tokens t = toks_of("safe safe safe safe");
    cr_assert_eq(t.n, 2, "'safe' and 'safe safe'");
    for (size_t i = 1; i < t.n; i++)
        cr_assert_lt(t.v[i - 1].hash, t.v[i].hash);
    cr_assert_eq(t.v[0].hash, ss_token_hash(t.v[0].text, t.v[0].len));
}

Test(tokenize, truncates_long_tokens_on_character_boundaries)
{
    cfg.max_token_bytes = 7;
    ss_tokens t = toks_of("ééééééééé");
    cr_assert_eq(t.n, 1);
    cr_assert_leq(t.v[0].len, 7);
    cr_assert(ss_utf8_valid(t.v[0].text, t.v[0].len));
    cr_assert_str_eq(t.v[0].text, "ééé");
}

Test(tokenize, caps_tokens_per_page_and_reports_it)
{
    cfg.max_tokens = 5;
    ss_block b;
    memset(&b, 0, sizeof b);
    b.text = "one two three four five six seven eight";
    b.len = (uint32_t)strlen(b.text);
    b.n_words = 8;
    b.widget = SS_NONE;
    ss_page page;
    memset(&page, 0, sizeof page);
    page.blocks = &b;
    page.n_blocks = 1;
    page.title = "";
    page.title_block = SS_NONE;
    page.main_first = SS_NONE;
    ss_tokens t;
    cr_assert_eq(ss_tokenize_page(&arena, &cfg, &page, &t, &page.limits),
                 SS_OK);
    cr_assert_leq(t.n, 5);
    cr_assert(t.capped);
    cr_assert(page.limits & SS_LIMIT_TOKENS);
}

Test(tokenize, structural_tokens_say_where_a_word_stood)
{
    ss_block b[3];
    memset(b, 0, sizeof b);
    b[0].text = "Harbor bridge opens";
    b[0].flags = SS_BLK_HEADING | SS_BLK_TITLE;
    b[1].text = "Related";
    b[1].flags = SS_BLK_HEADING;
    b[2].text = "Perfect strategy, stable and safe";
    b[2].flags = SS_BLK_LISTITEM;
    b[2].attrs = "sidebar widget";
    for (int i = 0; i < 3; i++) {
        b[i].len = (uint32_t)strlen(b[i].text);
        b[i].n_words = 3;
        b[i].widget = i ? 0 : SS_NONE;
    }
    ss_widget w = {.heading = 1, .first = 2, .n_items = 1, .link_share = 1};
    ss_page page;
    memset(&page, 0, sizeof page);
    page.title = "Harbor bridge opens";
    page.blocks = b;
    page.n_blocks = 3;
    page.widgets = &w;
    page.n_widgets = 1;
    page.title_block = 0;
    page.main_first = SS_NONE;
    ss_tokens t;
    cr_assert_eq(ss_tokenize_page(&arena, &cfg, &page, &t, NULL), SS_OK);
    cr_assert(has(&t, "t:harbor"));
    cr_assert(has(&t, "w:related"));
    cr_assert(has(&t, "l:strategy"));
    cr_assert(has(&t, "c:sidebar"));
    cr_assert(has(&t, "strategy"));
    cr_assert_not(has(&t, "h:related"), "a widget heading is w:, not h:");
}

Test(tokenize, numbers_also_give_their_shape_and_currency_signs_count)
{
    ss_tokens t = toks_of("Text WIN to 80123 for £100 or $5");
    cr_assert(has(&t, "80123"));
    cr_assert(has(&t, "n:5"), "5-digit number shape");
    cr_assert(has(&t, "n:3"));
    cr_assert(has(&t, "£"));
    cr_assert(has(&t, "$"));
    cr_assert_not(has(&t, "n:1"), "shapes only from 3 digits up");
}

/* A page of n blocks: odd ones long paragraphs, even ones short items that
 * repeat words of the others (so the page set and block sets overlap). */
static ss_page
mixed_page(ss_block *b, uint32_t n)
{
    static const char *texts[] = {
        "Stable and safe strategy",
        "The harbor bridge opened on Monday after three years of work, and the "
        "city council said the crossing would carry traffic in both directions "
        "from next week onwards while repairs continue on the old ferry dock "
        "near the market and the station on the north bank of the river",
        "Perfect strategy in history, stable and safe!",
        "Council opens harbor bridge",
    };
    memset(b, 0, n * sizeof *b);
    for (uint32_t i = 0; i < n; i++) {
        b[i].text = texts[i % 4];
        b[i].len = (uint32_t)strlen(b[i].text);
        b[i].n_words = (i % 4 == 1) ? 50 : 5;
        b[i].flags = (i % 4 == 1) ? SS_BLK_PARA : SS_BLK_LISTITEM;
        b[i].widget = SS_NONE;
    }
    ss_page page;
    memset(&page, 0, sizeof page);
    page.title = "Harbor bridge";
    page.blocks = b;
    page.n_blocks = n;
    page.title_block = SS_NONE;
    page.main_first = 1;
    return page;
}

Test(tokenize, block_tokens_gathered_with_the_page_equal_a_fresh_scan)
{
    ss_block b[12];
    ss_page page = mixed_page(b, 12);
    for (int capped = 0; capped < 2; capped++) {
        /* Second round: a cap that cuts the page mid-way, so later blocks
         * fall back to a scan of their own. */
        cfg.max_tokens = capped ? 60 : 50000;
        ss_tokens t;
        ss_block_toks blocks;
        cr_assert_eq(ss_tokenize_page_blocks(&arena, &cfg, &page, &t, NULL,
                                             &blocks), SS_OK);
        uint32_t gathered = 0;
        for (uint32_t i = 0; i < 12; i++) {
            if (!ss_block_is_short(&b[i]))
                continue;
            gathered += blocks.first[i] != UINT32_MAX;
            for (int again = 0; again < 2; again++) {
                ss_tokens got, want;
                cr_assert_eq(ss_block_tokens(&arena, &cfg, &page, &blocks, i,
                                             &got), SS_OK);
                cr_assert_eq(ss_tokenize_block(&arena, &cfg, &b[i], &want),
                             SS_OK);
                cr_assert_eq(got.n, want.n, "block %u", i);
                for (size_t k = 0; k < got.n; k++) {
                    cr_assert_eq(got.v[k].hash, want.v[k].hash);
                    cr_assert_str_eq(got.v[k].text, want.v[k].text);
                }
            }
        }
        if (capped) {
            cr_assert(t.capped);
            cr_assert_lt(gathered, 9, "the cap stops gathering");
        } else {
            cr_assert_eq(gathered, 9);
        }
    }
}

Test(tokenize, sorts_and_dedupes_large_sets)
{
    /* 20,000 tokens, each word twice: enough for the radix pass. */
    char *s = malloc(200000);
    cr_assert_not_null(s);
    size_t o = 0;
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < 10000; i++)
            o += (size_t)sprintf(s + o, "w%dx ", i * 7919 % 10007);
    cfg.max_tokens = 100000;
    ss_tokens t;
    memset(&t, 0, sizeof t);
    cr_assert_eq(ss_tokenize_text(&arena, &cfg, s, o, NULL, false, &t), SS_OK);
    cr_assert_eq(t.n, 20000);
    ss_tokens_finish(&t);
    cr_assert_eq(t.n, 10000);
    for (size_t i = 1; i < t.n; i++)
        cr_assert_lt(t.v[i - 1].hash, t.v[i].hash);
    free(s);
}

Test(tokenize, encoded_blobs_are_skipped_words_around_them_stay)
{
    ss_tokens t = toks_of("Cheap meds R0lGODlhAQABAIAAAAAAAP8/yH5BAEAAAAALAAAAAABAAEAAAIBRAA7 "
                          "now da39a3ee5e6b4b0d3255bfef95601890afd80709 here");
    cr_assert(has(&t, "cheap"));
    cr_assert(has(&t, "now"));
    cr_assert(has(&t, "here"));
    cr_assert_not(has(&t, "r0lgodlhaqabaiaaaaaaap8"), "base64 run skipped");
    cr_assert_not(has(&t, "yh5beaeaaaalaaaaaabaaeaaaibraa7"));
    cr_assert_not(has(&t, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
                  "hex digest skipped");
    cr_assert_not(has(&t, "meds now"), "no bigram across a blob");
    /* 39 letters and digits are a word; with a '+' after them, 40 bytes
     * of base64 are a blob, and so is a run that ends the text */
    t = toks_of("a1b2c3d4e5f6g7h8i9j0a1b2c3d4e5f6g7h8i9j plain");
    cr_assert(has(&t, "a1b2c3d4e5f6g7h8i9j0a1b2c3d4e5f6g7h8i9j"));
    t = toks_of("a1b2c3d4e5f6g7h8i9j0a1b2c3d4e5f6g7h8i9j+ plain");
    cr_assert_not(has(&t, "a1b2c3d4e5f6g7h8i9j0a1b2c3d4e5f6g7h8i9j"));
    cr_assert(has(&t, "plain"));
    t = toks_of("plain a1b2c3d4e5f6g7h8i9j0a1b2c3d4e5f6g7h8i9j0");
    cr_assert_not(has(&t, "a1b2c3d4e5f6g7h8i9j0a1b2c3d4e5f6g7h8i9j0"));
    t = toks_of("Donaudampfschifffahrtsgesellschaftskapitaenswitwe lives");
    cr_assert(has(&t, "lives"));
    cr_assert_eq(t.n > 2, true, "a long word without digits is a word");
}

/* Text blocks, one per line, as the text reader makes them. */
static ss_page
text_page(ss_block *b, const char *const *lines, uint32_t n)
{
    memset(b, 0, n * sizeof *b);
    for (uint32_t i = 0; i < n; i++) {
        b[i].text = lines[i];
        b[i].len = (uint32_t)strlen(lines[i]);
        b[i].n_words = 6;
        b[i].flags = SS_BLK_PARA;
        b[i].widget = SS_NONE;
    }
    ss_page page;
    memset(&page, 0, sizeof page);
    page.format = SS_FORMAT_TEXT;
    page.blocks = b;
    page.n_blocks = n;
    page.title_block = SS_NONE;
    page.main_first = SS_NONE;
    return page;
}

Test(tokenize, mail_headers_become_header_tokens)
{
    static const char *const mail[] = {
        "From bounce@example.net Thu Aug 22 13:17:22 2002",
        "Return-Path: <bounce@example.net>",
        "Received: from relay.example.net",
        "by mx.example.org with SMTP",
        "Subject: Lowest mortgage rates",
        "X-Mailer: Bulkmail 5",
        "Dear friend, act now on our lowest rates."};
    ss_block b[7];
    ss_page page = text_page(b, mail, 7);
    ss_tokens t;
    cr_assert_eq(ss_tokenize_page(&arena, &cfg, &page, &t, NULL), SS_OK);
    cr_assert(has(&t, "H:subject"));
    cr_assert(has(&t, "H:subject:mortgage"));
    cr_assert(has(&t, "H:received:mx"), "a folded line keeps its field");
    cr_assert(has(&t, "H:x-mailer:bulkmail"));
    cr_assert(has(&t, "friend"), "the body is words as before");
    cr_assert_not(has(&t, "mortgage"), "header words are not body words");

    static const char *const news[] = {
        "Yardley: 'We will not close a single branch library'",
        "Reporter: Delphine Bancroft",
        "Date: 2025-09-22 13:29",
        "Richmond, Virginia. The treasurer said the plan would go ahead."};
    page = text_page(b, news, 4);
    cr_assert_eq(ss_tokenize_page(&arena, &cfg, &page, &t, NULL), SS_OK);
    cr_assert(has(&t, "yardley"), "a headline with a colon is no header");
    cr_assert_not(has(&t, "H:date"));
}
