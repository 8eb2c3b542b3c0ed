/*
 * test_rules.c - the rule-file parser (errors name file:line:col and carry
 * the pcre2 message), overrides and "off" lines from a user file, the
 * targets, flags and weights of rules on hand-built pages, the match, depth,
 * heap and time limits against hostile patterns (with pcre2's JIT and with
 * its interpreter), the caps on hostile rule files, and the replay of the
 * rule-parser fuzz corpus.
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "heur_page.h"
#include "rules.h"

static ss_arena arena;

static void
setup(void)
{
    ss_arena_init(&arena, 0);
}

static void
teardown(void)
{
    ss_arena_free(&arena);
}

TestSuite(rules, .init = setup, .fini = teardown);

/* Load rules from a string; returns the status, the set in *out, the
 * message in err. */
static ss_status
load(const char *text,
     ss_rules **out,
     char *err,
     size_t errlen)
{
    return ss_rules_load_buffer("test.rules", text, strlen(text), out, err, errlen);
}

/* Run rules over a page built from tagged lines; evidence in *ev. */
static void
run(const ss_rules *rules,
    const char *const *lines,
    size_t n,
    ss_page *page,
    ss_evidence *ev)
{
    cr_assert(hp_build(&arena, lines, n, SS_FORMAT_HTML, page));
    ss_evidence_init(ev, &arena);
    ss_config cfg;
    ss_config_default(&cfg);
    ss_rules_state *st = NULL;
    cr_assert_eq(ss_rules_state_create(rules, &cfg, &st), SS_OK);
    cr_assert_eq(ss_rules_run(rules, st, page, ev), SS_OK);
    ss_rules_state_free(st);
}

static const char *const page_lines[] = {
    "T:Storm closes river bridge -Some Site",
    "H:Storm closes river bridge",
    "P:Officials closed the River bridge on Monday. The storm had damaged its deck.",
    "P:Crews will inspect the bridge again on Friday, officials said.",
    "B:Footer text about the river",
    "W:Latest news",
    "I:River festival returns this summer",
    "I:Bakery opens downtown",
};

/* ------------------------------------------------------------------ */
/* Loading and errors                                                  */

Test(rules, default_rules_load_and_count)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(ss_rules_load(SS_SOURCE_DIR "/models/default.rules", &r, err, sizeof err),
                 SS_OK, "%s", err);
    cr_assert_geq(ss_rules_count(r), 10);
    ss_rules_free(r);
    ss_rules_free(NULL);
}

Test(rules, comments_blank_lines_and_crlf)
{
    char err[256] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("# comment\r\n\r\n   \r\n  # indented comment\r\n"
                      "rule a-1 title rule 1 /x/ # one\r\n", &r, err, sizeof err),
                 SS_OK, "%s", err);
    cr_assert_eq(ss_rules_count(r), 1);
    ss_rules_free(r);
}

