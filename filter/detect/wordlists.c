/*
 * wordlists.c - closed English word classes for the detectors (see
 * wordlists.h). The tables are kept sorted in byte order (LC_ALL=C sort;
 * ss_wordlists_check() verifies it) so that they read as lists; lookups go
 * through one hash table built from all of them on first use, which maps a
 * word to the classes it belongs to (one probe for the usual miss instead
 * of a binary search per class).
 */
#include "wordlists.h"

#include "fnv.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX 31 /* longer words are in no class */

typedef struct promise_word {
    const char *word;
    unsigned mask;
} promise_word;

static const char *const stop_words[] = {
    "a", "about", "above", "according", "after", "again", "against", "all",
    "almost", "also", "although", "always", "am", "amid", "among", "an",
    "and", "another", "any", "are", "around", "as", "at", "back",
    "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing",
    "done", "down", "dr", "during", "each", "either", "else", "even",
    "ever", "every", "few", "first", "for", "friday", "from", "further",
    "get", "go", "going", "got", "had", "has", "have", "having",
    "he", "her", "here", "hers", "herself", "him", "himself", "his",
    "how", "however", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "know", "last", "least", "less", "like",
    "made", "make", "many", "may", "me", "might", "monday", "more",
    "most", "mr", "mrs", "ms", "much", "must", "my", "myself",
    "neither", "never", "new", "no", "nor", "not", "now", "of",
    "off", "often", "on", "once", "one", "only", "or", "other",
    "others", "our", "ours", "ourselves", "out", "over", "own", "people",
    "per", "perhaps", "quite", "rather", "said", "same", "saturday", "say",
    "says", "see", "she", "should", "since", "so", "some", "still",
    "such", "sunday", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "think", "this", "those",
    "though", "three", "through", "thursday", "thus", "time", "to", "today",
    "told", "too", "toward", "towards", "tuesday", "two", "under", "until",
    "up", "upon", "us", "use", "used", "very", "via", "want",
    "was", "way", "we", "wednesday", "week", "well", "were", "what",
    "whatever", "when", "where", "whether", "which", "while", "who", "whom",
    "whose", "why", "will", "with", "within", "without", "would", "year",
    "years", "yesterday", "yet", "you", "your", "yours", "yourself", "yourselves",
};

static const char *const finance_words[] = {
    "advisors", "asset", "assets", "bank", "banking", "capital", "coin", "crypto",
    "economy", "equity", "exchange", "exchanges", "finance", "financial", "forex", "fund",
    "funds", "fx", "global", "group", "holdings", "international", "invest", "investing",
    "investment", "investments", "management", "market", "markets", "money", "partners", "profit",
    "profits", "securities", "trade", "trader", "traders", "trading", "ventures", "wealth",
};

static const char *const label_words[] = {
    "analysis", "breaking", "column", "commentary", "editorial", "exclusive", "explained", "explainer",
    "fact-check", "factbox", "interview", "letter", "letters", "live", "obituary", "opinion",
    "photo", "photos", "podcast", "poll", "preview", "quiz", "recap", "report",
    "review", "sponsored", "timeline", "update", "updates", "video", "videos", "watch",
};

static const char *const share_words[] = {
    "comment", "comments", "copy", "e-mail", "email", "facebook", "flipboard", "line",
    "link", "linkedin", "mail", "messenger", "pinterest", "pocket", "print", "reddit",
    "save", "share", "shares", "sms", "telegram", "tumblr", "tweet", "twitter",
    "vk", "wechat", "weibo", "whatsapp", "x",
};

static const char *const cheer_words[] = {
    "amazing", "angry", "awesome", "bad", "cool", "excellent", "funny", "good",
    "great", "like", "likes", "love", "nice", "sad", "verygood", "wow",
};

static const char *const suffix_words[] = {
    "able", "al", "ally", "an", "ans", "ation", "ations", "d",
    "e", "ed", "er", "ers", "es", "est", "ful", "ian",
    "ians", "ible", "ic", "ical", "ie", "ier", "ies", "iest",
    "ing", "ion", "ions", "ise", "ised", "ish", "ism", "ist",
    "ists", "ite", "ites", "ity", "ive", "ize", "ized", "izes",
    "less", "ly", "ment", "ments", "n", "ness", "ous", "s",
    "y",
};

