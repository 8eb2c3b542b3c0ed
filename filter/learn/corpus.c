/*
 * corpus.c - readers of labeled corpora (the formats of corpus/README.md):
 *
 *   (a) a directory with labels.jsonl: one JSON object per line,
 *       {"file": "pages/0001.html", "label": "spam"|"ham", "layout": "...",
 *        "spans": [{"kind": "promo-headline", "text": "exact text"}, ...],
 *        "family": ["title-brand", ...]}
 *       file is relative to the directory (absolute paths and ".." are
 *       refused); "family" (optional: an array of names or one name) lists
 *       the injection families of the page, "site" (optional) its site;
 *       other fields are ignored; a record {"unit": "line", "text": "...",
 *       "label": ...} carries a headline-sized line inline instead of a
 *       file (SS_UNIT_LINE, at most SS_LINE_DOC_MAX bytes);
 *   (b) a directory with spam/ and ham/ sub-directories, one document per
 *       file, recursive, in sorted path order;
 *   (c) a file of "label<TAB>text" lines, label spam/ham or 1/0;
 *   (d) JSON Lines with the document inline (a pipeline's format): a file
 *       named .jsonl/.ndjson (optionally .gz), or any file or "-" (stdin)
 *       through ss_corpus_open_jsonl(); one object per line,
 *       {"label": "spam"|"ham", "html"|"text": "...", "spans": [...],
 *        "id": ..., "url": "...", "site": "...", "family": [...]}
 *       ("html" is read as HTML, "text" as text; id may be a string or a
 *       number; "unit": "line" as in (a); other fields are ignored).
 *
 * Documents named .html/.htm are HTML, .txt TEXT, others AUTO; a .gz
 * suffix is decompressed transparently (zlib) and ignored for the format.
 * A bad entry makes ss_corpus_next() return SS_ERR_FORMAT (or SS_ERR_IO)
 * with "file:line: message"; the next call goes on after it.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "errmsg.h"
#include "spamscore.h"

#define CORPUS_MAX_DOC ((size_t)64 << 20)   /* bytes per document */
#define CORPUS_MAX_LINE ((size_t)4 << 20)   /* bytes per manifest/TSV line */
#define CORPUS_MAX_FILES ((size_t)4 << 20)  /* files in a spam/ham tree */
#define CORPUS_MAX_DEPTH 32                 /* directory nesting */
#define CORPUS_MAX_SPANS 256                /* span labels per document */
#define CORPUS_MAX_FAMILIES 16              /* family names per document */
#define CORPUS_MAX_INLINE ((size_t)80 << 20) /* bytes per inline JSONL line */
#define CORPUS_READ_CHUNK 65536u            /* bytes per read of a line file */

enum corpus_kind { CORPUS_JSONL, CORPUS_DIRS, CORPUS_TSV, CORPUS_INLINE };

struct ss_corpus {
    enum corpus_kind kind;
    char *root;          /* directory (a, b) or file (c) */
    char *list_name;     /* labels.jsonl path or the TSV path, for messages */
    gzFile in;           /* labels.jsonl or TSV */
    unsigned long line_no;
    size_t max_line;     /* line cap: CORPUS_MAX_LINE or CORPUS_MAX_INLINE */
    char *line;
    size_t line_cap;
    char *ibuf;          /* bytes read from in, not yet taken into lines */
    size_t ipos, ilen;
    bool ieof;           /* in is at its end */
    char **files;        /* (b): sorted paths */
    int *labels;
    size_t n_files, next_file;
    /* The current document. */
    char *name;
    char *data;
    json_t *json;        /* (a), (d): keeps span texts alive */
    char id_buf[32];     /* (d): a numeric "id" as text */
    ss_span_label spans[CORPUS_MAX_SPANS];
    const char *families[CORPUS_MAX_FAMILIES];
    ss_corpus_doc doc;
};

/* Malloc'ed "a/b". */
static char *
join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

/* Case-insensitive: does s[0..len) end with suf? */
static bool
has_suffix(const char *s, size_t len, const char *suf)
{
    size_t ls = strlen(suf);
    if (len < ls)
        return false;
    for (size_t i = 0; i < ls; i++) {
        char c = s[len - ls + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suf[i])
            return false;
    }
    return true;
}

