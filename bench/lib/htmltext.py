"""
htmltext.py - "all visible text" baseline: every text node of a page
outside script, style, noscript, template and svg, one line per
block-level element. Used as the floor an extractor must beat.
"""
import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "svg"}
_WS = re.compile(r"[ \t\r\f\v]+")
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
          "h6", "tr", "td", "th", "table", "section", "article", "header",
          "footer", "nav", "aside", "blockquote", "pre", "form", "dd", "dt",
          "title", "body"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html):
    """Visible text of an HTML string."""
    p = _Text()
    try:
        p.feed(html)
        p.close()
    except Exception:  # html.parser is lenient; keep what was read
        pass
    lines = (_WS.sub(" ", l).strip() for l in "".join(p.parts).split("\n"))
    return "\n".join(l for l in lines if l)
