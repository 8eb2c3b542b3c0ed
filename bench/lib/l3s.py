"""
l3s.py - read the L3S-GN1 annotated pages into labeled text blocks.

The annotated copy of each page wraps every text block in
<span class="x-nc-selN"> (N: 0 not content, 1 headline, 2 full text,
3 supplemental, 4 related content, 5 user comments). Following the
dataset's definition, a block is a run of text not interrupted by a tag
other than A (and the annotator's own SPAN). Text inside script, style
and noscript is not text. A run whose label changes is split there.
"""
import re
from html.parser import HTMLParser

_SEL = re.compile(r"\bx-nc-sel(\d)\b")
_WS = re.compile(r"\s+")
_INLINE = {"a", "span"}
_SKIP = {"script", "style", "noscript"}

LABEL_NAMES = {0: "not content", 1: "headline", 2: "full text",
               3: "supplemental", 4: "related content", 5: "comments"}


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []       # one entry per open <span>: label or None
        self.skip = 0
        self.blocks = []      # [label, [text parts]]
        self.cur = None

    def _label(self):
        for lab in reversed(self.stack):
            if lab is not None:
                return lab
        return 0

    def _flush(self):
        if self.cur is not None:
            text = _WS.sub(" ", "".join(self.cur[1])).strip()
            if text:
                self.blocks.append((self.cur[0], text))
        self.cur = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "span":
            lab = None
            for k, v in attrs:
                if k == "class" and v:
                    m = _SEL.search(v)
                    if m:
                        lab = int(m.group(1))
            self.stack.append(lab)
        elif tag not in _INLINE:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag not in _INLINE:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "span":
            if self.stack:
                self.stack.pop()
        elif tag not in _INLINE:
            self._flush()

    def handle_data(self, data):
        if self.skip:
            return
        lab = self._label()
        if self.cur is not None and self.cur[0] != lab:
            if data.strip():
                self._flush()
            else:
                self.cur[1].append(data)
                return
        if self.cur is None:
            if not data.strip():
                return
            self.cur = [lab, []]
        self.cur[1].append(data)


def read_blocks(path):
    """List of (label, text) blocks of one annotated page, in page order."""
    with open(path, "rb") as f:
        html = f.read().decode("utf-8", errors="replace")
    p = _Blocks()
    p.feed(html)
    p.close()
    p._flush()
    return p.blocks


def gold_text(blocks, labels=(1, 2, 3)):
    """Main-content gold: the text of blocks with the given labels."""
    return "\n".join(t for lab, t in blocks if lab in labels)
