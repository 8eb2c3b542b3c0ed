"""Run by test_scrapy.py in its own process (a Twisted reactor starts once
per process): crawl START_URL and every page it links to, with
SpamscorePipeline, items to a JSON Lines feed, the log to a file.

    python3 crawl_site.py START_URL FEED LOG [SETTINGS_JSON]
"""
import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, start, **kw):
        super().__init__(**kw)
        self.start_urls = [start]

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse_page)

    def parse_page(self, response):
        yield {"url": response.url, "html": response.text}


def main(start, feed, log, extra="{}"):
    settings = {
        "ITEM_PIPELINES": {"spamscore.scrapy.SpamscorePipeline": 300},
        "FEEDS": {feed: {"format": "jsonlines"}},
        "LOG_FILE": log,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "DOWNLOAD_TIMEOUT": 30,
    }
    settings.update(json.loads(extra))
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, start=start)
    process.start()
    with open(log + ".stats.json", "w") as f:
        json.dump({k: v for k, v in crawler.stats.get_stats().items()
                   if isinstance(v, (int, float, str))}, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
