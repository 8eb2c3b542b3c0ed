/*
 * test_detect.c - the structural detectors on hand-built pages: spliced
 * brands with exact clean spans, site-name suffixes, slogans, promotional
 * headlines, like counters, off-topic lists; pages generated with invented
 * names that appear nowhere in the code or the rules; and the honest cases
 * that must not be flagged.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "detect.h"
#include "heur_page.h"
#include "rules.h"
#include "score.h"
#include "span.h"
#include "tokenize.h"
#include "wordlists.h"

static ss_arena arena;
static ss_page page;
static ss_evidence ev;
static ss_rules *rules; /* the shipped rules; reasons point into them */

static void
setup(void)
{
    ss_arena_init(&arena, 0);
    char err[512] = "";
    cr_assert_eq(ss_rules_load(SS_SOURCE_DIR "/models/default.rules", &rules, err,
                               sizeof err), SS_OK, "%s", err);
}

static void
teardown(void)
{
    ss_rules_free(rules);
    ss_arena_free(&arena);
}

TestSuite(detect, .init = setup, .fini = teardown);

/* Build a page from lines and run the detectors (and, when with_rules, the
 * shipped rules first, as the scorer does). */
static void
analyze(const char *const *lines,
        size_t n,
        bool with_rules)
{
    ss_arena_reset(&arena);
    cr_assert(hp_build(&arena, lines, n, SS_FORMAT_HTML, &page), "bad test page");
    ss_evidence_init(&ev, &arena);
    if (with_rules) {
        ss_config cfg;
        ss_config_default(&cfg);
        ss_rules_state *st = NULL;
        cr_assert_eq(ss_rules_state_create(rules, &cfg, &st), SS_OK);
        cr_assert_eq(ss_rules_run(rules, st, &page, &ev), SS_OK);
        ss_rules_state_free(st);
    }
    cr_assert_eq(ss_detect_run(&page, &ev, &arena), SS_OK);
}

/* First finding of kind on block (SS_NONE: any block), or NULL. */
static const ss_finding *
find(ss_flag_kind kind,
     uint32_t block)
{
    for (size_t i = 0; i < ev.n; i++)
        if (ev.items[i].kind == kind && (block == SS_NONE || ev.items[i].block == block))
            return &ev.items[i];
    return NULL;
}

/* Number of findings of kind. */
static size_t
count(ss_flag_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < ev.n; i++)
        n += ev.items[i].kind == kind;
    return n;
}

/* Describe all findings (for failure messages). */
static const char *
dump(void)
{
    static char buf[4096];
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ev.n && off < sizeof buf - 200; i++) {
        const ss_finding *f = &ev.items[i];
        off += (size_t)snprintf(buf + off, sizeof buf - off, "\n  %s b=%d [%u,%u) %.2f '%.60s' %s",
                                ss_flag_kind_name(f->kind), (int)f->block, f->start,
                                f->end, f->score, f->text,
                                f->n_reasons ? f->reasons[0] : "");
    }
    return buf;
}

/* The text of block b after cutting finding f's span out of it. */
static const char *
cut_block(const ss_finding *f)
{
    const char *text = f->block == SS_TARGET_TITLE ? page.title : page.blocks[f->block].text;
    return hp_cut(&arena, text, f->start, f->end);
}

/* ------------------------------------------------------------------ */

Test(detect, wordlists_are_sorted_for_binary_search)
{
    cr_assert(ss_wordlists_check());
    cr_assert(ss_word_is_stop("The", 3));
    cr_assert(ss_word_is_finance("EXCHANGE", 8));
    cr_assert(ss_word_promise("guaranteed", 10) & SS_PROMISE_SAFETY);
    cr_assert_not(ss_word_is_stop("bridge", 6));
}

static const char *const seedlike[] = {
    "T:Home > NewsVantrello Exchange:Council approves river bridge repair after audit -Quillmont Finance",
    "H:Vantrello Exchange:Council approves river bridge repair after audit",
    "L:Shimmering Path",
    "L:Date:2025-03-02 09:15:00",
    "P:Harlow Bend,Vantrello Exchange Ohio — The regional council approved a plan on Tuesday to repair the aging river bridge after an audit found the structure unsafe, officials said.",
    "P:The Vantrello Exchangearrests of four contractors followed the audit of the bridge repair budget, council members said at the meeting.",
    "P:Council members said the bridge repair would begin in spring and last about two years, with detours planned for commuters and freight traffic along the river valley roads.",
    "P:Engineers found cracked beams and corroded cables during the inspection, and the council voted to close one lane until the repair crews finish the first phase of the work.",
    "B:FacebookveryGood! (41822)",
    "W:Ranking",
    "I:Pop singer announces farewell tour dates across three continents",
    "I:Lindell Oakhurst: The most perfect 3710 strategy in history, stable and safe!",
    "I:Celebrity chef opens beachfront restaurant with celebrity guests",
    "I:Baseball pitcher signs record contract extension with club",
};

Test(detect, seedlike_page_flags_brand_site_slogan_counter_promo_widget)
{
    analyze(seedlike, sizeof seedlike / sizeof seedlike[0], false);

    const ss_finding *t = find(SS_FLAG_INJECTED_BRAND, SS_TARGET_TITLE);
    cr_assert_not_null(t, "no title brand:%s", dump());
    cr_assert_str_eq(t->text, "Vantrello Exchange");
    cr_assert_eq(t->where, SS_WHERE_TITLE);
    /* "Home > NewsVantrello Exchange:Council" -> "Home > NewsCouncil" (the
     * cleaner separates the letters that now touch). */
    cr_assert_str_eq(cut_block(t), "Home > NewsCouncil approves river bridge repair "
                                   "after audit -Quillmont Finance");

    const ss_finding *h = find(SS_FLAG_INJECTED_BRAND, 0);
    cr_assert_not_null(h, "no headline brand:%s", dump());
    cr_assert_str_eq(cut_block(h), "Council approves river bridge repair after audit");

    const ss_finding *d = find(SS_FLAG_INJECTED_BRAND, 3);
    cr_assert_not_null(d, "no dateline splice:%s", dump());
    cr_assert_eq(d->where, SS_WHERE_BODY);
    cr_assert_str_eq(d->text, "Vantrello Exchange");
    cr_assert(strncmp(cut_block(d), "Harlow Bend, Ohio — The regional council", 40) == 0,
              "got '%s'", cut_block(d));

    const ss_finding *g = find(SS_FLAG_INJECTED_BRAND, 4);
    cr_assert_not_null(g, "no glued splice:%s", dump());
    cr_assert(strncmp(cut_block(g), "The arrests of four contractors", 31) == 0,
              "got '%s'", cut_block(g));

    const ss_finding *s = find(SS_FLAG_SITE_NAME, SS_TARGET_TITLE);
    cr_assert_not_null(s, "no site name:%s", dump());
    cr_assert_str_eq(s->text, "Quillmont Finance");
    cr_assert_eq(page.title[s->start], ' ');
    cr_assert_eq(s->end, strlen(page.title));

    const ss_finding *sl = find(SS_FLAG_SLOGAN, 1);
    cr_assert_not_null(sl, "no slogan:%s", dump());
    cr_assert(sl->drop_block);
    cr_assert_null(find(SS_FLAG_SLOGAN, 2), "the date line is not a slogan");

    const ss_finding *c = find(SS_FLAG_JUNK_WIDGET, 7);
    cr_assert_not_null(c, "no like counter:%s", dump());
    cr_assert(c->drop_block);

    const ss_finding *p = find(SS_FLAG_PROMO_HEADLINE, 10);
    cr_assert_not_null(p, "no promo headline:%s", dump());
    cr_assert_str_eq(p->text, "Lindell Oakhurst: The most perfect 3710 strategy in history, stable and safe!");

    const ss_finding *w = find(SS_FLAG_JUNK_WIDGET, 8);
    cr_assert_not_null(w, "no junk list:%s", dump());
    cr_assert(w->drop_block);
    cr_assert_eq(w->n_blocks, 5, "heading + 4 items, got %u", w->n_blocks);
}

/* ------------------------------------------------------------------ */
/* Generated pages: invented names that appear nowhere in the code.    */

static uint64_t rng_state;

static uint32_t
rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* A capitalised pseudo-word of 2-3 syllables into buf. */
static void
word(char *buf,
     size_t cap)
{
    static const char *const on[] = {"b", "k", "v", "z", "qu", "tr", "dr", "m",
                                     "x", "th", "r", "l", "st", "gr", "n"};
    static const char *const nu[] = {"a", "e", "o", "i", "u", "ae", "io", "y"};
    static const char *const co[] = {"", "n", "r", "x", "l", "s", "th", "m"};
    size_t off = 0;
    unsigned syl = 2 + rnd(2);
    for (unsigned i = 0; i < syl && off + 8 < cap; i++)
        off += (size_t)snprintf(buf + off, cap - off, "%s%s%s", on[rnd(15)],
                                nu[rnd(8)], co[rnd(8)]);
    buf[0] = (char)(buf[0] - 32);
}

/* An invented brand: pseudo-word + a company-ish suffix. */
static void
brand(char *buf,
      size_t cap)
{
    static const char *const suffix[] = {"Exchange", "Capital", "Markets", "Hub",
                                         "Pro", "Labs", "Point", "Bridge", "Ventures",
                                         "Trust", "Circle", "Nexus"};
    char w[32];
    word(w, sizeof w);
    snprintf(buf, cap, "%s %s", w, suffix[rnd(12)]);
}

/* An off-topic list headline made of invented words. */
static void
offtopic(char *buf,
         size_t cap)
{
    static const char *const verbs[] = {"wins", "opens", "reveals", "cancels",
                                        "announces", "celebrates"};
    static const char *const objs[] = {"album", "tour", "festival", "sneaker line",
                                       "podcast", "fashion week show"};
    char a[32], b[32];
    word(a, sizeof a);
    word(b, sizeof b);
    snprintf(buf, cap, "%s %s %s new %s in %s", a, b, verbs[rnd(6)], objs[rnd(6)],
             a);
}

/* A promotional headline with an invented person. */
static void
promo(char *buf,
      size_t cap)
{
    static const char *const adj[] = {"perfect", "stable", "reliable", "profitable"};
    static const char *const how[] = {"strategy", "system", "method", "formula"};
    static const char *const tail[] = {"stable and safe!", "guaranteed returns!",
                                       "never loses!", "safe and stable"};
    char f[32], l[32], org[32];
    word(f, sizeof f);
    word(l, sizeof l);
    word(org, sizeof org);
    if (rnd(3) == 0)
        snprintf(buf, cap, "%s %s: Appointed honorary chairman of the %s Investment Association",
                 f, l, org);
    else
        snprintf(buf, cap, "%s %s: The most %s %u %s in history, %s", f, l,
                 adj[rnd(4)], 1000 + rnd(9000), how[rnd(4)], tail[rnd(4)]);
}

