/*
 * page_text.c - scraped text input (see walk.h): one block per non-empty
 * line, the title line, list widgets of short lines under a heading, and
 * the roles of text blocks.
 */

#include "walk.h"

#include <string.h>

/* True if the collapsed text ends with sentence punctuation. */
bool
pw_ends_sentence(const char *t, uint32_t len)
{
    if (len == 0)
        return false;
    unsigned char c = (unsigned char)t[len - 1];
    if (c == '"' || c == '\'' || c == ')') {
        if (len < 2)
            return false;
        c = (unsigned char)t[len - 2];
    }
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',')
        return true;
    /* ” ’ after punctuation, or CJK full stop */
    if (len >= 3 && (unsigned char)t[len - 3] == 0xE2u && (unsigned char)t[len - 2] == 0x80u &&
        ((unsigned char)t[len - 1] == 0x9Du || (unsigned char)t[len - 1] == 0x99u))
        return len >= 4 && strchr(".!?", t[len - 4]) != NULL;
    if (len >= 3 && (unsigned char)t[len - 3] == 0xE3u && (unsigned char)t[len - 2] == 0x80u &&
        (unsigned char)t[len - 1] == 0x82u)
        return true;
    return false;
}

/* Split text into one block per non-empty line. */
void
pw_parse_text(walker *w, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && w->st == SS_OK && !pw_time_up(w)) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        /* Copy the line NUL-terminated into the scratch run. */
        size_t l = e - i;
        const char *line = s + i;
        while (l > 0 && (*line == ' ' || *line == '\t' || *line == '\r')) {
            line++;
            l--;
        }
        uint32_t extra = 0;
        if (l >= 2 && line[0] == '-' && (line[1] == ' ' || line[1] == '\t')) {
            extra = SS_BLK_LISTITEM;
            line += 2;
            l -= 2;
        } else if (l >= 4 && (unsigned char)line[0] == 0xE2u && (unsigned char)line[1] == 0x80u &&
                   (unsigned char)line[2] == 0xA2u && line[3] == ' ') { /* "• " */
            extra = SS_BLK_LISTITEM;
            line += 4;
            l -= 4;
        }
        /* pw_run_append wants NUL-terminated input: feed it in pieces. */
        char piece[257];
        size_t k = 0;
        while (k < l && !pw_time_up(w)) {
            size_t n = l - k < 256 ? l - k : 256;
            /* Do not split a UTF-8 sequence between pieces. */
            while (n < l - k && n > 0 && ((unsigned char)line[k + n] & 0xC0u) == 0x80u)
                n--;
            if (n == 0)
                n = l - k < 256 ? l - k : 256;
            memcpy(piece, line + k, n);
            piece[n] = '\0';
            pw_run_append(w, piece, strlen(piece), false, 0, extra);
            k += n;
        }
        w->run_inh = extra;
        if (w->len > 0) {
            uint32_t before = w->page->n_blocks;
            pw_run_flush(w);
            if (w->page->n_blocks > before) {
                ss_block *b = &w->page->blocks[before];
                b->flags = (b->flags & ~(uint32_t)SS_BLK_DIVTEXT) | extra;
                b->path = "line";
                b->attrs = "";
                b->depth = 0;
                b->parent_id = 0;
                bool punct = pw_ends_sentence(b->text, b->len);
                if (!extra && (b->len >= 120 || (b->n_words >= 12 && punct)))
                    b->flags |= SS_BLK_PARA;
                else if (!extra && b->n_words <= 12 && !punct)
                    b->flags |= SS_BLK_HEADING;
            }
        }
        w->len = 0;
        w->pending_space = false;
        i = e + 1;
    }
}

/* A breadcrumb line on its own ("Location:Home > Business > Regional"):
 * path separators, and no more than a few words after the last one (a
 * headline glued to the breadcrumb, as scrapers produce, is not this). */
static bool
text_breadcrumb_only(const ss_block *b)
{
    const char *last = NULL;
    for (const char *p = b->text; (p = strstr(p, " > ")) != NULL; p += 3)
        last = p + 3;
    if (!last)
        return false;
    unsigned words = 0;
    for (const char *p = last; *p; p++)
        if (*p != ' ' && (p == last || p[-1] == ' '))
            words++;
    return words <= 4;
}

/*
 * Text: the title is the first line that is not a bare breadcrumb; the
 * headline is a following line repeated inside it (breadcrumb + headline
 * + site name glued together, as scraped). Without such a repeat, a short
 * title line is the headline itself; a first line that reads like a
 * paragraph is not a headline at all (plain documents, messages).
 */
void
pw_text_titles(walker *w)
{
    ss_page *pg = w->page;
    if (pg->n_blocks == 0)
        return;
    uint32_t t = 0;
    while (t + 1 < pg->n_blocks && t < 3 && text_breadcrumb_only(&pg->blocks[t]))
        t++;
    pg->title = pg->blocks[t].text;
    for (uint32_t i = t + 1; i < pg->n_blocks && i < t + 4; i++) {
        const ss_block *b = &pg->blocks[i];
        if (b->n_words >= 3 && strstr(pg->blocks[t].text, b->text)) {
            pg->title_block = i;
            return;
        }
    }
    if (!(pg->blocks[t].flags & SS_BLK_PARA))
        pg->title_block = t;
}

