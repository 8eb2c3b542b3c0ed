/*
 * rules.c - the heuristic rule engine: parse rule files, compile their pcre2
 * patterns once, and run them over the parts of a page they target.
 *
 * The file format is documented in models/README.md. One rule per line:
 *
 *   rule <name> <target> <kind> <weight> /<pattern>/<flags> # <description>
 *   off <name>
 *
 * A rule set is immutable once loaded (ss_rules_add_file() must not run
 * while another thread scores with it). Matching state that pcre2 writes to
 * (match data, match context with the match/depth limits, the JIT stack)
 * lives in a per-thread ss_rules_state.
 *
 * Loading is transactional: a file with an error leaves the set as it was.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rule_lit.h"
#include "rules.h"

#define RULES_MAX 2048           /* rules in one set */
#define RULE_NAME_MAX 64         /* bytes in a rule name */
#define RULE_PATTERN_MAX 4096    /* bytes in a pattern */
#define RULE_LINE_MAX 8192       /* bytes in a line */
#define RULE_DESC_MAX 300        /* bytes kept of a description */
#define RULES_FILE_MAX ((size_t)1 << 20) /* bytes in a rules file */
#define RULE_WEIGHT_MAX 10.0     /* |weight| */
#define RULE_HITS_MAX 64         /* findings one rule adds per page */
#define RULE_LIMIT_HITS_MAX 4    /* limit hits before a rule is skipped */
#define RULES_FINDINGS_MAX 1024  /* findings all rules add per page */
#define SHORT_LINE_WORDS 12      /* n_words of a "short-line" block */
#define FIRST_SENTENCE_MAX 400   /* bytes of the first sentence examined */
#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (512 * 1024)  /* bounds a JIT match's memory */
#define HEAP_LIMIT_KIB 8192u        /* bounds an interpreted match's memory */
#define CLOCK_EVERY 256u            /* matches between two reads of the clock */

/* What part of the page a rule looks at. */
typedef enum target {
    T_TITLE = 0,      /* <title> */
    T_HEADLINE,       /* the headline block (page->title_block) */
    T_FIRST_SENTENCE, /* the first sentence of the article */
    T_BODY,           /* every article (role MAIN) block */
    T_ANY_BLOCK,      /* every block */
    T_WIDGET_ITEM,    /* items of list widgets */
    T_WIDGET_HEADING, /* headings of list widgets */
    T_SHORT_LINE,     /* any block of at most SHORT_LINE_WORDS words */
    T_COUNT
} target;

static const char *const target_names[T_COUNT] = {
    "title", "headline", "first-sentence", "body", "any-block",
    "widget-item", "widget-heading", "short-line",
};

/* Rule options from the flag letters after the pattern. */
enum {
    RO_DROP = 1u << 0, /* d: --clean drops the matching block */
    RO_CUT = 1u << 1,  /* c: --clean deletes the matched text */
};

typedef struct rule {
    char *name;
    char *desc;
    target tgt;
    ss_flag_kind kind;
    double weight;
    unsigned opts;       /* RO_* */
    pcre2_code *code;
    uint32_t flag_group; /* number of the (?<flag>...) group, 0 if none */
    bool off;            /* disabled by an "off" line */
    rule_lits lits;      /* one of these is in every match (none: no test) */
} rule;

struct ss_rules {
    rule *v;
    size_t n, cap;
};

struct ss_rules_state {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *js;
    size_t n_rules;      /* rules the per-page counters below cover */
    unsigned *hits;      /* per rule: findings this page */
    unsigned *limit_hits;
    double max_seconds;  /* cfg->max_seconds: CPU budget of one run, 0 none */
    uint32_t match_opts; /* PCRE2_NO_JIT when the JIT is turned off (tests) */
};

/* One parsed-but-not-applied line of a file. */
typedef struct pending {
    rule r;        /* r.code == NULL for an "off" line */
    bool is_off;
    unsigned line;
} pending;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static void set_err(char *err, size_t errlen, const char *name, unsigned line,
                    unsigned col, const char *fmt, ...) PRINTF_LIKE(6, 7);

