/*
 * faultinject.c - an LD_PRELOAD library that makes the system misbehave on
 * purpose, for the fault tests (test_faults.c, test_cli.c). Not linked into
 * anything; loaded into the spamscore binary or a test helper by
 * LD_PRELOAD=libss_faultinject.so. Everything is chosen by environment
 * variables, read once:
 *
 *   SS_FI_FAIL_ALLOC=N   the N-th allocation (1-based; malloc, calloc,
 *                        realloc, posix_memalign, aligned_alloc, memalign)
 *                        of the process returns NULL with errno ENOMEM;
 *                        every other allocation succeeds.
 *   SS_FI_KILL=OP:K      the process kills itself with SIGKILL at the K-th
 *                        call of OP: "write" (after writing half of the
 *                        bytes of the K-th write(2) to a descriptor above 2),
 *                        "fsync", "rename" (before the call) or "renamed"
 *                        (after it), to test what a killed writer leaves.
 *   SS_FI_BACKTRACE=1    print the call stack of the failed allocation to
 *                        descriptor 2 (to find which call it was).
 *   SS_FI_COUNT=1        at exit, write "faultinject: allocations N" (and
 *                        the write counts below) to descriptor 2.
 *   SS_FI_WRITE_SHORT=K  write(2) on descriptor 1 writes at most K bytes,
 *                        and every third call fails with EINTR first; at
 *                        exit the numbers of shortened and interrupted
 *                        writes are reported as with SS_FI_COUNT.
 *
 * Counting starts when the library is loaded, so N counts the dynamic
 * loader's and libc's own start-up allocations too: sweeps go from 1 to the
 * total reported by SS_FI_COUNT. Only calls that go through the dynamic
 * symbol are seen; glibc's internal writes (stdio on a plain FILE) are not,
 * which is what the short-write test relies on to tell a stream with its own
 * write loop from one without.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef int (*memalign2_fn)(void **, size_t, size_t);
typedef void *(*aligned_fn)(size_t, size_t);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef void (*free_fn)(void *);
typedef int (*fsync_fn)(int);
typedef int (*rename_fn)(const char *, const char *);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static memalign2_fn real_posix_memalign;
static aligned_fn real_aligned_alloc;
static aligned_fn real_memalign;
static write_fn real_write;
static free_fn real_free;
static fsync_fn real_fsync;
static rename_fn real_rename;

enum { KILL_NONE, KILL_WRITE, KILL_FSYNC, KILL_RENAME, KILL_RENAMED };
static int kill_op;
static unsigned long kill_at, n_file_writes, n_fsyncs, n_renames;

static unsigned long fail_at;     /* SS_FI_FAIL_ALLOC, 0: none */
static unsigned long n_allocs;    /* allocations seen (atomic) */
static unsigned long short_max;   /* SS_FI_WRITE_SHORT, 0: off */
static unsigned long n_writes, n_shortened, n_interrupted;
static bool report;
static bool trace;
static int resolving;

/* dlsym may allocate (calloc) before the real functions are known: those
 * few bytes come from here and are never freed (free() of them would be a
 * bug, so it never happens: dlsym keeps them). */
static char boot_heap[4096];
static size_t boot_used;

static void *
boot_alloc(size_t n)
{
    void *p;
    n = (n + 15) & ~(size_t)15;
    if (n > sizeof boot_heap - boot_used)
        return NULL;
    p = boot_heap + boot_used;
    boot_used += n;
    return p;
}

/* Parse an unsigned environment variable (0 when unset or bad). */
static unsigned long
env_ulong(const char *name)
{
    const char *v = getenv(name);
    return v ? strtoul(v, NULL, 10) : 0;
}

/* *slot = the next definition of name (POSIX: a function pointer is
 * copied out of dlsym's void * as bytes). */
static void
resolve(void *slot,
        const char *name)
{
    void *p = dlsym(RTLD_NEXT, name);
    memcpy(slot, &p, sizeof p);
}

