#!/usr/bin/env python3
"""checkcorpus.py - verify a labeled spamscore corpus directory.

Usage: checkcorpus.py CORPUS_DIR [--seed SEED_PAGE]

Checks, for every line of CORPUS_DIR/labels.jsonl:
  - the line is a JSON object with the fields file, label, layout, spans;
  - label is "spam" or "ham", every span kind is one of the known kinds;
  - the file exists; HTML files parse (Python's html.parser, and xmllint
    --html when it is installed) with balanced structure;
  - every span text occurs verbatim in the page's visible text: for HTML the
    <title> plus the body text with script/style/noscript/template and hidden
    elements (hidden attribute, style display:none) removed, after entity
    decoding and whitespace collapsing; for text pages the file itself;
  - ham pages carry no spans;
  - a junk-widget heading span (up to 3 words, no digits) is not part of
    another short line of the page (trainers label blocks by containment).
A link-injection span (hacked-site links, which are hidden on purpose) must
occur in the page text with hidden elements kept. Optional fields "family"
(list of names from FAMILIES), "site", "split", "page_type" are checked
when present. --spans-only skips the structure checks (HTML balance,
xmllint, the seed-page check): for corpora of real pages (inject.py), whose
markup is as the web wrote it.
With --seed (default ../shared/examples/seed-page.txt when present), also
checks that no 8-word sequence of the seed page occurs in any corpus page.
Exits 0 when everything passes, 1 otherwise (problems on stderr).
Stdlib only.
"""
import argparse
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys

# libxml2's HTML parser is HTML 4: it reports HTML5 elements as invalid.
HTML5_TAG = re.compile(r"Tag (header|nav|main|article|section|aside|footer|"
                       r"figure|figcaption|time|mark|template|picture|"
                       r"source|svg|path) invalid")
KINDS = {"injected-brand", "site-name", "slogan", "promo-headline", "junk-widget",
         "link-injection"}
FAMILIES = {"title-brand", "body-brand", "byline", "site-slogan", "counter",
            "link-list", "hidden-links"}
SKIP = {"script", "style", "noscript", "template", "head"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr"}
BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
         "tr", "ul", "ol", "section", "article", "aside", "header", "footer",
         "nav", "main", "title", "br", "blockquote", "dd", "dt", "figcaption",
         "table", "form", "body", "html"}


