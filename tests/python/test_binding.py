"""The Python binding: same answers as the command, order, threads, the
GIL, errors, limits, and no leak over many calls."""
import gc
import json
import os
import subprocess
import threading
import time
import tracemalloc

import pytest

import spamscore
from spamscore import Scorer, SpamscoreError, Status
from conftest import page_files


def fmt_of(path):
    return "text" if path.endswith(".txt") else "html"


@pytest.fixture(scope="module")
def scorer():
    with Scorer() as sc:
        yield sc


def cli_records(binary, files, *args):
    out = subprocess.run([binary, "--json", "--clean", *args, *files],
                         check=True, capture_output=True).stdout
    return [json.loads(line) for line in out.decode().splitlines()]


def test_results_match_the_command_record_for_record(scorer, binary):
    files = page_files()
    recs = cli_records(binary, files)
    assert len(recs) == len(files) >= 10
    verdicts = set()
    for f, rec in zip(files, recs):
        with open(f, "rb") as fh:
            r = scorer.score(fh.read(), fmt_of(f))
        want = {k: v for k, v in rec.items() if k != "input"}
        assert r.to_dict() == want, f
        verdicts.add(r.verdict)
    assert verdicts == {"ham", "spam"}


def test_spam_page_flags_and_clean_text(scorer, pages_dir):
    html = open(os.path.join(pages_dir, "spam-page.html"), encoding="utf-8").read()
    r = scorer.score(html, url="http://example.test/a")
    assert r.verdict == "spam" and r.is_spam and r.score > 0.9
    assert r.url == "http://example.test/a"
    assert r.format == "html"
    brands = [f for f in r.flags if f.kind == "injected-brand"]
    assert brands and all(f.text in html for f in brands)
    assert brands[0].reasons and 0 < brands[0].score <= 1
    assert brands[0].where in ("title", "body")
    # the brand is cut out of the clean text and the title
    assert r.text and brands[0].text not in r.text
    assert brands[0].text not in r.title
    assert scorer.score(html, clean=False).text is None


def test_score_terms_explain_the_score(scorer, pages_dir):
    import math
    names = sorted(n for n in os.listdir(pages_dir) if n.endswith(".html"))
    assert "spam-page.html" in names and len(names) > 3
    floors = 0
    for name in names:
        path = os.path.join(pages_dir, name)
        r = scorer.score(open(path, encoding="utf-8").read())
        floors += r.floor > 0
        assert "bias" in r.terms and "any_injection" in r.terms
        z = sum(v * w for v, w, _ in r.terms.values())
        p = 1 / (1 + math.exp(-max(-40, min(40, z))))
        # the combiner's probability, or the floor of a finding above it
        want = max(p, r.floor)
        assert abs(r.score - want) < 1e-9, (name, r.score, p, r.floor)


def test_format_argument_is_passed_to_the_library(scorer, pages_dir):
    html = open(os.path.join(pages_dir, "honest-analysis.html"), "rb").read()
    assert scorer.score(html, "html").format == "html"
    assert scorer.score(html, "text").format == "text"
    with pytest.raises(ValueError):
        scorer.score(html, "pdf")
    with pytest.raises(TypeError):
        scorer.score(12)


def test_str_is_read_as_text_whatever_the_page_declares(scorer):
    title = "Горсовет утвердил бюджет на будущий год"
    page = ('<html><head><meta charset="koi8-r"><title>%s</title></head><body>'
            '<h1>%s</h1><p>%s</p></body></html>' % (title, title, "Депутаты "
                                                    "обсуждали расходы. " * 20))
    assert scorer.score(page).title == title
    assert scorer.score(page).charset == "UTF-8"
    # the same page as bytes in the charset it declares
    r = scorer.score(page.encode("koi8-r"))
    assert r.title == title and r.charset.lower().replace("-", "") == "koi8r"


def test_score_many_keeps_order_on_threads(scorer):
    files = page_files() * 6
    data = [open(f, "rb").read() for f in files]
    one = [r.score for r in scorer.score_many(data, jobs=1)]
    many = [r.score for r in scorer.score_many(iter(data), jobs=3)]
    assert many == one
    assert len(one) == len(files)
    # dict items as in JSON Lines input, and errors in place
    items = [{"html": data[0], "url": "u0"}, {"text": ""}, {"text": data[1]}]
    got = list(scorer.score_many(items, jobs=2, errors="return"))
    assert got[0].url == "u0" and got[2].format == "text"
    assert isinstance(got[1], SpamscoreError) and got[1].status == Status.EMPTY
    with pytest.raises(SpamscoreError):
        list(scorer.score_many(items, jobs=2))


def test_threads_share_a_scorer_with_one_context_each(pages_dir):
    files = page_files()
    data = [open(f, "rb").read() for f in files]
    sc = Scorer()
    want = [sc.score(d).to_dict() for d in data]
    errors = []

    def work(k):
        try:
            for i in range(len(data)):
                j = (i + k) % len(data)
                if sc.score(data[j]).to_dict() != want[j]:
                    errors.append(j)
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # a context per thread that scored, freed when its thread is gone
    gc.collect()
    assert len(sc._ctxs) <= 1
    sc.close()
    with pytest.raises(ValueError):
        sc.score(data[0])