Test(rules, bad_pattern_names_file_line_column_and_pcre2_message)
{
    char err[512] = "";
    ss_rules *r = (ss_rules *)&arena; /* must be reset to NULL */
    cr_assert_eq(ss_rules_load(SS_TEST_DATA "/rules/bad-pattern.rules", &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert_null(r);
    /* "rule broken-group any-block rule 1.0 /(ab[c/": the pattern starts at
     * column 39; pcre2 reports the missing ']' at the end of it. */
    cr_assert(strstr(err, "bad-pattern.rules:3:"), "%s", err);
    cr_assert(strstr(err, "missing terminating ]"), "pcre2 message expected: %s", err);
    unsigned line = 0, col = 0;
    const char *p = strstr(err, ".rules:");
    cr_assert_eq(sscanf(p, ".rules:%u:%u:", &line, &col), 2, "%s", err);
    cr_assert_eq(line, 3);
    cr_assert_geq(col, 39, "%s", err);
    cr_assert_leq(col, 45, "%s", err);
}

Test(rules, unknown_target_and_kind)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(ss_rules_load(SS_TEST_DATA "/rules/bad-target.rules", &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert(strstr(err, "bad-target.rules:2:18: unknown target 'sidebar'"), "%s", err);
    cr_assert_eq(ss_rules_load(SS_TEST_DATA "/rules/bad-kind.rules", &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert(strstr(err, "bad-kind.rules:1:22: unknown kind 'spamminess'"), "%s", err);
}

Test(rules, other_syntax_errors)
{
    static const struct {
        const char *text;
        const char *msg;
    } cases[] = {
        {"rul x title rule 1 /a/ # d\n", "test.rules:1:1: expected 'rule' or 'off'"},
        {"rule Bad title rule 1 /a/ # d\n", "test.rules:1:6: invalid character"},
        {"rule x title rule heavy /a/ # d\n", "test.rules:1:19: weight must be"},
        {"rule x title rule 11 /a/ # d\n", "test.rules:1:19: weight must be"},
        {"rule x title rule 1 a # d\n", "test.rules:1:21: expected a pattern"},
        {"rule x title rule 1 /abc # d\n", "test.rules:1:21: pattern has no closing"},
        {"rule x title rule 1 /a/\n", "test.rules:1:24: expected '# description'"},
        {"rule x title rule 1 /a/ #   \n", "empty description"},
        {"rule x title rule 1 // # d\n", "empty pattern"},
        {"\n\nrule x title rule 1 /a/cd # d\n", "test.rules:3:"},
        {"off\n", "test.rules:1:4: missing rule name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[512] = "";
        ss_rules *r = NULL;
        cr_assert_eq(load(cases[i].text, &r, err, sizeof err), SS_ERR_RULES, "case %zu", i);
        cr_assert(strstr(err, cases[i].msg), "case %zu: got '%s', want '%s'", i, err,
                  cases[i].msg);
        cr_assert_null(r);
    }
}

Test(rules, bad_flag_and_duplicate_and_off_unknown)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(ss_rules_load(SS_TEST_DATA "/rules/bad-flag.rules", &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert(strstr(err, "bad-flag.rules:2:34: unknown pattern flag 'q'"), "%s", err);
    cr_assert_eq(ss_rules_load(SS_TEST_DATA "/rules/duplicate.rules", &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert(strstr(err, "duplicate.rules:2:1: duplicate rule 'twice' (first defined at line 1)"),
              "%s", err);
    cr_assert_eq(ss_rules_load(SS_TEST_DATA "/rules/off-unknown.rules", &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert(strstr(err, "unknown rule 'never-defined'"), "%s", err);
}

Test(rules, missing_file_is_io_error)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(ss_rules_load(SS_TEST_DATA "/rules/no-such-file.rules", &r, err, sizeof err),
                 SS_ERR_IO);
    cr_assert(strstr(err, "no-such-file.rules"), "%s", err);
}

Test(rules, caps_on_line_length)
{
    size_t n = 9000;
    char *text = malloc(n + 64);
    cr_assert_not_null(text);
    strcpy(text, "rule long title rule 1 /");
    size_t off = strlen(text);
    memset(text + off, 'a', n);
    strcpy(text + off + n, "/ # d\n");
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load(text, &r, err, sizeof err), SS_ERR_RULES);
    cr_assert(strstr(err, "line longer than"), "%s", err);
    free(text);
}

/* ------------------------------------------------------------------ */
/* Overrides                                                           */

Test(rules, user_file_overrides_disables_and_adds)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule shout title rule 1 /Storm/ # base\n"
                      "rule whisper body rule 1 /bridge/ # base\n", &r, err, sizeof err),
                 SS_OK, "%s", err);
    cr_assert_eq(ss_rules_count(r), 2);
    cr_assert_eq(ss_rules_add_file(r, SS_TEST_DATA "/rules/override.rules", err, sizeof err),
                 SS_OK, "%s", err);
    cr_assert_eq(ss_rules_count(r), 2, "shout replaced, whisper off, extra added");

    ss_page page;
    ss_evidence ev;
    run(r, page_lines, sizeof page_lines / sizeof page_lines[0], &page, &ev);
    /* shout now looks for OVERRIDDEN (no hit), whisper is off, extra
     * (caseless "river", body only) hits both body paragraphs... once per
     * paragraph that contains it. */
    cr_assert_eq(ev.n, 1, "got %zu findings", ev.n);
    cr_assert_str_eq(ev.items[0].reasons[0], "extra");
    cr_assert_str_eq(ev.items[0].text, "River");
    cr_assert_float_eq(ev.rule_weight_sum, 0.5, 1e-9);
    ss_rules_free(r);
}

Test(rules, failed_add_leaves_the_set_unchanged)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule shout title rule 1 /Storm/ # base\n", &r, err, sizeof err), SS_OK);
    cr_assert_eq(ss_rules_add_file(r, SS_TEST_DATA "/rules/bad-target.rules", err, sizeof err),
                 SS_ERR_RULES);
    cr_assert_eq(ss_rules_count(r), 1, "the good first line of the bad file was not added");
    ss_page page;
    ss_evidence ev;
    run(r, page_lines, sizeof page_lines / sizeof page_lines[0], &page, &ev);
    cr_assert_eq(ev.n, 1);
    cr_assert_eq(ev.items[0].block, SS_TARGET_TITLE);
    ss_rules_free(r);
}

/* ------------------------------------------------------------------ */
/* Targets, flags, weights                                             */

/* Findings whose first reason is name. */
static size_t
hits(const ss_evidence *ev,
     const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < ev->n; i++)
        for (unsigned k = 0; k < ev->items[i].n_reasons; k++)
            n += strcmp(ev->items[i].reasons[k], name) == 0;
    return n;
}

Test(rules, targets_select_the_parts_of_the_page)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule in-title title rule 1 /river/i # t\n"
                      "rule in-headline headline rule 1 /river/i # h\n"
                      "rule in-first first-sentence rule 1 /(?:river|storm)/i # f\n"
                      "rule first-only first-sentence rule 1 /deck/ # not in the first sentence\n"
                      "rule in-body body rule 1 /river/i # b\n"
                      "rule in-any any-block rule 1 /river/i # a\n"
                      "rule in-item widget-item rule 1 /river/i # i\n"
                      "rule in-heading widget-heading rule 1 /news/i # w\n"
                      "rule in-short short-line rule 1 /river/i # s\n",
                      &r, err, sizeof err), SS_OK, "%s", err);
    ss_page page;
    ss_evidence ev;
    run(r, page_lines, sizeof page_lines / sizeof page_lines[0], &page, &ev);
    cr_assert_eq(hits(&ev, "in-title"), 1);
    cr_assert_eq(hits(&ev, "in-headline"), 1);
    cr_assert_eq(hits(&ev, "in-first"), 1);
    cr_assert_eq(hits(&ev, "first-only"), 0, "'deck' is in the second sentence");
    cr_assert_eq(hits(&ev, "in-body"), 1, "one body paragraph has 'river'");
    cr_assert_eq(hits(&ev, "in-item"), 1);
    cr_assert_eq(hits(&ev, "in-heading"), 1);
    cr_assert_geq(hits(&ev, "in-short"), 2, "footer and item are short lines");
    for (size_t i = 0; i < ev.n; i++) {
        if (strcmp(ev.items[i].reasons[0], "in-title") == 0) {
            cr_assert_eq(ev.items[i].block, SS_TARGET_TITLE);
            cr_assert_eq(ev.items[i].where, SS_WHERE_TITLE);
        }
        if (strcmp(ev.items[i].reasons[0], "in-item") == 0)
            cr_assert_eq(ev.items[i].where, SS_WHERE_WIDGET);
    }
    ss_rules_free(r);
}

Test(rules, flags_cut_drop_caseless_and_flag_group)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule cut-site title site-name 2 / -(?<flag>Some Site)$/c # cut\n"
                      "rule drop-item widget-item junk-widget 2 /bakery/id # drop\n"
                      "rule exact body rule 1 /RIVER/ # case matters\n",
                      &r, err, sizeof err), SS_OK, "%s", err);
    ss_page page;
    ss_evidence ev;
    run(r, page_lines, sizeof page_lines / sizeof page_lines[0], &page, &ev);
    cr_assert_eq(ev.n, 2, "RIVER without 'i' matches nothing");
    const ss_finding *cut = &ev.items[0], *drop = &ev.items[1];
    cr_assert_eq(cut->kind, SS_FLAG_SITE_NAME);
    cr_assert_str_eq(cut->text, "Some Site");
    cr_assert_str_eq(hp_cut(&arena, page.title, cut->start, cut->end), "Storm closes river bridge -");
    cr_assert_float_eq(cut->score, 1 - exp(-2.0), 1e-9);
    cr_assert_eq(drop->kind, SS_FLAG_JUNK_WIDGET);
    cr_assert(drop->drop_block);
    cr_assert_eq(drop->n_blocks, 1);
    cr_assert_str_eq(drop->text, "Bakery opens downtown");
    ss_rules_free(r);
}

