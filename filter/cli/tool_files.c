/*
 * tool_files.c - the file source of the spamscore command: named files,
 * directories walked recursively in sorted (byte) order, "-" for stdin, and
 * gzip-compressed inputs (detected by their magic bytes) read transparently.
 *
 * One document per file. A file larger than the cap is refused before it is
 * read (regular files) or after cap + 1 bytes (streams, gzip output), so a
 * huge input costs no memory. Every failure becomes an error record naming
 * the input; the walk goes on. Inside directories, names starting with '.'
 * are skipped, symbolic links to directories are not followed (no loops),
 * and anything that is not a regular file (FIFO, socket, device, dangling
 * link) is an error record rather than something that could block.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "gzbuf.h"
#include "tool.h"

#define MAX_WALK_DEPTH 64          /* directory nesting followed */
#define MAX_DIR_ENTRIES 10000000u  /* names read from one directory */

/* One directory being walked: its sorted entry names. */
typedef struct walk_frame {
    char *path;
    char **names;
    size_t n, next;
} walk_frame;

typedef struct files_source {
    tool_source base;
    char *const *paths;
    size_t n_paths, next_path;
    tool_limits lim;
    walk_frame stack[MAX_WALK_DEPTH];
    size_t depth;
} files_source;

/* Free what a doc owns and zero it (see tool.h). */
void
tool_doc_clear(tool_doc *doc)
{
    if (!doc)
        return;
    free(doc->input);
    free(doc->id_json);
    free(doc->url);
    free(doc->record_id);
    free(doc->extra_json);
    free(doc->data);
    free(doc->charset_hint);
    free(doc->error);
    tool_doc_drop_raw(doc);
    memset(doc, 0, sizeof *doc);
}

/* See tool.h. */
void
tool_doc_drop_raw(tool_doc *doc)
{
    if (doc->hold)
        doc->unhold(doc->hold);
    else
        free(doc->raw);
    doc->hold = NULL;
    doc->raw = NULL;
    doc->raw_len = 0;
}

