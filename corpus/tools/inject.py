#!/usr/bin/env python3
"""inject.py - a labeled corpus of real pages with injected spam.

Usage: inject.py DATA OUTDIR [--seed N] [--split train|heldout|all]
                 [--exclude-family F[,F]] [--only-family F] [--text-share X]
                 [--limit N] [--check]

Reads the honest real pages that the shipped model may be trained on
(DATA/web/scrapinghub and DATA/web/wcxb-dev; never L3S-GN1 or CleanEval)
and writes, for every page, an honest version (label ham) and a version
with spam injected (label spam) into OUTDIR/pages/ and OUTDIR/labels.jsonl,
in the labeled-corpus format of corpus/README.md plus the fields "family",
"site", "split" and "page_type", and OUTDIR/lines.jsonl: promotional lines
no page carries and honest headlines, one "unit": "line" document each (see
write_lines). Families (the label names):

  title-brand   brand as prefix/suffix of <title>, og:title and <h1>
  body-brand    brand spliced into the article text, no title prefix
  byline        fake byline/source lines naming the brand near the top
  site-slogan   fake site-name suffix on the title and a slogan line
  counter       like counters and share bars with glued labels
  link-list     off-topic link list with promotional headlines
  hidden-links  hacked-site block of commercial links, hidden by CSS or
                appended to the footer (plain lines in text pages)

Pages are split by site: a stable hash of the site name puts every page of
a site in "train" (about 70 %) or "heldout". Brands, site names, slogans,
the promotional lines and the promotional templates with their fillers are
drawn per seed and per split, so the held-out side carries vocabulary and
skeletons the training side never saw. Promotional lines are
read at run time from DATA/mail/spamassassin (spam subjects),
DATA/mail/sms (spam messages) and DATA/headlines/clickbait, filtered to
headline-like lines, and mixed with this file's own templates; off-topic
list items are titles of real pages of other sites of the same split.
Nothing read from DATA is stored in the repository.

Deterministic: every random choice comes from a random.Random seeded with a
string; inputs are read in sorted order. Python 3 standard library only.
The spans of every spam page are verified against the text of the written
page (visible text; hidden text too for link-injection spans, as
checkcorpus.py defines it); a page whose insertion landed in an element
that is hidden or left open on the real page is dropped with its honest
twin, and counted. --check also re-verifies every written record and exits
1 on a problem (checkcorpus.py --spans-only does the same for any corpus).
Prints counts per family, split and format on stderr. Exits 0 with
"skipped: DATA absent" when DATA has neither page set.
"""
import argparse
import collections
import email
import email.header
import gzip
import hashlib
import html
import json
import os
import random
import re
import sys
import urllib.parse

FAMILIES = ["title-brand", "body-brand", "byline", "site-slogan", "counter",
            "link-list", "hidden-links"]
COMBOS = [
    ["title-brand", "body-brand", "counter", "link-list"],
    ["title-brand", "body-brand"],
    ["title-brand", "site-slogan", "counter", "link-list"],
    ["byline", "body-brand"],
    ["counter", "link-list"],
    ["title-brand", "hidden-links"],
    ["site-slogan", "link-list"],
    ["title-brand", "body-brand", "site-slogan", "counter", "link-list"],
]
COMBO_SHARE = 0.2
TRAIN_SHARE = 70           # percent of sites in the train split
MAX_PAGE_BYTES = 8 << 20   # pages larger than this are skipped
MAX_PROMO_LINES = 20000    # per source
TEMPLATE_LINES = 10000     # per split, in lines.jsonl (template_lines)

# ---------------------------------------------------------------- vocabulary

ONSETS = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r",
          "s", "t", "v", "w", "z", "br", "cr", "dr", "fl", "gr", "kl", "pr",
          "qu", "sh", "st", "tr", "th", "vr", "zh", "ch", "sk", "pl", "gl"]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y", "ae", "eo"]
CODAS = ["", "", "", "n", "r", "l", "s", "x", "m", "t", "k", "nd", "rt", "v"]
FIN_SUFFIX = ["Exchange", "Capital", "Finance", "Markets", "Invest", "Trade",
              "Holdings", "Wealth", "Fund", "Securities", "Partners",
              "Ventures", "Assets", "Equity", "Money", "Pay", "Coin", "Bank"]
TECH_SUFFIX = ["Labs", "Tech", "Digital", "Systems", "AI", "Cloud", "Works",
               "Network", "Hub", "Soft", "Data", "io", "Logic", "Apps"]
MEDIA_SUFFIX = ["News", "Daily", "Times", "Post", "Media", "Today",
                "Journal", "Wire", "Report", "Herald", "Tribune", "Press",
                "Insider", "Gazette", "Weekly", "Chronicle", "Online"]
ADJ = ["Next", "Bright", "Clear", "Prime", "Golden", "Silver", "Rapid",
       "True", "Bold", "Swift", "Noble", "Grand", "Blue", "Green", "Open",
       "Smart", "First", "Peak", "Royal", "Steady", "Lofty", "Vivid",
       "Radiant", "Summit", "Brave", "Quiet", "Solid", "Keen", "Fair",
       "Surpassing", "Gleaming", "Soaring", "Boundless", "Shining", "Wise",
       "Rising", "Evergreen", "Crystal", "Stellar", "Lucky", "Urban", "North",
       "Grand", "Eternal", "Infinite", "Fresh", "Modern", "Global", "Unity"]
NOUN = ["Frontier", "Horizon", "View", "Ledger", "Harbor", "Bridge", "Path",
        "Vista", "Point", "Crest", "Field", "Stone", "River", "Forge",
        "Beacon", "Gate", "Tower", "Compass", "Anchor", "Orbit", "Pulse",
        "Wave", "Spark", "Summit", "Valley", "Meadow", "Harvest", "Signal",
        "Skyline", "Journey", "Venture", "Circle", "Market", "Garden",
        "Lantern", "Quest", "Haven", "Rock", "Star", "Vision", "Trail",
        "Landing", "Current", "Arrow", "Crown", "Falcon", "Phoenix", "Oak"]
COUNTER_PLATFORMS = ["Twitter", "Facebook", "WhatsApp", "Reddit", "LinkedIn",
                     "Pinterest", "Telegram", "Weibo", "Tumblr", "VK", "Line",
                     "Email", "Flipboard", "Threads"]
COUNTER_LABELS = ["veryGood!", "Like", "Likes", "Good!", "Awesome", "Wow!",
                  "Recommend", "Love", "Great!", "Cool", "Nice!", "Agree",
                  "Useful", "Support", "Thumbs up", "Fire"]
LIST_HEADINGS = ["Ranking", "Recommendation", "Trending", "Hot Topics",
                 "Popular Now", "You May Like", "Editor's Picks", "Must Read",
                 "Top Stories", "Featured", "Discover", "Hot List",
                 "Around the Web", "Sponsored Stories", "Promoted",
                 "Today's Picks", "Don't Miss", "More For You",
                 "Recommended For You", "Latest Updates", "Spotlight",
                 "What's New", "In Case You Missed It", "Top Picks"]