Test(rules, weights_count_once_per_rule_and_negative_rules_are_silent)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule everywhere any-block rule 1.5 /e/ # many blocks\n"
                      "rule hammy body rule -0.75 /officials/ # ham evidence\n",
                      &r, err, sizeof err), SS_OK, "%s", err);
    ss_page page;
    ss_evidence ev;
    run(r, page_lines, sizeof page_lines / sizeof page_lines[0], &page, &ev);
    cr_assert_float_eq(ev.rule_weight_sum, 1.5 - 0.75, 1e-9);
    cr_assert_eq(hits(&ev, "hammy"), 0, "negative rules add no flag");
    cr_assert_geq(hits(&ev, "everywhere"), 5);
    ss_rules_free(r);
}

Test(rules, unicode_caseless_matching)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule uml any-block rule 1 /straße \\w+/i # UTF-8 + UCP\n", &r, err,
                      sizeof err), SS_OK, "%s", err);
    static const char *const lines[] = {"P:Die STRASSE ist zu. In der STRAßE Überall."};
    ss_page page;
    ss_evidence ev;
    run(r, lines, 1, &page, &ev);
    cr_assert_eq(ev.n, 1);
    cr_assert_str_eq(ev.items[0].text, "STRAßE Überall");
    ss_rules_free(r);
}

