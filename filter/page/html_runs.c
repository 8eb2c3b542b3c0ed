/*
 * html_runs.c - text runs and blocks (see walk.h): the text the SAX walk
 * reads is collapsed into a run; a block-level boundary flushes the run
 * into a block with its tag path, class/id words and link bytes. Links,
 * hidden elements (their text goes to page->hidden), the title and the
 * attributes the walk reads (meta, microdata, data-* hints) are here too.
 */

#include "walk.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "fnv.h"
#include "meta.h"

/* Classes of the bytes pw_run_append() copies in runs: PLAIN, an ASCII byte
 * other than NUL and white space (copied as it is); SPACE, ASCII white
 * space (pw_ascii_space). One load per byte where the loops tested up to
 * four ranges, each a branch of its own. */
enum { PLAIN = 1, SPACE = 2 };
static const uint8_t run_class[256] = {
    0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x80-0xFF: UTF-8 lead and continuation bytes, neither */
};

/* Append UTF-8 text s[0..len) to the current run, collapsing white space
 * (ASCII and Unicode spaces; zero-width space and BOM are dropped). */
void
pw_run_append(walker *w, const char *s, size_t len, bool in_link, uint32_t owner, uint32_t inh)
{
    const unsigned char *u = (const unsigned char *)s;
    if (w->len == 0 && !w->pending_space) {
        w->run_elem = owner;
        w->run_inh = inh;
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        size_t n = 1;
        bool space = false;
        bool drop = false;
        if (c < 0x80u) {
            if (run_class[c] & SPACE) {
                /* A run of ASCII white space is one pending space. */
                if (w->len > 0)
                    w->pending_space = true;
                i++;
                while (i < len && (run_class[u[i]] & SPACE))
                    i++;
                continue;
            } else {
                /* A run of other ASCII bytes is copied in one go, with the
                 * same effect as byte by byte below; so are the runs after
                 * it that are apart by one ' ' (a space that stays as it
                 * is), when all of them fit. */
                size_t m = 1;
                while (i + m < len && (run_class[u[i + m]] & PLAIN))
                    m++;
                size_t pend = w->pending_space ? 1 : 0;
                size_t room = w->cap - w->len;
                size_t full = m;
                while (i + full + 1 < len && u[i + full] == ' ' &&
                       (run_class[u[i + full + 1]] & PLAIN)) {
                    full += 2;
                    while (i + full < len && (run_class[u[i + full]] & PLAIN))
                        full++;
                }
                if (pend + full <= room)
                    m = full;
                if (room < pend + 1) {
                    w->page->limits |= SS_LIMIT_BLOCK_BYTES;
                    return;
                }
                if (w->len == 0) {
                    w->run_elem = owner;
                    w->run_inh = inh;
                }
                if (w->pending_space) {
                    w->buf[w->len++] = ' ';
                    if (in_link)
                        w->link_bytes++;
                    w->pending_space = false;
                    room--;
                }
                size_t take = m <= room ? m : room;
                memcpy(w->buf + w->len, u + i, take);
                w->len += take;
                w->brs = 0;
                if (in_link)
                    w->link_bytes += take;
                if (take < m) {
                    w->page->limits |= SS_LIMIT_BLOCK_BYTES;
                    return;
                }
                i += m;
                continue;
            }
        } else if (c == 0xC2u && i + 1 < len && u[i + 1] == 0xA0u) {
            n = 2;
            space = true;
        } else if (c == 0xE2u && i + 2 < len && u[i + 1] == 0x80u &&
                   ((u[i + 2] >= 0x80u && u[i + 2] <= 0x8Au) || u[i + 2] == 0xA8u ||
                    u[i + 2] == 0xA9u || u[i + 2] == 0xAFu)) {
            n = 3;
            space = true;
        } else if (i + 2 < len && ((c == 0xE2u && u[i + 1] == 0x80u && u[i + 2] == 0x8Bu) ||
                                   (c == 0xEFu && u[i + 1] == 0xBBu && u[i + 2] == 0xBFu))) {
            n = 3;
            drop = true;
        } else if (c == 0xE3u && i + 2 < len && u[i + 1] == 0x80u && u[i + 2] == 0x80u) {
            n = 3;
            space = true;
        } else {
            n = (c >= 0xF0u) ? 4 : (c >= 0xE0u) ? 3 : (c >= 0xC0u) ? 2 : 1;
            for (size_t k = 1; k < n; k++)
                if (i + k >= len || !u[i + k]) {
                    n = k;
                    break;
                }
        }
        if (drop) {
            i += n;
            continue;
        }
        if (space) {
            if (w->len > 0)
                w->pending_space = true;
            i += n;
            continue;
        }
        size_t need = n + (w->pending_space ? 1 : 0);
        if (w->len + need > w->cap) {
            w->page->limits |= SS_LIMIT_BLOCK_BYTES;
            return;
        }
        if (w->len == 0) {
            w->run_elem = owner;
            w->run_inh = inh;
        }
        if (w->pending_space) {
            w->buf[w->len++] = ' ';
            if (in_link)
                w->link_bytes++;
            w->pending_space = false;
        }
        memcpy(w->buf + w->len, u + i, n);
        w->len += n;
        w->brs = 0;
        if (in_link)
            w->link_bytes += n;
        i += n;
    }
}

