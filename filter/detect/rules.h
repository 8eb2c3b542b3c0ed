/*
 * rules.h - internal interface of the heuristic rule engine (pcre2).
 *
 * A rule set (ss_rules, public) is compiled once and shared read-only by
 * threads. Matching needs per-thread state (pcre2 match data and a match
 * context carrying the match/depth limits): ss_rules_state, owned by ss_ctx.
 */
#ifndef SS_RULES_H
#define SS_RULES_H

#include "evidence.h"
#include "page.h"
#include "spamscore.h"

typedef struct ss_rules_state ss_rules_state;

/* Per-thread matching state for rules, limits from cfg. */
ss_status ss_rules_state_create(const ss_rules *rules,
                                const ss_config *cfg,
                                ss_rules_state **out);

/* Match with pcre2's JIT when the pattern has JIT code (on, the default)
 * or always with the interpreter (off): the tests run the limits of both. */
void ss_rules_state_use_jit(ss_rules_state *st, bool on);

/* ss_rules_state_free(NULL) is a no-op. */
void ss_rules_state_free(ss_rules_state *st);

/*
 * Run every rule on the parts of the page it targets. A rule that matches
 * adds its weight to ev->rule_weight_sum once per page (however many blocks
 * match), and each match of a positive-weight rule adds a finding of the
 * rule's kind whose reasons start with the rule name (the reason strings
 * belong to the rule set, which must outlive the findings). A match,
 * depth, heap or JIT stack limit hit sets SS_LIMIT_MATCH in page->limits
 * and counts as no match. With cfg->max_seconds set, the run stops once it
 * has used that much CPU time and returns SS_ERR_LIMIT (its findings are
 * then incomplete: the caller fails the document).
 */
ss_status ss_rules_run(const ss_rules *rules,
                       ss_rules_state *st,
                       ss_page *page,
                       ss_evidence *ev);

#endif /* SS_RULES_H */
