"""
wcxb.py - the WCXB (Web Content eXtraction Benchmark, Foley 2026) data and
its metric, re-implemented from the description in the data set's README.

Per page: word bag-of-words F1 between the extracted text and the gold
`main_content` (tokens are Unicode \\w+ runs, lower-cased; the overlap is
the multiset intersection), averaged over pages. A page whose gold and
output are both empty scores 1; one of the two empty scores 0.

Metadata checks (title, author, date) compare normalised strings: case and
runs of non-word characters are ignored; a date matches when the first ten
characters (YYYY-MM-DD) of the two agree. Pages whose gold field is empty
are not counted for that field.
"""
import gzip
import json
import os
import re
from collections import Counter

_WORD = re.compile(r"\w+", re.UNICODE)
TYPES = ("article", "documentation", "forum", "product", "service",
         "listing", "collection")


def tokens(text):
    return _WORD.findall((text or "").lower())


def word_f1(gold, pred):
    """(precision, recall, F1) of one page."""
    g, p = Counter(tokens(gold)), Counter(tokens(pred))
    if not g and not p:
        return 1.0, 1.0, 1.0
    if not g or not p:
        return 0.0, 0.0, 0.0
    tp = sum((g & p).values())
    if not tp:
        return 0.0, 0.0, 0.0
    pr = tp / sum(p.values())
    rc = tp / sum(g.values())
    return pr, rc, 2 * pr * rc / (pr + rc)


def pages(root):
    """[(id, html path, type, ground_truth dict)] of a WCXB split, or None
    when root has no html/ and ground-truth/ folders."""
    hdir = os.path.join(root, "html")
    gdir = os.path.join(root, "ground-truth")
    if not os.path.isdir(hdir) or not os.path.isdir(gdir):
        return None
    out = []
    for name in sorted(os.listdir(gdir)):
        if not name.endswith(".json"):
            continue
        fid = name[:-5]
        html = os.path.join(hdir, fid + ".html.gz")
        if not os.path.isfile(html):
            continue
        with open(os.path.join(gdir, name), encoding="utf-8") as f:
            j = json.load(f)
        ptype = ((j.get("_internal") or {}).get("page_type") or {}).get(
            "primary") or "?"
        out.append((fid, html, ptype, j.get("ground_truth") or {}))
    return out


def read_html(path):
    with gzip.open(path, "rb") as f:
        return f.read()


def norm(s):
    return " ".join(tokens(s))


def meta_match(field, gold, pred):
    """True when pred agrees with gold for field (title, author, date)."""
    if field == "date":
        return bool(pred) and (pred or "")[:10] == (gold or "")[:10]
    if field == "author":
        # Gold may list several authors; a prediction naming the first
        # (or being contained in the gold) counts.
        g, p = norm(gold), norm(pred)
        return bool(p) and (p == g or (len(p) >= 4 and p in g))
    return bool(pred) and norm(pred) == norm(gold)


_HEADING = re.compile(r"^#{1,6} ", re.M)
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)]) ", re.M)
_TABLE = re.compile(r"^\|.*\|\s*$", re.M)
_FENCE = re.compile(r"^```", re.M)


def md_structure(md):
    """Counts of markdown headings, list items, table rows and code fences."""
    md = md or ""
    return {"headings": len(_HEADING.findall(md)),
            "lists": len(_LIST.findall(md)),
            "tables": len(_TABLE.findall(md)),
            "code": len(_FENCE.findall(md)) // 2}
