"""
shingle.py - the main-content metric of the scrapinghub article-extraction
benchmark, re-implemented from its README description (word 4-gram
shingles; per-page precision and recall averaged over pages; F1 of the two
averages).

Per page: the gold text and the extracted text are each turned into a
multiset of shingles (runs of 4 consecutive word tokens, a word being a
Unicode \\w+ run; a text of 1-3 words is one shorter shingle). Matched
counts give true positives, surplus extracted shingles false positives and
missing gold shingles false negatives. The three counts are scaled to sum
to 1 so that every page weighs the same. Precision is averaged over pages
where something was extracted (tp+fp > 0), recall over pages whose gold is
non-empty (tp+fn > 0); a page where both texts are empty scores 1.
"""
import re
from collections import Counter

_WORD = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def words(text):
    """Word tokens of text (case kept, as in the benchmark)."""
    return _WORD.findall(text or "")


def shingles(text, n=NGRAM):
    """Multiset (Counter) of n-word shingles of text."""
    toks = words(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def match_counts(gold, pred, n=NGRAM):
    """(tp, fp, fn) of one page, normalised to sum 1 (all 0 if both empty)."""
    g = shingles(gold, n)
    p = shingles(pred, n)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    s = tp + fp + fn
    if s == 0:
        return (0.0, 0.0, 0.0)
    return (tp / s, fp / s, fn / s)


def _prec(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp > 0 else 0.0


def _rec(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn > 0 else 0.0


def aggregate(counts):
    """Precision, recall (page averages) and F1 of a list of (tp, fp, fn).

    Returns a dict with keys precision, recall, f1, pages."""
    ps = [_prec(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_rec(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": p, "recall": r, "f1": f, "pages": len(counts)}


def evaluate(gold, pred, n=NGRAM):
    """gold, pred: dicts id -> text (missing pred id = empty extraction).

    Returns aggregate() of the pages in gold, plus per-page counts."""
    counts = [match_counts(gold[k], pred.get(k, "") or "", n) for k in gold]
    res = aggregate(counts)
    res["per_page"] = dict(zip(gold.keys(), counts))
    return res