/* Build "a/b/c" for element e (from below body), capped, into the arena. */
static const char *
make_path(walker *w, uint32_t e)
{
    const char *names[ANCESTOR_CAP];
    size_t lens[ANCESTOR_CAP];
    size_t n = 0;
    size_t total = 0;
    for (uint32_t i = e; i && n < ANCESTOR_CAP; i = w->elems[i].parent) {
        const elem *x = &w->elems[i];
        if (x->tflags & T_ROOT)
            break;
        if (total + x->name_len + 1u > PATH_CAP)
            break;
        names[n] = x->name;
        lens[n++] = x->name_len;
        total += x->name_len + 1u;
    }
    char *p = ss_arena_alloc(w->a, total + 1);
    if (!p) {
        pw_alloc_failed(w);
        return "";
    }
    size_t o = 0;
    for (size_t k = n; k-- > 0;) {
        size_t l = lens[k];
        memcpy(p + o, names[k], l);
        o += l;
        if (k)
            p[o++] = '/';
    }
    p[o] = '\0';
    return p;
}

/* What make_attrs() writes for a byte: ATTR_SPACE for white space, 0 for
 * non-ASCII (dropped), else the byte in lower case; filled once by
 * pw_page_tables_init(). */

uint8_t pw_attr_map[256];

/* Append the words of one class or id value v (may be NULL) to tmp[0..*o),
 * lower-case, white space collapsed, then a space; stops at ATTRS_CAP. */
static void
attr_words(char *tmp, size_t *o, const char *v)
{
    if (!v)
        return;
    size_t n = *o;
    for (; *v && n < ATTRS_CAP; v++) {
        unsigned char m = pw_attr_map[(unsigned char)*v];
        if (m == ATTR_SPACE) {
            if (n > 0 && tmp[n - 1] != ' ')
                tmp[n++] = ' ';
            continue;
        }
        if (m == 0)
            continue; /* keep the string ASCII (and valid UTF-8) */
        tmp[n++] = (char)m;
    }
    if (n > 0 && n < ATTRS_CAP && tmp[n - 1] != ' ')
        tmp[n++] = ' ';
    *o = n;
}

/* Class and id words of e and its ancestors, nearest first, lower-case,
 * capped at ATTRS_CAP bytes and ANCESTOR_CAP elements. Made once per
 * element (class and id do not change), and from the parent's string when
 * the chain is shorter than ANCESTOR_CAP: the words are one stream in
 * which each byte written depends only on the byte before, and the
 * parent's string is that stream's head after e's own words (which end
 * with a space), cut at the cap and without trailing spaces. */
