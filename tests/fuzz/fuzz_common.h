/*
 * fuzz_common.h - what the scoring fuzz targets share: one scorer with the
 * shipped rules and model (loaded once per process, read-only afterwards),
 * a UTF-8 check that traps, and a per-process scratch file for the targets
 * that go through the command's sources. Header-only: each target is its
 * own program.
 */
#ifndef SS_FUZZ_COMMON_H
#define SS_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spamscore.h"
#include "utf8.h"

#ifndef SS_SOURCE_DIR
#define SS_SOURCE_DIR "."
#endif

/* The shipped rules and model (the model is optional: rules alone if it
 * cannot be opened). Aborts when the rules cannot be loaded: a fuzz run
 * without them would test nothing. */
static inline const ss_scorer *
fuzz_scorer(void)
{
    static ss_scorer *sc;
    if (!sc) {
        ss_rules *rules = NULL;
        ss_model *model = NULL;
        ss_config cfg;
        char err[256];
        ss_config_default(&cfg);
        if (ss_rules_load(SS_SOURCE_DIR "/models/default.rules", &rules, err,
                          sizeof err) != SS_OK) {
            fprintf(stderr, "fuzz: rules: %s\n", err);
            abort();
        }
        (void)ss_model_open(SS_SOURCE_DIR "/models/default.model.gz", &model, err,
                            sizeof err);
        if (ss_scorer_create(&cfg, rules, model, &sc) != SS_OK)
            abort();
        /* the scorer keeps what it needs (the rules and model stay alive
         * for the process: they are never freed, as the scorer) */
    }
    return sc;
}

/* Trap unless s[0..len) is valid UTF-8 without NUL bytes. */
static inline void
fuzz_check_utf8(const char *s,
                size_t len)
{
    if (!s)
        return;
    if (!ss_utf8_valid(s, len) || memchr(s, '\0', len))
        __builtin_trap();
}

/* A per-process scratch file under /dev/shm (or /tmp) named for tag. */
static inline const char *
fuzz_scratch(const char *tag)
{
    static char path[96];
    snprintf(path, sizeof path, "%s/ss_fuzz_%s_%ld",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", tag,
             (long)getpid());
    return path;
}

/* Write data to path; traps if it cannot. */
static inline void
fuzz_write_file(const char *path,
                const void *data,
                size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        __builtin_trap();
}

#endif /* SS_FUZZ_COMMON_H */