static const char *const byline_words[] = {
    "author", "by", "copyright", "credit", "date", "editor", "filed", "image",
    "photo", "photos", "posted", "published", "reporter", "source", "staff", "updated",
    "written",
};

static const promise_word promise_words[] = {
    {"academy", SS_PROMISE_BODY},
    {"accurate", SS_PROMISE_SUPERLATIVE},
    {"adviser", SS_PROMISE_APPOINT},
    {"advisor", SS_PROMISE_APPOINT},
    {"algorithm", SS_PROMISE_METHOD},
    {"alliance", SS_PROMISE_BODY},
    {"amazing", SS_PROMISE_SUPERLATIVE},
    {"ambassador", SS_PROMISE_APPOINT},
    {"analyst", SS_PROMISE_APPOINT},
    {"appointed", SS_PROMISE_APPOINT},
    {"appointment", SS_PROMISE_APPOINT},
    {"appoints", SS_PROMISE_APPOINT},
    {"association", SS_PROMISE_BODY},
    {"backed", SS_PROMISE_APPOINT},
    {"best", SS_PROMISE_SUPERLATIVE},
    {"biggest", SS_PROMISE_SUPERLATIVE},
    {"blueprint", SS_PROMISE_METHOD},
    {"board", SS_PROMISE_BODY},
    {"brilliant", SS_PROMISE_SUPERLATIVE},
    {"cash", SS_PROMISE_MONEY},
    {"certain", SS_PROMISE_SAFETY},
    {"certified", SS_PROMISE_APPOINT},
    {"chairman", SS_PROMISE_APPOINT},
    {"chairwoman", SS_PROMISE_APPOINT},
    {"chamber", SS_PROMISE_BODY},
    {"chief", SS_PROMISE_APPOINT},
    {"circle", SS_PROMISE_BODY},
    {"club", SS_PROMISE_BODY},
    {"committee", SS_PROMISE_BODY},
    {"compound", SS_PROMISE_MONEY},
    {"consistent", SS_PROMISE_SUPERLATIVE},
    {"consortium", SS_PROMISE_BODY},
    {"consultant", SS_PROMISE_APPOINT},
    {"council", SS_PROMISE_BODY},
    {"dependable", SS_PROMISE_SUPERLATIVE},
    {"director", SS_PROMISE_APPOINT},
    {"dividend", SS_PROMISE_MONEY},
    {"dividends", SS_PROMISE_MONEY},
    {"double", SS_PROMISE_MONEY},
    {"earn", SS_PROMISE_MONEY},
    {"earning", SS_PROMISE_MONEY},
    {"earnings", SS_PROMISE_MONEY},
    {"elected", SS_PROMISE_APPOINT},
    {"endorsed", SS_PROMISE_APPOINT},
    {"ever", SS_PROMISE_SUPERLATIVE},
    {"exclusive", SS_PROMISE_SUPERLATIVE},
    {"executive", SS_PROMISE_APPOINT},
    {"fastest", SS_PROMISE_SUPERLATIVE},
    {"federation", SS_PROMISE_BODY},
    {"formula", SS_PROMISE_METHOD},
    {"fortune", SS_PROMISE_MONEY},
    {"forum", SS_PROMISE_BODY},
    {"foundation", SS_PROMISE_BODY},
    {"gain", SS_PROMISE_MONEY},
    {"gains", SS_PROMISE_MONEY},
    {"greatest", SS_PROMISE_SUPERLATIVE},
    {"guarantee", SS_PROMISE_SAFETY},
    {"guaranteed", SS_PROMISE_SAFETY},
    {"guarantees", SS_PROMISE_SAFETY},
    {"highest", SS_PROMISE_SUPERLATIVE},
    {"history", SS_PROMISE_SUPERLATIVE},
    {"honorary", SS_PROMISE_APPOINT},
    {"income", SS_PROMISE_MONEY},
    {"incredible", SS_PROMISE_SUPERLATIVE},
    {"institute", SS_PROMISE_BODY},
    {"join", SS_PROMISE_APPOINT},
    {"league", SS_PROMISE_BODY},
    {"losses", SS_PROMISE_SAFETY},
    {"lossless", SS_PROMISE_SAFETY},
    {"machine", SS_PROMISE_METHOD},
    {"member", SS_PROMISE_APPOINT},
    {"method", SS_PROMISE_METHOD},
    {"methods", SS_PROMISE_METHOD},
    {"millionaire", SS_PROMISE_MONEY},
    {"millionaires", SS_PROMISE_MONEY},
    {"miracle", SS_PROMISE_SUPERLATIVE},
    {"model", SS_PROMISE_METHOD},
    {"money", SS_PROMISE_MONEY},
    {"monthly", SS_PROMISE_MONEY},
    {"most", SS_PROMISE_SUPERLATIVE},
    {"named", SS_PROMISE_APPOINT},
    {"network", SS_PROMISE_BODY},
    {"never", SS_PROMISE_SUPERLATIVE},
    {"officer", SS_PROMISE_APPOINT},
    {"passive", SS_PROMISE_MONEY},
    {"payout", SS_PROMISE_MONEY},
    {"perfect", SS_PROMISE_SUPERLATIVE},
    {"plan", SS_PROMISE_METHOD},
    {"playbook", SS_PROMISE_METHOD},
    {"powerful", SS_PROMISE_SUPERLATIVE},
    {"president", SS_PROMISE_APPOINT},
    {"profit", SS_PROMISE_MONEY},
    {"profitable", SS_PROMISE_MONEY},
    {"profits", SS_PROMISE_MONEY},
    {"proven", SS_PROMISE_SUPERLATIVE},
    {"reliable", SS_PROMISE_SAFETY},
    {"retire", SS_PROMISE_MONEY},
    {"retirement", SS_PROMISE_MONEY},
    {"return", SS_PROMISE_MONEY},
    {"returns", SS_PROMISE_MONEY},
    {"revolutionary", SS_PROMISE_SUPERLATIVE},
    {"rich", SS_PROMISE_MONEY},
    {"richer", SS_PROMISE_MONEY},
    {"risk", SS_PROMISE_SAFETY},
    {"risk-free", SS_PROMISE_SAFETY},
    {"riskless", SS_PROMISE_SAFETY},
    {"safe", SS_PROMISE_SAFETY},
    {"safety", SS_PROMISE_SAFETY},
    {"secret", SS_PROMISE_SUPERLATIVE | SS_PROMISE_METHOD},
    {"secrets", SS_PROMISE_METHOD},
    {"secure", SS_PROMISE_SAFETY},
    {"signal", SS_PROMISE_METHOD},
    {"signals", SS_PROMISE_METHOD},
    {"society", SS_PROMISE_BODY},
    {"stability", SS_PROMISE_SAFETY},
    {"stable", SS_PROMISE_SAFETY},
    {"steady", SS_PROMISE_SAFETY},
    {"strategies", SS_PROMISE_METHOD},
    {"strategist", SS_PROMISE_APPOINT},
    {"strategy", SS_PROMISE_METHOD},
    {"sure", SS_PROMISE_SAFETY},
    {"system", SS_PROMISE_METHOD},
    {"systems", SS_PROMISE_METHOD},
    {"tactic", SS_PROMISE_METHOD},
    {"tactics", SS_PROMISE_METHOD},
    {"technique", SS_PROMISE_METHOD},
    {"techniques", SS_PROMISE_METHOD},
    {"top", SS_PROMISE_SUPERLATIVE},
    {"trick", SS_PROMISE_METHOD},
    {"tricks", SS_PROMISE_METHOD},
    {"triple", SS_PROMISE_MONEY},
    {"trusted", SS_PROMISE_SUPERLATIVE},
    {"ultimate", SS_PROMISE_SUPERLATIVE},
    {"unbeatable", SS_PROMISE_SUPERLATIVE},
    {"union", SS_PROMISE_BODY},
    {"unprecedented", SS_PROMISE_SUPERLATIVE},
    {"vice-president", SS_PROMISE_APPOINT},
    {"wealth", SS_PROMISE_MONEY},
    {"wealthy", SS_PROMISE_MONEY},
    {"yield", SS_PROMISE_MONEY},
    {"yields", SS_PROMISE_MONEY},
    {"zero-risk", SS_PROMISE_SAFETY},
};

