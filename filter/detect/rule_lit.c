/*
 * rule_lit.c - required literals of a rule pattern (see rule_lit.h).
 *
 * One pass over the pattern follows its groups, character classes and
 * escapes, and records for every group whether it is a negative
 * lookaround, holds an alternation at its own level, or is followed by a
 * quantifier. A non-capturing group whose content is only ASCII letters,
 * digits, spaces and '|' is a candidate; it is required when it is not
 * quantified and no group around it (nor the pattern) is negative,
 * alternated or quantified; a non-capturing group with other content
 * gives the longest run of literal text at the own level of each of its
 * alternatives, when each has one. Bare or escaped punctuation outside classes is
 * recorded with its group and kept when it is required in the same sense.
 * Whatever the parser does not know makes it give up, which only costs
 * the shortcut.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string.h>

#include "detect_util.h"
#include "rule_lit.h"

#define LIT_GROUPS_MAX 128 /* groups in a pattern followed */
#define LIT_DEPTH_MAX 32   /* nesting followed */
#define LIT_CANDS_MAX 8    /* literal groups examined */

typedef struct lgroup {
    int parent;   /* index of the enclosing group, -1 for the pattern */
    bool neg;     /* negative lookahead or lookbehind */
    bool alt;     /* a '|' at its own level */
    bool quant;   /* followed by ?, *, + or { */
    bool lit;     /* non-capturing with only literal content so far */
    bool plain;   /* non-capturing */
    size_t from;  /* first byte of its content */
} lgroup;

typedef struct lcand {
    int g;
    bool lit;        /* only literal content */
    size_t from, to; /* its content */
} lcand;

/* A punctuation character met as a literal, in group g (-1: the pattern). */
typedef struct lbyte {
    int g;
    char c;
} lbyte;

#define LIT_BYTE_CANDS_MAX 16 /* punctuation characters examined */

/* A byte that stays literal inside a candidate group. */
static bool
lit_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == ' ';
}

/* A punctuation character that is itself when written bare: none of the
 * metacharacters, and not '#' (a comment in extended mode). */
static bool
bare_punct(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !lit_byte(c) && !strchr("\\^$.[]|()?*+{}#", c);
}

/* Index just past the escape opening at p[i] == '\\', with all the bytes
 * that belong to it: "\cX" any X; \x{..}, \o{..}, \p{..}, \P{..},
 * \N{..}, \g{..} their braces; "\x41" up to two hex digits; "\pL" its
 * letter; "\0101", "\12" (octal, back-reference) every digit after it;
 * "\g-1" its sign and digits. 0 for what the parser does not follow (\Q,
 * \k, \g<..>, empty or unterminated braces, braces holding anything but
 * letters, digits and "_+-&^ "). Any other '{' after an escape is the
 * pattern's own (a quantifier, "\d{2,4}", or literal text, "\}{"). */
static size_t
escape_end(const char *p, size_t n, size_t i)
{
    if (i + 1 >= n)
        return 0;
    char e = p[i + 1];
    i += 2;
    if (e == 'c')
        return i + 1 <= n ? i + 1 : 0;
    if (e == 'Q' || e == 'k')
        return 0;
    if (i < n && p[i] == '{' && strchr("xopPNg", e)) {
        /* The braces hold a number, a name or a property ("L&", "^Lu",
         * "U+00E9"); anything else is not followed: "[\g{9{]...\g{}]"
         * compiles (a class), and a scan to the next '}' ran over the
         * class's end and a '|' (fuzz_rulelit). */
        size_t a = ++i;
        while (i < n && p[i] != '}') {
            char c = p[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '+' || c == '-' || c == '&' || c == '^' || c == ' '))
                return 0;
            i++;
        }
        return i < n && i > a ? i + 1 : 0;
    }
    if (e == 'o' || (e == 'g' && i < n && (p[i] == '<' || p[i] == '\'')))
        return 0;
    if (e == 'x') {
        for (int k = 0; k < 2 && i < n && strchr("0123456789abcdefABCDEF", p[i]) && p[i]; k++)
            i++;
    } else if (e == 'p' || e == 'P') {
        i++;
    } else if (e == 'g') {
        if (i < n && (p[i] == '+' || p[i] == '-'))
            i++;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
    } else if (e >= '0' && e <= '9') {
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
    }
    return i <= n ? i : 0;
}

