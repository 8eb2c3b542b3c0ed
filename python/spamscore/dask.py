"""spamscore on a Dask cluster (Debian's python3-distributed).

Score or filter WARC, WET and JSON Lines shards on the workers, and train
a model shard by shard. Each task runs the spamscore command on one shard
(the command is the reader of WARC/WET/JSONL containers), so every record
is exactly the one the command writes: concatenating the shards' outputs in
shard order gives the output of `spamscore --json --warc SHARD...` (or
--jsonl) run on all shards at once, byte for byte.

    from distributed import Client
    from spamscore.dask import score_shards, concat, train_shards
    client = Client("scheduler:8786")
    res = score_shards(client, shards, "out/")          # one file per shard
    concat(res, "all.jsonl")                            # in shard order
    train_shards(client, corpora, "merged.model")       # = train --no-calibrate

Paths (shards, output folder, models) must be visible to the workers under
the same names: a shared file system, as with Hadoop or Spark. The command
must be installed on the workers (cmake --install), or named by
$SPAMSCORE_BIN, or given as binary=.
"""
import json
import os
import re
import shutil
import subprocess
import uuid

from . import _lib

__all__ = ["score_shards", "concat", "train_shards", "find_binary",
           "shard_kind", "ShardResult"]

_SUMMARY = re.compile(
    r"kept (\d+) \(ham (\d+), unsure (\d+), spam (\d+)\), dropped (\d+) "
    r"\(ham (\d+), unsure (\d+), spam (\d+), error (\d+), skipped (\d+)\)")


def find_binary():
    """The spamscore command: $SPAMSCORE_BIN, the build tree beside the
    loaded library (in-place use), else `spamscore` on PATH."""
    env = os.environ.get("SPAMSCORE_BIN")
    if env:
        return env
    cands = []
    if os.environ.get("SPAMSCORE_BUILD_DIR"):
        cands.append(os.path.join(os.environ["SPAMSCORE_BUILD_DIR"], "spamscore"))
    if _lib._in_checkout():
        cands.append(os.path.join(_lib._CHECKOUT, "build", "spamscore"))
    for c in cands:
        if os.access(c, os.X_OK):
            return c
    found = shutil.which("spamscore")
    if not found:
        raise FileNotFoundError("spamscore: the command is not installed on "
                                "this machine (set SPAMSCORE_BIN)")
    return found


