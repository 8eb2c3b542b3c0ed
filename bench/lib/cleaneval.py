"""
cleaneval.py - read CleanEval 2007 gold standard files.

A gold file starts with a "URL: ..." line, then the cleaned text with
<p>, <h> and <l> markers at block starts. The gold text is what remains
without the URL line and the markers. Files are UTF-8 or, for a few,
windows-1252.
"""
import os
import re

_MARK = re.compile(r"<[phl]>")


def decode(raw):
    """Bytes to str: UTF-8 if valid, else windows-1252 (latin-1 fallback)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def gold_text(path):
    """The gold text of one GoldStandard/N.txt file."""
    with open(path, "rb") as f:
        text = decode(f.read())
    lines = text.split("\n")
    if lines and lines[0].lstrip().startswith("URL:"):
        lines = lines[1:]
    return _MARK.sub(" ", "\n".join(lines))


def pairs(root):
    """(id, input path, gold path) for every page of dev/ and final/ that
    has both an input and a gold file, sorted; id is "dev/N" or "final/N"."""
    out = []
    for part in ("dev", "final"):
        gdir = os.path.join(root, part, "GoldStandard")
        idir = os.path.join(root, part, "input")
        if not os.path.isdir(gdir) or not os.path.isdir(idir):
            continue
        for name in os.listdir(gdir):
            if not name.endswith(".txt"):
                continue
            n = name[:-4]
            inp = os.path.join(idir, n + ".html")
            if os.path.isfile(inp):
                out.append(("%s/%s" % (part, n), inp, os.path.join(gdir, name)))
    out.sort(key=lambda t: (t[0].split("/")[0], int(t[0].split("/")[1])
                            if t[0].split("/")[1].isdigit() else 0))
    return out


def inputs(root):
    """Every input page of dev/ and final/ (with or without gold), sorted."""
    out = []
    for part in ("dev", "final"):
        idir = os.path.join(root, part, "input")
        if os.path.isdir(idir):
            out.extend(os.path.join(idir, n) for n in sorted(os.listdir(idir))
                       if n.endswith(".html"))
    return out
