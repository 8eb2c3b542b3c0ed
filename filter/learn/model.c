/*
 * model.c - the naive-Bayes model file: open (mmap + verification), O(1)
 * lookups, deterministic serialisation and atomic writing. The file format
 * is described in model.h; the count map models are built from is
 * countmap.c, the text dump and the merge of shard models model_merge.c.
 */
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef SS_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "bayes.h"
#include "errmsg.h"
#include "prune.h"
#include "score.h"

/* Refuse model files above this size (a sanity cap, not a format limit). */
#define MODEL_MAX_FILE ((uint64_t)4 << 30)
/* A gzip-compressed model may declare at most this many times its
 * compressed size (or MODEL_GZ_MIN_ALLOW, for tiny models) before its image
 * is allocated. Real models inflate about 5 times (their table is at most
 * three quarters empty slots next to random hashes); deflate can reach
 * 1032 times on zeros, which is what a bomb would be made of. */
#define MODEL_GZ_MAX_RATIO 100u
#define MODEL_GZ_MIN_ALLOW ((uint64_t)1 << 20)
/* Longest run of occupied table slots accepted (see longest_run). */
#define MODEL_MAX_RUN 1024u
/* Offsets of header fields (see model.h). */
#define OFF_VERSION 8
#define OFF_HDRLEN 12
#define OFF_DOCS 16
#define OFF_ROB 48
#define OFF_CUT 72
#define OFF_HASCOMB 96
#define OFF_NWEIGHTS 100
#define OFF_WEIGHTS 104
#define OFF_NTOK 232
#define OFF_SLOTS 240
#define OFF_POOL 248
#define OFF_CRC 256
#define OFF_SPANLEN 260 /* version 2: bytes of the span section; 0 in v1 */
#define SPAN_MAGIC "SPAN"
#define SPAN_ENTRY_FIXED 16u /* kind, number of trees, cut-off */
#define FLAG_MAGIC "FLAG"    /* the flag cut-offs after the kinds */
#define FLAG_ENTRY 12u       /* kind (u32), flag cut-off (f64) */
/* The most weights per kind a build before version 5 reads: a model with
 * more is written as version 5, so that such a build says it does not
 * read the version rather than call the span section corrupt. */
#define SPAN_FEAT_V4_MAX 64u
/* A tree: SS_SPAN_TREE_NODES features (u32) and thresholds (f64), then
 * SS_SPAN_TREE_LEAVES leaf values (f64). */
#define SPAN_TREE_BYTES (12u * SS_SPAN_TREE_NODES + 8u * SS_SPAN_TREE_LEAVES)

/* Little-endian accessors: the format is fixed-endian whatever the host. */
static uint32_t
rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
        | (uint32_t)p[3] << 24;
}

/* Read a little-endian u64. */
static uint64_t
rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Read a little-endian IEEE-754 binary64. */
static double
rdf64(const unsigned char *p)
{
    uint64_t u = rd64(p);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* Write a little-endian u32. */
static void
wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* Write a little-endian u64. */
static void
wr64(unsigned char *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

/* Write an IEEE-754 binary64 as little-endian bits. */
static void
wrf64(unsigned char *p, double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    wr64(p, u);
}

/* See model.h. */
uint32_t
ss_model_image_crc(const unsigned char *img, size_t len)
{
    if (len < SS_MODEL_HEADER_BYTES)
        return 0;
#ifdef SS_HAVE_LIBDEFLATE
    /* the same CRC-32 as zlib's, with the carry-less multiply of the CPU:
     * several times faster on a model of megabytes */
    uint32_t f = libdeflate_crc32(0, img, OFF_CRC);
    return libdeflate_crc32(f, img + SS_MODEL_HEADER_BYTES,
                            len - SS_MODEL_HEADER_BYTES);
#else
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, img, OFF_CRC);
    size_t off = SS_MODEL_HEADER_BYTES;
    while (off < len) {
        size_t chunk = len - off > (1u << 30) ? (1u << 30) : len - off;
        c = crc32(c, img + off, (uInt)chunk);
        off += chunk;
    }
    return (uint32_t)c;
#endif
}

/* See model.h. */
void
ss_model_params_default(ss_model_params *p)
{
    memset(p, 0, sizeof *p);
    p->robs = SS_BAYES_DEFAULT_S;
    p->robx = SS_BAYES_DEFAULT_X;
    p->min_dev = SS_BAYES_DEFAULT_MIN_DEV;
    p->spam_cutoff = 0.9;
    p->ham_cutoff = 0.4;
    p->block_cutoff = SS_BAYES_DEFAULT_BLOCK_CUTOFF;
    p->has_combiner = false;
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        ss_span_weights_default(&p->span[k]);
}

static bool prob_ok(double d);

/* Number of kinds with fitted span weights. */
static unsigned
span_kinds(const ss_model_params *p)
{
    unsigned n = 0;
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        n += p->span[k].fitted;
    return n;
}

/* Does a fitted kind of p have a flag cut-off below its cut-off (then the
 * span section ends with the flag cut-offs)? */
static bool
has_flag_cuts(const ss_model_params *p)
{
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        if (p->span[k].fitted && ss_span_flag_cut(&p->span[k]) < p->span[k].cutoff)
            return true;
    return false;
}

/* Weights written per kind: this build's feature count, or
 * SPAN_FEAT_V4_MAX when no fitted kind uses a feature past it (a weight
 * other than 0 or a tree node that tests it): the file lacks them, and
 * they read as weight 0, so such a model keeps the version and the bytes
 * a build with 64 features writes. */
static uint32_t
span_nf(const ss_model_params *p)
{
    if (SS_SPAN_FEAT_COUNT <= SPAN_FEAT_V4_MAX)
        return SS_SPAN_FEAT_COUNT;
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++) {
        const ss_span_weights *w = &p->span[k];
        if (!w->fitted)
            continue;
        for (unsigned f = SPAN_FEAT_V4_MAX; f < SS_SPAN_FEAT_COUNT; f++)
            if (w->w[f] != 0)
                return SS_SPAN_FEAT_COUNT;
        for (unsigned t = 0; t < w->n_trees; t++)
            for (unsigned i = 0; i < SS_SPAN_TREE_NODES; i++)
                if (w->tree[t].feat[i] >= SPAN_FEAT_V4_MAX)
                    return SS_SPAN_FEAT_COUNT;
    }
    return SPAN_FEAT_V4_MAX;
}