/* Write "name:line:col: message" into err (if errlen > 0). */
static void
set_err(char *err,
        size_t errlen,
        const char *name,
        unsigned line,
        unsigned col,
        const char *fmt,
        ...)
{
    if (!err || errlen == 0)
        return;
    int n = snprintf(err, errlen, "%s:%u:%u: ", name, line, col);
    if (n < 0 || (size_t)n >= errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* Free what a rule owns (not the rule itself). */
static void
rule_clear(rule *r)
{
    free(r->name);
    free(r->desc);
    pcre2_code_free(r->code);
    memset(r, 0, sizeof *r);
}

/* Duplicate s[0..n) with malloc; NULL on OOM. */
static char *
dupn(const char *s,
     size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Index of the rule named name in set, or -1. */
static long
find_rule(const ss_rules *set,
          const char *name,
          size_t n)
{
    for (size_t i = 0; i < set->n; i++)
        if (strlen(set->v[i].name) == n && memcmp(set->v[i].name, name, n) == 0)
            return (long)i;
    return -1;
}

/* Blank inside a rule line (space or tab). */
static bool
is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* A name character: lower-case ASCII letter, digit, '-', '_' or '.'. */
static bool
is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

/* Cursor over one line. */
typedef struct cursor {
    const char *s; /* the line */
    size_t len;
    size_t pos;
} cursor;

/* Move the cursor past blanks. */
static void
skip_space(cursor *c)
{
    while (c->pos < c->len && is_space(c->s[c->pos]))
        c->pos++;
}

/* Take the next space-delimited word; returns its length (0 at end). */
static size_t
take_word(cursor *c,
          const char **word)
{
    skip_space(c);
    size_t start = c->pos;
    while (c->pos < c->len && !is_space(c->s[c->pos]))
        c->pos++;
    *word = c->s + start;
    return c->pos - start;
}

/* Map a kind name ("injected-brand", ...) to its enum; false if unknown. */
static bool
parse_kind(const char *w,
           size_t n,
           ss_flag_kind *out)
{
    for (int k = 0; k < SS_FLAG_KIND_COUNT; k++) {
        const char *name = ss_flag_kind_name((ss_flag_kind)k);
        if (strlen(name) == n && memcmp(name, w, n) == 0) {
            *out = (ss_flag_kind)k;
            return true;
        }
    }
    return false;
}

/* Map a target name to its enum; false if unknown. */
static bool
parse_target(const char *w,
             size_t n,
             target *out)
{
    for (int t = 0; t < T_COUNT; t++) {
        if (strlen(target_names[t]) == n && memcmp(target_names[t], w, n) == 0) {
            *out = (target)t;
            return true;
        }
    }
    return false;
}

/* Check a rule name; returns the 1-based column of the first bad byte
 * relative to the name, or 0 if the name is fine. */
static size_t
bad_name_at(const char *w,
            size_t n)
{
    if (n == 0)
        return 1;
    if (!((w[0] >= 'a' && w[0] <= 'z') || (w[0] >= '0' && w[0] <= '9')))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (!is_name_char(w[i]))
            return i + 1;
    return 0;
}

/*
 * Parse one line of a rule file into *p. Returns SS_OK with p->line == 0
 * for a blank or comment line, SS_OK with p filled for a rule or "off"
 * line, or SS_ERR_RULES / SS_ERR_NOMEM with err set.
 */
static ss_status
parse_line(const char *file,
           unsigned lineno,
           const char *s,
           size_t len,
           pending *p,
           char *err,
           size_t errlen)
{
    cursor c = {s, len, 0};
    const char *w;
    size_t n;
    ss_status st = SS_ERR_RULES;

    memset(p, 0, sizeof *p);
    skip_space(&c);
    if (c.pos == len || s[c.pos] == '#')
        return SS_OK;
    size_t col = c.pos + 1;
    n = take_word(&c, &w);
    bool is_off = n == 3 && memcmp(w, "off", 3) == 0;
    if (!is_off && !(n == 4 && memcmp(w, "rule", 4) == 0)) {
        set_err(err, errlen, file, lineno, (unsigned)col,
                "expected 'rule' or 'off', found '%.*s'", (int)(n > 40 ? 40 : n), w);
        return SS_ERR_RULES;
    }

    /* name */
    skip_space(&c);
    col = c.pos + 1;
    n = take_word(&c, &w);
    if (n == 0) {
        set_err(err, errlen, file, lineno, (unsigned)col, "missing rule name");
        return SS_ERR_RULES;
    }
    if (n > RULE_NAME_MAX) {
        set_err(err, errlen, file, lineno, (unsigned)col,
                "rule name longer than %d bytes", RULE_NAME_MAX);
        return SS_ERR_RULES;
    }
    size_t bad = bad_name_at(w, n);
    if (bad) {
        set_err(err, errlen, file, lineno, (unsigned)(col + bad - 1),
                "invalid character in rule name (use a-z, 0-9, '-', '_', '.')");
        return SS_ERR_RULES;
    }
    p->r.name = dupn(w, n);
    if (!p->r.name)
        goto nomem;
    p->line = lineno;

    if (is_off) {
        p->is_off = true;
        skip_space(&c);
        if (c.pos < len && s[c.pos] != '#') {
            set_err(err, errlen, file, lineno, (unsigned)(c.pos + 1),
                    "unexpected text after 'off %s'", p->r.name);
            goto fail;
        }
        return SS_OK;
    }

    /* target */
    skip_space(&c);
    col = c.pos + 1;
    n = take_word(&c, &w);
    if (!parse_target(w, n, &p->r.tgt)) {
        set_err(err, errlen, file, lineno, (unsigned)col,
                "unknown target '%.*s' (title, headline, first-sentence, body, "
                "any-block, widget-item, widget-heading, short-line)",
                (int)(n > 40 ? 40 : n), w);
        goto fail;
    }

    /* kind */
    skip_space(&c);
    col = c.pos + 1;
    n = take_word(&c, &w);
    if (!parse_kind(w, n, &p->r.kind)) {
        set_err(err, errlen, file, lineno, (unsigned)col,
                "unknown kind '%.*s' (injected-brand, site-name, slogan, "
                "promo-headline, junk-widget, boilerplate, rule, link-injection)",
                (int)(n > 40 ? 40 : n), w);
        goto fail;
    }

    /* weight */
    skip_space(&c);
    col = c.pos + 1;
    n = take_word(&c, &w);
    {
        char buf[32];
        char *end = NULL;
        if (n == 0 || n >= sizeof buf) {
            set_err(err, errlen, file, lineno, (unsigned)col, "missing or invalid weight");
            goto fail;
        }
        memcpy(buf, w, n);
        buf[n] = '\0';
        errno = 0;
        double x = strtod(buf, &end);
        if (errno || end != buf + n || !isfinite(x) || fabs(x) > RULE_WEIGHT_MAX) {
            set_err(err, errlen, file, lineno, (unsigned)col,
                    "weight must be a number between -%g and %g",
                    RULE_WEIGHT_MAX, RULE_WEIGHT_MAX);
            goto fail;
        }
        p->r.weight = x;
    }

    /* /pattern/flags */
    skip_space(&c);
    col = c.pos + 1;
    if (c.pos >= len || s[c.pos] != '/') {
        set_err(err, errlen, file, lineno, (unsigned)col,
                "expected a pattern in slashes: /.../");
        goto fail;
    }
    size_t pstart = ++c.pos;
    while (c.pos < len && s[c.pos] != '/') {
        if (s[c.pos] == '\\' && c.pos + 1 < len)
            c.pos++;
        c.pos++;
    }
    if (c.pos >= len) {
        set_err(err, errlen, file, lineno, (unsigned)col,
                "pattern has no closing '/'");
        goto fail;
    }
    size_t plen = c.pos - pstart;
    c.pos++; /* the closing slash */
    if (plen == 0) {
        set_err(err, errlen, file, lineno, (unsigned)col, "empty pattern");
        goto fail;
    }
    if (plen > RULE_PATTERN_MAX) {
        set_err(err, errlen, file, lineno, (unsigned)col,
                "pattern longer than %d bytes", RULE_PATTERN_MAX);
        goto fail;
    }
    uint32_t copts = PCRE2_UTF | PCRE2_UCP;
    while (c.pos < len && !is_space(s[c.pos])) {
        switch (s[c.pos]) {
        case 'i': copts |= PCRE2_CASELESS; break;
        case 'x': copts |= PCRE2_EXTENDED; break;
        case 's': copts |= PCRE2_DOTALL; break;
        case 'm': copts |= PCRE2_MULTILINE; break;
        case 'd': p->r.opts |= RO_DROP; break;
        case 'c': p->r.opts |= RO_CUT; break;
        default:
            set_err(err, errlen, file, lineno, (unsigned)(c.pos + 1),
                    "unknown pattern flag '%c' (i, x, s, m, d, c)", s[c.pos]);
            goto fail;
        }
        c.pos++;
    }
    if ((p->r.opts & RO_DROP) && (p->r.opts & RO_CUT)) {
        set_err(err, errlen, file, lineno, (unsigned)c.pos,
                "flags 'd' (drop block) and 'c' (cut match) exclude each other");
        goto fail;
    }

    /* # description */
    skip_space(&c);
    if (c.pos >= len || s[c.pos] != '#') {
        set_err(err, errlen, file, lineno, (unsigned)(c.pos + 1),
                "expected '# description' after the pattern");
        goto fail;
    }
    c.pos++;
    skip_space(&c);
    size_t dlen = len - c.pos;
    while (dlen > 0 && is_space(s[c.pos + dlen - 1]))
        dlen--;
    if (dlen == 0) {
        set_err(err, errlen, file, lineno, (unsigned)(c.pos + 1),
                "empty description");
        goto fail;
    }
    if (dlen > RULE_DESC_MAX)
        dlen = RULE_DESC_MAX;
    p->r.desc = dupn(s + c.pos, dlen);
    if (!p->r.desc)
        goto nomem;

    /* compile */
    int ecode = 0;
    PCRE2_SIZE eoff = 0;
    p->r.code = pcre2_compile((PCRE2_SPTR)(s + pstart), plen, copts, &ecode,
                              &eoff, NULL);
    if (!p->r.code) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(ecode, msg, sizeof msg) < 0)
            strcpy((char *)msg, "invalid pattern");
        set_err(err, errlen, file, lineno, (unsigned)(pstart + eoff + 1),
                "%s", (const char *)msg);
        goto fail;
    }
    (void)pcre2_jit_compile(p->r.code, PCRE2_JIT_COMPLETE); /* optional */
    rule_lits_find(s + pstart, plen, copts, &p->r.lits);
    int grp = pcre2_substring_number_from_name(p->r.code, (PCRE2_SPTR) "flag");
    p->r.flag_group = grp > 0 ? (uint32_t)grp : 0;
    return SS_OK;

nomem:
    st = SS_ERR_NOMEM;
    set_err(err, errlen, file, lineno, 1, "out of memory");
fail:
    rule_clear(&p->r);
    p->line = 0;
    return st;
}

/* Make room for one more rule in set. */
static bool
grow(ss_rules *set)
{
    if (set->n < set->cap)
        return true;
    size_t ncap = set->cap ? set->cap * 2 : 64;
    rule *v = realloc(set->v, ncap * sizeof *v);
    if (!v)
        return false;
    set->v = v;
    set->cap = ncap;
    return true;
}

/*
 * Parse text as a rules file called name and merge it into set: new names
 * are appended, existing names replaced, "off" lines disable. Nothing is
 * changed on error.
 */
static ss_status
merge_text(ss_rules *set,
           const char *name,
           const char *text,
           size_t len,
           char *err,
           size_t errlen)
{
    pending *pv = NULL;
    size_t pn = 0, pcap = 0;
    ss_status st = SS_OK;
    unsigned lineno = 0;
    size_t pos = 0;

    if (len > RULES_FILE_MAX) {
        set_err(err, errlen, name, 1, 1, "rules file larger than %zu bytes",
                RULES_FILE_MAX);
        return SS_ERR_RULES;
    }
    while (pos < len) {
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        lineno++;
        size_t l = eol - pos;
        if (l > 0 && text[pos + l - 1] == '\r')
            l--;
        if (l > RULE_LINE_MAX) {
            set_err(err, errlen, name, lineno, RULE_LINE_MAX + 1,
                    "line longer than %d bytes", RULE_LINE_MAX);
            st = SS_ERR_RULES;
            goto cleanup;
        }
        if (memchr(text + pos, '\0', l)) {
            set_err(err, errlen, name, lineno,
                    (unsigned)((const char *)memchr(text + pos, '\0', l) - (text + pos) + 1),
                    "NUL byte in rules file");
            st = SS_ERR_RULES;
            goto cleanup;
        }
        pending p;
        st = parse_line(name, lineno, text + pos, l, &p, err, errlen);
        if (st != SS_OK)
            goto cleanup;
        pos = eol + 1;
        if (p.line == 0)
            continue;
        /* Same name twice in one file is a mistake, not an override. */
        for (size_t i = 0; i < pn; i++) {
            if (strcmp(pv[i].r.name, p.r.name) == 0 && !p.is_off && !pv[i].is_off) {
                set_err(err, errlen, name, lineno, 1,
                        "duplicate rule '%s' (first defined at line %u)",
                        p.r.name, pv[i].line);
                rule_clear(&p.r);
                st = SS_ERR_RULES;
                goto cleanup;
            }
        }
        if (p.is_off) {
            bool known = find_rule(set, p.r.name, strlen(p.r.name)) >= 0;
            for (size_t i = 0; i < pn && !known; i++)
                known = !pv[i].is_off && strcmp(pv[i].r.name, p.r.name) == 0;
            if (!known) {
                set_err(err, errlen, name, lineno, 5,
                        "'off' names an unknown rule '%s'", p.r.name);
                rule_clear(&p.r);
                st = SS_ERR_RULES;
                goto cleanup;
            }
        }
        if (pn == pcap) {
            size_t ncap = pcap ? pcap * 2 : 32;
            pending *nv = realloc(pv, ncap * sizeof *nv);
            if (!nv) {
                rule_clear(&p.r);
                st = SS_ERR_NOMEM;
                set_err(err, errlen, name, lineno, 1, "out of memory");
                goto cleanup;
            }
            pv = nv;
            pcap = ncap;
        }
        pv[pn++] = p;
        if (set->n + pn > RULES_MAX) {
            set_err(err, errlen, name, lineno, 1, "more than %d rules", RULES_MAX);
            st = SS_ERR_RULES;
            goto cleanup;
        }
    }

    /* Apply: everything parsed and compiled, so only allocation can fail
     * here, and grow() is done before anything is changed. */
    {
        size_t need = set->n;
        for (size_t i = 0; i < pn; i++)
            if (!pv[i].is_off)
                need++;
        if (need > set->cap) {
            rule *v = realloc(set->v, need * sizeof *v);
            if (!v) {
                st = SS_ERR_NOMEM;
                set_err(err, errlen, name, 1, 1, "out of memory");
                goto cleanup;
            }
            set->v = v;
            set->cap = need;
        }
    }
    for (size_t i = 0; i < pn; i++) {
        pending *p = &pv[i];
        long at = find_rule(set, p->r.name, strlen(p->r.name));
        if (p->is_off) {
            set->v[at].off = true; /* checked known above */
            rule_clear(&p->r);
            continue;
        }
        if (at >= 0) {
            rule_clear(&set->v[at]);
            set->v[at] = p->r;
        } else {
            if (!grow(set)) { /* cannot happen: capacity reserved above */
                rule_clear(&p->r);
                continue;
            }
            set->v[set->n++] = p->r;
        }
        memset(&p->r, 0, sizeof p->r);
    }
    pn = 0;

cleanup:
    for (size_t i = 0; i < pn; i++)
        rule_clear(&pv[i].r);
    free(pv);
    return st;
}

/* Read a whole file (at most RULES_FILE_MAX + 1 bytes) into a malloc'ed
 * buffer. */
static ss_status
read_file(const char *path,
          char **out,
          size_t *outlen,
          char *err,
          size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return SS_ERR_IO;
    }
    char *buf = malloc(RULES_FILE_MAX + 2);
    if (!buf) {
        fclose(f);
        if (err && errlen)
            snprintf(err, errlen, "%s: out of memory", path);
        return SS_ERR_NOMEM;
    }
    size_t n = fread(buf, 1, RULES_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        if (err && errlen)
            snprintf(err, errlen, "%s: read error", path);
        return SS_ERR_IO;
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return SS_OK;
}

/* ------------------------------------------------------------------ */
/* Public loading API                                                  */

ss_status
ss_rules_load_buffer(const char *name,
                     const char *text,
                     size_t len,
                     ss_rules **out,
                     char *err,
                     size_t errlen)
{
    if (out)
        *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (!out || (!text && len > 0))
        return SS_ERR_ARG;
    ss_rules *set = calloc(1, sizeof *set);
    if (!set)
        return SS_ERR_NOMEM;
    ss_status st = merge_text(set, name ? name : "<rules>", text ? text : "",
                              len, err, errlen);
    if (st != SS_OK) {
        ss_rules_free(set);
        return st;
    }
    *out = set;
    return SS_OK;
}

ss_status
ss_rules_load(const char *path,
              ss_rules **out,
              char *err,
              size_t errlen)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return SS_ERR_ARG;
    char *buf = NULL;
    size_t n = 0;
    ss_status st = read_file(path, &buf, &n, err, errlen);
    if (st != SS_OK)
        return st;
    st = ss_rules_load_buffer(path, buf, n, out, err, errlen);
    free(buf);
    return st;
}