FIRST = ["Orla", "Desmond", "Marisol", "Kenji", "Thea", "Rufus", "Amara",
         "Lucian", "Ines", "Bram", "Celeste", "Otto", "Priya", "Silas",
         "Noor", "Hugo", "Leona", "Anselm", "Mireille", "Tobin", "Yara",
         "Caspian", "Edda", "Fabian", "Greta", "Idris", "Juno", "Kasimir",
         "Liesel", "Matteo", "Nadia", "Osric", "Petra", "Quentin", "Rosalind"]
LAST = ["Vantreck", "Holloway", "Okonkwo", "Brandt", "Castellane", "Dumont",
        "Eberhart", "Falkner", "Gisborne", "Harrowgate", "Ilves", "Jarnefelt",
        "Kovalenko", "Lindqvist", "Marchetti", "Nakashima", "Oyelowo",
        "Pemberton", "Quillfeather", "Rasmussen", "Stavros", "Thornbury",
        "Ulvaeus", "Valderrama", "Whitcombe", "Yarrowby", "Zelinski"]
PROMISES = ["stable and safe", "guaranteed returns every week",
            "no experience needed", "risk-free from day one",
            "doubles your savings", "trusted by thousands",
            "proven to beat the market", "works while you sleep",
            "income from home", "passive profits guaranteed"]
SUPERLATIVES = ["most perfect", "most reliable", "safest", "smartest",
                "most profitable", "easiest", "most powerful", "best-kept",
                "most trusted", "fastest"]
METHODS = ["strategy", "trading system", "investment plan", "method",
           "income formula", "crypto signal", "portfolio trick", "blueprint"]
PROMO_TEMPLATES = [
    "{name}: The {sup} {num} {method} in history, {promise}!",
    "{name}: My {method} is {promise}",
    "{name}: How I turned ${small} into ${big} in {weeks} weeks",
    "Announcing the {brand} {method}: {promise}",
    "{brand} announces new {method} for everyday investors",
    "Introducing {brand}: the {sup} {method} of {year}",
    "How a retired {job} made ${big} from home with one {method}",
    "Single mom earns ${big} a month with this {method}",
    "The secret {method} banks don't want you to know",
    "Secrets revealed: the {sup} {method} insiders use",
    "Revealed: why experts are switching to {brand}",
    "{brand} launches {product} with {promise}",
    "Just launched: {brand} {product}, {promise}",
    "{brand} token presale opens: early buyers see {x}x gains",
    "Earn {pct}% a month with {brand} crypto staking",
    "Invest ${small} today with {brand} and retire early",
    "Don't miss the {brand} {method}: {promise}",
    "Why everyone in {city} is talking about {brand}",
    "This {job} found a {method} that is {promise}",
    "Limited offer: join {brand} now, {promise}",
]
JOBS = ["teacher", "nurse", "mechanic", "farmer", "postman", "chef",
        "librarian", "plumber", "pilot", "janitor"]
PRODUCTS = ["trading app", "wallet", "robo-advisor", "signal service",
            "savings card", "mining rig", "smart watch", "learning course"]
CITIES = ["Leeds", "Tulsa", "Porto", "Adelaide", "Calgary", "Dayton",
          "Nantes", "Graz", "Tampere", "Boise"]
# The lists a template promotion is made of; each split draws its own part
# of each (Vocab, split_of_line).
PROMO_FILLERS = {"templates": PROMO_TEMPLATES, "sup": SUPERLATIVES,
                 "method": METHODS, "promise": PROMISES, "job": JOBS,
                 "product": PRODUCTS, "city": CITIES}
# Hacked-site link blocks: product words x modifiers.
HACK_PRODUCTS = {
    "pharmacy": ["generic pills", "viagra", "cialis", "tramadol", "xanax",
                 "weight loss pills", "antibiotics", "painkillers", "levitra",
                 "phentermine"],
    "casino": ["online casino", "slots", "poker", "roulette", "sports betting",
               "blackjack", "casino bonus", "free spins", "bingo", "jackpot"],
    "loans": ["payday loans", "cash advance", "personal loans", "title loans",
              "installment loans", "bad credit loans", "quick cash",
              "instant loans", "debt relief", "credit repair"],
    "replicas": ["replica watches", "replica rolex", "designer handbags",
                 "cheap jerseys", "fake sunglasses", "replica bags",
                 "knockoff sneakers", "luxury watches", "outlet handbags",
                 "cheap ugg boots"],
}
HACK_SHAPES = ["buy {p} online", "cheap {p}", "best {p} {year}",
               "{p} for sale", "discount {p}", "{p} online", "order {p} today",
               "{p} usa", "get {p} now", "{p} deals", "top {p} sites"]
HACK_EXTRA = {"pharmacy": ["{p} no prescription", "{p} free shipping",
                           "generic {p} 100mg", "{p} without a doctor"],
              "casino": ["{p} real money", "{p} no deposit bonus",
                         "play {p} free", "{p} win big"],
              "loans": ["{p} no credit check", "{p} fast approval",
                        "{p} same day", "apply for {p}"],
              "replicas": ["{p} free shipping", "{p} outlet store",
                           "{p} wholesale", "{p} aaa quality"]}
HIDE_STYLES = ["display:none", "position:absolute;left:-9999px;top:-9999px",
               "width:0;height:0;overflow:hidden",
               "visibility:hidden", "font-size:0",
               "position:fixed;top:-500px", "height:1px;overflow:hidden"]
TLDS = ["com", "net", "org", "info", "top", "xyz", "biz", "online", "shop"]
SECTION_PREFIXES = ["Analysis: ", "Opinion | ", "Live updates: ",
                    "Explainer: ", "Review: ", "Interview: ", "Update: ",
                    "Exclusive: ", "Watch: ", "Editorial: ", "Podcast: "]
PROS_ADJ = ["Reliable", "Easy", "Fast", "Flexible", "Clear", "Accurate",
            "Affordable", "Solid", "Simple", "Good"]
CONS_ADJ = ["Limited", "Slow", "Expensive", "Confusing", "Few", "Missing",
            "Weak", "Small", "No", "Basic"]

URL_RE = re.compile(r"https?:|www\.|\.com\b|\.net\b|\.org\b|@|\d{5,}|"
                    r"\d{3}[-. ]\d{3,4}", re.I)


def rng_for(*parts):
    """A random.Random seeded with a string made of parts."""
    return random.Random(":".join(str(p) for p in parts))


def stable_hash(s):
    return int(hashlib.sha1(s.encode("utf-8")).hexdigest()[:12], 16)


def split_of_site(site):
    return "train" if stable_hash("site:" + site) % 100 < TRAIN_SHARE \
        else "heldout"


def split_of_line(line):
    """Train/heldout side of a vocabulary item (disjoint halves)."""
    return "train" if stable_hash("line:" + line) % 100 < TRAIN_SHARE \
        else "heldout"