/* Format from a file name; a .gz suffix is looked through. */
static ss_format
format_of(const char *path)
{
    size_t len = strlen(path);
    if (has_suffix(path, len, ".gz"))
        len -= 3;
    if (has_suffix(path, len, ".html") || has_suffix(path, len, ".htm"))
        return SS_FORMAT_HTML;
    if (has_suffix(path, len, ".txt"))
        return SS_FORMAT_TEXT;
    return SS_FORMAT_AUTO;
}

/* Read a whole (possibly gzip'ed) file into a malloc'ed buffer. */
static ss_status
read_file(const char *path,
          char **out,
          size_t *out_len,
          char *err,
          size_t errlen)
{
    *out = NULL;
    *out_len = 0;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        ss_errmsg(err, errlen, "%s: %s", path,
                errno ? strerror(errno) : "cannot open");
        return SS_ERR_IO;
    }
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    ss_status st = SS_ERR_NOMEM;
    if (!buf)
        goto close_f;
    for (;;) {
        if (len == cap) {
            if (cap >= CORPUS_MAX_DOC) {
                ss_errmsg(err, errlen, "%s: document larger than %zu bytes",
                        path, CORPUS_MAX_DOC);
                st = SS_ERR_LIMIT;
                goto free_buf;
            }
            size_t ncap = cap * 2 > CORPUS_MAX_DOC ? CORPUS_MAX_DOC : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb)
                goto free_buf;
            buf = nb;
            cap = ncap;
        }
        int r = gzread(f, buf + len, (unsigned)(cap - len));
        if (r < 0) {
            int zerr;
            const char *msg = gzerror(f, &zerr);
            ss_errmsg(err, errlen, "%s: %s", path, msg ? msg : "read error");
            st = zerr == Z_ERRNO ? SS_ERR_IO : SS_ERR_FORMAT;
            goto free_buf;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    gzclose(f);
    return SS_OK;
free_buf:
    free(buf);
close_f:
    gzclose(f);
    return st;
}

/*
 * Read the next line of c->in into c->line (NUL-terminated, without its
 * line break; a NUL byte inside the line stays in it and counts in *len).
 * Returns 1 for a line, 0 at the end, -1 for a line longer than
 * c->max_line (skipped to its end), -2 for a read error or corrupt gzip
 * data, -3 when memory ran out, -4 for gzip data that ends too soon; after
 * -2 and -4 the file is at its end.
 */
static int
read_line(ss_corpus *c, size_t *len)
{
    size_t n = 0;
    bool too_long = false, any = false;
    for (;;) {
        if (c->ipos == c->ilen) {
            if (c->ieof)
                break;
            if (!c->ibuf && !(c->ibuf = malloc(CORPUS_READ_CHUNK)))
                return -3;
            int r = gzread(c->in, c->ibuf, CORPUS_READ_CHUNK);
            int zerr = Z_OK;
            if (r <= 0)
                gzerror(c->in, &zerr);
            if (zerr == Z_MEM_ERROR)
                return -3;
            if (r < 0 || zerr != Z_OK) {
                /* Nothing after a read error or corrupt data can be
                 * trusted: the next call gives the end, not the same
                 * error again (a caller that goes on after errors would
                 * never stop). */
                c->ieof = true;
                return zerr == Z_BUF_ERROR ? -4 : -2; /* -4: data ends too soon */
            }
            if (r == 0) {
                c->ieof = true;
                break;
            }
            c->ipos = 0;
            c->ilen = (size_t)r;
        }
        any = true;
        const char *s = c->ibuf + c->ipos;
        size_t avail = c->ilen - c->ipos;
        const char *nl = memchr(s, '\n', avail);
        size_t take = nl ? (size_t)(nl - s) + 1 : avail;
        c->ipos += take;
        if (!too_long && n + take - (nl != NULL) > c->max_line) {
            too_long = true; /* keep reading to the newline */
            n = 0;
        }
        if (!too_long) {
            if (n + take + 1 > c->line_cap) {
                size_t ncap = c->line_cap ? c->line_cap : 4096;
                while (ncap < n + take + 1)
                    ncap *= 2;
                char *nb = realloc(c->line, ncap);
                if (!nb)
                    return -3;
                c->line = nb;
                c->line_cap = ncap;
            }
            memcpy(c->line + n, s, take);
            n += take;
        }
        if (nl)
            break;
    }
    if (!any)
        return 0;
    c->line_no++;
    if (too_long)
        return -1;
    while (n > 0 && (c->line[n - 1] == '\n' || c->line[n - 1] == '\r'))
        n--;
    c->line[n] = '\0';
    *len = n;
    return 1;
}

