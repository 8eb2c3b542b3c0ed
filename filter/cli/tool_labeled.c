/*
 * tool_labeled.c - the labeled inputs of `spamscore train` and `eval` (see
 * tool_labeled.h): library corpora, inline JSON Lines, and WARC / WET files
 * labeled by a labels file.
 */
#include "tool_labeled.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define LABELS_MAX ((size_t)32 << 20)  /* entries of a labels file */
#define LABELS_LINE 65536              /* bytes of a labels-file line */

struct tool_labels {
    char **keys;    /* open addressing, NULL empty */
    signed char *label;
    size_t n, n_slots;
};

struct tool_labeled {
    tool_labeled_kind kind;
    ss_corpus *corpus;         /* CORPUS, JSONL */
    tool_source *warc;         /* WARC */
    const tool_labels *labels;
    tool_doc wdoc;             /* the current WARC record */
    ss_corpus_doc doc;
    size_t not_pages, unlabeled;
};

/* FNV-1a of a string. */
static uint64_t
hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Slot of key in the map: its own or the empty one where it would go. */
static size_t
labels_slot(const tool_labels *m,
            const char *key)
{
    size_t i = (size_t)hash_str(key) & (m->n_slots - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->n_slots - 1);
    return i;
}

/* Grow the map to twice its slots. */
static bool
labels_grow(tool_labels *m)
{
    tool_labels g = {0};
    g.n_slots = m->n_slots ? m->n_slots * 2 : 1024;
    g.keys = calloc(g.n_slots, sizeof *g.keys);
    g.label = calloc(g.n_slots, sizeof *g.label);
    if (!g.keys || !g.label) {
        free(g.keys);
        free(g.label);
        return false;
    }
    for (size_t i = 0; i < m->n_slots; i++) {
        if (!m->keys[i])
            continue;
        size_t j = labels_slot(&g, m->keys[i]);
        g.keys[j] = m->keys[i];
        g.label[j] = m->label[i];
    }
    free(m->keys);
    free(m->label);
    g.n = m->n;
    *m = g;
    return true;
}

/* Key without angle brackets ("<urn:uuid:...>" -> "urn:uuid:..."), into a
 * malloc'ed string. */
static char *
bare_key(const char *s,
         size_t len)
{
    if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
        s++;
        len -= 2;
    }
    return tool_strndup(s, len);
}

/* Add key -> label; a later line for the same key wins. */
static bool
labels_put(tool_labels *m,
           const char *key,
           size_t len,
           int label)
{
    if ((m->n + 1) * 2 > m->n_slots && !labels_grow(m))
        return false;
    char *k = bare_key(key, len);
    if (!k)
        return false;
    size_t i = labels_slot(m, k);
    if (m->keys[i]) {
        free(k);
    } else {
        m->keys[i] = k;
        m->n++;
    }
    m->label[i] = (signed char)label;
    return true;
}

/* The label of key (angle brackets looked through), -1 when unknown. */
static int
labels_get(const tool_labels *m,
           const char *key)
{
    if (!m || !key || m->n == 0)
        return -1;
    char *k = bare_key(key, strlen(key));
    if (!k)
        return -1;
    size_t i = labels_slot(m, k);
    free(k);
    return m->keys[i] ? m->label[i] : -1;
}

/* spam/1 -> 1, ham/0 -> 0, else -1. */
static int
label_of(const char *s,
         size_t len)
{
    if ((len == 4 && memcmp(s, "spam", 4) == 0) || (len == 1 && s[0] == '1'))
        return 1;
    if ((len == 3 && memcmp(s, "ham", 3) == 0) || (len == 1 && s[0] == '0'))
        return 0;
    return -1;
}

/* One labels-file line into the map; an error message or NULL. */
static const char *
labels_line(tool_labels *m,
            const char *line,
            size_t len)
{
    if (line[0] == '{') {
        json_error_t je;
        json_t *o = json_loadb(line, len, 0, &je);
        json_t *jl = json_object_get(o, "label");
        json_t *jk = json_object_get(o, "url");
        const char *msg = NULL;
        int label = -1;
        if (!json_is_string(jk))
            jk = json_object_get(o, "id");
        if (json_is_string(jl))
            label = label_of(json_string_value(jl), json_string_length(jl));
        else if (json_is_integer(jl) && json_integer_value(jl) >= 0 &&
                 json_integer_value(jl) <= 1)
            label = (int)json_integer_value(jl);
        if (!json_is_object(o))
            msg = "not a JSON object";
        else if (label < 0)
            msg = "\"label\" must be \"spam\" or \"ham\"";
        else if (!json_is_string(jk) || json_string_length(jk) == 0)
            msg = "\"url\" or \"id\" missing";
        else if (!labels_put(m, json_string_value(jk), json_string_length(jk),
                             label))
            msg = "out of memory";
        json_decref(o);
        return msg;
    }
    const char *tab = memchr(line, '\t', len);
    int label = tab ? label_of(line, (size_t)(tab - line)) : -1;
    if (label < 0)
        return tab ? "label must be spam, ham, 1 or 0"
                   : "expected label<TAB>url-or-record-id or a JSON object";
    size_t kl = len - (size_t)(tab + 1 - line);
    if (kl == 0)
        return "empty key";
    return labels_put(m, tab + 1, kl, label) ? NULL : "out of memory";
}