/* Index of the '}' closing the counted quantifier "{m}", "{m,}" or
 * "{m,n}" opening at p[i] == '{', or 0 when it is not one (then the
 * brace is literal text). */
static size_t
counted_end(const char *p, size_t n, size_t i)
{
    size_t j = i + 1;
    size_t d = j;
    while (j < n && p[j] >= '0' && p[j] <= '9')
        j++;
    if (j == d)
        return 0;
    if (j < n && p[j] == ',') {
        j++;
        while (j < n && p[j] >= '0' && p[j] <= '9')
            j++;
    }
    return j < n && p[j] == '}' ? j : 0;
}

/* Is p[i] followed by a quantifier? */
static bool
quantified(const char *p, size_t n, size_t i)
{
    char q = i + 1 < n ? p[i + 1] : 0;
    return q == '?' || q == '*' || q == '+' || q == '{';
}

/* Index just past the character class opening at p[i] == '[', or 0 when
 * it is not followed (unterminated, or a '[' inside it). */
static size_t
skip_class(const char *p, size_t n, size_t i)
{
    i++;
    if (i < n && p[i] == '^')
        i++;
    if (i < n && p[i] == ']')
        i++;
    while (i < n && p[i] != ']') {
        if (p[i] == '[')
            return 0;
        if (p[i] == '\\') {
            i = escape_end(p, n, i);
            if (!i)
                return 0;
            continue;
        }
        i++;
    }
    return i < n ? i + 1 : 0;
}

/* Is c a byte of a group name: an ASCII letter, digit or '_'? */
static bool
is_word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Where the content of the group opening at p[i] == '(' starts; sets the
 * kind in *g. 0: a construct the parser does not follow. An option
 * setting without a group, "(?-s)", gives the index past its ')' and
 * *setting true. */
static size_t
group_open(const char *p, size_t n, size_t i, lgroup *g, bool *setting)
{
    *setting = false;
    if (i + 1 >= n)
        return 0;
    if (p[i + 1] == '*')
        return 0; /* (*VERB) */
    if (p[i + 1] != '?')
        return i + 1; /* capturing */
    char k = i + 2 < n ? p[i + 2] : 0;
    char k2 = i + 3 < n ? p[i + 3] : 0;
    switch (k) {
    case ':':
        g->lit = g->plain = true;
        return i + 3;
    case '=':
    case '>':
    case '|':
        return i + 3;
    case '!':
        g->neg = true;
        return i + 3;
    case '<':
        if (k2 == '=')
            return i + 4;
        if (k2 == '!') {
            g->neg = true;
            return i + 4;
        }
        break; /* a named group: below */
    case 'P':
        if (k2 != '<')
            return 0; /* (?P=name), (?P>name) */
        break;
    case '\'':
        break;
    default: {
        /* Options, as in "(?-i:" or "(?s)"; turning on i or x ends the
         * shortcut (caseless or extended text is not byte literal). */
        bool on = true;
        size_t j = i + 2;
        for (; j < n && p[j] != ':' && p[j] != ')'; j++) {
            char c = p[j];
            /* '-' turns the letters after it off; '^' unsets imnsx and
             * the letters after it turn on ("(?^x)" is extended) */
            if (c == '-') {
                on = false;
                continue;
            }
            if (c == '^')
                continue;
            /* option letters only: (?C is a callout, whose string
             * "(?C^...^)" may hold any byte, (?R recursion, (?#, (?(,
             * (?1, (?& ... are not followed */
            if (!strchr("imnsxJU", c) || c == 0)
                return 0;
            if (on && (c == 'i' || c == 'x'))
                return 0;
        }
        if (j >= n || j == i + 2)
            return 0;
        if (p[j] == ')') {
            *setting = true;
            return j + 1;
        }
        g->lit = g->plain = true;
        return j + 1;
    }
    }
    /* named group: (?<name>, (?P<name>, (?'name'; a name is a letter or
     * '_' then letters, digits and '_'. Anything else after "(?<" is a
     * construct the parser does not follow: "(?<*...)" is a non-atomic
     * lookbehind (pcre2 10.42), whose '>' would have been read as the
     * end of a name and its content as the group's. */
    char close = k == '\'' ? '\'' : '>';
    size_t j = k == 'P' ? i + 4 : i + 3;
    if (j >= n || !(is_word_byte(p[j]) && !(p[j] >= '0' && p[j] <= '9')))
        return 0;
    while (j < n && p[j] != close) {
        if (!is_word_byte(p[j]))
            return 0;
        j++;
    }
    return j < n ? j + 1 : 0;
}

