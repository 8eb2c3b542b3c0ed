/*
 * tool_run.c - the scoring pipeline of the spamscore command.
 *
 * threads == 1: read a document, score it, write its record, repeat.
 *
 * threads == N > 1: N workers, each with its own ss_ctx, do everything in
 * turn. A worker takes the next document from the source (one at a time,
 * under the source lock; reading files and decoding JSON Lines lines is
 * deferred to tool_doc_load, so the lock is held only to walk or split),
 * numbers it, scores it and formats its record into a slot of a ring of
 * W = 16 * N slots. Records are written strictly in sequence order by
 * whichever worker finishes the record that is due: it writes that one and
 * every finished record after it ("ordered commit"). A worker does not take
 * a document more than W ahead of the last record written, so at most W
 * documents and W records exist at any time, whatever the length of the
 * stream; the bytes written are the same as with one thread because each
 * record is formatted by the same function from the same document.
 *
 * No thread waits for another in the common case: there is no reader or
 * writer thread to wake (on a 2-core virtual machine every wake-up was a
 * context switch, about 1 700 of them per 800 pages).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"
#include "tool_cmd.h"

#define MAX_THREADS 256
#define WINDOW_PER_THREAD 16
#define MAX_ERRORS_SHOWN 10  /* filter/--clean mode: failures on stderr */

/* One document in flight and its formatted record. */
typedef struct slot {
    tool_doc doc;
    char *rec;          /* the record bytes (open_memstream buffer) */
    size_t rec_len;
    bool failed;        /* an error record */
    bool scored;        /* verdict is valid */
    ss_verdict verdict;
    char errmsg[256];
    bool done;          /* rec is ready for the writer */
} slot;

typedef struct pipeline {
    const tool_run_opts *opts;
    tool_source *src;
    FILE *out;
    tool_run_stats *st;        /* written only by the committing worker */
    slot *ring;
    size_t window;
    pthread_mutex_t src_mu;    /* one worker reads the source at a time */
    pthread_mutex_t mu;        /* the counters and flags below */
    pthread_cond_t can_take;   /* the window moved on, or the run ends */
    size_t n_taken;            /* documents taken (next sequence number) */
    size_t n_written;          /* records written */
    bool committing;           /* a worker is writing records */
    bool eof;                  /* the source is exhausted */
    bool abort;                /* a write error: stop */
    bool nomem;                /* a worker could not allocate */
    unsigned n_waiting;        /* workers waiting for the window */
} pipeline;

/*
 * Score doc with ctx and format its record into s->rec. The only place a
 * document turns into output, shared by both modes.
 */
static void
process(ss_ctx *ctx,
        const tool_run_opts *opts,
        slot *s)
{
    FILE *mf;
    const ss_result *res = NULL;
    const char *err = NULL;
    tool_doc *doc = &s->doc;

    s->rec = NULL;
    s->rec_len = 0;
    s->failed = false;
    s->scored = false;
    s->errmsg[0] = '\0';
    tool_doc_load(doc);
    if (opts->format != SS_FORMAT_AUTO)
        doc->format = opts->format;
    if (doc->error) {
        err = doc->error;
    } else {
        ss_doc_opts dopts;
        ss_status st;
        memset(&dopts, 0, sizeof dopts);
        dopts.format = doc->format;
        dopts.charset_hint = doc->charset_hint;
        /* Filter mode passes JSONL documents through with their clean
         * text; plain --jsonl scoring does not need it. */
        dopts.want_clean = opts->out.clean ||
                           (opts->out.filter && opts->out.passthrough);
        dopts.want_markdown = opts->out.clean && opts->out.markdown;
        st = ss_ctx_score(ctx, doc->data ? doc->data : "", doc->len, &dopts,
                          &res);
        if (st != SS_OK) {
            res = NULL;
            err = ss_ctx_error(ctx);
            if (!err || !*err)
                err = ss_strerror(st);
        }
    }
    if (res) {
        s->scored = true;
        s->verdict = res->verdict;
    } else {
        s->failed = true;
        snprintf(s->errmsg, sizeof s->errmsg, "%s", err);
    }
    mf = open_memstream(&s->rec, &s->rec_len);
    if (!mf) {
        s->rec = NULL;
        s->rec_len = 0;
        return;
    }
    tool_output_record(mf, doc, res, s->errmsg, &opts->out);
    fclose(mf);
    /* The page bytes are no longer needed: free them early so the window
     * holds records, not pages. */
    free(doc->data);
    doc->data = NULL;
    doc->len = 0;
    ss_ctx_clean(ctx);
}