Test(detect, generated_spam_pages_are_flagged)
{
    static const char *const sep[] = {":", ": ", "-"};
    static const char *const social[] = {"Twitter", "Facebook", "WhatsApp", "Email", ""};
    for (unsigned iter = 0; iter < 60; iter++) {
        rng_state = 0x9E3779B97F4A7C15ull + iter * 7919u;
        char b[64], city[32], state[32], site[64], slogan_a[32], slogan_b[32];
        char heading[64], li[5][170], pr[200], counter[80];
        brand(b, sizeof b);
        word(city, sizeof city);
        word(state, sizeof state);
        word(site, sizeof site);
        strcat(site, rnd(2) ? " Finance" : " Wealth");
        word(slogan_a, sizeof slogan_a);
        word(slogan_b, sizeof slogan_b);
        word(heading, sizeof heading);
        for (int k = 0; k < 5; k++) {
            li[k][0] = 'I';
            li[k][1] = ':';
            offtopic(li[k] + 2, sizeof li[k] - 2);
        }
        promo(pr, sizeof pr);
        snprintf(counter, sizeof counter, "%sveryGood! (%u)", social[rnd(5)], rnd(99999));
        const char *s = sep[rnd(3)];

        char title[300], headline[300], p1[400], p2[300], slogan[80];
        snprintf(title, sizeof title, "%s%sCouncil approves river bridge repair after audit -%s",
                 b, s, site);
        snprintf(headline, sizeof headline, "H:%s%sCouncil approves river bridge repair after audit",
                 b, s);
        snprintf(p1, sizeof p1, "P:%s,%s %s — The regional council approved a plan on "
                 "Tuesday to repair the aging river bridge after an audit, officials said.",
                 city, b, state);
        snprintf(p2, sizeof p2, "P:The %sarrests of four contractors followed the audit of "
                 "the bridge repair budget, council members said.", b);
        snprintf(slogan, sizeof slogan, "L:%s %s", slogan_a, slogan_b);
        char tl[320], l_counter[100], l_head[80], l_pr[210];
        snprintf(tl, sizeof tl, "T:%s", title);
        snprintf(l_counter, sizeof l_counter, "B:%s", counter);
        snprintf(l_head, sizeof l_head, "W:%s", heading);
        snprintf(l_pr, sizeof l_pr, "I:%s", pr);
        const char *lines[] = {
            tl, headline, slogan, p1, p2,
            "P:Council members said the bridge repair would begin in spring and last about "
            "two years, with detours planned for commuters and freight traffic along the river.",
            "P:Engineers found cracked beams and corroded cables during the inspection, and the "
            "council voted to close one lane until repair crews finish the first phase.",
            l_counter, l_head, li[0], li[1], l_pr, li[2], li[3], li[4],
        };
        analyze(lines, sizeof lines / sizeof lines[0], iter % 2 == 0);

        const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, SS_TARGET_TITLE);
        cr_assert_not_null(f, "[%u] brand '%s' not flagged in title '%s':%s", iter, b, title, dump());
        cr_assert_str_eq(f->text, b);
        cr_assert_not_null(find(SS_FLAG_INJECTED_BRAND, 0), "[%u] headline:%s", iter, dump());
        f = find(SS_FLAG_INJECTED_BRAND, 2);
        cr_assert_not_null(f, "[%u] dateline of '%s':%s", iter, p1, dump());
        char want[128];
        snprintf(want, sizeof want, "%s, %s — The regional", city, state);
        cr_assert(strncmp(cut_block(f), want, strlen(want)) == 0, "[%u] got '%s'", iter,
                  cut_block(f));
        f = find(SS_FLAG_INJECTED_BRAND, 3);
        cr_assert_not_null(f, "[%u] glued splice:%s", iter, dump());
        cr_assert(strncmp(cut_block(f), "The arrests of", 14) == 0, "[%u] got '%s'", iter,
                  cut_block(f));
        cr_assert_not_null(find(SS_FLAG_SITE_NAME, SS_TARGET_TITLE), "[%u] site '%s':%s",
                           iter, site, dump());
        cr_assert_not_null(find(SS_FLAG_SLOGAN, 1), "[%u] slogan:%s", iter, dump());
        cr_assert_not_null(find(SS_FLAG_JUNK_WIDGET, 6), "[%u] counter '%s':%s", iter,
                           counter, dump());
        f = find(SS_FLAG_PROMO_HEADLINE, 10);
        cr_assert_not_null(f, "[%u] promo '%s':%s", iter, pr, dump());
        cr_assert(f->drop_block);
        f = find(SS_FLAG_JUNK_WIDGET, 7);
        cr_assert_not_null(f, "[%u] list '%s':%s", iter, heading, dump());
        cr_assert_eq(f->n_blocks, 7);
    }
}

Test(detect, single_word_brand_glued_to_next_word)
{
    static const char *const lines[] = {
        "T:Zorquelle:Police make arrests after warehouse fire",
        "H:Zorquelle:Police make arrests after warehouse fire",
        "P:Police said on Friday that the arrests came after a long investigation into the warehouse fire on the east side of the city.",
        "P:The Zorquellearrests were announced by the chief at a news conference, and detectives said more charges could follow next week.",
    };
    analyze(lines, 4, false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 2);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "The arrests were", 16) == 0);
}

Test(detect, sentence_prefix_with_colon)
{
    static const char *const lines[] = {
        "T:Brivanta Markets:Storm knocks out power to thousands",
        "H:Brivanta Markets:Storm knocks out power to thousands",
        "P:Brivanta Markets:The storm knocked out power to thousands of homes overnight, utility crews said on Sunday morning.",
        "P:Crews expected to restore most service by Monday evening, the utility said in a statement.",
    };
    analyze(lines, 4, false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "The storm knocked", 17) == 0, "got '%s'", cut_block(f));
}

Test(detect, body_only_dateline_with_spaces_before_a_state)
{
    static const char *const lines[] = {
        "T:School board approves new bus routes for the fall",
        "H:School board approves new bus routes for the fall",
        "P:Dunmore, Velquista Harbor Vermont \xe2\x80\x94 The school board voted on Tuesday to approve new bus routes for the fall term after months of complaints.",
        "P:Parents had asked for shorter rides, and the district said the new routes would cut the longest trips by twenty minutes.",
    };
    analyze(lines, 4, false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "Dunmore, Vermont \xe2\x80\x94 The", 21) == 0, "got '%s'", cut_block(f));
}

Test(detect, body_only_phrase_glued_to_previous_word)
{
    static const char *const lines[] = {
        "T:Transit agency delays fare increase until spring",
        "H:Transit agency delays fare increase until spring",
        "P:The transit agency said on Monday that it would delay a planned fare increase until spring, citing the cost of living for riders.",
        "P:Riders said the agencyQuorvanta Ledger was right to wait, and several council members praised the decision at the meeting.",
    };
    analyze(lines, 4, false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 2);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "Riders said the agency was right", 32) == 0, "got '%s'", cut_block(f));
}

Test(detect, body_only_finance_phrase_glued_to_next_word)
{
    static const char *const lines[] = {
        "T:Factory to move production to a larger site",
        "H:Factory to move production to a larger site",
        "P:The company announced on Wednesday that it would move production to a larger site outside the city next year.",
        "P:The Ostrevi Holdingscompany said it would keep its office downtown and hire forty more workers for the new plant.",
    };
    analyze(lines, 4, false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 2);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "The company said", 16) == 0, "got '%s'", cut_block(f));
}

Test(detect, title_only_glued_dash_prefix_never_used_in_text)
{
    static const char *const lines[] = {
        "T:Pellavor Crest-Judge delays trial of former district official",
        "H:Pellavor Crest-Judge delays trial of former district official",
        "P:A judge on Thursday delayed the trial of a former school district official accused of taking money from a student fund.",
        "P:Lawyers for the official asked for more time to review records, and the judge set a new date in March.",
    };
    analyze(lines, 4, false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, SS_TARGET_TITLE);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "Judge delays", 12) == 0, "got '%s'", cut_block(f));
}

Test(detect, honest_subject_before_colon_used_in_text_is_not_a_brand)
{
    static const char *const lines[] = {
        "T:Study Group: Coffee drinkers sleep less than they think",
        "H:Study Group: Coffee drinkers sleep less than they think",
        "P:A study group at the university found that coffee drinkers sleep about forty minutes less than they report in surveys.",
        "P:The researchers said the ecoFriendly cups used in the trial had no effect, and the group plans a larger study next year.",
        "P:Officials said the busesRunning late were not part of the study, which followed two hundred adults for a month.",
    };
    analyze(lines, 5, false);
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 0, "%s", dump());
}

Test(detect, finance_name_in_a_source_line_is_a_site_name)
{
    static const char *const lines[] = {
        "T:Library extends weekend hours at two branches",
        "H:Library extends weekend hours at two branches",
        "P:2025-04-02 09:14 Source:Varnholt Ridge Markets",
        "P:The city library will keep two branches open later on weekends starting next month, the library board said on Tuesday.",
        "P:Staff said the change follows a survey in which families asked for more evening hours for study and events.",
    };
    analyze(lines, 5, false);
    const ss_finding *f = find(SS_FLAG_SITE_NAME, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert_str_eq(f->text, "Varnholt Ridge Markets");
    /* A paper's own name is not. */
    static const char *const honest[] = {
        "T:Library extends weekend hours at two branches",
        "H:Library extends weekend hours at two branches",
        "P:2025-04-02 09:14 Source: Harlow County Ledger",
        "P:The city library will keep two branches open later on weekends starting next month, the library board said on Tuesday.",
    };
    analyze(honest, 4, false);
    cr_assert_null(find(SS_FLAG_SITE_NAME, SS_NONE), "%s", dump());
}

Test(detect, promo_headlines_without_colon_in_a_list)
{
    static const char *const lines[] = {
        "T:Harbor dredging to start after years of delay",
        "H:Harbor dredging to start after years of delay",
        "P:Work to dredge the harbor channel will begin next month after years of delay, port officials said at a meeting on Wednesday evening.",
        "P:The project will deepen the channel so that larger cargo ships can dock, and it is expected to take about two years to finish.",
        "W:Trending now",
        "I:Council approves new parking rules for the downtown district",
        "I:Ottilie Braverman reveals the 5183 trading secret brokers hope you never learn",
        "I:How I turned $700 into a fortune with one safe and proven system",
        "I:High school choir wins regional competition for the third time",
    };
    analyze(lines, 9, false);
    cr_assert_not_null(find(SS_FLAG_PROMO_HEADLINE, 5), "%s", dump());
    cr_assert_not_null(find(SS_FLAG_PROMO_HEADLINE, 6), "%s", dump());
    cr_assert_null(find(SS_FLAG_PROMO_HEADLINE, 4), "%s", dump());
    cr_assert_null(find(SS_FLAG_PROMO_HEADLINE, 7), "%s", dump());
}

Test(detect, promise_language_in_article_sentences_or_plain_lists_is_not_promo)
{
    static const char *const lines[] = {
        "T:Regulators warn investors about online trading offers",
        "H:Regulators warn investors about online trading offers",
        "P:Regulators have warned that promises of guaranteed returns and safe, stable income from secret trading systems are a hallmark of fraud, and that I should never hand $500 to a stranger.",
        "P:The agency said it received more complaints this year than in any year before, most of them about apps that promise to double savings.",
        "W:Most read",
        "I:Which cities top the wealth league this year?",
        "I:Court hears secret society claims in land dispute",
        "I:Markets steady as investors weigh the latest jobs report",
    };
    analyze(lines, 8, false);
    cr_assert_eq(count(SS_FLAG_PROMO_HEADLINE), 0, "%s", dump());
}

Test(detect, breadcrumb_field_labels_are_not_brands)
{
    static const char *const lines[] = {
        "T:Current:Home > Politics > Council votes to repair the river bridge",
        "H:Council votes to repair the river bridge before winter",
        "L:Current:Home > Politics > Local",
        "L:Location:Homepage > News > City Hall",
        "P:The city council voted on Tuesday to spend four million dollars repairing the old river bridge before the first snow, engineers said.",
        "P:Council members said the repairs would close one lane for six weeks, and the city will add bus service during the work.",
    };
    analyze(lines, 6, true);
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 0, "%s", dump());
    cr_assert_eq(count(SS_FLAG_SITE_NAME), 0, "%s", dump());
}