static const char *
make_attrs(walker *w, uint32_t e)
{
    elem *x = &w->elems[e];
    if (x->attrs)
        return x->attrs;
    char tmp[ATTRS_CAP + 1];
    size_t o = 0;
    if (x->depth < ANCESTOR_CAP) {
        attr_words(tmp, &o, x->cls);
        attr_words(tmp, &o, x->id);
        uint32_t parent = x->parent;
        if (parent && o < ATTRS_CAP) {
            const char *up = make_attrs(w, parent);
            if (o == 0) {
                x = &w->elems[e];
                x->attrs = up;
                return up;
            }
            size_t ul = strlen(up);
            if (ul > ATTRS_CAP - o)
                ul = ATTRS_CAP - o;
            memcpy(tmp + o, up, ul);
            o += ul;
        }
    } else {
        unsigned hops = 0;
        for (uint32_t i = e; i && hops < ANCESTOR_CAP && o < ATTRS_CAP;
             i = w->elems[i].parent, hops++) {
            attr_words(tmp, &o, w->elems[i].cls);
            attr_words(tmp, &o, w->elems[i].id);
        }
    }
    while (o > 0 && tmp[o - 1] == ' ')
        o--;
    char *p = ss_arena_strndup(w->a, tmp, o);
    if (!p) {
        pw_alloc_failed(w);
        return "";
    }
    w->elems[e].attrs = p;
    return p;
}

/* Add a block to the page (growing the array); false when out of memory or
 * at the block cap. */
static ss_block *
block_new(walker *w, uint32_t owner)
{
    ss_page *pg = w->page;
    if (pg->n_blocks >= w->cfg->max_blocks) {
        pg->limits |= SS_LIMIT_BLOCKS;
        return NULL;
    }
    if (pg->n_blocks == w->cap_blocks) {
        uint32_t nc = w->cap_blocks ? w->cap_blocks * 2 : 64;
        if (nc > w->cfg->max_blocks)
            nc = w->cfg->max_blocks;
        ss_block *nb = ss_arena_realloc(w->a, pg->blocks, (size_t)w->cap_blocks * sizeof *nb,
                                        (size_t)nc * sizeof *nb);
        uint32_t *ne = nb ? ss_arena_realloc(w->a, w->blk_elem,
                                             (size_t)w->cap_blocks * sizeof *ne,
                                             (size_t)nc * sizeof *ne)
                          : NULL;
        uint8_t *np = ne ? ss_arena_realloc(w->a, w->blk_post, w->cap_blocks, nc) : NULL;
        if (!nb || !ne || !np) {
            pw_alloc_failed(w);
            return NULL;
        }
        pg->blocks = nb;
        w->blk_elem = ne;
        w->blk_post = np;
        w->cap_blocks = nc;
    }
    ss_block *b = &pg->blocks[pg->n_blocks];
    memset(b, 0, sizeof *b);
    w->blk_elem[pg->n_blocks] = owner;
    w->blk_post[pg->n_blocks] = POST_NONE;
    pg->n_blocks++;
    b->widget = SS_NONE;
    return b;
}

/* Count space-separated words of collapsed text. */
static uint32_t
count_words(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    uint32_t n = 1;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ' ')
            n++;
    return n;
}

static void hidden_flush(walker *w);

/* Turn the current text run into a block. */
void
pw_run_flush(walker *w)
{
    w->pending_space = false;
    if (w->len == 0) {
        w->link_bytes = 0;
        return;
    }
    if (w->st != SS_OK)
        return;
    w->run_gen++;
    if (w->in_hidden) {
        hidden_flush(w);
        return;
    }
    uint32_t owner = w->run_elem;
    ss_block *b = block_new(w, owner);
    if (!b)
        goto reset_run;
    char *t = ss_arena_strndup(w->a, w->buf, w->len);
    if (!t) {
        pw_alloc_failed(w);
        w->page->n_blocks--;
        goto reset_run;
    }
    const elem *e = &w->elems[owner];
    b->text = t;
    b->len = (uint32_t)w->len;
    b->n_words = count_words(t, w->len);
    b->path = make_path(w, owner);
    b->attrs = make_attrs(w, owner);
    b->depth = e->depth;
    b->flags = w->run_inh & (SS_BLK_LISTITEM | SS_BLK_CELL | SS_BLK_BOILER_ZONE | SS_BLK_PRE);
    if (w->run_code && !(b->flags & SS_BLK_PRE))
        b->flags |= SS_BLK_CODE;
    b->hidden = (uint16_t)(((w->run_inh & IN_RULEHID) ? SS_HID_RULE : 0) |
                           ((w->run_inh & IN_PANEL) ? SS_HID_PANEL : 0));
    if (w->run_inh & IN_POST_TEXT)
        w->blk_post[w->page->n_blocks - 1] = POST_TEXT;
    else if (w->run_inh & IN_POST_ITEM)
        w->blk_post[w->page->n_blocks - 1] = POST_ASIDE;
    if (e->kind & K_HEAD) {
        b->flags |= SS_BLK_HEADING;
        b->heading_level = (uint8_t)(e->name[1] - '0');
        if (b->heading_level == 1 && w->h1_block == SS_NONE)
            w->h1_block = w->page->n_blocks - 1;
    }
    if (e->kind & K_P)
        b->flags |= SS_BLK_PARA;
    if (e->kind & K_LI)
        b->flags |= SS_BLK_LISTITEM;
    if (e->kind & K_CELL)
        b->flags |= SS_BLK_CELL;
    if (!(e->kind & K_OWNTEXT))
        b->flags |= SS_BLK_DIVTEXT;
    b->link_share = (float)w->link_bytes / (float)w->len;
    if (b->link_share > 1.0f)
        b->link_share = 1.0f;
    if (b->link_share >= 0.8f)
        b->flags |= SS_BLK_LINK;
    b->parent_id = (b->flags & SS_BLK_DIVTEXT) ? owner : e->parent;
    b->role = SS_ROLE_BOILER;
reset_run:
    w->len = 0;
    w->link_bytes = 0;
    w->run_code = false;
}