/*
 * read_line() with its failures turned into a status and a message naming
 * the line: 1 for a line (its length in *len), 0 at the end (*st left
 * alone), -1 on a failure (*st: SS_ERR_FORMAT for an over-long line,
 * SS_ERR_IO for a read error or truncated gzip data, SS_ERR_NOMEM when
 * memory ran out).
 */
static int
take_line(ss_corpus *c, size_t *len, ss_status *st, char *err, size_t errlen)
{
    int r = read_line(c, len);
    if (r >= 0)
        return r;
    if (r == -3) {
        ss_errmsg(err, errlen, "%s:%lu: out of memory", c->list_name,
                c->line_no + 1);
        *st = SS_ERR_NOMEM;
    } else if (r == -2 || r == -4) {
        ss_errmsg(err, errlen, "%s:%lu: %s", c->list_name, c->line_no + 1,
                r == -2 ? "read error" : "truncated gzip data");
        *st = SS_ERR_IO;
    } else {
        ss_errmsg(err, errlen, "%s:%lu: line longer than %zu bytes",
                c->list_name, c->line_no, c->max_line);
        *st = SS_ERR_FORMAT;
    }
    return -1;
}

/* Recursively collect regular files under dir (relative names sorted
 * later). Hidden entries are skipped. */
static ss_status
collect(ss_corpus *c, const char *dir, int label, int depth, char *err,
        size_t errlen)
{
    if (depth > CORPUS_MAX_DEPTH) {
        ss_errmsg(err, errlen, "%s: directories nested too deep", dir);
        return SS_ERR_LIMIT;
    }
    DIR *d = opendir(dir);
    if (!d) {
        ss_errmsg(err, errlen, "%s: %s", dir, strerror(errno));
        return SS_ERR_IO;
    }
    ss_status st = SS_OK;
    struct dirent *e;
    while (st == SS_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p = join(dir, e->d_name);
        if (!p) {
            st = SS_ERR_NOMEM;
            break;
        }
        struct stat sb;
        if (stat(p, &sb) != 0) {
            free(p);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            st = collect(c, p, label, depth + 1, err, errlen);
            free(p);
            continue;
        }
        if (!S_ISREG(sb.st_mode)) {
            free(p);
            continue;
        }
        if (c->n_files >= CORPUS_MAX_FILES) {
            ss_errmsg(err, errlen, "%s: more than %zu files", c->root,
                    CORPUS_MAX_FILES);
            free(p);
            st = SS_ERR_LIMIT;
            break;
        }
        if ((c->n_files & (c->n_files + 1)) == 0 || c->n_files == 0) {
            size_t ncap = (c->n_files + 1) * 2;
            char **nf = realloc(c->files, ncap * sizeof *nf);
            int *nlab = nf ? realloc(c->labels, ncap * sizeof *nlab) : NULL;
            if (nf)
                c->files = nf;
            if (!nf || !nlab) {
                free(p);
                st = SS_ERR_NOMEM;
                break;
            }
            c->labels = nlab;
        }
        c->files[c->n_files] = p;
        c->labels[c->n_files] = label;
        c->n_files++;
    }
    closedir(d);
    return st;
}

/* Sort files and labels together by path. */
typedef struct file_ent {
    char *path;
    int label;
} file_ent;

/* qsort order of files: by path. */
static int
cmp_ent(const void *a, const void *b)
{
    return strcmp(((const file_ent *)a)->path, ((const file_ent *)b)->path);
}

/* Sort the collected files (and their labels) by path. */
static ss_status
sort_files(ss_corpus *c)
{
    if (c->n_files < 2)
        return SS_OK;
    file_ent *v = malloc(c->n_files * sizeof *v);
    if (!v)
        return SS_ERR_NOMEM;
    for (size_t i = 0; i < c->n_files; i++) {
        v[i].path = c->files[i];
        v[i].label = c->labels[i];
    }
    qsort(v, c->n_files, sizeof *v, cmp_ent);
    for (size_t i = 0; i < c->n_files; i++) {
        c->files[i] = v[i].path;
        c->labels[i] = v[i].label;
    }
    free(v);
    return SS_OK;
}