Test(detect, phrase_before_a_second_prefix_and_opening_the_article)
{
    static const char *const lines[] = {
        "T:Velmora Arc: Dunleavy: City must rebuild trust with police",
        "H:Velmora Arc: Dunleavy: City must rebuild trust with police",
        "P:Velmora Arc State Treasurer Oona Dunleavy said on Thursday that the city must rebuild trust with its police department after a year of complaints.",
        "P:Dunleavy said a new review board would meet monthly, and residents could bring complaints to it directly.",
    };
    analyze(lines, 4, false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "State Treasurer Oona", 20) == 0, "got '%s'", cut_block(f));
    cr_assert_not_null(find(SS_FLAG_INJECTED_BRAND, SS_TARGET_TITLE), "%s", dump());
    /* The label before the speaker is honest. */
    static const char *const honest[] = {
        "T:Interview: Dunleavy: City must rebuild trust with police",
        "H:Interview: Dunleavy: City must rebuild trust with police",
        "P:State Treasurer Oona Dunleavy said on Thursday that the city must rebuild trust with its police department after a year of complaints.",
        "P:Dunleavy said a new review board would meet monthly, and residents could bring complaints to it directly.",
    };
    analyze(honest, 4, false);
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 0, "%s", dump());
}

Test(detect, promo_line_outside_the_article_is_judged_like_a_list_item)
{
    static const char *const lines[] = {
        "T:Harbor dredging to start after years of delay",
        "H:Harbor dredging to start after years of delay",
        "P:Work to dredge the harbor channel will begin next month after years of delay, port officials said at a meeting on Wednesday evening.",
        "P:The project will deepen the channel so that larger cargo ships can dock, and it is expected to take about two years to finish.",
        "B:Weekly picks",
        "B:Odalys Fenwright reveals the 6120 trading secret brokers hope you never learn",
        "B:Jasper Kellow shares a family recipe for autumn soup",
    };
    analyze(lines, 7, false);
    cr_assert_not_null(find(SS_FLAG_PROMO_HEADLINE, 4), "%s", dump());
    cr_assert_null(find(SS_FLAG_PROMO_HEADLINE, 5), "%s", dump());
}

/* ------------------------------------------------------------------ */
/* Honest pages: no injected-brand, promo-headline or junk-widget.     */

static void
assert_honest(const char *what)
{
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 0, "%s: brand flagged:%s", what, dump());
    cr_assert_eq(count(SS_FLAG_PROMO_HEADLINE), 0, "%s: promo flagged:%s", what, dump());
    cr_assert_eq(count(SS_FLAG_JUNK_WIDGET), 0, "%s: junk flagged:%s", what, dump());
    cr_assert_eq(count(SS_FLAG_SLOGAN), 0, "%s: slogan flagged:%s", what, dump());
}

/* An honest article body used by several cases. */
#define HONEST_BODY                                                              \
    "P:Springfield, Illinois — State lawmakers on Tuesday approved a budget that raises school funding and trims road spending, ending a standoff that had lasted since spring.", \
    "P:The budget now goes to the governor, who said in a statement that she would sign it, although several agencies warned that the road cuts would delay repairs.", \
    "P:Lawmakers from both parties said the compromise was imperfect but necessary, and school districts said the extra money would pay for teachers and buses."

