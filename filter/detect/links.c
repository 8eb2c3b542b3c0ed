/*
 * links.c - hacked-site link injection (see links.h).
 *
 * A hacked site carries a block of links that sell pills, casino play,
 * loans, replicas, essays or adult sites. It is hidden from readers by CSS
 * (only search engines are meant to see it) or appended after the article
 * and in the footer. Three shapes are read:
 *
 *  1. hidden groups: hidden blocks (page->hidden) with no visible text
 *     between them (one hidden element, or links hidden one by one), with
 *     the hiding styles that the page model recorded;
 *  2. visible link runs (HTML): consecutive sibling blocks made mostly of
 *     links
 *     (judged as hidden when a <style> rule on their class or id hides
 *     them, or when they sit in a hidden tab panel that the page model
 *     shows on a product page: it keeps those visible and marks them
 *     SS_HID_RULE or SS_HID_PANEL);
 *  3. text runs (scraped text, no markup): consecutive short lines, where
 *     the same links appear as plain lines.
 *
 * Each link (a line, or a " | " separated item, in text) is an item. An
 * item is commercial when its words carry a trade (ss_word_commerce(): a
 * word of the trade, or a word honest pages use too, such as "credit" or
 * "watches", beside an intent word such as "cheap" or "buy" or beside a
 * second such word of the same trade: "adult webcam", "generic ... no
 * prescription"). A group is flagged when most of its items are commercial
 * and, beyond that:
 *
 *  - hidden: the links go to other hosts, or span two trades, or there are
 *    many of them (honest hidden menus link to the site itself and sell
 *    nothing; "aria-hidden" alone hides nothing from readers and is left
 *    alone);
 *  - visible: most links go to other hosts (a site's own menu of loans or
 *    casino pages links to itself), and they span two trades or there are
 *    five of them; more strictly inside the article than after it;
 *  - hidden, or visible outside the article: four links or more, each to
 *    another host and to four hosts or more, a third of them commercial
 *    (how a link seller places them: each bought link its own domain);
 *  - text: two trades, or intent words, or many lines.
 *
 * A group whose trades are what the page itself is about (their words
 * recur in its visible text outside the group) is the site's own business,
 * not an injection: visible and text runs are then left alone and hidden
 * ones weigh less.
 *
 * Findings: kind link-injection, text = the anchor texts joined by " | "
 * (capped); visible runs are dropped whole by --clean (drop_block), hidden
 * groups are never in the clean text to begin with.
 */
#include "links.h"

#include <string.h>

#include "detect_util.h"
#include "wordlists.h"

#define GROUP_ITEMS_MAX 200 /* items tallied per group */
#define GROUP_BLOCKS_MAX 400 /* blocks in one run */
#define FLAG_TEXT_MAX 300   /* bytes of item text in a flag */
#define FINDINGS_MAX 32     /* link-injection findings per page */
#define HOSTS_MAX 8         /* distinct off-site hosts counted */
#define LINE_WORDS_MAX 10   /* a text line that can be a link */
#define LINE_BYTES_MAX 100
#define ITEM_WORDS_MAX 40   /* words of one item looked up */
#define TOPIC_WORDS_MAX 8000 /* page words read for the topic guard */
#define TOPIC_MIN 3         /* trade words elsewhere on the page: its topic */
#define N_TRADES 6

/* What one group's items add up to. */
typedef struct tally {
    unsigned items;
    unsigned commercial;
    unsigned intent;     /* commercial items with an intent word */
    unsigned absolute;   /* links with a host */
    unsigned offsite;    /* ... another host than the page's */
    unsigned cats;       /* SS_COMMERCE_* trades of the commercial items */
    unsigned lower;      /* items in lower case only, as keyword anchors
                            are written ("payday loans online") */
    unsigned n_hosts;    /* distinct off-site hosts (up to HOSTS_MAX) */
    uint32_t hosts[HOSTS_MAX];
    /* Item texts for the flag, " | " joined. */
    char text[FLAG_TEXT_MAX + 8];
    size_t text_len;
} tally;

/* Per-page state. */
typedef struct links_ctx {
    const ss_page *page;
    ss_evidence *ev;
    ss_arena *a;
    uint32_t own_host;      /* the page's host, or its most linked one */
    uint32_t *vis_first;    /* first link index per visible block */
    uint32_t *hid_first;    /* ... per hidden block (n + 1 entries each) */
    bool topic_done;
    unsigned topic[N_TRADES]; /* trade words in the visible text */
    unsigned n_findings;
} links_ctx;

