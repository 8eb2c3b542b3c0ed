/*
 * test_arena.c - the per-page bump allocator: alignment, growth, the hard
 * cap, and reuse of memory across resets.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

TestSuite(arena);

Test(arena, allocations_are_aligned_and_distinct)
{
    ss_arena a;
    ss_arena_init(&a, 0);
    char *p = ss_arena_alloc(&a, 3);
    char *q = ss_arena_alloc(&a, 5);
    cr_assert_not_null(p);
    cr_assert_not_null(q);
    cr_assert_eq((uintptr_t)p % 16, 0);
    cr_assert_eq((uintptr_t)q % 16, 0);
    cr_assert_neq(p, q);
    ss_arena_free(&a);
}

Test(arena, large_allocation_gets_its_own_chunk)
{
    ss_arena a;
    ss_arena_init(&a, 0);
    char *big = ss_arena_alloc(&a, 1u << 20);
    cr_assert_not_null(big);
    memset(big, 'x', 1u << 20);
    char *s = ss_arena_strndup(&a, "abc", 3);
    cr_assert_str_eq(s, "abc");
    ss_arena_free(&a);
}

Test(arena, cap_is_enforced_and_reported)
{
    ss_arena a;
    ss_arena_init(&a, 256 * 1024);
    cr_assert_not_null(ss_arena_alloc(&a, 1000));
    cr_assert_null(ss_arena_alloc(&a, 1u << 20));
    cr_assert(a.over_cap);
    ss_arena_reset(&a);
    cr_assert_not(a.over_cap);
    cr_assert_not_null(ss_arena_alloc(&a, 1000));
    ss_arena_free(&a);
}

Test(arena, reset_reuses_the_largest_chunk)
{
    ss_arena a;
    ss_arena_init(&a, 0);
    for (int i = 0; i < 100; i++)
        cr_assert_not_null(ss_arena_alloc(&a, 10000));
    size_t reserved = a.reserved;
    ss_arena_reset(&a);
    cr_assert_leq(a.reserved, reserved);
    cr_assert_gt(a.reserved, 0);
    /* A page of the same size again fits without a new chunk. */
    size_t before = a.reserved;
    void *p = ss_arena_alloc(&a, 10000);
    cr_assert_not_null(p);
    cr_assert_eq(a.reserved, before);
    ss_arena_free(&a);
}

Test(arena, realloc_extends_in_place_and_preserves)
{
    ss_arena a;
    ss_arena_init(&a, 0);
    char *p = ss_arena_alloc(&a, 8);
    memcpy(p, "1234567", 8);
    char *q = ss_arena_realloc(&a, p, 8, 64);
    cr_assert_eq(p, q);
    cr_assert_str_eq(q, "1234567");
    char *other = ss_arena_alloc(&a, 8);
    (void)other;
    char *r = ss_arena_realloc(&a, q, 64, 128);
    cr_assert_neq(r, q);
    cr_assert_str_eq(r, "1234567");
    ss_arena_free(&a);
}

Test(arena, calloc_overflow_is_refused)
{
    ss_arena a;
    ss_arena_init(&a, 0);
    cr_assert_null(ss_arena_calloc(&a, SIZE_MAX / 2, 4));
    ss_arena_free(&a);
}

Test(arena, release_forgets_what_came_after_the_mark)
{
    ss_arena a;
    ss_arena_init(&a, 512 * 1024);
    cr_assert_not_null(ss_arena_alloc(&a, 1000));
    ss_arena_mark_t m = ss_arena_mark(&a);
    size_t used = a.used_total, reserved = a.reserved;
    cr_assert_not_null(ss_arena_alloc(&a, 100));
    cr_assert_not_null(ss_arena_alloc(&a, 300 * 1024)); /* a chunk of its own */
    cr_assert_null(ss_arena_alloc(&a, 300 * 1024));     /* over the cap */
    cr_assert(a.over_cap);
    ss_arena_release(&a, &m);
    cr_assert_eq(a.used_total, used);
    cr_assert_eq(a.reserved, reserved);
    cr_assert_not(a.over_cap);
    /* the cap has room again for what it had room for at the mark */
    cr_assert_not_null(ss_arena_alloc(&a, 300 * 1024));
    ss_arena_free(&a);
}

Test(arena, scratch_is_outside_the_cap_and_kept_while_small)
{
    ss_arena a;
    ss_arena_init(&a, 128 * 1024);
    char *s = ss_arena_scratch(&a, 200 * 1024); /* more than the cap */
    cr_assert_not_null(s);
    memset(s, 'x', 200 * 1024);
    cr_assert_eq(a.reserved, 0);
    cr_assert_not_null(ss_arena_alloc(&a, 100 * 1024));
    ss_arena_reset(&a);
    cr_assert_eq(ss_arena_scratch(&a, 1000), s); /* reused */
    cr_assert_not_null(ss_arena_scratch(&a, 2u << 20));
    ss_arena_reset(&a); /* a scratch over 1 MiB is given back */
    cr_assert_null(a.scratch);
    ss_arena_free(&a);
}