/* Class/id words of a hidden element, then of its visible ancestors from
 * element record e (lower-case, capped): what tells a menu or a cookie
 * banner from an injected block. */
static const char *
hidden_attrs(walker *w, const char *cls, const char *id, uint32_t e)
{
    const char *up = e ? make_attrs(w, e) : "";
    char tmp[ATTRS_CAP + 1];
    size_t o = 0;
    const char *src[3] = {cls, id, up};
    for (int k = 0; k < 3; k++) {
        for (const char *v = src[k]; v && *v && o < ATTRS_CAP; v++) {
            unsigned char m = pw_attr_map[(unsigned char)*v];
            if (m == ATTR_SPACE) {
                if (o > 0 && tmp[o - 1] != ' ')
                    tmp[o++] = ' ';
            } else if (m) {
                tmp[o++] = (char)m;
            }
        }
        if (o > 0 && o < ATTRS_CAP && tmp[o - 1] != ' ')
            tmp[o++] = ' ';
    }
    while (o > 0 && tmp[o - 1] == ' ')
        o--;
    const char *p = ss_arena_strndup(w->a, tmp, o);
    if (!p)
        pw_alloc_failed(w);
    return p ? p : "";
}

/* The hidden run becomes a block of page->hidden (see page.h). */
static void
hidden_flush(walker *w)
{
    ss_page *pg = w->page;
    if (pg->n_hidden >= w->cfg->max_blocks) {
        pg->limits |= SS_LIMIT_BLOCKS;
        goto reset_run;
    }
    if (pg->n_hidden == w->cap_hidden) {
        uint32_t nc = w->cap_hidden ? w->cap_hidden * 2 : 16;
        if (nc > w->cfg->max_blocks)
            nc = w->cfg->max_blocks;
        ss_block *nb = ss_arena_realloc(w->a, pg->hidden, (size_t)w->cap_hidden * sizeof *nb,
                                        (size_t)nc * sizeof *nb);
        if (!nb) {
            pw_alloc_failed(w);
            goto reset_run;
        }
        pg->hidden = nb;
        w->cap_hidden = nc;
    }
    char *t = ss_arena_strndup(w->a, w->buf, w->len);
    if (!t) {
        pw_alloc_failed(w);
        goto reset_run;
    }
    ss_block *b = &pg->hidden[pg->n_hidden++];
    memset(b, 0, sizeof *b);
    b->text = t;
    b->len = (uint32_t)w->len;
    b->n_words = count_words(t, w->len);
    b->path = "hidden";
    if (!w->hid_attrs) /* once per hidden element that has text */
        w->hid_attrs = hidden_attrs(w, w->hid_cls, w->hid_id, w->hid_elem);
    b->attrs = w->hid_attrs;
    b->flags = w->hid_inh | (w->run_inh & (SS_BLK_LISTITEM | SS_BLK_CELL | SS_BLK_PRE));
    b->link_share = (float)w->link_bytes / (float)w->len;
    if (b->link_share > 1.0f)
        b->link_share = 1.0f;
    if (b->link_share >= 0.8f)
        b->flags |= SS_BLK_LINK;
    b->parent_id = w->hid_group;
    b->hidden = w->hid_why ? w->hid_why : SS_HID_ATTR;
    if (w->hid_panel) {
        w->panel_text += w->len;
        w->panel_links += w->link_bytes;
    }
    b->at = pg->n_blocks;
    b->role = SS_ROLE_BOILER;
    b->widget = SS_NONE;
reset_run:
    w->len = 0;
    w->link_bytes = 0;
}

