/*
 * markdown.c - the cleaned main content as Markdown (see markdown.h).
 *
 * One pass over the kept blocks. Each block is given a kind from its flags
 * and its tag path (heading, list item of a ul or an ol, table cell, code,
 * quote, paragraph); consecutive list items of one list and the cells of
 * one table stay together, every other pair of blocks is separated by a
 * blank line.
 */
#include "markdown.h"

#include <string.h>

#include "clean.h"

typedef enum md_kind {
    MD_PARA = 0,
    MD_HEADING,
    MD_BULLET,
    MD_NUMBER,
    MD_CELL,
    MD_CODE,
    MD_QUOTE
} md_kind;

/* Growable output in the arena. */
typedef struct md_out {
    ss_arena *a;
    char *p;
    size_t len, cap;
    bool failed;
} md_out;

static void
put(md_out *o, const char *s, size_t n)
{
    if (o->failed || !n)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t nc = o->cap ? o->cap : 512;
        while (nc < o->len + n + 1)
            nc *= 2;
        char *p = ss_arena_realloc(o->a, o->p, o->cap, nc);
        if (!p) {
            o->failed = true;
            return;
        }
        o->p = p;
        o->cap = nc;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void
puts_(md_out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* The last component of a tag path ("div/ol/li" -> "li"). */
static const char *
last_tag(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Nearest list element above a list item: 'o' for ol, 'u' for ul/menu/dir,
 * 0 for none. */
static char
list_type(const char *path)
{
    const char *best = NULL;
    char type = 0;
    for (const char *s = path; (s = strstr(s, "ol")) != NULL; s += 2)
        if ((s == path || s[-1] == '/') && (s[2] == '/' || !s[2]))
            best = s, type = 'o';
    for (const char *s = path; (s = strstr(s, "ul")) != NULL; s += 2)
        if ((s == path || s[-1] == '/') && (s[2] == '/' || !s[2]) && (!best || s > best))
            best = s, type = 'u';
    return type;
}

/* True if name is a component of the tag path. */
static bool
has_tag(const char *path, const char *name)
{
    size_t n = strlen(name);
    for (const char *s = path; (s = strstr(s, name)) != NULL; s += n)
        if ((s == path || s[-1] == '/') && (s[n] == '/' || !s[n]))
            return true;
    return false;
}

static md_kind
block_kind(const ss_block *b)
{
    const char *path = b->path ? b->path : "";
    if ((b->flags & SS_BLK_HEADING) && b->heading_level >= 1 && b->heading_level <= 6)
        return MD_HEADING;
    if ((b->flags & SS_BLK_PRE) && !strcmp(last_tag(path), "pre"))
        return MD_CODE;
    if (b->flags & SS_BLK_CELL)
        return MD_CELL;
    if (b->flags & SS_BLK_LISTITEM)
        return list_type(path) == 'o' ? MD_NUMBER : MD_BULLET;
    if (has_tag(path, "blockquote"))
        return MD_QUOTE;
    return MD_PARA;
}

/* A table cell's text with '|' escaped. */
static void
put_cell(md_out *o, const char *t, size_t n)
{
    size_t from = 0;
    for (size_t k = 0; k < n; k++) {
        if (t[k] != '|')
            continue;
        put(o, t + from, k - from);
        put(o, "\\|", 2);
        from = k + 1;
    }
    put(o, t + from, n - from);
}

/* State carried from one kept block to the next. */
typedef struct md_state {
    md_kind prev;
    uint32_t prev_parent;  /* parent_id of the previous block */
    const char *prev_path; /* its tag path */
    bool any;              /* something was written */
    unsigned item;         /* number of the current ordered-list item */
    unsigned row_cells;    /* cells written in the current table row */
    unsigned rows;         /* rows written in the current table */
    unsigned head_cells;   /* cells of the first row (separator width) */
} md_state;

/* Close the current table row (and write the separator after the first). */
static void
end_row(md_out *o, md_state *st)
{
    if (!st->row_cells)
        return;
    puts_(o, " |");
    if (st->rows == 0) {
        st->head_cells = st->row_cells;
        puts_(o, "\n|");
        for (unsigned k = 0; k < st->head_cells; k++)
            puts_(o, "---|");
    }
    st->rows++;
    st->row_cells = 0;
}

/* Write one kept block. */
static void
write_block(md_out *o, md_state *st, const ss_block *b, const char *t, size_t n)
{
    md_kind k = block_kind(b);
    /* Items of one list share their container, or (a <p> inside each
     * <li>) their tag path. */
    bool same_list = (k == MD_BULLET || k == MD_NUMBER) && st->prev == k &&
                     (st->prev_parent == b->parent_id ||
                      (st->prev_path && b->path && !strcmp(st->prev_path, b->path)));
    bool same_table = k == MD_CELL && st->prev == MD_CELL;
    bool same_row = same_table && st->prev_parent == b->parent_id;
    if (st->prev == MD_CELL && !same_row)
        end_row(o, st);
    if (!same_table) {
        st->rows = 0;
        st->row_cells = 0;
    }
    if (st->any)
        puts_(o, same_list || same_table ? (same_row ? "" : "\n") : "\n\n");
    switch (k) {
    case MD_HEADING:
        put(o, "######", b->heading_level);
        put(o, " ", 1);
        put(o, t, n);
        break;
    case MD_BULLET:
        puts_(o, "- ");
        put(o, t, n);
        break;
    case MD_NUMBER: {
        st->item = same_list ? st->item + 1 : 1;
        char num[16];
        size_t l = 0;
        unsigned v = st->item, d = 1;
        while (v / d >= 10)
            d *= 10;
        for (; d; d /= 10)
            num[l++] = (char)('0' + v / d % 10);
        num[l++] = '.';
        num[l++] = ' ';
        put(o, num, l);
        put(o, t, n);
        break;
    }
    case MD_CELL:
        puts_(o, st->row_cells ? " | " : "| ");
        put_cell(o, t, n);
        st->row_cells++;
        break;
    case MD_CODE:
        puts_(o, "```\n");
        put(o, t, n);
        puts_(o, "\n```");
        break;
    case MD_QUOTE:
        puts_(o, "> ");
        put(o, t, n);
        break;
    case MD_PARA:
        put(o, t, n);
        break;
    }
    st->prev = k;
    st->prev_parent = b->parent_id;
    st->prev_path = b->path;
    st->any = true;
}

const char *
ss_clean_markdown(ss_arena *a,
                  const ss_page *page,
                  const ss_evidence *ev,
                  size_t *len)
{
    *len = 0;
    uint8_t *dropped = ss_clean_dropped(a, page, ev);
    if (!dropped)
        return NULL;
    md_out o = {.a = a};
    md_state st = {.prev = MD_PARA};
    for (uint32_t i = 0; i < page->n_blocks; i++) {
        const ss_block *b = &page->blocks[i];
        if (b->role != SS_ROLE_MAIN || dropped[i] || (b->flags & SS_BLK_REPEAT))
            continue;
        size_t n;
        const char *t = ss_clean_block(a, page, ev, i, &n);
        if (!t)
            return NULL;
        if (n)
            write_block(&o, &st, b, t, n);
    }
    if (st.prev == MD_CELL)
        end_row(&o, &st);
    if (o.failed)
        return NULL;
    *len = o.len;
    return o.p ? o.p : ss_arena_strndup(a, "", 0);
}