Test(rules, catastrophic_pattern_hits_the_match_limit_quickly, .timeout = 20)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule boom any-block rule 1 /(a+)+$/ # catastrophic backtracking\n"
                      "rule fine any-block rule 1 /^a/ # still runs\n", &r, err, sizeof err),
                 SS_OK, "%s", err);
    char *text = ss_arena_alloc(&arena, 5003);
    text[0] = 'P';
    text[1] = ':';
    memset(text + 2, 'a', 5000);
    text[5001] = 'b';
    text[5002] = '\0';
    const char *lines[64];
    for (int i = 0; i < 64; i++)
        lines[i] = text;
    ss_page page;
    ss_evidence ev;
    clock_t t0 = clock();
    run(r, lines, 64, &page, &ev);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    cr_assert(page.limits & SS_LIMIT_MATCH, "the match limit was not reported");
    cr_assert_eq(hits(&ev, "boom"), 0, "a limit hit counts as no match");
    cr_assert_geq(hits(&ev, "fine"), 1, "other rules still run");
    cr_assert_lt(secs, 10.0, "took %.1f s", secs);
    ss_rules_free(r);
}

/* Run rules over a page with the given config, through pcre2's JIT or its
 * interpreter; returns ss_rules_run's status. */
static ss_status
run_with(const ss_rules *rules,
         const char *const *lines,
         size_t n,
         const ss_config *cfg,
         bool jit,
         ss_page *page,
         ss_evidence *ev)
{
    cr_assert(hp_build(&arena, lines, n, SS_FORMAT_HTML, page));
    ss_evidence_init(ev, &arena);
    ss_rules_state *st = NULL;
    cr_assert_eq(ss_rules_state_create(rules, cfg, &st), SS_OK);
    ss_rules_state_use_jit(st, jit);
    ss_status rc = ss_rules_run(rules, st, page, ev);
    ss_rules_state_free(st);
    return rc;
}

/* Peak resident set of this test's process, in KiB. */
static long
peak_rss_kib(void)
{
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_maxrss;
}