static const char *const trade_reason[N_TRADES] = {
    "pharmacy", "casino", "loans", "replicas", "essays", "adult",
};

/* Trade bits of item s[0..n) when its words make it commercial, else 0;
 * *intent tells whether an intent word is among them. */
static unsigned
item_commerce(const char *s,
              size_t n,
              bool *intent)
{
    unsigned strong = 0, weak = 0, weak2 = 0, all = 0;
    size_t pos = 0, a, z;
    for (unsigned w = 0; w < ITEM_WORDS_MAX && det_next_word(s, n, &pos, &a, &z); w++) {
        unsigned m = ss_word_commerce(s + a, z - a);
        all |= m;
        if (m & SS_COMMERCE_WEAK) {
            weak2 |= weak & m & SS_COMMERCE_CATEGORIES; /* a second one */
            weak |= m & SS_COMMERCE_CATEGORIES;
        } else {
            strong |= m & SS_COMMERCE_CATEGORIES;
        }
    }
    *intent = (all & SS_COMMERCE_INTENT) != 0;
    if (strong)
        return strong | (*intent ? weak : weak2);
    return *intent ? weak : weak2;
}

/* Number of trades in a bit mask. */
static unsigned
n_trades(unsigned cats)
{
    unsigned n = 0;
    for (unsigned k = 0; k < N_TRADES; k++)
        n += (cats >> k) & 1u;
    return n;
}

/* Count item s[0..n) (link host host, 0 for a line or a relative link). */
static void
tally_item(tally *t,
           const char *s,
           size_t n,
           uint32_t host,
           uint32_t own)
{
    if (t->items >= GROUP_ITEMS_MAX || n == 0)
        return;
    t->items++;
    bool upper = false, letter = false;
    for (size_t k = 0; k < n && !upper; k++) {
        upper = s[k] >= 'A' && s[k] <= 'Z';
        letter |= s[k] >= 'a' && s[k] <= 'z';
    }
    t->lower += letter && !upper;
    bool intent;
    unsigned c = item_commerce(s, n, &intent);
    if (c) {
        t->commercial++;
        t->cats |= c;
        t->intent += intent;
    }
    if (host) {
        t->absolute++;
        if (host != own) {
            t->offsite++;
            bool seen = false;
            for (unsigned k = 0; k < t->n_hosts && !seen; k++)
                seen = t->hosts[k] == host;
            if (!seen && t->n_hosts < HOSTS_MAX)
                t->hosts[t->n_hosts++] = host;
        }
    }
    /* The flag names the items, up to FLAG_TEXT_MAX bytes, cut at a
     * character boundary. */
    if (t->text_len + 4 >= FLAG_TEXT_MAX)
        return;
    if (t->text_len) {
        memcpy(t->text + t->text_len, " | ", 3);
        t->text_len += 3;
    }
    size_t room = FLAG_TEXT_MAX - t->text_len;
    size_t take = n < room ? n : room;
    while (take < n && take > 0 && ((unsigned char)s[take] & 0xC0u) == 0x80u)
        take--;
    memcpy(t->text + t->text_len, s, take);
    t->text_len += take;
}

/* The host a page's own links point to: its declared host, else the most
 * frequent host of its visible links (0 when none recurs). */
static uint32_t
own_host(const ss_page *page)
{
    if (page->host)
        return page->host;
    uint32_t host[64];
    unsigned count[64];
    unsigned n = 0;
    for (uint32_t i = 0; i < page->n_links; i++) {
        const ss_link *l = &page->links[i];
        if (l->hidden || !l->host)
            continue;
        unsigned k = 0;
        while (k < n && host[k] != l->host)
            k++;
        if (k == n) {
            if (n == 64)
                continue;
            host[n] = l->host;
            count[n++] = 0;
        }
        count[k]++;
    }
    uint32_t best = 0;
    unsigned best_n = 1;
    for (unsigned k = 0; k < n; k++)
        if (count[k] > best_n) {
            best = host[k];
            best_n = count[k];
        }
    return best;
}

/* Links of block b (hidden or visible) lie in page->links between
 * first[b] and first[b + 1], among links of the other kind: links are in
 * document order, so the block indexes of one kind only grow. A block
 * without links has first[b] == first[b + 1]. */