/* Is p a directory (following links)? */
static bool
is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Is p a regular file (following links)? */
static bool
is_file(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* See spamscore.h. */
ss_status
ss_corpus_open(const char *path,
               ss_corpus **out,
               char *err,
               size_t errlen)
{
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    if (!path) {
        ss_errmsg(err, errlen, "corpus: no path");
        return SS_ERR_ARG;
    }
    ss_corpus *c = calloc(1, sizeof *c);
    if (!c)
        return SS_ERR_NOMEM;
    ss_status st = SS_ERR_NOMEM;
    c->max_line = CORPUS_MAX_LINE;
    c->root = strdup(path);
    if (!c->root)
        goto fail;
    size_t rl = strlen(c->root);
    while (rl > 1 && c->root[rl - 1] == '/')
        c->root[--rl] = '\0';
    if (is_dir(path)) {
        c->list_name = join(c->root, "labels.jsonl");
        if (!c->list_name)
            goto fail;
        if (is_file(c->list_name)) {
            c->kind = CORPUS_JSONL;
        } else {
            c->kind = CORPUS_DIRS;
            char *spam = join(c->root, "spam"), *ham = join(c->root, "ham");
            if (!spam || !ham) {
                free(spam);
                free(ham);
                goto fail;
            }
            bool has_spam = is_dir(spam), has_ham = is_dir(ham);
            st = SS_OK;
            if (!has_spam && !has_ham) {
                ss_errmsg(err, errlen,
                        "%s: not a corpus (no labels.jsonl, no spam/ or ham/ "
                        "directory)", path);
                st = SS_ERR_FORMAT;
            }
            if (st == SS_OK && has_spam)
                st = collect(c, spam, 1, 0, err, errlen);
            if (st == SS_OK && has_ham)
                st = collect(c, ham, 0, 0, err, errlen);
            free(spam);
            free(ham);
            if (st == SS_OK)
                st = sort_files(c);
            if (st != SS_OK)
                goto fail;
            *out = c;
            return SS_OK;
        }
    } else if (is_file(path)) {
        c->kind = ss_corpus_is_jsonl_name(path) ? CORPUS_INLINE : CORPUS_TSV;
        c->list_name = strdup(path);
        if (!c->list_name)
            goto fail;
    } else {
        ss_errmsg(err, errlen, "%s: %s", path, strerror(ENOENT));
        st = SS_ERR_IO;
        goto fail;
    }
    if (c->kind == CORPUS_INLINE)
        c->max_line = CORPUS_MAX_INLINE;
    c->in = gzopen(c->list_name, "rb");
    if (!c->in) {
        ss_errmsg(err, errlen, "%s: %s", c->list_name, strerror(errno));
        st = SS_ERR_IO;
        goto fail;
    }
    *out = c;
    return SS_OK;
fail:
    if (st == SS_ERR_NOMEM)
        ss_errmsg(err, errlen, "%s: out of memory", path);
    ss_corpus_free(c);
    return st;
}

/* See spamscore.h. */
bool
ss_corpus_is_jsonl_name(const char *path)
{
    size_t len = path ? strlen(path) : 0;
    if (has_suffix(path, len, ".gz"))
        len -= 3;
    return has_suffix(path, len, ".jsonl") || has_suffix(path, len, ".ndjson");
}

/* See spamscore.h. */
ss_status
ss_corpus_open_jsonl(const char *path,
                     ss_corpus **out,
                     char *err,
                     size_t errlen)
{
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    if (!path) {
        ss_errmsg(err, errlen, "corpus: no path");
        return SS_ERR_ARG;
    }
    ss_corpus *c = calloc(1, sizeof *c);
    if (!c)
        return SS_ERR_NOMEM;
    c->kind = CORPUS_INLINE;
    c->max_line = CORPUS_MAX_INLINE;
    bool std_in = strcmp(path, "-") == 0;
    c->root = strdup(path);
    c->list_name = strdup(std_in ? "stdin" : path);
    if (!c->root || !c->list_name) {
        ss_errmsg(err, errlen, "%s: out of memory", path);
        ss_corpus_free(c);
        return SS_ERR_NOMEM;
    }
    if (std_in) {
        int fd = dup(0);
        c->in = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!c->in && fd >= 0)
            close(fd);
    } else {
        c->in = gzopen(path, "rb");
    }
    if (!c->in) {
        ss_errmsg(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
        ss_corpus_free(c);
        return SS_ERR_IO;
    }
    *out = c;
    return SS_OK;
}

/* Drop the current document. */
static void
clear_doc(ss_corpus *c)
{
    free(c->name);
    free(c->data);
    c->name = NULL;
    c->data = NULL;
    if (c->json) {
        json_decref(c->json);
        c->json = NULL;
    }
    memset(&c->doc, 0, sizeof c->doc);
}

/* spam/1 -> 1, ham/0 -> 0, anything else -> -1. */
static int
parse_label(const char *s, size_t len)
{
    if ((len == 4 && memcmp(s, "spam", 4) == 0) || (len == 1 && s[0] == '1'))
        return 1;
    if ((len == 3 && memcmp(s, "ham", 3) == 0) || (len == 1 && s[0] == '0'))
        return 0;
    return -1;
}

/* Span kind from its name ("promo-headline", ...). */
static bool
kind_of(const char *s, ss_flag_kind *kind)
{
    for (int k = 0; k < SS_FLAG_KIND_COUNT; k++)
        if (strcmp(s, ss_flag_kind_name((ss_flag_kind)k)) == 0) {
            *kind = (ss_flag_kind)k;
            return true;
        }
    return false;
}

/* A manifest path must stay inside the corpus directory. */
static bool
safe_relpath(const char *p)
{
    if (!p[0] || p[0] == '/')
        return false;
    const char *s = p;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        if (l == 2 && s[0] == '.' && s[1] == '.')
            return false;
        if (!e)
            break;
        s = e + 1;
    }
    return true;
}

