/*
 * test_status.c - the small public helpers of status.c: status strings,
 * names, defaults, and the struct sizes a binding checks its layout with.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "spamscore.h"

TestSuite(status);

Test(status, struct_sizes_are_the_library_s_own)
{
    cr_assert_eq(ss_struct_size("ss_config"), sizeof(ss_config));
    cr_assert_eq(ss_struct_size("ss_doc_opts"), sizeof(ss_doc_opts));
    cr_assert_eq(ss_struct_size("ss_result"), sizeof(ss_result));
    cr_assert_eq(ss_struct_size("ss_flag"), sizeof(ss_flag));
    cr_assert_eq(ss_struct_size("ss_page"), 0, "not a public struct");
    cr_assert_eq(ss_struct_size(NULL), 0);
}

Test(status, defaults_set_every_limit)
{
    ss_config c;
    memset(&c, 0xAB, sizeof c);
    ss_config_default(&c);
    cr_assert_eq(c.max_seconds, 0.0, "no time limit by default");
    cr_assert_gt(c.max_page_bytes, 0);
    cr_assert_lt(c.spam_cutoff, 0, "the model's cut-off by default");
}