/* Note a failed write of the output (the first one's errno is kept). */
static void
write_failed(tool_run_stats *st)
{
    if (!st->write_error)
        st->write_errno = errno;
    st->write_error = true;
}

/* Write one finished slot to out, update the counts, free the slot. */
static void
emit(const tool_run_opts *opts,
     slot *s,
     FILE *out,
     tool_run_stats *st)
{
    st->docs++;
    if (s->rec && s->rec_len > 0 && !st->write_error) {
        if (fwrite(s->rec, 1, s->rec_len, out) != s->rec_len)
            write_failed(st);
    }
    if (s->failed && s->doc.skipped) {
        st->skipped++;
    } else if (s->failed) {
        st->failed++;
        if (!st->first_error[0])
            snprintf(st->first_error, sizeof st->first_error, "%.300s: %s",
                     s->doc.input ? s->doc.input : "-", s->errmsg);
        /* Modes whose stdout has no error records report on stderr. */
        if ((opts->out.filter || (opts->out.clean && !opts->out.json &&
                                  !opts->out.verbose)) && opts->errf) {
            if (st->failed <= MAX_ERRORS_SHOWN)
                fprintf(opts->errf, "spamscore: %s: %s\n",
                        s->doc.input ? s->doc.input : "-", s->errmsg);
            else if (st->failed == MAX_ERRORS_SHOWN + 1)
                fprintf(opts->errf, "spamscore: more failures not shown\n");
        }
    } else if (s->scored) {
        st->by_verdict[s->verdict]++;
        st->last_verdict = s->verdict;
        if (tool_output_kept(&opts->out, s->verdict))
            st->kept[s->verdict]++;
    }
    free(s->rec);
    s->rec = NULL;
    tool_doc_clear(&s->doc);
}

/* threads == 1: everything on the calling thread. */
static ss_status
run_inline(tool_source *src,
           const tool_run_opts *opts,
           FILE *out,
           tool_run_stats *st)
{
    ss_ctx *ctx = NULL;
    slot s;
    ss_status rc = ss_ctx_create(opts->scorer, &ctx);

    if (rc != SS_OK)
        return rc;
    memset(&s, 0, sizeof s);
    while (!st->write_error && src->next(src, &s.doc) == TOOL_NEXT_DOC) {
        process(ctx, opts, &s);
        if (!s.rec) { /* open_memstream failed */
            tool_doc_clear(&s.doc);
            rc = SS_ERR_NOMEM;
            break;
        }
        emit(opts, &s, out, st);
        /* The next record needs the next input, which may be a while. */
        if (opts->flush_idle && fflush(out) != 0)
            write_failed(st);
    }
    ss_ctx_free(ctx);
    return rc;
}

/* Stop the run (write error or no memory), with p->mu held. */
static void
stop_all(pipeline *p)
{
    p->abort = true;
    pthread_cond_broadcast(&p->can_take);
}

/*
 * Write every finished record that is due, in order, with p->mu held on
 * entry and exit; only one worker commits at a time (the others leave
 * their finished records to it). The records are written with the lock
 * released: their slots are the committer's until n_written passes them.
 */
static void
commit(pipeline *p)
{
    if (p->committing)
        return;
    p->committing = true;
    while (!p->abort && p->n_written < p->n_taken &&
           p->ring[p->n_written % p->window].done) {
        size_t run = 0;
        while (p->n_written + run < p->n_taken &&
               p->ring[(p->n_written + run) % p->window].done)
            run++;
        pthread_mutex_unlock(&p->mu);
        for (size_t k = 0; k < run; k++) {
            slot *s = &p->ring[(p->n_written + k) % p->window];
            if (!p->st->write_error) {
                emit(p->opts, s, p->out, p->st);
            } else { /* stopping: drop what is left of the run */
                free(s->rec);
                s->rec = NULL;
                tool_doc_clear(&s->doc);
            }
        }
        /* The next record needs more input, which may be a while. */
        if (p->opts->flush_idle && !p->st->write_error && fflush(p->out) != 0)
            write_failed(p->st);
        pthread_mutex_lock(&p->mu);
        for (size_t k = 0; k < run; k++)
            p->ring[(p->n_written + k) % p->window].done = false;
        p->n_written += run;
        if (p->st->write_error)
            stop_all(p);
        else if (p->n_waiting)
            pthread_cond_broadcast(&p->can_take);
    }
    p->committing = false;
}

