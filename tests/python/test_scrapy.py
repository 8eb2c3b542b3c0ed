"""SpamscorePipeline end to end: Scrapy crawls a local HTTP server on
127.0.0.1 serving the honest and spam test pages; spam is dropped with its
reason, honest pages are kept with clean text and verdict."""
import functools
import http.server
import json
import os
import subprocess
import sys
import threading

import pytest

from conftest import require  # noqa: E402

require("scrapy", "python3-scrapy")

from spamscore import Scorer  # noqa: E402
from spamscore.scrapy import SpamscorePipeline  # noqa: E402
from scrapy.exceptions import DropItem  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="module")
def site(tmp_path_factory, pages_dir):
    """The HTML test pages plus an index linking to them, on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site")
    names = sorted(f for f in os.listdir(pages_dir) if f.endswith(".html"))
    for n in names:
        os.symlink(os.path.join(pages_dir, n), root / n)
    (root / "index.html").write_text(
        "<html><body><ul>%s</ul></body></html>" % "".join(
            '<li><a href="%s">%s</a></li>' % (n, n) for n in names))
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield "http://127.0.0.1:%d/" % server.server_address[1], names
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def crawl(site_url, tmp_path, **settings):
    feed, log = tmp_path / "items.jsonl", tmp_path / "crawl.log"
    p = subprocess.run([sys.executable, os.path.join(HERE, "crawl_site.py"),
                        site_url + "index.html", str(feed), str(log),
                        json.dumps(settings)], capture_output=True, timeout=120)
    logtext = log.read_text() if log.exists() else ""
    assert p.returncode == 0, p.stderr.decode() + logtext
    items = [json.loads(line) for line in feed.read_text().splitlines()] \
        if feed.exists() else []
    stats = json.loads((tmp_path / "crawl.log.stats.json").read_text())
    return items, logtext, stats


def test_crawl_drops_spam_and_keeps_honest_pages(site, tmp_path, pages_dir):
    url, names = site
    items, log, stats = crawl(url, tmp_path)
    kept = sorted(os.path.basename(i["url"]) for i in items)
    spam = [n for n in names if n.startswith("spam")]
    honest = [n for n in names if n.startswith("honest")]
    assert spam and honest
    assert kept == honest
    sc = Scorer()
    for i in items:
        want = sc.score(open(os.path.join(pages_dir, os.path.basename(i["url"])),
                             "rb").read())
        assert i["spamscore"] == {"score": round(want.score, 4), "verdict": "ham"}
        assert i["text"] == want.text and len(i["text"]) > 200
    # each spam page dropped with the verdict, score and what was found
    drops = [line for line in log.splitlines() if "Dropped: spamscore: spam" in line]
    assert len(drops) == len(spam), log
    assert all("injected-brand" in d or "promo-headline" in d for d in drops)
    assert stats["spamscore/spam"] == len(spam)
    assert stats["spamscore/ham"] == len(honest)
    assert stats["item_dropped_count"] == len(spam)


def test_cutoffs_and_verdicts_to_drop_are_settings(site, tmp_path):
    url, names = site
    # nothing is spam with the spam cut-off at 1 and the ham cut-off at 0:
    # every page is unsure, and unsure is dropped when asked
    items, log, stats = crawl(url, tmp_path, SPAMSCORE_SPAM_CUTOFF=1.0,
                              SPAMSCORE_HAM_CUTOFF=0.0,
                              SPAMSCORE_DROP="spam", SPAMSCORE_MODEL=False)
    assert len(items) == len(names)
    assert {i["spamscore"]["verdict"] for i in items} == {"unsure"}
    assert stats["spamscore/unsure"] == len(names)


def test_pipeline_without_a_crawl(pages_dir):
    p = SpamscorePipeline({"SPAMSCORE_IN_THREAD": False, "SPAMSCORE_FLAGS": True,
                           "SPAMSCORE_DROP": "spam,unsure"})
    honest = open(os.path.join(pages_dir, "honest-musk.html")).read()
    item = p.process_item({"url": "u", "html": honest}, None)
    assert item["spamscore"]["verdict"] == "ham" and "flags" in item["spamscore"]
    with pytest.raises(DropItem, match="spam \\(score (0\\.99|1\\.00)"):
        p.process_item({"html": open(os.path.join(pages_dir, "spam-page.html")).read()},
                       None)
    with pytest.raises(DropItem, match="error: empty input"):
        p.process_item({"html": ""}, None)
    assert p.process_item({"title": "no html"}, None) == {"title": "no html"}
    with pytest.raises(ValueError):
        SpamscorePipeline({"SPAMSCORE_DROP": "junk"})
    p.close_spider(None)
