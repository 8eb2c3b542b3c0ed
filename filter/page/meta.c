/*
 * meta.c - page metadata from <meta> tags, JSON-LD, <html lang> and
 * <link rel=canonical> (see meta.h).
 */
#include "meta.h"
#include "page.h"

#include <stdbool.h>
#include <string.h>

enum { F_AUTHOR, F_DATE, F_LANG, F_SITE, F_CANON, F_DESC, F_BODY };
enum { R_VISIBLE = 1, R_GENERIC = 2, R_PROPERTY = 3, R_JSONLD = 4 };

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static unsigned char
lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Case-insensitive equality of s and the lower-case literal t. */
static bool
key_is(const char *s, const char *t)
{
    for (; *s && *t; s++, t++)
        if (lower((unsigned char)*s) != (unsigned char)*t)
            return false;
    return *s == '\0' && *t == '\0';
}

/* s[0..len) collapsed (white space runs -> one space, trimmed) and capped
 * at cap bytes (not inside a UTF-8 sequence), or NULL when empty or out of
 * memory. */
static const char *
collapse_cap(ss_arena *a, const char *s, size_t len, size_t cap)
{
    char *buf = ss_arena_alloc(a, cap + 4);
    if (!buf)
        return NULL;
    size_t n = 0;
    bool space = false, capped = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            space = n > 0;
            continue;
        }
        if (n + 2 > cap) {
            capped = true;
            break;
        }
        if (space) {
            buf[n++] = ' ';
            space = false;
        }
        buf[n++] = (char)c;
    }
    /* Cut at the cap: drop a partial UTF-8 sequence at the end (with the
     * whole last character, which is simpler and harmless). */
    if (capped) {
        while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0u) == 0x80u)
            n--;
        if (n > 0 && ((unsigned char)buf[n - 1] & 0xC0u) == 0xC0u)
            n--;
    }
    if (n == 0)
        return NULL;
    buf[n] = '\0';
    return buf;
}

static const char *
collapse(ss_arena *a, const char *s, size_t len)
{
    return collapse_cap(a, s, len, SS_META_VALUE_CAP);
}

/* Store value v for field f from a source of rank r when no better or
 * equal source gave one. */
static void
put(ss_meta *m, int f, uint8_t r, const char *v)
{
    const char **slot[] = {&m->author,    &m->date,        &m->lang, &m->site_name,
                           &m->canonical, &m->description, &m->body};
    if (!v || m->rank[f] >= r)
        return;
    *slot[f] = v;
    m->rank[f] = r;
}

/* An author value that is a name, not a link to a profile page or a
 * handle. */
static bool
name_like(const char *v)
{
    if (!v || !*v)
        return false;
    if (!strncmp(v, "http:", 5) || !strncmp(v, "https:", 6) || v[0] == '/' || v[0] == '@')
        return false;
    return true;
}

