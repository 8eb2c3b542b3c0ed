/*
 * tool_run.c - the scoring pipeline of the spamscore command.
 *
 * threads == 1: read a document, score it, write its record, repeat.
 *
 * threads == N > 1: a reader thread pulls documents from the source into a
 * ring of W = 16 * N slots (the window of documents in flight); N workers,
 * each with its own ss_ctx, claim slots in sequence order, score the
 * document and format its record into the slot's memory buffer; the calling
 * thread writes the buffers strictly in sequence order and frees the slot,
 * which lets the reader refill it. At most W documents and W records exist
 * at any time, whatever the length of the stream, and the bytes written are
 * the same as with one thread because each record is formatted by the same
 * function from the same document.
 *
 * One mutex guards the ring; three condition variables wake the reader
 * (a slot was freed), the workers (a document was read) and the writer
 * (a record is ready).
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
    slot *ring;
    size_t window;
    pthread_mutex_t mu;
    pthread_cond_t can_read;   /* a slot became free */
    pthread_cond_t can_work;   /* a document was read, or the end */
    pthread_cond_t can_write;  /* a record is done */
    size_t n_read;             /* documents read so far (next sequence) */
    size_t n_claimed;          /* documents claimed by workers */
    size_t n_written;          /* records written */
    bool eof;                  /* the reader is finished */
    bool abort;                /* the writer gave up (write error) */
    bool nomem;                /* a worker could not allocate */
    bool reader_waiting;       /* the reader sleeps until half is free */
    bool writer_waiting;       /* the writer sleeps on the next record */
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
            st->write_error = true;
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
            st->write_error = true;
    }
    ss_ctx_free(ctx);
    return rc;
}

/*
 * Wake the writer, with p->mu held, when the record it waits for is done
 * and either a batch of records is ready (a quarter of the window), or
 * waiting longer would stall someone: the reader is blocked on a full ring,
 * no document is queued for the workers (idle or about to be), the input
 * ended, or force. Batching saves two system calls per record.
 */
static void
wake_writer(pipeline *p, bool force)
{
    /* (with n_written == n_read the slot is the reader's, not readable) */
    if (!p->writer_waiting || p->n_written == p->n_read ||
        !p->ring[p->n_written % p->window].done)
        return;
    bool now = force || p->reader_waiting || p->eof || p->n_claimed == p->n_read;
    if (!now) {
        size_t run = 0;
        while (run < p->n_read - p->n_written &&
               p->ring[(p->n_written + run) % p->window].done)
            run++;
        now = run >= p->window / 4;
    }
    if (now)
        pthread_cond_signal(&p->can_write);
}