def test_the_gil_is_released_while_scoring(pages_dir):
    # One large page takes a while in C; this thread keeps looping
    # meanwhile and notes the longest pause between two of its iterations.
    # Were the GIL held during the C call, this thread could not run for
    # the whole call: the pause would be about as long as the call.
    block = open(os.path.join(pages_dir, "honest-analysis.html"),
                 encoding="utf-8").read()
    body = block.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    sc = Scorer(max_blocks=10 ** 6, max_bytes=64 << 20, max_tokens=10 ** 7)
    # As large as it takes for one call to last well over 0.1 s (the
    # scorer gets faster; the check below needs a call it can measure).
    repeat = 600
    while True:
        big = ("<html><body>" + body * repeat + "</body></html>").encode()
        t0 = time.perf_counter()
        sc.score(big, clean=False)
        if time.perf_counter() - t0 > 0.25 or repeat >= 9600:
            break
        repeat *= 2
    state = {"done": False, "elapsed": 0.0}

    def scorer_thread():
        t0 = time.perf_counter()
        sc.score(big, clean=False)
        state["elapsed"] = time.perf_counter() - t0
        state["done"] = True

    t = threading.Thread(target=scorer_thread)
    last = time.perf_counter()
    longest = 0.0
    t.start()
    while not state["done"]:
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    t.join()
    assert state["elapsed"] > 0.1, "page too small to measure"
    assert longest < state["elapsed"] / 2, (longest, state["elapsed"])


def test_errors_carry_the_library_message(tmp_path):
    sc = Scorer()
    with pytest.raises(SpamscoreError) as e:
        sc.score(b"")
    assert e.value.status == Status.EMPTY and e.value.message == "empty input"
    with pytest.raises(SpamscoreError) as e:
        sc.score("")
    assert e.value.status == Status.EMPTY and e.value.message == "empty input"
    with pytest.raises(SpamscoreError) as e:
        sc.score(b"\x00\x01\x02binary\x00" * 50)
    assert e.value.status == Status.BINARY and e.value.message
    with pytest.raises(SpamscoreError) as e:
        Scorer(max_bytes=100).score(b"<p>" + b"word " * 100 + b"</p>")
    assert e.value.status == Status.LIMIT
    with pytest.raises(SpamscoreError) as e:
        Scorer(model=str(tmp_path / "missing.model"))
    assert e.value.status == Status.IO and "missing.model" in e.value.message
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"not a model at all" * 10)
    with pytest.raises(SpamscoreError) as e:
        Scorer(model=str(bad))
    assert e.value.status == Status.MODEL
    rules = tmp_path / "bad.rules"
    rules.write_text("broken-rule body /(unclosed/ 1.0\n")
    with pytest.raises(SpamscoreError) as e:
        Scorer(rules=str(rules))
    assert e.value.status == Status.RULES and "bad.rules:1" in e.value.message
    with pytest.raises(TypeError):
        Scorer(max_widgets=3)
    with pytest.raises(ValueError):
        Scorer(spam_cutoff=0.2, ham_cutoff=0.4)


def test_model_rules_and_cutoffs(pages_dir, tmp_path):
    spam = open(os.path.join(pages_dir, "spam-page.html"), "rb").read()
    assert Scorer(model=False).score(spam).bayes_score == 0.5
    assert Scorer().score(spam).bayes_score != 0.5
    assert Scorer(spam_cutoff=1.0, ham_cutoff=0.0).score(spam).verdict == "unsure"
    full = Scorer().rules_count
    assert full > 0
    assert Scorer(default_rules=False).rules_count == 0
    extra = tmp_path / "extra.rules"
    extra.write_text(open(os.path.join(spamscore.models_dir(),
                                       "default.rules")).read())
    assert Scorer(default_rules=False, rules=str(extra)).rules_count == full


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_no_leak_over_many_calls(pages_dir):
    # C memory (RSS) stays flat over 30 000 calls after a warm-up, and
    # Python objects (tracemalloc) over 3 000; both on a spam page with
    # flags and reasons, and on the error path.
    sc = Scorer()
    page = b"Zentrava Markets:Storm closes pass -Northgate Trade\n" \
           b"Brookfield,Zentrava Markets Ohio -- Crews worked all night.\n"
    assert sc.score(page, "text").flags

    def calls(n):
        for i in range(n):
            sc.score(page, "text")
            if i % 10 == 0:
                try:
                    sc.score(b"")
                except SpamscoreError:
                    pass

    calls(3000)
    gc.collect()
    rss0 = rss_kb()
    calls(30000)
    gc.collect()
    rss1 = rss_kb()
    assert rss1 - rss0 < 1024, (rss0, rss1)
    tracemalloc.start()
    snap0 = tracemalloc.take_snapshot()
    calls(3000)
    gc.collect()
    grown = sum(s.size_diff for s in
                tracemalloc.take_snapshot().compare_to(snap0, "filename"))
    tracemalloc.stop()
    assert grown < 16 * 1024, grown


def test_the_binding_mirrors_the_library_structs():
    # a field appended in spamscore.h and missing here would let the
    # library write past a Python buffer: the import refuses that
    import ctypes
    from spamscore import _lib
    for name, cls in (("ss_config", _lib.Config), ("ss_doc_opts", _lib.DocOpts),
                      ("ss_result", _lib.Result), ("ss_flag", _lib.Flag),
                      ("ss_score_term", _lib.ScoreTerm)):
        assert _lib.lib.ss_struct_size(name.encode()) == ctypes.sizeof(cls), name
    assert _lib.lib.ss_struct_size(b"nothing") == 0
