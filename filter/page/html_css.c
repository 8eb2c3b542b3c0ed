/*
 * html_css.c - the <style> rules of a page, read as far as the walk needs
 * them (see walk.h): the text of each <style> element is collected
 * (CSS_CAP bytes at most), then the rules whose declarations hide
 * (display:none, visibility:hidden, off-screen, zero size, font-size 0:
 * pw_style_hidden()) give up the class or id their selectors end with
 * (HIDSEL_MAX per page). An element that carries one of them is hidden as
 * if its style attribute said so. A hacked site hides its link blocks
 * either way.
 */

#include "walk.h"

#include <string.h>

/* See walk.h. */
void
pw_css_append(walker *w, const char *s, size_t len)
{
    if (!w->css) {
        w->css = ss_arena_alloc(w->a, CSS_CAP);
        if (!w->css) {
            pw_alloc_failed(w);
            return;
        }
    }
    size_t take = CSS_CAP - w->css_len < len ? CSS_CAP - w->css_len : len;
    memcpy(w->css + w->css_len, s, take);
    w->css_len += take;
}

/* A CSS name character. */
static inline bool
css_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* Keep the class or id that the selector s[0..n) ends with (".name",
 * "tag.name", "#name", after the last combinator), when it is one simple
 * class or id: pseudo-classes, attributes and ".a.b" are not read. */
static void
css_keep_selector(walker *w, const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    size_t a = n;
    while (a > 0 && !strchr(" \t\n\r>+~", s[a - 1]))
        a--;
    size_t mark = n;
    unsigned marks = 0;
    for (size_t i = a; i < n; i++) {
        if (s[i] == '.' || s[i] == '#') {
            mark = i;
            marks++;
        } else if (!css_name_char(s[i])) {
            return; /* ':' '[' '*' ... */
        }
    }
    size_t len = n - mark - (marks ? 1 : 0);
    if (marks != 1 || len == 0 || len >= HIDSEL_NAME || w->n_hidsel >= HIDSEL_MAX)
        return;
    for (unsigned k = 0; k < w->n_hidsel; k++)
        if (w->hidsel[k].type == s[mark] && w->hidsel[k].len == len &&
            !memcmp(w->hidsel[k].name, s + mark + 1, len))
            return;
    w->hidsel[w->n_hidsel].type = s[mark];
    w->hidsel[w->n_hidsel].len = (uint8_t)len;
    memcpy(w->hidsel[w->n_hidsel].name, s + mark + 1, len);
    w->n_hidsel++;
}

/* See walk.h. */
void
pw_css_read(walker *w)
{
    const char *c = w->css;
    size_t n = w->css_len;
    size_t sel = 0;
    for (size_t i = 0; i < n && w->n_hidsel < HIDSEL_MAX;) {
        const char *open = memchr(c + i, '{', n - i);
        if (!open)
            break;
        size_t j = (size_t)(open - c);
        size_t k = j + 1;
        while (k < n && c[k] != '}' && c[k] != '{')
            k++;
        if (k >= n)
            break;
        if (c[k] == '{') { /* an at-rule: its rules follow */
            sel = i = j + 1;
            continue;
        }
        char decl[256];
        size_t dl = k - j - 1 < sizeof decl - 1 ? k - j - 1 : sizeof decl - 1;
        memcpy(decl, c + j + 1, dl);
        decl[dl] = '\0';
        unsigned why = pw_style_hidden(decl);
        if (why & (SS_HID_DISPLAY | SS_HID_VISIBILITY | SS_HID_OFFSCREEN | SS_HID_ZERO_SIZE |
                   SS_HID_FONT_ZERO)) {
            size_t p = sel;
            while (p < j && (c[p] == ' ' || c[p] == '\n' || c[p] == '\t' || c[p] == '\r'))
                p++;
            for (size_t q = p; q <= j; q++)
                if (q == j || c[q] == ',') {
                    css_keep_selector(w, c + p, q - p);
                    p = q + 1;
                }
        }
        sel = i = k + 1;
    }
    w->css_len = 0;
}

/* See walk.h. The class words are split once, then each is compared with
 * the class selectors. */
bool
pw_css_rule_hides(const walker *w, const char *cls, const char *id)
{
    size_t idl = id ? strlen(id) : 0;
    bool any_cls = false;
    for (unsigned k = 0; k < w->n_hidsel; k++) {
        if (w->hidsel[k].type != '#') {
            any_cls = true;
            continue;
        }
        if (idl == w->hidsel[k].len && !memcmp(id, w->hidsel[k].name, idl))
            return true;
    }
    if (!any_cls)
        return false;
    for (const char *p = cls; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
            e++;
        size_t wl = (size_t)(e - p);
        for (unsigned k = 0; wl && k < w->n_hidsel; k++)
            if (w->hidsel[k].type != '#' && w->hidsel[k].len == wl
                && !memcmp(p, w->hidsel[k].name, wl))
                return true;
        p = e;
    }
    return false;
}