/* See tool_labeled.h. */
tool_labels *
tool_labels_load(const char *path,
                 char *err,
                 size_t errlen)
{
    tool_labels *m = calloc(1, sizeof *m);
    char *line = malloc(LABELS_LINE);
    gzFile f = gzopen(path, "rb");
    unsigned long line_no = 0;
    const char *msg = NULL;

    if (!m || !line || !f) {
        snprintf(err, errlen, "%s: %s", path,
                 !f ? strerror(errno ? errno : ENOENT) : "out of memory");
        goto fail;
    }
    while (gzgets(f, line, LABELS_LINE)) {
        size_t len = strlen(line);
        line_no++;
        if (len == LABELS_LINE - 1 && line[len - 1] != '\n') {
            msg = "line too long";
            break;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (m->n >= LABELS_MAX) {
            msg = "too many labels";
            break;
        }
        if ((msg = labels_line(m, line, len)) != NULL)
            break;
    }
    if (msg) {
        snprintf(err, errlen, "%s:%lu: %s", path, line_no, msg);
        goto fail;
    }
    gzclose(f);
    free(line);
    return m;
fail:
    if (f)
        gzclose(f);
    free(line);
    tool_labels_free(m);
    return NULL;
}

/* See tool_labeled.h. */
void
tool_labels_free(tool_labels *labels)
{
    if (!labels)
        return;
    for (size_t i = 0; i < labels->n_slots; i++)
        free(labels->keys[i]);
    free(labels->keys);
    free(labels->label);
    free(labels);
}

/* Case-insensitive: does s end with suf? */
static bool
ends_with(const char *s,
          size_t len,
          const char *suf)
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

/* See tool_labeled.h. */
tool_labeled_kind
tool_labeled_kind_of(const char *path)
{
    size_t len = strlen(path);
    if (ends_with(path, len, ".gz"))
        len -= 3;
    if (ends_with(path, len, ".warc") || ends_with(path, len, ".wet"))
        return TOOL_LABELED_WARC;
    return TOOL_LABELED_CORPUS;
}

/* See tool_labeled.h. */
tool_labeled *
tool_labeled_open(const tool_labeled_spec *spec,
                  const tool_labels *labels,
                  const tool_limits *lim,
                  char *err,
                  size_t errlen)
{
    tool_labeled *in = calloc(1, sizeof *in);
    ss_status st = SS_OK;
    if (!in) {
        snprintf(err, errlen, "%s: out of memory", spec->path);
        return NULL;
    }
    in->kind = spec->kind;
    in->labels = labels;
    switch (spec->kind) {
    case TOOL_LABELED_CORPUS:
        st = ss_corpus_open(spec->path, &in->corpus, err, errlen);
        break;
    case TOOL_LABELED_JSONL:
        st = ss_corpus_open_jsonl(spec->path, &in->corpus, err, errlen);
        break;
    case TOOL_LABELED_WARC:
        if (!labels) {
            snprintf(err, errlen, "%s: a WARC input needs --labels FILE",
                     spec->path);
            st = SS_ERR_ARG;
            break;
        }
        /* tool_source_warc keeps the path array: point it at the spec. */
        in->warc = tool_source_warc((char *const *)&spec->path, 1, lim);
        if (!in->warc) {
            snprintf(err, errlen, "%s: out of memory", spec->path);
            st = SS_ERR_NOMEM;
        }
        break;
    }
    if (st != SS_OK) {
        tool_labeled_free(in);
        return NULL;
    }
    return in;
}

/* The next labeled WARC record. */
static ss_status
next_warc(tool_labeled *in,
          const ss_corpus_doc **doc,
          char *err,
          size_t errlen)
{
    for (;;) {
        tool_doc *d = &in->wdoc;
        tool_doc_clear(d);
        if (in->warc->next(in->warc, d) == TOOL_NEXT_END)
            return SS_OK;
        tool_doc_load(d);
        if (d->error && d->skipped) {
            in->not_pages++;
            continue;
        }
        if (d->error) {
            snprintf(err, errlen, "%s: %s", d->input ? d->input : "warc",
                     d->error);
            return SS_ERR_FORMAT;
        }
        int label = labels_get(in->labels, d->url);
        if (label < 0)
            label = labels_get(in->labels, d->record_id);
        if (label < 0) {
            in->unlabeled++;
            continue;
        }
        memset(&in->doc, 0, sizeof in->doc);
        in->doc.name = d->input;
        in->doc.data = d->data;
        in->doc.len = d->len;
        in->doc.format = d->format;
        in->doc.label = label;
        in->doc.url = d->url;
        in->doc.id = d->record_id;
        *doc = &in->doc;
        return SS_OK;
    }
}

/* See tool_labeled.h. */
ss_status
tool_labeled_next(tool_labeled *in,
                  const ss_corpus_doc **doc,
                  char *err,
                  size_t errlen)
{
    *doc = NULL;
    if (in->kind == TOOL_LABELED_WARC)
        return next_warc(in, doc, err, errlen);
    return ss_corpus_next(in->corpus, doc, err, errlen);
}

/* See tool_labeled.h. */
void
tool_labeled_passed(const tool_labeled *in,
                    size_t *not_pages,
                    size_t *unlabeled)
{
    *not_pages = in->not_pages;
    *unlabeled = in->unlabeled;
}

/* See tool_labeled.h. */
void
tool_labeled_free(tool_labeled *in)
{
    if (!in)
        return;
    ss_corpus_free(in->corpus);
    if (in->warc)
        in->warc->free(in->warc);
    tool_doc_clear(&in->wdoc);
    free(in);
}

/* See tool_labeled.h. */
bool
tool_inputs_init(tool_inputs *in,
                 int argc)
{
    memset(in, 0, sizeof *in);
    in->specs = calloc((size_t)(argc > 0 ? argc : 1), sizeof *in->specs);
    return in->specs != NULL;
}

/* See tool_labeled.h. */
void
tool_inputs_free(tool_inputs *in)
{
    free(in->specs);
    memset(in, 0, sizeof *in);
}

/* See tool_labeled.h. */
int
tool_inputs_take(tool_inputs *in,
                 int argc,
                 char **argv,
                 int *i)
{
    static const char *const opts[] = {"--jsonl", "--warc", "--labels",
                                       "--on-error"};
    const char *a = argv[*i], *v = NULL;
    size_t k;
    for (k = 0; k < sizeof opts / sizeof *opts; k++) {
        size_t l = strlen(opts[k]);
        if (strncmp(a, opts[k], l) == 0 && (a[l] == '\0' || a[l] == '='))
            break;
    }
    if (k == sizeof opts / sizeof *opts)
        return 0;
    v = strchr(a, '=');
    if (v)
        v++;
    else if (*i + 1 < argc && !(argv[*i + 1][0] == '-' && argv[*i + 1][1]))
        v = argv[++*i]; /* not "--jsonl -o M": an option where a file was due */
    else
        return -1;
    switch (k) {
    case 0:
    case 1:
        in->specs[in->n].kind = k == 0 ? TOOL_LABELED_JSONL : TOOL_LABELED_WARC;
        in->specs[in->n++].path = v;
        return 1;
    case 2:
        in->labels_path = v;
        return 1;
    default:
        if (strcmp(v, "stop") == 0)
            in->stop_on_error = true;
        else if (strcmp(v, "skip") == 0)
            in->stop_on_error = false;
        else
            return -1;
        return 1;
    }
}

/* See tool_labeled.h. */
void
tool_inputs_add(tool_inputs *in,
                const char *path)
{
    in->specs[in->n].kind = tool_labeled_kind_of(path);
    in->specs[in->n++].path = path;
}

/* See tool_labeled.h. */
bool
tool_inputs_ready(const tool_inputs *in,
                  tool_labels **labels,
                  char *err,
                  size_t errlen)
{
    bool warc = false;
    *labels = NULL;
    for (size_t k = 0; k < in->n; k++)
        warc |= in->specs[k].kind == TOOL_LABELED_WARC;
    if (warc && !in->labels_path) {
        snprintf(err, errlen, "a WARC input needs --labels FILE");
        return false;
    }
    if (!in->labels_path)
        return true;
    *labels = tool_labels_load(in->labels_path, err, errlen);
    return *labels != NULL;
}