__attribute__((constructor)) static void
fi_init(void)
{
    resolving = 1;
    resolve(&real_malloc, "malloc");
    resolve(&real_calloc, "calloc");
    resolve(&real_realloc, "realloc");
    resolve(&real_posix_memalign, "posix_memalign");
    resolve(&real_aligned_alloc, "aligned_alloc");
    resolve(&real_memalign, "memalign");
    resolve(&real_write, "write");
    resolve(&real_free, "free");
    resolve(&real_fsync, "fsync");
    resolve(&real_rename, "rename");
    resolving = 0;
    fail_at = env_ulong("SS_FI_FAIL_ALLOC");
    short_max = env_ulong("SS_FI_WRITE_SHORT");
    report = env_ulong("SS_FI_COUNT") != 0 || short_max != 0;
    trace = env_ulong("SS_FI_BACKTRACE") != 0;
    const char *k = getenv("SS_FI_KILL");
    if (k) {
        static const char *const ops[] = {"write:", "fsync:", "rename:", "renamed:"};
        for (int i = 0; i < 4; i++)
            if (strncmp(k, ops[i], strlen(ops[i])) == 0) {
                kill_op = KILL_WRITE + i;
                kill_at = strtoul(k + strlen(ops[i]), NULL, 10);
            }
    }
}

__attribute__((destructor)) static void
fi_report(void)
{
    char line[200];
    int n;
    if (!report || !real_write)
        return;
    n = snprintf(line, sizeof line,
                 "faultinject: allocations %lu writes %lu shortened %lu "
                 "interrupted %lu\n",
                 __atomic_load_n(&n_allocs, __ATOMIC_RELAXED), n_writes,
                 n_shortened, n_interrupted);
    if (n > 0)
        (void)!real_write(2, line, (size_t)n);
}

/* Count one allocation; true if this one is to fail. */
static bool
fail_this(void)
{
    unsigned long k = __atomic_add_fetch(&n_allocs, 1, __ATOMIC_RELAXED);
    if (fail_at != 0 && k == fail_at) {
        if (trace) { /* backtrace() may allocate: that one is k + 1 */
            void *frames[32];
            int n = backtrace(frames, 32);
            backtrace_symbols_fd(frames, n, 2);
        }
        errno = ENOMEM;
        return true;
    }
    return false;
}

void *
malloc(size_t n)
{
    if (!real_malloc)
        return resolving ? boot_alloc(n) : NULL;
    return fail_this() ? NULL : real_malloc(n);
}

void
free(void *p)
{
    if ((char *)p >= boot_heap && (char *)p < boot_heap + sizeof boot_heap)
        return;
    if (real_free)
        real_free(p);
}

void *
calloc(size_t a,
       size_t b)
{
    if (!real_calloc) {
        /* boot_heap is zero-initialised and never reused */
        return resolving && (b == 0 || a <= (size_t)-1 / b) ? boot_alloc(a * b)
                                                           : NULL;
    }
    return fail_this() ? NULL : real_calloc(a, b);
}

void *
realloc(void *p,
        size_t n)
{
    if (!real_realloc)
        return NULL;
    return fail_this() ? NULL : real_realloc(p, n);
}

int
posix_memalign(void **out,
               size_t align,
               size_t n)
{
    if (!real_posix_memalign)
        return ENOMEM;
    return fail_this() ? ENOMEM : real_posix_memalign(out, align, n);
}

void *
aligned_alloc(size_t align,
              size_t n)
{
    if (!real_aligned_alloc)
        return NULL;
    return fail_this() ? NULL : real_aligned_alloc(align, n);
}

void *
memalign(size_t align,
         size_t n)
{
    if (!real_memalign)
        return NULL;
    return fail_this() ? NULL : real_memalign(align, n);
}

ssize_t
write(int fd,
      const void *buf,
      size_t n)
{
    if (!real_write) {
        errno = EIO;
        return -1;
    }
    if (fd > 2 && kill_op == KILL_WRITE && ++n_file_writes == kill_at) {
        if (n > 1)
            (void)!real_write(fd, buf, n / 2);
        kill(getpid(), SIGKILL);
    }
    if (fd == 1 && short_max != 0 && n > 0) {
        n_writes++;
        if (n_writes % 3 == 0) {
            n_interrupted++;
            errno = EINTR;
            return -1;
        }
        if (n > short_max) {
            n_shortened++;
            n = short_max;
        }
    }
    return real_write(fd, buf, n);
}

int
fsync(int fd)
{
    if (kill_op == KILL_FSYNC && ++n_fsyncs == kill_at)
        kill(getpid(), SIGKILL);
    return real_fsync ? real_fsync(fd) : -1;
}

int
rename(const char *from,
       const char *to)
{
    int r;
    if (kill_op == KILL_RENAME && ++n_renames == kill_at)
        kill(getpid(), SIGKILL);
    r = real_rename ? real_rename(from, to) : -1;
    if (kill_op == KILL_RENAMED && ++n_renames == kill_at)
        kill(getpid(), SIGKILL);
    return r;
}