/*
 * The "family" field (absent, a name, or an array of names) into
 * c->families (the strings stay owned by c->json). Returns an error message
 * or NULL.
 */
static const char *
take_families(ss_corpus *c,
              const json_t *jf,
              size_t *n)
{
    *n = 0;
    if (!jf || json_is_null(jf))
        return NULL;
    if (json_is_string(jf)) {
        if (json_string_length(jf) == 0)
            return "empty family name";
        c->families[(*n)++] = json_string_value(jf);
        return NULL;
    }
    if (!json_is_array(jf))
        return "\"family\" must be a string or an array of strings";
    if (json_array_size(jf) > CORPUS_MAX_FAMILIES)
        return "too many families";
    for (size_t k = 0; k < json_array_size(jf); k++) {
        const json_t *f = json_array_get(jf, k);
        if (!json_is_string(f) || json_string_length(f) == 0)
            return "a family must be a non-empty string";
        c->families[(*n)++] = json_string_value(f);
    }
    return NULL;
}

/* A "label" value: "spam"/"ham"/"1"/"0" or 1/0 -> 1/0; else -1. */
static int
json_label(const json_t *jl)
{
    if (json_is_string(jl))
        return parse_label(json_string_value(jl), json_string_length(jl));
    if (json_is_integer(jl) && json_integer_value(jl) >= 0
        && json_integer_value(jl) <= 1)
        return (int)json_integer_value(jl);
    return -1;
}

/* The "unit" field (absent, "page" or "line") into *unit; for a line the
 * "text" it must carry into *text. Returns an error message or NULL. */
static const char *
take_unit(json_t *o, ss_doc_unit *unit, json_t **text)
{
    json_t *ju = json_object_get(o, "unit");
    *unit = SS_UNIT_PAGE;
    *text = NULL;
    if (!ju || (json_is_string(ju) && strcmp(json_string_value(ju), "page") == 0))
        return NULL;
    if (!json_is_string(ju) || strcmp(json_string_value(ju), "line") != 0)
        return "\"unit\" must be \"page\" or \"line\"";
    *unit = SS_UNIT_LINE;
    *text = json_object_get(o, "text");
    if (!json_is_string(*text))
        return "a \"line\" unit needs its \"text\" as a string";
    if (json_string_length(*text) > SS_LINE_DOC_MAX)
        return "a \"line\" unit is longer than 1024 bytes";
    return NULL;
}

/*
 * The "spans" field (absent or an array of {"kind", "text"}) into c->spans
 * (the strings stay owned by c->json). Returns an error message or NULL.
 */