/* See model.h: a model without the newer parts is written byte for byte
 * as before, and older builds still read it. */
uint32_t
ss_model_version(const ss_model_params *p)
{
    uint32_t v = SS_MODEL_VERSION;
    if (ss_linetab_present(&p->lines))
        v = SS_MODEL_VERSION_LINES;
    else if (has_flag_cuts(p))
        v = SS_MODEL_VERSION_FLAG;
    else if (span_kinds(p))
        v = SS_MODEL_VERSION_SPAN;
    /* a span section (perhaps with no kind: a table alone) names the
     * number of weights per kind */
    if (v != SS_MODEL_VERSION && span_nf(p) > SPAN_FEAT_V4_MAX)
        v = SS_MODEL_VERSION_WIDE;
    return v;
}

/* Bytes of the span section for p (0 when no kind is fitted and there is
 * no promotional-language table). */
static size_t
span_section_bytes(const ss_model_params *p)
{
    unsigned n = span_kinds(p);
    uint32_t version = ss_model_version(p);
    if (version == SS_MODEL_VERSION)
        return 0;
    size_t len = 12 + (size_t)n * (SPAN_ENTRY_FIXED + 8u * span_nf(p));
    if (version >= SS_MODEL_VERSION_FLAG)
        len += 8 + (size_t)n * FLAG_ENTRY;
    len += ss_linetab_bytes(&p->lines);
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        if (p->span[k].fitted)
            len += (size_t)p->span[k].n_trees * SPAN_TREE_BYTES;
    return len;
}

/* Read one tree at e into t; false when a value is not finite or huge, or
 * a node names a feature beyond the file's nf. */
static bool
read_span_tree(const unsigned char *e,
               uint32_t nf,
               ss_span_tree *t)
{
    for (unsigned i = 0; i < SS_SPAN_TREE_NODES; i++) {
        t->feat[i] = rd32(e + 4u * i);
        t->thr[i] = rdf64(e + 4u * SS_SPAN_TREE_NODES + 8u * i);
        if (t->feat[i] >= nf || !isfinite(t->thr[i]))
            return false;
    }
    for (unsigned i = 0; i < SS_SPAN_TREE_LEAVES; i++) {
        t->leaf[i] = rdf64(e + 12u * SS_SPAN_TREE_NODES + 8u * i);
        if (!isfinite(t->leaf[i]) || fabs(t->leaf[i]) > 1e6)
            return false;
    }
    return true;
}

/*
 * Read the flag cut-offs at e[0..len) (the end of the span section, or in
 * version 4 what comes before the promotional-language table) into p:
 * "FLAG", the number of entries (u32, at most nk), then per entry kind
 * (u32) and flag cut-off (f64, from 0 to the kind's cut-off). A kind that
 * is not fitted (or of a newer build) is skipped. *used gets the bytes
 * read.
 */
static bool
read_flag_cuts(const unsigned char *e,
               size_t len,
               uint32_t nk,
               ss_model_params *p,
               size_t *used /* OUT */)
{
    if (len < 8 || memcmp(e, FLAG_MAGIC, 4) != 0)
        return false;
    uint32_t n = rd32(e + 4);
    if (n > nk || len < 8 + (size_t)n * FLAG_ENTRY)
        return false;
    *used = 8 + (size_t)n * FLAG_ENTRY;
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *f = e + 8 + (size_t)i * FLAG_ENTRY;
        uint32_t kind = rd32(f);
        double cut = rdf64(f + 4);
        if (!prob_ok(cut))
            return false;
        if (kind >= SS_FLAG_KIND_COUNT || !p->span[kind].fitted)
            continue;
        if (cut > p->span[kind].cutoff)
            return false;
        p->span[kind].flag_cutoff = cut;
    }
    return true;
}

/*
 * Read the span section (version 2) at sec[0..len) into p: "SPAN", the
 * number of features per kind (u32), the number of kinds (u32), then per
 * kind: kind (u32), number of trees (u32, at most SS_SPAN_TREES_MAX; 0 in
 * models written before the trees), cut-off (f64), weights (f64 each),
 * then its trees (SPAN_TREE_BYTES each). Weights of features this build
 * does not know are ignored, and tree nodes that test them read 0;
 * features the file lacks get weight 0 (the enum is append-only). In
 * version 3 (flags) the flag cut-offs follow (read_flag_cuts); a model of
 * version 2 has none, and each kind's flag cut-off is its cut-off. In
 * version 4 the flag cut-offs are always there (perhaps none: a model may
 * have a promotional-language table and no fitted kind), and the table
 * (linetab.h) ends the section. Version 5 is version 4 whose kinds may
 * carry up to SS_SPAN_MAX_FEAT weights (64 before) and whose table is
 * there only when bytes are left after the flag cut-offs.
 */