/* Is candidate c required (see the top)? */
static bool
required(const lgroup *g, bool root_alt, const lcand *c)
{
    if (root_alt || g[c->g].quant)
        return false;
    for (int q = g[c->g].parent; q >= 0; q = g[q].parent)
        if (g[q].neg || g[q].alt || g[q].quant)
            return false;
    return true;
}

/* Is the punctuation candidate b required: neither its group nor one
 * around it negative, alternated or quantified? */
static bool
byte_required(const lgroup *g, bool root_alt, const lbyte *b)
{
    if (root_alt)
        return false;
    for (int q = b->g; q >= 0; q = g[q].parent)
        if (g[q].neg || g[q].alt || g[q].quant)
            return false;
    return true;
}

/* The alternatives of p[from..to) into *out; false if one is empty, too
 * long, or there are too many. */
static bool
take_alts(const char *p, size_t from, size_t to, rule_lits *out)
{
    memset(out, 0, sizeof *out);
    size_t a = from;
    for (size_t i = from; i <= to; i++) {
        if (i < to && p[i] != '|')
            continue;
        size_t l = i - a;
        if (l == 0 || l >= RULE_LIT_BYTES || out->n == RULE_LITS_MAX)
            return false;
        memcpy(out->s[out->n], p + a, l);
        out->s[out->n][l] = '\0';
        out->len[out->n++] = (uint8_t)l;
        a = i + 1;
    }
    return out->n > 0;
}

/* Index past the alternative of a group's content p[i..to) that starts
 * at i: at the '|' that ends it or at to (nested groups, classes and
 * escapes skipped); 0 when a class is not followed. */
static size_t
alt_end(const char *p, size_t i, size_t to)
{
    int d = 0;
    while (i < to) {
        char c = p[i];
        if (c == '\\') {
            i = escape_end(p, to, i);
            if (!i)
                return 0;
            continue;
        }
        if (c == '[') {
            size_t e = skip_class(p, to, i);
            if (!e)
                return 0;
            i = e;
            continue;
        }
        if (c == '(')
            d++;
        else if (c == ')')
            d--;
        else if (c == '|' && d == 0)
            return i;
        i++;
    }
    return to;
}

/* The longest run of literal text (letters, digits, spaces and bare
 * punctuation) at the own level of the alternative p[a..e), less its last
 * byte when a quantifier follows it; its start in *at. Every match of the
 * alternative holds that text. 0: none, or a class is not followed. */
static size_t
longest_run(const char *p, size_t a, size_t e, size_t *at)
{
    size_t best = 0, run = SIZE_MAX, i = a;
    int d = 0;
    while (i < e) {
        unsigned char c = (unsigned char)p[i];
        if (d == 0 && (lit_byte(c) || bare_punct(c))) {
            if (run == SIZE_MAX)
                run = i;
            i++;
            continue;
        }
        if (run != SIZE_MAX) {
            size_t l = i - run;
            if (c == '?' || c == '*' || c == '+' || c == '{')
                l--;
            if (l > best) {
                best = l;
                *at = run;
            }
            run = SIZE_MAX;
        }
        if (c == '\\') {
            i = escape_end(p, e, i);
            if (!i)
                return 0;
            continue;
        }
        if (c == '[') {
            i = skip_class(p, e, i);
            if (!i)
                return 0;
            continue;
        }
        if (c == '{') {
            size_t q = counted_end(p, e, i);
            i = q ? q + 1 : i + 1;
            continue;
        }
        if (c == '(')
            d++;
        else if (c == ')')
            d--;
        i++;
    }
    if (run != SIZE_MAX && e - run > best) {
        best = e - run;
        *at = run;
    }
    return best;
}

