/*
 * test_rules_scorer.h - a scorer with the shipped rules and no model, and
 * one context, for the suites that test a detector family end to end
 * through ss_ctx_score(). Use rules_scorer_setup/rules_scorer_teardown as
 * the suite's .init/.fini; the context is `ctx`.
 */
#ifndef SS_TEST_RULES_SCORER_H
#define SS_TEST_RULES_SCORER_H

#include <criterion/criterion.h>

#include "spamscore.h"

static ss_rules *rules;
static ss_scorer *scorer;
static ss_ctx *ctx;

/* .init: load models/default.rules, make the scorer and its context. */
static void
rules_scorer_setup(void)
{
    char err[512] = "";
    cr_assert_eq(ss_rules_load(SS_SOURCE_DIR "/models/default.rules", &rules, err, sizeof err),
                 SS_OK, "%s", err);
    ss_config cfg;
    ss_config_default(&cfg);
    cr_assert_eq(ss_scorer_create(&cfg, rules, NULL, &scorer), SS_OK);
    cr_assert_eq(ss_ctx_create(scorer, &ctx), SS_OK);
}

/* .fini: free them. */
static void
rules_scorer_teardown(void)
{
    ss_ctx_free(ctx);
    ss_scorer_free(scorer);
    ss_rules_free(rules);
}

#endif /* SS_TEST_RULES_SCORER_H */
