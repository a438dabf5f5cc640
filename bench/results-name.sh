#!/usr/bin/env bash
# The file a bench run writes its results to: BENCH_RESULTS/<date>-<host>.json (default
# bench/results), or -2, -3, … after the name when an earlier run of the day holds it. A name is
# held when either of the run's files exists, its .json or serve's -serve.jsonl beside it: a run
# kept under another name (BENCH_OUT) can leave its serve figures under the day's first name, and
# a later run must not write over them.
set -euo pipefail
results=${BENCH_RESULTS:-bench/results}
stem=$results/$(date -u +%Y-%m-%d)-$(uname -n | cut -d. -f1)
out=$stem.json
for n in $(seq 2 99); do
    [[ -e $out || -e ${out%.json}-serve.jsonl ]] || break
    out=$stem-$n.json
done
echo "$out"