char *
tool_strdupf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *
tool_strndup(const char *s,
             size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* Mark doc as failed with a message (keeps going if the message cannot be
 * allocated: the record then says "out of memory"). */
static void
doc_fail(tool_doc *doc,
         const char *what,
         const char *detail)
{
    free(doc->data);
    doc->data = NULL;
    doc->len = 0;
    doc->error = tool_strdupf("%s%s%s", what, detail ? ": " : "",
                            detail ? detail : "");
    if (!doc->error)
        doc->error = tool_strdupf("out of memory");
}

/* Format from the file name: .html/.htm/.xhtml -> HTML, .txt -> text,
 * anything else sniffed. A trailing ".gz" is ignored. */
static ss_format
format_from_name(const char *name)
{
    size_t n = strlen(name);
    const char *dot;
    char ext[8];
    size_t e;

    if (n > 3 && strcmp(name + n - 3, ".gz") == 0)
        n -= 3;
    dot = NULL;
    for (e = n; e > 0; e--) {
        if (name[e - 1] == '.') {
            dot = name + e - 1;
            break;
        }
        if (name[e - 1] == '/')
            break;
    }
    if (!dot || (size_t)(name + n - dot) >= sizeof ext)
        return SS_FORMAT_AUTO;
    for (e = 0; dot + 1 + e < name + n; e++) {
        char c = dot[1 + e];
        ext[e] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    ext[e] = '\0';
    if (!strcmp(ext, "html") || !strcmp(ext, "htm") || !strcmp(ext, "xhtml"))
        return SS_FORMAT_HTML;
    if (!strcmp(ext, "txt") || !strcmp(ext, "text"))
        return SS_FORMAT_TEXT;
    return SS_FORMAT_AUTO;
}

/*
 * Read at most cap + 1 bytes from fd into a new buffer (*out, *outlen).
 * size_hint (0 if unknown) sizes the first allocation. Returns 0, or an
 * errno value.
 */
static int
read_fd(int fd,
        size_t cap,
        size_t size_hint,
        char **out,
        size_t *outlen)
{
    size_t len = 0, alloc = size_hint ? size_hint + 1 : 65536;
    char *buf;

    if (alloc > cap + 1)
        alloc = cap + 1;
    buf = malloc(alloc + 1);
    if (!buf)
        return ENOMEM;
    for (;;) {
        ssize_t r;
        if (len == alloc) {
            size_t na;
            char *nb;
            if (alloc >= cap + 1)
                break; /* cap + 1 bytes: enough to know it is too big */
            na = alloc * 2 > cap + 1 ? cap + 1 : alloc * 2;
            nb = realloc(buf, na + 1);
            if (!nb) {
                free(buf);
                return ENOMEM;
            }
            buf = nb;
            alloc = na;
        }
        r = read(fd, buf + len, alloc - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            free(buf);
            return errno;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return 0;
}

/*
 * Read the input named name (opened as fd) into doc: size check, read,
 * gunzip when the data starts with the gzip magic. Failures become the
 * doc's error.
 */
static void
load_fd(size_t cap,
        int fd,
        tool_doc *doc)
{
    struct stat st;
    size_t hint = 0, len = 0;
    char *buf = NULL;
    int e;

    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uintmax_t)st.st_size > (uintmax_t)cap) {
            char detail[96];
            snprintf(detail, sizeof detail, "%jd bytes, more than the cap of %zu",
                     (intmax_t)st.st_size, cap);
            doc_fail(doc, "input too large", detail);
            return;
        }
        hint = (size_t)st.st_size;
    } else if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        doc_fail(doc, "is a directory", NULL);
        return;
    }
    e = read_fd(fd, cap, hint, &buf, &len);
    if (e) {
        doc_fail(doc, "cannot read", strerror(e));
        return;
    }
    if (len >= 2 && (unsigned char)buf[0] == 0x1f &&
        (unsigned char)buf[1] == 0x8b) {
        const char *err = NULL;
        size_t ulen = 0;
        char *u = ss_gunzip(buf, len, cap, &ulen, &err);
        free(buf);
        if (!u) {
            doc_fail(doc, "gzip", err);
            return;
        }
        buf = u;
        len = ulen;
    }
    if (len > cap) {
        char detail[96];
        free(buf);
        snprintf(detail, sizeof detail, "more than the cap of %zu bytes", cap);
        doc_fail(doc, "input too large", detail);
        return;
    }
    doc->data = buf;
    doc->len = len;
}

/* Fill doc from a file path (not a directory). */
static void
load_path(size_t cap,
          const char *path,
          tool_doc *doc)
{
    int fd;

    doc->format = format_from_name(path);
    if (strcmp(path, "-") == 0) {
        load_fd(cap, STDIN_FILENO, doc);
        return;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        doc_fail(doc, "cannot open", strerror(errno));
        return;
    }
    load_fd(cap, fd, doc);
    close(fd);
}

/* See tool.h. */
void
tool_doc_load(tool_doc *doc)
{
    void (*load)(tool_doc *) = doc->load;
    if (!load)
        return;
    doc->load = NULL;
    load(doc);
    tool_doc_drop_raw(doc);
}

/* The deferred load of a regular file: read the file named by input. */
static void
file_load(tool_doc *doc)
{
    load_path(doc->max_bytes, doc->input, doc);
}

