#!/bin/sh
# selftest.sh - check the corpus tools and the committed corpus.
#
# Usage: corpus/tools/selftest.sh
#
# 1. corpus/ is exactly what the documented command regenerates (not stale);
# 2. corpus/, a fresh held-out corpus and tests/data/pages pass checkcorpus.py;
# 3. no injected string of the training corpus occurs as a span of the
#    held-out corpus (the vocabulary split holds);
# 4. inject.py skips cleanly without data; with ../shared/data beside the
#    repository (or $SPAMSCORE_DATA), a small injected corpus passes its
#    own span check, is byte-identical when written twice, keeps every site
#    on one side of the split and draws no brand on both sides.
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
out=$(python3 "$here/inject.py" "$tmp/no-such-data" "$tmp/none" 2>&1)
case $out in
*"skipped: DATA absent"*) ;;
*) echo "selftest: inject.py without data: $out" >&2; exit 1 ;;
esac
data=${SPAMSCORE_DATA:-$top/../shared/data}
if [ -d "$data/web/scrapinghub" ] || [ -d "$data/web/wcxb-dev" ]; then
    for n in 1 2; do
        python3 "$here/inject.py" "$data" "$tmp/inj$n" --limit 80 --check \
            2>"$tmp/inj$n.log" || { cat "$tmp/inj$n.log" >&2; exit 1; }
    done
    diff -r "$tmp/inj1" "$tmp/inj2" >/dev/null ||
        { echo "selftest: inject.py output differs between two runs" >&2; exit 1; }
    python3 "$here/checkcorpus.py" --spans-only "$tmp/inj1"
    python3 - "$tmp/inj1/labels.jsonl" "$here" <<'PY'
import json, re, sys
sys.path.insert(0, sys.argv[2])
import inject
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
# A promotional headline made from a template (perhaps behind a brand) is
# made from one of its own split's templates.
tmpl = [(re.compile(r"(^|: ?| - )" + re.sub(r"\\\{\w+\\\}", ".+", re.escape(t)) + "$"),
         inject.split_of_line(t)) for t in inject.PROMO_TEMPLATES]
n_tmpl = 0
for r in recs:
    for s in r["spans"]:
        sides = {sp for rx, sp in tmpl if s["kind"] == "promo-headline" and rx.search(s["text"])}
        n_tmpl += bool(sides)
        if sides and r["split"] not in sides:
            sys.exit("selftest: %s: template promotion of the other split: %r" % (r["file"], s["text"]))
side, brands = {}, {"train": set(), "heldout": set()}
for r in recs:
    if side.setdefault(r["site"], r["split"]) != r["split"]:
        sys.exit("selftest: site %s on both sides of the split" % r["site"])
    if (r["label"] == "spam") != bool(r["family"]):
        sys.exit("selftest: %s: family list does not match the label" % r["file"])
    brands[r["split"]] |= {s["text"] for s in r["spans"]
                           if s["kind"] == "injected-brand"}
if not brands["train"] or not brands["heldout"]:
    sys.exit("selftest: too few injected pages on a side")
if brands["train"] & brands["heldout"]:
    sys.exit("selftest: brand on both sides: %r" % sorted(brands["train"] & brands["heldout"])[0])
if not n_tmpl:
    sys.exit("selftest: no template promotion to check")
print("inject.py: %d records, %d sites, splits, brands and promotional templates disjoint"
      % (len(recs), len(side)))
PY
else
    echo "selftest: inject.py checks on real pages skipped: no data at $data"
fi
echo "selftest: ok"