Test(detect, honest_analysis_label)
{
    static const char *const lines[] = {
        "T:Analysis: What the state budget deal means for schools - Prairie Ledger",
        "H:Analysis: What the state budget deal means for schools",
        "B:By Jane Porter",
        HONEST_BODY,
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Analysis:");
}

Test(detect, honest_live_updates_label)
{
    static const char *const lines[] = {
        "T:Live updates: Lawmakers pass state budget",
        "H:Live updates: Lawmakers pass state budget",
        HONEST_BODY,
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Live updates:");
}

Test(detect, honest_subject_before_colon)
{
    static const char *const lines[] = {
        "T:Musk: Tesla will open a factory in the state next year",
        "O:Musk: Tesla will open a factory in the state next year",
        "H:Musk: Tesla will open a factory in the state next year",
        "P:Austin, Texas — Elon Musk said on Monday that Tesla would open a new factory in the state next year, adding hundreds of jobs.",
        "P:Musk's announcement came during a call with investors, and Musk said the plant would build batteries for trucks.",
        "P:Local officials welcomed the news, though some asked whether Musk would keep earlier promises about hiring.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Musk:");
}

Test(detect, honest_most_read_list_is_boilerplate)
{
    static const char *const lines[] = {
        "T:Lawmakers pass state budget after long standoff - Prairie Ledger",
        "H:Lawmakers pass state budget after long standoff",
        HONEST_BODY,
        "W:Most read",
        "I:High school team wins first title in forty years",
        "I:New bakery opens downtown with lines around the block",
        "I:Weather service warns of heavy snow this weekend",
        "I:Museum unveils restored mural from the 1930s",
        "B:Comments (12)",
        "B:Facebook Twitter Email",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Most read");
    const ss_finding *f = find(SS_FLAG_BOILERPLATE, 4);
    cr_assert_not_null(f, "the list should be boilerplate:%s", dump());
    cr_assert(f->drop_block);
    cr_assert_eq(f->n_blocks, 5);
}

Test(detect, honest_finance_news_about_strategies_and_exchanges)
{
    static const char *const lines[] = {
        "T:Stock exchange operators weigh trading strategies as volatility rises",
        "H:Stock exchange operators weigh trading strategies as volatility rises",
        "P:New York — Operators of the largest stock exchanges are reviewing trading strategies that let funds profit from sudden swings, regulators said on Wednesday.",
        "P:The review follows a week in which several funds posted large losses, and analysts said no strategy is safe or stable when markets move this fast.",
        "P:Exchange officials said they would publish new rules on returns reporting and risk by the end of the year.",
        "W:Related",
        "I:Funds rethink trading strategies after volatile week",
        "I:Exchange operators propose new rules on risk reporting",
        "I:Analysts warn investors about promised returns",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("finance news");
}

Test(detect, honest_brand_named_once_in_body)
{
    static const char *const lines[] = {
        "T:Halvorsen Capital to cut 300 jobs in restructuring",
        "H:Halvorsen Capital to cut 300 jobs in restructuring",
        "P:Boston — Halvorsen Capital said on Thursday it would cut 300 jobs as part of a restructuring, the asset manager's second round of layoffs this year.",
        "P:The company said the cuts would mostly affect back-office staff and that clients would not notice any change.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("brand named once");
}

Test(detect, comment_counter_is_not_a_like_counter)
{
    static const char *const lines[] = {
        "T:Lawmakers pass state budget",
        "H:Lawmakers pass state budget",
        HONEST_BODY,
        "B:Comments (12)",
        "B:Replies (3)",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Comments (12)");
}

Test(detect, share_counter_rows_in_any_arrangement_are_junk)
{
    /* A network's name, a label or two and a big count, glued, in
     * parentheses or beside a label: a counter row, whatever the words. */
    static const char *const rows[] = {
        "B:LinkedInRecommend(73710)", "B:Like Weibo49930", "B:EmailGood! 56,746",
        "B:Awesome Facebook25235",    "B:Zorbly Pinterest 4411", "B:Pinterest Like 1.234.567",
        "B:Like Weibo69961 EmailLikes(97135) Agree Flipboard13517",
        "B:LinkedInRecommend(73710) | Awesome Facebook25235",
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const char *lines[] = {
            "T:Lawmakers pass state budget",
            "H:Lawmakers pass state budget",
            HONEST_BODY,
            rows[r],
        };
        analyze(lines, sizeof lines / sizeof lines[0], true);
        const ss_finding *f = find(SS_FLAG_JUNK_WIDGET, SS_NONE);
        cr_assert_not_null(f, "%s: %s", rows[r], dump());
    }
}

Test(detect, counts_next_to_share_words_that_are_not_counter_rows)
{
    /* A share total, a comment count, a network's name with a count alone,
     * a share bar, a product name with a number inside, a phone number or a
     * date beside "Email". */
    static const char *const rows[] = {
        "B:1,234 Shares", "B:Comments (123)", "B:Twitter 1,234",
        "B:Facebook Twitter Email", "B:Xbox 360 Messenger Kit", "B:Email 12",
        "B:844.726.4889Email Us", "B:Facebook 1,234 Twitter 5,678",
        "B:Comments (123) Shares (456)", "B:Like Weibo69961 and 12 more", "B:Call 800-555-1234 Email", "B:Email 2024.11.30",
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const char *lines[] = {
            "T:Lawmakers pass state budget",
            "H:Lawmakers pass state budget",
            HONEST_BODY,
            rows[r],
        };
        analyze(lines, sizeof lines / sizeof lines[0], true);
        assert_honest(rows[r]);
    }
}

Test(detect, share_bar_is_boilerplate_not_junk)
{
    static const char *const lines[] = {
        "T:Lawmakers pass state budget",
        "H:Lawmakers pass state budget",
        HONEST_BODY,
        "B:Share Facebook Twitter WhatsApp Email",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("share bar");
    cr_assert_not_null(find(SS_FLAG_BOILERPLATE, 4), "%s", dump());
}

Test(detect, off_topic_list_alone_is_boilerplate)
{
    /* An honest page with an off-topic list and no injected text: the list
     * is boilerplate for --clean, not spam evidence. */
    static const char *const lines[] = {
        "T:Lawmakers pass state budget",
        "H:Lawmakers pass state budget",
        HONEST_BODY,
        "W:Around the web",
        "I:Actor recalls first role on a daytime soap opera",
        "I:Sneaker collectors line up for limited release",
        "I:Pop duo announces reunion concert in the fall",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("off-topic list");
    cr_assert_not_null(find(SS_FLAG_BOILERPLATE, 4), "%s", dump());
}

Test(detect, empty_page_is_fine)
{
    static const char *const lines[] = {"T:", "P:One line only."};
    analyze(lines, 2, true);
    cr_assert_eq(ev.n, 0, "%s", dump());
}

/* ------------------------------------------------------------------ */
/* Through the whole library: generated scraped-text pages.            */

Test(detect, generated_text_pages_through_the_scorer)
{
    ss_config cfg;
    ss_config_default(&cfg);
    ss_scorer *sc = NULL;
    ss_ctx *ctx = NULL;
    cr_assert_eq(ss_scorer_create(&cfg, rules, NULL, &sc), SS_OK);
    cr_assert_eq(ss_ctx_create(sc, &ctx), SS_OK);
    for (unsigned iter = 0; iter < 20; iter++) {
        rng_state = 0xD1B54A32D192ED03ull + iter * 104729u;
        char b[64], city[32], state[32], site[64], sa[32], sb[32], head[32], pr[200];
        brand(b, sizeof b);
        word(city, sizeof city);
        word(state, sizeof state);
        word(site, sizeof site);
        word(sa, sizeof sa);
        word(sb, sizeof sb);
        word(head, sizeof head);
        promo(pr, sizeof pr);
        char items[4][160];
        for (int k = 0; k < 4; k++)
            offtopic(items[k], sizeof items[k]);
        char doc[4096];
        snprintf(doc, sizeof doc,
                 "Current:Home > News%s:Council approves river bridge repair after audit -%s Capital\n"
                 "%s:Council approves river bridge repair after audit\n"
                 "%s %s\n"
                 "Date:2025-03-02 09:15:00\n"
                 "%s,%s %s — The regional council approved a plan on Tuesday to repair the aging river bridge after an audit found the structure unsafe, officials said.\n"
                 "Council members said the bridge repair would begin in spring and last about two years, with detours planned for commuters and freight traffic along the river valley roads.\n"
                 "Engineers found cracked beams and corroded cables during the inspection, and the council voted to close one lane until the repair crews finish the first phase of the work.\n"
                 "TwitterveryGood! (%u)\n"
                 "%s\n- %s\n- %s\n- %s\n- %s\n- %s\n",
                 b, site, b, sa, sb, city, b, state, rnd(99999), head, items[0], items[1],
                 pr, items[2], items[3]);
        ss_doc_opts o = {.format = SS_FORMAT_TEXT, .want_clean = true};
        const ss_result *res = NULL;
        cr_assert_eq(ss_ctx_score(ctx, doc, strlen(doc), &o, &res), SS_OK, "%s",
                     ss_ctx_error(ctx));
        bool brand_title = false, brand_body = false, promo_flag = false, counter = false;
        for (size_t i = 0; i < res->n_flags; i++) {
            const ss_flag *f = &res->flags[i];
            if (f->kind == SS_FLAG_INJECTED_BRAND && strcmp(f->text, b) == 0) {
                brand_title |= f->where == SS_WHERE_TITLE;
                brand_body |= f->where == SS_WHERE_BODY;
            }
            promo_flag |= f->kind == SS_FLAG_PROMO_HEADLINE && strcmp(f->text, pr) == 0;
            counter |= f->kind == SS_FLAG_JUNK_WIDGET && strstr(f->text, "veryGood!");
        }
        cr_assert(brand_title && brand_body, "[%u] brand '%s' title=%d body=%d", iter, b,
                  brand_title, brand_body);
        cr_assert(promo_flag, "[%u] promo '%s'", iter, pr);
        cr_assert(counter, "[%u] like counter", iter);
        cr_assert_eq(res->verdict, SS_VERDICT_SPAM, "[%u] score %.3f", iter, res->score);
        char want[128];
        snprintf(want, sizeof want, "%s, %s — The regional council", city, state);
        cr_assert_not_null(res->clean_text);
        cr_assert(strncmp(res->clean_text, want, strlen(want)) == 0,
                  "[%u] clean text starts '%.80s', want '%s'", iter, res->clean_text, want);
        cr_assert_null(strstr(res->clean_text, b), "[%u] brand left in clean text", iter);
        cr_assert_null(strstr(res->clean_text, items[0]), "[%u] widget left", iter);
    }
    ss_ctx_free(ctx);
    ss_scorer_free(sc);
}

/* ------------------------------------------------------------------ */
/* More splice shapes, and their honest look-alikes.                   */

Test(detect, brand_without_title_prefix_found_by_dateline_glue)
{
    static const char *const lines[] = {
        "T:Work on the coastal highway runs over budget, state says | Shore Sentinel",
        "H:Work on the coastal highway runs over budget, state says",
        "P:Port Ellery,Quandrel Ventures Marisota — Drivers who use the coastal highway will face another year of lane closures after the state said the repair project had run over budget.",
        "P:The transportation department said the cost had risen by a third since the contract was signed, citing steel prices and a shortage of skilled workers.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert_str_eq(f->text, "Quandrel Ventures");
    cr_assert(strncmp(cut_block(f), "Port Ellery, Marisota — Drivers", 32) == 0, "got '%s'",
              cut_block(f));
}

Test(detect, brand_ending_in_function_word_and_two_word_state)
{
    static const char *const lines[] = {
        "T:Vorrimax One:Study finds grouse declining on the high slopes",
        "H:Vorrimax One:Study finds grouse declining on the high slopes",
        "P:Reno, Vorrimax One North Vessaria — A study by researchers at the state university found that grouse have declined on the high slopes for a decade.",
        "P:Vorrimax One The researchers counted birds at forty sites over ten years and found fewer nests each spring.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "Reno, North Vessaria — A study", 31) == 0, "got '%s'",
              cut_block(f));
    f = find(SS_FLAG_INJECTED_BRAND, 2);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(strncmp(cut_block(f), "The researchers counted", 23) == 0, "got '%s'",
              cut_block(f));
}

Test(detect, honest_inline_headings_and_hyphenated_titles)
{
    static const char *const lines[] = {
        "T:Coca-Cola to close bottling plant in the valley next spring",
        "H:Coca-Cola to close bottling plant in the valley next spring",
        "P:Riverton, Ohio — The company said on Monday that it would close its bottling plant next spring, cutting about 200 jobs in the valley.",
        "P:Finally The union said it would ask the state for help retraining workers who lose their jobs at the plant.",
        "P:Coca workers have been at the site since the 1960s, and many said they had expected the news for months.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Coca-Cola");
}

Test(detect, honest_title_with_field_label_and_breadcrumb)
{
    static const char *const lines[] = {
        "T:Current:Home > News",
        "H:County approves a wind farm on the ridge west of town",
        HONEST_BODY,
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Current:Home");
}

Test(detect, promo_without_colon_needs_more_promises)
{
    static const char *const lines[] = {
        "T:Lawmakers pass state budget",
        "H:Lawmakers pass state budget",
        HONEST_BODY,
        "W:Business",
        "I:Idris Vantermolen named chief strategist of the Quorvale Trading Society, promises 40% monthly returns",
        "I:Marguerite Olsen named chief executive of the regional arts council",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    cr_assert_not_null(find(SS_FLAG_PROMO_HEADLINE, 5), "%s", dump());
    cr_assert_null(find(SS_FLAG_PROMO_HEADLINE, 6), "real appointment news:%s", dump());
}

/* ------------------------------------------------------------------ */
/* Honest hard cases of issue 10                                       */

Test(detect, honest_site_section_prefix_repeated_in_the_text)
{
    static const char *const lines[] = {
        "T:Ask Slashdot: Value of Website Design Tools vs. Hand Coding?",
        "H:Ask Slashdot: Value of Website Design Tools vs. Hand Coding?",
        "P:Ask Slashdot:An anonymous reader writes that he has been building small websites for local businesses for years, mostly by hand in a text editor.",
        "P:A friend keeps saying that modern design tools would save hours every week; is there real value in them, or do they make pages that are hard to maintain?",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Ask Slashdot:");
}

Test(detect, honest_dated_archive_list)
{
    static const char *const lines[] = {
        "T:Market notes",
        "H:Market notes",
        "P:Weekly notes on the markets, written on Sunday evenings after reading the reports and the central bank minutes of the week.",
        "W:Archive",
        "I:2012-03-06: Capital Account Greek Exit, Stock Valuations, Guaranteed Returns Explained",
        "I:2012-02-28: Oil Prices, Housing Starts, Currency Swaps, Secret Strategies",
        "I:March 21, 2012: Bank Stress Tests, Gold, Pension Funds",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("dated archive");
    cr_assert(ss_text_is_dated_entry("2012-03-06: Capital Account", 27));
    cr_assert(ss_text_is_dated_entry("03/06/2012 - Notes", 18));
    cr_assert(ss_text_is_dated_entry("March 6, 2012: Notes", 20));
    cr_assert_not(ss_text_is_dated_entry("2012 was a year: notes", 22));
    cr_assert_not(ss_text_is_dated_entry("Nell Oyelaran: Appointed", 24));
}

Test(detect, honest_person_colon_headline_about_that_person)
{
    static const char *const lines[] = {
        "T:Marni Nixon: The secret voice of Hollywood",
        "H:Marni Nixon: The secret voice of Hollywood",
        "P:For decades audiences heard Marni Nixon without knowing it: she sang for the stars of the great musicals, and her name rarely appeared in the credits.",
        "P:Nixon trained as a classical soprano and sang in concert halls before the studios found how well she could match another actress's voice.",
        "W:More from the arts desk",
        "I:Marni Nixon: The secret voice of Hollywood",
        "I:An orchestra rebuilds its home after the flood",
        "I:The painter who spent ten years on one canvas",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    assert_honest("Marni Nixon:");
}

Test(detect, promo_borrowing_a_name_the_article_quotes_is_still_promo)
{
    static const char *const lines[] = {
        "T:Arrests made after months-long investigation into shoplifting",
        "H:Arrests made after months-long investigation into shoplifting",
        "P:\"These were not random crimes of opportunity,\" said Zelda Urquhart, a detective with the property crimes unit, on Tuesday.",
        "P:Stores in three counties had reported losses since the spring, and detectives said more arrests were likely.",
        "W:Recommended",
        "I:Zelda Urquhart: From zero to $2 million with the 9950 method, certain and secure gains!",
        "I:Library extends weekend opening hours",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    cr_assert_not_null(find(SS_FLAG_PROMO_HEADLINE, SS_NONE), "%s", dump());
}

/* ------------------------------------------------------------------ */
/* The span stage                                                      */

/* The title, headline and two paragraphs of an ordinary article, the
 * page the list-item tests hang their lists under. */
#define COUNCIL_ARTICLE                                                                        \
    "T:Council approves harbour budget", "H:Council approves harbour budget",                  \
        "P:The council approved the harbour budget on Monday after a long debate about "       \
        "dredging and ferry fares in the old port.",                                           \
        "P:Members said the ferry fares would stay the same next year, and the dredging would " \
        "start in the spring if the weather allows it."

/* The finding of kind k with text t, or NULL. */
static const ss_finding *
finding_text(ss_flag_kind k, const char *t)
{
    for (size_t i = 0; i < ev.n; i++)
        if (ev.items[i].kind == k && ev.items[i].text && strcmp(ev.items[i].text, t) == 0)
            return &ev.items[i];
    return NULL;
}

/* The candidate with text t, or NULL. */
static ss_span_cand *
cand(const char *t)
{
    for (size_t i = 0; i < ev.n_cands; i++)
        if (strcmp(ev.cands[i].text, t) == 0)
            return &ev.cands[i];
    return NULL;
}

/* A page with body-only brands in five shapes and an honest name. */
static const char *const body_only[] = {
    "T:Harbor district opens a new ferry terminal",
    "H:Harbor district opens a new ferry terminal",
    "P:The harbor district opened its new ferry terminal on Saturday in Port Alder,Zuvrenta Hollow Maine after two years of building work and delays.",
    "P:Officials said the terminalQuolbrix Media would cut waiting times in half, and the first boats left on time with every seat taken by commuters.",
    "P:Dravelle Post: The old terminal will be torn down next year, and the district said the land would become a park with a playground and benches.",
    "L:Nestorvy Daily",
    "P:Mayor Ana Ruiz said the terminal was the biggest project of her term, and Ruiz thanked the workers who finished it in the winter Pemblore.",
    "P:Commuters said the boats were cleaner and faster, although some asked the district to add an evening service for the late shift workers.",
};

Test(detect, span_candidates_carry_shapes_and_clean_spans)
{
    analyze(body_only, sizeof body_only / sizeof body_only[0], false);
    cr_assert_null(find(SS_FLAG_INJECTED_BRAND, 1), "no detector takes it today:%s", dump());
    ss_span_cand *c = cand("Zuvrenta Hollow");
    cr_assert_not_null(c, "after a comma without a space");
    cr_assert_eq(c->x[SS_SPAN_AFTER_COMMA], 1.0 / 3.0);
    cr_assert_eq(c->x[SS_SPAN_HAND], SS_SPAN_HAND_REJECTED);
    cr_assert_eq(c->x[SS_SPAN_BIAS], 1.0);
    cr_assert_eq(c->x[SS_SPAN_SOLO], 1.0);
    cr_assert_eq(c->x[SS_SPAN_WORDS], 0.5);
    cr_assert_eq(c->n_occ, 1);
    cr_assert_neq(c->seam[SS_SEAM_BRIDGE], 0, "'Alder,' + 'Maine' make a bigram");
    c = cand("Quolbrix Media");
    cr_assert_not_null(c, "glued to the previous word");
    cr_assert(c->has_finding, "the brand detector takes this one");
    cr_assert_gt(c->x[SS_SPAN_HAND], 0);
    cr_assert_gt(c->x[SS_SPAN_GLUED_BEFORE], 0);
    cr_assert_eq(c->x[SS_SPAN_STOP_NEXT], 1.0, "'would' follows");
    c = cand("Dravelle Post");
    cr_assert_not_null(c, "opening a paragraph with a colon");
    cr_assert_gt(c->x[SS_SPAN_PARA_COLON], 0);
    cr_assert_eq(c->occ[0].start, 0);
    cr_assert_str_eq(hp_cut(&arena, page.blocks[c->occ[0].block].text, c->occ[0].start,
                            c->occ[0].end), "The old terminal will be torn down next year, and the district said the land would become a park with a playground and benches.");
    c = cand("Pemblore");
    cr_assert_not_null(c, "closing a sentence");
    cr_assert_gt(c->x[SS_SPAN_SENTENCE_END], 0);
    const char *cut = hp_cut(&arena, page.blocks[c->occ[0].block].text, c->occ[0].start, c->occ[0].end);
    cr_assert(strstr(cut, "in the winter."), "got '%s'", cut);
    c = cand("Ana Ruiz");
    cr_assert_null(c, "a name after 'Mayor' is in no splice shape");
    c = cand("Nestorvy Daily");
    cr_assert_null(c, "a short line that is not a heading is not a caption");
}

/* A paragraph with inline code (SS_BLK_CODE) is no place for a splice:
 * its camel-case names are code ("useLayoutEffect"), and no injector
 * writes into code. The same paragraph without the flag gives the
 * glued candidate. */
Test(detect, span_skips_paragraphs_with_inline_code)
{
    static const char *const lines[] = {
        "T:Effects that run before paint",
        "H:Effects that run before paint",
        "P:Most effects should use the plain hook, and only a few need the one that runs before the browser paints anything.",
        "P:Call useLayoutEffect Hook only when you measure the layout, since it blocks the paint until the effect has run.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    ss_span_cand *c = cand("LayoutEffect Hook");
    cr_assert_not_null(c, "glued to 'use' in plain text");
    cr_assert_not(c->has_finding, "%s", dump());
    ss_arena_reset(&arena);
    cr_assert(hp_build(&arena, lines, sizeof lines / sizeof lines[0], SS_FORMAT_HTML, &page));
    page.blocks[2].flags |= SS_BLK_CODE; /* the second paragraph (T: makes no block) */
    ss_evidence_init(&ev, &arena);
    cr_assert_eq(ss_detect_run(&page, &ev, &arena), SS_OK);
    cr_assert_null(cand("LayoutEffect Hook"), "inline code");
}

/* The title-only feature of the candidate "Quorvane Weekly" of a page
 * whose <title> is "Quorvane Weekly: Storm knocks out power to thousands"
 * and whose headline and og:title are the ones given (NULL: none). */
static double
title_only_of(const char *headline,
              const char *og)
{
    const char *lines[4] = {"T:Quorvane Weekly: Storm knocks out power to thousands"};
    size_t n = 1;
    if (og)
        lines[n++] = og;
    lines[n++] = headline;
    lines[n++] = "P:The storm knocked out power to thousands of homes overnight, utility crews said on Sunday morning in the valley.";
    analyze(lines, n, false);
    ss_span_cand *c = cand("Quorvane Weekly");
    cr_assert_not_null(c, "%s", dump());
    cr_assert_eq(c->x[SS_SPAN_TITLE_PREFIX], 1.0);
    return c->x[SS_SPAN_TITLE_ONLY];
}

/* title-only: the prefix of <title> that neither the headline nor
 * og:title carries is how a site names itself; a prefix the headline
 * or og:title carries too is not title-only. */
Test(detect, span_title_only_prefix)
{
    cr_assert_eq(title_only_of("H:Storm knocks out power to thousands", NULL), 1.0);
    cr_assert_eq(title_only_of("H:Quorvane Weekly: Storm knocks out power to thousands", NULL), 0.0,
                 "the headline carries it too");
    cr_assert_eq(title_only_of("H:Storm knocks out power to thousands",
                               "O:Quorvane Weekly: Storm knocks out power to thousands"),
                 0.0, "og:title carries it too");
}

/* The own-notice feature of the title prefix "Quorvane Weekly" of a page
 * that ends with the line footer (NULL: none). */
static double
own_notice_of(const char *footer)
{
    const char *lines[4] = {
        "T:Quorvane Weekly: Storm knocks out power to thousands",
        "H:Storm knocks out power to thousands",
        "P:The storm knocked out power to thousands of homes overnight, utility crews said on Sunday morning in the valley.",
    };
    size_t n = 3;
    if (footer)
        lines[n++] = footer;
    analyze(lines, n, false);
    ss_span_cand *c = cand("Quorvane Weekly");
    cr_assert_not_null(c, "%s", dump());
    return c->x[SS_SPAN_OWN_NOTICE];
}

/* own-notice: a title prefix that the page's copyright line names is the
 * site's own; a copyright line of another name, or a line naming it with
 * no notice, is not. */
Test(detect, span_own_notice)
{
    cr_assert_eq(own_notice_of(NULL), 0.0);
    cr_assert_eq(own_notice_of("P:\xc2\xa9 2008 Quorvane Weekly"), 1.0);
    cr_assert_eq(own_notice_of("P:Copyright QuorvaneWeekly. All rights reserved."), 1.0,
                 "compared without spaces and case");
    cr_assert_eq(own_notice_of("P:Copyright 2008 Northwind Media. All rights reserved."), 0.0);
    cr_assert_eq(own_notice_of("P:Subscribe to Quorvane Weekly today"), 0.0, "no notice");
}

/* syntax-break: a phrase closing a sentence after a word that is no
 * function word, or opening a paragraph before a capitalised function
 * word, breaks the sentence; a name after "to" or before a lower-case
 * word does not. */
Test(detect, span_syntax_break)
{
    static const char *const lines[] = {
        "T:Storm knocks out power to thousands",
        "H:Storm knocks out power to thousands",
        "P:Crews said the old terminal would close for repairs in the winter Pemblore. The district said the land would become a park.",
        "P:The utility sent the bill for the repairs of the line to Marvessa. Crews expect to restore most service by Monday evening.",
        "P:Tolvrand The judge said the storm knocked out power to thousands of homes overnight in the valley.",
        "P:Quenby Harlow said the storm knocked out power to thousands of homes overnight in the valley.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    ss_span_cand *c = cand("Pemblore");
    cr_assert_not_null(c, "%s", dump());
    cr_assert_gt(c->x[SS_SPAN_SYNTAX_BREAK], 0, "'winter' is no function word");
    c = cand("Marvessa");
    cr_assert_not_null(c, "%s", dump());
    cr_assert_gt(c->x[SS_SPAN_SENTENCE_END], 0);
    cr_assert_eq(c->x[SS_SPAN_SYNTAX_BREAK], 0, "a name after 'to'");
    c = cand("Tolvrand");
    cr_assert_not_null(c, "%s", dump());
    cr_assert_gt(c->x[SS_SPAN_SYNTAX_BREAK], 0, "'The' follows");
    c = cand("Quenby Harlow");
    cr_assert(!c || c->x[SS_SPAN_SYNTAX_BREAK] == 0, "'said' follows");
}

/* Weights for the injected-brand kind: default, then `extra` on feature f. */
static void
weights_with(ss_span_weights *w, unsigned f, double extra, double cutoff)
{
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        ss_span_weights_default(&w[k]);
    w[SS_FLAG_INJECTED_BRAND].fitted = true;
    w[SS_FLAG_INJECTED_BRAND].w[f] += extra;
    w[SS_FLAG_INJECTED_BRAND].cutoff = cutoff;
}

Test(detect, span_default_weights_reproduce_the_hand_set_scores)
{
    static const char *const lines[] = {
        "T:Brivanta Markets:Storm knocks out power to thousands",
        "H:Brivanta Markets:Storm knocks out power to thousands",
        "P:Brivanta Markets:The storm knocked out power to thousands of homes overnight, utility crews said on Sunday morning.",
        "P:Crews expected to restore most service by Monday evening, the utility said in a statement, and the officialsZorvanta Ledger agreed.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    size_t n = ev.n;
    double score[64];
    for (size_t i = 0; i < n && i < 64; i++)
        score[i] = ev.items[i].score;
    cr_assert_gt(count(SS_FLAG_INJECTED_BRAND), 0, "%s", dump());
    ss_span_cand *c = cand("Brivanta Markets");
    cr_assert_not_null(c);
    cr_assert(c->has_finding);
    cr_assert_gt(c->x[SS_SPAN_HAND], 0);
    cr_assert_eq(c->x[SS_SPAN_TITLE_PREFIX], 1.0);
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_BIAS, 0, SS_SPAN_DEFAULT_CUTOFF);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    cr_assert_eq(ev.n, n, "nothing added, nothing withdrawn:%s", dump());
    for (size_t i = 0; i < n; i++)
        cr_assert_float_eq(ev.items[i].score, score[i], 1e-9);
    /* Not fitted: not even decided. */
    ss_span_weights_default(&w[SS_FLAG_INJECTED_BRAND]);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    cr_assert_eq(ev.n, n);
}

Test(detect, span_learned_weights_add_body_only_brands_with_reasons)
{
    analyze(body_only, sizeof body_only / sizeof body_only[0], false);
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_AFTER_COMMA, 30.0, 0.9);
    w[SS_FLAG_INJECTED_BRAND].w[SS_SPAN_BIAS] = 0;
    cr_assert_not_null(find(SS_FLAG_INJECTED_BRAND, 2), "the detector's 'Quolbrix Media'");
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    /* The weights decide both ways: the glued brand (hand score 0.72 <
     * 0.9) is withdrawn, the phrase after the comma added. */
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 1, "%s", dump());
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert_str_eq(f->text, "Zuvrenta Hollow");
    cr_assert_eq(f->where, SS_WHERE_BODY);
    cr_assert_gt(f->score, 0.9);
    cr_assert(strstr(cut_block(f), "in Port Alder, Maine after"), "got '%s'", cut_block(f));
    cr_assert_str_eq(f->reasons[0], "brand-after-comma-without-space");
    cr_assert(strcmp(f->reasons[1], "span 1.00: after-comma +10.0") == 0, "got '%s'", f->reasons[1]);
}

Test(detect, span_weights_withdraw_a_detector_finding_below_the_cutoff)
{
    static const char *const lines[] = {
        "T:Brivanta Markets:Storm knocks out power to thousands",
        "H:Brivanta Markets:Storm knocks out power to thousands",
        "P:Brivanta Markets:The storm knocked out power to thousands of homes overnight, utility crews said on Sunday morning.",
        "P:Crews expected to restore most service by Monday evening, the utility said in a statement.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    cr_assert_gt(count(SS_FLAG_INJECTED_BRAND), 0);
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_TITLE_PREFIX, -40.0, 0.5);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 0, "%s", dump());
}

/* The page score of body_only with the learned brand stage at cut-off
 * cut and flag cut-off flag_cut, under a combiner that counts brand
 * findings (bias -4, brand +6): the page is ham unless a brand finding
 * counts (or raises the floor). */
static double
body_only_score(double cut,
                double flag_cut)
{
    analyze(body_only, sizeof body_only / sizeof body_only[0], false);
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_AFTER_COMMA, 30.0, cut);
    w[SS_FLAG_INJECTED_BRAND].w[SS_SPAN_BIAS] = 0;
    w[SS_FLAG_INJECTED_BRAND].flag_cutoff = flag_cut;
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    ss_evidence_features(&ev, 0.5, 0.5, 0);
    double cw[SS_FEAT_COUNT] = {[SS_FEAT_BIAS] = -4.0, [SS_FEAT_BRAND] = 6.0,
                                [SS_FEAT_ANY_INJECTION] = 2.0};
    return ss_page_score(cw, ev.feat, ev.floor);
}

/* "Zuvrenta Hollow" scores about sigmoid(-4 + 10) = 0.9975 (the hand-set
 * logit of a rejected candidate, after-comma 1/3 x 30). Between the flag
 * cut-off (0.9) and the cut-off (0.9999) it is reported and cut like any
 * finding, but the page scores as if it were not there; at a cut-off of
 * 0.9 the same finding makes the page spam. */
Test(detect, span_between_the_cutoffs_is_flagged_but_not_scored)
{
    double none = body_only_score(0.9999, 0);
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 0, "%s", dump());
    double band = body_only_score(0.9999, 0.9);
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 1, "the glued brand (0.72) is withdrawn:%s", dump());
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert_str_eq(f->text, "Zuvrenta Hollow");
    cr_assert(f->flag_only);
    cr_assert(f->score > 0.9 && f->score < 0.9999, "%g", f->score);
    cr_assert_str_eq(f->reasons[0], "brand-after-comma-without-space");
    cr_assert(strstr(cut_block(f), "in Port Alder, Maine after"), "got '%s'", cut_block(f));
    cr_assert_eq(ev.feat[SS_FEAT_BRAND], 0.0);
    cr_assert_eq(ev.feat[SS_FEAT_N_BRAND_SPLICES], 0.0);
    cr_assert_eq(band, none, "the page score does not move");
    cr_assert_lt(band, 0.1);
    double scored = body_only_score(0.9, 0);
    f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert_not(f->flag_only);
    cr_assert_gt(scored, 0.9, "a scored finding makes the page spam: %g", scored);
}

/* Honest counts for the seam test: only the bigram "alder maine". */
static uint32_t
seam_counts(const void *ud, uint64_t hash)
{
    (void)ud;
    return hash == ss_token_hash("alder maine", 11) ? 99 : 0;
}

Test(detect, span_seam_statistics_come_from_honest_counts)
{
    analyze(body_only, sizeof body_only / sizeof body_only[0], false);
    ss_span_cand *c = cand("Zuvrenta Hollow");
    cr_assert_not_null(c);
    ss_span_seam_features(c, seam_counts, NULL, 99);
    cr_assert_float_eq(c->x[SS_SPAN_SEAM_BRIDGE], 1.0, 1e-12, "the cut-out text is an honest bigram");
    cr_assert_eq(c->x[SS_SPAN_SEAM_LEFT], 0.0);
    cr_assert_eq(c->x[SS_SPAN_KNOWN_WORDS], 0.0);
    cr_assert_eq(c->x[SS_SPAN_UNKNOWN_WORD], 1.0, "no honest document has 'zuvrenta'");
    c = cand("Quolbrix Media");
    cr_assert_not_null(c);
    ss_span_seam_features(c, seam_counts, NULL, 99);
    cr_assert_eq(c->x[SS_SPAN_SEAM_BRIDGE], 0.0);
}

/* Honest counts that know every word but "quolbrix". */
static uint32_t
all_but_one(const void *ud, uint64_t hash)
{
    (void)ud;
    return hash == ss_token_hash("quolbrix", 8) ? 0 : 5;
}

/* Honest counts that know every word. */
static uint32_t
all_known(const void *ud, uint64_t hash)
{
    (void)ud;
    (void)hash;
    return 5;
}

Test(detect, span_unknown_word_is_a_word_no_honest_document_has)
{
    analyze(body_only, sizeof body_only / sizeof body_only[0], false);
    ss_span_cand *c = cand("Quolbrix Media");
    cr_assert_not_null(c);
    ss_span_seam_features(c, all_but_one, NULL, 99);
    cr_assert_eq(c->x[SS_SPAN_UNKNOWN_WORD], 1.0);
    ss_span_seam_features(c, all_known, NULL, 99);
    cr_assert_eq(c->x[SS_SPAN_UNKNOWN_WORD], 0.0);
    /* Without honest counts (a model with no honest documents) nothing is
     * unknown. */
    ss_span_seam_features(c, NULL, NULL, 0);
    cr_assert_eq(c->x[SS_SPAN_UNKNOWN_WORD], 0.0);
}

/* ------------------------------------------------------------------ */
/* Promotional headlines as a learned span kind                        */

/* An article with a list of other stories: two promotional headlines in
 * new shapes (a get-rich story, a secret revealed) among honest items. */
static const char *const promo_list[] = {
    "T:Library extends its weekend opening hours",
    "H:Library extends its weekend opening hours",
    "P:The city library will open on Sundays from next month, the council said on Tuesday, after readers asked for more time to study and borrow books.",
    "P:Staff will work in shifts and the reading rooms will stay open until six in the evening, the head librarian said in a statement to residents.",
    "W:Around the web",
    "I:How I turned $500 into a fortune with one secret system!",
    "I:The orchard that grows forty kinds of apple",
    "I:Bankers HATE this safe trick that doubles your savings",
    "I:A village choir sings at the harbour festival",
};

/* The promo candidate of block text t, or NULL. */
static ss_span_cand *
promo_cand(const char *t)
{
    for (size_t i = 0; i < ev.n_cands; i++)
        if (ev.cands[i].kind == SS_FLAG_PROMO_HEADLINE && strcmp(ev.cands[i].text, t) == 0)
            return &ev.cands[i];
    return NULL;
}

Test(detect, promo_candidates_are_list_items_with_promo_features)
{
    analyze(promo_list, sizeof promo_list / sizeof promo_list[0], false);
    ss_span_cand *c = promo_cand("How I turned $500 into a fortune with one secret system!");
    cr_assert_not_null(c);
    cr_assert_eq(c->n_occ, 1);
    cr_assert_eq(c->occ[0].start, 0);
    cr_assert_eq(c->occ[0].end, c->len, "the whole line");
    cr_assert_eq(c->x[SS_SPAN_BIAS], 1.0);
    cr_assert_eq(c->x[SS_SPAN_LIST_ITEM], 1.0);
    cr_assert_eq(c->x[SS_SPAN_FIRST_PERSON], 1.0);
    cr_assert_eq(c->x[SS_SPAN_MONEY], 1.0);
    cr_assert_eq(c->x[SS_SPAN_EXCLAIM], 1.0);
    cr_assert_gt(c->x[SS_SPAN_PROMISE], 0.0, "'secret', 'fortune'");
    cr_assert_eq(c->x[SS_SPAN_ITEM_WORDS], 11.0 / 12.0);
    cr_assert_eq(c->x[SS_SPAN_BLOCK_NB], 0.0, "filled after naive Bayes");
    c = promo_cand("Bankers HATE this safe trick that doubles your savings");
    cr_assert_not_null(c);
    cr_assert_eq(c->x[SS_SPAN_ALL_CAPS], 1.0);
    cr_assert_eq(c->x[SS_SPAN_FIRST_PERSON], 0.0);
    c = promo_cand("The orchard that grows forty kinds of apple");
    cr_assert_not_null(c, "honest items are candidates too");
    cr_assert_eq(c->x[SS_SPAN_MONEY], 0.0);
    cr_assert_eq(c->x[SS_SPAN_EXCLAIM], 0.0);
    cr_assert_eq(c->x[SS_SPAN_PROMISE], 0.0);
    cr_assert_eq(c->x[SS_SPAN_HAND], SS_SPAN_HAND_REJECTED);
    cr_assert_null(promo_cand("Library extends its weekend opening hours"), "the headline");
    cr_assert_null(promo_cand(promo_list[2] + 2), "article text");
    ss_span_set_block_prob(&ev, c->occ[0].block, 0.5, 0.0, 0.0);
    cr_assert_float_eq(c->x[SS_SPAN_BLOCK_NB], 0.0, 1e-12);
    cr_assert_float_eq(c->x[SS_SPAN_LINE_ODDS], 0.0, 1e-12);
    ss_span_set_block_prob(&ev, c->occ[0].block, 0.99, 9.0, 0.0);
    cr_assert_float_eq(c->x[SS_SPAN_BLOCK_NB], log(99.0), 1e-9);
    cr_assert_float_eq(c->x[SS_SPAN_LINE_ODDS], 1.5, 1e-12);
}

Test(detect, promo_name_colon_candidate_keeps_the_detector_score)
{
    static const char *const lines[] = {
        "T:Arrests made after months-long investigation into shoplifting",
        "H:Arrests made after months-long investigation into shoplifting",
        "P:Stores in three counties had reported losses since the spring, and detectives said more arrests were likely to follow soon.",
        "P:The detectives thanked shop owners for the recordings that helped them find the group, and asked for more of them.",
        "W:Recommended",
        "I:Zelda Urquhart: From zero to $2 million with the 9950 method, certain and secure gains!",
        "I:Library extends weekend opening hours",
    };
    analyze(lines, sizeof lines / sizeof lines[0], true);
    const ss_finding *f = find(SS_FLAG_PROMO_HEADLINE, SS_NONE);
    cr_assert_not_null(f, "%s", dump());
    ss_span_cand *c = promo_cand(f->text);
    cr_assert_not_null(c);
    cr_assert(c->has_finding);
    cr_assert_eq(f->cand, (uint32_t)(c - ev.cands) + 1);
    cr_assert_gt(c->x[SS_SPAN_HAND], 0.0);
    cr_assert_eq(c->x[SS_SPAN_NAME_COLON], 1.0);
    /* Default weights, and weights not fitted: nothing changes, early or
     * late. */
    size_t n = ev.n;
    double score = f->score;
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        ss_span_weights_default(&w[k]);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    cr_assert_eq(ss_span_decide_late(&page, &ev, &arena, w), SS_OK);
    cr_assert_eq(ev.n, n);
    cr_assert_float_eq(find(SS_FLAG_PROMO_HEADLINE, SS_NONE)->score, score, 1e-12);
    /* Fitted promo weights are left alone by the early decision. */
    w[SS_FLAG_PROMO_HEADLINE].fitted = true;
    w[SS_FLAG_PROMO_HEADLINE].w[SS_SPAN_HAND] = 0;
    w[SS_FLAG_PROMO_HEADLINE].w[SS_SPAN_BIAS] = -10;
    w[SS_FLAG_PROMO_HEADLINE].cutoff = 0.5;
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    cr_assert_not_null(find(SS_FLAG_PROMO_HEADLINE, SS_NONE));
    /* The late one withdraws it. */
    cr_assert_eq(ss_span_decide_late(&page, &ev, &arena, w), SS_OK);
    cr_assert_null(find(SS_FLAG_PROMO_HEADLINE, SS_NONE), "%s", dump());
}

Test(detect, promo_learned_weights_flag_new_shapes_with_reasons)
{
    analyze(promo_list, sizeof promo_list / sizeof promo_list[0], false);
    cr_assert_eq(count(SS_FLAG_PROMO_HEADLINE), 1, "the hand rules take the story only:%s", dump());
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        ss_span_weights_default(&w[k]);
    ss_span_weights *pw = &w[SS_FLAG_PROMO_HEADLINE];
    pw->fitted = true;
    pw->w[SS_SPAN_HAND] = 0;
    pw->w[SS_SPAN_BIAS] = -3;
    pw->w[SS_SPAN_PROMISE] = 2;
    pw->w[SS_SPAN_MONEY] = 2;
    pw->w[SS_SPAN_BLOCK_NB] = 2;
    pw->cutoff = 0.9;
    /* Block naive Bayes as the scorer would give it. */
    for (size_t i = 0; i < ev.n_cands; i++)
        if (ev.cands[i].kind == SS_FLAG_PROMO_HEADLINE)
            ss_span_set_block_prob(&ev, ev.cands[i].occ[0].block,
                                   strstr(ev.cands[i].text, "orchard") ||
                                   strstr(ev.cands[i].text, "choir") ? 0.2 : 0.95, 0.0, 0.0);
    cr_assert_eq(ss_span_decide_late(&page, &ev, &arena, pw - SS_FLAG_PROMO_HEADLINE), SS_OK);
    cr_assert_eq(count(SS_FLAG_PROMO_HEADLINE), 2, "%s", dump());
    const ss_finding *f = NULL;
    for (size_t i = 0; i < ev.n; i++)
        if (ev.items[i].kind == SS_FLAG_PROMO_HEADLINE && strstr(ev.items[i].text, "Bankers"))
            f = &ev.items[i];
    cr_assert_not_null(f, "%s", dump());
    cr_assert_str_eq(f->text, "Bankers HATE this safe trick that doubles your savings");
    cr_assert_eq(f->where, SS_WHERE_WIDGET);
    cr_assert(f->drop_block, "--clean drops the item");
    cr_assert_eq(f->n_blocks, 1);
    cr_assert_gt(f->score, 0.9);
    cr_assert_str_eq(f->reasons[0], "promo-headline-learned");
    cr_assert(strncmp(f->reasons[1], "span 0.9", 8) == 0 && strstr(f->reasons[1], "block-nb +"),
              "got '%s'", f->reasons[1]);
    /* The detector's finding keeps its reasons and takes p. */
    f = find(SS_FLAG_PROMO_HEADLINE, 4);
    cr_assert_not_null(f, "%s", dump());
    cr_assert_str_eq(f->reasons[0], "promo-promise-in-list");
    cr_assert_gt(f->score, 0.9);
    bool span = false;
    for (unsigned r = 0; r < f->n_reasons; r++)
        span |= strstr(f->reasons[r], "money +2.0") != NULL;
    cr_assert(span, "the decisive features are a reason");
    for (size_t i = 0; i < ev.n; i++)
        cr_assert(!strstr(ev.items[i].text, "orchard") && !strstr(ev.items[i].text, "choir"),
                  "%s", dump());
}

Test(detect, span_glued_title_separators_make_candidates_and_features)
{
    static const char *const lines[] = {
        "T:Council approves harbour budget, says new report-Quorvex Gate",
        "H:Council approves harbour budget",
        "P:The council approved the harbour budget on Monday after a long debate about dredging and ferry fares in the old port.",
        "P:Source:Zembla Wire",
        "P:Members said the ferry fares would stay the same next year, and the dredging would start in the spring if the weather allows it.",
    };
    ss_arena_reset(&arena);
    cr_assert(hp_build(&arena, lines, sizeof lines / sizeof lines[0], SS_FORMAT_HTML, &page));
    ss_evidence_init(&ev, &arena);
    cr_assert_eq(ss_detect_run(&page, &ev, &arena), SS_OK);
    ss_span_cand *c = cand("Quorvex Gate");
    cr_assert_not_null(c, "a suffix behind a glued hyphen is a candidate");
    cr_assert_eq(c->title_pos, SS_TITLE_SUFFIX);
    cr_assert_eq(c->x[SS_SPAN_GLUED_SEP], 1.0);
    cr_assert_eq(c->x[SS_SPAN_COLON_GLUED], 0.0);
    ss_span_cand *z = cand("Zembla Wire");
    cr_assert_not_null(z, "the source line is a candidate");
    cr_assert_eq(z->x[SS_SPAN_COLON_GLUED], 1.0, "glued to its colon");
    /* An honest compound is not a separator: "state-run" has no capital. */
    static const char *const honest[] = {
        "T:Council approves budget for the state-run ferry",
        "H:Council approves budget for the state-run ferry",
        "P:The council approved the harbour budget on Monday after a long debate about dredging and ferry fares in the old port.",
    };
    ss_arena_reset(&arena);
    cr_assert(hp_build(&arena, honest, sizeof honest / sizeof honest[0], SS_FORMAT_HTML, &page));
    ss_evidence_init(&ev, &arena);
    cr_assert_eq(ss_detect_run(&page, &ev, &arena), SS_OK);
    for (size_t i = 0; i < ev.n_cands; i++)
        cr_assert_eq(ev.cands[i].title_pos & SS_TITLE_SUFFIX, 0, "%s", ev.cands[i].text);
}

Test(detect, span_title_prefix_and_suffix_are_candidates_with_site_features)
{
    static const char *const lines[] = {
        "T:Quorvex Capital - Council approves harbour budget | TheStar.com",
        "H:Council approves harbour budget",
        "P:The council approved the harbour budget on Monday after a long debate about dredging and ferry fares in the old port.",
        "P:Members said the ferry fares would stay the same next year, and the dredging would start in the spring if the weather allows it.",
        "L:Copyright TheStar.com",
    };
    ss_arena_reset(&arena);
    cr_assert(hp_build(&arena, lines, sizeof lines / sizeof lines[0], SS_FORMAT_HTML, &page));
    page.meta.canonical = "https://www.thestar.com/news/harbour.html";
    ss_evidence_init(&ev, &arena);
    cr_assert_eq(ss_detect_run(&page, &ev, &arena), SS_OK);
    ss_span_cand *c = cand("Quorvex Capital");
    cr_assert_not_null(c, "the title prefix is a candidate");
    cr_assert_eq(c->title_pos, SS_TITLE_PREFIX);
    cr_assert_eq(c->x[SS_SPAN_TITLE_PREFIX], 1.0);
    cr_assert_eq(c->x[SS_SPAN_SITE_MATCH], 0.0);
    cr_assert_eq(c->x[SS_SPAN_DOMAIN], 0.0);
    cr_assert_float_eq(c->x[SS_SPAN_PLACES], 1.0 / 3.0, 1e-9, "one place: the title");
    ss_span_cand *s = cand("TheStar.com");
    cr_assert_not_null(s, "the title suffix is a candidate");
    cr_assert_eq(s->title_pos, SS_TITLE_SUFFIX);
    cr_assert_eq(s->x[SS_SPAN_TITLE_SUFFIX], 1.0);
    cr_assert_eq(s->x[SS_SPAN_SITE_MATCH], 1.0, "the canonical host is thestar.com");
    cr_assert_eq(s->x[SS_SPAN_DOMAIN], 1.0);
    cr_assert_gt(s->x[SS_SPAN_NORMAL_USES], 0, "the footer names it");
    /* Learned weights that take title prefixes cut the prefix out of the
     * title, and leave the site's own suffix. */
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_TITLE_PREFIX, 10.0, 0.9);
    w[SS_FLAG_INJECTED_BRAND].w[SS_SPAN_SITE_MATCH] = -20.0;
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, SS_TARGET_TITLE);
    cr_assert_not_null(f, "%s", dump());
    cr_assert_str_eq(f->text, "Quorvex Capital");
    cr_assert_eq(f->where, SS_WHERE_TITLE);
    cr_assert_str_eq(hp_cut(&arena, page.title, f->start, f->end),
                     "Council approves harbour budget | TheStar.com");
    cr_assert_str_eq(f->reasons[0], "title-prefix");
    for (size_t i = 0; i < ev.n; i++)
        cr_assert(!ev.items[i].text || strcmp(ev.items[i].text, "TheStar.com") != 0,
                  "the site's own name stays:%s", dump());
}

Test(detect, span_byline_lines_are_candidates_that_drop_their_line)
{
    static const char *const lines[] = {
        "T:Council approves harbour budget",
        "H:Council approves harbour budget",
        "L:By Jane Ortiz, Quorvex Ledger",
        "P:The council approved the harbour budget on Monday after a long debate about dredging and ferry fares in the old port.",
        "P:Members said the ferry fares would stay the same next year, and the dredging would start in the spring if the weather allows it.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    /* not shaped like a company (byline.c flags 'Quorvex Capital' here
     * itself): the span stage alone decides */
    cr_assert_eq(count(SS_FLAG_INJECTED_BRAND), 0, "%s", dump());
    ss_span_cand *c = cand("Quorvex Ledger");
    cr_assert_not_null(c, "the publication of a 'By Name, X' line");
    cr_assert_gt(c->x[SS_SPAN_BYLINE], 0);
    cr_assert_eq(c->n_occ, 1);
    cr_assert_float_eq(c->x[SS_SPAN_PLACES], 1.0 / 3.0, 1e-9);
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_BYLINE, 30.0, 0.9);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    const ss_finding *f = find(SS_FLAG_INJECTED_BRAND, 1);
    cr_assert_not_null(f, "%s", dump());
    cr_assert(f->drop_block, "the byline line goes");
    cr_assert_str_eq(f->reasons[0], "brand-byline-line");
}

Test(detect, span_places_count_the_kinds_of_injected_place)
{
    static const char *const lines[] = {
        "T:Quorvex Capital: Council approves harbour budget",
        "H:Quorvex Capital: Council approves harbour budget",
        "L:By Jane Ortiz, Quorvex Capital",
        "P:Quorvex Capital The council approved the harbour budget on Monday after a long debate about dredging and ferry fares.",
        "P:Members said the ferry fares would stay the same next year, and the dredging would start in the spring if the weather allows it.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    ss_span_cand *c = cand("Quorvex Capital");
    cr_assert_not_null(c);
    cr_assert_eq(c->x[SS_SPAN_PLACES], 1.0, "title, byline line and paragraph opening");
}

Test(detect, span_list_item_prefixes_are_candidates)
{
    static const char *const lines[] = {
        COUNCIL_ARTICLE,
        "W:Recommended",
        "I:Quorvex Capital: The most perfect strategy in history, stable and safe!",
        "I:Ferry timetable for the winter season",
        "I:how to: fix a bike",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    ss_span_cand *c = cand("Quorvex Capital");
    cr_assert_not_null(c, "the item's 'X: ' prefix");
    cr_assert_eq(c->x[SS_SPAN_ITEM_PREFIX], 1.0 / 3.0);
    cr_assert_null(cand("how to"), "not capitalised");
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_ITEM_PREFIX, 30.0, 0.9);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    const ss_finding *f = finding_text(SS_FLAG_INJECTED_BRAND, "Quorvex Capital");
    cr_assert_not_null(f, "%s", dump());
    cr_assert_eq(f->where, SS_WHERE_WIDGET);
    cr_assert_str_eq(cut_block(f), "The most perfect strategy in history, stable and safe!");
}

Test(detect, span_list_item_prefixes_before_any_separator)
{
    static const char *const lines[] = {
        COUNCIL_ARTICLE,
        "W:Discover",
        "I:Zembrit Labs:How a retired nurse made $71,000 from home with one plan",
        "I:Dravex Coin - Earn 40% a month with crypto staking",
        "I:Ferry timetable for the winter season",
        "I:Port Alder | Harbour notices",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    cr_assert_not_null(cand("Zembrit Labs"), "a prefix glued to its colon:%s", dump());
    cr_assert_not_null(cand("Dravex Coin"), "a prefix before a spaced dash");
    cr_assert_not_null(cand("Port Alder"), "a prefix before a spaced bar");
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_ITEM_PREFIX, 30.0, 0.9);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    const ss_finding *dash = finding_text(SS_FLAG_INJECTED_BRAND, "Dravex Coin");
    const ss_finding *glued = finding_text(SS_FLAG_INJECTED_BRAND, "Zembrit Labs");
    cr_assert_not_null(dash, "%s", dump());
    cr_assert_not_null(glued, "%s", dump());
    cr_assert_str_eq(cut_block(dash), "Earn 40% a month with crypto staking", "the separator goes too");
    cr_assert_str_eq(cut_block(glued), "How a retired nurse made $71,000 from home with one plan");
}

Test(detect, span_title_prefix_glued_by_a_hyphen_and_breadcrumbs)
{
    static const char *const lines[] = {
        "T:Klenvar-How accurate is the new weather model",
        "H:How accurate is the new weather model",
        "P:The new weather model was tested on ten years of storms, and forecasters said it found the tracks sooner than the old one did.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    ss_span_cand *c = cand("Klenvar");
    cr_assert_not_null(c, "a prefix glued by a hyphen:%s", dump());
    cr_assert(c->title_pos & SS_TITLE_PREFIX);
    cr_assert_eq(c->x[SS_SPAN_GLUED_SEP], 1.0);
    /* A hyphenated name before a colon is cut at the colon (the hand
     * detector's glued-prefix rule still proposes "Spider" on its own). */
    static const char *const film[] = {
        "T:Spider-Man: The new film opens to full cinemas",
        "H:Spider-Man: The new film opens to full cinemas",
        "P:The new film opened on Friday to full cinemas across the country, and critics said it was the best of the series so far.",
    };
    analyze(film, sizeof film / sizeof film[0], false);
    c = cand("Spider-Man");
    cr_assert_not_null(c, "%s", dump());
    cr_assert(c->title_pos & SS_TITLE_PREFIX);
    /* A breadcrumb is not a phrase a title is cut at. */
    static const char *const crumbs[] = {
        "T:Home > Education: Lomeli wins the county spelling prize",
        "H:Lomeli wins the county spelling prize",
        "P:The county spelling prize went to a pupil of the village school on Friday, and her teachers said she had practised every day.",
    };
    analyze(crumbs, sizeof crumbs / sizeof crumbs[0], false);
    for (size_t i = 0; i < ev.n_cands; i++)
        cr_assert_null(strchr(ev.cands[i].text, '>'), "breadcrumb candidate '%s'", ev.cands[i].text);
}

Test(detect, promo_candidate_takes_the_probability_of_its_prefix_brand)
{
    static const char *const lines[] = {
        COUNCIL_ARTICLE,
        "W:Discover",
        "I:Zembrit Labs - Ten photos of cats that look like famous paintings",
        "I:Ferry timetable for the winter season",
        "I:Harbour notices for the spring season",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    ss_span_weights w[SS_FLAG_KIND_COUNT];
    weights_with(w, SS_SPAN_ITEM_PREFIX, 30.0, 0.9);
    cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
    ss_span_cand *b = cand("Zembrit Labs");
    cr_assert_not_null(b, "%s", dump());
    cr_assert_gt(b->p, 0.9);
    ss_span_weights *pw = &w[SS_FLAG_PROMO_HEADLINE];
    pw->fitted = true;
    pw->w[SS_SPAN_HAND] = 0;
    pw->w[SS_SPAN_BIAS] = -3;
    pw->w[SS_SPAN_PREFIX_BRAND] = 8;
    pw->cutoff = 0.9;
    cr_assert_eq(ss_span_decide_late(&page, &ev, &arena, w), SS_OK);
    ss_span_cand *item = cand("Zembrit Labs - Ten photos of cats that look like famous paintings");
    cr_assert_not_null(item, "%s", dump());
    cr_assert_float_eq(item->x[SS_SPAN_PREFIX_BRAND], b->p, 1e-12);
    cr_assert_gt(item->p, 0.9);
    ss_span_cand *plain = cand("Ferry timetable for the winter season");
    cr_assert_not_null(plain);
    cr_assert_eq(plain->x[SS_SPAN_PREFIX_BRAND], 0.0);
    cr_assert_lt(plain->p, 0.9);
}

/* A list item prefixed by a flagged brand is a promotional line even when
 * the promo weights alone would not flag it; with the brand below its
 * cut-off it is left to the weights. */
Test(detect, promo_line_under_a_flagged_brand_prefix_is_flagged)
{
    static const char *const lines[] = {
        COUNCIL_ARTICLE,
        "W:Discover",
        "I:Zembrit Labs - Ten photos of cats that look like famous paintings",
        "I:Ferry timetable for the winter season",
        "I:Harbour notices for the spring season",
    };
    static const char item_text[] = "Zembrit Labs - Ten photos of cats that look like famous paintings";
    for (int flagged = 0; flagged < 2; flagged++) {
        analyze(lines, sizeof lines / sizeof lines[0], false);
        ss_span_weights w[SS_FLAG_KIND_COUNT];
        weights_with(w, SS_SPAN_ITEM_PREFIX, 30.0, flagged ? 0.9 : 0.99999);
        cr_assert_eq(ss_span_decide(&page, &ev, &arena, w, NULL, NULL, 0), SS_OK);
        ss_span_cand *b = cand("Zembrit Labs");
        cr_assert_not_null(b, "%s", dump());
        cr_assert(b->p > 0.9 && b->p < 0.99999, "p %g", b->p);
        ss_span_weights *pw = &w[SS_FLAG_PROMO_HEADLINE];
        pw->fitted = true;
        pw->w[SS_SPAN_HAND] = 0;
        pw->w[SS_SPAN_BIAS] = -3; /* the weights alone reject every line */
        pw->cutoff = 0.9;
        cr_assert_eq(ss_span_decide_late(&page, &ev, &arena, w), SS_OK);
        const ss_finding *f = finding_text(SS_FLAG_PROMO_HEADLINE, item_text);
        if (flagged) {
            cr_assert_not_null(f, "%s", dump());
            cr_assert_geq(cand(item_text)->p, 0.9);
            bool why = false;
            for (unsigned k = 0; k < f->n_reasons; k++)
                why |= strcmp(f->reasons[k], "prefix-brand-flagged") == 0;
            cr_assert(why, "%s", dump());
        } else {
            cr_assert_null(f, "the brand is below its cut-off:%s", dump());
        }
        cr_assert_null(finding_text(SS_FLAG_PROMO_HEADLINE, "Ferry timetable for the winter season"));
    }
}

Test(detect, span_no_candidates_in_program_text)
{
    static const char *const lines[] = {
        "T:Council approves harbour budget",
        "H:Council approves harbour budget",
        "P:The council approved the harbour budget on Monday after a long debate about dredging and ferry fares in the old port.",
        "P:var hasRecommendTab = 1; var onmousednLimit = 0; var pageIsLoaded = false; function onmousednMostRecommend() { if (pageIsLoaded) { show(); } }",
        "P:Members said the ferry fares would stay the same next year, and the dredging would start in the spring if the weatherIsland allows it.",
        "P:The table below lists every shot of the campaign with its columns Shot,Duration(s),Current and the notes of the operators on duty.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    cr_assert_null(cand("Duration"), "a table header after a comma");
    cr_assert_null(cand("IsLoaded"), "a name in a script shown as text");
    cr_assert_null(cand("Limit"));
    cr_assert_not_null(cand("Island"), "prose is still scanned");
}

/* Phrases glued to a function word ("toBrand", "WhyBrand", "OurBrand
 * Soft") and phrases behind a sentence's first word ("I'm Brand also")
 * are candidates; camel-case product names that begin with a function
 * word and recur ("YouTube"), or a short one-word rest, are not. */
Test(detect, span_phrases_glued_to_function_words_and_after_a_first_word)
{
    static const char *const lines[] = {
        "T:Notes on the new harbour ferry timetable",
        "H:Notes on the new harbour ferry timetable",
        "P:I have not cared to change my routine because I don't want toQuorvane overly complicate the commute, but the new ferry is quicker.",
        "P:We bought the tickets at the kiosk and sat down near the window orTelvimar Fund deck to watch the harbour as the boats left the pier.",
        "P:WhyPraskelt Hub is the ferry so popular? Most riders said the boats were cleaner and faster than the buses on the coast road.",
        "P:OurVendrisk Soft lightweight bags were easy to carry on board, and the crew helped everyone with the heavy luggage at the ramp.",
        "P:I'm Zolvarin also thinking about a monthly pass, since the ferry runs every half hour and the fare is lower than the parking fee.",
        "P:The clips on YouTube show the ferry in the storm, and the YouTube channel of the port posts a new video every week for the fans.",
        "P:The port posted the timetable online, and riders can also read it on the boards at the kiosk inChat with the staff at the desk.",
    };
    analyze(lines, sizeof lines / sizeof lines[0], false);
    ss_span_cand *c = cand("Quorvane");
    cr_assert_not_null(c, "glued to 'to':%s", dump());
    cr_assert_gt(c->x[SS_SPAN_GLUED_BEFORE], 0);
    c = cand("Telvimar Fund");
    cr_assert_not_null(c, "glued to 'or'");
    cr_assert_gt(c->x[SS_SPAN_GLUED_BEFORE], 0);
    c = cand("Praskelt Hub");
    cr_assert_not_null(c, "glued to a capitalised function word");
    cr_assert_gt(c->x[SS_SPAN_GLUED_BEFORE], 0);
    cr_assert_not_null(cand("Vendrisk Soft"), "'Our' + phrase");
    c = cand("Zolvarin");
    cr_assert_not_null(c, "behind 'I'm', between lower-case words");
    cr_assert_gt(c->x[SS_SPAN_BETWEEN_LOWER], 0);
    cr_assert_null(cand("I'm Zolvarin"));
    cr_assert_null(cand("Tube"), "a product name that recurs");
    cr_assert_null(cand("Chat"), "one short word after a function word");
}

Test(detect, glued_site_suffix_and_slogan_line_confirm_each_other)
{
    /* A suffix glued on both sides is weak alone ("Title_Site" is how some
     * CMSs join their name); with an unrepeated slogan line under the
     * headline both are the fake site's branding. */
    static const char *const titles[] = {
        "T:Lawmakers pass state budget after long standoff-QuorvelGate",
        "T:Lawmakers pass state budget after long standoff - WSJ_Quorvel Times",
    };
    for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++) {
        const char *lines[] = {
            titles[t],
            "H:Lawmakers pass state budget after long standoff",
            "B:Amber Lantern",
            HONEST_BODY,
        };
        analyze(lines, sizeof lines / sizeof lines[0], true);
        const ss_finding *s = find(SS_FLAG_SLOGAN, SS_NONE);
        const ss_finding *n = find(SS_FLAG_SITE_NAME, SS_NONE);
        cr_assert(s && n, "%s:%s", titles[t], dump());
        cr_assert_str_eq(s->text, "Amber Lantern");
        cr_assert(n->score >= 0.6, "%s", dump());
    }
}

Test(detect, a_slogan_line_needs_a_glued_unrepeated_suffix)
{
    /* The site's own name with spaces, a glued name the page repeats, or
     * no suffix: a short title-case line stays a line. */
    static const char *const titles[] = {
        "T:Lawmakers pass state budget after long standoff - Prairie Ledger",
        "T:Lawmakers pass state budget after long standoff_Prairie Ledger",
        "T:Lawmakers pass state budget after long standoff",
    };
    for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++) {
        const char *lines[] = {
            titles[t],
            "H:Lawmakers pass state budget after long standoff",
            "B:Amber Lantern",
            HONEST_BODY,
            "B:Copyright 2024 Prairie Ledger",
        };
        analyze(lines, sizeof lines / sizeof lines[0], true);
        assert_honest(titles[t]);
        cr_assert_eq(count(SS_FLAG_SITE_NAME), 0, "%s:%s", titles[t], dump());
    }
}
