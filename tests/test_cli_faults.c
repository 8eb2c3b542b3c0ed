/*
 * test_cli_faults.c - end-to-end tests of the command under faults (suite
 * "cli"): an input stream that stalls still gets its records as they come;
 * a reader that goes away, a full disk and short or interrupted writes
 * (through the LD_PRELOAD fault injector, SS_FAULTINJECT); a model writer
 * killed mid-write; filter mode accounting for every line of random
 * streams; a slow document failed by --max-seconds while the stream goes
 * on. The binary is run as in test_cli.c (cli_run.h).
 */
#include "cli_run.h"

TestSuite(cli, .timeout = 120);

/* Read from fd until a newline arrives or timeout_ms pass; returns the
 * bytes read (NUL-terminated in buf) or 0 on timeout/end. */
static size_t
read_line_within(int fd, char *buf, size_t cap, int timeout_ms)
{
    size_t n = 0;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (n + 1 < cap) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        long left = timeout_ms - ((t.tv_sec - t0.tv_sec) * 1000 +
                                  (t.tv_nsec - t0.tv_nsec) / 1000000);
        if (left <= 0)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            break;
        ssize_t got = read(fd, buf + n, 1);
        if (got <= 0)
            break;
        n++;
        if (buf[n - 1] == '\n')
            break;
    }
    buf[n] = '\0';
    return n && buf[n - 1] == '\n' ? n : 0;
}

/* A pipeline whose input trickles in: each record comes out as soon as
 * its document is scored, not when the output buffer fills or the input
 * ends (plain and gzip JSON Lines, gzip WARC, one and two threads). */