static bool
read_span_section(const unsigned char *sec,
                  size_t len,
                  uint32_t version,
                  ss_model_params *p)
{
    if (len < 12 || memcmp(sec, SPAN_MAGIC, 4) != 0)
        return false;
    uint32_t nf = rd32(sec + 4), nk = rd32(sec + 8);
    uint32_t max_nf = version < SS_MODEL_VERSION_WIDE ? SPAN_FEAT_V4_MAX : SS_SPAN_MAX_FEAT;
    if (nf == 0 || nf > max_nf || (nk == 0 && version < SS_MODEL_VERSION_LINES) || nk > 64)
        return false;
    const unsigned char *e = sec + 12, *end = sec + len;
    for (uint32_t i = 0; i < nk; i++) {
        if ((size_t)(end - e) < SPAN_ENTRY_FIXED + 8u * nf)
            return false;
        uint32_t kind = rd32(e), nt = rd32(e + 4);
        double cut = rdf64(e + 8);
        if (nt > SS_SPAN_TREES_MAX || !prob_ok(cut))
            return false;
        size_t entry = SPAN_ENTRY_FIXED + 8u * nf + (size_t)nt * SPAN_TREE_BYTES;
        if ((size_t)(end - e) < entry)
            return false;
        ss_span_weights w;
        memset(&w, 0, sizeof w);
        w.fitted = true;
        w.cutoff = cut;
        w.flag_cutoff = cut;
        for (uint32_t f = 0; f < nf; f++) {
            double v = rdf64(e + SPAN_ENTRY_FIXED + 8u * f);
            if (!isfinite(v) || fabs(v) > 1e6)
                return false;
            if (f < SS_SPAN_FEAT_COUNT)
                w.w[f] = v;
        }
        const unsigned char *te = e + SPAN_ENTRY_FIXED + 8u * nf;
        for (uint32_t t = 0; t < nt; t++)
            if (!read_span_tree(te + (size_t)t * SPAN_TREE_BYTES, nf, &w.tree[t]))
                return false;
        w.n_trees = nt;
        if (kind < SS_FLAG_KIND_COUNT) /* else a kind of a newer build */
            p->span[kind] = w;
        e += entry;
    }
    if (version < SS_MODEL_VERSION_FLAG)
        return e == end;
    size_t used = 0;
    if (!read_flag_cuts(e, (size_t)(end - e), nk, p, &used))
        return false;
    e += used;
    if (version < SS_MODEL_VERSION_LINES)
        return e == end;
    if (version >= SS_MODEL_VERSION_WIDE && e == end)
        return true; /* no promotional-language table */
    return ss_linetab_read(e, (size_t)(end - e), &p->lines);
}

/* Write the span section of p at sec (span_section_bytes(p) bytes). */
static void
write_span_section(unsigned char *sec,
                   const ss_model_params *p)
{
    memcpy(sec, SPAN_MAGIC, 4);
    uint32_t nf = span_nf(p);
    wr32(sec + 4, nf);
    wr32(sec + 8, span_kinds(p));
    unsigned char *e = sec + 12;
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++) {
        const ss_span_weights *w = &p->span[k];
        if (!w->fitted)
            continue;
        wr32(e, k);
        wr32(e + 4, w->n_trees);
        wrf64(e + 8, w->cutoff);
        for (unsigned f = 0; f < nf; f++)
            wrf64(e + SPAN_ENTRY_FIXED + 8u * f, w->w[f]);
        e += SPAN_ENTRY_FIXED + 8u * nf;
        for (unsigned t = 0; t < w->n_trees; t++, e += SPAN_TREE_BYTES) {
            const ss_span_tree *tr = &w->tree[t];
            for (unsigned i = 0; i < SS_SPAN_TREE_NODES; i++) {
                wr32(e + 4u * i, tr->feat[i]);
                wrf64(e + 4u * SS_SPAN_TREE_NODES + 8u * i, tr->thr[i]);
            }
            for (unsigned i = 0; i < SS_SPAN_TREE_LEAVES; i++)
                wrf64(e + 12u * SS_SPAN_TREE_NODES + 8u * i, tr->leaf[i]);
        }
    }
    /* Only when one is in effect (version 3), a promotional-language
     * table follows (version 4) or the kinds are wide (version 5): a model
     * without any is written byte for byte as before. */
    uint32_t version = ss_model_version(p);
    if (version < SS_MODEL_VERSION_FLAG)
        return;
    memcpy(e, FLAG_MAGIC, 4);
    wr32(e + 4, span_kinds(p));
    e += 8;
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++) {
        if (!p->span[k].fitted)
            continue;
        wr32(e, k);
        wrf64(e + 4, ss_span_flag_cut(&p->span[k]));
        e += FLAG_ENTRY;
    }
    if (ss_linetab_present(&p->lines))
        ss_linetab_write(e, &p->lines);
}

/* A finite value in 0..1. */
static bool
prob_ok(double d)
{
    return isfinite(d) && d >= 0.0 && d <= 1.0;
}

/*
 * Check the fixed header at img[0..len) (len may be short of the whole
 * image: the gzip reader calls this on the first SS_MODEL_HEADER_BYTES
 * inflated bytes, before it allocates the image) and return in *want the
 * size of the image the header declares, which is at most MODEL_MAX_FILE.
 * *version gets the format version.
 */
