"""A Scrapy item pipeline that drops spam pages (Debian's python3-scrapy).

    # settings.py
    ITEM_PIPELINES = {"spamscore.scrapy.SpamscorePipeline": 300}

    # the spider yields the page's HTML in an item field
    def parse(self, response):
        yield {"url": response.url, "html": response.text}

Every item with an "html" field is scored. An item whose verdict is in
SPAMSCORE_DROP (default: spam) is dropped with DropItem, the reason naming
the verdict, the score and the strongest findings; so is a page the library
cannot score (empty, binary, too large), unless SPAMSCORE_DROP_ERRORS is
False. Kept items get the cleaned article text in "text" and
{"score": 0.0123, "verdict": "ham"} in "spamscore". Scoring runs on the
reactor's thread pool (the library releases the GIL), so the crawl goes on
meanwhile.

Settings (all optional):

  SPAMSCORE_MODEL           model file; default the shipped model; False for none
  SPAMSCORE_RULES           rules files added on top of the shipped rules
  SPAMSCORE_DEFAULT_RULES   False to leave out the shipped rules
  SPAMSCORE_SPAM_CUTOFF     score >= this is spam (default: the model's)
  SPAMSCORE_HAM_CUTOFF      score <= this is ham (default: the model's)
  SPAMSCORE_LIMITS          dict of Scorer limits, e.g. {"max_bytes": 4 << 20}
  SPAMSCORE_DROP            verdicts to drop, list or "spam,unsure" (default spam)
  SPAMSCORE_DROP_ERRORS     drop pages that cannot be scored (default True)
  SPAMSCORE_HTML_FIELD      input field (default "html")
  SPAMSCORE_TEXT_FIELD      field for the clean text (default "text"; None: not added)
  SPAMSCORE_RESULT_FIELD    field for score and verdict (default "spamscore")
  SPAMSCORE_FLAGS           also put the findings into the result field (default False)
  SPAMSCORE_IN_THREAD       score on the reactor thread pool (default True)

Items that are scrapy.Item classes need the output fields declared.
Counts go to the crawl stats as spamscore/ham, spamscore/unsure,
spamscore/spam, spamscore/error, spamscore/dropped.
"""
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from . import Scorer, SpamscoreError

__all__ = ["SpamscorePipeline"]

_VERDICTS = ("ham", "unsure", "spam")


def _verdict_list(v):
    if isinstance(v, str):
        v = [x.strip() for x in v.split(",") if x.strip()]
    v = list(v)
    for x in v:
        if x not in _VERDICTS:
            raise ValueError("SPAMSCORE_DROP: %r is not ham, unsure or spam" % x)
    return v


def drop_reason(result):
    """'spamscore: spam (score 0.9999): injected-brand "X" in title (...); ...'"""
    parts = []
    for f in sorted(result.flags, key=lambda f: -f.score)[:3]:
        text = f.text if len(f.text) <= 80 else f.text[:77] + "..."
        parts.append('%s "%s" in %s (%s)' % (f.kind, text, f.where,
                                            ", ".join(f.reasons[:3])))
    reason = "spamscore: %s (score %.4f)" % (result.verdict, result.score)
    return reason + (": " + "; ".join(parts) if parts else "")


class SpamscorePipeline:
    def __init__(self, settings=None, stats=None):
        s = settings if settings is not None else {}
        get = s.get
        model = get("SPAMSCORE_MODEL")
        if model in ("none", "None"):
            model = False
        if hasattr(s, "getdict"):  # scrapy Settings: also a JSON string
            limits = s.getdict("SPAMSCORE_LIMITS")
        else:
            limits = dict(get("SPAMSCORE_LIMITS") or {})
        for key, name in (("SPAMSCORE_SPAM_CUTOFF", "spam_cutoff"),
                          ("SPAMSCORE_HAM_CUTOFF", "ham_cutoff")):
            if get(key) is not None:
                limits[name] = float(get(key))
        default_rules = get("SPAMSCORE_DEFAULT_RULES", True)
        if isinstance(default_rules, str):
            default_rules = default_rules.lower() not in ("0", "false", "no")
        self.scorer = Scorer(model=model, rules=get("SPAMSCORE_RULES"),
                             default_rules=default_rules, **limits)
        self.drop = _verdict_list(get("SPAMSCORE_DROP", ["spam"]))
        self.drop_errors = _bool(get("SPAMSCORE_DROP_ERRORS", True))
        self.html_field = get("SPAMSCORE_HTML_FIELD", "html")
        self.text_field = get("SPAMSCORE_TEXT_FIELD", "text")
        self.result_field = get("SPAMSCORE_RESULT_FIELD", "spamscore")
        self.with_flags = _bool(get("SPAMSCORE_FLAGS", False))
        self.in_thread = _bool(get("SPAMSCORE_IN_THREAD", True))
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings, crawler.stats)

    def close_spider(self, spider):
        self.scorer.close()

    def _count(self, key):
        if self.stats is not None:
            self.stats.inc_value("spamscore/" + key)

    def _score(self, data, url):
        try:
            return self.scorer.score(data, url=url,
                                     clean=self.text_field is not None)
        except SpamscoreError as e:
            return e

    def _finish(self, res, item):
        adapter = ItemAdapter(item)
        if isinstance(res, SpamscoreError):
            self._count("error")
            if self.drop_errors:
                self._count("dropped")
                raise DropItem("spamscore: error: %s" % res.message)
            return item
        self._count(res.verdict)
        if res.verdict in self.drop:
            self._count("dropped")
            raise DropItem(drop_reason(res))
        if self.text_field is not None:
            adapter[self.text_field] = res.text
        if self.result_field is not None:
            out = {"score": round(res.score, 4), "verdict": res.verdict}
            if self.with_flags:
                out["flags"] = [f.to_dict() for f in res.flags]
            adapter[self.result_field] = out
        return item

    def process_item(self, item, spider):
        adapter = ItemAdapter(item)
        data = adapter.get(self.html_field)
        if data is None:
            return item
        url = adapter.get("url")
        if self.in_thread:
            from twisted.internet import threads
            d = threads.deferToThread(self._score, data, url)
            d.addCallback(self._finish, item)
            return d
        return self._finish(self._score(data, url), item)


def _bool(v):
    if isinstance(v, str):
        return v.lower() not in ("0", "false", "no", "off", "")
    return bool(v)
