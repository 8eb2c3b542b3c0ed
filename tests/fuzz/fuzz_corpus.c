/*
 * fuzz_corpus.c - libFuzzer target for the library's JSON Lines corpus
 * readers (filter/learn/corpus.c), the input of `spamscore train`:
 *  - the input as an inline JSON Lines corpus (ss_corpus_open_jsonl: one
 *    document per line, {"label", "html"|"text", "spans", ...});
 *  - the input as the labels.jsonl manifest of a corpus directory
 *    (ss_corpus_open: {"file", "label", "spans", "family", ...}) whose
 *    directory holds two small pages, a.html and b.txt.
 * Invariants, for each reader:
 *  - ss_corpus_next gives a document, the end, or SS_ERR_FORMAT/SS_ERR_IO
 *    with a message that names the file; never out of memory here;
 *  - a document is whole: a label of 0 or 1, its bytes readable (ASan
 *    checks them), at most 256 spans of a known kind with non-empty text,
 *    at most 16 non-empty family names, a name "file:line" (inline); a
 *    "unit": "line" document is text of at most SS_LINE_DOC_MAX bytes;
 *  - for plain (not gzip) input, every line that is not blank gives exactly
 *    one document or one error, and the reader ends: documents + errors =
 *    non-blank lines (a NUL byte or a CR inside a line cannot merge or
 *    split lines);
 *  - gzip input ends too (at most one call per inflated line).
 *
 * Build: CC=clang cmake -DSPAMSCORE_FUZZ=ON; run with bench/fuzz. Its
 * corpus, tests/fuzz/corpus/corpus/, is replayed by the replay_corpus test.
 */
#include <stdint.h>
#include <sys/stat.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines of data[0..size) that the reader should not skip as blank: all
 * but those made of the bytes in blank only (a line's trailing CR and LF
 * bytes are not part of it, as for the reader). */
static size_t
solid_lines(const uint8_t *data,
            size_t size,
            const char *blank)
{
    size_t n = 0;
    for (size_t a = 0; a < size;) {
        const uint8_t *nl = memchr(data + a, '\n', size - a);
        size_t b = nl ? (size_t)(nl - data) : size;
        size_t e = b;
        while (e > a && data[e - 1] == '\r')
            e--;
        for (size_t i = a; i < e; i++)
            if (!strchr(blank, data[i]) || data[i] == '\0') {
                n++;
                break;
            }
        a = b + 1;
    }
    return n;
}

/* Check one document of the corpus read from list. */
static void
check_doc(const ss_corpus_doc *d,
          const char *list,
          bool inline_doc)
{
    if (!d->name || !d->data || (d->label != 0 && d->label != 1))
        __builtin_trap();
    volatile unsigned char sum = 0;
    for (size_t i = 0; i < d->len; i++)
        sum ^= (unsigned char)d->data[i];
    (void)sum;
    if (d->n_spans > 256 || (d->n_spans && !d->spans) || d->n_families > 16)
        __builtin_trap();
    for (size_t i = 0; i < d->n_spans; i++)
        if ((unsigned)d->spans[i].kind >= SS_FLAG_KIND_COUNT ||
            !d->spans[i].text || !d->spans[i].text[0])
            __builtin_trap();
    for (size_t i = 0; i < d->n_families; i++)
        if (!d->families[i] || !d->families[i][0])
            __builtin_trap();
    if (d->unit != SS_UNIT_PAGE &&
        (d->unit != SS_UNIT_LINE || d->len > SS_LINE_DOC_MAX || d->format != SS_FORMAT_TEXT))
        __builtin_trap(); /* a line document is a short text */
    if (inline_doc &&
        (strncmp(d->name, list, strlen(list)) != 0 || d->name[strlen(list)] != ':' ||
         (d->format != SS_FORMAT_HTML && d->format != SS_FORMAT_TEXT)))
        __builtin_trap();
}

/* Read the whole corpus c (opened on list); count documents and errors. */
static void
drain(ss_corpus *c,
      const char *list,
      bool inline_doc,
      size_t max_calls,
      size_t *docs,
      size_t *errors)
{
    *docs = *errors = 0;
    for (size_t calls = 0;; calls++) {
        if (calls > max_calls)
            __builtin_trap(); /* a reader that does not end */
        const ss_corpus_doc *d = NULL;
        char err[512] = "";
        ss_status st = ss_corpus_next(c, &d, err, sizeof err);
        if (st == SS_OK && !d)
            return;
        if (st == SS_OK) {
            check_doc(d, list, inline_doc);
            (*docs)++;
            continue;
        }
        if ((st != SS_ERR_FORMAT && st != SS_ERR_IO) || d ||
            strncmp(err, list, strlen(list)) != 0)
            __builtin_trap();
        (*errors)++;
    }
}

/* The corpus directory of the manifest reader, made once per process. */
static const char *
corpus_dir(void)
{
    static char dir[128];
    if (dir[0])
        return dir;
    snprintf(dir, sizeof dir, "%s", fuzz_scratch("corpus_dir"));
    if (mkdir(dir, 0700) != 0 && access(dir, W_OK) != 0)
        abort();
    char p[192];
    snprintf(p, sizeof p, "%s/a.html", dir);
    fuzz_write_file(p, "<title>A</title><p>The ferry leaves at noon.</p>", 49);
    snprintf(p, sizeof p, "%s/b.txt", dir);
    fuzz_write_file(p, "Cheap pills\nBuy now\n", 20);
    return dir;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    bool gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    /* gzip: inflated lines are unknown; deflate gives at most 1032 bytes
     * per compressed byte, so that many lines bound the calls */
    size_t max_calls = gz ? 1032 * size + 2 : lines + 1;

    /* inline JSON Lines */
    const char *path = fuzz_scratch("corpus.jsonl");
    fuzz_write_file(path, data, size);
    ss_corpus *c = NULL;
    char err[512];
    size_t docs, errors;
    if (ss_corpus_open_jsonl(path, &c, err, sizeof err) != SS_OK)
        __builtin_trap(); /* an existing file always opens */
    drain(c, path, true, max_calls, &docs, &errors);
    ss_corpus_free(c);
    if (!gz && docs + errors != solid_lines(data, size, " \t\r"))
        __builtin_trap();
    unlink(path);

    /* the labels.jsonl manifest of a directory */
    const char *dir = corpus_dir();
    char list[192];
    snprintf(list, sizeof list, "%s/labels.jsonl", dir);
    fuzz_write_file(list, data, size);
    if (ss_corpus_open(dir, &c, err, sizeof err) != SS_OK)
        __builtin_trap();
    drain(c, list, false, max_calls, &docs, &errors);
    ss_corpus_free(c);
    if (!gz && docs + errors != solid_lines(data, size, " \t"))
        __builtin_trap();
    return 0;
}