def shard_kind(path):
    """'warc' for .warc/.wet (optionally .gz), 'jsonl' for .jsonl/.json
    (optionally .gz); ValueError otherwise."""
    name = os.path.basename(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith((".warc", ".wet", ".arc")) or ".warc." in name:
        return "warc"
    if name.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    raise ValueError("cannot tell the kind of shard %r: give kind='warc' or "
                     "kind='jsonl'" % path)


class ShardResult(dict):
    """What one shard gave: shard, output (path), records (lines written),
    status (the command's exit status: 0, or 1 when some record failed and
    its error record was written), stderr (its messages), pid (of the
    worker process that ran it), and in filter
    mode the counts kept/dropped and by verdict."""

    def __getattr__(self, k):
        try:
            return self[k]
        except KeyError:
            raise AttributeError(k) from None


def _client(client):
    if client is not None:
        return client
    from distributed import get_client
    return get_client()


def _options(keep, drop, clean, verbose, model, no_model, rules,
             no_default_rules, spam_cutoff, ham_cutoff, limits, jobs):
    args = []
    if keep:
        args += ["--keep", keep if isinstance(keep, str) else ",".join(keep)]
    if drop:
        args += ["--drop", drop if isinstance(drop, str) else ",".join(drop)]
    if clean:
        args.append("--clean")
    if verbose:
        args.append("-v")
    if model:
        args += ["--model", os.fspath(model)]
    if no_model:
        args.append("--no-model")
    for r in ([rules] if isinstance(rules, (str, os.PathLike)) else rules or ()):
        args += ["--rules", os.fspath(r)]
    if no_default_rules:
        args.append("--no-default-rules")
    if spam_cutoff is not None:
        args += ["--spam-cutoff", repr(float(spam_cutoff))]
    if ham_cutoff is not None:
        args += ["--ham-cutoff", repr(float(ham_cutoff))]
    for k, v in sorted(limits.items()):
        if k not in ("max_bytes", "max_depth", "max_blocks", "max_tokens",
                     "max_line_bytes"):
            raise TypeError("unknown option %r" % k)
        args += ["--" + k.replace("_", "-"), str(int(v))]
    args += ["-j", str(int(jobs))]
    return args


def _to_parquet(jsonl_path, out_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    with open(jsonl_path, "rb") as f:
        rows = [json.loads(line) for line in f]
    pq.write_table(pa.Table.from_pylist(rows), out_path)


def _score_one(binary, shard, kind, args, out_path, parquet):
    """Run on a worker: the command on one shard, its records into
    out_path (written to a temporary name, renamed when complete)."""
    cmd = [binary, "--json", "--" + kind] + args + [os.fspath(shard)]
    tmp = out_path + ".part"
    with open(tmp + ".jsonl" if parquet else tmp, "wb") as out:
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode not in (0, 1):
        raise RuntimeError("%s: exit status %d: %s" % (" ".join(cmd),
                                                       p.returncode,
                                                       err.strip()))
    src = tmp + ".jsonl" if parquet else tmp
    with open(src, "rb") as f:
        n = sum(1 for _ in f)
    if parquet:
        _to_parquet(src, tmp)
        os.unlink(src)
    os.replace(tmp, out_path)
    res = ShardResult(shard=os.fspath(shard), output=out_path, records=n,
                      status=p.returncode, stderr=err, pid=os.getpid())
    m = _SUMMARY.search(err)
    if m:
        v = [int(x) for x in m.groups()]
        res.update(kept=v[0], kept_by_verdict=dict(ham=v[1], unsure=v[2], spam=v[3]),
                   dropped=v[4], dropped_by_verdict=dict(ham=v[5], unsure=v[6], spam=v[7]),
                   errors=v[8], skipped=v[9])
    return res


def score_shards(client, shards, out_dir, *, kind=None, keep=None, drop=None,
                 clean=False, verbose=False, model=None, no_model=False,
                 rules=(), no_default_rules=False, spam_cutoff=None,
                 ham_cutoff=None, jobs=1, output="jsonl", binary=None,
                 **limits):
    """Score (or with keep=/drop=, filter) every shard on the cluster.

    shards: paths of WARC/WET/JSON Lines files (kind from the name, or
      kind='warc'/'jsonl' for all). out_dir: where each shard's output
      goes, as NNNNN-<shard name>.jsonl (or .parquet with output='parquet',
      which needs pyarrow on the workers).
    The other options are the command's: keep/drop (a list or "ham,unsure"),
    clean (the "text" field), verbose, model, no_model, rules,
    no_default_rules, spam_cutoff, ham_cutoff, max_bytes, max_depth,
    max_blocks, max_tokens, max_line_bytes; jobs is -j per task.
    client None: the current client (distributed.get_client()).
    Returns one ShardResult per shard, in shard order. A shard the command
    refuses (usage error, unreadable model) raises RuntimeError.
    """
    if output not in ("jsonl", "parquet"):
        raise ValueError("output must be 'jsonl' or 'parquet'")
    client = _client(client)
    if output == "parquet":
        import pyarrow  # noqa: F401  (fail early, on the client)
    shards = [os.fspath(s) for s in shards]
    binary = binary or find_binary()
    args = _options(keep, drop, clean, verbose, model, no_model, rules,
                    no_default_rules, spam_cutoff, ham_cutoff, limits, jobs)
    os.makedirs(out_dir, exist_ok=True)
    # A key of its own per call: a key still known to the scheduler from an
    # earlier call would hand back that call's result.
    run = uuid.uuid4().hex[:12]
    futures = []
    for i, s in enumerate(shards):
        k = kind or shard_kind(s)
        base = os.path.basename(s)
        out = os.path.join(out_dir, "%05d-%s.%s" % (i, base, output))
        futures.append(client.submit(_score_one, binary, s, k, args, out,
                                     output == "parquet", pure=False,
                                     key="spamscore-score-%s-%d-%s"
                                     % (run, i, base)))
    return client.gather(futures)


def concat(results, path):
    """Concatenate the JSON Lines outputs of score_shards, in shard order,
    into one file (the same bytes as one command over all the shards)."""
    tmp = path + ".part"
    with open(tmp, "wb") as out:
        for r in results:
            with open(r["output"], "rb") as f:
                shutil.copyfileobj(f, out)
    os.replace(tmp, path)
    return path


def _train_one(binary, corpus, out_path, args):
    """Run on a worker: count one corpus shard into a model, no fitting."""
    cmd = [binary, "train", os.fspath(corpus), "-o", out_path,
           "--no-calibrate"] + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("%s: exit status %d: %s" % (
            " ".join(cmd), p.returncode,
            p.stderr.decode("utf-8", "replace").strip()))
    return out_path


def train_shards(client, corpora, out, *, rules=(), no_default_rules=False,
                 work_dir=None, keep_shard_models=False, binary=None):
    """Train a model from labeled corpora (corpus/README.md formats), one
    `spamscore train --no-calibrate` per corpus on the workers, then
    `spamscore model merge` on the client into out.

    Token and document counts add up, so the result is byte-identical to
    `spamscore train CORPUS... --no-calibrate -o out` on one machine. The
    combination weights are not fitted (that needs all documents' evidence
    in one place): the model scores with the documented default weights
    and cut-offs. Shard models go to work_dir (default: beside out) and are
    removed unless keep_shard_models.
    """
    client = _client(client)
    binary = binary or find_binary()
    corpora = [os.fspath(c) for c in corpora]
    if not corpora:
        raise ValueError("train_shards needs at least one corpus")
    args = []
    for r in ([rules] if isinstance(rules, (str, os.PathLike)) else rules or ()):
        args += ["--rules", os.fspath(r)]
    if no_default_rules:
        args.append("--no-default-rules")
    out = os.fspath(out)
    work_dir = work_dir or (out + ".shards")
    os.makedirs(work_dir, exist_ok=True)
    run = uuid.uuid4().hex[:12]
    futures = [client.submit(_train_one, binary, c,
                             os.path.join(work_dir, "shard-%05d.model" % i),
                             args, pure=False,
                             key="spamscore-train-%s-%d" % (run, i))
               for i, c in enumerate(corpora)]
    parts = client.gather(futures)
    p = subprocess.run([binary, "model", "merge"] + parts + ["-o", out],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not keep_shard_models:
        for part in parts:
            os.unlink(part)
        try:
            os.rmdir(work_dir)
        except OSError:
            pass
    if p.returncode != 0:
        raise RuntimeError("spamscore model merge: %s" %
                           p.stderr.decode("utf-8", "replace").strip())
    return out