/* An <a> opens at open-element depth: remember where its text starts. */
void
pw_link_open(walker *w, unsigned depth, const char *href)
{
    if (w->link_open || !href)
        return;
    w->link_open = true;
    w->link_depth = depth;
    w->link_start = w->len;
    w->link_gen = w->run_gen;
    w->link_host = ss_page_url_host(href);
}

/* The <a> at depth ends: record its text as a link of the block the run
 * will become (a link cut by a block boundary is dropped). */
void
pw_link_close(walker *w, unsigned depth)
{
    if (!w->link_open || w->link_depth != depth)
        return;
    w->link_open = false;
    ss_page *pg = w->page;
    size_t start = w->link_start;
    if (w->link_gen != w->run_gen || w->len <= start || w->st != SS_OK)
        return;
    if (w->buf[start] == ' ')
        start++;
    if (w->len <= start)
        return;
    if (pg->n_links >= 4u * w->cfg->max_blocks) {
        pg->limits |= SS_LIMIT_BLOCKS;
        return;
    }
    if (pg->n_links == w->cap_links) {
        uint32_t nc = w->cap_links ? w->cap_links * 2 : 64;
        ss_link *nl = ss_arena_realloc(w->a, pg->links, (size_t)w->cap_links * sizeof *nl,
                                       (size_t)nc * sizeof *nl);
        if (!nl) {
            pw_alloc_failed(w);
            return;
        }
        pg->links = nl;
        w->cap_links = nc;
    }
    ss_link *l = &pg->links[pg->n_links++];
    l->hidden = w->in_hidden;
    l->block = w->in_hidden ? pg->n_hidden : pg->n_blocks;
    l->start = (uint32_t)start;
    l->end = (uint32_t)w->len;
    l->host = w->link_host;
}

/* Copy the attribute value v into buf (cap bytes), truncated. */
static void
copy_attr(char *buf, size_t cap, const char *v)
{
    size_t n = 0;
    for (; v && v[n] && n + 1 < cap; n++)
        buf[n] = v[n];
    buf[n] = '\0';
}

/* Enter a hidden element: save the visible run and read into the hidden
 * buffer. panel: it has a tab or accordion panel's shape; cls and id are
 * its class and id, e its nearest visible block element record, inh the
 * zone bits where it sits. */
void
pw_hidden_enter(walker *w, unsigned why, bool panel, const char *cls, const char *id, uint32_t e,
                uint32_t inh)
{
    if (!w->hbuf) {
        w->hbuf = ss_arena_alloc(w->a, w->cap + 8);
        if (!w->hbuf) {
            pw_alloc_failed(w);
            return;
        }
    }
    w->sv.buf = w->buf;
    w->sv.len = w->len;
    w->sv.link_bytes = w->link_bytes;
    w->sv.pending_space = w->pending_space;
    w->sv.run_elem = w->run_elem;
    w->sv.run_inh = w->run_inh;
    w->sv.brs = w->brs;
    w->sv.link_open = w->link_open;
    w->sv.link_depth = w->link_depth;
    w->sv.link_start = w->link_start;
    w->sv.link_gen = w->link_gen;
    w->sv.link_host = w->link_host;
    w->sv.run_gen = w->run_gen;
    w->buf = w->hbuf;
    w->len = 0;
    w->link_bytes = 0;
    w->pending_space = false;
    w->run_inh = 0;
    w->brs = 0;
    w->link_open = false;
    w->in_hidden = true;
    w->hid_group++;
    w->hid_why = (uint16_t)why;
    w->hid_elem = e;
    w->hid_panel = panel;
    copy_attr(w->hid_cls, sizeof w->hid_cls, cls);
    copy_attr(w->hid_id, sizeof w->hid_id, id);
    w->hid_attrs = NULL;
    w->hid_inh = inh & SS_BLK_BOILER_ZONE;
}