static uint32_t *
index_links(links_ctx *c,
            bool hidden,
            uint32_t n_blocks)
{
    const ss_page *page = c->page;
    uint32_t *first = ss_arena_alloc(c->a, ((size_t)n_blocks + 1) * sizeof *first);
    if (!first)
        return NULL;
    uint32_t b = 0;
    for (uint32_t i = 0; i < page->n_links; i++) {
        const ss_link *l = &page->links[i];
        if (l->hidden != hidden)
            continue;
        while (b <= l->block && b <= n_blocks)
            first[b++] = i;
    }
    while (b <= n_blocks)
        first[b++] = page->n_links;
    return first;
}

/* Tally the links of block b, or the block itself as one item when it has
 * none and as_line is set. */
static void
tally_block(links_ctx *c,
            tally *t,
            bool hidden,
            uint32_t b,
            bool as_line)
{
    const ss_page *page = c->page;
    const ss_block *blk = hidden ? &page->hidden[b] : &page->blocks[b];
    const uint32_t *first = hidden ? c->hid_first : c->vis_first;
    unsigned n = 0;
    for (uint32_t i = first[b]; i < first[b + 1] && i < page->n_links; i++) {
        const ss_link *l = &page->links[i];
        if (l->hidden != hidden || l->block != b || l->end > blk->len || l->start >= l->end)
            continue;
        tally_item(t, blk->text + l->start, l->end - l->start, l->host, c->own_host);
        n++;
    }
    if (n || !as_line)
        return;
    /* A line: " | " separated items, or the whole line. */
    const char *s = blk->text;
    size_t len = blk->len;
    const char *bar = det_find_bytes(s, len, " | ", 3);
    if (!bar) {
        tally_item(t, s, len, 0, c->own_host);
        return;
    }
    size_t pos = 0;
    for (unsigned k = 0; k < GROUP_ITEMS_MAX && pos < len; k++) {
        const char *e = det_find_bytes(s + pos, len - pos, " | ", 3);
        size_t end = e ? (size_t)(e - s) : len;
        tally_item(t, s + pos, end - pos, 0, c->own_host);
        pos = e ? end + 3 : len;
    }
}

/* The three shapes of section 1-3 (top of file). */
typedef enum group_kind {
    GROUP_HIDDEN,
    GROUP_VISIBLE,
    GROUP_RULE, /* visible blocks that a <style> rule or a hidden tab panel
                   hides (SS_HID_RULE, SS_HID_PANEL) */
    GROUP_TEXT
} group_kind;

/* Blocks [first, end) of one kind: hidden blocks, or visible ones. */
typedef struct range {
    group_kind kind;
    uint32_t first, end;
} range;

/* Add the trade words of block b's text to counts. */
static unsigned
count_trades(const ss_block *b,
             unsigned *counts,
             unsigned budget)
{
    size_t pos = 0, a, z;
    unsigned words = 0;
    while (words < budget && det_next_word(b->text, b->len, &pos, &a, &z)) {
        words++;
        unsigned m = ss_word_commerce(b->text + a, z - a);
        for (unsigned k = 0; k < N_TRADES; k++)
            if (m & (1u << k))
                counts[k]++;
    }
    return words;
}

/* Trade words in the visible text of the page, counted once per page (only
 * when a group is judged). */
static void
topic_count(links_ctx *c)
{
    if (c->topic_done)
        return;
    c->topic_done = true;
    const ss_page *page = c->page;
    unsigned words = 0;
    for (uint32_t i = 0; i < page->n_blocks && words < TOPIC_WORDS_MAX; i++)
        words += count_trades(&page->blocks[i], c->topic, TOPIC_WORDS_MAX - words);
}

/*
 * Are all trades of cats what the page itself is about: named TOPIC_MIN
 * times or more in its visible text outside the group r (a page about
 * loans, a casino site's own menu)?
 */
static bool
on_topic(links_ctx *c,
         unsigned cats,
         const range *r)
{
    topic_count(c);
    unsigned own[N_TRADES] = {0};
    if (r->kind != GROUP_HIDDEN)
        for (uint32_t k = r->first; k < r->end; k++)
            (void)count_trades(&c->page->blocks[k], own, TOPIC_WORDS_MAX);
    for (unsigned k = 0; k < N_TRADES; k++)
        if ((cats & (1u << k)) && (c->topic[k] < own[k] || c->topic[k] - own[k] < TOPIC_MIN))
            return false;
    return cats != 0;
}

