/*
 * tool_output.c - the records the spamscore command writes.
 *
 * Default: one TSV line per document, "VERDICT<TAB>SCORE<TAB>INPUT", the
 * score with 4 decimals (like bogofilter -T). --json: one JSON object per
 * line with a fixed key order. --clean: the cleaned article text. -v:
 * reasons for humans. Filter mode (--keep/--drop) writes only the kept
 * documents; on JSONL input it echoes the input object with "text" and
 * "spamscore" added. Error records keep their place in the output.
 *
 * Everything here writes to a caller-supplied FILE (a per-document memory
 * stream in the pipeline), so records of different threads never mix.
 * tool_output_open_fd() gives the command its standard output: a stream
 * whose writes are retried until every byte is out (short writes, EINTR,
 * EAGAIN), so a failure it reports is a real one (EPIPE, ENOSPC, EIO).
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "tool.h"
#include "tool_cmd.h"

/*
 * Length of the valid UTF-8 sequence at s[0..n), or 0 if the bytes there
 * are not one (overlong forms, surrogates and code points above U+10FFFF are
 * invalid).
 */
static size_t
utf8_seq_len(const unsigned char *s,
             size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

/*
 * Write s[0..len) as a quoted JSON string: '"' and '\\' escaped, control
 * characters as \n, \t, \r, \b, \f or \u00XX, DEL as \u007f, invalid UTF-8
 * bytes as U+FFFD (one per bad byte). Runs of plain bytes go out in one
 * fwrite.
 */
void
tool_json_string(FILE *f,
                 const char *s,
                 size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t i = 0, run = 0;

    if (!s)
        len = 0;
    putc('"', f);
    while (i < len) {
        unsigned char c = p[i];
        size_t n;
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++;
            continue;
        }
        n = c < 0x80 ? 1 : utf8_seq_len(p + i, len - i);
        if (c >= 0x80 && n > 0) {
            i += n;
            continue;
        }
        if (i > run)
            fwrite(p + run, 1, i - run, f);
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        default:
            if (c < 0x80) {
                fputs("\\u00", f);
                putc(hex[c >> 4], f);
                putc(hex[c & 15], f);
            } else {
                fputs("\xEF\xBF\xBD", f); /* U+FFFD for a bad byte */
            }
            break;
        }
        i++;
        run = i;
    }
    if (i > run)
        fwrite(p + run, 1, i - run, f);
    putc('"', f);
}

/* Write a NUL-terminated string as JSON ("" for NULL). */
static void
json_cstr(FILE *f,
          const char *s)
{
    tool_json_string(f, s ? s : "", s ? strlen(s) : 0);
}

/* A real number with 4 decimals (null when not finite). */
static void
put_real(FILE *f,
         double x)
{
    if (!isfinite(x))
        fputs("null", f);
    else
        fprintf(f, "%.4f", x == 0 ? 0.0 : x); /* no "-0.0000" */
}

/* A score with 4 decimals, clamped to 0..1; null if it is not a number
 * (never expected). */
static void
put_score(FILE *f,
          double x)
{
    put_real(f, x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x));
}

/*
 * Write s for a TSV column or a human line: tabs, newlines and other
 * control characters become spaces so one record stays one line.
 */
static void
put_plain(FILE *f,
          const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    for (; *p; p++)
        putc(*p < 0x20 || *p == 0x7F ? ' ' : *p, f);
}

/* put_plain of the first n bytes of s (n <= strlen(s)). */
static void
put_plain_n(FILE *f,
            const char *s,
            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        putc(c < 0x20 || c == 0x7F ? ' ' : c, f);
    }
}

/* Filter mode: is this verdict among the kept ones? */
bool
tool_output_kept(const tool_out_opts *o,
                 ss_verdict verdict)
{
    if (!o->filter)
        return true;
    return (o->keep & (1u << verdict)) != 0;
}

/* The name shown in a TSV record: the WARC target URI if any, else input. */
static const char *
tsv_name(const tool_doc *doc)
{
    if (doc->url && doc->record_id)
        return doc->url;
    return doc->input ? doc->input : "-";
}

/* The "input", "id", "url", "warc_record_id" keys every JSON record opens
 * with (no leading brace). */