ss_status
ss_rules_add_file(ss_rules *rules,
                  const char *path,
                  char *err,
                  size_t errlen)
{
    if (!rules || !path)
        return SS_ERR_ARG;
    char *buf = NULL;
    size_t n = 0;
    ss_status st = read_file(path, &buf, &n, err, errlen);
    if (st != SS_OK)
        return st;
    st = merge_text(rules, path, buf, n, err, errlen);
    free(buf);
    return st;
}

size_t
ss_rules_count(const ss_rules *rules)
{
    size_t n = 0;
    if (!rules)
        return 0;
    for (size_t i = 0; i < rules->n; i++)
        if (!rules->v[i].off)
            n++;
    return n;
}

void
ss_rules_free(ss_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        rule_clear(&rules->v[i]);
    free(rules->v);
    free(rules);
}

/* ------------------------------------------------------------------ */
/* Per-thread state                                                    */

ss_status
ss_rules_state_create(const ss_rules *rules,
                      const ss_config *cfg,
                      ss_rules_state **out)
{
    if (!out)
        return SS_ERR_ARG;
    *out = NULL;
    ss_config def;
    if (!cfg) {
        ss_config_default(&def);
        cfg = &def;
    }
    ss_rules_state *st = calloc(1, sizeof *st);
    if (!st)
        return SS_ERR_NOMEM;
    uint32_t pairs = 1;
    size_t n = rules ? rules->n : 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cap = 0;
        if (pcre2_pattern_info(rules->v[i].code, PCRE2_INFO_CAPTURECOUNT, &cap) == 0 &&
            cap + 1 > pairs)
            pairs = cap + 1;
    }
    st->md = pcre2_match_data_create(pairs, NULL);
    st->mc = pcre2_match_context_create(NULL);
    st->js = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
    st->n_rules = n;
    st->hits = calloc(n ? n : 1, sizeof *st->hits);
    st->limit_hits = calloc(n ? n : 1, sizeof *st->limit_hits);
    if (!st->md || !st->mc || !st->hits || !st->limit_hits) {
        ss_rules_state_free(st);
        return SS_ERR_NOMEM;
    }
    /* A hostile rule must not run away whichever matcher runs it. The
     * match limit bounds the work of both. The interpreter's memory is
     * bounded by the depth limit (frames) and the heap limit (bytes, as
     * frames grow with the number of capture groups); the JIT ignores
     * both and is bounded by its stack instead (at most JIT_STACK_MAX, or
     * pcre2's 32 KiB machine stack when that cannot be allocated). */
    pcre2_set_match_limit(st->mc, cfg->pcre_match_limit ? cfg->pcre_match_limit : 1);
    pcre2_set_depth_limit(st->mc, cfg->pcre_depth_limit ? cfg->pcre_depth_limit : 1);
    pcre2_set_heap_limit(st->mc, HEAP_LIMIT_KIB);
    if (st->js)
        pcre2_jit_stack_assign(st->mc, NULL, st->js);
    st->max_seconds = cfg->max_seconds > 0.0 ? cfg->max_seconds : 0.0;
    *out = st;
    return SS_OK;
}