/* Commercial vocabulary of hacked-site link injections, by category:
 * words of the trade (generic drug names included), never brand names (see
 * ss_word_commerce()). */
static const promise_word commerce_words[] = {
    {"adult", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"alprazolam", SS_COMMERCE_PHARMA},
    {"anabolic", SS_COMMERCE_PHARMA},
    {"antibiotics", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"approval", SS_COMMERCE_INTENT},
    {"assignment", SS_COMMERCE_ESSAY | SS_COMMERCE_WEAK},
    {"assignments", SS_COMMERCE_ESSAY | SS_COMMERCE_WEAK},
    {"baccarat", SS_COMMERCE_CASINO},
    {"best", SS_COMMERCE_INTENT},
    {"bet", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"bets", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"betting", SS_COMMERCE_CASINO},
    {"bingo", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"blackjack", SS_COMMERCE_CASINO},
    {"bonus", SS_COMMERCE_INTENT},
    {"bonuses", SS_COMMERCE_INTENT},
    {"bookmaker", SS_COMMERCE_CASINO},
    {"bookmakers", SS_COMMERCE_CASINO},
    {"borrow", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"buy", SS_COMMERCE_INTENT},
    {"camgirls", SS_COMMERCE_ADULT},
    {"cams", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"capsules", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"casino", SS_COMMERCE_CASINO},
    {"casinos", SS_COMMERCE_CASINO},
    {"cheap", SS_COMMERCE_INTENT},
    {"cheapest", SS_COMMERCE_INTENT},
    {"counterfeit", SS_COMMERCE_REPLICA},
    {"coursework", SS_COMMERCE_ESSAY | SS_COMMERCE_WEAK},
    {"credit", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"debt", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"diazepam", SS_COMMERCE_PHARMA},
    {"diet", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"discount", SS_COMMERCE_INTENT},
    {"discounted", SS_COMMERCE_INTENT},
    {"dissertation", SS_COMMERCE_ESSAY},
    {"dissertations", SS_COMMERCE_ESSAY},
    {"dosage", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"dysfunction", SS_COMMERCE_PHARMA},
    {"erectile", SS_COMMERCE_PHARMA},
    {"erotic", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"escort", SS_COMMERCE_ADULT},
    {"escorts", SS_COMMERCE_ADULT},
    {"essay", SS_COMMERCE_ESSAY},
    {"essays", SS_COMMERCE_ESSAY},
    {"finasteride", SS_COMMERCE_PHARMA},
    {"free", SS_COMMERCE_INTENT},
    {"gambling", SS_COMMERCE_CASINO},
    {"generic", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"generics", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"ghostwriting", SS_COMMERCE_ESSAY},
    {"guaranteed", SS_COMMERCE_INTENT},
    {"handbags", SS_COMMERCE_REPLICA | SS_COMMERCE_WEAK},
    {"homework", SS_COMMERCE_ESSAY | SS_COMMERCE_WEAK},
    {"hookup", SS_COMMERCE_ADULT},
    {"hookups", SS_COMMERCE_ADULT},
    {"impotence", SS_COMMERCE_PHARMA},
    {"installment", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"instant", SS_COMMERCE_INTENT},
    {"jackpot", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"jackpots", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"jerseys", SS_COMMERCE_REPLICA | SS_COMMERCE_WEAK},
    {"keto", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"knockoff", SS_COMMERCE_REPLICA},
    {"knockoffs", SS_COMMERCE_REPLICA},
    {"legit", SS_COMMERCE_INTENT},
    {"lender", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"lenders", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"lending", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"loan", SS_COMMERCE_LOAN},
    {"loans", SS_COMMERCE_LOAN},
    {"lottery", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"medication", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"medications", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"meds", SS_COMMERCE_PHARMA},
    {"mg", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"modafinil", SS_COMMERCE_PHARMA},
    {"mortgage", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"mortgages", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"nude", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"nudes", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"online", SS_COMMERCE_INTENT},
    {"order", SS_COMMERCE_INTENT},
    {"outlet", SS_COMMERCE_REPLICA | SS_COMMERCE_WEAK},
    {"overnight", SS_COMMERCE_INTENT},
    {"oxycodone", SS_COMMERCE_PHARMA},
    {"painkillers", SS_COMMERCE_PHARMA},
    {"paper", SS_COMMERCE_ESSAY | SS_COMMERCE_WEAK},
    {"papers", SS_COMMERCE_ESSAY | SS_COMMERCE_WEAK},
    {"payday", SS_COMMERCE_LOAN},
    {"pharmaceuticals", SS_COMMERCE_PHARMA},
    {"pharmacies", SS_COMMERCE_PHARMA},
    {"pharmacy", SS_COMMERCE_PHARMA},
    {"phentermine", SS_COMMERCE_PHARMA},
    {"pill", SS_COMMERCE_PHARMA},
    {"pills", SS_COMMERCE_PHARMA},
    {"poker", SS_COMMERCE_CASINO},
    {"porn", SS_COMMERCE_ADULT},
    {"porno", SS_COMMERCE_ADULT},
    {"prescription", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"prescriptions", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"refinance", SS_COMMERCE_LOAN | SS_COMMERCE_WEAK},
    {"replica", SS_COMMERCE_REPLICA},
    {"replicas", SS_COMMERCE_REPLICA},
    {"roulette", SS_COMMERCE_CASINO},
    {"sale", SS_COMMERCE_INTENT},
    {"sex", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"sildenafil", SS_COMMERCE_PHARMA},
    {"slimming", SS_COMMERCE_PHARMA},
    {"slot", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"slots", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"spins", SS_COMMERCE_CASINO | SS_COMMERCE_WEAK},
    {"sportsbook", SS_COMMERCE_CASINO},
    {"steroids", SS_COMMERCE_PHARMA},
    {"sunglasses", SS_COMMERCE_REPLICA | SS_COMMERCE_WEAK},
    {"supplement", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"supplements", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"tablet", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"tablets", SS_COMMERCE_PHARMA | SS_COMMERCE_WEAK},
    {"tadalafil", SS_COMMERCE_PHARMA},
    {"thesis", SS_COMMERCE_ESSAY | SS_COMMERCE_WEAK},
    {"tramadol", SS_COMMERCE_PHARMA},
    {"vardenafil", SS_COMMERCE_PHARMA},
    {"wagering", SS_COMMERCE_CASINO},
    {"watches", SS_COMMERCE_REPLICA | SS_COMMERCE_WEAK},
    {"webcam", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"webcams", SS_COMMERCE_ADULT | SS_COMMERCE_WEAK},
    {"xxx", SS_COMMERCE_ADULT},
};