class Vocab:
    """Invented strings for one seed and one split."""

    def __init__(self, seed, split, promo_lines):
        self.r = rng_for("vocab", seed, split)
        r = self.r
        # A syllable inventory of its own per seed and split.
        sylls = set()
        while len(sylls) < 90:
            sylls.add(r.choice(ONSETS) + r.choice(NUCLEI) + r.choice(CODAS))
        self.sylls = sorted(sylls)
        # English-like words: the split's own part of each list (so held-out
        # brands never reuse a training word), most of it for a seed.
        self.adj = [w for w in sorted(set(ADJ))
                    if split_of_line(w) == split and r.random() < 0.85]
        self.noun = [w for w in sorted(set(NOUN))
                     if split_of_line(w) == split and r.random() < 0.85]
        # The split's own templates and fillers: held-out pages carry
        # promotional skeletons no training page (and no template line of
        # lines.jsonl) has. A list no item of which fell to the split is
        # taken whole.
        self.fill = {name: [x for x in lst if split_of_line(x) == split] or lst
                     for name, lst in PROMO_FILLERS.items()}
        self.promo_lines = promo_lines
        self.used = set()
        self.used_promo = set()

    def word(self, lo=2, hi=3):
        r = self.r
        for _ in range(20):
            w = "".join(r.choice(self.sylls) for _ in range(r.randint(lo, hi)))
            if len(w) <= 4 * hi - 2:
                break
        return w[:1].upper() + w[1:]

    def english(self):
        return self.r.choice(self.adj) + " " + self.r.choice(self.noun)

    def brand(self):
        r = self.r
        for _ in range(50):
            shape = r.randrange(7)
            if shape == 0:
                b = self.word(2, 4)
            elif shape == 1:
                b = self.word() + " " + r.choice(FIN_SUFFIX)
            elif shape == 2:
                b = r.choice(self.adj) + r.choice(self.noun)
            elif shape == 3:
                b = self.english()
            elif shape == 4:
                b = self.word() + " " + r.choice(TECH_SUFFIX + MEDIA_SUFFIX)
            elif shape == 5:
                b = r.choice(self.adj) + r.choice(self.noun) + " " + \
                    r.choice(FIN_SUFFIX + MEDIA_SUFFIX)
            else:
                b = self.word(1, 2) + self.word(1, 2)
            if b not in self.used:
                self.used.add(b)
                return b
        return b

    def site_name(self):
        r = self.r
        shape = r.randrange(3)
        if shape == 0:
            return r.choice(self.adj) + r.choice(self.noun) + " " + \
                r.choice(FIN_SUFFIX + MEDIA_SUFFIX)
        if shape == 1:
            return self.word() + " " + r.choice(MEDIA_SUFFIX)
        return r.choice(self.adj) + r.choice(self.noun)

    def slogan(self):
        r = self.r
        s = self.english()
        if r.random() < 0.3:
            s = r.choice(["Your ", "The ", "Always "]) + s
        return s

    def name(self):
        return self.r.choice(FIRST) + " " + self.r.choice(LAST)

    def promo(self, brand=None):
        """One promotional headline: a real line or a template."""
        r = self.r
        if self.promo_lines and r.random() < 0.5:
            line = r.choice(self.promo_lines)
            self.used_promo.add(line)
            return line
        f = self.fill
        t = r.choice(f["templates"])
        small = r.choice([50, 100, 250, 500])
        line = t.format(
            name=self.name(), sup=r.choice(f["sup"]),
            num=r.randrange(100, 9999), method=r.choice(f["method"]),
            promise=r.choice(f["promise"]), small=small,
            big="{:,}".format(small * r.randrange(20, 400)),
            weeks=r.randrange(2, 12), brand=brand or self.brand(),
            year=r.randrange(2019, 2031), job=r.choice(f["job"]),
            product=r.choice(f["product"]), x=r.randrange(5, 100),
            pct=r.randrange(8, 60), city=r.choice(f["city"]))
        self.used_promo.add(line)
        return line

    def domain(self):
        return (self.word(2, 3) + self.r.choice(["", "-", ""]) +
                self.word(1, 2)).lower() + "." + self.r.choice(TLDS)


# ---------------------------------------------------------------- data

def headline_like(s):
    s = re.sub(r"\s+", " ", s).strip()
    if not 20 <= len(s) <= 110 or URL_RE.search(s):
        return None
    if any(ord(c) < 32 or ord(c) > 126 for c in s):
        return None
    if len(s.split()) < 4 or "&" in s or "<" in s:
        return None
    letters = sum(c.isalpha() for c in s)
    if letters < 0.6 * len(s):
        return None
    return s


def mail_subjects(data, dirs=("spam", "spam_2")):
    out = []
    for d in dirs:
        p = os.path.join(data, "mail", "spamassassin", d)
        if not os.path.isdir(p):
            continue
        for f in sorted(os.listdir(p))[:MAX_PROMO_LINES]:
            try:
                with open(os.path.join(p, f), "rb") as fh:
                    head = fh.read(16384)
                m = email.message_from_bytes(head)
                s = m.get("Subject") or ""
                s = str(email.header.make_header(email.header.decode_header(s)))
            except Exception:
                continue
            s = re.sub(r"^\s*(\[[^\]]*\]\s*)+", "", s)
            s = re.sub(r"^\s*((re|fwd?|fw)\s*:\s*)+", "", s, flags=re.I)
            s = re.sub(r"\s{3,}\S*\s*$", "", s)        # trailing tracking id
            s = re.sub(r"\s+[A-Za-z0-9]{4,}$", lambda m: "" if
                       re.search(r"\d", m.group()) or m.group().strip().isupper()
                       and len(m.group().strip()) > 3 else m.group(), s)
            s = headline_like(s)
            if s:
                out.append(s)
    return out


def sms_spam(data, label="spam"):
    """The first sentences of the SMS messages of label, headline-like."""
    out = []
    p = os.path.join(data, "mail", "sms", "SMSSpamCollection")
    if not os.path.exists(p):
        return out
    with open(p, encoding="utf-8", errors="replace") as f:
        for line in f:
            lab, _, text = line.rstrip("\n").partition("\t")
            if lab != label:
                continue
            first = re.split(r"(?<=[.!?])\s", text)[0]
            s = headline_like(first)
            if s:
                out.append(s)
    return out[:MAX_PROMO_LINES]