void
ss_rules_state_use_jit(ss_rules_state *st,
                       bool on)
{
    if (st)
        st->match_opts = on ? 0 : PCRE2_NO_JIT;
}

void
ss_rules_state_free(ss_rules_state *st)
{
    if (!st)
        return;
    pcre2_match_data_free(st->md);
    pcre2_match_context_free(st->mc);
    pcre2_jit_stack_free(st->js);
    free(st->hits);
    free(st->limit_hits);
    free(st);
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */

/* Where a finding on block b is shown. */
static ss_where
where_of_block(const ss_page *page,
               uint32_t b)
{
    const ss_block *blk = &page->blocks[b];
    if (b == page->title_block || blk->role == SS_ROLE_TITLE)
        return SS_WHERE_TITLE;
    if (blk->widget != SS_NONE)
        return SS_WHERE_WIDGET;
    if (blk->role == SS_ROLE_MAIN)
        return SS_WHERE_BODY;
    return SS_WHERE_PAGE;
}

/* Length of the first sentence of s: up to ". ", "? ", "! " or the cap. */
static size_t
first_sentence_len(const char *s,
                   size_t len)
{
    size_t cap = len < FIRST_SENTENCE_MAX ? len : FIRST_SENTENCE_MAX;
    for (size_t i = 1; i + 1 < cap; i++)
        if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ' &&
            !(s[i - 1] >= 'A' && s[i - 1] <= 'Z')) /* "U.S. officials" */
            return i + 1;
    /* Do not cut a UTF-8 sequence in two. */
    while (cap < len && cap > 0 && ((unsigned char)s[cap] & 0xC0) == 0x80)
        cap--;
    return cap;
}