/* Add the finding for a flagged group. */
static ss_status
emit(links_ctx *c,
     const tally *t,
     ss_finding *f,
     const char *const *reasons,
     size_t n_reasons)
{
    if (c->n_findings >= FINDINGS_MAX)
        return SS_OK;
    f->text = ss_arena_strndup(c->a, t->text, t->text_len);
    if (!f->text)
        return c->a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
    ss_finding *s = ss_evidence_add(c->ev, f);
    if (!s)
        return c->a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
    for (size_t k = 0; k < n_reasons; k++)
        ss_evidence_add_reason(s, reasons[k]);
    if (t->offsite * 2 >= t->items && t->offsite >= 2)
        ss_evidence_add_reason(s, "off-site-links");
    for (unsigned k = 0; k < N_TRADES; k++)
        if (t->cats & (1u << k))
            ss_evidence_add_reason(s, trade_reason[k]);
    c->n_findings++;
    return SS_OK;
}

/* Reason names of hiding styles, strongest first. */
static size_t
hiding_reasons(unsigned why,
               const char **out)
{
    size_t n = 0;
    if (why & SS_HID_OFFSCREEN)
        out[n++] = "off-screen";
    if (why & SS_HID_ZERO_SIZE)
        out[n++] = "zero-size";
    if (why & SS_HID_FONT_ZERO)
        out[n++] = "font-size-0";
    if (why & SS_HID_DISPLAY)
        out[n++] = "hidden-display-none";
    if (why & SS_HID_VISIBILITY)
        out[n++] = "hidden-visibility";
    if (why & SS_HID_ATTR)
        out[n++] = "hidden-attribute";
    return n;
}

/* Tally the items of blocks [r->first, r->end). */
static void
tally_range(links_ctx *c,
            const range *r,
            tally *t)
{
    bool hidden = r->kind == GROUP_HIDDEN;
    bool as_line = r->kind == GROUP_TEXT;
    if (hidden) {
        /* A hidden group without links: its short blocks are the items. */
        bool any_link = false;
        for (uint32_t k = r->first; k < r->end && !any_link; k++)
            any_link = c->hid_first[k + 1] > c->hid_first[k];
        as_line = !any_link;
    }
    memset(t, 0, sizeof *t);
    for (uint32_t k = r->first; k < r->end; k++) {
        const ss_block *b = hidden ? &c->page->hidden[k] : &c->page->blocks[k];
        tally_block(c, t, hidden, k,
                    as_line && (r->kind == GROUP_TEXT || b->n_words <= LINE_WORDS_MAX));
    }
}

/*
 * Judge the blocks of r as one group and flag them (see the top of the
 * file). Returns SS_OK whether or not they were flagged; *flagged says,
 * and *commercial gets the number of commercial items.
 */