class Visible(html.parser.HTMLParser):
    """Collects visible text, one line per block element."""

    def __init__(self, hidden=False):
        super().__init__(convert_charrefs=True)
        self.keep_hidden = hidden   # collect hidden elements' text too
        self.stack = []       # open tags: (tag, hidden)
        self.out = []
        self.in_title = False
        self.errors = []

    def _hidden(self):
        return any(h for _, h in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self.in_title = True
        hid = (tag in SKIP and tag != "head") or (not self.keep_hidden and (
            "hidden" in a or
            re.search(r"display\s*:\s*none", a.get("style") or "") is not None))
        if tag in BLOCK:
            self.out.append("\n")
        if tag not in VOID:
            self.stack.append((tag, hid))

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            self.out.append("\n")
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                if i != len(self.stack) - 1:
                    self.errors.append("unclosed <%s> before </%s>" %
                                       (self.stack[-1][0], tag))
                del self.stack[i:]
                break
        else:
            self.errors.append("stray </%s>" % tag)
        if tag in BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.out.append(data)
            return
        if self._hidden():
            return
        self.out.append(data)

    def text(self):
        lines = "".join(self.out).split("\n")
        lines = [re.sub(r"\s+", " ", l).strip() for l in lines]
        return "\n".join(l for l in lines if l)


def visible_text(path, hidden=False):
    """Returns (visible text, list of structure problems) of a page file;
    with hidden, the text of hidden elements is kept too."""
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8")
    if path.endswith(".html") or path.endswith(".htm"):
        p = Visible(hidden)
        p.feed(raw)
        p.close()
        errs = list(p.errors)
        if p.stack:
            errs.append("unclosed at end: %s" % [t for t, _ in p.stack])
        return p.text(), errs
    lines = [re.sub(r"\s+", " ", l).strip() for l in raw.split("\n")]
    return "\n".join(lines), []


def shingles(text, n=8):
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--seed", default=None)
    ap.add_argument("--spans-only", action="store_true")
    args = ap.parse_args()
    seed = args.seed
    if seed is None:
        here = os.path.dirname(os.path.abspath(__file__))
        cand = os.path.join(here, "..", "..", "..", "shared", "examples",
                            "seed-page.txt")
        seed = cand if os.path.exists(cand) else None
    if args.spans_only:
        seed = None
    seed_sh = set()
    if seed and os.path.exists(seed):
        with open(seed, encoding="utf-8") as f:
            seed_sh = shingles(f.read())
    xmllint = None if args.spans_only else shutil.which("xmllint")
    bad = 0
    n = 0
    counts = {"spam": 0, "ham": 0}
    with open(os.path.join(args.corpus, "labels.jsonl"), encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            def fail(msg):
                nonlocal bad
                bad += 1
                print("labels.jsonl:%d: %s" % (lineno, msg), file=sys.stderr)
            try:
                rec = json.loads(line)
            except ValueError as e:
                fail("bad JSON: %s" % e)
                continue
            n += 1
            for k in ("file", "label", "layout", "spans"):
                if k not in rec:
                    fail("missing field %s" % k)
            if rec.get("label") not in counts:
                fail("bad label %r" % rec.get("label"))
                continue
            counts[rec["label"]] += 1
            path = os.path.join(args.corpus, rec["file"])
            if not os.path.exists(path):
                fail("no such file %s" % rec["file"])
                continue
            text, errs = visible_text(path)
            if not args.spans_only:
                for e in errs:
                    fail("%s: %s" % (rec["file"], e))
            fam = rec.get("family", [])
            if not isinstance(fam, list) or any(f not in FAMILIES for f in fam):
                fail("bad family %r" % (fam,))
            if rec.get("split", "train") not in ("train", "heldout"):
                fail("bad split %r" % rec.get("split"))
            full = None
            if xmllint and path.endswith(".html"):
                r = subprocess.run([xmllint, "--html", "--noout", path],
                                   capture_output=True, text=True)
                msgs = [m for m in re.findall(r"parser error : (.*)", r.stderr)
                        if not HTML5_TAG.match(m)]
                if r.returncode not in (0, 1) or msgs:
                    fail("%s: xmllint: %s" % (rec["file"], msgs[:3]))
            if rec["label"] == "ham" and rec["spans"]:
                fail("ham page with spans")
            for sp in rec["spans"]:
                if sp.get("kind") not in KINDS:
                    fail("bad span kind %r" % sp.get("kind"))
                t = sp.get("text", "")
                if not t or t != t.strip():
                    fail("empty or padded span %r" % t)
                if "&" in t and re.search(r"&\w+;|&#", t):
                    fail("span contains an entity %r" % t)
                where = text
                if sp.get("kind") == "link-injection":
                    if full is None:
                        full = visible_text(path, hidden=True)[0]
                    where = full
                if t not in where:
                    fail("%s: span not in visible text: %r" % (rec["file"], t))
                if sp.get("kind") == "junk-widget" and len(t.split()) <= 3 and \
                        not re.search(r"\d", t):
                    # Trainers label a short block spam when it contains a
                    # junk-widget span: a junk list heading ("Latest") must
                    # not sit inside another short line ("Latest news").
                    for line in text.split("\n"):
                        if line.startswith("- ") and not path.endswith(".html"):
                            line = line[2:]
                        if t in line and line != t and len(line) < 120 and \
                                not any(o["text"] == line for o in rec["spans"]):
                            fail("%s: span %r inside the longer short line %r" %
                                 (rec["file"], t, line))
                            break
            if seed_sh:
                with open(path, encoding="utf-8") as pf:
                    common = shingles(html.unescape(pf.read())) & seed_sh
                if common:
                    fail("%s: shares text with the seed page: %r" %
                         (rec["file"], sorted(common)[0]))
    print("%d records (%d spam, %d ham), %d problems%s" %
          (n, counts["spam"], counts["ham"], bad,
           "" if seed_sh else " (spans only: structure and seed-page checks skipped)"
           if args.spans_only else
           " (seed page not found: copy check skipped)"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
