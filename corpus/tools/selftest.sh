#!/bin/sh
# selftest.sh - check the corpus tools and the committed corpus.
#
# Usage: corpus/tools/selftest.sh
#
# 1. corpus/ is exactly what the documented command regenerates (not stale);
# 2. corpus/, a fresh held-out corpus and tests/data/pages pass checkcorpus.py;
# 3. no injected string of the training corpus occurs as a span of the
#    held-out corpus (the vocabulary split holds).
# Needs python3 (and uses xmllint when installed). Exit 0 when all pass.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$here/gencorpus.py" "$tmp/corpus" 2>/dev/null
if ! diff -r "$tmp/corpus/pages" "$top/corpus/pages" >/dev/null ||
   ! cmp -s "$tmp/corpus/labels.jsonl" "$top/corpus/labels.jsonl"; then
    echo "selftest: corpus/ is stale: run python3 corpus/tools/gencorpus.py corpus --clean" >&2
    exit 1
fi
"$here/heldout.sh" "$tmp/heldout" 2>/dev/null
python3 "$here/checkcorpus.py" "$top/corpus"
python3 "$here/checkcorpus.py" "$tmp/heldout"
python3 "$here/checkcorpus.py" "$top/tests/data/pages"
python3 - "$top/corpus/labels.jsonl" "$tmp/heldout/labels.jsonl" <<'PY'
import json, sys
def spans(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            out |= {s["text"] for s in json.loads(line)["spans"]}
    return out
common = spans(sys.argv[1]) & spans(sys.argv[2])
if common:
    print("selftest: %d span texts in both corpora, e.g. %r" % (len(common), sorted(common)[0]), file=sys.stderr)
    sys.exit(1)
print("vocabulary split holds: no span text in both corpora")
PY
echo "selftest: ok"