static ss_status
judge(links_ctx *c,
      const range *r,
      bool *flagged,
      unsigned *commercial)
{
    const ss_page *page = c->page;
    *flagged = false;
    tally t;
    tally_range(c, r, &t);
    *commercial = t.commercial;
    unsigned trades = n_trades(t.cats);
    bool offsite = t.offsite >= 2 && t.offsite * 2 >= t.items;
    bool most = t.commercial * 5 >= t.items * 4;
    /* Every link to another host, and four hosts or more: how a link
     * seller places links (each bought page its own domain); a site's own
     * menu or footer links home, a partner row to a few hosts. With a third
     * of the items commercial, the trade needs no second confirmation. */
    bool spread = t.items >= 4 && t.offsite == t.items && t.n_hosts >= 4 &&
                  t.commercial >= 2 && t.commercial * 3 >= t.items;
    double score = 0.6;
    ss_where where = SS_WHERE_PAGE;
    const char *reasons[8];
    size_t nr = 0;
    unsigned why = 0;
    if (r->kind == GROUP_HIDDEN || r->kind == GROUP_RULE) {
        const ss_block *blocks = r->kind == GROUP_HIDDEN ? page->hidden : page->blocks;
        for (uint32_t k = r->first; k < r->end; k++)
            why |= blocks[k].hidden;
        if (!(why & ~(unsigned)SS_HID_ARIA))
            return SS_OK; /* aria-hidden alone: drawn for every reader */
        /* Three links or more, nearly all to other hosts, two of them
         * commercial: a small injection still reads as one. */
        bool few = t.commercial == 2 && t.items >= 3 && t.offsite >= 3 &&
                   t.offsite * 5 >= t.items * 4;
        if (!spread && ((t.commercial < 3 && !few) || t.commercial * 2 < t.items ||
                        !(offsite || trades >= 2 || t.commercial >= 5)))
            return SS_OK;
        score += (offsite ? 0.1 : 0) +
                 ((why & (SS_HID_OFFSCREEN | SS_HID_ZERO_SIZE | SS_HID_FONT_ZERO)) ? 0.05 : 0);
        if (on_topic(c, t.cats, r))
            score -= 0.15;
        nr = hiding_reasons(why, reasons);
        if (why & SS_HID_PANEL)
            reasons[nr++] = "hidden-tab-panel";
        if (r->kind == GROUP_RULE) {
            if (why & SS_HID_RULE)
                reasons[nr++] = "hidden-by-style-rule";
            where = page->main_last == SS_NONE || r->first > page->main_last ? SS_WHERE_PAGE
                                                                             : SS_WHERE_BODY;
        }
    } else if (r->kind == GROUP_VISIBLE) {
        bool after = page->main_last == SS_NONE || r->first > page->main_last ||
                     (page->blocks[r->first].flags & SS_BLK_BOILER_ZONE);
        bool before = page->main_first != SS_NONE && r->end <= page->main_first;
        if (!(spread && (after || before)) &&
            (t.commercial < (after ? 3u : 4u) || t.commercial * 5 < t.items * (after ? 3u : 4u) ||
             !offsite || !(trades >= 2 || t.commercial >= 5)))
            return SS_OK;
        if (on_topic(c, t.cats, r))
            return SS_OK;
        score += (t.offsite * 5 >= t.items * 4 ? 0.1 : 0) + (t.n_hosts >= 3 ? 0.05 : 0) +
                 (after ? 0.05 : 0);
        where = after || before ? SS_WHERE_PAGE : SS_WHERE_BODY;
        reasons[nr++] = after ? "after-content" : before ? "before-content" : "between-paragraphs";
    } else {
        /* Three lines or more, every one in lower case like a keyword
         * anchor, half of them commercial: what a hidden link block reads
         * as once the markup is gone. */
        bool keywords = t.items >= 3 && t.items <= 12 && t.lower == t.items &&
                        t.commercial >= 2 && t.commercial * 2 >= t.items;
        if ((!keywords && (t.commercial < 3 || t.commercial * 5 < t.items * 3 ||
                           !(trades >= 2 || t.intent >= 2 || t.commercial >= 5))) ||
            on_topic(c, t.cats, r))
            return SS_OK;
        if (keywords)
            reasons[nr++] = "lower-case-keyword-lines";
        bool after = page->main_last == SS_NONE || r->first > page->main_last;
        score += after ? 0.05 : 0;
        where = after ? SS_WHERE_PAGE : SS_WHERE_BODY;
        reasons[nr++] = "text-link-lines";
    }
    score += (trades >= 2 ? 0.1 : 0) + (most ? 0.1 : 0);
    reasons[nr++] = "commercial-anchors";
    if (spread)
        reasons[nr++] = "one-host-per-link";
    ss_finding f;
    det_finding_init(&f, SS_FLAG_LINK_INJECTION, where,
                     r->kind == GROUP_HIDDEN ? SS_NONE : r->first, score);
    if (r->kind != GROUP_HIDDEN) {
        f.drop_block = true; /* hidden blocks are in no clean text */
        f.n_blocks = r->end - r->first;
    }
    *flagged = true;
    return emit(c, &t, &f, reasons, nr);
}

/* Is block k (of r's kind) commercial on its own: most of its items? */
static bool
commercial_block(links_ctx *c,
                 group_kind kind,
                 uint32_t k)
{
    range one = {kind, k, k + 1};
    tally t;
    tally_range(c, &one, &t);
    return t.commercial && t.commercial * 2 >= t.items;
}

/*
 * Judge the candidate run r: whole, and when it is not flagged so, the
 * stretches of commercial blocks inside it (one other block may sit
 * between two of them): an injected list next to an honest menu or
 * footer.
 */
static ss_status
judge_run(links_ctx *c,
          const range *r)
{
    /* Visible runs need three links or more (an upper bound: the range
     * may hold hidden links too). */
    if ((r->kind == GROUP_VISIBLE || r->kind == GROUP_RULE) &&
        c->vis_first[r->end] - c->vis_first[r->first] < 3)
        return SS_OK;
    bool flagged;
    unsigned commercial;
    ss_status st = judge(c, r, &flagged, &commercial);
    if (st != SS_OK || flagged || commercial < 2 || r->end - r->first < 2)
        return st;
    uint32_t k = r->first;
    while (k < r->end) {
        if (!commercial_block(c, r->kind, k)) {
            k++;
            continue;
        }
        uint32_t e = k + 1;
        unsigned misses = 0;
        for (uint32_t m = k + 1; m < r->end && misses <= 1; m++) {
            if (commercial_block(c, r->kind, m)) {
                e = m + 1;
                misses = 0;
            } else {
                misses++;
            }
        }
        if (k != r->first || e != r->end) {
            range sub = {r->kind, k, e};
            st = judge(c, &sub, &flagged, &commercial);
            if (st != SS_OK)
                return st;
        }
        k = e;
    }
    return SS_OK;
}