/*
 * A rule file is untrusted input: whichever matcher runs a hostile pattern,
 * pcre2's limits stop it and the page is marked. (a+)+$ and (\w+\s?)+\$
 * backtrack exponentially on a long run of letters; the third pattern
 * needs a deep backtracking stack whose frames hold 1,800 capture groups
 * (about 29 KB each): without a heap limit the interpreter would take
 * 2,000 of them (the depth limit), about 57 MB.
 */
static void
hostile_patterns(bool jit)
{
    size_t groups = 1800;
    char *frames = malloc(96 + 2 * groups);
    cr_assert_not_null(frames);
    char *p = frames;
    /* as a hostile author would: no possessive rewrite of (?:a|b)*, no
     * early "there is no c" answer */
    p += sprintf(p, "(*NO_AUTO_POSSESS)(*NO_START_OPT)");
    for (size_t i = 0; i < groups; i++) {
        *p++ = '(';
        *p++ = ')';
    }
    strcpy(p, "(?:a|b)*c");
    char *text = malloc(strlen(frames) + 512);
    cr_assert_not_null(text);
    sprintf(text,
            "rule boom any-block rule 1 /(a+)+$/ # catastrophic backtracking\n"
            "rule words any-block rule 1 /(\\w+\\s?)+\\$/ # nested quantifiers\n"
            "rule frames any-block rule 1 /%s/ # deep stack of wide frames\n"
            "rule fine any-block rule 1 /^a/ # still runs\n", frames);
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load(text, &r, err, sizeof err), SS_OK, "%s", err);
    char *block = ss_arena_alloc(&arena, 20003);
    block[0] = 'P';
    block[1] = ':';
    memset(block + 2, 'a', 20000);
    block[20001] = 'b';
    block[20002] = '\0';
    const char *lines[16];
    for (int i = 0; i < 16; i++)
        lines[i] = block;
    ss_config cfg;
    ss_config_default(&cfg);
    ss_page page;
    ss_evidence ev;
    long rss0 = peak_rss_kib();
    cr_assert_eq(run_with(r, lines, 16, &cfg, jit, &page, &ev), SS_OK);
    long grown = peak_rss_kib() - rss0;
    cr_assert(page.limits & SS_LIMIT_MATCH, "the limit was not reported");
    cr_assert_eq(hits(&ev, "boom"), 0, "a limit hit counts as no match");
    cr_assert_eq(hits(&ev, "words"), 0);
    cr_assert_eq(hits(&ev, "frames"), 0);
    cr_assert_geq(hits(&ev, "fine"), 1, "other rules still run");
    cr_log_info("%s: peak RSS grew by %ld KiB", jit ? "JIT" : "interpreter", grown);
    cr_assert_lt(grown, 32 * 1024, "matching took %ld KiB more", grown);
    ss_rules_free(r);
    free(text);
    free(frames);
}

Test(rules, hostile_patterns_stop_at_the_limits_with_the_jit, .timeout = 60)
{
    hostile_patterns(true);
}

Test(rules, hostile_patterns_stop_at_the_limits_without_the_jit, .timeout = 60)
{
    hostile_patterns(false);
}

/* With --max-seconds, a run of rules stops once its time is up (checked
 * every 256 matches) and says so: the caller fails the document. */
Test(rules, the_time_budget_stops_a_run)
{
    char err[512] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("rule river any-block rule 1 /river/ # d\n"
                      "rule rose any-block rule 1 /rose/ # d\n"
                      "rule night any-block rule 1 /night/ # d\n", &r, err, sizeof err),
                 SS_OK, "%s", err);
    const char *lines[200]; /* 600 matches */
    for (int i = 0; i < 200; i++)
        lines[i] = "P:The river rose in the night.";
    ss_config cfg;
    ss_config_default(&cfg);
    ss_page page;
    ss_evidence ev;
    cr_assert_eq(run_with(r, lines, 200, &cfg, true, &page, &ev), SS_OK);
    cr_assert_eq(hits(&ev, "river"), 64, "every block matches (64 kept)");
    cfg.max_seconds = 1e-9; /* spent before the clock is first read */
    cr_assert_eq(run_with(r, lines, 200, &cfg, true, &page, &ev), SS_ERR_LIMIT);
    ss_rules_free(r);
}