static ss_status
check_header(const unsigned char *img,
             size_t len,
             const char *name,
             uint64_t *want /* OUT */,
             uint32_t *version /* OUT */,
             char *err,
             size_t errlen)
{
    if (len < 8 || memcmp(img, SS_MODEL_MAGIC, 8) != 0) {
        ss_errmsg(err, errlen, "%s: not a spamscore model (bad magic)", name);
        return SS_ERR_MODEL;
    }
    if (len < 16) {
        ss_errmsg(err, errlen, "%s: truncated model (%zu bytes)", name, len);
        return SS_ERR_MODEL;
    }
    *version = rd32(img + OFF_VERSION);
    if (*version < SS_MODEL_VERSION || *version > SS_MODEL_VERSION_WIDE) {
        ss_errmsg(err, errlen,
                "%s: model version %u is not supported (this build reads "
                "versions %u to %u); retrain the model", name, *version,
                SS_MODEL_VERSION, SS_MODEL_VERSION_WIDE);
        return SS_ERR_VERSION;
    }
    if (len < SS_MODEL_HEADER_BYTES
        || rd32(img + OFF_HDRLEN) != SS_MODEL_HEADER_BYTES) {
        ss_errmsg(err, errlen, "%s: truncated model header", name);
        return SS_ERR_MODEL;
    }
    uint64_t ntok = rd64(img + OFF_NTOK);
    uint64_t slots = rd64(img + OFF_SLOTS);
    uint64_t pool = rd64(img + OFF_POOL);
    /* The writer keeps the table at most half full (slots > 2 * tokens):
     * a fuller table would make lookups of unknown tokens long. */
    if (slots == 0 || (slots & (slots - 1)) != 0 || slots > (1ull << 32)
        || ntok > (slots - 1) / 2 || pool > MODEL_MAX_FILE) {
        ss_errmsg(err, errlen, "%s: corrupt model header (table size)", name);
        return SS_ERR_MODEL;
    }
    uint64_t span_len = rd32(img + OFF_SPANLEN);
    if ((*version == SS_MODEL_VERSION) != (span_len == 0)) {
        ss_errmsg(err, errlen, "%s: corrupt model header (span section)", name);
        return SS_ERR_MODEL;
    }
    /* no overflow: slots <= 2^32, pool <= 2^32, span_len < 2^32 */
    *want = SS_MODEL_HEADER_BYTES + slots * SS_MODEL_ENTRY_BYTES + pool + span_len;
    if (*want > MODEL_MAX_FILE) {
        ss_errmsg(err, errlen,
                "%s: model header declares %llu bytes, more than the %llu "
                "a model file may have", name, (unsigned long long)*want,
                (unsigned long long)MODEL_MAX_FILE);
        return SS_ERR_MODEL;
    }
    return SS_OK;
}

/*
 * The longest run of occupied slots in the table (wrapping around), at
 * most cap + 1. A lookup of an unknown token probes to the end of its run.
 */
static uint64_t
longest_run(const ss_model *m, uint64_t cap)
{
    uint64_t best = 0, run = 0, first = 0;
    bool leading = true;
    for (uint64_t i = 0; i < m->slots; i++) {
        if (rd64(m->table + i * SS_MODEL_ENTRY_BYTES) != 0) {
            run++;
            continue;
        }
        if (leading)
            first = run; /* the run at the start continues the one at the end */
        leading = false;
        best = run > best ? run : best;
        run = 0;
    }
    run = leading ? m->slots : run + first;
    best = run > best ? run : best;
    return best > cap ? cap + 1 : best;
}

/* Verify the image and fill m's view of it. */
static ss_status
check_image(ss_model *m, const char *name, char *err, size_t errlen)
{
    const unsigned char *img = m->image;
    size_t len = m->size;
    uint64_t want = 0;
    uint32_t version = 0;
    ss_status hst = check_header(img, len, name, &want, &version, err, errlen);
    if (hst != SS_OK)
        return hst;
    uint64_t ntok = rd64(img + OFF_NTOK);
    uint64_t slots = rd64(img + OFF_SLOTS);
    uint64_t pool = rd64(img + OFF_POOL);
    uint64_t span_len = rd32(img + OFF_SPANLEN);
    if (want != len) {
        ss_errmsg(err, errlen,
                "%s: model size %zu bytes, header says %llu: truncated or "
                "corrupt", name, len, (unsigned long long)want);
        return SS_ERR_MODEL;
    }
    if (ss_model_image_crc(img, len) != rd32(img + OFF_CRC)) {
        ss_errmsg(err, errlen, "%s: model checksum mismatch (corrupt file)",
                name);
        return SS_ERR_MODEL;
    }
    ss_model_params *p = &m->p;
    p->n_spam = rd64(img + OFF_DOCS);
    p->n_ham = rd64(img + OFF_DOCS + 8);
    p->n_bspam = rd64(img + OFF_DOCS + 16);
    p->n_bham = rd64(img + OFF_DOCS + 24);
    p->robs = rdf64(img + OFF_ROB);
    p->robx = rdf64(img + OFF_ROB + 8);
    p->min_dev = rdf64(img + OFF_ROB + 16);
    p->spam_cutoff = rdf64(img + OFF_CUT);
    p->ham_cutoff = rdf64(img + OFF_CUT + 8);
    p->block_cutoff = rdf64(img + OFF_CUT + 16);
    p->has_combiner = rd32(img + OFF_HASCOMB) != 0;
    uint32_t nw = rd32(img + OFF_NWEIGHTS);
    if (!isfinite(p->robs) || p->robs <= 0 || !prob_ok(p->robx)
        || !(p->min_dev >= 0 && p->min_dev < 0.5) || !prob_ok(p->spam_cutoff)
        || !prob_ok(p->ham_cutoff) || !prob_ok(p->block_cutoff)
        || nw > SS_MODEL_MAX_WEIGHTS || rd32(img + OFF_HASCOMB) > 1) {
        ss_errmsg(err, errlen, "%s: corrupt model header (parameters)", name);
        return SS_ERR_MODEL;
    }
    /* A model written before a feature was appended has no weight for it:
     * that weight reads as its documented default. */
    double dflt[SS_FEAT_COUNT], dcut_s, dcut_h;
    ss_combiner_defaults(dflt, &dcut_s, &dcut_h);
    memcpy(p->weights, dflt, sizeof p->weights);
    for (uint32_t i = 0; i < nw && i < SS_FEAT_COUNT; i++) {
        p->weights[i] = rdf64(img + OFF_WEIGHTS + 8 * i);
        if (!isfinite(p->weights[i]) || fabs(p->weights[i]) > 1e6) {
            ss_errmsg(err, errlen, "%s: corrupt model header (weights)", name);
            return SS_ERR_MODEL;
        }
    }
    for (unsigned k = 0; k < SS_FLAG_KIND_COUNT; k++)
        ss_span_weights_default(&p->span[k]);
    if (span_len && !read_span_section(img + len - span_len, span_len,
                                       version, p)) {
        ss_errmsg(err, errlen, "%s: corrupt model (span section)", name);
        return SS_ERR_MODEL;
    }
    m->table = img + SS_MODEL_HEADER_BYTES;
    m->slots = slots;
    m->pool = m->table + slots * SS_MODEL_ENTRY_BYTES;
    m->pool_bytes = pool;
    m->n_tokens = ntok;
    /* Structure: the entry count matches, strings lie inside the pool. A
     * checksum only protects against accidents; this keeps a crafted file
     * from sending dump or lookups out of bounds. */
    uint64_t seen = 0;
    for (uint64_t i = 0; i < slots; i++) {
        const unsigned char *e = m->table + i * SS_MODEL_ENTRY_BYTES;
        if (rd64(e) == 0)
            continue;
        seen++;
        uint64_t off = rd32(e + 24), l = rd32(e + 28);
        if (off + l > pool) {
            ss_errmsg(err, errlen, "%s: corrupt model (string out of range)",
                    name);
            return SS_ERR_MODEL;
        }
    }
    if (seen != ntok) {
        ss_errmsg(err, errlen, "%s: corrupt model (token count)", name);
        return SS_ERR_MODEL;
    }
    /* Hashed tables the writer fills have runs of a few dozen slots at
     * most (15 in the shipped model); a crafted one could put every token
     * in one run and make each lookup walk it. */
    if (longest_run(m, MODEL_MAX_RUN) > MODEL_MAX_RUN) {
        ss_errmsg(err, errlen,
                "%s: corrupt model (a run of more than %u occupied table "
                "slots)", name, (unsigned)MODEL_MAX_RUN);
        return SS_ERR_MODEL;
    }
    return SS_OK;
}