/* US state names (lower case; two-word names with one space): the state
 * after a dateline's city ("City, State —"). */
static const char *const state_names[] = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
    "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi",
    "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico",
    "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania",
    "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont",
    "virginia", "washington", "west virginia", "wisconsin", "wyoming",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Classes of a word in the lookup table (bits). */
enum {
    WL_STOP = 1u << 0,
    WL_FINANCE = 1u << 1,
    WL_LABEL = 1u << 2,
    WL_SHARE = 1u << 3,
    WL_CHEER = 1u << 4,
    WL_SUFFIX = 1u << 5,
    WL_BYLINE = 1u << 6,
    WL_STATE = 1u << 7
};

/* One word of the lookup table: open addressing, a power-of-two size at
 * least 2.8 times the number of distinct words. */
typedef struct wl_slot {
    const char *word; /* NULL: empty */
    uint32_t hash;
    uint32_t len;
    unsigned classes; /* WL_* */
    unsigned promise; /* SS_PROMISE_* */
    unsigned commerce; /* SS_COMMERCE_* */
} wl_slot;

#define WL_SLOTS 2048u /* about 720 words: under 36 % full */
static wl_slot wl_table[WL_SLOTS];
/* Per slot, bits 16-31 of its word's hash with bit 0 set (wl_tag_of), 0
 * for an empty slot: a probe reads this 4 KB array and touches the 64 KB
 * table only when the tag matches. Written once, by wl_build. */