/* Index of the block holding the first sentence of the article. */
static uint32_t
first_sentence_block(const ss_page *page)
{
    if (page->main_first == SS_NONE)
        return SS_NONE;
    uint32_t last = page->main_last < page->n_blocks ? page->main_last : page->n_blocks - 1;
    for (uint32_t b = page->main_first; b <= last; b++) {
        const ss_block *blk = &page->blocks[b];
        if (b == page->title_block || (blk->flags & SS_BLK_HEADING) ||
            blk->role != SS_ROLE_MAIN)
            continue;
        if (blk->n_words >= 8)
            return b;
    }
    return SS_NONE;
}

/* Context of one run of ss_rules_run(). */
typedef struct run {
    const ss_rules *rules;
    ss_rules_state *st;
    ss_page *page;
    ss_evidence *ev;
    size_t findings;   /* added by this run */
    ss_status status;
    double deadline;   /* thread CPU seconds; 0: none */
    unsigned ticks;    /* matches since the clock was last read */
    bool timed_out;    /* status is SS_ERR_LIMIT because of the deadline */
} run;

/* CPU time of the calling thread, in seconds. */
static double
thread_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every CLOCK_EVERY matches, stop the run once its time is up. */
static bool
time_up(run *r)
{
    if (r->deadline <= 0.0 || ++r->ticks < CLOCK_EVERY)
        return false;
    r->ticks = 0;
    if (thread_seconds() < r->deadline)
        return false;
    r->timed_out = true;
    r->status = SS_ERR_LIMIT;
    return true;
}

