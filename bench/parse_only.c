/*
 * parse_only.c - the floor cost of libxml2 for bench/throughput: read each
 * file of a list and parse it with libxml2's HTML parser, nothing else.
 *
 *   parse_only [--sax] [--repeat N] LIST
 *
 * LIST has one file path per line ("-" reads the list from stdin). Each file
 * is read into memory and parsed with htmlReadMemory (the recovering tree
 * parser, same options as the page model: recover, no network, no error
 * output, compact) and the tree is freed. With --sax the tree is not built:
 * the same parser runs with a SAX handler whose callbacks only count, which
 * shows what tree building costs on top of tokenizing.
 *
 * Prints one line:
 *   parse-only(tree|sax): PAGES pages, MB MB in SEC s: P pages/s, M MB/s
 * Reading the files is inside the timed loop, as it is for spamscore.
 * Build: cc -O2 parse_only.c $(pkg-config --cflags --libs libxml-2.0)
 */
#define _POSIX_C_SOURCE 200809L
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_FILES 1000000
#define MAX_FILE_BYTES (256L * 1024 * 1024)

static unsigned long long n_events;

/* SAX callbacks: count only. */
static void
on_start(void *ctx,
         const xmlChar *name,
         const xmlChar **atts)
{
    (void)ctx;
    (void)name;
    (void)atts;
    n_events++;
}

static void
on_end(void *ctx,
       const xmlChar *name)
{
    (void)ctx;
    (void)name;
    n_events++;
}

static void
on_chars(void *ctx,
         const xmlChar *ch,
         int len)
{
    (void)ctx;
    (void)ch;
    n_events += (unsigned long long)len > 0;
}

/* libxml2's generic error output (encoding errors): silenced. */
static void
quiet(void *ctx,
      const char *msg,
      ...)
{
    (void)ctx;
    (void)msg;
}

/* Seconds on the monotonic clock. */
static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read a whole file into a malloc'ed buffer; NULL on failure. */
static char *
slurp(const char *path,
      size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= (size_t)MAX_FILE_BYTES)
                break;
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Parse one page with the SAX handler (no tree). */
static void
parse_sax(const char *buf,
          size_t len,
          int opts)
{
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt)
        return;
    xmlSAXHandler *h = xmlMalloc(sizeof *h);
    if (!h) {
        htmlFreeParserCtxt(ctxt);
        return;
    }
    memset(h, 0, sizeof *h);
    h->startElement = on_start;
    h->endElement = on_end;
    h->characters = on_chars;
    h->initialized = 1;
    xmlFree(ctxt->sax);
    ctxt->sax = h;
    ctxt->userData = ctxt;
    htmlCtxtUseOptions(ctxt, opts);
    htmlParseDocument(ctxt);
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    htmlFreeParserCtxt(ctxt);
}

int
main(int argc,
     char **argv)
{
    int sax = 0, repeat = 1;
    const char *list = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sax") == 0)
            sax = 1;
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else
            list = argv[i];
    }
    if (!list || repeat < 1) {
        fprintf(stderr, "usage: parse_only [--sax] [--repeat N] LIST\n");
        return 2;
    }
    FILE *lf = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
    if (!lf) {
        perror(list);
        return 1;
    }
    char **files = malloc(sizeof *files * MAX_FILES);
    size_t n = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t l;
    while (n < MAX_FILES && (l = getline(&line, &cap, lf)) > 0) {
        while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
            line[--l] = '\0';
        if (l > 0)
            files[n++] = strdup(line);
    }
    free(line);
    if (lf != stdin)
        fclose(lf);

    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NOBLANKS;
    unsigned long long bytes = 0, pages = 0, failed = 0;
    double t0 = now();
    for (int r = 0; r < repeat; r++) {
        for (size_t i = 0; i < n; i++) {
            size_t len = 0;
            char *buf = slurp(files[i], &len);
            if (!buf) {
                failed++;
                continue;
            }
            if (sax) {
                parse_sax(buf, len, opts);
            } else {
                htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, NULL, opts);
                if (doc)
                    xmlFreeDoc(doc);
                else
                    failed++;
            }
            free(buf);
            bytes += len;
            pages++;
        }
    }
    double dt = now() - t0;
    if (dt <= 0)
        dt = 1e-9;
    printf("parse-only(%s): %llu pages, %.1f MB in %.3f s: %.1f pages/s, "
           "%.2f MB/s%s\n",
           sax ? "sax" : "tree", pages, (double)bytes / 1e6, dt,
           (double)pages / dt, (double)bytes / 1e6 / dt,
           failed ? " (some files failed)" : "");
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    xmlCleanupParser();
    return 0;
}
