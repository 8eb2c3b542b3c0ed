/*
 * test_tmpdir.h - a fresh temporary directory per test, for the suites that
 * write files (models, corpora). Define TEST_TMPDIR_NAME (e.g. "model")
 * before including; use tmpdir_setup/tmpdir_teardown as the suite's
 * .init/.fini and path_in() for files inside the directory.
 */
#ifndef SS_TEST_TMPDIR_H
#define SS_TEST_TMPDIR_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

static char dir[] = "/tmp/ss-test-" TEST_TMPDIR_NAME "-XXXXXX";

/* .init: create the directory (the template is rewritten in place). */
static void
tmpdir_setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

/* .fini: remove it with everything in it. */
static void
tmpdir_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* dir/name; eight static buffers rotate so a few paths can be alive. */
static char *
path_in(const char *name)
{
    static char buf[8][256];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

#endif /* SS_TEST_TMPDIR_H */