/* Take the next document into its slot; false when there is none (end of
 * input, or the run stopped). */
static bool
take(pipeline *p, slot **out)
{
    bool got = false;
    pthread_mutex_lock(&p->src_mu);
    pthread_mutex_lock(&p->mu);
    /* The window: at most W documents ahead of the last record written.
     * The record that is due is being scored by the worker that took it,
     * which commits it, so this wait always ends. */
    while (!p->abort && !p->eof && p->n_taken - p->n_written >= p->window) {
        p->n_waiting++;
        pthread_cond_wait(&p->can_take, &p->mu);
        p->n_waiting--;
    }
    bool go = !p->abort && !p->eof;
    pthread_mutex_unlock(&p->mu);
    if (go) {
        tool_doc doc;
        memset(&doc, 0, sizeof doc);
        if (p->src->next(p->src, &doc) == TOOL_NEXT_DOC) {
            /* Only the holder of src_mu takes, so the slot at n_taken is
             * free and unseen until n_taken moves past it. */
            pthread_mutex_lock(&p->mu);
            slot *s = &p->ring[p->n_taken % p->window];
            s->doc = doc;
            s->done = false;
            p->n_taken++;
            pthread_mutex_unlock(&p->mu);
            *out = s;
            got = true;
        } else {
            pthread_mutex_lock(&p->mu);
            p->eof = true;
            pthread_cond_broadcast(&p->can_take);
            pthread_mutex_unlock(&p->mu);
        }
    }
    pthread_mutex_unlock(&p->src_mu);
    return got;
}

/* Worker: take, score, commit, until the input ends or the run stops. */
static void *
worker_main(void *arg)
{
    pipeline *p = arg;
    ss_ctx *ctx = NULL;

    if (ss_ctx_create(p->opts->scorer, &ctx) != SS_OK) {
        pthread_mutex_lock(&p->mu);
        p->nomem = true;
        stop_all(p);
        pthread_mutex_unlock(&p->mu);
        return NULL;
    }
    slot *s;
    while (take(p, &s)) {
        process(ctx, p->opts, s);
        pthread_mutex_lock(&p->mu);
        if (!s->rec) { /* open_memstream failed */
            p->nomem = true;
            stop_all(p);
        }
        s->done = true;
        commit(p);
        pthread_mutex_unlock(&p->mu);
    }
    ss_ctx_free(ctx);
    return NULL;
}

/* threads > 1: the workers do everything; this thread waits for them. */
static ss_status
run_threaded(tool_source *src,
             const tool_run_opts *opts,
             FILE *out,
             tool_run_stats *st)
{
    pipeline p;
    pthread_t workers[MAX_THREADS];
    size_t n_workers = 0, i;
    unsigned threads = opts->threads > MAX_THREADS ? MAX_THREADS : opts->threads;
    ss_status rc = SS_OK;

    memset(&p, 0, sizeof p);
    p.opts = opts;
    p.src = src;
    p.out = out;
    p.st = st;
    p.window = (size_t)threads * WINDOW_PER_THREAD;
    p.ring = calloc(p.window, sizeof *p.ring);
    if (!p.ring)
        return SS_ERR_NOMEM;
    pthread_mutex_init(&p.src_mu, NULL);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.can_take, NULL);
    for (i = 0; i < threads; i++) {
        if (pthread_create(&workers[i], NULL, worker_main, &p) != 0)
            break;
        n_workers++;
    }
    for (i = 0; i < n_workers; i++)
        pthread_join(workers[i], NULL);
    if (n_workers == 0 || p.nomem)
        rc = SS_ERR_NOMEM;
    /* After a stop, slots may still hold documents or records. */
    for (i = 0; i < p.window; i++) {
        free(p.ring[i].rec);
        tool_doc_clear(&p.ring[i].doc);
    }
    pthread_cond_destroy(&p.can_take);
    pthread_mutex_destroy(&p.mu);
    pthread_mutex_destroy(&p.src_mu);
    free(p.ring);
    return rc;
}

/* Run the pipeline (see the file comment and tool_cmd.h). */
ss_status
tool_run(tool_source *src,
         const tool_run_opts *opts,
         FILE *out,
         tool_run_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    if (!src || !opts || !opts->scorer || !out)
        return SS_ERR_ARG;
    if (opts->threads <= 1)
        return run_inline(src, opts, out, stats);
    return run_threaded(src, opts, out, stats);
}
