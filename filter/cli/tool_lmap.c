/*
 * tool_lmap.c - `train -j N` and `eval -j N`: the documents of a labeled
 * input worked on N threads, their results taken in the input's order.
 *
 * threads == 1: read a document, work on it, take its result, repeat; all
 * on the calling thread, with the reader's document as it is.
 *
 * threads == N > 1: the calling thread reads the input and takes the
 * results ("done"), N workers do the work in between. A ring of W = 4 * N
 * slots holds the documents in flight: each slot has its own copy of its
 * document (the reader's record is valid only until its next read) and its
 * own state from ops->slot_new (a trainer prep or a scoring context, whose
 * results stay in the slot until they are taken). The reader fills slots
 * while fewer than W are in flight; workers take slots in sequence order;
 * the results are taken strictly in sequence order, so whatever done does
 * (moving counts, writing records) happens in the same order as with one
 * thread. A slot is reused only after its result was taken, so at most W
 * documents exist at any time, whatever the length of the input.
 *
 * A bad line or record of the input goes through the ring as a slot with no
 * document: the worker that takes it leaves it as it is, and done sees it
 * in its place in the order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tool_labeled.h"

#define MAX_THREADS 256
#define SLOTS_PER_THREAD 4
#define ERR_BYTES 1024

/* One document in flight. */
typedef struct lslot {
    ss_corpus_doc doc;     /* the copy, pointing into buf */
    char *buf;
    size_t cap;
    void *state;           /* ops->slot_new's */
    bool read_failed;      /* no document: the read failed (st, err) */
    ss_status st;
    char err[ERR_BYTES];
    bool ready;            /* worked on: done may take it */
} lslot;

typedef struct lmap {
    const tool_labeled_ops *ops;
    lslot *ring;
    size_t window;
    pthread_mutex_t mu;
    pthread_cond_t work_cv;  /* a slot was filled, or the run ends */
    pthread_cond_t done_cv;  /* a slot is ready */
    size_t tail;             /* slots filled (next sequence number) */
    size_t next_work;        /* slots taken by workers */
    bool quit;
} lmap;