static uint16_t wl_tag[WL_SLOTS];
/* A filter in front of the table (3 KB, where the table is 64 KB and a
 * look-up of a word in no list is a cache miss): bit (last - 'a') of
 * wl_sig[len][first - 'a'] is set when some listed word of that length
 * starts and ends with those letters. Written once, by wl_build. */
static uint32_t wl_sig[WORD_MAX + 1][26];
/* Per byte: its letter's index 0-25 when it is an ASCII letter of either
 * case, else 26 (wl_sig's filter does not apply). Written once, by
 * wl_build. */
static uint8_t wl_letter[256];
static pthread_once_t wl_once = PTHREAD_ONCE_INIT;
/* Set (release) when wl_build has run: the usual look-up then tests this
 * flag instead of calling pthread_once. */
static atomic_bool wl_ready;

/* FNV-1a of w[0..n). */
static uint32_t
wl_hash(const char *w, size_t n)
{
    return ss_fnv32(SS_FNV32_OFFSET, w, n);
}

/* The tag of a word with hash h in wl_tag (never 0). */
static inline uint16_t
wl_tag_of(uint32_t h)
{
    return (uint16_t)((h >> 16) | 1u);
}

/* The index of the slot of w[0..n) (hash h): the one holding it, or the
 * empty one (wl_tag 0) where it goes. */