/*
 * Match rule ri against subject (a block's text or the title). block is the
 * block index or SS_TARGET_TITLE. Returns true when the rule matched.
 */
static bool
match_one(run *r,
          size_t ri,
          const char *subject,
          size_t len,
          uint32_t block,
          ss_where where)
{
    const rule *ru = &r->rules->v[ri];
    ss_rules_state *st = r->st;
    if (st->limit_hits[ri] >= RULE_LIMIT_HITS_MAX || time_up(r))
        return false;
    /* A subject without any of the rule's required literals cannot match:
     * the answer pcre2 would give, without running it. */
    if (!rule_lits_may_match(&ru->lits, subject, len))
        return false;
    /* Every subject is page text, valid UTF-8 by the page model's contract
     * (page.h; the page fuzz target checks it): pcre2 need not validate the
     * whole block again for each rule, which was a third of its time. */
    int rc = pcre2_match(ru->code, (PCRE2_SPTR)subject, len, 0,
                         st->match_opts | PCRE2_NO_UTF_CHECK, st->md, st->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return false;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
        r->page->limits |= SS_LIMIT_MATCH;
        st->limit_hits[ri]++;
        return false;
    }
    if (rc < 0)
        return false; /* e.g. invalid UTF-8 in the subject: no match */
    if (ru->weight <= 0)
        return true; /* ham evidence: counted, never shown as a flag */
    if (st->hits[ri] >= RULE_HITS_MAX || r->findings >= RULES_FINDINGS_MAX)
        return true;

    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);
    size_t ms = ov[0], me = ov[1];
    if (ru->flag_group && (uint32_t)rc > ru->flag_group &&
        ov[2 * ru->flag_group] != PCRE2_UNSET) {
        ms = ov[2 * ru->flag_group];
        me = ov[2 * ru->flag_group + 1];
    }
    if (me < ms || me > len)
        return true;

    ss_finding f;
    memset(&f, 0, sizeof f);
    f.kind = ru->kind;
    f.where = where;
    f.block = block;
    f.score = 1.0 - exp(-ru->weight);
    if ((ru->opts & RO_DROP) && block != SS_TARGET_TITLE) {
        f.drop_block = true;
        f.n_blocks = 1;
        f.start = 0;
        f.end = (uint32_t)len;
        f.text = subject;
    } else {
        if (ru->opts & RO_CUT) {
            f.start = (uint32_t)ms;
            f.end = (uint32_t)me;
        } else {
            f.start = f.end = 0; /* evidence only: nothing to delete */
        }
        f.text = ss_arena_strndup(r->ev->arena, subject + ms, me - ms);
        if (!f.text) {
            r->status = SS_ERR_NOMEM;
            return true;
        }
    }

    /* The same text already flagged with the same kind: add a reason. */
    for (size_t i = 0; i < r->ev->n; i++) {
        ss_finding *o = &r->ev->items[i];
        if (o->kind == f.kind && o->block == f.block && o->start == f.start &&
            o->end == f.end && o->drop_block == f.drop_block &&
            strcmp(o->text, f.text) == 0) {
            if (f.score > o->score)
                o->score = f.score;
            ss_evidence_add_reason(o, ru->name);
            st->hits[ri]++;
            return true;
        }
    }
    ss_finding *added = ss_evidence_add(r->ev, &f);
    if (!added) {
        r->status = SS_ERR_NOMEM;
        return true;
    }
    ss_evidence_add_reason(added, ru->name);
    st->hits[ri]++;
    r->findings++;
    return true;
}

