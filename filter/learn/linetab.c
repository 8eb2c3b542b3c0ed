/*
 * linetab.c - the promotional-language table of a model (see linetab.h):
 * building it from a trainer's line counts, reading and writing its bytes,
 * look-ups and the line score.
 */
#include "linetab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Little-endian access (the model file's byte order). */
static uint32_t
rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A little-endian u64. */
static uint64_t
rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Store a little-endian u32. */
static void
wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Store a little-endian u64. */
static void
wr64(unsigned char *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

/* See linetab.h. */
bool
ss_linetab_present(const ss_linetab *t)
{
    return t && t->n_spam + t->n_ham > 0;
}

/* See linetab.h. */
size_t
ss_linetab_bytes(const ss_linetab *t)
{
    if (!ss_linetab_present(t))
        return 0;
    return SS_LINETAB_HEAD_BYTES + (size_t)t->n * SS_LINETAB_ENTRY_BYTES;
}

/* See linetab.h. */
void
ss_linetab_write(unsigned char *out,
                 const ss_linetab *t)
{
    memcpy(out, SS_LINETAB_MAGIC, 4);
    wr64(out + 4, t->n_spam);
    wr64(out + 12, t->n_ham);
    wr64(out + 20, t->n);
    if (t->n)
        memcpy(out + SS_LINETAB_HEAD_BYTES, t->ent, (size_t)t->n * SS_LINETAB_ENTRY_BYTES);
}

/* See linetab.h. */
bool
ss_linetab_read(const unsigned char *sec,
                size_t len,
                ss_linetab *t)
{
    memset(t, 0, sizeof *t);
    if (len < SS_LINETAB_HEAD_BYTES || memcmp(sec, SS_LINETAB_MAGIC, 4) != 0)
        return false;
    uint64_t ns = rd64(sec + 4), nh = rd64(sec + 12), n = rd64(sec + 20);
    if (n > SS_LINETAB_MAX || ns > UINT32_MAX || nh > UINT32_MAX || ns + nh == 0 ||
        len != SS_LINETAB_HEAD_BYTES + n * SS_LINETAB_ENTRY_BYTES)
        return false;
    const unsigned char *e = sec + SS_LINETAB_HEAD_BYTES;
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n; i++, e += SS_LINETAB_ENTRY_BYTES) {
        uint64_t h = rd64(e);
        if (h <= prev || rd32(e + 8) > ns || rd32(e + 12) > nh)
            return false; /* order keeps the binary search right */
        prev = h;
    }
    t->ent = n ? sec + SS_LINETAB_HEAD_BYTES : NULL;
    t->n = n;
    t->n_spam = ns;
    t->n_ham = nh;
    return true;
}

/* qsort order of entries: by hash. */
static int
cmp_entry(const void *a, const void *b)
{
    uint64_t x = rd64(a), y = rd64(b);
    return (x > y) - (x < y);
}

/* See linetab.h. */
ss_status
ss_linetab_build(const ss_countmap *map,
                 uint64_t min_seen,
                 unsigned char **out,
                 uint64_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t n = 0;
    for (size_t i = 0; i < map->n; i++)
        n += (uint64_t)map->v[i].spam + map->v[i].ham >= min_seen && map->v[i].hash;
    if (n == 0)
        return SS_OK;
    if (n > SS_LINETAB_MAX)
        return SS_ERR_LIMIT;
    unsigned char *buf = malloc(n * SS_LINETAB_ENTRY_BYTES);
    if (!buf)
        return SS_ERR_NOMEM;
    unsigned char *e = buf;
    for (size_t i = 0; i < map->n; i++) {
        const ss_model_tok *t = &map->v[i];
        if ((uint64_t)t->spam + t->ham < min_seen || !t->hash)
            continue;
        wr64(e, t->hash);
        wr32(e + 8, t->spam);
        wr32(e + 12, t->ham);
        e += SS_LINETAB_ENTRY_BYTES;
    }
    qsort(buf, n, SS_LINETAB_ENTRY_BYTES, cmp_entry);
    *out = buf;
    *n_out = n;
    return SS_OK;
}

/* See linetab.h. */
ss_status
ss_linetab_add_to(const ss_linetab *t,
                  ss_countmap *map,
                  ss_linetab *sum)
{
    if (!ss_linetab_present(t))
        return SS_OK;
    for (uint64_t i = 0; i < t->n; i++) {
        const unsigned char *e = t->ent + i * SS_LINETAB_ENTRY_BYTES;
        ss_status st = ss_countmap_add(map, rd64(e), NULL, 0, rd32(e + 8), rd32(e + 12), 0, 0, NULL);
        if (st != SS_OK)
            return st;
    }
    sum->n_spam += t->n_spam;
    sum->n_ham += t->n_ham;
    return SS_OK;
}

/* See linetab.h. */
bool
ss_linetab_lookup(const ss_linetab *t,
                  uint64_t hash,
                  uint32_t *spam,
                  uint32_t *ham)
{
    *spam = *ham = 0;
    if (!t || !t->ent || t->n == 0)
        return false;
    /* The last entry <= hash (or the first), by halving without a branch
     * on the comparison (the compiler makes it a conditional move): each
     * step's direction is a coin toss that a branch mispredicted about
     * every other time, 16 steps a token. */
    const unsigned char *e = t->ent;
    for (uint64_t n = t->n; n > 1;) {
        uint64_t half = n / 2;
        const unsigned char *m = e + half * SS_LINETAB_ENTRY_BYTES;
        e = rd64(m) <= hash ? m : e;
        n -= half;
    }
    if (rd64(e) != hash)
        return false;
    *spam = rd32(e + 8);
    *ham = rd32(e + 12);
    return true;
}

/* See linetab.h. */
bool
ss_hash_sorted_has(const uint64_t *h,
                   size_t n,
                   uint64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && h[lo] == x;
}

/* See linetab.h. */
double
ss_linetab_odds(const ss_linetab *t,
                const ss_model *blocks,
                const uint64_t *kept,
                size_t n_kept,
                const uint64_t *hashes,
                size_t n)
{
    if (!ss_linetab_present(t))
        return 0;
    double S = (double)t->n_spam + 2, H = (double)t->n_ham + 2, o = 0;
    double B = blocks && blocks->p.n_bham ? (double)blocks->p.n_bham + 2 : 0;
    unsigned known = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t s, h;
        if (!ss_linetab_lookup(t, hashes[i], &s, &h))
            continue;
        double ham = ((double)h + 1) / H;
        uint32_t hb = 0;
        if (B > 0) {
            ss_model_tok bt;
            if (!kept || ss_hash_sorted_has(kept, n_kept, hashes[i]))
                ss_model_lookup(blocks, hashes[i], &bt);
            else
                bt.bham = 0;
            ham = 0.5 * ham + 0.5 * ((double)bt.bham + 1) / B;
            hb = bt.bham;
        }
        if (h + hb == 0)
            continue; /* see linetab.h: a name or topic of the spam side */
        o += log(((double)s + 1) / S) - log(ham);
        known++;
    }
    if (known > 1)
        o /= sqrt((double)known);
    return o > SS_LINETAB_ODDS_MAX ? SS_LINETAB_ODDS_MAX : o < -SS_LINETAB_ODDS_MAX ? -SS_LINETAB_ODDS_MAX : o;
}
