#!/bin/sh
# heldout.sh - generate the held-out corpus into DIR.
#
# Usage: corpus/tools/heldout.sh DIR [PAGES]
#
# Same generator as corpus/, but a different seed and the HELDOUT side of the
# vocabulary split: brand parts, site names, slogans, promotional templates,
# investment bodies, widget headings, like counters, person names, headline
# labels and off-topic headline templates are all disjoint from those of the
# training corpus. Train on corpus/, evaluate on DIR:
#   spamscore train corpus/ -o /tmp/train.model
#   spamscore eval --model /tmp/train.model DIR
set -eu
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 DIR [PAGES]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/gencorpus.py" "$1" --vocab heldout --seed 7 --pages "${2:-480}" --clean