def clickbait(data, name="clickbait_data"):
    out = []
    p = os.path.join(data, "headlines", "clickbait", name)
    if not os.path.exists(p):
        return out
    with open(p, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = headline_like(line)
            if s:
                out.append(s)
    return out[:MAX_PROMO_LINES]


def decode_page(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def clean_title(t):
    t = re.sub(r"\s+", " ", html.unescape(t or "")).strip()
    # Drop a short site suffix ("Headline | Site", "Headline - Site").
    m = re.match(r"(.{20,}?)\s+[|\u2013\u2014-]\s+([^|\u2013\u2014-]{2,30})$", t)
    if m and len(m.group(2).split()) <= 4:
        t = m.group(1).strip()
    return t


def load_pages(data):
    """All usable pages as dicts, sorted by id."""
    pages = []
    sh = os.path.join(data, "web", "scrapinghub")
    if os.path.exists(os.path.join(sh, "ground-truth.json")):
        with open(os.path.join(sh, "ground-truth.json"), encoding="utf-8") as f:
            gt = json.load(f)
        for pid in sorted(gt):
            url = gt[pid].get("url") or ""
            host = (urllib.parse.urlsplit(url).hostname or pid).lower()
            paras = [p.strip() for p in (gt[pid].get("articleBody") or "")
                     .split("\n") if p.strip()]
            pages.append({"id": "sh-" + pid[:12], "src": "scrapinghub",
                          "path": os.path.join(sh, "html", pid + ".html.gz"),
                          "site": re.sub(r"^www\d?\.", "", host),
                          "page_type": "article", "title": None,
                          "paras": paras})
    wc = os.path.join(data, "web", "wcxb-dev")
    if os.path.isdir(os.path.join(wc, "ground-truth")):
        meta = {}
        mp = os.path.join(wc, "metadata.json")
        if os.path.exists(mp):
            with open(mp, encoding="utf-8") as f:
                meta = json.load(f).get("files", {})
        for fn in sorted(os.listdir(os.path.join(wc, "ground-truth"))):
            if not fn.endswith(".json"):
                continue
            fid = fn[:-5]
            with open(os.path.join(wc, "ground-truth", fn),
                      encoding="utf-8") as f:
                g = json.load(f)
            gt = g.get("ground_truth") or {}
            host = (meta.get(fid, {}).get("domain") or
                    urllib.parse.urlsplit(g.get("url") or "").hostname or fid)
            ptype = ((g.get("_internal") or {}).get("page_type") or {}) \
                .get("primary") or meta.get(fid, {}).get("page_type") or "other"
            paras = [p.strip() for p in re.split(r"\n\s*\n|\n",
                                                 gt.get("main_content") or "")
                     if p.strip()]
            pages.append({"id": "wc-" + fid, "src": "wcxb",
                          "path": os.path.join(wc, "html", fid + ".html.gz"),
                          "site": re.sub(r"^www\d?\.", "", host.lower()),
                          "page_type": ptype, "title": gt.get("title"),
                          "author": gt.get("author"), "paras": paras})
    return pages


# ---------------------------------------------------------------- HTML edits

SKIP_RE = re.compile(r"<!--.*?-->|<(script|style|noscript|template|textarea|"
                     r"svg|select)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


class HtmlPage:
    """Raw HTML with the offsets needed to edit it.

    Edits are collected as (offset, text) insertions or (start, end, text)
    replacements and applied together, from the end, so offsets found on
    the original stay valid."""

    def __init__(self, text, paras):
        self.h = text
        self.edits = []
        gold = norm(" ".join(paras))
        self.main = []   # (start, end) of text nodes inside the gold content
        last = 0
        for m in SKIP_RE.finditer(text):
            if m.start() > last:
                self._text_node(last, m.start(), gold)
            last = m.end()
        if last < len(text):
            self._text_node(last, len(text), gold)

    def _text_node(self, a, b, gold):
        raw = self.h[a:b]
        t = norm(html.unescape(raw))
        if len(t) >= 40 and t in gold and len(self.main) < 400:
            self.main.append((a, b))

    def replace(self, a, b, text):
        self.edits.append((a, b, text))

    def insert(self, at, text):
        self.edits.append((at, at, text))

    def result(self):
        out = self.h
        for a, b, t in sorted(self.edits, key=lambda e: (e[0], e[1]),
                              reverse=True):
            out = out[:a] + t + out[b:]
        return out

    def find_tag(self, name):
        """(start of inner text, end of inner text) of the first <name>."""
        m = re.search(r"<%s\b[^>]*>(.*?)</%s\s*>" % (name, name), self.h,
                      re.S | re.I)
        return (m.start(1), m.end(1)) if m else None

    def block_start_before(self, pos):
        """Offset of the block-level tag opening the text at pos."""
        lo = max(0, pos - 3000)
        best = None
        for m in re.finditer(r"<(p|div|h[1-6]|li|blockquote|section|article|"
                             r"td)\b[^>]*>", self.h[lo:pos], re.I):
            best = lo + m.start()
        return best if best is not None else pos

    def block_end_after(self, pos):
        m = re.compile(r"</(p|div|li|blockquote|h[1-6])\s*>", re.I) \
            .search(self.h, pos, pos + 20000)
        return m.end() if m else pos

    def body_end(self):
        i = self.h.lower().rfind("</body")
        return i if i >= 0 else len(self.h)


def esc(s):
    return html.escape(s, quote=False)


def fix_charset(text):
    """Declare UTF-8 (pages are written UTF-8 whatever they were)."""
    text = re.sub(r"(<meta\b[^>]*charset\s*=\s*[\"']?)([\w:-]+)",
                  lambda m: m.group(1) + "utf-8", text, flags=re.I)
    return text


# ---------------------------------------------------------------- injection

class Injector:
    """Applies families to one page. Collects spans (kind, text)."""

    def __init__(self, r, vocab, page, titles, fmt):
        self.r = r
        self.v = vocab
        self.page = page
        self.titles = titles          # off-topic titles (other sites)
        self.fmt = fmt
        self.spans = []
        self.shapes = []
        self.brand = None

    def span(self, kind, text):
        if (kind, text) not in self.spans:
            self.spans.append((kind, text))

    def get_brand(self):
        if not self.brand:
            self.brand = self.v.brand()
        return self.brand

    # -- title and site name shapes (shared by HTML and text) --
    def branded_title(self, title):
        r, b = self.r, self.get_brand()
        self.span("injected-brand", b)
        if r.random() < 0.75:
            sep = r.choice([":", ": ", " - ", " | ", " \u2013 ", "-"])
            self.shapes.append("prefix" + sep.strip() or "prefix")
            return b + sep + title
        sep = r.choice([" - ", " | ", " \u2013 ", " :: "])
        self.shapes.append("suffix")
        return title + sep + b

    def site_title(self, title, site):
        sep = self.r.choice(["-", " - ", " | ", "_", " \u2013 ", "|"])
        self.span("site-name", site)
        return title + sep + site

    def counters(self):
        r = self.r
        lines = []
        for p in r.sample(COUNTER_PLATFORMS, r.randint(1, 3)):
            lab = r.choice(COUNTER_LABELS)
            n = r.randrange(12, 99999)
            shape = r.randrange(4)
            if shape == 0:
                s = "%s%s (%d)" % (p, lab, n)
            elif shape == 1:
                s = "%s%s(%d)" % (p, lab, n)
            elif shape == 2:
                s = "%s %s%d" % (lab, p, n)
            else:
                s = "%s%s %s" % (p, lab, "{:,}".format(n))
            lines.append(s)
            self.span("junk-widget", s)
        return lines

    def link_list(self, existing):
        """(heading or None, [items]) with spans."""
        r = self.r
        heading = None
        if r.random() < 0.75:
            for h in r.sample(LIST_HEADINGS, len(LIST_HEADINGS)):
                if h not in existing:
                    heading = h
                    break
        items = []
        n_off = r.randint(4, 9)
        pool = [t for t in r.sample(self.titles, min(40, len(self.titles)))
                if t not in existing][:n_off]
        for t in pool:
            items.append(t)
            self.span("junk-widget", t)
        for _ in range(r.randint(1, 3)):
            if r.random() < 0.3:
                b = self.get_brand()
                p = b + r.choice([": ", ":", " - "]) + self.v.promo(b)
                self.span("injected-brand", b)
            else:
                p = self.v.promo()
            items.insert(r.randrange(len(items) + 1), p)
            self.span("promo-headline", p)
        if heading:
            self.span("junk-widget", heading)
        return heading, items

    def hacked_links(self):
        r = self.r
        cat = r.choice(sorted(HACK_PRODUCTS))
        links = []
        for _ in range(r.randint(4, 10)):
            a = r.choice(HACK_SHAPES + HACK_EXTRA[cat]).format(p=r.choice(HACK_PRODUCTS[cat]),
                                             year=r.randrange(2019, 2031))
            if a not in [x for x, _ in links]:
                links.append((a, "https://%s/%s" % (self.v.domain(),
                                                   a.replace(" ", "-"))))
                self.span("link-injection", a)
        self.shapes.append("hack-" + cat)
        return links

    def byline_line(self):
        r, b = self.r, self.get_brand()
        self.span("injected-brand", b)
        shape = r.randrange(6)
        date = "%04d-%02d-%02d" % (r.randrange(2015, 2026), r.randint(1, 12),
                                   r.randint(1, 28))
        self.shapes.append("byline%d" % shape)
        return ["By %s Staff" % b, "%s | %s" % (b, date), "Source: %s" % b,
                "%s Newsroom" % b, "By %s, %s" % (self.v.name(), b),
                "Source:%s" % b][shape]


def splice_word(r, raw, brand):
    """Splice brand into one raw text node. Returns (new raw, shape) or
    None when the node has no place for the chosen shape."""
    shape = r.choice(["glue-next", "glue-prev", "comma", "insert",
                      "open", "open-colon", "close"])
    spaces = [m.start() for m in re.finditer(r"(?<=[A-Za-z]) (?=[A-Za-z])",
                                             raw)]
    if shape in ("open", "open-colon"):
        i = len(raw) - len(raw.lstrip())
        if i >= len(raw) or not raw[i].isalpha():
            return None
        sep = ": " if shape == "open-colon" else " "
        return raw[:i] + brand + sep + raw[i:], shape
    if shape == "comma":
        m = re.search(r"(?<=[A-Za-z]), (?=[A-Za-z])", raw)
        if not m:
            return None
        return raw[:m.start() + 1] + brand + " " + raw[m.end():], shape
    if shape == "close":
        m = re.search(r"(?<=[a-z])\.(?= [A-Z])", raw)
        if not m:
            return None
        return raw[:m.start()] + " " + brand + raw[m.start():], shape
    if not spaces:
        return None
    i = r.choice(spaces)
    if shape == "glue-next":
        return raw[:i + 1] + brand + raw[i + 1:], shape
    if shape == "glue-prev":
        return raw[:i] + brand + raw[i:], shape
    return raw[:i] + " " + brand + raw[i:], shape


def inject_html(inj, hp, families, title):
    r = inj.r
    top = hp.main[0][0] if hp.main else None
    top_block = hp.block_start_before(top) if top is not None else None
    after_main = hp.block_end_after(hp.main[-1][1]) if hp.main else \
        hp.body_end()
    existing = hp.h
    new_title = None
    t_span = hp.find_tag("title")
    cur_title = norm(html.unescape(hp.h[t_span[0]:t_span[1]])) if t_span \
        else title
    if "title-brand" in families:
        new_title = inj.branded_title(cur_title or title)
        m = re.search(r"<h1\b[^>]*>", hp.h, re.I)
        if m and r.random() < 0.7:
            b = inj.get_brand()
            hp.insert(m.end(), esc(b + r.choice([":", ": ", " - ", " | "])))
        m = re.search(r"(<meta\b[^>]*property=[\"']og:title[\"'][^>]*"
                      r"content=[\"'])", hp.h, re.I)
        if m:
            hp.insert(m.end(), html.escape(inj.get_brand() + ": "))
    if "site-slogan" in families:
        site = inj.v.site_name()
        new_title = inj.site_title(new_title or cur_title or title, site)
        slogan = inj.v.slogan()
        inj.span("slogan", slogan)
        at = top_block if top_block is not None else hp.body_end()
        hp.insert(at, '<p class="site-tagline">%s</p>\n' % esc(slogan))
        if r.random() < 0.5:
            hp.insert(hp.body_end(), '<div class="site-footer">%s</div>\n'
                      % esc(site))
    if new_title is not None:
        if t_span:
            hp.replace(t_span[0], t_span[1], esc(new_title))
        else:
            m = re.search(r"<head\b[^>]*>", hp.h, re.I)
            hp.insert(m.end() if m else 0,
                      "<title>%s</title>" % esc(new_title))
    if "byline" in families:
        line = inj.byline_line()
        at = top_block if top_block is not None else hp.body_end()
        hp.insert(at, '<p class="byline">%s</p>\n' % esc(line))
    if "body-brand" in families and hp.main:
        b = inj.get_brand()
        inj.span("injected-brand", b)
        nodes = hp.main[:8]
        want, done = r.randint(1, 3), 0
        for a, e in r.sample(nodes, len(nodes)):
            if done >= want:
                break
            got = splice_word(r, hp.h[a:e], esc(b))
            if got:
                hp.replace(a, e, got[0])
                inj.shapes.append(got[1])
                done += 1
        if not done or r.random() < 0.15:
            sub = r.choice(["<h3>%s</h3>", "<figcaption>Photo: %s</figcaption>",
                            "<p class=\"caption\">Image via %s</p>",
                            "<h2>%s Insight</h2>"])
            hp.insert(hp.block_end_after(hp.main[0][1]),
                      "\n" + sub % esc(b) + "\n")
            inj.shapes.append("caption")
    if "counter" in families:
        lines = inj.counters()
        block = '<div class="share-bar">%s</div>\n' % "".join(
            "<span>%s</span> " % esc(s) for s in lines) if r.random() < 0.5 \
            else "".join('<div class="like">%s</div>\n' % esc(s)
                         for s in lines)
        hp.insert(after_main, "\n" + block)
    if "link-list" in families:
        for _ in range(r.choice([1, 1, 2])):
            heading, items = inj.link_list(existing)
            blk = '\n<div class="widget-list">'
            if heading:
                blk += "<h3>%s</h3>" % esc(heading)
            blk += "<ul>%s</ul></div>\n" % "".join(
                '<li><a href="/%s">%s</a></li>' % (inj.v.word().lower(),
                                                   esc(t)) for t in items)
            hp.insert(after_main if r.random() < 0.6 else hp.body_end(), blk)
    if "hidden-links" in families:
        links = inj.hacked_links()
        anchors = " ".join('<a href="%s">%s</a>' % (html.escape(u), esc(a))
                           for a, u in links)
        if r.random() < 0.8:
            style = r.choice(HIDE_STYLES)
            blk = '<div style="%s">%s</div>' % (style, anchors)
            inj.shapes.append("hide-" + style.split(":")[0])
        else:
            blk = '<div class="footer-links">%s</div>' % anchors
            inj.shapes.append("footer")
        m = re.search(r"</footer\s*>", hp.h, re.I)
        at = m.start() if m and r.random() < 0.5 else hp.body_end()
        body = re.search(r"<body\b[^>]*>", hp.h, re.I)
        if body and r.random() < 0.3:
            at = body.end()          # right after <body>, as some hacks do
        hp.insert(at, "\n" + blk + "\n")


def inject_text(inj, title, paras, families):
    """Lines of a scraped-text spam page."""
    r = inj.r
    head, top, body, tail = [], [], list(paras), []
    t = title
    if "title-brand" in families:
        t = inj.branded_title(title)
    if "site-slogan" in families:
        site = inj.v.site_name()
        head.append(inj.site_title(t, site))
        slogan = inj.v.slogan()
        inj.span("slogan", slogan)
        top.append(slogan)
    else:
        head.append(t)
    if "title-brand" in families and r.random() < 0.6:
        head.append(t)       # the headline repeated under the title line
    if "byline" in families:
        top.append(inj.byline_line())
    if "body-brand" in families and body:
        b = inj.get_brand()
        inj.span("injected-brand", b)
        idx = list(range(min(6, len(body))))
        want, done = r.randint(1, 2), 0
        for i in r.sample(idx, len(idx)):
            if done >= want:
                break
            got = splice_word(r, body[i], b)
            if got:
                body[i] = got[0]
                inj.shapes.append(got[1])
                done += 1
        if not done:
            body.insert(1, "Photo: %s" % b)
            inj.shapes.append("caption")
    if "counter" in families:
        tail.extend(inj.counters())
    if "link-list" in families:
        for _ in range(r.choice([1, 1, 2])):
            heading, items = inj.link_list("\n".join(paras) + title)
            if heading:
                tail.append(heading)
            dash = r.random() < 0.5
            tail.extend(("- " + x) if dash else x for x in items)
    if "hidden-links" in families:
        links = inj.hacked_links()
        tail.extend(a for a, _ in links)
    return head + top + body + tail


# ---------------------------------------------------------------- hard cases

NAME_RE = re.compile(r"\b([A-Z][a-z]{2,12}) ([A-Z][a-z]{2,14})\b")
STOP_CAPS = {"The", "This", "That", "And", "But", "For", "With", "When",
             "What", "New", "How", "Why", "Our", "You", "Your", "All", "More"}


def person_of(paras):
    cnt = collections.Counter()
    text = " ".join(paras[:30])
    for m in NAME_RE.finditer(text):
        if m.group(1) not in STOP_CAPS and m.group(2) not in STOP_CAPS:
            cnt[m.group(0)] += 1
    for name, n in sorted(cnt.items(), key=lambda x: (-x[1], x[0])):
        last = name.split()[1]
        if n >= 2 and text.count(last) >= 3:
            return name
    return None


FIN_WORDS = re.compile(r"\b(stocks?|shares|investors?|exchange|trading|"
                       r"bonds?|nasdaq|dow|interest rates?|dividends?|"
                       r"portfolio|hedge fund|returns)\b", re.I)


def camel_case(label, text):
    """The host label cut into words that the text uses, capitalised and
    run together ("thehill" -> "TheHill"), or None when it does not cut
    into two words or more."""
    label = label.lower()
    if not label.isalpha() or len(label) > 24:
        return None
    words = set(w.lower() for w in re.findall(r"[A-Za-z]{2,}", text))
    best = {0: []}
    for i in range(1, len(label) + 1):
        for j in range(max(0, i - 12), i):
            if j in best and label[j:i] in words:
                cand = best[j] + [label[j:i]]
                if i not in best or len(cand) < len(best[i]):
                    best[i] = cand
    parts = best.get(len(label))
    if not parts or len(parts) < 2:
        return None
    return "".join(p.capitalize() for p in parts)


def hard_case(r, page, title, same_site_titles):
    """Pick an honest hard case for the page: (case, edit) where edit is a
    dict of what to change: title prefix, extra list, counter."""
    text = " ".join(page["paras"][:40])
    opts = ["plain"] * 4
    opts += ["section-prefix", "archive-list", "related-list",
             "comment-counter", "pros-cons", "site-affix"]
    person = person_of(page["paras"])
    if person:
        opts.append("person-colon")
    if len(FIN_WORDS.findall(text)) >= 4:
        return "finance", {}
    case = r.choice(opts)
    ed = {}
    if case == "section-prefix":
        site = page["site"].split(".")[0]
        pre = r.choice(SECTION_PREFIXES + ["Ask %s: " % site.capitalize()])
        ed["prefix"] = pre
    elif case == "site-affix":
        # The site's own name around its title, and again in its footer,
        # as sites print it: "Example.com - ...", "... | EXAMPLE",
        # "TheHill" (the label cut into words of the page's own text).
        dom = page["site"]
        label = dom.split(".")[0]
        camel = camel_case(label, text)
        name = camel if camel and r.random() < 0.4 else r.choice([dom, dom.capitalize(), label.capitalize(),
                         label.upper() if len(label) <= 5 else dom.capitalize(),
                         camel or label.capitalize(),
                         (camel + "." + dom.split(".", 1)[1]) if camel and "." in dom
                         else dom.capitalize()])
        if r.random() < 0.5:
            ed["prefix"] = name + r.choice([": ", " - ", " | ", " \u2013 "])
        else:
            ed["suffix"] = r.choice([" - ", " | ", " \u2013 "]) + name
        ed["footer"] = r.choice(["\u00a9 %d %s" % (r.randrange(2005, 2025), name),
                                 "Copyright %s. All rights reserved." % name,
                                 "More from %s" % name])
    elif case == "person-colon":
        ed["prefix"] = person + ": "
    elif case in ("archive-list", "related-list"):
        pool = list(same_site_titles)
        subs = [p for p in page["paras"] if 15 <= len(p) <= 90 and
                not p.endswith(".")]
        pool += subs
        pool = [p for p in pool if p != title][:12]
        if len(pool) < 3:
            return "plain", {}
        items = r.sample(pool, min(len(pool), r.randint(3, 6)))
        if case == "archive-list":
            items = ["%04d-%02d-%02d: %s" % (r.randrange(2008, 2025),
                                             r.randint(1, 12),
                                             r.randint(1, 28), t)
                     for t in items]
            ed["list"] = (r.choice(["Archive", "Earlier posts", None]), items)
        else:
            ed["list"] = (r.choice(["Most read", "Related", "More on this",
                                    "Related stories"]), items)
    elif case == "comment-counter":
        n = r.randrange(0, 400)
        ed["counter"] = r.choice(["Comments (%d)" % n, "%d Comments" % n,
                                  "Replies (%d)" % n, "%d comments" % n])
    elif case == "pros-cons":
        words = collections.Counter(
            w.lower() for w in re.findall(r"\b[a-z]{5,12}\b", text))
        nouns = [w for w, _ in words.most_common(30)][:12]
        if len(nouns) < 4:
            return "plain", {}
        pros = ["%s %s" % (r.choice(PROS_ADJ), w) for w in r.sample(nouns, 3)]
        cons = ["%s %s options" % (r.choice(CONS_ADJ), w)
                for w in r.sample(nouns, 2)]
        ed["proscons"] = (pros, cons)
    return case, ed


def apply_hard_html(hp, ed, title):
    """Apply an honest hard case (see hard_case) to an HTML page."""
    if "prefix" in ed:
        t_span = hp.find_tag("title")
        if t_span:
            hp.insert(t_span[0], esc(ed["prefix"]))
        m = re.search(r"<h1\b[^>]*>", hp.h, re.I)
        if m:
            hp.insert(m.end(), esc(ed["prefix"]))
    if "suffix" in ed:
        t_span = hp.find_tag("title")
        if t_span:
            hp.insert(t_span[1], esc(ed["suffix"]))
    if "footer" in ed:
        hp.insert(hp.body_end(), '\n<p class="copyright">%s</p>\n'
                  % esc(ed["footer"]))
    end = hp.block_end_after(hp.main[-1][1]) if hp.main else hp.body_end()
    if "list" in ed:
        head, items = ed["list"]
        blk = '\n<div class="related">%s<ul>%s</ul></div>\n' % (
            "<h3>%s</h3>" % esc(head) if head else "",
            "".join("<li><a href=\"#\">%s</a></li>" % esc(i) for i in items))
        hp.insert(end, blk)
    if "counter" in ed:
        hp.insert(end, '\n<div class="comments-count">%s</div>\n'
                  % esc(ed["counter"]))
    if "proscons" in ed:
        pros, cons = ed["proscons"]
        blk = '\n<div class="proscons"><h4>Pros</h4><ul>%s</ul>' \
              '<h4>Cons</h4><ul>%s</ul></div>\n' % (
                  "".join("<li>%s</li>" % esc(p) for p in pros),
                  "".join("<li>%s</li>" % esc(c) for c in cons))
        hp.insert(end, blk)


def apply_hard_text(lines_title, body, ed, r):
    title = ed.get("prefix", "") + lines_title + ed.get("suffix", "")
    tail = []
    if "list" in ed:
        head, items = ed["list"]
        if head:
            tail.append(head)
        tail.extend("- " + i for i in items)
    if "counter" in ed:
        tail.append(ed["counter"])
    if "proscons" in ed:
        pros, cons = ed["proscons"]
        tail += ["Pros"] + ["- " + p for p in pros] + ["Cons"] + \
            ["- " + c for c in cons]
    if "footer" in ed:
        tail.append(ed["footer"])
    return title, body + tail


# ---------------------------------------------------------------- checking

def check_record(outdir, rec):
    """Problems of one written record (spans against the page text)."""
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    import checkcorpus
    probs = []
    path = os.path.join(outdir, rec["file"])
    vis = checkcorpus.visible_text(path)[0]
    full = None
    for sp in rec["spans"]:
        t = sp["text"]
        where = vis
        if sp["kind"] == "link-injection":
            if full is None:
                full = checkcorpus.visible_text(path, hidden=True)[0]
            where = full
        if not t or t != t.strip() or t not in where:
            probs.append("%s: span %s not in the page text: %r" %
                         (rec["file"], sp["kind"], t))
    if rec["label"] == "ham" and rec["spans"]:
        probs.append("%s: ham page with spans" % rec["file"])
    return probs


# ---------------------------------------------------------------- main

def choose_families(r, only, exclude):
    if only:
        return [only]
    fams = [f for f in FAMILIES if f not in exclude]
    if not fams:
        return []
    if r.random() < COMBO_SHARE:
        combos = [c for c in COMBOS if not set(c) & set(exclude)]
        if combos:
            return list(r.choice(combos))
    return [r.choice(fams)]


def read_page(path):
    """The page as UTF-8 text (charset declaration fixed), or None when it
    is larger than MAX_PAGE_BYTES."""
    with gzip.open(path, "rb") as f:
        raw = f.read(MAX_PAGE_BYTES + 1)
    if len(raw) > MAX_PAGE_BYTES:
        return None
    return fix_charset(decode_page(raw))


def page_title(page, text):
    if page["title"]:
        return norm(page["title"])
    m = re.search(r"<meta\b[^>]*property=[\"']og:title[\"'][^>]*content="
                  r"[\"']([^\"']*)", text, re.I)
    if m:
        return clean_title(m.group(1))
    m = re.search(r"<title\b[^>]*>(.*?)</title", text, re.S | re.I)
    return clean_title(m.group(1)) if m else ""


def line_key(line):
    """A line as its words: two lines with the same key are one line (a
    spam subject sent again with other case or punctuation)."""
    return re.sub(r"[^a-z0-9]+", " ", line.lower()).strip()


def template_lines(seed, split):
    """TEMPLATE_LINES promotional lines of the split's own templates and
    fillers, made by a vocabulary of their own (other invented brands and
    names than the pages'): the table learns the skeletons of the split."""
    v = Vocab(str(seed) + ":lines", split, [])
    return {v.promo() for _ in range(TEMPLATE_LINES)}


def write_lines(a, promo, vocab):
    """OUTDIR/lines.jsonl: headline-sized lines as training statistics of
    their own ("unit": "line", see corpus/README.md: the trainer's
    promotional-language table), for the splits written. Spam: the split's
    promotional lines that no page of this run carries (a page's own line
    would make its candidate's score a memory) and whose words are those
    of no line of a split not written (the held-out pages' lines stay
    unseen, near-duplicates included). Ham: the split's ordinary news
    headlines (headlines/clickbait non_clickbait_data), honest mail
    subjects (mail/spamassassin easy_ham, hard_ham) and the first sentences
    of honest SMS messages (mail/sms). Spam also: the template lines of
    each split written (template_lines), but none with the words of a line
    a page carries. Returns (spam, ham) counts."""
    splits = ["train", "heldout"] if a.split == "all" else [a.split]
    unseen = {line_key(line) for sp in ("train", "heldout")
              if sp not in splits for line in promo[sp]}
    spam, ham = set(), set()
    for sp in splits:
        spam |= {line for line in set(promo[sp]) - vocab[sp].used_promo
                 if line_key(line) not in unseen}
    on_pages = {line_key(line) for v in vocab.values() for line in v.used_promo}
    for sp in splits:
        spam |= {line for line in template_lines(a.seed, sp)
                 if line_key(line) not in on_pages}
    for line in set(clickbait(a.data, "non_clickbait_data") +
                    mail_subjects(a.data, ("easy_ham", "hard_ham")) +
                    sms_spam(a.data, "ham")):
        if split_of_line(line) in splits:
            ham.add(line)
    ham -= spam
    with open(os.path.join(a.outdir, "lines.jsonl"), "w",
              encoding="utf-8") as f:
        for label, lines in (("spam", spam), ("ham", ham)):
            for line in sorted(lines):
                f.write(json.dumps({"label": label, "unit": "line",
                                    "text": line}, ensure_ascii=False) + "\n")
    return len(spam), len(ham)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("outdir")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--split", choices=["train", "heldout", "all"],
                    default="all")
    ap.add_argument("--exclude-family", default="")
    ap.add_argument("--only-family", default=None)
    ap.add_argument("--text-share", type=float, default=0.25)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    exclude = [f for f in a.exclude_family.split(",") if f]
    for f in exclude + ([a.only_family] if a.only_family else []):
        if f not in FAMILIES:
            ap.error("unknown family %r (families: %s)" %
                     (f, ", ".join(FAMILIES)))
    pages = load_pages(a.data) if os.path.isdir(a.data) else []
    if not pages:
        print("inject.py: skipped: DATA absent (%s has no web/scrapinghub or "
              "web/wcxb-dev)" % a.data, file=sys.stderr)
        return 0
    for p in pages:
        p["split"] = split_of_site(p["site"])
    if a.split != "all":
        pages = [p for p in pages if p["split"] == a.split]
    if a.limit:
        pages = pages[:a.limit]
    promo = {"train": [], "heldout": []}
    for line in sorted(set(mail_subjects(a.data) + sms_spam(a.data) +
                           clickbait(a.data))):
        promo[split_of_line(line)].append(line)
    vocab = {s: Vocab(a.seed, s, promo[s]) for s in ("train", "heldout")}
    os.makedirs(os.path.join(a.outdir, "pages"), exist_ok=True)
    # First pass: the titles, for the off-topic pools (pages are read again
    # one at a time below, so memory stays at one page).
    for p in pages:
        text = read_page(p["path"])
        p["t"] = page_title(p, text) if text is not None else None
    pages = [p for p in pages if p["t"] is not None]
    by_site = collections.defaultdict(list)
    pool = {"train": [], "heldout": []}
    for p in pages:
        t = p["t"]
        if 20 <= len(t) <= 120 and "&" not in t and t == t.strip() and \
                sum(c.isascii() for c in t) >= 0.95 * len(t):
            by_site[p["site"]].append(t)
            pool[p["split"]].append((p["site"], t))
    counts = collections.Counter()
    problems = []
    out = []
    for p in pages:
        r = rng_for("page", a.seed, p["id"])
        fmt = "text" if r.random() < a.text_share else "html"
        if fmt == "text" and not p["paras"]:
            fmt = "html"
        title = p["t"] or (p["paras"][0][:80] if p["paras"] else p["site"])
        fams = choose_families(r, a.only_family, exclude)
        if not fams:
            continue
        others = [t for s, t in pool[p["split"]] if s != p["site"]]
        same = [t for t in by_site[p["site"]] if t != title]
        case, ed = hard_case(r, p, title, same)
        text = read_page(p["path"])
        pair = []
        for label in ("ham", "spam"):
            rr = rng_for("inject", a.seed, p["id"], label)
            # Draws of invented strings come from the page's own generator,
            # so a page's brands do not depend on the pages before it.
            vocab[p["split"]].r = rr
            inj = Injector(rr, vocab[p["split"]], p, others, fmt)
            name = "pages/%s-%s.%s" % (p["id"], label,
                                       "txt" if fmt == "text" else "html")
            if fmt == "text":
                t2, body = apply_hard_text(title, list(p["paras"]), ed, rr)
                if label == "spam":
                    lines = inject_text(inj, t2, body, fams)
                else:
                    lines = [t2] + body
                data = "\n".join(lines) + "\n"
            else:
                hp = HtmlPage(text, p["paras"])
                apply_hard_html(hp, ed, title)
                if label == "spam":
                    hp = HtmlPage(hp.result(), p["paras"])
                    inject_html(inj, hp, fams, title)
                data = hp.result()
            rec = {"file": name, "label": label,
                   "layout": "%s-%s" % (p["src"], fmt),
                   "spans": [{"kind": k, "text": t} for k, t in inj.spans]
                   if label == "spam" else [],
                   "case": case if label == "ham" else
                   ("+".join(inj.shapes) or "+".join(fams)) +
                   ("" if case == "plain" else "/" + case),
                   "family": fams if label == "spam" else [],
                   "site": p["site"], "split": p["split"],
                   "page_type": p["page_type"]}
            pair.append((rec, data))
        # Write the spam version first and verify its spans against the
        # page text; on real pages an insertion point can fall inside an
        # element that is hidden or unclosed: such a pair is dropped.
        for rec, data in reversed(pair):
            with open(os.path.join(a.outdir, rec["file"]), "w",
                      encoding="utf-8", newline="") as f:
                f.write(data)
        bad = check_record(a.outdir, pair[1][0])
        if bad:
            for rec, _ in pair:
                os.remove(os.path.join(a.outdir, rec["file"]))
            counts[("dropped", "spans-not-visible", p["split"])] += 1
            continue
        for rec, _ in pair:
            out.append(rec)
            if a.check:
                problems += check_record(a.outdir, rec)
            counts[(rec["label"], fmt, p["split"])] += 1
            if rec["label"] == "spam":
                for f in fams:
                    counts[("family", f, p["split"])] += 1
            else:
                counts[("case", case, p["split"])] += 1
    with open(os.path.join(a.outdir, "labels.jsonl"), "w",
              encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n_lines = write_lines(a, promo, vocab)
    w = sys.stderr.write
    w("inject.py: %d pages (%d sites) -> %d records in %s\n" %
      (len(pages), len({p["site"] for p in pages}), len(out), a.outdir))
    w("promotional lines: train %d, heldout %d; lines.jsonl: %d spam, "
      "%d ham\n" % (len(promo["train"]), len(promo["heldout"]),
                    n_lines[0], n_lines[1]))
    for key in sorted(counts):
        w("  %-8s %-16s %-8s %d\n" % (key[0], key[1], key[2], counts[key]))
    for pr in problems[:50]:
        w("problem: %s\n" % pr)
    if a.check:
        w("check: %d problems\n" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
