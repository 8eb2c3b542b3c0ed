/*
 * countmap.c - the count map a model is built from (see model.h): per
 * token hash its spam and ham counts and, unless the model is hash-only,
 * its text; an open-addressing table that the trainer fills, prunes and
 * hands to ss_model_serialize(), and that the merge of shard models sums.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* See model.h. */
void
ss_countmap_init(ss_countmap *m)
{
    memset(m, 0, sizeof *m);
}

/* See model.h. */
void
ss_countmap_free(ss_countmap *m)
{
    free(m->v);
    free(m->text_off);
    free(m->slot);
    free(m->pool);
    memset(m, 0, sizeof *m);
}

/* Rebuild the slot index of m with n_slots slots (a power of two). */
static ss_status
countmap_rehash(ss_countmap *m, size_t n_slots)
{
    uint32_t *slot = calloc(n_slots, sizeof *slot);
    if (!slot)
        return SS_ERR_NOMEM;
    size_t mask = n_slots - 1;
    for (size_t k = 0; k < m->n; k++) {
        size_t i = (size_t)m->v[k].hash & mask;
        while (slot[i])
            i = (i + 1) & mask;
        slot[i] = (uint32_t)(k + 1);
    }
    free(m->slot);
    m->slot = slot;
    m->n_slots = n_slots;
    return SS_OK;
}

/* Slot holding hash, or the empty slot where it would go. */
static size_t
countmap_find(const ss_countmap *m, uint64_t hash)
{
    size_t mask = m->n_slots - 1;
    size_t i = (size_t)hash & mask;
    while (m->slot[i] && m->v[m->slot[i] - 1].hash != hash)
        i = (i + 1) & mask;
    return i;
}

/* See model.h. */
const ss_model_tok *
ss_countmap_get(const ss_countmap *m, uint64_t hash)
{
    if (m->n_slots == 0)
        return NULL;
    size_t i = countmap_find(m, hash);
    return m->slot[i] ? &m->v[m->slot[i] - 1] : NULL;
}

/* c + d, clamped to 0..UINT32_MAX; the clamped-away negative part is
 * added to *clamped. */
static uint32_t
add_clamped(uint32_t c, int64_t d, uint64_t *clamped)
{
    int64_t r = (int64_t)c + d;
    if (r < 0) {
        if (clamped)
            *clamped += (uint64_t)(-r);
        return 0;
    }
    return r > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)r;
}

/* See model.h. */
ss_status
ss_countmap_add(ss_countmap *m,
                uint64_t hash,
                const char *text,
                size_t len,
                int64_t dspam,
                int64_t dham,
                int64_t dbspam,
                int64_t dbham,
                uint64_t *clamped)
{
    if (hash == 0)
        hash = 1;
    if (m->n_slots == 0 || (m->n + 1) * 2 > m->n_slots) {
        ss_status st = countmap_rehash(m, m->n_slots ? m->n_slots * 2 : 1024);
        if (st != SS_OK)
            return st;
    }
    size_t i = countmap_find(m, hash);
    ss_model_tok *t;
    if (m->slot[i]) {
        t = &m->v[m->slot[i] - 1];
    } else {
        if (m->n >= SS_COUNTMAP_MAX_TOKENS)
            return SS_ERR_LIMIT;
        if (m->n == m->cap) {
            size_t ncap = m->cap ? m->cap * 2 : 1024;
            ss_model_tok *v = realloc(m->v, ncap * sizeof *v);
            if (!v)
                return SS_ERR_NOMEM;
            m->v = v;
            uint32_t *to = realloc(m->text_off, ncap * sizeof *to);
            if (!to)
                return SS_ERR_NOMEM;
            m->text_off = to;
            m->cap = ncap;
        }
        if (!text)
            len = 0;
        if (len > UINT32_MAX || m->pool_len + len > SS_COUNTMAP_MAX_POOL)
            return SS_ERR_LIMIT;
        if (m->pool_len + len > m->pool_cap) {
            size_t ncap = m->pool_cap ? m->pool_cap : 65536;
            while (ncap < m->pool_len + len)
                ncap *= 2;
            char *pool = realloc(m->pool, ncap);
            if (!pool)
                return SS_ERR_NOMEM;
            m->pool = pool;
            m->pool_cap = ncap;
        }
        if (len)
            memcpy(m->pool + m->pool_len, text, len);
        t = &m->v[m->n];
        memset(t, 0, sizeof *t);
        t->hash = hash;
        t->len = (uint32_t)len;
        m->text_off[m->n] = (uint32_t)m->pool_len;
        m->pool_len += len;
        m->slot[i] = (uint32_t)(++m->n);
    }
    t->spam = add_clamped(t->spam, dspam, clamped);
    t->ham = add_clamped(t->ham, dham, clamped);
    t->bspam = add_clamped(t->bspam, dbspam, clamped);
    t->bham = add_clamped(t->bham, dbham, clamped);
    return SS_OK;
}

/* See model.h. */
size_t
ss_countmap_prune(ss_countmap *m, uint64_t min_seen)
{
    size_t kept = 0, pool_len = 0;
    for (size_t k = 0; k < m->n; k++) {
        const ss_model_tok *t = &m->v[k];
        if ((uint64_t)t->spam + t->ham + t->bspam + t->bham < min_seen)
            continue;
        /* Texts only move down the pool: memmove within it is safe. */
        if (t->len)
            memmove(m->pool + pool_len, m->pool + m->text_off[k], t->len);
        m->v[kept] = *t;
        m->text_off[kept] = (uint32_t)pool_len;
        pool_len += t->len;
        kept++;
    }
    size_t dropped = m->n - kept;
    m->n = kept;
    m->pool_len = pool_len;
    if (dropped && m->n_slots) {
        /* Rebuild the index in place: the same size, so no allocation. */
        memset(m->slot, 0, m->n_slots * sizeof *m->slot);
        size_t mask = m->n_slots - 1;
        for (size_t k = 0; k < m->n; k++) {
            size_t i = (size_t)m->v[k].hash & mask;
            while (m->slot[i])
                i = (i + 1) & mask;
            m->slot[i] = (uint32_t)(k + 1);
        }
    }
    return dropped;
}

/* See model.h. */
void
ss_countmap_texts(ss_countmap *m)
{
    for (size_t k = 0; k < m->n; k++)
        m->v[k].text = m->v[k].len ? m->pool + m->text_off[k] : NULL;
}