static size_t
wl_find(const char *w, size_t n, uint32_t h)
{
    uint16_t t = wl_tag_of(h);
    size_t i = h & (WL_SLOTS - 1);
    while (wl_tag[i] &&
           !(wl_tag[i] == t && wl_table[i].hash == h && wl_table[i].len == n &&
             !memcmp(wl_table[i].word, w, n)))
        i = (i + 1) & (WL_SLOTS - 1);
    return i;
}

/* Put word into the lookup table with class bits and promise kinds. */
static void
wl_put(const char *word, unsigned classes, unsigned promise)
{
    size_t n = strlen(word);
    uint32_t h = wl_hash(word, n);
    size_t i = wl_find(word, n, h);
    wl_slot *sl = &wl_table[i];
    wl_tag[i] = wl_tag_of(h);
    if (n <= WORD_MAX && word[0] >= 'a' && word[0] <= 'z' && word[n - 1] >= 'a' &&
        word[n - 1] <= 'z')
        wl_sig[n][word[0] - 'a'] |= 1u << (word[n - 1] - 'a');
    sl->word = word;
    sl->hash = h;
    sl->len = (uint32_t)n;
    sl->classes |= classes;
    sl->promise |= promise;
}

/* Put every word of a table into the lookup table with class bits. */
static void
wl_add(const char *const *table, size_t count, unsigned bits)
{
    for (size_t k = 0; k < count; k++)
        wl_put(table[k], bits, 0);
}

static void
wl_build(void)
{
    for (unsigned c = 0; c < 256; c++)
        wl_letter[c] = (uint8_t)(c >= 'a' && c <= 'z' ? c - 'a' : c >= 'A' && c <= 'Z' ? c - 'A' : 26);
    wl_add(stop_words, COUNT(stop_words), WL_STOP);
    wl_add(finance_words, COUNT(finance_words), WL_FINANCE);
    wl_add(label_words, COUNT(label_words), WL_LABEL);
    wl_add(share_words, COUNT(share_words), WL_SHARE);
    wl_add(cheer_words, COUNT(cheer_words), WL_CHEER);
    wl_add(suffix_words, COUNT(suffix_words), WL_SUFFIX);
    wl_add(byline_words, COUNT(byline_words), WL_BYLINE);
    wl_add(state_names, COUNT(state_names), WL_STATE);
    for (size_t k = 0; k < COUNT(promise_words); k++)
        wl_put(promise_words[k].word, 0, promise_words[k].mask);
    for (size_t k = 0; k < COUNT(commerce_words); k++) {
        const char *cw = commerce_words[k].word;
        wl_put(cw, 0, 0);
        wl_table[wl_find(cw, strlen(cw), wl_hash(cw, strlen(cw)))].commerce =
            commerce_words[k].mask;
    }
    atomic_store_explicit(&wl_ready, true, memory_order_release);
}

/* The entry of w[0..n) (case-insensitive), or NULL when it is in no
 * class. */