/* A short line that can head a text list. */
static bool
text_heading_like(const ss_block *b)
{
    return !(b->flags & SS_BLK_LISTITEM) && b->n_words <= 5 && !pw_ends_sentence(b->text, b->len);
}

/* Add a widget; false when out of memory. */
bool
pw_widget_add(walker *w, uint32_t heading, uint32_t first, uint32_t n)
{
    ss_page *pg = w->page;
    ss_widget *nw = ss_arena_realloc(w->a, pg->widgets, (size_t)pg->n_widgets * sizeof *nw,
                                     (size_t)(pg->n_widgets + 1) * sizeof *nw);
    if (!nw) {
        pw_alloc_failed(w);
        return false;
    }
    pg->widgets = nw;
    ss_widget *wd = &nw[pg->n_widgets];
    wd->heading = heading;
    wd->first = first;
    wd->n_items = n;
    float sum = 0.0f;
    for (uint32_t k = 0; k < n; k++) {
        sum += pg->blocks[first + k].link_share;
        pg->blocks[first + k].widget = pg->n_widgets;
    }
    wd->link_share = n ? sum / (float)n : 0.0f;
    if (heading != SS_NONE)
        pg->blocks[heading].widget = pg->n_widgets;
    pg->n_widgets++;
    return true;
}

/* Text widgets: a short heading line then >= 3 list items or short
 * headline-like lines; or a run of >= 3 list items. */
void
pw_text_widgets(walker *w)
{
    ss_page *pg = w->page;
    uint32_t i = 0;
    while (i < pg->n_blocks && w->st == SS_OK) {
        uint32_t heading = SS_NONE;
        uint32_t start = i;
        if (i != pg->title_block && i > 0 && text_heading_like(&pg->blocks[i]) &&
            i + 1 < pg->n_blocks) {
            heading = i;
            start = i + 1;
        }
        uint32_t j = start;
        if (j < pg->n_blocks && (pg->blocks[j].flags & SS_BLK_LISTITEM)) {
            while (j < pg->n_blocks && (pg->blocks[j].flags & SS_BLK_LISTITEM) &&
                   pg->blocks[j].n_words <= 40)
                j++;
        } else if (heading != SS_NONE) {
            while (j < pg->n_blocks && !(pg->blocks[j].flags & SS_BLK_LISTITEM) &&
                   pg->blocks[j].n_words <= 25 && pg->blocks[j].len <= 250 &&
                   !(pg->blocks[j].n_words <= 3 && text_heading_like(&pg->blocks[j]) && j > start))
                j++;
        }
        if (j - start >= 3) {
            if (!pw_widget_add(w, heading, start, j - start))
                return;
            i = j;
            continue;
        }
        i++;
    }
}

/*
 * Text roles: paragraphs after the headline and outside widgets, and
 * everything between the first and last of them, are MAIN; widgets, the
 * lines before the first paragraph (breadcrumb, title, slogan, date line)
 * and lines repeating the title are BOILER. A document without any
 * paragraph-like line (a message, a list of short lines) is all MAIN but
 * its widgets, so --clean never loses a plain text.
 */
void
pw_text_roles(walker *w)
{
    ss_page *pg = w->page;
    uint32_t first = SS_NONE;
    uint32_t last = SS_NONE;
    uint32_t after = pg->title_block != SS_NONE ? pg->title_block + 1 : 0;
    for (uint32_t i = after; i < pg->n_blocks; i++) {
        const ss_block *b = &pg->blocks[i];
        if ((b->flags & SS_BLK_PARA) && b->widget == SS_NONE) {
            if (first == SS_NONE)
                first = i;
            last = i;
        }
    }
    if (first == SS_NONE) {
        if (after >= pg->n_blocks) { /* a one-line document is its text */
            pg->title_block = SS_NONE;
            after = 0;
        }
        first = after;
        last = pg->n_blocks ? pg->n_blocks - 1 : 0;
    }
    for (uint32_t i = 0; i < pg->n_blocks; i++) {
        ss_block *b = &pg->blocks[i];
        bool repeats_title = pg->title_block != SS_NONE && b->n_words >= 3 &&
                             strstr(pg->title, b->text) != NULL;
        if (i >= first && i <= last && b->widget == SS_NONE && !repeats_title)
            b->role = SS_ROLE_MAIN;
        else
            b->role = SS_ROLE_BOILER;
    }
    if (pg->title_block != SS_NONE) {
        pg->blocks[pg->title_block].role = SS_ROLE_TITLE;
        pg->blocks[pg->title_block].flags |= SS_BLK_TITLE | SS_BLK_HEADING;
        pg->blocks[pg->title_block].heading_level = 1;
    }
}