/* See model.h. */
ss_status
ss_model_from_buffer(unsigned char *buf,
                     size_t len,
                     bool owned,
                     const char *name,
                     ss_model **out,
                     char *err,
                     size_t errlen)
{
    *out = NULL;
    ss_model *m = calloc(1, sizeof *m);
    if (!m) {
        if (owned)
            free(buf);
        ss_errmsg(err, errlen, "%s: out of memory", name);
        return SS_ERR_NOMEM;
    }
    m->image = buf;
    m->size = len;
    m->mapped = false;
    ss_status st = check_image(m, name ? name : "model", err, errlen);
    if (st != SS_OK) {
        if (owned)
            free(buf);
        free(m);
        return st;
    }
    if (!owned)
        m->image = NULL; /* not ours to free; view pointers stay valid */
    *out = m;
    return SS_OK;
}

/* A gzip stream being inflated: every member in turn, as gunzip does. */
typedef struct gz_in {
    z_stream z;
    const unsigned char *in;
    size_t inlen;
    bool ended; /* the last member ended at the end of the input */
} gz_in;

/*
 * Inflate up to cap bytes into out; *got gets how many came. Stops early
 * only at the end of the data. Returns NULL, or a static message: corrupt
 * or truncated data, no memory.
 */
static const char *
gz_read(gz_in *g,
        unsigned char *out,
        size_t cap,
        size_t *got)
{
    *got = 0;
    while (*got < cap && !g->ended) {
        size_t used = (size_t)(g->z.next_in - g->in);
        size_t in_left = g->inlen - used;
        size_t out_left = cap - *got;
        g->z.avail_in = in_left > UINT32_MAX ? UINT32_MAX : (unsigned)in_left;
        g->z.next_out = out + *got;
        g->z.avail_out = out_left > UINT32_MAX ? UINT32_MAX : (unsigned)out_left;
        unsigned before = g->z.avail_out;
        int rc = inflate(&g->z, Z_NO_FLUSH);
        *got += before - g->z.avail_out;
        if (rc == Z_STREAM_END) {
            /* Another member may follow (concatenated gzip files). */
            if ((size_t)(g->z.next_in - g->in) >= g->inlen)
                g->ended = true;
            else if (inflateReset(&g->z) != Z_OK)
                return "corrupt gzip data";
            continue;
        }
        if (rc == Z_MEM_ERROR)
            return "out of memory";
        if (rc == Z_BUF_ERROR && g->z.avail_in == 0)
            return "truncated gzip data";
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return g->z.msg ? g->z.msg : "corrupt gzip data";
    }
    return NULL;
}

/* Images this large get transparent huge pages where the system offers
 * them (see image_alloc). */
#define HUGE_PAGE ((size_t)2 << 20)

/*
 * Memory for an inflated model image of n bytes, to be released with
 * free(). A large image is aligned to 2 MB and its whole 2 MB stretches
 * are marked for transparent huge pages (Linux, MADV_HUGEPAGE; a no-op
 * where it is not offered): scoring looks tokens up at random all over
 * the 9 MB table, and with 4 KB pages nearly every look-up (and the
 * prefetch before it) also missed the TLB. The tail past the last whole
 * 2 MB is left to small pages, so the resident size does not grow.
 */