static const char *
take_spans(ss_corpus *c,
           const json_t *js,
           size_t *n)
{
    *n = 0;
    if (!js || json_is_null(js))
        return NULL;
    if (!json_is_array(js))
        return "\"spans\" must be an array";
    if (json_array_size(js) > CORPUS_MAX_SPANS)
        return "too many spans";
    for (size_t k = 0; k < json_array_size(js); k++) {
        json_t *sp = json_array_get(js, k);
        json_t *kd = json_object_get(sp, "kind");
        json_t *tx = json_object_get(sp, "text");
        ss_flag_kind kind;
        if (!json_is_object(sp) || !json_is_string(kd) || !json_is_string(tx))
            return "a span needs string \"kind\" and \"text\"";
        if (!kind_of(json_string_value(kd), &kind))
            return "unknown span kind";
        if (json_string_length(tx) == 0)
            return "empty span text";
        c->spans[*n].kind = kind;
        c->spans[*n].text = json_string_value(tx);
        (*n)++;
    }
    return NULL;
}

/* Point c->doc at a "unit": "line" record of c->json (formats a and d):
 * its text, label and site; named "list:line". */
static ss_status
line_doc(ss_corpus *c, json_t *text, int label, const ss_corpus_doc **doc)
{
    size_t nl = strlen(c->list_name) + 24;
    c->name = malloc(nl);
    if (!c->name) {
        clear_doc(c);
        return SS_ERR_NOMEM;
    }
    snprintf(c->name, nl, "%s:%lu", c->list_name, c->line_no);
    json_t *jsite = json_object_get(c->json, "site");
    c->doc.name = c->name;
    c->doc.data = json_string_value(text);
    c->doc.len = json_string_length(text);
    c->doc.format = SS_FORMAT_TEXT;
    c->doc.label = label;
    c->doc.unit = SS_UNIT_LINE;
    c->doc.site = json_is_string(jsite) && json_string_length(jsite)
                      ? json_string_value(jsite) : NULL;
    *doc = &c->doc;
    return SS_OK;
}

/* Next document of a labels.jsonl corpus (format a). */
static ss_status
next_jsonl(ss_corpus *c, const ss_corpus_doc **doc, char *err, size_t errlen)
{
    for (;;) {
        size_t len = 0;
        ss_status st = SS_OK;
        int r = take_line(c, &len, &st, err, errlen);
        if (r <= 0)
            return st;
        size_t i = 0;
        while (i < len && (c->line[i] == ' ' || c->line[i] == '\t'))
            i++;
        if (i == len)
            continue; /* blank line */
        json_error_t je;
        json_t *o = json_loadb(c->line, len, 0, &je);
        if (!o || !json_is_object(o)) {
            ss_errmsg(err, errlen, "%s:%lu: %s", c->list_name, c->line_no,
                    o ? "not a JSON object" : je.text);
            json_decref(o);
            return SS_ERR_FORMAT;
        }
        c->json = o;
        json_t *jf = json_object_get(o, "file");
        json_t *jl = json_object_get(o, "label");
        json_t *js = json_object_get(o, "spans");
        json_t *jline = NULL;
        ss_doc_unit unit;
        int label = json_label(jl);
        const char *msg = take_unit(o, &unit, &jline);
        if (!msg && unit == SS_UNIT_PAGE) { /* a line carries no file */
            if (!json_is_string(jf))
                msg = "\"file\" missing or not a string";
            else if (!safe_relpath(json_string_value(jf)))
                msg = "\"file\" must be a relative path inside the corpus";
        }
        if (!msg && label < 0)
            msg = "\"label\" must be \"spam\" or \"ham\"";
        size_t n_spans = 0;
        if (!msg)
            msg = take_spans(c, js, &n_spans);
        size_t n_fam = 0;
        if (!msg)
            msg = take_families(c, json_object_get(o, "family"), &n_fam);
        if (msg) {
            ss_errmsg(err, errlen, "%s:%lu: %s", c->list_name, c->line_no, msg);
            clear_doc(c);
            return SS_ERR_FORMAT;
        }
        if (unit == SS_UNIT_LINE)
            return line_doc(c, jline, label, doc);
        char *p = join(c->root, json_string_value(jf));
        if (!p) {
            clear_doc(c);
            return SS_ERR_NOMEM;
        }
        size_t dlen;
        char msgbuf[512];
        st = read_file(p, &c->data, &dlen, msgbuf, sizeof msgbuf);
        if (st != SS_OK) {
            ss_errmsg(err, errlen, "%s:%lu: %s", c->list_name, c->line_no,
                    msgbuf);
            free(p);
            clear_doc(c);
            return st;
        }
        c->name = p;
        c->doc.name = p;
        c->doc.data = c->data;
        c->doc.len = dlen;
        c->doc.format = format_of(p);
        c->doc.label = label;
        c->doc.spans = n_spans ? c->spans : NULL;
        c->doc.n_spans = n_spans;
        c->doc.families = n_fam ? c->families : NULL;
        c->doc.n_families = n_fam;
        json_t *jsite = json_object_get(o, "site");
        c->doc.site = json_is_string(jsite) && json_string_length(jsite)
                          ? json_string_value(jsite) : NULL;
        *doc = &c->doc;
        return SS_OK;
    }
}

