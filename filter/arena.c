/*
 * arena.c - bump allocator with chunk reuse (see arena.h for the contract).
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16u
#define ARENA_MIN_CHUNK ((size_t)64 * 1024)
#define SCRATCH_KEEP ((size_t)1 << 20) /* ss_arena_reset() frees a larger scratch */

struct ss_arena_chunk {
    ss_arena_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    max_align_t data[]; /* aligned start of the usable bytes */
};

/* Round n up to the arena alignment; 0 on overflow. */
static size_t
align_up(size_t n)
{
    if (n > SIZE_MAX - (ARENA_ALIGN - 1))
        return 0;
    return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

void
ss_arena_init(ss_arena *a, size_t cap)
{
    memset(a, 0, sizeof *a);
    a->cap = cap;
}

/* Add a chunk able to hold at least n bytes; NULL if over cap or OOM. */
static ss_arena_chunk *
new_chunk(ss_arena *a, size_t n)
{
    size_t size = ARENA_MIN_CHUNK;
    if (a->reserved > size)
        size = a->reserved; /* grow geometrically */
    while (size < n)
        size *= 2;
    if (a->cap && a->reserved + size > a->cap) {
        size = n < ARENA_MIN_CHUNK ? ARENA_MIN_CHUNK : n;
        if (a->reserved + size > a->cap) {
            a->over_cap = true;
            return NULL;
        }
    }
    ss_arena_chunk *c = malloc(sizeof *c + size);
    if (!c)
        return NULL;
    c->size = size;
    c->used = 0;
    c->next = a->chunks;
    a->chunks = c;
    a->head = c;
    a->reserved += size;
    return c;
}

void *
ss_arena_alloc(ss_arena *a, size_t n)
{
    size_t need = align_up(n ? n : 1);
    if (!need)
        return NULL;
    ss_arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        c = new_chunk(a, need);
        if (!c)
            return NULL;
    }
    void *p = (char *)c->data + c->used;
    c->used += need;
    a->used_total += need;
    return p;
}

void *
ss_arena_calloc(ss_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = ss_arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *
ss_arena_strndup(ss_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = ss_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *
ss_arena_realloc(ss_arena *a, void *old, size_t old_n, size_t new_n)
{
    ss_arena_chunk *c = a->head;
    /* Extend in place when old is the last allocation of the head chunk. */
    if (old && c) {
        size_t old_al = align_up(old_n ? old_n : 1);
        size_t new_al = align_up(new_n ? new_n : 1);
        char *end = (char *)c->data + c->used;
        if (new_al && (char *)old + old_al == end && new_al >= old_al &&
            c->size - c->used >= new_al - old_al) {
            c->used += new_al - old_al;
            a->used_total += new_al - old_al;
            return old;
        }
    }
    void *p = ss_arena_alloc(a, new_n);
    if (p && old)
        memcpy(p, old, old_n < new_n ? old_n : new_n);
    return p;
}

ss_arena_mark_t
ss_arena_mark(const ss_arena *a)
{
    ss_arena_mark_t m = {a->chunks, a->chunks ? a->chunks->used : 0, a->used_total, a->reserved,
                         a->over_cap};
    return m;
}

void
ss_arena_release(ss_arena *a, const ss_arena_mark_t *m)
{
    /* Chunks are listed newest first, and the newest is the one allocated
     * from: free those added after the mark, rewind the one it stood in. */
    ss_arena_chunk *c = a->chunks;
    while (c && c != m->chunks) {
        ss_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->chunks = c;
    a->head = c;
    if (c)
        c->used = m->head_used;
    a->used_total = m->used_total;
    a->reserved = m->reserved;
    a->over_cap = m->over_cap;
}

void *
ss_arena_scratch(ss_arena *a, size_t n)
{
    if (a->scratch && a->scratch_size >= n)
        return a->scratch;
    free(a->scratch);
    a->scratch = malloc(n ? n : 1);
    a->scratch_size = a->scratch ? n : 0;
    return a->scratch;
}

void
ss_arena_reset(ss_arena *a)
{
    if (a->scratch_size > SCRATCH_KEEP) {
        free(a->scratch);
        a->scratch = NULL;
        a->scratch_size = 0;
    }
    /* Keep only the largest chunk: the working set of the biggest page. */
    ss_arena_chunk *keep = NULL;
    for (ss_arena_chunk *c = a->chunks; c; c = c->next)
        if (!keep || c->size > keep->size)
            keep = c;
    ss_arena_chunk *c = a->chunks;
    while (c) {
        ss_arena_chunk *next = c->next;
        if (c != keep)
            free(c);
        c = next;
    }
    a->chunks = keep;
    a->head = keep;
    a->reserved = keep ? keep->size : 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->used_total = 0;
    a->over_cap = false;
}

void
ss_arena_free(ss_arena *a)
{
    ss_arena_chunk *c = a->chunks;
    while (c) {
        ss_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->chunks = NULL;
    a->head = NULL;
    a->reserved = 0;
    a->used_total = 0;
    free(a->scratch);
    a->scratch = NULL;
    a->scratch_size = 0;
}