static unsigned char *
image_alloc(size_t n)
{
#if defined(MADV_HUGEPAGE)
    if (n >= 2 * HUGE_PAGE) {
        void *p = NULL;
        if (posix_memalign(&p, HUGE_PAGE, n) != 0)
            return NULL;
        (void)madvise(p, n & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
        return p;
    }
#endif
    return malloc(n);
}

/*
 * Inflate the gzip-compressed model in[0..inlen) into a malloc'ed image.
 * The header is inflated first and checked: the image is allocated only
 * for the size it declares, when that is within MODEL_MAX_FILE and
 * MODEL_GZ_MAX_RATIO times the compressed size, and the data must then
 * hold exactly that many bytes.
 */
static ss_status
gunzip_image(const unsigned char *in,
             size_t inlen,
             const char *path,
             unsigned char **img,
             size_t *len,
             char *err,
             size_t errlen)
{
    gz_in g;
    memset(&g, 0, sizeof g);
    g.in = in;
    g.inlen = inlen;
    g.z.next_in = (unsigned char *)(uintptr_t)in;
    if (inflateInit2(&g.z, 15 + 16) != Z_OK) {
        ss_errmsg(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    ss_status st = SS_ERR_MODEL;
    unsigned char *out = NULL;
    unsigned char hdr[SS_MODEL_HEADER_BYTES];
    size_t got = 0;
    const char *why = gz_read(&g, hdr, sizeof hdr, &got);
    if (why)
        goto bad_gzip;
    uint64_t want = 0;
    uint32_t version = 0;
    st = check_header(hdr, got, path, &want, &version, err, errlen);
    if (st != SS_OK)
        goto done;
    uint64_t allow = (uint64_t)inlen * MODEL_GZ_MAX_RATIO;
    if (allow < MODEL_GZ_MIN_ALLOW)
        allow = MODEL_GZ_MIN_ALLOW;
    if (want > allow) {
        ss_errmsg(err, errlen,
                "%s: model header declares %llu bytes, more than %u times "
                "the %zu compressed bytes: corrupt or hostile file", path,
                (unsigned long long)want, MODEL_GZ_MAX_RATIO, inlen);
        st = SS_ERR_MODEL;
        goto done;
    }
    out = image_alloc((size_t)want);
    if (!out) {
        ss_errmsg(err, errlen, "%s: out of memory", path);
        st = SS_ERR_NOMEM;
        goto done;
    }
    memcpy(out, hdr, SS_MODEL_HEADER_BYTES);
#ifdef SS_HAVE_LIBDEFLATE
    /* One member holding exactly the declared bytes (what the trainer
     * writes): libdeflate inflates and checks it whole, twice as fast as
     * zlib here. Anything else (several members, a wrong size, bad data)
     * goes on with zlib below, which finds and words the error. */
    struct libdeflate_decompressor *fast = libdeflate_alloc_decompressor();
    if (fast) {
        size_t in_used = 0, out_used = 0;
        enum libdeflate_result r = libdeflate_gzip_decompress_ex(
            fast, in, inlen, out, (size_t)want, &in_used, &out_used);
        libdeflate_free_decompressor(fast);
        if (r == LIBDEFLATE_SUCCESS && in_used == inlen && out_used == want) {
            *img = out;
            *len = (size_t)want;
            out = NULL;
            st = SS_OK;
            goto done;
        }
        memcpy(out, hdr, SS_MODEL_HEADER_BYTES);
    }
#endif
    size_t rest = 0;
    why = gz_read(&g, out + SS_MODEL_HEADER_BYTES,
                  (size_t)want - SS_MODEL_HEADER_BYTES, &rest);
    if (why)
        goto bad_gzip;
    unsigned char extra;
    size_t more = 0;
    if (SS_MODEL_HEADER_BYTES + rest == want
        && (why = gz_read(&g, &extra, 1, &more)) != NULL)
        goto bad_gzip;
    if (SS_MODEL_HEADER_BYTES + rest != want || more) {
        ss_errmsg(err, errlen,
                "%s: model %s than its header says (%llu bytes): truncated "
                "or corrupt", path, more ? "longer" : "shorter",
                (unsigned long long)want);
        st = SS_ERR_MODEL;
        goto done;
    }
    *img = out;
    *len = (size_t)want;
    out = NULL;
    st = SS_OK;
    goto done;

bad_gzip:
    ss_errmsg(err, errlen, "%s: not a valid gzip-compressed model (%s)", path, why);
    st = strcmp(why, "out of memory") == 0 ? SS_ERR_NOMEM : SS_ERR_MODEL;
done:
    free(out);
    inflateEnd(&g.z);
    return st;
}

/* Read the gzip-compressed model file fd (size bytes) and inflate it
 * (gunzip_image). Returns SS_OK with *img / *len, or an error with a
 * message. */
static ss_status
read_gzip_image(int fd,
                size_t size,
                const char *path,
                unsigned char **img,
                size_t *len,
                char *err,
                size_t errlen)
{
    unsigned char *in = malloc(size ? size : 1);
    if (!in) {
        ss_errmsg(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = pread(fd, in + got, size - got, (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            ss_errmsg(err, errlen, "%s: read: %s", path, r < 0 ? strerror(errno) : "short file");
            free(in);
            return SS_ERR_IO;
        }
        got += (size_t)r;
    }
    ss_status st = gunzip_image(in, size, path, img, len, err, errlen);
    free(in);
    return st;
}

/* See spamscore.h. */
ss_status
ss_model_open(const char *path,
              ss_model **out,
              char *err,
              size_t errlen)
{
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    if (!path) {
        ss_errmsg(err, errlen, "model: no path");
        return SS_ERR_ARG;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ss_errmsg(err, errlen, "%s: %s", path, strerror(errno));
        return SS_ERR_IO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        ss_errmsg(err, errlen, "%s: not a regular file", path);
        close(fd);
        return SS_ERR_IO;
    }
    if ((uint64_t)sb.st_size > MODEL_MAX_FILE) {
        ss_errmsg(err, errlen, "%s: model file too large", path);
        close(fd);
        return SS_ERR_MODEL;
    }
    size_t len = (size_t)sb.st_size;
    unsigned char magic[2];
    if (len >= 2 && pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        /* A gzip-compressed model (written for a name ending in .gz):
         * inflated into memory, then verified like any image. */
        unsigned char *img = NULL;
        size_t ilen = 0;
        ss_status st = read_gzip_image(fd, len, path, &img, &ilen, err, errlen);
        close(fd);
        if (st != SS_OK)
            return st;
        return ss_model_from_buffer(img, ilen, true, path, out, err, errlen);
    }
    if (len < SS_MODEL_HEADER_BYTES) {
        /* Too small to map usefully: read it to give the precise error. */
        unsigned char small[SS_MODEL_HEADER_BYTES];
        ssize_t r = read(fd, small, sizeof small);
        close(fd);
        ss_model tmp;
        memset(&tmp, 0, sizeof tmp);
        tmp.image = small;
        tmp.size = r > 0 ? (size_t)r : 0;
        ss_status st = check_image(&tmp, path, err, errlen);
        return st == SS_OK ? SS_ERR_MODEL : st;
    }
    void *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        ss_errmsg(err, errlen, "%s: mmap: %s", path, strerror(errno));
        return SS_ERR_IO;
    }
    ss_model *m = calloc(1, sizeof *m);
    if (!m) {
        munmap(map, len);
        ss_errmsg(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    m->image = map;
    m->size = len;
    m->mapped = true;
    ss_status st = check_image(m, path, err, errlen);
    if (st != SS_OK) {
        munmap(map, len);
        free(m);
        return st;
    }
    *out = m;
    return SS_OK;
}

/* See spamscore.h. */
void
ss_model_free(ss_model *model)
{
    if (!model)
        return;
    if (model->mapped)
        munmap(model->image, model->size);
    else
        free(model->image);
    free(model);
}

/* Decode the table entry at e. */
static void
read_entry(const unsigned char *e, const ss_model *m, ss_model_tok *out)
{
    out->hash = rd64(e);
    out->spam = rd32(e + 8);
    out->ham = rd32(e + 12);
    out->bspam = rd32(e + 16);
    out->bham = rd32(e + 20);
    out->text = (const char *)m->pool + rd32(e + 24);
    out->len = rd32(e + 28);
}

/* See model.h. */
bool
ss_model_lookup(const ss_model *m, uint64_t hash, ss_model_tok *out)
{
    memset(out, 0, sizeof *out);
    if (!m || hash == 0)
        return false;
    uint64_t mask = m->slots - 1;
    uint64_t i = hash & mask;
    /* Load <= 1/2 makes probes short; the bound guards crafted files. */
    for (uint64_t probe = 0; probe < m->slots; probe++) {
        const unsigned char *e = m->table + i * SS_MODEL_ENTRY_BYTES;
        uint64_t h = rd64(e);
        if (h == 0)
            return false;
        if (h == hash) {
            read_entry(e, m, out);
            return true;
        }
        i = (i + 1) & mask;
    }
    return false;
}

/* See model.h. */
void
ss_model_prefetch(const ss_model *m,
                  uint64_t hash)
{
#if defined(__GNUC__) || defined(__clang__)
    if (m && m->slots)
        __builtin_prefetch(m->table + (hash & (m->slots - 1)) * SS_MODEL_ENTRY_BYTES);
#else
    (void)m;
    (void)hash;
#endif
}

/* See model.h. */
uint64_t
ss_model_slots(const ss_model *m)
{
    return m ? m->slots : 0;
}

/* See model.h. */
bool
ss_model_entry(const ss_model *m, uint64_t i, ss_model_tok *out)
{
    memset(out, 0, sizeof *out);
    if (!m || i >= m->slots)
        return false;
    const unsigned char *e = m->table + i * SS_MODEL_ENTRY_BYTES;
    if (rd64(e) == 0)
        return false;
    read_entry(e, m, out);
    return true;
}

/* qsort order of builder tokens: by hash. */
static int
cmp_tok_hash(const void *a, const void *b)
{
    const ss_model_tok *x = a, *y = b;
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* See model.h. */
ss_status
ss_model_serialize(const ss_model_params *p,
                   ss_model_tok *toks,
                   size_t n,
                   unsigned char **out,
                   size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (n > SS_COUNTMAP_MAX_TOKENS)
        return SS_ERR_LIMIT;
    qsort(toks, n, sizeof *toks, cmp_tok_hash);
    uint64_t slots = 16;
    while (slots < 2 * (uint64_t)n + 1)
        slots <<= 1;
    uint64_t pool = 0;
    for (size_t i = 0; i < n; i++)
        pool += toks[i].text ? toks[i].len : 0;
    if (pool > UINT32_MAX)
        return SS_ERR_LIMIT;
    size_t span_len = span_section_bytes(p);
    size_t len = SS_MODEL_HEADER_BYTES + slots * SS_MODEL_ENTRY_BYTES + pool + span_len;
    unsigned char *img = calloc(1, len);
    if (!img)
        return SS_ERR_NOMEM;
    memcpy(img, SS_MODEL_MAGIC, 8);
    /* A model without span weights is written as version 1, one without
     * flag cut-offs as version 2, byte for byte as before, so that older
     * builds still read them. */
    wr32(img + OFF_VERSION, ss_model_version(p));
    wr32(img + OFF_SPANLEN, (uint32_t)span_len);
    if (span_len)
        write_span_section(img + len - span_len, p);
    wr32(img + OFF_HDRLEN, SS_MODEL_HEADER_BYTES);
    wr64(img + OFF_DOCS, p->n_spam);
    wr64(img + OFF_DOCS + 8, p->n_ham);
    wr64(img + OFF_DOCS + 16, p->n_bspam);
    wr64(img + OFF_DOCS + 24, p->n_bham);
    wrf64(img + OFF_ROB, p->robs);
    wrf64(img + OFF_ROB + 8, p->robx);
    wrf64(img + OFF_ROB + 16, p->min_dev);
    wrf64(img + OFF_CUT, p->spam_cutoff);
    wrf64(img + OFF_CUT + 8, p->ham_cutoff);
    wrf64(img + OFF_CUT + 16, p->block_cutoff);
    wr32(img + OFF_HASCOMB, p->has_combiner ? 1 : 0);
    wr32(img + OFF_NWEIGHTS, SS_FEAT_COUNT);
    for (unsigned i = 0; i < SS_FEAT_COUNT; i++)
        wrf64(img + OFF_WEIGHTS + 8 * i, p->has_combiner ? p->weights[i] : 0);
    wr64(img + OFF_NTOK, n);
    wr64(img + OFF_SLOTS, slots);
    wr64(img + OFF_POOL, pool);
    unsigned char *table = img + SS_MODEL_HEADER_BYTES;
    unsigned char *pp = table + slots * SS_MODEL_ENTRY_BYTES;
    uint64_t off = 0;
    uint64_t mask = slots - 1;
    for (size_t k = 0; k < n; k++) {
        const ss_model_tok *t = &toks[k];
        uint64_t i = t->hash & mask;
        while (rd64(table + i * SS_MODEL_ENTRY_BYTES) != 0)
            i = (i + 1) & mask;
        unsigned char *e = table + i * SS_MODEL_ENTRY_BYTES;
        wr64(e, t->hash ? t->hash : 1);
        wr32(e + 8, t->spam);
        wr32(e + 12, t->ham);
        wr32(e + 16, t->bspam);
        wr32(e + 20, t->bham);
        uint32_t l = t->text ? t->len : 0;
        wr32(e + 24, (uint32_t)off);
        wr32(e + 28, l);
        if (l)
            memcpy(pp + off, t->text, l);
        off += l;
    }
    wr32(img + OFF_CRC, ss_model_image_crc(img, len));
    *out = img;
    *out_len = len;
    return SS_OK;
}

/* See model.h. */
ss_status
ss_model_pack_image(const char *path,
                    const unsigned char *image,
                    size_t len,
                    unsigned char **packed,
                    size_t *packed_len,
                    char *err,
                    size_t errlen)
{
    size_t plen = strlen(path);
    *packed = NULL;
    *packed_len = len;
    if (plen <= 3 || strcmp(path + plen - 3, ".gz") != 0)
        return SS_OK;
    if (len > (size_t)1 << 31) {
        ss_errmsg(err, errlen, "%s: model too large to compress", path);
        return SS_ERR_ARG;
    }
    /* Compressed: most of an image is empty hash slots. The gzip header
     * carries no name and no time, so the same image always gives the
     * same bytes with the same zlib. */
    uLong bound = compressBound((uLong)len) + 32;
    z_stream z;
    memset(&z, 0, sizeof z);
    unsigned char *buf = malloc(bound);
    if (!buf || deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(buf);
        ss_errmsg(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    z.next_in = (unsigned char *)image;
    z.avail_in = (uInt)len;
    z.next_out = buf;
    z.avail_out = (uInt)bound;
    int zr = deflate(&z, Z_FINISH);
    size_t out_len = bound - z.avail_out;
    deflateEnd(&z);
    if (zr != Z_STREAM_END) {
        free(buf);
        ss_errmsg(err, errlen, "%s: compression failed", path);
        return SS_ERR_IO;
    }
    *packed = buf;
    *packed_len = out_len;
    return SS_OK;
}

/* See model.h. */
ss_status
ss_model_write_bytes(const char *path,
                     const unsigned char *bytes,
                     size_t len,
                     char *err,
                     size_t errlen)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32);
    if (!tmp) {
        ss_errmsg(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
    ss_status st = SS_ERR_IO;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        ss_errmsg(err, errlen, "%s: %s", tmp, strerror(errno));
        goto free_tmp;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, bytes + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            ss_errmsg(err, errlen, "%s: write: %s", tmp, strerror(errno));
            goto close_fd;
        }
        done += (size_t)w;
    }
    if (fsync(fd) != 0) {
        ss_errmsg(err, errlen, "%s: fsync: %s", tmp, strerror(errno));
        goto close_fd;
    }
    if (close(fd) != 0) {
        fd = -1;
        ss_errmsg(err, errlen, "%s: close: %s", tmp, strerror(errno));
        goto unlink_tmp;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        ss_errmsg(err, errlen, "%s: rename: %s", path, strerror(errno));
        goto unlink_tmp;
    }
    st = SS_OK;
    goto free_tmp;
close_fd:
    close(fd);
unlink_tmp:
    unlink(tmp);
free_tmp:
    free(tmp);
    return st;
}

/* See model.h. */
ss_status
ss_model_write_image(const char *path,
                     const unsigned char *image,
                     size_t len,
                     char *err,
                     size_t errlen)
{
    unsigned char *packed = NULL;
    size_t packed_len = 0;
    ss_status st = ss_model_pack_image(path, image, len, &packed, &packed_len,
                                       err, errlen);
    if (st != SS_OK)
        return st;
    st = ss_model_write_bytes(path, packed ? packed : image, packed_len, err,
                              errlen);
    free(packed);
    return st;
}