/* Read the next non-blank line of a line corpus; 1 for a line (its length in
 * *len), 0 at the end, or an error status (the message in err). */
static int
next_line(ss_corpus *c, size_t *len, ss_status *st, char *err, size_t errlen)
{
    for (;;) {
        int r = take_line(c, len, st, err, errlen);
        if (r <= 0)
            return r;
        size_t i = 0;
        while (i < *len && (c->line[i] == ' ' || c->line[i] == '\t'
                            || c->line[i] == '\r'))
            i++;
        if (i < *len)
            return 1;
    }
}

/* The text of an optional "id" (a string or an integer), or NULL. */
static const char *
doc_id(ss_corpus *c, const json_t *jid)
{
    if (json_is_string(jid))
        return json_string_value(jid);
    if (json_is_integer(jid)) {
        snprintf(c->id_buf, sizeof c->id_buf, "%lld",
                 (long long)json_integer_value(jid));
        return c->id_buf;
    }
    return NULL;
}

/* Check one inline JSONL object (format d) and point c->doc at it; returns
 * an error message or NULL. The strings stay owned by c->json. */
static const char *
inline_doc(ss_corpus *c, json_t *o)
{
    json_t *jh = json_object_get(o, "html"), *jt = json_object_get(o, "text");
    json_t *body = json_is_string(jh) ? jh : jt, *jline;
    int label = json_label(json_object_get(o, "label"));
    size_t n_spans = 0, n_fam = 0;
    ss_doc_unit unit;
    const char *msg = take_unit(o, &unit, &jline);
    if (msg)
        return msg;
    if (label < 0)
        return "\"label\" must be \"spam\" or \"ham\"";
    if (unit == SS_UNIT_LINE)
        body = jline;
    if (!json_is_string(body))
        return "\"html\" or \"text\" missing or not a string";
    if (json_string_length(body) > CORPUS_MAX_DOC)
        return "document too large";
    msg = take_spans(c, json_object_get(o, "spans"), &n_spans);
    if (!msg)
        msg = take_families(c, json_object_get(o, "family"), &n_fam);
    if (msg)
        return msg;
    json_t *jsite = json_object_get(o, "site"), *ju = json_object_get(o, "url");
    c->doc.data = json_string_value(body);
    c->doc.len = json_string_length(body);
    c->doc.format = body == jh ? SS_FORMAT_HTML : SS_FORMAT_TEXT;
    c->doc.label = label;
    c->doc.unit = unit;
    c->doc.spans = n_spans ? c->spans : NULL;
    c->doc.n_spans = n_spans;
    c->doc.families = n_fam ? c->families : NULL;
    c->doc.n_families = n_fam;
    c->doc.site = json_is_string(jsite) && json_string_length(jsite)
                      ? json_string_value(jsite) : NULL;
    c->doc.url = json_is_string(ju) && json_string_length(ju)
                     ? json_string_value(ju) : NULL;
    c->doc.id = doc_id(c, json_object_get(o, "id"));
    return NULL;
}

