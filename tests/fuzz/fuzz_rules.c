/*
 * fuzz_rules.c - libFuzzer target for the rule-file parser: any bytes must
 * be refused with SS_ERR_RULES and a "name:line:col: message", or give a
 * rule set that runs over a small page within the match limits (through
 * pcre2's JIT for inputs of even size, its interpreter for odd: each has
 * its own limits). Crashing
 * inputs go to tests/fuzz/corpus/rules/, which test_rules.c replays.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_rules *rules = NULL;
    char err[256];
    ss_status st = ss_rules_load_buffer("fuzz.rules", (const char *)data, size, &rules,
                                        err, sizeof err);
    if (st != SS_OK) {
        if (rules || strncmp(err, "fuzz.rules:", 11) != 0)
            abort(); /* contract: no set, and a located message */
        return 0;
    }

    /* Run the set over a tiny page covering every target. */
    static ss_block blocks[4];
    static ss_widget widget;
    ss_page page;
    memset(&page, 0, sizeof page);
    memset(blocks, 0, sizeof blocks);
    const char *texts[4] = {"Brand Exchange:Headline about a river",
                            "City,Brand Exchange State — The first sentence. Second one.",
                            "Related", "Name Surname: the most perfect 1234 strategy!"};
    static const uint8_t roles[4] = {SS_ROLE_TITLE, SS_ROLE_MAIN, SS_ROLE_BOILER,
                                     SS_ROLE_BOILER};
    for (int i = 0; i < 4; i++) {
        blocks[i].text = texts[i];
        blocks[i].len = (uint32_t)strlen(texts[i]);
        blocks[i].n_words = 6;
        blocks[i].role = roles[i];
        blocks[i].widget = i >= 2 ? 0 : SS_NONE;
    }
    widget.heading = 2;
    widget.first = 3;
    widget.n_items = 1;
    page.format = SS_FORMAT_TEXT;
    page.title = texts[0];
    page.title_block = 0;
    page.blocks = blocks;
    page.n_blocks = 4;
    page.widgets = &widget;
    page.n_widgets = 1;
    page.main_first = page.main_last = 1;

    ss_arena a;
    ss_arena_init(&a, (size_t)64 << 20);
    ss_evidence ev;
    ss_evidence_init(&ev, &a);
    ss_config cfg;
    ss_config_default(&cfg);
    cfg.pcre_match_limit = 10000;
    ss_rules_state *rs = NULL;
    if (ss_rules_state_create(rules, &cfg, &rs) == SS_OK) {
        ss_rules_state_use_jit(rs, size % 2 == 0);
        (void)ss_rules_run(rules, rs, &page, &ev);
        for (size_t i = 0; i < ev.n; i++)
            if (!ev.items[i].drop_block && ev.items[i].end < ev.items[i].start)
                abort();
    }
    ss_rules_state_free(rs);
    ss_arena_free(&a);
    (void)ss_rules_count(rules);
    ss_rules_free(rules);
    return 0;
}