/* The literal text of each alternative of p[from..to) (longest_run()),
 * into *out; false if one has none, it is too long, or there are too
 * many alternatives. */
static bool
take_prefixes(const char *p, size_t from, size_t to, rule_lits *out)
{
    memset(out, 0, sizeof *out);
    size_t i = from;
    for (;;) {
        size_t e = alt_end(p, i, to);
        if (e == 0)
            return false;
        size_t at = 0;
        size_t l = longest_run(p, i, e, &at);
        if (l == 0 || l >= RULE_LIT_BYTES || out->n == RULE_LITS_MAX)
            return false;
        memcpy(out->s[out->n], p + at, l);
        out->s[out->n][l] = '\0';
        out->len[out->n++] = (uint8_t)l;
        if (e >= to)
            return true;
        i = e + 1; /* past the '|' */
    }
}

/* Fold the literals of *l to lower case for a caseless pattern, and note
 * their first bytes. */
static void
make_caseless(rule_lits *l)
{
    l->caseless = true;
    for (unsigned k = 0; k < l->n; k++) {
        for (unsigned j = 0; j < l->len[k]; j++) {
            char c = l->s[k][j];
            if (c >= 'A' && c <= 'Z')
                l->s[k][j] = (char)(c + 32);
        }
        unsigned char f = (unsigned char)l->s[k][0];
        l->first[f >> 5] |= 1u << (f & 31);
    }
}

/* The shortest alternative. */
static size_t
min_len(const rule_lits *l)
{
    size_t m = SIZE_MAX;
    for (unsigned k = 0; k < l->n; k++)
        if (l->len[k] < m)
            m = l->len[k];
    return m;
}