Test(cli, a_stalled_input_stream_still_gets_its_records)
{
    static const char *const modes[][4] = {
        {"--jsonl", "-j", "1", "-"},
        {"--jsonl", "-j", "2", "-"},
        {"--warc", "-j", "1", "-"},
        {"--warc", "-j", "2", "-"},
    };
    static const char *const warcs[2] = {
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:s-1>\r\n"
        "WARC-Target-URI: http://s.example/1\r\nContent-Type: application/http; "
        "msgtype=response\r\nContent-Length: 115\r\n\r\nHTTP/1.1 200 OK\r\n"
        "Content-Type: text/html\r\n\r\n<html><body><p>The ferry timetable "
        "changes on Monday.</p></body></html>\r\n\r\n",
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:s-2>\r\n"
        "WARC-Target-URI: http://s.example/2\r\nContent-Type: application/http; "
        "msgtype=response\r\nContent-Length: 93\r\n\r\nHTTP/1.1 200 OK\r\n"
        "Content-Type: text/html\r\n\r\n<html><body><p>Second document.</p>"
        "</body></html>\r\n\r\n",
    };
    for (size_t m = 0; m < 4; m++) {
        bool warc = m >= 2;
        for (int gz = warc; gz < 2; gz++) {
            int in[2], out[2];
            cr_assert_eq(pipe(in), 0);
            cr_assert_eq(pipe(out), 0);
            pid_t pid = fork();
            cr_assert_neq(pid, -1);
            if (pid == 0) {
                dup2(in[0], 0);
                dup2(out[1], 1);
                close(in[1]);
                close(out[0]);
                int devnull = open("/dev/null", O_WRONLY);
                dup2(devnull, 2);
                execl(SS_BINARY, SS_BINARY, modes[m][0], modes[m][1],
                      modes[m][2], modes[m][3], (char *)NULL);
                _exit(127);
            }
            close(in[0]);
            close(out[1]);
            const char *docs[2] = {"{\"id\":1,\"text\":\"The ferry timetable changes on Monday.\"}\n",
                                   "{\"id\":2,\"text\":\"Second document.\"}\n"};
            if (warc) {
                docs[0] = warcs[0];
                docs[1] = warcs[1];
            }
            char line[4096];
            for (int d = 0; d < 2; d++) {
                if (gz) {
                    /* one gzip member per document, as a compressing
                     * producer flushing per record would write */
                    unsigned char z[512];
                    z_stream zs;
                    memset(&zs, 0, sizeof zs);
                    cr_assert_eq(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
                    zs.next_in = (unsigned char *)docs[d];
                    zs.avail_in = (uInt)strlen(docs[d]);
                    zs.next_out = z;
                    zs.avail_out = sizeof z;
                    cr_assert_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
                    size_t zn = sizeof z - zs.avail_out;
                    deflateEnd(&zs);
                    cr_assert_eq(write(in[1], z, zn), (ssize_t)zn);
                } else {
                    cr_assert_eq(write(in[1], docs[d], strlen(docs[d])),
                                 (ssize_t)strlen(docs[d]));
                }
                /* The input stays open: the record must come anyway. */
                cr_assert_gt(read_line_within(out[0], line, sizeof line, 20000), 0,
                             "no record for document %d while the input is open "
                             "(%s %s, gzip %d)", d + 1, modes[m][1], modes[m][2], gz);
                char want[32];
                if (warc)
                    snprintf(want, sizeof want, "s.example/%d", d + 1);
                else
                    snprintf(want, sizeof want, "\"id\": %d", d + 1);
                cr_assert(strstr(line, want), "%s", line);
            }
            close(in[1]);
            cr_assert_eq(read_line_within(out[0], line, sizeof line, 20000), 0,
                         "nothing more after the end");
            close(out[0]);
            int st;
            cr_assert_eq(waitpid(pid, &st, 0), pid);
            cr_assert(WIFEXITED(st) && WEXITSTATUS(st) <= 2);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Output faults: a reader that goes away, a full disk, short writes.  */

/* The environment that loads the fault injector into the binary, with
 * extra assignments (newline-separated) after it. ASan insists on coming
 * first among preloaded libraries unless told otherwise. */
static const char *
fi_env(const char *extra)
{
    static char buf[2048];
    const char *asan = getenv("ASAN_OPTIONS");
    snprintf(buf, sizeof buf,
             "LD_PRELOAD=%s\nASAN_OPTIONS=%s%sverify_asan_link_order=0%s%s",
             SS_FAULTINJECT, asan ? asan : "", asan && *asan ? ":" : "",
             extra ? "\n" : "", extra ? extra : "");
    return buf;
}

/* A JSON Lines stream of n small documents at path. */
static void
write_small_stream(const char *path,
                   size_t n)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "{\"id\": %zu, \"html\": \"<p>Ferry timetable note %zu for "
                "the harbour council.</p>\"}\n", i, i);
    cr_assert_eq(fclose(f), 0);
}

/* Start the binary with stdout on fd_out, stderr into err_path and the
 * environment assignments env (or NULL). */
static pid_t
spawn_env(int fd_out,
          const char *err_path,
          const char *env,
          const char *const *args)
{
    const char *argv[MAX_ARGS + 2];
    int i;
    pid_t pid;

    argv[0] = SS_BINARY;
    for (i = 0; args[i] && i < MAX_ARGS; i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || err < 0)
            _exit(126);
        dup2(in, 0);
        dup2(fd_out, 1);
        dup2(err, 2);
        set_env_list(env);
        execv(SS_BINARY, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

Test(cli, a_reader_that_goes_away_ends_the_run_quietly_with_status_4,
     .init = setup_tmp, .fini = teardown_tmp)
{
    static const char *const jobs[] = {"1", "2"};
    /* 5 000 records (about 600 kB) are more than the pipe and the output
     * buffer hold, so the command writes after the reader has gone. */
    write_small_stream(tmp("s.jsonl"), 5000);
    for (size_t j = 0; j < 2; j++) {
        int fds[2], st;
        char line[4096];
        /* close-on-exec: the child must not hold the read end open */
        cr_assert_eq(pipe(fds), 0);
        fcntl(fds[0], F_SETFD, FD_CLOEXEC);
        fcntl(fds[1], F_SETFD, FD_CLOEXEC);
        pid_t pid = spawn_env(fds[1], tmp("err"), NULL,
                              (const char *const[]){"--jsonl", "-j", jobs[j],
                                                    tmp("s.jsonl"), NULL});
        close(fds[1]);
        cr_assert_gt(read_line_within(fds[0], line, sizeof line, 20000), 0);
        cr_assert(strstr(line, "\"id\": 0"), "%s", line);
        close(fds[0]); /* | head -1 */
        cr_assert_eq(waitpid(pid, &st, 0), pid);
        cr_assert(WIFEXITED(st), "-j %s: killed by signal %d instead of exiting",
                  jobs[j], WIFSIGNALED(st) ? WTERMSIG(st) : 0);
        cr_assert_eq(WEXITSTATUS(st), 4, "-j %s: exit status %d", jobs[j],
                     WEXITSTATUS(st));
        char *err = slurp(tmp("err"), NULL);
        cr_assert_str_empty(err, "-j %s: a broken pipe is not worth a message: %s",
                            jobs[j], err);
        free(err);
    }
}

Test(cli, a_full_disk_gives_a_message_and_status_4, .init = setup_tmp,
     .fini = teardown_tmp)
{
    static const char *const modes[][5] = {
        {"--json", "-j", "1", PAGES, NULL},
        {"--json", "-j", "2", PAGES, NULL},
        {"--keep", "ham", "-j", "1", PAGES}, /* filter mode */
    };
    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (full < 0)
        cr_skip_test("no /dev/full here");
    for (size_t m = 0; m < 3; m++) {
        int st;
        const char *args[6];
        memcpy(args, modes[m], sizeof modes[m]);
        args[5] = NULL;
        pid_t pid = spawn_env(full, tmp("err"), NULL, args);
        cr_assert_eq(waitpid(pid, &st, 0), pid);
        cr_assert(WIFEXITED(st));
        cr_assert_eq(WEXITSTATUS(st), 4, "mode %zu: exit status %d", m,
                     WEXITSTATUS(st));
        char *err = slurp(tmp("err"), NULL);
        cr_assert(strstr(err, "cannot write the output") &&
                  strstr(err, strerror(ENOSPC)), "mode %zu: %s", m, err);
        if (m == 2) /* filter mode still accounts for what it read */
            cr_assert(strstr(err, "spamscore: kept "), "%s", err);
        free(err);
    }
    close(full);
}

Test(cli, short_and_interrupted_writes_are_retried_to_the_end)
{
    run_out plain, shortw;
    unsigned long allocs, writes, shortened, interrupted;
    const char *const args[] = {"--json", "-v", "-j", "2", PAGES, NULL};

    run_env(&plain, NULL, NULL, args);
    /* every write(2) on stdout takes at most 7 bytes, every third fails
     * with EINTR */
    run_env(&shortw, NULL, fi_env("SS_FI_WRITE_SHORT=7"), args);
    cr_assert_eq(shortw.status, plain.status, "%s", shortw.err);
    const char *rep = strstr(shortw.err, "faultinject:");
    cr_assert_not_null(rep, "the injector did not load: %s", shortw.err);
    cr_assert_eq(sscanf(rep, "faultinject: allocations %lu writes %lu "
                             "shortened %lu interrupted %lu", &allocs, &writes,
                        &shortened, &interrupted), 4);
    cr_assert_gt(shortened, 0, "no write went through write(2): %s", rep);
    cr_assert_gt(interrupted, 0);
    cr_assert_eq(shortw.out_len, plain.out_len);
    cr_assert_eq(memcmp(shortw.out, plain.out, plain.out_len), 0,
                 "the output differs when writes are short");
    run_free(&plain);
    run_free(&shortw);
}

Test(cli, a_killed_model_writer_leaves_the_previous_model_intact,
     .init = setup_tmp, .fini = teardown_tmp)
{
    /* The writer's steps: half of the image written, before fsync, before
     * rename (the old model must be there, byte for byte), after rename
     * (the new one must be complete). */
    static const char *const points[] = {"write:1", "fsync:1", "rename:1",
                                         "renamed:1"};
    char model[600], other[600], fresh[600];
    run_out r;
    size_t old_len, new_len, got_len;

    snprintf(model, sizeof model, "%s", tmp("m.model"));
    snprintf(other, sizeof other, "%s", tmp("o.model"));
    snprintf(fresh, sizeof fresh, "%s", tmp("fresh.model"));
    RUN(&r, "train", SS_TEST_DATA "/corpus-mini/a.tsv", "-o", model);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    RUN(&r, "train", SS_TEST_DATA "/corpus-mini/b.tsv", "-o", other);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    char *old = slurp(model, &old_len);

    /* train over, train --add onto, model merge into the old model */
    const char *const a0[] = {"train", SS_TEST_DATA "/corpus-mini/b.tsv", "-o",
                              model, NULL};
    const char *const a1[] = {"train", "--add", SS_TEST_DATA "/corpus-mini/b.tsv",
                              "-o", model, NULL};
    const char *const a2[] = {"model", "merge", model, other, "-o", model, NULL};
    const char *const *writers[] = {a0, a1, a2};
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    cr_assert_geq(devnull, 0);
    for (int w = 0; w < 3; w++) {
        const char *const *args = writers[w];
        /* what the writer produces when nothing goes wrong */
        spit(model, old, old_len);
        run_env(&r, NULL, NULL, args);
        cr_assert_eq(r.status, 0, "%s", r.err);
        run_free(&r);
        char *want = slurp(model, &new_len);
        cr_assert(new_len != old_len || memcmp(want, old, old_len) != 0);
        for (size_t p = 0; p < sizeof points / sizeof points[0]; p++) {
            char env[64];
            spit(model, old, old_len);
            snprintf(env, sizeof env, "SS_FI_KILL=%s", points[p]);
            int st;
            pid_t pid = spawn_env(devnull, tmp("err"), fi_env(env), args);
            cr_assert_eq(waitpid(pid, &st, 0), pid);
            cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
                      "%s %s: not killed at %s", args[0], args[1], points[p]);
            char *got = slurp(model, &got_len);
            if (p < 3)
                cr_assert(got_len == old_len && memcmp(got, old, old_len) == 0,
                          "%s %s, killed at %s: the previous model changed",
                          args[0], args[1], points[p]);
            else
                cr_assert(got_len == new_len && memcmp(got, want, new_len) == 0,
                          "%s %s, killed after rename: the model is not whole",
                          args[0], args[1]);
            free(got);
            RUN(&r, "model", "dump", model);
            cr_assert_eq(r.status, 0, "the model left loads: %s", r.err);
            run_free(&r);
        }
        free(want);
    }
    close(devnull);
    free(old);
}

/* ------------------------------------------------------------------ */
/* Filter mode loses nothing: a property test over random streams.    */

/* xorshift64*: the test's own generator, so a seed reproduces a stream */
static uint64_t
rnd_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* Append one random JSON Lines line (document or junk) to f; returns true
 * when the line is a document that can be scored. */
static bool
random_line(FILE *f,
            uint64_t *s,
            size_t id)
{
    static const char *const sentences[] = {
        "The harbour council voted to keep ferry fares for the winter.",
        "Buy cheap replica watches now, free shipping, click here to win!",
        "Police arrested three men after a string of break-ins on Quay Street.",
        "Best casino bonus online, 100 free spins, limited offer today only.",
        "The library will close early on Friday for the annual inventory.",
    };
    unsigned kind = (unsigned)(rnd_next(s) % 13);
    const char *t = sentences[rnd_next(s) % 5];
    switch (kind) {
    case 0: fputs("not json at all\n", f); return false;
    case 1: fputs("\n", f); return false;                  /* empty line */
    case 2: fprintf(f, "{\"id\": %zu}\n", id); return false; /* no text */
    case 3: fputs("[1, 2, 3]\n", f); return false;         /* not an object */
    case 4: fprintf(f, "{\"id\": %zu, \"html\": \"<p>%s\n", id, t); return false;
    case 5: fprintf(f, "{\"id\": %zu, \"text\": \"\"}\n", id); return false;
    case 6: /* over --max-line-bytes (set to 4096 below) */
        fprintf(f, "{\"id\": %zu, \"text\": \"", id);
        for (int i = 0; i < 80; i++)
            fputs(t, f);
        fputs("\"}\n", f);
        return false;
    case 7: /* invalid UTF-8: not JSON */
        fprintf(f, "{\"id\": %zu, \"text\": \"%s bad \xff\xfe bytes\"}\n",
                id, t);
        return false;
    case 8: /* a NUL inside the text is a stray byte, not binary */
        fprintf(f, "{\"id\": %zu, \"text\": \"%s \\u0000 %s\"}\n", id, t, t);
        return true;
    default:
        if (kind % 2)
            fprintf(f, "{\"id\": %zu, \"html\": \"<html><head><title>%.20s</title>"
                    "</head><body><p>%s</p><p>%s</p></body></html>\"}\n", id, t, t,
                    sentences[rnd_next(s) % 5]);
        else
            fprintf(f, "{\"id\": %zu, \"text\": \"%s %s\"}\n", id, t,
                    sentences[rnd_next(s) % 5]);
        return true;
    }
}

/* Parse "kept K (...), dropped D (ham a, unsure b, spam c, error e,
 * skipped k)" from stderr. */
static void
parse_summary(const char *err,
              size_t *kept,
              size_t *dropped,
              size_t *errors)
{
    const char *p = strstr(err, "spamscore: kept ");
    size_t h, u, sp, dh, du, ds, sk;
    cr_assert_not_null(p, "no filter summary on stderr:\n%s", err);
    cr_assert_eq(sscanf(p, "spamscore: kept %zu (ham %zu, unsure %zu, spam %zu), "
                        "dropped %zu (ham %zu, unsure %zu, spam %zu, error %zu, "
                        "skipped %zu)", kept, &h, &u, &sp, dropped, &dh, &du, &ds,
                        errors, &sk), 10, "%s", p);
    cr_assert_eq(*kept, h + u + sp);
    cr_assert_eq(*dropped, dh + du + ds + *errors + sk);
}

Test(cli, filter_mode_accounts_for_every_input_line, .init = setup_tmp,
     .fini = teardown_tmp)
{
    static const char *const keeps[] = {"ham", "spam", "ham,unsure", "unsure"};
    uint64_t seed0 = 0x5eed5eedull;
    for (int round = 0; round < 12; round++) {
        uint64_t s = seed0 + (uint64_t)round * 7919u, seed = s;
        size_t n = 20 + (size_t)(rnd_next(&s) % 120), scorable = 0;
        FILE *f = fopen(tmp("s.jsonl"), "w");
        cr_assert_not_null(f);
        for (size_t i = 0; i < n; i++)
            scorable += random_line(f, &s, i);
        cr_assert_eq(fclose(f), 0);
        const char *keep = keeps[round % 4];
        const char *opt = round % 3 == 2 ? "--drop" : "--keep";
        const char *jobs = round % 2 ? "2" : "1";
        run_out all, flt;
        char *lines[400];
        RUN(&all, "--jsonl", "--max-line-bytes", "4096", "-j", jobs, tmp("s.jsonl"));
        RUN(&flt, "--jsonl", opt, keep, "--max-line-bytes", "4096", "-j", jobs,
            tmp("s.jsonl"));
        /* plain scoring: one record per input line, in order */
        size_t n_all = split_lines(all.out, lines, 400), n_err = 0;
        cr_assert_eq(n_all, n, "seed %llx: %zu records for %zu lines",
                     (unsigned long long)seed, n_all, n);
        size_t want_kept = 0;
        for (size_t i = 0; i < n_all; i++) {
            json_t *o = parse_record(lines[i]);
            if (json_object_get(o, "error")) {
                n_err++;
            } else {
                const char *v = jstr(o, "verdict");
                bool listed = false;
                for (const char *k = keep; k; k = strchr(k, ',') ? strchr(k, ',') + 1 : NULL)
                    listed |= strncmp(k, v, strlen(v)) == 0 &&
                              (k[strlen(v)] == ',' || k[strlen(v)] == '\0');
                want_kept += strcmp(opt, "--keep") == 0 ? listed : !listed;
            }
            json_decref(o);
        }
        cr_assert_geq(n - n_err, scorable, "seed %llx: a scorable line failed",
                      (unsigned long long)seed);
        /* filter mode: every line kept on stdout or counted on stderr */
        size_t kept, dropped, errors;
        parse_summary(flt.err, &kept, &dropped, &errors);
        size_t n_out = split_lines(flt.out, lines, 400);
        cr_assert_eq(n_out, kept, "seed %llx: %zu lines written, %zu said kept",
                     (unsigned long long)seed, n_out, kept);
        cr_assert_eq(kept + dropped, n, "seed %llx (%s %s -j %s): kept %zu + "
                     "dropped %zu != %zu input lines", (unsigned long long)seed,
                     opt, keep, jobs, kept, dropped, n);
        cr_assert_eq(errors, n_err, "seed %llx: %zu failures counted, %zu error "
                     "records without filtering", (unsigned long long)seed,
                     errors, n_err);
        cr_assert_eq(kept, want_kept, "seed %llx", (unsigned long long)seed);
        cr_assert_eq(flt.status, n_err ? 1 : 0);
        /* each failure has its reason on stderr (the first ten of them) */
        size_t reasons = 0;
        for (const char *p = flt.err; (p = strstr(p, "s.jsonl:")) != NULL; p++)
            reasons++;
        cr_assert_eq(reasons, n_err < 10 ? n_err : 10, "seed %llx:\n%s",
                     (unsigned long long)seed, flt.err);
        run_free(&all);
        run_free(&flt);
    }
}

Test(cli, max_seconds_fails_a_slow_document_and_the_stream_goes_on,
     .init = setup_tmp, .fini = teardown_tmp)
{
    static const char *const jobs[] = {"1", "2"};
    run_out r;
    char *lines[8];
    FILE *f = fopen(tmp("slow.jsonl"), "w");
    cr_assert_not_null(f);
    /* 1.5 million empty elements: about 0.3 s of CPU in a Release build */
    for (int d = 0; d < 3; d++) {
        if (d == 1) {
            fputs("{\"id\": 2, \"text\": \"The ferry leaves at noon.\"}\n", f);
            continue;
        }
        fprintf(f, "{\"id\": %d, \"html\": \"<html><body>", d + 1);
        for (int i = 0; i < 1500000; i++)
            fputs("<p></p>", f);
        fputs("<p>end</p></body></html>\"}\n", f);
    }
    cr_assert_eq(fclose(f), 0);
    for (int j = 0; j < 2; j++) {
        RUN(&r, "--jsonl", "--max-bytes", "20000000", "--max-seconds", "0.05",
            "-j", jobs[j], tmp("slow.jsonl"));
        cr_assert_eq(r.status, 1, "%s", r.err);
        cr_assert_eq(split_lines(r.out, lines, 8), 3);
        cr_assert(strstr(lines[0], "\"id\": 1, \"error\": \"time limit"), "%s",
                  lines[0]);
        cr_assert(strstr(lines[1], "\"id\": 2, \"format\""), "%s", lines[1]);
        cr_assert(strstr(lines[2], "\"id\": 3, \"error\": \"time limit"), "%s",
                  lines[2]);
        run_free(&r);
    }
    /* A text document is timed while it is read too: 200,000 lines stop
     * in the reader, not after it (the clock is read every 1,024 lines). */
    f = fopen(tmp("slow.txt"), "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 200000; i++)
        fprintf(f, "The river rose in the night %d.\n", i);
    cr_assert_eq(fclose(f), 0);
    RUN(&r, "--json", "--format", "text", "--max-seconds", "0.000001", tmp("slow.txt"));
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.out, "\"error\": \"time limit reached while parsing\""), "%s", r.out);
    run_free(&r);
    RUN(&r, "--max-seconds", "0", SPAM_TEXT);
    cr_assert_eq(r.status, 2);
    run_free(&r);
    RUN(&r, "--max-seconds", "soon", SPAM_TEXT);
    cr_assert_eq(r.status, 2);
    run_free(&r);
}