/* Hostile rule files are refused with a message before they cost much:
 * size, line, pattern and rule-count caps, and pcre2's own compile limit. */
Test(rules, hostile_rule_files_get_clear_errors)
{
    char err[512];
    ss_rules *r = NULL;
    size_t lines = 1000000;
    char *text = malloc(lines * 12 + 1);
    cr_assert_not_null(text);

    /* a million empty lines fit the 1 MiB cap: read in one pass, no rule */
    memset(text, '\n', lines);
    cr_assert_eq(ss_rules_load_buffer("m.rules", text, lines, &r, err, sizeof err),
                 SS_OK, "%s", err);
    cr_assert_eq(ss_rules_count(r), 0);
    ss_rules_free(r);

    /* a million comment lines do not */
    for (size_t i = 0; i < lines; i++)
        memcpy(text + 10 * i, "# comment\n", 10);
    err[0] = '\0';
    cr_assert_eq(ss_rules_load_buffer("m.rules", text, 10 * lines, &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert_null(r);
    cr_assert(strstr(err, "m.rules:1:1: rules file larger than 1048576 bytes"), "%s", err);

    /* a file of the right size with too many rules: refused at the first
     * rule past the cap */
    size_t n = 0;
    for (int i = 0; i < 3000; i++)
        n += (size_t)sprintf(text + n, "rule r%d title rule 1 /a%d/ # d\n", i, i);
    cr_assert_eq(ss_rules_load_buffer("m.rules", text, n, &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert(strstr(err, "m.rules:2049:1: more than 2048 rules"), "%s", err);

    /* a huge pattern, written out or through repetition */
    n = (size_t)sprintf(text, "rule big title rule 1 /");
    memset(text + n, 'a', 5000);
    n += 5000;
    n += (size_t)sprintf(text + n, "/ # d\n");
    cr_assert_eq(ss_rules_load_buffer("m.rules", text, n, &r, err, sizeof err),
                 SS_ERR_RULES);
    cr_assert(strstr(err, "m.rules:1:23: pattern longer than 4096 bytes"), "%s", err);
    cr_assert_eq(load("rule big title rule 1 /(?:(?:a{65535}){65535}){65535}/ # d\n",
                      &r, err, sizeof err), SS_ERR_RULES);
    cr_assert(strstr(err, "test.rules:1:"), "%s", err);
    cr_assert(strstr(err, "too large") || strstr(err, "too big"), "%s", err);
    cr_assert_null(r);
    free(text);
}

Test(rules, empty_rule_set_and_bad_arguments)
{
    char err[64] = "";
    ss_rules *r = NULL;
    cr_assert_eq(load("", &r, err, sizeof err), SS_OK);
    cr_assert_eq(ss_rules_count(r), 0);
    ss_page page;
    ss_evidence ev;
    run(r, page_lines, 2, &page, &ev);
    cr_assert_eq(ev.n, 0);
    ss_rules_free(r);
    cr_assert_eq(ss_rules_load_buffer("x", NULL, 5, &r, err, sizeof err), SS_ERR_ARG);
    cr_assert_null(r);
    cr_assert_eq(ss_rules_add_file(NULL, "x", err, sizeof err), SS_ERR_ARG);
}

/* ------------------------------------------------------------------ */

Test(rules, fuzz_corpus_replays_without_crashing)
{
    const char *dir = SS_SOURCE_DIR "/tests/fuzz/corpus/rules";
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s missing", dir);
    struct dirent *e;
    unsigned n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char err[512];
        ss_rules *r = NULL;
        ss_status st = ss_rules_load(path, &r, err, sizeof err);
        cr_assert(st == SS_OK || st == SS_ERR_RULES, "%s: status %d", path, st);
        cr_assert((st == SS_OK) == (r != NULL));
        if (st != SS_OK)
            cr_assert(strncmp(err, path, strlen(path)) == 0, "%s", err);
        ss_rules_free(r);
        n++;
    }
    closedir(d);
    cr_assert_geq(n, 3);
}