/* See rule_lit.h. */
void
rule_lits_find(const char *p,
               size_t n,
               uint32_t copts,
               rule_lits *out)
{
    memset(out, 0, sizeof *out);
    if (copts & PCRE2_EXTENDED)
        return;
    lgroup g[LIT_GROUPS_MAX];
    lbyte pb[LIT_BYTE_CANDS_MAX];
    int npb = 0;
    int open[LIT_DEPTH_MAX];
    int ng = 0, depth = 0;
    bool root_alt = false;
    lcand cand[LIT_CANDS_MAX];
    int nc = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        lgroup *top = depth ? &g[open[depth - 1]] : NULL;
        if (c == '\\') {
            char e = i + 1 < n ? p[i + 1] : 0;
            if (!e || e == 'Q' || e == 'E' || e == 'c')
                return;
            if ((unsigned char)e < 0x7f && (bare_punct((unsigned char)e) ||
                                            strchr("\\^$.[]|()?*+{}", e)) &&
                !quantified(p, n, i + 1) && npb < LIT_BYTE_CANDS_MAX)
                pb[npb++] = (lbyte){depth ? open[depth - 1] : -1, e};
            size_t z = escape_end(p, n, i);
            if (!z)
                return;
            i = z - 1;
            if (top)
                top->lit = false;
        } else if (c == '[') {
            size_t e = skip_class(p, n, i);
            if (!e)
                return;
            i = e - 1;
            if (top)
                top->lit = false;
        } else if (c == '(') {
            if (ng == LIT_GROUPS_MAX || depth == LIT_DEPTH_MAX)
                return;
            lgroup *x = &g[ng];
            memset(x, 0, sizeof *x);
            x->parent = depth ? open[depth - 1] : -1;
            bool setting;
            size_t body = group_open(p, n, i, x, &setting);
            if (!body)
                return;
            if (top)
                top->lit = false;
            if (setting) {
                i = body - 1;
                continue;
            }
            x->from = body;
            open[depth++] = ng++;
            i = body - 1;
        } else if (c == ')') {
            if (!top)
                return;
            depth--;
            char q = i + 1 < n ? p[i + 1] : 0;
            top->quant = q == '?' || q == '*' || q == '+' || q == '{';
            if (top->plain && nc < LIT_CANDS_MAX)
                cand[nc++] = (lcand){open[depth], top->lit, top->from, i};
        } else if (c == '|') {
            if (top)
                top->alt = true;
            else
                root_alt = true;
        } else if (c == '{' && counted_end(p, n, i)) {
            i = counted_end(p, n, i); /* its digits and comma are not text */
            if (top)
                top->lit = false;
        } else {
            if (bare_punct(c) && !quantified(p, n, i) && npb < LIT_BYTE_CANDS_MAX)
                pb[npb++] = (lbyte){depth ? open[depth - 1] : -1, (char)c};
            if (top && !lit_byte(c))
                top->lit = false;
        }
    }
    if (depth != 0)
        return;
    size_t best = 0;
    for (int k = 0; k < nc; k++) {
        rule_lits l;
        if (!required(g, root_alt, &cand[k]))
            continue;
        if (cand[k].lit ? !take_alts(p, cand[k].from, cand[k].to, &l)
                        : !take_prefixes(p, cand[k].from, cand[k].to, &l))
            continue;
        size_t m = min_len(&l);
        if (m > best) {
            best = m;
            *out = l;
        }
    }
    if (out->n && (copts & PCRE2_CASELESS))
        make_caseless(out);
    for (int k = 0; k < npb && out->n_bytes < RULE_BYTES_MAX; k++)
        if (byte_required(g, root_alt, &pb[k]) &&
            !memchr(out->bytes, pb[k].c, out->n_bytes))
            out->bytes[out->n_bytes++] = pb[k].c;
}

/* Is s[i..n), a byte from 0x80 up, a character that pcre2 matches
 * caselessly with an ASCII letter (KELVIN SIGN with k, LONG S with s), or
 * a dotted or dotless I (Turkish casing, to be safe)? */
static bool
folds_to_ascii(const unsigned char *s, size_t n, size_t i)
{
    if (i + 1 >= n)
        return false;
    if (s[i] == 0xC5 && s[i + 1] == 0xBF)
        return true; /* U+017F */
    if (s[i] == 0xC4 && (s[i + 1] == 0xB0 || s[i + 1] == 0xB1))
        return true; /* U+0130, U+0131 */
    return s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x84 && s[i + 2] == 0xAA; /* U+212A */
}

/* Does one of the (lower-case) literals of *l occur in s[0..n) with ASCII
 * letters in either case, or may a character outside ASCII stand for one
 * of its letters? */
static bool
find_caseless(const rule_lits *l, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 0x80) {
            if (folds_to_ascii(s, n, i))
                return true;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (!(l->first[c >> 5] & (1u << (c & 31))))
            continue;
        for (unsigned k = 0; k < l->n; k++) {
            size_t m = l->len[k];
            if ((unsigned char)l->s[k][0] != c || m > n - i)
                continue;
            size_t j = 1;
            for (; j < m; j++) {
                unsigned char d = s[i + j];
                if (d >= 'A' && d <= 'Z')
                    d = (unsigned char)(d + 32);
                if (d != (unsigned char)l->s[k][j])
                    break;
            }
            if (j == m)
                return true;
        }
    }
    return false;
}

/* See rule_lit.h. */
bool
rule_lits_may_match(const rule_lits *l,
                    const char *s,
                    size_t n)
{
    for (unsigned k = 0; k < l->n_bytes; k++)
        if (!memchr(s, l->bytes[k], n))
            return false;
    if (l->n == 0)
        return true;
    if (l->caseless)
        return find_caseless(l, s, n);
    for (unsigned k = 0; k < l->n; k++)
        if (det_find_bytes(s, n, l->s[k], l->len[k]))
            return true;
    return false;
}
