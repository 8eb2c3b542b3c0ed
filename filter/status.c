/*
 * status.c - status strings, enum names and the default configuration.
 */
#include <string.h>

#include "spamscore.h"

const char *
ss_strerror(ss_status status)
{
    switch (status) {
    case SS_OK: return "ok";
    case SS_ERR_NOMEM: return "out of memory";
    case SS_ERR_IO: return "input/output error";
    case SS_ERR_EMPTY: return "empty input";
    case SS_ERR_BINARY: return "binary input";
    case SS_ERR_CHARSET: return "undecodable character set";
    case SS_ERR_PARSE: return "unparsable input";
    case SS_ERR_LIMIT: return "limit exceeded";
    case SS_ERR_RULES: return "invalid rules file";
    case SS_ERR_MODEL: return "invalid model file";
    case SS_ERR_VERSION: return "unsupported model version";
    case SS_ERR_ARG: return "invalid argument";
    case SS_ERR_FORMAT: return "malformed container";
    case SS_STATUS_COUNT: break;
    }
    return "unknown status";
}

const char *
ss_flag_kind_name(ss_flag_kind kind)
{
    switch (kind) {
    case SS_FLAG_INJECTED_BRAND: return "injected-brand";
    case SS_FLAG_SITE_NAME: return "site-name";
    case SS_FLAG_SLOGAN: return "slogan";
    case SS_FLAG_PROMO_HEADLINE: return "promo-headline";
    case SS_FLAG_JUNK_WIDGET: return "junk-widget";
    case SS_FLAG_BOILERPLATE: return "boilerplate";
    case SS_FLAG_RULE: return "rule";
    case SS_FLAG_LINK_INJECTION: return "link-injection";
    case SS_FLAG_KIND_COUNT: break;
    }
    return "unknown";
}

const char *
ss_where_name(ss_where where)
{
    switch (where) {
    case SS_WHERE_TITLE: return "title";
    case SS_WHERE_BODY: return "body";
    case SS_WHERE_WIDGET: return "widget";
    case SS_WHERE_PAGE: return "page";
    case SS_WHERE_COUNT: break;
    }
    return "unknown";
}

const char *
ss_verdict_name(ss_verdict verdict)
{
    switch (verdict) {
    case SS_VERDICT_HAM: return "ham";
    case SS_VERDICT_UNSURE: return "unsure";
    case SS_VERDICT_SPAM: return "spam";
    }
    return "unknown";
}

size_t
ss_struct_size(const char *name)
{
    if (!name)
        return 0;
    if (!strcmp(name, "ss_config"))
        return sizeof(ss_config);
    if (!strcmp(name, "ss_doc_opts"))
        return sizeof(ss_doc_opts);
    if (!strcmp(name, "ss_result"))
        return sizeof(ss_result);
    if (!strcmp(name, "ss_flag"))
        return sizeof(ss_flag);
    if (!strcmp(name, "ss_score_term"))
        return sizeof(ss_score_term);
    return 0;
}

void
ss_config_default(ss_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_page_bytes = (size_t)16 << 20; /* 16 MiB: far above real pages */
    cfg->max_depth = 256;       /* libxml2's own default nesting limit */
    cfg->max_blocks = 20000;
    cfg->max_block_bytes = 64 * 1024;
    cfg->max_token_bytes = 48;
    cfg->max_tokens = 50000;
    cfg->arena_cap = (size_t)256 << 20;
    cfg->pcre_match_limit = 200000;
    cfg->pcre_depth_limit = 2000;
    cfg->spam_cutoff = -1.0;
    cfg->ham_cutoff = -1.0;
}
