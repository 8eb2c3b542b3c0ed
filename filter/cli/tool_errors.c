/*
 * tool_errors.c - the records of `spamscore eval --errors FILE`: each false
 * positive and false negative as one JSON object per line, with what a
 * reviewer needs to find the document again and relabel it (see
 * tool_labeled.h).
 */
#include <stdio.h>
#include <string.h>

#include "tool_labeled.h"

/* A JSON string, or null for NULL. */
static void
put_str_or_null(FILE *f,
                const char *s)
{
    if (s)
        tool_json_string(f, s, strlen(s));
    else
        fputs("null", f);
}

/* See tool_labeled.h. */
bool
tool_write_error_record(FILE *f,
                        const ss_corpus_doc *doc,
                        const ss_result *res)
{
    fprintf(f, "{\"error\": \"%s\", \"label\": \"%s\", \"verdict\": \"%s\", "
            "\"score\": %.4f, \"bayes_score\": %.4f, \"heuristic_score\": "
            "%.4f, \"input\": ", doc->label ? "false-negative" : "false-positive",
            doc->label ? "spam" : "ham", ss_verdict_name(res->verdict),
            res->score, res->bayes_score, res->heuristic_score);
    put_str_or_null(f, doc->name);
    fputs(", \"id\": ", f);
    put_str_or_null(f, doc->id);
    fputs(", \"url\": ", f);
    put_str_or_null(f, doc->url);
    fputs(", \"flags\": [", f);
    for (size_t i = 0; i < res->n_flags; i++) {
        const ss_flag *fl = &res->flags[i];
        fprintf(f, "%s{\"kind\": \"%s\", \"where\": \"%s\", \"score\": %.4f, "
                "\"text\": ", i ? ", " : "", ss_flag_kind_name(fl->kind),
                ss_where_name(fl->where), fl->score);
        put_str_or_null(f, fl->text ? fl->text : "");
        fprintf(f, ", \"flag_only\": %s}", fl->flag_only ? "true" : "false");
    }
    fputs("]}\n", f);
    return !ferror(f);
}