/* Leave the hidden element: flush its last run, restore the visible one. */
void
pw_hidden_leave(walker *w)
{
    pw_run_flush(w);
    w->in_hidden = false;
    w->buf = w->sv.buf;
    w->len = w->sv.len;
    w->link_bytes = w->sv.link_bytes;
    w->pending_space = w->sv.pending_space;
    w->run_elem = w->sv.run_elem;
    w->run_inh = w->sv.run_inh;
    w->brs = w->sv.brs;
    w->link_open = w->sv.link_open;
    w->link_depth = w->sv.link_depth;
    w->link_start = w->sv.link_start;
    w->link_gen = w->sv.link_gen;
    w->link_host = w->sv.link_host;
    w->run_gen = w->sv.run_gen;
}

/* Append direct text of the <title> being collected, white space
 * collapsed, capped at TITLE_CAP bytes. */
void
pw_title_append(walker *w, const char *s, size_t len)
{
    for (size_t i = 0; i < len && w->title_len < TITLE_CAP; i++) {
        char ch = s[i];
        if (ch == '\n' || ch == '\r' || ch == '\t')
            ch = ' ';
        if (ch == ' ' && (w->title_len == 0 || w->title_buf[w->title_len - 1] == ' '))
            continue;
        w->title_buf[w->title_len++] = ch;
    }
}

/* Copy s collapsed (ASCII spaces) and capped into the arena. */
const char *
pw_collapse_dup(walker *w, const char *s)
{
    char tmp[TITLE_CAP + 4];
    size_t o = 0;
    for (; *s && o < TITLE_CAP; s++) {
        char ch = *s;
        if (ch == '\n' || ch == '\r' || ch == '\t')
            ch = ' ';
        if (ch == ' ' && (o == 0 || tmp[o - 1] == ' '))
            continue;
        tmp[o++] = ch;
    }
    while (o > 0 && tmp[o - 1] == ' ')
        o--;
    /* Do not end in the middle of a UTF-8 sequence (the cap may cut one). */
    size_t lead = o;
    while (lead > 0 && o - lead < 4 && ((unsigned char)tmp[lead - 1] & 0xC0u) == 0x80u)
        lead--;
    if (lead > 0) {
        unsigned char c = (unsigned char)tmp[lead - 1];
        size_t need = c >= 0xF0u ? 4 : c >= 0xE0u ? 3 : c >= 0xC0u ? 2 : 1;
        if (c >= 0x80u && (lead - 1) + need > o)
            o = lead - 1;
    }
    char *p = ss_arena_strndup(w->a, tmp, o);
    if (!p)
        pw_alloc_failed(w);
    return p;
}

/* <meta property="og:title" content> or name="twitter:title". */
void
pw_take_meta(walker *w, const xmlChar **atts)
{
    const char *key = NULL;
    const char *content = NULL;
    for (size_t k = 0; atts && atts[k]; k += 2) {
        const char *an = (const char *)atts[k];
        if (!strcmp(an, "property") || !strcmp(an, "name") || !strcmp(an, "itemprop"))
            key = pw_att_value(atts, k);
        else if (!strcmp(an, "content"))
            content = pw_att_value(atts, k);
    }
    if (!key || !content || !*content)
        return;
    ss_meta_tag(w->a, &w->page->meta, key, content);
    if (!w->page->host && !strcmp(key, "og:url")) {
        w->page->host = ss_page_url_host(content);
        return;
    }
    bool og = !strcmp(key, "og:title");
    if (!og && strcmp(key, "twitter:title"))
        return;
    if (w->page->og_title && !og)
        return;
    w->page->og_title = pw_collapse_dup(w, content);
}

/*
 * React's streaming server rendering sends each part of the page that
 * was still loading as <div hidden id="S:N"> (N in hexadecimal), after the rest, and a
 * script moves it into place at once: it is the page's own text (often
 * all of it), shown by every browser, not text hidden from readers.
 */