/* Byte order of names, for scandir. */
static int
name_cmp(const struct dirent **a,
         const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Skip ".", ".." and hidden names inside a walked directory. */
static int
name_keep(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

/* dir + "/" + name, without doubling a trailing slash. */
static char *
join_path(const char *dir,
          const char *name)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return tool_strdupf("%.*s/%s", (int)n, dir, name);
}

/* Push a directory onto the walk stack. Returns NULL on success or a
 * message for the error record. */
static const char *
push_dir(files_source *s,
         const char *path)
{
    struct dirent **list = NULL;
    walk_frame *fr;
    int n, i;

    if (s->depth >= MAX_WALK_DEPTH)
        return "directories nested too deep";
    n = scandir(path, &list, name_keep, name_cmp);
    if (n < 0)
        return strerror(errno);
    fr = &s->stack[s->depth];
    memset(fr, 0, sizeof *fr);
    fr->path = tool_strdupf("%s", path);
    fr->names = calloc((size_t)n + 1, sizeof *fr->names);
    if (!fr->path || !fr->names) {
        for (i = 0; i < n; i++)
            free(list[i]);
        free(list);
        free(fr->path);
        free(fr->names);
        return "out of memory";
    }
    for (i = 0; i < n; i++) {
        if ((unsigned)i < MAX_DIR_ENTRIES)
            fr->names[fr->n++] = tool_strdupf("%s", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    s->depth++;
    return NULL;
}

/* Drop the innermost directory of the walk. */
static void
pop_dir(files_source *s)
{
    walk_frame *fr = &s->stack[--s->depth];
    size_t i;
    for (i = 0; i < fr->n; i++)
        free(fr->names[i]);
    free(fr->names);
    free(fr->path);
    memset(fr, 0, sizeof *fr);
}

/* The source's next(): the next file of the walk or of the argument list. */
static tool_next
files_next(tool_source *src,
           tool_doc *doc)
{
    files_source *s = (files_source *)src;

    memset(doc, 0, sizeof *doc);
    for (;;) {
        char *path;
        struct stat st;
        bool explicit_arg;

        if (s->depth > 0) {
            walk_frame *fr = &s->stack[s->depth - 1];
            if (fr->next >= fr->n) {
                pop_dir(s);
                continue;
            }
            path = fr->names[fr->next] ? join_path(fr->path, fr->names[fr->next])
                                       : NULL;
            fr->next++;
            explicit_arg = false;
        } else if (s->next_path < s->n_paths) {
            path = tool_strdupf("%s", s->paths[s->next_path++]);
            explicit_arg = true;
        } else {
            return TOOL_NEXT_END;
        }
        if (!path) {
            doc->input = tool_strdupf("?");
            doc_fail(doc, "out of memory", NULL);
            return TOOL_NEXT_DOC;
        }
        doc->input = path;
        if (strcmp(path, "-") == 0 && explicit_arg) {
            load_path(s->lim.max_doc_bytes, path, doc);
            return TOOL_NEXT_DOC;
        }
        /* Arguments follow symlinks; walked entries do not follow links to
         * directories (no cycles), but links to files are read. */
        if (stat(path, &st) != 0) {
            doc_fail(doc, "cannot open", strerror(errno));
            return TOOL_NEXT_DOC;
        }
        if (S_ISDIR(st.st_mode)) {
            struct stat lst;
            const char *err;
            if (!explicit_arg && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
                doc_fail(doc, "symbolic link to a directory, not followed",
                         NULL);
                return TOOL_NEXT_DOC;
            }
            err = push_dir(s, path);
            if (err) {
                doc_fail(doc, "cannot read directory", err);
                return TOOL_NEXT_DOC;
            }
            free(doc->input);
            doc->input = NULL;
            continue;
        }
        if (!S_ISREG(st.st_mode) && !explicit_arg) {
            doc_fail(doc, "not a regular file", NULL);
            return TOOL_NEXT_DOC;
        }
        if (S_ISREG(st.st_mode)) {
            /* Read by the worker that scores it (tool_doc_load), so that
             * reading runs in parallel and the reader only walks. */
            doc->load = file_load;
            doc->max_bytes = s->lim.max_doc_bytes;
            doc->format = format_from_name(path);
            return TOOL_NEXT_DOC;
        }
        load_path(s->lim.max_doc_bytes, path, doc); /* a pipe, a device */
        return TOOL_NEXT_DOC;
    }
}

/* The source's free(). */
static void
files_free(tool_source *src)
{
    files_source *s = (files_source *)src;
    if (!s)
        return;
    while (s->depth > 0)
        pop_dir(s);
    free(s);
}

/* The file source: see the file comment and tool.h. */
tool_source *
tool_source_files(char *const *paths,
                  size_t n,
                  const tool_limits *lim)
{
    files_source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->base.next = files_next;
    s->base.free = files_free;
    s->paths = paths;
    s->n_paths = n;
    s->lim = *lim;
    if (s->lim.max_doc_bytes == 0)
        s->lim.max_doc_bytes = (size_t)16 << 20;
    return &s->base;
}