void
ss_meta_tag(ss_arena *a,
            ss_meta *m,
            const char *key,
            const char *content)
{
    static const char *const author_keys[] = {"author", "dc.creator", "dcterms.creator",
                                              "parsely-author", "sailthru.author", "byl"};
    static const char *const date_keys[] = {"dc.date", "dc.date.issued", "dcterms.date",
                                            "dcterms.created", "date", "pubdate", "publishdate",
                                            "publish-date", "publish_date", "parsely-pub-date",
                                            "sailthru.date", "citation_publication_date"};
    if (!key || !content || !*content)
        return;
    size_t cl = strlen(content);
    if (key_is(key, "article:author") || key_is(key, "og:article:author")) {
        const char *v = collapse(a, content, cl);
        if (name_like(v))
            put(m, F_AUTHOR, R_PROPERTY, v);
        return;
    }
    if (key_is(key, "article:published_time") || key_is(key, "og:article:published_time") ||
        key_is(key, "datepublished")) {
        put(m, F_DATE, R_PROPERTY, ss_meta_iso_date(a, content));
        return;
    }
    if (key_is(key, "og:description")) {
        put(m, F_DESC, R_PROPERTY, collapse(a, content, cl));
        return;
    }
    if (key_is(key, "description") || key_is(key, "twitter:description")) {
        put(m, F_DESC, R_GENERIC, collapse(a, content, cl));
        return;
    }
    if (key_is(key, "og:type")) {
        if (key_is(content, "product") || key_is(content, "product.item") ||
            key_is(content, "og:product"))
            m->declares |= SS_DECL_PRODUCT;
        else if (key_is(content, "product.group"))
            m->declares |= SS_DECL_LIST;
        return;
    }
    if (key_is(key, "og:site_name")) {
        put(m, F_SITE, R_PROPERTY, collapse(a, content, cl));
        return;
    }
    if (key_is(key, "application-name")) {
        put(m, F_SITE, R_GENERIC, collapse(a, content, cl));
        return;
    }
    if (key_is(key, "og:url")) {
        put(m, F_CANON, R_GENERIC, collapse(a, content, cl));
        return;
    }
    if (key_is(key, "og:locale")) {
        char tag[16];
        size_t n = 0;
        for (; content[n] && n < sizeof tag - 1; n++)
            tag[n] = content[n] == '_' ? '-' : content[n];
        put(m, F_LANG, R_GENERIC, collapse(a, tag, n));
        return;
    }
    for (size_t k = 0; k < sizeof author_keys / sizeof author_keys[0]; k++)
        if (key_is(key, author_keys[k])) {
            const char *v = collapse(a, content, cl);
            if (name_like(v))
                put(m, F_AUTHOR, R_GENERIC, v);
            return;
        }
    for (size_t k = 0; k < sizeof date_keys / sizeof date_keys[0]; k++)
        if (key_is(key, date_keys[k])) {
            put(m, F_DATE, R_GENERIC, ss_meta_iso_date(a, content));
            return;
        }
}

/* SS_DECL_* bit of the schema.org type name t[0..n) (case as schema.org
 * spells it), 0 for the others. Only types that name what the whole page
 * is count: a Comment or a Question also sits under an article or a FAQ. */
static unsigned
type_bit(const char *t, size_t n)
{
    static const struct {
        const char *name;
        unsigned bit;
    } types[] = {
        {"DiscussionForumPosting", SS_DECL_FORUM}, {"QAPage", SS_DECL_FORUM},
        {"Product", SS_DECL_PRODUCT},              {"ProductGroup", SS_DECL_PRODUCT},
        {"ItemList", SS_DECL_LIST},                {"CollectionPage", SS_DECL_LIST},
        {"SearchResultsPage", SS_DECL_LIST},
    };
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
        if (strlen(types[k].name) == n && !memcmp(types[k].name, t, n))
            return types[k].bit;
    return 0;
}

bool
ss_meta_itemtype(ss_meta *m, const char *itemtype)
{
    static const char *const posts[] = {"DiscussionForumPosting", "Comment", "Question",
                                        "Answer"};
    bool post = false;
    /* Each URL's last path segment is the type: ".../schema.org/Product". */
    for (const char *s = itemtype; s && *s;) {
        while (*s == ' ' || *s == '\t' || *s == '\n')
            s++;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n')
            e++;
        const char *t = e;
        while (t > s && t[-1] != '/')
            t--;
        if (t - s >= 11 && !memcmp(t - 11, "schema.org/", 11)) {
            size_t n = (size_t)(e - t);
            m->declares |= (uint8_t)type_bit(t, n);
            for (size_t k = 0; k < sizeof posts / sizeof posts[0]; k++)
                post |= strlen(posts[k]) == n && !memcmp(posts[k], t, n);
        }
        s = e;
    }
    return post;
}