/* Reader thread: fill free slots from the source, in order. */
static void *
reader_main(void *arg)
{
    pipeline *p = arg;
    for (;;) {
        tool_doc doc;
        tool_next r;
        slot *s;

        pthread_mutex_lock(&p->mu);
        if (!p->abort && p->n_read - p->n_written >= p->window) {
            /* Full: sleep until half the window is free, then refill it
             * in one go (fewer wake-ups than one per record). */
            p->reader_waiting = true;
            wake_writer(p, true);
            while (!p->abort && p->n_read - p->n_written > p->window / 2)
                pthread_cond_wait(&p->can_read, &p->mu);
            p->reader_waiting = false;
        }
        if (p->abort) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        pthread_mutex_unlock(&p->mu);

        /* Reading happens outside the lock: the slot at n_read is free and
         * only this thread touches it until n_read is advanced. */
        memset(&doc, 0, sizeof doc);
        r = p->src->next(p->src, &doc);
        if (r != TOOL_NEXT_DOC)
            break;
        s = &p->ring[p->n_read % p->window];
        s->doc = doc;
        s->done = false;

        pthread_mutex_lock(&p->mu);
        p->n_read++;
        pthread_cond_signal(&p->can_work);
        pthread_mutex_unlock(&p->mu);
    }
    pthread_mutex_lock(&p->mu);
    p->eof = true;
    pthread_cond_broadcast(&p->can_work);
    pthread_cond_broadcast(&p->can_write);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Worker thread: claim the next read document, score it, mark it done. */
static void *
worker_main(void *arg)
{
    pipeline *p = arg;
    ss_ctx *ctx = NULL;

    if (ss_ctx_create(p->opts->scorer, &ctx) != SS_OK) {
        pthread_mutex_lock(&p->mu);
        p->nomem = true;
        p->abort = true;
        pthread_cond_broadcast(&p->can_read);
        pthread_cond_broadcast(&p->can_write);
        pthread_mutex_unlock(&p->mu);
        return NULL;
    }
    for (;;) {
        slot *s;
        pthread_mutex_lock(&p->mu);
        if (p->n_claimed == p->n_read)
            wake_writer(p, true); /* about to idle: let it write */
        while (!p->abort && p->n_claimed == p->n_read && !p->eof)
            pthread_cond_wait(&p->can_work, &p->mu);
        if (p->abort || p->n_claimed == p->n_read) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        s = &p->ring[p->n_claimed % p->window];
        p->n_claimed++;
        pthread_mutex_unlock(&p->mu);

        process(ctx, p->opts, s);

        pthread_mutex_lock(&p->mu);
        s->done = true;
        wake_writer(p, false);
        pthread_mutex_unlock(&p->mu);
    }
    ss_ctx_free(ctx);
    return NULL;
}

/* threads > 1: reader + workers, the calling thread writes. */
static ss_status
run_threaded(tool_source *src,
             const tool_run_opts *opts,
             FILE *out,
             tool_run_stats *st)
{
    pipeline p;
    pthread_t reader, workers[MAX_THREADS];
    size_t n_workers = 0, i;
    unsigned threads = opts->threads > MAX_THREADS ? MAX_THREADS : opts->threads;
    ss_status rc = SS_OK;

    memset(&p, 0, sizeof p);
    p.opts = opts;
    p.src = src;
    p.window = (size_t)threads * WINDOW_PER_THREAD;
    p.ring = calloc(p.window, sizeof *p.ring);
    if (!p.ring)
        return SS_ERR_NOMEM;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.can_read, NULL);
    pthread_cond_init(&p.can_work, NULL);
    pthread_cond_init(&p.can_write, NULL);

    if (pthread_create(&reader, NULL, reader_main, &p) != 0) {
        rc = SS_ERR_NOMEM;
        goto destroy_sync;
    }
    for (i = 0; i < threads; i++) {
        if (pthread_create(&workers[i], NULL, worker_main, &p) != 0)
            break;
        n_workers++;
    }
    if (n_workers == 0) {
        pthread_mutex_lock(&p.mu);
        p.abort = true;
        p.nomem = true;
        pthread_cond_broadcast(&p.can_read);
        pthread_mutex_unlock(&p.mu);
    }

    /* The writer: records strictly in sequence order. */
    bool unflushed = false;
    for (;;) {
        slot *s;
        pthread_mutex_lock(&p.mu);
        for (;;) {
            if (p.abort)
                break;
            if (p.n_written < p.n_read &&
                p.ring[p.n_written % p.window].done)
                break;
            if (p.eof && p.n_written == p.n_read)
                break;
            if (unflushed) {
                /* Nothing to write now: let what was written leave
                 * (outside the lock: the consumer may be slow). */
                unflushed = false;
                pthread_mutex_unlock(&p.mu);
                if (fflush(out) != 0)
                    st->write_error = true;
                pthread_mutex_lock(&p.mu);
                if (st->write_error) {
                    p.abort = true;
                    pthread_cond_broadcast(&p.can_read);
                    pthread_cond_broadcast(&p.can_work);
                }
                continue;
            }
            p.writer_waiting = true;
            pthread_cond_wait(&p.can_write, &p.mu);
            p.writer_waiting = false;
        }
        if (p.abort || p.n_written == p.n_read) {
            pthread_mutex_unlock(&p.mu);
            break;
        }
        /* Every consecutive finished record is written in one go, with
         * one lock round trip (the slots are the writer's until n_written
         * passes them). */
        size_t run = 0;
        while (p.n_written + run < p.n_read &&
               p.ring[(p.n_written + run) % p.window].done)
            run++;
        pthread_mutex_unlock(&p.mu);

        for (size_t k = 0; k < run; k++) {
            s = &p.ring[(p.n_written + k) % p.window];
            if (!st->write_error) {
                emit(opts, s, out, st);
            } else { /* stopping: drop what is left of the run */
                free(s->rec);
                s->rec = NULL;
                tool_doc_clear(&s->doc);
            }
            s->done = false;
        }
        unflushed = opts->flush_idle;

        pthread_mutex_lock(&p.mu);
        p.n_written += run;
        if (st->write_error)
            p.abort = true;
        if (p.abort || (p.reader_waiting && p.n_read - p.n_written <= p.window / 2))
            pthread_cond_broadcast(&p.can_read);
        if (p.abort)
            pthread_cond_broadcast(&p.can_work);
        pthread_mutex_unlock(&p.mu);
    }

    for (i = 0; i < n_workers; i++)
        pthread_join(workers[i], NULL);
    pthread_join(reader, NULL);
    if (p.nomem)
        rc = SS_ERR_NOMEM;
    /* After an abort, slots may still hold documents or records. */
    for (i = 0; i < p.window; i++) {
        free(p.ring[i].rec);
        tool_doc_clear(&p.ring[i].doc);
    }
destroy_sync:
    pthread_cond_destroy(&p.can_write);
    pthread_cond_destroy(&p.can_work);
    pthread_cond_destroy(&p.can_read);
    pthread_mutex_destroy(&p.mu);
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
