/*
 * arena.h - a bump allocator for per-page work.
 *
 * One arena is owned by each ss_ctx. Everything a page needs (decoded text,
 * blocks, tokens, findings, the result) is allocated here and released in one
 * go by ss_arena_reset() before the next page. Chunks are kept across resets,
 * so a context that has seen a page of a given size scores the next one
 * without calling malloc.
 *
 * Contract: every pointer returned by ss_arena_alloc()/ss_arena_strndup()
 * becomes invalid at the next ss_arena_reset() or ss_arena_free().
 * The arena has a hard cap (cap bytes in all chunks); an allocation beyond it
 * returns NULL and sets arena->over_cap, which the caller reports as
 * SS_ERR_LIMIT.
 */
#ifndef SS_ARENA_H
#define SS_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ss_arena_chunk ss_arena_chunk;

typedef struct ss_arena {
    ss_arena_chunk *head;    /* chunk being allocated from */
    ss_arena_chunk *chunks;  /* all chunks, newest first */
    size_t used_total;       /* bytes handed out since the last reset */
    size_t reserved;         /* bytes in all chunks */
    size_t cap;              /* hard cap on reserved */
    bool over_cap;           /* set when an allocation hit the cap */
    void *scratch;           /* ss_arena_scratch()'s buffer, or NULL */
    size_t scratch_size;
} ss_arena;

/* Where an arena stood (ss_arena_mark()), to go back to. */
typedef struct ss_arena_mark_t {
    ss_arena_chunk *chunks;
    size_t head_used;
    size_t used_total;
    size_t reserved;
    bool over_cap;
} ss_arena_mark_t;

/* Initialise an empty arena with a cap in bytes (0: no cap). */
void ss_arena_init(ss_arena *a, size_t cap);

/* Allocate n bytes aligned for any type; NULL if the cap is hit. */
void *ss_arena_alloc(ss_arena *a, size_t n);

/* Allocate n zeroed bytes. */
void *ss_arena_calloc(ss_arena *a, size_t count, size_t size);

/* Copy s[0..n) plus a NUL terminator into the arena. */
char *ss_arena_strndup(ss_arena *a, const char *s, size_t n);

/* Grow a previous allocation (copying); old contents preserved. */
void *ss_arena_realloc(ss_arena *a, void *old, size_t old_n, size_t new_n);

/*
 * Where the arena stands now. ss_arena_release() then forgets every
 * allocation made after it (freeing the chunks added since), so that what
 * follows behaves, cap included, as if they had never been made. Valid
 * until the next reset.
 */
ss_arena_mark_t ss_arena_mark(const ss_arena *a);
void ss_arena_release(ss_arena *a, const ss_arena_mark_t *m);

/*
 * A buffer of at least n bytes outside the chunks and the cap, for a copy
 * that a page needs only for a moment and that stands in for larger ones
 * made outside the arena anyway (the HTML handed to libxml2, which copies
 * its input twice). Aligned for any type; NULL when malloc fails (nothing
 * else changes). One buffer per arena: the pointer becomes invalid at the
 * next ss_arena_scratch(), at ss_arena_free(), and at ss_arena_reset()
 * when it is over 1 MiB (so that one large page does not stay resident).
 */
void *ss_arena_scratch(ss_arena *a, size_t n);

/* Forget every allocation but keep the largest chunk for reuse. */
void ss_arena_reset(ss_arena *a);

/* Release all chunks. The arena may be re-initialised afterwards. */
void ss_arena_free(ss_arena *a);

#endif /* SS_ARENA_H */
