"""spamscore.dask on a distributed.LocalCluster with 2 worker processes:
the records are the command's, byte for byte, and sharded training gives
the model that training on everything gives."""
import glob
import json
import os
import subprocess

import pytest

from conftest import require  # noqa: E402

distributed = require("distributed", "python3-distributed")

from spamscore.dask import concat, score_shards, shard_kind, train_shards  # noqa: E402
from conftest import page_files  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                       processes=True, host="127.0.0.1",
                                       dashboard_address="127.0.0.1:0",
                                       silence_logs=40)
    client = distributed.Client(cluster)
    try:
        assert len(client.scheduler_info()["workers"]) == 2
        yield client
    finally:
        client.close()
        cluster.close()
    assert cluster.status.name == "closed"


def run(binary, *args):
    p = subprocess.run([binary, *args], capture_output=True)
    assert p.returncode in (0, 1), p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def jsonl_shards(tmp_path_factory):
    d = tmp_path_factory.mktemp("jsonl")
    files = page_files()
    shards = []
    for s in range(6):
        path = d / ("shard-%d.jsonl" % s)
        with open(path, "w") as out:
            for i, f in enumerate(files[s:] + files[:s]):
                key = "text" if f.endswith(".txt") else "html"
                doc = {"id": "%d-%d" % (s, i), "url": "http://t/%d/%d" % (s, i),
                       key: open(f, encoding="utf-8").read(), "lang": "en"}
                out.write(json.dumps(doc) + "\n")
            out.write("this line is not json\n")
        shards.append(str(path))
    return shards


def test_shard_kinds():
    assert shard_kind("a/CC-MAIN-1.warc.gz") == "warc"
    assert shard_kind("x.warc.wet") == "warc"
    assert shard_kind("x.wet.gz") == "warc"
    assert shard_kind("x.jsonl.gz") == "jsonl"
    with pytest.raises(ValueError):
        shard_kind("x.csv")


def test_warc_and_wet_records_are_the_commands(client, binary, source_dir, tmp_path):
    shards = sorted(glob.glob(os.path.join(source_dir, "tests", "data", "warc",
                                           "*.warc*")))
    assert len(shards) >= 6
    res = score_shards(client, shards, str(tmp_path / "out"), clean=True)
    assert [r.shard for r in res] == shards
    assert any(r.status == 1 for r in res)  # the malformed ones: error records
    got = open(concat(res, str(tmp_path / "all.jsonl")), "rb").read()
    want = run(binary, "--json", "--warc", "--clean", *shards)
    assert got == want
    assert sum(r.records for r in res) == want.count(b"\n") > 10
    # both worker processes took part
    assert len({r.pid for r in res}) == 2


def test_jsonl_scoring_and_filtering_are_the_commands(client, binary, jsonl_shards,
                                                      tmp_path):
    res = score_shards(client, jsonl_shards, str(tmp_path / "score"), verbose=True)
    got = open(concat(res, str(tmp_path / "s.jsonl")), "rb").read()
    assert got == run(binary, "--jsonl", "-v", *jsonl_shards)
    res = score_shards(client, jsonl_shards, str(tmp_path / "keep"),
                       keep=["ham"], jobs=2)
    got = open(concat(res, str(tmp_path / "k.jsonl")), "rb").read()
    assert got == run(binary, "--jsonl", "--keep", "ham", "-j", "2", *jsonl_shards)
    kept = [json.loads(line) for line in got.splitlines()]
    assert kept and all(k["spamscore"]["verdict"] == "ham" and "text" in k
                        and k["lang"] == "en" for k in kept)
    assert sum(r.kept for r in res) == len(kept)
    assert sum(r.dropped_by_verdict["spam"] for r in res) == 4 * len(jsonl_shards)
    assert sum(r.errors for r in res) == len(jsonl_shards)


def test_the_current_client_is_the_default(client, jsonl_shards, tmp_path):
    res = score_shards(None, jsonl_shards[:2], str(tmp_path / "d"))
    n = len(page_files()) + 1  # every page and the line that is not JSON
    assert [r.records for r in res] == [n, n]


def test_a_refused_option_raises(client, jsonl_shards, tmp_path):
    with pytest.raises(RuntimeError, match="missing.model"):
        score_shards(client, jsonl_shards[:1], str(tmp_path / "x"),
                     model=str(tmp_path / "missing.model"))


def test_parquet_output(client, jsonl_shards, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet",
                             reason="pyarrow is not installed (no Debian 12 package)")
    res = score_shards(client, jsonl_shards[:2], str(tmp_path / "pq"),
                       output="parquet")
    rows = pq.read_table(res[0].output).to_pylist()
    assert len(rows) == res[0].records


def test_sharded_training_equals_training_on_everything(client, binary, source_dir,
                                                        tmp_path):
    corpus = os.path.join(source_dir, "corpus")
    lines = open(os.path.join(corpus, "labels.jsonl")).read().splitlines()
    shards = []
    for s in range(5):
        d = tmp_path / ("shard-%d" % s)
        d.mkdir()
        (d / "labels.jsonl").write_text("\n".join(lines[s::5]) + "\n")
        os.symlink(os.path.join(corpus, "pages"), d / "pages")
        shards.append(str(d))
    mini = os.path.join(source_dir, "tests", "data", "corpus-mini")
    shards += [os.path.join(mini, "a.tsv"), os.path.join(mini, "dirs")]
    merged = train_shards(client, shards, str(tmp_path / "merged.model"))
    whole = str(tmp_path / "whole.model")
    p = subprocess.run([binary, "train", corpus, shards[-2], shards[-1],
                        "-o", whole, "--no-calibrate"], capture_output=True)
    assert p.returncode == 0, p.stderr
    a, b = open(merged, "rb").read(), open(whole, "rb").read()
    assert a == b
    assert not os.path.exists(merged + ".shards")
    head = run(binary, "model", "dump", merged).decode().splitlines()[1].split()
    assert head[:2] == ["#", "documents"] and int(head[3]) + int(head[5]) > 480