static const wl_slot *
wl_lookup(const char *w, size_t n)
{
    if (!w || n == 0 || n > WORD_MAX)
        return NULL;
    /* The word ends at a NUL byte, as the tables' C strings compare. Its
     * length and its first and last letters are tested against wl_sig
     * first: most words are in no list, and are turned away there without
     * being folded and hashed. */
    const char *nul = memchr(w, 0, n);
    size_t len = nul ? (size_t)(nul - w) : n;
    if (!atomic_load_explicit(&wl_ready, memory_order_acquire))
        pthread_once(&wl_once, wl_build);
    if (len) {
        unsigned f = wl_letter[(unsigned char)w[0]], l = wl_letter[(unsigned char)w[len - 1]];
        if (f < 26 && l < 26 && !(wl_sig[len][f] & (1u << l)))
            return NULL; /* no listed word starts and ends so at this length */
    }
    /* Lower-case ASCII and hash in one pass. */
    char buf[WORD_MAX];
    uint32_t h = SS_FNV32_OFFSET; /* wl_hash() of buf[0..len) */
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)w[k];
        c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        buf[k] = (char)c;
        h = ss_fnv32_byte(h, c);
    }
    size_t i = wl_find(buf, len, h);
    return wl_tag[i] ? &wl_table[i] : NULL;
}

/* Is w[0..n) (case-insensitive) in the classes bits? */
static bool
in_class(unsigned bits, const char *w, size_t n)
{
    const wl_slot *sl = wl_lookup(w, n);
    return sl && (sl->classes & bits);
}

bool
ss_word_is_stop(const char *w, size_t n)
{
    return in_class(WL_STOP, w, n);
}

unsigned
ss_word_promise(const char *w, size_t n)
{
    const wl_slot *sl = wl_lookup(w, n);
    return sl ? sl->promise : 0;
}

unsigned
ss_word_commerce(const char *w, size_t n)
{
    const wl_slot *sl = wl_lookup(w, n);
    return sl ? sl->commerce : 0;
}

bool
ss_word_is_finance(const char *w, size_t n)
{
    return in_class(WL_FINANCE, w, n);
}

bool
ss_word_is_label(const char *w, size_t n)
{
    return in_class(WL_LABEL, w, n);
}

bool
ss_word_is_share(const char *w, size_t n)
{
    return in_class(WL_SHARE, w, n);
}

bool
ss_word_is_cheer(const char *w, size_t n)
{
    return in_class(WL_CHEER, w, n);
}

bool
ss_word_is_suffix(const char *w, size_t n)
{
    return in_class(WL_SUFFIX, w, n);
}

bool
ss_word_is_byline(const char *w, size_t n)
{
    return in_class(WL_BYLINE, w, n);
}

size_t
ss_word_state_len(const char *s, size_t n)
{
    /* Try the two-word names first ("West Virginia" before "Virginia"). */
    size_t sp = 0;
    while (sp < n && sp <= WORD_MAX && s[sp] != ' ')
        sp++;
    if (sp < n && sp <= WORD_MAX) {
        size_t z = sp + 1;
        while (z < n && z <= WORD_MAX && s[z] != ' ' && s[z] != ',')
            z++;
        if (in_class(WL_STATE, s, z))
            return z;
    }
    size_t z = 0;
    while (z < n && z <= WORD_MAX && s[z] != ' ' && s[z] != ',')
        z++;
    return in_class(WL_STATE, s, z) ? z : 0;
}

/* Are the count strings of table in strictly increasing byte order? */
static bool
sorted(const char *const *table,
       size_t count)
{
    for (size_t i = 1; i < count; i++)
        if (strcmp(table[i - 1], table[i]) >= 0)
            return false;
    return true;
}

bool
ss_wordlists_check(void)
{
    for (size_t i = 1; i < COUNT(promise_words); i++)
        if (strcmp(promise_words[i - 1].word, promise_words[i].word) >= 0)
            return false;
    for (size_t i = 1; i < COUNT(commerce_words); i++)
        if (strcmp(commerce_words[i - 1].word, commerce_words[i].word) >= 0)
            return false;
    return sorted(stop_words, COUNT(stop_words)) &&
           sorted(finance_words, COUNT(finance_words)) &&
           sorted(label_words, COUNT(label_words)) &&
           sorted(share_words, COUNT(share_words)) &&
           sorted(cheer_words, COUNT(cheer_words)) &&
           sorted(suffix_words, COUNT(suffix_words)) &&
           sorted(byline_words, COUNT(byline_words)) &&
           sorted(state_names, COUNT(state_names));
}