void
ss_meta_lang(ss_arena *a, ss_meta *m, const char *lang)
{
    if (lang && *lang)
        put(m, F_LANG, R_PROPERTY, collapse(a, lang, strlen(lang)));
}

void
ss_meta_time(ss_arena *a, ss_meta *m, const char *datetime)
{
    put(m, F_DATE, R_VISIBLE, ss_meta_iso_date(a, datetime));
}

void
ss_meta_canonical(ss_arena *a, ss_meta *m, const char *href)
{
    if (href && *href)
        put(m, F_CANON, R_PROPERTY, collapse(a, href, strlen(href)));
}

/* ------------------------------------------------------------------ */
/* JSON-LD                                                            */

/* Append code point cp as UTF-8 to buf (room for 4 bytes assumed). */
static size_t
put_utf8(char *buf, uint32_t cp)
{
    if (cp < 0x80u) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800u) {
        buf[0] = (char)(0xC0u | (cp >> 6));
        buf[1] = (char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp >= 0xD800u && cp <= 0xDFFFu)
        cp = 0xFFFDu;
    if (cp < 0x10000u) {
        buf[0] = (char)(0xE0u | (cp >> 12));
        buf[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        buf[2] = (char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    buf[0] = (char)(0xF0u | (cp >> 18));
    buf[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
    buf[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
    buf[3] = (char)(0x80u | (cp & 0x3Fu));
    return 4;
}

static int
hexval(unsigned char c)
{
    if (is_digit(c))
        return c - '0';
    c = lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Four hex digits at s (n bytes left), or -1. */
static long
hex4(const char *s, size_t n)
{
    if (n < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* The JSON string starting at the quote s[*i] (n bytes in s), unescaped,
 * collapsed and capped at cap bytes; *i moves past it. NULL if there is
 * none (or out of memory). */
static const char *
json_string_cap(ss_arena *a, const char *s, size_t n, size_t *i, size_t cap)
{
    char *buf = ss_arena_alloc(a, cap + 8);
    if (!buf)
        return NULL;
    size_t k = *i + 1, o = 0;
    for (; k < n && s[k] != '"'; k++) {
        char c = s[k];
        if (c == '\\' && k + 1 < n) {
            char e = s[++k];
            uint32_t cp;
            switch (e) {
            case 'n': case 't': case 'r': case 'f': case 'b':
                cp = ' ';
                break;
            case 'u': {
                long v = hex4(s + k + 1, n - k - 1);
                if (v < 0) {
                    cp = 0xFFFDu;
                    break;
                }
                k += 4;
                cp = (uint32_t)v;
                if (cp >= 0xD800u && cp <= 0xDBFFu && k + 6 < n && s[k + 1] == '\\' &&
                    s[k + 2] == 'u') {
                    long lo = hex4(s + k + 3, n - k - 3);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000u + ((cp - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
                        k += 6;
                    }
                }
                break;
            }
            default:
                cp = (unsigned char)e;
                break;
            }
            if (o + 4 <= cap)
                o += put_utf8(buf + o, cp);
            continue;
        }
        if (o < cap)
            buf[o++] = c;
    }
    *i = k < n ? k + 1 : n;
    return collapse_cap(a, buf, o, cap);
}

static const char *
json_string(ss_arena *a, const char *s, size_t n, size_t *i)
{
    return json_string_cap(a, s, n, i, SS_META_VALUE_CAP);
}

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    return i;
}

/* Position just after `"key"` followed by a colon, searching s[from..n),
 * or n when absent. */
static size_t
find_key(const char *s, size_t n, size_t from, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = from; i + kl + 2 <= n; i++) {
        if (s[i] != '"' || memcmp(s + i + 1, key, kl) || s[i + 1 + kl] != '"')
            continue;
        size_t j = skip_ws(s, n, i + kl + 2);
        if (j < n && s[j] == ':')
            return skip_ws(s, n, j + 1);
    }
    return n;
}

/* The value at s[i]: a string, or the "name" of an object, or the first
 * such in an array. */
static const char *
name_value(ss_arena *a, const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '[')
        i = skip_ws(s, n, i + 1);
    if (i >= n)
        return NULL;
    if (s[i] == '"')
        return json_string(a, s, n, &i);
    if (s[i] != '{')
        return NULL;
    /* The object's own "name" comes before its closing brace (nested
     * objects with their own names are rare in author/publisher). */
    size_t end = i + 1;
    unsigned depth = 1;
    bool in_str = false;
    for (; end < n && depth; end++) {
        char c = s[end];
        if (in_str) {
            if (c == '\\')
                end++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{') {
            depth++;
        } else if (c == '}') {
            depth--;
        }
    }
    size_t k = find_key(s, end, i + 1, "name");
    if (k >= end || s[k] != '"')
        return NULL;
    return json_string(a, s, end, &k);
}

/* Every "@type" value of json[0..n): a string or an array of strings
 * (type names have no escapes; one that has is no type we know). */
static void
jsonld_types(ss_meta *m, const char *json, size_t n)
{
    for (size_t i = find_key(json, n, 0, "@type"); i < n; i = find_key(json, n, i, "@type")) {
        bool array = json[i] == '[';
        if (array)
            i = skip_ws(json, n, i + 1);
        while (i < n && json[i] == '"') {
            size_t e = i + 1;
            while (e < n && json[e] != '"' && json[e] != '\\')
                e++;
            m->declares |= (uint8_t)type_bit(json + i + 1, e - i - 1);
            i = e < n ? skip_ws(json, n, e + 1) : n;
            if (!array || i >= n || json[i] != ',')
                break;
            i = skip_ws(json, n, i + 1);
        }
    }
}

void
ss_meta_jsonld(ss_arena *a, ss_meta *m, const char *json, size_t len)
{
    if (!json)
        return;
    size_t n = len < SS_META_JSONLD_CAP ? len : SS_META_JSONLD_CAP;
    jsonld_types(m, json, n);
    size_t i = find_key(json, n, 0, "datePublished");
    if (i < n && json[i] == '"') {
        const char *v = json_string(a, json, n, &i);
        if (v)
            put(m, F_DATE, R_JSONLD, ss_meta_iso_date(a, v));
    }
    i = find_key(json, n, 0, "author");
    if (i < n) {
        const char *v = name_value(a, json, n, i);
        if (name_like(v))
            put(m, F_AUTHOR, R_JSONLD, v);
    }
    i = find_key(json, n, 0, "publisher");
    if (i < n)
        put(m, F_SITE, R_JSONLD, name_value(a, json, n, i));
    i = find_key(json, n, 0, "articleBody");
    if (i < n && json[i] == '"' && m->rank[F_BODY] < R_JSONLD)
        put(m, F_BODY, R_JSONLD, json_string_cap(a, json, n, &i, SS_META_BODY_CAP));
}

/* ------------------------------------------------------------------ */
/* Dates                                                              */

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* Month 1..12 of the English month word at s (full name or its first
 * three letters), its length in *wl; 0 if none. */
static int
month_word(const char *s, size_t *wl)
{
    size_t n = 0;
    while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')))
        n++;
    *wl = n;
    if (n < 3)
        return 0;
    for (int k = 0; k < 12; k++)
        if (lower((unsigned char)s[0]) == (unsigned char)months[k][0] &&
            lower((unsigned char)s[1]) == (unsigned char)months[k][1] &&
            lower((unsigned char)s[2]) == (unsigned char)months[k][2])
            return k + 1;
    return 0;
}

/* Digits at s[*i] (at most max), their value; -1 if none. */
static long
number(const char *s, size_t *i, int max)
{
    long v = 0;
    int d = 0;
    while (d < max && is_digit((unsigned char)s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        d++;
    }
    return d ? v : -1;
}

static const char *
ymd(ss_arena *a, long y, long mo, long d, const char *rest, size_t rest_len)
{
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return NULL;
    char buf[64];
    size_t n = 0;
    buf[n++] = (char)('0' + y / 1000);
    buf[n++] = (char)('0' + y / 100 % 10);
    buf[n++] = (char)('0' + y / 10 % 10);
    buf[n++] = (char)('0' + y % 10);
    buf[n++] = '-';
    buf[n++] = (char)('0' + mo / 10);
    buf[n++] = (char)('0' + mo % 10);
    buf[n++] = '-';
    buf[n++] = (char)('0' + d / 10);
    buf[n++] = (char)('0' + d % 10);
    for (size_t k = 0; k < rest_len && n < sizeof buf - 1; k++)
        buf[n++] = rest[k];
    return ss_arena_strndup(a, buf, n);
}

const char *
ss_meta_iso_date(ss_arena *a, const char *s)
{
    if (!s)
        return NULL;
    while (is_space((unsigned char)*s))
        s++;
    size_t i = 0;
    long y = number(s, &i, 4);
    if (y >= 0 && i == 4 && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
        char sep = s[i++];
        long mo = number(s, &i, 2);
        if (mo < 0 || s[i] != sep)
            return NULL;
        i++;
        long d = number(s, &i, 2);
        /* Keep an ISO time part as given ("T10:00:00+02:00", "Z"). */
        size_t rest = 0;
        if (sep == '-' && s[i] == 'T')
            while (rest < 40 && s[i + rest] &&
                   (is_digit((unsigned char)s[i + rest]) || strchr("T:+-.Z", s[i + rest])))
                rest++;
        return ymd(a, y, mo, d, s + i, rest);
    }
    /* "4 September 2025", "September 4, 2025", "Sep 4 2025". */
    i = 0;
    long d = number(s, &i, 2);
    size_t wl;
    int mo;
    if (d > 0) {
        while (s[i] == ' ' || s[i] == '.')
            i++;
        mo = month_word(s + i, &wl);
        if (!mo)
            return NULL;
        i += wl;
    } else {
        mo = month_word(s, &wl);
        if (!mo)
            return NULL;
        i = wl;
        while (s[i] == ' ' || s[i] == '.')
            i++;
        d = number(s, &i, 2);
    }
    while (s[i] == ' ' || s[i] == ',' || s[i] == '.')
        i++;
    size_t y0 = i;
    y = number(s, &i, 4);
    if (i - y0 != 4)
        return NULL;
    return ymd(a, y, mo, d, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* A date written on the page                                         */

static const char *const month_names[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"};

/* Byte i of t[0..len), 0 past its end. */
static unsigned char
at(const char *t, size_t len, size_t i)
{
    return i < len ? (unsigned char)t[i] : 0;
}

static bool
is_alnum(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Digits at t[*i] (1..max of them, not followed by another digit): their
 * value, or -1. */
static long
digits(const char *t, size_t len, size_t *i, int min, int max)
{
    long v = 0;
    int d = 0;
    while (d < max && is_digit(at(t, len, *i))) {
        v = v * 10 + (at(t, len, *i) - '0');
        (*i)++;
        d++;
    }
    return d >= min && !is_digit(at(t, len, *i)) ? v : -1;
}

/* The month word at t[*i] in running text, stricter than month_word: the
 * whole English name, its three-letter abbreviation or "Sept", then an
 * optional period; 0 if none. Advances *i past it. */
static int
text_month(const char *t, size_t len, size_t *i)
{
    size_t n = 0;
    while (n < 10 && ((at(t, len, *i + n) | 32) >= 'a' && (at(t, len, *i + n) | 32) <= 'z'))
        n++;
    if (n < 3 || n > 9 || is_alnum(at(t, len, *i + n)))
        return 0;
    for (int k = 0; k < 12; k++) {
        const char *m = month_names[k];
        size_t ml = strlen(m), j = 0;
        while (j < n && j < ml && lower(at(t, len, *i + j)) == (unsigned char)m[j])
            j++;
        if (j == n && (n == 3 || n == ml || (k == 8 && n == 4))) {
            *i += n;
            if (at(t, len, *i) == '.')
                (*i)++;
            return k + 1;
        }
    }
    return 0;
}

/* Skip an English ordinal suffix ("st", "nd", "rd", "th") at t[*i]. */
static void
skip_ordinal(const char *t, size_t len, size_t *i)
{
    unsigned char a = lower(at(t, len, *i)), b = lower(at(t, len, *i + 1));
    if (((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
         (a == 't' && b == 'h')) && !is_alnum(at(t, len, *i + 2)))
        *i += 2;
}

static void
skip_blanks(const char *t, size_t len, size_t *i, bool comma)
{
    while (at(t, len, *i) == ' ' || (comma && at(t, len, *i) == ','))
        (*i)++;
}

/* A date starting at t[i] (a word start): 2025-07-09 (or with '/'),
 * 9.7.2025, 9 July 2025, July 9, 2025 (ordinals and abbreviations too). */
static const char *
date_at(ss_arena *a, const char *t, size_t len, size_t i)
{
    size_t j = i;
    long y, mo, d;
    if (is_digit(at(t, len, i))) {
        y = digits(t, len, &j, 4, 4);
        if (y >= 0) { /* ISO order */
            unsigned char sep = at(t, len, j);
            if (sep != '-' && sep != '/')
                return NULL;
            j++;
            mo = digits(t, len, &j, 2, 2);
            if (mo < 0 || at(t, len, j) != sep)
                return NULL;
            j++;
            d = digits(t, len, &j, 2, 2);
            return d < 0 || is_alnum(at(t, len, j)) ? NULL : ymd(a, y, mo, d, NULL, 0);
        }
        j = i;
        d = digits(t, len, &j, 1, 2);
        if (d < 0)
            return NULL;
        if (at(t, len, j) == '.' && is_digit(at(t, len, j + 1))) { /* 9.7.2025 */
            j++;
            mo = digits(t, len, &j, 1, 2);
            if (mo < 0 || at(t, len, j) != '.')
                return NULL;
            j++;
            y = digits(t, len, &j, 4, 4);
            return y < 0 || is_alnum(at(t, len, j)) ? NULL : ymd(a, y, mo, d, NULL, 0);
        }
        skip_ordinal(t, len, &j);
        if (at(t, len, j) == '.')
            j++;
        skip_blanks(t, len, &j, false);
        mo = text_month(t, len, &j);
        if (!mo)
            return NULL;
    } else {
        mo = text_month(t, len, &j);
        if (!mo)
            return NULL;
        skip_blanks(t, len, &j, false);
        d = digits(t, len, &j, 1, 2);
        if (d < 0)
            return NULL;
        skip_ordinal(t, len, &j);
    }
    skip_blanks(t, len, &j, true);
    y = digits(t, len, &j, 4, 4);
    return y < 0 || is_alnum(at(t, len, j)) ? NULL : ymd(a, y, mo, d, NULL, 0);
}

const char *
ss_meta_text_date(ss_arena *a, const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && is_alnum((unsigned char)t[i - 1]))
            continue;
        if (!is_alnum((unsigned char)t[i]))
            continue;
        const char *d = date_at(a, t, len, i);
        if (d)
            return d;
    }
    return NULL;
}

/* Short blocks near the headline: where a byline or a dateline is. */
#define DATE_BLOCK_MAX 200u
#define DATE_AFTER 15u
#define DATE_BEFORE 5u

/* The first date in a short block of blocks[i], or NULL. */
static const char *
block_date(ss_arena *a, const ss_page *page, uint32_t i)
{
    const ss_block *b = &page->blocks[i];
    /* A date in a list, an item of a listing or a link dates another page
     * (an archive link, a teaser); a long block is prose. */
    if (b->len > DATE_BLOCK_MAX || b->widget != SS_NONE ||
        (b->flags & (SS_BLK_ITEMS | SS_BLK_LINK)))
        return NULL;
    return ss_meta_text_date(a, b->text, b->len);
}

/* What one block near the headline yields (a date, a name), or NULL. */
typedef const char *(*block_fn)(ss_arena *a, const ss_page *page, uint32_t i);

/* The first result of fn over the byline window: the 15 blocks under the
 * headline (or the first main block), then the headline and the 5 above. */
static const char *
near_headline(ss_arena *a, const ss_page *page, block_fn fn)
{
    uint32_t h = page->title_block != SS_NONE ? page->title_block : page->main_first;
    if (h == SS_NONE || h >= page->n_blocks)
        return NULL;
    for (uint32_t k = 1; k <= DATE_AFTER && h + k < page->n_blocks; k++) {
        const char *r = fn(a, page, h + k);
        if (r)
            return r;
    }
    for (uint32_t k = 0; k <= DATE_BEFORE && k <= h; k++) {
        const char *r = fn(a, page, h - k);
        if (r)
            return r;
    }
    return NULL;
}

const char *
ss_meta_visible_date(ss_arena *a, const ss_page *page)
{
    return near_headline(a, page, block_date);
}

/* ------------------------------------------------------------------ */
/* An author named in a byline                                        */

#define NAME_MAX_BYTES 60u
#define NAME_MAX_WORDS 5u

/* Lower-case words that may stand inside a name. */
static const char *const name_particles[] = {"de", "van", "von", "der", "den", "da", "di",
                                             "du", "la", "le", "del", "bin", "al", "ten"};
/* Capitalised words that are no name. */
static const char *const not_names[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "admin", "staff writer", "author", "home",
    "share", "updated", "published", "posted", "read", "comments", "view"};

/* Words after a name that start a job title, not more of the name. */
static const char *const role_words[] = {
    "senior", "staff", "reporter", "editor", "writer", "contributor", "correspondent",
    "head", "director", "manager", "founder", "co-founder", "ceo", "associate", "chief",
    "columnist", "journalist", "analyst", "producer", "lead"};

/* Is w[0..n) equal, ignoring ASCII case, to the lower-case word t? */
static bool
word_is(const char *w, size_t n, const char *t)
{
    size_t k = 0;
    while (k < n && t[k] && lower((unsigned char)w[k]) == (unsigned char)t[k])
        k++;
    return k == n && t[k] == '\0';
}

/* Length of the byline lead ("By", "Written by", "Author:", ...) at the
 * start of t[0..len), blanks and a colon after it included; 0 if none. */
static size_t
byline_lead(const char *t, size_t len)
{
    static const char *const leads[] = {"written by", "posted by", "authors", "author",
                                        "by"};
    for (size_t k = 0; k < sizeof leads / sizeof leads[0]; k++) {
        size_t n = strlen(leads[k]);
        if (len < n || !word_is(t, n, leads[k]) || (len > n && is_alnum((unsigned char)t[n])))
            continue;
        while (n < len && (t[n] == ' ' || t[n] == ':'))
            n++;
        return n;
    }
    return 0;
}

/* The name at the start of t[0..len): capitalised words (and name
 * particles) up to the end or to a separator ("|", ",", a dash, a digit,
 * " and ", " on "); NULL unless it is 1..5 words, 3..60 bytes, none of
 * them a weekday, a month or a page word. */
static const char *
name_at(ss_arena *a, const char *t, size_t len)
{
    size_t i = 0, end = 0, end2 = 0, words = 0, caps = 0;
    while (i < len) {
        while (i < len && t[i] == ' ')
            i++;
        size_t w = i;
        while (i < len && t[i] != ' ')
            i++;
        size_t n = i - w;
        if (n == 0)
            break;
        unsigned char c = (unsigned char)t[w];
        /* "ZeldmanNovember 3": a month glued to the name ends it */
        size_t glued = 0;
        for (size_t k = w + 1; k + 3 <= w + n && !glued; k++) {
            size_t j = k;
            if (t[k] >= 'A' && t[k] <= 'Z' && t[k - 1] >= 'a' && t[k - 1] <= 'z' &&
                text_month(t, w + n, &j))
                glued = k - w;
        }
        if (glued)
            n = glued;
        size_t j = w;
        bool sep = strchr("|,;:/()[]", t[w]) || c == 0xC2 /* middle dot */ ||
                   c == 0xE2 /* bullets, dashes */ || (c == '-' && n == 1) || is_digit(c) ||
                   word_is(t + w, n, "and") || word_is(t + w, n, "on") ||
                   word_is(t + w, n, "updated") || word_is(t + w, n, "published") ||
                   (!glued && text_month(t, w + n, &j) && date_at(a, t, len, w));
        for (size_t k = 0; !sep && k < sizeof role_words / sizeof role_words[0]; k++)
            sep = word_is(t + w, n, role_words[k]);
        if (sep)
            break;
        bool particle = false;
        for (size_t k = 0; k < sizeof name_particles / sizeof name_particles[0]; k++)
            particle |= word_is(t + w, n, name_particles[k]);
        if (!particle && !(c >= 'A' && c <= 'Z') && c < 0xC3)
            return NULL; /* a lower-case word: a sentence, not a name */
        size_t cut = n;
        while (cut > 0 && strchr(",|;:", t[w + cut - 1]))
            cut--;
        for (size_t k = w; k < w + cut; k++)
            if (is_digit((unsigned char)t[k]))
                return NULL;
        words++;
        end = w + cut;
        if (!particle && ++caps == 2)
            end2 = end;
        if (cut < n || glued)
            break; /* "Ada Brindle, Ph.D.": the name ends at the comma */
    }
    if (caps > 3) /* "Keith Barry Senior Autos Reporter": a title follows */
        end = end2;
    if (words == 0 || words > NAME_MAX_WORDS || end < 3 || end > NAME_MAX_BYTES)
        return NULL;
    for (size_t k = 0; k < sizeof not_names / sizeof not_names[0]; k++)
        if (word_is(t, end, not_names[k]))
            return NULL;
    size_t first = 0;
    while (first < end && is_alnum((unsigned char)t[first]))
        first++;
    for (size_t k = 0; k < sizeof not_names / sizeof not_names[0]; k++)
        if (word_is(t, first, not_names[k]))
            return NULL;
    return ss_arena_strndup(a, t, end);
}

/* A block where a byline may be: short, not part of a list or listing. */
static bool
byline_block(const ss_block *b)
{
    return b->len <= DATE_BLOCK_MAX && b->widget == SS_NONE && !(b->flags & SS_BLK_ITEMS);
}

/* The author in the byline of blocks[i] ("By Ada Brindle | May 3"), or in
 * the next block when blocks[i] is the lead alone ("By" / "Ada Brindle"). */
static const char *
block_author(ss_arena *a, const ss_page *page, uint32_t i)
{
    const ss_block *b = &page->blocks[i];
    if (!byline_block(b))
        return NULL;
    size_t lead = byline_lead(b->text, b->len);
    if (!lead)
        return NULL;
    if (lead < b->len)
        return name_at(a, b->text + lead, b->len - lead);
    if (i + 1 < page->n_blocks && byline_block(&page->blocks[i + 1]))
        return name_at(a, page->blocks[i + 1].text, page->blocks[i + 1].len);
    return NULL;
}

const char *
ss_meta_visible_author(ss_arena *a, const ss_page *page)
{
    return near_headline(a, page, block_author);
}