static void
json_head(FILE *f,
          const tool_doc *doc)
{
    fputs("\"input\": ", f);
    json_cstr(f, doc->input ? doc->input : "-");
    if (doc->id_json) {
        fputs(", \"id\": ", f);
        fputs(doc->id_json, f);
    }
    if (doc->url) {
        fputs(", \"url\": ", f);
        json_cstr(f, doc->url);
    }
    if (doc->record_id) {
        fputs(", \"warc_record_id\": ", f);
        json_cstr(f, doc->record_id);
    }
}

/* One flag as a JSON object. */
static void
json_flag(FILE *f,
          const ss_flag *fl)
{
    size_t i;
    fputs("{\"kind\": ", f);
    json_cstr(f, ss_flag_kind_name(fl->kind));
    fputs(", \"text\": ", f);
    json_cstr(f, fl->text);
    fputs(", \"where\": ", f);
    json_cstr(f, ss_where_name(fl->where));
    fputs(", \"score\": ", f);
    put_score(f, fl->score);
    fputs(", \"reasons\": [", f);
    for (i = 0; i < fl->n_reasons; i++) {
        if (i)
            fputs(", ", f);
        json_cstr(f, fl->reasons[i]);
    }
    fputs("], \"flag_only\": ", f);
    fputs(fl->flag_only ? "true" : "false", f);
    fputs("}", f);
}

/* The clean text in the chosen format (--clean-format) and its length. */
static const char *
clean_of(const ss_result *res,
         const tool_out_opts *o,
         size_t *len)
{
    if (o->markdown && res->clean_markdown) {
        *len = res->markdown_len;
        return res->clean_markdown;
    }
    *len = res->clean_text ? res->clean_len : 0;
    return res->clean_text;
}

/* The clean text as a JSON string value. */
static void
put_clean_json(FILE *f,
               const ss_result *res,
               const tool_out_opts *o)
{
    size_t n;
    const char *t = clean_of(res, o, &n);
    tool_json_string(f, t, n);
}

/* The page metadata keys ("author", "date", "language", "site_name",
 * "canonical_url"), each only when the page declares it. */
static void
json_meta(FILE *f,
          const ss_result *res)
{
    const char *keys[] = {"author", "date", "language", "site_name", "canonical_url"};
    const char *vals[] = {res->author, res->date, res->language, res->site_name,
                          res->canonical_url};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!vals[i])
            continue;
        fprintf(f, ", \"%s\": ", keys[i]);
        json_cstr(f, vals[i]);
    }
}

/* The full JSON record of a scored document. */
static void
json_record(FILE *f,
            const tool_doc *doc,
            const ss_result *res,
            const tool_out_opts *o)
{
    size_t i;
    putc('{', f);
    json_head(f, doc);
    fputs(", \"format\": ", f);
    json_cstr(f, res->format == SS_FORMAT_TEXT ? "text" : "html");
    fputs(", \"score\": ", f);
    put_score(f, res->score);
    fputs(", \"verdict\": ", f);
    json_cstr(f, ss_verdict_name(res->verdict));
    if (o->verbose) {
        fputs(", \"charset\": ", f);
        json_cstr(f, res->charset);
        fputs(", \"bayes_score\": ", f);
        put_score(f, res->bayes_score);
        fputs(", \"heuristic_score\": ", f);
        put_score(f, res->heuristic_score);
        fprintf(f, ", \"blocks\": %zu", res->n_blocks);
        fputs(", \"terms\": {", f);
        for (i = 0; i < res->n_terms; i++) {
            if (i)
                fputs(", ", f);
            json_cstr(f, res->terms[i].name);
            fputs(": [", f);
            put_real(f, res->terms[i].value);
            fputs(", ", f);
            put_real(f, res->terms[i].weight);
            if (res->terms[i].text) {
                fputs(", ", f);
                json_cstr(f, res->terms[i].text);
            }
            putc(']', f);
        }
        putc('}', f);
        if (res->floor > 0) {
            fputs(", \"floor\": ", f);
            put_score(f, res->floor);
        }
    }
    fputs(", \"title\": ", f);
    json_cstr(f, res->title);
    fputs(", \"flags\": [", f);
    for (i = 0; i < res->n_flags; i++) {
        if (i)
            fputs(", ", f);
        json_flag(f, &res->flags[i]);
    }
    putc(']', f);
    if (res->n_limits > 0) {
        fputs(", \"limits\": [", f);
        for (i = 0; i < res->n_limits; i++) {
            if (i)
                fputs(", ", f);
            json_cstr(f, res->limits[i]);
        }
        putc(']', f);
    }
    json_meta(f, res);
    if (o->clean) {
        fputs(", \"text\": ", f);
        put_clean_json(f, res, o);
    }
    fputs("}\n", f);
}