static bool
react_segment(const char *id)
{
    if (!id || id[0] != 'S' || id[1] != ':' || !id[2])
        return false;
    /* the segment's number in hexadecimal ("S:2c") */
    for (const char *p = id + 2; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* Does the space-separated list v hold the word t? */
static bool
has_word(const char *v, const char *t)
{
    size_t tl = strlen(t);
    for (const char *p = v; (p = strstr(p, t)) != NULL; p += tl)
        if ((p == v || p[-1] == ' ') && (p[tl] == '\0' || p[tl] == ' '))
            return true;
    return false;
}

/* class, id, href and whether the element is hidden (SS_HID_* bits: the
 * hidden attribute, aria-hidden="true", an inline style that hides), and
 * if it is, whether it has the shape of a tab or accordion panel (*panel:
 * role="tabpanel", role="region" labelled by its button, or a panel's
 * class words, pw_panel_class()). Its microdata: an itemtype goes to
 * meta->declares, and *post gets IN_POST_ITEM for a post of a thread,
 * IN_POST_TEXT for a post's text. */
void
pw_scan_attrs(const xmlChar **atts, const char **cls, const char **id, const char **href,
              unsigned *hidden, bool *panel, ss_meta *meta, uint32_t *post)
{
    const char *role = NULL, *labelled = NULL;
    *cls = NULL;
    *id = NULL;
    *href = NULL;
    *hidden = 0;
    *panel = false;
    *post = 0;
    for (size_t k = 0; atts && atts[k]; k += 2) {
        const char *an = (const char *)atts[k];
        /* One name comparison per attribute, by first letter. */
        switch (an[0]) {
        case 'c':
            if (!strcmp(an, "class"))
                *cls = pw_att_value(atts, k);
            break;
        case 'i':
            if (an[1] == 'd' && an[2] == '\0')
                *id = pw_att_value(atts, k);
            else if (!strcmp(an, "itemtype") && ss_meta_itemtype(meta, pw_att_value(atts, k)))
                *post |= IN_POST_ITEM;
            else if (!strcmp(an, "itemprop") && (has_word(pw_att_value(atts, k), "text") ||
                                                 has_word(pw_att_value(atts, k), "articleBody")))
                *post |= IN_POST_TEXT;
            break;
        case 'h':
            if (!strcmp(an, "href"))
                *href = pw_att_value(atts, k);
            else if (!strcmp(an, "hidden"))
                *hidden |= SS_HID_ATTR;
            break;
        case 'a':
            if (!strcmp(an, "aria-hidden") && !strcmp(pw_att_value(atts, k), "true"))
                *hidden |= SS_HID_ARIA;
            else if (!strcmp(an, "aria-labelledby"))
                labelled = pw_att_value(atts, k);
            break;
        case 'r':
            if (!strcmp(an, "role"))
                role = pw_att_value(atts, k);
            break;
        case 's':
            if (!strcmp(an, "style"))
                *hidden |= pw_style_hidden(pw_att_value(atts, k));
            break;
        default:
            break;
        }
    }
    if ((*hidden & SS_HID_ATTR) && react_segment(*id))
        *hidden &= ~(unsigned)SS_HID_ATTR;
    if (*hidden)
        *panel = (role && (!strcmp(role, "tabpanel") || (labelled && !strcmp(role, "region")))) ||
                 pw_panel_class(*cls, role && strstr(role, "dialog") ? NULL : labelled);
}

/* Does s start with the lower-case ASCII string p, ignoring case? */
bool
pw_prefix_ci(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != *p)
            return false;
    }
    return true;
}

/* FNV-1a of the lower-case host of an absolute URL, without a leading
 * "www."; 0 for a relative URL (see page.h). */
uint32_t
ss_page_url_host(const char *u)
{
    if (!u)
        return 0;
    while (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r')
        u++;
    if (pw_prefix_ci(u, "https://"))
        u += 8;
    else if (pw_prefix_ci(u, "http://"))
        u += 7;
    else if (u[0] == '/' && u[1] == '/')
        u += 2;
    else
        return 0;
    if (pw_prefix_ci(u, "www."))
        u += 4;
    size_t n = 0;
    while (u[n] && u[n] != '/' && u[n] != '?' && u[n] != '#' && u[n] != ':' && n < 253)
        n++;
    return ss_page_host_hash(u, n);
}

/* See page.h. */
uint32_t
ss_page_host_hash(const char *host,
                  size_t n)
{
    uint32_t h = SS_FNV32_OFFSET;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)host[i];
        h = ss_fnv32_byte(h, (unsigned char)((c >= 'A' && c <= 'Z') ? c + 32u : c));
    }
    return n && h ? h : (n ? 1u : 0u);
}
