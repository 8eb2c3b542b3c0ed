/*
 * replay_main.c - main() for replaying a fuzz target's corpus without
 * libFuzzer: every regular file under the directories (or the files) named
 * on the command line is passed once to LLVMFuzzerTestOneInput, in sorted
 * order. A target traps on a broken invariant, which fails the test.
 * Linked with one fuzz_*.c file into replay_<name> (see CMakeLists.txt).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Pass the file at path to the target; false if it cannot be read. */
static int
replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!f)
        return 0;
    for (;;) {
        if (cap - n < 4096) {
            unsigned char *nb = realloc(buf, cap ? cap * 2 : 65536);
            if (!nb) {
                free(buf);
                fclose(f);
                return 0;
            }
            buf = nb;
            cap = cap ? cap * 2 : 65536;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 1;
}

static int
by_name(const void *a,
        const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc,
     char **argv)
{
    size_t total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: not found\n", argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            total += (size_t)replay_file(argv[i]);
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        char **names = NULL;
        size_t n = 0;
        while (d && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char **nn = realloc(names, (n + 1) * sizeof *names);
            if (!nn)
                return 1;
            names = nn;
            names[n] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
            if (!names[n])
                return 1;
            sprintf(names[n++], "%s/%s", argv[i], e->d_name);
        }
        if (d)
            closedir(d);
        qsort(names, n, sizeof *names, by_name);
        for (size_t k = 0; k < n; k++) {
            total += (size_t)replay_file(names[k]);
            free(names[k]);
        }
        free(names);
    }
    printf("replay: %zu inputs passed\n", total);
    return total > 0 ? 0 : 1;
}