/* Past the JSON string at x[i] (its opening quote) in x[0..n); *esc
 * (when esc is not NULL) tells whether it holds a backslash. n when it
 * does not end. The closing quote is the first one after an even run of
 * backslashes; memchr finds the candidates (a page is megabytes). */
static size_t
skip_jstring(const char *x, size_t n, size_t i, bool *esc)
{
    size_t from = i + 1;
    for (;;) {
        const char *q = from < n ? memchr(x + from, '"', n - from) : NULL;
        if (!q)
            return n;
        size_t e = (size_t)(q - x), b = e;
        while (b > i + 1 && x[b - 1] == '\\')
            b--;
        if ((e - b) % 2 == 0) {
            if (esc && memchr(x + i + 1, '\\', e - i - 1))
                *esc = true;
            return e + 1;
        }
        from = e + 1;
    }
}

/* Past the JSON value at x[i] in x[0..n) (a valid line: the reader
 * checked it): a string, an object or array (strings inside skipped), or a
 * number or literal up to the next ',', '}' or ']' or blank. */
static size_t
skip_jvalue(const char *x, size_t n, size_t i)
{
    if (i < n && x[i] == '"')
        return skip_jstring(x, n, i, NULL);
    if (i < n && (x[i] == '{' || x[i] == '[')) {
        size_t depth = 0;
        while (i < n) {
            char c = x[i];
            if (c == '"') {
                i = skip_jstring(x, n, i, NULL);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i + 1;
            i++;
        }
        return n;
    }
    while (i < n && x[i] != ',' && x[i] != '}' && x[i] != ']' && x[i] != ' ' &&
           x[i] != '\t' && x[i] != '\r' && x[i] != '\n')
        i++;
    return i;
}

static size_t
skip_jblank(const char *x, size_t n, size_t i)
{
    while (i < n && (x[i] == ' ' || x[i] == '\t' || x[i] == '\r' || x[i] == '\n'))
        i++;
    return i;
}

/*
 * Write the members of the JSON object x[0..n) (a whole valid line, braces
 * included) except "text" and "spamscore", each as written, separated by
 * commas, after "{" and without the closing brace (when neither is there,
 * the line as it is without that brace); *any tells whether one was
 * written. False (nothing written) when a key is spelled with escapes,
 * which only a JSON reader can compare, or when a key of ours is to be
 * dropped from among more than 64 members.
 */
static bool
put_members_but_ours(FILE *f, const char *x, size_t n, bool *any)
{
    size_t keep[2 * 64], k = 0, members = 0;
    bool dropped = false;
    size_t i = skip_jblank(x, n, 1);
    while (i < n && x[i] == '"') {
        size_t key = i;
        bool esc = false;
        i = skip_jstring(x, n, i, &esc);
        if (esc)
            return false;
        size_t klen = i - key;
        i = skip_jblank(x, n, i);
        if (i >= n || x[i] != ':')
            return false;
        i = skip_jvalue(x, n, skip_jblank(x, n, i + 1));
        bool ours = (klen == 6 && memcmp(x + key, "\"text\"", 6) == 0) ||
                    (klen == 11 && memcmp(x + key, "\"spamscore\"", 11) == 0);
        if (ours) {
            dropped = true;
        } else {
            members++;
            if (k < sizeof keep / sizeof keep[0]) {
                keep[k++] = key;
                keep[k++] = i;
            }
        }
        i = skip_jblank(x, n, i);
        if (i < n && x[i] == ',')
            i = skip_jblank(x, n, i + 1);
    }
    *any = members > 0;
    if (!dropped) { /* nothing of ours: the line as it is, blanks included */
        fwrite(x, 1, n - 1, f);
        return true;
    }
    if (2 * members > k)
        return false; /* many members: the reader path */
    putc('{', f);
    for (size_t m = 0; m < k; m += 2) {
        if (m)
            putc(',', f);
        fwrite(x + keep[m], 1, keep[m + 1] - keep[m], f);
    }
    return true;
}

/*
 * Filter mode on JSONL input: the input object without its own "text" and
 * "spamscore" keys, then "text" (the cleaned article) and "spamscore".
 * When the line has neither key it is copied byte for byte; otherwise its
 * other members are copied as written (the blanks between them dropped).
 * Only a line that spells a key with escapes, or that has a key of ours
 * among over 64 members, is re-read with jansson, or the normal record is
 * written if that fails.
 */
static void
passthrough_record(FILE *f,
                   const tool_doc *doc,
                   const ss_result *res,
                   const tool_out_opts *o)
{
    json_t *obj;
    char *dump;
    size_t n;
    json_error_t jerr;
    const char *x = doc->extra_json;

    n = strlen(x);
    while (n > 0 && (x[n - 1] == ' ' || x[n - 1] == '\t' || x[n - 1] == '\r' ||
                     x[n - 1] == '\n'))
        n--;
    bool any = false;
    if (n >= 2 && x[0] == '{' && x[n - 1] == '}' &&
        put_members_but_ours(f, x, n, &any)) {
        fputs(any ? ",\"text\":" : "\"text\":", f);
        goto append;
    }

    obj = json_loads(doc->extra_json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!obj || !json_is_object(obj)) {
        json_decref(obj);
        json_record(f, doc, res, o);
        return;
    }
    json_object_del(obj, "text");
    json_object_del(obj, "spamscore");
    dump = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(obj);
    if (!dump) {
        json_record(f, doc, res, o);
        return;
    }
    n = strlen(dump);
    /* dump is "{...}": drop the closing brace and append our keys. */
    fwrite(dump, 1, n - 1, f);
    fputs(n > 2 ? ",\"text\":" : "\"text\":", f);
    free(dump);
append:
    put_clean_json(f, res, o);
    fputs(",\"spamscore\":{\"score\":", f);
    put_score(f, res->score);
    fputs(",\"verdict\":", f);
    json_cstr(f, ss_verdict_name(res->verdict));
    fputs("}}\n", f);
}

/* The human-readable reasons under a TSV record (-v). */
static void
verbose_lines(FILE *f,
              const ss_result *res)
{
    size_t i, j;
    fprintf(f, "  format %s, charset %s, %zu blocks, bayes ",
            res->format == SS_FORMAT_TEXT ? "text" : "html",
            res->charset ? res->charset : "?", res->n_blocks);
    put_score(f, res->bayes_score);
    fputs(", heuristics ", f);
    put_score(f, res->heuristic_score);
    putc('\n', f);
    /* The terms that moved the score, largest first. */
    fputs("  score terms:", f);
    bool used[64] = {false};
    size_t n_terms = res->n_terms < 64 ? res->n_terms : 64;
    for (size_t k = 0; k < n_terms; k++) {
        size_t best = n_terms;
        double bv = 0.005;
        for (j = 0; j < n_terms; j++) {
            double c = fabs(res->terms[j].value * res->terms[j].weight);
            if (!used[j] && c >= bv) {
                bv = c;
                best = j;
            }
        }
        if (best == n_terms)
            break;
        used[best] = true;
        fprintf(f, " %s %+.2f", res->terms[best].name,
                res->terms[best].value * res->terms[best].weight);
        if (res->terms[best].text) {
            /* the phrase, cut at 40 bytes on a character boundary */
            const char *t = res->terms[best].text;
            size_t n = strlen(t);
            size_t cut = n > 40 ? 40 : n;
            while (cut < n && cut > 0 && ((unsigned char)t[cut] & 0xC0u) == 0x80u)
                cut--;
            fputs(" (\"", f);
            put_plain_n(f, t, cut);
            fputs(cut < n ? "...\")" : "\")", f);
        }
    }
    if (res->floor > 0) {
        fputs("; raised to the finding floor ", f);
        put_score(f, res->floor);
    }
    putc('\n', f);
    fputs("  title: ", f);
    put_plain(f, res->title);
    putc('\n', f);
    for (i = 0; i < res->n_flags; i++) {
        const ss_flag *fl = &res->flags[i];
        fprintf(f, "  %s in %s (", ss_flag_kind_name(fl->kind),
                ss_where_name(fl->where));
        put_score(f, fl->score);
        fputs(fl->flag_only ? ", flag only): \"" : "): \"", f);
        put_plain(f, fl->text);
        putc('"', f);
        for (j = 0; j < fl->n_reasons; j++) {
            fputs(j ? ", " : " because ", f);
            put_plain(f, fl->reasons[j]);
        }
        putc('\n', f);
    }
    for (i = 0; i < res->n_limits; i++) {
        fputs("  limit hit: ", f);
        put_plain(f, res->limits[i]);
        putc('\n', f);
    }
}

/* The error record: JSON object, or a TSV line with the message in a
 * fourth column. */
static void
error_record(FILE *f,
             const tool_doc *doc,
             const char *errmsg,
             const tool_out_opts *o)
{
    if (o->json) {
        putc('{', f);
        json_head(f, doc);
        fputs(", \"error\": ", f);
        json_cstr(f, errmsg);
        fputs("}\n", f);
        return;
    }
    fputs("error\t-\t", f);
    put_plain(f, tsv_name(doc));
    putc('\t', f);
    put_plain(f, errmsg);
    putc('\n', f);
}

/* Write one record (see tool_cmd.h): the mode decides which form. */
bool
tool_output_record(FILE *f,
                   const tool_doc *doc,
                   const ss_result *res,
                   const char *errmsg,
                   const tool_out_opts *o)
{
    if (!res) {
        /* Filter mode writes only kept documents; failures are counted and
         * reported on stderr by the caller. --clean text mode likewise. */
        if (o->filter || (o->clean && !o->json && !o->verbose))
            return !ferror(f);
        error_record(f, doc, errmsg ? errmsg : "unknown error", o);
        return !ferror(f);
    }
    if (!tool_output_kept(o, res->verdict))
        return !ferror(f);
    if (o->filter && o->passthrough && doc->extra_json) {
        passthrough_record(f, doc, res, o);
        return !ferror(f);
    }
    if (o->json) {
        json_record(f, doc, res, o);
        return !ferror(f);
    }
    if (!o->clean || o->verbose) {
        fputs(ss_verdict_name(res->verdict), f);
        putc('\t', f);
        put_score(f, res->score);
        putc('\t', f);
        put_plain(f, tsv_name(doc));
        putc('\n', f);
    }
    if (o->verbose)
        verbose_lines(f, res);
    if (o->clean) {
        size_t clen;
        const char *ctext = clean_of(res, o, &clen);
        if (ctext && clen > 0) {
            fwrite(ctext, 1, clen, f);
            if (ctext[clen - 1] != '\n')
                putc('\n', f);
        }
        putc('\n', f); /* an empty line ends each document */
    }
    return !ferror(f);
}

/* Consecutive write(2) calls that may return 0 before the output is
 * declared broken (a write of n > 0 bytes returning 0 is not expected). */
#define MAX_ZERO_WRITES 64

/*
 * fopencookie write function: every byte of buf to the descriptor, or -1
 * with errno set. glibc marks the stream in error when a cookie writes
 * less than it was given, so the retries happen here.
 */
static ssize_t
fd_write_all(void *cookie,
             const char *buf,
             size_t size)
{
    int fd = (int)(intptr_t)cookie;
    size_t done = 0;
    unsigned zeros = 0;

    while (done < size) {
        ssize_t n = write(fd, buf + done, size - done);
        if (n > 0) {
            done += (size_t)n;
            zeros = 0;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* A non-blocking descriptor: wait until it takes more. */
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
                return -1;
        } else if (n == 0 && ++zeros < MAX_ZERO_WRITES) {
            continue;
        } else {
            if (n == 0)
                errno = EIO;
            return -1;
        }
    }
    return (ssize_t)size;
}

/* Open a write stream on fd (see tool_cmd.h). */
FILE *
tool_output_open_fd(int fd)
{
    cookie_io_functions_t io;
    memset(&io, 0, sizeof io);
    io.write = fd_write_all;
    return fopencookie((void *)(intptr_t)fd, "w", io);
}