/* Next document of an inline JSON Lines corpus (format d). */
static ss_status
next_inline(ss_corpus *c, const ss_corpus_doc **doc, char *err, size_t errlen)
{
    size_t len = 0;
    ss_status st = SS_OK;
    int r = next_line(c, &len, &st, err, errlen);
    if (r <= 0)
        return st;
    json_error_t je;
    json_t *o = json_loadb(c->line, len, 0, &je);
    if (!o || !json_is_object(o)) {
        ss_errmsg(err, errlen, "%s:%lu: %s", c->list_name, c->line_no,
                o ? "not a JSON object" : je.text);
        json_decref(o);
        return SS_ERR_FORMAT;
    }
    c->json = o;
    const char *msg = inline_doc(c, o);
    size_t nl = strlen(c->list_name) + 24;
    c->name = msg ? NULL : malloc(nl);
    if (msg || !c->name) {
        ss_errmsg(err, errlen, "%s:%lu: %s", c->list_name, c->line_no,
                msg ? msg : "out of memory");
        clear_doc(c);
        return msg ? SS_ERR_FORMAT : SS_ERR_NOMEM;
    }
    snprintf(c->name, nl, "%s:%lu", c->list_name, c->line_no);
    c->doc.name = c->name;
    *doc = &c->doc;
    return SS_OK;
}

/* Next document of a label<TAB>text file (format c). */
static ss_status
next_tsv(ss_corpus *c, const ss_corpus_doc **doc, char *err, size_t errlen)
{
    for (;;) {
        size_t len = 0;
        ss_status st = SS_OK;
        int r = take_line(c, &len, &st, err, errlen);
        if (r <= 0)
            return st;
        if (len == 0)
            continue;
        char *tab = memchr(c->line, '\t', len);
        int label = tab ? parse_label(c->line, (size_t)(tab - c->line)) : -1;
        if (label < 0) {
            ss_errmsg(err, errlen, "%s:%lu: %s", c->list_name, c->line_no,
                    tab ? "label must be spam, ham, 1 or 0"
                        : "expected label<TAB>text");
            return SS_ERR_FORMAT;
        }
        size_t tl = len - (size_t)(tab + 1 - c->line);
        size_t nl = strlen(c->list_name) + 24;
        c->name = malloc(nl);
        c->data = malloc(tl + 1);
        if (!c->name || !c->data) {
            clear_doc(c);
            return SS_ERR_NOMEM;
        }
        snprintf(c->name, nl, "%s:%lu", c->list_name, c->line_no);
        memcpy(c->data, tab + 1, tl);
        c->data[tl] = '\0';
        c->doc.name = c->name;
        c->doc.data = c->data;
        c->doc.len = tl;
        c->doc.format = SS_FORMAT_TEXT;
        c->doc.label = label;
        *doc = &c->doc;
        return SS_OK;
    }
}

/* Next document of a spam/ + ham/ tree (format b). */
static ss_status
next_dirs(ss_corpus *c, const ss_corpus_doc **doc, char *err, size_t errlen)
{
    if (c->next_file >= c->n_files)
        return SS_OK;
    size_t i = c->next_file++;
    size_t dlen;
    ss_status st = read_file(c->files[i], &c->data, &dlen, err, errlen);
    if (st != SS_OK)
        return st;
    c->doc.name = c->files[i];
    c->doc.data = c->data;
    c->doc.len = dlen;
    c->doc.format = format_of(c->files[i]);
    c->doc.label = c->labels[i];
    *doc = &c->doc;
    return SS_OK;
}

/* See spamscore.h. */
ss_status
ss_corpus_next(ss_corpus *corpus,
               const ss_corpus_doc **doc,
               char *err,
               size_t errlen)
{
    if (!corpus || !doc)
        return SS_ERR_ARG;
    *doc = NULL;
    clear_doc(corpus);
    switch (corpus->kind) {
    case CORPUS_JSONL: return next_jsonl(corpus, doc, err, errlen);
    case CORPUS_TSV: return next_tsv(corpus, doc, err, errlen);
    case CORPUS_DIRS: return next_dirs(corpus, doc, err, errlen);
    case CORPUS_INLINE: return next_inline(corpus, doc, err, errlen);
    }
    return SS_ERR_ARG;
}

/* See spamscore.h. */
void
ss_corpus_free(ss_corpus *corpus)
{
    if (!corpus)
        return;
    clear_doc(corpus);
    if (corpus->in)
        gzclose(corpus->in);
    for (size_t i = 0; i < corpus->n_files; i++)
        free(corpus->files[i]);
    free(corpus->files);
    free(corpus->labels);
    free(corpus->line);
    free(corpus->ibuf);
    free(corpus->root);
    free(corpus->list_name);
    free(corpus);
}