/* 1. Hidden groups: hidden blocks with no visible block between them (one
 * hidden element, or links hidden one by one). */
static ss_status
hidden_groups(links_ctx *c)
{
    const ss_page *page = c->page;
    uint32_t i = 0;
    while (i < page->n_hidden) {
        uint32_t j = i + 1;
        while (j < page->n_hidden && j - i < GROUP_BLOCKS_MAX &&
               page->hidden[j].at == page->hidden[i].at)
            j++;
        range r = {GROUP_HIDDEN, i, j};
        i = j;
        ss_status st = judge_run(c, &r);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

/* A visible block made mostly of links. */
static bool
link_block(const links_ctx *c,
           uint32_t i)
{
    return c->vis_first[i + 1] > c->vis_first[i] && c->page->blocks[i].link_share >= 0.5f;
}

/* Is visible block i hidden by a <style> rule, or in a hidden tab panel
 * shown? */
static bool
rule_hidden(const links_ctx *c,
            uint32_t i)
{
    return (c->page->blocks[i].hidden & (SS_HID_RULE | SS_HID_PANEL)) != 0;
}

/* 2. Visible link runs (HTML): consecutive sibling blocks (one container)
 * mostly made of links. */
static ss_status
visible_runs(links_ctx *c)
{
    const ss_page *page = c->page;
    uint32_t i = 0;
    while (i < page->n_blocks) {
        if (!link_block(c, i)) {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        bool rule = rule_hidden(c, i);
        while (j < page->n_blocks && j - i < GROUP_BLOCKS_MAX && link_block(c, j) &&
               rule_hidden(c, j) == rule && page->blocks[j].parent_id == page->blocks[i].parent_id)
            j++;
        range r = {rule ? GROUP_RULE : GROUP_VISIBLE, i, j};
        i = j;
        ss_status st = judge_run(c, &r);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

/* A text line that can be a link of a link list. */
static bool
link_line(const ss_page *page,
          uint32_t i)
{
    const ss_block *b = &page->blocks[i];
    if (i == page->title_block)
        return false;
    const char *bar = det_find_bytes(b->text, b->len, " | ", 3);
    if (bar && det_find_bytes(bar + 3, b->len - (size_t)(bar + 3 - b->text), " | ", 3))
        return b->len <= 6 * LINE_BYTES_MAX; /* "a | b | c": items on one line */
    if (b->flags & SS_BLK_PARA)
        return false;
    return b->n_words <= LINE_WORDS_MAX && b->len <= LINE_BYTES_MAX;
}

/* 3. Text runs: consecutive short lines, in scraped text. */
static ss_status
text_runs(links_ctx *c)
{
    const ss_page *page = c->page;
    uint32_t i = page->title_block != SS_NONE ? page->title_block + 1 : 1;
    while (i < page->n_blocks) {
        if (!link_line(page, i)) {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        while (j < page->n_blocks && j - i < GROUP_BLOCKS_MAX && link_line(page, j))
            j++;
        range r = {GROUP_TEXT, i, j};
        i = j;
        ss_status st = judge_run(c, &r);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

ss_status
detect_links(const ss_page *page,
             ss_evidence *ev,
             ss_arena *a)
{
    if (!page || !ev || !a)
        return SS_ERR_ARG;
    links_ctx c;
    memset(&c, 0, sizeof c);
    c.page = page;
    c.ev = ev;
    c.a = a;
    if (page->format != SS_FORMAT_TEXT && page->n_links == 0)
        return SS_OK;
    c.own_host = own_host(page);
    c.vis_first = index_links(&c, false, page->n_blocks);
    c.hid_first = index_links(&c, true, page->n_hidden);
    if (!c.vis_first || !c.hid_first)
        return a->over_cap ? SS_ERR_LIMIT : SS_ERR_NOMEM;
    if (page->format == SS_FORMAT_TEXT)
        return text_runs(&c);
    ss_status st = hidden_groups(&c);
    if (st == SS_OK)
        st = visible_runs(&c);
    return st;
}