/* Bytes of s with its NUL (0 for NULL). */
static size_t
str_size(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* Copy s to *at and move *at on; NULL stays NULL. */
static const char *
put_str(char **at,
        const char *s)
{
    size_t n = str_size(s);
    char *d = *at;
    if (!s)
        return NULL;
    memcpy(d, s, n);
    *at += n;
    return d;
}

/*
 * A deep copy of src into s (its buf grows as needed; pointer arrays first,
 * so they are aligned as malloc aligns). False when out of memory.
 */
static bool
copy_doc(lslot *s,
         const ss_corpus_doc *src)
{
    size_t need = src->n_spans * sizeof(ss_span_label) +
                  src->n_families * sizeof(char *) + str_size(src->name) +
                  src->len + 1 + str_size(src->site) + str_size(src->url) +
                  str_size(src->id);
    size_t i;
    for (i = 0; i < src->n_spans; i++)
        need += str_size(src->spans[i].text);
    for (i = 0; i < src->n_families; i++)
        need += str_size(src->families[i]);
    if (need > s->cap) {
        char *nb = realloc(s->buf, need);
        if (!nb)
            return false;
        s->buf = nb;
        s->cap = need;
    }
    ss_span_label *spans = (ss_span_label *)(void *)s->buf;
    const char **fams = (const char **)(void *)(s->buf + src->n_spans *
                                                sizeof(ss_span_label));
    char *at = (char *)(fams + src->n_families);
    s->doc = *src;
    for (i = 0; i < src->n_spans; i++) {
        spans[i].kind = src->spans[i].kind;
        spans[i].text = put_str(&at, src->spans[i].text);
    }
    for (i = 0; i < src->n_families; i++)
        fams[i] = put_str(&at, src->families[i]);
    s->doc.spans = src->n_spans ? spans : NULL;
    s->doc.families = src->n_families ? fams : NULL;
    s->doc.name = put_str(&at, src->name);
    if (src->len)
        memcpy(at, src->data, src->len);
    at[src->len] = '\0';
    s->doc.data = at;
    at += src->len + 1;
    s->doc.site = put_str(&at, src->site);
    s->doc.url = put_str(&at, src->url);
    s->doc.id = put_str(&at, src->id);
    return true;
}

/* threads == 1: everything on the calling thread. */
static ss_status
map_inline(tool_labeled *in,
           const tool_labeled_ops *ops)
{
    char err[ERR_BYTES];
    void *state = ops->slot_new(ops->ud);
    if (!state)
        return SS_ERR_NOMEM;
    for (;;) {
        const ss_corpus_doc *doc = NULL;
        err[0] = '\0';
        ss_status st = tool_labeled_next(in, &doc, err, sizeof err);
        if (st == SS_OK && !doc)
            break;
        if (st == SS_OK) {
            err[0] = '\0';
            st = ops->work(ops->ud, state, doc, err, sizeof err);
        } else {
            doc = NULL;
        }
        if (!ops->done(ops->ud, state, doc, st, err))
            break;
    }
    ops->slot_free(ops->ud, state);
    return SS_OK;
}

/* Worker: take the next filled slot, work on it, mark it ready. */
static void *
worker_main(void *arg)
{
    lmap *m = arg;
    pthread_mutex_lock(&m->mu);
    for (;;) {
        while (!m->quit && m->next_work == m->tail)
            pthread_cond_wait(&m->work_cv, &m->mu);
        if (m->quit)
            break;
        lslot *s = &m->ring[m->next_work++ % m->window];
        pthread_mutex_unlock(&m->mu);
        /* The slot is this worker's until it is marked ready. */
        if (!s->read_failed) {
            s->err[0] = '\0';
            s->st = m->ops->work(m->ops->ud, s->state, &s->doc, s->err,
                                 sizeof s->err);
        }
        pthread_mutex_lock(&m->mu);
        s->ready = true;
        pthread_cond_signal(&m->done_cv);
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/*
 * Fill slots from the input while fewer than the window are in flight
 * (head: the first not yet taken). Returns false at the end of the input
 * or when out of memory (*nomem).
 */
static bool
fill(lmap *m,
     tool_labeled *in,
     size_t head,
     bool *nomem)
{
    while (m->tail - head < m->window) {
        /* Only this thread fills, and the slot at tail is free: its last
         * document was taken before head moved past it. */
        lslot *s = &m->ring[m->tail % m->window];
        const ss_corpus_doc *doc = NULL;
        s->err[0] = '\0';
        s->st = tool_labeled_next(in, &doc, s->err, sizeof s->err);
        if (s->st == SS_OK && !doc)
            return false;
        s->read_failed = s->st != SS_OK;
        if (!s->read_failed && !copy_doc(s, doc)) {
            *nomem = true;
            return false;
        }
        s->ready = false;
        pthread_mutex_lock(&m->mu);
        m->tail++;
        pthread_cond_signal(&m->work_cv);
        pthread_mutex_unlock(&m->mu);
    }
    return true;
}

/* threads > 1: this thread reads and takes the results, workers work. */
static ss_status
map_threaded(tool_labeled *in,
             unsigned threads,
             const tool_labeled_ops *ops)
{
    lmap m;
    pthread_t workers[MAX_THREADS];
    size_t n_workers = 0, head = 0, i;
    bool more = true, nomem = false;

    memset(&m, 0, sizeof m);
    m.ops = ops;
    m.window = (size_t)threads * SLOTS_PER_THREAD;
    m.ring = calloc(m.window, sizeof *m.ring);
    if (!m.ring)
        return SS_ERR_NOMEM;
    for (i = 0; i < m.window; i++)
        if (!(m.ring[i].state = ops->slot_new(ops->ud)))
            nomem = true;
    pthread_mutex_init(&m.mu, NULL);
    pthread_cond_init(&m.work_cv, NULL);
    pthread_cond_init(&m.done_cv, NULL);
    for (i = 0; i < threads && !nomem; i++) {
        if (pthread_create(&workers[i], NULL, worker_main, &m) != 0)
            break;
        n_workers++;
    }
    if (n_workers == 0)
        nomem = true;
    while (!nomem) {
        if (more)
            more = fill(&m, in, head, &nomem);
        if (head == m.tail || nomem)
            break;
        lslot *s = &m.ring[head % m.window];
        pthread_mutex_lock(&m.mu);
        while (!s->ready)
            pthread_cond_wait(&m.done_cv, &m.mu);
        pthread_mutex_unlock(&m.mu);
        if (!ops->done(ops->ud, s->state, s->read_failed ? NULL : &s->doc,
                       s->st, s->err))
            break;
        head++;
    }
    pthread_mutex_lock(&m.mu);
    m.quit = true;
    pthread_cond_broadcast(&m.work_cv);
    pthread_mutex_unlock(&m.mu);
    for (i = 0; i < n_workers; i++)
        pthread_join(workers[i], NULL);
    for (i = 0; i < m.window; i++) {
        if (m.ring[i].state)
            ops->slot_free(ops->ud, m.ring[i].state);
        free(m.ring[i].buf);
    }
    pthread_cond_destroy(&m.done_cv);
    pthread_cond_destroy(&m.work_cv);
    pthread_mutex_destroy(&m.mu);
    free(m.ring);
    return nomem ? SS_ERR_NOMEM : SS_OK;
}

/* See tool_labeled.h. */
ss_status
tool_labeled_map(tool_labeled *in,
                 unsigned threads,
                 const tool_labeled_ops *ops)
{
    if (!in || !ops || !ops->slot_new || !ops->slot_free || !ops->work ||
        !ops->done)
        return SS_ERR_ARG;
    if (threads <= 1)
        return map_inline(in, ops);
    return map_threaded(in, threads > MAX_THREADS ? MAX_THREADS : threads,
                        ops);
}