/* Run rule ri over every part of the page it targets; true if it matched. */
static bool
run_rule(run *r,
         size_t ri)
{
    const rule *ru = &r->rules->v[ri];
    ss_page *page = r->page;
    bool hit = false;
    uint32_t b;

    switch (ru->tgt) {
    case T_TITLE:
        if (page->title && page->title[0])
            hit = match_one(r, ri, page->title, strlen(page->title),
                            SS_TARGET_TITLE, SS_WHERE_TITLE);
        break;
    case T_HEADLINE:
        b = page->title_block;
        if (b < page->n_blocks)
            hit = match_one(r, ri, page->blocks[b].text, page->blocks[b].len, b,
                            SS_WHERE_TITLE);
        break;
    case T_FIRST_SENTENCE:
        b = first_sentence_block(page);
        if (b != SS_NONE)
            hit = match_one(r, ri, page->blocks[b].text,
                            first_sentence_len(page->blocks[b].text,
                                               page->blocks[b].len),
                            b, SS_WHERE_BODY);
        break;
    case T_WIDGET_HEADING:
        for (uint32_t w = 0; w < page->n_widgets && r->status == SS_OK; w++) {
            b = page->widgets[w].heading;
            if (b < page->n_blocks &&
                match_one(r, ri, page->blocks[b].text, page->blocks[b].len, b,
                          SS_WHERE_WIDGET))
                hit = true;
        }
        break;
    default:
        for (b = 0; b < page->n_blocks && r->status == SS_OK; b++) {
            const ss_block *blk = &page->blocks[b];
            bool take = false;
            switch (ru->tgt) {
            case T_BODY:
                take = blk->role == SS_ROLE_MAIN && b != page->title_block;
                break;
            case T_ANY_BLOCK: take = true; break;
            case T_WIDGET_ITEM:
                take = blk->widget < page->n_widgets &&
                       page->widgets[blk->widget].heading != b;
                break;
            case T_SHORT_LINE: take = blk->n_words <= SHORT_LINE_WORDS; break;
            default: break;
            }
            if (take && match_one(r, ri, blk->text, blk->len, b,
                                  where_of_block(page, b)))
                hit = true;
        }
        break;
    }
    return hit;
}

ss_status
ss_rules_run(const ss_rules *rules,
             ss_rules_state *st,
             ss_page *page,
             ss_evidence *ev)
{
    if (!page || !ev)
        return SS_ERR_ARG;
    if (!rules || rules->n == 0)
        return SS_OK;
    if (!st || st->n_rules < rules->n)
        return SS_ERR_ARG; /* state made for another (smaller) rule set */
    run r = {rules, st, page, ev, 0, SS_OK, 0.0, 0, false};
    if (st->max_seconds > 0.0)
        r.deadline = thread_seconds() + st->max_seconds;
    memset(st->hits, 0, st->n_rules * sizeof *st->hits);
    memset(st->limit_hits, 0, st->n_rules * sizeof *st->limit_hits);
    for (size_t i = 0; i < rules->n && r.status == SS_OK; i++) {
        if (rules->v[i].off)
            continue;
        /* A rule's weight counts once per page however often it matched:
         * forty matching list items are one piece of evidence. */
        if (run_rule(&r, i))
            ev->rule_weight_sum += rules->v[i].weight;
    }
    return r.status;
}
